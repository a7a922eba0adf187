/* Unit tests for service/core/utf8.c. */
#include "buf.h"
#include "utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
/* Length of a string literal that may contain NUL bytes. */
#define LIT(s) (s), (sizeof(s) - 1)

/* ---- seo_utf8_valid ---- */

static void test_valid_accepts_real_text(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",
        "How to Keep a Sourdough Starter Healthy",
        "R\xC3\xA9ussir sa p\xC3\xA2te \xC3\xA0 cr\xC3\xAApes\xC2\xA0?", /* é â à ê NBSP */
        "Wie gro\xC3\x9F darf ein Balkonkraftwerk sein?",                /* ß */
        "Costs \xE2\x82\xAC"
        "12 a month \xE2\x80\x94 about 28\xC2\xB0"
        "F",                                    /* € — ° */
        "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", /* 日本語 */
        "Tips \xF0\x9F\x8C\xB1 for beginners",  /* 🌱, 4 bytes */
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        size_t bad = 12345;
        assert_true(seo_utf8_valid(cases[i], strlen(cases[i]), &bad));
    }
    /* bad_offset may be NULL. */
    assert_true(seo_utf8_valid("caf\xC3\xA9", 5, NULL));
}

static void test_valid_reports_first_bad_byte(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len, bad;
    } cases[] = {
        {LIT("caf\xC3"), 3}, /* truncated 2-byte sequence at the end */
        {LIT("caf\xC3"
             "e au lait"),
         3},                                    /* lead byte followed by ASCII */
        {LIT("Windows-1252 caf\xE9 here"), 16}, /* Latin-1 é pasted as one byte */
        {LIT("ab\x80"
             "cd"),
         2}, /* lone continuation byte */
        {LIT("\xC0\xAF"
             "etc/passwd"),
         0},                                    /* overlong encoding of '/' */
        {LIT("x\xED\xA0\x80y"), 1},             /* UTF-16 surrogate U+D800 */
        {LIT("\xF4\x90\x80\x80"), 0},           /* beyond U+10FFFF */
        {LIT("ok \xE2\x82\xAC then \xFF"), 12}, /* valid € then an invalid byte */
        {LIT("title\0body"), 5},                /* NUL byte */
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        size_t bad = 12345;
        assert_false(seo_utf8_valid(cases[i].s, cases[i].len, &bad));
        assert_int_equal(bad, cases[i].bad);
    }
    assert_false(seo_utf8_valid(LIT("caf\xC3"), NULL));
}

static void test_valid_respects_len(void **state)
{
    (void)state;
    /* Only the first `len` bytes are examined: the bad byte after them does not count. */
    size_t bad = 777;
    assert_true(seo_utf8_valid("caf\xC3\xA9\xFF", 5, &bad));
    /* Cutting a valid sequence in half makes it invalid. */
    assert_false(seo_utf8_valid("caf\xC3\xA9", 4, &bad));
    assert_int_equal(bad, 3);
}

/* ---- seo_utf8_nfc ---- */

static void test_nfc_composes(void **state)
{
    (void)state;
    size_t n = 0;
    /* "Café" with a combining acute accent (e + U+0301), as macOS file names and some editors
     * produce it. */
    char *s = seo_utf8_nfc(LIT("Cafe\xCC\x81 cr\x65\xCC\x80me"), &n);
    assert_string_equal(s, "Caf\xC3\xA9 cr\xC3\xA8me");
    assert_int_equal(n, strlen("Caf\xC3\xA9 cr\xC3\xA8me"));
    free(s);

    /* Å as A + ring above; Hangul jamo compose into one syllable. */
    s = seo_utf8_nfc(LIT("A\xCC\x8A"
                         "ngstr\xC3\xB6m \xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"),
                     &n);
    assert_string_equal(s, "\xC3\x85ngstr\xC3\xB6m \xED\x95\x9C");
    assert_int_equal(n, 14);
    free(s);
}

static void test_nfc_copies_ascii_and_composed_text(void **state)
{
    (void)state;
    size_t n = 0;
    const char *ascii = "How to Winterize a Sprinkler System in 5 Steps";
    char *s = seo_utf8_nfc(ascii, strlen(ascii), &n);
    assert_ptr_not_equal(s, ascii);
    assert_string_equal(s, ascii);
    assert_int_equal(n, strlen(ascii));
    free(s);

    const char *composed = "Wie gro\xC3\x9F darf es sein\xE2\x80\xAF?";
    s = seo_utf8_nfc(composed, strlen(composed), &n);
    assert_string_equal(s, composed);
    assert_int_equal(n, strlen(composed));
    free(s);

    /* Only `len` bytes are used and the result is NUL-terminated. */
    s = seo_utf8_nfc("Heat pumps explained", 10, &n);
    assert_string_equal(s, "Heat pumps");
    assert_int_equal(n, 10);
    free(s);

    s = seo_utf8_nfc("", 0, &n);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    free(s);
}

/* ---- seo_utf8_next ---- */

static void test_next_decodes_and_advances(void **state)
{
    (void)state;
    const char *s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x8C\xB1z"; /* a é € 🌱 z */
    size_t len = strlen(s), i = 0;
    static const struct {
        int32_t cp;
        size_t next;
    } want[] = {{'a', 1}, {0xE9, 3}, {0x20AC, 6}, {0x1F331, 10}, {'z', 11}};
    for (size_t k = 0; k < COUNT(want); k++) {
        assert_int_equal(seo_utf8_next(s, len, &i), want[k].cp);
        assert_int_equal(i, want[k].next);
    }
    assert_int_equal(i, len);
}

static void test_next_invalid_bytes_advance_by_one(void **state)
{
    (void)state;
    /* Latin-1 é, a lone continuation byte, and a 3-byte sequence cut off by the end. */
    const char s[] = "\xE9"
                     "\x80"
                     "x\xE2\x82";
    size_t len = sizeof(s) - 1, i = 0;
    assert_int_equal(seo_utf8_next(s, len, &i), 0xFFFD);
    assert_int_equal(i, 1);
    assert_int_equal(seo_utf8_next(s, len, &i), 0xFFFD);
    assert_int_equal(i, 2);
    assert_int_equal(seo_utf8_next(s, len, &i), 'x');
    assert_int_equal(i, 3);
    assert_int_equal(seo_utf8_next(s, len, &i), 0xFFFD);
    assert_int_equal(i, 4);
    assert_int_equal(seo_utf8_next(s, len, &i), 0xFFFD);
    assert_int_equal(i, 5);
    assert_int_equal(i, len);
}

/* ---- character classes ---- */

static void test_is_wordchar(void **state)
{
    (void)state;
    static const int32_t yes[] = {
        'a',    'Z', '0', '9', 0xE9, /* é */
        0xDF,                        /* ß */
        0x0301,                      /* combining acute accent (Mn) */
        0x0661,                      /* Arabic-Indic digit one (Nd) */
        0x4E2D,                      /* 中 */
        0x30C6,                      /* テ */
        0x0416,                      /* Ж */
        0x01C5,                      /* ǅ (Lt) */
        0x02B0,                      /* modifier letter small h (Lm) */
    };
    static const int32_t no[] = {
        ' ',
        '-',
        '_',
        '\'',
        '.',
        '?',
        '!',
        '@',
        '#',
        0,
        0x2019, /* ’ */
        0x00A0, /* NBSP */
        0x20AC, /* € */
        0x00B0, /* ° */
        0x2014, /* — */
        0x1F331 /* 🌱 */,
        0x00BD, /* ½ (No, not Nd) */
    };
    for (size_t i = 0; i < COUNT(yes); i++)
        assert_true(seo_utf8_is_wordchar(yes[i]));
    for (size_t i = 0; i < COUNT(no); i++)
        assert_false(seo_utf8_is_wordchar(no[i]));
}

static void test_is_space(void **state)
{
    (void)state;
    static const int32_t yes[] = {
        ' ',    '\t', '\n', '\r', '\v', '\f', 0x00A0, /* NBSP */
        0x202F,                                       /* narrow NBSP (French typography) */
        0x2003,                                       /* em space */
        0x3000,                                       /* ideographic space */
        0x200B,                                       /* zero-width space */
        0xFEFF,                                       /* BOM / zero-width no-break space */
        0x2060,                                       /* word joiner */
        0x2028,                                       /* line separator */
        0x2029,                                       /* paragraph separator */
    };
    static const int32_t no[] = {
        'a',    '_',  '-',    0,
        0x1F,   0x7F, 0x200D, /* zero-width joiner: part of emoji sequences, not a space */
        0x00AD,               /* soft hyphen */
        0x2019,
    };
    for (size_t i = 0; i < COUNT(yes); i++)
        assert_true(seo_utf8_is_space(yes[i]));
    for (size_t i = 0; i < COUNT(no); i++)
        assert_false(seo_utf8_is_space(no[i]));
}

/* ---- seo_utf8_fold ---- */

static void check_fold(const char *in, const char *want)
{
    struct seo_buf b = {0};
    seo_utf8_fold(&b, in, strlen(in));
    assert_string_equal(b.data ? b.data : "", want);
    assert_int_equal(b.len, strlen(want));
    seo_buf_free(&b);
}

static void test_fold_keys(void **state)
{
    (void)state;
    check_fold("  How Often Should I Water a Snake-Plant?? ",
               "how often should i water a snake plant");
    check_fold("Can you use SOAP on cast iron?\r\n", "can you use soap on cast iron");
    /* Accents are kept, only case changes. */
    check_fold("\xC3\x89T\xC3\x89 \xC3\x80 PARIS", "\xC3\xA9t\xC3\xA9 \xC3\xA0 paris");
    check_fold("Wie GRO\xC3\x9F darf ein Balkonkraftwerk sein?",
               "wie gro\xC3\x9F darf ein balkonkraftwerk sein");
    /* No-break space before the French question mark is a separator, not part of a word. */
    check_fold("Peut-on pr\xC3\xA9parer la p\xC3\xA2te la veille\xE2\x80\xAF?",
               "peut on pr\xC3\xA9parer la p\xC3\xA2te la veille");
    check_fold("What happens if you don\xE2\x80\x99t winterize?",
               "what happens if you don t winterize");
    check_fold("...!?", "");
    check_fold("", "");
}

static void test_fold_same_key_for_variants(void **state)
{
    (void)state;
    /* The draft.faq wording and the visible heading of strapi-draft.json. */
    struct seo_buf a = {0}, b = {0};
    const char *x = "how often should I water a Snake Plant";
    const char *y = "How often should I water a snake plant?";
    seo_utf8_fold(&a, x, strlen(x));
    seo_utf8_fold(&b, y, strlen(y));
    assert_string_equal(a.data, b.data);
    seo_buf_free(&a);
    seo_buf_free(&b);
}

static void test_fold_appends(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_puts(&b, "q:");
    const char *s = "  \xC2\xBB Hello,   World! \xC2\xAB";
    seo_utf8_fold(&b, s, strlen(s));
    assert_string_equal(b.data, "q:hello world");
    assert_int_equal(b.len, 13);
    seo_buf_free(&b);
}

/* ---- seo_utf8_word_count ---- */

static void test_word_count(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t words;
    } cases[] = {
        {"", 0},
        {"   \t\n ", 0},
        {"Skip Navigation", 2},
        {"Don't stop now", 3},
        {"It\xE2\x80\x99s fine", 2},
        {"flexion-intolerant or extension-intolerant", 3},
        {"e\xE2\x80\x91mail", 1}, /* non-breaking hyphen U+2011 */
        {"rock 'n' roll", 3},
        {"'tis the season", 3},
        {"the dogs' leads", 3},
        {"pre- and post-operative care", 4},
        {"well - known", 2},
        {"pain\xE2\x80\x94"
         "and more",
         3}, /* an em dash separates */
        {"Caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
         "e",
         3},
        {"In 2026, experts recommend it.", 5},
        {"end-", 1},
        {"x--y", 2},
        {"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE3\x83\x86\xE3\x82\xAD\xE3\x82\xB9"
         "\xE3\x83\x88",
         8}, /* 日本語のテキスト: one per ideograph and kana */
        {"Le repos permet \xC3\xA0 l\xE2\x80\x99"
         "amidon de gonfler\xC2\xA0!",
         7},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        size_t got = seo_utf8_word_count(cases[i].s, strlen(cases[i].s));
        if (got != cases[i].words)
            fail_msg("word count of \"%s\": got %zu, want %zu", cases[i].s, got, cases[i].words);
    }
    /* Only `len` bytes are counted. */
    assert_int_equal(seo_utf8_word_count("one two three", 7), 2);
}

static void final_mark(void **state)
{
    (void)state;
    assert_int_equal(seo_utf8_final_mark("It works.", 9), '.');
    assert_int_equal(seo_utf8_final_mark("He said \"stop!\"  ", 17), '!');
    assert_int_equal(seo_utf8_final_mark("(really?)", 9), '?');
    assert_int_equal(seo_utf8_final_mark("Ends \xE2\x80\x9Cquoted.\xE2\x80\x9D", 18), '.');
    assert_int_equal(seo_utf8_final_mark("such as:", 8), ':');
    assert_int_equal(seo_utf8_final_mark("and so on\xE2\x80\xA6", 12), '~');
    assert_int_equal(seo_utf8_final_mark("no mark here", 12), 0);
    assert_int_equal(seo_utf8_final_mark("\"')", 3), 0);
    assert_int_equal(seo_utf8_final_mark("", 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(final_mark),
        cmocka_unit_test(test_valid_accepts_real_text),
        cmocka_unit_test(test_valid_reports_first_bad_byte),
        cmocka_unit_test(test_valid_respects_len),
        cmocka_unit_test(test_nfc_composes),
        cmocka_unit_test(test_nfc_copies_ascii_and_composed_text),
        cmocka_unit_test(test_next_decodes_and_advances),
        cmocka_unit_test(test_next_invalid_bytes_advance_by_one),
        cmocka_unit_test(test_is_wordchar),
        cmocka_unit_test(test_is_space),
        cmocka_unit_test(test_fold_keys),
        cmocka_unit_test(test_fold_same_key_for_variants),
        cmocka_unit_test(test_fold_appends),
        cmocka_unit_test(test_word_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
