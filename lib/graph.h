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
#include "frames/weight.h"
#include "layout/layout.h"
#include "layout/nameattr.h"

struct flame_graph {
    fl_config cfg;
    fl_diag diag;
    int input_started;
    int laid_out;
    int simple;                  /* tests: keep and sort every line, keep every frame */
    size_t part_min;             /* a file is read in parts of at least this many bytes */

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

/* A file is read in parts on several threads when each part is at least
 * this large: below that, starting threads costs more than it saves. */
#define FL_PART_MIN ((size_t)4 << 20)

/* The threads reading may use (FLAME_OPT_THREADS, or the cores there are). */
unsigned fl_graph_threads(const flame_graph *g);
/*
 * Read bytes [off, size) of the regular file fd, folded stacks, in nparts
 * parts on as many threads (parts.c).  @return FL_STOP when the parts cannot
 * be joined (not folded stacks, or counts whose sums would not be exact):
 * nothing was taken, read it the plain way; else as flame_graph_read_fd().
 */
flame_status fl_graph_read_parts(flame_graph *g, int fd, off_t off, off_t size, const char *source,
                                 unsigned nparts);
/* Tests: files are read in parts of at least bytes (0: the default). */
void fl_graph_part_min(flame_graph *g, size_t bytes);

/* Tests: take the simple way (keep and sort every line, keep every frame),
 * to compare with the streaming one.  Call before any input. */
void fl_graph_simple(flame_graph *g);

#endif
