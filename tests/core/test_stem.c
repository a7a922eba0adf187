/* Tests service/core/stem.c: word iteration (spans, case, joiners) and Snowball stems. */
#include "stem.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct expected_word {
    const char *word;
    size_t start, end;
};

/* Iterates `s` and checks every word, its byte span, and that nothing follows. */
static void check_words(const char *s, const struct expected_word *want, size_t n)
{
    struct seo_word_iter it;
    seo_words_begin(&it, s, strlen(s));
    for (size_t i = 0; i < n; i++) {
        if (!seo_words_next(&it))
            fail_msg("\"%s\": word %zu missing, expected \"%s\"", s, i, want[i].word);
        if (strcmp(it.word.data, want[i].word) != 0)
            fail_msg("\"%s\": word %zu is \"%s\", expected \"%s\"", s, i, it.word.data,
                     want[i].word);
        assert_int_equal(it.word.len, strlen(want[i].word));
        if (it.start != want[i].start || it.end != want[i].end)
            fail_msg("\"%s\": word \"%s\" spans [%zu,%zu), expected [%zu,%zu)", s, want[i].word,
                     it.start, it.end, want[i].start, want[i].end);
    }
    if (seo_words_next(&it))
        fail_msg("\"%s\": unexpected extra word \"%s\"", s, it.word.data);
    /* Stays at the end. */
    assert_false(seo_words_next(&it));
    seo_words_end(&it);
}

static void words_are_lower_cased_with_spans(void **state)
{
    (void)state;
    /* "Don’t" has a 3-byte apostrophe: bytes 0..6. The em dash (3 bytes) separates. */
    static const struct expected_word want[] = {
        {"don't", 0, 7},    {"stop", 8, 12},  {"person's", 15, 23},
        {"e-mail", 24, 30}, {"café", 32, 37}, {"2026", 38, 42},
    };
    check_words("Don\xE2\x80\x99t STOP\xE2\x80\x94person's e-mail, Caf\xC3\x89 2026!", want,
                COUNT(want));
}

static void joiners_only_inside_words(void **state)
{
    (void)state;
    /* Leading and trailing apostrophes and hyphens are not part of a word. */
    static const struct expected_word want[] = {
        {"quoted", 1, 7},
        {"dash", 10, 14},
        {"word's", 16, 22},
        {"well-known", 23, 33},
    };
    check_words("'quoted' -dash- word's well-known-", want, COUNT(want));
    /* Non-breaking hyphen U+2011 joins too and is kept. */
    static const struct expected_word nb[] = {{"e\xE2\x80\x91mail", 0, 8}};
    check_words("e\xE2\x80\x91mail", nb, COUNT(nb));
}

static void unicode_letters_and_marks(void **state)
{
    (void)state;
    /* Greek capitals lower-case; a combining acute stays inside the word. */
    static const struct expected_word want[] = {
        {"\xCF\x83\xCE\xBF\xCF\x86\xCE\xB9\xCE\xB1", 0, 10}, /* σοφια */
        {"cafe\xCC\x81", 11, 17},
        {"stra\xC3\x9F"
         "e",
         18, 25},
    };
    check_words("\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91 Cafe\xCC\x81 STRA\xC3\x9F"
                "E",
                want, COUNT(want));
}

static void no_words(void **state)
{
    (void)state;
    check_words("", NULL, 0);
    check_words("  -- ... ?! \xE2\x80\x94 ", NULL, 0);
}

/* The stem of `word` in `lang`, appended after a marker to show seo_stem appends. */
static void check_stem(struct seo_stemmer *st, const char *word, const char *want)
{
    struct seo_buf out = {0};
    seo_buf_puts(&out, "#");
    seo_stem(st, word, strlen(word), &out);
    if (out.data[0] != '#' || strcmp(out.data + 1, want) != 0)
        fail_msg("stem of \"%s\": \"%s\", expected \"#%s\"", word, out.data, want);
    seo_buf_free(&out);
}

static void english_stems(void **state)
{
    (void)state;
    struct seo_stemmer *st = seo_stemmer_new("en");
    check_stem(st, "running", "run");
    check_stem(st, "exercises", "exercis");
    check_stem(st, "exercise", "exercis");
    check_stem(st, "strengthening", "strengthen");
    check_stem(st, "pains", "pain");
    check_stem(st, "pain", "pain");
    check_stem(st, "knees", "knee");
    check_stem(st, "composting", "compost");
    /* Possessive 's is dropped before stemming: "person's" meets "person". */
    check_stem(st, "person's", "person");
    check_stem(st, "person", "person");
    check_stem(st, "doctor's", "doctor");
    seo_stemmer_free(st);
}

static void other_languages(void **state)
{
    (void)state;
    struct seo_stemmer *de = seo_stemmer_new("de");
    check_stem(de, "balkonkraftwerke", "balkonkraftwerk");
    seo_stemmer_free(de);
    struct seo_stemmer *fr = seo_stemmer_new("fr");
    check_stem(fr, "cr\xC3\xAApes", "cr\xC3\xAAp");
    seo_stemmer_free(fr);
    /* No stemmer: the word itself. */
    struct seo_stemmer *none = seo_stemmer_new("xx");
    check_stem(none, "running", "running");
    check_stem(none, "person's", "person");
    seo_stemmer_free(none);
    seo_stemmer_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_are_lower_cased_with_spans),
        cmocka_unit_test(joiners_only_inside_words),
        cmocka_unit_test(unicode_letters_and_marks),
        cmocka_unit_test(no_words),
        cmocka_unit_test(english_stems),
        cmocka_unit_test(other_languages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
