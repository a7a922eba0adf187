#ifndef SEO_CMS_H
#define SEO_CMS_H

/*
 * CMS webhooks in, seopipe drafts out (POST /v1/ingest/{name}). Pure: the
 * shell hands over the raw request (method, path, headers, exact body bytes)
 * and the time; this module checks the CMS's own authentication and turns
 * the CMS's native payload into seopipe JSON drafts (the objects
 * seo_draft_parse reads) plus what to do with them. Payload shapes and
 * signing schemes are described in docs/cms.md.
 *
 * Item ids: WordPress "wp-<id>"; Strapi "strapi-<model>-<documentId|id>";
 * Contentful "<sys.id>", or "<sys.id>.<locale>" when several locales are
 * taken; Ghost "ghost-<id>"; Sanity "sanity-<_id without drafts.>";
 * Directus "directus-<collection>-<id>"; Payload "payload-<collection>-<id>";
 * no preset "<collection>-<id>" or "<id>".
 */

#include "doc.h"
#include "error.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum seo_cms_kind { SEO_CMS_WORDPRESS, SEO_CMS_STRAPI, SEO_CMS_CONTENTFUL, SEO_CMS_GENERIC };

enum seo_cms_action {
    SEO_CMS_IGNORE,  /* nothing to do; `reason` says why */
    SEO_CMS_STORE,   /* store the drafts (PUT /v1/drafts/{id}) */
    SEO_CMS_PUBLISH, /* store and publish them */
    SEO_CMS_DELETE,  /* delete the drafts named by the items' ids */
};

/*
 * Where the fields are. Each entry is a dot path ("post.current.html",
 * "_embedded.author.0.name"; a numeric segment indexes an array) or several
 * separated by commas, the first present and not null winning
 * ("content,body"). NULL keeps the preset's path. Paths start at the payload
 * root, except for Strapi (at `entry`) and Contentful (a field id under
 * `fields`, the locale key added).
 */
struct seo_cms_mapping {
    const char *id, *title, *body, *format, *slug, *url, *locale, *date_published, *date_modified,
        *author, *image, *tags, *excerpt, *event, *status, *meta_title, *meta_description,
        *canonical, *focus_keyword;
    const char *collection; /* generic: prefixed to the id ("<collection>-<id>") */
    const char *version;    /* revision for the idempotency key; default date_modified */
};

/* One configured adapter; every string is borrowed from the configuration. */
struct seo_cms_adapter {
    enum seo_cms_kind kind;
    const char *name;   /* the {name} in the route, e.g. "wordpress", "ghost" */
    const char *preset; /* generic only: "ghost", "sanity", "directus", "payload" or NULL */
    /* Shared token: the request must carry "Authorization: Bearer <token>" (any adapter). */
    const char *token;
    /* Request signing secret: contentful (x-contentful-signature), sanity preset
     * (sanity-webhook-signature), ghost preset (X-Ghost-Signature). */
    const char *secret;
    unsigned max_age_s; /* signed timestamps older or newer than this are refused (default 300) */
    const char *locale; /* contentful: the locale to take; NULL = every locale, one draft each */
    bool unpublish_deletes;     /* unpublish/delete events delete the draft; false = ignored */
    const char *site;           /* seopipe site id put on every draft, or NULL */
    struct seo_cms_mapping map; /* overrides the preset's paths */
};

/* A request header; names are compared case-insensitively. */
struct seo_cms_header {
    const char *name, *value;
};

/* The request as received; everything borrowed. `body` holds `len` bytes (no NUL needed). */
struct seo_cms_request {
    const char *method, *path; /* path with its query, as in the request line */
    const struct seo_cms_header *headers;
    size_t n_headers;
    const char *body;
    size_t len;
    long long now_ms; /* Unix time in milliseconds */
};

#define SEO_CMS_MAX_ITEMS 16
#define SEO_CMS_MAX_TAGS 100 /* more tags than a draft takes are dropped */

struct seo_cms_item {
    char *id;      /* 1-128 characters of A-Za-z0-9._~-, never "." or ".." */
    json_t *draft; /* STORE/PUBLISH: the seopipe JSON draft; DELETE: NULL */
    /* DELETE (Contentful without a configured locale): the drafts "<id>.<locale>" go too. */
    bool with_locales;
};

struct seo_cms_event {
    enum seo_cms_action action;
    char *event;           /* the CMS's own event name, or NULL */
    char *reason;          /* IGNORE: why */
    char *idempotency_key; /* publishes: X-Contentful-Idempotency-Key, else a SHA-256 hex of
                              adapter name, id and version; NULL when none */
    struct seo_cms_item items[SEO_CMS_MAX_ITEMS];
    size_t n_items;
};

/* Parses "wordpress", "strapi", "contentful", "generic"; false otherwise. */
bool seo_cms_kind_parse(const char *name, enum seo_cms_kind *out);

/*
 * Defaults for an adapter (max_age_s 300, nothing else set), `name` and
 * `preset` borrowed. False when the preset is unknown, or given for a kind
 * other than generic; *a is filled either way.
 */
bool seo_cms_adapter_init(struct seo_cms_adapter *a, enum seo_cms_kind kind, const char *name,
                          const char *preset);

/* True when the adapter checks the CMS's own token or signature. */
bool seo_cms_has_auth(const struct seo_cms_adapter *a);

/*
 * Checks the CMS's own authentication: the bearer token when a token is
 * configured, the signature over the exact body bytes (and its timestamp
 * against max_age_s) when a secret is. SEO_OK when the adapter has neither
 * (the caller then requires seopipe's API key). Fails with SEO_ERR_AUTH and
 * a message saying what is missing or wrong, never echoing a secret.
 * Comparisons take constant time.
 */
enum seo_status seo_cms_authenticate(const struct seo_cms_adapter *a,
                                     const struct seo_cms_request *rq, struct seo_error *err);

/*
 * Decodes the payload into *out (caller frees with seo_cms_event_free); on
 * failure *out is untouched. SEO_ERR_SYNTAX for bad JSON (line and column),
 * SEO_ERR_TYPE naming the field (JSON pointer) of a wrong shape,
 * SEO_ERR_LIMIT for a payload, nesting, item count or draft over `limits`,
 * SEO_ERR_UNUSABLE when no id (or neither title nor body) can be found.
 * Every draft it returns is accepted by seo_draft_parse with `limits`.
 */
enum seo_status seo_cms_decode(const struct seo_cms_adapter *a, const struct seo_cms_request *rq,
                               const struct seo_limits *limits, struct seo_cms_event *out,
                               struct seo_error *err);

/* Frees what *e owns and zeroes it; NULL and zeroed events are fine. */
void seo_cms_event_free(struct seo_cms_event *e);

#endif
