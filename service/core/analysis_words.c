#include "analysis_words.h"

#include <string.h>

/* The tables are packed by hand: clang-format would give each entry a line. */
// clang-format off

/*
 * Transition words. English and German follow Yoast SEO's lists (yoastseo
 * languages/en and de: single words, multi-word transitions, two-part
 * transitions), so a sentence counts here when it counts in Yoast.
 */
static const char *const en_transitions[] = {
    "above all", "according to", "accordingly", "actually", "additionally", "after all",
    "after that", "afterward", "afterwards", "albeit", "all in all", "all of a sudden",
    "all things considered", "also", "although", "although this may be true", "altogether",
    "analogous to", "another", "another key point", "as a matter of fact", "as a result",
    "as an illustration", "as can be seen", "as has been noted", "as i have noted",
    "as i have said", "as i have shown", "as long as", "as much as", "as opposed to",
    "as shown above", "as soon as", "as well as", "at any rate", "at first", "at last", "at least",
    "at length", "at the present time", "at the same time", "at this instant", "at this point",
    "at this time", "balanced against", "basically", "be that as it may", "because", "before",
    "being that", "besides", "but", "by all means", "by and large", "by comparison",
    "by the same token", "by the time", "certainly", "chiefly", "comparatively", "compared to",
    "concurrently", "consequently", "contrarily", "conversely", "correspondingly", "coupled with",
    "despite", "different from", "doubtedly", "due to", "during", "e g", "earlier", "emphatically",
    "equally", "equally important", "especially", "even if", "even more", "even so", "even though",
    "eventually", "evidently", "explicitly", "finally", "first thing to remember", "firstly",
    "following", "for example", "for fear that", "for instance", "for one thing",
    "for that reason", "for the most part", "for the purpose of", "for the same reason",
    "for this purpose", "for this reason", "formerly", "forthwith", "fourthly",
    "from time to time", "further", "furthermore", "generally", "given that", "given these points",
    "hence", "henceforth", "however", "i e", "identically", "if", "important to realize",
    "in a word", "in addition", "in another case", "in any case", "in any event", "in brief",
    "in case", "in conclusion", "in contrast", "in detail", "in due time", "in effect",
    "in either case", "in essence", "in fact", "in general", "in light of", "in like fashion",
    "in like manner", "in order that", "in order to", "in other words", "in particular",
    "in reality", "in short", "in similar fashion", "in spite of", "in sum", "in summary",
    "in that case", "in the event that", "in the final analysis", "in the first place",
    "in the fourth place", "in the hope that", "in the light of", "in the long run",
    "in the meantime", "in the same fashion", "in the same way", "in the second place",
    "in the third place", "in this case", "in this situation", "in time", "in truth", "in view of",
    "inasmuch as", "indeed", "initially", "instead", "last", "lastly", "later", "lest", "likewise",
    "markedly", "meanwhile", "moreover", "most compelling evidence", "most important",
    "must be remembered", "nevertheless", "nonetheless", "nor", "not only", "not to mention",
    "note that", "notwithstanding", "now that", "obviously", "occasionally", "of course",
    "on account of", "on balance", "on condition that", "on one hand", "on the condition that",
    "on the contrary", "on the negative side", "on the other hand", "on the positive side",
    "on the whole", "on this occasion", "once", "once in a while", "only if", "otherwise",
    "overall", "owing to", "particularly", "point often overlooked", "presently", "previously",
    "prior to", "provided that", "rather", "regardless", "secondly", "seeing that", "shortly",
    "significantly", "similarly", "simultaneously", "since", "so", "so as to", "so far",
    "so long as", "so that", "soon", "sooner or later", "specifically", "still", "straightaway",
    "subsequently", "such as", "summing up", "surely", "surprisingly", "take the case of", "than",
    "that is", "that is to say", "then", "then again", "thereafter", "therefore", "thereupon",
    "thirdly", "this time", "though", "thus", "till", "to be sure", "to begin with", "to clarify",
    "to conclude", "to demonstrate", "to emphasize", "to enumerate", "to explain", "to illustrate",
    "to list", "to point out", "to put it another way", "to put it differently", "to repeat",
    "to rephrase it", "to say nothing of", "to sum up", "to summarize", "to that end",
    "to the end that", "to this end", "together with", "undeniably", "under those circumstances",
    "undoubtedly", "unless", "unlike", "unquestionably", "until", "until now", "up against",
    "up to the present time", "vis a vis", "what's more", "when", "whenever", "whereas", "whether",
    "whether or", "while", "while it may be true", "while this may be true", "with attention to",
    "with the result that", "with this in mind", "with this intention",
    "with this purpose in mind", "without a doubt", "without delay", "without doubt",
    "without reservation"
};

/* "either ... or": Yoast's English two-part transitions. */
static const struct seo_two_part en_two_part[] = {
    {"both", "and"}, {"either", "or"}, {"neither", "nor"}, {"not", "but"}, {"not only", "but also"},
};

static const char *const de_transitions[] = {
    "aber", "abgesehen davon", "abgesehen von", "abschliessend", "abschließend", "alldieweil",
    "allerdings", "als dass", "als ob", "als wenn", "also", "anderenteils", "andererseits",
    "andernteils", "anders ausgedrueckt", "anders ausgedrückt", "anders formuliert",
    "anders gefasst", "anders gefragt", "anders gesagt", "anders gesprochen", "anfaenglich",
    "anfangs", "anfänglich", "angenommen", "anschliessend", "anschließend", "anstatt dass",
    "auch wenn", "auf grund", "auf jeden fall", "aufgrund", "aus diesem grund", "ausgenommen",
    "ausser dass", "ausser wenn", "ausserdem", "außer dass", "außer wenn", "außerdem",
    "beispielsweise", "besser ausgedrueckt", "besser ausgedrückt", "besser formuliert",
    "besser gesagt", "besser gesprochen", "bevor", "beziehungsweise", "bloss dass", "bloß dass",
    "bspw", "bzw", "d h", "da", "dabei", "dadurch", "dafuer", "dafür", "dagegen", "daher",
    "dahingegen", "danach", "dann", "darauf", "darum", "darüber hinaus", "das heisst", "das heißt",
    "dass", "davor", "dazu", "dementgegen", "dementsprechend", "demgegenueber", "demgegenüber",
    "demgemaess", "demgemäß", "demzufolge", "denn", "dennoch", "dergestalt", "derweil",
    "des weiteren", "deshalb", "dessen ungeachtet", "desto", "desungeachtet", "deswegen", "doch",
    "dort", "drittens", "ebenfalls", "ebenso", "ebenso wie", "ehe", "einerseits", "einesteils",
    "endlich", "entsprechend", "entweder", "erst", "erstens", "falls", "ferner", "folgerichtig",
    "folglich", "fuerderhin", "fürderhin", "genauso", "genauso wie", "geschweige denn",
    "hierdurch", "hierzu", "hingegen", "im fall", "im falle", "im folgenden", "im gegensatz dazu",
    "im gegenteil", "im grunde genommen", "immerhin", "in diesem sinne", "indem", "indes",
    "indessen", "infolge", "infolgedessen", "insofern", "insoweit", "inzwischen", "je nachdem",
    "jedenfalls", "jedoch", "kurz gesagt", "kurzum", "m a w", "mit anderen worten", "mitnichten",
    "mitunter", "moeglicherweise", "möglicherweise", "nachdem", "nebenher", "nichtsdestotrotz",
    "nichtsdestoweniger", "ob", "obenrein", "obgleich", "obschon", "obwohl", "obzwar", "ohne dass",
    "ohnehin", "richtigerweise", "schliesslich", "schließlich", "seit", "seitdem", "so dass",
    "sobald", "sodass", "sofern", "sogar", "solang", "solange", "somit", "sondern", "sooft",
    "soviel", "soweit", "sowie", "sowohl", "statt", "stattdessen", "trotz", "trotzdem",
    "ueberdies", "uebrigens", "umso mehr als", "umso weniger als", "unbeschadet dessen",
    "und zwar", "ungeachtet", "ungeachtet dessen", "unter dem strich", "vielmehr", "vorausgesetzt",
    "vorher", "waehrend", "waehrenddessen", "weder", "wegen", "weil", "weiter", "weiterhin",
    "wenn", "wenngleich", "wennschon", "wennzwar", "weshalb", "widrigenfalls", "wiewohl", "wobei",
    "wohingegen", "während", "währenddessen", "z b", "zudem", "zuerst", "zufolge", "zuletzt",
    "zum beispiel", "zumal", "zunächst einmal", "zuvor", "zwar", "zweitens", "überdies",
    "übrigens"
};

/* Yoast's German two-part transitions. */
static const struct seo_two_part de_two_part[] = {
    {"anstatt", "dass"},
    {"bald", "bald"},
    {"dadurch", "dass"},
    {"dessen ungeachtet", "dass"},
    {"einerseits", "andererseits"},
    {"entweder", "oder"},
    {"erst", "wenn"},
    {"je", "desto"},
    {"je", "umso"},
    {"mal", "mal"},
    {"nicht nur", "sondern auch"},
    {"nicht weil", "sondern"},
    {"ob", "oder"},
    {"ohne", "dass"},
    {"so", "dass"},
    {"sowohl", "als auch"},
    {"sowohl", "wie auch"},
    {"teils", "teils"},
    {"umso", "umso"},
    {"unbeschadet dessen", "dass"},
    {"weder", "noch"},
    {"wenn", "auch"},
    {"wenn", "schon"},
};

/*
 * Sentence openers too common to count as "the same beginning" on their
 * own: after one of these Yoast compares the first two words ("The cat ...",
 * "The dog ..." differ).
 */
static const char *const en_first_word_exceptions[] = {
    "a", "an", "eight", "five", "four", "nine", "one", "seven", "six", "ten", "that", "the",
    "these", "this", "those", "three", "two"
};

static const char *const de_first_word_exceptions[] = {
    "acht", "das", "dem", "den", "der", "des", "die", "diese", "diesem", "diesen", "dieser",
    "dieses", "drei", "ein", "eine", "einem", "einen", "einer", "eines", "eins", "fünf", "jene",
    "jenem", "jenen", "jener", "jenes", "neun", "sechs", "sieben", "vier", "zehn", "zwei"
};

/* English passive voice: forms of "to be" and "to get", contractions included. */
static const char *const en_passive_auxiliaries[] = {
    "am", "are", "aren't", "be", "been", "being", "get", "gets", "getting", "got", "gotten",
    "he's", "i'm", "is", "isn't", "it's", "she's", "that's", "they're", "was", "wasn't", "we're",
    "were", "weren't", "what's", "you're"
};

/* Irregular past participles of common English verbs (regular ones end in -ed). */
static const char *const en_irregular_participles[] = {
    "arisen", "awoken", "babysat", "beaten", "become", "begun", "bent", "bet", "bid", "bidden",
    "bitten", "bled", "blown", "born", "borne", "bought", "bound", "bred", "broadcast", "broken",
    "brought", "built", "burnt", "burst", "cast", "caught", "chosen", "clung", "come", "cost",
    "crept", "cut", "dealt", "done", "drawn", "dreamt", "driven", "drunk", "dug", "dwelt", "eaten",
    "fallen", "fed", "felt", "fit", "fled", "flown", "flung", "forbidden", "forecast", "foreseen",
    "foretold", "forgiven", "forgotten", "forsaken", "fought", "found", "frozen", "given", "gone",
    "gotten", "grown", "heard", "held", "hewn", "hidden", "hit", "hung", "hurt", "inlaid", "input",
    "kept", "knelt", "knit", "known", "laid", "lain", "leant", "leapt", "learnt", "led", "left",
    "lent", "let", "lit", "lost", "made", "meant", "met", "mislaid", "misled", "misread",
    "misspelt", "mistaken", "misunderstood", "mown", "offset", "outdone", "outgrown", "overcome",
    "overdone", "overheard", "overlaid", "overpaid", "overridden", "overrun", "overseen",
    "overtaken", "overthrown", "paid", "partaken", "proofread", "proven", "put", "quit", "read",
    "rebuilt", "redone", "remade", "repaid", "reread", "reset", "retold", "rewritten", "rid",
    "ridden", "risen", "run", "rung", "said", "sat", "sawn", "seen", "sent", "set", "sewn",
    "shaken", "shaven", "shed", "shone", "shorn", "shot", "shown", "shrunk", "shut", "slain",
    "slept", "slid", "slit", "slung", "smelt", "sold", "sought", "sown", "spat", "spelt", "spent",
    "spilt", "spit", "split", "spoilt", "spoken", "spread", "sprung", "spun", "stolen", "stood",
    "strewn", "stricken", "striven", "struck", "strung", "stuck", "stung", "stunk", "sublet",
    "sung", "sunk", "swept", "swollen", "sworn", "swum", "swung", "taken", "taught", "thought",
    "thrown", "thrust", "told", "torn", "trodden", "typeset", "undercut", "undergone",
    "understood", "undertaken", "underwritten", "undone", "unwound", "upheld", "upset", "waylaid",
    "wed", "wept", "wet", "withdrawn", "withheld", "withstood", "woken", "won", "worn", "wound",
    "woven", "written", "wrung"
};

/* Words ending in -ed that are not past participles, or that Yoast reads as adjectives. */
static const char *const en_non_participles_ed[] = {
    "ashamed", "based", "bed", "bleed", "breed", "concerned", "creed", "crooked", "deed", "embed",
    "exceed", "excited", "feed", "greed", "hatred", "heed", "hundred", "indeed", "infrared",
    "jagged", "kindred", "located", "naked", "need", "proceed", "ragged", "red", "reed", "rugged",
    "sacred", "seed", "sled", "speed", "steed", "succeed", "tweed", "weed", "wicked", "wretched"
};

#define LIST(a) {(a), sizeof(a) / sizeof((a)[0])}

// clang-format on

static const struct seo_lang_lists lists[] = {
    {
        .code = "en",
        .transitions = LIST(en_transitions),
        .two_part = en_two_part,
        .n_two_part = sizeof(en_two_part) / sizeof(en_two_part[0]),
        .first_word_exceptions = LIST(en_first_word_exceptions),
        .passive_auxiliaries = LIST(en_passive_auxiliaries),
        .irregular_participles = LIST(en_irregular_participles),
        .non_participles = LIST(en_non_participles_ed),
    },
    {
        .code = "de",
        .transitions = LIST(de_transitions),
        .two_part = de_two_part,
        .n_two_part = sizeof(de_two_part) / sizeof(de_two_part[0]),
        .first_word_exceptions = LIST(de_first_word_exceptions),
    },
};

const struct seo_lang_lists *seo_analysis_lists(const char *code)
{
    for (size_t i = 0; code && i < sizeof(lists) / sizeof(lists[0]); i++)
        if (strcmp(lists[i].code, code) == 0)
            return &lists[i];
    return NULL;
}

/* strcmp of `entry` against the `len` bytes of `word` (which holds no NUL). */
static int compare_entry(const char *entry, const char *word, size_t len)
{
    for (size_t k = 0; k < len; k++) {
        unsigned char e = (unsigned char)entry[k], w = (unsigned char)word[k];
        if (e != w)
            return e < w ? -1 : 1;
    }
    return entry[len] ? 1 : 0;
}

bool seo_wordlist_contains(const struct seo_wordlist *list, const char *word, size_t len)
{
    size_t lo = 0, hi = list->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_entry(list->words[mid], word, len);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/*
 * Compares the word at the start of `entry` (up to a space) with `word`.
 * Every byte of a word sorts after the space, so entries in strcmp order are
 * also in order of their first word, and of their next word among entries
 * that share the words before it: a binary search on this works.
 */
static int compare_word(const char *entry, const char *word, size_t len)
{
    size_t k = 0;
    for (; k < len; k++) {
        unsigned char e = (unsigned char)entry[k], w = (unsigned char)word[k];
        if (e == ' ' || e == '\0')
            return -1; /* the entry's word is a prefix of `word` */
        if (e != w)
            return e < w ? -1 : 1;
    }
    return entry[k] == ' ' || entry[k] == '\0' ? 0 : 1;
}

size_t seo_wordlist_lower_bound(const struct seo_wordlist *list, size_t lo, size_t hi, size_t skip,
                                const char *word, size_t len)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *entry = list->words[mid];
        if (strlen(entry) < skip || compare_word(entry + skip, word, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
