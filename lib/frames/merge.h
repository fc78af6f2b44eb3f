/*
 * merge.h - stacks, in the order they are to be merged, become frames
 * (flamegraph.pl's neighbour rule), narrow ones dropped as they end.
 */
#ifndef FL_FRAMES_MERGE_H
#define FL_FRAMES_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/config.h"
#include "frames/names.h"

typedef struct fl_frame {
    double start;
    double end;
    double delta;
    uint32_t name;
    uint32_t depth;
    uint32_t parent;     /* index into the frame array */
    uint16_t has_delta;
    uint8_t lost;        /* overwritten by a later frame (see layout/layout.c) */
    uint8_t got_delta;   /* a differential stack ended here (has_delta may come
                            from the stack that started the frame) */
} fl_frame;

/* Weight order: a name whose part ended at depth under the open parent
 * and may still get another part, and the width of its parts so far. */
typedef struct fl_pending {
    uint32_t depth;
    uint32_t name;
    double width;
} fl_pending;

typedef struct fl_merge {
    fl_frame *frames;      /* depth-first, left to right; parents before children */
    size_t nframes, cap;
    uint32_t *open;        /* open[d] = index of the open frame at depth d */
    size_t *ends;          /* ends[d] = where frame d's name ends in prev (d >= 1) */
    uint32_t *last_kept;   /* last_kept[d] = last kept frame at depth d with a width */
    size_t nopen, open_cap;
    fl_buf prev;           /* previous stack text, holding the open frames' names */
    double time;           /* running sum of counts */
    double maxdelta;       /* max(1, |delta|) */
    int any_delta;
    size_t dropped;        /* frames left out as too narrow */
    /* A part of an input, to be joined after what comes before it
     * (fl_merge_join): frames that start at its beginning may continue
     * frames of the part before, so they are never dropped early, and its
     * first stack is kept. */
    int part;
    fl_buf first;          /* the first stack merged, when part */
    int has_first;
    /* Frames too narrow to be drawn whatever comes later are dropped as
     * they end, with their subtrees; NULL keeps every frame. */
    const fl_config *prune;
    /* Dropping for weight order (frames/weight.c), which merges the parts
     * of a name that flamegraph.pl's order splits: a part is dropped only
     * when its name can get no other one and all its parts together are
     * narrow.  Needs stacks in byte order. */
    int weight;
    fl_pending *pend;      /* parts that may get another, by depth */
    size_t npend, pend_cap;
} fl_merge;

/* prune: the options whose --minwidth decides, or NULL to keep every frame. */
int fl_merge_init(fl_merge *m, const fl_config *prune);
void fl_merge_free(fl_merge *m);
/* Deepest stack merged (and drawn): a million levels is no picture. */
#define FL_MAX_DEPTH 1000000u
#define FL_MERGE_TOO_DEEP (-2)
#define FL_MERGE_TOO_LARGE (-3)
/* Merge one stack (already trimmed, reversed and rewritten) into the frames.
 * same: leading bytes known to equal the previous stack's (0 if unknown).
 * @return 0; -1 when out of memory or past the frame limit; FL_MERGE_TOO_DEEP
 *         past FL_MAX_DEPTH levels; FL_MERGE_TOO_LARGE when a frame's summed
 *         delta overflows (the caller reports). */
int fl_merge_add(fl_merge *m, fl_names *names, const char *stack, size_t len,
                 double count, double delta, int has_delta, size_t same);
/* End every open frame.  @return 0, or -1 when out of memory. */
int fl_merge_finish(fl_merge *m, fl_names *names);
/*
 * Join b (with its names bn), a part merged on its own from the stacks that
 * follow a's (b->part set, not finished), onto the end of a, giving the
 * frames that merging all the stacks into a would give, up to frames left
 * out early as too narrow (the layout leaves those out anyway).  b is left
 * as it was; free it after.  @return 0, or -1 when out of memory or past
 * the frame limit.
 */
int fl_merge_join(fl_merge *a, fl_names *an, const fl_merge *b, const fl_names *bn);

#endif
