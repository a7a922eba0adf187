/*
 * Fuzz target for draft intake: seo_generate() on arbitrary bytes, then
 * seo_result_json() and the invariants every rendered result must satisfy.
 *
 * Input layout: the first byte picks the options, the rest is the draft.
 *   byte % 5        format: auto, json, markdown, html, text (enum seo_format order)
 *   (byte / 5) % 4  limits: defaults, shallow, tiny, minimal (see limits_variant)
 * So '\0' is "auto, default limits", '\1' "json, default limits", and so on.
 *
 * A violated invariant calls abort() so libFuzzer (or ASan in the replay
 * build) reports the input with a stack trace.
 */
#include "driver.h"

#include "seopipe.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORMATS 5
#define LIMIT_VARIANTS 4

/* Prints what broke and aborts; the fuzzer saves the input as crash-*. */
static void violated(const char *what, const char *json)
{
    fprintf(stderr, "fuzz_intake: invariant violated: %s\n", what);
    if (json)
        fprintf(stderr, "--- result JSON ---\n%.4000s\n", json);
    abort();
}

/* Small limits reach the limit and depth error paths with short inputs. */
static struct seo_limits limits_variant(unsigned v)
{
    struct seo_limits l = seo_limits_default();
    switch (v) {
    case 1: /* shallow */
        l.max_depth = 4;
        break;
    case 2: /* tiny */
        l.max_depth = 2;
        l.max_faq_entries = 2;
        l.max_paragraphs = 8;
        l.max_body_bytes = 4096;
        break;
    case 3: /* minimal */
        l.max_depth = 1;
        l.max_faq_entries = 1;
        l.max_paragraphs = 2;
        l.max_body_bytes = 512;
        break;
    default:
        break;
    }
    return l;
}

/* "" anywhere in the output is a bug: absent facts are left out, never empty. */
static bool has_empty_string(const json_t *v)
{
    const char *key;
    json_t *item;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_STRING:
        return json_string_length(v) == 0;
    case JSON_OBJECT:
        json_object_foreach((json_t *)v, key, item)
        {
            if (*key == '\0' || has_empty_string(item))
                return true;
        }
        return false;
    case JSON_ARRAY:
        json_array_foreach(v, i, item)
        {
            if (has_empty_string(item))
                return true;
        }
        return false;
    default:
        return false;
    }
}

static bool nonempty_string(const json_t *v)
{
    return json_is_string(v) && json_string_length(v) > 0;
}

/*
 * The invariants of a rendered result. Beyond the JSON checks, the counts
 * of FAQ entries and warnings must match the struct: jansson silently drops
 * a value that is not valid UTF-8, so a lost entry means a bad string.
 */
static void check_result(const struct seo_result *r, const char *text)
{
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr);
    if (!root)
        violated("seo_result_json() is not valid JSON", text);
    if (has_empty_string(root))
        violated("an empty string (or key) in the result JSON", text);

    json_t *doc = json_object_get(root, "document");
    if (!json_is_object(doc) || !json_is_number(json_object_get(doc, "word_count")))
        violated("document.word_count is not a number", text);

    json_t *faq = json_object_get(root, "faq");
    if (!json_is_array(faq))
        violated("faq is not an array", text);
    if (json_array_size(faq) != r->faq.n)
        violated("faq in the JSON has a different number of entries than the result", text);
    size_t i;
    json_t *entry;
    json_array_foreach(faq, i, entry)
    {
        if (!nonempty_string(json_object_get(entry, "question")) ||
            !nonempty_string(json_object_get(entry, "answer")))
            violated("a faq entry without a question or an answer", text);
    }

    json_t *warnings = json_object_get(root, "warnings");
    if (!json_is_array(warnings) || json_array_size(warnings) != r->warnings.n)
        violated("warnings in the JSON differ in number from the result", text);
    json_decref(root);
}

/* A failure must carry its status and a message (STYLE.md habit 2). */
static void check_error(enum seo_status st, const struct seo_error *err)
{
    if (err->status != st)
        violated("seo_generate() returned a status other than the one in its error", NULL);
    if (err->message[0] == '\0')
        violated("seo_generate() failed without a message", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct seo_options opts = seo_options_default();
    opts.format = (enum seo_format)(data[0] % FORMATS);
    opts.limits = limits_variant((unsigned)(data[0] / FORMATS) % LIMIT_VARIANTS);

    /* A copy of exactly the draft's bytes, so ASan catches any read past the end. */
    size_t len = size - 1;
    char *input = malloc(len ? len : 1);
    if (!input)
        abort();
    memcpy(input, data + 1, len);

    struct seo_result r;
    struct seo_error err;
    memset(&err, 0, sizeof(err));
    enum seo_status st = seo_generate(input, len, &opts, &r, &err);
    if (st == SEO_OK) {
        char *text = seo_result_json(&r);
        check_result(&r, text);
        free(text);
        seo_result_free(&r);
    } else {
        check_error(st, &err);
    }
    free(input);
    return 0;
}
