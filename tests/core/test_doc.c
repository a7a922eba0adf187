/* Unit tests for service/core/doc.c. */
#include "doc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NO_ITEM ((size_t)-1)

/* ---- limits, init, warnings ---- */

static void test_limits_default(void **state)
{
    (void)state;
    struct seo_limits l = seo_limits_default();
    assert_int_equal(l.max_body_bytes, 1024 * 1024);
    assert_int_equal(l.max_faq_entries, 200);
    assert_int_equal(l.max_paragraphs, 20000);
    assert_int_equal(l.max_depth, 64);
}

static void test_init_and_free(void **state)
{
    (void)state;
    struct seo_document doc;
    memset(&doc, 0xAB, sizeof(doc));
    seo_doc_init(&doc, NULL);
    assert_null(doc.title);
    assert_string_equal(doc.language, "en");
    assert_int_equal(doc.n_blocks, 0);
    assert_int_equal(doc.n_sentences, 0);
    assert_int_equal(doc.word_count, 0);
    assert_int_equal(doc.max_blocks, 20000);
    assert_false(doc.list_open);
    seo_doc_free(&doc);
    seo_doc_free(&doc); /* twice is harmless */
    seo_doc_free(NULL);

    struct seo_limits l = seo_limits_default();
    l.max_paragraphs = 7;
    seo_doc_init(&doc, &l);
    assert_int_equal(doc.max_blocks, 7);
    seo_doc_free(&doc);
}

static void test_warnings(void **state)
{
    (void)state;
    struct seo_warnings w = {0};
    seo_warn(&w, "embedded_empty_value", "the embedded %s has an empty \"%s\"; it was ignored",
             "Article", "datePublished");
    seo_warn(&w, "no_title", "no title");
    assert_int_equal(w.n, 2);
    assert_string_equal(w.items[0].code, "embedded_empty_value");
    assert_string_equal(w.items[0].message,
                        "the embedded Article has an empty \"datePublished\"; it was ignored");
    assert_string_equal(w.items[1].code, "no_title");
    assert_string_equal(w.items[1].message, "no title");
    seo_warnings_free(&w);
    assert_int_equal(w.n, 0);
    assert_null(w.items);
    seo_warnings_free(&w);
}

/* ---- builders ---- */

static void test_heading_and_paragraph(void **state)
{
    (void)state;
    struct seo_document doc;
    struct seo_error err = {0};
    seo_doc_init(&doc, NULL);
    assert_int_equal(
        seo_doc_heading(&doc, 2, "  Why   does\tmy back\nhurt\r\nafter sex?  ", NULL, &err),
        SEO_OK);
    assert_int_equal(
        seo_doc_paragraph(&doc, "Use a <firm> mattress & \"supportive\" cushions.", NULL, &err),
        SEO_OK);
    assert_int_equal(doc.n_blocks, 2);
    assert_int_equal(doc.blocks[0].type, SEO_BLOCK_HEADING);
    assert_int_equal(doc.blocks[0].level, 2);
    assert_string_equal(doc.blocks[0].content.text, "Why does my back hurt after sex?");
    assert_string_equal(doc.blocks[0].content.html, "Why does my back hurt after sex?");
    assert_int_equal(doc.blocks[1].type, SEO_BLOCK_PARAGRAPH);
    assert_string_equal(doc.blocks[1].content.text,
                        "Use a <firm> mattress & \"supportive\" cushions.");
    assert_string_equal(doc.blocks[1].content.html,
                        "Use a &lt;firm&gt; mattress &amp; &quot;supportive&quot; cushions.");
    seo_doc_free(&doc);
}

static void test_builder_html_is_copied(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    char text[] = "Exercise is a first-line treatment.";
    char html[] = "<strong>Exercise</strong> is a first-line treatment.";
    assert_int_equal(seo_doc_paragraph(&doc, text, html, NULL), SEO_OK);
    /* The caller keeps ownership: changing its copies changes nothing in the document. */
    text[0] = 'X';
    html[1] = 'X';
    assert_string_equal(doc.blocks[0].content.text, "Exercise is a first-line treatment.");
    assert_string_equal(doc.blocks[0].content.html,
                        "<strong>Exercise</strong> is a first-line treatment.");
    seo_doc_free(&doc);
}

static void test_heading_level_clamped(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_doc_heading(&doc, 0, "Zero", NULL, NULL), SEO_OK);
    assert_int_equal(seo_doc_heading(&doc, -3, "Negative", NULL, NULL), SEO_OK);
    assert_int_equal(seo_doc_heading(&doc, 9, "Nine", NULL, NULL), SEO_OK);
    assert_int_equal(seo_doc_heading(&doc, 4, "Four", NULL, NULL), SEO_OK);
    assert_int_equal(doc.blocks[0].level, 1);
    assert_int_equal(doc.blocks[1].level, 1);
    assert_int_equal(doc.blocks[2].level, 6);
    assert_int_equal(doc.blocks[3].level, 4);
    seo_doc_free(&doc);
}

static void test_empty_text_adds_nothing(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_doc_heading(&doc, 2, "", NULL, NULL), SEO_OK);
    assert_int_equal(seo_doc_heading(&doc, 2, NULL, NULL, NULL), SEO_OK);
    assert_int_equal(seo_doc_paragraph(&doc, " \t\r\n ", "<br>", NULL), SEO_OK);
    assert_int_equal(seo_doc_paragraph(&doc, NULL, NULL, NULL), SEO_OK);
    assert_int_equal(doc.n_blocks, 0);
    seo_doc_free(&doc);
}

static void test_no_break_space_kept_in_text(void **state)
{
    (void)state;
    /* tests/fixtures/EXPECTED.md (french-article.txt): the no-break space French typography puts
     * before '?' is part of the verbatim question, byte for byte. A single NBSP between words is
     * not a run of white space to collapse. */
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_doc_heading(&doc, 2,
                                     "Pourquoi faut-il laisser reposer la p\xC3\xA2te \xC3\xA0 "
                                     "cr\xC3\xAApes\xC2\xA0?",
                                     NULL, NULL),
                     SEO_OK);
    assert_int_equal(
        seo_doc_heading(&doc, 2,
                        "Peut-on pr\xC3\xA9parer la p\xC3\xA2te \xC3\xA0 cr\xC3\xAApes la veille"
                        "\xE2\x80\xAF?",
                        NULL, NULL),
        SEO_OK);
    assert_string_equal(doc.blocks[0].content.text,
                        "Pourquoi faut-il laisser reposer la p\xC3\xA2te \xC3\xA0 cr\xC3\xAApes"
                        "\xC2\xA0?");
    assert_string_equal(doc.blocks[1].content.text,
                        "Peut-on pr\xC3\xA9parer la p\xC3\xA2te \xC3\xA0 cr\xC3\xAApes la veille"
                        "\xE2\x80\xAF?");
    seo_doc_free(&doc);
}

static void test_list_and_items(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_doc_list(&doc, false, NULL), SEO_OK);
    assert_true(doc.list_open);
    seo_doc_item(&doc, "deep squats and  lunges", NULL);
    seo_doc_item(&doc, "   ", NULL); /* blank: ignored */
    seo_doc_item(&doc, NULL, NULL);
    seo_doc_item(&doc, "kneeling on a hard floor", "kneeling on a <em>hard</em> floor");
    seo_doc_end_list(&doc);
    assert_false(doc.list_open);
    seo_doc_item(&doc, "after the list was closed", NULL); /* ignored */

    assert_int_equal(seo_doc_list(&doc, true, NULL), SEO_OK);
    seo_doc_item(&doc, "Turn off the water supply & drain the pipes.", NULL);
    /* A new block closes the list. */
    assert_int_equal(
        seo_doc_paragraph(&doc, "Most of these can be brought back later.", NULL, NULL), SEO_OK);
    assert_false(doc.list_open);
    seo_doc_item(&doc, "not an item of the ordered list", NULL);

    assert_int_equal(doc.n_blocks, 3);
    const struct seo_block *ul = &doc.blocks[0], *ol = &doc.blocks[1];
    assert_int_equal(ul->type, SEO_BLOCK_LIST);
    assert_false(ul->ordered);
    assert_int_equal(ul->n_items, 2);
    assert_string_equal(ul->items[0].text, "deep squats and lunges");
    assert_string_equal(ul->items[0].html, "deep squats and lunges");
    assert_string_equal(ul->items[1].text, "kneeling on a hard floor");
    assert_string_equal(ul->items[1].html, "kneeling on a <em>hard</em> floor");
    assert_int_equal(ol->type, SEO_BLOCK_LIST);
    assert_true(ol->ordered);
    assert_int_equal(ol->n_items, 1);
    assert_string_equal(ol->items[0].html, "Turn off the water supply &amp; drain the pipes.");
    assert_int_equal(seo_doc_count(&doc, SEO_BLOCK_LIST), 2);
    assert_int_equal(seo_doc_count(&doc, SEO_BLOCK_PARAGRAPH), 1);
    assert_int_equal(seo_doc_count(&doc, SEO_BLOCK_HEADING), 0);
    seo_doc_free(&doc);
}

static void test_empty_list_removed(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    seo_doc_heading(&doc, 2, "Trail at a Glance", NULL, NULL);
    seo_doc_list(&doc, false, NULL);
    seo_doc_item(&doc, "  ", NULL);
    seo_doc_end_list(&doc);
    assert_int_equal(doc.n_blocks, 1);
    assert_int_equal(doc.blocks[0].type, SEO_BLOCK_HEADING);
    seo_doc_end_list(&doc); /* nothing open: no effect */
    assert_int_equal(doc.n_blocks, 1);
    seo_doc_free(&doc);
}

static void test_rule(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_doc_rule(&doc, NULL), SEO_OK); /* never first */
    assert_int_equal(doc.n_blocks, 0);
    seo_doc_heading(&doc, 3, "When will I notice a difference?", NULL, NULL);
    seo_doc_paragraph(&doc, "Most people feel steadier within four to six weeks.", NULL, NULL);
    assert_int_equal(seo_doc_rule(&doc, NULL), SEO_OK);
    assert_int_equal(seo_doc_rule(&doc, NULL), SEO_OK); /* not twice in a row */
    seo_doc_paragraph(&doc, "This article is not medical advice.", NULL, NULL);
    assert_int_equal(seo_doc_rule(&doc, NULL), SEO_OK);
    assert_int_equal(doc.n_blocks, 5);
    assert_int_equal(doc.blocks[2].type, SEO_BLOCK_RULE);
    assert_string_equal(doc.blocks[2].content.text, "");
    assert_string_equal(doc.blocks[2].content.html, "");
    assert_int_equal(doc.blocks[4].type, SEO_BLOCK_RULE);
    assert_int_equal(seo_doc_count(&doc, SEO_BLOCK_RULE), 2);

    /* A rule closes an open list. */
    seo_doc_list(&doc, false, NULL);
    seo_doc_item(&doc, "one", NULL);
    seo_doc_rule(&doc, NULL);
    assert_false(doc.list_open);
    seo_doc_item(&doc, "two", NULL);
    assert_int_equal(doc.blocks[5].n_items, 1);
    seo_doc_free(&doc);
}

static void test_block_limit(void **state)
{
    (void)state;
    struct seo_limits l = seo_limits_default();
    l.max_paragraphs = 3;
    struct seo_document doc;
    struct seo_error err = {0};
    seo_doc_init(&doc, &l);
    assert_int_equal(seo_doc_heading(&doc, 2, "Everyday Cleaning", NULL, &err), SEO_OK);
    assert_int_equal(seo_doc_paragraph(&doc, "Clean the skillet while it is warm.", NULL, &err),
                     SEO_OK);
    assert_int_equal(seo_doc_list(&doc, false, &err), SEO_OK);
    seo_doc_item(&doc, "salt", NULL);

    assert_int_equal(seo_doc_paragraph(&doc, "One too many.", NULL, &err), SEO_ERR_LIMIT);
    assert_int_equal(err.status, SEO_ERR_LIMIT);
    assert_string_equal(err.field, "/body");
    assert_string_equal(err.message, "the body has more than 3 paragraphs, headings and lists");
    assert_int_equal(doc.n_blocks, 3);

    memset(&err, 0, sizeof(err));
    assert_int_equal(seo_doc_heading(&doc, 2, "Too many", NULL, &err), SEO_ERR_LIMIT);
    assert_int_equal(err.status, SEO_ERR_LIMIT);
    assert_int_equal(seo_doc_list(&doc, true, &err), SEO_ERR_LIMIT);
    assert_int_equal(seo_doc_rule(&doc, &err), SEO_ERR_LIMIT);
    assert_int_equal(seo_doc_paragraph(&doc, "no error buffer", NULL, NULL), SEO_ERR_LIMIT);
    /* Empty text adds nothing, so it cannot exceed the limit. */
    assert_int_equal(seo_doc_paragraph(&doc, "  ", NULL, &err), SEO_OK);
    assert_int_equal(doc.n_blocks, 3);
    /* The list that was open before the failure still holds its item. */
    assert_int_equal(doc.blocks[2].n_items, 1);
    seo_doc_free(&doc);
}

static void test_remove(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    seo_doc_paragraph(&doc, "Skip Navigation", NULL, NULL);
    seo_doc_heading(&doc, 2, "How can you care for yourself at home?", NULL, NULL);
    seo_doc_list(&doc, false, NULL);
    seo_doc_item(&doc, "Go slow.", NULL);
    seo_doc_item(&doc, "If it hurts, stop.", NULL);
    seo_doc_end_list(&doc);
    seo_doc_paragraph(&doc, "Go to", NULL, NULL);

    seo_doc_remove(&doc, 0);
    assert_int_equal(doc.n_blocks, 3);
    assert_string_equal(doc.blocks[0].content.text, "How can you care for yourself at home?");
    assert_int_equal(doc.blocks[1].type, SEO_BLOCK_LIST);
    assert_string_equal(doc.blocks[1].items[1].text, "If it hurts, stop.");

    seo_doc_remove(&doc, 3); /* out of range: no effect */
    seo_doc_remove(&doc, (size_t)-1);
    assert_int_equal(doc.n_blocks, 3);

    seo_doc_remove(&doc, 2); /* last */
    assert_int_equal(doc.n_blocks, 2);
    seo_doc_remove(&doc, 1); /* a list with items */
    assert_int_equal(doc.n_blocks, 1);
    assert_int_equal(doc.blocks[0].type, SEO_BLOCK_HEADING);
    seo_doc_remove(&doc, 0);
    assert_int_equal(doc.n_blocks, 0);
    seo_doc_free(&doc);
}

/* ---- sentences and words ---- */

/* Builds a document with one paragraph, finishes it and checks its sentences. */
static void check_sentences(const char *text, const char *const *want, size_t n_want)
{
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_doc_paragraph(&doc, text, NULL, NULL), SEO_OK);
    seo_doc_finish(&doc);
    const char *t = doc.blocks[0].content.text;
    for (size_t i = 0; i < doc.n_sentences && i < n_want; i++) {
        const struct seo_sentence *s = &doc.sentences[i];
        assert_int_equal(s->block, 0);
        assert_int_equal(s->item, NO_ITEM);
        if (s->len != strlen(want[i]) || memcmp(t + s->start, want[i], s->len) != 0)
            fail_msg("sentence %zu of \"%s\": got \"%.*s\", want \"%s\"", i, text, (int)s->len,
                     t + s->start, want[i]);
    }
    if (doc.n_sentences != n_want)
        fail_msg("\"%s\": got %zu sentences, want %zu", text, doc.n_sentences, n_want);
    seo_doc_free(&doc);
}

#define CHECK_SENTENCES(text, ...)                                                                 \
    do {                                                                                           \
        static const char *const want_[] = {__VA_ARGS__};                                          \
        check_sentences(text, want_, COUNT(want_));                                                \
    } while (0)

static void test_sentences_basic(void **state)
{
    (void)state;
    CHECK_SENTENCES("Clean the skillet while it is warm. Dry it completely! Is it rusty? Oil it.",
                    "Clean the skillet while it is warm.", "Dry it completely!", "Is it rusty?",
                    "Oil it.");
    CHECK_SENTENCES("No final full stop here", "No final full stop here");
    CHECK_SENTENCES("Wait\xE2\x80\xA6 Then stir again.", "Wait\xE2\x80\xA6", "Then stir again.");
    CHECK_SENTENCES("It was late... The heap had cooled.", "It was late...",
                    "The heap had cooled.");
    CHECK_SENTENCES("Really?! Yes.", "Really?!", "Yes.");
}

static void test_sentences_abbreviations(void **state)
{
    (void)state;
    CHECK_SENTENCES("Ask Dr. Smith about it. She knows.", "Ask Dr. Smith about it.", "She knows.");
    CHECK_SENTENCES("Ask a specialist, e.g. Dr. Patel, before you start. Then go slow.",
                    "Ask a specialist, e.g. Dr. Patel, before you start.", "Then go slow.");
    CHECK_SENTENCES("Compare brands, i.e. Lodge and Le Creuset, before you buy. Prices vary.",
                    "Compare brands, i.e. Lodge and Le Creuset, before you buy.", "Prices vary.");
    CHECK_SENTENCES("Mr. and Mrs. Okafor cook with it. See Fig. 3 for details.",
                    "Mr. and Mrs. Okafor cook with it.", "See Fig. 3 for details.");
    CHECK_SENTENCES("Written by J. R. Hartley. Published in 2026.", "Written by J. R. Hartley.",
                    "Published in 2026.");
    CHECK_SENTENCES("Die Leistung, z.B. 800 Watt, reicht. Mehr geht nicht.",
                    "Die Leistung, z.B. 800 Watt, reicht.", "Mehr geht nicht.");
    /* A full stop before a lower-case word does not end a sentence. */
    CHECK_SENTENCES("It costs approx. twelve euros a year. Fine.",
                    "It costs approx. twelve euros a year.", "Fine.");
}

static void test_sentences_abbreviation_after_other_space(void **state)
{
    (void)state;
    /* The word before a full stop starts after any white space, not only after ' '. */
    CHECK_SENTENCES("Ask\xC2\xA0"
                    "Dr. Smith first. Then rest.",
                    "Ask\xC2\xA0"
                    "Dr. Smith first.",
                    "Then rest.");
    CHECK_SENTENCES("Ask Mr.Dr. Smith. Then rest.", "Ask Mr.Dr.", "Smith.", "Then rest.");
    /* After a sentence ends, the next word starts the next sentence. */
    CHECK_SENTENCES("Rest. Dr. Lee agrees. Fine.", "Rest.", "Dr. Lee agrees.", "Fine.");
}

static void test_sentences_abbreviation_after_bracket(void **state)
{
    (void)state;
    /* An abbreviation is still one when it follows an opening bracket or quote. */
    CHECK_SENTENCES("Book a physiatrist (Dr. Patel runs our clinic) first. Then rest.",
                    "Book a physiatrist (Dr. Patel runs our clinic) first.", "Then rest.");
    CHECK_SENTENCES("Some pans need work (e.g. Old ones) before use. Check yours.",
                    "Some pans need work (e.g. Old ones) before use.", "Check yours.");
}

static void test_sentences_decimals(void **state)
{
    (void)state;
    CHECK_SENTENCES("The full loop is 13.8 km long. Most hikers finish in under 3.5 hours.",
                    "The full loop is 13.8 km long.", "Most hikers finish in under 3.5 hours.");
    CHECK_SENTENCES("Version 2.0.1 fixed it. Update now.", "Version 2.0.1 fixed it.",
                    "Update now.");
}

static void test_sentences_quotes_after_full_stop(void **state)
{
    (void)state;
    CHECK_SENTENCES("He called it \"tech neck.\" The name stuck.", "He called it \"tech neck.\"",
                    "The name stuck.");
    CHECK_SENTENCES("She said \xE2\x80\x9CStop.\xE2\x80\x9D Then she left.",
                    "She said \xE2\x80\x9CStop.\xE2\x80\x9D", "Then she left.");
    CHECK_SENTENCES("Rest it (overnight is best.) Then cook.", "Rest it (overnight is best.)",
                    "Then cook.");
    CHECK_SENTENCES("Is it done? \"Yes!\" Then serve.", "Is it done?", "\"Yes!\"", "Then serve.");
}

static void test_sentences_in_lists_not_headings(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    seo_doc_heading(&doc, 2, "Is there snow on the trail in June? Often.", NULL, NULL);
    seo_doc_list(&doc, false, NULL);
    seo_doc_item(&doc, "Pack water. Bring a map.", NULL);
    seo_doc_item(&doc, "Charge your phone", NULL);
    seo_doc_end_list(&doc);
    seo_doc_rule(&doc, NULL);
    seo_doc_paragraph(&doc, "Dogs are welcome on a leash.", NULL, NULL);
    seo_doc_finish(&doc);

    assert_int_equal(doc.n_sentences, 4);
    static const struct {
        size_t block, item, start, len;
    } want[] = {{1, 0, 0, 11}, {1, 0, 12, 12}, {1, 1, 0, 17}, {3, NO_ITEM, 0, 28}};
    for (size_t i = 0; i < COUNT(want); i++) {
        assert_int_equal(doc.sentences[i].block, want[i].block);
        assert_int_equal(doc.sentences[i].item, want[i].item);
        assert_int_equal(doc.sentences[i].start, want[i].start);
        assert_int_equal(doc.sentences[i].len, want[i].len);
    }
    /* Heading words count, the rule adds none: 9 + 5 + 3 + 6. */
    assert_int_equal(doc.word_count, 9 + 5 + 3 + 6);

    /* Finishing twice gives the same result. */
    seo_doc_finish(&doc);
    assert_int_equal(doc.n_sentences, 4);
    assert_int_equal(doc.word_count, 23);
    seo_doc_free(&doc);
}

static void test_word_count_hyphens_apostrophes(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    seo_doc_heading(&doc, 2, "What happens if you don\xE2\x80\x99t winterize?", NULL, NULL);
    seo_doc_paragraph(&doc,
                      "The best positions depend on whether you're flexion-intolerant or "
                      "extension-intolerant \xE2\x80\x94 it's that simple.",
                      NULL, NULL);
    seo_doc_finish(&doc);
    /* 6 + (the best positions depend on whether you're flexion-intolerant or
     * extension-intolerant it's that simple = 13) */
    assert_int_equal(doc.word_count, 6 + 13);
    assert_int_equal(doc.n_sentences, 1);
    seo_doc_free(&doc);
}

/* ---- inline builder ---- */

static void test_inline_collapses_and_escapes(void **state)
{
    (void)state;
    struct seo_inline_builder b = {0};
    seo_inline_text(&b, "  \n Read the ", 13);
    seo_inline_open(&b, "a", "https://example.org/guide?a=1&b=\"2\"");
    seo_inline_text(&b, "Arthritis Foundation's  exercise guide", 38);
    seo_inline_close(&b, "a");
    seo_inline_text(&b, " for 5 < 6 & more.\t\n ", 21);
    struct seo_inline in = seo_inline_take(&b);
    assert_string_equal(in.text,
                        "Read the Arthritis Foundation's exercise guide for 5 < 6 & more.");
    assert_string_equal(in.html,
                        "Read the <a href=\"https://example.org/guide?a=1&amp;b=&quot;2&quot;\">"
                        "Arthritis Foundation's exercise guide</a> for 5 &lt; 6 &amp; more.");
    seo_inline_free(&in);
    assert_null(in.text);
    assert_null(in.html);

    /* The builder is empty again after take. */
    assert_null(b.text.data);
    assert_null(b.html.data);
    assert_false(b.space);
}

static void test_inline_runs_of_space(void **state)
{
    (void)state;
    struct seo_inline_builder b = {0};
    /* Single spaces between words stay; runs, tabs, line breaks and a leading no-break space
     * become one space; no-break spaces inside the text and control characters are kept. */
    const char *s = "\xC2\xA0 a b  c\td \n e\xC2\xA0"
                    "f \xC2\xA0g \x01h i\"j\" < k ";
    seo_inline_text(&b, s, strlen(s));
    seo_inline_text(&b, "l m", 3);
    struct seo_inline in = seo_inline_take(&b);
    assert_string_equal(in.text, "a b c d e\xC2\xA0"
                                 "f \xC2\xA0g \x01h i\"j\" < k l m");
    assert_string_equal(in.html, "a b c d e\xC2\xA0"
                                 "f \xC2\xA0g \x01h i&quot;j&quot; &lt; k l m");
    seo_inline_free(&in);
}

static void test_inline_markup(void **state)
{
    (void)state;
    struct seo_inline_builder b = {0};
    seo_inline_open(&b, "strong", NULL);
    seo_inline_text(&b, "exercise is a first-line treatment", 34);
    seo_inline_close(&b, "strong");
    seo_inline_text(&b, " and ", 5);
    seo_inline_open(&b, "em", NULL);
    seo_inline_text(&b, "short routines", 14);
    seo_inline_close(&b, "em");
    seo_inline_text(&b, " win.", 5);
    struct seo_inline in = seo_inline_take(&b);
    assert_string_equal(in.text, "exercise is a first-line treatment and short routines win.");
    assert_string_equal(in.html, "<strong>exercise is a first-line treatment</strong> and "
                                 "<em>short routines</em> win.");
    seo_inline_free(&in);
}

/* Links keep only hrefs a browser cannot run: http, https, mailto and relative ones. */
static void test_inline_href_schemes(void **state)
{
    (void)state;
    static const char *const refused[] = {
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " \x01javascript:x",
        "java\tscript:x",      "java\nscript:x",      "vbscript:x",
        "data:text/html,<b>",  "file:///etc/passwd",  ""};
    static const char *const kept[] = {"https://example.org/a?b=1",
                                       "http://e.org",
                                       "mailto:a@b.org",
                                       "/relative/path",
                                       "../up",
                                       "#frag",
                                       "?q=1",
                                       "page.html"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        assert_false(seo_href_allowed(refused[i], strlen(refused[i])));
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
        assert_true(seo_href_allowed(kept[i], strlen(kept[i])));
    struct seo_inline_builder b = {0};
    seo_inline_open(&b, "a", "javascript:alert(document.cookie)");
    seo_inline_text(&b, "click", 5);
    seo_inline_close(&b, "a");
    struct seo_inline in = seo_inline_take(&b);
    assert_string_equal(in.html, "<a>click</a>");
    seo_inline_free(&in);
}

static void test_inline_break(void **state)
{
    (void)state;
    struct seo_inline_builder b = {0};
    seo_inline_break(&b); /* nothing before it: dropped */
    seo_inline_text(&b, "Northbridge Borough Council", 27);
    seo_inline_break(&b);
    seo_inline_text(&b, "Town Hall", 9);
    struct seo_inline in = seo_inline_take(&b);
    assert_string_equal(in.text, "Northbridge Borough Council Town Hall");
    /* The plain text needs the space; the HTML does not after a <br>. */
    assert_string_equal(in.html, "Northbridge Borough Council<br>Town Hall");
    seo_inline_free(&in);
}

static void test_inline_empty(void **state)
{
    (void)state;
    struct seo_inline_builder b = {0};
    seo_inline_text(&b, " \t\r\n", 4);
    struct seo_inline in = seo_inline_take(&b);
    assert_string_equal(in.text, "");
    assert_string_equal(in.html, "");
    seo_inline_free(&in);
}

static void test_inline_no_break_space_only_is_empty(void **state)
{
    (void)state;
    /* WordPress and Word emit <p>&nbsp;</p> as spacers: there is no text in them. No-break
     * spaces are kept between words, but the renditions are trimmed. */
    struct seo_inline_builder b = {0};
    seo_inline_text(&b, " \xC2\xA0\t", 4);
    struct seo_inline in = seo_inline_take(&b);
    assert_string_equal(in.text, "");
    assert_string_equal(in.html, "");
    seo_inline_free(&in);

    seo_inline_text(&b,
                    "\xC2\xA0"
                    "Caf\xC3\xA9 cr\xC3\xA8me\xC2\xA0",
                    16);
    in = seo_inline_take(&b);
    assert_string_equal(in.text, "Caf\xC3\xA9 cr\xC3\xA8me");
    assert_string_equal(in.html, "Caf\xC3\xA9 cr\xC3\xA8me");
    seo_inline_free(&in);
}

static void test_no_break_space_only_paragraph_adds_nothing(void **state)
{
    (void)state;
    /* "Empty text adds nothing": a spacer paragraph must not become a block (it would become
     * an FAQ answer made of one no-break space). */
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_doc_heading(&doc, 2, "What is a heat pump?", NULL, NULL), SEO_OK);
    assert_int_equal(seo_doc_paragraph(&doc, "\xC2\xA0", "&nbsp;", NULL), SEO_OK);
    assert_int_equal(seo_doc_paragraph(&doc, " \xE2\x80\xAF \xC2\xA0 ", NULL, NULL), SEO_OK);
    seo_doc_list(&doc, false, NULL);
    seo_doc_item(&doc, "\xC2\xA0", NULL);
    seo_doc_end_list(&doc);
    assert_int_equal(doc.n_blocks, 1);
    seo_doc_free(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limits_default),
        cmocka_unit_test(test_init_and_free),
        cmocka_unit_test(test_inline_href_schemes),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_heading_and_paragraph),
        cmocka_unit_test(test_builder_html_is_copied),
        cmocka_unit_test(test_heading_level_clamped),
        cmocka_unit_test(test_empty_text_adds_nothing),
        cmocka_unit_test(test_no_break_space_kept_in_text),
        cmocka_unit_test(test_list_and_items),
        cmocka_unit_test(test_empty_list_removed),
        cmocka_unit_test(test_rule),
        cmocka_unit_test(test_block_limit),
        cmocka_unit_test(test_remove),
        cmocka_unit_test(test_sentences_basic),
        cmocka_unit_test(test_sentences_abbreviations),
        cmocka_unit_test(test_sentences_abbreviation_after_other_space),
        cmocka_unit_test(test_sentences_abbreviation_after_bracket),
        cmocka_unit_test(test_sentences_decimals),
        cmocka_unit_test(test_sentences_quotes_after_full_stop),
        cmocka_unit_test(test_sentences_in_lists_not_headings),
        cmocka_unit_test(test_word_count_hyphens_apostrophes),
        cmocka_unit_test(test_inline_collapses_and_escapes),
        cmocka_unit_test(test_inline_runs_of_space),
        cmocka_unit_test(test_inline_markup),
        cmocka_unit_test(test_inline_break),
        cmocka_unit_test(test_inline_empty),
        cmocka_unit_test(test_inline_no_break_space_only_is_empty),
        cmocka_unit_test(test_no_break_space_only_paragraph_adds_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
