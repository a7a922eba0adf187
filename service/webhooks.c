/* strptime, timegm */
#define _GNU_SOURCE
/*
 * The publishing API: webhook endpoints (/v1/webhooks...), publishing a
 * stored draft (POST /v1/drafts/{id}/publish) and reading a delivery
 * (GET /v1/deliveries/{id}). delivery.c sends what these store.
 *
 * Redis keys (all written by the scripts below or by delivery.c):
 *   seopipe:wh:ids              set of endpoint ids
 *   seopipe:wh:<id>             hash: id url events description secret old_secret
 *                               old_until enabled disabled_reason max_concurrency
 *                               rate_limit_per_s created_at updated_at failing_since (ms);
 *                               secret and old_secret sealed with security.secret_key
 *                               (secretbox.h, bound to the id) when one is configured
 *   seopipe:wh:<id>:dlv         zset: its deliveries by creation time (ms)
 *   seopipe:dlv:all             zset: every delivery by creation time (ms)
 *   seopipe:evt:<id>            hash: id type draft_id revision content_hash payload
 *                               created_at deliveries ("dlv wh,dlv wh,...")
 *   seopipe:evt:all             zset: every event by creation time (ms), for the retention
 *   seopipe:draft:<id>          (api.c) gains published=1 once published: later changes and
 *                               its deletion then raise seo_package.updated / .deleted
 *   seopipe:idem:<sha256>       the event an Idempotency-Key made (24 h)
 *   seopipe:dlv:<id>            hash: id event_id webhook_id status attempts next_at
 *                               created_at updated_at
 *   seopipe:dlv:<id>:log        list: one JSON object per attempt
 *   seopipe:q                   stream of ready deliveries (group "deliver"), field d
 *   seopipe:q:retry             zset: deliveries waiting for their next attempt, by due ms
 *
 * Publishing is one script: the event, one delivery per enabled subscribed
 * endpoint and their stream entries are written atomically, so they are
 * durable (as durable as Redis's AOF) before the 202 leaves.
 */
#include "http_internal.h"

#include "buf.h"
#include "events.h"
#include "json.h"
#include "log.h"
#include "secretbox.h"
#include "webhook.h"

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_REQUEST_JSON 65536
#define MAX_URL 2048
#define MAX_DESCRIPTION 512
#define MAX_IDEMPOTENCY_KEY 255
#define WEBHOOK_FIELDS 14

static const char *const event_types[] = {"seo_package.published", "seo_package.updated",
                                          "seo_package.deleted"};
#define N_EVENT_TYPES (sizeof(event_types) / sizeof(event_types[0]))

/*
 * ARGV: idempotency hash ('' none), event id, type, draft id, revision, content hash,
 * payload, created (ISO 8601), now (ms). Returns {event id, "delivery webhook,..."}, or
 * {'', ''} when the stored draft no longer has that content hash (changed or deleted after
 * it was read): an event never carries a package the draft no longer has.
 */
static const char publish_script[] = SEO_LUA_FANOUT
    "if ARGV[1] ~= '' then\n"
    "  local existing = redis.call('GET', 'seopipe:idem:' .. ARGV[1])\n"
    "  if existing then\n"
    "    return {existing, redis.call('HGET', 'seopipe:evt:' .. existing, 'deliveries') or ''}\n"
    "  end\n"
    "end\n"
    "if redis.call('HGET', 'seopipe:draft:' .. ARGV[4], 'content_hash') ~= ARGV[6] then\n"
    "  return {'', ''}\n"
    "end\n"
    "local list = fanout(ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9])\n"
    "if ARGV[1] ~= '' then redis.call('SET', 'seopipe:idem:' .. ARGV[1], ARGV[2], 'EX', 86400) "
    "end\n"
    "return {ARGV[2], list}\n";

/* Every endpoint, each as a flat HGETALL array. */
static const char list_script[] =
    "local out = {}\n"
    "for _, id in ipairs(redis.call('SMEMBERS', 'seopipe:wh:ids')) do\n"
    "  out[#out + 1] = redis.call('HGETALL', 'seopipe:wh:' .. id)\n"
    "end\n"
    "return out\n";

/* Updates fields of an endpoint that exists: KEYS[1]; ARGV field, value, ... Returns 0 if none. */
static const char update_script[] = "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end\n"
                                    "redis.call('HSET', KEYS[1], unpack(ARGV))\n"
                                    "return 1\n";

/*
 * The secret rotation: KEYS[1]; ARGV new secret (as stored), old_until, now. Returns 0 if
 * none, else the previous secret as it was stored (the new old_secret).
 */
static const char rotate_script[] =
    "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end\n"
    "local old = redis.call('HGET', KEYS[1], 'secret') or ''\n"
    "redis.call('HSET', KEYS[1], 'secret', ARGV[1], 'old_secret', old, 'old_until', ARGV[2],\n"
    "           'updated_at', ARGV[3])\n"
    "return old\n";

/*
 * After a rotation: KEYS[1]; ARGV the old_secret the rotation stored, what replaces it (its
 * sealed form, or '' when it cannot be opened). Changes nothing when another rotation came
 * between. Returns 0 if the endpoint is gone.
 */
static const char reseal_script[] = "if redis.call('HGET', KEYS[1], 'old_secret') == ARGV[1] then\n"
                                    "  redis.call('HSET', KEYS[1], 'old_secret', ARGV[2])\n"
                                    "end\n"
                                    "return redis.call('EXISTS', KEYS[1])\n";

/* ---- small helpers ---- */

static void answer_json(struct http_exchange *x, int status, json_t *doc)
{
    struct seo_buf out = {0};
    seo_json_write(&out, doc, 0);
    json_decref(doc);
    http_finish(x, status, "application/json", out.data, out.len);
    seo_buf_free(&out);
}

#define PUBLISHING "webhooks and deliveries are"

/* An id as seo_random_id makes them: `prefix`, then only `alphabet`, at most `max` in all. */
static bool id_ok(const char *id, const char *prefix, const char *alphabet, size_t max)
{
    size_t n = strlen(id), p = strlen(prefix);
    return n > p && n <= max && strncmp(id, prefix, p) == 0 && strspn(id + p, alphabet) == n - p;
}

static bool webhook_id_ok(const char *id)
{
    return id_ok(id, "wh_", "0123456789abcdefghjkmnpqrstvwxyz", 40);
}

static bool delivery_id_ok(const char *id);
static void recover(struct http_exchange *x, json_t *doc);

static bool reply_ok(struct http_exchange *x, const redisReply *reply, const char *error, int type)
{
    return http_redis_ok(x, PUBLISHING, reply, error, type);
}

static void field_problem(struct http_exchange *x, const char *pointer, const char *detail)
{
    struct seo_error err = {.status = SEO_ERR_TYPE};
    snprintf(err.field, sizeof(err.field), "%s", pointer);
    http_problem(x, 422, "invalid-field", detail, &err);
}

/* The request body as a JSON object (an empty body is {}); answers and returns NULL on error. */
static json_t *request_object(struct http_exchange *x)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(x->req);
    size_t len = evbuffer_get_length(in);
    if (len == 0)
        return json_object();
    const char *type = http_request_header(x, "Content-Type");
    if (!type || strncasecmp(type, "application/json", 16) != 0) {
        http_problem(x, 415, "unsupported-media-type", "send a JSON object as application/json",
                     NULL);
        return NULL;
    }
    if (len > MAX_REQUEST_JSON) {
        http_problem(x, 413, "limit-exceeded", "this request takes at most 65536 bytes of JSON",
                     NULL);
        return NULL;
    }
    json_t *doc = NULL;
    struct seo_error err;
    if (seo_json_load((const char *)evbuffer_pullup(in, -1), len, 16, "the request", &doc, &err) !=
        SEO_OK) {
        http_problem(x, 400, "invalid-json", err.message, &err);
        return NULL;
    }
    if (!json_is_object(doc)) {
        json_decref(doc);
        http_problem(x, 400, "invalid-json", "the request must be a JSON object", NULL);
        return NULL;
    }
    return doc;
}

/* ---- endpoint fields ---- */

struct endpoint_input {
    const char *url, *description, *secret;
    char events[128]; /* "*" or "a,b" */
    long long max_concurrency, rate_limit;
    int enabled; /* -1: not given */
    bool has_url, has_events, has_description, has_max, has_rate;
};

/* Checks the fields of a POST (creating) or PATCH (not) body; answers and returns false on error.
 */
static bool read_endpoint(struct http_exchange *x, json_t *doc, bool creating,
                          struct endpoint_input *in)
{
    memset(in, 0, sizeof(*in));
    in->enabled = -1;
    in->max_concurrency = 16;
    snprintf(in->events, sizeof(in->events), "*");
    const char *key;
    json_t *v;
    json_object_foreach(doc, key, v)
    {
        char pointer[80];
        snprintf(pointer, sizeof(pointer), "/%.60s", key);
        if (strcmp(key, "url") == 0) {
            if (!json_is_string(v) || json_string_length(v) > MAX_URL ||
                strlen(json_string_value(v)) != json_string_length(v)) {
                field_problem(x, pointer,
                              "url must be a string of at most 2048 characters, without NUL");
                return false;
            }
            in->url = json_string_value(v);
            in->has_url = true;
        } else if (strcmp(key, "description") == 0) {
            if (!json_is_string(v) || json_string_length(v) > MAX_DESCRIPTION ||
                strlen(json_string_value(v)) != json_string_length(v)) {
                field_problem(
                    x, pointer,
                    "description must be a string of at most 512 characters, without NUL");
                return false;
            }
            in->description = json_string_value(v);
            in->has_description = true;
        } else if (strcmp(key, "secret") == 0 && creating) {
            unsigned char raw[64];
            size_t n;
            if (!json_is_string(v) ||
                seo_webhook_secret_decode(json_string_value(v), raw, sizeof(raw), &n) != 0) {
                field_problem(x, pointer,
                              "secret must be whsec_ and the standard base64 of 24 to 64 bytes");
                return false;
            }
            in->secret = json_string_value(v);
        } else if (strcmp(key, "events") == 0) {
            size_t i;
            json_t *e;
            if (!json_is_array(v) || json_array_size(v) == 0) {
                field_problem(x, pointer, "events must be a non-empty array of event types");
                return false;
            }
            in->events[0] = '\0';
            json_array_foreach(v, i, e)
            {
                const char *t = json_string_value(e);
                bool known = t && strcmp(t, "*") == 0;
                for (size_t k = 0; t && k < N_EVENT_TYPES; k++)
                    known |= strcmp(t, event_types[k]) == 0;
                if (!known) {
                    char detail[200];
                    snprintf(detail, sizeof(detail),
                             "events[%zu] is not \"*\", seo_package.published, "
                             "seo_package.updated or seo_package.deleted",
                             i);
                    field_problem(x, pointer, detail);
                    return false;
                }
                if (strcmp(t, "*") == 0) {
                    snprintf(in->events, sizeof(in->events), "*");
                    break;
                }
                if (!strstr(in->events, t)) {
                    size_t used = strlen(in->events);
                    snprintf(in->events + used, sizeof(in->events) - used, "%s%s", used ? "," : "",
                             t);
                }
            }
            in->has_events = true;
        } else if (strcmp(key, "max_concurrency") == 0 || strcmp(key, "rate_limit_per_s") == 0) {
            bool max = key[0] == 'm';
            long long lo = max ? 1 : 0, hi = max ? 256 : 10000;
            if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
                char detail[120];
                snprintf(detail, sizeof(detail), "%s must be an integer from %lld to %lld", key, lo,
                         hi);
                field_problem(x, pointer, detail);
                return false;
            }
            if (max) {
                in->max_concurrency = json_integer_value(v);
                in->has_max = true;
            } else {
                in->rate_limit = json_integer_value(v);
                in->has_rate = true;
            }
        } else if (strcmp(key, "enabled") == 0 && !creating) {
            if (!json_is_boolean(v)) {
                field_problem(x, pointer, "enabled must be true or false");
                return false;
            }
            in->enabled = json_is_true(v);
        } else {
            char detail[160];
            snprintf(detail, sizeof(detail), "\"%.60s\" is not a field of a webhook endpoint%s",
                     key, creating ? "" : " that can be changed");
            field_problem(x, pointer, detail);
            return false;
        }
    }
    if (creating && !in->has_url) {
        field_problem(x, "/url", "url is required");
        return false;
    }
    if (in->has_url) {
        char host[256], msg[300];
        int port;
        if (seo_outbound_url_check(in->url, &x->w->cfg->webhooks.policy, host, sizeof(host), &port,
                                   msg, sizeof(msg)) != 0) {
            field_problem(x, "/url", msg);
            return false;
        }
    }
    return true;
}

/*
 * The secret of endpoint x->param as `stored` in Redis, opened into `out` (SEO_SECRETBOX_SIZE
 * bytes). False, with out "", when it does not open with the configured key.
 */
static bool open_secret(const struct http_exchange *x, const char *stored, char *out)
{
    return seo_secretbox_open(&x->w->cfg->security.box, x->param, stored, out,
                              SEO_SECRETBOX_SIZE) == 0;
}

/*
 * The stored form of endpoint `id`'s new `secret` (wiped here) into `stored`
 * (SEO_SECRETBOX_SIZE bytes): sealed when security.secret_key is set. False when it failed,
 * answered.
 */
static bool seal_secret(struct http_exchange *x, const char *id, char *secret, char *stored)
{
    int rc = seo_secretbox_seal(&x->w->cfg->security.box, id, secret, stored, SEO_SECRETBOX_SIZE);
    OPENSSL_cleanse(secret, strlen(secret));
    if (rc != 0) /* a whsec_ secret always fits: only the cipher can fail */
        http_problem(x, 500, "secret-unreadable", "the secret could not be encrypted", NULL);
    return rc == 0;
}

/*
 * An endpoint as the API shows it, from an HGETALL array. `secret` (borrowed) is the opened
 * secret, shown only by the answers that create or rotate it; NULL: none.
 */
static json_t *endpoint_json(const redisReply *h, const char *secret)
{
    json_t *o = json_object();
    for (size_t i = 0; i + 1 < h->elements; i += 2) {
        const char *k = h->element[i]->str, *v = h->element[i + 1]->str;
        if (!k || !v)
            continue;
        if (strcmp(k, "id") == 0 || strcmp(k, "url") == 0 || strcmp(k, "description") == 0 ||
            strcmp(k, "disabled_reason") == 0) {
            if (*v)
                json_object_set_new(o, k, json_string(v));
        } else if (strcmp(k, "secret") == 0 && secret) {
            json_object_set_new(o, k, json_string(secret));
        } else if (strcmp(k, "events") == 0) {
            json_t *a = json_array();
            char copy[128];
            snprintf(copy, sizeof(copy), "%s", v);
            for (char *save, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
                json_array_append_new(a, json_string(t));
            json_object_set_new(o, "events", a);
        } else if (strcmp(k, "enabled") == 0) {
            json_object_set_new(o, "enabled", json_boolean(strcmp(v, "1") == 0));
        } else if (strcmp(k, "max_concurrency") == 0 || strcmp(k, "rate_limit_per_s") == 0) {
            json_object_set_new(o, k, json_integer(strtoll(v, NULL, 10)));
        } else if (strcmp(k, "created_at") == 0 || strcmp(k, "updated_at") == 0) {
            char iso[32];
            seo_event_time(strtoll(v, NULL, 10), iso);
            json_object_set_new(o, k, json_string(iso));
        } else if (strcmp(k, "failing_since") == 0 && *v) { /* ms */
            char iso[32];
            seo_event_time(strtoll(v, NULL, 10) / 1000, iso);
            json_object_set_new(o, "failing_since", json_string(iso));
        } else if (strcmp(k, "old_until") == 0 && *v) {
            long long until = strtoll(v, NULL, 10);
            if (until > (long long)time(NULL)) {
                char iso[32];
                seo_event_time(until, iso);
                json_object_set_new(o, "previous_secret_expires_at", json_string(iso));
            }
        }
    }
    return o;
}

/*
 * Answers `status` with the endpoint hash `h`, its secret opened and shown (the one time a
 * client sees it: at creation and rotation).
 */
static void answer_with_secret(struct http_exchange *x, int status, const redisReply *h)
{
    char secret[SEO_SECRETBOX_SIZE] = "";
    for (size_t i = 0; i + 1 < h->elements; i += 2)
        if (h->element[i]->str && strcmp(h->element[i]->str, "secret") == 0 &&
            h->element[i + 1]->str && !open_secret(x, h->element[i + 1]->str, secret)) {
            http_problem(x, 500, "secret-unreadable",
                         "secret cannot be decrypted (wrong SEOPIPE_SECRET_KEY?)", NULL);
            return;
        }
    answer_json(x, status, endpoint_json(h, secret));
    OPENSSL_cleanse(secret, sizeof(secret));
}

/* ---- /v1/webhooks ---- */

static void on_created(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!reply_ok(x, reply, error, REDIS_REPLY_ARRAY))
        return;
    char location[200];
    snprintf(location, sizeof(location), "/v1/webhooks/%s", x->param);
    http_header(x, "Location", location);
    answer_with_secret(x, 201, reply);
}

static void create_endpoint(struct http_exchange *x, json_t *doc)
{
    struct endpoint_input in;
    if (!read_endpoint(x, doc, true, &in))
        return;
    char id[40], secret[128], stored[SEO_SECRETBOX_SIZE], now[24], max[24], rate[24];
    seo_random_id("wh_", id, sizeof(id));
    snprintf(x->param, sizeof(x->param), "%s", id);
    if (in.secret) {
        snprintf(secret, sizeof(secret), "%s", in.secret);
    } else {
        unsigned char raw[32];
        if (RAND_bytes(raw, sizeof(raw)) != 1)
            abort();
        seo_webhook_secret_encode(raw, sizeof(raw), secret, sizeof(secret));
    }
    if (!seal_secret(x, id, secret, stored))
        return;
    snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
    snprintf(max, sizeof(max), "%lld", in.max_concurrency);
    snprintf(rate, sizeof(rate), "%lld", in.rate_limit);
    char key[64];
    snprintf(key, sizeof(key), "seopipe:wh:%s", id);
    /* MULTI/EXEC so the endpoint and its index entry appear together; the reply is the hash. */
    const char *multi[1] = {"MULTI"};
    const char *hset[] = {"HSET",
                          key,
                          "id",
                          id,
                          "url",
                          in.url,
                          "events",
                          in.events,
                          "description",
                          in.description ? in.description : "",
                          "secret",
                          stored,
                          "enabled",
                          "1",
                          "max_concurrency",
                          max,
                          "rate_limit_per_s",
                          rate,
                          "created_at",
                          now,
                          "updated_at",
                          now};
    const char *sadd[3] = {"SADD", "seopipe:wh:ids", id};
    const char *exec[1] = {"EXEC"};
    struct seo_redis *r = x->w->redis;
    if (seo_redis_command(r, NULL, NULL, 1, multi, NULL) != 0 ||
        seo_redis_command(r, NULL, NULL, (int)(sizeof(hset) / sizeof(hset[0])), hset, NULL) != 0 ||
        seo_redis_command(r, NULL, NULL, 3, sadd, NULL) != 0) {
        http_store_unavailable(x, PUBLISHING, NULL);
        return;
    }
    const char *get[2] = {"HGETALL", key};
    if (seo_redis_command(r, NULL, NULL, 1, exec, NULL) != 0 ||
        seo_redis_command(r, on_created, x, 2, get, NULL) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
}

static void on_list(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!reply_ok(x, reply, error, REDIS_REPLY_ARRAY))
        return;
    json_t *data = json_array();
    for (size_t i = 0; i < reply->elements; i++)
        if (reply->element[i]->type == REDIS_REPLY_ARRAY && reply->element[i]->elements)
            json_array_append_new(data, endpoint_json(reply->element[i], false));
    json_t *doc = json_object();
    json_object_set_new(doc, "data", data);
    answer_json(x, 200, doc);
}

static void on_endpoint(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!reply_ok(x, reply, error, REDIS_REPLY_ARRAY))
        return;
    if (reply->elements == 0) {
        http_problem(x, 404, "webhook-not-found", "no webhook endpoint has this id", NULL);
        return;
    }
    if (x->route == ROUTE_WEBHOOK_ROTATE)
        answer_with_secret(x, 200, reply);
    else
        answer_json(x, 200, endpoint_json(reply, NULL));
}

static void on_changed(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!reply_ok(x, reply, error, REDIS_REPLY_INTEGER))
        return;
    if (reply->integer == 0) {
        http_problem(x, 404, "webhook-not-found", "no webhook endpoint has this id", NULL);
        return;
    }
    const char *get[2] = {"HGETALL", x->key};
    if (seo_redis_command(x->w->redis, on_endpoint, x, 2, get, NULL) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
}

static void on_deleted(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!reply_ok(x, reply, error, REDIS_REPLY_ARRAY))
        return;
    http_finish(x, 204, NULL, NULL, 0);
}

static void update_endpoint(struct http_exchange *x, json_t *doc)
{
    struct endpoint_input in;
    if (!read_endpoint(x, doc, false, &in))
        return;
    const char *argv[32];
    int argc = 0;
    char now[24], max[24], rate[24];
    snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
    argv[argc++] = "EVAL";
    argv[argc++] = update_script;
    argv[argc++] = "1";
    argv[argc++] = x->key;
    argv[argc++] = "updated_at";
    argv[argc++] = now;
    if (in.has_url) {
        argv[argc++] = "url";
        argv[argc++] = in.url;
    }
    if (in.has_events) {
        argv[argc++] = "events";
        argv[argc++] = in.events;
    }
    if (in.has_description) {
        argv[argc++] = "description";
        argv[argc++] = in.description;
    }
    if (in.has_max) {
        snprintf(max, sizeof(max), "%lld", in.max_concurrency);
        argv[argc++] = "max_concurrency";
        argv[argc++] = max;
    }
    if (in.has_rate) {
        snprintf(rate, sizeof(rate), "%lld", in.rate_limit);
        argv[argc++] = "rate_limit_per_s";
        argv[argc++] = rate;
    }
    if (in.enabled >= 0) {
        argv[argc++] = "enabled";
        argv[argc++] = in.enabled ? "1" : "0";
        argv[argc++] = "disabled_reason";
        argv[argc++] = in.enabled ? "" : "disabled through the API";
        if (in.enabled) { /* a fresh start: sustained failure is counted again from now */
            argv[argc++] = "failing_since";
            argv[argc++] = "";
        }
    }
    if (seo_redis_command(x->w->redis, on_changed, x, argc, argv, NULL) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
}

/*
 * The rotation stored the previous secret as old_secret as it was: sealed now when it was
 * plaintext (kept from before a key was configured), dropped when it does not open (sealed
 * under another key: it could not sign, and would fail every delivery of the grace period).
 */
static void on_rotated(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (reply && !error && reply->type == REDIS_REPLY_INTEGER) {
        on_changed(reply, error, arg); /* 0: no such endpoint */
        return;
    }
    if (!reply_ok(x, reply, error, REDIS_REPLY_STRING))
        return;
    const struct seo_secretbox *box = &x->w->cfg->security.box;
    char old[SEO_SECRETBOX_SIZE], stored[SEO_SECRETBOX_SIZE] = "";
    bool opens = open_secret(x, reply->str, old);
    if (opens && (!box->enabled || !*old || seo_secretbox_is_sealed(reply->str))) {
        OPENSSL_cleanse(old, sizeof(old));
        const char *get[2] = {"HGETALL", x->key};
        if (seo_redis_command(x->w->redis, on_endpoint, x, 2, get, NULL) != 0)
            http_store_unavailable(x, PUBLISHING, NULL);
        return;
    }
    if (!opens)
        seo_log("warn",
                "the previous webhook secret cannot be decrypted (wrong SEOPIPE_SECRET_KEY?): "
                "it does not sign during the rotation grace",
                "webhook_id", x->param, NULL);
    else if (seo_secretbox_seal(box, x->param, old, stored, sizeof(stored)) != 0)
        stored[0] = '\0';
    OPENSSL_cleanse(old, sizeof(old));
    const char *argv[6] = {"EVAL", reseal_script, "1", x->key, reply->str, stored};
    if (seo_redis_command(x->w->redis, on_changed, x, 6, argv, NULL) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
}

static void rotate_secret(struct http_exchange *x, json_t *doc)
{
    char secret[128], stored[SEO_SECRETBOX_SIZE];
    json_t *given = json_object_get(doc, "secret");
    unsigned char raw[64];
    size_t n;
    if (json_object_size(doc) > (given ? 1u : 0u)) {
        field_problem(x, "", "rotate-secret takes only an optional \"secret\"");
        return;
    }
    if (given) {
        if (!json_is_string(given) ||
            seo_webhook_secret_decode(json_string_value(given), raw, sizeof(raw), &n) != 0) {
            field_problem(x, "/secret",
                          "secret must be whsec_ and the standard base64 of 24 to 64 bytes");
            return;
        }
        snprintf(secret, sizeof(secret), "%s", json_string_value(given));
    } else {
        if (RAND_bytes(raw, 32) != 1)
            abort();
        seo_webhook_secret_encode(raw, 32, secret, sizeof(secret));
    }
    if (!seal_secret(x, x->param, secret, stored))
        return;
    char until[24], now[24];
    snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
    snprintf(until, sizeof(until), "%lld",
             (long long)time(NULL) + x->w->cfg->webhooks.rotation_grace_seconds);
    const char *argv[7] = {"EVAL", rotate_script, "1", x->key, stored, until, now};
    if (seo_redis_command(x->w->redis, on_rotated, x, 7, argv, NULL) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
}

void api_webhooks(struct http_exchange *x)
{
    enum evhttp_cmd_type method = evhttp_request_get_command(x->req);
    if (x->route != ROUTE_WEBHOOKS) {
        if (!webhook_id_ok(x->param)) {
            http_problem(x, 404, "webhook-not-found", "no webhook endpoint has this id", NULL);
            return;
        }
        snprintf(x->key, sizeof(x->key), "seopipe:wh:%s", x->param);
    }
    if (x->route == ROUTE_WEBHOOKS && method == EVHTTP_REQ_GET) {
        const char *argv[3] = {"EVAL", list_script, "0"};
        if (seo_redis_command(x->w->redis, on_list, x, 3, argv, NULL) != 0)
            http_store_unavailable(x, PUBLISHING, NULL);
        return;
    }
    if (x->route == ROUTE_WEBHOOK && method == EVHTTP_REQ_GET) {
        const char *argv[2] = {"HGETALL", x->key};
        if (seo_redis_command(x->w->redis, on_endpoint, x, 2, argv, NULL) != 0)
            http_store_unavailable(x, PUBLISHING, NULL);
        return;
    }
    if (x->route == ROUTE_WEBHOOK && method == EVHTTP_REQ_DELETE) {
        const char *multi[1] = {"MULTI"}, *exec[1] = {"EXEC"};
        const char *del[2] = {"DEL", x->key};
        const char *srem[3] = {"SREM", "seopipe:wh:ids", x->param};
        struct seo_redis *r = x->w->redis;
        if (seo_redis_command(r, NULL, NULL, 1, multi, NULL) != 0 ||
            seo_redis_command(r, NULL, NULL, 2, del, NULL) != 0 ||
            seo_redis_command(r, NULL, NULL, 3, srem, NULL) != 0 ||
            seo_redis_command(r, on_deleted, x, 1, exec, NULL) != 0)
            http_store_unavailable(x, PUBLISHING, NULL);
        return;
    }
    json_t *doc = request_object(x);
    if (!doc)
        return;
    if (x->route == ROUTE_WEBHOOKS)
        create_endpoint(x, doc);
    else if (x->route == ROUTE_WEBHOOK_ROTATE)
        rotate_secret(x, doc);
    else if (x->route == ROUTE_WEBHOOK_RECOVER)
        recover(x, doc);
    else
        update_endpoint(x, doc);
    json_decref(doc);
}

/* ---- POST /v1/drafts/{id}/publish ---- */

static void on_published(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!reply_ok(x, reply, error, REDIS_REPLY_ARRAY))
        return;
    if (reply->elements != 2 || reply->element[0]->type != REDIS_REPLY_STRING) {
        http_store_unavailable(x, PUBLISHING, "an unexpected answer to the publish script");
        return;
    }
    if (reply->element[0]->len == 0) { /* changed or deleted since it was read: nothing sent */
        http_problem(x, 409, "draft-changed",
                     "the draft was changed or deleted while it was being published; publish "
                     "again",
                     NULL);
        return;
    }
    if (x->then) {
        x->then(x, reply);
        return;
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "event_id", json_string(reply->element[0]->str));
    json_t *list = json_array();
    const char *l = reply->element[1]->type == REDIS_REPLY_STRING ? reply->element[1]->str : "";
    char *copy = strdup(l);
    for (char *save, *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *space = strchr(item, ' ');
        if (!space)
            continue;
        *space = '\0';
        json_t *d = json_object();
        json_object_set_new(d, "id", json_string(item));
        json_object_set_new(d, "webhook_id", json_string(space + 1));
        json_array_append_new(list, d);
    }
    free(copy);
    json_object_set_new(doc, "deliveries", list);
    answer_json(x, 202, doc);
}

/* The stored draft, read: build the payload once and run the publish script. */
static void on_draft_for_publish(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!reply_ok(x, reply, error, REDIS_REPLY_ARRAY))
        return;
    const redisReply *package = reply->element[0], *hash = reply->element[1],
                     *revision = reply->element[2];
    if (package->type != REDIS_REPLY_STRING || hash->type != REDIS_REPLY_STRING ||
        revision->type != REDIS_REPLY_STRING) {
        http_problem(x, 404, "draft-not-found",
                     "no draft is stored under this id: PUT /v1/drafts/{id} first", NULL);
        return;
    }
    char iso[32], event_id[40], ms[24];
    seo_event_time((long long)time(NULL), iso);
    seo_random_id("evt_", event_id, sizeof(event_id));
    snprintf(ms, sizeof(ms), "%lld", seo_now_ms());
    /* The payload is serialised once, here, and sent byte for byte on every attempt. */
    struct seo_buf payload = {0};
    seo_event_payload_head(&payload, "seo_package.published", iso, x->param);
    seo_buf_printf(&payload,
                   "%lld,\"content_hash\":\"%s\",\"package\":", strtoll(revision->str, NULL, 10),
                   hash->str);
    seo_buf_append(&payload, package->str, package->len);
    seo_buf_puts(&payload, "}}");
    const char *argv[12] = {"EVAL",    publish_script,
                            "0",       x->key /* idempotency */,
                            event_id,  "seo_package.published",
                            x->param,  revision->str,
                            hash->str, payload.data,
                            iso,       ms};
    size_t argvlen[12];
    for (int i = 0; i < 12; i++)
        argvlen[i] = strlen(argv[i]);
    argvlen[9] = payload.len;
    if (seo_redis_command(x->w->redis, on_published, x, 12, argv, argvlen) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
    seo_buf_free(&payload);
}

void api_publish(struct http_exchange *x)
{
    const char *key = http_request_header(x, "Idempotency-Key");
    x->key[0] = '\0';
    if (key) {
        size_t n = strlen(key);
        if (n == 0 || n > MAX_IDEMPOTENCY_KEY ||
            strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~:-+/=") !=
                n) {
            http_problem(
                x, 400, "invalid-idempotency-key",
                "Idempotency-Key is 1 to 255 characters of A-Z a-z 0-9 . _ ~ : - + / =", NULL);
            return;
        }
        seo_sha256_hex(key, n, x->key);
    }
    api_publish_stored(x, x->key);
}

void api_publish_stored(struct http_exchange *x, const char *idempotency)
{
    if (idempotency != x->key)
        snprintf(x->key, sizeof(x->key), "%s", idempotency);
    char draft_key[192];
    snprintf(draft_key, sizeof(draft_key), "seopipe:draft:%s", x->param);
    const char *argv[5] = {"HMGET", draft_key, "package", "content_hash", "revision"};
    if (seo_redis_command(x->w->redis, on_draft_for_publish, x, 5, argv, NULL) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
}

/* ---- GET /v1/deliveries, POST /v1/deliveries/{id}/retry, POST /v1/webhooks/{id}/recover ---- */

/*
 * One page of deliveries, oldest first, of index KEYS[1] (scores: creation ms), after the cursor
 * ARGV[2] ('' the start; else "<score>.<id>" of the last delivery looked at); only those with
 * status ARGV[3] ('' any). Looks at most ARGV[5] entries, returns up to ARGV[4]: {next cursor or
 * '', id, webhook_id, event_id, status, attempts, created_at, ...}. A cursor names a position in
 * the (score, id) order of the index, not a rank, so it stays exact while the retention removes
 * the oldest entries.
 */
static const char page_script[] =
    "local start, want, scan = 0, tonumber(ARGV[4]), tonumber(ARGV[5])\n"
    "if ARGV[2] ~= '' then\n"
    "  local dot = string.find(ARGV[2], '.', 1, true)\n"
    "  local score, member = string.sub(ARGV[2], 1, dot - 1), string.sub(ARGV[2], dot + 1)\n"
    "  start = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. score)\n"
    "  for _, m in ipairs(redis.call('ZRANGE', KEYS[1], score, score, 'BYSCORE')) do\n"
    "    if m <= member then start = start + 1 end\n"
    "  end\n"
    "end\n"
    "local ids = redis.call('ZRANGE', KEYS[1], start, start + scan - 1, 'WITHSCORES')\n"
    "local out, n, i = {''}, 0, 0\n"
    "for k = 1, #ids, 2 do\n"
    "  local did = ids[k]\n"
    "  i = i + 1\n"
    "  local d = redis.call('HMGET', 'seopipe:dlv:' .. did, 'webhook_id', 'event_id', 'status',\n"
    "                       'attempts', 'created_at')\n"
    "  if d[3] and (ARGV[3] == '' or d[3] == ARGV[3]) then\n"
    "    for _, v in ipairs({did, d[1], d[2], d[3], d[4] or '0', d[5] or ''}) do\n"
    "      out[#out + 1] = v\n"
    "    end\n"
    "    n = n + 1\n"
    "  end\n"
    "  if n == want then break end\n"
    "end\n"
    "if i == scan or (n == want and start + i < redis.call('ZCARD', KEYS[1])) then\n"
    "  out[1] = ids[2 * i] .. '.' .. ids[2 * i - 1]\n"
    "end\n"
    "return out\n";

/*
 * Sends deliveries again: ARGV[1] 'one' (ARGV[2] a delivery id) or 'since' (ARGV[2] an
 * endpoint id, ARGV[3] ms: its failed or disabled deliveries created since then, at most 10,000).
 * Each goes back to pending, due now. Returns how many.
 */
static const char resend_script[] =
    "local ids\n"
    "if ARGV[1] == 'one' then ids = {ARGV[2]}\n"
    "else\n"
    "  if redis.call('EXISTS', 'seopipe:wh:' .. ARGV[2]) == 0 then return -1 end\n"
    "  ids = redis.call('ZRANGEBYSCORE', 'seopipe:wh:' .. ARGV[2] .. ':dlv', ARGV[3], '+inf',\n"
    "                      'LIMIT', 0, 10000) end\n"
    "local t = redis.call('TIME')\n"
    "local now = t[1] * 1000 + math.floor(t[2] / 1000)\n"
    "local n = 0\n"
    "for _, did in ipairs(ids) do\n"
    "  local key = 'seopipe:dlv:' .. did\n"
    "  local status = redis.call('HGET', key, 'status')\n"
    "  if status and (ARGV[1] == 'one' or status == 'failed' or status == 'disabled') then\n"
    "    if status ~= 'pending' then\n"
    "      redis.call('HSET', key, 'status', 'pending', 'next_at', now)\n"
    "      redis.call('ZADD', 'seopipe:q:retry', now, did)\n"
    "    end\n"
    "    n = n + 1\n"
    "  end\n"
    "end\n"
    "return n\n";

static void on_page(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!reply_ok(x, reply, error, REDIS_REPLY_ARRAY))
        return;
    json_t *data = json_array();
    for (size_t i = 1; i + 5 < reply->elements; i += 6) {
        json_t *d = json_object();
        static const char *const names[] = {"id", "webhook_id", "event_id", "status"};
        for (size_t k = 0; k < 4; k++)
            if (reply->element[i + k]->type == REDIS_REPLY_STRING)
                json_object_set_new(d, names[k], json_string(reply->element[i + k]->str));
        if (reply->element[i + 4]->type == REDIS_REPLY_STRING)
            json_object_set_new(d, "attempt_count",
                                json_integer(strtoll(reply->element[i + 4]->str, NULL, 10)));
        if (reply->element[i + 5]->type == REDIS_REPLY_STRING && reply->element[i + 5]->len)
            json_object_set_new(d, "created_at", json_string(reply->element[i + 5]->str));
        json_array_append_new(data, d);
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "data", data);
    if (reply->elements && reply->element[0]->type == REDIS_REPLY_STRING &&
        reply->element[0]->len) {
        json_object_set_new(doc, "next_cursor", json_string(reply->element[0]->str));
    } else {
        json_object_set_new(doc, "next_cursor", json_null());
    }
    answer_json(x, 200, doc);
}

/* A next_cursor: "<creation ms>.<delivery id>". */
static bool cursor_ok(const char *cursor)
{
    size_t digits = strspn(cursor, "0123456789");
    return digits >= 1 && digits <= 15 && cursor[digits] == '.' &&
           delivery_id_ok(cursor + digits + 1);
}

/* GET /v1/deliveries?status=&webhook_id=&cursor=&limit= */
void api_deliveries(struct http_exchange *x)
{
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(x->req);
    const char *query = uri ? evhttp_uri_get_query(uri) : NULL;
    struct evkeyvalq params = {NULL, &params.tqh_first}; /* TAILQ_INIT */
    if (query && evhttp_parse_query_str(query, &params) != 0) {
        http_problem(x, 400, "invalid-query", "the query string cannot be read", NULL);
        return;
    }
    const char *status = evhttp_find_header(&params, "status");
    const char *webhook = evhttp_find_header(&params, "webhook_id");
    const char *cursor = evhttp_find_header(&params, "cursor");
    const char *limit = evhttp_find_header(&params, "limit");
    char index[96], start[160], want[24];
    const char *bad = NULL;
    long long limit_v = 50;
    if (status && strcmp(status, "pending") != 0 && strcmp(status, "succeeded") != 0 &&
        strcmp(status, "failed") != 0 && strcmp(status, "disabled") != 0)
        bad = "status must be pending, succeeded, failed or disabled";
    else if (webhook && !webhook_id_ok(webhook))
        bad = "webhook_id is not an endpoint id";
    else if (cursor && !cursor_ok(cursor))
        bad = "cursor must be a next_cursor from an earlier page";
    else if (limit && (!*limit || strspn(limit, "0123456789") != strlen(limit) ||
                       strlen(limit) > 4 || atoi(limit) < 1 || atoi(limit) > 500))
        bad = "limit must be 1 to 500";
    if (!bad) {
        snprintf(start, sizeof(start), "%s", cursor ? cursor : "");
        limit_v = limit ? atoi(limit) : 50;
        snprintf(index, sizeof(index), webhook ? "seopipe:wh:%s:dlv" : "seopipe:dlv:all", webhook);
    }
    char status_copy[16];
    snprintf(status_copy, sizeof(status_copy), "%s", status ? status : "");
    evhttp_clear_headers(&params);
    if (bad) {
        http_problem(x, 400, "invalid-query", bad, NULL);
        return;
    }
    snprintf(want, sizeof(want), "%lld", limit_v);
    const char *argv[9] = {"EVAL", page_script, "1", index, "", start, status_copy, want, "1000"};
    if (seo_redis_command(x->w->redis, on_page, x, 9, argv, NULL) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
}

static void on_resent(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!reply_ok(x, reply, error, REDIS_REPLY_INTEGER))
        return;
    if (x->route == ROUTE_DELIVERY_RETRY && reply->integer == 0) {
        http_problem(x, 404, "delivery-not-found", "no delivery has this id", NULL);
        return;
    }
    if (reply->integer < 0) {
        http_problem(x, 404, "webhook-not-found", "no webhook endpoint has this id", NULL);
        return;
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "resent", json_integer(reply->integer));
    answer_json(x, 202, doc);
}

static bool delivery_id_ok(const char *id)
{
    return id_ok(id, "msg_", "0123456789abcdefghjkmnpqrstvwxyz_", 100);
}

/* POST /v1/deliveries/{id}/retry: one more attempt now, whatever its status. */
void api_delivery_retry(struct http_exchange *x)
{
    if (!delivery_id_ok(x->param)) {
        http_problem(x, 404, "delivery-not-found", "no delivery has this id", NULL);
        return;
    }
    const char *argv[5] = {"EVAL", resend_script, "0", "one", x->param};
    if (seo_redis_command(x->w->redis, on_resent, x, 5, argv, NULL) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
}

/* POST /v1/webhooks/{id}/recover {"since": ISO 8601 or Unix seconds} */
static void recover(struct http_exchange *x, json_t *doc)
{
    json_t *since = json_object_get(doc, "since");
    long long since_s = -1;
    if (json_is_integer(since) && json_integer_value(since) >= 0) {
        since_s = json_integer_value(since);
    } else if (json_is_string(since)) {
        struct tm tm = {0};
        const char *end = strptime(json_string_value(since), "%Y-%m-%dT%H:%M:%S", &tm);
        if (end && (*end == 'Z' || *end == '\0'))
            since_s = (long long)timegm(&tm);
    }
    if (since_s < 0 || json_object_size(doc) != 1) {
        field_problem(x, "/since",
                      "recover takes {\"since\": \"YYYY-MM-DDTHH:MM:SSZ\"} or Unix seconds");
        return;
    }
    char ms[24];
    snprintf(ms, sizeof(ms), "%lld", since_s * 1000);
    const char *argv[7] = {"EVAL", resend_script, "0", "since", x->param, ms, ""};
    if (seo_redis_command(x->w->redis, on_resent, x, 6, argv, NULL) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
}

/* ---- GET /v1/deliveries/{id} ---- */

static void on_delivery(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!reply_ok(x, reply, error, REDIS_REPLY_ARRAY))
        return;
    if (reply->elements != 2 || reply->element[0]->type != REDIS_REPLY_ARRAY ||
        reply->element[0]->elements == 0) {
        http_problem(x, 404, "delivery-not-found", "no delivery has this id", NULL);
        return;
    }
    const redisReply *h = reply->element[0], *log = reply->element[1];
    json_t *doc = json_object();
    for (size_t i = 0; i + 1 < h->elements; i += 2) {
        const char *k = h->element[i]->str, *v = h->element[i + 1]->str;
        if (!k || !v || !*v)
            continue;
        if (strcmp(k, "attempts") == 0)
            json_object_set_new(doc, "attempt_count", json_integer(strtoll(v, NULL, 10)));
        else if (strcmp(k, "next_at") == 0) {
            char iso[32];
            seo_event_time(strtoll(v, NULL, 10) / 1000, iso);
            json_object_set_new(doc, "next_attempt_at", json_string(iso));
        } else if (strcmp(k, "created_at") == 0 || strcmp(k, "updated_at") == 0)
            json_object_set_new(doc, k, json_string(v));
        else if (strcmp(k, "id") == 0 || strcmp(k, "event_id") == 0 ||
                 strcmp(k, "webhook_id") == 0 || strcmp(k, "status") == 0)
            json_object_set_new(doc, k, json_string(v));
    }
    json_t *attempts = json_array();
    for (size_t i = 0; log->type == REDIS_REPLY_ARRAY && i < log->elements; i++) {
        json_t *a = json_loadb(log->element[i]->str, log->element[i]->len, 0, NULL);
        if (a)
            json_array_append_new(attempts, a);
    }
    json_object_set_new(doc, "attempts", attempts);
    answer_json(x, 200, doc);
}

static const char delivery_script[] =
    "return {redis.call('HGETALL', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1)}\n";

void api_delivery(struct http_exchange *x)
{
    if (!delivery_id_ok(x->param)) {
        http_problem(x, 404, "delivery-not-found", "no delivery has this id", NULL);
        return;
    }
    char key[160], log[170];
    snprintf(key, sizeof(key), "seopipe:dlv:%s", x->param);
    snprintf(log, sizeof(log), "seopipe:dlv:%s:log", x->param);
    const char *argv[5] = {"EVAL", delivery_script, "2", key, log};
    if (seo_redis_command(x->w->redis, on_delivery, x, 5, argv, NULL) != 0)
        http_store_unavailable(x, PUBLISHING, NULL);
}
