#ifndef SEO_JSONLD_H
#define SEO_JSONLD_H

#include "buf.h"
#include "doc.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Embedded JSON-LD and JSON blocks found inside a draft body (pasted schema,
 * an AI tool's output block, <script type="application/ld+json">). They are
 * removed from the prose and kept as hints: their FAQ entries and their facts.
 * Empty strings are ignored, never copied.
 */

struct seo_faq_pair {
    char *question;
    char *answer;
};

struct seo_hints {
    char *headline;
    char *description;
    char *date_published;
    char *date_modified;
    char *author_name;
    char *author_url;
    char *author_type; /* "Person" or "Organization" */
    char *image;
    char *meta_title;
    char *meta_description;
    char *focus_keyword;
    struct seo_faq_pair *faq;
    size_t n_faq, cap_faq;
    size_t blocks; /* embedded blocks recognised */
};

void seo_hints_free(struct seo_hints *h);

/*
 * Rewrites pseudo-JSON damaged by word processors into JSON: typographic
 * quotes used as string delimiters become ", quotes inside strings are kept or
 * escaped, raw control characters in strings are escaped and trailing commas
 * dropped. Appends to `out`; returns true when anything was changed.
 */
bool seo_jsonld_repair(const char *s, size_t len, struct seo_buf *out);

/*
 * Collects facts and FAQ entries from a parsed JSON-LD value (borrowed) into
 * `h`; empty strings where a fact belongs are reported in `w`.
 */
void seo_jsonld_absorb(struct seo_hints *h, const json_t *v, size_t max_faq,
                       struct seo_warnings *w);

/*
 * Parses one embedded block (repairing it when needed) and absorbs it. `line`
 * is where it starts in the body, for warnings (0 when unknown). Returns
 * false, with a warning, when it cannot be read even after repair.
 */
bool seo_jsonld_take_block(struct seo_hints *h, const char *s, size_t len, size_t line,
                           const struct seo_limits *limits, struct seo_warnings *w);

/*
 * End of the JSON value starting at s[start] (its '{' or '['), read as
 * seo_jsonld_repair reads it, so typographic quotes and the other damage it
 * repairs do not hide where the value ends: the index just past it, or 0
 * when it does not end.
 */
size_t seo_jsonld_value_end(const char *s, size_t len, size_t start);

/*
 * Removes embedded JSON blocks (lines starting with { and their balanced
 * extent, concatenated blocks, ===MARKER=== lines around them) from a text or
 * Markdown body. The prose that remains is appended to `prose`.
 */
void seo_jsonld_strip(const char *body, size_t len, struct seo_hints *h,
                      const struct seo_limits *limits, struct seo_warnings *w,
                      struct seo_buf *prose);

#endif
