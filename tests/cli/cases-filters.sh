# tests/cli/cases-filters.sh - the filters and differential graphs
# (sourced by tests/cli/run.sh: run, ok, bad, err_has, out_has, ...).
FF=$TOP/fixtures/filters
CP=$TOP/../shared/compat-perf/results

# same_file NAME FILE: the output of case NAME is FILE, byte for byte.
same_file() {
    if cmp -s "$T/$1.out" "$2"; then ok; else bad "$1: output differs from ${2#"$TOP"/}"; diff "$2" "$T/$1.out" | head -10 | sed 's/^/    /'; fi
}

# --- each filter, and their order, on fixtures/filters/stacks.folded ------
# NAME|OPTIONS (split on spaces): the folded output is NAME.expected.
while IFS='|' read -r fcase opts; do
    case $fcase in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2086 # the options are words
    run "f-$fcase" 0 --quiet --format folded $opts "$FF/stacks.folded" && same_file "f-$fcase" "$FF/$fcase.expected"
done <<'CASES'
collapse|--collapse-recursion
focus|--focus ^eval$
focus-icase|--focus ^EVAL$ --ignore-case
ignore|--ignore ^(idle|gc)$
focus-ignore|--focus run --ignore gc
focus-twice|--focus lex --focus memcpy
base|--base run
base-annotated|--base helper
base-twice|--base parse --base gc
hide|--hide ^parse$
hide-annotated|--hide ^helper$
strip-hex|--strip-hex
order-base-hide|--base parse --hide ^parse$
order-focus-hide|--focus ^lex$ --hide ^lex$
order-ignore-hide|--ignore ^gc$ --hide ^gc$
order-all|--strip-hex --collapse-recursion --focus eval|lex|0x --ignore ^idle$ --base main --hide ^(main|parse)$
unicode|--focus ^caf.$
reverse|--hide ^main$ --reverse
CASES
run f-hide-all 0 --quiet --format folded --hide '' "$FF/stacks.folded" && same_file f-hide-all "$FF/hide-all.expected"
# Every frame hidden: only the root is drawn, with every sample.
run f-hide-all-svg 0 --hide '' "$FF/stacks.folded" && svg_ok f-hide-all-svg && out_has f-hide-all-svg 'all (52 samples, 100%)'
run f-hide-all-png 0 --hide '[^]|^$' --format png -o hide-all.png "$FF/stacks.folded"
if [ "$(head -c 4 hide-all.png | od -An -c | tr -d ' ')" = '211PNG' ]; then ok; else bad "f-hide-all-png: not a PNG"; fi
run f-focus-none 2 --focus '^EVAL$' "$FF/stacks.folded" && svg_ok f-focus-none && err_has f-focus-none 'ERROR: No stack counts found'
# The same filters on standard input, and as SVG: the frames are those of
# the filtered stacks drawn on their own.
run f-stdin 0 --quiet --format folded --collapse-recursion - < "$FF/stacks.folded" && same_file f-stdin "$FF/collapse.expected"
run f-svg 0 --collapse-recursion --hide '^parse$' "$FF/stacks.folded" && svg_ok f-svg
"$BIN" --quiet --collapse-recursion --hide '^parse$' --format folded "$FF/stacks.folded" | "$BIN" > "$T/f-svg-ref.out" 2>/dev/null
same_file f-svg "$T/f-svg-ref.out"
# Unsorted input (kept and sorted, not merged as it streams) filters alike.
sort -r "$FF/stacks.folded" > unsorted.folded
run f-unsorted 0 --quiet --format folded --focus run --ignore gc unsorted.folded && same_file f-unsorted "$FF/focus-ignore.expected"
# Pattern syntax is JavaScript's: [^] is any character, \d ASCII digits.
run f-js-class 0 --quiet --format folded --focus '^[^]x[^]' - <<'IN' && out_has f-js-class 'a;0x1 3' && out_lacks f-js-class 'b;x 4'
a;0x1 3
b;x 4
IN
run f-flamechart 0 --flamechart --hide '^parse$' "$FF/stacks.folded" && svg_ok f-flamechart

# --- invalid patterns: a usage error naming the pattern and the position --
run e-focus 2 --focus 'a(b' "$FF/stacks.folded" && err_has e-focus "cflamegraph: invalid --focus pattern 'a(b' at position 3: missing closing parenthesis" && err_has e-focus "Try 'cflamegraph --help'."
run e-hide 2 --hide 'x[a' "$FF/stacks.folded" && err_has e-hide "invalid --hide pattern 'x[a' at position 3: missing terminating ] for character class"
run e-ignore 2 --ignore 'é{2,1}' "$FF/stacks.folded" && err_has e-ignore "invalid --ignore pattern 'é{2,1}' at position 5: numbers out of order in {} quantifier"
run e-lookbehind 2 --focus '(?<=a+)b' "$FF/stacks.folded" && err_has e-lookbehind "invalid --focus pattern '(?<=a+)b' at position"
run e-pattern-newline 2 --focus "$(printf 'a\n(')" "$FF/stacks.folded" && err_has e-pattern-newline "pattern 'a\\x0A(' at position 3"
run e-base 2 --base 'a;b' "$FF/stacks.folded" && err_has e-base "cflamegraph: --base 'a;b' must be one frame name"
run e-needs-value 2 --focus && err_has e-needs-value "option '--focus' needs a value"

# --- differential graphs ----------------------------------------------------
run d-folded 0 --quiet --diff --format folded "$FF/before.folded" "$FF/after.folded" && same_file d-folded "$FF/diff.expected"
run d-normalize 0 --quiet --diff --normalize --format folded "$FF/before.folded" "$FF/after.folded" && same_file d-normalize "$FF/diff-normalize.expected"
run d-strip-hex 0 --quiet --diff --strip-hex --format folded "$FF/before.folded" "$FF/after.folded" && same_file d-strip-hex "$FF/diff-strip-hex.expected"
run d-widths 0 --quiet --diff --diff-widths before --format folded "$FF/before.folded" "$FF/after.folded" && same_file d-widths "$FF/diff-widths-before.expected"
run d-stdin-before 0 --quiet --diff --format folded - "$FF/after.folded" < "$FF/before.folded" && same_file d-stdin-before "$FF/diff.expected"
run d-stdin-after 0 --quiet --diff --format folded "$FF/before.folded" - < "$FF/after.folded" && same_file d-stdin-after "$FF/diff.expected"
# Filters apply to each side before the join.
run d-filtered 0 --quiet --diff --hide '^main$' --format folded "$FF/before.folded" "$FF/after.folded" && same_file d-filtered "$FF/diff-hide.expected"
# Drawn exactly as the joined lines are drawn.
run d-svg 0 --diff "$FF/before.folded" "$FF/after.folded" && svg_ok d-svg
"$BIN" "$FF/diff.expected" > "$T/d-svg-ref.out" 2>/dev/null
same_file d-svg "$T/d-svg-ref.out"
out_has d-svg 'fill="rgb(255,0,0)"'       # grew the most: red
# A stack only in BEFORE has no width after, and shows sized by BEFORE,
# blue (it shrank), with its negative delta.
out_lacks d-svg '<title>gone ('
run d-gone 0 --diff --diff-widths before "$FF/before.folded" "$FF/after.folded" && svg_ok d-gone
out_has d-gone '<title>gone (6 samples, 24.49%; -24.49%)</title>' && out_has d-gone 'fill="rgb(52,52,255)"'
"$BIN" --negate "$FF/diff-widths-before.expected" > "$T/d-gone-ref.out" 2>/dev/null
same_file d-gone "$T/d-gone-ref.out"
# The colour-blind-safe scheme, in SVG, PNG and PDF: orange at the most growth.
run d-orange 0 --diff --diff-colors orange-blue "$FF/before.folded" "$FF/after.folded" && svg_ok d-orange
out_has d-orange 'fill="rgb(179,88,6)"' && out_lacks d-orange 'fill="rgb(255,0,0)"'
run d-orange-png 0 --diff --diff-colors orange-blue --format png -o orange.png "$FF/before.folded" "$FF/after.folded"
run d-orange-pdf 0 --diff --diff-colors orange-blue --format pdf -o orange.pdf "$FF/before.folded" "$FF/after.folded"
if command -v pdftoppm >/dev/null 2>&1; then
    # Some pixel of the PDF drawn at 72 dpi is the deep orange.
    pdftoppm -r 72 orange.pdf orange
    ppm=$(ls orange*.ppm 2>/dev/null | head -n 1)
    # P6, the size and the maximum, one line each; then RGB bytes.
    hdr=$(head -n 3 "$ppm" | wc -c)
    if [ -n "$ppm" ] && tail -c +$((hdr + 1)) "$ppm" | od -An -v -tu1 -w3 | grep -q '^ *179 *88 *6$'; then ok; else bad "d-orange-pdf: no pixel of rgb(179,88,6) in the PDF"; fi
fi
run d-orange-plain 0 --diff-colors orange-blue "$FF/diff.expected" && out_has d-orange-plain 'fill="rgb(179,88,6)"'
run e-diff-colors 2 --diff-colors purple "$FF/diff.expected" && err_has e-diff-colors "unknown --diff-colors 'purple' (red-blue, orange-blue)"
run e-diff-widths 2 --diff --diff-widths middle "$FF/before.folded" "$FF/after.folded" && err_has e-diff-widths "unknown --diff-widths 'middle' (after, before)"
run e-diff-one 2 --diff "$FF/before.folded" && err_has e-diff-one 'cflamegraph: --diff needs two inputs, BEFORE and AFTER'
run e-diff-three 2 --diff "$FF/before.folded" "$FF/after.folded" "$FF/after.folded" && err_has e-diff-three '--diff needs two inputs'
run e-diff-stdin 2 --diff - - && err_has e-diff-stdin 'only one of BEFORE and AFTER can be standard input'
run e-normalize 2 --normalize "$FF/before.folded" && err_has e-normalize 'cflamegraph: --normalize needs --diff'
run e-diff-missing 1 --diff "$FF/before.folded" /nonexistent && err_has e-diff-missing 'cannot open /nonexistent'

# difffolded.pl's join, on real pairs of profiles: tests/cli/difffolded.awk
# computes it from difffolded.pl's documented rules (lines with two zero
# counts draw nothing and are not written by --format folded).
if [ -d "$CP" ]; then
    for pair in "perf-funcab-cmd-01-collapsed-default perf-funcab-pid-01-collapsed-default" \
        "perf-vertx-stacks-01-collapsed-default perf-vertx-stacks-01-collapsed-kernel" \
        "perf-java-stacks-01-collapsed-pid perf-java-stacks-01-collapsed-tid" \
        "perf-dd-stacks-01-collapsed-addrs perf-numa-stacks-01-collapsed-addrs"; do
        # shellcheck disable=SC2086 # two names
        set -- $pair
        for o in "0 0" "1 0" "0 1" "1 1"; do
            # shellcheck disable=SC2086 # two flags
            set -- "$1" "$2" $o
            flags=
            [ "$3" = 1 ] && flags="$flags --normalize"
            [ "$4" = 1 ] && flags="$flags --strip-hex"
            awk -v normalize="$3" -v striphex="$4" -f "$TOP/tests/cli/difffolded.awk" "$CP/$1.txt" "$CP/$2.txt" |
                grep -v ' 0 0$' | LC_ALL=C sort > ref.folded
            # shellcheck disable=SC2086
            "$BIN" --quiet --diff $flags --format folded "$CP/$1.txt" "$CP/$2.txt" | LC_ALL=C sort > got.folded
            if [ -s ref.folded ] && cmp -s ref.folded got.folded; then ok; else bad "diff of $1 and $2 ($flags) differs from difffolded.pl's"; diff ref.folded got.folded | head -5; fi
        done
        # And drawn as the joined lines are.
        awk -f "$TOP/tests/cli/difffolded.awk" "$CP/$1.txt" "$CP/$2.txt" | "$BIN" > ref.svg 2>/dev/null
        "$BIN" --diff "$CP/$1.txt" "$CP/$2.txt" > got.svg 2>/dev/null
        if cmp -s ref.svg got.svg; then ok; else bad "--diff $1 $2: the SVG differs from the joined lines' SVG"; fi
    done
else
    echo "SKIP: $CP not found: no difffolded.pl comparison"
fi

# --diff with another input format: a perf script capture against its
# collapsed stacks is a graph of no change.  Needs the perf reader.
PI=$TOP/../shared/compat-perf/inputs/perf-funcab-cmd-01.txt
if [ -f "$PI" ] && "$BIN" --quiet --format folded "$PI" 2>/dev/null | LC_ALL=C sort |
    cmp -s - "$CP/perf-funcab-cmd-01-collapsed-default.txt"; then
    run d-perf 0 --quiet --diff --format folded "$PI" "$CP/perf-funcab-cmd-01-collapsed-default.txt"
    if awk '{ if ($(NF - 1) != $NF) exit 1 }' "$T/d-perf.out" && [ -s "$T/d-perf.out" ]; then ok; else bad "d-perf: a perf capture and its collapsed stacks differ"; fi
else
    echo "SKIP: --diff with perf script input: this build has no perf reader"
fi

# --- big patterns and stacks ---------------------------------------------------
# A pattern of 100,000 characters (near the most one argument may hold):
# refused as too large, at once.
bigpat=$(head -c 100000 /dev/zero | tr '\0' a)
run f-huge-pattern 2 --focus "$bigpat" "$FF/stacks.folded" && err_has f-huge-pattern 'regular expression is too large' &&
    err_has f-huge-pattern "pattern 'aaaaaaaaaa"
# 100,000 frames of one name collapse into one; 100,000 distinct ones are
# each matched once.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%srec", i ? ";" : ""; print " 3" }' > deep-rec.folded
run f-deep-collapse 0 --quiet --format folded --collapse-recursion deep-rec.folded && out_has f-deep-collapse 'rec 3'
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "%sf%d", i ? ";" : "", i; print " 3" }' > deep-distinct.folded
run f-deep-hide 0 --quiet --format folded --hide '^f[0-9]*[1-9]$' deep-distinct.folded
if [ "$(tr ';' '\n' < "$T/f-deep-hide.out" | wc -l)" -eq 10000 ]; then ok; else bad "f-deep-hide: want the 10,000 frames f...0"; fi
