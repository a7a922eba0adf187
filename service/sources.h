#ifndef SEOPIPE_SOURCES_H
#define SEOPIPE_SOURCES_H

/*
 * Pulling a draft's FAQ sources (its faq_sources and its site's) while the
 * request waits: every URL of a request in parallel on the worker's event
 * loop (curl_loop.c), each with its connect and total timeout, a size cap
 * enforced while reading, at most 3 redirects with every hop's address
 * checked against the outbound policy, and one deadline for the whole
 * request. The entries (service/core/faqsource.c parses them) are cached in
 * Redis per URL and revalidated with ETag / Last-Modified:
 *
 *   seopipe:src:<sha256 of the URL>   hash: url entries etag last_modified fetched_ms
 *                                     (TTL: 7 days past the freshness lifetime)
 *
 * A source that cannot be used never fails the request: its result carries
 * the reason, which the package reports as a warning.
 */

#include "config.h"
#include "redis.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct event_base;
struct seo_sources;

/* One source's outcome; everything borrowed until the callback returns. */
struct seo_source_result {
    const char *url;
    const json_t *entries; /* NULL when the source failed */
    const char *failure;   /* why, when it failed: "timeout", "HTTP 404", "too big (...)", ... */
};

/* Called once per pull, never from inside seo_sources_pull(). */
typedef void seo_sources_done(const struct seo_source_result *results, size_t n, void *arg);

/* The worker's puller on `base`, caching through `redis` (borrowed). NULL when out of memory. */
struct seo_sources *seo_sources_new(struct event_base *base, const struct seo_config *cfg,
                                    struct seo_redis *redis);

/*
 * Pulls urls[0..n) (copied). `done` gets one result per URL, in order, once
 * all have ended or the deadline (faq_sources.deadline_ms) has passed.
 */
void seo_sources_pull(struct seo_sources *s, const char *const *urls, size_t n,
                      seo_sources_done *done, void *arg);

/*
 * Stopping takes two steps around closing the Redis connection, as the
 * delivery engine's: seo_sources_stop() ends the pulls under way at once,
 * their sources failing as "stopping" (their callbacks run here), and starts
 * nothing new; seo_sources_free() after the Redis connection is gone frees
 * the rest. Both accept NULL.
 */
void seo_sources_stop(struct seo_sources *s);
void seo_sources_free(struct seo_sources *s);

/* Counters, readable from any thread. */
struct seo_sources_stats {
    unsigned long pulled;      /* answered 200 and parsed */
    unsigned long fresh;       /* served from Redis without asking */
    unsigned long revalidated; /* 304 */
    unsigned long failed;      /* unusable for any reason */
};
void seo_sources_stats(const struct seo_sources *s, struct seo_sources_stats *out);

#endif
