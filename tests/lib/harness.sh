# Shared by the fault tests that run real processes under a time budget (tests/webhooks/
# crash_test.sh, tests/chaos/chaos.sh). Source it after setting:
#   harness_name   a short name for messages ("crash_test", "chaos")
#   budget         seconds the whole run may take; a watchdog sends TERM after it
#   keep           non-empty: keep the work folder even on success
#   stop_order     names in pid[] to stop on exit, in this order
# It creates: $tmp (the work folder), pid[] (name -> pid of what runs now), status (1 until the
# script sets 0), t_start, and the helpers below. Every wait it makes is bounded.

tmp=$(mktemp -d "${TMPDIR:-/tmp}/seopipe-$harness_name.XXXXXX")
t_start=$(date +%s)
declare -A pid=()
status=1

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
say() { printf '[%5ss] %s\n' "$(($(date +%s) - t_start))" "$*"; }
mark() { echo "$1 $(now_ms)" >>"$tmp/events.txt"; } # NAME: a timestamped disruption mark
fsleep() { sleep "$(awk -v s="$1" 'BEGIN { printf "%.3f", (s > 0 ? s : 0) }')"; }
fail() { say "FAIL: $*"; status=1; exit 1; }
# shellcheck source=checks.sh
source "$(dirname "${BASH_SOURCE[0]}")/checks.sh" # free_port

stop_pid() { # PID [SECONDS]: CONT, TERM, wait, KILL
  local p=$1 i n=$((${2:-5} * 20))
  kill -CONT "$p" 2>/dev/null
  kill -TERM "$p" 2>/dev/null || return 0
  for ((i = 0; i < n; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null
  return 0
}

harness_cleanup() {
  local name
  trap - EXIT INT TERM
  [[ -n ${watchdog:-} ]] && kill "$watchdog" 2>/dev/null
  for name in $stop_order; do
    [[ -n ${pid[$name]:-} ]] && stop_pid "${pid[$name]}" 3
  done
  if [[ $status == 0 && -z $keep ]]; then
    rm -rf "$tmp"
  else
    echo "$harness_name: logs in $tmp"
  fi
}
trap harness_cleanup EXIT
trap 'say "stopped: the budget of $budget s ran out or a signal came"; status=1; exit 1' TERM INT

# The budget: a watchdog sends TERM to the script (its sleep goes with it, and holds no pipe).
harness_main=$$
(
  trap 'kill "$sp" 2>/dev/null; exit 0' TERM
  sleep "$budget" &
  sp=$!
  wait "$sp" && kill -TERM "$harness_main" 2>/dev/null
) >/dev/null 2>&1 </dev/null &
watchdog=$!

# start_redis PORT [redis-server options...]: on 127.0.0.1, its data in $tmp/redis (the same
# append-only file on every start), a log per start; fails unless it answers PING within 10 s.
redis_n=0
start_redis() {
  local port=$1 i
  shift
  redis_n=$((redis_n + 1))
  mkdir -p "$tmp/redis"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$tmp/redis" --save '' \
    --logfile "$tmp/redis-$redis_n.log" "$@" &
  pid[redis]=$!
  for ((i = 0; i < 200; i++)); do
    [[ $(redis-cli -p "$port" ping 2>/dev/null) == PONG ]] && return 0
    kill -0 "${pid[redis]}" 2>/dev/null || fail "redis-server exited: $(tail -n 3 "$tmp/redis-$redis_n.log")"
    sleep 0.05
  done
  fail "redis-server did not answer PING within 10 s"
}
