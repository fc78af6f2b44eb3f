/*
 * svg.c - the interactive SVG, written through libxml2's text writer so that
 * every name, title and note is escaped by the XML layer, never by hand.
 * Element structure: docs/svg-format.md (the contract with interactive.js).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "internal.h"

typedef struct svg_out {
    flame_write_fn write;
    void *ctx;
    int failed;
} svg_out;

static int io_write(void *ctx, const char *buf, int len)
{
    svg_out *o = ctx;
    if (o->failed || o->write(o->ctx, buf, (size_t)len) != 0) {
        o->failed = 1;
        return -1;
    }
    return len;
}

static int io_close(void *ctx)
{
    FL_UNUSED(ctx);
    return 0;
}

typedef struct svg {
    xmlTextWriterPtr w;
    fl_buf num;     /* scratch for numbers */
    fl_buf text;    /* scratch for texts */
    int rc;         /* first libxml2 failure */
} svg;

#define X(s) ((const xmlChar *)(s))

static void chk(svg *s, int rc)
{
    if (rc < 0 && s->rc == 0)
        s->rc = -1;
}

static void start(svg *s, const char *name)
{
    chk(s, xmlTextWriterStartElement(s->w, X(name)));
}

static void end(svg *s)
{
    chk(s, xmlTextWriterEndElement(s->w));
}

static void attr(svg *s, const char *name, const char *value)
{
    chk(s, xmlTextWriterWriteAttribute(s->w, X(name), X(value)));
}

/* An attribute from user text: made XML-safe first. */
static void attr_text(svg *s, const char *name, const char *value, size_t len)
{
    s->text.len = 0;
    if (fl_text_xml_safe(&s->text, value, len) != 0) {
        s->rc = -1;
        return;
    }
    attr(s, name, s->text.data ? s->text.data : "");
}

static void attr_num(svg *s, const char *name, double v)
{
    s->num.len = 0;
    if (fl_fmt_num(&s->num, v) != 0) {
        s->rc = -1;
        return;
    }
    attr(s, name, s->num.data);
}

static void attr_fixed(svg *s, const char *name, double v, int decimals)
{
    s->num.len = 0;
    if (fl_fmt_fixed(&s->num, v, decimals) != 0) {
        s->rc = -1;
        return;
    }
    attr(s, name, s->num.data);
}

static void raw(svg *s, const char *text)
{
    chk(s, xmlTextWriterWriteRaw(s->w, X(text)));
}

/* Text content that is already XML-safe UTF-8. */
static void content(svg *s, const char *text)
{
    chk(s, xmlTextWriterWriteString(s->w, X(text)));
}

static void content_user(svg *s, const char *text)
{
    s->text.len = 0;
    if (fl_text_xml_safe(&s->text, text, strlen(text)) != 0) {
        s->rc = -1;
        return;
    }
    content(s, s->text.data ? s->text.data : "");
}

static void ui_text(svg *s, const char *id, double x, double y, const char *cls, const char *text)
{
    start(s, "text");
    if (id)
        attr(s, "id", id);
    attr_fixed(s, "x", x, 2);
    attr_num(s, "y", y);
    if (cls)
        attr(s, "class", cls);
    content(s, text);
    end(s);
    raw(s, "\n");
}

static void write_header(svg *s, const flame_graph *g, double width, double height)
{
    const char *enc = g->opt.encoding;
    chk(s, xmlTextWriterStartDocument(s->w, "1.0", enc, "no"));
    start(s, "svg");
    attr(s, "version", "1.1");
    attr_num(s, "width", width);
    attr_num(s, "height", height);
    s->num.len = 0;
    if (fl_buf_puts(&s->num, "0 0 ") || fl_fmt_num(&s->num, width) || fl_buf_putc(&s->num, ' ') ||
        fl_fmt_num(&s->num, height))
        s->rc = -1;
    else
        attr(s, "viewBox", s->num.data);
    attr(s, "xmlns", "http://www.w3.org/2000/svg");
    attr(s, "xmlns:xlink", "http://www.w3.org/1999/xlink");
    raw(s, "\n");
    if (g->opt.notes) {
        s->text.len = 0;
        if (fl_buf_puts(&s->text, " NOTES: ") || fl_text_xml_safe(&s->text, g->opt.notes,
                                                                  strlen(g->opt.notes)) ||
            fl_buf_putc(&s->text, ' '))
            s->rc = -1;
        else
            chk(s, xmlTextWriterWriteComment(s->w, X(s->text.data)));
        raw(s, "\n");
    }
}

static void write_style(svg *s, const flame_graph *g)
{
    fl_buf css = {0};
    char tmp[512];
    snprintf(tmp, sizeof tmp,
             "text{font-family:%s;font-size:%gpx;fill:rgb(0,0,0)}\n"
             "#title{text-anchor:middle;font-size:%gpx}\n"
             "#subtitle{text-anchor:middle;fill:rgb(160,160,160)}\n",
             g->opt.font_type, g->opt.font_size, g->opt.font_size + 5);
    int rc = fl_buf_puts(&css, tmp);
    rc |= fl_buf_puts(&css,
                      "#search,#ignorecase{opacity:0.1;cursor:pointer}\n"
                      "#search:hover,#search.show,#ignorecase:hover,#ignorecase.show{opacity:1}\n"
                      "#unzoom{cursor:pointer}\n"
                      "#frames>*:hover{stroke:black;stroke-width:0.5;cursor:pointer}\n"
                      "#frames rect{rx:2px;ry:2px}\n"
                      ".hide{display:none}\n");
    if (rc) {
        s->rc = -1;
    } else {
        start(s, "style");
        attr(s, "type", "text/css");
        raw(s, "\n");
        content_user(s, css.data);
        end(s);
        raw(s, "\n");
    }
    fl_buf_free(&css);
}

static void write_background(svg *s, const flame_graph *g, double width, double height)
{
    start(s, "defs");
    start(s, "linearGradient");
    attr(s, "id", "background");
    attr(s, "y1", "0");
    attr(s, "y2", "1");
    attr(s, "x1", "0");
    attr(s, "x2", "0");
    start(s, "stop");
    attr(s, "stop-color", g->background.top);
    attr(s, "offset", "5%");
    end(s);
    start(s, "stop");
    attr(s, "stop-color", g->background.bottom);
    attr(s, "offset", "95%");
    end(s);
    end(s);
    end(s);
    raw(s, "\n");
    write_style(s, g);
    start(s, "rect");
    attr(s, "id", "bg");
    attr(s, "x", "0");
    attr(s, "y", "0");
    attr_num(s, "width", width);
    attr_num(s, "height", height);
    attr(s, "fill", "url(#background)");
    end(s);
    raw(s, "\n");
}

static void write_ui(svg *s, const flame_graph *g)
{
    const fl_geom *m = &g->geom;
    double top = m->font_size * 2;
    double bottom = m->height - m->ypad2 / 2;
    start(s, "text");
    attr(s, "id", "title");
    attr_fixed(s, "x", (double)(long long)(m->width / 2), 2);
    attr_num(s, "y", top);
    content_user(s, fl_title(g));
    end(s);
    raw(s, "\n");
    if (g->opt.subtitle && *g->opt.subtitle) {
        start(s, "text");
        attr(s, "id", "subtitle");
        attr_fixed(s, "x", (double)(long long)(m->width / 2), 2);
        attr_num(s, "y", m->font_size * 4);
        content_user(s, g->opt.subtitle);
        end(s);
        raw(s, "\n");
    }
    ui_text(s, "details", m->xpad, bottom, NULL, " ");
    ui_text(s, "unzoom", m->xpad, top, "hide", "Reset Zoom");
    ui_text(s, "search", m->width - m->xpad - 100, top, NULL, "Search");
    ui_text(s, "ignorecase", m->width - m->xpad - 16, top, NULL, "ic");
    ui_text(s, "matched", m->width - m->xpad - 100, bottom, NULL, " ");
}

/* Attributes from --nameattr for this frame; returns the entry or NULL. */
static const fl_nameattr_entry *frame_attrs(const flame_graph *g, const fl_frame *f)
{
    if (!g->has_nameattr)
        return NULL;
    const fl_name *nm = &g->names.list[f->name];
    return fl_nameattr_find(&g->nameattr, nm->str, nm->len);
}

static const char *find_attr(const fl_nameattr_entry *e, const char *name)
{
    if (!e)
        return NULL;
    for (size_t i = 0; i < e->nattrs; i++)
        if (strcmp(e->attrs[i].name, name) == 0)
            return e->attrs[i].value;
    return NULL;
}

static void write_frame(svg *s, const flame_graph *g, size_t i, fl_buf *tip, fl_buf *label)
{
    const fl_frame *f = &g->merge.frames[g->drawn[i].frame];
    const fl_nameattr_entry *na = frame_attrs(g, f);
    const char *href = find_attr(na, "href");
    double x1, y1, x2, y2;
    fl_frame_rect(g, i, &x1, &y1, &x2, &y2);

    start(s, href && *href ? "a" : "g");
    attr_num(s, "s", f->start);
    attr_num(s, "n", (f->depth == 0 ? g->geom.timemax : f->end) - f->start);
    if (na) {
        for (size_t k = 0; k < na->nattrs; k++) {
            const char *an = na->attrs[k].name;
            if (strcmp(an, "title") == 0 || strcmp(an, "href") == 0 || strcmp(an, "target") == 0)
                continue;
            attr_text(s, an, na->attrs[k].value, strlen(na->attrs[k].value));
        }
        if (href && *href) {
            const char *target = find_attr(na, "target");
            attr_text(s, "xlink:href", href, strlen(href));
            attr_text(s, "target", target ? target : "_top", strlen(target ? target : "_top"));
        }
    }
    start(s, "title");
    const char *user_title = find_attr(na, "title");
    if (user_title && *user_title) {
        content_user(s, user_title);
    } else {
        tip->len = 0;
        if (fl_tooltip(g, i, tip) != 0)
            s->rc = -1;
        else
            content(s, tip->data);
    }
    end(s);
    /* flamegraph.pl prints x and width with one decimal, the width as the
     * difference of the printed ends. */
    double rx1 = nearbyint(x1 * 10) / 10, rx2 = nearbyint(x2 * 10) / 10;
    start(s, "rect");
    attr_fixed(s, "x", rx1, 1);
    attr_num(s, "y", y1);
    attr_fixed(s, "width", rx2 - rx1, 1);
    attr_num(s, "height", y2 - y1);
    char fill[32];
    const fl_rgb *c = &g->drawn[i].rgb;
    snprintf(fill, sizeof fill, "rgb(%u,%u,%u)", c->r, c->g, c->b);
    attr(s, "fill", fill);
    end(s);
    label->len = 0;
    if (fl_label(g, i, x2 - x1, label) != 0)
        s->rc = -1;
    if (label->len) {
        start(s, "text");
        attr_fixed(s, "x", x1 + 3, 2);
        attr_num(s, "y", 3 + (y1 + y2) / 2);
        content(s, label->data);
        end(s);
    }
    end(s);
    raw(s, "\n");
}

static void write_frames(svg *s, const flame_graph *g)
{
    const fl_geom *m = &g->geom;
    start(s, "g");
    attr(s, "id", "frames");
    attr_num(s, "data-total", m->timemax);
    attr_num(s, "data-factor", g->opt.factor);
    attr_num(s, "data-xpad", m->xpad);
    attr_num(s, "data-width", m->width);
    attr_num(s, "data-fontsize", m->font_size);
    attr_num(s, "data-fontwidth", m->font_width);
    attr_num(s, "data-frameheight", m->frame_height);
    attr(s, "data-inverted", g->opt.inverted ? "1" : "0");
    attr_text(s, "data-countname", g->opt.count_name, strlen(g->opt.count_name));
    attr_text(s, "data-nametype", g->opt.name_type, strlen(g->opt.name_type));
    raw(s, "\n");
    fl_buf tip = {0}, label = {0};
    for (size_t i = 0; i < g->ndrawn && s->rc == 0; i++)
        write_frame(s, g, i, &tip, &label);
    fl_buf_free(&tip);
    fl_buf_free(&label);
    end(s);
    raw(s, "\n");
}

static void write_script(svg *s)
{
    start(s, "script");
    attr(s, "type", "text/ecmascript");
    chk(s, xmlTextWriterStartCDATA(s->w));
    chk(s, xmlTextWriterWriteRawLen(s->w, X(fl_interactive_js), (int)fl_interactive_js_len));
    chk(s, xmlTextWriterEndCDATA(s->w));
    end(s);
    raw(s, "\n");
}

static void write_error_picture(svg *s, const flame_graph *g)
{
    double width = g->opt.width, height = g->opt.font_size * 5;
    write_header(s, g, width, height);
    start(s, "text");
    attr_fixed(s, "x", (double)(long long)(width / 2), 2);
    attr_num(s, "y", g->opt.font_size * 2);
    attr(s, "text-anchor", "middle");
    char style[128];
    snprintf(style, sizeof style, "font-family:sans-serif;font-size:%gpx", g->opt.font_size);
    attr(s, "style", style);
    content(s, "ERROR: No valid input provided to cflamegraph.");
    end(s);
    raw(s, "\n");
}

/* libxml2 reports I/O errors on stderr by default; the library never prints. */
static void silent(void *ctx, const char *msg, ...)
{
    FL_UNUSED(ctx);
    FL_UNUSED(msg);
}

static flame_status render(flame_graph *g, flame_write_fn write, void *ctx);

flame_status fl_render_svg(flame_graph *g, flame_write_fn write, void *ctx)
{
    /* These are per-thread in libxml2: restoring them leaves the caller's. */
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    flame_status st = render(g, write, ctx);
    xmlSetGenericErrorFunc(saved_ctx, saved);
    return st;
}

static flame_status render(flame_graph *g, flame_write_fn write, void *ctx)
{
    svg_out out = {write, ctx, 0};
    xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(io_write, io_close, &out, NULL);
    if (!ob)
        return FLAME_ERR_NOMEM;
    svg s = {0};
    s.w = xmlNewTextWriter(ob);
    if (!s.w) {
        xmlOutputBufferClose(ob);
        return FLAME_ERR_NOMEM;
    }
    if (g->layout_status == FLAME_ERR_NO_SAMPLES) {
        write_error_picture(&s, g);
    } else {
        write_header(&s, g, g->geom.width, g->geom.height);
        write_background(&s, g, g->geom.width, g->geom.height);
        write_ui(&s, g);
        write_frames(&s, g);
        write_script(&s);
    }
    chk(&s, xmlTextWriterEndDocument(s.w));
    chk(&s, xmlTextWriterFlush(s.w));
    xmlFreeTextWriter(s.w);   /* also closes ob */
    fl_buf_free(&s.num);
    fl_buf_free(&s.text);
    if (out.failed) {
        if (!g->err[0])
            fl_set_error(g, "write error");
        return FLAME_ERR_IO;
    }
    if (s.rc) {
        fl_set_error(g, "could not write the SVG (out of memory or encoding error)");
        return FLAME_ERR_NOMEM;
    }
    return FLAME_OK;
}
