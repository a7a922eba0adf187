#!/usr/bin/env bash
# The command line as users call it: `seopipe generate` exit codes, output and error lines.
# usage: test_cli.sh SEOPIPE FIXTURES_DIR
set -uo pipefail
bin=$1
fixtures=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
unset SEOPIPE_CONFIG SEOPIPE_MAX_BODY_BYTES SEOPIPE_MAX_FAQ_ENTRIES SEOPIPE_MAX_PARAGRAPHS SEOPIPE_MAX_DEPTH
pass=0
fail=0

# expect NAME WANT_EXIT STDERR_PATTERN -- COMMAND...: runs COMMAND, checks its exit code and that
# stderr is one line matching the pattern ("" = stderr must be empty).
expect() {
  local name=$1 want=$2 pattern=$3
  shift 4
  "$@" >out.json 2>err.txt
  local got=$?
  local lines
  lines=$(wc -l <err.txt)
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, expected $want; stderr: $(cat err.txt)"
    fail=$((fail + 1))
  elif [ -z "$pattern" ] && [ -s err.txt ]; then
    echo "FAIL $name: unexpected stderr: $(cat err.txt)"
    fail=$((fail + 1))
  elif [ -n "$pattern" ] && { [ "$lines" != 1 ] || ! grep -qE -- "$pattern" err.txt; }; then
    echo "FAIL $name: stderr does not match /$pattern/ in one line: $(cat err.txt)"
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

# json_field FILTER: prints a value from out.json (python3 is installed by scripts/install-deps).
json_field() {
  python3 -c "import json,sys; d=json.load(open('out.json')); print($1)"
}

expect "seed 000 from a file" 0 "" -- "$bin" generate "$fixtures/seed-000-sex-back-pain.txt"
[ "$(json_field "len(d['faq'])")" = 5 ] && pass=$((pass + 1)) || { echo "FAIL seed 000: FAQ count"; fail=$((fail + 1)); }

expect "seed 004 from stdin" 0 "" -- sh -c "\"$bin\" generate - < \"$fixtures/seed-004-care-instructions.txt\""
[ "$(json_field "d['faq'][0]['question']")" = "How can you care for yourself at home?" ] &&
  pass=$((pass + 1)) || { echo "FAIL seed 004 via stdin: first question"; fail=$((fail + 1)); }

expect "stdin without a dash" 0 "" -- sh -c "\"$bin\" generate < \"$fixtures/no-questions.txt\""

expect "forced format" 0 "" -- "$bin" generate --format text "$fixtures/markdown-knee-exercises.md"
[ "$(json_field "d['document']['format']")" = text ] && pass=$((pass + 1)) || { echo "FAIL forced format"; fail=$((fail + 1)); }

expect "malformed JSON names line and column" 2 "bad-json.json: .*line 4, column 22" -- \
  "$bin" generate "$fixtures/bad-json.json"
expect "wrong type names the field" 2 'field "tags" must be an array of strings.*\(field /tags\)' -- \
  "$bin" generate "$fixtures/wrong-type.json"

printf 'Title\n\nCaf\xc3 au lait.\n' >bad-utf8.txt
expect "invalid UTF-8 names the byte offset" 2 "not valid UTF-8 at byte offset 10" -- "$bin" generate bad-utf8.txt

printf '   \n\n' >empty.txt
expect "empty draft" 2 "no usable text" -- "$bin" generate empty.txt
expect "missing file" 2 "nope.txt: cannot open" -- "$bin" generate nope.txt
expect "unknown format" 2 'unknown --format "docx"' -- "$bin" generate --format docx x
expect "unknown option" 2 'unknown option "--frobnicate"' -- "$bin" generate --frobnicate
head -c 3000 /dev/zero | tr '\0' 'a' >big.txt
expect "size limit from the environment" 2 "larger than the limit of 2048 bytes" -- \
  env SEOPIPE_MAX_BODY_BYTES=2048 "$bin" generate big.txt
# The body limit is on the body as decoded: a 680,007-byte body is 1,088,057 bytes of JSON.
python3 -c 'import json; print(json.dumps({"title": "Quoted", "body": "<p>" + "\"Hi\"\n" * 136000 + "</p>", "format": "html"}))' >escaped.json
expect "escaped JSON body under the body limit" 0 "" -- "$bin" generate escaped.json
python3 -c 'import json; print(json.dumps({"title": "Long", "body": "a" * 1048577}))' >long-body.json
expect "decoded body over the limit names the field" 2 'field "body" is 1048577 bytes, larger than the limit of 1048576 bytes.*\(field /body\)' -- \
  "$bin" generate long-body.json
expect "bad environment value" 2 "SEOPIPE_MAX_DEPTH: limits.max_depth must be a whole number" -- \
  env SEOPIPE_MAX_DEPTH=deep "$bin" generate big.txt
printf 'limits:\n  max_depth: 32\n  max_widgets: 3\n' >bad.yaml
expect "unknown setting in a file" 2 'bad.yaml:3: unknown setting "limits.max_widgets"' -- \
  "$bin" generate --config bad.yaml big.txt
printf 'limits:\n  max_faq_entries: 1\n' >one.yaml
expect "limit from a file" 0 "" -- "$bin" generate --config one.yaml "$fixtures/seed-000-sex-back-pain.txt"
[ "$(json_field "len(d['faq'])")" = 1 ] && pass=$((pass + 1)) || { echo "FAIL faq limit from file"; fail=$((fail + 1)); }
[ "$(json_field "[w['code'] for w in d['warnings']].count('faq_truncated')")" = 1 ] &&
  pass=$((pass + 1)) || { echo "FAIL faq_truncated warning"; fail=$((fail + 1)); }
expect "version" 0 "" -- "$bin" --version
grep -qE "^seopipe [0-9.]+ \(output revision [0-9]+\)$" out.json && pass=$((pass + 1)) ||
  { echo "FAIL version line: $(cat out.json)"; fail=$((fail + 1)); }

# Sites from a configuration file (tests/config/sites.yaml): picked by the draft's `site`, the
# default_site otherwise, and an unknown one refused with the field named.
sites="$fixtures/../config/sites.yaml"
rose='"title":"Winter care for roses","body":"Roses need care in winter. Cover the roots with mulch before the frost.\n\nPrune roses in early spring, not in autumn.","url":"https://leafandroot.example/roses/winter-care"'
printf '{%s,"site":"garden"}' "$rose" >garden.json
expect "site picked by the draft" 0 "" -- "$bin" generate --config "$sites" garden.json
check_site() { # NAME PYTHON-EXPRESSION: one check on out.json (d), counted
  if [ "$(json_field "$2")" = True ]; then pass=$((pass + 1)); else
    echo "FAIL $1: $(json_field "$2" 2>&1 | tail -1)"; fail=$((fail + 1)); fi
}
graph="{n['@id'].split('#')[-1]: n for n in d['jsonld']['@graph']}"
check_site "garden: BlogPosting" "'BlogPosting' == d['article_schema']['@type']"
check_site "garden: default author" "any(n.get('@type') == 'Person' and n.get('name') == 'Leaf & Root editors' for n in d['jsonld']['@graph'])"
check_site "garden: og:site_name escaped" "'<meta property=\"og:site_name\" content=\"Leaf &amp; Root\">' in d['head_html']"
check_site "garden: not medical" "not any('MedicalWebPage' in str(n.get('@type')) for n in d['jsonld']['@graph'])"
printf '{%s}' "$rose" >default.json
expect "default site" 0 "" -- "$bin" generate --config "$sites" default.json
check_site "health: MedicalWebPage" "any('MedicalWebPage' in str(n.get('@type')) for n in d['jsonld']['@graph'])"
check_site "health: inLanguage en-GB" "d['article_schema'].get('inLanguage') == 'en-GB'"
check_site "health: publisher logo" "any(n.get('@type') == 'Organization' and 'logo-512.png' in str(n.get('logo')) for n in d['jsonld']['@graph'])"
printf '{%s,"site":"nope"}' "$rose" >nope.json
expect "unknown site" 2 'nope.json: site "nope" is not configured \(field /site\)' -- \
  "$bin" generate --config "$sites" nope.json
printf '{%s,"site":"garden"}' "$rose" >garden.json
expect "a site without a configuration file" 2 'site "garden" is not configured' -- "$bin" generate garden.json

# The slug: a draft url's own slug is kept (it is the page's address) and flagged when it breaks
# the rules; a title with nothing that can be written in ASCII gets no slug and says so.
long=$(printf 'word-%.0s' $(seq 19))word
printf '{"title":"Winter care for roses","body":"Roses need care in winter. Cover the roots with mulch.","url":"https://x.example/%s"}' "$long" >long.json
expect "a long url slug" 0 "" -- "$bin" generate long.json
check_site "url slug kept" "d['slug'] == '$long'"
check_site "url slug flagged with a suggestion" "any(w['code'] == 'url_slug_nonconforming' and 'is 99 characters, over 75' in w['message'] and 'winter-care-roses' in w['message'] for w in d['warnings'])"
printf '{"title":"Winter care for roses","body":"Roses need care in winter.","url":"https://x.example/roses/winter-care-roses/"}' >good.json
expect "a good url slug" 0 "" -- "$bin" generate good.json
check_site "good url slug kept, no warning" "d['slug'] == 'winter-care-roses' and not any('slug' in w['code'] for w in d['warnings'])"
printf '{"title":"\u6771\u4eac\u306e\u685c","body":"\u6771\u4eac\u306e\u685c\u306f\u4e09\u6708\u306b\u54b2\u304d\u307e\u3059\u3002"}' >ja.json
expect "a Japanese title" 0 "" -- "$bin" generate ja.json
check_site "no slug, said so" "'slug' not in d or d['slug'] is None" 
check_site "no_slug warning" "any(w['code'] == 'no_slug' for w in d['warnings'])"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
