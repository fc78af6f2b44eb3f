#!/bin/bash
# Hostile inputs, options and conditions for cflamegraph: it may refuse, but
# never crash, never write broken output, never lose a file.
#
#   1. the cases of fixtures/hostile/EXPECTED and EXPECTED.* (inputs, options, --nameattr,
#      --cp), each also with -o over an existing file;
#   2. generated inputs: a 200 MB line, 100,000 frames deep, over the depth
#      and picture limits, a million invalid lines, random bytes;
#   3. output safety: failing writes keep the old file, closed or read-only
#      standard output, devices and FIFOs and symbolic links as -o, and many
#      --cp runs at once on one palette.map;
#   4. resources: out of memory (ulimit -v, and every allocation of a run
#      failing in turn through tests/hostile/failalloc.c), picture limits;
#   5. the library API's edges (build/tests/hostile_api).
#
# Every graph written is checked with build/tests/svgstrict (well-formed and
# namespace-well-formed XML with an <svg> root).  Every standard error line
# must be a known message: "cflamegraph: ..." with a detail, or one of
# flamegraph.pl's warnings.
#
# A case listed in tests/hostile/KNOWN fails because of an open finding
# (fuzz/FINDINGS.md): it is reported as KNOWN and does not fail the run,
# unless STRICT=1.
#
# usage: bash tests/hostile/run.sh build/cflamegraph [san]
#   san: AddressSanitizer build (no ulimit -v, no LD_PRELOAD; smaller big inputs)
# HOSTILE_BIG_MB: size of the big line (200, or 50 with san).
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SAN=${2:-}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
TESTS=$(dirname "$BIN")/tests
STRICTSVG=$TESTS/svgstrict
FAILALLOC=$TESTS/failalloc.so
API=$TESTS/hostile_api
H=$TOP/fixtures/hostile
FX=$TOP/fixtures/cli
IN=$TOP/fixtures/compat/inputs
if [ -n "$SAN" ]; then BIG_MB=${HOSTILE_BIG_MB:-50}; else BIG_MB=${HOSTILE_BIG_MB:-200}; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/hostile.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C
pass=0 fail=0 known=0 skip=0

# Which cases fail because of an open finding.
declare -A KNOWN
while read -r label finding rest; do
    case $label in ''|'#'*) continue ;; esac
    KNOWN[$label]=$finding
done < "$TOP/tests/hostile/KNOWN"

ok() { pass=$((pass + 1)); }
# bad LABEL MESSAGE...
bad() {
    local label=$1; shift
    if [ -n "${KNOWN[$label]:-}" ] && [ "${STRICT:-0}" != 1 ]; then
        known=$((known + 1)); echo "KNOWN: $label: $* (fuzz/FINDINGS.md ${KNOWN[$label]})"
    else
        fail=$((fail + 1)); echo "FAIL: $label: $*"
    fi
}
skipped() { skip=$((skip + 1)); echo "SKIP: $*"; }

# Standard error holds only known messages, each with its detail.
stderr_clean() {
    local label=$1 file=$2 line
    while IFS= read -r line; do
        case $line in
        "cflamegraph: "*": ") bad "$label" "message without a detail: '$line'"; return ;;
        "cflamegraph: "?*) ;;
        "Try 'cflamegraph --help'.") ;;
        "Ignored "*" lines with invalid format") ;;
        "Stack count is low ("*"). Did something go wrong?") ;;
        "Specified --total "*" is less than actual total "*", so ignored") ;;
        "ERROR: No stack counts found") ;;
        *": perf script: "?*) ;;    # the perf reader's warnings, naming the input
        *) bad "$label" "unexpected standard error line: '$line'"; return ;;
        esac
    done < "$file"
    ok
}

# What kind of picture a file holds: svg, png, pdf, or ''.
kind_of() {
    case $(head -c 5 "$1" | od -An -c | tr -d ' \n') in
    211PNG*) echo png ;;
    %PDF-*) echo pdf ;;
    *) echo svg ;;
    esac
}

# picture_ok LABEL FILE: a valid SVG (strictly), PNG or PDF.
picture_ok() {
    local label=$1 f=$2
    case $(kind_of "$f") in
    svg) if "$STRICTSVG" "$f" 2> "$T/strict.err"; then ok; else bad "$label" "$(cat "$T/strict.err")"; fi ;;
    png|pdf) if [ -s "$f" ]; then ok; else bad "$label" "empty picture"; fi ;;
    esac
}

# run_case LABEL WANT ARGS... -- CHECKS...   (in a fresh directory)
run_case() {
    local label=$1 want=$2; shift 2
    local args=() checks=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    checks=("$@")
    local d=$T/case-$label
    rm -rf "$d"; mkdir -p "$d"
    [ -f "$H/$label.palette.map" ] && cp "$H/$label.palette.map" "$d/palette.map"
    (cd "$d" && timeout 300 "$BIN" "${args[@]}" < /dev/null > out 2> err)
    local got=$?
    if [ "$got" -ne "$want" ]; then
        bad "$label" "exit $got, want $want: $(head -c 300 "$d/err")"; return
    fi
    ok
    stderr_clean "$label" "$d/err"
    if [ -s "$d/out" ]; then
        if [ "$got" -eq 1 ]; then bad "$label" "output written with exit status 1"; else picture_ok "$label" "$d/out"; fi
    elif [ "$got" -eq 0 ] || grep -q '^ERROR: No stack counts found' "$d/err"; then
        bad "$label" "no output"
    fi
    local c text
    for c in "${checks[@]}"; do
        text=$(printf '%b' "${c#*:}")
        case $c in
        err:*) if grep -qF -- "$text" "$d/err"; then ok; else bad "$label" "standard error lacks '$text'"; fi ;;
        out:*) if grep -qF -- "$text" "$d/out"; then ok; else bad "$label" "output lacks '$text'"; fi ;;
        noout:*) if grep -qF -- "$text" "$d/out"; then bad "$label" "output has '$text'"; else ok; fi ;;
        esac
    done
    # Again with -o over an existing file.
    rm -rf "$d"; mkdir -p "$d"
    [ -f "$H/$label.palette.map" ] && cp "$H/$label.palette.map" "$d/palette.map"
    echo precious > "$d/old.svg"
    (cd "$d" && timeout 300 "$BIN" -o old.svg "${args[@]}" < /dev/null > out 2> err)
    got=$?
    if [ "$got" -ne "$want" ]; then bad "$label" "with -o: exit $got, want $want"; return; fi
    if [ -s "$d/out" ]; then bad "$label" "with -o: wrote to standard output"; fi
    if ls "$d"/old.svg.tmp.* > /dev/null 2>&1; then bad "$label" "with -o: temporary file left"; fi
    if [ "$got" -eq 0 ] || grep -q '^ERROR: No stack counts found' "$d/err"; then
        picture_ok "$label" "$d/old.svg"
    elif [ "$(cat "$d/old.svg")" = precious ]; then
        ok
    else
        bad "$label" "with -o: a failed run changed the existing file"
    fi
}

for expected in "$H"/EXPECTED "$H"/EXPECTED.*; do
[ -e "$expected" ] || continue
echo "== fixtures/hostile/${expected##*/}"
while IFS= read -r line; do
    case $line in ''|'#'*) continue ;; esac
    spec=${line%%" | "*}
    rest=
    [ "$spec" != "$line" ] && rest=${line#*" | "}
    spec=${spec//\{H\}/$H}
    spec=${spec//\{FX\}/$FX}
    read -r -a words <<< "$spec"
    label=${words[0]} want=${words[1]}
    args=()
    for w in "${words[@]:2}"; do args+=("$(printf '%b' "$w")"); done
    checks=()
    while [ -n "$rest" ]; do
        c=${rest%%" | "*}
        checks+=("$c")
        [ "$c" = "$rest" ] && break
        rest=${rest#*" | "}
    done
    run_case "$label" "$want" "${args[@]}" -- "${checks[@]}"
done < "$expected"
done

# ---- 2. generated inputs ---------------------------------------------------
echo "== generated inputs"
G=$T/gen
mkdir -p "$G"

# A single line of BIG_MB megabytes: one frame with a name that long.
{ head -c $((BIG_MB * 1024 * 1024)) /dev/zero | tr '\0' x; printf ' 5\n'; } > "$G/big-line.folded"
run_case big-line 0 "$G/big-line.folded" -- "err:Stack count is low (5)"
# The same line without a count: ignored.
{ head -c $((BIG_MB * 1024 * 1024)) /dev/zero | tr '\0' x; printf '\n'; } > "$G/big-line-nocount.folded"
run_case big-line-nocount 2 "$G/big-line-nocount.folded" -- "err:Ignored 1 lines with invalid format"
rm -f "$G"/big-line*.folded

# 100,000 frames deep: an SVG of 100,001 frames (checked one by one);
# too tall for PNG.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%sf%d", i ? ";" : "", i; print " 1" }' > "$G/deep.folded"
(cd "$G" && "$BIN" deep.folded > deep.svg 2> deep.err)
if [ $? -eq 0 ] && "$STRICTSVG" -c 100001 "$G/deep.svg"; then ok; else bad deep-100k "not a valid SVG of 100,001 frames"; fi
rm -f "$G/deep.svg"
run_case deep-100k-png 1 --format png "$G/deep.folded" -- "err:cflamegraph: cannot render: the image would be 1600086 px tall; cairo's limit is 32767"
# An SVG over the image height limit (2^24 px, see cflamegraph(1) LIMITS).
run_case svg-too-tall 1 --height 10000 "$G/deep.folded" -- "err:cflamegraph: the image would be 1000010070 px tall; at most 16777216 can be drawn"
rm -f "$G/deep.folded"

# Deeper than the library draws: a clear error.
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "a;"; print "b 1" }' > "$G/deeper.folded"
run_case deep-over-limit 1 "$G/deeper.folded" -- "err:a stack is more than 1000000 frames deep, too deep to draw"
rm -f "$G/deeper.folded"

# A BIG_MB line of frames, 2 bytes each: over the depth limit, and it must
# say so without first building every frame (ulimit -v: 2 GiB).
if [ -z "$SAN" ]; then
    { head -c $((BIG_MB * 512 * 1024)) /dev/zero | sed 's/\x0/a;/g'; printf 'b 1\n'; } > "$G/deep-line.folded"
    (cd "$G" && ulimit -v 2097152 && exec "$BIN" deep-line.folded > /dev/null 2> deep-line.err)
    got=$?
    if [ $got -eq 1 ] && grep -q 'too deep to draw' "$G/deep-line.err"; then ok
    else bad deep-line-memory "exit $got: $(head -c 200 "$G/deep-line.err") (want the depth error within 2 GiB)"; fi
    rm -f "$G/deep-line.folded"
else
    skipped "deep-line-memory (ulimit -v under sanitizers)"
fi

# A million invalid lines, then random bytes.
awk 'BEGIN { for (i = 0; i < 1000000; i++) print "x" }' > "$G/invalid.folded"
run_case many-invalid 2 "$G/invalid.folded" -- "err:Ignored 1000000 lines with invalid format"
awk 'BEGIN { srand(7); for (i = 0; i < 300000; i++) printf "%c", int(rand() * 256) }' > "$G/random.bin"
(cd "$G" && "$BIN" random.bin > random.svg 2> random.err)
got=$?
if [ $got -eq 0 ] || [ $got -eq 2 ]; then picture_ok random-bytes "$G/random.svg"; else bad random-bytes "exit $got"; fi
awk 'BEGIN { srand(11); for (i = 0; i < 20000; i++) { n = int(rand() * 8); s = ""; for (j = 0; j < n; j++) s = s (j ? ";" : "") sprintf("%c%c", 33 + int(rand() * 94), 128 + int(rand() * 128)); printf "%s %d\n", s, int(rand() * 5) } }' > "$G/random.folded"
run_case random-stacks 0 "$G/random.folded"
run_case random-stacks-reverse 0 --reverse --inverted --colors java "$G/random.folded"
run_case random-stacks-chart 0 --flamechart --minwidth 0 "$G/random.folded"

# Unsorted input through a pipe is kept for sorting, beyond 4 MiB in a
# temporary file: without a usable TMPDIR, or with a file size limit, the
# graph must still be the one drawn from the file.
# (In order for 6 MB, then one line out of order: all of it is read again.)
awk 'BEGIN { for (i = 0; i < 150000; i++) printf "main;module_%03d;function_%06d;leaf 1\n", i / 1000, i; print "a;first 1" }' > "$G/unsorted.folded"
"$BIN" --minwidth 0 "$G/unsorted.folded" > "$G/unsorted-ref.svg" 2> /dev/null
for how in no-tmpdir fsize; do
    if [ $how = no-tmpdir ]; then
        cat "$G/unsorted.folded" | TMPDIR=/nonexistent/dir "$BIN" --minwidth 0 > "$G/pipe.svg" 2> "$G/pipe.err"
        got=${PIPESTATUS[1]}
    else
        # the limit for cflamegraph only; its output goes through a pipe
        cat "$G/unsorted.folded" |
            (ulimit -f 1024 && trap '' XFSZ && exec "$BIN" --minwidth 0 2> "$G/pipe.err") |
            cat > "$G/pipe.svg"
        got=${PIPESTATUS[1]}
    fi
    if [ $got -eq 0 ] && cmp -s "$G/pipe.svg" "$G/unsorted-ref.svg"; then ok
    else bad "pipe-unsorted-$how" "exit $got, $(cmp "$G/pipe.svg" "$G/unsorted-ref.svg" 2>&1 | head -1): $(head -c 200 "$G/pipe.err")"; fi
done
rm -f "$G"/unsorted* "$G"/pipe.*

# ---- 3. output safety ------------------------------------------------------
echo "== output safety"
O=$T/out
mkdir -p "$O"
# /dev/full only where it is the real device.
if [ -c /dev/full ]; then
    "$BIN" "$FX/small.folded" > /dev/full 2> "$O/full.err"
    if [ $? -eq 1 ] && grep -q '^cflamegraph: write error' "$O/full.err"; then ok; else bad dev-full "writing to /dev/full must fail with a message"; fi
    "$BIN" -o /dev/full "$FX/small.folded" 2> "$O/full.err"
    if [ $? -eq 1 ] && grep -q '^cflamegraph: cannot write /dev/full' "$O/full.err"; then ok; else bad dev-full-o "-o /dev/full must fail with a message"; fi
else
    skipped "/dev/full is not a character device here"
fi
# A file size limit: the old file stays, for SVG, PNG and the error picture.
# (The error picture of an empty input fits in 2 KiB: no room at all for it.)
for fmt in svg png; do
    for input in "$IN/example-perf.folded" "$IN/empty.folded"; do
        limit=2
        [ "$input" = "$IN/empty.folded" ] && limit=0
        echo precious > "$O/limited.$fmt"
        # standard error through a pipe, which the file size limit spares
        (cd "$O" && ulimit -f $limit && trap '' XFSZ && exec "$BIN" -o "limited.$fmt" "$input" 2>&1 > /dev/null) |
            cat > "$O/limited.err"
        got=${PIPESTATUS[0]}
        if [ $got -eq 1 ] && [ "$(cat "$O/limited.$fmt")" = precious ] && grep -q "^cflamegraph: cannot write limited.$fmt" "$O/limited.err" &&
           ! ls "$O"/limited.$fmt.tmp.* > /dev/null 2>&1; then ok
        else bad "ulimit-f-$fmt" "exit $got, file '$(head -c 20 "$O/limited.$fmt")': $(cat "$O/limited.err")"; fi
    done
done
# Standard output closed, or open read-only: an error, not lost output.
"$BIN" "$FX/small.folded" >&- 2> "$O/closed.err"
if [ $? -eq 1 ] && grep -q 'standard output is closed' "$O/closed.err"; then ok; else bad closed-stdout "must fail"; fi
"$BIN" "$FX/small.folded" 1< "$FX/small.folded" 2> "$O/ro.err"
if [ $? -eq 1 ] && grep -q '^cflamegraph: write error' "$O/ro.err"; then ok; else bad readonly-stdout "must fail: $(cat "$O/ro.err")"; fi
for opt in --help --version; do
    "$BIN" $opt >&- 2> /dev/null
    if [ $? -eq 1 ]; then ok; else bad "closed-stdout$opt" "must fail"; fi
done
# -o: not into a directory or a missing one; PNG over the limits keeps the file.
mkdir -p "$O/adir"
"$BIN" -o "$O/adir" "$FX/small.folded" 2> "$O/dir.err"
if [ $? -eq 1 ] && [ -d "$O/adir" ] && grep -q 'Is a directory' "$O/dir.err"; then ok; else bad o-directory "$(cat "$O/dir.err")"; fi
"$BIN" -o "$O/missing/x.svg" "$FX/small.folded" 2> "$O/missing.err"
if [ $? -eq 1 ] && grep -q '^cflamegraph: cannot write' "$O/missing.err"; then ok; else bad o-missing-dir "$(cat "$O/missing.err")"; fi
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "%sf%d", i ? ";" : "", i; print " 1" }' > "$O/d3000.folded"
echo precious > "$O/big.png"
"$BIN" -o "$O/big.png" "$O/d3000.folded" 2> "$O/big.err"
if [ $? -eq 1 ] && [ "$(cat "$O/big.png")" = precious ] && grep -q "cairo's limit" "$O/big.err"; then ok; else bad o-png-limit "$(cat "$O/big.err")"; fi
# -o into a FIFO or through a symbolic link: written into, not replaced.
mkfifo "$O/fifo"
cat "$O/fifo" > "$O/from-fifo.svg" &
reader=$!
timeout 60 "$BIN" -o "$O/fifo" "$FX/small.folded" 2> /dev/null
got=$?
wait $reader
if [ $got -eq 0 ] && [ -p "$O/fifo" ] && "$STRICTSVG" "$O/from-fifo.svg"; then ok; else bad o-fifo "exit $got; the FIFO must stay a FIFO and get the graph"; fi
echo old > "$O/real.svg"
ln -s real.svg "$O/link.svg"
"$BIN" -o "$O/link.svg" "$FX/small.folded" 2> /dev/null
if [ -L "$O/link.svg" ] && "$STRICTSVG" "$O/real.svg"; then ok; else bad o-symlink "the link must stay and its file be replaced"; fi
# Output to the input file itself: read first, then replaced whole.
cp "$FX/small.folded" "$O/self.folded"
"$BIN" -o "$O/self.folded" "$O/self.folded" 2> /dev/null
if [ $? -eq 0 ] && "$STRICTSVG" "$O/self.folded"; then ok; else bad o-self "-o onto its own input"; fi

# --cp: runs at once in one directory, many times; palette.map always parses.
P=$T/cp
mkdir -p "$P"
for i in 1 2 3 4 5 6; do
    awk -v k=$i 'BEGIN { for (j = 0; j < 400; j++) printf "main;mod%d;fn%d_%d %d\n", j % 7, k, j, j + 1 }' > "$P/in$i.folded"
done
map_ok() {   # every line NAME->rgb(R,G,B), components 0..255
    awk '{ if (!match($0, /->rgb\(([0-9]+),([0-9]+),([0-9]+)\)$/)) exit 1
           split(substr($0, RSTART + 6, RLENGTH - 7), c, ",")
           if (c[1] > 255 || c[2] > 255 || c[3] > 255) exit 1 }' "$1"
}
torn=0 failed_runs=0
( cd "$P" && while [ ! -f stop ]; do
      if [ -f palette.map ]; then cp palette.map snap 2> /dev/null && { map_ok snap || echo torn >> torn.log; }; fi
      sleep 0.01
  done ) &
watcher=$!
for round in $(seq 1 20); do
    pids=()
    for i in 1 2 3 4 5 6; do
        (cd "$P" && exec "$BIN" --cp "in$i.folded" > "out$i.svg" 2> "err$i") &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || failed_runs=$((failed_runs + 1)); done
    map_ok "$P/palette.map" || torn=$((torn + 1))
done
touch "$P/stop"
wait $watcher
[ -f "$P/torn.log" ] && torn=$((torn + $(wc -l < "$P/torn.log")))
if [ $failed_runs -eq 0 ] && [ $torn -eq 0 ] && ! ls "$P"/palette.map.tmp* > /dev/null 2>&1; then ok
else bad cp-concurrent "$failed_runs runs failed, $torn torn palette.map reads: $(cat "$P"/err* | sort -u | head -3)"; fi
if [ "$(grep -c -- '->rgb(' "$P/palette.map")" -ge 400 ]; then ok; else bad cp-concurrent "palette.map lost names"; fi
# palette.map a directory: an error, not a crash.
mkdir -p "$P/dirmap/palette.map"
(cd "$P/dirmap" && "$BIN" --cp "$FX/small.folded" > /dev/null 2> err)
if [ $? -eq 1 ] && grep -q '^cflamegraph: cannot read palette.map' "$P/dirmap/err"; then ok; else bad cp-map-directory "$(cat "$P/dirmap/err")"; fi

# ---- 4. resources ----------------------------------------------------------
echo "== resources"
R=$T/res
mkdir -p "$R"
if [ -z "$SAN" ]; then
    # A big input under a small address-space limit: "out of memory", status 1.
    { head -c $((200 * 1024 * 1024)) /dev/zero | tr '\0' x; printf ' 5\n'; } > "$R/big.folded"
    (ulimit -v 400000 && exec "$BIN" "$R/big.folded" > /dev/null 2> "$R/oom.err")
    got=$?
    if [ $got -eq 1 ] && grep -q '^cflamegraph: .*out of memory' "$R/oom.err"; then ok; else bad oom-big-line "exit $got: $(cat "$R/oom.err")"; fi
    stderr_clean oom-big-line "$R/oom.err"
    rm -f "$R/big.folded"
    # Out-of-order lines, kept and sorted: every limit fails cleanly or works.
    awk 'BEGIN { for (i = 0; i < 400000; i++) printf "main;func_%d;leaf_%d 1\n", (i * 7919) % 400000, i }' > "$R/many.folded"
    "$BIN" --minwidth 0 "$R/many.folded" > "$R/many-ref.svg" 2> /dev/null
    for mb in 100 120 140 160 200 260 330 420; do
        (ulimit -v $((mb * 1024)) && exec "$BIN" --minwidth 0 "$R/many.folded" > "$R/many.svg" 2> "$R/many.err")
        got=$?
        if grep -q 'error while loading shared libraries' "$R/many.err"; then continue; fi
        case $got in
        0) if cmp -s "$R/many.svg" "$R/many-ref.svg"; then ok; else bad "oom-many-$mb" "exit 0 but a different graph"; fi ;;
        1) if grep -q '^cflamegraph: .*memory' "$R/many.err"; then ok; else bad "oom-many-$mb" "exit 1 without an out-of-memory message: $(cat "$R/many.err")"; fi
           stderr_clean "oom-many-$mb" "$R/many.err" ;;
        *) bad "oom-many-$mb" "exit $got: $(head -c 300 "$R/many.err")" ;;
        esac
    done
    rm -f "$R"/many*
else
    skipped "ulimit -v cases (sanitizers reserve more address space than any limit)"
fi

# Every allocation of the program failing in turn, from the N-th on: status 1
# with a message, or the same graph as without the shim; never a signal, and
# the -o file is kept on failure.
if [ -z "$SAN" ] && [ -f "$FAILALLOC" ]; then
    awk 'BEGIN { srand(3); for (i = 0; i < 300; i++) printf "main;m%d;f%d %d\n", int(rand() * 20), int(rand() * 50), 1 + int(rand() * 9) }' > "$R/unsorted.folded"
    printf 'main\tclass=c\thref=https://example.com/\n' > "$R/na.tsv"
    failalloc_case() {   # LABEL ARGS...
        local label=$1; shift
        local d=$R/$label
        mkdir -p "$d"
        (cd "$d" && rm -f palette.map && "$BIN" -o ref.svg "$@" 2> ref.err < "$R/unsorted.folded")
        local want=$?
        (cd "$d" && rm -f palette.map && LD_PRELOAD=$FAILALLOC FAILALLOC_COUNT=count "$BIN" -o count.svg "$@" 2> /dev/null < "$R/unsorted.folded")
        local n k step got bad_before=$fail
        n=$(cat "$d/count")
        step=$(( n > 400 ? n / 400 : 1 ))
        for ((k = 1; k <= n + 1; k += step)); do
            echo precious > "$d/out.svg"
            (cd "$d" && rm -f palette.map && LD_PRELOAD=$FAILALLOC FAILALLOC_AT=$k exec "$BIN" -o out.svg "$@" 2> err < "$R/unsorted.folded")
            got=$?
            if [ $got -eq 1 ]; then
                if ! grep -q '^cflamegraph: .*memory' "$d/err"; then bad "$label" "allocation $k: exit 1 without an out-of-memory message: $(cat "$d/err")"; break; fi
                if [ "$(cat "$d/out.svg")" != precious ]; then bad "$label" "allocation $k: the -o file changed"; break; fi
            elif [ $got -eq "$want" ]; then
                if ! cmp -s "$d/out.svg" "$d/ref.svg"; then bad "$label" "allocation $k: exit $got with a different graph"; break; fi
            else
                bad "$label" "allocation $k of $n: exit $got: $(head -c 300 "$d/err")"; break
            fi
        done
        [ $fail -eq $bad_before ] && ok
        echo "   $label: $n allocations, failed in turn every $step"
    }
    failalloc_case failalloc-stdin
    failalloc_case failalloc-file "$R/unsorted.folded"
    failalloc_case failalloc-sorted "$FX/small.folded" "$IN/example-dtrace.folded"
    failalloc_case failalloc-options --reverse --colors chain --cp --nameattr "$R/na.tsv" --title '<t>' "$IN/differential.folded"
    failalloc_case failalloc-chart --flamechart --inverted --minwidth 0 "$IN/timeline.folded"
    failalloc_case failalloc-empty "$IN/empty.folded"
    failalloc_case failalloc-png --format png "$FX/small.folded"
    failalloc_case failalloc-weight --sort weight --truncate left --colordiffusion --stroke-color '#000000'
    failalloc_case failalloc-html --format html --nameattr "$R/na.tsv" "$IN/differential.folded"
    failalloc_case failalloc-perf --tid "$FX/perf-small.txt" "$TOP/fixtures/compat-perf/inputs/perf-java-stacks-02.txt"
else
    skipped "allocation failures (no LD_PRELOAD under sanitizers)"
fi

# PNG: at most 2^27 pixels.
awk 'BEGIN { for (i = 0; i < 1200; i++) printf "%sf%d", i ? ";" : "", i; print " 1" }' > "$R/d1200.folded"
run_case png-area-limit 1 --format png --width 32767 "$R/d1200.folded" -- "err:at most 134217728 pixels"

# ---- 5. library API edges --------------------------------------------------
echo "== library API"
if [ -x "$API" ]; then
    "$API" > "$T/api.out" 2> "$T/api.err"
    api_status=$?
    grep -q '^not ok' "$T/api.out" || [ $api_status -eq 0 ] || bad hostile-api "exit $api_status: $(head -c 500 "$T/api.err")"
    grep -q 'runtime error\|Sanitizer' "$T/api.err" && sed 's/^/    /' "$T/api.err" | head -20
    while IFS= read -r line; do
        case $line in
        "ok "*) ok ;;
        "not ok "*) l=${line#not ok }; bad "${l%%:*}" "${l#*: }" ;;
        esac
    done < "$T/api.out"
else
    bad hostile-api "$API missing"
fi

echo "hostile: $pass passed, $fail failed, $known known failures (fuzz/FINDINGS.md), $skip skipped"
[ "$fail" -eq 0 ]
