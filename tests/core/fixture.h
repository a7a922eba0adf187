/* Shared by the unit tests: reading fixtures from tests/fixtures/. */
#ifndef SEO_TEST_FIXTURE_H
#define SEO_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

/*
 * Reads <dir>/<name> whole, `dir` relative to tests/fixtures ("" for tests/fixtures itself,
 * "../cms/fixtures" for another fixture folder); aborts the test binary when it is missing.
 * Caller frees.
 */
static inline char *read_fixture_in(const char *dir, const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s%s%s", SEOPIPE_FIXTURES, dir, *dir ? "/" : "", name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "missing fixture %s\n", path);
        abort();
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        abort();
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Reads tests/fixtures/<name> whole (read_fixture_in). Caller frees. */
static inline char *read_fixture(const char *name, size_t *len)
{
    return read_fixture_in("", name, len);
}

#ifdef SEO_DOC_H
#include "buf.h"

/*
 * One line per block, so a whole document is compared at once:
 *   "h2 text", "p text", "ul [item][item]", "ol [item]", "hr". Caller frees.
 */
static inline char *outline(const struct seo_document *doc)
{
    struct seo_buf o = {0};
    for (size_t i = 0; i < doc->n_blocks; i++) {
        const struct seo_block *b = &doc->blocks[i];
        switch (b->type) {
        case SEO_BLOCK_HEADING:
            seo_buf_printf(&o, "h%d %s\n", b->level, b->content.text);
            break;
        case SEO_BLOCK_PARAGRAPH:
            seo_buf_printf(&o, "p %s\n", b->content.text);
            break;
        case SEO_BLOCK_LIST:
            seo_buf_puts(&o, b->ordered ? "ol " : "ul ");
            for (size_t k = 0; k < b->n_items; k++)
                seo_buf_printf(&o, "[%s]", b->items[k].text);
            seo_buf_putc(&o, '\n');
            break;
        case SEO_BLOCK_RULE:
            seo_buf_puts(&o, "hr\n");
            break;
        }
    }
    return seo_buf_take(&o);
}
#endif

#endif
