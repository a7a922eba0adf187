#!/usr/bin/env bash
# The HTTP server as clients call it: `seopipe serve` started for real on free loopback ports,
# every route, status, header and problem document of the contract checked with curl, then every
# response saved here checked against openapi.yaml by check_openapi.py.
#
# usage: test_http.sh SEOPIPE FIXTURES_DIR
#
# Needs curl and python3 with PyYAML (Debian: curl python3-yaml). Prints one line per failed check
# and "N passed, M failed"; exits 1 on any failure. Every server it starts is killed on exit, and
# every wait is bounded: curl --max-time 10, start-up 10 s, shutdown 5 s. On failure the responses
# and server logs are kept (the last line says where); SEOPIPE_HTTP_KEEP=1 keeps them always.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 SEOPIPE FIXTURES_DIR" >&2
  exit 2
fi
bin=$(realpath "$1")
fixtures=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
spec=$(realpath "$here/../../openapi.yaml")

for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "FAIL setup: $tool not found (scripts/install-deps --test)"; echo "0 passed, 1 failed"; exit 1; }
done
python3 -c 'import yaml' 2>/dev/null ||
  { echo "FAIL setup: python3 cannot import yaml (install python3-yaml)"; echo "0 passed, 1 failed"; exit 1; }

# Nothing from the caller's environment may configure the servers or the reference runs.
keep=${SEOPIPE_HTTP_KEEP:-}
while read -r var; do unset "$var"; done < <(compgen -e | grep '^SEOPIPE_')

tmp=$(mktemp -d)
run=$tmp/run       # the servers' and `seopipe generate`'s working directory: empty, so no config file
resp=$tmp/responses
mkdir -p "$run" "$resp"
cd "$run" || exit 1

pass=0
fail=0
nreq=0
declare -A pid=()  # server name -> pid, while it may be running
declare -A rpid=() # redis-server name -> pid
bg=()              # background curl pids

cleanup() {
  local p name i
  for p in "${bg[@]}"; do kill "$p" 2>/dev/null; done
  for name in "${!rpid[@]}"; do
    kill -CONT "${rpid[$name]}" 2>/dev/null
    kill -KILL "${rpid[$name]}" 2>/dev/null
  done
  for name in "${!pid[@]}"; do kill -TERM "${pid[$name]}" 2>/dev/null; done
  for ((i = 0; i < 40; i++)); do
    local alive=0
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

# ---- checks: e MESSAGE records a fault of the current check, verdict NAME counts it ------------
# shellcheck source=../lib/checks.sh
source "$here/../lib/checks.sh"

# ---- servers ------------------------------------------------------------------------------------

# Servers start through this exec wrapper so they get default SIGINT, SIGQUIT and SIGPIPE
# dispositions, as under a supervisor: bash makes background jobs ignore SIGINT, and an ignored
# signal stays ignored across exec. The pid is the server's own.
exec_with_default_signals='import os, signal, sys
for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGPIPE, signal.SIGXFSZ):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])'

# A loopback port nothing listens on: servers that are not given a Redis get this one, so the
# test never talks to a Redis it did not start (their packages are all X-Cache: bypass).
no_redis="redis://127.0.0.1:$(free_port)/0"

# start NAME [VAR=VALUE...] [-- SERVE_ARGS...]: starts `seopipe serve` in the background with
# SEOPIPE_CONFIG unset, stdout in $tmp/NAME.out, stderr (the log) in $tmp/NAME.log.
start() {
  local name=$1 envs=("SEOPIPE_REDIS_URL=$no_redis")
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    envs+=("$1")
    shift
  done
  [ $# -gt 0 ] && shift
  python3 -c "$exec_with_default_signals" env -u SEOPIPE_CONFIG "${envs[@]}" "$bin" serve "$@" \
    >"$tmp/$name.out" 2>"$tmp/$name.log" &
  pid[$name]=$!
}

log_tail() { # the last lines of a server's log, on one line
  tail -c 400 "$tmp/$1.log" 2>/dev/null | tr '\n' ' '
}

# ready NAME PORT: waits at most 10 s for GET /healthz to answer 200.
ready() {
  local name=$1 port=$2 deadline code
  deadline=$(($(now_ms) + 10000))
  while (($(now_ms) < deadline)); do
    if ! kill -0 "${pid[$name]}" 2>/dev/null; then
      wait "${pid[$name]}"
      e "the server exited with status $? before answering /healthz; log: $(log_tail "$name")"
      unset "pid[$name]"
      return 1
    fi
    code=$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "http://127.0.0.1:$port/healthz")
    [ "$code" = 200 ] && return 0
    sleep 0.1
  done
  e "GET /healthz on port $port did not answer 200 within 10 s; log: $(log_tail "$name")"
  return 1
}

# stop NAME SIGNAL: sends SIGNAL, waits at most 5 s; sets stop_rc (exit status, or "timeout").
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

# redis_start NAME PORT: a private redis-server on 127.0.0.1:PORT (AOF on, data in $tmp/NAME.redis),
# waited for at most 5 s.
redis_start() {
  local name=$1 port=$2 deadline
  mkdir -p "$tmp/$name.redis"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$tmp/$name.redis" --appendonly yes \
    --save '' --daemonize no >>"$tmp/$name.redis.log" 2>&1 &
  rpid[$name]=$!
  deadline=$(($(now_ms) + 5000))
  while (($(now_ms) < deadline)); do
    [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ] && return 0
    sleep 0.05
  done
  e "redis-server on port $port did not answer PING within 5 s: $(tail -c 300 "$tmp/$name.redis.log")"
  return 1
}

redis_kill() { # redis_kill NAME: SIGKILL, as a crash or an OOM kill would
  local p=${rpid[$1]:-}
  [ -n "$p" ] || return
  kill -CONT "$p" 2>/dev/null
  kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null
  unset "rpid[$1]"
}

# wait_status PORT PATH WANT SECONDS: polls GET PATH until it answers WANT, for at most SECONDS;
# sets waited_ms. Returns 1 when it never did.
wait_status() {
  local port=$1 path=$2 want=$3 start_ms code
  start_ms=$(now_ms)
  while (($(now_ms) - start_ms < $4 * 1000)); do
    code=$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "http://127.0.0.1:$port$path")
    if [ "$code" = "$want" ]; then
      waited_ms=$(($(now_ms) - start_ms))
      return 0
    fi
    sleep 0.05
  done
  waited_ms=$(($(now_ms) - start_ms))
  return 1
}

# raw PORT [rawhttp.py options] < BYTES: rawhttp.py's JSON report in $tmp/raw.json (a file, as raw
# runs at the end of a pipe); rq KEY prints one field of it.
raw() {
  python3 "$here/rawhttp.py" "$@" >"$tmp/raw.json"
}
rq() {
  python3 -c 'import json, sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print(json.dumps(v) if isinstance(v, list) else v)' "$tmp/raw.json" "$1"
}

# refuses NAME WANT_PATTERN VAR=VALUE... [-- ARGS]: the server must exit 2 within 5 s with stderr
# matching WANT_PATTERN (extended regex).
refuses() {
  local name=$1 pattern=$2 envs=()
  shift 2
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    envs+=("$1")
    shift
  done
  [ $# -gt 0 ] && shift
  # (in a subshell whose stderr is dropped: bash's "Killed" notice when timeout has to kill it)
  (timeout -k 1 5 python3 -c "$exec_with_default_signals" env -u SEOPIPE_CONFIG "${envs[@]}" \
    "$bin" serve "$@" >"$tmp/$name.out" 2>"$tmp/$name.log") 2>/dev/null
  local rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    e "still running after 5 s (killed)"
  elif [ "$rc" != 2 ]; then
    e "exit $rc, expected 2; stderr: $(log_tail "$name")"
  fi
  grep -qE -- "$pattern" "$tmp/$name.log" || e "stderr does not match /$pattern/: $(log_tail "$name")"
  verdict "$name"
}

# ---- requests -----------------------------------------------------------------------------------

# prepare [-s] NAME METHOD PATH PORT CTYPE BODY [CURL_ARGS...]: sets up $rd (the response folder
# check_openapi.py reads), the request's curl options in $opts and its curl command in $cmd. CTYPE "" sends no Content-Type; BODY ""
# sends no body, else the file's bytes. -s: only the status is checked against openapi.yaml (for
# answers the HTTP library gives by itself).
prepare() {
  local status_only=0
  if [ "$1" = -s ]; then
    status_only=1
    shift
  fi
  local name=$1 method=$2 path=$3 port=$4 ctype=$5 body=$6 a rid=""
  shift 6
  nreq=$((nreq + 1))
  rd=$(printf '%s/%03d-%s' "$resp" "$nreq" "$name")
  mkdir -p "$rd"
  opts=(-sS --max-time 10 -X "$method" -o "$rd/body" -D "$rd/headers")
  if [ -n "$body" ]; then
    opts+=(--data-binary "@$body")
    if [ -n "$ctype" ]; then opts+=(-H "Content-Type: $ctype"); else opts+=(-H "Content-Type:"); fi
  fi
  for a in "$@"; do
    case $a in [Xx]-[Rr]equest-[Ii]d:*) rid=${a#*:} rid=${rid# } ;; esac
  done
  opts+=("$@" "http://127.0.0.1:$port$path")
  cmd=(curl -w '%{http_code}' "${opts[@]}")
  printf 'method=%s\npath=%s\ncontent_type=%s\nbody=%s\nrequest_id=%s\nstatus_only=%s\n' \
    "$method" "$path" "$ctype" "$body" "$rid" "$status_only" >"$rd/request"
  : >"$rd/headers"
  : >"$rd/body"
}

# req ...: one request (arguments as prepare), in the foreground; sets st (status) and ct
# (response media type, lower case, without parameters).
req() {
  prepare "$@"
  "${cmd[@]}" >"$rd/status" 2>"$rd/curl.err"
  collect
}

# req_bg ...: the same in the background (pid in bg); call collect_in DIR after waiting.
req_bg() {
  prepare "$@"
  "${cmd[@]}" >"$rd/status" 2>"$rd/curl.err" &
  bg+=($!)
}

# par_add ...: a request (arguments as prepare) queued for par_run, which sends all the queued
# requests at once from one curl, each on its own connection, so that they reach the server
# together; par_dirs lists their folders.
par=()
par_dirs=()
par_add() {
  prepare "$@"
  ((${#par[@]} == 0)) || par+=(--next)
  par+=("${opts[@]}")
  par_dirs+=("$rd")
}
par_run() {
  curl -sS --parallel --parallel-immediate --parallel-max 64 "${par[@]}" >/dev/null 2>"$tmp/parallel.err"
  local d
  for d in "${par_dirs[@]}"; do
    awk '/^HTTP\//{ s = $2 } END { print (s ? s : "000") }' "$d/headers" >"$d/status"
  done
  par=()
}

collect() {
  st=$(cat "$rd/status" 2>/dev/null)
  [ -n "$st" ] || st=000
  ct=$(hdr Content-Type | sed 's/;.*//; s/[[:space:]]*$//' | tr '[:upper:]' '[:lower:]')
}

collect_in() {
  rd=$1
  collect
}

# hdr NAME: the value of response header NAME in $rd (of the final response, not a 100 Continue).
hdr() {
  awk -v want="$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')" '
    /^HTTP\// { split("", h); next }
    {
      sub(/\r$/, "")
      i = index($0, ":")
      if (i) {
        k = tolower(substr($0, 1, i - 1)); v = substr($0, i + 1)
        sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v); h[k] = v
      }
    }
    END { if (want in h) print h[want] }' "$rd/headers"
}

snippet() { head -c 200 "$rd/body" | tr '\n' ' '; }

# ---- expectations on the last response ($rd) ---------------------------------------------------

want_status() {
  if [ "$st" = 000 ]; then
    e "no response: $(tr '\n' ' ' <"$rd/curl.err")"
  elif [ "$st" != "$1" ]; then
    e "status $st, expected $1 (${ct:-no content type}: $(snippet))"
  fi
}

want_ctype() { [ "$ct" = "$1" ] || e "Content-Type \"$(hdr Content-Type)\", expected $1"; }

want_header() { # want_header NAME VALUE
  local v
  v=$(hdr "$1")
  [ "$v" = "$2" ] || e "$1 \"$v\", expected \"$2\""
}

# want_request_id [SENT]: X-Request-Id echoes SENT, or is 32 generated hex digits when SENT is
# empty or not a valid id.
want_request_id() {
  local got sent=${1:-}
  got=$(hdr X-Request-Id)
  if [[ -n $sent && $sent =~ ^[A-Za-z0-9._-]{1,64}$ ]]; then
    [ "$got" = "$sent" ] || e "X-Request-Id \"$got\", expected the request's \"$sent\""
  elif [[ ! $got =~ ^[0-9a-fA-F]{32}$ ]]; then
    e "X-Request-Id \"$got\", expected 32 generated hex digits"
  fi
}

# want_problem STATUS TYPE [KEY=JSON...]: an application/problem+json body with type
# https://seopipe.dev/problems/TYPE (TYPE "" = any such type), title, detail, status = STATUS,
# and each KEY equal to the JSON value.
want_problem() {
  want_ctype application/problem+json
  local out
  out=$(python3 - "$rd/body" "$@" <<'PY'
import json, sys
path, status, ptype, *extra = sys.argv[1:]
try:
    d = json.load(open(path, encoding="utf-8"))
except Exception as exc:
    print(f"problem body is not JSON ({exc})")
    sys.exit()
if not isinstance(d, dict):
    print("problem body is not a JSON object")
    sys.exit()
faults = []
prefix = "https://seopipe.dev/problems/"
t = d.get("type")
if not isinstance(t, str) or not t.startswith(prefix) or len(t) == len(prefix):
    faults.append(f"type {t!r} is not {prefix}<name>")
elif ptype and t != prefix + ptype:
    faults.append(f"type {t!r}, expected {prefix + ptype!r}")
if d.get("status") != int(status) or isinstance(d.get("status"), bool):
    faults.append(f"problem status {d.get('status')!r}, expected {status}")
for key in ("title", "detail"):
    if not isinstance(d.get(key), str) or not d[key].strip():
        faults.append(f"no {key} string")
for item in extra:
    key, want = item.split("=", 1)
    want = json.loads(want)
    if key not in d:
        faults.append(f"no {key!r} (want {want!r})")
    elif d[key] != want or type(d[key]) is not type(want):
        faults.append(f"{key} {d[key]!r}, expected {want!r}")
print("; ".join(faults))
PY
)
  [ -z "$out" ] || e "$out"
}

# want_package FORMAT INPUT: the body is an application/json package equal (as parsed JSON) to
# what `seopipe generate --format FORMAT INPUT` prints with the same (empty) configuration.
want_package() {
  want_ctype application/json
  if ! (cd "$run" && env -u SEOPIPE_CONFIG "$bin" generate --format "$1" "$2") \
    >"$rd/expected.json" 2>"$rd/expected.err"; then
    e "reference run seopipe generate --format $1 failed: $(head -c 200 "$rd/expected.err")"
    return
  fi
  local out
  out=$(python3 - "$rd/body" "$rd/expected.json" <<'PY'
import json, sys
try:
    got = json.load(open(sys.argv[1], encoding="utf-8"))
except Exception as exc:
    print(f"body is not JSON ({exc})")
    sys.exit()
want = json.load(open(sys.argv[2], encoding="utf-8"))
if got != want:
    if isinstance(got, dict):
        keys = sorted(k for k in set(got) | set(want) if got.get(k, KeyError) != want.get(k, KeyError))
        print("package differs from seopipe generate in: " + ", ".join(keys))
    else:
        print("package is not a JSON object")
PY
)
  [ -z "$out" ] || e "$out"
}

json_get() { # json_get EXPR: a value from the body (d), printed by python
  python3 -c "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8')); print($1)" "$rd/body" 2>/dev/null
}

# ---- inputs ---------------------------------------------------------------------------------

seed=$fixtures/seed-000-sex-back-pain.txt
knee=$fixtures/markdown-knee-exercises.md
wp=$fixtures/wordpress-faq-block.html
# Its faq_sources would be pulled by the server (the CLI never pulls them), so the comparison with
# `seopipe generate` takes them out; tests/sources/test_sources.sh covers pulling.
strapi=$tmp/strapi-draft-offline.json
python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); d.pop("faq_sources", None)
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)' "$fixtures/strapi-draft.json" "$strapi"
: >"$tmp/empty"
printf 'Title\n\nCaf\xc3 au lait.\n' >"$tmp/bad-utf8.txt"
printf 'Trail Shoes\n\n' >"$tmp/small.txt"
for ((i = 0; i < 36; i++)); do printf 'Trail shoes grip roots and rocks on wet ground. ' >>"$tmp/small.txt"; done
head -c 4096 /dev/zero | tr '\0' 'a' >"$tmp/4096.txt"
head -c 9000 /dev/zero | tr '\0' 'a' >"$tmp/9000.txt"
head -c 3000 /dev/zero | tr '\0' 'b' >"$tmp/slow.txt"
id64=$(printf 'a%.0s' {1..60})._-Z
id65=${id64}x

# =================================================================================================
# Instance "main": environment only, no config file.
p1=$(free_port)
start main "SEOPIPE_LISTEN=127.0.0.1:$p1" SEOPIPE_THREADS=2
ready main "$p1" && up=1 || up=0
verdict "the server answers /healthz within 10 s of starting"
if ((up)); then

  python3 - "$tmp/main.log" <<'PY' || e "no JSON log line containing \"listening\" on stderr: $(log_tail main)"
import json, sys
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    try:
        if isinstance(json.loads(line), dict) and "listening" in line:
            sys.exit(0)
    except ValueError:
        pass
sys.exit(1)
PY
  verdict "start-up logs a JSON line containing \"listening\""

  req healthz GET /healthz "$p1" "" ""
  want_status 200
  want_ctype text/plain
  cmp -s "$rd/body" <(printf 'ok\n') || e "body \"$(snippet)\", expected \"ok\\n\""
  want_request_id
  first_id=$(hdr X-Request-Id)
  verdict "GET /healthz: 200 text/plain ok"

  req healthz-again GET /healthz "$p1" "" ""
  want_status 200
  want_request_id
  [ "$(hdr X-Request-Id)" != "$first_id" ] || e "the same generated X-Request-Id twice ($first_id)"
  verdict "generated request ids differ"

  req openapi GET /openapi.yaml "$p1" "" ""
  want_status 200
  want_ctype application/yaml
  cmp -s "$rd/body" "$spec" || e "body ($(wc -c <"$rd/body") bytes) is not openapi.yaml ($(wc -c <"$spec") bytes) byte for byte"
  want_request_id
  verdict "GET /openapi.yaml: the repository's file"

  # POST /v1/seo in each format: the same package as `seopipe generate`.
  seo_ok() { # seo_ok NAME CTYPE FORMAT FILE [CURL_ARGS...]
    local name=$1 ctype=$2 format=$3 file=$4
    shift 4
    req "$name" POST /v1/seo "$p1" "$ctype" "$file" "$@"
    want_status 200
    want_package "$format" "$file"
    want_header X-Cache bypass
  }
  seo_ok seo-text text/plain text "$seed"
  want_request_id
  verdict "POST /v1/seo text/plain (seed 000) = seopipe generate --format text"
  seo_ok seo-markdown text/markdown markdown "$knee"
  verdict "POST /v1/seo text/markdown = seopipe generate --format markdown"
  seo_ok seo-html text/html html "$wp"
  verdict "POST /v1/seo text/html = seopipe generate --format html"
  seo_ok seo-json application/json json "$strapi"
  verdict "POST /v1/seo application/json (strapi draft) = seopipe generate --format json"
  seo_ok seo-text-charset 'text/plain; charset=utf-8' text "$seed"
  verdict "POST /v1/seo text/plain; charset=utf-8"
  seo_ok seo-json-charset 'application/json; charset=UTF-8' json "$strapi"
  verdict "POST /v1/seo application/json; charset=UTF-8"
  seo_ok seo-markdown-as-text text/plain text "$knee"
  [ "$(json_get "d['document']['format']")" = text ] || e "document.format is not \"text\""
  verdict "Content-Type selects the format (Markdown sent as text/plain is read as text)"

  # X-Request-Id: echoed when valid, else generated; on errors too.
  seo_ok rid-echo text/plain text "$seed" -H "X-Request-Id: req-1.A_b"
  want_request_id req-1.A_b
  verdict "X-Request-Id echoed"
  req rid-64 GET /healthz "$p1" "" "" -H "X-Request-Id: $id64"
  want_status 200
  want_request_id "$id64"
  verdict "X-Request-Id of 64 characters echoed"
  req rid-65 GET /healthz "$p1" "" "" -H "X-Request-Id: $id65"
  want_status 200
  want_request_id "$id65"
  verdict "X-Request-Id of 65 characters replaced by a generated one"
  req rid-bad GET /healthz "$p1" "" "" -H "X-Request-Id: bad id/1"
  want_status 200
  want_request_id "bad id/1"
  verdict "X-Request-Id with other characters replaced by a generated one"

  # Errors.
  req bad-json POST /v1/seo "$p1" application/json "$fixtures/bad-json.json"
  want_status 400
  want_problem 400 invalid-json line=4 column=22
  want_request_id
  verdict "malformed JSON: 400 invalid-json at line 4, column 22"

  req bad-utf8 POST /v1/seo "$p1" text/plain "$tmp/bad-utf8.txt"
  want_status 400
  want_problem 400 invalid-encoding
  verdict "invalid UTF-8: 400 invalid-encoding"

  req wrong-type POST /v1/seo "$p1" application/json "$fixtures/wrong-type.json"
  want_status 422
  want_problem 422 invalid-field pointer='"/tags"'
  verdict "wrong field type: 422 with pointer /tags"

  req empty-body POST /v1/seo "$p1" text/plain "$tmp/empty"
  want_status 422
  want_problem 422 unusable-draft
  verdict "empty body: 422"

  req media-xml POST /v1/seo "$p1" application/xml "$seed"
  want_status 415
  want_problem 415 unsupported-media-type
  verdict "application/xml: 415"

  req media-none POST /v1/seo "$p1" "" "$seed"
  want_status 415
  want_problem 415 unsupported-media-type
  verdict "no Content-Type: 415"

  req not-found GET /nope "$p1" "" "" -H "X-Request-Id: nf-1"
  want_status 404
  want_problem 404 not-found
  want_request_id nf-1
  verdict "GET /nope: 404 problem, request id echoed"

  req not-found-v1 POST /v1/nope "$p1" text/plain "$seed"
  want_status 404
  want_problem 404 not-found
  verdict "POST /v1/nope: 404"

  allow_has() { # allow_has METHOD: the Allow header lists METHOD
    local allow
    allow=$(hdr Allow | tr '[:lower:]' '[:upper:]' | tr -d ' ')
    [[ ,$allow, == *,$1,* ]] || e "Allow \"$(hdr Allow)\" does not list $1"
  }
  req method-seo GET /v1/seo "$p1" "" ""
  want_status 405
  allow_has POST
  want_problem 405 method-not-allowed
  want_request_id
  verdict "GET /v1/seo: 405, Allow: POST"

  req method-healthz POST /healthz "$p1" text/plain "$tmp/empty"
  want_status 405
  allow_has GET
  want_problem 405 method-not-allowed
  verdict "POST /healthz: 405, Allow: GET"

  req method-openapi DELETE /openapi.yaml "$p1" "" ""
  want_status 405
  allow_has GET
  want_problem 405 method-not-allowed
  verdict "DELETE /openapi.yaml: 405, Allow: GET"

  # Every request above is counted; each 200 of POST /v1/seo was a cache hit, miss or bypass.
  req metrics GET /metrics "$p1" "" ""
  want_status 200
  want_ctype text/plain
  want_request_id
  python3 - "$rd/body" 2>"$tmp/metrics.err" <<'PY' || e "metrics: $(cat "$tmp/metrics.err")"
import re, sys
text = open(sys.argv[1]).read()
def value(name):
    m = re.search("^" + re.escape(name) + r" (\S+)$", text, re.M)
    return float(m.group(1)) if m else None
seo_ok = value('seopipe_http_requests_total{route="/v1/seo",status="200"}')
count = value('seopipe_http_request_duration_seconds_count{route="/v1/seo"}')
inf = value('seopipe_http_request_duration_seconds_bucket{route="/v1/seo",le="+Inf"}')
cache = sum(value('seopipe_cache_requests_total{result="%s"}' % r) or 0 for r in ("hit", "miss", "bypass"))
nf = value('seopipe_http_requests_total{route="other",status="404"}')
errors = []
if not seo_ok or seo_ok < 4: errors.append("POST /v1/seo 200 count %r" % seo_ok)
if count is None or inf != count: errors.append("histogram +Inf %r != count %r" % (inf, count))
if cache != seo_ok: errors.append("cache hits + misses + bypasses %r != seo 200s %r" % (cache, seo_ok))
if not nf: errors.append("no 404 counted for unknown paths")
if value("seopipe_workers") != 2: errors.append("workers %r" % value("seopipe_workers"))
for line in text.splitlines():
    if line and not line.startswith("#") and not re.match(r'^[a-z_]+(\{([a-z_]+="([^"\\]|\\.)*",?)*\})? [0-9.e+-]+$', line):
        errors.append("not Prometheus text: " + line)
print("; ".join(errors), file=sys.stderr)
sys.exit(1 if errors else 0)
PY
  verdict "GET /metrics: Prometheus text; requests by route and status, latency histogram, cache results"

fi # main is up

# =================================================================================================
# Start-up refusals.
p=$(free_port 0.0.0.0)
refuses "0.0.0.0 without API keys exits 2 naming SEOPIPE_API_KEYS" SEOPIPE_API_KEYS \
  "SEOPIPE_LISTEN=0.0.0.0:$p" SEOPIPE_THREADS=2
refuses "0.0.0.0 with empty SEOPIPE_API_KEYS exits 2 naming it" SEOPIPE_API_KEYS \
  "SEOPIPE_LISTEN=0.0.0.0:$p" SEOPIPE_THREADS=2 SEOPIPE_API_KEYS=
refuses "bad SEOPIPE_THREADS exits 2 naming it" SEOPIPE_THREADS \
  "SEOPIPE_LISTEN=127.0.0.1:$p" SEOPIPE_THREADS=many
refuses "bad SEOPIPE_LISTEN exits 2 naming it" SEOPIPE_LISTEN \
  SEOPIPE_LISTEN=no-port-here SEOPIPE_THREADS=2
refuses "bad SEOPIPE_REDIS_URL exits 2 naming it" 'SEOPIPE_REDIS_URL.*redis:// or unix://' \
  "SEOPIPE_LISTEN=127.0.0.1:$p" SEOPIPE_REDIS_URL=http://redis:6379
refuses "a Redis URL without a host exits 2 naming it" 'SEOPIPE_REDIS_URL.*must name a host' \
  "SEOPIPE_LISTEN=127.0.0.1:$p" SEOPIPE_REDIS_URL=redis://:6379/0
refuses "bad SEOPIPE_REDIS_TIMEOUT_MS exits 2 naming it" SEOPIPE_REDIS_TIMEOUT_MS \
  "SEOPIPE_LISTEN=127.0.0.1:$p" SEOPIPE_REDIS_TIMEOUT_MS=5
printf 'redis:\n  url: redis://127.0.0.1:6379/0\n  pool: 4\n' >"$tmp/unknown-redis.yaml"
refuses "an unknown redis setting in the file exits 2 naming it" 'redis\.pool' \
  "SEOPIPE_LISTEN=127.0.0.1:$p" -- --config "$tmp/unknown-redis.yaml"

# =================================================================================================
# Instance "auth": API keys k1,k2 (every scope) and kr, kw, ka scoped read, write and admin, on
# every interface (allowed because keys are configured).
p2=$(free_port 0.0.0.0)
start auth "SEOPIPE_LISTEN=0.0.0.0:$p2" SEOPIPE_THREADS=2 \
  "SEOPIPE_API_KEYS=k1,k2, kr:read,kw:write,ka:admin"
ready auth "$p2" && up=1 || up=0
verdict "with API keys, the server starts on 0.0.0.0"
if ((up)); then
  unauthorized() { # unauthorized NAME [CURL_ARGS...]
    local name=$1
    shift
    req "$name" POST /v1/seo "$p2" text/plain "$seed" "$@"
    want_status 401
    [[ $(hdr WWW-Authenticate) =~ ^[Bb]earer ]] || e "WWW-Authenticate \"$(hdr WWW-Authenticate)\", expected Bearer"
    want_problem 401 unauthorized
    want_request_id
  }
  unauthorized auth-none
  verdict "keys configured, no Authorization: 401 with WWW-Authenticate: Bearer"
  unauthorized auth-wrong -H "Authorization: Bearer nope"
  verdict "wrong key: 401"
  unauthorized auth-prefix -H "Authorization: Bearer k"
  verdict "a prefix of a key: 401"
  unauthorized auth-list -H "Authorization: Bearer k1,k2"
  verdict "the whole key list as the key: 401"
  unauthorized auth-basic -H "Authorization: Basic azE6"
  verdict "Basic credentials: 401"
  for key in k2 k1; do
    req "auth-$key" POST /v1/seo "$p2" text/plain "$seed" -H "Authorization: Bearer $key"
    want_status 200
    want_package text "$seed"
    verdict "key $key: 200"
  done
  # Scopes. This instance has no Redis: a request its key's scope lets through reaches the
  # store and gets 503 (or, for /v1/seo, its package).
  scoped() { # scoped KEY METHOD PATH WANT [CTYPE BODY]
    req "scope-$1-$2" "$2" "$3" "$p2" "${5:-}" "${6:-}" -H "Authorization: Bearer $1"
    want_status "$4"
    if [ "$4" = 403 ]; then
      want_problem 403 forbidden
      want_request_id
      [ -z "$(hdr WWW-Authenticate)" ] || e "a 403 with WWW-Authenticate"
    fi
  }
  scoped kr GET /v1/drafts/abc 503
  scoped kr PUT /v1/drafts/abc 403 text/plain "$seed"
  grep -q 'this API key has the scope read; PUT /v1/drafts/{id} needs write' "$rd/body" ||
    e "the 403 does not say which scope is needed: $(snippet)"
  scoped kr DELETE /v1/drafts/abc 403
  scoped kr POST /v1/seo 403 text/plain "$seed"
  scoped kr POST /v1/drafts/abc/publish 403
  scoped kr POST /v1/ingest/generic 403 application/json "$seed"
  scoped kr GET /v1/webhooks 403
  scoped kr GET /v1/deliveries 403
  verdict "a read key: GET and HEAD of drafts only; 403 forbidden for writes, webhooks and deliveries"
  scoped kw POST /v1/seo 200 text/plain "$seed"
  scoped kw PUT /v1/drafts/abc 503 text/plain "$seed"
  scoped kw GET /v1/drafts/abc 503
  scoped kw POST /v1/drafts/abc/publish 503
  scoped kw GET /v1/webhooks 403
  scoped kw POST /v1/webhooks 403 application/json "$seed"
  scoped kw GET /v1/deliveries/msg_x 403
  scoped kw POST /v1/webhooks/wh_x/rotate-secret 403
  verdict "a write key: drafts, /v1/seo and publish; 403 for webhook endpoints and deliveries"
  scoped ka GET /v1/webhooks 503
  scoped ka GET /v1/deliveries 503
  scoped ka POST /v1/seo 200 text/plain "$seed"
  scoped ka DELETE /v1/drafts/abc 503
  scoped k1 GET /v1/webhooks 503
  verdict "an admin key, and a key without a scope, may do everything"
  unauthorized auth-with-scope -H "Authorization: Bearer kr:read"
  verdict "the scope is not part of the key: 401"

  req auth-healthz GET /healthz "$p2" "" ""
  want_status 200
  verdict "keys configured, /healthz public"
  req auth-openapi GET /openapi.yaml "$p2" "" ""
  want_status 200
  cmp -s "$rd/body" "$spec" || e "body is not openapi.yaml"
  verdict "keys configured, /openapi.yaml public"

  stop auth INT
  [ "$stop_rc" = 0 ] || e "after SIGINT: exit $stop_rc, expected 0 within 5 s"
  verdict "SIGINT stops the server with exit 0"
fi
refuses "an API key with an unknown scope exits 2 naming SEOPIPE_API_KEYS" \
  'SEOPIPE_API_KEYS\): entry 2 is not key, key:read' "SEOPIPE_LISTEN=127.0.0.1:$(free_port)" \
  SEOPIPE_THREADS=2 "SEOPIPE_API_KEYS=k1,secretvalue:owner"
grep -q secretvalue "$tmp/an API key with an unknown scope exits 2 naming SEOPIPE_API_KEYS.log" &&
  { e "the refusal quotes the key"; verdict "the refusal of a bad scope does not quote the key"; }

# =================================================================================================
# Instance "limits": a config file whose settings the environment overrides.
p3=$(free_port)
p3_file=$(free_port)
cat >"$tmp/limits.yaml" <<EOF
limits:
  max_body_bytes: 4096
server:
  listen: 127.0.0.1:$p3_file
  timeout_seconds: 30
EOF
start limits "SEOPIPE_LISTEN=127.0.0.1:$p3" SEOPIPE_THREADS=2 SEOPIPE_MAX_BODY_BYTES=2048 \
  SEOPIPE_TIMEOUT_SECONDS=2 -- --config "$tmp/limits.yaml"
ready limits "$p3" && up=1 || up=0
code=$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://127.0.0.1:$p3_file/healthz")
[ "$code" = 000 ] || e "the file's server.listen port $p3_file answers too ($code)"
verdict "SEOPIPE_LISTEN overrides server.listen of --config FILE"
if ((up)); then
  # A request may hold 4 x max_body_bytes (a JSON draft's escapes and other fields); the draft's
  # body as decoded max_body_bytes.
  req too-large POST /v1/seo "$p3" text/plain "$tmp/9000.txt"
  want_status 413
  want_problem 413 body-too-large
  want_request_id
  grep -q '9000 bytes; the limit is 8192' "$rd/body" || e "detail does not give both sizes: $(snippet)"
  verdict "9000-byte request over 4 x SEOPIPE_MAX_BODY_BYTES=2048 (file says 4096): 413 problem from the head"
  req body-over POST /v1/seo "$p3" text/plain "$tmp/4096.txt"
  want_status 413
  want_problem 413 limit-exceeded
  grep -q 'limits.max_body_bytes' "$rd/body" || e "detail does not name the limit: $(snippet)"
  verdict "4096-byte article over SEOPIPE_MAX_BODY_BYTES=2048: 413 limit-exceeded"

  # The refused body is dropped and the connection stays usable: the request after it is answered.
  printf 'GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n' >"$tmp/next.http"
  { printf 'POST /v1/seo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 9000\r\n\r\n'
    cat "$tmp/9000.txt"; } | raw "$p3" --then "$tmp/next.http"
  [ "$(rq statuses)" = "[413, 200]" ] || e "statuses $(rq statuses), expected [413, 200]: $(cat "$tmp/raw.json")"
  verdict "after a 413 the same connection answers the next request"

  # Request smuggling shapes: 400 and the connection closed. libevent refuses Content-Length with
  # Transfer-Encoding by itself (an HTML 400); seopipe refuses the others (a bad-framing problem).
  smuggle() { # smuggle NAME HEADERS BODY [libevent]
    printf 'POST /v1/seo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n%b\r\n%b' "$2" "$3" |
      raw "$p3" --then "$tmp/next.http"
    [ "$(rq statuses)" = "[400]" ] || e "statuses $(rq statuses), expected only [400]: $(cat "$tmp/raw.json")"
    [ "${4:-}" = libevent ] || [ "$(rq types)" = '["bad-framing"]' ] ||
      e "problem types $(rq types), expected [\"bad-framing\"]"
    [ "$(rq closed)" = True ] || e "the connection stayed open"
    verdict "$1: 400 bad-framing, connection closed, nothing more answered on it"
  }
  smuggle "Content-Length with Transfer-Encoding: chunked" 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n' '0\r\n\r\n' libevent
  smuggle "two Content-Length headers" 'Content-Length: 5\r\nContent-Length: 5\r\n' 'hello'
  smuggle "two different Content-Length headers" 'Content-Length: 5\r\nContent-Length: 40\r\n' 'hello'
  smuggle "Transfer-Encoding: gzip, chunked" 'Transfer-Encoding: gzip, chunked\r\n' '0\r\n\r\n'

  # Headers: 15,000 bytes are read; 20,000 (over the 16 KiB limit) are refused and the
  # connection closed.
  python3 -c 'import sys; sys.stdout.buffer.write(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\nX-Big: " + b"a" * int(sys.argv[1]) + b"\r\n\r\n")' 15000 |
    raw "$p3"
  [ "$(rq statuses)" = "[200]" ] || e "15,000 bytes of headers: $(cat "$tmp/raw.json")"
  python3 -c 'import sys; sys.stdout.buffer.write(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * int(sys.argv[1]) + b"\r\n\r\n")' 20000 |
    raw "$p3"
  [ "$(rq statuses)" = "[400]" ] && [ "$(rq closed)" = True ] ||
    e "20,000 bytes of headers: $(cat "$tmp/raw.json"), expected [400] and a close"
  verdict "headers: 15,000 bytes read; over 16 KiB refused with 400 and the connection closed"

  # A chunked body is read (and its response closes the connection); one past the limit is cut
  # off by libevent with its own 413.
  printf 'POST /v1/seo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n' \
    "$(wc -c <"$tmp/small.txt")" "$(cat "$tmp/small.txt")" | raw "$p3"
  [ "$(rq statuses)" = "[200]" ] && [ "$(rq closed)" = True ] || e "chunked draft: $(cat "$tmp/raw.json"), expected [200] and a close"
  { printf 'POST /v1/seo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n2328\r\n'
    cat "$tmp/9000.txt"
    printf '\r\n0\r\n\r\n'; } | raw "$p3"
  [ "$(rq statuses)" = "[413]" ] || e "9000-byte chunked body: $(cat "$tmp/raw.json"), expected [413]"
  verdict "chunked bodies: under the limit 200 then close; over it 413"

  # Slowloris: a head dripped one byte every 0.25 s restarts evhttp's 2 s timeout with every
  # byte; the guard's per-request deadline (2 s) cuts it off all the same.
  printf 'GET /healthz HTTP/1.1\r\nHost: t\r\nX-Drip: %s\r\n\r\n' "$(printf 'd%.0s' {1..60})" |
    raw "$p3" --drip 0.25 --wait 6
  secs=$(rq seconds)
  [ "$(rq statuses)" = "[]" ] || e "the dripped request was answered: $(cat "$tmp/raw.json")"
  python3 -c "import sys; sys.exit(0 if 1.5 <= float(sys.argv[1]) <= 4.5 else 1)" "$secs" ||
    e "cut off after $secs s, expected 2 to 4.5 s (the whole head would take 22 s): $(cat "$tmp/raw.json")"
  verdict "slowloris: a head dripped byte by byte is cut off at the 2 s request deadline"

  # The same for a body dripped after a complete head.
  head='POST /v1/seo HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n'
  { printf "$head"; printf 'b%.0s' {1..100}; } |
    raw "$p3" --drip 0.05 --drip-from "$(printf "$head" | wc -c)" --wait 6
  secs=$(rq seconds)
  python3 -c "import sys; sys.exit(0 if 1.5 <= float(sys.argv[1]) <= 4.5 else 1)" "$secs" &&
    [ "$(rq statuses)" = "[]" ] || e "dripped body: $(cat "$tmp/raw.json"), expected a cut-off after 2 to 4.5 s"
  verdict "slow body: a body dripped byte by byte is cut off at the request deadline"

  req under-limit POST /v1/seo "$p3" text/plain "$tmp/small.txt"
  want_status 200
  want_ctype application/json
  verdict "$(wc -c <"$tmp/small.txt")-byte body under the limit: 200"

  # SEOPIPE_TIMEOUT_SECONDS=2 (the file says 30): a request that stops half-way is dropped.
  out=$(python3 - "$p3" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"POST /v1/seo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
          b"Content-Length: 100\r\n\r\nabc")
start = time.monotonic()
s.settimeout(8)
try:
    while s.recv(4096):
        pass
except socket.timeout:
    print("connection still open 8 s after the client stopped sending")
    sys.exit()
except OSError:
    pass
took = time.monotonic() - start
if not 1.0 <= took <= 6.0:
    print(f"connection closed after {took:.1f} s, expected about 2 s")
PY
)
  [ -z "$out" ] || e "$out"
  verdict "SEOPIPE_TIMEOUT_SECONDS=2 drops a stalled request after about 2 s"

  req limits-healthz GET /healthz "$p3" "" ""
  want_status 200
  verdict "the server still answers after 413 and a timeout"
fi

# =================================================================================================
# Instance "cap": settings from the server: block of --config FILE; one worker, one request in flight.
p4=$(free_port)
cat >"$tmp/cap.yaml" <<EOF
server:
  listen: 127.0.0.1:$p4
  threads: 1
  max_inflight: 1
EOF
start cap -- --config "$tmp/cap.yaml"
ready cap "$p4" && up=1 || up=0
verdict "server.listen, threads and max_inflight from --config FILE (it starts)"
if ((up)); then
  # One slow upload (3000 bytes at 1000 bytes/s) is in flight for 3 s; half a second into it,
  # 12 requests arrive together, each on its own connection. Whether the worker counts requests
  # from their first byte or only once read, the one slot is taken: some must get 503 with
  # Retry-After.
  req_bg cap-slow POST /v1/seo "$p4" text/plain "$tmp/slow.txt" --limit-rate 1000 -H "Expect:"
  slow_dir=$rd
  sleep 0.5
  par_dirs=()
  for ((i = 1; i <= 12; i++)); do
    par_add "cap-burst-$i" POST /v1/seo "$p4" text/plain "$seed" -H "Expect:"
  done
  par_run
  for p in "${bg[@]}"; do wait "$p"; done
  bg=()
  n503=0 others=""
  for d in "${par_dirs[@]}" "$slow_dir"; do
    collect_in "$d"
    case $st in
    200) ;;
    503)
      n503=$((n503 + 1))
      [[ $(hdr Retry-After) =~ ^[0-9]+$ ]] || e "$(basename "$d"): 503 without a Retry-After of seconds (\"$(hdr Retry-After)\")"
      want_problem 503 overloaded
      want_request_id
      ;;
    *) others+=" $(basename "$d"):$st" ;;
    esac
  done
  ((n503 > 0)) || e "no 503 among 12 concurrent requests while another was in flight (threads 1, max_inflight 1)"
  [ -z "$others" ] || e "statuses other than 200 and 503:$others"
  verdict "over server.max_inflight: 503 with Retry-After"

  req cap-after POST /v1/seo "$p4" text/plain "$seed"
  want_status 200
  verdict "after the burst, the in-flight slot is free again: 200"
fi

# =================================================================================================
# Instance "store": the package cache and stored drafts in a redis-server of its own (AOF on),
# which is then frozen, killed and restarted under the running server. One worker, so /readyz
# speaks for the only Redis connection; a 200 ms Redis deadline.
rport=$(free_port)
p5=$(free_port)
python3 - "$knee" "$tmp" <<'PY'
import json, sys
body = open(sys.argv[1], encoding="utf-8").read()
out = sys.argv[2]
def write(name, **draft):
    with open(f"{out}/{name}", "w", encoding="utf-8") as f:
        json.dump(draft, f)
write("draft1.json", title="Knee Strengthening Exercises", body=body, format="markdown")
write("draft2.json", title="Knee Strengthening Exercises", format="markdown",
      body=body + "\n\nStretch your calves after every session, too.\n")
write("draft-other-id.json", id="another-draft", title="Knee Strengthening Exercises", body=body)
write("draft-same-id.json", id="knee-same", title="Knee Strengthening Exercises", body=body,
      format="markdown")
PY
redis_start store "$rport"
start store "SEOPIPE_LISTEN=127.0.0.1:$p5" SEOPIPE_THREADS=1 \
  "SEOPIPE_REDIS_URL=redis://127.0.0.1:$rport/3" SEOPIPE_REDIS_TIMEOUT_MS=200 \
  SEOPIPE_CACHE_TTL_SECONDS=60
ready store "$p5" && up=1 || up=0
verdict "store: the server starts with its own Redis"
if ((up)); then
  wait_status "$p5" /readyz 200 5 || e "GET /readyz did not answer 200 within 5 s"
  req readyz GET /readyz "$p5" "" ""
  want_status 200
  want_ctype text/plain
  verdict "GET /readyz: 200 while Redis is up"

  # ---- the package cache ----
  req cache-miss POST /v1/seo "$p5" text/plain "$seed"
  want_status 200
  want_header X-Cache miss
  want_package text "$seed"
  miss_body=$rd/body
  req cache-hit POST /v1/seo "$p5" text/plain "$seed"
  want_status 200
  want_header X-Cache hit
  cmp -s "$rd/body" "$miss_body" || e "the cached package differs from the one built on the miss"
  verdict "POST /v1/seo: miss, then hit with the same bytes"

  hash=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["content_hash"][7:])' "$miss_body")
  ttl=$(redis-cli -p "$rport" -n 3 ttl "seopipe:pkg:$hash")
  [[ $ttl =~ ^[0-9]+$ ]] && ((ttl > 0 && ttl <= 60)) ||
    e "TTL of seopipe:pkg:$hash is \"$ttl\", expected 1..60 (SEOPIPE_CACHE_TTL_SECONDS=60)"
  verdict "the package is cached under seopipe:pkg:<content hash> with the configured TTL"

  req cache-refused POST /v1/seo "$p5" text/plain "$seed" -H "Cache-Control: no-cache"
  want_status 200
  want_header X-Cache bypass
  cmp -s "$rd/body" "$miss_body" || e "the package built with no-cache differs"
  verdict "Cache-Control: no-cache builds the package anew: bypass"

  # ---- drafts ----
  req put-1 PUT /v1/drafts/knee-1 "$p5" application/json "$tmp/draft1.json"
  want_status 200
  want_package json "$tmp/draft1.json"
  want_header X-Draft-Revision 1
  etag1=$(hdr ETag)
  [[ $etag1 =~ ^\"[0-9a-f]{64}\"$ ]] || e "ETag \"$etag1\" is not a quoted SHA-256"
  put1_body=$rd/body
  verdict "PUT /v1/drafts/knee-1: 200, the package, ETag, revision 1"

  req put-1-again PUT /v1/drafts/knee-1 "$p5" application/json "$tmp/draft1.json"
  want_status 200
  want_header X-Draft-Revision 1
  want_header ETag "$etag1"
  verdict "PUT of the same draft again: revision stays 1, same ETag"
  req put-same-id PUT /v1/drafts/knee-same "$p5" application/json "$tmp/draft-same-id.json"
  want_status 200
  want_header X-Draft-Revision 1
  verdict "PUT with the path's id also in the JSON draft: 200"

  req get-1 GET /v1/drafts/knee-1 "$p5" "" ""
  want_status 200
  want_ctype application/json
  want_header ETag "$etag1"
  want_header X-Draft-Revision 1
  cmp -s "$rd/body" "$put1_body" || e "GET returns other bytes than the PUT answered"
  verdict "GET /v1/drafts/knee-1: the stored package and its ETag"

  req get-304 GET /v1/drafts/knee-1 "$p5" "" "" -H "If-None-Match: $etag1"
  want_status 304
  want_header ETag "$etag1"
  [ ! -s "$rd/body" ] || e "304 with a body"
  req get-304-list GET /v1/drafts/knee-1 "$p5" "" "" -H "If-None-Match: \"0000\", W/$etag1"
  want_status 304
  req get-304-star GET /v1/drafts/knee-1 "$p5" "" "" -H "If-None-Match: *"
  want_status 304
  req get-stale GET /v1/drafts/knee-1 "$p5" "" "" -H "If-None-Match: \"0000\""
  want_status 200
  verdict "If-None-Match: 304 for the current tag (alone, in a list, weak, *), 200 for another"

  req head-1 HEAD /v1/drafts/knee-1 "$p5" "" "" -I
  : >"$rd/body" # (curl -I writes the head to the body file too; a HEAD answer has no body)
  want_status 200
  want_header ETag "$etag1"
  verdict "HEAD /v1/drafts/knee-1: 200 with the ETag"

  # HEAD answers carry no body, problems included: on one kept-alive connection the next
  # answer must start right after each head.
  python3 - "$p5" <<'PY' || e "a HEAD answer carried a body"
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
for path in ("/v1/drafts/knee-1", "/v1/drafts/no-such-draft", "/v1/drafts/..", "/healthz"):
    s.sendall(f"HEAD {path} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(4096)
    time.sleep(0.2)
    s.setblocking(False)
    try:
        extra = s.recv(4096)
    except BlockingIOError:
        extra = b""
    s.setblocking(True)
    rest = data.split(b"\r\n\r\n", 1)[1] + extra
    if rest or b"Content-Length:" not in data:
        print(f"HEAD {path}: {data!r} then {rest!r}", file=sys.stderr)
        sys.exit(1)
PY
  verdict "HEAD answers (200, 404 and 400 problems) carry Content-Length and no body"

  req put-2 PUT /v1/drafts/knee-1 "$p5" application/json "$tmp/draft2.json"
  want_status 200
  want_header X-Draft-Revision 2
  etag2=$(hdr ETag)
  [ "$etag2" != "$etag1" ] || e "the ETag did not change with the content"
  verdict "PUT of a changed draft: revision 2, a new ETag"

  # Another instance stores a new revision (simulated in Redis itself): this worker's copy of the
  # package must not be served; the next GET has the other content and its ETag.
  req get-2 GET /v1/drafts/knee-1 "$p5" "" ""
  want_header ETag "$etag2"
  redis-cli -p "$rport" -n 3 copy seopipe:draft:knee-same seopipe:draft:knee-1 replace >/dev/null
  req get-changed-elsewhere GET /v1/drafts/knee-1 "$p5" "" ""
  want_status 200
  etag_same=$(curl -s -o /dev/null -D - "http://127.0.0.1:$p5/v1/drafts/knee-same" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" { print $2 }')
  want_header ETag "$etag_same"
  [ "$etag_same" != "$etag2" ] || e "the two drafts have the same ETag"
  verdict "a draft changed by another instance: GET serves Redis's revision, not the worker's copy"
  req put-2-again PUT /v1/drafts/knee-1 "$p5" application/json "$tmp/draft2.json"
  want_status 200
  want_header ETag "$etag2"

  req put-mismatch PUT /v1/drafts/knee-1 "$p5" application/json "$tmp/draft-other-id.json"
  want_status 422
  want_problem 422 id-mismatch pointer='"/id"'
  req put-bad-json PUT /v1/drafts/knee-1 "$p5" application/json "$fixtures/bad-json.json"
  want_status 400
  want_problem 400 invalid-json
  req put-empty PUT /v1/drafts/knee-1 "$p5" text/plain "$tmp/empty"
  want_status 422
  req put-xml PUT /v1/drafts/knee-1 "$p5" application/xml "$tmp/small.txt"
  want_status 415
  req get-after-failures GET /v1/drafts/knee-1 "$p5" "" ""
  want_status 200
  want_header ETag "$etag2"
  want_header X-Draft-Revision 2
  req put-new-bad PUT /v1/drafts/new-1 "$p5" application/json "$fixtures/bad-json.json"
  req get-new GET /v1/drafts/new-1 "$p5" "" ""
  want_status 404
  want_problem 404 draft-not-found
  verdict "failed PUTs (422 id mismatch, 400, 422, 415) store nothing: revision 2 stays, new-1 is unknown"

  for bad in 'bad%20id' '..' "$(printf 'x%.0s' {1..129})" 'a%2F..%2Fb'; do
    req "bad-id" GET "/v1/drafts/$bad" "$p5" "" "" --path-as-is
    want_status 400
    want_problem 400 invalid-draft-id
  done
  req drafts-nested GET /v1/drafts/a/b "$p5" "" ""
  want_status 404
  req drafts-post POST /v1/drafts/knee-1 "$p5" application/json "$tmp/draft1.json"
  want_status 405
  want_header Allow "GET, HEAD, PUT, DELETE"
  verdict "draft ids: 400 for spaces, .., 129 characters, encoded slashes; 404 nested; 405 POST"

  req delete-1 DELETE /v1/drafts/knee-1 "$p5" "" ""
  want_status 204
  req get-deleted GET /v1/drafts/knee-1 "$p5" "" ""
  want_status 404
  req delete-again DELETE /v1/drafts/knee-1 "$p5" "" ""
  want_status 204
  verdict "DELETE: 204, then 404; deleting again is 204"

  # A draft hash holding only the published mark (what a publish racing a delete once left
  # behind) is deleted like any other, not answered 503 by a failing script.
  redis-cli -p "$rport" -n 3 hset seopipe:draft:half-1 published 1 >/dev/null
  req delete-half DELETE /v1/drafts/half-1 "$p5" "" ""
  want_status 204
  [ "$(redis-cli -p "$rport" -n 3 exists seopipe:draft:half-1)" = 0 ] || e "the half draft is left"
  verdict "DELETE of a draft hash that holds only the published mark: 204"

  req put-keep PUT /v1/drafts/keep-1 "$p5" application/json "$tmp/draft1.json"
  want_status 200

  # ---- Redis frozen (SIGSTOP): nothing waits longer than the 200 ms deadline ----
  kill -STOP "${rpid[store]}"
  req frozen-seo POST /v1/seo "$p5" text/markdown "$knee" -w '%{http_code} %{time_total}'
  read -r st took <"$rd/status"
  echo "$st" >"$rd/status"
  collect
  want_status 200
  want_header X-Cache bypass
  python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 1.0 else 1)" "$took" ||
    e "POST /v1/seo took $took s with Redis frozen, expected under 1 s (deadline 200 ms)"
  verdict "Redis frozen: POST /v1/seo still 200 (bypass) within 1 s"
  # That command missed its deadline and took the connection down: reads now fail fast.
  req frozen-get GET /v1/drafts/keep-1 "$p5" "" "" -w '%{http_code} %{time_total}'
  read -r st took <"$rd/status"
  echo "$st" >"$rd/status"
  collect
  want_status 503
  want_problem 503 store-unavailable
  [[ $(hdr Retry-After) =~ ^[0-9]+$ ]] || e "503 without Retry-After"
  python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 1.0 else 1)" "$took" ||
    e "GET took $took s with Redis frozen, expected under 1 s"
  wait_status "$p5" /readyz 503 3 || e "GET /readyz did not turn 503 within 3 s of Redis freezing"
  verdict "Redis frozen: drafts 503 store-unavailable with Retry-After within 1 s; /readyz 503"
  kill -CONT "${rpid[store]}"
  wait_status "$p5" /readyz 200 5 || e "GET /readyz did not return to 200 within 5 s of Redis thawing"
  verdict "Redis thawed: /readyz 200 again within 5 s (took ${waited_ms} ms)"

  # ---- Redis killed, then restarted on the same port with its AOF ----
  redis_kill store
  wait_status "$p5" /readyz 503 3 || e "GET /readyz did not turn 503 within 3 s of Redis dying"
  req down-readyz GET /readyz "$p5" "" ""
  want_status 503
  want_problem 503 not-ready
  grep -q 'Redis' "$rd/body" || e "the reason does not mention Redis: $(snippet)"
  req down-seo POST /v1/seo "$p5" text/plain "$seed"
  want_status 200
  want_header X-Cache bypass
  cmp -s "$rd/body" "$miss_body" || e "the package built without Redis differs"
  req down-put PUT /v1/drafts/down-1 "$p5" application/json "$tmp/draft1.json"
  want_status 503
  want_problem 503 store-unavailable
  req down-get GET /v1/drafts/keep-1 "$p5" "" ""
  want_status 503
  req down-delete DELETE /v1/drafts/keep-1 "$p5" "" ""
  want_status 503
  verdict "Redis killed: /readyz 503 with the reason; POST /v1/seo 200 bypass; drafts 503"

  redis_start store "$rport"
  wait_status "$p5" /readyz 200 5 || e "GET /readyz did not return to 200 within 5 s of Redis restarting"
  verdict "Redis restarted: the server recovers without a restart (/readyz 200 after ${waited_ms} ms)"
  req after-get GET /v1/drafts/keep-1 "$p5" "" ""
  want_status 200
  want_header X-Draft-Revision 1
  req after-seo POST /v1/seo "$p5" text/plain "$seed"
  want_status 200
  want_header X-Cache hit
  req down-1-gone GET /v1/drafts/down-1 "$p5" "" ""
  want_status 404
  verdict "after the restart: the stored draft and the cached package are back (AOF); the failed PUT stored nothing"

  req store-metrics GET /metrics "$p5" "" ""
  python3 - "$rd/body" 2>"$tmp/store-metrics.err" <<'PY' || e "$(cat "$tmp/store-metrics.err")"
import re, sys
text = open(sys.argv[1]).read()
def value(name):
    m = re.search("^" + re.escape(name) + r" (\S+)$", text, re.M)
    return float(m.group(1)) if m else None
want = {'seopipe_cache_requests_total{result="hit"}': 2, 'seopipe_cache_requests_total{result="miss"}': 1,
        'seopipe_cache_requests_total{result="bypass"}': 3, 'seopipe_redis_timeouts_total': 1,
        'seopipe_redis_connects_total': 3, 'seopipe_redis_drops_total': 2,
        'seopipe_redis_connections{state="up"}': 1}
bad = [f"{k} = {value(k)}, expected >= {v}" for k, v in want.items() if (value(k) or 0) < v]
print("; ".join(bad), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
  verdict "GET /metrics: cache hits, misses and bypasses; Redis timeouts, connects, drops and state"

  # ---- SIGTERM while requests wait on a frozen Redis: every one is answered, exit 0 ----
  kill -STOP "${rpid[store]}"
  for ((i = 1; i <= 3; i++)); do
    req_bg "drain-$i" GET /v1/drafts/keep-1 "$p5" "" ""
  done
  sleep 0.05
  stop store TERM
  [ "$stop_rc" = 0 ] || e "after SIGTERM: exit $stop_rc, expected 0 within 5 s; log: $(log_tail store)"
  for p in "${bg[@]}"; do wait "$p"; done
  bg=()
  for ((i = 3; i >= 1; i--)); do
    collect_in "$(printf '%s/%03d-drain-%d' "$resp" $((nreq - 3 + i)) "$i")"
    [ "$st" = 200 ] || [ "$st" = 503 ] || e "drain-$i: status $st, expected an answer (200 or 503)"
  done
  kill -CONT "${rpid[store]}"
  verdict "SIGTERM with requests waiting on Redis: each is answered, exit 0"
  redis_kill store
fi

# =================================================================================================
# Shutdown of the main instance, then its whole log.
stop main TERM
[ "$stop_rc" = 0 ] || e "after SIGTERM: exit $stop_rc, expected 0 within 5 s; log: $(log_tail main)"
verdict "SIGTERM stops the server with exit 0"

out=$(python3 - "$tmp/main.log" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
if not lines:
    print("the log is empty")
for n, line in enumerate(lines, 1):
    try:
        ok = isinstance(json.loads(line), dict)
    except ValueError:
        ok = False
    if not ok:
        print(f"line {n} is not a JSON object: {line[:160]}")
        break
PY
)
[ -z "$out" ] || e "$out"
verdict "every log line on stderr is a JSON object"

# =================================================================================================
# Every response saved above against openapi.yaml: one check per response.
out=$(python3 "$here/check_openapi.py" "$spec" "$resp" 2>&1)
summary=$(printf '%s\n' "$out" | tail -n 1)
if [[ $summary =~ ^openapi:\ ([0-9]+)\ checked,\ ([0-9]+)\ do\ not\ match$ ]] && ((BASH_REMATCH[1] > 0)); then
  printf '%s\n' "$out" | grep '^FAIL'
  pass=$((pass + BASH_REMATCH[1] - BASH_REMATCH[2]))
  fail=$((fail + BASH_REMATCH[2]))
else
  echo "FAIL responses against openapi.yaml: check_openapi.py said: $(printf '%s' "$out" | tail -c 300 | tr '\n' ' ')"
  fail=$((fail + 1))
fi

if ((fail)); then
  echo "$pass passed, $fail failed (responses and server logs kept in $tmp)"
  exit 1
fi
echo "$pass passed, $fail failed${keep:+ (responses and server logs kept in $tmp)}"
