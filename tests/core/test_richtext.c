/*
 * Tests service/core/richtext.c: one realistic document per CMS, written from
 * the CMS's documented shape (cms-payloads.md sections 1, 3, 4, 7), compared
 * with the exact HTML; escaping, hrefs, limits, type errors with their JSON
 * pointer; and the rendered HTML through seo_generate() to its FAQ.
 */
#include "richtext.h"

#include "seopipe.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define DEPTH 32
#define BYTES (1u << 20)

static json_t *load(const char *text)
{
    json_error_t jerr;
    json_t *tree = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!tree)
        fail_msg("test JSON line %d: %s", jerr.line, jerr.text);
    return tree;
}

/* Renders `text` as `kind` with roomy limits; caller frees. */
static char *render(enum seo_richtext_kind kind, const char *text)
{
    json_t *tree = load(text);
    struct seo_error err = {0};
    char *html = NULL;
    enum seo_status st = seo_richtext_html(tree, kind, DEPTH, BYTES, &html, &err);
    if (st != SEO_OK)
        fail_msg("%s: %s", seo_richtext_kind_name(kind), err.message);
    json_decref(tree);
    return html;
}

static void expect(enum seo_richtext_kind kind, const char *text, const char *want)
{
    char *html = render(kind, text);
    assert_string_equal(html, want);
    free(html);
}

/* Renders `tree` expecting a failure; checks that *out stays untouched and a message is set. */
static enum seo_status refuse_tree(enum seo_richtext_kind kind, const json_t *tree,
                                   unsigned max_depth, size_t max_bytes, struct seo_error *err)
{
    char sentinel = 0;
    char *html = &sentinel;
    memset(err, 0, sizeof(*err));
    enum seo_status st = seo_richtext_html(tree, kind, max_depth, max_bytes, &html, err);
    assert_int_not_equal(st, SEO_OK);
    assert_ptr_equal(html, &sentinel);
    assert_int_equal(err->status, st);
    assert_true(err->message[0] != '\0');
    return st;
}

static void expect_error(enum seo_richtext_kind kind, const char *text, enum seo_status want,
                         const char *field)
{
    json_t *tree = load(text);
    struct seo_error err;
    assert_int_equal(refuse_tree(kind, tree, DEPTH, BYTES, &err), want);
    assert_string_equal(err.field, field);
    json_decref(tree);
}

/* A health article in Strapi's Blocks editor format. */
static const char strapi_article[] =
    "[{\"type\":\"heading\",\"level\":1,\"children\":[{\"type\":\"text\",\"text\":\"Sciatica: "
    "causes and relief\"}]},"
    "{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"Sciatica is pain that "
    "runs along the \"},{\"type\":\"text\",\"text\":\"sciatic nerve\",\"bold\":true},"
    "{\"type\":\"text\",\"text\":\", from the lower back down one leg. It usually gets better "
    "on its own within a few weeks.\"}]},"
    "{\"type\":\"heading\",\"level\":2,\"children\":[{\"type\":\"text\",\"text\":\"Frequently "
    "asked questions\"}]},"
    "{\"type\":\"heading\",\"level\":3,\"children\":[{\"type\":\"text\",\"text\":\"What causes "
    "sciatica?\"}]},"
    "{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"Most often a herniated "
    "disc presses on the nerve root. Read the \"},{\"type\":\"link\",\"url\":"
    "\"https://www.nhs.uk/conditions/sciatica/\",\"children\":[{\"type\":\"text\",\"text\":"
    "\"NHS guide\"}]},{\"type\":\"text\",\"text\":\" for more.\"}]},"
    "{\"type\":\"heading\",\"level\":3,\"children\":[{\"type\":\"text\",\"text\":\"How is "
    "sciatica treated?\"}]},"
    "{\"type\":\"list\",\"format\":\"unordered\",\"children\":["
    "{\"type\":\"list-item\",\"children\":[{\"type\":\"text\",\"text\":\"Gentle exercise and "
    "stretching\"}]},"
    "{\"type\":\"list-item\",\"children\":[{\"type\":\"text\",\"text\":\"Hot or cold packs\"}]},"
    "{\"type\":\"list\",\"format\":\"ordered\",\"indentLevel\":1,\"children\":[{\"type\":"
    "\"list-item\",\"children\":[{\"type\":\"text\",\"text\":\"cold for the first 48 "
    "hours\"}]}]},"
    "{\"type\":\"list-item\",\"children\":[{\"type\":\"text\",\"text\":\"Painkillers such as "
    "\"},{\"type\":\"text\",\"text\":\"ibuprofen\",\"italic\":true}]}]},"
    "{\"type\":\"image\",\"image\":{\"url\":\"https://cdn.example.com/spine.jpg\","
    "\"alternativeText\":\"The lower spine\"},\"children\":[{\"type\":\"text\",\"text\":\"\"}]},"
    "{\"type\":\"quote\",\"children\":[{\"type\":\"text\",\"text\":\"Most people recover within "
    "4 to 6 weeks.\"}]},"
    "{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"\"}]}]";

static const char strapi_html[] =
    "<h1>Sciatica: causes and relief</h1>"
    "<p>Sciatica is pain that runs along the <strong>sciatic nerve</strong>, from the lower back "
    "down one leg. It usually gets better on its own within a few weeks.</p>"
    "<h2>Frequently asked questions</h2>"
    "<h3>What causes sciatica?</h3>"
    "<p>Most often a herniated disc presses on the nerve root. Read the "
    "<a href=\"https://www.nhs.uk/conditions/sciatica/\">NHS guide</a> for more.</p>"
    "<h3>How is sciatica treated?</h3>"
    "<ul><li>Gentle exercise and stretching</li>"
    "<li>Hot or cold packs<ol><li>cold for the first 48 hours</li></ol></li>"
    "<li>Painkillers such as <em>ibuprofen</em></li></ul>"
    "<blockquote>Most people recover within 4 to 6 weeks.</blockquote>";

static void strapi_blocks_article(void **state)
{
    (void)state;
    expect(SEO_RICHTEXT_STRAPI_BLOCKS, strapi_article, strapi_html);
    /* Code keeps its newlines; elsewhere a newline is a <br>. Unknown types keep their text. */
    expect(SEO_RICHTEXT_STRAPI_BLOCKS,
           "[{\"type\":\"code\",\"language\":\"c\",\"children\":[{\"type\":\"text\","
           "\"text\":\"if (a < b)\\n  return;\"}]},"
           "{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"Line one\\nline "
           "two\",\"underline\":true,\"strikethrough\":true,\"code\":true,\"bold\":false}]},"
           "{\"type\":\"callout\",\"children\":[{\"type\":\"text\",\"text\":\"Note\"}]},"
           "{\"type\":\"divider\"}]",
           "<pre><code>if (a &lt; b)\n  return;</code></pre>"
           "<p><u><s><code>Line one<br>line two</code></s></u></p>Note");
}

static const char contentful_article[] =
    "{\"nodeType\":\"document\",\"data\":{},\"content\":["
    "{\"nodeType\":\"paragraph\",\"data\":{},\"content\":["
    "{\"nodeType\":\"text\",\"value\":\"Sciatica is pain along the \",\"marks\":[],\"data\":{}},"
    "{\"nodeType\":\"text\",\"value\":\"sciatic nerve\",\"marks\":[{\"type\":\"bold\"}],"
    "\"data\":{}},"
    "{\"nodeType\":\"text\",\"value\":\".\",\"marks\":[],\"data\":{}}]},"
    "{\"nodeType\":\"heading-2\",\"data\":{},\"content\":[{\"nodeType\":\"text\",\"value\":"
    "\"Frequently asked questions\",\"marks\":[],\"data\":{}}]},"
    "{\"nodeType\":\"heading-3\",\"data\":{},\"content\":[{\"nodeType\":\"text\",\"value\":"
    "\"What causes sciatica?\",\"marks\":[],\"data\":{}}]},"
    "{\"nodeType\":\"paragraph\",\"data\":{},\"content\":["
    "{\"nodeType\":\"text\",\"value\":\"Usually a herniated disc. See \",\"marks\":[],"
    "\"data\":{}},"
    "{\"nodeType\":\"hyperlink\",\"data\":{\"uri\":\"https://www.nhs.uk/conditions/sciatica/\"},"
    "\"content\":[{\"nodeType\":\"text\",\"value\":\"the NHS page\",\"marks\":[],\"data\":{}}]},"
    "{\"nodeType\":\"text\",\"value\":\" or our \",\"marks\":[],\"data\":{}},"
    "{\"nodeType\":\"entry-hyperlink\",\"data\":{\"target\":{\"sys\":{\"id\":\"3xYp\","
    "\"type\":\"Link\",\"linkType\":\"Entry\"}}},\"content\":[{\"nodeType\":\"text\",\"value\":"
    "\"back pain guide\",\"marks\":[],\"data\":{}}]},"
    "{\"nodeType\":\"text\",\"value\":\".\",\"marks\":[],\"data\":{}}]},"
    "{\"nodeType\":\"embedded-asset-block\",\"data\":{\"target\":{\"sys\":{\"id\":\"9kq\","
    "\"type\":\"Link\",\"linkType\":\"Asset\"}}},\"content\":[]},"
    "{\"nodeType\":\"heading-3\",\"data\":{},\"content\":[{\"nodeType\":\"text\",\"value\":"
    "\"How is sciatica treated?\",\"marks\":[],\"data\":{}}]},"
    "{\"nodeType\":\"unordered-list\",\"data\":{},\"content\":["
    "{\"nodeType\":\"list-item\",\"data\":{},\"content\":[{\"nodeType\":\"paragraph\","
    "\"data\":{},\"content\":[{\"nodeType\":\"text\",\"value\":\"Exercise and stretching\","
    "\"marks\":[],\"data\":{}}]}]},"
    "{\"nodeType\":\"list-item\",\"data\":{},\"content\":[{\"nodeType\":\"paragraph\","
    "\"data\":{},\"content\":[{\"nodeType\":\"text\",\"value\":\"Painkillers\",\"marks\":"
    "[{\"type\":\"italic\"}],\"data\":{}},{\"nodeType\":\"embedded-entry-inline\",\"data\":{},"
    "\"content\":[]}]}]}]},"
    "{\"nodeType\":\"hr\",\"data\":{},\"content\":[]},"
    "{\"nodeType\":\"table\",\"data\":{},\"content\":["
    "{\"nodeType\":\"table-row\",\"data\":{},\"content\":["
    "{\"nodeType\":\"table-header-cell\",\"data\":{},\"content\":[{\"nodeType\":\"paragraph\","
    "\"data\":{},\"content\":[{\"nodeType\":\"text\",\"value\":\"Week\",\"marks\":[],"
    "\"data\":{}}]}]},"
    "{\"nodeType\":\"table-header-cell\",\"data\":{},\"content\":[{\"nodeType\":\"paragraph\","
    "\"data\":{},\"content\":[{\"nodeType\":\"text\",\"value\":\"Advice\",\"marks\":[],"
    "\"data\":{}}]}]}]},"
    "{\"nodeType\":\"table-row\",\"data\":{},\"content\":["
    "{\"nodeType\":\"table-cell\",\"data\":{},\"content\":[{\"nodeType\":\"paragraph\","
    "\"data\":{},\"content\":[{\"nodeType\":\"text\",\"value\":\"1-2\",\"marks\":[],"
    "\"data\":{}}]}]},"
    "{\"nodeType\":\"table-cell\",\"data\":{},\"content\":[{\"nodeType\":\"paragraph\","
    "\"data\":{},\"content\":[{\"nodeType\":\"text\",\"value\":\"Keep moving\",\"marks\":"
    "[{\"type\":\"code\"},{\"type\":\"underline\"},{\"type\":\"superscript\"}],"
    "\"data\":{}}]}]}]}]}]}";

static void contentful_article_renders(void **state)
{
    (void)state;
    expect(SEO_RICHTEXT_CONTENTFUL, contentful_article,
           "<p>Sciatica is pain along the <strong>sciatic nerve</strong>.</p>"
           "<h2>Frequently asked questions</h2>"
           "<h3>What causes sciatica?</h3>"
           "<p>Usually a herniated disc. See "
           "<a href=\"https://www.nhs.uk/conditions/sciatica/\">the NHS page</a> or our back pain "
           "guide.</p>"
           "<h3>How is sciatica treated?</h3>"
           "<ul><li><p>Exercise and stretching</p></li><li><p><em>Painkillers</em></p></li></ul>"
           "<hr>"
           "<table><tr><th><p>Week</p></th><th><p>Advice</p></th></tr>"
           "<tr><td><p>1-2</p></td><td><p><u><code><sup>Keep moving</sup></code></u></p></td>"
           "</tr></table>");
}

static const char portable_article[] =
    "[{\"_type\":\"block\",\"_key\":\"a1\",\"style\":\"normal\",\"markDefs\":[],\"children\":["
    "{\"_type\":\"span\",\"_key\":\"a1s1\",\"text\":\"Sciatica is pain along the \","
    "\"marks\":[]},"
    "{\"_type\":\"span\",\"_key\":\"a1s2\",\"text\":\"sciatic nerve\",\"marks\":[\"strong\"]},"
    "{\"_type\":\"span\",\"_key\":\"a1s3\",\"text\":\".\",\"marks\":[]}]},"
    "{\"_type\":\"block\",\"_key\":\"a2\",\"style\":\"h2\",\"markDefs\":[],\"children\":["
    "{\"_type\":\"span\",\"_key\":\"a2s1\",\"text\":\"Frequently asked questions\","
    "\"marks\":[]}]},"
    "{\"_type\":\"block\",\"_key\":\"a3\",\"style\":\"h3\",\"markDefs\":[],\"children\":["
    "{\"_type\":\"span\",\"_key\":\"a3s1\",\"text\":\"What causes sciatica?\",\"marks\":[]}]},"
    "{\"_type\":\"block\",\"_key\":\"a4\",\"style\":\"normal\",\"markDefs\":[{\"_key\":\"l1\","
    "\"_type\":\"link\",\"href\":\"https://www.nhs.uk/conditions/sciatica/\"}],\"children\":["
    "{\"_type\":\"span\",\"_key\":\"a4s1\",\"text\":\"Usually a herniated disc (\","
    "\"marks\":[]},"
    "{\"_type\":\"span\",\"_key\":\"a4s2\",\"text\":\"NHS \",\"marks\":[\"l1\"]},"
    "{\"_type\":\"span\",\"_key\":\"a4s3\",\"text\":\"guide\",\"marks\":[\"strong\",\"l1\"]},"
    "{\"_type\":\"span\",\"_key\":\"a4s4\",\"text\":\").\",\"marks\":[]}]},"
    "{\"_type\":\"image\",\"_key\":\"i1\",\"asset\":{\"_ref\":\"image-abc-800x600-jpg\","
    "\"_type\":\"reference\"}},"
    "{\"_type\":\"block\",\"_key\":\"a5\",\"style\":\"h3\",\"markDefs\":[],\"children\":["
    "{\"_type\":\"span\",\"_key\":\"a5s1\",\"text\":\"How is sciatica treated?\","
    "\"marks\":[]}]},"
    "{\"_type\":\"block\",\"_key\":\"a6\",\"style\":\"normal\",\"listItem\":\"bullet\","
    "\"level\":1,\"markDefs\":[],\"children\":[{\"_type\":\"span\",\"_key\":\"a6s1\","
    "\"text\":\"Exercise and stretching\",\"marks\":[]}]},"
    "{\"_type\":\"block\",\"_key\":\"a7\",\"style\":\"normal\",\"listItem\":\"bullet\","
    "\"level\":1,\"markDefs\":[],\"children\":[{\"_type\":\"span\",\"_key\":\"a7s1\","
    "\"text\":\"Hot or cold packs\",\"marks\":[]}]},"
    "{\"_type\":\"block\",\"_key\":\"a8\",\"style\":\"normal\",\"listItem\":\"number\","
    "\"level\":2,\"markDefs\":[],\"children\":[{\"_type\":\"span\",\"_key\":\"a8s1\","
    "\"text\":\"cold first\",\"marks\":[]}]},"
    "{\"_type\":\"block\",\"_key\":\"a9\",\"style\":\"normal\",\"listItem\":\"number\","
    "\"level\":2,\"markDefs\":[],\"children\":[{\"_type\":\"span\",\"_key\":\"a9s1\","
    "\"text\":\"then heat\",\"marks\":[]}]},"
    "{\"_type\":\"block\",\"_key\":\"b1\",\"style\":\"normal\",\"listItem\":\"bullet\","
    "\"level\":1,\"markDefs\":[],\"children\":[{\"_type\":\"span\",\"_key\":\"b1s1\","
    "\"text\":\"Painkillers\",\"marks\":[\"em\"]}]},"
    "{\"_type\":\"block\",\"_key\":\"b2\",\"style\":\"blockquote\",\"markDefs\":[],"
    "\"children\":[{\"_type\":\"span\",\"_key\":\"b2s1\",\"text\":\"Most people recover in "
    "6 weeks.\",\"marks\":[]}]}]";

static void portable_text_article(void **state)
{
    (void)state;
    expect(SEO_RICHTEXT_PORTABLE_TEXT, portable_article,
           "<p>Sciatica is pain along the <strong>sciatic nerve</strong>.</p>"
           "<h2>Frequently asked questions</h2>"
           "<h3>What causes sciatica?</h3>"
           "<p>Usually a herniated disc (<a href=\"https://www.nhs.uk/conditions/sciatica/\">NHS "
           "<strong>guide</strong></a>).</p>"
           "<h3>How is sciatica treated?</h3>"
           "<ul><li>Exercise and stretching</li><li>Hot or cold packs<ol><li>cold first</li>"
           "<li>then heat</li></ol></li><li><em>Painkillers</em></li></ul>"
           "<blockquote>Most people recover in 6 weeks.</blockquote>");
}

/* Marks that run on stay open; lists end at a custom object or a change of list type. */
static void portable_text_marks_and_lists(void **state)
{
    (void)state;
    expect(SEO_RICHTEXT_PORTABLE_TEXT,
           "[{\"_type\":\"block\",\"markDefs\":[{\"_key\":\"k\",\"_type\":\"link\",\"href\":"
           "\"/care\"},{\"_key\":\"c\",\"_type\":\"comment\"}],\"children\":["
           "{\"_type\":\"span\",\"text\":\"a\",\"marks\":[\"strong\",\"k\"]},"
           "{\"_type\":\"span\",\"text\":\"b\",\"marks\":[\"k\",\"c\"]},"
           "{\"_type\":\"span\",\"text\":\"c\",\"marks\":[\"k\",\"em\",\"unknown\"]},"
           "{\"_type\":\"inlineIcon\",\"name\":\"star\"},"
           "{\"_type\":\"span\",\"text\":\"d\\ne\",\"marks\":[\"em\"]}]},"
           "{\"_type\":\"block\",\"listItem\":\"bullet\",\"children\":[{\"_type\":\"span\","
           "\"text\":\"one\"}]},"
           "{\"_type\":\"block\",\"listItem\":\"number\",\"children\":[{\"_type\":\"span\","
           "\"text\":\"two\"}]},"
           "{\"_type\":\"block\",\"listItem\":\"number\",\"level\":3,\"children\":[{\"_type\":"
           "\"span\",\"text\":\"deep\"}]},"
           "{\"_type\":\"youtube\",\"url\":\"https://youtu.be/x\"},"
           "{\"_type\":\"block\",\"listItem\":\"number\",\"children\":[{\"_type\":\"span\","
           "\"text\":\"three\"}]},"
           "{\"_type\":\"block\",\"style\":\"h4\",\"children\":[{\"_type\":\"span\",\"text\":"
           "\"\"}]}]",
           "<p><a href=\"/care\"><strong>a</strong>b<em>c</em></a><em>d<br>e</em></p>"
           "<ul><li>one</li></ul><ol><li>two<ol><li>deep</li></ol></li></ol>"
           "<ol><li>three</li></ol>");
}

static const char lexical_article[] =
    "{\"root\":{\"type\":\"root\",\"format\":\"\",\"indent\":0,\"version\":1,\"direction\":"
    "\"ltr\",\"children\":["
    "{\"type\":\"paragraph\",\"format\":\"\",\"indent\":0,\"version\":1,\"direction\":\"ltr\","
    "\"textFormat\":0,\"children\":["
    "{\"type\":\"text\",\"text\":\"Sciatica is pain along the \",\"format\":0,\"detail\":0,"
    "\"mode\":\"normal\",\"style\":\"\",\"version\":1},"
    "{\"type\":\"text\",\"text\":\"sciatic nerve\",\"format\":1,\"detail\":0,\"mode\":"
    "\"normal\",\"style\":\"\",\"version\":1},"
    "{\"type\":\"text\",\"text\":\".\",\"format\":0,\"version\":1}]},"
    "{\"type\":\"heading\",\"tag\":\"h2\",\"version\":1,\"children\":[{\"type\":\"text\","
    "\"text\":\"Frequently asked questions\",\"format\":0,\"version\":1}]},"
    "{\"type\":\"heading\",\"tag\":\"h3\",\"version\":1,\"children\":[{\"type\":\"text\","
    "\"text\":\"What causes sciatica?\",\"format\":0,\"version\":1}]},"
    "{\"type\":\"paragraph\",\"version\":1,\"children\":["
    "{\"type\":\"text\",\"text\":\"Usually a herniated disc.\",\"format\":0,\"version\":1},"
    "{\"type\":\"linebreak\",\"version\":1},"
    "{\"type\":\"text\",\"text\":\"See \",\"format\":0,\"version\":1},"
    "{\"type\":\"link\",\"version\":3,\"fields\":{\"linkType\":\"custom\",\"newTab\":false,"
    "\"url\":\"https://www.nhs.uk/conditions/sciatica/\"},\"children\":[{\"type\":\"text\","
    "\"text\":\"the NHS page\",\"format\":0,\"version\":1}]},"
    "{\"type\":\"text\",\"text\":\" or \",\"format\":0,\"version\":1},"
    "{\"type\":\"link\",\"version\":3,\"fields\":{\"linkType\":\"internal\",\"newTab\":false,"
    "\"doc\":{\"relationTo\":\"posts\",\"value\":\"66a1\"}},\"children\":[{\"type\":\"text\","
    "\"text\":\"our guide\",\"format\":0,\"version\":1}]},"
    "{\"type\":\"text\",\"text\":\".\",\"format\":0,\"version\":1}]},"
    "{\"type\":\"upload\",\"relationTo\":\"media\",\"value\":\"66b2\",\"fields\":null,"
    "\"format\":\"\",\"version\":3},"
    "{\"type\":\"heading\",\"tag\":\"h3\",\"version\":1,\"children\":[{\"type\":\"text\","
    "\"text\":\"How is sciatica treated?\"}]},"
    "{\"type\":\"list\",\"listType\":\"bullet\",\"tag\":\"ul\",\"start\":1,\"version\":1,"
    "\"children\":["
    "{\"type\":\"listitem\",\"value\":1,\"version\":1,\"children\":[{\"type\":\"text\","
    "\"text\":\"Exercise and stretching\",\"format\":0,\"version\":1}]},"
    "{\"type\":\"listitem\",\"value\":2,\"version\":1,\"children\":[{\"type\":\"text\","
    "\"text\":\"Painkillers\",\"format\":3,\"version\":1}]},"
    "{\"type\":\"listitem\",\"value\":3,\"version\":1,\"children\":[{\"type\":\"list\","
    "\"listType\":\"number\",\"tag\":\"ol\",\"version\":1,\"children\":[{\"type\":\"listitem\","
    "\"value\":1,\"version\":1,\"children\":[{\"type\":\"text\",\"text\":\"ibuprofen\","
    "\"format\":0,\"version\":1}]}]}]}]},"
    "{\"type\":\"quote\",\"version\":1,\"children\":[{\"type\":\"text\",\"text\":\"Most people "
    "recover in 6 weeks.\",\"format\":0,\"version\":1}]},"
    "{\"type\":\"horizontalrule\",\"version\":1},"
    "{\"type\":\"list\",\"listType\":\"check\",\"tag\":\"ul\",\"version\":1,\"children\":["
    "{\"type\":\"listitem\",\"checked\":true,\"value\":1,\"version\":1,\"children\":[{\"type\":"
    "\"autolink\",\"url\":\"mailto:care@example.org\",\"version\":2,\"children\":[{\"type\":"
    "\"text\",\"text\":\"care@example.org\",\"format\":12,\"version\":1}]}]}]}]}}";

static void lexical_article_renders(void **state)
{
    (void)state;
    expect(SEO_RICHTEXT_LEXICAL, lexical_article,
           "<p>Sciatica is pain along the <strong>sciatic nerve</strong>.</p>"
           "<h2>Frequently asked questions</h2>"
           "<h3>What causes sciatica?</h3>"
           "<p>Usually a herniated disc.<br>See "
           "<a href=\"https://www.nhs.uk/conditions/sciatica/\">the NHS page</a> or our guide.</p>"
           "<h3>How is sciatica treated?</h3>"
           "<ul><li>Exercise and stretching</li><li><strong><em>Painkillers</em></strong></li>"
           "<li><ol><li>ibuprofen</li></ol></li></ul>"
           "<blockquote>Most people recover in 6 weeks.</blockquote><hr>"
           "<ul><li><a href=\"mailto:care@example.org\"><u><s>care@example.org</s></u></a></li>"
           "</ul>");
}

static void text_is_escaped(void **state)
{
    (void)state;
    expect(SEO_RICHTEXT_STRAPI_BLOCKS,
           "[{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":"
           "\"<script>alert(\\\"x\\\")</script> & 'q'\"}]}]",
           "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>");
    expect(SEO_RICHTEXT_CONTENTFUL,
           "{\"nodeType\":\"document\",\"content\":[{\"nodeType\":\"heading-2\",\"content\":"
           "[{\"nodeType\":\"text\",\"value\":\"<img src=x onerror=alert(1)>\"}]}]}",
           "<h2>&lt;img src=x onerror=alert(1)&gt;</h2>");
}

/* Renders a Strapi link to `url` around the text "t". */
static char *link_to(const char *url)
{
    json_t *tree =
        json_pack("[{s:s, s:[{s:s, s:s, s:[{s:s, s:s}]}]}]", "type", "paragraph", "children",
                  "type", "link", "url", url, "children", "type", "text", "text", "t");
    assert_non_null(tree);
    char *html = NULL;
    assert_int_equal(seo_richtext_html(tree, SEO_RICHTEXT_STRAPI_BLOCKS, DEPTH, BYTES, &html, NULL),
                     SEO_OK);
    json_decref(tree);
    return html;
}

static void hrefs_are_checked(void **state)
{
    (void)state;
    static const char *const dropped[] = {
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " \x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>x</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "",
        "  ",
        "httpx://example.com",
        "verylongscheme:x",
    };
    for (size_t i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++) {
        char *html = link_to(dropped[i]);
        assert_string_equal(html, "<p>t</p>");
        free(html);
    }
    static const char *const kept[][2] = {
        {"https://example.com/a?b=1&c=2", "https://example.com/a?b=1&amp;c=2"},
        {"HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM"},
        {"mailto:care@example.org", "mailto:care@example.org"},
        {"/guides/sciatica#faq", "/guides/sciatica#faq"},
        {"#faq", "#faq"},
        {"//cdn.example.com/x", "//cdn.example.com/x"},
        {"../a:b", "../a:b"},
        {"https://x.test/\"onmouseover='y'", "https://x.test/&quot;onmouseover=&#39;y&#39;"},
    };
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        char want[200];
        snprintf(want, sizeof(want), "<p><a href=\"%s\">t</a></p>", kept[i][1]);
        char *html = link_to(kept[i][0]);
        assert_string_equal(html, want);
        free(html);
    }
    /* The same check for Contentful, Portable Text and Lexical links. */
    expect(SEO_RICHTEXT_CONTENTFUL,
           "{\"nodeType\":\"document\",\"content\":[{\"nodeType\":\"paragraph\",\"content\":[{"
           "\"nodeType\":\"hyperlink\",\"data\":{\"uri\":\"javascript:alert(1)\"},\"content\":[{"
           "\"nodeType\":\"text\",\"value\":\"x\"}]}]}]}",
           "<p>x</p>");
    expect(SEO_RICHTEXT_PORTABLE_TEXT,
           "[{\"_type\":\"block\",\"markDefs\":[{\"_key\":\"k\",\"_type\":\"link\",\"href\":"
           "\"javascript:alert(1)\"}],\"children\":[{\"_type\":\"span\",\"text\":\"x\","
           "\"marks\":[\"k\"]}]}]",
           "<p>x</p>");
    expect(SEO_RICHTEXT_LEXICAL,
           "{\"root\":{\"type\":\"root\",\"children\":[{\"type\":\"paragraph\",\"children\":[{"
           "\"type\":\"link\",\"fields\":{\"url\":\"javascript:alert(1)\"},\"url\":\"https://"
           "ok.test\",\"children\":[{\"type\":\"text\",\"text\":\"x\"}]}]}]}}",
           "<p>x</p>");
}

static void depth_is_limited(void **state)
{
    (void)state;
    const char *para =
        "[{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"a\"}]}]";
    json_t *tree = load(para);
    struct seo_error err;
    char *html = NULL;
    assert_int_equal(refuse_tree(SEO_RICHTEXT_STRAPI_BLOCKS, tree, 1, BYTES, &err), SEO_ERR_LIMIT);
    assert_string_equal(err.field, "/0/children/0");
    assert_int_equal(seo_richtext_html(tree, SEO_RICHTEXT_STRAPI_BLOCKS, 2, BYTES, &html, NULL),
                     SEO_OK);
    assert_string_equal(html, "<p>a</p>");
    free(html);
    json_decref(tree);

    /* 10,000 nested quotes stop at the limit; the pointer, too long for err.field, is cut. */
    json_t *deep = json_pack("{s:s, s:s}", "nodeType", "text", "value", "deep");
    for (int i = 0; i < 10000; i++)
        deep = json_pack("{s:s, s:[o]}", "nodeType", "blockquote", "content", deep);
    json_t *doc = json_pack("{s:s, s:[o]}", "nodeType", "document", "content", deep);
    assert_int_equal(refuse_tree(SEO_RICHTEXT_CONTENTFUL, doc, 64, BYTES, &err), SEO_ERR_LIMIT);
    assert_true(strncmp(err.field, "/content/0/content/0/", 21) == 0);
    json_decref(doc);

    /* A Portable Text list item's depth is its level. */
    tree = load("[{\"_type\":\"block\",\"listItem\":\"bullet\",\"level\":33,\"children\":[]}]");
    assert_int_equal(refuse_tree(SEO_RICHTEXT_PORTABLE_TEXT, tree, DEPTH, BYTES, &err),
                     SEO_ERR_LIMIT);
    assert_string_equal(err.field, "/0/level");
    json_decref(tree);
}

static void bytes_are_limited(void **state)
{
    (void)state;
    json_t *tree = load(strapi_article);
    struct seo_error err;
    char *html = NULL;
    size_t len = strlen(strapi_html);
    assert_int_equal(seo_richtext_html(tree, SEO_RICHTEXT_STRAPI_BLOCKS, DEPTH, len, &html, NULL),
                     SEO_OK);
    assert_string_equal(html, strapi_html);
    free(html);
    for (size_t max = 0; max < len; max += 37) {
        assert_int_equal(refuse_tree(SEO_RICHTEXT_STRAPI_BLOCKS, tree, DEPTH, max, &err),
                         SEO_ERR_LIMIT);
        assert_string_equal(err.field, "");
    }
    assert_int_equal(refuse_tree(SEO_RICHTEXT_STRAPI_BLOCKS, tree, DEPTH, len - 1, &err),
                     SEO_ERR_LIMIT);
    json_decref(tree);
}

static void wrong_shapes_name_their_pointer(void **state)
{
    (void)state;
    expect_error(SEO_RICHTEXT_STRAPI_BLOCKS, "{\"type\":\"paragraph\"}", SEO_ERR_TYPE, "");
    expect_error(SEO_RICHTEXT_STRAPI_BLOCKS,
                 "[{\"type\":\"paragraph\",\"children\":[]},{\"type\":\"paragraph\",\"children\":"
                 "[]},{\"type\":\"quote\",\"children\":[]},{\"type\":\"paragraph\",\"children\":{"
                 "}}]",
                 SEO_ERR_TYPE, "/3/children");
    expect_error(SEO_RICHTEXT_STRAPI_BLOCKS,
                 "[{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"a\"},{"
                 "\"type\":\"text\",\"text\":5}]}]",
                 SEO_ERR_TYPE, "/0/children/1/text");
    expect_error(SEO_RICHTEXT_STRAPI_BLOCKS, "[{\"children\":[]}]", SEO_ERR_TYPE, "/0/type");
    expect_error(SEO_RICHTEXT_STRAPI_BLOCKS, "[\"paragraph\"]", SEO_ERR_TYPE, "/0");
    expect_error(SEO_RICHTEXT_STRAPI_BLOCKS, "[{\"type\":\"heading\",\"level\":7,\"children\":[]}]",
                 SEO_ERR_TYPE, "/0/level");
    expect_error(SEO_RICHTEXT_STRAPI_BLOCKS,
                 "[{\"type\":\"list\",\"children\":[{\"type\":\"list-item\",\"children\":[{"
                 "\"type\":\"text\",\"text\":\"a\\u0000b\"}]}]}]",
                 SEO_ERR_TYPE, "/0/children/0/children/0/text");
    expect_error(SEO_RICHTEXT_CONTENTFUL, "[]", SEO_ERR_TYPE, "");
    expect_error(SEO_RICHTEXT_CONTENTFUL, "{\"nodeType\":\"document\",\"content\":\"x\"}",
                 SEO_ERR_TYPE, "/content");
    expect_error(SEO_RICHTEXT_CONTENTFUL,
                 "{\"nodeType\":\"document\",\"content\":[{\"nodeType\":\"paragraph\",\"content\":"
                 "[{\"nodeType\":\"text\",\"value\":\"a\",\"marks\":{\"type\":\"bold\"}}]}]}",
                 SEO_ERR_TYPE, "/content/0/content/0/marks");
    expect_error(SEO_RICHTEXT_PORTABLE_TEXT, "{\"_type\":\"block\"}", SEO_ERR_TYPE, "");
    expect_error(SEO_RICHTEXT_PORTABLE_TEXT, "[{\"_type\":\"block\",\"children\":[]},null]",
                 SEO_ERR_TYPE, "/1");
    expect_error(SEO_RICHTEXT_PORTABLE_TEXT,
                 "[{\"_type\":\"block\",\"children\":[{\"_type\":\"span\",\"text\":\"a\","
                 "\"marks\":[\"em\",1]}]}]",
                 SEO_ERR_TYPE, "/0/children/0/marks/1");
    expect_error(SEO_RICHTEXT_PORTABLE_TEXT,
                 "[{\"_type\":\"block\",\"markDefs\":{},\"children\":[]}]", SEO_ERR_TYPE,
                 "/0/markDefs");
    expect_error(SEO_RICHTEXT_PORTABLE_TEXT,
                 "[{\"_type\":\"block\",\"listItem\":\"bullet\",\"level\":0,\"children\":[]}]",
                 SEO_ERR_TYPE, "/0/level");
    expect_error(SEO_RICHTEXT_PORTABLE_TEXT, "[{\"_type\":\"block\",\"style\":2,\"children\":[]}]",
                 SEO_ERR_TYPE, "/0/style");
    expect_error(SEO_RICHTEXT_LEXICAL, "[]", SEO_ERR_TYPE, "");
    expect_error(SEO_RICHTEXT_LEXICAL, "{\"children\":[]}", SEO_ERR_TYPE, "/root");
    expect_error(SEO_RICHTEXT_LEXICAL,
                 "{\"root\":{\"type\":\"root\",\"children\":[{\"type\":\"heading\",\"tag\":\"h7\","
                 "\"children\":[]}]}}",
                 SEO_ERR_TYPE, "/root/children/0/tag");

    struct seo_error err;
    json_t *tree = load("[{\"type\":\"paragraph\",\"children\":{}}]");
    refuse_tree(SEO_RICHTEXT_STRAPI_BLOCKS, tree, DEPTH, BYTES, &err);
    assert_string_equal(err.message, "/0/children in the strapi_blocks tree must be an array");
    json_decref(tree);
}

static void empty_trees_render_empty(void **state)
{
    (void)state;
    expect(SEO_RICHTEXT_STRAPI_BLOCKS, "[]", "");
    expect(SEO_RICHTEXT_CONTENTFUL, "{\"nodeType\":\"document\",\"data\":{},\"content\":[]}", "");
    expect(SEO_RICHTEXT_PORTABLE_TEXT, "[]", "");
    expect(SEO_RICHTEXT_LEXICAL, "{\"root\":{\"type\":\"root\",\"children\":[]}}", "");
    /* Empty blocks leave nothing either. */
    expect(SEO_RICHTEXT_STRAPI_BLOCKS,
           "[{\"type\":\"paragraph\",\"children\":[{\"type\":\"text\",\"text\":\"\"}]},{\"type\":"
           "\"list\",\"format\":\"ordered\",\"children\":[{\"type\":\"list-item\",\"children\":[]"
           "}]},{\"type\":\"link\",\"url\":\"https://x.test\",\"children\":[]}]",
           "");
}

static void kinds_have_names(void **state)
{
    (void)state;
    static const char *const names[] = {"strapi_blocks", "contentful_rich_text", "portable_text",
                                        "lexical"};
    for (size_t i = 0; i < 4; i++) {
        enum seo_richtext_kind k;
        assert_true(seo_richtext_kind_parse(names[i], &k));
        assert_int_equal(k, (int)i);
        assert_string_equal(seo_richtext_kind_name(k), names[i]);
    }
    enum seo_richtext_kind k = SEO_RICHTEXT_LEXICAL;
    assert_false(seo_richtext_kind_parse("html", &k));
    assert_int_equal(k, SEO_RICHTEXT_LEXICAL);
}

/* The rendered HTML, as the body of a JSON draft, gives the FAQ of its question headings
 * under "Frequently asked questions", the second answered by the list. */
static void rendered_html_feeds_the_faq(void **state)
{
    (void)state;
    static const enum seo_richtext_kind kinds[] = {
        SEO_RICHTEXT_STRAPI_BLOCKS, SEO_RICHTEXT_CONTENTFUL, SEO_RICHTEXT_PORTABLE_TEXT,
        SEO_RICHTEXT_LEXICAL};
    static const char *const docs[] = {strapi_article, contentful_article, portable_article,
                                       lexical_article};
    for (size_t i = 0; i < 4; i++) {
        char *html = render(kinds[i], docs[i]);
        json_t *draft = json_pack("{s:s, s:s, s:s}", "title", "Sciatica: causes and relief", "body",
                                  html, "format", "html");
        char *input = json_dumps(draft, 0);
        struct seo_options opts = seo_options_default();
        struct seo_result r;
        struct seo_error err;
        if (seo_generate(input, strlen(input), &opts, &r, &err) != SEO_OK)
            fail_msg("seo_generate: %s", err.message);
        assert_int_equal(r.faq.n, 2);
        assert_string_equal(r.faq.items[0].question, "What causes sciatica?");
        assert_string_equal(r.faq.items[0].source, "faq_section");
        assert_string_equal(r.faq.items[1].question, "How is sciatica treated?");
        assert_non_null(strstr(r.faq.items[1].answer, "stretching</li><li>"));
        seo_result_free(&r);
        free(input);
        json_decref(draft);
        free(html);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strapi_blocks_article),
        cmocka_unit_test(contentful_article_renders),
        cmocka_unit_test(portable_text_article),
        cmocka_unit_test(portable_text_marks_and_lists),
        cmocka_unit_test(lexical_article_renders),
        cmocka_unit_test(text_is_escaped),
        cmocka_unit_test(hrefs_are_checked),
        cmocka_unit_test(depth_is_limited),
        cmocka_unit_test(bytes_are_limited),
        cmocka_unit_test(wrong_shapes_name_their_pointer),
        cmocka_unit_test(empty_trees_render_empty),
        cmocka_unit_test(kinds_have_names),
        cmocka_unit_test(rendered_html_feeds_the_faq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
