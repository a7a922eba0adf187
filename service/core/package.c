/* Renders a struct seo_result as the JSON the CLI prints and the server returns. */
#include "seopipe.h"

#include "json.h"
#include "lang.h"
#include "utf8.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Sets obj[key] to the string when it is not NULL: absent facts are left out, never "". */
static void set_str(json_t *obj, const char *key, const char *value)
{
    if (value && *value)
        json_object_set_new(obj, key, json_string_nocheck(value)); /* intake validated all text */
}

static json_t *document_json(const struct seo_result *r)
{
    const struct seo_document *doc = &r->doc;
    json_t *d = json_object();
    set_str(d, "title", doc->title);
    json_object_set_new(d, "language", json_string(doc->language));
    const char *stemmer = seo_lang_stemmer(doc->language);
    json_object_set_new(d, "stemmer", stemmer ? json_string(stemmer) : json_null());
    json_object_set_new(d, "format", json_string(seo_format_name(r->draft.format)));
    json_object_set_new(d, "word_count", json_integer((json_int_t)doc->word_count));
    json_object_set_new(d, "sentence_count", json_integer((json_int_t)doc->n_sentences));
    json_object_set_new(d, "paragraph_count",
                        json_integer((json_int_t)seo_doc_count(doc, SEO_BLOCK_PARAGRAPH)));
    json_object_set_new(d, "list_count",
                        json_integer((json_int_t)seo_doc_count(doc, SEO_BLOCK_LIST)));
    json_t *headings = json_array();
    for (size_t i = 0; i < doc->n_blocks; i++) {
        const struct seo_block *b = &doc->blocks[i];
        if (b->type == SEO_BLOCK_HEADING)
            json_array_append_new(headings,
                                  json_pack("{siss}", "level", b->level, "text", b->content.text));
    }
    json_object_set_new(d, "headings", headings);
    return d;
}

static json_t *faq_json(const struct seo_faq *faq)
{
    json_t *a = json_array();
    for (size_t i = 0; i < faq->n; i++) {
        const struct seo_faq_entry *e = &faq->items[i];
        json_t *o = json_object();
        set_str(o, "question", e->question);
        set_str(o, "answer", e->answer);
        set_str(o, "answer_text", e->answer_text);
        set_str(o, "source", e->source_url ? e->source_url : e->source);
        json_object_set_new(o, "visible", json_boolean(e->visible));
        json_array_append_new(a, o);
    }
    return a;
}

/*
 * The CMS's existing SEO as given, which of its four values ours replace
 * (focus keywords compared case- and punctuation-insensitively, ours being
 * lower case), and whether its JSON-LD already has an FAQPage. Its jsonld is
 * not echoed: the CMS has it, and it may hold anything, empty strings included.
 */
static json_t *existing_seo_json(const struct seo_result *r)
{
    const struct seo_existing_seo *e = r->draft.existing_seo;
    json_t *o = json_object();
    set_str(o, "meta_title", e->meta_title);
    set_str(o, "meta_description", e->meta_description);
    set_str(o, "canonical", e->canonical);
    set_str(o, "focus_keyword", e->focus_keyword);
    if (e->n_schema_types) {
        json_t *types = json_array();
        for (size_t i = 0; i < e->n_schema_types; i++)
            json_array_append_new(types, json_string(e->schema_types[i]));
        json_object_set_new(o, "schema_types", types);
    }
    const struct {
        const char *name, *theirs, *ours;
    } pairs[] = {{"meta_title", e->meta_title, r->meta_title},
                 {"meta_description", e->meta_description, r->meta_description},
                 {"canonical", e->canonical, r->canonical},
                 {"focus_keyword", e->focus_keyword, r->focus_keyword}};
    json_t *changes = json_array();
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        const char *a = pairs[i].theirs, *b = pairs[i].ours;
        bool same;
        if (!a || !b) {
            same = !a && !b;
        } else if (i == 3) {
            struct seo_buf fa = {0}, fb = {0};
            seo_utf8_fold(&fa, a, strlen(a));
            seo_utf8_fold(&fb, b, strlen(b));
            same = strcmp(fa.data ? fa.data : "", fb.data ? fb.data : "") == 0;
            seo_buf_free(&fa);
            seo_buf_free(&fb);
        } else {
            same = strcmp(a, b) == 0;
        }
        if (!same)
            json_array_append_new(changes, json_string(pairs[i].name));
    }
    json_object_set_new(o, "changes", changes);
    json_object_set_new(o, "faq_schema_present", json_boolean(e->faq_schema_present));
    return o;
}

static json_t *checks_json(const struct seo_check *checks, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a,
                              json_pack("{sssissss}", "id", checks[i].id, "score", checks[i].score,
                                        "rating", checks[i].rating, "message", checks[i].message));
    return a;
}

static json_t *analysis_json(const struct seo_analysis *a)
{
    json_t *o = json_object();
    json_object_set_new(o, "seo_score", json_integer(a->seo_score));
    json_object_set_new(o, "readability_score", json_integer(a->readability_score));
    /* Flesch reading ease exists only where the language has a formula; else null, never 0. */
    bool has_flesch = false;
    for (size_t i = 0; i < a->n_readability; i++)
        has_flesch |= strcmp(a->readability[i].id, "fleschReadingEase") == 0;
    json_object_set_new(o, "flesch", has_flesch ? json_real(a->flesch) : json_null());
    json_object_set_new(o, "seo", checks_json(a->seo, a->n_seo));
    json_object_set_new(o, "readability", checks_json(a->readability, a->n_readability));
    return o;
}

static json_t *hints_json(const struct seo_hints *h)
{
    json_t *o = json_object();
    json_object_set_new(o, "embedded_blocks", json_integer((json_int_t)h->blocks));
    set_str(o, "headline", h->headline);
    set_str(o, "description", h->description);
    set_str(o, "date_published", h->date_published);
    set_str(o, "date_modified", h->date_modified);
    set_str(o, "author_name", h->author_name);
    set_str(o, "author_url", h->author_url);
    set_str(o, "author_type", h->author_type);
    set_str(o, "image", h->image);
    set_str(o, "meta_title", h->meta_title);
    set_str(o, "meta_description", h->meta_description);
    set_str(o, "focus_keyword", h->focus_keyword);
    json_object_set_new(o, "faq_count", json_integer((json_int_t)h->n_faq));
    return o;
}

char *seo_result_json(const struct seo_result *r)
{
    return seo_result_json_indent(r, 2);
}

char *seo_result_json_indent(const struct seo_result *r, int indent)
{
    /* The seed's five fields first, so existing consumers keep reading them. */
    json_t *root = json_object();
    set_str(root, "meta_title", r->meta_title);
    set_str(root, "meta_description", r->meta_description);
    set_str(root, "focus_keyword", r->focus_keyword);
    json_object_set(root, "article_schema", r->article_schema);
    json_object_set(root, "faq_schema", r->faq_schema ? r->faq_schema : json_null());
    set_str(root, "slug", r->slug);
    set_str(root, "canonical", r->canonical);
    json_object_set(root, "jsonld", r->jsonld);
    set_str(root, "head_html", r->head_html);
    json_object_set_new(root, "faq", faq_json(&r->faq));
    set_str(root, "faq_html", r->faq_html);
    if (r->draft.existing_seo)
        json_object_set_new(root, "existing_seo", existing_seo_json(r));
    json_object_set_new(root, "analysis", analysis_json(&r->analysis));
    json_t *warnings = json_array();
    for (size_t i = 0; i < r->warnings.n; i++)
        json_array_append_new(warnings, json_pack("{ssss}", "code", r->warnings.items[i].code,
                                                  "message", r->warnings.items[i].message));
    json_object_set_new(root, "warnings", warnings);
    set_str(root, "site", r->site ? r->site->id : NULL);
    set_str(root, "content_hash", r->content_hash);
    json_object_set_new(root, "generator",
                        json_pack("{ssss}", "name", "seopipe", "version", SEOPIPE_VERSION));
    json_object_set_new(root, "document", document_json(r));
    json_object_set_new(root, "embedded", hints_json(&r->hints));
    struct seo_buf text = {0};
    seo_json_write(&text, root, indent);
    json_decref(root);
    return seo_buf_take(&text);
}
