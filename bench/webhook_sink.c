/*
 * The webhook receiver bench/webhooks delivers to: as fast as a receiver can be. The same
 * worker layout as bench/bare_http.c (T threads, each with its own event_base, evhttp and
 * SO_REUSEPORT listening socket on one port, TCP_NODELAY); every POST is answered 204 at once
 * on a keep-alive connection, nothing verified. What it keeps:
 *
 *   --log FILE   one line per POST, "<webhook-id> <receipt time, µs since the epoch> <body
 *                bytes>", written when the request (head and body) has been read; the file is
 *                flushed on SIGTERM/SIGINT and on GET /_flush
 *   GET /_stats  {"posts", "answered", "held", "first_us", "last_us", "release_us",
 *                "min_bytes", "max_bytes"}: POSTs read, answered, waiting; the receipt times of
 *                the first and the last POST; when /_release came
 *   GET /_hold   from now on POSTs are read and logged but not answered (the sender's transfers
 *                stay in flight, so it builds up a backlog)
 *   GET /_release  answers every held POST (each worker within 5 ms) and stops holding
 *
 * usage: webhook_sink --listen 127.0.0.1:PORT [--threads T] [--log FILE]
 *
 * Runs until SIGTERM or SIGINT.
 */
/* SO_REUSEPORT, SOCK_NONBLOCK and SOCK_CLOEXEC are Linux extensions. */
#define _GNU_SOURCE
#include "bench_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64

struct held {
    struct evhttp_request *req;
    struct held *next;
};

struct worker {
    struct event_base *base;
    struct evhttp *http;
    struct evhttp_bound_socket *bound;
    struct event *tick;
    struct held *held;
    pthread_t thread;
};

static FILE *log_file;
static int holding; /* atomics below: workers read, any worker writes */
static unsigned long posts, answered, held_now;
static long long first_us, last_us, release_us;
static unsigned long min_bytes = (unsigned long)-1, max_bytes;

static long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void usage(FILE *to)
{
    fprintf(to, "usage: webhook_sink --listen 127.0.0.1:PORT [--threads T] [--log FILE]\n");
}

static void answer(struct evhttp_request *req)
{
    evhttp_send_reply(req, 204, "No Content", NULL);
    __atomic_fetch_add(&answered, 1, __ATOMIC_RELAXED);
}

static void answer_text(struct evhttp_request *req, const char *text)
{
    struct evbuffer *out = evbuffer_new();
    if (!out) {
        evhttp_send_error(req, 500, NULL);
        return;
    }
    evbuffer_add(out, text, strlen(text));
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "application/json");
    evhttp_send_reply(req, 200, "OK", out);
    evbuffer_free(out);
}

static void update_min_max(unsigned long bytes)
{
    unsigned long seen = __atomic_load_n(&min_bytes, __ATOMIC_RELAXED);
    while (bytes < seen && !__atomic_compare_exchange_n(&min_bytes, &seen, bytes, false,
                                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
    seen = __atomic_load_n(&max_bytes, __ATOMIC_RELAXED);
    while (bytes > seen && !__atomic_compare_exchange_n(&max_bytes, &seen, bytes, false,
                                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
}

static void control(struct evhttp_request *req, const char *path)
{
    char text[512];
    if (strcmp(path, "/_stats") == 0) {
        unsigned long lo = __atomic_load_n(&min_bytes, __ATOMIC_RELAXED);
        snprintf(text, sizeof(text),
                 "{\"posts\":%lu,\"answered\":%lu,\"held\":%lu,\"first_us\":%lld,\"last_us\":%lld,"
                 "\"release_us\":%lld,\"min_bytes\":%lu,\"max_bytes\":%lu}\n",
                 __atomic_load_n(&posts, __ATOMIC_RELAXED),
                 __atomic_load_n(&answered, __ATOMIC_RELAXED),
                 __atomic_load_n(&held_now, __ATOMIC_RELAXED),
                 __atomic_load_n(&first_us, __ATOMIC_RELAXED),
                 __atomic_load_n(&last_us, __ATOMIC_RELAXED),
                 __atomic_load_n(&release_us, __ATOMIC_RELAXED), lo == (unsigned long)-1 ? 0 : lo,
                 __atomic_load_n(&max_bytes, __ATOMIC_RELAXED));
    } else if (strcmp(path, "/_hold") == 0) {
        __atomic_store_n(&holding, 1, __ATOMIC_RELAXED);
        snprintf(text, sizeof(text), "{\"holding\":true}\n");
    } else if (strcmp(path, "/_release") == 0) {
        __atomic_store_n(&release_us, now_us(), __ATOMIC_RELAXED);
        __atomic_store_n(&holding, 0, __ATOMIC_RELAXED);
        snprintf(text, sizeof(text), "{\"holding\":false}\n");
    } else if (strcmp(path, "/_flush") == 0) {
        if (log_file)
            fflush(log_file);
        snprintf(text, sizeof(text), "{\"flushed\":true}\n");
    } else {
        evhttp_send_error(req, 404, NULL);
        return;
    }
    answer_text(req, text);
}

static void handle(struct evhttp_request *req, void *arg)
{
    struct worker *w = arg;
    const char *uri = evhttp_request_get_uri(req);
    if (evhttp_request_get_command(req) != EVHTTP_REQ_POST) {
        control(req, uri ? uri : "");
        return;
    }
    long long t = now_us();
    size_t bytes = evbuffer_get_length(evhttp_request_get_input_buffer(req));
    const char *id = evhttp_find_header(evhttp_request_get_input_headers(req), "webhook-id");
    long long zero = 0;
    __atomic_compare_exchange_n(&first_us, &zero, t, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
    __atomic_store_n(&last_us, t, __ATOMIC_RELAXED);
    __atomic_fetch_add(&posts, 1, __ATOMIC_RELAXED);
    update_min_max(bytes);
    if (log_file)
        fprintf(log_file, "%s %lld %zu\n", id ? id : "-", t, bytes);
    if (__atomic_load_n(&holding, __ATOMIC_RELAXED)) {
        struct held *h = malloc(sizeof(*h));
        if (h) {
            h->req = req;
            h->next = w->held;
            w->held = h;
            __atomic_fetch_add(&held_now, 1, __ATOMIC_RELAXED);
            return;
        }
    }
    answer(req);
}

/* Every 5 ms: when no longer holding, answer what this worker holds. */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    struct worker *w = arg;
    if (!w->held || __atomic_load_n(&holding, __ATOMIC_RELAXED))
        return;
    while (w->held) {
        struct held *h = w->held;
        w->held = h->next;
        answer(h->req);
        __atomic_fetch_sub(&held_now, 1, __ATOMIC_RELAXED);
        free(h);
    }
}

static int worker_init(struct worker *w, const struct sockaddr_in *addr)
{
    memset(w, 0, sizeof(*w));
    w->base = event_base_new();
    w->http = w->base ? evhttp_new(w->base) : NULL;
    w->tick = w->base ? event_new(w->base, -1, EV_PERSIST, on_tick, w) : NULL;
    struct timeval every = {0, 5000};
    if (!w->http || !w->tick || event_add(w->tick, &every) != 0)
        return -1;
    int fd = bench_listen_socket(addr, true);
    if (fd < 0)
        return -1;
    w->bound = evhttp_accept_socket_with_handle(w->http, fd);
    if (!w->bound) {
        close(fd);
        return -1;
    }
    evhttp_set_timeout(w->http, 120);
    evhttp_set_max_body_size(w->http, 16 * 1024 * 1024);
    evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST);
    evhttp_set_gencb(w->http, handle, w);
    return 0;
}

static void worker_free(struct worker *w)
{
    if (w->tick)
        event_free(w->tick);
    if (w->http)
        evhttp_free(w->http); /* also frees the requests still held */
    while (w->held) {
        struct held *h = w->held;
        w->held = h->next;
        free(h);
    }
    if (w->base)
        event_base_free(w->base);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    event_base_dispatch(w->base);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *address = NULL, *log_path = NULL;
    long threads = 1;
    for (int arg = 1; arg < argc; arg += 2) {
        const char *name = argv[arg], *value = arg + 1 < argc ? argv[arg + 1] : NULL;
        if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(name, "--listen") == 0 && value) {
            address = value;
        } else if (strcmp(name, "--log") == 0 && value) {
            log_path = value;
        } else if (strcmp(name, "--threads") == 0 && value) {
            char *end;
            threads = strtol(value, &end, 10);
            if (*end || threads < 1 || threads > MAX_THREADS)
                threads = 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    struct sockaddr_in addr;
    if (!address || bench_parse_listen(address, &addr) != 0 || threads < 1) {
        fprintf(stderr, "webhook_sink: --listen must be IPv4:PORT, --threads 1 to %d\n",
                MAX_THREADS);
        return 2;
    }
    if (log_path) {
        log_file = fopen(log_path, "a");
        if (!log_file) {
            fprintf(stderr, "webhook_sink: cannot open %s: %s\n", log_path, strerror(errno));
            return 1;
        }
        setvbuf(log_file, NULL, _IOFBF, 1 << 20);
    }

    evthread_use_pthreads();
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct worker *workers = calloc((size_t)threads, sizeof(*workers));
    if (!workers)
        return 1;
    int rc = 0, started = 0;
    for (long i = 0; i < threads; i++) {
        if (worker_init(&workers[i], &addr) != 0) {
            fprintf(stderr, "webhook_sink: cannot listen on %s: %s\n", address, strerror(errno));
            rc = 1;
            break;
        }
    }
    for (long i = 0; rc == 0 && i < threads; i++) {
        if (pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]) != 0) {
            rc = 1;
            break;
        }
        started++;
    }
    if (rc == 0) {
        fprintf(stderr, "webhook_sink: listening on %s, %ld threads%s%s\n", address, threads,
                log_path ? ", log " : "", log_path ? log_path : "");
        int sig = 0;
        sigwait(&stop, &sig);
    }
    for (int i = 0; i < started; i++)
        event_base_loopbreak(workers[i].base);
    for (int i = 0; i < started; i++)
        pthread_join(workers[i].thread, NULL);
    for (long i = 0; i < threads; i++)
        worker_free(&workers[i]);
    free(workers);
    if (log_file)
        fclose(log_file);
    return rc;
}
