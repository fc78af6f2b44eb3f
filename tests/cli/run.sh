#!/bin/sh
# End-to-end tests of the cflamegraph command: fixture inputs, expected exit
# statuses and messages; every SVG produced is checked well-formed with
# libxml2 (build/tests/svgcheck).  usage: tests/cli/run.sh build/cflamegraph
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SVGCHECK=$(dirname "$BIN")/tests/svgcheck
FX=$TOP/fixtures/cli
IN=$TOP/fixtures/compat/inputs
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# run NAME WANT_EXIT ARGS... : stdout to $T/NAME.out, stderr to $T/NAME.err
run() {
    name=$1; want=$2; shift 2
    "$BIN" "$@" > "$T/$name.out" 2> "$T/$name.err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        bad "$name: exit $got, want $want"; sed 's/^/    /' "$T/$name.err"; return 1
    fi
    ok
}
svg_ok() { if "$SVGCHECK" "$T/$1.out" 2>/dev/null; then ok; else bad "$1: output is not well-formed SVG"; fi; }
err_has() { if grep -qF -- "$2" "$T/$1.err"; then ok; else bad "$1: stderr lacks '$2'"; sed 's/^/    /' "$T/$1.err"; fi; }
out_has() { if grep -qF -- "$2" "$T/$1.out"; then ok; else bad "$1: output lacks '$2'"; fi; }
out_lacks() { if grep -qF -- "$2" "$T/$1.out"; then bad "$1: output has '$2'"; else ok; fi; }

# --- plain rendering, both option spellings -----------------------------
run basic 0 --title "rotki-test graph" "$IN/example-perf.folded" && svg_ok basic
out_has basic '>rotki-test graph</text>'
run eqform 0 --title=rotki-test\ graph --width=900 "$IN/example-perf.folded" && svg_ok eqform
out_has eqform 'width="900"'
run stdin 0 < "$IN/example-perf.folded" && svg_ok stdin
run dash 0 - < "$FX/small.folded" && out_has dash 'a (30 samples, 100.00%)'
if cmp -s "$T/basic.out" "$T/basic.out"; then ok; fi
# Several files read as one input.
run several 0 "$FX/small.folded" "$FX/one.folded" && out_has several 'all (130 samples, 100%)'

# --- input forms -----------------------------------------------------------
run crlf 0 "$FX/crlf.folded" && out_has crlf 'all (10 samples, 100%)'
err_has crlf 'Stack count is low (10). Did something go wrong?'
run nonl 0 "$FX/no-newline.folded" && out_has nonl 'b (2 samples'
run invalid 0 "$FX/mixed-invalid.folded" && err_has invalid 'Ignored 5 lines with invalid format'
run hostile 0 "$FX/hostile-names.folded" && svg_ok hostile
out_has hostile '&lt;tag&gt; &amp; &quot;q&quot;'
run edge 0 "$IN/edge-cases.folded" && svg_ok edge
err_has edge 'Ignored 3 lines with invalid format'

# --- no samples: the error picture and status 2 --------------------------
run empty 2 "$IN/empty.folded" && svg_ok empty
err_has empty 'ERROR: No stack counts found'
err_has empty 'Stack count is low (0)'
out_has empty 'ERROR: No valid input provided'
printf 'main 0\n' > zero.folded
run zero 2 zero.folded && svg_ok zero

# --- options ------------------------------------------------------------
run inverted 0 --inverted "$FX/small.folded" && out_has inverted '>Icicle Graph<'
run chart 0 --flamechart --inverted "$IN/timeline.folded" && out_has chart '>Flame Chart<'
run notes 0 --notes "built by CI" "$FX/small.folded" && out_has notes '<!-- NOTES: built by CI -->'
run encoding 0 --encoding ISO-8859-1 "$FX/small.folded" && svg_ok encoding
out_has encoding 'encoding="ISO-8859-1"'
run bg 0 --bgcolors '#123456' "$FX/small.folded" && out_has bg 'stop-color="#123456"'
run fonttype 0 --fonttype 'DejaVu Sans Mono' "$FX/small.folded" && out_has fonttype 'text{font-family:DejaVu Sans Mono,sans-serif;font-size:12px}'
longfont=$(printf 'Family%.0s' $(seq 120))
run fonttype-long 0 --fonttype "$longfont" "$FX/small.folded" &&
    out_has fonttype-long "text{font-family:$longfont,sans-serif;font-size:12px}" &&
    out_has fonttype-long '#subtitle{text-anchor:middle;fill:rgb(160,160,160)}'
run countname 0 --countname bytes --factor 2 "$FX/small.folded" && out_has countname 'all (60 bytes, 100%)'
run total 0 --total 1000 "$FX/small.folded" && out_has total 'all (1,000 samples, 100%)'
run total-low 0 --total 20 "$FX/small.folded" && err_has total-low 'Specified --total 20 is less than actual total 30, so ignored'
run minpct 0 --minwidth 50% "$FX/small.folded" && out_lacks minpct '<title>b ('
run nameattr 0 --nameattr "$FX/nameattr.tsv" "$FX/small.folded" && svg_ok nameattr
out_has nameattr 'xlink:href="https://example.com/a?x=1&amp;y=&quot;2&quot;"'
out_has nameattr '<title>&lt;custom&gt; title</title>'
out_has nameattr 'target="_top"'
run cp1 0 --cp "$FX/small.folded"
if [ -f palette.map ] && grep -q '^b->rgb(' palette.map; then ok; else bad "cp1: palette.map not written"; fi
echo 'c->rgb(1,2,3)' >> palette.map
run cp2 0 --cp "$FX/small.folded" && out_has cp2 'fill="rgb(1,2,3)"'
run help 0 --help && out_has help '--minwidth'
run version 0 --version && out_has version 'cflamegraph'

# --- errors: one line prefixed "cflamegraph: ", non-zero exit ------------
run e-width 2 --width abc "$FX/small.folded" && err_has e-width "cflamegraph: invalid --width 'abc'"
run e-width0 2 --width 0 "$FX/small.folded" && err_has e-width0 'cflamegraph: --width'
run e-minwidth 2 --minwidth x "$FX/small.folded" && err_has e-minwidth 'cflamegraph: invalid --minwidth'
run e-bg 2 --bgcolors purple "$FX/small.folded" && err_has e-bg "cflamegraph: unknown --bgcolors 'purple'"
run e-colors 2 --colors nosuch "$FX/small.folded" && err_has e-colors "cflamegraph: unknown palette 'nosuch'"
run e-notes 2 --notes '<b>' "$FX/small.folded" && err_has e-notes 'cflamegraph: --notes'
run e-nameattr 2 --nameattr "$FX/bad-nameattr.tsv" "$FX/small.folded" && err_has e-nameattr 'cflamegraph: '
run e-missing 1 "$FX/small.folded" /nonexistent/file && err_has e-missing 'cflamegraph: cannot open /nonexistent/file'
run e-dir 1 "$FX" && err_has e-dir 'Is a directory'
run e-option 2 --no-such-option && err_has e-option "cflamegraph: unknown option '--no-such-option'"
run e-factor 2 --factor inf "$FX/small.folded" && err_has e-factor 'cflamegraph: invalid --factor'
run e-factor-big 1 --factor 1e308 "$FX/small.folded" && err_has e-factor-big 'cflamegraph: --factor times the sum of the counts is too large to show'
run e-total 2 --total -1 "$FX/small.folded" && err_has e-total 'cflamegraph: --total'

# --- output safety ---------------------------------------------------------
# A full disk: /dev/full where it is the real device, else a file size limit.
if ! printf x 2>/dev/null > /dev/full; then
    "$BIN" "$FX/small.folded" > /dev/full 2> full.err
    if [ $? -eq 1 ] && grep -q 'cflamegraph: write error' full.err; then ok; else bad "writing to /dev/full must fail with a message"; fi
fi
echo precious > limited.svg
sh -c 'trap "" XFSZ; ulimit -f 4; exec "$0" -o limited.svg "$1"' "$BIN" "$IN/example-perf.folded" 2> limited.err
if [ $? -eq 1 ] && [ "$(cat limited.svg)" = precious ] && grep -q '^cflamegraph: cannot write limited.svg' limited.err; then ok; else bad "a failed write must keep the old file and say so"; cat limited.err; fi
if [ "$(wc -l < limited.err)" -eq 1 ]; then ok; else bad "the library printed on its own:"; cat limited.err; fi
sh -c 'trap "" XFSZ; ulimit -f 4; exec "$0" "$1" > big.svg' "$BIN" "$IN/example-perf.folded" 2> limited2.err
if [ $? -eq 1 ] && grep -q '^cflamegraph: write error' limited2.err; then ok; else bad "a failed write to stdout must fail"; cat limited2.err; fi
"$BIN" "$FX/small.folded" >&- 2> closed.err
if [ $? -eq 1 ] && grep -q 'standard output is closed' closed.err; then ok; else bad "closed stdout must fail"; fi
echo precious > keep.svg
"$BIN" -o keep.svg "$FX/small.folded" /nonexistent 2>/dev/null
if [ "$(cat keep.svg)" = precious ]; then ok; else bad "a failed run replaced the existing output file"; fi
run out-file 0 -o new.svg "$FX/small.folded"
if "$SVGCHECK" new.svg && [ ! -s "$T/out-file.out" ]; then ok; else bad "-o did not write new.svg"; fi
if ls new.svg.tmp.* >/dev/null 2>&1; then bad "temporary file left behind"; else ok; fi

# --- more cases, one file per area: tests/cli/cases-*.sh -----------------
for cases in "$TOP"/tests/cli/cases-*.sh; do
    [ -e "$cases" ] || continue
    # shellcheck disable=SC1090 # they use run, ok, bad, ... above
    . "$cases"
done

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
