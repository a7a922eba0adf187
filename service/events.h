#ifndef SEOPIPE_EVENTS_H
#define SEOPIPE_EVENTS_H

/*
 * Events (seo_package.published, .updated, .deleted) and their fan-out, shared
 * by the scripts that create them: publishing (webhooks.c) and storing or
 * deleting a published draft (api.c). An event and its deliveries are written
 * by the same script as the change that causes it, so one never exists
 * without the other.
 */

#include "buf.h"

/*
 * Lua, prefixed to each script that creates an event:
 *   fanout(evt, type, draft_id, revision, content_hash, payload, created_iso, now_ms)
 * stores the event and one pending delivery (hash, indexes, stream entry) per
 * enabled endpoint subscribed to `type`, marks a published draft as such, and
 * returns "delivery_id webhook_id,..." (also kept in the event).
 */
#define SEO_LUA_FANOUT                                                                             \
    "local function fanout(evt, etype, draft, rev, hash, payload, created, nowms)\n"               \
    "  local out = {}\n"                                                                           \
    "  for _, wid in ipairs(redis.call('SMEMBERS', 'seopipe:wh:ids')) do\n"                        \
    "    local w = redis.call('HMGET', 'seopipe:wh:' .. wid, 'enabled', 'events')\n"               \
    "    if w[1] == '1' and (w[2] == '*' or\n"                                                     \
    "        string.find(',' .. w[2] .. ',', ',' .. etype .. ',', 1, true)) then\n"                \
    "      local did = 'msg_' .. string.sub(evt, 5) .. '_' .. string.sub(wid, 4)\n"                \
    "      redis.call('HSET', 'seopipe:dlv:' .. did, 'id', did, 'event_id', evt,\n"                \
    "                 'webhook_id', wid, 'status', 'pending', 'attempts', 0,\n"                    \
    "                 'created_at', created, 'updated_at', created)\n"                             \
    "      redis.call('ZADD', 'seopipe:wh:' .. wid .. ':dlv', nowms, did)\n"                       \
    "      redis.call('ZADD', 'seopipe:dlv:all', nowms, did)\n"                                    \
    "      redis.call('XADD', 'seopipe:q', '*', 'd', did)\n"                                       \
    "      out[#out + 1] = did .. ' ' .. wid\n"                                                    \
    "    end\n"                                                                                    \
    "  end\n"                                                                                      \
    "  local list = table.concat(out, ',')\n"                                                      \
    "  redis.call('HSET', 'seopipe:evt:' .. evt, 'id', evt, 'type', etype, 'draft_id', draft,\n"   \
    "             'revision', rev, 'content_hash', hash, 'payload', payload,\n"                    \
    "             'created_at', created, 'deliveries', list)\n"                                    \
    "  redis.call('ZADD', 'seopipe:evt:all', nowms, evt)\n"                                        \
    "  if etype == 'seo_package.published' and\n"                                                  \
    "      redis.call('EXISTS', 'seopipe:draft:' .. draft) == 1 then\n"                            \
    "    redis.call('HSET', 'seopipe:draft:' .. draft, 'published', '1')\n"                        \
    "  end\n"                                                                                      \
    "  return list\n"                                                                              \
    "end\n"

/*
 * A new id: `prefix` and 26 random base32 characters (130 bits; no '.', as
 * webhook-id wants): "evt_…" for events, "wh_…" for endpoints.
 */
void seo_random_id(const char *prefix, char *out, size_t cap);

/* A Unix time as events and attempts write it: "2026-11-22T03:08:41Z". */
void seo_event_time(long long unix_s, char out[32]);

/* The SHA-256 of `len` bytes as 64 lower-case hex digits and a NUL: Redis key parts. */
void seo_sha256_hex(const void *data, size_t len, char out[65]);

/* Wall-clock milliseconds: the scores of the delivery indexes. */
long long seo_now_ms(void);

/*
 * The start of an event's payload, up to the revision:
 *   {"type":"<type>","timestamp":"<iso>","data":{"draft_id":<draft id as JSON>,"revision":
 * The rest is appended by the caller or by the script that knows the revision.
 * Payloads are serialised once, and every attempt sends exactly those bytes.
 */
void seo_event_payload_head(struct seo_buf *out, const char *type, const char *iso,
                            const char *draft_id);

#endif
