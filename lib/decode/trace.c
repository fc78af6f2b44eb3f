/*
 * trace.c - a trace's timelines to folded stacks (trace.h; docs:
 * input-formats, "Trace Event format").
 *
 * Per thread: B and E paired in timestamp order (E closes the latest open
 * B; a B never closed ends at the thread's last timestamp); the intervals
 * ordered by start, then longest first, then file order; nested by
 * containment, a child that runs past its parent cut at the parent's end;
 * each interval's time less its children's is its stack's self time.
 * Times are integer nanoseconds throughout, written as microseconds.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "decode/json_stacks.h"
#include "decode/trace.h"

/* ---- sorting in place (no second copy of ten million records) ---------- */

#define SWAP(a, b) do { fl_trace_ev t_ = (a); (a) = (b); (b) = t_; } while (0)

/* Pairing order: time, then file order. */
static int by_time(const fl_trace_ev *a, const fl_trace_ev *b)
{
    if (a->ts != b->ts)
        return a->ts < b->ts;
    return a->seq < b->seq;
}

/* Nesting order: start, then the longer first (a parent before the child
 * that starts with it), then file order. */
static int by_start(const fl_trace_ev *a, const fl_trace_ev *b)
{
    if (a->ts != b->ts)
        return a->ts < b->ts;
    if (a->dur != b->dur)
        return a->dur > b->dur;
    return a->seq < b->seq;
}

typedef int (*less_fn)(const fl_trace_ev *, const fl_trace_ev *);

static void sift_down(fl_trace_ev *a, size_t root, size_t n, less_fn less)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && less(&a[child], &a[child + 1]))
            child++;
        if (!less(&a[root], &a[child]))
            return;
        SWAP(a[root], a[child]);
        root = child;
    }
}

static void heap_sort(fl_trace_ev *a, size_t n, less_fn less)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(a, i, n, less);
    for (size_t end = n; end-- > 1;) {
        SWAP(a[0], a[end]);
        sift_down(a, 0, end, less);
    }
}

static void insertion_sort(fl_trace_ev *a, size_t n, less_fn less)
{
    for (size_t i = 1; i < n; i++) {
        fl_trace_ev x = a[i];
        size_t j = i;
        while (j > 0 && less(&x, &a[j - 1])) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
}

/* Introsort: quicksort on the median of three, heapsort when it goes deep.
 * Keys are distinct (seq), so no order is left to chance. */
static void sort_events(fl_trace_ev *a, size_t n, less_fn less, int budget)
{
    while (n > 24) {
        if (budget-- == 0) {
            heap_sort(a, n, less);
            return;
        }
        size_t mid = n / 2;
        if (less(&a[mid], &a[0]))
            SWAP(a[mid], a[0]);
        if (less(&a[n - 1], &a[mid])) {
            SWAP(a[n - 1], a[mid]);
            if (less(&a[mid], &a[0]))
                SWAP(a[mid], a[0]);
        }
        fl_trace_ev pivot = a[mid];
        size_t i = 0, j = n - 1;
        for (;;) {
            while (less(&a[i], &pivot))
                i++;
            while (less(&pivot, &a[j]))
                j--;
            if (i >= j)
                break;
            SWAP(a[i], a[j]);
            i++;
            j--;
        }
        /* a[0..j] <= pivot <= a[j+1..n): recurse into the smaller side. */
        size_t left = j + 1;
        if (left < n - left) {
            sort_events(a, left, less, budget);
            a += left;
            n -= left;
        } else {
            sort_events(a + left, n - left, less, budget);
            n = left;
        }
    }
    insertion_sort(a, n, less);
}

static void sort_all(fl_trace_ev *a, size_t n, less_fn less)
{
    int budget = 2;
    for (size_t m = n; m > 1; m >>= 1)
        budget += 2;
    sort_events(a, n, less, budget);
}

/* ---- one thread's events -------------------------------------------------- */

typedef struct timeline {
    fl_trace_thread *thread;
    fl_trace_ev *iv;         /* its intervals */
    size_t n;
    uint32_t proc_frame;     /* its process's and thread's frames, when there */
    uint32_t thread_frame;   /* are several (name ids), else FL_INTERN_NONE */
    uint32_t root;           /* the stack node of those frames */
    int ready;               /* iv holds the intervals in nesting order */
} timeline;

/* The thread's events in one array, in file order (the blocks freed). */
static fl_trace_ev *gather(fl_trace_thread *t)
{
    fl_trace_ev *a = malloc((size_t)t->nev * sizeof *a);
    if (!a)
        return NULL;
    size_t k = 0;
    for (fl_trace_block *b = t->head; b;) {
        fl_trace_block *next = b->next;
        memcpy(a + k, b->ev, (size_t)b->n * sizeof *a);
        for (uint32_t i = 0; i < b->n; i++, k++)
            a[k].seq = (uint32_t)k;
        fl_trace_block_free(b);
        b = next;
    }
    t->head = t->tail = NULL;
    return a;
}

/*
 * B and E to intervals: E closes the latest open B, whatever its name; an
 * E with nothing open is dropped; a B never closed ends at the thread's
 * last timestamp.  @return the intervals left in a[0..), or (size_t)-1
 * out of memory.
 */
static size_t pair(fl_trace_ev *a, size_t n)
{
    sort_all(a, n, by_time);
    int64_t last = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        int64_t end = FL_EV_KIND(a[i].name) ? a[i].ts : a[i].ts + a[i].dur;
        if (end > last)
            last = end;
    }
    size_t *open = NULL, nopen = 0, cap = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t kind = FL_EV_KIND(a[i].name);
        if (kind == FL_EV_B) {
            if (nopen == cap) {
                cap = cap ? cap * 2 : 64;
                size_t *o = realloc(open, cap * sizeof *o);
                if (!o) {
                    free(open);
                    return (size_t)-1;
                }
                open = o;
            }
            a[i].dur = -1;
            open[nopen++] = i;
        } else if (kind == FL_EV_E && nopen) {
            fl_trace_ev *b = &a[open[--nopen]];
            if (__builtin_sub_overflow(a[i].ts, b->ts, &b->dur))
                b->dur = -1;
        }
    }
    for (size_t k = 0; k < nopen; k++) {
        fl_trace_ev *b = &a[open[k]];
        if (__builtin_sub_overflow(last, b->ts, &b->dur))
            b->dur = -1;
    }
    free(open);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t kind = FL_EV_KIND(a[i].name);
        if (kind == FL_EV_E || (kind == FL_EV_B && a[i].dur < 0))
            continue;
        a[m] = a[i];
        a[m].name = FL_EV_NAME(a[i].name);
        m++;
    }
    return m;
}

/* ---- the walk ------------------------------------------------------------- */

typedef struct open_iv {
    int64_t end;
    uint32_t node;
    size_t path_len;         /* --flamechart: the line before its name */
} open_iv;

typedef struct walker {
    fl_trace_part *part;
    fl_diag *diag;
    fl_line_fn emit;
    void *ctx;
    int chart;
    fl_stacks stacks;
    int64_t *self;           /* by node */
    size_t self_cap;
    /* frame names, by string id, as lines can hold them */
    const char **text;
    size_t *text_len;
    fl_arena text_arena;
    fl_buf tmp;
    /* the stack while walking */
    open_iv *open;
    size_t nopen, open_cap;
    /* --flamechart: the path of the top, and the stretch not yet written */
    fl_buf path;
    fl_buf pending;          /* its line, without the count */
    uint32_t pending_node;
    int64_t pending_ns;
    int has_pending;
    uint64_t line_bytes;     /* of the lines handed on */
} walker;

static const char *display(void *ctx, uint32_t name, size_t *len)
{
    walker *w = ctx;
    *len = w->text_len[name];
    return w->text[name];
}

static int names_for_lines(walker *w)
{
    const fl_intern *s = &w->part->strings;
    w->text = malloc((size_t)s->n * sizeof *w->text);
    w->text_len = malloc((size_t)s->n * sizeof *w->text_len);
    if (!w->text || !w->text_len)
        return -1;
    for (uint32_t i = 0; i < s->n; i++) {
        const fl_intern_str *e = fl_intern_get(s, i);
        size_t len;
        const char *t = fl_frame_text(e->s, e->len, &w->tmp, &len);
        if (!t)
            return -1;
        if (t != e->s && !(t = fl_arena_strdup(&w->text_arena, t, len)))
            return -1;
        w->text[i] = t;
        w->text_len[i] = len;
    }
    return 0;
}

static uint32_t child(walker *w, uint32_t parent, uint32_t name)
{
    uint32_t node = fl_stacks_child(&w->stacks, parent, name);
    if (node == FL_STACKS_FAIL)
        return node;
    if (w->stacks.n > w->self_cap) {
        size_t cap = w->self_cap ? w->self_cap * 2 : 4096;
        while (cap < w->stacks.n)
            cap *= 2;
        int64_t *self = realloc(w->self, cap * sizeof *self);
        if (!self)
            return FL_STACKS_FAIL;
        memset(self + w->self_cap, 0, (cap - w->self_cap) * sizeof *self);
        w->self = self;
        w->self_cap = cap;
    }
    return node;
}

static flame_status too_long(walker *w)
{
    fl_error(w->diag, "trace: the times of one stack add up to more than 2^63 ns");
    return FLAME_ERR_LIMIT;
}

static flame_status flush(walker *w)
{
    if (!w->has_pending)
        return FLAME_OK;
    w->has_pending = 0;
    w->line_bytes += w->pending.len + 32;
    if (w->line_bytes > FL_STACKS_TEXT_MAX) {
        fl_error(w->diag, "%s", FL_STACKS_TEXT_MESSAGE);
        return FLAME_ERR_LIMIT;
    }
    if (fl_buf_putc(&w->pending, ' ') != 0 ||
        fl_fmt_scaled(&w->pending, (uint64_t)w->pending_ns, 3) != 0)
        return FLAME_ERR_NOMEM;
    return w->emit(w->ctx, w->pending.data, w->pending.len);
}

/* --flamechart: the top of the stack ran from..to. */
static flame_status stretch(walker *w, uint32_t node, int64_t from, int64_t to)
{
    if (to <= from)
        return FLAME_OK;
    int64_t ns = to - from;
    if (w->has_pending && w->pending_node == node)
        return __builtin_add_overflow(w->pending_ns, ns, &w->pending_ns) ? too_long(w) : FLAME_OK;
    flame_status st = flush(w);
    if (st != FLAME_OK)
        return st;
    w->pending.len = 0;
    if (fl_buf_append(&w->pending, w->path.data, w->path.len) != 0)
        return FLAME_ERR_NOMEM;
    w->pending_node = node;
    w->pending_ns = ns;
    w->has_pending = 1;
    return FLAME_OK;
}

static int push_path(walker *w, uint32_t name)
{
    if (w->path.len && fl_buf_putc(&w->path, ';') != 0)
        return -1;
    return fl_buf_append(&w->path, w->text[name], w->text_len[name]);
}

static flame_status walk(walker *w, const timeline *tl, size_t prefix_len)
{
    w->nopen = 0;
    w->path.len = prefix_len;
    int64_t t = tl->n ? tl->iv[0].ts : 0;
    flame_status st = FLAME_OK;
    for (size_t i = 0; i < tl->n && st == FLAME_OK; i++) {
        const fl_trace_ev *e = &tl->iv[i];
        int64_t start = e->ts, end = e->ts + e->dur;
        while (w->nopen && w->open[w->nopen - 1].end <= start) {
            open_iv *top = &w->open[--w->nopen];
            if (w->chart && (st = stretch(w, top->node, t, top->end)) != FLAME_OK)
                return st;
            if (top->end > t)
                t = top->end;
            w->path.len = top->path_len;
        }
        open_iv *top = w->nopen ? &w->open[w->nopen - 1] : NULL;
        if (w->chart) {
            if (top)
                st = stretch(w, top->node, t, start);
            else if (start > t)
                st = flush(w);      /* idle time ends a stretch */
            if (st != FLAME_OK)
                return st;
        }
        t = start;
        if (top && end > top->end)
            end = top->end;         /* cut at the parent's end */
        uint32_t node = child(w, top ? top->node : tl->root, e->name);
        if (node == FL_STACKS_FAIL)
            return FLAME_ERR_NOMEM;
        top = w->nopen ? &w->open[w->nopen - 1] : NULL;
        int64_t ns = end - start;
        if (!w->chart) {
            if (__builtin_add_overflow(w->self[node], ns, &w->self[node]))
                return too_long(w);
            if (top)
                w->self[top->node] -= ns;
        }
        if (w->nopen == w->open_cap) {
            size_t cap = w->open_cap ? w->open_cap * 2 : 256;
            open_iv *o = realloc(w->open, cap * sizeof *o);
            if (!o)
                return FLAME_ERR_NOMEM;
            w->open = o;
            w->open_cap = cap;
        }
        open_iv *o = &w->open[w->nopen++];
        o->end = end;
        o->node = node;
        o->path_len = w->path.len;
        if (w->chart && push_path(w, e->name) != 0)
            return FLAME_ERR_NOMEM;
    }
    while (w->chart && w->nopen) {
        open_iv *top = &w->open[--w->nopen];
        if ((st = stretch(w, top->node, t, top->end)) != FLAME_OK)
            return st;
        if (top->end > t)
            t = top->end;
        w->path.len = top->path_len;
    }
    return w->chart ? flush(w) : FLAME_OK;
}

static int self_line(void *ctx, uint32_t node, fl_buf *line)
{
    walker *w = ctx;
    if (node >= w->self_cap || w->self[node] <= 0)
        return 0;
    if (fl_buf_putc(line, ' ') != 0 || fl_fmt_scaled(line, (uint64_t)w->self[node], 3) != 0)
        return -1;
    return 1;
}

/* ---- thread and process frames ---------------------------------------- */

static int by_first(const void *a, const void *b)
{
    const timeline *x = a, *y = b;
    return (x->thread->first > y->thread->first) - (x->thread->first < y->thread->first);
}

static int by_id(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* "tid 12", "pid 7": a frame for an id without a name. */
static int id_frame(fl_trace_part *p, const char *what, uint32_t id, uint32_t *out)
{
    fl_buf b = {0};
    const fl_intern_str *s = id == FL_INTERN_NONE ? NULL : fl_intern_get(&p->strings, id);
    int rc = fl_buf_puts(&b, what) | fl_buf_putc(&b, ' ') |
             (s ? fl_buf_append(&b, s->s, s->len) : fl_buf_putc(&b, '?'));
    if (rc == 0)
        rc = fl_intern_add(&p->strings, b.data, b.len, out);
    fl_buf_free(&b);
    return rc;
}

/* Each timeline's root: its process's and thread's frames when there is
 * more than one of them.  @return 0, or -1 out of memory. */
static int frame_ids(fl_trace_part *p, timeline *tl, size_t ntl)
{
    uint32_t *pids = malloc((ntl ? ntl : 1) * sizeof *pids);
    if (!pids)
        return -1;
    for (size_t i = 0; i < ntl; i++)
        pids[i] = tl[i].thread->pid;
    qsort(pids, ntl, sizeof *pids, by_id);
    int nproc = ntl ? 1 : 0;
    for (size_t i = 1; i < ntl && nproc < 2; i++)
        nproc += pids[i] != pids[i - 1];
    free(pids);
    for (size_t i = 0; i < ntl; i++) {
        fl_trace_thread *t = tl[i].thread;
        uint32_t *thr = &tl[i].thread_frame, *proc = &tl[i].proc_frame;
        *thr = *proc = FL_INTERN_NONE;
        if (ntl > 1) {
            if (t->name != FL_INTERN_NONE)
                *thr = t->name;
            else if (id_frame(p, "tid", t->tid, thr) != 0)
                return -1;
        }
        if (nproc > 1) {
            fl_trace_thread *pr = fl_trace_thread_find(p, t->pid, FL_TRACE_PROCESS);
            if (pr && pr->name != FL_INTERN_NONE)
                *proc = pr->name;
            else if (id_frame(p, "pid", t->pid, proc) != 0)
                return -1;
        }
    }
    return 0;
}

/* ---- sorting on two threads ------------------------------------------------ */

/* Timelines are put in order independently: a second thread takes half of
 * them when there is enough to do. */
#define FL_SORT_THREADED 1000000u

typedef struct sorting {
    timeline *tl;
    size_t ntl, next;
    pthread_mutex_t lock;
    int failed;
} sorting;

static void *sort_some(void *arg)
{
    sorting *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        size_t i = s->next++;
        pthread_mutex_unlock(&s->lock);
        if (i >= s->ntl)
            return NULL;
        timeline *l = &s->tl[i];
        if (!l->iv && !(l->iv = gather(l->thread))) {
            pthread_mutex_lock(&s->lock);
            s->failed = 1;
            pthread_mutex_unlock(&s->lock);
            continue;
        }
        sort_all(l->iv, l->n, by_start);
        l->ready = 1;
    }
}

/* Sort every timeline now, on two threads, when it is worth it; what is
 * left (no thread, out of memory) is sorted when its turn comes. */
static void sort_ahead(timeline *tl, size_t ntl)
{
    uint64_t events = 0;
    for (size_t i = 0; i < ntl; i++)
        events += tl[i].n;
    if (ntl < 2 || events < FL_SORT_THREADED)
        return;
    sorting s = {tl, ntl, 0, PTHREAD_MUTEX_INITIALIZER, 0};
    pthread_t helper;
    int threaded = pthread_create(&helper, NULL, sort_some, &s) == 0;
    sort_some(&s);
    if (threaded)
        pthread_join(helper, NULL);
    pthread_mutex_destroy(&s.lock);
}

/* ---- all of it ---------------------------------------------------------- */

flame_status fl_trace_emit(fl_trace_part *p, const fl_config *cfg, fl_diag *diag,
                           fl_line_fn emit, void *ctx)
{
    walker w;
    memset(&w, 0, sizeof w);
    w.part = p;
    w.diag = diag;
    w.emit = emit;
    w.ctx = ctx;
    w.chart = cfg->opt.flamechart;
    timeline *tl = calloc(p->nthreads ? p->nthreads : 1, sizeof *tl);
    size_t ntl = 0;
    flame_status st = FLAME_ERR_NOMEM;
    if (!tl || fl_stacks_init(&w.stacks) != 0)
        goto out;
    /* Each thread's intervals; a thread without any is no thread here. */
    for (uint32_t i = 0; i < p->nthreads; i++) {
        fl_trace_thread *t = &p->threads[i];
        if (t->tid == FL_TRACE_PROCESS || !t->nev)
            continue;
        if (t->nev > UINT32_MAX) {
            fl_error(diag, "trace: more than 2^32 events in one thread");
            st = FLAME_ERR_LIMIT;
            goto out;
        }
        timeline *l = &tl[ntl];
        l->thread = t;
        l->n = (size_t)t->nev;
        l->iv = NULL;
        if (t->nbe) {
            /* Paired now: a thread of only stray E events is no thread. */
            if (!(l->iv = gather(t)))
                goto out;
            ntl++;
            if ((l->n = pair(l->iv, l->n)) == (size_t)-1) {
                l->n = 0;
                goto out;
            }
            if (!l->n) {
                free(l->iv);
                ntl--;
            }
        } else {
            ntl++;   /* read into one array when its turn comes */
        }
    }
    if (frame_ids(p, tl, ntl) != 0 || names_for_lines(&w) != 0)
        goto out;
    for (size_t i = 0; i < ntl; i++) {
        timeline *l = &tl[i];
        l->root = FL_STACKS_ROOT;
        if (l->proc_frame != FL_INTERN_NONE)
            l->root = child(&w, l->root, l->proc_frame);
        if (l->thread_frame != FL_INTERN_NONE && l->root != FL_STACKS_FAIL)
            l->root = child(&w, l->root, l->thread_frame);
        if (l->root == FL_STACKS_FAIL)
            goto out;
    }
    /* A flame chart is the timeline: threads one after another, in the
     * order they first appear. */
    if (w.chart)
        qsort(tl, ntl, sizeof *tl, by_first);
    sort_ahead(tl, ntl);
    for (size_t i = 0; i < ntl; i++) {
        timeline *l = &tl[i];
        if (!l->iv && !(l->iv = gather(l->thread))) {
            st = FLAME_ERR_NOMEM;
            goto out;
        }
        if (!l->ready)
            sort_all(l->iv, l->n, by_start);
        w.path.len = 0;
        int proc = l->proc_frame != FL_INTERN_NONE, thr = l->thread_frame != FL_INTERN_NONE;
        if (w.chart && ((proc && push_path(&w, l->proc_frame) != 0) ||
                        (thr && push_path(&w, l->thread_frame) != 0))) {
            st = FLAME_ERR_NOMEM;
            goto out;
        }
        st = walk(&w, l, w.path.len);
        free(l->iv);
        l->iv = NULL;
        if (st != FLAME_OK)
            goto out;
    }
    if (!w.chart)
        st = fl_stacks_emit(&w.stacks, display, &w, self_line, &w, emit, ctx, diag);
    else
        st = FLAME_OK;
out:
    if (tl)
        for (size_t i = 0; i < ntl; i++)
            free(tl[i].iv);
    free(tl);
    fl_stacks_free(&w.stacks);
    free(w.self);
    free(w.text);
    free(w.text_len);
    fl_arena_free(&w.text_arena);
    fl_buf_free(&w.tmp);
    free(w.open);
    fl_buf_free(&w.path);
    fl_buf_free(&w.pending);
    return st;
}
