/*
 * text.h - UTF-8 and XML-safe text, numbers as flamegraph.pl prints them,
 * and fitting a label into a number of characters.
 */
#ifndef FL_BASE_TEXT_H
#define FL_BASE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* Append s as valid UTF-8 holding only characters XML 1.0 allows:
 * invalid bytes and forbidden characters become U+FFFD. */
int fl_text_xml_safe(fl_buf *out, const char *s, size_t n);
/* Decode s (invalid bytes read as U+FFFD) into code points; returns count. */
size_t fl_utf8_decode(const char *s, size_t n, uint32_t *cps, size_t cap);
/* Length of name without a trailing _[k] _[w] _[i] _[j] annotation. */
size_t fl_strip_annotation(const char *s, size_t n);
/* The decimal digits of v into out (room for 20), no NUL; returns how many. */
size_t fl_u64_digits(char *out, uint64_t v);
/* The same for a whole number v, |v| < 2^64, with its sign (room for 21). */
size_t fl_whole_digits(char *out, double v);
/* Append the number as Perl prints it (%.15g). */
int fl_fmt_num(fl_buf *out, double v);
/* Append v with one decimal, as flamegraph.pl prints x and width ("%.1f"),
 * dropping a trailing ".0". */
int fl_fmt_fixed(fl_buf *out, double v, int decimals);
/* Append v with as many digits as it takes to read back the same double
 * (whole numbers below 9e15 as plain digits). */
int fl_fmt_exact(fl_buf *out, double v);
/* Append v as printf's "%.*f" does. */
int fl_fmt_decimals(fl_buf *out, double v, int decimals);
/* Append round(v) with thousands separators: 1,234,567. */
int fl_fmt_thousands(fl_buf *out, double v);
/* Append the label that fits in chars characters ("" when chars < 3):
 * the XML-safe text, cut with ".." */
int fl_fit_label(fl_buf *out, const char *safe_utf8, size_t n, long chars);
/* The same, cut at the start instead: ".." and the last characters (for
 * long C++ and Java names, whose end says most). */
int fl_fit_label_left(fl_buf *out, const char *safe_utf8, size_t n, long chars);

#endif
