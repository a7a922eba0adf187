#include "hash.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(json_t *o, const char *key, const char *value)
{
    if (value)
        json_object_set_new(o, key, json_string(value));
}

static json_t *strings(char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *draft_json(const struct seo_draft *d)
{
    json_t *o = json_object();
    put(o, "id", d->id);
    put(o, "title", d->title);
    put(o, "body", d->body);
    put(o, "format", seo_format_name(d->format));
    put(o, "url", d->url);
    put(o, "locale", d->locale);
    put(o, "author_name", d->author_name);
    put(o, "author_url", d->author_url);
    put(o, "date_published", d->date_published);
    put(o, "date_modified", d->date_modified);
    put(o, "image", d->image);
    put(o, "section", d->section);
    put(o, "focus_keyword", d->focus_keyword);
    put(o, "site", d->site);
    json_object_set_new(o, "tags", strings(d->tags, d->n_tags));
    json_object_set_new(o, "faq_sources", strings(d->faq_sources, d->n_faq_sources));
    json_t *faq = json_array();
    for (size_t i = 0; i < d->n_faq; i++)
        json_array_append_new(
            faq, json_pack("{ssss}", "question", d->faq[i].question, "answer", d->faq[i].answer));
    json_object_set_new(o, "faq", faq);
    return o;
}

static json_t *site_json(const struct seo_site *s)
{
    json_t *o = json_object();
    if (!s)
        return o;
    put(o, "id", s->id);
    put(o, "name", s->name);
    put(o, "url", s->url);
    put(o, "language", s->language);
    put(o, "org_name", s->org_name);
    put(o, "logo", s->logo);
    put(o, "author", s->author);
    put(o, "author_url", s->author_url);
    put(o, "article_type", seo_article_type_name(s->article_type));
    put(o, "separator", s->separator);
    json_object_set_new(o, "title_templates",
                        strings((char *const *)s->title_templates, s->n_title_templates));
    json_object_set_new(o, "medical", json_boolean(s->medical));
    put(o, "timezone", s->timezone);
    return o;
}

void seo_content_hash(const struct seo_result *r, const struct seo_options *opts, char out[72])
{
    const struct seo_limits *l = &opts->limits;
    json_t *canon =
        json_pack("{sosos{sIsIsIsI}sisssi}", "draft", draft_json(&r->draft), "site",
                  site_json(r->site), "limits", "max_body_bytes", (json_int_t)l->max_body_bytes,
                  "max_faq_entries", (json_int_t)l->max_faq_entries, "max_paragraphs",
                  (json_int_t)l->max_paragraphs, "max_depth", (json_int_t)l->max_depth, "year",
                  r->year, "generator", SEOPIPE_VERSION, "format", (int)opts->format);
    char *text = json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(canon);
    if (!text)
        abort(); /* jansson fails only when out of memory */
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!EVP_Digest(text, strlen(text), digest, &n, EVP_sha256(), NULL))
        abort(); /* SHA-256 of a memory buffer cannot fail short of memory exhaustion */
    free(text);
    int w = snprintf(out, 72, "sha256:");
    for (unsigned int i = 0; i < n && w + 2 < 72; i++)
        w += snprintf(out + w, 72 - (size_t)w, "%02x", digest[i]);
}
