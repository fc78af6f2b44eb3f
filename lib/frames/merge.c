/*
 * merge.c - turn stacks, in the order they are to be merged, into frames.
 *
 * flamegraph.pl's rule: each stack shares with the stack before it the
 * longest run of equal leading frames; those frames continue, the rest of
 * the previous stack's frames end, and the new stack's remaining frames
 * start.  A frame is therefore a maximal run of consecutive stacks with the
 * same frames up to it.  Frames are appended as they start, which gives the
 * depth-first, left-to-right order the renderers rely on.
 *
 * Speed and memory: the shared frames are found by comparing bytes with the
 * previous stack (kept with the end of each of its frame names), so a line
 * costs a compare and a scan of its new frames.  A frame's name is interned
 * only when it ends and is kept.  It is dropped, with its subtree (the array
 * tail after it), when it is narrower than --minwidth at the current total:
 * the final total can only be larger, so it could never be drawn.  Memory
 * then follows the frames drawn, not the input.
 *
 * Weight order merges the parts of a name that this order splits, so a
 * narrow part may only go when its name can have no other part.  In byte
 * order the parts of a name F under one parent are some without children
 * ("F 3", then a sibling such as "F2" or "F (x.py)", whose byte after F
 * sorts before ';') and at most one with children ("F;..."), always the
 * last.  So when a part ends it is the name's last one unless it has no
 * children and the next stack's frame at its depth is F followed by a byte
 * below ';' (a prefix chain of such names can wait at one depth).  A part
 * that may get another is kept and its name waits with its width; a last
 * part is dropped when it and the waiting width of its name are narrow
 * together (the earlier parts, leaves, are left to the layout, which does
 * not draw them).  A waiting name is forgotten once a sibling comes that
 * neither is it nor extends it so, and when its parent ends.  Frames
 * deeper than where the next stack leaves end with their parent, which has
 * children and so is its name's last part: they are complete.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "frames/merge.h"

/* Upper bound on frames, so that a hostile input fails cleanly. */
#define FL_MAX_FRAMES ((size_t)UINT32_MAX - 1)
/* Name id of a frame whose name is interned when it ends. */
#define FL_NAME_PENDING UINT32_MAX

int fl_merge_init(fl_merge *m, const fl_config *prune)
{
    memset(m, 0, sizeof *m);
    m->maxdelta = 1;
    m->prune = prune;
    m->frames = malloc(64 * sizeof *m->frames);
    m->open = malloc(64 * sizeof *m->open);
    m->ends = malloc(64 * sizeof *m->ends);
    m->last_kept = malloc(64 * sizeof *m->last_kept);
    if (!m->frames || !m->open || !m->ends || !m->last_kept)
        return -1;
    memset(m->last_kept, 0xff, 64 * sizeof *m->last_kept);
    m->cap = m->open_cap = 64;
    /* The root, named "" (id 0), is open from the start. */
    memset(&m->frames[0], 0, sizeof m->frames[0]);
    m->nframes = 1;
    m->open[0] = 0;
    m->ends[0] = 0;
    m->nopen = 1;
    return 0;
}

void fl_merge_free(fl_merge *m)
{
    free(m->frames);
    free(m->open);
    free(m->ends);
    free(m->last_kept);
    free(m->pend);
    fl_buf_free(&m->prev);
    fl_buf_free(&m->first);
    memset(m, 0, sizeof *m);
}

/* Where the name of open frame d (d >= 1) starts in prev. */
static size_t name_start(const fl_merge *m, size_t d)
{
    return d == 1 ? 0 : m->ends[d - 1] + 1;
}

/* How many of the previous stack's frames the new stack shares, given that
 * their first l bytes are equal and the rest differ at l (or one ended). */
static size_t common_frames(const fl_merge *m, const char *stack, size_t len, size_t l)
{
    size_t nprev = m->nopen - 1;
    if (nprev == 0 || len == 0)
        return 0;
    /* Frames of prev that end before l are shared: find how many. */
    size_t lo = 0, hi = nprev;        /* answer in [lo, hi] */
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (m->ends[mid] < l)
            lo = mid;
        else
            hi = mid - 1;
    }
    /* The next one is shared too when both stacks have a boundary at l. */
    if (lo < nprev && m->ends[lo + 1] == l && (l == len || stack[l] == ';'))
        lo++;
    return lo;
}

static int grow_open(fl_merge *m)
{
    size_t cap = m->open_cap * 2;
    uint32_t *o = realloc(m->open, cap * sizeof *o);
    if (!o)
        return -1;
    m->open = o;
    size_t *e = realloc(m->ends, cap * sizeof *e);
    if (!e)
        return -1;
    m->ends = e;
    uint32_t *k = realloc(m->last_kept, cap * sizeof *k);
    if (!k)
        return -1;
    m->last_kept = k;
    memset(k + m->open_cap, 0xff, (cap - m->open_cap) * sizeof *k);
    m->open_cap = cap;
    return 0;
}

static int push_frame(fl_merge *m, double time, int has_delta, size_t name_end)
{
    if (m->nframes == m->cap) {
        if (m->cap >= FL_MAX_FRAMES / 2)
            return -1;
        size_t cap = m->cap * 2;
        fl_frame *f = realloc(m->frames, cap * sizeof *f);
        if (!f)
            return -1;
        m->frames = f;
        m->cap = cap;
    }
    if (m->nopen == m->open_cap && grow_open(m) != 0)
        return -1;
    fl_frame *f = &m->frames[m->nframes];
    f->start = time;
    f->end = time;
    f->delta = 0;
    f->name = FL_NAME_PENDING;
    f->depth = (uint32_t)m->nopen;
    f->parent = m->open[m->nopen - 1];
    f->has_delta = (uint16_t)has_delta;
    f->lost = 0;
    f->got_delta = 0;
    m->ends[m->nopen] = name_end;
    m->open[m->nopen++] = (uint32_t)m->nframes++;
    return 0;
}

/* The narrowest frame that can still be drawn once the total is at least
 * the current one (the same arithmetic as layout.c, which is monotonic). */
static double prune_width(const fl_merge *m)
{
    double t = m->time;
    if (m->prune->opt.total > t)
        t = m->prune->opt.total;
    return fl_minwidth_time(m->prune, t);
}

/*
 * A zero-width frame being dropped: flamegraph.pl files frames under
 * "name;depth;end", so it still overwrites a kept frame of the same name
 * that ended at this depth at the same time (see layout/layout.c:
 * resolve_collisions).  Only the last kept frame of the depth with a width
 * can be that one; mark it now, since the zero-width frame is not kept.
 */
static void mark_overwritten(fl_merge *m, const fl_names *names, size_t d, const char *name,
                             size_t len)
{
    uint32_t k = m->last_kept[d];
    if (k >= m->nframes)
        return;
    fl_frame *a = &m->frames[k];
    if (a->depth != d || a->end != m->time || a->end == a->start || a->name == FL_NAME_PENDING)
        return;
    const fl_name *nm = &names->list[a->name];
    if (nm->len == len && memcmp(nm->str, name, len) == 0)
        a->lost = 1;
}

/* The same, for a frame whose name is interned (id) and that ends at time. */
static void mark_lost(fl_merge *m, size_t d, uint32_t id, double time)
{
    uint32_t k = m->last_kept[d];
    if (k >= m->nframes || id == FL_NAME_PENDING)
        return;
    fl_frame *a = &m->frames[k];
    if (a->depth == d && a->end == time && a->end != a->start && a->name == id)
        a->lost = 1;
}


/* Weight order: whether a name may still get a part after a sibling named
 * next: next is the name followed by a byte below ';' (see the top of this
 * file), or, for a waiting name (same), the name itself. */
static int may_follow(const char *name, size_t n, const char *next, size_t next_len, int same)
{
    if (!next || next_len < n || memcmp(next, name, n) != 0)
        return 0;
    return next_len == n ? same : (unsigned char)next[n] < ';';
}

/* The waiting entry of the name at depth d, or NULL. */
static fl_pending *find_pending(fl_merge *m, const fl_names *names, size_t d, const char *name,
                                size_t n)
{
    for (size_t k = m->npend; k-- > 0 && m->pend[k].depth == d;) {
        const fl_name *nm = &names->list[m->pend[k].name];
        if (nm->len == n && memcmp(nm->str, name, n) == 0)
            return &m->pend[k];
    }
    return NULL;
}

static int add_pending(fl_merge *m, uint32_t d, uint32_t name, double width)
{
    if (m->npend == m->pend_cap) {
        size_t cap = m->pend_cap ? 2 * m->pend_cap : 16;
        fl_pending *p = realloc(m->pend, cap * sizeof *p);
        if (!p)
            return -1;
        m->pend = p;
        m->pend_cap = cap;
    }
    m->pend[m->npend++] = (fl_pending){d, name, width};
    return 0;
}

/*
 * Weight order: a part at depth d ends (its name prev[s..e), width w).
 * Sets *wait when it may get another part (it is then kept), and returns
 * the width of all its parts so far.  next: the next stack's frame at this
 * depth when the parent goes on, else NULL.
 */
static double weigh_part(fl_merge *m, const fl_names *names, size_t d, size_t s, size_t e,
                         double w, const char *next, size_t next_len, int *wait)
{
    /* what waited below this frame is complete */
    while (m->npend > 0 && m->pend[m->npend - 1].depth > d)
        m->npend--;
    const char *name = m->prev.data + s;
    fl_pending *p = find_pending(m, names, d, name, e - s);
    double total = p ? p->width + w : w;
    *wait = may_follow(name, e - s, next, next_len, 0);
    if (p && !*wait) {
        /* its last part: forget it (it is on top, or a longer name is,
         * which the next sibling cannot extend either) */
        m->npend = (size_t)(p - m->pend);
    } else if (p) {
        p->width = total;
    }
    return total;
}

/* Weight order: forget the names at depth d that the next sibling, next,
 * neither is nor extends with a byte below ';'. */
static void forget_pending(fl_merge *m, const fl_names *names, size_t d, const char *next,
                           size_t next_len)
{
    while (m->npend > 0 && m->pend[m->npend - 1].depth == d) {
        const fl_name *nm = &names->list[m->pend[m->npend - 1].name];
        if (may_follow(nm->str, nm->len, next, next_len, 1))
            break;
        m->npend--;
    }
}

/* End the open frames deeper than keep: drop the narrow ones, name the rest.
 * next: the next stack's frame at depth keep + 1, or NULL (weight order). */
static int end_frames(fl_merge *m, fl_names *names, size_t keep, const char *next,
                      size_t next_len)
{
    double narrow = m->prune && m->nopen > keep + 1 ? prune_width(m) : 0;
    while (m->nopen > keep + 1) {
        size_t d = --m->nopen;
        uint32_t i = m->open[d];
        fl_frame *f = &m->frames[i];
        f->end = m->time;
        size_t s = name_start(m, d);
        int droppable = f->end - f->start < narrow, wait = 0;
        if (m->weight) {
            const char *nx = d == keep + 1 ? next : NULL;
            double total = weigh_part(m, names, d, s, m->ends[d], f->end - f->start, nx,
                                      next_len, &wait);
            droppable = !wait && total < narrow;
        }
        /* In a part, frames from its start may go on in the part before. */
        if (droppable && !(m->part && f->start == 0)) {
            /* flamegraph.pl's collision; weight order has none */
            if (f->end == f->start && !m->weight)
                mark_overwritten(m, names, d, m->prev.data + s, m->ends[d] - s);
            m->dropped += m->nframes - i;
            m->nframes = i;        /* its subtree is the tail of the array */
            continue;
        }
        uint32_t id = fl_names_intern(names, m->prev.data + s, m->ends[d] - s);
        if (id == UINT32_MAX)
            return -1;
        f->name = id;
        if (f->end > f->start)
            m->last_kept[d] = i;
        if (wait && !find_pending(m, names, d, m->prev.data + s, m->ends[d] - s) &&
            add_pending(m, (uint32_t)d, id, f->end - f->start) != 0)
            return -1;
    }
    if (m->weight && next)
        forget_pending(m, names, keep + 1, next, next_len);
    return 0;
}

int fl_merge_add(fl_merge *m, fl_names *names, const char *stack, size_t len, double count,
                 double delta, int has_delta, size_t same)
{
    size_t n = len < m->prev.len ? len : m->prev.len;
    if (same > n)
        same = n;
    size_t l = n == 0 ? 0 : same + fl_common_prefix(stack + same, m->prev.data + same, n - same);
    size_t common = common_frames(m, stack, len, l);

    if (m->part && !m->has_first) {
        if (fl_buf_append(&m->first, stack, len) != 0)
            return -1;
        m->has_first = 1;
    }
    /* the new stack's first frame of its own, for weight order */
    const char *next = NULL;
    size_t next_len = 0;
    if (m->weight && len > 0) {
        size_t p = common == 0 ? 0 : m->ends[common] + 1;
        if (p <= len) {
            const char *semi = memchr(stack + p, ';', len - p);
            next = stack + p;
            next_len = semi ? (size_t)(semi - next) : len - p;
        }
    }
    if (end_frames(m, names, common, next, next_len) != 0)
        return -1;
    /* prev becomes this stack: only the bytes after the shared ones change. */
    m->prev.len = l;
    if (fl_buf_append(&m->prev, stack + l, len - l) != 0)
        return -1;
    if (len > 0) {
        size_t p = common == 0 ? 0 : m->ends[common] + 1;
        while (p <= len) {
            if (m->nopen > FL_MAX_DEPTH)
                return FL_MERGE_TOO_DEEP;   /* before memory runs out */
            const char *semi = memchr(stack + p, ';', len - p);
            size_t e = semi ? (size_t)(semi - stack) : len;
            if (push_frame(m, m->time, has_delta, e) != 0)
                return -1;
            p = e + 1;
        }
    }
    if (has_delta) {
        /* The delta belongs to the frame where this stack ends. */
        fl_frame *leaf = &m->frames[m->open[m->nopen - 1]];
        leaf->delta += delta;
        if (!isfinite(leaf->delta))
            return FL_MERGE_TOO_LARGE;
        leaf->has_delta = 1;
        leaf->got_delta = 1;
        m->any_delta = 1;
        double a = delta < 0 ? -delta : delta;
        if (a > m->maxdelta)
            m->maxdelta = a;
        m->frames[0].has_delta = 1;
    }
    m->time += count;
    return 0;
}

int fl_merge_finish(fl_merge *m, fl_names *names)
{
    if (end_frames(m, names, 0, NULL, 0) != 0)
        return -1;
    m->frames[0].end = m->time;
    m->nopen = 0;
    return 0;
}

/* b's name ids as ids of an (0, the root's, stays 0). */
static uint32_t *map_names(fl_names *an, const fl_names *bn)
{
    uint32_t *map = malloc((bn->count ? bn->count : 1) * sizeof *map);
    if (!map)
        return NULL;
    map[0] = 0;
    for (uint32_t id = 1; id < bn->count; id++) {
        map[id] = fl_names_intern(an, bn->list[id].str, bn->list[id].len);
        if (map[id] == UINT32_MAX) {
            free(map);
            return NULL;
        }
    }
    return map;
}

static uint32_t mapped_name(const uint32_t *names, uint32_t id)
{
    return id == FL_NAME_PENDING ? FL_NAME_PENDING : names[id];
}

int fl_merge_join(fl_merge *a, fl_names *an, const fl_merge *b, const fl_names *bn)
{
    if (!b->has_first)
        return 0;      /* b holds no stack */
    double t0 = a->time;
    /* The frames b's first stack shares with a's last one are the same
     * frames, as the neighbour rule merges them: b's frames 1..c (its first
     * stack's, never dropped) go on a's open frames 1..c; a's deeper open
     * frames end where b begins. */
    const char *s = b->first.data ? b->first.data : "";
    size_t len = b->first.len, n = len < a->prev.len ? len : a->prev.len;
    size_t l = n ? fl_common_prefix(s, a->prev.data, n) : 0;
    size_t c = common_frames(a, s, len, l);
    if (c >= b->nframes || a->nframes + b->nframes > FL_MAX_FRAMES ||
        end_frames(a, an, c, NULL, 0) != 0)
        return -1;
    uint32_t *names = map_names(an, bn);
    uint32_t *where = malloc(b->nframes * sizeof *where);   /* b's index -> a's */
    if (!names || !where) {
        free(names);
        free(where);
        return -1;
    }
    while (a->open_cap < b->nopen + 1)
        if (grow_open(a) != 0)
            goto fail;
    if (a->nframes + b->nframes - 1 - c > a->cap) {
        size_t cap = a->cap;
        while (cap < a->nframes + b->nframes - 1 - c)
            cap *= 2;
        fl_frame *f = realloc(a->frames, cap * sizeof *f);
        if (!f)
            goto fail;
        a->frames = f;
        a->cap = cap;
    }
    where[0] = 0;
    a->frames[0].delta += b->frames[0].delta;
    a->frames[0].has_delta |= b->frames[0].has_delta;
    a->frames[0].got_delta |= b->frames[0].got_delta;
    /* What end_frames() would keep at t0, where b begins. */
    double narrow = a->prune ? prune_width(a) : 0;
    for (size_t d = 1; d <= c; d++) {
        const fl_frame *bf = &b->frames[d];
        fl_frame *af = &a->frames[a->open[d]];
        where[d] = a->open[d];
        af->delta += bf->delta;
        af->has_delta |= bf->got_delta;
        af->got_delta |= bf->got_delta;
        af->lost |= bf->lost;
        if (d < b->nopen && b->open[d] == d)
            continue;
        /* It ended within b: so does the frame it goes on.  Ending at t0,
         * it ends as end_frames() ends frames there, before b's own. */
        af->end = t0 + bf->end;
        af->name = mapped_name(names, bf->name);
        if (bf->end == 0) {
            if (af->end == af->start && af->end - af->start < narrow)
                mark_lost(a, d, af->name, t0);
            else if (af->end > af->start && !(af->end - af->start < narrow))
                a->last_kept[d] = where[d];
        }
    }
    for (size_t i = c + 1; i < b->nframes; i++) {
        const fl_frame *bf = &b->frames[i];
        int open = bf->depth < b->nopen && b->open[bf->depth] == i;
        if (bf->start == 0 && bf->end == 0 && !open && 0 < narrow) {
            /* Zero-width at t0, kept in b in case it went on in a: the
             * one-pass merge drops it there, with its subtree (zero-width
             * too), each losing flamegraph.pl's frame of its name that
             * ended there before. */
            size_t j = i;
            do {
                mark_lost(a, b->frames[j].depth, mapped_name(names, b->frames[j].name), t0);
                j++;
            } while (j < b->nframes && b->frames[j].depth > bf->depth);
            i = j - 1;
            continue;
        }
        fl_frame *af = &a->frames[a->nframes];
        *af = *bf;
        af->start = t0 + bf->start;
        af->end = t0 + bf->end;
        af->name = mapped_name(names, bf->name);
        af->parent = where[bf->parent];
        where[i] = (uint32_t)a->nframes++;
    }
    /* From here on a goes on where b ended. */
    for (size_t d = 0; d < b->nopen; d++) {
        a->open[d] = where[b->open[d]];
        a->ends[d] = b->ends[d];
    }
    for (size_t d = 0; d < b->open_cap && d < a->open_cap; d++) {
        uint32_t k = b->last_kept[d];
        if (k < b->nframes && b->frames[k].depth == d && b->frames[k].end > b->frames[k].start)
            a->last_kept[d] = where[k];
    }
    a->nopen = b->nopen;
    a->prev.len = 0;
    if (fl_buf_append(&a->prev, b->prev.data ? b->prev.data : "", b->prev.len) != 0)
        goto fail;
    a->time = t0 + b->time;
    if (b->maxdelta > a->maxdelta)
        a->maxdelta = b->maxdelta;
    a->any_delta |= b->any_delta;
    a->dropped += b->dropped;
    free(names);
    free(where);
    return 0;
fail:
    free(names);
    free(where);
    return -1;
}
