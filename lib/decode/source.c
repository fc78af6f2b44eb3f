/*
 * source.c - the decoder (decode.h): sources to stack records.
 *
 * Folded lines are split out of the chunks and parsed (folded.c); other
 * formats go to their reader, whose folded lines then take the same way.
 * While the owner merges as the input streams, everything that could not
 * be read again is remembered (replay.c): when a stack turns out to be out
 * of order, the owner starts again and the decoder reads it all a second
 * time.  Sources of other formats are not remembered as bytes: the folded
 * lines their readers hand on are.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode/decode.h"
#include "decode/detect.h"
#include "decode/json_reader.h"
#include "decode/perf.h"

void fl_decoder_init(fl_decoder *d, const fl_config *cfg, fl_diag *diag, fl_record_fn emit,
                     fl_restart_fn restart, void *ctx)
{
    memset(d, 0, sizeof *d);
    d->cfg = cfg;
    d->diag = diag;
    d->emit = emit;
    d->restart = restart;
    d->ctx = ctx;
    d->replay_fd = -1;
    fl_replay_init(&d->replay);
    fl_replay_init(&d->replayed);
}

static void close_reader(fl_decoder *d)
{
    if (d->reader && d->reader_state)
        d->reader->close(d->reader_state);
    d->reader = NULL;
    d->reader_state = NULL;
}

void fl_decoder_free(fl_decoder *d)
{
    close_reader(d);
    fl_buf_free(&d->head);
    fl_buf_free(&d->pending);
    fl_replay_free(&d->replay);
    fl_decoder_release(d);
    fl_arena_free(&d->names);
}

void fl_decoder_forget(fl_decoder *d)
{
    fl_replay_free(&d->replay);
    d->remember = 0;
}

void fl_decoder_release(fl_decoder *d)
{
    fl_replay_free(&d->replay);
    fl_replay_free(&d->replayed);
    fl_arena_free(&d->replay_arena);
}

static flame_status split_lines(fl_decoder *d, const char *data, size_t len, int last,
                                int stable);

/* Input read again stays in memory until fl_decoder_release() (the bytes
 * kept in the replay, the files read into the replay arena): records
 * point into it. */
static flame_status replay_sink(void *ctx, const char *p, size_t n)
{
    return split_lines(ctx, p, n, 0, 1);
}

static char *replay_alloc(void *ctx, size_t n)
{
    fl_decoder *d = ctx;
    return fl_arena_alloc(&d->replay_arena, n);
}

/* A stack was out of order: the owner starts again, keeping every stack,
 * and everything remembered is read again. */
static flame_status start_again(fl_decoder *d)
{
    d->pending.len = 0;
    d->ignored = 0;
    d->remember = 0;
    flame_status st = d->restart(d->ctx);
    if (st != FLAME_OK)
        return d->status = st;
    d->replayed = d->replay;
    fl_replay_init(&d->replay);
    d->replay_fd = -1;
    st = fl_replay_run(&d->replayed, replay_sink, replay_alloc, d, d->diag->err,
                       sizeof d->diag->err);
    if (st == FL_OUT_OF_ORDER)
        st = FLAME_ERR_STATE;    /* the owner kept every stack: cannot happen */
    return d->status = st;
}

flame_status fl_decoder_remember_file(fl_decoder *d, int fd, off_t off, size_t len,
                                      int open_end, const char *source)
{
    if (!d->remember)
        return FLAME_OK;
    int own = fl_replay_own_fd(&d->replay, fd, source ? source : "-");
    if (own < 0 || fl_replay_file(&d->replay, own, off, len) != 0 ||
        (open_end && fl_replay_bytes(&d->replay, "\n", 1) != 0))
        return FLAME_ERR_NOMEM;
    return FLAME_OK;
}

flame_status fl_decoder_restart(fl_decoder *d)
{
    return d->status != FLAME_OK ? d->status : start_again(d);
}

/* One folded line (no newline). */
static flame_status input_line(fl_decoder *d, const char *line, size_t len, int stable)
{
    /* Windows line endings: the CR is not part of the count. */
    if (len && line[len - 1] == '\r')
        len--;
    fl_record rec;
    if (!fl_parse_line(line, len, &rec) || !isfinite(rec.count) ||
        (rec.has_delta && !isfinite(rec.delta))) {
        d->ignored++;
        return FLAME_OK;
    }
    return d->emit(d->ctx, &rec, stable);
}

/* Split a chunk into lines.  Stops at a stack out of order (returned).
 * stable: data stays valid until the end (lines kept need no copy). */
static flame_status split_lines(fl_decoder *d, const char *data, size_t len, int last,
                                int stable)
{
    const char *p = data, *end = len ? data + len : data;
    flame_status st;
    if (d->pending.len && len) {
        /* Finish the line that the previous chunk started. */
        const char *nl = memchr(p, '\n', len);
        if (!nl)
            return fl_buf_append(&d->pending, p, len) == 0 ? FLAME_OK : FLAME_ERR_NOMEM;
        if (fl_buf_append(&d->pending, p, (size_t)(nl - p)) != 0)
            return FLAME_ERR_NOMEM;
        st = input_line(d, d->pending.data, d->pending.len, 0);
        d->pending.len = 0;
        if (st != FLAME_OK)
            return st;
        p = nl + 1;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            if (fl_buf_append(&d->pending, p, (size_t)(end - p)) != 0)
                return FLAME_ERR_NOMEM;
            break;
        }
        st = input_line(d, p, (size_t)(nl - p), stable);
        if (st != FLAME_OK)
            return st;
        p = nl + 1;
    }
    if (last && d->pending.len) {
        /* A last line without a newline still counts. */
        st = input_line(d, d->pending.data, d->pending.len, 0);
        d->pending.len = 0;
        return st;
    }
    return FLAME_OK;
}

static int remember(fl_decoder *d, const char *data, size_t len)
{
    if (d->replay_fd >= 0) {
        int rc = fl_replay_file(&d->replay, d->replay_fd, d->replay_off, len);
        d->replay_off += (off_t)len;
        return rc;
    }
    return fl_replay_bytes(&d->replay, data, len);
}

/* Folded bytes of the source; last: they end it. */
static flame_status folded_chunk(fl_decoder *d, const char *data, size_t len, int last)
{
    if (d->remember) {
        /* A source's last line without a newline is remembered with one. */
        int flush = last && (len ? data[len - 1] != '\n' : d->pending.len > 0);
        if (remember(d, data, len) != 0 || (flush && fl_replay_bytes(&d->replay, "\n", 1) != 0))
            return FLAME_ERR_NOMEM;
    }
    flame_status st = split_lines(d, data, len, last, 0);
    /* Everything of this chunk was remembered: reading it all again
     * covers the rest of it. */
    return st == FL_OUT_OF_ORDER ? start_again(d) : st;
}

flame_status fl_decoder_line(fl_decoder *d, const char *line, size_t len)
{
    if (d->status != FLAME_OK)
        return d->status;
    if (d->remember &&
        (fl_replay_bytes(&d->replay, line, len) != 0 || fl_replay_bytes(&d->replay, "\n", 1) != 0))
        return FLAME_ERR_NOMEM;
    flame_status st = input_line(d, line, len, 0);
    return st == FL_OUT_OF_ORDER ? start_again(d) : st;
}

/* A reader's line "stack COUNT" whose stack ends in blank space and digits
 * ("a;step 3 12") reads as differential: give the digits back to the stack. */
static void one_count(fl_record *rec)
{
    const char *end = rec->line + rec->line_len, *p = end;
    while (p > rec->counts && ((*(p - 1) >= '0' && *(p - 1) <= '9') || *(p - 1) == '.'))
        p--;
    rec->stack_len = (size_t)(p - 1 - rec->line);
    rec->counts = p;
    rec->counts_len = (size_t)(end - p);
    rec->has_delta = 0;
    rec->delta = 0;
}

/*
 * A reader's folded lines: each is a stack and one count, never
 * differential, whatever its last frame's name.  A reader hands them on at
 * the end of its source, many at once and as text it makes: the owner
 * keeps them to sort (as after a stack out of order) rather than the
 * decoder keeping the text to read again.
 */
static flame_status reader_line(void *ctx, const char *line, size_t len)
{
    fl_decoder *d = ctx;
    if (d->status != FLAME_OK)
        return d->status;
    if (d->remember) {
        flame_status st = start_again(d);
        if (st != FLAME_OK)
            return st;
    }
    fl_record rec;
    if (!fl_parse_line(line, len, &rec) || !isfinite(rec.count)) {
        d->ignored++;
        return FLAME_OK;
    }
    if (rec.has_delta)
        one_count(&rec);
    flame_status st = d->emit(d->ctx, &rec, 0);
    return st == FL_OUT_OF_ORDER ? FLAME_ERR_STATE : st;   /* kept: never out of order */
}

static const fl_reader_kind *reader_for(int format)
{
    switch (format) {
    case FLAME_INPUT_PERF:
        return &fl_perf_reader;
    case FLAME_INPUT_TRACE:
    case FLAME_INPUT_SPEEDSCOPE:
        return &fl_json_reader;
    default:
        return NULL;
    }
}

void fl_decoder_begin(fl_decoder *d, const char *source, int fd, off_t off)
{
    d->source = source ? source : "-";
    d->format = d->cfg->input_format;
    d->head.len = 0;
    d->pending.len = 0;
    d->replay_fd = -1;
    if (fd >= 0 && d->remember) {
        int own = fl_replay_own_fd(&d->replay, fd, d->source);
        if (own >= 0) {
            d->replay_fd = own;
            d->replay_off = off;
        }
    }
}

/* The format is known (detected: from the first bytes, and the reader may
 * narrow it down, as the JSON reader does between trace and speedscope):
 * open its reader. */
static flame_status decide(fl_decoder *d, int format, int detected)
{
    d->format = format;
    d->reader = reader_for(format);
    if (!d->reader)
        return FLAME_OK;
    d->replay_fd = -1;    /* its bytes are not read again, its lines are kept */
    int asked = detected && format == FLAME_INPUT_TRACE ? FLAME_INPUT_AUTO : format;
    d->reader_state = d->reader->open(d->cfg, d->diag, asked, d->source);
    return d->reader_state ? FLAME_OK : FLAME_ERR_NOMEM;
}

static flame_status feed(fl_decoder *d, const char *data, size_t len, int last)
{
    if (d->reader) {
        flame_status st = len ? d->reader->chunk(d->reader_state, data, len) : FLAME_OK;
        return st;
    }
    return folded_chunk(d, data, len, last);
}

/* While the format is undecided the first bytes are held back. */
static flame_status held_chunk(fl_decoder *d, const char *data, size_t len, int last)
{
    if (fl_buf_append(&d->head, data, len) != 0)
        return FLAME_ERR_NOMEM;
    int format = fl_detect_format(d->head.data, d->head.len, last);
    if (format < 0)
        return FLAME_OK;
    flame_status st = decide(d, format, 1);
    if (st == FLAME_OK)
        st = feed(d, d->head.data, d->head.len, last);
    fl_buf_free(&d->head);
    return st;
}

flame_status fl_decoder_chunk(fl_decoder *d, const char *data, size_t len)
{
    if (d->status != FLAME_OK)
        return d->status;
    if (d->format == FLAME_INPUT_AUTO)
        return len ? held_chunk(d, data, len, 0) : FLAME_OK;
    if (!d->reader && !d->reader_state && d->format != FLAME_INPUT_FOLDED) {
        flame_status st = decide(d, d->format, 0);
        if (st != FLAME_OK)
            return st;
    }
    return feed(d, data, len, 0);
}

flame_status fl_decoder_end(fl_decoder *d)
{
    if (d->status != FLAME_OK)
        return d->status;
    flame_status st = FLAME_OK;
    if (d->format == FLAME_INPUT_AUTO)
        st = held_chunk(d, "", 0, 1);
    else if (!d->reader && d->format != FLAME_INPUT_FOLDED)
        st = decide(d, d->format, 0);
    if (st == FLAME_OK && !d->reader)
        st = folded_chunk(d, NULL, 0, 1);
    if (st == FLAME_OK && d->reader) {
        const char *unit = NULL;
        st = d->reader->finish(d->reader_state, reader_line, d, &unit);
        if (st == FLAME_OK && unit && !d->count_name) {
            d->count_name = fl_arena_strdup(&d->names, unit, strlen(unit));
            if (!d->count_name)
                st = FLAME_ERR_NOMEM;
        }
    }
    close_reader(d);
    d->replay_fd = -1;
    return st;
}
