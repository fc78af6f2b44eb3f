#!/bin/sh
# run.sh - the browser tests of the interactive SVG and of the HTML view
# (make browser-test), or
# with --bench the browser benchmark (make bench-browser), against the
# renderer given as the argument.
#
#   sh tests/browser/run.sh [--bench] build/cflamegraph
#
# Needs node (>= 18), Chromium (/usr/bin/chromium, or CHROMIUM=...) and,
# for the tests, Firefox (/usr/bin/firefox-esr, or FIREFOX=...; BROWSERS=
# chromium runs Chromium only); installs playwright-core and puppeteer-core
# from package-lock.json when they are missing.  A missing browser is an
# error, never a skip.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
mode=test
if [ "${1:-}" = --bench ]; then
    mode=bench
    shift
fi
cli=${1:?usage: run.sh [--bench] CFLAMEGRAPH}
case $cli in
    /*) ;;
    *) cli=$(pwd)/$cli ;;
esac

if ! command -v node >/dev/null 2>&1; then
    echo "run.sh: node not found (apt-get install nodejs npm)" >&2
    exit 1
fi
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
    echo "run.sh: no Chromium at $chromium (apt-get install chromium, or set CHROMIUM)" >&2
    exit 1
fi
case ",${BROWSERS:-chromium,firefox}," in
    *,firefox,*)
        firefox=${FIREFOX:-/usr/bin/firefox-esr}
        if [ "$mode" = test ] && [ ! -x "$firefox" ]; then
            echo "run.sh: no Firefox at $firefox (apt-get install firefox-esr, or set FIREFOX, or BROWSERS=chromium)" >&2
            exit 1
        fi
        ;;
esac
if [ ! -f "$here/node_modules/playwright-core/package.json" ] ||
    [ ! -f "$here/node_modules/puppeteer-core/package.json" ]; then
    npm ci --prefix "$here" --no-audit --no-fund >&2
fi

CFLAMEGRAPH=$cli
export CFLAMEGRAPH
if [ "$mode" = bench ]; then
    exec node "$here/../../bench/browser/bench.js"
fi
exec node --test "$here/interactive.test.js" "$here/html.test.js"
