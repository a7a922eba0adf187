/* Unit tests for service/core/plaintext.c: structure from layout. */
#include "plaintext.h"

#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Parses `len` bytes of plain text and compares the outline of the result. */
static void check_len(const char *text, size_t len, const char *want)
{
    struct seo_document doc;
    struct seo_error err = {0};
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_plaintext_parse(text, len, &doc, &err), SEO_OK);
    assert_false(doc.list_open);
    char *got = outline(&doc);
    seo_doc_free(&doc);
    if (strcmp(got, want) != 0) {
        print_error("outline differs\n--- got:\n%s--- want:\n%s", got, want);
        free(got);
        fail();
    }
    free(got);
}

static void check(const char *text, const char *want)
{
    check_len(text, strlen(text), want);
}

static void test_heading_then_paragraph(void **state)
{
    (void)state;
    check("Feeding Ratios and Timing\n"
          "\n"
          "The most common feeding ratio is 1:1:1 by weight: one part starter, one part flour "
          "and one part water.\n",
          "h2 Feeding Ratios and Timing\n"
          "p The most common feeding ratio is 1:1:1 by weight: one part starter, one part flour "
          "and one part water.\n");
}

static void test_short_lines_that_are_not_headings(void **state)
{
    (void)state;
    /* Ends with a full stop; starts lower case; nothing after it; followed by another short
     * line that is not body text. */
    check("Keep it simple.\n\nA starter needs flour, water and a steady temperature.\n",
          "p Keep it simple.\n"
          "p A starter needs flour, water and a steady temperature.\n");
    check("see the recipe below\n\nA starter needs flour, water and a steady temperature.\n",
          "p see the recipe below\n"
          "p A starter needs flour, water and a steady temperature.\n");
    check("A long paragraph of text that ends the document.\n\nThanks for reading\n",
          "p A long paragraph of text that ends the document.\n"
          "p Thanks for reading\n");
    check("Kitchen Basics\n\nTom Okafor\n\nA good cast iron skillet can outlive its owner.\n",
          "p Kitchen Basics\n"
          "h2 Tom Okafor\n"
          "p A good cast iron skillet can outlive its owner.\n");
}

static void test_long_line_is_not_a_heading(void **state)
{
    (void)state;
    /* No final full stop, but 23 words: a paragraph. */
    check("Everything you need to know about feeding ratios and timing and temperature and flour "
          "and the smells that tell you what is wrong\n"
          "\n"
          "A starter needs flour, water and a steady temperature.\n",
          "p Everything you need to know about feeding ratios and timing and temperature and "
          "flour and the smells that tell you what is wrong\n"
          "p A starter needs flour, water and a steady temperature.\n");
}

static void test_byte_order_mark(void **state)
{
    (void)state;
    /* Notepad saves UTF-8 with a BOM; it is not part of the first line's text. */
    check("\xEF\xBB\xBFHow to Clean and Season a Cast Iron Skillet\r\n\r\n"
          "A good cast iron skillet can outlive its owner.\r\n",
          "h2 How to Clean and Season a Cast Iron Skillet\n"
          "p A good cast iron skillet can outlive its owner.\n");
}

static void test_heading_needs_group_start(void **state)
{
    (void)state;
    /* A short line in the middle of a group is a paragraph of its own, not a heading. */
    check("Clean the skillet while it is still warm.\n"
          "Too much oil\n"
          "turns sticky and gums up the surface, so wipe it until it looks dry.\n",
          "p Clean the skillet while it is still warm.\n"
          "p Too much oil turns sticky and gums up the surface, so wipe it until it looks dry.\n");
}

static void test_bullets(void **state)
{
    (void)state;
    check("What to pack\n"
          "\n"
          "\xE2\x80\xA2 Water, at least two litres\n"
          "- Snacks\n"
          "* A rain layer\n"
          "\n"
          "Leave early.\n",
          "h2 What to pack\n"
          "ul [Water, at least two litres][Snacks][A rain layer]\n"
          "p Leave early.\n");
}

static void test_numbered_items(void **state)
{
    (void)state;
    check("1. Turn off the water supply.\n"
          "2) Open the drain valves.\n"
          "10. Blow out each zone.\n",
          "ol [Turn off the water supply.][Open the drain valves.][Blow out each zone.]\n");
    /* A bullet list followed by a numbered one: two lists. */
    check("- salt\n- oil\n1. heat\n2. wipe\n", "ul [salt][oil]\nol [heat][wipe]\n");
}

static void test_not_list_markers(void **state)
{
    (void)state;
    check("-5 degrees is the limit for most heat pumps sold before 2020.\n"
          "\n"
          "3.5 kg of flour is enough for a week of feeding at this ratio.\n"
          "\n"
          "2026. That was the year the rules changed for balcony solar panels.\n",
          "p -5 degrees is the limit for most heat pumps sold before 2020.\n"
          "p 3.5 kg of flour is enough for a week of feeding at this ratio.\n"
          "p 2026. That was the year the rules changed for balcony solar panels.\n");
}

static void test_continuation_lines(void **state)
{
    (void)state;
    check("  \xE2\x80\xA2 Learn which sexual positions may be good or bad for your back.\n"
          "    For example, some back problems cause pain when you bend forward.\n"
          "  \xE2\x80\xA2 Go slow.\n"
          "Watch closely for changes in your health.\n",
          "ul [Learn which sexual positions may be good or bad for your back. For example, some "
          "back problems cause pain when you bend forward.][Go slow.]\n"
          "p Watch closely for changes in your health.\n");
}

static void test_soft_wrapped_paragraph(void **state)
{
    (void)state;
    check("A good cast iron skillet can outlive its owner. Plenty of families still\n"
          "cook with pans that belonged to their great-grandparents, and those pans\n"
          "often perform better than anything bought new.\n"
          "Dry the pan immediately with a towel.\n",
          "p A good cast iron skillet can outlive its owner. Plenty of families still cook with "
          "pans that belonged to their great-grandparents, and those pans often perform better "
          "than anything bought new.\n"
          "p Dry the pan immediately with a towel.\n");
}

static void test_crlf_and_cr(void **state)
{
    (void)state;
    static const char *const want = "h2 Everyday Cleaning\n"
                                    "p Clean the skillet while it is still warm. Scrape out "
                                    "any stuck food.\n"
                                    "ul [salt][oil]\n";
    check("Everyday Cleaning\r\n\r\nClean the skillet while it is still warm. Scrape out\r\n"
          "any stuck food.\r\n\r\n- salt\r\n- oil\r\n",
          want);
    check("Everyday Cleaning\r\rClean the skillet while it is still warm. Scrape out\r"
          "any stuck food.\r\r- salt\r- oil\r",
          want);
    /* No line ending at all after the last line. */
    check("Everyday Cleaning\n\nClean the skillet while it is still warm. Scrape out\n"
          "any stuck food.\n\n- salt\n- oil",
          want);
}

static void test_crlf_fixture_has_no_cr(void **state)
{
    (void)state;
    size_t len;
    char *text = read_fixture("windows-crlf.txt", &len);
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_plaintext_parse(text, len, &doc, NULL), SEO_OK);
    size_t headings = 0;
    for (size_t i = 0; i < doc.n_blocks; i++) {
        const struct seo_block *b = &doc.blocks[i];
        if (b->content.text)
            assert_null(strchr(b->content.text, '\r'));
        for (size_t k = 0; k < b->n_items; k++)
            assert_null(strchr(b->items[k].text, '\r'));
        if (b->type == SEO_BLOCK_HEADING)
            headings++;
    }
    assert_string_equal(doc.blocks[0].content.text, "How to Clean and Season a Cast Iron Skillet");
    char *o = outline(&doc);
    assert_non_null(strstr(o, "\nh2 Can you use soap on cast iron?\n"));
    assert_non_null(strstr(o, "\nh2 How do you remove rust from a cast iron pan?\n"));
    assert_non_null(strstr(o, "\nh2 Cooking Habits That Help\n"));
    free(o);
    seo_doc_free(&doc);
    free(text);
}

static void test_thematic_breaks(void **state)
{
    (void)state;
    check("---\n"
          "\n"
          "When will I notice a difference?\n"
          "\n"
          "Most people feel steadier within four to six weeks.\n"
          "\n"
          "---\n"
          "* * *\n"
          "This article is general information, not medical advice.\n"
          "___\n"
          "- - -\n"
          "=====\n"
          "--\n",
          "h2 When will I notice a difference?\n"
          "p Most people feel steadier within four to six weeks.\n"
          "hr\n"
          "p This article is general information, not medical advice.\n"
          "hr\n"
          "p --\n");
    /* Mixed marks are not a rule. */
    check("-*-\n", "p -*-\n");
}

static void test_table_of_contents(void **state)
{
    (void)state;
    /* Consecutive short question lines are a table of contents: paragraphs, not headings; the
     * same questions later, each on its own before an answer, are headings. */
    check("Contents\n"
          "What can I put in my compost bin?\n"
          "How long does it take to make compost?\n"
          "Why does my compost smell bad?\n"
          "\n"
          "What can I put in my compost bin?\n"
          "\n"
          "A good compost heap needs a mix of two kinds of material.\n"
          "\n"
          "How long does it take to make compost?\n"
          "\n"
          "Anywhere from two months to two years.\n",
          "h2 Contents\n"
          "p What can I put in my compost bin?\n"
          "p How long does it take to make compost?\n"
          "p Why does my compost smell bad?\n"
          "h2 What can I put in my compost bin?\n"
          "p A good compost heap needs a mix of two kinds of material.\n"
          "h2 How long does it take to make compost?\n"
          "p Anywhere from two months to two years.\n");
}

static void test_toc_fixture(void **state)
{
    (void)state;
    size_t len;
    char *text = read_fixture("toc-questions.txt", &len);
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_plaintext_parse(text, len, &doc, NULL), SEO_OK);
    char *o = outline(&doc);
    assert_non_null(strstr(o, "h2 Contents\n"
                              "p What can I put in my compost bin?\n"
                              "p How long does it take to make compost?\n"
                              "p Why does my compost smell bad?\n"
                              "p Do I need to turn my compost?\n"
                              "h2 What can I put in my compost bin?\n"
                              "p A good compost heap needs a mix of two kinds of material."));
    assert_non_null(
        strstr(o, "\nh2 Do I need to turn my compost?\np No, but it speeds things up."));
    assert_non_null(strstr(o, "\nh2 Getting Started This Weekend\n"));
    assert_int_equal(seo_doc_count(&doc, SEO_BLOCK_HEADING), 7);
    free(o);
    seo_doc_free(&doc);
    free(text);
}

static void test_seed_004_layout(void **state)
{
    (void)state;
    size_t len;
    char *text = read_fixture("seed-004-care-instructions.txt", &len);
    /* The first line is the title candidate; the pipeline chooses the title, boilerplate.c
     * removes "Skip Navigation", "Go to" and the disclaimer. */
    check_len(text, len,
              "p Back Pain and Sex: Care Instructions\n"
              "h2 Skip Navigation\n"
              "p It's common to be afraid to have sex when you have back pain. But you can still "
              "have a satisfying sex life. Talk to your partner about which movements are "
              "comfortable for you and which aren't. If the thought of having pain during sex "
              "worries you, talk about that too.\n"
              "p Follow-up care is a key part of your treatment and safety. Be sure to make and go "
              "to all appointments, and call your doctor if you are having problems. It's also a "
              "good idea to know your test results and keep a list of the medicines you take.\n"
              "h2 How can you care for yourself at home?\n"
              "ul [Learn which sexual positions may be good or bad for your back. For example, "
              "some back problems cause pain when you bend forward. Others cause problems when you "
              "arch your back.]"
              "[Try positions you've never considered before. You may need to use a firmer "
              "surface than your mattress, such as a soft rug on the floor or even a sturdy chair. "
              "Oral sex might be easier than intercourse.]"
              "[Go slow. Sex is like exercise\xE2\x80\x94warming up and stretching first are "
              "important. Many people use yoga to gently stretch their muscles. When you're ready "
              "to have sex, keep your movements slow and gentle.]"
              "[Take a hot shower to help relax your muscles. Or have your partner give you a "
              "massage.]"
              "[Increase the time you and your partner spend touching and caressing each other "
              "before sex (foreplay).]"
              "[If it hurts, stop. That may seem obvious, but when things get passionate, it can "
              "be hard to stay in control. Try to keep it slow so that you can stop right away if "
              "your back starts to hurt.]\n"
              "h2 When should you call for help?\n"
              "p Watch closely for changes in your health, and be sure to contact your doctor if "
              "you have any problems.\n"
              "p Where can you learn more?\n"
              "h2 Go to\n"
              "p Enter K977 in the search box to learn more about \"Back Pain and Sex: Care "
              "Instructions\".\n"
              "p The Health Encyclopedia contains general health information. Not all treatments "
              "or services described are covered benefits for Kaiser Permanente members or "
              "offered as services by Kaiser Permanente. For a list of covered benefits, please "
              "refer to your Evidence of Coverage or Summary Plan Description. For recommended "
              "treatments, please consult with your health care provider.\n");
    free(text);
}

static void test_empty_and_blank(void **state)
{
    (void)state;
    check("", "");
    check("\n\n \t \r\n\r\n", "");
}

static void test_block_limit(void **state)
{
    (void)state;
    struct seo_limits l = seo_limits_default();
    l.max_paragraphs = 2;
    struct seo_document doc;
    struct seo_error err = {0};
    seo_doc_init(&doc, &l);
    const char *text = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n";
    assert_int_equal(seo_plaintext_parse(text, strlen(text), &doc, &err), SEO_ERR_LIMIT);
    assert_int_equal(err.status, SEO_ERR_LIMIT);
    assert_string_equal(err.field, "/body");
    assert_int_equal(doc.n_blocks, 2);
    seo_doc_free(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heading_then_paragraph),
        cmocka_unit_test(test_short_lines_that_are_not_headings),
        cmocka_unit_test(test_long_line_is_not_a_heading),
        cmocka_unit_test(test_byte_order_mark),
        cmocka_unit_test(test_heading_needs_group_start),
        cmocka_unit_test(test_bullets),
        cmocka_unit_test(test_numbered_items),
        cmocka_unit_test(test_not_list_markers),
        cmocka_unit_test(test_continuation_lines),
        cmocka_unit_test(test_soft_wrapped_paragraph),
        cmocka_unit_test(test_crlf_and_cr),
        cmocka_unit_test(test_crlf_fixture_has_no_cr),
        cmocka_unit_test(test_thematic_breaks),
        cmocka_unit_test(test_table_of_contents),
        cmocka_unit_test(test_toc_fixture),
        cmocka_unit_test(test_seed_004_layout),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_block_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
