# bash completion for cflamegraph(1)                      -*- shell-script -*-
#
# Installed as $(datadir)/bash-completion/completions/cflamegraph, which
# bash-completion loads the first time cflamegraph is completed; or source
# this file from ~/.bashrc.  It needs bash 4 and nothing else.
#
# An option is a word in one of the three lists of _cflamegraph; an option
# whose value is one of a fixed set also has a line in _cflamegraph_values.
# tests/completion/check.sh checks both against `cflamegraph --help`.

# The values of an option that takes one of a fixed set; fails for others.
_cflamegraph_values()
{
    case $1 in
    --colors) echo hot mem io wakeup chain java js perl python rust red green blue aqua yellow purple orange ;;
    --bgcolors) echo yellow blue green grey ;;
    --format) echo svg html png pdf folded ;;
    --input-format) echo auto folded perf trace speedscope ;;
    --diff-widths) echo after before ;;
    --diff-colors) echo red-blue orange-blue ;;
    --sort) echo flamegraph weight ;;
    --truncate) echo right left ;;
    *) return 1 ;;
    esac
}

_cflamegraph()
{
    # Options by what follows them: nothing, a file name, another value.
    local flags="--hash --random --cp --reverse --inverted --flamechart --negate
        --pid --tid --kernel --jit --all --addrs --quiet --help --version
        --strip-hex --collapse-recursion --ignore-case --diff --normalize
        --colordiffusion --deterministic"
    local file_opts="-o --output --nameattr"
    local value_opts="--title --subtitle --width --height --minwidth --fonttype
        --fontsize --fontwidth --countname --nametype --colors --bgcolors --total
        --factor --encoding --notes --format --scale --input-format --event-filter
        --threads --focus --ignore --base --hide --diff-widths --diff-colors
        --sort --truncate --search-color --stroke-color --uicolor"

    local cur=${COMP_WORDS[COMP_CWORD]} prev="" opt="" prefix="" i
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # After "--" every word is a file.
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ ${COMP_WORDS[i]} == -- ]]; then
            _cflamegraph_files "$cur"
            return 0
        fi
    done

    # The option whose value is being typed.  bash splits "--opt=val" at
    # '=' (COMP_WORDBREAKS) into "--opt" "=" "val"; without that split the
    # reply must repeat the "--opt=" prefix.
    if [[ $cur == = && $prev == --* ]]; then
        opt=$prev cur=""
    elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
        opt=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == --*=* ]]; then
        opt=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}
    elif [[ " $file_opts $value_opts " == *[[:space:]]"$prev"[[:space:]]* ]]; then
        opt=$prev
    fi

    if [[ -n $opt ]]; then
        local set
        if set=$(_cflamegraph_values "$opt"); then
            mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "$set" -- "$cur")
        elif [[ " $file_opts " == *[[:space:]]"$opt"[[:space:]]* ]]; then
            _cflamegraph_files "$cur" "$prefix"
        fi
        # A flag takes no value, and free text or a number has none to offer.
        return 0
    fi

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$flags $file_opts $value_opts" -- "$cur")
    else
        _cflamegraph_files "$cur"
    fi
    return 0
}

# File names (directories end in '/') into COMPREPLY.
_cflamegraph_files()
{
    if [[ -z ${2-} ]]; then
        compopt -o filenames 2>/dev/null
    fi
    mapfile -t COMPREPLY < <(compgen -P "${2-}" -f -- "$1")
}

complete -F _cflamegraph cflamegraph
