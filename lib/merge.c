/*
 * merge.c - turn stacks, in the order they are to be merged, into frames.
 *
 * flamegraph.pl's rule: each stack shares with the stack before it the
 * longest run of equal leading frames; those frames continue, the rest of
 * the previous stack's frames end, and the new stack's remaining frames
 * start.  A frame is therefore a maximal run of consecutive stacks with the
 * same frames up to it.  Frames are appended as they start, which gives the
 * depth-first, left-to-right order the renderers rely on.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Upper bound on frames, so that a hostile input fails cleanly. */
#define FL_MAX_FRAMES ((size_t)UINT32_MAX - 1)

int fl_merge_init(fl_merge *m)
{
    memset(m, 0, sizeof *m);
    m->maxdelta = 1;
    m->frames = malloc(64 * sizeof *m->frames);
    m->open = malloc(64 * sizeof *m->open);
    if (!m->frames || !m->open)
        return -1;
    m->cap = m->open_cap = 64;
    /* The root, named "" (id 0), is open from the start. */
    memset(&m->frames[0], 0, sizeof m->frames[0]);
    m->nframes = 1;
    m->open[0] = 0;
    m->nopen = 1;
    return 0;
}

void fl_merge_free(fl_merge *m)
{
    free(m->frames);
    free(m->open);
    fl_buf_free(&m->prev);
    memset(m, 0, sizeof *m);
}

/* Number of frames in a trimmed stack text: "" has none. */
static size_t count_frames(const char *s, size_t n)
{
    if (n == 0)
        return 0;
    size_t k = 1;
    const char *p = s, *end = s + n;
    while ((p = memchr(p, ';', (size_t)(end - p))) != NULL) {
        k++;
        p++;
    }
    return k;
}

/* How many leading frames two stack texts share, judged on their bytes. */
static size_t common_frames(const char *a, size_t na, const char *b, size_t nb)
{
    size_t n = na < nb ? na : nb;
    size_t l = 0;
    size_t k = 0;
    while (l < n && a[l] == b[l]) {
        if (a[l] == ';')
            k++;
        l++;
    }
    int end_a = l == na || a[l] == ';';
    int end_b = l == nb || b[l] == ';';
    if (end_a && end_b && na > 0 && nb > 0)
        k++;
    return k;
}

static int push_frame(fl_merge *m, uint32_t name, double time, int has_delta)
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
    if (m->nopen == m->open_cap) {
        size_t cap = m->open_cap * 2;
        uint32_t *o = realloc(m->open, cap * sizeof *o);
        if (!o)
            return -1;
        m->open = o;
        m->open_cap = cap;
    }
    fl_frame *f = &m->frames[m->nframes];
    f->start = time;
    f->end = time;
    f->delta = 0;
    f->name = name;
    f->depth = (uint32_t)m->nopen;
    f->parent = m->open[m->nopen - 1];
    f->has_delta = (uint16_t)has_delta;
    f->lost = 0;
    m->open[m->nopen++] = (uint32_t)m->nframes++;
    return 0;
}

int fl_merge_add(fl_merge *m, fl_names *names, const char *stack, size_t len, double count,
                 double delta, int has_delta)
{
    size_t common = common_frames(m->prev.data ? m->prev.data : "", m->prev.len, stack, len);
    size_t nframes = count_frames(stack, len);

    /* End the previous stack's frames below the shared ones. */
    while (m->nopen > common + 1) {
        m->nopen--;
        m->frames[m->open[m->nopen]].end = m->time;
    }
    /* Start this stack's remaining frames. */
    const char *p = stack, *end = stack + len;
    for (size_t i = 0; i < common; i++) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        p = semi ? semi + 1 : end;
    }
    for (size_t i = common; i < nframes; i++) {
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *fe = semi ? semi : end;
        uint32_t id = fl_names_intern(names, p, (size_t)(fe - p));
        if (id == UINT32_MAX || push_frame(m, id, m->time, has_delta) != 0)
            return -1;
        p = semi ? semi + 1 : end;
    }
    if (has_delta) {
        /* The delta belongs to the frame where this stack ends. */
        fl_frame *leaf = &m->frames[m->open[m->nopen - 1]];
        leaf->delta += delta;
        leaf->has_delta = 1;
        m->any_delta = 1;
        double a = delta < 0 ? -delta : delta;
        if (a > m->maxdelta)
            m->maxdelta = a;
        m->frames[0].has_delta = 1;
    }
    m->time += count;
    m->prev.len = 0;
    return fl_buf_append(&m->prev, stack, len);
}

void fl_merge_finish(fl_merge *m)
{
    while (m->nopen > 0) {
        m->nopen--;
        m->frames[m->open[m->nopen]].end = m->time;
    }
}
