/* Tests service/redis.c's connection against a real redis-server (started here on a private unix
   socket): a command that misses its deadline while Redis keeps answering costs that command
   alone, and a stalled or hopelessly slow Redis takes the connection down. Skipped where
   redis-server is not installed. */
#include "redis.h"

#include <event2/event.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

/* Busy for ARGV[1] microseconds inside Redis: a slow command that blocks nothing but its turn. */
static const char BUSY[] = "local t = redis.call('TIME') "
                           "local start = t[1] * 1000000 + t[2] "
                           "repeat local n = redis.call('TIME') "
                           "until n[1] * 1000000 + n[2] - start >= tonumber(ARGV[1]) "
                           "return 1";

struct server {
    char dir[64];
    char sock[96];
    pid_t pid;
};

static struct server server;

struct tally {
    unsigned ok, failed;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int start_server(void **state)
{
    (void)state;
    snprintf(server.dir, sizeof(server.dir), "/tmp/seopipe-redis-XXXXXX");
    if (!mkdtemp(server.dir))
        return -1;
    snprintf(server.sock, sizeof(server.sock), "%s/redis.sock", server.dir);
    server.pid = fork();
    if (server.pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execlp("redis-server", "redis-server", "--port", "0", "--unixsocket", server.sock, "--save",
               "", "--appendonly", "no", "--dir", server.dir, "--loglevel", "warning",
               (char *)NULL);
        _exit(127);
    }
    for (double until = now_s() + 5; now_s() < until;) {
        struct stat st;
        if (stat(server.sock, &st) == 0)
            return 0;
        int status;
        if (waitpid(server.pid, &status, WNOHANG) == server.pid) {
            server.pid = 0; /* not installed, or it refused to start */
            return 0;
        }
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    return -1;
}

static int stop_server(void **state)
{
    (void)state;
    if (server.pid > 0) {
        kill(server.pid, SIGTERM);
        waitpid(server.pid, NULL, 0);
    }
    unlink(server.sock);
    rmdir(server.dir);
    return 0;
}

static void count_reply(const redisReply *reply, const char *error, void *arg)
{
    struct tally *t = arg;
    if (error || !reply || reply->type == REDIS_REPLY_ERROR)
        t->failed++;
    else
        t->ok++;
}

/* Runs the loop until `done` says so or `seconds` pass; false on the time limit. */
static bool run_until(struct event_base *base, bool (*done)(void *), void *arg, double seconds)
{
    for (double until = now_s() + seconds; now_s() < until;) {
        if (done(arg))
            return true;
        struct timeval tick = {0, 5000};
        event_base_loopexit(base, &tick);
        event_base_dispatch(base);
    }
    return done(arg);
}

static bool is_up(void *arg)
{
    return seo_redis_state(arg, NULL) == SEO_REDIS_UP;
}

struct wait_all {
    struct tally *t;
    unsigned n;
};

static bool all_answered(void *arg)
{
    struct wait_all *w = arg;
    return w->t->ok + w->t->failed >= w->n;
}

/* A connection to the test server with `timeout_ms`, up, with its loop. */
static struct seo_redis *connect_with(struct event_base *base, unsigned timeout_ms)
{
    struct seo_redis_target target = {0};
    snprintf(target.path, sizeof(target.path), "%s", server.sock);
    struct seo_redis *r = seo_redis_new(base, &target, timeout_ms);
    assert_non_null(r);
    assert_true(run_until(base, is_up, r, 3));
    return r;
}

/* Sends `n` busy scripts of `busy_us` each at once, and waits for every answer. */
static void send_busy(struct event_base *base, struct seo_redis *r, unsigned n, unsigned busy_us,
                      struct tally *t)
{
    char us[16];
    snprintf(us, sizeof(us), "%u", busy_us);
    const char *argv[4] = {"EVAL", BUSY, "0", us};
    unsigned sent = 0;
    for (unsigned i = 0; i < n; i++)
        sent += seo_redis_command(r, count_reply, t, 4, argv, NULL) == 0;
    assert_int_equal(sent, n);
    struct wait_all w = {t, n};
    assert_true(run_until(base, all_answered, &w, 15));
}

static void ping_ok(struct event_base *base, struct seo_redis *r)
{
    struct tally t = {0};
    const char *argv[1] = {"PING"};
    assert_int_equal(seo_redis_command(r, count_reply, &t, 1, argv, NULL), 0);
    struct wait_all w = {&t, 1};
    assert_true(run_until(base, all_answered, &w, 3));
    assert_int_equal(t.ok, 1);
}

static void slow_answers_keep_the_connection(void **state)
{
    (void)state;
    if (server.pid <= 0)
        skip();
    struct event_base *base = event_base_new();
    struct seo_redis *r = connect_with(base, 250);
    /* 350 commands of 1 ms: answers flow every millisecond, the last ones come ~350 ms after
       they were sent, so some 100 miss the 250 ms deadline (fewer than the 256 that make a
       stall). */
    struct tally t = {0};
    send_busy(base, r, 350, 1000, &t);
    struct seo_redis_stats st;
    seo_redis_stats(r, &st);
    print_message("ok %u, timed out %u, drops %lu, connects %lu\n", t.ok, t.failed, st.drops,
                  st.connects);
    assert_true(st.timeouts > 0); /* or the case proves nothing */
    assert_int_equal(t.failed, st.timeouts);
    assert_int_equal(st.drops, 0);
    assert_int_equal(st.connects, 1);
    ping_ok(base, r);
    seo_redis_free(r);
    event_base_free(base);
}

static void a_stall_drops_the_connection(void **state)
{
    (void)state;
    if (server.pid <= 0)
        skip();
    struct event_base *base = event_base_new();
    struct seo_redis *r = connect_with(base, 200);
    /* One 700 ms command: nothing comes back for longer than the deadline. */
    struct tally t = {0};
    double t0 = now_s();
    send_busy(base, r, 1, 700000, &t);
    double took = now_s() - t0;
    struct seo_redis_stats st;
    seo_redis_stats(r, &st);
    assert_int_equal(t.failed, 1);
    assert_true(took < 0.5); /* answered at its deadline, not when Redis was done */
    assert_int_equal(st.drops, 1);
    const char *why = NULL;
    assert_int_not_equal(seo_redis_state(r, &why), SEO_REDIS_UP);
    assert_non_null(strstr(why, "nothing from Redis"));
    assert_true(run_until(base, is_up, r, 5)); /* back once Redis is */
    ping_ok(base, r);
    seo_redis_free(r);
    event_base_free(base);
}

static void too_many_late_answers_drop_the_connection(void **state)
{
    (void)state;
    if (server.pid <= 0)
        skip();
    struct event_base *base = event_base_new();
    struct seo_redis *r = connect_with(base, 150);
    /* 800 commands of 1 ms: answers flow, but from ~150 ms on every one is late; at 256 late
       ones (~410 ms) the connection goes down and the rest fail with it. */
    struct tally t = {0};
    send_busy(base, r, 800, 1000, &t);
    struct seo_redis_stats st;
    seo_redis_stats(r, &st);
    print_message("ok %u, failed %u, timed out %lu, drops %lu\n", t.ok, t.failed, st.timeouts,
                  st.drops);
    assert_int_equal(st.drops, 1);
    assert_int_equal(st.timeouts, 256);
    assert_true(t.failed > 256);
    assert_true(run_until(base, is_up, r, 5));
    ping_ok(base, r);
    seo_redis_free(r);
    event_base_free(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(slow_answers_keep_the_connection),
        cmocka_unit_test(a_stall_drops_the_connection),
        cmocka_unit_test(too_many_late_answers_drop_the_connection),
    };
    return cmocka_run_group_tests(tests, start_server, stop_server);
}
