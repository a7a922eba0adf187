#include "faq.h"

#include "html.h"
#include "mem.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

void seo_faq_free(struct seo_faq *faq)
{
    if (!faq)
        return;
    for (size_t i = 0; i < faq->n; i++) {
        free(faq->items[i].question);
        free(faq->items[i].answer);
        free(faq->items[i].answer_text);
        free(faq->items[i].source_url);
    }
    free(faq->items);
    memset(faq, 0, sizeof(*faq));
}

void seo_faq_sources_free(struct seo_faq_source *sources, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(sources[i].url);
        free(sources[i].failure);
        for (size_t k = 0; k < sources[i].n_pairs; k++) {
            free(sources[i].pairs[k].question);
            free(sources[i].pairs[k].answer);
        }
        free(sources[i].pairs);
    }
    free(sources);
}

static const char *const section_titles[] = {"faq",
                                             "faqs",
                                             "frequently asked questions",
                                             "frequently asked question",
                                             "common questions",
                                             "questions and answers",
                                             "questions answers",
                                             "q a",
                                             "your questions answered",
                                             "häufig gestellte fragen",
                                             "häufige fragen",
                                             "fragen und antworten",
                                             "questions fréquentes",
                                             "foire aux questions",
                                             "questions réponses",
                                             "preguntas frecuentes",
                                             "domande frequenti",
                                             "perguntas frequentes",
                                             "veelgestelde vragen",
                                             "vanliga frågor",
                                             "ofte stillede spørgsmål"};

bool seo_faq_section_title(const char *text)
{
    struct seo_buf f = {0};
    seo_utf8_fold(&f, text, strlen(text));
    bool hit = false;
    for (size_t k = 0; k < sizeof(section_titles) / sizeof(section_titles[0]) && !hit; k++) {
        size_t n = strlen(section_titles[k]);
        /* The title itself, or the title followed by more words ("FAQ about knees"). */
        hit = f.len >= n && strncmp(f.data, section_titles[k], n) == 0 &&
              (f.data[n] == '\0' || f.data[n] == ' ');
    }
    seo_buf_free(&f);
    return hit;
}

/* Length of a "Q:" / "Question:" / "F:" prefix (with following spaces), or 0. */
static size_t qa_prefix(const char *t, const char *const *prefixes)
{
    for (size_t k = 0; prefixes[k]; k++) {
        size_t n = strlen(prefixes[k]);
        if (strncmp(t, prefixes[k], n) == 0) {
            while (t[n] == ' ')
                n++;
            return n;
        }
    }
    return 0;
}

static const char *const question_prefixes[] = {"Q:", "Q.", "Question:", "Frage:", NULL};
static const char *const answer_prefixes[] = {"A:", "A.", "Answer:", "Antwort:", NULL};

bool seo_faq_ends_with_question_mark(const char *t)
{
    size_t n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '*' || t[n - 1] == '"'))
        n--;
    return (n >= 1 && t[n - 1] == '?') || (n >= 3 && memcmp(t + n - 3, "\xEF\xBC\x9F", 3) == 0);
}

/* One sentence: no sentence end before the final question mark. */
static bool single_sentence(const struct seo_document *doc, size_t block)
{
    /* Sentences are in block order: binary search for the block's first one. */
    size_t lo = 0, hi = doc->n_sentences;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->sentences[mid].block < block)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < doc->n_sentences && doc->sentences[lo].block == block &&
           (lo + 1 == doc->n_sentences || doc->sentences[lo + 1].block != block);
}

enum qkind { Q_NONE, Q_HEADING, Q_LINE };

/*
 * Whether block i is a question: a heading ending in '?' (any heading inside
 * an FAQ section), or a paragraph that is one short sentence ending in '?' or
 * starting with "Q:". List items are never questions (checklists, tables of
 * contents).
 */
static enum qkind question_kind(const struct seo_document *doc, size_t i, bool in_faq)
{
    const struct seo_block *b = &doc->blocks[i];
    const char *t = b->content.text;
    if (b->type == SEO_BLOCK_HEADING)
        return seo_faq_ends_with_question_mark(t) || in_faq ? Q_HEADING : Q_NONE;
    if (b->type != SEO_BLOCK_PARAGRAPH)
        return Q_NONE;
    bool prefixed = qa_prefix(t, question_prefixes) > 0;
    if (!prefixed && !seo_faq_ends_with_question_mark(t))
        return Q_NONE;
    if (seo_utf8_word_count(t, strlen(t)) > 30 || (!prefixed && !single_sentence(doc, i)))
        return Q_NONE;
    return Q_LINE;
}

/* Renders answer blocks [from, to) as FAQPage answer HTML and as plain text. */
static void render_answer(const struct seo_document *doc, size_t from, size_t to,
                          struct seo_buf *html, struct seo_buf *text)
{
    bool single = to - from == 1 && doc->blocks[from].type == SEO_BLOCK_PARAGRAPH;
    for (size_t i = from; i < to; i++) {
        const struct seo_block *b = &doc->blocks[i];
        if (text->len)
            seo_buf_putc(text, '\n');
        if (b->type == SEO_BLOCK_LIST) {
            const char *tag = b->ordered ? "ol" : "ul";
            seo_buf_printf(html, "<%s>", tag);
            for (size_t k = 0; k < b->n_items; k++) {
                seo_buf_printf(html, "<li>%s</li>", b->items[k].html);
                if (k)
                    seo_buf_putc(text, '\n');
                seo_buf_puts(text, b->items[k].text);
            }
            seo_buf_printf(html, "</%s>", tag);
            continue;
        }
        /* Answers hold no headings; a sub-heading inside one becomes a bold paragraph. */
        const char *h = b->content.html, *t = b->content.text;
        size_t skip = i == from ? qa_prefix(t, answer_prefixes) : 0;
        if (skip) {
            t += skip;
            size_t hskip = qa_prefix(h, answer_prefixes);
            h += hskip;
        }
        if (single)
            seo_buf_puts(html, h);
        else if (b->type == SEO_BLOCK_HEADING)
            seo_buf_printf(html, "<p><strong>%s</strong></p>", h);
        else
            seo_buf_printf(html, "<p>%s</p>", h);
        seo_buf_puts(text, t);
    }
}

/*
 * Appends the key two questions are the same by: seo_utf8_fold() of the text
 * without apostrophes (' and ’), so "Whats", "What's" and "What’s" agree
 * where folding alone would split "What's" into "what s".
 */
static void question_key(struct seo_buf *key, const char *text)
{
    struct seo_buf bare = {0};
    for (const char *p = text; *p;) {
        size_t run = strcspn(p, "'\xE2");
        seo_buf_append(&bare, p, run);
        p += run;
        if (*p == '\'')
            p++;
        else if (strncmp(p, "\xE2\x80\x99", 3) == 0) /* ’ */
            p += 3;
        else if (*p)
            seo_buf_putc(&bare, *p++);
    }
    seo_utf8_fold(key, bare.data ? bare.data : "", bare.len);
    seo_buf_free(&bare);
}

struct merger {
    struct seo_faq *out;
    struct seo_buf *keys; /* folded questions, parallel to out->items */
    size_t cap_keys;
    size_t max;
    size_t dropped;
};

/* The entry whose key is `key` (not empty), or NULL. */
static struct seo_faq_entry *find(const struct merger *m, const struct seo_buf *key)
{
    for (size_t i = 0; i < m->out->n; i++)
        if (strcmp(m->keys[i].data, key->data) == 0)
            return &m->out->items[i];
    return NULL;
}

/*
 * Adds an entry unless its question is already there; takes ownership of the
 * strings. `url` (borrowed, copied) names a remote source, else NULL.
 */
static void merge(struct merger *m, char *question, char *answer, char *answer_text,
                  const char *source, const char *url, bool visible)
{
    struct seo_buf key = {0};
    question_key(&key, question);
    struct seo_faq_entry *known = key.len ? find(m, &key) : NULL;
    if (known) {
        known->visible |= visible;
        goto discard;
    }
    if (!key.len || !*answer_text)
        goto discard;
    if (m->out->n >= m->max) {
        m->dropped++;
        goto discard;
    }
    m->out->items = seo_xgrow(m->out->items, &m->out->cap, m->out->n + 1, sizeof(*m->out->items));
    m->keys = seo_xgrow(m->keys, &m->cap_keys, m->out->n + 1, sizeof(*m->keys));
    m->keys[m->out->n] = key;
    struct seo_faq_entry *e = &m->out->items[m->out->n++];
    e->question = question;
    e->answer = answer;
    e->answer_text = answer_text;
    e->source = source;
    e->source_url = url ? seo_xstrdup(url) : NULL;
    e->visible = visible;
    return;
discard:
    seo_buf_free(&key);
    free(question);
    free(answer);
    free(answer_text);
}

/* A question as text: trimmed, "Q:" and surrounding emphasis markers removed. */
static char *clean_question(const char *t)
{
    char *decoded = NULL;
    if (strpbrk(t, "<&"))
        t = decoded = seo_html_to_text(t, strlen(t));
    t += qa_prefix(t, question_prefixes);
    size_t n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '*'))
        n--;
    while (n && (*t == '*' || *t == ' ')) {
        t++;
        n--;
    }
    char *q = seo_xstrndup(t, n);
    free(decoded);
    return q;
}

static void from_body(struct merger *m, const struct seo_document *doc)
{
    int faq_level = 0; /* level of the FAQ section heading, 0 outside one */
    enum qkind prev_kind = Q_NONE;
    for (size_t i = 0; i < doc->n_blocks; i++) {
        const struct seo_block *b = &doc->blocks[i];
        if (b->type == SEO_BLOCK_HEADING) {
            if (faq_level && b->level <= faq_level)
                faq_level = 0;
            if (seo_faq_section_title(b->content.text)) {
                faq_level = b->level;
                prev_kind = Q_NONE;
                continue;
            }
        }
        enum qkind kind = question_kind(doc, i, faq_level > 0 && b->level > faq_level);
        enum qkind before = prev_kind;
        prev_kind = kind;
        if (kind == Q_NONE)
            continue;
        size_t j = i + 1;
        while (j < doc->n_blocks && doc->blocks[j].type != SEO_BLOCK_HEADING &&
               doc->blocks[j].type != SEO_BLOCK_RULE && question_kind(doc, j, false) == Q_NONE)
            j++;
        /* Consecutive question lines are a table of contents, not questions. */
        bool toc = kind == Q_LINE && (before == Q_LINE || (j == i + 1 && j < doc->n_blocks &&
                                                           question_kind(doc, j, false) == Q_LINE));
        if (j == i + 1 || toc)
            continue;
        struct seo_buf html = {0}, text = {0};
        render_answer(doc, i + 1, j, &html, &text);
        const char *source = faq_level           ? "faq_section"
                             : kind == Q_HEADING ? "heading"
                                                 : "question_line";
        merge(m, clean_question(b->content.text), seo_buf_take(&html), seo_buf_take(&text), source,
              NULL, true);
    }
}

/* An answer from the draft or JSON-LD: HTML is reduced to the allowed subset, text escaped. */
static void external_answer(const char *answer, const struct seo_limits *limits,
                            struct seo_buf *html, struct seo_buf *text)
{
    size_t len = strlen(answer);
    if (strpbrk(answer, "<&")) {
        struct seo_document tmp;
        struct seo_hints no_hints = {0};
        struct seo_warnings no_warnings = {0};
        seo_doc_init(&tmp, limits);
        if (seo_html_parse(answer, len, &tmp, &no_hints, NULL, limits, &no_warnings, NULL) ==
                SEO_OK &&
            tmp.n_blocks)
            render_answer(&tmp, 0, tmp.n_blocks, html, text);
        seo_doc_free(&tmp);
        seo_hints_free(&no_hints);
        seo_warnings_free(&no_warnings);
        if (text->len)
            return;
        seo_buf_reset(html);
    }
    struct seo_inline_builder b = {0};
    seo_inline_text(&b, answer, len);
    struct seo_inline in = seo_inline_take(&b);
    seo_buf_puts(html, in.html);
    seo_buf_puts(text, in.text);
    seo_inline_free(&in);
}

/* Entries given as question and answer (the draft's, JSON-LD's, a remote source's). */
static void from_pairs(struct merger *m, const struct seo_faq_pair *pairs, size_t n,
                       const char *source, const char *url, const struct seo_limits *limits)
{
    for (size_t i = 0; i < n; i++) {
        char *question = clean_question(pairs[i].question);
        struct seo_buf key = {0};
        question_key(&key, question);
        /* A question already there keeps its answer (merge would drop this one): skip rendering. */
        bool known = !key.len || find(m, &key);
        seo_buf_free(&key);
        if (known) {
            free(question);
            continue;
        }
        struct seo_buf html = {0}, text = {0};
        external_answer(pairs[i].answer, limits, &html, &text);
        merge(m, question, seo_buf_take(&html), seo_buf_take(&text), source, url, false);
    }
}

/* Marks entries whose question is the text of a visible heading or paragraph. */
static void mark_visible(struct merger *m, const struct seo_document *doc)
{
    struct seo_buf key = {0};
    for (size_t b = 0; b < doc->n_blocks; b++) {
        /* Questions are short: a long paragraph cannot be one. */
        if (doc->blocks[b].type == SEO_BLOCK_LIST || doc->blocks[b].type == SEO_BLOCK_RULE ||
            strlen(doc->blocks[b].content.text) > 400)
            continue;
        seo_buf_reset(&key);
        question_key(&key, doc->blocks[b].content.text);
        for (size_t i = 0; i < m->out->n; i++)
            if (!m->out->items[i].visible && key.len && strcmp(m->keys[i].data, key.data) == 0)
                m->out->items[i].visible = true;
    }
    seo_buf_free(&key);
}

void seo_faq_extract(const struct seo_draft *draft, const struct seo_document *doc,
                     const struct seo_hints *hints, const struct seo_faq_source *sources,
                     size_t n_sources, const struct seo_limits *limits, struct seo_faq *out,
                     struct seo_warnings *w)
{
    struct merger m = {.out = out, .max = limits->max_faq_entries};
    /* Visible entries first, in document order: their wording and answer win; then the
     * editor's own, then the page's embedded schema, then remote sources in the order pulled. */
    from_body(&m, doc);
    from_pairs(&m, draft->faq, draft->n_faq, "draft", NULL, limits);
    from_pairs(&m, hints->faq, hints->n_faq, "jsonld", NULL, limits);
    for (size_t i = 0; i < n_sources; i++) {
        if (sources[i].failure)
            seo_warn(w, "faq_source_failed",
                     "FAQ source %.200s could not be used (%.200s); the FAQ is built without it",
                     sources[i].url, sources[i].failure);
        from_pairs(&m, sources[i].pairs, sources[i].n_pairs, "remote", sources[i].url, limits);
    }
    mark_visible(&m, doc);
    for (size_t i = 0; i < out->n; i++)
        if (!out->items[i].visible)
            seo_warn(w, "faq_not_visible",
                     "FAQ entry \"%.120s\" (from %.200s) is not visible in the article; search "
                     "engines require marked-up FAQ content to be shown on the page",
                     out->items[i].question,
                     out->items[i].source_url ? out->items[i].source_url : out->items[i].source);
    if (m.dropped)
        seo_warn(w, "faq_truncated", "%zu further FAQ entries were dropped: the limit is %zu",
                 m.dropped, limits->max_faq_entries);
    for (size_t i = 0; i < out->n; i++)
        seo_buf_free(&m.keys[i]);
    free(m.keys);
}

char *seo_faq_html(const struct seo_faq *faq, const char *lang)
{
    static const struct {
        const char *lang;
        const char *heading;
    } headings[] = {{"de", "H\xC3\xA4ufig gestellte Fragen"},
                    {"fr", "Questions fr\xC3\xA9quentes"},
                    {"es", "Preguntas frecuentes"},
                    {"it", "Domande frequenti"},
                    {"nl", "Veelgestelde vragen"},
                    {"pt", "Perguntas frequentes"}};
    if (!faq->n)
        return NULL;
    const char *heading = "Frequently asked questions";
    for (size_t k = 0; k < sizeof(headings) / sizeof(headings[0]); k++)
        if (strcmp(headings[k].lang, lang) == 0)
            heading = headings[k].heading;
    struct seo_buf b = {0};
    seo_buf_printf(
        &b,
        "<section class=\"faq\" aria-labelledby=\"faq-heading\">\n<h2 id=\"faq-heading\">%s</h2>\n",
        heading);
    for (size_t i = 0; i < faq->n; i++) {
        const struct seo_faq_entry *e = &faq->items[i];
        seo_buf_puts(&b, "<h3>");
        seo_buf_html_escape(&b, e->question, strlen(e->question));
        /* A one-paragraph answer is inline text; longer answers bring their own <p> and lists. */
        bool block = strncmp(e->answer, "<p>", 3) == 0 || strncmp(e->answer, "<ul>", 4) == 0 ||
                     strncmp(e->answer, "<ol>", 4) == 0;
        seo_buf_printf(&b, "</h3>\n%s%s%s\n", block ? "<div>" : "<p>", e->answer,
                       block ? "</div>" : "</p>");
    }
    seo_buf_puts(&b, "</section>\n");
    return seo_buf_take(&b);
}
