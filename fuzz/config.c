/*
 * Fuzz target for the configuration loader (service/config.c,
 * seo_config_load): arbitrary bytes as the YAML file, read through a memfd
 * so the loader opens a path as it does in production. Every SEOPIPE_*
 * variable is unset first, so only the file counts.
 *
 * Invariants (abort() when broken): the loader returns 0 or -1; -1 comes
 * with a non-empty message NUL-terminated within its buffer; 0 leaves every
 * number within the bounds config/seopipe.yaml documents, the counts within
 * their arrays, the strings it needs set and a default site that is one of
 * the sites.
 */
#define _GNU_SOURCE /* memfd_create */
#include "driver.h"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern char **environ;

static void violated(const char *what)
{
    fprintf(stderr, "fuzz_config: invariant violated: %s\n", what);
    abort();
}

/* Removes every SEOPIPE_* variable (once: the fuzzer sets none). */
static void clear_environment(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    for (;;) {
        char name[256] = "";
        for (char **e = environ; e && *e && !name[0]; e++)
            if (strncmp(*e, "SEOPIPE_", 8) == 0)
                snprintf(name, sizeof(name), "%.*s", (int)strcspn(*e, "="), *e);
        if (!name[0])
            break;
        unsetenv(name);
    }
}

static void within(unsigned long long v, unsigned long long min, unsigned long long max,
                   const char *what)
{
    if (v < min || v > max)
        violated(what);
}

/* The documented bounds of every number (config/seopipe.yaml, service/config.c). */
static void check_loaded(const struct seo_config *c)
{
    within(c->server.threads, 0, 256, "server.threads");
    within(c->server.max_inflight, 1, 100000, "server.max_inflight");
    within(c->server.timeout_seconds, 1, 3600, "server.timeout_seconds");
    within(c->server.draft_cache_bytes, 0, 16ull << 30, "server.draft_cache_bytes");
    within(c->redis.timeout_ms, 10, 60000, "redis.timeout_ms");
    within(c->redis.cache_ttl_seconds, 1, 31536000, "redis.cache_ttl_seconds");
    within(c->webhooks.connect_timeout_ms, 100, 60000, "webhooks.connect_timeout_ms");
    within(c->webhooks.timeout_ms, 500, 300000, "webhooks.timeout_ms");
    within(c->webhooks.max_transfers, 1, 4096, "webhooks.max_transfers");
    within(c->webhooks.rotation_grace_seconds, 0, 30 * 86400, "webhooks.rotation_grace_seconds");
    within(c->webhooks.overload_delay_seconds, 0, 86400, "webhooks.overload_delay_seconds");
    within(c->webhooks.disable_after_seconds, 0, 365 * 86400, "webhooks.disable_after_seconds");
    within(c->webhooks.retention_seconds, 1, 3650ull * 86400, "webhooks.retention_seconds");
    within(c->sources.connect_timeout_ms, 100, 60000, "faq_sources.connect_timeout_ms");
    within(c->sources.timeout_ms, 200, 120000, "faq_sources.timeout_ms");
    within(c->sources.deadline_ms, 200, 120000, "faq_sources.deadline_ms");
    within(c->sources.max_bytes, 1024, 64ull << 20, "faq_sources.max_bytes");
    within(c->sources.cache_ttl_seconds, 0, 31536000, "faq_sources.cache_ttl_seconds");
    within(c->sources.max_transfers, 1, 4096, "faq_sources.max_transfers");
    within(c->limits.max_body_bytes, 1024, 64ull << 20, "limits.max_body_bytes");
    within(c->limits.max_faq_entries, 1, 10000, "limits.max_faq_entries");
    within(c->limits.max_paragraphs, 1, 1000000, "limits.max_paragraphs");
    within(c->limits.max_depth, 4, 512, "limits.max_depth");
    within(c->n_sites, 0, SEO_MAX_SITES, "more sites than the array holds");
    within(c->webhooks.n_endpoints, 0, SEO_MAX_STATIC_ENDPOINTS, "more endpoints than it holds");
    within(c->n_ingest, 0, SEO_MAX_INGEST, "more ingest adapters than the array holds");
    if (!c->server.listen || !*c->server.listen || strlen(c->server.listen) > 300)
        violated("server.listen is not 1 to 300 characters");
    if (!c->redis.url || !*c->redis.url || strlen(c->redis.url) > 1000)
        violated("redis.url is not 1 to 1000 characters");
    if (!c->webhooks.retry_schedule || !*c->webhooks.retry_schedule)
        violated("webhooks.retry_schedule is empty");
    for (size_t i = 0; i < c->webhooks.n_endpoints; i++) {
        const struct seo_static_endpoint *e = &c->webhooks.endpoints[i];
        if (!e->name || !e->url || !e->secret || !memchr(e->events, '\0', sizeof(e->events)) ||
            strncmp(e->id, "wh_", 3) != 0 || strlen(e->id) != 29)
            violated("a configured endpoint lacks its name, url, secret, events or id");
    }
    for (size_t i = 0; i < c->n_sites; i++)
        if (!c->sites[i].id || !*c->sites[i].id)
            violated("a site without an id");
    if (c->default_site) {
        size_t i = 0;
        while (i < c->n_sites && strcmp(c->sites[i].id, c->default_site) != 0)
            i++;
        if (i == c->n_sites)
            violated("default_site is not one of the sites");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    clear_environment();
    int fd = memfd_create("fuzz-config", MFD_CLOEXEC);
    if (fd < 0)
        abort();
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0)
            abort();
        done += (size_t)n;
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    struct seo_config cfg;
    char msg[512];
    memset(msg, 'x', sizeof(msg));
    seo_config_defaults(&cfg);
    int rc = seo_config_load(path, &cfg, msg, sizeof(msg));
    if (rc == 0)
        check_loaded(&cfg);
    else if (rc != -1)
        violated("seo_config_load returned neither 0 nor -1");
    else if (!memchr(msg, '\0', sizeof(msg)) || !msg[0])
        violated("a refusal without a NUL-terminated, non-empty message");
    seo_config_free(&cfg);
    close(fd);
    return 0;
}
