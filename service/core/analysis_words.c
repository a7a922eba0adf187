#include "analysis_words.h"

#include <string.h>

/* The tables are packed by hand: clang-format would give each entry a line. */
// clang-format off

/*
 * Transition words, Yoast SEO's lists (yoastseo 3.6.0 languages/<code>/config:
 * single words, multi-word transitions, two-part transitions, first-word
 * exceptions), so a sentence counts here when it counts in Yoast. Written as
 * the word iterator reads them: lower case, ’ as ', periods and commas as
 * word breaks; duplicates dropped.
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

static const char *const fr_transitions[] = {
    "afin d'attirer l'attention sur", "afin de", "afin que", "ainsi", "ainsi donc", "ainsi que",
    "alors", "alors que", "antérieurement", "après cela", "après que", "après quoi",
    "après réflexion", "après tout", "attendu que", "au cas où", "au contraire", "au fond",
    "au fur et à mesure", "au lieu de", "au moment où", "au moyen de", "au même temps",
    "au point que", "au risque de", "au surplus", "au total", "aussi", "aussi bien que",
    "aussitôt que", "autant que", "autrement dit", "avant que", "avant tout", "ayant fini",
    "bien que", "c'est ainsi que", "c'est dans ce but que", "c'est dire",
    "c'est la raison pour laquelle", "c'est le cas de", "c'est pourquoi", "c'est qu'en effet",
    "c'est à dire que", "c'est-à-dire", "car", "cela dit", "cela étant", "cependant",
    "cependant que", "certainement", "certes", "comme l'illustre", "comme le souligne",
    "comme on pouvait s'y attendre", "comme quoi", "comme si", "commençons par examiner",
    "comparativement à", "compte tenu", "conformément à", "considérons par exemple",
    "conséquemment", "contrairement à", "d'abord", "d'ailleurs", "d'après", "d'autant plus",
    "d'autant que", "d'autre part", "d'ici là", "d'ores et déjà", "d'où", "d'un autre côté",
    "d'un côté", "d'une façon générale", "dans ce cas", "dans ces conditions", "dans cet esprit",
    "dans l'ensemble", "dans l'hypothèse où", "dans l'état actuel des choses",
    "dans l'éventualité où", "dans la mesure où", "dans le but de", "dans le cadre de",
    "dans le cas où", "dans les circonstances actuelles", "dans les grandes lignes",
    "dans un autre ordre d'idée", "dans un délai de", "davantage", "de ce fait", "de cette façon",
    "de crainte que", "de fait", "de façon que", "de façon à", "de façon à ce que",
    "de l'autre côté", "de la même façon que", "de la même manière", "de manière que", "de même",
    "de même qu'à", "de même que", "de nos jours", "de peur que", "de prime abord", "de sorte que",
    "de surcroît", "de telle manière que", "de telle sorte que", "de toute façon",
    "de toute manière", "de toute évidence", "depuis que", "deuxièmement", "donc", "dorénavant",
    "du fait que", "du moins", "du moment que", "du point de vue de", "du reste", "dès lors que",
    "dès maintenant", "dès qua", "dès que", "désormais", "effectivement", "en admettant que",
    "en attendant que", "en bref", "en cas de", "en cas que", "en ce cas", "en ce domaine",
    "en ce moment", "en ce qui a trait à", "en ce qui concerne", "en ce sens", "en cela",
    "en comparaison de", "en conclusion", "en conformité avec", "en conséquence",
    "en d'autres termes", "en dernier lieu", "en deuxième lieu", "en définitive", "en dépit de",
    "en effet", "en face de", "en fait", "en fin de compte", "en guise de conclusion", "en général",
    "en l'occurence", "en matière de", "en même temps que", "en outre", "en particulier", "en plus",
    "en premier lieu", "en principe", "en raison de", "en revanche", "en règle générale",
    "en réalité", "en résumé", "en second lieu", "en somme", "en sorte que", "en supposant que",
    "en tant que", "en terminant", "en théorie", "en tout cas", "en tout premier lieu",
    "en troisième lieu", "en un mot", "en vue que", "en vérité", "encore que", "encore une fois",
    "enfin", "ensuite", "entre autres", "entre-temps", "essentiellement", "et même", "et puis",
    "excepté", "face à", "finalement", "globalement", "grâce à", "il est indéniable que",
    "il est question de", "il est vrai que", "il est à noter que", "il faut dire aussi que",
    "il faut reconnaître que", "il faut souligner que", "il ne faut pas oublier que",
    "il s'ensuit que", "il suffit de prendre pour exemple", "il y a aussi", "jusqu'au moment où",
    "jusqu'ici", "jusqu'à ce jour", "jusqu'à ce que", "jusqu'à maintenant", "jusqu'à présent",
    "l'aspect le plus important de", "l'exemple le plus significatif", "la preuve c'est que",
    "loin que", "lorsque", "là-dessus", "mais", "mais en réalité", "malgré", "malgré cela",
    "malgré tout", "mentionnons que", "mis à part le fait que", "même si", "notamment",
    "notons que", "nul doute que", "néanmoins", "ou bien", "outre cela", "où que", "par ailleurs",
    "par conséquent", "par contre", "par exception", "par exemple", "par l'entremise de",
    "par l'intermédiaire de", "par la suite", "par rapport à", "par suite", "par suite de",
    "par surcroît", "parce que", "pareillement", "partant", "partant de ce fait", "pas du tout",
    "pendant que", "plus précisément", "plus tard", "plutôt", "pour ainsi dire", "pour autant que",
    "pour ce qui est de", "pour cela", "pour ces motifs", "pour ces raisons", "pour cette raison",
    "pour commencer", "pour conclure", "pour l'instant", "pour le moment",
    "pour marquer la causalité", "pour peu que", "pour prendre un autre exemple", "pour que",
    "pour résumé", "pour terminer", "pour tout dire", "pour toutes ces raisons", "pourtant",
    "pourvu que", "premièrement", "prenons le cas de", "probablement", "précédemment", "puis",
    "puisque", "quand bien même que", "quand même", "quant à", "quel que soit", "qui plus est",
    "qui que", "quitte à", "quoi qu'il en soit", "quoi que", "quoiqu'il en soit", "quoique",
    "sans doute", "sans délai", "sans parler de", "sans préjuger", "sans tarder", "sauf", "sauf si",
    "selon", "selon que", "semblablement", "si bien que", "si ce n'est que", "si l'on songe que",
    "sinon", "sitôt que", "somme toute", "sous cette réserve", "sous prétexte que",
    "sous réserve de", "sous réserve que", "suivant", "suivant que", "supposé que", "sur ce point",
    "sur le plan de", "surtout quand", "surtout si", "tandis que", "tant et si bien que",
    "tant que", "tel que", "tellement que", "touchant à", "tout bien pesé", "tout compte fait",
    "tout d'abord", "tout de même", "tout en reconnaissant que", "tout à fait", "toutefois",
    "troisièmement", "une fois de plus", "vu que", "à cause de", "à ce jour", "à ce propos",
    "à ce sujet", "à cet égard", "à cette fin", "à compter de", "à condition que", "à défaut de",
    "à force de", "à juste titre", "à l'aide de", "à l'appui de", "à l'encontre de",
    "à l'exception de", "à l'exclusion de", "à l'heure actuelle", "à l'image de", "à l'instar de",
    "à l'inverse", "à l'inverse de", "à l'opposé", "à l'époque actuelle", "à la condition que",
    "à la lumière de", "à la suite de", "à mesure que", "à moins que", "à nouveau", "à partir de",
    "à première vue", "à propos de", "à savoir", "à seule fin que", "à supposer que",
    "à tel point que", "à tout prendre", "à vrai dire", "ça confirme que", "ça montre que",
    "ça prouve que", "également", "étant donné qu'à", "étant donné que"
};

/* Yoast's French two-part transitions. */
static const struct seo_two_part fr_two_part[] = {
    {"à première vue", "mais à bien considérer les choses"},
    {"à première vue", "mais toute réflexion faite"},
    {"aussi", "que"},
    {"autant de", "que"},
    {"certes", "mais"},
    {"d'un côté", "de l'autre côté"},
    {"d'un côté", "de l'autre"},
    {"d'un côté", "d'un autre côté"},
    {"d'une part", "d'autre part"},
    {"d'une parte", "de l'autre parte"},
    {"moins de", "que"},
    {"non seulement", "mais aussi"},
    {"non seulement", "mais en outre"},
    {"non seulement", "mais encore"},
    {"plus de", "que"},
    {"quelque", "que"},
    {"si", "que"},
    {"soit", "soit"},
    {"tantôt", "tantôt"},
    {"tout d'abord", "ensuite"},
    {"tout", "que"},
};

static const char *const fr_first_word_exceptions[] = {
    "celle", "celle-ci", "celle-là", "celles", "celui", "celui-ci", "celui-là", "ceux", "cinq",
    "deux", "dix", "huit", "la", "le", "les", "neuf", "quatre", "sept", "six", "trois", "un", "une"
};

static const char *const es_transitions[] = {
    "a causa de", "a continuación", "a diferencia de", "a fin de cuentas", "a la inversa",
    "a la misma vez", "a menos que", "a más de", "a más de esto", "a no ser que", "a pesar de",
    "a pesar de eso", "a pesar de todo", "a peser de", "a propósito", "a saber", "a todo esto",
    "además", "adicional", "ahora bien", "al contrario", "al fin y al cabo", "al final",
    "al inicio", "al mismo tiempo", "al principio", "ante todo", "antes bien", "antes de",
    "antes de nada", "antes que nada", "aparte de", "as así como", "asimismo", "así", "así como",
    "así mismo", "así pues", "así que", "así y todo", "aunque", "aún", "aún así", "ciertamente",
    "claro está que", "claro que", "claro que sí", "como", "como caso típico", "como decíamos",
    "como era de esperar", "como es de esperar", "como muestra", "como resultado",
    "como se ha notado", "como sigue", "comparado con", "con el objeto de", "con el propósito de",
    "con que", "con relación a", "con tal de que", "con todo", "concluyendo", "conque",
    "contrariamente", "cuando", "dado que", "de ahí", "de cierta manera", "de cualquier manera",
    "de cualquier modo", "de ello resulta que", "de este modo", "de golpe", "de hecho",
    "de igual manera", "de igual modo", "de igualmanera", "de la manera siguiente",
    "de la misma forma", "de la misma manera", "de manera semejante", "de modo que", "de nuevo",
    "de otra manera", "de otro modo", "de pronto", "de qualquier manera", "de repente",
    "de suerte que", "de tal modo", "de todas formas", "de todas maneras", "de todos modos",
    "de veras", "debido a", "debido a que", "decididamente", "decisivamente", "del mismo modo",
    "dentro de poco", "desde entonces", "después", "después de", "después de todo",
    "diferentemente", "efectivamente", "ejemplo de esto", "el caso es que", "en aquel tiempo",
    "en cambio", "en cierto modo", "en comparación con", "en conclusión", "en concreto",
    "en conformidad con", "en consecuencia", "en consiguiente", "en contraste con",
    "en cualquier caso", "en cuanto", "en cuanto a", "en definitiva", "en efecto",
    "en el caso de que", "en este sentido", "en fin", "en fin de cuentas", "en general",
    "en lugar de", "en otras palabras", "en otro orden", "en otros términos", "en particular",
    "en primer lugar", "en primer término", "en primera instancia", "en realidad", "en relación a",
    "en relación con", "en representación de", "en resumen", "en resumidas cuentas", "en seguida",
    "en segundo lugar", "en suma", "en síntesis", "en todo caso", "en verdad", "en vez de",
    "en virtud de", "en último término", "entonces", "entre ellas figura", "entre ellos figura",
    "es cierto que", "es decir", "es evidente que", "es incuestionable", "es indudable", "es más",
    "especialmente", "específicamente", "esto indica", "está claro que", "eventualmente",
    "evidentemente", "excepto si", "finalmente", "frecuentemente", "generalmente",
    "generalmente por ejemplo", "gracias a", "hasta aquí", "hasta cierto punto", "hasta el momento",
    "hay que añadir", "igual que", "igualmente", "la mayor parte del tiempo",
    "la mayoría del tiempo", "lo que es peor", "luego", "lógicamente", "mas", "mejor dicho",
    "mientras", "mientras tanto", "mirándolo todo", "más tarde", "nadie puede ignorar",
    "no faltaría más", "no obstante", "o sea", "otra vez", "otro aspecto", "para concluir",
    "para conclusión", "para continuar", "para empezar", "para finalizar", "para ilustrar",
    "para mencionar una cosa", "para que", "para resumir", "para terminar", "pero",
    "pongamos por caso", "por", "por añadidura", "por cierto", "por consiguiente", "por ejemplo",
    "por el consiguiente", "por el contrario", "por el hecho que", "por eso", "por esta razón",
    "por esto", "por fin", "por la mayor parte", "por lo general", "por lo que", "por lo tanto",
    "por otra parte", "por otro lado", "por supuesto", "por tanto", "por un lado", "por una parte",
    "por último", "porque", "posteriormente", "primero", "primero que nada", "primero que todo",
    "principalmente", "pronto", "próximamente", "pues", "pues bien", "puesto que", "rara vez",
    "raramente", "realmente", "resulta que", "sea como sea", "seguidamente",
    "seguidamente entre tanto", "segundo", "semejantemente", "si", "si bien", "siempre que",
    "siempre y cuando", "sigue que", "siguiente", "sin duda", "sin embargo", "sin ir más lejos",
    "sino", "sobre todo", "supongamos", "supuesto que", "súbitamente", "tal como", "tales como",
    "también", "tampoco", "tan pronto como", "tanto como", "tercero", "una vez", "verbigracia",
    "vice-versa", "ya", "ya que"
};

/* Yoast's Spanish two-part transitions. */
static const struct seo_two_part es_two_part[] = {
    {"de un lado", "de otra parte"},
    {"de un lado", "de otro"},
    {"no", "sino que"},
    {"no", "sino"},
    {"por un lado", "por otro lado"},
    {"por una parte", "por otra parte"},
    {"por una parte", "por otra"},
    {"tanto", "como"},
    {"bien", "bien"},
};

static const char *const es_first_word_exceptions[] = {
    "aquel", "aquella", "aquellas", "aquello", "aquellos", "cinco", "cuatro", "diez", "dos", "el",
    "esa", "esas", "ese", "eso", "esos", "esta", "estas", "este", "esto", "estos", "la", "las",
    "los", "nueve", "ocho", "seis", "siete", "tres", "un", "una", "unas", "uno", "unos"
};

static const char *const it_transitions[] = {
    "a breve", "a causa", "a causa di", "a condizione che", "a conseguenza", "a conti fatti",
    "a differenza degli", "a differenza dei", "a differenza del", "a differenza della",
    "a differenza delle", "a differenza di", "a dire il vero", "a dire la verità", "a dirla tutta",
    "a dispetto di", "a lungo", "a lungo termine", "a maggior ragione", "a meno che non", "a parte",
    "a patto che", "a prescindere", "a prima vista", "a proposito", "a qualunque costo", "a quanto",
    "a quel proposito", "a quel tempo", "a quell'epoca", "a questo fine", "a questo proposito",
    "a questo punto", "a questo riguardo", "a questo scopo", "a riguardo", "a seguire", "a seguito",
    "a sottolineare", "a tal fine", "a tal proposito", "a tempo debito", "a tutti gli effetti",
    "a tutti i costi", "a una prima occhiata", "abbastanza", "acciocchè", "acciocché",
    "ad eccezione di", "ad esempio", "ad essere maliziosi", "ad essere sinceri",
    "ad ogni buon conto", "ad ogni costo", "ad ogni modo", "ad una prima occhiata", "adesso",
    "adesso che", "affinchè", "affinché", "al che", "al contrario", "al contrario di", "al fine di",
    "al fine di fare", "al giorno d'oggi", "al momento", "al momento giusto",
    "al momento opportuno", "al più presto", "al posto di", "al suo posto", "al termine",
    "all'epoca", "all'infuori di", "all'inizio", "all'opposto", "all'ultimo", "alla fine",
    "alla fine della fiera", "alla luce", "alla luce di", "alla lunga", "alla moda",
    "alla stessa maniera", "allo scopo di", "allo stesso modo", "allo stesso tempo", "allora",
    "almeno", "alquanto", "altrettanto", "altrimenti", "analogamente", "anch'esso", "anch'io",
    "anche", "anche se", "ancora", "ancora di più", "ancora più", "antecedentemente", "anzi",
    "anzitutto", "apertamente", "appena", "assai", "assumendo che", "attualmente", "benchè",
    "benché", "beninteso", "bensì", "bisogna chiarire che", "bisogna considerare che", "brevemente",
    "bruscamente", "casomai", "causato da", "celermente", "certamente", "certo", "chiaramente",
    "ciononostante", "cioè", "cioé", "ciò nondimeno", "ciò nonostante", "col tempo", "come",
    "come a dire", "come abbiamo dimostrato", "come hanno detto", "come ho detto",
    "come ho dimostrato", "come ho notato", "come potete notare", "come potete vedere",
    "come puoi notare", "come puoi vedere", "come si può notare", "come si può vedere",
    "come si è dimostrato", "come sopra indicato", "come è stato detto", "come è stato dimostrato",
    "come è stato notato", "comparabilmente", "complessivamente", "completamente", "comunque",
    "comunque sia", "con attenzione", "con enfasi", "con il risultato che", "con il tempo",
    "con l'obiettivo di", "con ostinazione", "con questa idea", "con questa intenzione",
    "con queste idee", "con questo in testa", "con questo scopo", "concisamente", "concludendo",
    "conformemente", "congiuntamente", "conseguentemente", "considerando", "considerato",
    "considerevolmente", "contemporaneamente", "continuamente", "contrariamente",
    "controbilanciato", "cosicchè", "cosicché", "così", "così che", "così da", "d'altra parte",
    "d'altro canto", "d'altro lato", "d'altronde", "d'ora in avanti", "d'ora in poi", "da allora",
    "da quando", "da quanto", "da quel momento", "da quella volta", "da questo momento",
    "da questo momento in poi", "da qui", "da ultimo", "da un certo punto di vista", "da un lato",
    "da una parte", "dal che", "dall'altro lato", "dall'epoca", "dapprima", "dato", "dato che",
    "dato per assunto che", "davanti a", "davvero", "definitivamente", "del tutto", "dell'epoca",
    "dettagliatamente", "detto questo", "di certo", "di colpo", "di conseguenza", "di fatto",
    "di fronte", "di fronte a", "di lì a poco", "di punto in bianco", "di quando in quando",
    "di quanto non sia", "di quel tempo", "di qui a", "di rado", "di seguito", "di si", "di sicuro",
    "di solito", "di tanto in tanto", "di tutt'altra pasta", "differente da", "differentemente",
    "diversamente", "diversamente da", "diverso da", "dopo", "dopodichè", "dopodiché", "dopotutto",
    "dovuto a", "dunque", "durante", "e anche", "e inoltre", "eccetto", "eccome", "effettivamente",
    "egualmente", "elencando", "enfaticamente", "entro breve", "eppure", "esaurientemente",
    "esplicitamente", "espressamente", "estesamente", "evidentemente", "faccia a faccia",
    "fermo restando che", "fin da", "fin dal primo momento", "fin dall'inizio", "fin quando",
    "finalmente", "finchè", "finchè non", "finché", "finché non", "fino", "fino a",
    "fino a questo momento", "fino a un certo punto", "fino ad oggi", "fino adesso",
    "fino ai giorni nostri", "finora", "fintanto", "fintanto che", "fintantochè", "fintantoché",
    "fondamentalmente", "fra quanto", "frattanto", "frequentemente", "generalmente", "già",
    "gradualmente", "il più possibile", "il prima possibile", "illustrando", "immantinente",
    "immediatamente", "importante rendersi conto", "importantissimo", "in aggiunta",
    "in altre parole", "in altri termini", "in ambo i casi", "in breve", "in caso di",
    "in conclusione", "in conformità", "in confronto", "in confronto a", "in conseguenza",
    "in considerazione", "in considerazione di", "in definitiva", "in dettaglio", "in effetti",
    "in entrambi i casi", "in fin dei conti", "in generale", "in genere", "in linea di massima",
    "in maggior parte", "in maniera analoga", "in maniera convincente", "in maniera esauriente",
    "in maniera esaustiva", "in maniera esplicita", "in maniera evidente",
    "in maniera incontestabile", "in maniera indiscutibile", "in maniera innegabile",
    "in maniera significativa", "in maniera simile", "in modo allusivo", "in modo analogo",
    "in modo che", "in modo convincente", "in modo da", "in modo identico", "in modo notevole",
    "in modo significativo", "in modo simile", "in ogni caso", "in ogni modo", "in ogni momento",
    "in parte considerevole", "in parti uguali", "in particolare", "in particolare per", "in più",
    "in poche parole", "in pratica", "in precedenza", "in prima battuta", "in prima istanza",
    "in primo luogo", "in qualche modo", "in qualsiasi modo", "in qualsiasi momento",
    "in qualunque modo", "in qualunque momento", "in quarta battuta", "in quarta istanza",
    "in quarto luogo", "in quel caso", "in quelle circostanze", "in questa occasione",
    "in questa situazione", "in questo caso", "in questo caso particolare", "in questo istante",
    "in questo momento", "in rapporto", "in rare occasioni", "in realtà", "in seconda battuta",
    "in seconda istanza", "in secondo luogo", "in seguito", "in sintesi", "in sostanza", "in tempo",
    "in terza battuta", "in terza istanza", "in terzo luogo", "in totale", "in tutto",
    "in ugual maniera", "in ugual misura", "in ugual modo", "in ultima analisi",
    "in ultima istanza", "in un altro caso", "in una parola", "in verità", "incontestabilmente",
    "incredibilmente", "indipendentemente", "indiscutibilmente", "indubbiamente", "infatti",
    "infine", "innanzitutto", "innegabilmente", "inoltre", "insieme a", "insieme con", "insomma",
    "intanto", "interamente", "invece", "invece che", "invece di", "istantaneamente",
    "la prima cosa da considerare", "la prima cosa da tenere a mente", "lentamente", "lo stesso",
    "logicamente", "ma", "malgrado", "marcatamente", "memorabile", "mentre",
    "mentre potrebbe essere vero", "motivatamente", "motivo per cui", "motivo per il quale",
    "naturalmente", "ne consegue che", "ne deriva che", "neanche", "nei dettagli", "nel caso",
    "nel caso che", "nel caso in cui", "nel complesso", "nel corso del", "nel corso di",
    "nel frattempo", "nel lungo periodo", "nel mentre", "nell'eventualità che",
    "nella misura in cui", "nella speranza che", "nella stessa maniera", "nella stessa misura",
    "nello specifico", "nello stesso modo", "nello stesso momento", "nello stesso stile", "neppure",
    "non appena", "non per essere maliziosi", "non più da", "nonchè", "nonché", "nondimeno",
    "nonostante", "nonostante ciò", "nonostante tutto", "notevolmente", "nè", "né",
    "occasionalmente", "ogni qualvolta", "ogni tanto", "ogni volta", "oltre a", "oltre a ciò",
    "oltretutto", "onde", "onestamente", "ora che", "ossia", "ostinatamente", "ovvero",
    "ovviamente", "parimenti", "particolarmente", "passo dopo passo", "per causa di", "per certo",
    "per chiarezza", "per chiarire", "per come", "per concludere", "per conto di", "per contro",
    "per cui", "per davvero", "per di più", "per dirla in altro modo", "per dirla meglio",
    "per dirla tutta", "per es", "per esempio", "per essere sinceri", "per far vedere",
    "per farla breve", "per finire", "per l'avvenire", "per l'ultima volta", "per la maggior parte",
    "per la stessa ragione", "per la verità", "per lo più", "per mettere in luce",
    "per metterla in altro modo", "per non dire di", "per non parlare di", "per ora",
    "per ovvi motivi", "per paura degli", "per paura dei", "per paura delle", "per paura di",
    "per prima cosa", "per quanto", "per questa ragione", "per questo motivo", "per riassumere",
    "per sottolineare", "per timore", "per trarre le conclusioni", "per ultima", "per ultime",
    "per ultimi", "per ultimo", "per via di", "peraltro", "perchè", "perchè si", "perché",
    "perché si", "perciò", "perfino se", "perlomeno", "pertanto", "però", "pesantemente",
    "piano piano", "piuttosto", "più di ogni altra cosa", "più di tutto", "più facilmente",
    "più importante", "più tardi", "poco a poco", "poco dopo", "poi", "poichè", "poiché",
    "praticamente", "precedentemente", "precisamente", "preferibilmente", "prematuramente",
    "prendiamo il caso di", "presto", "presto o tardi", "prima", "prima che", "prima di",
    "prima di ogni cosa", "prima di tutto", "prima o dopo", "prima o poi", "primariamente", "primo",
    "principalmente", "prontamente", "proporzionalmente", "purchè", "purché", "pure", "quando",
    "quanto", "quanto prima", "quantomeno", "questa volta", "questo potrebbe essere vero",
    "questo è probabilmente vero", "quindi", "raramente", "realmente", "relativamente",
    "restando inteso che", "riassumendo", "riformulando", "ripetutamente", "saltuariamente",
    "schiettamente", "se confrontato con", "se e solo se", "se no", "sebbene", "secondariamente",
    "secondo", "seduta stante", "seguente", "sempre", "sempre che", "semprechè", "sempreché",
    "sennò", "sensibilmente", "senz'altro", "senz'ombra di dubbio", "senza alcun riguardo",
    "senza dubbio", "senza ombra di dubbio", "senza riguardo per", "senza tregua",
    "senza ulteriore ritardo", "seppure", "seriamente", "sia quel che sia", "siccome",
    "sicuramente", "significativamente", "similmente", "simultaneamente", "singolarmente",
    "sinteticamente", "solitamente", "solo", "solo se", "soltanto", "soprattutto", "sopravvalutato",
    "sorprendentemente", "sostanzialmente", "sotto questa luce", "sottolineando", "sottovalutato",
    "specialmente", "specificamente", "specificatamente", "sperando che", "sta volta", "su tutto",
    "subitamente", "subito", "subito dopo", "successivamente", "successivo", "sul serio",
    "talmente", "tanto per cominciare", "tanto quanto", "terzo", "totalmente", "tra breve",
    "tra l'altro", "tra poco", "tra quanto", "tranne", "tuttavia", "tutte le volte",
    "tutti insieme", "tutto a un tratto", "tutto ad un tratto", "tutto considerato",
    "tutto d'un tratto", "tutto sommato", "ugualmente", "ulteriormente", "ultimamente",
    "un passo alla volta", "un tempo", "una volta", "una volta ogni tanto", "unito a",
    "va chiarito che", "va considerato che", "vada come vada", "vale a dire", "veramente",
    "verosimilmente", "visto", "visto che"
};

/* Yoast's Italian two-part transitions. */
static const struct seo_two_part it_two_part[] = {
    {"né", "né"},
    {"non", "ma"},
    {"non prima", "che"},
    {"non prima", "di"},
    {"non solo", "ma anche"},
    {"o", "o"},
    {"se", "allora"},
    {"se", "o"},
    {"sia", "che"},
};

static const char *const it_first_word_exceptions[] = {
    "cinque", "codesta", "codeste", "codesti", "codesto", "dieci", "due", "gli", "i", "il", "la",
    "le", "lo", "nove", "otto", "quattro", "quella", "quelle", "quelli", "quello", "questa",
    "queste", "questi", "questo", "sei", "sette", "tre", "un", "una", "uno"
};

static const char *const nl_transitions[] = {
    "aan de andere kant", "aan de ene kant", "aangenomen dat", "aangezien", "al", "al met al",
    "aldus", "allereerst", "alles afwegend", "alles bij elkaar", "alles in aanmerking nemend",
    "als", "als gevolg van", "alsook", "anders gezegd", "anderzijds", "bijgevolg", "bijvoorbeeld",
    "bovendien", "concluderend", "daar staat tegenover", "daarbij komt", "daardoor", "daarentegen",
    "daarmee", "daarna", "daarnaast", "daarom", "daartoe", "daaruit volgt", "daarvoor", "dadelijk",
    "dan", "dat betekent", "dat blijkt uit", "de oorzaak daarvan is", "de oorzaak hiervan is",
    "desondanks", "dienovereenkomstig", "dientegevolge", "doch", "door middel van", "doordat",
    "dus", "echter", "een voorbeeld hiervan", "een voorbeeld van", "eerst", "evenals", "eveneens",
    "evenzeer", "gesteld dat", "hetzelfde als", "hierom", "hieruit kunnen we afleiden",
    "hieruit volgt", "hoe het ook zij", "hoewel", "immers", "in de derde plaats",
    "in de eerste plaats", "in de tweede plaats", "in het bijzonder", "in het geval dat",
    "in plaats van", "in tegenstelling tot", "in vergelijking met", "in één woord", "indien",
    "integendeel", "intussen", "kortom", "later", "maar", "maar ook", "met als doel",
    "met andere woorden", "met behulp van", "met de bedoeling", "mits", "nadat", "namelijk",
    "neem nou", "net als", "niettemin", "noch", "ofschoon", "om kort te gaan", "omdat", "ondanks",
    "onder andere", "ondertussen", "ook", "op dezelfde wijze", "opdat", "resumerend", "samengevat",
    "samenvattend", "stel dat", "te danken aan", "te wijten aan", "tegenwoordig", "ten derde",
    "ten eerste", "ten gevolge van", "ten slotte", "ten tweede", "teneinde", "tenzij",
    "ter conclusie", "ter illustratie", "ter verduidelijking", "terwijl", "tevens", "toch", "toen",
    "tot nog toe", "tot slot", "uiteindelijk", "vandaar dat", "vanwege", "vergeleken met",
    "vervolgens", "voor het geval dat", "voorafgaand", "vooralsnog", "voordat", "voorts", "vroeger",
    "waardoor", "waarmee", "waaronder", "wanneer", "want", "zoals", "zodat", "zodoende", "zodra"
};

/* Yoast's Dutch two-part transitions. */
static const struct seo_two_part nl_two_part[] = {
    {"aan de ene kant", "aan de andere kant"},
    {"enerzijds", "anderzijds"},
    {"natuurlijk", "maar"},
    {"niet alleen", "maar ook"},
    {"noch", "noch"},
    {"zowel", "als"},
};

static const char *const nl_first_word_exceptions[] = {
    "acht", "dat", "de", "deze", "die", "dit", "drie", "een", "eén", "het", "negen", "tien", "twee",
    "vier", "vijf", "zes", "zeven", "één"
};

static const char *const pt_transitions[] = {
    "a despeito de", "a fim de", "a fim de que", "a menos que", "a partir de agora", "a princípio",
    "a saber", "acima de tudo", "ademais", "afinal", "ainda assim", "ainda mais", "ainda que",
    "aliás", "além disso", "analogamente", "anteriormente", "antes de mais nada", "antes de tudo",
    "antes que", "ao mesmo tempo", "ao passo que", "ao propósito", "aos poucos", "apesar de",
    "apesar disso", "assim", "assim como", "assim que", "assim sendo", "assim também", "atualmente",
    "bem como", "certamente", "claro que", "com a finalidade de", "com efeito", "com o fim de",
    "com o intuito de", "com o propósito de", "com toda a certeza", "como resultado", "como se",
    "conforme", "conquanto", "contudo", "da mesma forma", "daí em diante", "daí por diante",
    "de acordo com", "de agora em diante", "de conformidade com", "de fato", "de forma que",
    "de hoje em diante", "de maneira idêntica", "de modo que", "de qualquer forma",
    "de qualquer jeito", "de qualquer maneira", "de qualquer modo", "de repente",
    "de tal forma que", "de tal sorte que", "de tempos em tempos", "de todo a modo", "de todo modo",
    "de vez em quando", "decerto", "depois que", "desde que", "dessa forma", "dessa maneira",
    "desse modo", "devido a", "diga-se de passagem", "do mesmo modo", "em conclusão",
    "em contrapartida", "em contraste com", "em geral", "em outras palavras", "em primeiro lugar",
    "em princípio", "em razão de", "em razão disso", "em resumo", "em seguida", "em segundo lugar",
    "em suma", "em síntese", "em terceiro lugar", "em todo o caso", "em virtude de", "embora",
    "enfim", "enquanto", "entretanto", "então", "eventualmente", "finalmente", "geralmente",
    "igualmente", "inclusive", "inegavelmente", "inesperadamente", "isto é", "juntamente com",
    "já que", "logo", "logo após", "logo depois", "logo que", "mas", "mesmo que", "nada obstante",
    "nesse hiato", "nesse meio tempo", "nesse sentido", "nesse ínterim", "no entanto", "no geral",
    "no momento em que", "não apenas", "não obstante", "ocasionalmente", "ou por outra", "ou seja",
    "outrossim", "para que", "pelo contrário", "pois", "por analogia", "por causa de", "por certo",
    "por conseguinte", "por consequência", "por conseqüência", "por essa razão", "por exemplo",
    "por fim", "por isso", "por mais que", "por menos que", "por motivo de", "por outro lado",
    "por vezes", "porquanto", "porque", "portanto", "porém", "posteriormente", "posto que",
    "precipuamente", "primeiramente", "primordialmente", "principalmente", "razão pela qual",
    "salvo", "se acaso", "se bem que", "seja como for", "sem dúvida", "semelhantemente",
    "sempre que", "similarmente", "sob o mesmo ponto de vista", "sobretudo", "subitamente",
    "surpreendentemente", "só para exemplificar", "só para ilustrar", "só que",
    "talvez provavelmente", "tanto quanto", "todas as vezes em que", "todas as vezes que",
    "todavia", "uma vez que", "visto que", "às vezes", "é provável"
};

/* Yoast's Portuguese two-part transitions. */
static const struct seo_two_part pt_two_part[] = {
    {"não apenas", "como também"},
    {"não só", "bem como"},
    {"não só", "como também"},
    {"não só", "mas também"},
    {"ora", "ora"},
    {"ou", "ou"},
    {"quer", "quer"},
};

static const char *const pt_first_word_exceptions[] = {
    "a", "aquela", "aquelas", "aquele", "aqueles", "aquilo", "as", "cinco", "dez", "dois", "essa",
    "essas", "esse", "esses", "esta", "estas", "este", "estes", "isso", "isto", "nove", "o", "oito",
    "os", "quatro", "seis", "sete", "três", "um", "uma", "umas", "uns"
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

/*
 * The vowels are Yoast's (languages/<code>/config/syllables.json). Its
 * syllable counts add and remove syllables with regular expressions per
 * language; hiatus, diaeresis and mute_final_e stand in for the most
 * frequent of them.
 */
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
        .vowels = "aeiouyäöüáéâàèîêûôœ",
    },
    {
        .code = "fr",
        .transitions = LIST(fr_transitions),
        .two_part = fr_two_part,
        .n_two_part = sizeof(fr_two_part) / sizeof(fr_two_part[0]),
        .first_word_exceptions = LIST(fr_first_word_exceptions),
        .vowels = "aeiouyàâéèêëîïûüùôæœ",
        .diaeresis = "ëïü",
        .mute_final_e = true,
    },
    {
        .code = "es",
        .transitions = LIST(es_transitions),
        .two_part = es_two_part,
        .n_two_part = sizeof(es_two_part) / sizeof(es_two_part[0]),
        .first_word_exceptions = LIST(es_first_word_exceptions),
        .vowels = "aeiouáéíóúü",
        .hiatus = "aeoáéíóú",
    },
    {
        .code = "it",
        .transitions = LIST(it_transitions),
        .two_part = it_two_part,
        .n_two_part = sizeof(it_two_part) / sizeof(it_two_part[0]),
        .first_word_exceptions = LIST(it_first_word_exceptions),
        .vowels = "aeiouyàèéìîïòù",
        .hiatus = "aeoàèéìíòóùú",
    },
    {
        .code = "nl",
        .transitions = LIST(nl_transitions),
        .two_part = nl_two_part,
        .n_two_part = sizeof(nl_two_part) / sizeof(nl_two_part[0]),
        .first_word_exceptions = LIST(nl_first_word_exceptions),
        .vowels = "aáäâeéëêiíïîoóöôuúüûy",
        .diaeresis = "äëïöü",
    },
    {
        .code = "pt",
        .transitions = LIST(pt_transitions),
        .two_part = pt_two_part,
        .n_two_part = sizeof(pt_two_part) / sizeof(pt_two_part[0]),
        .first_word_exceptions = LIST(pt_first_word_exceptions),
        .vowels = "aeiouáéíóúàâêôãõü",
        .hiatus = "aeoáéíóúâêô",
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
