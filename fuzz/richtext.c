/*
 * Fuzz target for the CMS rich-text renderers (service/core/richtext.c):
 * the input is parsed as JSON (seo_json_load, nesting capped the way the
 * shell caps it) and rendered with seo_richtext_html().
 *
 * Input layout: the first byte picks kind and limits, the rest is the tree.
 *   byte % 4        kind: strapi_blocks, contentful_rich_text, portable_text, lexical
 *   (byte / 4) % 3  limits: roomy (depth 32, 64 KiB), small (depth 4, 512 B), tiny (2, 64 B)
 * So '\0' is "Strapi Blocks, roomy", '\2' "Portable Text, roomy", '\6' "Portable Text, small".
 *
 * Invariants (abort() when broken): on success the output is valid UTF-8,
 * NUL-terminated, at most max_bytes long, made only of the tags the renderer
 * writes (properly nested, no <script>), every & starts one of its entities,
 * every href is http:, https:, mailto: or relative (never javascript: or
 * data:); the same tree renders the same again, fits in exactly its own
 * length and fails with SEO_ERR_LIMIT one byte below. On failure *out is
 * untouched and the error carries its status and a message.
 */
#include "driver.h"

#include "json.h"
#include "richtext.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KINDS 4
#define JSON_MAX_DEPTH 200

static const struct {
    unsigned depth;
    size_t bytes;
} limits[] = {{32, 65536}, {4, 512}, {2, 64}};

static void violated(const char *what, const char *html)
{
    fprintf(stderr, "fuzz_richtext: invariant violated: %s\n", what);
    if (html)
        fprintf(stderr, "--- output ---\n%.4000s\n", html);
    abort();
}

static bool starts_with_nocase(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != prefix[i])
            return false;
    }
    return true;
}

/* An href value as a browser reads its scheme: no tabs or newlines, no leading blanks. */
static void check_href(const char *v, size_t n, const char *html)
{
    char clean[64];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof(clean); i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == '\t' || c == '\n' || c == '\r' || (k == 0 && c <= ' '))
            continue;
        clean[k++] = (char)c;
    }
    static const char *const banned[] = {"javascript:", "vbscript:", "data:", "file:"};
    for (size_t b = 0; b < sizeof(banned) / sizeof(banned[0]); b++) {
        if (starts_with_nocase(clean, k, banned[b]))
            violated("a link to a forbidden scheme", html);
    }
    if (memchr(v, '<', n) || memchr(v, '>', n) || memchr(v, '\'', n))
        violated("an unescaped < > or ' in an href", html);
}

static bool tag_allowed(const char *name, size_t n, bool *is_void)
{
    static const char *const tags[] = {"p",  "h1",     "h2", "h3",  "h4",   "h5",         "h6",
                                       "ul", "ol",     "li", "pre", "code", "blockquote", "a",
                                       "em", "strong", "u",  "s",   "sub",  "sup",        "br",
                                       "hr", "table",  "tr", "td",  "th"};
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
        if (strlen(tags[i]) == n && memcmp(tags[i], name, n) == 0) {
            *is_void = strcmp(tags[i], "br") == 0 || strcmp(tags[i], "hr") == 0;
            return true;
        }
    }
    return false;
}

/* Walks the markup: known tags only, properly nested, entities and hrefs as the renderer writes
 * them. */
static void check_markup(const char *html)
{
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    const char *stack[256];
    size_t stack_len[256];
    size_t depth = 0;
    for (const char *s = html; *s;) {
        if (*s == '&') {
            size_t e = 0;
            while (e < 5 && strncmp(s, entities[e], strlen(entities[e])) != 0)
                e++;
            if (e == 5)
                violated("a bare & in the output", html);
            s += strlen(entities[e]);
            continue;
        }
        if (*s == '>' || *s == '"' || *s == '\'')
            violated("an unescaped > \" or ' in text", html);
        if (*s != '<') {
            s++;
            continue;
        }
        bool closing = s[1] == '/';
        const char *name = s + 1 + closing;
        size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
        bool is_void = false;
        if (!tag_allowed(name, n, &is_void))
            violated("a tag the renderer does not write (or an unescaped <)", html);
        const char *end = name + n;
        if (!closing && n == 1 && *name == 'a') {
            if (strncmp(end, " href=\"", 7) != 0)
                violated("<a> without href", html);
            const char *v = end + 7, *q = strchr(v, '"');
            if (!q)
                violated("an unterminated href", html);
            check_href(v, (size_t)(q - v), html);
            end = q + 1;
        }
        if (*end != '>')
            violated("a tag with attributes the renderer does not write", html);
        if (closing) {
            if (depth == 0 || stack_len[depth - 1] != n || memcmp(stack[depth - 1], name, n) != 0)
                violated("a closing tag that does not match the open one", html);
            depth--;
        } else if (!is_void) {
            if (depth == sizeof(stack) / sizeof(stack[0]))
                violated("tags nested deeper than the limits allow", html);
            stack[depth] = name;
            stack_len[depth++] = n;
        }
        s = end + 1;
    }
    if (depth != 0)
        violated("an element left open", html);
}

/* Renders and checks the failure invariants; returns the status and, on success, the output. */
static enum seo_status render(const json_t *tree, enum seo_richtext_kind kind, unsigned depth,
                              size_t bytes, char **html)
{
    char sentinel = 0;
    struct seo_error err;
    memset(&err, 0, sizeof(err));
    *html = &sentinel;
    enum seo_status st = seo_richtext_html(tree, kind, depth, bytes, html, &err);
    if (st == SEO_OK) {
        if (*html == &sentinel || *html == NULL)
            violated("success without output", NULL);
        return st;
    }
    if (*html != &sentinel)
        violated("a failure changed *out", NULL);
    if (st != SEO_ERR_TYPE && st != SEO_ERR_LIMIT)
        violated("a status other than SEO_ERR_TYPE or SEO_ERR_LIMIT", NULL);
    if (err.status != st || err.message[0] == '\0' || !memchr(err.field, '\0', sizeof(err.field)))
        violated("a failure without its status, message or a terminated pointer", NULL);
    *html = NULL;
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 65536)
        return 0;
    enum seo_richtext_kind kind = (enum seo_richtext_kind)(data[0] % KINDS);
    unsigned depth = limits[(data[0] / KINDS) % 3].depth;
    size_t bytes = limits[(data[0] / KINDS) % 3].bytes;

    json_t *tree = NULL;
    if (seo_json_load((const char *)data + 1, size - 1, JSON_MAX_DEPTH, "tree", &tree, NULL) !=
        SEO_OK)
        return 0;

    char *html, *again;
    if (render(tree, kind, depth, bytes, &html) == SEO_OK) {
        size_t len = strlen(html);
        if (len > bytes)
            violated("output longer than max_bytes", html);
        if (!seo_utf8_valid(html, len, NULL))
            violated("output that is not valid UTF-8", html);
        check_markup(html);
        if (render(tree, kind, depth, len, &again) != SEO_OK || strcmp(again, html) != 0)
            violated("the output does not render again within its own length", html);
        free(again);
        if (len > 0) {
            if (render(tree, kind, depth, len - 1, &again) != SEO_ERR_LIMIT)
                violated("the output renders one byte below its own length", html);
        }
        free(html);
    }
    json_decref(tree);
    return 0;
}
