/*
 * sort.c - sort folded lines in byte order, as flamegraph.pl does.
 *
 * Lines of one profile share long prefixes (the same first frames), which
 * makes comparison sorts re-read those prefixes at every comparison.  This
 * is a most-significant-byte radix sort instead: lines are split into
 * buckets by their byte at a position, and each bucket is sorted on the
 * next position; a prefix common to a whole group is skipped in one step.
 * Work is kept on an explicit list, so long lines cannot exhaust the stack.
 * Equal lines are identical bytes, so the order among them does not matter.
 *
 * The sort also tells how many leading bytes each line shares with the one
 * before it, which merging needs: a line that lands first in a group shares
 * exactly the group's depth with its predecessor, whichever line it is.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "frames/sort.h"

/* Groups this small are sorted by insertion. */
#define FL_SORT_SMALL 24

typedef struct sort_job {
    size_t lo, n;     /* lines[lo .. lo+n) */
    size_t depth;     /* they agree on their first depth bytes */
} sort_job;

/* Byte at depth as a bucket: 0 when the line has ended, else byte + 1. */
static unsigned bucket_of(const fl_line *l, size_t depth)
{
    return depth < l->key_len ? (unsigned)(unsigned char)l->key[depth] + 1 : 0;
}

static void insertion_sort(fl_line *a, size_t n, size_t depth, size_t *same)
{
    for (size_t i = 1; i < n; i++) {
        fl_line v = a[i];
        size_t j = i;
        while (j > 0 && fl_bytes_cmp(a[j - 1].key + depth, a[j - 1].key_len - depth,
                                     v.key + depth, v.key_len - depth) > 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
    for (size_t i = 1; i < n; i++) {
        size_t la = a[i - 1].key_len, lb = a[i].key_len;
        size_t m = (la < lb ? la : lb) - depth;
        same[i] = depth + fl_common_prefix(a[i - 1].key + depth, a[i].key + depth, m);
    }
}

/* How many bytes past depth every line of the group shares with the first. */
static size_t group_prefix(const fl_line *a, size_t n, size_t depth)
{
    size_t common = a[0].key_len - depth;
    for (size_t i = 1; i < n && common > 0; i++) {
        size_t len = a[i].key_len - depth;
        size_t m = len < common ? len : common;
        common = fl_common_prefix(a[0].key + depth, a[i].key + depth, m);
    }
    return common;
}

int fl_sort_lines(fl_line *lines, size_t n, size_t *same)
{
    if (n > 0)
        same[0] = 0;
    if (n < 2)
        return 0;
    fl_line *tmp = malloc(n * sizeof *tmp);
    size_t jobs_cap = 256, njobs = 0;
    sort_job *jobs = malloc(jobs_cap * sizeof *jobs);
    if (!tmp || !jobs) {
        free(tmp);
        free(jobs);
        return -1;
    }
    jobs[njobs++] = (sort_job){0, n, 0};
    while (njobs > 0) {
        sort_job job = jobs[--njobs];
        fl_line *a = lines + job.lo;
        if (job.n <= FL_SORT_SMALL) {
            insertion_sort(a, job.n, job.depth, same + job.lo);
            continue;
        }
        size_t depth = job.depth + group_prefix(a, job.n, job.depth);
        size_t count[257] = {0};
        for (size_t i = 0; i < job.n; i++) {
            count[bucket_of(&a[i], depth)]++;
        }
        size_t start[257], pos = 0;
        for (unsigned b = 0; b < 257; b++) {
            start[b] = pos;
            pos += count[b];
        }
        for (size_t i = 0; i < job.n; i++)
            tmp[start[bucket_of(&a[i], depth)]++] = a[i];
        memcpy(a, tmp, job.n * sizeof *a);
        /* Bucket 0 holds lines that ended: all equal, nothing to do.  Each
         * bucket's first line differs from the line before at depth. */
        for (size_t i = 1; i < count[0]; i++)
            same[job.lo + i] = depth;
        size_t lo = count[0];
        for (unsigned b = 1; b < 257; b++) {
            if (count[b] > 0 && lo > 0)
                same[job.lo + lo] = depth;
            if (count[b] > 1) {
                if (njobs == jobs_cap) {
                    sort_job *j = realloc(jobs, jobs_cap * 2 * sizeof *j);
                    if (!j) {
                        free(tmp);
                        free(jobs);
                        return -1;
                    }
                    jobs = j;
                    jobs_cap *= 2;
                }
                jobs[njobs++] = (sort_job){job.lo + lo, count[b], depth + 1};
            }
            lo += count[b];
        }
    }
    free(tmp);
    free(jobs);
    return 0;
}
