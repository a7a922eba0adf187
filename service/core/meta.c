#include "meta.h"

#include "buf.h"
#include "keyword.h"
#include "lang.h"
#include "mem.h"
#include "stem.h"
#include "utf8.h"
#include "width.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

size_t seo_meta_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* ---- title ---- */

/* Title Case for a title written in capitals ("KNEE PAIN GUIDE" -> "Knee Pain Guide"). */
static char *fix_capitals(const char *title)
{
    size_t len = strlen(title), i = 0, upper = 0, lower = 0;
    while (i < len) {
        int32_t cp = seo_utf8_next(title, len, &i);
        upper += utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
        lower += utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
    }
    if (lower || upper < 4)
        return seo_xstrdup(title);
    struct seo_buf out = {0};
    bool word_start = true;
    i = 0;
    while (i < len) {
        int32_t cp = seo_utf8_next(title, len, &i);
        int32_t mapped = word_start ? cp : utf8proc_tolower(cp);
        utf8proc_uint8_t enc[4];
        seo_buf_append(&out, (const char *)enc, (size_t)utf8proc_encode_char(mapped, enc));
        word_start = !seo_utf8_is_wordchar(cp) && cp != '\'' && cp != 0x2019;
    }
    return seo_buf_take(&out);
}

/* The keyword in Title Case, for {keyword}: "sex back pain" -> "Sex Back Pain". */
static char *title_case(const char *s)
{
    struct seo_buf out = {0};
    size_t len = strlen(s), i = 0;
    bool word_start = true;
    while (i < len) {
        int32_t cp = seo_utf8_next(s, len, &i);
        utf8proc_uint8_t enc[4];
        int32_t mapped = word_start ? utf8proc_toupper(cp) : cp;
        seo_buf_append(&out, (const char *)enc, (size_t)utf8proc_encode_char(mapped, enc));
        word_start = cp == ' ' || cp == '-';
    }
    return seo_buf_take(&out);
}

enum cut { CUT_STOPWORD, CUT_PUNCTUATION, CUT_NONE };

struct variant {
    char *text;
    enum cut cut; /* how natural the title's end is: whole, at punctuation, before a stop word */
};

struct variants {
    struct variant v[48];
    size_t n;
};

/* Past the closing brackets and quotes that end a word: "(Syndrome)", "\"Pain\"", "<Swelling>". */
static size_t closing_end(const char *s, size_t i)
{
    for (;;) {
        if (s[i] && strchr(")]>\"'", s[i])) {
            i++;
        } else if ((unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0x9D || (unsigned char)s[i + 2] == 0x99)) {
            i += 3; /* ” ’ */
        } else if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xBB) {
            i += 2; /* » */
        } else {
            return i;
        }
    }
}

/* Brackets and quotes in s[0..n) are balanced: a cut title never leaves "(Patellofemoral Pain". */
static bool balanced(const char *s, size_t n)
{
    int round = 0, square = 0, angle = 0, ascii_quotes = 0, curly = 0;
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '(':
            round++;
            break;
        case ')':
            round--;
            break;
        case '[':
            square++;
            break;
        case ']':
            square--;
            break;
        case '<':
            angle++;
            break;
        case '>':
            angle--;
            break;
        case '"':
            ascii_quotes++;
            break;
        default:
            if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80)
                curly += (unsigned char)s[i + 2] == 0x9C   ? 1
                         : (unsigned char)s[i + 2] == 0x9D ? -1
                                                           : 0;
        }
    }
    return round == 0 && square == 0 && angle == 0 && ascii_quotes % 2 == 0 && curly == 0;
}

static void add_variant(struct variants *vs, const char *s, size_t len, enum cut cut)
{
    while (len && strchr(" ,;:-|(", s[len - 1]))
        len--;
    if (!len || vs->n == sizeof(vs->v) / sizeof(vs->v[0]) || (cut != CUT_NONE && !balanced(s, len)))
        return;
    for (size_t i = 0; i < vs->n; i++)
        if (strlen(vs->v[i].text) == len && memcmp(vs->v[i].text, s, len) == 0)
            return;
    vs->v[vs->n].text = seo_xstrndup(s, len);
    vs->v[vs->n].cut = cut;
    vs->n++;
}

/*
 * The whole title and its prefixes ending before a stop word or at
 * punctuation, with trailing stop words removed: "Effective Strategies for
 * Managing Sex Back Pain and Enhancing Intimacy" gives "… Sex Back Pain",
 * "Effective Strategies for Managing …" is not cut mid-phrase.
 */
static void title_variants(struct variants *vs, const char *title, const char *lang)
{
    add_variant(vs, title, strlen(title), CUT_NONE);
    struct seo_word_iter it;
    size_t prev_end = 0, last_content_end = 0;
    bool first = true;
    seo_words_begin(&it, title, strlen(title));
    while (seo_words_next(&it)) {
        bool stop = seo_lang_is_stopword(lang, it.word.data, it.word.len);
        bool punct = false;
        for (size_t k = prev_end; k < it.start; k++)
            punct |= strchr(":,;|(-", title[k]) != NULL || (unsigned char)title[k] == 0xE2;
        if (!first && (stop || punct) && last_content_end)
            add_variant(vs, title, last_content_end, punct ? CUT_PUNCTUATION : CUT_STOPWORD);
        if (!stop)
            last_content_end = closing_end(title, it.end);
        prev_end = it.end;
        first = false;
    }
    seo_words_end(&it);
}

/* Renders a template; false when it uses a variable that has no value. */
static bool render(struct seo_buf *out, const char *tpl, const struct seo_title_vars *v,
                   const char *title, const char *keyword_tc)
{
    seo_buf_reset(out);
    for (const char *p = tpl; *p;) {
        if (*p != '{') {
            seo_buf_putc(out, *p++);
            continue;
        }
        const char *close = strchr(p, '}');
        if (!close)
            return false;
        size_t n = (size_t)(close - p - 1);
        const char *name = p + 1;
        char num[24];
        const char *value = NULL;
        if (n == 5 && strncmp(name, "title", 5) == 0)
            value = title;
        else if (n == 7 && strncmp(name, "keyword", 7) == 0)
            value = keyword_tc;
        else if (n == 4 && strncmp(name, "site", 4) == 0)
            value = v->site;
        else if (n == 3 && strncmp(name, "sep", 3) == 0)
            value = v->sep;
        else if (n == 4 && strncmp(name, "year", 4) == 0 && v->year > 0)
            value = (snprintf(num, sizeof(num), "%d", v->year), num);
        else if (n == 8 && strncmp(name, "sections", 8) == 0 && v->sections > 0)
            value = (snprintf(num, sizeof(num), "%zu", v->sections), num);
        if (!value || !*value)
            return false;
        seo_buf_puts(out, value);
        p = close + 1;
    }
    return true;
}

static bool holds_keyword(const char *text, const struct seo_stems *kw, struct seo_stemmer *st)
{
    if (!kw->n)
        return false;
    struct seo_stems s = {0};
    seo_stems_of(&s, text, strlen(text), st);
    bool found = seo_stems_count(&s, kw) > 0;
    seo_stems_free(&s);
    return found;
}

char *seo_meta_title(const struct seo_title_vars *v, const char *const *templates,
                     size_t n_templates)
{
    static const char *const defaults[] = {"{title} {sep} {site}", "{title}"};
    static const char *const keyword_first[] = {"{keyword}: {title} {sep} {site}",
                                                "{keyword}: {title}"};
    char *title = fix_capitals(v->title);
    char *keyword_tc = v->keyword ? title_case(v->keyword) : NULL;
    /* The pipeline shares its stemmer; a caller without one gets a private one. */
    struct seo_stemmer *own = v->stemmer ? NULL : seo_stemmer_new(v->lang);
    struct seo_stemmer *st = v->stemmer ? v->stemmer : own;
    struct seo_stems kw = {0};
    if (v->keyword)
        seo_stems_of(&kw, v->keyword, strlen(v->keyword), st);
    bool title_has_kw = holds_keyword(title, &kw, st);

    const char *tpls[SEO_MAX_TITLE_TEMPLATES + 2];
    size_t n = 0;
    if (n_templates) {
        for (size_t i = 0; i < n_templates && n < SEO_MAX_TITLE_TEMPLATES; i++)
            tpls[n++] = templates[i];
    } else {
        /* A keyword the title lacks leads, as an editor would write it. */
        if (keyword_tc && !title_has_kw)
            for (size_t i = 0; i < 2; i++)
                tpls[n++] = keyword_first[i];
        for (size_t i = 0; i < 2; i++)
            tpls[n++] = defaults[i];
    }

    struct variants vs = {0};
    title_variants(&vs, title, v->lang);
    struct seo_buf cand = {0};
    char *best = NULL;
    int best_rank[4] = {-1, -1, -1, -1};
    for (size_t t = 0; t < n; t++) {
        for (size_t k = 0; k < vs.n; k++) {
            if (!render(&cand, tpls[t], v, vs.v[k].text, keyword_tc))
                continue;
            double px = seo_width_px(cand.data, cand.len);
            if (seo_meta_chars(cand.data) > SEO_TITLE_MAX_CHARS || px > SEO_TITLE_MAX_PX)
                continue;
            int rank[4] = {holds_keyword(cand.data, &kw, st), px > 400.0, (int)vs.v[k].cut,
                           (int)(px * 10)};
            if (memcmp(rank, best_rank, sizeof(rank)) == 0)
                continue;
            bool better = false;
            for (int r = 0; r < 4; r++) {
                if (rank[r] != best_rank[r]) {
                    better = rank[r] > best_rank[r];
                    break;
                }
            }
            if (better) {
                free(best);
                best = seo_xstrndup(cand.data, cand.len);
                memcpy(best_rank, rank, sizeof(rank));
            }
        }
    }
    /* Nothing fits (one very long word): the title cut at the last word that fits. */
    if (!best) {
        struct seo_buf cut = {0};
        struct seo_word_iter it;
        seo_words_begin(&it, title, strlen(title));
        size_t end = 0;
        while (seo_words_next(&it)) {
            seo_buf_reset(&cut);
            seo_buf_append(&cut, title, it.end);
            if (seo_meta_chars(cut.data) > SEO_TITLE_MAX_CHARS ||
                seo_width_px(cut.data, cut.len) > SEO_TITLE_MAX_PX)
                break;
            end = it.end;
        }
        seo_words_end(&it);
        seo_buf_free(&cut);
        best = end ? seo_xstrndup(title, end) : seo_xstrdup(title);
    }
    for (size_t k = 0; k < vs.n; k++)
        free(vs.v[k].text);
    seo_buf_free(&cand);
    seo_stems_free(&kw);
    seo_stemmer_free(own);
    free(keyword_tc);
    free(title);
    return best;
}

/* ---- description ---- */

struct sentence_info {
    const char *text;
    size_t len;
    size_t block;
    const struct seo_stems *stems;
    size_t kw;      /* keyword occurrences */
    double central; /* how much its words are the article's frequent ones, 0..1 */
};

/* Frequency of each content stem over the article, as a small open-addressing table. */
struct freq {
    uint64_t *hash;
    unsigned *count;
    size_t size;
    unsigned max;
};

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h | 1;
}

static unsigned *freq_slot(struct freq *f, uint64_t h)
{
    size_t i = h & (f->size - 1);
    while (f->hash[i] && f->hash[i] != h)
        i = (i + 1) & (f->size - 1);
    f->hash[i] = h;
    return &f->count[i];
}

static double centrality(const struct freq *f, const struct seo_stems *s)
{
    if (!s->n || !f->max)
        return 0;
    double sum = 0;
    for (size_t i = 0; i < s->n; i++)
        sum += *freq_slot((struct freq *)f, fnv(s->text.data + s->off[i], s->len[i]));
    return sum / (double)s->n / (double)f->max;
}

/* The text ends with . ! ? or …, closing quotes and brackets allowed after it. */
static bool ends_like_sentence(const char *s, size_t n)
{
    char mark = seo_utf8_final_mark(s, n);
    return mark && mark != ':' && mark != ';';
}

/* Cuts at the last word boundary that leaves room for "…", drops dangling words and punctuation. */
static char *truncate_words(const char *s, size_t len, const char *lang)
{
    struct seo_buf out = {0};
    size_t chars = 0, i = 0, last_space = 0;
    while (i < len && chars < SEO_DESCRIPTION_MAX - 1) {
        size_t at = i;
        seo_utf8_next(s, len, &i);
        if (s[at] == ' ')
            last_space = at;
        chars++;
    }
    size_t cut = i >= len ? len : last_space ? last_space : i;
    for (;;) {
        while (cut && strchr(" ,;:-(", s[cut - 1]))
            cut--;
        size_t word = cut;
        while (word && s[word - 1] != ' ')
            word--;
        struct seo_buf lower = {0};
        struct seo_word_iter it;
        seo_words_begin(&it, s + word, cut - word);
        bool stop = seo_words_next(&it) && seo_lang_is_stopword(lang, it.word.data, it.word.len);
        seo_words_end(&it);
        seo_buf_free(&lower);
        if (!stop || word == 0)
            break;
        cut = word;
    }
    seo_buf_append(&out, s, cut);
    seo_buf_puts(&out, "\xE2\x80\xA6");
    return seo_buf_take(&out);
}

/*
 * "Keyword: " followed by the most central run of sentences of one paragraph
 * that brings the whole to 121-156 characters; NULL when none fits.
 */
/* The first place `needle` (lower-case ASCII or UTF-8) occurs in `hay`, ignoring ASCII case. */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++) {
        size_t k = 0;
        while (k < n && p[k] &&
               (p[k] == needle[k] || (p[k] >= 'A' && p[k] <= 'Z' && p[k] + 32 == needle[k])))
            k++;
        if (k == n)
            return p;
    }
    return NULL;
}

/* "Keyword: " as the title writes the keyword ("Lost Lake Loop: "), else in sentence case. */
static void keyword_lead(struct seo_buf *lead, const char *keyword, const char *title)
{
    const char *in_title = title ? find_ci(title, keyword) : NULL;
    const char *text = in_title ? in_title : keyword;
    size_t text_len = strlen(keyword), i0 = 0;
    int32_t first = seo_utf8_next(text, text_len, &i0);
    utf8proc_uint8_t enc[4];
    seo_buf_append(lead, (const char *)enc,
                   (size_t)utf8proc_encode_char(utf8proc_toupper(first), enc));
    seo_buf_append(lead, text + i0, text_len - i0);
    seo_buf_puts(lead, ": ");
}

/*
 * The best run of one to three consecutive sentences of one paragraph, after
 * `lead`, that makes 121-156 characters and ends like a sentence; with
 * `allow_cut`, a single long sentence cut at a word boundary with "…"
 * competes too. A run scores for holding the keyword once or twice (when
 * `score_kw`), for how central its words are, and for coming early.
 * *has_kw (may be NULL) says whether the winner holds the keyword.
 */
static char *best_run(const struct sentence_info *ss, size_t n, const char *lead, bool score_kw,
                      bool allow_cut, const char *lang, bool *has_kw)
{
    char *best = NULL;
    double best_score = -1e9;
    struct seo_buf cand = {0};
    size_t paragraph = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && ss[i].block != ss[i - 1].block)
            paragraph++;
        if (ss[i].len && ss[i].text[ss[i].len - 1] == '?')
            continue;
        seo_buf_reset(&cand);
        seo_buf_puts(&cand, lead);
        size_t kw_count = 0;
        double central = 0;
        for (size_t run = 0; run < 3 && i + run < n && ss[i + run].block == ss[i].block; run++) {
            if (run)
                seo_buf_putc(&cand, ' ');
            seo_buf_append(&cand, ss[i + run].text, ss[i + run].len);
            kw_count += ss[i + run].kw;
            central += ss[i + run].central;
            size_t chars = seo_meta_chars(cand.data);
            /* A description ends like a sentence: never on ":" or mid-clause. */
            bool fits = chars >= SEO_DESCRIPTION_MIN && chars <= SEO_DESCRIPTION_MAX &&
                        ends_like_sentence(cand.data, cand.len);
            bool cut = allow_cut && run == 0 && chars > SEO_DESCRIPTION_MAX;
            if (fits || cut) {
                bool kw_ok = kw_count >= 1 && kw_count <= 2;
                double score =
                    (score_kw && kw_ok ? 10.0 : 0.0) + 3.0 * central / (double)(run + 1) +
                    2.0 / (1.0 + 0.3 * (double)paragraph) - (cut ? 4.0 : 0.0) - 0.5 * (double)run;
                if (score > best_score) {
                    if (has_kw)
                        *has_kw = kw_ok;
                    free(best);
                    best = cut ? truncate_words(cand.data, cand.len, lang)
                               : seo_xstrndup(cand.data, cand.len);
                    best_score = score;
                }
            }
            if (chars > SEO_DESCRIPTION_MAX)
                break;
        }
    }
    seo_buf_free(&cand);
    return best;
}

char *seo_meta_description(const struct seo_document *doc, const struct seo_doc_stems *ds,
                           const char *keyword, struct seo_stemmer *st)
{
    struct seo_stems kw = {0};
    if (keyword)
        seo_stems_of(&kw, keyword, strlen(keyword), st);
    size_t n = 0;
    struct sentence_info *ss = seo_xcalloc(doc->n_sentences + 1, sizeof(*ss));
    for (size_t i = 0; i < doc->n_sentences; i++) {
        const struct seo_sentence *s = &doc->sentences[i];
        const struct seo_block *b = &doc->blocks[s->block];
        if (b->type != SEO_BLOCK_PARAGRAPH)
            continue;
        struct sentence_info *x = &ss[n++];
        x->text = b->content.text + s->start;
        x->len = s->len;
        x->block = s->block;
        x->stems = &ds->sentences[i];
        x->kw = seo_stems_count(x->stems, &kw);
    }
    struct freq f = {0};
    f.size = 1;
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += ss[i].stems->n;
    while (f.size < total * 2 + 16)
        f.size *= 2;
    f.hash = seo_xcalloc(f.size, sizeof(*f.hash));
    f.count = seo_xcalloc(f.size, sizeof(*f.count));
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < ss[i].stems->n; k++) {
            /* Stop-word-free stems shorter than 3 bytes carry little meaning. */
            if (ss[i].stems->len[k] < 3)
                continue;
            unsigned *c = freq_slot(
                &f, fnv(ss[i].stems->text.data + ss[i].stems->off[k], ss[i].stems->len[k]));
            if (++*c > f.max)
                f.max = *c;
        }
    }
    for (size_t i = 0; i < n; i++)
        ss[i].central = centrality(&f, ss[i].stems);
    bool best_has_kw = false;
    char *best = best_run(ss, n, "", kw.n > 0, true, doc->language, &best_has_kw);
    /*
     * No sentence that fits holds the keyword: lead with it, as editors do
     * ("Knee strengthening exercises: Stronger thigh muscles …"), followed
     * by the best sentences that fit what is left.
     */
    if (best && kw.n && !best_has_kw && keyword) {
        struct seo_buf lead = {0};
        keyword_lead(&lead, keyword, doc->title);
        char *led = best_run(ss, n, lead.data, false, false, doc->language, NULL);
        seo_buf_free(&lead);
        if (led) {
            free(best);
            best = led;
        }
    }
    struct seo_buf cand = {0};
    /* A short article: its first sentences, whatever their length. */
    if (!best && n) {
        seo_buf_reset(&cand);
        for (size_t i = 0;
             i < n && seo_meta_chars(cand.data ? cand.data : "") < SEO_DESCRIPTION_MIN; i++) {
            if (cand.len)
                seo_buf_putc(&cand, ' ');
            seo_buf_append(&cand, ss[i].text, ss[i].len);
        }
        if (seo_meta_chars(cand.data) > SEO_DESCRIPTION_MAX ||
            !ends_like_sentence(cand.data, cand.len))
            best = truncate_words(cand.data, cand.len, doc->language);
        else
            best = seo_xstrndup(cand.data, cand.len);
    }

    free(ss);
    free(f.hash);
    free(f.count);
    seo_buf_free(&cand);
    seo_stems_free(&kw);
    return best;
}
