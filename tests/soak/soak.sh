#!/usr/bin/env bash
# Soak and overload of `seopipe serve` (issue 7, "Load and soak"): a real redis-server and the real
# server on free loopback ports, traffic from tests/soak/load.py, then SIGTERM.
#
# usage: soak.sh SEOPIPE [--seconds N]           mixed traffic for N seconds (default 600)
#        soak.sh SEOPIPE --overload [--clients N] N concurrent slow requests (default 400) against
#                                                 SEOPIPE_MAX_INFLIGHT=8
#
# Soak: fails when RSS grows more than 20 % + 8 MiB between the end of the warm-up and the end,
# when open descriptors of any kind grow, or on a wrong status (load.py says which). Both modes:
# SIGTERM must stop the server with exit 0 within 5 s, and its log must hold no sanitizer report
# (with an ASan build, LeakSanitizer runs at that exit). Prints a summary table and PASS or FAIL;
# exits 0 or 1. Every process started here is stopped on exit; every wait is bounded.
# SEOPIPE_SOAK_KEEP=1 keeps the logs (always kept on failure).
set -uo pipefail

if [ $# -lt 1 ]; then
  sed -n '4,7p' "$0" >&2
  exit 2
fi
bin=$(realpath "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
mode=soak seconds=600 clients=400
while [ $# -gt 0 ]; do
  case $1 in
  --seconds) seconds=$2; shift 2 ;;
  --overload) mode=overload; shift ;;
  --clients) clients=$2; shift 2 ;;
  *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

# Nothing from the caller's environment configures the server.
while read -r var; do unset "$var"; done < <(compgen -e | grep '^SEOPIPE_')
keep=${SEOPIPE_SOAK_KEEP:-}
tmp=$(mktemp -d /tmp/seopipe-soak.XXXXXX)
spid="" rpid="" status=1

cleanup() {
  [ -n "$spid" ] && kill -KILL "$spid" 2>/dev/null
  [ -n "$rpid" ] && kill -KILL "$rpid" 2>/dev/null
  wait 2>/dev/null
  if [ "$status" = 0 ] && [ -z "$keep" ]; then rm -rf "$tmp"; else echo "logs kept in $tmp"; fi
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 1' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

# redis-server with no persistence: the soak measures seopipe, not the disk.
rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --dir "$tmp" --save '' --appendonly no \
  --daemonize no >"$tmp/redis.log" 2>&1 &
rpid=$!
for ((i = 0; i < 100; i++)); do
  [ "$(redis-cli -p "$rport" ping 2>/dev/null)" = PONG ] && break
  sleep 0.05
done
[ "$(redis-cli -p "$rport" ping 2>/dev/null)" = PONG ] || { echo "FAIL: redis-server did not start"; exit 1; }

# Short cache and retention times keep Redis small over a long soak (misses and deliveries add
# keys all the time); a 4 MiB draft cache per worker fills during the warm-up, so what grows after
# it is not the cache. With an ASan build, a small quarantine lets RSS settle the same way.
port=$(free_port)
envs=(SEOPIPE_LISTEN="127.0.0.1:$port" SEOPIPE_REDIS_URL="redis://127.0.0.1:$rport/0"
      SEOPIPE_THREADS=2 SEOPIPE_OUTBOUND_ALLOW=127.0.0.0/8 SEOPIPE_CACHE_TTL_SECONDS=10
      SEOPIPE_WEBHOOK_RETENTION_SECONDS=60 SEOPIPE_DRAFT_CACHE_BYTES=4194304
      SEOPIPE_WEBHOOK_MAX_TRANSFERS=16)
if [ "$mode" = overload ]; then
  envs+=(SEOPIPE_MAX_INFLIGHT=8 SEOPIPE_SOURCE_TIMEOUT_MS=1000 SEOPIPE_SOURCE_DEADLINE_MS=1000
         SEOPIPE_SOURCE_CONNECT_TIMEOUT_MS=500)
fi
asan=${ASAN_OPTIONS:-}
asan=${asan:+$asan:}quarantine_size_mb=16:detect_leaks=1:log_path=$tmp/asan
# Default SIGINT/SIGTERM dispositions, as under a supervisor (bash's background jobs ignore SIGINT).
python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' env "${envs[@]}" ASAN_OPTIONS="$asan" "$bin" serve \
  >"$tmp/seopipe.out" 2>"$tmp/seopipe.log" &
spid=$!
up=0
for ((i = 0; i < 200; i++)); do
  kill -0 "$spid" 2>/dev/null || break
  [ "$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ] && { up=1; break; }
  sleep 0.05
done
((up)) || { echo "FAIL: seopipe did not become ready: $(tail -c 400 "$tmp/seopipe.log")"; exit 1; }

if [ "$mode" = soak ]; then
  python3 "$here/load.py" soak --api "$port" --pid "$spid" --redis-port "$rport" \
    --seconds "$seconds" --transfer-cap 32 | tee "$tmp/load.out"
else
  # A sanitizer build answers two to three times slower: its /healthz bound is 500 ms, not 200.
  bound=200
  grep -q __asan_init "$bin" && bound=500
  ulimit -n 4096 2>/dev/null
  python3 "$here/load.py" overload --api "$port" --pid "$spid" --clients "$clients" --cap 8 \
    --probe-bound-ms "$bound" |
    tee "$tmp/load.out"
fi
load_ok=0
[ "$(tail -n 1 "$tmp/load.out")" = PASS ] && load_ok=1

# SIGTERM: the server finishes what is under way and exits 0 (LeakSanitizer runs at this exit).
start=$(now_ms)
kill -TERM "$spid"
rc=timeout
while (($(now_ms) - start < 5000)); do
  if ! kill -0 "$spid" 2>/dev/null; then
    wait "$spid"
    rc=$?
    break
  fi
  sleep 0.05
done
[ "$rc" = timeout ] || spid=""
reports=$(cat "$tmp"/asan.* 2>/dev/null; grep -E 'Sanitizer|runtime error' "$tmp/seopipe.log")
leaks=$(printf '%s\n' "$reports" | grep -c 'LeakSanitizer' || true)
printf '%-26s%s\n' "SIGTERM exit" "$rc after $(($(now_ms) - start)) ms"
printf '%-26s%s\n' "sanitizer reports" "$(printf '%s' "$reports" | grep -c 'ERROR\|runtime error' || true) (LeakSanitizer: $leaks)"

fail=()
((load_ok)) || fail+=("traffic: $(tail -n 1 "$tmp/load.out")")
[ "$rc" = 0 ] || fail+=("SIGTERM exit $rc, expected 0")
[ -z "$reports" ] || fail+=("sanitizer reports: $(printf '%s' "$reports" | head -c 600)")
if ((${#fail[@]})); then
  printf 'FAIL %s: %s\n' "$mode" "${fail[*]}"
  exit 1
fi
echo "PASS $mode"
status=0
exit 0
