/*
 * Fuzz target for what the HTTP server does with a request's URI before any
 * handler runs: the route templates (service/route.c, seo_route_match) and
 * the query parsing of GET /v1/deliveries (libevent's
 * evhttp_parse_query_str and evhttp_uridecode).
 *
 * Input: a template, a newline, a path (the real templates are corpus
 * seeds); the whole input is also parsed as a query string and URI-decoded.
 *
 * Invariants (abort() when broken): param is NUL-terminated within its
 * capacity and nothing past it is written; a match only when the path has
 * the template's shape (same segments, literals equal, a {...} segment
 * non-empty); param never holds '/', and is the path's last {...} segment
 * when that fits; every parsed query pair is two strings; a decoded URI is
 * no longer than its input and ends at its length.
 */
#include "driver.h"

#include "route.h"

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARAM_CAP 130 /* struct http_exchange's param */
#define CANARY 0xA5

static void violated(const char *what)
{
    fprintf(stderr, "fuzz_query: invariant violated: %s\n", what);
    abort();
}

/*
 * The reference: whether `path` has the shape of a template whose "{...}"
 * parts are whole segments; -1 when the template is not of that kind (then
 * only memory safety is checked). The last parameter segment goes to
 * last/last_len.
 */
static int shape_matches(const char *template, const char *path, const char **last,
                         size_t *last_len)
{
    *last = NULL;
    *last_len = 0;
    for (;;) {
        size_t tn = strcspn(template, "/"), pn = strcspn(path, "/");
        bool param = tn >= 2 && template[0] == '{' && template[tn - 1] == '}';
        if (memchr(template, '{', tn) &&
            (!param || memchr(template + 1, '{', tn - 2) || memchr(template, '}', tn - 1)))
            return -1; /* braces inside a segment, or an unclosed one */
        if (!param && memchr(template, '}', tn))
            return -1;
        if (param) {
            if (pn == 0)
                return 0;
            *last = path;
            *last_len = pn;
        } else if (tn != pn || memcmp(template, path, tn) != 0) {
            return 0;
        }
        template += tn;
        path += pn;
        if (!*template || !*path)
            return !*template && !*path;
        template ++; /* both at a '/' */
        path++;
    }
}

static void check_route(const char *template, const char *path)
{
    unsigned char buf[PARAM_CAP + 16];
    memset(buf, CANARY, sizeof(buf));
    char *param = (char *)buf;
    bool matched = seo_route_match(template, path, param, PARAM_CAP);
    for (size_t i = PARAM_CAP; i < sizeof(buf); i++)
        if (buf[i] != CANARY)
            violated("a byte past the parameter's capacity was written");
    if (!memchr(param, '\0', PARAM_CAP))
        violated("the parameter is not NUL-terminated within its capacity");
    if (strchr(param, '/'))
        violated("the parameter holds a '/'");
    const char *last;
    size_t last_len;
    int want = shape_matches(template, path, &last, &last_len);
    if (want >= 0 && matched != (want == 1))
        violated(matched ? "a match although the path does not have the template's shape"
                         : "no match although the path has the template's shape");
    if (matched && want == 1) {
        bool fits = last && last_len < PARAM_CAP;
        if (fits ? strlen(param) != last_len || memcmp(param, last, last_len) != 0 : param[0])
            violated("the parameter is not the path's {...} segment");
    }
    /* No capacity at all: nothing may be written. */
    unsigned char none = CANARY;
    seo_route_match(template, path, (char *)&none, 0);
    if (none != CANARY)
        violated("a parameter of capacity 0 was written");
}

static void check_query(const char *query, size_t len)
{
    struct evkeyvalq params = {NULL, &params.tqh_first}; /* TAILQ_INIT */
    if (evhttp_parse_query_str(query, &params) == 0) {
        for (const struct evkeyval *kv = params.tqh_first; kv; kv = kv->next.tqe_next)
            if (!kv->key || !kv->value || strlen(kv->key) > len || strlen(kv->value) > len)
                violated("a query pair is not two strings from the input");
        (void)evhttp_find_header(&params, "cursor");
        (void)evhttp_find_header(&params, "limit");
    }
    evhttp_clear_headers(&params);
    for (int plus = 0; plus <= 1; plus++) {
        size_t n = 0;
        char *decoded = evhttp_uridecode(query, plus, &n);
        if (!decoded)
            abort(); /* out of memory */
        if (n > len || decoded[n] != '\0')
            violated("a decoded URI is longer than its input or does not end at its length");
        free(decoded);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    size_t len = strlen(text); /* a URI from evhttp never holds a NUL */
    check_query(text, len);
    char *nl = strchr(text, '\n');
    if (nl) {
        *nl = '\0';
        check_route(text, nl + 1);
    } else {
        check_route("/v1/drafts/{id}/publish", text);
    }
    free(text);
    return 0;
}
