#include "keyword.h"

#include "lang.h"
#include "mem.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void seo_stems_free(struct seo_stems *s)
{
    seo_buf_free(&s->text);
    free(s->off);
    free(s->len);
    memset(s, 0, sizeof(*s));
}

/* Room for `more` stems beyond the n there are. */
static void stems_reserve(struct seo_stems *s, size_t more)
{
    size_t cap = s->cap;
    s->off = seo_xgrow(s->off, &cap, s->n + more, sizeof(*s->off));
    cap = s->cap;
    s->len = seo_xgrow(s->len, &cap, s->n + more, sizeof(*s->len));
    s->cap = cap;
}

static void stems_push(struct seo_stems *s, size_t off, size_t len)
{
    stems_reserve(s, 1);
    s->off[s->n] = off;
    s->len[s->n] = len;
    s->n++;
}

void seo_stems_of(struct seo_stems *out, const char *text, size_t len, struct seo_stemmer *st)
{
    /* Room for the stems of a typical text at once (a word and its space take 6 bytes on
     * average): a sentence costs three allocations, not a dozen doublings. */
    seo_buf_reserve(&out->text, len);
    stems_reserve(out, len / 6 + 1);
    struct seo_word_iter it;
    seo_words_begin(&it, text, len);
    while (seo_words_next(&it)) {
        size_t n;
        bool stop;
        const char *stem = seo_stem_lookup(st, it.word.data, it.word.len, &n, &stop);
        if (stop)
            continue;
        size_t off = out->text.len;
        seo_buf_append(&out->text, stem, n);
        stems_push(out, off, n);
    }
    seo_words_end(&it);
}

static bool same_stem(const struct seo_stems *a, size_t i, const struct seo_stems *b, size_t j)
{
    return a->len[i] == b->len[j] &&
           memcmp(a->text.data + a->off[i], b->text.data + b->off[j], a->len[i]) == 0;
}

size_t seo_stems_count(const struct seo_stems *hay, const struct seo_stems *needle)
{
    if (needle->n == 0 || hay->n < needle->n)
        return 0;
    size_t count = 0;
    for (size_t i = 0; i + needle->n <= hay->n; i++) {
        size_t k = 0;
        while (k < needle->n && same_stem(hay, i + k, needle, k))
            k++;
        if (k == needle->n)
            count++;
    }
    return count;
}

void seo_doc_stems_build(struct seo_doc_stems *out, const struct seo_document *doc,
                         struct seo_stemmer *st)
{
    memset(out, 0, sizeof(*out));
    out->n_sentences = doc->n_sentences;
    out->n_blocks = doc->n_blocks;
    out->sentences = seo_xcalloc(doc->n_sentences + 1, sizeof(*out->sentences));
    out->blocks = seo_xcalloc(doc->n_blocks + 1, sizeof(*out->blocks));
    for (size_t i = 0; i < doc->n_sentences; i++) {
        const struct seo_sentence *s = &doc->sentences[i];
        const struct seo_block *b = &doc->blocks[s->block];
        const char *text = s->item == (size_t)-1 ? b->content.text : b->items[s->item].text;
        seo_stems_of(&out->sentences[i], text + s->start, s->len, st);
    }
    for (size_t i = 0; i < doc->n_blocks; i++)
        if (doc->blocks[i].type == SEO_BLOCK_HEADING)
            seo_stems_of(&out->blocks[i], doc->blocks[i].content.text,
                         strlen(doc->blocks[i].content.text), st);
}

void seo_doc_stems_free(struct seo_doc_stems *s)
{
    for (size_t i = 0; i < s->n_sentences; i++)
        seo_stems_free(&s->sentences[i]);
    for (size_t i = 0; i < s->n_blocks; i++)
        seo_stems_free(&s->blocks[i]);
    free(s->sentences);
    free(s->blocks);
    memset(s, 0, sizeof(*s));
}

/* Where the keyword is looked for: every sentence, heading and hidden FAQ question, with a weight.
 */
struct unit {
    const struct seo_stems *stems;
    struct seo_stems own; /* for FAQ questions, stemmed here */
    unsigned weight;
};

struct units {
    struct unit *v;
    size_t n, cap;
};

static struct unit *add_unit(struct units *u, const struct seo_stems *stems, unsigned weight)
{
    u->v = seo_xgrow(u->v, &u->cap, u->n + 1, sizeof(*u->v));
    struct unit *x = &u->v[u->n++];
    memset(x, 0, sizeof(*x));
    x->stems = stems;
    x->weight = weight;
    return x;
}

/* Headings and questions say what a page is about more than a sentence in passing. */
static void collect_units(struct units *u, const struct seo_document *doc,
                          const struct seo_doc_stems *ds, const struct seo_faq *faq,
                          struct seo_stemmer *st)
{
    for (size_t i = 0; i < ds->n_sentences; i++)
        add_unit(u, &ds->sentences[i], 1);
    for (size_t i = 0; i < ds->n_blocks; i++)
        if (doc->blocks[i].type == SEO_BLOCK_HEADING)
            add_unit(u, &ds->blocks[i], 2);
    for (size_t i = 0; faq && i < faq->n; i++) {
        if (faq->items[i].visible)
            continue;
        struct unit *x = add_unit(u, NULL, 2);
        seo_stems_of(&x->own, faq->items[i].question, strlen(faq->items[i].question), st);
    }
    for (size_t i = 0; i < u->n; i++) /* pointers into u->v are stable only now */
        if (!u->v[i].stems)
            u->v[i].stems = &u->v[i].own;
}

static size_t support(const struct units *u, const struct seo_stems *phrase)
{
    size_t total = 0;
    for (size_t i = 0; i < u->n; i++)
        total += seo_stems_count(u->v[i].stems, phrase) * u->v[i].weight;
    return total;
}

static char *lower_copy(const char *s)
{
    struct seo_word_iter it;
    struct seo_buf out = {0};
    seo_words_begin(&it, s, strlen(s));
    while (seo_words_next(&it)) {
        if (out.len)
            seo_buf_putc(&out, ' ');
        seo_buf_append(&out, it.word.data, it.word.len);
    }
    seo_words_end(&it);
    return seo_buf_take(&out);
}

/*
 * The draft's own keyword as the editor wrote it, in lower case: every run of
 * white space becomes one space, nothing else is dropped ("C++ compilers" ->
 * "c++ compilers", "tips & tricks" stays). It is tokenised only for matching.
 */
static char *given_copy(const char *s)
{
    struct seo_buf out = {0};
    size_t len = strlen(s), i = 0;
    bool space = false;
    while (i < len) {
        int32_t cp = seo_utf8_next(s, len, &i);
        if (seo_utf8_is_space(cp)) {
            space = out.len > 0;
            continue;
        }
        if (space)
            seo_buf_putc(&out, ' ');
        space = false;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_tolower(cp), enc);
        seo_buf_append(&out, (const char *)enc, (size_t)n);
    }
    /* Lower-casing keeps NFC for almost every text; normalising again makes sure. */
    size_t n;
    char *nfc = seo_utf8_nfc(out.data ? out.data : "", out.len, &n);
    seo_buf_free(&out);
    return nfc;
}

struct title_word {
    size_t off, len; /* in the lower-cased title */
    bool stop;
};

/*
 * Candidates are runs of 1-6 title words with 1-4 content words that neither
 * start nor end with a stop word. An SEO editor picks the most specific phrase
 * the article keeps using: the longest candidate whose weighted occurrences
 * reach `min_support` wins (more occurrences, then the earlier one, break
 * ties), so "knee strengthening exercises" beats "knee" even though the body
 * names the knee far more often. When no candidate reaches it, the best
 * supported one wins.
 */
static char *from_title(const struct seo_document *doc, const struct units *u,
                        struct seo_stemmer *st, size_t min_support)
{
    char *title = lower_copy(doc->title);
    struct title_word words[64];
    size_t n = 0;
    struct seo_word_iter it;
    seo_words_begin(&it, title, strlen(title));
    while (seo_words_next(&it) && n < 64) {
        words[n].off = it.start;
        words[n].len = it.end - it.start;
        /* Numbers ("7 Knee Exercises", "in 2026") never start or end a keyword. */
        words[n].stop = seo_lang_is_stopword(doc->language, it.word.data, it.word.len) ||
                        strspn(it.word.data, "0123456789") == it.word.len;
        n++;
    }
    seo_words_end(&it);
    char *best = NULL;
    size_t best_n = 0, best_s = 0;
    bool best_qualified = false;
    for (size_t i = 0; i < n; i++) {
        if (words[i].stop)
            continue;
        size_t content = 0;
        for (size_t j = i; j < n && j < i + 6; j++) {
            content += !words[j].stop;
            if (content > 4)
                break;
            if (words[j].stop)
                continue;
            size_t start = words[i].off, end = words[j].off + words[j].len;
            struct seo_stems phrase = {0};
            seo_stems_of(&phrase, title + start, end - start, st);
            size_t s = support(u, &phrase);
            seo_stems_free(&phrase);
            bool qualified = s >= min_support;
            bool better;
            if (s == 0)
                better = false;
            else if (qualified != best_qualified)
                better = qualified;
            else if (qualified)
                better = content > best_n || (content == best_n && s > best_s);
            else
                better = s * content > best_s * best_n;
            if (better) {
                free(best);
                best = seo_xstrndup(title + start, end - start);
                best_n = content;
                best_s = s;
                best_qualified = qualified;
            }
        }
    }
    free(title);
    return best;
}

/* The first 1-3 content words of the title, when the body confirms nothing. */
static char *title_head(const struct seo_document *doc)
{
    char *title = lower_copy(doc->title);
    struct seo_word_iter it;
    size_t start = 0, end = 0, content = 0;
    seo_words_begin(&it, title, strlen(title));
    while (seo_words_next(&it) && content < 3) {
        bool stop = seo_lang_is_stopword(doc->language, it.word.data, it.word.len);
        if (stop && content == 0)
            continue;
        if (stop)
            break;
        if (content == 0)
            start = it.start;
        end = it.end;
        content++;
    }
    seo_words_end(&it);
    char *head = content ? seo_xstrndup(title + start, end - start) : NULL;
    free(title);
    return head;
}

char *seo_keyword_choose(const struct seo_document *doc, const struct seo_doc_stems *ds,
                         const struct seo_faq *faq, const char *given, const char *hint,
                         struct seo_stemmer *st, struct seo_warnings *w)
{
    if (given) {
        char *own = given_copy(given);
        if (*own) /* not only no-break or other Unicode spaces */
            return own;
        free(own);
    }
    struct units u = {0};
    char *keyword = NULL;
    collect_units(&u, doc, ds, faq, st);
    if (hint) {
        struct seo_stems phrase = {0};
        seo_stems_of(&phrase, hint, strlen(hint), st);
        if (support(&u, &phrase) > 0)
            keyword = lower_copy(hint);
        seo_stems_free(&phrase);
    }
    /* Once in an article under 800 words, then once more for every 400 words. */
    size_t min_support = doc->word_count / 400 > 1 ? doc->word_count / 400 : 1;
    if (!keyword && doc->title)
        keyword = from_title(doc, &u, st, min_support);
    if (!keyword && doc->title) {
        keyword = title_head(doc);
        if (keyword)
            seo_warn(
                w, "keyword_unconfirmed",
                "no phrase of the title occurs in the body; the focus keyword \"%s\" was taken "
                "from the title alone",
                keyword);
    }
    if (!keyword)
        seo_warn(w, "no_focus_keyword",
                 "no focus keyword: the draft gives none and has no title to take one from");
    for (size_t i = 0; i < u.n; i++)
        seo_stems_free(&u.v[i].own);
    free(u.v);
    return keyword;
}
