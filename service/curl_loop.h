#ifndef SEOPIPE_CURL_LOOP_H
#define SEOPIPE_CURL_LOOP_H

/*
 * libcurl multi driven by a libevent loop, for every outbound request of a
 * worker (webhook deliveries, FAQ sources): curl says which sockets to watch
 * and when to wake it; nothing blocks and no thread is added. Also the two
 * things every outbound request shares: the address check at connect time
 * (outbound.h's policy on the resolved address, so DNS rebinding and
 * redirects into private ranges cannot pass) and the error classes the logs
 * and the API use.
 */

#include "outbound.h"

#include <curl/curl.h>
#include <stdbool.h>

struct event_base;
struct seo_curl_loop;

/* A transfer ended with `rc`; `easy` is still in the loop: remove it (or free it) here. */
typedef void seo_curl_done(CURL *easy, CURLcode rc, void *arg);

/* On `base`; `done` is called for every finished transfer. NULL when out of memory. */
struct seo_curl_loop *seo_curl_loop_new(struct event_base *base, seo_curl_done *done, void *arg);
/* Frees the loop; the caller has removed its transfers first. Accepts NULL. */
void seo_curl_loop_free(struct seo_curl_loop *l);
/* Starts `easy` (borrowed until removed). False when curl refuses it. */
bool seo_curl_loop_add(struct seo_curl_loop *l, CURL *easy);
/* Stops `easy` if it runs; `done` is not called for it. */
void seo_curl_loop_remove(struct seo_curl_loop *l, CURL *easy);

/* The connect-time address check of one transfer; lives as long as its easy handle. */
struct seo_curl_guard {
    const struct seo_outbound_policy *policy; /* borrowed */
    bool blocked;                             /* a connection was refused */
    const char *why;                          /* static text, when blocked */
};

/*
 * Makes `easy` an outbound request under `g`: http and https only (redirects
 * too), no proxy (a proxy would hide the address from the check), no
 * signals, and every socket's address checked before it is opened.
 */
void seo_curl_guard(CURL *easy, struct seo_curl_guard *g);

/* "timeout", "dns", "connect", "tls", "reset", "blocked", "too_big" or "error". */
const char *seo_curl_error_class(CURLcode rc, const struct seo_curl_guard *g);

#endif
