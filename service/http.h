#ifndef SEOPIPE_HTTP_H
#define SEOPIPE_HTTP_H

#include "config.h"

/*
 * `seopipe serve`: the HTTP API on libevent evhttp. N share-nothing workers,
 * each with its own event base and its own listening socket on the same
 * port (SO_REUSEPORT), its own stemmer cache. Runs until SIGTERM or SIGINT,
 * then stops accepting, lets in-flight responses finish and returns 0.
 * Returns 2 when the configuration cannot be served (bad listen address,
 * a public address without API keys, a port in use).
 */
int seo_http_serve(const struct seo_config *cfg);

#endif
