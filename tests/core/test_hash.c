/*
 * Tests service/core/hash.c through the pipeline: the content hash is
 * "sha256:" and 64 hex digits, stable for equal input, different when the
 * draft, the effective site, the limits or the {year} change, blind to what
 * intake normalises away. Also: generation is deterministic on every fixture.
 */
#include "hash.h"

#include "seopipe.h"

#include "fixture.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define BODY "Knee pain is common in runners. Rest, ice and strength work help most people."

static const struct seo_site base_site = {
    .id = "nh",
    .name = "Northbridge Health",
    .url = "https://health.example/",
    .language = "en-GB",
    .org_name = "Northbridge Health Ltd",
    .logo = "https://health.example/logo.png",
    .author = "Editorial Team",
    .author_url = "https://health.example/team/",
    .article_type = SEO_ARTICLE,
    .separator = "|",
    .title_templates = {"{title} {sep} {site}"},
    .n_title_templates = 1,
    .medical = false,
    .timezone = "+01:00",
};

/* The hash of `input` generated with `opts`; checks its shape and that seo_read() knows it first.
 */
static void hash_of(const char *input, const struct seo_options *opts, char out[72])
{
    struct seo_result r;
    struct seo_error err;
    if (seo_generate(input, strlen(input), opts, &r, &err) != SEO_OK)
        fail_msg("seo_generate: %s", err.message);
    assert_int_equal(strlen(r.content_hash), 71);
    assert_true(strncmp(r.content_hash, "sha256:", 7) == 0);
    assert_int_equal(strspn(r.content_hash + 7, "0123456789abcdef"), 64);
    struct seo_result read;
    if (seo_read(input, strlen(input), opts, &read, &err) != SEO_OK)
        fail_msg("seo_read: %s", err.message);
    assert_string_equal(read.content_hash, r.content_hash);
    seo_result_free(&read);
    memcpy(out, r.content_hash, 72);
    seo_result_free(&r);
}

static struct seo_options with_site(const struct seo_site *site)
{
    struct seo_options o = seo_options_default();
    o.sites = site;
    o.n_sites = site ? 1 : 0;
    return o;
}

static const char base_draft[] =
    "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\", \"url\": "
    "\"https://health.example/guides/knee-pain/\", \"locale\": \"en-GB\", \"author\": {\"name\": "
    "\"Dr Ana Silva\", \"url\": \"https://health.example/team/ana\"}, \"date_published\": "
    "\"2026-03-04\", \"date_modified\": \"2026-03-06\", \"image\": "
    "\"https://cdn.health.example/knee.jpg\", \"section\": \"Guides\", \"focus_keyword\": \"knee "
    "pain\", \"tags\": [\"running\", \"knees\"], \"faq\": [{\"question\": \"Should I rest?\", "
    "\"answer\": \"Yes, for a few days.\"}], \"id\": \"42\", \"site\": \"nh\"}";

static void stable_and_well_formed(void **state)
{
    (void)state;
    struct seo_options o = with_site(&base_site);
    char a[72], b[72];
    hash_of(base_draft, &o, a);
    hash_of(base_draft, &o, b);
    assert_string_equal(a, b);
    /* A raw document too. */
    hash_of("# Knee Pain\n\n" BODY "\n", &o, a);
    hash_of("# Knee Pain\n\n" BODY "\n", &o, b);
    assert_string_equal(a, b);
}

/* Each variant of the draft differs from the base in one fact, and from each other. */
static void every_draft_fact_counts(void **state)
{
    (void)state;
    static const char *const variants[] = {
        base_draft,
        /* one byte of the body */
        "{\"title\": \"Knee Pain in Runners\", \"body\": \"Knee pain is common in runners. Rest, "
        "ice "
        "and strength work help most people!\", \"url\": \"https://health.example/guides/knee-pain/"
        "\", \"locale\": \"en-GB\", \"author\": {\"name\": \"Dr Ana Silva\", \"url\": "
        "\"https://health.example/team/ana\"}, \"date_published\": \"2026-03-04\", "
        "\"date_modified\": \"2026-03-06\", \"image\": \"https://cdn.health.example/knee.jpg\", "
        "\"section\": \"Guides\", \"focus_keyword\": \"knee pain\", \"tags\": [\"running\", "
        "\"knees\"], \"faq\": [{\"question\": \"Should I rest?\", \"answer\": \"Yes, for a few "
        "days.\"}], \"id\": \"42\", \"site\": \"nh\"}",
        /* one byte of the title */
        "{\"title\": \"Knee Pain in Runner\", \"body\": \"" BODY "\", \"url\": "
        "\"https://health.example/guides/knee-pain/\", \"locale\": \"en-GB\", \"author\": "
        "{\"name\": \"Dr Ana Silva\", \"url\": \"https://health.example/team/ana\"}, "
        "\"date_published\": \"2026-03-04\", \"date_modified\": \"2026-03-06\", \"image\": "
        "\"https://cdn.health.example/knee.jpg\", \"section\": \"Guides\", \"focus_keyword\": "
        "\"knee pain\", \"tags\": [\"running\", \"knees\"], \"faq\": [{\"question\": \"Should I "
        "rest?\", \"answer\": \"Yes, for a few days.\"}], \"id\": \"42\", \"site\": \"nh\"}",
        /* no author url */
        "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\", \"url\": "
        "\"https://health.example/guides/knee-pain/\", \"locale\": \"en-GB\", \"author\": "
        "{\"name\": \"Dr Ana Silva\"}, \"date_published\": \"2026-03-04\", \"date_modified\": "
        "\"2026-03-06\", \"image\": \"https://cdn.health.example/knee.jpg\", \"section\": "
        "\"Guides\", \"focus_keyword\": \"knee pain\", \"tags\": [\"running\", \"knees\"], "
        "\"faq\": [{\"question\": \"Should I rest?\", \"answer\": \"Yes, for a few days.\"}], "
        "\"id\": \"42\", \"site\": \"nh\"}",
        /* tags in another order */
        "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\", \"url\": "
        "\"https://health.example/guides/knee-pain/\", \"locale\": \"en-GB\", \"author\": "
        "{\"name\": \"Dr Ana Silva\", \"url\": \"https://health.example/team/ana\"}, "
        "\"date_published\": \"2026-03-04\", \"date_modified\": \"2026-03-06\", \"image\": "
        "\"https://cdn.health.example/knee.jpg\", \"section\": \"Guides\", \"focus_keyword\": "
        "\"knee pain\", \"tags\": [\"knees\", \"running\"], \"faq\": [{\"question\": \"Should I "
        "rest?\", \"answer\": \"Yes, for a few days.\"}], \"id\": \"42\", \"site\": \"nh\"}",
        /* FAQ answer */
        "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\", \"url\": "
        "\"https://health.example/guides/knee-pain/\", \"locale\": \"en-GB\", \"author\": "
        "{\"name\": \"Dr Ana Silva\", \"url\": \"https://health.example/team/ana\"}, "
        "\"date_published\": \"2026-03-04\", \"date_modified\": \"2026-03-06\", \"image\": "
        "\"https://cdn.health.example/knee.jpg\", \"section\": \"Guides\", \"focus_keyword\": "
        "\"knee pain\", \"tags\": [\"running\", \"knees\"], \"faq\": [{\"question\": \"Should I "
        "rest?\", \"answer\": \"Yes, for a week.\"}], \"id\": \"42\", \"site\": \"nh\"}",
        /* date */
        "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\", \"url\": "
        "\"https://health.example/guides/knee-pain/\", \"locale\": \"en-GB\", \"author\": "
        "{\"name\": \"Dr Ana Silva\", \"url\": \"https://health.example/team/ana\"}, "
        "\"date_published\": \"2026-03-05\", \"date_modified\": \"2026-03-06\", \"image\": "
        "\"https://cdn.health.example/knee.jpg\", \"section\": \"Guides\", \"focus_keyword\": "
        "\"knee pain\", \"tags\": [\"running\", \"knees\"], \"faq\": [{\"question\": \"Should I "
        "rest?\", \"answer\": \"Yes, for a few days.\"}], \"id\": \"42\", \"site\": \"nh\"}",
        /* medical (a MedicalWebPage) */
        "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\", \"url\": "
        "\"https://health.example/guides/knee-pain/\", \"locale\": \"en-GB\", \"author\": "
        "{\"name\": \"Dr Ana Silva\", \"url\": \"https://health.example/team/ana\"}, "
        "\"date_published\": \"2026-03-04\", \"date_modified\": \"2026-03-06\", \"image\": "
        "\"https://cdn.health.example/knee.jpg\", \"section\": \"Guides\", \"focus_keyword\": "
        "\"knee pain\", \"tags\": [\"running\", \"knees\"], \"faq\": [{\"question\": \"Should I "
        "rest?\", \"answer\": \"Yes, for a few days.\"}], \"id\": \"42\", \"site\": \"nh\", "
        "\"medical\": true}",
    };
    const size_t n = sizeof(variants) / sizeof(variants[0]);
    char hashes[sizeof(variants) / sizeof(variants[0])][72];
    struct seo_options o = with_site(&base_site);
    for (size_t i = 0; i < n; i++)
        hash_of(variants[i], &o, hashes[i]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(hashes[i], hashes[j]) == 0)
                fail_msg("drafts %zu and %zu have the same hash %s", i, j, hashes[i]);
}

/* Changing any one field of the effective site changes the hash. */
static void every_site_field_counts(void **state)
{
    (void)state;
    enum { N = 15 };
    struct seo_site sites[N];
    for (size_t i = 0; i < N; i++)
        sites[i] = base_site;
    sites[1].name = "Northbridge Healthy";
    sites[2].url = "https://health.example/uk/";
    sites[3].language = "en-US";
    sites[4].org_name = NULL;
    sites[5].logo = "https://health.example/logo2.png";
    sites[6].author = "Editors";
    sites[7].author_url = NULL;
    sites[8].article_type = SEO_BLOG_POSTING;
    sites[9].separator = "-";
    sites[10].title_templates[0] = "{title}";
    sites[11].n_title_templates = 0;
    sites[12].medical = true;
    sites[13].timezone = "+02:00";
    sites[14].id = "northbridge";
    char hashes[N + 1][72];
    for (size_t i = 0; i < N; i++) {
        struct seo_options o = with_site(&sites[i]);
        /* The draft names no site, so the only site is the effective one. */
        hash_of("{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\"}", &o, hashes[i]);
    }
    struct seo_options none = with_site(NULL);
    hash_of("{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\"}", &none, hashes[N]);
    for (size_t i = 0; i <= N; i++)
        for (size_t j = i + 1; j <= N; j++)
            if (strcmp(hashes[i], hashes[j]) == 0)
                fail_msg("site variants %zu and %zu have the same hash", i, j);

    /* Only the effective site counts: another configured site that is not chosen does not. */
    struct seo_site two[2] = {base_site, base_site};
    two[1].id = "other";
    two[1].name = "Other Site";
    struct seo_options o2 = seo_options_default();
    o2.sites = two;
    o2.n_sites = 2;
    char a[72], b[72];
    hash_of(base_draft, &o2, a);
    struct seo_options o1 = with_site(&base_site);
    hash_of(base_draft, &o1, b);
    assert_string_equal(a, b);
}

static void every_limit_counts(void **state)
{
    (void)state;
    struct seo_options o[5];
    for (size_t i = 0; i < 5; i++)
        o[i] = with_site(&base_site);
    o[1].limits.max_body_bytes -= 1;
    o[2].limits.max_faq_entries -= 1;
    o[3].limits.max_paragraphs -= 1;
    o[4].limits.max_depth -= 1;
    char hashes[5][72];
    for (size_t i = 0; i < 5; i++)
        hash_of(base_draft, &o[i], hashes[i]);
    for (size_t i = 0; i < 5; i++)
        for (size_t j = i + 1; j < 5; j++)
            if (strcmp(hashes[i], hashes[j]) == 0)
                fail_msg("limit variants %zu and %zu have the same hash", i, j);
}

/* 2025-06-01 and 2026-06-01, 00:00 UTC. */
#define JUNE_2025 1748736000LL
#define JUNE_2026 1780272000LL

static void year_counts_when_shown(void **state)
{
    (void)state;
    static const char draft[] = "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\"}";
    struct seo_site site = base_site;
    site.title_templates[0] = "{title} ({year})";
    struct seo_options o = with_site(&site);
    char a[72], b[72];
    o.now = JUNE_2025;
    struct seo_result r;
    struct seo_error err;
    assert_int_equal(seo_generate(draft, strlen(draft), &o, &r, &err), SEO_OK);
    assert_string_equal(r.meta_title, "Knee Pain in Runners (2025)");
    seo_result_free(&r);
    hash_of(draft, &o, a);
    o.now = JUNE_2026;
    hash_of(draft, &o, b);
    assert_string_not_equal(a, b);
    /* Without {year} in any template, the clock does not matter. */
    o = with_site(&base_site);
    o.now = JUNE_2025;
    hash_of(draft, &o, a);
    o.now = JUNE_2026;
    hash_of(draft, &o, b);
    assert_string_equal(a, b);
}

/* What intake normalises away (spacing, key order, NFC, empty fields) does not change the hash. */
static void normalised_input_same_hash(void **state)
{
    (void)state;
    static const char *const same[] = {
        "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\", \"section\": \"Caf\xC3\xA9"
        "\"}",
        /* trailing and leading spaces in the title, other spacing between tokens */
        "{ \"title\" : \"  Knee Pain in Runners   \" ,\n  \"body\": \"" BODY
        "\", \"section\": \"Caf\xC3\xA9\" }",
        /* keys in another order */
        "{\"section\": \"Caf\xC3\xA9\", \"body\": \"" BODY "\", \"title\": \"Knee Pain in "
        "Runners\"}",
        /* decomposed é */
        "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\", \"section\": \"Cafe\xCC\x81"
        "\"}",
        /* empty and null fields */
        "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\", \"section\": \"Caf\xC3\xA9"
        "\", \"image\": \"\", \"url\": null, \"author\": \"  \", \"tags\": []}",
        /* medical false is the default (and hashes as drafts from before the field did) */
        "{\"title\": \"Knee Pain in Runners\", \"body\": \"" BODY "\", \"section\": \"Caf\xC3\xA9"
        "\", \"medical\": false}",
    };
    struct seo_options o = with_site(&base_site);
    char first[72], h[72];
    hash_of(same[0], &o, first);
    for (size_t i = 1; i < sizeof(same) / sizeof(same[0]); i++) {
        hash_of(same[i], &o, h);
        if (strcmp(h, first) != 0)
            fail_msg("variant %zu hashes differently from the plain draft", i);
    }
}

/* ---- determinism ---- */

static char *result_json(const char *input, size_t len, const struct seo_options *opts)
{
    struct seo_result r;
    struct seo_error err;
    if (seo_generate(input, len, opts, &r, &err) != SEO_OK)
        fail_msg("seo_generate: %s", err.message);
    char *json = seo_result_json(&r);
    seo_result_free(&r);
    return json;
}

static void every_fixture_deterministic(void **state)
{
    (void)state;
    DIR *d = opendir(SEOPIPE_FIXTURES);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "EXPECTED.md") == 0 ||
            strcmp(e->d_name, "bad-json.json") == 0 || strcmp(e->d_name, "wrong-type.json") == 0)
            continue;
        size_t len;
        char *input = read_fixture(e->d_name, &len);
        struct seo_options opts[2] = {seo_options_default(), with_site(&base_site)};
        for (size_t k = 0; k < 2; k++) {
            char *a = result_json(input, len, &opts[k]);
            char *b = result_json(input, len, &opts[k]);
            if (strcmp(a, b) != 0)
                fail_msg("%s: two runs differ", e->d_name);
            free(b);
            free(a);
        }
        free(input);
        n++;
    }
    closedir(d);
    assert_true(n >= 14);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stable_and_well_formed),      cmocka_unit_test(every_draft_fact_counts),
        cmocka_unit_test(every_site_field_counts),     cmocka_unit_test(every_limit_counts),
        cmocka_unit_test(year_counts_when_shown),      cmocka_unit_test(normalised_input_same_hash),
        cmocka_unit_test(every_fixture_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
