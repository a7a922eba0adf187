#include "buf.h"

#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(struct seo_buf *b, size_t extra)
{
    b->data = seo_xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void seo_buf_append(struct seo_buf *b, const char *s, size_t n)
{
    reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
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
        reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
}

void seo_buf_html_escape(struct seo_buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        default:
            continue;
        }
        seo_buf_append(b, s + start, i - start);
        seo_buf_puts(b, rep);
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
