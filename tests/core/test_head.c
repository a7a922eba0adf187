/*
 * Tests service/core/head.c through the pipeline: the <head> tags, escaped
 * attribute values, and JSON-LD that no text can break out of.
 */
#include "head.h"

#include "buf.h"
#include "schema.h"
#include "seopipe.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#define SCRIPT_OPEN "<script type=\"application/ld+json\">"
#define PAYLOAD "</script><script>alert(1)</script>"

static const struct seo_site site = {
    .id = "nh",
    .name = "N&P \"Health\" <Group>",
    .url = "https://health.example/",
    .language = "en-GB",
    .logo = "https://health.example/logo-512.png",
    .separator = "|",
};

/*
 * A title and a URL with every character attributes must escape; a section,
 * a tag and a visible FAQ answer that try to end the script element.
 */
static const char hostile_draft[] =
    "{\"title\": \"Knee \\\"Pain\\\" & <Swelling> in Runners\",\n"
    " \"url\": \"https://health.example/guides/knee-pain/?ref=a&b=\\\"c\\\"\",\n"
    " \"author\": {\"name\": \"Dr Ana Silva\"},\n"
    " \"date_published\": \"2026-03-04T09:00:00+01:00\",\n"
    " \"image\": \"https://cdn.health.example/knee.jpg?w=1600&h=900\",\n"
    " \"section\": \"" PAYLOAD "\",\n"
    " \"tags\": [\"" PAYLOAD "\"],\n"
    " \"format\": \"text\",\n"
    " \"body\": \"Knee pain is common in runners, and swelling after a long run is a sign to rest. "
    "Most knee pain settles within a few weeks when the weekly distance is cut back.\\n\\n"
    "Should I ice a swollen knee?\\n\\n"
    "Yes: ice it for fifteen minutes. " PAYLOAD " is only text here.\\n\"}";

static void generate(const char *input, const struct seo_site *s, struct seo_result *r)
{
    struct seo_options opts = seo_options_default();
    if (s) {
        opts.sites = s;
        opts.n_sites = 1;
    }
    struct seo_error err;
    if (seo_generate(input, strlen(input), &opts, r, &err) != SEO_OK)
        fail_msg("seo_generate: %s", err.message);
}

static char *escaped(const char *s)
{
    struct seo_buf b = {0};
    seo_buf_html_escape(&b, s, strlen(s));
    return seo_buf_take(&b);
}

/* `head` holds the tag `before` + escaped(value) + `after`. */
static void expect_tag(const char *head, const char *before, const char *value, const char *after)
{
    char *esc = escaped(value);
    struct seo_buf want = {0};
    seo_buf_puts(&want, before);
    seo_buf_puts(&want, esc);
    seo_buf_puts(&want, after);
    if (!strstr(head, want.data))
        fail_msg("no %s in head:\n%s", want.data, head);
    seo_buf_free(&want);
    free(esc);
}

static void expect_meta(const char *head, const char *attr, const char *name, const char *value)
{
    struct seo_buf before = {0};
    seo_buf_printf(&before, "<meta %s=\"%s\" content=\"", attr, name);
    expect_tag(head, before.data, value, "\">\n");
    seo_buf_free(&before);
}

/* Every line before the script is one well-formed tag whose text and values hold no raw < > ". */
static void check_tag_lines(const char *head, size_t len)
{
    const char *p = head, *end = head + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        assert_non_null(nl);
        size_t n = (size_t)(nl - p);
        const char *value = NULL, *value_end = NULL;
        if (n > 15 && strncmp(p, "<title>", 7) == 0 && strncmp(nl - 8, "</title>", 8) == 0) {
            value = p + 7;
            value_end = nl - 8;
        } else if (strncmp(p, "<meta ", 6) == 0 && strncmp(nl - 2, "\">", 2) == 0) {
            value = strstr(p, "\" content=\"");
            assert_true(value && value < nl);
            value += 11;
            value_end = nl - 2;
        } else if (strncmp(p, "<link rel=\"canonical\" href=\"", 28) == 0 &&
                   strncmp(nl - 2, "\">", 2) == 0) {
            value = p + 28;
            value_end = nl - 2;
        } else {
            fail_msg("unexpected head line: %.*s", (int)n, p);
        }
        for (const char *c = value; c < value_end; c++)
            if (*c == '<' || *c == '>' || *c == '"')
                fail_msg("raw '%c' in a value: %.*s", *c, (int)n, p);
        p = nl + 1;
    }
}

/* The JSON-LD inside the script: nothing can end the element, and it decodes to the graph. */
static void check_script(const struct seo_result *r)
{
    const char *head = r->head_html;
    const char *open = strstr(head, SCRIPT_OPEN);
    assert_non_null(open);
    assert_null(strstr(open + 1, SCRIPT_OPEN));
    const char *json = open + strlen(SCRIPT_OPEN);
    size_t n = strlen(json);
    assert_true(n > 10);
    assert_string_equal(json + n - 10, "</script>\n");
    n -= 10;
    for (size_t i = 0; i < n; i++) {
        if (json[i] == '<' || json[i] == '>' || json[i] == '&')
            fail_msg("raw '%c' inside the JSON-LD at %zu: %.40s", json[i], i, json + i);
        if (strncasecmp(json + i, "</script", 8) == 0 || strncmp(json + i, "<!--", 4) == 0)
            fail_msg("the JSON-LD can end the script element at %zu", i);
    }
    json_error_t jerr;
    json_t *parsed = json_loadb(json, n, 0, &jerr);
    if (!parsed)
        fail_msg("JSON-LD in the head does not parse: %s", jerr.text);
    assert_true(json_equal(parsed, r->jsonld));
    json_decref(parsed);
    check_tag_lines(head, (size_t)(open - head));
}

static void all_tags_present(void **state)
{
    (void)state;
    struct seo_result r;
    generate(hostile_draft, &site, &r);
    const char *h = r.head_html;
    assert_non_null(h);
    assert_non_null(r.meta_title);
    assert_non_null(r.meta_description);
    assert_string_equal(r.canonical, "https://health.example/guides/knee-pain/?ref=a&b=\"c\"");

    expect_tag(h, "<title>", r.meta_title, "</title>\n");
    assert_true(strncmp(h, "<title>", 7) == 0);
    expect_meta(h, "name", "description", r.meta_description);
    expect_tag(h, "<link rel=\"canonical\" href=\"", r.canonical, "\">\n");
    expect_meta(h, "property", "og:locale", "en_GB");
    expect_meta(h, "property", "og:type", "article");
    expect_meta(h, "property", "og:title", r.meta_title);
    expect_meta(h, "property", "og:description", r.meta_description);
    expect_meta(h, "property", "og:url", r.canonical);
    expect_meta(h, "property", "og:site_name", site.name);
    expect_meta(h, "property", "article:published_time", "2026-03-04T09:00:00+01:00");
    expect_meta(h, "property", "og:image", "https://cdn.health.example/knee.jpg?w=1600&h=900");
    expect_meta(h, "name", "twitter:card", "summary_large_image");
    expect_meta(h, "name", "twitter:title", r.meta_title);
    expect_meta(h, "name", "twitter:description", r.meta_description);
    check_script(&r);
    seo_result_free(&r);
}

static void attribute_values_escaped(void **state)
{
    (void)state;
    struct seo_result r;
    generate(hostile_draft, &site, &r);
    const char *h = r.head_html;
    /* The test means something only if the values hold the characters. */
    assert_non_null(strpbrk(r.meta_title, "\"&<>"));
    assert_non_null(strstr(r.meta_title, "\"Pain\""));
    assert_string_equal(r.meta_title,
                        "Knee \"Pain\" & <Swelling> in Runners | N&P \"Health\" <Group>");
    assert_non_null(strstr(h, "<title>Knee &quot;Pain&quot; &amp; &lt;Swelling&gt; in Runners | "
                              "N&amp;P &quot;Health&quot; &lt;Group&gt;</title>\n"));
    assert_non_null(strstr(h, "<meta property=\"og:site_name\" content=\"N&amp;P "
                              "&quot;Health&quot; &lt;Group&gt;\">\n"));
    assert_non_null(strstr(
        h, "href=\"https://health.example/guides/knee-pain/?ref=a&amp;b=&quot;c&quot;\">\n"));
    /* Nothing raw outside the script. */
    const char *open = strstr(h, SCRIPT_OPEN);
    assert_non_null(open);
    check_tag_lines(h, (size_t)(open - h));
    seo_result_free(&r);
}

static const json_t *first_question(const json_t *jsonld)
{
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(jsonld, "@graph"), i, v)
    {
        const char *type = json_string_value(json_object_get(v, "@type"));
        if (type && strcmp(type, "Question") == 0)
            return v;
    }
    return NULL;
}

static void script_cannot_be_closed(void **state)
{
    (void)state;
    struct seo_result r;
    generate(hostile_draft, &site, &r);
    /* The payload reached the graph as text, and the FAQ answer as escaped HTML. */
    char *graph = json_dumps(r.jsonld, JSON_COMPACT);
    assert_non_null(strstr(graph, "\"articleSection\":\"" PAYLOAD "\""));
    free(graph);
    assert_int_equal(r.faq.n, 1);
    assert_string_equal(r.faq.items[0].question, "Should I ice a swollen knee?");
    assert_non_null(strstr(r.faq.items[0].answer_text, PAYLOAD));
    const json_t *q = first_question(r.jsonld);
    const char *answer =
        json_string_value(json_object_get(json_object_get(q, "acceptedAnswer"), "text"));
    assert_non_null(answer);
    assert_non_null(strstr(answer, "alert(1)"));
    const char *h = r.head_html;
    /* Exactly one closing tag: the script's own, at the very end. */
    const char *close = strstr(h, "</script");
    assert_non_null(close);
    assert_string_equal(close, "</script>\n");
    assert_null(strstr(h, "alert(1)</script>"));
    assert_non_null(strstr(h, "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script"));
    check_script(&r);
    seo_result_free(&r);
}

static void optional_tags_left_out(void **state)
{
    (void)state;
    struct seo_result r;
    /* No site, no URL, no image, no date. */
    generate("{\"title\": \"Knee Pain\", \"body\": \"Knee pain is common in runners. Rest, ice and "
             "strength work help most people within a few weeks.\"}",
             NULL, &r);
    const char *h = r.head_html;
    assert_null(r.canonical);
    assert_null(strstr(h, "rel=\"canonical\""));
    assert_null(strstr(h, "og:url"));
    assert_null(strstr(h, "og:site_name"));
    assert_null(strstr(h, "og:image"));
    assert_null(strstr(h, "article:published_time"));
    assert_null(strstr(h, "content=\"\""));
    expect_meta(h, "name", "twitter:card", "summary");
    expect_meta(h, "property", "og:locale", "en");
    expect_tag(h, "<title>", "Knee Pain", "</title>\n");
    check_script(&r);
    seo_result_free(&r);
}

static void script_json_escaping(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_puts(&b, "X");
    seo_head_script_json(&b, "{\"a\":\"</script><!-- & -->\",\"b\":\"caf\xC3\xA9 \\u00e9\"}");
    assert_string_equal(b.data, "X{\"a\":\"\\u003c/script\\u003e\\u003c!-- \\u0026 --\\u003e\","
                                "\"b\":\"caf\xC3\xA9 \\u00e9\"}");
    /* Still the same JSON value. */
    json_t *v = json_loads(b.data + 1, 0, NULL);
    assert_non_null(v);
    assert_string_equal(json_string_value(json_object_get(v, "a")), "</script><!-- & -->");
    json_decref(v);
    seo_buf_reset(&b);
    seo_head_script_json(&b, "");
    assert_int_equal(b.len, 0);
    seo_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(all_tags_present),        cmocka_unit_test(attribute_values_escaped),
        cmocka_unit_test(script_cannot_be_closed), cmocka_unit_test(optional_tags_left_out),
        cmocka_unit_test(script_json_escaping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
