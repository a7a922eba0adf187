#include "date.h"

#include <stdio.h>
#include <string.h>

/* Reads exactly n digits at *p into *v; advances *p. */
static bool digits(const char **p, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        *v = *v * 10 + (c - '0');
    }
    *p += n;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* "+01:00", "+0100", "-05", "Z" at p; writes "+HH:MM". */
static bool offset(const char *p, char out[7])
{
    if (*p == 'Z' && p[1] == '\0') {
        memcpy(out, "+00:00", 7);
        return true;
    }
    if (*p != '+' && *p != '-')
        return false;
    char sign = *p++;
    int hh, mm = 0;
    if (!digits(&p, 2, &hh))
        return false;
    if (*p == ':')
        p++;
    if (*p && !digits(&p, 2, &mm))
        return false;
    if (*p || hh > 14 || mm > 59)
        return false;
    snprintf(out, 7, "%c%02d:%02d", sign, hh, mm);
    return true;
}

bool seo_date_iso8601(const char *in, const char *default_offset, char out[32])
{
    const char *p = in;
    int y, mo, d, h = 0, mi = 0, s = 0;
    if (!p || !digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
        !digits(&p, 2, &d))
        return false;
    if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return false;
    char off[7];
    memcpy(off, "+00:00", 7);
    if (default_offset && !offset(default_offset, off))
        memcpy(off, "+00:00", 7);
    if (*p == 'T' || *p == ' ') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
            return false;
        if (*p == ':') {
            p++;
            if (!digits(&p, 2, &s))
                return false;
        }
        if (*p == '.' || *p == ',') {
            p++;
            while (*p >= '0' && *p <= '9')
                p++;
        }
        if (h > 23 || mi > 59 || s > 60)
            return false;
        if (*p && !offset(p, off))
            return false;
    } else if (*p) {
        return false;
    }
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, h, mi, s, off);
    return true;
}
