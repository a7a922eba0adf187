#include "lang.h"

#include <libstemmer.h>
#include <utf8proc.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- locales ---- */

static void test_locale_good(void **state)
{
    (void)state;
    static const struct {
        const char *locale, *code;
    } cases[] = {
        {"en", "en"},      {"en-US", "en"}, {"pt_BR", "pt"},       {"de-DE", "de"},
        {"EN-gb", "en"},   {"Fr_ca", "fr"}, {"es-419", "es"},      {"zh-Hant-TW", "zh"},
        {"fil-PH", "fil"}, {"haw", "haw"},  {"sv_SE.UTF-8", "sv"}, {"NB_no", "nb"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char code[4] = "xyz";
        assert_true(seo_lang_from_locale(cases[i].locale, code));
        assert_string_equal(code, cases[i].code);
    }
}

static void test_locale_bad(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",    "e",     "english",  "C",       "POSIX",      "-US",          "_BR", "e1",
        "1en", "en US", "en.UTF-8", "en@euro", "de\xc3\xbc", "\xc3\xa9s-ES", " en", "engl-US",
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        char code[4] = "xyz";
        assert_false(seo_lang_from_locale(cases[i], code));
        assert_string_equal(code, "");
    }
    char code[4] = "xyz";
    assert_false(seo_lang_from_locale(NULL, code));
    assert_string_equal(code, "");
}

/* ---- detection ---- */

static const char english[] =
    "The old lighthouse stands at the edge of the cliff, and it has guided ships through the "
    "narrow strait for more than two hundred years. Every evening the keeper climbs the spiral "
    "staircase to light the lamp, even when the weather is calm. Visitors who come in the summer "
    "can walk up to the gallery and look out over the sea. On a clear day you can see the coast "
    "of the neighbouring island from there.";

static const char german[] =
    "Der alte Leuchtturm steht am Rand der Klippe und führt seit mehr als zweihundert Jahren die "
    "Schiffe durch die enge Meerenge. Jeden Abend steigt der Wärter die Wendeltreppe hinauf, um "
    "die Lampe anzuzünden, auch wenn das Wetter ruhig ist. Besucher, die im Sommer kommen, "
    "können bis zur Galerie hinaufgehen und über das Meer blicken. An einem klaren Tag sieht man "
    "von dort aus die Küste der Nachbarinsel.";

static const char french[] =
    "Le vieux phare se dresse au bord de la falaise et guide les navires à travers le détroit "
    "depuis plus de deux cents ans. Chaque soir, le gardien monte l’escalier en colimaçon pour "
    "allumer la lampe, même quand la mer est calme. Les visiteurs qui viennent en été peuvent "
    "monter jusqu’à la galerie et regarder la mer. Par temps clair, on aperçoit d'ici la côte de "
    "l'île voisine.";

static const char spanish[] =
    "El viejo faro se alza al borde del acantilado y guía a los barcos por el estrecho desde "
    "hace más de doscientos años. Cada tarde, el farero sube por la escalera de caracol para "
    "encender la lámpara, aunque el mar esté en calma. Los visitantes que llegan en verano "
    "pueden subir hasta la galería y contemplar el mar. En un día despejado se ve desde allí la "
    "costa de la isla vecina.";

static const char italian[] =
    "Il vecchio faro si trova sul bordo della scogliera e da più di duecento anni guida le navi "
    "attraverso lo stretto. Ogni sera il guardiano sale la scala a chiocciola per accendere la "
    "lampada, anche quando il mare è calmo. I visitatori che arrivano d'estate possono salire "
    "fino alla galleria e guardare il mare. Nelle giornate limpide da lassù si vede la costa "
    "dell'isola vicina.";

static const char portuguese[] =
    "O velho farol ergue-se à beira da falésia e guia os navios pelo estreito há mais de "
    "duzentos anos. Todas as noites, o faroleiro sobe a escada em caracol para acender a "
    "lâmpada, mesmo quando o mar está calmo. Os visitantes que chegam no verão podem subir até à "
    "galeria e olhar para o mar. Num dia limpo, vê-se dali a costa da ilha vizinha, que não fica "
    "muito longe.";

static const char dutch[] =
    "De oude vuurtoren staat aan de rand van de klif en wijst de schepen al meer dan tweehonderd "
    "jaar de weg door de smalle zeestraat. Elke avond klimt de wachter de wenteltrap op om de "
    "lamp aan te steken, ook als het weer rustig is. Bezoekers die in de zomer komen, kunnen "
    "naar de galerij lopen en over de zee kijken. Op een heldere dag zie je van daaruit de kust "
    "van het naburige eiland.";

static const char swedish[] =
    "Den gamla fyren står vid kanten av klippan och har väglett fartygen genom det smala sundet "
    "i mer än tvåhundra år. Varje kväll går fyrvaktaren uppför spiraltrappan för att tända "
    "lampan, även när vädret är lugnt. Besökare som kommer på sommaren kan gå upp till "
    "galleriet och titta ut över havet. En klar dag kan man därifrån se kusten på grannön.";

static const char danish[] =
    "Det gamle fyrtårn står på kanten af klippen og har vist skibene vej gennem det smalle sund "
    "i mere end to hundrede år. Hver aften går fyrpasseren op ad vindeltrappen for at tænde "
    "lampen, også når vejret er roligt. Besøgende, der kommer om sommeren, kan gå op til "
    "galleriet og se ud over havet. På en klar dag kan man derfra se kysten af naboøen.";

static const char norwegian[] =
    "Det gamle fyret står på kanten av stupet og har vist skipene vei gjennom det smale sundet i "
    "mer enn to hundre år. Hver kveld går fyrvokteren opp vindeltrappen for å tenne lampen, "
    "også når været er rolig. Besøkende som kommer om sommeren, kan gå opp til galleriet og se "
    "ut over havet. En klar dag kan man se kysten av naboøya derfra.";

static const char finnish[] =
    "Vanha majakka seisoo kallion reunalla, ja se on ohjannut laivoja kapean salmen läpi yli "
    "kahdensadan vuoden ajan. Joka ilta vartija kiipeää kierreportaita ylös ja sytyttää lampun, "
    "vaikka meri olisi tyyni. Kesällä tulevat vierailijat voivat nousta parvelle, ja sieltä "
    "näkee myös naapurisaaren rannan, kun sää on kirkas.";

static const char russian[] =
    "Старый маяк стоит на краю скалы и уже более двухсот лет указывает кораблям путь через "
    "узкий пролив. Каждый вечер смотритель поднимается по винтовой лестнице, чтобы зажечь "
    "лампу, даже когда море спокойно. Посетители, которые приезжают летом, могут подняться на "
    "галерею и посмотреть на море. В ясный день оттуда видно побережье соседнего острова.";

static const char greek[] =
    "Ο παλιός φάρος στέκεται στην άκρη του γκρεμού και οδηγεί τα πλοία μέσα από το στενό "
    "πορθμό για περισσότερα από διακόσια χρόνια. Κάθε βράδυ ο φύλακας ανεβαίνει τη "
    "στριφογυριστή σκάλα για να ανάψει τη λάμπα, ακόμη και όταν η θάλασσα είναι ήρεμη. Οι "
    "επισκέπτες που έρχονται το καλοκαίρι μπορούν να ανέβουν στη στοά και να κοιτάξουν τη "
    "θάλασσα. Μια καθαρή μέρα φαίνεται από εκεί η ακτή του γειτονικού νησιού.";

static const char *detect(const char *s)
{
    return seo_lang_detect(s, strlen(s));
}

static void test_detect_latin(void **state)
{
    (void)state;
    assert_string_equal(detect(english), "en");
    assert_string_equal(detect(german), "de");
    assert_string_equal(detect(french), "fr");
    assert_string_equal(detect(spanish), "es");
    assert_string_equal(detect(italian), "it");
    assert_string_equal(detect(portuguese), "pt");
    assert_string_equal(detect(dutch), "nl");
    assert_string_equal(detect(swedish), "sv");
    assert_string_equal(detect(danish), "da");
    assert_string_equal(detect(norwegian), "no");
    assert_string_equal(detect(finnish), "fi");
}

static void test_detect_script(void **state)
{
    (void)state;
    assert_string_equal(detect(russian), "ru");
    assert_string_equal(detect(greek), "el");
    assert_string_equal(detect("تقف المنارة القديمة على حافة الجرف وتهدي السفن عبر المضيق."), "ar");
    assert_string_equal(detect("המגדלור הישן עומד על שפת הצוק ומנחה ספינות במשך מאות שנים."), "he");
    assert_string_equal(detect("पुराना प्रकाशस्तंभ चट्टान के किनारे खड़ा है और जहाज़ों को रास्ता दिखाता है।"),
                        "hi");
    assert_string_equal(detect("Հին փարոսը կանգնած է ժայռի եզրին։"), "hy");
    assert_string_equal(detect("பழைய கலங்கரை விளக்கம் பாறையின் விளிம்பில் நிற்கிறது."), "ta");
    /* Upper-case Greek is still Greek. */
    assert_string_equal(detect("ΚΑΛΗΜΕΡΑ ΚΟΣΜΕ"), "el");
}

static void test_detect_mixed_script(void **state)
{
    (void)state;
    /* A few Cyrillic words in an English sentence: Latin letters dominate. */
    assert_string_equal(detect("The Russian word \"спасибо\" means thank you, and it is one of the "
                               "first words that people learn when they visit Moscow."),
                        "en");
    /* Half the letters is not more than half: falls through to stop words. */
    assert_string_equal(detect("abcd где"), "en");
    /* Digits and punctuation are no letters. */
    assert_string_equal(detect("Москва 2024!!! — 12345, 67890."), "ru");
}

static void test_detect_short(void **state)
{
    (void)state;
    assert_string_equal(seo_lang_detect(NULL, 0), "en");
    assert_string_equal(seo_lang_detect("", 0), "en");
    assert_string_equal(seo_lang_detect(german, 0), "en");
    assert_string_equal(detect("Hallo"), "en");
    assert_string_equal(detect("Le chat"), "en");
    assert_string_equal(detect("die Katze"), "en");
    assert_string_equal(detect("1234 !!! ... 5678"), "en");
    assert_string_equal(detect("   \n\t  "), "en");
    /* Three hits suffice; a tie (de and nl share "die", "in") does not. */
    assert_string_equal(detect("Der Hund und die Katze"), "de");
    assert_string_equal(detect("die in"), "en");
    /* A prefix of a German paragraph: length is honoured. */
    assert_string_equal(seo_lang_detect(german, 9), "en");
}

static void test_detect_apostrophes(void **state)
{
    (void)state;
    /* Elided heads count, with ASCII and typographic apostrophes alike. */
    assert_string_equal(detect("qu'il, qu'elle, qu'on"), "fr");
    assert_string_equal(detect("qu’il, qu’elle, qu’on"), "fr");
    /* English contractions are whole words. */
    assert_string_equal(detect("don’t, won't, isn’t"), "en");
    /* Leading, trailing and doubled apostrophes split words. */
    assert_string_equal(detect("'und' 'oder' ''aber''"), "de");
}

static void test_detect_invalid_utf8(void **state)
{
    (void)state;
    /* An invalid byte is a separator, not the end of the text. */
    char buf[sizeof german + 8];
    buf[0] = '\xff';
    buf[1] = '\x80';
    buf[2] = '\xc3'; /* lead byte followed by ASCII */
    memcpy(buf + 3, german, sizeof german);
    assert_string_equal(detect(buf), "de");

    /* A sequence truncated by `len` is not read past (ASan checks). */
    const char text[] = "Das ist für dich und mich f\xc3\xbcr";
    size_t n = sizeof text - 2;
    char *exact = malloc(n);
    assert_non_null(exact);
    memcpy(exact, text, n);
    assert_string_equal(seo_lang_detect(exact, n), "de");
    free(exact);
}

/* Fills `out` with copies of `para` separated by spaces, up to exactly `n` bytes. */
static void fill(char *out, size_t n, const char *para)
{
    size_t plen = strlen(para), i = 0;
    while (i < n) {
        size_t take = plen + 1 <= n - i ? plen : n - i;
        memcpy(out + i, para, take);
        i += take;
        if (i < n)
            out[i++] = ' ';
    }
}

static void test_detect_reads_64k(void **state)
{
    (void)state;
    const size_t cut = 64 * 1024;
    const size_t total = 3 * cut;
    char *text = malloc(total);
    assert_non_null(text);

    /* German up to the cut, Greek after it: only the German is read. */
    fill(text, cut, german);
    fill(text + cut, total - cut, greek);
    assert_string_equal(seo_lang_detect(text, total), "de");
    /* A Greek letter straddling the cut, Greek after it: still only German. */
    fill(text, cut - 1, german);
    text[cut - 1] = '\xce'; /* "α" split by the cut */
    text[cut] = '\xb1';
    fill(text + cut + 1, total - cut - 1, greek);
    assert_string_equal(seo_lang_detect(text, total), "de");

    /* A mostly Greek head wins even though most of the text is German. */
    fill(text, cut, greek);
    fill(text + cut, total - cut, german);
    assert_string_equal(seo_lang_detect(text, total), "el");
    free(text);
}

/* ---- stemmers ---- */

static void test_stemmer(void **state)
{
    (void)state;
    static const struct {
        const char *code, *algorithm;
    } cases[] = {
        {"ar", "arabic"},     {"hy", "armenian"},   {"eu", "basque"},    {"ca", "catalan"},
        {"da", "danish"},     {"nl", "dutch"},      {"en", "english"},   {"fi", "finnish"},
        {"fr", "french"},     {"de", "german"},     {"el", "greek"},     {"hi", "hindi"},
        {"hu", "hungarian"},  {"id", "indonesian"}, {"ga", "irish"},     {"it", "italian"},
        {"lt", "lithuanian"}, {"ne", "nepali"},     {"no", "norwegian"}, {"nb", "norwegian"},
        {"nn", "norwegian"},  {"pt", "portuguese"}, {"ro", "romanian"},  {"ru", "russian"},
        {"sr", "serbian"},    {"es", "spanish"},    {"sv", "swedish"},   {"ta", "tamil"},
        {"tr", "turkish"},    {"yi", "yiddish"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        const char *name = seo_lang_stemmer(cases[i].code);
        assert_non_null(name);
        assert_string_equal(name, cases[i].algorithm);
        /* The name must be one the linked libstemmer actually offers. */
        struct sb_stemmer *stemmer = sb_stemmer_new(name, "UTF_8");
        assert_non_null(stemmer);
        sb_stemmer_delete(stemmer);
    }
    static const char *const none[] = {"he", "zh", "ja", "pl", "xx", "", "e", "eng", "english"};
    for (size_t i = 0; i < COUNT(none); i++)
        assert_null(seo_lang_stemmer(none[i]));
    assert_null(seo_lang_stemmer(NULL));
}

/* ---- stop words ---- */

static bool stop(const char *code, const char *word)
{
    return seo_lang_is_stopword(code, word, strlen(word));
}

static void test_stopword_hits(void **state)
{
    (void)state;
    assert_true(stop("en", "the"));
    assert_true(stop("en", "a"));
    assert_true(stop("en", "yourselves"));
    assert_true(stop("en", "don't"));
    assert_true(stop("de", "für"));
    assert_true(stop("de", "über"));
    assert_true(stop("de", "während"));
    assert_true(stop("fr", "à"));
    assert_true(stop("fr", "où"));
    assert_true(stop("fr", "être"));
    assert_true(stop("fr", "l'"));
    assert_true(stop("es", "él"));
    assert_true(stop("es", "también"));
    assert_true(stop("it", "perché"));
    assert_true(stop("it", "dell'"));
    assert_true(stop("pt", "não"));
    assert_true(stop("pt", "à"));
    assert_true(stop("nl", "het"));
    assert_true(stop("sv", "och"));
    assert_true(stop("sv", "för"));
    assert_true(stop("da", "også"));
    assert_true(stop("no", "å"));
    assert_true(stop("nb", "ikke"));
    assert_true(stop("nn", "ikkje"));
    assert_true(stop("fi", "että"));
    /* Only `len` bytes are the word. */
    assert_true(seo_lang_is_stopword("en", "theory", 3));
    assert_true(seo_lang_is_stopword("de", "für alle", strlen("für")));
}

static void test_stopword_misses(void **state)
{
    (void)state;
    assert_false(stop("en", "house"));
    assert_false(stop("en", "th"));
    assert_false(stop("en", "thee"));
    assert_false(stop("en", "The")); /* callers lower-case first */
    assert_false(stop("en", "für"));
    assert_false(stop("en", "zzz"));
    assert_false(stop("en", "\xc3"));
    assert_false(stop("de", "fur"));
    assert_false(stop("de", "the"));
    assert_false(stop("fr", "a\xcc\x80")); /* decomposed "à" */
    assert_false(stop("fr", "l"));
    assert_false(stop("pt", "nao"));
    assert_false(stop("fi", "etta"));
    assert_false(stop("xx", "the"));
    assert_false(stop("ru", "и"));
    assert_false(stop("", "the"));
    assert_false(stop(NULL, "the"));
    assert_false(seo_lang_is_stopword("en", NULL, 0));
    assert_false(seo_lang_is_stopword("en", "", 0));
    assert_false(seo_lang_is_stopword("en", "the", 0));
    assert_false(seo_lang_is_stopword("en", "a\0b", 3));
    assert_false(seo_lang_is_stopword("en", "i\0", 2));
}

/* True when `s` is valid UTF-8 that lower-casing leaves unchanged. */
static bool valid_lower(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(s);
    while (len > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, len, &cp);
        if (n <= 0 || utf8proc_tolower(cp) != cp)
            return false;
        p += n;
        len -= n;
    }
    return true;
}

static void test_stoplists_sorted(void **state)
{
    (void)state;
    static const char *const expected[] = {"en", "de", "fr", "es", "it", "pt",
                                           "nl", "sv", "da", "no", "fi"};
    size_t seen = 0;
    const char *code;
    size_t count;
    for (size_t i = 0; seo_lang_stoplist_at(i, &code, &count); i++) {
        const char *const *words = seo_lang_stoplist_at(i, &code, &count);
        assert_true(count >= (strcmp(code, "en") == 0 ? 170u : 60u));
        for (size_t w = 0; w < count; w++) {
            assert_true(words[w][0] != '\0');
            assert_true(valid_lower(words[w]));
            /* Strictly increasing: sorted and free of duplicates. */
            if (w > 0 && strcmp(words[w - 1], words[w]) >= 0)
                fail_msg("%s: \"%s\" must sort before \"%s\"", code, words[w - 1], words[w]);
            assert_true(stop(code, words[w]));
        }
        for (size_t e = 0; e < COUNT(expected); e++)
            if (strcmp(code, expected[e]) == 0)
                seen |= (size_t)1 << e;
    }
    assert_int_equal(seen, ((size_t)1 << COUNT(expected)) - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locale_good),         cmocka_unit_test(test_locale_bad),
        cmocka_unit_test(test_detect_latin),        cmocka_unit_test(test_detect_script),
        cmocka_unit_test(test_detect_mixed_script), cmocka_unit_test(test_detect_short),
        cmocka_unit_test(test_detect_apostrophes),  cmocka_unit_test(test_detect_invalid_utf8),
        cmocka_unit_test(test_detect_reads_64k),    cmocka_unit_test(test_stemmer),
        cmocka_unit_test(test_stopword_hits),       cmocka_unit_test(test_stopword_misses),
        cmocka_unit_test(test_stoplists_sorted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
