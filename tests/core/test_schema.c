/*
 * Tests service/core/schema.c through the pipeline: the JSON-LD graph
 * (Article, WebPage/FAQPage/MedicalWebPage, WebSite, Organization, Person,
 * BreadcrumbList, ImageObject, Questions), the standalone Article and
 * FAQPage, and the page language. Rules: seo-rules.md (Google, Yoast graph).
 */
#include "schema.h"

#include "seopipe.h"

#include "fixture.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* ---- inputs ---- */

#define PAGE "https://health.example/guides/knee/knee-pain-after-running/"
#define TITLE "Knee Pain After Running: Causes, Fixes and When to See a Doctor About It"

/* A draft with every fact: url, author, dates, image, locale, an FAQ section and a draft FAQ. */
static const char full_draft[] =
    "{\"title\": \"" TITLE "\",\n"
    " \"url\": \"" PAGE "\",\n"
    " \"locale\": \"en-GB\",\n"
    " \"author\": {\"name\": \"Dr Ana Silva\", \"url\": "
    "\"https://health.example/team/ana-silva\"},\n"
    " \"date_published\": \"2026-03-04T09:00:00+01:00\",\n"
    " \"date_modified\": \"2026-03-06\",\n"
    " \"image\": \"https://cdn.health.example/knee-runner-1600x900.jpg\",\n"
    " \"tags\": [\"knee pain\", \"running\"],\n"
    " \"section\": \"Guides\",\n"
    " \"format\": \"markdown\",\n"
    " \"faq\": [{\"question\": \"Is cycling better than running for sore knees?\", "
    "\"answer\": \"Often, yes: cycling loads the knee far less than running.\"}],\n"
    " \"body\": \"Knee pain after running is one of the most common complaints among new and "
    "returning runners. Most of it comes from doing too much too soon, and most of it settles "
    "with a few simple changes to training.\\n\\n"
    "## Why knees hurt after a run\\n\\n"
    "The kneecap glides in a groove at the front of the thigh bone. When the thigh and hip "
    "muscles tire, the kneecap tracks poorly and the cartilage behind it gets irritated. Hard "
    "downhill running and sudden jumps in weekly distance make it worse.\\n\\n"
    "## Frequently Asked Questions\\n\\n"
    "### Should I stop running if my knee hurts?\\n\\n"
    "Rest for a few days if the pain is sharp or makes you limp. A dull ache that fades as you "
    "warm up usually allows easy running at a shorter distance.\\n\\n"
    "### Do knee braces help runners?\\n\\n"
    "A brace or tape can ease pain around the kneecap for a few weeks, but strengthening the "
    "thigh and hip muscles is what keeps the pain away.\\n\"}\n";

static const struct seo_site base_site = {
    .id = "nh",
    .name = "Northbridge Health",
    .url = "https://health.example/",
    .language = "en-GB",
    .logo = "https://health.example/logo-512.png",
    .author = "Editorial Team",
    .author_url = "https://health.example/team/",
    .article_type = SEO_ARTICLE,
    .separator = "|",
    .timezone = "+01:00",
};

static void generate(const char *input, size_t len, const struct seo_site *site,
                     struct seo_result *r)
{
    struct seo_options opts = seo_options_default();
    if (site) {
        opts.sites = site;
        opts.n_sites = 1;
    }
    struct seo_error err;
    if (seo_generate(input, len, &opts, r, &err) != SEO_OK)
        fail_msg("seo_generate: %s", err.message);
}

static void generate_fixture(const char *name, const struct seo_site *site, struct seo_result *r)
{
    size_t len;
    char *input = read_fixture(name, &len);
    generate(input, len, site, r);
    free(input);
}

/* ---- reading the graph ---- */

static const char *str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* True when node's @type is `type` or an array holding it. */
static bool has_type(const json_t *node, const char *type)
{
    const json_t *t = json_object_get(node, "@type");
    if (json_is_string(t))
        return strcmp(json_string_value(t), type) == 0;
    size_t i;
    const json_t *v;
    json_array_foreach(t, i, v) if (json_is_string(v) &&
                                    strcmp(json_string_value(v), type) == 0) return true;
    return false;
}

static const json_t *graph_of(const struct seo_result *r)
{
    assert_non_null(r->jsonld);
    assert_string_equal(str(r->jsonld, "@context"), "https://schema.org");
    const json_t *g = json_object_get(r->jsonld, "@graph");
    assert_true(json_is_array(g));
    return g;
}

static size_t count_type(const json_t *graph, const char *type)
{
    size_t n = 0, i;
    const json_t *v;
    json_array_foreach(graph, i, v) n += has_type(v, type);
    return n;
}

/* The only node of `type` in the graph. */
static const json_t *node(const json_t *graph, const char *type)
{
    const json_t *found = NULL;
    size_t i;
    const json_t *v;
    json_array_foreach(graph, i, v)
    {
        if (!has_type(v, type))
            continue;
        if (found)
            fail_msg("more than one %s node", type);
        found = v;
    }
    if (!found)
        fail_msg("no %s node", type);
    return found;
}

/* A reference is an object whose only key is @id. */
static bool is_ref(const json_t *v)
{
    return json_is_object(v) && json_object_size(v) == 1 && json_object_get(v, "@id");
}

/* Collects every node that defines an @id (an object with @id and more), anywhere. */
static void collect_defs(const json_t *v, const char **ids, size_t *n, size_t cap)
{
    if (json_is_object(v)) {
        if (!is_ref(v) && json_is_string(json_object_get(v, "@id"))) {
            assert_true(*n < cap);
            ids[(*n)++] = str(v, "@id");
        }
        const char *k;
        const json_t *x;
        json_object_foreach((json_t *)v, k, x) collect_defs(x, ids, n, cap);
    } else if (json_is_array(v)) {
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x) collect_defs(x, ids, n, cap);
    }
}

static void check_refs(const char *where, const json_t *v, const char **ids, size_t n)
{
    if (is_ref(v)) {
        const char *id = str(v, "@id");
        if (!id)
            fail_msg("%s: @id reference that is not a string", where);
        for (size_t i = 0; i < n; i++)
            if (strcmp(ids[i], id) == 0)
                return;
        fail_msg("%s: {\"@id\": \"%s\"} names no node of the graph", where, id);
    }
    if (json_is_object(v)) {
        const char *k;
        const json_t *x;
        json_object_foreach((json_t *)v, k, x) check_refs(where, x, ids, n);
    } else if (json_is_array(v)) {
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x) check_refs(where, x, ids, n);
    }
}

/* No empty string, no empty array or object anywhere in v. */
static void check_no_empty(const char *where, const char *path, const json_t *v)
{
    char sub[256];
    if (json_is_string(v) && json_string_length(v) == 0)
        fail_msg("%s: empty string at %s", where, path);
    if (json_is_object(v)) {
        if (json_object_size(v) == 0)
            fail_msg("%s: empty object at %s", where, path);
        const char *k;
        const json_t *x;
        json_object_foreach((json_t *)v, k, x)
        {
            snprintf(sub, sizeof(sub), "%s/%s", path, k);
            check_no_empty(where, sub, x);
        }
    } else if (json_is_array(v)) {
        if (json_array_size(v) == 0)
            fail_msg("%s: empty array at %s", where, path);
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x)
        {
            snprintf(sub, sizeof(sub), "%s/%zu", path, i);
            check_no_empty(where, sub, x);
        }
    }
}

/* "YYYY-MM-DDTHH:MM:SS+HH:MM" (or -HH:MM): a date with a time and a UTC offset. */
static bool iso_with_offset(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd+dd:dd";
    if (strlen(s) != sizeof(shape) - 1)
        return false;
    for (size_t i = 0; shape[i]; i++) {
        if (shape[i] == 'd'   ? (s[i] < '0' || s[i] > '9')
            : shape[i] == '+' ? (s[i] != '+' && s[i] != '-')
                              : s[i] != shape[i])
            return false;
    }
    return true;
}

static void check_dates(const char *where, const json_t *v)
{
    static const char *const keys[] = {"datePublished", "dateModified", "lastReviewed"};
    if (json_is_object(v)) {
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
            const json_t *d = json_object_get(v, keys[k]);
            if (d && (!json_is_string(d) || !iso_with_offset(json_string_value(d))))
                fail_msg("%s: %s \"%s\" is not ISO 8601 with an offset", where, keys[k],
                         json_string_value(d) ? json_string_value(d) : "(not a string)");
        }
        const char *k;
        const json_t *x;
        json_object_foreach((json_t *)v, k, x) check_dates(where, x);
    } else if (json_is_array(v)) {
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x) check_dates(where, x);
    }
}

static const json_t *article_node(const json_t *graph)
{
    size_t n = count_type(graph, "Article") + count_type(graph, "BlogPosting") +
               count_type(graph, "NewsArticle");
    assert_int_equal(n, 1);
    if (count_type(graph, "BlogPosting"))
        return node(graph, "BlogPosting");
    if (count_type(graph, "NewsArticle"))
        return node(graph, "NewsArticle");
    return node(graph, "Article");
}

static const json_t *page_node(const json_t *graph)
{
    assert_int_equal(count_type(graph, "WebPage") + count_type(graph, "MedicalWebPage"), 1);
    return count_type(graph, "MedicalWebPage") ? node(graph, "MedicalWebPage")
                                               : node(graph, "WebPage");
}

static void check_breadcrumb(const char *where, const json_t *list)
{
    const json_t *items = json_object_get(list, "itemListElement");
    size_t n = json_array_size(items);
    if (n < 2)
        fail_msg("%s: BreadcrumbList with %zu items", where, n);
    for (size_t i = 0; i < n; i++) {
        const json_t *li = json_array_get(items, i);
        assert_true(has_type(li, "ListItem"));
        if (json_integer_value(json_object_get(li, "position")) != (json_int_t)(i + 1))
            fail_msg("%s: breadcrumb item %zu has position %lld", where, i,
                     (long long)json_integer_value(json_object_get(li, "position")));
        if (!str(li, "name") || !*str(li, "name"))
            fail_msg("%s: breadcrumb item %zu has no name", where, i);
        bool last = i + 1 == n;
        if (last == (json_object_get(li, "item") != NULL))
            fail_msg("%s: breadcrumb item %zu %s an item", where, i, last ? "has" : "lacks");
    }
}

/* What every generated graph must satisfy, whatever the input. */
static void check_graph(const char *where, const struct seo_result *r)
{
    const json_t *graph = graph_of(r);
    /* Every reference resolves; no @id is defined twice. */
    const char *ids[256];
    size_t n = 0;
    collect_defs(graph, ids, &n, 256);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(ids[i], ids[j]) == 0)
                fail_msg("%s: @id \"%s\" defined twice", where, ids[i]);
    check_refs(where, graph, ids, n);
    check_no_empty(where, "jsonld", r->jsonld);
    check_no_empty(where, "article_schema", r->article_schema);
    if (r->faq_schema)
        check_no_empty(where, "faq_schema", r->faq_schema);
    check_dates(where, r->jsonld);
    check_dates(where, r->article_schema);

    /* One Article whose headline is the visible title, here and standalone. */
    const json_t *article = article_node(graph);
    if (!str(article, "headline") || strcmp(str(article, "headline"), r->doc.title) != 0)
        fail_msg("%s: headline \"%s\", title \"%s\"", where, str(article, "headline"),
                 r->doc.title);
    assert_string_equal(str(r->article_schema, "@context"), "https://schema.org");
    assert_string_equal(str(r->article_schema, "@type"), str(article, "@type"));
    assert_string_equal(str(r->article_schema, "headline"), r->doc.title);

    /* One page; FAQPage, Questions, mainEntity and faq_schema all follow the FAQ. */
    const json_t *page = page_node(graph);
    size_t faq = r->faq.n;
    if (has_type(page, "FAQPage") != (faq > 0))
        fail_msg("%s: FAQPage type with %zu FAQ entries", where, faq);
    if (count_type(graph, "Question") != faq)
        fail_msg("%s: %zu Question nodes for %zu FAQ entries", where, count_type(graph, "Question"),
                 faq);
    assert_int_equal(json_array_size(json_object_get(page, "mainEntity")), faq);
    size_t i;
    const json_t *q;
    json_array_foreach(graph, i, q)
    {
        if (!has_type(q, "Question"))
            continue;
        assert_non_null(str(q, "name"));
        const json_t *answer = json_object_get(q, "acceptedAnswer");
        assert_true(has_type(answer, "Answer"));
        assert_non_null(str(answer, "text"));
    }
    if (faq) {
        assert_non_null(r->faq_schema);
        assert_string_equal(str(r->faq_schema, "@type"), "FAQPage");
        const json_t *entities = json_object_get(r->faq_schema, "mainEntity");
        assert_int_equal(json_array_size(entities), faq);
        json_array_foreach(entities, i, q)
        {
            assert_true(has_type(q, "Question"));
            assert_string_equal(str(q, "name"), r->faq.items[i].question);
            assert_non_null(str(json_object_get(q, "acceptedAnswer"), "text"));
        }
    } else {
        assert_null(r->faq_schema);
    }
    if (count_type(graph, "BreadcrumbList"))
        check_breadcrumb(where, node(graph, "BreadcrumbList"));
    json_array_foreach(graph, i, q) if (has_type(q, "Person") || has_type(q, "Organization"))
        assert_non_null(str(q, "name"));
}

/* ---- tests ---- */

static void full_graph(void **state)
{
    (void)state;
    struct seo_result r;
    generate(full_draft, strlen(full_draft), &base_site, &r);
    check_graph("full draft", &r);
    const json_t *graph = graph_of(&r);

    /* Every node type the draft's facts call for, once. */
    assert_int_equal(json_array_size(graph), 7 + r.faq.n);
    assert_int_equal(r.faq.n, 3);
    const json_t *article = node(graph, "Article");
    const json_t *page = node(graph, "WebPage");
    const json_t *website = node(graph, "WebSite");
    const json_t *org = node(graph, "Organization");
    const json_t *person = node(graph, "Person");
    const json_t *crumbs = node(graph, "BreadcrumbList");
    const json_t *image = node(graph, "ImageObject");
    assert_true(has_type(page, "FAQPage"));
    assert_int_equal(count_type(graph, "Question"), 3);

    /* The Yoast ids and links. */
    assert_string_equal(str(article, "@id"), PAGE "#article");
    assert_string_equal(str(page, "@id"), PAGE);
    assert_string_equal(str(page, "url"), PAGE);
    assert_string_equal(str(website, "@id"), "https://health.example/#website");
    assert_string_equal(str(org, "@id"), "https://health.example/#organization");
    assert_string_equal(str(crumbs, "@id"), PAGE "#breadcrumb");
    assert_string_equal(str(json_object_get(article, "isPartOf"), "@id"), PAGE);
    assert_string_equal(str(json_object_get(article, "mainEntityOfPage"), "@id"), PAGE);
    assert_string_equal(str(json_object_get(article, "author"), "@id"), str(person, "@id"));
    assert_string_equal(str(json_object_get(article, "publisher"), "@id"), str(org, "@id"));
    assert_string_equal(str(json_object_get(article, "image"), "@id"), str(image, "@id"));
    assert_string_equal(str(json_object_get(page, "isPartOf"), "@id"), str(website, "@id"));
    assert_string_equal(str(json_object_get(page, "breadcrumb"), "@id"), str(crumbs, "@id"));
    assert_string_equal(str(json_object_get(website, "publisher"), "@id"), str(org, "@id"));
    assert_true(strncmp(str(person, "@id"), "https://health.example/#/schema/person/", 39) == 0);

    /* Facts. */
    assert_string_equal(str(article, "headline"), TITLE);
    assert_string_equal(str(page, "name"), r.meta_title);
    assert_string_not_equal(r.meta_title, TITLE);
    assert_string_equal(str(article, "datePublished"), "2026-03-04T09:00:00+01:00");
    /* A date without an offset gets the site's timezone. */
    assert_string_equal(str(article, "dateModified"), "2026-03-06T00:00:00+01:00");
    assert_string_equal(str(page, "datePublished"), "2026-03-04T09:00:00+01:00");
    assert_string_equal(str(article, "inLanguage"), "en-GB");
    assert_string_equal(str(article, "articleSection"), "Guides");
    assert_string_equal(str(person, "name"), "Dr Ana Silva");
    assert_string_equal(str(person, "url"), "https://health.example/team/ana-silva");
    assert_string_equal(str(org, "name"), "Northbridge Health");
    assert_string_equal(str(json_object_get(org, "logo"), "url"),
                        "https://health.example/logo-512.png");
    assert_string_equal(str(image, "url"), "https://cdn.health.example/knee-runner-1600x900.jpg");
    assert_string_equal(str(website, "name"), "Northbridge Health");

    /* Breadcrumb from the URL path: Home > Guides > Knee > the page. */
    const json_t *items = json_object_get(crumbs, "itemListElement");
    assert_int_equal(json_array_size(items), 4);
    assert_string_equal(str(json_array_get(items, 0), "name"), "Home");
    assert_string_equal(str(json_array_get(items, 0), "item"), "https://health.example/");
    assert_string_equal(str(json_array_get(items, 1), "name"), "Guides");
    assert_string_equal(str(json_array_get(items, 1), "item"), "https://health.example/guides/");
    assert_string_equal(str(json_array_get(items, 2), "name"), "Knee");
    assert_string_equal(str(json_array_get(items, 2), "item"),
                        "https://health.example/guides/knee/");
    assert_string_equal(str(json_array_get(items, 3), "name"), TITLE);
    assert_null(json_object_get(json_array_get(items, 3), "item"));

    /* Questions in FAQ order, visible first, the draft's own last. */
    const json_t *main_entity = json_object_get(page, "mainEntity");
    size_t i;
    const json_t *q;
    size_t k = 0;
    json_array_foreach(graph, i, q)
    {
        if (!has_type(q, "Question"))
            continue;
        assert_string_equal(str(q, "name"), r.faq.items[k].question);
        assert_string_equal(str(json_array_get(main_entity, k), "@id"), str(q, "@id"));
        k++;
    }
    assert_string_equal(r.faq.items[0].question, "Should I stop running if my knee hurts?");
    assert_string_equal(r.faq.items[2].question, "Is cycling better than running for sore knees?");

    /* The standalone Article carries the facts inline. */
    const json_t *a = r.article_schema;
    assert_string_equal(str(a, "@type"), "Article");
    assert_string_equal(str(json_object_get(a, "author"), "name"), "Dr Ana Silva");
    assert_string_equal(str(json_object_get(a, "publisher"), "name"), "Northbridge Health");
    assert_string_equal(str(a, "datePublished"), "2026-03-04T09:00:00+01:00");
    assert_string_equal(str(a, "image"), "https://cdn.health.example/knee-runner-1600x900.jpg");
    assert_string_equal(str(a, "mainEntityOfPage"), PAGE);
    seo_result_free(&r);
}

static void medical_site(void **state)
{
    (void)state;
    struct seo_site site = base_site;
    site.medical = true;
    struct seo_result r;
    generate(full_draft, strlen(full_draft), &site, &r);
    check_graph("medical", &r);
    const json_t *graph = graph_of(&r);
    const json_t *page = node(graph, "MedicalWebPage");
    assert_true(has_type(page, "FAQPage"));
    assert_int_equal(count_type(graph, "WebPage"), 0);
    /* A WebPage property, reviewed when the draft was last modified. */
    assert_string_equal(str(page, "lastReviewed"), "2026-03-06T00:00:00+01:00");
    assert_null(json_object_get(node(graph, "Article"), "lastReviewed"));
    seo_result_free(&r);

    /* Without FAQ: the plain medical page type. */
    generate_fixture("no-questions.txt", &site, &r);
    check_graph("medical, no FAQ", &r);
    page = node(graph_of(&r), "MedicalWebPage");
    assert_true(json_is_string(json_object_get(page, "@type")));
    seo_result_free(&r);
}

/* The draft says its content is medical: a MedicalWebPage on a site that is not medical. */
static void medical_draft(void **state)
{
    (void)state;
    static const char draft[] =
        "{\"title\": \"Knee Pain After Running\", \"medical\": true, \"url\": \"" PAGE "\", "
        "\"date_modified\": \"2026-03-06\", \"body\": \"Knee pain after running is common. "
        "Rest and strength work help most runners.\"}";
    assert_false(base_site.medical);
    struct seo_result r;
    generate(draft, strlen(draft), &base_site, &r);
    check_graph("medical draft", &r);
    const json_t *graph = graph_of(&r);
    const json_t *page = node(graph, "MedicalWebPage");
    assert_true(json_is_string(json_object_get(page, "@type")));
    assert_int_equal(count_type(graph, "WebPage"), 0);
    assert_string_equal(str(page, "lastReviewed"), "2026-03-06T00:00:00+01:00");
    seo_result_free(&r);

    /* "medical": false does not override a medical site. */
    struct seo_site site = base_site;
    site.medical = true;
    static const char not_medical[] = "{\"title\": \"Knee Pain After Running\", \"medical\": "
                                      "false, \"body\": \"Knee pain after running is common.\"}";
    generate(not_medical, strlen(not_medical), &site, &r);
    node(graph_of(&r), "MedicalWebPage");
    seo_result_free(&r);

    /* Neither says so: a WebPage. */
    generate(not_medical, strlen(not_medical), &base_site, &r);
    assert_int_equal(count_type(graph_of(&r), "MedicalWebPage"), 0);
    node(graph_of(&r), "WebPage");
    seo_result_free(&r);
}

static void article_types(void **state)
{
    (void)state;
    static const struct {
        enum seo_article_type type;
        const char *name;
    } cases[] = {{SEO_BLOG_POSTING, "BlogPosting"}, {SEO_NEWS_ARTICLE, "NewsArticle"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct seo_site site = base_site;
        site.article_type = cases[i].type;
        struct seo_result r;
        generate(full_draft, strlen(full_draft), &site, &r);
        check_graph(cases[i].name, &r);
        const json_t *graph = graph_of(&r);
        assert_int_equal(count_type(graph, cases[i].name), 1);
        assert_int_equal(count_type(graph, "Article"), 0);
        assert_string_equal(str(node(graph, cases[i].name), "@id"), PAGE "#article");
        assert_string_equal(str(r.article_schema, "@type"), cases[i].name);
        seo_result_free(&r);
    }
}

static void no_faq_no_faq_schema(void **state)
{
    (void)state;
    struct seo_result r;
    generate_fixture("no-questions.txt", NULL, &r);
    check_graph("no-questions.txt", &r);
    assert_int_equal(r.faq.n, 0);
    assert_null(r.faq_schema);
    const json_t *graph = graph_of(&r);
    const json_t *page = node(graph, "WebPage");
    assert_string_equal(str(page, "@type"), "WebPage");
    assert_null(json_object_get(page, "mainEntity"));
    assert_int_equal(count_type(graph, "Question"), 0);
    assert_int_equal(count_type(graph, "FAQPage"), 0);
    seo_result_free(&r);
}

/* Seed 000: its embedded schema has an empty author name and datePublished; ours has neither. */
static void seed_000_graph(void **state)
{
    (void)state;
    struct seo_result r;
    generate_fixture("seed-000-sex-back-pain.txt", NULL, &r);
    check_graph("seed 000", &r);
    const json_t *graph = graph_of(&r);
    assert_int_equal(count_type(graph, "Question"), 5);
    assert_int_equal(r.faq.n, 5);
    static const char *const questions[] = {
        "How can I prevent sex back pain during intimacy?",
        "What are the best positions for lower back issues?",
        "Why does my back hurt specifically after intercourse?",
        "Can psychological stress worsen physical pain during sex?",
        "Which medical professionals treat sexual dysfunction related to spinal health?",
    };
    size_t i, k = 0;
    const json_t *q;
    json_array_foreach(graph, i, q) if (has_type(q, "Question"))
        assert_string_equal(str(q, "name"), questions[k++]);
    assert_int_equal(k, 5);
    const json_t *article = node(graph, "Article");
    assert_string_equal(str(article, "headline"),
                        "Effective Strategies for Managing Sex Back Pain and Enhancing Intimacy");
    /* The embedded Article's empty date and author name never come through as "". */
    static const char *const dates[] = {"datePublished", "dateModified"};
    for (size_t d = 0; d < 2; d++) {
        const json_t *in_graph = json_object_get(article, dates[d]);
        const json_t *standalone = json_object_get(r.article_schema, dates[d]);
        assert_true(!in_graph || (json_is_string(in_graph) && json_string_length(in_graph) > 0));
        assert_true(!standalone ||
                    (json_is_string(standalone) && json_string_length(standalone) > 0));
    }
    json_array_foreach(graph, i, q) if (has_type(q, "Person"))
        assert_true(str(q, "name") && *str(q, "name"));
    const json_t *author = json_object_get(r.article_schema, "author");
    if (author)
        assert_true(str(author, "name") && *str(author, "name"));
    assert_int_equal(json_array_size(json_object_get(r.faq_schema, "mainEntity")), 5);
    seo_result_free(&r);

    /* With a site: its default author and publisher fill the gaps. */
    generate_fixture("seed-000-sex-back-pain.txt", &base_site, &r);
    check_graph("seed 000 with site", &r);
    graph = graph_of(&r);
    assert_string_equal(str(node(graph, "Person"), "name"), "Editorial Team");
    assert_string_equal(str(json_object_get(r.article_schema, "author"), "name"), "Editorial Team");
    assert_int_equal(count_type(graph, "Question"), 5);
    seo_result_free(&r);
}

static void invalid_date_left_out(void **state)
{
    (void)state;
    static const char draft[] = "{\"title\": \"Knee Pain After Running\", \"date_published\": "
                                "\"2026-02-30\", \"body\": \"Knee pain after running is common. "
                                "Rest helps.\"}";
    struct seo_result r;
    generate(draft, strlen(draft), &base_site, &r);
    check_graph("invalid date", &r);
    assert_null(json_object_get(node(graph_of(&r), "Article"), "datePublished"));
    bool warned = false;
    for (size_t i = 0; i < r.warnings.n; i++)
        warned |= strcmp(r.warnings.items[i].code, "date_invalid") == 0;
    assert_true(warned);
    seo_result_free(&r);
}

static bool warned(const struct seo_result *r, const char *code)
{
    for (size_t i = 0; i < r->warnings.n; i++)
        if (strcmp(r->warnings.items[i].code, code) == 0)
            return true;
    return false;
}

/* A missing image or logo is left out of the graph and reported (seo-rules.md). */
static void missing_image_and_logo_warned(void **state)
{
    (void)state;
    struct seo_result r;
    /* The full draft has both. */
    generate(full_draft, strlen(full_draft), &base_site, &r);
    assert_false(warned(&r, "no_image"));
    assert_false(warned(&r, "no_logo"));
    seo_result_free(&r);

    /* No image in the draft: warned, and no ImageObject, image or primaryImageOfPage. */
    static const char plain[] = "{\"title\": \"Knee Pain After Running\", \"url\": \"" PAGE "\", "
                                "\"body\": \"Knee pain after running is common. Rest helps.\"}";
    generate(plain, strlen(plain), &base_site, &r);
    check_graph("no image", &r);
    assert_true(warned(&r, "no_image"));
    assert_false(warned(&r, "no_logo"));
    const json_t *graph = graph_of(&r);
    assert_int_equal(count_type(graph, "ImageObject"), 0);
    assert_null(json_object_get(node(graph, "Article"), "image"));
    assert_null(json_object_get(node(graph, "WebPage"), "primaryImageOfPage"));
    seo_result_free(&r);

    /* An image from the body's embedded JSON-LD is enough. */
    static const char embedded[] =
        "{\"title\": \"Knee Pain After Running\", \"body\": \"{\\\"@context\\\": "
        "\\\"https://schema.org\\\", \\\"@type\\\": \\\"Article\\\", \\\"image\\\": "
        "\\\"https://cdn.health.example/knee.jpg\\\"}\\n\\nKnee pain after running is common. "
        "Rest helps.\"}";
    generate(embedded, strlen(embedded), &base_site, &r);
    check_graph("embedded image", &r);
    assert_false(warned(&r, "no_image"));
    assert_int_equal(count_type(graph_of(&r), "ImageObject"), 1);
    seo_result_free(&r);

    /* A site with a name but no logo: the Organization has none, and that is reported. */
    struct seo_site site = base_site;
    site.logo = NULL;
    generate(full_draft, strlen(full_draft), &site, &r);
    check_graph("no logo", &r);
    assert_true(warned(&r, "no_logo"));
    assert_false(warned(&r, "no_image"));
    assert_null(json_object_get(node(graph_of(&r), "Organization"), "logo"));
    for (size_t i = 0; i < r.warnings.n; i++)
        if (strcmp(r.warnings.items[i].code, "no_logo") == 0)
            assert_non_null(strstr(r.warnings.items[i].message, "\"nh\""));
    seo_result_free(&r);

    /* Without a site there is no Organization: no_publisher says so, not no_logo. */
    generate(full_draft, strlen(full_draft), NULL, &r);
    assert_true(warned(&r, "no_publisher"));
    assert_false(warned(&r, "no_logo"));
    seo_result_free(&r);
}

/* Every fixture, without and with a configured site. */
static void fixtures_graphs(void **state)
{
    (void)state;
    DIR *d = opendir(SEOPIPE_FIXTURES);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "EXPECTED.md") == 0 ||
            strcmp(e->d_name, "bad-json.json") == 0 || strcmp(e->d_name, "wrong-type.json") == 0)
            continue;
        struct seo_result r;
        generate_fixture(e->d_name, NULL, &r);
        check_graph(e->d_name, &r);
        seo_result_free(&r);
        generate_fixture(e->d_name, &base_site, &r);
        check_graph(e->d_name, &r);
        /* With a site there is always a publisher, a website and a home-based page URL. */
        const json_t *graph = graph_of(&r);
        assert_int_equal(count_type(graph, "Organization"), 1);
        assert_int_equal(count_type(graph, "WebSite"), 1);
        assert_int_equal(count_type(graph, "Person"), 1);
        /* A breadcrumb when the page lies under the site's home. */
        bool under_home = strncmp(r.canonical, base_site.url, strlen(base_site.url)) == 0;
        assert_int_equal(count_type(graph, "BreadcrumbList"), under_home);
        seo_result_free(&r);
        n++;
    }
    closedir(d);
    assert_true(n >= 14);
}

static void language(void **state)
{
    (void)state;
    char lang[16];
    struct seo_result r;
    /* The draft's locale, as a BCP 47 tag. */
    static const char pt[] = "{\"title\": \"Dor no joelho\", \"locale\": \"pt_BR.UTF-8\", "
                             "\"body\": \"A dor no joelho é comum.\"}";
    generate(pt, strlen(pt), &base_site, &r);
    seo_schema_language(&r, lang);
    assert_string_equal(lang, "pt-BR");
    assert_string_equal(str(node(graph_of(&r), "Article"), "inLanguage"), "pt-BR");
    seo_result_free(&r);
    /* Else the site's. */
    static const char none[] = "{\"title\": \"Knee Pain\", \"body\": \"Knee pain is common.\"}";
    generate(none, strlen(none), &base_site, &r);
    seo_schema_language(&r, lang);
    assert_string_equal(lang, "en-GB");
    seo_result_free(&r);
    /* Else the detected language. */
    generate_fixture("french-article.txt", NULL, &r);
    seo_schema_language(&r, lang);
    assert_string_equal(lang, "fr");
    assert_string_equal(str(node(graph_of(&r), "Article"), "inLanguage"), "fr");
    seo_result_free(&r);
}

/* A locale that is not a language tag is reported and replaced by the detected language. */
static void invalid_locale_not_used(void **state)
{
    (void)state;
    static const char draft[] = "{\"title\": \"Knee Pain After Running\", \"locale\": \"English\", "
                                "\"body\": \"Knee pain after running is common. Rest and strength "
                                "work help most runners.\"}";
    struct seo_result r;
    generate(draft, strlen(draft), NULL, &r);
    bool warned = false;
    for (size_t i = 0; i < r.warnings.n; i++)
        warned |= strcmp(r.warnings.items[i].code, "locale_invalid") == 0;
    assert_true(warned);
    assert_string_equal(r.doc.language, "en");
    char lang[16];
    seo_schema_language(&r, lang);
    assert_string_equal(lang, "en");
    assert_string_equal(str(node(graph_of(&r), "Article"), "inLanguage"), "en");
    assert_non_null(strstr(r.head_html, "<meta property=\"og:locale\" content=\"en\">"));
    seo_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_graph),
        cmocka_unit_test(medical_site),
        cmocka_unit_test(medical_draft),
        cmocka_unit_test(article_types),
        cmocka_unit_test(no_faq_no_faq_schema),
        cmocka_unit_test(seed_000_graph),
        cmocka_unit_test(invalid_date_left_out),
        cmocka_unit_test(missing_image_and_logo_warned),
        cmocka_unit_test(fixtures_graphs),
        cmocka_unit_test(language),
        cmocka_unit_test(invalid_locale_not_used),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
