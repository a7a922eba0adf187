/*
 * Fuzz target for retry schedules and Retry-After (service/core/retry.c):
 * the input, NUL-terminated, is given to seo_retry_schedule_parse() and to
 * seo_retry_after_seconds() at several clocks, extreme ones included.
 *
 * Invariants (abort() when broken): a parsed schedule has 1..32 delays of at
 * most 7 days, every attempt's delay lies within +-20 % of its schedule
 * entry, the attempt after the last gives UINT_MAX, and the schedule written
 * back as plain seconds parses to the same schedule; a refusal has a
 * terminated message and leaves the schedule untouched. Retry-After gives
 * -1 or 0..2^31-1, and the clamp stays within [scheduled, 2 x scheduled]
 * and below UINT_MAX.
 */
#include "driver.h"

#include "retry.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void violated(const char *what)
{
    fprintf(stderr, "fuzz_retry: invariant violated: %s\n", what);
    abort();
}

static void check_delays(const struct seo_retry_schedule *s, unsigned random_u32)
{
    for (unsigned a = 0; a < s->n; a++) {
        unsigned long long base = s->delays_s[a] * 1000ull, spread = base / 5;
        unsigned d = seo_retry_delay_ms(s, a, random_u32);
        if (d < base - spread || d > base + spread)
            violated("a delay outside +-20 % of its schedule entry");
    }
    if (seo_retry_delay_ms(s, s->n, random_u32) != UINT_MAX)
        violated("an attempt after the last has a delay");
}

static void check_schedule(const char *text, unsigned random_u32)
{
    struct seo_retry_schedule s, sentinel;
    memset(&sentinel, 0x5a, sizeof(sentinel));
    s = sentinel;
    char msg[200];
    memset(msg, 'x', sizeof(msg));
    if (seo_retry_schedule_parse(text, &s, msg, sizeof(msg)) != 0) {
        if (!memchr(msg, '\0', sizeof(msg)) || !msg[0])
            violated("a refused schedule without a terminated message");
        if (memcmp(&s, &sentinel, sizeof(s)) != 0)
            violated("a refused schedule changed the output");
        return;
    }
    if (s.n < 1 || s.n > SEO_RETRY_MAX_ATTEMPTS)
        violated("a schedule with no or too many attempts");
    char again[SEO_RETRY_MAX_ATTEMPTS * 12 + 1] = "";
    size_t len = 0;
    for (unsigned i = 0; i < s.n; i++) {
        if (s.delays_s[i] > SEO_RETRY_MAX_DELAY_S)
            violated("a delay longer than 7 days");
        len +=
            (size_t)snprintf(again + len, sizeof(again) - len, "%s%u", i ? "," : "", s.delays_s[i]);
    }
    check_delays(&s, random_u32);
    check_delays(&s, 0);
    check_delays(&s, UINT_MAX);
    struct seo_retry_schedule back;
    if (seo_retry_schedule_parse(again, &back, msg, sizeof(msg)) != 0 || back.n != s.n ||
        memcmp(back.delays_s, s.delays_s, s.n * sizeof(s.delays_s[0])) != 0)
        violated("a schedule written back in seconds parses differently");
}

static void check_retry_after(const char *text)
{
    static const long long clocks[] = {0,  784111777, 1767225600, 4102444800LL,
                                       -1, LLONG_MIN, LLONG_MAX};
    static const unsigned scheduled[] = {0, 1, 5000, 725760000, 3000000000u, UINT_MAX - 1};
    for (size_t c = 0; c < sizeof(clocks) / sizeof(clocks[0]); c++) {
        long long r = seo_retry_after_seconds(text, clocks[c]);
        if (r < -1 || r > INT_MAX)
            violated("Retry-After out of -1..2^31-1");
        for (size_t i = 0; i < sizeof(scheduled) / sizeof(scheduled[0]); i++) {
            unsigned s = scheduled[i];
            unsigned long long got = seo_retry_clamp_ms(s, r);
            unsigned long long hi = 2ull * s < UINT_MAX - 1 ? 2ull * s : UINT_MAX - 1;
            if (got < s || got > hi || got == UINT_MAX || (r < 0 && got != s))
                violated("the clamp left [scheduled, 2 x scheduled]");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    unsigned random_u32 = 0;
    for (size_t i = 0; i < size; i++)
        random_u32 = random_u32 * 31u + data[i];
    check_schedule(text, random_u32);
    check_retry_after(text);
    free(text);
    return 0;
}
