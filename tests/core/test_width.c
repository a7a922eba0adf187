/* Unit tests for service/core/width.c. */
#include "width.h"
#include "width_table.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <stdbool.h>
#include <utf8proc.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* Length of a string literal that may contain NUL bytes. */
#define LIT(s) (s), (sizeof(s) - 1)

/* Liberation Sans advance of "n", the width of a code point the font lacks. */
#define N_ADVANCE 1139

/*
 * px for a sum of advances in font units (2048 per em) at 20 px. Every such
 * value is a multiple of 5/512, exact in a double, so tests compare with ==.
 */
static double px(unsigned long units)
{
    return (double)units * 20 / 2048;
}

static void check_units(const char *s, size_t len, unsigned long units)
{
    double got = seo_width_px(s, len);
    if (got != px(units))
        fail_msg("width of \"%.*s\": got %.6f px, want %lu units = %.6f px", (int)len, s, got,
                 units, px(units));
}

/* UTF-8 encoding of a BMP code point; returns the byte count. */
static size_t encode(uint32_t cp, char out[3])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* The advances seo-rules.md ("Title width") gives for Arial / Liberation Sans. */
static void test_reference_advances(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        unsigned long units;
    } cases[] = {
        {" ", 569},
        {"i", 455},
        {"j", 455},
        {"l", 455},
        {"a", 1139},
        {"b", 1139},
        {"d", 1139},
        {"e", 1139},
        {"g", 1139},
        {"h", 1139},
        {"n", 1139},
        {"o", 1139},
        {"p", 1139},
        {"q", 1139},
        {"u", 1139},
        {"0", 1139},
        {"1", 1139},
        {"2", 1139},
        {"3", 1139},
        {"4", 1139},
        {"5", 1139},
        {"6", 1139},
        {"7", 1139},
        {"8", 1139},
        {"9", 1139},
        {"m", 1706},
        {"M", 1706},
        {"W", 1933},
        {"\xE2\x80\x94", 2048}, /* em dash */
    };
    for (size_t i = 0; i < COUNT(cases); i++)
        check_units(cases[i].s, strlen(cases[i].s), cases[i].units);
    /* The examples in px: em dash 20 px, space 5.556640625 px. */
    assert_true(seo_width_px("\xE2\x80\x94", 3) == 20.0);
    assert_true(seo_width_px(" ", 1) == 5.556640625);
}

/* A realistic SEO title, summed from per-character advances listed here. */
static void test_title(void **state)
{
    (void)state;
    static const struct {
        char c;
        unsigned units;
    } advances[] = {
        {' ', 569},  {':', 569},  {'0', 1139}, {'2', 1139}, {'6', 1139}, {'B', 1366}, {'E', 1366},
        {'I', 569},  {'P', 1366}, {'S', 1366}, {'a', 1139}, {'c', 1024}, {'e', 1139}, {'f', 569},
        {'g', 1139}, {'i', 455},  {'k', 1024}, {'m', 1706}, {'n', 1139}, {'o', 1139}, {'p', 1139},
        {'r', 682},  {'s', 1024}, {'t', 569},  {'x', 1024}, {'y', 1024},
    };
    const char *title = "Sex Back Pain: 6 Expert Strategies for Intimacy in 2026";
    unsigned long units = 0;
    for (const char *p = title; *p; p++) {
        size_t k = 0;
        while (k < COUNT(advances) && advances[k].c != *p)
            k++;
        if (k == COUNT(advances))
            fail_msg("no advance listed for '%c'", *p);
        units += advances[k].units;
    }
    assert_int_equal(units, 50315);
    check_units(title, strlen(title), units);
    /* 491.36 px: inside Yoast's green band 400 < w <= 600. */
    assert_true(seo_width_px(title, strlen(title)) == 491.357421875);
}

/* Typographic punctuation and accents, the characters real titles carry. */
static void test_non_ascii(void **state)
{
    (void)state;
    /* "Café — “Quotes” €": C 1479, a 1139, f 569, é 1139, space 569, em dash 2048,
     * space 569, “ 682, Q 1593, u o 1139, t 569, e 1139, s 1024, ” 682, space 569, € 1139. */
    check_units(LIT("Caf\xC3\xA9 \xE2\x80\x94 \xE2\x80\x9CQuotes\xE2\x80\x9D \xE2\x82\xAC"),
                1479 + 1139 + 569 + 1139 + 569 + 2048 + 569 + 682 + 1593 + 1139 + 1139 + 569 +
                    1139 + 1024 + 682 + 569 + 1139);
    check_units(LIT("\xC2\xA0"), 569);      /* NBSP is as wide as a space */
    check_units(LIT("\xE2\x80\x99"), 455);  /* ’ */
    check_units(LIT("\xD0\x96"), 1891);     /* Cyrillic Ж */
    check_units(LIT("\xEF\xAC\x81"), 1024); /* ﬁ ligature */
}

static void test_empty_and_len(void **state)
{
    (void)state;
    assert_true(seo_width_px("", 0) == 0.0);
    assert_true(seo_width_px("mmm", 0) == 0.0);
    /* Only `len` bytes are measured; the text need not be NUL-terminated. */
    check_units("mmm", 1, 1706);
    /* A multi-byte character cut by `len` is an invalid byte, not a read past the end. */
    check_units("\xE2\x80\x94", 2, 2 * N_ADVANCE);
}

/* Code points the font lacks count as "n": CJK, emoji, controls, U+FFFD itself. */
static void test_unmapped_counts_as_n(void **state)
{
    (void)state;
    check_units(LIT("\xE6\x97\xA5"), N_ADVANCE);     /* 日 */
    check_units(LIT("\xF0\x9F\x8C\xB1"), N_ADVANCE); /* 🌱, outside the BMP */
    check_units(LIT("\t"), 0);                       /* control characters take no space */
    check_units(LIT("e\xCC\x81"), 1139);             /* a combining acute adds nothing */
    check_units(LIT("\xEF\xBF\xBD"), N_ADVANCE);     /* U+FFFD */
    check_units(LIT("\xEF\xBF\xBF"), N_ADVANCE);     /* U+FFFF, past the last range */
    check_units(LIT("\x7F"), 0);                     /* DEL, a control character */
    check_units(LIT("\xE2\x80\x8B"), 0);             /* zero-width space, a format character */
    check_units(LIT("a\xE6\x97\xA5"
                    "b"),
                1139 + N_ADVANCE + 1139);
}

/* Invalid UTF-8 never crashes; each bad byte decodes as U+FFFD and counts its width. */
static void test_invalid_utf8(void **state)
{
    (void)state;
    const double fffd = seo_width_px(LIT("\xEF\xBF\xBD"));
    static const struct {
        const char *s;
        size_t len;
        unsigned bad_bytes;
        unsigned long good_units;
    } cases[] = {
        {LIT("\xFF"), 1, 0},
        {LIT("caf\xE9"), 1, 1139 + 1024 + 569}, /* Windows-1252 é */
        {LIT("ab\x80"
             "cd"),
         1, 1139 * 2 + 1024 + 1139},
        {LIT("\xC0\xAF"), 2, 0},         /* overlong '/' */
        {LIT("x\xED\xA0\x80"), 3, 1024}, /* UTF-16 surrogate U+D800 */
        {LIT("\xF4\x90\x80\x80"), 4, 0}, /* above U+10FFFF */
        {LIT("\xE2\x80"), 2, 0},         /* truncated em dash */
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        double want = px(cases[i].good_units) + cases[i].bad_bytes * fffd;
        double got = seo_width_px(cases[i].s, cases[i].len);
        if (got != want)
            fail_msg("case %zu: got %.6f px, want %.6f px", i, got, want);
    }
}

/* The generated table is sorted and disjoint, and the search finds both ends of every range. */
static void test_table_lookup(void **state)
{
    (void)state;
    assert_true(COUNT(width_ranges) > 0);
    for (size_t i = 0; i < COUNT(width_ranges); i++) {
        const struct width_range *r = &width_ranges[i];
        assert_true(r->first <= r->last);
        assert_true(r->last <= 0xFFFF);
        if (i > 0)
            assert_true(width_ranges[i - 1].last < r->first);
        char buf[3];
        size_t n = encode(r->first, buf);
        check_units(buf, n, r->advance);
        n = encode(r->last, buf);
        check_units(buf, n, r->advance);
        /* The code point before a range is unmapped unless the previous range ends there:
         * the width of "n", or nothing for controls, marks and format characters. */
        if (r->first > 0 && (i == 0 || width_ranges[i - 1].last + 1 < r->first)) {
            n = encode(r->first - 1, buf);
            utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)(r->first - 1));
            bool invisible = cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME ||
                             cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_CC;
            check_units(buf, n, invisible ? 0 : N_ADVANCE);
        }
    }
    assert_int_equal(SEO_WIDTH_UNITS_PER_EM, 2048);
    assert_int_equal(SEO_WIDTH_DEFAULT_ADVANCE, N_ADVANCE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_advances),
        cmocka_unit_test(test_title),
        cmocka_unit_test(test_non_ascii),
        cmocka_unit_test(test_empty_and_len),
        cmocka_unit_test(test_unmapped_counts_as_n),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_table_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
