/*
 * trace_events.c - Trace Event JSON events into compact records (trace.h):
 * per event 24 bytes in its thread's list, names and ids interned.
 *
 * Used: "X" (complete: ts, dur), "B" and "E", and "M" thread_name and
 * process_name (args.name).  Every other phase is ignored, and so is an X
 * without a usable dur or a B, E or X without a usable ts (M events need
 * none).  pid and tid are compared as text: 1 and "1" are the same thread.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "decode/trace.h"

/* ---- parts ------------------------------------------------------------ */

int fl_trace_part_init(fl_trace_part *p)
{
    memset(p, 0, sizeof *p);
    fl_intern_init(&p->strings);
    uint32_t empty;
    if (fl_intern_add(&p->strings, "", 0, &empty) != 0 ||
        fl_intern_add(&p->strings, "thread_name", 11, &p->id_thread_name) != 0 ||
        fl_intern_add(&p->strings, "process_name", 12, &p->id_process_name) != 0) {
        fl_intern_free(&p->strings);
        return -1;
    }
    return 0;
}

#define FL_BLOCK_MIN 16u
#define FL_BLOCK_MAX 65536u
#define FL_BLOCK_MAPPED (FL_BLOCK_MAX / 4)

static size_t block_bytes(uint32_t cap)
{
    return sizeof(fl_trace_block) + (size_t)cap * sizeof(fl_trace_ev);
}

fl_trace_block *fl_trace_block_new(uint32_t cap)
{
    fl_trace_block *b;
    if (cap >= FL_BLOCK_MAPPED) {
        void *p = mmap(NULL, block_bytes(cap), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                       -1, 0);
        b = p == MAP_FAILED ? NULL : p;
    } else {
        b = malloc(block_bytes(cap));
    }
    if (b) {
        b->next = NULL;
        b->n = 0;
        b->cap = cap;
    }
    return b;
}

void fl_trace_block_free(fl_trace_block *b)
{
    if (b && b->cap >= FL_BLOCK_MAPPED)
        munmap(b, block_bytes(b->cap));
    else
        free(b);
}

static void free_blocks(fl_trace_block *b)
{
    while (b) {
        fl_trace_block *next = b->next;
        fl_trace_block_free(b);
        b = next;
    }
}

void fl_trace_part_free(fl_trace_part *p)
{
    for (uint32_t i = 0; i < p->nthreads; i++)
        free_blocks(p->threads[i].head);
    free(p->threads);
    free(p->slots);
    fl_intern_free(&p->strings);
    memset(p, 0, sizeof *p);
}

static uint64_t thread_hash(uint32_t pid, uint32_t tid)
{
    return fl_hash_mix(((uint64_t)pid << 32 | tid) * 0xff51afd7ed558ccdULL);
}

static int grow_threads(fl_trace_part *p)
{
    size_t n = p->nslots ? p->nslots * 2 : 64;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t t = 0; t < p->nthreads; t++) {
        size_t i = (size_t)thread_hash(p->threads[t].pid, p->threads[t].tid) & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = t + 1;
    }
    free(p->slots);
    p->slots = slots;
    p->nslots = n;
    return 0;
}

static fl_trace_thread *find(fl_trace_part *p, uint32_t pid, uint32_t tid, size_t *slot)
{
    size_t mask = p->nslots - 1, i = (size_t)thread_hash(pid, tid) & mask;
    for (;;) {
        uint32_t v = p->slots[i];
        if (!v)
            break;
        fl_trace_thread *t = &p->threads[v - 1];
        if (t->pid == pid && t->tid == tid)
            return t;
        i = (i + 1) & mask;
    }
    *slot = i;
    return NULL;
}

fl_trace_thread *fl_trace_thread_find(fl_trace_part *p, uint32_t pid, uint32_t tid)
{
    size_t slot;
    return p->nslots ? find(p, pid, tid, &slot) : NULL;
}

/* The thread (pid, tid), added if new.  @return NULL out of memory. */
static fl_trace_thread *thread_of(fl_trace_part *p, uint32_t pid, uint32_t tid)
{
    if (!p->nslots && grow_threads(p) != 0)
        return NULL;
    size_t i;
    fl_trace_thread *found = find(p, pid, tid, &i);
    if (found)
        return found;
    if (p->nthreads == p->cap) {
        if (p->cap >= UINT32_MAX / 4)
            return NULL;
        uint32_t cap = p->cap ? p->cap * 2 : 16;
        fl_trace_thread *threads = realloc(p->threads, (size_t)cap * sizeof *threads);
        if (!threads)
            return NULL;
        p->threads = threads;
        p->cap = cap;
    }
    fl_trace_thread *t = &p->threads[p->nthreads];
    memset(t, 0, sizeof *t);
    t->pid = pid;
    t->tid = tid;
    t->name = FL_INTERN_NONE;
    t->first = UINT64_MAX;
    p->slots[i] = ++p->nthreads;
    if ((size_t)p->nthreads * 2 > p->nslots && grow_threads(p) != 0)
        return NULL;
    return t;
}

/* Room in t's last block for more events.  @return it, NULL out of memory. */
static fl_trace_block *room(fl_trace_thread *t)
{
    fl_trace_block *b = t->tail;
    if (b && b->n < b->cap)
        return b;
    /* Small for the threads of a few events, large for the busy ones. */
    uint32_t cap = b ? (b->cap < FL_BLOCK_MAX ? b->cap * 2 : FL_BLOCK_MAX) : FL_BLOCK_MIN;
    fl_trace_block *nb = fl_trace_block_new(cap);
    if (!nb)
        return NULL;
    if (b)
        b->next = nb;
    else
        t->head = nb;
    t->tail = nb;
    return nb;
}

static int append(fl_trace_part *p, fl_trace_thread *t, const fl_trace_ev *ev)
{
    fl_trace_block *b = room(t);
    if (!b)
        return -1;
    b->ev[b->n++] = *ev;
    if (t->first == UINT64_MAX)
        t->first = p->nevents;
    t->nev++;
    if (FL_EV_KIND(ev->name))
        t->nbe++;
    p->nevents++;
    return 0;
}

/* Copy n events to t, their names mapped.  Copied rather than linked: the
 * blocks of a part are small ones, and copies fill t's large (mapped)
 * blocks, whose memory goes back to the system when they are freed. */
static int copy_events(fl_trace_thread *t, const fl_trace_ev *ev, uint32_t n, const uint32_t *map)
{
    while (n) {
        fl_trace_block *b = room(t);
        if (!b)
            return -1;
        uint32_t k = b->cap - b->n < n ? b->cap - b->n : n;
        fl_trace_ev *to = b->ev + b->n;
        for (uint32_t i = 0; i < k; i++) {
            to[i] = ev[i];
            to[i].name = FL_EV_KIND(ev[i].name) | map[FL_EV_NAME(ev[i].name)];
        }
        b->n += k;
        ev += k;
        n -= k;
    }
    return 0;
}

int fl_trace_part_merge(fl_trace_part *into, fl_trace_part *from, fl_trace_reader *reader)
{
    uint32_t *map = malloc(((size_t)from->strings.n + 1) * sizeof *map);
    if (!map)
        return -1;
    for (uint32_t i = 0; i < from->strings.n; i++) {
        const fl_intern_str *s = fl_intern_get(&from->strings, i);
        if (fl_intern_add(&into->strings, s->s, s->len, &map[i]) != 0) {
            free(map);
            return -1;
        }
    }
#define MAP(id) ((id) == FL_INTERN_NONE ? FL_INTERN_NONE : map[id])
    for (uint32_t i = 0; i < from->nthreads; i++) {
        fl_trace_thread *f = &from->threads[i];
        uint32_t tid = f->tid == FL_TRACE_PROCESS ? FL_TRACE_PROCESS : MAP(f->tid);
        fl_trace_thread *t = thread_of(into, MAP(f->pid), tid);
        if (!t) {
            free(map);
            return -1;
        }
        if (f->name != FL_INTERN_NONE)
            t->name = map[f->name];     /* the later name wins, as in one part */
        if (f->first != UINT64_MAX && t->first == UINT64_MAX)
            t->first = into->nevents + f->first;
        for (fl_trace_block *b = f->head; b; b = b->next)
            if (copy_events(t, b->ev, b->n, map) != 0) {
                free(map);
                return -1;
            }
        t->nev += f->nev;
        t->nbe += f->nbe;
    }
    if (reader) {
        reader->name = MAP(reader->name);
        reader->pid = MAP(reader->pid);
        reader->tid = MAP(reader->tid);
        reader->args_name = MAP(reader->args_name);
        reader->part = into;
    }
#undef MAP
    into->nevents += from->nevents;
    free(map);
    fl_trace_part_free(from);
    return 0;
}

/* ---- numbers ---------------------------------------------------------------- */

static int digit_at(const char *ip, size_t ni, const char *fp, size_t nf, size_t k)
{
    return k < ni ? ip[k] - '0' : k - ni < nf ? fp[k - ni] - '0' : 0;
}

/* The usual "1234567.891": at most 15 digits before the point, no
 * exponent.  @return 0, or -1 when the general way must decide. */
static int ns_quick(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    int neg = s[0] == '-';
    i += (size_t)neg;
    uint64_t v = 0;
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        v = v * 10 + (uint64_t)(s[i++] - '0');
    if (i == start || i - start > 15)
        return -1;
    unsigned k = 0;
    if (i < n && s[i] == '.') {
        for (i++; i < n && k < 3 && s[i] >= '0' && s[i] <= '9'; i++, k++)
            v = v * 10 + (uint64_t)(s[i] - '0');
        /* Half away from zero: only the first digit dropped decides. */
        if (i < n && s[i] >= '5' && s[i] <= '9')
            v++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    if (i != n)
        return -1;
    for (; k < 3; k++)
        v *= 10;
    *out = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

int fl_trace_ns(const char *s, size_t n, int64_t *out)
{
    if (n && ns_quick(s, n, out) == 0)
        return 0;
    size_t i = 0;
    int neg = i < n && s[i] == '-';
    if (neg)
        i++;
    const char *ip = s + i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    size_t ni = (size_t)(s + i - ip);
    const char *fp = s + i;
    size_t nf = 0;
    if (i < n && s[i] == '.') {
        fp = s + ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        nf = (size_t)(s + i - fp);
    }
    long long exp = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = i < n && s[i] == '-';
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            if (exp < 1000000)
                exp = exp * 10 + (s[i] - '0');
        if (eneg)
            exp = -exp;
    }
    if (i != n || ni + nf == 0)
        return -1;
    /* The digits as one string d[0..ni+nf); the point of the value in
     * nanoseconds falls after digit `point` (microseconds: 3 further). */
    size_t total = ni + nf, lead = 0;
    while (lead < total && digit_at(ip, ni, fp, nf, lead) == 0)
        lead++;
    if (lead == total) {
        *out = 0;
        return 0;
    }
    long long point = (long long)ni + exp + 3 - (long long)lead;
    if (point > 19)
        return -1;
    uint64_t v = 0;
    for (long long k = 0; k < point; k++) {
        int d = digit_at(ip, ni, fp, nf, lead + (size_t)k);
        if (v > (UINT64_MAX - (uint64_t)d) / 10)
            return -1;
        v = v * 10 + (uint64_t)d;
    }
    /* Half away from zero: only the first digit dropped decides. */
    if (point >= 0 && digit_at(ip, ni, fp, nf, lead + (size_t)point) >= 5)
        v++;
    if (v > (uint64_t)INT64_MAX)
        return -1;
    *out = neg ? -(int64_t)v : (int64_t)v;
    return 0;
}

/* ---- the events array ------------------------------------------------------ */

enum { K_OTHER, K_PH, K_NAME, K_TS, K_DUR, K_PID, K_TID, K_ARGS };

static int key_of(const char *s, size_t n)
{
    switch (n) {
    case 2:
        if (s[0] == 'p' && s[1] == 'h')
            return K_PH;
        if (s[0] == 't' && s[1] == 's')
            return K_TS;
        break;
    case 3:
        if (memcmp(s, "dur", 3) == 0)
            return K_DUR;
        if (memcmp(s, "pid", 3) == 0)
            return K_PID;
        if (memcmp(s, "tid", 3) == 0)
            return K_TID;
        break;
    case 4:
        if (memcmp(s, "name", 4) == 0)
            return K_NAME;
        if (memcmp(s, "args", 4) == 0)
            return K_ARGS;
        break;
    }
    return K_OTHER;
}

void fl_trace_reader_init(fl_trace_reader *r, fl_trace_part *part, const fl_json *json)
{
    memset(r, 0, sizeof *r);
    r->part = part;
    r->json = json;
    r->status = FLAME_OK;
}

static int nomem(fl_trace_reader *r)
{
    r->status = FLAME_ERR_NOMEM;
    return 0;
}

static int intern(fl_trace_reader *r, const char *s, size_t n, uint32_t *id)
{
    return fl_intern_add(&r->part->strings, s, n, id) == 0 ? 1 : nomem(r);
}

/* A pid or tid: the same text as last time, most often. */
static int id_text(fl_trace_reader *r, fl_trace_idcache *c, const char *s, size_t n, uint32_t *id)
{
    if (c->part == r->part && c->len == n) {
        size_t i = 0;
        while (i < n && c->text[i] == s[i])
            i++;
        if (i == n) {
            *id = c->id;
            return 1;
        }
    }
    if (!intern(r, s, n, id))
        return 0;
    if (n <= sizeof c->text) {
        memcpy(c->text, s, n);
        c->len = n;
        c->id = *id;
        c->part = r->part;
    }
    return 1;
}

static void begin_event(fl_trace_reader *r)
{
    r->in_event = 1;
    r->in_args = 0;
    r->key = K_OTHER;
    r->phase = 0;
    r->ts_state = r->dur_state = 0;
    r->name = r->pid = r->tid = r->args_name = FL_INTERN_NONE;
}

static int end_event(fl_trace_reader *r)
{
    fl_trace_part *p = r->part;
    r->in_event = 0;
    fl_trace_ev ev;
    ev.ts = r->ts;
    ev.dur = 0;
    ev.seq = 0;
    ev.name = r->name == FL_INTERN_NONE ? 0 : r->name;   /* 0: "" */
    switch (r->phase) {
    case 'X':
        if (r->ts_state != 1 || r->dur_state != 1 || r->dur < 0 || r->ts > INT64_MAX - r->dur)
            return 1;
        ev.dur = r->dur;
        break;
    case 'B':
        ev.name |= FL_EV_B;
        break;
    case 'E':
        ev.name = FL_EV_E;
        break;
    case 'M':
        if (r->args_name != FL_INTERN_NONE &&
            (r->name == p->id_thread_name || r->name == p->id_process_name)) {
            uint32_t tid = r->name == p->id_thread_name ? r->tid : FL_TRACE_PROCESS;
            fl_trace_thread *t = thread_of(p, r->pid, tid);
            if (!t)
                return nomem(r);
            t->name = r->args_name;
        }
        return 1;
    default:
        return 1;
    }
    if (r->ts_state != 1)
        return 1;
    fl_trace_thread *t = thread_of(p, r->pid, r->tid);
    if (!t || append(p, t, &ev) != 0)
        return nomem(r);
    return 1;
}

static int ev_open(void *ctx, size_t depth, int array)
{
    fl_trace_reader *r = ctx;
    r->tokens++;
    if (depth == 1) {
        if (!array)
            begin_event(r);
    } else if (depth == 2 && r->in_event) {
        /* An object or array where a value was wanted: not usable. */
        switch (r->key) {
        case K_ARGS: r->in_args = !array; r->args_key = 0; break;
        case K_PH: r->phase = 0; break;
        case K_TS: r->ts_state = -1; break;
        case K_DUR: r->dur_state = -1; break;
        case K_NAME: r->name = FL_INTERN_NONE; break;
        case K_PID: r->pid = FL_INTERN_NONE; break;
        case K_TID: r->tid = FL_INTERN_NONE; break;
        }
    }
    return 1;
}

static int ev_close(void *ctx, size_t depth, int array)
{
    fl_trace_reader *r = ctx;
    FL_UNUSED(array);
    r->tokens++;
    if (depth == 0) {
        r->ended = 1;
        r->end_at = fl_json_here(r->json) - 1;
        return 0;
    }
    if (depth == 1 && r->in_event) {
        if (!end_event(r))
            return 0;
        r->last_close = fl_json_here(r->json);
        r->tokens = 0;
    } else if (depth == 2) {
        r->in_args = 0;
    }
    return 1;
}

static int ev_key(void *ctx, size_t depth, const char *s, size_t n)
{
    fl_trace_reader *r = ctx;
    r->tokens++;
    if (depth == 2 && r->in_event)
        r->key = key_of(s, n);
    else if (depth == 3 && r->in_args)
        r->args_key = n == 4 && memcmp(s, "name", 4) == 0;
    return 1;
}

static int ev_scalar(void *ctx, size_t depth, fl_json_kind kind, const char *s, size_t n)
{
    fl_trace_reader *r = ctx;
    r->tokens++;
    if (depth == 2 && r->in_event) {
        switch (r->key) {
        case K_PH:
            r->phase = 0;
            if (kind == FL_JSON_STRING && n == 1 &&
                (s[0] == 'X' || s[0] == 'B' || s[0] == 'E' || s[0] == 'M'))
                r->phase = s[0];
            break;
        case K_TS:
            r->ts_state = kind == FL_JSON_NUMBER && fl_trace_ns(s, n, &r->ts) == 0 ? 1 : -1;
            break;
        case K_DUR:
            r->dur_state = kind == FL_JSON_NUMBER && fl_trace_ns(s, n, &r->dur) == 0 ? 1 : -1;
            break;
        case K_NAME:
            return intern(r, s, n, &r->name);
        case K_PID:
            return id_text(r, &r->pid_cache, s, n, &r->pid);
        case K_TID:
            return id_text(r, &r->tid_cache, s, n, &r->tid);
        }
    } else if (depth == 3 && r->in_args && r->args_key && kind == FL_JSON_STRING) {
        return intern(r, s, n, &r->args_name);
    }
    return 1;
}

const fl_json_handler fl_trace_events_handler = {ev_open, ev_close, ev_key, ev_scalar};
