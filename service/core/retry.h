#ifndef SEO_RETRY_H
#define SEO_RETRY_H

/*
 * When to try a webhook delivery again, pure: no clock, no randomness (the
 * caller passes the current time and random numbers in). The schedule is a
 * list of delays, one per attempt, the first usually 0 (try at once); the
 * Standard Webhooks example schedule is the default. Each delay gets +-20 %
 * jitter so that deliveries that failed together do not retry together, and
 * a receiver's Retry-After stretches a delay as Svix does.
 */

#include <stddef.h>

#define SEO_RETRY_SCHEDULE_DEFAULT "0,5s,5m,30m,2h,5h,10h,14h,20h,24h"
#define SEO_RETRY_MAX_ATTEMPTS 32
#define SEO_RETRY_MAX_DELAY_S (7u * 24u * 3600u)

struct seo_retry_schedule {
    unsigned n;                                /* attempts, 1..SEO_RETRY_MAX_ATTEMPTS */
    unsigned delays_s[SEO_RETRY_MAX_ATTEMPTS]; /* before each attempt, in seconds */
};

/*
 * Parses a schedule: 1 to 32 comma-separated delays, each a whole number
 * with an optional unit s, m, h or d (a bare number is seconds), at most
 * 7 days, spaces and tabs allowed around each ("0, 5s, 5m, 2h"). Returns 0,
 * or -1 with a message naming the bad entry in `msg` (`out` untouched).
 * `text` is borrowed; NULL is refused as empty.
 */
int seo_retry_schedule_parse(const char *text, struct seo_retry_schedule *out, char *msg,
                             size_t msg_size);

/*
 * The delay in milliseconds before attempt `attempt` (0-based: attempt 0 is
 * the first try and waits delays_s[0]), with +-20 % jitter picked uniformly
 * by `random_u32` (any 32 random bits). UINT_MAX when attempt >= s->n: no
 * attempt is left. Never UINT_MAX otherwise.
 */
unsigned seo_retry_delay_ms(const struct seo_retry_schedule *s, unsigned attempt,
                            unsigned random_u32);

/*
 * A Retry-After header value (borrowed; NULL when absent) as seconds from
 * `now` (Unix seconds): delay-seconds ("120", saturating at 2^31 - 1) or an
 * HTTP-date (IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", and the obsolete
 * RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" and asctime "Sun Nov  6 08:49:37
 * 1994" forms; a two-digit year more than 50 years ahead of `now` is in the
 * past century). A date in the past gives 0, one further ahead than 2^31 - 1
 * seconds saturates. -1 when absent or invalid.
 */
long long seo_retry_after_seconds(const char *header, long long now);

/*
 * The delay to use when the receiver sent Retry-After (`retry_after_s` >= 0,
 * from seo_retry_after_seconds): Svix's clamp(retry_after, scheduled,
 * 2 x scheduled), so a receiver can stretch a delay up to twice the schedule
 * but never shorten it (a scheduled 0 stays 0). `scheduled_ms` itself when
 * retry_after_s < 0. Never UINT_MAX (which means "no attempt left").
 */
unsigned seo_retry_clamp_ms(unsigned scheduled_ms, long long retry_after_s);

#endif
