#include "doc.h"

#include "mem.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seo_limits seo_limits_default(void)
{
    struct seo_limits l = {
        .max_body_bytes = 1024 * 1024,
        .max_faq_entries = 200,
        .max_paragraphs = 20000,
        .max_depth = 64,
    };
    return l;
}

void seo_warn(struct seo_warnings *w, const char *code, const char *fmt, ...)
{
    struct seo_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    char small[512];
    vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    seo_buf_puts(&msg, small);
    w->items = seo_xgrow(w->items, &w->cap, w->n + 1, sizeof(*w->items));
    w->items[w->n].code = seo_xstrdup(code);
    w->items[w->n].message = seo_buf_take(&msg);
    w->n++;
}

void seo_warnings_free(struct seo_warnings *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->items[i].code);
        free(w->items[i].message);
    }
    free(w->items);
    memset(w, 0, sizeof(*w));
}

void seo_doc_init(struct seo_document *doc, const struct seo_limits *limits)
{
    memset(doc, 0, sizeof(*doc));
    memcpy(doc->language, "en", 3);
    doc->max_blocks = limits ? limits->max_paragraphs : seo_limits_default().max_paragraphs;
}

void seo_inline_free(struct seo_inline *in)
{
    free(in->text);
    free(in->html);
    in->text = in->html = NULL;
}

static void block_free(struct seo_block *b)
{
    seo_inline_free(&b->content);
    for (size_t i = 0; i < b->n_items; i++)
        seo_inline_free(&b->items[i]);
    free(b->items);
}

void seo_doc_free(struct seo_document *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_blocks; i++)
        block_free(&doc->blocks[i]);
    free(doc->blocks);
    free(doc->sentences);
    free(doc->title);
    memset(doc, 0, sizeof(*doc));
}

/* Copies text and html, trimming and collapsing white space in the plain text. */
static struct seo_inline make_inline(const char *text, const char *html)
{
    struct seo_inline_builder b = {0};
    seo_inline_text(&b, text, strlen(text));
    struct seo_inline in = seo_inline_take(&b);
    if (html) {
        free(in.html);
        in.html = seo_xstrdup(html);
    }
    return in;
}

static enum seo_status add_block(struct seo_document *doc, enum seo_block_type type,
                                 struct seo_block **out, struct seo_error *err)
{
    if (doc->n_blocks >= doc->max_blocks)
        return seo_error_set(err, SEO_ERR_LIMIT, "/body",
                             "the body has more than %zu paragraphs, headings and lists",
                             doc->max_blocks);
    doc->list_open = false;
    doc->blocks = seo_xgrow(doc->blocks, &doc->cap_blocks, doc->n_blocks + 1, sizeof(*doc->blocks));
    struct seo_block *b = &doc->blocks[doc->n_blocks++];
    memset(b, 0, sizeof(*b));
    b->type = type;
    *out = b;
    return SEO_OK;
}

/* Nothing but white space, no-break spaces included. */
static bool blank(const char *s)
{
    size_t len = strlen(s), i = 0;
    while (i < len)
        if (!seo_utf8_is_space(seo_utf8_next(s, len, &i)))
            return false;
    return true;
}

static enum seo_status add_text_block(struct seo_document *doc, enum seo_block_type type, int level,
                                      const char *text, const char *html, struct seo_error *err)
{
    if (!text || blank(text))
        return SEO_OK;
    struct seo_block *b = NULL;
    enum seo_status st = add_block(doc, type, &b, err);
    if (st != SEO_OK)
        return st;
    b->level = level;
    b->content = make_inline(text, html);
    return SEO_OK;
}

enum seo_status seo_doc_heading(struct seo_document *doc, int level, const char *text,
                                const char *html, struct seo_error *err)
{
    if (level < 1)
        level = 1;
    if (level > 6)
        level = 6;
    return add_text_block(doc, SEO_BLOCK_HEADING, level, text, html, err);
}

enum seo_status seo_doc_paragraph(struct seo_document *doc, const char *text, const char *html,
                                  struct seo_error *err)
{
    return add_text_block(doc, SEO_BLOCK_PARAGRAPH, 0, text, html, err);
}

enum seo_status seo_doc_list(struct seo_document *doc, bool ordered, struct seo_error *err)
{
    struct seo_block *b = NULL;
    enum seo_status st = add_block(doc, SEO_BLOCK_LIST, &b, err);
    if (st != SEO_OK)
        return st;
    b->ordered = ordered;
    doc->list_open = true;
    return SEO_OK;
}

enum seo_status seo_doc_rule(struct seo_document *doc, struct seo_error *err)
{
    if (doc->n_blocks == 0 || doc->blocks[doc->n_blocks - 1].type == SEO_BLOCK_RULE)
        return SEO_OK;
    struct seo_block *b = NULL;
    enum seo_status st = add_block(doc, SEO_BLOCK_RULE, &b, err);
    if (st == SEO_OK) {
        b->content.text = seo_xstrdup("");
        b->content.html = seo_xstrdup("");
    }
    return st;
}

void seo_doc_item(struct seo_document *doc, const char *text, const char *html)
{
    if (!doc->list_open || !text || blank(text))
        return;
    struct seo_block *b = &doc->blocks[doc->n_blocks - 1];
    b->items = seo_xgrow(b->items, &b->cap_items, b->n_items + 1, sizeof(*b->items));
    b->items[b->n_items++] = make_inline(text, html);
}

void seo_doc_end_list(struct seo_document *doc)
{
    if (!doc->list_open)
        return;
    doc->list_open = false;
    if (doc->blocks[doc->n_blocks - 1].n_items == 0)
        seo_doc_remove(doc, doc->n_blocks - 1);
}

void seo_doc_remove(struct seo_document *doc, size_t i)
{
    if (i >= doc->n_blocks)
        return;
    block_free(&doc->blocks[i]);
    memmove(&doc->blocks[i], &doc->blocks[i + 1], (doc->n_blocks - i - 1) * sizeof(*doc->blocks));
    doc->n_blocks--;
}

size_t seo_doc_count(const struct seo_document *doc, enum seo_block_type type)
{
    size_t n = 0;
    for (size_t i = 0; i < doc->n_blocks; i++)
        n += doc->blocks[i].type == type;
    return n;
}

/* Abbreviations after which a full stop does not end an English sentence. */
static bool is_abbreviation(const char *s, size_t word_start, size_t dot)
{
    static const char *const abbr[] = {
        "mr",  "mrs", "ms", "dr", "prof", "st",  "vs", "etc", "e.g",  "i.e",  "approx", "no", "fig",
        "inc", "ltd", "jr", "sr", "z.b",  "bzw", "ca", "usw", "p.ex", "dept", "min",    "max"};
    /* "(Dr. Patel", "“e.g. this": opening brackets and quotes are not part of the word. */
    while (word_start < dot && strchr("([{\"'", s[word_start]))
        word_start++;
    while (dot - word_start >= 3 &&
           ((unsigned char)s[word_start] == 0xE2 && (unsigned char)s[word_start + 1] == 0x80 &&
            ((unsigned char)s[word_start + 2] == 0x9C || (unsigned char)s[word_start + 2] == 0x98)))
        word_start += 3;
    size_t n = dot - word_start;
    if (n == 1)
        return true; /* an initial: "J. Smith" */
    for (size_t k = 0; k < sizeof(abbr) / sizeof(abbr[0]); k++) {
        if (strlen(abbr[k]) != n)
            continue;
        size_t j = 0;
        while (j < n && (s[word_start + j] | 0x20) == abbr[k][j])
            j++;
        if (j == n)
            return true;
    }
    return false;
}

static void add_sentence(struct seo_document *doc, size_t block, size_t item, size_t start,
                         size_t len)
{
    doc->sentences = seo_xgrow(doc->sentences, &doc->cap_sentences, doc->n_sentences + 1,
                               sizeof(*doc->sentences));
    struct seo_sentence *s = &doc->sentences[doc->n_sentences++];
    s->block = block;
    s->item = item;
    s->start = start;
    s->len = len;
}

/* Where the word before s[dot] starts: after the last white space in the sentence from `from`. */
static size_t word_start(const char *s, size_t len, size_t from, size_t dot)
{
    size_t start = from, i = from;
    while (i < dot) {
        int32_t cp = seo_utf8_next(s, len, &i);
        if (seo_utf8_is_space(cp))
            start = i;
    }
    return start;
}

/*
 * Splits plain text into sentences at . ! ? … (and their CJK forms) followed
 * by white space, skipping closing quotes and brackets, except after an
 * abbreviation or before a lower-case letter.
 */
static void split_sentences(struct seo_document *doc, size_t block, size_t item, const char *s)
{
    size_t len = strlen(s), start = 0, i = 0;
    while (i < len) {
        /* ASCII other than . ! ? cannot end a sentence: skip it without decoding. */
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && c != '.' && c != '!' && c != '?') {
            i++;
            continue;
        }
        size_t at = i;
        int32_t cp = seo_utf8_next(s, len, &i);
        bool end =
            cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F;
        if (cp == '.')
            end = !is_abbreviation(s, word_start(s, len, start, at), at);
        if (!end)
            continue;
        size_t j = i;
        while (j < len && strchr(".!?\"')]", s[j]))
            j++;
        while (j + 3 <= len &&
               (memcmp(s + j, "\xE2\x80\x9D", 3) == 0 || memcmp(s + j, "\xE2\x80\x99", 3) == 0 ||
                memcmp(s + j, "\xC2\xBB", 2) == 0))
            j += s[j] == '\xC2' ? 2 : 3;
        if (j < len && s[j] != ' ')
            continue;
        size_t k = j;
        while (k < len && s[k] == ' ')
            k++;
        if (k < len && s[k] >= 'a' && s[k] <= 'z')
            continue;
        add_sentence(doc, block, item, start, j - start);
        start = i = k;
    }
    if (start < len)
        add_sentence(doc, block, item, start, len - start);
}

void seo_doc_finish(struct seo_document *doc)
{
    doc->n_sentences = 0;
    doc->word_count = 0;
    for (size_t b = 0; b < doc->n_blocks; b++) {
        struct seo_block *blk = &doc->blocks[b];
        if (blk->type == SEO_BLOCK_LIST) {
            for (size_t k = 0; k < blk->n_items; k++) {
                split_sentences(doc, b, k, blk->items[k].text);
                doc->word_count +=
                    seo_utf8_word_count(blk->items[k].text, strlen(blk->items[k].text));
            }
            continue;
        }
        doc->word_count += seo_utf8_word_count(blk->content.text, strlen(blk->content.text));
        if (blk->type == SEO_BLOCK_PARAGRAPH)
            split_sentences(doc, b, (size_t)-1, blk->content.text);
    }
}

/* Emits the pending space before new content; after a <br> only the plain text needs it. */
static void pending_space(struct seo_inline_builder *b)
{
    if (b->space && b->text.len) {
        seo_buf_putc(&b->text, ' ');
        if (!b->br)
            seo_buf_putc(&b->html, ' ');
    }
    b->space = false;
    b->br = false;
}

/* Collapsible white space; no-break spaces are typography (French "crêpes ?") and kept. */
static bool collapsible(int32_t cp, bool at_start)
{
    return seo_utf8_is_space(cp) && (at_start || (cp != 0x00A0 && cp != 0x202F && cp != 0x2007));
}

/* A printable ASCII character other than space. */
static bool ascii_graphic(unsigned char c)
{
    return (unsigned char)(c - 0x21) < 0x5E;
}

/*
 * End of the text from s[i] to the next white space to collapse. A single ASCII space before
 * a printable ASCII character stays in the run, as collapsing leaves it as it is, so most
 * paragraphs are one run. `at_start`: nothing is written yet, so a no-break space collapses too.
 */
static size_t text_run(const char *s, size_t n, size_t i, bool at_start)
{
    size_t end = i;
    while (end < n) {
        unsigned char c = (unsigned char)s[end];
        unsigned char next = end + 1 < n ? (unsigned char)s[end + 1] : 0;
        /* Letters and single spaces alike, without a branch per word (& rather than &&): this
         * is the hot loop of every parser. */
        bool lone_space = (c == ' ') & ascii_graphic(next) & (end > i);
        if (ascii_graphic(c) || lone_space) {
            end++;
        } else if (c < 0x80) {
            if (seo_utf8_is_space(c))
                break;
            end++;
        } else {
            size_t after = end;
            if (collapsible(seo_utf8_next(s, n, &after), at_start && end == i))
                break;
            end = after;
        }
    }
    return end;
}

void seo_inline_text(struct seo_inline_builder *b, const char *s, size_t n)
{
    /* Both renditions grow by about n bytes: one allocation each instead of a doubling series. */
    seo_buf_reserve(&b->text, n);
    seo_buf_reserve(&b->html, n);
    size_t i = 0;
    while (i < n) {
        size_t end = text_run(s, n, i, b->text.len == 0);
        if (end > i) {
            pending_space(b);
            seo_buf_append(&b->text, s + i, end - i);
            seo_buf_html_escape(&b->html, s + i, end - i);
        }
        if (end < n) { /* skip the space character */
            b->space = true;
            seo_utf8_next(s, n, &end);
        }
        i = end;
    }
}

/*
 * Whether `href` may become a link: http:, https:, mailto: or relative (no
 * scheme). Browsers skip leading spaces and control characters and drop
 * every tab and newline inside a URL ("java\tscript:" runs as javascript:),
 * so the scheme is read the same way. Empty and NUL-holding values are not
 * links.
 */
bool seo_href_allowed(const char *s, size_t n)
{
    static const char *const allowed[] = {"http", "https", "mailto"};
    char scheme[8];
    size_t k = 0, i = 0;
    while (i < n && (unsigned char)s[i] <= ' ')
        i++;
    if (i == n || memchr(s, '\0', n))
        return false;
    for (; i < n && s[i] != ':'; i++) {
        char c = s[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool more = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (!alpha && !(k > 0 && more))
            return true; /* not a scheme: a path, query or fragment */
        if (k < sizeof(scheme) - 1)
            scheme[k] = (char)(c | 0x20);
        k++;
    }
    if (i == n || k == 0)
        return true;
    if (k >= sizeof(scheme))
        return false;
    scheme[k] = '\0';
    for (size_t a = 0; a < sizeof(allowed) / sizeof(allowed[0]); a++) {
        if (strcmp(scheme, allowed[a]) == 0)
            return true;
    }
    return false;
}

void seo_inline_open(struct seo_inline_builder *b, const char *tag, const char *href)
{
    pending_space(b);
    seo_buf_printf(&b->html, "<%s", tag);
    if (href && seo_href_allowed(href, strlen(href))) { /* javascript: and kin stay text */
        seo_buf_puts(&b->html, " href=\"");
        seo_buf_html_escape(&b->html, href, strlen(href));
        seo_buf_putc(&b->html, '"');
    }
    seo_buf_putc(&b->html, '>');
}

void seo_inline_close(struct seo_inline_builder *b, const char *tag)
{
    seo_buf_printf(&b->html, "</%s>", tag);
}

void seo_inline_break(struct seo_inline_builder *b)
{
    if (b->text.len) {
        seo_buf_puts(&b->html, "<br>");
        b->space = true;
        b->br = true;
    }
}

/* Removes a no-break space (U+00A0, U+202F, U+2007) ending `b`; true when one was removed. */
static bool strip_trailing_nbsp(struct seo_buf *b)
{
    static const char *const nbsp[] = {"\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x87"};
    for (size_t k = 0; k < 3; k++) {
        size_t n = strlen(nbsp[k]);
        if (b->len >= n && memcmp(b->data + b->len - n, nbsp[k], n) == 0) {
            b->len -= n;
            b->data[b->len] = '\0';
            return true;
        }
    }
    return false;
}

struct seo_inline seo_inline_take(struct seo_inline_builder *b)
{
    struct seo_inline in;
    /* No-break spaces are kept inside text but trimmed at its ends, like other space. */
    do
        seo_buf_rtrim(&b->text);
    while (strip_trailing_nbsp(&b->text));
    do
        seo_buf_rtrim(&b->html);
    while (strip_trailing_nbsp(&b->html));
    in.text = seo_buf_take(&b->text);
    in.html = seo_buf_take(&b->html);
    b->space = false;
    b->br = false;
    return in;
}
