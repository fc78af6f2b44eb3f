/*
 * perf_frame.h - one frame line of `perf script` ("addr symbol+off (dso)")
 * and the names stackcollapse-perf.pl makes of it.
 */
#ifndef FL_DECODE_PERF_FRAME_H
#define FL_DECODE_PERF_FRAME_H

#include <stddef.h>

#include "base/buf.h"

typedef struct fl_perf_frame {
    const char *pc, *func, *dso;     /* spans of the line */
    size_t pc_len, func_len, dso_len;
} fl_perf_frame;

/* How names are written (the reader's options, and the process). */
typedef struct fl_perf_naming {
    int java;                        /* the process name starts with "java" */
    int kernel, jit, addrs;          /* --kernel, --jit, --addrs */
} fl_perf_naming;

/* Whether a line (no newline) is a frame line, and its parts. */
int fl_perf_parse_frame(const char *line, size_t len, fl_perf_frame *f);

/*
 * Append the frame's names to out, root-most first, joined by ';' (a name
 * never holds one): one name, several for perf's inlined "a->b", or none
 * (a frame the script leaves out).  tmp is scratch space.
 * @return the number of names, or -1 when out of memory.
 */
int fl_perf_frame_names(const fl_perf_frame *f, const fl_perf_naming *how, fl_buf *out,
                        fl_buf *tmp);

#endif
