#ifndef SEO_FAQ_H
#define SEO_FAQ_H

#include "doc.h"
#include "draft.h"
#include "jsonld.h"

/*
 * FAQ extraction: the draft's own `faq`, FAQ sections and question headings
 * in the body, question lines followed by their answer, FAQPage JSON-LD
 * embedded in the body and entries pulled from remote FAQ sources, merged and
 * deduplicated (case, spacing and punctuation insensitive).
 */

struct seo_faq_entry {
    char *question;
    char *answer;      /* HTML limited to p, ul, ol, li, a, b, strong, i, em, br; escaped */
    char *answer_text; /* plain text, list items on their own lines */
    /* "draft", "faq_section", "heading", "question_line", "jsonld" or "remote" (static) */
    const char *source;
    char *source_url; /* for "remote": the URL of the FAQ source (owned); else NULL */
    bool visible;     /* the question appears in the visible text */
};

struct seo_faq {
    struct seo_faq_entry *items;
    size_t n, cap;
};

void seo_faq_free(struct seo_faq *faq);

/*
 * One remote FAQ source as the shell pulled it (seo_result_add_source): its
 * entries, or why it could not be used. Everything is owned.
 */
struct seo_faq_source {
    char *url;
    char *failure;              /* NULL when the source was read */
    struct seo_faq_pair *pairs; /* question (text) and answer (HTML), NFC */
    size_t n_pairs;
};

void seo_faq_sources_free(struct seo_faq_source *sources, size_t n);

/* True when a heading's text names an FAQ section ("FAQ", "Frequently asked questions", …). */
bool seo_faq_section_title(const char *text);

/* `t` ends in a question mark ('?' or the full-width U+FF1F); spaces, '*' and '"' after it aside.
 */
bool seo_faq_ends_with_question_mark(const char *t);

/*
 * A visible FAQ section holding exactly the marked-up entries, ready to paste
 * into the article: <section> with an <h2> (in the page's language where a
 * translation is known) and per entry an <h3> question and its answer. Search
 * engines require FAQPage content to be visible; the pipeline offers this
 * block when some entry is not. Caller frees; NULL without entries.
 */
char *seo_faq_html(const struct seo_faq *faq, const char *lang);

/*
 * Fills `out` (zero-initialised by the caller, freed with seo_faq_free) from
 * the draft, its cleaned document, the hints of its embedded JSON-LD and the
 * remote `sources` (borrowed; n_sources may be 0), in that order of
 * precedence. At most limits->max_faq_entries entries are kept; the rest, and
 * sources that failed, are reported in `w`.
 */
void seo_faq_extract(const struct seo_draft *draft, const struct seo_document *doc,
                     const struct seo_hints *hints, const struct seo_faq_source *sources,
                     size_t n_sources, const struct seo_limits *limits, struct seo_faq *out,
                     struct seo_warnings *w);

#endif
