#ifndef SEO_PLAINTEXT_H
#define SEO_PLAINTEXT_H

#include "doc.h"

/*
 * Segments a plain-text body into headings, paragraphs and lists by its
 * layout (see plaintext.c), appending blocks to `doc`. Handles LF, CRLF and
 * CR line endings.
 */
enum seo_status seo_plaintext_parse(const char *s, size_t len, struct seo_document *doc,
                                    struct seo_error *err);

#endif
