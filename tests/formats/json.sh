#!/bin/sh
# The JSON readers against fixtures/compat-input (a copy of
# ../shared/compat-input, see its README.md): each case NAME is run as
#
#   cflamegraph --format folded $(cat NAME.args) NAME.json
#
# and its folded lines compared with NAME.folded as a multiset (stacks
# byte for byte, counts as numbers within 0.0015; with --flamechart in the
# order given), or, for a NAME.error case, the exit status it gives and
# exactly one line on standard error.
#
# usage: sh tests/formats/json.sh build/cflamegraph
set -u
BIN=$1
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DIR=$TOP/fixtures/compat-input
T=$(mktemp -d "${TMPDIR:-/tmp}/formats-json.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C
pass=0 fail=0

# "stack<TAB>count" per line, for sorting and comparing.
split_counts() {
    awk '{ i = length($0); while (i > 0 && substr($0, i, 1) != " ") i--
           if (i == 0) print $0 "\t"; else print substr($0, 1, i - 1) "\t" substr($0, i + 1) }' "$1"
}

for json in "$DIR"/*.json; do
    name=$(basename "$json" .json)
    args=
    [ -f "$DIR/$name.args" ] && args=$(cat "$DIR/$name.args")
    # shellcheck disable=SC2086 # the arguments are words
    "$BIN" --format folded $args "$json" < /dev/null > "$T/out" 2> "$T/err"
    got=$?
    if [ -f "$DIR/$name.error" ]; then
        want=$(awk 'NR == 1 { print $2 }' "$DIR/$name.error")
        if [ "$got" -eq "$want" ] && [ "$(wc -l < "$T/err")" -eq 1 ] && [ ! -s "$T/out" ]; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1)); echo "FAIL: $name: exit $got (want $want), standard error:"; sed 's/^/    /' "$T/err"
        fi
        continue
    fi
    if [ "$got" -ne 0 ]; then
        fail=$((fail + 1)); echo "FAIL: $name: exit $got"; sed 's/^/    /' "$T/err"; continue
    fi
    split_counts "$T/out" > "$T/got"
    split_counts "$DIR/$name.folded" > "$T/want"
    case " $args " in
    *" --flamechart "*) ;;
    *) sort -t "$(printf '\t')" -k1,1 -k2,2g "$T/got" > "$T/s" && mv "$T/s" "$T/got"
       sort -t "$(printf '\t')" -k1,1 -k2,2g "$T/want" > "$T/s" && mv "$T/s" "$T/want" ;;
    esac
    if [ "$(wc -l < "$T/got")" -ne "$(wc -l < "$T/want")" ]; then
        fail=$((fail + 1)); echo "FAIL: $name: $(wc -l < "$T/got") lines, want $(wc -l < "$T/want")"
        diff "$T/want" "$T/got" | sed 's/^/    /' | head -20; continue
    fi
    if paste "$T/got" "$T/want" | awk -F '\t' '
        $1 != $3 || $2 == "" || ($2 - $4 > 0.0015) || ($4 - $2 > 0.0015) { print "    got  " $1 " " $2; print "    want " $3 " " $4; bad = 1 }
        END { exit bad }'; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL: $name: lines differ (above)"
    fi
done
echo "formats-json: $pass passed, $fail failed (fixtures/compat-input)"
[ "$fail" -eq 0 ]
