/*
 * parts.c - a large regular file of folded stacks read in parts, one per
 * thread: each part is decoded, checked for order and merged on its own,
 * and the parts' frames are then joined in order (fl_merge_join), which
 * gives the frames of reading the file on one thread.  This pays for
 * sorted input, as profiles nearly always are: a part, or the meeting of
 * two, out of order makes the whole input be read again and sorted, as on
 * one thread.  What is drawn never depends on the number of threads: the
 * parts' sums are exact, since parts are only joined when every count and
 * delta is a whole number and every sum stays below 2^53 (a part's sums
 * would otherwise round differently from one running sum, and frames far
 * narrower than a unit of the total could vanish); else the file is read
 * on one thread after all.
 *
 * The file is read with pread(), not mapped: a file that shrinks under a
 * mapping kills the process with SIGBUS.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph.h"
#include "decode/detect.h"

#define PART_READ ((size_t)1 << 18)
/* Threads used when the option says "as many as there are cores". */
#define PARTS_MAX_DEFAULT 8

typedef struct part {
    const fl_config *cfg;
    int fd;
    off_t from, to;              /* the bytes of the file it reads */
    const char *source;
    fl_diag diag;
    fl_decoder decoder;
    fl_filter filter;            /* its own: what it knows of names is per thread */
    fl_order order;
    fl_merge merge;
    fl_names names;
    flame_status status;
    int out_of_order;
    int inexact;                 /* a count or sum that is not exact in a double */
    atomic_int *stop;            /* shared: every part stops when one cannot be joined */
    atomic_ullong done;          /* bytes read, for progress */
    pthread_t thread;
    int started;
} part;

/* Sums of whole numbers below this are exact in a double, in any order. */
#define EXACT_LIMIT 9007199254740992.0    /* 2^53 */

static int whole(double v)
{
    return v == floor(v) && fabs(v) < EXACT_LIMIT;
}

static flame_status part_record(void *ctx, const fl_record *rec, int stable)
{
    part *p = ctx;
    if (atomic_load_explicit(p->stop, memory_order_relaxed))
        return FL_STOP;
    if (!whole(rec->count) || (rec->has_delta && !whole(rec->delta)) ||
        !(p->merge.time + rec->count < EXACT_LIMIT)) {
        p->inexact = 1;
        atomic_store(p->stop, 1);
        return FL_STOP;
    }
    const fl_record *out = rec;
    if (p->filter.active) {
        flame_status st = fl_filter_apply(&p->filter, rec, &out);
        if (st != FLAME_OK || !out)
            return st;
        if (out != rec)
            stable = 0;
    }
    flame_status st = fl_order_add(&p->order, out, stable);
    if (st == FL_OUT_OF_ORDER) {
        p->out_of_order = 1;
        atomic_store(p->stop, 1);
        return FL_STOP;
    }
    return st;
}

/* Never called: a part remembers nothing, and stops at a stack out of order. */
static flame_status part_restart(void *ctx)
{
    FL_UNUSED(ctx);
    return FLAME_ERR_STATE;
}

static flame_status part_init(part *p, const flame_graph *g, int fd, off_t from, off_t to,
                              const char *source, atomic_int *stop)
{
    memset(p, 0, sizeof *p);
    p->stop = stop;
    p->cfg = &g->cfg;
    p->fd = fd;
    p->from = from;
    p->to = to;
    p->source = source;
    fl_decoder_init(&p->decoder, &g->cfg, &p->diag, part_record, part_restart, p);
    fl_decoder_begin(&p->decoder, source, -1, 0);
    p->decoder.format = FLAME_INPUT_FOLDED;
    fl_order_init(&p->order, &g->cfg, &p->diag, &p->merge, &p->names);
    p->order.part = 1;
    if (fl_names_init(&p->names) != 0 || fl_merge_init(&p->merge, g->simple ? NULL : &g->cfg) != 0)
        return FLAME_ERR_NOMEM;
    p->merge.part = 1;
    return g->filter.active ? fl_filter_init(&p->filter, &g->cfg, &p->diag) : FLAME_OK;
}

static void part_free(part *p)
{
    fl_decoder_free(&p->decoder);
    fl_filter_free(&p->filter);
    fl_order_free(&p->order);
    fl_merge_free(&p->merge);
    fl_names_free(&p->names);
    fl_diag_free(&p->diag);
}

/* Called after each piece a part reads (the first part reports progress). */
typedef void (*part_tick)(void *ctx);

static flame_status read_part(part *p, part_tick tick, void *ctx)
{
    char *buf = malloc(PART_READ);
    if (!buf)
        return FLAME_ERR_NOMEM;
    flame_status st = FLAME_OK;
    for (off_t at = p->from; at < p->to && st == FLAME_OK;) {
        size_t want = (size_t)(p->to - at) < PART_READ ? (size_t)(p->to - at) : PART_READ;
        ssize_t n = pread(p->fd, buf, want, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fl_error(&p->diag, "%s: %s", p->source, n < 0 ? strerror(errno)
                                                          : "the file shrank while being read");
            st = FLAME_ERR_IO;
            break;
        }
        st = fl_decoder_chunk(&p->decoder, buf, (size_t)n);
        at += n;
        atomic_store(&p->done, (unsigned long long)(at - p->from));
        if (tick)
            tick(ctx);
    }
    if (st == FLAME_OK)
        st = fl_decoder_end(&p->decoder);
    free(buf);
    return st;
}

static void *part_thread(void *arg)
{
    part *p = arg;
    p->status = read_part(p, NULL, NULL);
    return NULL;
}

typedef struct progress_of {
    const flame_graph *g;
    const part *parts;
    unsigned n;
    unsigned long long total;
} progress_of;

/* The bytes all parts have read so far, for the graph's progress callback. */
static void report(void *ctx)
{
    const progress_of *pr = ctx;
    unsigned long long done = 0;
    for (unsigned k = 0; k < pr->n; k++)
        done += atomic_load(&pr->parts[k].done);
    pr->g->progress(pr->g->progress_ctx, pr->parts[0].source, done, pr->total);
}

/* Where the first line starting at or after at begins (to: none). */
static off_t line_start(int fd, off_t at, off_t to)
{
    char buf[1 << 16];
    if (at == 0)
        return 0;
    at--;      /* a line starts at "at" when the byte before it is a newline */
    while (at < to) {
        ssize_t n = pread(fd, buf, sizeof buf, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return to;
        const char *nl = memchr(buf, '\n', (size_t)n);
        if (nl)
            return at + (nl - buf) + 1;
        at += n;
    }
    return to;
}

unsigned fl_graph_threads(const flame_graph *g)
{
    if (g->cfg.threads)
        return (unsigned)g->cfg.threads;
    long n = 0;
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        n = CPU_COUNT(&set);
#endif
    if (n <= 0)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    return n > PARTS_MAX_DEFAULT ? PARTS_MAX_DEFAULT : (unsigned)n;
}

/* The parts (of which there are n) can be joined: their sums are exact,
 * also added up after the graph's. */
static int parts_exact(const flame_graph *g, const part *parts, unsigned n)
{
    double total = g->merge.time;
    if (!whole(total))
        return 0;
    for (unsigned k = 0; k < n; k++) {
        if (parts[k].inexact)
            return 0;
        total += parts[k].merge.time;
    }
    return total < EXACT_LIMIT;
}

/* The stacks of the parts (of which there are n) meet in order: each part's
 * first stack sorts at or after the last one before it. */
static int parts_in_order(const flame_graph *g, const part *parts, unsigned n)
{
    const fl_buf *last = &g->order.prev_key;
    for (unsigned k = 0; k < n; k++) {
        const part *p = &parts[k];
        if (p->out_of_order)
            return 0;
        if (g->cfg.opt.flamechart)
            continue;
        if (!p->order.has_first)
            continue;
        if (last->len && fl_bytes_cmp(p->order.first_key.data, p->order.first_key.len, last->data,
                                      last->len) < 0)
            return 0;
        last = &p->order.prev_key;
    }
    return 1;
}

/* Join the parts' frames, in order, onto the graph's. */
static flame_status join_parts(flame_graph *g, part *parts, unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        part *p = &parts[k];
        g->decoder.ignored += p->decoder.ignored;
        if (!p->order.has_first)
            continue;
        if (fl_merge_join(&g->merge, &g->names, &p->merge, &p->names) != 0) {
            fl_error(&g->diag, "out of memory or too many frames while merging stacks");
            return FLAME_ERR_NOMEM;
        }
        fl_buf *prev = &g->order.prev_key;
        prev->len = 0;
        if (fl_buf_append(prev, p->order.prev_key.data, p->order.prev_key.len) != 0)
            return FLAME_ERR_NOMEM;
    }
    return FLAME_OK;
}

flame_status fl_graph_read_parts(flame_graph *g, int fd, off_t off, off_t size, const char *source,
                                 unsigned nparts)
{
    /* Only folded stacks split at line boundaries. */
    if (g->cfg.input_format != FLAME_INPUT_FOLDED) {
        char head[1 << 12];
        ssize_t n = pread(fd, head, sizeof head, off);
        if (n < 0 || fl_detect_format(head, (size_t)n, off + n >= size) != FLAME_INPUT_FOLDED)
            return FL_STOP;
    }
    part *parts = calloc(nparts, sizeof *parts);
    if (!parts)
        return FLAME_ERR_NOMEM;
    source = source ? source : "-";
    atomic_int stop;
    atomic_init(&stop, 0);
    flame_status st = FLAME_OK;
    off_t from = off;
    unsigned n = 0;
    for (unsigned k = 0; k < nparts && st == FLAME_OK; k++) {
        off_t to = k + 1 == nparts ? size : line_start(fd, off + (size - off) / nparts * (k + 1), size);
        if (to <= from)
            continue;
        st = part_init(&parts[n], g, fd, from, to, source, &stop);
        n++;
        from = to;
    }
    for (unsigned k = 1; k < n && st == FLAME_OK; k++) {
        if (pthread_create(&parts[k].thread, NULL, part_thread, &parts[k]) != 0) {
            fl_error(&g->diag, "cannot start a thread to read %s", source);
            st = FLAME_ERR_NOMEM;
            break;
        }
        parts[k].started = 1;
    }
    if (st == FLAME_OK && n > 0) {
        /* The first part on this thread, which reports progress for all. */
        progress_of pr = {g, parts, n, (unsigned long long)(size - off)};
        parts[0].status = read_part(&parts[0], g->progress ? report : NULL, &pr);
    }
    for (unsigned k = 1; k < n; k++)
        if (parts[k].started)
            pthread_join(parts[k].thread, NULL);
    /* The first failure, in file order, is the one reported. */
    for (unsigned k = 0; k < n && st == FLAME_OK; k++) {
        if (parts[k].status != FLAME_OK && parts[k].status != FL_STOP) {
            st = parts[k].status;
            memcpy(g->diag.err, parts[k].diag.err, sizeof g->diag.err);
        }
    }
    int plain = st == FLAME_OK && !parts_exact(g, parts, n);
    if (st == FLAME_OK && !plain) {
        /* As if read here: remembered for a second reading, which a stack
         * out of order needs now, or a later input may. */
        char last = '\n';
        if (pread(fd, &last, 1, size - 1) != 1)
            last = '\n';
        st = fl_decoder_remember_file(&g->decoder, fd, off, (size_t)(size - off), last != '\n',
                                      source);
        if (st == FLAME_OK)
            st = parts_in_order(g, parts, n) ? join_parts(g, parts, n)
                                              : fl_decoder_restart(&g->decoder);
    }
    for (unsigned k = 0; k < n; k++)
        part_free(&parts[k]);
    free(parts);
    if (plain)
        return FL_STOP;    /* nothing done: the caller reads it on one thread */
    if (st == FLAME_OK && g->progress)
        g->progress(g->progress_ctx, source, (unsigned long long)(size - off),
                    (unsigned long long)(size - off));
    (void)lseek(fd, size, SEEK_SET);   /* read to its end, as read() would leave it */
    return st;
}
