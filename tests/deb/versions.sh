#!/bin/sh
# The upstream version lives in include/flame.h (FLAME_VERSION_*); check that
# everything else that names it agrees (the release steps of libflame(3),
# "Versions").
#
# Usage: sh tests/deb/versions.sh                        (make version-test)
#
#  1. FLAME_VERSION_STRING is MAJOR.MINOR.PATCH of the three macros.
#  2. The newest entry of debian/changelog is that version (with a Debian
#     revision), and so is the newest "## " entry of CHANGELOG.md, whose
#     entries go newest first.
#  3. debian/control builds libflameMAJOR, with debian/libflameMAJOR.install
#     and debian/libflameMAJOR.symbols for libflame.so.MAJOR.
#  4. The symbols file lists exactly the FLAME_API functions of
#     include/flame.h; those of the 0.1.0 header (tests/abi/flame-0.1.0.h)
#     with version 0.1.0, the others with a later version of CHANGELOG.md,
#     no later than this one.
#
# Prints PASS/FAIL per check and "N passed, N failed"; exits 1 on failure.

root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/versions.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

h=$root/include/flame.h
macro() { sed -n "s/^#define FLAME_VERSION_$1 \\(.*\\)/\\1/p" "$h" | tr -d '"'; }
version=$(macro STRING)
major=$(macro MAJOR)
if [ -n "$version" ] && [ "$version" = "$major.$(macro MINOR).$(macro PATCH)" ]; then
    pass "flame.h: FLAME_VERSION_STRING $version is MAJOR.MINOR.PATCH"
else
    fail "flame.h: FLAME_VERSION_STRING '$version', macros $major.$(macro MINOR).$(macro PATCH)"
fi

# 2. the changelogs -------------------------------------------------------------
debian=$(sed -n '1s/^cflamegraph (\([^)]*\)) .*/\1/p' "$root/debian/changelog")
upstream=${debian#*:}
upstream=${upstream%-*}
if [ "$upstream" = "$version" ] && [ "$upstream" != "$debian" ]; then
    pass "debian/changelog: $debian is upstream $version with a Debian revision"
else
    fail "debian/changelog: newest entry '$debian', flame.h says $version (bump both; see libflame(3), Versions)"
fi

sed -n 's/^## \[\{0,1\}\([0-9][0-9]*\.[0-9][0-9]*\.[0-9][0-9]*\).*/\1/p' "$root/CHANGELOG.md" \
    >"$tmp/changelog.versions"
newest=$(head -n 1 "$tmp/changelog.versions")
if [ "$newest" = "$version" ]; then
    pass "CHANGELOG.md: the newest entry is $version"
else
    fail "CHANGELOG.md: the newest entry is '$newest', flame.h says $version"
fi
if LC_ALL=C sort -t. -k1,1nr -k2,2nr -k3,3nr -u "$tmp/changelog.versions" |
    cmp -s - "$tmp/changelog.versions"; then
    pass "CHANGELOG.md: $(wc -l <"$tmp/changelog.versions" | tr -d ' ') entries, newest first, none twice"
else
    fail "CHANGELOG.md: entries not newest first, or one twice: $(tr '\n' ' ' <"$tmp/changelog.versions")"
fi

# 3. the library package ------------------------------------------------------------
pkg=libflame$major
symbols=$root/debian/$pkg.symbols
if grep -qx "Package: $pkg" "$root/debian/control" && [ -f "$root/debian/$pkg.install" ] &&
    [ -f "$symbols" ] && [ "$(head -n 1 "$symbols")" = "libflame.so.$major $pkg #MINVER#" ]; then
    pass "debian/: $pkg, its .install and a symbols file for libflame.so.$major"
else
    fail "debian/: the library package must be $pkg (soname libflame.so.$major), with debian/$pkg.install and debian/$pkg.symbols starting 'libflame.so.$major $pkg #MINVER#'"
fi

# 4. the symbols file ----------------------------------------------------------------
api() { sed -n 's/^FLAME_API[^(]*[ *]\(flame_[a-z0-9_]*\)(.*/\1/p' "$1" | LC_ALL=C sort -u; }
api "$h" >"$tmp/declared"
api "$root/tests/abi/flame-0.1.0.h" >"$tmp/declared-0.1"
if [ -f "$symbols" ]; then
    sed -n 's/^ \([^@ ]*\)@Base \(.*\)/\1 \2/p' "$symbols" >"$tmp/listed"
    cut -d' ' -f1 "$tmp/listed" | LC_ALL=C sort >"$tmp/listed.names"
    if cmp -s "$tmp/declared" "$tmp/listed.names"; then
        pass "$pkg.symbols lists the $(wc -l <"$tmp/declared" | tr -d ' ') FLAME_API functions of flame.h"
    else
        fail "$pkg.symbols and the FLAME_API functions of flame.h differ"
        LC_ALL=C comm -23 "$tmp/declared" "$tmp/listed.names" |
            sed "s/^/    not in the symbols file: /; s/\$/@Base $version/"
        LC_ALL=C comm -13 "$tmp/declared" "$tmp/listed.names" | sed 's/^/    not in flame.h: /'
    fi
    bad=""
    while read -r name since; do
        if grep -qx "$name" "$tmp/declared-0.1"; then
            [ "$since" = 0.1.0 ] || bad="$bad $name($since, was in 0.1.0)"
        elif [ "$since" = 0.1.0 ] || ! grep -qx "$since" "$tmp/changelog.versions"; then
            bad="$bad $name($since, not a later version of CHANGELOG.md)"
        elif [ "$(printf '%s\n%s\n' "$since" "$version" | LC_ALL=C sort -t. -k1,1n -k2,2n -k3,3n | tail -n 1)" != "$version" ]; then
            bad="$bad $name($since, after $version)"
        fi
    done <"$tmp/listed"
    if [ -z "$bad" ]; then
        pass "$pkg.symbols: each symbol has the version that added it"
    else
        fail "$pkg.symbols: wrong versions:$bad"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
