# cases-html.sh - the HTML view (--format html, -o FILE.html); sourced by
# tests/cli/run.sh.  The page's structure and data are checked by
# tests/unit/test_html.c, its behaviour by tests/browser/html.test.js.

html_ok() {
    if head -c 15 "$1" | grep -q '^<!DOCTYPE html>$' && grep -q 'id="fl-data"' "$1" &&
        [ "$(grep -c '</script>' "$1")" -eq 2 ]; then ok; else bad "$1: not the HTML page"; fi
}

run html-stdout 0 --format html "$FX/small.folded" && html_ok "$T/html-stdout.out"
out_has html-stdout '<title>Flame Graph</title>'
out_lacks html-stdout '<svg'
run html-upper 0 --format HTML --title 'a <b> & c' "$FX/small.folded" && html_ok "$T/html-upper.out"
out_has html-upper '<div id="title">a &lt;b&gt; &amp; c</div>'
for ext in html htm HTML; do
    run "html-o-$ext" 0 -o "graph.$ext" "$IN/example-perf.folded"
    html_ok "graph.$ext"
    if [ ! -s "$T/html-o-$ext.out" ]; then ok; else bad "-o graph.$ext also wrote to stdout"; fi
done
# The format named wins over the extension.
run html-svg-name 0 --format svg -o named.html "$FX/small.folded" && "$SVGCHECK" named.html && ok
run html-inverted 0 --format html --inverted --subtitle sub "$FX/small.folded" && out_has html-inverted 'data-inverted="1"'
out_has html-inverted '<div id="subtitle">sub</div>'
run html-notes 0 --format html --notes "built by CI" "$FX/small.folded" && out_has html-notes '<!-- NOTES: built by CI -->'
# No stack counts: the error page, exit 2, as for the SVG.
run html-empty 2 --format html "$IN/empty.folded" && out_has html-empty 'ERROR: No valid input provided to cflamegraph.'
out_lacks html-empty '<script'
run e-format 2 --format gif "$FX/small.folded" && err_has e-format "unknown --format 'gif' (svg, html, png, pdf or folded)"
# A failed write keeps the old file.
echo precious > limited.html
sh -c 'trap "" XFSZ; ulimit -f 4; exec "$0" -o limited.html "$1"' "$BIN" "$IN/example-perf.folded" 2> limited-html.err
if [ $? -eq 1 ] && [ "$(cat limited.html)" = precious ]; then ok; else bad "a failed HTML write must keep the old file"; cat limited-html.err; fi
