#ifndef SEO_KEYWORD_H
#define SEO_KEYWORD_H

#include "doc.h"
#include "faq.h"
#include "stem.h"

#include <stddef.h>

/*
 * Phrases as sequences of content-word stems (stop words removed), so that
 * "Managing sex back pain" contains "sex back pain" and "back pains" matches
 * "back pain". Used by focus keyword choice, the meta description and the
 * analysis.
 */
struct seo_stems {
    struct seo_buf text; /* the stems, concatenated */
    size_t *off;
    size_t *len;
    size_t n, cap;
};

/* Appends the content-word stems of `text` to `out` (zero-initialised by the caller); the
 * stemmer knows its language and so its stop words. */
void seo_stems_of(struct seo_stems *out, const char *text, size_t len, struct seo_stemmer *st);
/*
 * The content-word stems of every sentence (parallel to doc->sentences) and
 * of every heading (indexed by block; empty for other blocks): the document
 * is tokenised and stemmed once, and every stage reads these.
 */
struct seo_doc_stems {
    struct seo_stems *sentences;
    struct seo_stems *blocks;
    size_t n_sentences, n_blocks;
};

void seo_doc_stems_build(struct seo_doc_stems *out, const struct seo_document *doc,
                         struct seo_stemmer *st);
void seo_doc_stems_free(struct seo_doc_stems *s);

/* How often `needle` occurs in `hay` as consecutive content words. 0 for an empty needle. */
size_t seo_stems_count(const struct seo_stems *hay, const struct seo_stems *needle);
void seo_stems_free(struct seo_stems *s);

/*
 * The focus keyword, lower case (caller frees): the draft's own when given,
 * as written but for spacing ("C++ compilers" -> "c++ compilers"); else the
 * AI tool's when the body confirms it; else the title phrase of 1-4 content
 * words an SEO editor would pick: the one best confirmed by the body, the
 * headings and the FAQ questions, longer phrases preferred when they are
 * nearly as well supported. NULL (with a warning) when the title has no
 * content word.
 */
char *seo_keyword_choose(const struct seo_document *doc, const struct seo_doc_stems *ds,
                         const struct seo_faq *faq, const char *given, const char *hint,
                         struct seo_stemmer *st, struct seo_warnings *w);

#endif
