/*
 * The HTTP API. Each worker owns an event base, an evhttp with its own
 * listening socket on the shared port (SO_REUSEPORT: the kernel spreads
 * connections), a stemmer cache and an in-flight counter; nothing is shared
 * between workers but the read-only configuration. Generation is pure and
 * sub-millisecond, so it runs inside the request callback.
 */
/* SO_REUSEPORT, SOCK_NONBLOCK and SOCK_CLOEXEC are Linux extensions. */
#define _GNU_SOURCE
#include "http.h"

#include "buf.h"
#include "json.h"
#include "log.h"
#include "seopipe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* openapi.yaml, embedded at build time (CMakeLists.txt). */
extern const char seopipe_openapi_yaml[];
extern const size_t seopipe_openapi_yaml_len;

#define MAX_KEYS 32
#define MAX_HEADERS_BYTES 16384

/*
 * Metrics: each worker counts its own requests (only it writes them, with
 * relaxed atomics so a scrape on another worker reads whole values); a scrape
 * of /metrics adds the workers up.
 */
enum { ROUTE_HEALTHZ, ROUTE_OPENAPI, ROUTE_SEO, ROUTE_METRICS, ROUTE_OTHER, N_ROUTES };
static const char *const route_names[N_ROUTES] = {"/healthz", "/openapi.yaml", "/v1/seo",
                                                  "/metrics", "other"};
static const int statuses[] = {200, 400, 401, 404, 405, 413, 415, 422, 500, 503};
#define N_STATUSES (sizeof(statuses) / sizeof(statuses[0]))
static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                 0.1,    0.25,  0.5,    1,     2.5,  5,     10};
#define N_BUCKETS (sizeof(buckets) / sizeof(buckets[0]))

struct metrics {
    unsigned long requests[N_ROUTES][N_STATUSES + 1]; /* last column: any other status */
    unsigned long latency[N_ROUTES][N_BUCKETS + 1];   /* per bucket, not cumulative; last: +Inf */
    unsigned long latency_us[N_ROUTES];               /* sum, microseconds */
    unsigned long cache_bypass;
};

struct worker;

struct server {
    const struct seo_config *cfg;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    char *keys[MAX_KEYS];
    size_t n_keys;
    struct worker *workers; /* all of them, for /metrics */
    int n_workers;
};

struct worker {
    const struct server *srv;
    struct event_base *base;
    struct evhttp *http;
    struct evhttp_bound_socket *bound;
    struct seo_stem_cache *stems;
    size_t inflight; /* written by this worker, read by scrapes: atomic builtins */
    struct metrics metrics;
    int index;
    pthread_t thread;
};

/* ---- responses ---- */

/* A request id: the client's when it is short and plain, else 32 random hex digits. */
static void request_id(struct evhttp_request *req, char out[65])
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
    unsigned char raw[16];
    if (RAND_bytes(raw, sizeof(raw)) != 1)
        memset(raw, 0, sizeof(raw));
    for (size_t i = 0; i < sizeof(raw); i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

static const char *reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
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

struct exchange {
    struct evhttp_request *req;
    struct worker *w;
    int route; /* ROUTE_* */
    char id[65];
    struct timespec start;
    const char *path;
};

static void count(unsigned long *counter, unsigned long n)
{
    __atomic_fetch_add(counter, n, __ATOMIC_RELAXED);
}

static unsigned long read_count(const unsigned long *counter)
{
    return __atomic_load_n(counter, __ATOMIC_RELAXED);
}

static void record(struct exchange *x, int status, double seconds)
{
    struct metrics *m = &x->w->metrics;
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

static void finish(struct exchange *x, int status, const char *content_type, const char *body,
                   size_t len)
{
    struct evkeyvalq *out = evhttp_request_get_output_headers(x->req);
    evhttp_add_header(out, "X-Request-Id", x->id);
    if (content_type)
        evhttp_add_header(out, "Content-Type", content_type);
    struct evbuffer *buf = evbuffer_new();
    if (buf && len)
        evbuffer_add(buf, body, len);
    evhttp_send_reply(x->req, status, reason(status), buf);
    if (buf)
        evbuffer_free(buf);
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
}

/*
 * An RFC 9457 problem: a stable type, a title, the status, what was wrong
 * (`detail`) and, when known, where (`pointer`, `line`, `column`).
 */
static void problem(struct exchange *x, int status, const char *type, const char *detail,
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
    finish(x, status, "application/problem+json", body.data, body.len);
    seo_buf_free(&body);
}

/* ---- authentication ---- */

/* Compares in constant time for equal lengths, so a key cannot be guessed byte by byte. */
static bool key_matches(const struct server *srv, const char *given)
{
    bool ok = false;
    size_t n = strlen(given);
    for (size_t i = 0; i < srv->n_keys; i++)
        if (strlen(srv->keys[i]) == n && CRYPTO_memcmp(srv->keys[i], given, n) == 0)
            ok = true;
    return ok;
}

static bool authorized(struct exchange *x, const struct server *srv)
{
    if (srv->n_keys == 0)
        return true;
    const char *auth =
        evhttp_find_header(evhttp_request_get_input_headers(x->req), "Authorization");
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0 && key_matches(srv, auth + 7))
        return true;
    evhttp_add_header(evhttp_request_get_output_headers(x->req), "WWW-Authenticate", "Bearer");
    problem(x, 401, "unauthorized",
            auth ? "the API key in the Authorization header is not valid"
                 : "this endpoint needs an Authorization: Bearer <API key> header",
            NULL);
    return false;
}

/* ---- routes ---- */

/* The draft format a Content-Type names; false for types the API does not take. */
static bool format_of(const char *content_type, enum seo_format *out)
{
    if (!content_type)
        return false;
    size_t n = strcspn(content_type, "; \t");
    static const struct {
        const char *type;
        enum seo_format format;
    } types[] = {{"application/json", SEO_FORMAT_JSON},
                 {"text/markdown", SEO_FORMAT_MARKDOWN},
                 {"text/html", SEO_FORMAT_HTML},
                 {"text/plain", SEO_FORMAT_TEXT}};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        if (strlen(types[i].type) == n && strncasecmp(content_type, types[i].type, n) == 0) {
            *out = types[i].format;
            return true;
        }
    }
    return false;
}

static void post_seo(struct exchange *x, struct worker *w)
{
    const struct seo_config *cfg = w->srv->cfg;
    struct seo_options opts = seo_options_default();
    const char *type = evhttp_find_header(evhttp_request_get_input_headers(x->req), "Content-Type");
    if (!format_of(type, &opts.format)) {
        problem(x, 415, "unsupported-media-type",
                "send the draft as application/json, text/markdown, text/html or text/plain", NULL);
        return;
    }
    struct evbuffer *in = evhttp_request_get_input_buffer(x->req);
    size_t len = evbuffer_get_length(in);
    const char *body = len ? (const char *)evbuffer_pullup(in, -1) : "";
    opts.limits = cfg->limits;
    opts.sites = cfg->sites;
    opts.n_sites = cfg->n_sites;
    opts.default_site = cfg->default_site;
    opts.now = (long long)time(NULL);
    opts.stems = w->stems;
    struct seo_result r;
    struct seo_error err;
    enum seo_status st = seo_generate(body, len, &opts, &r, &err);
    switch (st) {
    case SEO_OK: {
        char *json = seo_result_json_indent(&r, 0);
        evhttp_add_header(evhttp_request_get_output_headers(x->req), "X-Cache", "bypass");
        count(&w->metrics.cache_bypass, 1);
        finish(x, 200, "application/json", json, strlen(json));
        free(json);
        seo_result_free(&r);
        return;
    }
    case SEO_ERR_SYNTAX:
        problem(x, 400, "invalid-json", err.message, &err);
        return;
    case SEO_ERR_ENCODING:
        problem(x, 400, "invalid-encoding", err.message, &err);
        return;
    case SEO_ERR_LIMIT:
        problem(x, 413, "limit-exceeded", err.message, &err);
        return;
    case SEO_ERR_TYPE:
        problem(x, 422, "invalid-field", err.message, &err);
        return;
    case SEO_ERR_UNUSABLE:
        problem(x, 422, "unusable-draft", err.message, &err);
        return;
    }
}

struct route {
    int id;      /* ROUTE_* */
    int methods; /* EVHTTP_REQ_* */
    const char *allow;
    bool needs_key;
};

static const struct route routes[] = {
    {ROUTE_HEALTHZ, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD, "GET, HEAD", false},
    {ROUTE_OPENAPI, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD, "GET, HEAD", false},
    {ROUTE_SEO, EVHTTP_REQ_POST, "POST", true},
    {ROUTE_METRICS, EVHTTP_REQ_GET, "GET", false},
};

/* Prometheus text format (0.0.4): every worker's counters added up. */
static void get_metrics(struct exchange *x, const struct server *srv)
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
    unsigned long inflight = 0, bypass = 0;
    for (int i = 0; i < srv->n_workers; i++) {
        inflight += __atomic_load_n(&srv->workers[i].inflight, __ATOMIC_RELAXED);
        bypass += read_count(&srv->workers[i].metrics.cache_bypass);
    }
    seo_buf_printf(
        &out,
        "# HELP seopipe_http_requests_in_flight Requests taken and not yet answered, all workers.\n"
        "# TYPE seopipe_http_requests_in_flight gauge\n"
        "seopipe_http_requests_in_flight %lu\n"
        "# HELP seopipe_cache_requests_total Packages served, by cache result.\n"
        "# TYPE seopipe_cache_requests_total counter\n"
        "seopipe_cache_requests_total{result=\"bypass\"} %lu\n"
        "# HELP seopipe_workers Worker threads.\n"
        "# TYPE seopipe_workers gauge\n"
        "seopipe_workers %d\n",
        inflight, bypass, srv->n_workers);
    finish(x, 200, "text/plain; version=0.0.4; charset=utf-8", out.data, out.len);
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
    struct worker *w;
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
static bool slot_take(struct worker *w, struct evhttp_request *req)
{
    struct evhttp_connection *evcon = evhttp_request_get_connection(req);
    if (!evcon ||
        __atomic_load_n(&w->inflight, __ATOMIC_RELAXED) >= w->srv->cfg->server.max_inflight)
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

static void handle(struct evhttp_request *req, void *arg)
{
    struct worker *w = arg;
    struct exchange x = {.req = req, .w = w, .route = ROUTE_OTHER};
    clock_gettime(CLOCK_MONOTONIC, &x.start);
    request_id(req, x.id);
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
    const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
    x.path = path && *path ? path : "/";
    enum evhttp_cmd_type method = evhttp_request_get_command(req);

    const struct route *route = NULL;
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
        if (strcmp(route_names[routes[i].id], x.path) == 0)
            route = &routes[i];
    if (route)
        x.route = route->id;
    if (!route) {
        problem(&x, 404, "not-found", "no such endpoint; see /openapi.yaml", NULL);
        return;
    }
    if (!(route->methods & (int)method)) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "Allow", route->allow);
        problem(&x, 405, "method-not-allowed", "this endpoint does not take that method", NULL);
        return;
    }
    if (route->needs_key && !authorized(&x, w->srv))
        return;
    if (!slot_take(w, req)) {
        evhttp_add_header(evhttp_request_get_output_headers(req), "Retry-After", "1");
        problem(&x, 503, "overloaded",
                "the server is at its in-flight request limit; retry shortly", NULL);
        return;
    }
    switch (route->id) {
    case ROUTE_HEALTHZ:
        finish(&x, 200, "text/plain; charset=utf-8", "ok\n", 3);
        break;
    case ROUTE_OPENAPI:
        finish(&x, 200, "application/yaml", seopipe_openapi_yaml, seopipe_openapi_yaml_len);
        break;
    case ROUTE_METRICS:
        get_metrics(&x, w->srv);
        break;
    default:
        post_seo(&x, w);
    }
}

/* ---- workers ---- */

static int listen_socket(const struct server *srv)
{
    int fd = socket(srv->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
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
    struct worker *w = arg;
    event_base_dispatch(w->base);
    return NULL;
}

static void worker_free(struct worker *w)
{
    if (w->http)
        evhttp_free(w->http);
    if (w->base)
        event_base_free(w->base);
    seo_stem_cache_free(w->stems);
}

/* Builds a worker with its own listening socket; errno says why it failed. */
static int worker_init(struct worker *w, const struct server *srv, int index)
{
    memset(w, 0, sizeof(*w));
    w->srv = srv;
    w->index = index;
    w->base = event_base_new();
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
    evhttp_set_max_body_size(w->http, (ev_ssize_t)srv->cfg->limits.max_body_bytes);
    evhttp_set_max_headers_size(w->http, MAX_HEADERS_BYTES);
    evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST |
                                            EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_PATCH |
                                            EVHTTP_REQ_OPTIONS);
    evhttp_set_gencb(w->http, handle, w);
    w->stems = seo_stem_cache_new();
    return 0;
}

/* "127.0.0.1:8080", "[::1]:8080", "localhost:8080" into a socket address. */
static bool parse_listen(const char *listen, struct server *srv, bool *loopback, char *msg,
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

static void split_keys(struct server *srv, const char *list)
{
    if (!list)
        return;
    const char *p = list;
    while (*p && srv->n_keys < MAX_KEYS) {
        size_t n = strcspn(p, ",");
        while (n && p[n - 1] == ' ')
            n--;
        if (n)
            srv->keys[srv->n_keys++] = strndup(p, n);
        p += strcspn(p, ",");
        while (*p == ',' || *p == ' ')
            p++;
    }
}

int seo_http_serve(const struct seo_config *cfg)
{
    struct server srv = {.cfg = cfg};
    char msg[256];
    bool loopback = false;
    int rc = 2;
    struct worker *workers = NULL;
    int started = 0;
    if (!parse_listen(cfg->server.listen, &srv, &loopback, msg, sizeof(msg))) {
        fprintf(stderr, "seopipe: %s\n", msg);
        return 2;
    }
    split_keys(&srv, cfg->server.api_keys);
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
    for (size_t i = 0; i < srv.n_keys; i++)
        free(srv.keys[i]);
    return rc;
}
