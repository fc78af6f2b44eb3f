/*
 * text.c - text as it goes into the picture: UTF-8 made safe for XML,
 * numbers printed the way flamegraph.pl prints them, labels fitted to width.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

/* Decode one UTF-8 sequence at s[0..n).  Sets *cp; returns its length,
 * or 0 for an invalid byte (overlong forms and surrogates are invalid). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; v = c & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

static int xml_char_ok(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

int fl_text_xml_safe(fl_buf *out, const char *s, size_t n)
{
    static const char fffd[] = "\xEF\xBF\xBD";
    const unsigned char *p = (const unsigned char *)s;
    if (fl_buf_reserve(out, n + 1) != 0)
        return -1;
    size_t i = 0;
    while (i < n) {
        /* Copy runs of plain printable ASCII at once. */
        size_t j = i;
        while (j < n && p[j] >= 0x20 && p[j] < 0x7F)
            j++;
        if (j > i && fl_buf_append(out, s + i, j - i) != 0)
            return -1;
        i = j;
        if (i >= n)
            break;
        uint32_t cp;
        size_t len = utf8_next(p + i, n - i, &cp);
        if (len == 0 || !xml_char_ok(cp)) {
            if (fl_buf_append(out, fffd, 3) != 0)
                return -1;
            i += len ? len : 1;
        } else {
            if (fl_buf_append(out, s + i, len) != 0)
                return -1;
            i += len;
        }
    }
    return 0;
}

size_t fl_utf8_decode(const char *s, size_t n, uint32_t *cps, size_t cap)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, k = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_next(p + i, n - i, &cp);
        if (len == 0) {
            cp = 0xFFFD;
            len = 1;
        }
        if (k < cap)
            cps[k] = cp;
        k++;
        i += len;
    }
    return k;
}

size_t fl_strip_annotation(const char *s, size_t n)
{
    if (n >= 4 && s[n - 4] == '_' && s[n - 3] == '[' && s[n - 1] == ']' &&
        (s[n - 2] == 'k' || s[n - 2] == 'w' || s[n - 2] == 'i' || s[n - 2] == 'j'))
        return n - 4;
    return n;
}

size_t fl_u64_digits(char *out, uint64_t v)
{
    char rev[20];
    size_t n = 0;
    do {
        rev[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    for (size_t i = 0; i < n; i++)
        out[i] = rev[n - 1 - i];
    return n;
}

size_t fl_whole_digits(char *out, double v)
{
    size_t k = 0;
    if (v < 0)
        out[k++] = '-';
    return k + fl_u64_digits(out + k, (uint64_t)fabs(v));
}

int fl_fmt_num(fl_buf *out, double v)
{
    char tmp[64];
    if (v == 0)
        v = 0;  /* no "-0" */
    if (v == floor(v) && fabs(v) < 1e15) {
        /* Whole numbers (sample counts, mostly) print as integers in %.15g. */
        return fl_buf_append(out, tmp, fl_whole_digits(tmp, v));
    }
    if (fabs(v) >= 1e-4 && fabs(v) < 1e9) {
        /* A value within rounding of a number of at most 4 decimals has
         * that number's 15 significant digits (it has at most 13), and
         * %.15g prints those without trailing zeros, as fl_fmt_fixed does. */
        static const double scale[] = {10, 100, 1000, 10000};
        for (int d = 1; d <= 4; d++) {
            double x = v * scale[d - 1];
            if (x == floor(x))
                return fl_fmt_fixed(out, v, d);
        }
    }
    int k = snprintf(tmp, sizeof tmp, "%.15g", v);
    if (k < 0 || (size_t)k >= sizeof tmp)
        return -1;
    return fl_buf_append(out, tmp, (size_t)k);
}

/*
 * printf's "%.*f" (decimals 0..4) into tmp[cap], cap >= 64; returns
 * snprintf's length.  Frame coordinates and percentages are written by the
 * million, so the usual case is done with integers: it is exact whenever
 * the scaled value is far enough from a rounding tie to survive the
 * multiplication's rounding; otherwise, and for large or odd values, the
 * C library formats it.
 */
static int fmt_decimals(char *tmp, size_t cap, double v, int decimals)
{
    static const double scale[] = {1, 10, 100, 1000, 10000};
    double x = decimals >= 0 && decimals <= 4 ? fabs(v) * scale[decimals] : INFINITY;
    if (!(x < 1e9))
        return snprintf(tmp, cap, "%.*f", decimals, v);
    double whole = floor(x), frac = x - whole;
    if (fabs(frac - 0.5) < 1e-6)
        return snprintf(tmp, cap, "%.*f", decimals, v);
    uint64_t r = (uint64_t)whole + (frac > 0.5);
    char digits[32];
    int n = 0;
    do {
        digits[n++] = (char)('0' + r % 10);
        r /= 10;
    } while (r > 0 || n <= decimals);
    int k = 0;
    if (signbit(v))
        tmp[k++] = '-';        /* printf keeps the sign of a value rounded to 0 */
    while (n > decimals)
        tmp[k++] = digits[--n];
    if (decimals > 0) {
        tmp[k++] = '.';
        while (n > 0)
            tmp[k++] = digits[--n];
    }
    tmp[k] = '\0';
    return k;
}

int fl_fmt_decimals(fl_buf *out, double v, int decimals)
{
    char tmp[400];     /* %.4f of DBL_MAX fits */
    int k = fmt_decimals(tmp, sizeof tmp, v, decimals);
    if (k < 0 || (size_t)k >= sizeof tmp)
        return -1;
    return fl_buf_append(out, tmp, (size_t)k);
}

int fl_fmt_fixed(fl_buf *out, double v, int decimals)
{
    char tmp[64];
    int k = fmt_decimals(tmp, sizeof tmp, v, decimals);
    if (k < 0 || k >= 64)
        return -1;
    /* Drop trailing zeros of the fraction, then a bare point. */
    if (decimals > 0) {
        while (k > 0 && tmp[k - 1] == '0')
            k--;
        if (k > 0 && tmp[k - 1] == '.')
            k--;
    }
    if (k == 2 && tmp[0] == '-' && tmp[1] == '0')
        return fl_buf_append(out, "0", 1);
    return fl_buf_append(out, tmp, (size_t)k);
}

int fl_fmt_exact(fl_buf *out, double v)
{
    char tmp[40];
    if (v == 0)
        v = 0;
    if (v == floor(v) && fabs(v) < 9e15) {
        tmp[fl_whole_digits(tmp, v)] = '\0';
    } else {
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, v);
            if (strtod(tmp, NULL) == v)
                break;
        }
    }
    return fl_buf_puts(out, tmp);
}

int fl_fmt_thousands(fl_buf *out, double v)
{
    char tmp[400];
    int k = fmt_decimals(tmp, sizeof tmp, v, 0);
    if (k < 0 || (size_t)k >= sizeof tmp)
        return -1;
    const char *digits = tmp;
    if (*digits == '-') {
        if (fl_buf_putc(out, '-') != 0)
            return -1;
        digits++;
        k--;
    }
    if (!(digits[0] >= '0' && digits[0] <= '9'))    /* inf, nan */
        return fl_buf_append(out, digits, (size_t)k);
    for (int i = 0; i < k; i++) {
        if (i > 0 && (k - i) % 3 == 0 && fl_buf_putc(out, ',') != 0)
            return -1;
        if (fl_buf_putc(out, digits[i]) != 0)
            return -1;
    }
    return 0;
}

/* Byte offset of the first n characters of valid UTF-8 text. */
static size_t utf8_prefix(const char *s, size_t len, long n)
{
    size_t i = 0;
    while (i < len && n > 0) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        n--;
    }
    return i;
}

static size_t utf8_count(const char *s, size_t len)
{
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

int fl_fit_label(fl_buf *out, const char *safe, size_t n, long chars)
{
    if (chars < 3)
        return 0;
    size_t have = utf8_count(safe, n);
    if ((size_t)chars >= have)
        return fl_buf_append(out, safe, n);
    size_t keep = utf8_prefix(safe, n, chars - 2);
    if (fl_buf_append(out, safe, keep) != 0)
        return -1;
    return fl_buf_append(out, "..", 2);
}

int fl_fit_label_left(fl_buf *out, const char *safe, size_t n, long chars)
{
    if (chars < 3)
        return 0;
    size_t have = utf8_count(safe, n);
    if ((size_t)chars >= have)
        return fl_buf_append(out, safe, n);
    /* the last chars - 2 characters start after the first have - (chars - 2) */
    size_t skip = utf8_prefix(safe, n, (long)(have - (size_t)(chars - 2)));
    if (fl_buf_append(out, "..", 2) != 0)
        return -1;
    return fl_buf_append(out, safe + skip, n - skip);
}
