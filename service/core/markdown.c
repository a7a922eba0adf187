#include "markdown.h"

#include "html.h"

#include <cmark.h>
#include <string.h>

struct md_walk {
    struct seo_document *doc;
    struct seo_hints *hints;
    const struct seo_limits *limits;
    struct seo_warnings *w;
    struct seo_error *err;
};

static enum seo_status too_deep(struct md_walk *m)
{
    return seo_error_set(m->err, SEO_ERR_LIMIT, "/body",
                         "the Markdown body nests deeper than %u levels", m->limits->max_depth);
}

static enum seo_status inlines(struct md_walk *m, cmark_node *parent, struct seo_inline_builder *b,
                               unsigned depth)
{
    if (depth > m->limits->max_depth)
        return too_deep(m);
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        const char *tag = NULL, *lit;
        enum seo_status st;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            lit = cmark_node_get_literal(n);
            seo_inline_text(b, lit, strlen(lit));
            break;
        case CMARK_NODE_SOFTBREAK:
            seo_inline_text(b, " ", 1);
            break;
        case CMARK_NODE_LINEBREAK:
            seo_inline_break(b);
            break;
        case CMARK_NODE_EMPH:
            tag = "em";
            /* fall through */
        case CMARK_NODE_STRONG:
            if (!tag)
                tag = "strong";
            /* fall through */
        case CMARK_NODE_LINK:
            if (!tag)
                tag = "a";
            seo_inline_open(b, tag, strcmp(tag, "a") == 0 ? cmark_node_get_url(n) : NULL);
            st = inlines(m, n, b, depth + 1);
            seo_inline_close(b, tag);
            if (st != SEO_OK)
                return st;
            break;
        default: /* images and raw inline HTML are not text */
            break;
        }
    }
    return SEO_OK;
}

/* Drops a task-list marker at the start of an item: "[ ] ", "[x] ", "[X] ". */
static void strip_task_marker(struct seo_inline_builder *b)
{
    if (b->text.len >= 4 && b->text.data[0] == '[' && strchr(" xX", b->text.data[1]) &&
        b->text.data[2] == ']' && b->text.data[3] == ' ') {
        memmove(b->text.data, b->text.data + 4, b->text.len - 3);
        b->text.len -= 4;
        char *p = strstr(b->html.data, "] ");
        if (p) {
            size_t off = (size_t)(p - b->html.data) + 2;
            memmove(b->html.data, b->html.data + off, b->html.len - off + 1);
            b->html.len -= off;
        }
    }
}

static enum seo_status blocks(struct md_walk *m, cmark_node *parent, unsigned depth);

/* A list item: its paragraphs joined into one item; nested lists add their own items. */
static enum seo_status list_items(struct md_walk *m, cmark_node *list, unsigned depth)
{
    if (depth > m->limits->max_depth)
        return too_deep(m);
    for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        struct seo_inline_builder b = {0};
        enum seo_status st = SEO_OK;
        for (cmark_node *c = cmark_node_first_child(item); c && st == SEO_OK;
             c = cmark_node_next(c)) {
            cmark_node_type t = cmark_node_get_type(c);
            if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
                if (b.text.len)
                    seo_inline_break(&b);
                st = inlines(m, c, &b, depth + 1);
            }
        }
        strip_task_marker(&b);
        struct seo_inline in = seo_inline_take(&b);
        seo_doc_item(m->doc, in.text, in.html);
        seo_inline_free(&in);
        for (cmark_node *c = cmark_node_first_child(item); c && st == SEO_OK;
             c = cmark_node_next(c))
            if (cmark_node_get_type(c) == CMARK_NODE_LIST)
                st = list_items(m, c, depth + 1);
        if (st != SEO_OK)
            return st;
    }
    return SEO_OK;
}

static bool json_fence(const char *info)
{
    return info && (strncmp(info, "json", 4) == 0 || strncmp(info, "ld+json", 7) == 0 ||
                    strncmp(info, "jsonld", 6) == 0);
}

static enum seo_status blocks(struct md_walk *m, cmark_node *parent, unsigned depth)
{
    if (depth > m->limits->max_depth)
        return too_deep(m);
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        enum seo_status st = SEO_OK;
        struct seo_inline_builder b = {0};
        struct seo_inline in;
        const char *lit;
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_HEADING:
        case CMARK_NODE_PARAGRAPH:
            st = inlines(m, n, &b, depth + 1);
            in = seo_inline_take(&b);
            if (st == SEO_OK && cmark_node_get_type(n) == CMARK_NODE_HEADING)
                st = seo_doc_heading(m->doc, cmark_node_get_heading_level(n), in.text, in.html,
                                     m->err);
            else if (st == SEO_OK)
                st = seo_doc_paragraph(m->doc, in.text, in.html, m->err);
            seo_inline_free(&in);
            break;
        case CMARK_NODE_LIST:
            st = seo_doc_list(m->doc, cmark_node_get_list_type(n) == CMARK_ORDERED_LIST, m->err);
            if (st == SEO_OK)
                st = list_items(m, n, depth + 1);
            seo_doc_end_list(m->doc);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            st = seo_doc_rule(m->doc, m->err);
            break;
        case CMARK_NODE_BLOCK_QUOTE:
            st = blocks(m, n, depth + 1);
            break;
        case CMARK_NODE_CODE_BLOCK:
            lit = cmark_node_get_literal(n);
            if (json_fence(cmark_node_get_fence_info(n)) ||
                (lit && lit[0] == '{' && strstr(lit, "@context")))
                seo_jsonld_take_block(m->hints, lit, strlen(lit),
                                      (size_t)cmark_node_get_start_line(n), m->limits, m->w);
            break;
        case CMARK_NODE_HTML_BLOCK:
            lit = cmark_node_get_literal(n);
            st = seo_html_parse(lit, strlen(lit), m->doc, m->hints, NULL, m->limits, m->w, m->err);
            break;
        default:
            break;
        }
        if (st != SEO_OK)
            return st;
    }
    return SEO_OK;
}

enum seo_status seo_markdown_parse(const char *s, size_t len, struct seo_document *doc,
                                   struct seo_hints *hints, const struct seo_limits *limits,
                                   struct seo_warnings *w, struct seo_error *err)
{
    cmark_node *root = cmark_parse_document(s, len, CMARK_OPT_DEFAULT);
    struct md_walk m = {doc, hints, limits, w, err};
    enum seo_status st = blocks(&m, root, 0);
    cmark_node_free(root);
    return st;
}
