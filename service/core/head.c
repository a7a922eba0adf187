#include "head.h"

#include "buf.h"
#include "json.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

void seo_head_script_json(struct seo_buf *out, const char *json)
{
    /* In JSON text these characters occur only inside strings, where \uXXXX means the same.
     * The text between them is copied in runs. */
    size_t run = 0, i = 0;
    for (; json[i]; i++) {
        const char *esc = json[i] == '<'   ? "\\u003c"
                          : json[i] == '>' ? "\\u003e"
                          : json[i] == '&' ? "\\u0026"
                                           : NULL;
        if (!esc)
            continue;
        seo_buf_append(out, json + run, i - run);
        seo_buf_puts(out, esc);
        run = i + 1;
    }
    seo_buf_append(out, json + run, i - run);
}

static void meta(struct seo_buf *b, const char *attr, const char *name, const char *content)
{
    if (!content || !*content)
        return;
    seo_buf_printf(b, "<meta %s=\"%s\" content=\"", attr, name);
    seo_buf_html_escape(b, content, strlen(content));
    seo_buf_puts(b, "\">\n");
}

/* "en-US" -> "en_US" as Open Graph writes locales. */
static void og_locale(const char *bcp47, char out[16])
{
    size_t i = 0;
    for (; bcp47[i] && i < 15; i++)
        out[i] = bcp47[i] == '-' ? '_' : bcp47[i];
    out[i] = '\0';
}

/* A string value in the Article node of the graph, by property. */
static const char *article_value(const struct seo_result *r, const char *key)
{
    json_t *graph = json_object_get(r->jsonld, "@graph");
    return json_string_value(json_object_get(json_array_get(graph, 0), key));
}

char *seo_head_html(const struct seo_result *r)
{
    struct seo_buf b = {0};
    char lang[16], locale[16];
    seo_schema_language(r, lang);
    og_locale(lang, locale);
    const char *title = r->meta_title ? r->meta_title : r->doc.title;
    const char *image = r->draft.image ? r->draft.image : r->hints.image;
    if (title) {
        seo_buf_puts(&b, "<title>");
        seo_buf_html_escape(&b, title, strlen(title));
        seo_buf_puts(&b, "</title>\n");
    }
    meta(&b, "name", "description", r->meta_description);
    if (r->canonical) {
        seo_buf_puts(&b, "<link rel=\"canonical\" href=\"");
        seo_buf_html_escape(&b, r->canonical, strlen(r->canonical));
        seo_buf_puts(&b, "\">\n");
    }
    meta(&b, "property", "og:locale", locale);
    meta(&b, "property", "og:type", "article");
    meta(&b, "property", "og:title", title);
    meta(&b, "property", "og:description", r->meta_description);
    meta(&b, "property", "og:url", r->canonical);
    meta(&b, "property", "og:site_name", r->site ? r->site->name : NULL);
    meta(&b, "property", "article:published_time", article_value(r, "datePublished"));
    meta(&b, "property", "article:modified_time", article_value(r, "dateModified"));
    meta(&b, "property", "og:image", image);
    meta(&b, "name", "twitter:card", image ? "summary_large_image" : "summary");
    meta(&b, "name", "twitter:title", title);
    meta(&b, "name", "twitter:description", r->meta_description);
    struct seo_buf json = {0};
    seo_json_write(&json, r->jsonld, 0);
    seo_buf_puts(&b, "<script type=\"application/ld+json\">");
    seo_head_script_json(&b, json.data);
    seo_buf_puts(&b, "</script>\n");
    seo_buf_free(&json);
    return seo_buf_take(&b);
}
