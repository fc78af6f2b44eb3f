/*
 * diag.h - the one place errors and warnings are recorded.  Every stage
 * reports through an fl_diag it is given; none knows whose it is.
 */
#ifndef FL_BASE_DIAG_H
#define FL_BASE_DIAG_H

#include <stddef.h>

#include "flame.h"

/* Internal statuses, never returned by the public API. */
#define FL_OUT_OF_ORDER ((flame_status)64)  /* a stack broke the order: start again, sorting */
#define FL_STOP ((flame_status)65)          /* stop reading: the caller knows why */

typedef struct fl_diag {
    char err[1024];        /* detail of the last error, "" when none */
    char **warnings;       /* in the order they arose */
    size_t nwarnings, cap;
} fl_diag;

#ifdef __GNUC__
#define FL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FL_PRINTF(a, b)
#endif

/* Set the error detail (replacing any earlier one). */
void fl_error(fl_diag *d, const char *fmt, ...) FL_PRINTF(2, 3);
/* Add a warning.  @return 0, or -1 when out of memory (then it is lost). */
int fl_warn(fl_diag *d, const char *fmt, ...) FL_PRINTF(2, 3);
void fl_diag_free(fl_diag *d);

#endif
