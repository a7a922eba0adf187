/*
 * Tests service/core/pipeline.c end to end on the real-world fixtures in
 * tests/fixtures/, against the expectations written down in
 * tests/fixtures/EXPECTED.md: title, language, and the exact FAQ questions.
 */
#include "seopipe.h"

#include "fixture.h"
#include "meta.h"
#include "schema.h"
#include "width.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define MAX_Q 8

struct expectation {
    const char *fixture;
    const char *title;
    const char *language;
    size_t n_faq;
    const char *questions[MAX_Q];
    const char *sources[MAX_Q];
};

static const struct expectation expected[] = {
    {"seed-000-sex-back-pain.txt",
     "Effective Strategies for Managing Sex Back Pain and Enhancing Intimacy",
     "en",
     5,
     {"How can I prevent sex back pain during intimacy?",
      "What are the best positions for lower back issues?",
      "Why does my back hurt specifically after intercourse?",
      "Can psychological stress worsen physical pain during sex?",
      "Which medical professionals treat sexual dysfunction related to spinal health?"},
     {"heading", "heading", "heading", "heading", "heading"}},
    {"seed-004-care-instructions.txt",
     "Back Pain and Sex: Care Instructions",
     "en",
     2,
     {"How can you care for yourself at home?", "When should you call for help?"},
     {"heading", "heading"}},
    {"markdown-knee-exercises.md",
     "7 Knee Strengthening Exercises You Can Do at Home",
     "en",
     4,
     {"How often should I do knee strengthening exercises?",
      "Which exercises should I avoid if my knees hurt?",
      "Can strengthening exercises help with arthritis?", "When will I notice a difference?"},
     {"faq_section", "faq_section", "faq_section", "faq_section"}},
    {"wordpress-faq-block.html",
     "How to Winterize a Sprinkler System in 5 Steps",
     "en",
     3,
     {"When should I winterize my sprinkler system?",
      "Can I winterize a sprinkler system without an air compressor?",
      "What happens if you don\xE2\x80\x99t winterize your sprinklers?"},
     {"faq_section", "faq_section", "faq_section"}},
    {"no-questions.txt", "How to Keep a Sourdough Starter Healthy", "en", 0, {NULL}, {NULL}},
    {"toc-questions.html",
     "Heat Pumps Explained: A Homeowner\xE2\x80\x99s Guide",
     "en",
     4,
     {"What is a heat pump?", "How does a heat pump work in cold weather?",
      "How much does it cost to run a heat pump?", "Do heat pumps need a backup heating system?"},
     {"heading", "heading", "heading", "heading"}},
    {"toc-questions.txt",
     "Home Composting for Beginners: Your Questions Answered",
     "en",
     4,
     {"What can I put in my compost bin?", "How long does it take to make compost?",
      "Why does my compost smell bad?", "Do I need to turn my compost?"},
     {"heading", "heading", "heading", "heading"}},
    {"windows-crlf.txt",
     "How to Clean and Season a Cast Iron Skillet",
     "en",
     2,
     {"Can you use soap on cast iron?", "How do you remove rust from a cast iron pan?"},
     {"heading", "heading"}},
    {"german-ratgeber.md",
     "Balkonkraftwerk anmelden: Was Mieter und Eigent\xC3\xBCmer 2026 wissen m\xC3\xBCssen",
     "de",
     3,
     {"Muss ich mein Balkonkraftwerk beim Netzbetreiber anmelden?",
      "Darf ich als Mieter ein Balkonkraftwerk installieren?",
      "Wie gro\xC3\x9F darf ein Balkonkraftwerk sein?"},
     {"faq_section", "faq_section", "faq_section"}},
    {"french-article.txt",
     "R\xC3\xA9ussir sa p\xC3\xA2te \xC3\xA0 cr\xC3\xAApes : la recette inratable de la Chandeleur",
     "fr",
     2,
     {"Pourquoi faut-il laisser reposer la p\xC3\xA2te \xC3\xA0 cr\xC3\xAApes\xC2\xA0?",
      "Peut-on pr\xC3\xA9parer la p\xC3\xA2te \xC3\xA0 cr\xC3\xAApes la veille\xE2\x80\xAF?"},
     {"heading", "heading"}},
    {"strapi-draft.json",
     "Snake Plant Care: How to Keep Sansevieria Thriving",
     "en",
     3,
     {"How often should I water a snake plant?",
      "Why are the leaves on my snake plant turning yellow?",
      "Is a snake plant toxic to cats and dogs?"},
     {"heading", "heading", "draft"}},
    {"checklist-and-questions.md",
     "Hiking the Lost Lake Loop: A Complete Day-Hike Guide",
     "en",
     3,
     {"How long is the hike?", "Are dogs allowed on the trail?",
      "Is there snow on the trail in June?"},
     {"question_line", "question_line", "question_line"}},
    {"ai-draft-embedded-jsonld.txt",
     "Tech Neck: How Screen Habits Cause Neck Pain and What to Do About It",
     "en",
     4,
     {"What is tech neck and how does it develop?",
      "How should I set up my laptop to avoid neck pain?",
      "Can stretching really reverse tech neck?",
      "When should I see a doctor about neck pain from screen use?"},
     {"heading", "heading", "heading", "heading"}},
    {"ai-draft-ascii-jsonld.txt",
     "Effective Strategies for Managing Sex Back Pain and Enhancing Intimacy",
     "en",
     5,
     {"How can I prevent sex back pain during intimacy?",
      "What are the best positions for lower back issues?",
      "Why does my back hurt specifically after intercourse?",
      "Can psychological stress worsen physical pain during sex?",
      "Which medical professionals treat sexual dysfunction related to spinal health?"},
     {"heading", "heading", "heading", "heading", "heading"}},
    {"scraped-nav-cruft.html",
     "Bulky waste collection",
     "en",
     2,
     {"How do I book a bulky waste collection?", "What items can't you collect?"},
     {"heading", "heading"}},
};

static void run(const char *fixture, struct seo_result *r)
{
    size_t len;
    char *input = read_fixture(fixture, &len);
    struct seo_options opts = seo_options_default();
    struct seo_error err;
    if (seo_generate(input, len, &opts, r, &err) != SEO_OK)
        fail_msg("%s: %s", fixture, err.message);
    free(input);
}

/* No string anywhere in the rendered result is empty. */
static void assert_no_empty_strings(const char *json)
{
    assert_null(strstr(json, "\"\""));
}

static void fixtures_match_expectations(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        const struct expectation *e = &expected[i];
        struct seo_result r;
        run(e->fixture, &r);
        if (!r.doc.title || strcmp(r.doc.title, e->title) != 0)
            fail_msg("%s: title \"%s\", expected \"%s\"", e->fixture,
                     r.doc.title ? r.doc.title : "(none)", e->title);
        if (strcmp(r.doc.language, e->language) != 0)
            fail_msg("%s: language %s, expected %s", e->fixture, r.doc.language, e->language);
        if (r.faq.n != e->n_faq)
            fail_msg("%s: %zu FAQ entries, expected %zu", e->fixture, r.faq.n, e->n_faq);
        for (size_t q = 0; q < e->n_faq; q++) {
            if (strcmp(r.faq.items[q].question, e->questions[q]) != 0)
                fail_msg("%s: question %zu is \"%s\", expected \"%s\"", e->fixture, q,
                         r.faq.items[q].question, e->questions[q]);
            if (strcmp(r.faq.items[q].source, e->sources[q]) != 0)
                fail_msg("%s: question %zu source %s, expected %s", e->fixture, q,
                         r.faq.items[q].source, e->sources[q]);
            assert_true(strlen(r.faq.items[q].answer_text) > 20);
        }
        char *json = seo_result_json(&r);
        assert_no_empty_strings(json);
        free(json);
        seo_result_free(&r);
    }
}

static const struct seo_faq_entry *find(const struct seo_result *r, const char *question)
{
    for (size_t i = 0; i < r->faq.n; i++)
        if (strcmp(r->faq.items[i].question, question) == 0)
            return &r->faq.items[i];
    fail_msg("no FAQ entry \"%s\"", question);
    return NULL;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void answers_keep_structure(void **state)
{
    (void)state;
    struct seo_result r;
    run("seed-004-care-instructions.txt", &r);
    const struct seo_faq_entry *e = find(&r, "How can you care for yourself at home?");
    assert_int_equal(count(e->answer, "<li>"), 6);
    assert_true(strncmp(e->answer, "<ul><li>Learn which sexual positions", 36) == 0);
    e = find(&r, "When should you call for help?");
    assert_string_equal(e->answer,
                        "Watch closely for changes in your health, and be sure to contact "
                        "your doctor if you have any problems.");
    seo_result_free(&r);

    run("markdown-knee-exercises.md", &r);
    e = find(&r, "Which exercises should I avoid if my knees hurt?");
    assert_int_equal(count(e->answer, "<li>"), 4);
    assert_int_equal(count(e->answer, "<p>"), 2);
    e = find(&r, "Can strengthening exercises help with arthritis?");
    assert_non_null(strstr(e->answer, "<strong>exercise is a first-line treatment</strong>"));
    assert_non_null(strstr(e->answer, "<a href=\"https://example.org/x\">"));
    assert_non_null(strstr(e->answer, "<em>"));
    e = find(&r, "When will I notice a difference?");
    assert_null(strstr(e->answer, "Related")); /* the thematic break ends the answer */
    seo_result_free(&r);

    run("scraped-nav-cruft.html", &r);
    e = find(&r, "What items can't you collect?");
    assert_int_equal(count(e->answer, "<li>"), 5);
    assert_null(strstr(e->answer_text, "Last updated"));
    assert_null(strstr(e->answer_text, "useful"));
    seo_result_free(&r);

    run("toc-questions.html", &r);
    assert_int_equal(count(find(&r, "How does a heat pump work in cold weather?")->answer, "<p>"),
                     3);
    seo_result_free(&r);
}

static void seed_000_embedded_blocks(void **state)
{
    (void)state;
    struct seo_result r;
    run("seed-000-sex-back-pain.txt", &r);
    assert_int_equal(r.hints.blocks, 3);
    assert_string_equal(r.hints.focus_keyword, "sex back pain");
    assert_string_equal(r.hints.date_published, "2026-01-01");
    assert_string_equal(r.hints.author_name, "Site editorial team");
    /* The embedded FAQ matches the visible one: every entry is visible, each once. */
    for (size_t i = 0; i < r.faq.n; i++)
        assert_true(r.faq.items[i].visible);
    /* None of the embedded JSON reached the prose. */
    for (size_t b = 0; b < r.doc.n_blocks; b++) {
        const char *t = r.doc.blocks[b].content.text;
        if (t) {
            assert_null(strstr(t, "@context"));
            assert_null(strstr(t, "SCHEMA_JSON"));
        }
    }
    assert_int_equal(r.doc.n_blocks, 25); /* 12 headings + 8 article paragraphs + 5 answers */
    seo_result_free(&r);
}

/* Issue 3's proof on seed 000: the package keeps the rules and repairs the seed's own blocks. */
static void seed_000_package(void **state)
{
    (void)state;
    struct seo_result r;
    run("seed-000-sex-back-pain.txt", &r);
    assert_string_equal(r.focus_keyword, "sex back pain");
    assert_non_null(strstr(r.meta_title, "Sex Back Pain"));
    assert_true(seo_meta_chars(r.meta_title) <= 60);
    assert_true(seo_width_px(r.meta_title, strlen(r.meta_title)) <= 600.0);
    assert_non_null(strstr(r.meta_description, "sex back pain"));
    size_t chars = seo_meta_chars(r.meta_description);
    assert_true(chars >= 121 && chars <= 156);
    json_t *graph = json_object_get(r.jsonld, "@graph");
    size_t questions = 0, i;
    json_t *node;
    json_array_foreach(graph, i, node)
    {
        questions += json_is_string(json_object_get(node, "@type")) &&
                     strcmp(json_string_value(json_object_get(node, "@type")), "Question") == 0;
        /* The seed's own Article had "datePublished": "" and "author": {"name": ""}. */
        json_t *published = json_object_get(node, "datePublished");
        if (published)
            assert_true(json_string_length(published) > 0);
    }
    assert_int_equal(questions, 5);
    assert_null(r.faq_html); /* every entry is visible */
    json_t *author = json_object_get(r.article_schema, "author");
    if (author)
        assert_true(json_string_length(json_object_get(author, "name")) > 0);
    seo_result_free(&r);
}

static void draft_only_faq_is_flagged(void **state)
{
    (void)state;
    struct seo_result r;
    run("strapi-draft.json", &r);
    const struct seo_faq_entry *e = find(&r, "Is a snake plant toxic to cats and dogs?");
    assert_false(e->visible);
    size_t warned = 0;
    for (size_t i = 0; i < r.warnings.n; i++)
        warned += strcmp(r.warnings.items[i].code, "faq_not_visible") == 0;
    assert_int_equal(warned, 1);
    /* The not-visible entry comes with a ready-to-paste section holding all three. */
    assert_non_null(r.faq_html);
    assert_int_equal(count(r.faq_html, "<h3>"), 3);
    assert_non_null(strstr(r.faq_html, "Is a snake plant toxic to cats and dogs?"));
    /* The body's wording and answer win over draft.faq[0]. */
    e = find(&r, "How often should I water a snake plant?");
    assert_string_equal(e->source, "heading");
    assert_true(strncmp(e->answer_text, "Water only when the soil has dried out completely", 49) ==
                0);
    seo_result_free(&r);
}

static void bad_inputs_are_refused(void **state)
{
    (void)state;
    struct seo_result r;
    struct seo_error err;
    struct seo_options opts = seo_options_default();
    size_t len;
    char *input = read_fixture("bad-json.json", &len);
    assert_int_equal(seo_generate(input, len, &opts, &r, &err), SEO_ERR_SYNTAX);
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 22);
    assert_int_equal(err.offset, 99);
    free(input);
    input = read_fixture("wrong-type.json", &len);
    assert_int_equal(seo_generate(input, len, &opts, &r, &err), SEO_ERR_TYPE);
    assert_string_equal(err.field, "/tags");
    free(input);
    assert_int_equal(seo_generate("   \n\n ", 6, &opts, &r, &err), SEO_ERR_UNUSABLE);
}

static enum seo_status read_draft(const char *json, struct seo_result *r)
{
    struct seo_options opts = seo_options_default();
    struct seo_error err;
    enum seo_status st = seo_read(json, strlen(json), &opts, r, &err);
    if (st != SEO_OK)
        fail_msg("seo_read: %s", err.message);
    return st;
}

static void build(struct seo_result *r)
{
    struct seo_options opts = seo_options_default();
    struct seo_error err;
    if (seo_build(r, &opts, &err) != SEO_OK)
        fail_msg("seo_build: %s", err.message);
}

static size_t warnings_with(const struct seo_result *r, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < r->warnings.n; i++)
        n += strcmp(r->warnings.items[i].code, code) == 0;
    return n;
}

static const char source_draft[] =
    "{\"title\":\"Watering a snake plant\",\"url\":\"https://ex.org/snake-plant/\","
    "\"faq_sources\":[\"https://ex.org/faq\"],"
    "\"body\":\"Snake plants need little water. Let the soil dry out completely between "
    "waterings.\\n\\n## How often should I water a snake plant?\\n\\nEvery two to three weeks "
    "in summer, once a month in winter.\\n\"}";

static void sources_merge_with_dedup(void **state)
{
    (void)state;
    json_error_t jerr;
    json_t *entries = json_loads(
        "[{\"question\":\"How often should I WATER a snake plant\",\"answer\":\"Weekly.\"},"
        "{\"question\":\" Is a snake plant toxic to cats? \",\"answer\":"
        "\"<p>Mildly: it can upset their stomach.</p><script>x()</script>\"},"
        "{\"question\":\"No answer\"}, 7]",
        0, &jerr);
    assert_non_null(entries);
    struct seo_result plain, r;
    read_draft(source_draft, &plain);
    read_draft(source_draft, &r);
    seo_result_add_source(&r, "https://ex.org/faq", entries, NULL);
    /* The cache key changes with the remote data, and only with it. */
    assert_string_not_equal(plain.content_hash, r.content_hash);
    struct seo_result again;
    read_draft(source_draft, &again);
    seo_result_add_source(&again, "https://ex.org/faq", entries, NULL);
    assert_string_equal(again.content_hash, r.content_hash);
    seo_result_free(&again);
    build(&r);
    /* The body's own entry wins over the remote duplicate; the new one keeps its URL. */
    assert_int_equal(r.faq.n, 2);
    assert_string_equal(r.faq.items[0].source, "heading");
    assert_null(r.faq.items[0].source_url);
    assert_string_equal(r.faq.items[1].question, "Is a snake plant toxic to cats?");
    assert_string_equal(r.faq.items[1].answer, "Mildly: it can upset their stomach.");
    assert_string_equal(r.faq.items[1].source_url, "https://ex.org/faq");
    assert_false(r.faq.items[1].visible);
    /* Not visible: a warning naming the URL, and the ready-to-paste block holding both. */
    assert_int_equal(warnings_with(&r, "faq_not_visible"), 1);
    assert_non_null(r.faq_html);
    assert_int_equal(count(r.faq_html, "<h3>"), 2);
    assert_non_null(strstr(r.faq_html, "<h3>Is a snake plant toxic to cats?</h3>"));
    /* In the package: source is the URL; the schema carries the remote question. */
    char *json = seo_result_json(&r);
    assert_non_null(strstr(json, "\"source\": \"https://ex.org/faq\""));
    assert_non_null(strstr(json, "\"name\": \"Is a snake plant toxic to cats?\""));
    free(json);
    seo_result_free(&r);
    seo_result_free(&plain);
    json_decref(entries);
}

static void failed_source_warns(void **state)
{
    (void)state;
    struct seo_result plain, a, b;
    read_draft(source_draft, &plain);
    read_draft(source_draft, &a);
    read_draft(source_draft, &b);
    seo_result_add_source(&a, "https://ex.org/faq", NULL, "timeout");
    seo_result_add_source(&b, "https://ex.org/faq", NULL, "HTTP 404");
    assert_string_not_equal(plain.content_hash, a.content_hash);
    assert_string_not_equal(a.content_hash, b.content_hash);
    build(&b);
    assert_int_equal(b.faq.n, 1);
    assert_int_equal(warnings_with(&b, "faq_source_failed"), 1);
    for (size_t i = 0; i < b.warnings.n; i++)
        if (strcmp(b.warnings.items[i].code, "faq_source_failed") == 0)
            assert_string_equal(b.warnings.items[i].message,
                                "FAQ source https://ex.org/faq could not be used (HTTP 404); the "
                                "FAQ is built without it");
    assert_null(b.faq_html);
    seo_result_free(&plain);
    seo_result_free(&a);
    seo_result_free(&b);
}

static void source_entries_count_toward_the_limit(void **state)
{
    (void)state;
    json_t *entries = json_array();
    for (int i = 0; i < 5; i++) {
        char q[32];
        snprintf(q, sizeof(q), "Remote question %d?", i);
        json_array_append_new(entries, json_pack("{s:s,s:s}", "question", q, "answer", "Yes."));
    }
    struct seo_options opts = seo_options_default();
    opts.limits.max_faq_entries = 3;
    struct seo_result r;
    struct seo_error err;
    assert_int_equal(seo_read(source_draft, strlen(source_draft), &opts, &r, &err), SEO_OK);
    seo_result_add_source(&r, "https://ex.org/faq", entries, NULL);
    assert_int_equal(seo_build(&r, &opts, &err), SEO_OK);
    assert_int_equal(r.faq.n, 3);
    assert_int_equal(warnings_with(&r, "faq_truncated"), 1);
    seo_result_free(&r);
    json_decref(entries);
}

static void existing_seo_package(void **state)
{
    (void)state;
    const char *in =
        "{\"title\":\"Watering a snake plant\",\"url\":\"https://ex.org/snake-plant/\","
        "\"faq\":[{\"question\":\"Can I use tap water?\",\"answer\":\"Yes, left to stand "
        "overnight.\"}],"
        "\"body\":\"Snake plants need little water. Let the soil dry out completely between "
        "waterings so the roots never sit in wet soil, and water less in winter.\","
        "\"existing_seo\":{\"meta_title\":\"Snake plants | Old Site\",\"canonical\":"
        "\"https://ex.org/snake-plant/\",\"focus_keyword\":\"Snake Plant\",\"jsonld\":{"
        "\"@context\":\"https://schema.org\",\"@graph\":[{\"@type\":[\"WebPage\","
        "\"FAQPage\"]}]}}}";
    struct seo_result r;
    read_draft(in, &r);
    build(&r);
    /* The page already has an FAQPage: none of ours, but the FAQ and its visible block stay. */
    assert_null(r.faq_schema);
    assert_int_equal(warnings_with(&r, "faq_schema_already_present"), 1);
    assert_int_equal(r.faq.n, 1);
    assert_non_null(r.faq_html);
    char *graph = json_dumps(r.jsonld, JSON_COMPACT);
    assert_null(strstr(graph, "FAQPage"));
    assert_null(strstr(graph, "Question"));
    assert_null(strstr(graph, "mainEntity\""));
    free(graph);
    char *json = seo_result_json_indent(&r, 0);
    json_error_t jerr;
    json_t *root = json_loads(json, 0, &jerr);
    json_t *e = json_object_get(root, "existing_seo");
    assert_non_null(e);
    assert_string_equal(json_string_value(json_object_get(e, "meta_title")),
                        "Snake plants | Old Site");
    assert_true(json_is_true(json_object_get(e, "faq_schema_present")));
    char *types = json_dumps(json_object_get(e, "schema_types"), JSON_COMPACT);
    assert_string_equal(types, "[\"WebPage\",\"FAQPage\"]");
    free(types);
    assert_true(json_is_null(json_object_get(root, "faq_schema")));
    /* Ours differ in title and description (the CMS had none); the canonical is the same. */
    json_t *changes = json_object_get(e, "changes");
    char *c = json_dumps(changes, JSON_COMPACT);
    if (strcmp(r.focus_keyword ? r.focus_keyword : "", "snake plant") == 0)
        assert_string_equal(c, "[\"meta_title\",\"meta_description\"]");
    else
        assert_string_equal(c, "[\"meta_title\",\"meta_description\",\"focus_keyword\"]");
    free(c);
    json_decref(root);
    free(json);
    /* Without existing_seo the package has no such field and keeps its FAQPage. */
    struct seo_result plain;
    read_draft(source_draft, &plain);
    assert_string_not_equal(plain.content_hash, r.content_hash);
    build(&plain);
    assert_non_null(plain.faq_schema);
    json = seo_result_json(&plain);
    assert_null(strstr(json, "existing_seo"));
    free(json);
    seo_result_free(&plain);
    seo_result_free(&r);
}

/* Generates `input` with default options; fails the test on an error. */
static void generate(const char *input, struct seo_result *r)
{
    struct seo_options opts = seo_options_default();
    struct seo_error err;
    if (seo_generate(input, strlen(input), &opts, r, &err) != SEO_OK)
        fail_msg("seo_generate: %s", err.message);
}

/*
 * A page whose H1 is followed only by navigation links keeps its H1 as the
 * title (the links go as boilerplate): a title-only package, not exit 2
 * "no title and an empty body". A boilerplate H1 is still no title.
 */
static void h1_over_links_is_the_title(void **state)
{
    (void)state;
    static const char *const pages[] = {
        "# Gardening Tools\n\n[Spades](http://x/spades) [Rakes](http://x/rakes)\n",
        "<html><body><h1>Gardening Tools</h1><p><a href=\"/spades\">Spades</a> | "
        "<a href=\"/rakes\">Rakes</a></p></body></html>",
    };
    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        struct seo_result r;
        generate(pages[i], &r);
        assert_non_null(r.doc.title);
        assert_string_equal(r.doc.title, "Gardening Tools");
        assert_int_equal(r.doc.n_blocks, 0);
        assert_int_equal(warnings_with(&r, "no_meta_description"), 1);
        seo_result_free(&r);
    }
    /* A boilerplate H1 is no title; the next H1 is. */
    struct seo_result r;
    generate("# Skip to content\n\n# Pruning Roses\n\nCut above an outward-facing bud in late "
             "winter, when the plant is dormant.\n",
             &r);
    assert_string_equal(r.doc.title, "Pruning Roses");
    seo_result_free(&r);
}

/*
 * {sections} counts the article's own H2 sections: not question headings, not
 * FAQ entries, not the heading over an FAQ section. Seed 000 has 12 H2s, 5
 * of them its FAQ questions.
 */
static void sections_are_the_articles_own(void **state)
{
    (void)state;
    struct seo_site site = {.id = "s", .name = "Spine Clinic", .separator = "|"};
    site.title_templates[0] = "{sections} Ways to Ease Sex Back Pain";
    site.n_title_templates = 1;
    struct seo_options opts = seo_options_default();
    opts.sites = &site;
    opts.n_sites = 1;
    size_t len;
    char *input = read_fixture("seed-000-sex-back-pain.txt", &len);
    struct seo_result r;
    struct seo_error err;
    if (seo_generate(input, len, &opts, &r, &err) != SEO_OK)
        fail_msg("seed 000: %s", err.message);
    free(input);
    assert_string_equal(r.meta_title, "7 Ways to Ease Sex Back Pain");
    seo_result_free(&r);

    site.title_templates[0] = "Pruning Roses in {sections} Steps";
    const char *md =
        "# Pruning Roses\n\nPrune roses in late winter while the plants are dormant.\n\n"
        "## Tools you need\n\nSharp bypass secateurs and thick gloves.\n\n"
        "## Where to cut\n\nCut just above an outward-facing bud.\n\n"
        "## Frequently asked questions\n\n### Can I prune in summer?\n\nOnly to deadhead.\n\n"
        "## Do roses need pruning every year?\n\nYes, to keep them flowering well.\n";
    if (seo_generate(md, strlen(md), &opts, &r, &err) != SEO_OK)
        fail_msg("roses: %s", err.message);
    assert_string_equal(r.meta_title, "Pruning Roses in 2 Steps");
    seo_result_free(&r);
}

/* Generates `input` for `site` (NULL: none), which must outlive the result. */
static void generate_on(const struct seo_site *site, const char *input, struct seo_result *r)
{
    struct seo_options opts = seo_options_default();
    opts.sites = site;
    opts.n_sites = site ? 1 : 0;
    struct seo_error err;
    if (seo_generate(input, strlen(input), &opts, r, &err) != SEO_OK)
        fail_msg("seo_generate: %s", err.message);
}

/* The language the graph states, as head_html and the graph write it. */
static void assert_graph_language(const struct seo_result *r, const char *want)
{
    char lang[16];
    seo_schema_language(r, lang);
    assert_string_equal(lang, want);
    char *graph = json_dumps(r->jsonld, JSON_COMPACT);
    char needle[64];
    snprintf(needle, sizeof(needle), "\"inLanguage\":\"%s\"", want);
    assert_non_null(strstr(graph, needle));
    free(graph);
}

static const char english_draft[] =
    "{\"title\":\"Watering a snake plant\",\"body\":\"Snake plants need very little water. Let "
    "the soil dry out completely between waterings, and water even less in winter when the plant "
    "rests.\"}";

/*
 * One language for stemming, stop words, the analysis and the graph: the
 * draft's locale, else the site's language, else the detected one. A text
 * that clearly reads otherwise than its site's language is flagged.
 */
static void one_language_for_analysis_and_graph(void **state)
{
    (void)state;
    struct seo_site fr = {.id = "fr", .name = "Jardin", .language = "fr-FR"};
    struct seo_result r;
    /* An English draft on a French site without a locale: French throughout, and flagged. */
    generate_on(&fr, english_draft, &r);
    assert_string_equal(r.doc.language, "fr");
    assert_graph_language(&r, "fr-FR");
    assert_int_equal(warnings_with(&r, "language_mismatch"), 1);
    assert_int_equal(warnings_with(&r, "language_uncertain"), 0);
    seo_result_free(&r);

    /* The draft's locale wins over the site's, for the analysis as for the graph. */
    static const char with_locale[] =
        "{\"title\":\"Watering a snake plant\",\"locale\":\"en-GB\",\"body\":\"Snake plants need "
        "very little water. Let the soil dry out completely between waterings.\"}";
    generate_on(&fr, with_locale, &r);
    assert_string_equal(r.doc.language, "en");
    assert_graph_language(&r, "en-GB");
    assert_int_equal(warnings_with(&r, "language_mismatch"), 0);
    seo_result_free(&r);

    /* A French draft on the French site: no warning. */
    static const char french[] =
        "{\"title\":\"Arroser une sansevière\",\"body\":\"La sansevière a besoin de très peu "
        "d'eau. Laissez la terre sécher complètement entre deux arrosages, et arrosez encore moins "
        "en hiver, quand la plante se repose.\"}";
    generate_on(&fr, french, &r);
    assert_string_equal(r.doc.language, "fr");
    assert_int_equal(warnings_with(&r, "language_mismatch"), 0);
    seo_result_free(&r);

    /* Without a site: the detected language, for the graph too. */
    generate_on(NULL, english_draft, &r);
    assert_string_equal(r.doc.language, "en");
    assert_graph_language(&r, "en");
    assert_int_equal(warnings_with(&r, "language_uncertain"), 0);
    seo_result_free(&r);
}

/*
 * A text in a language without a stop-word list is no confident guess: the
 * site's language, else English with a warning. A Hungarian draft, which
 * used to read as Italian or Portuguese, is Hungarian: stemmer, stop words
 * (no "a" or "az" in its keyword) and graph.
 */
static void uncertain_language_falls_back(void **state)
{
    (void)state;
    static const char czech[] =
        "{\"title\":\"Jak zalévat tchynin jazyk\",\"body\":\"Tchynin jazyk potřebuje jen velmi "
        "málo vody. Mezi zaléváním nechte půdu úplně vyschnout a v zimě, kdy rostlina odpočívá, "
        "zalévejte ještě méně.\"}";
    struct seo_site cs = {.id = "cs", .name = "Zahrada", .language = "cs-CZ"};
    struct seo_result r;
    generate_on(NULL, czech, &r);
    assert_string_equal(r.doc.language, "en");
    assert_int_equal(warnings_with(&r, "language_uncertain"), 1);
    seo_result_free(&r);
    generate_on(&cs, czech, &r);
    assert_string_equal(r.doc.language, "cs");
    assert_graph_language(&r, "cs-CZ");
    assert_int_equal(warnings_with(&r, "language_uncertain"), 0);
    assert_int_equal(warnings_with(&r, "language_mismatch"), 0);
    seo_result_free(&r);

    static const char hungarian[] =
        "Hogyan gondozzuk a szobanövényeket télen\n\nA szobanövények télen kevesebb vizet "
        "igényelnek, mert lassabban nőnek. A fűtés miatt a levegő száraz, ezért érdemes a "
        "leveleket rendszeresen permetezni. Ne tegyük a cserepeket közvetlenül a radiátor mellé, "
        "mert a túl meleg levegő károsítja a leveleket.\n\nA legtöbb növénynek elég kéthetente "
        "egyszer vizet adni. Ha a föld felső rétege még nedves, várjunk a locsolással.\n";
    generate_on(NULL, hungarian, &r);
    assert_string_equal(r.doc.language, "hu");
    assert_graph_language(&r, "hu");
    assert_int_equal(warnings_with(&r, "language_uncertain"), 0);
    assert_non_null(r.focus_keyword);
    assert_null(strstr(r.focus_keyword, "a "));
    assert_non_null(strstr(r.focus_keyword, "szobanöv"));
    seo_result_free(&r);
}

static void output_is_deterministic(void **state)
{
    (void)state;
    struct seo_result a, b;
    run("wordpress-faq-block.html", &a);
    run("wordpress-faq-block.html", &b);
    char *ja = seo_result_json(&a), *jb = seo_result_json(&b);
    assert_string_equal(ja, jb);
    free(ja);
    free(jb);
    seo_result_free(&a);
    seo_result_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixtures_match_expectations),
        cmocka_unit_test(answers_keep_structure),
        cmocka_unit_test(seed_000_embedded_blocks),
        cmocka_unit_test(seed_000_package),
        cmocka_unit_test(draft_only_faq_is_flagged),
        cmocka_unit_test(bad_inputs_are_refused),
        cmocka_unit_test(output_is_deterministic),
        cmocka_unit_test(h1_over_links_is_the_title),
        cmocka_unit_test(sections_are_the_articles_own),
        cmocka_unit_test(one_language_for_analysis_and_graph),
        cmocka_unit_test(uncertain_language_falls_back),
        cmocka_unit_test(sources_merge_with_dedup),
        cmocka_unit_test(failed_source_warns),
        cmocka_unit_test(source_entries_count_toward_the_limit),
        cmocka_unit_test(existing_seo_package),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
