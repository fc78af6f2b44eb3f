/*
 * graph.h - the flame_graph handle: one of each stage, which graph.c
 * sequences.  Not installed; tests look inside.
 */
#ifndef FL_GRAPH_H
#define FL_GRAPH_H

#include "flame.h"
#include "base/config.h"
#include "base/diag.h"
#include "decode/decode.h"
#include "filter/diff.h"
#include "filter/filter.h"
#include "frames/merge.h"
#include "frames/names.h"
#include "frames/order.h"
#include "layout/layout.h"
#include "layout/nameattr.h"

struct flame_graph {
    fl_config cfg;
    fl_diag diag;
    int input_started;
    int laid_out;
    int simple;                  /* tests: keep and sort every line, keep every frame */

    flame_progress_fn progress;
    void *progress_ctx;

    fl_decoder decoder;          /* bytes -> stack records */
    fl_filter filter;            /* -> filtered (set up when input begins) */
    flame_side side;             /* differential: the side being read, else NONE */
    fl_diff diff;                /* -> both sides joined, at the end of input */
    fl_order order;              /* -> in flamegraph.pl's order */
    fl_merge merge;              /* -> merged frames */
    fl_names names;
    fl_nameattr nameattr;        /* --nameattr, read when set */
    int has_nameattr;
    fl_layout layout;            /* -> the picture */
};

/* Tests: take the simple way (keep and sort every line, keep every frame),
 * to compare with the streaming one.  Call before any input. */
void fl_graph_simple(flame_graph *g);

#endif
