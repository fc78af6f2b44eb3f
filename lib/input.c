/*
 * input.c - from bytes to merged frames.
 *
 * Lines are split out of the input chunks and parsed (folded.c).
 * flamegraph.pl sorts whole lines in byte order and merges neighbours
 * (--flamechart keeps input order).  Real input is nearly always sorted
 * already, so lines are merged as they arrive, while each is in order after
 * the one before; the input is remembered cheaply meanwhile (replay.c).  The
 * first line out of order switches to collecting: everything is read again,
 * every line kept, and the lines are sorted and merged at the end.  Both
 * ways give the same frames.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Merge one stack: apply --colors chain and trim, then hand it to merge.c.
 * same: leading bytes known to equal the previous stack's. */
static flame_status merge_stack(flame_graph *g, const char *stack, size_t len, double count,
                                double delta, int has_delta, size_t same)
{
    if (g->palette == FL_PAL_CHAIN) {
        g->chained.len = 0;
        if (fl_stack_chain(&g->chained, stack, len) != 0)
            return FLAME_ERR_NOMEM;
        stack = g->chained.data;
        len = g->chained.len;
        same = 0;
    }
    len = fl_stack_trim(stack, len);
    int rc = fl_merge_add(&g->merge, &g->names, stack, len, count, delta, has_delta, same);
    if (rc == FL_MERGE_TOO_DEEP) {
        fl_set_error(g, "a stack is more than %u frames deep, too deep to draw", FL_MAX_DEPTH);
        return FLAME_ERR_LIMIT;
    }
    if (rc == FL_MERGE_TOO_LARGE) {
        fl_set_error(g, "the differential counts are too large to draw");
        return FLAME_ERR_LIMIT;
    }
    if (rc != 0) {
        fl_set_error(g, "out of memory or too many frames while merging stacks");
        return FLAME_ERR_NOMEM;
    }
    return FLAME_OK;
}

/* Keep a line to sort; stable: key stays valid until the end, no copy. */
static flame_status keep_line(flame_graph *g, const char *key, size_t key_len, size_t stack_len,
                              const fl_record *rec, int stable)
{
    if (g->nlines == g->lines_cap) {
        size_t cap = g->lines_cap ? g->lines_cap * 2 : 1024;
        fl_line *l = realloc(g->lines, cap * sizeof *l);
        if (!l)
            return FLAME_ERR_NOMEM;
        g->lines = l;
        g->lines_cap = cap;
    }
    const char *copy = stable ? key : fl_arena_strdup(&g->lines_arena, key, key_len);
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

/* Streaming: merge a line that is in order, or flag the one that is not.
 * @return through *same the bytes it shares with the previous key. */
static int in_order(flame_graph *g, const char *key, size_t key_len, size_t *same)
{
    fl_buf *prev = &g->prev_key;
    size_t n = key_len < prev->len ? key_len : prev->len;
    size_t l = n ? fl_common_prefix(key, prev->data, n) : 0;
    if (l < n ? (unsigned char)key[l] < (unsigned char)prev->data[l] : key_len < prev->len)
        return 0;
    *same = l;
    prev->len = l;
    return fl_buf_append(prev, key + l, key_len - l) == 0 ? 1 : -1;
}

static flame_status input_line(flame_graph *g, const char *line, size_t len, int stable)
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
        stable = 0;
    }
    size_t same = 0;
    if (g->collect)
        return keep_line(g, key, key_len, stack_len, &rec, stable);
    if (!g->opt.flamechart) {
        int ok = in_order(g, key, key_len, &same);
        if (ok < 0)
            return FLAME_ERR_NOMEM;
        if (!ok) {
            g->out_of_order = 1;
            return FLAME_OK;
        }
    }
    /* The stack is the start of the key, so it shares as much with the
     * previous stack as the key does with the previous key. */
    return merge_stack(g, stack, stack_len, rec.count, rec.delta, rec.has_delta, same);
}

/* Split a chunk into lines; stops at a line out of order.
 * stable: data stays valid until the end (lines kept need no copy). */
static flame_status split_lines(flame_graph *g, const char *data, size_t len, int last,
                                int stable)
{
    const char *p = data, *end = len ? data + len : data;
    flame_status st;
    if (g->pending.len && len) {
        /* Finish the line that the previous chunk started. */
        const char *nl = memchr(p, '\n', len);
        if (!nl)
            return fl_buf_append(&g->pending, p, len) == 0 ? FLAME_OK : FLAME_ERR_NOMEM;
        if (fl_buf_append(&g->pending, p, (size_t)(nl - p)) != 0)
            return FLAME_ERR_NOMEM;
        st = input_line(g, g->pending.data, g->pending.len, 0);
        g->pending.len = 0;
        if (st != FLAME_OK || g->out_of_order)
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
        st = input_line(g, p, (size_t)(nl - p), stable);
        if (st != FLAME_OK || g->out_of_order)
            return st;
        p = nl + 1;
    }
    if (last && g->pending.len) {
        /* A last line without a newline still counts. */
        st = input_line(g, g->pending.data, g->pending.len, 0);
        g->pending.len = 0;
        return st;
    }
    return FLAME_OK;
}

/* Input read again stays in memory until the end (the bytes kept in the
 * replay, the files read into the lines arena): lines point into it. */
static flame_status replay_sink(void *ctx, const char *p, size_t n)
{
    return split_lines(ctx, p, n, 0, 1);
}

static char *replay_alloc(void *ctx, size_t n)
{
    flame_graph *g = ctx;
    return fl_arena_alloc(&g->lines_arena, n);
}

/* A line was out of order: start again from the first byte, keeping lines. */
static flame_status switch_to_sorting(flame_graph *g)
{
    g->out_of_order = 0;
    g->collect = 1;
    g->lines_sorted = 0;       /* known: no need to compare lines to find out */
    g->ignored = 0;
    g->pending.len = 0;
    fl_buf_free(&g->prev_key);
    fl_merge_free(&g->merge);
    fl_names_free(&g->names);
    if (fl_merge_init(&g->merge, g->simple ? NULL : &g->opt) != 0 ||
        fl_names_init(&g->names) != 0)
        return FLAME_ERR_NOMEM;
    g->replayed = g->replay;
    fl_replay_init(&g->replay);
    g->replay_fd = -1;
    return fl_replay_run(&g->replayed, replay_sink, replay_alloc, g, g->err, sizeof g->err);
}

/* While streaming, remember the input, in case a later line is out of order. */
static int remembering(const flame_graph *g)
{
    return !g->collect && !g->opt.flamechart;
}

static int remember(flame_graph *g, const char *data, size_t len)
{
    if (g->replay_fd >= 0) {
        int rc = fl_replay_file(&g->replay, g->replay_fd, g->replay_off, len);
        g->replay_off += (off_t)len;
        return rc;
    }
    return fl_replay_bytes(&g->replay, data, len);
}

flame_status fl_input_chunk(flame_graph *g, const char *data, size_t len, int last)
{
    g->input_started = 1;
    if (g->input_status != FLAME_OK)
        return g->input_status;
    if (remembering(g)) {
        /* A source's last line without a newline is remembered with one. */
        int flush = last && (len ? data[len - 1] != '\n' : g->pending.len > 0);
        if (remember(g, data, len) != 0 || (flush && fl_replay_bytes(&g->replay, "\n", 1) != 0))
            return FLAME_ERR_NOMEM;
    }
    flame_status st = split_lines(g, data, len, last, 0);
    if (st == FLAME_OK && g->out_of_order)
        st = g->input_status = switch_to_sorting(g);
    return st;
}

flame_status fl_input_add_line(flame_graph *g, const char *line, size_t len)
{
    g->input_started = 1;
    if (g->input_status != FLAME_OK)
        return g->input_status;
    if (remembering(g) &&
        (fl_replay_bytes(&g->replay, line, len) != 0 || fl_replay_bytes(&g->replay, "\n", 1) != 0))
        return FLAME_ERR_NOMEM;
    flame_status st = input_line(g, line, len, 0);
    if (st == FLAME_OK && g->out_of_order)
        st = g->input_status = switch_to_sorting(g);
    return st;
}

void fl_input_file_begin(flame_graph *g, int fd, off_t off, const char *source)
{
    g->replay_fd = -1;
    if (!remembering(g))
        return;
    int own = fl_replay_own_fd(&g->replay, fd, source);
    if (own < 0)
        return;
    g->replay_fd = own;
    g->replay_off = off;
}

void fl_input_file_end(flame_graph *g)
{
    g->replay_fd = -1;
}

void fl_input_simple(flame_graph *g)
{
    g->simple = 1;
    g->collect = 1;
    g->merge.prune = NULL;
}

flame_status fl_input_finish(flame_graph *g)
{
    /* A failed second reading leaves the input half read: nothing to draw. */
    if (g->input_status != FLAME_OK)
        return g->input_status;
    fl_replay_free(&g->replay);
    size_t *same = NULL;
    if (g->collect && !g->opt.flamechart && !g->lines_sorted) {
        same = malloc((g->nlines ? g->nlines : 1) * sizeof *same);
        if (!same || fl_sort_lines(g->lines, g->nlines, same) != 0) {
            free(same);
            return FLAME_ERR_NOMEM;
        }
    }
    for (size_t i = 0; i < g->nlines; i++) {
        const fl_line *l = &g->lines[i];
#ifdef __GNUC__
        /* Sorted lines sit all over memory: fetch ahead. */
        if (i + 4 < g->nlines)
            __builtin_prefetch(g->lines[i + 4].key);
#endif
        flame_status st = merge_stack(g, l->key, l->stack_len, l->count, l->delta, l->has_delta,
                                      same ? same[i] : 0);
        if (st != FLAME_OK) {
            free(same);
            return st;
        }
    }
    free(same);
    free(g->lines);
    g->lines = NULL;
    g->nlines = g->lines_cap = 0;
    fl_arena_free(&g->lines_arena);
    fl_replay_free(&g->replayed);
    if (fl_merge_finish(&g->merge, &g->names) != 0) {
        fl_set_error(g, "out of memory while merging stacks");
        return FLAME_ERR_NOMEM;
    }
    return FLAME_OK;
}
