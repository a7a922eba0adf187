#ifndef SEO_UTF8_H
#define SEO_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct seo_buf;

/*
 * UTF-8 helpers on top of utf8proc: validation with a byte offset, NFC
 * normalisation, and the character classes the text stages need.
 */

/* True when `s` is valid UTF-8 without NUL bytes; otherwise *bad_offset is the first bad byte. */
bool seo_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/*
 * Appends `s` (len bytes, borrowed) to `out` with every invalid sequence and NUL byte replaced
 * by U+FFFD, one per bad byte: for text from outside that must not be refused (web pages) or
 * from libraries that can emit bad bytes (gumbo, for character references past U+10FFFF).
 */
void seo_utf8_repair(struct seo_buf *out, const char *s, size_t len);

/*
 * Returns `s` in Normalisation Form C as a new NUL-terminated string (caller
 * frees) and its length in *out_len. `s` must be valid UTF-8.
 */
char *seo_utf8_nfc(const char *s, size_t len, size_t *out_len);

/* seo_utf8_next() for a sequence that starts with a byte over 0x7F. */
int32_t seo_utf8_next_multibyte(const char *s, size_t len, size_t *i);

/*
 * Decodes the code point at s[*i] and advances *i past it. Invalid bytes
 * decode as U+FFFD and advance by one, so callers never loop forever.
 * Inline for ASCII: the text stages call it for every character.
 */
static inline int32_t seo_utf8_next(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    return seo_utf8_next_multibyte(s, len, i);
}

/* seo_utf8_is_wordchar() for code points over 0x7F. */
bool seo_utf8_is_wordchar_beyond_ascii(int32_t cp);
/* Letter, digit or mark (the parts of a word). Inline like seo_utf8_next(). */
static inline bool seo_utf8_is_wordchar(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    return seo_utf8_is_wordchar_beyond_ascii(cp);
}
/* seo_utf8_is_space() for code points over 0x7F. */
bool seo_utf8_is_space_beyond_ascii(int32_t cp);
/* Unicode white space, including NBSP and the zero-width space. Inline like seo_utf8_next(). */
static inline bool seo_utf8_is_space(int32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return seo_utf8_is_space_beyond_ascii(cp);
}

/*
 * Appends the case-folded, accent-preserving comparison key of `s` to `out`:
 * lower case, words separated by one space, punctuation dropped. Two texts
 * that differ only in case, spacing and punctuation get the same key.
 */
void seo_utf8_fold(struct seo_buf *out, const char *s, size_t len);

/*
 * How s[0..n) ends, once trailing spaces, closing quotes (" ' ” ’) and
 * brackets are skipped: '.', '!', '?', ':' or ';' for those marks, '~' for an
 * ellipsis (…), 0 for anything else. Sentence and clause ends read this.
 */
char seo_utf8_final_mark(const char *s, size_t n);

/* Counts the words in `s`: runs of word characters, with internal ' ’ - joining. */
size_t seo_utf8_word_count(const char *s, size_t len);

#endif
