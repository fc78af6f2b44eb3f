# Complete a command line in a real interactive zsh and print the matches.
#
# Usage: zsh -f tests/completion/zsh-complete.zsh COMPLETION_DIR LINE
#
# Starts `zsh -f -i` on a pseudo-terminal (zsh/zpty) with COMPLETION_DIR
# first in $fpath and compinit loaded, wraps compadd so that every match
# it adds is also printed ("M:match"), types LINE and a TAB, and prints the
# matches, sorted, one per line.  The shell exits after that one completion;
# "END" marks that it ran to the end, so a completion that did not run (no
# completion function, an error) is exit status 1, not an empty list.

zmodload zsh/zpty || exit 2
dir=$1 line=$2

zpty c zsh -f -i || exit 2
zpty -w c "PS1=''; PS2=''; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
# compadd -O/-A/-D only compute matches for a caller to filter, they add none.
zpty -w c 'compadd() {
    if [[ " $* " == *" -"[OAD]" "* ]]; then builtin compadd "$@"; return; fi
    local -a m; builtin compadd -A m "$@"; print -rl -- "M:"${^m}; builtin compadd "$@"
}'
zpty -w c 'end_of_completion() { print -r -- "END:"; }; comppostfuncs=(end_of_completion exit)'
zpty -w c 'print READY'
# The echo of the command, then its output.
zpty -r c out '*READY*' && zpty -r c out '*READY*' || exit 2
zpty -w -n c "$line"$'\t'
out=
while zpty -r c chunk; do out+=$chunk; done
zpty -d c
out=${out//$'\r'/}
[[ $out == *END:* ]] || exit 1
print -r -- "$out" | sed -n 's/^.*M://p' | LC_ALL=C sort -u
