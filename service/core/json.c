#include "json.h"

#include "buf.h"
#include "mem.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Finds the first place where nesting exceeds max_depth; returns its byte offset or -1. */
static long depth_overflow(const char *s, size_t len, unsigned max_depth)
{
    unsigned depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_depth)
                return (long)i;
        } else if ((c == '}' || c == ']') && depth) {
            depth--;
        }
    }
    return -1;
}

static void line_col(const char *s, size_t off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/*
 * jansson reports the position just after the offending token ("near
 * '\"gear\"'"); editors expect where the token starts, as other parsers
 * report it. Moves *off back over the token when the bytes match.
 */
static void token_start(const char *s, size_t len, const char *text, size_t *off)
{
    const char *near = strstr(text, "near '");
    if (!near || *off == (size_t)-1 || *off > len)
        return;
    near += 6;
    const char *end = strrchr(near, '\'');
    if (!end || end <= near)
        return;
    size_t bytes = (size_t)(end - near);
    if (bytes > *off || memcmp(s + *off - bytes, near, bytes) != 0)
        return;
    *off -= bytes;
}

/*
 * A reader for the JSON seopipe meets every time (drafts, embedded schema blocks, FAQ
 * sources): jansson's lexer takes each byte through a function call and a buffer, which made
 * reading seed 000's three embedded blocks a tenth of the pipeline; this reader copies runs
 * and takes about a fifth of the instructions. It builds exactly the tree json_loadb() with
 * the flags below builds, and for anything it does not handle (reals, \u0000, duplicate
 * keys, nesting past max_depth or READ_MAX_DEPTH, any error) it gives up: jansson then reads
 * the text again and reports errors its own way. tests/core/test_json.c holds the two to
 * the same results.
 */
#define READ_FLAGS (JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)
#define READ_MAX_DEPTH 256 /* deeper text is left to jansson (its own limit is 2048) */

struct reader {
    const char *s;
    size_t len, i;
    unsigned max_depth;  /* of arrays and objects */
    struct seo_buf text; /* the string being decoded */
};

static json_t *read_value(struct reader *r, unsigned depth);

static void read_space(struct reader *r)
{
    while (r->i < r->len &&
           (r->s[r->i] == ' ' || r->s[r->i] == '\n' || r->s[r->i] == '\r' || r->s[r->i] == '\t'))
        r->i++;
}

/* True (and steps over it) when the next byte is c. */
static bool read_byte(struct reader *r, char c)
{
    if (r->i < r->len && r->s[r->i] == c) {
        r->i++;
        return true;
    }
    return false;
}

/* The 4 hex digits at s[i] as a number, or -1. */
static long read_hex4(const struct reader *r, size_t i)
{
    long v = 0;
    for (size_t k = i; k < i + 4; k++) {
        char c = k < r->len ? r->s[k] : 0;
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A \uXXXX escape (a surrogate pair as one) at s[i] (its backslash), appended as UTF-8. */
static bool read_unicode(struct reader *r)
{
    long cp = read_hex4(r, r->i + 2);
    r->i += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF && r->i + 1 < r->len && r->s[r->i] == '\\' &&
        r->s[r->i + 1] == 'u') {
        long low = read_hex4(r, r->i + 2);
        if (low < 0xDC00 || low > 0xDFFF)
            return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        r->i += 6;
    }
    /* Malformed, a lone surrogate or \u0000 (which no key may hold, and values rarely do). */
    if (cp <= 0 || (cp >= 0xD800 && cp <= 0xDFFF))
        return false;
    utf8proc_uint8_t enc[4];
    seo_buf_append(&r->text, (const char *)enc, (size_t)utf8proc_encode_char((int32_t)cp, enc));
    return true;
}

/* The escape at s[i] (its backslash), appended decoded. */
static bool read_escape(struct reader *r)
{
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    char c = r->i + 1 < r->len ? r->s[r->i + 1] : '\0';
    if (c == 'u')
        return read_unicode(r);
    const char *e = c ? strchr(from, c) : NULL;
    if (!e)
        return false;
    seo_buf_putc(&r->text, to[e - from]);
    r->i += 2;
    return true;
}

/* The string at s[i] (its opening quote), decoded into r->text. */
static bool read_string(struct reader *r)
{
    seo_buf_reset(&r->text);
    if (!read_byte(r, '"'))
        return false;
    for (;;) {
        size_t run = r->i;
        while (run < r->len && r->s[run] != '"' && r->s[run] != '\\' &&
               (unsigned char)r->s[run] >= 0x20)
            run++;
        /* jansson refuses control characters and invalid UTF-8: give up on them too. */
        if (run == r->len || (unsigned char)r->s[run] < 0x20 ||
            !seo_utf8_valid(r->s + r->i, run - r->i, NULL))
            return false;
        seo_buf_append(&r->text, r->s + r->i, run - r->i);
        r->i = run;
        if (read_byte(r, '"'))
            return true;
        if (!read_escape(r))
            return false;
    }
}

/* An integer that fits json_int_t for sure (at most 18 digits); reals are left to jansson. */
static json_t *read_integer(struct reader *r)
{
    bool negative = read_byte(r, '-');
    size_t start = r->i;
    long long v = 0;
    while (r->i < r->len && r->s[r->i] >= '0' && r->s[r->i] <= '9' && r->i - start < 18)
        v = v * 10 + (r->s[r->i++] - '0');
    size_t digits = r->i - start;
    if (digits == 0 || (digits > 1 && r->s[start] == '0') ||
        (r->i < r->len && strchr("0123456789.eE", r->s[r->i])))
        return NULL;
    return json_integer(negative ? -v : v);
}

static json_t *read_object(struct reader *r, unsigned depth)
{
    json_t *obj = json_object();
    r->i++; /* { */
    read_space(r);
    if (read_byte(r, '}'))
        return obj;
    for (;;) {
        read_space(r);
        if (!read_string(r))
            goto fail;
        /* Copied, as the value's strings reuse r->text; it holds no NUL (see read_unicode). */
        char *key = seo_xstrndup(r->text.data, r->text.len);
        read_space(r);
        json_t *v = NULL;
        if (!json_object_get(obj, key) && read_byte(r, ':')) /* a duplicate key: jansson's error */
            v = read_value(r, depth + 1);
        int set = v ? json_object_set_new_nocheck(obj, key, v) : -1;
        free(key);
        if (set != 0)
            goto fail;
        read_space(r);
        if (read_byte(r, '}'))
            return obj;
        if (!read_byte(r, ','))
            goto fail;
    }
fail:
    json_decref(obj);
    return NULL;
}

static json_t *read_array(struct reader *r, unsigned depth)
{
    json_t *arr = json_array();
    r->i++; /* [ */
    read_space(r);
    if (read_byte(r, ']'))
        return arr;
    for (;;) {
        json_t *v = read_value(r, depth + 1);
        if (!v || json_array_append_new(arr, v) != 0)
            goto fail;
        read_space(r);
        if (read_byte(r, ']'))
            return arr;
        if (!read_byte(r, ','))
            goto fail;
    }
fail:
    json_decref(arr);
    return NULL;
}

/* Steps over `word` (true, false or null) when the text has it at s[i]. */
static bool read_word(struct reader *r, const char *word)
{
    size_t n = strlen(word);
    if (r->len - r->i < n || memcmp(r->s + r->i, word, n) != 0)
        return false;
    r->i += n;
    return true;
}

static json_t *read_value(struct reader *r, unsigned depth)
{
    read_space(r);
    if (r->i >= r->len)
        return NULL;
    char c = r->s[r->i];
    if ((c == '{' || c == '[') && depth > r->max_depth)
        return NULL;
    if (c == '{')
        return read_object(r, depth);
    if (c == '[')
        return read_array(r, depth);
    if (c == '"')
        return read_string(r) ? json_stringn_nocheck(r->text.data, r->text.len) : NULL;
    if (c == '-' || (c >= '0' && c <= '9'))
        return read_integer(r);
    if (read_word(r, "true"))
        return json_true();
    if (read_word(r, "false"))
        return json_false();
    if (read_word(r, "null"))
        return json_null();
    return NULL;
}

/*
 * The document (an object or array nesting at most max_depth deep, nothing but space after
 * it), or NULL: ask jansson.
 */
static json_t *read_document(const char *s, size_t len, unsigned max_depth)
{
    struct reader r = {
        .s = s, .len = len, .max_depth = max_depth < READ_MAX_DEPTH ? max_depth : READ_MAX_DEPTH};
    read_space(&r);
    json_t *root = NULL;
    if (r.i < len && (s[r.i] == '{' || s[r.i] == '['))
        root = read_value(&r, 1);
    read_space(&r);
    if (root && r.i != len) {
        json_decref(root);
        root = NULL;
    }
    seo_buf_free(&r.text);
    return root;
}

enum seo_status seo_json_load(const char *s, size_t len, unsigned max_depth, const char *what,
                              json_t **out, struct seo_error *err)
{
    /* A document the reader takes nests no deeper than max_depth: no need to look first. */
    json_t *root = read_document(s, len, max_depth);
    if (root) {
        *out = root;
        return SEO_OK;
    }
    long over = depth_overflow(s, len, max_depth);
    if (over >= 0) {
        size_t line, col;
        line_col(s, (size_t)over, &line, &col);
        seo_error_set(err, SEO_ERR_LIMIT, "",
                      "%s nests deeper than %u levels at line %zu, column %zu", what, max_depth,
                      line, col);
        if (err) {
            err->line = line;
            err->column = col;
            err->offset = (size_t)over;
        }
        return SEO_ERR_LIMIT;
    }
    json_error_t je;
    root = json_loadb(s, len, READ_FLAGS, &je);
    if (!root) {
        size_t line = je.line > 0 ? (size_t)je.line : 0;
        size_t col = je.column > 0 ? (size_t)je.column : 0;
        size_t off = je.position >= 0 ? (size_t)je.position : (size_t)-1;
        /* Line and column from the token's start, the way editors count them. */
        token_start(s, len, je.text, &off);
        if (off != (size_t)-1 && off <= len)
            line_col(s, off, &line, &col);
        seo_error_set(err, SEO_ERR_SYNTAX, "", "%s is not valid JSON at line %zu, column %zu: %s",
                      what, line, col, je.text);
        if (err) {
            err->line = line;
            err->column = col;
            err->offset = off;
        }
        return SEO_ERR_SYNTAX;
    }
    *out = root;
    return SEO_OK;
}

const char *seo_json_str(const json_t *obj, const char *key)
{
    const char *v = json_string_value(json_object_get(obj, key));
    return v && *v ? v : NULL;
}

static void write_string(struct seo_buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    seo_buf_putc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        seo_buf_append(out, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            seo_buf_puts(out, "\\\"");
            break;
        case '\\':
            seo_buf_puts(out, "\\\\");
            break;
        case '\n':
            seo_buf_puts(out, "\\n");
            break;
        case '\t':
            seo_buf_puts(out, "\\t");
            break;
        case '\r':
            seo_buf_puts(out, "\\r");
            break;
        case '\b':
            seo_buf_puts(out, "\\b");
            break;
        case '\f':
            seo_buf_puts(out, "\\f");
            break;
        default: {
            char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            seo_buf_puts(out, esc);
        }
        }
    }
    seo_buf_append(out, s + run, n - run);
    seo_buf_putc(out, '"');
}

/* The shortest %g form that reads back as the same double. */
static void write_real(struct seo_buf *out, double d)
{
    char text[40];
    for (int precision = 1; precision <= 17; precision++) {
        snprintf(text, sizeof(text), "%.*g", precision, d);
        if (strtod(text, NULL) == d)
            break;
    }
    seo_buf_puts(out, text);
    if (!strpbrk(text, ".eEn")) /* keep it a real: 0 -> 0.0 (not for nan/inf, which JSON lacks) */
        seo_buf_puts(out, ".0");
}

static void newline(struct seo_buf *out, int indent, int depth)
{
    static const char spaces[] = "                                "; /* 32 */
    if (!indent)
        return;
    seo_buf_putc(out, '\n');
    size_t n = (size_t)(indent * depth);
    for (; n > sizeof(spaces) - 1; n -= sizeof(spaces) - 1)
        seo_buf_append(out, spaces, sizeof(spaces) - 1);
    seo_buf_append(out, spaces, n);
}

static void write_value(struct seo_buf *out, const json_t *v, int indent, int depth)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        if (json_object_size(v) == 0) {
            seo_buf_puts(out, "{}");
            return;
        }
        seo_buf_putc(out, '{');
        const char *key;
        json_t *item;
        bool first = true;
        json_object_foreach((json_t *)v, key, item)
        {
            if (!first)
                seo_buf_putc(out, ',');
            first = false;
            newline(out, indent, depth + 1);
            write_string(out, key, strlen(key));
            seo_buf_puts(out, indent ? ": " : ":");
            write_value(out, item, indent, depth + 1);
        }
        newline(out, indent, depth);
        seo_buf_putc(out, '}');
        return;
    }
    case JSON_ARRAY: {
        if (json_array_size(v) == 0) {
            seo_buf_puts(out, "[]");
            return;
        }
        seo_buf_putc(out, '[');
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            if (i)
                seo_buf_putc(out, ',');
            newline(out, indent, depth + 1);
            write_value(out, item, indent, depth + 1);
        }
        newline(out, indent, depth);
        seo_buf_putc(out, ']');
        return;
    }
    case JSON_STRING:
        write_string(out, json_string_value(v), json_string_length(v));
        return;
    case JSON_INTEGER:
        seo_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return;
    case JSON_REAL:
        write_real(out, json_real_value(v));
        return;
    case JSON_TRUE:
        seo_buf_puts(out, "true");
        return;
    case JSON_FALSE:
        seo_buf_puts(out, "false");
        return;
    case JSON_NULL:
        seo_buf_puts(out, "null");
        return;
    }
}

void seo_json_write(struct seo_buf *out, const json_t *v, int indent)
{
    write_value(out, v, indent, 0);
}

const char *seo_json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}
