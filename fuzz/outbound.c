/*
 * Fuzz target for the outbound address policy (service/outbound.c): the
 * input's first line is an allow-list for seo_outbound_policy_parse(), the
 * rest a URL for seo_outbound_url_check() (without a newline, all of it is
 * the URL and the policy is empty); the URL's last 16 bytes are also judged
 * as raw IPv4 and IPv6 addresses.
 *
 * Invariants (abort() when broken): every message is NUL-terminated and a
 * refusal has one; a refusal leaves its outputs untouched; a parsed policy
 * holds at most 32 networks with valid prefixes and no host bits; an
 * accepted URL gives a non-empty host and a port of 1..65535, its IP host
 * is an allowed address, and "http://<host>:<port>/" rebuilt from them is
 * accepted again with the same host and port; an IPv4 address and its
 * IPv4-mapped IPv6 form are judged alike.
 */
#include "driver.h"

#include "outbound.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static void violated(const char *what)
{
    fprintf(stderr, "fuzz_outbound: invariant violated: %s\n", what);
    abort();
}

/* The policy parse and its invariants; *p is the policy (empty when refused). */
static void check_policy(const char *text, struct seo_outbound_policy *p)
{
    struct seo_outbound_policy sentinel;
    memset(&sentinel, 0x5a, sizeof(sentinel));
    *p = sentinel;
    char msg[200];
    memset(msg, 'x', sizeof(msg));
    if (seo_outbound_policy_parse(text, p, msg, sizeof(msg)) != 0) {
        if (!memchr(msg, '\0', sizeof(msg)) || !msg[0])
            violated("a refused allow-list without a terminated message");
        if (memcmp(p, &sentinel, sizeof(*p)) != 0)
            violated("a refused allow-list changed the policy");
        memset(p, 0, sizeof(*p));
        return;
    }
    if (p->n > SEO_OUTBOUND_MAX_CIDRS)
        violated("more networks than the policy holds");
    for (unsigned i = 0; i < p->n; i++) {
        const struct seo_outbound_cidr *c = &p->cidrs[i];
        unsigned bits = c->family == AF_INET ? 32 : c->family == AF_INET6 ? 128 : 0;
        if (!bits || c->prefix > bits)
            violated("a network with a bad family or prefix");
        for (unsigned b = c->prefix; b < bits; b++)
            if (c->net[b / 8] & (0x80 >> (b % 8)))
                violated("a network with host bits set");
    }
}

/* seo_outbound_url_check() with its invariants; returns its result. */
static int check_url(const char *url, const struct seo_outbound_policy *p, size_t host_cap,
                     char host[256], int *port)
{
    char msg[300];
    memset(host, 'Z', 256);
    memset(msg, 'x', sizeof(msg));
    *port = -12345;
    int rc = seo_outbound_url_check(url, p, host, host_cap, port, msg, sizeof(msg));
    if (rc != 0) {
        if (rc != -1 || !memchr(msg, '\0', sizeof(msg)) || !msg[0])
            violated("a refused URL without a terminated message");
        for (size_t i = 0; i < 256; i++)
            if (host[i] != 'Z')
                violated("a refused URL changed host_out");
        if (*port != -12345)
            violated("a refused URL changed port_out");
        return rc;
    }
    if (!memchr(host, '\0', host_cap) || !host[0])
        violated("an accepted URL's host is empty or not terminated within host_cap");
    if (*port < 1 || *port > 65535)
        violated("an accepted URL's port is out of range");
    return 0;
}

/* An accepted URL's host and port, rebuilt into a URL, are accepted again unchanged. */
static void recheck(const char *host, int port, const struct seo_outbound_policy *p)
{
    union {
        struct sockaddr sa;
        struct sockaddr_in in;
        struct sockaddr_in6 in6;
    } addr;
    memset(&addr, 0, sizeof(addr));
    if (inet_pton(AF_INET, host, &addr.in.sin_addr) == 1)
        addr.in.sin_family = AF_INET;
    else if (inet_pton(AF_INET6, host, &addr.in6.sin6_addr) == 1)
        addr.in6.sin6_family = AF_INET6;
    if (addr.sa.sa_family && !seo_outbound_address_allowed(&addr.sa, p, NULL))
        violated("an accepted URL's IP host is not an allowed address");

    char url[300], again[256];
    int port_again;
    snprintf(url, sizeof(url), strchr(host, ':') ? "http://[%s]:%d/" : "http://%s:%d/", host, port);
    if (check_url(url, p, 256, again, &port_again) != 0)
        violated("an accepted URL's host and port, rebuilt, are refused");
    if (strcmp(again, host) != 0 || port_again != port)
        violated("an accepted URL's host and port, rebuilt, change");
}

/* The last bytes as an IPv4 address and as IPv6, and the IPv4 one mapped: judged alike. */
static void check_addresses(const uint8_t *b, size_t n)
{
    if (n < 16)
        return;
    b += n - 16;
    struct sockaddr_in in = {.sin_family = AF_INET};
    struct sockaddr_in6 in6 = {.sin6_family = AF_INET6}, mapped = {.sin6_family = AF_INET6};
    memcpy(&in.sin_addr, b + 12, 4);
    memcpy(in6.sin6_addr.s6_addr, b, 16);
    mapped.sin6_addr.s6_addr[10] = mapped.sin6_addr.s6_addr[11] = 0xff;
    memcpy(mapped.sin6_addr.s6_addr + 12, b + 12, 4);
    const char *w4 = NULL, *w6 = NULL, *wm = NULL;
    bool a4 = seo_outbound_address_allowed((const struct sockaddr *)&in, NULL, &w4);
    bool a6 = seo_outbound_address_allowed((const struct sockaddr *)&in6, NULL, &w6);
    bool am = seo_outbound_address_allowed((const struct sockaddr *)&mapped, NULL, &wm);
    if (a4 != !w4 || a6 != !w6 || am != !wm)
        violated("why is not set exactly when refused");
    if (a4 != am || (w4 && strcmp(w4, wm) != 0))
        violated("an IPv4 address and its mapped form are judged differently");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    struct seo_outbound_policy p = {0};
    char *url = text;
    char *nl = memchr(text, '\n', size);
    if (nl) {
        *nl = '\0';
        check_policy(text, &p);
        url = nl + 1;
    }
    char host[256];
    int port;
    if (check_url(url, &p, 256, host, &port) == 0)
        recheck(host, port, &p);
    /* A small host_out: refused or fitting, never overflowing. */
    char small[256];
    int small_port;
    if (check_url(url, &p, 8, small, &small_port) == 0 && strlen(small) >= 8)
        violated("host_out overflowed host_cap");
    check_addresses(data, size);
    free(text);
    return 0;
}
