#ifndef SEO_FAQSOURCE_H
#define SEO_FAQSOURCE_H

#include "doc.h"
#include "error.h"

#include <jansson.h>
#include <stddef.h>

/*
 * Remote FAQ sources: a page, JSON file or text the shell fetched from a
 * draft's (or its site's) faq_sources, turned into the interchange array
 * the shell caches per URL and hands to seo_result_add_source():
 *   [{"question": text, "answer": HTML (the FAQ answer subset), "answer_text": text}, ...]
 *
 * Kinds, from the Content-Type, else sniffed: HTML (its FAQPage JSON-LD, FAQ
 * section and question headings, read by the same stages as a draft body:
 * seo_read_faq()), JSON (an FAQPage object, a graph or array holding one, or
 * an array of {question, answer}), Markdown and plain text (as draft bodies).
 * Charset: the Content-Type's, else an HTML page's <meta> in its first 1024
 * bytes, else a byte order mark, else UTF-8 when the bytes are valid UTF-8,
 * else windows-1252; everything is converted to UTF-8, invalid bytes becoming
 * U+FFFD (a web page is not the editor's draft: it is read, not refused).
 */

/*
 * Parses one fetched source. `content_type` is the response's Content-Type
 * header (may be NULL), `body` its `len` bytes (borrowed, any encoding, not
 * NUL-terminated). On success *entries is a new array (caller decrefs),
 * empty when the source holds no FAQ. SEO_ERR_UNUSABLE with a short reason
 * for bodies it cannot read at all (binary, unknown charset, broken JSON);
 * SEO_ERR_LIMIT over `limits`. On failure *entries is untouched.
 */
enum seo_status seo_faqsource_parse(const char *content_type, const char *body, size_t len,
                                    const struct seo_limits *limits, json_t **entries,
                                    struct seo_error *err);

#endif
