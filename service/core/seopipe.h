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

struct seo_options {
    enum seo_format format; /* of the whole input; SEO_FORMAT_AUTO to detect */
    struct seo_limits limits;
};

/* Defaults: auto-detected format, seo_limits_default(). */
struct seo_options seo_options_default(void);

struct seo_result {
    struct seo_draft draft;
    struct seo_document doc;
    struct seo_hints hints;
    struct seo_faq faq;
    struct seo_warnings warnings;
    char *focus_keyword; /* lower case; NULL when none could be chosen */
};

/*
 * Reads a draft and builds its document model and FAQ. On success fills *out
 * (free with seo_result_free); on failure *out is untouched and `err` says
 * what was wrong and where.
 */
enum seo_status seo_generate(const char *input, size_t len, const struct seo_options *opts,
                             struct seo_result *out, struct seo_error *err);
void seo_result_free(struct seo_result *r);

/* The result as pretty-printed JSON text, NUL-terminated; caller frees. */
char *seo_result_json(const struct seo_result *r);

#endif
