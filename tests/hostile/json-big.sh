#!/bin/bash
# Big hostile JSON inputs for cflamegraph's Trace Event and speedscope
# readers, made here rather than committed (fixtures/hostile/EXPECTED.json
# has the small ones): JSON nested a million deep, a 100 MB name, events of
# 100,000 threads, events nested 5,000 and 100,000 deep, a trace cut in the
# middle of a long string, and allocations failing.  Each must exit as said, in bounded time; every
# graph written is checked with build/tests/svgstrict; a run that fails
# must leave an existing -o file as it was.
#
# usage: bash tests/hostile/json-big.sh build/cflamegraph [san]
#   san: AddressSanitizer build (smaller big inputs)
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SAN=${2:-}
STRICTSVG=$(dirname "$BIN")/tests/svgstrict
T=$(mktemp -d "${TMPDIR:-/tmp}/json-big.XXXXXX")
trap 'rm -rf "$T"' EXIT
export LC_ALL=C
if [ -n "$SAN" ]; then BIG_MB=20; else BIG_MB=100; fi
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1: $2"; }

# check LABEL WANT FILE [TEXT]: exit status WANT, TEXT in the output (0)
# or standard error (1, 2); then again with -o over an existing file.
check() {
    local label=$1 want=$2 file=$3 text=${4:-}
    timeout 600 "$BIN" "$file" > "$T/out.svg" 2> "$T/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then bad "$label" "exit $got, want $want: $(head -c 300 "$T/err")"; return; fi
    if [ "$want" -eq 1 ]; then
        if [ -s "$T/out.svg" ]; then bad "$label" "output written with exit status 1"; else ok; fi
        if [ "$(wc -l < "$T/err")" -eq 1 ]; then ok; else bad "$label" "not one line of error: $(head -c 300 "$T/err")"; fi
    elif "$STRICTSVG" "$T/out.svg" 2> "$T/strict"; then ok
    else bad "$label" "$(cat "$T/strict")"; fi
    if [ -n "$text" ]; then
        local where=$T/err
        [ "$want" -eq 0 ] && where=$T/out.svg
        if grep -qF -- "$text" "$where"; then ok; else bad "$label" "lacks '$text'"; fi
    fi
    echo precious > "$T/old.svg"
    timeout 600 "$BIN" -o "$T/old.svg" "$file" 2> /dev/null
    got=$?
    if [ "$got" -ne "$want" ]; then bad "$label" "with -o: exit $got"
    elif [ "$got" -eq 1 ] && [ "$(cat "$T/old.svg")" != precious ]; then bad "$label" "with -o: the file changed"
    elif [ "$got" -ne 1 ] && ! "$STRICTSVG" "$T/old.svg" 2> /dev/null; then bad "$label" "with -o: not a valid SVG"
    else ok; fi
}

# JSON nested a million deep: in an event's args, as the whole document,
# and cut short.
{ printf '{"traceEvents":[{"ph":"X","name":"deep","ts":0,"dur":3,"args":'
  head -c 1000000 /dev/zero | tr '\0' '['; head -c 1000000 /dev/zero | tr '\0' ']'
  printf '}]}\n'; } > "$T/deep.json"
check million-deep 0 "$T/deep.json" 'deep (3 '
{ head -c 1000000 /dev/zero | tr '\0' '['; head -c 1000000 /dev/zero | tr '\0' ']'; } > "$T/deep.json"
check million-deep-bare 2 "$T/deep.json" 'ERROR: No stack counts found'
{ printf '{"a":'; head -c 1000000 /dev/zero | sed 's/\x0/{"a":/g'; } > "$T/deep.json"
check million-deep-cut 1 "$T/deep.json" 'the input ends before the JSON does'
rm -f "$T/deep.json"

# A name of BIG_MB megabytes, and a file cut inside it.
{ printf '[{"ph":"X","ts":0,"dur":5,"name":"'; head -c $((BIG_MB * 1000000)) /dev/zero | tr '\0' x
  printf '"},{"ph":"X","name":"small","ts":5,"dur":1}]'; } > "$T/long.json"
start=$SECONDS
check long-name 0 "$T/long.json" 'small (1 '
[ $((SECONDS - start)) -lt 120 ] && ok || bad long-name "took $((SECONDS - start)) s (a long token lexed again and again?)"
head -c $((BIG_MB * 500000)) "$T/long.json" > "$T/cut.json"
check long-name-cut 1 "$T/cut.json" 'the input ends before the JSON does'
rm -f "$T/long.json" "$T/cut.json"

# Every allocation of the program failing in turn, from the N-th on (yajl's
# too: they go through the reader's allocators): status 1 with a message
# and the -o file kept, or the graph of a run without failures.
FAILALLOC=$(dirname "$BIN")/tests/failalloc.so
CI=$(cd "$(dirname "$0")/../.." && pwd)/fixtures/compat-input
failalloc_case() {   # LABEL ARGS...
    local label=$1; shift
    local d=$T/$label
    mkdir -p "$d"
    (cd "$d" && "$BIN" -o ref.svg "$@" 2> ref.err)
    local want=$?
    (cd "$d" && LD_PRELOAD=$FAILALLOC FAILALLOC_COUNT=count "$BIN" -o count.svg "$@" 2> /dev/null)
    local n k step got before=$fail
    n=$(cat "$d/count")
    step=$(( n > 300 ? n / 300 : 1 ))
    for ((k = 1; k <= n + 1; k += step)); do
        echo precious > "$d/out.svg"
        (cd "$d" && LD_PRELOAD=$FAILALLOC FAILALLOC_AT=$k exec "$BIN" -o out.svg "$@" 2> err)
        got=$?
        if [ $got -eq 1 ]; then
            if ! grep -q '^cflamegraph: .*memory' "$d/err" && ! { [ "$want" -eq 1 ] && cmp -s "$d/err" "$d/ref.err"; }; then
                bad "$label" "allocation $k: exit 1 without an out-of-memory message: $(cat "$d/err")"; break
            fi
            if [ "$(cat "$d/out.svg")" != precious ]; then bad "$label" "allocation $k: the -o file changed"; break; fi
        elif [ $got -eq "$want" ]; then
            if ! cmp -s "$d/out.svg" "$d/ref.svg"; then bad "$label" "allocation $k: exit $got with a different graph"; break; fi
        else
            bad "$label" "allocation $k of $n: exit $got: $(head -c 300 "$d/err")"; break
        fi
    done
    [ $fail -eq $before ] && ok
    echo "   $label: $n allocations, failed in turn every $step"
}
if [ -z "$SAN" ] && [ -f "$FAILALLOC" ]; then
    awk 'BEGIN { printf "["
                 for (i = 0; i < 120000; i++)
                     printf "%s{\"pid\":1,\"tid\":%d,\"ts\":%d.%03d,\"dur\":%d.5,\"name\":\"fn_%d (/src/app/mod%d.py:%d)\",\"ph\":\"X\",\"cat\":\"FEE\"}", i ? ",\n" : "", i % 4, int(i / 4) * 10, i % 1000, 9 - (i % 5) * 2, i % 97, i % 13, i % 500
                 printf "]\n" }' > "$T/trace.json"
    failalloc_case failalloc-trace "$CI/viztracer-order.json"
    failalloc_case failalloc-trace-chart --flamechart "$CI/flamechart.json"
    failalloc_case failalloc-speedscope "$CI/speedscope-two-profiles.json"
    failalloc_case failalloc-truncated "$CI/truncated-array.json"
    failalloc_case failalloc-malformed "$CI/truncated-object.json"
    failalloc_case failalloc-big-trace "$T/trace.json"
    rm -f "$T/trace.json"
fi

# 100,000 threads, each named, and 100,000 processes.
awk 'BEGIN { printf "{\"traceEvents\":["
             for (i = 0; i < 100000; i++)
                 printf "%s{\"ph\":\"X\",\"name\":\"f%d\",\"ts\":%d,\"dur\":3,\"pid\":7,\"tid\":%d},{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":7,\"tid\":%d,\"args\":{\"name\":\"worker-%d\"}}", i ? "," : "", i % 13, i, i, i, i
             printf "]}\n" }' > "$T/threads.json"
check threads-100k 0 "$T/threads.json" 'all (300,000 '
awk 'BEGIN { printf "["
             for (i = 0; i < 100000; i++)
                 printf "%s{\"ph\":\"B\",\"name\":\"b\",\"ts\":%d,\"pid\":\"p%d\",\"tid\":1},{\"ph\":\"E\",\"ts\":%d,\"pid\":\"p%d\",\"tid\":1}", i ? "," : "", i, i, i + 2, i
             printf "]\n" }' > "$T/procs.json"
check processes-100k 0 "$T/procs.json" 'all (200,000 '
rm -f "$T/threads.json" "$T/procs.json"

# Events nested 5,000 deep: 5,000 stacks, the last 5,000 frames long.
# 100,000 deep would be some 15 GB of folded lines: refused at once.
nest() {
    awk -v n="$1" 'BEGIN { printf "["
        for (i = 0; i < n; i++) printf "%s{\"ph\":\"X\",\"name\":\"f%d\",\"ts\":%d,\"dur\":%d}", i ? "," : "", i % 3, i, 4 * n - 2 * i
        printf "]\n" }' > "$T/nest.json"
}
nest 5000
check nested-5k 0 "$T/nest.json" 'all (20,000 '
nest 100000
start=$SECONDS
check nested-100k 1 "$T/nest.json" 'too much to draw'
[ $((SECONDS - start)) -lt 60 ] && ok || bad nested-100k "took $((SECONDS - start)) s to refuse"
rm -f "$T/nest.json"

echo "json-big: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
