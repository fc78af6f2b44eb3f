#!/bin/sh
# Install into a scratch directory the way a package build does, use the
# installed library the way a user does, then uninstall.
#
# Usage: sh tests/examples/install.sh BUILD_DIR          (make test-install)
# The environment gives MAKE, CC and PKG_CONFIG.  BUILD_DIR holds the built
# tree and tests/svgcheck.
#
#  1. make install DESTDIR=$d PREFIX=/usr installs exactly: cflamegraph,
#     flame.h, libflame.a, libflame.so.VERSION with its two symlinks,
#     libflame.pc, man/*.1 and man/*.3, the bash and zsh completions, each
#     identical to its source.
#  2. The shared library's soname is libflame.so.MAJOR.
#  3. pkg-config, pointed into $d by PKG_CONFIG_PATH and
#     PKG_CONFIG_SYSROOT_DIR, reports the version and flags into $d.
#  4. examples/svg_from_file.c, copied out of the tree, builds with
#     "cc prog.c $(pkg-config --cflags --libs libflame)" and nothing else,
#     needs libflame.so.MAJOR, finds it in $d (LD_LIBRARY_PATH), runs and
#     writes cflamegraph's SVG; it also links statically with
#     "pkg-config --static --libs" (libflame.a, Libs.private, Requires.private).
#  5. The installed cflamegraph runs.
#  6. make uninstall DESTDIR=$d PREFIX=/usr leaves no file or link behind.
#
# Prints PASS/FAIL per check and "N passed, N failed"; exits 1 on failure.

if [ $# -ne 1 ]; then
    echo "usage: sh tests/examples/install.sh BUILD_DIR" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
B=$(cd "$1" && pwd) || exit 2
MAKE=${MAKE:-make}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }
show() { sed -n '1,30s/^/    /p' "$1"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test-install.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
d=$tmp/destdir
mkdir "$d" "$tmp/user" || exit 2

version=$(sed -n 's/^#define FLAME_VERSION_STRING "\(.*\)"/\1/p' "$root/include/flame.h")
major=$(sed -n 's/^#define FLAME_VERSION_MAJOR \([0-9]*\)/\1/p' "$root/include/flame.h")
perf=$root/fixtures/compat/inputs/example-perf.folded

# files_in DIR: every file and symbolic link under DIR, relative, sorted
files_in() {
    (cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort)
}

# 1. install ---------------------------------------------------------------
if ! $MAKE -C "$root" --no-print-directory install DESTDIR="$d" PREFIX=/usr \
    >"$tmp/install.log" 2>&1; then
    fail "make install DESTDIR=... PREFIX=/usr failed"
    show "$tmp/install.log"
    echo "$passed passed, $failed failed"
    exit 1
fi
pass "make install DESTDIR=... PREFIX=/usr"

{
    echo usr/bin/cflamegraph
    echo usr/include/flame.h
    echo usr/lib/libflame.a
    echo usr/lib/libflame.so
    echo "usr/lib/libflame.so.$major"
    echo "usr/lib/libflame.so.$version"
    echo usr/lib/pkgconfig/libflame.pc
    echo usr/share/bash-completion/completions/cflamegraph
    echo usr/share/zsh/vendor-completions/_cflamegraph
    for f in "$root"/man/*.1; do echo "usr/share/man/man1/$(basename "$f")"; done
    for f in "$root"/man/*.3; do echo "usr/share/man/man3/$(basename "$f")"; done
} | LC_ALL=C sort >"$tmp/want.files"
files_in "$d" >"$tmp/got.files"
if cmp -s "$tmp/want.files" "$tmp/got.files"; then
    pass "installed files: exactly the $(wc -l <"$tmp/want.files" | tr -d ' ') expected"
else
    fail "installed files differ from the expected list"
    LC_ALL=C comm -23 "$tmp/want.files" "$tmp/got.files" | sed 's/^/    missing: /'
    LC_ALL=C comm -13 "$tmp/want.files" "$tmp/got.files" | sed 's/^/    unexpected: /'
fi

bad=
cmp -s "$root/include/flame.h" "$d/usr/include/flame.h" || bad="$bad flame.h"
for f in "$root"/man/*.1; do
    cmp -s "$f" "$d/usr/share/man/man1/$(basename "$f")" || bad="$bad $(basename "$f")"
done
for f in "$root"/man/*.3; do
    cmp -s "$f" "$d/usr/share/man/man3/$(basename "$f")" || bad="$bad $(basename "$f")"
done
cmp -s "$root/completions/cflamegraph.bash" "$d/usr/share/bash-completion/completions/cflamegraph" ||
    bad="$bad cflamegraph.bash"
cmp -s "$root/completions/_cflamegraph" "$d/usr/share/zsh/vendor-completions/_cflamegraph" ||
    bad="$bad _cflamegraph"
if [ -z "$bad" ]; then
    pass "installed header, man pages and completions are identical to the sources"
else
    fail "installed copies differ from the sources:$bad"
fi

l1=$(readlink "$d/usr/lib/libflame.so")
l2=$(readlink "$d/usr/lib/libflame.so.$major")
if [ "$l1" = "libflame.so.$major" ] && [ "$l2" = "libflame.so.$version" ] &&
    [ -f "$d/usr/lib/libflame.so.$version" ] && [ ! -L "$d/usr/lib/libflame.so.$version" ]; then
    pass "libflame.so -> libflame.so.$major -> libflame.so.$version"
else
    fail "library links: libflame.so -> '$l1', libflame.so.$major -> '$l2'"
fi

# 2. soname -----------------------------------------------------------------
# dynamic NEEDED|SONAME FILE: the names of the dynamic section's entries
dynamic() {
    LC_ALL=C readelf -d "$2" 2>/dev/null | sed -n "s/.*($1).*\[\(.*\)\].*/\1/p"
}
soname=$(dynamic SONAME "$d/usr/lib/libflame.so.$version")
if [ "$soname" = "libflame.so.$major" ]; then
    pass "soname: libflame.so.$major"
else
    fail "soname of the installed library is '$soname', expected libflame.so.$major"
fi

# 3. pkg-config -------------------------------------------------------------
PKG_CONFIG_PATH=$d/usr/lib/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$d
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
pcdir=$($PKG_CONFIG --variable=pcfiledir libflame 2>"$tmp/pc.err")
modversion=$($PKG_CONFIG --modversion libflame 2>>"$tmp/pc.err")
cflags=$($PKG_CONFIG --cflags libflame 2>>"$tmp/pc.err")
libs=$($PKG_CONFIG --libs libflame 2>>"$tmp/pc.err")
if [ "$pcdir" != "$d/usr/lib/pkgconfig" ]; then
    fail "pkg-config finds libflame.pc in '$pcdir', not in the scratch directory"
    show "$tmp/pc.err"
elif [ "$modversion" != "$version" ]; then
    fail "pkg-config --modversion libflame says '$modversion', expected $version"
else
    pass "pkg-config: libflame $modversion from the scratch directory"
fi
case " $cflags " in
*" -I$d/usr/include "*) pass "pkg-config --cflags: -I$d/usr/include" ;;
*) fail "pkg-config --cflags libflame: '$cflags' lacks -I$d/usr/include" ;;
esac
case " $libs " in
*" -L$d/usr/lib "*) case " $libs " in
    *" -lflame "*) pass "pkg-config --libs: -L$d/usr/lib -lflame" ;;
    *) fail "pkg-config --libs libflame: '$libs' lacks -lflame" ;;
    esac ;;
*) fail "pkg-config --libs libflame: '$libs' lacks -L$d/usr/lib" ;;
esac

# 4. a program built against the installed library ---------------------------
cp "$root/examples/svg_from_file.c" "$tmp/user/prog.c"
"$B/cflamegraph" --title "CPU profile" --minwidth 0.5 "$perf" >"$tmp/cli.svg" 2>/dev/null
# shellcheck disable=SC2046 # pkg-config's output is a list of words
if (cd "$tmp/user" && $CC -o prog prog.c $($PKG_CONFIG --cflags --libs libflame)) \
    >"$tmp/cc.log" 2>&1; then
    pass "examples/svg_from_file.c builds with pkg-config --cflags --libs libflame alone"
    needed=$(dynamic NEEDED "$tmp/user/prog" | grep flame)
    resolved=$(LD_LIBRARY_PATH=$d/usr/lib ldd "$tmp/user/prog" 2>&1 |
        sed -n 's/^[[:space:]]*libflame[^ ]* => \([^ ]*\).*/\1/p')
    if [ "$needed" = "libflame.so.$major" ] && [ "$resolved" = "$d/usr/lib/libflame.so.$major" ]; then
        pass "it needs libflame.so.$major and loads it from the scratch directory"
    else
        fail "it needs '$needed', loaded from '$resolved'"
    fi
    if (cd "$tmp/user" && LD_LIBRARY_PATH=$d/usr/lib ./prog "$perf") >"$tmp/prog.svg" \
        2>"$tmp/prog.err"; then
        if "$B/tests/svgcheck" "$tmp/prog.svg" && cmp -s "$tmp/cli.svg" "$tmp/prog.svg"; then
            pass "it runs and writes the SVG cflamegraph writes"
        else
            fail "its output is not cflamegraph's SVG"
        fi
    else
        fail "it fails to run"
        show "$tmp/prog.err"
    fi
else
    fail "examples/svg_from_file.c does not build with pkg-config --cflags --libs libflame"
    show "$tmp/cc.log"
fi

# Statically: -lflame taken as libflame.a, everything else from --static.
static_libs=$($PKG_CONFIG --static --libs libflame | sed 's/-lflame\( \|$\)/-l:libflame.a\1/')
# shellcheck disable=SC2046,SC2086
if (cd "$tmp/user" && $CC -o prog-static prog.c $($PKG_CONFIG --cflags libflame) $static_libs) \
    >"$tmp/cc-static.log" 2>&1 &&
    (cd "$tmp/user" && ./prog-static "$perf") >"$tmp/prog-static.svg" 2>/dev/null &&
    cmp -s "$tmp/cli.svg" "$tmp/prog-static.svg"; then
    pass "it links with libflame.a and pkg-config --static --libs, and runs"
else
    fail "static link with pkg-config --static --libs libflame failed"
    show "$tmp/cc-static.log"
fi

# 5. the installed tool -------------------------------------------------------
if "$d/usr/bin/cflamegraph" --version >"$tmp/version.out" 2>&1 &&
    grep -qF "$version" "$tmp/version.out"; then
    pass "installed cflamegraph --version runs"
else
    fail "installed cflamegraph --version"
    show "$tmp/version.out"
fi

# 6. uninstall -----------------------------------------------------------------
if ! $MAKE -C "$root" --no-print-directory uninstall DESTDIR="$d" PREFIX=/usr \
    >"$tmp/uninstall.log" 2>&1; then
    fail "make uninstall DESTDIR=... PREFIX=/usr failed"
    show "$tmp/uninstall.log"
else
    files_in "$d" >"$tmp/left.files"
    if [ -s "$tmp/left.files" ]; then
        fail "make uninstall left files behind"
        show "$tmp/left.files"
    else
        pass "make uninstall removes every installed file"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
