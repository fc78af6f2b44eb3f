# Progress while reading (sourced by tests/cli/run.sh): one line, rewritten
# in place, when standard error is a terminal and reading takes more than
# a second; nothing otherwise, and nothing with --quiet.  The terminal is
# script(1)'s pseudo-terminal.

if command -v script >/dev/null 2>&1; then
    slow="(cat '$IN/example-perf.folded'; sleep 1.5; cat '$IN/example-perf.folded') | '$BIN'"
    script -qec "sh -c \"$slow -o progress.svg\"" progress.tty >/dev/null 2>&1
    if grep -q "$(printf '\r\033\\[K')cflamegraph: reading -: [0-9.]* [kMG]*B, [0-9.]* [kMG]*B/s" progress.tty; then
        ok
    else
        bad "progress: no progress line on a terminal"; cat -v progress.tty | sed 's/^/    /'
    fi
    # The line is cleared when reading ends: nothing after it but the clear.
    if tr -d '\n' < progress.tty | grep -q "B/s$(printf '\r\033\\[K')"; then ok; else bad "progress: the line is not cleared"; fi
    if "$SVGCHECK" progress.svg 2>/dev/null; then ok; else bad "progress: no SVG written"; fi
    script -qec "sh -c \"$slow --quiet -o quiet.svg\"" quiet.tty >/dev/null 2>&1
    if grep -q 'reading' quiet.tty; then bad "progress: --quiet still shows progress"; else ok; fi
    # --quiet also silences warnings, not errors.
    script -qec "'$BIN' --quiet '$FX/crlf.folded' > /dev/null; '$BIN' --quiet /nonexistent" quiet2.tty >/dev/null 2>&1
    if grep -q 'Stack count is low' quiet2.tty; then bad "progress: --quiet shows warnings"; else ok; fi
    if grep -q 'cannot open /nonexistent' quiet2.tty; then ok; else bad "progress: --quiet hides errors"; fi
else
    bad "progress: script(1) is not installed (util-linux)"
fi
# Not a terminal: no progress line, however long reading takes.
sh -c "(cat '$IN/example-perf.folded'; sleep 1.5; cat '$IN/example-perf.folded') | '$BIN' -o notty.svg" 2> notty.err
if [ -s notty.err ] && grep -q reading notty.err; then bad "progress: shown although stderr is not a terminal"; else ok; fi
