/*
 * folded.h - one folded line, "frame;frame;frame COUNT" or the
 * differential "frame;frame BEFORE AFTER": the stack record every reader
 * produces and every later stage takes.
 */
#ifndef FL_DECODE_FOLDED_H
#define FL_DECODE_FOLDED_H

#include <stddef.h>

typedef struct fl_record {
    const char *line;     /* the whole line (no newline, no CR) */
    size_t line_len;
    const char *stack;    /* stack text: line[0..stack_len) */
    size_t stack_len;
    const char *counts;   /* the count text, "12" or "3 12" (differential) */
    size_t counts_len;
    double count;         /* samples (the "after" count when differential) */
    double delta;         /* after - before, differential only */
    int has_delta;
} fl_record;

/* Split a line (no newline, no CR) into stack and counts.
 * @return 1 for a valid line, 0 for one flamegraph.pl ignores. */
int fl_parse_line(const char *line, size_t len, fl_record *rec);

/* Length of the stack without trailing ';' (empty trailing fields are dropped). */
size_t fl_stack_trim(const char *s, size_t n);

#endif
