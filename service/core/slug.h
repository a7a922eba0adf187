#ifndef SEO_SLUG_H
#define SEO_SLUG_H

#include <stddef.h>

#define SEO_SLUG_MAX 75 /* characters */

/*
 * A URL slug: lower-case ASCII (accents removed, ß → ss, Cyrillic and Greek
 * transliterated), words joined by hyphens, stop words of `lang` dropped, at
 * most `max` characters cut at a hyphen. When the text lacks the keyword's
 * words, the keyword leads. Caller frees; NULL when nothing usable remains.
 */
char *seo_slug(const char *text, const char *keyword, const char *lang, size_t max);

/* The last path segment of a URL ("https://x.org/guides/snake-plant/" -> "snake-plant"), or NULL.
 */
char *seo_slug_from_url(const char *url);

/*
 * Why `slug` breaks the slug rules, as a phrase ("is 92 characters, over 75"),
 * or NULL when it is lower-case ASCII letters and digits joined by single
 * hyphens and at most `max` characters. `out` receives the phrase.
 */
const char *seo_slug_problem(const char *slug, size_t max, char *out, size_t out_size);

#endif
