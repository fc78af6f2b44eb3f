/*
 * input.c - from bytes to merged frames.
 *
 * Lines are split out of the input chunks, parsed (folded.c), and either
 * merged at once (--flamechart keeps input order) or kept with their sort
 * key until the input ends: flamegraph.pl sorts whole lines in byte order
 * and merges neighbours.  Input that is already sorted is not sorted again.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Merge one stack: apply --colors chain and trim, then hand it to merge.c. */
static flame_status merge_stack(flame_graph *g, const char *stack, size_t len, double count,
                                double delta, int has_delta)
{
    if (g->palette == FL_PAL_CHAIN) {
        g->chained.len = 0;
        if (fl_stack_chain(&g->chained, stack, len) != 0)
            return FLAME_ERR_NOMEM;
        stack = g->chained.data;
        len = g->chained.len;
    }
    len = fl_stack_trim(stack, len);
    if (fl_merge_add(&g->merge, &g->names, stack, len, count, delta, has_delta) != 0) {
        fl_set_error(g, "out of memory or too many frames while merging stacks");
        return FLAME_ERR_NOMEM;
    }
    return FLAME_OK;
}

static flame_status keep_line(flame_graph *g, const char *key, size_t key_len, size_t stack_len,
                              const fl_record *rec)
{
    if (g->nlines == g->lines_cap) {
        size_t cap = g->lines_cap ? g->lines_cap * 2 : 1024;
        fl_line *l = realloc(g->lines, cap * sizeof *l);
        if (!l)
            return FLAME_ERR_NOMEM;
        g->lines = l;
        g->lines_cap = cap;
    }
    char *copy = fl_arena_strdup(&g->lines_arena, key, key_len);
    if (!copy)
        return FLAME_ERR_NOMEM;
    if (g->nlines > 0 && g->lines_sorted) {
        const fl_line *prev = &g->lines[g->nlines - 1];
        if (fl_bytes_cmp(copy, key_len, prev->key, prev->key_len) < 0)
            g->lines_sorted = 0;
    }
    fl_line *l = &g->lines[g->nlines++];
    l->key = copy;
    l->key_len = key_len;
    l->stack_len = stack_len;
    l->count = rec->count;
    l->delta = rec->delta;
    l->has_delta = rec->has_delta;
    return FLAME_OK;
}

flame_status fl_input_line(flame_graph *g, const char *line, size_t len)
{
    /* Windows line endings: the CR is not part of the count. */
    if (len && line[len - 1] == '\r')
        len--;
    fl_record rec;
    if (!fl_parse_line(line, len, &rec) || !isfinite(rec.count) ||
        (rec.has_delta && !isfinite(rec.delta))) {
        g->ignored++;
        return FLAME_OK;
    }
    const char *stack = rec.stack;
    size_t stack_len = rec.stack_len;
    const char *key = line;
    size_t key_len = len;
    fl_buf *rev = &g->reversed;
    if (g->opt.reverse) {
        /* The reversed line is what gets sorted: "rev;stack COUNTS". */
        rev->len = 0;
        if (fl_stack_reverse(rev, rec.stack, rec.stack_len) != 0)
            return FLAME_ERR_NOMEM;
        stack_len = rev->len;
        if (fl_buf_putc(rev, ' ') != 0 || fl_buf_append(rev, rec.counts, rec.counts_len) != 0)
            return FLAME_ERR_NOMEM;
        key = stack = rev->data;
        key_len = rev->len;
    }
    if (g->opt.flamechart)
        return merge_stack(g, stack, stack_len, rec.count, rec.delta, rec.has_delta);
    return keep_line(g, key, key_len, stack_len, &rec);
}

flame_status fl_input_chunk(flame_graph *g, const char *data, size_t len, int last)
{
    const char *p = data, *end = data + len;
    if (g->pending.len && len) {
        /* Finish the line that the previous chunk started. */
        const char *nl = memchr(p, '\n', len);
        if (!nl) {
            return fl_buf_append(&g->pending, p, len) == 0 ? FLAME_OK : FLAME_ERR_NOMEM;
        }
        if (fl_buf_append(&g->pending, p, (size_t)(nl - p)) != 0)
            return FLAME_ERR_NOMEM;
        flame_status st = fl_input_line(g, g->pending.data, g->pending.len);
        g->pending.len = 0;
        if (st != FLAME_OK)
            return st;
        p = nl + 1;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            if (fl_buf_append(&g->pending, p, (size_t)(end - p)) != 0)
                return FLAME_ERR_NOMEM;
            break;
        }
        flame_status st = fl_input_line(g, p, (size_t)(nl - p));
        if (st != FLAME_OK)
            return st;
        p = nl + 1;
    }
    if (last && g->pending.len) {
        /* A last line without a newline still counts. */
        flame_status st = fl_input_line(g, g->pending.data, g->pending.len);
        g->pending.len = 0;
        return st;
    }
    return FLAME_OK;
}

static int cmp_lines(const void *a, const void *b)
{
    const fl_line *x = a, *y = b;
    return fl_bytes_cmp(x->key, x->key_len, y->key, y->key_len);
}

flame_status fl_input_finish(flame_graph *g)
{
    if (!g->lines_sorted)
        qsort(g->lines, g->nlines, sizeof *g->lines, cmp_lines);
    for (size_t i = 0; i < g->nlines; i++) {
        const fl_line *l = &g->lines[i];
        flame_status st = merge_stack(g, l->key, l->stack_len, l->count, l->delta, l->has_delta);
        if (st != FLAME_OK)
            return st;
    }
    free(g->lines);
    g->lines = NULL;
    g->nlines = g->lines_cap = 0;
    fl_arena_free(&g->lines_arena);
    fl_merge_finish(&g->merge);
    return FLAME_OK;
}
