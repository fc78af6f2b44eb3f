/*
 * rewrite.c - stacks rewritten before they are merged: --reverse (leaf
 * first) and the --colors chain form (waker frames after a "--" frame).
 */
#include <string.h>

#include "decode/folded.h"
#include "filter/rewrite.h"

int fl_stack_reverse(fl_buf *out, const char *s, size_t n)
{
    n = fl_stack_trim(s, n);
    if (n == 0)
        return 0;
    size_t end = n;
    for (;;) {
        size_t start = end;
        while (start > 0 && s[start - 1] != ';')
            start--;
        if (fl_buf_append(out, s + start, end - start) != 0)
            return -1;
        if (start == 0)
            return 0;
        if (fl_buf_putc(out, ';') != 0)
            return -1;
        end = start - 1;
    }
}

static const char chain_sep[] = ";--;";

static const char *find_sep(const char *p, const char *end)
{
    for (; end - p >= 4; p++)
        if (memcmp(p, chain_sep, 4) == 0)
            return p;
    return NULL;
}

/* Append one chain part: every ';' becomes "_[w];" and "_[w]" goes last. */
static int chain_part(fl_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ';' && fl_buf_append(out, "_[w]", 4) != 0)
            return -1;
        if (fl_buf_putc(out, s[i]) != 0)
            return -1;
    }
    return fl_buf_append(out, "_[w]", 4);
}

int fl_stack_chain(fl_buf *out, const char *s, size_t n)
{
    const char *end = s + n;
    const char *hit = find_sep(s, end);
    /* The first part stays as it is; a "--" frame always follows it. */
    size_t head = hit ? (size_t)(hit - s) : n;
    if (fl_buf_append(out, s, head) != 0 || fl_buf_append(out, chain_sep, 4) != 0)
        return -1;
    if (!hit)
        return 0;
    /* Perl's split drops empty trailing parts. */
    const char *part = hit + 4;
    while (end - part >= 4 && memcmp(end - 4, chain_sep, 4) == 0)
        end -= 4;
    if (end == part)
        return 0;
    for (;;) {
        const char *next = find_sep(part, end);
        const char *pe = next ? next : end;
        if (chain_part(out, part, (size_t)(pe - part)) != 0)
            return -1;
        if (!next)
            return 0;
        if (fl_buf_append(out, chain_sep, 4) != 0)
            return -1;
        part = next + 4;
    }
}
