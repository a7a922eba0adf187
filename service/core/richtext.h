#ifndef SEO_RICHTEXT_H
#define SEO_RICHTEXT_H

/*
 * The JSON rich-text trees headless CMSs store bodies in, rendered to the
 * HTML that intake already reads (html.c): Strapi Blocks, Contentful Rich
 * Text, Sanity Portable Text and Payload (Lexical). Only structure that
 * matters for SEO survives: headings with their level, paragraphs, lists,
 * quotes, links, bold and italic; images, embeds and unknown nodes are
 * skipped (their text, when they have any, is kept). Every text is
 * HTML-escaped, every href is checked (http, https, mailto or relative).
 */

#include "error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum seo_richtext_kind {
    SEO_RICHTEXT_STRAPI_BLOCKS, /* array of {type, children, ...} */
    SEO_RICHTEXT_CONTENTFUL,    /* {nodeType: "document", content: [...]} */
    SEO_RICHTEXT_PORTABLE_TEXT, /* array of {_type: "block", style, children: [spans]} */
    SEO_RICHTEXT_LEXICAL,       /* {root: {type: "root", children: [...]}} */
};

/* Parses "strapi_blocks", "contentful_rich_text", "portable_text", "lexical"; false otherwise. */
bool seo_richtext_kind_parse(const char *name, enum seo_richtext_kind *out);
const char *seo_richtext_kind_name(enum seo_richtext_kind k);

/*
 * Renders `tree` (borrowed) as HTML. Nesting deeper than `max_depth` or
 * output over `max_bytes` fails with SEO_ERR_LIMIT; a tree of the wrong
 * shape fails with SEO_ERR_TYPE naming the JSON pointer at fault (relative
 * to `tree`). On success *out is a NUL-terminated string the caller frees
 * (possibly empty when the tree holds no text); on failure it is untouched.
 * Depth counts nodes: a top-level block is at depth 1 and each node inside
 * it one deeper (the Contentful document and the Lexical root are at 0); a
 * Portable Text list item's depth is its `level`, and a span with more than
 * 32 marks is refused too. `max_bytes` excludes the terminating NUL; elements
 * that would stay empty are left out and do not count.
 */
enum seo_status seo_richtext_html(const json_t *tree, enum seo_richtext_kind kind,
                                  unsigned max_depth, size_t max_bytes, char **out,
                                  struct seo_error *err);

#endif
