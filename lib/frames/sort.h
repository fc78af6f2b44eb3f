/*
 * sort.h - folded lines sorted in byte order, as flamegraph.pl sorts them.
 */
#ifndef FL_FRAMES_SORT_H
#define FL_FRAMES_SORT_H

#include <stddef.h>

typedef struct fl_line {
    const char *key;     /* sort key: the whole line (or its reversed form) */
    size_t key_len;
    size_t stack_len;    /* stack = key[0..stack_len) */
    double count;
    double delta;
    int has_delta;
} fl_line;

/* Sort lines by key in byte order; same[i] receives how many leading bytes
 * line i then shares with line i-1.  @return 0, or -1 out of memory. */
int fl_sort_lines(fl_line *lines, size_t n, size_t *same);

#endif
