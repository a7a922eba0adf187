#!/usr/bin/env bash
# Tests the vocabulary check itself on hand-written packages: samples/good.json (a
# Yoast-shaped graph) must pass, and samples/bad.json must fail with exactly the
# errors in samples/bad.expected (an unknown type, a property on the wrong type, an
# empty string, a dangling @id reference) and nothing else.
#
# usage: samples.sh VOCAB_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ $# -ne 1 ]]; then
    echo "usage: $0 VOCAB_DIR" >&2
    exit 2
fi
vocab=$("$here/fetch-vocabulary.sh" "$1")
check=("python3" "$here/check_vocabulary.py" "$vocab")
status=0

if ! good=$("${check[@]}" "$here/samples/good.json"); then
    printf '%s\n' "$good"
    echo "FAIL: samples/good.json should pass the vocabulary check" >&2
    status=1
fi

rc=0
bad=$("${check[@]}" "$here/samples/bad.json") || rc=$?
if ((rc != 1)); then
    printf '%s\n' "$bad"
    echo "FAIL: samples/bad.json should fail with exit status 1, got $rc" >&2
    status=1
fi
if ! diff -u "$here/samples/bad.expected" <(printf '%s\n' "$bad" | grep -v '^vocabulary: '); then
    echo "FAIL: samples/bad.json errors differ from samples/bad.expected" >&2
    status=1
fi

if ((status == 0)); then
    echo "vocabulary samples: 2 passed, 0 failed"
fi
exit $status
