#include "lang.h"

#include <utf8proc.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Stop words (function words: articles, pronouns, prepositions, conjunctions,
 * auxiliary verbs, common adverbs), lower-case UTF-8 in NFC. French,
 * Italian and Catalan also list their elided forms ("l'", "dell'"), English
 * a few contractions ("don't"); the apostrophe is always ASCII U+0027.
 * Romanian lists its most frequent words in both spellings of ș and ț
 * (comma below, and the cedilla of older keyboards). The lists after
 * Finnish (Hungarian to Irish) are short: the high-frequency words that
 * tell the language apart and keep them out of focus keywords.
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

static const char *const stop_hu[] = {
    "a",     "aki",    "akik",   "akkor",   "alatt",    "amely",   "amelyek", "ami",  "amikor",
    "amit",  "amíg",   "az",     "azok",    "azonban",  "azt",     "be",      "bár",  "csak",
    "de",    "egy",    "egyik",  "el",      "előtt",    "ez",      "ezek",    "ezt",  "ezért",
    "fel",   "ha",     "hanem",  "hogy",    "hol",      "illetve", "ilyen",   "is",   "itt",
    "kell",  "ki",     "között", "le",      "lehet",    "lesz",    "majd",    "meg",  "mellett",
    "mert",  "mi",     "miatt",  "minden",  "mindig",   "mint",    "mit",     "már",  "másik",
    "még",   "nagyon", "nem",    "nincs",   "néhány",   "nélkül",  "olyan",   "ott",  "pedig",
    "sem",   "sok",    "sokkal", "szerint", "szintén",  "te",      "ti",      "több", "ugyanis",
    "után",  "vagy",   "vagyok", "vagyunk", "valamint", "van",     "vannak",  "volt", "voltak",
    "által", "én",     "és",     "így",     "úgy",      "ő",       "ők"};

static const char *const stop_ro[] = {
    "a",      "acea",  "această", "aceea", "acel", "acest", "acesta", "aceste", "aceşti", "acești",
    "acolo",  "ai",    "aici",    "al",    "ale",  "am",    "ar",     "astfel", "atunci", "au",
    "ca",     "care",  "ce",      "cea",   "cei",  "cel",   "cele",   "chiar",  "cu",     "cum",
    "când",   "că",    "dacă",    "dar",   "de",   "deci",  "deja",   "despre", "din",    "doar",
    "după",   "ea",    "ei",      "el",    "ele",  "era",   "este",   "eu",     "fi",     "fie",
    "foarte", "fost",  "fără",    "iar",   "la",   "le",    "lor",    "lui",    "mai",    "ne",
    "nici",   "noi",   "nu",      "o",     "ori",  "pe",    "pentru", "prin",   "până",   "sa",
    "sau",    "se",    "spre",    "sub",   "sunt", "său",   "toate",  "tot",    "toţi",   "toți",
    "tu",     "un",    "unei",    "unor",  "unui", "voi",   "vă",     "îi",     "în",     "încă",
    "însă",   "între", "îşi",     "își",   "şi",   "și"};

static const char *const stop_tr[] = {
    "ama",   "ancak",  "artık",  "aynı",  "bazı",   "başka", "ben",   "bile",  "bir",   "biz",
    "bu",    "buna",   "bunu",   "bunun", "bütün",  "da",    "daha",  "de",    "değil", "diye",
    "en",    "eğer",   "gibi",   "göre",  "hem",    "her",   "hiç",   "ile",   "ise",   "için",
    "kadar", "kendi",  "ki",     "mi",    "mu",     "mü",    "mı",    "nasıl", "ne",    "neden",
    "o",     "olan",   "olarak", "oldu",  "olduğu", "olmak", "olur",  "ona",   "onlar", "onu",
    "onun",  "sadece", "sen",    "siz",   "sonra",  "tüm",   "var",   "ve",    "veya",  "ya",
    "yani",  "yok",    "zaten",  "çok",   "çünkü",  "önce",  "üzere", "şey",   "şimdi", "şu"};

static const char *const stop_pl[] = {
    "a",       "aby",   "ale",   "bardzo", "bez",       "bo",       "by",    "być",    "był",
    "była",    "było",  "co",    "czy",    "dla",       "do",       "gdy",   "gdzie",  "i",
    "ich",     "ja",    "jak",   "jako",   "jednak",    "jego",     "jej",   "jest",   "jeszcze",
    "już",     "kiedy", "która", "które",  "który",     "którzy",   "lub",   "między", "mnie",
    "może",    "my",    "na",    "nad",    "nie",       "o",        "od",    "on",     "ona",
    "one",     "oni",   "ono",   "oraz",   "po",        "pod",      "przed", "przez",  "przy",
    "również", "się",   "sobie", "są",     "ta",        "tak",      "także", "tam",    "te",
    "tego",    "tej",   "ten",   "też",    "to",        "tu",       "ty",    "tylko",  "tym",
    "u",       "w",     "we",    "więc",   "wszystkie", "wszystko", "wy",    "z",      "za",
    "ze",      "że",    "żeby"};

static const char *const stop_ca[] = {
    "a",       "al",     "als",   "amb",  "aquell", "aquella", "aquest", "aquesta", "aquestes",
    "aquests", "com",    "d'",    "de",   "del",    "dels",    "el",     "els",     "en",
    "ens",     "entre",  "era",   "es",   "estan",  "està",    "fer",    "fins",    "ha",
    "han",     "hi",     "ho",    "i",    "ja",     "l'",      "la",     "les",     "li",
    "mateix",  "molt",   "més",   "ni",   "no",     "o",       "on",     "pel",     "pels",
    "per",     "perquè", "però",  "quan", "que",    "s'",      "sense",  "ser",     "seu",
    "seus",    "seva",   "seves", "si",   "sobre",  "són",     "també",  "tot",     "totes",
    "tots",    "un",     "una",   "unes", "uns",    "és"};

static const char *const stop_id[] = {
    "ada",      "adalah",   "agar",  "akan",    "anda",    "antara", "atau",   "bahwa", "banyak",
    "belum",    "bisa",     "dalam", "dan",     "dapat",   "dari",   "dengan", "di",    "dia",
    "hal",      "hanya",    "harus", "ia",      "ini",     "itu",    "jika",   "juga",  "kalau",
    "kami",     "karena",   "ke",    "ketika",  "kita",    "lain",   "lebih",  "masih", "mereka",
    "namun",    "oleh",     "pada",  "para",    "pun",     "saat",   "sangat", "saya",  "sebagai",
    "secara",   "sehingga", "semua", "seperti", "setelah", "sudah",  "tapi",   "telah", "tentang",
    "tersebut", "tetapi",   "tidak", "untuk",   "yang"};

static const char *const stop_lt[] = {
    "apie",   "ar",     "arba",   "aš",    "be",   "bet",   "bus", "buvo",  "dar",
    "dėl",    "gali",   "iki",    "ir",    "iš",   "jau",   "jei", "jeigu", "ji",
    "jie",    "jis",    "jo",     "jos",   "jūs",  "kad",   "kai", "kaip",  "kuri",
    "kurie",  "kurios", "kuris",  "labai", "mes",  "ne",    "nes", "net",   "nuo",
    "nėra",   "o",      "per",    "po",    "prie", "savo",  "su",  "ta",    "tai",
    "taip",   "tas",    "tačiau", "ten",   "tik",  "todėl", "tu",  "už",    "visi",
    "viskas", "visos",  "yra",    "čia",   "į",    "ši",    "šis"};

static const char *const stop_eu[] = {
    "arte",    "asko",   "bai",     "baina",  "baino",    "baita",  "bat",     "batzuk",   "behar",
    "bere",    "beste",  "beti",    "bezala", "da",       "dago",   "daiteke", "daitezke", "daude",
    "dela",    "den",    "dezake",  "dira",   "direla",   "diren",  "ditu",    "dituzte",  "du",
    "duela",   "duen",   "dute",    "duten",  "edo",      "egin",   "ere",     "eta",      "ez",
    "ezta",    "gabe",   "gehiago", "gero",   "gu",       "guztia", "guztiak", "haiek",    "hain",
    "hainbat", "han",    "hau",     "hauek",  "hemen",    "hori",   "horiek",  "hura",     "inoiz",
    "izan",    "izango", "ni",      "nola",   "non",      "nor",    "ondoren", "orain",    "oso",
    "zaio",    "zela",   "zen",     "zer",    "zergatik", "ziren",  "zituen",  "zu",       "zuela",
    "zuen",    "zuten"};

static const char *const stop_ga[] = {
    "a",    "ach",   "ag",     "agus", "an",   "anseo",   "ansin", "aon",   "ar",   "as",
    "atá",  "beidh", "bhfuil", "bhur", "bhí",  "cad",     "chun",  "conas", "cá",   "cén",
    "de",   "do",    "dá",     "eile", "faoi", "freisin", "gach",  "gan",   "go",   "gur",
    "i",    "is",    "le",     "leis", "mar",  "mo",      "muid",  "má",    "mé",   "na",
    "nach", "nuair", "ní",     "níos", "nó",   "raibh",   "seo",   "siad",  "sibh", "sin",
    "sé",   "sí",    "tá",     "tú",   "ár",   "ó"};

struct stoplist {
    const char *code;
    const char *const *words;
    size_t count;
    /*
     * The letters beyond ASCII that the language writes, lower case. A text
     * with more than a few others (Czech ř ě ů read against Polish, Estonian
     * õ against Finnish) is in another language that shares stop words.
     */
    const char *letters;
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A list's index here is its bit in the detector's masks. */
static const struct stoplist stoplists[] = {
    {"en", stop_en, COUNT(stop_en), ""},
    {"de", stop_de, COUNT(stop_de), "äöüß"},
    {"fr", stop_fr, COUNT(stop_fr), "àâæçéèêëîïôœùûüÿ"},
    {"es", stop_es, COUNT(stop_es), "áéíñóúü"},
    {"it", stop_it, COUNT(stop_it), "àèéìíîòóùú"},
    {"pt", stop_pt, COUNT(stop_pt), "áâãàçéêíóôõúü"},
    {"nl", stop_nl, COUNT(stop_nl), "éëïöüèáĳ"},
    {"sv", stop_sv, COUNT(stop_sv), "åäöé"},
    {"da", stop_da, COUNT(stop_da), "æøåé"},
    {"no", stop_no, COUNT(stop_no), "æøåéóòô"},
    {"fi", stop_fi, COUNT(stop_fi), "äöåšž"},
    {"hu", stop_hu, COUNT(stop_hu), "áéíóöőúüű"},
    {"ro", stop_ro, COUNT(stop_ro), "ăâîșțşţ"},
    {"tr", stop_tr, COUNT(stop_tr), "çğıöşüâîû"},
    {"pl", stop_pl, COUNT(stop_pl), "ąćęłńóśźż"},
    {"ca", stop_ca, COUNT(stop_ca), "àèéíïòóúüç"},
    {"id", stop_id, COUNT(stop_id), ""},
    {"lt", stop_lt, COUNT(stop_lt), "ąčęėįšųūž"},
    {"eu", stop_eu, COUNT(stop_eu), "ñ"},
    {"ga", stop_ga, COUNT(stop_ga), "áéíóú"},
};

enum { NLISTS = COUNT(stoplists) };

/*
 * Detection looks a word up in every list at once through a hash table whose
 * slots name one list entry holding the word and carry a bit mask of all the
 * lists holding it. Words that several lists share ("a", "de", "la") take one
 * slot: the 2,090 entries are 1,637 distinct words, 40 % of the table. Keep
 * TOTAL_STOPWORDS in step with stoplists.
 */
#define TOTAL_STOPWORDS                                                                            \
    (COUNT(stop_en) + COUNT(stop_de) + COUNT(stop_fr) + COUNT(stop_es) + COUNT(stop_it) +          \
     COUNT(stop_pt) + COUNT(stop_nl) + COUNT(stop_sv) + COUNT(stop_da) + COUNT(stop_no) +          \
     COUNT(stop_fi) + COUNT(stop_hu) + COUNT(stop_ro) + COUNT(stop_tr) + COUNT(stop_pl) +          \
     COUNT(stop_ca) + COUNT(stop_id) + COUNT(stop_lt) + COUNT(stop_eu) + COUNT(stop_ga))
#define HASH_BITS 12
#define HASH_SIZE (1u << HASH_BITS)
#define WORD_MAX 32 /* bytes of a word detection keeps */
_Static_assert(NLISTS <= 32, "list masks are 32 bits");
_Static_assert(TOTAL_STOPWORDS <= HASH_SIZE * 3 / 4 && TOTAL_STOPWORDS < 65536,
               "grow HASH_SIZE: under half of it may hold distinct words (test_lang checks)");

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
 * 2,100 inserts, a few microseconds) the first time a word needs looking up.
 * Keeping it local keeps the module free of mutable globals. The table is
 * less than half full and each slot keeps 16 more hash bits and the length,
 * so a miss, the common case, rarely compares bytes.
 */
struct slot {
    uint32_t lists; /* bit i: stoplists[i] holds the word; 0: the slot is empty */
    uint16_t tag;   /* more hash bits than those that pick the slot */
    uint16_t index; /* the word is stoplists[list].words[index] */
    uint8_t list;
    uint8_t len; /* of the word, in bytes */
    bool seen;   /* the text has the word (detection counts distinct words too) */
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

/* The slot holding `s` (hash `h`), or the empty one where it belongs. */
static struct slot *table_slot(struct stop_table *t, const char *s, size_t len, uint32_t h)
{
    uint16_t tag = hash_tag(h);
    for (size_t i = hash_index(h);; i = (i + 1) & (HASH_SIZE - 1)) {
        struct slot *slot = &t->slot[i];
        if (!slot->lists)
            return slot;
        if (slot->tag == tag && slot->len == len &&
            memcmp(stoplists[slot->list].words[slot->index], s, len) == 0)
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
            if (!slot->lists) {
                slot->list = (uint8_t)l;
                slot->index = (uint16_t)w;
                slot->tag = hash_tag(h);
                slot->len = (uint8_t)len;
            }
            slot->lists |= UINT32_C(1) << l;
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

/* Latin letters beyond ASCII that detection tells apart: U+00C0 to U+024F. */
#define LATIN_FIRST 0x00C0
#define LATIN_LAST 0x024F

struct detector {
    size_t letters[SCRIPT_COUNT];
    size_t words;                               /* Latin words read */
    size_t latin[LATIN_LAST - LATIN_FIRST + 1]; /* lower-cased letters seen, each */
    size_t latin_other;                         /* Latin letters past U+024F (ạ, ŵ) */
    size_t hits[NLISTS];                        /* the text's words on each list */
    size_t distinct[NLISTS];                    /* distinct ones */
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

/*
 * Counts a finished word against every list. A word with an internal
 * apostrophe is looked up whole ("don't") and, failing that, by its elided
 * head ("l'" of "l'homme", "dell'" of "dell'anno").
 */
static void word_end(struct detector *d, const struct word *w)
{
    if (w->skip)
        return;
    d->words++;
    if (!d->table_ready) {
        table_build(&d->table);
        d->table_ready = true;
    }
    struct slot *slot = NULL;
    if (!w->overflow)
        slot = table_slot(&d->table, w->text, w->len, w->hash);
    if ((!slot || !slot->lists) && w->elision)
        slot = table_slot(&d->table, w->text, w->elision, w->elision_hash);
    if (!slot || !slot->lists)
        return;
    uint32_t lists = slot->lists;
    for (size_t i = 0; lists; i++, lists >>= 1) {
        d->hits[i] += lists & 1u;
        d->distinct[i] += lists & !slot->seen;
    }
    slot->seen = true;
}

/*
 * A language's stop words are a fifth to a half of its running text (Turkish
 * and Finnish, which fold function words into endings, the least); a text in
 * a language without a list meets another's in fewer than one word in ten,
 * and then mostly the same one or two words over and over (Swahili's "ya"
 * and "ni" are Spanish stop words): the best list needs 3 distinct words.
 */
#define MIN_COVER 12 /* % of the words */
/*
 * Letters the best list's language does not write: Czech read as Polish
 * has 17 % of them, Estonian read as Finnish 1.4 to 3 %. They count against
 * weaker stop-word evidence only: with 30 % of its words on a list (which
 * no text in a language without one reached: 24 % at best, Czech read as
 * French), a text is in that language even when it names Łódź or São Paulo.
 */
#define MAX_FOREIGN 1   /* % of the Latin letters */
#define STRONG_COVER 30 /* % of the words */

/* The text's Latin letters beyond ASCII that are not among `letters` (UTF-8). */
static size_t foreign_letters(const struct detector *d, const char *letters)
{
    size_t n = d->latin_other;
    for (size_t i = 0; i < COUNT(d->latin); i++)
        n += d->latin[i];
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)letters;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k;
    while (*p && (k = utf8proc_iterate(p, -1, &cp)) > 0) {
        if (cp >= LATIN_FIRST && cp <= LATIN_LAST)
            n -= d->latin[cp - LATIN_FIRST];
        p += k;
    }
    return n;
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
        return NULL;
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
            } else {
                utf8proc_int32_t lower = utf8proc_tolower(cp);
                if (lower >= LATIN_FIRST && lower <= LATIN_LAST)
                    d.latin[lower - LATIN_FIRST]++;
                else if (lower >= 0x1E00 && lower < 0x1F00)
                    d.latin_other++;
                if (!w.skip) {
                    utf8proc_uint8_t buf[4];
                    utf8proc_ssize_t m = utf8proc_encode_char(lower, buf);
                    word_append(&w, (const char *)buf, (size_t)m);
                }
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
    size_t hits = d.hits[best];
    if (d.distinct[best] < 3 || hits == runner_up || 100 * hits < MIN_COVER * d.words)
        return NULL;
    if (100 * hits < STRONG_COVER * d.words &&
        100 * foreign_letters(&d, stoplists[best].letters) > MAX_FOREIGN * d.letters[SCRIPT_LATIN])
        return NULL;
    return stoplists[best].code;
}
