/*
 * The whole pipeline, stage by stage. Read this file to follow a draft from
 * bytes to package:
 *   1. draft      bytes -> struct seo_draft (JSON draft or raw document), its site and
 *                 the content hash: seo_read() stops here, so a cache can be asked first
 *                 (then the shell hands over remote FAQ sources: seo_result_add_source)
 *   2. embedded   JSON-LD / JSON blocks removed from the prose, kept as hints
 *   3. document   body -> headings, paragraphs, lists (Markdown, HTML, text)
 *   4. clean      navigation and boilerplate removed (after taking out the H1, stage 5)
 *   5. title      the visible title chosen and taken out of the blocks
 *   6. language   from the locale, else detected from the text
 *   7. sentences  sentences and word count
 *   8. FAQ        extracted, merged and deduplicated with the remote sources'
 *                 (stages 2-8 are seo_read_faq(), which also reads fetched FAQ pages)
 *   9. keyword    the focus keyword
 *  10. meta       meta title, meta description, slug and canonical URL
 *  11. schema     the JSON-LD graph, the Article and the FAQPage
 *  12. head       the <head> tags, the visible FAQ block when needed
 *  13. analysis   Yoast's SEO and readability checks
 */
#include "seopipe.h"

#include "boilerplate.h"
#include "html.h"
#include "keyword.h"
#include "lang.h"
#include "markdown.h"
#include "mem.h"
#include "meta.h"
#include "slug.h"
#include "width.h"
#include "plaintext.h"
#include "schema.h"
#include "hash.h"
#include "head.h"
#include "json.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct seo_options seo_options_default(void)
{
    struct seo_options o = {.format = SEO_FORMAT_AUTO, .limits = seo_limits_default()};
    return o;
}

void seo_result_free(struct seo_result *r)
{
    if (!r)
        return;
    seo_draft_free(&r->draft);
    seo_doc_free(&r->doc);
    seo_hints_free(&r->hints);
    seo_faq_free(&r->faq);
    seo_faq_sources_free(r->sources, r->n_sources);
    seo_warnings_free(&r->warnings);
    if (r->stems)
        seo_doc_stems_free(r->stems);
    free(r->stems);
    if (r->own_stemmer)
        seo_stemmer_free(r->stemmer);
    free(r->focus_keyword);
    free(r->meta_title);
    free(r->meta_description);
    free(r->slug);
    free(r->canonical);
    json_decref(r->jsonld);
    json_decref(r->article_schema);
    json_decref(r->faq_schema);
    free(r->head_html);
    free(r->faq_html);
    seo_analysis_free(&r->analysis);
}

/* Stages 2 and 3: the body in its format, with embedded JSON taken out first. */
static enum seo_status read_body(struct seo_result *r, const struct seo_limits *limits,
                                 char **page_title, struct seo_error *err)
{
    const struct seo_draft *d = &r->draft;
    if (!d->body)
        return SEO_OK;
    if (d->format == SEO_FORMAT_HTML)
        return seo_html_parse(d->body, d->body_len, &r->doc, &r->hints, page_title, limits,
                              &r->warnings, err);
    struct seo_buf prose = {0};
    seo_jsonld_strip(d->body, d->body_len, &r->hints, limits, &r->warnings, &prose);
    enum seo_status st;
    if (d->format == SEO_FORMAT_MARKDOWN)
        st = seo_markdown_parse(prose.data ? prose.data : "", prose.len, &r->doc, &r->hints, limits,
                                &r->warnings, err);
    else
        st = seo_plaintext_parse(prose.data ? prose.data : "", prose.len, &r->doc, err);
    seo_buf_free(&prose);
    return st;
}

static bool same_text(const char *a, const char *b)
{
    struct seo_buf fa = {0}, fb = {0};
    seo_utf8_fold(&fa, a, strlen(a));
    seo_utf8_fold(&fb, b, strlen(b));
    bool same = fa.len && fb.len && strcmp(fa.data, fb.data) == 0;
    seo_buf_free(&fa);
    seo_buf_free(&fb);
    return same;
}

/* A first block short enough to be a title line: one line of at most 20 words. */
static bool title_line(const struct seo_block *b)
{
    if (b->type != SEO_BLOCK_PARAGRAPH)
        return false;
    const char *t = b->content.text;
    size_t n = strlen(t);
    return n <= 200 && seo_utf8_word_count(t, n) <= 20 && t[n - 1] != '.';
}

/*
 * Stage 5, before cleaning: without a draft title, the first H1 is the
 * title, taken out of the blocks. It goes first because a page whose H1 is
 * followed only by navigation links would otherwise lose it with them (a
 * heading over nothing but boilerplate is removed as boilerplate).
 */
static void take_h1(struct seo_result *r)
{
    struct seo_document *doc = &r->doc;
    if (r->draft.title)
        return;
    for (size_t i = 0; i < doc->n_blocks; i++) {
        const struct seo_block *b = &doc->blocks[i];
        /* An H1 that is boilerplate itself ("Skip to content") is left to the cleaner. */
        if (b->type == SEO_BLOCK_HEADING && b->level == 1 &&
            !seo_boilerplate_text(b->content.text)) {
            doc->title = seo_xstrdup(b->content.text);
            seo_doc_remove(doc, i);
            return;
        }
    }
}

/*
 * Stage 5, after cleaning. The visible title: the draft's own (its
 * repetition at the top of the body is removed), else the first H1
 * (take_h1), else a first heading or title line, else the page's <title>,
 * else the embedded schema's headline.
 */
static void choose_title(struct seo_result *r, char *page_title)
{
    struct seo_document *doc = &r->doc;
    if (r->draft.title) {
        doc->title = seo_xstrdup(r->draft.title);
        if (doc->n_blocks && doc->blocks[0].type != SEO_BLOCK_LIST &&
            same_text(doc->blocks[0].content.text, doc->title))
            seo_doc_remove(doc, 0);
        free(page_title);
        return;
    }
    if (doc->title) {
        free(page_title);
        return;
    }
    if (doc->n_blocks &&
        (doc->blocks[0].type == SEO_BLOCK_HEADING || title_line(&doc->blocks[0]))) {
        doc->title = seo_xstrdup(doc->blocks[0].content.text);
        seo_doc_remove(doc, 0);
    } else if (page_title) {
        doc->title = page_title;
        page_title = NULL;
    } else if (r->hints.headline) {
        doc->title = seo_xstrdup(r->hints.headline);
    } else {
        seo_warn(&r->warnings, "no_title",
                 "the draft has no title and none could be found in its body");
    }
    free(page_title);
}

/* The language of the title and the first 4 KiB of the blocks, or NULL when it is unclear. */
static const char *detect_language(const struct seo_document *doc)
{
    struct seo_buf sample = {0};
    if (doc->title)
        seo_buf_puts(&sample, doc->title);
    /* 4 KiB of text tells the language as surely as the whole article, for a fraction of the time.
     */
    for (size_t i = 0; i < doc->n_blocks && sample.len < 4096; i++) {
        const struct seo_block *b = &doc->blocks[i];
        seo_buf_putc(&sample, '\n');
        if (b->type != SEO_BLOCK_LIST)
            seo_buf_puts(&sample, b->content.text);
        for (size_t k = 0; k < b->n_items; k++) {
            seo_buf_putc(&sample, '\n');
            seo_buf_puts(&sample, b->items[k].text);
        }
    }
    const char *detected = seo_lang_detect(sample.data ? sample.data : "", sample.len);
    seo_buf_free(&sample);
    return detected;
}

/* Norwegian is "no", "nb" (Bokmål) or "nn" (Nynorsk), one stemmer and stop list for all. */
static bool same_language(const char *a, const char *b)
{
    const char *sa = seo_lang_stemmer(a), *sb = seo_lang_stemmer(b);
    return strcmp(a, b) == 0 || (sa && sb && strcmp(sa, "norwegian") == 0 && strcmp(sb, sa) == 0);
}

/*
 * Stage 6. One language for stemming, stop words, the keyword, the analysis
 * and the graph (inLanguage and og:locale, which seo_schema_language() takes
 * in the same order): the draft's locale, else its site's language, else the
 * language detected in the visible text, else English with a warning.
 *
 * The site's language goes before detection because a site says what it
 * publishes, as WordPress's locale does for Yoast, and because detection can
 * only guess at short or mixed texts. When the text clearly reads as another
 * language, the site's still stands (the page is marked up as the site's),
 * but the draft is flagged: it wants a locale of its own.
 */
static void choose_language(struct seo_result *r)
{
    struct seo_document *doc = &r->doc;
    char code[4];
    if (r->draft.locale) {
        if (seo_lang_from_locale(r->draft.locale, code)) {
            memcpy(doc->language, code, sizeof(code));
            return;
        }
        seo_warn(&r->warnings, "locale_invalid",
                 "locale \"%.40s\" is not a language tag; it was ignored", r->draft.locale);
    }
    const char *detected = detect_language(doc);
    const char *site = r->site ? r->site->language : NULL;
    if (site && seo_lang_from_locale(site, code)) {
        memcpy(doc->language, code, sizeof(code));
        if (detected && !same_language(detected, code))
            seo_warn(&r->warnings, "language_mismatch",
                     "the text reads as \"%s\" but its site's language is \"%.40s\", which the "
                     "analysis and the markup follow; give the draft a locale if the text is right",
                     detected, site);
        return;
    }
    if (detected) {
        snprintf(doc->language, sizeof(doc->language), "%s", detected);
        return;
    }
    memcpy(doc->language, "en", 3);
    seo_warn(&r->warnings, "language_uncertain",
             "the language of the text could not be told from its words, so it was analysed as "
             "English; give the draft a locale (or its site a language)");
}

/* The site the draft names, else the default one, else the first; NULL when none is configured. */
static enum seo_status choose_site(struct seo_result *r, const struct seo_options *opts,
                                   struct seo_error *err)
{
    const char *want = r->draft.site ? r->draft.site : opts->default_site;
    for (size_t i = 0; i < opts->n_sites; i++) {
        if (!want || (opts->sites[i].id && strcmp(opts->sites[i].id, want) == 0)) {
            r->site = &opts->sites[i];
            return SEO_OK;
        }
    }
    if (r->draft.site)
        return seo_error_set(err, SEO_ERR_TYPE, "/site", "site \"%.60s\" is not configured",
                             r->draft.site);
    return SEO_OK;
}

/* Year of an ISO 8601 date ("2026-03-04…"), else of `now` (proleptic Gregorian, UTC). */
static int year_of(const char *date, long long now)
{
    if (date && strlen(date) >= 4 && strspn(date, "0123456789") >= 4)
        return (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 +
               (date[3] - '0');
    if (now <= 0)
        return 0;
    /* Days to civil date (Howard Hinnant's algorithm), year only. */
    long long z = now / 86400 + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long m = mp < 10 ? mp + 3 : mp - 9;
    return (int)(yoe + era * 400 + (m <= 2));
}

/*
 * The slug: the draft URL's last segment, which is the page's address (kept,
 * with a warning and a suggestion when it breaks the slug rules), else one
 * made from the title.
 */
static void write_slug(struct seo_result *r, const char *title)
{
    char *made = seo_slug(title, r->focus_keyword, r->doc.language, SEO_SLUG_MAX);
    r->slug = seo_slug_from_url(r->draft.url);
    char why[96];
    if (r->slug && seo_slug_problem(r->slug, SEO_SLUG_MAX, why, sizeof(why)))
        seo_warn(&r->warnings, "url_slug_nonconforming",
                 "the slug of the draft's url \"%.100s\" %s; it is kept because it is the page's "
                 "address%s%s",
                 r->slug, why, made ? ", a slug by the rules would be " : "", made ? made : "");
    if (!r->slug) {
        r->slug = made;
        made = NULL;
    }
    if (!r->slug)
        seo_warn(&r->warnings, "no_slug",
                 "the title has no letters or digits that can be written in ASCII, so no slug was "
                 "made; give the draft a url");
    free(made);
}

/* The page URL: the draft's own, else the site's home joined with the slug. */
static char *canonical_url(const struct seo_result *r)
{
    if (r->draft.url)
        return seo_xstrdup(r->draft.url);
    if (!r->site || !r->site->url || !r->slug)
        return NULL;
    struct seo_buf b = {0};
    seo_buf_puts(&b, r->site->url);
    if (b.len && b.data[b.len - 1] != '/')
        seo_buf_putc(&b, '/');
    seo_buf_puts(&b, r->slug);
    seo_buf_putc(&b, '/');
    return seo_buf_take(&b);
}

/*
 * The {sections} of title templates ("12 Tips for ..."): the H2 sections of
 * the article proper. Question headings and FAQ entries are not sections of
 * the article, nor is the heading over an FAQ section ("Frequently asked
 * questions"): seed 000 has 12 H2s, 5 of them its FAQ.
 */
static size_t count_sections(const struct seo_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->doc.n_blocks; i++) {
        const struct seo_block *b = &r->doc.blocks[i];
        if (b->type != SEO_BLOCK_HEADING || b->level != 2 ||
            seo_faq_ends_with_question_mark(b->content.text) ||
            seo_faq_section_title(b->content.text))
            continue;
        bool faq = false;
        for (size_t q = 0; q < r->faq.n && !faq; q++)
            faq = same_text(b->content.text, r->faq.items[q].question);
        n += !faq;
    }
    return n;
}

/* Stage 10. */
static void write_meta(struct seo_result *r, long long now)
{
    const struct seo_site *site = r->site;
    const char *title = r->doc.title ? r->doc.title : "";
    struct seo_title_vars v = {
        .title = title,
        .keyword = r->focus_keyword,
        .site = site ? site->name : NULL,
        .sep = site && site->separator ? site->separator : "|",
        .lang = r->doc.language,
        .stemmer = r->stemmer,
    };
    /* The year matters (and enters the content hash) only when a template shows it. */
    for (size_t i = 0; site && i < site->n_title_templates; i++)
        if (strstr(site->title_templates[i], "{year}"))
            r->year = year_of(
                r->draft.date_published ? r->draft.date_published : r->hints.date_published, now);
    v.year = r->year;
    v.sections = count_sections(r);
    if (*title)
        r->meta_title = seo_meta_title(&v, site ? site->title_templates : NULL,
                                       site ? site->n_title_templates : 0, &r->warnings);
    r->meta_description = seo_meta_description(&r->doc, r->stems, r->focus_keyword, r->stemmer);
    if (!r->meta_description)
        seo_warn(&r->warnings, "no_meta_description",
                 "the body has no sentence to build a meta description from");
    write_slug(r, title);
    r->canonical = canonical_url(r);
    if (!r->canonical)
        seo_warn(
            &r->warnings, "no_canonical_url",
            "neither the draft (url) nor its site (url) gives the page address; canonical and @id "
            "URLs are left out");
}

/* The year {year} shows when the draft and its body give no date: now's, when a template uses it.
 */
static int clock_year(const struct seo_site *site, long long now)
{
    for (size_t i = 0; site && i < site->n_title_templates; i++)
        if (strstr(site->title_templates[i], "{year}"))
            return year_of(NULL, now);
    return 0;
}

enum seo_status seo_read(const char *input, size_t len, const struct seo_options *opts,
                         struct seo_result *out, struct seo_error *err)
{
    struct seo_result r;
    memset(&r, 0, sizeof(r));
    seo_doc_init(&r.doc, &opts->limits);
    enum seo_status st = seo_draft_parse(input, len, opts->format, &opts->limits, &r.draft, err);
    if (st == SEO_OK)
        st = choose_site(&r, opts, err);
    if (st != SEO_OK) {
        seo_result_free(&r);
        return st;
    }
    seo_content_hash(&r, opts, clock_year(r.site, opts->now), r.content_hash);
    *out = r;
    return SEO_OK;
}

enum seo_status seo_read_faq(struct seo_result *r, const struct seo_limits *limits,
                             struct seo_error *err)
{
    char *page_title = NULL;
    enum seo_status st = read_body(r, limits, &page_title, err);
    if (st != SEO_OK) {
        free(page_title);
        return st;
    }
    take_h1(r);
    seo_boilerplate_clean(&r->doc);
    choose_title(r, page_title);
    choose_language(r);
    seo_doc_finish(&r->doc);
    seo_faq_extract(&r->draft, &r->doc, &r->hints, r->sources, r->n_sources, limits, &r->faq,
                    &r->warnings);
    return SEO_OK;
}

/* A copy of s trimmed and in NFC, or NULL when nothing remains. */
static char *clean_copy(const char *s)
{
    size_t n = strlen(s), out_len;
    while (n && strchr(" \t\r\n", s[n - 1]))
        n--;
    while (n && strchr(" \t\r\n", *s)) {
        s++;
        n--;
    }
    return n ? seo_utf8_nfc(s, n, &out_len) : NULL;
}

void seo_result_add_source(struct seo_result *r, const char *url, const json_t *entries,
                           const char *failure)
{
    r->sources = seo_xgrow(r->sources, &r->cap_sources, r->n_sources + 1, sizeof(*r->sources));
    struct seo_faq_source *s = &r->sources[r->n_sources++];
    memset(s, 0, sizeof(*s));
    s->url = seo_xstrdup(url);
    if (!entries)
        s->failure = seo_xstrdup(failure && *failure ? failure : "unknown failure");
    /* Cached arrays come back from Redis: trust nothing about their items. jansson keeps strings
     * valid UTF-8; NFC and trimming make them read like the draft's own `faq`. */
    s->pairs = seo_xcalloc(json_array_size(entries) + 1, sizeof(*s->pairs));
    size_t i;
    const json_t *item;
    json_array_foreach(entries, i, item)
    {
        const char *q = seo_json_str(item, "question"), *a = seo_json_str(item, "answer");
        char *question = q ? clean_copy(q) : NULL, *answer = a ? clean_copy(a) : NULL;
        if (question && answer) {
            s->pairs[s->n_pairs].question = question;
            s->pairs[s->n_pairs++].answer = answer;
        } else {
            free(question);
            free(answer);
        }
    }
    seo_content_hash_source(r->content_hash, s);
}

enum seo_status seo_build(struct seo_result *r, const struct seo_options *opts,
                          struct seo_error *err)
{
    const struct seo_limits *limits = &opts->limits;
    enum seo_status st = seo_read_faq(r, limits, err);
    if (st != SEO_OK)
        return st;
    if (!r->doc.title && r->doc.n_blocks == 0)
        return seo_error_set(err, SEO_ERR_UNUSABLE, "/body",
                             "the draft has no usable text: no title and an empty body");
    r->own_stemmer = !opts->stems;
    r->stemmer = opts->stems ? seo_stem_cache_get(opts->stems, r->doc.language)
                             : seo_stemmer_new(r->doc.language);
    r->stems = seo_xcalloc(1, sizeof(*r->stems));
    seo_doc_stems_build(r->stems, &r->doc, r->stemmer);
    r->focus_keyword = seo_keyword_choose(&r->doc, r->stems, &r->faq, r->draft.focus_keyword,
                                          r->hints.focus_keyword, r->stemmer, &r->warnings);
    write_meta(r, opts->now);
    seo_schema_build(r);
    r->head_html = seo_head_html(r);
    for (size_t i = 0; i < r->faq.n && !r->faq_html; i++)
        if (!r->faq.items[i].visible)
            r->faq_html = seo_faq_html(&r->faq, r->doc.language);
    struct seo_analysis_input in = {
        .doc = &r->doc,
        .keyphrase = r->focus_keyword,
        .meta_title = r->meta_title,
        .meta_title_px = r->meta_title ? seo_width_px(r->meta_title, strlen(r->meta_title)) : 0,
        .meta_description = r->meta_description,
        .slug = r->slug,
        .stemmer = r->stemmer,
    };
    seo_analysis_run(&in, &r->analysis);
    return SEO_OK;
}

enum seo_status seo_generate(const char *input, size_t len, const struct seo_options *opts,
                             struct seo_result *out, struct seo_error *err)
{
    struct seo_result r;
    enum seo_status st = seo_read(input, len, opts, &r, err);
    if (st != SEO_OK)
        return st;
    st = seo_build(&r, opts, err);
    if (st != SEO_OK) {
        seo_result_free(&r);
        return st;
    }
    *out = r;
    return SEO_OK;
}
