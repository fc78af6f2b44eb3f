#!/bin/sh
# Write seed inputs for the harnesses, made from the fixtures, into
# OUT/folded, OUT/render, OUT/perf, OUT/trace and OUT/speedscope.  The committed corpus (fuzz/corpus/) started as
# these seeds merged with what fuzzing found (make fuzz-merge).
# usage: sh fuzz/seed.sh OUT
set -eu
out=$1
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out/folded" "$out/render" "$out/perf" "$out/trace" "$out/speedscope"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Inputs: the small fixtures whole, slices of the big ones (whole lines).
n=0
for f in "$top"/fixtures/cli/*.folded "$top"/fixtures/compat/inputs/*.folded \
         "$top"/fixtures/hostile/*.folded "$top"/tests/examples/*.folded; do
    [ -f "$f" ] || continue
    b=$(basename "$f" .folded)
    if [ "$(wc -c < "$f")" -le 4096 ]; then
        cp "$f" "$tmp/$b"
    else
        head -c 4096 "$f" | sed '$d' > "$tmp/$b-head"
        awk 'NR % 37 == 0' "$f" | head -c 4096 | sed '$d' > "$tmp/$b-sample"
        # out of order: the reader has to switch to sorting
        head -n 60 "$f" | sort -r | head -c 4096 | sed '$d' > "$tmp/$b-unsorted"
    fi
done
for f in "$top"/fixtures/compat/cases/*.input "$top"/fixtures/compat/cases/*.folded; do
    [ -f "$f" ] && [ "$(wc -c < "$f")" -le 4096 ] && cp "$f" "$tmp/case-$(basename "$f")"
done

# fuzz_folded: one option byte, then the input.
for f in "$tmp"/*; do
    b=$(basename "$f")
    for opt in 000 001 002 005 010 110; do    # octal: sh's printf has no \x
        { printf "\\$opt"; cat "$f"; } > "$out/folded/$b-$opt"
        n=$((n + 1))
    done
done

# fuzz_render: 14 option bytes (fuzz/fuzz_render.c), blobs, then the input.
hdr() { for x in "$@"; do printf "\\$(printf %03o "0x$x")"; done; }
blob() {   # 2-byte little-endian length, then the file
    len=$(wc -c < "$1")
    printf "\\$(printf %03o $((len % 256)))\\$(printf %03o $((len / 256)))"
    cat "$1"
}
printf 'a\tclass=hot\thref=https://example.com/?a=1&b="2"\ttitle=<t>\nmain\tid=m\n' > "$tmp/na"
printf 'main->rgb(1,2,3)\na->rgb(255,0,0)\n' > "$tmp/pm"
for f in "$tmp"/*; do
    b=$(basename "$f")
    case $b in na|pm) continue ;; esac
    [ "$(wc -c < "$f")" -le 2048 ] || continue
    { hdr 00 00 00 00 00 00 00 00 00 00 00 00 00 00; cat "$f"; } > "$out/render/$b-default"
    { hdr 07 05 04 05 05 02 04 02 02 05 02 01 3f 09
      printf '\005<b>&T\003sub\002us\003fn:\005notes\007Verdana'; cat "$f"; } > "$out/render/$b-many"
    { hdr 8b 08 03 01 00 00 00 00 00 00 00 00 00 00; blob "$tmp/na"; cat "$f"; } > "$out/render/$b-nameattr"
    { hdr 50 00 00 00 00 00 00 00 00 00 00 00 00 00; blob "$tmp/pm"; cat "$f"; } > "$out/render/$b-cp"
    { hdr 00 00 04 00 00 00 00 00 00 00 00 02 00 00; cat "$f"; } > "$out/render/$b-pdf"
    { hdr 21 06 04 00 00 00 00 00 00 00 00 01 00 00; cat "$f"; } > "$out/render/$b-png"
    n=$((n + 6))
done
# fuzz_perf: an option byte and a chunk-seed byte, then perf script text
# (the captures in slices of whole lines, the CLI and hostile fixtures).
mkdir -p "$tmp/perf"
for f in "$top"/fixtures/compat-perf/inputs/*.txt "$top"/fixtures/cli/perf-*.txt \
         "$top"/fixtures/hostile/perf-*.txt; do
    [ -f "$f" ] || continue
    b=$(basename "$f" .txt)
    if [ "$(wc -c < "$f")" -le 4096 ]; then
        cp "$f" "$tmp/perf/$b"
    else
        head -c 4096 "$f" | sed '$d' > "$tmp/perf/$b-head"
        tail -c 4096 "$f" | sed '1d' > "$tmp/perf/$b-tail"
    fi
done
for f in "$tmp"/perf/*; do
    b=$(basename "$f")
    # none, --tid --addrs, --pid --kernel --jit --all, --event-filter, detected
    for opt in 000 042 035 100 200; do
        { printf "\\$opt\\007"; cat "$f"; } > "$out/perf/$b-$opt"
        n=$((n + 1))
    done
done

# fuzz_trace, fuzz_speedscope: one option byte (fuzz/fuzz_json.h), then the
# JSON: auto or the harness's format, --flamechart, stretch sizes.
for f in "$top"/fixtures/compat-input/*.json "$top"/fixtures/hostile/*.json; do
    [ -f "$f" ] && [ "$(wc -c < "$f")" -le 4096 ] || continue
    b=$(basename "$f" .json)
    case $b in speedscope*) h=speedscope ;; *) h=trace ;; esac
    for opt in 000 001 002 014 023 034; do
        { printf "\\$opt"; cat "$f"; } > "$out/$h/$b-$opt"
        n=$((n + 1))
    done
done
echo "seed.sh: $n seeds in $out"
