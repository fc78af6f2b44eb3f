# cases-looks.sh - order and looks (sourced by tests/cli/run.sh): --sort,
# --truncate, --search-color, --stroke-color, --uicolor, --colordiffusion,
# the python and rust palettes and --deterministic.

# --- --sort weight ------------------------------------------------------------
# flamegraph.pl splits foo around foo2; weight order merges it, heaviest first.
printf 'r;foo;x 1\nr;foo2;y 1\nr;foo 3\nr;bar 10\n' > split.folded
run sort-default 0 --minwidth 0 split.folded && svg_ok sort-default
if [ "$(grep -o '<title>foo (' "$T/sort-default.out" | wc -l)" -eq 2 ]; then ok; else bad "sort-default: flamegraph.pl's order has two foo frames"; fi
run sort-weight 0 --sort weight --minwidth 0 split.folded && svg_ok sort-weight
if [ "$(grep -o '<title>foo (' "$T/sort-weight.out" | wc -l)" -eq 1 ]; then ok; else bad "sort-weight: one foo frame"; fi
out_has sort-weight '<title>foo (4 samples, 26.67%)</title>'
# all, r, then r's children heaviest first: bar 10, foo 4 (x), foo2 1 (y)
out_has sort-weight 'data-frames="15,15,10;4,1;;1,1"'
run sort-eq 0 --sort=weight --minwidth 0 split.folded
if cmp -s "$T/sort-weight.out" "$T/sort-eq.out"; then ok; else bad "sort-eq: --sort=weight differs from --sort weight"; fi
run sort-named 0 --sort flamegraph "$IN/example-perf.folded"
run sort-plain 0 "$IN/example-perf.folded"
if cmp -s "$T/sort-named.out" "$T/sort-plain.out"; then ok; else bad "sort-named: --sort flamegraph must be the default"; fi
run sort-pipe 0 --sort weight --minwidth 0 - < split.folded
if cmp -s "$T/sort-weight.out" "$T/sort-pipe.out"; then ok; else bad "sort-pipe: standard input differs from the file"; fi
run sort-weight-perf 0 --sort weight "$IN/example-perf.folded" && svg_ok sort-weight-perf
run sort-weight-png 0 --sort weight --format png -o weight.png "$IN/example-perf.folded"
run sort-weight-inverted 0 --sort weight --inverted --reverse "$IN/example-perf.folded" && svg_ok sort-weight-inverted
run sort-weight-diff 0 --sort weight "$IN/differential.folded" && svg_ok sort-weight-diff
run e-sort-chart 2 --sort weight --flamechart split.folded && err_has e-sort-chart 'cflamegraph: --sort weight cannot be used with --flamechart'
run e-sort-chart2 2 --flamechart --sort=weight split.folded && err_has e-sort-chart2 'with --flamechart'
run sort-chart 0 --sort flamegraph --flamechart split.folded
run e-sort 2 --sort heavy split.folded && err_has e-sort "cflamegraph: unknown --sort 'heavy' (flamegraph, weight)"
run e-sort-value 2 --sort && err_has e-sort-value "option '--sort' needs a value"

# --- --truncate -----------------------------------------------------------------
printf 'main;com/example/service/RequestHandler.handle 20\nmain;idle 80\n' > long.folded
run trunc-right 0 long.folded && out_has trunc-right '>com/example/service/RequestHand..<'
out_has trunc-right 'data-truncate="right"'
run trunc-left 0 --truncate left long.folded && out_has trunc-left '>..e/service/RequestHandler.handle<'
out_has trunc-left 'data-truncate="left"'
out_lacks trunc-left 'RequestHand..<'
run trunc-named 0 --truncate right long.folded
if cmp -s "$T/trunc-right.out" "$T/trunc-named.out"; then ok; else bad "trunc-named: --truncate right must be the default"; fi
run trunc-pdf 0 --truncate left -o left.pdf long.folded
if [ -s left.pdf ] && head -c 4 left.pdf | grep -q '%PDF'; then ok; else bad "trunc-pdf: no PDF"; fi
run e-trunc 2 --truncate middle long.folded && err_has e-trunc "cflamegraph: unknown --truncate 'middle' (right, left)"

# --- colours: --search-color, --stroke-color, --uicolor ------------------------------
run search-color 0 --search-color '#00C000' "$FX/small.folded" && out_has search-color 'data-searchcolor="rgb(0,192,0)"'
run search-default 0 "$FX/small.folded" && out_has search-default 'data-searchcolor="rgb(230,0,230)"'
run stroke 0 --stroke-color '#102030' "$FX/small.folded" && svg_ok stroke
out_has stroke '#frames rect{stroke:#102030;stroke-width:1px;vector-effect:non-scaling-stroke}'
run stroke-none 0 --stroke-color none "$FX/small.folded" && out_lacks stroke-none '#frames rect{stroke'
out_lacks search-default '#frames rect{stroke'
run uicolor 0 --uicolor '#e0e0e0' --bgcolors '#202020' "$FX/small.folded" && svg_ok uicolor
out_has uicolor '#title,#details,#unzoom,#search,#ignorecase,#matched{fill:#e0e0e0}'
out_lacks search-default '#title,#details'
run looks-png 0 --stroke-color '#000000' --uicolor '#0000ff' --format png -o looks.png "$IN/example-perf.folded"
if [ -s looks.png ]; then ok; else bad "looks-png: no PNG"; fi
run e-search 2 --search-color magenta "$FX/small.folded" && err_has e-search "cflamegraph: --search-color 'magenta' is not a colour (#rrggbb)"
run e-stroke 2 --stroke-color '#12345' "$FX/small.folded" && err_has e-stroke "cflamegraph: --stroke-color '#12345' is not a colour (#rrggbb or none)"
run e-uicolor 2 --uicolor none "$FX/small.folded" && err_has e-uicolor "cflamegraph: --uicolor 'none' is not a colour"

# --- --colordiffusion -------------------------------------------------------------
run diffusion 0 --colordiffusion "$FX/small.folded" && svg_ok diffusion
# all and a span the width; c is 2/3: sqrt -> 1632 of 2000 steps -> 127;
# b is 1/3: 1154 steps -> 163
out_has diffusion '<title>a (30 samples, 100.00%)</title><rect x="10" y="53" width="1180" height="15" fill="rgb(255,100,100)"/>'
out_has diffusion 'fill="rgb(255,163,163)"'
out_has diffusion '<title>c (20 samples, 66.67%)</title><rect x="403.3" y="37" width="786.7" height="15" fill="rgb(255,127,127)"/>'
# it wins over the differential colours
run diffusion-diff 0 --colordiffusion "$IN/differential.folded" && out_lacks diffusion-diff 'fill="rgb(255,255,255)"'

# --- palettes ---------------------------------------------------------------------
printf 'python3;main (app.py:3);get (/usr/lib/python3/site-packages/requests/api.py:7) 5\npython3;main (app.py:3);run (/usr/lib/python3.11/threading.py:9) 5\n' > py.folded
run py 0 --colors python py.folded && svg_ok py
run rust 0 --colors rust "$IN/example-perf.folded" && svg_ok rust
out_has rust 'stop-color="#eeeeb0"'
run e-palette 2 --colors ruby py.folded && err_has e-palette 'python rust'
run help-palettes 0 --help && out_has help-palettes 'java js perl python rust'

# --- --deterministic ----------------------------------------------------------------
run determ 0 --deterministic "$IN/example-perf.folded"
run determ-plain 0 "$IN/example-perf.folded"
if cmp -s "$T/determ.out" "$T/determ-plain.out"; then ok; else bad "determ: --deterministic must change nothing"; fi
run determ-hash 0 --deterministic --hash "$FX/small.folded"
run e-determ 2 --deterministic --random "$FX/small.folded" && err_has e-determ 'cflamegraph: --deterministic and --random contradict each other'
