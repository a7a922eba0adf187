/*
 * The connection guard (guard.h). Each connection's input buffer has a
 * callback that follows the request framing (a head, then Content-Length
 * bytes of body) just enough to time each request and to refuse oversized
 * bodies from their head:
 *
 *   HEAD     copying a head (at most max_head bytes) until its blank line
 *   BODY     counting `body_left` bytes of body
 *   DISCARD  cutting `body_left` bytes of a refused body out of the buffer
 *   PASS     not looking (chunked or malformed framing, oversized head) until
 *            evhttp has read the request; its response closes the connection
 *
 * The guard holds a reference on each socket bufferevent, so it can tell
 * when evhttp has let go of one (its event callback is cleared) and release
 * its own record then; a timer does that and enforces the deadlines.
 */
#include "guard.h"

#include "buf.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* ---- scanning (pure) ---- */

/* A header line's name, exactly as evhttp will compare it (case-insensitive, not trimmed). */
static bool name_is(const char *line, size_t n, const char *name)
{
    size_t k = strlen(name);
    return n > k && line[k] == ':' && strncasecmp(line, name, k) == 0;
}

/* evhttp trims spaces around a value and then wants only digits. */
static void parse_length(const char *v, size_t n, struct seo_http_head *out)
{
    size_t i = 0;
    while (i < n && (v[i] == ' ' || v[i] == '\t'))
        i++;
    while (n > i && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    unsigned long long value = 0;
    bool ok = i < n;
    for (; i < n && ok; i++) {
        if (v[i] < '0' || v[i] > '9' || value > (1ull << 62) / 10)
            ok = false;
        else
            value = value * 10 + (unsigned long long)(v[i] - '0');
    }
    if (!ok)
        out->length_invalid = true;
    out->content_length = value;
}

/* Calls fn for each line of the head; stops at the blank line. Returns the head's length or 0. */
struct line_walk {
    const char *line;
    size_t n;      /* without the line ending */
    size_t with;   /* with it */
    bool first;    /* the request line */
    bool folded;   /* a continuation of the previous header */
    size_t offset; /* of the line in the buffer */
};

static bool next_line(const char *buf, size_t len, size_t *pos, struct line_walk *l)
{
    const char *nl = memchr(buf + *pos, '\n', len - *pos);
    if (!nl)
        return false;
    size_t end = (size_t)(nl - buf);
    l->offset = *pos;
    l->line = buf + *pos;
    l->n = end - *pos;
    if (l->n && l->line[l->n - 1] == '\r')
        l->n--;
    l->with = end + 1 - *pos;
    l->folded = !l->first && l->n && (l->line[0] == ' ' || l->line[0] == '\t');
    *pos = end + 1;
    return true;
}

/* The request line's method is one evhttp knows (methods are case-sensitive, RFC 9110 9.1). */
static bool method_known(const char *line, size_t n)
{
    static const char *const known[] = {"GET",     "HEAD",  "POST",    "PUT",  "DELETE",
                                        "OPTIONS", "TRACE", "CONNECT", "PATCH"};
    size_t k = 0;
    while (k < n && line[k] != ' ')
        k++;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strlen(known[i]) == k && memcmp(line, known[i], k) == 0)
            return true;
    return false;
}

/* Blank lines before the request line are allowed (RFC 9112 2.2); evhttp skips them too. */
static size_t skip_blank(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && (buf[i] == '\r' || buf[i] == '\n'))
        i++;
    return i;
}

void seo_http_head_scan(const char *buf, size_t len, struct seo_http_head *out)
{
    memset(out, 0, sizeof(*out));
    size_t pos = skip_blank(buf, len);
    struct line_walk l = {.first = true};
    bool in_length = false;
    while (next_line(buf, len, &pos, &l)) {
        if (l.first) {
            l.first = false;
            out->method_unknown = !method_known(l.line, l.n);
            continue;
        }
        if (l.n == 0) {
            out->end = pos;
            return;
        }
        if (l.folded) {
            if (in_length)
                out->length_invalid = true; /* evhttp would join the lines: not a number */
            continue;
        }
        in_length = false;
        if (name_is(l.line, l.n, "Content-Length")) {
            if (out->content_lengths++ == 0)
                parse_length(l.line + 15, l.n - 15, out);
            in_length = true;
        } else if (name_is(l.line, l.n, "Transfer-Encoding")) {
            out->transfer_encoding = true;
        }
    }
    /* No blank line yet: incomplete (out->end stays 0, the counts are partial). */
    memset(out, 0, sizeof(*out));
}

char *seo_http_head_refuse(const char *buf, const struct seo_http_head *head, const char *marker,
                           size_t *out_len)
{
    struct seo_buf b = {0};
    size_t pos = skip_blank(buf, head->end);
    struct line_walk l = {.first = true};
    bool dropping = false;
    while (next_line(buf, head->end, &pos, &l)) {
        if (l.first) {
            l.first = false;
            seo_buf_append(&b, l.line, l.with);
            continue;
        }
        if (l.n == 0)
            break;
        if (!l.folded)
            dropping = name_is(l.line, l.n, "Content-Length");
        if (!dropping)
            seo_buf_append(&b, l.line, l.with);
    }
    seo_buf_printf(&b, "Content-Length: 0\r\n%s: %llu\r\n\r\n", marker, head->content_length);
    *out_len = b.len;
    return seo_buf_take(&b);
}

/* ---- watching connections ---- */

enum { GUARD_HEAD, GUARD_BODY, GUARD_DISCARD, GUARD_PASS };

#define SWEEP_MS 200
#define MAX_REFUSED 64 /* refused requests a connection may have waiting to be answered */

struct conn {
    struct seo_guard *g;
    struct bufferevent *bev; /* referenced: lives until released here */
    struct evbuffer_cb_entry *watch;
    int fd;
    int state;
    char *head; /* the head so far */
    size_t len;
    unsigned long long body_left;
    unsigned long long declared; /* of the body being discarded */
    struct timeval started;      /* first byte of the current request */
    bool timing, busy;
    /* Heads refused and not yet read by evhttp, in order: their declared lengths. */
    unsigned long long refused[MAX_REFUSED];
    size_t n_refused;
    struct conn *prev, *next;
};

struct seo_guard {
    struct event_base *base;
    const struct seo_guard_settings *set;
    char marker[48];
    struct event *sweep;
    struct conn *conns;
    struct conn **by_fd; /* live connections by socket, for seo_guard_request */
    size_t n_by_fd;
};

static long long elapsed_ms(struct event_base *base, const struct timeval *since)
{
    struct timeval now;
    event_base_gettimeofday_cached(base, &now);
    return (long long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_usec - since->tv_usec) / 1000;
}

/* Removes n bytes at offset `at` of buf (evbuffers only drain from the front). */
static void cut(struct evbuffer *buf, size_t at, size_t n)
{
    struct evbuffer *front = evbuffer_new();
    if (!front)
        abort(); /* only when out of memory */
    evbuffer_remove_buffer(buf, front, at);
    evbuffer_drain(buf, n);
    evbuffer_prepend_buffer(buf, front);
    evbuffer_free(front);
}

/* Replaces n bytes at offset `at` of buf with `with`. */
static void replace(struct evbuffer *buf, size_t at, size_t n, const char *with, size_t with_len)
{
    struct evbuffer *front = evbuffer_new();
    if (!front)
        abort();
    evbuffer_remove_buffer(buf, front, at);
    evbuffer_drain(buf, n);
    evbuffer_prepend(buf, with, with_len);
    evbuffer_prepend_buffer(buf, front);
    evbuffer_free(front);
}

/*
 * Whether a complete head holds a NUL byte, or a header name that is empty or
 * ends in whitespace before its colon. evhttp would read the first as a
 * value cut at the NUL ("Content-Length: 4\0" "60" is 4 to it) and the
 * second as some other header ("Transfer-Encoding : chunked" is not one to
 * it, though it is to some proxies): framings a proxy in front may read
 * differently. RFC 9112 5.1 and RFC 9110 5.5 say to refuse both.
 */
static bool head_malformed(const char *head, size_t end)
{
    if (memchr(head, '\0', end))
        return true;
    size_t pos = skip_blank(head, end);
    struct line_walk l = {.first = true};
    while (next_line(head, end, &pos, &l) && l.n) {
        if (l.first || l.folded) {
            l.first = false;
            continue;
        }
        const char *colon = memchr(l.line, ':', l.n);
        if (colon && (colon == l.line || colon[-1] == ' ' || colon[-1] == '\t'))
            return true;
    }
    return false;
}

/* A line evhttp refuses both as a request line and as a header (no colon): its 400 closes. */
#define REFUSE_LINE "seopipe-refused-malformed-head\r\n"

/*
 * A complete head, or max_head bytes without an end. The bytes just copied
 * into c->head from offset `at` of buf begin at head offset `had`; when
 * `intact` (evhttp has read none of the head), the head starts at at - had.
 * Returns the offset in buf where the bytes after the head start.
 */
static size_t head_done(struct conn *c, struct evbuffer *buf, size_t at, size_t had, bool intact,
                        const struct seo_http_head *h)
{
    const struct seo_guard_settings *set = c->g->set;
    size_t after = at + ((h->end ? h->end : c->len) - had);
    c->len = 0;
    if (h->end && (h->method_unknown || head_malformed(c->head, h->end))) {
        /* Before what evhttp has not read of the head: where it starts, or all of it. */
        replace(buf, intact ? at - had : 0, 0, REFUSE_LINE, strlen(REFUSE_LINE));
        c->state = GUARD_PASS;
        return after + strlen(REFUSE_LINE);
    }
    if (!h->end || h->transfer_encoding || h->content_lengths > 1 || h->length_invalid) {
        c->state = GUARD_PASS;
        return after;
    }
    if (h->content_length > set->max_body && intact && c->n_refused < MAX_REFUSED) {
        size_t n;
        char *head = seo_http_head_refuse(c->head, h, c->g->marker, &n);
        replace(buf, at - had, h->end, head, n);
        free(head);
        c->refused[c->n_refused++] = h->content_length;
        c->state = GUARD_DISCARD;
        c->body_left = h->content_length;
        return at - had + n;
    }
    if (h->content_length > set->max_body) {
        c->state = GUARD_PASS; /* evhttp refuses it itself */
        return after;
    }
    c->body_left = h->content_length;
    c->state = c->body_left ? GUARD_BODY : GUARD_HEAD;
    c->timing = c->body_left > 0;
    return after;
}

/* Indexes the connection by its socket once evhttp has given it one. */
static void track_fd(struct conn *c)
{
    struct seo_guard *g = c->g;
    if (c->fd >= 0)
        return;
    c->fd = bufferevent_getfd(c->bev);
    if (c->fd < 0)
        return;
    if ((size_t)c->fd >= g->n_by_fd) {
        size_t n = (size_t)c->fd + 1024;
        struct conn **grown = realloc(g->by_fd, n * sizeof(*grown));
        if (!grown)
            return; /* found by a walk of the list instead */
        memset(grown + g->n_by_fd, 0, (n - g->n_by_fd) * sizeof(*grown));
        g->by_fd = grown;
        g->n_by_fd = n;
    }
    g->by_fd[c->fd] = c;
}

static void on_input(struct evbuffer *buf, const struct evbuffer_cb_info *info, void *arg)
{
    struct conn *c = arg;
    if (c->busy || info->n_added == 0)
        return; /* our own edits, or evhttp reading */
    c->busy = true;
    track_fd(c);
    const struct seo_guard_settings *set = c->g->set;
    size_t total = evbuffer_get_length(buf);
    size_t at = info->n_added < total ? total - info->n_added : 0;
    while (at < total && c->state != GUARD_PASS) {
        size_t avail = total - at;
        if (c->state == GUARD_BODY || c->state == GUARD_DISCARD) {
            size_t n = avail < c->body_left ? avail : (size_t)c->body_left;
            if (c->state == GUARD_DISCARD) {
                cut(buf, at, n);
                total -= n;
            } else {
                at += n;
            }
            c->body_left -= n;
            if (!c->body_left) {
                c->state = GUARD_HEAD;
                c->timing = false;
            }
            continue;
        }
        /* GUARD_HEAD: copy what fits and look for the blank line. */
        if (!c->timing) {
            event_base_gettimeofday_cached(c->g->base, &c->started);
            c->timing = true;
        }
        size_t had = c->len;
        bool intact = at >= had; /* evhttp read none of the earlier part */
        size_t n = set->max_head - c->len < avail ? set->max_head - c->len : avail;
        struct evbuffer_ptr p;
        evbuffer_ptr_set(buf, &p, at, EVBUFFER_PTR_SET);
        evbuffer_copyout_from(buf, &p, c->head + c->len, n);
        c->len += n;
        struct seo_http_head h = {0};
        size_t from = had > 3 ? had - 3 : 0;
        for (size_t i = from; i < c->len && !h.end; i++)
            if (c->head[i] == '\n' && i &&
                (c->head[i - 1] == '\n' ||
                 (i >= 2 && c->head[i - 1] == '\r' && c->head[i - 2] == '\n')))
                seo_http_head_scan(c->head, c->len, &h);
        if (!h.end && c->len < set->max_head) {
            at += n; /* the head goes on in a later read */
            continue;
        }
        /* The head ends in these bytes: what follows it is looked at again. */
        at = head_done(c, buf, at, had, intact, &h);
        total = evbuffer_get_length(buf);
    }
    c->busy = false;
}

static void release(struct conn *c)
{
    struct seo_guard *g = c->g;
    if (c->prev)
        c->prev->next = c->next;
    else
        g->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (c->fd >= 0 && (size_t)c->fd < g->n_by_fd && g->by_fd[c->fd] == c)
        g->by_fd[c->fd] = NULL;
    evbuffer_remove_cb_entry(bufferevent_get_input(c->bev), c->watch);
    bufferevent_decref(c->bev); /* the last reference: closes the socket */
    free(c->head);
    free(c);
}

/* Connections evhttp has let go of are released; overdue requests are cut off. */
static void on_sweep(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    struct seo_guard *g = arg;
    struct conn *next;
    for (struct conn *c = g->conns; c; c = next) {
        next = c->next;
        bufferevent_event_cb event_cb = NULL;
        bufferevent_getcb(c->bev, NULL, NULL, &event_cb, NULL);
        if (!event_cb) {
            release(c);
            continue;
        }
        if (c->timing && elapsed_ms(g->base, &c->started) > (long long)g->set->deadline_ms) {
            /* evhttp sees the end of the stream and frees the connection; released next sweep. */
            shutdown(c->fd, SHUT_RDWR);
            c->timing = false;
            c->state = GUARD_PASS;
        }
    }
}

struct bufferevent *seo_guard_bev(struct event_base *base, void *arg)
{
    struct seo_guard *g = arg;
    struct conn *c = calloc(1, sizeof(*c));
    char *head = malloc(g->set->max_head);
    struct bufferevent *bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
    struct evbuffer_cb_entry *watch =
        c && head && bev ? evbuffer_add_cb(bufferevent_get_input(bev), on_input, c) : NULL;
    if (!watch) {
        if (bev)
            bufferevent_free(bev);
        free(head);
        free(c);
        return NULL; /* evhttp makes a plain one */
    }
    bufferevent_incref(bev);
    /* Whole answers in one write: evhttp's 16 KiB default splits a 30 KB package in two. */
    bufferevent_set_max_single_write(bev, 256 * 1024);
    bufferevent_set_max_single_read(bev, 64 * 1024);
    c->g = g;
    c->bev = bev;
    c->watch = watch;
    c->fd = -1;
    c->head = head;
    c->next = g->conns;
    if (g->conns)
        g->conns->prev = c;
    g->conns = c;
    return bev;
}

long long seo_guard_request(struct seo_guard *g, struct evhttp_request *req)
{
    struct evhttp_connection *evcon = evhttp_request_get_connection(req);
    struct bufferevent *bev = evcon ? evhttp_connection_get_bufferevent(evcon) : NULL;
    int fd = bev ? bufferevent_getfd(bev) : -1;
    struct conn *c = NULL;
    if (fd >= 0 && (size_t)fd < g->n_by_fd && g->by_fd[fd] && g->by_fd[fd]->bev == bev)
        c = g->by_fd[fd];
    for (struct conn *it = g->conns; !c && it && bev; it = it->next)
        if (it->bev == bev)
            c = it;
    if (!c)
        return -1;
    long long declared = -1;
    const char *marker = evhttp_find_header(evhttp_request_get_input_headers(req), g->marker);
    if (marker && c->n_refused) {
        declared = (long long)c->refused[0];
        memmove(c->refused, c->refused + 1, (c->n_refused - 1) * sizeof(c->refused[0]));
        c->n_refused--;
    }
    if (c->state == GUARD_PASS) {
        c->state = GUARD_HEAD; /* its response closes the connection anyway */
        c->len = 0;
    }
    if (c->state == GUARD_HEAD && c->len == 0)
        c->timing = false;
    return declared;
}

struct seo_guard *seo_guard_new(struct event_base *base, const struct seo_guard_settings *settings)
{
    struct seo_guard *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    g->base = base;
    g->set = settings;
    unsigned char token[8];
    if (RAND_bytes(token, sizeof(token)) != 1) {
        free(g);
        return NULL;
    }
    int w = snprintf(g->marker, sizeof(g->marker), "X-Seopipe-Refused-");
    for (size_t i = 0; i < sizeof(token); i++)
        w += snprintf(g->marker + w, sizeof(g->marker) - (size_t)w, "%02x", token[i]);
    g->sweep = event_new(base, -1, EV_PERSIST, on_sweep, g);
    struct timeval tv = {0, SWEEP_MS * 1000};
    if (!g->sweep || event_add(g->sweep, &tv) != 0) {
        seo_guard_free(g);
        return NULL;
    }
    return g;
}

void seo_guard_free(struct seo_guard *g)
{
    if (!g)
        return;
    while (g->conns)
        release(g->conns);
    if (g->sweep)
        event_free(g->sweep);
    free(g->by_fd);
    free(g);
}
