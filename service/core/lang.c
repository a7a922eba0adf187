#include "lang.h"

#include <utf8proc.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Stop words (function words: articles, pronouns, prepositions, conjunctions,
 * auxiliary verbs, common adverbs), lower-case UTF-8 in NFC. French and
 * Italian also list their elided forms ("l'", "dell'"), English a few
 * contractions ("don't"); the apostrophe is always ASCII U+0027.
 *
 * Every list is SORTED in byte order (strcmp order) and holds no duplicates,
 * and MUST STAY SO: lookups are bsearch. tests/core/test_lang.c checks it.
 */
static const char *const stop_en[] = {
    "a",        "about",     "above",     "after",    "again",     "against",  "all",
    "almost",   "also",      "although",  "always",   "am",        "among",    "an",
    "and",      "another",   "any",       "anybody",  "anyone",    "anything", "are",
    "around",   "as",        "at",        "be",       "because",   "been",     "before",
    "being",    "below",     "between",   "both",     "but",       "by",       "can",
    "can't",    "cannot",    "could",     "couldn't", "did",       "didn't",   "do",
    "does",     "doesn't",   "doing",     "don't",    "down",      "during",   "each",
    "either",   "enough",    "even",      "ever",     "every",     "everyone", "everything",
    "few",      "for",       "from",      "further",  "had",       "hadn't",   "has",
    "hasn't",   "have",      "haven't",   "having",   "he",        "he's",     "her",
    "here",     "hers",      "herself",   "him",      "himself",   "his",      "how",
    "however",  "i",         "i'd",       "i'll",     "i'm",       "i've",     "if",
    "in",       "into",      "is",        "isn't",    "it",        "it's",     "its",
    "itself",   "just",      "least",     "less",     "let's",     "many",     "may",
    "me",       "might",     "more",      "most",     "much",      "must",     "my",
    "myself",   "neither",   "never",     "no",       "nobody",    "none",     "nor",
    "not",      "nothing",   "now",       "of",       "off",       "often",    "on",
    "once",     "one",       "only",      "or",       "other",     "others",   "ought",
    "our",      "ours",      "ourselves", "out",      "over",      "own",      "per",
    "perhaps",  "quite",     "rather",    "really",   "same",      "shall",    "she",
    "she's",    "should",    "shouldn't", "since",    "so",        "some",     "somebody",
    "someone",  "something", "sometimes", "soon",     "still",     "such",     "than",
    "that",     "that's",    "the",       "their",    "theirs",    "them",     "themselves",
    "then",     "there",     "there's",   "these",    "they",      "they're",  "this",
    "those",    "though",    "through",   "thus",     "to",        "too",      "toward",
    "towards",  "under",     "until",     "up",       "upon",      "us",       "very",
    "was",      "wasn't",    "we",        "we're",    "were",      "weren't",  "what",
    "whatever", "when",      "whenever",  "where",    "whether",   "which",    "while",
    "who",      "whoever",   "whom",      "whose",    "why",       "will",     "with",
    "within",   "without",   "won't",     "would",    "wouldn't",  "yet",      "you",
    "you're",   "your",      "yours",     "yourself", "yourselves"};

static const char *const stop_de[] = {
    "aber",    "alle",    "allem",   "allen",   "aller",   "alles",   "als",      "also",
    "am",      "an",      "ander",   "andere",  "anderem", "anderen", "anderer",  "anderes",
    "auch",    "auf",     "aus",     "bei",     "beim",    "bin",     "bis",      "bist",
    "da",      "damit",   "dann",    "das",     "dass",    "dein",    "deine",    "deinem",
    "deinen",  "deiner",  "dem",     "den",     "denn",    "der",     "deren",    "des",
    "dessen",  "dich",    "die",     "dies",    "diese",   "diesem",  "diesen",   "dieser",
    "dieses",  "dir",     "doch",    "dort",    "du",      "durch",   "ein",      "eine",
    "einem",   "einen",   "einer",   "eines",   "er",      "es",      "etwas",    "euch",
    "euer",    "eure",    "für",     "gegen",   "gewesen", "habe",    "haben",    "hat",
    "hatte",   "hier",    "hin",     "hinter",  "hätte",   "ich",     "ihm",      "ihn",
    "ihnen",   "ihr",     "ihre",    "ihrem",   "ihren",   "ihrer",   "ihres",    "im",
    "immer",   "in",      "ins",     "ist",     "ja",      "jede",    "jedem",    "jeden",
    "jeder",   "jedes",   "jetzt",   "kann",    "kein",    "keine",   "keinem",   "keinen",
    "keiner",  "können",  "könnte",  "man",     "manche",  "mein",    "meine",    "meinem",
    "meinen",  "meiner",  "mich",    "mir",     "mit",     "muss",    "musste",   "nach",
    "nicht",   "nichts",  "noch",    "nun",     "nur",     "ob",      "oder",     "ohne",
    "schon",   "sehr",    "sein",    "seine",   "seinem",  "seinen",  "seiner",   "seit",
    "sich",    "sie",     "sind",    "so",      "solche",  "soll",    "sollte",   "sondern",
    "um",      "und",     "uns",     "unser",   "unsere",  "unter",   "viel",     "vom",
    "von",     "vor",     "war",     "waren",   "warum",   "was",     "weil",     "welche",
    "welchem", "welchen", "welcher", "welches", "wenn",    "wer",     "werde",    "werden",
    "wie",     "wieder",  "will",    "wir",     "wird",    "wo",      "wurde",    "wurden",
    "während", "würde",   "zu",      "zum",     "zur",     "zwar",    "zwischen", "über"};

static const char *const stop_fr[] = {
    "a",     "ai",       "alors", "as",      "au",     "aussi",   "autre",    "autres", "aux",
    "avec",  "avez",     "avoir", "avons",   "bien",   "c'",      "car",      "ce",     "ceci",
    "cela",  "celle",    "celui", "ces",     "cet",    "cette",   "ceux",     "chaque", "chez",
    "comme", "d'",       "dans",  "de",      "depuis", "des",     "donc",     "dont",   "du",
    "déjà",  "elle",     "elles", "en",      "encore", "entre",   "es",       "est",    "et",
    "eux",   "fait",     "ici",   "il",      "ils",    "j'",      "jamais",   "je",     "l'",
    "la",    "le",       "les",   "leur",    "leurs",  "lorsque", "lui",      "là",     "m'",
    "ma",    "mais",     "me",    "mes",     "moi",    "moins",   "mon",      "même",   "n'",
    "ne",    "ni",       "nos",   "notre",   "nous",   "on",      "ont",      "ou",     "où",
    "par",   "parce",    "pas",   "pendant", "peu",    "peut",    "peuvent",  "plus",   "pour",
    "puis",  "qu",       "qu'",   "quand",   "que",    "quelque", "quelques", "qui",    "s'",
    "sa",    "sans",     "se",    "sera",    "seront", "ses",     "si",       "sommes", "son",
    "sont",  "sous",     "suis",  "sur",     "t'",     "ta",      "te",       "tes",    "toi",
    "ton",   "toujours", "tous",  "tout",    "toute",  "toutes",  "très",     "tu",     "un",
    "une",   "vers",     "vos",   "votre",   "vous",   "y",       "à",        "ça",     "étaient",
    "était", "été",      "êtes",  "être"};

static const char *const stop_es[] = {
    "a",      "al",     "algo",   "alguna",   "algunas", "alguno", "algunos", "ante", "antes",
    "aquí",   "así",    "aunque", "bajo",     "bien",    "cada",   "como",    "con",  "contra",
    "cual",   "cuando", "de",     "del",      "desde",   "donde",  "durante", "e",    "el",
    "ella",   "ellas",  "ellos",  "en",       "entre",   "era",    "eran",    "es",   "esa",
    "esas",   "ese",    "eso",    "esos",     "esta",    "estar",  "estas",   "este", "esto",
    "estos",  "está",   "están",  "fue",      "fueron",  "ha",     "había",   "han",  "hasta",
    "hay",    "la",     "las",    "le",       "les",     "lo",     "los",     "me",   "mi",
    "mis",    "mucho",  "muy",    "más",      "nada",    "ni",     "no",      "nos",  "nosotros",
    "o",      "otra",   "otras",  "otro",     "otros",   "para",   "pero",    "poco", "por",
    "porque", "pues",   "que",    "qué",      "se",      "sea",    "ser",     "si",   "sin",
    "sino",   "sobre",  "son",    "su",       "sus",     "sí",     "también", "tan",  "tanto",
    "te",     "tiene",  "todo",   "todos",    "tu",      "tus",    "tú",      "u",    "un",
    "una",    "uno",    "unos",   "vosotros", "y",       "ya",     "yo",      "él"};

static const char *const stop_it[] = {
    "a",      "ad",     "agli",   "ai",     "al",      "all'",   "alla",   "alle",   "allo",
    "anche",  "ancora", "avere",  "aveva",  "c'",      "che",    "chi",    "ci",     "come",
    "con",    "contro", "così",   "cui",    "d'",      "da",     "dagli",  "dai",    "dal",
    "dall'",  "dalla",  "dalle",  "degli",  "dei",     "del",    "dell'",  "della",  "delle",
    "dello",  "di",     "dove",   "e",      "ed",      "era",    "erano",  "essere", "fra",
    "già",    "gli",    "ha",     "hanno",  "ho",      "i",      "il",     "in",     "io",
    "l'",     "la",     "le",     "lei",    "lo",      "loro",   "lui",    "ma",     "mai",
    "me",     "mi",     "mio",    "molto",  "ne",      "negli",  "nei",    "nel",    "nell'",
    "nella",  "nelle",  "noi",    "non",    "nostro",  "o",      "ogni",   "per",    "perché",
    "però",   "più",    "poco",   "poi",    "proprio", "quale",  "quando", "quanto", "quella",
    "quelle", "quelli", "quello", "questa", "queste",  "questi", "questo", "se",     "sei",
    "senza",  "si",     "sia",    "siamo",  "sono",    "sta",    "stato",  "su",     "sua",
    "sue",    "sugli",  "sui",    "sul",    "sull'",   "sulla",  "suo",    "suoi",   "tra",
    "tu",     "tutti",  "tutto",  "un",     "un'",     "una",    "uno",    "voi",    "vostro",
    "è"};

static const char *const stop_pt[] = {
    "a",      "ao",   "aos",   "aquela", "aquele", "aquilo", "as",     "até",    "com",    "como",
    "da",     "das",  "de",    "dela",   "dele",   "deles",  "depois", "do",     "dos",    "e",
    "ela",    "elas", "ele",   "eles",   "em",     "entre",  "era",    "essa",   "esse",   "esta",
    "este",   "está", "estão", "eu",     "foi",    "foram",  "há",     "isso",   "isto",   "já",
    "lhe",    "lhes", "mais",  "mas",    "me",     "mesmo",  "meu",    "minha",  "muito",  "na",
    "nas",    "nem",  "no",    "nos",    "num",    "numa",   "não",    "nós",    "o",      "os",
    "ou",     "para", "pela",  "pelas",  "pelo",   "pelos",  "por",    "porque", "quando", "que",
    "quem",   "se",   "seja",  "sem",    "ser",    "seu",    "seus",   "sua",    "suas",   "só",
    "também", "te",   "tem",   "ter",    "tu",     "tua",    "têm",    "um",     "uma",    "você",
    "vocês",  "à",    "às",    "é"};

static const char *const stop_nl[] = {
    "aan",    "al",     "alle", "alles", "als",   "altijd", "ben",     "bij",   "daar",   "dan",
    "dat",    "de",     "der",  "deze",  "die",   "dit",    "doch",    "doen",  "door",   "dus",
    "een",    "eens",   "en",   "er",    "ge",    "geen",   "geweest", "haar",  "had",    "heb",
    "hebben", "heeft",  "hem",  "het",   "hier",  "hij",    "hoe",     "hun",   "iemand", "iets",
    "ik",     "in",     "is",   "ja",    "je",    "jij",    "jou",     "jouw",  "jullie", "kan",
    "kon",    "kunnen", "maar", "me",    "meer",  "men",    "met",     "mij",   "mijn",   "moet",
    "na",     "naar",   "niet", "niets", "nog",   "nu",     "of",      "om",    "omdat",  "onder",
    "ons",    "ook",    "op",   "over",  "reeds", "te",     "tegen",   "toch",  "toen",   "tot",
    "u",      "uit",    "uw",   "van",   "veel",  "voor",   "want",    "waren", "was",    "wat",
    "we",     "wel",    "werd", "wie",   "wij",   "wil",    "worden",  "wordt", "zal",    "ze",
    "zei",    "zelf",   "zich", "zij",   "zijn",  "zo",     "zonder",  "zou"};

static const char *const stop_sv[] = {
    "alla",   "allt",   "andra",    "annat",  "att",    "av",    "bakom",  "bara",   "blev",
    "bli",    "blir",   "både",     "dem",    "den",    "denna", "deras",  "dess",   "dessa",
    "det",    "detta",  "dig",      "din",    "dina",   "ditt",  "du",     "där",    "därför",
    "då",     "efter",  "eftersom", "ej",     "eller",  "en",    "er",     "era",    "ert",
    "ett",    "fast",   "fick",     "från",   "för",    "före",  "ha",     "hade",   "han",
    "hans",   "har",    "hela",     "henne",  "hennes", "hon",   "honom",  "hos",    "hur",
    "här",    "i",      "ingen",    "inom",   "inte",   "jag",   "ju",     "kan",    "kunde",
    "man",    "med",    "medan",    "mellan", "men",    "mig",   "min",    "mina",   "mitt",
    "mot",    "mycket", "många",    "måste",  "nog",    "nu",    "när",    "någon",  "något",
    "några",  "och",    "också",    "om",     "oss",    "på",    "redan",  "samma",  "samt",
    "sedan",  "sig",    "sin",      "sina",   "sitt",   "ska",   "skall",  "skulle", "som",
    "så",     "till",   "tills",    "under",  "upp",    "ut",    "utan",   "vad",    "var",
    "varför", "varit",  "varje",    "vi",     "vid",    "vilka", "vilken", "vilket", "vill",
    "vår",    "våra",   "vårt",     "än",     "ännu",   "även",  "åt",     "över"};

static const char *const stop_da[] = {
    "af",     "alle",    "alt",     "anden", "andre",  "at",    "bare",   "blev",    "blive",
    "bliver", "da",      "de",      "dem",   "den",    "denne", "dens",   "der",     "deres",
    "det",    "dette",   "dig",     "din",   "dine",   "disse", "dit",    "du",      "efter",
    "eller",  "en",      "end",     "er",    "et",     "for",   "fordi",  "fra",     "få",
    "før",    "ham",     "han",     "hans",  "har",    "havde", "have",   "hende",   "hendes",
    "her",    "hos",     "hun",     "hvad",  "hvem",   "hver",  "hvilke", "hvilken", "hvis",
    "hvor",   "hvordan", "hvorfor", "i",     "ikke",   "ind",   "ingen",  "intet",   "jeg",
    "jer",    "jo",      "kan",     "kun",   "kunne",  "man",   "mange",  "med",     "meget",
    "mellem", "men",     "mig",     "min",   "mine",   "mit",   "mod",    "må",      "ned",
    "nogen",  "noget",   "nogle",   "nok",   "nu",     "når",   "og",     "også",    "om",
    "op",     "os",      "over",    "på",    "sammen", "selv",  "sig",    "sin",     "sine",
    "sit",    "skal",    "skulle",  "som",   "så",     "til",   "ud",     "uden",    "under",
    "var",    "vi",      "vil",     "ville", "vor",    "vores", "være",   "været"};

static const char *const stop_no[] = {
    "alle",    "alt",     "andre", "at",    "av",    "bare",   "ble",     "bli",    "blir",
    "blitt",   "da",      "de",    "deg",   "dem",   "den",    "denne",   "der",    "deres",
    "det",     "dette",   "din",   "dine",  "disse", "ditt",   "du",      "eg",     "ei",
    "eller",   "en",      "enn",   "er",    "et",    "etter",  "for",     "fordi",  "fra",
    "før",     "ha",      "hadde", "han",   "hans",  "har",    "henne",   "hennes", "her",
    "hos",     "hun",     "hva",   "hvem",  "hver",  "hvilke", "hvilken", "hvis",   "hvor",
    "hvordan", "hvorfor", "i",     "ikke",  "ikkje", "ingen",  "inn",     "jeg",    "kan",
    "kom",     "kun",     "kunne", "man",   "mange", "med",    "meg",     "mellom", "men",
    "min",     "mine",    "mitt",  "mot",   "mye",   "må",     "ned",     "noe",    "noen",
    "nå",      "når",     "og",    "også",  "om",    "opp",    "oss",     "over",   "på",
    "sammen",  "seg",     "selv",  "sin",   "sine",  "sitt",   "skal",    "skulle", "slik",
    "som",     "så",      "til",   "under", "ut",    "uten",   "var",     "veldig", "vi",
    "vil",     "ville",   "vår",   "være",  "vært",  "å"};

static const char *const stop_fi[] = {
    "ei",     "eivät",  "eli",       "emme",   "en",     "ennen",  "et",     "ette",   "että",
    "he",     "heidän", "hyvin",     "hän",    "hänen",  "ilman",  "itse",   "ja",     "jo",
    "joita",  "joka",   "jokin",     "joku",   "jonka",  "jos",    "jotka",  "kaikki", "kanssa",
    "koska",  "kuin",   "kuitenkin", "kukaan", "kun",    "kuten",  "me",     "meidän", "mikä",
    "mikään", "minun",  "minä",      "mitä",   "mitään", "muiden", "mukaan", "mutta",  "muu",
    "muut",   "myös",   "ne",        "niiden", "niin",   "nuo",    "nyt",    "näiden", "nämä",
    "olemme", "olen",   "olet",      "olette", "oli",    "olisi",  "olivat", "olla",   "ollut",
    "on",     "ovat",   "paljon",    "se",     "sekä",   "sen",    "siellä", "siinä",  "siis",
    "siitä",  "siksi",  "sillä",     "sinun",  "sinä",   "sitten", "sitä",   "tai",    "te",
    "teidän", "toinen", "tuo",       "tämä",   "tämän",  "tässä",  "tätä",   "täällä", "vaan",
    "vai",    "vain",   "vielä",     "voi",    "yli"};

struct stoplist {
    const char *code;
    const char *const *words;
    size_t count;
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A list's index here is its bit in the detector's masks. */
static const struct stoplist stoplists[] = {
    {"en", stop_en, COUNT(stop_en)}, {"de", stop_de, COUNT(stop_de)},
    {"fr", stop_fr, COUNT(stop_fr)}, {"es", stop_es, COUNT(stop_es)},
    {"it", stop_it, COUNT(stop_it)}, {"pt", stop_pt, COUNT(stop_pt)},
    {"nl", stop_nl, COUNT(stop_nl)}, {"sv", stop_sv, COUNT(stop_sv)},
    {"da", stop_da, COUNT(stop_da)}, {"no", stop_no, COUNT(stop_no)},
    {"fi", stop_fi, COUNT(stop_fi)},
};

enum { NLISTS = COUNT(stoplists) };

/*
 * Detection looks a word up in every list at once through a hash table whose
 * entries pack (list << 12 | index) + 1 and a bit mask of the lists holding
 * the word. These bounds keep that packing and the load factor (<= 1/2) sound
 * (no list can reach 4096 words); keep TOTAL_STOPWORDS in step with stoplists.
 */
#define TOTAL_STOPWORDS                                                                            \
    (COUNT(stop_en) + COUNT(stop_de) + COUNT(stop_fr) + COUNT(stop_es) + COUNT(stop_it) +          \
     COUNT(stop_pt) + COUNT(stop_nl) + COUNT(stop_sv) + COUNT(stop_da) + COUNT(stop_no) +          \
     COUNT(stop_fi))
#define HASH_BITS 12
#define HASH_SIZE (1u << HASH_BITS)
#define WORD_MAX 32 /* bytes of a word detection keeps */
_Static_assert(NLISTS <= 15, "list masks are 16 bits, list ids 4 bits");
_Static_assert(TOTAL_STOPWORDS <= HASH_SIZE / 2 && HASH_SIZE / 2 < 4096, "grow HASH_SIZE");

/* See lang.h. */
const char *const *seo_lang_stoplist_at(size_t index, const char **code, size_t *count)
{
    if (index >= NLISTS)
        return NULL;
    *code = stoplists[index].code;
    *count = stoplists[index].count;
    return stoplists[index].words;
}

/* ---- locales and stemmers ---- */

static bool ascii_letter(unsigned char c)
{
    c |= 0x20;
    return c >= 'a' && c <= 'z';
}

bool seo_lang_from_locale(const char *locale, char code[4])
{
    code[0] = '\0';
    if (!locale)
        return false;
    size_t n = 0;
    while (n < 4 && ascii_letter((unsigned char)locale[n]))
        n++;
    char end = locale[n];
    if (n < 2 || n > 3 || (end != '\0' && end != '-' && end != '_'))
        return false;
    for (size_t i = 0; i < n; i++)
        code[i] = (char)(locale[i] | 0x20);
    code[n] = '\0';
    return true;
}

static const struct {
    const char *code;
    const char *algorithm;
} stemmers[] = {
    {"ar", "arabic"},     {"ca", "catalan"},   {"da", "danish"},     {"de", "german"},
    {"el", "greek"},      {"en", "english"},   {"es", "spanish"},    {"eu", "basque"},
    {"fi", "finnish"},    {"fr", "french"},    {"ga", "irish"},      {"hi", "hindi"},
    {"hu", "hungarian"},  {"hy", "armenian"},  {"id", "indonesian"}, {"it", "italian"},
    {"lt", "lithuanian"}, {"nb", "norwegian"}, {"ne", "nepali"},     {"nl", "dutch"},
    {"nn", "norwegian"},  {"no", "norwegian"}, {"pt", "portuguese"}, {"ro", "romanian"},
    {"ru", "russian"},    {"sr", "serbian"},   {"sv", "swedish"},    {"ta", "tamil"},
    {"tr", "turkish"},    {"yi", "yiddish"},
};

const char *seo_lang_stemmer(const char *code)
{
    if (!code)
        return NULL;
    for (size_t i = 0; i < COUNT(stemmers); i++)
        if (strcmp(code, stemmers[i].code) == 0)
            return stemmers[i].algorithm;
    return NULL;
}

/* ---- stop words ---- */

struct word_key {
    const char *s;
    size_t len;
};

/*
 * bsearch comparator between a length-delimited key (no NUL inside, checked by
 * the caller) and a NUL-terminated list entry. strncmp compares as unsigned
 * char, i.e. in the byte order the lists are sorted in; when the first `len`
 * bytes agree, a longer entry sorts after the key.
 */
static int compare_word(const void *key, const void *entry)
{
    const struct word_key *k = key;
    const char *word = *(const char *const *)entry;
    int c = strncmp(k->s, word, k->len);
    if (c != 0)
        return c;
    return word[k->len] != '\0' ? -1 : 0;
}

static const struct stoplist *find_list(const char *code)
{
    if (!code)
        return NULL;
    if (strcmp(code, "nb") == 0 || strcmp(code, "nn") == 0)
        code = "no";
    for (size_t i = 0; i < NLISTS; i++)
        if (strcmp(code, stoplists[i].code) == 0)
            return &stoplists[i];
    return NULL;
}

bool seo_lang_is_stopword(const char *code, const char *word, size_t len)
{
    const struct stoplist *list = find_list(code);
    if (!list || !word || len == 0 || memchr(word, '\0', len))
        return false;
    struct word_key key = {word, len};
    return bsearch(&key, list->words, list->count, sizeof(list->words[0]), compare_word) != NULL;
}

/* ---- detection ---- */

/*
 * One lookup per word instead of one bsearch per list per word: an
 * open-addressing table over all lists, built on the stack per call (about
 * 1,300 inserts, a few microseconds) the first time a word needs looking up.
 * Keeping it local keeps the module free of mutable globals. The table is at
 * most half full and each slot keeps 16 more hash bits and the length, so a
 * miss, the common case, rarely compares bytes.
 */
struct slot {
    uint16_t entry; /* 0 empty, else (list << 12 | index) + 1 */
    uint16_t tag;   /* more hash bits than those that pick the slot */
    uint16_t lists; /* bit i: stoplists[i] holds the word */
    uint8_t len;    /* of the word, in bytes */
};

struct stop_table {
    struct slot slot[HASH_SIZE];
};

/*
 * Rotate-and-xor per byte (two cheap instructions, not a multiply on the
 * critical path); hash_index() and hash_tag() mix the result once per word.
 */
static uint32_t hash_step(uint32_t h, unsigned char byte)
{
    return (h << 5 | h >> 27) ^ byte;
}

/* Fibonacci hashing: the top bits of the product pick the slot, lower ones tag it. */
static size_t hash_index(uint32_t h)
{
    return (size_t)((h * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - HASH_BITS));
}

static uint16_t hash_tag(uint32_t h)
{
    return (uint16_t)((h * UINT64_C(0x9E3779B97F4A7C15)) >> 32);
}

static const char *entry_word(uint16_t entry)
{
    unsigned packed = (unsigned)entry - 1;
    return stoplists[packed >> 12].words[packed & 0xfff];
}

/* The slot holding `s` (hash `h`), or the empty one where it belongs. */
static struct slot *table_slot(struct stop_table *t, const char *s, size_t len, uint32_t h)
{
    uint16_t tag = hash_tag(h);
    for (size_t i = hash_index(h);; i = (i + 1) & (HASH_SIZE - 1)) {
        struct slot *slot = &t->slot[i];
        if (!slot->entry)
            return slot;
        if (slot->tag == tag && slot->len == len && memcmp(entry_word(slot->entry), s, len) == 0)
            return slot;
    }
}

/* Words longer than WORD_MAX are left out: detection never keeps them whole. */
static void table_build(struct stop_table *t)
{
    memset(t, 0, sizeof(*t));
    for (size_t l = 0; l < NLISTS; l++) {
        for (size_t w = 0; w < stoplists[l].count; w++) {
            const char *word = stoplists[l].words[w];
            uint32_t h = 0;
            size_t len = 0;
            for (; word[len]; len++)
                h = hash_step(h, (unsigned char)word[len]);
            if (len > WORD_MAX)
                continue;
            struct slot *slot = table_slot(t, word, len, h);
            if (!slot->entry) {
                slot->entry = (uint16_t)((l << 12 | w) + 1);
                slot->tag = hash_tag(h);
                slot->len = (uint8_t)len;
            }
            slot->lists |= (uint16_t)(1u << l);
        }
    }
}

enum script {
    SCRIPT_LATIN,
    SCRIPT_GREEK,
    SCRIPT_CYRILLIC,
    SCRIPT_ARMENIAN,
    SCRIPT_HEBREW,
    SCRIPT_ARABIC,
    SCRIPT_DEVANAGARI,
    SCRIPT_TAMIL,
    SCRIPT_OTHER,
    SCRIPT_COUNT
};

/* The language a script alone identifies; NULL for Latin and the rest. */
static const char *const script_language[SCRIPT_COUNT] = {
    [SCRIPT_GREEK] = "el",  [SCRIPT_CYRILLIC] = "ru", [SCRIPT_ARMENIAN] = "hy",
    [SCRIPT_HEBREW] = "he", [SCRIPT_ARABIC] = "ar",   [SCRIPT_DEVANAGARI] = "hi",
    [SCRIPT_TAMIL] = "ta",
};

/* Script of a letter by Unicode block; letters below U+0370 count as Latin. */
static enum script script_of(int32_t cp)
{
    if (cp < 0x0370)
        return SCRIPT_LATIN;
    if (cp < 0x0400)
        return SCRIPT_GREEK;
    if (cp < 0x0530)
        return SCRIPT_CYRILLIC;
    if (cp < 0x0590)
        return SCRIPT_ARMENIAN;
    if (cp < 0x0600)
        return SCRIPT_HEBREW;
    if (cp < 0x0700 || (cp >= 0x0750 && cp < 0x0780) || (cp >= 0x08A0 && cp < 0x0900))
        return SCRIPT_ARABIC;
    if (cp >= 0x0900 && cp < 0x0980)
        return SCRIPT_DEVANAGARI;
    if (cp >= 0x0B80 && cp < 0x0C00)
        return SCRIPT_TAMIL;
    if ((cp >= 0x1C80 && cp < 0x1C90) || (cp >= 0x2DE0 && cp < 0x2E00) ||
        (cp >= 0xA640 && cp < 0xA6A0))
        return SCRIPT_CYRILLIC;
    if (cp >= 0x1F00 && cp < 0x2000)
        return SCRIPT_GREEK;
    if ((cp >= 0x1D00 && cp < 0x1F00) || (cp >= 0x2C60 && cp < 0x2C80) ||
        (cp >= 0xA720 && cp < 0xA800) || (cp >= 0xAB30 && cp < 0xAB70) ||
        (cp >= 0xFB00 && cp < 0xFB07) || (cp >= 0xFF21 && cp < 0xFF5B))
        return SCRIPT_LATIN;
    if (cp >= 0xFB13 && cp < 0xFB18)
        return SCRIPT_ARMENIAN;
    if (cp >= 0xFB1D && cp < 0xFB50)
        return SCRIPT_HEBREW;
    if ((cp >= 0xFB50 && cp < 0xFE00) || (cp >= 0xFE70 && cp < 0xFF00))
        return SCRIPT_ARABIC;
    if (cp >= 0xA8E0 && cp < 0xA900)
        return SCRIPT_DEVANAGARI;
    if (cp >= 0x11FC0 && cp < 0x12000)
        return SCRIPT_TAMIL;
    return SCRIPT_OTHER;
}

#define DETECT_MAX ((size_t)64 * 1024)

/* The word being read: lower-cased, apostrophes as ASCII U+0027. */
struct word {
    char text[WORD_MAX];
    size_t len;            /* bytes kept in text */
    uint32_t hash;         /* of text[0, len) */
    size_t elision;        /* length through the first apostrophe, or 0 */
    uint32_t elision_hash; /* of text[0, elision) */
    bool apostrophe;       /* an apostrophe is pending: kept if a letter follows */
    bool overflow;         /* longer than WORD_MAX: only its elided head can count */
    bool skip;             /* has non-Latin letters: cannot be a stop word */
};

struct detector {
    size_t letters[SCRIPT_COUNT];
    size_t hits[NLISTS];
    bool table_ready;
    struct stop_table table;
};

static void word_start(struct word *w)
{
    w->len = 0;
    w->hash = 0;
    w->elision = 0;
    w->elision_hash = 0;
    w->apostrophe = false;
    w->overflow = false;
    w->skip = false;
}

static void word_byte(struct word *w, char c)
{
    if (w->len == WORD_MAX) {
        w->overflow = true;
        return;
    }
    w->text[w->len++] = c;
    w->hash = hash_step(w->hash, (unsigned char)c);
}

/* A letter follows a pending apostrophe, which thus is internal: keep it. */
static void word_apostrophe(struct word *w)
{
    w->apostrophe = false;
    word_byte(w, '\'');
    if (!w->elision && !w->overflow) {
        w->elision = w->len;
        w->elision_hash = w->hash;
    }
}

/* Appends a lower-cased letter or a combining mark. */
static void word_append(struct word *w, const char *s, size_t n)
{
    if (w->apostrophe)
        word_apostrophe(w);
    for (size_t i = 0; i < n; i++)
        word_byte(w, s[i]);
}

static unsigned table_lists(struct stop_table *t, const char *s, size_t len, uint32_t h)
{
    struct slot *slot = table_slot(t, s, len, h);
    return slot->entry ? slot->lists : 0;
}

/*
 * Counts a finished word against every list. A word with an internal
 * apostrophe is looked up whole ("don't") and, failing that, by its elided
 * head ("l'" of "l'homme", "dell'" of "dell'anno").
 */
static void word_end(struct detector *d, const struct word *w)
{
    if (w->skip)
        return;
    if (!d->table_ready) {
        table_build(&d->table);
        d->table_ready = true;
    }
    unsigned lists = 0;
    if (!w->overflow)
        lists = table_lists(&d->table, w->text, w->len, w->hash);
    if (!lists && w->elision)
        lists = table_lists(&d->table, w->text, w->elision, w->elision_hash);
    for (size_t i = 0; lists; i++, lists >>= 1)
        d->hits[i] += lists & 1u;
}

/*
 * Scripts decide first because they are unambiguous; stop words separate the
 * Latin-script languages, where letters alone say little. Both are gathered
 * in one pass. Runs of ASCII letters, most of a Latin text, take a tight loop
 * that stays clear of utf8proc's property lookups.
 */
const char *seo_lang_detect(const char *text, size_t len)
{
    if (!text || len == 0)
        return "en";
    if (len > DETECT_MAX)
        len = DETECT_MAX;

    struct detector d;
    memset(&d, 0, offsetof(struct detector, table));
    struct word w;
    word_start(&w);
    bool in_word = false;
    const unsigned char *p = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (ascii_letter(c)) {
            if (!in_word) {
                word_start(&w);
                in_word = true;
            }
            if (w.apostrophe)
                word_apostrophe(&w);
            size_t start = i, n = w.len;
            uint32_t h = w.hash;
            do {
                char lower = (char)(p[i] | 0x20);
                if (n < WORD_MAX) {
                    w.text[n++] = lower;
                    h = hash_step(h, (unsigned char)lower);
                } else {
                    w.overflow = true;
                }
                i++;
            } while (i < len && ascii_letter(p[i]));
            w.len = n;
            w.hash = h;
            d.letters[SCRIPT_LATIN] += i - start;
            continue;
        }
        if (c < 0x80) {
            i++;
            if (c == '\'' && in_word && !w.apostrophe) {
                w.apostrophe = true;
            } else if (in_word) {
                word_end(&d, &w);
                in_word = false;
            }
            continue;
        }

        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n < 0) {
            /*
             * Invalid, or a sequence the 64 KiB cut truncated: skip one byte
             * as a separator; at the cut that just ends the text.
             */
            i++;
            if (in_word) {
                word_end(&d, &w);
                in_word = false;
            }
            continue;
        }
        i += (size_t)n;

        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
            enum script s = script_of(cp);
            d.letters[s]++;
            if (!in_word) {
                word_start(&w);
                in_word = true;
            }
            if (s != SCRIPT_LATIN) {
                w.skip = true;
            } else if (!w.skip) {
                utf8proc_uint8_t buf[4];
                utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), buf);
                word_append(&w, (const char *)buf, (size_t)m);
            }
        } else if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME && in_word) {
            if (!w.skip)
                word_append(&w, (const char *)(p + i - n), (size_t)n);
        } else if (cp == 0x2019 && in_word && !w.apostrophe) {
            w.apostrophe = true; /* right single quotation mark as apostrophe */
        } else if (in_word) {
            word_end(&d, &w);
            in_word = false;
        }
    }
    if (in_word)
        word_end(&d, &w);

    size_t total = 0;
    for (size_t s = 0; s < SCRIPT_COUNT; s++)
        total += d.letters[s];
    for (size_t s = 0; s < SCRIPT_COUNT; s++)
        if (script_language[s] && d.letters[s] * 2 > total)
            return script_language[s];

    size_t best = 0, runner_up = 0;
    for (size_t l = 1; l < NLISTS; l++) {
        if (d.hits[l] > d.hits[best]) {
            runner_up = d.hits[best];
            best = l;
        } else if (d.hits[l] > runner_up) {
            runner_up = d.hits[l];
        }
    }
    if (d.hits[best] >= 3 && d.hits[best] > runner_up)
        return stoplists[best].code;
    return "en";
}
