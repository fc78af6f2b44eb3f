/*
 * weight.c - the merged frames in weight order (weight.h).
 *
 * flamegraph.pl's merge can leave two siblings of the same name (a name
 * that is a prefix of a sibling's, followed by a byte that sorts before
 * ';': "foo" and "foo2", "Foo" and "Foo::bar").  Weight order shows what
 * speedscope shows: one frame per name under a parent.  So the tree is
 * rebuilt top down: a new frame is a group of old frames, siblings with
 * the same name, and its children are the children of all of them, grouped
 * by name again.  Groups are emitted depth first, each parent's children
 * heaviest first, so the result keeps the order the renderers rely on.
 *
 * Every old frame joins exactly one group, so the work arrays hold at most
 * one entry per frame and the cost is one sort of each frame's children.
 */
#include <stdlib.h>
#include <string.h>

#include "frames/weight.h"

/* A group of old frames: pool[off .. off+len). */
typedef struct group {
    uint32_t off, len;
} group;

/* A group while its siblings are ordered. */
typedef struct sibling {
    uint32_t off, len;
    const fl_name *name;
    double total;
} sibling;

typedef struct work {
    const fl_frame *in;
    const fl_names *names;
    uint32_t *child_off;    /* children of old frame i: kids[child_off[i] .. child_off[i+1]) */
    uint32_t *kids;
    uint32_t *pool;         /* members of the groups, in groups */
    size_t pool_len;
    group *stack;           /* groups still to emit; the top is next */
    size_t depth;
    uint64_t *keys;         /* scratch: (name, index) of the children being grouped */
    sibling *sibs;          /* scratch: the groups being ordered */
    size_t scratch_cap;
} work;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void sort_keys(uint64_t *k, size_t n)
{
    if (n > 16) {
        qsort(k, n, sizeof *k, cmp_u64);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t v = k[i];
        size_t j = i;
        for (; j > 0 && k[j - 1] > v; j--)
            k[j] = k[j - 1];
        k[j] = v;
    }
}

/* Heavier first; equal weights by name, in byte order (a prefix first).
 * Siblings' names differ, so no two compare equal. */
static int heavier(const sibling *a, const sibling *b)
{
    if (a->total != b->total)
        return a->total > b->total ? -1 : 1;
    const fl_name *x = a->name, *y = b->name;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->str, y->str, n);
    if (c != 0)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static int cmp_sibling(const void *a, const void *b)
{
    return heavier(a, b);
}

static void sort_siblings(sibling *s, size_t n)
{
    if (n > 16) {
        qsort(s, n, sizeof *s, cmp_sibling);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        sibling v = s[i];
        size_t j = i;
        for (; j > 0 && heavier(&s[j - 1], &v) > 0; j--)
            s[j] = s[j - 1];
        s[j] = v;
    }
}

static int reserve_scratch(work *w, size_t n)
{
    if (n <= w->scratch_cap)
        return 0;
    size_t cap = w->scratch_cap ? w->scratch_cap : 64;
    while (cap < n)
        cap *= 2;
    uint64_t *k = realloc(w->keys, cap * sizeof *k);
    if (!k)
        return -1;
    w->keys = k;
    sibling *s = realloc(w->sibs, cap * sizeof *s);
    if (!s)
        return -1;
    w->sibs = s;
    w->scratch_cap = cap;
    return 0;
}

/* The width of a group: the sum of its members', in member order. */
static double group_total(const work *w, uint32_t off, uint32_t len)
{
    double t = 0;
    for (uint32_t k = off; k < off + len; k++)
        t += w->in[w->pool[k]].end - w->in[w->pool[k]].start;
    return t;
}

/* Put the children of group g's members into the pool, grouped by name,
 * and push the groups so that the heaviest comes off the stack first. */
static int expand(work *w, group g)
{
    size_t first = w->pool_len;
    for (uint32_t k = g.off; k < g.off + g.len; k++) {
        uint32_t m = w->pool[k];
        for (uint32_t c = w->child_off[m]; c < w->child_off[m + 1]; c++)
            w->pool[w->pool_len++] = w->kids[c];
    }
    size_t n = w->pool_len - first;
    if (n == 0)
        return 0;
    if (reserve_scratch(w, n) != 0)
        return -1;
    uint32_t *kids = w->pool + first;
    if (n > 1) {
        /* by name, and in document order within a name */
        for (size_t i = 0; i < n; i++)
            w->keys[i] = (uint64_t)w->in[kids[i]].name << 32 | kids[i];
        sort_keys(w->keys, n);
        for (size_t i = 0; i < n; i++)
            kids[i] = (uint32_t)w->keys[i];
    }
    size_t ns = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        uint32_t name = w->in[kids[i]].name;
        while (j < n && w->in[kids[j]].name == name)
            j++;
        sibling *s = &w->sibs[ns++];
        s->off = (uint32_t)(first + i);
        s->len = (uint32_t)(j - i);
        s->name = &w->names->list[name];
        s->total = group_total(w, s->off, s->len);
        i = j;
    }
    sort_siblings(w->sibs, ns);
    for (size_t i = ns; i-- > 0;)
        w->stack[w->depth++] = (group){w->sibs[i].off, w->sibs[i].len};
    return 0;
}

/* Children lists of the old frames, in document order (counting sort by
 * parent: the frames come in pre-order, so each list comes out sorted). */
static void index_children(work *w, size_t n)
{
    uint32_t *off = w->child_off;
    memset(off, 0, (n + 1) * sizeof *off);
    for (size_t i = 1; i < n; i++)
        off[w->in[i].parent + 1]++;
    for (size_t i = 1; i <= n; i++)
        off[i] += off[i - 1];
    for (size_t i = 1; i < n; i++)
        w->kids[off[w->in[i].parent]++] = (uint32_t)i;
    for (size_t i = n; i > 0; i--)
        off[i] = off[i - 1];
    off[0] = 0;
}

int fl_weight_order(fl_merge *m, const fl_names *names)
{
    size_t n = m->nframes;
    if (n <= 1)
        return 0;
    uint32_t maxdepth = 0;
    for (size_t i = 0; i < n; i++)
        if (m->frames[i].depth > maxdepth)
            maxdepth = m->frames[i].depth;

    work w = {0};
    w.in = m->frames;
    w.names = names;
    w.child_off = malloc((n + 1) * sizeof *w.child_off);
    w.kids = malloc(n * sizeof *w.kids);
    w.pool = malloc(n * sizeof *w.pool);
    w.stack = malloc(n * sizeof *w.stack);
    fl_frame *out = malloc(n * sizeof *out);
    /* per depth: where the open frame's next child starts, and its index */
    double *next = malloc(((size_t)maxdepth + 1) * sizeof *next);
    uint32_t *open = malloc(((size_t)maxdepth + 1) * sizeof *open);
    int rc = -1;
    if (!w.child_off || !w.kids || !w.pool || !w.stack || !out || !next || !open)
        goto done;
    index_children(&w, n);

    out[0] = m->frames[0];
    out[0].lost = 0;
    size_t nout = 1;
    next[0] = out[0].start;
    open[0] = 0;
    w.pool[w.pool_len++] = 0;
    if (expand(&w, (group){0, 1}) != 0)
        goto done;
    while (w.depth > 0) {
        group g = w.stack[--w.depth];
        const fl_frame *first = &m->frames[w.pool[g.off]];
        uint32_t d = first->depth;
        fl_frame *f = &out[nout];
        f->start = next[d - 1];
        f->end = f->start + group_total(&w, g.off, g.len);
        f->delta = 0;
        f->has_delta = 0;
        f->got_delta = 0;
        for (uint32_t k = g.off; k < g.off + g.len; k++) {
            const fl_frame *part = &m->frames[w.pool[k]];
            f->delta += part->delta;    /* self deltas add up */
            f->has_delta |= part->has_delta;
            f->got_delta |= part->got_delta;
        }
        f->name = first->name;
        f->depth = d;
        f->parent = open[d - 1];
        f->lost = 0;
        next[d - 1] = f->end;
        next[d] = f->start;
        open[d] = (uint32_t)nout++;
        if (expand(&w, g) != 0)
            goto done;
    }
    free(m->frames);
    m->frames = out;
    m->nframes = nout;
    m->cap = n;
    out = NULL;
    rc = 0;
done:
    free(w.child_off);
    free(w.kids);
    free(w.pool);
    free(w.stack);
    free(w.keys);
    free(w.sibs);
    free(out);
    free(next);
    free(open);
    return rc;
}
