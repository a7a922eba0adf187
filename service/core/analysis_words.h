#ifndef SEO_ANALYSIS_WORDS_H
#define SEO_ANALYSIS_WORDS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The word lists the readability checks of analysis.c need, per language:
 * transition words (Yoast SEO's lists for English, German, French, Spanish,
 * Italian, Dutch and Portuguese), the sentence openers Yoast looks past when
 * it compares sentence beginnings, for English passive voice the
 * auxiliaries, the irregular past participles and the words that end in -ed
 * without being participles, and the vowels the Flesch reading ease counts
 * syllables by.
 *
 * Every entry is lower-case UTF-8 in NFC, written as the word iterator of
 * stem.h reads it: words joined by one space ("as a result"), the periods of
 * abbreviations read as word breaks ("e.g." is "e g"), apostrophes ASCII.
 * Every list is SORTED in byte order (strcmp) without duplicates, and MUST
 * STAY SO: lookups are binary searches. tests/core/test_analysis.c checks it.
 */

struct seo_wordlist {
    const char *const *words;
    size_t n;
};

/* A transition made of two parts with other words between: "either ... or". */
struct seo_two_part {
    const char *first; /* one or more words, as the list entries */
    const char *second;
};

struct seo_lang_lists {
    const char *code;                    /* ISO 639-1 */
    struct seo_wordlist transitions;     /* single and multi-word */
    const struct seo_two_part *two_part; /* may be NULL */
    size_t n_two_part;
    struct seo_wordlist first_word_exceptions; /* articles, numbers 1-10, demonstratives */
    /* Passive voice (empty where it is not detected): an auxiliary ("was",
     * "got") followed by a past participle, regular or irregular. */
    struct seo_wordlist passive_auxiliaries;
    struct seo_wordlist irregular_participles; /* "written", "shut" */
    struct seo_wordlist non_participles;       /* end in -ed but are none: "need", "hundred" */
    /*
     * Syllables for the Flesch reading ease, as groups of vowels (Yoast's
     * vowel letters per language, UTF-8); NULL where English's own rules
     * apply. Two of `hiatus` side by side are two syllables ("po-e-ta",
     * "dí-a"); one of `diaeresis` after a vowel starts one ("na-ïf",
     * "re-ünie"); with `mute_final_e`, a final -e, -es or -ent after a
     * consonant is silent ("porte", "portent", but "rapidement").
     */
    const char *vowels;
    const char *hiatus;    /* may be NULL */
    const char *diaeresis; /* may be NULL */
    bool mute_final_e;
};

/* The lists of ISO 639-1 language `code`, or NULL when there are none. Static. */
const struct seo_lang_lists *seo_analysis_lists(const char *code);

/* True when `word` (`len` bytes) is an entry of `list`. */
bool seo_wordlist_contains(const struct seo_wordlist *list, const char *word, size_t len);

/*
 * Index of the first entry among list->words[lo, hi) whose word starting at
 * byte `skip` (0: the first word; the length of the first word plus one:
 * the second) is at least `word` (`len` bytes) in byte order, or `hi`. In a
 * range of entries that agree on their first `skip` bytes, the entries whose
 * next word is `word` follow it contiguously: a caller tries every phrase
 * that goes on with a word of the text.
 */
size_t seo_wordlist_lower_bound(const struct seo_wordlist *list, size_t lo, size_t hi, size_t skip,
                                const char *word, size_t len);

#endif
