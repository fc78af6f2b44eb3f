/*
 * diag.c - recording errors and warnings (diag.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"

void fl_error(fl_diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->err, sizeof d->err, fmt, ap);
    va_end(ap);
}

int fl_warn(fl_diag *d, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (d->nwarnings == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        char **w = realloc(d->warnings, cap * sizeof *w);
        if (!w)
            return -1;
        d->warnings = w;
        d->cap = cap;
    }
    char *copy = strdup(tmp);
    if (!copy)
        return -1;
    d->warnings[d->nwarnings++] = copy;
    return 0;
}

void fl_diag_free(fl_diag *d)
{
    for (size_t i = 0; i < d->nwarnings; i++)
        free(d->warnings[i]);
    free(d->warnings);
    memset(d, 0, sizeof *d);
}
