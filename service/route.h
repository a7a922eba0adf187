#ifndef SEOPIPE_ROUTE_H
#define SEOPIPE_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Path templates of the HTTP routes (http.c): "/v1/drafts/{id}/publish".
 * Pure: no allocation, no I/O; its own module so the fuzzer reaches it
 * (fuzz/query.c).
 */

/*
 * Whether `path` fits `template`, segment by segment. A "{...}" segment
 * matches one non-empty segment (no '/'), which is copied to `param`
 * (`param_cap` bytes, NUL-terminated; "" when it does not fit, or when
 * nothing matched a "{...}"); with several, param holds the last. A '{'
 * without its '}' never matches. `template` and `path` are borrowed.
 */
bool seo_route_match(const char *template, const char *path, char *param, size_t param_cap);

#endif
