/* Tests service/core/error.c: user-facing errors. */
#include "error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static void set_fills_every_field(void **state)
{
    (void)state;
    struct seo_error err;
    memset(&err, 0x5A, sizeof(err));
    assert_int_equal(seo_error_set(&err, SEO_ERR_TYPE, "/faq/2", "bad %s at %d", "answer", 7),
                     SEO_ERR_TYPE);
    assert_int_equal(err.status, SEO_ERR_TYPE);
    assert_string_equal(err.field, "/faq/2");
    assert_string_equal(err.message, "bad answer at 7");
    assert_int_equal(err.line, 0);
    assert_int_equal(err.column, 0);
    assert_int_equal(err.offset, (size_t)-1);
}

static void long_messages_are_cut_safely(void **state)
{
    (void)state;
    struct seo_error err;
    char big[1000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    seo_error_set(&err, SEO_ERR_LIMIT, big, "%s", big);
    assert_int_equal(strlen(err.message), sizeof(err.message) - 1);
    assert_int_equal(strlen(err.field), sizeof(err.field) - 1);
}

static void null_error(void **state)
{
    (void)state;
    assert_int_equal(seo_error_set(NULL, SEO_ERR_SYNTAX, NULL, "ignored"), SEO_ERR_SYNTAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_fills_every_field),
        cmocka_unit_test(long_messages_are_cut_safely),
        cmocka_unit_test(null_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
