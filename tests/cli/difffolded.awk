# difffolded.awk - the join difffolded.pl BEFORE AFTER computes, written
# from its documented behaviour, for tests/cli/cases-filters.sh to compare
# cflamegraph --diff --format folded with.  Lines are "stack COUNT" (the
# count after one white-space character); every stack of either file is
# printed with both counts, 0 where a file lacks it.
#
# usage: awk -v normalize=0|1 -v striphex=0|1 -f difffolded.awk BEFORE AFTER
# Invalid lines are skipped (difffolded.pl counts them as an empty stack
# of 0, which draws nothing).  Output order is that of first appearance.
FNR == 1 { side++ }
{
    if (!match($0, /[ \t\f\v\r][0-9]+(\.[0-9]*)?$/))
        next
    stack = substr($0, 1, RSTART - 1)
    count = substr($0, RSTART + 1) + 0
    if (striphex)
        gsub(/0x[0-9a-fA-F]+/, "0x...", stack)
    if (!(stack in seen)) {
        seen[stack] = 1
        order[++n] = stack
    }
    sum[side, stack] += count
    total[side] += count
}
END {
    for (i = 1; i <= n; i++) {
        s = order[i]
        c1 = sum[1, s] + 0
        c2 = sum[2, s] + 0
        if (normalize && total[1] != total[2] && total[1] != 0)
            c1 = int(c1 * total[2] / total[1])
        printf "%s %.15g %.15g\n", s, c1, c2
    }
}
