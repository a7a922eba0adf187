/* Tests service/core/markdown.c: CommonMark to the document model. */
#include "markdown.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

struct parsed {
    struct seo_document doc;
    struct seo_hints hints;
    struct seo_warnings w;
    struct seo_limits limits;
};

static enum seo_status parse(struct parsed *p, const char *md, struct seo_error *err)
{
    memset(p, 0, sizeof(*p));
    p->limits = seo_limits_default();
    seo_doc_init(&p->doc, &p->limits);
    return seo_markdown_parse(md, strlen(md), &p->doc, &p->hints, &p->limits, &p->w, err);
}

static void release(struct parsed *p)
{
    seo_doc_free(&p->doc);
    seo_hints_free(&p->hints);
    seo_warnings_free(&p->w);
}

static void headings_paragraphs_inline_markup(void **state)
{
    (void)state;
    struct parsed p;
    assert_int_equal(
        parse(&p,
              "# Title\n\nSome **bold** and _soft_ text with a [link](https://ex.org/?a=1&b=2)"
              "\nwrapped.\n\n## Section <two>\n\nLine one  \nline two with `code`.\n",
              NULL),
        SEO_OK);
    assert_int_equal(p.doc.n_blocks, 4);
    assert_int_equal(p.doc.blocks[0].type, SEO_BLOCK_HEADING);
    assert_int_equal(p.doc.blocks[0].level, 1);
    const struct seo_block *para = &p.doc.blocks[1];
    assert_string_equal(para->content.text, "Some bold and soft text with a link wrapped.");
    assert_string_equal(para->content.html,
                        "Some <strong>bold</strong> and <em>soft</em> text with a "
                        "<a href=\"https://ex.org/?a=1&amp;b=2\">link</a> wrapped.");
    assert_int_equal(p.doc.blocks[2].level, 2);
    /* Raw inline HTML is not text; the literal "<two>" is an HTML tag to cmark. */
    assert_string_equal(p.doc.blocks[2].content.text, "Section");
    assert_string_equal(p.doc.blocks[3].content.html, "Line one<br>line two with code.");
    release(&p);
}

static void lists_checklists_nesting(void **state)
{
    (void)state;
    struct parsed p;
    assert_int_equal(parse(&p,
                           "1. first\n2. second\n   - nested a\n   - nested b\n\n"
                           "- [ ] Did you pack water?\n- [x] Forest Pass\n",
                           NULL),
                     SEO_OK);
    assert_int_equal(p.doc.n_blocks, 2);
    const struct seo_block *ol = &p.doc.blocks[0];
    assert_true(ol->ordered);
    assert_int_equal(ol->n_items, 4);
    assert_string_equal(ol->items[2].text, "nested a");
    const struct seo_block *tasks = &p.doc.blocks[1];
    assert_false(tasks->ordered);
    assert_int_equal(tasks->n_items, 2);
    assert_string_equal(tasks->items[0].text, "Did you pack water?");
    assert_string_equal(tasks->items[0].html, "Did you pack water?");
    assert_string_equal(tasks->items[1].text, "Forest Pass");
    release(&p);
}

static void code_rules_quotes_and_jsonld(void **state)
{
    (void)state;
    struct parsed p;
    assert_int_equal(
        parse(&p,
              "Intro.\n\n```c\nint x;\n```\n\n---\n\n> Quoted advice.\n\n"
              "```json\n{\"@context\":\"https://schema.org\",\"@type\":\"FAQPage\","
              "\"mainEntity\":[{\"@type\":\"Question\",\"name\":\"Why?\","
              "\"acceptedAnswer\":{\"@type\":\"Answer\",\"text\":\"Because.\"}}]}\n```\n",
              NULL),
        SEO_OK);
    assert_int_equal(p.doc.n_blocks, 3);
    assert_int_equal(p.doc.blocks[1].type, SEO_BLOCK_RULE);
    assert_string_equal(p.doc.blocks[2].content.text, "Quoted advice.");
    assert_int_equal(p.hints.blocks, 1);
    assert_int_equal(p.hints.n_faq, 1);
    assert_string_equal(p.hints.faq[0].question, "Why?");
    release(&p);
}

static void html_blocks_with_jsonld(void **state)
{
    (void)state;
    struct parsed p;
    assert_int_equal(parse(&p,
                           "Text.\n\n<script type=\"application/ld+json\">\n{\"@type\":\"Article\","
                           "\"headline\":\"Embedded\"}\n</script>\n\nMore.\n",
                           NULL),
                     SEO_OK);
    assert_string_equal(p.hints.headline, "Embedded");
    assert_int_equal(p.doc.n_blocks, 2);
    release(&p);
}

static void nesting_limit(void **state)
{
    (void)state;
    struct parsed p;
    char md[400];
    memset(md, '>', 200);
    strcpy(md + 200, " deep\n");
    struct seo_error err;
    assert_int_equal(parse(&p, md, &err), SEO_ERR_LIMIT);
    assert_string_equal(err.field, "/body");
    release(&p);
}

static void paragraph_limit(void **state)
{
    (void)state;
    struct parsed p;
    memset(&p, 0, sizeof(p));
    p.limits = seo_limits_default();
    p.limits.max_paragraphs = 3;
    seo_doc_init(&p.doc, &p.limits);
    const char *md = "a\n\nb\n\nc\n\nd\n";
    struct seo_error err;
    assert_int_equal(seo_markdown_parse(md, strlen(md), &p.doc, &p.hints, &p.limits, &p.w, &err),
                     SEO_ERR_LIMIT);
    assert_non_null(strstr(err.message, "more than 3"));
    release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(headings_paragraphs_inline_markup),
        cmocka_unit_test(lists_checklists_nesting),
        cmocka_unit_test(code_rules_quotes_and_jsonld),
        cmocka_unit_test(html_blocks_with_jsonld),
        cmocka_unit_test(nesting_limit),
        cmocka_unit_test(paragraph_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
