#!/usr/bin/env bash
# Crash test of webhook delivery ("at least once, nothing lost"): the real `seopipe serve`, a real
# redis-server with its append-only file, and receiver.mjs verifying every request with the
# official `standardwebhooks` library. While N events are published, seopipe is killed with
# SIGKILL twice and restarted, and Redis is shut down once and started again on the same data.
# Then every delivery that was accepted (202) must reach a 2xx at the receiver.
#
# usage: crash_test.sh SEOPIPE MODULES_DIR [--events N] [--rate R] [--seconds-budget S]
#                      [--fsync always|everysec] [--stall-ms MS] [--redis-stop kill|term] [--keep]
#
#   SEOPIPE       the binary (a Release build is the realistic one; an ASan build works too)
#   MODULES_DIR   where fetch-standardwebhooks.sh installs the verifier (a build-local folder)
#   --events N    events to publish (default 2000; 300 runs in well under 60 s, for CI)
#   --rate R      publishes per second (default N/20, at least 20: publishing takes ~20 s or less)
#   --seconds-budget S  the whole run, start-up to report, is stopped after S seconds (default
#                 60 + 2 x (publishing time) + 60); everything started here is killed on exit
#   --fsync       Redis's appendfsync (default always, see below)
#   --stall-ms MS the receiver is stopped (SIGSTOP) for MS ms before each disruption and continued
#                 right after it (default 300; 0: never), so transfers are in flight when it comes
#   --redis-stop  how Redis goes down half-way (default kill): kill = SIGKILL, then seopipe is
#                 killed too and started again while Redis is still down (it must start without
#                 Redis and pick up once it is back); term = SIGTERM, a clean restart
#   --keep        keep the work folder (logs, the publisher's record, Redis's data) even on success
#
# The set-up:
#   redis-server  --appendonly yes --appendfsync always: the publish script's writes are on disk
#                 before its reply, so a 202 means the event survives any crash of Redis, not just
#                 the clean restart done here; "everysec" (docker/compose.yaml) could lose the last
#                 second of 202s on a power cut or kill -9 of Redis, which no test here could tell
#                 apart from a seopipe bug. (A SIGTERM'd Redis flushes its AOF either way.)
#   receiver      one endpoint, /random/20/crash: 20 % of the first attempts answer 500 (decided
#                 by the webhook-id), every later attempt 200
#   seopipe       SEOPIPE_THREADS=2, retry schedule 0,1s,1s,2s,2s,5s, webhook timeout 1 s (connect
#                 0.5 s): the reaper takes over a dead process's deliveries after 2 x 1 s + 5 s idle
#   publisher     crash_tool.py publish: N publishes of 4 stored drafts in turn, paced, each with its
#                 own Idempotency-Key, resent with the same key until it gets a 202 (while seopipe
#                 or Redis is down); every 202 is recorded with its delivery ids
#   disruptions   at 30 % of the events accepted: kill -9 seopipe, start it again at once;
#                 at 50 %: SIGTERM Redis, wait for it to exit, start it again (same --dir);
#                 at 70 %: kill -9 seopipe again and start it again. Before each, the receiver is
#                 stalled --stall-ms (so up to 2 workers x 16 transfers are under way), and
#                 continued right after the kill (it then answers requests of a dead process) or
#                 after Redis exited (the 2xx come while Redis is down, so they cannot be recorded)
#   then          crash_tool.py wait: until every recorded delivery is succeeded in Redis (bounded);
#                 SIGTERM seopipe and the receiver; check_log.py --expect-ids on the receiver's log;
#                 crash_tool.py report prints the summary table
#
# The summary: events and deliveries accepted, delivered, lost, duplicates (a 2xx more than once
# for one webhook-id: explained when the first 2xx came while a kill or Redis's restart could
# still lose its record, else unexplained), signatures verified, bodies changed between attempts,
# attempts per delivery (as the receiver counted them and as Redis recorded them), attempt
# outcomes by error class from the attempt logs in Redis, publish-to-2xx latency p50/p99.
# Exit 1 on a lost delivery, a body mismatch, a request that did not verify, an unexplained
# duplicate, or a step that did not finish in time; 2 on usage errors.
set -uo pipefail

usage() { sed -n '8,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
(($# >= 2)) || usage
bin=$(realpath "$1")
mods_dir=$2
shift 2
events=2000
rate=
budget=
fsync=always
stall_ms=300
redis_stop=kill
keep=
while (($#)); do
  case $1 in
  --events) events=${2:-}; shift 2 ;;
  --rate) rate=${2:-}; shift 2 ;;
  --seconds-budget) budget=${2:-}; shift 2 ;;
  --fsync) fsync=${2:-}; shift 2 ;;
  --stall-ms) stall_ms=${2:-}; shift 2 ;;
  --redis-stop) redis_stop=${2:-}; shift 2 ;;
  --keep) keep=1; shift ;;
  *) usage ;;
  esac
done
[[ $events =~ ^[1-9][0-9]{0,5}$ ]] || { echo "crash_test: --events must be 1 to 999999" >&2; exit 2; }
[[ -z $rate || $rate =~ ^[1-9][0-9]{0,4}$ ]] || { echo "crash_test: --rate must be 1 to 99999" >&2; exit 2; }
[[ $fsync == always || $fsync == everysec ]] || { echo "crash_test: --fsync always or everysec" >&2; exit 2; }
[[ $redis_stop == kill || $redis_stop == term ]] || { echo "crash_test: --redis-stop kill or term" >&2; exit 2; }
[[ $stall_ms =~ ^[0-9]{1,4}$ ]] || { echo "crash_test: --stall-ms must be 0 to 9999" >&2; exit 2; }
[[ -x $bin ]] || { echo "crash_test: $bin is not executable" >&2; exit 2; }
if [[ -z $rate ]]; then
  rate=$((events / 20))
  ((rate >= 20)) || rate=20
fi
pub_seconds=$(((events + rate - 1) / rate))
[[ -n $budget ]] || budget=$((60 + 2 * pub_seconds + 60))
[[ $budget =~ ^[1-9][0-9]{0,4}$ ]] || { echo "crash_test: --seconds-budget must be 1 to 99999" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../fixtures" && pwd)
tool="$here/crash_tool.py"
for t in redis-server redis-cli node python3 curl; do
  command -v "$t" >/dev/null || { echo "crash_test: $t not found" >&2; exit 2; }
done
while read -r var; do unset "$var"; done < <(compgen -e | grep '^SEOPIPE_')

harness_name=crash_test
stop_order="publisher seopipe receiver redis"
# shellcheck source=../lib/harness.sh
source "$here/../lib/harness.sh"

modules=$("$here/fetch-standardwebhooks.sh" "$mods_dir") || fail "cannot install standardwebhooks"

# ---- Redis --------------------------------------------------------------------------------------
rport=$(free_port)
redis_opts=(--appendonly yes --appendfsync "$fsync")
start_redis "$rport" "${redis_opts[@]}"


# ---- receiver -----------------------------------------------------------------------------------
secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
node "$here/receiver.mjs" --secrets "$secret" --log "$tmp/receiver.jsonl" --modules "$modules" \
  >"$tmp/receiver.out" 2>"$tmp/receiver.err" &
pid[receiver]=$!
recv=
for ((i = 0; i < 200; i++)); do
  recv=$(awk '/^listening /{ print $2 }' "$tmp/receiver.out" 2>/dev/null)
  [[ -n $recv ]] && break
  kill -0 "${pid[receiver]}" 2>/dev/null || break
  sleep 0.05
done
[[ -n $recv ]] || fail "the receiver did not start: $(tail -c 300 "$tmp/receiver.err")"

# ---- seopipe ------------------------------------------------------------------------------------
port=$(free_port)
api="http://127.0.0.1:$port"
timeout_ms=1000
seopipe_n=0
start_seopipe() { # [healthz]: ready when alive (Redis may be down), else when /readyz says 200
  local probe=${1:-readyz}
  seopipe_n=$((seopipe_n + 1))
  env SEOPIPE_LISTEN="127.0.0.1:$port" SEOPIPE_THREADS=2 \
    SEOPIPE_REDIS_URL="redis://127.0.0.1:$rport/0" SEOPIPE_OUTBOUND_ALLOW=127.0.0.0/8 \
    SEOPIPE_RETRY_SCHEDULE=0,1s,1s,2s,2s,5s SEOPIPE_WEBHOOK_TIMEOUT_MS=$timeout_ms \
    SEOPIPE_WEBHOOK_CONNECT_TIMEOUT_MS=500 \
    "$bin" serve --config "$here/../config/sites.yaml" >/dev/null 2>"$tmp/seopipe-$seopipe_n.log" &
  pid[seopipe]=$!
  local i
  for ((i = 0; i < 400; i++)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$api/$probe") == 200 ]] && return 0
    kill -0 "${pid[seopipe]}" 2>/dev/null || fail "seopipe exited: $(tail -n 3 "$tmp/seopipe-$seopipe_n.log")"
    sleep 0.05
  done
  fail "seopipe was not ready within 20 s"
}
start_seopipe
say "redis :$rport (appendfsync $fsync), receiver :$recv, seopipe :$port ($bin)"

# api METHOD PATH [BODY_FILE]: the answer in $tmp/out.json, the status in $st
api() {
  if [[ -n ${3:-} ]]; then
    st=$(curl -s -o "$tmp/out.json" -w '%{http_code}' --max-time 10 -X "$1" \
      -H 'Content-Type: application/json' --data-binary "@$3" "$api$2")
  else
    st=$(curl -s -o "$tmp/out.json" -w '%{http_code}' --max-time 10 -X "$1" "$api$2")
  fi
}
echo "{\"url\": \"http://127.0.0.1:$recv/random/20/crash\", \"secret\": \"$secret\"}" >"$tmp/wh.json"
api POST /v1/webhooks "$tmp/wh.json"
[[ $st == 201 ]] || fail "POST /v1/webhooks: $st $(head -c 300 "$tmp/out.json")"
drafts=()
n=0
for f in markdown-knee-exercises.md checklist-and-questions.md german-ratgeber.md seed-004-care-instructions.txt; do
  n=$((n + 1))
  python3 -c 'import json, sys; print(json.dumps({"id": sys.argv[2], "body": open(sys.argv[1]).read(), "format": "auto"}))' \
    "$fixtures/$f" "crash-$n" >"$tmp/draft-$n.json"
  api PUT "/v1/drafts/crash-$n" "$tmp/draft-$n.json"
  [[ $st == 200 ]] || fail "PUT /v1/drafts/crash-$n: $st $(head -c 300 "$tmp/out.json")"
  drafts+=("crash-$n")
done

# ---- publish, with the disruptions --------------------------------------------------------------
say "publishing $events events at $rate/s (~$pub_seconds s), budget $budget s"
: >"$tmp/publish.jsonl"
: >"$tmp/events.txt"
python3 "$tool" publish --api "$api" --drafts "$(IFS=,; echo "${drafts[*]}")" --events "$events" \
  --rate "$rate" --out "$tmp/publish.jsonl" --run "crash-$$" --summary "$tmp/publish-summary.json" \
  2>"$tmp/publisher.err" &
pid[publisher]=$!

accepted() { wc -l <"$tmp/publish.jsonl"; }
# wait_accepted FRACTION_PERCENT: until that share of the events has a 202 (bounded)
wait_accepted() {
  local want=$((events * $1 / 100)) limit=$(($(date +%s) + pub_seconds * 3 + 30))
  while (($(accepted) < want)); do
    kill -0 "${pid[publisher]}" 2>/dev/null || fail "the publisher ended at $(accepted) of $want: $(tail -c 400 "$tmp/publisher.err")"
    (($(date +%s) < limit)) || fail "only $(accepted) of $want events accepted in time"
    sleep 0.02
  done
}
# The receiver stops answering for --stall-ms before each disruption (SIGSTOP; the kernel still
# accepts and buffers), so that transfers are under way when it comes: a receiver answering at once
# would leave almost none in flight, and the reaper would never be needed.
stall() {
  ((stall_ms > 0)) || return 0
  kill -STOP "${pid[receiver]}"
  sleep "$(awk -v m="$stall_ms" 'BEGIN { print m / 1000 }')"
}
unstall() { kill -CONT "${pid[receiver]}"; }
kill_seopipe() {
  wait_accepted "$1"
  stall
  kill -0 "${pid[seopipe]}" 2>/dev/null || { unstall; fail "seopipe died by itself: $(tail -n 5 "$tmp/seopipe-$seopipe_n.log")"; }
  mark "kill$2"
  kill -KILL "${pid[seopipe]}"
  wait "${pid[seopipe]}" 2>/dev/null
  unstall
  say "kill -9 seopipe at $(accepted) accepted (the receiver stalled $stall_ms ms before)"
  start_seopipe
  mark "seopipe_up$2"
  say "seopipe started again"
}
kill_seopipe 30 1
wait_accepted 50
stall
mark redis_stop
if [[ $redis_stop == term ]]; then
  kill -TERM "${pid[redis]}"
  for ((i = 0; i < 200; i++)); do kill -0 "${pid[redis]}" 2>/dev/null || break; sleep 0.05; done
  kill -0 "${pid[redis]}" 2>/dev/null && fail "redis-server still running 10 s after SIGTERM"
else
  kill -KILL "${pid[redis]}"
fi
wait "${pid[redis]}" 2>/dev/null
unstall # the transfers under way get their 2xx now, and their records find no Redis
say "Redis stopped (SIG${redis_stop^^}) at $(accepted) accepted (the receiver stalled $stall_ms ms before)"
if [[ $redis_stop == kill ]]; then
  # seopipe dies too while Redis is away, and comes back before it: it must start without Redis.
  mark kill3
  kill -KILL "${pid[seopipe]}"
  wait "${pid[seopipe]}" 2>/dev/null
  start_seopipe healthz
  mark seopipe_up3
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$api/readyz") == 503 ]] ||
    fail "/readyz is not 503 while Redis is down"
  say "kill -9 seopipe while Redis is down; started again without Redis (/readyz 503)"
  sleep 1
fi
start_redis "$rport" "${redis_opts[@]}"
mark redis_up
say "Redis started again on the same append-only file"
kill_seopipe 70 2

wait "${pid[publisher]}"
prc=$?
unset 'pid[publisher]'
say "publisher done: $(accepted) events accepted; $(tail -n 1 "$tmp/publisher.err")"
((prc == 0)) || fail "the publisher gave up on some events (see $tmp/publisher.err)"

# ---- every delivery succeeded? ------------------------------------------------------------------
left=$((budget - ($(date +%s) - t_start) - 15))
((left > 5)) || fail "no time left in the budget to wait for the deliveries"
python3 "$tool" wait --redis "127.0.0.1:$rport" --publish "$tmp/publish.jsonl" --deadline-s "$left" \
  2> >(tee "$tmp/wait.err" | grep -v '^wait: {' >&2)
wrc=$?
say "deliveries: $(grep '^wait:' "$tmp/wait.err" | tail -n 1)"
sleep 0.5 # the last 2xx reaches the receiver's log before seopipe's record of it

kill -0 "${pid[seopipe]}" 2>/dev/null || fail "seopipe died by itself: $(tail -n 5 "$tmp/seopipe-$seopipe_n.log")"
stop_pid "${pid[seopipe]}" 5
unset 'pid[seopipe]'
stop_pid "${pid[receiver]}" 5
unset 'pid[receiver]'

python3 -c 'import json, sys
for line in open(sys.argv[1]):
    for d in json.loads(line)["deliveries"]: print(d[0])' "$tmp/publish.jsonl" >"$tmp/ids.txt"
python3 "$here/check_log.py" "$tmp/receiver.jsonl" --expect-ids "$tmp/ids.txt" >"$tmp/check.json"
crc=$?
python3 "$tool" report --redis "127.0.0.1:$rport" --publish "$tmp/publish.jsonl" \
  --publish-summary "$tmp/publish-summary.json" --receiver-log "$tmp/receiver.jsonl" \
  --check-json "$tmp/check.json" --events "$tmp/events.txt" --timeout-ms "$timeout_ms" \
  --json-out "$tmp/summary.json"
rrc=$?
if grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp"/seopipe-*.log >/dev/null 2>&1; then
  say "a sanitizer reported an error: $(grep -h -m1 -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$tmp"/seopipe-*.log)"
  rrc=1
fi
echo "  seopipe warnings: $(cat "$tmp"/seopipe-*.log | grep -c '"level":"warn"') (by message: $(cat "$tmp"/seopipe-*.log | grep '"level":"warn"' | python3 -c 'import json, sys, collections
c = collections.Counter()
for l in sys.stdin:
    try: c[json.loads(l).get("msg")] += 1
    except ValueError: pass
print(", ".join(f"{k}: {v}" for k, v in c.most_common()) or "none")'))"
say "took $(($(date +%s) - t_start)) s"
if ((wrc == 0 && crc == 0 && rrc == 0)); then
  status=0
  echo "crash test passed"
else
  echo "crash test FAILED (wait $wrc, check_log $crc, report $rrc)"
fi
exit "$status"
