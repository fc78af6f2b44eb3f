/*
 * folded.c - the folded-stack line format: "frame;frame;frame COUNT" or the
 * differential "frame;frame COUNT1 COUNT2".  The rules are flamegraph.pl's:
 * the count is the last whitespace-separated field, digits with an optional
 * fraction; the stack is everything before the one whitespace character in
 * front of it (so extra spaces stay part of the last frame name).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Perl's \s on ASCII. */
static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/*
 * Find a trailing count "\s\d+(\.\d*)?" at the end of s[0..n).
 * @return the index of the whitespace before the count, or -1.
 */
static long trailing_count(const char *s, size_t n)
{
    size_t p = n;
    while (p > 0 && is_digit((unsigned char)s[p - 1]))
        p--;
    if (p > 0 && s[p - 1] == '.') {
        p--;
        size_t q = p;
        while (q > 0 && is_digit((unsigned char)s[q - 1]))
            q--;
        if (q == p)
            return -1;      /* ".5" is not a count */
        p = q;
    } else if (p == n) {
        return -1;          /* no digits */
    }
    if (p == 0 || !is_space((unsigned char)s[p - 1]))
        return -1;
    return (long)p - 1;
}

/*
 * The value of a count already checked to be s[0..n) = digits, optional
 * fraction.  Within n bytes: a line need not be followed by a terminator.
 */
static double count_value(const char *s, size_t n)
{
    if (n <= 15) {
        /* Whole numbers below 10^15 are exact in a double: no strtod. */
        uint64_t v = 0;
        size_t i = 0;
        while (i < n && is_digit((unsigned char)s[i]))
            v = v * 10 + (uint64_t)(s[i++] - '0');
        if (i == n)
            return (double)v;
    }
    /* Leading zeros do not change the value; past 500 bytes the number is
     * too large to draw anyway, or its fraction's tail is below a double's
     * precision. */
    while (n > 1 && s[0] == '0' && is_digit((unsigned char)s[1])) {
        s++;
        n--;
    }
    char tmp[512];
    if (n > sizeof tmp - 1)
        n = sizeof tmp - 1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    return strtod(tmp, NULL);
}

int fl_parse_line(const char *line, size_t len, fl_record *rec)
{
    long ws = trailing_count(line, len);
    if (ws < 0)
        return 0;
    const char *c1 = line + ws + 1;
    double count = count_value(c1, len - (size_t)ws - 1);
    size_t stack_len = (size_t)ws;

    rec->has_delta = 0;
    rec->delta = 0;
    long ws2 = trailing_count(line, stack_len);
    if (ws2 >= 0) {
        /* Differential: "stack BEFORE AFTER"; the width is AFTER. */
        double before = count_value(line + ws2 + 1, stack_len - (size_t)ws2 - 1);
        rec->has_delta = 1;
        rec->delta = count - before;
        stack_len = (size_t)ws2;
    }
    rec->stack = line;
    rec->stack_len = stack_len;
    rec->counts = line + stack_len + 1;
    rec->counts_len = len - stack_len - 1;
    rec->count = count;
    return 1;
}

size_t fl_stack_trim(const char *s, size_t n)
{
    while (n > 0 && s[n - 1] == ';')
        n--;
    return n;
}

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
