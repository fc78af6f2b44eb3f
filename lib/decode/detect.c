/*
 * detect.c - the format of a source from its first bytes
 * (docs: input-formats, "Choosing the reader").
 *
 * Every file a flamegraph.pl user feeds today must still read as folded, so
 * JSON must open like JSON: a bracket followed by what can start an event
 * list or an object ("[unknown];main 12" is a folded line).
 */
#include <string.h>

#include "flame.h"
#include "decode/detect.h"
#include "decode/perf.h"

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* After an opening bracket at p[i]: JSON when what follows, after blank
 * space, can go on the JSON value.  -1: more bytes needed. */
static int json_opening(const char *p, size_t n, size_t i, int at_end)
{
    char open = p[i];
    for (i++; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (is_blank(c))
            continue;
        if (open == '{')
            return c == '"' || c == '}';
        return c == '{' || c == ']' || c == '[';
    }
    return at_end ? 0 : -1;
}

int fl_detect_format(const char *p, size_t n, int at_end)
{
    size_t i = 0;
    /* A UTF-8 byte order mark before JSON (Windows tools write one). */
    if (n < 3 && !at_end && memcmp(p, FL_UTF8_BOM, n) == 0)
        return -1;
    if (n >= 3 && memcmp(p, FL_UTF8_BOM, 3) == 0)
        i = 3;
    /* The first non-blank byte: JSON or not. */
    while (i < n && is_blank((unsigned char)p[i]))
        i++;
    if (i == n)
        return at_end ? FLAME_INPUT_FOLDED : -1;
    if (p[i] == '{' || p[i] == '[') {
        int json = json_opening(p, n, i, at_end && n < FL_DETECT_MAX);
        if (json < 0)
            return n >= FL_DETECT_MAX ? FLAME_INPUT_FOLDED : -1;
        if (json)
            return FLAME_INPUT_TRACE;
    }
    /* The first line that is neither blank nor a "#" comment. */
    size_t start = 0;
    for (;;) {
        const char *nl = memchr(p + start, '\n', n - start);
        size_t end = nl ? (size_t)(nl - p) : n;
        if (!nl && !at_end)
            return n >= FL_DETECT_MAX ? FLAME_INPUT_FOLDED : -1;
        size_t len = end - start;
        if (len && p[start + len - 1] == '\r')
            len--;
        size_t k = 0;
        while (k < len && is_blank((unsigned char)p[start + k]))
            k++;
        if (k < len && p[start] != '#')
            return fl_perf_is_header(p + start, len) ? FLAME_INPUT_PERF : FLAME_INPUT_FOLDED;
        if (!nl)
            return FLAME_INPUT_FOLDED;
        start = end + 1;
        if (start >= FL_DETECT_MAX)
            return FLAME_INPUT_FOLDED;
    }
}
