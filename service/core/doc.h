#ifndef SEO_DOC_H
#define SEO_DOC_H

#include "buf.h"
#include "error.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * The document model every body format is turned into: the visible title and
 * a flat sequence of blocks (headings with levels, paragraphs, lists), plus
 * the sentences and word count derived from them. Parsers (plaintext.c,
 * markdown.c, html.c) only append blocks; boilerplate.c removes cruft;
 * seo_doc_finish() derives sentences, counts and language.
 */

/* Text in two renditions: plain (for analysis) and HTML limited to the inline
 * subset FAQPage answers allow (a, b, strong, i, em, br), escaped. */
struct seo_inline {
    char *text;
    char *html;
};

enum seo_block_type {
    SEO_BLOCK_HEADING,
    SEO_BLOCK_PARAGRAPH,
    SEO_BLOCK_LIST,
    SEO_BLOCK_RULE, /* a thematic break (---, <hr>): ends a section or an answer */
};

struct seo_block {
    enum seo_block_type type;
    int level;                 /* headings: 1..6 */
    bool ordered;              /* lists */
    struct seo_inline content; /* headings and paragraphs */
    struct seo_inline *items;  /* lists */
    size_t n_items, cap_items;
};

/* A sentence: a span of a block's plain text (or a whole list item). */
struct seo_sentence {
    size_t block;
    size_t item; /* (size_t)-1 for headings and paragraphs */
    size_t start, len;
};

/* Warnings never fail a draft; each has a stable code and a human message. */
struct seo_warning {
    char *code;
    char *message;
};

struct seo_warnings {
    struct seo_warning *items;
    size_t n, cap;
};

void seo_warn(struct seo_warnings *w, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void seo_warnings_free(struct seo_warnings *w);

/* Size limits applied while reading a draft; see seo_limits_default(). */
struct seo_limits {
    size_t max_body_bytes;  /* whole input, default 1 MiB */
    size_t max_faq_entries; /* default 200 */
    size_t max_paragraphs;  /* blocks of any kind, default 20,000 */
    unsigned max_depth;     /* JSON, HTML and Markdown nesting, default 64 */
};

struct seo_limits seo_limits_default(void);

struct seo_document {
    char *title; /* NULL until known */
    char language[4];
    struct seo_block *blocks;
    size_t n_blocks, cap_blocks;
    struct seo_sentence *sentences;
    size_t n_sentences, cap_sentences;
    size_t word_count;
    size_t max_blocks; /* from seo_limits.max_paragraphs */
    bool list_open;    /* seo_doc_item appends to the last block */
};

void seo_doc_init(struct seo_document *doc, const struct seo_limits *limits);
void seo_doc_free(struct seo_document *doc);

/* Builders: take ownership of nothing; text is copied. The `html` may be NULL,
 * in which case the escaped text is used. Empty text adds nothing. */
enum seo_status seo_doc_heading(struct seo_document *doc, int level, const char *text,
                                const char *html, struct seo_error *err);
enum seo_status seo_doc_paragraph(struct seo_document *doc, const char *text, const char *html,
                                  struct seo_error *err);
enum seo_status seo_doc_list(struct seo_document *doc, bool ordered, struct seo_error *err);
/* Appends an item to the list opened by the last seo_doc_list(). */
void seo_doc_item(struct seo_document *doc, const char *text, const char *html);
/* Appends a thematic break (not twice in a row, never first). */
enum seo_status seo_doc_rule(struct seo_document *doc, struct seo_error *err);
/* Closes the open list; a list left with no items is removed. */
void seo_doc_end_list(struct seo_document *doc);

/* Removes block `i` (and frees it). */
void seo_doc_remove(struct seo_document *doc, size_t i);

/* Splits blocks into sentences and counts words. Call once, after parsing and cleaning. */
void seo_doc_finish(struct seo_document *doc);

size_t seo_doc_count(const struct seo_document *doc, enum seo_block_type type);

/*
 * Builds the two renditions of inline text. Text is appended with runs of
 * white space collapsed to one space; markup opens and closes allowed tags.
 */
struct seo_inline_builder {
    struct seo_buf text;
    struct seo_buf html;
    bool space; /* a space is pending */
    bool br;    /* the pending space follows a <br>: plain text only */
};

void seo_inline_text(struct seo_inline_builder *b, const char *s, size_t n);
/*
 * Whether `href` (n bytes, borrowed) may become a link: http:, https:, mailto: or
 * relative, read as browsers read a scheme (leading control characters skipped, tabs
 * and newlines inside dropped), so "java\tscript:" is refused too.
 */
bool seo_href_allowed(const char *href, size_t n);
/* tag is one of "a", "b", "strong", "i", "em"; href (for "a") may be NULL, and is left out
 * unless seo_href_allowed(). */
void seo_inline_open(struct seo_inline_builder *b, const char *tag, const char *href);
void seo_inline_close(struct seo_inline_builder *b, const char *tag);
void seo_inline_break(struct seo_inline_builder *b);
/* Returns the trimmed renditions (caller frees both) and empties the builder. */
struct seo_inline seo_inline_take(struct seo_inline_builder *b);
void seo_inline_free(struct seo_inline *in);

#endif
