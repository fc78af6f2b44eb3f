/*
 * order.c - stacks to the merge in flamegraph.pl's order (order.h).
 *
 * flamegraph.pl sorts whole lines in byte order, count text included, and
 * merges neighbours (--flamechart keeps input order).  While each line is
 * in order after the one before it is merged at once; the shared prefix of
 * the two keys, found by the order check, tells the merge where to start
 * comparing.  Kept lines are sorted by a radix sort (sort.c) at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "filter/rewrite.h"
#include "frames/order.h"

void fl_order_init(fl_order *o, const fl_config *cfg, fl_diag *diag, fl_merge *merge,
                   fl_names *names)
{
    memset(o, 0, sizeof *o);
    o->cfg = cfg;
    o->diag = diag;
    o->merge = merge;
    o->names = names;
    o->lines_sorted = 1;
}

void fl_order_free(fl_order *o)
{
    fl_buf_free(&o->prev_key);
    fl_buf_free(&o->first_key);
    fl_buf_free(&o->reversed);
    fl_buf_free(&o->chained);
    fl_arena_free(&o->lines_arena);
    free(o->lines);
    o->lines = NULL;
    o->nlines = o->lines_cap = 0;
}

/* Merge one stack: apply --colors chain and trim, then hand it to the merge.
 * same: leading bytes known to equal the previous stack's. */
static flame_status merge_stack(fl_order *o, const char *stack, size_t len, double count,
                                double delta, int has_delta, size_t same)
{
    if (o->cfg->palette == FL_PAL_CHAIN) {
        o->chained.len = 0;
        if (fl_stack_chain(&o->chained, stack, len) != 0)
            return FLAME_ERR_NOMEM;
        stack = o->chained.data;
        len = o->chained.len;
        same = 0;
    }
    len = fl_stack_trim(stack, len);
    int rc = fl_merge_add(o->merge, o->names, stack, len, count, delta, has_delta, same);
    if (rc == FL_MERGE_TOO_DEEP) {
        fl_error(o->diag, "a stack is more than %u frames deep, too deep to draw", FL_MAX_DEPTH);
        return FLAME_ERR_LIMIT;
    }
    if (rc == FL_MERGE_TOO_LARGE) {
        fl_error(o->diag, "the differential counts are too large to draw");
        return FLAME_ERR_LIMIT;
    }
    if (rc != 0) {
        fl_error(o->diag, "out of memory or too many frames while merging stacks");
        return FLAME_ERR_NOMEM;
    }
    return FLAME_OK;
}

/* Keep a line to sort; stable: key stays valid until the end, no copy. */
static flame_status keep_line(fl_order *o, const char *key, size_t key_len, size_t stack_len,
                              const fl_record *rec, int stable)
{
    if (o->nlines == o->lines_cap) {
        size_t cap = o->lines_cap ? o->lines_cap * 2 : 1024;
        fl_line *l = realloc(o->lines, cap * sizeof *l);
        if (!l)
            return FLAME_ERR_NOMEM;
        o->lines = l;
        o->lines_cap = cap;
    }
    const char *copy = stable ? key : fl_arena_strdup(&o->lines_arena, key, key_len);
    if (!copy)
        return FLAME_ERR_NOMEM;
    if (o->nlines > 0 && o->lines_sorted) {
        const fl_line *prev = &o->lines[o->nlines - 1];
        if (fl_bytes_cmp(copy, key_len, prev->key, prev->key_len) < 0)
            o->lines_sorted = 0;
    }
    fl_line *l = &o->lines[o->nlines++];
    l->key = copy;
    l->key_len = key_len;
    l->stack_len = stack_len;
    l->count = rec->count;
    l->delta = rec->delta;
    l->has_delta = rec->has_delta;
    return FLAME_OK;
}

/* Streaming: whether a key is in order after the previous one; if so it
 * becomes the previous one and *same receives the bytes they share.
 * @return 1, 0 (out of order) or -1 (out of memory). */
static int in_order(fl_order *o, const char *key, size_t key_len, size_t *same)
{
    fl_buf *prev = &o->prev_key;
    size_t n = key_len < prev->len ? key_len : prev->len;
    size_t l = n ? fl_common_prefix(key, prev->data, n) : 0;
    if (l < n ? (unsigned char)key[l] < (unsigned char)prev->data[l] : key_len < prev->len)
        return 0;
    *same = l;
    prev->len = l;
    return fl_buf_append(prev, key + l, key_len - l) == 0 ? 1 : -1;
}

flame_status fl_order_add(fl_order *o, const fl_record *rec, int stable)
{
    const char *stack = rec->stack;
    size_t stack_len = rec->stack_len;
    const char *key = rec->line;
    size_t key_len = rec->line_len;
    if (o->cfg->opt.reverse) {
        /* The reversed line is what gets sorted: "rev;stack COUNTS". */
        fl_buf *rev = &o->reversed;
        rev->len = 0;
        if (fl_stack_reverse(rev, rec->stack, rec->stack_len) != 0)
            return FLAME_ERR_NOMEM;
        stack_len = rev->len;
        if (fl_buf_putc(rev, ' ') != 0 || fl_buf_append(rev, rec->counts, rec->counts_len) != 0)
            return FLAME_ERR_NOMEM;
        key = stack = rev->data;
        key_len = rev->len;
        stable = 0;
    }
    if (o->collect)
        return keep_line(o, key, key_len, stack_len, rec, stable);
    size_t same = 0;
    if (o->part && !o->has_first) {
        if (fl_buf_append(&o->first_key, key, key_len) != 0)
            return FLAME_ERR_NOMEM;
        o->has_first = 1;
    }
    if (!o->cfg->opt.flamechart) {
        int ok = in_order(o, key, key_len, &same);
        if (ok < 0)
            return FLAME_ERR_NOMEM;
        if (!ok)
            return FL_OUT_OF_ORDER;
    }
    /* The stack is the start of the key, so it shares as much with the
     * previous stack as the key does with the previous key. */
    return merge_stack(o, stack, stack_len, rec->count, rec->delta, rec->has_delta, same);
}

void fl_order_collect(fl_order *o)
{
    o->collect = 1;
    o->lines_sorted = 0;       /* known: no need to compare lines to find out */
    fl_buf_free(&o->prev_key);
}

flame_status fl_order_finish(fl_order *o)
{
    size_t *same = NULL;
    if (o->collect && !o->cfg->opt.flamechart && !o->lines_sorted) {
        same = malloc((o->nlines ? o->nlines : 1) * sizeof *same);
        if (!same || fl_sort_lines(o->lines, o->nlines, same) != 0) {
            free(same);
            return FLAME_ERR_NOMEM;
        }
    }
    for (size_t i = 0; i < o->nlines; i++) {
        const fl_line *l = &o->lines[i];
#ifdef __GNUC__
        /* Sorted lines sit all over memory: fetch ahead. */
        if (i + 4 < o->nlines)
            __builtin_prefetch(o->lines[i + 4].key);
#endif
        flame_status st = merge_stack(o, l->key, l->stack_len, l->count, l->delta, l->has_delta,
                                      same ? same[i] : 0);
        if (st != FLAME_OK) {
            free(same);
            return st;
        }
    }
    free(same);
    if (!o->cfg->keep_stacks)
        fl_order_free(o);
    if (fl_merge_finish(o->merge, o->names) != 0) {
        fl_error(o->diag, "out of memory while merging stacks");
        return FLAME_ERR_NOMEM;
    }
    return FLAME_OK;
}
