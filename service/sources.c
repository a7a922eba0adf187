/*
 * Pulling FAQ sources (sources.h). One pull is the sources of one request:
 *
 *   per URL: Redis HMGET (cached entries and validators)
 *     fresh  -> done ("fresh")
 *     else   -> GET, conditional when validators are known
 *                 304 -> cached entries ("revalidated"), fetched_ms renewed
 *                 2xx -> seo_faqsource_parse() -> done ("pulled"), cached
 *                 else -> failure with its reason
 *
 * A pull ends when every URL has, or at its deadline, whichever comes
 * first; its callback always runs from the event loop (a zero-delay event),
 * never inside seo_sources_pull(). A pull stays allocated until its Redis
 * replies have come back too, since they carry pointers into it.
 */
#include "sources.h"

#include "buf.h"
#include "curl_loop.h"
#include "events.h"
#include "faqsource.h"
#include "json.h"
#include "log.h"
#include "outbound.h"

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SOURCE_KEY "seopipe:src:"
#define MAX_REDIRECTS 3L
#define STALE_KEEP_SECONDS (7 * 86400) /* entries kept past freshness, for revalidation */

struct pull;

struct fetch {
    struct pull *p;
    char *url;
    char key[80];
    CURL *easy;
    struct curl_slist *headers;
    struct seo_curl_guard guard;
    struct seo_buf body;
    char etag[256], last_modified[64];         /* of the answer */
    char had_etag[256], had_last_modified[64]; /* Redis's, sent as the conditions */
    json_t *cached;                            /* entries Redis had, for a 304 */
    json_t *entries;                           /* the result */
    char failure[256];
    bool done;
};

struct pull {
    struct seo_sources *s;
    struct fetch *f;
    size_t n, left;
    unsigned redis_pending; /* replies still to come: the pull lives until they have */
    bool ended;             /* the callback has run */
    seo_sources_done *done;
    void *arg;
    struct event *deadline, *finish;
    struct pull *prev, *next;
};

struct seo_sources {
    struct event_base *base;
    const struct seo_config *cfg;
    struct seo_redis *redis;
    struct seo_curl_loop *curl;
    unsigned transfers;
    bool closing; /* stopped: nothing new starts */
    struct pull *pulls;
    struct seo_sources_stats stats; /* atomic counters */
};

static void count(unsigned long *c)
{
    __atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

static void pull_free(struct pull *p)
{
    struct seo_sources *s = p->s;
    if (p->prev)
        p->prev->next = p->next;
    else if (s->pulls == p)
        s->pulls = p->next;
    if (p->next)
        p->next->prev = p->prev;
    for (size_t i = 0; i < p->n; i++) {
        free(p->f[i].url);
        json_decref(p->f[i].cached);
        json_decref(p->f[i].entries);
        seo_buf_free(&p->f[i].body);
    }
    free(p->f);
    if (p->deadline)
        event_free(p->deadline);
    if (p->finish)
        event_free(p->finish);
    free(p);
}

static void transfer_end(struct fetch *f)
{
    if (f->easy) {
        seo_curl_loop_remove(f->p->s->curl, f->easy);
        curl_easy_cleanup(f->easy);
        f->easy = NULL;
        f->p->s->transfers--;
    }
    curl_slist_free_all(f->headers);
    f->headers = NULL;
}

/* One URL is done with its entries (taken). The last URL done ends the pull. */
static void succeed(struct fetch *f, json_t *entries)
{
    transfer_end(f);
    if (f->done) {
        json_decref(entries);
        return;
    }
    f->done = true;
    f->entries = entries;
    if (--f->p->left == 0)
        event_active(f->p->finish, EV_TIMEOUT, 1);
}

/* One URL is done without entries: the reason, formatted, for the package's warning. */
static void fail(struct fetch *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct fetch *f, const char *fmt, ...)
{
    transfer_end(f);
    if (f->done)
        return;
    f->done = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->failure, sizeof(f->failure), fmt, ap);
    va_end(ap);
    count(&f->p->s->stats.failed);
    if (--f->p->left == 0)
        event_active(f->p->finish, EV_TIMEOUT, 1);
}

static void on_finish(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    struct pull *p = arg;
    if (p->ended)
        return;
    p->ended = true;
    evtimer_del(p->deadline);
    struct seo_source_result *r = calloc(p->n ? p->n : 1, sizeof(*r));
    if (!r)
        abort();
    for (size_t i = 0; i < p->n; i++) {
        struct fetch *f = &p->f[i];
        transfer_end(f);
        r[i].url = f->url;
        r[i].entries = f->entries;
        r[i].failure = f->entries ? NULL : f->failure;
    }
    p->done(r, p->n, p->arg);
    free(r);
    if (p->redis_pending == 0)
        pull_free(p);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    struct pull *p = arg;
    for (size_t i = 0; i < p->n; i++)
        if (!p->f[i].done)
            fail(&p->f[i], "deadline (%u ms for all sources of a request)",
                 p->s->cfg->sources.deadline_ms);
}

/* ---- Redis ---- */

static void on_ignored(const redisReply *reply, const char *error, void *arg)
{
    (void)reply, (void)error;
    struct pull *p = arg;
    if (--p->redis_pending == 0 && p->ended)
        pull_free(p);
}

/* Keeps what a 2xx or 304 gave, for the next pull of the same URL (any instance). */
static void store(struct fetch *f, const json_t *entries)
{
    struct seo_sources *s = f->p->s;
    if (seo_redis_state(s->redis, NULL) != SEO_REDIS_UP)
        return;
    char *json = json_dumps(entries, JSON_COMPACT);
    if (!json)
        return;
    char ms[24], ttl[24];
    snprintf(ms, sizeof(ms), "%lld", seo_now_ms());
    snprintf(ttl, sizeof(ttl), "%u", s->cfg->sources.cache_ttl_seconds + STALE_KEEP_SECONDS);
    const char *hset[12] = {"HSET", f->key,  "url",           f->url,           "entries",    json,
                            "etag", f->etag, "last_modified", f->last_modified, "fetched_ms", ms};
    const char *expire[3] = {"EXPIRE", f->key, ttl};
    if (seo_redis_command(s->redis, on_ignored, f->p, 12, hset, NULL) == 0)
        f->p->redis_pending++;
    if (seo_redis_command(s->redis, on_ignored, f->p, 3, expire, NULL) == 0)
        f->p->redis_pending++;
    free(json);
}

/* ---- HTTP ---- */

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    struct fetch *f = arg;
    size_t len = size * n;
    if (f->body.len + len > f->p->s->cfg->sources.max_bytes)
        return 0; /* CURLE_WRITE_ERROR: too big, cut while reading */
    seo_buf_append(&f->body, data, len);
    return len;
}

/* Keeps the validators of the last answer (a redirect's are dropped at the next status line). */
static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    struct fetch *f = arg;
    size_t len = size * n;
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        f->etag[0] = f->last_modified[0] = '\0';
        return len;
    }
    static const struct {
        const char *name;
        size_t off, cap;
    } keep[] = {{"ETag:", offsetof(struct fetch, etag), sizeof(((struct fetch *)0)->etag)},
                {"Last-Modified:", offsetof(struct fetch, last_modified),
                 sizeof(((struct fetch *)0)->last_modified)}};
    for (size_t k = 0; k < 2; k++) {
        size_t nl = strlen(keep[k].name);
        if (len > nl && strncasecmp(data, keep[k].name, nl) == 0) {
            size_t v = nl, end = len;
            while (v < len && (data[v] == ' ' || data[v] == '\t'))
                v++;
            while (end > v &&
                   (data[end - 1] == '\r' || data[end - 1] == '\n' || data[end - 1] == ' '))
                end--;
            if (end - v < keep[k].cap)
                snprintf((char *)f + keep[k].off, keep[k].cap, "%.*s", (int)(end - v), data + v);
        }
    }
    return len;
}

static void start_transfer(struct fetch *f)
{
    struct seo_sources *s = f->p->s;
    const struct seo_source_settings *ss = &s->cfg->sources;
    char host[256], msg[300];
    int port;
    if (seo_outbound_url_check(f->url, &s->cfg->webhooks.policy, host, sizeof(host), &port, msg,
                               sizeof(msg)) != 0) {
        fail(f, "refused: %s", msg);
        return;
    }
    if (s->transfers >= ss->max_transfers) {
        fail(f, "busy (%u sources being pulled by this worker)", s->transfers);
        return;
    }
    CURL *e = curl_easy_init();
    if (!e) {
        fail(f, "out of memory");
        return;
    }
    f->easy = e;
    s->transfers++;
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, "Accept: text/html, application/xhtml+xml, application/ld+json, "
                             "application/json;q=0.9, text/plain;q=0.8, */*;q=0.1");
    char line[320];
    if (f->cached && f->had_etag[0]) {
        snprintf(line, sizeof(line), "If-None-Match: %s", f->had_etag);
        h = curl_slist_append(h, line);
    }
    if (f->cached && f->had_last_modified[0]) {
        snprintf(line, sizeof(line), "If-Modified-Since: %s", f->had_last_modified);
        h = curl_slist_append(h, line);
    }
    f->headers = h;
    f->guard.policy = &s->cfg->webhooks.policy;
    seo_curl_guard(e, &f->guard);
    curl_easy_setopt(e, CURLOPT_URL, f->url);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "seopipe/" SEOPIPE_VERSION " (FAQ sources)");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, MAX_REDIRECTS);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)ss->connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)ss->timeout_ms);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)ss->max_bytes);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* the cap counts decoded bytes */
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, f);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, f);
    curl_easy_setopt(e, CURLOPT_PRIVATE, f);
    if (!h || !seo_curl_loop_add(s->curl, e))
        fail(f, "cannot start the request");
}

static void on_done(CURL *easy, CURLcode rc, void *arg)
{
    (void)arg;
    struct fetch *f = NULL;
    long status = 0;
    char *type = NULL;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&f);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &type);
    struct seo_sources *s = f->p->s;
    if (rc != CURLE_OK) {
        const char *cls = seo_curl_error_class(rc, &f->guard);
        if (strcmp(cls, "blocked") == 0)
            fail(f, "blocked address (%s)", f->guard.why ? f->guard.why : "refused");
        else if (strcmp(cls, "too_big") == 0)
            fail(f, "too big (over %zu bytes)", s->cfg->sources.max_bytes);
        else if (strcmp(cls, "redirects") == 0)
            fail(f, "more than %ld redirects", MAX_REDIRECTS);
        else
            fail(f, "%s", cls);
        return;
    }
    if (status == 304 && f->cached) {
        count(&s->stats.revalidated);
        /* A 304 need not repeat the validators: keep the ones it confirmed. */
        if (!f->etag[0])
            snprintf(f->etag, sizeof(f->etag), "%s", f->had_etag);
        if (!f->last_modified[0])
            snprintf(f->last_modified, sizeof(f->last_modified), "%s", f->had_last_modified);
        json_t *entries = json_incref(f->cached);
        store(f, entries);
        succeed(f, entries);
        return;
    }
    if (status < 200 || status > 299) {
        fail(f, "HTTP %ld", status);
        return;
    }
    char *ctype = type ? strdup(type) : NULL; /* curl's string goes with the handle */
    transfer_end(f);
    struct seo_limits limits = s->cfg->limits;
    limits.max_body_bytes = s->cfg->sources.max_bytes; /* a page, not a draft: its own cap */
    json_t *entries = NULL;
    struct seo_error err;
    if (seo_faqsource_parse(ctype, f->body.data ? f->body.data : "", f->body.len, &limits, &entries,
                            &err) != SEO_OK) {
        fail(f, "unparsable: %s", err.message);
    } else {
        count(&s->stats.pulled);
        store(f, entries);
        succeed(f, entries);
    }
    free(ctype);
    seo_buf_free(&f->body);
}

/* HMGET url entries etag last_modified fetched_ms */
static void on_cached(const redisReply *reply, const char *error, void *arg)
{
    struct fetch *f = arg;
    struct pull *p = f->p;
    p->redis_pending--;
    if (p->ended) {
        if (p->redis_pending == 0)
            pull_free(p);
        return;
    }
    if (f->done)
        return;
    if (p->s->closing) {
        fail(f, "stopping");
        return;
    }
    if (!error && reply->type == REDIS_REPLY_ARRAY && reply->elements == 5 &&
        reply->element[0]->type == REDIS_REPLY_STRING &&
        strcmp(reply->element[0]->str, f->url) == 0 &&
        reply->element[1]->type == REDIS_REPLY_STRING) {
        json_t *entries = json_loadb(reply->element[1]->str, reply->element[1]->len, 0, NULL);
        long long fetched = reply->element[4]->type == REDIS_REPLY_STRING
                                ? strtoll(reply->element[4]->str, NULL, 10)
                                : 0;
        if (json_is_array(entries)) {
            long long ttl_ms = p->s->cfg->sources.cache_ttl_seconds * 1000ll;
            if (ttl_ms > 0 && fetched + ttl_ms > seo_now_ms()) { /* 0: always ask again */
                count(&p->s->stats.fresh);
                succeed(f, entries);
                return;
            }
            f->cached = entries;
            entries = NULL;
            for (size_t k = 2; k < 4; k++)
                if (reply->element[k]->type == REDIS_REPLY_STRING)
                    snprintf(k == 2 ? f->had_etag : f->had_last_modified,
                             k == 2 ? sizeof(f->had_etag) : sizeof(f->had_last_modified), "%s",
                             reply->element[k]->str);
        }
        json_decref(entries);
    }
    start_transfer(f);
}

/* ---- public ---- */

struct seo_sources *seo_sources_new(struct event_base *base, const struct seo_config *cfg,
                                    struct seo_redis *redis)
{
    struct seo_sources *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->base = base;
    s->cfg = cfg;
    s->redis = redis;
    s->curl = seo_curl_loop_new(base, on_done, s);
    if (!s->curl) {
        free(s);
        return NULL;
    }
    return s;
}

/* The Redis key of a URL: its SHA-256, so any URL makes a short, safe key. */
static void key_of(const char *url, char out[80])
{
    char hex[65];
    seo_sha256_hex(url, strlen(url), hex);
    snprintf(out, 80, SOURCE_KEY "%s", hex);
}

void seo_sources_pull(struct seo_sources *s, const char *const *urls, size_t n,
                      seo_sources_done *done, void *arg)
{
    if (s->closing)
        n = 0; /* ends at once, without sources: the request still gets its answer */
    struct pull *p = calloc(1, sizeof(*p));
    if (!p)
        abort();
    p->s = s;
    p->n = p->left = n;
    p->done = done;
    p->arg = arg;
    p->f = calloc(n ? n : 1, sizeof(*p->f));
    p->deadline = evtimer_new(s->base, on_deadline, p);
    p->finish = event_new(s->base, -1, 0, on_finish, p);
    if (!p->f || !p->deadline || !p->finish)
        abort();
    p->next = s->pulls;
    if (s->pulls)
        s->pulls->prev = p;
    s->pulls = p;
    unsigned ms = s->cfg->sources.deadline_ms;
    struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
    evtimer_add(p->deadline, &tv);
    if (n == 0)
        event_active(p->finish, EV_TIMEOUT, 1);
    for (size_t i = 0; i < n; i++) {
        struct fetch *f = &p->f[i];
        f->p = p;
        f->url = strdup(urls[i]);
        if (!f->url)
            abort();
        key_of(f->url, f->key);
    }
    for (size_t i = 0; i < n; i++) {
        struct fetch *f = &p->f[i];
        const char *argv[7] = {"HMGET", f->key,          "url",       "entries",
                               "etag",  "last_modified", "fetched_ms"};
        if (seo_redis_command(s->redis, on_cached, f, 7, argv, NULL) == 0)
            p->redis_pending++;
        else
            start_transfer(f); /* Redis is away (or caching is off): pull it anyway */
    }
}

void seo_sources_stop(struct seo_sources *s)
{
    if (!s)
        return;
    s->closing = true;
    for (struct pull *p = s->pulls, *next; p; p = next) {
        next = p->next;
        for (size_t i = 0; i < p->n; i++)
            if (!p->f[i].done)
                fail(&p->f[i], "stopping");
        if (!p->ended)
            on_finish(-1, 0, p); /* may free p: `next` was taken before */
    }
}

void seo_sources_free(struct seo_sources *s)
{
    if (!s)
        return;
    seo_sources_stop(s);
    while (s->pulls) /* Redis replies still owed: the connection is gone, they never come */
        pull_free(s->pulls);
    seo_curl_loop_free(s->curl);
    free(s);
}

void seo_sources_stats(const struct seo_sources *s, struct seo_sources_stats *out)
{
    out->pulled = __atomic_load_n(&s->stats.pulled, __ATOMIC_RELAXED);
    out->fresh = __atomic_load_n(&s->stats.fresh, __ATOMIC_RELAXED);
    out->revalidated = __atomic_load_n(&s->stats.revalidated, __ATOMIC_RELAXED);
    out->failed = __atomic_load_n(&s->stats.failed, __ATOMIC_RELAXED);
}
