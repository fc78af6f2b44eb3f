#!/bin/sh
# Build the Debian packages from this tree the way a Debian machine does,
# check them, and use them from a scratch root.
#
# Usage: sh tests/deb/run.sh BUILD_DIR                       (make deb-test)
# BUILD_DIR holds tests/svgcheck; the work goes to BUILD_DIR/deb/ (kept:
# the .debs, build.log, lintian.txt).  Not part of make check: it takes a
# few minutes and, as root, installs packages.
#
#  0. The tools (tools/deps.sh deb) and the build dependencies of
#     debian/control (apt-get build-dep) are installed when missing, as
#     root; otherwise a missing one is an error.  Every pkg-config module
#     the Makefile builds with comes from a package in Build-Depends and in
#     libflame-dev's Depends (the .pc requires them).
#  1. The tree as git sees it (tracked and new files, not ignored ones) is
#     copied out; its orig tarball and source package are made, then
#     `dpkg-buildpackage -us -uc -b` builds the binary packages, running
#     the test suite without the browser tests (the log says so).
#  2. blhc finds every compiler line of the log built with the hardening
#     flags; hardening-check finds them in the binaries.
#  3. lintian reports no error and no warning on the binary and source
#     packages (pedantic and informational tags are listed, not failed).
#  4. Each package holds exactly the files it should; libflame0's symbols
#     file names exactly what the library exports.
#  5. apt-get could install the packages (simulated); dpkg -x unpacks them
#     into a scratch root, where tests/deb/installed.sh uses them.
#
# The packages are unpacked rather than installed with dpkg -i so that the
# test leaves the machine as it was: an installed libflame-dev would put
# flame.h and -lflame where every other build on the machine finds them.
#
# Prints PASS/FAIL per check and "N passed, N failed"; exits 1 on failure.

if [ $# -ne 1 ]; then
    echo "usage: sh tests/deb/run.sh BUILD_DIR" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
mkdir -p "$1" || exit 2
B=$(cd "$1" && pwd) || exit 2

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }
show() { sed -n '1,40s/^/    /p' "$1"; }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}
# stop WHAT: a failure the later checks cannot go on from
stop() {
    fail "$1"
    finish
}

version=$(sed -n 's/^#define FLAME_VERSION_STRING "\(.*\)"/\1/p' "$root/include/flame.h")
major=$(sed -n 's/^#define FLAME_VERSION_MAJOR \([0-9]*\)/\1/p' "$root/include/flame.h")
debversion=$(sed -n '1s/^cflamegraph (\([^)]*\)).*/\1/p' "$root/debian/changelog")
[ -n "$version" ] && [ -n "$debversion" ] || stop "no version in include/flame.h or debian/changelog"
out=$B/deb
src=$out/cflamegraph-$version

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo=sudo
else
    sudo=none
fi

# 0. tools and build dependencies ------------------------------------------------
sh "$root/tools/deps.sh" deb || stop "tools/deps.sh deb could not install the packaging tools"
arch=$(dpkg-architecture -qDEB_HOST_ARCH) || stop "dpkg-architecture failed"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

rm -rf "$out" && mkdir -p "$src" || stop "cannot make $src"
if [ -d "$root/.git" ] || [ -f "$root/.git" ]; then
    (cd "$root" && git ls-files -z --cached --others --exclude-standard) >"$out/files" ||
        stop "git ls-files failed"
    # Files deleted in the work tree but not yet in git are not copied.
    (cd "$root" && tr '\0' '\n' <"$out/files" | while IFS= read -r f; do
        [ -e "$f" ] && printf '%s\n' "$f"
    done) >"$out/files.txt"
    (cd "$root" && tar -cf - -T "$out/files.txt") | tar -xf - -C "$src" || stop "copying the tree failed"
else
    (cd "$root" && tar --exclude=./build --exclude=./.git --exclude='./node_modules' \
        --exclude='./tests/browser/node_modules' -cf - .) | tar -xf - -C "$src" ||
        stop "copying the tree failed"
fi
pass "the tree copied to $src"

if (cd "$src" && dpkg-checkbuilddeps) >"$out/builddeps.txt" 2>&1; then
    pass "build dependencies of debian/control are installed"
elif [ "$sudo" != none ]; then
    echo "installing the build dependencies: $(sed -n 's/.*Unmet build dependencies: //p' "$out/builddeps.txt")"
    if (cd "$src" && $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        $sudo apt-get build-dep -y -qq --no-install-recommends ./) >"$out/build-dep.log" 2>&1 &&
        (cd "$src" && dpkg-checkbuilddeps) >"$out/builddeps.txt" 2>&1; then
        pass "build dependencies installed with apt-get build-dep"
    else
        show "$out/build-dep.log"
        stop "apt-get build-dep could not install the build dependencies"
    fi
else
    show "$out/builddeps.txt"
    stop "build dependencies are missing; install them as root: apt-get build-dep ./"
fi

# field PARAGRAPH-START FIELD: a field of debian/control (folded lines joined)
field() {
    awk -v start="$1" -v name="$2" '
        $0 == start { inpar = 1; next }
        /^$/ { inpar = 0; infield = 0 }
        inpar && infield && /^[ \t]/ { print; next }
        inpar { infield = 0 }
        inpar && index($0, name ":") == 1 { infield = 1; print substr($0, length(name) + 2) }
    ' "$root/debian/control" | tr '\n' ' '
}
# names LIST: the package names of a relationship field, one per line
names() { printf '%s\n' "$1" | tr ',' '\n' | sed -e 's/[[(<].*//' -e 's/[ \t]//g' -e '/^$/d'; }
builddeps=$(names "$(field "Source: cflamegraph" Build-Depends)")
devdeps=$(names "$(field "Package: libflame-dev" Depends)")
pkgs=$(sed -n 's/^PKGS = //p' "$root/Makefile")
bad=""
for m in $pkgs; do
    pc=$(pkg-config --variable=pcfiledir "$m" 2>/dev/null)/$m.pc
    owner=$(dpkg -S "$(readlink -f "$pc")" 2>/dev/null | sed 's/:.*//' | head -n 1)
    if [ -z "$owner" ]; then
        bad="$bad $m(no package owns $pc)"
        continue
    fi
    printf '%s\n' $builddeps | grep -qx "$owner" || bad="$bad $m($owner not in Build-Depends)"
    printf '%s\n' $devdeps | grep -qx "$owner" || bad="$bad $m($owner not in libflame-dev's Depends)"
done
if [ -z "$bad" ]; then
    pass "pkg-config modules of the Makefile ($pkgs) come from Build-Depends and libflame-dev's Depends"
else
    fail "debian/control misses packages:$bad"
fi

# 1. source package and build ------------------------------------------------
orig=$out/cflamegraph_$version.orig.tar.xz
if tar -C "$src" --exclude=./debian --transform "s|^\./|cflamegraph-$version/|" -cJf "$orig" . &&
    (cd "$src" && dpkg-source -b .) >"$out/source.log" 2>&1; then
    pass "source package cflamegraph_$debversion.dsc"
else
    fail "dpkg-source -b failed"
    show "$out/source.log"
fi

echo "building the packages: dpkg-buildpackage -us -uc -b (log: $out/build.log)"
# The package is built as on a build daemon: not with the flags of the make
# that ran this script (make -s would hide the compiler lines blhc checks).
if (cd "$src" && unset MAKEFLAGS MFLAGS MAKELEVEL && dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
    pass "dpkg-buildpackage -us -uc -b"
else
    tail -n 40 "$out/build.log" | sed 's/^/    /'
    stop "dpkg-buildpackage -us -uc -b failed (log: $out/build.log)"
fi
if grep -q '^SKIP: browser tests' "$out/build.log" &&
    grep -q '^21 passed, 0 failed' "$out/build.log"; then
    pass "the build ran the tests (compat 21/21) and says the browser tests were skipped"
else
    fail "the build log lacks the test run or the browser-test SKIP line"
fi
if grep -q 'dpkg-gensymbols: warning' "$out/build.log"; then
    fail "dpkg-gensymbols warned"
    grep -A12 'dpkg-gensymbols: warning' "$out/build.log" | sed 's/^/    /'
else
    pass "dpkg-gensymbols (check level 4) agrees with debian/libflame0.symbols"
fi

# 2. hardening -----------------------------------------------------------------
# --debian: Debian's gcc makes PIE by default, with no flag on the line.
if blhc --debian --all "$out/build.log" >"$out/blhc.txt" 2>&1; then
    pass "blhc: every compiler line has the hardening flags"
else
    fail "blhc: compiler lines without the hardening flags"
    show "$out/blhc.txt"
fi
deb() { echo "$out/${1}_${debversion}_$arch.deb"; }
hroot=$out/hardening
mkdir -p "$hroot"
for p in cflamegraph "libflame$major"; do dpkg-deb -x "$(deb "$p")" "$hroot"; done
# Control-flow protection is not in bookworm's hardening=+all (dpkg 1.22
# adds it, and stack clash protection, which hardening-check only reports).
if hardening-check --nocfprotection "$hroot/usr/bin/cflamegraph" \
    "$hroot/usr/lib/$multiarch/libflame.so.$version" >"$out/hardening.txt" 2>&1; then
    pass "hardening-check: cflamegraph and libflame.so.$version (PIE, stack protector, fortify, relro, bindnow)"
else
    fail "hardening-check"
    show "$out/hardening.txt"
fi

# 3. lintian ----------------------------------------------------------------------
changes=$out/cflamegraph_${debversion}_$arch.changes
dsc=$out/cflamegraph_$debversion.dsc
# The verdict from lintian itself; then every tag, overridden ones too
# (--show-overrides changes the exit status, so a second run).
lintian --fail-on error,warning "$changes" "$dsc" >"$out/lintian-verdict.txt" 2>&1
st=$?
lintian -I -E --pedantic --show-overrides "$changes" "$dsc" >"$out/lintian.txt" 2>&1
if [ "$st" -eq 0 ]; then
    pass "lintian: no errors, no warnings ($(grep -c '^[IPXMO]: ' "$out/lintian.txt") other tags, in $out/lintian.txt)"
else
    fail "lintian: exit status $st (errors or warnings)"
    show "$out/lintian-verdict.txt"
fi
grep -E '^[IPXMO]: ' "$out/lintian.txt" | sed 's/^/    /'

# 4. contents -----------------------------------------------------------------
# contents PACKAGE: the files and links of a .deb, without directories
contents() { dpkg-deb -c "$(deb "$1")" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./||' | LC_ALL=C sort; }
lib=usr/lib/$multiarch
{
    echo usr/bin/cflamegraph
    echo usr/share/bash-completion/completions/cflamegraph
    echo usr/share/doc/cflamegraph/changelog.Debian.gz
    echo usr/share/doc/cflamegraph/changelog.gz
    echo usr/share/doc/cflamegraph/copyright
    echo usr/share/lintian/overrides/cflamegraph
    echo usr/share/man/man1/cflamegraph.1.gz
    echo usr/share/zsh/vendor-completions/_cflamegraph
} | LC_ALL=C sort >"$out/want.cflamegraph"
{
    echo "$lib/libflame.so.$major"
    echo "$lib/libflame.so.$version"
    echo "usr/share/doc/libflame$major/changelog.Debian.gz"
    echo "usr/share/doc/libflame$major/changelog.gz"
    echo "usr/share/doc/libflame$major/copyright"
    echo "usr/share/lintian/overrides/libflame$major"
} | LC_ALL=C sort >"$out/want.libflame$major"
{
    echo usr/include/flame.h
    echo "$lib/libflame.a"
    echo "$lib/libflame.so"
    echo "$lib/pkgconfig/libflame.pc"
    echo usr/share/doc/libflame-dev/changelog.Debian.gz
    echo usr/share/doc/libflame-dev/changelog.gz
    for f in "$root"/examples/*.c; do echo "usr/share/doc/libflame-dev/examples/$(basename "$f")"; done
    echo usr/share/doc/libflame-dev/copyright
    echo usr/share/lintian/overrides/libflame-dev
    for f in "$root"/man/*.3; do echo "usr/share/man/man3/$(basename "$f").gz"; done
} | LC_ALL=C sort >"$out/want.libflame-dev"
for p in cflamegraph "libflame$major" libflame-dev; do
    contents "$p" >"$out/got.$p"
    if cmp -s "$out/want.$p" "$out/got.$p"; then
        pass "$p: exactly the $(wc -l <"$out/want.$p" | tr -d ' ') expected files"
    else
        fail "$p: files differ from the expected list"
        LC_ALL=C comm -23 "$out/want.$p" "$out/got.$p" | sed 's/^/    missing: /'
        LC_ALL=C comm -13 "$out/want.$p" "$out/got.$p" | sed 's/^/    unexpected: /'
    fi
done
dpkg-deb -I "$(deb "libflame$major")" symbols 2>/dev/null | sed -n 's/^ \([^@ ]*\)@Base .*/\1/p' |
    LC_ALL=C sort >"$out/symbols.listed"
nm -D --defined-only "$hroot/$lib/libflame.so.$version" | awk '{ print $NF }' | LC_ALL=C sort -u \
    >"$out/symbols.exported"
if [ -s "$out/symbols.listed" ] && cmp -s "$out/symbols.listed" "$out/symbols.exported"; then
    pass "libflame$major's symbols file lists the $(wc -l <"$out/symbols.exported" | tr -d ' ') exported symbols"
else
    fail "libflame$major's symbols file and the exports differ"
    LC_ALL=C comm -3 "$out/symbols.listed" "$out/symbols.exported" | sed 's/^/    /'
fi

# 5. install ----------------------------------------------------------------------
debs="$(deb cflamegraph) $(deb "libflame$major") $(deb libflame-dev)"
# shellcheck disable=SC2086 # a list of paths without blanks
if apt-get install --simulate -qq $debs >"$out/apt-simulate.txt" 2>&1; then
    pass "apt-get install --simulate: the dependencies of the three packages can be met"
else
    fail "apt-get install --simulate failed"
    show "$out/apt-simulate.txt"
fi
scratch=$out/root
mkdir -p "$scratch"
for d in $debs; do
    dpkg-deb -x "$d" "$scratch" || fail "dpkg-deb -x $(basename "$d")"
done
if sh "$root/tests/deb/installed.sh" "$scratch" "$B/tests/svgcheck"; then
    pass "tests/deb/installed.sh: the unpacked packages work"
else
    fail "tests/deb/installed.sh: the unpacked packages do not work (above)"
fi

finish
