/*
 * Fuzz target for CMS webhook ingest: seo_cms_authenticate() and
 * seo_cms_decode() on arbitrary bodies, then the invariants every decoded
 * event must satisfy.
 *
 * Input layout: byte 0 picks the adapter and options, byte 1 the event
 * header, the rest is the body.
 *   byte0 % 8         adapter: wordpress, strapi, contentful, ghost, sanity, directus, payload,
 *                     generic with a mapping
 *   (byte0 / 8) % 2   unpublish_deletes
 *   (byte0 / 16) % 2  contentful: locale "en-US" configured
 *   (byte0 / 32) % 2  limits: small, tiny
 *   byte1 % N         the X-Strapi-Event / X-Contentful-Topic value (see events[])
 *
 * A violated invariant calls abort() so libFuzzer (or ASan in the replay
 * build) reports the input with a stack trace.
 */
#include "driver.h"

#include "cms.h"
#include "draft.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void violated(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_cms: invariant violated: %s\n", what);
    if (detail)
        fprintf(stderr, "--- detail ---\n%.4000s\n", detail);
    abort();
}

static const char *const events[] = {
    "entry.publish",
    "entry.update",
    "entry.unpublish",
    "media.create",
    "ContentManagement.Entry.publish",
    "ContentManagement.Entry.save",
    "ContentManagement.Entry.unpublish",
    "ContentManagement.Asset.publish",
    "ContentManagement.Entry",
    "",
};
#define N_EVENTS (sizeof(events) / sizeof(events[0]))

static struct seo_cms_adapter pick_adapter(unsigned sel)
{
    static const char *const presets[] = {"ghost", "sanity", "directus", "payload"};
    struct seo_cms_adapter a;
    unsigned k = sel % 8;
    if (k < 3)
        seo_cms_adapter_init(&a, (enum seo_cms_kind)k, "fuzz", NULL);
    else if (k < 7)
        seo_cms_adapter_init(&a, SEO_CMS_GENERIC, "fuzz", presets[k - 3]);
    else {
        seo_cms_adapter_init(&a, SEO_CMS_GENERIC, "fuzz", NULL);
        a.map.id = "id,data.id";
        a.map.title = "title,data.title";
        a.map.body = "body,data.body";
        a.map.format = "format";
        a.map.event = "event";
        a.map.tags = "tags";
        a.map.author = "author";
        a.map.collection = "type";
    }
    a.unpublish_deletes = (sel / 8) % 2;
    if ((sel / 16) % 2)
        a.locale = "en-US";
    a.site = "fuzz-site";
    return a;
}

static bool id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > 128 || strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
        return false;
    return strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-") == n;
}

static void check_event(const struct seo_cms_event *ev, const struct seo_limits *limits)
{
    switch (ev->action) {
    case SEO_CMS_IGNORE:
        if (ev->n_items != 0 || !ev->reason || !*ev->reason)
            violated("IGNORE with items or without a reason", NULL);
        return;
    case SEO_CMS_DELETE:
        if (ev->n_items != 1 || ev->items[0].draft)
            violated("DELETE must name one id and carry no draft", NULL);
        break;
    case SEO_CMS_STORE:
    case SEO_CMS_PUBLISH:
        if (ev->n_items == 0 || ev->n_items > SEO_CMS_MAX_ITEMS)
            violated("STORE/PUBLISH without items", NULL);
        break;
    }
    if (ev->event) {
        json_t *name = json_string(ev->event);
        if (!name)
            violated("event name is not UTF-8", ev->event);
        json_decref(name);
    }
    for (size_t i = 0; i < ev->n_items; i++) {
        if (!id_ok(ev->items[i].id))
            violated("an item id outside the id charset", ev->items[i].id);
        if (!ev->items[i].draft)
            continue;
        char *text = json_dumps(ev->items[i].draft, JSON_COMPACT);
        if (!text)
            violated("a draft does not serialise", NULL);
        struct seo_draft d;
        struct seo_error err;
        if (seo_draft_parse(text, strlen(text), SEO_FORMAT_JSON, limits, &d, &err) != SEO_OK) {
            fprintf(stderr, "seo_draft_parse: %s (%s)\n", err.message, err.field);
            violated("seo_draft_parse refuses a decoded draft", text);
        }
        if (!d.id || strcmp(d.id, ev->items[i].id) != 0)
            violated("the draft's id differs from the item's", text);
        seo_draft_free(&d);
        free(text);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    struct seo_cms_adapter a = pick_adapter(data[0]);
    struct seo_limits limits = seo_limits_default();
    if ((data[0] / 32) % 2) {
        limits.max_depth = 3;
        limits.max_body_bytes = 512;
    } else {
        limits.max_depth = 16;
        limits.max_body_bytes = 16384;
    }
    const char *event = events[data[1] % N_EVENTS];
    struct seo_cms_header headers[] = {
        {"X-Strapi-Event", event},
        {"X-Contentful-Topic", event},
        {"X-Contentful-Idempotency-Key", "fuzz-key"},
        {"Authorization", "Bearer fuzz"},
        {"X-Ghost-Signature", event},
    };

    /* A copy of exactly the body's bytes, so ASan catches any read past the end. */
    size_t len = size - 2;
    char *body = malloc(len ? len : 1);
    if (!body)
        abort();
    memcpy(body, data + 2, len);
    struct seo_cms_request rq = {"POST", "/v1/ingest/fuzz", headers, 5, body, len, 1710000000000LL};

    struct seo_error err;
    struct seo_cms_adapter signed_a = a;
    signed_a.secret = "fuzz-secret";
    signed_a.token = "fuzz";
    enum seo_status st = seo_cms_authenticate(&signed_a, &rq, &err);
    if (st != SEO_OK &&
        (st != SEO_ERR_AUTH || !err.message[0] || strstr(err.message, "fuzz-secret")))
        violated("authentication failed without SEO_ERR_AUTH and a clean message", err.message);

    struct seo_cms_event ev, zero;
    memset(&ev, 0, sizeof(ev));
    memset(&zero, 0, sizeof(zero));
    memset(&err, 0, sizeof(err));
    st = seo_cms_decode(&a, &rq, &limits, &ev, &err);
    if (st == SEO_OK) {
        check_event(&ev, &limits);
        seo_cms_event_free(&ev);
    } else {
        if (memcmp(&ev, &zero, sizeof(ev)) != 0)
            violated("a failed decode touched *out", NULL);
        if (err.status != st || !err.message[0])
            violated("a failure without its status or a message", NULL);
    }
    free(body);
    return 0;
}
