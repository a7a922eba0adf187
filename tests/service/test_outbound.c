/*
 * Tests service/outbound.c: the allow-list, every refused address class
 * (IPv4, IPv6 and IPv4 inside IPv6), and webhook URLs with their hosts in
 * every spelling resolvers accept.
 */
#include "outbound.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cmocka.h>

static struct seo_outbound_policy policy(const char *text)
{
    struct seo_outbound_policy p;
    char msg[200];
    if (seo_outbound_policy_parse(text, &p, msg, sizeof(msg)) != 0)
        fail_msg("%s: %s", text, msg);
    return p;
}

/* seo_outbound_address_allowed() on the text form of an address; *why's value or "". */
static const char *judge(const char *text, const struct seo_outbound_policy *p)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    if (strchr(text, ':')) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_family = AF_INET6;
        assert_int_equal(inet_pton(AF_INET6, text, &in6->sin6_addr), 1);
    } else {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        assert_int_equal(inet_pton(AF_INET, text, &in->sin_addr), 1);
    }
    const char *why = "unset";
    bool ok = seo_outbound_address_allowed((const struct sockaddr *)&ss, p, &why);
    if (ok) {
        assert_null(why);
        return "";
    }
    assert_non_null(why);
    return why;
}

static void address_classes(void **state)
{
    (void)state;
    static const struct {
        const char *addr, *why;
    } cases[] = {
        {"8.8.8.8", ""},
        {"93.184.216.34", ""},
        {"1.0.0.0", ""},
        {"0.0.0.0", "unspecified"},
        {"0.255.255.255", "unspecified"},
        {"127.0.0.1", "loopback"},
        {"127.255.255.254", "loopback"},
        {"10.0.0.1", "private"},
        {"10.255.255.255", "private"},
        {"11.0.0.0", ""},
        {"172.15.255.255", ""},
        {"172.16.0.0", "private"},
        {"172.31.255.255", "private"},
        {"172.32.0.0", ""},
        {"192.168.0.1", "private"},
        {"192.169.0.1", ""},
        {"169.254.169.254", "link-local"},
        {"100.63.255.255", ""},
        {"100.64.0.1", "carrier-grade NAT"},
        {"100.127.255.255", "carrier-grade NAT"},
        {"100.128.0.0", ""},
        {"224.0.0.1", "multicast"},
        {"239.255.255.250", "multicast"},
        {"240.0.0.1", "reserved"},
        {"255.255.255.254", "reserved"},
        {"255.255.255.255", "broadcast"},
        {"223.255.255.255", ""},
        {"2606:4700:4700::1111", ""},
        {"2001:db8::1", ""},
        {"::", "unspecified"},
        {"::1", "loopback"},
        {"::2", "unspecified"}, /* IPv4-compatible ::0.0.0.2 */
        {"::ffff:127.0.0.1", "loopback"},
        {"::ffff:7f00:1", "loopback"},
        {"::ffff:10.1.2.3", "private"},
        {"::ffff:169.254.169.254", "link-local"},
        {"::ffff:8.8.8.8", ""},
        {"::127.0.0.1", "loopback"},
        {"::192.168.1.1", "private"},
        {"::8.8.8.8", ""},
        {"::ffff:0:127.0.0.1", "loopback"},
        {"64:ff9b::127.0.0.1", "loopback"},
        {"64:ff9b::a9fe:a9fe", "link-local"},
        {"64:ff9b::8.8.8.8", ""},
        {"64:ff9b:1::1", "private"},
        {"2002:7f00:1::", "loopback"},
        {"2002:c0a8:101::1", "private"},
        {"2002:a9fe:a9fe::", "link-local"},
        {"2002:808:808::1", ""},
        {"fc00::1", "unique-local"},
        {"fdff:ffff::1", "unique-local"},
        {"fe80::1", "link-local"},
        {"febf:ffff::1", "link-local"},
        {"fec0::1", "site-local"},
        {"ff02::1", "multicast"},
        {"ff05::2", "multicast"},
        {"fe00::1", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *why = judge(cases[i].addr, NULL);
        if (strcmp(why, cases[i].why) != 0)
            fail_msg("%s: \"%s\", want \"%s\"", cases[i].addr, why, cases[i].why);
    }
}

/* An IPv4 address and its IPv4-mapped IPv6 form are judged alike, all of them (sampled). */
static void mapped_like_ipv4(void **state)
{
    (void)state;
    for (unsigned a = 0; a < 256; a++) {
        for (unsigned b = 0; b < 256; b += 17) {
            char v4[32], v6[48];
            snprintf(v4, sizeof(v4), "%u.%u.%u.%u", a, b, (a * 7) & 255, (b * 13 + a) & 255);
            snprintf(v6, sizeof(v6), "::ffff:%s", v4);
            assert_string_equal(judge(v4, NULL), judge(v6, NULL));
            snprintf(v6, sizeof(v6), "64:ff9b::%s", v4);
            assert_string_equal(judge(v4, NULL), judge(v6, NULL));
        }
    }
}

static void not_ip(void **state)
{
    (void)state;
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    const char *why = NULL;
    assert_false(seo_outbound_address_allowed((const struct sockaddr *)&un, NULL, &why));
    assert_string_equal(why, "not an IP address");
    assert_false(seo_outbound_address_allowed(NULL, NULL, &why));
    assert_string_equal(why, "not an IP address");
    struct sockaddr_in in = {.sin_family = AF_INET};
    assert_false(seo_outbound_address_allowed((const struct sockaddr *)&in, NULL, NULL));
    in.sin_addr.s_addr = htonl(0x08080808);
    assert_true(seo_outbound_address_allowed((const struct sockaddr *)&in, NULL, NULL));
}

static void allow_list(void **state)
{
    (void)state;
    struct seo_outbound_policy p = policy("127.0.0.0/8,::1/128");
    assert_int_equal(p.n, 2);
    assert_string_equal(judge("127.0.0.1", &p), "");
    assert_string_equal(judge("127.9.9.9", &p), "");
    assert_string_equal(judge("::1", &p), "");
    assert_string_equal(judge("::ffff:127.0.0.1", &p), ""); /* the embedded address is allowed */
    assert_string_equal(judge("2002:7f00:1::", &p), "");
    assert_string_equal(judge("10.0.0.1", &p), "private");
    assert_string_equal(judge("::2", &p), "unspecified");

    p = policy(" 10.0.0.0/8 ,\tfd00::/8 ");
    assert_int_equal(p.n, 2);
    assert_string_equal(judge("10.1.2.3", &p), "");
    assert_string_equal(judge("fd12::1", &p), "");
    assert_string_equal(judge("fc00::1", &p), "unique-local");
    assert_string_equal(judge("127.0.0.1", &p), "loopback");

    p = policy("192.168.1.10"); /* a bare address: one host */
    assert_int_equal(p.cidrs[0].prefix, 32);
    assert_string_equal(judge("192.168.1.10", &p), "");
    assert_string_equal(judge("192.168.1.11", &p), "private");

    p = policy("fe80::/10, ::ffff:0:0/96"); /* prefixes that end inside a byte; mapped as IPv6 */
    assert_string_equal(judge("febf::1", &p), "");
    assert_string_equal(judge("fec0::1", &p), "site-local");
    assert_string_equal(judge("::ffff:10.0.0.1", &p), "");
    assert_string_equal(judge("10.0.0.1", &p), "private");

    p = policy("0.0.0.0/0");
    assert_string_equal(judge("127.0.0.1", &p), "");
    assert_string_equal(judge("::1", &p), "loopback");

    p = policy("100.64.0.0/10,169.254.0.0/16,224.0.0.0/4,2002::/16");
    assert_string_equal(judge("100.100.100.100", &p), "");
    assert_string_equal(judge("169.254.169.254", &p), "");
    assert_string_equal(judge("239.1.1.1", &p), "");
    assert_string_equal(judge("2002:7f00:1::", &p), "");

    assert_int_equal(policy("").n, 0);
    assert_int_equal(policy("  \t ").n, 0);
    assert_int_equal(policy(NULL).n, 0);

    char text[600] = "";
    for (int i = 0; i < SEO_OUTBOUND_MAX_CIDRS; i++)
        snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s10.%d.0.0/16", i ? "," : "",
                 i);
    p = policy(text);
    assert_int_equal(p.n, 32);
    assert_string_equal(judge("10.31.1.1", &p), "");
    assert_string_equal(judge("10.32.1.1", &p), "private");
}

static void policy_refused(const char *text, const char *want)
{
    struct seo_outbound_policy p;
    memset(&p, 0x5a, sizeof(p));
    char msg[300] = "";
    if (seo_outbound_policy_parse(text, &p, msg, sizeof(msg)) != -1)
        fail_msg("accepted: %s", text);
    if (!strstr(msg, want))
        fail_msg("%s: message \"%s\" lacks \"%s\"", text, msg, want);
    const unsigned char *b = (const unsigned char *)&p;
    for (size_t i = 0; i < sizeof(p); i++)
        assert_int_equal(b[i], 0x5a);
}

static void allow_list_refusals(void **state)
{
    (void)state;
    policy_refused("127.0.0.1/8", "entry 1, \"127.0.0.1/8\", has bits set after its prefix: the "
                                  "network is 127.0.0.0/8");
    policy_refused("::1/64", "the network is ::/64");
    policy_refused("fe80::1/10", "the network is fe80::/10");
    policy_refused("10.0.0.0/8, 10.0.0.0/33", "entry 2, \"10.0.0.0/33\", has no prefix length of "
                                              "0 to 32");
    policy_refused("::1/129", "0 to 128");
    policy_refused("10.0.0.0/", "has no prefix length");
    policy_refused("10.0.0.0/-1", "has no prefix length");
    policy_refused("10.0.0.0/+8", "has no prefix length");
    policy_refused("10.0.0.0/8x", "has no prefix length");
    policy_refused("10.0.0.0/0008", "has no prefix length");
    policy_refused("10.0.0.0/8/8", "has no prefix length");
    policy_refused("/8", "entry 1, \"/8\", is not an IPv4 or IPv6 network");
    policy_refused("localhost", "\"localhost\", is not an IPv4 or IPv6 network");
    policy_refused("127.1/32", "is not an IPv4 or IPv6 network");
    policy_refused("0x7f000001", "is not an IPv4 or IPv6 network");
    policy_refused("fe80::1%eth0/128", "is not an IPv4 or IPv6 network");
    policy_refused("10.0.0.0 /8", "is not an IPv4 or IPv6 network");
    policy_refused("10.0.0.0/8,", "entry 2 is empty");
    policy_refused("10.0.0.0/8, ", "entry 2 is empty");
    policy_refused(",10.0.0.0/8", "entry 1 is empty");
    policy_refused("10.0.0.0/8,,::1", "entry 2 is empty");
    policy_refused("10.0.0.0/8;::1", "has no prefix length");
    policy_refused("1234567890123456789012345678901234567890123456789012345678901234567890",
                   "entry 1, \"1234567890123456789012345678901234567890...\", is not");
    char text[34 * 4 + 1] = "";
    for (int i = 0; i <= SEO_OUTBOUND_MAX_CIDRS; i++)
        strcat(text, i ? ",::1" : "::1");
    policy_refused(text, "more than 32 networks");
}

/* Checks that `url` is accepted with `host` and `port`. */
static void url_ok(const char *url, const struct seo_outbound_policy *p, const char *host, int port)
{
    char got[256], msg[300];
    int got_port = -1;
    if (seo_outbound_url_check(url, p, got, sizeof(got), &got_port, msg, sizeof(msg)) != 0)
        fail_msg("%s: %s", url, msg);
    if (strcmp(got, host) != 0 || got_port != port)
        fail_msg("%s: host \"%s\" port %d, want \"%s\" %d", url, got, got_port, host, port);
}

/* Checks that `url` is refused with a message holding `want`, outputs untouched. */
static void url_refused(const char *url, const struct seo_outbound_policy *p, const char *want)
{
    char host[256] = "untouched", msg[300] = "";
    int port = -7;
    if (seo_outbound_url_check(url, p, host, sizeof(host), &port, msg, sizeof(msg)) != -1)
        fail_msg("accepted: %s (host %s)", url ? url : "(null)", host);
    if (!strstr(msg, want))
        fail_msg("%s: message \"%s\" lacks \"%s\"", url ? url : "(null)", msg, want);
    assert_string_equal(host, "untouched");
    assert_int_equal(port, -7);
}

static void urls_accepted(void **state)
{
    (void)state;
    url_ok("https://example.com/hook", NULL, "example.com", 443);
    url_ok("http://example.com", NULL, "example.com", 80);
    url_ok("HTTPS://Hooks.Example.COM.:8443/a?b=c#d", NULL, "hooks.example.com", 8443);
    url_ok("http://example.com:/x", NULL, "example.com", 80);
    url_ok("http://example.com:080/x", NULL, "example.com", 80);
    url_ok("https://example.com:65535?x", NULL, "example.com", 65535);
    url_ok("https://example.com#frag@127.0.0.1", NULL, "example.com", 443);
    url_ok("http://my_host.internal/", NULL, "my_host.internal", 80);
    url_ok("http://127.0.0.1.nip.io/", NULL, "127.0.0.1.nip.io", 80); /* names pass */
    url_ok("http://0x1g/", NULL, "0x1g", 80);
    url_ok("http://xn--bcher-kva.example/", NULL, "xn--bcher-kva.example", 80);
    url_ok("http://93.184.216.34/", NULL, "93.184.216.34", 80);
    url_ok("http://0x5db8d822/", NULL, "93.184.216.34", 80);
    url_ok("http://1572395042/", NULL, "93.184.216.34", 80);
    url_ok("http://93.12113954/", NULL, "93.184.216.34", 80);
    url_ok("http://0135.0270.0330.042/", NULL, "93.184.216.34", 80);
    url_ok("http://1.2.3/", NULL, "1.2.0.3", 80);
    url_ok("http://8.8.8.8./", NULL, "8.8.8.8", 80);
    url_ok("http://[2606:4700:4700::1111]:8080/", NULL, "2606:4700:4700::1111", 8080);
    url_ok("http://[2606:4700:4700:0:0:0:0:1111]", NULL, "2606:4700:4700::1111", 80);
    url_ok("http://[2606:4700:4700::1111%25eth0]/", NULL, "2606:4700:4700::1111", 80);
    url_ok("http://[::ffff:8.8.8.8]/", NULL, "::ffff:8.8.8.8", 80);
    url_ok("http://[64:ff9b::808:808]/", NULL, "64:ff9b::808:808", 80);
    url_ok("http://[2002:808:808::1]/", NULL, "2002:808:808::1", 80);
    url_ok("http://172.32.0.1/", NULL, "172.32.0.1", 80);
}

static void loopback_spellings(void **state)
{
    (void)state;
    static const char *const urls[] = {
        "http://127.0.0.1/",
        "http://127.0.0.1:8080/hook",
        "http://127.1/",
        "http://127.0.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://0X7F000001/",
        "http://0x7F.0x0.0x0.0x1/",
        "http://0x7f.1/",
        "http://0177.0.0.1/",
        "http://0177.0000.0000.0001/",
        "http://017700000001/",
        "http://00000000000177.0.0.1/",
        "http://127.000.000.001/",
        "http://127.0.0.1./",
        "http://127.255.255.254/",
        "http://127.16777215/",
        "http://[::1]/",
        "http://[::1]:8080/",
        "http://[0:0:0:0:0:0:0:1]/",
        "http://[0000:0000:0000:0000:0000:0000:0000:0001]/",
        "http://[::1%25lo]/",
        "http://[::1%lo]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::FFFF:7F00:1]/",
        "http://[::127.0.0.1]/",
        "http://[::ffff:0:127.0.0.1]/",
        "http://[64:ff9b::127.0.0.1]/",
        "http://[2002:7f00:1::]/",
        "http://localhost/",
        "http://LOCALHOST./",
        "http://localhost:6379/",
        "http://api.localhost/",
        "https://a.b.localhost./",
    };
    for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
        url_refused(urls[i], NULL, "a loopback address, which webhooks may not reach");
    url_refused("http://0x7f000001/", NULL,
                "the URL's host \"0x7f000001\" resolves to 127.0.0.1, a loopback address");
    url_refused("http://[::ffff:7f00:1]/", NULL,
                "the URL's host \"::ffff:7f00:1\" resolves to ::ffff:127.0.0.1, a loopback");
    url_refused("http://localhost/", NULL, "the URL's host \"localhost\" resolves to a loopback");
    /* Names that only look like localhost are names. */
    url_ok("http://localhost.example.com/", NULL, "localhost.example.com", 80);
    url_ok("http://mylocalhost/", NULL, "mylocalhost", 80);
}

static void other_classes(void **state)
{
    (void)state;
    static const struct {
        const char *url, *want;
    } cases[] = {
        {"http://0/", "resolves to 0.0.0.0, an unspecified address"},
        {"http://0.0.0.0:8080/", "an unspecified address"},
        {"http://0x0/", "an unspecified address"},
        {"http://000/", "an unspecified address"},
        {"http://0.0.0.0./", "an unspecified address"},
        {"http://[::]/", "an unspecified address"},
        {"http://10.0.0.1/", "a private address"},
        {"http://10.1/", "resolves to 10.0.0.1, a private address"},
        {"http://167772161/", "resolves to 10.0.0.1, a private address"},
        {"http://172.16.0.1/", "a private address"},
        {"http://172.31.255.255/", "a private address"},
        {"http://192.168.1.1/", "a private address"},
        {"http://3232235777/", "resolves to 192.168.1.1, a private address"},
        {"http://0xc0a80101/", "resolves to 192.168.1.1, a private address"},
        {"http://0300.0250.01.01/", "resolves to 192.168.1.1, a private address"},
        {"http://192.168.257/", "resolves to 192.168.1.1, a private address"},
        {"http://[::ffff:192.168.1.1]/", "a private address"},
        {"http://[2002:c0a8:101::1]/", "a private address"},
        {"http://[64:ff9b:1::a00:1]/", "a private address"},
        {"http://169.254.169.254/latest/meta-data/", "a link-local address"},
        {"http://0xa9fea9fe/", "resolves to 169.254.169.254, a link-local address"},
        {"http://2852039166/", "resolves to 169.254.169.254, a link-local address"},
        {"http://[::ffff:169.254.169.254]/", "a link-local address"},
        {"http://[fe80::1]/", "a link-local address"},
        {"http://[fe80::1%25eth0]:8080/", "a link-local address"},
        {"http://[fe80::1%eth0]/", "a link-local address"},
        {"http://100.64.0.1/", "a carrier-grade NAT address"},
        {"http://[fd00::1]/", "a unique-local address"},
        {"http://[fc00::1]/", "a unique-local address"},
        {"http://[fec0::1]/", "a site-local address"},
        {"http://224.0.0.1/", "a multicast address"},
        {"http://[ff02::1]/", "a multicast address"},
        {"http://255.255.255.255/", "a broadcast address"},
        {"http://4294967295/", "a broadcast address"},
        {"http://0xffffffff/", "a broadcast address"},
        {"http://240.0.0.1/", "a reserved address"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        url_refused(cases[i].url, NULL, cases[i].want);
}

static void malformed(void **state)
{
    (void)state;
    char long_url[SEO_OUTBOUND_URL_MAX + 20];
    snprintf(long_url, sizeof(long_url), "http://example.com/%0*d", SEO_OUTBOUND_URL_MAX, 0);
    char long_host[400];
    snprintf(long_host, sizeof(long_host), "http://%0300d.example/", 0);
    char long_label[200];
    snprintf(long_label, sizeof(long_label), "http://%064d.example/", 0);
    const struct {
        const char *url, *want;
    } cases[] = {
        {"", "the URL is empty"},
        {"ftp://example.com/", "must start with http:// or https://"},
        {"file:///etc/passwd", "must start with http:// or https://"},
        {"gopher://127.0.0.1:6379/_INFO", "must start with http:// or https://"},
        {"//example.com/", "must start with http:// or https://"},
        {"example.com", "must start with http:// or https://"},
        {"http:/example.com", "must start with http:// or https://"},
        {"http:example.com", "must start with http:// or https://"},
        {"httpx://example.com", "must start with http:// or https://"},
        {"http://", "the URL has no host"},
        {"http:///example.com", "the URL has no host"},
        {"http://:80/", "the URL has no host"},
        {"http://?x", "the URL has no host"},
        {"http://[]/", "the URL has no host"},
        {"http://user:pass@example.com/", "must not carry a user name or password"},
        {"http://user@example.com/", "must not carry a user name or password"},
        {"http://example.com@127.0.0.1/", "must not carry a user name or password"},
        {"http://@example.com/", "must not carry a user name or password"},
        {"http://evil.com\\@127.0.0.1/", "backslash at offset 15"},
        {"http://example.com\\x", "backslash"},
        {"http://exa mple.com/", "space, control character or non-ASCII byte at offset 10"},
        {"http://example.com/\n", "at offset 19"},
        {" http://example.com/", "at offset 0"},
        {"http://example.com/\x7f", "control character"},
        {"http://ex\xc3\xa4mple.com/", "xn-- form"},
        {"http://\xef\xbc\x91\xef\xbc\x92\xef\xbc\x97.0.0.1/", "non-ASCII"}, /* fullwidth */
        {"http://example.com:0/", "port \"0\" is not a number from 1 to 65535"},
        {"http://example.com:65536/", "port \"65536\""},
        {"http://example.com:99999999999999999999999/", "port \"99999999999999999999\""},
        {"http://example.com:80a/", "port \"80a\""},
        {"http://example.com:-1/", "port \"-1\""},
        {"http://example.com:+80/", "port \"+80\""},
        {"http://example.com:80:80/", "port \"80:80\""},
        {"http://[::1/", "no closing ]"},
        {"http://[::1]x/", "has \"x\" after its IPv6 address"},
        {"http://[::1]80/", "has \"80\" after its IPv6 address"},
        {"http://[127.0.0.1]/", "host [127.0.0.1] is not a valid IPv6 address"},
        {"http://[::1::2]/", "is not a valid IPv6 address"},
        {"http://[v1.fe]/", "is not a valid IPv6 address"},
        {"http://[::ffff:0x7f.1]/", "is not a valid IPv6 address"},
        {"http://[fe80::1%]/", "zone id \"\" is not valid"},
        {"http://[fe80::1%25]/", "zone id \"25\" is not valid"},
        {"http://[fe80::1%25eth0%]/", "is not valid"},
        {"http://[fe80::1%eth/0]/", "no closing ]"},
        {"http://1.2.3.4.5/", "host \"1.2.3.4.5\" is neither a host name nor an IPv4 address"},
        {"http://256.1.1.1/", "is neither a host name nor an IPv4 address"},
        {"http://1.2.3.256/", "is neither a host name nor an IPv4 address"},
        {"http://1.2.65536/", "is neither a host name nor an IPv4 address"},
        {"http://4294967296/", "is neither a host name nor an IPv4 address"},
        {"http://0x100000000/", "is neither a host name nor an IPv4 address"},
        {"http://99999999999999999999999/", "is neither a host name nor an IPv4 address"},
        {"http://08.1.1.1/", "is neither a host name nor an IPv4 address"},
        {"http://0x7g.1/", "is neither a host name nor an IPv4 address"},
        {"http://example.123/", "is neither a host name nor an IPv4 address"},
        {"http://exa%6dple.com/", "host \"exa%6dple.com\" is not a valid host name"},
        {"http://127.0.0.1%00/", "is not a valid host name"},
        {"http://a..b/", "is not a valid host name"},
        {"http://.example.com/", "is not a valid host name"},
        {"http://example.com../", "is not a valid host name"},
        {"http://./", "is not a valid host name"},
        {"http://exa!mple.com/", "is not a valid host name"},
        {"http://exa\"mple.com/", "is not a valid host name"},
        {long_url, "longer than 2048 bytes"},
        {long_host, "host is longer than 255 characters"},
        {long_label, "is not a valid host name"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        url_refused(cases[i].url, NULL, cases[i].want);
    url_refused(NULL, NULL, "the URL is empty");
}

static void urls_with_allow_list(void **state)
{
    (void)state;
    struct seo_outbound_policy p = policy("127.0.0.0/8,::1/128");
    url_ok("http://127.0.0.1:8080/hook", &p, "127.0.0.1", 8080);
    url_ok("http://0x7f000001:9/", &p, "127.0.0.1", 9);
    url_ok("http://[::1]:9/", &p, "::1", 9);
    url_ok("http://[::ffff:127.0.0.1]/", &p, "::ffff:127.0.0.1", 80);
    url_ok("http://localhost:8080/", &p, "localhost", 8080);
    url_refused("http://10.0.0.1/", &p, "a private address");
    url_refused("http://[::]/", &p, "an unspecified address");
    struct seo_outbound_policy v6 = policy("::1");
    url_ok("http://localhost/", &v6, "localhost", 80); /* it may resolve to ::1 */
    url_refused("http://127.0.0.1/", &v6, "a loopback address");
}

/* Small output buffers: a refusal, and messages cut short but terminated. */
static void small_buffers(void **state)
{
    (void)state;
    char host[8] = "keep", msg[16];
    int port = -1;
    assert_int_equal(seo_outbound_url_check("http://example.com/", NULL, host, sizeof(host), &port,
                                            msg, sizeof(msg)),
                     -1);
    assert_string_equal(host, "keep");
    assert_int_equal(port, -1);
    assert_int_equal(strlen(msg), sizeof(msg) - 1);
    assert_int_equal(
        seo_outbound_url_check("http://abc.de/", NULL, host, sizeof(host), &port, msg, sizeof(msg)),
        0);
    assert_string_equal(host, "abc.de");
    assert_int_equal(port, 80);
    assert_int_equal(
        seo_outbound_url_check("http://127.1/", NULL, host, sizeof(host), &port, msg, sizeof(msg)),
        -1);
    assert_int_equal(strlen(msg), sizeof(msg) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(address_classes),
        cmocka_unit_test(mapped_like_ipv4),
        cmocka_unit_test(not_ip),
        cmocka_unit_test(allow_list),
        cmocka_unit_test(allow_list_refusals),
        cmocka_unit_test(urls_accepted),
        cmocka_unit_test(loopback_spellings),
        cmocka_unit_test(other_classes),
        cmocka_unit_test(malformed),
        cmocka_unit_test(urls_with_allow_list),
        cmocka_unit_test(small_buffers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
