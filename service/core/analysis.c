#include "analysis.h"

#include "analysis_words.h"
#include "buf.h"
#include "lang.h"
#include "mem.h"
#include "stem.h"

#include <utf8proc.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The content analysis of Yoast SEO (npm yoastseo), check by check, with
 * Yoast's identifiers, scores and thresholds (../shared/reference/seo-rules.md).
 * Where seo-rules.md and the brief leave a detail open, the code follows
 * yoastseo and says so at the check.
 *
 * Choices that hold for every check:
 * - Scores are Yoast's own. Yoast's negative scores (-10, -20 and -50 for
 *   far too short or over-optimised texts, -999 for "no keyphrase") are
 *   clamped to 0: the scale here is 0..9 and they all mean "bad".
 * - Yoast reads the body as HTML and splits every block, headings included,
 *   into sentences. So do these checks: a heading is one sentence ("unit"),
 *   paragraphs and list items bring the sentences seo_doc_finish() found.
 * - Words are those of the word iterator (stem.h); keyphrase words match
 *   body words when their Snowball stems are equal.
 * - Each distinct word is looked up once (the lexicon): its stem (only when
 *   a keyphrase is given, only when it could match), its syllables and its
 *   place in the word lists. The checks then read flags, so the run is
 *   linear in the words of the text.
 * - Figures are compared in integers where Yoast's bands have exact edges
 *   (percentages, densities), so a boundary never depends on rounding.
 */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NO_ITEM ((size_t)-1)
#define MAX_KEYS 32       /* content words of the keyphrase that matching considers */
#define KEY_UNKNOWN (-2)  /* lexeme.key before the stem was compared */
#define MAX_SHOWN_WORD 40 /* bytes of a quoted word in a message */
#define TEXT_PRESENCE 50  /* characters Yoast needs for a readability analysis */

enum {
    LEX_AUXILIARY = 1,  /* "was", "got": may start a passive */
    LEX_PARTICIPLE = 2, /* "written", "jumped" */
    LEX_OPENER = 4,     /* "the", "this": sentence beginnings compare two words */
    LEX_TRANSITION = 8, /* a transition on its own ("however") */
    LEX_TWO_PART = 16,  /* the first word of a two-part transition ("either") */
};

/* A distinct word of the run, and what the checks need to know of it. */
struct lexeme {
    uint32_t off, len;  /* the lower-cased word in ctx.text (not NUL-terminated) */
    uint16_t phrases;   /* the transition entries that start with this word: */
    uint16_t n_phrases; /* lists->transitions.words[phrases .. phrases + n_phrases) */
    int8_t key;         /* index of the keyphrase stem it matches, -1, or KEY_UNKNOWN */
    uint8_t flags;      /* LEX_* */
    uint8_t syllables;  /* for the Flesch score; 0 until counted */
};

/* A run of words: words[first .. first + n). */
struct span {
    size_t first, n;
};

/* A sentence, or a whole heading: what Yoast's sentence-based checks count. */
struct unit {
    size_t block, item;
    struct span w;
    uint32_t keys; /* the keyphrase stems it holds, one bit each */
    bool heading;
};

struct ctx {
    const struct seo_analysis_input *in;
    const struct seo_document *doc;
    const char *lang;
    const struct seo_lang_lists *lists; /* NULL: no word lists for the language */
    bool english;

    char *text; /* the distinct words, lower-cased, back to back */
    size_t text_len, text_cap;
    struct lexeme *lex;
    size_t n_lex, cap_lex;
    uint64_t *table; /* open addressing: hash << 32 | (lexeme index + 1), 0 for empty */
    size_t table_cap;
    uint32_t *words; /* every word read, as its lexeme */
    size_t n_words, cap_words;
    struct unit *units;
    size_t n_units, cap_units;
    size_t unit_words; /* words in all units */
    size_t chars;      /* characters of visible text, counted up to TEXT_PRESENCE a block */
    struct seo_buf scratch;

    /* The keyphrase: its words, and the distinct stems of its content words. */
    bool has_key;
    struct span key_words;
    size_t n_content;  /* content words (what Yoast calls the keyphrase length) */
    size_t n_keys;     /* distinct content stems, at most MAX_KEYS */
    uint32_t key_full; /* bit k set for every key k */
    struct seo_buf key_stems;
    size_t key_off[MAX_KEYS], key_len[MAX_KEYS];
    struct seo_stemmer *stemmer;
    bool own_stemmer;
    bool prefix_filter; /* the stemmer keeps the first two bytes of a word (see could_match) */

    /* The metadata. */
    struct span title;
    struct span *meta; /* the meta description's sentences */
    size_t n_meta, cap_meta;
    struct span *slug; /* slug parts, and runs of 2-3 parts joined by '-' */
    size_t n_slug, cap_slug;
};

/* ---- small helpers ---- */

static const struct lexeme *lexeme(const struct ctx *c, size_t word)
{
    return &c->lex[c->words[word]];
}

static const char *lex_text(const struct ctx *c, const struct lexeme *l)
{
    return c->text + l->off;
}

/* "1,760": counts in messages, with thousands separators. */
static const char *fmt_count(char buf[32], size_t n)
{
    char tmp[32];
    int len = snprintf(tmp, sizeof(tmp), "%zu", n);
    size_t j = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[j++] = ',';
        buf[j++] = tmp[i];
    }
    buf[j] = '\0';
    return buf;
}

/* Rounds a non-negative figure to one decimal, as Yoast shows its scores. */
static double round1(double x)
{
    return (double)(long long)(x * 10.0 + 0.5) / 10.0;
}

/* Characters (code points) of UTF-8 text, counted up to `limit`. */
static size_t count_chars(const char *s, size_t limit)
{
    size_t n = 0;
    for (; s && *s && n < limit; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static unsigned popcount32(uint32_t m)
{
    unsigned n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

static const char *rating_of(int score)
{
    return score >= 8 ? "good" : score >= 5 ? "ok" : "bad";
}

static void add_check(struct seo_analysis *a, bool seo, const char *id, int score, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));

/* Appends a check to one of the two lists; the message is formatted here. */
static void add_check(struct seo_analysis *a, bool seo, const char *id, int score, const char *fmt,
                      ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct seo_check **list = seo ? &a->seo : &a->readability;
    size_t *n = seo ? &a->n_seo : &a->n_readability;
    size_t *cap = seo ? &a->cap_seo : &a->cap_readability;
    *list = seo_xgrow(*list, cap, *n + 1, sizeof(**list));
    struct seo_check *ch = &(*list)[(*n)++];
    ch->id = id;
    ch->yoast_score = score;
    ch->score = score < 0 ? 0 : score > 9 ? 9 : score;
    ch->rating = rating_of(ch->score);
    ch->message = seo_xstrdup(msg);
}

/* ---- the lexicon ---- */

/* a e i o u y: 1, other bytes 0, without a branch (syllable counting is branch-bound). */
static unsigned en_vowel_or_y(unsigned char ch)
{
    unsigned k = (unsigned)ch - 'a';
    return (k < 26) & (UINT32_C(0x1104111) >> (k & 31));
}

/* A vowel of the word at `i`: y is one after the first letter ("system", not "yes"). */
static bool en_vowel(const char *w, size_t i)
{
    return en_vowel_or_y((unsigned char)w[i]) && (i > 0 || w[i] != 'y');
}

/*
 * English syllables: groups of vowels (y after the first letter is one),
 * less a silent final e ("make", but "table"), the e of "-ely" ("lovely")
 * and the e of "-es" and "-ed" after most consonants ("makes", "jumped",
 * but "boxes", "wanted"); at least one a word. A heuristic, as every
 * syllable counter is; Yoast's adds lists of exception words.
 */
static unsigned syllables_en(const char *w, size_t n)
{
    unsigned count = 0, prev = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned vowel = en_vowel_or_y((unsigned char)w[i]) & (i > 0 || w[i] != 'y');
        count += vowel & ~prev;
        prev = vowel;
    }
    if (count > 1 && n > 3) {
        bool silent =
            (w[n - 1] == 'e' && !en_vowel(w, n - 2) && !(w[n - 2] == 'l' && !en_vowel(w, n - 3))) ||
            (n > 4 && w[n - 3] == 'e' && w[n - 2] == 'l' && w[n - 1] == 'y' &&
             !en_vowel(w, n - 4)) ||
            (w[n - 2] == 'e' && w[n - 1] == 's' && !en_vowel(w, n - 3) &&
             !strchr("sxzcg", w[n - 3]) && !(w[n - 3] == 'h' && strchr("cs", w[n - 4]))) ||
            (w[n - 2] == 'e' && w[n - 1] == 'd' && !en_vowel(w, n - 3) && w[n - 3] != 't' &&
             w[n - 3] != 'd');
        count -= silent;
    }
    return count ? count : 1;
}

/* True when code point `cp` is one of the UTF-8 letters `set` (NULL: none). */
static bool in_set(const char *set, int32_t cp)
{
    for (const char *p = set; p && *p;) {
        int32_t c;
        ptrdiff_t n = utf8proc_iterate((const uint8_t *)p, -1, &c);
        if (n <= 0)
            return false;
        if (c == cp)
            return true;
        p += n;
    }
    return false;
}

/*
 * Syllables by the vowels of the language's lists: groups of vowels, plus
 * one for each vowel pair of `hiatus` letters in a group ("poeta") and each
 * `diaeresis` letter after a vowel ("naïf"), less a mute final e
 * (mute_final_e: "porte", "portes", "portent" after a consonant, "langue",
 * not "rapidement"); at least one a word.
 */
static unsigned syllables_by_vowels(const struct seo_lang_lists *l, const char *w, size_t n)
{
    unsigned count = 0;
    bool prev_vowel = false, prev_hiatus = false;
    int32_t cp = 0;
    for (size_t i = 0; i < n;) {
        ptrdiff_t k = utf8proc_iterate((const uint8_t *)w + i, (ptrdiff_t)(n - i), &cp);
        if (k <= 0) {
            i++;
            prev_vowel = prev_hiatus = false;
            continue;
        }
        i += (size_t)k;
        bool vowel = in_set(l->vowels, cp);
        bool hiatus = vowel && in_set(l->hiatus, cp);
        count += vowel && (!prev_vowel || (prev_hiatus && hiatus) || in_set(l->diaeresis, cp));
        prev_vowel = vowel;
        prev_hiatus = hiatus;
    }
    if (l->mute_final_e && count > 1) {
        size_t end = n;
        if (end >= 2 && w[end - 1] == 's')
            end--;
        else if (end >= 3 && memcmp(w + end - 2, "nt", 2) == 0 && !(end >= 4 && w[end - 4] == 'm'))
            end -= 2;
        /* The e, after a consonant or the silent u of "gue", "que"; "-ée", "-ie" are no mute e. */
        if (end >= 2 && w[end - 1] == 'e') {
            unsigned char before = (unsigned char)w[end - 2];
            bool consonant = before < 0x80 && !strchr("aeiouy", before);
            bool silent_u = before == 'u' && end >= 3 && strchr("gq", w[end - 3]);
            count -= consonant || silent_u;
        }
    }
    return count ? count : 1;
}

/* True when the first word of `phrase` (words joined by spaces) is s[0..n). */
static bool first_word_is(const char *phrase, const char *s, size_t n)
{
    return strncmp(phrase, s, n) == 0 && (phrase[n] == ' ' || phrase[n] == '\0');
}

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void grow_table(struct ctx *c)
{
    size_t cap = c->table_cap ? 2 * c->table_cap : 1024;
    uint64_t *table = seo_xcalloc(cap, sizeof(*table));
    for (size_t i = 0; i < c->table_cap; i++) {
        if (!c->table[i])
            continue;
        size_t j = (c->table[i] >> 32) & (cap - 1);
        while (table[j])
            j = (j + 1) & (cap - 1);
        table[j] = c->table[i];
    }
    free(c->table);
    c->table = table;
    c->table_cap = cap;
}

/*
 * The lexeme of the lower-cased word s[0..n) with FNV-1a hash `h`, added
 * when new. A new word is a participle when it is English and ends in -ed;
 * the word lists, loaded first, say the rest.
 */
static uint32_t intern(struct ctx *c, const char *s, size_t n, uint32_t h)
{
    if (2 * (c->n_lex + 1) > c->table_cap)
        grow_table(c);
    size_t mask = c->table_cap - 1, i = h & mask;
    for (uint64_t slot; (slot = c->table[i]) != 0; i = (i + 1) & mask) {
        if (slot >> 32 != h)
            continue;
        uint32_t x = (uint32_t)slot - 1;
        const struct lexeme *l = &c->lex[x];
        if (l->len == n && memcmp(lex_text(c, l), s, n) == 0)
            return x;
    }
    if (c->n_lex == c->cap_lex)
        c->lex = seo_xgrow(c->lex, &c->cap_lex, c->n_lex + 1, sizeof(*c->lex));
    struct lexeme *l = &c->lex[c->n_lex];
    memset(l, 0, sizeof(*l));
    l->off = (uint32_t)c->text_len;
    l->len = (uint32_t)n;
    l->key = KEY_UNKNOWN;
    if (c->english && n >= 4 && s[n - 2] == 'e' && s[n - 1] == 'd')
        l->flags = LEX_PARTICIPLE;
    if (c->text_len + n > c->text_cap)
        c->text = seo_xgrow(c->text, &c->text_cap, c->text_len + n, 1);
    memcpy(c->text + c->text_len, s, n);
    c->text_len += n;
    c->table[i] = (uint64_t)h << 32 | ++c->n_lex;
    return (uint32_t)c->n_lex - 1;
}

static struct lexeme *intern_str(struct ctx *c, const char *s, size_t n)
{
    uint32_t i = intern(c, s, n, hash_bytes(s, n)); /* may move c->lex */
    return &c->lex[i];
}

/* Sets (or with `clear`, clears) `flag` on every word of `list`. */
static void flag_list(struct ctx *c, const struct seo_wordlist *list, uint8_t flag, bool clear)
{
    for (size_t i = 0; i < list->n; i++) {
        struct lexeme *l = intern_str(c, list->words[i], strlen(list->words[i]));
        l->flags = clear ? (uint8_t)(l->flags & ~flag) : (uint8_t)(l->flags | flag);
    }
}

/*
 * Sizes the lexicon and the word array for the document at once: growing
 * them word by word costs more than the rest of the reading.
 */
static void reserve(struct ctx *c)
{
    size_t words = c->doc->word_count + 256, lexemes = words / 2 + 64;
    const struct seo_lang_lists *l = c->lists;
    if (l)
        lexemes += l->transitions.n + l->n_two_part + l->first_word_exceptions.n +
                   l->passive_auxiliaries.n + l->irregular_participles.n + l->non_participles.n;
    c->words = seo_xgrow(c->words, &c->cap_words, words, sizeof(*c->words));
    c->lex = seo_xgrow(c->lex, &c->cap_lex, lexemes, sizeof(*c->lex));
    c->text = seo_xgrow(c->text, &c->text_cap, 8 * lexemes, 1);
    c->table_cap = 1024;
    while (c->table_cap < 2 * lexemes)
        c->table_cap *= 2;
    c->table = seo_xcalloc(c->table_cap, sizeof(*c->table));
}

/*
 * Loads the language's word lists into the lexicon before any text, so that
 * a word of the text finds its flags in the one lookup every word costs.
 * A transition's first word keeps where its entries are in the list.
 */
static void load_lists(struct ctx *c)
{
    const struct seo_lang_lists *lists = c->lists;
    if (!lists)
        return;
    const struct seo_wordlist *tw = &lists->transitions;
    for (size_t e = 0, end; e < tw->n; e = end) {
        const char *first = tw->words[e];
        size_t n = strcspn(first, " ");
        for (end = e + 1; end < tw->n && first_word_is(tw->words[end], first, n); end++)
            ;
        struct lexeme *l = intern_str(c, first, n);
        l->phrases = (uint16_t)e;
        l->n_phrases = (uint16_t)(end - e);
        if (first[n] == '\0')
            l->flags |= LEX_TRANSITION;
    }
    for (size_t k = 0; k < lists->n_two_part; k++) {
        const char *first = lists->two_part[k].first;
        intern_str(c, first, strcspn(first, " "))->flags |= LEX_TWO_PART;
    }
    flag_list(c, &lists->first_word_exceptions, LEX_OPENER, false);
    flag_list(c, &lists->passive_auxiliaries, LEX_AUXILIARY, false);
    flag_list(c, &lists->irregular_participles, LEX_PARTICIPLE, false);
    flag_list(c, &lists->non_participles, LEX_PARTICIPLE, true);
}

static void add_word(struct ctx *c, const char *s, size_t n, uint32_t h)
{
    uint32_t l = intern(c, s, n, h);
    if (c->n_words == c->cap_words)
        c->words = seo_xgrow(c->words, &c->cap_words, c->n_words + 1, sizeof(*c->words));
    c->words[c->n_words++] = l;
}

/* ASCII letters and digits, lower-cased; 0 for every other byte. */
static const unsigned char word_byte[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
    ['7'] = '7', ['8'] = '8', ['9'] = '9', ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd',
    ['E'] = 'e', ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k',
    ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r',
    ['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
    ['Z'] = 'z', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f',
    ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm',
    ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
    ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z'};

static bool ascii_wordchar(unsigned char ch)
{
    return word_byte[ch] != 0;
}

/*
 * Reads the words of s[0..len) into c->words. The word iterator costs about
 * 40 ns a word, more than all the checks together, so ASCII words are read
 * here in one pass (lower-cased and hashed as they are scanned) by the
 * iterator's own rules: letters and digits, joined by ' and -, A-Z
 * lower-cased. A word that involves a non-ASCII byte is handed to
 * seo_words_next() from its start, so the words are exactly the iterator's.
 */
static struct span read_words(struct ctx *c, const char *s, size_t len)
{
    struct span sp = {c->n_words, 0};
    struct seo_word_iter it;
    bool iter = false;
    char small[64];
    size_t i = 0;
    while (i < len) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x80 && !ascii_wordchar(ch)) {
            i++;
            continue;
        }
        size_t start = i, n = 0;
        uint32_t h = 2166136261u; /* hash_bytes() of the lower-cased word */
        bool slow = ch >= 0x80;
        while (!slow) {
            for (; i < len && (ch = word_byte[(unsigned char)s[i]]) != 0; i++, n++) {
                if (n < sizeof(small))
                    small[n] = (char)ch;
                h = (h ^ ch) * 16777619u;
            }
            if (i + 1 >= len || (s[i] != '\'' && s[i] != '-')) {
                slow = i < len && (unsigned char)s[i] >= 0x80;
                break;
            }
            unsigned char next = (unsigned char)s[i + 1];
            if (next >= 0x80) {
                slow = true;
            } else if (ascii_wordchar(next)) {
                if (n < sizeof(small))
                    small[n] = s[i];
                h = (h ^ (unsigned char)s[i]) * 16777619u;
                i++;
                n++;
            } else {
                break;
            }
        }
        if (slow) {
            if (!iter)
                seo_words_begin(&it, s, len);
            iter = true;
            it.pos = start;
            if (!seo_words_next(&it))
                break;
            add_word(c, it.word.data, it.word.len, hash_bytes(it.word.data, it.word.len));
            i = it.end;
            continue;
        }
        const char *w = small;
        if (n > sizeof(small)) { /* a long word: lower-case it again, whole */
            seo_buf_reset(&c->scratch);
            seo_buf_append(&c->scratch, s + start, n);
            for (size_t k = 0; k < n; k++)
                if (c->scratch.data[k] >= 'A' && c->scratch.data[k] <= 'Z')
                    c->scratch.data[k] = (char)(c->scratch.data[k] + 32);
            w = c->scratch.data;
        }
        add_word(c, w, n, h);
    }
    if (iter)
        seo_words_end(&it);
    sp.n = c->n_words - sp.first;
    return sp;
}

/* ---- units: sentences and headings ---- */

static void add_unit(struct ctx *c, size_t block, size_t item, bool heading, const char *s,
                     size_t len)
{
    struct span sp = read_words(c, s, len);
    if (sp.n == 0)
        return; /* "…" alone is no sentence */
    c->units = seo_xgrow(c->units, &c->cap_units, c->n_units + 1, sizeof(*c->units));
    struct unit *u = &c->units[c->n_units++];
    u->block = block;
    u->item = item;
    u->w = sp;
    u->keys = 0;
    u->heading = heading;
    c->unit_words += sp.n;
}

/* The document's headings and sentences, in order, read into words. */
static void read_document(struct ctx *c)
{
    const struct seo_document *d = c->doc;
    size_t si = 0;
    for (size_t b = 0; b < d->n_blocks; b++) {
        const struct seo_block *blk = &d->blocks[b];
        if (blk->type == SEO_BLOCK_RULE)
            continue;
        if (blk->type == SEO_BLOCK_HEADING) {
            const char *t = blk->content.text ? blk->content.text : "";
            c->chars += count_chars(t, TEXT_PRESENCE);
            add_unit(c, b, NO_ITEM, true, t, strlen(t));
            continue;
        }
        if (blk->type == SEO_BLOCK_LIST)
            for (size_t k = 0; k < blk->n_items; k++)
                c->chars += count_chars(blk->items[k].text, TEXT_PRESENCE);
        else
            c->chars += count_chars(blk->content.text, TEXT_PRESENCE);
        /* Sentences come in block order (seo_doc_finish); each is a span of its block's text. */
        while (si < d->n_sentences && d->sentences[si].block < b)
            si++;
        for (; si < d->n_sentences && d->sentences[si].block == b; si++) {
            const struct seo_sentence *s = &d->sentences[si];
            const char *t = s->item == NO_ITEM       ? blk->content.text
                            : s->item < blk->n_items ? blk->items[s->item].text
                                                     : NULL;
            if (t)
                add_unit(c, b, s->item, false, t + s->start, s->len);
        }
    }
}

/* ---- the keyphrase ---- */

static bool has_stoplist(const char *code)
{
    const char *lc;
    size_t n;
    for (size_t i = 0; seo_lang_stoplist_at(i, &lc, &n); i++)
        if (strcmp(lc, code) == 0)
            return true;
    return false;
}

/*
 * Languages whose Snowball stemmer only rewrites the end of a word (after
 * at least two letters: their R1 regions start there or later), so that a
 * stem starts with the same two bytes as its word when these are ASCII.
 * Accents and umlauts the stemmers fold are non-ASCII and always stemmed.
 * English has three exceptions, "dying", "lying", "tying" (to "die", "lie",
 * "tie"), handled in could_match(). Irish and Indonesian strip prefixes and
 * are not listed.
 */
static bool suffix_stemmer(const char *lang)
{
    static const char *const suffix_only[] = {"ca", "da", "de", "en", "es", "fi", "fr", "hu",
                                              "it", "nb", "nl", "nn", "no", "pt", "ro", "sv"};
    for (size_t i = 0; i < sizeof(suffix_only) / sizeof(suffix_only[0]); i++)
        if (strcmp(suffix_only[i], lang) == 0)
            return true;
    return false;
}

static bool is_stopword(const struct ctx *c, size_t word)
{
    const struct lexeme *l = lexeme(c, word);
    return seo_lang_is_stopword(c->lang, lex_text(c, l), l->len);
}

/*
 * Reads the keyphrase: its content words are those that are not stop words
 * of the document's language (all of them when it has only stop words, as
 * Yoast does), and their distinct stems are the keys every match looks for.
 */
static void read_keyphrase(struct ctx *c)
{
    const char *kp = c->in->keyphrase;
    if (!kp)
        return;
    c->key_words = read_words(c, kp, strlen(kp));
    if (c->key_words.n == 0)
        return;
    c->has_key = true;
    c->own_stemmer = !c->in->stemmer;
    c->stemmer = c->in->stemmer ? c->in->stemmer : seo_stemmer_new(c->lang);
    size_t content = 0;
    for (size_t i = 0; i < c->key_words.n; i++)
        content += !is_stopword(c, c->key_words.first + i);
    bool all = content == 0;
    c->n_content = all ? c->key_words.n : content;
    for (size_t i = 0; i < c->key_words.n && c->n_keys < MAX_KEYS; i++) {
        size_t word = c->key_words.first + i;
        if (!all && is_stopword(c, word))
            continue;
        const struct lexeme *l = lexeme(c, word);
        seo_buf_reset(&c->scratch);
        seo_stem(c->stemmer, lex_text(c, l), l->len, &c->scratch);
        if (c->scratch.len == 0)
            continue;
        bool seen = false;
        for (size_t k = 0; k < c->n_keys && !seen; k++)
            seen = c->key_len[k] == c->scratch.len &&
                   memcmp(c->key_stems.data + c->key_off[k], c->scratch.data, c->scratch.len) == 0;
        if (seen)
            continue;
        c->key_off[c->n_keys] = c->key_stems.len;
        c->key_len[c->n_keys] = c->scratch.len;
        seo_buf_append(&c->key_stems, c->scratch.data, c->scratch.len);
        c->n_keys++;
    }
    c->key_full = c->n_keys >= 32 ? UINT32_MAX : (UINT32_C(1) << c->n_keys) - 1;
    c->prefix_filter = suffix_stemmer(c->lang);
}

/*
 * False when the word cannot stem to a key, seen from its first two bytes:
 * stemming costs 180 ns a word, and most words start otherwise.
 */
static bool could_match(const struct ctx *c, const char *s, size_t n)
{
    if (!c->prefix_filter || (unsigned char)s[0] >= 0x80 || (n > 1 && (unsigned char)s[1] >= 0x80))
        return true;
    for (size_t k = 0; k < c->n_keys; k++) {
        const char *stem = c->key_stems.data + c->key_off[k];
        if (stem[0] != s[0])
            continue;
        if (n == 1 || c->key_len[k] == 1 || stem[1] == s[1] || (s[1] == 'y' && stem[1] == 'i'))
            return true;
    }
    return false;
}

/* The key a word matches (-1: none); each distinct word is stemmed at most once. */
static int key_of(struct ctx *c, size_t word)
{
    struct lexeme *l = &c->lex[c->words[word]];
    if (l->key != KEY_UNKNOWN)
        return l->key;
    const char *s = lex_text(c, l);
    int key = -1;
    if (could_match(c, s, l->len)) {
        seo_buf_reset(&c->scratch);
        seo_stem(c->stemmer, s, l->len, &c->scratch);
        for (size_t k = 0; k < c->n_keys && key < 0; k++)
            if (c->key_len[k] == c->scratch.len &&
                memcmp(c->key_stems.data + c->key_off[k], c->scratch.data, c->scratch.len) == 0)
                key = (int)k;
    }
    l->key = (int8_t)key;
    return key;
}

/* The keys found in a run of words, one bit each. */
static uint32_t keys_in(struct ctx *c, struct span sp)
{
    uint32_t m = 0;
    for (size_t i = 0; i < sp.n; i++) {
        int k = key_of(c, sp.first + i);
        if (k >= 0)
            m |= UINT32_C(1) << k;
    }
    return m;
}

/* Stems of the words of `sp` into `out`, NUL-terminated; returns their offsets (caller frees). */
static size_t *stem_span(struct ctx *c, struct span sp, struct seo_buf *out)
{
    size_t *offs = seo_xcalloc(sp.n + 1, sizeof(*offs));
    for (size_t i = 0; i < sp.n; i++) {
        const struct lexeme *l = lexeme(c, sp.first + i);
        offs[i] = out->len;
        seo_stem(c->stemmer, lex_text(c, l), l->len, out);
        seo_buf_putc(out, '\0');
    }
    return offs;
}

/* ---- the metadata ---- */

static void push_span(struct span **list, size_t *n, size_t *cap, struct span sp)
{
    if (sp.n == 0)
        return;
    *list = seo_xgrow(*list, cap, *n + 1, sizeof(**list));
    (*list)[(*n)++] = sp;
}

/*
 * Reads the SEO title, the meta description (split into sentences at . ! ?
 * followed by a space or the end; abbreviations are not looked for in a
 * text this short) and the slug. Slug parts are separated by hyphens, which
 * the word iterator would join, so each part is read on its own, and runs of
 * two and three parts are also read joined ("self-care") for keyphrase words
 * that hold a hyphen.
 */
static void read_metadata(struct ctx *c)
{
    const struct seo_analysis_input *in = c->in;
    if (in->meta_title)
        c->title = read_words(c, in->meta_title, strlen(in->meta_title));
    const char *md = in->meta_description;
    for (size_t i = 0, start = 0; md && (i == 0 || md[i - 1]); i++) {
        if (md[i] == '\0' || (strchr(".!?", md[i]) && (md[i + 1] == ' ' || !md[i + 1]))) {
            struct span sp = read_words(c, md + start, i - start + (md[i] != '\0'));
            push_span(&c->meta, &c->n_meta, &c->cap_meta, sp);
            start = i + 1;
        }
    }
    const char *slug = in->slug;
    for (size_t i = 0, start = 0; slug && (i == 0 || slug[i - 1]); i++) {
        if (slug[i] && !strchr("-_/ ", slug[i]))
            continue;
        if (i > start)
            push_span(&c->slug, &c->n_slug, &c->cap_slug, read_words(c, slug + start, i - start));
        start = i + 1;
    }
    struct seo_buf part = {0};
    size_t n_parts = c->n_slug;
    for (size_t i = 0; i < n_parts; i++) {
        for (size_t len = 2; len <= 3 && i + len <= n_parts; len++) {
            seo_buf_reset(&part);
            for (size_t k = i; k < i + len; k++) {
                struct span sp = c->slug[k];
                for (size_t j = 0; j < sp.n; j++) {
                    if (part.len)
                        seo_buf_putc(&part, '-');
                    const struct lexeme *l = lexeme(c, sp.first + j);
                    seo_buf_append(&part, lex_text(c, l), l->len);
                }
            }
            push_span(&c->slug, &c->n_slug, &c->cap_slug, read_words(c, part.data, part.len));
        }
    }
    seo_buf_free(&part);
}

/* Which keyphrase stems each unit holds. */
static void match_units(struct ctx *c)
{
    for (size_t u = 0; u < c->n_units; u++)
        c->units[u].keys = keys_in(c, c->units[u].w);
}

/* ---- SEO checks ---- */

/*
 * Yoast: 1-4 content words good 9, 5-8 ok 6, more bad 3. For languages
 * without a stop-word list every word counts, and the bands are 1-6 and 7-9.
 */
static void check_keyphrase_length(struct ctx *c, struct seo_analysis *a)
{
    bool fw = has_stoplist(c->lang);
    size_t good = fw ? 4 : 6, ok = fw ? 8 : 9, n = c->n_content;
    const char *unit = fw ? "content word" : "word";
    int score = n <= good ? 9 : n <= ok ? 6 : 3;
    add_check(a, true, "keyphraseLength", score,
              "Keyphrase length %zu %s%s (1 to %zu recommended): %s.", n, unit, plural(n), good,
              score == 9   ? "good"
              : score == 6 ? "too long"
                           : "far too long");
}

/*
 * Keyphrase density (seo-rules.md): sentences holding every content stem of
 * the keyphrase, each counted once, per 100 words, weighted by
 * (0.7 + L/3) for a keyphrase of L content words, as yoastseo's
 * getKeywordDensity. Green for 0.5 <= weighted <= 3; above 4 is "far too
 * high" (-50 in Yoast, -10 between 3 and 4; both clamp to 0); below 0.5
 * scores 4. As in Yoast it needs a text of at least 100 words. Compared in
 * integers: weighted = m * 10 * (21 + 10 L) / (3 W).
 */
static void check_density(struct ctx *c, struct seo_analysis *a)
{
    size_t words = c->doc->word_count;
    if (words < 100)
        return;
    size_t m = 0;
    for (size_t u = 0; u < c->n_units; u++)
        m += c->units[u].keys == c->key_full;
    unsigned long long L = c->n_content, W = words;
    unsigned long long num = (unsigned long long)m * 10 * (21 + 10 * L); /* weighted * 3W */
    int score;
    const char *verdict;
    if (m == 0) {
        score = 4;
        verdict = "keyphrase not found";
    } else if (2 * num < 3 * W) { /* weighted < 0.5 */
        score = 4;
        verdict = "too low";
    } else if (num <= 9 * W) { /* weighted <= 3 */
        score = 9;
        verdict = "good";
    } else if (num <= 12 * W) { /* weighted <= 4 */
        score = -10;
        verdict = "too high";
    } else {
        score = -50;
        verdict = "far too high";
    }
    double factor = 0.7 + (double)L / 3.0;
    char nm[32], nw[32];
    add_check(a, true, "keyphraseDensity", score,
              "Keyphrase density %.1f %% (%s match%s in %s words; %.1f to %.1f %% for a %llu-word "
              "keyphrase): %s.",
              round1(100.0 * (double)m / (double)W), fmt_count(nm, m), m == 1 ? "" : "es",
              fmt_count(nw, words), round1(0.5 / factor), round1(3.0 / factor), L, verdict);
}

/* The first paragraph: the first paragraph block, else the first list. */
static size_t first_paragraph(const struct seo_document *d)
{
    size_t list = NO_ITEM;
    for (size_t b = 0; b < d->n_blocks; b++) {
        if (d->blocks[b].type == SEO_BLOCK_PARAGRAPH)
            return b;
        if (d->blocks[b].type == SEO_BLOCK_LIST && list == NO_ITEM)
            list = b;
    }
    return list;
}

/* Yoast: all content words in one sentence of the first paragraph 9, in the paragraph 6, else 3. */
static void check_introduction(struct ctx *c, struct seo_analysis *a)
{
    size_t fp = first_paragraph(c->doc);
    uint32_t all = 0;
    size_t in_sentence = 0, nth = 0;
    for (size_t u = 0; u < c->n_units && fp != NO_ITEM; u++) {
        if (c->units[u].block != fp)
            continue;
        nth++;
        uint32_t m = c->units[u].keys;
        if (m == c->key_full && !in_sentence)
            in_sentence = nth;
        all |= m;
    }
    if (fp == NO_ITEM)
        add_check(a, true, "introductionKeyword", 3,
                  "Keyphrase in introduction: the text has no first paragraph: bad.");
    else if (in_sentence)
        add_check(a, true, "introductionKeyword", 9,
                  "Keyphrase in introduction: all %zu content word%s in sentence %zu of the first "
                  "paragraph: good.",
                  c->n_keys, plural(c->n_keys), in_sentence);
    else if (all == c->key_full)
        add_check(a, true, "introductionKeyword", 6,
                  "Keyphrase in introduction: all %zu content word%s in the first paragraph, but "
                  "not in one sentence: ok.",
                  c->n_keys, plural(c->n_keys));
    else
        add_check(a, true, "introductionKeyword", 3,
                  "Keyphrase in introduction: %u of %zu content word%s in the first paragraph: "
                  "bad.",
                  popcount32(all), c->n_keys, plural(c->n_keys));
}

/*
 * Yoast's keyphraseInSEOTitle: the exact phrase (every keyphrase word, in
 * order, compared on stems) at the beginning 9, where only function words
 * may precede it; elsewhere 6; every content word but not the exact phrase
 * 6; otherwise 2. Not run without an SEO title (titleWidth reports that).
 */
static void check_title_keyword(struct ctx *c, struct seo_analysis *a)
{
    struct span t = c->title, k = c->key_words;
    if (t.n == 0)
        return;
    struct seo_buf stems = {0};
    size_t *ts = stem_span(c, t, &stems);
    size_t *ks = stem_span(c, k, &stems);
    size_t at = NO_ITEM;
    for (size_t p = 0; p + k.n <= t.n && at == NO_ITEM; p++) {
        size_t i = 0;
        while (i < k.n && strcmp(stems.data + ts[p + i], stems.data + ks[i]) == 0)
            i++;
        if (i == k.n)
            at = p;
    }
    bool beginning = at != NO_ITEM;
    for (size_t p = 0; beginning && p < at; p++) {
        beginning = is_stopword(c, t.first + p);
    }
    uint32_t found = keys_in(c, t);
    if (beginning)
        add_check(a, true, "keyphraseInSEOTitle", 9,
                  "Keyphrase in SEO title: exact match at the beginning: good.");
    else if (at != NO_ITEM)
        add_check(a, true, "keyphraseInSEOTitle", 6,
                  "Keyphrase in SEO title: exact match at word %zu, not at the beginning: ok.",
                  at + 1);
    else if (found == c->key_full)
        add_check(a, true, "keyphraseInSEOTitle", 6,
                  "Keyphrase in SEO title: all %zu content word%s, but not the exact phrase: ok.",
                  c->n_keys, plural(c->n_keys));
    else
        add_check(a, true, "keyphraseInSEOTitle", 2,
                  "Keyphrase in SEO title: %u of %zu content word%s: bad.", popcount32(found),
                  c->n_keys, plural(c->n_keys));
    free(ts);
    free(ks);
    seo_buf_free(&stems);
}

/*
 * Yoast's slugKeyword: for 1-2 content words all must be in the slug, for
 * more, over half; good 9, otherwise 6 (Yoast never rates it bad). Not run
 * without a slug, as in Yoast.
 */
static void check_slug(struct ctx *c, struct seo_analysis *a)
{
    if (c->n_slug == 0)
        return;
    uint32_t found = 0;
    for (size_t i = 0; i < c->n_slug; i++)
        found |= keys_in(c, c->slug[i]);
    unsigned n = popcount32(found);
    bool good = c->n_keys <= 2 ? found == c->key_full : 2 * (size_t)n > c->n_keys;
    add_check(a, true, "slugKeyword", good ? 9 : 6,
              "Keyphrase in slug: %u of %zu content word%s: %s.", n, c->n_keys, plural(c->n_keys),
              good ? "good" : "ok");
}

/* Yoast: sentences of the meta description holding the keyphrase: 1-2 good 9, else 3. */
static void check_meta_keyword(struct ctx *c, struct seo_analysis *a)
{
    const char *md = c->in->meta_description;
    if (!md || !*md)
        return; /* metaDescriptionLength reports it; Yoast does not run this check */
    size_t n = 0;
    for (size_t i = 0; i < c->n_meta; i++)
        n += keys_in(c, c->meta[i]) == c->key_full;
    int score = n >= 1 && n <= 2 ? 9 : 3;
    add_check(a, true, "metaDescriptionKeyword", score,
              "Keyphrase in meta description: %zu sentence%s (1 to 2 recommended): %s.", n,
              plural(n),
              n == 0  ? "not found"
              : n > 2 ? "too often"
                      : "good");
}

/* Yoast: 0 characters 1, up to 120 too short 6, 121-156 good 9, 157 and more too long 6. */
static void check_meta_length(struct ctx *c, struct seo_analysis *a)
{
    size_t n = count_chars(c->in->meta_description, SIZE_MAX);
    if (n == 0) {
        add_check(a, true, "metaDescriptionLength", 1,
                  "Meta description length 0 characters: no meta description.");
        return;
    }
    int score = n <= 120 ? 6 : n <= 156 ? 9 : 6;
    add_check(a, true, "metaDescriptionLength", score,
              "Meta description length %zu character%s (121 to 156 recommended): %s.", n, plural(n),
              n <= 120   ? "too short"
              : n <= 156 ? "good"
                         : "too long");
}

/*
 * Yoast: no title 1, width up to 400 px ok 6 ("too short"), 400-600 px good
 * 9, wider bad 3. The width is shown rounded up, so the figure agrees with
 * the band it falls in (400.2 px shows as 401).
 */
static void check_title_width(struct ctx *c, struct seo_analysis *a)
{
    const char *t = c->in->meta_title;
    double px = c->in->meta_title_px;
    if (!t || !*t) {
        add_check(a, true, "titleWidth", 1, "SEO title width 0 px: no SEO title.");
        return;
    }
    if (px < 0)
        px = 0;
    long long shown = (long long)px;
    if ((double)shown < px)
        shown++;
    int score = px <= 400 ? 6 : px <= 600 ? 9 : 3;
    add_check(a, true, "titleWidth", score, "SEO title width %lld px (401 to 600 recommended): %s.",
              shown,
              px <= 400   ? "too short"
              : px <= 600 ? "good"
                          : "too wide");
}

/*
 * Yoast: H2 and H3 subheadings that hold every content word of the
 * keyphrase, 30-75 % good 9 (a single subheading that does, too), else 3.
 * Not run when the text has no H2 or H3, as in Yoast.
 */
static void check_subheadings_keyword(struct ctx *c, struct seo_analysis *a)
{
    size_t n = 0, m = 0;
    for (size_t u = 0; u < c->n_units; u++) {
        const struct unit *un = &c->units[u];
        if (!un->heading)
            continue;
        int level = c->doc->blocks[un->block].level;
        if (level != 2 && level != 3)
            continue;
        n++;
        m += un->keys == c->key_full;
    }
    if (n == 0)
        return;
    bool good = (n == 1 && m == 1) || (100 * m >= 30 * n && 100 * m <= 75 * n);
    add_check(a, true, "subheadingsKeyword", good ? 9 : 3,
              "Keyphrase in subheadings: %zu of %zu H2/H3 subheading%s (%.0f %%; 30 to 75 %% "
              "recommended): %s.",
              m, n, plural(n), 100.0 * (double)m / (double)n,
              good               ? "good"
              : 100 * m < 30 * n ? "too few"
                                 : "too many");
}

/*
 * Text length: 300 words and more good 9. Below, the brief's bands: 200-299
 * ok (Yoast: 250-299 6, 200-249 3), 100-199 bad (Yoast -10), fewer bad
 * (Yoast -20); negative scores clamp to 0.
 */
static void check_text_length(struct ctx *c, struct seo_analysis *a)
{
    size_t n = c->doc->word_count;
    int score = n >= 300 ? 9 : n >= 250 ? 6 : n >= 200 ? 5 : n >= 100 ? -10 : -20;
    char nw[32];
    add_check(a, true, "textLength", score, "Text length %s word%s (300 or more recommended): %s.",
              fmt_count(nw, n), plural(n),
              n >= 300   ? "good"
              : n >= 250 ? "slightly too short"
              : n >= 200 ? "too short"
                         : "far too short");
}

/* ---- readability checks ---- */

/*
 * Yoast's subheadingsTooLong: the longest run of text between headings
 * (the text before the first one included) up to 300 words good 9, up to
 * 350 ok 6, longer bad 3. A text without any subheading is good up to 300
 * words and bad (2) above, as in Yoast.
 */
static void check_sections(struct ctx *c, struct seo_analysis *a)
{
    size_t longest = 0, cur = 0, over = 0, sections = 0, headings = 0;
    for (size_t u = 0; u <= c->n_units; u++) {
        if (u == c->n_units || c->units[u].heading) {
            if (cur) {
                sections++;
                over += cur > 300;
                if (cur > longest)
                    longest = cur;
            }
            cur = 0;
            headings += u < c->n_units;
            continue;
        }
        cur += c->units[u].w.n;
    }
    char nw[32];
    if (headings == 0) {
        add_check(a, false, "subheadingsTooLong", longest <= 300 ? 9 : 2,
                  "No subheadings in a text of %s word%s (needed above 300): %s.",
                  fmt_count(nw, longest), plural(longest), longest <= 300 ? "good" : "too long");
        return;
    }
    int score = longest <= 300 ? 9 : longest <= 350 ? 6 : 3;
    add_check(a, false, "subheadingsTooLong", score,
              "Longest section %s word%s (%zu of %zu section%s over 300): %s.",
              fmt_count(nw, longest), plural(longest), over, sections, plural(sections),
              score == 9   ? "good"
              : score == 6 ? "slightly too long"
                           : "too long");
}

/*
 * Yoast's textParagraphTooLong: the longest paragraph up to 150 words good
 * 9, up to 200 ok 6, longer bad 3. A list item counts as a paragraph: a
 * list of short items is no wall of text.
 */
static void check_paragraphs(struct ctx *c, struct seo_analysis *a)
{
    size_t longest = 0, cur = 0, over = 0, paragraphs = 0;
    for (size_t u = 0; u <= c->n_units; u++) {
        const struct unit *un = u < c->n_units ? &c->units[u] : NULL;
        /* A heading is a block of its own: no other unit shares its block. */
        bool same =
            un && u > 0 && un->block == c->units[u - 1].block && un->item == c->units[u - 1].item;
        if (!same && cur) {
            paragraphs++;
            over += cur > 150;
            if (cur > longest)
                longest = cur;
            cur = 0;
        }
        if (un && !un->heading)
            cur += un->w.n;
    }
    if (paragraphs == 0)
        return;
    int score = longest <= 150 ? 9 : longest <= 200 ? 6 : 3;
    char nw[32];
    add_check(a, false, "textParagraphTooLong", score,
              "Longest paragraph %s word%s (%zu of %zu paragraph%s over 150): %s.",
              fmt_count(nw, longest), plural(longest), over, paragraphs, plural(paragraphs),
              score == 9   ? "good"
              : score == 6 ? "slightly too long"
                           : "too long");
}

/* Yoast's longest recommended sentence: 20 words, 25 in Italian, 15 in Russian, Hebrew, Turkish. */
static size_t sentence_limit(const char *lang)
{
    if (strcmp(lang, "it") == 0)
        return 25;
    if (strcmp(lang, "ru") == 0 || strcmp(lang, "he") == 0 || strcmp(lang, "tr") == 0)
        return 15;
    return 20;
}

/* Yoast's textSentenceLength: sentences over the limit, up to 25 % good 9, up to 30 % ok 6, else 3.
 */
static void check_sentence_length(struct ctx *c, struct seo_analysis *a)
{
    size_t limit = sentence_limit(c->lang), n = c->n_units, long_ = 0;
    for (size_t u = 0; u < n; u++)
        long_ += c->units[u].w.n > limit;
    int score = 100 * long_ <= 25 * n ? 9 : 100 * long_ <= 30 * n ? 6 : 3;
    add_check(a, false, "textSentenceLength", score,
              "Long sentences %.1f %% (%zu of %zu over %zu words; 25 %% or fewer recommended): %s.",
              100.0 * (double)long_ / (double)n, long_, n, limit,
              score == 9   ? "good"
              : score == 6 ? "slightly too many"
                           : "too many");
}

/*
 * Number of words of `phrase` (list entry format) found at word `i` of the
 * unit; 0 when it is not there.
 */
static size_t phrase_at(const struct ctx *c, const struct unit *u, size_t i, const char *phrase)
{
    size_t k = 0;
    const char *p = phrase;
    while (*p) {
        size_t len = strcspn(p, " ");
        if (i + k >= u->w.n)
            return 0;
        const struct lexeme *l = lexeme(c, u->w.first + i + k);
        if (l->len != len || memcmp(lex_text(c, l), p, len) != 0)
            return 0;
        k++;
        p += len;
        if (*p == ' ')
            p++;
    }
    return k;
}

/*
 * True when the unit holds a transition: a one-word transition, a
 * multi-word one (found from its first word), or both parts of a two-part
 * transition in that order ("either ... or").
 */
static bool has_transition(const struct ctx *c, const struct unit *u)
{
    const struct seo_lang_lists *lists = c->lists;
    for (size_t i = 0; i < u->w.n; i++)
        if (lexeme(c, u->w.first + i)->flags & LEX_TRANSITION)
            return true;
    for (size_t i = 0; i + 1 < u->w.n; i++) {
        const struct lexeme *l = lexeme(c, u->w.first + i), *next = lexeme(c, u->w.first + i + 1);
        if (l->n_phrases == 0)
            continue;
        /* The entries that start with this word, found by the word after it. */
        size_t hi = (size_t)l->phrases + l->n_phrases, skip = l->len + 1;
        const char *nt = lex_text(c, next);
        for (size_t e =
                 seo_wordlist_lower_bound(&lists->transitions, l->phrases, hi, skip, nt, next->len);
             e < hi && first_word_is(lists->transitions.words[e] + skip, nt, next->len); e++)
            if (phrase_at(c, u, i + 1, lists->transitions.words[e] + skip))
                return true;
    }
    for (size_t i = 0; i < u->w.n; i++) {
        if (!(lexeme(c, u->w.first + i)->flags & LEX_TWO_PART))
            continue;
        for (size_t t = 0; t < lists->n_two_part; t++) {
            size_t k = phrase_at(c, u, i, lists->two_part[t].first);
            for (size_t j = i + k; k && j < u->w.n; j++)
                if (phrase_at(c, u, j, lists->two_part[t].second))
                    return true;
        }
    }
    return false;
}

/*
 * Yoast's textTransitionWords: sentences with a transition, 30 % and more
 * good 9, 20 % ok 6, fewer bad 3. Only for texts of 200 words and more and
 * languages with a list (English, German, French, Spanish, Italian, Dutch,
 * Portuguese).
 */
static void check_transitions(struct ctx *c, struct seo_analysis *a)
{
    if (!c->lists || c->lists->transitions.n == 0 || c->doc->word_count < 200)
        return;
    size_t n = c->n_units, t = 0;
    for (size_t u = 0; u < n; u++)
        t += has_transition(c, &c->units[u]);
    int score = 100 * t >= 30 * n ? 9 : 100 * t >= 20 * n ? 6 : 3;
    add_check(a, false, "textTransitionWords", score,
              "Transition words in %.1f %% of sentences (%zu of %zu; 30 %% or more recommended): "
              "%s.",
              100.0 * (double)t / (double)n, t, n,
              score == 9   ? "good"
              : score == 6 ? "slightly too few"
                           : "too few");
}

/*
 * English passive voice: a form of "to be" or "to get" followed, within the
 * next three words, by a past participle (a word ending in -ed that is not
 * on the list of -ed non-participles, or an irregular participle). Yoast
 * splits sentences into clauses first; the three-word window stands in for
 * that ("was quickly written" is passive; in "is what we wanted" the
 * participle is too far).
 */
static bool is_passive(const struct ctx *c, const struct unit *u)
{
    for (size_t i = 0; i < u->w.n; i++) {
        if (!(lexeme(c, u->w.first + i)->flags & LEX_AUXILIARY))
            continue;
        for (size_t j = i + 1; j < u->w.n && j <= i + 3; j++)
            if (lexeme(c, u->w.first + j)->flags & LEX_PARTICIPLE)
                return true;
    }
    return false;
}

/* Yoast's passiveVoice: passive sentences up to 10 % good 9, up to 15 % ok 6, else 3. English only.
 */
static void check_passive(struct ctx *c, struct seo_analysis *a)
{
    if (!c->lists || c->lists->passive_auxiliaries.n == 0)
        return;
    size_t n = c->n_units, p = 0;
    for (size_t u = 0; u < n; u++)
        p += is_passive(c, &c->units[u]);
    int score = 100 * p <= 10 * n ? 9 : 100 * p <= 15 * n ? 6 : 3;
    add_check(a, false, "passiveVoice", score,
              "Passive voice in %.1f %% of sentences (%zu of %zu; 10 %% or fewer recommended): %s.",
              100.0 * (double)p / (double)n, p, n,
              score == 9   ? "good"
              : score == 6 ? "slightly too much"
                           : "too much");
}

/* The beginning Yoast compares: the first word, or two after an article, number or demonstrative.
 */
static size_t beginning_words(const struct ctx *c, const struct unit *u)
{
    return u->w.n >= 2 && (lexeme(c, u->w.first)->flags & LEX_OPENER) ? 2 : 1;
}

static bool same_beginning(const struct ctx *c, const struct unit *x, const struct unit *y)
{
    size_t n = beginning_words(c, x);
    if (n != beginning_words(c, y))
        return false;
    for (size_t i = 0; i < n; i++)
        if (c->words[x->w.first + i] != c->words[y->w.first + i])
            return false;
    return true;
}

/*
 * Yoast's sentenceBeginnings: 3 or more sentences in a row starting the
 * same way bad 3, else good 9. As Yoast, "the same way" is the first word,
 * or the first two words when the first is an article, a number up to ten
 * or a demonstrative ("The cat ...", "The dog ..." differ; "The cat ...",
 * "The cat ..." do not). Languages without lists compare first words.
 */
static void check_beginnings(struct ctx *c, struct seo_analysis *a)
{
    size_t run = 1, longest = 0, at = 0;
    for (size_t u = 0; u < c->n_units; u++) {
        run = u > 0 && same_beginning(c, &c->units[u], &c->units[u - 1]) ? run + 1 : 1;
        if (run > longest) {
            longest = run;
            at = u;
        }
    }
    if (longest < 3) {
        add_check(a, false, "sentenceBeginnings", 9,
                  longest < 2 ? "Consecutive sentences: no two in a row start with the same word: "
                                "good."
                              : "Consecutive sentences: at most 2 in a row start with the same "
                                "word: good.");
        return;
    }
    const struct unit *u = &c->units[at];
    char shown[2 * MAX_SHOWN_WORD + 2];
    size_t len = 0;
    for (size_t i = 0; i < beginning_words(c, u); i++) {
        const struct lexeme *l = lexeme(c, u->w.first + i);
        const char *s = lex_text(c, l);
        size_t n = l->len < MAX_SHOWN_WORD ? l->len : MAX_SHOWN_WORD;
        while (n < l->len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* never cut a character */
        if (len)
            shown[len++] = ' ';
        memcpy(shown + len, s, n);
        len += n;
    }
    shown[len] = '\0';
    add_check(a, false, "sentenceBeginnings", 3,
              "Consecutive sentences: %zu in a row start with \"%s\": bad.", longest, shown);
}

/*
 * The Flesch reading ease formulas Yoast uses, all of the form base -
 * per_wps * words/sentence - per_spw * syllables/word (Yoast writes some with
 * syllables per 100 words: 0.6 of those is 60 per word): English's own,
 * Amstad's for German, Kandel and Moles' for French, Fernández Huerta's for
 * Spanish, Flesch-Vacca for Italian, Douma for Dutch, and Martins et al.'s
 * adaptation for Portuguese.
 */
static const struct {
    const char *lang;
    double base, per_wps, per_spw;
} flesch_formulas[] = {
    {"en", 206.835, 1.015, 84.6}, {"de", 180.0, 1.0, 58.5}, {"fr", 207.0, 1.015, 73.6},
    {"es", 206.84, 1.02, 60.0},   {"it", 217.0, 1.3, 60.0}, {"nl", 206.84, 0.93, 77.0},
    {"pt", 248.835, 1.015, 84.6},
};

/*
 * Flesch reading ease, shown with one decimal and clamped to 0..100 as
 * Yoast does, in the languages Yoast has a formula for (flesch_formulas).
 * Bands (the brief's): 60 and more good 9, 50 to 60 ok 6, below bad 3.
 * Other languages: not run.
 */
static void check_flesch(struct ctx *c, struct seo_analysis *a)
{
    size_t formula = 0;
    while (formula < COUNT(flesch_formulas) && strcmp(flesch_formulas[formula].lang, c->lang) != 0)
        formula++;
    if (formula == COUNT(flesch_formulas) || c->unit_words == 0)
        return;
    size_t syllables = 0;
    for (size_t u = 0; u < c->n_units; u++) {
        const struct unit *un = &c->units[u];
        for (size_t i = 0; i < un->w.n; i++) {
            struct lexeme *l = &c->lex[c->words[un->w.first + i]];
            if (!l->syllables) {
                const char *s = lex_text(c, l);
                unsigned n =
                    c->english ? syllables_en(s, l->len) : syllables_by_vowels(c->lists, s, l->len);
                l->syllables = (uint8_t)(n > 255 ? 255 : n);
            }
            syllables += l->syllables;
        }
    }
    double wps = (double)c->unit_words / (double)c->n_units;
    double spw = (double)syllables / (double)c->unit_words;
    double f = flesch_formulas[formula].base - flesch_formulas[formula].per_wps * wps -
               flesch_formulas[formula].per_spw * spw;
    f = f < 0 ? 0 : f > 100 ? 100 : f;
    f = round1(f);
    a->flesch = f;
    int score = f >= 60 ? 9 : f >= 50 ? 6 : 3;
    char nw[32], ns[32];
    add_check(a, false, "fleschReadingEase", score,
              "Flesch reading ease %.1f (%s word%s, %zu sentence%s, %s syllable%s; 60 or more "
              "recommended): %s.",
              f, fmt_count(nw, c->unit_words), plural(c->unit_words), c->n_units,
              plural(c->n_units), fmt_count(ns, syllables), plural(syllables),
              score == 9   ? "good"
              : score == 6 ? "fairly difficult"
                           : "difficult");
}

/* ---- the run ---- */

/*
 * Yoast's overall SEO score (SEOScoreAggregator, Assessor.calculateOverallScore
 * in yoastseo 3.6.0): the sum of the checks' own scores, negative ones
 * included, over 9 per check, as a percentage rounded half up. Yoast can go
 * below 0 (-999 without a keyphrase); the scale here stops at 0.
 */
static int seo_overall(const struct seo_check *list, size_t n)
{
    if (n == 0)
        return 0;
    long sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += list[i].yoast_score;
    if (sum <= 0)
        return 0;
    return (int)((200 * sum + 9 * (long)n) / (18 * (long)n));
}

/*
 * Whether Yoast fully supports the readability analysis of the language: its
 * ContentAssessor calls a language fully supported when all seven of its
 * readability assessments apply, i.e. when the language's Researcher in
 * yoastseo 3.6.0 has transition words, passive voice and sentence beginnings
 * (Catalan, Japanese and languages without a Researcher lack some). Yoast's
 * list, not the checks seopipe runs: where seopipe lacks one of them for such
 * a language (passive voice outside English), Yoast's thresholds still apply,
 * so that the same ratings give Yoast's score. "no" is Bokmål, as Yoast's nb.
 */
static bool yoast_full_support(const char *lang)
{
    static const char *const full[] = {"ar", "cs", "de", "el", "en", "es", "fa",
                                       "fr", "he", "hu", "id", "it", "nb", "nl",
                                       "no", "pl", "pt", "ru", "sk", "sv", "tr"};
    for (size_t i = 0; i < sizeof(full) / sizeof(full[0]); i++)
        if (strcmp(full[i], lang) == 0)
            return true;
    return false;
}

/*
 * Yoast's overall readability score (ContentAssessor.calculateOverallScore in
 * yoastseo 3.6.0): penalty points per check, bad 3 and ok 2 for a fully
 * supported language, bad 4 and ok 2 for the others; more than 6 (full) or
 * 4 (partial) points give 30, more than 4 (full) or 2 (partial) give 60,
 * fewer 90. No check, or textPresence alone, gives 30. Flesch reading ease
 * is no assessment in Yoast (shown, not scored), so it has no part in it.
 */
static int readability_overall(const struct seo_check *list, size_t n, bool full_support)
{
    size_t counted = 0;
    int penalty = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i].id, "fleschReadingEase") == 0)
            continue;
        counted++;
        penalty += list[i].score >= 8 ? 0 : list[i].score >= 5 ? 2 : full_support ? 3 : 4;
    }
    if (counted <= 1)
        return 30;
    if (penalty > (full_support ? 6 : 4))
        return 30;
    if (penalty > (full_support ? 4 : 2))
        return 60;
    return 90;
}

void seo_analysis_run(const struct seo_analysis_input *in, struct seo_analysis *out)
{
    if (!in || !in->doc)
        return;
    struct ctx c;
    memset(&c, 0, sizeof(c));
    c.in = in;
    c.doc = in->doc;
    c.lang = in->doc->language;
    c.lists = seo_analysis_lists(c.lang);
    c.english = strcmp(c.lang, "en") == 0;

    reserve(&c);
    load_lists(&c);
    read_document(&c);
    read_keyphrase(&c);

    if (!c.has_key) {
        add_check(out, true, "keyphraseLength", -999,
                  "Keyphrase length 0 words: no focus keyphrase was set, so the SEO checks did "
                  "not run.");
    } else {
        read_metadata(&c);
        match_units(&c);
        check_keyphrase_length(&c, out);
        check_density(&c, out);
        check_introduction(&c, out);
        check_title_keyword(&c, out);
        check_slug(&c, out);
        check_meta_keyword(&c, out);
        check_meta_length(&c, out);
        check_title_width(&c, out);
        check_subheadings_keyword(&c, out);
        check_text_length(&c, out);
    }

    /* Yoast runs no readability check on a text under 50 characters but this one. */
    if (c.chars < TEXT_PRESENCE || c.n_units == 0) {
        add_check(out, false, "textPresence", 3,
                  "Text %zu character%s (50 needed for a readability analysis): not enough "
                  "content.",
                  c.chars, plural(c.chars));
    } else {
        check_sections(&c, out);
        check_paragraphs(&c, out);
        check_sentence_length(&c, out);
        check_transitions(&c, out);
        check_passive(&c, out);
        check_beginnings(&c, out);
        check_flesch(&c, out);
    }
    out->seo_score = seo_overall(out->seo, out->n_seo);
    out->readability_score =
        readability_overall(out->readability, out->n_readability, yoast_full_support(c.lang));

    free(c.text);
    seo_buf_free(&c.key_stems);
    seo_buf_free(&c.scratch);
    if (c.own_stemmer)
        seo_stemmer_free(c.stemmer);
    free(c.lex);
    free(c.table);
    free(c.words);
    free(c.units);
    free(c.meta);
    free(c.slug);
}

void seo_analysis_free(struct seo_analysis *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n_seo; i++)
        free(a->seo[i].message);
    for (size_t i = 0; i < a->n_readability; i++)
        free(a->readability[i].message);
    free(a->seo);
    free(a->readability);
    memset(a, 0, sizeof(*a));
}
