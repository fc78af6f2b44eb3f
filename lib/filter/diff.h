/*
 * diff.h - a differential graph from two profiles, as difffolded.pl
 * BEFORE AFTER computes it: the stacks of each side (filtered) are added
 * up by stack, and at the end of input every stack of either side is
 * handed on as the line "stack BEFORE AFTER", 0 where a side lacks it.
 *
 * FLAME_OPT_NORMALIZE (difffolded.pl -n) scales BEFORE's counts to
 * AFTER's total, truncated to whole numbers; FLAME_DIFF_WIDTHS_BEFORE
 * hands on "stack AFTER BEFORE" instead, normalized the other way, as
 * difffolded.pl AFTER BEFORE does (the graph is then drawn negated).
 */
#ifndef FL_FILTER_DIFF_H
#define FL_FILTER_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "flame.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/diag.h"
#include "decode/decode.h"
#include "decode/folded.h"

typedef struct fl_diff_entry {
    const char *stack;           /* a copy, in keys */
    size_t len;
    uint64_t hash;
    double count[2];             /* BEFORE, AFTER */
} fl_diff_entry;

typedef struct fl_diff {
    const fl_config *cfg;
    fl_diag *diag;
    fl_arena keys;               /* the stacks */
    fl_arena lines;              /* the joined lines handed on */
    fl_diff_entry *entries;      /* in the order first seen */
    size_t count, cap;
    size_t *slots;               /* open addressing: entry index + 1, 0 when free */
    size_t nslots;
    double total[2];
    fl_buf num;                  /* a count being formatted */
} fl_diff;

void fl_diff_init(fl_diff *d, const fl_config *cfg, fl_diag *diag);
void fl_diff_free(fl_diff *d);

/* The record difffolded.pl reads from a line: a line of two counts is a
 * stack ending in the first and the count of the second. */
void fl_diff_side_record(const fl_record *in, fl_record *out);

/* Add a record of one side (FLAME_SIDE_BEFORE or FLAME_SIDE_AFTER).
 * @return FLAME_OK, FLAME_ERR_NOMEM, FLAME_ERR_LIMIT. */
flame_status fl_diff_add(fl_diff *d, flame_side side, const fl_record *rec);

/*
 * Hand every joined stack to emit, in the order first seen, as a record
 * of the line "stack FIRST SECOND" that stays valid until fl_diff_free()
 * (stable).  Counts are written as difffolded.pl prints them, except that
 * those it would print with an exponent, which flamegraph.pl then misreads,
 * are written in full.
 * @return FLAME_OK, what emit returned, FLAME_ERR_NOMEM, FLAME_ERR_LIMIT.
 */
flame_status fl_diff_finish(fl_diff *d, fl_record_fn emit, void *ctx);

#endif
