#!/bin/sh
# The same patterns through both engines: JavaScript's RegExp in node, as
# the SVG's search runs it, and libflame's (PCRE2, lib/base/regex.c), on
# the names of tests/regex/cases.txt.  A "same" pattern must match the
# same names in both, or be refused by both; a "diff" pattern is one of
# the differences documented in cflamegraph(1), REGULAR EXPRESSIONS, and
# must still differ (else the manual says too much).
#
# usage: sh tests/regex/run.sh build/tests/regex_match     (make regex-test)
set -u
C=$1
here=$(cd "$(dirname "$0")" && pwd)
cases=$here/cases.txt
if ! command -v node >/dev/null 2>&1; then
    echo "regex: node is not installed (tools/deps.sh test)"
    exit 1
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
node "$here/match.js" "$cases" >"$T/js" || { echo "regex: match.js failed"; exit 1; }
"$C" "$cases" >"$T/c" || { echo "regex: $C failed"; exit 1; }
grep -v -e '^N	' -e '^#' -e '^$' "$cases" >"$T/patterns"
npat=$(wc -l <"$T/patterns")
if [ "$(wc -l <"$T/js")" -ne "$npat" ] || [ "$(wc -l <"$T/c")" -ne "$npat" ]; then
    echo "regex: $npat patterns, but $(wc -l <"$T/js") results from node, $(wc -l <"$T/c") from C"
    exit 1
fi
# One line per pattern: kind, flags, pattern, node's result, C's result.
paste "$T/patterns" "$T/js" "$T/c" | awk -F'\t' '
    {
        kind = $1; flags = $2; pattern = $3
        js = $(NF - 1); c = $NF
        if (kind == "same" && js != c) {
            bad++; printf "FAIL: /%s/%s: node and libflame differ\n  node     %s\n  libflame %s\n", pattern, flags, js, c
        } else if (kind == "diff" && js == c) {
            bad++; printf "FAIL: /%s/%s is listed as a difference (%s) but both give %s\n", pattern, flags, $4, js
        } else if (kind == "same") {
            same++
        } else {
            diff++
        }
    }
    END {
        printf "regex: %d patterns the same in node and libflame, %d documented differences, %d failed\n", same, diff, bad
        exit bad > 0
    }'
