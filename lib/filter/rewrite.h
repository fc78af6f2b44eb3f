/*
 * rewrite.h - stacks rewritten before they are merged.
 */
#ifndef FL_FILTER_REWRITE_H
#define FL_FILTER_REWRITE_H

#include <stddef.h>

#include "base/buf.h"

/* Append s with its ';'-separated frames in reverse order. */
int fl_stack_reverse(fl_buf *out, const char *s, size_t n);

/* Append s rewritten for --colors chain: frames after a "--" separator get
 * the "_[w]" waker annotation and every stack gains a "--" frame. */
int fl_stack_chain(fl_buf *out, const char *s, size_t n);

#endif
