/*
 * json_reader.h - the reader of JSON profiles: the Trace Event format and
 * speedscope's (docs: input-formats, "Trace Event format", "speedscope
 * JSON").  Opened with FLAME_INPUT_AUTO it tells them apart from the
 * document itself; with FLAME_INPUT_TRACE or FLAME_INPUT_SPEEDSCOPE it
 * reads that format only.  Counts are microseconds for a trace (count name
 * "µs"), the profile's unit for speedscope.
 */
#ifndef FL_DECODE_JSON_READER_H
#define FL_DECODE_JSON_READER_H

#include "decode/reader.h"

extern const fl_reader_kind fl_json_reader;

#endif
