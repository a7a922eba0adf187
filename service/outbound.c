/*
 * The outbound address policy (outbound.h). inet_pton() reads standard
 * IPv4 and IPv6 text; the other IPv4 spellings (inet_aton()'s, which
 * getaddrinfo() and so libcurl accept: "127.1", "0x7f000001", "0177.0.0.1")
 * are parsed here, since no library call refuses them reliably while telling
 * what they mean.
 */
#include "outbound.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* ---- address classes ---- */

struct addr_class {
    const char *name;   /* what seo_outbound_address_allowed() tells */
    const char *phrase; /* for messages */
};

static const struct addr_class c_unspecified = {"unspecified", "an unspecified address"};
static const struct addr_class c_loopback = {"loopback", "a loopback address"};
static const struct addr_class c_private = {"private", "a private address"};
static const struct addr_class c_link_local = {"link-local", "a link-local address"};
static const struct addr_class c_cgnat = {"carrier-grade NAT", "a carrier-grade NAT address"};
static const struct addr_class c_unique_local = {"unique-local", "a unique-local address"};
static const struct addr_class c_site_local = {"site-local", "a site-local address"};
static const struct addr_class c_multicast = {"multicast", "a multicast address"};
static const struct addr_class c_broadcast = {"broadcast", "a broadcast address"};
static const struct addr_class c_reserved = {"reserved", "a reserved address"};
static const struct addr_class c_not_ip = {"not an IP address", "not an IP address"};

struct range {
    unsigned char net[16];
    unsigned prefix;
    const struct addr_class *cls;
};

/* First match wins. */
static const struct range v4_ranges[] = {
    {{0}, 8, &c_unspecified},  /* 0.0.0.0/8, "this network" */
    {{10}, 8, &c_private},     /* RFC 1918 */
    {{100, 64}, 10, &c_cgnat}, /* RFC 6598 */
    {{127}, 8, &c_loopback},
    {{169, 254}, 16, &c_link_local}, /* cloud metadata lives here */
    {{172, 16}, 12, &c_private},     /* RFC 1918 */
    {{192, 168}, 16, &c_private},    /* RFC 1918 */
    {{224}, 4, &c_multicast},
    {{255, 255, 255, 255}, 32, &c_broadcast}, /* before the reserved 240/4 around it */
    {{240}, 4, &c_reserved},                  /* class E */
};

/* Judged before the IPv4-compatible ::/96 around them. */
static const struct range v6_special[] = {
    {{0}, 128, &c_unspecified},                                           /* :: */
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, &c_loopback}, /* ::1 */
};

static const struct range v6_ranges[] = {
    {{0, 0x64, 0xff, 0x9b, 0, 1}, 48, &c_private}, /* 64:ff9b:1::/48, local-use NAT64 (RFC 8215) */
    {{0xfc}, 7, &c_unique_local},                  /* fc00::/7 */
    {{0xfe, 0x80}, 10, &c_link_local},             /* fe80::/10 */
    {{0xfe, 0xc0}, 10, &c_site_local},             /* fec0::/10, deprecated but routable */
    {{0xff}, 8, &c_multicast},                     /* ff00::/8 */
};

/* IPv6 prefixes whose addresses carry an IPv4 address at byte `v4_at`; the IPv4 one is judged. */
struct embedding {
    unsigned char net[16];
    unsigned prefix;
    unsigned v4_at;
};

static const struct embedding v6_embeddings[] = {
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, 12}, /* ::ffff:0:0/96, IPv4-mapped */
    {{0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, 12},       /* ::ffff:0:0:0/96, IPv4-translated */
    {{0}, 96, 12},                                        /* ::/96, IPv4-compatible */
    {{0, 0x64, 0xff, 0x9b}, 96, 12},                      /* 64:ff9b::/96, NAT64 */
    {{0x20, 0x02}, 16, 2},                                /* 2002::/16, 6to4 */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool in_prefix(const unsigned char *a, const unsigned char *net, unsigned prefix)
{
    unsigned full = prefix / 8, rest = prefix % 8;
    if (memcmp(a, net, full) != 0)
        return false;
    return rest == 0 || ((a[full] ^ net[full]) & (unsigned char)(0xff00u >> rest)) == 0;
}

static bool policy_allows(const struct seo_outbound_policy *p, int family, const unsigned char *a)
{
    for (unsigned i = 0; p && i < p->n && i < SEO_OUTBOUND_MAX_CIDRS; i++)
        if (p->cidrs[i].family == family && in_prefix(a, p->cidrs[i].net, p->cidrs[i].prefix))
            return true;
    return false;
}

/* The class that refuses `a` (4 or 16 bytes), or NULL when it may be reached. */
static const struct addr_class *judge(const struct seo_outbound_policy *p, int family,
                                      const unsigned char *a)
{
    if (policy_allows(p, family, a))
        return NULL;
    if (family == AF_INET) {
        for (size_t i = 0; i < COUNT(v4_ranges); i++)
            if (in_prefix(a, v4_ranges[i].net, v4_ranges[i].prefix))
                return v4_ranges[i].cls;
        return NULL;
    }
    for (size_t i = 0; i < COUNT(v6_special); i++)
        if (in_prefix(a, v6_special[i].net, v6_special[i].prefix))
            return v6_special[i].cls;
    for (size_t i = 0; i < COUNT(v6_embeddings); i++)
        if (in_prefix(a, v6_embeddings[i].net, v6_embeddings[i].prefix))
            return judge(p, AF_INET, a + v6_embeddings[i].v4_at);
    for (size_t i = 0; i < COUNT(v6_ranges); i++)
        if (in_prefix(a, v6_ranges[i].net, v6_ranges[i].prefix))
            return v6_ranges[i].cls;
    return NULL;
}

bool seo_outbound_address_allowed(const struct sockaddr *sa, const struct seo_outbound_policy *p,
                                  const char **why)
{
    const struct addr_class *cls = &c_not_ip;
    if (sa && sa->sa_family == AF_INET) {
        struct sockaddr_in in;
        memcpy(&in, sa, sizeof(in));
        cls = judge(p, AF_INET, (const unsigned char *)&in.sin_addr);
    } else if (sa && sa->sa_family == AF_INET6) {
        struct sockaddr_in6 in6;
        memcpy(&in6, sa, sizeof(in6));
        cls = judge(p, AF_INET6, in6.sin6_addr.s6_addr);
    }
    if (why)
        *why = cls ? cls->name : NULL;
    return !cls;
}

/* ---- the allow-list ---- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* One entry `e` (trimmed, NUL-terminated); 0, or -1 with the message after "entry N ...". */
static int parse_cidr(char *e, struct seo_outbound_cidr *c, char *why, size_t why_size)
{
    char *slash = strchr(e, '/');
    if (slash)
        *slash = '\0';
    c->family = strchr(e, ':') ? AF_INET6 : AF_INET;
    unsigned max = c->family == AF_INET ? 32 : 128;
    memset(c->net, 0, sizeof(c->net));
    if (inet_pton(c->family, e, c->net) != 1) {
        snprintf(why, why_size, "is not an IPv4 or IPv6 network (10.0.0.0/8, fd00::/8, ::1)");
        return -1;
    }
    c->prefix = max;
    if (slash) {
        const char *d = slash + 1;
        size_t n = strspn(d, "0123456789");
        unsigned v = 0;
        for (size_t i = 0; i < n && i < 4; i++)
            v = v * 10 + (unsigned)(d[i] - '0');
        if (n == 0 || n > 3 || d[n] || v > max) {
            snprintf(why, why_size, "has no prefix length of 0 to %u after the /", max);
            return -1;
        }
        c->prefix = v;
    }
    unsigned char masked[16] = {0};
    memcpy(masked, c->net, c->prefix / 8);
    if (c->prefix % 8)
        masked[c->prefix / 8] = c->net[c->prefix / 8] & (unsigned char)(0xff00u >> (c->prefix % 8));
    if (memcmp(masked, c->net, sizeof(masked)) != 0) {
        char text[INET6_ADDRSTRLEN];
        inet_ntop(c->family, masked, text, sizeof(text));
        snprintf(why, why_size, "has bits set after its prefix: the network is %s/%u", text,
                 c->prefix);
        return -1;
    }
    return 0;
}

int seo_outbound_policy_parse(const char *allow_list, struct seo_outbound_policy *out, char *msg,
                              size_t msg_size)
{
    struct seo_outbound_policy pol = {0};
    const char *p = allow_list ? allow_list : "";
    while (is_space(*p))
        p++;
    for (unsigned k = 1; *p; k++) {
        size_t len = strcspn(p, ",");
        const char *e = p;
        size_t n = len;
        while (n && is_space(*e))
            e++, n--;
        while (n && is_space(e[n - 1]))
            n--;
        char entry[64], why[120];
        if (k > SEO_OUTBOUND_MAX_CIDRS) {
            snprintf(msg, msg_size, "more than %d networks", SEO_OUTBOUND_MAX_CIDRS);
            return -1;
        }
        if (n == 0) {
            snprintf(msg, msg_size, "entry %u is empty", k);
            return -1;
        }
        if (n >= sizeof(entry)) {
            snprintf(msg, msg_size, "entry %u, \"%.40s...\", is not an IPv4 or IPv6 network", k, e);
            return -1;
        }
        memcpy(entry, e, n);
        entry[n] = '\0';
        if (parse_cidr(entry, &pol.cidrs[k - 1], why, sizeof(why)) != 0) {
            snprintf(msg, msg_size, "entry %u, \"%.*s\", %s", k, (int)n, e, why);
            return -1;
        }
        pol.n = k;
        if (!p[len])
            break;
        p += len + 1;
        if (!*p) {
            snprintf(msg, msg_size, "entry %u is empty", k + 1);
            return -1;
        }
    }
    *out = pol;
    return 0;
}

/* ---- URLs ---- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * An IPv4 address in any spelling inet_aton() (so getaddrinfo() and libcurl)
 * and WHATWG URL parsers accept: 1 to 4 dot-separated numbers, each decimal,
 * 0x-led hex or 0-led octal; the last one fills the bytes that remain.
 */
static bool ipv4_any(const char *h, unsigned char out[4])
{
    unsigned long long part[4];
    int n = 0;
    for (const char *p = h;;) {
        if (n == 4)
            return false;
        unsigned base = 10;
        if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
            base = 16, p += 2;
        else if (p[0] == '0' && is_digit(p[1]))
            base = 8, p++;
        else if (!is_digit(*p))
            return false;
        unsigned long long v = 0;
        for (; *p && *p != '.'; p++) {
            int d = hex_value(*p);
            if (d < 0 || (unsigned)d >= base)
                return false;
            v = v * base + (unsigned)d;
            if (v > 0xffffffffull)
                return false;
        }
        part[n++] = v;
        if (!*p)
            break;
        p++;
    }
    unsigned long long last_max = 0xffffffffull >> (8 * (n - 1));
    unsigned long long addr = 0;
    for (int i = 0; i < n - 1; i++) {
        if (part[i] > 255)
            return false;
        addr |= part[i] << (24 - 8 * i);
    }
    if (part[n - 1] > last_max)
        return false;
    addr |= part[n - 1];
    for (int i = 0; i < 4; i++)
        out[i] = (unsigned char)(addr >> (24 - 8 * i));
    return true;
}

/* Whether the last label looks like a number: then the host must be an IPv4 address (WHATWG). */
static bool ends_in_number(const char *h)
{
    const char *dot = strrchr(h, '.');
    const char *l = dot ? dot + 1 : h;
    if (l[0] == '0' && (l[1] == 'x' || l[1] == 'X')) {
        for (l += 2; *l; l++)
            if (hex_value(*l) < 0)
                return false;
        return true;
    }
    if (!*l)
        return false;
    for (; *l; l++)
        if (!is_digit(*l))
            return false;
    return true;
}

/* Letters, digits, '-' and '_' in dot-separated labels of 1..63; total at most 253. */
static bool valid_name(const char *h)
{
    size_t label = 0, n = strlen(h);
    if (n == 0 || n > 253)
        return false;
    for (size_t i = 0; i <= n; i++) {
        char c = h[i];
        if (c == '.' || c == '\0') {
            if (label == 0 || label > 63)
                return false;
            label = 0;
        } else if ((c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_') {
            label++;
        } else {
            return false;
        }
    }
    return true;
}

/* RFC 6761: "localhost" and names under it are loopback, whatever DNS says. */
static bool is_localhost(const char *h)
{
    size_t n = strlen(h);
    return strcmp(h, "localhost") == 0 || (n > 10 && strcmp(h + n - 10, ".localhost") == 0);
}

/* A zone id after "%" or "%25" (RFC 6874): unreserved characters, as interface names are. */
static bool valid_zone(const char *z)
{
    size_t n = strlen(z);
    return n > 0 && n < 64 &&
           strspn(z, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~") == n;
}

struct url_parts {
    char host[256]; /* as written (without brackets), NUL-terminated */
    bool bracketed;
    int port;
};

/* Splits scheme, authority and port; 0, or -1 with a message. */
static int split_url(const char *url, struct url_parts *u, char *msg, size_t msg_size)
{
    size_t len = strlen(url);
    if (len == 0) {
        snprintf(msg, msg_size, "the URL is empty");
        return -1;
    }
    if (len > SEO_OUTBOUND_URL_MAX) {
        snprintf(msg, msg_size, "the URL is longer than %d bytes", SEO_OUTBOUND_URL_MAX);
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c >= 0x7f) {
            snprintf(msg, msg_size,
                     "the URL has a space, control character or non-ASCII byte at offset %zu "
                     "(percent-encode it; write an international host name in its xn-- form)",
                     i);
            return -1;
        }
        if (c == '\\') {
            snprintf(msg, msg_size, "the URL has a backslash at offset %zu", i);
            return -1;
        }
    }
    const char *p;
    if (strncasecmp(url, "http://", 7) == 0) {
        p = url + 7;
        u->port = 80;
    } else if (strncasecmp(url, "https://", 8) == 0) {
        p = url + 8;
        u->port = 443;
    } else {
        snprintf(msg, msg_size, "the URL must start with http:// or https://");
        return -1;
    }
    size_t auth = strcspn(p, "/?#");
    const char *end = p + auth;
    if (memchr(p, '@', auth)) {
        snprintf(msg, msg_size, "the URL must not carry a user name or password (user:pass@)");
        return -1;
    }
    const char *host = p, *host_end;
    if (*p == '[') {
        host = p + 1;
        host_end = memchr(host, ']', (size_t)(end - host));
        if (!host_end) {
            snprintf(msg, msg_size, "the URL's IPv6 address has no closing ]");
            return -1;
        }
        p = host_end + 1;
        u->bracketed = true;
    } else {
        host_end = memchr(host, ':', (size_t)(end - host));
        if (!host_end)
            host_end = end;
        p = host_end;
    }
    if (host_end == host) {
        snprintf(msg, msg_size, "the URL has no host");
        return -1;
    }
    if ((size_t)(host_end - host) >= sizeof(u->host)) {
        snprintf(msg, msg_size, "the URL's host is longer than %zu characters",
                 sizeof(u->host) - 1);
        return -1;
    }
    memcpy(u->host, host, (size_t)(host_end - host));
    u->host[host_end - host] = '\0';
    if (p < end && *p != ':') {
        snprintf(msg, msg_size, "the URL has \"%.*s\" after its IPv6 address", (int)(end - p), p);
        return -1;
    }
    if (p < end && p + 1 < end) { /* an empty port ("host:/") is the default one (RFC 3986) */
        long v = 0;
        for (const char *d = p + 1; d < end; d++) {
            if (!is_digit(*d) || v > 65535) {
                v = -1;
                break;
            }
            v = v * 10 + (*d - '0');
        }
        if (v < 1 || v > 65535) {
            snprintf(msg, msg_size, "the URL's port \"%.*s\" is not a number from 1 to 65535",
                     (int)(end - p - 1 > 20 ? 20 : end - p - 1), p + 1);
            return -1;
        }
        u->port = (int)v;
    }
    return 0;
}

int seo_outbound_url_check(const char *url, const struct seo_outbound_policy *p, char *host_out,
                           size_t host_cap, int *port_out, char *msg, size_t msg_size)
{
    struct url_parts u = {0};
    if (!url) {
        snprintf(msg, msg_size, "the URL is empty");
        return -1;
    }
    if (split_url(url, &u, msg, msg_size) != 0)
        return -1;
    char canon[256]; /* what host_out gets */
    int family = 0;
    unsigned char addr[16];
    if (u.bracketed) {
        char *zone = strchr(u.host, '%');
        if (zone) {
            *zone = '\0';
            const char *z = zone + 1;
            if (strncmp(z, "25", 2) == 0) /* "%25" is the percent sign, encoded */
                z += 2;
            if (!valid_zone(z)) {
                snprintf(msg, msg_size, "the URL's IPv6 zone id \"%.40s\" is not valid", zone + 1);
                return -1;
            }
        }
        if (inet_pton(AF_INET6, u.host, addr) != 1) {
            snprintf(msg, msg_size, "the URL's host [%.60s] is not a valid IPv6 address", u.host);
            return -1;
        }
        family = AF_INET6;
    } else {
        size_t n = strlen(u.host);
        if (n > 1 && u.host[n - 1] == '.')
            u.host[--n] = '\0'; /* "example.com." and "127.0.0.1." are absolute forms */
        for (size_t i = 0; i < n; i++)
            if (u.host[i] >= 'A' && u.host[i] <= 'Z')
                u.host[i] = (char)(u.host[i] - 'A' + 'a');
        if (!valid_name(u.host)) {
            snprintf(msg, msg_size, "the URL's host \"%.80s\" is not a valid host name", u.host);
            return -1;
        }
        if (ends_in_number(u.host)) {
            if (!ipv4_any(u.host, addr)) {
                snprintf(msg, msg_size,
                         "the URL's host \"%.80s\" is neither a host name nor an IPv4 address",
                         u.host);
                return -1;
            }
            family = AF_INET;
        }
    }
    const struct addr_class *cls = NULL;
    if (family) {
        inet_ntop(family, addr, canon, sizeof(canon));
        cls = judge(p, family, addr);
    } else {
        snprintf(canon, sizeof(canon), "%s", u.host);
        if (is_localhost(u.host)) {
            static const unsigned char v4[4] = {127, 0, 0, 1};
            static const unsigned char v6[16] = {[15] = 1};
            if (judge(p, AF_INET, v4) && judge(p, AF_INET6, v6))
                cls = &c_loopback;
        }
    }
    if (cls) {
        if (family)
            snprintf(msg, msg_size,
                     "the URL's host \"%.80s\" resolves to %s, %s, which webhooks may not reach",
                     u.host, canon, cls->phrase);
        else
            snprintf(msg, msg_size,
                     "the URL's host \"%.80s\" resolves to %s, which webhooks may not reach",
                     u.host, cls->phrase);
        return -1;
    }
    if (strlen(canon) >= host_cap) {
        snprintf(msg, msg_size, "the URL's host is longer than %zu characters",
                 host_cap ? host_cap - 1 : 0);
        return -1;
    }
    memcpy(host_out, canon, strlen(canon) + 1);
    *port_out = u.port;
    return 0;
}
