/*
 * Tests service/core/faqsource.c on real-world FAQ sources in
 * tests/faqsource/fixtures/: HTML pages (FAQPage JSON-LD, FAQ headings,
 * Latin-1 and windows-1252 pages), JSON (FAQPage, @graph, arrays), plain text
 * and junk; charsets from the header, <meta>, BOM and sniffing; limits.
 */
#include "faqsource.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

/* Reads faqsource/fixtures/<name> under tests/ whole; caller frees. */
static char *read_source(const char *name, size_t *len)
{
    return read_fixture_in("../faqsource/fixtures", name, len);
}

static json_t *parse_ok(const char *content_type, const char *body, size_t len)
{
    struct seo_limits limits = seo_limits_default();
    struct seo_error err;
    json_t *entries = NULL;
    if (seo_faqsource_parse(content_type, body, len, &limits, &entries, &err) != SEO_OK)
        fail_msg("seo_faqsource_parse: %s", err.message);
    assert_true(json_is_array(entries));
    return entries;
}

static json_t *fixture(const char *content_type, const char *name)
{
    size_t len;
    char *body = read_source(name, &len);
    json_t *entries = parse_ok(content_type, body, len);
    free(body);
    return entries;
}

static const char *field(const json_t *entries, size_t i, const char *key)
{
    const char *s = json_string_value(json_object_get(json_array_get(entries, i), key));
    if (!s)
        fail_msg("entry %zu has no %s", i, key);
    return s;
}

static enum seo_status parse_fails(const char *content_type, const char *body, size_t len,
                                   struct seo_error *err)
{
    struct seo_limits limits = seo_limits_default();
    json_t *entries = (json_t *)0x1; /* untouched on failure */
    enum seo_status st = seo_faqsource_parse(content_type, body, len, &limits, &entries, err);
    assert_int_not_equal(st, SEO_OK);
    assert_ptr_equal(entries, (json_t *)0x1);
    return st;
}

static void html_with_faqpage_jsonld(void **state)
{
    (void)state;
    json_t *e = fixture("text/html; charset=UTF-8", "faqpage-jsonld.html");
    /* Two questions visible in the accordion, a third only in the JSON-LD, each once. */
    assert_int_equal(json_array_size(e), 3);
    assert_string_equal(field(e, 0, "question"), "How long does delivery take?");
    assert_string_equal(field(e, 0, "answer"),
                        "Most orders arrive within <strong>3\xE2\x80\x93"
                        "5 working days</strong>. Large items such as sheds and raised beds are "
                        "delivered by a two-person team within 10 working days.");
    assert_string_equal(field(e, 2, "question"),
                        "Do you deliver to the Scottish Highlands and islands?");
    assert_non_null(strstr(field(e, 2, "answer_text"), "\xC2\xA3"
                                                       "9.95 surcharge"));
    json_decref(e);
}

static void html_faq_section_headings(void **state)
{
    (void)state;
    json_t *e = fixture(NULL, "faq-headings.html"); /* sniffed as HTML */
    assert_int_equal(json_array_size(e), 4);
    assert_string_equal(field(e, 0, "question"), "How many e-books can I borrow at once?");
    /* Inside the FAQ section a heading is a question even without '?'. */
    assert_string_equal(field(e, 1, "question"), "Loan periods");
    assert_string_equal(field(e, 2, "question"), "Why can't I open a book on my Kindle?");
    assert_non_null(strstr(field(e, 2, "answer"), "<ul><li>a Kobo e-reader"));
    assert_string_equal(field(e, 2, "answer_text"),
                        "Kindle e-readers only work with Libby in the United States. In the UK, "
                        "use:\na Kobo e-reader, which has OverDrive built in\nthe Libby app on a "
                        "phone or tablet\nAdobe Digital Editions on a computer");
    json_decref(e);
}

static void latin1_from_meta(void **state)
{
    (void)state;
    json_t *e = fixture("text/html", "latin1.html");
    assert_int_equal(json_array_size(e), 3);
    assert_string_equal(field(e, 1, "question"),
                        "Comment conserver un fromage \xC3\xA0 p\xC3\xA2te molle ?");
    assert_non_null(strstr(field(e, 0, "answer"), "r\xC3\xA9"
                                                  "frig\xC3\xA9r\xC3\xA9"));
    assert_non_null(strstr(field(e, 2, "answer"), "45 \xE2\x82\xAC HT")); /* &euro; */
    json_decref(e);
}

static void windows_1252_curly_quotes(void **state)
{
    (void)state;
    json_t *e = fixture(NULL, "cp1252.html");
    assert_int_equal(json_array_size(e), 2);
    assert_string_equal(field(e, 0, "question"),
                        "What is a \xE2\x80\x9Cprotected\xE2\x80\x9D deposit?");
    assert_non_null(strstr(field(e, 0, "answer_text"), "30 days \xE2\x80\x93 we call"));
    assert_non_null(strstr(field(e, 1, "answer_text"), "10 days \xE2\x80\xA6 or"));
    json_decref(e);
}

static void header_charset_wins(void **state)
{
    (void)state;
    /* The header says UTF-8 although the page's <meta> says windows-1252: bytes that are not
     * UTF-8 become U+FFFD, the page is still read. */
    size_t len;
    char *body = read_source("cp1252.html", &len);
    json_t *e = parse_ok("text/html;charset=\"utf-8\"", body, len);
    assert_int_equal(json_array_size(e), 2);
    assert_string_equal(field(e, 0, "question"),
                        "What is a \xEF\xBF\xBDprotected\xEF\xBF\xBD deposit?");
    json_decref(e);
    free(body);
}

static void json_faqpage(void **state)
{
    (void)state;
    json_t *e = fixture("application/ld+json", "faqpage.json");
    assert_int_equal(json_array_size(e), 3);
    assert_string_equal(field(e, 0, "answer"),
                        "Yes, at 10\xE2\x80\x93"
                        "25% of their rated output. Panels respond to daylight, not direct "
                        "sunshine.");
    assert_string_equal(field(e, 1, "answer"),
                        "<p>Most panels carry a 25-year performance warranty and keep working for "
                        "30 years or more.</p><ul><li>Inverters: 10\xE2\x80\x93"
                        "15 years</li><li>Batteries: 10 years</li></ul>");
    json_decref(e);
}

static void json_graph(void **state)
{
    (void)state;
    json_t *e = fixture(NULL, "graph.json"); /* sniffed as JSON */
    assert_int_equal(json_array_size(e), 2);
    assert_string_equal(field(e, 0, "question"),
                        "When should my puppy have its first vaccination?");
    assert_string_equal(
        field(e, 0, "answer"),
        "At <strong>8 weeks</strong>, with the second dose two to four weeks later.");
    json_decref(e);
}

static void json_array_of_pairs(void **state)
{
    (void)state;
    json_t *e = fixture("application/json; charset=utf-8", "array.json");
    /* The empty question, the non-entry and the duplicate are dropped; HTML is sanitised. */
    assert_int_equal(json_array_size(e), 3);
    assert_string_equal(field(e, 1, "answer"), "Only in the <em>lane</em> sessions.");
    assert_null(strstr(field(e, 1, "answer"), "script"));
    assert_string_equal(field(e, 2, "answer_text"),
                        "Under 8s must be accompanied in the water\n8 to 15: an adult must be on "
                        "poolside");
    json_decref(e);
}

static void plain_text(void **state)
{
    (void)state;
    json_t *e = fixture("text/plain", "faq.txt");
    assert_int_equal(json_array_size(e), 3);
    assert_string_equal(field(e, 2, "question"), "Can I keep chickens on my plot?");
    json_decref(e);
}

static void junk_and_empty(void **state)
{
    (void)state;
    size_t len;
    char *body = read_source("junk.bin", &len);
    struct seo_error err;
    assert_int_equal(parse_fails(NULL, body, len, &err), SEO_ERR_UNUSABLE);
    assert_string_equal(err.message, "not a text document (binary content)");
    assert_int_equal(parse_fails("text/html", body, len, &err), SEO_ERR_UNUSABLE);
    free(body);
    assert_int_equal(parse_fails("image/png", "\x89PNG\r\n", 6, &err), SEO_ERR_UNUSABLE);
    assert_string_equal(err.message, "not a text document (image/png)");
    const char controls[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11 some text";
    assert_int_equal(parse_fails(NULL, controls, sizeof(controls) - 1, &err), SEO_ERR_UNUSABLE);
    assert_int_equal(parse_fails("text/plain", "Q?\0A.", 5, &err), SEO_ERR_UNUSABLE);

    /* A page without FAQ is not an error: an empty array. */
    json_t *e = fixture("text/html", "no-faq.html");
    assert_int_equal(json_array_size(e), 0);
    json_decref(e);
    e = parse_ok(NULL, "", 0);
    assert_int_equal(json_array_size(e), 0);
    json_decref(e);
    const char *page = "{\"@type\":\"WebPage\",\"name\":\"x\"}";
    e = parse_ok("application/json", page, strlen(page));
    assert_int_equal(json_array_size(e), 0);
    json_decref(e);
}

static void bad_json_and_charsets(void **state)
{
    (void)state;
    struct seo_error err;
    const char *broken = "{\"@type\": \"FAQPage\", \"mainEntity\": [";
    assert_int_equal(parse_fails("application/json", broken, strlen(broken), &err),
                     SEO_ERR_UNUSABLE);
    assert_non_null(strstr(err.message, "unreadable JSON"));
    /* Sniffed, "[" that is not JSON is text. */
    const char *text = "[Updated] Opening hours\n\nAre you open on Sundays?\n\nYes, 10am to 4pm.\n";
    json_t *e = parse_ok(NULL, text, strlen(text));
    assert_int_equal(json_array_size(e), 1);
    json_decref(e);
    /* Served as JSON but an HTML error page. */
    const char *page =
        "<html><body><h1>Status</h1><h2>Is it up?</h2><p>No, try later.</p></body></html>";
    e = parse_ok("application/json", page, strlen(page));
    assert_int_equal(json_array_size(e), 1);
    json_decref(e);

    assert_int_equal(parse_fails("text/html; charset=x-klingon", "<p>hi</p>", 9, &err),
                     SEO_ERR_UNUSABLE);
    assert_string_equal(err.message, "unknown charset x-klingon");
    assert_int_equal(parse_fails("text/plain; charset=utf-8//TRANSLIT", "hi", 2, &err),
                     SEO_ERR_UNUSABLE);
    const char *meta = "<meta charset=\"x-unknown\"><h2>Q?</h2><p>A.</p>";
    assert_int_equal(parse_fails(NULL, meta, strlen(meta), &err), SEO_ERR_UNUSABLE);
    assert_string_equal(err.message, "unknown charset x-unknown");
}

static void other_charsets(void **state)
{
    (void)state;
    /* KOI8-R: a title line, then "Как оплатить?" / "Картой или наличными." */
    const char koi[] =
        "FAQ\n\n"
        "\xEB\xC1\xCB \xCF\xD0\xCC\xC1\xD4\xC9\xD4\xD8?\n\n"
        "\xEB\xC1\xD2\xD4\xCF\xCA \xC9\xCC\xC9 \xCE\xC1\xCC\xC9\xDE\xCE\xD9\xCD\xC9.\n";
    json_t *e = parse_ok("text/plain; charset=KOI8-R", koi, sizeof(koi) - 1);
    assert_int_equal(json_array_size(e), 1);
    assert_string_equal(field(e, 0, "question"), "\xD0\x9A\xD0\xB0\xD0\xBA "
                                                 "\xD0\xBE\xD0\xBF\xD0\xBB\xD0\xB0\xD1\x82\xD0\xB8"
                                                 "\xD1\x82\xD1\x8C?");
    json_decref(e);
    /* Shift_JIS via its <meta>: "配送料は？" / "無料です。" */
    const char sjis[] =
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
        "charset=Shift_JIS\"></head><body><h1>FAQ</h1><h2>\x94\x7A\x91\x97\x97\xBF\x82\xCD"
        "\x81\x48</h2><p>\x96\xB3\x97\xBF\x82\xC5\x82\xB7\x81\x42</p></body></html>";
    e = parse_ok(NULL, sjis, sizeof(sjis) - 1);
    assert_int_equal(json_array_size(e), 1);
    assert_string_equal(field(e, 0, "question"),
                        "\xE9\x85\x8D\xE9\x80\x81\xE6\x96\x99\xE3\x81\xAF\xEF\xBC\x9F");
    json_decref(e);
    /* UTF-16LE with its byte order mark, no header charset. */
    const char *q = "Parking\n\nIs parking free?\n\nYes, for two hours.\n";
    size_t n = strlen(q);
    char *u16 = malloc(2 + 2 * n);
    u16[0] = '\xFF';
    u16[1] = '\xFE';
    for (size_t i = 0; i < n; i++) {
        u16[2 + 2 * i] = q[i];
        u16[3 + 2 * i] = 0;
    }
    e = parse_ok("text/plain", u16, 2 + 2 * n);
    assert_int_equal(json_array_size(e), 1);
    assert_string_equal(field(e, 0, "question"), "Is parking free?");
    json_decref(e);
    free(u16);
    /* A UTF-8 BOM, and UTF-8 recognised as such without any declaration. */
    const char *bom = "\xEF\xBB\xBF[{\"question\":\"Caf\xC3\xA9 open?\",\"answer\":\"Daily.\"}]";
    e = parse_ok(NULL, bom, strlen(bom));
    assert_int_equal(json_array_size(e), 1);
    assert_string_equal(field(e, 0, "question"), "Caf\xC3\xA9 open?");
    json_decref(e);
}

static void limits(void **state)
{
    (void)state;
    struct seo_limits l = seo_limits_default();
    l.max_body_bytes = 16;
    struct seo_error err;
    json_t *e = NULL;
    assert_int_equal(seo_faqsource_parse("text/plain", "Q?\n\nA long answer.\n", 19, &l, &e, &err),
                     SEO_ERR_LIMIT);
    assert_null(e);
    l = seo_limits_default();
    l.max_depth = 3;
    const char *deep = "[[[[[{\"question\":\"Q?\",\"answer\":\"A\"}]]]]]";
    assert_int_equal(seo_faqsource_parse("application/json", deep, strlen(deep), &l, &e, &err),
                     SEO_ERR_LIMIT);
    /* At most max_faq_entries entries. */
    l = seo_limits_default();
    l.max_faq_entries = 2;
    size_t len;
    char *body = read_source("faqpage.json", &len);
    assert_int_equal(seo_faqsource_parse(NULL, body, len, &l, &e, &err), SEO_OK);
    assert_int_equal(json_array_size(e), 2);
    json_decref(e);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_with_faqpage_jsonld),
        cmocka_unit_test(html_faq_section_headings),
        cmocka_unit_test(latin1_from_meta),
        cmocka_unit_test(windows_1252_curly_quotes),
        cmocka_unit_test(header_charset_wins),
        cmocka_unit_test(json_faqpage),
        cmocka_unit_test(json_graph),
        cmocka_unit_test(json_array_of_pairs),
        cmocka_unit_test(plain_text),
        cmocka_unit_test(junk_and_empty),
        cmocka_unit_test(bad_json_and_charsets),
        cmocka_unit_test(other_charsets),
        cmocka_unit_test(limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
