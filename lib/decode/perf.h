/*
 * perf.h - the `perf script` reader (what stackcollapse-perf.pl does):
 * samples collapsed into stacks as they stream in, counted in a hash table,
 * handed on as folded lines in byte order at the end of the source.
 */
#ifndef FL_DECODE_PERF_H
#define FL_DECODE_PERF_H

#include <stddef.h>

#include "decode/reader.h"

extern const fl_reader_kind fl_perf_reader;

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

#endif
