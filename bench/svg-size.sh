#!/usr/bin/env bash
# bench/svg-size.sh - how large cflamegraph's SVG is next to the same frames
# laid out the way flamegraph.pl lays them out (issue #6: at most 80%).
#
#   bench/svg-size.sh [BINARY] [KIND|FILE.folded ...]
#
# BINARY   the renderer (default build/cflamegraph)
# KIND     a bench/gen.c input kind (medium large medium-diff wide deep),
#          generated into build/bench-data (BENCH_DATA) when missing
# FILE     a folded file
# Default: medium large medium-diff wide, then fixtures/compat/inputs/*.folded.
#
# Each input is rendered with default options; bench/browser/fg-layout.js
# rewrites the frames of that SVG into flamegraph.pl's layout, keeping the
# rest of the document (header, stylesheet, script) byte for byte, so the
# "whole" ratio counts the same fixed part on both sides and the "frames"
# ratio compares the frames (with their labels) alone.  Prints a Markdown
# table; exits 1 when a frames-only ratio exceeds 0.80 (MAX_RATIO), or a
# whole-file ratio does for an SVG of 64 KB or more (below that the shared
# header and script, about 17 KB, are most of both files).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top"

bin=build/cflamegraph
if [[ $# -gt 0 && -x $1 && $1 != *.folded ]]; then
    bin=$1
    shift
fi
[[ -x $bin ]] || { echo "svg-size.sh: $bin: no such executable (run make)" >&2; exit 2; }
command -v node >/dev/null || { echo "svg-size.sh: node not found" >&2; exit 2; }
data=${BENCH_DATA:-build/bench-data}
max=${MAX_RATIO:-0.80}

inputs=("$@")
if ((${#inputs[@]} == 0)); then
    inputs=(medium large medium-diff wide fixtures/compat/inputs/*.folded)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/svg-size.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

input_for() { # KIND or FILE -> folded path
    case $1 in
        *.folded) printf '%s\n' "$1" ;;
        *)
            local f=$data/$1.folded
            if [[ ! -f $f ]]; then
                [[ -x build/bench-gen ]] || make -s build/bench-gen >&2
                mkdir -p "$data"
                echo "svg-size.sh: generating $f" >&2
                build/bench-gen "$1" > "$f.tmp" && mv "$f.tmp" "$f"
            fi
            printf '%s\n' "$f"
            ;;
    esac
}

echo "| input | frames | cflamegraph bytes | flamegraph.pl layout bytes | whole ratio | frames-only ratio |"
echo "|---|--:|--:|--:|--:|--:|"
fail=0
for inp in "${inputs[@]}"; do
    f=$(input_for "$inp")
    name=$(basename "$f" .folded)
    status=0
    "$bin" "$f" > "$tmp/ours.svg" 2>/dev/null || status=$?
    if ((status != 0)); then
        echo "| $name | (exit $status: no frames) | $(wc -c < "$tmp/ours.svg" | tr -d ' ') | | | |"
        continue
    fi
    stats=$(node bench/browser/fg-layout.js --stats "$tmp/ours.svg")
    row=$(node -e '
        const s = JSON.parse(process.argv[1]);
        const r = s.in_bytes / s.out_bytes, fr = s.in_frame_bytes / s.out_frame_bytes;
        const max = Number(process.argv[2]);
        const over = fr > max || (s.in_bytes >= 65536 && r > max);
        console.log([s.frames, s.in_bytes, s.out_bytes, r.toFixed(3), fr.toFixed(3), over ? 1 : 0].join(" "));
    ' "$stats" "$max")
    read -r frames ours fg ratio fratio over <<< "$row"
    echo "| $name | $frames | $ours | $fg | $ratio | $fratio |"
    ((over)) && fail=1
done
if ((fail)); then
    echo "svg-size.sh: some ratio is above $max" >&2
fi
exit $fail
