#ifndef SEO_REDIS_H
#define SEO_REDIS_H

/*
 * One asynchronous Redis connection on one event base (hiredis 0.14 with its
 * libevent adapter). hiredis has no timeouts, so this module adds them: every
 * command has a deadline, connecting has one, and a command that misses its
 * deadline drops the connection (a Redis that does not answer is treated as
 * gone, so nothing queues behind it). A dropped connection is re-opened with
 * exponential backoff and jitter; a heartbeat PING notices a Redis that
 * stopped answering while idle. Host names are resolved with evdns, so the
 * event loop never blocks.
 *
 * Not thread-safe: one connection belongs to one worker. Its state and
 * counters may be read from other threads (relaxed atomics) for /metrics.
 */

#include <hiredis/hiredis.h>
#include <stdbool.h>
#include <stddef.h>

struct event_base;
struct seo_redis;

/* Where Redis is: redis://[[user]:password@]host[:port][/db] or unix:///path[?db=N]. */
struct seo_redis_target {
    char host[256]; /* a name or an IP address; empty for a unix socket */
    int port;
    char path[108]; /* unix socket path; empty for TCP */
    int db;
    char user[128];     /* ACL user; empty: "default" */
    char password[256]; /* empty: no AUTH */
};

/*
 * Parses a Redis URL. Returns 0, or -1 with a message that says what is
 * wrong (without the password) in `msg`.
 */
int seo_redis_url_parse(const char *url, struct seo_redis_target *out, char *msg, size_t msg_size);

enum seo_redis_state { SEO_REDIS_DOWN, SEO_REDIS_CONNECTING, SEO_REDIS_UP };

struct seo_redis_stats {
    unsigned long commands; /* sent */
    unsigned long timeouts; /* commands that missed their deadline */
    unsigned long connects; /* connections that came up */
    unsigned long drops;    /* connections lost, refused or given up */
};

/*
 * Starts connecting at once. `timeout_ms` bounds every command and the
 * connect (resolve, TCP, AUTH/SELECT/PING). Returns NULL only when out of
 * memory. Caller frees with seo_redis_free.
 */
struct seo_redis *seo_redis_new(struct event_base *base, const struct seo_redis_target *target,
                                unsigned timeout_ms);

/*
 * Closes the connection; callbacks of commands still pending run before
 * this returns, with error "shutting down". Accepts NULL.
 */
void seo_redis_free(struct seo_redis *r);

/*
 * Called exactly once per accepted command: with the reply (borrowed, valid
 * during the call; it may be a Redis error reply) and error NULL, or with
 * reply NULL and `error` saying why (deadline missed, connection lost).
 */
typedef void seo_redis_cb(const redisReply *reply, const char *error, void *arg);

/*
 * Sends one command (arguments are copied); `cb` may be NULL when nobody
 * waits for the answer (its deadline still guards the connection). Commands sent in one turn of
 * the event loop leave in one write, so a sequence is pipelined. Returns 0
 * when the command was sent (cb will run later), or -1 without calling cb
 * when the connection is not up; seo_redis_state() then says why.
 */
int seo_redis_command(struct seo_redis *r, seo_redis_cb *cb, void *arg, int argc, const char **argv,
                      const size_t *argvlen);

/*
 * The same for a command that may take `extra_ms` longer than
 * redis.timeout_ms by design (a blocking read: XREADGROUP ... BLOCK).
 */
int seo_redis_command_within(struct seo_redis *r, unsigned extra_ms, seo_redis_cb *cb, void *arg,
                             int argc, const char **argv, const size_t *argvlen);

/*
 * The connection's state; when it is not up, *reason (when asked) is a
 * sentence saying why, valid until the next event on this connection.
 * Readable from any thread (the reason only from the owning one).
 */
enum seo_redis_state seo_redis_state(const struct seo_redis *r, const char **reason);

/* A snapshot of the counters; readable from any thread. */
void seo_redis_stats(const struct seo_redis *r, struct seo_redis_stats *out);

#endif
