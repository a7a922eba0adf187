#ifndef SEO_ERROR_H
#define SEO_ERROR_H

#include <stddef.h>

/* Result of every fallible core function. Values are stable: the shell maps them to exit codes and
 * HTTP statuses. */
enum seo_status {
    SEO_OK = 0,
    SEO_ERR_SYNTAX,   /* malformed input: bad JSON (400) */
    SEO_ERR_TYPE,     /* a field has the wrong type or value (422) */
    SEO_ERR_ENCODING, /* invalid UTF-8 (400) */
    SEO_ERR_LIMIT,    /* a size, count or depth limit was exceeded (413) */
    SEO_ERR_UNUSABLE, /* parses but cannot be used, e.g. no title and no body (422) */
    SEO_ERR_AUTH,     /* the request's own credentials are missing or wrong (401) */
};

/*
 * A user-facing failure: what was wrong and where. `field` is a JSON pointer
 * ("/faq/3/question") or "" when the whole input is at fault; `line` and
 * `column` are 1-based and 0 when unknown; `offset` is a byte offset into the
 * input, or (size_t)-1 when unknown.
 */
struct seo_error {
    enum seo_status status;
    char field[128];
    size_t line;
    size_t column;
    size_t offset;
    char message[320];
};

/* Fills `err` (which may be NULL) and returns `status`. */
enum seo_status seo_error_set(struct seo_error *err, enum seo_status status, const char *field,
                              const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
