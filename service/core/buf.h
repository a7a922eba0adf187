#ifndef SEO_BUF_H
#define SEO_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

/*
 * A growable byte buffer that is always NUL-terminated. Allocation aborts on
 * out-of-memory. Zero-initialise (`struct seo_buf b = {0};`) before use.
 */
struct seo_buf {
    char *data;
    size_t len;
    size_t cap;
};

/* Makes room for `extra` more bytes (and the NUL) at once, so a known size costs one allocation. */
void seo_buf_reserve(struct seo_buf *b, size_t extra);
/* Appends n bytes; inline because every text stage calls it per word or run. */
static inline void seo_buf_append(struct seo_buf *b, const char *s, size_t n)
{
    if (b->len + n >= b->cap)
        seo_buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}
void seo_buf_puts(struct seo_buf *b, const char *s);
/* Appends one byte; inline because every text stage calls it per character. */
static inline void seo_buf_putc(struct seo_buf *b, char c)
{
    if (b->len + 1 < b->cap) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return;
    }
    seo_buf_append(b, &c, 1);
}
void seo_buf_printf(struct seo_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends `s` with &, <, > and " replaced by HTML character references. */
void seo_buf_html_escape(struct seo_buf *b, const char *s, size_t n);
/* Returns the contents ("" when empty) and leaves `b` empty; caller frees. */
char *seo_buf_take(struct seo_buf *b);
void seo_buf_reset(struct seo_buf *b);
void seo_buf_free(struct seo_buf *b);
/* Removes trailing ASCII white space. */
void seo_buf_rtrim(struct seo_buf *b);

#endif
