/*
 * The HTTP plumbing. Each worker owns an event base, an evhttp with its own
 * listening socket on the shared port (SO_REUSEPORT: the kernel spreads
 * connections), a Redis connection, a stemmer cache and an in-flight
 * counter; nothing is shared between workers but the read-only
 * configuration. Generation is pure and sub-millisecond, so it runs inside
 * the request callback; only Redis is waited for (api.c).
 */
/* SO_REUSEPORT, SOCK_NONBLOCK and SOCK_CLOEXEC are Linux extensions. */
#define _GNU_SOURCE
#include "http.h"
#include "http_internal.h"

#include "buf.h"
#include "delivery.h"
#include "fast_random.h"
#include "guard.h"
#include "json.h"
#include "log.h"
#include "route.h"
#include "seopipe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <curl/curl.h>
#include <event2/thread.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* openapi.yaml, embedded at build time (CMakeLists.txt). */
extern const char seopipe_openapi_yaml[];
extern const size_t seopipe_openapi_yaml_len;

#define MAX_KEYS 32
#define MAX_HEADERS_BYTES 16384

/* Path templates: "{id}" matches one non-empty segment. Also the routes' metric labels. */
static const char *const route_names[N_ROUTES] = {"/healthz",
                                                  "/readyz",
                                                  "/openapi.yaml",
                                                  "/v1/seo",
                                                  "/v1/drafts/{id}",
                                                  "/v1/drafts/{id}/publish",
                                                  "/v1/webhooks",
                                                  "/v1/webhooks/{id}",
                                                  "/v1/webhooks/{id}/rotate-secret",
                                                  "/v1/webhooks/{id}/recover",
                                                  "/v1/deliveries",
                                                  "/v1/deliveries/{id}",
                                                  "/v1/deliveries/{id}/retry",
                                                  "/v1/ingest/{name}",
                                                  "/metrics",
                                                  "other"};
static const int statuses[HTTP_N_STATUSES] = {200, 201, 202, 204, 304, 400, 401, 403, 404,
                                              405, 409, 413, 415, 422, 500, 501, 503};
static const double buckets[HTTP_N_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,    0.25,  0.5,    1,     2.5,  5,     10};
#define N_STATUSES HTTP_N_STATUSES
#define N_BUCKETS HTTP_N_BUCKETS

/* What an API key may do; each scope includes the ones before it. */
enum key_scope { SCOPE_READ, SCOPE_WRITE, SCOPE_ADMIN, N_SCOPES };
static const char *const scope_names[N_SCOPES] = {"read", "write", "admin"};

/* A key of server.api_keys: only its SHA-256 is kept, and compared. */
struct api_key {
    unsigned char digest[32];
    enum key_scope scope;
};

struct http_server {
    const struct seo_config *cfg;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    struct api_key keys[MAX_KEYS];
    size_t n_keys;
    struct http_worker *workers; /* all of them, for /metrics */
    int n_workers;
    struct seo_guard_settings guard;
};

/* ---- responses ---- */

/* A request id: the client's when it is short and plain, else 32 random hex digits. */
static void request_id(struct evhttp_request *req, uint64_t state[2], char out[65])
{
    const char *given = evhttp_find_header(evhttp_request_get_input_headers(req), "X-Request-Id");
    if (given) {
        size_t n =
            strspn(given, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
        if (n > 0 && n <= 64 && given[n] == '\0') {
            memcpy(out, given, n + 1);
            return;
        }
    }
    static const char hex[] = "0123456789abcdef";
    for (int half = 0; half < 2; half++) {
        uint64_t v = seo_fast_random(state);
        for (int i = 0; i < 16; i++, v >>= 4)
            out[half * 16 + i] = hex[v & 15];
    }
    out[32] = '\0';
}

static const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

static const char *method_name(enum evhttp_cmd_type m)
{
    switch (m) {
    case EVHTTP_REQ_GET:
        return "GET";
    case EVHTTP_REQ_POST:
        return "POST";
    case EVHTTP_REQ_HEAD:
        return "HEAD";
    case EVHTTP_REQ_PUT:
        return "PUT";
    case EVHTTP_REQ_DELETE:
        return "DELETE";
    case EVHTTP_REQ_OPTIONS:
        return "OPTIONS";
    case EVHTTP_REQ_TRACE:
        return "TRACE";
    case EVHTTP_REQ_CONNECT:
        return "CONNECT";
    case EVHTTP_REQ_PATCH:
        return "PATCH";
    }
    return "?";
}

static void count(unsigned long *counter, unsigned long n)
{
    __atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static unsigned long read_count(const unsigned long *counter)
{
    return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

static void record(struct http_exchange *x, int status, double seconds)
{
    struct http_metrics *m = &x->w->metrics;
    size_t s = N_STATUSES;
    for (size_t i = 0; i < N_STATUSES; i++)
        if (statuses[i] == status)
            s = i;
    size_t b = N_BUCKETS;
    for (size_t i = 0; i < N_BUCKETS && b == N_BUCKETS; i++)
        if (seconds <= buckets[i])
            b = i;
    count(&m->requests[x->route][s], 1);
    count(&m->latency[x->route][b], 1);
    count(&m->latency_us[x->route], (unsigned long)(seconds * 1e6));
}

void http_header(struct http_exchange *x, const char *name, const char *value)
{
    evhttp_add_header(evhttp_request_get_output_headers(x->req), name, value);
}

const char *http_request_header(const struct http_exchange *x, const char *name)
{
    return evhttp_find_header(evhttp_request_get_input_headers(x->req), name);
}

void http_count_cache(struct http_exchange *x, int result)
{
    count(&x->w->metrics.cache[result], 1);
}

static void exchange_free(struct http_exchange *x)
{
    if (x->state_free)
        x->state_free(x->state);
    if (x->has_result)
        seo_result_free(&x->result);
    free(x->package);
    free(x);
}

void http_store_unavailable(struct http_exchange *x, const char *what, const char *why)
{
    if (!why || !*why) {
        seo_redis_state(x->w->redis, &why);
        if (!why || !*why)
            why = "the connection is not up";
    }
    char detail[400];
    snprintf(detail, sizeof(detail), "%s kept in Redis, which is unavailable: %s", what, why);
    http_header(x, "Retry-After", "1");
    http_problem(x, 503, "store-unavailable", detail, NULL);
}

bool http_redis_ok(struct http_exchange *x, const char *what, const redisReply *reply,
                   const char *error, int type)
{
    if (!error && reply->type == type)
        return true;
    http_store_unavailable(x, what,
                           error                              ? error
                           : reply->type == REDIS_REPLY_ERROR ? reply->str
                                                              : NULL);
    return false;
}

void http_finish_buffer(struct http_exchange *x, int status, const char *content_type,
                        struct evbuffer *body)
{
    struct evkeyvalq *out = evhttp_request_get_output_headers(x->req);
    evhttp_add_header(out, "X-Request-Id", x->id);
    if (content_type)
        evhttp_add_header(out, "Content-Type", content_type);
    /* Counted and logged first: sending may free the request (when its client has gone). */
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds =
        (double)(end.tv_sec - x->start.tv_sec) + (double)(end.tv_nsec - x->start.tv_nsec) / 1e9;
    record(x, status, seconds);
    char status_text[8], ms[32];
    snprintf(status_text, sizeof(status_text), "%d", status);
    snprintf(ms, sizeof(ms), "%.3f", seconds * 1e3);
    seo_log("info", "request", "id", x->id, "method",
            method_name(evhttp_request_get_command(x->req)), "path", x->path, "status", status_text,
            "ms", ms, NULL);
    /* A HEAD is answered with the headers a GET would get, Content-Length included, and no
       body: evhttp would send the body it is given. */
    if (body && evhttp_request_get_command(x->req) == EVHTTP_REQ_HEAD) {
        char length[24];
        snprintf(length, sizeof(length), "%zu", evbuffer_get_length(body));
        if (!evhttp_find_header(out, "Content-Length"))
            evhttp_add_header(out, "Content-Length", length);
        evbuffer_drain(body, evbuffer_get_length(body));
    }
    evhttp_send_reply(x->req, status, reason(status), body);
    if (body)
        evbuffer_free(body);
    exchange_free(x);
}

void http_finish(struct http_exchange *x, int status, const char *content_type, const char *body,
                 size_t len)
{
    struct evbuffer *buf = evbuffer_new();
    if (buf && len)
        evbuffer_add(buf, body, len);
    http_finish_buffer(x, status, content_type, buf);
}

/*
 * An RFC 9457 problem: a stable type, a title, the status, what was wrong
 * (`detail`) and, when known, where (`pointer`, `line`, `column`).
 */
void http_problem(struct http_exchange *x, int status, const char *type, const char *detail,
                  const struct seo_error *err)
{
    json_t *p = json_object();
    char uri[128];
    snprintf(uri, sizeof(uri), "https://seopipe.dev/problems/%s", type);
    json_object_set_new(p, "type", json_string(uri));
    json_object_set_new(p, "title", json_string(reason(status)));
    json_object_set_new(p, "status", json_integer(status));
    json_t *d = json_string(detail);
    json_object_set_new(p, "detail", d ? d : json_string("(detail is not valid UTF-8)"));
    if (err && err->field[0])
        json_object_set_new(p, "pointer", json_string(err->field));
    if (err && err->line) {
        json_object_set_new(p, "line", json_integer((json_int_t)err->line));
        json_object_set_new(p, "column", json_integer((json_int_t)err->column));
    }
    struct seo_buf body = {0};
    seo_json_write(&body, p, 0);
    json_decref(p);
    http_finish(x, status, "application/problem+json", body.data, body.len);
    seo_buf_free(&body);
}

/* ---- authentication ---- */

/*
 * The scope of the key `given`, or -1 when it is none of them. The SHA-256 of the given key is
 * compared with every key's (CRYPTO_memcmp, no early exit), so the time taken says nothing
 * about how much of a key, or how long a key, matched.
 */
static int key_scope(const struct http_server *srv, const char *given)
{
    unsigned char digest[32];
    unsigned int n = 0;
    int scope = -1;
    if (EVP_Digest(given, strlen(given), digest, &n, EVP_sha256(), NULL) != 1)
        return -1;
    for (size_t i = 0; i < srv->n_keys; i++) {
        int same = CRYPTO_memcmp(srv->keys[i].digest, digest, sizeof(digest)) == 0;
        scope = same ? (int)srv->keys[i].scope : scope;
    }
    return scope;
}

/*
 * The scope a request needs: admin for webhook endpoints and deliveries (their URLs, secrets
 * and receivers' answers), read for GET and HEAD elsewhere, write for the rest (drafts,
 * /v1/seo, publish, ingest).
 */
static enum key_scope scope_needed(const struct http_exchange *x)
{
    switch (x->route) {
    case ROUTE_WEBHOOKS:
    case ROUTE_WEBHOOK:
    case ROUTE_WEBHOOK_ROTATE:
    case ROUTE_WEBHOOK_RECOVER:
    case ROUTE_DELIVERIES:
    case ROUTE_DELIVERY:
    case ROUTE_DELIVERY_RETRY:
        return SCOPE_ADMIN;
    default:
        break;
    }
    enum evhttp_cmd_type m = evhttp_request_get_command(x->req);
    return m == EVHTTP_REQ_GET || m == EVHTTP_REQ_HEAD ? SCOPE_READ : SCOPE_WRITE;
}

bool http_authorized(struct http_exchange *x)
{
    const struct http_server *srv = x->w->srv;
    if (srv->n_keys == 0)
        return true;
    const char *auth =
        evhttp_find_header(evhttp_request_get_input_headers(x->req), "Authorization");
    int scope = auth && strncasecmp(auth, "Bearer ", 7) == 0 ? key_scope(srv, auth + 7) : -1;
    enum key_scope need = scope_needed(x);
    if (scope >= (int)need)
        return true;
    if (scope >= 0) {
        char detail[200];
        snprintf(detail, sizeof(detail), "this API key has the scope %s; %s %s needs %s",
                 scope_names[scope], method_name(evhttp_request_get_command(x->req)),
                 route_names[x->route], scope_names[need]);
        http_problem(x, 403, "forbidden", detail, NULL);
        return false;
    }
    evhttp_add_header(evhttp_request_get_output_headers(x->req), "WWW-Authenticate", "Bearer");
    http_problem(x, 401, "unauthorized",
                 auth ? "the API key in the Authorization header is not valid"
                      : "this endpoint needs an Authorization: Bearer <API key> header",
                 NULL);
    return false;
}

/* ---- routes ---- */

struct route {
    int id;      /* ROUTE_* */
    int methods; /* EVHTTP_REQ_* */
    const char *allow;
    bool needs_key;
};

static const struct route routes[] = {
    {ROUTE_HEALTHZ, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD, "GET, HEAD", false},
    {ROUTE_READYZ, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD, "GET, HEAD", false},
    {ROUTE_OPENAPI, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD, "GET, HEAD", false},
    {ROUTE_SEO, EVHTTP_REQ_POST, "POST", true},
    {ROUTE_DRAFTS, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE,
     "GET, HEAD, PUT, DELETE", true},
    {ROUTE_PUBLISH, EVHTTP_REQ_POST, "POST", true},
    {ROUTE_WEBHOOKS, EVHTTP_REQ_GET | EVHTTP_REQ_POST, "GET, POST", true},
    {ROUTE_WEBHOOK, EVHTTP_REQ_GET | EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE, "GET, PATCH, DELETE",
     true},
    {ROUTE_WEBHOOK_ROTATE, EVHTTP_REQ_POST, "POST", true},
    {ROUTE_WEBHOOK_RECOVER, EVHTTP_REQ_POST, "POST", true},
    {ROUTE_DELIVERIES, EVHTTP_REQ_GET, "GET", true},
    {ROUTE_DELIVERY, EVHTTP_REQ_GET, "GET", true},
    {ROUTE_DELIVERY_RETRY, EVHTTP_REQ_POST, "POST", true},
    {ROUTE_INGEST, EVHTTP_REQ_POST, "POST", false},
    {ROUTE_METRICS, EVHTTP_REQ_GET, "GET", false},
};

/* Prometheus text format (0.0.4): every worker's counters added up. */
static void get_metrics(struct http_exchange *x, const struct http_server *srv)
{
    struct seo_buf out = {0};
    seo_buf_puts(&out,
                 "# HELP seopipe_http_requests_total HTTP requests answered, by route and status.\n"
                 "# TYPE seopipe_http_requests_total counter\n");
    for (int r = 0; r < N_ROUTES; r++) {
        for (size_t s = 0; s <= N_STATUSES; s++) {
            unsigned long n = 0;
            for (int i = 0; i < srv->n_workers; i++)
                n += read_count(&srv->workers[i].metrics.requests[r][s]);
            if (!n)
                continue;
            if (s < N_STATUSES)
                seo_buf_printf(&out,
                               "seopipe_http_requests_total{route=\"%s\",status=\"%d\"} %lu\n",
                               route_names[r], statuses[s], n);
            else
                seo_buf_printf(&out,
                               "seopipe_http_requests_total{route=\"%s\",status=\"other\"} %lu\n",
                               route_names[r], n);
        }
    }
    seo_buf_puts(
        &out,
        "# HELP seopipe_http_request_duration_seconds Time from request to response, by route.\n"
        "# TYPE seopipe_http_request_duration_seconds histogram\n");
    for (int r = 0; r < N_ROUTES; r++) {
        unsigned long cumulative = 0, sum_us = 0;
        for (int i = 0; i < srv->n_workers; i++)
            sum_us += read_count(&srv->workers[i].metrics.latency_us[r]);
        for (size_t b = 0; b <= N_BUCKETS; b++) {
            for (int i = 0; i < srv->n_workers; i++)
                cumulative += read_count(&srv->workers[i].metrics.latency[r][b]);
            if (b < N_BUCKETS)
                seo_buf_printf(
                    &out,
                    "seopipe_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %lu\n",
                    route_names[r], buckets[b], cumulative);
            else
                seo_buf_printf(
                    &out,
                    "seopipe_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %lu\n",
                    route_names[r], cumulative);
        }
        seo_buf_printf(&out, "seopipe_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
                       route_names[r], (double)sum_us / 1e6);
        seo_buf_printf(&out, "seopipe_http_request_duration_seconds_count{route=\"%s\"} %lu\n",
                       route_names[r], cumulative);
    }
    unsigned long inflight = 0, cache[N_CACHE_RESULTS] = {0}, states[3] = {0};
    struct seo_redis_stats redis = {0};
    struct seo_delivery_stats deliveries = {0};
    struct seo_sources_stats sources = {0};
    for (int i = 0; i < srv->n_workers; i++) {
        const struct http_worker *w = &srv->workers[i];
        inflight += __atomic_load_n(&w->inflight, __ATOMIC_RELAXED);
        for (int c = 0; c < N_CACHE_RESULTS; c++)
            cache[c] += read_count(&w->metrics.cache[c]);
        struct seo_redis_stats one;
        seo_redis_stats(w->redis, &one);
        redis.commands += one.commands;
        redis.timeouts += one.timeouts;
        redis.connects += one.connects;
        redis.drops += one.drops;
        states[seo_redis_state(w->redis, NULL)]++;
        struct seo_delivery_stats ds;
        seo_delivery_stats(w->delivery, &ds);
        deliveries.attempts += ds.attempts;
        deliveries.delivered += ds.delivered;
        deliveries.retried += ds.retried;
        deliveries.failed += ds.failed;
        deliveries.in_flight += ds.in_flight;
        struct seo_sources_stats ss;
        seo_sources_stats(w->sources, &ss);
        sources.pulled += ss.pulled;
        sources.fresh += ss.fresh;
        sources.revalidated += ss.revalidated;
        sources.failed += ss.failed;
    }
    seo_buf_printf(
        &out,
        "# HELP seopipe_http_requests_in_flight Requests taken and not yet answered, all workers.\n"
        "# TYPE seopipe_http_requests_in_flight gauge\n"
        "seopipe_http_requests_in_flight %lu\n"
        "# HELP seopipe_cache_requests_total Packages served, by cache result.\n"
        "# TYPE seopipe_cache_requests_total counter\n"
        "seopipe_cache_requests_total{result=\"hit\"} %lu\n"
        "seopipe_cache_requests_total{result=\"miss\"} %lu\n"
        "seopipe_cache_requests_total{result=\"bypass\"} %lu\n"
        "# HELP seopipe_redis_connections Redis connections (one per worker), by state.\n"
        "# TYPE seopipe_redis_connections gauge\n"
        "seopipe_redis_connections{state=\"up\"} %lu\n"
        "seopipe_redis_connections{state=\"connecting\"} %lu\n"
        "seopipe_redis_connections{state=\"down\"} %lu\n"
        "# HELP seopipe_redis_commands_total Redis commands sent.\n"
        "# TYPE seopipe_redis_commands_total counter\n"
        "seopipe_redis_commands_total %lu\n"
        "# HELP seopipe_redis_timeouts_total Redis commands that missed their deadline.\n"
        "# TYPE seopipe_redis_timeouts_total counter\n"
        "seopipe_redis_timeouts_total %lu\n"
        "# HELP seopipe_redis_connects_total Redis connections that came up.\n"
        "# TYPE seopipe_redis_connects_total counter\n"
        "seopipe_redis_connects_total %lu\n"
        "# HELP seopipe_redis_drops_total Redis connections lost, refused or given up.\n"
        "# TYPE seopipe_redis_drops_total counter\n"
        "seopipe_redis_drops_total %lu\n"
        "# HELP seopipe_webhook_attempts_total Webhook delivery attempts, by result.\n"
        "# TYPE seopipe_webhook_attempts_total counter\n"
        "seopipe_webhook_attempts_total{result=\"delivered\"} %lu\n"
        "seopipe_webhook_attempts_total{result=\"retried\"} %lu\n"
        "seopipe_webhook_attempts_total{result=\"failed\"} %lu\n"
        "seopipe_webhook_attempts_total{result=\"any\"} %lu\n"
        "# HELP seopipe_webhook_deliveries_in_flight Deliveries held by this process's workers.\n"
        "# TYPE seopipe_webhook_deliveries_in_flight gauge\n"
        "seopipe_webhook_deliveries_in_flight %lu\n"
        "# HELP seopipe_faq_sources_total FAQ sources of drafts, by result (failed: not used, "
        "the package warns).\n"
        "# TYPE seopipe_faq_sources_total counter\n"
        "seopipe_faq_sources_total{result=\"pulled\"} %lu\n"
        "seopipe_faq_sources_total{result=\"fresh\"} %lu\n"
        "seopipe_faq_sources_total{result=\"revalidated\"} %lu\n"
        "seopipe_faq_sources_total{result=\"failed\"} %lu\n"
        "# HELP seopipe_workers Worker threads.\n"
        "# TYPE seopipe_workers gauge\n"
        "seopipe_workers %d\n",
        inflight, cache[CACHE_HIT], cache[CACHE_MISS], cache[CACHE_BYPASS], states[SEO_REDIS_UP],
        states[SEO_REDIS_CONNECTING], states[SEO_REDIS_DOWN], redis.commands, redis.timeouts,
        redis.connects, redis.drops, deliveries.delivered, deliveries.retried, deliveries.failed,
        deliveries.attempts, deliveries.in_flight, sources.pulled, sources.fresh,
        sources.revalidated, sources.failed, srv->n_workers);
    http_finish(x, 200, "text/plain; version=0.0.4; charset=utf-8", out.data, out.len);
    seo_buf_free(&out);
}

/*
 * A request is in flight from its callback until its response has been
 * written (evhttp answers asynchronously), so a worker whose clients read
 * slowly holds several. Each request's slot record is given back in exactly
 * one place: the completion callback when the response went out, or the
 * connection's close callback when the client went away first (evhttp then
 * frees the request without completing it). Completion unhooks the close
 * callback, so the record is never touched after it is freed.
 */
struct slot {
    struct http_worker *w;
};

static void on_complete(struct evhttp_request *req, void *arg)
{
    struct slot *s = arg;
    struct evhttp_connection *evcon = evhttp_request_get_connection(req);
    if (evcon)
        evhttp_connection_set_closecb(evcon, NULL, NULL);
    __atomic_fetch_sub(&s->w->inflight, 1, __ATOMIC_RELAXED);
    free(s);
}

static void on_close(struct evhttp_connection *evcon, void *arg)
{
    (void)evcon;
    struct slot *s = arg;
    __atomic_fetch_sub(&s->w->inflight, 1, __ATOMIC_RELAXED);
    free(s);
}

/* Takes a slot for this request; false when the worker is at its cap or memory is short. */
static bool slot_take(struct http_worker *w, struct evhttp_request *req)
{
    struct evhttp_connection *evcon = evhttp_request_get_connection(req);
    if (!evcon || __atomic_load_n(&w->inflight, __ATOMIC_RELAXED) >= w->cfg->server.max_inflight)
        return false;
    struct slot *s = malloc(sizeof(*s));
    if (!s)
        return false;
    s->w = w;
    __atomic_fetch_add(&w->inflight, 1, __ATOMIC_RELAXED);
    evhttp_connection_set_closecb(evcon, on_close, s);
    evhttp_request_set_on_complete_cb(req, on_complete, s);
    return true;
}

/*
 * A body whose length two headers disagree on is how requests are smuggled
 * past a proxy: refused, and the connection closed so the bytes after it are
 * never read as a request. Returns the detail of the refusal, or NULL.
 */
static const char *bad_framing(struct evhttp_request *req)
{
    const struct evkeyvalq *in = evhttp_request_get_input_headers(req);
    int lengths = 0;
    const char *te = NULL;
    const struct evkeyval *h;
    for (h = in->tqh_first; h; h = h->next.tqe_next) {
        if (strcasecmp(h->key, "Content-Length") == 0)
            lengths++;
        else if (strcasecmp(h->key, "Transfer-Encoding") == 0) {
            if (te)
                return "the request has more than one Transfer-Encoding header";
            te = h->value;
        }
    }
    if (lengths > 1)
        return "the request has more than one Content-Length header";
    if (te && lengths)
        return "the request has both Content-Length and Transfer-Encoding";
    if (te && strcasecmp(te, "chunked") != 0)
        return "the only Transfer-Encoding accepted is chunked";
    const char *length = evhttp_find_header(in, "Content-Length");
    if (length && strspn(length, "0123456789") != strlen(length))
        return "Content-Length must be a decimal number";
    return NULL;
}

static void handle(struct evhttp_request *req, void *arg)
{
    struct http_worker *w = arg;
    struct http_exchange *x = calloc(1, sizeof(*x));
    if (!x) {
        evhttp_send_error(req, 500, "Out of memory");
        return;
    }
    x->req = req;
    x->w = w;
    x->route = ROUTE_OTHER;
    clock_gettime(CLOCK_MONOTONIC, &x->start);
    request_id(req, w->random, x->id);
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
    const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
    x->path = path && *path ? path : "/";
    enum evhttp_cmd_type method = evhttp_request_get_command(req);

    const char *framing = bad_framing(req);
    if (framing) {
        http_header(x, "Connection", "close");
        http_problem(x, 400, "bad-framing", framing, NULL);
        return;
    }
    /* The guard refused the body from its head and drops it as it comes (guard.h). */
    long long declared = seo_guard_request(w->guard, req);
    if (declared >= 0) {
        char detail[160];
        snprintf(detail, sizeof(detail),
                 "the body is %lld bytes; the limit is %zu (4 x limits.max_body_bytes)", declared,
                 seo_draft_max_input(&w->cfg->limits));
        http_problem(x, 413, "body-too-large", detail, NULL);
        return;
    }
    /* After a chunked body the guard no longer knows where the next request starts. */
    if (evhttp_find_header(evhttp_request_get_input_headers(req), "Transfer-Encoding"))
        http_header(x, "Connection", "close");
    const struct route *route = NULL;
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]) && !route; i++)
        if (seo_route_match(route_names[routes[i].id], x->path, x->param, sizeof(x->param)))
            route = &routes[i];
    if (!route) {
        http_problem(x, 404, "not-found", "no such endpoint; see /openapi.yaml", NULL);
        return;
    }
    x->route = route->id;
    if (!(route->methods & (int)method)) {
        http_header(x, "Allow", route->allow);
        http_problem(x, 405, "method-not-allowed", "this endpoint does not take that method", NULL);
        return;
    }
    if (route->needs_key && !http_authorized(x))
        return;
    /* Probes and metrics answer at once, from memory: never shed, so an overloaded instance
       still says it is alive and shows why. */
    bool probe =
        route->id == ROUTE_HEALTHZ || route->id == ROUTE_READYZ || route->id == ROUTE_METRICS;
    if (!probe && !slot_take(w, req)) {
        http_header(x, "Retry-After", "1");
        http_problem(x, 503, "overloaded",
                     "the server is at its in-flight request limit; retry shortly", NULL);
        return;
    }
    switch (route->id) {
    case ROUTE_HEALTHZ:
        http_finish(x, 200, "text/plain; charset=utf-8", "ok\n", 3);
        break;
    case ROUTE_READYZ:
        api_readyz(x);
        break;
    case ROUTE_OPENAPI:
        http_finish(x, 200, "application/yaml", seopipe_openapi_yaml, seopipe_openapi_yaml_len);
        break;
    case ROUTE_METRICS:
        get_metrics(x, w->srv);
        break;
    case ROUTE_DRAFTS:
        api_draft(x, x->param);
        break;
    case ROUTE_PUBLISH:
        api_publish(x);
        break;
    case ROUTE_WEBHOOKS:
    case ROUTE_WEBHOOK:
    case ROUTE_WEBHOOK_ROTATE:
    case ROUTE_WEBHOOK_RECOVER:
        api_webhooks(x);
        break;
    case ROUTE_DELIVERIES:
        api_deliveries(x);
        break;
    case ROUTE_DELIVERY:
        api_delivery(x);
        break;
    case ROUTE_DELIVERY_RETRY:
        api_delivery_retry(x);
        break;
    case ROUTE_INGEST: /* its adapter's own authentication, else the API key (ingest.c) */
        api_ingest(x);
        break;
    default:
        api_post_seo(x);
    }
}

/* ---- workers ---- */

static int listen_socket(const struct http_server *srv)
{
    int fd = socket(srv->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    /* TCP_NODELAY is inherited by accepted sockets: a response's last segment leaves at once
       instead of waiting up to 40 ms for the client's delayed ACK of the one before. */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0 ||
        bind(fd, (const struct sockaddr *)&srv->addr, srv->addr_len) != 0 ||
        listen(fd, 1024) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

static void *worker_main(void *arg)
{
    struct http_worker *w = arg;
    event_base_dispatch(w->base);
    return NULL;
}

static void worker_free(struct http_worker *w)
{
    seo_delivery_stop(w->delivery);
    seo_sources_stop(w->sources); /* requests waiting on sources go on without them */
    seo_redis_free(w->redis);     /* pending requests are answered (503) while evhttp still runs */
    seo_delivery_free(w->delivery);
    seo_sources_free(w->sources);
    if (w->http)
        evhttp_free(w->http);
    seo_guard_free(w->guard); /* after evhttp let go of its connections */
    seo_draft_cache_free(w->drafts);
    if (w->base)
        event_base_free(w->base);
    seo_stem_cache_free(w->stems);
}

/* Builds a worker with its own listening socket; errno says why it failed. */
static int worker_init(struct http_worker *w, const struct http_server *srv, int index)
{
    memset(w, 0, sizeof(*w));
    w->srv = srv;
    w->cfg = srv->cfg;
    w->index = index;
    /* The changelist folds the add/del pairs of one loop turn (hiredis toggles its write event
       for every command) into at most one epoll_ctl per descriptor. */
    struct event_config *ec = event_config_new();
    if (ec)
        event_config_set_flag(ec, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
    w->base = ec ? event_base_new_with_config(ec) : NULL;
    if (ec)
        event_config_free(ec);
    seo_fast_random_seed(w->random);
    w->http = w->base ? evhttp_new(w->base) : NULL;
    if (!w->http)
        return -1;
    int fd = listen_socket(srv);
    if (fd < 0)
        return -1;
    w->bound = evhttp_accept_socket_with_handle(w->http, fd);
    if (!w->bound) {
        close(fd);
        return -1;
    }
    const struct seo_server_settings *s = &srv->cfg->server;
    evhttp_set_timeout(w->http, (int)s->timeout_seconds);
    /* Bodies declared too big are refused by the guard; a chunked one that grows too big is
       answered by evhttp itself (413, its own page), reading and dropping the rest first. */
    evhttp_set_max_body_size(w->http, (ev_ssize_t)seo_draft_max_input(&srv->cfg->limits));
    evhttp_set_flags(w->http, EVHTTP_SERVER_LINGERING_CLOSE);
    evhttp_set_max_headers_size(w->http, MAX_HEADERS_BYTES);
    evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST |
                                            EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_PATCH |
                                            EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE |
                                            EVHTTP_REQ_CONNECT);
    evhttp_set_gencb(w->http, handle, w);
    w->guard = seo_guard_new(w->base, &srv->guard);
    if (!w->guard)
        return -1;
    evhttp_set_bevcb(w->http, seo_guard_bev, w->guard);
    w->stems = seo_stem_cache_new();
    w->drafts = seo_draft_cache_new(srv->cfg->server.draft_cache_bytes);
    if (!w->drafts)
        return -1;
    w->redis = seo_redis_new(w->base, &srv->cfg->redis.target, srv->cfg->redis.timeout_ms);
    if (!w->redis)
        return -1;
    /* A consumer name per worker and process: a restarted process is a new consumer, and what
       the old one held is reclaimed (XAUTOCLAIM) once idle. */
    char host[64] = "host", consumer[128];
    gethostname(host, sizeof(host) - 1);
    host[sizeof(host) - 1] = '\0';
    snprintf(consumer, sizeof(consumer), "%s:%ld:%d", host, (long)getpid(), index);
    w->delivery = seo_delivery_new(w->base, srv->cfg, w->redis, consumer, index == 0);
    if (!w->delivery)
        return -1;
    w->sources = seo_sources_new(w->base, srv->cfg, w->redis);
    if (!w->sources)
        return -1;
    return 0;
}

/* "127.0.0.1:8080", "[::1]:8080", "localhost:8080" into a socket address. */
static bool parse_listen(const char *listen, struct http_server *srv, bool *loopback, char *msg,
                         size_t msg_size)
{
    const char *colon = strrchr(listen, ':');
    char host[256];
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof(host)) {
        snprintf(msg, msg_size, "SEOPIPE_LISTEN \"%.60s\" must be host:port", listen);
        return false;
    }
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 1 || port > 65535) {
        snprintf(msg, msg_size, "SEOPIPE_LISTEN \"%.60s\": the port must be 1 to 65535", listen);
        return false;
    }
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof(host), "127.0.0.1");
    size_t hl = strlen(host);
    if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
        memmove(host, host + 1, hl - 2);
        host[hl - 2] = '\0';
    }
    memset(&srv->addr, 0, sizeof(srv->addr));
    struct sockaddr_in *v4 = (struct sockaddr_in *)&srv->addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&srv->addr;
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        srv->addr_len = sizeof(*v4);
        *loopback = (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
    } else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        srv->addr_len = sizeof(*v6);
        *loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
    } else {
        snprintf(msg, msg_size, "SEOPIPE_LISTEN \"%.60s\": \"%s\" is not an IP address", listen,
                 host);
        return false;
    }
    return true;
}

/*
 * server.api_keys: comma-separated keys, each `key` (every scope) or `key:read`, `key:write`,
 * `key:admin`. Keeps their digests in srv. False, with a message that names the setting but
 * quotes no key, for a scope that is not one of those or an empty key before one.
 */
static bool parse_keys(struct http_server *srv, const char *list, char *msg, size_t msg_size)
{
    const char *p = list ? list : "";
    for (size_t entry = 1; *p && srv->n_keys < MAX_KEYS; entry++) {
        size_t n = strcspn(p, ",");
        while (n && p[n - 1] == ' ')
            n--;
        const char *colon = memchr(p, ':', n);
        size_t key_len = colon ? (size_t)(colon - p) : n;
        enum key_scope scope = SCOPE_ADMIN;
        if (colon) {
            size_t k = 0, scope_len = n - key_len - 1;
            while (k < N_SCOPES && (strlen(scope_names[k]) != scope_len ||
                                    strncmp(colon + 1, scope_names[k], scope_len) != 0))
                k++;
            if (k == N_SCOPES || key_len == 0) {
                snprintf(msg, msg_size,
                         "server.api_keys (SEOPIPE_API_KEYS): entry %zu is not key, key:read, "
                         "key:write or key:admin",
                         entry);
                return false;
            }
            scope = (enum key_scope)k;
        }
        if (key_len) {
            struct api_key *key = &srv->keys[srv->n_keys++];
            unsigned int len = 0;
            if (EVP_Digest(p, key_len, key->digest, &len, EVP_sha256(), NULL) != 1)
                abort();
            key->scope = scope;
        }
        p += strcspn(p, ",");
        while (*p == ',' || *p == ' ')
            p++;
    }
    return true;
}

int seo_http_serve(const struct seo_config *cfg)
{
    struct http_server srv = {.cfg = cfg};
    bool curl_ready = false;
    char msg[256];
    bool loopback = false;
    int rc = 2;
    struct http_worker *workers = NULL;
    int started = 0;
    if (!parse_listen(cfg->server.listen, &srv, &loopback, msg, sizeof(msg))) {
        fprintf(stderr, "seopipe: %s\n", msg);
        return 2;
    }
    if (!parse_keys(&srv, cfg->server.api_keys, msg, sizeof(msg))) {
        fprintf(stderr, "seopipe: %s\n", msg);
        return 2;
    }
    /* A request holds at most one JSON draft, whose body is checked as decoded (draft.h). */
    srv.guard.max_body = seo_draft_max_input(&cfg->limits);
    srv.guard.max_head = MAX_HEADERS_BYTES + 8192; /* evhttp's limit applies first */
    srv.guard.deadline_ms = cfg->server.timeout_seconds * 1000;
    if (!loopback && srv.n_keys == 0) {
        fprintf(stderr,
                "seopipe: refusing to serve %s without API keys: set SEOPIPE_API_KEYS (or "
                "server.api_keys), or listen on a loopback address\n",
                cfg->server.listen);
        goto out;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int n = cfg->server.threads ? (int)cfg->server.threads : (cores > 0 ? (int)cores : 1);
    evthread_use_pthreads();
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) { /* before any thread: not thread-safe */
        fprintf(stderr, "seopipe: cannot initialise libcurl\n");
        goto out;
    }
    curl_ready = true;
    /* Every connection is a descriptor, and the guard holds each a moment after it closes. */
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    /* Workers inherit a mask that blocks the stop signals; only this thread waits for them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    workers = calloc((size_t)n, sizeof(*workers));
    if (!workers)
        goto out;
    srv.workers = workers;
    srv.n_workers = n;
    /* Every worker is built before any runs: a scrape reads all of them. */
    int built = 0;
    for (; built < n; built++) {
        if (worker_init(&workers[built], &srv, built) != 0) {
            fprintf(stderr, "seopipe: cannot listen on %s: %s\n", cfg->server.listen,
                    strerror(errno));
            break;
        }
    }
    if (built < n) {
        for (int i = 0; i <= built && i < n; i++)
            worker_free(&workers[i]);
        goto out;
    }
    for (int i = 0; i < n; i++) {
        if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0)
            goto stop_workers;
        started++;
    }
    char threads[16];
    snprintf(threads, sizeof(threads), "%d", n);
    seo_log("info", "listening", "listen", cfg->server.listen, "threads", threads, "auth",
            srv.n_keys ? "bearer" : "none", "version", SEOPIPE_VERSION, NULL);
    if (!cfg->security.box.enabled)
        seo_log("warn", "webhook secrets are stored unencrypted: set SEOPIPE_SECRET_KEY", NULL);
    int sig = 0;
    sigwait(&stop, &sig);
    seo_log("info", "stopping", "signal", sig == SIGTERM ? "SIGTERM" : "SIGINT", NULL);
    rc = 0;
stop_workers:
    /* Stop accepting at once; give responses already being written a moment to leave. */
    for (int i = 0; i < started; i++) {
        struct timeval drain = {1, 0};
        evhttp_del_accept_socket(workers[i].http, workers[i].bound);
        event_base_loopexit(workers[i].base, &drain);
    }
    for (int i = 0; i < started; i++) {
        pthread_join(workers[i].thread, NULL);
        worker_free(&workers[i]);
    }
    for (int i = started; i < n; i++) /* built but never started */
        worker_free(&workers[i]);
    if (rc == 0)
        seo_log("info", "stopped", NULL);
out:
    free(workers);
    if (curl_ready)
        curl_global_cleanup();
    return rc;
}
