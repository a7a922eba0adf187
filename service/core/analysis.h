#ifndef SEO_ANALYSIS_H
#define SEO_ANALYSIS_H

#include "doc.h"

#include <stddef.h>

/*
 * The content analysis editors know from Yoast SEO: each check has Yoast's
 * identifier, a score (0..9, Yoast's scale: <= 4 bad, 5..7 ok, >= 8 good), a
 * rating and a one-line message. Rules and thresholds:
 * ../shared/reference/seo-rules.md.
 */

struct seo_check {
    const char *id;     /* Yoast's identifier, e.g. "keyphraseDensity" (static) */
    int score;          /* 0..9: yoast_score, negative ones clamped to 0 */
    int yoast_score;    /* Yoast's own, down to -10, -20, -50 or -999: what seo_score sums */
    const char *rating; /* "good", "ok" or "bad" (static) */
    char *message;      /* one line, names the figure measured */
};

struct seo_analysis {
    struct seo_check *seo; /* keyphrase and metadata checks */
    size_t n_seo, cap_seo;
    struct seo_check *readability;
    size_t n_readability, cap_readability;
    /* Overall, as yoastseo computes them: the SEO score is the mean of the SEO checks' Yoast
     * scores over 9, as a percentage (0..100); the readability score is 30, 60 or 90 from the
     * readability checks' penalty points (Flesch reading ease is shown, not scored). */
    int seo_score;
    int readability_score;
    double
        flesch; /* Flesch reading ease (English formula; other languages: their own where known) */
};

struct seo_analysis_input {
    const struct seo_document *doc; /* title, blocks, sentences, language */
    const char *keyphrase;          /* the focus keyword, lower case; may be NULL */
    const char *meta_title;         /* the SEO title */
    double meta_title_px;           /* its width from seo_width_px() */
    const char *meta_description;
    const char *slug;
    struct seo_stemmer *stemmer; /* for doc->language, borrowed; NULL: the analysis makes its own */
};

/* Runs every check. Fills *out (zero-initialised by the caller; free with seo_analysis_free). */
void seo_analysis_run(const struct seo_analysis_input *in, struct seo_analysis *out);
void seo_analysis_free(struct seo_analysis *a);

#endif
