/*
 * reader.h - what a reader of a profiler's format provides: it is fed one
 * source's bytes and, at its end, hands the stacks on as folded lines, so
 * that everything after reading treats every format alike.
 */
#ifndef FL_DECODE_READER_H
#define FL_DECODE_READER_H

#include <stddef.h>

#include "flame.h"
#include "base/config.h"
#include "base/diag.h"

/* Receives one folded line ("a;b;c 12", no newline). */
typedef flame_status (*fl_line_fn)(void *ctx, const char *line, size_t len);

typedef struct fl_reader_kind {
    const char *name;           /* "perf", "trace", ... for messages */
    /* A reader for one source (named source in messages); format is the
     * flame_input_format asked for, or FLAME_INPUT_AUTO where the reader
     * decides between the formats it reads.  @return NULL: out of memory. */
    void *(*open)(const fl_config *cfg, fl_diag *diag, int format, const char *source);
    /* The next bytes of the source.  An error's detail goes to diag. */
    flame_status (*chunk)(void *state, const char *data, size_t len);
    /* The source has ended: hand on its stacks.  *count_name may be set to
     * what the counts are ("µs", "bytes"; static or in the reader, valid
     * until close) when the format says. */
    flame_status (*finish)(void *state, fl_line_fn emit, void *ctx, const char **count_name);
    void (*close)(void *state);
} fl_reader_kind;

#endif
