/* Unit tests for service/core/json.c: bounded loading and error positions. */
#include "json.h"

#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* A value seo_json_load must leave alone on failure. */
static json_t *const UNTOUCHED = (json_t *)(uintptr_t)0x1;

struct pos {
    size_t line, column, offset;
};

/* Loads `s`, expects `status` and the error position; returns the error message. */
static void expect_error(const char *s, unsigned max_depth, enum seo_status status, struct pos want,
                         struct seo_error *err)
{
    json_t *out = UNTOUCHED;
    memset(err, 0, sizeof(*err));
    assert_int_equal(seo_json_load(s, strlen(s), max_depth, "draft", &out, err), status);
    assert_ptr_equal(out, UNTOUCHED);
    assert_int_equal(err->status, status);
    assert_string_equal(err->field, "");
    if (err->line != want.line || err->column != want.column || err->offset != want.offset)
        fail_msg("%s: got line %zu column %zu offset %zu, want line %zu column %zu offset %zu",
                 err->message, err->line, err->column, err->offset, want.line, want.column,
                 want.offset);
}

static void test_load_valid(void **state)
{
    (void)state;
    const char *s = "{\n  \"title\": \"Snake Plant Care: How to Keep Sansevieria Thriving\",\n"
                    "  \"tags\": [\"houseplants\", \"succulents\"],\n  \"draft\": true\n}\n";
    json_t *out = NULL;
    struct seo_error err = {0};
    assert_int_equal(seo_json_load(s, strlen(s), 64, "draft", &out, &err), SEO_OK);
    assert_true(json_is_object(out));
    assert_string_equal(json_string_value(json_object_get(out, "title")),
                        "Snake Plant Care: How to Keep Sansevieria Thriving");
    assert_int_equal(json_array_size(json_object_get(out, "tags")), 2);
    assert_true(json_is_true(json_object_get(out, "draft")));
    json_decref(out);

    /* Only `len` bytes are parsed. */
    out = NULL;
    assert_int_equal(seo_json_load("[1, 2] trailing", 6, 64, "draft", &out, NULL), SEO_OK);
    assert_int_equal(json_array_size(out), 2);
    json_decref(out);
}

static void test_depth_limit(void **state)
{
    (void)state;
    struct seo_error err;
    expect_error("{\n  \"a\": {\n    \"b\": [\n      {\"c\": 1}\n    ]\n  }\n}", 3, SEO_ERR_LIMIT,
                 (struct pos){4, 7, 28}, &err);
    assert_string_equal(err.message, "draft nests deeper than 3 levels at line 4, column 7");

    expect_error("[[[1]]]", 2, SEO_ERR_LIMIT, (struct pos){1, 3, 2}, &err);
    assert_string_equal(err.message, "draft nests deeper than 2 levels at line 1, column 3");

    /* Columns count characters, not bytes. */
    expect_error("{\"caf\xC3\xA9\": {\"cr\xC3\xA8me\": []}}", 2, SEO_ERR_LIMIT,
                 (struct pos){1, 20, 21}, &err);

    /* The limit is checked before parsing, so even a broken document reports depth. */
    expect_error("[[[[[[[[[[", 8, SEO_ERR_LIMIT, (struct pos){1, 9, 8}, &err);
}

static void test_depth_at_limit_and_strings(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "[[[1]]]",
        /* Brackets inside strings are text. */
        "{\"body\": \"{{{{ [[[[ }}}} ]]]]\"}",
        "{\"body\": \"say \\\"{[\\\" and \\\\\", \"x\": 1}",
    };
    static const unsigned depth[] = {3, 1, 1};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        json_t *out = NULL;
        struct seo_error err = {0};
        assert_int_equal(seo_json_load(ok[i], strlen(ok[i]), depth[i], "draft", &out, &err),
                         SEO_OK);
        json_decref(out);
    }
}

static void test_syntax_error_at_token_start(void **state)
{
    (void)state;
    struct seo_error err;
    /* Line 2 is `  "a": ["x" "y"]`: the missing comma is found at "y", which starts at column
     * 13 (Python: "Expecting ',' delimiter: line 2 column 13 (char 14)"). */
    expect_error("{\n  \"a\": [\"x\" \"y\"]\n}", 64, SEO_ERR_SYNTAX, (struct pos){2, 13, 14}, &err);
    assert_string_equal(err.message,
                        "draft is not valid JSON at line 2, column 13: ']' expected near '\"y\"'");

    /* Non-ASCII before the token: columns are characters, offsets bytes. */
    expect_error("{\"name\": \"Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                 "e\" \"x\"}",
                 64, SEO_ERR_SYNTAX, (struct pos){1, 25, 27}, &err);
    expect_error("{\"x\":\n\"caf\xC3\xA9\" tru}", 64, SEO_ERR_SYNTAX, (struct pos){2, 8, 14}, &err);

    /* Other kinds of bad tokens. */
    expect_error("{\"a\": tru}", 64, SEO_ERR_SYNTAX, (struct pos){1, 7, 6}, &err);
    expect_error("{\"tags\": [\"a\", \"b\",]}", 64, SEO_ERR_SYNTAX, (struct pos){1, 20, 19}, &err);
    expect_error("[1, 2] x", 64, SEO_ERR_SYNTAX, (struct pos){1, 8, 7}, &err);
    expect_error("{\"a\": [1, 2,\n  3 4]}", 64, SEO_ERR_SYNTAX, (struct pos){2, 5, 17}, &err);
    /* Duplicate keys are rejected at the second key. */
    expect_error("{\"title\": \"A\", \"title\": \"B\"}", 64, SEO_ERR_SYNTAX,
                 (struct pos){1, 16, 15}, &err);
}

static void test_syntax_error_token_at_line_start(void **state)
{
    (void)state;
    struct seo_error err;
    /* A draft written without indentation and a missing comma after line 2: the unexpected
     * "body" starts line 3 (Python: "line 3 column 1 (char 30)"). */
    expect_error("{\n\"title\": \"Snake Plant Care\"\n\"body\": \"Water only when dry.\"\n}", 64,
                 SEO_ERR_SYNTAX, (struct pos){3, 1, 30}, &err);
}

static void test_syntax_error_at_end_of_input(void **state)
{
    (void)state;
    struct seo_error err;
    /* A truncated upload: the missing '}' belongs right after "1", column 8 (byte 7), as Python
     * reports it; column and offset must agree. */
    expect_error("{\"a\": 1", 64, SEO_ERR_SYNTAX, (struct pos){1, 8, 7}, &err);
}

static void test_bad_json_fixture(void **state)
{
    (void)state;
    size_t len;
    char *s = read_fixture("bad-json.json", &len);
    json_t *out = UNTOUCHED;
    struct seo_error err = {0};
    assert_int_equal(seo_json_load(s, len, 64, "draft", &out, &err), SEO_ERR_SYNTAX);
    assert_ptr_equal(out, UNTOUCHED);
    /* tests/fixtures/EXPECTED.md: line 4, column 22, byte offset 99. */
    assert_int_equal(err.line, 4);
    assert_int_equal(err.column, 22);
    assert_int_equal(err.offset, 99);
    assert_non_null(strstr(err.message, "draft is not valid JSON at line 4, column 22: "));
    free(s);
}

static void test_error_without_err(void **state)
{
    (void)state;
    json_t *out = UNTOUCHED;
    assert_int_equal(seo_json_load("{\"a\": }", 7, 64, "draft", &out, NULL), SEO_ERR_SYNTAX);
    assert_int_equal(seo_json_load("[[[]]]", 6, 2, "draft", &out, NULL), SEO_ERR_LIMIT);
    assert_ptr_equal(out, UNTOUCHED);
}

static void test_what_names_the_document(void **state)
{
    (void)state;
    json_t *out = UNTOUCHED;
    struct seo_error err = {0};
    assert_int_equal(seo_json_load("{\"a\" 1}", 7, 64, "embedded JSON", &out, &err),
                     SEO_ERR_SYNTAX);
    assert_int_equal(strncmp(err.message, "embedded JSON is not valid JSON at line 1, column 6: ",
                             strlen("embedded JSON is not valid JSON at line 1, column 6: ")),
                     0);
}

/* seo_json_load() and jansson on `s`: both fail, or both give the same tree, key order included. */
static void expect_same_as_jansson(const char *s, size_t len)
{
    json_t *ours = NULL;
    json_error_t je;
    json_t *theirs = json_loadb(s, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    enum seo_status st = seo_json_load(s, len, 100000, "draft", &ours, NULL);
    if ((st == SEO_OK) != (theirs != NULL))
        fail_msg("%.*s: seo_json_load %s, jansson %s", (int)len, s, st == SEO_OK ? "ok" : "failed",
                 theirs ? "ok" : je.text);
    if (!theirs)
        return;
    char *a = json_dumps(ours, JSON_COMPACT | JSON_ENCODE_ANY);
    char *b = json_dumps(theirs, JSON_COMPACT | JSON_ENCODE_ANY);
    if (strcmp(a, b) != 0 || !json_equal(ours, theirs))
        fail_msg("%.*s: read as %s, jansson reads %s", (int)len, s, a, b);
    free(a);
    free(b);
    json_decref(ours);
    json_decref(theirs);
}

/*
 * seo_json_load reads most documents itself and leaves the rest to jansson: whatever it
 * accepts must be exactly what jansson makes of it, and what it refuses must fail in jansson
 * too. Known cases, then random strings of JSON pieces (valid, invalid and in between).
 */
static void test_reader_agrees_with_jansson(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "{\"a\": \"caf\xC3\xA9 \\u00e9 \\ud83d\\ude00 \\n\\t\\\"\\\\\\/\\b\\f\\r\"}",
        "{\"b\": [1, -0, -12, 123456789012345678, true, false, null, {}, []]}",
        " \n\t\r[ { \"k\" : [ ] , \"l\" : { \"m\" : \"\" } } ] \n",
        "{\"\": 1}",
        "{\"n\": 1234567890123456789}",
        "{\"n\": 99999999999999999999}",
        "{\"n\": 1.5}",
        "{\"n\": 1e3}",
        "{\"n\": -1.25E-2}",
        "{\"n\": 01}",
        "{\"n\": -}",
        "{\"n\": 1.}",
        "{\"s\": \"\\u0000\"}",
        "{\"\\u0000\": 1}",
        "{\"s\": \"\\ud83d\"}",
        "{\"s\": \"\\udc00\"}",
        "{\"s\": \"\\ud83d\\u0041\"}",
        "{\"s\": \"\\u12G4\"}",
        "{\"s\": \"\\q\"}",
        "{\"s\": \"\x01\"}",
        "{\"s\": \"a\nb\"}",
        "{\"s\": \"\xC3\"}",
        "{\"s\": \"\xED\xA0\x80\"}",
        "{\"s\": \"\xC0\x80\"}",
        "{\"s\": \"\xF4\x90\x80\x80\"}",
        "{\"a\": 1, \"a\": 2}",
        "{\"a\": 1,}",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{a: 1}",
        "\"top\"",
        "1",
        "true",
        "[] x",
        "[truex]",
        "[nul]",
        "{\"a\": [1, 2]]",
        "{\"t\": \xE2\x80\x9Cquoted\xE2\x80\x9D}",
        "",
    };
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
        expect_same_as_jansson(docs[i], strlen(docs[i]));
    /* One document with a NUL byte in the middle: only jansson decides about it. */
    expect_same_as_jansson("{\"a\": \"x\0y\"}", 12);

    static const char *const pieces[] = {
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\n",
        "\"a\"",
        "\"b\"",
        "\"\\u00e9\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\u0000\"",
        "\"x\\ny\"",
        "\"\xC3\xA9\"",
        "\"\xC3\"",
        "1",
        "-0",
        "01",
        "1.5",
        "-",
        "123456789012345678",
        "1234567890123456789",
        "true",
        "false",
        "null",
        "tru",
        "\"\\q\"",
        "\"a\\\"b\"",
        "\"k\":1",
        "{\"a\":1,\"a\":2}",
        "[1,]",
        "\xE2\x80\x9C",
    };
    uint64_t x = 88172645463325252u; /* xorshift64: the same strings on every run */
    for (int n = 0; n < 20000; n++) {
        char doc[512];
        size_t len = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t count = 1 + x % 12;
        len += (size_t)snprintf(doc, sizeof(doc), "%s", x & 64 ? "{\"k\": [" : "");
        for (size_t k = 0; k < count; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            len += (size_t)snprintf(doc + len, sizeof(doc) - len, "%s",
                                    pieces[x % (sizeof(pieces) / sizeof(pieces[0]))]);
        }
        len += (size_t)snprintf(doc + len, sizeof(doc) - len, "%s", x & 64 ? "]}" : "");
        expect_same_as_jansson(doc, len);
    }
}

static void test_json_str(void **state)
{
    (void)state;
    json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:n, s:[s]}", "title", "Bulky waste collection",
                          "empty", "", "spaces", "  ", "count", 3, "null", "tags", "waste");
    assert_non_null(o);
    const char *t = seo_json_str(o, "title");
    assert_string_equal(t, "Bulky waste collection");
    /* Borrowed: the very string held by the object. */
    assert_ptr_equal(t, json_string_value(json_object_get(o, "title")));
    assert_null(seo_json_str(o, "empty"));
    assert_string_equal(seo_json_str(o, "spaces"), "  ");
    assert_null(seo_json_str(o, "count"));
    assert_null(seo_json_str(o, "null"));
    assert_null(seo_json_str(o, "tags"));
    assert_null(seo_json_str(o, "missing"));
    assert_null(seo_json_str(NULL, "title"));
    json_t *arr = json_pack("[s]", "title");
    assert_null(seo_json_str(arr, "title"));
    json_decref(arr);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_valid),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_depth_at_limit_and_strings),
        cmocka_unit_test(test_syntax_error_at_token_start),
        cmocka_unit_test(test_syntax_error_token_at_line_start),
        cmocka_unit_test(test_syntax_error_at_end_of_input),
        cmocka_unit_test(test_bad_json_fixture),
        cmocka_unit_test(test_error_without_err),
        cmocka_unit_test(test_what_names_the_document),
        cmocka_unit_test(test_reader_agrees_with_jansson),
        cmocka_unit_test(test_json_str),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
