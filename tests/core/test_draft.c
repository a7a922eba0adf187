/* Tests service/core/draft.c: JSON drafts, raw documents, formats, limits and errors. */
#include "draft.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static enum seo_status parse(const char *in, enum seo_format f, struct seo_draft *d,
                             struct seo_error *err)
{
    struct seo_limits limits = seo_limits_default();
    return seo_draft_parse(in, strlen(in), f, &limits, d, err);
}

static void json_draft_fields(void **state)
{
    (void)state;
    const char *in =
        "{\"id\":\"d-1\",\"title\":\"  Knee pain  \",\"body\":\"# Hi\\n\\ntext\","
        "\"format\":\"markdown\",\"url\":\"https://ex.org/a\",\"locale\":\"en-GB\","
        "\"author\":{\"name\":\"Ann\",\"url\":\"https://ex.org/ann\"},"
        "\"tags\":[\"a\",\"\",\"b\"],\"faq\":[{\"question\":\"Q?\",\"answer\":\"A.\"}],"
        "\"faq_sources\":[\"https://ex.org/faq\"],\"unknown\":{\"x\":1},\"image\":\"\","
        "\"medical\":true}";
    struct seo_draft d;
    struct seo_error err;
    assert_int_equal(parse(in, SEO_FORMAT_AUTO, &d, &err), SEO_OK);
    assert_string_equal(d.id, "d-1");
    assert_string_equal(d.title, "Knee pain");
    assert_int_equal(d.format, SEO_FORMAT_MARKDOWN);
    assert_string_equal(d.author_name, "Ann");
    assert_string_equal(d.author_url, "https://ex.org/ann");
    assert_int_equal(d.n_tags, 2); /* the empty tag is dropped, never kept */
    assert_string_equal(d.tags[1], "b");
    assert_int_equal(d.n_faq, 1);
    assert_string_equal(d.faq[0].answer, "A.");
    assert_int_equal(d.n_faq_sources, 1);
    assert_null(d.image); /* "" is absent */
    assert_string_equal(d.body, "# Hi\n\ntext");
    assert_true(d.medical);
    seo_draft_free(&d);
    /* Absent or null: not medical (the site may still say so). */
    assert_int_equal(parse("{\"title\":\"T\",\"medical\":null}", SEO_FORMAT_AUTO, &d, &err),
                     SEO_OK);
    assert_false(d.medical);
    seo_draft_free(&d);
}

static void author_as_string(void **state)
{
    (void)state;
    struct seo_draft d;
    struct seo_error err;
    assert_int_equal(parse("{\"title\":\"T\",\"author\":\"Jo Bloggs\"}", SEO_FORMAT_AUTO, &d, &err),
                     SEO_OK);
    assert_string_equal(d.author_name, "Jo Bloggs");
    assert_null(d.author_url);
    seo_draft_free(&d);
}

static void wrong_types_name_the_field(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *field;
    } cases[] = {
        {"{\"title\":\"T\",\"tags\":\"a, b\"}", "/tags"},
        {"{\"title\":7}", "/title"},
        {"{\"title\":\"T\",\"author\":[\"x\"]}", "/author"},
        {"{\"title\":\"T\",\"faq\":[{\"question\":\"Q?\",\"answer\":3}]}", "/faq/0/answer"},
        {"{\"title\":\"T\",\"faq\":[{\"question\":\"Q?\",\"answer\":\"a\"},{\"answer\":\"b\"}]}",
         "/faq/1/question"},
        {"{\"title\":\"T\",\"faq\":{}}", "/faq"},
        {"{\"title\":\"T\",\"format\":\"docx\"}", "/format"},
        {"{\"title\":\"T\",\"tags\":[\"a\",1]}", "/tags/1"},
        {"{\"title\":\"T\",\"body\":\"a\\u0000b\"}", "/body"},
        {"{\"title\":\"T\",\"existing_seo\":\"yes\"}", "/existing_seo"},
        {"{\"title\":\"T\",\"existing_seo\":{\"meta_title\":5}}", "/existing_seo/meta_title"},
        {"{\"title\":\"T\",\"existing_seo\":{\"canonical\":[]}}", "/existing_seo/canonical"},
        {"{\"title\":\"T\",\"existing_seo\":{\"jsonld\":\"<script>\"}}", "/existing_seo/jsonld"},
        {"{\"title\":\"T\",\"existing_seo\":{\"focus_keyword\":true}}",
         "/existing_seo/focus_keyword"},
        {"{\"title\":\"T\",\"medical\":\"yes\"}", "/medical"},
        {"{\"title\":\"T\",\"medical\":1}", "/medical"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct seo_draft d;
        struct seo_error err;
        enum seo_status st = parse(cases[i].in, SEO_FORMAT_AUTO, &d, &err);
        if (st == SEO_OK)
            fail_msg("case %zu accepted: %s", i, cases[i].in);
        assert_int_equal(st, SEO_ERR_TYPE);
        assert_string_equal(err.field, cases[i].field);
    }
}

static void existing_seo(void **state)
{
    (void)state;
    struct seo_draft d;
    struct seo_error err;
    assert_int_equal(parse("{\"title\":\"T\"}", SEO_FORMAT_AUTO, &d, &err), SEO_OK);
    assert_null(d.existing_seo);
    seo_draft_free(&d);
    const char *in = "{\"title\":\"T\",\"existing_seo\":{\"meta_title\":\" Old title \","
                     "\"meta_description\":\"\",\"canonical\":\"https://ex.org/a/\","
                     "\"focus_keyword\":null,\"jsonld\":{\"@context\":\"https://schema.org\","
                     "\"@graph\":[{\"@type\":\"WebPage\"},{\"@type\":\"Article\"}]}}}";
    assert_int_equal(parse(in, SEO_FORMAT_AUTO, &d, &err), SEO_OK);
    assert_non_null(d.existing_seo);
    assert_string_equal(d.existing_seo->meta_title, "Old title");
    assert_null(d.existing_seo->meta_description); /* "" is absent */
    assert_string_equal(d.existing_seo->canonical, "https://ex.org/a/");
    assert_null(d.existing_seo->focus_keyword);
    assert_false(d.existing_seo->faq_schema_present);
    seo_draft_free(&d);
    /* An FAQPage at the top, in an array, in @graph, or as one of several types. */
    static const char *const with_faq[] = {
        "{\"title\":\"T\",\"existing_seo\":{\"jsonld\":{\"@type\":\"FAQPage\"}}}",
        "{\"title\":\"T\",\"existing_seo\":{\"jsonld\":[{\"@type\":\"Article\"},"
        "{\"@type\":\"FAQPage\"}]}}",
        "{\"title\":\"T\",\"existing_seo\":{\"jsonld\":{\"@graph\":[{\"@type\":"
        "[\"WebPage\",\"FAQPage\"]}]}}}",
    };
    for (size_t i = 0; i < sizeof(with_faq) / sizeof(with_faq[0]); i++) {
        assert_int_equal(parse(with_faq[i], SEO_FORMAT_AUTO, &d, &err), SEO_OK);
        assert_true(d.existing_seo->faq_schema_present);
        seo_draft_free(&d);
    }
}

static void syntax_error_line_and_column(void **state)
{
    (void)state;
    struct seo_draft d;
    struct seo_error err;
    const char *in = "{\n  \"title\": \"T\",\n  \"tags\": [\"a\" \"b\"]\n}";
    assert_int_equal(parse(in, SEO_FORMAT_AUTO, &d, &err), SEO_ERR_SYNTAX);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 16);
    assert_non_null(strstr(err.message, "line 3, column 16"));
}

static void invalid_utf8_names_offset(void **state)
{
    (void)state;
    struct seo_draft d;
    struct seo_error err;
    struct seo_limits limits = seo_limits_default();
    const char in[] = "Title\n\nCaf\xC3 au lait";
    assert_int_equal(seo_draft_parse(in, sizeof(in) - 1, SEO_FORMAT_AUTO, &limits, &d, &err),
                     SEO_ERR_ENCODING);
    assert_int_equal(err.offset, 10);
    assert_non_null(strstr(err.message, "byte offset 10"));
    const char nul[] = "Title\0body";
    assert_int_equal(seo_draft_parse(nul, sizeof(nul) - 1, SEO_FORMAT_TEXT, &limits, &d, &err),
                     SEO_ERR_ENCODING);
    assert_int_equal(err.offset, 5);
}

static void limits_are_enforced(void **state)
{
    (void)state;
    struct seo_limits limits = seo_limits_default();
    limits.max_body_bytes = 16;
    limits.max_faq_entries = 1;
    limits.max_depth = 3;
    struct seo_draft d;
    struct seo_error err;
    const char *big = "0123456789abcdefX";
    assert_int_equal(seo_draft_parse(big, strlen(big), SEO_FORMAT_TEXT, &limits, &d, &err),
                     SEO_ERR_LIMIT);
    limits.max_body_bytes = 4096;
    const char *faq = "{\"title\":\"T\",\"faq\":[{\"question\":\"a?\",\"answer\":\"b\"},"
                      "{\"question\":\"c?\",\"answer\":\"d\"}]}";
    assert_int_equal(seo_draft_parse(faq, strlen(faq), SEO_FORMAT_AUTO, &limits, &d, &err),
                     SEO_ERR_LIMIT);
    assert_string_equal(err.field, "/faq");
    const char *deep = "{\"title\":\"T\",\"x\":[[[[1]]]]}";
    assert_int_equal(seo_draft_parse(deep, strlen(deep), SEO_FORMAT_AUTO, &limits, &d, &err),
                     SEO_ERR_LIMIT);
    assert_int_equal(err.line, 1);
}

/* A JSON draft `{"title":"T","body":"<body>"}` with `n` repeats of `unit` (JSON text) as its body.
 */
static char *json_with_body(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *s = malloc(32 + u * n);
    assert_non_null(s);
    char *p = s + sprintf(s, "{\"title\":\"T\",\"body\":\"");
    for (size_t i = 0; i < n; i++, p += u)
        memcpy(p, unit, u);
    strcpy(p, "\"}");
    return s;
}

/*
 * The body limit applies to the body as decoded, not to its escaped JSON:
 * a 680,000-byte body is 1.3 MB of JSON when every line break and quote is
 * escaped. The JSON text has its own, larger bound (seo_draft_max_input).
 */
static void body_limit_is_on_the_decoded_body(void **state)
{
    (void)state;
    struct seo_limits limits = seo_limits_default();
    struct seo_draft d;
    struct seo_error err;
    assert_int_equal(seo_draft_max_input(&limits), 4 * 1048576);

    /* \"\n decodes to 2 bytes: 340,000 of them are 680,000 bytes of body (less the final
     * line break, trimmed) in 1.36 MB of JSON. */
    char *in = json_with_body("\\\"\\n", 340000);
    size_t len = strlen(in);
    assert_true(len > 1360000);
    if (seo_draft_parse(in, len, SEO_FORMAT_AUTO, &limits, &d, &err) != SEO_OK)
        fail_msg("refused: %s", err.message);
    assert_int_equal(d.body_len, 680000 - 1);
    seo_draft_free(&d);
    free(in);

    /* Over the limit once decoded: refused, naming the field and the setting. */
    limits.max_body_bytes = 1024;
    in = json_with_body("a", 1025);
    assert_int_equal(seo_draft_parse(in, strlen(in), SEO_FORMAT_AUTO, &limits, &d, &err),
                     SEO_ERR_LIMIT);
    assert_string_equal(err.field, "/body");
    assert_non_null(strstr(err.message, "1025 bytes"));
    assert_non_null(strstr(err.message, "limits.max_body_bytes"));
    free(in);
    in = json_with_body("a\\n", 512); /* 1.5 kB of JSON, 1,023 bytes once decoded and trimmed */
    assert_true(strlen(in) > 1536);
    assert_int_equal(seo_draft_parse(in, strlen(in), SEO_FORMAT_AUTO, &limits, &d, &err), SEO_OK);
    assert_int_equal(d.body_len, 1023);
    seo_draft_free(&d);
    free(in);

    /* A raw document is its body. */
    char raw[1100];
    memset(raw, 'a', sizeof(raw));
    assert_int_equal(seo_draft_parse(raw, 1025, SEO_FORMAT_AUTO, &limits, &d, &err), SEO_ERR_LIMIT);
    assert_string_equal(err.field, "");
    assert_non_null(strstr(err.message, "limits.max_body_bytes"));
    assert_int_equal(seo_draft_parse(raw, 1024, SEO_FORMAT_AUTO, &limits, &d, &err), SEO_OK);
    seo_draft_free(&d);

    /* The whole JSON text stays bounded: 4 x 1024 here. */
    size_t max = seo_draft_max_input(&limits);
    assert_int_equal(max, 4 * 1024);
    in = json_with_body(" ", max);
    assert_int_equal(seo_draft_parse(in, strlen(in), SEO_FORMAT_AUTO, &limits, &d, &err),
                     SEO_ERR_LIMIT);
    assert_string_equal(err.field, "");
    free(in);

    /* No overflow for a limit near SIZE_MAX. */
    limits.max_body_bytes = (size_t)-1 / 2;
    assert_int_equal(seo_draft_max_input(&limits), (size_t)-1);
}

static void raw_documents_and_sniffing(void **state)
{
    (void)state;
    struct seo_draft d;
    struct seo_error err;
    /* Typographic-quote pseudo JSON (seed 000) is a text body, not a broken JSON draft. */
    assert_int_equal(parse("{\n\xE2\x80\x9C@context\xE2\x80\x9D: 1}\n\nTitle\n\nBody text here.",
                           SEO_FORMAT_AUTO, &d, &err),
                     SEO_OK);
    assert_int_equal(d.format, SEO_FORMAT_TEXT);
    seo_draft_free(&d);
    assert_int_equal(parse("<!DOCTYPE html><title>x</title><p>hi</p>", SEO_FORMAT_AUTO, &d, &err),
                     SEO_OK);
    assert_int_equal(d.format, SEO_FORMAT_HTML);
    seo_draft_free(&d);
    assert_int_equal(parse("# Title\n\nSome *text*.", SEO_FORMAT_AUTO, &d, &err), SEO_OK);
    assert_int_equal(d.format, SEO_FORMAT_MARKDOWN);
    seo_draft_free(&d);
    assert_int_equal(parse("Title\n\n- item one\n- item two\n", SEO_FORMAT_AUTO, &d, &err), SEO_OK);
    assert_int_equal(d.format, SEO_FORMAT_TEXT);
    seo_draft_free(&d);
    /* Forcing json on a text document reports the JSON error. */
    assert_int_equal(parse("Title\n\nBody", SEO_FORMAT_JSON, &d, &err), SEO_ERR_SYNTAX);
}

/*
 * AI tools paste their JSON-LD above the article with ASCII quotes: valid JSON
 * followed by prose. In auto format that is a raw document, not a broken draft.
 */
static void jsonld_first_documents_are_raw(void **state)
{
    (void)state;
    struct seo_draft d;
    struct seo_error err;
    static const char *const raw[] = {
        /* Two concatenated blocks, then the article (seed 000's shape). */
        "{\n\"@context\": \"https://schema.org\",\n\"@type\": \"Article\"\n}{\n\"@context\": "
        "\"https://schema.org\",\n\"@type\": \"FAQPage\"}\n\nKnee Pain\n\nKnee pain is common.",
        /* One block, then prose on the same line. */
        "{\"@context\":\"https://schema.org\",\"@type\":\"Article\"} Knee pain is common.",
        /* A damaged block (trailing comma) still ends where its braces close. */
        "{\"@context\":\"https://schema.org\",\"headline\":\"Knee\",}\n\nKnee pain is common.",
        /* A JSON-LD object alone, with the properties it shares with drafts. */
        "{\"@context\":\"https://schema.org\",\"@type\":\"Article\",\"url\":\"https://ex.org/\","
        "\"image\":\"https://ex.org/a.jpg\",\"author\":{\"name\":\"Ann\"}}",
        "{\"@graph\":[{\"@type\":\"WebPage\"}]}",
    };
    for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
        if (parse(raw[i], SEO_FORMAT_AUTO, &d, &err) != SEO_OK)
            fail_msg("case %zu refused: %s", i, err.message);
        assert_int_equal(d.format, SEO_FORMAT_TEXT);
        assert_string_equal(d.body, raw[i]);
        assert_null(d.title);
        seo_draft_free(&d);
    }
    /* Still drafts, with their errors: a draft key next to @type, a stray brace, a bad draft. */
    assert_int_equal(parse("{\"@type\":\"Article\",\"title\":\"T\"}", SEO_FORMAT_AUTO, &d, &err),
                     SEO_OK);
    assert_string_equal(d.title, "T");
    seo_draft_free(&d);
    assert_int_equal(parse("{\"title\":\"T\"}}\n", SEO_FORMAT_AUTO, &d, &err), SEO_ERR_SYNTAX);
    assert_int_equal(parse("{\"title\":\"T\" \"body\":\"b\"}", SEO_FORMAT_AUTO, &d, &err),
                     SEO_ERR_SYNTAX);
    assert_int_equal(err.column, 14);
    /* Forced json reports the trailing content. */
    assert_int_equal(parse(raw[1], SEO_FORMAT_JSON, &d, &err), SEO_ERR_SYNTAX);
    assert_non_null(strstr(err.message, "end of file expected"));
}

static void nfc_normalisation(void **state)
{
    (void)state;
    struct seo_draft d;
    struct seo_error err;
    /* "Cafe" + U+0301 combining acute becomes "Café" with U+00E9. */
    assert_int_equal(parse("{\"title\":\"Cafe\\u0301 guide\"}", SEO_FORMAT_AUTO, &d, &err), SEO_OK);
    assert_string_equal(d.title, "Caf\xC3\xA9 guide");
    seo_draft_free(&d);
    assert_int_equal(parse("Cafe\xCC\x81 guide\n\nBody.", SEO_FORMAT_TEXT, &d, &err), SEO_OK);
    assert_string_equal(d.body, "Caf\xC3\xA9 guide\n\nBody.");
    seo_draft_free(&d);
}

static void unusable_drafts(void **state)
{
    (void)state;
    struct seo_draft d;
    struct seo_error err;
    assert_int_equal(parse("{\"id\":\"x\"}", SEO_FORMAT_AUTO, &d, &err), SEO_ERR_UNUSABLE);
    assert_int_equal(parse("[1,2]", SEO_FORMAT_JSON, &d, &err), SEO_ERR_TYPE);
}

static void format_names(void **state)
{
    (void)state;
    enum seo_format f;
    assert_true(seo_format_parse("md", &f));
    assert_int_equal(f, SEO_FORMAT_MARKDOWN);
    assert_true(seo_format_parse("plain", &f));
    assert_int_equal(f, SEO_FORMAT_TEXT);
    assert_false(seo_format_parse("rtf", &f));
    assert_string_equal(seo_format_name(SEO_FORMAT_HTML), "html");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_draft_fields),
        cmocka_unit_test(author_as_string),
        cmocka_unit_test(wrong_types_name_the_field),
        cmocka_unit_test(existing_seo),
        cmocka_unit_test(syntax_error_line_and_column),
        cmocka_unit_test(invalid_utf8_names_offset),
        cmocka_unit_test(limits_are_enforced),
        cmocka_unit_test(body_limit_is_on_the_decoded_body),
        cmocka_unit_test(raw_documents_and_sniffing),
        cmocka_unit_test(jsonld_first_documents_are_raw),
        cmocka_unit_test(nfc_normalisation),
        cmocka_unit_test(unusable_drafts),
        cmocka_unit_test(format_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
