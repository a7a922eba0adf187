#!/usr/bin/env bash
# Scale-out and chaos test: three `seopipe serve` instances on their own loopback ports share one
# redis-server (append-only file, appendfsync always); client threads store drafts and publish
# them across all three while, one after the other, an instance is killed with SIGKILL and
# restarted, Redis is stopped (SIGSTOP) for 5 s, Redis is restarted (SIGTERM, started again on the
# same AOF), the receiver answers 500, the receiver hangs, and connections to an endpoint are
# reset. Then every delivery must have reached a 2xx at the verifying receiver and every client
# request must have had an answer.
#
# usage: chaos.sh SEOPIPE MODULES_DIR [--events N] [--rate R] [--seconds-budget S] [--window-s W]
#                 [--keep]
#
#   SEOPIPE       the binary (a Release build for figures; an ASan build works too)
#   MODULES_DIR   where tests/webhooks/fetch-standardwebhooks.sh installs the verifier
#   --events N    publishes (default 300); one PUT of a new revision follows every second one
#   --rate R      client operations per second (default (N + N/2) / 25, from 10 to 60)
#   --seconds-budget S  the whole run is stopped after S seconds (default 60 + 2 x load time + 60)
#   --window-s W  how long the receiver answers 500, hangs, and the reset endpoint is in use
#                 (default 2.5; at most 8: the retry schedule below spans ~30 s)
#   --keep        keep the work folder (logs, records, Redis's data) even on success
#
# The set-up (values of tests/webhooks/crash_test.sh where they apply):
#   redis-server  --appendonly yes --appendfsync always on a free port; its latency monitor
#                 (threshold 100 ms) is read before it is stopped and at the end, and
#                 chaos_tool.py probe PINGs it every 25 ms, recording round trips of 100 ms or more
#   seopipe x 3   SEOPIPE_THREADS=2, SEOPIPE_OUTBOUND_ALLOW=127.0.0.0/8, retry schedule
#                 0,1s,1s,2s,2s,5s,5s,10s, webhook timeout 1 s (connect 0.5 s), overload delay 1 s
#                 (a timeout would otherwise push the next attempt 60 s away)
#   receiver      tests/webhooks/receiver.mjs (standardwebhooks), --hang-ms 3000, two endpoints:
#                 A = /random/10/a (10 % of first attempts answer 500, by webhook-id), B = /ok/b
#   clients       chaos_tool.py load: 12 threads, open loop at R operations per second, operation i
#                 sent first to instance i mod 3, every request on a new connection with a 10 s
#                 timeout; an operation without a 2xx is resent to the next instance every
#                 100-300 ms (a publish with its Idempotency-Key) for at most 30 s
#   disruptions   spread over the load, in this order, each between two marks in events.txt:
#                 kill:1/up:1        kill -9 instance 1 (the receiver stalled 300 ms before, so
#                                    transfers are under way), 2 s later start it again, until
#                                    /readyz says 200
#                 redis_sigstop/redis_sigcont   SIGSTOP Redis, 5 s, SIGCONT
#                 redis_term/redis_up           SIGTERM Redis, wait for its exit, 1 s later start
#                                               it again
#                 r500_on/r500_off   endpoint A PATCHed to /fail/999999999/a500 (every attempt
#                                    500) for W s, then back
#                 hang_on/hang_off   endpoint A PATCHed to /hang/h (first attempt: no answer;
#                                    the receiver drops the socket after 3 s) for W s, then back
#                 reset_on/reset_off endpoint B PATCHed to chaos_tool.py rst-server (accepts,
#                                    closes with a RST) for W s, then back
#   then          chaos_tool.py wait until every delivery in Redis (publishes and the
#                 seo_package.updated events the PUTs raise) succeeded; SIGTERM everything;
#                 tests/webhooks/check_log.py on the receiver's log; chaos_tool.py report
#
# The summary: accepted publishes, deliveries, delivered, lost, duplicates (explained when the first
# 2xx came near a kill -9 or a Redis outage, or seopipe recorded a timeout for that attempt;
# a Redis stall nobody caused, a probe PING that waited 80 % of redis.timeout_ms, counts as an
# outage and is listed),
# signatures, bodies changed between attempts, client errors by class (status, timeout, connection
# error), each marked explained or not (a connection error on the killed instance while it was
# down, a 503 with Retry-After while Redis was away), and client latency p50/p99/max per phase.
# Exit 1 on a lost delivery, an unexplained duplicate, a body mismatch, an unverified request, a
# client request that got no answer (hung), an unexplained client error, a step not finished in
# time; 2 on usage errors.
set -uo pipefail

usage() { sed -n '10,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
(($# >= 2)) || usage
bin=$(realpath "$1")
mods_dir=$2
shift 2
events=300
rate=
budget=
window=2.5
keep=
while (($#)); do
  case $1 in
  --events) events=${2:-}; shift 2 ;;
  --rate) rate=${2:-}; shift 2 ;;
  --seconds-budget) budget=${2:-}; shift 2 ;;
  --window-s) window=${2:-}; shift 2 ;;
  --keep) keep=1; shift ;;
  *) usage ;;
  esac
done
[[ $events =~ ^[1-9][0-9]{0,5}$ ]] || { echo "chaos: --events must be 1 to 999999" >&2; exit 2; }
[[ -z $rate || $rate =~ ^[1-9][0-9]{0,3}$ ]] || { echo "chaos: --rate must be 1 to 9999" >&2; exit 2; }
[[ $window =~ ^[0-8](\.[0-9])?$ && $window != 0 && $window != 0.0 ]] ||
  { echo "chaos: --window-s must be 0.1 to 8.9 (one decimal)" >&2; exit 2; }
[[ -x $bin ]] || { echo "chaos: $bin is not executable" >&2; exit 2; }
ops=$((events + events / 2))
if [[ -z $rate ]]; then
  rate=$((ops / 25))
  ((rate >= 10)) || rate=10
  ((rate <= 60)) || rate=60
fi
load_s=$(((ops + rate - 1) / rate))
[[ -n $budget ]] || budget=$((60 + 2 * load_s + 60))
[[ $budget =~ ^[1-9][0-9]{0,4}$ ]] || { echo "chaos: --seconds-budget must be 1 to 99999" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
wh="$here/../webhooks"
fixtures=$(cd "$here/../fixtures" && pwd)
tool="$here/chaos_tool.py"
for t in redis-server redis-cli node python3 curl; do
  command -v "$t" >/dev/null || { echo "chaos: $t not found" >&2; exit 2; }
done
while read -r var; do unset "$var"; done < <(compgen -e | grep '^SEOPIPE_')

harness_name=chaos
stop_order="load probe seopipe0 seopipe1 seopipe2 receiver rst redis"
# shellcheck source=../lib/harness.sh
source "$here/../lib/harness.sh"

modules=$("$wh/fetch-standardwebhooks.sh" "$mods_dir") || fail "cannot install standardwebhooks"

# ---- Redis --------------------------------------------------------------------------------------
rport=$(free_port)
redis_opts=(--appendonly yes --appendfsync always --latency-monitor-threshold 100)
start_redis "$rport" "${redis_opts[@]}"


# ---- receiver and the resetting endpoint --------------------------------------------------------
secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
node "$wh/receiver.mjs" --secrets "$secret" --log "$tmp/receiver.jsonl" --modules "$modules" \
  --hang-ms 3000 >"$tmp/receiver.out" 2>"$tmp/receiver.err" &
pid[receiver]=$!
python3 "$tool" rst-server --port-file "$tmp/rst.port" 2>"$tmp/rst.err" &
pid[rst]=$!
recv=
for ((i = 0; i < 200; i++)); do
  recv=$(awk '/^listening /{ print $2 }' "$tmp/receiver.out" 2>/dev/null)
  [[ -n $recv && -s $tmp/rst.port ]] && break
  kill -0 "${pid[receiver]}" 2>/dev/null || break
  sleep 0.05
done
[[ -n $recv ]] || fail "the receiver did not start: $(tail -c 300 "$tmp/receiver.err")"
[[ -s $tmp/rst.port ]] || fail "the reset server did not start: $(tail -c 300 "$tmp/rst.err")"
rst=$(cat "$tmp/rst.port")

# ---- three seopipe instances --------------------------------------------------------------------
timeout_ms=1000
redis_timeout_ms=250
ports=("$(free_port)" "$(free_port)" "$(free_port)")
apis=()
for k in 0 1 2; do apis+=("http://127.0.0.1:${ports[$k]}"); done
declare -A started=()
start_seopipe() { # K: start instance K, ready when /readyz says 200
  local k=$1 n i
  started[$k]=$((${started[$k]:-0} + 1))
  n=${started[$k]}
  env SEOPIPE_LISTEN="127.0.0.1:${ports[$k]}" SEOPIPE_THREADS=2 \
    SEOPIPE_REDIS_URL="redis://127.0.0.1:$rport/0" SEOPIPE_REDIS_TIMEOUT_MS=$redis_timeout_ms \
    SEOPIPE_OUTBOUND_ALLOW=127.0.0.0/8 SEOPIPE_RETRY_SCHEDULE=0,1s,1s,2s,2s,5s,5s,10s \
    SEOPIPE_WEBHOOK_TIMEOUT_MS=$timeout_ms SEOPIPE_WEBHOOK_CONNECT_TIMEOUT_MS=500 \
    SEOPIPE_WEBHOOK_OVERLOAD_DELAY_SECONDS=1 \
    "$bin" serve --config "$here/../config/sites.yaml" >/dev/null 2>"$tmp/seopipe$k-$n.log" &
  pid[seopipe$k]=$!
  for ((i = 0; i < 400; i++)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "${apis[$k]}/readyz") == 200 ]] && return 0
    kill -0 "${pid[seopipe$k]}" 2>/dev/null || fail "seopipe $k exited: $(tail -n 3 "$tmp/seopipe$k-$n.log")"
    sleep 0.05
  done
  fail "seopipe $k was not ready within 20 s"
}
for k in 0 1 2; do start_seopipe "$k"; done
say "redis :$rport, receiver :$recv, reset server :$rst, seopipe :${ports[*]} ($bin)"

# api METHOD PATH [BODY_FILE]: to instance 0 (never killed); the answer in $tmp/out.json, status in $st
api() {
  local tries
  for tries in 1 2 3 4 5; do
    if [[ -n ${3:-} ]]; then
      st=$(curl -s -o "$tmp/out.json" -w '%{http_code}' --max-time 5 -X "$1" \
        -H 'Content-Type: application/json' --data-binary "@$3" "${apis[0]}$2")
    else
      st=$(curl -s -o "$tmp/out.json" -w '%{http_code}' --max-time 5 -X "$1" "${apis[0]}$2")
    fi
    [[ $st == 2* ]] && return 0
    sleep 0.2
  done
}
endpoint() { # NAME URL: subscribe, the id in wh_NAME
  echo "{\"url\": \"$2\", \"secret\": \"$secret\"}" >"$tmp/wh.json"
  api POST /v1/webhooks "$tmp/wh.json"
  [[ $st == 201 ]] || fail "POST /v1/webhooks: $st $(head -c 300 "$tmp/out.json")"
  printf -v "wh_$1" '%s' "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$tmp/out.json")"
}
url_a="http://127.0.0.1:$recv/random/10/a"
url_b="http://127.0.0.1:$recv/ok/b"
endpoint a "$url_a"
endpoint b "$url_b"
repoint() { # ID URL
  echo "{\"url\": \"$2\"}" >"$tmp/patch.json"
  api PATCH "/v1/webhooks/$1" "$tmp/patch.json"
  [[ $st == 200 ]] || fail "PATCH /v1/webhooks/$1: $st $(head -c 300 "$tmp/out.json")"
}

# The drafts: 8 fixtures, stored once before the load (the load's PUTs store new revisions).
python3 - "$fixtures" "$tmp/drafts.json" <<'EOF'
import json, sys
names = ["markdown-knee-exercises.md", "checklist-and-questions.md", "german-ratgeber.md",
         "seed-004-care-instructions.txt", "french-article.txt", "seed-000-sex-back-pain.txt",
         "no-questions.txt", "toc-questions.txt"]
out = [{"id": f"chaos-{n}", "body": open(f"{sys.argv[1]}/{f}", encoding="utf-8").read()}
       for n, f in enumerate(names, 1)]
json.dump(out, open(sys.argv[2], "w", encoding="utf-8"))
EOF
python3 -c 'import json, sys
for d in json.load(open(sys.argv[1])):
    json.dump({"id": d["id"], "body": d["body"], "format": "auto"}, open(sys.argv[2] + "/" + d["id"] + ".json", "w"))
' "$tmp/drafts.json" "$tmp"
for n in 1 2 3 4 5 6 7 8; do
  api PUT "/v1/drafts/chaos-$n" "$tmp/chaos-$n.json"
  [[ $st == 200 ]] || fail "PUT /v1/drafts/chaos-$n: $st $(head -c 300 "$tmp/out.json")"
done

# ---- the load, with the disruptions -------------------------------------------------------------
: >"$tmp/publish.jsonl"
: >"$tmp/requests.jsonl"
: >"$tmp/events.txt"
say "load: $events publishes + $((events / 2)) PUTs at $rate/s (~$load_s s) over 3 instances; budget $budget s"
python3 "$tool" probe --redis "127.0.0.1:$rport" --out "$tmp/redis-probe.jsonl" 2>"$tmp/probe.err" &
pid[probe]=$!
mark load_start
python3 "$tool" load --apis "$(IFS=,; echo "${apis[*]}")" --drafts "$tmp/drafts.json" \
  --events "$events" --rate "$rate" --publish-out "$tmp/publish.jsonl" \
  --requests-out "$tmp/requests.jsonl" --run "chaos-$$" --summary "$tmp/load-summary.json" \
  2>"$tmp/load.err" &
pid[load]=$!

# Seven gaps around six disruptions fill the load time: 5 s of SIGSTOP, 2 s + 1 s down, 3 windows.
gap=$(awk -v l="$load_s" -v w="$window" 'BEGIN { g = (l - 5 - 3 * w - 6) / 7; printf "%.2f", (g < 0.5 ? 0.5 : g) }')
alive() { kill -0 "${pid[$1]}" 2>/dev/null || fail "$1 died by itself"; }

fsleep "$gap"
alive seopipe1
kill -STOP "${pid[receiver]}" # transfers pile up, so some are under way at the kill
sleep 0.3
mark kill:1
kill -KILL "${pid[seopipe1]}"
wait "${pid[seopipe1]}" 2>/dev/null
kill -CONT "${pid[receiver]}"
sleep 2 # down for a while: its clients fail over to the other two
start_seopipe 1
mark up:1
say "kill -9 instance 1 and started it again"

fsleep "$gap"
mark redis_sigstop
kill -STOP "${pid[redis]}"
sleep 5
kill -CONT "${pid[redis]}"
mark redis_sigcont
say "Redis stopped (SIGSTOP) for 5 s"

fsleep "$gap"
python3 "$tool" latency --redis "127.0.0.1:$rport" --out "$tmp/redis-latency.jsonl" ||
  say "cannot read Redis's latency monitor"
mark redis_term
kill -TERM "${pid[redis]}"
for ((i = 0; i < 200; i++)); do kill -0 "${pid[redis]}" 2>/dev/null || break; sleep 0.05; done
kill -0 "${pid[redis]}" 2>/dev/null && fail "redis-server still running 10 s after SIGTERM"
wait "${pid[redis]}" 2>/dev/null
sleep 1
start_redis "$rport" "${redis_opts[@]}"
mark redis_up
say "Redis restarted on the same append-only file"

fsleep "$gap"
sleep 2 # instances reconnect within 2 s; the PATCH must find Redis
repoint "$wh_a" "http://127.0.0.1:$recv/fail/999999999/a500"
mark r500_on
fsleep "$window"
repoint "$wh_a" "$url_a"
mark r500_off
say "endpoint A answered 500 for $window s"

fsleep "$gap"
repoint "$wh_a" "http://127.0.0.1:$recv/hang/h"
mark hang_on
fsleep "$window"
repoint "$wh_a" "$url_a"
mark hang_off
say "endpoint A hung for $window s"

fsleep "$gap"
repoint "$wh_b" "http://127.0.0.1:$rst/b"
mark reset_on
fsleep "$window"
repoint "$wh_b" "$url_b"
mark reset_off
say "endpoint B reset connections for $window s"

wait "${pid[load]}"
lrc=$?
unset 'pid[load]'
mark load_end
say "load done: $(wc -l <"$tmp/publish.jsonl") publishes accepted; $(tail -n 1 "$tmp/load.err" | head -c 300)"

# ---- every delivery succeeded? ------------------------------------------------------------------
left=$((budget - ($(date +%s) - t_start) - 15))
((left > 5)) || fail "no time left in the budget to wait for the deliveries"
python3 "$tool" wait --redis "127.0.0.1:$rport" --publish "$tmp/publish.jsonl" --deadline-s "$left" \
  2> >(tee "$tmp/wait.err" | grep -v '^wait: {' >&2)
wrc=$?
say "deliveries: $(grep '^wait:' "$tmp/wait.err" | tail -n 1)"
sleep 0.5 # the last 2xx reaches the receiver's log before seopipe's record of it

for k in 0 1 2; do
  kill -0 "${pid[seopipe$k]}" 2>/dev/null || fail "seopipe $k died by itself"
  stop_pid "${pid[seopipe$k]}" 5
  unset "pid[seopipe$k]"
done
stop_pid "${pid[receiver]}" 5
unset 'pid[receiver]'
stop_pid "${pid[rst]}" 2
unset 'pid[rst]'
stop_pid "${pid[probe]}" 2
unset 'pid[probe]'

python3 "$tool" latency --redis "127.0.0.1:$rport" --out "$tmp/redis-latency.jsonl" ||
  say "cannot read Redis's latency monitor"
python3 "$wh/check_log.py" "$tmp/receiver.jsonl" >"$tmp/check.json"
crc=$?
python3 "$tool" report --redis "127.0.0.1:$rport" --publish "$tmp/publish.jsonl" \
  --requests "$tmp/requests.jsonl" --receiver-log "$tmp/receiver.jsonl" --check-json "$tmp/check.json" \
  --events "$tmp/events.txt" --timeout-ms "$timeout_ms" --redis-timeout-ms "$redis_timeout_ms" \
  --latency "$tmp/redis-latency.jsonl" --probe "$tmp/redis-probe.jsonl" --load-summary "$tmp/load-summary.json" --json-out "$tmp/summary.json"
rrc=$?
echo "  connections reset by the reset endpoint: $(grep -o '[0-9]* connections' "$tmp/rst.err" || echo '?')"
if grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp"/seopipe*.log >/dev/null 2>&1; then
  say "a sanitizer reported an error: $(grep -h -m1 -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp"/seopipe*.log)"
  rrc=1
fi
echo "  seopipe warnings: $(cat "$tmp"/seopipe*.log | grep -c '"level":"warn"') (by message: $(cat "$tmp"/seopipe*.log | grep '"level":"warn"' | python3 -c 'import json, sys, collections
c = collections.Counter()
for l in sys.stdin:
    try: c[json.loads(l).get("msg")] += 1
    except ValueError: pass
print(", ".join(f"{k}: {v}" for k, v in c.most_common()) or "none")'))"
say "took $(($(date +%s) - t_start)) s"
if ((lrc == 0 && wrc == 0 && crc == 0 && rrc == 0)); then
  status=0
  echo "chaos test passed"
else
  echo "chaos test FAILED (load $lrc, wait $wrc, check_log $crc, report $rrc)"
fi
exit "$status"
