/* Unit tests for service/core/boilerplate.c: navigation and cruft out, content in. */
#include "boilerplate.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void expect_boilerplate(const char *const *texts, size_t n, bool want)
{
    for (size_t i = 0; i < n; i++)
        if (seo_boilerplate_text(texts[i]) != want)
            fail_msg("seo_boilerplate_text(\"%s\") should be %s", texts[i],
                     want ? "true" : "false");
}

/* ---- seo_boilerplate_text ---- */

static void test_nav_lines(void **state)
{
    (void)state;
    static const char *const nav[] = {
        "Skip Navigation",
        "Skip to main content",
        "Go to",
        "Go to:",
        "Back to top \xE2\x86\x91",
        "Print this page",
        "Share this article",
        "Share on Facebook",
        "Menu",
        "Home",
        "Read more \xC2\xBB",
        "Related articles",
        "Accept all cookies",
        "Was this page useful?",
        "WAS THIS ARTICLE HELPFUL?",
        "Search",
        "  Print  ",
    };
    expect_boilerplate(nav, COUNT(nav), true);
}

static void test_search_box_stub(void **state)
{
    (void)state;
    static const char *const stubs[] = {
        "Enter K977 in the search box to learn more about \"Back Pain and Sex: Care "
        "Instructions\".",
        "Enter W123 in the search field to find more.",
    };
    expect_boilerplate(stubs, COUNT(stubs), true);
    static const char *const content[] = {
        "Enter the garden through the side gate and leave the bin by the kerb.",
        "Enter your postcode to see your collection day.",
    };
    expect_boilerplate(content, COUNT(content), false);
}

static void test_copyright_lines(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "\xC2\xA9 2026 Northbridge Borough Council",
        "\xC2\xA9 Healthwise, Incorporated. All rights reserved.",
        "Copyright 2025 Leaf & Root Media Ltd",
        "(c) 2024 Greenleaf Lawn & Garden",
        "All rights reserved.",
    };
    expect_boilerplate(lines, COUNT(lines), true);
}

static void test_legal_footers(void **state)
{
    (void)state;
    static const char *const footers[] = {
        "The Health Encyclopedia contains general health information. Not all treatments or "
        "services described are covered benefits for Kaiser Permanente members or offered as "
        "services by Kaiser Permanente. For a list of covered benefits, please refer to your "
        "Evidence of Coverage or Summary Plan Description. For recommended treatments, please "
        "consult with your health care provider.",
        "We use cookies to make this site work and to understand how you use it.",
        "This information does not replace the advice of a doctor.",
        "Current as of: November 27, 2025",
    };
    expect_boilerplate(footers, COUNT(footers), true);
}

static void test_page_metadata(void **state)
{
    (void)state;
    static const char *const meta[] = {
        "Last updated: 14 January 2026",
        "Page last reviewed: 3 March 2025",
        "Updated on 2 February 2026",
        "By Priya Raman | Baking | 6 min read",
        "Posted in Garden Basics, last updated 3 March 2026",
        "Kitchen Basics - by Tom Okafor",
        "Tags: cast iron, cookware, cleaning",
    };
    expect_boilerplate(meta, COUNT(meta), true);
}

static void test_real_content_kept(void **state)
{
    (void)state;
    static const char *const content[] = {
        "How can you care for yourself at home?",
        "Where can you learn more?",
        "Home Composting for Beginners: Your Questions Answered",
        "Go to the garden centre and buy a bag of peat-free compost.",
        "Print the form, sign it and post it to the council offices.",
        "Share the load with a partner so neither of you lifts the heavy end alone.",
        "Next, open the drain valves at the lowest point of each zone.",
        "Menu planning for a busy week",
        "Search the hose for leaks before you put it away for winter.",
        "Last year we composted almost half of our kitchen waste.",
        "By the end of the first week the starter should double in size.",
        "",
        "   ",
    };
    expect_boilerplate(content, COUNT(content), false);
}

static void test_copyright_topic_is_content(void **state)
{
    (void)state;
    /* A paragraph about copyright is content: only short notices are footers, as for "(c)". */
    static const char *const content[] = {
        "Copyright law protects photographs for 70 years after the photographer's death, so you "
        "cannot reuse an image on your blog just because you found it online. Ask for a licence, "
        "use a stock library, or take your own pictures.",
    };
    expect_boilerplate(content, COUNT(content), false);
}

static void test_long_paragraph_with_footer_phrase_kept(void **state)
{
    (void)state;
    /* Footer phrases only mark short blocks; this one has more than 120 words. */
    static const char *const long_text[] = {
        "When a banner says that this website uses cookies, it is telling you that small files "
        "are stored in your browser. Some of them are needed for the site to work at all: they "
        "remember what is in your basket or that you are logged in. Others measure how many "
        "people read each page, and a third kind follows you from site to site to show you "
        "adverts. The law in the UK and the EU says that only the first kind may be set without "
        "asking. Everything else needs your consent, and refusing must be as easy as accepting. "
        "If a site hides the reject button behind a second screen, it is breaking the rules, "
        "and you can report it to the regulator. Most browsers also let you block third-party "
        "cookies altogether, which stops the tracking kind without breaking logins or baskets "
        "on the sites you actually use every day.",
    };
    expect_boilerplate(long_text, COUNT(long_text), false);
}

/* ---- seo_boilerplate_clean ---- */

static void check_clean(struct seo_document *doc, size_t want_removed, const char *want)
{
    size_t removed = seo_boilerplate_clean(doc);
    char *got = outline(doc);
    seo_doc_free(doc);
    if (strcmp(got, want) != 0) {
        print_error("outline differs\n--- got:\n%s--- want:\n%s", got, want);
        free(got);
        fail();
    }
    free(got);
    assert_int_equal(removed, want_removed);
}

static void p(struct seo_document *doc, const char *text, const char *html)
{
    assert_int_equal(seo_doc_paragraph(doc, text, html, NULL), SEO_OK);
}

static void h(struct seo_document *doc, const char *text)
{
    assert_int_equal(seo_doc_heading(doc, 2, text, NULL, NULL), SEO_OK);
}

static void test_clean_seed_004(void **state)
{
    (void)state;
    /* The blocks plaintext.c makes of seed-004-care-instructions.txt (abridged). */
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    p(&doc, "Back Pain and Sex: Care Instructions", NULL);
    h(&doc, "Skip Navigation");
    p(&doc, "It's common to be afraid to have sex when you have back pain.", NULL);
    h(&doc, "How can you care for yourself at home?");
    seo_doc_list(&doc, false, NULL);
    seo_doc_item(&doc, "Go slow.", NULL);
    seo_doc_item(&doc, "If it hurts, stop.", NULL);
    seo_doc_end_list(&doc);
    h(&doc, "When should you call for help?");
    p(&doc, "Watch closely for changes in your health.", NULL);
    p(&doc, "Where can you learn more?", NULL);
    h(&doc, "Go to");
    p(&doc,
      "Enter K977 in the search box to learn more about \"Back Pain and Sex: Care "
      "Instructions\".",
      NULL);
    p(&doc,
      "The Health Encyclopedia contains general health information. Not all treatments or "
      "services described are covered benefits for Kaiser Permanente members.",
      NULL);
    check_clean(&doc, 5,
                "p Back Pain and Sex: Care Instructions\n"
                "p It's common to be afraid to have sex when you have back pain.\n"
                "h2 How can you care for yourself at home?\n"
                "ul [Go slow.][If it hurts, stop.]\n"
                "h2 When should you call for help?\n"
                "p Watch closely for changes in your health.\n");
}

static void test_clean_links_only_paragraphs(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    h(&doc, "How do I book a bulky waste collection?");
    p(&doc, "You can book online using the button below.",
      "You can book online using the <a href=\"/book\">button below</a>.");
    p(&doc, "Book a collection",
      "<strong><a href=\"/book\" class=\"button\">Book a collection</a></strong>");
    p(&doc, "Bins and recycling | Bulky waste \xC2\xB7 Garden waste",
      "<a href=\"/bins\">Bins and recycling</a> | <a href=\"/bulky\">Bulky waste</a> "
      "\xC2\xB7 <a href=\"/garden\">Garden waste</a>");
    p(&doc, "Collections take place on weekdays between 7am and 4pm.", NULL);
    check_clean(&doc, 2,
                "h2 How do I book a bulky waste collection?\n"
                "p You can book online using the button below.\n"
                "p Collections take place on weekdays between 7am and 4pm.\n");
}

static void test_clean_related_links_paragraph(void **state)
{
    (void)state;
    /* boilerplate.c's own example of a links-only paragraph: "Related: A | B". */
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    h(&doc, "When will I notice a difference?");
    p(&doc, "Most people feel steadier within four to six weeks.", NULL);
    p(&doc, "Related: Knee pain at night | Best shoes for bad knees",
      "Related: <a href=\"/knee-pain-night\">Knee pain at night</a> | "
      "<a href=\"/shoes\">Best shoes for bad knees</a>");
    check_clean(&doc, 1,
                "h2 When will I notice a difference?\n"
                "p Most people feel steadier within four to six weeks.\n");
}

static void test_clean_lists(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    h(&doc, "What items can't you collect?");
    seo_doc_list(&doc, false, NULL);
    seo_doc_item(&doc, "builders' rubble, soil, plasterboard", NULL);
    seo_doc_item(&doc, "Share", NULL);
    seo_doc_item(&doc, "car parts and tyres", NULL);
    seo_doc_item(&doc, "Print this page", NULL);
    seo_doc_end_list(&doc);
    /* A list of links is a menu. */
    seo_doc_list(&doc, false, NULL);
    seo_doc_item(&doc, "Bins", "<a href=\"/bins\">Bins</a>");
    seo_doc_item(&doc, "Parking", "<a href=\"/parking\">Parking</a>");
    seo_doc_end_list(&doc);
    /* A list left empty once its cruft is gone. */
    seo_doc_list(&doc, false, NULL);
    seo_doc_item(&doc, "Facebook", NULL);
    seo_doc_item(&doc, "Twitter", NULL);
    seo_doc_end_list(&doc);
    p(&doc, "For hazardous waste, contact the Household Waste Recycling Centre.", NULL);
    check_clean(&doc, 2,
                "h2 What items can't you collect?\n"
                "ul [builders' rubble, soil, plasterboard][car parts and tyres]\n"
                "p For hazardous waste, contact the Household Waste Recycling Centre.\n");
}

static void test_clean_lead_ins_of_cruft(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    h(&doc, "Choosing the Right Flour");
    p(&doc, "A mix of bread flour and whole rye is a good everyday blend.", NULL);
    /* A heading and a "…:" line whose sections hold only links. */
    h(&doc, "Follow us");
    p(&doc, "Follow us on:", NULL);
    p(&doc, "Facebook | Instagram",
      "<a href=\"https://facebook.com/x\">Facebook</a> | "
      "<a href=\"https://instagram.com/x\">Instagram</a>");
    h(&doc, "Temperature and Location");
    p(&doc, "Temperature controls almost everything about a starter.", NULL);
    /* Nested lead-ins at the end: a heading, then a question, then navigation only. */
    h(&doc, "More information");
    p(&doc, "Where can you learn more?", NULL);
    p(&doc, "Go to", NULL);
    p(&doc, "\xC2\xA9 2026 The Bread Journal", NULL);
    check_clean(&doc, 7,
                "h2 Choosing the Right Flour\n"
                "p A mix of bread flour and whole rye is a good everyday blend.\n"
                "h2 Temperature and Location\n"
                "p Temperature controls almost everything about a starter.\n");
}

static void test_clean_lead_in_before_rule(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    h(&doc, "When will I notice a difference?");
    p(&doc, "Most people feel steadier within four to six weeks.", NULL);
    p(&doc, "Did this answer your question?", NULL);
    p(&doc, "Yes No", "<a href=\"#yes\">Yes</a> <a href=\"#no\">No</a>");
    seo_doc_rule(&doc, NULL);
    p(&doc, "This article is general information, not medical advice.", NULL);
    check_clean(&doc, 2,
                "h2 When will I notice a difference?\n"
                "p Most people feel steadier within four to six weeks.\n"
                "hr\n"
                "p This article is general information, not medical advice.\n");
}

static void test_clean_keeps_lead_ins_with_content(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    h(&doc, "Contact us");
    p(&doc, "\xC2\xA9 2026 Northbridge Borough Council", NULL);
    p(&doc, "Call 0300 123 4567 between 9am and 5pm, Monday to Friday.", NULL);
    p(&doc, "Where can you learn more?", NULL);
    p(&doc, "Share", NULL);
    seo_doc_list(&doc, false, NULL);
    seo_doc_item(&doc, "Your local library has the council's recycling guide.", NULL);
    seo_doc_end_list(&doc);
    h(&doc, "Need Help?");
    h(&doc, "Opening hours");
    p(&doc, "The recycling centre is open every day except 25 December.", NULL);
    check_clean(&doc, 2,
                "h2 Contact us\n"
                "p Call 0300 123 4567 between 9am and 5pm, Monday to Friday.\n"
                "p Where can you learn more?\n"
                "ul [Your local library has the council's recycling guide.]\n"
                "h2 Need Help?\n"
                "h2 Opening hours\n"
                "p The recycling centre is open every day except 25 December.\n");
}

static void test_clean_nothing_to_do(void **state)
{
    (void)state;
    struct seo_document doc;
    seo_doc_init(&doc, NULL);
    assert_int_equal(seo_boilerplate_clean(&doc), 0);
    h(&doc, "Why does my compost smell bad?");
    p(&doc, "A healthy heap has an earthy smell.", NULL);
    check_clean(&doc, 0,
                "h2 Why does my compost smell bad?\n"
                "p A healthy heap has an earthy smell.\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nav_lines),
        cmocka_unit_test(test_search_box_stub),
        cmocka_unit_test(test_copyright_lines),
        cmocka_unit_test(test_legal_footers),
        cmocka_unit_test(test_page_metadata),
        cmocka_unit_test(test_real_content_kept),
        cmocka_unit_test(test_copyright_topic_is_content),
        cmocka_unit_test(test_long_paragraph_with_footer_phrase_kept),
        cmocka_unit_test(test_clean_seed_004),
        cmocka_unit_test(test_clean_links_only_paragraphs),
        cmocka_unit_test(test_clean_related_links_paragraph),
        cmocka_unit_test(test_clean_lists),
        cmocka_unit_test(test_clean_lead_ins_of_cruft),
        cmocka_unit_test(test_clean_lead_in_before_rule),
        cmocka_unit_test(test_clean_keeps_lead_ins_with_content),
        cmocka_unit_test(test_clean_nothing_to_do),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
