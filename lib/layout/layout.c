/*
 * layout.c - from merged frames to a picture: the total, which frames are
 * wide enough to draw, their rectangles, colours, tooltips and labels.
 * Formulas are flamegraph.pl's (docs: flamegraph-behaviour.md, 3-5).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "layout/color.h"
#include "layout/layout.h"

/* Tallest picture laid out: 2^24 px, where single precision still counts
 * every pixel. */
#define FL_MAX_HEIGHT 16777216.0

static void set_geometry(fl_layout *g)
{
    fl_geom *m = &g->geom;
    const flame_options *o = &g->cfg->opt;
    m->width = o->width;
    m->frame_height = o->frame_height;
    m->font_size = o->font_size;
    m->font_width = o->font_width;
    m->xpad = FL_XPAD;
    m->ypad1 = o->font_size * 3;
    m->ypad2 = o->font_size * 2 + 10;
    m->ypad3 = o->font_size * 2;
    m->framepad = 1;
    if (o->subtitle && *o->subtitle)
        m->ypad1 += m->ypad3;
}

static flame_status choose_colors(fl_layout *g)
{
    const fl_names *names = g->names;
    const flame_options *o = &g->cfg->opt;
    /* Name-derived colours are the same for every frame of a name. */
    fl_rgb *cache = NULL;
    unsigned char *known = NULL;
    if (o->color_mode != FLAME_COLOR_RANDOM) {
        cache = malloc((size_t)names->count * sizeof *cache);
        known = calloc(names->count, 1);
        if (!cache || !known) {
            free(cache);
            free(known);
            return FLAME_ERR_NOMEM;
        }
    }
    uint64_t rng = fl_srand48_state((uint32_t)o->random_seed);
    int use_map = o->palette_map != NULL;
    flame_status st = FLAME_OK;
    for (size_t i = 0; i < g->ndrawn; i++) {
        const fl_frame *f = &g->merge->frames[g->drawn[i].frame];
        const fl_name *nm = &names->list[f->name];
        fl_rgb c;
        if (nm->len == 2 && memcmp(nm->str, "--", 2) == 0) {
            c = (fl_rgb){160, 160, 160};
        } else if (nm->len == 1 && nm->str[0] == '-') {
            c = (fl_rgb){200, 200, 200};
        } else if (g->cfg->color_diffusion) {
            c = fl_color_by_width(f->end - f->start, g->geom.timemax);
        } else if (f->has_delta) {
            c = fl_color_delta(f->delta, g->merge->maxdelta, o->negate, g->cfg->diff_colors);
        } else if (use_map) {
            const fl_rgb *hit = fl_pmap_find(&g->pmap, nm->str, nm->len);
            if (hit) {
                c = *hit;
            } else {
                c = fl_color_for_name(g->cfg->palette, o->color_mode, nm->str, nm->len, &rng);
                if (fl_pmap_add(&g->pmap, nm->str, nm->len, c) != 0) {
                    st = FLAME_ERR_NOMEM;
                    break;
                }
            }
        } else if (cache) {
            if (!known[f->name]) {
                cache[f->name] = fl_color_for_name(g->cfg->palette, o->color_mode, nm->str,
                                                   nm->len, &rng);
                known[f->name] = 1;
            }
            c = cache[f->name];
        } else {
            c = fl_color_for_name(g->cfg->palette, o->color_mode, nm->str, nm->len, &rng);
        }
        g->drawn[i].rgb = c;
    }
    free(cache);
    free(known);
    return st;
}

static uint64_t frame_key_hash(const fl_frame *f)
{
    uint64_t bits;
    memcpy(&bits, &f->end, sizeof bits);
    uint64_t h = bits ^ ((uint64_t)f->name << 32) ^ f->depth;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/*
 * flamegraph.pl files each frame under "name;depth;end time", so a frame
 * that ends where a zero-width frame of the same name and depth also ends
 * (a line with count 0 right after it) is overwritten by it and vanishes,
 * while its children stay.  Reproduce that: the last frame of a key wins,
 * taking the earlier one's delta when it has none.  Only zero-width frames
 * can collide, so graphs without them skip this.
 */
static flame_status resolve_collisions(fl_layout *g)
{
    fl_frame *frames = g->merge->frames;
    size_t n = g->merge->nframes, zero = 0;
    for (size_t i = 1; i < n; i++)
        if (frames[i].end == frames[i].start)
            zero++;
    if (!zero)
        return FLAME_OK;
    size_t nslots = 16;
    while (nslots < n * 2)
        nslots *= 2;
    uint32_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return FLAME_ERR_NOMEM;
    for (size_t i = 1; i < n; i++) {
        fl_frame *f = &frames[i];
        size_t k = (size_t)frame_key_hash(f) & (nslots - 1);
        while (slots[k]) {
            fl_frame *e = &frames[slots[k] - 1];
            if (e->name == f->name && e->depth == f->depth && e->end == f->end) {
                e->lost = 1;
                if (!f->has_delta && e->has_delta) {
                    f->delta = e->delta;
                    f->has_delta = 1;
                }
                break;
            }
            k = (k + 1) & (nslots - 1);
        }
        slots[k] = (uint32_t)i + 1;
    }
    free(slots);
    return FLAME_OK;
}

/* Names as shown, annotation stripped and XML-safe, once per name drawn. */
static flame_status cache_shown_names(fl_layout *g)
{
    g->shown = malloc((size_t)g->names->count * sizeof *g->shown);
    if (!g->shown)
        return FLAME_ERR_NOMEM;
    for (uint32_t id = 0; id < g->names->count; id++)
        g->shown[id].off = SIZE_MAX;
    for (size_t i = 0; i < g->ndrawn; i++) {
        uint32_t id = g->merge->frames[g->drawn[i].frame].name;
        if (g->shown[id].off != SIZE_MAX)
            continue;
        const fl_name *nm = &g->names->list[id];
        size_t off = g->shown_text.len;
        if (fl_text_xml_safe(&g->shown_text, nm->str, fl_strip_annotation(nm->str, nm->len)))
            return FLAME_ERR_NOMEM;
        g->shown[id] = (fl_span){off, g->shown_text.len - off};
    }
    return FLAME_OK;
}

static flame_status layout(fl_layout *g)
{
    flame_status st;
    const flame_options *o = &g->cfg->opt;
    set_geometry(g);
    fl_geom *m = &g->geom;
    double time = g->merge->time;

    if (time < 100 && strcmp(g->count_name, "samples") == 0) {
        fl_buf num = {0};
        fl_fmt_num(&num, time);
        fl_warn(g->diag, "Stack count is low (%s). Did something go wrong?",
                       num.data ? num.data : "0");
        fl_buf_free(&num);
    }
    if (time == 0) {
        fl_error(g->diag, "No stack counts found");
        m->width = o->width;
        m->height = o->font_size * 5;
        return FLAME_ERR_NO_SAMPLES;
    }
    if (!isfinite(time)) {
        fl_error(g->diag, "the sum of the counts is too large to draw");
        return FLAME_ERR_LIMIT;
    }
    m->timemax = time;
    if (o->total > 0) {
        if (o->total < time) {
            if (o->total / time > 0.02) {
                fl_buf a = {0}, b = {0};
                fl_fmt_num(&a, o->total);
                fl_fmt_num(&b, time);
                fl_warn(g->diag, "Specified --total %s is less than actual total %s, so ignored",
                               a.data ? a.data : "?", b.data ? b.data : "?");
                fl_buf_free(&a);
                fl_buf_free(&b);
            }
        } else {
            m->timemax = o->total;
        }
    }
    if (!isfinite(m->timemax * o->factor)) {
        /* the tooltips would say "inf samples" and "nan%" */
        fl_error(g->diag, "--factor times the sum of the counts is too large to show");
        return FLAME_ERR_LIMIT;
    }
    m->widthpertime = (m->width - 2 * m->xpad) / m->timemax;
    m->minwidth_time = fl_minwidth_time(g->cfg, m->timemax);

    /* flamegraph.pl's quirk belongs to its order; in weight order frames
     * of a name are merged and none is lost. */
    if (g->cfg->sort != FLAME_SORT_WEIGHT) {
        st = resolve_collisions(g);
        if (st != FLAME_OK)
            return st;
    }

    /* Pick the frames wide enough to draw.  A frame's descendants are never
     * wider than it, so a kept frame's parent is kept too, unless a
     * collision above removed it: then the nearest kept ancestor stands in. */
    fl_frame *frames = g->merge->frames;
    frames[0].end = m->timemax;
    g->drawn = malloc(g->merge->nframes * sizeof *g->drawn);
    uint32_t *drawn_of = malloc(g->merge->nframes * sizeof *drawn_of);
    if (!g->drawn || !drawn_of) {
        free(drawn_of);
        return FLAME_ERR_NOMEM;
    }
    unsigned depthmax = 0;
    size_t n = 0;
    for (size_t i = 0; i < g->merge->nframes; i++) {
        const fl_frame *f = &frames[i];
        drawn_of[i] = UINT32_MAX;
        if (f->lost || f->end - f->start < m->minwidth_time)
            continue;
        uint32_t p = f->parent;
        while (i > 0 && drawn_of[p] == UINT32_MAX && p != 0)
            p = frames[p].parent;
        g->drawn[n].frame = (uint32_t)i;
        g->drawn[n].parent = i > 0 && drawn_of[p] != UINT32_MAX ? drawn_of[p] : 0;
        drawn_of[i] = (uint32_t)n;
        if (f->depth > depthmax)
            depthmax = f->depth;
        n++;
    }
    free(drawn_of);
    g->ndrawn = n;
    if (depthmax >= FL_MAX_DEPTH) {
        fl_error(g->diag, "the graph is %u frames deep; at most %u can be drawn "
                     "(try --minwidth to leave out narrow frames)", depthmax, FL_MAX_DEPTH - 1);
        return FLAME_ERR_LIMIT;
    }
    m->depthmax = depthmax;
    m->height = (depthmax + 1) * m->frame_height + m->ypad1 + m->ypad2;
    if (m->height > FL_MAX_HEIGHT) {
        /* Browsers place SVG in single-precision floats: beyond 2^24 px,
         * frames land on the wrong rows. */
        fl_error(g->diag, "the image would be %.0f px tall; at most %.0f can be drawn "
                     "(try --height or --minwidth)", m->height, FL_MAX_HEIGHT);
        return FLAME_ERR_LIMIT;
    }

    if (o->palette_map) {
        st = fl_pmap_read(&g->pmap, o->palette_map, g->diag->err, sizeof g->diag->err);
        if (st != FLAME_OK)
            return st;
    }
    st = choose_colors(g);
    if (st == FLAME_OK)
        st = cache_shown_names(g);
    if (st != FLAME_OK)
        return st;
    if (o->palette_map)
        return fl_pmap_write(&g->pmap, o->palette_map, g->diag->err, sizeof g->diag->err);
    return FLAME_OK;
}

flame_status fl_layout_run(fl_layout *l)
{
    return l->status = layout(l);
}

void fl_layout_free(fl_layout *l)
{
    free(l->drawn);
    free(l->shown);
    fl_buf_free(&l->shown_text);
    fl_pmap_free(&l->pmap);
    l->drawn = NULL;
    l->shown = NULL;
    l->ndrawn = 0;
}

const fl_frame *fl_drawn_frame(const fl_layout *l, size_t i)
{
    return &l->merge->frames[l->drawn[i].frame];
}

void fl_frame_rect(const fl_layout *g, size_t i, double *x1, double *y1, double *x2, double *y2)
{
    const fl_geom *m = &g->geom;
    const fl_frame *f = &g->merge->frames[g->drawn[i].frame];
    double d = f->depth;
    *x1 = m->xpad + f->start * m->widthpertime;
    *x2 = m->xpad + f->end * m->widthpertime;
    if (g->cfg->opt.inverted) {
        *y1 = m->ypad1 + d * m->frame_height;
        *y2 = m->ypad1 + (d + 1) * m->frame_height - m->framepad;
    } else {
        *y1 = m->height - m->ypad2 - (d + 1) * m->frame_height + m->framepad;
        *y2 = m->height - m->ypad2 - d * m->frame_height;
    }
}

/* The name as shown; the root is "all". */
static const char *shown_name(const fl_layout *g, const fl_frame *f, size_t *len)
{
    if (f->depth == 0) {
        *len = 3;
        return "all";
    }
    const fl_span *sp = &g->shown[f->name];
    *len = sp->len;
    return g->shown_text.data + sp->off;
}

int fl_tooltip(const fl_layout *g, size_t i, fl_buf *out)
{
    const fl_frame *f = &g->merge->frames[g->drawn[i].frame];
    const fl_geom *m = &g->geom;
    double factor = g->cfg->opt.factor;
    double samples = nearbyint((f->end - f->start) * factor);
    size_t len;
    const char *name = shown_name(g, f, &len);
    if (fl_buf_append(out, name, len) != 0 || fl_buf_puts(out, " (") != 0 ||
        fl_fmt_thousands(out, samples) != 0 || fl_buf_putc(out, ' ') != 0 ||
        fl_text_xml_safe(out, g->count_name, strlen(g->count_name)) != 0)
        return -1;
    if (f->depth == 0)
        return fl_buf_puts(out, ", 100%)");
    if (fl_buf_puts(out, ", ") != 0 ||
        fl_fmt_decimals(out, 100 * samples / (m->timemax * factor), 2) != 0 ||
        fl_buf_putc(out, '%') != 0)
        return -1;
    if (f->has_delta) {
        double d = g->cfg->opt.negate ? -f->delta : f->delta;
        if (d == 0)
            d = 0;
        if (fl_buf_puts(out, d > 0 ? "; +" : "; ") != 0 ||
            fl_fmt_decimals(out, 100 * d / (m->timemax * factor), 2) != 0 ||
            fl_buf_putc(out, '%') != 0)
            return -1;
    }
    return fl_buf_putc(out, ')');
}

int fl_label(const fl_layout *g, size_t i, double width_px, fl_buf *out)
{
    const fl_frame *f = &g->merge->frames[g->drawn[i].frame];
    double chars = width_px / (g->geom.font_size * g->geom.font_width);
    if (!(chars >= 3))
        return 0;
    size_t len;
    const char *name = shown_name(g, f, &len);
    long fit = chars > 1e9 ? 1000000000L : (long)chars;
    if (g->cfg->truncate == FLAME_TRUNCATE_LEFT)
        return fl_fit_label_left(out, name, len, fit);
    return fl_fit_label(out, name, len, fit);
}
