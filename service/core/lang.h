#ifndef SEO_LANG_H
#define SEO_LANG_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Languages: BCP 47 locale handling, detection from text, stop words and the
 * Snowball stemmer names libstemmer offers. All data is static and read-only.
 */

/*
 * Maps a locale such as "en", "en-US", "pt_BR", "de-DE" (case-insensitive) to
 * its ISO 639-1 language code ("en", "pt", "de"), written to `code` (at least
 * 4 bytes). Returns false for an empty or malformed locale (letters other than
 * 2 or 3 ASCII letters before the first '-' or '_').
 */
bool seo_lang_from_locale(const char *locale, char code[4]);

/*
 * Detects the language of UTF-8 `text` (`len` bytes) by script (Greek,
 * Cyrillic, Arabic, Armenian, Devanagari, Tamil, Hebrew) and, for Latin
 * script, by counting each language's stop words (the languages of
 * seo_lang_stoplist_at). Returns a static ISO 639-1 code, or NULL when no
 * language is clearly ahead: fewer than 3 distinct stop words, a tie, stop
 * words of the best language under 12 % of the words, or under 30 % with
 * more than 1 % of the letters foreign to it (a language without a list,
 * such as Czech, Estonian or Tagalog, that shares some stop words). Reads at
 * most the first 64 KiB.
 */
const char *seo_lang_detect(const char *text, size_t len);

/*
 * The libstemmer algorithm name for an ISO 639-1 code ("en" -> "english",
 * "pt" -> "portuguese", "nb"/"nn"/"no" -> "norwegian"), or NULL when
 * libstemmer has none. Static string.
 */
const char *seo_lang_stemmer(const char *code);

/*
 * True when `word` (UTF-8, `len` bytes, already lower-cased) is a stop word
 * (function word) of language `code`. Unknown languages have none.
 */
bool seo_lang_is_stopword(const char *code, const char *word, size_t len);

/*
 * The index-th stop-word list (NULL past the last): its language code and
 * word count through the out-parameters. The words are sorted (strcmp
 * order) and static; tests use this to check every list.
 */
const char *const *seo_lang_stoplist_at(size_t index, const char **code, size_t *count);

#endif
