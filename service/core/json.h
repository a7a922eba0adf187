#ifndef SEO_JSON_H
#define SEO_JSON_H

#include "error.h"

#include <jansson.h>
#include <stddef.h>

/*
 * Parses `len` bytes of JSON into *out (caller owns the reference) after
 * checking that arrays and objects nest at most `max_depth` deep, so a hostile
 * document cannot exhaust the stack. On failure *out is untouched and `err`
 * names the line and column. `what` names the document in messages ("draft").
 */
enum seo_status seo_json_load(const char *s, size_t len, unsigned max_depth, const char *what,
                              json_t **out, struct seo_error *err);

struct seo_buf;

/*
 * Appends `v` as JSON text: compact when `indent` is 0, else pretty with that
 * many spaces per level. Strings are written as UTF-8 with only ", \ and
 * control characters escaped, in runs rather than byte by byte (several
 * times faster than json_dumps on article-sized text); reals in their
 * shortest form that reads back the same ("53.7", not "53.700000000000003").
 */
void seo_json_write(struct seo_buf *out, const json_t *v, int indent);

/* The string value of obj[key] when it is a non-empty string, else NULL (borrowed). */
const char *seo_json_str(const json_t *obj, const char *key);

/* "an object", "an array", "a string", "a number", "a boolean" or "null": for error messages. */
const char *seo_json_type_name(const json_t *v);

#endif
