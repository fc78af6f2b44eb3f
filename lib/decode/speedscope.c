/*
 * speedscope.c - speedscope JSON to folded stacks (speedscope.h).
 *
 * shared.frames[i] names frame i: "name (file:line)", "name (file)" or
 * "name".  A sampled profile's samples are lists of frame indexes, root
 * first, each counted weights[k]; an evented profile's "O" and "C" events
 * open and close frames at non-decreasing times "at", and the time between
 * two events is the self time of the stack then open.  Counts are in the
 * profile's unit, unconverted; with several profiles (py-spy writes one
 * per thread) each stack starts with its profile's name.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/json_stacks.h"
#include "decode/speedscope.h"

enum {
    K_OTHER, K_FRAMES, K_NAME, K_FILE, K_LINE, K_TYPE, K_UNIT, K_SAMPLES, K_WEIGHTS, K_EVENTS,
    K_FRAME, K_AT
};

#define MAX_DECIMALS 9

int fl_speedscope_init(fl_speedscope *ss)
{
    memset(ss, 0, sizeof *ss);
    fl_intern_init(&ss->strings);
    ss->status = FLAME_OK;
    return 0;
}

void fl_speedscope_free(fl_speedscope *ss)
{
    for (size_t i = 0; i < ss->nprofiles; i++) {
        fl_ss_profile *p = &ss->profiles[i];
        free(p->frames);
        free(p->starts);
        free(p->weights);
        free(p->events);
    }
    free(ss->profiles);
    free(ss->frames);
    fl_intern_free(&ss->strings);
    memset(ss, 0, sizeof *ss);
}

/* Room for one more of size bytes in *items (count n, capacity *cap). */
static int room(void *items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 16;
    if (c > SIZE_MAX / size)
        return -1;
    void *p = realloc(*(void **)items, c * size);
    if (!p)
        return -1;
    *(void **)items = p;
    *cap = c;
    return 0;
}

static int fail(fl_speedscope *ss, flame_status st, const char *what, const char *s, size_t n)
{
    ss->status = st;
    if (st == FLAME_ERR_NOMEM)
        snprintf(ss->message, sizeof ss->message, "out of memory reading speedscope profiles");
    else
        snprintf(ss->message, sizeof ss->message, "speedscope: %s: %.*s", what,
                 (int)(n > 40 ? 40 : n), s);
    return 0;
}

static int nomem(fl_speedscope *ss)
{
    return fail(ss, FLAME_ERR_NOMEM, "", "", 0);
}

static int key_of(const char *s, size_t n)
{
    static const struct { const char *k; int v; } keys[] = {
        {"frames", K_FRAMES}, {"name", K_NAME}, {"file", K_FILE}, {"line", K_LINE},
        {"type", K_TYPE}, {"unit", K_UNIT}, {"samples", K_SAMPLES}, {"weights", K_WEIGHTS},
        {"events", K_EVENTS}, {"frame", K_FRAME}, {"at", K_AT},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strlen(keys[i].k) == n && memcmp(keys[i].k, s, n) == 0)
            return keys[i].v;
    return K_OTHER;
}

/* A frame index: a whole number, no sign, fraction or exponent. */
static int index_of(const char *s, size_t n, uint32_t *out)
{
    uint64_t v = 0;
    if (!n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9' || v > UINT32_MAX / 10)
            return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v >= UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* A number's value and how many decimals it is written with. */
static int value_of(const char *s, size_t n, double *out, int *decimals)
{
    char tmp[128];
    size_t m = n < sizeof tmp - 1 ? n : sizeof tmp - 1;
    memcpy(tmp, s, m);
    tmp[m] = '\0';
    double v = strtod(tmp, NULL);
    if (n >= sizeof tmp - 1 || !isfinite(v))
        return -1;
    const char *dot = memchr(s, '.', n), *e = memchr(s, 'e', n);
    if (!e)
        e = memchr(s, 'E', n);
    long d = 0;
    if (dot)
        d = (long)((e ? e : s + n) - dot - 1);
    if (e) {
        /* strtol saturates a huge exponent; clamped so the subtraction
         * cannot overflow (the value itself is already finite). */
        long x = strtol(e + 1, NULL, 10);
        d -= x > 1000 ? 1000 : x < -1000 ? -1000 : x;
    }
    *decimals = d < 0 ? 0 : d > MAX_DECIMALS ? MAX_DECIMALS : (int)d;
    *out = v;
    return 0;
}

static fl_ss_profile *current(fl_speedscope *ss)
{
    return ss->nprofiles ? &ss->profiles[ss->nprofiles - 1] : NULL;
}

int fl_speedscope_open(fl_speedscope *ss, int section, size_t depth, int array)
{
    if (section == 1) {
        if (depth == 2 && array && ss->key2 == K_FRAMES) {
            ss->in_frames = 1;
        } else if (depth == 3 && !array && ss->in_frames) {
            if (room(&ss->frames, ss->nframes, &ss->frames_cap, sizeof *ss->frames) != 0)
                return nomem(ss);
            fl_ss_frame *f = &ss->frames[ss->nframes++];
            f->name = f->file = f->line = FL_INTERN_NONE;
            ss->in_frame = 1;
            ss->key4 = K_OTHER;
        }
        return 1;
    }
    fl_ss_profile *p = current(ss);
    if (depth == 2 && !array) {
        if (room(&ss->profiles, ss->nprofiles, &ss->profiles_cap, sizeof *ss->profiles) != 0)
            return nomem(ss);
        p = &ss->profiles[ss->nprofiles++];
        memset(p, 0, sizeof *p);
        p->name = p->unit = FL_INTERN_NONE;
        ss->in_profile = 1;
        ss->key3 = K_OTHER;
    } else if (depth == 3 && array && ss->in_profile) {
        ss->in_samples = ss->key3 == K_SAMPLES;
        ss->in_weights = ss->key3 == K_WEIGHTS;
        ss->in_events = ss->key3 == K_EVENTS;
    } else if (depth == 4 && array && ss->in_samples) {
        if (room(&p->starts, p->nsamples, &p->starts_cap, sizeof *p->starts) != 0)
            return nomem(ss);
        p->starts[p->nsamples++] = p->nframes;
        ss->in_sample = 1;
    } else if (depth == 4 && !array && ss->in_events) {
        if (room(&p->events, p->nevents, &p->events_cap, sizeof *p->events) != 0)
            return nomem(ss);
        fl_ss_event *e = &p->events[p->nevents++];
        memset(e, 0, sizeof *e);
        e->open = -1;
        ss->in_event = 1;
        ss->key4 = K_OTHER;
    }
    return 1;
}

int fl_speedscope_close(fl_speedscope *ss, int section, size_t depth, int array)
{
    FL_UNUSED(array);
    if (section == 1) {
        if (depth == 3)
            ss->in_frame = 0;
        else if (depth == 2)
            ss->in_frames = 0;
        return 1;
    }
    if (depth == 4)
        ss->in_sample = ss->in_event = 0;
    else if (depth == 3)
        ss->in_samples = ss->in_weights = ss->in_events = 0;
    else if (depth == 2)
        ss->in_profile = 0;
    return 1;
}

int fl_speedscope_key(fl_speedscope *ss, int section, size_t depth, const char *s, size_t n)
{
    FL_UNUSED(section);
    int k = key_of(s, n);
    if (depth == 2)
        ss->key2 = k;
    else if (depth == 3)
        ss->key3 = k;
    else if (depth == 4 || depth == 5)
        ss->key4 = k;    /* a frame's member (shared) or an event's (profiles) */
    return 1;
}

static int intern(fl_speedscope *ss, const char *s, size_t n, uint32_t *id)
{
    return fl_intern_add(&ss->strings, s, n, id) == 0 ? 1 : nomem(ss);
}

int fl_speedscope_scalar(fl_speedscope *ss, int section, size_t depth, fl_json_kind kind,
                         const char *s, size_t n)
{
    if (section == 1) {
        if (depth != 4 || !ss->in_frame)
            return 1;
        fl_ss_frame *f = &ss->frames[ss->nframes - 1];
        if (ss->key4 == K_NAME && kind != FL_JSON_NULL)
            return intern(ss, s, n, &f->name);
        if (ss->key4 == K_FILE && kind == FL_JSON_STRING)
            return intern(ss, s, n, &f->file);
        if (ss->key4 == K_LINE && kind == FL_JSON_NUMBER)
            return intern(ss, s, n, &f->line);
        return 1;
    }
    fl_ss_profile *p = current(ss);
    if (depth == 3 && ss->in_profile && kind == FL_JSON_STRING) {
        if (ss->key3 == K_TYPE)
            p->type = n == 7 && memcmp(s, "sampled", 7) == 0   ? FL_SS_SAMPLED
                      : n == 7 && memcmp(s, "evented", 7) == 0 ? FL_SS_EVENTED
                                                               : -1;
        else if (ss->key3 == K_NAME)
            return intern(ss, s, n, &p->name);
        else if (ss->key3 == K_UNIT)
            return intern(ss, s, n, &p->unit);
    } else if (depth == 5 && ss->in_sample) {
        uint32_t idx;
        if (kind != FL_JSON_NUMBER || index_of(s, n, &idx) != 0)
            return fail(ss, FLAME_ERR_INPUT, "a frame index is not a whole number", s, n);
        if (room(&p->frames, p->nframes, &p->frames_cap, sizeof *p->frames) != 0)
            return nomem(ss);
        p->frames[p->nframes++] = idx;
    } else if (depth == 4 && ss->in_weights) {
        double w;
        int d;
        if (kind != FL_JSON_NUMBER || value_of(s, n, &w, &d) != 0 || w < 0)
            return fail(ss, FLAME_ERR_INPUT, "a weight is not a number of 0 or more", s, n);
        if (room(&p->weights, p->nweights, &p->weights_cap, sizeof *p->weights) != 0)
            return nomem(ss);
        p->weights[p->nweights++] = w;
        if (d > p->decimals)
            p->decimals = d;
    } else if (depth == 5 && ss->in_event) {
        fl_ss_event *e = &p->events[p->nevents - 1];
        if (ss->key4 == K_TYPE && kind == FL_JSON_STRING) {
            e->open = n == 1 && s[0] == 'O' ? 1 : n == 1 && s[0] == 'C' ? 0 : -1;
        } else if (ss->key4 == K_FRAME) {
            if (kind != FL_JSON_NUMBER || index_of(s, n, &e->frame) != 0)
                return fail(ss, FLAME_ERR_INPUT, "a frame index is not a whole number", s, n);
            e->has_frame = 1;
        } else if (ss->key4 == K_AT) {
            int d;
            if (kind != FL_JSON_NUMBER || value_of(s, n, &e->at, &d) != 0)
                return fail(ss, FLAME_ERR_INPUT, "an event's \"at\" is not a number", s, n);
            e->has_at = 1;
            if (d > p->decimals)
                p->decimals = d;
        }
    }
    return 1;
}

/* ---- stacks ------------------------------------------------------------- */

typedef struct ss_open {
    uint32_t frame, node;
    size_t path_len;
} ss_open;

typedef struct ss_walk {
    fl_speedscope *ss;
    fl_diag *diag;
    fl_line_fn emit;
    void *ctx;
    int chart, decimals;
    fl_stacks stacks;
    double *self;
    size_t self_cap;
    uint32_t *disp;          /* frame index -> id of its name as a line holds it */
    fl_buf tmp, path, pending;
    uint32_t pending_node;
    double pending_v;
    int has_pending;
    uint64_t line_bytes;     /* of the lines handed on */
    ss_open *open;
    size_t nopen, open_cap;
} ss_walk;

static const char *display(void *ctx, uint32_t name, size_t *len)
{
    const fl_intern_str *s = fl_intern_get(&((ss_walk *)ctx)->ss->strings, name);
    *len = s->len;
    return s->s;
}

/* The id of text as a frame name (made line-safe). */
static int frame_id(ss_walk *w, const char *s, size_t n, uint32_t *id)
{
    fl_buf safe = {0};
    size_t len;
    const char *t = fl_frame_text(s, n, &safe, &len);
    int rc = t ? fl_intern_add(&w->ss->strings, t, len, id) : -1;
    fl_buf_free(&safe);
    return rc;
}

static int frame_names(ss_walk *w)
{
    fl_speedscope *ss = w->ss;
    w->disp = malloc((ss->nframes ? ss->nframes : 1) * sizeof *w->disp);
    if (!w->disp)
        return -1;
    for (size_t i = 0; i < ss->nframes; i++) {
        const fl_ss_frame *f = &ss->frames[i];
        fl_buf *b = &w->tmp;
        b->len = 0;
        int rc = 0;
        if (f->name != FL_INTERN_NONE) {
            const fl_intern_str *s = fl_intern_get(&ss->strings, f->name);
            rc |= fl_buf_append(b, s->s, s->len);
        }
        if (f->file != FL_INTERN_NONE) {
            const fl_intern_str *s = fl_intern_get(&ss->strings, f->file);
            rc |= fl_buf_puts(b, " (") | fl_buf_append(b, s->s, s->len);
            if (f->line != FL_INTERN_NONE) {
                s = fl_intern_get(&ss->strings, f->line);
                rc |= fl_buf_putc(b, ':') | fl_buf_append(b, s->s, s->len);
            }
            rc |= fl_buf_putc(b, ')');
        }
        if (rc != 0 || frame_id(w, b->len ? b->data : "", b->len, &w->disp[i]) != 0)
            return -1;
    }
    return 0;
}

static uint32_t child(ss_walk *w, uint32_t parent, uint32_t name)
{
    uint32_t node = fl_stacks_child(&w->stacks, parent, name);
    if (node != FL_STACKS_FAIL && w->stacks.n > w->self_cap) {
        size_t cap = w->self_cap ? w->self_cap * 2 : 4096;
        while (cap < w->stacks.n)
            cap *= 2;
        double *self = realloc(w->self, cap * sizeof *self);
        if (!self)
            return FL_STACKS_FAIL;
        for (size_t i = w->self_cap; i < cap; i++)
            self[i] = 0;
        w->self = self;
        w->self_cap = cap;
    }
    return node;
}

static int put_value(fl_buf *b, double v, int decimals)
{
    char num[400];
    int n = snprintf(num, sizeof num, "%.*f", decimals, v);
    if (n <= 0 || (size_t)n >= sizeof num)
        return -1;
    if (memchr(num, '.', (size_t)n)) {
        while (num[n - 1] == '0')
            n--;
        if (num[n - 1] == '.')
            n--;
    }
    return fl_buf_append(b, num, (size_t)n);
}

static flame_status flush(ss_walk *w)
{
    if (!w->has_pending)
        return FLAME_OK;
    w->has_pending = 0;
    w->line_bytes += w->pending.len + 32;
    if (w->line_bytes > FL_STACKS_TEXT_MAX) {
        fl_error(w->diag, "%s", FL_STACKS_TEXT_MESSAGE);
        return FLAME_ERR_LIMIT;
    }
    if (w->pending_v <= 0)
        return FLAME_OK;
    if (fl_buf_putc(&w->pending, ' ') != 0 ||
        put_value(&w->pending, w->pending_v, w->decimals) != 0)
        return FLAME_ERR_NOMEM;
    return w->emit(w->ctx, w->pending.data, w->pending.len);
}

/* --flamechart: v more of the stack node (whose line is w->path). */
static flame_status stretch(ss_walk *w, uint32_t node, double v)
{
    if (w->has_pending && w->pending_node == node) {
        w->pending_v += v;
        return FLAME_OK;
    }
    flame_status st = flush(w);
    if (st != FLAME_OK)
        return st;
    w->pending.len = 0;
    if (fl_buf_append(&w->pending, w->path.data, w->path.len) != 0)
        return FLAME_ERR_NOMEM;
    w->pending_node = node;
    w->pending_v = v;
    w->has_pending = 1;
    return FLAME_OK;
}

static int push_path(ss_walk *w, uint32_t name)
{
    const fl_intern_str *s = fl_intern_get(&w->ss->strings, name);
    return (w->path.len && fl_buf_putc(&w->path, ';') != 0) ||
           fl_buf_append(&w->path, s->s, s->len);
}

static flame_status too_large(ss_walk *w)
{
    fl_error(w->diag, "speedscope: the counts add up to more than can be drawn");
    return FLAME_ERR_LIMIT;
}

static flame_status add(ss_walk *w, uint32_t node, double v)
{
    if (!(v > 0))
        return FLAME_OK;
    if (w->chart) {
        flame_status st = stretch(w, node, v);
        return st == FLAME_OK && !isfinite(w->pending_v) ? too_large(w) : st;
    }
    w->self[node] += v;
    return isfinite(w->self[node]) ? FLAME_OK : too_large(w);
}

/* An error in profile prof ("profile 2 (MainThread): event 7: ..."); what
 * and k (from 0) say where, when what is not NULL. */
static flame_status bad(ss_walk *w, size_t prof, const char *what, size_t k, const char *detail)
{
    const fl_ss_profile *p = &w->ss->profiles[prof];
    const fl_intern_str *name =
        p->name != FL_INTERN_NONE ? fl_intern_get(&w->ss->strings, p->name) : NULL;
    char where[48] = "";
    if (what)
        snprintf(where, sizeof where, ": %s %zu", what, k + 1);
    int shown = name ? (int)(name->len > 60 ? 60 : name->len) : 0;
    fl_error(w->diag, "speedscope: profile %zu%s%.*s%s%s: %s", prof + 1, name ? " (" : "", shown,
             name ? name->s : "", name ? ")" : "", where, detail);
    return FLAME_ERR_INPUT;
}

static flame_status sampled(ss_walk *w, size_t prof, uint32_t root, size_t root_path)
{
    const fl_ss_profile *p = &w->ss->profiles[prof];
    for (size_t k = 0; k < p->nsamples; k++) {
        size_t from = p->starts[k], to = k + 1 < p->nsamples ? p->starts[k + 1] : p->nframes;
        uint32_t node = root;
        w->path.len = root_path;
        for (size_t i = from; i < to; i++) {
            uint32_t f = p->frames[i];
            if (f >= w->ss->nframes)
                return bad(w, prof, "sample", k, "a frame index past the end of shared.frames");
            if ((node = child(w, node, w->disp[f])) == FL_STACKS_FAIL ||
                (w->chart && push_path(w, w->disp[f]) != 0))
                return FLAME_ERR_NOMEM;
        }
        if (node == FL_STACKS_ROOT)
            continue;    /* an empty stack: no frame to count it in */
        flame_status st = add(w, node, k < p->nweights ? p->weights[k] : 1);
        if (st != FLAME_OK)
            return st;
    }
    return FLAME_OK;
}

static flame_status evented(ss_walk *w, size_t prof, uint32_t root, size_t root_path)
{
    const fl_ss_profile *p = &w->ss->profiles[prof];
    w->nopen = 0;
    w->path.len = root_path;
    double prev = 0;
    for (size_t k = 0; k < p->nevents; k++) {
        const fl_ss_event *e = &p->events[k];
        if (!e->has_at || !e->has_frame || e->open < 0)
            return bad(w, prof, "event", k,
                       "not an \"O\" or \"C\" event with \"frame\" and \"at\"");
        if (e->frame >= w->ss->nframes)
            return bad(w, prof, "event", k, "a frame index past the end of shared.frames");
        if (k && e->at < prev)
            return bad(w, prof, "event", k, "\"at\" goes back in time");
        if (w->nopen) {
            flame_status st = add(w, w->open[w->nopen - 1].node, e->at - prev);
            if (st != FLAME_OK)
                return st;
        } else if (w->chart && k && e->at > prev) {
            flame_status st = flush(w);     /* idle time ends a stretch */
            if (st != FLAME_OK)
                return st;
        }
        prev = e->at;
        if (e->open) {
            if (room(&w->open, w->nopen, &w->open_cap, sizeof *w->open) != 0)
                return FLAME_ERR_NOMEM;
            uint32_t parent = w->nopen ? w->open[w->nopen - 1].node : root;
            uint32_t node = child(w, parent, w->disp[e->frame]);
            if (node == FL_STACKS_FAIL)
                return FLAME_ERR_NOMEM;
            ss_open *o = &w->open[w->nopen++];
            o->frame = e->frame;
            o->node = node;
            o->path_len = w->path.len;
            if (w->chart && push_path(w, w->disp[e->frame]) != 0)
                return FLAME_ERR_NOMEM;
        } else {
            if (!w->nopen || w->open[w->nopen - 1].frame != e->frame)
                return bad(w, prof, "event", k, "\"C\" does not close the innermost open frame");
            w->path.len = w->open[--w->nopen].path_len;
        }
    }
    return FLAME_OK;
}

static int self_line(void *ctx, uint32_t node, fl_buf *line)
{
    ss_walk *w = ctx;
    if (node >= w->self_cap || !(w->self[node] > 0))
        return 0;
    return fl_buf_putc(line, ' ') == 0 && put_value(line, w->self[node], w->decimals) == 0 ? 1 : -1;
}

static const char *unit_name(fl_speedscope *ss, const fl_ss_profile *p)
{
    if (p->unit == FL_INTERN_NONE)
        return "samples";
    const fl_intern_str *u = fl_intern_get(&ss->strings, p->unit);
    return u->len == 4 && memcmp(u->s, "none", 4) == 0 ? "samples" : u->s;
}

flame_status fl_speedscope_emit(fl_speedscope *ss, const fl_config *cfg, fl_diag *diag,
                                fl_line_fn emit, void *ctx, const char **count_name)
{
    ss_walk w;
    memset(&w, 0, sizeof w);
    w.ss = ss;
    w.diag = diag;
    w.emit = emit;
    w.ctx = ctx;
    w.chart = cfg->opt.flamechart;
    flame_status st = FLAME_ERR_NOMEM;
    if (fl_stacks_init(&w.stacks) != 0 || frame_names(&w) != 0)
        goto out;
    for (size_t i = 0; i < ss->nprofiles; i++)
        if (ss->profiles[i].decimals > w.decimals)
            w.decimals = ss->profiles[i].decimals;
    /* The first profile's unit names the counts (py-spy and rbspy write
     * one unit for all). */
    if (ss->nprofiles)
        *count_name = ss->count_name = unit_name(ss, &ss->profiles[0]);
    for (size_t i = 0; i < ss->nprofiles; i++) {
        const fl_ss_profile *p = &ss->profiles[i];
        uint32_t root = FL_STACKS_ROOT;
        w.path.len = 0;
        if (ss->nprofiles > 1) {
            char dflt[32];
            uint32_t name;
            const fl_intern_str *s =
                p->name != FL_INTERN_NONE ? fl_intern_get(&ss->strings, p->name) : NULL;
            snprintf(dflt, sizeof dflt, "profile %zu", i + 1);
            if (frame_id(&w, s ? s->s : dflt, s ? s->len : strlen(dflt), &name) != 0 ||
                (root = child(&w, root, name)) == FL_STACKS_FAIL ||
                (w.chart && push_path(&w, name) != 0))
                goto out;
        }
        size_t root_path = w.path.len;
        if (p->type == FL_SS_SAMPLED)
            st = sampled(&w, i, root, root_path);
        else if (p->type == FL_SS_EVENTED)
            st = evented(&w, i, root, root_path);
        else
            st = bad(&w, i, NULL, 0, "its type is neither \"sampled\" nor \"evented\"");
        if (st == FLAME_OK && w.chart)
            st = flush(&w);
        if (st != FLAME_OK)
            goto out;
    }
    if (!w.chart)
        st = fl_stacks_emit(&w.stacks, display, &w, self_line, &w, emit, ctx, diag);
    else
        st = FLAME_OK;
out:
    fl_stacks_free(&w.stacks);
    free(w.self);
    free(w.disp);
    free(w.open);
    fl_buf_free(&w.tmp);
    fl_buf_free(&w.path);
    fl_buf_free(&w.pending);
    return st;
}
