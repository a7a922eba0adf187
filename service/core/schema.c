#include "schema.h"

#include "buf.h"
#include "date.h"
#include "lang.h"
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sets obj[key] to a string unless it is NULL or empty: never an empty string in the graph. */
static void put(json_t *obj, const char *key, const char *value)
{
    if (value && *value)
        json_object_set_new(obj, key, json_string_nocheck(value)); /* intake validated all text */
}

static json_t *ref(const char *id)
{
    return json_pack("{ss}", "@id", id);
}

/* "https://example.org/guides/x/" -> "https://example.org/" */
static char *origin_of(const char *url)
{
    const char *scheme = url ? strstr(url, "://") : NULL;
    if (!scheme)
        return NULL;
    const char *path = strchr(scheme + 3, '/');
    size_t n = path ? (size_t)(path - url) : strlen(url);
    struct seo_buf b = {0};
    seo_buf_append(&b, url, n);
    seo_buf_putc(&b, '/');
    return seo_buf_take(&b);
}

static char *with_slash(const char *url)
{
    struct seo_buf b = {0};
    seo_buf_puts(&b, url);
    if (!b.len || b.data[b.len - 1] != '/')
        seo_buf_putc(&b, '/');
    return seo_buf_take(&b);
}

static char *join(const char *base, const char *suffix)
{
    struct seo_buf b = {0};
    seo_buf_puts(&b, base ? base : "");
    seo_buf_puts(&b, suffix);
    return seo_buf_take(&b);
}

void seo_schema_language(const struct seo_result *r, char out[16])
{
    const char *loc = r->draft.locale ? r->draft.locale : r->site ? r->site->language : NULL;
    char code[4];
    /* A locale that is not a language tag ("English") was warned about; the detected language
     * stands. */
    if (loc && !seo_lang_from_locale(loc, code))
        loc = r->site && r->site->language && loc != r->site->language ? r->site->language : NULL;
    if (loc && !seo_lang_from_locale(loc, code))
        loc = NULL;
    size_t n = 0;
    if (loc) {
        /* pt_BR -> pt-BR; stop at an encoding suffix (.UTF-8). */
        for (; loc[n] && loc[n] != '.' && loc[n] != '@' && n < 15; n++)
            out[n] = loc[n] == '_' ? '-' : loc[n];
    }
    if (!n) {
        snprintf(out, 16, "%s", r->doc.language);
        return;
    }
    out[n] = '\0';
}

/* A short stable id for a person, from the name: FNV-1a 64 in hex. */
static void person_hash(const char *name, char out[17])
{
    uint64_t h = 1469598103934665603ull;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static const char *date_or_warn(struct seo_result *r, const char *value, const char *field,
                                char out[32])
{
    if (!value)
        return NULL;
    const char *tz = r->site ? r->site->timezone : NULL;
    if (seo_date_iso8601(value, tz, out))
        return out;
    seo_warn(&r->warnings, "date_invalid", "%s \"%.40s\" is not an ISO 8601 date; it was left out",
             field, value);
    return NULL;
}

/* Breadcrumb names from URL segments: "snake-plant-care" -> "Snake plant care". */
static char *segment_name(const char *seg, size_t n)
{
    struct seo_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        char c = seg[i] == '-' || seg[i] == '_' ? ' ' : seg[i];
        if (i == 0 && c >= 'a' && c <= 'z')
            c -= 32;
        seo_buf_putc(&b, c);
    }
    return seo_buf_take(&b);
}

static json_t *list_item(int position, const char *name, const char *item)
{
    json_t *li = json_pack("{sssi}", "@type", "ListItem", "position", position);
    put(li, "name", name);
    put(li, "item", item);
    return li;
}

/* BreadcrumbList from the canonical URL's path: Home > segments > the page (no item). */
static json_t *breadcrumb(const char *home, const char *canonical, const char *id,
                          const char *title)
{
    if (strncmp(canonical, home, strlen(home)) != 0)
        return NULL;
    json_t *items = json_array();
    int pos = 1;
    json_array_append_new(items, list_item(pos++, "Home", home));
    struct seo_buf url = {0};
    seo_buf_puts(&url, home);
    const char *p = canonical + strlen(home);
    while (*p && *p != '?' && *p != '#') {
        size_t n = strcspn(p, "/?#");
        if (!n)
            break;
        const char *next = p + n;
        bool last = *next != '/' || next[1] == '\0' || next[1] == '?' || next[1] == '#';
        if (last) {
            json_array_append_new(items, list_item(pos++, title, NULL));
            break;
        }
        seo_buf_append(&url, p, n);
        seo_buf_putc(&url, '/');
        char *name = segment_name(p, n);
        json_array_append_new(items, list_item(pos++, name, url.data));
        free(name);
        p = next + 1;
    }
    seo_buf_free(&url);
    if (json_array_size(items) < 2 || !title || !*title) {
        json_decref(items);
        return NULL;
    }
    return json_pack("{ssssso}", "@type", "BreadcrumbList", "@id", id, "itemListElement", items);
}

/* Who wrote it: the draft's author, else the embedded schema's person, else the site's default. */
static void author_of(const struct seo_result *r, const char **name, const char **url)
{
    *name = r->draft.author_name;
    *url = r->draft.author_url;
    if (!*name && r->hints.author_name &&
        !(r->hints.author_type && strcmp(r->hints.author_type, "Organization") == 0)) {
        *name = r->hints.author_name;
        *url = r->hints.author_url;
    }
    if (!*name && r->site) {
        *name = r->site->author;
        *url = r->site->author_url;
    }
}

static json_t *question(const struct seo_faq_entry *e, const char *id, int position,
                        const char *lang)
{
    json_t *q = json_pack("{ss}", "@type", "Question");
    put(q, "@id", id);
    json_object_set_new(q, "position", json_integer(position));
    put(q, "name", e->question);
    json_object_set_new(q, "answerCount", json_integer(1));
    json_object_set_new(q, "acceptedAnswer",
                        json_pack("{ssss}", "@type", "Answer", "text", e->answer));
    put(q, "inLanguage", lang);
    return q;
}

struct ids {
    char *page, *article, *website, *org, *person, *breadcrumb, *image, *logo;
};

static void free_ids(struct ids *x)
{
    free(x->page);
    free(x->article);
    free(x->website);
    free(x->org);
    free(x->person);
    free(x->breadcrumb);
    free(x->image);
    free(x->logo);
}

void seo_schema_build(struct seo_result *r)
{
    const struct seo_site *site = r->site;
    char lang[16], published_buf[32], modified_buf[32], hash[17];
    seo_schema_language(r, lang);
    const char *published =
        date_or_warn(r, r->draft.date_published ? r->draft.date_published : r->hints.date_published,
                     "date_published", published_buf);
    const char *modified =
        date_or_warn(r, r->draft.date_modified ? r->draft.date_modified : r->hints.date_modified,
                     "date_modified", modified_buf);
    if (!published)
        seo_warn(
            &r->warnings, "no_date_published",
            "the draft has no publication date; datePublished is left out (set date_published)");
    char *home = site && site->url ? with_slash(site->url) : origin_of(r->canonical);
    const char *org_name = site ? (site->org_name ? site->org_name : site->name) : NULL;
    const char *author_name, *author_url;
    author_of(r, &author_name, &author_url);
    const char *image = r->draft.image ? r->draft.image : r->hints.image;
    if (!image)
        seo_warn(&r->warnings, "no_image",
                 "the draft has no image and its embedded JSON-LD names none; the Article's image "
                 "and the page's primaryImageOfPage are left out (set image)");
    const char *title = r->doc.title;

    struct ids id = {0};
    id.page = r->canonical ? seo_xstrdup(r->canonical) : seo_xstrdup("#webpage");
    id.article = join(r->canonical, "#article");
    id.breadcrumb = join(r->canonical, "#breadcrumb");
    id.image = join(r->canonical, "#primaryimage");
    id.website = join(home, "#website");
    id.org = join(home, "#organization");
    id.logo = join(home, "#/schema/logo/image/");
    if (author_name) {
        person_hash(author_name, hash);
        struct seo_buf b = {0};
        seo_buf_printf(&b, "%s#/schema/person/%s", home ? home : "", hash);
        id.person = seo_buf_take(&b);
    }

    json_t *graph = json_array();
    /* The CMS's page already carries an FAQPage (its own schema or an FAQ plugin's): a second
     * one would make the page invalid for rich results, so the FAQ stays out of our graph. */
    bool has_faq = r->faq.n > 0;
    if (has_faq && r->draft.existing_seo && r->draft.existing_seo->faq_schema_present) {
        has_faq = false;
        seo_warn(&r->warnings, "faq_schema_already_present",
                 "the page's existing JSON-LD already has an FAQPage; faq_schema and the FAQ "
                 "nodes are left out of the package so it is not marked up twice");
    }
    bool medical = (site && site->medical) || r->draft.medical;

    /* Article */
    json_t *article =
        json_pack("{ss}", "@type", seo_article_type_name(site ? site->article_type : SEO_ARTICLE));
    put(article, "@id", id.article);
    json_object_set_new(article, "isPartOf", ref(id.page));
    json_object_set_new(article, "mainEntityOfPage", ref(id.page));
    put(article, "headline", title);
    put(article, "description", r->meta_description);
    put(article, "datePublished", published);
    put(article, "dateModified", modified ? modified : published);
    if (id.person)
        json_object_set_new(article, "author", ref(id.person));
    else if (org_name)
        json_object_set_new(article, "author", ref(id.org));
    if (org_name)
        json_object_set_new(article, "publisher", ref(id.org));
    json_object_set_new(article, "wordCount", json_integer((json_int_t)r->doc.word_count));
    if (image)
        json_object_set_new(article, "image", ref(id.image));
    json_t *keywords = json_array();
    if (r->focus_keyword)
        json_array_append_new(keywords, json_string(r->focus_keyword));
    for (size_t i = 0; i < r->draft.n_tags; i++)
        if (!r->focus_keyword || strcmp(r->draft.tags[i], r->focus_keyword) != 0)
            json_array_append_new(keywords, json_string(r->draft.tags[i]));
    if (json_array_size(keywords))
        json_object_set_new(article, "keywords", keywords);
    else
        json_decref(keywords);
    put(article, "articleSection", r->draft.section);
    put(article, "inLanguage", lang);
    json_array_append(graph, article);

    /* WebPage */
    json_t *page = json_object();
    const char *page_type = medical ? "MedicalWebPage" : "WebPage";
    json_object_set_new(page, "@type",
                        has_faq ? json_pack("[ss]", page_type, "FAQPage") : json_string(page_type));
    put(page, "@id", id.page);
    put(page, "url", r->canonical);
    put(page, "name", r->meta_title);
    if (home)
        json_object_set_new(page, "isPartOf", ref(id.website));
    if (image)
        json_object_set_new(page, "primaryImageOfPage", ref(id.image));
    put(page, "datePublished", published);
    put(page, "dateModified", modified ? modified : published);
    put(page, "description", r->meta_description);
    json_t *crumbs =
        home && r->canonical ? breadcrumb(home, r->canonical, id.breadcrumb, title) : NULL;
    if (crumbs)
        json_object_set_new(page, "breadcrumb", ref(id.breadcrumb));
    put(page, "inLanguage", lang);
    if (medical && r->draft.date_modified && modified)
        put(page, "lastReviewed", modified);
    json_t *questions = json_array();
    for (size_t i = 0; has_faq && i < r->faq.n; i++) {
        struct seo_buf qid = {0};
        seo_buf_printf(&qid, "%s#faq-%zu", r->canonical ? r->canonical : "", i + 1);
        json_array_append_new(questions, question(&r->faq.items[i], qid.data, (int)i + 1, lang));
        seo_buf_free(&qid);
    }
    if (has_faq) {
        json_t *main_entity = json_array();
        size_t i;
        json_t *q;
        json_array_foreach(questions, i, q)
            json_array_append_new(main_entity, ref(json_string_value(json_object_get(q, "@id"))));
        json_object_set_new(page, "mainEntity", main_entity);
    }
    json_array_append_new(graph, page);

    if (image)
        json_array_append_new(graph,
                              json_pack("{ssssssssss}", "@type", "ImageObject", "@id", id.image,
                                        "url", image, "contentUrl", image, "inLanguage", lang));
    if (crumbs)
        json_array_append_new(graph, crumbs);

    /* WebSite and Organization */
    if (home) {
        json_t *website = json_pack("{ssssss}", "@type", "WebSite", "@id", id.website, "url", home);
        put(website, "name", site ? site->name : NULL);
        if (org_name)
            json_object_set_new(website, "publisher", ref(id.org));
        put(website, "inLanguage", lang);
        json_array_append_new(graph, website);
    }
    if (org_name) {
        json_t *org =
            json_pack("{ssssss}", "@type", "Organization", "@id", id.org, "name", org_name);
        put(org, "url", home);
        if (site && site->logo) {
            json_object_set_new(org, "logo",
                                json_pack("{ssssssssss}", "@type", "ImageObject", "@id", id.logo,
                                          "url", site->logo, "contentUrl", site->logo, "inLanguage",
                                          lang));
            json_object_set_new(org, "image", ref(id.logo));
        } else {
            seo_warn(&r->warnings, "no_logo",
                     "the site \"%s\" has no logo, so the Organization has none (set logo for "
                     "the site in config/seopipe.yaml)",
                     site->id ? site->id : site->name);
        }
        json_array_append_new(graph, org);
    } else {
        seo_warn(&r->warnings, "no_publisher",
                 "no site is configured with a name, so the Article has no publisher (configure "
                 "sites in "
                 "config/seopipe.yaml)");
    }
    if (id.person) {
        json_t *person =
            json_pack("{ssssss}", "@type", "Person", "@id", id.person, "name", author_name);
        put(person, "url", author_url);
        json_array_append_new(graph, person);
    } else {
        seo_warn(&r->warnings, "no_author",
                 "the draft names no author and the site has no default author; the Article's "
                 "author is %s",
                 org_name ? "the publishing organization" : "left out");
    }
    size_t i;
    json_t *q;
    json_array_foreach(questions, i, q) json_array_append(graph, q);

    r->jsonld = json_pack("{ssso}", "@context", "https://schema.org", "@graph", graph);

    /* The Article alone, self-contained, in the seed's article_schema shape. */
    json_t *standalone = json_pack("{ssss}", "@context", "https://schema.org", "@type",
                                   json_string_value(json_object_get(article, "@type")));
    const char *copy[] = {"headline",  "description", "datePublished",  "dateModified",
                          "wordCount", "keywords",    "articleSection", "inLanguage"};
    for (size_t k = 0; k < sizeof(copy) / sizeof(copy[0]); k++) {
        json_t *v = json_object_get(article, copy[k]);
        if (v)
            json_object_set(standalone, copy[k], v);
    }
    if (author_name) {
        json_t *a = json_pack("{ssss}", "@type", "Person", "name", author_name);
        put(a, "url", author_url);
        json_object_set_new(standalone, "author", a);
    } else if (org_name) {
        json_object_set_new(standalone, "author",
                            json_pack("{ssss}", "@type", "Organization", "name", org_name));
    }
    if (org_name) {
        json_t *pub = json_pack("{ssss}", "@type", "Organization", "name", org_name);
        if (site && site->logo)
            json_object_set_new(pub, "logo",
                                json_pack("{ssss}", "@type", "ImageObject", "url", site->logo));
        json_object_set_new(standalone, "publisher", pub);
    }
    put(standalone, "image", image);
    put(standalone, "mainEntityOfPage", r->canonical);
    r->article_schema = standalone;

    if (has_faq) {
        json_t *entities = json_array();
        for (i = 0; i < r->faq.n; i++)
            json_array_append_new(entities,
                                  json_pack("{sssss{ssss}}", "@type", "Question", "name",
                                            r->faq.items[i].question, "acceptedAnswer", "@type",
                                            "Answer", "text", r->faq.items[i].answer));
        r->faq_schema = json_pack("{sssssO}", "@context", "https://schema.org", "@type", "FAQPage",
                                  "mainEntity", entities);
        json_decref(entities);
    }
    json_decref(article);
    json_decref(questions);
    free(home);
    free_ids(&id);
}
