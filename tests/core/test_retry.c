/*
 * Tests service/core/retry.c: schedules (the default, units, limits, every
 * refusal with its message), jitter bounds, Retry-After in its four forms,
 * and the Svix clamp.
 */
#include "retry.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static struct seo_retry_schedule parse_ok(const char *text)
{
    struct seo_retry_schedule s;
    char msg[200];
    if (seo_retry_schedule_parse(text, &s, msg, sizeof(msg)) != 0)
        fail_msg("%s: %s", text, msg);
    return s;
}

static void default_schedule(void **state)
{
    (void)state;
    static const unsigned want[] = {0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400};
    struct seo_retry_schedule s = parse_ok(SEO_RETRY_SCHEDULE_DEFAULT);
    assert_int_equal(s.n, 10);
    assert_memory_equal(s.delays_s, want, sizeof(want));
}

static void units_spaces_and_limits(void **state)
{
    (void)state;
    struct seo_retry_schedule s = parse_ok(" 0 , 5s ,\t1m,1h , 1d\t");
    assert_int_equal(s.n, 5);
    assert_int_equal(s.delays_s[0], 0);
    assert_int_equal(s.delays_s[1], 5);
    assert_int_equal(s.delays_s[2], 60);
    assert_int_equal(s.delays_s[3], 3600);
    assert_int_equal(s.delays_s[4], 86400);
    s = parse_ok("7");
    assert_int_equal(s.n, 1);
    assert_int_equal(s.delays_s[0], 7);
    s = parse_ok("7d,168h,10080m,604800s,604800,0s,0m,007s");
    assert_int_equal(s.n, 8);
    for (unsigned i = 0; i < 5; i++)
        assert_int_equal(s.delays_s[i], 604800);
    assert_int_equal(s.delays_s[5], 0);
    assert_int_equal(s.delays_s[6], 0);
    assert_int_equal(s.delays_s[7], 7);
    /* 32 entries are the most. */
    char text[200] = "1";
    for (int i = 1; i < SEO_RETRY_MAX_ATTEMPTS; i++)
        strcat(text, ",1");
    s = parse_ok(text);
    assert_int_equal(s.n, 32);
}

/* A refusal leaves the output untouched and its message contains `want`. */
static void refused(const char *text, const char *want)
{
    struct seo_retry_schedule s;
    memset(&s, 0x5a, sizeof(s));
    char msg[300] = "";
    if (seo_retry_schedule_parse(text, &s, msg, sizeof(msg)) != -1)
        fail_msg("accepted: %s", text ? text : "(null)");
    if (!strstr(msg, want))
        fail_msg("%s: message \"%s\" lacks \"%s\"", text ? text : "(null)", msg, want);
    const unsigned char *b = (const unsigned char *)&s;
    for (size_t i = 0; i < sizeof(s); i++)
        assert_int_equal(b[i], 0x5a);
}

static void refusals(void **state)
{
    (void)state;
    refused(NULL, "empty");
    refused("", "empty");
    refused(" \t ", "empty");
    refused("0,,5s", "entry 2 of the retry schedule is empty");
    refused("0,5s,", "entry 3 of the retry schedule is empty");
    refused(",0", "entry 1 of the retry schedule is empty");
    refused("0,5x", "entry 2 of the retry schedule, \"5x\", is not a delay");
    refused("0, 5 s", "\"5 s\", is not a delay");
    refused("-5", "\"-5\", is not a delay");
    refused("+5", "\"+5\", is not a delay");
    refused("5S", "\"5S\", is not a delay");
    refused("1.5h", "\"1.5h\", is not a delay");
    refused("s", "\"s\", is not a delay");
    refused("5ss", "\"5ss\", is not a delay");
    refused("0x10", "\"0x10\", is not a delay");
    refused("0;5s", "\"0;5s\", is not a delay");
    refused("8d", "entry 1 of the retry schedule, \"8d\", is longer than 7 days");
    refused("0,169h", "entry 2 of the retry schedule, \"169h\", is longer than 7 days");
    refused("604801", "longer than 7 days");
    refused("10081m", "longer than 7 days");
    refused("99999999999999999999999999s", "longer than 7 days");
    refused("99999999999999999999999999d", "longer than 7 days");
    char text[200] = "1";
    for (int i = 0; i < SEO_RETRY_MAX_ATTEMPTS; i++)
        strcat(text, ",1");
    refused(text, "more than 32 entries");
    /* A long bad entry is quoted cut short, never overflowing the message. */
    char long_entry[400];
    memset(long_entry, 'x', sizeof(long_entry) - 1);
    long_entry[sizeof(long_entry) - 1] = '\0';
    refused(long_entry, "is not a delay");
    char tiny[8];
    struct seo_retry_schedule s;
    assert_int_equal(seo_retry_schedule_parse("bad", &s, tiny, sizeof(tiny)), -1);
    assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
}

static void jitter(void **state)
{
    (void)state;
    struct seo_retry_schedule s = parse_ok(SEO_RETRY_SCHEDULE_DEFAULT);
    assert_int_equal(seo_retry_delay_ms(&s, 0, 0), 0);
    assert_int_equal(seo_retry_delay_ms(&s, 0, UINT_MAX), 0);
    assert_int_equal(seo_retry_delay_ms(&s, 1, 0), 4000);
    assert_int_equal(seo_retry_delay_ms(&s, 1, 0x80000000u), 5000);
    assert_int_equal(seo_retry_delay_ms(&s, 1, UINT_MAX), 6000);
    assert_int_equal(seo_retry_delay_ms(&s, 9, 0), 69120000);
    assert_int_equal(seo_retry_delay_ms(&s, 9, UINT_MAX), 103680000);
    assert_int_equal(seo_retry_delay_ms(&s, 10, 0), UINT_MAX);
    assert_int_equal(seo_retry_delay_ms(&s, 1000, 0), UINT_MAX);
    /* Every random value lands within +-20 %, and the values spread over the range. */
    unsigned lo = UINT_MAX, hi = 0;
    for (unsigned long long r = 0; r <= UINT_MAX; r += 65537) {
        unsigned d = seo_retry_delay_ms(&s, 2, (unsigned)r);
        assert_in_range(d, 240000, 360000);
        lo = d < lo ? d : lo;
        hi = d > hi ? d : hi;
    }
    assert_in_range(lo, 240000, 240100);
    assert_in_range(hi, 359900, 360000);
    /* The longest delay with the most jitter still leaves UINT_MAX meaning "no attempt left". */
    struct seo_retry_schedule longest = parse_ok("7d");
    assert_int_equal(seo_retry_delay_ms(&longest, 0, UINT_MAX), 725760000);
}

/* Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date. */
#define EXAMPLE 784111777LL

static void retry_after_seconds(void **state)
{
    (void)state;
    assert_int_equal(seo_retry_after_seconds(NULL, 0), -1);
    assert_int_equal(seo_retry_after_seconds("", 0), -1);
    assert_int_equal(seo_retry_after_seconds("  ", 0), -1);
    assert_int_equal(seo_retry_after_seconds("120", 0), 120);
    assert_int_equal(seo_retry_after_seconds(" 120\t", 5), 120);
    assert_int_equal(seo_retry_after_seconds("0", 0), 0);
    assert_int_equal(seo_retry_after_seconds("007", 0), 7);
    assert_int_equal(seo_retry_after_seconds("99999999999999999999999999999", 0), INT_MAX);
    assert_int_equal(seo_retry_after_seconds("-1", 0), -1);
    assert_int_equal(seo_retry_after_seconds("+1", 0), -1);
    assert_int_equal(seo_retry_after_seconds("1.5", 0), -1);
    assert_int_equal(seo_retry_after_seconds("12a", 0), -1);
    assert_int_equal(seo_retry_after_seconds("1 2", 0), -1);
    assert_int_equal(seo_retry_after_seconds("120, 120", 0), -1);
}

static void retry_after_dates(void **state)
{
    (void)state;
    const char *forms[] = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                           "Sun Nov  6 08:49:37 1994", " Sun, 06 Nov 1994 08:49:37 GMT "};
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        assert_int_equal(seo_retry_after_seconds(forms[i], EXAMPLE - 90), 90);
        assert_int_equal(seo_retry_after_seconds(forms[i], EXAMPLE), 0);
        assert_int_equal(seo_retry_after_seconds(forms[i], EXAMPLE + 3600), 0); /* past */
    }
    assert_int_equal(seo_retry_after_seconds("Mon Nov 14 08:49:37 1994", EXAMPLE), 8 * 86400);
    /* 2024 is a leap year, 2023 and 1900 are not, 2000 is. */
    assert_int_equal(seo_retry_after_seconds("Thu, 29 Feb 2024 00:00:00 GMT", 1709164800 - 1), 1);
    assert_int_equal(seo_retry_after_seconds("Wed, 01 Mar 2023 00:00:01 GMT", 1677628800), 1);
    assert_int_equal(seo_retry_after_seconds("Wed, 29 Feb 2023 00:00:00 GMT", 0), -1);
    assert_int_equal(seo_retry_after_seconds("Thu, 29 Feb 1900 00:00:00 GMT", 0), -1);
    assert_int_equal(seo_retry_after_seconds("Tue, 29 Feb 2000 00:00:00 GMT", 951782400 - 5), 5);
    assert_int_equal(seo_retry_after_seconds("Thu, 31 Dec 2026 23:59:59 GMT", 1798761599 - 2), 2);
    /* A leap second is allowed by the grammar. */
    assert_int_equal(seo_retry_after_seconds("Sat, 31 Dec 2016 23:59:60 GMT", 1483228800 - 10), 10);
    /* RFC 850 two-digit years: more than 50 years ahead means the previous century. */
    const long long y2026 = 1767225600; /* 2026-01-01 */
    assert_int_equal(seo_retry_after_seconds("Wednesday, 01-Jan-76 00:00:00 GMT", y2026),
                     3345062400 - y2026); /* 2076: exactly 50 years ahead */
    assert_int_equal(seo_retry_after_seconds("Friday, 01-Jan-77 00:00:00 GMT", y2026),
                     0); /* 1977 */
    assert_int_equal(seo_retry_after_seconds("Thursday, 01-Jan-26 00:01:00 GMT", y2026), 60);
    /* Far ahead saturates; the weekday name is not checked against the date. */
    assert_int_equal(seo_retry_after_seconds("Fri, 31 Dec 9999 23:59:59 GMT", 0), INT_MAX);
    assert_int_equal(seo_retry_after_seconds("Mon, 06 Nov 1994 08:49:37 GMT", EXAMPLE - 1), 1);
}

static void retry_after_bad_dates(void **state)
{
    (void)state;
    static const char *bad[] = {
        "sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 gmt",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMTx",
        "Sun, 06 Nov 1994 08:49:37 GMT GMT",
        "Sunday, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06-Nov-94 08:49:37 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994",
        "Sun Nov 06 08:49:37 94",
        "Sun Nov  6 08:49:37 1994 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT and a very long tail that is not a date at all",
        "Sun, 06 Nov 1994 08:49:37\tGMT",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (seo_retry_after_seconds(bad[i], 0) != -1)
            fail_msg("accepted: %s", bad[i]);
}

static void clamp(void **state)
{
    (void)state;
    assert_int_equal(seo_retry_clamp_ms(5000, -1), 5000);
    assert_int_equal(seo_retry_clamp_ms(5000, 0), 5000);   /* never shorter than scheduled */
    assert_int_equal(seo_retry_clamp_ms(5000, 7), 7000);   /* stretched */
    assert_int_equal(seo_retry_clamp_ms(5000, 10), 10000); /* up to twice */
    assert_int_equal(seo_retry_clamp_ms(5000, 11), 10000);
    assert_int_equal(seo_retry_clamp_ms(5000, INT_MAX), 10000);
    assert_int_equal(seo_retry_clamp_ms(5000, LLONG_MAX), 10000);
    assert_int_equal(seo_retry_clamp_ms(0, 3600), 0);
    assert_int_equal(seo_retry_clamp_ms(1500, 2), 2000);
    assert_int_equal(seo_retry_clamp_ms(3000000000u, 0), 3000000000u);
    assert_int_equal(seo_retry_clamp_ms(3000000000u, LLONG_MAX), UINT_MAX - 1);
    assert_int_equal(seo_retry_clamp_ms(UINT_MAX - 1, -1), UINT_MAX - 1);
    /* With the schedule: the 5 min retry asked to wait 7 min waits 7 min. */
    struct seo_retry_schedule s = parse_ok(SEO_RETRY_SCHEDULE_DEFAULT);
    unsigned d = seo_retry_delay_ms(&s, 2, 0x80000000u);
    assert_int_equal(seo_retry_clamp_ms(d, seo_retry_after_seconds("420", 0)), 420000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_schedule),
        cmocka_unit_test(units_spaces_and_limits),
        cmocka_unit_test(refusals),
        cmocka_unit_test(jitter),
        cmocka_unit_test(retry_after_seconds),
        cmocka_unit_test(retry_after_dates),
        cmocka_unit_test(retry_after_bad_dates),
        cmocka_unit_test(clamp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
