/*
 * trace_split.c - a trace's events array read by two threads (trace.h).
 *
 * yajl reads about 170 MB/s here, and a trace of ten million events is
 * well over a gigabyte: one thread cannot read it in the time asked.  So
 * the array is cut into stretches and a second thread starts on the next
 * stretch before the first is done, guessing that it begins with an event:
 * the cut is put just before a "{" that follows "}" and ",", as between
 * two events.  The guess is checked, not trusted: when the first thread
 * reaches the cut, its parser must be between two elements of the events
 * array, having just closed the event whose "}" is the one before the
 * comma.  Only then is the second thread's work kept (its events come
 * after the first's); otherwise it is thrown away and the first thread
 * reads the stretch itself.  Whatever the input, the result is the one
 * parse of the whole array would give, error positions included.
 *
 * Each stretch is parsed by its own yajl handle, started with "[" so that
 * it reads array elements; the second thread's events go into a part of
 * their own, merged after the check.  Inputs smaller than two stretches
 * never start a thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "decode/trace.h"

static size_t segment_size = (size_t)4 << 20;

void fl_trace_split_set_segment(size_t bytes)
{
    segment_size = bytes ? bytes : (size_t)4 << 20;
}

/* How far past the nominal cut a boundary is looked for. */
#define FL_SPLIT_LOOK ((size_t)1 << 20)
#define NONE ((size_t)-1)

typedef struct job {
    fl_json json;
    fl_trace_reader reader;
    fl_trace_part local;      /* the second thread's events */
    int has_local, has_json;
    fl_json_status js;
    const char *data;         /* what the worker parses */
    size_t len;
} job;

struct fl_trace_split {
    fl_trace_part *part;
    job *trusted;             /* its parse is the real one: into part */
    fl_buf buf;               /* bytes not yet given to trusted: buf.data[start..len) */
    size_t start;
    unsigned long long buf_off;   /* the offset of buf.data[0] */
    fl_buf rest;              /* the result's bytes from "]" on */
    job *guess;               /* the second thread's, right so far, maybe running: */
    size_t guess_end;         /* it reads buf[start+cut..start+guess_end) */
    fl_buf incoming;          /* bytes that came while it runs */

    /* the second thread */
    pthread_t thread;
    int has_thread, no_thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    job *work;                /* given to it; NULL when done */
    int quit;
};

/* ---- jobs ------------------------------------------------------------- */

static void job_free(job *j)
{
    if (!j)
        return;
    if (j->has_json)
        fl_json_free(&j->json);
    if (j->has_local)
        fl_trace_part_free(&j->local);
    free(j);
}

/* A parser of array elements from offset on, into part (NULL: a part of
 * its own).  lines FL_JSON_UNKNOWN: counted from 0, rebased later. */
static job *job_new(fl_trace_part *part, unsigned long long offset, unsigned long long lines,
                    unsigned long long line_start)
{
    job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    if (!part) {
        if (fl_trace_part_init(&j->local) != 0) {
            free(j);
            return NULL;
        }
        j->has_local = 1;
        part = &j->local;
    }
    if (fl_json_init(&j->json, &fl_trace_events_handler, &j->reader) != 0) {
        job_free(j);
        return NULL;
    }
    j->has_json = 1;
    fl_trace_reader_init(&j->reader, part, &j->json);
    if (fl_json_prime(&j->json, "[", 1) != FL_JSON_OK) {
        job_free(j);
        return NULL;
    }
    if (lines == FL_JSON_UNKNOWN)
        fl_json_position(&j->json, offset, 0, FL_JSON_UNKNOWN);
    else
        fl_json_position(&j->json, offset, lines, line_start);
    return j;
}

static void job_run(job *j, const char *p, size_t n)
{
    j->js = fl_json_feed(&j->json, p, n);
}

/* ---- the second thread ---------------------------------------------- */

static void *worker(void *arg)
{
    fl_trace_split *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->work && !s->quit)
            pthread_cond_wait(&s->cond, &s->lock);
        if (s->quit)
            break;
        job *j = s->work;
        pthread_mutex_unlock(&s->lock);
        job_run(j, j->data, j->len);
        pthread_mutex_lock(&s->lock);
        s->work = NULL;
        pthread_cond_broadcast(&s->cond);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Start j on the second thread; 0 when there is none (run it later). */
static int start_work(fl_trace_split *s, job *j)
{
    if (!s->has_thread && !s->no_thread) {
        if (pthread_mutex_init(&s->lock, NULL) != 0) {
            s->no_thread = 1;
        } else if (pthread_cond_init(&s->cond, NULL) != 0) {
            pthread_mutex_destroy(&s->lock);
            s->no_thread = 1;
        } else if (pthread_create(&s->thread, NULL, worker, s) != 0) {
            pthread_cond_destroy(&s->cond);
            pthread_mutex_destroy(&s->lock);
            s->no_thread = 1;
        } else {
            s->has_thread = 1;
        }
    }
    if (!s->has_thread)
        return 0;
    pthread_mutex_lock(&s->lock);
    s->work = j;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    return 1;
}

static void wait_work(fl_trace_split *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->work)
        pthread_cond_wait(&s->cond, &s->lock);
    pthread_mutex_unlock(&s->lock);
}

/* ---- set-up ---------------------------------------------------------------- */

fl_trace_split *fl_trace_split_new(fl_trace_part *part, unsigned long long offset,
                                   unsigned long long lines, unsigned long long line_start)
{
    fl_trace_split *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->part = part;
    s->buf_off = offset;
    s->trusted = job_new(part, offset, lines, line_start);
    if (!s->trusted) {
        free(s);
        return NULL;
    }
    return s;
}

void fl_trace_split_free(fl_trace_split *s)
{
    if (!s)
        return;
    if (s->guess) {
        wait_work(s);
        job_free(s->guess);
    }
    if (s->has_thread) {
        pthread_mutex_lock(&s->lock);
        s->quit = 1;
        pthread_cond_broadcast(&s->cond);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->thread, NULL);
        pthread_cond_destroy(&s->cond);
        pthread_mutex_destroy(&s->lock);
    }
    job_free(s->trusted);
    fl_buf_free(&s->buf);
    fl_buf_free(&s->incoming);
    fl_buf_free(&s->rest);
    free(s);
}

/* ---- results ---------------------------------------------------------- */

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The array ended in j's parse: what follows it, from the "]", is the
 * rest of j's block, the bytes not given to j yet, and those that came
 * while the second thread ran. */
static void finish_with(fl_trace_split *s, job *j, const char *unfed, size_t nunfed,
                        fl_split_result *res)
{
    const fl_json *js = &j->json;
    s->rest.len = 0;
    /* the "]" is the token the parse stopped after */
    if (fl_buf_append(&s->rest, "]", 1) != 0 ||
        fl_buf_append(&s->rest, js->rest, js->rest_len) != 0 ||
        fl_buf_append(&s->rest, unfed, nunfed) != 0 ||
        fl_buf_append(&s->rest, s->incoming.data, s->incoming.len) != 0) {
        res->status = FLAME_ERR_NOMEM;
        return;
    }
    res->done = 1;
    res->rest = s->rest.data;
    res->rest_len = s->rest.len;
    res->offset = js->stop_offset - 1;
    res->lines = js->stop_lines;
    res->line_start = js->stop_line_start;
}

/*
 * After j (trusted) was fed: an error, the end of the array, or on.
 * @return 1 when res says the split is over (or failed).
 */
static int outcome(fl_trace_split *s, job *j, const char *unfed, size_t nunfed,
                   fl_split_result *res)
{
    switch (j->js) {
    case FL_JSON_OK:
        return 0;
    case FL_JSON_NOMEM:
        res->status = FLAME_ERR_NOMEM;
        return 1;
    case FL_JSON_SYNTAX:
        res->status = FLAME_ERR_INPUT;
        fl_json_message(&j->json, res->message, sizeof res->message);
        return 1;
    case FL_JSON_STOPPED:
        if (j->reader.status != FLAME_OK)
            res->status = j->reader.status;
        else
            finish_with(s, j, unfed, nunfed, res);
        return 1;
    }
    return 1;
}

/* ---- cuts ----------------------------------------------------------- */

/* The first "{" in d[from..to) that follows "}" and ",", blank space
 * around the comma allowed; *brace: where that "}" is.  NONE if none. */
static size_t find_cut(const char *d, size_t from, size_t to, size_t *brace)
{
    size_t i = from;
    while (i < to) {
        const char *c = memchr(d + i, ',', to - i);
        if (!c)
            return NONE;
        size_t k = (size_t)(c - d), b = k, f = k + 1;
        while (b > from && k - b < 64 && is_blank(d[b - 1]))
            b--;
        if (b > from && d[b - 1] == '}') {
            while (f < to && f - k < 64 && is_blank(d[f]))
                f++;
            if (f < to && d[f] == '{') {
                *brace = b - 1;
                return f;
            }
        }
        i = k + 1;
    }
    return NONE;
}

/* The trusted parse stands exactly at the cut: between two elements of
 * the array, just after the event whose "}" is at brace. */
static int at_cut(const job *t, unsigned long long brace)
{
    const fl_trace_reader *r = &t->reader;
    return t->js == FL_JSON_OK && !r->ended && !r->in_event && r->tokens == 0 &&
           r->last_close == brace + 1 && t->json.depth == 1 && t->json.held.len == 0;
}

/* Bytes buf[start..start+n) go to the trusted parse, alone. */
static int serial(fl_trace_split *s, size_t n, fl_split_result *res)
{
    const char *p = s->buf.data + s->start;
    job_run(s->trusted, p, n);
    s->start += n;
    return outcome(s, s->trusted, s->buf.data + s->start, s->buf.len - s->start, res);
}

/* Has the second thread finished its stretch? */
static int work_done(fl_trace_split *s)
{
    if (!s->has_thread)
        return 1;
    pthread_mutex_lock(&s->lock);
    int done = s->work == NULL;
    pthread_mutex_unlock(&s->lock);
    return done;
}

/* Keep the unread bytes at the front of the buffer (never while the second
 * thread reads it). */
static void compact(fl_trace_split *s)
{
    if (s->start && s->start >= s->buf.len / 2) {
        memmove(s->buf.data, s->buf.data + s->start, s->buf.len - s->start);
        s->buf.len -= s->start;
        s->buf_off += s->start;
        s->start = 0;
    }
}

/* The guess has run and was right: its parse is the real one from the cut.
 * The bytes that came meanwhile join the buffer.  @return 1 when res says
 * the split is over. */
static int settle(fl_trace_split *s, fl_split_result *res)
{
    job *guess = s->guess, *t = s->trusted;
    s->guess = NULL;
    s->start += s->guess_end;
    fl_json_rebase(&guess->json, t->json.lines, t->json.line_start);
    if (guess->js == FL_JSON_OK || guess->js == FL_JSON_STOPPED) {
        if (fl_trace_part_merge(s->part, &guess->local, &guess->reader) != 0) {
            job_free(guess);
            res->status = FLAME_ERR_NOMEM;
            return 1;
        }
        guess->has_local = 0;
    }
    job_free(t);
    s->trusted = guess;
    /* An end (its rest points into the buffer) or an error: over. */
    if (guess->js != FL_JSON_OK)
        return outcome(s, guess, s->buf.data + s->start, s->buf.len - s->start, res);
    compact(s);
    if (fl_buf_append(&s->buf, s->incoming.data, s->incoming.len) != 0) {
        res->status = FLAME_ERR_NOMEM;
        return 1;
    }
    s->incoming.len = 0;
    return 0;
}

/*
 * Two stretches at once: the second thread starts on buf[start+cut..
 * start+end) while this one reads up to the cut.  If the guess holds, it
 * may still be running when this returns: the caller reads on meanwhile,
 * and settle() takes its result.  @return 1 when res says the split is over.
 */
static int pair(fl_trace_split *s, size_t cut, size_t brace, size_t end, fl_split_result *res)
{
    const char *d = s->buf.data + s->start;
    unsigned long long base = s->buf_off + s->start;
    job *guess = job_new(NULL, base + cut, FL_JSON_UNKNOWN, 0);
    if (!guess) {
        res->status = FLAME_ERR_NOMEM;
        return 1;
    }
    guess->data = d + cut;
    guess->len = end - cut;
    int threaded = start_work(s, guess);
    job *t = s->trusted;
    job_run(t, d, cut);
    if (!at_cut(t, base + brace)) {
        /* A wrong guess (or the array ended, or an error): the trusted
         * parse reads on by itself. */
        if (threaded)
            wait_work(s);
        job_free(guess);
        s->start += cut;
        if (outcome(s, t, d + cut, s->buf.len - s->start, res))
            return 1;
        return serial(s, end - cut, res);
    }
    s->guess = guess;
    s->guess_end = end;
    if (!threaded)
        job_run(guess, guess->data, guess->len);
    else if (!work_done(s))
        return 0;
    return settle(s, res);
}

void fl_trace_split_feed(fl_trace_split *s, const char *p, size_t n, fl_split_result *res)
{
    memset(res, 0, sizeof *res);
    res->status = FLAME_OK;
    /* While the second thread runs the buffer is its to read: new bytes
     * are held apart. */
    if (s->guess) {
        if (fl_buf_append(&s->incoming, p, n) != 0) {
            res->status = FLAME_ERR_NOMEM;
            return;
        }
    } else {
        compact(s);
        if (fl_buf_append(&s->buf, p, n) != 0) {
            res->status = FLAME_ERR_NOMEM;
            return;
        }
    }
    /* A round: this thread's stretch a little shorter than the other's,
     * as it also reads the input while the other goes on. */
    size_t seg = segment_size, round = 2 * seg + seg / 4;
    for (;;) {
        if (s->guess) {
            size_t ahead = s->buf.len - s->start - s->guess_end + s->incoming.len;
            if (ahead < round && !work_done(s))
                return;     /* read on meanwhile */
            wait_work(s);
            if (settle(s, res))
                return;
        }
        size_t avail = s->buf.len - s->start, brace = 0;
        if (avail < round)
            return;
        const char *d = s->buf.data + s->start;
        size_t limit = seg + FL_SPLIT_LOOK < avail ? seg + FL_SPLIT_LOOK : avail;
        size_t cut = find_cut(d, seg, limit, &brace);
        size_t end_at = cut + seg + seg / 4 < avail ? cut + seg + seg / 4 : avail;
        if (cut == NONE ? serial(s, seg, res) : pair(s, cut, brace, end_at, res))
            return;
    }
}

void fl_trace_split_end(fl_trace_split *s, int open_ok, fl_split_result *res)
{
    memset(res, 0, sizeof *res);
    res->status = FLAME_OK;
    if (s->guess) {
        wait_work(s);
        if (settle(s, res))
            return;
    }
    if (s->buf.len > s->start && serial(s, s->buf.len - s->start, res))
        return;
    job *t = s->trusted;
    t->js = fl_json_end(&t->json);
    if (t->js == FL_JSON_SYNTAX && t->json.at_end && open_ok && !t->reader.in_event &&
        t->json.depth == 1)
        return;     /* a bare array cut short between two events: read as if closed */
    if (t->js == FL_JSON_OK) {
        /* cannot be: the array is open */
        res->status = FLAME_ERR_STATE;
        return;
    }
    outcome(s, t, "", 0, res);
}
