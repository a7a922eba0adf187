#!/usr/bin/env bash
# FAQ sources for real: `seopipe serve` against a real redis-server and a local web server of FAQ
# sources (source_server.py): HTML with FAQPage JSON-LD, question headings, JSON, plain text, a
# Latin-1 page, a source answering 304 to its ETag, and the failures (a hang, a body over the cap
# with and without Content-Length, a redirect into a blocked address, a redirect loop, a 404,
# binary junk). Every failure must leave the draft answered 200 with a warning naming the source
# and the reason; entries keep their source URL; the visible FAQ block holds them.
#
# usage: test_sources.sh SEOPIPE
# Prints one line per failed check and "N passed, M failed"; exit 1 on any failure. Everything it
# starts is killed on exit; every wait is bounded.
set -uo pipefail
(($# == 1)) || { echo "usage: $0 SEOPIPE" >&2; exit 2; }
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
while read -r var; do unset "$var"; done < <(compgen -e | grep '^SEOPIPE_')
tmp=$(mktemp -d)
pids=()
pass=0
fail=0
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  sleep 0.2
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  ((fail)) || rm -rf "$tmp"
}
trap cleanup EXIT
# shellcheck source=../lib/checks.sh
source "$here/../lib/checks.sh"

rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no >"$tmp/redis.log" 2>&1 &
pids+=($!)
python3 "$here/source_server.py" --max-seconds 240 >"$tmp/src.out" 2>"$tmp/src.err" &
pids+=($!)
for ((i = 0; i < 100; i++)); do
  src=$(awk '/^listening /{ print $2 }' "$tmp/src.out" 2>/dev/null)
  [ -n "$src" ] && [ "$(redis-cli -p "$rport" ping 2>/dev/null)" = PONG ] && break
  sleep 0.05
done
[ -n "$src" ] || { echo "FAIL setup: the source server did not start: $(cat "$tmp/src.err")"; exit 1; }
S="http://127.0.0.1:$src"

port=$(free_port)
env SEOPIPE_LISTEN="127.0.0.1:$port" SEOPIPE_THREADS=2 SEOPIPE_REDIS_URL="redis://127.0.0.1:$rport/0" \
  SEOPIPE_OUTBOUND_ALLOW=127.0.0.0/8 SEOPIPE_SOURCE_TIMEOUT_MS=1000 SEOPIPE_SOURCE_DEADLINE_MS=3000 \
  SEOPIPE_SOURCE_CACHE_TTL_SECONDS=1 "$bin" serve >/dev/null 2>"$tmp/seopipe.log" &
spid=$!
pids+=($spid)
for ((i = 0; i < 200; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] && break
  sleep 0.05
done
api="http://127.0.0.1:$port"

# seo URL...: POST /v1/seo (no package cache) of a short article with these faq_sources; the
# package in $tmp/out.json, the status in $st, the time taken in $ms.
seo() {
  python3 - "$@" >"$tmp/draft.json" <<'PY'
import json, sys
print(json.dumps({"title": "Looking after a new puppy",
  "body": "# Looking after a new puppy\n\nA new puppy needs food, sleep and patience. "
          "Vaccinations protect a puppy from the worst diseases, and the vet plans them. "
          "Short walks build trust, and a quiet corner helps a puppy rest.\n",
  "format": "markdown", "faq_sources": sys.argv[1:]}))
PY
  local t0=${EPOCHREALTIME/[.,]/}
  st=$(curl -s -o "$tmp/out.json" -w '%{http_code}' --max-time 20 -H 'Content-Type: application/json' \
    -H 'Cache-Control: no-cache' --data-binary "@$tmp/draft.json" "$api/v1/seo")
  ms=$(((${EPOCHREALTIME/[.,]/} - t0) / 1000))
}
# q PYTHON_EXPR: evaluated with p = the package; prints the result
q() { python3 -c 'import json, sys; p = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$tmp/out.json" "$1" 2>&1; }
warned() { # URL REASON_PREFIX: a faq_source_failed warning names the URL and the reason
  python3 - "$tmp/out.json" "$1" "$2" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
ok = any(w["code"] == "faq_source_failed" and sys.argv[2] in w["message"] and sys.argv[3] in w["message"]
         for w in p.get("warnings", []))
sys.exit(0 if ok else 1)
PY
}

# ---- the kinds of source ----
seo "$S/faq.html"
[ "$st" = 200 ] || e "status $st: $(head -c 300 "$tmp/out.json")"
[ "$(q "sum(1 for f in p['faq'] if f['source'] == '$S/faq.html')")" = 3 ] ||
  e "entries from the JSON-LD page: $(q '[(f["source"], f["question"]) for f in p["faq"]]')"
[ "$(q '"How long does delivery take?" in [f["question"] for f in p["faq"]]')" = True ] ||
  e "questions: $(q '[f["question"] for f in p["faq"]]')"
[ "$(q 'p["faq_html"] is not None and all(f["question"].split()[0] in p["faq_html"] for f in p["faq"])')" = True ] ||
  e "faq_html does not hold the pulled entries"
[ "$(q 'any(w["code"] == "faq_not_visible" or "visible" in w["message"] for w in p["warnings"])')" = True ] ||
  e "no warning that the pulled entries are not visible: $(q '[w["code"] for w in p["warnings"]]')"
[ "$(q 'p["faq_schema"] is not None')" = True ] || e "no FAQPage for the pulled entries"
verdict "an HTML page's FAQPage JSON-LD: entries with their source URL, a warning that they are not visible, and faq_html holding them"

seo "$S/headings.html" "$S/faq.json" "$S/faq.txt"
[ "$st" = 200 ] || e "status $st"
for path in /headings.html /faq.json /faq.txt; do
  [ "$(q "sum(1 for f in p['faq'] if f['source'] == '$S$path')")" -ge 1 ] || e "no entry from $path: $(q '[(f["source"], f["question"]) for f in p["faq"]]')"
done
verdict "question headings, a JSON array and plain text: each source's entries, each with its URL"

seo "$S/latin1.html"
[ "$st" = 200 ] || e "status $st"
[ "$(q 'any("Livrez-vous en dehors de la France ?" == f["question"] for f in p["faq"])')" = True ] ||
  e "Latin-1 questions: $(q '[f["question"] for f in p["faq"]]')"
[ "$(q 'any("réfrigéré" in f["answer"] for f in p["faq"])')" = True ] || e "Latin-1 answers not converted"
verdict "a Latin-1 page (charset only in its meta tag) is converted to UTF-8"

seo "$S/redirect-ok"
[ "$(q "sum(1 for f in p['faq'] if f['source'] == '$S/redirect-ok')")" -ge 1 ] || e "no entries through an allowed redirect"
verdict "a redirect to an allowed address is followed"

# ---- failures never fail the draft ----
seo "$S/slow" "$S/faq.json"
[ "$st" = 200 ] || e "status $st"
warned "$S/slow" timeout || e "no timeout warning: $(q '[w["message"] for w in p["warnings"]]')"
((ms < 2500)) || e "the answer took $ms ms (timeout 1 s)"
[ "$(q "sum(1 for f in p['faq'] if f['source'] == '$S/faq.json')")" -ge 1 ] || e "the good source beside the slow one is lost"
verdict "a source that hangs times out (1 s) with a warning; the others are used; answered in ${ms} ms"

seo "$S/huge" "$S/huge-chunked"
[ "$st" = 200 ] || e "status $st"
warned "$S/huge" "too big" || e "no too-big warning for /huge"
warned "$S/huge-chunked" "too big" || e "no too-big warning for /huge-chunked"
verdict "bodies over the 2 MiB cap, announced or not, are cut with a warning"

seo "$S/redirect-blocked" "$S/redirect-loop" "$S/nothing-here" "$S/junk" "http://10.1.2.3/faq"
[ "$st" = 200 ] || e "status $st"
warned "$S/redirect-blocked" "blocked address" || e "redirect into 10.255.255.1 not blocked: $(q '[w["message"] for w in p["warnings"]]')"
warned "$S/redirect-loop" "redirects" || e "redirect loop"
warned "$S/nothing-here" "HTTP 404" || e "404"
warned "$S/junk" "" || e "binary junk gave no warning"
warned "http://10.1.2.3/faq" "" || e "a private literal gave no warning"
verdict "a redirect into a blocked address, a redirect loop, a 404, junk and a private address: warnings, draft answered"

# ---- cache and revalidation ----
seo "$S/etag.json"
first=$(q 'len(p["faq"])')
seo "$S/etag.json"
[ "$(q 'len(p["faq"])')" = "$first" ] || e "fresh copy differs"
sleep 1.2
seo "$S/etag.json"
[ "$(q 'len(p["faq"])')" = "$first" ] || e "after a 304 the entries differ: $(q 'p["faq"]')"
sleep 1.2
seo "$S/etag.json"
[ "$(q 'len(p["faq"])')" = "$first" ] || e "after a second 304 the entries differ"
curl -s "$S/stats" >"$tmp/stats.json"
n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("/etag.json", 0))' "$tmp/stats.json")
n304=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("304 /etag.json", 0))' "$tmp/stats.json")
[ "$n" = 3 ] && [ "$n304" = 2 ] || e "the source was asked $n times ($n304 answered 304), expected 3 and 2 (pulled; fresh from Redis; revalidated twice, the second time with the ETag the first 304 did not repeat)"
[ "$(redis-cli -p "$rport" --scan --pattern 'seopipe:src:*' | wc -l)" -ge 1 ] || e "nothing cached in Redis"
curl -s "$api/metrics" >"$tmp/metrics.txt"
grep -q '^seopipe_faq_sources_total{result="revalidated"} [1-9]' "$tmp/metrics.txt" || e "no revalidated count in /metrics"
grep -q '^seopipe_faq_sources_total{result="fresh"} [1-9]' "$tmp/metrics.txt" || e "no fresh count in /metrics"
grep -q '^seopipe_faq_sources_total{result="failed"} [1-9]' "$tmp/metrics.txt" || e "no failed count in /metrics"
verdict "pulled entries are cached per URL: fresh within the TTL, revalidated with ETag (304) after it; /metrics counts them"

# ---- the content hash follows the sources ----
seo "$S/faq.json"
h1=$(q 'p["content_hash"]')
seo "$S/faq.txt"
h2=$(q 'p["content_hash"]')
[ "$h1" != "$h2" ] || e "the same content hash for different sources"
verdict "the package's content hash changes with the pulled entries"

# ---- a stored draft pulls them too ----
st=$(curl -s -o "$tmp/out.json" -w '%{http_code}' --max-time 20 -X PUT -H 'Content-Type: application/json' \
  --data-binary "@$tmp/draft.json" "$api/v1/drafts/puppy")
[ "$st" = 200 ] || e "PUT: $st $(head -c 300 "$tmp/out.json")"
[ "$(q "sum(1 for f in p['faq'] if f['source'] == '$S/faq.txt')")" -ge 1 ] || e "the stored package lacks the pulled entries"
verdict "PUT /v1/drafts/{id} pulls the draft's sources before storing its package"

# ---- a site's own sources, from the configuration ----
cat >"$tmp/site.yaml" <<YAML
sites:
  shop:
    name: Example Shop
    url: https://shop.example.org/
    faq_sources: ["$S/faq.json"]
YAML
port2=$(free_port)
env SEOPIPE_LISTEN="127.0.0.1:$port2" SEOPIPE_THREADS=1 SEOPIPE_REDIS_URL="redis://127.0.0.1:$rport/1" \
  SEOPIPE_OUTBOUND_ALLOW=127.0.0.0/8 SEOPIPE_SOURCE_DEADLINE_MS=1500 \
  "$bin" serve --config "$tmp/site.yaml" >/dev/null 2>"$tmp/seopipe2.log" &
spid2=$!
pids+=($spid2)
for ((i = 0; i < 200; i++)); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port2/readyz")" = 200 ] && break
  sleep 0.05
done
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["faq_sources"] = [sys.argv[2]]; d["site"] = "shop"
json.dump(d, open(sys.argv[1], "w"))' "$tmp/draft.json" "$S/faq.txt"
st=$(curl -s -o "$tmp/out.json" -w '%{http_code}' --max-time 20 -H 'Content-Type: application/json' \
  --data-binary "@$tmp/draft.json" "http://127.0.0.1:$port2/v1/seo")
[ "$st" = 200 ] || e "status $st: $(head -c 300 "$tmp/out.json")"
[ "$(q "sorted({f['source'] for f in p['faq'] if f['source'].startswith('http')})")" = "['$S/faq.json', '$S/faq.txt']" ] ||
  e "sources used: $(q '[f["source"] for f in p["faq"]]')"
verdict "a site's configured faq_sources are pulled after the draft's own"

# The deadline for all sources of a request (1.5 s here) ends a source whose own timeout (5 s,
# the default) has not come yet.
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["faq_sources"] = [sys.argv[2]]; d.pop("site", None)
json.dump(d, open(sys.argv[1], "w"))' "$tmp/draft.json" "$S/slow"
t0=${EPOCHREALTIME/[.,]/}
st=$(curl -s -o "$tmp/out.json" -w '%{http_code}' --max-time 20 -H 'Content-Type: application/json' \
  --data-binary "@$tmp/draft.json" "http://127.0.0.1:$port2/v1/seo")
ms=$(((${EPOCHREALTIME/[.,]/} - t0) / 1000))
[ "$st" = 200 ] || e "status $st"
warned "$S/slow" "deadline" || e "no deadline warning: $(q '[w["message"] for w in p["warnings"]]')"
((ms >= 1400 && ms < 3000)) || e "answered in $ms ms, expected about 1500"
kill -TERM "$spid2"
verdict "the deadline for all sources of a request (1.5 s) ends a slow source before its own timeout (answered in ${ms} ms)"

kill -TERM "$spid"
for ((i = 0; i < 100; i++)); do kill -0 "$spid" 2>/dev/null || break; sleep 0.05; done
wait "$spid"
rc=$?
[ "$rc" = 0 ] || e "exit $rc: $(grep -m1 -A3 ERROR "$tmp/seopipe.log" | head -c 400)"
verdict "SIGTERM: exit 0"

echo "$pass passed, $fail failed"
((fail == 0))
