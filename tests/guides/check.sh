#!/bin/sh
# Run the commands the documentation shows, as written: every ```sh block of
# the README's "From your profiler to a flame graph" and every literal block
# of cflamegraph(1)'s EXAMPLES, each in order in one scratch directory, with
# the cflamegraph under test first on PATH and, before it, stand-ins for the
# profilers (tests/guides/bin: perf, pytest, py-spy, viztracer) that write
# the files of fixtures/guides/.  A block passes when it exits 0 and every
# file it writes (after > or -o) is what its name says: a well-formed SVG
# with frames, an HTML page with its canvas, a PNG, or folded stacks.
# Every line of the README's blocks must also be in the man page's.
#
# usage: sh tests/guides/check.sh CLI SVGCHECK
set -u
[ $# -eq 2 ] || { echo "usage: $0 CLI SVGCHECK" >&2; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd)" "$(basename "$1")"); }
cli=$(abs "$1")
svgcheck=$(abs "$2")
work=$(mktemp -d "${TMPDIR:-/tmp}/guides.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/blocks" "$work/tmp"
ln -s "$cli" "$work/bin/cflamegraph"

pass=0
fail=0
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# ---- the blocks ----------------------------------------------------------

awk -v dir="$work/blocks" '
/^## / { insec = ($0 == "## From your profiler to a flame graph") }
insec && /^```sh$/ { n++; f = sprintf("%s/readme-%02d.sh", dir, n); inb = 1; next }
inb && /^```$/ { inb = 0; close(f); next }
inb { print > f }
' "$top/README.md"
awk -v dir="$work/blocks" '
/^\.Sh / { insec = ($0 == ".Sh EXAMPLES") }
insec && /^\.Bd -literal/ { n++; f = sprintf("%s/man-%02d.sh", dir, n); inb = 1; next }
inb && /^\.Ed/ { inb = 0; close(f); next }
inb { gsub(/\\e/, "\\\\"); print > f }
' "$top/man/cflamegraph.1"

nreadme=$(ls "$work/blocks" | grep -c '^readme-')
nman=$(ls "$work/blocks" | grep -c '^man-')
[ "$nreadme" -ge 5 ] || bad "README: only $nreadme command blocks in 'From your profiler to a flame graph'"
[ "$nman" -ge 5 ] || bad "cflamegraph.1: only $nman literal blocks in EXAMPLES"

# Every command of the guide is in the man page too.
cat "$work/blocks"/man-*.sh > "$work/man-lines"
for f in "$work/blocks"/readme-*.sh; do
    grep -v '^#' "$f" | while IFS= read -r line; do
        grep -qxF -- "$line" "$work/man-lines" || echo "$line"
    done > "$work/missing"
    if [ -s "$work/missing" ]; then
        bad "README guide lines not in cflamegraph(1) EXAMPLES:"
        sed 's/^/    /' "$work/missing"
    else
        pass=$((pass + 1))
    fi
done

# ---- running them ----------------------------------------------------------

# What a block wrote: the word after each > and -o (not 2>, not /dev/null).
targets() {
    tr -d "\"'" < "$1" | awk '!/^#/ {
        for (i = 1; i < NF; i++)
            if ($i == ">" || $i == "-o") print $(i + 1)
    }' | grep -v '^/dev/'
}

check_file() { # FILE -> 0 when it is what its name says
    f=$1
    [ -s "$f" ] || { echo "$f: missing or empty"; return 1; }
    case $f in
    *.svg)
        "$svgcheck" "$f" || return 1
        [ "$(grep -c '<title>' "$f")" -ge 5 ] || { echo "$f: fewer than 5 frames"; return 1; } ;;
    *.html)
        grep -q '<canvas' "$f" && grep -q 'id="details"' "$f" ||
            { echo "$f: not the HTML view"; return 1; } ;;
    *.png)
        [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" = 89504e47 ] ||
            { echo "$f: not a PNG"; return 1; } ;;
    *.folded)
        if grep -Evq ' [0-9.]+( [0-9.]+)?$' "$f"; then
            echo "$f: a line that is not folded stacks:"; grep -Ev ' [0-9.]+( [0-9.]+)?$' "$f" | head -2
            return 1
        fi ;;
    esac
    return 0
}

run_blocks() { # PREFIX: run the blocks in one fresh directory
    dir=$work/run-$1
    mkdir -p "$dir"
    cp "$top"/fixtures/guides/*.* "$dir"/
    # Inputs the man page's other examples name, from existing fixtures.
    cp "$top/fixtures/compat/inputs/timeline.folded" "$dir/timeline.folded"
    cp "$top/fixtures/compat-perf/results/perf-vertx-stacks-01-collapsed-default.txt" "$dir/java.folded"
    cp "$top/fixtures/compat-perf/results/perf-vertx-stacks-01-collapsed-default.txt" "$dir/base.folded"
    rm -f "$dir/README.md"
    for b in "$work/blocks/$1"-*.sh; do
        name="$1 block ${b##*-}"
        name=${name%.sh}
        if ! (cd "$dir" && PATH="$top/tests/guides/bin:$work/bin:$PATH" TMPDIR="$work/tmp" \
            GUIDE_FIXTURES="$top/fixtures/guides" \
            GUIDE_PERF_SCRIPT="$top/fixtures/compat-perf/inputs/perf-vertx-stacks-01.txt" \
            sh -eu "$b") > "$work/out" 2>&1; then
            bad "$name failed:"
            sed 's/^/    | /' "$b"
            sed 's/^/    > /' "$work/out" | head -10
            continue
        fi
        ok=1
        for t in $(targets "$b"); do
            check_file "$dir/$t" > "$work/why" 2>&1 || { ok=0; bad "$name: $(cat "$work/why")"; }
        done
        [ $ok -eq 1 ] && pass=$((pass + 1))
    done
}

run_blocks readme
run_blocks man

# What the guide promises of particular pictures.
r=$work/run-readme
grep -q '>rotki-test graph<' "$r/profile.svg" && pass=$((pass + 1)) ||
    bad "profile.svg: no 'rotki-test graph' title"
# The py-spy speedscope profile is drawn under its threads' names.
"$cli" --format folded "$r/py.json" | grep -q '^Process 4242 Thread 4251 "ThreadPoolExecutor-0_0";' &&
    pass=$((pass + 1)) || bad "py.json: no thread frame"
# A function present only in the first run shows when sized by it, not otherwise.
if grep -q 'deserialize_trade' "$r/gone.svg" && ! grep -q 'deserialize_trade' "$r/diff.svg"; then
    pass=$((pass + 1))
else
    bad "gone.svg should show deserialize_trade (only in before.txt), diff.svg not"
fi

echo "guides: $pass passed, $fail failed ($nreadme README blocks, $nman man page blocks)"
[ "$fail" -eq 0 ]
