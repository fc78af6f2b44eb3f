#!/bin/bash
# Check the shell completions against the program.
#
# Usage: bash tests/completion/check.sh build/cflamegraph   (make completion-test)
#
#  1. bash: completions/cflamegraph.bash registers _cflamegraph for
#     cflamegraph (complete -p); driven through COMP_WORDS/COMP_CWORD in
#     this non-interactive bash, it completes exactly the long options of
#     `cflamegraph --help`, each option the way --help describes it (no
#     value: the next word is a file; FILE: file names; another value:
#     nothing, or the values of its fixed set), values after "--opt=" too,
#     file names with spaces as one word, and only files after "--".
#  2. Every value a completion offers is accepted by cflamegraph, and every
#     value cflamegraph's error for a wrong one lists is offered.
#  3. zsh: completions/_cflamegraph passes `zsh -n`; its _arguments specs
#     (read by calling it with _arguments replaced) name exactly the long
#     options of --help, with an argument where --help has one, _files for
#     FILE, and the same value sets as the bash completion; completing in a
#     real interactive zsh (tests/completion/zsh-complete.zsh) gives
#     options, values and file names.
#
# Prints PASS/FAIL per check and "N passed, N failed"; exits 1 on failure.

if [ $# -ne 1 ]; then
    echo "usage: bash tests/completion/check.sh path/to/cflamegraph" >&2
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
bash_file=$root/completions/cflamegraph.bash
zsh_dir=$root/completions
zsh_file=$zsh_dir/_cflamegraph
fixture=$root/fixtures/cli/small.folded

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }
# words LIST: the words of LIST, sorted, on one line
words() { printf '%s\n' $1 | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/completion.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# File names completion can offer: the test runs in this directory.
work=$tmp/work
mkdir -p "$work/profiles" || exit 2
: >"$work/stack.data"
: >"$work/two words.folded"
: >"$work/--hint.folded"
cd "$work" || exit 2
files_here=$(printf '%s\n' --hint.folded profiles stack.data "two words.folded" |
    LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')

# --help: each long option and what it takes ----------------------------------
# "  --name ARG text", "  -o, --name ARG text" or "  --name  text": ARG is
# an upper-case placeholder (FILE, TEXT, NUM, ...) one space after the name.
declare -A help_arg
if ! "$bin" --help >"$tmp/help.txt" 2>&1; then
    fail "$bin --help failed"
    echo "$passed passed, $failed failed"
    exit 1
fi
while IFS= read -r l; do
    if [[ $l =~ ^\ *(-[A-Za-z0-9],\ )?--([A-Za-z0-9][A-Za-z0-9-]*)(\ ([A-Z][A-Z0-9_]*))?(\ |$) ]]; then
        help_arg[--${BASH_REMATCH[2]}]=${BASH_REMATCH[4]:-none}
    fi
done <"$tmp/help.txt"
help_opts=$(words "${!help_arg[*]}")
if [ -z "$help_opts" ]; then
    fail "no long options found in --help"
    echo "$passed passed, $failed failed"
    exit 1
fi

# 1. bash ---------------------------------------------------------------------
# shellcheck source=../../completions/cflamegraph.bash
if ! . "$bash_file" 2>"$tmp/source.err"; then
    fail "bash: sourcing completions/cflamegraph.bash failed"
    sed 's/^/    /' "$tmp/source.err"
fi
if [ "$(complete -p cflamegraph 2>/dev/null)" = "complete -F _cflamegraph cflamegraph" ]; then
    pass "bash: complete -p cflamegraph is 'complete -F _cflamegraph cflamegraph'"
else
    fail "bash: complete -p cflamegraph is '$(complete -p cflamegraph 2>&1)'"
fi

# comp WORD...: complete the last WORD of "cflamegraph WORD..." the way
# bash calls the function (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT);
# the replies, sorted, on one line.
comp() {
    COMP_WORDS=(cflamegraph "$@")
    COMP_CWORD=$#
    COMP_LINE="cflamegraph $*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _cflamegraph cflamegraph "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>"$tmp/comp.err"
    [ -s "$tmp/comp.err" ] && sed 's/^/    stderr: /' "$tmp/comp.err" >&2
    printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}
# expect WHAT WANT WORD...: pass when comp WORD... is WANT
expect() {
    what=$1 want=$2
    shift 2
    got=$(comp "$@")
    if [ "$got" = "$want" ]; then
        pass "bash: $what"
    else
        fail "bash: $what: got '$got', expected '$want'"
    fi
}

got=$(comp --)
if [ "$got" = "$help_opts" ]; then
    pass "bash: 'cflamegraph --' offers the $(wc -w <<<"$help_opts") long options of --help"
else
    fail "bash: 'cflamegraph --' and --help differ"
    LC_ALL=C comm -23 <(printf '%s\n' $help_opts) <(printf '%s\n' $got) | sed 's/^/    only in --help: /'
    LC_ALL=C comm -13 <(printf '%s\n' $help_opts) <(printf '%s\n' $got) | sed 's/^/    only in the completion: /'
fi
expect "'-' offers -o too" "$(words "-o $help_opts")" -
expect "'--colo' is --colordiffusion and --colors" "--colordiffusion --colors" --colo
expect "'--font' is the three --font* options" "--fontsize --fonttype --fontwidth" --font

# Each option as --help describes it; the value sets found on the way.
declare -A bash_set
mismatch=0
for opt in "${!help_arg[@]}"; do
    next=$(comp "$opt" "")
    after_eq=$(comp "$opt" = "")
    case ${help_arg[$opt]} in
    none) want_next=$files_here want_eq="" kind="takes no value" ;;
    FILE) want_next=$files_here want_eq=$files_here kind="takes a file" ;;
    *)
        if [ -n "$next" ]; then
            bash_set[$opt]=$next
        fi
        want_next=$next want_eq=$next kind="takes a ${help_arg[$opt]}"
        if [ "$next" = "$files_here" ]; then
            want_next="not file names"
        fi
        ;;
    esac
    if [ "$next" != "$want_next" ] || [ "$after_eq" != "$want_eq" ]; then
        fail "bash: $opt $kind: '$opt ' gives '$next', '$opt=' gives '$after_eq'"
        mismatch=1
    fi
done
[ "$mismatch" = 0 ] && pass "bash: every option's value completes as --help describes it (${#help_arg[@]} options)"
for opt in --colors --bgcolors --format --input-format; do
    [ -n "${bash_set[$opt]}" ] || fail "bash: $opt completes no values"
done
expect "'--colors j' is java js" "java js" --colors j
expect "'--colors=j' (split at =) is java js" "java js" --colors = j
expect "'--colors=j' (not split at =) keeps the prefix" "--colors=java --colors=js" --colors=j
expect "'--format ' is svg html png pdf folded" "folded html pdf png svg" --format ""
expect "'--input-format ' is the readers" "auto folded perf speedscope trace" --input-format ""
expect "'-o st' is stack.data" "stack.data" -o st
expect "'--nameattr=p' is the directory profiles" "profiles" --nameattr = p
expect "'tw' is 'two words.folded', one word" "two words.folded" tw
expect "after '--', '--h' is a file name" "--hint.folded" -- --h
expect "'--title ' offers nothing" "" --title ""
expect "a file operand after options" "stack.data" --hash --colors java st

# 2. the values against the program -------------------------------------------
# A value is refused with "unknown ... 'VALUE' ... (a, b or c)" or "invalid".
refused() { grep -Eq "(unknown|invalid)[^']*'$1'" "$tmp/run.err"; }
# Options that only go with --diff get it, and the fixture as both profiles.
run_with() {
    case $1 in
    --diff-widths) "$bin" --diff "$1" "$2" "$fixture" "$fixture" ;;
    *) "$bin" "$1" "$2" "$fixture" ;;
    esac >"$tmp/run.out" 2>"$tmp/run.err"
}
for opt in $(words "${!bash_set[*]}"); do
    bad=""
    for v in ${bash_set[$opt]}; do
        run_with "$opt" "$v"
        refused "$v" && bad="$bad $v"
    done
    if [ -z "$bad" ]; then
        pass "values: cflamegraph accepts every value completed for $opt"
    else
        fail "values: cflamegraph refuses$bad for $opt"
    fi
    run_with "$opt" no-such-value
    if ! refused no-such-value; then
        fail "values: $opt no-such-value is not refused: $(head -n 1 "$tmp/run.err")"
        continue
    fi
    # The list in the message: "(a, b, c or #rrggbb)" or "(a b c)".
    listed=$(sed -n "s/.*'no-such-value'.*(\([^)]*\)).*/\1/p" "$tmp/run.err" | head -n 1 |
        sed -e 's/,/ /g' -e 's/ or / /g')
    missing=""
    for v in $listed; do
        case $v in
        \#*) ;;    # a pattern such as #rrggbb, not a word
        *) [[ " ${bash_set[$opt]} " == *" $v "* ]] || missing="$missing $v" ;;
        esac
    done
    if [ -z "$listed" ]; then
        pass "values: $opt no-such-value is refused (the message lists no values)"
    elif [ -z "$missing" ]; then
        pass "values: every value cflamegraph lists for $opt is completed"
    else
        fail "values: cflamegraph lists$missing for $opt, which the completion lacks"
    fi
done

# 3. zsh ----------------------------------------------------------------------
if ! command -v zsh >/dev/null 2>&1; then
    fail "zsh: zsh is not installed (tools/deps.sh test installs it)"
    echo "$passed passed, $failed failed"
    exit 1
fi
if zsh -n "$zsh_file" 2>"$tmp/zsh-n.err"; then
    pass "zsh: zsh -n completions/_cflamegraph"
else
    fail "zsh: zsh -n completions/_cflamegraph"
    sed 's/^/    /' "$tmp/zsh-n.err"
fi

# The specs as _arguments receives them, parameters expanded.
if ! zsh -fc '_arguments() { shift; printf "%s\n" "$@"; }; load() { source "$1"; }; load "$1"' \
    zsh "$zsh_file" >"$tmp/specs" 2>"$tmp/specs.err" || [ -s "$tmp/specs.err" ]; then
    fail "zsh: calling _cflamegraph with _arguments replaced failed"
    sed 's/^/    /' "$tmp/specs.err"
fi
declare -A zsh_kind zsh_set
while IFS= read -r spec; do
    # "(excluded)--name=[description]:message:action"; "-o+" and "--name="
    # take an argument, a spec with no ':' after its description none.
    # A leading "*": the option may be given again.
    [[ $spec =~ ^\*?(\([^\)]*\))?(--?[A-Za-z0-9][A-Za-z0-9-]*)([=+]?)(-?)\[ ]] || continue
    name=${BASH_REMATCH[2]}
    if [[ -z ${BASH_REMATCH[3]} ]]; then
        zsh_kind[$name]=none
    elif [[ $spec == *:_files ]]; then
        zsh_kind[$name]=FILE
    elif [[ $spec =~ :\(([^\)]*)\)$ ]]; then
        zsh_kind[$name]=set
        zsh_set[$name]=$(words "${BASH_REMATCH[1]}")
    else
        zsh_kind[$name]=text
    fi
done <"$tmp/specs"
zsh_long=""
for name in "${!zsh_kind[@]}"; do
    case $name in --*) zsh_long="$zsh_long $name" ;; esac
done
zsh_long=$(words "$zsh_long")
if [ "$zsh_long" = "$help_opts" ]; then
    pass "zsh: the specs name the $(wc -w <<<"$help_opts") long options of --help"
else
    fail "zsh: the specs and --help differ"
    LC_ALL=C comm -23 <(printf '%s\n' $help_opts) <(printf '%s\n' $zsh_long) | sed 's/^/    only in --help: /'
    LC_ALL=C comm -13 <(printf '%s\n' $help_opts) <(printf '%s\n' $zsh_long) | sed 's/^/    only in _cflamegraph: /'
fi
mismatch=0
for opt in "${!help_arg[@]}"; do
    [ -n "${zsh_kind[$opt]}" ] || continue
    case ${help_arg[$opt]} in
    none) want=none ;;
    FILE) want=FILE ;;
    *) if [ -n "${bash_set[$opt]}" ]; then want=set; else want=text; fi ;;
    esac
    if [ "${zsh_kind[$opt]}" != "$want" ]; then
        fail "zsh: $opt: spec gives ${zsh_kind[$opt]}, --help and bash say $want"
        mismatch=1
    elif [ "$want" = set ] && [ "${zsh_set[$opt]}" != "${bash_set[$opt]}" ]; then
        fail "zsh: $opt completes '${zsh_set[$opt]}', bash '${bash_set[$opt]}'"
        mismatch=1
    fi
done
if [ "${zsh_kind[-o]}" != FILE ]; then
    fail "zsh: -o does not take a file"
    mismatch=1
fi
[ "$mismatch" = 0 ] && pass "zsh: every option takes what --help says, with the value sets of bash"

# zexpect WHAT WANT LINE: complete LINE in an interactive zsh
zexpect() {
    got=$(timeout 30 zsh -f "$root/tests/completion/zsh-complete.zsh" "$zsh_dir" "$3" 2>"$tmp/zsh.err" |
        tr '\n' ' ' | sed 's/ $//')
    st=${PIPESTATUS[0]}
    if [ "$st" -ne 0 ]; then
        fail "zsh: $1: the completion did not run (exit status $st)"
        sed -n '1,10s/^/    /p' "$tmp/zsh.err"
    elif [ "$got" = "$2" ]; then
        pass "zsh: $1"
    else
        fail "zsh: $1: got '$got', expected '$2'"
    fi
}
if ! zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
    fail "zsh: the zsh/zpty module is missing"
else
    # zsh offers the file operands that match as well.
    zexpect "'cflamegraph --' offers the long options of --help (and --hint.folded)" \
        "$(words "$help_opts --hint.folded")" "cflamegraph --"
    zexpect "'--font' is the three --font* options" \
        "--fontsize --fonttype --fontwidth" "cflamegraph --font"
    zexpect "'--colors=' offers the palettes" "${bash_set[--colors]}" "cflamegraph --colors="
    zexpect "'--format ' offers the output formats" "${bash_set[--format]}" "cflamegraph --format "
    zexpect "'-o st' is stack.data" "stack.data" "cflamegraph -o st"
    zexpect "'--hash st' is stack.data" "stack.data" "cflamegraph --hash st"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
