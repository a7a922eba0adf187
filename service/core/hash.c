#include "hash.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Fields go into the digest as name, NUL, value, NUL (absent values as a lone
 * 0x01), in a fixed order: unambiguous and far cheaper than rendering JSON.
 */
static void field(EVP_MD_CTX *ctx, const char *name, const char *value)
{
    EVP_DigestUpdate(ctx, name, strlen(name) + 1);
    if (value)
        EVP_DigestUpdate(ctx, value, strlen(value) + 1);
    else
        EVP_DigestUpdate(ctx, "\x01", 1);
}

static void number(EVP_MD_CTX *ctx, const char *name, unsigned long long v)
{
    char text[32];
    snprintf(text, sizeof(text), "%llu", v);
    field(ctx, name, text);
}

static void draft_fields(EVP_MD_CTX *ctx, const struct seo_draft *d)
{
    field(ctx, "id", d->id);
    field(ctx, "title", d->title);
    field(ctx, "body", d->body);
    field(ctx, "format", seo_format_name(d->format));
    field(ctx, "url", d->url);
    field(ctx, "locale", d->locale);
    field(ctx, "author_name", d->author_name);
    field(ctx, "author_url", d->author_url);
    field(ctx, "date_published", d->date_published);
    field(ctx, "date_modified", d->date_modified);
    field(ctx, "image", d->image);
    field(ctx, "section", d->section);
    field(ctx, "focus_keyword", d->focus_keyword);
    field(ctx, "site", d->site);
    number(ctx, "tags", d->n_tags);
    for (size_t i = 0; i < d->n_tags; i++)
        field(ctx, "tag", d->tags[i]);
    number(ctx, "faq_sources", d->n_faq_sources);
    for (size_t i = 0; i < d->n_faq_sources; i++)
        field(ctx, "faq_source", d->faq_sources[i]);
    number(ctx, "faq", d->n_faq);
    for (size_t i = 0; i < d->n_faq; i++) {
        field(ctx, "question", d->faq[i].question);
        field(ctx, "answer", d->faq[i].answer);
    }
    /* These two only when given, so the hashes (cache keys) of drafts without them stay what
     * they were. */
    if (d->medical)
        field(ctx, "medical", "1");
    const struct seo_existing_seo *e = d->existing_seo;
    if (e) {
        field(ctx, "existing_seo.meta_title", e->meta_title);
        field(ctx, "existing_seo.meta_description", e->meta_description);
        field(ctx, "existing_seo.canonical", e->canonical);
        field(ctx, "existing_seo.focus_keyword", e->focus_keyword);
        field(ctx, "existing_seo.faq_schema_present", e->faq_schema_present ? "1" : "0");
        for (size_t i = 0; i < e->n_schema_types; i++)
            field(ctx, "existing_seo.schema_type", e->schema_types[i]);
    }
}

static void site_fields(EVP_MD_CTX *ctx, const struct seo_site *s)
{
    field(ctx, "site.present", s ? "1" : "0");
    if (!s)
        return;
    field(ctx, "site.id", s->id);
    field(ctx, "site.name", s->name);
    field(ctx, "site.url", s->url);
    field(ctx, "site.language", s->language);
    field(ctx, "site.org_name", s->org_name);
    field(ctx, "site.logo", s->logo);
    field(ctx, "site.author", s->author);
    field(ctx, "site.author_url", s->author_url);
    field(ctx, "site.article_type", seo_article_type_name(s->article_type));
    field(ctx, "site.separator", s->separator);
    number(ctx, "site.title_templates", s->n_title_templates);
    for (size_t i = 0; i < s->n_title_templates; i++)
        field(ctx, "site.title_template", s->title_templates[i]);
    field(ctx, "site.medical", s->medical ? "1" : "0");
    field(ctx, "site.timezone", s->timezone);
    if (s->n_faq_sources) { /* as for existing_seo: older keys stay valid */
        number(ctx, "site.faq_sources", s->n_faq_sources);
        for (size_t i = 0; i < s->n_faq_sources; i++)
            field(ctx, "site.faq_source", s->faq_sources[i]);
    }
}

static EVP_MD_CTX *digest_begin(void)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
        abort(); /* only when out of memory */
    return ctx;
}

/* Writes "sha256:<hex>" of the digest and frees the context. */
static void digest_end(EVP_MD_CTX *ctx, char out[72])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!EVP_DigestFinal_ex(ctx, digest, &n))
        abort();
    EVP_MD_CTX_free(ctx);
    int w = snprintf(out, 72, "sha256:");
    for (unsigned int i = 0; i < n && w + 2 < 72; i++)
        w += snprintf(out + w, 72 - (size_t)w, "%02x", digest[i]);
}

void seo_content_hash(const struct seo_result *r, const struct seo_options *opts, int clock_year,
                      char out[72])
{
    const struct seo_limits *l = &opts->limits;
    EVP_MD_CTX *ctx = digest_begin();
    field(ctx, "generator", SEO_GENERATOR_ID);
    number(ctx, "format", (unsigned long long)opts->format);
    draft_fields(ctx, &r->draft);
    site_fields(ctx, r->site);
    number(ctx, "max_body_bytes", l->max_body_bytes);
    number(ctx, "max_faq_entries", l->max_faq_entries);
    number(ctx, "max_paragraphs", l->max_paragraphs);
    number(ctx, "max_depth", l->max_depth);
    number(ctx, "clock_year", (unsigned long long)clock_year);
    digest_end(ctx, out);
}

void seo_content_hash_source(char hash[72], const struct seo_faq_source *s)
{
    EVP_MD_CTX *ctx = digest_begin();
    field(ctx, "previous", hash);
    field(ctx, "source.url", s->url);
    field(ctx, "source.failure", s->failure);
    number(ctx, "source.entries", s->n_pairs);
    for (size_t i = 0; i < s->n_pairs; i++) {
        field(ctx, "question", s->pairs[i].question);
        field(ctx, "answer", s->pairs[i].answer);
    }
    digest_end(ctx, hash);
}
