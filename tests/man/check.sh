#!/bin/sh
# Check the manual pages against the program.
#
# Usage: sh tests/man/check.sh build/cflamegraph
#
#  1. mandoc -T lint -W warning is silent on every man/*.1 and man/*.3;
#  2. the long options of `cflamegraph --help` are exactly the ones listed
#     (.It ... Fl -NAME) in the OPTIONS section of man/cflamegraph.1;
# (Every command of EXAMPLES is run by tests/guides/check.sh.)
#
# Prints one line per check and "N passed, N failed"; exits 1 on failure.

if [ $# -ne 1 ]; then
    echo "usage: sh tests/man/check.sh path/to/cflamegraph" >&2
    exit 2
fi

root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
bin=$1
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
if [ ! -x "$bin" ]; then
    echo "check.sh: $bin is not an executable" >&2
    exit 2
fi
page=$root/man/cflamegraph.1

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mancheck.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# 1. mandoc lint ------------------------------------------------------------
if ! command -v mandoc >/dev/null 2>&1; then
    fail "lint: mandoc is not installed"
else
    found=0
    for f in "$root"/man/*.1 "$root"/man/*.3; do
        [ -f "$f" ] || continue
        found=1
        name=man/$(basename "$f")
        out=$(mandoc -T lint -W warning "$f" 2>&1)
        if [ -z "$out" ]; then
            pass "lint: $name"
        else
            fail "lint: $name"
            printf '%s\n' "$out" | sed 's/^/    /'
        fi
    done
    [ "$found" = 1 ] || fail "lint: no man/*.1 or man/*.3 found"
fi

# 2. options of --help == options of OPTIONS --------------------------------
# --help lists an option per line: "  --name ARG  text" or "  -o, --name ARG".
if "$bin" --help >"$tmp/help.txt" 2>"$tmp/help.err"; then
    sed -n 's/^ *\(-[A-Za-z0-9], \)\{0,1\}--\([A-Za-z0-9][A-Za-z0-9-]*\).*/\2/p' \
        "$tmp/help.txt" | LC_ALL=C sort -u >"$tmp/help.opts"
    # In the OPTIONS section (up to the next .Sh), every ".Fl -NAME" on an
    # .It line, e.g. ".It Fl o Ar file , Fl -output Ar file".
    awk '
        /^\.Sh / { inopt = ($0 ~ /^\.Sh "?OPTIONS"?[ \t]*$/); next }
        inopt && /^\.It / {
            for (i = 2; i < NF; i++)
                if ($i == "Fl" && $(i + 1) ~ /^-[A-Za-z0-9]/)
                    print substr($(i + 1), 2)
        }' "$page" | LC_ALL=C sort -u >"$tmp/man.opts"
    if [ ! -s "$tmp/help.opts" ]; then
        fail "options: no long options found in --help"
    elif cmp -s "$tmp/help.opts" "$tmp/man.opts"; then
        pass "options: --help and OPTIONS list the same $(wc -l <"$tmp/help.opts" | tr -d ' ') long options"
    else
        fail "options: --help and OPTIONS of man/cflamegraph.1 differ"
        LC_ALL=C comm -23 "$tmp/help.opts" "$tmp/man.opts" | sed 's/^/    only in --help: --/'
        LC_ALL=C comm -13 "$tmp/help.opts" "$tmp/man.opts" | sed 's/^/    only in the man page: --/'
    fi
else
    fail "options: $bin --help failed"
    sed 's/^/    /' "$tmp/help.err"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
