/*
 * order.h - stacks handed to the merge in flamegraph.pl's order: whole
 * lines sorted in byte order (--flamechart: as they come).  Input in order,
 * as real profiles nearly always are, is merged as it streams; the first
 * stack out of order makes the caller start again with every stack kept,
 * and they are sorted and merged at the end.
 */
#ifndef FL_FRAMES_ORDER_H
#define FL_FRAMES_ORDER_H

#include <stddef.h>

#include "base/buf.h"
#include "base/config.h"
#include "base/diag.h"
#include "decode/folded.h"
#include "frames/merge.h"
#include "frames/names.h"
#include "frames/sort.h"

typedef struct fl_order {
    const fl_config *cfg;
    fl_diag *diag;
    fl_merge *merge;             /* the tree fed */
    fl_names *names;
    int collect;                 /* keeping stacks to sort */
    int lines_sorted;            /* kept stacks so far are in byte order */
    fl_buf prev_key;             /* sort key of the previous stack, while streaming */
    int part;                    /* a part of an input, to be joined after the one before */
    fl_buf first_key;            /* then: the sort key of its first stack */
    int has_first;
    fl_buf reversed;             /* the --reverse rewrite of the current line */
    fl_buf chained;              /* the --colors chain rewrite of the current stack */
    fl_arena lines_arena;        /* copies of kept keys */
    fl_line *lines;
    size_t nlines, lines_cap;
} fl_order;

void fl_order_init(fl_order *o, const fl_config *cfg, fl_diag *diag, fl_merge *merge,
                   fl_names *names);
void fl_order_free(fl_order *o);
/*
 * One stack record.  stable: its text stays valid until fl_order_finish()
 * (a kept stack needs no copy).
 * @return FLAME_OK; FL_OUT_OF_ORDER when streaming and the stack breaks the
 *         order (nothing was merged: empty the tree, call fl_order_collect()
 *         and hand every stack again); FLAME_ERR_NOMEM, FLAME_ERR_LIMIT.
 */
flame_status fl_order_add(fl_order *o, const fl_record *rec, int stable);
/* From now on keep every stack, to sort them at the end. */
void fl_order_collect(fl_order *o);
/* Sort what was kept and merge it, then end the frames.  With the
 * keep_stacks option the lines stay (sorted, unless --flamechart), for
 * the folded writer, until fl_order_free(). */
flame_status fl_order_finish(fl_order *o);

#endif
