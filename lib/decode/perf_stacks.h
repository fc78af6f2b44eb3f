/*
 * perf_stacks.h - the distinct stacks of a perf script source, counted as
 * it is read, then handed on as folded lines in byte order.
 *
 * A stack is three strings of frame names, each interned once: the
 * process's name, the callers (the sample's frames after the first, root
 * first) and the leaf (the first frame's names).  Counting a sample is a
 * lookup of three numbers: the reader never copies or compares a whole
 * stack on its way.  The text is put together at the end.
 */
#ifndef FL_DECODE_PERF_STACKS_H
#define FL_DECODE_PERF_STACKS_H

#include <stddef.h>
#include <stdint.h>

#include "flame.h"
#include "base/buf.h"
#include "decode/intern.h"
#include "decode/reader.h"

typedef struct fl_perf_stack {
    uint32_t pname, callers, leaf;   /* names ids; 0: none */
    double count;
} fl_perf_stack;

typedef struct fl_perf_stacks {
    fl_intern names;                 /* a perf id is the intern id + 1 */
    /* the stacks: open addressing, entries in place (pname 0: empty) */
    fl_perf_stack *stacks;
    size_t nstacks, stack_mask;
    fl_perf_stack pending;           /* the last one counted, not added yet */
    fl_buf line;
} fl_perf_stacks;

void fl_perf_stacks_init(fl_perf_stacks *s);
void fl_perf_stacks_free(fl_perf_stacks *s);

/* The id (1 or more) of a string of names.  @return 0: out of memory. */
uint32_t fl_perf_intern(fl_perf_stacks *s, const char *text, size_t len);
/* The string of an id (1 or more). */
static inline const char *fl_perf_names(const fl_perf_stacks *s, uint32_t id, size_t *len)
{
    const fl_intern_str *e = fl_intern_get(&s->names, id - 1);
    *len = e->len;
    return e->s;
}

/* Count a sample of a stack (pname is never 0).  It is added when the next
 * one is counted, or at fl_perf_stacks_emit(): its slot, likely a cache
 * miss, is fetched meanwhile.  @return 0, or -1: out of memory. */
int fl_perf_count(fl_perf_stacks *s, uint32_t pname, uint32_t callers, uint32_t leaf,
                  double count);
/* The stacks counted so far. */
size_t fl_perf_stack_count(const fl_perf_stacks *s);

/* Hand on every stack as a folded line "names COUNT", in byte order, a
 * stack that came out of two splits ("a;b" + "c", "a" + "b;c": a leaf line
 * without a name, a ';' in a process name) once, its counts added.
 * @return FLAME_OK, FLAME_ERR_NOMEM, or what emit returned. */
flame_status fl_perf_stacks_emit(fl_perf_stacks *s, fl_line_fn emit, void *ctx);

#endif
