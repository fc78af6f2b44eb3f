/*
 * perf.c - `perf script` text to folded stacks, as stackcollapse-perf.pl
 * collapses it (docs: input-formats, "perf script").
 *
 * The text is a series of samples: a header line, the frames from leaf to
 * root (one a line, indented: "addr symbol+0xoff (dso)"), a blank line.
 * A frame line's names (perf_line.c) are remembered by the line's digest
 * (perf_memo.c) and worked out only the first time; the callers' part of a
 * sample, its frames after the leaf, is looked up whole and read line by
 * line only when it is new.  At the blank line the stack, root first with
 * the process name as its root frame, is counted (perf_stacks.c), by one
 * or by the period the header gives: memory follows the distinct stacks,
 * not the input.  At the end of the source the stacks go on as folded
 * lines, in byte order, so that the merge can take them as they come.
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
#include "decode/perf_memo.h"
#include "decode/perf_stacks.h"

/* Perl's \s on bytes (the script reads bytes). */
static int is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* ---- the reader's state ---------------------------------------------- */

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

    /* the sample being read (perf_stacks.h: its process, callers, leaf) */
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

    fl_perf_stacks stacks;
    fl_memo lines;                   /* frame line -> its names */
    fl_memo blocks;                  /* a sample's frames after the first -> their names */
    fl_buf tmp, text;                /* scratch */
} perf_state;

static flame_status no_memory(perf_state *st)
{
    fl_error(st->diag, "out of memory reading perf script input %s", st->source);
    return st->status = FLAME_ERR_NOMEM;
}

/* ---- samples --------------------------------------------------------- */

/* The names of the lines after the first, root first, as one string. */
static uint32_t callers_names(perf_state *st)
{
    fl_buf *t = &st->text;
    t->len = 0;
    for (size_t i = st->ncallers; i-- > 0;) {
        size_t len;
        const char *names = fl_perf_names(&st->stacks, st->callers[i], &len);
        if ((t->len || i + 1 < st->ncallers) && fl_buf_putc(t, ';') != 0)
            return 0;
        if (fl_buf_append(t, names, len) != 0)
            return 0;
    }
    return fl_perf_intern(&st->stacks, t->data ? t->data : "", t->len);
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
    int rc = fl_perf_count(&st->stacks, st->pname, callers, st->leaf, st->period);
    reset_sample(st);
    return rc == 0 ? FLAME_OK : no_memory(st);
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
            if (st->filtered++ == 0 &&
                fl_buf_append(&st->filtered_event, h->event, h->event_len) != 0)
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
    if ((st->pname = fl_perf_intern(&st->stacks, p->data, p->len)) == 0)
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
    if (names > 0 && (*id = fl_perf_intern(&st->stacks, t->data, t->len)) == 0)
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
 * or a line is not indented.  A kilobyte or more for every sample: one
 * pass, 16 bytes at a time where there is SSE2.
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
    fl_perf_stacks_init(&st->stacks);
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
            return fl_buf_append(&st->partial, p, (size_t)(end - p)) == 0 ? FLAME_OK
                                                                          : no_memory(st);
        if ((rc = on_line(st, p, (size_t)(nl - p))) != FLAME_OK)
            return rc;
        p = nl + 1;
        /* After a header, the sample's frames at once. */
        if (st->in_sample && !st->have_leaf && !st->block_tried &&
            (p = fast_sample(st, p, end)) == NULL)
            return st->status;
    }
    return FLAME_OK;
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
    if (rc != FLAME_OK)
        return rc;
    if (st->skipped)
        fl_warn(st->diag, "%s: perf script: %llu indented lines that are not frames were skipped "
                "(the first is line %llu)", st->source, st->skipped, st->first_skipped);
    if (st->filtered && (st->filter_defaulted || fl_perf_stack_count(&st->stacks) == 0))
        fl_warn(st->diag, "%s: perf script: only '%s' events are drawn; %llu samples of other "
                "events (such as '%s') were left out (--event-filter chooses)", st->source,
                st->filter.data, st->filtered, st->filtered_event.data);
    rc = fl_perf_stacks_emit(&st->stacks, emit, ctx);
    return rc == FLAME_ERR_NOMEM ? no_memory(st) : rc;
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
    fl_perf_stacks_free(&st->stacks);
    fl_memo_free(&st->lines);
    fl_memo_free(&st->blocks);
    fl_buf_free(&st->tmp);
    fl_buf_free(&st->text);
    free(st);
}

const fl_reader_kind fl_perf_reader = {
    "perf", perf_open, perf_chunk, perf_finish, perf_close,
};
