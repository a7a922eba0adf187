#!/usr/bin/env bash
# The webhook test receiver tested on its own, before seopipe's sender is tested against it:
# fetch-standardwebhooks.sh installs the official verifier, receiver.mjs is started on free
# loopback ports, requests signed here (Python's hmac, checked first against the known-answer
# vectors of /work/shared/reference/webhooks.md) exercise every path behaviour, the signature
# cases (wrong signature, old timestamp, the second of two secrets, several signature entries,
# a signed body that is not JSON), keep-alive, a malformed request, /stats and both signals, and
# check_log.py is checked on the real log and on doctored copies of it.
#
# usage: self_test.sh [MODULES_DIR]
#
# MODULES_DIR (default: a temporary folder) receives the npm package; the first run needs the npm
# registry, later runs with the same folder are offline. Needs node (20), npm, python3, curl.
# Prints one line per failed check and "N passed, M failed"; exits 1 on any failure. Every wait
# is bounded (curl --max-time, start-up 10 s, shutdown 5 s) and every receiver is killed on exit.
# On failure the logs are kept (the last line says where); WEBHOOKS_SELFTEST_KEEP=1 keeps them always.
set -uo pipefail

if [ $# -gt 1 ]; then
  echo "usage: $0 [MODULES_DIR]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
keep=${WEBHOOKS_SELFTEST_KEEP:-}

for tool in node npm python3 curl; do
  command -v "$tool" >/dev/null || { echo "FAIL setup: $tool not found"; echo "0 passed, 1 failed"; exit 1; }
done

tmp=$(mktemp -d)
mods=${1:-$tmp/modules}
pass=0
fail=0
declare -A pid=() # receiver name -> pid, while it may be running
bg=()             # background curl pids

cleanup() {
  local p name i alive
  for p in "${bg[@]}"; do kill "$p" 2>/dev/null; done
  for name in "${!pid[@]}"; do kill -TERM "${pid[$name]}" 2>/dev/null; done
  for ((i = 0; i < 60; i++)); do
    alive=0
    for name in "${!pid[@]}"; do kill -0 "${pid[$name]}" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.05
  done
  for name in "${!pid[@]}"; do kill -KILL "${pid[$name]}" 2>/dev/null; done
  if [ "$fail" = 0 ] && [ -z "$keep" ]; then
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 1' INT TERM

now_ms() {
  local t=${EPOCHREALTIME/[.,]/}
  echo $((t / 1000))
}

# shellcheck source=../lib/checks.sh
source "$here/../lib/checks.sh"

# ---- the signer ---------------------------------------------------------------------------------

# sign SECRET ID TIMESTAMP BODYFILE: prints v1,<base64 HMAC-SHA256 of "ID.TIMESTAMP.BODY"> with
# the base64-decoded secret (after whsec_) as the key.
sign() {
  python3 -c 'import base64, hashlib, hmac, sys
secret, msg_id, ts, path = sys.argv[1:5]
key = base64.b64decode(secret[6:] if secret.startswith("whsec_") else secret, validate=True)
body = open(path, "rb").read()
mac = hmac.new(key, msg_id.encode() + b"." + ts.encode() + b"." + body, hashlib.sha256).digest()
print("v1," + base64.b64encode(mac).decode())' "$@"
}

secret_a=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw          # the reference's first vector
secret_b=whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= # its second
wrong_secret=whsec_$(printf 'not the secret at all!!!' | base64)

printf '{"test": 2432232314}' >"$tmp/vec1.json"
: >"$tmp/vec2.json"
got1=$(sign "$secret_a" msg_p5jXN8AQM9LWM0D4loKWxJek 1614265330 "$tmp/vec1.json")
got2=$(sign "$secret_b" msg_empty 1767225600 "$tmp/vec2.json")
[ "$got1" = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" ] || e "vector 1: $got1"
[ "$got2" = "v1,k10XBqOzl0GF1ynbwUY7qtUw0poaNGcnOjLHwCCosHw=" ] || e "vector 2: $got2"
verdict "the test's signer gives the reference's known-answer signatures"

# ---- the package --------------------------------------------------------------------------------

mkdir -p "$mods"
want_dir=$(realpath "$mods")
out=$(timeout 120 "$here/fetch-standardwebhooks.sh" "$mods" 2>"$tmp/fetch.err")
rc=$?
[ "$rc" = 0 ] || e "exit $rc: $(tail -c 300 "$tmp/fetch.err" | tr '\n' ' ')"
[ "$out" = "$want_dir" ] || e "printed \"$out\", expected \"$want_dir\""
v=$(node -p 'require(process.argv[1]).version' "$want_dir/node_modules/standardwebhooks/package.json" 2>&1)
[ "$v" = 1.1.1 ] || e "installed version \"$v\", expected 1.1.1"
verdict "fetch-standardwebhooks.sh installs standardwebhooks 1.1.1 and prints the folder"
if [ "$rc" != 0 ]; then
  echo "$pass passed, $((fail + 1)) failed (cannot go on without the package; kept in $tmp)"
  fail=$((fail + 1))
  exit 1
fi

start_ms=$(now_ms)
out=$(npm_config_registry=http://127.0.0.1:9/ npm_config_offline=true timeout 20 \
  "$here/fetch-standardwebhooks.sh" "$mods" 2>"$tmp/fetch2.err")
rc=$?
took=$(($(now_ms) - start_ms))
[ "$rc" = 0 ] || e "exit $rc: $(tail -c 300 "$tmp/fetch2.err" | tr '\n' ' ')"
[ "$out" = "$want_dir" ] || e "printed \"$out\", expected \"$want_dir\""
grep -qi npm "$tmp/fetch2.err" && e "npm ran: $(head -c 200 "$tmp/fetch2.err")"
verdict "fetch-standardwebhooks.sh again: no npm, no network, same folder (${took} ms)"

out=$(cd "$want_dir" && node -e '
const { Webhook } = require("standardwebhooks");
const a = new Webhook(process.argv[1]).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", new Date(1614265330000), "{\"test\": 2432232314}");
const b = new Webhook(process.argv[2]).sign("msg_empty", new Date(1767225600000), "");
console.log(a + " " + b);' "$secret_a" "$secret_b" 2>&1)
[ "$out" = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE= v1,k10XBqOzl0GF1ynbwUY7qtUw0poaNGcnOjLHwCCosHw=" ] ||
  e "standardwebhooks signs: $out"
verdict "the installed standardwebhooks signs the reference's known-answer vectors"

# ---- receivers ----------------------------------------------------------------------------------

# start NAME ARGS...: receiver.mjs in the background, stdout in $tmp/NAME.out, stderr in
# $tmp/NAME.err; waits at most 10 s for "listening <port>" and sets port. Returns 1 when it did not.
start() {
  local name=$1 deadline line
  shift
  node "$here/receiver.mjs" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid[$name]=$!
  deadline=$(($(now_ms) + 10000))
  port=
  while (($(now_ms) < deadline)); do
    line=$(head -n 1 "$tmp/$name.out")
    if [[ $line =~ ^listening\ ([0-9]+)$ ]]; then
      port=${BASH_REMATCH[1]}
      return 0
    fi
    if ! kill -0 "${pid[$name]}" 2>/dev/null; then
      wait "${pid[$name]}"
      e "$name exited with status $? before listening: $(tail -c 300 "$tmp/$name.err" | tr '\n' ' ')"
      unset "pid[$name]"
      return 1
    fi
    sleep 0.05
  done
  e "$name printed no 'listening <port>' within 10 s: $(tail -c 300 "$tmp/$name.err" | tr '\n' ' ')"
  return 1
}

# stop NAME SIGNAL: sends SIGNAL, waits at most 5 s; sets stop_rc (exit status or "timeout").
stop() {
  local name=$1 p=${pid[$1]:-} deadline
  stop_rc=gone
  [ -n "$p" ] || return
  kill -"$2" "$p" 2>/dev/null
  deadline=$(($(now_ms) + 5000))
  while kill -0 "$p" 2>/dev/null; do
    if (($(now_ms) > deadline)); then
      stop_rc=timeout
      return
    fi
    sleep 0.05
  done
  wait "$p"
  stop_rc=$?
  unset "pid[$name]"
}

# refuses NAME PATTERN ARGS...: the receiver must exit 2 within 5 s, stderr matching PATTERN.
refuses() {
  local name=$1 pattern=$2 rc
  shift 2
  (timeout -k 1 5 node "$here/receiver.mjs" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err") 2>/dev/null
  rc=$?
  [ "$rc" = 2 ] || e "exit $rc, expected 2"
  grep -qE -- "$pattern" "$tmp/$name.err" || e "stderr does not match /$pattern/: $(head -c 300 "$tmp/$name.err")"
  [ -s "$tmp/$name.out" ] && e "stdout is not empty: $(head -c 100 "$tmp/$name.out")"
  verdict "$name"
}

refuses "refused: no --modules folder with the package" 'cannot load standardwebhooks' \
  --port 0 --secrets "$secret_a" --log "$tmp/x.log" --modules "$tmp/nothing-here"
refuses "refused: a secret that is not base64" 'secret 1 .*not usable' \
  --port 0 --secrets "$secret_a,whsec_%%%" --log "$tmp/x.log" --modules "$mods"
refuses "refused: no --log" '--log is required' --secrets "$secret_a" --modules "$mods"
refuses "refused: unknown argument" 'unknown argument' --secrets "$secret_a" --log "$tmp/x.log" --bogus

# ---- requests -----------------------------------------------------------------------------------

log=$tmp/main.log
n=0
body_for() { # body_for ID: the body file of ID, written on its first use
  local f=$tmp/body-$1.json
  [ -f "$f" ] || printf '{"type":"draft.published","id":"%s","n":%d}' "$1" "$n" >"$f"
  printf '%s\n' "$f"
}
# post NAME PATH ID [VAR=VALUE...]: a signed POST of $tmp/body-ID.json (written on the first use
# of ID, so every attempt of one id sends the same bytes) to the current receiver ($port).
# VARs: secret= (default $secret_a), sig= (the whole webhook-signature value), ts= (default now),
# maxtime= (curl --max-time, default 5), body= (a body file instead of the id's own).
# Afterwards $rd holds status (curl's %{http_code}, 000 without an answer), head, body, took (s).
post() {
  local name=$1 path=$2 id=$3 secret=$secret_a sig="" ts maxtime=5 bodyf
  shift 3
  ts=$(date +%s)
  bodyf=$(body_for "$id")
  while [ $# -gt 0 ]; do
    case $1 in
    secret=*) secret=${1#secret=} ;;
    sig=*) sig=${1#sig=} ;;
    ts=*) ts=${1#ts=} ;;
    maxtime=*) maxtime=${1#maxtime=} ;;
    body=*) bodyf=${1#body=} ;;
    esac
    shift
  done
  [ -n "$sig" ] || sig=$(sign "$secret" "$id" "$ts" "$bodyf")
  n=$((n + 1))
  rd=$(printf '%s/req/%03d-%s' "$tmp" "$n" "$name")
  mkdir -p "$rd"
  curl -s -o "$rd/body" -D "$rd/head" -w '%{http_code} %{time_total}' --max-time "$maxtime" \
    -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: $sig" \
    -H 'Content-Type: application/json' -H 'User-Agent: seopipe-selftest/1' -H 'Expect:' \
    --data-binary "@$bodyf" "http://127.0.0.1:$port$path" >"$rd/w"
  read -r st took <"$rd/w"
  printf '%s\n' "$st" >"$rd/status"
}

hdr() { # hdr NAME: a header of the last answer
  tr -d '\r' <"$rd/head" | awk -v h="$(tr "[:upper:]" "[:lower:]" <<<"$1")" -F': ' 'tolower($1) == h { print $2; exit }'
}

want_status() {
  [ "$st" = "$1" ] || e "status $st, expected $1"
}

# rec PATH ID [ATTEMPT]: the log line of that POST (the last one when ATTEMPT is left out) in
# $tmp/rec.json; rf FIELD prints one field of it as JSON.
rec() {
  python3 - "$log" "$@" >"$tmp/rec.json" <<'PY'
import json, sys
log, path, msg_id, *att = sys.argv[1:]
found = None
for line in open(log, encoding="utf-8"):
    r = json.loads(line)
    if r.get("path") == path and r.get("id") == msg_id and (not att or r.get("attempt") == int(att[0])):
        found = r
print(json.dumps(found))
PY
}
rf() {
  python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(json.dumps(None if r is None else r.get(sys.argv[2])))' "$tmp/rec.json" "$1"
}
# want_rec FIELD JSON_VALUE...: fields of the line that rec found.
want_rec() {
  local got
  if [ "$(cat "$tmp/rec.json")" = null ]; then
    e "no log line for that request"
    return
  fi
  while [ $# -gt 0 ]; do
    got=$(rf "$1")
    [ "$got" = "$2" ] || e "log $1 $got, expected $2"
    shift 2
  done
}

stats() { # stats: GET /stats into $tmp/stats.json
  curl -s --max-time 5 -o "$tmp/stats.json" "http://127.0.0.1:$port/stats"
}
sf() { # sf EXPR: a value from $tmp/stats.json (d)
  python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print(json.dumps($1))" "$tmp/stats.json" 2>&1
}

# =================================================================================================
# The main receiver: two secrets (rotation), port 0.
start main --port 0 --secrets "$secret_a,$secret_b" --log "$log" --modules "$mods" --hang-ms 30000
up=$?
verdict "receiver.mjs starts on port 0 and prints 'listening <port>'"
if [ "$up" != 0 ]; then
  echo "$pass passed, $fail failed (kept in $tmp)"
  exit 1
fi
grep -q 'standardwebhooks 1.1.1' "$tmp/main.err" || e "stderr does not name standardwebhooks 1.1.1: $(head -c 200 "$tmp/main.err")"
verdict "the receiver says which verifier it loaded"

t0=$(now_ms)
post ok /ok/a msg_ok
want_status 200
[ "$(cat "$rd/body")" = ok ] || e "body \"$(head -c 50 "$rd/body")\", expected ok"
rec /ok/a msg_ok
want_rec status 200 verified true verified_with 0 attempt 1 id_seen 1 verify_error null \
  body_bytes "$(stat -c %s "$tmp/body-msg_ok.json")" \
  body_sha256 "\"$(sha256sum "$tmp/body-msg_ok.json" | cut -d' ' -f1)\"" \
  content_type '"application/json"' user_agent '"seopipe-selftest/1"' path '"/ok/a"' \
  id '"msg_ok"' http_version '"1.1"' note null
python3 - "$tmp/rec.json" "$t0" "$(now_ms)" <<'PY' >"$tmp/out" || e "$(cat "$tmp/out")"
import json, sys
r = json.load(open(sys.argv[1]))
keys = ["t", "path", "id", "timestamp", "signature", "verified", "verified_with", "body_sha256",
        "body_bytes", "content_type", "user_agent", "status", "attempt"]
if list(r)[:len(keys)] != keys:
    print(f"keys {list(r)}, expected to start with {keys}")
    sys.exit(1)
if not (int(sys.argv[2]) <= r["t"] <= int(sys.argv[3])):
    print(f"t {r['t']} not within the request's time {sys.argv[2]}..{sys.argv[3]}")
    sys.exit(1)
if not r["signature"].startswith("v1,") or not r["timestamp"].isdigit():
    print(f"signature {r['signature']!r} / timestamp {r['timestamp']!r} not as sent")
    sys.exit(1)
PY
verdict "/ok/: 200 ok, verified, and the log line holds every field as sent"

post ok-other-secret /ok/rotated msg_rot secret="$secret_b"
want_status 200
rec /ok/rotated msg_rot
want_rec verified true verified_with 1
verdict "signed with the second configured secret: verified_with 1"

ts_now=$(date +%s)
b=$(body_for msg_two)
post ok-two-sigs /ok/two msg_two ts="$ts_now" \
  sig="$(sign "$wrong_secret" msg_two "$ts_now" "$b") $(sign "$secret_a" msg_two "$ts_now" "$b")"
want_status 200
rec /ok/two msg_two
want_rec verified true verified_with 0
verdict "webhook-signature with two entries, the second one right: verified"

post fail-1 /fail/2/a msg_fail
want_status 500
post fail-2 /fail/2/a msg_fail
want_status 500
post fail-3 /fail/2/a msg_fail
want_status 200
for a in 1 2 3; do
  rec /fail/2/a msg_fail $a
  want_rec attempt $a verified true
done
rec /fail/2/a msg_fail 1
want_rec status 500
rec /fail/2/a msg_fail 3
want_rec status 200
post fail-other-path /fail/2/b msg_fail
want_status 500
rec /fail/2/b msg_fail
want_rec attempt 1 id_seen 4
verdict "/fail/2/: 500, 500, then 200; attempts counted per id and path, id_seen across paths"

post gone-1 /gone/a msg_gone
want_status 410
post gone-2 /gone/a msg_gone
want_status 410
verdict "/gone/: 410 every time"

post ra-1 /retry-after/7/a msg_ra
want_status 503
[ "$(hdr Retry-After)" = 7 ] || e "Retry-After \"$(hdr Retry-After)\", expected 7"
post ra-2 /retry-after/7/a msg_ra
want_status 200
[ -z "$(hdr Retry-After)" ] || e "Retry-After on the 200"
verdict "/retry-after/7/: 503 with Retry-After: 7, then 200"

post rad-1 /retry-after-date/30/a msg_rad
want_status 503
python3 -c 'import email.utils, sys, time
d = email.utils.parsedate_to_datetime(sys.argv[1]).timestamp()
sys.exit(0 if 25 <= d - time.time() <= 32 else 1)' "$(hdr Retry-After)" 2>/dev/null ||
  e "Retry-After \"$(hdr Retry-After)\" is not an HTTP date about 30 s ahead"
post rad-2 /retry-after-date/30/a msg_rad
want_status 200
verdict "/retry-after-date/30/: 503 with Retry-After as an HTTP date 30 s ahead, then 200"

post st-1 /status/429/a msg_429
want_status 429
post st-2 /status/429/a msg_429
want_status 200
post st-bad /status/99/a msg_429
want_status 404
verdict "/status/429/: 429, then 200; /status/99/ is 404"

post hang-1 /hang/a msg_hang maxtime=1
want_status 000
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) >= 0.9 else 1)' "$took" ||
  e "curl gave up after $took s, expected the 1 s timeout"
rec /hang/a msg_hang 1
want_rec status null note '"hung"' verified true
post hang-2 /hang/a msg_hang
want_status 200
rec /hang/a msg_hang 2
want_rec status 200 attempt 2
verdict "/hang/: the first attempt gets no answer (client timeout), logged with status null; then 200"

post redirect /redirect/a msg_redir
want_status 302
[ "$(hdr Location)" = /ok/x ] || e "Location \"$(hdr Location)\", expected /ok/x"
rec /ok/x msg_redir
[ "$(cat "$tmp/rec.json")" = null ] || e "the redirect was followed"
verdict "/redirect/: 302 to /ok/x (and curl, like a sender, does not follow it)"

post rnd100-1 /random/100/a msg_rnd
want_status 500
post rnd100-2 /random/100/a msg_rnd
want_status 200
post rnd0 /random/0/a msg_rnd0
want_status 200
verdict "/random/100/: 500 then 200; /random/0/: 200"

fails_x=
fails_y=
for i in $(seq 1 16); do
  post "rnd50-$i" /random/50/x "msg_r50_$i"
  fails_x+="${st:0:1}"
  post "rnd50-$i-again" /random/50/y "msg_r50_$i"
  fails_y+="${st:0:1}"
done
[ "$fails_x" = "$fails_y" ] || e "outcomes differ between two paths for the same ids: $fails_x vs $fails_y"
[[ $fails_x == *5* && $fails_x == *2* ]] || e "16 ids at 50 % all gave the same answer: $fails_x"
verdict "/random/50/: the outcome is a function of the id (same on another path: $fails_x)"

post slow /slow/300/a msg_slow
want_status 200
python3 -c 'import sys; sys.exit(0 if 0.29 <= float(sys.argv[1]) < 3 else 1)' "$took" ||
  e "took $took s, expected about 0.3"
rec /slow/300/a msg_slow
want_rec status 200
python3 -c 'import json, sys; sys.exit(0 if json.load(open(sys.argv[1]))["ms"] >= 290 else 1)' "$tmp/rec.json" ||
  e "log ms $(rf ms), expected >= 290"
verdict "/slow/300/: 200 after about 300 ms"

post unknown /nope/a msg_404
want_status 404
post no-slash /ok msg_404
want_status 404
post bad-arg /fail/x/a msg_404
want_status 404
rec /nope/a msg_404
want_rec status 404 verified true
verdict "unknown paths and malformed arguments: 404, still logged"

# ---- what must not verify (the path still decides the answer) ----
post bad-sig /ok/bad msg_badsig secret="$wrong_secret"
want_status 200
rec /ok/bad msg_badsig
want_rec verified false verified_with null
grep -q 'No matching signature' <<<"$(rf verify_error)" || e "verify_error $(rf verify_error)"
verdict "a wrong signature: logged verified false (No matching signature found)"

post old-ts /ok/old msg_old ts=$(($(date +%s) - 600))
want_status 200
rec /ok/old msg_old
want_rec verified false
grep -q 'too old' <<<"$(rf verify_error)" || e "verify_error $(rf verify_error)"
verdict "a timestamp 10 minutes old: verified false (Message timestamp too old)"

printf 'draft published, not JSON' >"$tmp/plain.txt"
post not-json /ok/plain msg_plain body="$tmp/plain.txt"
rec /ok/plain msg_plain
want_rec verified false
grep -q 'SyntaxError' <<<"$(rf verify_error)" || e "verify_error $(rf verify_error)"
verdict "a correctly signed body that is not JSON: the verifier (default options) refuses it"

curl -s -o "$tmp/nohdr" -w '%{http_code}' --max-time 5 -d '{}' "http://127.0.0.1:$port/ok/nohdr" >"$tmp/nohdr.st"
[ "$(cat "$tmp/nohdr.st")" = 200 ] || e "status $(cat "$tmp/nohdr.st")"
python3 - "$log" <<'PY' || e "no log line with id null and verified false for /ok/nohdr"
import json, sys
sys.exit(0 if any(r["path"] == "/ok/nohdr" and r["id"] is None and r["verified"] is False
                  and "Missing required headers" in (r["verify_error"] or "")
                  for r in map(json.loads, open(sys.argv[1]))) else 1)
PY
verdict "a POST without webhook headers: logged with id null, not verified"

# ---- connections ----
ts_now=$(date +%s)
sig=$(sign "$secret_a" msg_ka "$ts_now" "$tmp/body-msg_ok.json")
curl -s -o /dev/null -o /dev/null -w '%{http_code} %{num_connects}\n' --max-time 5 \
  -H "webhook-id: msg_ka" -H "webhook-timestamp: $ts_now" -H "webhook-signature: $sig" \
  -H 'Content-Type: application/json' --data-binary "@$tmp/body-msg_ok.json" \
  "http://127.0.0.1:$port/ok/ka1" "http://127.0.0.1:$port/ok/ka2" >"$tmp/ka.out"
python3 - "$log" <<'PY' >"$tmp/out" || e "$(cat "$tmp/out"); curl: $(tr '\n' ' ' <"$tmp/ka.out")"
import json, sys
rs = {r["path"]: r for r in map(json.loads, open(sys.argv[1])) if r["id"] == "msg_ka"}
a, b = rs.get("/ok/ka1"), rs.get("/ok/ka2")
if not a or not b:
    print("missing log lines")
    sys.exit(1)
if a["conn"] != b["conn"] or b["conn_request"] != a["conn_request"] + 1 or not a["verified"] or not b["verified"]:
    print(f"conn {a['conn']}/{b['conn']}, conn_request {a['conn_request']}/{b['conn_request']}")
    sys.exit(1)
PY
verdict "keep-alive: two POSTs on one connection (same conn, conn_request 1 then 2)"

python3 - "$port" >"$tmp/garbage.out" 2>&1 <<'PY' || e "$(cat "$tmp/garbage.out")"
import socket, sys
answers = []
for junk in (b"GARBAGE\r\n\r\n", b"POST /ok/a HTTP/1.1\r\nContent-Length: zz\r\n\r\n",
             b"POST /ok/a HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 20000 + b"\r\n\r\n",
             b"\x00\xff\x16\x03\x01 binary"):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
    s.sendall(junk)
    data = b""
    try:
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        print(f"no close within 5 s after {junk[:20]!r}")
        sys.exit(1)
    except ConnectionResetError:  # closed with some of the junk unread: the answer came first
        pass
    s.close()
    answers.append(data.split(b"\r\n", 1)[0].decode("latin-1"))
if not all(a.startswith(("HTTP/1.1 400", "HTTP/1.1 431")) for a in answers):
    print(f"answers: {answers}")
    sys.exit(1)
# A POST cut off in the middle of its body.
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"POST /ok/cut HTTP/1.1\r\nHost: x\r\nwebhook-id: msg_cut\r\nContent-Length: 100\r\n\r\n{\"a\":")
s.close()
PY
sleep 0.2
stats
[ "$(sf 'd["bad_requests"] >= 4')" = true ] || e "stats: bad_requests $(sf 'd.get("bad_requests")'), expected >= 4"
kill -0 "${pid[main]}" 2>/dev/null || e "the receiver died"
rec /ok/cut msg_cut
want_rec status null note '"aborted"' verified false body_bytes 5
verdict "malformed requests: 400/431 and the connection closed; a body cut short is logged as aborted; still running"

# ---- /stats and other methods ----
stats
python3 - "$tmp/stats.json" "$log" <<'PY' >"$tmp/out" || e "$(cat "$tmp/out")"
import json, sys
d = json.load(open(sys.argv[1]))
lines = [json.loads(l) for l in open(sys.argv[2])]
want = {"requests": len(lines), "verified": sum(r["verified"] for r in lines),
        "failed_verification": sum(not r["verified"] for r in lines)}
bad = [f"{k} {d.get(k)} (log: {v})" for k, v in want.items() if d.get(k) != v]
if d.get("by_id_count", {}).get("msg_fail") != 4:
    bad.append(f"by_id_count.msg_fail {d.get('by_id_count', {}).get('msg_fail')}, expected 4")
print("; ".join(bad))
sys.exit(1 if bad else 0)
PY
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/ok/a")
[ "$code" = 405 ] || e "GET /ok/a: $code, expected 405"
verdict "GET /stats agrees with the log (requests, verified, failed_verification, by_id_count); GET elsewhere 405"

# ---- SIGTERM with a hung request open ----
post_bg_dir=$tmp/req/hang-open
mkdir -p "$post_bg_dir"
ts_now=$(date +%s)
sig=$(sign "$secret_a" msg_hang_open "$ts_now" "$tmp/body-msg_ok.json")
curl -s -o /dev/null -w '%{http_code}' --max-time 20 -H "webhook-id: msg_hang_open" \
  -H "webhook-timestamp: $ts_now" -H "webhook-signature: $sig" -H 'Content-Type: application/json' \
  --data-binary "@$tmp/body-msg_ok.json" "http://127.0.0.1:$port/hang/open" >"$post_bg_dir/status" &
bg+=($!)
deadline=$(($(now_ms) + 5000))
until grep -q msg_hang_open "$log" || (($(now_ms) > deadline)); do sleep 0.05; done
stats
[ "$(sf 'd["hung_open"]')" = 1 ] || e "hung_open $(sf 'd.get("hung_open")'), expected 1"
lines_before=$(wc -l <"$log")
start_ms=$(now_ms)
stop main TERM
took=$(($(now_ms) - start_ms))
[ "$stop_rc" = 0 ] || e "exit $stop_rc, expected 0 within 5 s"
for p in "${bg[@]}"; do wait "$p"; done
bg=()
[ "$(cat "$post_bg_dir/status")" = 000 ] || e "the hung client got $(cat "$post_bg_dir/status")"
[ "$(wc -l <"$log")" = "$lines_before" ] || e "lines were added to the log after SIGTERM"
verdict "SIGTERM with a hung request open: exit 0 in ${took} ms, the hung client's connection closed"

# ---- check_log.py on the real log ----
python3 "$here/check_log.py" "$log" >"$tmp/check.json" 2>"$tmp/check.err"
rc=$?
[ "$rc" = 1 ] || e "exit $rc, expected 1 (the log has requests that did not verify)"
python3 - "$tmp/check.json" "$log" <<'PY' >"$tmp/out" || e "$(cat "$tmp/out")"
import json, sys
d = json.load(open(sys.argv[1]))
n = sum(1 for _ in open(sys.argv[2]))
bad = []
ids = sorted(str(f["id"]) for f in d["failed_verification"])
want = sorted(["msg_badsig", "msg_old", "msg_plain", "None", "msg_cut"])
if ids != want:
    bad.append(f"failed_verification ids {ids}, expected {want}")
if d["requests"] != n:
    bad.append(f"requests {d['requests']}, log has {n} lines")
if d["all_verified"] is not False or d["body_hash_mismatch"] != [] or d["duplicate_2xx"] != []:
    bad.append("all_verified / body_hash_mismatch / duplicate_2xx wrong")
if d["attempts_histogram"].get("3") != 1 or d["max_attempts"] != 3:
    bad.append(f"attempts_histogram {d['attempts_histogram']}: expected one delivery with 3 (/fail/2/a)")
if d["keepalive_reuse"] < 1:
    bad.append("keepalive_reuse 0")
if not any(x["path"] == "/gone/a" and x["last_status"] == 410 for x in d["not_2xx"]):
    bad.append("not_2xx lacks /gone/a")
if d["ok"] or not d["problems"]:
    bad.append("ok true or no problems")
print("; ".join(bad))
sys.exit(1 if bad else 0)
PY
verdict "check_log.py on the log: exit 1 naming exactly the 5 unverified requests; no body changes, no duplicates"

printf 'msg_ok\nmsg_fail\nmsg_ra\n# a comment\n\n' >"$tmp/ids"
python3 "$here/check_log.py" "$log" --allow-unverified --expect-ids "$tmp/ids" --compact >"$tmp/check2.json"
rc=$?
[ "$rc" = 0 ] || e "exit $rc, expected 0: $(head -c 300 "$tmp/check2.json")"
[ "$(wc -l <"$tmp/check2.json")" = 1 ] || e "--compact printed more than one line"
printf 'msg_ok\nmsg_gone\nmsg_never\n' >"$tmp/ids2"
python3 "$here/check_log.py" "$log" --allow-unverified --expect-ids "$tmp/ids2" >"$tmp/check3.json"
rc=$?
[ "$rc" = 1 ] || e "with msg_gone and msg_never expected: exit $rc, expected 1"
python3 -c 'import json, sys
x = json.load(open(sys.argv[1]))["expect"]
sys.exit(0 if x["missing"] == ["msg_never"] and x["undelivered"] == ["msg_gone"] else 1)' "$tmp/check3.json" ||
  e "expect: $(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("expect"))' "$tmp/check3.json")"
python3 "$here/check_log.py" "$log" --path-prefix /fail/ --path-prefix /gone/ >"$tmp/check4.json"
rc=$?
[ "$rc" = 0 ] || e "--path-prefix /fail/ /gone/: exit $rc, expected 0 (only verified requests there)"
[ "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["requests"])' "$tmp/check4.json")" = 7 ] ||
  e "--path-prefix /fail/ /gone/ kept $(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["requests"])' "$tmp/check4.json") requests, expected 7"
verdict "check_log.py --expect-ids, --allow-unverified, --path-prefix, --compact"

# Doctored copies: one retry with other body bytes; a delivery answered 200 twice; a broken line.
python3 - "$log" "$tmp" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ok = [r for r in lines if r["verified"]]
with open(f"{sys.argv[2]}/mismatch.log", "w") as f:
    for r in ok:
        f.write(json.dumps(r) + "\n")
    r = dict(next(r for r in ok if r["id"] == "msg_fail"), body_sha256="0" * 64, attempt=9)
    f.write(json.dumps(r) + "\n")
with open(f"{sys.argv[2]}/dup.log", "w") as f:
    for r in ok:
        f.write(json.dumps(r) + "\n")
    f.write(json.dumps(dict(next(r for r in ok if r["id"] == "msg_ok"), attempt=2)) + "\n")
    f.write('{"t": 1, "path": "/ok/partial"')  # being written: no newline yet
with open(f"{sys.argv[2]}/broken.log", "w") as f:
    f.write(json.dumps(ok[0]) + "\nnot json\n")
PY
python3 "$here/check_log.py" "$tmp/mismatch.log" >"$tmp/check5.json"
rc=$?
[ "$rc" = 1 ] || e "mismatch: exit $rc, expected 1"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if [m["id"] for m in d["body_hash_mismatch"]] == ["msg_fail"] and d["all_verified"] else 1)' "$tmp/check5.json" ||
  e "mismatch: body_hash_mismatch $(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["body_hash_mismatch"])' "$tmp/check5.json")"
python3 "$here/check_log.py" "$tmp/dup.log" >"$tmp/check6.json"
rc=$?
[ "$rc" = 0 ] || e "a duplicate 2xx without --no-duplicates (and a partial last line): exit $rc, expected 0"
python3 "$here/check_log.py" "$tmp/dup.log" --no-duplicates >"$tmp/check7.json"
rc=$?
[ "$rc" = 1 ] || e "--no-duplicates: exit $rc, expected 1"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if d["duplicate_2xx"] == [{"id": "msg_ok", "path": "/ok/a", "count": 2}] and d["bad_lines"] == [] else 1)' "$tmp/check7.json" ||
  e "duplicate_2xx $(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["duplicate_2xx"])' "$tmp/check7.json")"
python3 "$here/check_log.py" "$tmp/broken.log" >"$tmp/check8.json"
rc=$?
[ "$rc" = 1 ] || e "a line that is not JSON: exit $rc, expected 1"
python3 "$here/check_log.py" "$tmp/no-such.log" >/dev/null 2>&1
rc=$?
[ "$rc" = 2 ] || e "a missing log: exit $rc, expected 2"
verdict "check_log.py: a changed body, a duplicate 2xx (--no-duplicates), a broken line, a missing log"

# =================================================================================================
# A second receiver: a port given, one secret, --reject-unverified, stopped with SIGINT (from a
# script's background job, where bash sets SIGINT to ignored: node's handler must still run).
log2=$tmp/strict.log
p2=$(free_port)
start strict --port "$p2" --secrets "$secret_a" --log "$log2" --modules "$mods" --reject-unverified
up=$?
[ "$port" = "$p2" ] || e "listening on \"$port\", expected $p2"
verdict "receiver.mjs --port $p2: listening on that port"
if [ "$up" = 0 ]; then
  log=$log2
  post strict-ok /fail/1/s msg_strict
  want_status 500
  post strict-bad /ok/s msg_strict_bad secret="$wrong_secret"
  want_status 401
  rec /ok/s msg_strict_bad
  want_rec status 401 verified false
  post strict-rot /ok/s msg_strict_rot secret="$secret_b"
  want_status 401
  verdict "--reject-unverified: 401 for what does not verify (the second secret is not configured here)"

  stop strict INT
  [ "$stop_rc" = 0 ] || e "exit $stop_rc, expected 0 within 5 s"
  verdict "SIGINT: exit 0"
fi

if ((fail)); then
  echo "$pass passed, $fail failed (logs kept in $tmp)"
  exit 1
fi
echo "$pass passed, $fail failed${keep:+ (logs kept in $tmp)}"
