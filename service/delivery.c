/*
 * The delivery engine (delivery.h). One delivery goes:
 *
 *   stream entry --XREADGROUP--> load (script: delivery, payload, endpoint)
 *     --> curl transfer --> finish (script: attempt log, status, retry or done, XACK)
 *
 * A transfer slot is taken from the read until the finish script is sent,
 * so the engine never holds more deliveries than it can send. Every Redis
 * step is one script, so a delivery is never half-recorded: if the process
 * dies before `finish`, the entry stays pending and the reaper hands it to a
 * live consumer (at least once; duplicates only for transfers in flight at
 * the crash, with the same webhook-id so receivers drop them).
 */
/* gethostname */
#define _GNU_SOURCE
#include "delivery.h"

#include "buf.h"
#include "curl_loop.h"
#include "events.h"
#include "fast_random.h"
#include "json.h"
#include "log.h"
#include "outbound.h"
#include "retry.h"
#include "secretbox.h"
#include "utf8.h"
#include "webhook.h"

#include <curl/curl.h>
#include <event2/event.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TICK_MS 100
#define REAP_EVERY_TICKS 50 /* 5 s */
#define READ_BLOCK_MS 1000
#define MAX_RESPONSE_EXCERPT 20480
#define DEFER_MS 200 /* an endpoint at its concurrency cap: try again this much later */
#define MOVE_BATCH "1000"
#define JANITOR_BATCH "500"
/* A delivery reclaimed from dead consumers this often without being finished is poison: it is
   taken to kill whoever sends it. It fails for good instead of going round forever. */
#define POISON_RECLAIMS "5"

/*
 * Delivery, payload and endpoint in one round trip; ARGV[1] the delivery id, ARGV[2] '1' when
 * it was reclaimed from another consumer ({'poison'} past POISON_RECLAIMS). The last element
 * is how many ms to wait when the endpoint's rate limit (requests per second, across every
 * instance, counted in Redis per second of Redis's clock) is used up, else 0.
 */
static const char load_script[] =
    "local d = redis.call('HMGET', 'seopipe:dlv:' .. ARGV[1], 'event_id', 'webhook_id',\n"
    "                     'status', 'attempts')\n"
    "if not d[1] then return {'gone'} end\n"
    "if ARGV[2] == '1' and d[3] == 'pending' and\n"
    "    redis.call('HINCRBY', 'seopipe:dlv:' .. ARGV[1], 'reclaims', 1) > " POISON_RECLAIMS
    " then\n"
    "  return {'poison'}\n"
    "end\n"
    "local p = redis.call('HGET', 'seopipe:evt:' .. d[1], 'payload')\n"
    "local w = redis.call('HMGET', 'seopipe:wh:' .. d[2], 'url', 'secret', 'old_secret',\n"
    "                     'old_until', 'enabled', 'max_concurrency', 'rate_limit_per_s')\n"
    "local wait = 0\n"
    "local limit = tonumber(w[7] or '0') or 0\n"
    "if d[3] == 'pending' and w[5] == '1' and limit > 0 then\n"
    "  local t = redis.call('TIME')\n"
    "  local k = 'seopipe:rl:' .. d[2] .. ':' .. t[1]\n"
    "  local n = redis.call('INCR', k)\n"
    "  if n == 1 then redis.call('EXPIRE', k, 2) end\n"
    "  if n > limit then wait = 1000 - math.floor(t[2] / 1000) end\n"
    "end\n"
    "return {d[3], d[1], d[2], d[4] or '0', p or '', w[1] or '', w[2] or '', w[3] or '',\n"
    "        w[4] or '0', w[5] or '0', w[6] or '1', tostring(wait)}\n";

/*
 * The outcome of one step. ARGV: delivery id, stream entry id, outcome
 * (succeeded, failed, disabled, retry, defer, gone; stale: only drop the
 * entry), attempt JSON ('' when
 * nothing was sent), delay in ms (retry, defer), now (ISO 8601), webhook id,
 * reason (gone), disable_after in ms (0: never), the attempts recorded before
 * this one. Due times come from Redis's clock, as the mover's do.
 *
 * Sending it twice changes nothing: an attempt is recorded only while the
 * delivery's count is still the one it was sent with, so a finish whose
 * answer was lost (Redis stalled or restarted) can be sent again (see
 * finish_later) instead of leaving the delivery to the reaper, which would
 * send it to the receiver a second time.
 *
 * Sustained failure (Svix's rule): the endpoint's `failing_since` is set by
 * its first failed attempt after a 2xx and cleared by the next 2xx; an
 * attempt that fails when it is older than disable_after disables the
 * endpoint. Its deliveries stay, as after a 410, for `recover`.
 */
static const char finish_script[] =
    "local did, entry, outcome = ARGV[1], ARGV[2], ARGV[3]\n"
    "local key = 'seopipe:dlv:' .. did\n"
    "if ARGV[4] ~= '' and tonumber(redis.call('HGET', key, 'attempts') or '0') ~=\n"
    "    tonumber(ARGV[10]) then\n"
    "  outcome = 'stale'\n" /* recorded already: a finish sent again after a lost answer */
    "end\n"
    "if outcome ~= 'stale' and redis.call('EXISTS', key) == 1 then\n"
    "  if ARGV[4] ~= '' then\n"
    "    redis.call('RPUSH', key .. ':log', ARGV[4])\n"
    "    redis.call('LTRIM', key .. ':log', -100, -1)\n"
    "    redis.call('HINCRBY', key, 'attempts', 1)\n"
    "    redis.call('HDEL', key, 'reclaims')\n"
    "    local wkey = 'seopipe:wh:' .. ARGV[7]\n"
    "    if ARGV[7] ~= '' and redis.call('EXISTS', wkey) == 1 then\n"
    "      if outcome == 'succeeded' then\n"
    "        redis.call('HSET', wkey, 'failing_since', '')\n"
    "      elseif outcome == 'retry' or outcome == 'failed' then\n"
    "        local t = redis.call('TIME')\n"
    "        local now = t[1] * 1000 + math.floor(t[2] / 1000)\n"
    "        local since = tonumber(redis.call('HGET', wkey, 'failing_since') or '')\n"
    "        if not since then\n"
    "          since = now\n"
    "          redis.call('HSET', wkey, 'failing_since', now)\n"
    "        end\n"
    "        local limit = tonumber(ARGV[9]) or 0\n"
    "        if limit > 0 and now - since >= limit and\n"
    "            redis.call('HGET', wkey, 'enabled') == '1' then\n"
    "          redis.call('HSET', wkey, 'enabled', '0', 'disabled_reason',\n"
    "                     'every attempt failed for ' .. math.floor((now - since) / 1000) ..\n"
    "                     ' s, the last one of delivery ' .. did)\n"
    "        end\n"
    "      end\n"
    "    end\n"
    "  end\n"
    "  if outcome == 'retry' or outcome == 'defer' then\n"
    "    local t = redis.call('TIME')\n"
    "    local due = t[1] * 1000 + math.floor(t[2] / 1000) + tonumber(ARGV[5])\n"
    "    redis.call('HSET', key, 'status', 'pending', 'next_at', due, 'updated_at', ARGV[6])\n"
    "    redis.call('ZADD', 'seopipe:q:retry', due, did)\n"
    "  else\n"
    "    local status = outcome == 'gone' and 'disabled' or outcome\n"
    "    redis.call('HSET', key, 'status', status, 'updated_at', ARGV[6])\n"
    "    redis.call('HDEL', key, 'next_at')\n"
    "  end\n"
    "  if outcome == 'gone' then\n"
    "    redis.call('HSET', 'seopipe:wh:' .. ARGV[7], 'enabled', '0', 'disabled_reason', ARGV[8])\n"
    "  end\n"
    "end\n"
    "redis.call('XACK', 'seopipe:q', 'deliver', entry)\n"
    "redis.call('XDEL', 'seopipe:q', entry)\n"
    "return 1\n";

/*
 * The endpoints of the configuration (webhooks.endpoints): ARGV now, then id, url, secret,
 * events, description per endpoint. The configuration owns url, secret, events and
 * description; enabled (a 410 may have disabled one) and the limits are kept when present.
 */
static const char static_script[] =
    "for i = 2, #ARGV, 5 do\n"
    "  local key = 'seopipe:wh:' .. ARGV[i]\n"
    "  redis.call('HSET', key, 'id', ARGV[i], 'url', ARGV[i + 1], 'secret', ARGV[i + 2],\n"
    "             'events', ARGV[i + 3], 'description', ARGV[i + 4], 'static', '1',\n"
    "             'updated_at', ARGV[1])\n"
    "  redis.call('HSETNX', key, 'enabled', '1')\n"
    "  redis.call('HSETNX', key, 'max_concurrency', '16')\n"
    "  redis.call('HSETNX', key, 'rate_limit_per_s', '0')\n"
    "  redis.call('HSETNX', key, 'created_at', ARGV[1])\n"
    "  redis.call('SADD', 'seopipe:wh:ids', ARGV[i])\n"
    "end\n"
    "return (#ARGV - 1) / 5\n";

/* Due retries back into the stream, on Redis's clock; ARGV[1] how many at most. */
static const char move_script[] =
    "local t = redis.call('TIME')\n"
    "local now = t[1] * 1000 + math.floor(t[2] / 1000)\n"
    "local due = redis.call('ZRANGEBYSCORE', 'seopipe:q:retry', '-inf', now, 'LIMIT', 0,\n"
    "                       tonumber(ARGV[1]))\n"
    "for _, did in ipairs(due) do\n"
    "  if redis.call('ZREM', 'seopipe:q:retry', did) == 1 then\n"
    "    redis.call('XADD', 'seopipe:q', '*', 'd', did)\n"
    "  end\n"
    "end\n"
    "return #due\n";

/*
 * Retention and the consumer group's housekeeping, run by one engine per process (any number
 * of instances may run it at once). ARGV: retention ms, batch, consumer idle ms.
 *   - Deliveries created before now - retention that are finished (succeeded, failed,
 *     disabled) go with their attempt log and index entries; pending ones stay until they end.
 *   - Events older than that go once none of their deliveries is left.
 *   - Consumers of group "deliver" that hold nothing and were idle longer than the reaper's
 *     threshold are removed (a consumer per worker and process: without this the group grows
 *     with every restart). Removing a live one that holds nothing is harmless: XREADGROUP
 *     creates it again when it next gets entries.
 * Each index is scanned from its oldest end, stepping over what must stay, at most 10 batches.
 * Returns {deliveries removed, events removed, consumers removed}.
 */
static const char janitor_script[] =
    "local t = redis.call('TIME')\n"
    "local cutoff = t[1] * 1000 + math.floor(t[2] / 1000) - tonumber(ARGV[1])\n"
    "local batch = tonumber(ARGV[2])\n"
    "local function sweep(index, gone)\n"
    "  local offset, removed, scanned = 0, 0, 0\n"
    "  while scanned < 10 * batch and removed < batch do\n"
    "    local ids = redis.call('ZRANGEBYSCORE', index, '-inf', cutoff, 'LIMIT', offset, batch)\n"
    "    for _, id in ipairs(ids) do\n"
    "      if gone(id) then\n"
    "        redis.call('ZREM', index, id)\n"
    "        removed = removed + 1\n"
    "      else\n"
    "        offset = offset + 1\n"
    "      end\n"
    "    end\n"
    "    scanned = scanned + #ids\n"
    "    if #ids < batch then break end\n"
    "  end\n"
    "  return removed\n"
    "end\n"
    "local deliveries = sweep('seopipe:dlv:all', function(did)\n"
    "  local key = 'seopipe:dlv:' .. did\n"
    "  local d = redis.call('HMGET', key, 'status', 'webhook_id')\n"
    "  if d[1] == 'pending' then return false end\n"
    "  redis.call('DEL', key, key .. ':log')\n"
    "  if d[2] then redis.call('ZREM', 'seopipe:wh:' .. d[2] .. ':dlv', did) end\n"
    "  return true\n"
    "end)\n"
    "local events = sweep('seopipe:evt:all', function(evt)\n"
    "  local list = redis.call('HGET', 'seopipe:evt:' .. evt, 'deliveries') or ''\n"
    "  for did in string.gmatch(list, '(msg_[^ ,]+)') do\n"
    "    if redis.call('EXISTS', 'seopipe:dlv:' .. did) == 1 then return false end\n"
    "  end\n"
    "  redis.call('DEL', 'seopipe:evt:' .. evt)\n"
    "  return true\n"
    "end)\n"
    "local consumers = 0\n"
    "local cs = redis.pcall('XINFO', 'CONSUMERS', 'seopipe:q', 'deliver')\n"
    "if type(cs) == 'table' and not cs.err then\n"
    "  for _, c in ipairs(cs) do\n"
    "    local f = {}\n"
    "    for i = 1, #c - 1, 2 do f[c[i]] = c[i + 1] end\n"
    "    if f.pending == 0 and f.idle and f.idle > tonumber(ARGV[3]) then\n"
    "      redis.call('XGROUP', 'DELCONSUMER', 'seopipe:q', 'deliver', f.name)\n"
    "      consumers = consumers + 1\n"
    "    end\n"
    "  end\n"
    "end\n"
    "return {deliveries, events, consumers}\n";

/*
 * One endpoint's share of this worker: requests in flight (at most `cap`, its max_concurrency)
 * and loaded deliveries waiting for one of them to end (at most `cap` too; past that a
 * delivery is deferred through the retry set, so a slow endpoint never holds more than twice
 * its cap of the worker's slots).
 */
struct endpoint_load {
    char id[48];
    unsigned in_flight, cap, waiting;
    struct transfer *wait_head, *wait_tail;
    struct endpoint_load *next;
};

struct transfer {
    struct seo_delivery *d;
    char entry[48]; /* stream entry id */
    char id[128];   /* delivery id, the webhook-id */
    char webhook[48];
    unsigned attempts_done;
    CURL *easy;
    struct curl_slist *headers;
    char *payload;
    size_t payload_len;
    struct seo_buf response;
    size_t response_bytes;
    char retry_after[64];
    struct seo_curl_guard guard;
    const char *failure; /* static text: why the attempt failed before it was sent */
    struct endpoint_load *endpoint;
    /* While waiting for the endpoint: where and how to send. */
    char *url, *secret, *old_secret;
    long long old_until;
    struct transfer *wait_next;
    struct timespec start;
    struct transfer *prev, *next;
};

/* A finish script's arguments after the script itself, copied, for sending (again). */
#define FINISH_ARGS 10
struct finish_msg {
    struct seo_delivery *d;
    char *args[FINISH_ARGS];
    size_t bytes;
    struct finish_msg *next;
};

struct seo_delivery {
    struct event_base *base;
    const struct seo_config *cfg;
    struct seo_redis *redis;  /* commands (the worker's) */
    struct seo_redis *reader; /* blocking reads (this engine's) */
    struct seo_curl_loop *curl;
    struct event *tick;
    unsigned long ticks;
    unsigned slots, busy; /* busy: slots taken (loading, sending or finishing) */
    bool reading, group_ready, group_pending, moving;
    bool closing;     /* stopping: callbacks only clean up */
    bool sync_static; /* this engine writes the configured endpoints into Redis */
    bool static_pending;
    bool primary;           /* this engine runs the janitor (one per process) */
    bool sweeping;          /* a janitor script is under way */
    unsigned janitor_ticks; /* run it every this many ticks */
    char consumer[128];
    char min_idle[24]; /* reaper: entries idle this long (ms) belong to a dead consumer */
    struct transfer *transfers;
    struct endpoint_load *endpoints;
    /* Finishes whose answer never came, sent again once Redis answers (bounded in bytes). */
    struct finish_msg *unrecorded_head, *unrecorded_tail;
    size_t unrecorded_bytes;
    uint64_t rng[2];
    struct seo_delivery_stats stats; /* atomic counters */
};

static void pump(struct seo_delivery *d);

static void count(unsigned long *c)
{
    __atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

static void slot_free(struct seo_delivery *d)
{
    d->busy--;
    __atomic_store_n(&d->stats.in_flight, d->busy, __ATOMIC_RELAXED);
    pump(d);
}

/* ---- finishing ---- */

#define MAX_UNRECORDED_BYTES (16u << 20)

static void finish_msg_free(struct finish_msg *m)
{
    for (size_t i = 0; i < FINISH_ARGS; i++)
        free(m->args[i]);
    free(m);
}

static void send_finish(struct finish_msg *m);

/*
 * Keeps a finish whose answer did not come, to send again once Redis answers: before the
 * reaper's idle threshold passes, that records the attempt and no receiver gets the delivery
 * twice. Past MAX_UNRECORDED_BYTES it is dropped, and the reaper hands the delivery out again.
 */
static void finish_later(struct finish_msg *m, const char *why)
{
    struct seo_delivery *d = m->d;
    if (d->closing || d->unrecorded_bytes + m->bytes > MAX_UNRECORDED_BYTES) {
        if (!d->closing)
            seo_log("warn", "delivery not recorded; the reaper will send it again", "reason", why,
                    "delivery_id", m->args[0], NULL);
        finish_msg_free(m);
        return;
    }
    if (!d->unrecorded_head)
        seo_log("warn", "delivery not recorded yet; it is recorded once Redis answers", "reason",
                why, "delivery_id", m->args[0], NULL);
    m->next = NULL;
    if (d->unrecorded_tail)
        d->unrecorded_tail->next = m;
    else
        d->unrecorded_head = m;
    d->unrecorded_tail = m;
    d->unrecorded_bytes += m->bytes;
}

static void on_finished(const redisReply *reply, const char *error, void *arg)
{
    struct finish_msg *m = arg;
    if (error) { /* the connection: the script may or may not have run, so send it again */
        finish_later(m, error);
        return;
    }
    if (reply->type == REDIS_REPLY_ERROR) /* the script itself failed: the reaper retries */
        seo_log("warn", "delivery not recorded; the reaper will send it again", "reason",
                reply->str, "delivery_id", m->args[0], NULL);
    finish_msg_free(m);
}

static void send_finish(struct finish_msg *m)
{
    const char *argv[3 + FINISH_ARGS] = {"EVAL", finish_script, "0"};
    for (size_t i = 0; i < FINISH_ARGS; i++)
        argv[3 + i] = m->args[i];
    if (seo_redis_command(m->d->redis, on_finished, m, 3 + FINISH_ARGS, argv, NULL) != 0)
        finish_later(m, "Redis is not connected");
}

/* Sends again what waits, at most `max`, while Redis is up. */
static void resend_unrecorded(struct seo_delivery *d, unsigned max)
{
    while (d->unrecorded_head && max-- > 0 && seo_redis_state(d->redis, NULL) == SEO_REDIS_UP) {
        struct finish_msg *m = d->unrecorded_head;
        d->unrecorded_head = m->next;
        if (!d->unrecorded_head)
            d->unrecorded_tail = NULL;
        d->unrecorded_bytes -= m->bytes;
        send_finish(m);
    }
}

/*
 * Records the step and frees the slot. attempt_json NULL: nothing was sent;
 * attempts_before: the attempts recorded when it was loaded.
 */
static void finish(struct seo_delivery *d, const char *id, const char *entry, const char *outcome,
                   const char *attempt_json, unsigned attempts_before, unsigned delay_ms,
                   const char *webhook, const char *reason)
{
    if (d->closing) {
        slot_free(d);
        return;
    }
    char now[32], delay[24], disable_after[24], before[24];
    seo_event_time((long long)time(NULL), now);
    snprintf(delay, sizeof(delay), "%u", delay_ms);
    snprintf(disable_after, sizeof(disable_after), "%llu",
             d->cfg->webhooks.disable_after_seconds * 1000ull);
    snprintf(before, sizeof(before), "%u", attempts_before);
    const char *args[FINISH_ARGS] = {id,
                                     entry,
                                     outcome,
                                     attempt_json ? attempt_json : "",
                                     delay,
                                     now,
                                     webhook ? webhook : "",
                                     reason ? reason : "",
                                     disable_after,
                                     before};
    struct finish_msg *m = calloc(1, sizeof(*m));
    if (!m)
        abort();
    m->d = d;
    for (size_t i = 0; i < FINISH_ARGS; i++) {
        m->args[i] = strdup(args[i]);
        if (!m->args[i])
            abort();
        m->bytes += strlen(args[i]);
    }
    send_finish(m);
    slot_free(d);
}

/* ---- transfers ---- */

static struct endpoint_load *endpoint_of(struct seo_delivery *d, const char *id)
{
    for (struct endpoint_load *e = d->endpoints; e; e = e->next)
        if (strcmp(e->id, id) == 0)
            return e;
    struct endpoint_load *e = calloc(1, sizeof(*e));
    if (!e)
        abort();
    snprintf(e->id, sizeof(e->id), "%s", id);
    e->next = d->endpoints;
    d->endpoints = e;
    return e;
}

static void transfer_free(struct transfer *t)
{
    struct seo_delivery *d = t->d;
    if (t->prev)
        t->prev->next = t->next;
    else if (d->transfers == t)
        d->transfers = t->next;
    if (t->next)
        t->next->prev = t->prev;
    if (t->easy) {
        seo_curl_loop_remove(d->curl, t->easy);
        curl_easy_cleanup(t->easy);
    }
    if (t->endpoint)
        t->endpoint->in_flight--;
    curl_slist_free_all(t->headers);
    free(t->url);
    free(t->secret);
    free(t->old_secret);
    free(t->payload);
    seo_buf_free(&t->response);
    free(t);
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
    struct transfer *t = arg;
    size_t len = size * n;
    t->response_bytes += len;
    if (t->response.len < MAX_RESPONSE_EXCERPT) {
        size_t room = MAX_RESPONSE_EXCERPT - t->response.len;
        seo_buf_append(&t->response, data, len < room ? len : room);
    }
    return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    struct transfer *t = arg;
    size_t len = size * n;
    if (len > 12 && strncasecmp(data, "Retry-After:", 12) == 0) {
        size_t v = 12;
        while (v < len && (data[v] == ' ' || data[v] == '\t'))
            v++;
        size_t end = len;
        while (end > v && (data[end - 1] == '\r' || data[end - 1] == '\n' || data[end - 1] == ' '))
            end--;
        snprintf(t->retry_after, sizeof(t->retry_after), "%.*s", (int)(end - v), data + v);
    }
    return len;
}

/* The attempt as the delivery log keeps it. */
static char *attempt_json(const struct transfer *t, long status, const char *error,
                          long long latency_ms, long long next_in_ms)
{
    char now[32];
    seo_event_time((long long)time(NULL), now);
    json_t *a = json_object();
    json_object_set_new(a, "attempt", json_integer((json_int_t)t->attempts_done + 1));
    json_object_set_new(a, "at", json_string(now));
    json_object_set_new(a, "status", status ? json_integer(status) : json_null());
    json_object_set_new(a, "error", error ? json_string(error) : json_null());
    if (t->guard.blocked && t->guard.why)
        json_object_set_new(a, "detail", json_string(t->guard.why));
    else if (t->failure)
        json_object_set_new(a, "detail", json_string(t->failure));
    json_object_set_new(a, "latency_ms", json_integer(latency_ms));
    if (t->response.len) {
        bool text = seo_utf8_valid(t->response.data, t->response.len, NULL);
        json_object_set_new(a, "response",
                            text ? json_stringn(t->response.data, t->response.len)
                                 : json_string("(not UTF-8 text)"));
        json_object_set_new(a, "response_bytes", json_integer((json_int_t)t->response_bytes));
    }
    if (next_in_ms >= 0)
        json_object_set_new(a, "next_attempt_in_ms", json_integer(next_in_ms));
    struct seo_buf out = {0};
    seo_json_write(&out, a, 0);
    json_decref(a);
    return seo_buf_take(&out);
}

static bool send_transfer(struct transfer *t, const char *url, const char *secret,
                          const char *old_secret, long long old_until);
static void complete(struct transfer *t, CURLcode rc, long status);

/* Sends what waits for `ep` while it is under its cap. */
static void start_waiting(struct seo_delivery *d, struct endpoint_load *ep)
{
    while (!d->closing && ep->wait_head && ep->in_flight < ep->cap) {
        struct transfer *t = ep->wait_head;
        ep->wait_head = t->wait_next;
        if (!ep->wait_head)
            ep->wait_tail = NULL;
        ep->waiting--;
        t->endpoint = ep;
        ep->in_flight++;
        if (!send_transfer(t, t->url, t->secret, t->old_secret, t->old_until))
            complete(t, CURLE_FAILED_INIT, 0);
    }
}

/* A transfer ended: decide, record, free. */
static void complete(struct transfer *t, CURLcode rc, long status)
{
    struct seo_delivery *d = t->d;
    const struct seo_webhook_settings *ws = &d->cfg->webhooks;
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    long long latency = (long long)(end.tv_sec - t->start.tv_sec) * 1000 +
                        (end.tv_nsec - t->start.tv_nsec) / 1000000;
    const char *error = rc == CURLE_OK ? NULL : seo_curl_error_class(rc, &t->guard);
    const char *outcome;
    char reason[160] = "";
    long long next_in = -1;
    if (!error && status >= 200 && status < 300) {
        outcome = "succeeded";
        count(&d->stats.delivered);
    } else if (!error && status == 410) {
        outcome = "gone";
        snprintf(reason, sizeof(reason), "answered 410 Gone to delivery %s", t->id);
        seo_log("warn", "webhook endpoint disabled: 410 Gone", "webhook_id", t->webhook,
                "delivery_id", t->id, NULL);
    } else {
        unsigned delay = seo_retry_delay_ms(&ws->schedule, t->attempts_done + 1,
                                            (unsigned)(seo_fast_random(d->rng) >> 32));
        if (delay == UINT_MAX) {
            outcome = "failed";
            count(&d->stats.failed);
        } else {
            /* A timeout or 429 means the endpoint is overloaded: give it a while (Svix: 60 s). */
            unsigned overload = ws->overload_delay_seconds * 1000u;
            if ((rc == CURLE_OPERATION_TIMEDOUT || (!error && status == 429)) && delay < overload)
                delay = overload;
            long long after = seo_retry_after_seconds(t->retry_after[0] ? t->retry_after : NULL,
                                                      (long long)time(NULL));
            delay = seo_retry_clamp_ms(delay, after);
            outcome = "retry";
            next_in = delay;
            count(&d->stats.retried);
        }
    }
    char *json = attempt_json(t, error ? 0 : status, error, latency, next_in);
    char id[128], entry[48], webhook[48];
    snprintf(id, sizeof(id), "%s", t->id);
    snprintf(entry, sizeof(entry), "%s", t->entry);
    snprintf(webhook, sizeof(webhook), "%s", t->webhook);
    unsigned attempts_before = t->attempts_done;
    struct endpoint_load *ep = t->endpoint;
    transfer_free(t);
    finish(d, id, entry, outcome, json, attempts_before, next_in >= 0 ? (unsigned)next_in : 0,
           webhook, reason);
    free(json);
    if (ep)
        start_waiting(d, ep);
}

static void on_done(CURL *easy, CURLcode rc, void *arg)
{
    (void)arg;
    struct transfer *t = NULL;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&t);
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    complete(t, rc, status);
}

/*
 * Signs and sends: the stored payload, byte for byte. `secret` and `old_secret` are as Redis
 * keeps them (sealed when security.secret_key is set) and are opened only here, just before
 * signing; a secret in use that does not open fails the attempt.
 */
static bool send_transfer(struct transfer *t, const char *url, const char *secret,
                          const char *old_secret, long long old_until)
{
    struct seo_delivery *d = t->d;
    const struct seo_webhook_settings *ws = &d->cfg->webhooks;
    long long now = (long long)time(NULL);
    char signature[200] = "", header[300], plain[SEO_SECRETBOX_SIZE];
    unsigned char key[64];
    size_t key_len;
    const char *secrets[2] = {secret, old_until > now ? old_secret : NULL};
    for (int i = 0; i < 2 && !t->failure; i++) {
        if (!secrets[i] || !*secrets[i])
            continue;
        if (seo_secretbox_open(&d->cfg->security.box, t->webhook, secrets[i], plain,
                               sizeof(plain)) != 0) {
            t->failure = "secret cannot be decrypted (wrong SEOPIPE_SECRET_KEY?)";
            continue;
        }
        int decoded = seo_webhook_secret_decode(plain, key, sizeof(key), &key_len);
        OPENSSL_cleanse(plain, sizeof(plain));
        if (decoded != 0)
            continue;
        char one[64];
        seo_webhook_sign(key, key_len, t->id, now, t->payload, t->payload_len, one);
        OPENSSL_cleanse(key, sizeof(key));
        size_t used = strlen(signature);
        snprintf(signature + used, sizeof(signature) - used, "%s%s", used ? " " : "", one);
    }
    if (!signature[0] || t->failure)
        return false;
    struct curl_slist *h = NULL;
    h = curl_slist_append(h, "Content-Type: application/json");
    h = curl_slist_append(h, "User-Agent: seopipe/" SEOPIPE_VERSION);
    h = curl_slist_append(h, "Expect:");
    snprintf(header, sizeof(header), "webhook-id: %s", t->id);
    h = curl_slist_append(h, header);
    snprintf(header, sizeof(header), "webhook-timestamp: %lld", now);
    h = curl_slist_append(h, header);
    snprintf(header, sizeof(header), "webhook-signature: %s", signature);
    h = curl_slist_append(h, header);
    t->headers = h;
    CURL *e = curl_easy_init();
    if (!e || !h)
        return false;
    t->easy = e;
    curl_easy_setopt(e, CURLOPT_URL, url);
    t->guard.policy = &ws->policy;
    seo_curl_guard(e, &t->guard);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->payload);
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)t->payload_len);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)ws->connect_timeout_ms);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)ws->timeout_ms);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    clock_gettime(CLOCK_MONOTONIC, &t->start);
    count(&d->stats.attempts);
    return seo_curl_loop_add(d->curl, e);
}

/* ---- loading ---- */

static const char *str_at(const redisReply *r, size_t i)
{
    return i < r->elements && r->element[i]->type == REDIS_REPLY_STRING ? r->element[i]->str : "";
}

static void on_loaded(const redisReply *reply, const char *error, void *arg)
{
    struct transfer *t = arg;
    struct seo_delivery *d = t->d;
    if (d->closing || error || reply->type != REDIS_REPLY_ARRAY) {
        /* The entry stays pending; the reaper hands it out again. */
        transfer_free(t);
        slot_free(d);
        return;
    }
    if (reply->elements == 1 && strcmp(str_at(reply, 0), "poison") == 0) {
        char entry[48], id[128];
        snprintf(entry, sizeof(entry), "%s", t->entry);
        snprintf(id, sizeof(id), "%s", t->id);
        transfer_free(t);
        count(&d->stats.failed);
        seo_log("warn",
                "delivery failed: reclaimed " POISON_RECLAIMS
                " times without finishing (a consumer died each time)",
                "delivery_id", id, NULL);
        finish(d, id, entry, "failed", NULL, 0, 0, NULL, NULL);
        return;
    }
    const char *status = str_at(reply, 0), *payload = str_at(reply, 4), *url = str_at(reply, 5);
    snprintf(t->webhook, sizeof(t->webhook), "%s", str_at(reply, 2));
    t->attempts_done = (unsigned)strtoul(str_at(reply, 3), NULL, 10);
    bool enabled = strcmp(str_at(reply, 9), "1") == 0;
    unsigned max_concurrency = (unsigned)strtoul(str_at(reply, 10), NULL, 10);
    char id[128], entry[48], webhook[48];
    snprintf(id, sizeof(id), "%s", t->id);
    snprintf(entry, sizeof(entry), "%s", t->entry);
    snprintf(webhook, sizeof(webhook), "%s", t->webhook);
    if (strcmp(status, "pending") != 0) { /* done already: a duplicate entry */
        transfer_free(t);
        finish(d, id, entry, "stale", NULL, 0, 0, NULL, NULL);
        return;
    }
    if (!*url || !enabled || !*payload) { /* kept for replay */
        transfer_free(t);
        finish(d, id, entry, "disabled", NULL, 0, 0, webhook, NULL);
        return;
    }
    unsigned rate_wait = (unsigned)strtoul(str_at(reply, 11), NULL, 10);
    if (rate_wait) { /* the endpoint's rate limit for this second is used up */
        transfer_free(t);
        finish(d, id, entry, "defer", NULL, 0, rate_wait, webhook, NULL);
        return;
    }
    struct endpoint_load *ep = endpoint_of(d, t->webhook);
    ep->cap = max_concurrency ? max_concurrency : 1;
    if (ep->in_flight >= ep->cap && ep->waiting >= ep->cap) {
        transfer_free(t);
        finish(d, id, entry, "defer", NULL, 0, DEFER_MS, webhook, NULL);
        return;
    }
    size_t len = reply->element[4]->len;
    t->payload = malloc(len ? len : 1);
    if (!t->payload)
        abort();
    memcpy(t->payload, payload, len);
    t->payload_len = len;
    if (ep->in_flight >= ep->cap) { /* wait here, holding the slot, for a request to end */
        t->url = strdup(url);
        t->secret = strdup(str_at(reply, 6));
        t->old_secret = strdup(str_at(reply, 7));
        t->old_until = strtoll(str_at(reply, 8), NULL, 10);
        if (!t->url || !t->secret || !t->old_secret)
            abort();
        if (ep->wait_tail)
            ep->wait_tail->wait_next = t;
        else
            ep->wait_head = t;
        ep->wait_tail = t;
        ep->waiting++;
        return;
    }
    t->endpoint = ep;
    ep->in_flight++;
    if (!send_transfer(t, url, str_at(reply, 6), str_at(reply, 7),
                       strtoll(str_at(reply, 8), NULL, 10))) {
        /* No usable secret or no curl handle: recorded as an attempt that failed here. */
        complete(t, CURLE_FAILED_INIT, 0);
    }
}

/* A stream entry: take a slot and load what it needs. */
static void start(struct seo_delivery *d, const char *entry, const char *id, bool reclaimed)
{
    struct transfer *t = calloc(1, sizeof(*t));
    if (!t)
        abort();
    t->d = d;
    snprintf(t->entry, sizeof(t->entry), "%s", entry);
    snprintf(t->id, sizeof(t->id), "%s", id);
    t->next = d->transfers;
    if (d->transfers)
        d->transfers->prev = t;
    d->transfers = t;
    d->busy++;
    __atomic_store_n(&d->stats.in_flight, d->busy, __ATOMIC_RELAXED);
    const char *argv[5] = {"EVAL", load_script, "0", id, reclaimed ? "1" : "0"};
    if (seo_redis_command(d->redis, on_loaded, t, 5, argv, NULL) != 0) {
        transfer_free(t);
        slot_free(d);
    }
}

/* Stream entries [[id, [field, value, ...]], ...] */
static void start_entries(struct seo_delivery *d, const redisReply *entries, bool reclaimed)
{
    for (size_t i = 0; entries && entries->type == REDIS_REPLY_ARRAY && i < entries->elements;
         i++) {
        const redisReply *e = entries->element[i];
        if (e->type != REDIS_REPLY_ARRAY || e->elements < 2 ||
            e->element[0]->type != REDIS_REPLY_STRING)
            continue;
        const redisReply *fields = e->element[1];
        const char *id = NULL;
        for (size_t k = 0; fields->type == REDIS_REPLY_ARRAY && k + 1 < fields->elements; k += 2)
            if (fields->element[k]->str && strcmp(fields->element[k]->str, "d") == 0)
                id = fields->element[k + 1]->str;
        if (id) {
            start(d, e->element[0]->str, id, reclaimed);
        } else { /* not a delivery: drop it so it is not reclaimed forever */
            d->busy++;
            finish(d, "", e->element[0]->str, "stale", NULL, 0, 0, NULL, NULL);
        }
    }
}

static void on_read(const redisReply *reply, const char *error, void *arg)
{
    struct seo_delivery *d = arg;
    d->reading = false;
    if (!d->closing && !error && reply->type == REDIS_REPLY_ARRAY)
        for (size_t s = 0; s < reply->elements; s++)
            if (reply->element[s]->type == REDIS_REPLY_ARRAY && reply->element[s]->elements == 2)
                start_entries(d, reply->element[s]->element[1], false);
    if (!error && reply->type == REDIS_REPLY_ERROR && strstr(reply->str, "NOGROUP"))
        d->group_ready = false;
    pump(d);
}

/* Reads as many ready deliveries as there are free slots, blocking up to a second for them. */
static void pump(struct seo_delivery *d)
{
    if (d->closing || d->reading || !d->group_ready || d->busy >= d->slots)
        return;
    char n[16];
    snprintf(n, sizeof(n), "%u", d->slots - d->busy);
    const char *argv[10] = {"XREADGROUP", "GROUP", "deliver", d->consumer, "COUNT", n,
                            "BLOCK",      "1000",  "STREAMS", "seopipe:q"};
    const char *full[11];
    memcpy(full, argv, sizeof(argv));
    full[10] = ">";
    if (seo_redis_command_within(d->reader, READ_BLOCK_MS, on_read, d, 11, full, NULL) == 0)
        d->reading = true;
}

/* ---- timers ---- */

static void on_group(const redisReply *reply, const char *error, void *arg)
{
    struct seo_delivery *d = arg;
    d->group_pending = false;
    if (!error && (reply->type == REDIS_REPLY_STATUS ||
                   (reply->type == REDIS_REPLY_ERROR && strstr(reply->str, "BUSYGROUP")))) {
        d->group_ready = true;
        pump(d);
    }
}

static void on_moved(const redisReply *reply, const char *error, void *arg)
{
    (void)reply, (void)error;
    struct seo_delivery *d = arg;
    d->moving = false;
}

static void on_claimed(const redisReply *reply, const char *error, void *arg)
{
    struct seo_delivery *d = arg;
    d->busy--; /* the slot reserved for the claim */
    if (!d->closing && !error && reply->type == REDIS_REPLY_ARRAY && reply->elements >= 2)
        start_entries(d, reply->element[1], true);
    pump(d);
}

static void on_static(const redisReply *reply, const char *error, void *arg)
{
    struct seo_delivery *d = arg;
    d->static_pending = false;
    if (error || reply->type != REDIS_REPLY_INTEGER)
        return; /* tried again next tick */
    d->sync_static = false;
    char n[24];
    snprintf(n, sizeof(n), "%lld", reply->integer);
    seo_log("info", "webhook endpoints from the configuration stored", "count", n, NULL);
}

/* Upserts webhooks.endpoints once Redis answers, their secrets sealed (a new nonce each start). */
static void sync_static(struct seo_delivery *d)
{
    const struct seo_webhook_settings *ws = &d->cfg->webhooks;
    char stored[SEO_MAX_STATIC_ENDPOINTS][SEO_SECRETBOX_SIZE];
    const char *argv[4 + 5 * SEO_MAX_STATIC_ENDPOINTS];
    int argc = 0;
    char now[24];
    snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
    argv[argc++] = "EVAL";
    argv[argc++] = static_script;
    argv[argc++] = "0";
    argv[argc++] = now;
    for (size_t i = 0; i < ws->n_endpoints; i++) {
        const struct seo_static_endpoint *e = &ws->endpoints[i];
        if (seo_secretbox_seal(&d->cfg->security.box, e->id, e->secret, stored[i],
                               sizeof(stored[i])) != 0) {
            seo_log("error", "a configured webhook secret could not be encrypted: not stored",
                    "webhook_id", e->id, NULL);
            d->sync_static = false;
            return;
        }
        argv[argc++] = e->id;
        argv[argc++] = e->url;
        argv[argc++] = stored[i];
        argv[argc++] = e->events;
        argv[argc++] = e->description ? e->description : "";
    }
    if (seo_redis_command(d->redis, on_static, d, argc, argv, NULL) == 0)
        d->static_pending = true;
}

static void on_swept(const redisReply *reply, const char *error, void *arg)
{
    struct seo_delivery *d = arg;
    d->sweeping = false;
    if (error || reply->type != REDIS_REPLY_ARRAY || reply->elements != 3)
        return; /* tried again next time */
    long long n[3];
    for (size_t i = 0; i < 3; i++)
        n[i] = reply->element[i]->type == REDIS_REPLY_INTEGER ? reply->element[i]->integer : 0;
    if (n[0] || n[1] || n[2]) {
        char a[24], b[24], c[24];
        snprintf(a, sizeof(a), "%lld", n[0]);
        snprintf(b, sizeof(b), "%lld", n[1]);
        snprintf(c, sizeof(c), "%lld", n[2]);
        seo_log("info", "retention: old deliveries, events and idle consumers removed",
                "deliveries", a, "events", b, "consumers", c, NULL);
    }
}

static void sweep(struct seo_delivery *d)
{
    char retention[24];
    snprintf(retention, sizeof(retention), "%llu", d->cfg->webhooks.retention_seconds * 1000ull);
    const char *argv[6] = {"EVAL", janitor_script, "0", retention, JANITOR_BATCH, d->min_idle};
    if (seo_redis_command(d->redis, on_swept, d, 6, argv, NULL) == 0)
        d->sweeping = true;
}

static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    struct seo_delivery *d = arg;
    d->ticks++;
    resend_unrecorded(d, 100);
    if (d->sync_static && !d->static_pending)
        sync_static(d);
    if (!d->group_ready && !d->group_pending) {
        const char *argv[6] = {"XGROUP", "CREATE", "seopipe:q", "deliver", "0", "MKSTREAM"};
        if (seo_redis_command(d->redis, on_group, d, 6, argv, NULL) == 0)
            d->group_pending = true;
    }
    if (d->group_ready && !d->moving) {
        const char *argv[4] = {"EVAL", move_script, "0", MOVE_BATCH};
        if (seo_redis_command(d->redis, on_moved, d, 4, argv, NULL) == 0)
            d->moving = true;
    }
    if (d->primary && d->group_ready && !d->sweeping && d->ticks % d->janitor_ticks == 0)
        sweep(d);
    if (d->group_ready && d->ticks % REAP_EVERY_TICKS == 0 && d->busy < d->slots) {
        char n[16];
        snprintf(n, sizeof(n), "%u", d->slots - d->busy);
        const char *argv[8] = {"XAUTOCLAIM", "seopipe:q", "deliver", d->consumer,
                               d->min_idle,  "0-0",       "COUNT",   n};
        if (seo_redis_command(d->redis, on_claimed, d, 8, argv, NULL) == 0)
            d->busy++; /* held until the claim answers, so pump cannot overfill */
    }
    pump(d);
}

/* ---- public ---- */

struct seo_delivery *seo_delivery_new(struct event_base *base, const struct seo_config *cfg,
                                      struct seo_redis *commands, const char *consumer,
                                      bool primary)
{
    struct seo_delivery *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->primary = primary;
    d->sync_static = primary && cfg->webhooks.n_endpoints > 0;
    /* A quarter of the retention, between 1 s and a minute. */
    unsigned every_ms = cfg->webhooks.retention_seconds * 250u;
    if (cfg->webhooks.retention_seconds > 240)
        every_ms = 60000;
    d->janitor_ticks = every_ms < 1000 ? 1000 / TICK_MS : every_ms / TICK_MS;
    d->base = base;
    d->cfg = cfg;
    d->redis = commands;
    d->slots = cfg->webhooks.max_transfers;
    snprintf(d->consumer, sizeof(d->consumer), "%s", consumer);
    /* Twice the longest transfer: an entry idle that long has no live consumer. */
    snprintf(d->min_idle, sizeof(d->min_idle), "%u", 2 * cfg->webhooks.timeout_ms + 5000);
    seo_fast_random_seed(d->rng);
    d->reader = seo_redis_new(base, &cfg->redis.target, cfg->redis.timeout_ms);
    d->curl = seo_curl_loop_new(base, on_done, d);
    d->tick = event_new(base, -1, EV_PERSIST, on_tick, d);
    struct timeval tv = {0, TICK_MS * 1000};
    if (!d->reader || !d->curl || !d->tick || event_add(d->tick, &tv) != 0) {
        seo_delivery_free(d);
        return NULL;
    }
    return d;
}

void seo_delivery_stop(struct seo_delivery *d)
{
    if (!d)
        return;
    d->closing = true;
    if (d->tick)
        event_del(d->tick);
}

void seo_delivery_free(struct seo_delivery *d)
{
    if (!d)
        return;
    d->closing = true;
    seo_redis_free(d->reader); /* its pending read answers now, and starts nothing */
    d->reader = NULL;
    while (d->transfers)
        transfer_free(d->transfers);
    seo_curl_loop_free(d->curl);
    while (d->unrecorded_head) { /* never recorded: the reaper hands them out again */
        struct finish_msg *m = d->unrecorded_head;
        d->unrecorded_head = m->next;
        finish_msg_free(m);
    }
    while (d->endpoints) {
        struct endpoint_load *next = d->endpoints->next;
        free(d->endpoints);
        d->endpoints = next;
    }
    if (d->tick)
        event_free(d->tick);
    free(d);
}

void seo_delivery_stats(const struct seo_delivery *d, struct seo_delivery_stats *out)
{
    out->attempts = __atomic_load_n(&d->stats.attempts, __ATOMIC_RELAXED);
    out->delivered = __atomic_load_n(&d->stats.delivered, __ATOMIC_RELAXED);
    out->retried = __atomic_load_n(&d->stats.retried, __ATOMIC_RELAXED);
    out->failed = __atomic_load_n(&d->stats.failed, __ATOMIC_RELAXED);
    out->in_flight = __atomic_load_n(&d->stats.in_flight, __ATOMIC_RELAXED);
}
