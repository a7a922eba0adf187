#ifndef SEO_HEAD_H
#define SEO_HEAD_H

#include "seopipe.h"

/*
 * The <head> tags for the page, ready to paste: <title>, meta description,
 * canonical, Open Graph and Twitter tags, and the JSON-LD graph in a
 * <script type="application/ld+json"> in which <, > and & are written as
 * \u003c, \u003e and \u0026 so that no text can end the element. Attribute
 * values are HTML-escaped. Caller frees.
 */
char *seo_head_html(const struct seo_result *r);

/* Appends JSON text with <, > and & escaped as \u003c, \u003e, \u0026 (safe inside <script>). */
struct seo_buf;
void seo_head_script_json(struct seo_buf *out, const char *json);

#endif
