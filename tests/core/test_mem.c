/* Tests service/core/mem.c: allocation helpers. */
#include "mem.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void strings_are_copied(void **state)
{
    (void)state;
    char *a = seo_xstrdup("knee");
    char *b = seo_xstrndup("knee pain", 4);
    assert_string_equal(a, "knee");
    assert_string_equal(b, "knee");
    free(a);
    free(b);
}

static void grow_doubles_and_keeps_contents(void **state)
{
    (void)state;
    int *v = NULL;
    size_t cap = 0;
    for (int i = 0; i < 100; i++) {
        v = seo_xgrow(v, &cap, (size_t)i + 1, sizeof(*v));
        v[i] = i;
    }
    assert_true(cap >= 100 && cap < 200);
    for (int i = 0; i < 100; i++)
        assert_int_equal(v[i], i);
    size_t before = cap;
    v = seo_xgrow(v, &cap, 10, sizeof(*v)); /* no shrink, no move needed */
    assert_int_equal(cap, before);
    free(v);
}

static void zero_sizes_are_valid(void **state)
{
    (void)state;
    void *p = seo_xmalloc(0);
    void *q = seo_xcalloc(0, 8);
    assert_non_null(p);
    assert_non_null(q);
    free(p);
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_are_copied),
        cmocka_unit_test(grow_doubles_and_keeps_contents),
        cmocka_unit_test(zero_sizes_are_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
