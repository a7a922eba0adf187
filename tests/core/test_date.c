/* Tests service/core/date.c: ISO 8601 with a UTC offset, and what is not a date. */
#include "date.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static void check_date(const char *in, const char *default_offset, const char *want)
{
    char out[32];
    memset(out, 'X', sizeof(out));
    if (!seo_date_iso8601(in, default_offset, out))
        fail_msg("\"%s\" rejected, expected \"%s\"", in, want);
    if (strcmp(out, want) != 0)
        fail_msg("\"%s\" -> \"%s\", expected \"%s\"", in, out, want);
}

/* Rejected, and `out` keeps every byte it had. */
static void check_invalid(const char *in, const char *default_offset)
{
    char out[32], before[32];
    memset(out, 'X', sizeof(out));
    memcpy(out, "sentinel", 9);
    memcpy(before, out, sizeof(out));
    if (seo_date_iso8601(in, default_offset, out))
        fail_msg("\"%s\" accepted as \"%.32s\"", in ? in : "(null)", out);
    if (memcmp(out, before, sizeof(out)) != 0)
        fail_msg("\"%s\" rejected but out was changed", in ? in : "(null)");
}

static void valid_forms(void **state)
{
    (void)state;
    /* The header's examples. */
    check_date("2026-03-04", NULL, "2026-03-04T00:00:00+00:00");
    check_date("2026-03-04T09:00Z", NULL, "2026-03-04T09:00:00+00:00");
    check_date("2026-03-04 09:00:00+0100", NULL, "2026-03-04T09:00:00+01:00");
    /* Seconds, fractions, offsets in every spelling. */
    check_date("2026-03-04T09:00:00+01:00", NULL, "2026-03-04T09:00:00+01:00");
    check_date("2026-03-04T09:00:05Z", NULL, "2026-03-04T09:00:05+00:00");
    check_date("2026-03-04T09:00:05.123Z", NULL, "2026-03-04T09:00:05+00:00");
    check_date("2026-03-04T09:00:05,5+02:00", NULL, "2026-03-04T09:00:05+02:00");
    check_date("2026-03-04T09:00:00.000000-05:00", NULL, "2026-03-04T09:00:00-05:00");
    check_date("2026-03-04T23:59:59-0930", NULL, "2026-03-04T23:59:59-09:30");
    check_date("2026-03-04T00:00-05", NULL, "2026-03-04T00:00:00-05:00");
    check_date("2026-12-31T23:59+14:00", NULL, "2026-12-31T23:59:00+14:00");
    check_date("2026-01-01T00:00:00-12:00", NULL, "2026-01-01T00:00:00-12:00");
    /* An explicit offset beats the default one. */
    check_date("2026-03-04T09:00:00+05:30", "+01:00", "2026-03-04T09:00:00+05:30");
    check_date("2026-03-04T09:00:00Z", "+01:00", "2026-03-04T09:00:00+00:00");
}

static void default_offset(void **state)
{
    (void)state;
    check_date("2026-03-04", "+01:00", "2026-03-04T00:00:00+01:00");
    check_date("2026-03-04T09:00", "+01:00", "2026-03-04T09:00:00+01:00");
    check_date("2026-03-04 09:00:00", "-05:00", "2026-03-04T09:00:00-05:00");
    check_date("2026-03-04T09:00", "+0530", "2026-03-04T09:00:00+05:30");
    check_date("2026-03-04T09:00", "Z", "2026-03-04T09:00:00+00:00");
    check_date("2026-03-04T09:00", NULL, "2026-03-04T09:00:00+00:00");
}

static void invalid_dates(void **state)
{
    (void)state;
    check_invalid("2026-02-30", NULL);
    check_invalid("2026-02-29", NULL);
    check_invalid("2026-04-31", NULL);
    check_invalid("2026-13-01", NULL);
    check_invalid("2026-00-10", NULL);
    check_invalid("2026-03-00", NULL);
    check_invalid("2026-03-32", NULL);
    check_invalid("2026-03-04T25:00", NULL);
    check_invalid("2026-03-04T09:60", NULL);
    check_invalid("2026-03-04T09:00:61", NULL);
    check_invalid("2026-03-04T09:00+15:00", NULL);
    check_invalid("2026-03-04T09:00+01:60", NULL);
    check_invalid("2026-03-04T09:00+1", NULL);
    check_invalid("2026-03-04T09:00:00+01:00 junk", NULL);
    check_invalid("2026-03-04T09:00ZZ", NULL);
    check_invalid("2026-03-04T", NULL);
    check_invalid("2026-03-04T9:00", NULL);
    check_invalid("2026-03-04 ", NULL);
    check_invalid("2026-03-04junk", NULL);
    check_invalid("2026-3-4", NULL);
    check_invalid("26-03-04", NULL);
    check_invalid("2026/03/04", NULL);
    check_invalid("04.03.2026", NULL);
    check_invalid("March 4, 2026", NULL);
    check_invalid("garbage", NULL);
    check_invalid("", NULL);
    check_invalid("", "+01:00");
    check_invalid(NULL, NULL);
}

static void leap_years(void **state)
{
    (void)state;
    check_date("2024-02-29", NULL, "2024-02-29T00:00:00+00:00");
    check_date("2000-02-29", NULL, "2000-02-29T00:00:00+00:00");
    check_date("2028-02-29T12:00Z", NULL, "2028-02-29T12:00:00+00:00");
    check_invalid("2023-02-29", NULL);
    check_invalid("2100-02-29", NULL);
    check_invalid("1900-02-29", NULL);
    check_invalid("2024-02-30", NULL);
    check_date("2023-02-28", NULL, "2023-02-28T00:00:00+00:00");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_forms),
        cmocka_unit_test(default_offset),
        cmocka_unit_test(invalid_dates),
        cmocka_unit_test(leap_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
