/*
 * POST /v1/ingest/{name}: a CMS's own webhook payload in, drafts stored
 * (and published, or deleted) out. The adapter named in the path
 * (configuration `ingest:`, service/core/cms.c) checks the CMS's own
 * authentication and turns the payload into seopipe drafts; without CMS
 * credentials configured the seopipe API key is required instead. Then each
 * draft goes through the same steps as PUT /v1/drafts/{id} (api.c: read,
 * FAQ sources, build, store) and, for a publish, POST .../publish
 * (webhooks.c) with an idempotency key from the CMS's event, so a webhook
 * the CMS sends twice stores nothing new and fans out nothing new.
 *
 * The steps run one after another on the same exchange: each step's success
 * comes back through x->then (step_done), which records it and starts the
 * next; any failure answers the request with its problem. Events the
 * adapter does not handle are answered 202 "ignored".
 */
#include "http_internal.h"

#include "events.h"

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_HEADERS 100
#define MAX_LOCALE_DRAFTS 64

/*
 * The stored drafts of one entry's locales ("<id>.<locale>", see cms.h `with_locales`): ARGV[1]
 * the entry id. SCAN with a bounded number of steps; returns the draft ids.
 */
static const char locales_script[] =
    "local out, cursor, steps = {}, '0', 0\n"
    "local prefix = 'seopipe:draft:' .. ARGV[1] .. '.'\n"
    "repeat\n"
    "  local r = redis.call('SCAN', cursor, 'MATCH', prefix .. '*', 'COUNT', 1000)\n"
    "  cursor, steps = r[1], steps + 1\n"
    "  for _, k in ipairs(r[2]) do\n"
    "    if #out < 64 then out[#out + 1] = string.sub(k, #'seopipe:draft:' + 1) end\n"
    "  end\n"
    "until cursor == '0' or steps == 1000\n"
    "return out\n";

enum phase { STORING, PUBLISHING, DELETING };

struct ingest {
    const struct seo_cms_adapter *adapter;
    struct seo_cms_event event;
    size_t next;      /* the item under way */
    enum phase phase; /* of that item */
    char *draft;      /* its draft JSON, kept while the store runs */
    json_t *items;    /* what each item came to */
    /* A deletion with_locales: the locale drafts found, deleted after the item itself. */
    char *locale_ids[MAX_LOCALE_DRAFTS];
    size_t n_locale_ids, next_locale;
    bool locales_looked_up;
};

static void ingest_free(void *arg)
{
    struct ingest *in = arg;
    seo_cms_event_free(&in->event);
    for (size_t i = 0; i < in->n_locale_ids; i++)
        free(in->locale_ids[i]);
    free(in->draft);
    json_decref(in->items);
    free(in);
}

static const char *action_name(enum seo_cms_action a)
{
    switch (a) {
    case SEO_CMS_STORE:
        return "stored";
    case SEO_CMS_PUBLISH:
        return "published";
    case SEO_CMS_DELETE:
        return "deleted";
    case SEO_CMS_IGNORE:
        break;
    }
    return "ignored";
}

static void answer(struct http_exchange *x, const struct ingest *in, const char *reason)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "status", json_string(action_name(in->event.action)));
    json_object_set_new(doc, "adapter", json_string(in->adapter->name));
    if (in->event.event)
        json_object_set_new(doc, "event", json_string(in->event.event));
    if (reason)
        json_object_set_new(doc, "reason", json_string(reason));
    json_object_set(doc, "items", in->items);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    if (!text)
        abort();
    http_finish(x, 202, "application/json", text, strlen(text));
    free(text);
}

static void step(struct http_exchange *x);

/* The idempotency key of one item's publish: the CMS event's key and the item's id. */
static void idempotency_of(const struct ingest *in, const char *id, char out[65])
{
    out[0] = '\0';
    if (!in->event.idempotency_key)
        return;
    struct seo_buf text = {0};
    seo_buf_printf(&text, "ingest:%s:%s:%s", in->adapter->name, in->event.idempotency_key, id);
    seo_sha256_hex(text.data, text.len, out);
    seo_buf_free(&text);
}

/* A new record in the answer for draft `id`, which becomes the exchange's draft. */
static json_t *begin(struct http_exchange *x, struct ingest *in, const char *id)
{
    json_t *record = json_object();
    json_object_set_new(record, "id", json_string(id));
    json_array_append_new(in->items, record);
    snprintf(x->param, sizeof(x->param), "%s", id);
    return record;
}

static void on_locales(const redisReply *reply, const char *error, void *arg)
{
    struct http_exchange *x = arg;
    if (!http_redis_ok(x, "drafts are", reply, error, REDIS_REPLY_ARRAY))
        return;
    struct ingest *in = x->state;
    for (size_t i = 0; i < reply->elements && in->n_locale_ids < MAX_LOCALE_DRAFTS; i++)
        if (reply->element[i]->type == REDIS_REPLY_STRING)
            in->locale_ids[in->n_locale_ids++] = strdup(reply->element[i]->str);
    for (size_t i = 0; i < in->n_locale_ids; i++)
        if (!in->locale_ids[i])
            abort();
    in->locales_looked_up = true;
    step(x);
}

/* One step succeeded (x->then): record it, go on. */
static void step_done(struct http_exchange *x, const redisReply *reply)
{
    struct ingest *in = x->state;
    json_t *record = json_array_get(in->items, json_array_size(in->items) - 1);
    switch (in->phase) {
    case STORING:
        json_object_set_new(record, "revision", json_integer(reply->element[0]->integer));
        if (reply->element[1]->type == REDIS_REPLY_STRING && reply->element[1]->len)
            json_object_set_new(record, "event_id", json_string(reply->element[1]->str));
        if (in->event.action == SEO_CMS_PUBLISH) {
            char key[65];
            idempotency_of(in, x->param, key);
            in->phase = PUBLISHING;
            api_publish_stored(x, key);
            return;
        }
        break;
    case PUBLISHING: {
        json_object_set_new(record, "event_id", json_string(reply->element[0]->str));
        size_t n = 0;
        if (reply->element[1]->type == REDIS_REPLY_STRING && reply->element[1]->len)
            for (const char *c = reply->element[1]->str; c; c = strchr(c + 1, ','))
                n++;
        json_object_set_new(record, "deliveries", json_integer((json_int_t)n));
        break;
    }
    case DELETING:
        if (reply->type == REDIS_REPLY_STRING && reply->len)
            json_object_set_new(record, "event_id", json_string(reply->str));
        if (in->next_locale < in->n_locale_ids) { /* the entry's locale drafts go too */
            begin(x, in, in->locale_ids[in->next_locale++]);
            api_delete_draft(x);
            return;
        }
        break;
    }
    in->next++;
    in->locales_looked_up = false;
    for (size_t i = 0; i < in->n_locale_ids; i++)
        free(in->locale_ids[i]);
    in->n_locale_ids = in->next_locale = 0;
    step(x);
}

/* Starts the next item, or answers when all are done. */
static void step(struct http_exchange *x)
{
    struct ingest *in = x->state;
    if (in->next == in->event.n_items) {
        answer(x, in, NULL);
        return;
    }
    const struct seo_cms_item *item = &in->event.items[in->next];
    /* Each item is a request of its own to api.c: nothing of the one before may remain. */
    if (x->has_result) {
        seo_result_free(&x->result);
        x->has_result = false;
    }
    free(x->package);
    x->package = NULL;
    x->package_len = 0;
    if (in->event.action == SEO_CMS_DELETE) {
        if (item->with_locales && !in->locales_looked_up) {
            const char *argv[4] = {"EVAL", locales_script, "0", item->id};
            if (seo_redis_command(x->w->redis, on_locales, x, 4, argv, NULL) != 0)
                http_store_unavailable(x, "drafts are", NULL);
            return;
        }
        in->phase = DELETING;
        begin(x, in, item->id);
        api_delete_draft(x);
        return;
    }
    begin(x, in, item->id);
    free(in->draft);
    in->draft = json_dumps(item->draft, JSON_COMPACT);
    if (!in->draft)
        abort();
    in->phase = STORING;
    api_store_draft(x, in->draft, strlen(in->draft), "application/json");
}

void api_ingest(struct http_exchange *x)
{
    const struct seo_config *cfg = x->w->cfg;
    const struct seo_cms_adapter *a = NULL;
    for (size_t i = 0; i < cfg->n_ingest && !a; i++)
        if (strcmp(cfg->ingest[i].name, x->param) == 0)
            a = &cfg->ingest[i];
    if (!a) {
        http_problem(x, 404, "unknown-adapter",
                     "no CMS adapter has this name: wordpress, strapi, contentful, generic, ghost, "
                     "sanity, directus, payload, or one configured under ingest:",
                     NULL);
        return;
    }
    bool own_auth = seo_cms_has_auth(a);
    if (!own_auth && !http_authorized(x))
        return;
    struct seo_cms_header headers[MAX_HEADERS];
    size_t n = 0;
    struct evkeyvalq *h = evhttp_request_get_input_headers(x->req);
    for (struct evkeyval *kv = h->tqh_first; kv && n < MAX_HEADERS; kv = kv->next.tqe_next)
        headers[n++] = (struct seo_cms_header){kv->key, kv->value};
    struct evbuffer *body = evhttp_request_get_input_buffer(x->req);
    size_t len = evbuffer_get_length(body);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct seo_cms_request rq = {
        .method = "POST",
        .path = evhttp_request_get_uri(x->req),
        .headers = headers,
        .n_headers = n,
        .body = len ? (const char *)evbuffer_pullup(body, -1) : "",
        .len = len,
        .now_ms = (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000,
    };
    struct seo_error err;
    if (own_auth && seo_cms_authenticate(a, &rq, &err) != SEO_OK) {
        http_problem(x, 401, "unauthorized", err.message, NULL);
        return;
    }
    struct ingest *in = calloc(1, sizeof(*in));
    if (!in)
        abort();
    in->adapter = a;
    in->items = json_array();
    x->state = in;
    x->state_free = ingest_free;
    enum seo_status st = seo_cms_decode(a, &rq, &cfg->limits, &in->event, &err);
    if (st != SEO_OK) {
        api_generation_problem(x, st, &err);
        return;
    }
    if (in->event.action == SEO_CMS_IGNORE) {
        answer(x, in,
               in->event.reason ? in->event.reason : "the adapter does not handle this event");
        return;
    }
    x->then = step_done;
    step(x);
}
