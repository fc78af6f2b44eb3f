/*
 * folded.c - the folded-stack line format: "frame;frame;frame COUNT" or the
 * differential "frame;frame COUNT1 COUNT2".  The rules are flamegraph.pl's:
 * the count is the last whitespace-separated field, digits with an optional
 * fraction; the stack is everything before the one whitespace character in
 * front of it (so extra spaces stay part of the last frame name).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/folded.h"

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
    rec->line = line;
    rec->line_len = len;
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
