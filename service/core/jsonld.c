#include "jsonld.h"

#include "json.h"
#include "mem.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

void seo_hints_free(struct seo_hints *h)
{
    if (!h)
        return;
    char **fields[] = {&h->headline,    &h->description,      &h->date_published, &h->date_modified,
                       &h->author_name, &h->author_url,       &h->author_type,    &h->image,
                       &h->meta_title,  &h->meta_description, &h->focus_keyword};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        free(*fields[i]);
    for (size_t i = 0; i < h->n_faq; i++) {
        free(h->faq[i].question);
        free(h->faq[i].answer);
    }
    free(h->faq);
    memset(h, 0, sizeof(*h));
}

/* Length of the quote character at s[i] ("  “ ” „ ‟ ″), or 0. */
static size_t quote_at(const char *s, size_t len, size_t i)
{
    if (s[i] == '"')
        return 1;
    if (i + 3 <= len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80) {
        unsigned char c = (unsigned char)s[i + 2];
        if (c == 0x9C || c == 0x9D || c == 0x9E || c == 0x9F)
            return 3;
    }
    if (i + 3 <= len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0xB3)
        return 3;
    return 0;
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
    while (i < len && strchr(" \t\r\n", s[i]))
        i++;
    return i;
}

/* A key follows at s[k]: a quoted run whose closing quote is followed by ':'. */
static bool key_follows(const char *s, size_t len, size_t k)
{
    size_t q = quote_at(s, len, k);
    if (!q)
        return false;
    size_t limit = k + 512 < len ? k + 512 : len;
    for (size_t m = k + q; m < limit; m++) {
        size_t qm = quote_at(s, len, m);
        if (qm) {
            size_t j = skip_space(s, len, m + qm);
            return j < len && s[j] == ':';
        }
        if (s[m] == '\n')
            return false;
    }
    return false;
}

/*
 * Whether a quote inside a string closes it, judged by what follows: a key
 * closes before ':'; a value closes before '}' or ']', or before ',' when
 * what comes next fits the container (a key in an object, a value in an
 * array). Anything else is a quotation mark in the text: “flexion”, 12" pipe.
 */
static bool closes_string(const char *s, size_t len, size_t after, bool is_key, char container)
{
    size_t j = skip_space(s, len, after);
    if (j >= len)
        return true;
    if (is_key)
        return s[j] == ':';
    if (s[j] == '}' || s[j] == ']' || s[j] == ':')
        return true;
    if (s[j] != ',')
        return false;
    size_t k = skip_space(s, len, j + 1);
    if (k >= len || s[k] == '}' || s[k] == ']')
        return true;
    if (container == '{')
        return key_follows(s, len, k);
    return quote_at(s, len, k) || strchr("{[-0123456789tfn", s[k]);
}

/* Bytes from s[i] that a string holds as they are: no quote, backslash or control character. */
static size_t plain_run(const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && s[j] != '"' && s[j] != '\\' && (unsigned char)s[j] >= 0x20 &&
           ((unsigned char)s[j] != 0xE2 || !quote_at(s, len, j))) /* 0xE2 starts “ ” „ ‟ ″ */
        j++;
    return j - i;
}

/*
 * One scanner both finds where an embedded JSON value starting at s[start]
 * ends and, when `out` is not NULL, writes its repaired form: typographic
 * quotes used as string delimiters become ", quotes inside strings are kept
 * (typographic) or escaped (ASCII), raw control characters in strings are
 * escaped and trailing commas dropped. Returns the index just past the value,
 * or 0 when it does not end (*stop says where scanning stopped).
 */
static size_t scan_value(const char *s, size_t len, size_t start, struct seo_buf *out,
                         bool *changed, size_t *stop)
{
    char stack[256]; /* open containers; deeper input fails the depth limit anyway */
    size_t depth = 0, i = start;
    bool in_string = false, is_key = false, expect_key = false;
    while (i < len) {
        /* Most of a block is string text that needs no decision: copy it at once. */
        if (in_string) {
            size_t run = plain_run(s, len, i);
            if (run) {
                if (out)
                    seo_buf_append(out, s + i, run);
                i += run;
                continue;
            }
        }
        size_t q = quote_at(s, len, i);
        char container = depth ? stack[depth - 1] : 0;
        if (in_string) {
            if (s[i] == '\\' && i + 1 < len) {
                if (out)
                    seo_buf_append(out, s + i, 2);
                i += 2;
            } else if (q && closes_string(s, len, i + q, is_key, container)) {
                *changed |= q != 1;
                if (out)
                    seo_buf_putc(out, '"');
                in_string = false;
                i += q;
            } else if (q) {
                *changed |= q == 1;
                if (out)
                    seo_buf_append(out, q == 1 ? "\\\"" : s + i, q == 1 ? 2 : q);
                i += q;
            } else if ((unsigned char)s[i] < 0x20) {
                *changed = true;
                if (out)
                    seo_buf_puts(out, s[i] == '\n'   ? "\\n"
                                      : s[i] == '\t' ? "\\t"
                                      : s[i] == '\r' ? ""
                                                     : " ");
                i++;
            } else {
                if (out)
                    seo_buf_putc(out, s[i]);
                i++;
            }
            continue;
        }
        if (q) {
            *changed |= q != 1;
            if (out)
                seo_buf_putc(out, '"');
            in_string = true;
            is_key = container == '{' && expect_key;
            i += q;
            continue;
        }
        char c = s[i];
        if (c == '{' || c == '[') {
            if (depth == sizeof(stack))
                break;
            stack[depth++] = c;
            expect_key = c == '{';
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                break;
            depth--;
            expect_key = false;
        } else if (c == ':') {
            expect_key = false;
        } else if (c == ',') {
            size_t j = skip_space(s, len, i + 1);
            if (j < len && (s[j] == '}' || s[j] == ']')) { /* trailing comma */
                *changed = true;
                i++;
                continue;
            }
            expect_key = container == '{';
        }
        if (out)
            seo_buf_putc(out, c);
        i++;
        if ((c == '}' || c == ']') && depth == 0) {
            *stop = i;
            return i;
        }
    }
    *stop = i;
    return 0;
}

bool seo_jsonld_repair(const char *s, size_t len, struct seo_buf *out)
{
    bool changed = false;
    size_t start = skip_space(s, len, 0), stop = start;
    seo_buf_append(out, s, start);
    scan_value(s, len, start, out, &changed, &stop);
    seo_buf_append(out, s + stop, len - stop);
    return changed;
}

/* Sets *dst to a normalised copy of src unless it is already set or src is empty. */
static void keep(char **dst, const char *src)
{
    if (*dst || !src)
        return;
    size_t n = strlen(src);
    while (n && strchr(" \t\r\n", src[n - 1]))
        n--;
    while (n && strchr(" \t\r\n", *src)) {
        src++;
        n--;
    }
    if (!n)
        return;
    size_t out_len;
    *dst = seo_utf8_nfc(src, n, &out_len);
}

static bool has_type(const json_t *node, const char *type)
{
    const json_t *t = json_object_get(node, "@type");
    if (json_is_string(t))
        return strcmp(json_string_value(t), type) == 0;
    size_t i;
    const json_t *v;
    json_array_foreach(t, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), type) == 0)
            return true;
    }
    return false;
}

/* A string, or the first usable string of an object's "url"/"name" or of an array. */
static const char *loose_string(const json_t *v, const char *key)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_object(v))
        return seo_json_str(v, key);
    if (json_is_array(v) && json_array_size(v))
        return loose_string(json_array_get(v, 0), key);
    return NULL;
}

static void add_faq(struct seo_hints *h, const char *q, const char *a, size_t max_faq)
{
    if (!q || !a || h->n_faq >= max_faq)
        return;
    char *question = NULL, *answer = NULL;
    keep(&question, q);
    keep(&answer, a);
    if (!question || !answer) {
        free(question);
        free(answer);
        return;
    }
    h->faq = seo_xgrow(h->faq, &h->cap_faq, h->n_faq + 1, sizeof(*h->faq));
    h->faq[h->n_faq].question = question;
    h->faq[h->n_faq].answer = answer;
    h->n_faq++;
}

static void absorb_question(struct seo_hints *h, const json_t *q, size_t max_faq)
{
    const json_t *ans = json_object_get(q, "acceptedAnswer");
    if (!ans)
        ans = json_object_get(q, "suggestedAnswer");
    if (json_is_array(ans))
        ans = json_array_get(ans, 0);
    add_faq(h, seo_json_str(q, "name"), loose_string(ans, "text"), max_faq);
}

/* Keeps obj[key] as a fact; an empty string there is reported, never copied. */
static void fact(char **dst, const json_t *obj, const char *key, const char *type,
                 struct seo_warnings *w)
{
    const json_t *v = json_object_get(obj, key);
    const char *s = json_string_value(v);
    if (!s)
        return;
    size_t n = strspn(s, " \t\r\n");
    if (s[n] == '\0') {
        seo_warn(w, "embedded_empty_value", "the embedded %s has an empty \"%s\"; it was ignored",
                 type, key);
        return;
    }
    keep(dst, s);
}

static void absorb_author(struct seo_hints *h, const json_t *a, struct seo_warnings *w)
{
    if (json_is_array(a))
        a = json_array_get(a, 0);
    if (json_is_string(a)) {
        const char *name = json_string_value(a);
        if (name[strspn(name, " \t\r\n")] == '\0')
            seo_warn(w, "embedded_empty_value",
                     "the embedded author is an empty string; it was ignored");
        keep(&h->author_name, name);
        return;
    }
    if (!json_is_object(a))
        return;
    fact(&h->author_name, a, "name", "author", w);
    if (!seo_json_str(a, "name"))
        return;
    keep(&h->author_url, seo_json_str(a, "url"));
    keep(&h->author_type, seo_json_str(a, "@type"));
}

static void absorb_depth(struct seo_hints *h, const json_t *v, size_t max_faq,
                         struct seo_warnings *w, unsigned depth)
{
    if (depth > 64)
        return;
    size_t i;
    const json_t *item;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item) absorb_depth(h, item, max_faq, w, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    /* The block an AI writing tool emits around its schema (seed 000). */
    keep(&h->meta_title, seo_json_str(v, "meta_title"));
    keep(&h->meta_description, seo_json_str(v, "meta_description"));
    keep(&h->focus_keyword, seo_json_str(v, "focus_keyword"));

    if (has_type(v, "FAQPage")) {
        const json_t *main = json_object_get(v, "mainEntity");
        if (json_is_object(main))
            absorb_question(h, main, max_faq);
        json_array_foreach(main, i, item) absorb_question(h, item, max_faq);
    } else if (has_type(v, "Question")) {
        absorb_question(h, v, max_faq);
    }
    if (has_type(v, "Article") || has_type(v, "BlogPosting") || has_type(v, "NewsArticle") ||
        has_type(v, "MedicalWebPage") || has_type(v, "WebPage")) {
        const char *type = seo_json_str(v, "@type") ? seo_json_str(v, "@type") : "page";
        fact(&h->headline, v, "headline", type, w);
        fact(&h->description, v, "description", type, w);
        fact(&h->date_published, v, "datePublished", type, w);
        fact(&h->date_modified, v, "dateModified", type, w);
        keep(&h->image, loose_string(json_object_get(v, "image"), "url"));
        absorb_author(h, json_object_get(v, "author"), w);
    }
    const char *nested[] = {"@graph", "article_schema", "faq_schema", "schema", "jsonld"};
    for (size_t k = 0; k < sizeof(nested) / sizeof(nested[0]); k++)
        absorb_depth(h, json_object_get(v, nested[k]), max_faq, w, depth + 1);
}

void seo_jsonld_absorb(struct seo_hints *h, const json_t *v, size_t max_faq, struct seo_warnings *w)
{
    absorb_depth(h, v, max_faq, w, 0);
}

bool seo_jsonld_take_block(struct seo_hints *h, const char *s, size_t len, size_t line,
                           const struct seo_limits *limits, struct seo_warnings *w)
{
    json_t *root = NULL;
    struct seo_buf fixed = {0};
    bool ok = false;
    if (seo_json_load(s, len, limits->max_depth, "embedded JSON", &root, NULL) != SEO_OK) {
        seo_jsonld_repair(s, len, &fixed);
        struct seo_error err;
        if (seo_json_load(fixed.data, fixed.len, limits->max_depth, "embedded JSON", &root, &err) !=
            SEO_OK) {
            seo_warn(w, "embedded_json_unreadable",
                     "the embedded JSON block at line %zu of the body (%zu bytes) was removed from "
                     "the text but could not be read even after repair: %s",
                     line, len, err.message);
            goto out;
        }
        seo_warn(w, "embedded_json_repaired",
                 "the embedded JSON block at line %zu of the body was not valid JSON (typographic "
                 "quotes or similar damage) and was repaired",
                 line);
    }
    h->blocks++;
    seo_jsonld_absorb(h, root, limits->max_faq_entries, w);
    ok = true;
out:
    json_decref(root);
    seo_buf_free(&fixed);
    return ok;
}

size_t seo_jsonld_value_end(const char *s, size_t len, size_t i)
{
    bool changed = false;
    size_t stop;
    return scan_value(s, len, i, NULL, &changed, &stop);
}

/* A line such as ===SCHEMA_JSON_START=== that only marks a block. */
static bool marker_line(const char *s, size_t n)
{
    if (n < 7 || s[0] != '=' || s[1] != '=' || s[n - 1] != '=')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == '=' || s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-' ||
              s[i] == ' '))
            return false;
    return true;
}

/* Length of the ``` or ~~~ run (3 or more) that opens or closes a code fence at s, else 0. */
static size_t fence_run(const char *s, size_t n, char *c)
{
    size_t k = 0;
    if (n && (s[0] == '`' || s[0] == '~'))
        while (k < n && s[k] == s[0])
            k++;
    if (k < 3)
        return 0;
    *c = s[0];
    return k;
}

/*
 * A Markdown code fence being read: when it holds nothing but embedded
 * blocks (```json around a schema), the fence lines go with them, so no
 * empty code block or stray ``` line is left in the prose.
 */
struct fence {
    bool open;
    char c;          /* ` or ~ */
    size_t n;        /* the opening run's length: a closing run is at least as long */
    size_t prose_at; /* prose length before the opening line */
    bool took;       /* a block was taken inside it */
    bool other;      /* anything but blocks and blank lines inside it */
};

void seo_jsonld_strip(const char *body, size_t len, struct seo_hints *h,
                      const struct seo_limits *limits, struct seo_warnings *w,
                      struct seo_buf *prose)
{
    size_t i = 0, line = 1;
    struct fence fence = {0};
    while (i < len) {
        const char *nl = memchr(body + i, '\n', len - i);
        size_t eol = nl ? (size_t)(nl - body) : len;
        size_t next = nl ? eol + 1 : len;
        size_t first = i;
        while (first < eol && (body[first] == ' ' || body[first] == '\t'))
            first++;
        size_t trimmed_end = eol;
        while (trimmed_end > first && strchr(" \t\r", body[trimmed_end - 1]))
            trimmed_end--;
        if (marker_line(body + first, trimmed_end - first)) {
            i = next;
            line++;
            continue;
        }
        char fc = 0;
        size_t run = first - i <= 3 ? fence_run(body + first, trimmed_end - first, &fc) : 0;
        bool fence_line = false;
        if (!fence.open && run) {
            fence = (struct fence){.open = true, .c = fc, .n = run, .prose_at = prose->len};
            fence_line = true;
        } else if (fence.open && run >= fence.n && fc == fence.c &&
                   first + run == trimmed_end) { /* a closing fence has no info string */
            fence.open = false;
            if (fence.took && !fence.other) {
                prose->len = fence.prose_at;
                prose->data[prose->len] = '\0';
                seo_buf_putc(prose, '\n');
                i = next;
                line++;
                continue;
            }
            fence_line = true;
        }
        if (first < eol && body[first] == '{') {
            size_t pos = first, end;
            bool took = false;
            /* Blocks may follow each other on one line: "}{". */
            while (pos < len && body[pos] == '{' &&
                   (end = seo_jsonld_value_end(body, len, pos)) > 0) {
                size_t at_line = line;
                for (size_t k = i; k < pos; k++)
                    at_line += body[k] == '\n';
                seo_jsonld_take_block(h, body + pos, end - pos, at_line, limits, w);
                took = true;
                pos = end;
                while (pos < len && (body[pos] == ' ' || body[pos] == '\t'))
                    pos++;
            }
            if (took) {
                /* Count the lines the blocks spanned, keep the rest of the last line as prose. */
                for (size_t k = i; k < pos; k++)
                    line += body[k] == '\n';
                const char *after = memchr(body + pos, '\n', len - pos);
                size_t rest_end = after ? (size_t)(after - body) : len;
                fence.took = fence.open;
                for (size_t k = pos; fence.open && k < rest_end; k++)
                    fence.other |= !strchr(" \t\r", body[k]);
                seo_buf_append(prose, body + pos, rest_end - pos);
                seo_buf_puts(prose, "\n\n");
                i = after ? rest_end + 1 : len;
                line++;
                continue;
            }
        }
        fence.other |= fence.open && !fence_line && first < trimmed_end;
        seo_buf_append(prose, body + i, next - i);
        i = next;
        line++;
    }
}
