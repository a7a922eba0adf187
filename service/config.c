#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "date.h"
#include "webhook.h"

#include <openssl/evp.h>

/* Every setting: its YAML path, its environment variable, where it lives and its bounds. */
struct setting {
    const char *yaml;
    const char *env;
    size_t offset;
    size_t size;                 /* 0: a string (const char *) */
    unsigned long long min, max; /* numbers: bounds; strings: maximum length in max */
};

#define LIMIT(field)                                                                               \
    offsetof(struct seo_config, limits) + offsetof(struct seo_limits, field),                      \
        sizeof(((struct seo_limits *)0)->field)

#define SERVER(field)                                                                              \
    offsetof(struct seo_config, server) + offsetof(struct seo_server_settings, field),             \
        sizeof(((struct seo_server_settings *)0)->field)
#define REDIS(field)                                                                               \
    offsetof(struct seo_config, redis) + offsetof(struct seo_redis_settings, field),               \
        sizeof(((struct seo_redis_settings *)0)->field)
#define REDIS_STRING(field)                                                                        \
    offsetof(struct seo_config, redis) + offsetof(struct seo_redis_settings, field), 0

#define WEBHOOKS(field)                                                                            \
    offsetof(struct seo_config, webhooks) + offsetof(struct seo_webhook_settings, field),          \
        sizeof(((struct seo_webhook_settings *)0)->field)
#define WEBHOOKS_STRING(field)                                                                     \
    offsetof(struct seo_config, webhooks) + offsetof(struct seo_webhook_settings, field), 0

#define SOURCES(field)                                                                             \
    offsetof(struct seo_config, sources) + offsetof(struct seo_source_settings, field),            \
        sizeof(((struct seo_source_settings *)0)->field)

#define SECURITY_STRING(field)                                                                     \
    offsetof(struct seo_config, security) + offsetof(struct seo_security_settings, field), 0

#define SERVER_STRING(field)                                                                       \
    offsetof(struct seo_config, server) + offsetof(struct seo_server_settings, field), 0

static const struct setting settings[] = {
    {"server.listen", "SEOPIPE_LISTEN", SERVER_STRING(listen), 1, 300},
    {"server.api_keys", "SEOPIPE_API_KEYS", SERVER_STRING(api_keys), 0, 8192},
    {"server.threads", "SEOPIPE_THREADS", SERVER(threads), 0, 256},
    {"server.max_inflight", "SEOPIPE_MAX_INFLIGHT", SERVER(max_inflight), 1, 100000},
    {"server.timeout_seconds", "SEOPIPE_TIMEOUT_SECONDS", SERVER(timeout_seconds), 1, 3600},
    {"server.draft_cache_bytes", "SEOPIPE_DRAFT_CACHE_BYTES", SERVER(draft_cache_bytes), 0,
     16ull << 30},
    {"redis.url", "SEOPIPE_REDIS_URL", REDIS_STRING(url), 1, 1000},
    {"redis.timeout_ms", "SEOPIPE_REDIS_TIMEOUT_MS", REDIS(timeout_ms), 10, 60000},
    {"redis.cache_ttl_seconds", "SEOPIPE_CACHE_TTL_SECONDS", REDIS(cache_ttl_seconds), 1, 31536000},
    {"webhooks.outbound_allow", "SEOPIPE_OUTBOUND_ALLOW", WEBHOOKS_STRING(outbound_allow), 0, 2000},
    {"webhooks.retry_schedule", "SEOPIPE_RETRY_SCHEDULE", WEBHOOKS_STRING(retry_schedule), 1, 1000},
    {"webhooks.connect_timeout_ms", "SEOPIPE_WEBHOOK_CONNECT_TIMEOUT_MS",
     WEBHOOKS(connect_timeout_ms), 100, 60000},
    {"webhooks.timeout_ms", "SEOPIPE_WEBHOOK_TIMEOUT_MS", WEBHOOKS(timeout_ms), 500, 300000},
    {"webhooks.max_transfers", "SEOPIPE_WEBHOOK_MAX_TRANSFERS", WEBHOOKS(max_transfers), 1, 4096},
    {"webhooks.rotation_grace_seconds", "SEOPIPE_WEBHOOK_ROTATION_GRACE_SECONDS",
     WEBHOOKS(rotation_grace_seconds), 0, 30 * 86400},
    {"webhooks.overload_delay_seconds", "SEOPIPE_WEBHOOK_OVERLOAD_DELAY_SECONDS",
     WEBHOOKS(overload_delay_seconds), 0, 86400},
    {"webhooks.disable_after_seconds", "SEOPIPE_WEBHOOK_DISABLE_AFTER_SECONDS",
     WEBHOOKS(disable_after_seconds), 0, 365 * 86400},
    {"webhooks.retention_seconds", "SEOPIPE_WEBHOOK_RETENTION_SECONDS", WEBHOOKS(retention_seconds),
     1, 3650u * 86400},
    {"security.secret_key", "SEOPIPE_SECRET_KEY", SECURITY_STRING(secret_key), 0, 200},
    {"faq_sources.connect_timeout_ms", "SEOPIPE_SOURCE_CONNECT_TIMEOUT_MS",
     SOURCES(connect_timeout_ms), 100, 60000},
    {"faq_sources.timeout_ms", "SEOPIPE_SOURCE_TIMEOUT_MS", SOURCES(timeout_ms), 200, 120000},
    {"faq_sources.deadline_ms", "SEOPIPE_SOURCE_DEADLINE_MS", SOURCES(deadline_ms), 200, 120000},
    {"faq_sources.max_bytes", "SEOPIPE_SOURCE_MAX_BYTES", SOURCES(max_bytes), 1024, 64ull << 20},
    {"faq_sources.cache_ttl_seconds", "SEOPIPE_SOURCE_CACHE_TTL_SECONDS",
     SOURCES(cache_ttl_seconds), 0, 31536000},
    {"faq_sources.max_transfers", "SEOPIPE_SOURCE_MAX_TRANSFERS", SOURCES(max_transfers), 1, 4096},
    {"limits.max_body_bytes", "SEOPIPE_MAX_BODY_BYTES", LIMIT(max_body_bytes), 1024, 64ull << 20},
    {"limits.max_faq_entries", "SEOPIPE_MAX_FAQ_ENTRIES", LIMIT(max_faq_entries), 1, 10000},
    {"limits.max_paragraphs", "SEOPIPE_MAX_PARAGRAPHS", LIMIT(max_paragraphs), 1, 1000000},
    {"limits.max_depth", "SEOPIPE_MAX_DEPTH", LIMIT(max_depth), 4, 512},
};

void seo_config_defaults(struct seo_config *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->limits = seo_limits_default();
    cfg->server.listen = "127.0.0.1:8080";
    cfg->server.max_inflight = 256;
    cfg->server.timeout_seconds = 10;
    cfg->server.draft_cache_bytes = 16u << 20;
    cfg->redis.url = "redis://127.0.0.1:6379/0";
    cfg->redis.timeout_ms = 250;
    cfg->redis.cache_ttl_seconds = 86400;
    cfg->webhooks.retry_schedule = SEO_RETRY_SCHEDULE_DEFAULT;
    cfg->webhooks.connect_timeout_ms = 5000;
    cfg->webhooks.timeout_ms = 15000;
    cfg->webhooks.max_transfers = 64;
    cfg->webhooks.rotation_grace_seconds = 86400;
    cfg->webhooks.overload_delay_seconds = 60;       /* Svix */
    cfg->webhooks.disable_after_seconds = 5 * 86400; /* Svix: 5 days */
    cfg->webhooks.retention_seconds = 30 * 86400;
    cfg->sources.connect_timeout_ms = 2000;
    cfg->sources.timeout_ms = 5000;
    cfg->sources.deadline_ms = 6000;
    cfg->sources.max_bytes = 2u << 20;
    cfg->sources.cache_ttl_seconds = 3600;
    cfg->sources.max_transfers = 64;
    static const struct {
        enum seo_cms_kind kind;
        const char *name, *preset;
    } adapters[] = {
        {SEO_CMS_WORDPRESS, "wordpress", NULL},    {SEO_CMS_STRAPI, "strapi", NULL},
        {SEO_CMS_CONTENTFUL, "contentful", NULL},  {SEO_CMS_GENERIC, "generic", NULL},
        {SEO_CMS_GENERIC, "ghost", "ghost"},       {SEO_CMS_GENERIC, "sanity", "sanity"},
        {SEO_CMS_GENERIC, "directus", "directus"}, {SEO_CMS_GENERIC, "payload", "payload"}};
    for (size_t i = 0; i < sizeof(adapters) / sizeof(adapters[0]); i++)
        seo_cms_adapter_init(&cfg->ingest[cfg->n_ingest++], adapters[i].kind, adapters[i].name,
                             adapters[i].preset);
}

void seo_config_free(struct seo_config *cfg)
{
    for (size_t i = 0; i < cfg->n_owned; i++)
        free(cfg->owned[i]);
    free(cfg->owned);
    memset(cfg, 0, sizeof(*cfg));
}

/* A copy of s kept for the configuration's lifetime. */
static const char *own(struct seo_config *cfg, const char *s)
{
    if (cfg->n_owned == cfg->cap_owned) {
        size_t cap = cfg->cap_owned ? cfg->cap_owned * 2 : 32;
        char **grown = realloc(cfg->owned, cap * sizeof(*grown));
        if (!grown)
            abort();
        cfg->owned = grown;
        cfg->cap_owned = cap;
    }
    char *copy = strdup(s);
    if (!copy)
        abort();
    cfg->owned[cfg->n_owned++] = copy;
    return copy;
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static bool http_url(const char *s)
{
    return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

/* One site under `sites:`; every field is checked here so a typo stops start-up. */
/*
 * A YAML list of 1 to `max` non-empty texts (http(s) URLs when `urls`) into out[]; `where` names
 * the setting in the message.
 */
static int read_list(struct seo_config *cfg, yaml_document_t *doc, yaml_node_t *vn,
                     const char **out, size_t *n, size_t max, bool urls, const char *where,
                     char *msg, size_t msg_size)
{
    if (!vn || vn->type != YAML_SEQUENCE_NODE) {
        snprintf(msg, msg_size, "%s must be a list", where);
        return -1;
    }
    for (yaml_node_item_t *it = vn->data.sequence.items.start; it < vn->data.sequence.items.top;
         it++) {
        const char *t = scalar(yaml_document_get_node(doc, *it));
        if (!t || !*t || *n == max || (urls && !http_url(t))) {
            snprintf(msg, msg_size, "%s takes 1 to %zu %s", where, max,
                     urls ? "http(s) URLs" : "non-empty texts");
            return -1;
        }
        out[(*n)++] = own(cfg, t);
    }
    return 0;
}

static int apply_site(struct seo_config *cfg, yaml_document_t *doc, const char *id,
                      yaml_node_t *node, const char *path, char *msg, size_t msg_size)
{
    if (cfg->n_sites == SEO_MAX_SITES) {
        snprintf(msg, msg_size, "%s:%zu: more than %d sites", path,
                 (size_t)node->start_mark.line + 1, SEO_MAX_SITES);
        return -1;
    }
    if (node->type != YAML_MAPPING_NODE) {
        snprintf(msg, msg_size, "%s:%zu: sites.%s must be a mapping of settings", path,
                 (size_t)node->start_mark.line + 1, id);
        return -1;
    }
    struct seo_site *site = &cfg->sites[cfg->n_sites];
    memset(site, 0, sizeof(*site));
    site->id = own(cfg, id);
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        const char *key = scalar(yaml_document_get_node(doc, p->key));
        yaml_node_t *vn = yaml_document_get_node(doc, p->value);
        const char *v = scalar(vn);
        size_t line = vn ? (size_t)vn->start_mark.line + 1 : 0;
        if (!key) {
            snprintf(msg, msg_size, "%s:%zu: keys must be plain names", path, line);
            return -1;
        }
        if (strcmp(key, "title_templates") == 0 || strcmp(key, "faq_sources") == 0) {
            bool urls = key[0] == 'f';
            char where[160];
            snprintf(where, sizeof(where), "%s:%zu: sites.%s.%s", path, line, id, key);
            if (read_list(cfg, doc, vn, urls ? site->faq_sources : site->title_templates,
                          urls ? &site->n_faq_sources : &site->n_title_templates,
                          urls ? SEO_MAX_SITE_FAQ_SOURCES : SEO_MAX_TITLE_TEMPLATES, urls, where,
                          msg, msg_size) != 0)
                return -1;
            continue;
        }
        if (!v || !*v) {
            snprintf(msg, msg_size, "%s:%zu: sites.%s.%s must be a non-empty value", path, line, id,
                     key);
            return -1;
        }
        const char **field = NULL;
        if (strcmp(key, "name") == 0)
            field = &site->name;
        else if (strcmp(key, "url") == 0)
            field = &site->url;
        else if (strcmp(key, "language") == 0)
            field = &site->language;
        else if (strcmp(key, "organization") == 0)
            field = &site->org_name;
        else if (strcmp(key, "logo") == 0)
            field = &site->logo;
        else if (strcmp(key, "author") == 0)
            field = &site->author;
        else if (strcmp(key, "author_url") == 0)
            field = &site->author_url;
        else if (strcmp(key, "separator") == 0)
            field = &site->separator;
        else if (strcmp(key, "timezone") == 0)
            field = &site->timezone;
        if (field) {
            bool is_url = field == &site->url || field == &site->logo || field == &site->author_url;
            if (is_url && !http_url(v)) {
                snprintf(msg, msg_size, "%s:%zu: sites.%s.%s must be an http(s) URL, not \"%.60s\"",
                         path, line, id, key, v);
                return -1;
            }
            char probe[32];
            if (field == &site->timezone && !seo_date_iso8601("2000-01-01T00:00", v, probe)) {
                snprintf(
                    msg, msg_size,
                    "%s:%zu: sites.%s.timezone must be an offset such as +01:00, not \"%.20s\"",
                    path, line, id, v);
                return -1;
            }
            *field = own(cfg, v);
        } else if (strcmp(key, "article_type") == 0) {
            if (!seo_article_type_parse(v, &site->article_type)) {
                snprintf(
                    msg, msg_size,
                    "%s:%zu: sites.%s.article_type must be Article, BlogPosting or NewsArticle",
                    path, line, id);
                return -1;
            }
        } else if (strcmp(key, "medical") == 0) {
            if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0) {
                snprintf(msg, msg_size, "%s:%zu: sites.%s.medical must be true or false", path,
                         line, id);
                return -1;
            }
            site->medical = strcmp(v, "true") == 0;
        } else {
            snprintf(msg, msg_size, "%s:%zu: unknown setting \"sites.%s.%s\"", path, line, id, key);
            return -1;
        }
    }
    for (size_t i = 0; i < cfg->n_sites; i++) {
        if (strcmp(cfg->sites[i].id, id) == 0) {
            snprintf(msg, msg_size, "%s: site \"%s\" is configured twice", path, id);
            return -1;
        }
    }
    cfg->n_sites++;
    return 0;
}

/* The mapping's field paths by name (generic adapter `map:`). */
static const char **mapping_field(struct seo_cms_mapping *m, const char *name)
{
    struct {
        const char *name;
        const char **field;
    } fields[] = {{"id", &m->id},
                  {"title", &m->title},
                  {"body", &m->body},
                  {"format", &m->format},
                  {"slug", &m->slug},
                  {"url", &m->url},
                  {"locale", &m->locale},
                  {"date_published", &m->date_published},
                  {"date_modified", &m->date_modified},
                  {"author", &m->author},
                  {"image", &m->image},
                  {"tags", &m->tags},
                  {"excerpt", &m->excerpt},
                  {"event", &m->event},
                  {"status", &m->status},
                  {"meta_title", &m->meta_title},
                  {"meta_description", &m->meta_description},
                  {"canonical", &m->canonical},
                  {"focus_keyword", &m->focus_keyword},
                  {"collection", &m->collection},
                  {"version", &m->version}};
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (strcmp(fields[i].name, name) == 0)
            return fields[i].field;
    return NULL;
}

/*
 * ingest.<name>: changes the built-in adapter of that name, or adds one (`adapter:` says which
 * kind; a new name needs it unless it is a kind's own name).
 */
static int apply_ingest(struct seo_config *cfg, yaml_document_t *doc, const char *name,
                        yaml_node_t *node, const char *path, char *msg, size_t msg_size)
{
    size_t line = node ? (size_t)node->start_mark.line + 1 : 0;
    if (!node || node->type != YAML_MAPPING_NODE) {
        snprintf(msg, msg_size, "%s:%zu: ingest.%s must be a mapping of settings", path, line,
                 name);
        return -1;
    }
    if (strlen(name) > 64 ||
        strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(name)) {
        snprintf(msg, msg_size, "%s:%zu: ingest names are 1 to 64 of a-z 0-9 - _", path, line);
        return -1;
    }
    struct seo_cms_adapter *a = NULL;
    for (size_t i = 0; i < cfg->n_ingest && !a; i++)
        if (strcmp(cfg->ingest[i].name, name) == 0)
            a = &cfg->ingest[i];
    const char *kind = NULL, *preset = NULL;
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        const char *key = scalar(yaml_document_get_node(doc, p->key));
        const char *v = scalar(yaml_document_get_node(doc, p->value));
        if (key && v && strcmp(key, "adapter") == 0)
            kind = v;
        if (key && v && strcmp(key, "preset") == 0)
            preset = v;
    }
    if (!a || kind || preset) { /* new, or its kind or preset changes: start from defaults */
        enum seo_cms_kind k = a ? a->kind : SEO_CMS_GENERIC;
        if ((kind || !a) && !seo_cms_kind_parse(kind ? kind : name, &k)) {
            snprintf(msg, msg_size,
                     "%s:%zu: ingest.%s.adapter must be wordpress, strapi, contentful or generic",
                     path, line, name);
            return -1;
        }
        if (!a) {
            if (cfg->n_ingest == SEO_MAX_INGEST) {
                snprintf(msg, msg_size, "%s:%zu: at most %d ingest adapters", path, line,
                         SEO_MAX_INGEST);
                return -1;
            }
            a = &cfg->ingest[cfg->n_ingest++];
        }
        if (!seo_cms_adapter_init(a, k, own(cfg, name), preset ? own(cfg, preset) : NULL)) {
            snprintf(msg, msg_size,
                     "%s:%zu: ingest.%s.preset must be ghost, sanity, directus or payload (with "
                     "adapter generic)",
                     path, line, name);
            return -1;
        }
    }
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        const char *key = scalar(yaml_document_get_node(doc, p->key));
        yaml_node_t *vn = yaml_document_get_node(doc, p->value);
        const char *v = scalar(vn);
        line = vn ? (size_t)vn->start_mark.line + 1 : line;
        if (!key) {
            snprintf(msg, msg_size, "%s:%zu: keys must be plain names", path, line);
            return -1;
        }
        if (strcmp(key, "adapter") == 0 || strcmp(key, "preset") == 0)
            continue;
        if (strcmp(key, "map") == 0) {
            if (!vn || vn->type != YAML_MAPPING_NODE) {
                snprintf(msg, msg_size, "%s:%zu: ingest.%s.map must be a mapping", path, line,
                         name);
                return -1;
            }
            for (yaml_node_pair_t *m = vn->data.mapping.pairs.start; m < vn->data.mapping.pairs.top;
                 m++) {
                const char *field = scalar(yaml_document_get_node(doc, m->key));
                const char *value = scalar(yaml_document_get_node(doc, m->value));
                const char **slot = field ? mapping_field(&a->map, field) : NULL;
                if (!slot || !value || !*value) {
                    snprintf(msg, msg_size,
                             "%s:%zu: ingest.%s.map.%s is not a field a mapping takes (or has no "
                             "path)",
                             path, line, name, field ? field : "?");
                    return -1;
                }
                *slot = own(cfg, value);
            }
            continue;
        }
        if (!v || !*v) {
            snprintf(msg, msg_size, "%s:%zu: ingest.%s.%s must be a non-empty value", path, line,
                     name, key);
            return -1;
        }
        if (strcmp(key, "token") == 0) {
            a->token = own(cfg, v);
        } else if (strcmp(key, "secret") == 0) {
            a->secret = own(cfg, v);
        } else if (strcmp(key, "locale") == 0) {
            a->locale = own(cfg, v);
        } else if (strcmp(key, "site") == 0) {
            a->site = own(cfg, v);
        } else if (strcmp(key, "unpublish_deletes") == 0 &&
                   (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)) {
            a->unpublish_deletes = strcmp(v, "true") == 0;
        } else if (strcmp(key, "max_age_seconds") == 0 && strspn(v, "0123456789") == strlen(v) &&
                   strlen(v) <= 6 && atoi(v) >= 1) {
            a->max_age_s = (unsigned)atoi(v);
        } else {
            snprintf(msg, msg_size, "%s:%zu: ingest.%s.%s: unknown setting or bad value \"%.40s\"",
                     path, line, name, key, v);
            return -1;
        }
    }
    return 0;
}

static const struct setting *find_setting(const char *yaml_path)
{
    for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
        if (strcmp(settings[i].yaml, yaml_path) == 0)
            return &settings[i];
    return NULL;
}

/* Parses a whole decimal number within the setting's bounds, or takes a string, and stores it. */
static int set_value(struct seo_config *cfg, const struct setting *s, const char *value,
                     const char *where, char *msg, size_t msg_size)
{
    if (s->size == 0) {
        size_t n = strlen(value);
        if (n < s->min || n > s->max) {
            snprintf(msg, msg_size, "%s: %s must be %llu to %llu characters", where, s->yaml,
                     s->min, s->max);
            return -1;
        }
        const char *copy = own(cfg, value);
        memcpy((char *)cfg + s->offset, &copy, sizeof(copy));
        return 0;
    }
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (!*value || *value == '-' || errno || !end || *end || v < s->min || v > s->max) {
        snprintf(msg, msg_size, "%s: %s must be a whole number from %llu to %llu, not \"%.40s\"",
                 where, s->yaml, s->min, s->max, value);
        return -1;
    }
    char *field = (char *)cfg + s->offset;
    if (s->size == sizeof(unsigned)) {
        unsigned u = (unsigned)v;
        memcpy(field, &u, sizeof(u));
    } else {
        size_t z = (size_t)v;
        memcpy(field, &z, sizeof(z));
    }
    return 0;
}

/* Walks a mapping node, joining keys with '.', and applies every scalar. */
/* One endpoint under `webhooks.endpoints`: url and secret required, events and description not. */
static int apply_endpoint(struct seo_config *cfg, yaml_document_t *doc, const char *name,
                          yaml_node_t *node, const char *path, char *msg, size_t msg_size)
{
    size_t line = (size_t)node->start_mark.line + 1;
    if (cfg->webhooks.n_endpoints == SEO_MAX_STATIC_ENDPOINTS) {
        snprintf(msg, msg_size, "%s:%zu: more than %d webhook endpoints", path, line,
                 SEO_MAX_STATIC_ENDPOINTS);
        return -1;
    }
    if (node->type != YAML_MAPPING_NODE) {
        snprintf(msg, msg_size, "%s:%zu: webhooks.endpoints.%s must be a mapping", path, line,
                 name);
        return -1;
    }
    struct seo_static_endpoint *e = &cfg->webhooks.endpoints[cfg->webhooks.n_endpoints];
    memset(e, 0, sizeof(*e));
    e->name = own(cfg, name);
    snprintf(e->events, sizeof(e->events), "*");
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        const char *key = scalar(yaml_document_get_node(doc, p->key));
        yaml_node_t *vn = yaml_document_get_node(doc, p->value);
        const char *v = scalar(vn);
        line = vn ? (size_t)vn->start_mark.line + 1 : line;
        if (key && strcmp(key, "events") == 0 && vn && vn->type == YAML_SEQUENCE_NODE) {
            e->events[0] = '\0';
            for (yaml_node_item_t *it = vn->data.sequence.items.start;
                 it < vn->data.sequence.items.top; it++) {
                const char *t = scalar(yaml_document_get_node(doc, *it));
                bool known = t && (strcmp(t, "*") == 0 || strcmp(t, "seo_package.published") == 0 ||
                                   strcmp(t, "seo_package.updated") == 0 ||
                                   strcmp(t, "seo_package.deleted") == 0);
                if (!known) {
                    snprintf(msg, msg_size,
                             "%s:%zu: webhooks.endpoints.%s.events takes \"*\", "
                             "seo_package.published, seo_package.updated, seo_package.deleted",
                             path, line, name);
                    return -1;
                }
                size_t used = strlen(e->events);
                snprintf(e->events + used, sizeof(e->events) - used, "%s%s", used ? "," : "", t);
            }
            continue;
        }
        const char **field = !key                              ? NULL
                             : strcmp(key, "url") == 0         ? &e->url
                             : strcmp(key, "secret") == 0      ? &e->secret
                             : strcmp(key, "description") == 0 ? &e->description
                                                               : NULL;
        if (!field || !v || !*v) {
            snprintf(msg, msg_size,
                     "%s:%zu: webhooks.endpoints.%s.%s is not a setting (url, secret, events, "
                     "description), or is empty",
                     path, line, name, key ? key : "?");
            return -1;
        }
        *field = own(cfg, v);
    }
    if (!e->url || !e->secret) {
        snprintf(msg, msg_size, "%s:%zu: webhooks.endpoints.%s needs url and secret", path, line,
                 name);
        return -1;
    }
    cfg->webhooks.n_endpoints++;
    return 0;
}

static int apply_node(struct seo_config *cfg, yaml_document_t *doc, yaml_node_t *node,
                      const char *prefix, const char *path, char *msg, size_t msg_size)
{
    /* Blocks of named entries: each name's mapping goes to its reader. */
    static const struct {
        const char *prefix, *what;
        int (*apply)(struct seo_config *, yaml_document_t *, const char *, yaml_node_t *,
                     const char *, char *, size_t);
    } named[] = {{"webhooks.endpoints", "webhook endpoint names", apply_endpoint},
                 {"sites", "site ids", apply_site},
                 {"ingest", "ingest adapter names", apply_ingest}};
    for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
        if (strcmp(prefix, named[i].prefix) != 0 || node->type != YAML_MAPPING_NODE)
            continue;
        for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
             p++) {
            const char *name = scalar(yaml_document_get_node(doc, p->key));
            if (!name || !*name || strlen(name) > 64) {
                snprintf(msg, msg_size, "%s: %s are plain names of 1 to 64 characters", path,
                         named[i].what);
                return -1;
            }
            if (named[i].apply(cfg, doc, name, yaml_document_get_node(doc, p->value), path, msg,
                               msg_size) != 0)
                return -1;
        }
        return 0;
    }
    if (strcmp(prefix, "default_site") == 0 && node->type == YAML_SCALAR_NODE) {
        cfg->default_site = (char *)own(cfg, (const char *)node->data.scalar.value);
        return 0;
    }
    if (node->type == YAML_SCALAR_NODE) {
        const struct setting *s = find_setting(prefix);
        char where[512];
        snprintf(where, sizeof(where), "%s:%zu", path, (size_t)node->start_mark.line + 1);
        if (!s) {
            snprintf(msg, msg_size, "%s: unknown setting \"%s\"", where, prefix);
            return -1;
        }
        return set_value(cfg, s, (const char *)node->data.scalar.value, where, msg, msg_size);
    }
    if (node->type != YAML_MAPPING_NODE) {
        snprintf(msg, msg_size, "%s:%zu: \"%s\" must be a mapping or a value", path,
                 (size_t)node->start_mark.line + 1, *prefix ? prefix : "(top level)");
        return -1;
    }
    for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (!k || !v || k->type != YAML_SCALAR_NODE) {
            snprintf(msg, msg_size, "%s: keys must be plain names", path);
            return -1;
        }
        char key[256];
        snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "." : "",
                 (const char *)k->data.scalar.value);
        if (apply_node(cfg, doc, v, key, path, msg, msg_size) != 0)
            return -1;
    }
    return 0;
}

static int load_file(struct seo_config *cfg, const char *path, char *msg, size_t msg_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(msg, msg_size, "%s: cannot open configuration: %s", path, strerror(errno));
        return -1;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    int rc = -1;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(msg, msg_size, "%s:%zu:%zu: invalid YAML: %s", path,
                 (size_t)parser.problem_mark.line + 1, (size_t)parser.problem_mark.column + 1,
                 parser.problem ? parser.problem : "unknown error");
        goto out_parser;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    rc = root ? apply_node(cfg, &doc, root, "", path, msg, msg_size) : 0;
    yaml_document_delete(&doc);
out_parser:
    yaml_parser_delete(&parser);
    fclose(f);
    return rc;
}

int seo_config_load(const char *path, struct seo_config *cfg, char *msg, size_t msg_size)
{
    if (!path)
        path = getenv("SEOPIPE_CONFIG");
    if (path && !*path)
        path = NULL; /* an empty variable is unset */
    if (!path) {
        FILE *probe = fopen("config/seopipe.yaml", "rb");
        if (probe) {
            fclose(probe);
            path = "config/seopipe.yaml";
        }
    }
    if (path && load_file(cfg, path, msg, msg_size) != 0)
        return -1;
    for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
        const char *v = getenv(settings[i].env);
        if (v && *v && set_value(cfg, &settings[i], v, settings[i].env, msg, msg_size) != 0)
            return -1;
    }
    char why[200];
    if (seo_redis_url_parse(cfg->redis.url, &cfg->redis.target, why, sizeof(why)) != 0) {
        snprintf(msg, msg_size, "redis.url (SEOPIPE_REDIS_URL): %s", why);
        return -1;
    }
    if (seo_outbound_policy_parse(cfg->webhooks.outbound_allow, &cfg->webhooks.policy, why,
                                  sizeof(why)) != 0) {
        snprintf(msg, msg_size, "webhooks.outbound_allow (SEOPIPE_OUTBOUND_ALLOW): %s", why);
        return -1;
    }
    if (cfg->security.secret_key && *cfg->security.secret_key &&
        seo_secretbox_key_parse(cfg->security.secret_key, &cfg->security.box, why, sizeof(why)) !=
            0) {
        snprintf(msg, msg_size, "security.secret_key (SEOPIPE_SECRET_KEY) %s", why);
        return -1;
    }
    if (seo_retry_schedule_parse(cfg->webhooks.retry_schedule, &cfg->webhooks.schedule, why,
                                 sizeof(why)) != 0) {
        snprintf(msg, msg_size, "webhooks.retry_schedule (SEOPIPE_RETRY_SCHEDULE): %s", why);
        return -1;
    }
    for (size_t i = 0; i < cfg->webhooks.n_endpoints; i++) {
        struct seo_static_endpoint *e = &cfg->webhooks.endpoints[i];
        char host[256];
        int port;
        unsigned char key[64];
        size_t key_len;
        if (seo_outbound_url_check(e->url, &cfg->webhooks.policy, host, sizeof(host), &port, why,
                                   sizeof(why)) != 0) {
            snprintf(msg, msg_size, "webhooks.endpoints.%s.url: %s", e->name, why);
            return -1;
        }
        if (seo_webhook_secret_decode(e->secret, key, sizeof(key), &key_len) != 0) {
            snprintf(msg, msg_size,
                     "webhooks.endpoints.%s.secret must be whsec_ and the standard base64 of 24 "
                     "to 64 bytes",
                     e->name);
            return -1;
        }
        /* A stable id from the name, in the same alphabet as generated ids. */
        unsigned char digest[32];
        unsigned int n = 0;
        EVP_Digest(e->name, strlen(e->name), digest, &n, EVP_sha256(), NULL);
        static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
        int w = snprintf(e->id, sizeof(e->id), "wh_");
        for (int k = 0; k < 26; k++)
            e->id[w++] = alphabet[digest[k] & 31];
        e->id[w] = '\0';
    }
    /* SEOPIPE_INGEST_<NAME>_TOKEN and _SECRET: an adapter's credentials without a file. */
    for (size_t i = 0; i < cfg->n_ingest; i++) {
        struct seo_cms_adapter *a = &cfg->ingest[i];
        char var[96];
        int w = snprintf(var, sizeof(var), "SEOPIPE_INGEST_");
        for (const char *c = a->name; *c && w < 80; c++)
            var[w++] = *c == '-' ? '_' : (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
        snprintf(var + w, sizeof(var) - (size_t)w, "_TOKEN");
        const char *v = getenv(var);
        if (v && *v)
            a->token = own(cfg, v);
        snprintf(var + w, sizeof(var) - (size_t)w, "_SECRET");
        v = getenv(var);
        if (v && *v)
            a->secret = own(cfg, v);
    }
    const char *site = getenv("SEOPIPE_DEFAULT_SITE");
    if (site && *site)
        cfg->default_site = (char *)own(cfg, site);
    if (cfg->default_site) {
        bool found = false;
        for (size_t i = 0; i < cfg->n_sites && !found; i++)
            found = strcmp(cfg->sites[i].id, cfg->default_site) == 0;
        if (!found) {
            snprintf(msg, msg_size, "default_site \"%.60s\" is not one of the configured sites",
                     cfg->default_site);
            return -1;
        }
    }
    return 0;
}
