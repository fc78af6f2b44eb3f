#!/usr/bin/env bash
# bench/run.sh - benchmark a flame graph renderer on generated folded input.
#
#   bench/run.sh [options] [BINARY] [KIND...]
#
# BINARY   the renderer (default build/cflamegraph), run as `BINARY input > out.svg`
# KIND     large medium medium-stdin medium-pipe medium-shuffled medium-diff
#          medium-png medium-weight large-weight deep wide (default: all of
#          them, largest last);
#          medium-stdin is medium read from standard input
#          (`BINARY < input > out.svg`), medium-pipe the same through a pipe
#          (`cat input | BINARY`); medium-png renders medium as a PNG of
#          over 30,000 frames (`--minwidth 0.05 --format png`);
#          medium-focus, medium-hide, medium-collapse filter medium
#          (`--focus Curl_`, `--hide '^std::|Zstd'`, `--collapse-recursion`),
#          medium-join is `--diff medium-shuffled medium` (cflamegraph only)
#          medium-weight and large-weight are medium and large in weight
#          order (`--sort weight`)
#          perf perf-pipe perf-wc: medium-stdin is medium read from standard
#          input (`BINARY < input > out.svg`), medium-pipe the same through
#          a pipe (`cat input | BINARY`); medium-png renders medium as a PNG
#          of over 30,000 frames (`--minwidth 0.05 --format png`); perf is
#          1 GB of `perf script` text (bench/gen-perf.c), perf-pipe the same
#          through a pipe, perf-wc `wc -l` on it (the floor: reading every
#          byte once); large-wc is `wc -l` on large, large-pipe large
#          through a pipe, large-pipe-wc `cat large | wc -l` (the pipe's
#          floor); any KIND-wc or KIND-pipe-wc is `wc -l` on KIND's input
#          trace-100mb and trace-10m are Viztracer-like Trace Event JSON
#          (bench/gen-trace.c: about 100 MB, and 10,000,000 X events), in a
#          table of their own with bytes of peak memory per event and `wc -l`
#          on the same file
#
# options:
#   --cmd 'COMMAND'  measure another renderer the same way, e.g.
#                    --cmd 'perl flamegraph.pl' (run through sh, with exec)
#   --runs N         runs per input (default 5; BENCH_RUNS)
#   --data DIR       cache of generated inputs (default build/bench-data; BENCH_DATA)
#   --keep           keep every output SVG in DIR/out (default: the last run's)
#   -h, --help
#
# Environment: CC (to build the helpers when missing), BENCH_GEN,
# BENCH_GEN_PERF, BENCH_GEN_TRACE, BENCH_RUSAGE (helper paths, default
# build/bench-gen, build/bench-gen-perf, build/bench-gen-trace and
# build/bench-rusage), BENCH_SEED, BENCH_PERF_MB (size of the perf input,
# default 1024).
#
# Prints a Markdown table on standard output (progress goes to standard
# error) and exits non-zero if any run failed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)

all_kinds=(wide medium medium-stdin medium-pipe medium-shuffled medium-diff medium-png medium-focus
           medium-hide medium-collapse medium-join medium-weight deep large-wc large large-pipe-wc large-pipe
           large-weight perf-wc perf perf-pipe trace-100mb trace-10m)
runs=${BENCH_RUNS:-5}
data=${BENCH_DATA:-build/bench-data}
gen=${BENCH_GEN:-build/bench-gen}
gen_perf=${BENCH_GEN_PERF:-build/bench-gen-perf}
perf_mb=${BENCH_PERF_MB:-1024}
gen_trace=${BENCH_GEN_TRACE:-build/bench-gen-trace}
rus=${BENCH_RUSAGE:-build/bench-rusage}
seed=${BENCH_SEED:-1}
cmd=
bin=
kinds=()

die() { echo "run.sh: $*" >&2; exit 2; }
usage() { sed -n '2,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }
is_kind() {
    local k base=${1%-wc}
    base=${base%-pipe}
    for k in "${all_kinds[@]}"; do [[ $1 == "$k" || ($1 == *-wc && $base == "$k") ]] && return 0; done
    return 1
}

while (($#)); do
    case $1 in
        --cmd) (($# >= 2)) || die "--cmd needs a command"; cmd=$2; shift 2 ;;
        --cmd=*) cmd=${1#--cmd=}; shift ;;
        --runs) (($# >= 2)) || die "--runs needs a number"; runs=$2; shift 2 ;;
        --runs=*) runs=${1#--runs=}; shift ;;
        --data) (($# >= 2)) || die "--data needs a directory"; data=$2; shift 2 ;;
        --data=*) data=${1#--data=}; shift ;;
        --keep) keep=1; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; break ;;
        -*) die "unknown option $1 (try --help)" ;;
        *) break ;;
    esac
done
while (($#)); do
    if is_kind "$1"; then kinds+=("$1")
    elif [[ -z $bin && -z $cmd && ${#kinds[@]} -eq 0 ]]; then bin=$1
    else die "unknown input kind '$1' (kinds: ${all_kinds[*]})"
    fi
    shift
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs: not a positive number: $runs"
((${#kinds[@]})) || kinds=("${all_kinds[@]}")
keep=${keep:-0}

cd "$top"
if [[ -n $cmd ]]; then
    label=$cmd
else
    bin=${bin:-build/cflamegraph}
    [[ -x $bin ]] || die "$bin: no such executable (build it first, or pass BINARY)"
    [[ $bin == */* ]] || bin=$(command -v "$bin")
    label=$bin
fi

# The helpers: built here when missing, so that the script also works
# without make.
cc=${CC:-cc}
build_helper() { # OUT SRC LIBS...
    local out=$1 src=$2; shift 2
    if [[ ! -x $out || $src -nt $out ]]; then
        mkdir -p "$(dirname "$out")"
        echo "run.sh: building $out" >&2
        $cc -O2 -std=c99 -o "$out" "$src" "$@" || die "cannot build $out"
    fi
}
[[ -n ${BENCH_GEN:-} ]] || build_helper "$gen" bench/gen.c -lm
[[ -n ${BENCH_GEN_PERF:-} ]] || build_helper "$gen_perf" bench/gen-perf.c -lm
[[ -n ${BENCH_GEN_TRACE:-} ]] || build_helper "$gen_trace" bench/gen-trace.c
[[ -n ${BENCH_RUSAGE:-} ]] || build_helper "$rus" bench/rusage.c
mkdir -p "$data/out"

# Inputs are regenerated only when missing or made by another generator
# (the stamp holds the generator's checksum and the seed).
gen_sum=$(cksum < "$gen" | cut -d' ' -f1)
gen_perf_sum=$(cksum < "$gen_perf" | cut -d' ' -f1)
input_for() { # KIND -> path, generating it if needed
    local kind=${1%-wc} f stamp
    kind=${kind%-stdin}
    kind=${kind%-pipe}
    kind=${kind%-png}
    case $kind in medium-focus|medium-hide|medium-collapse|medium-join) kind=medium ;; esac
    kind=${kind%-weight}
    f=$data/$kind.folded
    stamp="$gen_sum seed=$seed"
    if [[ $kind == perf ]]; then
        f=$data/perf.txt
        stamp="$gen_perf_sum seed=$seed mb=$perf_mb"
    fi
    if [[ ! -f $f || ! -f $f.stamp || $(<"$f.stamp") != "$stamp" ]]; then
        echo "run.sh: generating $f" >&2
        local t0=$SECONDS
        if [[ $kind == perf ]]; then
            "$gen_perf" --mb "$perf_mb" --seed "$seed" > "$f.tmp" || die "generator failed for $kind"
        else
            "$gen" "$kind" --seed "$seed" > "$f.tmp" || die "generator failed for $kind"
        fi
        mv "$f.tmp" "$f"
        wc -l < "$f" | tr -d ' ' > "$f.lines"
        echo "$stamp" > "$f.stamp"
        echo "run.sh: generated $f in $((SECONDS - t0)) s" >&2
    fi
    printf '%s\n' "$f"
}

median() { sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
maxof() { sort -g | tail -n 1; }

# Frames drawn: one <title> each inside #frames, which the labels layer
# follows (docs/svg-format.md).
count_frames() {
    awk '/<g id="labels"/ {exit} f {n += gsub(/<title>/, "")} /<g id="frames"/ {f = 1} END {print n + 0}' "$1"
}

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
{
    echo "Renderer: \`$label\`, $runs runs per input (median wall time, largest peak RSS)."
    echo "Host: $(uname -sm), ${cpu:-unknown CPU}, $(nproc 2>/dev/null || echo '?') CPUs; $(date -u +%Y-%m-%d)."
    echo
    echo "| input | MB | lines | wall s | MB/s | peak RSS MB | frames drawn | output bytes |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|"
} 

failed=0
rep=$(mktemp "${TMPDIR:-/tmp}/bench-rusage.XXXXXX")
trap 'rm -f "$rep"' EXIT
trace_kinds=()
for kind in "${kinds[@]}"; do
    if [[ $kind == trace-* ]]; then
        trace_kinds+=("$kind")
        continue
    fi
    input=$(input_for "$kind")
    bytes=$(wc -c < "$input" | tr -d ' ')
    lines=$(<"$input.lines")
    out=$data/out/$kind.svg
    extra=()
    if [[ $kind == *-png ]]; then
        if [[ -n $cmd ]]; then
            echo "run.sh: $kind: skipped for --cmd (PNG output is cflamegraph's)" >&2
            continue
        fi
        extra=(--minwidth 0.05 --format png)
        out=$data/out/$kind.png
    fi
    case $kind in
        medium-focus) extra=(--focus Curl_) ;;
        medium-hide) extra=(--hide '^std::|Zstd') ;;
        medium-collapse) extra=(--collapse-recursion) ;;
        medium-join) extra=(--diff "$(input_for medium-shuffled)") ;;
        *-weight) extra=(--sort weight) ;;
    esac
    if [[ ${#extra[@]} -gt 0 && $kind != *-png && -n $cmd ]]; then
        echo "run.sh: $kind: skipped for --cmd (cflamegraph's options)" >&2
        continue
    fi
    if [[ $kind == *-pipe-wc ]]; then
        run=(sh -c 'cat "$1" | wc -l' sh "$input"); stdin=/dev/null
    elif [[ $kind == *-wc ]]; then
        run=(wc -l "$input"); stdin=/dev/null
    elif [[ -n $cmd ]]; then
        case $kind in
            *-stdin) run=(sh -c "exec $cmd"); stdin=$input ;;
            *-pipe) run=(sh -c "cat \"\$1\" | $cmd" sh "$input"); stdin=/dev/null ;;
            *) run=(sh -c "exec $cmd \"\$1\"" sh "$input"); stdin=/dev/null ;;
        esac
    else
        case $kind in
            *-stdin) run=("$bin"); stdin=$input ;;
            *-pipe) run=(sh -c 'cat "$1" | exec "$2"' sh "$input" "$bin"); stdin=/dev/null ;;
            *) run=("$bin" "${extra[@]}" "$input"); stdin=/dev/null ;;
        esac
    fi
    walls=() rsss=() sums=() ok=1
    for ((r = 1; r <= runs; r++)); do
        o=$out
        ((keep)) && o=$data/out/$kind.$r.svg
        echo "run.sh: $kind run $r/$runs" >&2
        status=0
        "$rus" -i "$stdin" -o "$o" -r "$rep" -- "${run[@]}" || status=$?
        if ((status != 0)); then
            echo "run.sh: $kind: run $r failed (exit status $status): ${run[*]}" >&2
            ok=0; failed=1; break
        fi
        read -r wall rss _ < "$rep"
        walls+=("$wall"); rsss+=("$rss")
        sums+=("$(cksum < "$o")")
        [[ $o == "$out" ]] || cp "$o" "$out"
    done
    mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')
    if ((!ok)); then
        echo "| $kind | $mb | $lines | FAILED | | | | |"
        continue
    fi
    if [[ $(printf '%s\n' "${sums[@]}" | sort -u | wc -l) -ne 1 ]]; then
        echo "run.sh: $kind: warning: the output differs between runs" >&2
    fi
    wall=$(printf '%s\n' "${walls[@]}" | median)
    rss=$(printf '%s\n' "${rsss[@]}" | maxof)
    outbytes=$(wc -c < "$out" | tr -d ' ')
    if [[ $kind == *-wc ]]; then
        frames=0
    elif [[ $kind == *-png ]]; then
        # The PNG holds no frame list: count them in the same graph as SVG.
        "$bin" --minwidth 0.05 "$input" > "$data/out/$kind.svg"
        frames=$(count_frames "$data/out/$kind.svg")
    else
        frames=$(count_frames "$out")
    fi
    awk -v k="$kind" -v mb="$mb" -v l="$lines" -v w="$wall" -v b="$bytes" -v r="$rss" -v f="$frames" -v o="$outbytes" \
        'BEGIN {printf "| %s | %s | %d | %.3f | %.1f | %.1f | %d | %d |\n", k, mb, l, w, (w > 0 ? b / 1e6 / w : 0), r / 1024, f, o}'
done

# ---- Trace Event JSON ---------------------------------------------------------

trace_input() { # KIND -> path, generating it if needed
    local kind=$1 f stamp args
    case $kind in
        trace-100mb) args=(--mb 100) ;;
        trace-10m) args=(--events 10000000) ;;
    esac
    f=$data/$kind.json
    stamp="$(cksum < "$gen_trace" | cut -d' ' -f1) seed=$seed"
    if [[ ! -f $f || ! -f $f.stamp || $(<"$f.stamp") != "$stamp" ]]; then
        echo "run.sh: generating $f" >&2
        "$gen_trace" "${args[@]}" --seed "$seed" > "$f.tmp" 2> "$f.log" || die "gen-trace failed for $kind"
        mv "$f.tmp" "$f"
        sed -n 's/^gen-trace: \([0-9]*\) X events.*/\1/p' "$f.log" > "$f.events"
        echo "$stamp" > "$f.stamp"
    fi
    printf '%s\n' "$f"
}

if ((${#trace_kinds[@]})) && [[ -n $cmd ]]; then
    echo "run.sh: trace kinds skipped for --cmd (flamegraph.pl does not read JSON)" >&2
    trace_kinds=()
fi
if ((${#trace_kinds[@]})); then
    echo
    echo "Trace Event JSON (bench/gen-trace.c) to SVG; \`wc -l\` reads the same file, as the floor."
    echo
    echo "| input | MB | X events | wall s | MB/s | peak RSS MB | bytes/event | wc -l s | frames drawn |"
    echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
fi
for kind in "${trace_kinds[@]}"; do
    input=$(trace_input "$kind")
    bytes=$(wc -c < "$input" | tr -d ' ')
    events=$(<"$input.events")
    out=$data/out/$kind.svg
    walls=() rsss=() floors=() ok=1
    for ((r = 1; r <= runs; r++)); do
        echo "run.sh: $kind run $r/$runs" >&2
        status=0
        "$rus" -i /dev/null -o "$out" -r "$rep" -- "$bin" "$input" || status=$?
        if ((status != 0)); then
            echo "run.sh: $kind: run $r failed (exit status $status)" >&2
            ok=0; failed=1; break
        fi
        read -r wall rss _ < "$rep"
        walls+=("$wall"); rsss+=("$rss")
        "$rus" -i "$input" -o /dev/null -r "$rep" -- wc -l || true
        read -r wall _ < "$rep"
        floors+=("$wall")
    done
    mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')
    if ((!ok)); then
        echo "| $kind | $mb | $events | FAILED | | | | | |"
        continue
    fi
    wall=$(printf '%s\n' "${walls[@]}" | median)
    rss=$(printf '%s\n' "${rsss[@]}" | maxof)
    floor=$(printf '%s\n' "${floors[@]}" | median)
    frames=$(count_frames "$out")
    awk -v k="$kind" -v mb="$mb" -v e="$events" -v w="$wall" -v b="$bytes" -v r="$rss" -v f="$floor" -v fr="$frames" \
        'BEGIN {printf "| %s | %s | %d | %.3f | %.1f | %.1f | %.1f | %.3f | %d |\n", k, mb, e, w, (w > 0 ? b / 1e6 / w : 0), r / 1024, r * 1024 / e, f, fr}'
done
exit $((failed ? 1 : 0))
