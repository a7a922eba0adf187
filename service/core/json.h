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

/* The string value of obj[key] when it is a non-empty string, else NULL (borrowed). */
const char *seo_json_str(const json_t *obj, const char *key);

#endif
