/* Unit tests for service/core/jsonld.c: repair, absorbing facts and FAQ, stripping blocks. */
#include "jsonld.h"

#include "fixture.h"
#include "seopipe.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Typographic quotes as AI tools and word processors write them. */
#define LQ "\xE2\x80\x9C" /* “ */
#define RQ "\xE2\x80\x9D" /* ” */

/* ---- seo_jsonld_repair ---- */

static void check_repair(const char *in, bool want_changed, const char *want)
{
    struct seo_buf out = {0};
    bool changed = seo_jsonld_repair(in, strlen(in), &out);
    const char *got = out.data ? out.data : "";
    if (strcmp(got, want) != 0)
        fail_msg("repair of [%s]\n got [%s]\nwant [%s]", in, got, want);
    assert_int_equal(changed, want_changed);
    seo_buf_free(&out);
}

static void test_repair_typographic_delimiters(void **state)
{
    (void)state;
    check_repair("{" LQ "@context" RQ ": " LQ "https://schema.org" RQ ", " LQ "@type" RQ ": " LQ
                 "Article" RQ ", " LQ "headline" RQ ": " LQ "Tech Neck" RQ "}",
                 true,
                 "{\"@context\": \"https://schema.org\", \"@type\": \"Article\", \"headline\": "
                 "\"Tech Neck\"}");
    /* Low-9 and reversed quotes are delimiters too. */
    check_repair("[\xE2\x80\x9E"
                 "a\xE2\x80\x9F]",
                 true, "[\"a\"]");
}

static void test_repair_keeps_typographic_quotes_inside_strings(void **state)
{
    (void)state;
    check_repair("{" LQ "text" RQ ": " LQ "He called it " LQ "tech neck" RQ " in 2008." RQ "}",
                 true, "{\"text\": \"He called it " LQ "tech neck" RQ " in 2008.\"}");
}

static void test_repair_quoted_terms_inside_string(void **state)
{
    (void)state;
    /* A list of quoted terms: the ” before ", “" is text, not the end of the string. */
    check_repair("{" LQ "text" RQ ": " LQ "Positions are " LQ "flexion" RQ ", " LQ "extension" RQ
                 " or neutral." RQ "}",
                 true,
                 "{\"text\": \"Positions are " LQ "flexion" RQ ", " LQ "extension" RQ
                 " or neutral.\"}");
}

static void test_repair_escapes_ascii_quotes_inside_strings(void **state)
{
    (void)state;
    check_repair("{" LQ "text" RQ ": " LQ "Use the \"20-20-20\" rule." RQ "}", true,
                 "{\"text\": \"Use the \\\"20-20-20\\\" rule.\"}");
    check_repair("{\"name\": \"Season a 12\" skillet\"}", true,
                 "{\"name\": \"Season a 12\\\" skillet\"}");
}

static void test_repair_trailing_commas(void **state)
{
    (void)state;
    check_repair("{\"a\": [1, 2, ], \"b\": {\"c\": 1,\n},}", true,
                 "{\"a\": [1, 2 ], \"b\": {\"c\": 1\n}}");
}

static void test_repair_raw_control_characters(void **state)
{
    (void)state;
    check_repair("{" LQ "text" RQ ": " LQ "Line one\nLine two\tTabbed\r\n" RQ "}", true,
                 "{\"text\": \"Line one\\nLine two\\tTabbed\\n\"}");
    /* Newlines between tokens are not inside a string and stay. */
    check_repair("{\n\t\"a\": 1\n}", false, "{\n\t\"a\": 1\n}");
}

static void test_repair_leaves_valid_json_alone(void **state)
{
    (void)state;
    check_repair("{\"a\": \"x, ]\", \"b\": \"q\\\"uote\", \"c\": [1, {\"d\": null}]}", false,
                 "{\"a\": \"x, ]\", \"b\": \"q\\\"uote\", \"c\": [1, {\"d\": null}]}");
    check_repair("", false, "");
}

static void test_repair_appends(void **state)
{
    (void)state;
    struct seo_buf out = {0};
    seo_buf_puts(&out, "prefix:");
    assert_true(seo_jsonld_repair("[" LQ "a" RQ "]", strlen("[" LQ "a" RQ "]"), &out));
    assert_string_equal(out.data, "prefix:[\"a\"]");
    seo_buf_free(&out);
}

/* ---- seo_jsonld_take_block and seo_jsonld_absorb ---- */

struct fx {
    struct seo_hints h;
    struct seo_warnings w;
    struct seo_limits limits;
};

static bool take(struct fx *f, const char *s, size_t line)
{
    if (!f->limits.max_depth)
        f->limits = seo_limits_default();
    return seo_jsonld_take_block(&f->h, s, strlen(s), line, &f->limits, &f->w);
}

static void release(struct fx *f)
{
    seo_hints_free(&f->h);
    seo_warnings_free(&f->w);
}

static void test_take_article_facts(void **state)
{
    (void)state;
    struct fx f = {0};
    assert_true(take(&f,
                     "{\"@context\": \"https://schema.org\", \"@type\": \"Article\",\n"
                     " \"headline\": \"  Tech Neck: How Screen Habits Cause Neck Pain \",\n"
                     " \"description\": \"Why looking down at a phone strains the neck.\",\n"
                     " \"datePublished\": \"2026-02-10\", \"dateModified\": "
                     "\"2026-02-12T08:00:00Z\",\n"
                     " \"image\": {\"@type\": \"ImageObject\", \"url\": "
                     "\"https://example.com/neck.jpg\"},\n"
                     " \"author\": {\"@type\": \"Person\", \"name\": \"Dr. Lena Ortiz\", \"url\": "
                     "\"https://example.com/lena\"}}",
                     1));
    assert_int_equal(f.h.blocks, 1);
    assert_string_equal(f.h.headline, "Tech Neck: How Screen Habits Cause Neck Pain");
    assert_string_equal(f.h.description, "Why looking down at a phone strains the neck.");
    assert_string_equal(f.h.date_published, "2026-02-10");
    assert_string_equal(f.h.date_modified, "2026-02-12T08:00:00Z");
    assert_string_equal(f.h.image, "https://example.com/neck.jpg");
    assert_string_equal(f.h.author_name, "Dr. Lena Ortiz");
    assert_string_equal(f.h.author_url, "https://example.com/lena");
    assert_string_equal(f.h.author_type, "Person");
    assert_null(f.h.meta_title);
    assert_int_equal(f.h.n_faq, 0);
    assert_int_equal(f.w.n, 0);

    /* The first value of a fact wins; later blocks do not overwrite it. */
    assert_true(take(&f,
                     "{\"@type\": \"BlogPosting\", \"headline\": \"Another headline\", "
                     "\"image\": [\"https://example.com/second.jpg\"], \"author\": \"Someone\"}",
                     20));
    assert_int_equal(f.h.blocks, 2);
    assert_string_equal(f.h.headline, "Tech Neck: How Screen Habits Cause Neck Pain");
    assert_string_equal(f.h.image, "https://example.com/neck.jpg");
    assert_string_equal(f.h.author_name, "Dr. Lena Ortiz");
    release(&f);
}

static void test_take_faqpage(void **state)
{
    (void)state;
    struct fx f = {0};
    assert_true(
        take(&f,
             "{\"@context\": \"https://schema.org\", \"@type\": \"FAQPage\", \"mainEntity\": "
             "[\n"
             " {\"@type\": \"Question\", \"name\": \"What is tech neck?\",\n"
             "  \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \" A repetitive "
             "strain condition. \"}},\n"
             " {\"@type\": \"Question\", \"name\": \"How should I set up my laptop?\",\n"
             "  \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"\"}},\n"
             " {\"@type\": \"Question\", \"name\": \"Can stretching reverse it?\",\n"
             "  \"acceptedAnswer\": [{\"@type\": \"Answer\", \"text\": \"Rarely on its "
             "own.\"}]},\n"
             " {\"@type\": \"Question\", \"name\": \"Caf\xC3\xA9 or t\x65\xCC\x81le?\",\n"
             "  \"suggestedAnswer\": {\"@type\": \"Answer\", \"text\": \"Either.\"}},\n"
             " {\"@type\": \"Question\", \"name\": \"\", \"acceptedAnswer\": {\"text\": "
             "\"An answer without a question.\"}}\n"
             "]}",
             4));
    assert_int_equal(f.h.blocks, 1);
    /* The empty answer and the empty question are ignored, never copied. */
    assert_int_equal(f.h.n_faq, 3);
    assert_string_equal(f.h.faq[0].question, "What is tech neck?");
    assert_string_equal(f.h.faq[0].answer, "A repetitive strain condition.");
    assert_string_equal(f.h.faq[1].question, "Can stretching reverse it?");
    assert_string_equal(f.h.faq[1].answer, "Rarely on its own.");
    /* Normalised to NFC. */
    assert_string_equal(f.h.faq[2].question, "Caf\xC3\xA9 or t\xC3\xA9le?");
    assert_string_equal(f.h.faq[2].answer, "Either.");
    release(&f);
}

static void test_take_single_question_and_faq_limit(void **state)
{
    (void)state;
    struct fx f = {0};
    f.limits = seo_limits_default();
    f.limits.max_faq_entries = 2;
    /* mainEntity as a single object. */
    assert_true(take(&f,
                     "{\"@type\": \"FAQPage\", \"mainEntity\": {\"@type\": \"Question\", \"name\": "
                     "\"Q1?\", \"acceptedAnswer\": {\"text\": \"A1.\"}}}",
                     1));
    assert_true(take(&f,
                     "[{\"@type\": \"Question\", \"name\": \"Q2?\", \"acceptedAnswer\": {\"text\": "
                     "\"A2.\"}}, {\"@type\": \"Question\", \"name\": \"Q3?\", \"acceptedAnswer\": "
                     "{\"text\": \"A3.\"}}]",
                     9));
    assert_int_equal(f.h.blocks, 2);
    assert_int_equal(f.h.n_faq, 2);
    assert_string_equal(f.h.faq[0].question, "Q1?");
    assert_string_equal(f.h.faq[1].question, "Q2?");
    release(&f);
}

static void test_take_graph(void **state)
{
    (void)state;
    /* The shape Yoast SEO emits: a @graph whose FAQPage refers to Question nodes by @id. */
    struct fx f = {0};
    assert_true(take(
        &f,
        "{\"@context\": \"https://schema.org\", \"@graph\": [\n"
        " {\"@type\": [\"WebPage\", \"FAQPage\"], \"@id\": \"https://example.com/winterize/\",\n"
        "  \"name\": \"How to Winterize a Sprinkler System\", \"datePublished\": "
        "\"2025-10-02T08:00:00+00:00\",\n"
        "  \"mainEntity\": [{\"@id\": \"#faq-question-1\"}, {\"@id\": \"#faq-question-2\"}]},\n"
        " {\"@type\": \"Person\", \"name\": \"Greenleaf\"},\n"
        " {\"@type\": \"Question\", \"@id\": \"#faq-question-1\", \"name\": \"When should I "
        "winterize my sprinkler system?\",\n"
        "  \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Before the first hard "
        "freeze.\"}},\n"
        " {\"@type\": \"Question\", \"@id\": \"#faq-question-2\", \"name\": \"Can I do it without "
        "an air compressor?\",\n"
        "  \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": \"Yes, with drain valves.\"}}\n"
        "]}",
        12));
    assert_int_equal(f.h.blocks, 1);
    assert_int_equal(f.h.n_faq, 2);
    assert_string_equal(f.h.faq[0].question, "When should I winterize my sprinkler system?");
    assert_string_equal(f.h.faq[0].answer, "Before the first hard freeze.");
    assert_string_equal(f.h.faq[1].question, "Can I do it without an air compressor?");
    assert_string_equal(f.h.faq[1].answer, "Yes, with drain valves.");
    assert_string_equal(f.h.date_published, "2025-10-02T08:00:00+00:00");
    assert_null(f.h.author_name);
    assert_int_equal(f.w.n, 0);
    release(&f);
}

static void test_take_nested_schema_block(void **state)
{
    (void)state;
    /* The output block of an AI writing tool (seed 000): meta fields plus nested schemas. */
    struct fx f = {0};
    assert_true(take(&f,
                     "{\"meta_title\": \"Sex Back Pain: 6 Expert Strategies for Intimacy in "
                     "2026\",\n"
                     " \"meta_description\": \"Learn how to manage sex back pain.\",\n"
                     " \"focus_keyword\": \"sex back pain\",\n"
                     " \"article_schema\": {\"@type\": \"Article\", \"headline\": \"Sex Back Pain: "
                     "6 Expert Strategies\", \"author\": {\"@type\": \"Organization\", \"name\": "
                     "\"Site editorial team\"}},\n"
                     " \"faq_schema\": {\"@type\": \"FAQPage\", \"mainEntity\": [{\"@type\": "
                     "\"Question\", \"name\": \"How can I prevent sex back pain during "
                     "intimacy?\", \"acceptedAnswer\": {\"@type\": \"Answer\", \"text\": "
                     "\"Prevention starts with a core routine.\"}}]}}",
                     110));
    assert_string_equal(f.h.meta_title, "Sex Back Pain: 6 Expert Strategies for Intimacy in 2026");
    assert_string_equal(f.h.meta_description, "Learn how to manage sex back pain.");
    assert_string_equal(f.h.focus_keyword, "sex back pain");
    assert_string_equal(f.h.headline, "Sex Back Pain: 6 Expert Strategies");
    assert_string_equal(f.h.author_name, "Site editorial team");
    assert_string_equal(f.h.author_type, "Organization");
    assert_null(f.h.author_url);
    assert_int_equal(f.h.n_faq, 1);
    assert_string_equal(f.h.faq[0].question, "How can I prevent sex back pain during intimacy?");
    assert_string_equal(f.h.faq[0].answer, "Prevention starts with a core routine.");
    release(&f);
}

static void test_take_empty_values_warned(void **state)
{
    (void)state;
    struct fx f = {0};
    assert_true(
        take(&f,
             "{\"@type\": \"Article\", \"headline\": \"Tech Neck\", \"datePublished\": \"\","
             " \"dateModified\": \"  \", \"author\": {\"@type\": \"Person\", \"name\": "
             "\"\", \"url\": \"https://example.com/nobody\"}}",
             1));
    assert_string_equal(f.h.headline, "Tech Neck");
    assert_null(f.h.date_published);
    assert_null(f.h.date_modified);
    assert_null(f.h.author_name);
    assert_null(f.h.author_url);
    assert_null(f.h.author_type);
    assert_int_equal(f.w.n, 3);
    assert_string_equal(f.w.items[0].code, "embedded_empty_value");
    assert_string_equal(f.w.items[0].message,
                        "the embedded Article has an empty \"datePublished\"; it was ignored");
    assert_string_equal(f.w.items[1].code, "embedded_empty_value");
    assert_string_equal(f.w.items[1].message,
                        "the embedded Article has an empty \"dateModified\"; it was ignored");
    assert_string_equal(f.w.items[2].code, "embedded_empty_value");
    assert_string_equal(f.w.items[2].message,
                        "the embedded author has an empty \"name\"; it was ignored");
    release(&f);
}

static void test_take_empty_author_string_warned(void **state)
{
    (void)state;
    /* "author": "" is as empty as "author": {"name": ""}: ignored and reported. */
    struct fx f = {0};
    assert_true(
        take(&f, "{\"@type\": \"Article\", \"headline\": \"Tech Neck\", \"author\": \"\"}", 1));
    assert_null(f.h.author_name);
    assert_int_equal(f.w.n, 1);
    assert_string_equal(f.w.items[0].code, "embedded_empty_value");
    release(&f);
}

static void test_take_repaired_block(void **state)
{
    (void)state;
    struct fx f = {0};
    assert_true(take(&f,
                     "{\n" LQ "@context" RQ ": " LQ "https://schema.org" RQ ",\n" LQ "@type" RQ
                     ": " LQ "Article" RQ ",\n" LQ "headline" RQ ": " LQ
                     "Effective Strategies for Managing Sex Back Pain" RQ ",\n" LQ
                     "datePublished" RQ ": " LQ RQ ",\n}",
                     3));
    assert_int_equal(f.h.blocks, 1);
    assert_string_equal(f.h.headline, "Effective Strategies for Managing Sex Back Pain");
    assert_null(f.h.date_published);
    assert_int_equal(f.w.n, 2);
    assert_string_equal(f.w.items[0].code, "embedded_json_repaired");
    assert_string_equal(f.w.items[0].message,
                        "the embedded JSON block at line 3 of the body was not valid JSON "
                        "(typographic quotes or similar damage) and was repaired");
    assert_string_equal(f.w.items[1].code, "embedded_empty_value");
    release(&f);
}

static void test_take_unreadable_block(void **state)
{
    (void)state;
    struct fx f = {0};
    const char *s = "{" LQ "@type" RQ ": " LQ "Article" RQ ", " LQ "headline" RQ ": }";
    assert_false(take(&f, s, 7));
    assert_int_equal(f.h.blocks, 0);
    assert_null(f.h.headline);
    assert_int_equal(f.w.n, 1);
    assert_string_equal(f.w.items[0].code, "embedded_json_unreadable");
    char want[256];
    snprintf(want, sizeof(want),
             "the embedded JSON block at line 7 of the body (%zu bytes) was removed from the text "
             "but could not be read even after repair: embedded JSON is not valid JSON at line 1, "
             "column 34: ",
             strlen(s));
    if (strncmp(f.w.items[0].message, want, strlen(want)) != 0)
        fail_msg("got \"%s\"\nwant prefix \"%s\"", f.w.items[0].message, want);
    release(&f);
}

static void test_absorb_parsed_value(void **state)
{
    (void)state;
    struct seo_hints h = {0};
    struct seo_warnings w = {0};
    json_error_t je;
    json_t *v = json_loads("{\"@type\": \"MedicalWebPage\", \"headline\": \"Back Pain and Sex\", "
                           "\"jsonld\": {\"@type\": \"Question\", \"name\": \"When should you call "
                           "for help?\", \"acceptedAnswer\": \"Watch closely for changes.\"}}",
                           0, &je);
    assert_non_null(v);
    seo_jsonld_absorb(&h, v, 200, &w);
    json_decref(v);
    assert_int_equal(h.blocks, 0); /* only take_block counts blocks */
    assert_string_equal(h.headline, "Back Pain and Sex");
    assert_int_equal(h.n_faq, 1);
    assert_string_equal(h.faq[0].question, "When should you call for help?");
    assert_string_equal(h.faq[0].answer, "Watch closely for changes.");
    assert_int_equal(w.n, 0);

    /* Values that are not objects are ignored. */
    seo_jsonld_absorb(&h, NULL, 200, &w);
    v = json_pack("[i, s, n]", 1, "x");
    seo_jsonld_absorb(&h, v, 200, &w);
    json_decref(v);
    assert_int_equal(h.n_faq, 1);
    seo_hints_free(&h);
    seo_hints_free(&h);
    seo_hints_free(NULL);
    seo_warnings_free(&w);
}

/* ---- seo_jsonld_strip ---- */

struct stripped {
    struct seo_hints h;
    struct seo_warnings w;
    struct seo_buf prose;
};

static void strip(struct stripped *r, const char *body, size_t len)
{
    struct seo_limits limits = seo_limits_default();
    memset(r, 0, sizeof(*r));
    seo_jsonld_strip(body, len, &r->h, &limits, &r->w, &r->prose);
}

static void strip_free(struct stripped *r)
{
    seo_hints_free(&r->h);
    seo_warnings_free(&r->w);
    seo_buf_free(&r->prose);
}

static void expect_prose(const struct stripped *r, const char *want)
{
    const char *got = r->prose.data ? r->prose.data : "";
    if (strcmp(got, want) != 0)
        fail_msg("prose\n got [%s]\nwant [%s]", got, want);
}

static void test_strip_concatenated_blocks(void **state)
{
    (void)state;
    const char *body =
        "{\n" LQ "@type" RQ ": " LQ "Article" RQ ",\n" LQ "headline" RQ ": " LQ "Tech Neck" RQ
        "\n}{\n" LQ "@type" RQ ": " LQ "FAQPage" RQ ",\n" LQ "mainEntity" RQ ": [{" LQ "@type" RQ
        ": " LQ "Question" RQ ", " LQ "name" RQ ": " LQ "What is tech neck?" RQ ", " LQ
        "acceptedAnswer" RQ ": {" LQ "text" RQ ": " LQ "A strain condition." RQ "}}]\n}\n"
        "\n"
        "Tech Neck\n"
        "\n"
        "Screens pull the head forward.\n";
    struct stripped r;
    strip(&r, body, strlen(body));
    expect_prose(&r, "\n\n\nTech Neck\n\nScreens pull the head forward.\n");
    assert_int_equal(r.h.blocks, 2);
    assert_string_equal(r.h.headline, "Tech Neck");
    assert_int_equal(r.h.n_faq, 1);
    assert_string_equal(r.h.faq[0].question, "What is tech neck?");
    assert_int_equal(r.w.n, 2);
    assert_string_equal(r.w.items[0].message,
                        "the embedded JSON block at line 1 of the body was not valid JSON "
                        "(typographic quotes or similar damage) and was repaired");
    assert_string_equal(r.w.items[1].message,
                        "the embedded JSON block at line 4 of the body was not valid JSON "
                        "(typographic quotes or similar damage) and was repaired");
    strip_free(&r);
}

static void test_strip_marker_lines(void **state)
{
    (void)state;
    const char *body = "Which professionals treat it?\n"
                       "\n"
                       "An integrated team.\n"
                       "\n"
                       "===SCHEMA_JSON_START===\n"
                       "{\"meta_title\": \"Sex Back Pain: 6 Expert Strategies\",\n"
                       " \"focus_keyword\": \"sex back pain\"}\n"
                       "===SCHEMA_JSON_END===\n"
                       "Thanks for reading.\n";
    struct stripped r;
    strip(&r, body, strlen(body));
    expect_prose(&r, "Which professionals treat it?\n\nAn integrated team.\n\n\n\nThanks for "
                     "reading.\n");
    assert_int_equal(r.h.blocks, 1);
    assert_string_equal(r.h.meta_title, "Sex Back Pain: 6 Expert Strategies");
    assert_string_equal(r.h.focus_keyword, "sex back pain");
    assert_int_equal(r.w.n, 0);
    strip_free(&r);
}

static void test_strip_keeps_prose_around_blocks(void **state)
{
    (void)state;
    const char *body = "Intro line with {braces} in it.\n"
                       "  {\"@type\": \"Article\", \"headline\": \"Heat Pumps\"} Words after the "
                       "block.\n"
                       "Last line without newline";
    struct stripped r;
    strip(&r, body, strlen(body));
    expect_prose(&r, "Intro line with {braces} in it.\nWords after the block.\n\nLast line without "
                     "newline");
    assert_int_equal(r.h.blocks, 1);
    assert_string_equal(r.h.headline, "Heat Pumps");
    strip_free(&r);
}

static void test_strip_unbalanced_block_is_prose(void **state)
{
    (void)state;
    const char *body = "{\n" LQ "@type" RQ ": " LQ "Article" RQ ",\n" LQ "headline" RQ ": " LQ
                       "Broken" RQ "\n\nReal paragraph.\n";
    struct stripped r;
    strip(&r, body, strlen(body));
    expect_prose(&r, body);
    assert_int_equal(r.h.blocks, 0);
    assert_null(r.h.headline);
    assert_int_equal(r.w.n, 0);
    strip_free(&r);
}

static void test_strip_unreadable_block_removed(void **state)
{
    (void)state;
    const char *body = "Intro.\n{ this is {not} json }\nAfter.\n";
    struct stripped r;
    strip(&r, body, strlen(body));
    expect_prose(&r, "Intro.\n\n\nAfter.\n");
    assert_int_equal(r.h.blocks, 0);
    assert_int_equal(r.w.n, 1);
    assert_string_equal(r.w.items[0].code, "embedded_json_unreadable");
    const char *want = "the embedded JSON block at line 2 of the body (22 bytes) was removed from "
                       "the text but could not be read even after repair: ";
    assert_int_equal(strncmp(r.w.items[0].message, want, strlen(want)), 0);
    strip_free(&r);
}

static void test_strip_inch_mark_inside_typographic_string(void **state)
{
    (void)state;
    /* A lone ASCII " (inches) inside a “…” string must not hide the end of the block: repair
     * escapes it, so the block is readable and has to be taken out of the prose. */
    const char *body = "{\n" LQ "@type" RQ ": " LQ "Article" RQ ",\n" LQ "headline" RQ ": " LQ
                       "How to Season a 12\" Cast Iron Skillet" RQ "\n}\n"
                       "\n"
                       "How to Season a 12\" Cast Iron Skillet\n";
    struct stripped r;
    strip(&r, body, strlen(body));
    expect_prose(&r, "\n\n\nHow to Season a 12\" Cast Iron Skillet\n");
    assert_int_equal(r.h.blocks, 1);
    assert_non_null(r.h.headline);
    assert_string_equal(r.h.headline, "How to Season a 12\" Cast Iron Skillet");
    strip_free(&r);
}

/*
 * A fenced ```json block is taken out whole, fence lines too: the Markdown
 * reader then finds no empty code block to report as unreadable, and a plain
 * text body keeps no ``` lines as headings or paragraphs.
 */
static void test_strip_fenced_json_block(void **state)
{
    (void)state;
    const char *body = "# Caring for orchids\n"
                       "\n"
                       "Orchids need bright light.\n"
                       "\n"
                       "```json\n"
                       "{\"@context\":\"https://schema.org\",\"@type\":\"Article\","
                       "\"headline\":\"Caring for orchids\",\"author\":{\"@type\":\"Person\","
                       "\"name\":\"Ann Lee\"}}\n"
                       "```\n"
                       "\n"
                       "More text about repotting.\n"
                       "\n"
                       "~~~~ js\n"
                       "{\"a\": 1}\n"
                       "var x = 1;\n"
                       "~~~~\n";
    struct stripped r;
    strip(&r, body, strlen(body));
    /* The JSON fence is gone; a fence holding more than a block keeps its lines but the block. */
    expect_prose(&r, "# Caring for orchids\n\nOrchids need bright light.\n\n\n\nMore text "
                     "about repotting.\n\n~~~~ js\n\n\nvar x = 1;\n~~~~\n");
    assert_int_equal(r.h.blocks, 2);
    assert_string_equal(r.h.author_name, "Ann Lee");
    assert_int_equal(r.w.n, 0);
    strip_free(&r);

    /* Through the whole pipeline, as Markdown and as plain text: read once, no warning. */
    static const enum seo_format formats[] = {SEO_FORMAT_MARKDOWN, SEO_FORMAT_TEXT};
    for (size_t f = 0; f < 2; f++) {
        struct seo_options opts = seo_options_default();
        opts.format = formats[f];
        struct seo_result res;
        struct seo_error err;
        const char *md = "# Caring for orchids\n\nOrchids need bright indirect light and careful "
                         "watering.\n\n```json\n{\"@context\":\"https://schema.org\",\"@type\":"
                         "\"Article\",\"author\":{\"@type\":\"Person\",\"name\":\"Ann Lee\"}}"
                         "\n```\n\nMore text about orchid care and repotting.\n";
        assert_int_equal(seo_generate(md, strlen(md), &opts, &res, &err), SEO_OK);
        for (size_t i = 0; i < res.warnings.n; i++)
            if (strstr(res.warnings.items[i].code, "embedded_json"))
                fail_msg("%s: warning %s: %s", seo_format_name(formats[f]),
                         res.warnings.items[i].code, res.warnings.items[i].message);
        assert_int_equal(res.hints.blocks, 1);
        assert_string_equal(res.hints.author_name, "Ann Lee");
        for (size_t b = 0; b < res.doc.n_blocks; b++)
            assert_null(strstr(res.doc.blocks[b].content.text, "```"));
        seo_result_free(&res);
    }
}

static void test_strip_seed_000(void **state)
{
    (void)state;
    size_t len;
    char *body = read_fixture("seed-000-sex-back-pain.txt", &len);
    struct stripped r;
    strip(&r, body, len);

    assert_int_equal(r.h.blocks, 3);
    assert_string_equal(r.h.headline,
                        "Effective Strategies for Managing Sex Back Pain and Enhancing Intimacy");
    assert_string_equal(r.h.meta_title, "Sex Back Pain: 6 Expert Strategies for Intimacy in 2026");
    assert_string_equal(r.h.focus_keyword, "sex back pain");
    /* Five questions in the first FAQPage and the same five in the SCHEMA block. */
    assert_int_equal(r.h.n_faq, 10);
    assert_string_equal(r.h.faq[0].question, "How can I prevent sex back pain during intimacy?");
    assert_int_equal(strncmp(r.h.faq[0].answer,
                             "Prevention starts with a dedicated core-stabilization routine", 61),
                     0);
    assert_string_equal(r.h.faq[4].question,
                        "Which medical professionals treat sexual dysfunction related to spinal "
                        "health?");
    assert_string_equal(r.h.faq[9].question, r.h.faq[4].question);

    static const struct {
        const char *code, *message;
    } want[] = {
        {"embedded_json_repaired", "the embedded JSON block at line 1 of the body was not valid "
                                   "JSON (typographic quotes or similar damage) and was repaired"},
        {"embedded_empty_value",
         "the embedded Article has an empty \"datePublished\"; it was ignored"},
        {"embedded_empty_value", "the embedded author has an empty \"name\"; it was ignored"},
        {"embedded_json_repaired", "the embedded JSON block at line 10 of the body was not valid "
                                   "JSON (typographic quotes or similar damage) and was repaired"},
        {"embedded_json_repaired", "the embedded JSON block at line 110 of the body was not valid "
                                   "JSON (typographic quotes or similar damage) and was repaired"},
    };
    assert_int_equal(r.w.n, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(r.w.items[i].code, want[i].code);
        assert_string_equal(r.w.items[i].message, want[i].message);
    }

    /* The prose starts with the visible title and holds nothing of the blocks or markers. */
    const char *p = r.prose.data;
    const char *title = "\n\n\nEffective Strategies for Managing Sex Back Pain and Enhancing "
                        "Intimacy\n\nPhysical discomfort";
    assert_int_equal(strncmp(p, title, strlen(title)), 0);
    assert_null(strstr(p, LQ "@type" RQ));
    assert_null(strstr(p, LQ "text" RQ ":"));
    assert_null(strstr(p, "SCHEMA_JSON"));
    assert_null(strstr(p, "meta_title"));
    assert_null(strstr(p, "@type"));
    assert_null(strchr(p, '{'));
    const char *last = "for the best possible outcome.\n\n";
    const char *end = strstr(p, last);
    assert_non_null(end);
    end += strlen(last);
    assert_int_equal(strspn(end, "\n"), strlen(end));
    strip_free(&r);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repair_typographic_delimiters),
        cmocka_unit_test(test_repair_keeps_typographic_quotes_inside_strings),
        cmocka_unit_test(test_repair_quoted_terms_inside_string),
        cmocka_unit_test(test_repair_escapes_ascii_quotes_inside_strings),
        cmocka_unit_test(test_repair_trailing_commas),
        cmocka_unit_test(test_repair_raw_control_characters),
        cmocka_unit_test(test_repair_leaves_valid_json_alone),
        cmocka_unit_test(test_repair_appends),
        cmocka_unit_test(test_take_article_facts),
        cmocka_unit_test(test_take_faqpage),
        cmocka_unit_test(test_take_single_question_and_faq_limit),
        cmocka_unit_test(test_take_graph),
        cmocka_unit_test(test_take_nested_schema_block),
        cmocka_unit_test(test_take_empty_values_warned),
        cmocka_unit_test(test_take_empty_author_string_warned),
        cmocka_unit_test(test_take_repaired_block),
        cmocka_unit_test(test_take_unreadable_block),
        cmocka_unit_test(test_absorb_parsed_value),
        cmocka_unit_test(test_strip_concatenated_blocks),
        cmocka_unit_test(test_strip_marker_lines),
        cmocka_unit_test(test_strip_keeps_prose_around_blocks),
        cmocka_unit_test(test_strip_unbalanced_block_is_prose),
        cmocka_unit_test(test_strip_unreadable_block_removed),
        cmocka_unit_test(test_strip_inch_mark_inside_typographic_string),
        cmocka_unit_test(test_strip_fenced_json_block),
        cmocka_unit_test(test_strip_seed_000),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
