#include "route.h"

#include <string.h>

bool seo_route_match(const char *template, const char *path, char *param, size_t param_cap)
{
    if (param_cap)
        param[0] = '\0';
    while (*template && *path) {
        if (*template == '{') {
            const char *close = strchr(template, '}');
            size_t n = strcspn(path, "/");
            if (!close || n == 0)
                return false;
            if (n < param_cap) {
                memcpy(param, path, n);
                param[n] = '\0';
            } else if (param_cap) {
                param[0] = '\0';
            }
            path += n;
            template = close + 1;
            continue;
        }
        if (*template ++ != *path++)
            return false;
    }
    return *template == '\0' && *path == '\0';
}
