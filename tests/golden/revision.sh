#!/usr/bin/env bash
# The generator's output revision (SEO_OUTPUT_REVISION, service/core/seopipe.h) must change
# whenever the golden outputs do: it is part of every content hash, so caches shared by
# instances of different builds never mix their packages.
#
# usage: revision.sh SEOPIPE            check: tests/golden/REVISION names the binary's revision
#                                       and the digest of the golden files
#        revision.sh --record SEOPIPE   write tests/golden/REVISION (after raising the revision)
#
# The digest covers every tests/golden/*.json without its "content_hash" lines (they change
# with the revision itself).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
record=0
if [ "${1:-}" = "--record" ]; then
  record=1
  shift
fi
bin=$1
revision=$("$bin" --version | sed -n 's/.*(output revision \([0-9][0-9]*\)).*/\1/p')
[ -n "$revision" ] || { echo "revision.sh: $bin --version names no output revision" >&2; exit 1; }
digest=$(cd "$here" && for f in $(ls *.json | LC_ALL=C sort); do
  printf '%s\n' "$f"
  grep -v '"content_hash":' "$f"
done | sha256sum | cut -d' ' -f1)
if [ "$record" = 1 ]; then
  printf 'revision %s\ndigest %s\n' "$revision" "$digest" >"$here/REVISION"
  echo "recorded revision $revision, digest $digest"
  exit 0
fi
want_revision=$(sed -n 's/^revision //p' "$here/REVISION")
want_digest=$(sed -n 's/^digest //p' "$here/REVISION")
if [ "$digest" = "$want_digest" ] && [ "$revision" = "$want_revision" ]; then
  echo "output revision $revision matches the golden outputs"
  exit 0
fi
if [ "$digest" != "$want_digest" ] && [ "$revision" = "$want_revision" ]; then
  cat >&2 <<MSG
The golden outputs changed but the output revision is still $revision.
Raise SEO_OUTPUT_REVISION in service/core/seopipe.h to $((revision + 1)), rebuild, run
  tests/golden/check.sh --update $bin tests/fixtures/*   (the content hashes change)
  tests/golden/revision.sh --record $bin
and commit tests/golden/ with it.
MSG
  exit 1
fi
echo "output revision $revision, but tests/golden/REVISION records $want_revision for these outputs:" \
  "run tests/golden/revision.sh --record $bin after updating the goldens" >&2
exit 1
