/* Tests service/draft_cache.c: the worker's copy of stored packages. */
#include "draft_cache.h"

#include <event2/buffer.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static void put_get_replace_drop(void **state)
{
    (void)state;
    struct seo_draft_cache *c = seo_draft_cache_new(1 << 20);
    assert_null(seo_draft_cache_get(c, "a"));
    seo_draft_cache_put(c, "a", "sha256:aa", "{\"v\":1}", 7);
    const struct seo_cached_draft *e = seo_draft_cache_get(c, "a");
    assert_non_null(e);
    assert_string_equal(e->id, "a");
    assert_string_equal(e->content_hash, "sha256:aa");
    assert_int_equal(e->len, 7);
    assert_memory_equal(e->package, "{\"v\":1}", 7);
    seo_draft_cache_put(c, "a", "sha256:bb", "{\"v\":22}", 8);
    e = seo_draft_cache_get(c, "a");
    assert_string_equal(e->content_hash, "sha256:bb");
    assert_int_equal(e->len, 8);
    seo_draft_cache_drop(c, "a");
    assert_null(seo_draft_cache_get(c, "a"));
    seo_draft_cache_drop(c, "never-there");
    seo_draft_cache_free(c);
}

/* Least recently used out first, by bytes; an entry over a quarter of the cache is not kept. */
static void bounded_by_bytes(void **state)
{
    (void)state;
    char pkg[100];
    memset(pkg, 'x', sizeof(pkg));
    struct seo_draft_cache *c = seo_draft_cache_new(400);
    seo_draft_cache_put(c, "1", "h1", pkg, 100);
    seo_draft_cache_put(c, "2", "h2", pkg, 100);
    seo_draft_cache_put(c, "3", "h3", pkg, 100);
    seo_draft_cache_put(c, "4", "h4", pkg, 100);
    assert_non_null(seo_draft_cache_get(c, "1")); /* now the most recent */
    seo_draft_cache_put(c, "5", "h5", pkg, 100);  /* 500 > 400: the oldest, "2", goes */
    assert_null(seo_draft_cache_get(c, "2"));
    assert_non_null(seo_draft_cache_get(c, "1"));
    assert_non_null(seo_draft_cache_get(c, "5"));
    char big[101];
    memset(big, 'y', sizeof(big));
    seo_draft_cache_put(c, "big", "hb", big, sizeof(big));
    assert_null(seo_draft_cache_get(c, "big"));
    seo_draft_cache_free(c);
    /* Size 0 keeps nothing. */
    c = seo_draft_cache_new(0);
    seo_draft_cache_put(c, "a", "h", "{}", 2);
    assert_null(seo_draft_cache_get(c, "a"));
    seo_draft_cache_free(c);
}

/* Many ids in the same table: every one is found (chains), and dropping keeps the others. */
static void many_ids(void **state)
{
    (void)state;
    struct seo_draft_cache *c = seo_draft_cache_new(64 << 20);
    char id[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(id, sizeof(id), "draft-%d", i);
        seo_draft_cache_put(c, id, id, id, strlen(id));
    }
    for (int i = 0; i < 20000; i += 2) {
        snprintf(id, sizeof(id), "draft-%d", i);
        seo_draft_cache_drop(c, id);
    }
    for (int i = 0; i < 20000; i++) {
        snprintf(id, sizeof(id), "draft-%d", i);
        const struct seo_cached_draft *e = seo_draft_cache_get(c, id);
        if (i % 2)
            assert_true(e && strcmp(e->content_hash, id) == 0);
        else
            assert_null(e);
    }
    seo_draft_cache_free(c);
}

/* A response buffer keeps the bytes it references after the entry is replaced and the cache freed.
 */
static void buffers_outlive_entries(void **state)
{
    (void)state;
    struct seo_draft_cache *c = seo_draft_cache_new(1 << 20);
    seo_draft_cache_put(c, "a", "h1", "first package", 13);
    struct evbuffer *buf = evbuffer_new();
    assert_int_equal(seo_draft_cache_add_to(c, seo_draft_cache_get(c, "a"), buf), 0);
    seo_draft_cache_put(c, "a", "h2", "second", 6);
    seo_draft_cache_free(c);
    assert_int_equal(evbuffer_get_length(buf), 13);
    assert_memory_equal(evbuffer_pullup(buf, -1), "first package", 13);
    evbuffer_free(buf); /* the last reference: LeakSanitizer checks the block is freed */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(put_get_replace_drop),
        cmocka_unit_test(bounded_by_bytes),
        cmocka_unit_test(many_ids),
        cmocka_unit_test(buffers_outlive_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
