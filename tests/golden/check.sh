#!/usr/bin/env bash
# Golden test: `seopipe generate FIXTURE` must print exactly tests/golden/<fixture>.json.
# usage: check.sh SEOPIPE FIXTURE          compare (exit 1 and show a diff on mismatch)
#        check.sh --update SEOPIPE FIXTURE...  rewrite the golden files (review the diff!)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
update=0
if [ "${1:-}" = "--update" ]; then
  update=1
  shift
fi
bin=$(realpath "$1")
shift
status=0
for fixture in "$@"; do
  fixture=$(realpath "$fixture")
  golden="$here/$(basename "$fixture").json"
  # Run from an empty directory so no config/seopipe.yaml changes the limits.
  actual=$(cd / && env -u SEOPIPE_CONFIG "$bin" generate "$fixture")
  if [ "$update" = 1 ]; then
    printf '%s\n' "$actual" > "$golden"
    echo "updated $golden"
  elif ! diff -u "$golden" <(printf '%s\n' "$actual"); then
    echo "golden mismatch for $(basename "$fixture") (tests/golden/check.sh --update to accept)" >&2
    status=1
  fi
done
exit $status
