/*
 * Retry schedules, jitter and Retry-After (retry.h). HTTP-dates are parsed
 * by hand: strptime() depends on the locale and timegm() is not POSIX, and
 * the three forms RFC 9110 names are fixed-width grammars.
 */
#include "retry.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ---- schedules ---- */

/*
 * One entry `e[0..n)` (trimmed) in seconds; false when it is not a delay.
 * *too_long is set when it is a delay over SEO_RETRY_MAX_DELAY_S.
 */
static bool parse_delay(const char *e, size_t n, unsigned *out, bool *too_long)
{
    size_t i = 0;
    unsigned long long v = 0;
    while (i < n && is_digit(e[i])) {
        if (v <= SEO_RETRY_MAX_DELAY_S) /* past the limit: keep scanning, stop growing */
            v = v * 10 + (unsigned)(e[i] - '0');
        i++;
    }
    if (i == 0)
        return false;
    unsigned long long unit = 1;
    if (i < n) {
        const char *units = "smhd";
        static const unsigned seconds[] = {1, 60, 3600, 86400};
        const char *u = strchr(units, e[i]);
        if (!u || i + 1 != n)
            return false;
        unit = seconds[u - units];
    }
    v *= unit;
    *too_long = v > SEO_RETRY_MAX_DELAY_S;
    *out = (unsigned)v;
    return true;
}

int seo_retry_schedule_parse(const char *text, struct seo_retry_schedule *out, char *msg,
                             size_t msg_size)
{
    struct seo_retry_schedule s = {0};
    const char *p = text ? text : "";
    while (is_space(*p))
        p++;
    if (!*p) {
        snprintf(msg, msg_size,
                 "the retry schedule is empty: give 1 to %d comma-separated delays such as %s",
                 SEO_RETRY_MAX_ATTEMPTS, SEO_RETRY_SCHEDULE_DEFAULT);
        return -1;
    }
    for (unsigned k = 1;; k++) {
        size_t len = strcspn(p, ",");
        const char *e = p;
        size_t n = len;
        while (n && is_space(*e))
            e++, n--;
        while (n && is_space(e[n - 1]))
            n--;
        if (k > SEO_RETRY_MAX_ATTEMPTS) {
            snprintf(msg, msg_size, "the retry schedule has more than %d entries",
                     SEO_RETRY_MAX_ATTEMPTS);
            return -1;
        }
        bool too_long = false;
        if (n == 0) {
            snprintf(msg, msg_size, "entry %u of the retry schedule is empty", k);
            return -1;
        }
        if (!parse_delay(e, n, &s.delays_s[k - 1], &too_long)) {
            snprintf(msg, msg_size,
                     "entry %u of the retry schedule, \"%.*s\", is not a delay: a whole number "
                     "with an optional unit s, m, h or d (0, 5s, 30m, 2h, 1d)",
                     k, n > 40 ? 40 : (int)n, e);
            return -1;
        }
        if (too_long) {
            snprintf(msg, msg_size,
                     "entry %u of the retry schedule, \"%.*s\", is longer than 7 days", k,
                     n > 40 ? 40 : (int)n, e);
            return -1;
        }
        s.n = k;
        if (!p[len])
            break;
        p += len + 1;
    }
    *out = s;
    return 0;
}

unsigned seo_retry_delay_ms(const struct seo_retry_schedule *s, unsigned attempt,
                            unsigned random_u32)
{
    if (attempt >= s->n || attempt >= SEO_RETRY_MAX_ATTEMPTS)
        return UINT_MAX;
    unsigned long long base = (unsigned long long)s->delays_s[attempt] * 1000u;
    if (base > SEO_RETRY_MAX_DELAY_S * 1000ull)
        base = SEO_RETRY_MAX_DELAY_S * 1000ull; /* a schedule not made by the parser */
    unsigned long long spread = base / 5;
    /* Uniform in [base - spread, base + spread]: (2 spread + 1) buckets of the 2^32 values. */
    unsigned long long pick =
        ((2 * spread + 1) * (unsigned long long)(random_u32 & 0xffffffffu)) >> 32;
    return (unsigned)(base - spread + pick);
}

/* ---- Retry-After ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

static bool lit(const char **p, const char *s)
{
    size_t n = strlen(s);
    if (strncmp(*p, s, n) != 0)
        return false;
    *p += n;
    return true;
}

/* Exactly `n` digits. */
static bool num(const char **p, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit((*p)[i]))
            return false;
        *v = *v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    return true;
}

/* One of `names` (case-sensitive, as RFC 9110 says); its index, or -1. */
static int name(const char **p, const char *const *names, int count)
{
    for (int i = 0; i < count; i++)
        if (lit(p, names[i]))
            return i;
    return -1;
}

static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const long_days[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* 9999-12-31T23:59:59Z: the four-digit years of HTTP-dates end there. */
#define MAX_SECONDS 253402300799LL

struct http_date {
    int year, month, day, hour, minute, second; /* month 1..12 */
    bool two_digit_year;                        /* RFC 850 */
};

static bool time_of_day(const char **p, struct http_date *d)
{
    return num(p, 2, &d->hour) && lit(p, ":") && num(p, 2, &d->minute) && lit(p, ":") &&
           num(p, 2, &d->second);
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" */
static bool imf_fixdate(const char *p, struct http_date *d)
{
    if (name(&p, days, 7) < 0 || !lit(&p, ", ") || !num(&p, 2, &d->day) || !lit(&p, " "))
        return false;
    d->month = name(&p, months, 12) + 1;
    return d->month > 0 && lit(&p, " ") && num(&p, 4, &d->year) && lit(&p, " ") &&
           time_of_day(&p, d) && lit(&p, " GMT") && !*p;
}

/* "Sunday, 06-Nov-94 08:49:37 GMT" */
static bool rfc850_date(const char *p, struct http_date *d)
{
    /* "Sunday" before "Sun": the long names are tried alone. */
    if (name(&p, long_days, 7) < 0 || !lit(&p, ", ") || !num(&p, 2, &d->day) || !lit(&p, "-"))
        return false;
    d->month = name(&p, months, 12) + 1;
    d->two_digit_year = true;
    return d->month > 0 && lit(&p, "-") && num(&p, 2, &d->year) && lit(&p, " ") &&
           time_of_day(&p, d) && lit(&p, " GMT") && !*p;
}

/* "Sun Nov  6 08:49:37 1994" */
static bool asctime_date(const char *p, struct http_date *d)
{
    if (name(&p, days, 7) < 0 || !lit(&p, " "))
        return false;
    d->month = name(&p, months, 12) + 1;
    if (d->month <= 0 || !lit(&p, " "))
        return false;
    if (*p == ' ') {
        p++;
        if (!num(&p, 1, &d->day))
            return false;
    } else if (!num(&p, 2, &d->day)) {
        return false;
    }
    return lit(&p, " ") && time_of_day(&p, d) && lit(&p, " ") && num(&p, 4, &d->year) && !*p;
}

/* Any of the three forms. */
static bool http_date(const char *v, struct http_date *d)
{
    *d = (struct http_date){0};
    if (imf_fixdate(v, d))
        return true;
    *d = (struct http_date){0};
    if (rfc850_date(v, d))
        return true;
    *d = (struct http_date){0};
    return asctime_date(v, d);
}

/* Unix seconds of a parsed date; false when it names no real instant. */
static bool date_seconds(struct http_date *d, long long now, long long *out)
{
    if (d->two_digit_year) {
        /* RFC 9110 5.6.7: a year more than 50 years ahead is the last one in the past with
           these two digits. The current year from the mean Gregorian year is close enough
           for a 50-year window. */
        long long t = now < 0 ? 0 : now > MAX_SECONDS ? MAX_SECONDS : now;
        long long year_now = 1970 + t / 31556952;
        long long y = year_now - (year_now % 100 + 100) % 100 + d->year;
        if (y > year_now + 50)
            y -= 100;
        d->year = (int)y;
    }
    if (d->month < 1 || d->month > 12 || d->day < 1 || d->hour > 23 || d->minute > 59 ||
        d->second > 60)
        return false;
    long long first = days_from_civil(d->year, (unsigned)d->month, 1);
    long long next = d->month == 12 ? days_from_civil(d->year + 1, 1, 1)
                                    : days_from_civil(d->year, (unsigned)d->month + 1, 1);
    if (d->day > next - first)
        return false;
    *out = (first + d->day - 1) * 86400 + d->hour * 3600 + d->minute * 60 + d->second;
    return true;
}

long long seo_retry_after_seconds(const char *header, long long now)
{
    if (!header)
        return -1;
    while (is_space(*header))
        header++;
    size_t n = strlen(header);
    while (n && is_space(header[n - 1]))
        n--;
    if (n == 0)
        return -1;
    if (is_digit(header[0])) {
        long long s = 0;
        for (size_t i = 0; i < n; i++) {
            if (!is_digit(header[i]))
                return -1;
            s = s * 10 + (header[i] - '0');
            if (s > INT_MAX)
                s = INT_MAX; /* saturate, as RFC 9111 does for ages */
        }
        return s;
    }
    char v[40]; /* the longest form, RFC 850 on a Wednesday, has 33 characters */
    struct http_date d;
    long long at;
    if (n >= sizeof(v))
        return -1;
    memcpy(v, header, n);
    v[n] = '\0';
    if (!http_date(v, &d) || !date_seconds(&d, now, &at))
        return -1;
    if (at <= now)
        return 0;
    return now < at - INT_MAX ? INT_MAX : at - now;
}

unsigned seo_retry_clamp_ms(unsigned scheduled_ms, long long retry_after_s)
{
    if (retry_after_s < 0)
        return scheduled_ms;
    unsigned long long lo = scheduled_ms, hi = 2ull * scheduled_ms;
    unsigned long long want = (unsigned long long)retry_after_s > hi / 1000 + 1
                                  ? hi
                                  : (unsigned long long)retry_after_s * 1000u;
    unsigned long long ms = want < lo ? lo : want > hi ? hi : want;
    return ms >= UINT_MAX ? UINT_MAX - 1 : (unsigned)ms;
}
