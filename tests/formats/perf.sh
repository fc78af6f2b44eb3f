#!/bin/sh
# The perf script reader against stackcollapse-perf.pl (make perf-test).
#
#  1. Parity: every capture of fixtures/compat-perf/inputs under each of
#     the script's options (none, --pid, --tid, --kernel, --jit, --all,
#     --addrs) gives, with --format folded, exactly the lines of
#     results/NAME-collapsed-OPT.txt, as a multiset, byte for byte.  The
#     format is detected (no --input-format), as a user runs it.
#  2. The same captures read from a pipe, with CRLF line endings, and cut
#     into pieces (several inputs) give the same stacks.
#  3. Generated input: a frame name of BIG_MB megabytes, and 20,000
#     samples whose stacks all differ; each must draw a well-formed SVG.
#
# usage: sh tests/formats/perf.sh build/cflamegraph [san]
#   san: a sanitizer build (a smaller big line)
set -u
BIN=$1
SAN=${2:-}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SVGCHECK=$(dirname "$BIN")/tests/svgcheck
CP=$TOP/fixtures/compat-perf
if [ -n "$SAN" ]; then BIG_MB=${PERF_BIG_MB:-20}; else BIG_MB=${PERF_BIG_MB:-100}; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/perf-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C
pass=0 fail=0 cases=0 exact=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# same WHAT EXPECTED GOT: the two files hold the same lines, any order.
same() {
    sort "$2" > "$T/want"
    sort "$3" > "$T/got"
    if cmp -s "$T/want" "$T/got"; then
        return 0
    fi
    bad "$1: folded lines differ (< want, > got):"
    diff "$T/want" "$T/got" | head -8 | sed 's/^/    /'
    return 1
}

# ---- 1. parity --------------------------------------------------------
for input in "$CP"/inputs/*.txt; do
    name=$(basename "$input" .txt)
    for opt in default pid tid kernel jit all addrs; do
        cases=$((cases + 1))
        args=
        [ "$opt" = default ] || args=--$opt
        # shellcheck disable=SC2086 # args is one option or none
        if ! "$BIN" --format folded $args "$input" > "$T/out" 2> "$T/err"; then
            bad "$name --$opt: exit status $?: $(head -c 200 "$T/err")"
            continue
        fi
        if same "$name --$opt" "$CP/results/$name-collapsed-$opt.txt" "$T/out"; then
            exact=$((exact + 1))
            ok
        fi
    done
done
echo "perf parity: $exact/$cases exact"

# ---- 2. other ways of reading the same ---------------------------------
for name in perf-vertx-stacks-01 perf-iperf-stacks-pidtid-01 perf-numa-stacks-01 perf-java-stacks-02; do
    input=$CP/inputs/$name.txt
    want=$CP/results/$name-collapsed-tid.txt
    "$BIN" --format folded --tid < "$input" > "$T/out" 2>/dev/null &&
        same "$name from standard input" "$want" "$T/out" && ok
    cat "$input" | "$BIN" --format folded --tid > "$T/out" 2>/dev/null &&
        same "$name through a pipe" "$want" "$T/out" && ok
    sed 's/$/\r/' "$input" > "$T/crlf.txt"
    "$BIN" --format folded --tid "$T/crlf.txt" > "$T/out" 2>/dev/null &&
        same "$name with CRLF" "$want" "$T/out" && ok
    # Cut at blank lines into three files: one input, the same stacks.
    [ "$(grep -c '^$' "$input")" -ge 3 ] || continue
    n=$(wc -l < "$input")
    awk -v d="$T" -v n="$n" '{ print > (d "/part" f ".txt") } /^$/ && f < 2 && NR > n * (f + 1) / 3 { f++ }' "$input"
    [ -s "$T/part2.txt" ] || bad "$name: not cut in three"
    "$BIN" --format folded --tid "$T/part0.txt" "$T/part1.txt" "$T/part2.txt" > "$T/out" 2>/dev/null &&
        same "$name in three files" "$want" "$T/out" && ok
    rm -f "$T"/part*.txt
done

# ---- 3. generated input -------------------------------------------------
# One frame whose name is BIG_MB megabytes.
{
    printf 'big 1 [000] 1.000000: 1 cycles:\n\t1 '
    head -c $((BIG_MB * 1024 * 1024)) /dev/zero | tr '\0' x
    printf ' (/big)\n\t2 main (/big)\n\n'
} > "$T/big.txt"
if "$BIN" "$T/big.txt" > "$T/big.svg" 2> "$T/err" && "$SVGCHECK" "$T/big.svg"; then ok
else bad "a $BIG_MB MB frame name: $(head -c 200 "$T/err")"; fi
rm -f "$T/big.txt" "$T/big.svg"

# 20,000 samples, all different stacks, and their sum.
awk 'BEGIN { for (i = 0; i < 20000; i++) {
    printf "p%d %d/%d [001] %d.5: %d cycles:\n", i % 7, 100 + i % 7, 200 + i % 13, i, 10 + i % 5
    printf "\t%x leaf_%d+0x%x (/bin/p)\n\t%x mid_%d (/bin/p)\n\t1 main (/bin/p)\n\n", i, i, i % 64, i + 1, i % 100 } }' > "$T/many.txt"
if "$BIN" --format folded "$T/many.txt" > "$T/out" 2> "$T/err"; then
    got=$(wc -l < "$T/out" | tr -d ' ')
    sum=$(awk '{ s += $NF } END { print s }' "$T/out")
    if [ "$got" = 20000 ] && [ "$sum" = 240000 ]; then ok; else bad "20,000 stacks: $got lines, sum $sum"; fi
else
    bad "20,000 stacks: $(head -c 200 "$T/err")"
fi
if "$BIN" "$T/many.txt" > "$T/many.svg" 2>/dev/null && "$SVGCHECK" "$T/many.svg"; then ok
else bad "20,000 stacks: no well-formed SVG"; fi

echo "perf: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
