#ifndef SEOPIPE_HTTP_INTERNAL_H
#define SEOPIPE_HTTP_INTERNAL_H

/*
 * What the HTTP plumbing (http.c) and the API handlers (api.c) share: the
 * worker, the exchange that carries one request to its response, and the
 * two ways to answer.
 */

#include "config.h"
#include "delivery.h"
#include "draft_cache.h"
#include "guard.h"
#include "redis.h"
#include "seopipe.h"
#include "sources.h"

#include <event2/buffer.h>
#include <event2/http.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

enum {
    ROUTE_HEALTHZ,
    ROUTE_READYZ,
    ROUTE_OPENAPI,
    ROUTE_SEO,
    ROUTE_DRAFTS,
    ROUTE_PUBLISH,
    ROUTE_WEBHOOKS,
    ROUTE_WEBHOOK,
    ROUTE_WEBHOOK_ROTATE,
    ROUTE_WEBHOOK_RECOVER,
    ROUTE_DELIVERIES,
    ROUTE_DELIVERY,
    ROUTE_DELIVERY_RETRY,
    ROUTE_INGEST,
    ROUTE_METRICS,
    ROUTE_OTHER,
    N_ROUTES
};
enum { CACHE_HIT, CACHE_MISS, CACHE_BYPASS, N_CACHE_RESULTS };

#define HTTP_N_STATUSES 17
#define HTTP_N_BUCKETS 14

/*
 * Metrics: each worker counts its own requests (only it writes them, with
 * relaxed atomics so a scrape on another worker reads whole values); a scrape
 * of /metrics adds the workers up.
 */
struct http_metrics {
    unsigned long requests[N_ROUTES][HTTP_N_STATUSES + 1]; /* last column: any other status */
    unsigned long latency[N_ROUTES][HTTP_N_BUCKETS + 1];   /* per bucket; last: +Inf */
    unsigned long latency_us[N_ROUTES];                    /* sum, microseconds */
    unsigned long cache[N_CACHE_RESULTS];
};

struct http_server;

struct http_worker {
    const struct http_server *srv;
    const struct seo_config *cfg;
    struct event_base *base;
    struct evhttp *http;
    struct evhttp_bound_socket *bound;
    struct seo_stem_cache *stems;
    struct seo_redis *redis;
    struct seo_guard *guard;
    struct seo_draft_cache *drafts; /* packages recently read, checked against Redis */
    struct seo_delivery *delivery;  /* this worker's webhook sender */
    struct seo_sources *sources;    /* this worker's FAQ source puller */
    size_t inflight;                /* written by this worker, read by scrapes: atomic builtins */
    struct http_metrics metrics;
    uint64_t random[2]; /* request id generator state */
    int index;
    pthread_t thread;
};

/*
 * One request on its way to its response. Heap-allocated: a handler that
 * waits for Redis keeps it. http_finish() and http_problem() answer and free
 * it (with the result it owns): every exchange ends in exactly one of them.
 */
struct http_exchange {
    struct evhttp_request *req; /* stays valid until answered, even when the client left */
    struct http_worker *w;
    int route; /* ROUTE_* */
    char id[65];
    struct timespec start;
    const char *path;
    /* Owned by handlers that wait: freed with the exchange. */
    struct seo_options opts;
    struct seo_result result;
    bool has_result;
    char *package; /* the package JSON a handler answers with once Redis has stored it */
    size_t package_len;
    char key[192];   /* the Redis key the handler works on */
    char param[130]; /* the path's {id}, e.g. of /v1/drafts/{id}; "" when too long */
    const char *draft_body, *draft_type; /* what a store keeps as the draft (borrowed) */
    size_t draft_len;
    void (*next)(struct http_exchange *x); /* what runs once the FAQ sources are in */
    /* A handler of several steps (ingest.c) continues here after a store, publish or delete
       succeeded, instead of answering; NULL: the step answers. */
    void (*then)(struct http_exchange *x, const redisReply *reply);
    void *state; /* the handler's, freed with state_free when the exchange is */
    void (*state_free)(void *state);
};

/* Answers with `body` (taken; NULL: none) and frees x. */
void http_finish_buffer(struct http_exchange *x, int status, const char *content_type,
                        struct evbuffer *body);

/* Answers with `body` (copied) and frees x. */
void http_finish(struct http_exchange *x, int status, const char *content_type, const char *body,
                 size_t len);

/*
 * Answers with an RFC 9457 problem: a stable type (a slug under
 * https://seopipe.dev/problems/), the status, what was wrong (`detail`) and,
 * from `err` when given, where (pointer, line, column). Frees x.
 */
void http_problem(struct http_exchange *x, int status, const char *type, const char *detail,
                  const struct seo_error *err);

/*
 * Answers 503 store-unavailable with Retry-After: `what` is kept in Redis
 * ("drafts", "webhooks and deliveries"), `why` the error (NULL: the
 * connection's state says). Frees x.
 */
void http_store_unavailable(struct http_exchange *x, const char *what, const char *why);

/*
 * True when a Redis answer is a reply of `type`; otherwise answers with
 * http_store_unavailable (the error, or Redis's error reply) and frees x.
 */
bool http_redis_ok(struct http_exchange *x, const char *what, const redisReply *reply,
                   const char *error, int type);

/* Adds a response header. */
void http_header(struct http_exchange *x, const char *name, const char *value);

/* A request header, or NULL. */
const char *http_request_header(const struct http_exchange *x, const char *name);

/* Counts one package served with the given cache result (CACHE_*). */
void http_count_cache(struct http_exchange *x, int result);

/* ---- api.c ---- */

/*
 * True when no API key is configured, or the request carries one whose scope allows its route
 * and method (http.c); else answers 401 (no key, or an unknown one) or 403 (a key without the
 * scope) and frees x.
 */
bool http_authorized(struct http_exchange *x);

/* POST /v1/seo: the package, from the cache when Redis has it. */
void api_post_seo(struct http_exchange *x);
/* GET, HEAD, PUT, DELETE /v1/drafts/{id}; `id` is x->param. */
void api_draft(struct http_exchange *x, const char *id);
/*
 * The steps of a PUT for draft x->param with the given bytes (borrowed until the exchange ends):
 * read, pull FAQ sources, build, store. On success x->then(x, reply of the store script) runs if
 * set, else the PUT's answer is sent; any failure is answered.
 */
void api_store_draft(struct http_exchange *x, const char *body, size_t len,
                     const char *content_type);
/* DELETE of draft x->param; on success x->then(x, reply) if set, else 204. */
void api_delete_draft(struct http_exchange *x);
/* Generation failures as problem documents (400, 401, 413, 422). */
void api_generation_problem(struct http_exchange *x, enum seo_status st,
                            const struct seo_error *err);
/* GET, POST /v1/webhooks; GET, PATCH, DELETE /v1/webhooks/{id}; POST .../rotate-secret and
   .../recover. */
void api_webhooks(struct http_exchange *x);
/* POST /v1/drafts/{id}/publish: the event and its deliveries, durable before the 202. */
void api_publish(struct http_exchange *x);
/*
 * Publishes the stored draft x->param; `idempotency` is the hex SHA-256 of the key or "". On
 * success x->then(x, reply of the publish script) if set, else the 202.
 */
void api_publish_stored(struct http_exchange *x, const char *idempotency);
/* POST /v1/ingest/{name}: a CMS's own payload (ingest.c). */
void api_ingest(struct http_exchange *x);
/* GET /v1/deliveries/{id}: a delivery and its attempts. */
void api_delivery(struct http_exchange *x);
/* GET /v1/deliveries: a page of deliveries, by status and endpoint. */
void api_deliveries(struct http_exchange *x);
/* POST /v1/deliveries/{id}/retry: one more attempt now. */
void api_delivery_retry(struct http_exchange *x);
/* GET /readyz: 200 while this worker's Redis connection is up, else 503 saying why. */
void api_readyz(struct http_exchange *x);

#endif
