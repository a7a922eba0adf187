#ifndef SEO_MEM_H
#define SEO_MEM_H

#include <stddef.h>

/*
 * Allocation that aborts on out-of-memory, so callers never test for NULL
 * (the Redis convention). Every pointer returned is freed with free().
 */
void *seo_xmalloc(size_t size);
void *seo_xcalloc(size_t count, size_t size);
void *seo_xrealloc(void *ptr, size_t size);
/* Grows an array of `elem` sized items so it holds at least `need`; *cap is updated. */
void *seo_xgrow(void *ptr, size_t *cap, size_t need, size_t elem);
char *seo_xstrdup(const char *s);
char *seo_xstrndup(const char *s, size_t n);

#endif
