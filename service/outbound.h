#ifndef SEOPIPE_OUTBOUND_H
#define SEOPIPE_OUTBOUND_H

/*
 * Which addresses webhook deliveries may reach (server-side request forgery
 * protection). Webhook URLs come from API users, so a URL must not make the
 * service talk to itself, its Redis, the cloud metadata service or anything
 * else on a private network: loopback, unspecified, RFC 1918, link-local,
 * carrier-grade NAT, unique-local, site-local, multicast, broadcast and
 * reserved addresses are refused, also when embedded in an IPv6 address
 * (IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64, 6to4). An operator
 * can allow networks anyway (SEOPIPE_OUTBOUND_ALLOW; tests allow 127.0.0.0/8).
 *
 * Two checks, both needed: seo_outbound_url_check() when a URL is registered
 * (IP literals in every spelling resolvers accept), and
 * seo_outbound_address_allowed() on every resolved address at connect time
 * (host names, DNS rebinding). Pure: no I/O, no resolving.
 */

#include <stdbool.h>
#include <stddef.h>

struct sockaddr;

#define SEO_OUTBOUND_MAX_CIDRS 32
#define SEO_OUTBOUND_URL_MAX 2048 /* bytes */

struct seo_outbound_cidr {
    int family;            /* AF_INET or AF_INET6 */
    unsigned char net[16]; /* the network (4 bytes used for AF_INET), host bits zero */
    unsigned prefix;       /* 0..32 or 0..128 */
};

/* Networks allowed although private. Zero-initialised: nothing extra allowed. */
struct seo_outbound_policy {
    unsigned n;
    struct seo_outbound_cidr cidrs[SEO_OUTBOUND_MAX_CIDRS];
};

/*
 * Parses an allow-list: comma-separated IPv4 and IPv6 networks in CIDR
 * notation ("127.0.0.0/8, ::1/128"; a bare address is a single host),
 * spaces around each allowed, at most 32. NULL or blank: an empty policy.
 * Returns 0, or -1 with a message naming the bad entry in `msg` (`out`
 * untouched). `allow_list` is borrowed.
 */
int seo_outbound_policy_parse(const char *allow_list, struct seo_outbound_policy *out, char *msg,
                              size_t msg_size);

/*
 * Whether a delivery may connect to `sa` (an AF_INET sockaddr_in or AF_INET6
 * sockaddr_in6; borrowed). An address of a refused class is allowed only
 * when a network of `p` (borrowed; NULL: empty) contains it; for an IPv6
 * address embedding an IPv4 one, a network containing either counts. When
 * false and `why` is not NULL, *why names the class: "loopback",
 * "unspecified", "private", "link-local", "carrier-grade NAT",
 * "unique-local", "site-local", "multicast", "broadcast", "reserved", or
 * "not an IP address" (a static string). *why is NULL when true.
 */
bool seo_outbound_address_allowed(const struct sockaddr *sa, const struct seo_outbound_policy *p,
                                  const char **why);

/*
 * Checks a webhook URL (borrowed) before it is stored: http or https, at
 * most SEO_OUTBOUND_URL_MAX bytes of printable ASCII, a host, no user
 * information, a port of 1..65535 when given. A host that is an IP literal
 * in any spelling resolvers accept (dotted, decimal "2130706433", hex
 * "0x7f000001", octal "0177.0.0.1", short "127.1", bracketed IPv6 with or
 * without a zone id, a trailing dot) and the names "localhost" and
 * "*.localhost" are judged by seo_outbound_address_allowed(); other host
 * names pass (the delivery engine judges what they resolve to).
 *
 * Returns 0 and writes the host, NUL-terminated, to `host_out` (`host_cap`
 * bytes; 256 holds any) and the port (the scheme's default when none is
 * given) to *port_out: an IP literal in its canonical form (dotted quad, or
 * IPv6 as inet_ntop writes it, without brackets and zone id), a name in
 * lower case without a trailing dot. Returns -1 with a message saying what
 * is wrong in `msg` ("the URL's host \"0x7f000001\" resolves to 127.0.0.1,
 * a loopback address, ..."), leaving host_out and *port_out untouched.
 */
int seo_outbound_url_check(const char *url, const struct seo_outbound_policy *p, char *host_out,
                           size_t host_cap, int *port_out, char *msg, size_t msg_size);

#endif
