# CLI cases for the Trace Event and speedscope readers, sourced by
# tests/cli/run.sh (run, ok, bad, err_has, out_has, out_lacks, svg_ok).
CI=$TOP/fixtures/compat-input
HJ=$TOP/fixtures/hostile

# --- detection: JSON is read as a trace or speedscope, by its content ---
run json-trace 0 --format folded "$CI/viztracer-order.json" && out_has json-trace 'main (app.py:10);compute (app.py:40) 38'
run json-speedscope 0 --format folded "$CI/speedscope-evented.json" && out_has json-speedscope 'main (m.js:3);render;layout 1.25'
run json-speedscope-keys 0 --format folded "$CI/speedscope-two-profiles.json" && out_has json-speedscope-keys 'Thread-1;run (w.py:5);fetch (w.py:9) 5'
run json-stdin 0 --format folded < "$CI/multi-thread.json" && out_has json-stdin 'Worker-1;task;io 20'
run json-bom 0 --format folded "$HJ/json-bom.json" && out_has json-bom 'a 4'
# several inputs of different formats: their stacks together
printf 'main;a 40\n' > mixed.folded
run json-mixed 0 mixed.folded "$CI/viztracer-order.json" && out_has json-mixed 'all (143 '

# --- --input-format decides instead --------------------------------------
run json-as-trace 2 --input-format trace "$CI/speedscope-sampled.json" && err_has json-as-trace 'ERROR: No stack counts found'
run json-as-speedscope 2 --input-format speedscope "$CI/multi-thread.json"
run json-array-as-speedscope 1 --input-format speedscope "$CI/truncated-array.json" &&
    err_has json-array-as-speedscope 'speedscope JSON is an object with "shared" and "profiles", not an array'
run json-folded-as-trace 1 --input-format trace "$FX/small.folded" && err_has json-folded-as-trace 'malformed JSON at line 1, column '
run json-as-folded 2 --input-format folded "$CI/overrun-cut.json" && err_has json-as-folded 'Ignored 6 lines with invalid format'
run json-auto 0 --format folded --input-format auto "$CI/begin-end.json" && out_has json-auto 'main;work;inner 2'

# --- the picture: counts are microseconds or the profile's unit ----------
run json-title 0 --title "rotki-test graph" "$CI/viztracer-order.json" && svg_ok json-title
out_has json-title '>rotki-test graph</text>'
out_has json-title 'compute (app.py:40) (60 µs, 58.25%)'
out_has json-title 'all (103 µs, 100%)'
run json-ss-unit 0 "$CI/speedscope-evented.json" && out_has json-ss-unit 'milliseconds'
run json-ss-none 0 "$CI/speedscope-sampled.json" && out_has json-ss-none 'all (10 samples, 100%)'
run json-countname 0 --countname ticks "$CI/viztracer-order.json" && out_has json-countname 'all (103 ticks, 100%)'
out_lacks json-countname 'µs'
run json-png 0 -o py.png "$CI/speedscope-two-profiles.json"
if [ "$(head -c 4 py.png | od -An -c | tr -d ' \n')" = "211PNG" ]; then ok; else bad "json-png: -o py.png is not a PNG"; fi

# --- options apply to every format alike ---------------------------------
run json-chart 0 --format folded --flamechart "$CI/flamechart.json"
if [ "$(head -n 3 "$T/json-chart.out")" = "$(printf 'main;A 1\nmain;A;B 2\nmain;A 1')" ]; then ok; else bad "json-chart: not the timeline"; cat "$T/json-chart.out"; fi
run json-chart-svg 0 --flamechart "$CI/flamechart.json" && out_has json-chart-svg '>Flame Chart<'
run json-reverse 0 --format folded --reverse "$CI/overrun-cut.json" && out_has json-reverse 'grandchild;child;parent 2'
run json-inverted 0 --inverted "$CI/multi-process.json" && out_has json-inverted '>Icicle Graph<'

# --- errors: where, and the -o file kept ---------------------------------
run json-malformed 1 "$CI/truncated-object.json" &&
    err_has json-malformed 'cflamegraph: cannot read '"$CI"'/truncated-object.json: malformed JSON at line 4, column 1 (byte 154): the input ends before the JSON does'
if [ "$(wc -l < "$T/json-malformed.err")" -eq 1 ]; then ok; else bad "json-malformed: not one line of error"; fi
run json-malformed-stdin 1 < "$HJ/json-nan.json" &&
    err_has json-malformed-stdin 'cannot read standard input: malformed JSON at line 1, column 29 (byte 28)'
run json-ss-error 1 "$HJ/speedscope-c-mismatch.json" && err_has json-ss-error 'event 3: "C" does not close the innermost open frame'
echo precious > kept.svg
run json-keep 1 -o kept.svg "$CI/truncated-object.json"
if [ "$(cat kept.svg)" = precious ] && ! ls kept.svg.tmp.* > /dev/null 2>&1; then ok; else bad "json-keep: a failed run changed -o's file"; fi
run json-no-events 2 -o noevents.svg "$HJ/json-e-without-b.json" && err_has json-no-events 'ERROR: No stack counts found'
if grep -q 'ERROR: No valid input provided' noevents.svg; then ok; else bad "json-no-events: not the error picture"; fi
