#!/bin/sh
# The library's stages call only down: a file of lib/STAGE/ includes only
# headers of its own stage or of a lower one, and its object file uses only
# internal functions (fl_*) defined in its own stage or a lower one.  The
# order is the data's: base, decode, filter, frames, layout, render, then
# graph.c, which sequences them.  cli/ includes only the public header.
#
# usage: sh tests/stages/check.sh BUILD_DIR        (make stages-test)
set -u
B=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
stages="base decode filter frames layout render"
npass=0 nfail=0
pass() { npass=$((npass + 1)); }
fail() { nfail=$((nfail + 1)); echo "FAIL: $*"; }

rank() {
    r=0
    for s in $stages; do
        [ "$s" = "$1" ] && { echo $r; return; }
        r=$((r + 1))
    done
    echo 99    # graph.c, graph.h: the top
}

# Every folder of lib/ is a stage of the list, and the list is what is there.
for d in lib/*/; do
    d=${d#lib/}
    d=${d%/}
    case " $stages " in
    *" $d "*) pass ;;
    *) fail "lib/$d is not a known stage (tests/stages/check.sh lists them in order)" ;;
    esac
done

# 1. includes
for f in lib/*/*.c lib/*/*.h lib/*.c lib/*.h; do
    case $f in
    lib/*/*) own=${f#lib/}; own=${own%%/*} ;;
    *) own=graph ;;
    esac
    mine=$(rank "$own")
    for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
        case $inc in
        flame.h) pass; continue ;;
        */*) stage=${inc%%/*} ;;
        graph.h) stage=graph ;;
        *) fail "$f includes \"$inc\", which names no stage"; continue ;;
        esac
        if [ ! -e "lib/$inc" ]; then
            fail "$f includes \"$inc\", which does not exist"
        elif [ "$(rank "$stage")" -le "$mine" ]; then
            pass
        else
            fail "$f ($own) includes $inc, of the higher stage $stage"
        fi
    done
done
for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' cli/*.c); do
    [ "$inc" = flame.h ] && pass || fail "cli/ includes \"$inc\": only flame.h is public"
done

# 2. calls: who defines each fl_ symbol, and who uses it
if ! command -v nm >/dev/null 2>&1; then
    fail "nm is not installed (binutils)"
else
    defs=$(mktemp)
    trap 'rm -f "$defs"' EXIT
    # the objects of today's sources (not those a build of an older tree left)
    objs=$(for c in lib/*/*.c lib/*.c; do c=${c#lib/}; echo "$B/obj/${c%.c}.o"; done)
    objs="$objs $B/obj/render/svg_js.o $B/obj/render/html_js.o $B/obj/render/html_css.o"
    for o in $objs; do
        [ -e "$o" ] || { fail "$o is missing (build first)"; continue; }
        s=${o#"$B"/obj/}
        case $s in */*) s=${s%%/*} ;; *) s=graph ;; esac
        nm --defined-only -g "$o" | awk -v s="$s" '$3 ~ /^fl_/ { print $3, s }'
    done >"$defs"
    [ -s "$defs" ] && pass || fail "no fl_ symbols defined in $B/obj (build first)"
    for o in $objs; do
        [ -e "$o" ] || continue
        s=${o#"$B"/obj/}
        case $s in */*) s=${s%%/*} ;; *) s=graph ;; esac
        mine=$(rank "$s")
        for sym in $(nm -u "$o" | awk '$2 ~ /^fl_/ { print $2 }'); do
            where=$(awk -v x="$sym" '$1 == x { print $2; exit }' "$defs")
            if [ -z "$where" ]; then
                fail "${o#"$B"/} uses $sym, defined nowhere"
            elif [ "$(rank "$where")" -le "$mine" ]; then
                pass
            else
                fail "${o#"$B"/} ($s) calls $sym, of the higher stage $where"
            fi
        done
    done
fi
echo "stages: $npass passed, $nfail failed"
[ "$nfail" = 0 ]
