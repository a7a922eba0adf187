/* Tests service/core/slug.c: URL slugs from titles and from URLs. */
#include "slug.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Lower-case ASCII letters and digits joined by single hyphens, none at either end. */
static void check_shape(const char *slug, size_t max)
{
    size_t n = strlen(slug);
    if (n == 0 || n > max)
        fail_msg("slug \"%s\" has %zu characters (1-%zu)", slug, n, max);
    if (slug[0] == '-' || slug[n - 1] == '-' || strstr(slug, "--"))
        fail_msg("slug \"%s\" has a leading, trailing or double hyphen", slug);
    if (strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != n)
        fail_msg("slug \"%s\" has a character outside [a-z0-9-]", slug);
}

static void check_slug(const char *text, const char *keyword, const char *lang, size_t max,
                       const char *want)
{
    char *got = seo_slug(text, keyword, lang, max);
    if (!want) {
        if (got)
            fail_msg("slug of \"%s\": \"%s\", expected none", text, got);
        return;
    }
    if (!got)
        fail_msg("slug of \"%s\": none, expected \"%s\"", text, want);
    check_shape(got, max);
    if (strcmp(got, want) != 0)
        fail_msg("slug of \"%s\": \"%s\", expected \"%s\"", text, got, want);
    free(got);
}

static void words_and_stop_words(void **state)
{
    (void)state;
    check_slug("How to Keep a Sourdough Starter Healthy", NULL, "en", 75,
               "keep-sourdough-starter-healthy");
    check_slug("7 Knee Strengthening Exercises You Can Do at Home", NULL, "en", 75,
               "7-knee-strengthening-exercises-home");
    /* Punctuation, hyphens and spaces never leave stray hyphens. */
    check_slug("  --Hello -- World!!  ", NULL, "en", 75, "hello-world");
    check_slug("Day-Hike Guide: Lost Lake (2026) -- \xE2\x80\x94 Tips & Tricks!", NULL, "en", 75,
               "day-hike-guide-lost-lake-2026-tips-tricks");
    check_slug("What's New? Don\xE2\x80\x99t Panic", NULL, "en", 75, "whats-new-panic");
    /* Nothing usable. */
    check_slug("", NULL, "en", 75, NULL);
    check_slug("?!?", NULL, "en", 75, NULL);
    check_slug("The and of", NULL, "en", 75, NULL);
    check_slug(NULL, NULL, "en", 75, NULL);
    check_slug("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xF0\x9F\x98\x80", NULL, "ja", 75, NULL);
}

static void accents_and_scripts(void **state)
{
    (void)state;
    /* French stop words ("sa", "à") dropped, accents removed. */
    check_slug("R\xC3\xA9ussir sa p\xC3\xA2te \xC3\xA0 cr\xC3\xAApes", NULL, "fr", 75,
               "reussir-pate-crepes");
    check_slug("R\xC3\xA9ussir sa p\xC3\xA2te \xC3\xA0 cr\xC3\xAApes : la recette inratable de la "
               "Chandeleur",
               NULL, "fr", 75, "reussir-pate-crepes-recette-inratable-chandeleur");
    /* Decomposed input (e + combining acute) gives the same. */
    check_slug("Cafe\xCC\x81 Cre\xCC\x80me", NULL, "fr", 75, "cafe-creme");
    /* German: ß -> ss, umlauts lose their dots (as WordPress does without a plugin). */
    check_slug("Stra\xC3\x9F"
               "e und Gr\xC3\xB6\xC3\x9F"
               "e",
               NULL, "de", 75, "strasse-grosse");
    check_slug("Gro\xC3\x9F"
               "BUCHSTABEN \xE1\xBA\x9E",
               NULL, "de", 75, "grossbuchstaben-ss");
    /* Nordic and Polish letters without a decomposition. */
    check_slug("\xC3\x86r\xC3\xB8 \xC5\x81\xC3\xB3"
               "d\xC5\xBA",
               NULL, "xx", 75, "aero-lodz");
    /* Cyrillic and Greek transliterated. */
    check_slug("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xD0\xBC\xD0\xB8\xD1\x80", NULL,
               "ru", 75, "privet-mir");
    check_slug("\xD0\xA9\xD1\x83\xD0\xBA\xD0\xB0 \xD0\xB8 \xD0\xB6\xD1\x91\xD0\xBB\xD1\x83\xD0\xB4"
               "\xD1\x8C",
               NULL, "ru", 75, "shchuka-i-zhelud");
    check_slug("\xCE\x9A\xCE\xB1\xCE\xBB\xCE\xB7\xCE\xBC\xCE\xAD\xCF\x81\xCE\xB1", NULL, "el", 75,
               "kalimera");
}

/*
 * Every Cyrillic letter but the soft and hard signs gives at least one ASCII
 * letter, and every word a slug word (the languages here have no stop-word
 * list): Ukrainian and Serbian letters are Cyrillic too.
 */
static bool translit_complete(const char *text, const char *lang)
{
    size_t letters = 0, words = 1;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        words += *p == ' ';
        if ((*p & 0xC0) == 0x80 || *p == ' ')
            continue;
        /* ъ ь Ъ Ь: D1 8A, D1 8C, D0 AA, D0 AC */
        if ((p[0] == 0xD1 && (p[1] == 0x8A || p[1] == 0x8C)) ||
            (p[0] == 0xD0 && (p[1] == 0xAA || p[1] == 0xAC)))
            continue;
        letters++;
    }
    char *slug = seo_slug(text, NULL, lang, 75);
    size_t ascii = 0, parts = slug ? 1 : 0;
    for (const char *c = slug ? slug : ""; *c; c++) {
        ascii += *c != '-';
        parts += *c == '-';
    }
    bool ok = slug && ascii >= letters && parts == words;
    if (!ok)
        print_error("slug of \"%s\": \"%s\" has %zu letters in %zu words for %zu Cyrillic "
                    "letters in %zu words\n",
                    text, slug ? slug : "(none)", ascii, parts, letters, words);
    if (slug)
        check_shape(slug, 75);
    free(slug);
    return ok;
}

static void all_cyrillic_letters(void **state)
{
    (void)state;
    size_t failed = 0;
    /* Russian */
    failed += !translit_complete("\xD0\xA9\xD1\x83\xD0\xBA\xD0\xB0 \xD0\xB8 "
                                 "\xD0\xB6\xD1\x91\xD0\xBB\xD1\x83\xD0\xB4\xD1\x8C",
                                 "ru");
    /* Ukrainian: Україна, Київ, Їжак і лисиця, Ґанок */
    failed += !translit_complete("\xD0\xA3\xD0\xBA\xD1\x80\xD0\xB0\xD1\x97\xD0\xBD\xD0\xB0", "uk");
    failed += !translit_complete("\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2", "uk");
    failed += !translit_complete("\xD0\x87\xD0\xB6\xD0\xB0\xD0\xBA \xD1\x96 "
                                 "\xD0\xBB\xD0\xB8\xD1\x81\xD0\xB8\xD1\x86\xD1\x8F",
                                 "uk");
    failed += !translit_complete("\xD2\x90\xD0\xB0\xD0\xBD\xD0\xBE\xD0\xBA", "uk");
    /* Serbian: Љубљана, Ђоковић */
    failed += !translit_complete("\xD0\x89\xD1\x83\xD0\xB1\xD1\x99\xD0\xB0\xD0\xBD\xD0\xB0", "sr");
    failed += !translit_complete("\xD0\x82\xD0\xBE\xD0\xBA\xD0\xBE\xD0\xB2\xD0\xB8\xD1\x9B", "sr");
    assert_int_equal(failed, 0);
}

static void keyword_leads_when_missing(void **state)
{
    (void)state;
    check_slug("A Complete Guide to Healthy Joints", "knee pain", "en", 75,
               "knee-pain-complete-guide-healthy-joints");
    /* Present already (stop words aside): not repeated. */
    check_slug("Managing Sex Back Pain and Intimacy", "sex back pain", "en", 75,
               "managing-sex-back-pain-intimacy");
    check_slug("Snake Plant Care", "snake plant", "en", 75, "snake-plant-care");
    /* A partial word does not count as present. */
    check_slug("Kneeling Pads Reviewed", "knee", "en", 75, "knee-kneeling-pads-reviewed");
    /* Only the keyword remains. */
    check_slug("The and of", "knee pain", "en", 75, "knee-pain");
}

static void cut_at_hyphen(void **state)
{
    (void)state;
    check_slug("knee strengthening exercises at home", NULL, "en", 20, "knee-strengthening");
    check_slug("knee strengthening exercises at home", NULL, "en", 18, "knee-strengthening");
    check_slug("knee strengthening exercises at home", NULL, "en", 17, "knee");
    /* The keyword sits past the limit: it leads. */
    check_slug("Everything Beginners Should Know Before Buying Their First Sourdough Starter",
               "sourdough starter", "en", 30, "sourdough-starter");
    /* One long word: cut to the limit. */
    char *s = seo_slug("Donaudampfschifffahrtsgesellschaft", NULL, "de", 10);
    assert_non_null(s);
    check_shape(s, 10);
    assert_string_equal(s, "donaudampf");
    free(s);
}

/* Checks one URL; reports a mismatch and returns false so that every case is seen. */
static bool check_url(const char *url, const char *want)
{
    char *got = seo_slug_from_url(url);
    bool ok = want ? got && strcmp(got, want) == 0 : !got;
    if (!ok)
        print_error("slug of URL \"%s\": \"%s\", expected %s%s%s\n", url ? url : "(null)",
                    got ? got : "(none)", want ? "\"" : "", want ? want : "none", want ? "\"" : "");
    free(got);
    return ok;
}

static void from_url(void **state)
{
    (void)state;
    size_t failed = 0;
    failed += !check_url("https://leafandroot.example/guides/snake-plant-care", "snake-plant-care");
    failed += !check_url("https://x.org/guides/snake-plant/", "snake-plant");
    failed += !check_url("https://x.org/guides/snake-plant//", "snake-plant");
    failed += !check_url("https://x.org/guides/snake-plant?utm_source=news&x=1", "snake-plant");
    failed += !check_url("https://x.org/guides/snake-plant/?utm_source=news", "snake-plant");
    failed += !check_url("https://x.org/guides/snake-plant#faq", "snake-plant");
    failed += !check_url("https://x.org/guides/snake-plant/#faq", "snake-plant");
    failed += !check_url("https://x.org/a/b/c.html", "c.html");
    failed += !check_url("/guides/knee-pain/", "knee-pain");
    assert_int_equal(failed, 0);
}

static void from_url_without_path(void **state)
{
    (void)state;
    size_t failed = 0;
    failed += !check_url("https://x.org", NULL);
    failed += !check_url("https://x.org/", NULL);
    failed += !check_url("https://x.org/?p=123", NULL);
    failed += !check_url("https://x.org/#top", NULL);
    /* A slash in the query or fragment is not a path. */
    failed += !check_url("https://x.org?next=/login", NULL);
    failed += !check_url("https://x.org#/about", NULL);
    failed += !check_url("", NULL);
    failed += !check_url(NULL, NULL);
    assert_int_equal(failed, 0);
}

static void problems(void **state)
{
    (void)state;
    char why[96];
    assert_null(seo_slug_problem("snake-plant-care", SEO_SLUG_MAX, why, sizeof(why)));
    assert_null(seo_slug_problem("top-10-plants", SEO_SLUG_MAX, why, sizeof(why)));
    const char *bad[] = {"Snake-Plant",
                         "%C3%9Cber-stra%C3%9Fe",
                         "snake_plant",
                         "-snake",
                         "snake-",
                         "snake--plant",
                         "",
                         "über"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (!seo_slug_problem(bad[i], SEO_SLUG_MAX, why, sizeof(why)))
            fail_msg("\"%s\" passed as a slug", bad[i]);
        assert_string_equal(why, "is not lower-case ASCII letters and digits joined by hyphens");
    }
    char long_slug[100];
    memset(long_slug, 'a', 76);
    long_slug[76] = '\0';
    assert_string_equal(seo_slug_problem(long_slug, SEO_SLUG_MAX, why, sizeof(why)),
                        "is 76 characters, over 75");
    long_slug[75] = '\0';
    assert_null(seo_slug_problem(long_slug, SEO_SLUG_MAX, why, sizeof(why)));
    assert_string_equal(seo_slug_problem("12345", SEO_SLUG_MAX, why, sizeof(why)), "has no words");
    assert_string_equal(seo_slug_problem("2026-10", SEO_SLUG_MAX, why, sizeof(why)),
                        "has no words");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_and_stop_words),  cmocka_unit_test(accents_and_scripts),
        cmocka_unit_test(all_cyrillic_letters),  cmocka_unit_test(keyword_leads_when_missing),
        cmocka_unit_test(cut_at_hyphen),         cmocka_unit_test(from_url),
        cmocka_unit_test(from_url_without_path), cmocka_unit_test(problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
