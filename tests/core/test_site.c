/* Tests service/core/site.c: article type names. */
#include "site.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

static void names(void **state)
{
    (void)state;
    assert_string_equal(seo_article_type_name(SEO_ARTICLE), "Article");
    assert_string_equal(seo_article_type_name(SEO_BLOG_POSTING), "BlogPosting");
    assert_string_equal(seo_article_type_name(SEO_NEWS_ARTICLE), "NewsArticle");
}

static void round_trip(void **state)
{
    (void)state;
    static const enum seo_article_type all[] = {SEO_ARTICLE, SEO_BLOG_POSTING, SEO_NEWS_ARTICLE};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        enum seo_article_type t = (enum seo_article_type) - 1;
        assert_true(seo_article_type_parse(seo_article_type_name(all[i]), &t));
        assert_int_equal(t, all[i]);
    }
}

static void unknown_names_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",         "article",      "ARTICLE",          "Blogposting", "BlogPost", "News",
        "Article ", " NewsArticle", "ScholarlyArticle", "TechArticle", "WebPage",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        enum seo_article_type t = SEO_NEWS_ARTICLE;
        if (seo_article_type_parse(bad[i], &t))
            fail_msg("\"%s\" accepted as an article type", bad[i]);
        /* The out-parameter stays untouched on failure. */
        assert_int_equal(t, SEO_NEWS_ARTICLE);
        t = SEO_ARTICLE;
        assert_false(seo_article_type_parse(bad[i], &t));
        assert_int_equal(t, SEO_ARTICLE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(round_trip),
        cmocka_unit_test(unknown_names_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
