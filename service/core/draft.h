#ifndef SEO_DRAFT_H
#define SEO_DRAFT_H

#include "doc.h"
#include "jsonld.h"

#include <stddef.h>

/* How a draft or its body is written. */
enum seo_format {
    SEO_FORMAT_AUTO,
    SEO_FORMAT_JSON, /* a seopipe JSON draft; only for whole inputs */
    SEO_FORMAT_MARKDOWN,
    SEO_FORMAT_HTML,
    SEO_FORMAT_TEXT,
};

/* Parses "auto", "json", "markdown" (or "md"), "html", "text" (or "plain"); false otherwise. */
bool seo_format_parse(const char *name, enum seo_format *out);
const char *seo_format_name(enum seo_format f);
/* Guesses the format of a body: HTML, Markdown or plain text (never JSON or AUTO). */
enum seo_format seo_format_sniff(const char *s, size_t len);

/*
 * The CMS's current SEO for the page (the draft's `existing_seo`, e.g.
 * WordPress's yoast_head_json), so the package can say what it changes and
 * avoid a second FAQPage. Strings as in struct seo_draft. Of its `jsonld`
 * only the node types are kept.
 */
#define SEO_MAX_SCHEMA_TYPES 32
struct seo_existing_seo {
    char *meta_title;
    char *meta_description;
    char *canonical;
    char *focus_keyword;
    char *schema_types[SEO_MAX_SCHEMA_TYPES]; /* every @type in its jsonld, first seen first */
    size_t n_schema_types;
    bool faq_schema_present; /* its jsonld holds a node whose @type is or includes FAQPage */
};

/*
 * A draft as the CMS or editor sent it. Every string is NFC-normalised UTF-8
 * or NULL when absent or empty: an empty string is never kept.
 */
struct seo_draft {
    char *id;
    char *title;
    char *body;
    size_t body_len;
    enum seo_format format; /* of the body; AUTO until resolved */
    char *url;
    char *locale;
    char *author_name;
    char *author_url;
    char *date_published;
    char *date_modified;
    char *image;
    char *section;
    char *focus_keyword;
    char *site;
    bool medical; /* the draft says its content is medical (a MedicalWebPage, as a medical site) */
    char **tags;
    size_t n_tags;
    struct seo_faq_pair *faq;
    size_t n_faq;
    char **faq_sources;
    size_t n_faq_sources;
    struct seo_existing_seo *existing_seo; /* NULL when the draft has none */
};

void seo_draft_free(struct seo_draft *d);

/*
 * The most bytes a whole draft may have: limits->max_body_bytes bounds the
 * body as decoded (a raw document is all body), and a JSON draft may take
 * SEO_DRAFT_JSON_FACTOR times that, since escaping (\" \n \/ \uXXXX) can
 * triple a body and the title, FAQ and other fields need room too. Readers
 * (CLI, HTTP, CMS payloads) bound their input with it before anything is
 * parsed. Saturates at SIZE_MAX.
 */
#define SEO_DRAFT_JSON_FACTOR 4
size_t seo_draft_max_input(const struct seo_limits *limits);

/*
 * Reads one draft from `input` (`len` bytes): a JSON draft object, or a raw
 * Markdown, HTML or plain-text document whose whole text is the body. With
 * SEO_FORMAT_AUTO, input that starts with '{' and an ASCII quote is a JSON
 * draft (so a malformed one is reported, with line and column), unless it is
 * a document that starts with JSON-LD: words follow its first JSON value, or
 * it is one JSON-LD object (@context, @type or @graph) without any key only a
 * draft has. Anything else is a raw body. Checks the size limits (the whole
 * input against seo_draft_max_input, the body as decoded against
 * max_body_bytes) and UTF-8 (naming the byte offset), normalises to NFC. On success fills *out
 * (caller frees with seo_draft_free); on failure *out is untouched and `err` says what and where.
 */
enum seo_status seo_draft_parse(const char *input, size_t len, enum seo_format format,
                                const struct seo_limits *limits, struct seo_draft *out,
                                struct seo_error *err);

#endif
