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
        cmocka_unit_test(test_json_str),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
