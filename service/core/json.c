#include "json.h"

#include <stdbool.h>
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
