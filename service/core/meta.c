#include "meta.h"

#include "analysis_words.h"
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

/* Code points in s[0..len): the bytes that do not continue a UTF-8 sequence. */
static size_t chars_in(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

size_t seo_meta_chars(const char *s)
{
    return chars_in(s, strlen(s));
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

/*
 * How natural a meta title's end (or start) is, worst first: after any word
 * (the last resort, "… Eigentümer 2026"), before a stop word ("… Sex Back
 * Pain" before "and"), at punctuation, or the title's own end.
 */
enum cut { CUT_WORD, CUT_STOPWORD, CUT_PUNCTUATION, CUT_NONE };

/* A text for {title}: the title, a shortening of it, or a keyword-first form of it. */
struct variant {
    char *text;
    enum cut cut;
    bool led; /* opens with the keyword, which the title holds further on */
};

struct variants {
    struct variant *v;
    size_t n, cap;
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

/* Appends s[0..len) with its first letter in upper case: "lower back pain" -> "Lower back pain". */
static void append_capitalised(struct seo_buf *out, const char *s, size_t len)
{
    size_t i = 0;
    int32_t first = seo_utf8_next(s, len, &i);
    utf8proc_uint8_t enc[4];
    seo_buf_append(out, (const char *)enc,
                   (size_t)utf8proc_encode_char(utf8proc_toupper(first), enc));
    seo_buf_append(out, s + i, len - i);
}

/* s[0..len) fits a meta title: 60 characters and 600 px. */
static bool fits(const char *s, size_t len)
{
    return chars_in(s, len) <= SEO_TITLE_MAX_CHARS && seo_width_px(s, len) <= SEO_TITLE_MAX_PX;
}

/*
 * Adds `lead` (may be NULL) followed by s[0..len) without the spaces and
 * punctuation it ends with. A part of the title (anything but the whole)
 * must keep its brackets and quotes balanced and is left out when it is over
 * 60 characters; a keyword-first one without a lead opens with a capital.
 * The same text twice is kept once, with the more natural cut.
 */
static void add_variant(struct variants *vs, const char *lead, const char *s, size_t len,
                        enum cut cut, bool led)
{
    while (len && strchr(" ,;:-|(", s[len - 1]))
        len--;
    bool part = cut != CUT_NONE || led;
    if (!len || (part && !balanced(s, len)))
        return;
    struct seo_buf text = {0};
    if (lead)
        seo_buf_puts(&text, lead);
    if (led && !lead)
        append_capitalised(&text, s, len);
    else
        seo_buf_append(&text, s, len);
    if (part && chars_in(text.data, text.len) > SEO_TITLE_MAX_CHARS) {
        seo_buf_free(&text);
        return;
    }
    for (size_t i = 0; i < vs->n; i++) {
        if (strcmp(vs->v[i].text, text.data) == 0) {
            if (cut > vs->v[i].cut)
                vs->v[i].cut = cut;
            seo_buf_free(&text);
            return;
        }
    }
    vs->v = seo_xgrow(vs->v, &vs->cap, vs->n + 1, sizeof(*vs->v));
    vs->v[vs->n++] = (struct variant){.text = seo_buf_take(&text), .cut = cut, .led = led};
}

static void variants_free(struct variants *vs)
{
    for (size_t i = 0; i < vs->n; i++)
        free(vs->v[i].text);
    free(vs->v);
}

/*
 * Where the title may be shortened, in byte offsets, ascending. It may end
 * after a content word (past its closing brackets and quotes): `cut` says
 * whether punctuation or a stop word follows, or only another word. It may
 * start, when its head is dropped, at a content word after a stop word or
 * punctuation ("Seven" in "… Try These Seven Simple Morning Stretches").
 */
struct bounds {
    struct {
        size_t at;
        enum cut cut;
    } * end;
    size_t n_end, end_cap;
    size_t *start;
    size_t n_start, start_cap;
    size_t first; /* where the first word starts */
};

static void title_bounds(struct bounds *b, const char *title, const char *lang)
{
    memset(b, 0, sizeof(*b));
    struct seo_word_iter it;
    size_t prev_end = 0, last_content_end = 0;
    bool first = true, prev_stop = false;
    seo_words_begin(&it, title, strlen(title));
    while (seo_words_next(&it)) {
        bool stop = seo_lang_is_stopword(lang, it.word.data, it.word.len);
        bool punct = false;
        for (size_t k = prev_end; k < it.start; k++)
            punct |= strchr(":,;|(-", title[k]) != NULL || (unsigned char)title[k] == 0xE2;
        if (first) {
            b->first = it.start;
        } else {
            bool new_end =
                last_content_end && (!b->n_end || b->end[b->n_end - 1].at != last_content_end);
            if (new_end && (stop || punct || !prev_stop)) {
                b->end = seo_xgrow(b->end, &b->end_cap, b->n_end + 1, sizeof(*b->end));
                b->end[b->n_end].at = last_content_end;
                b->end[b->n_end++].cut = punct ? CUT_PUNCTUATION : stop ? CUT_STOPWORD : CUT_WORD;
            }
            if (!stop && (prev_stop || punct)) {
                b->start = seo_xgrow(b->start, &b->start_cap, b->n_start + 1, sizeof(*b->start));
                b->start[b->n_start++] = it.start;
            }
        }
        if (!stop)
            last_content_end = closing_end(title, it.end);
        prev_end = it.end;
        prev_stop = stop;
        first = false;
    }
    seo_words_end(&it);
}

static void bounds_free(struct bounds *b)
{
    free(b->end);
    free(b->start);
}

/* Bytes a part of the title can span and still have at most 60 characters. */
#define PART_MAX_BYTES (SEO_TITLE_MAX_CHARS * 4)

/* The whole title and the title shortened at each place it may end. */
static void prefix_variants(struct variants *vs, const char *title, const struct bounds *b)
{
    add_variant(vs, NULL, title, strlen(title), CUT_NONE, false);
    for (size_t i = 0; i < b->n_end && b->end[i].at <= PART_MAX_BYTES; i++)
        add_variant(vs, NULL, title, b->end[i].at, b->end[i].cut, false);
}

/*
 * Keyword-first forms of a title that holds the keyword at [ks, ke) after a
 * content word, in the title's own words: the title from the keyword on
 * ("Knee Strengthening Exercises for Runners Over Forty"), whole or
 * shortened, and the keyword as the title writes it as a lead before a part
 * of the title ahead of it that ends at punctuation or before a stop word
 * ("Lower Back Pain: Try These Seven Simple Morning Stretches"). Dropping the
 * words before a part counts as a cut after a word unless a stop word or
 * punctuation ends them ("The Complete and Definitive Guide to", not "Best"
 * before "Running Shoes").
 */
static void led_variants(struct variants *vs, const char *title, const struct bounds *b, size_t ks,
                         size_t ke)
{
    bool phrase_start = false;
    for (size_t s = 0; s < b->n_start && !phrase_start; s++)
        phrase_start = b->start[s] == ks;
    enum cut head = phrase_start ? CUT_NONE : CUT_WORD;
    add_variant(vs, NULL, title + ks, strlen(title + ks), head, true);
    for (size_t i = 0; i < b->n_end && b->end[i].at <= ks + PART_MAX_BYTES; i++)
        if (b->end[i].at >= ke)
            add_variant(vs, NULL, title + ks, b->end[i].at - ks,
                        b->end[i].cut < head ? b->end[i].cut : head, true);
    struct seo_buf lead = {0};
    append_capitalised(&lead, title + ks, ke - ks);
    seo_buf_puts(&lead, ": ");
    size_t i0 = 0; /* the first end after `from` */
    for (size_t s = 0; s <= b->n_start; s++) {
        size_t from = s == 0 ? b->first : b->start[s - 1];
        if (from >= ks)
            break;
        if (ks - from > PART_MAX_BYTES)
            continue;
        while (i0 < b->n_end && b->end[i0].at <= from)
            i0++;
        for (size_t i = i0; i < b->n_end && b->end[i].at <= ks; i++)
            if (b->end[i].cut != CUT_WORD)
                add_variant(vs, lead.data, title + from, b->end[i].at - from,
                            s == 0 ? b->end[i].cut : CUT_WORD, true);
    }
    seo_buf_free(&lead);
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

/*
 * Where the title first holds the keyword's content words in a row (as
 * seo_stems_count matches them): from the start of the first to the end of
 * the last, in *start and *end. False when it does not.
 */
static bool keyword_span(const char *title, const struct seo_stems *kw, struct seo_stemmer *st,
                         size_t *start, size_t *end)
{
    if (!kw->n)
        return false;
    size_t len = strlen(title);
    bool found = false;
    struct seo_word_iter it;
    seo_words_begin(&it, title, len);
    while (!found && seo_words_next(&it)) {
        struct seo_word_iter m;
        size_t k = 0, last = 0;
        seo_words_begin(&m, title + it.start, len - it.start);
        while (k < kw->n && seo_words_next(&m)) {
            size_t n;
            bool stop;
            const char *stem = seo_stem_lookup(st, m.word.data, m.word.len, &n, &stop);
            if (stop && k > 0)
                continue;
            if (stop || n != kw->len[k] || memcmp(stem, kw->text.data + kw->off[k], n) != 0)
                break;
            k++;
            last = m.end;
        }
        seo_words_end(&m);
        if (k == kw->n) {
            *start = it.start;
            *end = it.start + last;
            found = true;
        }
    }
    seo_words_end(&it);
    return found;
}

/* What the candidates are ranked by, most important first. */
enum { RANK_KEYWORD, RANK_WIDE, RANK_CUT, RANK_LED, RANK_PX, RANKS };

/* The best candidate so far, and whether the whole title fits in some template. */
struct choice {
    char *text;
    int rank[RANKS];
    bool whole_fits;
};

/*
 * Renders every template with variants [from, vs->n) and keeps the best that
 * fits: one holding the keyword, then one wider than 400 px, then the most
 * natural cut, then a keyword-first one, then the widest. A keyword-first
 * variant skips the templates that show {keyword} themselves.
 */
static void choose(struct choice *c, const struct variants *vs, size_t from,
                   const char *const *tpls, size_t n_tpls, const struct seo_title_vars *v,
                   const char *keyword_tc, const struct seo_stems *kw, struct seo_stemmer *st)
{
    struct seo_buf cand = {0};
    for (size_t t = 0; t < n_tpls; t++) {
        for (size_t k = from; k < vs->n; k++) {
            const struct variant *var = &vs->v[k];
            if ((var->led && strstr(tpls[t], "{keyword}")) ||
                !render(&cand, tpls[t], v, var->text, keyword_tc) ||
                chars_in(cand.data, cand.len) > SEO_TITLE_MAX_CHARS)
                continue;
            double px = seo_width_px(cand.data, cand.len);
            if (px > SEO_TITLE_MAX_PX)
                continue;
            c->whole_fits |= var->cut == CUT_NONE && !var->led;
            int rank[RANKS] = {[RANK_KEYWORD] = holds_keyword(cand.data, kw, st),
                               [RANK_WIDE] = px > 400.0,
                               [RANK_LED] = var->led,
                               [RANK_CUT] = (int)var->cut,
                               [RANK_PX] = (int)(px * 10)};
            bool better = !c->text;
            for (int r = 0; r < RANKS && c->text; r++) {
                if (rank[r] != c->rank[r]) {
                    better = rank[r] > c->rank[r];
                    break;
                }
            }
            if (better) {
                free(c->text);
                c->text = seo_xstrndup(cand.data, cand.len);
                memcpy(c->rank, rank, sizeof(rank));
            }
        }
    }
    seo_buf_free(&cand);
}

/*
 * The last resort, when not even the title's first word fits: the title cut
 * at the last grapheme boundary that leaves room for "…" (the whole title
 * when it fits). Caller frees.
 */
static char *cut_to_fit(const char *title)
{
    size_t len = strlen(title);
    if (fits(title, len))
        return seo_xstrdup(title);
    struct seo_buf cut = {0};
    size_t i = 0, keep = 0;
    int32_t prev = -1, state = 0;
    while (i < len) {
        size_t at = i;
        int32_t cp = seo_utf8_next(title, len, &i);
        if (prev >= 0 && utf8proc_grapheme_break_stateful(prev, cp, &state)) {
            size_t end = at;
            while (end && strchr(" ,;:-|(", title[end - 1]))
                end--;
            seo_buf_reset(&cut);
            seo_buf_append(&cut, title, end);
            seo_buf_puts(&cut, "\xE2\x80\xA6");
            if (!fits(cut.data, cut.len))
                break;
            keep = end;
        }
        prev = cp;
    }
    seo_buf_reset(&cut);
    seo_buf_append(&cut, title, keep);
    seo_buf_puts(&cut, "\xE2\x80\xA6");
    return seo_buf_take(&cut);
}

char *seo_meta_title(const struct seo_title_vars *v, const char *const *templates,
                     size_t n_templates, struct seo_warnings *warnings)
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
    size_t ks = 0, ke = 0;
    bool title_has_kw = keyword_span(title, &kw, st, &ks, &ke);

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

    struct bounds b;
    title_bounds(&b, title, v->lang);
    struct variants vs = {0};
    prefix_variants(&vs, title, &b);
    struct choice c = {0};
    choose(&c, &vs, 0, tpls, n, v, keyword_tc, &kw, st);
    /*
     * A title that must be shortened anyway, with its keyword after a content
     * word (after stop words only, it counts as first), may put the keyword
     * first: that keeps the keyword when a cut would lose it. A title that
     * fits stays as written.
     */
    if (title_has_kw && b.n_end && b.end[0].at <= ks && !c.whole_fits) {
        size_t from = vs.n;
        led_variants(&vs, title, &b, ks, ke);
        choose(&c, &vs, from, tpls, n, v, keyword_tc, &kw, st);
    }
    char *best = c.text;
    /* Not even the first word fits: the keyword alone, else the title cut mid-word. */
    if (!best) {
        struct seo_buf k = {0};
        if (title_has_kw)
            append_capitalised(&k, title + ks, ke - ks);
        else if (keyword_tc)
            seo_buf_puts(&k, keyword_tc);
        bool keyword_alone = k.len && fits(k.data, k.len);
        best = keyword_alone ? seo_buf_take(&k) : cut_to_fit(title);
        seo_buf_free(&k);
        if (warnings)
            seo_warn(warnings, "meta_title_cut",
                     "no part of the title that ends at a word fits 60 characters and 600 px, "
                     "so the meta title is %s \"%s\"; a shorter title reads better",
                     keyword_alone ? "the focus keyword" : "the title cut mid-word", best);
    }
    variants_free(&vs);
    bounds_free(&b);
    seo_stems_free(&kw);
    seo_stemmer_free(own);
    free(keyword_tc);
    free(title);
    return best;
}

/* ---- description ---- */

/*
 * How much a sentence leans on the one before it when it opens a
 * description: "But you can still …" and "That is enough to crack …" say
 * nothing on their own, "It's common to …" and "This guide covers …" may
 * or may not.
 */
enum lean { LEAN_NONE, LEAN_SOFT, LEAN_HARD };

/*
 * When an opener leans back: always; only right before , . or ! ("Yes, …",
 * but not "No posture is …"); only as an answer, after a question or in a
 * sentence without a comma ("Why does this matter? Because bread rises
 * best …", but not "Because it moves heat, a heat pump …").
 */
enum lean_when { WHEN_ALWAYS, WHEN_BEFORE_PUNCT, WHEN_ANSWER };

struct opener {
    const char *word; /* lower case, the part before an apostrophe ("it's" is "it") */
    enum lean lean;
    enum lean_when when;
};

/*
 * First words that point back: conjunctions, conjunctive adverbs and
 * pronouns. Not the transition lists of analysis_words.c on their own: those
 * also hold subordinators ("if", "when", "although") that open self-contained
 * sentences, so a transition from there counts only when a comma sets it off
 * ("In addition, …", "For example, …"); these count without one.
 */
static const struct opener en_openers[] = {
    {"accordingly", LEAN_HARD, WHEN_ALWAYS},  {"additionally", LEAN_HARD, WHEN_ALWAYS},
    {"also", LEAN_HARD, WHEN_ALWAYS},         {"and", LEAN_HARD, WHEN_ALWAYS},
    {"because", LEAN_HARD, WHEN_ANSWER},      {"besides", LEAN_HARD, WHEN_ALWAYS},
    {"but", LEAN_HARD, WHEN_ALWAYS},          {"consequently", LEAN_HARD, WHEN_ALWAYS},
    {"conversely", LEAN_HARD, WHEN_ALWAYS},   {"furthermore", LEAN_HARD, WHEN_ALWAYS},
    {"he", LEAN_HARD, WHEN_ALWAYS},           {"hence", LEAN_HARD, WHEN_ALWAYS},
    {"however", LEAN_HARD, WHEN_ALWAYS},      {"instead", LEAN_HARD, WHEN_ALWAYS},
    {"it", LEAN_SOFT, WHEN_ALWAYS},           {"likewise", LEAN_HARD, WHEN_ALWAYS},
    {"meanwhile", LEAN_HARD, WHEN_ALWAYS},    {"moreover", LEAN_HARD, WHEN_ALWAYS},
    {"nevertheless", LEAN_HARD, WHEN_ALWAYS}, {"no", LEAN_HARD, WHEN_BEFORE_PUNCT},
    {"nonetheless", LEAN_HARD, WHEN_ALWAYS},  {"nor", LEAN_HARD, WHEN_ALWAYS},
    {"or", LEAN_HARD, WHEN_ALWAYS},           {"otherwise", LEAN_HARD, WHEN_ALWAYS},
    {"plus", LEAN_HARD, WHEN_ALWAYS},         {"she", LEAN_HARD, WHEN_ALWAYS},
    {"similarly", LEAN_HARD, WHEN_ALWAYS},    {"so", LEAN_HARD, WHEN_ALWAYS},
    {"still", LEAN_HARD, WHEN_ALWAYS},        {"such", LEAN_HARD, WHEN_ALWAYS},
    {"that", LEAN_HARD, WHEN_ALWAYS},         {"their", LEAN_HARD, WHEN_ALWAYS},
    {"then", LEAN_HARD, WHEN_ALWAYS},         {"therefore", LEAN_HARD, WHEN_ALWAYS},
    {"these", LEAN_HARD, WHEN_ALWAYS},        {"they", LEAN_HARD, WHEN_ALWAYS},
    {"this", LEAN_SOFT, WHEN_ALWAYS},         {"those", LEAN_SOFT, WHEN_ALWAYS},
    {"thus", LEAN_HARD, WHEN_ALWAYS},         {"yes", LEAN_HARD, WHEN_BEFORE_PUNCT},
    {"yet", LEAN_HARD, WHEN_ALWAYS},
};

/* "Sie" (they, or polite you) and "das" (that, or the article) are left out: they are both. */
static const struct opener de_openers[] = {
    {"aber", LEAN_HARD, WHEN_ALWAYS},      {"allerdings", LEAN_HARD, WHEN_ALWAYS},
    {"also", LEAN_HARD, WHEN_ALWAYS},      {"außerdem", LEAN_HARD, WHEN_ALWAYS},
    {"dabei", LEAN_HARD, WHEN_ALWAYS},     {"dadurch", LEAN_HARD, WHEN_ALWAYS},
    {"dafür", LEAN_HARD, WHEN_ALWAYS},     {"dagegen", LEAN_HARD, WHEN_ALWAYS},
    {"daher", LEAN_HARD, WHEN_ALWAYS},     {"danach", LEAN_HARD, WHEN_ALWAYS},
    {"dann", LEAN_HARD, WHEN_ALWAYS},      {"darum", LEAN_HARD, WHEN_ALWAYS},
    {"dennoch", LEAN_HARD, WHEN_ALWAYS},   {"deshalb", LEAN_HARD, WHEN_ALWAYS},
    {"deswegen", LEAN_HARD, WHEN_ALWAYS},  {"diese", LEAN_SOFT, WHEN_ALWAYS},
    {"diesem", LEAN_SOFT, WHEN_ALWAYS},    {"diesen", LEAN_SOFT, WHEN_ALWAYS},
    {"dieser", LEAN_SOFT, WHEN_ALWAYS},    {"dieses", LEAN_SOFT, WHEN_ALWAYS},
    {"dies", LEAN_HARD, WHEN_ALWAYS},      {"doch", LEAN_HARD, WHEN_ALWAYS},
    {"ebenfalls", LEAN_HARD, WHEN_ALWAYS}, {"er", LEAN_HARD, WHEN_ALWAYS},
    {"es", LEAN_SOFT, WHEN_ALWAYS},        {"folglich", LEAN_HARD, WHEN_ALWAYS},
    {"hingegen", LEAN_HARD, WHEN_ALWAYS},  {"ja", LEAN_HARD, WHEN_BEFORE_PUNCT},
    {"jedoch", LEAN_HARD, WHEN_ALWAYS},    {"nein", LEAN_HARD, WHEN_BEFORE_PUNCT},
    {"oder", LEAN_HARD, WHEN_ALWAYS},      {"somit", LEAN_HARD, WHEN_ALWAYS},
    {"sonst", LEAN_HARD, WHEN_ALWAYS},     {"stattdessen", LEAN_HARD, WHEN_ALWAYS},
    {"trotzdem", LEAN_HARD, WHEN_ALWAYS},  {"und", LEAN_HARD, WHEN_ALWAYS},
    {"weil", LEAN_HARD, WHEN_ANSWER},      {"zudem", LEAN_HARD, WHEN_ALWAYS},
};

/* "Il" and "ce" open impersonal sentences too ("Il suffit de …"), so they only lean a little. */
static const struct opener fr_openers[] = {
    {"ainsi", LEAN_HARD, WHEN_ALWAYS},     {"alors", LEAN_HARD, WHEN_ALWAYS},
    {"aussi", LEAN_HARD, WHEN_ALWAYS},     {"car", LEAN_HARD, WHEN_ALWAYS},
    {"ce", LEAN_SOFT, WHEN_ALWAYS},        {"ceci", LEAN_HARD, WHEN_ALWAYS},
    {"cela", LEAN_HARD, WHEN_ALWAYS},      {"cependant", LEAN_HARD, WHEN_ALWAYS},
    {"ces", LEAN_SOFT, WHEN_ALWAYS},       {"cet", LEAN_SOFT, WHEN_ALWAYS},
    {"cette", LEAN_SOFT, WHEN_ALWAYS},     {"donc", LEAN_HARD, WHEN_ALWAYS},
    {"elle", LEAN_HARD, WHEN_ALWAYS},      {"elles", LEAN_HARD, WHEN_ALWAYS},
    {"enfin", LEAN_HARD, WHEN_ALWAYS},     {"ensuite", LEAN_HARD, WHEN_ALWAYS},
    {"et", LEAN_HARD, WHEN_ALWAYS},        {"il", LEAN_SOFT, WHEN_ALWAYS},
    {"ils", LEAN_HARD, WHEN_ALWAYS},       {"mais", LEAN_HARD, WHEN_ALWAYS},
    {"non", LEAN_HARD, WHEN_BEFORE_PUNCT}, {"néanmoins", LEAN_HARD, WHEN_ALWAYS},
    {"or", LEAN_HARD, WHEN_ALWAYS},        {"ou", LEAN_HARD, WHEN_ALWAYS},
    {"oui", LEAN_HARD, WHEN_BEFORE_PUNCT}, {"parce", LEAN_HARD, WHEN_ANSWER},
    {"pourtant", LEAN_HARD, WHEN_ALWAYS},  {"puis", LEAN_HARD, WHEN_ALWAYS},
    {"sinon", LEAN_HARD, WHEN_ALWAYS},     {"toutefois", LEAN_HARD, WHEN_ALWAYS},
    {"ça", LEAN_HARD, WHEN_ALWAYS},
};

#define OPENERS(a) (a), sizeof(a) / sizeof((a)[0])

/* What opening_lean reads for one language, looked up once per description. */
struct lean_words {
    const struct opener *openers; /* NULL: none */
    size_t n_openers;
    const struct seo_wordlist *transitions; /* NULL: none */
};

static struct lean_words lean_words_of(const char *lang)
{
    static const struct {
        const char *lang;
        const struct opener *list;
        size_t n;
    } all[] = {
        {"en", OPENERS(en_openers)}, {"de", OPENERS(de_openers)}, {"fr", OPENERS(fr_openers)}};
    struct lean_words lw = {0};
    for (size_t l = 0; l < sizeof(all) / sizeof(all[0]); l++) {
        if (strcmp(all[l].lang, lang) == 0) {
            lw.openers = all[l].list;
            lw.n_openers = all[l].n;
        }
    }
    const struct seo_lang_lists *lists = seo_analysis_lists(lang);
    lw.transitions = lists ? &lists->transitions : NULL;
    return lw;
}

/* The opener for the lower-cased first word `w` (`n` bytes), or NULL. */
static const struct opener *find_opener(const struct lean_words *lw, const char *w, size_t n)
{
    for (size_t k = 0; k < lw->n_openers; k++) {
        const char *o = lw->openers[k].word;
        if (o[0] == w[0] && strncmp(o, w, n) == 0 && o[n] == '\0')
            return &lw->openers[k];
    }
    return NULL;
}

/*
 * How much sentence s[0..len), which comes `after_question` or not, leans on
 * the sentence before it: its first word is an opener that points back, or
 * its words up to a comma are a transition of the language's list ("As a
 * result, …"). Reads past the first word only when a comma follows soon.
 */
static enum lean opening_lean(const struct lean_words *lw, const char *s, size_t len,
                              bool after_question)
{
    enum lean lean = LEAN_NONE;
    const char *comma = memchr(s, ',', len);
    size_t comma_at = comma ? (size_t)(comma - s) : len;
    char phrase[64]; /* the longest transition, "although this may be true", has 25 bytes */
    size_t plen = 0;
    bool transition_comma = comma && lw->transitions && comma_at < sizeof(phrase);
    struct seo_word_iter it;
    seo_words_begin(&it, s, len);
    for (size_t w = 0; seo_words_next(&it); w++) {
        char after = it.end < len ? s[it.end] : '\0';
        if (w == 0) {
            const struct opener *o = find_opener(lw, it.word.data, strcspn(it.word.data, "'"));
            if (o && (o->when == WHEN_ALWAYS ||
                      (o->when == WHEN_BEFORE_PUNCT && after && strchr(",.!", after)) ||
                      (o->when == WHEN_ANSWER && (after_question || !comma)))) {
                lean = o->lean;
                break;
            }
        }
        if (!transition_comma || it.end > comma_at || plen + 1 + it.word.len > sizeof(phrase))
            break;
        if (w > 0)
            phrase[plen++] = ' ';
        memcpy(phrase + plen, it.word.data, it.word.len);
        plen += it.word.len;
        if (it.end == comma_at) {
            if (seo_wordlist_contains(lw->transitions, phrase, plen))
                lean = LEAN_HARD;
            break;
        }
    }
    seo_words_end(&it);
    return lean;
}

/* s[0..n) ends with a question mark, closing quotes and brackets allowed after it. */
static bool asks(const char *s, size_t n)
{
    return seo_utf8_final_mark(s, n) == '?';
}

/* The text of sentence i of doc (not NUL-terminated at its end). */
static const char *sentence_text(const struct seo_document *doc, size_t i)
{
    const struct seo_sentence *s = &doc->sentences[i];
    const struct seo_block *b = &doc->blocks[s->block];
    return (s->item == (size_t)-1 ? b->content.text : b->items[s->item].text) + s->start;
}

/*
 * Sentence i of doc comes right after a question: the sentence before it
 * or, first in its block, a question heading just before the block.
 */
static bool follows_question(const struct seo_document *doc, size_t i)
{
    size_t block = doc->sentences[i].block;
    bool first_in_block = i == 0 || doc->sentences[i - 1].block != block;
    if (first_in_block && block > 0 && doc->blocks[block - 1].type == SEO_BLOCK_HEADING) {
        const char *h = doc->blocks[block - 1].content.text;
        return asks(h, strlen(h));
    }
    return i > 0 && asks(sentence_text(doc, i - 1), doc->sentences[i - 1].len);
}

struct sentence_info {
    const char *text;
    size_t len;
    size_t block;
    size_t paragraph; /* ordinal among the paragraphs that have sentences */
    size_t chars;
    const struct seo_stems *stems;
    size_t kw;      /* keyword occurrences */
    double central; /* how much its words are the article's frequent ones, 0..1 */
    bool question;
    bool ends;      /* ends like a sentence, so a description can end with it */
    enum lean lean; /* how much it leans on the sentence before it */
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
        struct seo_word_iter it;
        seo_words_begin(&it, s + word, cut - word);
        bool stop = seo_words_next(&it) && seo_lang_is_stopword(lang, it.word.data, it.word.len);
        seo_words_end(&it);
        if (!stop || word == 0)
            break;
        cut = word;
    }
    seo_buf_append(&out, s, cut);
    seo_buf_puts(&out, "\xE2\x80\xA6");
    return seo_buf_take(&out);
}

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
    append_capitalised(lead, in_title ? in_title : keyword, strlen(keyword));
    seo_buf_puts(lead, ": ");
}

/*
 * Score weights. The keyword once or twice outweighs everything but a start
 * that leans on a missing sentence; a whole run holding the keyword beats
 * the keyword as a lead and a sentence cut with "…", and both of those beat a
 * run without the keyword. Among equals: central words, an early paragraph,
 * fewer sentences, fewer skipped.
 */
#define SCORE_KEYWORD 20.0
#define SCORE_LEANS_HARD 40.0
#define SCORE_LEANS_SOFT 1.5
#define SCORE_LEAD 8.5
#define SCORE_CUT 8.5
#define SCORE_PER_SENTENCE 0.5
#define SCORE_PER_SKIPPED 0.75
/* Sentences a run may step over within its paragraph, between two of its own. */
#define MAX_SKIP 2

/* A candidate: up to three sentences of one paragraph, in order, after the lead or not. */
struct run {
    size_t at[3];
    size_t n; /* 0: none yet */
    bool led, cut;
    double score;
};

/* Scores run r and keeps it in *best when it is better than what *best holds. */
static void consider(const struct sentence_info *ss, const struct run *r, size_t lead_kw,
                     struct run *best)
{
    const struct sentence_info *first = &ss[r->at[0]];
    size_t kw = lead_kw, skipped = 0;
    double central = 0;
    for (size_t k = 0; k < r->n; k++) {
        kw += ss[r->at[k]].kw;
        central += ss[r->at[k]].central;
        if (k)
            skipped += r->at[k] - r->at[k - 1] - 1;
    }
    double score = (kw >= 1 && kw <= 2 ? SCORE_KEYWORD : 0.0) + 3.0 * central / (double)r->n +
                   2.0 / (1.0 + 0.3 * (double)first->paragraph) -
                   SCORE_PER_SENTENCE * (double)(r->n - 1) - SCORE_PER_SKIPPED * (double)skipped -
                   (first->lean == LEAN_HARD              ? SCORE_LEANS_HARD
                    : first->lean == LEAN_SOFT && !r->led ? SCORE_LEANS_SOFT
                                                          : 0.0) -
                   (r->led ? SCORE_LEAD : 0.0) - (r->cut ? SCORE_CUT : 0.0);
    if (!best->n || score > best->score) {
        *best = *r;
        best->score = score;
    }
}

/* Sentence j can follow sentence prev in a run: it comes next, or it stands on its own. */
static bool can_follow(const struct sentence_info *ss, size_t prev, size_t j)
{
    return j == prev + 1 || (ss[j].lean == LEAN_NONE && !ss[j].question);
}

/*
 * Every run after a lead of `lead_chars` characters holding the keyword
 * `lead_kw` times (0, 0: no lead) that makes 121-156 characters and ends
 * like a sentence, into *best when better: one to three sentences of one
 * paragraph, each next one either the sentence after or, up to MAX_SKIP
 * sentences further, one that does not lean on what it skips ("It's common
 * … back pain. Talk to your partner …" leaves out "But you can still …").
 * A run never starts with a question; after a lead, never with a sentence
 * that leans hard on the one before or that repeats the keyword. With
 * `allow_cut`, a single sentence too long to fit competes too, to be cut at
 * a word boundary. Only counts are compared: the winner's text is built once.
 */
static void best_run(const struct sentence_info *ss, size_t n, size_t lead_chars, size_t lead_kw,
                     bool allow_cut, struct run *best)
{
    bool led = lead_chars > 0;
    for (size_t i = 0; i < n; i++) {
        if (ss[i].question || (led && (ss[i].lean == LEAN_HARD || ss[i].kw)))
            continue;
        struct run r = {.at = {i}, .n = 1, .led = led};
        size_t c1 = lead_chars + ss[i].chars;
        if (c1 > SEO_DESCRIPTION_MAX) {
            if (allow_cut) {
                r.cut = true;
                consider(ss, &r, lead_kw, best);
            }
            continue;
        }
        if (c1 >= SEO_DESCRIPTION_MIN && ss[i].ends)
            consider(ss, &r, lead_kw, best);
        for (size_t j = i + 1; j < n && j <= i + 1 + MAX_SKIP && ss[j].block == ss[i].block; j++) {
            size_t c2 = c1 + 1 + ss[j].chars;
            if (c2 > SEO_DESCRIPTION_MAX || !can_follow(ss, i, j))
                continue;
            r.at[1] = j;
            r.n = 2;
            if (c2 >= SEO_DESCRIPTION_MIN && ss[j].ends)
                consider(ss, &r, lead_kw, best);
            for (size_t k = j + 1; k < n && k <= j + 1 + MAX_SKIP && ss[k].block == ss[i].block;
                 k++) {
                size_t c3 = c2 + 1 + ss[k].chars;
                if (c3 > SEO_DESCRIPTION_MAX || c3 < SEO_DESCRIPTION_MIN || !ss[k].ends ||
                    !can_follow(ss, j, k))
                    continue;
                r.at[2] = k;
                r.n = 3;
                consider(ss, &r, lead_kw, best);
            }
        }
    }
}

/* The text of run r: the lead, its sentences joined by a space, cut with "…" if it is a cut one. */
static char *run_text(const struct sentence_info *ss, const struct run *r, const char *lead,
                      const char *lang)
{
    struct seo_buf b = {0};
    seo_buf_puts(&b, r->led ? lead : "");
    for (size_t k = 0; k < r->n; k++) {
        if (k)
            seo_buf_putc(&b, ' ');
        seo_buf_append(&b, ss[r->at[k]].text, ss[r->at[k]].len);
    }
    if (!r->cut)
        return seo_buf_take(&b);
    char *cut = truncate_words(b.data, b.len, lang);
    seo_buf_free(&b);
    return cut;
}

char *seo_meta_description(const struct seo_document *doc, const struct seo_doc_stems *ds,
                           const char *keyword, struct seo_stemmer *st)
{
    struct seo_stems kw = {0};
    if (keyword)
        seo_stems_of(&kw, keyword, strlen(keyword), st);
    size_t n = 0;
    struct sentence_info *ss = seo_xcalloc(doc->n_sentences + 1, sizeof(*ss));
    struct lean_words lw = lean_words_of(doc->language);
    for (size_t i = 0; i < doc->n_sentences; i++) {
        const struct seo_sentence *s = &doc->sentences[i];
        const struct seo_block *b = &doc->blocks[s->block];
        if (b->type != SEO_BLOCK_PARAGRAPH)
            continue;
        struct sentence_info *x = &ss[n];
        x->text = b->content.text + s->start;
        x->len = s->len;
        x->block = s->block;
        x->paragraph = n ? ss[n - 1].paragraph + (ss[n - 1].block != s->block) : 0;
        x->chars = chars_in(x->text, x->len);
        x->stems = &ds->sentences[i];
        x->kw = seo_stems_count(x->stems, &kw);
        x->question = asks(x->text, x->len);
        x->ends = ends_like_sentence(x->text, x->len);
        x->lean = opening_lean(&lw, x->text, x->len, follows_question(doc, i));
        n++;
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

    struct run best = {0};
    best_run(ss, n, 0, 0, true, &best);
    /*
     * The keyword as a lead, as editors write it when no sentence that fits
     * holds it ("Knee strengthening exercises: Stronger thigh muscles …"):
     * the scores decide against whole runs and cut sentences.
     */
    struct seo_buf lead = {0};
    if (kw.n && keyword) {
        keyword_lead(&lead, keyword, doc->title);
        best_run(ss, n, seo_meta_chars(lead.data), 1, false, &best);
    }
    char *text = NULL;
    if (best.n) {
        text = run_text(ss, &best, lead.data, doc->language);
    } else if (n) {
        /* A short article: its first sentences, whatever their length. */
        struct seo_buf cand = {0};
        for (size_t i = 0;
             i < n && seo_meta_chars(cand.data ? cand.data : "") < SEO_DESCRIPTION_MIN; i++) {
            if (cand.len)
                seo_buf_putc(&cand, ' ');
            seo_buf_append(&cand, ss[i].text, ss[i].len);
        }
        if (seo_meta_chars(cand.data) > SEO_DESCRIPTION_MAX ||
            !ends_like_sentence(cand.data, cand.len))
            text = truncate_words(cand.data, cand.len, doc->language);
        else
            text = seo_xstrndup(cand.data, cand.len);
        seo_buf_free(&cand);
    }

    free(ss);
    free(f.hash);
    free(f.count);
    seo_buf_free(&lead);
    seo_stems_free(&kw);
    return text;
}
