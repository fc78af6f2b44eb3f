/*
 * svg.c - the interactive SVG.  The document around the frames is written
 * through libxml2's text writer; the frames, which are nearly all of it, as
 * markup into a buffer (see frame_out) with every user text made XML-safe
 * and escaped.  Element structure: docs/svg-format.md (the contract with
 * the script, lib/render/js/model.js and svg-view.js).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "base/text.h"
#include "render/render.h"

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

static void write_header(svg *s, const fl_layout *g, double width, double height)
{
    const char *enc = g->cfg->opt.encoding;
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
    if (g->cfg->opt.notes) {
        s->text.len = 0;
        if (fl_buf_puts(&s->text, " NOTES: ") || fl_text_xml_safe(&s->text, g->cfg->opt.notes,
                                                                  strlen(g->cfg->opt.notes)) ||
            fl_buf_putc(&s->text, ' '))
            s->rc = -1;
        else
            chk(s, xmlTextWriterWriteComment(s->w, X(s->text.data)));
        raw(s, "\n");
    }
}

/* --stroke-color and --uicolor, only when given: the default document
 * stays as it was.  The outline keeps its width when a zoom stretches
 * the frames, and the hovered frame's outline still shows. */
static int looks_css(fl_buf *css, const fl_config *c)
{
    int rc = 0;
    if (c->stroke_color && strcmp(c->stroke_color, "none") != 0) {
        rc |= fl_buf_puts(css, "#frames rect{stroke:");
        rc |= fl_buf_puts(css, c->stroke_color);
        rc |= fl_buf_puts(css, ";stroke-width:1px;vector-effect:non-scaling-stroke}\n"
                               "#frames rect.hover{stroke:black}\n");
    }
    if (c->ui_color) {
        rc |= fl_buf_puts(css, "#title,#details,#unzoom,#search,#ignorecase,#matched{fill:");
        rc |= fl_buf_puts(css, c->ui_color);
        rc |= fl_buf_puts(css, "}\n");
    }
    return rc;
}

static void write_style(svg *s, const fl_layout *g)
{
    fl_buf css = {0};
    char tmp[256];
    /* The family list is the user's (any length); a generic family after it
     * keeps browsers without Verdana on a sans-serif font, which the label
     * estimate (fontwidth 0.59) fits, rather than their serif default. */
    int rc = fl_buf_puts(&css, "text{font-family:");
    rc |= fl_buf_puts(&css, g->cfg->opt.font_type);
    snprintf(tmp, sizeof tmp,
             ",sans-serif;font-size:%gpx}\n"
             "#title{text-anchor:middle;font-size:%gpx}\n"
             "#subtitle{text-anchor:middle;fill:rgb(160,160,160)}\n",
             g->cfg->opt.font_size, g->cfg->opt.font_size + 5);
    rc |= fl_buf_puts(&css, tmp);
    /* Cheap selectors only: every frame is matched against each rule that
     * could apply to it while the document loads. */
    rc |= fl_buf_puts(&css,
                      "#search,#ignorecase{opacity:0.1;cursor:pointer}\n"
                      "#search:hover,#search.show,#ignorecase:hover,#ignorecase.show{opacity:1}\n"
                      "#unzoom,#frames{cursor:pointer}\n"
                      ".unboxed #frames>g{display:contents}\n"
                      "#labels{pointer-events:none}\n"
                      ".hover{stroke:black;stroke-width:0.5px;vector-effect:non-scaling-stroke}\n"
                      ".selected{stroke:black;stroke-width:2px;vector-effect:non-scaling-stroke}\n"
                      ".hide{display:none}\n"
                      /* the script's dark theme (class dark on the root) */
                      ".dark #bg,.dark .strip{fill:#1c1c21}\n"
                      ".dark #title,.dark #details,.dark #unzoom,.dark #search,.dark #ignorecase,"
                      ".dark #matched{fill:#e4e4e4}\n"
                      ".dark .selected{stroke:white}\n");
    rc |= looks_css(&css, g->cfg);
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

/*
 * Runs before the frames are parsed, in browsers only: when the browser
 * draws the children of a `display: contents` <g> (SVG's unboxing), mark
 * the root "unboxed" so that the frames' <g> wrappers get no box of their
 * own (half the objects to lay out and paint, at load and at every zoom).
 * Anywhere else (no script, or a browser that would hide them) the frames
 * stay ordinary groups.
 */
static const char probe_js[] =
    "(function(){var d=document,r=d.documentElement,n='http://www.w3.org/2000/svg',"
    "g=d.createElementNS(n,'g'),t=d.createElementNS(n,'rect');"
    "g.setAttribute('style','display:contents');t.setAttribute('width','8');t.setAttribute('height','8');"
    "g.appendChild(t);r.appendChild(g);"
    "if(t.getBoundingClientRect().width>0)r.classList.add('unboxed');"
    "r.removeChild(g)})()";

static void write_probe(svg *s)
{
    start(s, "script");
    attr(s, "type", "text/ecmascript");
    chk(s, xmlTextWriterWriteRaw(s->w, X(probe_js)));
    end(s);
    raw(s, "\n");
}

static void write_background(svg *s, const fl_layout *g, double width, double height)
{
    start(s, "defs");
    start(s, "linearGradient");
    attr(s, "id", "background");
    attr(s, "y1", "0");
    attr(s, "y2", "1");
    attr(s, "x1", "0");
    attr(s, "x2", "0");
    start(s, "stop");
    attr(s, "stop-color", g->cfg->background.top);
    attr(s, "offset", "5%");
    end(s);
    start(s, "stop");
    attr(s, "stop-color", g->cfg->background.bottom);
    attr(s, "offset", "95%");
    end(s);
    end(s);
    end(s);
    raw(s, "\n");
    write_style(s, g);
    write_probe(s);
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

static void write_ui(svg *s, const fl_layout *g)
{
    const fl_geom *m = &g->geom;
    double top = m->font_size * 2;
    double bottom = m->height - m->ypad2 / 2;
    start(s, "text");
    attr(s, "id", "title");
    attr_fixed(s, "x", (double)(long long)(m->width / 2), 2);
    attr_num(s, "y", top);
    content_user(s, fl_config_title(g->cfg));
    end(s);
    raw(s, "\n");
    if (g->cfg->opt.subtitle && *g->cfg->opt.subtitle) {
        start(s, "text");
        attr(s, "id", "subtitle");
        attr_fixed(s, "x", (double)(long long)(m->width / 2), 2);
        attr_num(s, "y", m->font_size * 4);
        content_user(s, g->cfg->opt.subtitle);
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
static const fl_nameattr_entry *frame_attrs(const fl_layout *g, const fl_frame *f)
{
    if (!g->nameattr)
        return NULL;
    const fl_name *nm = &g->names->list[f->name];
    return fl_nameattr_find(g->nameattr, nm->str, nm->len);
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

/*
 * The frames are written as markup into one buffer (flushed through the
 * writer in large pieces), because they are most of the document and the
 * element API costs a call per attribute.  Every text that comes from the
 * user goes through fl_text_xml_safe (valid XML characters only) and then
 * put_escaped, which escapes '&', '<', '>' and '"' everywhere (as libxml2
 * does), and in attribute values also the whitespace characters that
 * attribute-value normalisation would otherwise turn into spaces.
 */
typedef struct frame_out {
    fl_buf buf;       /* markup not yet handed to the writer */
    fl_buf safe;      /* scratch: XML-safe copy of a user text */
    fl_buf tip;       /* scratch: tooltip */
    fl_buf label;     /* scratch: label */
    int rc;
} frame_out;

static void put(frame_out *o, const char *text)
{
    if (fl_buf_puts(&o->buf, text) != 0)
        o->rc = -1;
}

static void put_escaped(frame_out *o, const char *text, size_t len, int in_attr)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep = NULL;
        switch (text[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\t': rep = in_attr ? "&#9;" : NULL; break;
        case '\n': rep = in_attr ? "&#10;" : NULL; break;
        case '\r': rep = "&#13;"; break;
        default: break;
        }
        if (!rep)
            continue;
        if ((i > run && fl_buf_append(&o->buf, text + run, i - run) != 0) || fl_buf_puts(&o->buf, rep))
            o->rc = -1;
        run = i + 1;
    }
    if (len > run && fl_buf_append(&o->buf, text + run, len - run) != 0)
        o->rc = -1;
}

/* A user text (any bytes), made XML-safe, then escaped. */
static void put_user(frame_out *o, const char *text, int in_attr)
{
    o->safe.len = 0;
    if (fl_text_xml_safe(&o->safe, text, strlen(text)) != 0) {
        o->rc = -1;
        return;
    }
    put_escaped(o, o->safe.data ? o->safe.data : "", o->safe.len, in_attr);
}

static void put_num(frame_out *o, double v)
{
    if (fl_fmt_num(&o->buf, v) != 0)
        o->rc = -1;
}

static void put_fixed(frame_out *o, double v, int decimals)
{
    if (fl_fmt_fixed(&o->buf, v, decimals) != 0)
        o->rc = -1;
}

static void write_frame(frame_out *o, const fl_layout *g, size_t i)
{
    const fl_frame *f = fl_drawn_frame(g, i);
    const fl_nameattr_entry *na = frame_attrs(g, f);
    const char *href = find_attr(na, "href");
    const char *user_title = find_attr(na, "title");
    int link = href && *href;
    double x1, y1, x2, y2;
    fl_frame_rect(g, i, &x1, &y1, &x2, &y2);

    o->tip.len = 0;
    if (user_title && *user_title) {
        if (fl_text_xml_safe(&o->tip, user_title, strlen(user_title)) != 0)
            o->rc = -1;
    } else if (fl_tooltip(g, i, &o->tip) != 0) {
        o->rc = -1;
    }
    if (o->rc)
        return;
    const char *tip = o->tip.data ? o->tip.data : "";

    put(o, link ? "<a" : "<g");
    if (na) {
        for (size_t k = 0; k < na->nattrs; k++) {
            const char *an = na->attrs[k].name;
            if (strcmp(an, "title") == 0 || strcmp(an, "href") == 0 || strcmp(an, "target") == 0)
                continue;
            put(o, " ");
            put_user(o, an, 1);
            put(o, "=\"");
            put_user(o, na->attrs[k].value, 1);
            put(o, "\"");
        }
        if (link) {
            const char *target = find_attr(na, "target");
            put(o, " xlink:href=\"");
            put_user(o, href, 1);
            put(o, "\" target=\"");
            put_user(o, target ? target : "_top", 1);
            put(o, "\"");
        }
    }
    put(o, "><title>");
    put_escaped(o, tip, o->tip.len, 0);
    /* flamegraph.pl prints x and width with one decimal, the width as the
     * difference of the printed ends. */
    double rx1 = nearbyint(x1 * 10) / 10, rx2 = nearbyint(x2 * 10) / 10;
    put(o, "</title><rect x=\"");
    put_fixed(o, rx1, 1);
    put(o, "\" y=\"");
    put_num(o, y1);
    put(o, "\" width=\"");
    put_fixed(o, rx2 - rx1, 1);
    put(o, "\" height=\"");
    put_num(o, y2 - y1);
    char fill[40] = "\" fill=\"rgb(";
    size_t k = strlen(fill);
    const fl_rgb *c = &g->drawn[i].rgb;
    k += fl_u64_digits(fill + k, c->r);
    fill[k++] = ',';
    k += fl_u64_digits(fill + k, c->g);
    fill[k++] = ',';
    k += fl_u64_digits(fill + k, c->b);
    memcpy(fill + k, ")\"/>", 5);
    put(o, fill);
    /* A newline inside the end tag: one frame per line, and no whitespace
     * text node between frames for the browser to build. */
    put(o, link ? "</a\n>" : "</g\n>");
}

/*
 * data-frames: the structure of the frames for the script, so that it
 * never has to read the frames' elements to know it (docs/svg-format.md).
 * Per frame, in document order: before it, one ';' per level it climbs
 * from the previous frame's child level (else a ','); its width in
 * samples; and, only when it does not start where the previous sibling
 * ended (or where its parent starts, for a first child), '@' and its start.
 */
static int write_structure(fl_buf *b, const fl_layout *g)
{
    size_t nnext = (size_t)g->geom.depthmax + 2;
    double *next = calloc(nnext, sizeof *next);
    if (!next)
        return -1;
    int rc = 0;
    size_t prev_depth = 0;
    for (size_t i = 0; i < g->ndrawn && rc == 0; i++) {
        const fl_frame *f = fl_drawn_frame(g, i);
        size_t d = f->depth;
        if (d + 1 >= nnext) {
            rc = -1;
            break;
        }
        if (i > 0) {
            if (d > prev_depth)
                rc |= fl_buf_putc(b, ',');
            for (size_t k = d; k <= prev_depth; k++)
                rc |= fl_buf_putc(b, ';');
        }
        double s = f->start;
        double n = (d == 0 ? g->geom.timemax : f->end) - f->start;
        rc |= fl_fmt_exact(b, n);
        double derived = d == 0 ? 0 : next[d - 1];
        if (!(derived == s)) {
            rc |= fl_buf_putc(b, '@');
            rc |= fl_fmt_exact(b, s);
        }
        if (d > 0)
            next[d - 1] = s + n;
        next[d] = s;
        prev_depth = d;
    }
    rc |= fl_buf_putc(b, '\0');
    free(next);
    return rc ? -1 : 0;
}

/* The labels, in their own layer above the frames (docs/svg-format.md). */
static void write_label(frame_out *o, const fl_layout *g, size_t i)
{
    double x1, y1, x2, y2;
    fl_frame_rect(g, i, &x1, &y1, &x2, &y2);
    o->label.len = 0;
    if (fl_label(g, i, x2 - x1, &o->label) != 0) {
        o->rc = -1;
        return;
    }
    if (!o->label.len)
        return;
    put(o, "<text x=\"");
    put_fixed(o, x1 + 3, 1);
    put(o, "\" y=\"");
    put_num(o, 3 + (y1 + y2) / 2);
    put(o, "\">");
    put_escaped(o, o->label.data, o->label.len, 0);
    put(o, "</text\n>");
}

/* Hands the buffered markup to the writer once it is large. */
static void flush_frames(svg *s, frame_out *o, int force)
{
    if (o->rc)
        s->rc = -1;
    if (o->buf.len && (force || o->buf.len >= 1 << 16)) {
        chk(s, xmlTextWriterWriteRawLen(s->w, X(o->buf.data), (int)o->buf.len));
        o->buf.len = 0;
    }
}

static void put_data(frame_out *o, const char *name, double v)
{
    put(o, " ");
    put(o, name);
    put(o, "=\"");
    put_num(o, v);
    put(o, "\"");
}

/* The colour the script gives search matches (--search-color). */
static void put_search_color(frame_out *o, const fl_config *c)
{
    fl_rgb rgb = {230, 0, 230};
    if (c->search_color)
        fl_hex_color(c->search_color, &rgb);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "\" data-searchcolor=\"rgb(%u,%u,%u)", rgb.r, rgb.g, rgb.b);
    put(o, tmp);
}

/* #frames and #labels are written as markup too, so that their children
 * are elements only: the line breaks sit inside the tags. */
static void write_frames(svg *s, const fl_layout *g)
{
    const fl_geom *m = &g->geom;
    frame_out o = {0};
    put(&o, "<g id=\"frames\"");
    put_data(&o, "data-total", m->timemax);
    put_data(&o, "data-factor", g->cfg->opt.factor);
    put_data(&o, "data-xpad", m->xpad);
    put_data(&o, "data-width", m->width);
    put_data(&o, "data-fontsize", m->font_size);
    put_data(&o, "data-fontwidth", m->font_width);
    put_data(&o, "data-frameheight", m->frame_height);
    put(&o, g->cfg->opt.inverted ? " data-inverted=\"1\"" : " data-inverted=\"0\"");
    put(&o, " data-countname=\"");
    put_user(&o, g->count_name, 1);
    put(&o, "\" data-nametype=\"");
    put_user(&o, g->cfg->opt.name_type, 1);
    put_search_color(&o, g->cfg);
    put(&o, g->cfg->truncate == FLAME_TRUNCATE_LEFT ? "\" data-truncate=\"left"
                                                    : "\" data-truncate=\"right");
    put(&o, "\" data-frames=\"");
    if (write_structure(&o.buf, g) != 0)
        o.rc = -1;
    else
        o.buf.len--; /* its NUL */
    put(&o, "\"\n>");
    for (size_t i = 0; i < g->ndrawn && s->rc == 0; i++) {
        write_frame(&o, g, i);
        flush_frames(s, &o, 0);
    }
    put(&o, "</g>\n<g id=\"labels\"\n>");
    for (size_t i = 0; i < g->ndrawn && s->rc == 0; i++) {
        write_label(&o, g, i);
        flush_frames(s, &o, 0);
    }
    put(&o, "</g>\n");
    flush_frames(s, &o, 1);
    fl_buf_free(&o.buf);
    fl_buf_free(&o.safe);
    fl_buf_free(&o.tip);
    fl_buf_free(&o.label);
}

static void write_script(svg *s)
{
    start(s, "script");
    attr(s, "type", "text/ecmascript");
    chk(s, xmlTextWriterStartCDATA(s->w));
    chk(s, xmlTextWriterWriteRawLen(s->w, X(fl_svg_js), (int)fl_svg_js_len));
    chk(s, xmlTextWriterEndCDATA(s->w));
    end(s);
    raw(s, "\n");
}

static void write_error_picture(svg *s, const fl_layout *g)
{
    double width = g->cfg->opt.width, height = g->cfg->opt.font_size * 5;
    write_header(s, g, width, height);
    start(s, "text");
    attr_fixed(s, "x", (double)(long long)(width / 2), 2);
    attr_num(s, "y", g->cfg->opt.font_size * 2);
    attr(s, "text-anchor", "middle");
    char style[128];
    snprintf(style, sizeof style, "font-family:sans-serif;font-size:%gpx", g->cfg->opt.font_size);
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

static flame_status render(const fl_layout *g, flame_write_fn write, void *ctx);

flame_status fl_render_svg(const fl_layout *g, flame_write_fn write, void *ctx)
{
    /* These are per-thread in libxml2: restoring them leaves the caller's. */
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    flame_status st = render(g, write, ctx);
    xmlSetGenericErrorFunc(saved_ctx, saved);
    return st;
}

static flame_status render(const fl_layout *g, flame_write_fn write, void *ctx)
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
    if (g->status == FLAME_ERR_NO_SAMPLES) {
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
        if (!g->diag->err[0])
            fl_error(g->diag, "write error");
        return FLAME_ERR_IO;
    }
    if (s.rc) {
        fl_error(g->diag, "could not write the SVG (out of memory or encoding error)");
        return FLAME_ERR_NOMEM;
    }
    return FLAME_OK;
}
