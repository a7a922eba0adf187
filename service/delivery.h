#ifndef SEOPIPE_DELIVERY_H
#define SEOPIPE_DELIVERY_H

/*
 * The webhook delivery engine of one worker: takes ready deliveries from the
 * Redis stream that every instance shares (consumer group "deliver"), at
 * most as many as it has free transfer slots, sends them with libcurl multi
 * driven by the worker's event loop, and records each attempt. Failed
 * attempts wait in a sorted set until the retry schedule says, moved back by
 * a script on Redis's clock; deliveries a dead consumer held are reclaimed
 * (XAUTOCLAIM). See webhooks.c for the keys.
 */

#include "config.h"
#include "redis.h"

#include <stdbool.h>

struct event_base;
struct seo_delivery;

struct seo_delivery_stats {
    unsigned long attempts;  /* requests sent (or refused before sending) */
    unsigned long delivered; /* answered 2xx */
    unsigned long retried;   /* failed and scheduled again */
    unsigned long failed;    /* failed for good (schedule exhausted) */
    unsigned long in_flight; /* now */
};

/*
 * Starts the engine on `base` (its timers begin at once). `commands` is the
 * worker's Redis connection (borrowed); the engine opens one more for its
 * blocking reads. `consumer` names it in the consumer group (unique per
 * worker and process). The `primary` engine (one per process) writes the
 * configured endpoints (webhooks.endpoints) into Redis once Redis answers,
 * and applies the retention (webhooks.retention_seconds) and removes idle
 * consumers from the group. Returns NULL when out of memory.
 */
struct seo_delivery *seo_delivery_new(struct event_base *base, const struct seo_config *cfg,
                                      struct seo_redis *commands, const char *consumer,
                                      bool primary);

/*
 * Stopping takes two steps around closing the worker's Redis connection:
 * seo_delivery_stop() first (callbacks that then arrive only clean up),
 * seo_delivery_free() after. Transfers under way are abandoned: their
 * deliveries stay pending and are reclaimed by a live consumer. Accept NULL.
 */
void seo_delivery_stop(struct seo_delivery *d);
void seo_delivery_free(struct seo_delivery *d);

/* Counters, readable from any thread. */
void seo_delivery_stats(const struct seo_delivery *d, struct seo_delivery_stats *out);

#endif
