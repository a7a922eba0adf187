#ifndef SEOPIPE_CONFIG_H
#define SEOPIPE_CONFIG_H

#include "cms.h"
#include "outbound.h"
#include "redis.h"
#include "retry.h"
#include "secretbox.h"
#include "seopipe.h"

#include <stddef.h>

/*
 * Service configuration: config/seopipe.yaml, overridden by SEOPIPE_*
 * environment variables. Unknown settings and bad values are errors that
 * name the setting.
 */
#define SEO_MAX_SITES 64

/* The HTTP server (`seopipe serve`). */
struct seo_server_settings {
    const char *listen;       /* "host:port", "[::1]:port" */
    const char *api_keys;     /* comma-separated; NULL or "" = no authentication */
    unsigned threads;         /* workers; 0 = one per core */
    size_t max_inflight;      /* requests per worker before 503 */
    unsigned timeout_seconds; /* read and write timeout per connection */
    size_t draft_cache_bytes; /* per worker: packages of stored drafts kept in memory */
};

/* Redis: the package cache and the drafts. */
struct seo_redis_settings {
    const char *url;                /* redis://host:port/db or unix:///path */
    struct seo_redis_target target; /* the url, parsed when the configuration is loaded */
    unsigned timeout_ms;            /* deadline of every command and of connecting */
    unsigned cache_ttl_seconds;     /* lifetime of a cached package */
};

#define SEO_MAX_STATIC_ENDPOINTS 32

/* An endpoint from the configuration (`webhooks.endpoints.<name>`), upserted into Redis at start.
 */
struct seo_static_endpoint {
    const char *name, *url, *secret, *description; /* owned by the configuration */
    char events[128];                              /* "*" or "a,b" */
    char id[40];                                   /* wh_ + 26 characters derived from the name */
};

/* Webhook delivery (`webhooks:`). */
struct seo_webhook_settings {
    struct seo_static_endpoint endpoints[SEO_MAX_STATIC_ENDPOINTS];
    size_t n_endpoints;
    const char *outbound_allow;         /* CIDRs webhooks may reach although private */
    struct seo_outbound_policy policy;  /* outbound_allow, parsed at load */
    const char *retry_schedule;         /* "0,5s,5m,…" */
    struct seo_retry_schedule schedule; /* retry_schedule, parsed at load */
    unsigned connect_timeout_ms;        /* per attempt */
    unsigned timeout_ms;                /* per attempt, connect included */
    unsigned max_transfers;             /* per worker, deliveries in flight */
    unsigned rotation_grace_seconds;    /* the old secret signs beside the new one this long */
    unsigned
        overload_delay_seconds; /* after a timeout or 429 the next attempt waits at least this */
    unsigned disable_after_seconds; /* an endpoint failing this long without a 2xx is disabled; 0
                                       never */
    unsigned retention_seconds;     /* finished deliveries and their events are kept this long */
};

/* Pulling FAQ sources (`faq_sources:`): a draft's faq_sources and its site's. */
struct seo_source_settings {
    unsigned connect_timeout_ms; /* per source */
    unsigned timeout_ms;         /* per source, connect included */
    unsigned deadline_ms;        /* all sources of one request */
    size_t max_bytes;            /* per source body, enforced while reading */
    unsigned cache_ttl_seconds;  /* pulled entries are used this long without asking again */
    unsigned max_transfers;      /* per worker; sources past it fail as "busy" */
};

/* Secrets at rest (`security:`). */
struct seo_security_settings {
    const char *secret_key;   /* base64 of 32 bytes or 64 hex digits; NULL or "": none */
    struct seo_secretbox box; /* secret_key, parsed at load; not enabled without one */
};

#define SEO_MAX_INGEST 16

struct seo_config {
    struct seo_limits limits;
    /* CMS adapters of POST /v1/ingest/{name} (`ingest:`): wordpress, strapi, contentful,
       generic, ghost, sanity, directus and payload by default, more or changed by configuration;
       strings owned by the configuration. */
    struct seo_cms_adapter ingest[SEO_MAX_INGEST];
    size_t n_ingest;
    struct seo_source_settings sources;
    struct seo_server_settings server;
    struct seo_redis_settings redis;
    struct seo_webhook_settings webhooks;
    struct seo_security_settings security;
    struct seo_site sites[SEO_MAX_SITES]; /* `sites:`, in file order; strings owned by the config */
    size_t n_sites;
    char *default_site; /* `default_site:`; NULL: the first site */
    char **owned;       /* every string the sites point to */
    size_t n_owned, cap_owned;
};

/* Defaults for every setting. */
void seo_config_defaults(struct seo_config *cfg);
/* Frees what loading allocated. */
void seo_config_free(struct seo_config *cfg);

/*
 * Loads `path` (NULL: $SEOPIPE_CONFIG, else config/seopipe.yaml when it
 * exists, else nothing) over the defaults, then applies the environment.
 * Returns 0, or -1 with a one-line message in `msg`.
 */
int seo_config_load(const char *path, struct seo_config *cfg, char *msg, size_t msg_size);

#endif
