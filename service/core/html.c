#include "html.h"

#include "mem.h"
#include "utf8.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct html_walk {
    struct seo_document *doc;
    struct seo_hints *hints;
    const struct seo_limits *limits;
    struct seo_warnings *w;
    struct seo_error *err;
    struct seo_inline_builder pending; /* inline content not yet in a block */
    int list_depth;
    bool in_main;
};

/* Words in a class or id that mark page chrome rather than content. */
static const char *const chrome_words[] = {
    "cookie",   "cookies",    "breadcrumb", "breadcrumbs", "share", "sharing", "social", "sidebar",
    "related",  "newsletter", "advert",     "ads",         "skip",  "nav",     "navbar", "menu",
    "comments", "banner",     "popup",      "subscribe",   "print", "toolbar", "screen"};

/* True when one of the '-', '_' or space separated parts of `v` is a chrome word. */
static bool chrome_attr(const char *v)
{
    if (!v)
        return false;
    while (*v) {
        size_t n = strcspn(v, " -_\t\n");
        for (size_t k = 0; k < sizeof(chrome_words) / sizeof(chrome_words[0]); k++)
            if (n == strlen(chrome_words[k]) && strncasecmp(v, chrome_words[k], n) == 0)
                return true;
        v += n;
        while (*v && strchr(" -_\t\n", *v))
            v++;
    }
    return false;
}

static bool dropped(const struct html_walk *h, const GumboNode *n)
{
    /* Inside <article> or <main>, <header> holds the article's own title. */
    if (n->v.element.tag == GUMBO_TAG_HEADER && h->in_main)
        return false;
    switch (n->v.element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_MENU:
        return true;
    default:
        break;
    }
    const GumboAttribute *role = gumbo_get_attribute(&n->v.element.attributes, "role");
    if (role &&
        (strcasecmp(role->value, "navigation") == 0 || strcasecmp(role->value, "banner") == 0 ||
         strcasecmp(role->value, "contentinfo") == 0 ||
         strcasecmp(role->value, "complementary") == 0))
        return true;
    const GumboAttribute *hidden = gumbo_get_attribute(&n->v.element.attributes, "hidden");
    if (hidden)
        return true;
    const GumboAttribute *cls = gumbo_get_attribute(&n->v.element.attributes, "class");
    const GumboAttribute *id = gumbo_get_attribute(&n->v.element.attributes, "id");
    return chrome_attr(cls ? cls->value : NULL) || chrome_attr(id ? id->value : NULL);
}

static const char *inline_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_A:
        return "a";
    case GUMBO_TAG_B:
        return "b";
    case GUMBO_TAG_STRONG:
        return "strong";
    case GUMBO_TAG_I:
        return "i";
    case GUMBO_TAG_EM:
        return "em";
    default:
        return NULL;
    }
}

/* Elements whose content flows inline; everything else starts a new block. */
static bool is_inline(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_B:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_I:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_U:
    case GUMBO_TAG_S:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_VAR:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_INS:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_TT:
        return true;
    default:
        return false;
    }
}

static enum seo_status too_deep(struct html_walk *h)
{
    return seo_error_set(h->err, SEO_ERR_LIMIT, "/body",
                         "the HTML body nests deeper than %u elements", h->limits->max_depth);
}

/*
 * Text gumbo decoded, added to `b`. gumbo writes bytes that are not UTF-8 for a character
 * reference past U+10FFFF (&#49999999999;, found by fuzz/intake.c): such text is repaired
 * (U+FFFD) first, so nothing after intake ever sees invalid UTF-8.
 */
static void add_text(struct seo_inline_builder *b, const char *s)
{
    size_t n = strlen(s);
    if (seo_utf8_valid(s, n, NULL)) {
        seo_inline_text(b, s, n);
        return;
    }
    struct seo_buf fixed = {0};
    seo_utf8_repair(&fixed, s, n);
    seo_inline_text(b, fixed.data, fixed.len);
    seo_buf_free(&fixed);
}

static void inline_content(struct html_walk *h, const GumboNode *n, unsigned depth)
{
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
        add_text(&h->pending, n->v.text.text);
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT || dropped(h, n) || depth > h->limits->max_depth)
        return;
    if (n->v.element.tag == GUMBO_TAG_BR) {
        seo_inline_break(&h->pending);
        return;
    }
    const char *tag = inline_tag(n->v.element.tag);
    const GumboAttribute *href = n->v.element.tag == GUMBO_TAG_A
                                     ? gumbo_get_attribute(&n->v.element.attributes, "href")
                                     : NULL;
    if (tag) /* an href gumbo decoded into bytes that are not UTF-8 is no link */
        seo_inline_open(&h->pending, tag,
                        href && seo_utf8_valid(href->value, strlen(href->value), NULL) ? href->value
                                                                                       : NULL);
    const GumboVector *kids = &n->v.element.children;
    for (unsigned i = 0; i < kids->length; i++)
        inline_content(h, kids->data[i], depth + 1);
    if (tag)
        seo_inline_close(&h->pending, tag);
}

/* Turns pending inline content into a paragraph (or a list item inside a list). */
static enum seo_status flush(struct html_walk *h)
{
    struct seo_inline in = seo_inline_take(&h->pending);
    enum seo_status st = SEO_OK;
    if (h->list_depth > 0 && h->doc->list_open)
        seo_doc_item(h->doc, in.text, in.html);
    else
        st = seo_doc_paragraph(h->doc, in.text, in.html, h->err);
    seo_inline_free(&in);
    return st;
}

static bool ld_json(const GumboNode *n)
{
    const GumboAttribute *type = gumbo_get_attribute(&n->v.element.attributes, "type");
    return type && strcasecmp(type->value, "application/ld+json") == 0;
}

static void collect_jsonld(struct html_walk *h, const GumboNode *n)
{
    if (n->type != GUMBO_NODE_ELEMENT)
        return;
    const GumboVector *kids = &n->v.element.children;
    if (n->v.element.tag == GUMBO_TAG_SCRIPT) {
        if (ld_json(n) && kids->length == 1 &&
            ((GumboNode *)kids->data[0])->type == GUMBO_NODE_TEXT) {
            const char *t = ((GumboNode *)kids->data[0])->v.text.text;
            seo_jsonld_take_block(h->hints, t, strlen(t), n->v.element.start_pos.line, h->limits,
                                  h->w);
        }
        return;
    }
    for (unsigned i = 0; i < kids->length; i++)
        collect_jsonld(h, kids->data[i]);
}

static enum seo_status block_content(struct html_walk *h, const GumboNode *n, unsigned depth);

static enum seo_status children(struct html_walk *h, const GumboNode *n, unsigned depth)
{
    const GumboVector *kids = &n->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        enum seo_status st = block_content(h, kids->data[i], depth + 1);
        if (st != SEO_OK)
            return st;
    }
    return flush(h);
}

static enum seo_status block_content(struct html_walk *h, const GumboNode *n, unsigned depth)
{
    if (depth > h->limits->max_depth)
        return too_deep(h);
    if (n->type != GUMBO_NODE_ELEMENT || is_inline(n->v.element.tag)) {
        inline_content(h, n, depth);
        return SEO_OK;
    }
    if (dropped(h, n))
        return SEO_OK;
    enum seo_status st = flush(h);
    if (st != SEO_OK)
        return st;
    GumboTag tag = n->v.element.tag;
    switch (tag) {
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: {
        const GumboVector *kids = &n->v.element.children;
        for (unsigned i = 0; i < kids->length; i++)
            inline_content(h, kids->data[i], depth + 1);
        struct seo_inline in = seo_inline_take(&h->pending);
        st = seo_doc_heading(h->doc, (int)(tag - GUMBO_TAG_H1) + 1, in.text, in.html, h->err);
        seo_inline_free(&in);
        return st;
    }
    case GUMBO_TAG_HR:
        return h->list_depth ? SEO_OK : seo_doc_rule(h->doc, h->err);
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
        if (h->list_depth == 0) {
            st = seo_doc_list(h->doc, tag == GUMBO_TAG_OL, h->err);
            if (st != SEO_OK)
                return st;
        }
        h->list_depth++;
        st = children(h, n, depth);
        h->list_depth--;
        if (h->list_depth == 0)
            seo_doc_end_list(h->doc);
        return st;
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_DETAILS:
    default:
        /* A block inside a list item closes the list around it only for headings
         * and paragraphs outside lists; inside lists each block is an item. */
        return children(h, n, depth);
    }
}

/* The first <article> or <main> element, searched breadth-first enough for real pages. */
static const GumboNode *find_main(const GumboNode *n, unsigned depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > 64)
        return NULL;
    if (n->v.element.tag == GUMBO_TAG_MAIN || n->v.element.tag == GUMBO_TAG_ARTICLE)
        return n;
    const GumboVector *kids = &n->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        const GumboNode *f = find_main(kids->data[i], depth + 1);
        if (f)
            return f;
    }
    return NULL;
}

static char *title_text(const GumboNode *n, unsigned depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > 64)
        return NULL;
    const GumboVector *kids = &n->v.element.children;
    if (n->v.element.tag == GUMBO_TAG_TITLE) {
        struct seo_inline_builder b = {0};
        for (unsigned i = 0; i < kids->length; i++) {
            const GumboNode *k = kids->data[i];
            if (k->type == GUMBO_NODE_TEXT)
                add_text(&b, k->v.text.text);
        }
        struct seo_inline in = seo_inline_take(&b);
        free(in.html);
        if (!*in.text) {
            free(in.text);
            return NULL;
        }
        return in.text;
    }
    for (unsigned i = 0; i < kids->length; i++) {
        char *t = title_text(kids->data[i], depth + 1);
        if (t)
            return t;
    }
    return NULL;
}

/*
 * gumbo 0.10 builds and frees its tree recursively and has no depth limit, so
 * a body of 100,000 nested tags would exhaust the stack before our own walk
 * could refuse it. Estimate the nesting from the tags first; the estimate
 * over-counts (unclosed <p> and <li>), so the cap is generous.
 */
static bool nesting_plausible(const char *s, size_t len, unsigned max_depth)
{
    size_t depth = 0, cap = (size_t)max_depth * 16;
    for (size_t i = 0; i + 1 < len; i++) {
        if (s[i] != '<')
            continue;
        char c = s[i + 1];
        if (c == '/') {
            if (depth)
                depth--;
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            if (++depth > cap)
                return false;
        }
    }
    return true;
}

enum seo_status seo_html_parse(const char *s, size_t len, struct seo_document *doc,
                               struct seo_hints *hints, char **page_title,
                               const struct seo_limits *limits, struct seo_warnings *w,
                               struct seo_error *err)
{
    if (!nesting_plausible(s, len, limits->max_depth))
        return seo_error_set(err, SEO_ERR_LIMIT, "/body",
                             "the HTML body nests deeper than %u elements", limits->max_depth);
    GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, s, len);
    struct html_walk h = {.doc = doc, .hints = hints, .limits = limits, .w = w, .err = err};
    collect_jsonld(&h, out->root);
    if (page_title)
        *page_title = title_text(out->root, 0);
    const GumboNode *main = find_main(out->root, 0);
    h.in_main = main != NULL;
    enum seo_status st = main ? children(&h, main, 0) : block_content(&h, out->root, 0);
    if (st == SEO_OK)
        st = flush(&h);
    seo_buf_free(&h.pending.text);
    seo_buf_free(&h.pending.html);
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return st;
}

static void text_of(const GumboNode *n, struct seo_inline_builder *b, unsigned depth)
{
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
        add_text(b, n->v.text.text);
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT || depth > 64 || n->v.element.tag == GUMBO_TAG_SCRIPT ||
        n->v.element.tag == GUMBO_TAG_STYLE)
        return;
    if (!is_inline(n->v.element.tag))
        seo_inline_text(b, " ", 1);
    const GumboVector *kids = &n->v.element.children;
    for (unsigned i = 0; i < kids->length; i++)
        text_of(kids->data[i], b, depth + 1);
}

char *seo_html_to_text(const char *s, size_t len)
{
    struct seo_inline_builder b = {0};
    if (nesting_plausible(s, len, 64)) {
        GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, s, len);
        text_of(out->root, &b, 0);
        gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
    struct seo_inline in = seo_inline_take(&b);
    free(in.html);
    return in.text;
}

bool seo_html_sniff(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", s[i]))
        i++;
    if (i < len && s[i] == '<' && len - i > 5 &&
        (strncasecmp(s + i, "<!doctype", 9) == 0 || strncasecmp(s + i, "<html", 5) == 0 ||
         strncasecmp(s + i, "<!--", 4) == 0))
        return true;
    static const char *const tags[] = {"<p>",      "<p ",      "<h1",   "<h2",  "<h3",
                                       "<div",     "<ul>",     "<ol>",  "<li>", "<br",
                                       "<section", "<article", "<table"};
    enum { NTAGS = sizeof(tags) / sizeof(tags[0]) };
    bool seen[NTAGS] = {false};
    size_t hits = 0, scan = len < 65536 ? len : 65536;
    for (const char *p = memchr(s, '<', scan); p;
         p = memchr(p + 1, '<', scan - (size_t)(p + 1 - s))) {
        for (size_t k = 0; k < NTAGS; k++) {
            size_t tl = strlen(tags[k]);
            if (!seen[k] && (size_t)(s + scan - p) >= tl && strncasecmp(p, tags[k], tl) == 0) {
                seen[k] = true;
                hits++;
            }
        }
        if (p + 1 >= s + scan)
            break;
    }
    return hits >= 2 || (i < len && s[i] == '<' && hits >= 1);
}
