# CLI cases for perf script input, sourced by tests/cli/run.sh (its run, ok,
# bad, svg_ok, err_has, out_has, out_lacks; $BIN, $FX, $IN, $T, $TOP).
CPI=$TOP/fixtures/compat-perf/inputs

# --- detection: perf script text needs no option ---------------------------
run perf-auto 0 "$FX/perf-small.txt" && svg_ok perf-auto
out_has perf-auto '<title>all (7,000,000 samples, 100%)</title>'
out_has perf-auto '<title>native_write_msr (1,000,000 samples, 14.29%)</title>'
# `perf script --header` opens with a block of # comments.
run perf-header 0 "$CPI/perf-funcab-cmd-01.txt" && svg_ok perf-header
out_has perf-header '<title>func_ab ('
run perf-stdin 0 < "$FX/perf-small.txt" && svg_ok perf-stdin
out_has perf-stdin '<title>all (7,000,000 samples, 100%)</title>'
# Through a pipe, as `perf script | cflamegraph > cpu.svg`.
if cat "$FX/perf-small.txt" | "$BIN" > "$T/perf-pipe.out" 2> "$T/perf-pipe.err"; then ok; else bad "perf-pipe: failed"; fi
svg_ok perf-pipe
# Folded input, also beside perf input: read as before, stacks concatenated.
run perf-mixed 0 --format folded "$FX/small.folded" "$FX/perf-small.txt"
out_has perf-mixed 'a;c 20'
out_has perf-mixed 'app;__libc_start_call_main;main;work 3000000'

# --- folded output: the collapsed stacks ------------------------------------
run perf-folded 0 --format folded "$FX/perf-small.txt"
out_has perf-folded 'app;__libc_start_call_main;main;work;native_write_msr 1000000'
out_has perf-folded 'java;[unknown];JavaCalls::call_helper;com/example/Shop:.checkout 3000000'
if [ "$(wc -l < "$T/perf-folded.out")" -eq 3 ]; then ok; else bad "perf-folded: not 3 lines"; fi
run perf-explicit 0 --format folded --input-format perf "$FX/perf-small.txt"
if cmp -s "$T/perf-folded.out" "$T/perf-explicit.out"; then ok; else bad "perf-explicit: differs from detection"; fi
run perf-pid 0 --format folded --pid "$FX/perf-small.txt" && out_has perf-pid 'app-4242;__libc_start_call_main;main;work 3000000'
run perf-tid 0 --format folded --tid "$FX/perf-small.txt" && out_has perf-tid 'app-4242/4244;__libc_start_call_main;main;work 1000000'
run perf-kernel 0 --format folded --kernel "$FX/perf-small.txt" && out_has perf-kernel ';native_write_msr_[k] 1000000'
run perf-jit 0 --format folded --jit "$FX/perf-small.txt" && out_has perf-jit 'Shop:.checkout_[j] 3000000'
run perf-all 0 --format folded --all "$FX/perf-small.txt" && out_has perf-all 'native_write_msr_[k]' && out_has perf-all 'checkout_[j]'
run perf-addrs 0 --format folded --addrs "$FX/perf-small.txt" && out_has perf-addrs 'java;[unknown <7ffd3c1a2b3c>];'
# Every other option applies as to folded input.
run perf-opts 0 --reverse --inverted --title 'cpu' --minwidth 0 "$FX/perf-small.txt" && svg_ok perf-opts
out_has perf-opts '>cpu</text>'
run perf-png 0 --format png -o perf.png "$FX/perf-small.txt"
if [ -s perf.png ]; then ok; else bad "perf-png: no picture"; fi

# --- the event filter -------------------------------------------------------
run perf-events 0 --format folded "$CPI/perf-cycles-instructions-01.txt"
err_has perf-events "perf script: only 'instructions' events are drawn"
run perf-events-cycles 0 --format folded --event-filter cycles "$CPI/perf-cycles-instructions-01.txt"
if [ -s "$T/perf-events-cycles.err" ]; then bad "perf-events-cycles: a warning for the event asked for"; else ok; fi
run perf-events-quiet 0 --quiet "$CPI/perf-cycles-instructions-01.txt"
if [ -s "$T/perf-events-quiet.err" ]; then bad "perf-events-quiet: not quiet"; else ok; fi

# --- no usable samples: exit 2 and the error picture ------------------------
run perf-none 2 --event-filter no-such-event "$FX/perf-small.txt" && svg_ok perf-none
err_has perf-none 'ERROR: No stack counts found'
out_has perf-none 'ERROR: No valid input provided'
printf '# only the header block\n#\n' > perf-comments.txt
run perf-comments 2 --input-format perf perf-comments.txt && err_has perf-comments 'ERROR: No stack counts found'

# --- errors: the line named, one line on standard error, exit 1 -------------
run perf-bad 1 "$FX/perf-bad.txt"
err_has perf-bad "cflamegraph: cannot read $FX/perf-bad.txt: $FX/perf-bad.txt:8: not a perf script sample header: 'this line is not a sample header'"
if [ "$(wc -l < "$T/perf-bad.err")" -eq 1 ]; then ok; else bad "perf-bad: more than one line on stderr"; fi
if [ -s "$T/perf-bad.out" ]; then bad "perf-bad: output written"; else ok; fi
run perf-bad-stdin 1 < "$FX/perf-bad.txt"
err_has perf-bad-stdin "cflamegraph: cannot read standard input: standard input:8: not a perf script sample header"
echo precious > perf-keep.svg
run perf-bad-o 1 -o perf-keep.svg "$FX/perf-bad.txt"
if [ "$(cat perf-keep.svg)" = precious ]; then ok; else bad "perf-bad-o: the old file was replaced"; fi
# Folded input read as perf, and perf input read as folded.
run perf-as-perf 1 --input-format perf "$FX/small.folded"
err_has perf-as-perf "small.folded:1: not a perf script sample header: 'a;b 10'"
run perf-as-folded 2 --input-format folded "$FX/perf-small.txt" && svg_ok perf-as-folded
err_has perf-as-folded 'Ignored 21 lines with invalid format'
err_has perf-as-folded 'ERROR: No stack counts found'
