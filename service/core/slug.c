#include "slug.h"

#include "buf.h"
#include "lang.h"
#include "mem.h"
#include "stem.h"
#include "utf8.h"

#include <stdlib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* Letters that do not decompose into ASCII plus marks. */
static const struct {
    int32_t cp;
    const char *ascii;
} special[] = {
    {0x00DF, "ss"},
    {0x00E6, "ae"},
    {0x00F8, "o"},
    {0x0153, "oe"},
    {0x0111, "d"},
    {0x0142, "l"},
    {0x00FE, "th"},
    {0x00F0, "d"},
    {0x0131, "i"},
    {0x0127, "h"},
    {0x2019, ""},
    {0x0027, ""},
    /* Russian (GOST-like, as most CMS slug plugins do) */
    {0x0430, "a"},
    {0x0431, "b"},
    {0x0432, "v"},
    {0x0433, "g"},
    {0x0434, "d"},
    {0x0435, "e"},
    {0x0451, "e"},
    {0x0436, "zh"},
    {0x0437, "z"},
    {0x0438, "i"},
    {0x0439, "i"},
    {0x043A, "k"},
    {0x043B, "l"},
    {0x043C, "m"},
    {0x043D, "n"},
    {0x043E, "o"},
    {0x043F, "p"},
    {0x0440, "r"},
    {0x0441, "s"},
    {0x0442, "t"},
    {0x0443, "u"},
    {0x0444, "f"},
    {0x0445, "kh"},
    {0x0446, "ts"},
    {0x0447, "ch"},
    {0x0448, "sh"},
    {0x0449, "shch"},
    {0x044A, ""},
    {0x044B, "y"},
    {0x044C, ""},
    {0x044D, "e"},
    {0x044E, "iu"},
    {0x044F, "ia"},
    /* Ukrainian, Belarusian, Serbian and Macedonian letters beyond Russian */
    {0x0456, "i"},
    {0x0457, "i"},
    {0x0454, "ie"},
    {0x0491, "g"},
    {0x045E, "u"},
    {0x0452, "dj"},
    {0x0458, "j"},
    {0x0459, "lj"},
    {0x045A, "nj"},
    {0x045B, "c"},
    {0x045F, "dz"},
    {0x0453, "gj"},
    {0x045C, "kj"},
    {0x0455, "dz"},
    /* Greek */
    {0x03B1, "a"},
    {0x03B2, "v"},
    {0x03B3, "g"},
    {0x03B4, "d"},
    {0x03B5, "e"},
    {0x03B6, "z"},
    {0x03B7, "i"},
    {0x03B8, "th"},
    {0x03B9, "i"},
    {0x03BA, "k"},
    {0x03BB, "l"},
    {0x03BC, "m"},
    {0x03BD, "n"},
    {0x03BE, "x"},
    {0x03BF, "o"},
    {0x03C0, "p"},
    {0x03C1, "r"},
    {0x03C2, "s"},
    {0x03C3, "s"},
    {0x03C4, "t"},
    {0x03C5, "y"},
    {0x03C6, "f"},
    {0x03C7, "ch"},
    {0x03C8, "ps"},
    {0x03C9, "o"},
};

/* Appends the ASCII transliteration of one lower-case code point. */
static void translit(struct seo_buf *out, int32_t cp)
{
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            seo_buf_putc(out, (char)cp);
        return;
    }
    for (size_t k = 0; k < sizeof(special) / sizeof(special[0]); k++) {
        if (special[k].cp == cp) {
            seo_buf_puts(out, special[k].ascii);
            return;
        }
    }
    /* é -> e + combining acute: keep the ASCII base letter. */
    utf8proc_int32_t decomposed[8];
    int last = 0;
    utf8proc_ssize_t n =
        utf8proc_decompose_char(cp, decomposed, 8, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &last);
    if (n > 0 && n <= 8 && decomposed[0] != cp)
        for (utf8proc_ssize_t i = 0; i < n; i++)
            translit(out, utf8proc_tolower(decomposed[i]));
}

/* The hyphen-joined ASCII words of text, stop words dropped (kept when `keep_stop`). */
static void slug_words(struct seo_buf *out, const char *text, const char *lang, bool keep_stop)
{
    struct seo_word_iter it;
    struct seo_buf word = {0};
    seo_words_begin(&it, text, strlen(text));
    while (seo_words_next(&it)) {
        if (!keep_stop && seo_lang_is_stopword(lang, it.word.data, it.word.len))
            continue;
        seo_buf_reset(&word);
        size_t i = 0;
        while (i < it.word.len) {
            int32_t cp = seo_utf8_next(it.word.data, it.word.len, &i);
            if (cp == '-' || cp == 0x2010 || cp == 0x2011)
                seo_buf_putc(&word, '-');
            else
                translit(&word, cp);
        }
        if (word.len == 0)
            continue;
        if (out->len)
            seo_buf_putc(out, '-');
        seo_buf_append(out, word.data, word.len);
    }
    seo_words_end(&it);
    seo_buf_free(&word);
}

/* Collapses "--" and trims hyphens at both ends. */
static void tidy(struct seo_buf *b)
{
    size_t w = 0;
    for (size_t r = 0; r < b->len; r++) {
        if (b->data[r] == '-' && (w == 0 || b->data[w - 1] == '-'))
            continue;
        b->data[w++] = b->data[r];
    }
    while (w && b->data[w - 1] == '-')
        w--;
    b->len = w;
    if (b->data)
        b->data[w] = '\0';
}

static bool contains_words(const char *slug, const char *words)
{
    size_t n = strlen(words);
    for (const char *p = strstr(slug, words); p; p = strstr(p + 1, words))
        if ((p == slug || p[-1] == '-') && (p[n] == '\0' || p[n] == '-'))
            return true;
    return false;
}

char *seo_slug(const char *text, const char *keyword, const char *lang, size_t max)
{
    struct seo_buf slug = {0}, kw = {0};
    slug_words(&slug, text ? text : "", lang, false);
    tidy(&slug);
    if (keyword) {
        slug_words(&kw, keyword, lang, false);
        tidy(&kw);
    }
    if (kw.len && !contains_words(slug.data ? slug.data : "", kw.data)) {
        struct seo_buf joined = {0};
        seo_buf_append(&joined, kw.data, kw.len);
        if (slug.len) {
            seo_buf_putc(&joined, '-');
            seo_buf_append(&joined, slug.data, slug.len);
        }
        seo_buf_free(&slug);
        slug = joined;
    }
    /* Too long: cut at a hyphen, keeping the keyword's words when they fit. */
    if (slug.len > max) {
        const char *at = kw.len ? strstr(slug.data, kw.data) : NULL;
        size_t keep_to = at ? (size_t)(at - slug.data) + kw.len : 0;
        if (keep_to > max) { /* the keyword sits late: lead with it */
            seo_buf_reset(&slug);
            seo_buf_append(&slug, kw.data, kw.len < max ? kw.len : max);
        }
        size_t cut = slug.len > max ? max : slug.len;
        while (cut > 0 && cut < slug.len && slug.data[cut] != '-')
            cut--;
        slug.len = cut ? cut : (slug.len > max ? max : slug.len);
        slug.data[slug.len] = '\0';
        tidy(&slug);
    }
    seo_buf_free(&kw);
    if (!slug.len) {
        seo_buf_free(&slug);
        return NULL;
    }
    return seo_buf_take(&slug);
}

char *seo_slug_from_url(const char *url)
{
    if (!url)
        return NULL;
    const char *path = strstr(url, "://");
    if (path) {
        /* The path starts at the first '/' after the host, if one comes before any ?query or
         * #fragment. */
        path += 3;
        path += strcspn(path, "/?#");
        if (*path != '/')
            return NULL;
    } else {
        path = url;
    }
    size_t end = strcspn(path, "?#");
    while (end > 0 && path[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    if (start == end)
        return NULL;
    return seo_xstrndup(path + start, end - start);
}

const char *seo_slug_problem(const char *slug, size_t max, char *out, size_t out_size)
{
    size_t n = strlen(slug);
    bool hyphens_ok = n && slug[0] != '-' && slug[n - 1] != '-' && !strstr(slug, "--");
    if (strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != n || !hyphens_ok)
        snprintf(out, out_size, "is not lower-case ASCII letters and digits joined by hyphens");
    else if (n > max)
        snprintf(out, out_size, "is %zu characters, over %zu", n, max);
    else if (strspn(slug, "0123456789-") == n)
        snprintf(out, out_size, "has no words");
    else
        return NULL;
    return out;
}
