/* Tests service/core/package.c: the JSON rendering of a result. */
#include "seopipe.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static json_t *render(const char *input)
{
    struct seo_options opts = seo_options_default();
    struct seo_result r;
    struct seo_error err;
    if (seo_generate(input, strlen(input), &opts, &r, &err) != SEO_OK)
        fail_msg("%s", err.message);
    char *text = seo_result_json(&r);
    seo_result_free(&r);
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    free(text);
    assert_non_null(root);
    return root;
}

static void shape_of_a_text_draft(void **state)
{
    (void)state;
    json_t *root =
        render("Title line\n\nA first paragraph that is long enough to read as body text.\n\n"
               "Why ask?\n\nBecause answers help readers decide.\n");
    json_t *doc = json_object_get(root, "document");
    assert_string_equal(json_string_value(json_object_get(doc, "title")), "Title line");
    assert_string_equal(json_string_value(json_object_get(doc, "language")), "en");
    assert_string_equal(json_string_value(json_object_get(doc, "stemmer")), "english");
    assert_string_equal(json_string_value(json_object_get(doc, "format")), "text");
    assert_int_equal(json_integer_value(json_object_get(doc, "paragraph_count")), 2);
    assert_int_equal(json_integer_value(json_object_get(doc, "list_count")), 0);
    assert_int_equal(json_array_size(json_object_get(doc, "headings")), 1);
    json_t *faq = json_object_get(root, "faq");
    assert_int_equal(json_array_size(faq), 1);
    json_t *e = json_array_get(faq, 0);
    assert_string_equal(json_string_value(json_object_get(e, "question")), "Why ask?");
    assert_string_equal(json_string_value(json_object_get(e, "source")), "heading");
    assert_true(json_is_true(json_object_get(e, "visible")));
    /* Absent facts are left out: no site, no canonical URL for a raw document. */
    assert_null(json_object_get(root, "site"));
    assert_null(json_object_get(root, "canonical"));
    assert_true(json_is_object(json_object_get(root, "faq_schema")));
    assert_string_equal(json_string_value(json_object_get(root, "focus_keyword")), "title line");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(root, "generator"), "name")), "seopipe");
    json_decref(root);
}

static void draft_facts_reach_the_graph_without_empty_strings(void **state)
{
    (void)state;
    json_t *root = render(
        "{\"title\":\"T\",\"body\":\"Body text here.\",\"author\":{\"name\":\"Ann\",\"url\":\"\"},"
        "\"tags\":[\"x\"],\"url\":\"\",\"locale\":\"de-AT\"}");
    json_t *article = json_object_get(root, "article_schema");
    json_t *author = json_object_get(article, "author");
    assert_string_equal(json_string_value(json_object_get(author, "name")), "Ann");
    assert_null(json_object_get(author, "url"));
    assert_null(json_object_get(root, "canonical"));
    assert_string_equal(json_string_value(json_object_get(article, "inLanguage")), "de-AT");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(root, "document"), "language")), "de");
    json_decref(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shape_of_a_text_draft),
        cmocka_unit_test(draft_facts_reach_the_graph_without_empty_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
