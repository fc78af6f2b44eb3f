/*
 * perf.c - `perf script` text to folded stacks, as stackcollapse-perf.pl
 * collapses it (docs: input-formats, "perf script").
 *
 * The text is a series of samples: a header line, the frames from leaf to
 * root (one a line, indented: "addr symbol+0xoff (dso)"), a blank line.
 * Each frame is cleaned up as the line arrives; at the blank line the
 * stack, root first with the process name as its root frame, is counted in
 * a hash table (by one, or by the period the header gives).  Memory follows
 * the distinct stacks, not the input.  At the end of the source the
 * stacks go on as folded lines, in byte order, so that the merge can take
 * them as they come.
 *
 * The script's rules are kept where they look like accidents too, since
 * its output is what people compare with: a header is recognised by its
 * rule alone, wherever it appears, and takes over the sample being read (a
 * sample ends only at a blank line); a header whose event is filtered out
 * leaves the previous one in force.  One difference: a last sample without
 * a blank line after it is kept (the script loses it).  What is tolerated:
 * "#" comment lines anywhere, frames before any header (skipped), a header
 * without frames (its process name alone is the stack, as in the script),
 * CRLF line endings, lines of blank space (ignored, they do not end a
 * sample) and indented lines that are not frames (skipped and counted in a
 * warning, like perf's -F +srcline lines).  A line that starts in the first
 * column and is neither a header nor a frame is an error naming its line:
 * it is where a header should be.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "decode/perf.h"
#include "decode/perf_frame.h"
#include "decode/perf_memo.h"

/* Perl's \s, \d and \w on bytes (the script reads bytes). */
static int is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* ---- the header ------------------------------------------------------ */

/*
 * The event at the end of a header, as in "...: 10101010 cpu-clock:": a
 * colon, optional blank space and period digits, blank space, then the
 * last word, which ends in a colon (dropped from the event's name), then
 * only blank space.  A header such as "java 19983 cycles:", with no colon
 * before the event, has none.
 */
static void parse_event(const char *l, size_t n, fl_perf_header *h)
{
    size_t t = n;
    while (t > 0 && is_space((unsigned char)l[t - 1]))
        t--;
    if (t < 2 || l[t - 1] != ':')
        return;
    size_t u = t - 1;                 /* the last word: l[u..t) */
    while (u > 0 && !is_space((unsigned char)l[u - 1]))
        u--;
    if (u == 0 || u == t - 1)
        return;
    size_t v = u;                     /* blank space before it: l[v..u) */
    while (v > 0 && is_space((unsigned char)l[v - 1]))
        v--;
    size_t w = v;                     /* the period: l[w..v) */
    while (w > 0 && is_digit((unsigned char)l[w - 1]))
        w--;
    size_t x = w;
    if (w < v)
        while (x > 0 && is_space((unsigned char)l[x - 1]))
            x--;
    if (x == 0 || l[x - 1] != ':')
        return;
    h->event = l + u;
    h->event_len = t - 1 - u;
    if (w < v) {
        h->period = l + w;
        h->period_len = v - w;
    }
}

/*
 * The command name is the shortest run of at least two bytes, the first
 * not blank, that is followed by blank space, the pid's digits, optionally
 * slashes and the tid's digits, and blank space.  Names may hold spaces and
 * digits ("V8 WorkerThread 24636/25607 ..."), hence the shortest.
 */
int fl_perf_parse_header(const char *l, size_t n, fl_perf_header *h)
{
    memset(h, 0, sizeof *h);
    if (n < 4 || is_space((unsigned char)l[0]))
        return 0;
    for (size_t i = 2; i < n; i++) {
        if (!is_space((unsigned char)l[i]))
            continue;
        size_t j = i;
        while (j < n && is_space((unsigned char)l[j]))
            j++;
        size_t k = j;
        while (k < n && is_digit((unsigned char)l[k]))
            k++;
        /* Every i in this blank run leads to the same digits: try once. */
        if (k == j) {
            i = j - 1;
            continue;
        }
        size_t m = k;
        while (m < n && l[m] == '/')
            m++;
        size_t e = m;
        while (e < n && is_digit((unsigned char)l[e]))
            e++;
        if (e == n || !is_space((unsigned char)l[e])) {
            i = e - 1;
            continue;
        }
        h->comm = l;
        h->comm_len = i;
        h->pid = l + j;
        h->pid_len = k - j;
        if (e > m) {
            h->tid = l + m;
            h->tid_len = e - m;
        }
        h->fields = e;
        parse_event(l, n, h);
        return 1;
    }
    return 0;
}

/* "[cpu] time:" after the ids: a tracepoint's header ends in its fields,
 * not in an event name, but has a time. */
static int has_time(const char *l, size_t n, size_t i)
{
    while (i < n && is_space((unsigned char)l[i]))
        i++;
    if (i < n && l[i] == '[') {
        while (i < n && l[i] != ']')
            i++;
        if (i == n)
            return 0;
        i++;
        while (i < n && is_space((unsigned char)l[i]))
            i++;
    }
    size_t d = i;
    while (i < n && is_digit((unsigned char)l[i]))
        i++;
    if (i == d || i == n || l[i] != '.')
        return 0;
    d = ++i;
    while (i < n && is_digit((unsigned char)l[i]))
        i++;
    return i > d && i < n && l[i] == ':';
}

int fl_perf_is_header(const char *line, size_t len)
{
    fl_perf_header h;
    if (!fl_perf_parse_header(line, len, &h))
        return 0;
    size_t t = len;
    while (t > 0 && is_space((unsigned char)line[t - 1]))
        t--;
    return line[t - 1] == ':' || has_time(line, len, h.fields);
}

/* ---- the reader's state ---------------------------------------------- */

/*
 * A stack is three strings of frame names, each interned once: the
 * process's name, the callers (the sample's frames after the first, root
 * first) and the leaf (the first frame's names).  The hot path never
 * copies or compares a whole stack: a repeated call chain is one memo
 * lookup for its callers and one for its leaf, then a lookup of three
 * numbers.  The text is put together at the end, where a stack that came
 * out the same from two splits ("a;b" + "c", "a" + "b;c": a leaf line
 * without a name, a ';' in a process name) is added up into one line.
 */
typedef struct names_entry {
    uint64_t hash;
    const char *text;
    size_t len;
} names_entry;

typedef struct stack_entry {
    uint32_t pname, callers, leaf;   /* names ids; 0: none */
    double count;
} stack_entry;

/* The memos' sizes (perf_memo.h). */
#define LINE_MEMO_ENTRIES (1u << 16)
#define BLOCK_MEMO_ENTRIES (1u << 16)
#define BLOCK_MAX (64u << 10)        /* callers' part looked up at once, at most */

typedef struct perf_state {
    fl_diag *diag;
    char *source;
    int opt_pid, opt_tid;
    fl_perf_naming naming;           /* naming.java follows the sample's process */
    flame_status status;

    unsigned long long lineno;
    fl_buf partial;                  /* a line across chunks */

    /* the event filter: given, or the first event seen */
    fl_buf filter;
    int filter_set, filter_defaulted;
    unsigned long long filtered;     /* samples left out */
    fl_buf filtered_event;           /* the first event left out */

    unsigned long long skipped, first_skipped;  /* indented lines not understood */

    /* the sample being read */
    int in_sample;                   /* a header has named the process */
    double period;
    uint32_t pname;
    int have_leaf;
    uint32_t leaf;
    uint32_t *callers;               /* names ids of the later lines, leaf first */
    size_t ncallers, callers_cap;
    int block_tried, block_used;     /* the callers' part was looked up whole */
    uint32_t block_names;
    int block_open;                  /* ... and is being read line by line */
    fl_digest block_digest;

    /* interned names */
    names_entry *names;              /* names[id - 1] */
    size_t nnames, names_cap;
    uint32_t *names_slots;           /* id; 0 empty */
    size_t names_mask;
    fl_arena names_text;

    /* the stacks: open addressing, entries in place */
    stack_entry *stacks;
    size_t nstacks, stack_mask;
    stack_entry pending;             /* the last sample's, not counted yet */

    fl_memo lines;                   /* frame line -> its names */
    fl_memo blocks;                  /* a sample's frames after the first -> their names */
    fl_buf tmp, text;                /* scratch */
} perf_state;

static flame_status no_memory(perf_state *st)
{
    fl_error(st->diag, "out of memory reading perf script input %s", st->source);
    return st->status = FLAME_ERR_NOMEM;
}

/* ---- interned names -------------------------------------------------- */

static int grow_names(perf_state *st)
{
    size_t cap = st->names_slots ? (st->names_mask + 1) * 2 : 1024;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < st->nnames; i++) {
        size_t k = (size_t)st->names[i].hash & (cap - 1);
        while (slots[k])
            k = (k + 1) & (cap - 1);
        slots[k] = (uint32_t)(i + 1);
    }
    free(st->names_slots);
    st->names_slots = slots;
    st->names_mask = cap - 1;
    return 0;
}

/* The id of a string of names.  @return 0 when out of memory. */
static uint32_t intern(perf_state *st, const char *text, size_t len)
{
    uint64_t h = fl_memo_hash(text, len);
    if (st->names_slots) {
        for (size_t k = (size_t)h & st->names_mask; st->names_slots[k]; k = (k + 1) & st->names_mask) {
            const names_entry *e = &st->names[st->names_slots[k] - 1];
            if (e->hash == h && e->len == len && memcmp(e->text, text, len) == 0)
                return st->names_slots[k];
        }
    }
    if (st->nnames >= UINT32_MAX / 4 ||
        ((st->nnames + 1) * 2 > (st->names_slots ? st->names_mask + 1 : 0) && grow_names(st) != 0))
        return 0;
    if (st->nnames == st->names_cap) {
        size_t cap = st->names_cap ? st->names_cap * 2 : 1024;
        names_entry *e = realloc(st->names, cap * sizeof *e);
        if (!e)
            return 0;
        st->names = e;
        st->names_cap = cap;
    }
    char *copy = fl_arena_strdup(&st->names_text, text, len);
    if (!copy)
        return 0;
    names_entry *e = &st->names[st->nnames++];
    e->hash = h;
    e->text = copy;
    e->len = len;
    size_t k = (size_t)h & st->names_mask;
    while (st->names_slots[k])
        k = (k + 1) & st->names_mask;
    st->names_slots[k] = (uint32_t)st->nnames;
    return (uint32_t)st->nnames;
}

/* ---- the stacks ------------------------------------------------------ */

static uint64_t stack_hash(uint32_t pname, uint32_t callers, uint32_t leaf)
{
    return fl_memo_mix(((uint64_t)pname << 40) ^ ((uint64_t)callers << 20) ^ leaf ^
                       ((uint64_t)leaf << 52));
}

/* The entry of a stack, or the empty slot where it goes. */
static stack_entry *stack_slot(stack_entry *slots, size_t mask, uint32_t pname, uint32_t callers,
                               uint32_t leaf)
{
    size_t k = (size_t)stack_hash(pname, callers, leaf) & mask;
    while (slots[k].pname &&
           !(slots[k].pname == pname && slots[k].callers == callers && slots[k].leaf == leaf))
        k = (k + 1) & mask;
    return &slots[k];
}

static int grow_stacks(perf_state *st)
{
    size_t cap = st->stacks ? (st->stack_mask + 1) * 2 : 1024;
    stack_entry *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; st->stacks && i <= st->stack_mask; i++) {
        const stack_entry *e = &st->stacks[i];
        if (e->pname)
            *stack_slot(slots, cap - 1, e->pname, e->callers, e->leaf) = *e;
    }
    free(st->stacks);
    st->stacks = slots;
    st->stack_mask = cap - 1;
    return 0;
}

/* Count a sample of a stack (pname is never 0: an entry's mark). */
static flame_status count_stack(perf_state *st, uint32_t pname, uint32_t callers, uint32_t leaf,
                                double count)
{
    if (st->stacks) {
        stack_entry *e = stack_slot(st->stacks, st->stack_mask, pname, callers, leaf);
        if (e->pname) {
            e->count += count;
            return FLAME_OK;
        }
    }
    /* A new stack; the table stays at most half full. */
    if ((st->nstacks + 1) * 2 > (st->stacks ? st->stack_mask + 1 : 0) && grow_stacks(st) != 0)
        return no_memory(st);
    stack_entry *e = stack_slot(st->stacks, st->stack_mask, pname, callers, leaf);
    e->pname = pname;
    e->callers = callers;
    e->leaf = leaf;
    e->count = count;
    st->nstacks++;
    return FLAME_OK;
}

/* The stack of the sample before, if any. */
static flame_status count_pending(perf_state *st)
{
    stack_entry *p = &st->pending;
    if (!p->pname)
        return FLAME_OK;
    flame_status rc = count_stack(st, p->pname, p->callers, p->leaf, p->count);
    p->pname = 0;
    return rc;
}

/* The names of the lines after the first, root first, as one string. */
static uint32_t callers_names(perf_state *st)
{
    fl_buf *t = &st->text;
    t->len = 0;
    for (size_t i = st->ncallers; i-- > 0;) {
        const names_entry *e = &st->names[st->callers[i] - 1];
        if ((t->len || i + 1 < st->ncallers) && fl_buf_putc(t, ';') != 0)
            return 0;
        if (fl_buf_append(t, e->text, e->len) != 0)
            return 0;
    }
    return intern(st, t->data ? t->data : "", t->len);
}

static void reset_sample(perf_state *st)
{
    st->in_sample = 0;
    st->have_leaf = 0;
    st->leaf = 0;
    st->ncallers = 0;
    st->block_tried = st->block_used = st->block_open = 0;
}

/* A blank line: the sample read is complete. */
static flame_status end_sample(perf_state *st)
{
    if (!st->in_sample)
        return FLAME_OK;
    uint32_t callers = 0;
    if (st->block_used) {
        callers = st->block_names;
    } else if (st->ncallers && (callers = callers_names(st)) == 0) {
        return no_memory(st);
    }
    /* Counted when the next sample ends: its slot, likely a cache miss,
     * is fetched meanwhile. */
    flame_status rc = count_pending(st);
    stack_entry *p = &st->pending;
    p->pname = st->pname;
    p->callers = callers;
    p->leaf = st->leaf;
    p->count = st->period;
    if (st->stacks)
        fl_prefetch(&st->stacks[(size_t)stack_hash(p->pname, callers, p->leaf) & st->stack_mask]);
    reset_sample(st);
    return rc;
}

/* ---- lines ----------------------------------------------------------- */

/* The digits of a period: 1 when absent or "0", as the script counts. */
static int period_value(const char *p, size_t n, double *v)
{
    *v = 1;
    if (!p || (n == 1 && p[0] == '0'))
        return 0;
    while (n > 1 && p[0] == '0') {
        p++;
        n--;
    }
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (x > (UINT64_MAX - d) / 10)
            return -1;    /* more than perf's 64 bits */
        x = x * 10 + d;
    }
    *v = (double)x;
    return 0;
}

/* Up to 60 bytes of a line for a message, control bytes as '?'. */
static const char *excerpt(perf_state *st, const char *l, size_t n)
{
    st->tmp.len = 0;
    size_t k = n > 60 ? 60 : n;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)l[i];
        if (fl_buf_putc(&st->tmp, c < 0x20 || c == 0x7f ? '?' : (char)c) != 0)
            return "";
    }
    if (k < n && fl_buf_puts(&st->tmp, "...") != 0)
        return "";
    return st->tmp.data ? st->tmp.data : "";
}

static flame_status on_header(perf_state *st, const fl_perf_header *h, const char *l, size_t n)
{
    double period;
    if (period_value(h->period, h->period_len, &period) != 0) {
        fl_error(st->diag, "%s:%llu: the sample period is larger than 64 bits: '%s'", st->source,
                 st->lineno, excerpt(st, l, n));
        return st->status = FLAME_ERR_INPUT;
    }
    if (h->event) {
        if (!st->filter_set) {
            /* Only the first event type: cycles and instructions added up
             * would mean nothing. */
            if (fl_buf_append(&st->filter, h->event, h->event_len) != 0)
                return no_memory(st);
            st->filter_set = st->filter_defaulted = 1;
        } else if (h->event_len != st->filter.len ||
                   memcmp(h->event, st->filter.data, h->event_len) != 0) {
            if (st->filtered++ == 0 && fl_buf_append(&st->filtered_event, h->event, h->event_len) != 0)
                return no_memory(st);
            return FLAME_OK;    /* the sample before, if not ended, goes on */
        }
    }
    st->period = period;
    fl_buf *p = &st->tmp;
    p->len = 0;
    const char *pid = h->pid, *tid = h->tid;
    size_t pid_len = h->pid_len, tid_len = h->tid_len;
    if (!tid || (tid_len == 1 && tid[0] == '0')) {
        /* Only one id: perf's default, the thread's. */
        tid = pid;
        tid_len = pid_len;
        pid = "?";
        pid_len = 1;
    }
    int rc = fl_buf_append(p, h->comm, h->comm_len);
    if (st->opt_tid || st->opt_pid)
        rc |= fl_buf_putc(p, '-') | fl_buf_append(p, pid, pid_len);
    if (st->opt_tid)
        rc |= fl_buf_putc(p, '/') | fl_buf_append(p, tid, tid_len);
    if (rc != 0)
        return no_memory(st);
    for (size_t i = 0; i < h->comm_len; i++)
        if (p->data[i] == ' ')
            p->data[i] = '_';
    if ((st->pname = intern(st, p->data, p->len)) == 0)
        return no_memory(st);
    st->naming.java = p->len >= 4 && memcmp(p->data, "java", 4) == 0;
    /* A header without a blank line before it takes over the sample: its
     * frames go on from the ones before, as in the script. */
    st->in_sample = 1;
    return FLAME_OK;
}

/* A frame line's names: remembered, or taken apart.  *id: 0 for none.
 * @return 0, 1: not a frame line, -1: no memory. */
static int frame_names(perf_state *st, const char *l, size_t n, uint32_t *id)
{
    size_t s = 0;
    while (s < n && is_space((unsigned char)l[s]))
        s++;
    /* The address and what follows decide, and the process (Java or not). */
    const char *text = l + s;
    size_t tn = n - s;
    fl_digest d = fl_memo_digest(text, tn, (uint32_t)st->naming.java);
    const fl_memo_entry *e = fl_memo_find(&st->lines, d);
    if (e) {
        *id = e->value;
        return 0;
    }
    fl_perf_frame f;
    if (!fl_perf_parse_frame(l, n, &f))
        return 1;
    fl_buf *t = &st->text;
    t->len = 0;
    int names = fl_perf_frame_names(&f, &st->naming, t, &st->tmp);
    if (names < 0)
        return -1;
    *id = 0;
    if (names > 0 && (*id = intern(st, t->data, t->len)) == 0)
        return -1;
    fl_memo_add(&st->lines, d, *id);
    return 0;
}

/* A frame line of the sample.  @return 0, 1: not a frame line, -1: no memory. */
static int on_frame(perf_state *st, const char *l, size_t n)
{
    if (!st->in_sample) {
        fl_perf_frame f;
        return fl_perf_parse_frame(l, n, &f) ? 0 : 1;    /* no header: left out */
    }
    uint32_t id;
    int rc = frame_names(st, l, n, &id);
    if (rc != 0)
        return rc;
    if (!st->have_leaf) {
        st->have_leaf = 1;
        st->leaf = id;
        return 0;
    }
    if (!id)
        return 0;
    if (st->ncallers == st->callers_cap) {
        size_t cap = st->callers_cap ? st->callers_cap * 2 : 256;
        uint32_t *c = realloc(st->callers, cap * sizeof *c);
        if (!c)
            return -1;
        st->callers = c;
        st->callers_cap = cap;
    }
    st->callers[st->ncallers++] = id;
    return 0;
}

static flame_status on_line(perf_state *st, const char *l, size_t n);

/* Where the text of a frame line starts (after its indentation), and its
 * length without a CR.  @return 0: not a line that can be a frame. */
static int frame_text(const char *l, const char *nl, const char **text, size_t *n)
{
    size_t len = (size_t)(nl - l);
    if (len && l[len - 1] == '\r')
        len--;
    size_t s = 0;
    while (s < len && is_space((unsigned char)l[s]))
        s++;
    *text = l + s;
    *n = len - s;
    return s > 0 && s < len;
}

/* Whether the line at q, the next after a newline, ends the callers'
 * part: empty, or a CR alone.  @return 1 it does, 0 it does not (an
 * indented line), -1 it is something else (before end: not known). */
static int line_kind(const char *q, const char *end)
{
    if (q == end)
        return -1;
    if (*q == '\n' || (*q == '\r' && q + 1 < end && q[1] == '\n'))
        return 1;
    return *q == '\r' && q + 1 == end ? -1 : is_space((unsigned char)*q) ? 0 : -1;
}

/*
 * The end of the callers' part starting at b, an indented line (its lines
 * indented, then an empty line), before end: the start of the empty line,
 * and *lines the lines before it; NULL when it is not all within [b, end)
 * or a line is not indented.  One pass over 16 bytes at a time where SSE2 is: a
 * kilobyte or more, for every sample.
 */
static const char *callers_end(const char *b, const char *end, unsigned *lines)
{
    unsigned n = 0;
    int k;
    const char *p = b;
#ifdef __SSE2__
    const __m128i nl = _mm_set1_epi8('\n');
    while (end - p >= 16) {
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), nl));
        while (m) {
            const char *at = p + __builtin_ctz(m);
            m &= m - 1;
            n++;
            if ((k = line_kind(at + 1, end)) != 0) {
                *lines = n;
                return k > 0 ? at + 1 : NULL;
            }
        }
        p += 16;
    }
#endif
    for (; p < end; p++) {
        if (*p != '\n')
            continue;
        n++;
        if ((k = line_kind(p + 1, end)) != 0) {
            *lines = n;
            return k > 0 ? p + 1 : NULL;
        }
    }
    return NULL;
}

/*
 * A sample just begun, its frames within this chunk: the leaf line and the
 * callers' part (the frame lines after it, up to the blank line) are each
 * looked up whole.  The callers' part repeats exactly whenever the call
 * path does, whatever the leaf's address: one lookup for a dozen lines or
 * more.  Both digests come first, so that the two lookups, misses in a
 * large table, overlap.  p: the line after the header.
 * @return where reading goes on (line by line from there), NULL: an error.
 */
static const char *fast_sample(perf_state *st, const char *p, const char *end)
{
    st->block_tried = 1;
    const char *leaf_end = memchr(p, '\n', (size_t)(end - p));
    const char *text;
    size_t tn;
    if (!leaf_end || !frame_text(p, leaf_end, &text, &tn))
        return p;
    uint32_t java = (uint32_t)st->naming.java;
    fl_digest dl = fl_memo_digest(text, tn, java);
    fl_memo_prefetch(&st->lines, dl);
    /* The callers' part: indented lines up to a blank one.  A header or a
     * comment among them: line by line. */
    const char *b = leaf_end + 1, *q = b;
    unsigned nlines = 0;
    int k = line_kind(b, end);
    if (k < 0 ||
        (k == 0 && !(q = callers_end(b, end - b > BLOCK_MAX ? b + BLOCK_MAX : end, &nlines))))
        return p;
    fl_digest db = {0, 0};
    if (nlines) {
        db = fl_memo_digest(b, (size_t)(q - b), java);
        fl_memo_prefetch(&st->blocks, db);
    }
    const fl_memo_entry *e = fl_memo_find(&st->lines, dl);
    if (e) {
        st->lineno++;
        st->have_leaf = 1;
        st->leaf = e->value;
    } else {
        if (on_line(st, p, (size_t)(leaf_end - p)) != FLAME_OK)
            return NULL;
        if (!st->have_leaf)
            return b;    /* not a frame after all */
    }
    if (!nlines)
        return b;    /* the blank line: no callers */
    e = fl_memo_find(&st->blocks, db);
    if (!e) {
        /* Read it line by line, and remember it at the blank line. */
        st->block_open = 1;
        st->block_digest = db;
        return b;
    }
    st->block_used = 1;
    st->block_names = e->value;
    st->lineno += nlines;
    return q;
}

/* The blank line after a block read line by line: remember its names. */
static flame_status remember_block(perf_state *st)
{
    st->block_open = 0;
    uint32_t callers = 0;
    if (st->ncallers && (callers = callers_names(st)) == 0)
        return no_memory(st);
    fl_memo_add(&st->blocks, st->block_digest, callers);
    st->block_used = 1;
    st->block_names = callers;
    return FLAME_OK;
}

static flame_status on_line(perf_state *st, const char *l, size_t n)
{
    st->lineno++;
    if (n && l[n - 1] == '\r')
        n--;
    if (n == 0) {
        if (st->block_open && remember_block(st) != FLAME_OK)
            return st->status;
        return end_sample(st);
    }
    if (l[0] == '#') {
        st->block_open = 0;
        return FLAME_OK;
    }
    if (!is_space((unsigned char)l[0])) {
        fl_perf_header h;
        if (fl_perf_parse_header(l, n, &h)) {
            st->block_open = 0;
            return on_header(st, &h, l, n);
        }
    }
    int rc = on_frame(st, l, n);
    if (rc < 0)
        return no_memory(st);
    if (rc == 0)
        return FLAME_OK;
    if (!is_space((unsigned char)l[0])) {
        /* Where a header should be. */
        fl_error(st->diag, "%s:%llu: not a perf script sample header: '%s'", st->source,
                 st->lineno, excerpt(st, l, n));
        return st->status = FLAME_ERR_INPUT;
    }
    size_t i = 0;
    while (i < n && is_space((unsigned char)l[i]))
        i++;
    if (i < n) {
        st->block_open = 0;
        if (st->skipped++ == 0)
            st->first_skipped = st->lineno;
    }
    return FLAME_OK;
}

/* ---- the reader ------------------------------------------------------ */

static void *perf_open(const fl_config *cfg, fl_diag *diag, int format, const char *source)
{
    FL_UNUSED(format);
    perf_state *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->diag = diag;
    const char *name = !source || strcmp(source, "-") == 0 ? "standard input" : source;
    st->source = strdup(name);
    if (!st->source) {
        free(st);
        return NULL;
    }
    fl_memo_init(&st->lines, LINE_MEMO_ENTRIES);
    fl_memo_init(&st->blocks, BLOCK_MEMO_ENTRIES);
    st->opt_pid = cfg->perf_pid;
    st->opt_tid = cfg->perf_tid;
    st->naming.kernel = cfg->perf_kernel || cfg->perf_all;
    st->naming.jit = cfg->perf_jit || cfg->perf_all;
    st->naming.addrs = cfg->perf_addrs;
    const char *ev = cfg->perf_event_filter;
    if (ev && *ev) {
        if (fl_buf_puts(&st->filter, ev) != 0) {
            free(st->source);
            free(st);
            return NULL;
        }
        st->filter_set = 1;
    }
    return st;
}

static flame_status perf_chunk(void *state, const char *data, size_t len)
{
    perf_state *st = state;
    if (st->status != FLAME_OK)
        return st->status;
    const char *p = data, *end = data + len;
    flame_status rc;
    if (st->partial.len) {
        const char *nl = memchr(p, '\n', len);
        if (!nl)
            return fl_buf_append(&st->partial, p, len) == 0 ? FLAME_OK : no_memory(st);
        if (fl_buf_append(&st->partial, p, (size_t)(nl - p)) != 0)
            return no_memory(st);
        rc = on_line(st, st->partial.data, st->partial.len);
        st->partial.len = 0;
        if (rc != FLAME_OK)
            return rc;
        p = nl + 1;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return fl_buf_append(&st->partial, p, (size_t)(end - p)) == 0 ? FLAME_OK : no_memory(st);
        if ((rc = on_line(st, p, (size_t)(nl - p))) != FLAME_OK)
            return rc;
        p = nl + 1;
        /* After a header, the sample's frames at once. */
        if (st->in_sample && !st->have_leaf && !st->block_tried && (p = fast_sample(st, p, end)) == NULL)
            return st->status;
    }
    return FLAME_OK;
}

/* ---- the end: the stacks as folded lines, in byte order --------------- */

/* A stack's folded line in pieces: its names with ';' between, then
 * " COUNT". */
typedef struct line_pieces {
    double count;
    const char *p[5];
    size_t n[5];
    int k;                           /* pieces before the count */
} line_pieces;

static void pieces_of(const perf_state *st, const stack_entry *e, line_pieces *lp)
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
        lp->p[lp->k] = st->names[ids[i] - 1].text;
        lp->n[lp->k++] = st->names[ids[i] - 1].len;
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

static flame_status perf_finish(void *state, fl_line_fn emit, void *ctx, const char **count_name)
{
    perf_state *st = state;
    *count_name = NULL;
    if (st->status != FLAME_OK)
        return st->status;
    flame_status rc = FLAME_OK;
    if (st->partial.len) {
        rc = on_line(st, st->partial.data, st->partial.len);
        st->partial.len = 0;
    }
    /* A last sample without a blank line after it still counts. */
    if (rc == FLAME_OK)
        rc = end_sample(st);
    if (rc == FLAME_OK)
        rc = count_pending(st);
    if (rc != FLAME_OK)
        return rc;
    if (st->skipped)
        fl_warn(st->diag, "%s: perf script: %llu indented lines that are not frames were skipped "
                "(the first is line %llu)", st->source, st->skipped, st->first_skipped);
    if (st->filtered && (st->filter_defaulted || st->nstacks == 0))
        fl_warn(st->diag, "%s: perf script: only '%s' events are drawn; %llu samples of other "
                "events (such as '%s') were left out (--event-filter chooses)", st->source,
                st->filter.data, st->filtered, st->filtered_event.data);

    line_pieces *order = malloc((st->nstacks ? st->nstacks : 1) * sizeof *order);
    if (!order)
        return no_memory(st);
    size_t n = 0;
    for (size_t i = 0; st->stacks && i <= st->stack_mask; i++)
        if (st->stacks[i].pname)
            pieces_of(st, &st->stacks[i], &order[n++]);
    /* A stack can come out of two splits (a leaf line without a name, a
     * ';' in a process name): the same text twice.  Add such up, then put
     * the lines in the order the merge takes them. */
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
    fl_buf *line = &st->text;
    for (size_t i = 0; i < n && rc == FLAME_OK; i++) {
        const line_pieces *lp = &order[i];
        char num[400];
        size_t nl = count_text(num, sizeof num, lp->count);
        line->len = 0;
        for (int k = 0; k < lp->k && rc == FLAME_OK; k++)
            if (fl_buf_append(line, lp->p[k], lp->n[k]) != 0)
                rc = no_memory(st);
        if (rc == FLAME_OK && fl_buf_append(line, num, nl) != 0)
            rc = no_memory(st);
        if (rc == FLAME_OK)
            rc = emit(ctx, line->data, line->len);
    }
    free(order);
    return rc;
}

static void perf_close(void *state)
{
    perf_state *st = state;
    if (!st)
        return;
    free(st->source);
    fl_buf_free(&st->partial);
    fl_buf_free(&st->filter);
    fl_buf_free(&st->filtered_event);
    free(st->callers);
    free(st->names);
    free(st->names_slots);
    fl_arena_free(&st->names_text);
    free(st->stacks);
    fl_memo_free(&st->lines);
    fl_memo_free(&st->blocks);
    fl_buf_free(&st->tmp);
    fl_buf_free(&st->text);
    free(st);
}

const fl_reader_kind fl_perf_reader = {
    "perf", perf_open, perf_chunk, perf_finish, perf_close,
};
