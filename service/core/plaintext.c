/*
 * Plain text has no markup, so its structure comes from layout, the way a
 * reader sees it (no library does this):
 *  - blank lines separate groups; inside a group, a line that ends a sentence
 *    or is short ends a segment, other lines are soft-wrapped and joined;
 *  - a line starting with a bullet (• - * · ▪ ◦ ‣ ● ■ ► ✓ ✔ ☐ ☑) or a number
 *    ("1." "2)") is a list item; indented lines after it continue it;
 *  - a single short line without a final full stop, followed by a paragraph
 *    or a list, is a heading (level 2; the title is chosen later).
 */
#include "plaintext.h"

#include "mem.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

enum seg_kind { SEG_TEXT, SEG_ITEM, SEG_RULE };

struct segment {
    enum seg_kind kind;
    bool ordered;
    bool single_line;
    bool group_start; /* first segment after a blank line */
    struct seo_buf text;
};

struct segments {
    struct segment *v;
    size_t n, cap;
};

static const char *const bullets[] = {"\xE2\x80\xA2",
                                      "-",
                                      "*",
                                      "\xC2\xB7",
                                      "\xE2\x96\xAA",
                                      "\xE2\x97\xA6",
                                      "\xE2\x80\xA3",
                                      "\xE2\x97\x8F",
                                      "\xE2\x96\xA0",
                                      "\xE2\x96\xBA",
                                      "\xE2\x9C\x93",
                                      "\xE2\x9C\x94",
                                      "\xE2\x98\x90",
                                      "\xE2\x98\x91",
                                      "\xE2\x80\x93",
                                      "+"};

/* Length of the bullet or number marker (with its following space) at s, or 0. */
static size_t list_marker(const char *s, size_t n, bool *ordered)
{
    for (size_t k = 0; k < sizeof(bullets) / sizeof(bullets[0]); k++) {
        size_t bl = strlen(bullets[k]);
        if (n > bl && memcmp(s, bullets[k], bl) == 0 && (s[bl] == ' ' || s[bl] == '\t')) {
            *ordered = false;
            return bl + 1;
        }
    }
    size_t d = 0;
    while (d < n && d < 3 && s[d] >= '0' && s[d] <= '9')
        d++;
    if (d > 0 && d + 1 < n && (s[d] == '.' || s[d] == ')') &&
        (s[d + 1] == ' ' || s[d + 1] == '\t')) {
        *ordered = true;
        return d + 2;
    }
    return 0;
}

static bool ends_sentence(const char *s, size_t n)
{
    return seo_utf8_final_mark(s, n) != 0;
}

static size_t char_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static struct segment *new_segment(struct segments *segs, enum seg_kind kind, bool group_start)
{
    segs->v = seo_xgrow(segs->v, &segs->cap, segs->n + 1, sizeof(*segs->v));
    struct segment *sg = &segs->v[segs->n++];
    memset(sg, 0, sizeof(*sg));
    sg->kind = kind;
    sg->single_line = true;
    sg->group_start = group_start;
    return sg;
}

static void append_line(struct segment *sg, const char *s, size_t n)
{
    if (sg->text.len) {
        seo_buf_putc(&sg->text, ' ');
        sg->single_line = false;
    }
    seo_buf_append(&sg->text, s, n);
}

/* A thematic break: three or more of the same '-', '*', '_' or '=', spaces allowed. */
static bool rule_line(const char *s, size_t n)
{
    size_t marks = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ')
            continue;
        if (!strchr("-*_=", s[i]) || s[i] != s[0])
            return false;
        marks++;
    }
    return marks >= 3;
}

/* Splits the text into segments (see the comment at the top). */
static void segment_lines(const char *s, size_t len, struct segments *segs)
{
    struct segment *cur = NULL;
    bool group_start = true;
    size_t i = 0;
    while (i < len) {
        size_t eol = i;
        while (eol < len && s[eol] != '\n' && s[eol] != '\r')
            eol++;
        size_t next = eol;
        if (next < len && s[next] == '\r')
            next++;
        if (next < len && s[next] == '\n' && (next == eol || s[next - 1] == '\r'))
            next++;
        else if (next == eol && next < len)
            next++;

        size_t indent = 0, b = i;
        while (b < eol && (s[b] == ' ' || s[b] == '\t')) {
            indent += s[b] == '\t' ? 4 : 1;
            b++;
        }
        size_t e = eol;
        while (e > b && strchr(" \t", s[e - 1]))
            e--;
        i = next;
        if (b == e) { /* blank line */
            cur = NULL;
            group_start = true;
            continue;
        }
        bool ordered = false;
        size_t m = list_marker(s + b, e - b, &ordered);
        if (rule_line(s + b, e - b)) {
            new_segment(segs, SEG_RULE, group_start);
            cur = NULL;
        } else if (m) {
            cur = new_segment(segs, SEG_ITEM, group_start);
            cur->ordered = ordered;
            b += m;
            while (b < e && (s[b] == ' ' || s[b] == '\t'))
                b++;
            append_line(cur, s + b, e - b);
        } else if (cur && cur->kind == SEG_ITEM && indent >= 2) {
            append_line(cur, s + b, e - b);
        } else if (cur && cur->kind == SEG_TEXT && !ends_sentence(cur->text.data, cur->text.len) &&
                   !(cur->single_line && char_count(cur->text.data, cur->text.len) < 60 &&
                     !(s[b] >= 'a' && s[b] <= 'z'))) {
            append_line(cur, s + b, e - b); /* soft-wrapped line */
        } else {
            cur = new_segment(segs, SEG_TEXT, group_start);
            append_line(cur, s + b, e - b);
        }
        group_start = false;
    }
}

/* Heading-like: one short line that does not end like a sentence or a clause. */
static bool heading_like(const struct segment *sg)
{
    if (sg->kind != SEG_TEXT || !sg->single_line)
        return false;
    const char *t = sg->text.data;
    size_t n = sg->text.len;
    if (char_count(t, n) > 160 || seo_utf8_word_count(t, n) > 20)
        return false;
    if (t[0] >= 'a' && t[0] <= 'z')
        return false;
    char last = t[n - 1];
    return last != '.' && last != ',' && last != ';';
}

/* A segment that reads as a paragraph or list (what follows a heading). */
static bool body_like(const struct segment *sg)
{
    if (sg->kind == SEG_ITEM || !sg->single_line)
        return true;
    size_t n = sg->text.len;
    return char_count(sg->text.data, n) >= 60 || ends_sentence(sg->text.data, n);
}

enum seo_status seo_plaintext_parse(const char *s, size_t len, struct seo_document *doc,
                                    struct seo_error *err)
{
    struct segments segs = {0};
    enum seo_status st = SEO_OK;
    segment_lines(s, len, &segs);
    for (size_t k = 0; k < segs.n && st == SEO_OK; k++) {
        struct segment *sg = &segs.v[k];
        if (sg->kind == SEG_ITEM) {
            bool continues = doc->list_open && k > 0 && segs.v[k - 1].kind == SEG_ITEM &&
                             segs.v[k - 1].ordered == sg->ordered;
            if (!continues) {
                seo_doc_end_list(doc);
                st = seo_doc_list(doc, sg->ordered, err);
            }
            if (st == SEO_OK)
                seo_doc_item(doc, sg->text.data, NULL);
            continue;
        }
        seo_doc_end_list(doc);
        if (sg->kind == SEG_RULE) {
            st = seo_doc_rule(doc, err);
            continue;
        }
        bool heading = heading_like(sg) && k + 1 < segs.n && body_like(&segs.v[k + 1]) &&
                       (sg->group_start || k == 0);
        if (heading)
            st = seo_doc_heading(doc, 2, sg->text.data, NULL, err);
        else
            st = seo_doc_paragraph(doc, sg->text.data, NULL, err);
    }
    seo_doc_end_list(doc);
    for (size_t k = 0; k < segs.n; k++)
        seo_buf_free(&segs.v[k].text);
    free(segs.v);
    return st;
}
