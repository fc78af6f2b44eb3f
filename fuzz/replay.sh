#!/bin/sh
# Replay the saved fuzz inputs with the replay programs (no libFuzzer):
# every corpus of fuzz/corpus/HARNESS/ in one process per harness, then every
# past crash input of fuzz/crashes/HARNESS/ in a process of its own, so that
# one failure does not hide the others.
#
# A crash input listed in fuzz/crashes/OPEN (a bug not fixed yet, written up
# in fuzz/FINDINGS.md) that still fails is reported as KNOWN and does not fail
# the run (STRICT=1: it does); one that passes is reported so that the line
# can go.
#
# usage: sh fuzz/replay.sh BUILD/fuzz     (holding replay_HARNESS for each harness)
set -u
dir=$1
top=$(cd "$(dirname "$0")/.." && pwd)
fail=0
known=0
ran=0
for bin in "$dir"/replay_*; do
    h=${bin##*/replay_}
    if [ ! -x "$bin" ]; then
        echo "fuzz-replay: no replay programs in $dir"; exit 1
    fi
    if [ -d "$top/fuzz/corpus/$h" ]; then
        if ! "$bin" "$top/fuzz/corpus/$h"; then
            echo "FAIL: fuzz/corpus/$h: an input failed (see above; rerun with -v to name it)"
            fail=$((fail + 1))
        fi
    fi
    [ -d "$top/fuzz/crashes/$h" ] || continue
    for f in "$top/fuzz/crashes/$h"/*; do
        [ -f "$f" ] || continue
        rel=${f#"$top/"}
        ran=$((ran + 1))
        open=$(grep -v '^#' "$top/fuzz/crashes/OPEN" 2>/dev/null | awk -v f="$rel" '$1 == f { print $2 }')
        if "$bin" "$f" > /dev/null 2> "$dir/replay.err"; then
            [ -n "$open" ] && echo "NOTE: $rel passes now; remove it from fuzz/crashes/OPEN ($open)"
        elif [ -n "$open" ] && [ "${STRICT:-0}" != 1 ]; then
            echo "KNOWN: $rel still fails (fuzz/FINDINGS.md $open)"
            known=$((known + 1))
        else
            echo "FAIL: $rel"
            sed 's/^/    /' "$dir/replay.err" | head -20
            fail=$((fail + 1))
        fi
    done
done
echo "fuzz-replay: $ran crash inputs, $known known open, $fail failed"
[ "$fail" -eq 0 ]
