/*
 * The worker's package cache (draft_cache.h): a chained hash table of
 * entries on a least-recently-used list. A package is a reference-counted
 * block shared by its entry and by the response buffers sending it, so an
 * entry can be replaced or evicted while a slow client is still reading.
 */
#include "draft_cache.h"

#include <event2/buffer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 4096 /* a power of two */

/* A package and how many hold it (its entry, and response buffers not yet sent). */
struct block {
    size_t refs;
    size_t len;
    char data[];
};

struct entry {
    struct seo_cached_draft pub;
    struct block *block;
    struct entry *chain;         /* next in the bucket */
    struct entry *newer, *older; /* the LRU list */
};

struct seo_draft_cache {
    size_t max_bytes, bytes;
    struct entry *buckets[BUCKETS];
    struct entry *newest, *oldest;
};

static uint32_t hash_id(const char *id)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)id; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h & (BUCKETS - 1);
}

static void block_release(struct block *b)
{
    if (--b->refs == 0)
        free(b);
}

static void unlink_lru(struct seo_draft_cache *c, struct entry *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void push_newest(struct seo_draft_cache *c, struct entry *e)
{
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (!c->oldest)
        c->oldest = e;
}

static struct entry **slot_of(struct seo_draft_cache *c, const char *id)
{
    struct entry **p = &c->buckets[hash_id(id)];
    while (*p && strcmp((*p)->pub.id, id) != 0)
        p = &(*p)->chain;
    return p;
}

static void remove_entry(struct seo_draft_cache *c, struct entry **slot)
{
    struct entry *e = *slot;
    *slot = e->chain;
    unlink_lru(c, e);
    c->bytes -= e->block->len;
    block_release(e->block);
    free((char *)e->pub.id);
    free(e);
}

struct seo_draft_cache *seo_draft_cache_new(size_t max_bytes)
{
    struct seo_draft_cache *c = calloc(1, sizeof(*c));
    if (c)
        c->max_bytes = max_bytes;
    return c;
}

void seo_draft_cache_free(struct seo_draft_cache *c)
{
    if (!c)
        return;
    while (c->oldest)
        seo_draft_cache_drop(c, c->oldest->pub.id);
    free(c);
}

const struct seo_cached_draft *seo_draft_cache_get(struct seo_draft_cache *c, const char *id)
{
    struct entry *e = *slot_of(c, id);
    if (!e)
        return NULL;
    unlink_lru(c, e);
    push_newest(c, e);
    return &e->pub;
}

void seo_draft_cache_drop(struct seo_draft_cache *c, const char *id)
{
    struct entry **slot = slot_of(c, id);
    if (*slot)
        remove_entry(c, slot);
}

void seo_draft_cache_put(struct seo_draft_cache *c, const char *id, const char *content_hash,
                         const char *package, size_t len)
{
    seo_draft_cache_drop(c, id);
    if (len > c->max_bytes / 4) /* one entry never takes over the cache */
        return;
    struct entry *e = calloc(1, sizeof(*e));
    struct block *b = malloc(sizeof(*b) + len);
    char *key = strdup(id);
    if (!e || !b || !key) {
        free(e);
        free(b);
        free(key);
        return; /* a cache may forget */
    }
    b->refs = 1;
    b->len = len;
    memcpy(b->data, package, len);
    e->block = b;
    e->pub.id = key;
    snprintf(e->pub.content_hash, sizeof(e->pub.content_hash), "%s", content_hash);
    e->pub.package = b->data;
    e->pub.len = len;
    struct entry **slot = slot_of(c, id);
    e->chain = *slot;
    *slot = e;
    push_newest(c, e);
    c->bytes += len;
    while (c->bytes > c->max_bytes && c->oldest)
        remove_entry(c, &*slot_of(c, c->oldest->pub.id));
}

static void release_cb(const void *data, size_t len, void *arg)
{
    (void)data, (void)len;
    block_release(arg);
}

int seo_draft_cache_add_to(struct seo_draft_cache *c, const struct seo_cached_draft *pub,
                           struct evbuffer *buf)
{
    (void)c;
    const struct entry *e = (const struct entry *)pub; /* pub is the entry's first member */
    struct block *b = e->block;
    b->refs++;
    if (evbuffer_add_reference(buf, b->data, b->len, release_cb, b) != 0) {
        b->refs--;
        return -1;
    }
    return 0;
}
