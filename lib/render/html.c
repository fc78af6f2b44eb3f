/*
 * html.c - the HTML view: one self-contained page that draws the graph on
 * a <canvas> (lib/render/js/canvas-view.js) and lists its functions
 * (table.js).  The markup around the data is written through libxml2's
 * text writer, which escapes every user text; the frames travel as packed
 * binary records (names once, numbers as variable-length integers) that
 * the writer base64-encodes into a data block, so no byte of a name can
 * end an element.  The page's structure and the record format are
 * docs/html-format.md, the contract with the script.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "base/text.h"
#include "render/render.h"

/* ---- the writer ------------------------------------------------------ */

typedef struct html_out {
    flame_write_fn write;
    void *ctx;
    int failed;
} html_out;

static int io_write(void *ctx, const char *buf, int len)
{
    html_out *o = ctx;
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

typedef struct html {
    xmlTextWriterPtr w;
    const fl_layout *g;
    fl_buf tmp;     /* scratch for numbers and user texts */
    int rc;         /* first failure of libxml2 or of memory */
} html;

#define X(s) ((const xmlChar *)(s))

static void chk(html *h, int rc)
{
    if (rc < 0 && h->rc == 0)
        h->rc = -1;
}

static void start(html *h, const char *name)
{
    chk(h, xmlTextWriterStartElement(h->w, X(name)));
}

/* Every element but the void ones (meta) needs its end tag in HTML. */
static void end(html *h)
{
    chk(h, xmlTextWriterFullEndElement(h->w));
}

static void end_void(html *h)
{
    chk(h, xmlTextWriterEndElement(h->w));
}

static void raw(html *h, const char *text, size_t len)
{
    chk(h, xmlTextWriterWriteRawLen(h->w, X(text), (int)len));
}

static void attr(html *h, const char *name, const char *value)
{
    chk(h, xmlTextWriterWriteAttribute(h->w, X(name), X(value)));
}

/* A user text (any bytes), made XML-safe; the writer escapes it. */
static const char *safe(html *h, const char *text)
{
    h->tmp.len = 0;
    if (fl_text_xml_safe(&h->tmp, text, strlen(text)) != 0 || fl_buf_putc(&h->tmp, '\0') != 0) {
        h->rc = -1;
        return "";
    }
    return h->tmp.data;
}

static void attr_user(html *h, const char *name, const char *value)
{
    attr(h, name, safe(h, value));
}

static void attr_num(html *h, const char *name, double v)
{
    h->tmp.len = 0;
    if (fl_fmt_exact(&h->tmp, v) != 0 || fl_buf_putc(&h->tmp, '\0') != 0) {
        h->rc = -1;
        return;
    }
    attr(h, name, h->tmp.data);
}

static void text_user(html *h, const char *text)
{
    chk(h, xmlTextWriterWriteString(h->w, X(safe(h, text))));
}

/* <tag id="id" class="cls">text</tag>, the text already safe */
static void element(html *h, const char *tag, const char *id, const char *cls, const char *text)
{
    start(h, tag);
    if (id)
        attr(h, "id", id);
    if (cls)
        attr(h, "class", cls);
    chk(h, xmlTextWriterWriteString(h->w, X(text)));
    end(h);
}

static void newline(html *h)
{
    raw(h, "\n", 1);
}

/* ---- the frames as records (docs/html-format.md) --------------------- */

enum {
    REC_START = 1,  /* the start follows (it is not where the frame before left off) */
    REC_COLOR = 2,  /* a colour follows (not the one of the name) */
    REC_FLOAT = 4,  /* the numbers are 8-byte doubles, not whole-number varints */
    REC_DELTA = 8,  /* a differential delta follows */
    REC_DEPTH = 16  /* the depth follows: more than one level below the frame before */
};
#define REC_FLAG_BITS 5

#define TWO_53 9007199254740992.0

/* Varints and doubles go into a buffer that is base64-encoded by the
 * writer whenever it is large, in multiples of three bytes so that the
 * pieces join into one base64 text. */
typedef struct blob {
    html *h;
    unsigned char *p;
    size_t len, cap;
} blob;

#define BLOB_CHUNK ((size_t)3 << 14)

static void blob_flush(blob *b, int all)
{
    size_t n = all ? b->len : b->len - b->len % 3;
    if (n == 0)
        return;
    chk(b->h, xmlTextWriterWriteBase64(b->h->w, (const char *)b->p, 0, (int)n));
    memmove(b->p, b->p + n, b->len - n);
    b->len -= n;
}

static void blob_put(blob *b, const void *data, size_t n)
{
    if (b->h->rc || n == 0)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : BLOB_CHUNK + 64;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->h->rc = -1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    if (b->len >= BLOB_CHUNK)
        blob_flush(b, 0);
}

static void put_varint(blob *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    do {
        unsigned char byte = v & 0x7f;
        v >>= 7;
        tmp[n++] = byte | (v ? 0x80 : 0);
    } while (v);
    blob_put(b, tmp, n);
}

static void put_double(blob *b, double v)
{
    unsigned char tmp[8];
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    for (int k = 0; k < 8; k++)
        tmp[k] = (unsigned char)(bits >> (8 * k));   /* little-endian */
    blob_put(b, tmp, 8);
}

static int whole(double v)
{
    return v >= 0 && v < TWO_53 && v == floor(v);
}

static int whole_signed(double v)
{
    return fabs(v) < TWO_53 / 2 && v == floor(v);
}

/* Zigzag: 0, -1, 1, -2, ... as 0, 1, 2, 3, ... */
static uint64_t zigzag(double v)
{
    return v >= 0 ? (uint64_t)v * 2 : (uint64_t)(-v) * 2 - 1;
}

/* Names once: each name used by a drawn frame gets an index in the order
 * the frames first use it (the root is "all", index 0); colours once. */
typedef struct tables {
    uint32_t *name_of;    /* per merge name id: its index + 1, 0 for none yet */
    uint32_t *names;      /* per index: merge name id (the root: UINT32_MAX) */
    uint32_t *name_color; /* per index: the colour of its first frame */
    size_t nnames;
    uint32_t *color_keys; /* open addressing: rgb + 1, 0 empty */
    uint32_t *color_slot; /* colour index per slot */
    size_t nslots;
    uint32_t *colors;     /* per colour index: rgb */
    size_t ncolors;
    uint32_t *frame_name;  /* per drawn frame */
    uint32_t *frame_color; /* per drawn frame */
    const fl_nameattr_entry **attrs; /* per name index: its --nameattr entry, or NULL */
    size_t nattrs;        /* names with an entry holding href, target or title */
} tables;

static void tables_free(tables *t)
{
    free(t->name_of);
    free(t->names);
    free(t->name_color);
    free(t->color_keys);
    free(t->color_slot);
    free(t->colors);
    free(t->frame_name);
    free(t->frame_color);
    free(t->attrs);
}

static uint32_t color_index(tables *t, uint32_t rgb)
{
    size_t k = (rgb * 2654435761u) & (t->nslots - 1);
    while (t->color_keys[k] && t->color_keys[k] != rgb + 1)
        k = (k + 1) & (t->nslots - 1);
    if (!t->color_keys[k]) {
        t->color_keys[k] = rgb + 1;
        t->color_slot[k] = (uint32_t)t->ncolors;
        t->colors[t->ncolors++] = rgb;
    }
    return t->color_slot[k];
}

static const char *find_attr(const fl_nameattr_entry *e, const char *name)
{
    for (size_t i = 0; e && i < e->nattrs; i++)
        if (strcmp(e->attrs[i].name, name) == 0)
            return e->attrs[i].value;
    return NULL;
}

static int make_tables(tables *t, const fl_layout *g)
{
    size_t n = g->ndrawn, nids = g->names->count;
    t->nslots = 16;
    while (t->nslots < 2 * n)
        t->nslots *= 2;
    t->name_of = calloc(nids ? nids : 1, sizeof *t->name_of);
    t->names = malloc((n + 1) * sizeof *t->names);
    t->name_color = malloc((n + 1) * sizeof *t->name_color);
    t->color_keys = calloc(t->nslots, sizeof *t->color_keys);
    t->color_slot = malloc(t->nslots * sizeof *t->color_slot);
    t->colors = malloc((n + 1) * sizeof *t->colors);
    t->frame_name = malloc((n + 1) * sizeof *t->frame_name);
    t->frame_color = malloc((n + 1) * sizeof *t->frame_color);
    t->attrs = calloc(n + 1, sizeof *t->attrs);
    if (!t->name_of || !t->names || !t->name_color || !t->color_keys || !t->color_slot ||
        !t->colors || !t->frame_name || !t->frame_color || !t->attrs)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const fl_frame *f = fl_drawn_frame(g, i);
        const fl_rgb *c = &g->drawn[i].rgb;
        uint32_t color = color_index(t, (uint32_t)c->r << 16 | (uint32_t)c->g << 8 | c->b);
        uint32_t idx;
        if (i == 0) {
            /* the root comes first (a graph without it has no frames):
             * index 0, "all", whatever the root's name id is */
            idx = 0;
            t->names[0] = UINT32_MAX;
            t->name_color[0] = color;
            t->nnames = 1;
        } else if (t->name_of[f->name]) {
            idx = t->name_of[f->name] - 1;
        } else {
            idx = (uint32_t)t->nnames++;
            t->name_of[f->name] = idx + 1;
            t->names[idx] = f->name;
            t->name_color[idx] = color;
            if (g->nameattr) {
                const fl_name *nm = &g->names->list[f->name];
                const fl_nameattr_entry *e = fl_nameattr_find(g->nameattr, nm->str, nm->len);
                if (find_attr(e, "href") || find_attr(e, "target") || find_attr(e, "title")) {
                    t->attrs[idx] = e;
                    t->nattrs++;
                }
            }
        }
        t->frame_name[i] = idx;
        t->frame_color[i] = color;
    }
    return 0;
}

/* The text of name index k: as shown (annotation stripped, XML-safe). */
static void name_text(const fl_layout *g, const tables *t, size_t k, const char **s, size_t *len)
{
    if (t->names[k] == UINT32_MAX) {
        *s = "all";
        *len = 3;
        return;
    }
    const fl_span *sp = &g->shown[t->names[k]];
    *s = g->shown_text.data + sp->off;
    *len = sp->len;
}

/* The strings block: the names, then href, target and title of each name
 * with attributes, each string ended by a NUL (no XML-safe text holds one). */
static int strings_block(const fl_layout *g, const tables *t, fl_buf *out)
{
    int rc = 0;
    for (size_t k = 0; k < t->nnames; k++) {
        const char *s;
        size_t len;
        name_text(g, t, k, &s, &len);
        rc |= fl_buf_append(out, s, len);
        rc |= fl_buf_putc(out, '\0');
    }
    static const char *const which[3] = {"href", "target", "title"};
    for (size_t k = 0; k < t->nnames; k++) {
        if (!t->attrs[k])
            continue;
        for (int a = 0; a < 3; a++) {
            const char *v = find_attr(t->attrs[k], which[a]);
            if (v)
                rc |= fl_text_xml_safe(out, v, strlen(v));
            rc |= fl_buf_putc(out, '\0');
        }
    }
    return rc ? -1 : 0;
}

static int any_delta(const fl_layout *g)
{
    for (size_t i = 0; i < g->ndrawn; i++)
        if (fl_drawn_frame(g, i)->has_delta)
            return 1;
    return 0;
}

static void write_records(html *h, const tables *t, fl_buf *strings)
{
    const fl_layout *g = h->g;
    blob b = {h, NULL, 0, 0};
    int differential = any_delta(g);
    blob_put(&b, "cfg1", 4);
    put_varint(&b, g->ndrawn);
    put_varint(&b, t->nnames);
    put_varint(&b, t->ncolors);
    put_varint(&b, t->nattrs);
    put_varint(&b, differential ? 1 : 0);
    put_varint(&b, strings->len);
    blob_put(&b, strings->data, strings->len);
    for (size_t k = 0; k < t->ncolors; k++) {
        unsigned char rgb[3] = {(unsigned char)(t->colors[k] >> 16),
                                (unsigned char)(t->colors[k] >> 8), (unsigned char)t->colors[k]};
        blob_put(&b, rgb, 3);
    }
    for (size_t k = 0; k < t->nnames; k++)
        put_varint(&b, t->name_color[k]);
    for (size_t k = 0; k < t->nnames; k++)
        if (t->attrs[k])
            put_varint(&b, k);

    /* next[d]: where the next child of the open frame at depth d starts,
     * as data-frames in the SVG (docs/svg-format.md) */
    size_t nnext = (size_t)g->geom.depthmax + 2;
    double *next = calloc(nnext, sizeof *next);
    if (!next) {
        h->rc = -1;
        free(b.p);
        return;
    }
    size_t prev_depth = 0;
    for (size_t i = 0; i < g->ndrawn && !h->rc; i++) {
        const fl_frame *f = fl_drawn_frame(g, i);
        size_t d = f->depth;
        double s = f->start;
        double n = (d == 0 ? g->geom.timemax : f->end) - f->start;
        double delta = g->cfg->opt.negate ? -f->delta : f->delta;
        if (delta == 0)
            delta = 0;
        double derived = d == 0 ? 0 : next[d - 1];
        unsigned flags = 0;
        if (!(derived == s))
            flags |= REC_START;
        if (t->frame_color[i] != t->name_color[t->frame_name[i]])
            flags |= REC_COLOR;
        if (f->has_delta)
            flags |= REC_DELTA;
        if (!whole(n) || ((flags & REC_START) && !whole(s)) ||
            ((flags & REC_DELTA) && !whole_signed(delta)))
            flags |= REC_FLOAT;
        /* climb: how many levels up from the previous frame's child level.
         * A frame may sit deeper than that when a collision took its parent
         * (lib/layout/layout.c): then its depth is written. */
        uint64_t climb = 0;
        if (i > 0 && d > prev_depth + 1)
            flags |= REC_DEPTH;
        else if (i > 0)
            climb = (uint64_t)(prev_depth + 1 - d);
        put_varint(&b, climb << REC_FLAG_BITS | flags);
        if (flags & REC_DEPTH)
            put_varint(&b, d);
        put_varint(&b, t->frame_name[i]);
        if (flags & REC_FLOAT)
            put_double(&b, n);
        else
            put_varint(&b, (uint64_t)n);
        if (flags & REC_START) {
            if (flags & REC_FLOAT)
                put_double(&b, s);
            else
                put_varint(&b, (uint64_t)s);
        }
        if (flags & REC_COLOR)
            put_varint(&b, t->frame_color[i]);
        if (flags & REC_DELTA) {
            if (flags & REC_FLOAT)
                put_double(&b, delta);
            else
                put_varint(&b, zigzag(delta));
        }
        if (d > 0)
            next[d - 1] = s + n;
        next[d] = s;
        prev_depth = d;
    }
    free(next);
    if (!h->rc)
        blob_flush(&b, 1);
    free(b.p);
}

/* ---- the page ---------------------------------------------------------- */

static void write_head(html *h, const char *title)
{
    chk(h, xmlTextWriterWriteDTD(h->w, X("html"), NULL, NULL, NULL));
    newline(h);
    start(h, "html");
    attr(h, "lang", "en");
    newline(h);
    start(h, "head");
    newline(h);
    start(h, "meta");
    attr(h, "charset", "utf-8");
    end_void(h);
    newline(h);
    start(h, "meta");
    attr(h, "name", "viewport");
    attr(h, "content", "width=device-width, initial-scale=1");
    end_void(h);
    newline(h);
    start(h, "meta");
    attr(h, "name", "generator");
    attr(h, "content", "cflamegraph " FLAME_VERSION_STRING);
    end_void(h);
    newline(h);
    start(h, "title");
    text_user(h, title);
    end(h);
    newline(h);
    start(h, "style");
    raw(h, fl_html_css, fl_html_css_len);
    end(h);
    newline(h);
    end(h); /* head */
    newline(h);
}

static void write_notes(html *h)
{
    const char *notes = h->g->cfg->opt.notes;
    if (!notes)
        return;
    fl_buf c = {0};
    if (fl_buf_puts(&c, " NOTES: ") || fl_text_xml_safe(&c, notes, strlen(notes)) ||
        fl_buf_puts(&c, " "))
        h->rc = -1;
    else
        chk(h, xmlTextWriterWriteComment(h->w, X(c.data)));
    fl_buf_free(&c);
    newline(h);
}

static void write_graph(html *h)
{
    const fl_layout *g = h->g;
    const fl_geom *m = &g->geom;
    char style[80];
    snprintf(style, sizeof style, "background:linear-gradient(%s 5%%,%s 95%%)",
             g->cfg->background.top, g->cfg->background.bottom);
    start(h, "div");
    attr(h, "id", "flamegraph");
    attr(h, "style", style);
    newline(h);
    start(h, "div");
    attr(h, "id", "header");
    newline(h);
    element(h, "span", "unzoom", "button hide", "Reset Zoom");
    newline(h);
    start(h, "div");
    attr(h, "id", "title");
    text_user(h, fl_config_title(g->cfg));
    end(h);
    newline(h);
    if (g->cfg->opt.subtitle && *g->cfg->opt.subtitle) {
        start(h, "div");
        attr(h, "id", "subtitle");
        text_user(h, g->cfg->opt.subtitle);
        end(h);
        newline(h);
    }
    element(h, "span", "theme", "button", "Dark");
    element(h, "span", "search", "button", "Search");
    element(h, "span", "ignorecase", "button", "ic");
    newline(h);
    end(h); /* header */
    newline(h);
    /* the canvases are sized and drawn by the script */
    start(h, "div");
    attr(h, "id", "chart");
    start(h, "div");
    attr(h, "id", "view");
    attr(h, "class", "view");
    element(h, "canvas", "graph", "frames", "");
    element(h, "canvas", "graph-labels", "labels", "");
    end(h);
    element(h, "div", "hover", "mark hover", "");
    element(h, "div", "selection", "mark selection", "");
    end(h); /* chart */
    newline(h);
    start(h, "div");
    attr(h, "id", "footer");
    element(h, "span", "details", NULL, " ");
    element(h, "span", "matched", NULL, " ");
    end(h);
    newline(h);
    end(h); /* flamegraph */
    newline(h);
    element(h, "div", "functions", NULL, "");
    newline(h);

    /* the data: the options the script needs, and the frames */
    start(h, "script");
    attr(h, "type", "application/octet-stream");
    attr(h, "id", "fl-data");
    attr_num(h, "data-total", m->timemax);
    attr_num(h, "data-factor", g->cfg->opt.factor);
    attr_num(h, "data-xpad", m->xpad);
    attr_num(h, "data-width", m->width);
    attr_num(h, "data-ypad1", m->ypad1);
    attr_num(h, "data-ypad2", m->ypad2);
    attr_num(h, "data-fontsize", m->font_size);
    attr_num(h, "data-fontwidth", m->font_width);
    attr_user(h, "data-fonttype", g->cfg->opt.font_type);
    attr_num(h, "data-frameheight", m->frame_height);
    attr_num(h, "data-framepad", m->framepad);
    attr_num(h, "data-depthmax", m->depthmax);
    attr(h, "data-inverted", g->cfg->opt.inverted ? "1" : "0");
    attr_user(h, "data-countname", g->count_name);
    attr_user(h, "data-nametype", g->cfg->opt.name_type);
    /* the view options of inferno's that the page draws (as the SVG's) */
    if (g->cfg->search_color)
        attr(h, "data-searchcolor", g->cfg->search_color);
    if (g->cfg->truncate == FLAME_TRUNCATE_LEFT)
        attr(h, "data-truncate", "left");
    if (g->cfg->stroke_color && strcmp(g->cfg->stroke_color, "none") != 0)
        attr(h, "data-strokecolor", g->cfg->stroke_color);
    if (g->cfg->ui_color)
        attr(h, "data-uicolor", g->cfg->ui_color);
    newline(h);
    tables t = {0};
    fl_buf strings = {0};
    if (make_tables(&t, g) != 0 || strings_block(g, &t, &strings) != 0)
        h->rc = -1;
    else
        write_records(h, &t, &strings);
    fl_buf_free(&strings);
    tables_free(&t);
    newline(h);
    end(h);
    newline(h);
    start(h, "script");
    raw(h, fl_html_js, fl_html_js_len);
    end(h);
    newline(h);
}

static void write_error_page(html *h)
{
    start(h, "body");
    newline(h);
    write_notes(h);
    element(h, "p", "title", "error", "ERROR: No valid input provided to cflamegraph.");
    newline(h);
    end(h);
}

/* libxml2 reports I/O errors on stderr by default; the library never prints. */
static void silent(void *ctx, const char *msg, ...)
{
    FL_UNUSED(ctx);
    FL_UNUSED(msg);
}

static flame_status render(const fl_layout *g, flame_write_fn write, void *ctx);

flame_status fl_render_html(const fl_layout *g, flame_write_fn write, void *ctx)
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
    html_out out = {write, ctx, 0};
    xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(io_write, io_close, &out, NULL);
    if (!ob)
        return FLAME_ERR_NOMEM;
    html h = {0};
    h.g = g;
    h.w = xmlNewTextWriter(ob);
    if (!h.w) {
        xmlOutputBufferClose(ob);
        return FLAME_ERR_NOMEM;
    }
    int error_page = g->status == FLAME_ERR_NO_SAMPLES;
    write_head(&h, error_page ? "cflamegraph: no input" : fl_config_title(g->cfg));
    if (error_page) {
        write_error_page(&h);
    } else {
        start(&h, "body");
        newline(&h);
        write_notes(&h);
        write_graph(&h);
        end(&h); /* body */
    }
    newline(&h);
    end(&h); /* html */
    newline(&h);
    chk(&h, xmlTextWriterEndDocument(h.w));
    chk(&h, xmlTextWriterFlush(h.w));
    xmlFreeTextWriter(h.w);   /* also closes ob */
    fl_buf_free(&h.tmp);
    if (out.failed) {
        if (!g->diag->err[0])
            fl_error(g->diag, "write error");
        return FLAME_ERR_IO;
    }
    if (h.rc) {
        fl_error(g->diag, "could not write the HTML page (out of memory)");
        return FLAME_ERR_NOMEM;
    }
    return FLAME_OK;
}
