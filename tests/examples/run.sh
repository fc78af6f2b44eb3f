#!/bin/sh
# The library as its users see it: the programs in examples/, the C code in
# the man pages and the README, and the symbols the shared library exports.
#
# Usage: sh tests/examples/run.sh BUILD_DIR            (make examples-test)
# BUILD_DIR holds libflame.so, cflamegraph, examples/ (the built examples)
# and tests/svgcheck, tests/pnginfo.  The environment gives CC,
# EXAMPLE_CFLAGS (the flags the examples are built with, -Werror included)
# and LDFLAGS, to compile the programs taken from the man pages and README.
#
#  1. examples/svg_from_file: writes the same SVG as cflamegraph with the
#     same options, from files or standard input; no samples: status 2 and
#     the error picture; a missing file: status 1.
#  2. examples/png_from_code: a PNG of the expected size (signature, IHDR,
#     decoded by cairo, not blank) and the summary line it prints.
#  3. examples/walk_frames: the frames of tests/examples/walk.folded are
#     exactly tests/examples/walk.expected (worked out by hand: starts,
#     widths, deltas, pixels and the differential colours).
#  4. The program in EXAMPLES of man/libflame.3 is examples/svg_from_file.c,
#     byte for byte; every other program in EXAMPLES of man/*.3 compiles
#     with -Werror and runs on a fixture; so does the README's.
#  5. nm -D: the shared library exports exactly the FLAME_API functions of
#     include/flame.h, all named flame_*, and every one of them is named by
#     an .Nm line of a man/*.3 page (and no page names another).
#
# Prints PASS/FAIL per check and "N passed, N failed"; exits 1 on failure.

if [ $# -ne 1 ]; then
    echo "usage: sh tests/examples/run.sh BUILD_DIR" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
B=$(cd "$1" && pwd) || exit 2
CC=${CC:-cc}
EXAMPLE_CFLAGS=${EXAMPLE_CFLAGS:--std=c11 -Werror -I$root/include}
LDFLAGS=${LDFLAGS:-}

LD_LIBRARY_PATH=$B${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }
# show FILE: indent a file's text under a FAIL line
show() { sed -n '1,20s/^/    /p' "$1"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/examples.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

perf=$root/fixtures/compat/inputs/example-perf.folded
empty=$root/fixtures/compat/inputs/empty.folded
small=$root/fixtures/cli/small.folded
one=$root/fixtures/cli/one.folded
cli=$B/cflamegraph
svgcheck=$B/tests/svgcheck
pnginfo=$B/tests/pnginfo
ex=$B/examples

for f in "$cli" "$svgcheck" "$pnginfo" "$ex/svg_from_file" "$ex/png_from_code" \
    "$ex/walk_frames"; do
    if [ ! -x "$f" ]; then
        echo "run.sh: $f is missing; run it through make examples-test" >&2
        exit 2
    fi
done

# expect NAME STATUS CMD...: run CMD (stdout to $tmp/NAME.out, stderr to
# $tmp/NAME.err); true when it exits with STATUS, else a FAIL line.
expect() {
    name=$1 want=$2
    shift 2
    "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    got=$?
    [ "$got" -eq "$want" ] && return 0
    fail "$name: exit status $got, expected $want"
    show "$tmp/$name.err"
    return 1
}
# same NAME FILE1 FILE2 WHAT: pass when the files are identical
same() {
    if cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1: $4"
        diff "$2" "$3" | sed -n '1,20s/^/    /p'
    fi
}
svg_ok() {
    if "$svgcheck" "$2" 2>"$tmp/svgcheck.err"; then
        pass "$1"
    else
        fail "$1: not a well-formed SVG"
        show "$tmp/svgcheck.err"
    fi
}
err_has() {
    if grep -qF -- "$2" "$tmp/$1.err"; then
        pass "$1: stderr says '$2'"
    else
        fail "$1: stderr lacks '$2'"
        show "$tmp/$1.err"
    fi
}

# 1. svg_from_file -------------------------------------------------------
if expect svg-file 0 "$ex/svg_from_file" "$perf"; then
    svg_ok "svg_from_file: example-perf.folded gives a well-formed SVG" "$tmp/svg-file.out"
    "$cli" --title "CPU profile" --minwidth 0.5 "$perf" >"$tmp/cli-perf.svg" 2>/dev/null
    same "svg_from_file: same SVG as cflamegraph --title 'CPU profile' --minwidth 0.5" \
        "$tmp/cli-perf.svg" "$tmp/svg-file.out" "the SVGs differ"
fi
if expect svg-stdin 0 "$ex/svg_from_file" <"$perf"; then
    same "svg_from_file: standard input reads like a file" "$tmp/svg-file.out" \
        "$tmp/svg-stdin.out" "the SVGs differ"
fi
if expect svg-two 0 "$ex/svg_from_file" "$small" "$one"; then
    "$cli" --title "CPU profile" --minwidth 0.5 "$small" "$one" >"$tmp/cli-two.svg" 2>/dev/null
    same "svg_from_file: two files are one input, as for cflamegraph" "$tmp/cli-two.svg" \
        "$tmp/svg-two.out" "the SVGs differ"
fi
if expect svg-empty 2 "$ex/svg_from_file" "$empty"; then
    svg_ok "svg_from_file: no samples: status 2 and the error picture" "$tmp/svg-empty.out"
    err_has svg-empty "No stack counts found"
fi
if expect svg-missing 1 "$ex/svg_from_file" "$tmp/no-such.folded"; then
    err_has svg-missing "no-such.folded"
fi

# 2. png_from_code -------------------------------------------------------
# 800 px wide at scale 2; the deepest stack, main;serve;handle_request;
# render_json;write, is 5 below the root: 6 * 16 + 36 + 34 = 166 px, 332 at
# scale 2.  Frames: all main load_config parse_yaml serve handle_request
# query_db render_json write.
png=$tmp/pushed.png
if expect png 0 "$ex/png_from_code" "$png"; then
    size=$(wc -c <"$png" | tr -d ' ')
    want="$png: $size bytes, 1600 x 332 px at scale 2, 9 frames"
    if [ "$(cat "$tmp/png.out")" = "$want" ]; then
        pass "png_from_code: prints '1600 x 332 px at scale 2, 9 frames'"
    else
        fail "png_from_code: printed '$(cat "$tmp/png.out")', expected '$want'"
    fi
    # Signature, then the IHDR chunk: length 13, "IHDR", width, height.
    head=$(od -An -tx1 -N24 "$png" | tr -d ' \n')
    if [ "$head" = 89504e470d0a1a0a0000000d49484452000006400000014c ]; then
        pass "png_from_code: PNG signature, IHDR 1600 x 332"
    else
        fail "png_from_code: PNG header is $head"
    fi
    info=$("$pnginfo" "$png" 2>&1)
    colours=${info#* }
    case $info in
    "1600x332 "*)
        if [ "$colours" -ge 10 ] 2>/dev/null; then
            pass "png_from_code: cairo decodes 1600x332 with $colours colours"
        else
            fail "png_from_code: decoded image has only $colours colours"
        fi
        ;;
    *) fail "png_from_code: pnginfo says '$info'" ;;
    esac
fi
if expect png-usage 2 "$ex/png_from_code"; then
    err_has png-usage "usage: png_from_code OUT.png"
fi
if expect png-unwritable 1 "$ex/png_from_code" "$tmp/no-such-dir/x.png"; then
    err_has png-unwritable "no-such-dir/x.png"
fi

# 3. walk_frames ---------------------------------------------------------
walk_in=$root/tests/examples/walk.folded
walk_want=$root/tests/examples/walk.expected
if expect walk 0 "$ex/walk_frames" "$walk_in"; then
    same "walk_frames: the frames of walk.folded are walk.expected" "$walk_want" \
        "$tmp/walk.out" "the frames differ (expected < > got)"
fi
if expect walk-stdin 0 "$ex/walk_frames" <"$walk_in"; then
    same "walk_frames: the same frames from standard input" "$walk_want" \
        "$tmp/walk-stdin.out" "the frames differ (expected < > got)"
fi
if expect walk-empty 2 "$ex/walk_frames" "$empty"; then
    err_has walk-empty "No stack counts found"
fi
expect walk-missing 1 "$ex/walk_frames" "$tmp/no-such.folded" &&
    pass "walk_frames: a missing file: status 1"

# 4. C code in the man pages and the README ------------------------------
# literal PAGE N: the Nth literal display (.Bd -literal ... .Ed) of the
# EXAMPLES section of PAGE, with the roff escapes undone (\e is a
# backslash; \& protects a line starting with '.' or "'").
literal() {
    awk -v want="$2" '
        /^\.Sh / { inex = ($0 ~ /^\.Sh "?EXAMPLES"?[ \t]*$/); next }
        inex && /^\.Bd -literal/ { n++; inbd = 1; next }
        inex && inbd && /^\.Ed/ { inbd = 0; next }
        inex && inbd && n == want { print }' "$1" |
        sed -e 's/^\\&//' -e 's/\\e/\\/g'
}
# build NAME SOURCE: compile SOURCE against the in-tree library
build() {
    # shellcheck disable=SC2086 # the flags are word lists
    if $CC $EXAMPLE_CFLAGS -o "$tmp/$1" "$2" -L"$B" -lflame $LDFLAGS 2>"$tmp/$1.cc"; then
        return 0
    fi
    fail "$1: does not compile with $CC $EXAMPLE_CFLAGS"
    show "$tmp/$1.cc"
    return 1
}

page=$root/man/libflame.3
literal "$page" 1 >"$tmp/libflame-example.c"
if [ ! -s "$tmp/libflame-example.c" ]; then
    fail "man/libflame.3: no program in EXAMPLES"
else
    same "man/libflame.3: the EXAMPLES program is examples/svg_from_file.c" \
        "$root/examples/svg_from_file.c" "$tmp/libflame-example.c" \
        "they differ (< examples/svg_from_file.c, > the man page); change both together"
    if build libflame-example "$tmp/libflame-example.c" &&
        expect libflame-example-run 0 "$tmp/libflame-example" "$perf"; then
        same "man/libflame.3: the EXAMPLES program builds and renders" "$tmp/svg-file.out" \
            "$tmp/libflame-example-run.out" "its SVG differs from svg_from_file's"
    fi
fi

for page in "$root"/man/*.3; do
    pname=$(basename "$page")
    [ "$pname" = libflame.3 ] && continue
    n=1 found=0
    while :; do
        literal "$page" "$n" >"$tmp/prog.c"
        [ -s "$tmp/prog.c" ] || break
        if grep -q 'int main(' "$tmp/prog.c"; then
            found=1
            prog=${pname%.3}-example-$n
            cp "$tmp/prog.c" "$tmp/$prog.c"
            if build "$prog" "$tmp/$prog.c" && expect "$prog" 0 "$tmp/$prog" <"$perf"; then
                pass "man/$pname: EXAMPLES program $n builds with -Werror and runs"
            fi
        fi
        n=$((n + 1))
    done
    [ "$found" = 1 ] || fail "man/$pname: no program in EXAMPLES"
done

# The C block of the README's "Using libflame" section.
awk '
    /^## / { insec = ($0 ~ /^## Using libflame/); next }
    insec && !done && /^```c$/ { inc = 1; next }
    inc && /^```/ { inc = 0; done = 1; next }
    inc { print }' "$root/README.md" >"$tmp/readme.c"
if [ ! -s "$tmp/readme.c" ]; then
    fail "README.md: no C block in 'Using libflame'"
elif build readme "$tmp/readme.c" && expect readme-run 0 "$tmp/readme" <"$perf"; then
    "$cli" "$perf" >"$tmp/cli-default.svg" 2>/dev/null
    same "README.md: the 'Using libflame' program writes cflamegraph's SVG" \
        "$tmp/cli-default.svg" "$tmp/readme-run.out" "the SVGs differ"
fi

# 5. exported symbols -----------------------------------------------------
if ! command -v nm >/dev/null 2>&1; then
    fail "symbols: nm is not installed (binutils)"
else
    nm -D --defined-only "$B/libflame.so" >"$tmp/nm.txt" 2>"$tmp/nm.err" ||
        fail "symbols: nm -D $B/libflame.so failed"
    awk 'NF >= 3 { print $3 } NF == 2 { print $2 }' "$tmp/nm.txt" | LC_ALL=C sort -u \
        >"$tmp/exported"
    grep -v '^flame_' "$tmp/exported" >"$tmp/foreign"
    if [ ! -s "$tmp/exported" ]; then
        fail "symbols: nm -D lists no symbols"
        show "$tmp/nm.err"
    elif [ -s "$tmp/foreign" ]; then
        fail "symbols: libflame.so exports symbols outside flame_*"
        show "$tmp/foreign"
    else
        pass "symbols: libflame.so exports only flame_* ($(wc -l <"$tmp/exported" | tr -d ' ') symbols)"
    fi
    sed -n 's/^FLAME_API[^(]*[ *]\(flame_[a-z0-9_]*\)(.*/\1/p' "$root/include/flame.h" |
        LC_ALL=C sort -u >"$tmp/declared"
    if cmp -s "$tmp/declared" "$tmp/exported"; then
        pass "symbols: exported == the FLAME_API functions of include/flame.h"
    else
        fail "symbols: exported and declared differ"
        LC_ALL=C comm -23 "$tmp/declared" "$tmp/exported" | sed 's/^/    declared, not exported: /'
        LC_ALL=C comm -13 "$tmp/declared" "$tmp/exported" | sed 's/^/    exported, not declared: /'
    fi
    sed -n 's/^\.Nm \(flame_[a-z0-9_]*\).*/\1/p' "$root"/man/*.3 | LC_ALL=C sort -u \
        >"$tmp/documented"
    if cmp -s "$tmp/documented" "$tmp/exported"; then
        pass "symbols: every exported function has a man page (.Nm in man/*.3), and only they"
    else
        fail "symbols: exported functions and man/*.3 .Nm names differ"
        LC_ALL=C comm -13 "$tmp/documented" "$tmp/exported" | sed 's/^/    no man page: /'
        LC_ALL=C comm -23 "$tmp/documented" "$tmp/exported" | sed 's/^/    not exported: /'
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
