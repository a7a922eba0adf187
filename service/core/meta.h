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
 * title shortened at a word's end (at punctuation or before a stop word;
 * after any other word only as a last resort, never leaving a stop word or
 * punctuation at the end), the candidates that fit 60 characters and 600 px
 * kept, and the best chosen: one holding the keyword, then one wider than
 * 400 px, then the most natural cut, then one with the keyword first, then
 * the widest. A title that fits whole stays as written; one that must be
 * shortened and holds the keyword after a content word also competes in
 * keyword-first forms of its own words: from the keyword on, or "Keyword: "
 * before a part ahead of it (a dropped head that does not end in a stop word
 * or punctuation counts as a cut after a word). Templates with a variable that has no value are
 * skipped. With no templates: "{title} {sep} {site}", "{title}", and, when the title lacks the
 * keyword, "{keyword}: {title}" with and without the site. Never all capitals. When not even the
 * first word fits, the keyword alone (if it fits) or the title cut mid-word with "…", and a warning
 * meta_title_cut in `warnings` (may be NULL). Never over 60 characters or 600 px. Caller frees.
 */
char *seo_meta_title(const struct seo_title_vars *v, const char *const *templates,
                     size_t n_templates, struct seo_warnings *warnings);

/*
 * The meta description: 121-156 characters from the draft's own sentences.
 * Candidates are single sentences and runs of two or three sentences of one
 * paragraph, in order; between two of its sentences a run may skip up to two
 * when the one it goes on with stands on its own (no question, no opening
 * word that points back). The best holds the keyword once or twice and says
 * most about the article (its words are the article's frequent ones),
 * earlier, shorter and unbroken runs preferred. A run never opens with a
 * question; one opened by a sentence that leans on the sentence before it
 * ("But …", "That is …", "In addition, …") is taken only when nothing else
 * fits. The keyword as a lead ("Knee strengthening exercises: …") competes
 * too, never followed by such a sentence or by one repeating the keyword.
 * A sentence too long to fit competes cut at a word boundary with "…"; a
 * body too short for 121 characters gives its first sentences. Caller frees;
 * NULL when the body has no sentence.
 */
struct seo_doc_stems;
char *seo_meta_description(const struct seo_document *doc, const struct seo_doc_stems *ds,
                           const char *keyword, struct seo_stemmer *st);

/* Characters (code points) in s. */
size_t seo_meta_chars(const char *s);

#endif
