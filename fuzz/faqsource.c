/*
 * Fuzz target for remote FAQ sources (service/core/faqsource.c):
 * seo_faqsource_parse() on arbitrary bytes under a Content-Type chosen by the
 * first byte (table below: none, the usual kinds, odd and unknown charsets).
 *
 * Invariants (abort() when broken): on success the result is an array whose
 * every entry is an object with non-empty, valid UTF-8 (NUL-free) question,
 * answer and answer_text, at most max_faq_entries of them; on failure the
 * status matches the error, the message is set and *entries is untouched.
 */
#include "driver.h"

#include "faqsource.h"
#include "utf8.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const content_types[] = {
    NULL,
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=ISO-8859-1",
    "text/html; charset=windows-1252",
    "application/xhtml+xml",
    "application/json",
    "application/ld+json; charset=\"UTF-8\"",
    "text/plain",
    "text/plain; charset=us-ascii",
    "text/markdown",
    "text/plain; charset=shift_jis",
    "text/html; charset=gb2312",
    "text/plain; charset=utf-16",
    "text/plain; charset=UTF-16BE",
    "text/html; charset=koi8-r",
    "text/html; charset=euc-jp",
    "text/html; charset=iso-2022-jp",
    "text/html; charset=x-unknown",
    "application/octet-stream",
    "image/png",
    "",
    ";charset=",
    "text/html; charset=utf-8//TRANSLIT",
};
#define N_TYPES (sizeof(content_types) / sizeof(content_types[0]))

static void violated(const char *what)
{
    fprintf(stderr, "fuzz_faqsource: invariant violated: %s\n", what);
    abort();
}

static void check_text(const json_t *entry, const char *key)
{
    const json_t *v = json_object_get(entry, key);
    if (!json_is_string(v) || json_string_length(v) == 0)
        violated("an entry without a non-empty string");
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (strlen(s) != n || !seo_utf8_valid(s, n, NULL))
        violated("an entry string that is not valid UTF-8 without NUL");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *content_type = content_types[data[0] % N_TYPES];
    struct seo_limits limits = seo_limits_default();
    if (data[0] >= 128) { /* small limits reach the limit paths with short inputs */
        limits.max_faq_entries = 2;
        limits.max_depth = 4;
        limits.max_paragraphs = 16;
        limits.max_body_bytes = 2048;
    }
    size_t len = size - 1;
    char *body = malloc(len ? len : 1); /* exactly the bytes: ASan sees any over-read */
    if (!body)
        abort();
    memcpy(body, data + 1, len);

    json_t *sentinel = json_null();
    json_t *entries = sentinel;
    struct seo_error err;
    memset(&err, 0, sizeof(err));
    enum seo_status st = seo_faqsource_parse(content_type, body, len, &limits, &entries, &err);
    if (st == SEO_OK) {
        if (!json_is_array(entries))
            violated("success without an array");
        if (json_array_size(entries) > limits.max_faq_entries)
            violated("more entries than max_faq_entries");
        size_t i;
        json_t *e;
        json_array_foreach(entries, i, e)
        {
            if (!json_is_object(e))
                violated("an entry that is not an object");
            check_text(e, "question");
            check_text(e, "answer");
            check_text(e, "answer_text");
        }
        json_decref(entries);
    } else {
        if (entries != sentinel)
            violated("a failure changed *entries");
        if (err.status != st || err.message[0] == '\0')
            violated("a failure without its status or a message");
        if (st != SEO_ERR_UNUSABLE && st != SEO_ERR_LIMIT)
            violated("a failure other than unusable or limit");
    }
    free(body);
    return 0;
}
