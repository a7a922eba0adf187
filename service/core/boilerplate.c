#include "boilerplate.h"

#include "mem.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* Whole blocks that are navigation when they are all the block says (folded). */
static const char *const nav_lines[] = {"skip navigation",
                                        "skip to content",
                                        "skip to main content",
                                        "skip to navigation",
                                        "skip to footer",
                                        "go to",
                                        "back to top",
                                        "top of page",
                                        "return to top",
                                        "print",
                                        "print this page",
                                        "share",
                                        "share this",
                                        "share this article",
                                        "share this page",
                                        "share on facebook",
                                        "share on twitter",
                                        "menu",
                                        "main menu",
                                        "home",
                                        "next",
                                        "previous",
                                        "next article",
                                        "previous article",
                                        "read more",
                                        "learn more",
                                        "click here",
                                        "sign in",
                                        "log in",
                                        "sign up",
                                        "subscribe",
                                        "advertisement",
                                        "sponsored",
                                        "related articles",
                                        "related posts",
                                        "related content",
                                        "you may also like",
                                        "cookie settings",
                                        "accept cookies",
                                        "accept all cookies",
                                        "accept all",
                                        "reject all",
                                        "email",
                                        "facebook",
                                        "twitter",
                                        "pinterest",
                                        "linkedin",
                                        "tweet",
                                        "whatsapp",
                                        "search",
                                        "close",
                                        "open menu",
                                        "toggle navigation",
                                        "breadcrumb",
                                        "you are here",
                                        "listen",
                                        "save",
                                        "bookmark",
                                        "was this page useful",
                                        "was this page helpful",
                                        "was this article helpful",
                                        "was this helpful",
                                        "did you find this helpful",
                                        "is this page useful",
                                        "rate this article"};

/* Phrases that mark a short block as a footer, notice or disclaimer. */
static const char *const footer_phrases[] = {"all rights reserved",
                                             "we use cookies",
                                             "this website uses cookies",
                                             "this site uses cookies",
                                             "contains general health information",
                                             "not all treatments or services described are covered",
                                             "is not a substitute for professional medical advice",
                                             "does not replace the advice",
                                             "not intended as a substitute for professional",
                                             "for informational purposes only and",
                                             "evidence of coverage",
                                             "terms of use and privacy policy",
                                             "privacy policy and terms",
                                             "current as of",
                                             "this information does not replace",
                                             "by continuing to use this site"};

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool seo_boilerplate_text(const char *text)
{
    struct seo_buf f = {0};
    bool result = false;
    size_t len = strlen(text);
    /* Every rule below is about short text (at most 120 words); a long paragraph is content. */
    if (len > 1200)
        return false;
    /* The exact and prefix rules look at the start only; folding all of a long paragraph is waste.
     */
    seo_utf8_fold(&f, text, len < 240 ? len : 240);
    if (f.len == 0)
        goto out;
    for (size_t k = 0; k < sizeof(nav_lines) / sizeof(nav_lines[0]); k++) {
        if (strcmp(f.data, nav_lines[k]) == 0) {
            result = true;
            goto out;
        }
    }
    /* "Enter K977 in the search box to learn more about …" */
    if (starts_with(f.data, "enter ") &&
        (strstr(f.data, "search box") || strstr(f.data, "search field"))) {
        result = true;
        goto out;
    }
    /* Page metadata: "Last updated: 14 January 2026", "Page last reviewed: …" */
    static const char *const meta_prefixes[] = {"last updated",  "page last updated",
                                                "last reviewed", "page last reviewed",
                                                "last modified", "updated on"};
    for (size_t k = 0; k < sizeof(meta_prefixes) / sizeof(meta_prefixes[0]); k++) {
        if (starts_with(f.data, meta_prefixes[k]) && len < 120) {
            result = true;
            goto out;
        }
    }
    /* Bylines and post metadata: "By Priya Raman | Baking | 6 min read", "Posted in …", "Tags: …"
     */
    if (len < 160 &&
        (strstr(f.data, " min read") || (starts_with(f.data, "by ") && strchr(text, '|')) ||
         strstr(text, " - by ") || strstr(text, "| by ") || starts_with(f.data, "posted in ") ||
         starts_with(f.data, "posted on ") || starts_with(f.data, "published on ") ||
         starts_with(text, "Tags:") || starts_with(text, "Filed under"))) {
        result = true;
        goto out;
    }
    /* "© 2026 Example Inc." and "Copyright 2026 …" */
    if (len < 200 && (starts_with(text, "\xC2\xA9") || starts_with(f.data, "copyright ") ||
                      starts_with(text, "(c) "))) {
        result = true;
        goto out;
    }
    /* Footers are short: at most 120 words (counted by their spaces, which is cheap). The
     * phrases are lower-case ASCII, so an ASCII-lower-cased copy lets strstr do the search. */
    char lower[1201];
    size_t spaces = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        spaces += c == ' ';
        lower[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    lower[len] = '\0';
    for (size_t k = 0; k < sizeof(footer_phrases) / sizeof(footer_phrases[0]) && spaces < 120;
         k++) {
        if (strstr(lower, footer_phrases[k])) {
            result = true;
            goto out;
        }
    }
out:
    seo_buf_free(&f);
    return result;
}

/*
 * A paragraph or item made only of links ("Yes No", "Related: A | B") is
 * navigation: outside its <a> elements there is nothing but separators.
 */
static bool links_only(const char *html)
{
    bool any = false;
    const char *p = html;
    /* A short label may lead: "Related:", "See also:", "Read next:". */
    const char *first = strstr(html, "<a ");
    if (first && first != html && first - html <= 30 &&
        !memchr(html, '<', (size_t)(first - html))) {
        const char *q = first;
        while (q > html && q[-1] == ' ')
            q--;
        if (q > html && q[-1] == ':')
            p = first;
    }
    while (*p) {
        if (strncmp(p, "<a ", 3) == 0 || strncmp(p, "<a>", 3) == 0) {
            const char *end = strstr(p, "</a>");
            if (!end)
                return false;
            p = end + 4;
            any = true;
            continue;
        }
        if (*p == '<') { /* other inline tags around links */
            const char *gt = strchr(p, '>');
            if (!gt)
                return false;
            p = gt + 1;
            continue;
        }
        if (strncmp(p, "\xC2\xB7", 2) == 0) { /* middle dot */
            p += 2;
            continue;
        }
        if (strncmp(p, "\xE2\x80\xA2", 3) == 0 || strncmp(p, "\xE2\x80\x93", 3) == 0) {
            p += 3; /* bullet, en dash */
            continue;
        }
        if (!strchr(" |,;:/-", *p))
            return false;
        p++;
    }
    return any;
}

/* A block that introduces what follows: a heading, or a short question or "…:" line. */
static bool lead_in(const struct seo_block *b)
{
    if (b->type == SEO_BLOCK_HEADING)
        return true;
    if (b->type != SEO_BLOCK_PARAGRAPH)
        return false;
    const char *t = b->content.text;
    size_t n = strlen(t);
    return n && (t[n - 1] == '?' || t[n - 1] == ':') && seo_utf8_word_count(t, n) <= 20;
}

size_t seo_boilerplate_clean(struct seo_document *doc)
{
    size_t n = doc->n_blocks, removed = 0;
    if (!n)
        return 0;
    bool *mark = seo_xcalloc(n, sizeof(*mark));
    for (size_t i = 0; i < n; i++) {
        struct seo_block *b = &doc->blocks[i];
        if (b->type == SEO_BLOCK_PARAGRAPH) {
            mark[i] = seo_boilerplate_text(b->content.text) || links_only(b->content.html);
            continue;
        }
        if (b->type != SEO_BLOCK_LIST) {
            mark[i] = seo_boilerplate_text(b->content.text);
            continue;
        }
        size_t kept = 0, links = 0;
        for (size_t k = 0; k < b->n_items; k++)
            links += links_only(b->items[k].html);
        if (links == b->n_items) { /* a list of links is a menu or a table of contents */
            mark[i] = true;
            continue;
        }
        for (size_t k = 0; k < b->n_items; k++) {
            if (seo_boilerplate_text(b->items[k].text)) {
                seo_inline_free(&b->items[k]);
                continue;
            }
            b->items[kept++] = b->items[k];
        }
        b->n_items = kept;
        mark[i] = kept == 0;
    }
    /* Backwards, so a lead-in sees whether the lead-ins after it were removed. */
    for (size_t i = n; i-- > 0;) {
        if (mark[i] || !lead_in(&doc->blocks[i]))
            continue;
        size_t j = i + 1, skipped = 0;
        while (j < n && mark[j]) {
            skipped++;
            j++;
        }
        bool section_over = j == n || doc->blocks[j].type == SEO_BLOCK_HEADING ||
                            doc->blocks[j].type == SEO_BLOCK_RULE;
        if (skipped && section_over)
            mark[i] = true;
    }
    for (size_t i = n; i-- > 0;) {
        if (mark[i]) {
            seo_doc_remove(doc, i);
            removed++;
        }
    }
    free(mark);
    return removed;
}
