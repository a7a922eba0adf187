/* Tests service/core/html.c: HTML (gumbo) to the document model. */
#include "html.h"
#include "utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

struct parsed {
    struct seo_document doc;
    struct seo_hints hints;
    struct seo_warnings w;
    struct seo_limits limits;
    char *title;
};

static enum seo_status parse(struct parsed *p, const char *html, struct seo_error *err)
{
    memset(p, 0, sizeof(*p));
    p->limits = seo_limits_default();
    seo_doc_init(&p->doc, &p->limits);
    return seo_html_parse(html, strlen(html), &p->doc, &p->hints, &p->title, &p->limits, &p->w,
                          err);
}

static void release(struct parsed *p)
{
    seo_doc_free(&p->doc);
    seo_hints_free(&p->hints);
    seo_warnings_free(&p->w);
    free(p->title);
}

static void chrome_is_dropped_and_article_kept(void **state)
{
    (void)state;
    struct parsed p;
    const char *html =
        "<!DOCTYPE html><html><head><title>Page &amp; Site</title><style>p{}</style>"
        "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":\"H\"}</script>"
        "</head><body><a class=\"skip-link\" href=\"#c\">Skip to content</a>"
        "<header><nav><ul><li><a href=\"/\">Home</a></li></ul></nav></header>"
        "<div class=\"cookie-banner\"><p>Can we use analytics cookies?</p></div>"
        "<main><article><header><h1>Real title</h1></header><!-- comment -->"
        "<p>First <b>bold</b> paragraph.</p><script>var x = 1;</script>"
        "<div class=\"share-buttons\"><a href=\"#\">Share</a></div>"
        "<aside><h3>What should I do if my bin was missed?</h3></aside>"
        "<p>Second<br>line.</p><footer>Posted in News</footer></article></main>"
        "<footer><p>&copy; 2026 Council</p></footer></body></html>";
    assert_int_equal(parse(&p, html, NULL), SEO_OK);
    assert_string_equal(p.title, "Page & Site");
    assert_string_equal(p.hints.headline, "H");
    assert_int_equal(p.doc.n_blocks, 3);
    assert_string_equal(p.doc.blocks[0].content.text, "Real title");
    assert_int_equal(p.doc.blocks[0].level, 1);
    assert_string_equal(p.doc.blocks[1].content.html, "First <b>bold</b> paragraph.");
    assert_string_equal(p.doc.blocks[2].content.html, "Second<br>line.");
    release(&p);
}

static void lists_rules_and_bare_text(void **state)
{
    (void)state;
    struct parsed p;
    const char *html =
        "<div>Loose text <em>here</em><ol><li>One</li><li><p>Two</p><ul><li>Two a</li>"
        "</ul></li></ol><hr><section>Tail text</section></div>";
    assert_int_equal(parse(&p, html, NULL), SEO_OK);
    assert_int_equal(p.doc.n_blocks, 4);
    assert_string_equal(p.doc.blocks[0].content.html, "Loose text <em>here</em>");
    assert_int_equal(p.doc.blocks[1].type, SEO_BLOCK_LIST);
    assert_true(p.doc.blocks[1].ordered);
    assert_int_equal(p.doc.blocks[1].n_items, 3);
    assert_string_equal(p.doc.blocks[1].items[2].text, "Two a");
    assert_int_equal(p.doc.blocks[2].type, SEO_BLOCK_RULE);
    assert_string_equal(p.doc.blocks[3].content.text, "Tail text");
    release(&p);
}

static void yoast_faq_block(void **state)
{
    (void)state;
    struct parsed p;
    const char *html =
        "<div class=\"schema-faq wp-block-yoast-faq-block\"><div class=\"schema-faq-section\">"
        "<strong class=\"schema-faq-question\">What happens if you don&#8217;t?</strong> "
        "<p class=\"schema-faq-answer\">Pipes crack.</p></div></div>";
    assert_int_equal(parse(&p, html, NULL), SEO_OK);
    assert_int_equal(p.doc.n_blocks, 2);
    assert_string_equal(p.doc.blocks[0].content.text, "What happens if you don\xE2\x80\x99t?");
    assert_string_equal(p.doc.blocks[0].content.html,
                        "<strong>What happens if you don\xE2\x80\x99t?</strong>");
    assert_string_equal(p.doc.blocks[1].content.text, "Pipes crack.");
    release(&p);
}

/* gumbo decodes a character reference past U+10FFFF into bytes that are not UTF-8; intake
 * repairs them (found by fuzz/intake.c, corpus crash-gumbo-charref-past-unicode). */
static void character_references_past_unicode(void **state)
{
    (void)state;
    struct parsed p;
    const char *html = "<p>a&#49999999999;b <a href=\"/x&#49999999999;\">c&#x110000;d</a></p>";
    assert_int_equal(parse(&p, html, NULL), SEO_OK);
    assert_int_equal(p.doc.n_blocks, 1);
    const struct seo_inline *c = &p.doc.blocks[0].content;
    assert_true(seo_utf8_valid(c->text, strlen(c->text), NULL));
    assert_true(seo_utf8_valid(c->html, strlen(c->html), NULL));
    assert_string_equal(c->text, "a\xEF\xBF\xBD"
                                 "b c\xEF\xBF\xBD"
                                 "d");
    assert_string_equal(c->html, "a\xEF\xBF\xBD"
                                 "b <a>c\xEF\xBF\xBD"
                                 "d</a>");
    release(&p);
}

static void depth_limits(void **state)
{
    (void)state;
    struct parsed p;
    struct seo_error err;
    /* 100 nested divs: over the 64-element limit, refused by the tree walk. */
    char html[2000] = "";
    for (int i = 0; i < 100; i++)
        strcat(html, "<div>");
    strcat(html, "deep");
    assert_int_equal(parse(&p, html, &err), SEO_ERR_LIMIT);
    assert_string_equal(err.field, "/body");
    release(&p);
    /* 200,000 nested tags never reach gumbo's recursive tree code. */
    size_t n = 200000;
    char *huge = malloc(n * 5 + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(huge + i * 5, "<div>", 5);
    huge[n * 5] = '\0';
    assert_int_equal(parse(&p, huge, &err), SEO_ERR_LIMIT);
    free(huge);
    release(&p);
}

static void text_and_sniffing(void **state)
{
    (void)state;
    const char *in = "Don&#8217;t <b>stop</b>&nbsp;now &amp; <p>later</p>";
    char *t = seo_html_to_text(in, strlen(in));
    assert_string_equal(t, "Don\xE2\x80\x99t stop\xC2\xA0now & later");
    free(t);
    assert_true(seo_html_sniff("<!doctype html><p>x", strlen("<!doctype html><p>x")));
    assert_true(seo_html_sniff("<p>One</p>\n<p>Two</p>", 21));
    assert_false(seo_html_sniff("Plain text with a <tag> mention.", 32));
    assert_false(seo_html_sniff("# Markdown\n\nText", 16));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chrome_is_dropped_and_article_kept),
        cmocka_unit_test(lists_rules_and_bare_text),
        cmocka_unit_test(yoast_faq_block),
        cmocka_unit_test(character_references_past_unicode),
        cmocka_unit_test(depth_limits),
        cmocka_unit_test(text_and_sniffing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
