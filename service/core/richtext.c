/*
 * CMS rich-text trees to HTML (richtext.h). Each CMS ships its renderer in
 * JavaScript only (@strapi/blocks-react-renderer,
 * @contentful/rich-text-html-renderer, @portabletext/to-html, Payload's
 * convertLexicalToHTML), so this is written by hand: one walker for the three
 * {type, children} trees (Strapi Blocks, Contentful, Lexical), driven by a
 * table of node types per CMS, and one for Portable Text, whose lists and
 * marks are flat and have to be grouped.
 *
 * The output is the plain HTML html.c reads. Elements that render nothing
 * (an empty paragraph, a link around an image) are left out entirely, so an
 * editor's stray empty blocks do not become empty paragraphs: an opening tag
 * waits in `pending` until something is written inside it, which also keeps
 * a dropped element from counting against the byte limit. Newlines inside
 * text become <br> (the CMS renderers do the same), except in code blocks.
 */
#include "richtext.h"

#include "buf.h"
#include "doc.h"
#include "json.h"
#include "mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"strapi_blocks", "contentful_rich_text", "portable_text",
                                         "lexical"};
#define N_KINDS (sizeof(kind_names) / sizeof(kind_names[0]))

bool seo_richtext_kind_parse(const char *name, enum seo_richtext_kind *out)
{
    for (size_t i = 0; i < N_KINDS; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            *out = (enum seo_richtext_kind)i;
            return true;
        }
    }
    return false;
}

const char *seo_richtext_kind_name(enum seo_richtext_kind k)
{
    return (size_t)k < N_KINDS ? kind_names[k] : "unknown";
}

/* Inline marks, in the order their tags open (the first is outermost). */
enum {
    MARK_BOLD,
    MARK_ITALIC,
    MARK_UNDERLINE,
    MARK_STRIKE,
    MARK_CODE,
    MARK_SUB,
    MARK_SUP,
    N_MARKS
};
static const char *const mark_open[N_MARKS] = {"<strong>", "<em>",  "<u>",  "<s>",
                                               "<code>",   "<sub>", "<sup>"};
static const char *const mark_close[N_MARKS] = {"</strong>", "</em>",  "</u>",  "</s>",
                                                "</code>",   "</sub>", "</sup>"};
/* The marks' names: Strapi's boolean keys on a text node, Contentful's marks[].type and Portable
 * Text's decorators; NULL where the CMS has no such mark. */
static const char *const strapi_marks[N_MARKS] = {"bold", "italic", "underline", "strikethrough",
                                                  "code", NULL,     NULL};
static const char *const contentful_marks[N_MARKS] = {
    "bold", "italic", "underline", "strikethrough", "code", "subscript", "superscript"};
static const char *const portable_marks[N_MARKS] = {"strong", "em", "underline", "strike-through",
                                                    "code",   NULL, NULL};
/* Lexical's text `format` bits (IS_BOLD, IS_ITALIC, IS_UNDERLINE = 8, IS_STRIKETHROUGH = 4, ...).
 */
static const unsigned lexical_bits[N_MARKS] = {1, 2, 8, 4, 16, 32, 64};

static const char *const heading_tags[] = {"h1", "h2", "h3", "h4", "h5", "h6"};

/* What a node type renders as; the tables below give each CMS's types. */
enum action {
    ACT_CHILDREN,      /* only its children (containers, unknown types) */
    ACT_SKIP,          /* nothing: images, embeds, references */
    ACT_ELEMENT,       /* <tag>children</tag> */
    ACT_VOID,          /* <tag> */
    ACT_HEADING_LEVEL, /* Strapi: <h{level}> */
    ACT_HEADING_TAG,   /* Lexical: <{tag}>, tag h1..h6 */
    ACT_LIST_FORMAT,   /* Strapi: format ordered|unordered, nested lists beside the items */
    ACT_LIST_TYPE,     /* Lexical: listType number|bullet|check */
    ACT_CODE,          /* <pre><code>, newlines kept */
    ACT_LINK,          /* <a href> when the href is allowed, else the children alone */
    ACT_TEXT,          /* escaped text inside its marks */
};

struct rule {
    const char *type; /* NULL ends a table; that last entry serves unknown types */
    enum action act;
    const char *tag;
};

static const struct rule strapi_rules[] = {
    {"paragraph", ACT_ELEMENT, "p"},
    {"heading", ACT_HEADING_LEVEL, NULL},
    {"list", ACT_LIST_FORMAT, NULL},
    {"list-item", ACT_ELEMENT, "li"},
    {"quote", ACT_ELEMENT, "blockquote"},
    {"code", ACT_CODE, NULL},
    {"image", ACT_SKIP, NULL},
    {"link", ACT_LINK, NULL},
    {"text", ACT_TEXT, NULL},
    {NULL, ACT_CHILDREN, NULL},
};

static const struct rule contentful_rules[] = {
    {"document", ACT_CHILDREN, NULL},
    {"paragraph", ACT_ELEMENT, "p"},
    {"heading-1", ACT_ELEMENT, "h1"},
    {"heading-2", ACT_ELEMENT, "h2"},
    {"heading-3", ACT_ELEMENT, "h3"},
    {"heading-4", ACT_ELEMENT, "h4"},
    {"heading-5", ACT_ELEMENT, "h5"},
    {"heading-6", ACT_ELEMENT, "h6"},
    {"ordered-list", ACT_ELEMENT, "ol"},
    {"unordered-list", ACT_ELEMENT, "ul"},
    {"list-item", ACT_ELEMENT, "li"},
    {"blockquote", ACT_ELEMENT, "blockquote"},
    {"hr", ACT_VOID, "hr"},
    {"table", ACT_ELEMENT, "table"},
    {"table-row", ACT_ELEMENT, "tr"},
    {"table-cell", ACT_ELEMENT, "td"},
    {"table-header-cell", ACT_ELEMENT, "th"},
    {"embedded-entry-block", ACT_SKIP, NULL},
    {"embedded-asset-block", ACT_SKIP, NULL},
    {"embedded-resource-block", ACT_SKIP, NULL},
    {"embedded-entry-inline", ACT_SKIP, NULL},
    {"embedded-resource-inline", ACT_SKIP, NULL},
    {"hyperlink", ACT_LINK, NULL},
    /* Links to entries and assets need the CMS to resolve them: their text stays. */
    {"entry-hyperlink", ACT_CHILDREN, NULL},
    {"asset-hyperlink", ACT_CHILDREN, NULL},
    {"resource-hyperlink", ACT_CHILDREN, NULL},
    {"text", ACT_TEXT, NULL},
    {NULL, ACT_CHILDREN, NULL},
};

static const struct rule lexical_rules[] = {
    {"root", ACT_CHILDREN, NULL},       {"paragraph", ACT_ELEMENT, "p"},
    {"heading", ACT_HEADING_TAG, NULL}, {"list", ACT_LIST_TYPE, NULL},
    {"listitem", ACT_ELEMENT, "li"},    {"quote", ACT_ELEMENT, "blockquote"},
    {"link", ACT_LINK, NULL},           {"autolink", ACT_LINK, NULL},
    {"linebreak", ACT_VOID, "br"},      {"horizontalrule", ACT_VOID, "hr"},
    {"text", ACT_TEXT, NULL},           {"tab", ACT_TEXT, NULL},
    {"upload", ACT_SKIP, NULL},         {"relationship", ACT_SKIP, NULL},
    {"block", ACT_SKIP, NULL},          {"inlineBlock", ACT_SKIP, NULL},
    {NULL, ACT_CHILDREN, NULL},
};

/* Where a CMS keeps a node's type, children and text. Portable Text has its own walker. */
struct dialect {
    const char *type_key;
    const char *children_key;
    const char *text_key;
    const struct rule *rules;
};

static const struct dialect dialects[N_KINDS] = {
    [SEO_RICHTEXT_STRAPI_BLOCKS] = {"type", "children", "text", strapi_rules},
    [SEO_RICHTEXT_CONTENTFUL] = {"nodeType", "content", "value", contentful_rules},
    [SEO_RICHTEXT_PORTABLE_TEXT] = {"_type", "children", "text", NULL},
    [SEO_RICHTEXT_LEXICAL] = {"type", "children", "text", lexical_rules},
};

struct render {
    enum seo_richtext_kind kind;
    const struct dialect *d;
    unsigned max_depth;
    size_t max_bytes;
    bool in_code; /* inside a code block: newlines stay newlines */
    struct seo_buf out;
    struct seo_buf pending; /* opening tags that wait for their first content */
    size_t flushes;         /* how many times `pending` went out */
    struct seo_error *err;
};

/* Where an opening tag sits in `pending`, to take it back when nothing went inside. */
struct opening {
    size_t at;
    size_t flushes;
};

/*
 * The JSON pointer of the value being rendered, as a chain on the C stack:
 * nothing is built unless an error names it. NULL is the tree itself.
 */
struct path {
    const struct path *up;
    const char *key; /* one of ours, so it needs no ~0/~1 escaping; NULL: an array index */
    size_t index;
};

static void path_format(struct seo_buf *b, const struct path *p)
{
    if (!p)
        return;
    path_format(b, p->up);
    if (p->key)
        seo_buf_printf(b, "/%s", p->key);
    else
        seo_buf_printf(b, "/%zu", p->index);
}

/* Fills r->err with `status`, the pointer of `p` and what is wrong there; returns `status`. */
__attribute__((format(printf, 4, 5))) static enum seo_status
fail(struct render *r, enum seo_status status, const struct path *p, const char *fmt, ...)
{
    char what[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    struct seo_buf field = {0};
    path_format(&field, p);
    const char *kind = seo_richtext_kind_name(r->kind);
    if (field.len)
        seo_error_set(r->err, status, field.data, "%s in the %s tree %s", field.data, kind, what);
    else
        seo_error_set(r->err, status, "", "the %s tree %s", kind, what);
    seo_buf_free(&field);
    return status;
}

static enum seo_status too_big(struct render *r)
{
    return fail(r, SEO_ERR_LIMIT, NULL, "renders to more than %zu bytes of HTML", r->max_bytes);
}

static enum seo_status check_depth(struct render *r, const struct path *p, unsigned depth)
{
    if (depth > r->max_depth)
        return fail(r, SEO_ERR_LIMIT, p, "nests deeper than %u levels", r->max_depth);
    return SEO_OK;
}

/*
 * Makes room for `n` bytes of content: the pending opening tags go out first.
 * The byte limit is checked before anything is written.
 */
static enum seo_status reserve(struct render *r, size_t n)
{
    size_t room = r->max_bytes - r->out.len;
    if (r->pending.len > room || n > room - r->pending.len)
        return too_big(r);
    if (r->pending.len) {
        seo_buf_append(&r->out, r->pending.data, r->pending.len);
        seo_buf_reset(&r->pending);
        r->flushes++;
    }
    return SEO_OK;
}

/* Appends markup that is content: closing tags, <br>, <hr>, marks around text. */
static enum seo_status put(struct render *r, const char *s)
{
    size_t n = strlen(s);
    enum seo_status st = reserve(r, n);
    if (st == SEO_OK)
        seo_buf_append(&r->out, s, n);
    return st;
}

/* The length of `s` escaped by escape(). */
static size_t escaped_len(const char *s, size_t n, bool breaks)
{
    size_t need = 0;
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&':
        case '\'':
            need += 5;
            break;
        case '<':
        case '>':
            need += 4;
            break;
        case '"':
            need += 6;
            break;
        case '\n':
            need += breaks ? 4 : 1;
            break;
        default:
            need++;
        }
    }
    return need;
}

/*
 * Appends `s` escaped: seo_buf_html_escape() for & < > " plus ' (so the text
 * is safe in any attribute), and each newline as <br> when `breaks`. `s`
 * holds no NUL (callers refuse it).
 */
static void escape(struct seo_buf *b, const char *s, size_t n, bool breaks)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = s[i] == '\'' ? "&#39;" : s[i] == '\n' && breaks ? "<br>" : NULL;
        if (!rep)
            continue;
        seo_buf_html_escape(b, s + start, i - start);
        seo_buf_puts(b, rep);
        start = i + 1;
    }
    seo_buf_html_escape(b, s + start, n - start);
}

/* Appends text content escaped (escape()); the limit is checked on the escaped length. */
static enum seo_status put_escaped(struct render *r, const char *s, size_t n, bool breaks)
{
    enum seo_status st = reserve(r, escaped_len(s, n, breaks));
    if (st == SEO_OK)
        escape(&r->out, s, n, breaks);
    return st;
}

/* obj[key] when it is a string that may become a link, else NULL (borrowed). */
static const char *allowed_href(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v) || !seo_href_allowed(json_string_value(v), json_string_length(v)))
        return NULL;
    return json_string_value(v);
}

/* Holds back an opening tag (`<a href="...">` when `href` is set) until content follows. */
static struct opening open_tag(struct render *r, const char *open, const char *href)
{
    struct opening o = {r->pending.len, r->flushes};
    if (href) {
        seo_buf_puts(&r->pending, "<a href=\"");
        escape(&r->pending, href, strlen(href), false);
        seo_buf_puts(&r->pending, "\">");
    } else {
        seo_buf_puts(&r->pending, open);
    }
    return o;
}

/* Ends the element opened at `o`: with `close` when content went out since, else by dropping it. */
static enum seo_status close_tag(struct render *r, struct opening o, const char *close)
{
    if (r->flushes == o.flushes) {
        r->pending.len = o.at;
        r->pending.data[o.at] = '\0';
        return SEO_OK;
    }
    return put(r, close);
}

/* obj[key] when it is an array, *out = NULL when absent or null; else a type error. */
static enum seo_status optional_array(struct render *r, const json_t *obj, const struct path *p,
                                      const json_t **out)
{
    const json_t *v = json_object_get(obj, p->key);
    *out = NULL;
    if (!v || json_is_null(v))
        return SEO_OK;
    if (!json_is_array(v))
        return fail(r, SEO_ERR_TYPE, p, "must be an array");
    *out = v;
    return SEO_OK;
}

/* The string at obj[p->key], without NUL characters; else a type error. */
static enum seo_status text_field(struct render *r, const json_t *obj, const struct path *p,
                                  const char **s, size_t *n)
{
    const json_t *v = json_object_get(obj, p->key);
    if (!json_is_string(v))
        return fail(r, SEO_ERR_TYPE, p, "must be a string");
    *s = json_string_value(v);
    *n = json_string_length(v);
    if (memchr(*s, '\0', *n))
        return fail(r, SEO_ERR_TYPE, p, "contains a NUL character");
    return SEO_OK;
}

/* Escaped text inside the tags of `marks` (a bit per MARK_*). Empty text writes nothing. */
static enum seo_status put_marked(struct render *r, const char *s, size_t n, unsigned marks)
{
    enum seo_status st = SEO_OK;
    if (n == 0)
        return SEO_OK;
    for (int m = 0; st == SEO_OK && m < N_MARKS; m++) {
        if (marks & (1u << m))
            st = put(r, mark_open[m]);
    }
    if (st == SEO_OK)
        st = put_escaped(r, s, n, !r->in_code);
    for (int m = N_MARKS - 1; st == SEO_OK && m >= 0; m--) {
        if (marks & (1u << m))
            st = put(r, mark_close[m]);
    }
    return st;
}

/* --- Strapi Blocks, Contentful and Lexical: {type, children} trees --- */

static enum seo_status render_node(struct render *r, const json_t *node, const struct path *p,
                                   unsigned depth);

/* A node is an object with a string type. */
static enum seo_status node_type(struct render *r, const json_t *node, const struct path *p,
                                 const char **type)
{
    if (!json_is_object(node))
        return fail(r, SEO_ERR_TYPE, p, "must be an object");
    struct path tp = {p, r->d->type_key, 0};
    const json_t *t = json_object_get(node, tp.key);
    if (!json_is_string(t))
        return fail(r, SEO_ERR_TYPE, &tp, "must be a string");
    *type = json_string_value(t);
    return SEO_OK;
}

/* Renders each node of the array `nodes` (at pointer `p`) at `depth`. */
static enum seo_status render_array(struct render *r, const json_t *nodes, const struct path *p,
                                    unsigned depth)
{
    enum seo_status st = SEO_OK;
    for (size_t i = 0; st == SEO_OK && i < json_array_size(nodes); i++) {
        struct path ip = {p, NULL, i};
        st = render_node(r, json_array_get(nodes, i), &ip, depth);
    }
    return st;
}

static enum seo_status render_children(struct render *r, const json_t *node, const struct path *p,
                                       unsigned depth)
{
    struct path cp = {p, r->d->children_key, 0};
    const json_t *kids;
    enum seo_status st = optional_array(r, node, &cp, &kids);
    if (st == SEO_OK && kids)
        st = render_array(r, kids, &cp, depth + 1);
    return st;
}

/* node's children between `open` (a link when `href` is set) and `close`; nothing when empty. */
static enum seo_status wrap(struct render *r, const json_t *node, const struct path *p,
                            unsigned depth, const char *open, const char *href, const char *close)
{
    struct opening o = open_tag(r, open, href);
    enum seo_status st = render_children(r, node, p, depth);
    if (st == SEO_OK)
        st = close_tag(r, o, close);
    return st;
}

/*
 * A Strapi list. Strapi keeps a nested list beside the items (a `list` child
 * after a `list-item`, with its indentLevel); HTML wants it inside the item
 * before it, so an item stays open until the next item or the list's end.
 */
static enum seo_status strapi_list(struct render *r, const json_t *node, const struct path *p,
                                   unsigned depth)
{
    const char *format = seo_json_str(node, "format");
    bool ordered = format && strcmp(format, "ordered") == 0;
    struct path cp = {p, "children", 0};
    const json_t *kids;
    enum seo_status st = optional_array(r, node, &cp, &kids);
    if (st != SEO_OK)
        return st;
    struct opening list = open_tag(r, ordered ? "<ol>" : "<ul>", NULL), item = {0};
    bool in_item = false;
    for (size_t i = 0; st == SEO_OK && i < json_array_size(kids); i++) {
        struct path ip = {&cp, NULL, i};
        const json_t *kid = json_array_get(kids, i);
        const char *type = NULL;
        st = node_type(r, kid, &ip, &type);
        if (st != SEO_OK)
            break;
        bool is_item = strcmp(type, "list-item") == 0;
        if (is_item && in_item) {
            st = put(r, "</li>");
            in_item = false;
        }
        if (!in_item)
            item = open_tag(r, "<li>", NULL);
        if (st == SEO_OK && is_item)
            st = check_depth(r, &ip, depth + 1);
        if (st == SEO_OK)
            st = is_item ? render_children(r, kid, &ip, depth + 1)
                         : render_node(r, kid, &ip, depth + 1);
        if (st == SEO_OK && !in_item) {
            in_item = r->flushes != item.flushes;
            if (!in_item)
                st = close_tag(r, item, "");
        }
    }
    if (st == SEO_OK && in_item)
        st = put(r, "</li>");
    if (st == SEO_OK)
        st = close_tag(r, list, ordered ? "</ol>" : "</ul>");
    return st;
}

/* The inline marks of a text node, as bits per MARK_*. */
static enum seo_status text_marks(struct render *r, const json_t *node, const struct path *p,
                                  unsigned *marks)
{
    *marks = 0;
    if (r->kind == SEO_RICHTEXT_STRAPI_BLOCKS) {
        for (int m = 0; m < N_MARKS; m++) {
            if (strapi_marks[m] && json_is_true(json_object_get(node, strapi_marks[m])))
                *marks |= 1u << m;
        }
    } else if (r->kind == SEO_RICHTEXT_CONTENTFUL) {
        struct path mp = {p, "marks", 0};
        const json_t *list;
        enum seo_status st = optional_array(r, node, &mp, &list);
        if (st != SEO_OK)
            return st;
        for (size_t i = 0; i < json_array_size(list); i++) {
            const char *name = seo_json_str(json_array_get(list, i), "type");
            for (int m = 0; name && m < N_MARKS; m++) {
                if (strcmp(name, contentful_marks[m]) == 0)
                    *marks |= 1u << m;
            }
        }
    } else {
        const json_t *format = json_object_get(node, "format");
        json_int_t bits = json_is_integer(format) ? json_integer_value(format) : 0;
        for (int m = 0; m < N_MARKS; m++) {
            if (bits & lexical_bits[m])
                *marks |= 1u << m;
        }
    }
    return SEO_OK;
}

static enum seo_status render_text(struct render *r, const json_t *node, const struct path *p)
{
    struct path tp = {p, r->d->text_key, 0};
    const char *s = NULL;
    size_t n = 0;
    unsigned marks;
    enum seo_status st = text_field(r, node, &tp, &s, &n);
    if (st == SEO_OK)
        st = text_marks(r, node, p, &marks);
    if (st == SEO_OK)
        st = put_marked(r, s, n, marks);
    return st;
}

/* Strapi's `level` 1..6 or Lexical's `tag` "h1".."h6". */
static enum seo_status heading_tag(struct render *r, const json_t *node, const struct path *p,
                                   enum action act, const char **tag)
{
    struct path lp = {p, act == ACT_HEADING_LEVEL ? "level" : "tag", 0};
    const json_t *v = json_object_get(node, lp.key);
    json_int_t level = 0;
    if (act == ACT_HEADING_LEVEL && json_is_integer(v))
        level = json_integer_value(v);
    else if (act == ACT_HEADING_TAG && json_is_string(v) && json_string_length(v) == 2 &&
             json_string_value(v)[0] == 'h')
        level = json_string_value(v)[1] - '0';
    if (level < 1 || level > 6)
        return fail(r, SEO_ERR_TYPE, &lp, "must be %s",
                    act == ACT_HEADING_LEVEL ? "a whole number from 1 to 6" : "one of h1 to h6");
    *tag = heading_tags[level - 1];
    return SEO_OK;
}

/* The allowed href of a link node, else NULL: Strapi's url, Contentful's data.uri, Payload's
 * fields.url or Lexical's url. */
static const char *link_href(const struct render *r, const json_t *node)
{
    if (r->kind == SEO_RICHTEXT_CONTENTFUL)
        return allowed_href(json_object_get(node, "data"), "uri");
    if (r->kind == SEO_RICHTEXT_LEXICAL) {
        const json_t *fields = json_object_get(node, "fields");
        if (json_object_get(fields, "url"))
            return allowed_href(fields, "url");
    }
    return allowed_href(node, "url");
}

static enum seo_status render_node(struct render *r, const json_t *node, const struct path *p,
                                   unsigned depth)
{
    const char *type = NULL;
    enum seo_status st = check_depth(r, p, depth);
    if (st == SEO_OK)
        st = node_type(r, node, p, &type);
    if (st != SEO_OK)
        return st;
    const struct rule *rule = r->d->rules;
    while (rule->type && strcmp(rule->type, type) != 0)
        rule++;
    const char *tag = rule->tag;
    switch (rule->act) {
    case ACT_SKIP:
        return SEO_OK;
    case ACT_CHILDREN:
        return render_children(r, node, p, depth);
    case ACT_TEXT:
        return render_text(r, node, p);
    case ACT_LIST_FORMAT:
        return strapi_list(r, node, p, depth);
    case ACT_CODE: {
        bool was = r->in_code;
        r->in_code = true;
        st = wrap(r, node, p, depth, "<pre><code>", NULL, "</code></pre>");
        r->in_code = was;
        return st;
    }
    case ACT_LINK: {
        const char *href = link_href(r, node);
        if (!href)
            return render_children(r, node, p, depth);
        return wrap(r, node, p, depth, NULL, href, "</a>");
    }
    case ACT_HEADING_LEVEL:
    case ACT_HEADING_TAG:
        st = heading_tag(r, node, p, rule->act, &tag);
        if (st != SEO_OK)
            return st;
        break;
    case ACT_LIST_TYPE: {
        const char *list_type = seo_json_str(node, "listType");
        const char *list_tag = seo_json_str(node, "tag");
        bool ordered =
            list_type ? strcmp(list_type, "number") == 0 : list_tag && strcmp(list_tag, "ol") == 0;
        tag = ordered ? "ol" : "ul";
        break;
    }
    case ACT_VOID:
    case ACT_ELEMENT:
        break;
    }
    char open[16], close[16];
    snprintf(open, sizeof(open), "<%s>", tag);
    snprintf(close, sizeof(close), "</%s>", tag);
    if (rule->act == ACT_VOID)
        return put(r, open);
    return wrap(r, node, p, depth, open, NULL, close);
}

/* --- Portable Text: flat blocks, lists by listItem/level, marks per span --- */

/* Real spans carry a few marks; the cap bounds the per-span work below. */
#define PT_MAX_SPAN_MARKS 32

struct pt_span {
    const char *text;
    size_t len;
    size_t first, n; /* its marks: keys[first .. first + n) and their runs */
};

/* One block's spans, reused from block to block. */
struct pt_scratch {
    struct pt_span *spans;
    size_t n_spans, cap_spans;
    const char **keys;
    size_t *runs; /* how many spans in a row, from this one, carry the mark */
    size_t n_marks, cap_marks;
};

struct pt_open {
    const char *key;
    struct opening tag;
    const char *close; /* "" for marks that render no tag */
};

struct pt_list {
    json_int_t level;
    bool ordered;
};

/* Collects the spans of `block` (inline objects are skipped) and their marks. */
static enum seo_status pt_spans(struct render *r, const json_t *block, const struct path *p,
                                struct pt_scratch *s)
{
    struct path cp = {p, "children", 0};
    const json_t *kids;
    enum seo_status st = optional_array(r, block, &cp, &kids);
    s->n_spans = s->n_marks = 0;
    for (size_t i = 0; st == SEO_OK && i < json_array_size(kids); i++) {
        struct path ip = {&cp, NULL, i};
        const json_t *kid = json_array_get(kids, i);
        if (!json_is_object(kid))
            return fail(r, SEO_ERR_TYPE, &ip, "must be an object");
        const char *type = seo_json_str(kid, "_type");
        if (type && strcmp(type, "span") != 0)
            continue;
        struct pt_span span = {0};
        struct path tp = {&ip, "text", 0}, mp = {&ip, "marks", 0};
        const json_t *marks;
        st = text_field(r, kid, &tp, &span.text, &span.len);
        if (st == SEO_OK)
            st = optional_array(r, kid, &mp, &marks);
        if (st != SEO_OK)
            break;
        span.first = s->n_marks;
        span.n = json_array_size(marks);
        if (span.n > PT_MAX_SPAN_MARKS)
            return fail(r, SEO_ERR_LIMIT, &mp, "has more than %d marks", PT_MAX_SPAN_MARKS);
        s->keys = seo_xgrow(s->keys, &s->cap_marks, s->n_marks + span.n, sizeof(*s->keys));
        for (size_t k = 0; k < span.n; k++) {
            struct path kp = {&mp, NULL, k};
            const json_t *key = json_array_get(marks, k);
            if (!json_is_string(key))
                return fail(r, SEO_ERR_TYPE, &kp, "must be a string");
            s->keys[s->n_marks++] = json_string_value(key);
        }
        s->spans = seo_xgrow(s->spans, &s->cap_spans, s->n_spans + 1, sizeof(*s->spans));
        s->spans[s->n_spans++] = span;
    }
    if (st != SEO_OK)
        return st;
    /* Runs from the last span back: a mark's run is one more than its run in the next span. */
    size_t cap_runs = s->cap_marks;
    s->runs = seo_xrealloc(s->runs, (cap_runs ? cap_runs : 1) * sizeof(*s->runs));
    for (size_t i = s->n_spans; i-- > 0;) {
        const struct pt_span *a = &s->spans[i], *b = i + 1 < s->n_spans ? &s->spans[i + 1] : NULL;
        for (size_t k = a->first; k < a->first + a->n; k++) {
            s->runs[k] = 1;
            for (size_t j = b ? b->first : 0; b && j < b->first + b->n; j++) {
                if (strcmp(s->keys[k], s->keys[j]) == 0) {
                    s->runs[k] += s->runs[j];
                    break;
                }
            }
        }
    }
    return SEO_OK;
}

/* Opens the mark `key`: a decorator's tag, or a link from markDefs; else no tag. */
static void pt_open_mark(struct render *r, const json_t *defs, const char *key, struct pt_open *o)
{
    o->key = key;
    o->close = "";
    for (int m = 0; m < N_MARKS; m++) {
        if (portable_marks[m] && strcmp(key, portable_marks[m]) == 0) {
            o->close = mark_close[m];
            o->tag = open_tag(r, mark_open[m], NULL);
            return;
        }
    }
    for (size_t i = 0; i < json_array_size(defs); i++) {
        const json_t *def = json_array_get(defs, i);
        const char *def_key = seo_json_str(def, "_key");
        if (!def_key || strcmp(def_key, key) != 0)
            continue;
        const char *href = allowed_href(def, "href");
        if (href) {
            o->close = "</a>";
            o->tag = open_tag(r, NULL, href);
        }
        return;
    }
}

static enum seo_status pt_close_mark(struct render *r, const struct pt_open *o)
{
    return o->close[0] ? close_tag(r, o->tag, o->close) : SEO_OK;
}

/*
 * A block's spans with their marks nested the way @portabletext/to-html
 * nests them: a mark that runs on into the next spans opens outside the
 * others and stays open, so a link over spans of mixed emphasis stays one
 * link.
 */
static enum seo_status pt_inline(struct render *r, const json_t *block, const struct path *p,
                                 struct pt_scratch *s)
{
    struct path dp = {p, "markDefs", 0};
    const json_t *defs;
    struct pt_open open[PT_MAX_SPAN_MARKS];
    size_t n_open = 0;
    enum seo_status st = optional_array(r, block, &dp, &defs);
    if (st == SEO_OK)
        st = pt_spans(r, block, p, s);
    for (size_t i = 0; st == SEO_OK && i < s->n_spans; i++) {
        const struct pt_span *span = &s->spans[i];
        if (span->len == 0)
            continue;
        /* Indexed from the shared arrays: s->keys is NULL while no span has marks. */
        const char *const *keys = s->keys;
        const size_t *runs = s->runs, f = span->first;
        size_t order[PT_MAX_SPAN_MARKS];
        bool kept[PT_MAX_SPAN_MARKS] = {false};
        for (size_t k = 0; k < span->n; k++) { /* insertion sort: longest run first, stable */
            size_t j = k;
            for (; j > 0 && runs[f + order[j - 1]] < runs[f + k]; j--)
                order[j] = order[j - 1];
            order[j] = k;
        }
        size_t keep = 0;
        for (; keep < n_open; keep++) {
            size_t k = 0;
            while (k < span->n && (kept[k] || strcmp(keys[f + k], open[keep].key) != 0))
                k++;
            if (k == span->n)
                break;
            kept[k] = true;
        }
        while (st == SEO_OK && n_open > keep)
            st = pt_close_mark(r, &open[--n_open]);
        for (size_t j = 0; st == SEO_OK && j < span->n; j++) {
            if (!kept[order[j]])
                pt_open_mark(r, defs, keys[f + order[j]], &open[n_open++]);
        }
        if (st == SEO_OK)
            st = put_escaped(r, span->text, span->len, true);
    }
    while (st == SEO_OK && n_open > 0)
        st = pt_close_mark(r, &open[--n_open]);
    return st;
}

/* Closes the open lists deeper than `level` (all of them for 0). */
static enum seo_status pt_close_lists(struct render *r, const struct pt_list *lists, size_t *n,
                                      json_int_t level)
{
    enum seo_status st = SEO_OK;
    while (st == SEO_OK && *n > 0 && lists[*n - 1].level > level) {
        (*n)--;
        st = put(r, lists[*n].ordered ? "</li></ol>" : "</li></ul>");
    }
    return st;
}

/*
 * A list block: consecutive list blocks share a list; a deeper level opens
 * a list inside the open item, a shallower one closes back to its own, and
 * a change of listItem at the same level starts a new list.
 */
static enum seo_status pt_list_item(struct render *r, const json_t *block, const struct path *p,
                                    const char *list_item, struct pt_list **lists, size_t *n,
                                    size_t *cap, struct pt_scratch *s)
{
    struct path lp = {p, "level", 0};
    const json_t *v = json_object_get(block, lp.key);
    json_int_t level = 1;
    if (v && !json_is_null(v)) {
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            return fail(r, SEO_ERR_TYPE, &lp, "must be a whole number from 1");
        level = json_integer_value(v);
    }
    if (level > (json_int_t)r->max_depth)
        return fail(r, SEO_ERR_LIMIT, &lp, "nests deeper than %u levels", r->max_depth);
    bool ordered = strcmp(list_item, "number") == 0;
    enum seo_status st = pt_close_lists(r, *lists, n, level);
    if (st == SEO_OK && *n > 0 && (*lists)[*n - 1].level == level &&
        (*lists)[*n - 1].ordered != ordered)
        st = pt_close_lists(r, *lists, n, level - 1);
    if (st == SEO_OK && *n > 0 && (*lists)[*n - 1].level == level) {
        st = put(r, "</li>");
    } else if (st == SEO_OK) {
        *lists = seo_xgrow(*lists, cap, *n + 1, sizeof(**lists));
        (*lists)[(*n)++] = (struct pt_list){level, ordered};
        st = put(r, ordered ? "<ol>" : "<ul>");
    }
    if (st == SEO_OK)
        st = put(r, "<li>");
    if (st == SEO_OK)
        st = pt_inline(r, block, p, s);
    return st;
}

/* A block that is not a list item: its style picks the element. */
static enum seo_status pt_text_block(struct render *r, const json_t *block, const struct path *p,
                                     struct pt_scratch *s)
{
    struct path sp = {p, "style", 0};
    const json_t *v = json_object_get(block, sp.key);
    const char *tag = "p";
    if (v && !json_is_null(v) && !json_is_string(v))
        return fail(r, SEO_ERR_TYPE, &sp, "must be a string");
    const char *style = json_string_value(v);
    if (style && strcmp(style, "blockquote") == 0)
        tag = "blockquote";
    for (size_t h = 0; style && h < 6; h++) {
        if (strcmp(style, heading_tags[h]) == 0)
            tag = heading_tags[h];
    }
    char open[16], close[16];
    snprintf(open, sizeof(open), "<%s>", tag);
    snprintf(close, sizeof(close), "</%s>", tag);
    struct opening o = open_tag(r, open, NULL);
    enum seo_status st = pt_inline(r, block, p, s);
    if (st == SEO_OK)
        st = close_tag(r, o, close);
    return st;
}

static enum seo_status pt_render(struct render *r, const json_t *tree)
{
    enum seo_status st = SEO_OK;
    struct pt_scratch s = {0};
    struct pt_list *lists = NULL;
    size_t n_lists = 0, cap_lists = 0;
    if (!json_is_array(tree))
        return fail(r, SEO_ERR_TYPE, NULL, "must be an array");
    for (size_t i = 0; st == SEO_OK && i < json_array_size(tree); i++) {
        struct path bp = {NULL, NULL, i};
        const json_t *block = json_array_get(tree, i);
        if (!json_is_object(block)) {
            st = fail(r, SEO_ERR_TYPE, &bp, "must be an object");
            break;
        }
        const char *type = seo_json_str(block, "_type");
        struct path ip = {&bp, "listItem", 0};
        const json_t *item = json_object_get(block, ip.key);
        if (!type || strcmp(type, "block") != 0) {
            st = pt_close_lists(r, lists, &n_lists, 0); /* custom objects (images...) end lists */
        } else if (item && !json_is_null(item)) {
            if (!json_is_string(item))
                st = fail(r, SEO_ERR_TYPE, &ip, "must be a string");
            else
                st = pt_list_item(r, block, &bp, json_string_value(item), &lists, &n_lists,
                                  &cap_lists, &s);
        } else {
            st = pt_close_lists(r, lists, &n_lists, 0);
            if (st == SEO_OK)
                st = pt_text_block(r, block, &bp, &s);
        }
    }
    if (st == SEO_OK)
        st = pt_close_lists(r, lists, &n_lists, 0);
    free(lists);
    free(s.spans);
    free(s.keys);
    free(s.runs);
    return st;
}

enum seo_status seo_richtext_html(const json_t *tree, enum seo_richtext_kind kind,
                                  unsigned max_depth, size_t max_bytes, char **out,
                                  struct seo_error *err)
{
    if ((size_t)kind >= N_KINDS)
        return seo_error_set(err, SEO_ERR_TYPE, "", "unknown rich-text kind %d", (int)kind);
    struct render r = {.kind = kind,
                       .d = &dialects[kind],
                       .max_depth = max_depth,
                       .max_bytes = max_bytes,
                       .err = err};
    struct path root = {NULL, "root", 0};
    enum seo_status st = SEO_OK;
    switch (kind) {
    case SEO_RICHTEXT_STRAPI_BLOCKS:
        if (!json_is_array(tree))
            st = fail(&r, SEO_ERR_TYPE, NULL, "must be an array");
        else
            st = render_array(&r, tree, NULL, 1);
        break;
    case SEO_RICHTEXT_CONTENTFUL:
        st = render_node(&r, tree, NULL, 0);
        break;
    case SEO_RICHTEXT_PORTABLE_TEXT:
        st = pt_render(&r, tree);
        break;
    case SEO_RICHTEXT_LEXICAL:
        if (!json_is_object(tree))
            st = fail(&r, SEO_ERR_TYPE, NULL, "must be an object");
        else
            st = render_node(&r, json_object_get(tree, "root"), &root, 0);
        break;
    }
    if (st == SEO_OK)
        *out = seo_buf_take(&r.out);
    seo_buf_free(&r.out);
    seo_buf_free(&r.pending);
    return st;
}
