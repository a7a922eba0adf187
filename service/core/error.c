#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum seo_status seo_error_set(struct seo_error *err, enum seo_status status, const char *field,
                              const char *fmt, ...)
{
    if (!err)
        return status;
    memset(err, 0, sizeof(*err));
    err->status = status;
    err->offset = (size_t)-1;
    snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    return status;
}
