/*
 * perf_line.h - the lines of `perf script`: sample headers ("comm pid/tid
 * [cpu] time: period event:"), frame lines ("addr symbol+off (dso)"), and
 * the frame names stackcollapse-perf.pl makes of a frame line.
 */
#ifndef FL_DECODE_PERF_LINE_H
#define FL_DECODE_PERF_LINE_H

#include <stddef.h>

#include "base/buf.h"

/* A sample header, "comm pid[/tid] [cpu] time: [period] event:", taken
 * apart; the spans point into the line. */
typedef struct fl_perf_header {
    const char *comm;
    size_t comm_len;
    const char *pid;             /* digits */
    size_t pid_len;
    const char *tid;             /* digits after "/", or NULL */
    size_t tid_len;
    const char *event;           /* NULL when the line does not end in one */
    size_t event_len;
    const char *period;          /* digits before the event, or NULL */
    size_t period_len;
    size_t fields;               /* where the fields after pid[/tid] start */
} fl_perf_header;

/* Whether a line (no newline) is a sample header, and its parts.  This is
 * the one header rule: the reader takes every line it accepts as a header. */
int fl_perf_parse_header(const char *line, size_t len, fl_perf_header *h);

/* Whether a line (no newline) opens perf script input: a sample header in
 * a form that folded input cannot take, ending in "event:" or with a
 * "time:" field (used to detect the format). */
int fl_perf_is_header(const char *line, size_t len);

/* A frame line's parts. */
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
