/*
 * perf.c - `perf script` text to folded stacks, as stackcollapse-perf.pl
 * collapses it (docs: input-formats, "perf script").
 */
#include <string.h>

#include "decode/perf.h"

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/*
 * A header starts with the command name (which may hold spaces), then
 * blank space and the pid, optionally "/tid", then blank space; it ends
 * with the event name and a colon, then optional blank space.
 */
int fl_perf_is_header(const char *line, size_t len)
{
    while (len && is_space((unsigned char)line[len - 1]))
        len--;
    if (len < 4 || is_space((unsigned char)line[0]) || line[len - 1] != ':' ||
        is_space((unsigned char)line[len - 2]))
        return 0;
    /* " PID " or " PID/TID " after at least one byte of command name. */
    for (size_t i = 1; i + 1 < len; i++) {
        if (!is_space((unsigned char)line[i]) || is_space((unsigned char)line[i + 1]))
            continue;
        size_t k = i + 1;
        if (!is_digit((unsigned char)line[k]))
            continue;
        while (k < len && is_digit((unsigned char)line[k]))
            k++;
        if (k < len && line[k] == '/') {
            k++;
            while (k < len && is_digit((unsigned char)line[k]))
                k++;
        }
        if (k < len && is_space((unsigned char)line[k]))
            return 1;
    }
    return 0;
}
