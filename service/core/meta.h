#ifndef SEO_META_H
#define SEO_META_H

#include "doc.h"
#include "site.h"

/*
 * Meta title and meta description (the snippet a search result shows).
 * Rules: ../shared/reference/seo-rules.md.
 */

#define SEO_TITLE_MAX_CHARS 60
#define SEO_TITLE_MAX_PX 600.0
#define SEO_DESCRIPTION_MIN 121
#define SEO_DESCRIPTION_MAX 156

struct seo_stemmer;

struct seo_title_vars {
    const char *title;   /* the visible title */
    const char *keyword; /* focus keyword, lower case; may be NULL */
    const char *site;    /* site name; may be NULL */
    const char *sep;     /* separator, e.g. "|" */
    int year;            /* 0 when unknown */
    size_t sections;     /* number of H2 sections */
    const char *lang;
    struct seo_stemmer *stemmer; /* for `lang`, borrowed */
};

/*
 * The meta title: every template rendered with the whole title and with the
 * title cut at natural boundaries (before a conjunction or preposition, at
 * punctuation; never mid-word), the candidates that fit 60 characters and
 * 600 px kept, and the best chosen: one holding the keyword, then one wider
 * than 400 px, then the whole title (or a cut at punctuation before a cut at
 * a stop word), then the widest. Templates with a variable that has no value are
 * skipped. With no templates: "{title} {sep} {site}", "{title}", and, when
 * the title lacks the keyword, "{keyword}: {title}". Never all capitals.
 * Caller frees.
 */
char *seo_meta_title(const struct seo_title_vars *v, const char *const *templates,
                     size_t n_templates);

/*
 * The meta description: 121-156 characters from the draft's own sentences.
 * Candidates are single sentences and runs of two or three consecutive
 * sentences of one paragraph; the best holds the keyword once or twice and
 * says most about the article (its words are the article's frequent ones),
 * earlier ones preferred. When no candidate fits, the best sentence is cut
 * at a word boundary and ends with "…". Caller frees; NULL when the body has
 * no sentence.
 */
struct seo_doc_stems;
char *seo_meta_description(const struct seo_document *doc, const struct seo_doc_stems *ds,
                           const char *keyword, struct seo_stemmer *st);

/* Characters (code points) in s. */
size_t seo_meta_chars(const char *s);

#endif
