/*
 * The bare evhttp server bench/http compares seopipe serve with: the same
 * architecture as service/http.c (T worker threads, each with its own
 * event_base, evhttp and SO_REUSEPORT listening socket on one port) but no
 * work at all: every request, whatever its method and path, is answered 200
 * with N bytes of 'x' as application/json. What seopipe adds on top of this
 * is its own cost.
 *
 * usage: bare_http --listen 127.0.0.1:PORT --bytes N [--threads T] [--nodelay]
 *
 * --nodelay sets TCP_NODELAY on the listening sockets (Linux hands it on to the
 * accepted ones). Without it the sockets are set up exactly as service/http.c
 * sets up its own; evhttp writes a response in pieces of at most 16 KiB, so a
 * longer one waits for the client's delayed ACK (about 40 ms) before its last
 * piece leaves, unless Nagle's algorithm is off.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_THREADS 256
#define MAX_BYTES (64L * 1024 * 1024)

struct worker {
    struct event_base *base;
    struct evhttp *http;
    struct evhttp_bound_socket *bound;
    pthread_t thread;
};

static const char *body;
static size_t body_len;
static int nodelay;

static void usage(FILE *to)
{
    fprintf(to, "usage: bare_http --listen 127.0.0.1:PORT --bytes N [--threads T] [--nodelay]\n");
}

static void handle(struct evhttp_request *req, void *arg)
{
    (void)arg;
    struct evbuffer *out = evbuffer_new();
    if (!out) {
        evhttp_send_error(req, 500, NULL);
        return;
    }
    /* Copied into the reply as service/http.c copies its bodies. */
    evbuffer_add(out, body, body_len);
    evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "application/json");
    evhttp_send_reply(req, 200, "OK", out);
    evbuffer_free(out);
}

static int worker_init(struct worker *w, const struct sockaddr_in *addr)
{
    memset(w, 0, sizeof(*w));
    w->base = event_base_new();
    w->http = w->base ? evhttp_new(w->base) : NULL;
    if (!w->http)
        return -1;
    int fd = bench_listen_socket(addr, nodelay);
    if (fd < 0)
        return -1;
    w->bound = evhttp_accept_socket_with_handle(w->http, fd);
    if (!w->bound) {
        close(fd);
        return -1;
    }
    evhttp_set_timeout(w->http, 10);
    evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST |
                                            EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE);
    evhttp_set_gencb(w->http, handle, w);
    return 0;
}

static void worker_free(struct worker *w)
{
    if (w->http)
        evhttp_free(w->http);
    if (w->base)
        event_base_free(w->base);
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    event_base_dispatch(w->base);
    return NULL;
}

static long parse_long(const char *s, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    return v;
}

int main(int argc, char **argv)
{
    const char *address = NULL;
    long bytes = -1, threads = 1;
    int arg = 1;
    while (arg < argc) {
        const char *name = argv[arg++];
        const char *value = arg < argc ? argv[arg] : NULL;
        if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(name, "--nodelay") == 0) {
            nodelay = 1;
            continue;
        } else if (strcmp(name, "--listen") == 0 && value) {
            address = value;
        } else if (strcmp(name, "--bytes") == 0 && value) {
            bytes = parse_long(value, 0, MAX_BYTES);
        } else if (strcmp(name, "--threads") == 0 && value) {
            threads = parse_long(value, 1, MAX_THREADS);
        } else {
            usage(stderr);
            return 2;
        }
        arg++;
    }
    struct sockaddr_in addr;
    if (!address || bench_parse_listen(address, &addr) != 0) {
        fprintf(stderr, "bare_http: --listen must be IPv4:PORT\n");
        return 2;
    }
    if (bytes < 0 || threads < 1) {
        fprintf(stderr, "bare_http: --bytes must be 0 to %ld, --threads 1 to %d\n", MAX_BYTES,
                MAX_THREADS);
        return 2;
    }
    char *fill = malloc((size_t)bytes + 1);
    if (!fill)
        return 1;
    memset(fill, 'x', (size_t)bytes);
    body = fill;
    body_len = (size_t)bytes;

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
            fprintf(stderr, "bare_http: cannot listen on %s: %s\n", address, strerror(errno));
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
        fprintf(stderr, "bare_http: listening on %s, %ld threads, %ld bytes%s\n", address, threads,
                bytes, nodelay ? ", TCP_NODELAY" : "");
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
    free(fill);
    return rc;
}
