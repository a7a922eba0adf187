#ifndef SEOPIPE_H
#define SEOPIPE_H

/*
 * The public entry of the pure generation core. seo_generate() runs every
 * stage in order (pipeline.c); seo_result_json() renders the result. Same
 * input and options give byte-identical output.
 */

#include "doc.h"
#include "draft.h"
#include "error.h"
#include "faq.h"
#include "jsonld.h"
#include "analysis.h"
#include "site.h"
#include "stem.h"

#include <jansson.h>

/*
 * The generator's output revision: raised whenever the package for some input
 * changes (tests/golden/REVISION records the golden outputs it belongs to, and
 * the ctest golden/revision fails when they change without it). It is part of
 * every content hash, so a cache shared by instances of different builds never
 * serves one build's package as another's.
 */
#define SEO_OUTPUT_REVISION 2
#define SEO_STR_(x) #x
#define SEO_STR(x) SEO_STR_(x)
/* What the content hash calls the generator: "0.1.0/2". */
#define SEO_GENERATOR_ID SEOPIPE_VERSION "/" SEO_STR(SEO_OUTPUT_REVISION)

struct seo_options {
    enum seo_format format; /* of the whole input; SEO_FORMAT_AUTO to detect */
    struct seo_limits limits;
    const struct seo_site *sites; /* borrowed; the draft's `site` picks one by id */
    size_t n_sites;
    const char *default_site;     /* id used when the draft names none; NULL: the first */
    long long now;                /* Unix time, for {year} when the draft has no date */
    struct seo_stem_cache *stems; /* optional, borrowed: stemmers reused across drafts */
};

/* Defaults: auto-detected format, seo_limits_default(), no sites, now = 0. */
struct seo_options seo_options_default(void);

struct seo_result {
    struct seo_draft draft;
    struct seo_document doc;
    struct seo_hints hints;
    struct seo_faq faq;
    struct seo_faq_source *sources; /* remote FAQ sources, in the order added */
    size_t n_sources, cap_sources;
    struct seo_warnings warnings;
    struct seo_stemmer *stemmer; /* for doc.language, shared by the stages */
    bool own_stemmer;            /* false when it belongs to the options' cache */
    struct seo_doc_stems *stems; /* the document's sentences and headings, stemmed once */
    char *focus_keyword;         /* lower case; NULL when none could be chosen */
    const struct seo_site *site; /* borrowed from the options; NULL when none is configured */
    char *meta_title;
    char *meta_description; /* NULL when the body has no sentence */
    char *slug;             /* NULL when nothing usable remains */
    char *canonical;        /* the page URL; NULL when neither the draft nor the site gives one */
    json_t *jsonld;         /* {"@context", "@graph"} */
    json_t *article_schema; /* the Article alone, with @context */
    json_t *faq_schema;     /* the FAQPage alone, with @context; NULL without FAQ */
    char *head_html;
    char *faq_html; /* the FAQ as a visible section, when some entry is not visible; else NULL */
    struct seo_analysis analysis;
    int year;              /* the {year} of title templates: the publication year, else now's */
    char content_hash[72]; /* "sha256:…" */
};

/*
 * Reads a draft and builds its whole package: seo_read() then seo_build().
 * On success fills *out (free with seo_result_free); on failure *out is
 * untouched and `err` says what was wrong and where.
 */
enum seo_status seo_generate(const char *input, size_t len, const struct seo_options *opts,
                             struct seo_result *out, struct seo_error *err);
/*
 * Stage 1 alone: parses the draft, picks its site and computes content_hash,
 * the cache key, without building anything (a few percent of seo_generate).
 * On success *out holds a partial result for seo_build() or
 * seo_result_free(); on failure *out is untouched.
 */
enum seo_status seo_read(const char *input, size_t len, const struct seo_options *opts,
                         struct seo_result *out, struct seo_error *err);
/*
 * Between seo_read() and seo_build(): hands over one remote FAQ source the
 * shell pulled (the draft's faq_sources, then its site's). `entries`
 * (borrowed) is the array seo_faqsource_parse() made (or its cached copy) of
 * {"question", "answer"} objects; malformed items are skipped. When the
 * source could not be used, `entries` is NULL and `failure` the reason
 * ("timeout", "HTTP 404", "unparsable: ..."): seo_build() warns
 * (faq_source_failed) and goes on. `url` and `failure` are copied. Folds the
 * URL and the entries or failure into r->content_hash, so the package's cache
 * key changes with the remote data; ask the cache after the last source.
 */
void seo_result_add_source(struct seo_result *r, const char *url, const json_t *entries,
                           const char *failure);
/*
 * Stages 2-13 on a result of seo_read() with the same options. On failure
 * `err` says why and r is left for the caller to free (seo_result_free).
 */
enum seo_status seo_build(struct seo_result *r, const struct seo_options *opts,
                          struct seo_error *err);
void seo_result_free(struct seo_result *r);

/*
 * Stages 2-8 alone: r->draft's body (format resolved, not AUTO) read into
 * r->doc and r->hints, cleaned, its title and language chosen, sentences
 * split, and r->faq extracted from the body, r->draft.faq, r->hints and
 * r->sources. seo_build() runs it for drafts, seo_faqsource_parse() for
 * fetched FAQ pages, so both read FAQ the same way. Only a limit stops it
 * (`err`); an empty body gives an empty FAQ.
 */
enum seo_status seo_read_faq(struct seo_result *r, const struct seo_limits *limits,
                             struct seo_error *err);

/* The result as pretty-printed JSON text, NUL-terminated; caller frees. */
char *seo_result_json(const struct seo_result *r);
/* The same with `indent` spaces per level, or compact when 0 (HTTP responses). */
char *seo_result_json_indent(const struct seo_result *r, int indent);

#endif
