/*
 * The v1 handlers that use Redis: POST /v1/seo with its package cache,
 * the drafts (PUT, GET, HEAD, DELETE /v1/drafts/{id}) and /readyz.
 *
 * A GET of a draft asks Redis only for its content hash when the worker has
 * a copy of the package (draft_cache.c), and serves the copy when the hashes
 * agree: Redis stays the truth, and sends a few bytes instead of the package.
 *
 * Redis keys:
 *   seopipe:pkg:<sha256 hex>   a cached package (string, TTL redis.cache_ttl_seconds)
 *   seopipe:draft:<id>         a stored draft (hash: revision, content_hash, package,
 *                              draft, content_type, updated_at; no TTL)
 * Cached packages expire and stored drafts do not, so with
 * `maxmemory-policy volatile-lru` Redis evicts only cache entries.
 *
 * A handler that asks Redis hands its exchange to the reply callback; that
 * callback answers, which frees the exchange. Redis is asked only while the
 * connection is up and every command has a deadline (redis.c), so no
 * request waits longer than redis.timeout_ms on Redis.
 */
/* strcasestr */
#define _GNU_SOURCE
#include "http_internal.h"

#include "events.h"

#include <event2/buffer.h>
#include <event2/http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define PACKAGE_KEY "seopipe:pkg:"
#define DRAFT_KEY "seopipe:draft:"
#define MAX_ID 128
#define MAX_DRAFT_SOURCES 20 /* draft.c reads at most 20 faq_sources */

/*
 * Stores a draft's revision atomically. The revision goes up only when the
 * content hash changes, so a PUT repeated with the same draft is a no-op; a
 * change to a published draft raises seo_package.updated in the same script.
 * KEYS[1] draft key; ARGV content_hash, package, draft, content_type,
 * updated_at, event id, draft id, payload head (up to the revision), payload
 * tail (after it), created (ISO 8601), now (ms). Returns {revision, event id or ''}.
 */
static const char store_script[] = SEO_LUA_FANOUT
    "local cur = redis.call('HMGET', KEYS[1], 'revision', 'content_hash', 'published')\n"
    "local rev, event = tonumber(cur[1] or '0'), ''\n"
    "if cur[2] ~= ARGV[1] then\n"
    "  rev = rev + 1\n"
    "  redis.call('HSET', KEYS[1], 'revision', rev, 'content_hash', ARGV[1], 'package', ARGV[2],\n"
    "             'draft', ARGV[3], 'content_type', ARGV[4], 'updated_at', ARGV[5])\n"
    "  if cur[3] == '1' then\n"
    "    event = ARGV[6]\n"
    "    fanout(event, 'seo_package.updated', ARGV[7], rev, ARGV[1], ARGV[8] .. rev .. ARGV[9],\n"
    "           ARGV[10], ARGV[11])\n"
    "  end\n"
    "end\n"
    "return {rev, event}\n";

/*
 * Deletes a draft; a published one raises seo_package.deleted in the same script.
 * ARGV: event id, draft id, payload head, created (ISO 8601), now (ms). Returns the event id or ''.
 */
static const char delete_script[] = SEO_LUA_FANOUT
    "local cur = redis.call('HMGET', KEYS[1], 'revision', 'content_hash', 'published')\n"
    "redis.call('DEL', KEYS[1])\n"
    "if cur[3] ~= '1' or not cur[1] or not cur[2] then return '' end\n"
    "fanout(ARGV[1], 'seo_package.deleted', ARGV[2], cur[1], cur[2],\n"
    "       ARGV[3] .. cur[1] .. ',\"content_hash\":\"' .. cur[2] .. '\"}}', ARGV[4], ARGV[5])\n"
    "return ARGV[1]\n";

/* ---- reading a draft from a request ---- */

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

void api_generation_problem(struct http_exchange *x, enum seo_status st,
                            const struct seo_error *err)
{
    switch (st) {
    case SEO_ERR_SYNTAX:
        http_problem(x, 400, "invalid-json", err->message, err);
        return;
    case SEO_ERR_ENCODING:
        http_problem(x, 400, "invalid-encoding", err->message, err);
        return;
    case SEO_ERR_LIMIT:
        http_problem(x, 413, "limit-exceeded", err->message, err);
        return;
    case SEO_ERR_TYPE:
        http_problem(x, 422, "invalid-field", err->message, err);
        return;
    case SEO_ERR_AUTH:
        http_problem(x, 401, "unauthorized", err->message, NULL);
        return;
    case SEO_ERR_UNUSABLE:
    case SEO_OK:
        http_problem(x, 422, "unusable-draft", err->message, err);
        return;
    }
}

/* The request body (NUL-terminated by evbuffer_pullup's contiguous copy not guaranteed: use len).
 */
static const char *request_body(struct http_exchange *x, size_t *len)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(x->req);
    *len = evbuffer_get_length(in);
    return *len ? (const char *)evbuffer_pullup(in, -1) : "";
}

/*
 * Stage 1 on a draft's bytes of the given content type: the draft, the
 * content hash (x->result). On failure answers and returns false; x is then
 * freed.
 */
static bool read_draft_from(struct http_exchange *x, const char *body, size_t len,
                            const char *content_type)
{
    const struct seo_config *cfg = x->w->cfg;
    struct seo_options *o = &x->opts;
    *o = seo_options_default();
    if (!format_of(content_type, &o->format)) {
        http_problem(x, 415, "unsupported-media-type",
                     "send the draft as application/json, text/markdown, text/html or text/plain",
                     NULL);
        return false;
    }
    o->limits = cfg->limits;
    o->sites = cfg->sites;
    o->n_sites = cfg->n_sites;
    o->default_site = cfg->default_site;
    o->now = (long long)time(NULL);
    o->stems = x->w->stems;
    struct seo_error err;
    enum seo_status st = seo_read(body, len, o, &x->result, &err);
    if (st != SEO_OK) {
        api_generation_problem(x, st, &err);
        return false;
    }
    x->has_result = true;
    return true;
}

/* read_draft_from() on the request's body and Content-Type. */
static bool read_draft(struct http_exchange *x)
{
    size_t len;
    const char *body = request_body(x, &len);
    return read_draft_from(x, body, len, http_request_header(x, "Content-Type"));
}

/* Stages 2-13 and the package JSON into x->package. On failure answers and returns false. */
static bool build_package(struct http_exchange *x)
{
    struct seo_error err;
    enum seo_status st = seo_build(&x->result, &x->opts, &err);
    if (st != SEO_OK) {
        api_generation_problem(x, st, &err);
        return false;
    }
    x->package = seo_result_json_indent(&x->result, 0);
    x->package_len = strlen(x->package);
    return true;
}

#define DRAFTS "drafts are"

/* ---- FAQ sources ---- */

static void on_sources(const struct seo_source_result *r, size_t n, void *arg)
{
    struct http_exchange *x = arg;
    for (size_t i = 0; i < n; i++)
        seo_result_add_source(&x->result, r[i].url, r[i].entries, r[i].failure);
    x->next(x);
}

/*
 * After read_draft(): pulls the draft's faq_sources and its site's (sources.c) into x->result,
 * which also makes them part of its content hash, then runs `next`. Without sources `next` runs
 * at once.
 */
static void with_sources(struct http_exchange *x, void (*next)(struct http_exchange *x))
{
    const struct seo_draft *d = &x->result.draft;
    const struct seo_site *site = x->result.site;
    const char *urls[MAX_DRAFT_SOURCES + SEO_MAX_SITE_FAQ_SOURCES];
    size_t n = 0;
    for (size_t i = 0; i < d->n_faq_sources && n < MAX_DRAFT_SOURCES; i++)
        urls[n++] = d->faq_sources[i];
    for (size_t i = 0; site && i < site->n_faq_sources; i++) {
        bool known = false;
        for (size_t k = 0; k < n && !known; k++)
            known = strcmp(urls[k], site->faq_sources[i]) == 0;
        if (!known)
            urls[n++] = site->faq_sources[i];
    }
    if (n == 0) {
        next(x);
        return;
    }
    x->next = next;
    seo_sources_pull(x->w->sources, urls, n, on_sources, x);
}

/* ---- POST /v1/seo ---- */

static const char *const cache_names[N_CACHE_RESULTS] = {"hit", "miss", "bypass"};

static void send_package(struct http_exchange *x, int cache, const char *json, size_t len)
{
    http_header(x, "X-Cache", cache_names[cache]);
    http_count_cache(x, cache);
    http_finish(x, 200, "application/json", json, len);
}

static void ignore_reply(const redisReply *reply, const char *error, void *arg)
{
    (void)reply, (void)error, (void)arg;
}

/* Builds the package and answers; on a miss also fills the cache (without waiting for it). */
static void build_and_send(struct http_exchange *x, int cache)
{
    if (!build_package(x))
        return;
    if (cache == CACHE_MISS) {
        char ttl[24];
        snprintf(ttl, sizeof(ttl), "%u", x->w->cfg->redis.cache_ttl_seconds);
        const char *argv[5] = {"SET", x->key, x->package, "EX", ttl};
        size_t argvlen[5] = {3, strlen(x->key), x->package_len, 2, strlen(ttl)};
        seo_redis_command(x->w->redis, ignore_reply, NULL, 5, argv, argvlen);
    }
    send_package(x, cache, x->package, x->package_len);
}

static void on_cached(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!error && reply->type == REDIS_REPLY_STRING) {
        send_package(x, CACHE_HIT, reply->str, reply->len);
        return;
    }
    build_and_send(x, !error && reply->type == REDIS_REPLY_NIL ? CACHE_MISS : CACHE_BYPASS);
}

/* Cache-Control: no-cache or no-store asks for a package built now, the cache left alone. */
static bool cache_refused(const struct http_exchange *x)
{
    const char *cc = http_request_header(x, "Cache-Control");
    return cc && (strcasestr(cc, "no-cache") || strcasestr(cc, "no-store"));
}

static void post_seo_with_sources(struct http_exchange *x)
{
    if (cache_refused(x)) {
        build_and_send(x, CACHE_BYPASS);
        return;
    }
    snprintf(x->key, sizeof(x->key), PACKAGE_KEY "%s", x->result.content_hash + 7);
    const char *argv[2] = {"GET", x->key};
    if (seo_redis_command(x->w->redis, on_cached, x, 2, argv, NULL) != 0)
        build_and_send(x, CACHE_BYPASS); /* Redis is down: still answer, uncached */
}

void api_post_seo(struct http_exchange *x)
{
    if (read_draft(x))
        with_sources(x, post_seo_with_sources);
}

/* ---- /v1/drafts/{id} ---- */

/* 1 to 128 of A-Z a-z 0-9 . _ ~ -, and not "." or "..": safe in a key, a log and a URL. */
static bool valid_id(const char *id)
{
    size_t n = strlen(id);
    return n >= 1 && n <= MAX_ID &&
           strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-") == n &&
           strcmp(id, ".") != 0 && strcmp(id, "..") != 0;
}

/* The entity tag of a package: its content hash, quoted. */
static void etag_of(const char *content_hash, char out[80])
{
    const char *hex = strncmp(content_hash, "sha256:", 7) == 0 ? content_hash + 7 : content_hash;
    snprintf(out, 80, "\"%.64s\"", hex);
}

/* If-None-Match: "*" or a list of tags, weak ones included (RFC 9110 13.1.2 uses weak comparison).
 */
static bool etag_matches(const char *header, const char *etag)
{
    if (!header)
        return false;
    size_t n = strlen(etag);
    const char *p = header;
    while (*p) {
        p += strspn(p, " \t,");
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        size_t len = strcspn(p, ",");
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == n && strncmp(p, etag, n) == 0)
            return true;
        p += strcspn(p, ",");
    }
    return false;
}

static void on_stored(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!http_redis_ok(x, DRAFTS, reply, error, REDIS_REPLY_ARRAY))
        return;
    if (reply->elements != 2 || reply->element[0]->type != REDIS_REPLY_INTEGER) {
        http_store_unavailable(x, DRAFTS, "an unexpected answer to the store script");
        return;
    }
    seo_draft_cache_put(x->w->drafts, x->param, x->result.content_hash, x->package, x->package_len);
    if (x->then) {
        x->then(x, reply);
        return;
    }
    char etag[80], revision[24];
    etag_of(x->result.content_hash, etag);
    snprintf(revision, sizeof(revision), "%lld", reply->element[0]->integer);
    http_header(x, "ETag", etag);
    http_header(x, "X-Draft-Revision", revision);
    if (reply->element[1]->type == REDIS_REPLY_STRING && reply->element[1]->len)
        http_header(x, "X-Event-Id", reply->element[1]->str);
    http_finish(x, 200, "application/json", x->package, x->package_len);
}

static void store_draft(struct http_exchange *x);

void api_store_draft(struct http_exchange *x, const char *body, size_t len,
                     const char *content_type)
{
    const char *id = x->param;
    snprintf(x->key, sizeof(x->key), DRAFT_KEY "%s", id);
    x->draft_body = body;
    x->draft_len = len;
    x->draft_type = content_type;
    if (!read_draft_from(x, body, len, content_type))
        return;
    if (x->result.draft.id && strcmp(x->result.draft.id, id) != 0) {
        char detail[400];
        snprintf(detail, sizeof(detail),
                 "the draft's id \"%.128s\" differs from the id in the path \"%s\"",
                 x->result.draft.id, id);
        struct seo_error err = {.status = SEO_ERR_TYPE};
        snprintf(err.field, sizeof(err.field), "/id");
        http_problem(x, 422, "id-mismatch", detail, &err);
        return;
    }
    with_sources(x, store_draft);
}

/* Builds the package of a PUT and stores it with the request body (store_script). */
static void store_draft(struct http_exchange *x)
{
    const char *id = x->param;
    if (!build_package(x))
        return;
    size_t body_len = x->draft_len;
    const char *body = x->draft_body, *type = x->draft_type;
    char now[24], event[40], iso[32], ms[24];
    snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
    seo_random_id("evt_", event, sizeof(event));
    seo_event_time((long long)time(NULL), iso);
    snprintf(ms, sizeof(ms), "%lld", seo_now_ms());
    /* The payload of seo_package.updated, should the draft be published: the script puts the
       new revision between head and tail. */
    struct seo_buf head = {0}, tail = {0};
    seo_event_payload_head(&head, "seo_package.updated", iso, id);
    seo_buf_printf(&tail, ",\"content_hash\":\"%s\",\"package\":", x->result.content_hash);
    seo_buf_append(&tail, x->package, x->package_len);
    seo_buf_puts(&tail, "}}");
    const char *argv[15] = {"EVAL",     store_script, "1",       x->key, x->result.content_hash,
                            x->package, body,         type,      now,    event,
                            id,         head.data,    tail.data, iso,    ms};
    size_t argvlen[15];
    /* The request body is not NUL-terminated: its length, like the package's, is known. */
    for (int i = 0; i < 15; i++)
        argvlen[i] = i == 5    ? x->package_len
                     : i == 6  ? body_len
                     : i == 12 ? tail.len
                               : strlen(argv[i]);
    if (seo_redis_command(x->w->redis, on_stored, x, 15, argv, argvlen) != 0)
        http_store_unavailable(x, DRAFTS, NULL);
    seo_buf_free(&head);
    seo_buf_free(&tail);
}

/*
 * Answers a read of a stored draft: 304 when If-None-Match still matches,
 * else the package, from the worker's cache without a copy when `cached`.
 */
static void send_draft(struct http_exchange *x, const char *hash, const char *revision,
                       const char *package, size_t len, const struct seo_cached_draft *cached)
{
    char etag[80];
    etag_of(hash, etag);
    http_header(x, "ETag", etag);
    if (revision)
        http_header(x, "X-Draft-Revision", revision);
    if (etag_matches(http_request_header(x, "If-None-Match"), etag)) {
        http_finish(x, 304, NULL, NULL, 0);
        return;
    }
    struct evbuffer *body = evbuffer_new();
    if (body && cached && seo_draft_cache_add_to(x->w->drafts, cached, body) == 0) {
        http_finish_buffer(x, 200, "application/json", body);
        return;
    }
    if (body)
        evbuffer_free(body);
    http_finish(x, 200, "application/json", package, len);
}

static const char *string_or_null(const redisReply *r)
{
    return r->type == REDIS_REPLY_STRING ? r->str : NULL;
}

/* HMGET package content_hash revision: the whole stored draft, kept in the worker's cache. */
static void on_read(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!http_redis_ok(x, DRAFTS, reply, error, REDIS_REPLY_ARRAY))
        return;
    if (reply->elements != 3) {
        http_store_unavailable(x, DRAFTS, "an unexpected answer to HMGET");
        return;
    }
    const redisReply *package = reply->element[0], *hash = reply->element[1];
    if (package->type != REDIS_REPLY_STRING || hash->type != REDIS_REPLY_STRING) {
        seo_draft_cache_drop(x->w->drafts, x->param);
        http_problem(x, 404, "draft-not-found", "no draft is stored under this id", NULL);
        return;
    }
    seo_draft_cache_put(x->w->drafts, x->param, hash->str, package->str, package->len);
    send_draft(x, hash->str, string_or_null(reply->element[2]), package->str, package->len,
               seo_draft_cache_get(x->w->drafts, x->param));
}

/* HMGET content_hash revision: is the worker's copy still the stored one? */
static void on_checked(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!http_redis_ok(x, DRAFTS, reply, error, REDIS_REPLY_ARRAY))
        return;
    if (reply->elements != 2) {
        http_store_unavailable(x, DRAFTS, "an unexpected answer to HMGET");
        return;
    }
    const redisReply *hash = reply->element[0];
    if (hash->type != REDIS_REPLY_STRING) {
        seo_draft_cache_drop(x->w->drafts, x->param);
        http_problem(x, 404, "draft-not-found", "no draft is stored under this id", NULL);
        return;
    }
    /* Looked up again: other requests of this worker may have changed the cache meanwhile. */
    const struct seo_cached_draft *cached = seo_draft_cache_get(x->w->drafts, x->param);
    if (cached && strcmp(cached->content_hash, hash->str) == 0) {
        send_draft(x, hash->str, string_or_null(reply->element[1]), cached->package, cached->len,
                   cached);
        return;
    }
    const char *argv[5] = {"HMGET", x->key, "package", "content_hash", "revision"};
    if (seo_redis_command(x->w->redis, on_read, x, 5, argv, NULL) != 0)
        http_store_unavailable(x, DRAFTS, NULL);
}

static void on_deleted(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!http_redis_ok(x, DRAFTS, reply, error, REDIS_REPLY_STRING))
        return;
    if (x->then) {
        x->then(x, reply);
        return;
    }
    if (reply->len)
        http_header(x, "X-Event-Id", reply->str);
    http_finish(x, 204, NULL, NULL, 0);
}

void api_delete_draft(struct http_exchange *x)
{
    const char *id = x->param;
    snprintf(x->key, sizeof(x->key), DRAFT_KEY "%s", id);
    seo_draft_cache_drop(x->w->drafts, id);
    char event[40], iso[32], ms[24];
    seo_random_id("evt_", event, sizeof(event));
    seo_event_time((long long)time(NULL), iso);
    snprintf(ms, sizeof(ms), "%lld", seo_now_ms());
    struct seo_buf head = {0};
    seo_event_payload_head(&head, "seo_package.deleted", iso, id);
    const char *argv[9] = {"EVAL", delete_script, "1", x->key, event, id, head.data, iso, ms};
    if (seo_redis_command(x->w->redis, on_deleted, x, 9, argv, NULL) != 0)
        http_store_unavailable(x, DRAFTS, NULL);
    seo_buf_free(&head);
}

void api_draft(struct http_exchange *x, const char *id)
{
    if (!valid_id(id)) {
        http_problem(x, 400, "invalid-draft-id",
                     "a draft id is 1 to 128 characters of A-Z a-z 0-9 . _ ~ - (not . or ..)",
                     NULL);
        return;
    }
    snprintf(x->key, sizeof(x->key), DRAFT_KEY "%s", id);
    enum evhttp_cmd_type method = evhttp_request_get_command(x->req);
    if (method == EVHTTP_REQ_PUT) {
        size_t len;
        const char *body = request_body(x, &len);
        api_store_draft(x, body, len, http_request_header(x, "Content-Type"));
        return;
    }
    if (method == EVHTTP_REQ_DELETE) {
        api_delete_draft(x);
        return;
    }
    int rc;
    if (seo_draft_cache_get(x->w->drafts, id)) {
        const char *argv[4] = {"HMGET", x->key, "content_hash", "revision"};
        rc = seo_redis_command(x->w->redis, on_checked, x, 4, argv, NULL);
    } else {
        const char *argv[5] = {"HMGET", x->key, "package", "content_hash", "revision"};
        rc = seo_redis_command(x->w->redis, on_read, x, 5, argv, NULL);
    }
    if (rc != 0)
        http_store_unavailable(x, DRAFTS, NULL);
}

/* ---- /readyz ---- */

void api_readyz(struct http_exchange *x)
{
    const char *why;
    if (seo_redis_state(x->w->redis, &why) == SEO_REDIS_UP) {
        http_finish(x, 200, "text/plain; charset=utf-8", "ready\n", 6);
        return;
    }
    char detail[400];
    snprintf(detail, sizeof(detail), "Redis is unavailable: %s", why && *why ? why : "not up");
    http_header(x, "Retry-After", "1");
    http_problem(x, 503, "not-ready", detail, NULL);
}
