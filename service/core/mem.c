#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t size)
{
    fprintf(stderr, "seopipe: out of memory allocating %zu bytes\n", size);
    abort();
}

void *seo_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom(size);
    return p;
}

void *seo_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom(count * size);
    return p;
}

void *seo_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        oom(size);
    return p;
}

void *seo_xgrow(void *ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return ptr;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    if (n > (size_t)-1 / elem)
        oom((size_t)-1);
    *cap = n;
    return seo_xrealloc(ptr, n * elem);
}

char *seo_xstrndup(const char *s, size_t n)
{
    char *p = seo_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *seo_xstrdup(const char *s)
{
    return seo_xstrndup(s, strlen(s));
}
