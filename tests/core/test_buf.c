/* Unit tests for service/core/buf.c. */
#include "buf.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void test_append_puts_putc(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_puts(&b, "Bulky waste");
    seo_buf_putc(&b, ' ');
    seo_buf_append(&b, "collection | Northbridge", 10);
    assert_string_equal(b.data, "Bulky waste collection");
    assert_int_equal(b.len, 22);
    assert_true(b.cap >= b.len + 1);
    assert_int_equal(b.data[b.len], '\0');
    seo_buf_free(&b);
}

static void test_append_empty_allocates_empty_string(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_append(&b, "ignored", 0);
    assert_non_null(b.data);
    assert_string_equal(b.data, "");
    assert_int_equal(b.len, 0);
    seo_buf_puts(&b, "");
    assert_int_equal(b.len, 0);
    seo_buf_free(&b);
}

static void test_reserve(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    /* An empty buffer that only reserved room is an empty string too. */
    seo_buf_reserve(&b, 100);
    assert_non_null(b.data);
    assert_string_equal(b.data, "");
    assert_true(b.cap >= 101);
    seo_buf_puts(&b, "Hay bales");
    size_t cap = b.cap;
    seo_buf_reserve(&b, 10); /* room enough: nothing moves */
    assert_int_equal(b.cap, cap);
    seo_buf_reserve(&b, cap);
    assert_true(b.cap >= b.len + cap + 1);
    assert_string_equal(b.data, "Hay bales");
    char *s = seo_buf_take(&b);
    assert_string_equal(s, "Hay bales");
    free(s);
}

static void test_append_keeps_embedded_nul(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_append(&b, "a\0b", 3);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b\0", 4);
    seo_buf_free(&b);
}

static void test_growth_keeps_content(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    for (int i = 0; i < 20000; i++)
        seo_buf_putc(&b, (char)('a' + i % 26));
    assert_int_equal(b.len, 20000);
    assert_true(b.cap > 20000);
    for (int i = 0; i < 20000; i++)
        assert_int_equal(b.data[i], 'a' + i % 26);
    assert_int_equal(b.data[20000], '\0');
    seo_buf_free(&b);
}

static void test_printf(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_printf(&b, "%s has %zu FAQ entries", "wordpress-faq-block.html", (size_t)3);
    seo_buf_printf(&b, " (line %d, column %d)", 4, 22);
    assert_string_equal(b.data, "wordpress-faq-block.html has 3 FAQ entries (line 4, column 22)");
    assert_int_equal(b.len, strlen(b.data));

    /* An empty expansion appends nothing. */
    size_t before = b.len;
    seo_buf_printf(&b, "%s", "");
    assert_int_equal(b.len, before);

    /* Longer than any small internal buffer. */
    seo_buf_reset(&b);
    seo_buf_printf(&b, "[%-1000s]", "x");
    assert_int_equal(b.len, 1002);
    assert_int_equal(b.data[0], '[');
    assert_int_equal(b.data[1], 'x');
    assert_int_equal(b.data[1000], ' ');
    assert_int_equal(b.data[1001], ']');
    assert_int_equal(b.data[1002], '\0');
    seo_buf_free(&b);
}

static void test_html_escape(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_puts(&b, "<p>");
    const char *s = "Tom & Jerry's \"best\" <b>caf\xC3\xA9</b>";
    seo_buf_html_escape(&b, s, strlen(s));
    assert_string_equal(b.data,
                        "<p>Tom &amp; Jerry's &quot;best&quot; &lt;b&gt;caf\xC3\xA9&lt;/b&gt;");

    /* Only `n` bytes; nothing to escape; escape at the very end. */
    seo_buf_reset(&b);
    seo_buf_html_escape(&b, "A&B", 1);
    seo_buf_html_escape(&b,
                        "28\xC2\xB0"
                        "F",
                        5);
    seo_buf_html_escape(&b, "x>", 2);
    assert_string_equal(b.data, "A28\xC2\xB0"
                                "Fx&gt;");

    /* An already escaped entity is escaped again: the input is text, not HTML. */
    seo_buf_reset(&b);
    seo_buf_html_escape(&b, "&amp;", 5);
    assert_string_equal(b.data, "&amp;amp;");
    seo_buf_free(&b);
}

static void test_take(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_puts(&b, "How do I book a bulky waste collection?");
    char *s = seo_buf_take(&b);
    assert_string_equal(s, "How do I book a bulky waste collection?");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    free(s);

    /* An empty buffer gives "" that the caller frees. */
    s = seo_buf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);

    /* The buffer is usable again after take. */
    seo_buf_puts(&b, "again");
    s = seo_buf_take(&b);
    assert_string_equal(s, "again");
    free(s);
}

static void test_reset(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_reset(&b); /* on a zero buffer */
    assert_null(b.data);
    assert_int_equal(b.len, 0);

    seo_buf_puts(&b, "Last updated: 14 January 2026");
    size_t cap = b.cap;
    seo_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, cap);
    assert_string_equal(b.data, "");
    seo_buf_puts(&b, "ok");
    assert_string_equal(b.data, "ok");
    seo_buf_free(&b);
}

static void test_free_twice(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_puts(&b, "text");
    seo_buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    seo_buf_free(&b);
    assert_null(b.data);
}

static void test_rtrim(void **state)
{
    (void)state;
    struct seo_buf b = {0};
    seo_buf_rtrim(&b); /* on a zero buffer */
    assert_int_equal(b.len, 0);

    seo_buf_puts(&b, "  Answer text \t\r\n\f\v");
    seo_buf_rtrim(&b);
    assert_string_equal(b.data, "  Answer text");
    assert_int_equal(b.len, 13);

    seo_buf_rtrim(&b); /* nothing more to trim */
    assert_string_equal(b.data, "  Answer text");

    seo_buf_reset(&b);
    seo_buf_puts(&b, " \r\n ");
    seo_buf_rtrim(&b);
    assert_string_equal(b.data, "");
    assert_int_equal(b.len, 0);

    /* Only ASCII white space: a trailing no-break space is kept. */
    seo_buf_reset(&b);
    seo_buf_puts(&b, "veille\xC2\xA0");
    seo_buf_rtrim(&b);
    assert_string_equal(b.data, "veille\xC2\xA0");

    /* A NUL byte in the data is not white space. */
    seo_buf_reset(&b);
    seo_buf_append(&b, "a\0", 2);
    seo_buf_rtrim(&b);
    assert_int_equal(b.len, 2);
    seo_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_puts_putc),
        cmocka_unit_test(test_append_empty_allocates_empty_string),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_append_keeps_embedded_nul),
        cmocka_unit_test(test_growth_keeps_content),
        cmocka_unit_test(test_printf),
        cmocka_unit_test(test_html_escape),
        cmocka_unit_test(test_take),
        cmocka_unit_test(test_reset),
        cmocka_unit_test(test_free_twice),
        cmocka_unit_test(test_rtrim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
