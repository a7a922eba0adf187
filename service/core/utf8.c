#include "utf8.h"

#include "buf.h"
#include "mem.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* End of the run of ASCII bytes other than NUL from s[i]; eight at a time, as most text is. */
static size_t ascii_run(const char *s, size_t len, size_t i)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    while (i + 8 <= len) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (((x - ones) | x) & highs) /* a byte over 0x7F, or a NUL (which borrows) */
            break;
        i += 8;
    }
    while (i < len && s[i] != '\0' && (unsigned char)s[i] < 0x80)
        i++;
    return i;
}

bool seo_utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
    size_t i = 0;
    while ((i = ascii_run(s, len, i)) < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0 || cp == 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += (size_t)n;
    }
    return true;
}

/*
 * NFC quick check: text changes under NFC only if it holds a combining mark,
 * a character excluded from composition (singletons such as U+212B ANGSTROM
 * SIGN) or Hangul jamo. Most drafts hold none, and skipping utf8proc_map for
 * them saves a third of the pipeline's time.
 */
static bool nfc_stable(const char *s, size_t len)
{
    size_t i = 0;
    while ((i = ascii_run(s, len, i)) < len) {
        int32_t cp = seo_utf8_next(s, len, &i);
        const utf8proc_property_t *p = utf8proc_get_property(cp);
        if (p->combining_class || p->comp_exclusion || (cp >= 0x1100 && cp <= 0x11FF) ||
            (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xD7B0 && cp <= 0xD7FF))
            return false;
    }
    return true;
}

char *seo_utf8_nfc(const char *s, size_t len, size_t *out_len)
{
    if (!nfc_stable(s, len)) {
        utf8proc_uint8_t *res = NULL;
        utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &res,
                                          UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        if (n >= 0) {
            /* utf8proc allocates with malloc; copy so every string here comes from seo_x*. */
            char *copy = seo_xstrndup((const char *)res, (size_t)n);
            free(res);
            *out_len = (size_t)n;
            return copy;
        }
        free(res);
    }
    *out_len = len;
    return seo_xstrndup(s, len);
}

int32_t seo_utf8_next_multibyte(const char *s, size_t len, size_t *i)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(len - *i), &cp);
    if (n <= 0) {
        (*i)++;
        return 0xFFFD;
    }
    *i += (size_t)n;
    return cp;
}

bool seo_utf8_is_wordchar_beyond_ascii(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

bool seo_utf8_is_space_beyond_ascii(int32_t cp)
{
    /* The Unicode space separators (Zs, Zl, Zp) spelled out: this runs for every character. */
    switch (cp) {
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0x200B: /* zero-width space and joiners are not in Zs but separate words in pasted text */
    case 0xFEFF:
    case 0x2060:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

/* Apostrophes and hyphens join word characters: "don't", "flexion-intolerant". */
static bool is_joiner(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010 || cp == 0x2011;
}

void seo_utf8_fold(struct seo_buf *out, const char *s, size_t len)
{
    size_t i = 0;
    bool pending_space = false;
    size_t start = out->len;
    seo_buf_reserve(out, len); /* the key is about as long as the text */
    while (i < len) {
        int32_t cp = seo_utf8_next(s, len, &i);
        if (!seo_utf8_is_wordchar(cp)) {
            pending_space = true;
            continue;
        }
        if (pending_space && out->len > start)
            seo_buf_putc(out, ' ');
        pending_space = false;
        if (cp < 0x80) { /* an ASCII letter or digit: most of any Latin-script text */
            seo_buf_putc(out, (char)(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp));
            continue;
        }
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        seo_buf_append(out, (const char *)enc, (size_t)n);
    }
}

size_t seo_utf8_word_count(const char *s, size_t len)
{
    size_t words = 0, i = 0;
    bool in_word = false;
    while (i < len) {
        /* ASCII letters, digits and spaces without decoding, and without a branch per word:
         * most of any Latin-script text. */
        unsigned char c = (unsigned char)s[i];
        bool alnum = ((unsigned char)((c | 0x20) - 'a') < 26) | ((unsigned char)(c - '0') < 10);
        if (alnum | (c == ' ') | (c == ',') | (c == '.')) {
            words += alnum & !in_word;
            in_word = alnum;
            i++;
            continue;
        }
        int32_t cp = seo_utf8_next(s, len, &i);
        if (seo_utf8_is_wordchar(cp)) {
            /* Ideographs and kana have no spaces between words: count each one. */
            bool ideo = (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF);
            if (!in_word || ideo)
                words++;
            in_word = !ideo;
        } else if (in_word && is_joiner(cp) && i < len) {
            size_t j = i;
            if (!seo_utf8_is_wordchar(seo_utf8_next(s, len, &j)))
                in_word = false;
        } else {
            in_word = false;
        }
    }
    return words;
}

char seo_utf8_final_mark(const char *s, size_t n)
{
    for (;;) {
        if (n && strchr(" \t\"')]", s[n - 1])) {
            n--;
        } else if (n >= 3 && (memcmp(s + n - 3, "\xE2\x80\x9D", 3) == 0 ||
                              memcmp(s + n - 3, "\xE2\x80\x99", 3) == 0)) {
            n -= 3;
        } else {
            break;
        }
    }
    if (!n)
        return 0;
    if (strchr(".!?:;", s[n - 1]))
        return s[n - 1];
    return n >= 3 && memcmp(s + n - 3, "\xE2\x80\xA6", 3) == 0 ? '~' : 0;
}

void seo_utf8_repair(struct seo_buf *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        unsigned char c = (unsigned char)s[i];
        seo_utf8_next(s, len, &i);
        /* A valid sequence that starts with a byte over 0x7F is at least two bytes long. */
        if (c == 0 || (c >= 0x80 && i - start == 1))
            seo_buf_append(out, "\xEF\xBF\xBD", 3);
        else
            seo_buf_append(out, s + start, i - start);
    }
}
