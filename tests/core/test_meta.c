/*
 * Tests service/core/meta.c: the meta title (templates, natural cuts, word
 * cuts as a last resort, 60 characters and 600 px whatever the title, keyword
 * first and kept when the title is cut, capitals) and the meta description
 * (121-156 characters from the draft's own sentences, holding the keyword,
 * never opened by a sentence that leans on one it leaves out),
 * on hand-made titles and on every real-world fixture.
 */
#include "meta.h"

#include "keyword.h"
#include "lang.h"
#include "seopipe.h"
#include "stem.h"
#include "width.h"

#include "fixture.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

/* ---- helpers ---- */

/* Fixtures that are drafts (the rejected ones and the spec are not), sorted; caller frees. */
static char **fixture_names(size_t *n)
{
    DIR *d = opendir(SEOPIPE_FIXTURES);
    assert_non_null(d);
    char **names = NULL;
    *n = 0;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        if (e->d_name[0] == '.' || strcmp(e->d_name, "EXPECTED.md") == 0 ||
            strcmp(e->d_name, "bad-json.json") == 0 || strcmp(e->d_name, "wrong-type.json") == 0)
            continue;
        names = realloc(names, (*n + 1) * sizeof(*names));
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < *n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    assert_true(*n >= 14);
    return names;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static const struct seo_site test_site = {
    .id = "nh",
    .name = "Northbridge Health",
    .url = "https://health.example/",
    .separator = "|",
};

static void run_fixture(const char *name, const struct seo_site *site, struct seo_result *r)
{
    size_t len;
    char *input = read_fixture(name, &len);
    struct seo_options opts = seo_options_default();
    if (site) {
        opts.sites = site;
        opts.n_sites = 1;
    }
    struct seo_error err;
    if (seo_generate(input, len, &opts, r, &err) != SEO_OK)
        fail_msg("%s: %s", name, err.message);
    free(input);
}

/* The words of s[0..n), lower-cased and joined by single spaces; caller frees. */
static char *lower_words(const char *s, size_t n)
{
    struct seo_word_iter it;
    struct seo_buf out = {0};
    seo_words_begin(&it, s, n);
    while (seo_words_next(&it)) {
        if (out.len)
            seo_buf_putc(&out, ' ');
        seo_buf_append(&out, it.word.data, it.word.len);
    }
    seo_words_end(&it);
    return seo_buf_take(&out);
}

/* s[0..n) is the whole title or the title up to the end of one of its words. */
static bool word_prefix(const char *s, size_t n, const char *title)
{
    if (strncmp(s, title, n) != 0 || n > strlen(title))
        return false;
    if (title[n] == '\0')
        return true;
    struct seo_word_iter it;
    bool ok = false;
    seo_words_begin(&it, title, strlen(title));
    while (!ok && seo_words_next(&it))
        ok = it.end == n;
    seo_words_end(&it);
    return ok;
}

/*
 * s[0..n) is a run of the title's words: it starts where one of them starts
 * (its first letter may be capitalised) and ends where one ends or the title
 * does ("Knee Strengthening Exercises for Runners" in "The Complete Guide to
 * Knee Strengthening Exercises for Runners Over Forty").
 */
static bool word_part(const char *s, size_t n, const char *title)
{
    size_t len = strlen(title), first_len = 0;
    if (!n)
        return false;
    int32_t first = 0;
    first_len = (size_t)utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &first);
    struct seo_word_iter it;
    bool start_ok = false, ok = false;
    size_t at = 0;
    seo_words_begin(&it, title, len);
    while (!ok && seo_words_next(&it)) {
        if (!start_ok && it.start + n <= len) {
            int32_t cp = 0;
            size_t cp_len = (size_t)utf8proc_iterate((const utf8proc_uint8_t *)title + it.start,
                                                     (utf8proc_ssize_t)(len - it.start), &cp);
            if (cp_len == first_len && (cp == first || utf8proc_toupper(cp) == first) &&
                memcmp(title + it.start + cp_len, s + first_len, n - first_len) == 0) {
                start_ok = true;
                at = it.start;
            }
        }
        ok = start_ok && it.end == at + n;
    }
    seo_words_end(&it);
    return ok || (start_ok && at + n == len);
}

/* "Keyword: " at the start of s (any case, as the keyword's words); its length, else 0. */
static size_t keyword_lead(const char *s, const char *keyword)
{
    const char *colon = keyword ? strstr(s, ": ") : NULL;
    if (!colon)
        return 0;
    char *lead = lower_words(s, (size_t)(colon - s));
    size_t n = strcmp(lead, keyword) == 0 ? (size_t)(colon - s) + 2 : 0;
    free(lead);
    return n;
}

static size_t keyword_count(const char *text, const char *keyword, const char *lang)
{
    struct seo_stemmer *st = seo_stemmer_new(lang);
    struct seo_stems hay = {0}, needle = {0};
    seo_stems_of(&hay, text, strlen(text), st);
    seo_stems_of(&needle, keyword, strlen(keyword), st);
    size_t c = seo_stems_count(&hay, &needle);
    seo_stems_free(&hay);
    seo_stems_free(&needle);
    seo_stemmer_free(st);
    return c;
}

static void check_title_limits(const char *where, const char *t)
{
    size_t chars = seo_meta_chars(t);
    double px = seo_width_px(t, strlen(t));
    if (chars > SEO_TITLE_MAX_CHARS || px > SEO_TITLE_MAX_PX)
        fail_msg("%s: meta title \"%s\" has %zu characters and %.1f px (limits 60 and 600)", where,
                 t, chars, px);
}

/* Brackets and double quotes come in pairs: a cut never drops a closing one. */
static bool balanced(const char *s)
{
    int paren = 0, square = 0, angle = 0, quotes = 0;
    for (; *s; s++) {
        paren += (*s == '(') - (*s == ')');
        square += (*s == '[') - (*s == ']');
        angle += (*s == '<') - (*s == '>');
        quotes += *s == '"';
        if (paren < 0 || square < 0 || angle < 0)
            return false;
    }
    return paren == 0 && square == 0 && angle == 0 && quotes % 2 == 0;
}

/*
 * The meta title is the title, or a run of its words (never cut mid-word),
 * optionally after a "Keyword: " lead and before " {sep} {site}", within the
 * limits, holding the keyword when the title does.
 */
static void check_meta_title(const char *where, const struct seo_result *r, const char *site_part)
{
    const char *t = r->meta_title;
    if (!t)
        fail_msg("%s: no meta title", where);
    check_title_limits(where, t);
    if (balanced(r->doc.title) && !balanced(t))
        fail_msg("%s: meta title \"%s\" has an unclosed bracket or quote", where, t);
    if (r->focus_keyword && keyword_count(r->doc.title, r->focus_keyword, r->doc.language) &&
        !keyword_count(t, r->focus_keyword, r->doc.language))
        fail_msg("%s: meta title \"%s\" lost the keyword \"%s\" of the title \"%s\"", where, t,
                 r->focus_keyword, r->doc.title);
    size_t n = strlen(t);
    if (site_part && n > strlen(site_part) && strcmp(t + n - strlen(site_part), site_part) == 0)
        n -= strlen(site_part);
    if (word_prefix(t, n, r->doc.title) || word_part(t, n, r->doc.title))
        return;
    size_t lead = keyword_lead(t, r->focus_keyword);
    if (lead && (word_prefix(t + lead, n - lead, r->doc.title) ||
                 word_part(t + lead, n - lead, r->doc.title)))
        return;
    fail_msg("%s: meta title \"%s\" is not made of the words of the title \"%s\"", where, t,
             r->doc.title);
}

/* The text of sentence i of the document. */
static const char *sentence_text(const struct seo_document *doc, size_t i, size_t *len)
{
    const struct seo_sentence *s = &doc->sentences[i];
    const struct seo_block *b = &doc->blocks[s->block];
    const char *text = s->item == (size_t)-1 ? b->content.text : b->items[s->item].text;
    *len = s->len;
    return text + s->start;
}

/*
 * d[0..n) is a run of the document's sentences joined by spaces; when
 * `truncated`, the last one may be cut (a prefix of a sentence).
 */
static bool made_of_sentences(const struct seo_document *doc, const char *d, size_t n,
                              bool truncated)
{
    size_t pos = 0;
    while (pos < n) {
        bool found = false;
        for (size_t i = 0; i < doc->n_sentences && !found; i++) {
            size_t len;
            const char *s = sentence_text(doc, i, &len);
            if (len <= n - pos && memcmp(d + pos, s, len) == 0 &&
                (pos + len == n || d[pos + len] == ' ')) {
                pos += len + 1;
                found = true;
            }
        }
        if (found)
            continue;
        /* The cut last sentence. */
        for (size_t i = 0; truncated && i < doc->n_sentences; i++) {
            size_t len;
            const char *s = sentence_text(doc, i, &len);
            if (n - pos < len && memcmp(d + pos, s, n - pos) == 0)
                return true;
        }
        return false;
    }
    return true;
}

#define ELLIPSIS "\xE2\x80\xA6"

/* s opens with a word that needs the sentence before it ("But …", "That is …", "Trotzdem …"). */
static bool opens_leaning_back(const char *s)
{
    static const char *const words[] = {"and",     "but",  "or",   "so",    "yet",
                                        "however", "also", "that", "these", "they",
                                        "instead", "aber", "und",  "oder",  "trotzdem",
                                        "deshalb", "mais", "et",   "donc",  "pourtant"};
    char *opening = lower_words(s, strcspn(s, " ,"));
    bool found = false;
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        found |= strcmp(opening, words[i]) == 0;
    free(opening);
    return found;
}

static void check_meta_description(const char *where, const struct seo_result *r)
{
    const char *d = r->meta_description;
    if (!d)
        fail_msg("%s: no meta description", where);
    size_t chars = seo_meta_chars(d), n = strlen(d);
    if (chars < SEO_DESCRIPTION_MIN || chars > SEO_DESCRIPTION_MAX)
        fail_msg("%s: meta description has %zu characters (121-156): \"%s\"", where, chars, d);
    bool truncated = n >= 3 && strcmp(d + n - 3, ELLIPSIS) == 0;
    if (!truncated && !strchr(".!?", d[n - 1]))
        fail_msg("%s: meta description ends with '%c': \"%s\"", where, d[n - 1], d);
    size_t body_end = truncated ? n - 3 : n;
    if (body_end && strchr(" ,;:", d[body_end - 1]))
        fail_msg("%s: meta description ends with \"%c\" before the ellipsis: \"%s\"", where,
                 d[body_end - 1], d);
    if (r->focus_keyword) {
        size_t c = keyword_count(d, r->focus_keyword, r->doc.language);
        if (c < 1 || c > 2)
            fail_msg("%s: keyword \"%s\" occurs %zu times in \"%s\"", where, r->focus_keyword, c,
                     d);
    }
    size_t lead = keyword_lead(d, r->focus_keyword);
    if (opens_leaning_back(d + lead))
        fail_msg("%s: meta description opens with a word that points back: \"%s\"", where, d);
    if (made_of_sentences(&r->doc, d, body_end, truncated))
        return;
    if (lead && made_of_sentences(&r->doc, d + lead, body_end - lead, truncated))
        return;
    fail_msg("%s: meta description is not made of the document's sentences: \"%s\"", where, d);
}

/* ---- characters ---- */

static void characters_are_code_points(void **state)
{
    (void)state;
    assert_int_equal(seo_meta_chars(""), 0);
    assert_int_equal(seo_meta_chars("abc"), 3);
    assert_int_equal(seo_meta_chars("caf\xC3\xA9"), 4);
    assert_int_equal(seo_meta_chars(ELLIPSIS), 1);
    assert_int_equal(seo_meta_chars("\xE6\x97\xA5\xE6\x9C\xAC"), 2); /* 日本 */
    assert_int_equal(seo_meta_chars("a\xF0\x9F\x98\x80z"), 3);       /* a😀z */
    assert_int_equal(seo_meta_chars("cafe\xCC\x81"), 5);             /* e + combining acute */
}

/* ---- title ---- */

/* The meta title of `v` in v->lang, within the limits; caller frees. */
static char *meta_title(struct seo_title_vars *v, const char *const *templates, size_t n,
                        struct seo_warnings *warnings)
{
    v->stemmer = seo_stemmer_new(v->lang);
    char *t = seo_meta_title(v, templates, n, warnings);
    seo_stemmer_free(v->stemmer);
    assert_non_null(t);
    check_title_limits(v->title, t);
    return t;
}

static char *title_of(const char *title, const char *keyword, const char *site, const char *sep,
                      int year, size_t sections, const char *const *templates, size_t n)
{
    struct seo_title_vars v = {
        .title = title,
        .keyword = keyword,
        .site = site,
        .sep = sep,
        .year = year,
        .sections = sections,
        .lang = "en",
    };
    return meta_title(&v, templates, n, NULL);
}

#define EXPECT_TITLE(want, ...)                                                                    \
    do {                                                                                           \
        char *got_ = title_of(__VA_ARGS__);                                                        \
        if (strcmp(got_, want) != 0)                                                               \
            fail_msg("meta title \"%s\", expected \"%s\"", got_, want);                            \
        free(got_);                                                                                \
    } while (0)

static void default_templates(void **state)
{
    (void)state;
    /* The title holds the keyword: no keyword lead. */
    EXPECT_TITLE("Knee Pain Relief at Home", "Knee Pain Relief at Home", "knee pain", NULL, "|", 0,
                 0, NULL, 0);
    EXPECT_TITLE("Knee Pain Relief at Home | Northbridge Health", "Knee Pain Relief at Home",
                 "knee pain", "Northbridge Health", "|", 0, 0, NULL, 0);
    /* The title lacks the keyword: it leads, in Title Case. */
    EXPECT_TITLE("Knee Pain: A Complete Guide to Healthy Joints",
                 "A Complete Guide to Healthy Joints", "knee pain", NULL, "|", 0, 0, NULL, 0);
    EXPECT_TITLE("Knee Pain: A Complete Guide to Healthy Joints | NH",
                 "A Complete Guide to Healthy Joints", "knee pain", "NH", "|", 0, 0, NULL, 0);
    /* An inflected keyword is still "in" the title. */
    EXPECT_TITLE("Knee Pains and How to Treat Them", "Knee Pains and How to Treat Them",
                 "knee pain", NULL, "|", 0, 0, NULL, 0);
    /* No keyword at all. */
    EXPECT_TITLE("A Complete Guide to Healthy Joints", "A Complete Guide to Healthy Joints", NULL,
                 NULL, "|", 0, 0, NULL, 0);
}

static void site_templates(void **state)
{
    (void)state;
    static const char *const site_sep[] = {"{title} {sep} {site}"};
    EXPECT_TITLE("Knee Pain Relief at Home \xE2\x80\x93 Northbridge Health",
                 "Knee Pain Relief at Home", "knee pain", "Northbridge Health", "\xE2\x80\x93", 0,
                 0, site_sep, 1);
    static const char *const year[] = {"{title} ({year})"};
    EXPECT_TITLE("Knee Pain Relief at Home (2026)", "Knee Pain Relief at Home", "knee pain", NULL,
                 "|", 2026, 0, year, 1);
    static const char *const sections[] = {"{sections} {title}"};
    EXPECT_TITLE("7 Knee Exercises You Can Do at Home", "Knee Exercises You Can Do at Home",
                 "knee exercises", NULL, "|", 0, 7, sections, 1);
    /* A site's own keyword template, whatever the title holds. */
    static const char *const kw[] = {"{keyword} {sep} {title}"};
    EXPECT_TITLE("Wall Sits | Knee Exercises You Can Do at Home",
                 "Knee Exercises You Can Do at Home", "wall sits", NULL, "|", 0, 0, kw, 1);
}

static void templates_without_value_are_skipped(void **state)
{
    (void)state;
    /* Unknown variable, no site, empty site, year 0, no sections, no keyword, unclosed brace:
     * each template is skipped, the plain one wins. */
    static const char *const tpls[] = {
        "{title} {sep} {brand}", "{title} {sep} {site}", "{title} ({year})", "{sections} {title}",
        "{keyword}: {title}",    "{title} {sep",         "{title}",
    };
    const size_t n = sizeof(tpls) / sizeof(tpls[0]);
    EXPECT_TITLE("Knee Pain Relief at Home", "Knee Pain Relief at Home", NULL, NULL, "|", 0, 0,
                 tpls, n);
    EXPECT_TITLE("Knee Pain Relief at Home", "Knee Pain Relief at Home", NULL, "", "|", 0, 0, tpls,
                 n);
    /* An empty separator leaves {sep} without value too. */
    static const char *const sep[] = {"{title} {sep} {site}", "{title}"};
    EXPECT_TITLE("Knee Pain Relief at Home", "Knee Pain Relief at Home", NULL, "NH", "", 0, 0, sep,
                 2);
}

static void capitals_become_title_case(void **state)
{
    (void)state;
    EXPECT_TITLE("Knee Pain: A Complete Guide", "KNEE PAIN: A COMPLETE GUIDE", "knee pain", NULL,
                 "|", 0, 0, NULL, 0);
    EXPECT_TITLE("Don't Ignore Knee Pain", "DON'T IGNORE KNEE PAIN", "knee pain", NULL, "|", 0, 0,
                 NULL, 0);
    /* Mixed case is the author's choice and kept; so is a short acronym title. */
    EXPECT_TITLE("NHS Guide to Knee Pain", "NHS Guide to Knee Pain", "knee pain", NULL, "|", 0, 0,
                 NULL, 0);
}

static void long_titles_are_cut_at_words(void **state)
{
    (void)state;
    /* Too long (70 characters): cut before the conjunction, keeping the keyword. */
    EXPECT_TITLE("Effective Strategies for Managing Sex Back Pain",
                 "Effective Strategies for Managing Sex Back Pain and Enhancing Intimacy",
                 "sex back pain", NULL, "|", 0, 0, NULL, 0);
    /* Under 60 characters but wider than 600 px: cut too, never mid-word. */
    const char *wide = "Mammoth Meadows: Wild Women Walking With Wombats in Warm Mud";
    assert_true(seo_meta_chars(wide) <= 60);
    assert_true(seo_width_px(wide, strlen(wide)) > 600.0);
    char *t = title_of(wide, "mammoth meadows", NULL, "|", 0, 0, NULL, 0);
    assert_true(word_prefix(t, strlen(t), wide));
    assert_string_equal(t, "Mammoth Meadows: Wild Women Walking With Wombats");
    free(t);
    /* No stop word and no punctuation to cut at: the last word that fits. */
    const char *run = "Knee Hip Ankle Shoulder Elbow Wrist Neck Spine Pelvis Thigh Calf Foot Guide";
    t = title_of(run, NULL, NULL, "|", 0, 0, NULL, 0);
    assert_string_equal(t, "Knee Hip Ankle Shoulder Elbow Wrist Neck Spine Pelvis Thigh");
    free(t);
}

/* A cut at punctuation keeps the closing bracket or quote before it. */
static void cuts_keep_closing_brackets(void **state)
{
    (void)state;
    size_t failed = 0;
    static const struct {
        const char *title, *keyword, *site, *want;
    } cases[] = {
        {"Runner's Knee (Patellofemoral Pain Syndrome): Everything Runners Need to Know",
         "runner's knee", NULL, "Runner's Knee (Patellofemoral Pain Syndrome)"},
        {"Knee \"Pain\" & <Swelling> in Runners", "knee pain", "Northbridge & Partners <Health>",
         "Knee \"Pain\" & <Swelling> | Northbridge & Partners <Health>"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *t = title_of(cases[i].title, cases[i].keyword, cases[i].site, "|", 0, 0, NULL, 0);
        if (strcmp(t, cases[i].want) != 0 || !balanced(t)) {
            print_error("meta title of \"%s\": \"%s\", expected \"%s\"\n", cases[i].title, t,
                        cases[i].want);
            failed++;
        }
        free(t);
    }
    assert_int_equal(failed, 0);
}

/* t ends after a word that is no stop word of `lang`, with no punctuation left dangling. */
static void check_natural_end(const char *t, const char *lang)
{
    size_t n = strlen(t);
    if (!n || strchr(" ,;:-|(", t[n - 1]))
        fail_msg("meta title \"%s\" ends with punctuation", t);
    struct seo_word_iter it;
    size_t last_len = 0;
    char word[64] = "";
    seo_words_begin(&it, t, n);
    while (seo_words_next(&it)) {
        last_len = it.word.len < sizeof(word) ? it.word.len : sizeof(word) - 1;
        memcpy(word, it.word.data, last_len);
    }
    seo_words_end(&it);
    if (seo_lang_is_stopword(lang, word, last_len))
        fail_msg("meta title \"%s\" ends with the stop word \"%.*s\"", t, (int)last_len, word);
}

static size_t warnings_with(const struct seo_warnings *w, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++)
        n += strcmp(w->items[i].code, code) == 0;
    return n;
}

#define LAW                                                                                        \
    "Rindfleischetikettierungs\xC3\xBC"                                                            \
    "berwachungsaufgaben\xC3\xBC"                                                                  \
    "bertragungsgesetz"

/*
 * Not even the first word fits (63 characters, or 40 under 60 but 666 px):
 * the keyword alone when it fits, else the title cut mid-word with "…" at a
 * grapheme boundary; never over 60 characters or 600 px, and a warning.
 */
static void first_word_too_long(void **state)
{
    (void)state;
    static const struct {
        const char *title, *keyword, *lang, *want; /* want NULL: the title cut with "…" */
    } cases[] = {
        {LAW ": Was es regelte", NULL, "de", NULL},
        {LAW ": Was es regelte", "beef labelling", "de", "Beef Labelling"},
        {LAW ": Was es regelte",
         "rindfleischetikettierungs\xC3\xBC"
         "berwachungsaufgaben\xC3\xBC"
         "bertragungsgesetz",
         "de", NULL},
        {"Mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm Is a Long Hum", NULL, "en", NULL},
        /* Filled in below: e + combining acute, 70 times (140 code points), never split. */
        {NULL, NULL, "en", NULL},
    };
    char accents[70 * 3 + 1] = "";
    for (size_t i = 0; i < 70; i++)
        strcat(accents, "e\xCC\x81");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *title = cases[i].title ? cases[i].title : accents;
        struct seo_warnings w = {0};
        struct seo_title_vars v = {
            .title = title, .keyword = cases[i].keyword, .sep = "|", .lang = cases[i].lang};
        char *t = meta_title(&v, NULL, 0, &w);
        if (cases[i].want) {
            assert_string_equal(t, cases[i].want);
        } else {
            size_t n = strlen(t);
            assert_true(n > 3 && strcmp(t + n - 3, ELLIPSIS) == 0);
            assert_true(n - 3 >= 20 && strncmp(t, title, n - 3) == 0);
            /* The cut keeps whole graphemes: a combining mark stays with its letter. */
            assert_true(title[n - 3] != '\xCC');
        }
        assert_int_equal(warnings_with(&w, "meta_title_cut"), 1);
        seo_warnings_free(&w);
        free(t);
    }
    /* A first word that fits is not cut, and no warning is given. */
    struct seo_warnings w = {0};
    struct seo_title_vars v = {
        .title = "Pneumonoultramicroscopicsilicovolcanoconiosis explained for the curious reader "
                 "today",
        .sep = "|",
        .lang = "en"};
    char *t = meta_title(&v, NULL, 0, &w);
    assert_string_equal(t, "Pneumonoultramicroscopicsilicovolcanoconiosis explained");
    assert_int_equal(w.n, 0);
    free(t);
}

/*
 * A title cut to fit keeps its keyword: it comes first, in the title's own
 * words as the title writes them, when the part of the title that fits would
 * lose it. A title that fits whole stays as written.
 */
static void keyword_kept_when_title_is_cut(void **state)
{
    (void)state;
    static const struct {
        const char *title, *keyword, *site, *want;
    } cases[] = {
        /* Before: "Why You Should Try These Seven Simple Morning Stretches". */
        {"Why You Should Try These Seven Simple Morning Stretches to Ease Lower Back Pain",
         "lower back pain", NULL, "Lower Back Pain: Try These Seven Simple Morning Stretches"},
        {"Why you should try these seven simple morning stretches to ease lower back pain",
         "lower back pain", NULL, "Lower back pain: try these seven simple morning stretches"},
        /* Before: "The Complete and Definitive Guide". */
        {"The Complete and Definitive Guide to Knee Strengthening Exercises for Runners Over Forty",
         "knee strengthening exercises", NULL,
         "Knee Strengthening Exercises for Runners Over Forty"},
        {"The Complete and Definitive Guide to Knee Strengthening Exercises for Runners Over Forty",
         "knee strengthening exercises", "Northbridge Health",
         "Knee Strengthening Exercises for Runners Over Forty"},
        /* After stop words only, the keyword counts as first. */
        {"The Knee Pain Guide for Runners Who Train Every Single Day of the Week", "knee pain",
         NULL, "The Knee Pain Guide for Runners Who Train Every Single Day"},
        /* A word that leads into the keyword is not dropped for a cut that keeps it. */
        {"Best Running Shoes for Flat Feet and Overpronation in 2026 Reviewed by Experts",
         "running shoes", NULL, "Best Running Shoes for Flat Feet and Overpronation"},
        /* Cut, the keyword kept where it is: wider than the keyword-first forms. */
        {"Effective Strategies for Managing Sex Back Pain and Enhancing Intimacy", "sex back pain",
         NULL, "Effective Strategies for Managing Sex Back Pain"},
        /* Fits whole: as written, the keyword where the author put it. */
        {"How to Keep a Sourdough Starter Healthy", "sourdough starter", NULL,
         "How to Keep a Sourdough Starter Healthy"},
        {"How to Keep a Sourdough Starter Healthy", "sourdough starter", "Northbridge Health",
         "How to Keep a Sourdough Starter Healthy | Northbridge Health"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *t = title_of(cases[i].title, cases[i].keyword, cases[i].site, "|", 0, 0, NULL, 0);
        if (strcmp(t, cases[i].want) != 0)
            fail_msg("meta title of \"%s\": \"%s\", expected \"%s\"", cases[i].title, t,
                     cases[i].want);
        assert_true(keyword_count(t, cases[i].keyword, "en") > 0);
        check_natural_end(t, "en");
        free(t);
    }
}

/*
 * When no cut at punctuation or before a stop word is wide enough, a cut
 * after any word competes, never leaving a stop word or punctuation at the
 * end; it ranks below the natural cuts of the same width class.
 */
static void word_cuts_when_natural_ones_are_narrow(void **state)
{
    (void)state;
    /* Before: "Balkonkraftwerk anmelden" (24 characters, 236 px). */
    const char *de = "Balkonkraftwerk anmelden: Was Mieter und Eigent\xC3\xBCmer 2026 wissen "
                     "m\xC3\xBCssen";
    const char *want = "Balkonkraftwerk anmelden: Was Mieter und Eigent\xC3\xBCmer 2026";
    struct seo_title_vars v = {.title = de, .keyword = "balkonkraftwerk", .sep = "|", .lang = "de"};
    char *t = meta_title(&v, NULL, 0, NULL);
    assert_string_equal(t, want);
    assert_true(seo_width_px(t, strlen(t)) > 400.0);
    free(t);
    struct seo_result r;
    run_fixture("german-ratgeber.md", NULL, &r);
    assert_string_equal(r.meta_title, want);
    seo_result_free(&r);
    /* Long titles of every shape end after a content word, never mid-word. */
    static const char *const titles[] = {
        "Knee Hip Ankle Shoulder Elbow Wrist Neck Spine Pelvis Thigh Calf Foot Guide",
        "Solar Panels Explained Simply for Renters Who Want Cheaper Power Without a Roof of Their "
        "Own",
        "Everything Beginners Should Know About the Best Indoor Plants for Low Light and Dry Air",
        "Mammoth Meadows: Wild Women Walking With Wombats in Warm Mud",
    };
    for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
        t = title_of(titles[i], NULL, NULL, "|", 0, 0, NULL, 0);
        assert_true(word_prefix(t, strlen(t), titles[i]));
        check_natural_end(t, "en");
        free(t);
    }
}

/* Every fixture's meta title, without and with a site. */
static void fixture_titles(void **state)
{
    (void)state;
    size_t n;
    char **names = fixture_names(&n);
    for (size_t i = 0; i < n; i++) {
        struct seo_result r;
        run_fixture(names[i], NULL, &r);
        check_meta_title(names[i], &r, NULL);
        seo_result_free(&r);
        run_fixture(names[i], &test_site, &r);
        check_meta_title(names[i], &r, " | Northbridge Health");
        seo_result_free(&r);
    }
    free_names(names, n);
}

/* ---- description ---- */

static void fixture_descriptions(void **state)
{
    (void)state;
    size_t n;
    char **names = fixture_names(&n);
    for (size_t i = 0; i < n; i++) {
        struct seo_result r;
        run_fixture(names[i], NULL, &r);
        check_meta_description(names[i], &r);
        seo_result_free(&r);
    }
    free_names(names, n);
}

static void generate(const char *input, struct seo_result *r)
{
    struct seo_options opts = seo_options_default();
    struct seo_error err;
    if (seo_generate(input, strlen(input), &opts, r, &err) != SEO_OK)
        fail_msg("seo_generate: %s", err.message);
}

/* seo_meta_description with the document stemmed in its language. */
static char *describe(const struct seo_document *doc, const char *keyword)
{
    struct seo_stemmer *st = seo_stemmer_new(doc->language);
    struct seo_doc_stems ds;
    seo_doc_stems_build(&ds, doc, st);
    char *d = seo_meta_description(doc, &ds, keyword, st);
    seo_doc_stems_free(&ds);
    seo_stemmer_free(st);
    return d;
}

static void description_prefers_keyword_sentences(void **state)
{
    (void)state;
    struct seo_result r;
    generate("# Growing Tomatoes on a Balcony\n\n"
             "Summer is the best season of the year for anyone who likes to spend long evenings "
             "outside on the balcony with friends and family.\n\n"
             "Growing tomatoes in pots works well when the pots are large, the spot is sunny and "
             "the plants are watered every single morning.\n\n"
             "Cherry varieties crop earliest and cope best with wind.\n",
             &r);
    assert_string_equal(r.focus_keyword, "growing tomatoes");
    assert_string_equal(r.meta_description,
                        "Growing tomatoes in pots works well when the pots are large, the spot "
                        "is sunny and the plants are watered every single morning.");
    check_meta_description("balcony", &r);

    /* Called directly with another keyword, the sentence holding it wins. */
    char *d = describe(&r.doc, "long evenings");
    assert_string_equal(d, "Summer is the best season of the year for anyone who likes to spend "
                           "long evenings outside on the balcony with friends and family.");
    free(d);
    seo_result_free(&r);
}

static void description_cut_at_a_word(void **state)
{
    (void)state;
    struct seo_result r;
    /* One sentence of about 230 characters: cut at a word, ending in an ellipsis. */
    generate("# Rainwater Tanks\n\n"
             "A rainwater tank collects the water that runs off your roof through the gutters and "
             "downpipes, stores it safely away from sunlight and mosquitoes, and lets you use it "
             "later for the garden, for washing the car and for flushing toilets in dry summers.\n",
             &r);
    const char *d = r.meta_description;
    assert_non_null(d);
    size_t n = strlen(d);
    assert_true(n > 3 && strcmp(d + n - 3, ELLIPSIS) == 0);
    check_meta_description("rainwater", &r);
    seo_result_free(&r);
}

static void check_draft_description(const char *where, const char *draft)
{
    struct seo_result r;
    generate(draft, &r);
    assert_non_null(r.focus_keyword);
    check_meta_description(where, &r);
    seo_result_free(&r);
}

/* A sentence that leads into a list ("…, such as:") does not end a description. */
static void description_not_a_list_lead_in(void **state)
{
    (void)state;
    check_draft_description(
        "lead-in to a list",
        "# Knee Strengthening Exercises for Beginners\n\n"
        "The best knee strengthening exercises for beginners need no equipment at all and can be "
        "done at home in about fifteen minutes a day, such as:\n\n"
        "- wall sits\n- straight leg raises\n- glute bridges\n\n"
        "Start slowly and stop if anything hurts sharply. Most people notice a difference within a "
        "month.\n");
}

/* A paragraph without final punctuation does not end a description as it is. */
static void description_ends_with_punctuation(void **state)
{
    (void)state;
    check_draft_description(
        "no final punctuation",
        "# Knee Strengthening Exercises for Beginners\n\n"
        "Knee strengthening exercises for beginners that need no equipment at all and can be done "
        "at home in about fifteen minutes a day\n\n"
        "Start slowly and stop if anything hurts sharply. Most people notice a difference within a "
        "month.\n");
}

/*
 * Seed 004: "But you can still …" needs the sentence before it; the
 * paragraph's first sentence holds the keyword and, with the sentence after
 * the "But" one, makes 146 characters.
 */
static void description_seed_004(void **state)
{
    (void)state;
    struct seo_result r;
    run_fixture("seed-004-care-instructions.txt", NULL, &r);
    assert_string_equal(
        r.meta_description,
        "It's common to be afraid to have sex when you have back pain. Talk to your "
        "partner about which movements are comfortable for you and which aren't.");
    check_meta_description("seed-004", &r);
    seo_result_free(&r);
}

/* A sentence that opens with a connective does not open a description, even holding the keyword. */
static void description_not_opened_by_a_connective(void **state)
{
    (void)state;
    struct seo_result r;
    generate("# Growing Tomatoes on a Balcony\n\n"
             "A balcony gets more sun than most people expect, even in the middle of a busy city "
             "with tall buildings all around it.\n\n"
             "But growing tomatoes in pots works well only when the pots are large, the spot is "
             "sunny and the plants are watered every single morning.\n",
             &r);
    assert_string_equal(r.focus_keyword, "growing tomatoes");
    assert_string_equal(
        r.meta_description,
        "Growing Tomatoes: A balcony gets more sun than most people expect, even in "
        "the middle of a busy city with tall buildings all around it.");
    check_meta_description("but", &r);
    seo_result_free(&r);

    /* After the keyword as a lead, not even a transition set off by a comma. */
    generate("# Growing Tomatoes on a Balcony\n\n"
             "In addition, a balcony gets more sun than most people expect, even in the middle "
             "of a busy city with tall buildings.\n\n"
             "Cherry varieties crop earliest, cope best with wind and stay compact enough for a "
             "railing box on a small balcony.\n",
             &r);
    char *d = describe(&r.doc, "growing tomatoes");
    assert_string_equal(d, "Growing Tomatoes: Cherry varieties crop earliest, cope best with wind "
                           "and stay compact enough for a railing box on a small balcony.");
    free(d);
    seo_result_free(&r);

    /* "Because …" right after a question, a heading's too, answers it; "Yes, …" too. */
    generate("# Sourdough Starter Basics\n\n"
             "## Why does this matter?\n\n"
             "Because a sourdough starter that is fed at the right time rises faster and gives a "
             "milder, more even flavour in every loaf.\n\n"
             "Yes, a sourdough starter can live in the fridge for weeks between feedings if you "
             "feed it before it goes in.\n\n"
             "Most bakers keep their culture on the kitchen counter and feed it once a day with "
             "equal weights of flour and water.\n",
             &r);
    assert_string_equal(r.meta_description,
                        "Sourdough Starter: Most bakers keep their culture on the kitchen counter "
                        "and feed it once a day with equal weights of flour and water.");
    check_meta_description("because", &r);
    seo_result_free(&r);

    /* German: "Trotzdem …" (nevertheless). */
    generate("# Balkonkraftwerk anmelden\n\n"
             "Seit Mai 2024 ist die Anmeldung beim Netzbetreiber für Steckersolargeräte mit bis zu "
             "800 Watt Leistung nicht mehr nötig.\n\n"
             "Trotzdem muss jedes Balkonkraftwerk im Marktstammdatenregister der "
             "Bundesnetzagentur eingetragen werden, und zwar binnen eines Monats.\n",
             &r);
    assert_string_equal(r.meta_description,
                        "Balkonkraftwerk: Seit Mai 2024 ist die Anmeldung beim Netzbetreiber für "
                        "Steckersolargeräte mit bis zu 800 Watt Leistung nicht mehr nötig.");
    check_meta_description("trotzdem", &r);
    seo_result_free(&r);
}

/*
 * A run may leave out a sentence of its paragraph that makes it too long,
 * but only for one that stands on its own ("They …" does not), and the
 * sentence right after wins when both fit.
 */
static void description_skips_a_sentence(void **state)
{
    (void)state;
    struct seo_result r;
    generate("# Rainwater Tanks\n\n"
             "A rainwater tank pays for itself within a few dry summers. The gutters and downpipes "
             "of an ordinary family house collect several thousand litres in every storm. Water "
             "the beds in the evening so that less of it is lost to the sun.\n",
             &r);
    assert_string_equal(r.focus_keyword, "rainwater tanks");
    assert_string_equal(r.meta_description,
                        "A rainwater tank pays for itself within a few dry summers. Water the beds "
                        "in the evening so that less of it is lost to the sun.");
    check_meta_description("skip", &r);
    seo_result_free(&r);

    generate("# Rainwater Tanks\n\n"
             "A rainwater tank pays for itself within a few dry summers. The gutters and downpipes "
             "of an ordinary family house collect several thousand litres in every storm. They "
             "need cleaning every autumn so that leaves do not block the inlet.\n",
             &r);
    /* Nothing else fits: the first sentences, cut. */
    assert_string_equal(r.meta_description,
                        "A rainwater tank pays for itself within a few dry summers. The gutters "
                        "and downpipes of an ordinary family house collect several thousand "
                        "litres" ELLIPSIS);
    check_meta_description("no skip to They", &r);
    seo_result_free(&r);

    generate("# Rainwater Tanks\n\n"
             "A rainwater tank pays for itself within a few dry summers. Gutters and downpipes "
             "collect several thousand litres of water in every heavy storm. Water the beds in the "
             "evening so that less of it is lost to the sun.\n",
             &r);
    assert_string_equal(r.meta_description,
                        "A rainwater tank pays for itself within a few dry summers. Gutters and "
                        "downpipes collect several thousand litres of water in every heavy storm.");
    check_meta_description("consecutive first", &r);
    seo_result_free(&r);
}

static void short_and_empty_bodies(void **state)
{
    (void)state;
    struct seo_result r;
    /* Too short for 121 characters: the sentences there are, whole. */
    generate("# Quick Note\n\nThe shop opens at nine. Parking is free.\n", &r);
    assert_string_equal(r.meta_description, "The shop opens at nine. Parking is free.");
    seo_result_free(&r);
    /* No sentence at all. */
    generate("# A Title Alone\n", &r);
    assert_null(r.meta_description);
    bool warned = false;
    for (size_t i = 0; i < r.warnings.n; i++)
        warned |= strcmp(r.warnings.items[i].code, "no_meta_description") == 0;
    assert_true(warned);
    char *d = describe(&r.doc, "title");
    assert_null(d);
    seo_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(characters_are_code_points),
        cmocka_unit_test(default_templates),
        cmocka_unit_test(site_templates),
        cmocka_unit_test(templates_without_value_are_skipped),
        cmocka_unit_test(capitals_become_title_case),
        cmocka_unit_test(long_titles_are_cut_at_words),
        cmocka_unit_test(cuts_keep_closing_brackets),
        cmocka_unit_test(first_word_too_long),
        cmocka_unit_test(keyword_kept_when_title_is_cut),
        cmocka_unit_test(word_cuts_when_natural_ones_are_narrow),
        cmocka_unit_test(fixture_titles),
        cmocka_unit_test(fixture_descriptions),
        cmocka_unit_test(description_prefers_keyword_sentences),
        cmocka_unit_test(description_cut_at_a_word),
        cmocka_unit_test(description_not_a_list_lead_in),
        cmocka_unit_test(description_ends_with_punctuation),
        cmocka_unit_test(description_seed_004),
        cmocka_unit_test(description_not_opened_by_a_connective),
        cmocka_unit_test(description_skips_a_sentence),
        cmocka_unit_test(short_and_empty_bodies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
