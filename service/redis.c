/*
 * The Redis connection of one worker: a small state machine around
 * hiredis's async context.
 *
 *   DOWN --retry timer--> CONNECTING --AUTH/SELECT/PING answered--> UP
 *     ^                        |                                     |
 *     +---- fail(): refused, lost, stalled, handshake error ----------+
 *
 * fail() is the one place a connection goes down: it records why, frees the
 * hiredis context (its pending callbacks then run with no reply) and arms
 * the retry timer with exponential backoff and full jitter. Commands are only
 * accepted while UP, so nothing waits on a connection that is not there.
 *
 * A command that misses its deadline is answered with a timeout at once. The
 * connection is dropped only when it is stalled: nothing came from Redis for
 * a whole timeout (a stopped or hung server), or MAX_LATE commands are past
 * their deadline and still unanswered (a server far slower than the load).
 * One slow answer while others flow (a long fsync under appendfsync always,
 * a big script) costs that command alone, not everything queued behind it.
 */
#include "redis.h"

#include "log.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>
#include <hiredis/async.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The adapter is a header of static functions written for older warning sets. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wpedantic"
#include <hiredis/adapters/libevent.h>
#pragma GCC diagnostic pop

#define BACKOFF_FIRST_MS 100
#define BACKOFF_MAX_MS 2000
#define HEARTBEAT_MS 1000
#define MAX_LATE 256      /* commands past their deadline and unanswered that make a stall */
#define TIMER_SLACK_MS 10 /* libevent's timers run on the coarse clock (a few ms steps) */

struct resolve;

struct seo_redis {
    struct event_base *base;
    struct evdns_base *dns; /* made on first use: only host names need it */
    struct seo_redis_target target;
    unsigned timeout_ms;
    int state; /* enum seo_redis_state; atomic: /metrics reads it from other threads */
    char reason[256];
    redisAsyncContext *ac;
    struct resolve *resolving;
    unsigned failures; /* since the connection was last up: the backoff exponent */
    bool heartbeat_pending;
    unsigned pending;  /* commands sent and not answered */
    unsigned late;     /* of those, the ones whose deadline passed */
    uint64_t heard_ms; /* monotonic: Redis's last answer, or the first ask after a quiet spell */
    bool closing;
    bool said_down; /* logged since the connection was last up: one line per outage */
    struct event *retry, *connect_deadline, *heartbeat;
    struct seo_redis_stats stats; /* atomic counters */
};

/*
 * A command in flight. hiredis frees nothing of ours: on_reply frees it,
 * always exactly once. The deadline timer exists until the command is
 * answered, by its reply or by the timer itself; cb runs at that moment.
 */
struct pending {
    struct seo_redis *r;
    seo_redis_cb *cb; /* may be NULL: nobody waits */
    void *arg;
    unsigned deadline_ms;
    struct event *deadline;
};

/* A name lookup in flight; outlives the connection when cancelled (evdns answers later). */
struct resolve {
    struct seo_redis *r; /* NULL once cancelled */
};

static void connect_now(struct seo_redis *r);

static void count(unsigned long *counter)
{
    __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

static void set_state(struct seo_redis *r, enum seo_redis_state s)
{
    __atomic_store_n(&r->state, (int)s, __ATOMIC_RELAXED);
}

static uint64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static struct timeval ms_to_tv(unsigned ms)
{
    struct timeval tv = {(time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000};
    return tv;
}

/* 100 ms doubling to 2 s, then a uniform pick in [half, whole]: instances do not reconnect in step.
 */
static unsigned backoff_ms(unsigned failures)
{
    unsigned ms = BACKOFF_FIRST_MS;
    for (unsigned i = 1; i < failures && ms < BACKOFF_MAX_MS; i++)
        ms *= 2;
    if (ms > BACKOFF_MAX_MS)
        ms = BACKOFF_MAX_MS;
    unsigned random = 0;
    if (RAND_bytes((unsigned char *)&random, sizeof(random)) != 1)
        random = failures * 2654435761u;
    return ms / 2 + random % (ms / 2 + 1);
}

/* The connection is gone or unusable: says why, lets go of it and schedules the next attempt. */
static void fail(struct seo_redis *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct seo_redis *r, const char *fmt, ...)
{
    if (__atomic_load_n(&r->state, __ATOMIC_RELAXED) == SEO_REDIS_DOWN)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
    va_end(ap);
    set_state(r, SEO_REDIS_DOWN);
    count(&r->stats.drops);
    if (!r->said_down && !r->closing) {
        seo_log("warn", "redis unavailable", "reason", r->reason, NULL);
        r->said_down = true;
    }
    r->failures++;
    r->heartbeat_pending = false;
    r->late = 0; /* their callbacks run below, with no reply */
    event_del(r->connect_deadline);
    event_del(r->heartbeat);
    if (r->resolving) {
        r->resolving->r = NULL;
        r->resolving = NULL;
    }
    redisAsyncContext *ac = r->ac;
    r->ac = NULL;
    if (ac)
        redisAsyncFree(ac); /* pending callbacks run now, or when the current one returns */
    if (!r->closing) {
        struct timeval tv = ms_to_tv(backoff_ms(r->failures));
        evtimer_add(r->retry, &tv);
    }
}

/* ---- commands ---- */

static void on_reply(redisAsyncContext *ac, void *reply, void *privdata)
{
    (void)ac;
    struct pending *p = privdata;
    struct seo_redis *r = p->r;
    r->pending--;
    if (reply)
        r->heard_ms = monotonic_ms();
    if (!p->deadline && r->late) /* answered after its deadline */
        r->late--;
    if (p->deadline) { /* not answered by its deadline yet */
        event_free(p->deadline);
        p->deadline = NULL;
        const char *why = r->closing ? "shutting down"
                          : __atomic_load_n(&r->state, __ATOMIC_RELAXED) == SEO_REDIS_DOWN
                              ? r->reason
                              : "the connection to Redis was lost";
        if (p->cb)
            p->cb(reply, reply ? NULL : why, p->arg);
    }
    free(p);
}

static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    struct pending *p = arg;
    struct seo_redis *r = p->r;
    seo_redis_cb *cb = p->cb;
    void *cb_arg = p->arg;
    event_free(p->deadline);
    p->deadline = NULL; /* answered: on_reply will only free p */
    count(&r->stats.timeouts);
    r->late++;
    char msg[96];
    snprintf(msg, sizeof(msg), "Redis did not answer within %u ms", p->deadline_ms);
    /* A stall goes down first, so whatever cb sends next is refused at once instead of queueing
       behind it. */
    uint64_t silent_ms = monotonic_ms() - r->heard_ms;
    if (silent_ms + TIMER_SLACK_MS >= r->timeout_ms)
        fail(r, "%s (nothing from Redis for %llu ms)", msg, (unsigned long long)silent_ms);
    else if (r->late >= MAX_LATE)
        fail(r, "%s (%u commands past their deadline)", msg, r->late);
    if (cb) /* NULL: nobody waits for this answer */
        cb(NULL, msg, cb_arg);
}

/* Sends without looking at the state: the handshake runs before the connection is up. */
static int send_command_within(struct seo_redis *r, unsigned deadline_ms, seo_redis_cb *cb,
                               void *arg, int argc, const char **argv, const size_t *argvlen)
{
    struct pending *p = calloc(1, sizeof(*p));
    if (!p)
        return -1;
    p->r = r;
    p->cb = cb;
    p->arg = arg;
    p->deadline_ms = deadline_ms;
    p->deadline = evtimer_new(r->base, on_deadline, p);
    if (!p->deadline ||
        redisAsyncCommandArgv(r->ac, on_reply, p, argc, argv, argvlen) != REDIS_OK) {
        if (p->deadline)
            event_free(p->deadline);
        free(p);
        return -1;
    }
    struct timeval tv = ms_to_tv(deadline_ms);
    evtimer_add(p->deadline, &tv);
    count(&r->stats.commands);
    if (r->pending++ == 0) /* a quiet connection is not a silent one */
        r->heard_ms = monotonic_ms();
    return 0;
}

static int send_command(struct seo_redis *r, seo_redis_cb *cb, void *arg, int argc,
                        const char **argv, const size_t *argvlen)
{
    return send_command_within(r, r->timeout_ms, cb, arg, argc, argv, argvlen);
}

int seo_redis_command(struct seo_redis *r, seo_redis_cb *cb, void *arg, int argc, const char **argv,
                      const size_t *argvlen)
{
    return seo_redis_command_within(r, 0, cb, arg, argc, argv, argvlen);
}

int seo_redis_command_within(struct seo_redis *r, unsigned extra_ms, seo_redis_cb *cb, void *arg,
                             int argc, const char **argv, const size_t *argvlen)
{
    if (seo_redis_state(r, NULL) != SEO_REDIS_UP || !r->ac)
        return -1;
    return send_command_within(r, r->timeout_ms + extra_ms, cb, arg, argc, argv, argvlen);
}

/* ---- connecting ---- */

static const char *reply_text(const redisReply *reply)
{
    return reply && (reply->type == REDIS_REPLY_ERROR || reply->type == REDIS_REPLY_STATUS)
               ? reply->str
               : "an unexpected reply";
}

/* AUTH and SELECT: any error fails the handshake. */
static void on_setup(const redisReply *reply, const char *error, void *arg)
{
    struct seo_redis *r = arg;
    if (error)
        return; /* the connection is already down for that reason */
    if (reply->type == REDIS_REPLY_ERROR)
        fail(r, "Redis refused the connection setup: %.160s", reply->str);
}

/* The handshake's last PING: the connection is up. */
static void on_ready(const redisReply *reply, const char *error, void *arg)
{
    struct seo_redis *r = arg;
    if (error || r->state == SEO_REDIS_DOWN)
        return;
    if (reply->type != REDIS_REPLY_STATUS || strcmp(reply->str, "PONG") != 0) {
        fail(r, "Redis answered PING with %.160s", reply_text(reply));
        return;
    }
    event_del(r->connect_deadline);
    r->failures = 0;
    r->reason[0] = '\0';
    set_state(r, SEO_REDIS_UP);
    count(&r->stats.connects);
    if (r->said_down || r->stats.connects == 1)
        seo_log("info", "redis connected", NULL);
    r->said_down = false;
    struct timeval tv = ms_to_tv(HEARTBEAT_MS);
    evtimer_add(r->heartbeat, &tv);
}

static void on_connect(const redisAsyncContext *ac, int status)
{
    struct seo_redis *r = ac->data;
    if (r->ac != ac)
        return;
    if (status != REDIS_OK) {
        r->ac = NULL; /* hiredis frees it after this callback */
        fail(r, "cannot connect to Redis: %.160s", ac->errstr);
        return;
    }
    const struct seo_redis_target *t = &r->target;
    char db[16];
    snprintf(db, sizeof(db), "%d", t->db);
    if (t->password[0]) {
        const char *argv[3] = {"AUTH", t->user[0] ? t->user : t->password, t->password};
        send_command(r, on_setup, r, t->user[0] ? 3 : 2, argv, NULL);
    }
    if (t->db) {
        const char *argv[2] = {"SELECT", db};
        send_command(r, on_setup, r, 2, argv, NULL);
    }
    const char *ping[1] = {"PING"};
    if (send_command(r, on_ready, r, 1, ping, NULL) != 0)
        fail(r, "cannot send the handshake to Redis");
}

static void on_disconnect(const redisAsyncContext *ac, int status)
{
    struct seo_redis *r = ac->data;
    if (r->ac != ac)
        return;   /* we let go of it ourselves, and said why */
    r->ac = NULL; /* hiredis frees it after this callback */
    if (status == REDIS_OK)
        fail(r, "Redis closed the connection");
    else
        fail(r, "the connection to Redis was lost: %.160s", ac->errstr);
}

/* Opens the hiredis context to an address (TCP) or to the socket path. */
static void open_context(struct seo_redis *r, const char *ip)
{
    const struct seo_redis_target *t = &r->target;
    redisAsyncContext *ac = ip ? redisAsyncConnect(ip, t->port) : redisAsyncConnectUnix(t->path);
    if (!ac || ac->err) {
        char where[300];
        if (ip)
            snprintf(where, sizeof(where), "%s port %d", ip, t->port);
        else
            snprintf(where, sizeof(where), "%s", t->path);
        fail(r, "cannot connect to Redis at %s: %.120s", where, ac ? ac->errstr : "out of memory");
        if (ac)
            redisAsyncFree(ac);
        return;
    }
    ac->data = r;
    r->ac = ac;
    if (redisLibeventAttach(ac, r->base) != REDIS_OK) {
        fail(r, "cannot watch the Redis connection");
        return;
    }
    redisAsyncSetConnectCallback(ac, on_connect);
    redisAsyncSetDisconnectCallback(ac, on_disconnect);
}

static void on_resolved(int result, struct evutil_addrinfo *res, void *arg)
{
    struct resolve *q = arg;
    struct seo_redis *r = q->r;
    free(q);
    if (!r) { /* cancelled: the connection moved on */
        if (res)
            evutil_freeaddrinfo(res);
        return;
    }
    r->resolving = NULL;
    char ip[INET6_ADDRSTRLEN] = "";
    for (struct evutil_addrinfo *a = res; a && !ip[0]; a = a->ai_next) {
        if (a->ai_family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)a->ai_addr)->sin_addr, ip,
                      sizeof(ip));
        else if (a->ai_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)a->ai_addr)->sin6_addr, ip,
                      sizeof(ip));
    }
    if (res)
        evutil_freeaddrinfo(res);
    if (result != 0 || !ip[0]) {
        fail(r, "cannot resolve the Redis host \"%.100s\": %s", r->target.host,
             result ? evutil_gai_strerror(result) : "no address");
        return;
    }
    open_context(r, ip);
}

static bool is_ip(const char *host)
{
    unsigned char buf[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

static void on_connect_deadline(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    struct seo_redis *r = arg;
    fail(r, "connecting to Redis took longer than %u ms", r->timeout_ms);
}

static void connect_now(struct seo_redis *r)
{
    set_state(r, SEO_REDIS_CONNECTING);
    if (!r->reason[0])
        snprintf(r->reason, sizeof(r->reason), "connecting to Redis");
    struct timeval tv = ms_to_tv(r->timeout_ms);
    evtimer_add(r->connect_deadline, &tv);
    const struct seo_redis_target *t = &r->target;
    if (t->path[0] || is_ip(t->host)) {
        open_context(r, t->path[0] ? NULL : t->host);
        return;
    }
    if (!r->dns)
        r->dns = evdns_base_new(r->base, EVDNS_BASE_INITIALIZE_NAMESERVERS);
    struct resolve *q = r->dns ? calloc(1, sizeof(*q)) : NULL;
    if (!q) {
        fail(r, "cannot start resolving the Redis host \"%.100s\"", t->host);
        return;
    }
    q->r = r;
    r->resolving = q;
    struct evutil_addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    /* May answer at once (on_resolved then runs before this returns). */
    evdns_getaddrinfo(r->dns, t->host, NULL, &hints, on_resolved, q);
}

static void on_retry(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    connect_now(arg);
}

static void on_heartbeat_reply(const redisReply *reply, const char *error, void *arg)
{
    struct seo_redis *r = arg;
    if (error)
        return;
    r->heartbeat_pending = false;
    if (reply->type == REDIS_REPLY_ERROR)
        fail(r, "Redis answered PING with an error: %.160s", reply->str);
}

static void on_heartbeat(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    struct seo_redis *r = arg;
    if (seo_redis_state(r, NULL) != SEO_REDIS_UP)
        return;
    /* Only an idle connection needs a probe: commands in flight have deadlines of their own (and
       a PING behind a blocking read would miss its deadline). */
    const char *ping[1] = {"PING"};
    if (!r->heartbeat_pending && r->pending == 0 &&
        send_command(r, on_heartbeat_reply, r, 1, ping, NULL) == 0)
        r->heartbeat_pending = true;
    struct timeval tv = ms_to_tv(HEARTBEAT_MS);
    evtimer_add(r->heartbeat, &tv);
}

/* ---- public ---- */

struct seo_redis *seo_redis_new(struct event_base *base, const struct seo_redis_target *target,
                                unsigned timeout_ms)
{
    struct seo_redis *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->base = base;
    r->target = *target;
    r->timeout_ms = timeout_ms;
    r->retry = evtimer_new(base, on_retry, r);
    r->connect_deadline = evtimer_new(base, on_connect_deadline, r);
    r->heartbeat = evtimer_new(base, on_heartbeat, r);
    if (!r->retry || !r->connect_deadline || !r->heartbeat) {
        seo_redis_free(r);
        return NULL;
    }
    set_state(r, SEO_REDIS_DOWN);
    connect_now(r);
    return r;
}

void seo_redis_free(struct seo_redis *r)
{
    if (!r)
        return;
    r->closing = true;
    fail(r, "shutting down");
    if (r->retry)
        event_free(r->retry);
    if (r->connect_deadline)
        event_free(r->connect_deadline);
    if (r->heartbeat)
        event_free(r->heartbeat);
    /* Fails the lookups still running: their callbacks free their records. */
    if (r->dns)
        evdns_base_free(r->dns, 1);
    free(r);
}

enum seo_redis_state seo_redis_state(const struct seo_redis *r, const char **reason)
{
    enum seo_redis_state s = (enum seo_redis_state)__atomic_load_n(&r->state, __ATOMIC_RELAXED);
    if (reason)
        *reason = s == SEO_REDIS_UP ? "" : r->reason;
    return s;
}

void seo_redis_stats(const struct seo_redis *r, struct seo_redis_stats *out)
{
    out->commands = __atomic_load_n(&r->stats.commands, __ATOMIC_RELAXED);
    out->timeouts = __atomic_load_n(&r->stats.timeouts, __ATOMIC_RELAXED);
    out->connects = __atomic_load_n(&r->stats.connects, __ATOMIC_RELAXED);
    out->drops = __atomic_load_n(&r->stats.drops, __ATOMIC_RELAXED);
}

/* ---- URLs ---- */

/* Copies a %-decoded URL part; false when it does not fit or has a bad escape. */
static bool decode(const char *s, size_t n, char *out, size_t out_size)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= n || !isxdigit((unsigned char)s[i + 1]) ||
                !isxdigit((unsigned char)s[i + 2]))
                return false;
            char hex[3] = {s[i + 1], s[i + 2], '\0'};
            c = (char)strtol(hex, NULL, 16);
            i += 2;
        }
        if (c == '\0' || w + 1 >= out_size)
            return false;
        out[w++] = c;
    }
    out[w] = '\0';
    return true;
}

static bool parse_db(const char *s, int *db)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0 || v > 15999)
        return false;
    *db = (int)v;
    return true;
}

int seo_redis_url_parse(const char *url, struct seo_redis_target *out, char *msg, size_t msg_size)
{
    struct seo_redis_target t = {.port = 6379};
    if (strncmp(url, "unix://", 7) == 0) {
        const char *path = url + 7;
        size_t n = strcspn(path, "?");
        if (n == 0 || path[0] != '/' || n >= sizeof(t.path)) {
            snprintf(msg, msg_size,
                     "the Redis URL \"%.80s\" must name an absolute socket path shorter than %zu "
                     "bytes (unix:///path/to/redis.sock)",
                     url, sizeof(t.path));
            return -1;
        }
        memcpy(t.path, path, n);
        t.path[n] = '\0';
        if (path[n] && (strncmp(path + n, "?db=", 4) != 0 || !parse_db(path + n + 4, &t.db))) {
            snprintf(msg, msg_size,
                     "the Redis URL \"%.80s\": after the path only ?db=N is understood", url);
            return -1;
        }
        *out = t;
        return 0;
    }
    if (strncmp(url, "redis://", 8) != 0) {
        snprintf(msg, msg_size,
                 "the Redis URL must start with redis:// or unix:// (redis://host:port/db or "
                 "unix:///path)");
        return -1;
    }
    const char *p = url + 8;
    const char *at = strchr(p, '@');
    if (at) {
        const char *colon = memchr(p, ':', (size_t)(at - p));
        const char *user_end = colon ? colon : at;
        if (!decode(p, (size_t)(user_end - p), t.user, sizeof(t.user)) ||
            (colon &&
             !decode(colon + 1, (size_t)(at - colon - 1), t.password, sizeof(t.password)))) {
            snprintf(msg, msg_size,
                     "the Redis URL's user or password is too long or badly escaped");
            return -1;
        }
        if (!colon) { /* redis://secret@host: a password alone */
            memcpy(t.password, t.user,
                   sizeof(t.password) < sizeof(t.user) ? sizeof(t.password) : sizeof(t.user));
            t.user[0] = '\0';
        }
        p = at + 1;
    }
    const char *host_end;
    if (*p == '[') {
        host_end = strchr(p, ']');
        if (!host_end) {
            snprintf(msg, msg_size, "the Redis URL's IPv6 address has no closing ]");
            return -1;
        }
        if ((size_t)(host_end - p - 1) >= sizeof(t.host))
            goto bad_host;
        memcpy(t.host, p + 1, (size_t)(host_end - p - 1));
        t.host[host_end - p - 1] = '\0';
        host_end++;
    } else {
        host_end = p + strcspn(p, ":/");
        if ((size_t)(host_end - p) >= sizeof(t.host))
            goto bad_host;
        memcpy(t.host, p, (size_t)(host_end - p));
        t.host[host_end - p] = '\0';
    }
    if (!t.host[0] || strspn(t.host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789.-_:") != strlen(t.host))
        goto bad_host;
    p = host_end;
    if (*p == ':') {
        char *end;
        long port = strtol(p + 1, &end, 10);
        if (end == p + 1 || port < 1 || port > 65535 || (*end && *end != '/')) {
            snprintf(msg, msg_size, "the Redis URL's port must be 1 to 65535");
            return -1;
        }
        t.port = (int)port;
        p = end;
    }
    if (*p == '/' && p[1] && !parse_db(p + 1, &t.db)) {
        snprintf(msg, msg_size, "the Redis URL's database must be a number (redis://host:port/0)");
        return -1;
    }
    if (*p && *p != '/') {
        snprintf(msg, msg_size, "the Redis URL has unexpected text after the host");
        return -1;
    }
    *out = t;
    return 0;
bad_host:
    snprintf(msg, msg_size, "the Redis URL must name a host (redis://host:port/db)");
    return -1;
}
