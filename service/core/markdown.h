#ifndef SEO_MARKDOWN_H
#define SEO_MARKDOWN_H

#include "doc.h"
#include "jsonld.h"

/*
 * Parses a CommonMark body with cmark and appends its headings, paragraphs
 * and lists to `doc`. Fenced ```json blocks and raw HTML blocks holding
 * JSON-LD become hints; other code blocks are not prose and are skipped.
 * Task-list markers ("[ ]", "[x]") are removed from list items.
 */
enum seo_status seo_markdown_parse(const char *s, size_t len, struct seo_document *doc,
                                   struct seo_hints *hints, const struct seo_limits *limits,
                                   struct seo_warnings *w, struct seo_error *err);

#endif
