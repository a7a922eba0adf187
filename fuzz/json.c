/*
 * Fuzz target for seopipe's own JSON reader (service/core/json.c): every input
 * is read by seo_json_load() and by jansson's json_loadb() with the flags
 * seopipe uses, and the two must agree.
 *
 * Invariants (abort() when broken): both succeed or both fail; when both
 * succeed the trees are equal (json_equal) and dump to the same text, key
 * order included; a failure leaves *out untouched and says why.
 */
#include "driver.h"

#include "json.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void violated(const char *what)
{
    fprintf(stderr, "fuzz_json: invariant violated: %s\n", what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    json_error_t je;
    json_t *theirs = json_loadb(s, size, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    json_t *ours = NULL;
    struct seo_error err = {0};
    /* Deeper than jansson's own limit (2048), so only the two readers decide. */
    enum seo_status st = seo_json_load(s, size, 100000, "fuzz input", &ours, &err);
    if ((st == SEO_OK) != (theirs != NULL))
        violated(st == SEO_OK ? "seo_json_load accepts what jansson refuses"
                              : "seo_json_load refuses what jansson accepts");
    if (st != SEO_OK) {
        if (ours)
            violated("a failed read set *out");
        if (!err.message[0])
            violated("a failed read says nothing");
        return 0;
    }
    char *a = json_dumps(ours, JSON_COMPACT | JSON_ENCODE_ANY);
    char *b = json_dumps(theirs, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!a || !b || strcmp(a, b) != 0 || !json_equal(ours, theirs))
        violated("the trees differ");
    free(a);
    free(b);
    json_decref(ours);
    json_decref(theirs);
    return 0;
}
