# The check helpers of the shell tests (tests/http, tests/webhooks, tests/sources): source it,
# then `e MESSAGE` records a fault of the current check and `verdict NAME` counts the check
# (pass/fail), printing "FAIL NAME: faults" on failure. The script keeps `pass` and `fail`.
pass=${pass:-0}
fail=${fail:-0}
errs=()
e() { errs+=("$*"); }
verdict() {
  if ((${#errs[@]})); then
    local msg=${errs[0]} i
    for ((i = 1; i < ${#errs[@]}; i++)); do msg+="; ${errs[$i]}"; done
    echo "FAIL $1: $msg"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
  errs=()
}

# free_port [ADDRESS]: a port the kernel just handed out on ADDRESS (default 127.0.0.1).
free_port() {
  python3 -c 'import socket, sys
s = socket.socket()
s.bind((sys.argv[1], 0))
print(s.getsockname()[1])' "${1:-127.0.0.1}"
}
