#include "buf.h"

#include "mem.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void seo_buf_reserve(struct seo_buf *b, size_t extra)
{
    b->data = seo_xgrow(b->data, &b->cap, b->len + extra + 1, 1);
    b->data[b->len] = '\0'; /* a buffer that was empty is now a string too */
}

void seo_buf_puts(struct seo_buf *b, const char *s)
{
    seo_buf_append(b, s, strlen(s));
}

void seo_buf_printf(struct seo_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n > 0) {
        seo_buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
}

void seo_buf_html_escape(struct seo_buf *b, const char *s, size_t n)
{
    /* A table, not comparisons: text passes without a mispredicted branch per word. */
    static const bool special[256] = {['&'] = true, ['<'] = true, ['>'] = true, ['"'] = true};
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!special[c])
            continue;
        seo_buf_append(b, s + start, i - start);
        seo_buf_puts(b, c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : "&quot;");
        start = i + 1;
    }
    seo_buf_append(b, s + start, n - start);
}

char *seo_buf_take(struct seo_buf *b)
{
    char *s = b->data ? b->data : seo_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void seo_buf_reset(struct seo_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void seo_buf_free(struct seo_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void seo_buf_rtrim(struct seo_buf *b)
{
    while (b->len && b->data[b->len - 1] != '\0' && strchr(" \t\r\n\f\v", b->data[b->len - 1]))
        b->data[--b->len] = '\0';
}
