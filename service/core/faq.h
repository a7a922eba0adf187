#ifndef SEO_FAQ_H
#define SEO_FAQ_H

#include "doc.h"
#include "draft.h"
#include "jsonld.h"

/*
 * FAQ extraction: the draft's own `faq`, FAQ sections and question headings
 * in the body, question lines followed by their answer, and FAQPage JSON-LD
 * embedded in the body, merged and deduplicated (case, spacing and
 * punctuation insensitive).
 */

struct seo_faq_entry {
    char *question;
    char *answer;      /* HTML limited to p, ul, ol, li, a, b, strong, i, em, br; escaped */
    char *answer_text; /* plain text, list items on their own lines */
    const char
        *source;  /* "draft", "faq_section", "heading", "question_line" or "jsonld" (static) */
    bool visible; /* the question appears in the visible text */
};

struct seo_faq {
    struct seo_faq_entry *items;
    size_t n, cap;
};

void seo_faq_free(struct seo_faq *faq);

/* True when a heading's text names an FAQ section ("FAQ", "Frequently asked questions", …). */
bool seo_faq_section_title(const char *text);

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
 * the draft, its cleaned document and the hints of its embedded JSON-LD. At
 * most limits->max_faq_entries entries are kept; the rest are reported in `w`.
 */
void seo_faq_extract(const struct seo_draft *draft, const struct seo_document *doc,
                     const struct seo_hints *hints, const struct seo_limits *limits,
                     struct seo_faq *out, struct seo_warnings *w);

#endif
