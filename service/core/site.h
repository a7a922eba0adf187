#ifndef SEO_SITE_H
#define SEO_SITE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A site as configured (config/seopipe.yaml, `sites:`): who publishes, where,
 * and how titles are written. The strings are borrowed from the
 * configuration, which outlives every generation. Any field may be NULL.
 */

enum seo_article_type {
    SEO_ARTICLE,
    SEO_BLOG_POSTING,
    SEO_NEWS_ARTICLE,
};

#define SEO_MAX_TITLE_TEMPLATES 8
#define SEO_MAX_SITE_FAQ_SOURCES 8

struct seo_site {
    const char *id;         /* its key under `sites:` */
    const char *name;       /* "Northbridge Health" */
    const char *url;        /* home page, "https://example.org/" */
    const char *language;   /* default locale, "en-GB" */
    const char *org_name;   /* publisher; defaults to name */
    const char *logo;       /* logo URL (>= 112x112 px) */
    const char *author;     /* default author name */
    const char *author_url; /* default author page */
    enum seo_article_type article_type;
    const char *separator; /* between title parts, default "|" */
    /* Title templates tried in order, the longest that fits wins. Variables:
     * {title} {keyword} {site} {sep} {year} {sections}. */
    const char *title_templates[SEO_MAX_TITLE_TEMPLATES];
    size_t n_title_templates;
    bool medical;         /* MedicalWebPage */
    const char *timezone; /* UTC offset for dates given without one, "+01:00" */
    /* FAQ source URLs pulled for every draft of the site, after the draft's own faq_sources
     * (the shell fetches them and hands them over with seo_result_add_source). */
    const char *faq_sources[SEO_MAX_SITE_FAQ_SOURCES];
    size_t n_faq_sources;
};

/* "Article", "BlogPosting" or "NewsArticle". */
const char *seo_article_type_name(enum seo_article_type t);
bool seo_article_type_parse(const char *name, enum seo_article_type *out);

#endif
