#include "json.h"

#include "buf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

enum seo_status seo_json_load(const char *s, size_t len, unsigned max_depth, const char *what,
                              json_t **out, struct seo_error *err)
{
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
    json_t *root = json_loadb(s, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
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
    if (!indent)
        return;
    seo_buf_putc(out, '\n');
    for (int i = 0; i < indent * depth; i++)
        seo_buf_putc(out, ' ');
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
