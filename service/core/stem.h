#ifndef SEO_STEM_H
#define SEO_STEM_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Words and their stems, the unit every keyword and analysis check counts in.
 * A word is a run of letters, digits and marks, with internal apostrophes
 * (' ’) and hyphens joining; it is lower-cased (Unicode) as it is read.
 */

struct seo_word_iter {
    const char *s;
    size_t len;
    size_t pos;
    size_t start, end;   /* byte span of the current word in s */
    struct seo_buf word; /* the current word, lower-cased, ’ folded to ' */
};

/* Starts iterating the words of s (borrowed; must outlive the iterator). */
void seo_words_begin(struct seo_word_iter *it, const char *s, size_t len);
/* Moves to the next word; false at the end. */
bool seo_words_next(struct seo_word_iter *it);
void seo_words_end(struct seo_word_iter *it);

/* A Snowball stemmer for one language; languages without one stem to the word itself. */
struct seo_stemmer;

/*
 * Stemmers kept between drafts: a worker that generates many packages keeps
 * one cache and passes it in seo_options, so each distinct word is stemmed
 * once per worker rather than once per draft. Results do not depend on it.
 * Not thread-safe: one cache per thread.
 */
struct seo_stem_cache;

struct seo_stem_cache *seo_stem_cache_new(void);
void seo_stem_cache_free(struct seo_stem_cache *c);
/* The cached stemmer for `lang` (borrowed; owned by the cache), created on first use. */
struct seo_stemmer *seo_stem_cache_get(struct seo_stem_cache *c, const char *lang);

/* Creates the stemmer for ISO 639-1 `lang` (caller frees with seo_stemmer_free). */
struct seo_stemmer *seo_stemmer_new(const char *lang);
void seo_stemmer_free(struct seo_stemmer *st);
/*
 * Appends the stem of the lower-cased `word` to `out`. Possessive 's is
 * dropped first so "person's" and "person" meet.
 */
void seo_stem(struct seo_stemmer *st, const char *word, size_t len, struct seo_buf *out);

/*
 * The stem of the lower-cased `word` (borrowed: valid until the next call on
 * `st`) and its length, and in *stop whether the word is a stop word of the
 * stemmer's language. Both are memoised per distinct word.
 */
const char *seo_stem_lookup(struct seo_stemmer *st, const char *word, size_t len, size_t *stem_len,
                            bool *stop);

#endif
