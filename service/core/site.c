#include "site.h"

#include <string.h>

static const char *const type_names[] = {"Article", "BlogPosting", "NewsArticle"};

const char *seo_article_type_name(enum seo_article_type t)
{
    return (size_t)t < sizeof(type_names) / sizeof(type_names[0]) ? type_names[t] : "Article";
}

bool seo_article_type_parse(const char *name, enum seo_article_type *out)
{
    for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++) {
        if (strcmp(name, type_names[i]) == 0) {
            *out = (enum seo_article_type)i;
            return true;
        }
    }
    return false;
}
