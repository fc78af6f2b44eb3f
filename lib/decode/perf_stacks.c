/*
 * perf_stacks.c - the distinct stacks of a perf script source
 * (perf_stacks.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/perf_memo.h"
#include "decode/perf_stacks.h"

void fl_perf_stacks_init(fl_perf_stacks *s)
{
    memset(s, 0, sizeof *s);
}

void fl_perf_stacks_free(fl_perf_stacks *s)
{
    fl_intern_free(&s->names);
    free(s->stacks);
    fl_buf_free(&s->line);
    fl_perf_stacks_init(s);
}

/* ---- interned names -------------------------------------------------- */

uint32_t fl_perf_intern(fl_perf_stacks *s, const char *text, size_t len)
{
    uint32_t id;
    return fl_intern_add(&s->names, text, len, &id) == 0 ? id + 1 : 0;
}

/* ---- the stacks ------------------------------------------------------ */

static uint64_t stack_hash(uint32_t pname, uint32_t callers, uint32_t leaf)
{
    return fl_memo_mix(((uint64_t)pname << 40) ^ ((uint64_t)callers << 20) ^ leaf ^
                       ((uint64_t)leaf << 52));
}

/* The entry of a stack, or the empty slot where it goes. */
static fl_perf_stack *stack_slot(fl_perf_stack *slots, size_t mask, uint32_t pname,
                                 uint32_t callers, uint32_t leaf)
{
    size_t k = (size_t)stack_hash(pname, callers, leaf) & mask;
    while (slots[k].pname &&
           !(slots[k].pname == pname && slots[k].callers == callers && slots[k].leaf == leaf))
        k = (k + 1) & mask;
    return &slots[k];
}

static int grow_stacks(fl_perf_stacks *s)
{
    size_t cap = s->stacks ? (s->stack_mask + 1) * 2 : 1024;
    fl_perf_stack *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; s->stacks && i <= s->stack_mask; i++) {
        const fl_perf_stack *e = &s->stacks[i];
        if (e->pname)
            *stack_slot(slots, cap - 1, e->pname, e->callers, e->leaf) = *e;
    }
    free(s->stacks);
    s->stacks = slots;
    s->stack_mask = cap - 1;
    return 0;
}

static int add_stack(fl_perf_stacks *s, const fl_perf_stack *p)
{
    if (s->stacks) {
        fl_perf_stack *e = stack_slot(s->stacks, s->stack_mask, p->pname, p->callers, p->leaf);
        if (e->pname) {
            e->count += p->count;
            return 0;
        }
    }
    /* A new stack; the table stays at most half full. */
    if ((s->nstacks + 1) * 2 > (s->stacks ? s->stack_mask + 1 : 0) && grow_stacks(s) != 0)
        return -1;
    *stack_slot(s->stacks, s->stack_mask, p->pname, p->callers, p->leaf) = *p;
    s->nstacks++;
    return 0;
}

/* The stack counted last, if not added yet. */
static int add_pending(fl_perf_stacks *s)
{
    if (!s->pending.pname)
        return 0;
    int rc = add_stack(s, &s->pending);
    s->pending.pname = 0;
    return rc;
}

int fl_perf_count(fl_perf_stacks *s, uint32_t pname, uint32_t callers, uint32_t leaf,
                  double count)
{
    int rc = add_pending(s);
    s->pending = (fl_perf_stack){pname, callers, leaf, count};
    if (s->stacks)
        fl_prefetch(&s->stacks[(size_t)stack_hash(pname, callers, leaf) & s->stack_mask]);
    return rc;
}

size_t fl_perf_stack_count(const fl_perf_stacks *s)
{
    return s->nstacks + (s->pending.pname != 0);
}

/* ---- the end: folded lines in byte order ------------------------------ */

/* A stack's folded line in pieces: its names with ';' between, then
 * " COUNT". */
typedef struct line_pieces {
    double count;
    const char *p[5];
    size_t n[5];
    int k;                           /* pieces before the count */
} line_pieces;

static void pieces_of(const fl_perf_stacks *s, const fl_perf_stack *e, line_pieces *lp)
{
    const uint32_t ids[3] = {e->pname, e->callers, e->leaf};
    lp->count = e->count;
    lp->k = 0;
    for (int i = 0; i < 3; i++) {
        if (!ids[i])
            continue;
        if (i) {
            lp->p[lp->k] = ";";
            lp->n[lp->k++] = 1;
        }
        lp->p[lp->k] = fl_perf_names(s, ids[i], &lp->n[lp->k]);
        lp->k++;
    }
}

/* The count as digits (a sum of whole periods), after a space. */
static size_t count_text(char *buf, size_t cap, double v)
{
    int k = snprintf(buf, cap, " %.0f", v);
    return k < 0 || (size_t)k >= cap ? 0 : (size_t)k;
}

/* Byte order of the pieces a[0..ka) and b[0..kb); *prefix: one ran out
 * with all before equal. */
static int pieces_cmp(const char *const *ap, const size_t *an, int ka, const char *const *bp,
                      const size_t *bn, int kb, int *prefix)
{
    int i = 0, j = 0;
    size_t x = 0, y = 0;    /* offsets in the current pieces */
    while (i < ka && j < kb) {
        size_t m = an[i] - x < bn[j] - y ? an[i] - x : bn[j] - y;
        int c = memcmp(ap[i] + x, bp[j] + y, m);
        if (c)
            return c;
        x += m;
        y += m;
        if (x == an[i]) {
            i++;
            x = 0;
        }
        if (y == bn[j]) {
            j++;
            y = 0;
        }
    }
    *prefix = 1;
    return (i < ka) - (j < kb);
}

/* The stacks' order, counts left out. */
static int stack_cmp(const void *pa, const void *pb)
{
    const line_pieces *a = pa, *b = pb;
    int prefix = 0;
    return pieces_cmp(a->p, a->n, a->k, b->p, b->n, b->k, &prefix);
}

/* The folded lines' order, counts included. */
static int line_cmp(const void *pa, const void *pb)
{
    const line_pieces *a = pa, *b = pb;
    int prefix = 0;
    int c = pieces_cmp(a->p, a->n, a->k, b->p, b->n, b->k, &prefix);
    if (!prefix)
        return c;
    /* One stack is the start of the other: the counts go on the lines. */
    char ca[400], cb[400];
    const char *ap[6], *bp[6];
    size_t an[6], bn[6];
    memcpy(ap, a->p, sizeof a->p);
    memcpy(an, a->n, sizeof a->n);
    memcpy(bp, b->p, sizeof b->p);
    memcpy(bn, b->n, sizeof b->n);
    ap[a->k] = ca;
    an[a->k] = count_text(ca, sizeof ca, a->count);
    bp[b->k] = cb;
    bn[b->k] = count_text(cb, sizeof cb, b->count);
    return pieces_cmp(ap, an, a->k + 1, bp, bn, b->k + 1, &prefix);
}

flame_status fl_perf_stacks_emit(fl_perf_stacks *s, fl_line_fn emit, void *ctx)
{
    if (add_pending(s) != 0)
        return FLAME_ERR_NOMEM;
    line_pieces *order = malloc((s->nstacks ? s->nstacks : 1) * sizeof *order);
    if (!order)
        return FLAME_ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; s->stacks && i <= s->stack_mask; i++)
        if (s->stacks[i].pname)
            pieces_of(s, &s->stacks[i], &order[n++]);
    /* The same text twice is added up first; then the lines go in the
     * order the merge takes them ("a;b 5" before "a;b;c 1"). */
    qsort(order, n, sizeof *order, stack_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && stack_cmp(&order[m - 1], &order[i]) == 0)
            order[m - 1].count += order[i].count;
        else
            order[m++] = order[i];
    }
    n = m;
    qsort(order, n, sizeof *order, line_cmp);
    flame_status rc = FLAME_OK;
    fl_buf *line = &s->line;
    for (size_t i = 0; i < n && rc == FLAME_OK; i++) {
        const line_pieces *lp = &order[i];
        char num[400];
        size_t nl = count_text(num, sizeof num, lp->count);
        line->len = 0;
        for (int k = 0; k < lp->k && rc == FLAME_OK; k++)
            if (fl_buf_append(line, lp->p[k], lp->n[k]) != 0)
                rc = FLAME_ERR_NOMEM;
        if (rc == FLAME_OK && fl_buf_append(line, num, nl) != 0)
            rc = FLAME_ERR_NOMEM;
        if (rc == FLAME_OK)
            rc = emit(ctx, line->data, line->len);
    }
    free(order);
    return rc;
}
