/*
 * cairo.c - PNG and PDF output through cairo and pango.
 *
 * Draws what the SVG draws (svg.c) without the interactive parts: the
 * background gradient, the title and subtitle, and every frame with its
 * label.  Labels are fitted with pango's real metrics, not the SVG's
 * estimate.  Every cairo and pango object (font map included) is created per
 * call, so separate graphs render in separate threads without shared state.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "base/text.h"
#include "render/render.h"

#define CAIRO_MAX_PX 32767   /* cairo's limit for image surfaces, each side */
/* Pixels in a PNG: 4 bytes each in memory while drawing, so at most 512 MiB
 * (cflamegraph(1), LIMITS). */
#define PNG_MAX_PIXELS (128.0 * 1024 * 1024)
/* The largest page side PDF readers must accept (ISO 32000-1, annex C):
 * a taller graph is drawn smaller, in vectors, to fit it. */
#define PDF_MAX_PT 14400.0
#define LABEL_PAD 3.0        /* label starts 3 px into the frame (svg.c), keeps 3 px on the right */
#define FRAME_RADIUS 2.0     /* rx/ry of the SVG's frame rects */

typedef struct cr_out {
    flame_write_fn write;
    void *ctx;
    int failed;
} cr_out;

static cairo_status_t cr_write(void *closure, const unsigned char *data, unsigned int len)
{
    cr_out *o = closure;
    if (o->failed || o->write(o->ctx, data, len) != 0) {
        o->failed = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Label fitting state: one layout for every label. */
typedef struct labeler {
    PangoLayout *layout;
    double adv[128];     /* advance of each ASCII character, pixels */
    double dots;         /* width of ".." */
    double wide;         /* estimate for any other character */
    fl_buf name;         /* display name, valid UTF-8 */
    fl_buf text;         /* candidate label */
    size_t *offs;        /* byte offset of each character of name, and the end */
    size_t offs_cap;
    int left;            /* --truncate left: keep the end of a name, ".." first */
} labeler;

static double text_width(PangoLayout *layout, const char *s, int len)
{
    int w, h;
    pango_layout_set_text(layout, s, len);
    pango_layout_get_size(layout, &w, &h);
    return (double)w / PANGO_SCALE;
}

static size_t utf8_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xF0)
        return 4;
    if (c >= 0xE0)
        return 3;
    return 2;
}

static void hex_color(const char *hex, double *r, double *g, double *b)
{
    unsigned v = 0;
    if (hex && hex[0] == '#')
        sscanf(hex + 1, "%6x", &v);
    *r = ((v >> 16) & 0xff) / 255.0;
    *g = ((v >> 8) & 0xff) / 255.0;
    *b = (v & 0xff) / 255.0;
}

/* Show the layout's current text with its baseline at (x, y). */
static void show_at(cairo_t *cr, PangoLayout *layout, double x, double y)
{
    double base = (double)pango_layout_get_baseline(layout) / PANGO_SCALE;
    cairo_move_to(cr, x, y - base);
    pango_cairo_show_layout(cr, layout);
}

/* Text centred at x with its baseline at y. */
static void show_centred(cairo_t *cr, PangoLayout *layout, const char *text, double x, double y)
{
    double w = text_width(layout, text, -1);
    show_at(cr, layout, x - w / 2, y);
}

static PangoFontDescription *font_for(const char *family, double px)
{
    PangoFontDescription *fd = pango_font_description_new();
    if (!fd)
        return NULL;
    fl_buf fam = {0};
    if (fl_buf_puts(&fam, family && *family ? family : "sans") != 0 ||
        fl_buf_puts(&fam, ",sans") != 0) {
        fl_buf_free(&fam);
        pango_font_description_free(fd);
        return NULL;
    }
    pango_font_description_set_family(fd, fam.data);
    fl_buf_free(&fam);
    pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
    return fd;
}

/* The frame's name as shown: annotation stripped, valid UTF-8; "all" for the root. */
/* Keep b NUL-terminated without counting the NUL. */
static int terminate(fl_buf *b)
{
    if (fl_buf_putc(b, '\0') != 0)
        return -1;
    b->len--;
    return 0;
}

static int display_name(const fl_layout *g, size_t i, fl_buf *out)
{
    const fl_frame *f = fl_drawn_frame(g, i);
    out->len = 0;
    if (f->depth == 0)
        return fl_buf_puts(out, "all") != 0 ? -1 : terminate(out);
    const fl_name *nm = &g->names->list[f->name];
    if (fl_text_xml_safe(out, nm->str, fl_strip_annotation(nm->str, nm->len)) != 0)
        return -1;
    return terminate(out);
}

/* Build text = first k characters of name, plus ".." when cut (--truncate
 * left: ".." and the last k characters). */
static int candidate(labeler *lb, size_t k, size_t n)
{
    lb->text.len = 0;
    if (lb->left && k < n) {
        size_t from = lb->offs[n - k];
        if (fl_buf_append(&lb->text, "..", 2) != 0 ||
            fl_buf_append(&lb->text, lb->name.data + from, lb->name.len - from) != 0)
            return -1;
        return terminate(&lb->text);
    }
    if (fl_buf_append(&lb->text, lb->name.data, lb->offs[k]) != 0)
        return -1;
    if (k < n && fl_buf_append(&lb->text, "..", 2) != 0)
        return -1;
    return terminate(&lb->text);
}

static double measure(labeler *lb)
{
    return text_width(lb->layout, lb->text.data, (int)lb->text.len);
}

/*
 * Fit drawn frame i's label into avail pixels (k characters of the name
 * kept, the largest k that fits: the start of the name, or its end).  On success (1) the layout
 * holds the label; 0 means no label; -1 out of memory.
 */
static int fit_label(const fl_layout *g, labeler *lb, size_t i, double avail)
{
    if (display_name(g, i, &lb->name) != 0)
        return -1;
    const char *s = lb->name.data ? lb->name.data : "";
    size_t len = lb->name.len;
    /* character offsets */
    size_t n = 0;
    if (len + 1 > lb->offs_cap) {
        size_t cap = len + 1 > 2 * lb->offs_cap ? len + 1 : 2 * lb->offs_cap;
        size_t *p = realloc(lb->offs, cap * sizeof *p);
        if (!p)
            return -1;
        lb->offs = p;
        lb->offs_cap = cap;
    }
    /* estimate: the longest prefix that fits, with and without ".." */
    double est = 0;
    size_t k_full = 0;      /* chars fitting whole (estimate) */
    size_t k_cut = 0;       /* chars fitting before ".." (estimate) */
    for (size_t b = 0; b < len;) {
        lb->offs[n] = b;
        unsigned char c = (unsigned char)s[b];
        est += c < 0x80 ? lb->adv[c] : lb->wide;
        b += utf8_len(c);
        if (b > len)
            b = len;
        n++;
        if (est <= avail)
            k_full = n;
        if (est + lb->dots <= avail)
            k_cut = n;
    }
    lb->offs[n] = len;
    if (n == 0)
        return 0;
    if (lb->left) {
        /* the same estimate for the longest end that fits after ".." */
        est = 0;
        k_cut = 0;
        for (size_t j = n; j-- > 0;) {
            unsigned char c = (unsigned char)s[lb->offs[j]];
            est += c < 0x80 ? lb->adv[c] : lb->wide;
            if (est + lb->dots > avail)
                break;
            k_cut = n - j;
        }
    }

    if (k_full == n) {
        if (candidate(lb, n, n) != 0)
            return -1;
        if (measure(lb) <= avail)
            return 1;
        k_cut = n - 1;   /* estimate was too small: cut instead */
    }
    /* Cut: the largest k >= 1 with width(prefix(k) + "..") <= avail
     * (or width(".." + suffix(k))). */
    if (k_cut >= n)
        k_cut = n - 1;
    size_t lo = 0, hi = n;   /* fits(lo) (0 means none), !fits(hi) */
    if (k_cut >= 1) {
        if (candidate(lb, k_cut, n) != 0)
            return -1;
        if (measure(lb) <= avail) {
            lo = k_cut;
            if (k_cut + 1 < n) {
                if (candidate(lb, k_cut + 1, n) != 0)
                    return -1;
                if (measure(lb) <= avail)
                    lo = k_cut + 1;
                else
                    hi = k_cut + 1;
            }
        } else {
            hi = k_cut;
        }
    }
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (candidate(lb, mid, n) != 0)
            return -1;
        if (measure(lb) <= avail)
            lo = mid;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    /* A label needs room for 3 characters, as in the SVG: one and "..". */
    if (candidate(lb, lo, n) != 0)
        return -1;
    measure(lb);
    return 1;
}

static int labeler_init(labeler *lb, PangoLayout *layout, double font_size)
{
    memset(lb, 0, sizeof *lb);
    lb->layout = layout;
    double maxw = 0;
    for (int c = 32; c < 127; c++) {
        char ch = (char)c;
        lb->adv[c] = text_width(layout, &ch, 1);
        if (lb->adv[c] > maxw)
            maxw = lb->adv[c];
    }
    for (int c = 0; c < 32; c++)
        lb->adv[c] = maxw;
    lb->adv[127] = maxw;
    lb->dots = text_width(layout, "..", 2);
    lb->wide = font_size > maxw ? font_size : maxw;
    return 0;
}

static void labeler_free(labeler *lb)
{
    fl_buf_free(&lb->name);
    fl_buf_free(&lb->text);
    free(lb->offs);
}

/* Rectangle with rounded corners; plain when too narrow or short for them. */
static void frame_path(cairo_t *cr, double x1, double y1, double x2, double y2, double unit)
{
    double w = x2 - x1, h = y2 - y1, r = FRAME_RADIUS;
    if (w < 3 * r || h < 3 * r || r * unit < 1) {
        cairo_rectangle(cr, x1, y1, w, h);
        return;
    }
    cairo_new_sub_path(cr);
    cairo_arc(cr, x2 - r, y1 + r, r, -M_PI / 2, 0);
    cairo_arc(cr, x2 - r, y2 - r, r, 0, M_PI / 2);
    cairo_arc(cr, x1 + r, y2 - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, x1 + r, y1 + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

typedef struct drawing {
    const fl_layout *g;
    cairo_t *cr;
    PangoLayout *layout;
    double scale;     /* device pixels per user pixel */
    int snap;         /* raster output: snap frame edges to device pixels */
} drawing;

static double snap(const drawing *d, double v)
{
    return d->snap ? nearbyint(v * d->scale) / d->scale : v;
}

static flame_status draw_error_picture(drawing *d, double width, double height)
{
    const fl_layout *g = d->g;
    cairo_t *cr = d->cr;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, width, height);
    cairo_fill(cr);
    PangoFontDescription *fd = font_for("sans-serif", g->cfg->opt.font_size);
    if (!fd)
        return FLAME_ERR_NOMEM;
    pango_layout_set_font_description(d->layout, fd);
    pango_font_description_free(fd);
    cairo_set_source_rgb(cr, 0, 0, 0);
    show_centred(cr, d->layout, "ERROR: No valid input provided to cflamegraph.",
                 (double)(long long)(width / 2), g->cfg->opt.font_size * 2);
    return FLAME_OK;
}

static flame_status draw_graph(drawing *d)
{
    const fl_layout *g = d->g;
    const fl_geom *m = &g->geom;
    cairo_t *cr = d->cr;
    double r, gg, b;

    /* background: top colour to 5%, bottom colour from 95% */
    cairo_pattern_t *bg = cairo_pattern_create_linear(0, 0, 0, m->height);
    hex_color(g->cfg->background.top, &r, &gg, &b);
    cairo_pattern_add_color_stop_rgb(bg, 0.05, r, gg, b);
    hex_color(g->cfg->background.bottom, &r, &gg, &b);
    cairo_pattern_add_color_stop_rgb(bg, 0.95, r, gg, b);
    cairo_pattern_set_extend(bg, CAIRO_EXTEND_PAD);
    cairo_set_source(cr, bg);
    cairo_rectangle(cr, 0, 0, m->width, m->height);
    cairo_fill(cr);
    cairo_pattern_destroy(bg);

    /* title and subtitle */
    PangoFontDescription *fd = font_for(g->cfg->opt.font_type, m->font_size + 5);
    if (!fd)
        return FLAME_ERR_NOMEM;
    pango_layout_set_font_description(d->layout, fd);
    pango_font_description_free(fd);
    fl_buf t = {0};
    double cx = (double)(long long)(m->width / 2);
    const char *title = fl_config_title(g->cfg);
    if (fl_text_xml_safe(&t, title, strlen(title)) != 0 || terminate(&t) != 0) {
        fl_buf_free(&t);
        return FLAME_ERR_NOMEM;
    }
    fl_rgb ui = {0, 0, 0};
    if (g->cfg->ui_color)
        fl_hex_color(g->cfg->ui_color, &ui);
    cairo_set_source_rgb(cr, ui.r / 255.0, ui.g / 255.0, ui.b / 255.0);
    show_centred(cr, d->layout, t.data, cx, m->font_size * 2);

    fd = font_for(g->cfg->opt.font_type, m->font_size);
    if (!fd) {
        fl_buf_free(&t);
        return FLAME_ERR_NOMEM;
    }
    pango_layout_set_font_description(d->layout, fd);
    pango_font_description_free(fd);
    if (g->cfg->opt.subtitle && *g->cfg->opt.subtitle) {
        t.len = 0;
        if (fl_text_xml_safe(&t, g->cfg->opt.subtitle, strlen(g->cfg->opt.subtitle)) != 0 ||
            terminate(&t) != 0) {
            fl_buf_free(&t);
            return FLAME_ERR_NOMEM;
        }
        cairo_set_source_rgb(cr, 160 / 255.0, 160 / 255.0, 160 / 255.0);
        show_centred(cr, d->layout, t.data, cx, m->font_size * 4);
    }
    fl_buf_free(&t);

    /* frames */
    labeler lb;
    labeler_init(&lb, d->layout, m->font_size);
    lb.left = g->cfg->truncate == FLAME_TRUNCATE_LEFT;
    fl_rgb stroke;
    int outline = g->cfg->stroke_color && fl_hex_color(g->cfg->stroke_color, &stroke) == 0;
    cairo_set_line_width(cr, 1);
    double min_label = 3 * m->font_size * 0.3;
    double one_px = 1 / d->scale;
    flame_status st = FLAME_OK;
    for (size_t i = 0; i < g->ndrawn; i++) {
        double x1, y1, x2, y2;
        fl_frame_rect(g, i, &x1, &y1, &x2, &y2);
        double sx1 = snap(d, x1), sx2 = snap(d, x2);
        double sy1 = snap(d, y1), sy2 = snap(d, y2);
        /* Every frame covers at least one device pixel, so runs of
         * narrow frames add up without holes. */
        if (d->snap && sx2 - sx1 < one_px)
            sx2 = sx1 + one_px;
        if (d->snap && sy2 - sy1 < one_px)
            sy2 = sy1 + one_px;
        const fl_rgb *c = &g->drawn[i].rgb;
        cairo_set_source_rgb(cr, c->r / 255.0, c->g / 255.0, c->b / 255.0);
        frame_path(cr, sx1, sy1, sx2, sy2, d->scale);
        if (outline) {
            /* --stroke-color: a 1 px line on the frame's edge, as in the SVG */
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, stroke.r / 255.0, stroke.g / 255.0, stroke.b / 255.0);
            cairo_stroke(cr);
        } else {
            cairo_fill(cr);
        }

        double avail = (x2 - x1) - 2 * LABEL_PAD;
        if (!(avail >= min_label))
            continue;
        int fit = fit_label(g, &lb, i, avail);
        if (fit < 0) {
            st = FLAME_ERR_NOMEM;
            break;
        }
        if (fit == 0)
            continue;
        cairo_set_source_rgb(cr, 0, 0, 0);
        show_at(cr, d->layout, x1 + LABEL_PAD, 3 + (y1 + y2) / 2);
    }
    labeler_free(&lb);
    return st;
}

static flame_status cairo_failure(const fl_layout *g, cairo_status_t cs, const cr_out *out)
{
    if (out->failed || cs == CAIRO_STATUS_WRITE_ERROR) {
        fl_error(g->diag, "write error");
        return FLAME_ERR_IO;
    }
    if (cs == CAIRO_STATUS_NO_MEMORY) {
        fl_error(g->diag, "out of memory drawing the image");
        return FLAME_ERR_NOMEM;
    }
    fl_error(g->diag, "cairo: %s", cairo_status_to_string(cs));
    return FLAME_ERR_NOMEM;
}

flame_status fl_render_cairo(const fl_layout *g, flame_format format, flame_write_fn write, void *ctx)
{
    int errpic = g->status == FLAME_ERR_NO_SAMPLES;
    double width = errpic ? g->cfg->opt.width : g->geom.width;
    double height = errpic ? g->cfg->opt.font_size * 5 : g->geom.height;
    double scale = format == FLAME_FORMAT_PNG ? g->cfg->opt.scale : 1;
    if (!(scale > 0))
        scale = 1;
    if (format == FLAME_FORMAT_PDF && fmax(width, height) > PDF_MAX_PT)
        scale = PDF_MAX_PT / fmax(width, height);
    double dw = ceil(width * scale - 1e-9), dh = ceil(height * scale - 1e-9);

    if (format == FLAME_FORMAT_PNG) {
        if (!(dh <= CAIRO_MAX_PX)) {
            fl_error(g->diag, "the image would be %.0f px tall; cairo's limit is %d "
                         "(try --height, --minwidth or --scale)", dh, CAIRO_MAX_PX);
            return FLAME_ERR_LIMIT;
        }
        if (!(dw <= CAIRO_MAX_PX)) {
            fl_error(g->diag, "the image would be %.0f px wide; cairo's limit is %d "
                         "(try --width or --scale)", dw, CAIRO_MAX_PX);
            return FLAME_ERR_LIMIT;
        }
        if (!(dw * dh <= PNG_MAX_PIXELS)) {
            fl_error(g->diag, "the image would be %.0f x %.0f px; at most %.0f pixels "
                         "(try --width, --height, --minwidth or --scale)", dw, dh, PNG_MAX_PIXELS);
            return FLAME_ERR_LIMIT;
        }
    }
    if (dw < 1)
        dw = 1;
    if (dh < 1)
        dh = 1;

    cr_out out = {write, ctx, 0};
    cairo_surface_t *surf;
    if (format == FLAME_FORMAT_PNG)
        surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)dw, (int)dh);
    else
        surf = cairo_pdf_surface_create_for_stream(cr_write, &out, width * scale, height * scale);
    cairo_status_t cs = cairo_surface_status(surf);
    if (cs != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surf);
        return cairo_failure(g, cs, &out);
    }
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
    if (format == FLAME_FORMAT_PDF) {
        fl_buf t = {0};
        const char *title = fl_config_title(g->cfg);
        if (fl_text_xml_safe(&t, title, strlen(title)) == 0 && terminate(&t) == 0)
            cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, t.data);
        fl_buf_free(&t);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "cflamegraph");
    }
#endif
    cairo_t *cr = cairo_create(surf);
    cairo_scale(cr, scale, scale);

    /* Per-call font map and context: no pango state shared between calls. */
    PangoFontMap *fm = pango_cairo_font_map_new();
    PangoContext *pc = fm ? pango_font_map_create_context(fm) : NULL;
    PangoLayout *layout = NULL;
    flame_status st = FLAME_ERR_NOMEM;
    if (pc) {
        pango_cairo_update_context(cr, pc);
        layout = pango_layout_new(pc);
    }
    if (layout) {
        pango_layout_set_single_paragraph_mode(layout, TRUE);
        drawing d = {g, cr, layout, scale, format == FLAME_FORMAT_PNG};
        st = errpic ? draw_error_picture(&d, width, height) : draw_graph(&d);
    } else {
        fl_error(g->diag, "could not set up fonts (pango)");
    }
    if (layout)
        g_object_unref(layout);
    if (pc)
        g_object_unref(pc);
    cs = cairo_status(cr);
    cairo_destroy(cr);

    if (st == FLAME_OK && cs == CAIRO_STATUS_SUCCESS) {
        if (format == FLAME_FORMAT_PNG) {
            cs = cairo_surface_write_to_png_stream(surf, cr_write, &out);
        } else {
            cairo_surface_finish(surf);
            cs = cairo_surface_status(surf);
        }
    } else {
        /* Do not write a partial document through the callback: the PDF
         * surface would flush what it has when destroyed. */
        out.failed = 1;
    }
    cairo_surface_destroy(surf);
    if (fm)
        g_object_unref(fm);
    if (st != FLAME_OK) {
        if (st == FLAME_ERR_NOMEM && !g->diag->err[0])
            fl_error(g->diag, "out of memory drawing the image");
        return st;
    }
    if (cs == CAIRO_STATUS_SUCCESS && !out.failed)
        return FLAME_OK;
    return cairo_failure(g, cs, &out);
}
