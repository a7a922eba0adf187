/* Tests service/core/faq.c: what is and is not an FAQ entry, answers, merging, limits. */
#include "faq.h"

#include "plaintext.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

struct run {
    struct seo_document doc;
    struct seo_draft draft;
    struct seo_hints hints;
    struct seo_faq faq;
    struct seo_warnings w;
    struct seo_limits limits;
};

/* Builds a document from plain text (one stage, no title choice) and extracts the FAQ. */
static void extract(struct run *r, const char *text)
{
    r->limits = seo_limits_default();
    seo_doc_init(&r->doc, &r->limits);
    assert_int_equal(seo_plaintext_parse(text, strlen(text), &r->doc, NULL), SEO_OK);
    seo_doc_finish(&r->doc);
    seo_faq_extract(&r->draft, &r->doc, &r->hints, NULL, 0, &r->limits, &r->faq, &r->w);
}

static void release(struct run *r)
{
    seo_doc_free(&r->doc);
    seo_draft_free(&r->draft);
    seo_hints_free(&r->hints);
    seo_faq_free(&r->faq);
    seo_warnings_free(&r->w);
}

static void questions_need_answers(void **state)
{
    (void)state;
    struct run r = {0};
    /* A question inside a paragraph continues the answer; a question followed by a
     * question has no answer. */
    extract(&r,
            "What is a heat pump?\n\nA device that moves heat.\n\n"
            "Why does this matter? Because bread rises best when fed. It also tastes better.\n\n"
            "Is this a question without an answer?\n\n"
            "How much does it cost?\n\n- about 10 cents an hour\n- less at night\n");
    assert_int_equal(r.faq.n, 2);
    assert_string_equal(r.faq.items[0].question, "What is a heat pump?");
    assert_string_equal(
        r.faq.items[0].answer,
        "<p>A device that moves heat.</p><p>Why does this matter? Because bread rises "
        "best when fed. It also tastes better.</p>");
    assert_string_equal(r.faq.items[0].source, "heading");
    assert_true(r.faq.items[0].visible);
    assert_string_equal(r.faq.items[1].question, "How much does it cost?");
    assert_string_equal(r.faq.items[1].answer,
                        "<ul><li>about 10 cents an hour</li><li>less at night</li></ul>");
    assert_string_equal(r.faq.items[1].answer_text, "about 10 cents an hour\nless at night");
    release(&r);
}

static void table_of_contents_is_not_faq(void **state)
{
    (void)state;
    struct run r = {0};
    extract(&r, "Contents\nWhat can I compost?\nHow long does it take?\n\n"
                "What can I compost?\n\nGreens and browns, in equal measure by volume.\n\n"
                "How long does it take?\n\nTwo months to two years, depending on the heap.\n");
    assert_int_equal(r.faq.n, 2);
    assert_string_equal(r.faq.items[0].answer_text,
                        "Greens and browns, in equal measure by volume.");
    assert_string_equal(r.faq.items[1].answer_text,
                        "Two months to two years, depending on the heap.");
    release(&r);
}

static void checklists_and_rules(void **state)
{
    (void)state;
    struct run r = {0};
    extract(&r, "Packing list\n\n- Did you pack water?\n- Is your phone charged?\n\n"
                "Are dogs allowed?\n\nYes, on a leash.\n\n---\n\nRelated: other trails.\n");
    assert_int_equal(r.faq.n, 1);
    assert_string_equal(r.faq.items[0].question, "Are dogs allowed?");
    assert_string_equal(r.faq.items[0].answer, "Yes, on a leash.");
    release(&r);
}

static void faq_sections_and_prefixes(void **state)
{
    (void)state;
    struct run r = {0};
    r.limits = seo_limits_default();
    seo_doc_init(&r.doc, &r.limits);
    seo_doc_heading(&r.doc, 2, "Frequently Asked Questions", NULL, NULL);
    seo_doc_heading(&r.doc, 3, "Delivery times", NULL, NULL); /* no '?' but inside the section */
    seo_doc_paragraph(&r.doc, "Two to three working days.", NULL, NULL);
    seo_doc_paragraph(&r.doc, "Q: Can I return an item", NULL, NULL);
    seo_doc_paragraph(&r.doc, "A: Yes, within 30 days.", NULL, NULL);
    seo_doc_heading(&r.doc, 2, "About us", NULL, NULL);
    seo_doc_heading(&r.doc, 3, "Our story", NULL, NULL); /* outside the section: not a question */
    seo_doc_paragraph(&r.doc, "Founded in 1999.", NULL, NULL);
    seo_doc_finish(&r.doc);
    seo_faq_extract(&r.draft, &r.doc, &r.hints, NULL, 0, &r.limits, &r.faq, &r.w);
    assert_int_equal(r.faq.n, 2);
    assert_string_equal(r.faq.items[0].question, "Delivery times");
    assert_string_equal(r.faq.items[0].source, "faq_section");
    assert_string_equal(r.faq.items[1].question, "Can I return an item");
    assert_string_equal(r.faq.items[1].answer, "Yes, within 30 days.");
    release(&r);
}

static void merging_and_visibility(void **state)
{
    (void)state;
    struct run r = {0};
    r.draft.n_faq = 2;
    r.draft.faq = calloc(2, sizeof(*r.draft.faq));
    r.draft.faq[0].question = strdup("how often should I water a Snake Plant");
    r.draft.faq[0].answer = strdup("Rarely.");
    r.draft.faq[1].question = strdup("Is it toxic to cats?");
    r.draft.faq[1].answer = strdup("<p>Mildly.</p><ul><li>drooling</li><script>x()</script></ul>");
    r.hints.n_faq = 1;
    r.hints.faq = calloc(1, sizeof(*r.hints.faq));
    r.hints.faq[0].question = strdup("Is it toxic to cats");
    r.hints.faq[0].answer = strdup("Yes.");
    extract(&r, "How often should I water a snake plant?\n\nOnly when the soil is dry.\n");
    assert_int_equal(r.faq.n, 2);
    assert_string_equal(r.faq.items[0].question, "How often should I water a snake plant?");
    assert_string_equal(r.faq.items[0].answer, "Only when the soil is dry.");
    assert_string_equal(r.faq.items[1].source, "draft");
    assert_false(r.faq.items[1].visible);
    assert_string_equal(r.faq.items[1].answer, "<p>Mildly.</p><ul><li>drooling</li></ul>");
    assert_int_equal(r.w.n, 1);
    assert_string_equal(r.w.items[0].code, "faq_not_visible");
    release(&r);
}

/* "Whats", "What's" and "What’s" are one question: apostrophes are dropped before comparing. */
static void apostrophes_do_not_split_questions(void **state)
{
    (void)state;
    struct run r = {0};
    r.draft.n_faq = 2;
    r.draft.faq = calloc(2, sizeof(*r.draft.faq));
    r.draft.faq[0].question = strdup("Whats the best oil for seasoning");
    r.draft.faq[0].answer = strdup("Oil.");
    r.draft.faq[1].question = strdup("What\xE2\x80\x99s the best oil for seasoning?");
    r.draft.faq[1].answer = strdup("Oil.");
    r.hints.n_faq = 1;
    r.hints.faq = calloc(1, sizeof(*r.hints.faq));
    r.hints.faq[0].question = strdup("Why won't my skillet stay black?");
    r.hints.faq[0].answer = strdup("It needs more seasoning.");
    extract(&r, "What's the best oil for seasoning?\n\nFlaxseed or vegetable oil.\n\n"
                "Why wont my skillet stay black?\n\nIt needs more thin coats of oil.\n");
    assert_int_equal(r.faq.n, 2);
    assert_string_equal(r.faq.items[0].question, "What's the best oil for seasoning?");
    assert_string_equal(r.faq.items[0].answer_text, "Flaxseed or vegetable oil.");
    assert_string_equal(r.faq.items[1].question, "Why wont my skillet stay black?");
    assert_true(r.faq.items[1].visible);
    assert_int_equal(r.w.n, 0); /* nothing is reported as not visible */
    release(&r);
}

static void entities_in_jsonld_questions(void **state)
{
    (void)state;
    struct run r = {0};
    r.hints.n_faq = 1;
    r.hints.faq = calloc(1, sizeof(*r.hints.faq));
    r.hints.faq[0].question = strdup("What if you don&#8217;t?");
    r.hints.faq[0].answer = strdup("Pipes &amp; valves crack.");
    extract(&r, "Title line\n\nSome body text that is long enough to be a paragraph here.\n");
    assert_int_equal(r.faq.n, 1);
    assert_string_equal(r.faq.items[0].question, "What if you don\xE2\x80\x99t?");
    assert_string_equal(r.faq.items[0].answer, "Pipes &amp; valves crack.");
    assert_string_equal(r.faq.items[0].answer_text, "Pipes & valves crack.");
    release(&r);
}

static void limit_truncates_with_warning(void **state)
{
    (void)state;
    struct run r = {0};
    r.limits = seo_limits_default();
    r.limits.max_faq_entries = 1;
    seo_doc_init(&r.doc, &r.limits);
    const char *text =
        "One?\n\nAnswer one is here.\n\nTwo?\n\nAnswer two is here.\n\nThree?\n\nAnswer three.\n";
    assert_int_equal(seo_plaintext_parse(text, strlen(text), &r.doc, NULL), SEO_OK);
    seo_doc_finish(&r.doc);
    seo_faq_extract(&r.draft, &r.doc, &r.hints, NULL, 0, &r.limits, &r.faq, &r.w);
    assert_int_equal(r.faq.n, 1);
    assert_int_equal(r.w.n, 1);
    assert_string_equal(r.w.items[0].code, "faq_truncated");
    assert_non_null(strstr(r.w.items[0].message, "2 further"));
    release(&r);
}

static void visible_block(void **state)
{
    (void)state;
    struct seo_faq faq = {0};
    struct seo_faq_entry items[2] = {
        {.question = "Is <it> safe & sound?",
         .answer = "Yes.",
         .answer_text = "Yes.",
         .source = "draft"},
        {.question = "What to pack?",
         .answer = "<ul><li>water</li></ul>",
         .answer_text = "water",
         .source = "heading"},
    };
    faq.items = items;
    faq.n = 2;
    char *html = seo_faq_html(&faq, "de");
    assert_string_equal(html,
                        "<section class=\"faq\" aria-labelledby=\"faq-heading\">\n"
                        "<h2 id=\"faq-heading\">H\xC3\xA4ufig gestellte Fragen</h2>\n"
                        "<h3>Is &lt;it&gt; safe &amp; sound?</h3>\n<p>Yes.</p>\n"
                        "<h3>What to pack?</h3>\n<div><ul><li>water</li></ul></div>\n</section>\n");
    free(html);
    faq.n = 0;
    assert_null(seo_faq_html(&faq, "en"));
}

static void section_titles(void **state)
{
    (void)state;
    assert_true(seo_faq_section_title("FAQ"));
    assert_true(seo_faq_section_title("FAQs"));
    assert_true(seo_faq_section_title("Frequently Asked Questions"));
    assert_true(seo_faq_section_title("Frequently asked questions about knees"));
    assert_true(seo_faq_section_title("H\xC3\xA4ufig gestellte Fragen"));
    assert_true(seo_faq_section_title("Questions fr\xC3\xA9quentes"));
    assert_true(seo_faq_section_title("Q&A"));
    assert_false(seo_faq_section_title("Faqir\xE2\x80\x99s tale"));
    assert_false(seo_faq_section_title("Questions Hikers Ask"));
    assert_false(seo_faq_section_title("Conclusion"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(questions_need_answers),
        cmocka_unit_test(table_of_contents_is_not_faq),
        cmocka_unit_test(checklists_and_rules),
        cmocka_unit_test(faq_sections_and_prefixes),
        cmocka_unit_test(merging_and_visibility),
        cmocka_unit_test(apostrophes_do_not_split_questions),
        cmocka_unit_test(entities_in_jsonld_questions),
        cmocka_unit_test(limit_truncates_with_warning),
        cmocka_unit_test(visible_block),
        cmocka_unit_test(section_titles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
