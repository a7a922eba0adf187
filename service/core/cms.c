/*
 * CMS webhooks to seopipe drafts (cms.h). Every adapter is one table of
 * field paths (a preset) plus the little each CMS does differently: where
 * the event is, which event means publish, how ids are spelled. The field
 * paths are resolved by lookup(), the draft is assembled by build_draft(),
 * so WordPress, Strapi, Contentful and the generic presets share one reader.
 * Signatures use OpenSSL's HMAC and CRYPTO_memcmp; the schemes differ per
 * CMS only in what is signed and how the digest is spelled.
 */
#include "cms.h"

#include "buf.h"
#include "draft.h"
#include "html.h"
#include "json.h"
#include "mem.h"
#include "richtext.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/sha.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_MAX_AGE_S 300
#define MAX_EVENT_NAME 128
#define MAX_SIGNED_HEADERS 32

/* ---------------------------------------------------------------- presets */

struct preset {
    const char *name;          /* generic preset name; NULL for the fixed adapters and "none" */
    const char *id_prefix;     /* before the id (and collection) */
    const char *string_format; /* format of a string body without a format value; NULL: sniff */
    bool html_text;            /* title and excerpt are HTML (WordPress "rendered") */
    struct seo_cms_mapping map;
};

static const struct preset wordpress_preset = {
    .id_prefix = "wp-",
    .string_format = "html",
    .html_text = true,
    .map =
        {
            .id = "id",
            .title = "title.rendered,title",
            .body = "content.rendered,content",
            .slug = "slug",
            .url = "link",
            .date_published = "date_gmt,date",
            .date_modified = "modified_gmt,modified",
            .author = "_embedded.author.0.name",
            .image = "_embedded.wp:featuredmedia.0.source_url",
            .tags = "_embedded.wp:term",
            .excerpt = "excerpt.rendered,excerpt",
            .status = "status",
            .meta_title = "yoast_head_json.title",
            .meta_description = "yoast_head_json.description",
            .canonical = "yoast_head_json.canonical",
            .focus_keyword = "meta._yoast_wpseo_focuskw,meta.rank_math_focus_keyword",
            .version = "modified_gmt,modified",
        },
};

/* Paths under `entry`; the id is handled by decode_strapi (documentId, else id). */
static const struct preset strapi_preset = {
    .id_prefix = "strapi-",
    .string_format = "markdown",
    .map =
        {
            .title = "title",
            .body = "content,body",
            .slug = "slug",
            .url = "url",
            .locale = "locale",
            .date_published = "publishedAt",
            .date_modified = "updatedAt",
            .author = "author",
            .image = "cover,image",
            .tags = "tags",
            .excerpt = "description,excerpt",
            .version = "updatedAt",
        },
};

/* Field ids under `fields`, each keyed by locale; id, event and version come from sys/headers. */
static const struct preset contentful_preset = {
    .string_format = "markdown",
    .map =
        {
            .title = "title",
            .body = "body,content",
            .slug = "slug",
            .url = "url",
            .date_published = "publishDate,publishedAt",
            .author = "author",
            .image = "image,heroImage",
            .tags = "tags",
            .excerpt = "description,excerpt",
            .meta_title = "seoTitle,metaTitle",
            .meta_description = "seoDescription,metaDescription",
        },
};

#define GHOST(f) "post.current." f ",page.current." f
static const struct preset generic_presets[] = {
    {
        .name = "ghost",
        .id_prefix = "ghost-",
        .string_format = "html",
        .map =
            {
                .id = GHOST("id"),
                .title = GHOST("title"),
                .body = GHOST("html"),
                .slug = GHOST("slug"),
                .url = GHOST("url"),
                .date_published = GHOST("published_at"),
                .date_modified = GHOST("updated_at"),
                .author = GHOST("primary_author"),
                .image = GHOST("feature_image"),
                .tags = GHOST("tags"),
                .excerpt = GHOST("custom_excerpt") "," GHOST("excerpt"),
                .status = GHOST("status"),
                .meta_title = GHOST("meta_title"),
                .meta_description = GHOST("meta_description"),
                .canonical = GHOST("canonical_url"),
                .version = GHOST("updated_at"),
            },
    },
    {
        .name = "sanity",
        .id_prefix = "sanity-",
        .map =
            {
                .id = "id,_id",
                .title = "title",
                .body = "body",
                .format = "bodyFormat",
                .slug = "slug.current,slug",
                .url = "url",
                .locale = "locale,language",
                .date_published = "publishedAt",
                .date_modified = "updatedAt,_updatedAt",
                .author = "author",
                .tags = "tags",
                .excerpt = "excerpt",
                .event = "operation",
                .version = "rev,_rev",
            },
    },
    {
        .name = "directus",
        .id_prefix = "directus-",
        .map =
            {
                .id = "id",
                .collection = "collection",
                .title = "title",
                .body = "body",
                .format = "body_format",
                .slug = "slug",
                .url = "url",
                .locale = "locale",
                .date_published = "date_published,date_created",
                .date_modified = "date_updated",
                .author = "author",
                .tags = "tags",
                .excerpt = "excerpt,summary",
                .event = "event",
                .status = "status",
                .version = "date_updated",
            },
    },
    {
        .name = "payload",
        .id_prefix = "payload-",
        .string_format = "html",
        .map =
            {
                .id = "id",
                .collection = "collection",
                .title = "title",
                .body = "body_html,content",
                .slug = "slug",
                .url = "url",
                .locale = "locale",
                .date_published = "publishedAt,createdAt",
                .date_modified = "updatedAt",
                .author = "author",
                .image = "image,heroImage",
                .tags = "tags",
                .excerpt = "excerpt,description",
                .event = "operation",
                .status = "_status",
                .meta_title = "meta.title",
                .meta_description = "meta.description",
                .version = "updatedAt",
            },
    },
};

static const struct preset no_preset = {.id_prefix = ""};

static const struct preset *find_preset(const char *name)
{
    if (!name || !*name)
        return &no_preset;
    for (size_t i = 0; i < sizeof(generic_presets) / sizeof(generic_presets[0]); i++)
        if (strcmp(name, generic_presets[i].name) == 0)
            return &generic_presets[i];
    return NULL;
}

static const struct preset *adapter_preset(const struct seo_cms_adapter *a)
{
    switch (a->kind) {
    case SEO_CMS_WORDPRESS:
        return &wordpress_preset;
    case SEO_CMS_STRAPI:
        return &strapi_preset;
    case SEO_CMS_CONTENTFUL:
        return &contentful_preset;
    case SEO_CMS_GENERIC:
        return find_preset(a->preset);
    }
    return NULL;
}

#define MAP_FIELD(f) offsetof(struct seo_cms_mapping, f)
static const size_t map_fields[] = {
    MAP_FIELD(id),
    MAP_FIELD(title),
    MAP_FIELD(body),
    MAP_FIELD(format),
    MAP_FIELD(slug),
    MAP_FIELD(url),
    MAP_FIELD(locale),
    MAP_FIELD(date_published),
    MAP_FIELD(date_modified),
    MAP_FIELD(author),
    MAP_FIELD(image),
    MAP_FIELD(tags),
    MAP_FIELD(excerpt),
    MAP_FIELD(event),
    MAP_FIELD(status),
    MAP_FIELD(meta_title),
    MAP_FIELD(meta_description),
    MAP_FIELD(canonical),
    MAP_FIELD(focus_keyword),
    MAP_FIELD(collection),
    MAP_FIELD(version),
};

/* The preset's paths with the configured ones on top. */
static struct seo_cms_mapping effective_mapping(const struct preset *p,
                                                const struct seo_cms_mapping *over)
{
    struct seo_cms_mapping m = p->map;
    for (size_t i = 0; i < sizeof(map_fields) / sizeof(map_fields[0]); i++) {
        const char *o = *(const char *const *)((const char *)over + map_fields[i]);
        if (o)
            *(const char **)((char *)&m + map_fields[i]) = o;
    }
    if (!m.version)
        m.version = m.date_modified;
    return m;
}

bool seo_cms_kind_parse(const char *name, enum seo_cms_kind *out)
{
    static const char *const names[] = {"wordpress", "strapi", "contentful", "generic"};
    for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum seo_cms_kind)i;
            return true;
        }
    }
    return false;
}

bool seo_cms_adapter_init(struct seo_cms_adapter *a, enum seo_cms_kind kind, const char *name,
                          const char *preset)
{
    memset(a, 0, sizeof(*a));
    a->kind = kind;
    a->name = name;
    a->preset = preset;
    a->max_age_s = DEFAULT_MAX_AGE_S;
    if (preset && kind != SEO_CMS_GENERIC)
        return false;
    return adapter_preset(a) != NULL;
}

/* ------------------------------------------------------- authentication */

static const char *header(const struct seo_cms_request *rq, const char *name)
{
    for (size_t i = 0; i < rq->n_headers; i++)
        if (rq->headers[i].name && rq->headers[i].value &&
            strcasecmp(rq->headers[i].name, name) == 0)
            return rq->headers[i].value;
    return NULL;
}

/* HMAC-SHA256 of the concatenated parts (NULL parts skipped). */
static void hmac_sha256(const char *key, const char *const parts[], const size_t lens[], size_t n,
                        unsigned char out[32])
{
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    EVP_MAC_CTX *ctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
                           OSSL_PARAM_construct_end()};
    size_t out_len = 0;
    /* With valid arguments these fail only when out of memory: abort, as mem.c does. */
    if (!ctx || !EVP_MAC_init(ctx, (const unsigned char *)key, strlen(key), params))
        abort();
    for (size_t i = 0; i < n; i++)
        if (lens[i] && !EVP_MAC_update(ctx, (const unsigned char *)parts[i], lens[i]))
            abort();
    if (!EVP_MAC_final(ctx, out, &out_len, 32) || out_len != 32)
        abort();
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
}

static void hex(const unsigned char *d, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[2 * n] = '\0';
}

/* Unpadded base64url, as Sanity's toolkit spells its signatures. */
static void base64url(const unsigned char d[32], char out[48])
{
    unsigned char b64[48];
    EVP_EncodeBlock(b64, d, 32);
    size_t n = 0;
    for (size_t i = 0; b64[i] && b64[i] != '='; i++)
        out[n++] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : (char)b64[i];
    out[n] = '\0';
}

/* Constant-time equality of two strings of possibly different lengths. */
static bool secure_equal(const char *a, size_t an, const char *b, size_t bn)
{
    unsigned char ha[32], hb[32];
    SHA256((const unsigned char *)a, an, ha);
    SHA256((const unsigned char *)b, bn, hb);
    return CRYPTO_memcmp(ha, hb, 32) == 0 && an == bn;
}

static enum seo_status auth_fail(struct seo_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static enum seo_status auth_fail(struct seo_error *err, const char *fmt, ...)
{
    char msg[sizeof(err->message)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return seo_error_set(err, SEO_ERR_AUTH, "", "%s", msg);
}

static enum seo_status check_token(const struct seo_cms_adapter *a,
                                   const struct seo_cms_request *rq, struct seo_error *err)
{
    const char *v = header(rq, "Authorization");
    if (!v)
        return auth_fail(err,
                         "the request has no Authorization header; the CMS must send "
                         "\"Authorization: Bearer <token>\" for ingest \"%s\"",
                         a->name ? a->name : "");
    while (*v == ' ')
        v++;
    if (strncasecmp(v, "Bearer ", 7) != 0)
        return auth_fail(err, "the Authorization header is not a Bearer token");
    v += 7;
    while (*v == ' ')
        v++;
    size_t n = strlen(v);
    while (n && v[n - 1] == ' ')
        n--;
    if (!secure_equal(v, n, a->token, strlen(a->token)))
        return auth_fail(err, "the bearer token does not match ingest \"%s\"'s token",
                         a->name ? a->name : "");
    return SEO_OK;
}

/* A millisecond timestamp within max_age of now. */
static enum seo_status check_timestamp(const struct seo_cms_adapter *a,
                                       const struct seo_cms_request *rq, const char *what,
                                       const char *ts, size_t n, struct seo_error *err)
{
    long long t = 0;
    if (n == 0 || n > 16)
        return auth_fail(err, "the %s timestamp is not a number of milliseconds", what);
    for (size_t i = 0; i < n; i++) {
        if (ts[i] < '0' || ts[i] > '9')
            return auth_fail(err, "the %s timestamp is not a number of milliseconds", what);
        t = t * 10 + (ts[i] - '0');
    }
    long long max = (long long)(a->max_age_s ? a->max_age_s : DEFAULT_MAX_AGE_S) * 1000;
    long long age = rq->now_ms - t;
    if (age > max)
        return auth_fail(err, "the %s timestamp is %lld s old; at most %lld s are accepted", what,
                         age / 1000, max / 1000);
    if (-age > max)
        return auth_fail(err,
                         "the %s timestamp is %lld s in the future; at most %lld s are accepted",
                         what, -age / 1000, max / 1000);
    return SEO_OK;
}

/* Lower-case hex digest `want` against the header's `got` (any case). */
static bool hex_equal(const char *want, const char *got, size_t got_len)
{
    char lower[65];
    if (got_len != 64)
        return secure_equal(want, 64, got, got_len);
    for (size_t i = 0; i < 64; i++)
        lower[i] = (got[i] >= 'A' && got[i] <= 'F') ? (char)(got[i] - 'A' + 'a') : got[i];
    return CRYPTO_memcmp(want, lower, 64) == 0;
}

/*
 * Contentful request verification: HMAC-SHA256 (hex) over method, path with
 * query, the signed headers as "name:value" joined by ';' in the order
 * x-contentful-signed-headers lists them, and the body, joined by '\n'.
 */
static enum seo_status check_contentful(const struct seo_cms_adapter *a,
                                        const struct seo_cms_request *rq, struct seo_error *err)
{
    const char *sig = header(rq, "x-contentful-signature");
    const char *list = header(rq, "x-contentful-signed-headers");
    const char *ts = header(rq, "x-contentful-timestamp");
    if (!sig || !list || !ts)
        return auth_fail(err,
                         "the request has no %s header; turn on request verification for the "
                         "Contentful webhook",
                         !sig    ? "x-contentful-signature"
                         : !list ? "x-contentful-signed-headers"
                                 : "x-contentful-timestamp");
    enum seo_status st = check_timestamp(a, rq, "x-contentful-timestamp", ts, strlen(ts), err);
    if (st != SEO_OK)
        return st;
    struct seo_buf c = {0};
    seo_buf_puts(&c, rq->method ? rq->method : "");
    seo_buf_putc(&c, '\n');
    seo_buf_puts(&c, rq->path ? rq->path : "");
    seo_buf_putc(&c, '\n');
    bool timestamp_signed = false;
    size_t count = 0;
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *next = end ? end + 1 : p + n;
        char name[65];
        while (n && *p == ' ') {
            p++;
            n--;
        }
        while (n && p[n - 1] == ' ')
            n--;
        if (n == 0 || n >= sizeof(name) || ++count > MAX_SIGNED_HEADERS) {
            seo_buf_free(&c);
            return auth_fail(err, "x-contentful-signed-headers is malformed");
        }
        for (size_t i = 0; i < n; i++)
            name[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] - 'A' + 'a') : p[i];
        name[n] = '\0';
        const char *value = header(rq, name);
        if (!value) {
            seo_buf_free(&c);
            return auth_fail(err, "the signed header %s is missing from the request", name);
        }
        if (strcmp(name, "x-contentful-timestamp") == 0)
            timestamp_signed = true;
        if (count > 1)
            seo_buf_putc(&c, ';');
        seo_buf_printf(&c, "%s:%s", name, value);
        p = next;
    }
    if (!timestamp_signed) {
        seo_buf_free(&c);
        return auth_fail(err,
                         "x-contentful-signed-headers does not include x-contentful-timestamp");
    }
    seo_buf_putc(&c, '\n');
    const char *parts[] = {c.data, rq->body};
    size_t lens[] = {c.len, rq->len};
    unsigned char mac[32];
    char want[65];
    hmac_sha256(a->secret, parts, lens, 2, mac);
    seo_buf_free(&c);
    hex(mac, 32, want);
    if (!hex_equal(want, sig, strlen(sig)))
        return auth_fail(err, "x-contentful-signature does not match the request (wrong signing "
                              "secret, or the request was changed)");
    return SEO_OK;
}

/* Finds "key=value" among comma-separated parts; *n gets the value's length. */
static const char *param(const char *h, const char *key, size_t *n)
{
    size_t kn = strlen(key);
    for (const char *p = h; p && *p;) {
        while (*p == ' ')
            p++;
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > kn && strncmp(p, key, kn) == 0 && p[kn] == '=') {
            *n = len - kn - 1;
            while (*n && p[kn + *n] == ' ')
                (*n)--;
            return p + kn + 1;
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

/* Ghost: "X-Ghost-Signature: sha256=<hex HMAC(secret, body + t)>, t=<ms>". */
static enum seo_status check_ghost(const struct seo_cms_adapter *a,
                                   const struct seo_cms_request *rq, struct seo_error *err)
{
    const char *h = header(rq, "X-Ghost-Signature");
    if (!h)
        return auth_fail(err, "the request has no X-Ghost-Signature header; give the Ghost "
                              "webhook the integration's secret");
    size_t sn = 0, tn = 0;
    const char *sig = param(h, "sha256", &sn), *ts = param(h, "t", &tn);
    if (!sig || !ts)
        return auth_fail(err, "X-Ghost-Signature is malformed (want \"sha256=<hex>, t=<ms>\")");
    enum seo_status st = check_timestamp(a, rq, "X-Ghost-Signature", ts, tn, err);
    if (st != SEO_OK)
        return st;
    const char *parts[] = {rq->body, ts};
    size_t lens[] = {rq->len, tn};
    unsigned char mac[32];
    char want[65];
    hmac_sha256(a->secret, parts, lens, 2, mac);
    hex(mac, 32, want);
    if (!hex_equal(want, sig, sn))
        return auth_fail(err, "X-Ghost-Signature does not match the body (wrong secret, or the "
                              "body was changed)");
    return SEO_OK;
}

/* Sanity: "sanity-webhook-signature: t=<ms>,v1=<base64url HMAC(secret, t + "." + body)>". */
static enum seo_status check_sanity(const struct seo_cms_adapter *a,
                                    const struct seo_cms_request *rq, struct seo_error *err)
{
    const char *h = header(rq, "sanity-webhook-signature");
    if (!h)
        return auth_fail(err, "the request has no sanity-webhook-signature header; give the "
                              "Sanity webhook a secret");
    size_t sn = 0, tn = 0;
    const char *sig = param(h, "v1", &sn), *ts = param(h, "t", &tn);
    if (!sig || !ts)
        return auth_fail(err, "sanity-webhook-signature is malformed (want \"t=<ms>,v1=<sig>\")");
    enum seo_status st = check_timestamp(a, rq, "sanity-webhook-signature", ts, tn, err);
    if (st != SEO_OK)
        return st;
    while (sn && sig[sn - 1] == '=')
        sn--;
    const char *parts[] = {ts, ".", rq->body};
    size_t lens[] = {tn, 1, rq->len};
    unsigned char mac[32];
    char want[48];
    hmac_sha256(a->secret, parts, lens, 3, mac);
    base64url(mac, want);
    if (!secure_equal(want, strlen(want), sig, sn))
        return auth_fail(err, "sanity-webhook-signature does not match the body (wrong secret, "
                              "or the body was changed)");
    return SEO_OK;
}

static bool has(const char *s)
{
    return s && *s;
}

bool seo_cms_has_auth(const struct seo_cms_adapter *a)
{
    return has(a->token) || has(a->secret);
}

enum seo_status seo_cms_authenticate(const struct seo_cms_adapter *a,
                                     const struct seo_cms_request *rq, struct seo_error *err)
{
    if (has(a->token)) {
        enum seo_status st = check_token(a, rq, err);
        if (st != SEO_OK)
            return st;
    }
    if (!has(a->secret))
        return SEO_OK;
    if (a->kind == SEO_CMS_CONTENTFUL)
        return check_contentful(a, rq, err);
    if (a->kind == SEO_CMS_GENERIC && a->preset && strcmp(a->preset, "ghost") == 0)
        return check_ghost(a, rq, err);
    if (a->kind == SEO_CMS_GENERIC && a->preset && strcmp(a->preset, "sanity") == 0)
        return check_sanity(a, rq, err);
    /* Fail closed: a secret nobody checks would look like protection. */
    return auth_fail(err,
                     "ingest \"%s\" has a secret, but its CMS does not sign requests; "
                     "configure a token instead",
                     a->name ? a->name : "");
}

/* --------------------------------------------------------------- decoding */

/* Where field paths start: an object, its JSON pointer, and (Contentful) the locale key. */
struct src {
    const json_t *base;
    const char *base_ptr;
    const char *locale;
};

struct dec {
    const struct seo_cms_adapter *a;
    const struct seo_cms_request *rq;
    const struct seo_limits *limits;
    const struct preset *p;
    struct seo_cms_mapping m;
    const json_t *root;
    const json_t *jsonld;   /* existing schema graph to copy (WordPress Yoast), borrowed */
    const json_t *fallback; /* fields a draft gets when it lacks them, borrowed */
    const char *section;    /* WordPress: the first category name, borrowed */
    struct seo_cms_event *ev;
    struct seo_error *err;
};

static enum seo_status wrong_type(struct seo_error *err, const char *ptr, const char *want,
                                  const json_t *got)
{
    return seo_error_set(err, SEO_ERR_TYPE, ptr, "field \"%s\" must be %s, not %s", ptr, want,
                         seo_json_type_name(got));
}

/* Appends "/segment" to a JSON pointer, escaping '~' and '/'. */
static void ptr_append(char *ptr, size_t cap, const char *seg, size_t n)
{
    size_t len = strlen(ptr);
    if (len + 1 < cap)
        ptr[len++] = '/';
    for (size_t i = 0; i < n && len + 2 < cap; i++) {
        if (seg[i] == '~' || seg[i] == '/') {
            ptr[len++] = '~';
            ptr[len++] = seg[i] == '~' ? '0' : '1';
        } else {
            ptr[len++] = seg[i];
        }
    }
    ptr[len] = '\0';
}

/* dst = ptr + "/<i>" (both 128 bytes). */
static void ptr_index(char dst[128], const char *ptr, size_t i)
{
    char num[24];
    int n = snprintf(num, sizeof(num), "%zu", i);
    memmove(dst, ptr, strnlen(ptr, 127) + 1);
    dst[127] = '\0';
    ptr_append(dst, 128, num, (size_t)n);
}

/*
 * Resolves one dot path of `n` bytes from s->base, then the locale key.
 * Returns the value (borrowed) or NULL; *ptr gets its JSON pointer.
 */
static const json_t *resolve(const struct src *s, const char *path, size_t n, char ptr[128])
{
    const json_t *v = s->base;
    snprintf(ptr, 128, "%s", s->base_ptr);
    while (n) {
        const char *dot = memchr(path, '.', n);
        size_t k = dot ? (size_t)(dot - path) : n;
        char seg[128];
        if (k >= sizeof(seg))
            return NULL;
        memcpy(seg, path, k);
        seg[k] = '\0';
        ptr_append(ptr, 128, seg, k);
        if (json_is_object(v)) {
            v = json_object_get(v, seg);
        } else if (json_is_array(v) && k > 0 && k < 9 && strspn(seg, "0123456789") == k) {
            v = json_array_get(v, (size_t)atol(seg));
        } else {
            return NULL;
        }
        if (!v)
            return NULL;
        path += dot ? k + 1 : k;
        n -= dot ? k + 1 : k;
    }
    if (s->locale) {
        ptr_append(ptr, 128, s->locale, strlen(s->locale));
        v = json_is_object(v) ? json_object_get(v, s->locale) : NULL;
    }
    return v;
}

/*
 * The first of the comma-separated `paths` that is present and not null
 * (borrowed), or NULL. *ptr gets the JSON pointer of the value found, or of
 * the first path when none is (for messages).
 */
static const json_t *lookup(const struct src *s, const char *paths, char ptr[128])
{
    ptr[0] = '\0';
    char first[128] = "";
    for (const char *p = paths; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        const json_t *v = resolve(s, p, n, ptr);
        if (!first[0])
            snprintf(first, sizeof(first), "%s", ptr);
        if (v && !json_is_null(v))
            return v;
        p = comma ? comma + 1 : p + n;
    }
    snprintf(ptr, 128, "%s", first);
    return NULL;
}

/* Trimmed like seo_draft_parse trims, so a kept string stays non-empty there. */
static bool is_trim(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A copy of s[0..n) trimmed, or NULL when nothing is left. */
static char *trimmed(const char *s, size_t n)
{
    while (n && is_trim(s[n - 1]))
        n--;
    while (n && is_trim(*s)) {
        s++;
        n--;
    }
    return n ? seo_xstrndup(s, n) : NULL;
}

/*
 * The text of a string value (numbers too when `numbers`): trimmed, NULL
 * when absent, null or empty. Other types, and strings holding a NUL, are
 * SEO_ERR_TYPE naming `ptr`. Caller frees *out.
 */
static enum seo_status text_of(const json_t *v, const char *ptr, bool numbers, char **out,
                               struct seo_error *err)
{
    *out = NULL;
    if (!v || json_is_null(v))
        return SEO_OK;
    if (numbers && json_is_integer(v)) {
        char buf[32];
        snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
        *out = seo_xstrdup(buf);
        return SEO_OK;
    }
    if (!json_is_string(v))
        return wrong_type(err, ptr, numbers ? "a string or an integer" : "a string", v);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (memchr(s, '\0', n))
        return seo_error_set(err, SEO_ERR_TYPE, ptr, "field \"%s\" contains a NUL character", ptr);
    *out = trimmed(s, n);
    return SEO_OK;
}

static enum seo_status get_text(struct dec *d, const struct src *s, const char *paths, char **out,
                                char ptr[128])
{
    char local[128];
    const json_t *v = lookup(s, paths, ptr ? ptr : local);
    return text_of(v, ptr ? ptr : local, false, out, d->err);
}

/* The plain text of an HTML fragment (WordPress's rendered title and excerpt). */
static char *html_text(char *s)
{
    if (!s)
        return NULL;
    char *t = seo_html_to_text(s, strlen(s));
    free(s);
    char *r = trimmed(t, strlen(t));
    free(t);
    return r;
}

/* Sets obj[key] to the string s (taking it); nothing when s is NULL. */
static void put(json_t *obj, const char *key, char *s)
{
    if (s)
        json_object_set_new(obj, key, json_string(s));
    free(s);
}

/* draft[key] = the text at `paths`, when there is one. */
static enum seo_status copy_field(struct dec *d, const struct src *s, const char *paths,
                                  const char *key, json_t *draft)
{
    char *t = NULL;
    enum seo_status st = get_text(d, s, paths, &t, NULL);
    put(draft, key, t);
    return st;
}

static bool id_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '~' || c == '-';
}

static bool id_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 128 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!id_char(s[i]))
            return false;
    return true;
}

/* "<prefix><part>[-<part>...]", checked against the id charset; ptr names the field at fault. */
static enum seo_status make_id(struct dec *d, const char *ptr, const char *prefix,
                               const char *collection, const char *id, char **out)
{
    struct seo_buf b = {0};
    seo_buf_puts(&b, prefix);
    if (collection) {
        seo_buf_puts(&b, collection);
        seo_buf_putc(&b, '-');
    }
    seo_buf_puts(&b, id);
    char *s = seo_buf_take(&b);
    if (!id_valid(s)) {
        free(s);
        return seo_error_set(d->err, SEO_ERR_TYPE, ptr,
                             "field \"%s\" does not make a usable id: seopipe ids are 1-128 "
                             "characters of A-Za-z0-9._~-",
                             ptr);
    }
    *out = s;
    return SEO_OK;
}

/* The id from the mapping (with the collection and the preset's prefix). */
static enum seo_status mapped_id(struct dec *d, const struct src *s, const char *strip, char **out)
{
    char ptr[128], cptr[128];
    char *raw = NULL, *collection = NULL;
    const json_t *v = lookup(s, d->m.id, ptr);
    enum seo_status st = text_of(v, ptr, true, &raw, d->err);
    if (st == SEO_OK && !raw && d->m.id)
        st = seo_error_set(d->err, SEO_ERR_UNUSABLE, ptr,
                           "the payload has no id (looked at \"%.60s\")", d->m.id);
    else if (st == SEO_OK && !raw)
        st = seo_error_set(d->err, SEO_ERR_UNUSABLE, "", "the payload has no id (set map.id)");
    if (st == SEO_OK)
        st = get_text(d, s, d->m.collection, &collection, cptr);
    if (st == SEO_OK) {
        const char *id = raw;
        if (strip && strncmp(id, strip, strlen(strip)) == 0 && id[strlen(strip)])
            id += strlen(strip);
        st = make_id(d, ptr, d->p->id_prefix, collection, id, out);
    }
    free(raw);
    free(collection);
    return st;
}

/* A printable ASCII copy of a name from a header or payload for messages, else "?". */
static const char *printable(const char *s)
{
    if (!s || !*s || strlen(s) > 64)
        return "?";
    for (const char *p = s; *p; p++)
        if (*p < 0x20 || *p > 0x7e)
            return "?";
    return s;
}

static void set_event_name(struct dec *d, const char *name)
{
    if (name && *name && strlen(name) <= MAX_EVENT_NAME && !strpbrk(name, "\r\n\t"))
        d->ev->event = seo_xstrdup(name);
}

static enum seo_status ignore(struct dec *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static enum seo_status ignore(struct dec *d, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    d->ev->action = SEO_CMS_IGNORE;
    d->ev->reason = seo_xstrdup(msg);
    return SEO_OK;
}

/* Unpublish and delete events: a DELETE of `id` (taken), or IGNORE when so configured. */
static enum seo_status deleted(struct dec *d, char *id, bool with_locales)
{
    if (!d->a->unpublish_deletes) {
        free(id);
        return ignore(d, "unpublish and delete events are ignored (unpublish_deletes is off)");
    }
    d->ev->action = SEO_CMS_DELETE;
    d->ev->items[0].id = id;
    d->ev->items[0].with_locales = with_locales;
    d->ev->n_items = 1;
    return SEO_OK;
}

/* The rich-text kind a JSON body's shape shows; false when it shows none. */
static bool tree_kind(const json_t *v, enum seo_richtext_kind *k)
{
    if (json_is_object(v)) {
        const char *type = json_string_value(json_object_get(v, "nodeType"));
        if (type && strcmp(type, "document") == 0) {
            *k = SEO_RICHTEXT_CONTENTFUL;
            return true;
        }
        if (json_is_object(json_object_get(v, "root"))) {
            *k = SEO_RICHTEXT_LEXICAL;
            return true;
        }
        return false;
    }
    const json_t *first = json_array_get(v, 0);
    if (json_object_get(first, "_type")) {
        *k = SEO_RICHTEXT_PORTABLE_TEXT;
        return true;
    }
    if (json_object_get(first, "type")) {
        *k = SEO_RICHTEXT_STRAPI_BLOCKS;
        return true;
    }
    return false;
}

/* Sets the draft's body and format from the body path (a string, or a rich-text tree as HTML). */
static enum seo_status get_body(struct dec *d, const struct src *s, json_t *draft)
{
    char bptr[128], fptr[128];
    const json_t *body = lookup(s, d->m.body, bptr);
    char *fmt = NULL;
    enum seo_status st = get_text(d, s, d->m.format, &fmt, fptr);
    if (st != SEO_OK || !body) {
        free(fmt);
        return st;
    }
    enum seo_format text_format = SEO_FORMAT_AUTO;
    enum seo_richtext_kind kind = SEO_RICHTEXT_STRAPI_BLOCKS;
    bool is_tree = false;
    if (fmt) {
        is_tree = seo_richtext_kind_parse(fmt, &kind);
        if (!is_tree && (!seo_format_parse(fmt, &text_format) || text_format == SEO_FORMAT_JSON)) {
            st = seo_error_set(d->err, SEO_ERR_TYPE, fptr,
                               "field \"%s\" must be one of html, markdown, text, portable_text, "
                               "lexical, strapi_blocks, contentful_rich_text; not \"%.40s\"",
                               fptr, printable(fmt));
            free(fmt);
            return st;
        }
    }
    free(fmt);
    if (json_is_string(body)) {
        if (is_tree)
            return seo_error_set(d->err, SEO_ERR_TYPE, bptr,
                                 "field \"%s\" is a string, but the format says it is a %s tree",
                                 bptr, seo_richtext_kind_name(kind));
        char *text = NULL;
        st = text_of(body, bptr, false, &text, d->err);
        if (st == SEO_OK && text) {
            put(draft, "body", text);
            const char *f =
                text_format != SEO_FORMAT_AUTO ? seo_format_name(text_format) : d->p->string_format;
            if (f)
                json_object_set_new(draft, "format", json_string(f));
        }
        return st;
    }
    if (!json_is_object(body) && !json_is_array(body))
        return wrong_type(d->err, bptr, "a string or a rich-text tree", body);
    if (json_is_array(body) && json_array_size(body) == 0)
        return SEO_OK;
    if (text_format != SEO_FORMAT_AUTO)
        return wrong_type(d->err, bptr, "a string for the format given", body);
    if (!is_tree && !tree_kind(body, &kind))
        return wrong_type(d->err, bptr,
                          "a string or a rich-text tree (Strapi Blocks, Contentful Rich Text, "
                          "Portable Text, Lexical)",
                          body);
    char *html = NULL;
    struct seo_error rerr;
    memset(&rerr, 0, sizeof(rerr));
    st = seo_richtext_html(body, kind, d->limits->max_depth, d->limits->max_body_bytes, &html,
                           &rerr);
    if (st != SEO_OK) {
        /* The renderer names the node relative to the tree; name it in the payload. */
        char field[sizeof(rerr.field) * 2];
        snprintf(field, sizeof(field), "%s%s", bptr, rerr.field);
        return seo_error_set(d->err, st, field, "field \"%s\": %s", bptr, rerr.message);
    }
    put(draft, "body", trimmed(html, strlen(html)));
    free(html);
    if (json_object_get(draft, "body"))
        json_object_set_new(draft, "format", json_string("html"));
    return SEO_OK;
}

/* author: a name, an object {name, url} (Ghost primary_author, a Strapi relation) or the first of
 * an array of them. */
static enum seo_status get_author(struct dec *d, const struct src *s, json_t *draft)
{
    char ptr[128];
    const json_t *v = lookup(s, d->m.author, ptr);
    if (json_is_array(v)) {
        v = json_array_get(v, 0);
        ptr_append(ptr, sizeof(ptr), "0", 1);
    }
    if (!v || json_is_null(v))
        return SEO_OK;
    char *name = NULL, *url = NULL;
    enum seo_status st;
    if (json_is_string(v)) {
        st = text_of(v, ptr, false, &name, d->err);
        put(draft, "author", name);
        return st;
    }
    if (!json_is_object(v))
        return wrong_type(d->err, ptr, "a name or an object {name, url}", v);
    char np[128], up[128];
    snprintf(np, sizeof(np), "%s", ptr);
    snprintf(up, sizeof(up), "%s", ptr);
    ptr_append(np, sizeof(np), "name", 4);
    ptr_append(up, sizeof(up), "url", 3);
    st = text_of(json_object_get(v, "name"), np, false, &name, d->err);
    if (st == SEO_OK)
        st = text_of(json_object_get(v, "url"), up, false, &url, d->err);
    if (st == SEO_OK && (name || url)) {
        json_t *a = json_object();
        put(a, "name", name);
        put(a, "url", url);
        json_object_set_new(draft, "author", a);
    } else {
        free(name);
        free(url);
    }
    return st;
}

/* image: a URL, or an object with `url` (Strapi and Payload media), or the first of an array. */
static enum seo_status get_image(struct dec *d, const struct src *s, json_t *draft)
{
    char ptr[128];
    const json_t *v = lookup(s, d->m.image, ptr);
    if (json_is_array(v)) {
        v = json_array_get(v, 0);
        ptr_append(ptr, sizeof(ptr), "0", 1);
    }
    if (json_is_object(v)) {
        v = json_object_get(v, "url");
        ptr_append(ptr, sizeof(ptr), "url", 3);
    }
    char *url = NULL;
    enum seo_status st = text_of(v, ptr, false, &url, d->err);
    put(draft, "image", url);
    return st;
}

/* One tag: a string or an object's `name`. */
static enum seo_status add_tag(struct dec *d, json_t *tags, const json_t *v, const char *ptr)
{
    char p[128];
    snprintf(p, sizeof(p), "%s", ptr);
    if (json_is_object(v)) {
        v = json_object_get(v, "name");
        ptr_append(p, sizeof(p), "name", 4);
    }
    char *t = NULL;
    enum seo_status st = text_of(v, p, false, &t, d->err);
    if (t && json_array_size(tags) < SEO_CMS_MAX_TAGS)
        json_array_append_new(tags, json_string(t));
    free(t);
    return st;
}

/*
 * tags: a string, or an array of strings or of objects with `name` (Ghost,
 * Strapi relations); an array of arrays is WordPress's _embedded["wp:term"],
 * whose post_tag terms are the tags (and the first category the section).
 */
static enum seo_status get_tags(struct dec *d, const struct src *s, json_t *draft)
{
    char ptr[128];
    const json_t *v = lookup(s, d->m.tags, ptr);
    if (!v)
        return SEO_OK;
    json_t *tags = json_array();
    enum seo_status st = SEO_OK;
    if (json_is_string(v)) {
        st = add_tag(d, tags, v, ptr);
    } else if (json_is_array(v)) {
        size_t i, k;
        const json_t *item, *term;
        json_array_foreach(v, i, item)
        {
            char ip[128];
            ptr_index(ip, ptr, i);
            if (json_is_array(item)) {
                json_array_foreach(item, k, term)
                {
                    const char *tax = json_string_value(json_object_get(term, "taxonomy"));
                    if (!json_is_object(term) || !tax || strcmp(tax, "post_tag") != 0)
                        continue;
                    char tp[128];
                    ptr_index(tp, ip, k);
                    st = add_tag(d, tags, term, tp);
                    if (st != SEO_OK)
                        break;
                }
            } else if (json_is_string(item) || json_is_object(item)) {
                st = add_tag(d, tags, item, ip);
            } else {
                st = wrong_type(d->err, ip, "a tag name or an object {name}", item);
            }
            if (st != SEO_OK)
                break;
        }
    } else {
        st = wrong_type(d->err, ptr, "an array of tags", v);
    }
    if (st == SEO_OK && json_array_size(tags))
        json_object_set_new(draft, "tags", tags);
    else
        json_decref(tags);
    return st;
}

/* A date; WordPress's *_gmt values have no zone, but are UTC. */
static enum seo_status get_date(struct dec *d, const struct src *s, const char *paths,
                                const char *key, json_t *draft)
{
    char ptr[128];
    char *t = NULL;
    enum seo_status st = get_text(d, s, paths, &t, ptr);
    size_t n = t ? strlen(t) : 0;
    if (n == 19 && t[10] == 'T' && strlen(ptr) > 4 && strcmp(ptr + strlen(ptr) - 4, "_gmt") == 0) {
        char *z = seo_xmalloc(n + 2);
        memcpy(z, t, n);
        memcpy(z + n, "Z", 2);
        free(t);
        t = z;
    }
    put(draft, key, t);
    return st;
}

/* existing_seo: the CMS's own meta title, description, canonical, keyword and schema graph. */
static enum seo_status get_existing_seo(struct dec *d, const struct src *s, json_t *draft)
{
    static const struct {
        const char *key;
        size_t path;
    } fields[] = {
        {"meta_title", MAP_FIELD(meta_title)},
        {"meta_description", MAP_FIELD(meta_description)},
        {"canonical", MAP_FIELD(canonical)},
        {"focus_keyword", MAP_FIELD(focus_keyword)},
    };
    json_t *e = json_object();
    enum seo_status st = SEO_OK;
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]) && st == SEO_OK; i++) {
        const char *paths = *(const char *const *)((const char *)&d->m + fields[i].path);
        char *t = NULL;
        st = get_text(d, s, paths, &t, NULL);
        /* The editor's keyword also steers generation: it is the draft's own. */
        if (t && fields[i].path == MAP_FIELD(focus_keyword))
            json_object_set_new(draft, "focus_keyword", json_string(t));
        put(e, fields[i].key, t);
    }
    if (st == SEO_OK && d->jsonld)
        json_object_set(e, "jsonld", (json_t *)d->jsonld);
    if (st == SEO_OK && json_object_size(e))
        json_object_set_new(draft, "existing_seo", e);
    else
        json_decref(e);
    return st;
}

static unsigned depth_of(const json_t *v)
{
    unsigned deepest = 0, k;
    size_t i;
    const char *key;
    const json_t *item;
    if (json_is_object(v)) {
        json_object_foreach((json_t *)v, key, item)
        {
            if ((k = depth_of(item)) > deepest)
                deepest = k;
        }
        return deepest + 1;
    }
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            if ((k = depth_of(item)) > deepest)
                deepest = k;
        }
        return deepest + 1;
    }
    return 0;
}

/*
 * Builds the draft of one item (id taken). SEO_ERR_UNUSABLE when it has
 * neither title nor body; SEO_ERR_LIMIT when it would be refused by
 * seo_draft_parse for its size or nesting.
 */
static enum seo_status build_draft(struct dec *d, const struct src *s, char *id, json_t **out)
{
    json_t *draft = json_object();
    char tptr[128], bptr[128];
    char *t = NULL;
    put(draft, "id", id);
    enum seo_status st = get_text(d, s, d->m.title, &t, tptr);
    put(draft, "title", d->p->html_text ? html_text(t) : t);
    if (st == SEO_OK)
        st = get_body(d, s, draft);
    if (st == SEO_OK)
        st = copy_field(d, s, d->m.url, "url", draft);
    if (st == SEO_OK && s->locale)
        json_object_set_new(draft, "locale", json_string(s->locale));
    else if (st == SEO_OK)
        st = copy_field(d, s, d->m.locale, "locale", draft);
    if (st == SEO_OK)
        st = get_date(d, s, d->m.date_published, "date_published", draft);
    if (st == SEO_OK)
        st = get_date(d, s, d->m.date_modified, "date_modified", draft);
    if (st == SEO_OK)
        st = get_author(d, s, draft);
    if (st == SEO_OK)
        st = get_image(d, s, draft);
    if (st == SEO_OK)
        st = get_tags(d, s, draft);
    if (st == SEO_OK) {
        st = get_text(d, s, d->m.excerpt, &t, NULL);
        put(draft, "excerpt", d->p->html_text ? html_text(t) : t);
    }
    if (st == SEO_OK)
        st = copy_field(d, s, d->m.slug, "slug", draft);
    if (st == SEO_OK)
        st = get_existing_seo(d, s, draft);
    if (st == SEO_OK && d->section)
        put(draft, "section", trimmed(d->section, strlen(d->section)));
    if (st == SEO_OK && has(d->a->site))
        json_object_set_new(draft, "site", json_string(d->a->site));
    const char *key;
    json_t *v;
    if (st == SEO_OK && d->fallback)
        json_object_foreach((json_t *)d->fallback, key, v)
        {
            if (!json_object_get(draft, key))
                json_object_set(draft, key, v);
        }
    if (st == SEO_OK && !json_object_get(draft, "title") && !json_object_get(draft, "body")) {
        lookup(s, d->m.body, bptr);
        st = seo_error_set(d->err, SEO_ERR_UNUSABLE, tptr,
                           "the payload has neither a title (\"%s\") nor a body (\"%s\")", tptr,
                           bptr);
    }
    if (st == SEO_OK && depth_of(draft) > d->limits->max_depth)
        st = seo_error_set(d->err, SEO_ERR_LIMIT, "", "the draft would nest deeper than %u levels",
                           d->limits->max_depth);
    const json_t *body = json_object_get(draft, "body");
    if (st == SEO_OK && json_is_string(body) &&
        json_string_length(body) > d->limits->max_body_bytes)
        st = seo_error_set(d->err, SEO_ERR_LIMIT, "",
                           "the article body made from the payload is %zu bytes; the limit is %zu "
                           "bytes (limits.max_body_bytes)",
                           json_string_length(body), d->limits->max_body_bytes);
    if (st == SEO_OK) {
        char *text = json_dumps(draft, JSON_COMPACT);
        size_t n = text ? strlen(text) : 0;
        free(text);
        if (n > seo_draft_max_input(d->limits))
            st = seo_error_set(d->err, SEO_ERR_LIMIT, "",
                               "the draft made from the payload is %zu bytes; the limit is %zu "
                               "bytes",
                               n, seo_draft_max_input(d->limits));
    }
    if (st != SEO_OK) {
        json_decref(draft);
        return st;
    }
    *out = draft;
    return SEO_OK;
}

/* The idempotency key of a publish: SHA-256 hex of adapter name, id and version. */
static void derive_key(struct dec *d, const char *id, const char *version)
{
    if (!version || d->ev->idempotency_key)
        return;
    struct seo_buf b = {0};
    seo_buf_printf(&b, "%s\n%s\n%s", d->a->name ? d->a->name : "", id, version);
    unsigned char digest[32];
    SHA256((const unsigned char *)b.data, b.len, digest);
    seo_buf_free(&b);
    char *key = seo_xmalloc(65);
    hex(digest, 32, key);
    d->ev->idempotency_key = key;
}

/*
 * A STORE or PUBLISH of one draft per source (Contentful: per locale).
 * Sources with neither title nor body are skipped; when none is left a
 * PUBLISH fails (SEO_ERR_UNUSABLE) and a STORE is ignored (an entry just
 * created has no content yet).
 */
static enum seo_status store(struct dec *d, enum seo_cms_action action, const struct src *srcs,
                             char **ids, size_t n, const char *version)
{
    enum seo_status st = SEO_OK, unusable = SEO_OK;
    struct seo_error first;
    memset(&first, 0, sizeof(first));
    for (size_t i = 0; i < n; i++) {
        json_t *draft = NULL;
        char *id = ids[i];
        ids[i] = NULL;
        st = build_draft(d, &srcs[i], seo_xstrdup(id), &draft);
        if (st == SEO_ERR_UNUSABLE) {
            if (unusable == SEO_OK && d->err)
                first = *d->err;
            unusable = st;
            free(id);
            st = SEO_OK;
            continue;
        }
        if (st != SEO_OK) {
            free(id);
            break;
        }
        struct seo_cms_item *it = &d->ev->items[d->ev->n_items++];
        it->id = id;
        it->draft = draft;
    }
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    if (st != SEO_OK)
        return st;
    if (d->ev->n_items == 0) {
        if (d->err)
            *d->err = first;
        if (action == SEO_CMS_PUBLISH)
            return unusable;
        return ignore(d, "nothing to store yet: %s", first.message);
    }
    d->ev->action = action;
    if (action == SEO_CMS_PUBLISH)
        derive_key(d, d->ev->items[0].id, version);
    return SEO_OK;
}

/* One source, one id: the common case. */
static enum seo_status store_one(struct dec *d, enum seo_cms_action action, const struct src *s,
                                 char *id)
{
    char *version = NULL;
    enum seo_status st = get_text(d, s, d->m.version, &version, NULL);
    if (st == SEO_OK)
        st = store(d, action, s, &id, 1, version);
    else
        free(id);
    free(version);
    return st;
}

/* An event name's last word ("entry.publish" -> "publish"), lower case, into out. */
static void last_word(const char *event, char out[32])
{
    out[0] = '\0';
    if (!event)
        return;
    const char *w = event;
    for (const char *p = event; *p; p++)
        if (*p == '.' || *p == ':' || *p == '/' || *p == ' ')
            w = p + 1;
    size_t n = 0;
    for (; w[n] && n < 31; n++)
        out[n] = (w[n] >= 'A' && w[n] <= 'Z') ? (char)(w[n] - 'A' + 'a') : w[n];
    out[n] = '\0';
}

static bool word_in(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(w, *list) == 0)
            return true;
    return false;
}

static const char *const delete_words[] = {"delete",  "deleted",  "unpublish", "unpublished",
                                           "trash",   "trashed",  "remove",    "removed",
                                           "archive", "archived", NULL};
static const char *const publish_words[] = {"publish", "published", "live", NULL};

/* The action of a generic payload from its event and status words. */
static enum seo_cms_action classify(const char *event, const char *status,
                                    enum seo_cms_action otherwise)
{
    char ew[32], sw[32];
    last_word(event, ew);
    last_word(status, sw);
    if (word_in(ew, delete_words) || word_in(sw, delete_words))
        return SEO_CMS_DELETE;
    if (word_in(sw, publish_words) || word_in(ew, publish_words))
        return SEO_CMS_PUBLISH;
    return otherwise;
}

static enum seo_status decode_wordpress(struct dec *d)
{
    struct src s = {d->root, "", NULL};
    char *event = NULL, *status = NULL, *type = NULL, *id = NULL;
    const json_t *post = json_object_get(d->root, "post");
    /* A plugin envelope {"action": "...", "post": {...}}. */
    if (json_is_object(post) && !json_object_get(d->root, "id")) {
        enum seo_status st = get_text(d, &s, "action", &event, NULL);
        if (st != SEO_OK)
            return st;
        set_event_name(d, event);
        free(event);
        s = (struct src){post, "/post", NULL};
    }
    enum seo_status st = get_text(d, &s, d->m.status, &status, NULL);
    if (st == SEO_OK)
        st = get_text(d, &s, "type", &type, NULL);
    if (st == SEO_OK)
        st = mapped_id(d, &s, NULL, &id);
    if (st != SEO_OK)
        goto out;
    if (type && strcmp(type, "attachment") == 0) {
        st = ignore(d, "WordPress media (attachments) are not handled");
        goto out;
    }
    if (status && (strcmp(status, "auto-draft") == 0 || strcmp(status, "inherit") == 0)) {
        st = ignore(d, "WordPress posts with status \"%s\" are not handled", status);
        goto out;
    }
    if (status && strcmp(status, "trash") == 0) {
        st = deleted(d, id, false);
        id = NULL;
        goto out;
    }
    char ptr[128];
    const json_t *schema = lookup(&s, "yoast_head_json.schema", ptr);
    if (schema && !json_is_object(schema) && !json_is_array(schema)) {
        st = wrong_type(d->err, ptr, "an object", schema);
        goto out;
    }
    d->jsonld = schema;
    /* The first category of _embedded["wp:term"] is the section. */
    const json_t *terms = lookup(&s, "_embedded.wp:term", ptr);
    size_t i, k;
    const json_t *group, *term;
    json_array_foreach(terms, i, group)
    {
        json_array_foreach(group, k, term)
        {
            const char *tax = json_string_value(json_object_get(term, "taxonomy"));
            const char *name = json_string_value(json_object_get(term, "name"));
            if (!d->section && tax && strcmp(tax, "category") == 0 && name &&
                strlen(name) == json_string_length(json_object_get(term, "name")))
                d->section = name;
        }
    }
    st = store_one(d, status && strcmp(status, "publish") == 0 ? SEO_CMS_PUBLISH : SEO_CMS_STORE,
                   &s, id);
    id = NULL;
out:
    free(status);
    free(type);
    free(id);
    return st;
}

static enum seo_status decode_strapi(struct dec *d)
{
    struct src root = {d->root, "", NULL};
    char *event = NULL, *model = NULL, *raw = NULL, *id = NULL;
    char ptr[128];
    enum seo_status st = get_text(d, &root, "event", &event, NULL);
    if (st != SEO_OK)
        return st;
    if (!event) {
        const char *h = header(d->rq, "X-Strapi-Event");
        if (h && strcmp(printable(h), "?") != 0)
            event = seo_xstrdup(h);
    }
    set_event_name(d, event);
    if (!event) {
        st = ignore(d, "the Strapi payload names no event (no \"event\" field or X-Strapi-Event)");
        goto out;
    }
    if (strncmp(event, "media.", 6) == 0) {
        st = ignore(d, "Strapi media events are not handled");
        goto out;
    }
    enum seo_cms_action action;
    if (strcmp(event, "entry.publish") == 0)
        action = SEO_CMS_PUBLISH;
    else if (strcmp(event, "entry.create") == 0 || strcmp(event, "entry.update") == 0 ||
             strcmp(event, "entry.draft-discard") == 0)
        action = SEO_CMS_STORE;
    else if (strcmp(event, "entry.unpublish") == 0 || strcmp(event, "entry.delete") == 0)
        action = SEO_CMS_DELETE;
    else {
        st = ignore(d, "Strapi event \"%s\" is not handled", printable(event));
        goto out;
    }
    const json_t *entry = json_object_get(d->root, "entry");
    if (!json_is_object(entry)) {
        st = entry ? wrong_type(d->err, "/entry", "an object", entry)
                   : seo_error_set(d->err, SEO_ERR_UNUSABLE, "/entry",
                                   "the Strapi payload has no entry");
        goto out;
    }
    /* The model names the content type; v5 also sends uid "api::article.article". */
    st = get_text(d, &root, "model", &model, ptr);
    if (st == SEO_OK && !model) {
        const char *uid = seo_json_str(d->root, "uid");
        const char *dot = uid ? strrchr(uid, '.') : NULL;
        model = dot && dot[1] ? seo_xstrdup(dot + 1) : NULL;
    }
    struct src s = {entry, "/entry", NULL};
    const json_t *v = lookup(&s, d->m.id ? d->m.id : "documentId,id", ptr);
    if (st == SEO_OK)
        st = text_of(v, ptr, true, &raw, d->err);
    if (st == SEO_OK && !raw)
        st = seo_error_set(d->err, SEO_ERR_UNUSABLE, "/entry/documentId",
                           "the Strapi entry has neither documentId nor id");
    if (st == SEO_OK)
        st = make_id(d, ptr, "strapi-", model, raw, &id);
    if (st != SEO_OK)
        goto out;
    if (action == SEO_CMS_DELETE) {
        st = deleted(d, id, false);
        id = NULL;
    } else {
        st = store_one(d, action, &s, id);
        id = NULL;
    }
out:
    free(event);
    free(model);
    free(raw);
    free(id);
    return st;
}

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static enum seo_status decode_contentful(struct dec *d)
{
    const char *topic = header(d->rq, "X-Contentful-Topic");
    if (topic && strcmp(printable(topic), "?") == 0)
        topic = NULL;
    set_event_name(d, topic);
    if (!topic)
        return ignore(d, "the request has no X-Contentful-Topic header");
    /* ContentManagement.<Type>.<action> */
    const char *dot1 = strchr(topic, '.');
    const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (!dot2)
        return ignore(d, "Contentful topic \"%s\" is not handled", printable(topic));
    size_t type_len = (size_t)(dot2 - dot1 - 1);
    const char *verb = dot2 + 1;
    if (type_len != 5 || strncmp(dot1 + 1, "Entry", 5) != 0)
        return ignore(d, "Contentful %.*s events are not handled", (int)type_len, dot1 + 1);
    enum seo_cms_action action;
    if (strcmp(verb, "publish") == 0)
        action = SEO_CMS_PUBLISH;
    else if (strcmp(verb, "save") == 0 || strcmp(verb, "auto_save") == 0 ||
             strcmp(verb, "create") == 0 || strcmp(verb, "unarchive") == 0)
        action = SEO_CMS_STORE;
    else if (strcmp(verb, "unpublish") == 0 || strcmp(verb, "delete") == 0 ||
             strcmp(verb, "archive") == 0)
        action = SEO_CMS_DELETE;
    else
        return ignore(d, "Contentful topic \"%s\" is not handled", printable(topic));

    const json_t *sys = json_object_get(d->root, "sys");
    if (sys && !json_is_object(sys))
        return wrong_type(d->err, "/sys", "an object", sys);
    char *sys_id = NULL;
    enum seo_status st = text_of(json_object_get(sys, "id"), "/sys/id", false, &sys_id, d->err);
    if (st == SEO_OK && !sys_id)
        st = seo_error_set(d->err, SEO_ERR_UNUSABLE, "/sys/id",
                           "the Contentful payload has no sys.id");
    char *id = NULL;
    if (st == SEO_OK)
        st = make_id(d, "/sys/id", "", NULL, sys_id, &id);
    if (st != SEO_OK) {
        free(sys_id);
        return st;
    }
    const char *key = header(d->rq, "X-Contentful-Idempotency-Key");
    if (action == SEO_CMS_PUBLISH && key && strcmp(printable(key), "?") != 0)
        d->ev->idempotency_key = seo_xstrdup(key);
    if (action == SEO_CMS_DELETE) {
        free(sys_id);
        return deleted(d, id, !has(d->a->locale));
    }

    const json_t *fields = json_object_get(d->root, "fields");
    if (fields && !json_is_object(fields)) {
        free(sys_id);
        free(id);
        return wrong_type(d->err, "/fields", "an object keyed by field id", fields);
    }
    /* The locales: the configured one, else those of the title (or the body) field. */
    const char *locales[SEO_CMS_MAX_ITEMS];
    size_t n = 0;
    char lptr[128] = "/fields";
    if (has(d->a->locale)) {
        locales[n++] = d->a->locale;
    } else {
        struct src any = {fields, "/fields", NULL};
        const json_t *by_locale = lookup(&any, d->m.title, lptr);
        if (!json_is_object(by_locale))
            by_locale = lookup(&any, d->m.body, lptr);
        const char *loc;
        const json_t *v;
        json_object_foreach((json_t *)by_locale, loc, v)
        {
            if (n == SEO_CMS_MAX_ITEMS) {
                free(sys_id);
                free(id);
                return seo_error_set(d->err, SEO_ERR_LIMIT, lptr,
                                     "field \"%s\" has more than %d locales; configure the "
                                     "locale to take",
                                     lptr, SEO_CMS_MAX_ITEMS);
            }
            locales[n++] = loc;
        }
        qsort(locales, n, sizeof(locales[0]), compare_str);
    }
    struct src srcs[SEO_CMS_MAX_ITEMS];
    char *ids[SEO_CMS_MAX_ITEMS] = {NULL};
    for (size_t i = 0; i < n && st == SEO_OK; i++) {
        srcs[i] = (struct src){fields, "/fields", locales[i]};
        if (n == 1) {
            ids[i] = seo_xstrdup(id);
        } else {
            char p[160];
            snprintf(p, sizeof(p), "%s/%s", lptr, printable(locales[i]));
            st = make_id(d, p, "", sys_id, locales[i], &ids[i]);
            /* make_id joins with '-'; Contentful locale ids use '.' */
            if (st == SEO_OK)
                ids[i][strlen(sys_id)] = '.';
        }
    }
    free(id);
    /* Dates the entry's own fields do not give come from sys. */
    json_t *fallback = json_object();
    const char *first = seo_json_str(sys, "firstPublishedAt");
    const char *published = first ? first : seo_json_str(sys, "publishedAt");
    const char *updated = seo_json_str(sys, "updatedAt");
    if (published && strlen(published) == json_string_length(json_object_get(
                                              sys, first ? "firstPublishedAt" : "publishedAt")))
        json_object_set_new(fallback, "date_published", json_string(published));
    if (updated && strlen(updated) == json_string_length(json_object_get(sys, "updatedAt")))
        json_object_set_new(fallback, "date_modified", json_string(updated));
    d->fallback = fallback;
    char version[32] = "";
    json_t *ver = json_object_get(sys, "version");
    if (json_is_integer(ver))
        snprintf(version, sizeof(version), "%lld", (long long)json_integer_value(ver));
    if (st == SEO_OK && n == 0) {
        st = action == SEO_CMS_PUBLISH
                 ? seo_error_set(d->err, SEO_ERR_UNUSABLE, lptr,
                                 "the Contentful entry has no locale with a title or a body")
                 : ignore(d, "the Contentful entry has no title or body yet");
    } else if (st == SEO_OK) {
        st = store(d, action, srcs, ids, n, version[0] ? version : NULL);
    } else {
        for (size_t i = 0; i < n; i++)
            free(ids[i]);
    }
    d->fallback = NULL;
    json_decref(fallback);
    free(sys_id);
    return st;
}

/* Ghost sends {"post": {"current": {}, "previous": {...}}} when a post is deleted. */
static const json_t *ghost_deleted(const json_t *root, const char **which)
{
    static const char *const kinds[] = {"post", "page"};
    for (size_t i = 0; i < 2; i++) {
        const json_t *o = json_object_get(root, kinds[i]);
        const json_t *cur = json_object_get(o, "current");
        const json_t *prev = json_object_get(o, "previous");
        if (json_is_object(cur) && json_object_size(cur) == 0 && json_is_object(prev)) {
            *which = kinds[i];
            return prev;
        }
    }
    return NULL;
}

static enum seo_status decode_generic(struct dec *d)
{
    struct src s = {d->root, "", NULL};
    const bool sanity = d->p->name && strcmp(d->p->name, "sanity") == 0;
    const bool ghost = d->p->name && strcmp(d->p->name, "ghost") == 0;
    char *event = NULL, *status = NULL, *id = NULL, *raw = NULL;
    char ptr[128];
    enum seo_status st = SEO_OK;
    const char *kind = NULL;
    const json_t *prev = ghost ? ghost_deleted(d->root, &kind) : NULL;
    if (prev) {
        snprintf(ptr, sizeof(ptr), "/%s/previous/id", kind);
        st = text_of(json_object_get(prev, "id"), ptr, false, &raw, d->err);
        if (st == SEO_OK && !raw)
            st = seo_error_set(d->err, SEO_ERR_UNUSABLE, ptr, "the deleted Ghost %s has no id",
                               kind);
        if (st == SEO_OK)
            st = make_id(d, ptr, d->p->id_prefix, NULL, raw, &id);
        free(raw);
        if (st != SEO_OK)
            return st;
        return deleted(d, id, false);
    }
    st = get_text(d, &s, d->m.event, &event, NULL);
    if (st == SEO_OK)
        st = get_text(d, &s, d->m.status, &status, NULL);
    set_event_name(d, event);
    bool draft = false;
    if (st == SEO_OK && sanity) {
        const json_t *v = lookup(&s, d->m.id, ptr);
        const char *sid = json_string_value(v);
        draft = sid && strncmp(sid, "drafts.", 7) == 0;
    }
    if (st == SEO_OK)
        st = mapped_id(d, &s, sanity ? "drafts." : NULL, &id);
    if (st != SEO_OK)
        goto out;
    enum seo_cms_action action =
        classify(event, status, sanity && !draft ? SEO_CMS_PUBLISH : SEO_CMS_STORE);
    if (action == SEO_CMS_DELETE && draft) {
        st = ignore(d, "a Sanity draft was discarded; its published document stays");
    } else if (action == SEO_CMS_DELETE) {
        st = deleted(d, id, false);
        id = NULL;
    } else {
        st = store_one(d, draft ? SEO_CMS_STORE : action, &s, id);
        id = NULL;
    }
out:
    free(event);
    free(status);
    free(id);
    return st;
}

void seo_cms_event_free(struct seo_cms_event *e)
{
    if (!e)
        return;
    free(e->event);
    free(e->reason);
    free(e->idempotency_key);
    for (size_t i = 0; i < e->n_items && i < SEO_CMS_MAX_ITEMS; i++) {
        free(e->items[i].id);
        json_decref(e->items[i].draft);
    }
    memset(e, 0, sizeof(*e));
}

enum seo_status seo_cms_decode(const struct seo_cms_adapter *a, const struct seo_cms_request *rq,
                               const struct seo_limits *limits, struct seo_cms_event *out,
                               struct seo_error *err)
{
    const struct preset *p = adapter_preset(a);
    if (!p)
        return seo_error_set(err, SEO_ERR_TYPE, "", "ingest \"%s\" has an unknown preset",
                             printable(a->name));
    if (rq->len > seo_draft_max_input(limits))
        return seo_error_set(err, SEO_ERR_LIMIT, "",
                             "the webhook payload is %zu bytes; the limit is %zu bytes", rq->len,
                             seo_draft_max_input(limits));
    json_t *root = NULL;
    enum seo_status st = seo_json_load(rq->body ? rq->body : "", rq->len, limits->max_depth,
                                       "the webhook payload", &root, err);
    if (st != SEO_OK)
        return st;
    struct seo_cms_event ev;
    memset(&ev, 0, sizeof(ev));
    struct dec d = {
        .a = a,
        .rq = rq,
        .limits = limits,
        .p = p,
        .m = effective_mapping(p, &a->map),
        .root = root,
        .ev = &ev,
        .err = err,
    };
    if (!json_is_object(root)) {
        st = seo_error_set(err, SEO_ERR_TYPE, "",
                           "the webhook payload must be a JSON object, not %s",
                           seo_json_type_name(root));
    } else {
        switch (a->kind) {
        case SEO_CMS_WORDPRESS:
            st = decode_wordpress(&d);
            break;
        case SEO_CMS_STRAPI:
            st = decode_strapi(&d);
            break;
        case SEO_CMS_CONTENTFUL:
            st = decode_contentful(&d);
            break;
        case SEO_CMS_GENERIC:
            st = decode_generic(&d);
            break;
        }
    }
    json_decref(root);
    if (st != SEO_OK) {
        seo_cms_event_free(&ev);
        return st;
    }
    *out = ev;
    return SEO_OK;
}
