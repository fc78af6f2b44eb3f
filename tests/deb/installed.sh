#!/bin/sh
# Use the Debian packages as installed under ROOT: the tool, its
# completions, the library through pkg-config, the examples built against it.
#
# Usage: sh tests/deb/installed.sh ROOT SVGCHECK
# ROOT is / for packages installed on the machine, or the directory the
# .debs were unpacked into (tests/deb/run.sh, make deb-test).  SVGCHECK is
# the tree's tests/svgcheck (libxml2: well-formed SVG).  The environment
# may give CC and PKG_CONFIG.
#
#  1. ROOT/usr/bin/cflamegraph is the version of include/flame.h, renders a
#     fixture to well-formed SVG (and to a PNG) and needs no libflame.so.
#  2. The bash completion there registers itself and completes values; the
#     zsh completion parses (zsh -n).
#  3. libflame.pc, found under ROOT/usr/lib/MULTIARCH/pkgconfig, has the
#     version, libdir /usr/lib/MULTIARCH, and pkg-config --cflags/--libs
#     point into ROOT.
#  4. Each example of libflame-dev (ROOT/usr/share/doc/libflame-dev/examples,
#     the tree's examples/*.c) builds with "cc prog.c $(pkg-config --cflags
#     --libs libflame)" against ROOT's header and library, needs libflame.so.MAJOR
#     and loads it from ROOT; svg_from_file writes the installed
#     cflamegraph's SVG, walk_frames the frames of walk.expected,
#     png_from_code a PNG; each also links statically (libflame.a).
#
# Prints PASS/FAIL per check and "N passed, N failed"; exits 1 on failure.

if [ $# -ne 2 ]; then
    echo "usage: sh tests/deb/installed.sh ROOT SVGCHECK" >&2
    exit 2
fi
tree=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
R=$(cd "$1" && pwd) || exit 2
[ "$R" = / ] && R=""
svgcheck=$2
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }
show() { sed -n '1,20s/^/    /p' "$1"; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/deb-installed.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

version=$(sed -n 's/^#define FLAME_VERSION_STRING "\(.*\)"/\1/p' "$tree/include/flame.h")
major=$(sed -n 's/^#define FLAME_VERSION_MAJOR \([0-9]*\)/\1/p' "$tree/include/flame.h")
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
libdir=/usr/lib/$multiarch
perf=$tree/fixtures/compat/inputs/example-perf.folded
cli=$R/usr/bin/cflamegraph

# 1. the tool ----------------------------------------------------------------------
want="cflamegraph $version (libflame $version)"
got=$("$cli" --version 2>&1)
if [ "$got" = "$want" ]; then
    pass "cflamegraph --version: $want"
else
    fail "cflamegraph --version says '$got', expected '$want'"
fi
if "$cli" --title "installed" "$perf" >"$tmp/perf.svg" 2>"$tmp/perf.err" &&
    "$svgcheck" "$tmp/perf.svg" 2>"$tmp/svgcheck.err"; then
    pass "cflamegraph renders example-perf.folded to well-formed SVG ($(wc -c <"$tmp/perf.svg" | tr -d ' ') bytes)"
else
    fail "cflamegraph did not render example-perf.folded to well-formed SVG"
    show "$tmp/perf.err"
    show "$tmp/svgcheck.err"
fi
if "$cli" -o "$tmp/perf.png" "$perf" 2>"$tmp/png.err" &&
    [ "$(od -An -tx1 -N8 "$tmp/perf.png" | tr -d ' \n')" = 89504e470d0a1a0a ]; then
    pass "cflamegraph -o perf.png writes a PNG"
else
    fail "cflamegraph -o perf.png"
    show "$tmp/png.err"
fi
if LC_ALL=C readelf -d "$cli" | grep -q 'NEEDED.*libflame'; then
    fail "cflamegraph needs libflame.so (it links libflame.a: one self-contained tool)"
else
    pass "cflamegraph has libflame linked in (no libflame.so needed)"
fi

# 2. completions ---------------------------------------------------------------
bashcomp=$R/usr/share/bash-completion/completions/cflamegraph
got=$(bash -c '. "$1" || exit 1; complete -p cflamegraph || exit 1
    COMP_WORDS=(cflamegraph --format ""); COMP_CWORD=2; _cflamegraph
    printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' bash "$bashcomp" 2>&1 | tr '\n' ' ')
if [ "$got" = "complete -F _cflamegraph cflamegraph folded html pdf png svg " ]; then
    pass "bash completion: registered, '--format ' completes folded html pdf png svg"
else
    fail "bash completion from $bashcomp: '$got'"
fi
zshcomp=$R/usr/share/zsh/vendor-completions/_cflamegraph
if ! command -v zsh >/dev/null 2>&1; then
    fail "zsh is not installed"
elif zsh -n "$zshcomp" 2>"$tmp/zsh.err" && head -n 1 "$zshcomp" | grep -qx '#compdef cflamegraph'; then
    pass "zsh completion: #compdef cflamegraph, zsh -n"
else
    fail "zsh completion $zshcomp"
    show "$tmp/zsh.err"
fi

# 3. pkg-config -------------------------------------------------------------
# libflame.pc from ROOT, the .pc files it requires (cairo, ...) from the
# machine; the sysroot puts ROOT before the paths of the installed .pc.
PKG_CONFIG_PATH=$R$libdir/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$R
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
pcfile=$R$libdir/pkgconfig/libflame.pc
got=$($PKG_CONFIG --modversion libflame 2>&1)
pclibdir=$(sed -n 's/^libdir=//p' "$pcfile")
if [ "$got" = "$version" ] && [ "$pclibdir" = "$libdir" ]; then
    pass "libflame.pc: version $version, libdir $libdir"
else
    fail "libflame.pc: version '$got', libdir '$pclibdir' (expected $version, $libdir)"
fi
cflags=$($PKG_CONFIG --cflags libflame 2>&1 | sed 's/ *$//')
libs=$($PKG_CONFIG --libs libflame 2>&1 | sed 's/ *$//')
if [ "$libs" = "-L$R$libdir -lflame" ]; then
    pass "pkg-config --libs libflame: $libs"
else
    fail "pkg-config --libs libflame: '$libs', expected '-L$R$libdir -lflame'"
fi
# At ROOT /, pkg-config leaves the system's /usr/include out.
if [ -z "$R" ] || case " $cflags " in *" -I$R/usr/include "*) true ;; *) false ;; esac; then
    pass "pkg-config --cflags libflame: includes ROOT's header directory"
else
    fail "pkg-config --cflags libflame: '$cflags', without -I$R/usr/include"
fi

# 4. the examples against the installed library ---------------------------------------
# The header comes from ROOT: -I$R/usr/include even where pkg-config drops
# the system include directory from --cflags.
LD_LIBRARY_PATH=$R$libdir
export LD_LIBRARY_PATH
# Statically: -lflame taken as libflame.a, everything else from --static.
static_libs=$($PKG_CONFIG --static --libs libflame | sed 's/-lflame\( \|$\)/-l:libflame.a\1/')
examples=$R/usr/share/doc/libflame-dev/examples
for want in "$tree"/examples/*.c; do
    name=$(basename "$want" .c)
    src=$examples/$name.c
    if ! cmp -s "$want" "$src"; then
        fail "libflame-dev: $src is not examples/$name.c"
        continue
    fi
    cp "$src" "$tmp/$name.c"
    # shellcheck disable=SC2086 # flag lists
    if ! (cd "$tmp" && $CC -std=c11 -Werror -I"$R/usr/include" $cflags -o "$name" "$name.c" $libs) \
        >"$tmp/$name.cc" 2>&1; then
        fail "$name.c of libflame-dev does not build against the installed libflame"
        show "$tmp/$name.cc"
        continue
    fi
    needed=$(LC_ALL=C readelf -d "$tmp/$name" | sed -n 's/.*(NEEDED).*\[\(libflame[^]]*\)\].*/\1/p')
    loaded=$(ldd "$tmp/$name" | sed -n "s/^[ \t]*libflame\.so\.$major => \([^ ]*\) .*/\1/p")
    if [ "$needed" = "libflame.so.$major" ] && [ "$loaded" = "$R$libdir/libflame.so.$major" ]; then
        pass "$name.c of libflame-dev builds with pkg-config alone, loads $loaded"
    else
        fail "examples/$name: NEEDED '$needed', loads '$loaded'"
    fi
    # shellcheck disable=SC2086
    (cd "$tmp" && $CC -std=c11 -Werror -I"$R/usr/include" $cflags -o "$name-static" "$name.c" \
        $static_libs) >"$tmp/$name-static.cc" 2>&1 ||
        { fail "examples/$name.c does not link with libflame.a"; show "$tmp/$name-static.cc"; }
done

if [ -x "$tmp/svg_from_file" ]; then
    "$cli" --title "CPU profile" --minwidth 0.5 "$perf" >"$tmp/cli.svg" 2>/dev/null
    if "$tmp/svg_from_file" "$perf" >"$tmp/example.svg" 2>"$tmp/example.err" &&
        cmp -s "$tmp/cli.svg" "$tmp/example.svg"; then
        pass "svg_from_file runs on the installed library and writes cflamegraph's SVG"
    else
        fail "svg_from_file: a different SVG from the installed cflamegraph's"
        show "$tmp/example.err"
    fi
    if [ -x "$tmp/svg_from_file-static" ] && "$tmp/svg_from_file-static" "$perf" >"$tmp/static.svg" 2>&1 &&
        cmp -s "$tmp/cli.svg" "$tmp/static.svg"; then
        pass "svg_from_file linked with libflame.a writes the same SVG"
    else
        fail "svg_from_file linked with libflame.a"
    fi
fi
if [ -x "$tmp/walk_frames" ]; then
    if "$tmp/walk_frames" "$tree/tests/examples/walk.folded" >"$tmp/walk.out" 2>&1 &&
        cmp -s "$tree/tests/examples/walk.expected" "$tmp/walk.out"; then
        pass "walk_frames gives the frames of tests/examples/walk.expected"
    else
        fail "walk_frames: the frames differ from walk.expected"
        diff "$tree/tests/examples/walk.expected" "$tmp/walk.out" | sed -n '1,10s/^/    /p'
    fi
fi
if [ -x "$tmp/png_from_code" ]; then
    if "$tmp/png_from_code" "$tmp/code.png" >"$tmp/png.out" 2>&1 &&
        [ "$(od -An -tx1 -N8 "$tmp/code.png" | tr -d ' \n')" = 89504e470d0a1a0a ]; then
        pass "png_from_code writes a PNG: $(cat "$tmp/png.out" | sed "s|$tmp/||")"
    else
        fail "png_from_code"
        show "$tmp/png.out"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
