/*
 * perf.h - the `perf script` reader (what stackcollapse-perf.pl does):
 * samples collapsed into stacks as they stream in, counted, handed on as
 * folded lines in byte order at the end of the source.  The header rule
 * (perf_line.h) is also what detects the format.
 */
#ifndef FL_DECODE_PERF_H
#define FL_DECODE_PERF_H

#include <stddef.h>

#include "decode/perf_line.h"
#include "decode/reader.h"

extern const fl_reader_kind fl_perf_reader;

#endif
