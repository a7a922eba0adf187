#!/usr/bin/env bash
# Webhook delivery end to end: the real `seopipe serve`, a real redis-server and a real receiver
# (receiver.mjs) that verifies every request with the official `standardwebhooks` npm library.
#
# usage: test_webhooks.sh SEOPIPE FIXTURES_DIR MODULES_DIR
#
# MODULES_DIR is where fetch-standardwebhooks.sh installs the verifier (a build-local folder).
# Prints one line per failed check and "N passed, M failed"; exits 1 on any failure. Every process
# it starts is stopped on exit; every wait is bounded. SEOPIPE_WEBHOOKS_KEEP=1 keeps the logs.
set -uo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 SEOPIPE FIXTURES_DIR MODULES_DIR" >&2
  exit 2
fi
bin=$(realpath "$1")
fixtures=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
while read -r var; do unset "$var"; done < <(compgen -e | grep '^SEOPIPE_')

tmp=$(mktemp -d)
pass=0
fail=0
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null; done
  sleep 0.3
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  if [ "$fail" = 0 ] && [ -z "${SEOPIPE_WEBHOOKS_KEEP:-}" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 1' INT TERM

# shellcheck source=../lib/checks.sh
source "$here/../lib/checks.sh"
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

modules=$("$here/fetch-standardwebhooks.sh" "$3") || { echo "FAIL setup: cannot install standardwebhooks"; echo "0 passed, 1 failed"; exit 1; }

# ---- Redis, receiver, seopipe ------------------------------------------------------------------
rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$tmp" \
  >"$tmp/redis.log" 2>&1 &
pids+=($!)
for ((i = 0; i < 100; i++)); do
  [ "$(redis-cli -p "$rport" ping 2>/dev/null)" = PONG ] && break
  sleep 0.05
done

secret1=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
secret2=whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
node "$here/receiver.mjs" --secrets "$secret1,$secret2" --log "$tmp/receiver.jsonl" \
  --modules "$modules" --hang-ms 10000 >"$tmp/receiver.out" 2>"$tmp/receiver.err" &
pids+=($!)
for ((i = 0; i < 100; i++)); do
  recv=$(awk '/^listening /{ print $2 }' "$tmp/receiver.out" 2>/dev/null)
  [ -n "$recv" ] && break
  sleep 0.05
done
[ -n "$recv" ] || { echo "FAIL setup: the receiver did not start: $(cat "$tmp/receiver.err")"; echo "0 passed, 1 failed"; exit 1; }

port=$(free_port)
env SEOPIPE_LISTEN="127.0.0.1:$port" SEOPIPE_THREADS=2 \
  SEOPIPE_REDIS_URL="redis://127.0.0.1:$rport/0" SEOPIPE_OUTBOUND_ALLOW=127.0.0.0/8 \
  SEOPIPE_RETRY_SCHEDULE=0,1s,1s,1s SEOPIPE_WEBHOOK_TIMEOUT_MS=2000 \
  SEOPIPE_WEBHOOK_CONNECT_TIMEOUT_MS=1000 SEOPIPE_WEBHOOK_OVERLOAD_DELAY_SECONDS=3 \
  "$bin" serve >"$tmp/seopipe.out" 2>"$tmp/seopipe.log" &
spid1=$!
pids+=($spid1)
ready=0
for ((i = 0; i < 200; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] && { ready=1; break; }
  sleep 0.05
done
((ready)) || e "seopipe did not become ready: $(tail -c 300 "$tmp/seopipe.log")"
verdict "seopipe, Redis and the receiver start"
api="http://127.0.0.1:$port"
rcv="http://127.0.0.1:$recv"

# api METHOD PATH [JSON] [CURL_ARGS...]: body in $tmp/out.json, status in $st
api() {
  local method=$1 path=$2 body=${3:-}
  shift 3 2>/dev/null || shift $#
  if [ -n "$body" ]; then
    st=$(curl -s -o "$tmp/out.json" -w '%{http_code}' --max-time 10 -X "$method" \
      -H 'Content-Type: application/json' --data-binary "$body" "$@" "$api$path")
  else
    st=$(curl -s -o "$tmp/out.json" -w '%{http_code}' --max-time 10 -X "$method" "$@" "$api$path")
  fi
}
jq_() { python3 -c 'import json, sys
try:
    d = json.load(open(sys.argv[1]))
    for k in sys.argv[2].split("."):
        d = d[int(k)] if isinstance(d, list) else d.get(k)
except (ValueError, IndexError, AttributeError, OSError):
    d = None
print(json.dumps(d) if isinstance(d, (list, dict, bool)) or d is None else d)' "$tmp/out.json" "$1"; }

# create NAME PATH [EXTRA_JSON]: an endpoint for $rcv/PATH; its id in ${wh[NAME]}
declare -A wh=()
create() {
  api POST /v1/webhooks "{\"url\": \"$rcv/$2\", \"secret\": \"$secret1\"${3:-}}"
  [ "$st" = 201 ] || e "POST /v1/webhooks for $2: $st $(head -c 300 "$tmp/out.json")"
  wh[$1]=$(jq_ id)
}

# ---- endpoints ----------------------------------------------------------------------------------
create ok ok/a
[ "$(jq_ secret)" = "$secret1" ] || e "the 201 does not show the secret"
[[ ${wh[ok]} =~ ^wh_[0-9a-z]{26}$ ]] || e "endpoint id \"${wh[ok]}\""
api GET "/v1/webhooks/${wh[ok]}"
[ "$st" = 200 ] || e "GET /v1/webhooks/{id}: $st"
[ "$(jq_ secret)" = null ] || e "GET shows the secret"
[ "$(jq_ enabled)" = true ] || e "not enabled"
verdict "POST /v1/webhooks: 201 with the secret; GET shows the endpoint without it"

create fail fail/2/b
create gone gone/c
create retry retry-after/2/d
create hang hang/e
create redirect redirect/f
create busy status/429/busy
create deleted ok/deleted
create only_updated ok/g ', "events": ["seo_package.updated"]'
api GET /v1/webhooks
[ "$st" = 200 ] && [ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["data"]))' "$tmp/out.json")" = 9 ] ||
  e "GET /v1/webhooks: $st, expected 8 endpoints: $(head -c 200 "$tmp/out.json")"
verdict "eight endpoints listed"

api POST /v1/webhooks '{"url": "http://10.1.2.3/hook"}'
[ "$st" = 422 ] || e "a private address: $st"
api POST /v1/webhooks '{"url": "ftp://example.org/"}'
[ "$st" = 422 ] || e "ftp: $st"
api POST /v1/webhooks '{"url": "http://169.254.169.254/latest/meta-data"}'
[ "$st" = 422 ] || e "cloud metadata address: $st"
api POST /v1/webhooks '{"url": "http://0xa9fea9fe/"}'
[ "$st" = 422 ] || e "metadata address spelled in hex: $st"
api POST /v1/webhooks '{"url": "http://x/", "secret": "whsec_short"}'
[ "$st" = 422 ] || e "a bad secret: $st"
api POST /v1/webhooks '{"url": "http://x/", "colour": "red"}'
[ "$st" = 422 ] || e "an unknown field: $st"
api POST /v1/webhooks '{"url": "http://x/", "events": ["nope"]}'
[ "$st" = 422 ] || e "an unknown event type: $st"
verdict "registration refuses blocked addresses (however spelled), other schemes, bad secrets and fields"

api DELETE "/v1/webhooks/${wh[deleted]}"
[ "$st" = 204 ] || e "DELETE: $st"
api GET "/v1/webhooks/${wh[deleted]}"
[ "$st" = 404 ] || e "GET after DELETE: $st"
verdict "DELETE /v1/webhooks/{id}: 204, then 404"

# ---- publish ------------------------------------------------------------------------------------
python3 -c 'import json, sys; print(json.dumps({"title": "Knee Strengthening Exercises", "body": open(sys.argv[1]).read(), "format": "markdown"}))' \
  "$fixtures/markdown-knee-exercises.md" >"$tmp/draft.json"
api PUT /v1/drafts/knee "$(cat "$tmp/draft.json")"
[ "$st" = 200 ] || e "PUT draft: $st"
api POST /v1/drafts/nothing-here/publish ""
[ "$st" = 404 ] || e "publishing an unknown draft: $st"
api POST /v1/drafts/knee/publish "" -H "Idempotency-Key: pub-1"
[ "$st" = 202 ] || e "publish: $st $(head -c 200 "$tmp/out.json")"
event=$(jq_ event_id)
cp "$tmp/out.json" "$tmp/publish.json"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["deliveries"]))' "$tmp/publish.json")
[ "$n" = 7 ] || e "$n deliveries, expected 7 (nine endpoints, one deleted, one subscribed to updates only)"
api POST /v1/drafts/knee/publish "" -H "Idempotency-Key: pub-1"
[ "$st" = 202 ] && [ "$(jq_ event_id)" = "$event" ] || e "the same Idempotency-Key gave $st and event $(jq_ event_id), expected $event"
cmp -s <(python3 -c 'import json,sys; print(sorted(json.load(open(sys.argv[1]))["deliveries"], key=str))' "$tmp/out.json") \
  <(python3 -c 'import json,sys; print(sorted(json.load(open(sys.argv[1]))["deliveries"], key=str))' "$tmp/publish.json") ||
  e "the repeated publish lists other deliveries"
verdict "POST /v1/drafts/{id}/publish: 202 with one delivery per subscribed endpoint; Idempotency-Key repeats it"

delivery_of() { python3 -c 'import json,sys
for d in json.load(open(sys.argv[1]))["deliveries"]:
    if d["webhook_id"] == sys.argv[2]: print(d["id"])' "$tmp/publish.json" "$1"; }

# wait_status DELIVERY WANT SECONDS: polls GET /v1/deliveries/{id} until its status is WANT.
wait_delivery() {
  local start_ms
  start_ms=$(now_ms)
  while (($(now_ms) - start_ms < $3 * 1000)); do
    api GET "/v1/deliveries/$1"
    [ "$st" = 200 ] && [ "$(jq_ status)" = "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

d_ok=$(delivery_of "${wh[ok]}")
wait_delivery "$d_ok" succeeded 10 || e "ok: status $(jq_ status) after 10 s"
[ "$(jq_ attempts.0.status)" = 200 ] || e "ok: first attempt $(jq_ attempts.0)"
verdict "an endpoint answering 200: delivered at the first attempt, logged with its status"

d_fail=$(delivery_of "${wh[fail]}")
wait_delivery "$d_fail" succeeded 15 || e "fail/2: status $(jq_ status) after 15 s"
[ "$(jq_ attempt_count)" = 3 ] || e "fail/2: $(jq_ attempt_count) attempts, expected 3"
[ "$(python3 -c 'import json,sys; print([a["status"] for a in json.load(open(sys.argv[1]))["attempts"]])' "$tmp/out.json")" = "[500, 500, 200]" ] ||
  e "fail/2: attempts $(jq_ attempts)"
verdict "a 500, 500, 200 endpoint gets exactly three attempts"

d_gone=$(delivery_of "${wh[gone]}")
wait_delivery "$d_gone" disabled 10 || e "gone: status $(jq_ status)"
api GET "/v1/webhooks/${wh[gone]}"
[ "$(jq_ enabled)" = false ] || e "the endpoint answering 410 is still enabled"
verdict "410 Gone disables the endpoint; its delivery is kept (disabled)"

d_retry=$(delivery_of "${wh[retry]}")
wait_delivery "$d_retry" succeeded 15 || e "retry-after: status $(jq_ status)"
verdict "Retry-After: delivered on the next attempt"

d_hang=$(delivery_of "${wh[hang]}")
wait_delivery "$d_hang" succeeded 20 || e "hang: status $(jq_ status)"
[ "$(jq_ attempts.0.error)" = timeout ] || e "hang: first attempt $(jq_ attempts.0)"
verdict "a hanging receiver times out (2 s) and is retried"

# A timeout or a 429 is overload: the next attempt waits at least overload_delay_seconds (3 s
# here) although the schedule says 1 s.
d_busy=$(delivery_of "${wh[busy]}")
wait_delivery "$d_busy" succeeded 20 || e "429: status $(jq_ status)"
[ "$(jq_ attempts.0.status)" = 429 ] || e "429: first attempt $(jq_ attempts.0)"
python3 - "$tmp/receiver.jsonl" "$d_busy" "$d_hang" <<'PY' || e "the overload delay was not kept"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def times(did, path):
    return [r["t"] for r in rows if r.get("id") == did and r["path"].startswith(path)][:2]
busy, hang = times(sys.argv[2], "/status/429/"), times(sys.argv[3], "/hang/")
# 429: 3 s after the answer; the hang: 3 s after the 2 s timeout.
if len(busy) < 2 or busy[1] - busy[0] < 2900 or len(hang) < 2 or hang[1] - hang[0] < 4900:
    print(f"429 attempts at {busy}, hang attempts at {hang}", file=sys.stderr); sys.exit(1)
PY
verdict "a 429 and a timeout push the next attempt to the overload delay (3 s, not the schedule's 1 s)"

d_redirect=$(delivery_of "${wh[redirect]}")
wait_delivery "$d_redirect" failed 20 || e "redirect: status $(jq_ status)"
[ "$(jq_ attempt_count)" = 4 ] || e "redirect: $(jq_ attempt_count) attempts, expected 4 (the schedule)"
[ "$(jq_ attempts.0.status)" = 302 ] || e "redirect: $(jq_ attempts.0)"
verdict "a redirect is a failure, never followed; after the last attempt the delivery is failed"

# Retry-After: 2 s wins over the schedule's 1 s (+-20 %: 0.8 to 1.2 s), clamped to at most twice
# the jittered delay (1.6 to 2 s), as Svix does.
python3 - "$tmp/receiver.jsonl" "$d_retry" <<'PY' || e "Retry-After not respected"
import json, sys
t = [json.loads(l)["t"] for l in open(sys.argv[1]) if json.loads(l).get("id") == sys.argv[2]][:2]
if len(t) < 2 or not 1500 <= t[1] - t[0] <= 3500:
    print(f"attempt times {t}", file=sys.stderr); sys.exit(1)
PY
verdict "Retry-After: 2 stretches the 1 s step (1.5 to 3.5 s between the attempts)"

python3 "$here/check_log.py" "$tmp/receiver.jsonl" --compact >"$tmp/check.json" 2>&1 ||
  e "check_log.py: $(head -c 600 "$tmp/check.json")"
verdict "every request verified with standardwebhooks; the same body bytes on every attempt"

# ---- secret rotation ----------------------------------------------------------------------------
api POST "/v1/webhooks/${wh[ok]}/rotate-secret" "{\"secret\": \"$secret2\"}"
[ "$st" = 200 ] && [ "$(jq_ secret)" = "$secret2" ] || e "rotate-secret: $st $(head -c 200 "$tmp/out.json")"
[ "$(jq_ previous_secret_expires_at)" != null ] || e "no previous_secret_expires_at"
api POST /v1/drafts/knee/publish ""
python3 -c 'import json,sys
for d in json.load(open(sys.argv[1]))["deliveries"]: print(d["id"], d["webhook_id"])' "$tmp/out.json" >"$tmp/second.txt"
d_rot=$(awk -v w="${wh[ok]}" '$2 == w { print $1 }' "$tmp/second.txt")
wait_delivery "$d_rot" succeeded 10 || e "after rotation: status $(jq_ status)"
python3 - "$tmp/receiver.jsonl" "$d_rot" "$secret1" "$secret2" <<'PY' || e "signatures after rotation"
import base64, hashlib, hmac, json, sys
log, did, s1, s2 = sys.argv[1:]
rows = [json.loads(l) for l in open(log) if json.loads(l).get("id") == did]
if not rows or not rows[0]["verified"]:
    print("not verified", file=sys.stderr); sys.exit(1)
sigs = rows[0]["signature"].split(" ")
if len(sigs) != 2:
    print(f"{len(sigs)} signatures, expected 2 (new and old)", file=sys.stderr); sys.exit(1)
PY
verdict "rotation: both secrets sign during the grace period, and the request verifies"

# ---- seo_package.updated and .deleted, raised by changing and deleting a published draft ----------
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["body"] += "\n\nWarm up for five minutes first.\n"; print(json.dumps(d))' \
  "$tmp/draft.json" >"$tmp/draft2.json"
st=$(curl -s -o "$tmp/out.json" -D "$tmp/put.h" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
  --data-binary @"$tmp/draft2.json" "$api/v1/drafts/knee")
updated=$(awk -F': ' 'tolower($1) == "x-event-id" { print $2 }' "$tmp/put.h" | tr -d '\r')
[ "$st" = 200 ] && [[ $updated =~ ^evt_ ]] || e "PUT of a changed published draft: $st, X-Event-Id \"$updated\""
[ "$(redis-cli -p "$rport" hget "seopipe:evt:$updated" type)" = seo_package.updated ] || e "event $updated is not seo_package.updated"
st=$(curl -s -o /dev/null -D "$tmp/put2.h" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
  --data-binary @"$tmp/draft2.json" "$api/v1/drafts/knee")
grep -qi '^x-event-id' "$tmp/put2.h" && e "the same draft again raised another event"
# The endpoint subscribed to updates only gets this one, and it verifies.
for ((i = 0; i < 100; i++)); do grep -q '"/ok/g"' "$tmp/receiver.jsonl" && break; sleep 0.1; done
grep -q '"path":"/ok/g"' "$tmp/receiver.jsonl" || e "the updates-only endpoint got nothing"
verdict "changing a published draft raises seo_package.updated (once), sent to the endpoints subscribed to it"
st=$(curl -s -o /dev/null -D "$tmp/del.h" -w '%{http_code}' -X DELETE "$api/v1/drafts/knee")
deleted=$(awk -F': ' 'tolower($1) == "x-event-id" { print $2 }' "$tmp/del.h" | tr -d '\r')
[ "$st" = 204 ] && [[ $deleted =~ ^evt_ ]] || e "DELETE of a published draft: $st, X-Event-Id \"$deleted\""
[ "$(redis-cli -p "$rport" hget "seopipe:evt:$deleted" type)" = seo_package.deleted ] || e "event $deleted is not seo_package.deleted"
redis-cli -p "$rport" hget "seopipe:evt:$deleted" payload | python3 -c 'import json, sys
d = json.load(sys.stdin)
assert d["type"] == "seo_package.deleted" and d["data"]["draft_id"] == "knee" and "package" not in d["data"], d' ||
  e "the deleted payload is not {type, timestamp, data: {draft_id, revision, content_hash}}"
verdict "deleting a published draft raises seo_package.deleted"
api PUT /v1/drafts/knee "$(cat "$tmp/draft.json")"

# ---- listing, retrying, recovering ----------------------------------------------------------------
api GET "/v1/deliveries?status=failed"
[ "$st" = 200 ] || e "GET /v1/deliveries?status=failed: $st"
python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
ids = [x["id"] for x in d["data"]]
assert sys.argv[2] in ids, ids
assert all(x["status"] == "failed" for x in d["data"]), d' "$tmp/out.json" "$d_redirect" 2>&1 ||
  e "the failed redirect delivery is not listed alone: $(head -c 300 "$tmp/out.json")"
api GET "/v1/deliveries?webhook_id=${wh[fail]}"
n_fail=$(redis-cli -p "$rport" zcard "seopipe:wh:${wh[fail]}:dlv")
[ "$n_fail" -ge 4 ] || e "the fail endpoint has $n_fail deliveries, expected 4 (2 publishes, 1 update, 1 deletion)"
python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))["data"]
assert len(d) == int(sys.argv[3]) and all(x["webhook_id"] == sys.argv[2] for x in d), d' \
  "$tmp/out.json" "${wh[fail]}" "$n_fail" 2>/dev/null || e "deliveries of the fail endpoint: $(head -c 300 "$tmp/out.json")"
# Every delivery, two at a time: the pages add up to the whole list, each id once.
seen=()
cursor=""
for ((page = 0; page < 20; page++)); do
  api GET "/v1/deliveries?limit=2${cursor:+&cursor=$cursor}"
  [ "$st" = 200 ] || { e "page $page: $st"; break; }
  mapfile -t got < <(python3 -c 'import json,sys
for x in json.load(open(sys.argv[1]))["data"]: print(x["id"])' "$tmp/out.json")
  seen+=("${got[@]}")
  cursor=$(jq_ next_cursor)
  [ "$cursor" = null ] && break
  if ((page == 1)); then
    # The retention removes the oldest entries while someone pages: the cursor must not skip
    # (a rank would now point two entries too far). The removed ones are back right after.
    mapfile -t head2 < <(redis-cli -p "$rport" zrange seopipe:dlv:all 0 1 withscores)
    redis-cli -p "$rport" zremrangebyrank seopipe:dlv:all 0 1 >/dev/null
    api GET "/v1/deliveries?limit=2&cursor=$cursor"
    mapfile -t got < <(python3 -c 'import json,sys
for x in json.load(open(sys.argv[1]))["data"]: print(x["id"])' "$tmp/out.json")
    seen+=("${got[@]}")
    cursor=$(jq_ next_cursor)
    redis-cli -p "$rport" zadd seopipe:dlv:all "${head2[1]}" "${head2[0]}" "${head2[3]}" "${head2[2]}" >/dev/null
    [ "$cursor" = null ] && break
  fi
done
total=$(redis-cli -p "$rport" zcard seopipe:dlv:all)
[ "${#seen[@]}" = "$total" ] && [ "$(printf '%s\n' "${seen[@]}" | sort -u | wc -l)" = "$total" ] ||
  e "pages of 2 gave ${#seen[@]} ids ($(printf '%s\n' "${seen[@]}" | sort -u | wc -l) distinct), expected $total"
api GET "/v1/deliveries?cursor=12"
[ "$st" = 400 ] || e "a cursor of the old form: $st"
api GET "/v1/deliveries?status=lost"
[ "$st" = 400 ] || e "an unknown status: $st"
verdict "GET /v1/deliveries: by status, by endpoint, and in pages whose cursors cover every delivery once, also while the oldest are removed"

api POST "/v1/deliveries/$d_redirect/retry" ""
[ "$st" = 202 ] || e "retry: $st"
for ((i = 0; i < 100; i++)); do
  api GET "/v1/deliveries/$d_redirect"
  [ "$(jq_ attempt_count)" = 5 ] && [ "$(jq_ status)" = failed ] && break
  sleep 0.1
done
[ "$(jq_ attempt_count)" = 5 ] || e "after a manual retry: $(jq_ attempt_count) attempts, expected 5"
api POST /v1/deliveries/msg_nonexistent/retry ""
[ "$st" = 404 ] || e "retrying an unknown delivery: $st"
verdict "POST /v1/deliveries/{id}/retry: one more attempt now"

api PATCH "/v1/webhooks/${wh[redirect]}" "{\"url\": \"$rcv/ok/recovered\"}"
[ "$st" = 200 ] || e "PATCH url: $st"
api POST "/v1/webhooks/${wh[redirect]}/recover" '{"since": "2020-01-01T00:00:00Z"}'
[ "$st" = 202 ] && [ "$(jq_ resent)" -ge 1 ] || e "recover: $st $(head -c 200 "$tmp/out.json")"
wait_delivery "$d_redirect" succeeded 10 || e "after recover: status $(jq_ status)"
api POST "/v1/webhooks/wh_00000000000000000000000000/recover" '{"since": 0}'
[ "$st" = 404 ] || e "recover on an unknown endpoint: $st"
verdict "POST /v1/webhooks/{id}/recover: failed deliveries since then are sent again, to the endpoint's new URL"

# ---- rate limit: 2 requests per second to one endpoint --------------------------------------------
for name in ok fail gone retry hang redirect busy only_updated; do api DELETE "/v1/webhooks/${wh[$name]}"; done
create limited ok/limited ', "rate_limit_per_s": 2'
for ((i = 0; i < 6; i++)); do api POST /v1/drafts/knee/publish ""; done
for ((i = 0; i < 100; i++)); do
  [ "$(grep -c '"path":"/ok/limited"' "$tmp/receiver.jsonl")" -ge 6 ] && break
  sleep 0.1
done
python3 - "$tmp/receiver.jsonl" <<'PY' || e "rate limit not kept"
import collections, json, sys
t = [json.loads(l)["t"] for l in open(sys.argv[1]) if json.loads(l)["path"] == "/ok/limited"]
per_second = collections.Counter(x // 1000 for x in t)
# Counted per second of the clock: six at two a second take three seconds (allow one late arrival).
if len(t) != 6 or max(per_second.values()) > 3 or len(per_second) < 3:
    print(f"{len(t)} requests, per second {dict(per_second)}, span {max(t) - min(t) if t else 0} ms",
          file=sys.stderr)
    sys.exit(1)
PY
verdict "rate_limit_per_s 2: six deliveries spread over three seconds of the clock"

# ---- max_concurrency 1: per worker (2 here), so at most 2 requests at once, not all 6 ---------
api DELETE "/v1/webhooks/${wh[limited]}"
create capped slow/700/capped ', "max_concurrency": 1'
for ((i = 0; i < 6; i++)); do api POST /v1/drafts/knee/publish ""; done
for ((i = 0; i < 150; i++)); do
  [ "$(grep -c '"path":"/slow/700/capped","id"' "$tmp/receiver.jsonl")" -ge 6 ] && break
  sleep 0.1
done
python3 - "$tmp/receiver.jsonl" <<'PY' || e "concurrency cap not kept"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
spans = [(r["t"], r["t"] + r["ms"]) for r in rows if r["path"] == "/slow/700/capped"]
most = max(sum(1 for a, b in spans if a <= t < b) for t, _ in spans) if spans else 0
if len(spans) != 6 or most > 2:
    print(f"{len(spans)} requests, at most {most} at once", file=sys.stderr)
    sys.exit(1)
PY
verdict "max_concurrency 1 with two workers: six slow requests, never more than two at once"

# ---- blocked at connect time: a name that resolves to loopback, on an instance without the allow list
port2=$(free_port)
env SEOPIPE_LISTEN="127.0.0.1:$port2" SEOPIPE_THREADS=1 \
  SEOPIPE_REDIS_URL="redis://127.0.0.1:$rport/1" SEOPIPE_RETRY_SCHEDULE=0 \
  "$bin" serve >/dev/null 2>"$tmp/seopipe2.log" &
spid2=$!
pids+=($spid2)
for ((i = 0; i < 200; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port2/readyz")" = 200 ] && break
  sleep 0.05
done
api_save=$api
api="http://127.0.0.1:$port2"
api POST /v1/webhooks "{\"url\": \"http://127.0.0.1:$recv/ok/x\"}"
[ "$st" = 422 ] || e "a loopback literal without the allow list: $st"
# A name that resolves to loopback: this machine's own (Debian maps it to 127.0.1.1); "localhost"
# itself is refused by name (RFC 6761).
name=$(hostname)
getent hosts "$name" | grep -q '^127\.' || name=""
if [ -z "$name" ]; then
  echo "note: $(hostname) does not resolve to a loopback address here; the connect-time check is not exercised"
fi
api POST /v1/webhooks "{\"url\": \"http://localhost:$recv/ok/x\"}"
[ "$st" = 422 ] || e "localhost passes registration: $st"
api POST /v1/webhooks "{\"url\": \"http://${name:-localhost}:$recv/ok/blocked\"}"
[ -z "$name" ] || [ "$st" = 201 ] || e "a host name passes registration: $st"
api PUT /v1/drafts/knee "$(cat "$tmp/draft.json")"
api POST /v1/drafts/knee/publish ""
if [ -n "$name" ]; then
  d_blocked=$(jq_ deliveries.0.id)
  wait_delivery "$d_blocked" failed 10 || e "blocked: status $(jq_ status)"
  [ "$(jq_ attempts.0.error)" = blocked ] || e "blocked: $(jq_ attempts.0)"
fi
grep -q '/ok/blocked' "$tmp/receiver.jsonl" && e "the receiver got a request for a blocked address"
api=$api_save
verdict "an address that resolves to loopback is refused at connect time (error blocked)"

api GET /metrics
grep -q '^seopipe_webhook_attempts_total{result="delivered"} [1-9]' "$tmp/out.json" ||
  e "no delivered attempts in /metrics"
verdict "GET /metrics counts webhook attempts"

# ---- endpoints from the configuration ---------------------------------------------------------------
cat >"$tmp/static.yaml" <<EOF
webhooks:
  outbound_allow: 127.0.0.0/8
  endpoints:
    indexer:
      url: http://127.0.0.1:$recv/ok/static
      secret: $secret1
      events: [seo_package.published]
      description: search indexer
EOF
port3=$(free_port)
env SEOPIPE_LISTEN="127.0.0.1:$port3" SEOPIPE_THREADS=2 SEOPIPE_REDIS_URL="redis://127.0.0.1:$rport/2" \
  "$bin" serve --config "$tmp/static.yaml" >/dev/null 2>"$tmp/seopipe3.log" &
spid3=$!
pids+=($spid3)
for ((i = 0; i < 200; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port3/readyz")" = 200 ] && break
  sleep 0.05
done
api="http://127.0.0.1:$port3"
for ((i = 0; i < 50; i++)); do
  api GET /v1/webhooks
  [ "$(jq_ data.0.url)" = "http://127.0.0.1:$recv/ok/static" ] && break
  sleep 0.1
done
[ "$(jq_ data.0.url)" = "http://127.0.0.1:$recv/ok/static" ] || e "the configured endpoint is not listed: $(head -c 200 "$tmp/out.json")"
[ "$(jq_ data.0.description)" = "search indexer" ] || e "description $(jq_ data.0.description)"
api PUT /v1/drafts/knee "$(cat "$tmp/draft.json")"
api POST /v1/drafts/knee/publish ""
[ "$st" = 202 ] || e "publish: $st"
d_static=$(jq_ deliveries.0.id)
wait_delivery "$d_static" succeeded 10 || e "the configured endpoint's delivery: $(jq_ status)"
api=$api_save
printf 'webhooks:\n  endpoints:\n    bad:\n      url: http://example.org/\n      secret: whsec_nope\n' >"$tmp/bad-static.yaml"
timeout 5 env SEOPIPE_LISTEN="127.0.0.1:$(free_port)" "$bin" serve --config "$tmp/bad-static.yaml" \
  >/dev/null 2>"$tmp/bad-static.err"
rc=$?
[ "$rc" = 2 ] && grep -q 'webhooks.endpoints.bad.secret' "$tmp/bad-static.err" ||
  e "a configured endpoint with a bad secret: exit $rc, $(head -c 200 "$tmp/bad-static.err")"
verdict "endpoints from the configuration are stored at start and delivered to; a bad one stops start-up naming it"

# ---- sustained failure, retention and idle consumers: an instance of its own (db 3) -------------
# An endpoint whose every attempt fails for disable_after_seconds (2 s) is disabled, its delivery
# kept; finished deliveries and their events go after retention_seconds (8 s); a consumer of the
# group that holds nothing and was idle longer than the reaper's threshold (2 x 0.5 s + 5 s) is
# removed.
rcli() { redis-cli -p "$rport" -n 3 "$@"; }
rcli XGROUP CREATE seopipe:q deliver '$' MKSTREAM >/dev/null
rcli XGROUP CREATECONSUMER seopipe:q deliver ghost-of-a-dead-instance >/dev/null
port4=$(free_port)
env SEOPIPE_LISTEN="127.0.0.1:$port4" SEOPIPE_THREADS=1 SEOPIPE_REDIS_URL="redis://127.0.0.1:$rport/3" \
  SEOPIPE_OUTBOUND_ALLOW=127.0.0.0/8 SEOPIPE_RETRY_SCHEDULE=0,1s,1s,1s,1s,1s,1s \
  SEOPIPE_WEBHOOK_TIMEOUT_MS=500 SEOPIPE_WEBHOOK_DISABLE_AFTER_SECONDS=2 \
  SEOPIPE_WEBHOOK_RETENTION_SECONDS=8 "$bin" serve >/dev/null 2>"$tmp/seopipe4.log" &
spid4=$!
pids+=($spid4)
for ((i = 0; i < 200; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port4/readyz")" = 200 ] && break
  sleep 0.05
done
api="http://127.0.0.1:$port4"
create failing fail/99/sustained
create kept ok/retention
api PUT /v1/drafts/knee "$(cat "$tmp/draft.json")"
api POST /v1/drafts/knee/publish ""
[ "$st" = 202 ] || e "publish on the fourth instance: $st"
event4=$(jq_ event_id)
python3 -c 'import json,sys
for d in json.load(open(sys.argv[1]))["deliveries"]: print(d["id"], d["webhook_id"])' "$tmp/out.json" >"$tmp/fourth.txt"
d_failing=$(awk -v w="${wh[failing]}" '$2 == w { print $1 }' "$tmp/fourth.txt")
d_kept=$(awk -v w="${wh[kept]}" '$2 == w { print $1 }' "$tmp/fourth.txt")
wait_delivery "$d_failing" disabled 10 || e "sustained failure: delivery status $(jq_ status)"
n_attempts=$(jq_ attempt_count)
api GET "/v1/webhooks/${wh[failing]}"
[ "$(jq_ enabled)" = false ] || e "the endpoint failing for 2 s is still enabled"
[[ $(jq_ disabled_reason) == "every attempt failed for "* ]] || e "disabled_reason: $(jq_ disabled_reason)"
[ "$(jq_ failing_since)" != null ] || e "no failing_since on the disabled endpoint"
((n_attempts >= 3 && n_attempts <= 5)) || e "sustained failure: $n_attempts attempts before disabling (2 s at 1 s steps)"
api PATCH "/v1/webhooks/${wh[failing]}" '{"enabled": true}'
[ "$st" = 200 ] && [ "$(jq_ failing_since)" = null ] && [ "$(jq_ enabled)" = true ] ||
  e "enabling again does not restart the count: $(head -c 300 "$tmp/out.json")"
verdict "an endpoint failing for disable_after_seconds is disabled with the reason, its delivery kept; enabling it clears failing_since"

api PATCH "/v1/webhooks/${wh[failing]}" '{"enabled": false}'
wait_delivery "$d_kept" succeeded 10 || e "retention: the delivery did not succeed: $(jq_ status)"
gone=0
for ((i = 0; i < 140; i++)); do
  api GET "/v1/deliveries/$d_kept"
  if [ "$st" = 404 ]; then gone=1; break; fi
  sleep 0.1
done
((gone)) || e "retention: the delivery is still there after 8 s + 6 s: $st"
for ((i = 0; i < 40; i++)); do
  [ "$(rcli EXISTS "seopipe:evt:$event4")" = 0 ] && [ "$(rcli EXISTS "seopipe:dlv:$d_failing")" = 0 ] && break
  sleep 0.1
done
[ "$(rcli EXISTS "seopipe:dlv:$d_kept:log")" = 0 ] || e "retention: the attempt log is left"
[ "$(rcli EXISTS "seopipe:evt:$event4")" = 0 ] || e "retention: the event is left"
[ "$(rcli ZSCORE seopipe:dlv:all "$d_kept")" = "" ] || e "retention: the index entry is left"
[ "$(rcli EXISTS "seopipe:dlv:$d_failing")" = 0 ] || e "retention: the disabled delivery is left"
grep -q '"msg":"retention: old deliveries, events and idle consumers removed"' "$tmp/seopipe4.log" ||
  e "retention: no log line"
verdict "retention: finished deliveries, their logs, index entries and events are removed after retention_seconds"

consumers=$(rcli XINFO CONSUMERS seopipe:q deliver | grep -c -x -e 'ghost-of-a-dead-instance' || true)
[ "$consumers" = 0 ] || e "the idle consumer of a dead instance is still in the group"
verdict "an idle consumer holding nothing is removed from the group"
api=$api_save

# ---- secrets at rest: an instance with SEOPIPE_SECRET_KEY on its own database (db 4) ------------
# Secrets reach Redis only sealed (enc:v1:, AES-256-GCM bound to the endpoint id); the API shows
# them once; deliveries open them and the receiver verifies; a plaintext secret stored before the
# key was set keeps working and is sealed by a rotation; a sealed secret moved to another
# endpoint does not open, and its attempt fails saying why; no secret is ever logged.
rcli4() { redis-cli -p "$rport" -n 4 "$@"; }
legacy=wh_00000000000000000000000001
rcli4 HSET "seopipe:wh:$legacy" id "$legacy" url "http://127.0.0.1:$recv/ok/legacy" events '*' \
  secret "$secret1" enabled 1 max_concurrency 16 rate_limit_per_s 0 created_at 0 updated_at 0 >/dev/null
rcli4 SADD seopipe:wh:ids "$legacy" >/dev/null
cat >"$tmp/sealed.yaml" <<EOF2
webhooks:
  endpoints:
    mirror:
      url: http://127.0.0.1:$recv/ok/static-sealed
      secret: $secret2
EOF2
secret_key=$(openssl rand -base64 32)
port5=$(free_port)
env SEOPIPE_LISTEN="127.0.0.1:$port5" SEOPIPE_THREADS=2 SEOPIPE_REDIS_URL="redis://127.0.0.1:$rport/4" \
  SEOPIPE_OUTBOUND_ALLOW=127.0.0.0/8 SEOPIPE_RETRY_SCHEDULE=0 SEOPIPE_SECRET_KEY="$secret_key" \
  "$bin" serve --config "$tmp/sealed.yaml" >/dev/null 2>"$tmp/seopipe5.log" &
spid5=$!
pids+=($spid5)
for ((i = 0; i < 200; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port5/readyz")" = 200 ] && break
  sleep 0.05
done
api="http://127.0.0.1:$port5"
create sealed ok/sealed
[ "$(jq_ secret)" = "$secret1" ] || e "the 201 does not show the plain secret: $(jq_ secret)"
stored=$(rcli4 HGET "seopipe:wh:${wh[sealed]}" secret)
[[ $stored == enc:v1:* ]] || e "the secret is stored as \"${stored:0:20}...\", not enc:v1:"
[[ $stored == *"${secret1#whsec_}"* ]] && e "the stored secret contains the plain one"
api GET "/v1/webhooks/${wh[sealed]}"
[ "$(jq_ secret)" = null ] || e "GET shows the secret"
static_id=""
for ((i = 0; i < 50; i++)); do
  static_id=$(for id in $(rcli4 SMEMBERS seopipe:wh:ids); do
    [ "$(rcli4 HGET "seopipe:wh:$id" static)" = 1 ] && echo "$id"; done)
  [ -n "$static_id" ] && break
  sleep 0.1
done
[[ $(rcli4 HGET "seopipe:wh:$static_id" secret) == enc:v1:* ]] || e "the configured endpoint's secret is not sealed"
verdict "SEOPIPE_SECRET_KEY: secrets are stored enc:v1: (API-created and configured), shown once, never by GET"

create moved ok/moved
rcli4 HSET "seopipe:wh:${wh[moved]}" secret "$stored" >/dev/null # another endpoint's sealed secret
api PUT /v1/drafts/knee "$(cat "$tmp/draft.json")"
api POST /v1/drafts/knee/publish ""
[ "$st" = 202 ] || e "publish on the sealed instance: $st"
python3 -c 'import json,sys
for d in json.load(open(sys.argv[1]))["deliveries"]: print(d["id"], d["webhook_id"])' "$tmp/out.json" >"$tmp/fifth.txt"
for w in "${wh[sealed]}" "$static_id" "$legacy"; do
  d=$(awk -v w="$w" '$2 == w { print $1 }' "$tmp/fifth.txt")
  wait_delivery "$d" succeeded 10 || e "$w: delivery $d is $(jq_ status): $(jq_ attempts.0)"
  python3 - "$tmp/receiver.jsonl" "$d" <<'PY' || e "$w: the receiver did not verify delivery $d"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if any(r.get("id") == sys.argv[2] and r["verified"] for r in rows) else 1)
PY
done
d_moved=$(awk -v w="${wh[moved]}" '$2 == w { print $1 }' "$tmp/fifth.txt")
wait_delivery "$d_moved" failed 10 || e "moved secret: delivery is $(jq_ status)"
[ "$(jq_ attempts.0.error)" = error ] &&
  [ "$(jq_ attempts.0.detail)" = "secret cannot be decrypted (wrong SEOPIPE_SECRET_KEY?)" ] ||
  e "moved secret: attempt $(jq_ attempts.0)"
grep -q '"/ok/moved"' "$tmp/receiver.jsonl" && e "a delivery with an unreadable secret was sent"
verdict "sealed, configured and plaintext (older) secrets sign verified deliveries; a sealed secret moved to another endpoint fails the attempt"

api POST "/v1/webhooks/$legacy/rotate-secret" "{\"secret\": \"$secret2\"}"
[ "$st" = 200 ] && [ "$(jq_ secret)" = "$secret2" ] || e "rotate-secret: $st $(head -c 200 "$tmp/out.json")"
for field in secret old_secret; do
  v=$(rcli4 HGET "seopipe:wh:$legacy" $field)
  [[ $v == enc:v1:* ]] || e "after rotation $field is \"${v:0:20}...\", not sealed"
done
api POST /v1/drafts/knee/publish ""
d=$(python3 -c 'import json,sys
for d in json.load(open(sys.argv[1]))["deliveries"]:
    if d["webhook_id"] == sys.argv[2]: print(d["id"])' "$tmp/out.json" "$legacy")
wait_delivery "$d" succeeded 10 || e "after rotation: $(jq_ status) $(jq_ attempts.0)"
python3 - "$tmp/receiver.jsonl" "$d" <<'PY' || e "after rotation: not verified with two signatures"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if json.loads(l).get("id") == sys.argv[2]]
sys.exit(0 if rows and rows[0]["verified"] and len(rows[0]["signature"].split(" ")) == 2 else 1)
PY
verdict "rotating a plaintext secret seals the new one and the old one; both sign and verify"

for s in "${secret1#whsec_}" "${secret2#whsec_}"; do
  for id in $(rcli4 SMEMBERS seopipe:wh:ids); do
    rcli4 HGETALL "seopipe:wh:$id" | grep -qF -- "$s" && e "Redis holds a plain secret in seopipe:wh:$id"
  done
  grep -qF -- "$s" "$tmp"/seopipe*.log && e "a secret is in a log"
done
grep -q 'stored unencrypted' "$tmp/seopipe5.log" && e "the warning is logged although a key is set"
[ "$(grep -c 'webhook secrets are stored unencrypted: set SEOPIPE_SECRET_KEY' "$tmp/seopipe.log")" = 1 ] ||
  e "without a key the warning is not logged exactly once"
for bad in nope "$(openssl rand -base64 31)" "${secret_key}x"; do
  timeout 5 env SEOPIPE_LISTEN="127.0.0.1:$(free_port)" SEOPIPE_SECRET_KEY="$bad" "$bin" serve \
    >/dev/null 2>"$tmp/badkey.err"
  rc=$?
  [ "$rc" = 2 ] && grep -q 'security.secret_key (SEOPIPE_SECRET_KEY)' "$tmp/badkey.err" ||
    e "a malformed key: exit $rc, $(head -c 200 "$tmp/badkey.err")"
  grep -qF -- "$bad" "$tmp/badkey.err" && e "the malformed key is quoted in the message"
done
verdict "no plain secret in Redis or the logs; one warning without a key; a malformed key stops start-up naming the setting"
api=$api_save

# All servers stop on SIGTERM with exit 0 within 5 s (under ASan: without leaks), deliveries
# and Redis connections closed on the way.
for p in $spid1 $spid2 $spid3 $spid4 $spid5; do
  kill -TERM "$p"
  for ((i = 0; i < 100; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$p" 2>/dev/null; then
    e "seopipe $p still running 5 s after SIGTERM"
  else
    wait "$p"
    rc=$?
    [ "$rc" = 0 ] || e "seopipe $p exited $rc after SIGTERM: $(grep -m1 -A3 ERROR "$tmp"/seopipe*.log | head -c 400)"
  fi
done
verdict "SIGTERM: every server exits 0"

if ((fail)); then
  echo "$pass passed, $fail failed (logs in $tmp)"
  exit 1
fi
echo "$pass passed, $fail failed"
