/*
 * Remote FAQ sources (faqsource.h): what a fetched body is, in which
 * charset, converted to UTF-8 and read for FAQ by the same stages that read a
 * draft body (seo_read_faq() in pipeline.c): there is one FAQ extractor.
 */
#include "faqsource.h"

#include "json.h"
#include "jsonld.h"
#include "mem.h"
#include "seopipe.h"
#include "utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum kind { KIND_SNIFF, KIND_HTML, KIND_JSON, KIND_MARKDOWN, KIND_TEXT, KIND_BINARY };

/* The media type and charset parameter of a Content-Type header, lower case. */
struct content_type {
    char media[64];
    char charset[48]; /* "" when absent */
};

/* Copies the token s[0..n) lower-cased into out (truncated to fit), trimming spaces and quotes. */
static void copy_token(char *out, size_t cap, const char *s, size_t n)
{
    while (n && strchr(" \t\"'", *s)) {
        s++;
        n--;
    }
    while (n && strchr(" \t\"'", s[n - 1]))
        n--;
    size_t k = 0;
    for (; k < n && k + 1 < cap; k++)
        out[k] = (char)((s[k] >= 'A' && s[k] <= 'Z') ? s[k] + 32 : s[k]);
    out[k] = '\0';
}

static void parse_content_type(const char *header, struct content_type *ct)
{
    memset(ct, 0, sizeof(*ct));
    if (!header)
        return;
    size_t n = strcspn(header, ";");
    copy_token(ct->media, sizeof(ct->media), header, n);
    for (const char *p = header + n; *p == ';';) {
        p++;
        size_t plen = strcspn(p, ";");
        const char *eq = memchr(p, '=', plen);
        if (eq) {
            char name[16];
            copy_token(name, sizeof(name), p, (size_t)(eq - p));
            if (strcmp(name, "charset") == 0)
                copy_token(ct->charset, sizeof(ct->charset), eq + 1, plen - (size_t)(eq + 1 - p));
        }
        p += plen;
    }
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static enum kind kind_of(const char *media)
{
    static const struct {
        const char *media;
        enum kind kind;
    } known[] = {
        {"text/html", KIND_HTML},           {"application/xhtml+xml", KIND_HTML},
        {"application/json", KIND_JSON},    {"application/ld+json", KIND_JSON},
        {"text/json", KIND_JSON},           {"text/markdown", KIND_MARKDOWN},
        {"text/x-markdown", KIND_MARKDOWN}, {"text/plain", KIND_TEXT},
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(media, known[i].media) == 0)
            return known[i].kind;
    size_t n = strlen(media);
    if (n > 5 && strcmp(media + n - 5, "+json") == 0)
        return KIND_JSON;
    /* Media that is never text; application/octet-stream is sniffed (misconfigured servers). */
    if (starts_with(media, "image/") || starts_with(media, "audio/") ||
        starts_with(media, "video/") || starts_with(media, "font/") ||
        strcmp(media, "application/pdf") == 0 || strcmp(media, "application/zip") == 0 ||
        strcmp(media, "application/gzip") == 0)
        return KIND_BINARY;
    return KIND_SNIFF;
}

/*
 * The charset an HTML page declares in a <meta charset> or <meta http-equiv
 * content="…; charset=…"> within its first 1024 bytes (the HTML prescan
 * window), copied lower case into out; false when there is none.
 */
static bool meta_charset(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= n; i++) {
        if (strncasecmp(s + i, "<meta", 5) != 0)
            continue;
        const char *end = memchr(s + i, '>', n - i);
        size_t tag_end = end ? (size_t)(end - s) : n;
        for (size_t k = i + 5; k + 7 <= tag_end; k++) {
            if (strncasecmp(s + k, "charset", 7) != 0)
                continue;
            size_t j = k + 7;
            while (j < tag_end && (s[j] == ' ' || s[j] == '\t'))
                j++;
            if (j >= tag_end || s[j] != '=')
                continue;
            j++;
            while (j < tag_end && strchr(" \t\"'", s[j]))
                j++;
            size_t t = j;
            while (t < tag_end && strchr(" \t\"';/>", s[t]) == NULL)
                t++;
            if (t == j)
                continue;
            copy_token(out, cap, s + j, t - j);
            return true;
        }
        i = tag_end;
    }
    return false;
}

/*
 * Labels decoded by hand, after the WHATWG Encoding Standard, which browsers
 * follow: ISO-8859-1 and US-ASCII labels are decoded as windows-1252, because
 * pages so labelled routinely hold windows-1252's curly quotes and dashes in
 * 0x80-0x9F (where ISO-8859-1 has C1 controls no page means) and bytes over
 * 0x7F (which US-ASCII lacks). The three share one table.
 */
static const char *const utf8_labels[] = {
    "utf-8",           "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8",
    "x-unicode20utf8", NULL};
static const char *const latin_labels[] = {
    "windows-1252", "cp1252",   "x-cp1252", "iso-8859-1",     "iso8859-1",       "iso_8859-1",
    "iso88591",     "latin1",   "l1",       "cp819",          "ibm819",          "iso-ir-100",
    "csisolatin1",  "us-ascii", "ascii",    "ansi_x3.4-1968", "iso_8859-1:1987", NULL};

/* WHATWG's superset decoders for labels glibc reads more narrowly. */
static const struct {
    const char *label;
    const char *iconv_name;
} iconv_aliases[] = {
    {"gb2312", "GBK"},           {"gb_2312-80", "GBK"},   {"csgb2312", "GBK"},
    {"chinese", "GBK"},          {"x-gbk", "GBK"},        {"euc-kr", "CP949"},
    {"ks_c_5601-1987", "CP949"}, {"x-sjis", "CP932"},     {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},      {"sjis", "CP932"},       {"ms_kanji", "CP932"},
    {"utf-16", "UTF-16LE"},      {"unicode", "UTF-16LE"}, {"iso-8859-9", "WINDOWS-1254"},
};

static bool in_list(const char *label, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(label, list[i]) == 0)
            return true;
    return false;
}

static void put_replacement(struct seo_buf *out)
{
    seo_buf_append(out, "\xEF\xBF\xBD", 3);
}

/* windows-1252's 0x80-0x9F; 0 where the code page leaves a byte undefined (U+FFFD). */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static void put_code_point(struct seo_buf *out, unsigned cp)
{
    char b[3];
    if (cp < 0x80) {
        seo_buf_putc(out, (char)cp);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        seo_buf_append(out, b, 2);
    } else {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        seo_buf_append(out, b, 3);
    }
}

static void decode_cp1252(const char *s, size_t len, struct seo_buf *out)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp = c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c;
        if (cp == 0)
            put_replacement(out);
        else
            put_code_point(out, cp);
    }
}

/*
 * Every other charset goes through glibc's iconv: writing decoders for
 * Shift_JIS, GBK, EUC-JP, KOI8-R and the ISO-8859 family by hand would be
 * thousands of table lines, and iconv is the well-kept library for exactly
 * this. The core is otherwise pure; iconv keeps that: a conversion descriptor
 * per call, no shared state, and no side effect beyond glibc loading its
 * conversion tables (gconv modules) on first use of a charset. Bytes it
 * cannot convert become U+FFFD and the conversion goes on.
 */
static enum seo_status decode_iconv(const char *label, const char *s, size_t len,
                                    struct seo_buf *out, struct seo_error *err)
{
    const char *name = label;
    for (size_t i = 0; i < sizeof(iconv_aliases) / sizeof(iconv_aliases[0]); i++)
        if (strcmp(label, iconv_aliases[i].label) == 0)
            name = iconv_aliases[i].iconv_name;
    /* Plain names only: glibc would read "//TRANSLIT" or a path in the name. */
    if (!*name ||
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-") !=
            strlen(name))
        return seo_error_set(err, SEO_ERR_UNUSABLE, "", "unknown charset %.40s", label);
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return seo_error_set(err, SEO_ERR_UNUSABLE, "", "unknown charset %.40s", label);
    char *in = (char *)s; /* iconv's prototype; it does not write the input */
    size_t in_left = len;
    char chunk[4096];
    while (in_left) {
        char *o = chunk;
        size_t o_left = sizeof(chunk);
        size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
        int e = errno;
        seo_buf_append(out, chunk, sizeof(chunk) - o_left);
        if (rc != (size_t)-1 || e == E2BIG)
            continue;
        /* EILSEQ (an invalid sequence) or EINVAL (one cut off at the end): skip a byte. */
        put_replacement(out);
        in++;
        in_left--;
    }
    char *o = chunk;
    size_t o_left = sizeof(chunk);
    iconv(cd, NULL, NULL, &o, &o_left); /* a stateful charset's closing shift sequence */
    seo_buf_append(out, chunk, sizeof(chunk) - o_left);
    iconv_close(cd);
    return SEO_OK;
}

/* The charset per faqsource.h's order, lower case, into out. */
static void choose_charset(const struct content_type *ct, enum kind kind, const char *s, size_t len,
                           char *out, size_t cap)
{
    if (ct->charset[0]) {
        snprintf(out, cap, "%s", ct->charset);
        return;
    }
    if ((kind == KIND_HTML || kind == KIND_SNIFF) && meta_charset(s, len, out, cap)) {
        /* A page whose <meta> can be read as ASCII is not UTF-16, whatever it says (WHATWG). */
        if (starts_with(out, "utf-16"))
            snprintf(out, cap, "utf-8");
        return;
    }
    const char *bom = len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? "utf-8"
                      : len >= 2 && memcmp(s, "\xFF\xFE", 2) == 0   ? "utf-16le"
                      : len >= 2 && memcmp(s, "\xFE\xFF", 2) == 0   ? "utf-16be"
                                                                    : NULL;
    bool valid = bom || seo_utf8_valid(s, len, NULL);
    snprintf(out, cap, "%s", bom ? bom : valid ? "utf-8" : "windows-1252");
}

static enum seo_status decode(const char *charset, const char *s, size_t len, struct seo_buf *out,
                              struct seo_error *err)
{
    if (in_list(charset, utf8_labels)) {
        seo_utf8_repair(out, s, len);
    } else if (in_list(charset, latin_labels)) {
        decode_cp1252(s, len, out);
    } else {
        enum seo_status st = decode_iconv(charset, s, len, out, err);
        if (st != SEO_OK)
            return st;
    }
    /* The byte order mark is not text (iconv keeps it as U+FEFF). */
    if (out->len >= 3 && memcmp(out->data, "\xEF\xBB\xBF", 3) == 0) {
        memmove(out->data, out->data + 3, out->len - 2);
        out->len -= 3;
    }
    return SEO_OK;
}

/* Signatures of formats that are never text. */
static bool binary_magic(const char *s, size_t len)
{
    static const struct {
        const char *magic;
        size_t n;
    } magics[] = {{"%PDF-", 5},      {"\x89PNG", 4},         {"GIF8", 4}, {"\xFF\xD8\xFF", 3},
                  {"PK\x03\x04", 4}, {"\x1F\x8B", 2},        {"RIFF", 4}, {"\177ELF", 4},
                  {"wOFF", 4},       {"\x00\x00\x01\x00", 4}};
    for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
        if (len >= magics[i].n && memcmp(s, magics[i].magic, magics[i].n) == 0)
            return true;
    return false;
}

/* Charsets in which NUL bytes are part of ordinary text. */
static bool wide_charset(const char *charset)
{
    return starts_with(charset, "utf-16") || starts_with(charset, "utf-32") ||
           starts_with(charset, "ucs") || strcmp(charset, "unicode") == 0 ||
           starts_with(charset, "unicodefffe");
}

/*
 * Text that is really binary: a NUL byte in its first 4 KiB (in the bytes as
 * sent, for 8-bit and multibyte charsets; in the decoded text, for UTF-16 and
 * UTF-32), or more than one control character in ten there.
 */
static bool binary_text(const char *s, size_t len)
{
    size_t n = len < 4096 ? len : 4096, controls = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0)
            return true;
        controls += c < 0x20 && !strchr("\t\n\r\f\v\x1b", c);
    }
    return controls * 10 > n;
}

/* Removes the NUL bytes a decoder may have passed through (later stages read C strings). */
static void drop_nuls(struct seo_buf *b)
{
    size_t w = 0;
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i])
            b->data[w++] = b->data[i];
    b->len = w;
    if (b->data)
        b->data[w] = '\0';
}

/* A trimmed NFC copy of a JSON string member, or NULL when absent or empty. */
static char *member(const json_t *obj, const char *key)
{
    const char *s = seo_json_str(obj, key);
    if (!s)
        return NULL;
    size_t n = strlen(s), out_len;
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    while (n && strchr(" \t\r\n", *s)) {
        s++;
        n--;
    }
    return n ? seo_utf8_nfc(s, n, &out_len) : NULL;
}

/*
 * A JSON source: its FAQPage (at any depth of objects, arrays and @graph)
 * becomes hints as embedded JSON-LD in a draft does, and an array of
 * {question, answer} becomes pairs as a draft's own `faq` does, so the FAQ
 * stage sanitises their answers the same way.
 */
static void from_json(struct seo_result *r, const json_t *root, const struct seo_limits *limits)
{
    seo_jsonld_absorb(&r->hints, root, limits->max_faq_entries, &r->warnings);
    if (!json_is_array(root))
        return;
    size_t n = json_array_size(root), i;
    const json_t *item;
    r->draft.faq = seo_xcalloc(n + 1, sizeof(*r->draft.faq));
    json_array_foreach(root, i, item)
    {
        if (r->draft.n_faq >= limits->max_faq_entries)
            break;
        char *q = member(item, "question"), *a = member(item, "answer");
        if (q && a) {
            r->draft.faq[r->draft.n_faq].question = q;
            r->draft.faq[r->draft.n_faq++].answer = a;
        } else {
            free(q);
            free(a);
        }
    }
}

/* Loads JSON, repairing word-processor damage as for embedded blocks. */
static enum seo_status load_json(const char *s, size_t len, const struct seo_limits *limits,
                                 json_t **root, struct seo_error *err)
{
    if (seo_json_load(s, len, limits->max_depth, "the FAQ source", root, NULL) == SEO_OK)
        return SEO_OK;
    struct seo_buf fixed = {0};
    seo_jsonld_repair(s, len, &fixed);
    enum seo_status st = seo_json_load(fixed.data ? fixed.data : "", fixed.len, limits->max_depth,
                                       "the FAQ source", root, err);
    seo_buf_free(&fixed);
    return st;
}

static json_t *entries_of(const struct seo_faq *faq)
{
    json_t *a = json_array();
    for (size_t i = 0; i < faq->n; i++) {
        const struct seo_faq_entry *e = &faq->items[i];
        /* Text checked and converted above; the fuzz target checks the result is UTF-8. */
        json_array_append_new(a, json_pack("{s:o,s:o,s:o}", "question",
                                           json_string_nocheck(e->question), "answer",
                                           json_string_nocheck(e->answer), "answer_text",
                                           json_string_nocheck(e->answer_text)));
    }
    return a;
}

static const char *first_non_space(const char *s)
{
    while (*s && strchr(" \t\r\n", *s))
        s++;
    return s;
}

enum seo_status seo_faqsource_parse(const char *content_type, const char *body, size_t len,
                                    const struct seo_limits *limits, json_t **entries,
                                    struct seo_error *err)
{
    if (len > limits->max_body_bytes)
        return seo_error_set(err, SEO_ERR_LIMIT, "",
                             "the FAQ source is %zu bytes; the limit is %zu bytes", len,
                             limits->max_body_bytes);
    struct content_type ct;
    parse_content_type(content_type, &ct);
    enum kind kind = kind_of(ct.media);
    if (kind == KIND_BINARY || binary_magic(body, len))
        return seo_error_set(err, SEO_ERR_UNUSABLE, "", "not a text document (%.60s)",
                             ct.media[0] ? ct.media : "binary content");
    char charset[48];
    choose_charset(&ct, kind, body, len, charset, sizeof(charset));

    struct seo_result r;
    memset(&r, 0, sizeof(r));
    seo_doc_init(&r.doc, limits);
    struct seo_buf text = {0};
    json_t *root = NULL;
    enum seo_status st = decode(charset, body, len, &text, err);
    if (st != SEO_OK)
        goto out;
    if ((!wide_charset(charset) && memchr(body, 0, len < 4096 ? len : 4096)) ||
        binary_text(text.data ? text.data : "", text.len)) {
        st = seo_error_set(err, SEO_ERR_UNUSABLE, "", "binary content, not text");
        goto out;
    }
    drop_nuls(&text);
    const char *start = first_non_space(text.data ? text.data : "");
    /* JSON as declared, or sniffed; a declared-JSON body that starts with '<' is an HTML page. */
    bool json_like = *start == '{' || *start == '[';
    if ((kind == KIND_JSON && *start != '<') || (kind == KIND_SNIFF && json_like)) {
        st = load_json(text.data ? text.data : "", text.len, limits, &root, err);
        if (st == SEO_OK) {
            from_json(&r, root, limits);
        } else if (kind == KIND_JSON || st == SEO_ERR_LIMIT) {
            if (st == SEO_ERR_SYNTAX && err) {
                char reason[sizeof(err->message)];
                snprintf(reason, sizeof(reason), "%s", err->message);
                st = seo_error_set(err, SEO_ERR_UNUSABLE, "", "unreadable JSON: %.200s", reason);
            } else if (st == SEO_ERR_SYNTAX) {
                st = SEO_ERR_UNUSABLE;
            }
            goto out;
        } else {
            kind = KIND_SNIFF; /* "[Intro] …": text after all */
        }
    }
    if (!root) {
        r.draft.body = seo_utf8_nfc(text.data ? text.data : "", text.len, &r.draft.body_len);
        r.draft.format = kind == KIND_HTML       ? SEO_FORMAT_HTML
                         : kind == KIND_MARKDOWN ? SEO_FORMAT_MARKDOWN
                         : kind == KIND_TEXT     ? SEO_FORMAT_TEXT
                                                 : seo_format_sniff(r.draft.body, r.draft.body_len);
    }
    st = seo_read_faq(&r, limits, err);
    if (st == SEO_OK)
        *entries = entries_of(&r.faq);
out:
    json_decref(root);
    seo_buf_free(&text);
    seo_result_free(&r);
    return st;
}
