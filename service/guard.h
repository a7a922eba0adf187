#ifndef SEOPIPE_GUARD_H
#define SEOPIPE_GUARD_H

/*
 * The connection guard: watches the bytes every accepted connection brings,
 * for what libevent 2.1's evhttp cannot do by itself.
 *
 *  - A deadline per request: from its first byte, the head and a
 *    Content-Length body must arrive within `deadline_ms`, or the connection
 *    is shut down. evhttp's own timeout restarts on every byte, so a client
 *    that drips a byte at a time (slowloris) would otherwise hold the
 *    connection forever.
 *  - A body over the limit is refused from its head: the head, still unread
 *    by evhttp, is rewritten to Content-Length 0 plus a marker header, the
 *    body's bytes are dropped as they come, and the request handler answers
 *    413 as a problem document on a connection that stays usable. (evhttp
 *    would answer with its own HTML page, or not at all.) When evhttp has
 *    already read part of the head (a head dripped over several reads), the
 *    guard lets evhttp refuse the body itself.
 *
 *  - A method evhttp does not know ("PROPFIND", "get") is refused with 400
 *    and a closed connection, as a malformed head is (evhttp would answer
 *    501). Known methods the API does not take reach the handler: 405 with
 *    Allow.
 *
 * The guard observes the socket bufferevent's input buffer (an evbuffer
 * callback runs before evhttp's read callback); it never parses for evhttp.
 * Heads are scanned only for their end and their framing headers. A request
 * with a chunked or malformed framing is passed on unscanned, and its
 * response closes the connection (http.c), so the guard never loses track of
 * where a head starts.
 */

#include <stdbool.h>
#include <stddef.h>

struct bufferevent;
struct event_base;
struct evhttp_request;

/* What a request head says about the body after it. */
struct seo_http_head {
    size_t end;                        /* bytes up to and with the blank line; 0: incomplete */
    int content_lengths;               /* Content-Length headers */
    unsigned long long content_length; /* the first one's value */
    bool length_invalid;               /* not a plain decimal number, or too big */
    bool transfer_encoding;            /* any Transfer-Encoding header */
    bool method_unknown;               /* a method evhttp does not know ("FOO", "get") */
};

/*
 * Scans `len` bytes that start a request head (leading blank lines allowed,
 * lines end in CRLF or LF). Fills *out; out->end is 0 while the head is
 * incomplete. Pure: no allocation, no I/O.
 */
void seo_http_head_scan(const char *buf, size_t len, struct seo_http_head *out);

/*
 * The head `buf[0..head->end)` with its Content-Length lines replaced by
 * "Content-Length: 0" and "<marker>: <declared length>". Caller frees;
 * *out_len is its length.
 */
char *seo_http_head_refuse(const char *buf, const struct seo_http_head *head, const char *marker,
                           size_t *out_len);

struct seo_guard_settings {
    size_t max_body;      /* bodies declared over this are refused from the head */
    size_t max_head;      /* heads over this are handed on unscanned (evhttp refuses them) */
    unsigned deadline_ms; /* per request, from its first byte */
};

/* One worker's guard: its connections and the timer that enforces deadlines. */
struct seo_guard;

/*
 * A guard for connections on `base`; `settings` is borrowed. The marker
 * header name carries a random token, so no client can send it. Returns
 * NULL when out of memory.
 */
struct seo_guard *seo_guard_new(struct event_base *base, const struct seo_guard_settings *settings);

/* Releases every connection still watched; call after evhttp_free(). Accepts NULL. */
void seo_guard_free(struct seo_guard *g);

/* evhttp_set_bevcb() callback (arg: the struct seo_guard *): a watched socket bufferevent. */
struct bufferevent *seo_guard_bev(struct event_base *base, void *arg);

/*
 * Called for each request evhttp has read: its connection is between
 * requests again (no deadline runs while the server answers). Returns the
 * declared body length when the guard refused the body (answer 413), or -1.
 */
long long seo_guard_request(struct seo_guard *g, struct evhttp_request *req);

#endif
