/*
 * perf.h - the `perf script` reader (what stackcollapse-perf.pl does).
 */
#ifndef FL_DECODE_PERF_H
#define FL_DECODE_PERF_H

#include <stddef.h>

#include "decode/reader.h"

extern const fl_reader_kind fl_perf_reader;

/* Whether a line (no newline) is a perf script sample header:
 * "comm pid[/tid] [cpu] time: [period] event:". */
int fl_perf_is_header(const char *line, size_t len);

#endif
