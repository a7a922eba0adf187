/* Tests service/guard.c: the request-head scanner and the refused head. */
#include "guard.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static struct seo_http_head scan(const char *s)
{
    struct seo_http_head h;
    seo_http_head_scan(s, strlen(s), &h);
    return h;
}

static void complete_heads_and_their_length(void **state)
{
    (void)state;
    const char *get = "GET / HTTP/1.1\r\nHost: a\r\n\r\nNEXT";
    struct seo_http_head h = scan(get);
    assert_int_equal(h.end, strlen(get) - 4);
    assert_int_equal(h.content_lengths, 0);
    /* Bare LF line ends and blank lines before the request line, as evhttp accepts them. */
    h = scan("\r\n\nPOST / HTTP/1.1\nContent-Length: 12\n\nbody");
    assert_int_equal(h.end, strlen("\r\n\nPOST / HTTP/1.1\nContent-Length: 12\n\n"));
    assert_int_equal(h.content_lengths, 1);
    assert_int_equal(h.content_length, 12);
    /* No blank line yet: incomplete, nothing reported. */
    h = scan("POST / HTTP/1.1\r\nContent-Length: 12\r\n");
    assert_int_equal(h.end, 0);
    assert_int_equal(h.content_lengths, 0);
    h = scan("");
    assert_int_equal(h.end, 0);
    h = scan("\r\n\r\n");
    assert_int_equal(h.end, 0);
}

static void framing_headers(void **state)
{
    (void)state;
    struct seo_http_head h = scan("POST / HTTP/1.1\r\ncontent-LENGTH:   42  \r\n\r\n");
    assert_int_equal(h.content_lengths, 1);
    assert_int_equal(h.content_length, 42);
    assert_false(h.length_invalid);
    h = scan("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
    assert_int_equal(h.content_lengths, 2);
    assert_int_equal(h.content_length, 5);
    h = scan("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    assert_true(h.transfer_encoding);
    /* What evhttp would not read as a number. */
    static const char *const invalid[] = {
        "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 5 5\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1\r\n 0\r\n\r\n", /* folded: "1 0" */
    };
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
        assert_true(scan(invalid[i]).length_invalid);
    /* "Content-Length :" is another header to evhttp (names are not trimmed). */
    h = scan("POST / HTTP/1.1\r\nContent-Length : 5\r\n\r\n");
    assert_int_equal(h.content_lengths, 0);
    /* The request line is never a header, however it looks. */
    h = scan("Content-Length: 5\r\nHost: a\r\n\r\n");
    assert_int_equal(h.content_lengths, 0);
}

static void refused_head(void **state)
{
    (void)state;
    const char *in = "POST /v1/seo HTTP/1.1\r\nHost: a\r\nContent-Length: 4096\r\nX-Long: a\r\n "
                     "b\r\ncontent-length: 4096\r\n\r\nbody...";
    struct seo_http_head h = scan(in);
    size_t n;
    char *out = seo_http_head_refuse(in, &h, "X-Marker-1", &n);
    assert_string_equal(out, "POST /v1/seo HTTP/1.1\r\nHost: a\r\nX-Long: a\r\n b\r\n"
                             "Content-Length: 0\r\nX-Marker-1: 4096\r\n\r\n");
    assert_int_equal(n, strlen(out));
    struct seo_http_head again = scan(out);
    assert_int_equal(again.end, n);
    assert_int_equal(again.content_lengths, 1);
    assert_int_equal(again.content_length, 0);
    free(out);
}

static void methods(void **state)
{
    (void)state;
    const char *known[] = {"GET",     "HEAD",  "POST",    "PUT",  "DELETE",
                           "OPTIONS", "TRACE", "CONNECT", "PATCH"};
    char head[128];
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        snprintf(head, sizeof(head), "%s /healthz HTTP/1.1\r\nHost: x\r\n\r\n", known[i]);
        assert_false(scan(head).method_unknown);
    }
    const char *unknown[] = {"get", "FOO", "PROPFIND", "GETS", "GE", "POST\t/x", ""};
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        snprintf(head, sizeof(head), "%s /healthz HTTP/1.1\r\nHost: x\r\n\r\n", unknown[i]);
        struct seo_http_head h = scan(head);
        assert_true(h.end > 0);
        if (!h.method_unknown)
            fail_msg("\"%s\" taken as a known method", unknown[i]);
    }
    assert_false(scan("\r\nGET / HTTP/1.1\r\n\r\n").method_unknown); /* blank lines first */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(complete_heads_and_their_length),
        cmocka_unit_test(framing_headers),
        cmocka_unit_test(refused_head),
        cmocka_unit_test(methods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
