/*
 * Tests service/core/keyword.c: content-word stems of phrases, counting them,
 * and the focus keyword choice (given, hint, title phrase, none).
 */
#include "keyword.h"

#include "seopipe.h"

#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* ---- stems ---- */

static void stems(struct seo_stems *out, const char *text, const char *lang)
{
    struct seo_stemmer *st = seo_stemmer_new(lang);
    memset(out, 0, sizeof(*out));
    seo_stems_of(out, text, strlen(text), st);
    seo_stemmer_free(st);
}

/* Checks the stems of `s` one by one against `want` (NULL-terminated). */
static void check_stems(const struct seo_stems *s, const char *const *want)
{
    size_t n = 0;
    for (; want[n]; n++) {
        if (n >= s->n)
            fail_msg("stem %zu missing, expected \"%s\"", n, want[n]);
        if (s->len[n] != strlen(want[n]) ||
            memcmp(s->text.data + s->off[n], want[n], s->len[n]) != 0)
            fail_msg("stem %zu is \"%.*s\", expected \"%s\"", n, (int)s->len[n],
                     s->text.data + s->off[n], want[n]);
    }
    assert_int_equal(s->n, n);
}

static void stems_drop_stop_words(void **state)
{
    (void)state;
    struct seo_stems s;
    stems(&s, "Managing the pain of the Back during Sex", "en");
    check_stems(&s, (const char *const[]){"manag", "pain", "back", "sex", NULL});
    seo_stems_free(&s);
    assert_null(s.off);
    assert_int_equal(s.n, 0);

    /* Appends to what is there. */
    struct seo_stemmer *st = seo_stemmer_new("en");
    stems(&s, "knee pains", "en");
    seo_stems_of(&s, "for Running", strlen("for Running"), st);
    check_stems(&s, (const char *const[]){"knee", "pain", "run", NULL});
    seo_stems_free(&s);
    seo_stemmer_free(st);

    /* Only stop words: nothing. */
    stems(&s, "What is it about?", "en");
    assert_int_equal(s.n, 0);
    seo_stems_free(&s);
}

static size_t count(const char *hay, const char *needle, const char *lang)
{
    struct seo_stems h, n;
    stems(&h, hay, lang);
    stems(&n, needle, lang);
    size_t c = seo_stems_count(&h, &n);
    seo_stems_free(&h);
    seo_stems_free(&n);
    return c;
}

static void stems_count_phrases(void **state)
{
    (void)state;
    assert_int_equal(count("Managing sex back pain", "sex back pain", "en"), 1);
    /* Inflections and stop words in between do not matter. */
    assert_int_equal(count("Her back pains got worse.", "back pain", "en"), 1);
    assert_int_equal(count("Back pain is common. Lower back pains last longer.", "back pain", "en"),
                     2);
    /* Order matters; words must be consecutive content words. */
    assert_int_equal(count("pain back", "back pain", "en"), 0);
    assert_int_equal(count("back muscle pain", "back pain", "en"), 0);
    /* Overlapping occurrences each count. */
    assert_int_equal(count("pain pain pain", "pain pain", "en"), 2);
    /* An empty needle (or one of stop words only) never matches; nor does a longer needle. */
    assert_int_equal(count("back pain", "", "en"), 0);
    assert_int_equal(count("back pain", "of the", "en"), 0);
    assert_int_equal(count("pain", "back pain", "en"), 0);
    /* Other languages use their own stop words and stemmer. */
    assert_int_equal(count("Réussir sa pâte à crêpes", "pâte à crêpes", "fr"), 1);
    assert_int_equal(count("Die Balkonkraftwerke der Mieter", "Balkonkraftwerk", "de"), 1);
}

/* ---- focus keyword ---- */

static void generate(const char *input, struct seo_result *r)
{
    struct seo_options opts = seo_options_default();
    struct seo_error err;
    if (seo_generate(input, strlen(input), &opts, r, &err) != SEO_OK)
        fail_msg("seo_generate: %s", err.message);
}

/* seo_keyword_choose with a stemmer of the document's language. */
static char *choose(const struct seo_result *r, const char *given, const char *hint,
                    struct seo_warnings *w)
{
    struct seo_stemmer *st = seo_stemmer_new(r->doc.language);
    struct seo_doc_stems ds;
    seo_doc_stems_build(&ds, &r->doc, st);
    char *k = seo_keyword_choose(&r->doc, &ds, &r->faq, given, hint, st, w);
    seo_doc_stems_free(&ds);
    seo_stemmer_free(st);
    return k;
}

static bool has_warning(const struct seo_warnings *w, const char *code)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->items[i].code, code) == 0)
            return true;
    return false;
}

/*
 * An article about knee exercises names the knee and its anatomy far more
 * often than the full phrase; the editor's keyword is still the specific
 * title phrase the article keeps using.
 */
static const char knee_article[] =
    "# Knee Strengthening Exercises for Stronger Joints\n\n"
    "Your knee carries your weight with every step. The knee joint sits between the thigh bone "
    "and the shin bone, and the kneecap glides in a groove at the front of the knee. When the "
    "quadriceps and hamstrings are weak, the knee takes more of the load, the cartilage wears "
    "and the knee starts to ache.\n\n"
    "## Why the knee needs strong muscles\n\n"
    "The quadriceps straighten the knee and steady the kneecap. The hamstrings bend the knee "
    "and protect the ligaments of the knee from twisting. Knee pain often means these muscles "
    "have stopped doing their share. Knee strengthening exercises build them back up without "
    "straining the knee.\n\n"
    "## How to start\n\n"
    "Do the knee strengthening exercises below three times a week. Keep the knee in line with "
    "your second toe, move slowly and stop if the knee hurts sharply. A sore knee the next "
    "morning means you did too much; a tired thigh means you did it right.\n\n"
    "Wall sits load the quadriceps with the knee bent. Straight leg raises work the thigh "
    "while the knee stays straight. Bridges wake up the hamstrings and the glutes, which keep "
    "the knee from rolling inward. After a month of knee strengthening exercises most people "
    "find stairs easier and the knee steadier.\n";

static void specific_title_phrase_beats_frequent_word(void **state)
{
    (void)state;
    struct seo_result r;
    generate(knee_article, &r);
    assert_string_equal(r.doc.title, "Knee Strengthening Exercises for Stronger Joints");
    assert_non_null(r.focus_keyword);
    assert_string_equal(r.focus_keyword, "knee strengthening exercises");

    /* The same choice when called directly, without hint. */
    struct seo_warnings w = {0};
    char *k = choose(&r, NULL, NULL, &w);
    assert_string_equal(k, "knee strengthening exercises");
    assert_int_equal(w.n, 0);
    free(k);
    seo_warnings_free(&w);
    seo_result_free(&r);

    /* The fixture the article is modelled on. */
    size_t len;
    char *input = read_fixture("markdown-knee-exercises.md", &len);
    struct seo_options opts = seo_options_default();
    struct seo_error err;
    assert_int_equal(seo_generate(input, len, &opts, &r, &err), SEO_OK);
    assert_string_equal(r.focus_keyword, "knee strengthening exercises");
    seo_result_free(&r);
    free(input);
}

static void given_keyword_wins(void **state)
{
    (void)state;
    struct seo_result r;
    generate(knee_article, &r);
    struct seo_warnings w = {0};
    /* Lower case, spacing normalised, even against a confirmed hint. */
    char *k = choose(&r, "  Knee  REHAB\tPlan ", "knee pain", &w);
    assert_string_equal(k, "knee rehab plan");
    assert_int_equal(w.n, 0);
    free(k);
    seo_warnings_free(&w);
    seo_result_free(&r);

    /* From a JSON draft's focus_keyword, through the pipeline. */
    generate("{\"title\": \"Knee Strengthening Exercises\", \"focus_keyword\": \"Wall Sits\", "
             "\"body\": \"Knee strengthening exercises help the knee. Do them daily.\"}",
             &r);
    assert_string_equal(r.focus_keyword, "wall sits");
    seo_result_free(&r);
}

/*
 * The draft's own keyword is kept as written (trimmed, spacing collapsed,
 * lower case): punctuation that is part of it stays. It is tokenised only
 * for matching, so "c++ compilers" still matches "C++ compilers" in the body.
 */
static void given_keyword_keeps_its_text(void **state)
{
    (void)state;
    struct seo_result r;
    generate("{\"title\": \"Choosing C++ Compilers\", \"focus_keyword\": \" C++  compilers \", "
             "\"tags\": [\"c++ compilers\"], \"body\": \"C++ compilers differ in speed. GCC "
             "and Clang are the C++ compilers most teams use.\"}",
             &r);
    assert_string_equal(r.focus_keyword, "c++ compilers");
    /* It reaches the Article's keywords as given, once (the equal tag is not repeated). */
    const json_t *graph = json_object_get(r.jsonld, "@graph");
    const json_t *keywords = json_object_get(json_array_get(graph, 0), "keywords");
    assert_int_equal(json_array_size(keywords), 1);
    assert_string_equal(json_string_value(json_array_get(keywords, 0)), "c++ compilers");
    seo_result_free(&r);

    struct seo_warnings w = {0};
    generate(knee_article, &r);
    static const struct {
        const char *given, *want;
    } cases[] = {
        {"tips & tricks", "tips & tricks"},
        {"C++ compilers", "c++ compilers"},
        /* a no-break space and a line break are spacing; the typographic apostrophe stays */
        {"Knee\xC2\xA0pain:\n what\xE2\x80\x99s next?", "knee pain: what\xE2\x80\x99s next?"},
        {"\xC3\x89T\xC3\x89 \xC3\x80 PARIS", "\xC3\xA9t\xC3\xA9 \xC3\xA0 paris"},
        {"C#", "c#"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *k = choose(&r, cases[i].given, NULL, &w);
        assert_string_equal(k, cases[i].want);
        free(k);
    }
    /* Nothing but a no-break space is no keyword: the title phrase is chosen. */
    char *k = choose(&r, "\xC2\xA0", NULL, &w);
    assert_string_equal(k, "knee strengthening exercises");
    free(k);
    assert_int_equal(w.n, 0);
    seo_warnings_free(&w);
    seo_result_free(&r);
}

static void hint_only_when_body_confirms(void **state)
{
    (void)state;
    struct seo_result r;
    generate(knee_article, &r);
    struct seo_warnings w = {0};
    /* "quadriceps" occurs in the body: the AI tool's hint is taken. */
    char *k = choose(&r, NULL, "Quadriceps", &w);
    assert_string_equal(k, "quadriceps");
    free(k);
    /* Inflected in the body ("straight leg raises") still confirms. */
    k = choose(&r, NULL, "straight leg raise", &w);
    assert_string_equal(k, "straight leg raise");
    free(k);
    /* Not in the body: ignored, the title phrase wins. */
    k = choose(&r, NULL, "hip replacement surgery", &w);
    assert_string_equal(k, "knee strengthening exercises");
    free(k);
    /* Only in the title (not in the body): not confirmed either. */
    k = choose(&r, NULL, "stronger joints", &w);
    assert_string_equal(k, "knee strengthening exercises");
    free(k);
    assert_int_equal(w.n, 0);
    seo_warnings_free(&w);
    seo_result_free(&r);
}

static void title_without_content_words(void **state)
{
    (void)state;
    struct seo_result r;
    generate("# What Is It About?\n\nThe garden needs water every morning in summer. Roses and "
             "tomatoes suffer first.\n",
             &r);
    assert_string_equal(r.doc.title, "What Is It About?");
    assert_null(r.focus_keyword);
    assert_true(has_warning(&r.warnings, "no_focus_keyword"));

    struct seo_warnings w = {0};
    char *k = choose(&r, NULL, NULL, &w);
    assert_null(k);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.items[0].code, "no_focus_keyword");
    seo_warnings_free(&w);
    seo_result_free(&r);
}

static void title_phrase_unconfirmed_by_body(void **state)
{
    (void)state;
    struct seo_result r;
    generate("# Winter Beekeeping Basics\n\nThe garden needs water every morning in summer. Roses "
             "and tomatoes suffer first.\n",
             &r);
    /* Nothing in the body confirms a title phrase: its first content words, with a warning. */
    assert_string_equal(r.focus_keyword, "winter beekeeping basics");
    assert_true(has_warning(&r.warnings, "keyword_unconfirmed"));
    seo_result_free(&r);
}

/* Seed 000: the title phrase alone gives "sex back pain", without the embedded hint. */
static void seed_000_without_hint(void **state)
{
    (void)state;
    size_t len;
    char *input = read_fixture("seed-000-sex-back-pain.txt", &len);
    struct seo_options opts = seo_options_default();
    struct seo_result r;
    struct seo_error err;
    assert_int_equal(seo_generate(input, len, &opts, &r, &err), SEO_OK);
    assert_string_equal(r.focus_keyword, "sex back pain");
    struct seo_warnings w = {0};
    char *k = choose(&r, NULL, NULL, &w);
    assert_non_null(k);
    assert_string_equal(k, "sex back pain");
    assert_int_equal(w.n, 0);
    free(k);
    seo_warnings_free(&w);
    seo_result_free(&r);
    free(input);
}

static void fixture_keywords(void **state)
{
    (void)state;
    static const struct {
        const char *fixture, *keyword;
    } cases[] = {
        {"seed-004-care-instructions.txt", "back pain"},
        {"no-questions.txt", "sourdough starter"},
        {"strapi-draft.json", "snake plant"},
        {"windows-crlf.txt", "cast iron skillet"},
        {"scraped-nav-cruft.html", "bulky waste collection"},
        {"ai-draft-embedded-jsonld.txt", "tech neck"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len;
        char *input = read_fixture(cases[i].fixture, &len);
        struct seo_options opts = seo_options_default();
        struct seo_result r;
        struct seo_error err;
        assert_int_equal(seo_generate(input, len, &opts, &r, &err), SEO_OK);
        if (!r.focus_keyword || strcmp(r.focus_keyword, cases[i].keyword) != 0)
            fail_msg("%s: keyword \"%s\", expected \"%s\"", cases[i].fixture,
                     r.focus_keyword ? r.focus_keyword : "(null)", cases[i].keyword);
        seo_result_free(&r);
        free(input);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stems_drop_stop_words),
        cmocka_unit_test(stems_count_phrases),
        cmocka_unit_test(specific_title_phrase_beats_frequent_word),
        cmocka_unit_test(given_keyword_wins),
        cmocka_unit_test(given_keyword_keeps_its_text),
        cmocka_unit_test(hint_only_when_body_confirms),
        cmocka_unit_test(title_without_content_words),
        cmocka_unit_test(title_phrase_unconfirmed_by_body),
        cmocka_unit_test(seed_000_without_hint),
        cmocka_unit_test(fixture_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
