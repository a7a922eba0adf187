#!/usr/bin/env bash
# Installs the official Standard Webhooks verifier, the npm package `standardwebhooks`, into
# DIR/node_modules (a build-local folder such as build-asan/webhooks) unless it is already there,
# and prints DIR (absolute). tests/webhooks/receiver.mjs loads it with `--modules DIR`.
#
# usage: fetch-standardwebhooks.sh DIR
#
# The version is pinned (SEOPIPE_STANDARDWEBHOOKS_VERSION overrides; 1.1.1 is the one
# /work/shared/reference/webhooks.md was checked against). When DIR already holds that version
# with its two dependencies (@stablelib/base64, fast-sha256) loadable, npm is not run at all, so a
# second call works offline. One install at a time per DIR (flock), as ctest runs tests in
# parallel. npm's own output goes to stderr; stdout is only the path.
set -euo pipefail

if [[ $# -ne 1 || -z $1 ]]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
mkdir -p "$1"
dir=$(realpath "$1")
version=${SEOPIPE_STANDARDWEBHOOKS_VERSION:-1.1.1}

command -v node >/dev/null || { echo "fetch-standardwebhooks: node not found (Node.js 20)" >&2; exit 1; }

# Prints the installed version when DIR's standardwebhooks loads (with its dependencies) and
# signs; nothing otherwise.
installed() {
    (cd "$dir" && node -e '
const { createRequire } = require("node:module");
const req = createRequire(process.cwd() + "/noop.js");
try {
  const { Webhook } = req("standardwebhooks");
  new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").sign("msg_x", new Date(0), "{}");
  console.log(req("standardwebhooks/package.json").version);
} catch (e) {}' 2>/dev/null) || true
}

exec 9>"$dir/.lock"
flock 9

if [[ $(installed) != "$version" ]]; then
    if ! command -v npm >/dev/null; then
        echo "fetch-standardwebhooks: npm not found (apt-get install npm, or use Node.js's)" >&2
        exit 1
    fi
    if ! npm install --no-audit --no-fund --prefix "$dir" "standardwebhooks@$version" >&2; then
        echo "fetch-standardwebhooks: npm install standardwebhooks@$version into $dir failed" >&2
        exit 1
    fi
    got=$(installed)
    if [[ $got != "$version" ]]; then
        echo "fetch-standardwebhooks: after npm install, $dir has standardwebhooks '${got:-none}', not $version" >&2
        exit 1
    fi
fi
echo "$dir"
