#ifndef SEO_SCHEMA_H
#define SEO_SCHEMA_H

#include "seopipe.h"

#include <jansson.h>

/*
 * The JSON-LD graph most sites ship (Yoast's shape, seo-rules.md): Article,
 * WebPage (with FAQPage when there is FAQ; MedicalWebPage when the site or
 * the draft says the content is medical), WebSite, Organization, Person, BreadcrumbList (from the
 * URL path), ImageObject and Question nodes, linked by @id. Only schema.org terms valid on their
 * types; no empty strings: a missing fact is left out and reported.
 *
 * Fills r->jsonld, r->article_schema (the Article alone, self-contained, as
 * the seed's consumers read it) and r->faq_schema (the FAQPage alone, or
 * NULL without FAQ). References to json_t are owned by the result.
 */
void seo_schema_build(struct seo_result *r);

/* The BCP 47 language of the page: the draft's locale, else the site's, else the detected language.
 */
void seo_schema_language(const struct seo_result *r, char out[16]);

#endif
