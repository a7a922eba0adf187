#ifndef SEOPIPE_DRAFT_CACHE_H
#define SEOPIPE_DRAFT_CACHE_H

/*
 * A worker's copy of recently read stored packages, so a GET of a draft
 * that has not changed costs Redis a few bytes (its content hash) instead of
 * the whole package. Redis stays the truth: an entry is served only when the
 * content hash Redis holds for the draft is the entry's. Bounded in bytes,
 * least recently used out first. One worker's, not thread-safe.
 */

#include <stddef.h>

struct evbuffer;
struct seo_draft_cache;

struct seo_cached_draft {
    const char *id;
    char content_hash[72]; /* "sha256:…" */
    const char *package;
    size_t len;
};

/* A cache of at most `max_bytes` of packages; 0 makes one that keeps nothing. NULL when out of
 * memory. */
struct seo_draft_cache *seo_draft_cache_new(size_t max_bytes);
/* Frees the cache; packages still referenced by buffers are freed when those let go. Accepts NULL.
 */
void seo_draft_cache_free(struct seo_draft_cache *c);

/* The entry for `id`, or NULL; borrowed until the next put or drop on this cache. */
const struct seo_cached_draft *seo_draft_cache_get(struct seo_draft_cache *c, const char *id);

/* Keeps a copy of `package` for `id` under `content_hash`, replacing any entry for `id`. */
void seo_draft_cache_put(struct seo_draft_cache *c, const char *id, const char *content_hash,
                         const char *package, size_t len);

/* Forgets `id`. */
void seo_draft_cache_drop(struct seo_draft_cache *c, const char *id);

/*
 * Appends the entry's package to `buf` without copying it: the bytes stay
 * alive, even if the entry is replaced or evicted, until `buf` lets go of
 * them. Returns 0, or -1 when the buffer refused.
 */
int seo_draft_cache_add_to(struct seo_draft_cache *c, const struct seo_cached_draft *e,
                           struct evbuffer *buf);

#endif
