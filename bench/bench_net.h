#ifndef SEOPIPE_BENCH_NET_H
#define SEOPIPE_BENCH_NET_H

/* What the benchmark servers (bare_http.c, webhook_sink.c) share: their sockets and arguments. */

#include <netinet/in.h>
#include <stdbool.h>

/* "127.0.0.1:8080" into an IPv4 address; 0, or -1 when it is not host:port. */
int bench_parse_listen(const char *text, struct sockaddr_in *addr);

/* A listening socket on addr with SO_REUSEPORT (one per worker, as service/http.c does), with
   TCP_NODELAY when asked; -1 with errno on failure. */
int bench_listen_socket(const struct sockaddr_in *addr, bool nodelay);

#endif
