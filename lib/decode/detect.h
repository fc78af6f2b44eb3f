/*
 * detect.h - which format a source is in, from its first bytes.
 */
#ifndef FL_DECODE_DETECT_H
#define FL_DECODE_DETECT_H

#include <stddef.h>

/* How many bytes detection looks at, at most: a first line longer than
 * this is folded (perf headers and JSON openings are short). */
#define FL_DETECT_MAX ((size_t)1 << 16)

/* A UTF-8 byte order mark, which may come before JSON. */
#define FL_UTF8_BOM "\xef\xbb\xbf"

/*
 * Decide the format of a source from its first n bytes (at_end: there are
 * no more).  JSON ("{" or "[" opening an object or array, after blank
 * space, after a byte order mark) is FLAME_INPUT_TRACE, which the JSON reader narrows down; a first
 * line, after blank and "#" lines, that is a perf script sample header is
 * FLAME_INPUT_PERF; anything else FLAME_INPUT_FOLDED.
 * @return the flame_input_format, or -1 when more bytes are needed.
 */
int fl_detect_format(const char *p, size_t n, int at_end);

#endif
