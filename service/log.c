#include "log.h"

#include "buf.h"
#include "json.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

void seo_log(const char *level, const char *msg, ...)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm tm;
    gmtime_r(&now.tv_sec, &tm);
    char ts[96];
    snprintf(ts, sizeof(ts), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             (int)(now.tv_nsec / 1000000) % 1000);
    json_t *line = json_pack("{ssssss}", "ts", ts, "level", level, "msg", msg);
    va_list ap;
    va_start(ap, msg);
    for (const char *key = va_arg(ap, const char *); key; key = va_arg(ap, const char *)) {
        const char *value = va_arg(ap, const char *);
        if (!value)
            continue;
        json_t *v = json_string(value);
        json_object_set_new(line, key, v ? v : json_string("(not UTF-8)"));
    }
    va_end(ap);
    struct seo_buf out = {0};
    seo_json_write(&out, line, 0);
    seo_buf_putc(&out, '\n');
    json_decref(line);
    /* One write(2) per line, so lines from several workers never interleave. */
    ssize_t ignored = write(STDERR_FILENO, out.data, out.len);
    (void)ignored;
    seo_buf_free(&out);
}
