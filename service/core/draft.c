#include "draft.h"

#include "html.h"
#include "json.h"
#include "mem.h"
#include "utf8.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {"auto", "json", "markdown", "html", "text"};

bool seo_format_parse(const char *name, enum seo_format *out)
{
    for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
        if (strcmp(name, format_names[i]) == 0) {
            *out = (enum seo_format)i;
            return true;
        }
    }
    if (strcmp(name, "md") == 0) {
        *out = SEO_FORMAT_MARKDOWN;
        return true;
    }
    if (strcmp(name, "plain") == 0) {
        *out = SEO_FORMAT_TEXT;
        return true;
    }
    return false;
}

const char *seo_format_name(enum seo_format f)
{
    return (size_t)f < sizeof(format_names) / sizeof(format_names[0]) ? format_names[f] : "auto";
}

/*
 * Markdown is recognised by its block syntax at line starts (ATX headings,
 * fences, setext underlines) or by several inline constructs (links,
 * emphasis); scraped text with "- " bullets alone stays plain text.
 */
static bool markdown_sniff(const char *s, size_t len)
{
    size_t strong = 0, weak = 0;
    size_t scan = len < 16384 ? len : 16384; /* the start of a document shows its syntax */
    for (size_t i = 0; i < scan; i++) {
        bool line_start = i == 0 || s[i - 1] == '\n';
        if (line_start) {
            size_t h = 0;
            while (i + h < scan && s[i + h] == '#' && h < 7)
                h++;
            if (h >= 1 && h <= 6 && i + h < scan && s[i + h] == ' ')
                strong++;
            if (scan - i >= 3 && (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0))
                strong++;
            if (scan - i >= 3 && (memcmp(s + i, "===", 3) == 0 || memcmp(s + i, "---", 3) == 0)) {
                size_t j = i;
                while (j < scan && (s[j] == '=' || s[j] == '-'))
                    j++;
                if ((j == scan || s[j] == '\n' || s[j] == '\r') && i > 1 && s[i - 2] != '\n')
                    strong++;
            }
        }
        if (s[i] == ']' && i + 1 < scan && s[i + 1] == '(')
            weak++;
        if (s[i] == '*' && i + 1 < scan && s[i + 1] == '*')
            weak++;
    }
    return strong > 0 || weak >= 4;
}

enum seo_format seo_format_sniff(const char *s, size_t len)
{
    if (seo_html_sniff(s, len))
        return SEO_FORMAT_HTML;
    if (markdown_sniff(s, len))
        return SEO_FORMAT_MARKDOWN;
    return SEO_FORMAT_TEXT;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void seo_draft_free(struct seo_draft *d)
{
    if (!d)
        return;
    char **fields[] = {&d->id,         &d->title,          &d->body,
                       &d->url,        &d->locale,         &d->author_name,
                       &d->author_url, &d->date_published, &d->date_modified,
                       &d->image,      &d->section,        &d->focus_keyword,
                       &d->site};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        free(*fields[i]);
    free_strings(d->tags, d->n_tags);
    free_strings(d->faq_sources, d->n_faq_sources);
    for (size_t i = 0; i < d->n_faq; i++) {
        free(d->faq[i].question);
        free(d->faq[i].answer);
    }
    free(d->faq);
    if (d->existing_seo) {
        free(d->existing_seo->meta_title);
        free(d->existing_seo->meta_description);
        free(d->existing_seo->canonical);
        free(d->existing_seo->focus_keyword);
        for (size_t i = 0; i < d->existing_seo->n_schema_types; i++)
            free(d->existing_seo->schema_types[i]);
        free(d->existing_seo);
    }
    memset(d, 0, sizeof(*d));
}

static enum seo_status wrong_type(struct seo_error *err, const char *pointer, const char *want,
                                  const json_t *got)
{
    return seo_error_set(err, SEO_ERR_TYPE, pointer, "field \"%s\" must be %s, not %s", pointer + 1,
                         want, seo_json_type_name(got));
}

/*
 * Copies the string value `v` into *dst (NFC, trimmed; NULL when empty).
 * Absent and null are allowed; other types are an error naming the field.
 */
static enum seo_status copy_string(const json_t *v, const char *pointer, char **dst,
                                   struct seo_error *err)
{
    if (!v || json_is_null(v))
        return SEO_OK;
    if (!json_is_string(v))
        return wrong_type(err, pointer, "a string", v);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (memchr(s, '\0', n))
        return seo_error_set(err, SEO_ERR_TYPE, pointer, "field \"%s\" contains a NUL character",
                             pointer + 1);
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    while (n && strchr(" \t\r\n", *s)) {
        s++;
        n--;
    }
    if (n) {
        size_t out_len;
        *dst = seo_utf8_nfc(s, n, &out_len);
    }
    return SEO_OK;
}

static enum seo_status get_string(const json_t *obj, const char *key, const char *pointer,
                                  char **dst, struct seo_error *err)
{
    return copy_string(json_object_get(obj, key), pointer, dst, err);
}

static enum seo_status get_string_array(const json_t *obj, const char *key, size_t max, char ***dst,
                                        size_t *count, struct seo_error *err)
{
    const json_t *v = json_object_get(obj, key);
    char pointer[64];
    snprintf(pointer, sizeof(pointer), "/%s", key);
    if (!v || json_is_null(v))
        return SEO_OK;
    if (!json_is_array(v))
        return wrong_type(err, pointer, "an array of strings", v);
    if (json_array_size(v) > max)
        return seo_error_set(err, SEO_ERR_LIMIT, pointer,
                             "field \"%s\" has %zu entries; the limit is %zu", key,
                             json_array_size(v), max);
    char **out = seo_xcalloc(json_array_size(v) + 1, sizeof(*out));
    size_t n = 0, i;
    const json_t *item;
    enum seo_status st = SEO_OK;
    json_array_foreach(v, i, item)
    {
        char p[96];
        snprintf(p, sizeof(p), "/%s/%zu", key, i);
        if (!json_is_string(item)) {
            st = wrong_type(err, p, "a string", item);
            break;
        }
        char *s = NULL;
        st = copy_string(item, p, &s, err);
        if (st != SEO_OK)
            break;
        if (s)
            out[n++] = s;
    }
    if (st != SEO_OK) {
        free_strings(out, n);
        return st;
    }
    *dst = out;
    *count = n;
    return SEO_OK;
}

/* obj[key] as a boolean; absent and null are false, other types an error naming the field. */
static enum seo_status get_bool(const json_t *obj, const char *key, const char *pointer, bool *dst,
                                struct seo_error *err)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return SEO_OK;
    if (!json_is_boolean(v))
        return wrong_type(err, pointer, "true or false", v);
    *dst = json_is_true(v);
    return SEO_OK;
}

static enum seo_status get_author(const json_t *obj, struct seo_draft *d, struct seo_error *err)
{
    const json_t *v = json_object_get(obj, "author");
    if (!v || json_is_null(v) || json_is_string(v))
        return get_string(obj, "author", "/author", &d->author_name, err);
    if (!json_is_object(v))
        return wrong_type(err, "/author", "a string or an object {name, url}", v);
    enum seo_status st = get_string(v, "name", "/author/name", &d->author_name, err);
    if (st == SEO_OK)
        st = get_string(v, "url", "/author/url", &d->author_url, err);
    return st;
}

static enum seo_status get_faq(const json_t *obj, struct seo_draft *d,
                               const struct seo_limits *limits, struct seo_error *err)
{
    const json_t *v = json_object_get(obj, "faq");
    if (!v || json_is_null(v))
        return SEO_OK;
    if (!json_is_array(v))
        return wrong_type(err, "/faq", "an array of {question, answer} objects", v);
    size_t n = json_array_size(v);
    if (n > limits->max_faq_entries)
        return seo_error_set(err, SEO_ERR_LIMIT, "/faq",
                             "field \"faq\" has %zu entries; the limit is %zu", n,
                             limits->max_faq_entries);
    d->faq = seo_xcalloc(n + 1, sizeof(*d->faq));
    size_t i;
    const json_t *item;
    json_array_foreach(v, i, item)
    {
        char p[64], pq[80], pa[80];
        snprintf(p, sizeof(p), "/faq/%zu", i);
        snprintf(pq, sizeof(pq), "%s/question", p);
        snprintf(pa, sizeof(pa), "%s/answer", p);
        if (!json_is_object(item))
            return wrong_type(err, p, "an object {question, answer}", item);
        struct seo_faq_pair *f = &d->faq[d->n_faq++];
        enum seo_status st = get_string(item, "question", pq, &f->question, err);
        if (st == SEO_OK)
            st = get_string(item, "answer", pa, &f->answer, err);
        if (st != SEO_OK)
            return st;
        if (!f->question)
            return seo_error_set(err, SEO_ERR_TYPE, pq, "field \"%s\" is missing or empty", pq + 1);
        if (!f->answer)
            return seo_error_set(err, SEO_ERR_TYPE, pa, "field \"%s\" is missing or empty", pa + 1);
    }
    return SEO_OK;
}

/* Adds `type` to the existing schema's types unless it is there, empty, or the list is full. */
static void add_schema_type(struct seo_existing_seo *e, const json_t *type)
{
    const char *t = json_string_value(type);
    if (!t || !*t || e->n_schema_types == SEO_MAX_SCHEMA_TYPES)
        return;
    for (size_t i = 0; i < e->n_schema_types; i++)
        if (strcmp(e->schema_types[i], t) == 0)
            return;
    e->schema_types[e->n_schema_types++] = seo_xstrdup(t);
    if (strcmp(t, "FAQPage") == 0)
        e->faq_schema_present = true;
}

/*
 * The @type of every node of a JSON-LD value, at the top, in arrays and in
 * @graph (nesting is bounded by the draft's depth limit, checked when it was
 * loaded), in the order met.
 */
static void collect_schema_types(const json_t *v, struct seo_existing_seo *e)
{
    size_t i;
    const json_t *item;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            collect_schema_types(item, e);
        }
        return;
    }
    if (!json_is_object(v))
        return;
    const json_t *type = json_object_get(v, "@type");
    add_schema_type(e, type);
    json_array_foreach(type, i, item)
    {
        add_schema_type(e, item);
    }
    collect_schema_types(json_object_get(v, "@graph"), e);
}

static enum seo_status get_existing_seo(const json_t *obj, struct seo_draft *d,
                                        struct seo_error *err)
{
    const json_t *v = json_object_get(obj, "existing_seo");
    if (!v || json_is_null(v))
        return SEO_OK;
    if (!json_is_object(v))
        return wrong_type(err, "/existing_seo",
                          "an object {meta_title, meta_description, canonical, focus_keyword, "
                          "jsonld}",
                          v);
    const json_t *jsonld = json_object_get(v, "jsonld");
    if (jsonld && !json_is_null(jsonld) && !json_is_object(jsonld) && !json_is_array(jsonld))
        return wrong_type(err, "/existing_seo/jsonld", "an object or an array", jsonld);
    struct seo_existing_seo *e = seo_xcalloc(1, sizeof(*e));
    d->existing_seo = e; /* freed with the draft, also on failure */
    collect_schema_types(jsonld, e);
    enum seo_status st =
        get_string(v, "meta_title", "/existing_seo/meta_title", &e->meta_title, err);
    if (st == SEO_OK)
        st = get_string(v, "meta_description", "/existing_seo/meta_description",
                        &e->meta_description, err);
    if (st == SEO_OK)
        st = get_string(v, "canonical", "/existing_seo/canonical", &e->canonical, err);
    if (st == SEO_OK)
        st = get_string(v, "focus_keyword", "/existing_seo/focus_keyword", &e->focus_keyword, err);
    return st;
}

static enum seo_status from_json(const json_t *root, const struct seo_limits *limits,
                                 struct seo_draft *d, struct seo_error *err)
{
    static const struct {
        const char *key;
        size_t offset;
    } strings[] = {
        {"id", offsetof(struct seo_draft, id)},
        {"title", offsetof(struct seo_draft, title)},
        {"body", offsetof(struct seo_draft, body)},
        {"url", offsetof(struct seo_draft, url)},
        {"locale", offsetof(struct seo_draft, locale)},
        {"date_published", offsetof(struct seo_draft, date_published)},
        {"date_modified", offsetof(struct seo_draft, date_modified)},
        {"image", offsetof(struct seo_draft, image)},
        {"section", offsetof(struct seo_draft, section)},
        {"focus_keyword", offsetof(struct seo_draft, focus_keyword)},
        {"site", offsetof(struct seo_draft, site)},
    };
    if (!json_is_object(root))
        return seo_error_set(err, SEO_ERR_TYPE, "", "a draft must be a JSON object, not %s",
                             seo_json_type_name(root));
    enum seo_status st = SEO_OK;
    for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]) && st == SEO_OK; i++) {
        char pointer[32];
        snprintf(pointer, sizeof(pointer), "/%s", strings[i].key);
        st = get_string(root, strings[i].key, pointer, (char **)((char *)d + strings[i].offset),
                        err);
    }
    char *format = NULL;
    if (st == SEO_OK)
        st = get_string(root, "format", "/format", &format, err);
    if (st == SEO_OK && format) {
        if (!seo_format_parse(format, &d->format) || d->format == SEO_FORMAT_JSON)
            st = seo_error_set(
                err, SEO_ERR_TYPE, "/format",
                "field \"format\" must be one of auto, markdown, html, text; not \"%.40s\"",
                format);
    }
    free(format);
    if (st == SEO_OK)
        st = get_bool(root, "medical", "/medical", &d->medical, err);
    if (st == SEO_OK)
        st = get_author(root, d, err);
    if (st == SEO_OK)
        st = get_string_array(root, "tags", 100, &d->tags, &d->n_tags, err);
    if (st == SEO_OK)
        st = get_string_array(root, "faq_sources", 20, &d->faq_sources, &d->n_faq_sources, err);
    if (st == SEO_OK)
        st = get_faq(root, d, limits, err);
    if (st == SEO_OK)
        st = get_existing_seo(root, d, err);
    if (d->body)
        d->body_len = strlen(d->body);
    if (st == SEO_OK && d->body_len > limits->max_body_bytes)
        st = seo_error_set(err, SEO_ERR_LIMIT, "/body",
                           "field \"body\" is %zu bytes, larger than the limit of %zu bytes "
                           "(limits.max_body_bytes)",
                           d->body_len, limits->max_body_bytes);
    if (st == SEO_OK && !d->title && !d->body)
        st = seo_error_set(err, SEO_ERR_UNUSABLE, "/body",
                           "the draft has neither a title nor a body");
    return st;
}

/* A JSON draft starts with '{' and then, after white space, an ASCII quote or '}'. */
static bool looks_like_json_draft(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", s[i]))
        i++;
    if (i + 3 <= len && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0)
        i += 3;
    if (i >= len || s[i] != '{')
        return false;
    i++;
    while (i < len && strchr(" \t\r\n", s[i]))
        i++;
    return i < len && (s[i] == '"' || s[i] == '}');
}

/*
 * Keys only a seopipe draft has. A JSON-LD node shares "url", "image" and
 * "author" with a draft, so those say nothing about which one an object is.
 */
static const char *const draft_only_keys[] = {
    "id",      "title",          "body",          "format",
    "locale",  "date_published", "date_modified", "tags",
    "section", "focus_keyword",  "faq",           "faq_sources",
    "site",    "existing_seo",   "medical",
};

/*
 * A JSON-LD value pasted as a document rather than a draft: it has @context,
 * @type or @graph and none of the keys only a draft has.
 */
static bool jsonld_not_draft(const json_t *root)
{
    if (!json_object_get(root, "@context") && !json_object_get(root, "@type") &&
        !json_object_get(root, "@graph"))
        return false;
    for (size_t i = 0; i < sizeof(draft_only_keys) / sizeof(draft_only_keys[0]); i++)
        if (json_object_get(root, draft_only_keys[i]))
            return false;
    return true;
}

/*
 * Words follow the first JSON value: the input is a document that starts with
 * JSON-LD blocks (AI tools paste their schema above the article), not a JSON
 * draft with a stray character after it.
 */
static bool prose_after_first_value(const char *s, size_t len)
{
    const char *open = memchr(s, '{', len); /* only space and a BOM come before it */
    size_t end = open ? seo_jsonld_value_end(s, len, (size_t)(open - s)) : 0;
    if (!end)
        return false;
    for (size_t i = end; i < len; i++)
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (s[i] >= '0' && s[i] <= '9') || (unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

size_t seo_draft_max_input(const struct seo_limits *limits)
{
    size_t body = limits->max_body_bytes;
    if (body > SIZE_MAX / SEO_DRAFT_JSON_FACTOR)
        return SIZE_MAX;
    return body * SEO_DRAFT_JSON_FACTOR;
}

enum seo_status seo_draft_parse(const char *input, size_t len, enum seo_format format,
                                const struct seo_limits *limits, struct seo_draft *out,
                                struct seo_error *err)
{
    if (len > seo_draft_max_input(limits))
        return seo_error_set(err, SEO_ERR_LIMIT, "",
                             "the draft is %zu bytes, larger than the limit of %zu bytes for a "
                             "whole draft (%d x limits.max_body_bytes)",
                             len, seo_draft_max_input(limits), SEO_DRAFT_JSON_FACTOR);
    size_t bad;
    if (!seo_utf8_valid(input, len, &bad)) {
        seo_error_set(err, SEO_ERR_ENCODING, "",
                      (unsigned char)input[bad] == 0
                          ? "the draft contains a NUL byte at byte offset %zu"
                          : "the draft is not valid UTF-8 at byte offset %zu",
                      bad);
        if (err)
            err->offset = bad;
        return SEO_ERR_ENCODING;
    }
    /* A UTF-8 byte order mark is not content. */
    if (len >= 3 && memcmp(input, "\xEF\xBB\xBF", 3) == 0) {
        input += 3;
        len -= 3;
    }
    struct seo_draft d = {0};
    enum seo_status st = SEO_OK;
    bool raw = format != SEO_FORMAT_JSON &&
               (format != SEO_FORMAT_AUTO || !looks_like_json_draft(input, len));
    if (!raw) {
        json_t *root = NULL;
        st = seo_json_load(input, len, limits->max_depth, "the draft", &root, err);
        /* Auto-detected JSON that is really a document starting with JSON-LD blocks. */
        if (format == SEO_FORMAT_AUTO)
            raw = st == SEO_OK ? jsonld_not_draft(root)
                               : st == SEO_ERR_SYNTAX && prose_after_first_value(input, len);
        if (raw)
            st = SEO_OK;
        else if (st == SEO_OK)
            st = from_json(root, limits, &d, err);
        json_decref(root);
    }
    /* A raw document is all body. */
    if (raw && len > limits->max_body_bytes) {
        st = seo_error_set(err, SEO_ERR_LIMIT, "",
                           "the draft is %zu bytes, larger than the limit of %zu bytes "
                           "(limits.max_body_bytes)",
                           len, limits->max_body_bytes);
    } else if (raw) {
        d.body = seo_utf8_nfc(input, len, &d.body_len);
        d.format = format;
    }
    if (st != SEO_OK) {
        seo_draft_free(&d);
        return st;
    }
    if (d.body && d.format == SEO_FORMAT_AUTO)
        d.format = seo_format_sniff(d.body, d.body_len);
    *out = d;
    return SEO_OK;
}
