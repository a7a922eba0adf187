#include "stem.h"

#include "lang.h"
#include "mem.h"
#include "utf8.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
 * Stemming is the costliest step per word, and an article uses a few hundred
 * distinct words many times over, so stems are memoised: an open-addressing
 * table from the word to its stem, both kept in one buffer.
 */
struct memo {
    uint64_t hash; /* 0: empty slot */
    uint32_t word_off, word_len, stem_off, stem_len;
    bool stop;
};

struct seo_stemmer {
    char lang[4];
    struct sb_stemmer *sb; /* NULL: no stemmer for the language */
    struct memo *table;
    size_t size, used;
    struct seo_buf strings;
};

static uint64_t word_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h | 1;
}

static void memo_grow(struct seo_stemmer *st)
{
    size_t size = st->size ? st->size * 2 : 1024;
    struct memo *table = seo_xcalloc(size, sizeof(*table));
    for (size_t i = 0; i < st->size; i++) {
        if (!st->table[i].hash)
            continue;
        size_t j = st->table[i].hash & (size - 1);
        while (table[j].hash)
            j = (j + 1) & (size - 1);
        table[j] = st->table[i];
    }
    free(st->table);
    st->table = table;
    st->size = size;
}

void seo_words_begin(struct seo_word_iter *it, const char *s, size_t len)
{
    memset(it, 0, sizeof(*it));
    it->s = s;
    it->len = len;
}

static bool joiner(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static void append_lower(struct seo_buf *b, int32_t cp)
{
    if (cp < 0x80) {
        seo_buf_putc(b, (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
        return;
    }
    if (cp == 0x2019)
        cp = '\'';
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(cp), enc);
    seo_buf_append(b, (const char *)enc, (size_t)n);
}

static bool ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool seo_words_next(struct seo_word_iter *it)
{
    seo_buf_reset(&it->word);
    size_t i = it->pos;
    /* Skip to the first word character (ASCII punctuation and spaces without decoding). */
    while (i < it->len) {
        unsigned char c = (unsigned char)it->s[i];
        if (c < 0x80) {
            if (ascii_alnum(c))
                break;
            i++;
            continue;
        }
        size_t at = i;
        if (seo_utf8_is_wordchar(seo_utf8_next(it->s, it->len, &i))) {
            i = at;
            break;
        }
    }
    if (i >= it->len) {
        it->pos = it->len;
        return false;
    }
    it->start = i;
    while (i < it->len) {
        /* Fast path: a run of ASCII letters and digits is lower-cased and copied at once. */
        size_t run = i;
        while (i < it->len && ascii_alnum((unsigned char)it->s[i]))
            i++;
        if (i > run) {
            size_t at = it->word.len;
            seo_buf_append(&it->word, it->s + run, i - run);
            for (char *p = it->word.data + at; p < it->word.data + it->word.len; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p += 32;
            if (i >= it->len)
                break;
        }
        size_t at = i;
        int32_t cp = seo_utf8_next(it->s, it->len, &i);
        if (seo_utf8_is_wordchar(cp)) {
            append_lower(&it->word, cp);
            continue;
        }
        size_t peek = i;
        if (joiner(cp) && i < it->len &&
            seo_utf8_is_wordchar(seo_utf8_next(it->s, it->len, &peek))) {
            append_lower(&it->word, cp);
            continue;
        }
        i = at;
        break;
    }
    it->end = i;
    it->pos = i;
    return true;
}

void seo_words_end(struct seo_word_iter *it)
{
    seo_buf_free(&it->word);
}

struct seo_stemmer *seo_stemmer_new(const char *lang)
{
    struct seo_stemmer *st = seo_xcalloc(1, sizeof(*st));
    snprintf(st->lang, sizeof(st->lang), "%s", lang ? lang : "");
    const char *algorithm = seo_lang_stemmer(lang);
    if (algorithm)
        st->sb = sb_stemmer_new(algorithm, "UTF_8");
    return st;
}

void seo_stemmer_free(struct seo_stemmer *st)
{
    if (!st)
        return;
    if (st->sb)
        sb_stemmer_delete(st->sb);
    free(st->table);
    seo_buf_free(&st->strings);
    free(st);
}

const char *seo_stem_lookup(struct seo_stemmer *st, const char *word, size_t len, size_t *stem_len,
                            bool *stop)
{
    if (len > 2 && word[len - 2] == '\'' && word[len - 1] == 's')
        len -= 2;
    if (len > 64) { /* not a word worth remembering */
        *stop = false;
        const sb_symbol *stem =
            st->sb ? sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len) : NULL;
        *stem_len = stem ? (size_t)sb_stemmer_length(st->sb) : len;
        return stem ? (const char *)stem : word;
    }
    if (st->used * 2 >= st->size)
        memo_grow(st);
    uint64_t h = word_hash(word, len);
    size_t j = h & (st->size - 1);
    while (st->table[j].hash) {
        struct memo *m = &st->table[j];
        if (m->hash == h && m->word_len == len &&
            memcmp(st->strings.data + m->word_off, word, len) == 0) {
            *stem_len = m->stem_len;
            *stop = m->stop;
            return st->strings.data + m->stem_off;
        }
        j = (j + 1) & (st->size - 1);
    }
    const sb_symbol *stem =
        st->sb ? sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len) : NULL;
    const char *stem_text = stem ? (const char *)stem : word;
    size_t n = stem ? (size_t)sb_stemmer_length(st->sb) : len;
    struct memo *m = &st->table[j];
    m->hash = h;
    m->stop = seo_lang_is_stopword(st->lang, word, len);
    m->word_off = (uint32_t)st->strings.len;
    m->word_len = (uint32_t)len;
    seo_buf_append(&st->strings, word, len);
    m->stem_off = (uint32_t)st->strings.len;
    m->stem_len = (uint32_t)n;
    seo_buf_append(&st->strings, stem_text, n);
    st->used++;
    *stem_len = n;
    *stop = m->stop;
    return st->strings.data + m->stem_off;
}

void seo_stem(struct seo_stemmer *st, const char *word, size_t len, struct seo_buf *out)
{
    size_t n;
    bool stop;
    const char *stem = seo_stem_lookup(st, word, len, &n, &stop);
    seo_buf_append(out, stem, n);
}

/*
 * Beyond this many remembered words a cached stemmer starts afresh, bounding its memory: the
 * table (32 bytes a slot, at most half full) and the words with their stems, about 6 MiB at
 * 50,000 words. 200,000 made 24 MiB a worker and language, which a 10-minute soak of varied
 * drafts filled (tests/soak/README.md); an article uses a few hundred distinct words, so the
 * hit rate barely changes.
 */
#define STEM_CACHE_MAX_WORDS 50000
#define STEM_CACHE_LANGUAGES 8

struct seo_stem_cache {
    struct seo_stemmer *stemmers[STEM_CACHE_LANGUAGES];
};

struct seo_stem_cache *seo_stem_cache_new(void)
{
    return seo_xcalloc(1, sizeof(struct seo_stem_cache));
}

void seo_stem_cache_free(struct seo_stem_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < STEM_CACHE_LANGUAGES; i++)
        seo_stemmer_free(c->stemmers[i]);
    free(c);
}

struct seo_stemmer *seo_stem_cache_get(struct seo_stem_cache *c, const char *lang)
{
    size_t slot = STEM_CACHE_LANGUAGES - 1; /* the least recently added is replaced when full */
    for (size_t i = 0; i < STEM_CACHE_LANGUAGES; i++) {
        struct seo_stemmer *st = c->stemmers[i];
        if (!st) {
            slot = i;
            break;
        }
        if (strcmp(st->lang, lang) == 0) {
            if (st->used > STEM_CACHE_MAX_WORDS) {
                seo_stemmer_free(st);
                c->stemmers[i] = seo_stemmer_new(lang);
            }
            return c->stemmers[i];
        }
    }
    seo_stemmer_free(c->stemmers[slot]);
    c->stemmers[slot] = seo_stemmer_new(lang);
    return c->stemmers[slot];
}
