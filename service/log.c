#include "log.h"

#include "buf.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * Written by hand rather than through jansson: every request logs a line, and
 * building and freeing a JSON object per line cost more than the request.
 */

/* A JSON string: quotes, backslashes and control characters escaped; text that is not UTF-8
   is replaced whole, so every line stays valid JSON. */
static void put_string(struct seo_buf *b, const char *s)
{
    size_t n = strlen(s);
    if (!seo_utf8_valid(s, n, NULL)) {
        s = "(not UTF-8)";
        n = strlen(s);
    }
    seo_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            seo_buf_putc(b, '\\');
            seo_buf_putc(b, (char)c);
        } else if (c < 0x20 || c == 0x7f) {
            seo_buf_printf(b, "\\u%04x", c);
        } else {
            seo_buf_putc(b, (char)c);
        }
    }
    seo_buf_putc(b, '"');
}

/* "2026-11-22T02:09:33.123Z"; the part up to the seconds is formatted once a second per thread. */
static void put_time(struct seo_buf *b)
{
    static _Thread_local time_t cached_second = -1;
    static _Thread_local char cached[80];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (now.tv_sec != cached_second) {
        struct tm tm;
        gmtime_r(&now.tv_sec, &tm);
        snprintf(cached, sizeof(cached), "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached_second = now.tv_sec;
    }
    int ms = (int)(now.tv_nsec / 1000000);
    char frac[6] = {
        '.', (char)('0' + ms / 100), (char)('0' + ms / 10 % 10), (char)('0' + ms % 10), 'Z', '\0'};
    seo_buf_putc(b, '"');
    seo_buf_puts(b, cached);
    seo_buf_puts(b, frac);
    seo_buf_putc(b, '"');
}

void seo_log(const char *level, const char *msg, ...)
{
    struct seo_buf out = {0};
    seo_buf_puts(&out, "{\"ts\":");
    put_time(&out);
    seo_buf_puts(&out, ",\"level\":");
    put_string(&out, level);
    seo_buf_puts(&out, ",\"msg\":");
    put_string(&out, msg);
    va_list ap;
    va_start(ap, msg);
    for (const char *key = va_arg(ap, const char *); key; key = va_arg(ap, const char *)) {
        const char *value = va_arg(ap, const char *);
        if (!value)
            continue;
        seo_buf_putc(&out, ',');
        put_string(&out, key);
        seo_buf_putc(&out, ':');
        put_string(&out, value);
    }
    va_end(ap);
    seo_buf_puts(&out, "}\n");
    /* One write(2) per line, so lines from several workers never interleave. */
    ssize_t ignored = write(STDERR_FILENO, out.data, out.len);
    (void)ignored;
    seo_buf_free(&out);
}
