#ifndef SEO_HTML_H
#define SEO_HTML_H

#include "doc.h"
#include "jsonld.h"

/*
 * Parses an HTML document or fragment with gumbo and appends its headings,
 * paragraphs and lists to `doc`. Scripts, styles, comments, forms and page
 * chrome (nav, header, footer, aside, and elements whose class or id marks
 * them as cookie banners, breadcrumbs, share bars, sidebars or related-link
 * boxes) are dropped; when the page has an <article> or <main>, only that is
 * read. <script type="application/ld+json"> blocks become hints. When
 * `page_title` is not NULL it receives the <title> text (caller frees) or NULL.
 */
enum seo_status seo_html_parse(const char *s, size_t len, struct seo_document *doc,
                               struct seo_hints *hints, char **page_title,
                               const struct seo_limits *limits, struct seo_warnings *w,
                               struct seo_error *err);

/* The text of an HTML fragment: tags removed, entities decoded, white space collapsed. Caller
 * frees. */
char *seo_html_to_text(const char *s, size_t len);

/* True when `s` looks like an HTML document or an HTML fragment with block markup. */
bool seo_html_sniff(const char *s, size_t len);

#endif
