#!/bin/sh
# A program built against libflame 0.1's header runs against the current
# shared library and draws what cflamegraph draws with the same options
# (man/libflame.3, "Options that grow").
#
# usage: sh tests/abi/run.sh BUILD_DIR     (make abi-test; CC, CFLAGS, LDFLAGS)
set -u
B=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npass=0 nfail=0
pass() { npass=$((npass + 1)); }
fail() { nfail=$((nfail + 1)); echo "FAIL: $*"; }
in=$root/fixtures/compat/inputs/example-perf.folded

# shellcheck disable=SC2086 # flag lists
if ${CC:-cc} -std=c11 -Wall -Wextra -Werror ${CFLAGS:-} -I"$root/tests/abi" \
    -o "$tmp/old_program" "$root/tests/abi/old_program.c" -L"$B" -lflame ${LDFLAGS:-} \
    2>"$tmp/cc.err"; then
    pass
else
    fail "old_program does not build against tests/abi/flame-0.1.0.h"
    cat "$tmp/cc.err"
    exit 1
fi
# Linked against libflame.so.0, which is what a program built then finds.
if readelf -d "$tmp/old_program" 2>/dev/null | grep -q 'NEEDED.*libflame\.so\.0'; then
    pass
else
    fail "old_program does not need libflame.so.0"
fi
if LD_LIBRARY_PATH=$B "$tmp/old_program" "$in" >"$tmp/old.svg" 2>"$tmp/old.err"; then
    pass
else
    fail "old_program failed: $(cat "$tmp/old.err")"
fi
grep -q '^frames [1-9][0-9]* size 900x[0-9.]* total [0-9.]* last .* depth [0-9]*$' "$tmp/old.err" &&
    pass || fail "old_program's frame summary: $(cat "$tmp/old.err")"
(cat "$in"; echo "old;program 1") >"$tmp/in.folded"
"$B/cflamegraph" --title "Old program" --subtitle "built against libflame 0.1" --width 900 \
    --height 18 --fontsize 11 --fontwidth 0.6 --fonttype "DejaVu Sans" --minwidth 0.5% \
    --countname ticks --nametype Fn: --colors java --bgcolors blue --hash --inverted \
    --factor 2 --encoding UTF-8 --notes "abi test" "$tmp/in.folded" >"$tmp/cli.svg" 2>/dev/null
if cmp -s "$tmp/old.svg" "$tmp/cli.svg"; then
    pass
else
    fail "old_program's SVG differs from cflamegraph's with the same options"
fi
echo "abi: $npass passed, $nfail failed"
[ "$nfail" = 0 ]
