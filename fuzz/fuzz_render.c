/*
 * fuzz_render.c - libFuzzer harness for the whole pipeline: options and
 * folded input in, SVG (sometimes PNG or PDF) out.
 *
 * Input layout (missing bytes read as 0):
 *
 *   byte 0   flags: inverted, flamechart, reverse, negate, hash, random,
 *            --cp, --nameattr
 *   byte 1   --colors (15 palettes, the default, or an unknown name)
 *   byte 2-8 --width --height --fontsize --fontwidth --minwidth --total
 *            --factor, each picked from a table of ordinary, extreme and
 *            invalid values
 *   byte 9   --bgcolors      byte 10  --encoding
 *   byte 11  also PNG or PDF, and --scale
 *   byte 12  which of --title --subtitle --countname --nametype --notes
 *            --fonttype follow byte 13
 *   byte 13  random seed
 *   then     those strings, each as a length byte and that many bytes;
 *            the --nameattr file and the palette.map to start from, each as
 *            a 2-byte length and the bytes, when their flag is set
 *   rest     folded input
 *
 * Checks: option errors come with a message; the SVG is well-formed XML,
 * namespace-well-formed too (what browsers need), with an <svg> root and
 * one element per drawn frame in the frames group; rendering twice gives the
 * same bytes; the HTML page parses with libxml2's HTML parser, has its
 * data block, whose text is base64 only, and no "</script" or "<!--" but
 * the page's own; the palette.map written by --cp reads back as
 * NAME->rgb(R,G,B) lines; a PNG decodes to the size the graph reports; a
 * PDF has its header and trailer.  Any failure aborts.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "flame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_MAX_INPUT ((size_t)1 << 20)

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "fuzz_render: check failed: %s (line %d): ", #cond, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                                             \
            fputc('\n', stderr);                                                      \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* ---- temporary files for --nameattr and --cp --------------------------- */

static char tmpdir[64];
static char nameattr_path[96];
static char pmap_path[96];

static void cleanup(void)
{
    if (!tmpdir[0])
        return;
    unlink(nameattr_path);
    unlink(pmap_path);
    rmdir(tmpdir);
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%.40s/fuzzrender.XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("fuzz_render: mkdtemp");
        abort();
    }
    snprintf(nameattr_path, sizeof nameattr_path, "%s/nameattr.tsv", tmpdir);
    snprintf(pmap_path, sizeof pmap_path, "%s/palette.map", tmpdir);
    atexit(cleanup);
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, silent);
    return 0;
}

static void write_file(const char *path, const uint8_t *p, size_t n)
{
    FILE *fp = fopen(path, "wb");
    CHECK(fp != NULL, "cannot create %s", path);
    CHECK(fwrite(p, 1, n, fp) == n && fclose(fp) == 0, "cannot write %s", path);
}

/* ---- reading the input ------------------------------------------------- */

typedef struct reader {
    const uint8_t *p;
    size_t n;
} reader;

static unsigned take(reader *r)
{
    if (!r->n)
        return 0;
    r->n--;
    return *r->p++;
}

/* A string of up to 63 bytes (a NUL in it ends it early). */
static const char *take_str(reader *r, char *buf, size_t cap)
{
    size_t len = take(r) % cap;
    if (len > r->n)
        len = r->n;
    memcpy(buf, r->p, len);
    buf[len] = '\0';
    r->p += len;
    r->n -= len;
    return buf;
}

static const uint8_t *take_blob(reader *r, size_t *len)
{
    size_t l = take(r);
    l |= (size_t)take(r) << 8;
    l %= 2048;
    if (l > r->n)
        l = r->n;
    const uint8_t *p = r->p;
    r->p += l;
    r->n -= l;
    *len = l;
    return p;
}

static const char *const palettes[17] = {
    "hot", "mem", "io", "wakeup", "chain", "java", "js", "perl", "red", "green",
    "blue", "aqua", "yellow", "purple", "orange", NULL, "nosuch",
};
static const double widths[8] = {1200, 21, 22, 40, 300, 1000000, 20, 1000001};
static const double heights[8] = {16, 1, 2, 10000, 0.5, 17, 3, 10001};
static const double fontsizes[8] = {12, 1, 0.25, 1000, 0, 7.5, 50, 1e9};
static const double fontwidths[8] = {0.59, 0.01, 1, 100, 0, 3, 0.3, 101};
static const struct { double v; int pct; } minwidths[8] = {
    {0.1, 0}, {0, 0}, {1, 0}, {1200, 0}, {0.5, 1}, {100, 1}, {1e-6, 1}, {-1, 0},
};
static const double totals[8] = {0, 1, 100, 1e6, 1e300, -1, 0.5, 30};
static const double factors[8] = {1, 2, 0.001, 1e300, 1e-300, 0, 3.5, 1e9};
static const char *const bgcolors[8] = {
    NULL, "yellow", "blue", "green", "grey", "#123abc", "#ABCDEF", "#12345g",
};
static const char *const encodings[16] = {
    NULL, "UTF-8", "ISO-8859-1", "US-ASCII", "UTF-16", "HTML", "EBCDIC-US", "nosuch",
    "CP1252", "UCS-4", "ISO-2022-JP", "latin1", "UTF-16BE", "ASCII", "ISO-8859-15", "",
};
static const double scales[8] = {1, 2, 0.5, 0.01, 3, 100, 0, 1.5};

/* ---- checks ------------------------------------------------------------ */

static size_t count_frames(xmlNode *root)
{
    for (xmlNode *n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "g") != 0)
            continue;
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
        int frames = id && strcmp((const char *)id, "frames") == 0;
        xmlFree(id);
        if (!frames)
            continue;
        size_t count = 0;
        for (xmlNode *c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE)
                count++;
        return count;
    }
    return (size_t)-1;
}

static void check_svg(flame_graph *g, flame_status st, const void *svg, size_t len)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, svg, (int)len, "fuzz.svg", NULL,
                                      XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    if (!doc && ctxt->lastError.code == XML_ERR_NO_MEMORY) {
        xmlFreeParserCtxt(ctxt);
        return;
    }
    CHECK(doc && ctxt->wellFormed, "SVG is not well-formed: %s (line %d)",
          ctxt->lastError.message ? ctxt->lastError.message : "?", ctxt->lastError.line);
    CHECK(ctxt->nsWellFormed, "SVG is not namespace-well-formed: %s (line %d)",
          ctxt->lastError.message ? ctxt->lastError.message : "?", ctxt->lastError.line);
    xmlNode *root = xmlDocGetRootElement(doc);
    CHECK(root && strcmp((const char *)root->name, "svg") == 0, "root is not <svg>");
    if (st == FLAME_OK) {
        size_t n = count_frames(root);
        CHECK(n == flame_graph_frame_count(g), "%zu frame elements, %zu frames drawn", n,
              flame_graph_frame_count(g));
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
}

static size_t count_of(const char *s, size_t len, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = s; (p = memmem(p, len - (size_t)(p - s), needle, k)) != NULL; p += k)
        n++;
    return n;
}

static xmlNode *find_id(xmlNode *n, const char *id)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
        int hit = v && strcmp((const char *)v, id) == 0;
        xmlFree(v);
        if (hit)
            return n;
        xmlNode *c = find_id(n->children, id);
        if (c)
            return c;
    }
    return NULL;
}

static void check_html(flame_graph *g, flame_status lst)
{
    void *out = NULL;
    size_t len = 0;
    flame_status st = flame_graph_render_memory(g, FLAME_FORMAT_HTML, &out, &len);
    if (st == FLAME_ERR_NOMEM)
        return;
    CHECK(st == lst, "HTML: status %d, layout %d: %s", st, lst, flame_graph_error(g));
    const char *html = out;
    CHECK(len > 15 && memcmp(html, "<!DOCTYPE html>", 15) == 0, "HTML: no doctype");
    /* user text never ends an element or opens a comment */
    size_t scripts = count_of(html, len, "<script");
    CHECK(count_of(html, len, "</script") == scripts && (scripts == 2 || (scripts == 0 && lst != FLAME_OK)),
          "HTML: %zu <script, %zu </script", scripts, count_of(html, len, "</script"));
    CHECK(count_of(html, len, "<!--") <= 1 && count_of(html, len, "</style") == 1,
          "HTML: a comment or a style ended by user text");
    htmlDocPtr doc = htmlReadMemory(html, (int)len, "fuzz.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    if (doc || len < 1000000) {
        CHECK(doc != NULL, "HTML does not parse");
        xmlNode *data = find_id(xmlDocGetRootElement(doc), "fl-data");
        if (lst == FLAME_OK) {
            CHECK(data != NULL, "HTML: no data block");
            xmlChar *text = xmlNodeGetContent(data);
            CHECK(text && strspn((const char *)text,
                                 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n") ==
                               strlen((const char *)text),
                  "HTML: the data block is not base64");
            const char *b64 = (const char *)text + strspn((const char *)text, "\r\n");
            CHECK(strncmp(b64, "Y2ZnM", 5) == 0, "HTML: the data does not start with cfg1");
            xmlFree(text);
        }
        xmlFreeDoc(doc);
    }
    flame_free(out);
}

static void check_palette_map(void)
{
    FILE *fp = fopen(pmap_path, "rb");
    if (!fp)
        return;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, fp)) >= 0) {
        CHECK(n > 0 && line[n - 1] == '\n', "palette.map: unterminated line");
        /* NAME->rgb(R,G,B): the colour after the last "->". */
        char *arrow = NULL;
        for (ssize_t i = 0; i + 1 < n; i++)
            if (line[i] == '-' && line[i + 1] == '>')
                arrow = line + i;
        CHECK(arrow != NULL, "palette.map: line without '->'");
        unsigned r, g, b;
        int used = -1;
        CHECK(sscanf(arrow, "->rgb(%u,%u,%u)\n%n", &r, &g, &b, &used) == 3 &&
              used == (int)(line + n - arrow) && r < 256 && g < 256 && b < 256,
              "palette.map: bad colour '%s'", arrow);
    }
    free(line);
    fclose(fp);
}

typedef struct pngread {
    const unsigned char *p;
    size_t n;
} pngread;

static cairo_status_t png_in(void *closure, unsigned char *data, unsigned int len)
{
    pngread *r = closure;
    if (len > r->n)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p, len);
    r->p += len;
    r->n -= len;
    return CAIRO_STATUS_SUCCESS;
}

static void check_cairo(flame_graph *g, flame_status lst, flame_format fmt, double scale)
{
    double w, h;
    flame_graph_size(g, &w, &h);
    if (lst == FLAME_ERR_NO_SAMPLES)
        return;     /* error picture: size not reported */
    /* Only pictures that are cheap to draw. */
    double dev = w * h * (fmt == FLAME_FORMAT_PNG ? scale * scale : 1);
    if (!(dev <= 4e6) || flame_graph_frame_count(g) > 500)
        return;
    void *out = NULL;
    size_t len = 0;
    flame_status st = flame_graph_render_memory(g, fmt, &out, &len);
    if (st == FLAME_ERR_NOMEM || st == FLAME_ERR_UNSUPPORTED)
        return;
    if (st == FLAME_ERR_LIMIT) {
        CHECK(flame_graph_error(g)[0], "PNG/PDF limit without a message");
        return;
    }
    CHECK(st == FLAME_OK, "%s: status %d: %s", fmt == FLAME_FORMAT_PNG ? "PNG" : "PDF", st,
          flame_graph_error(g));
    if (fmt == FLAME_FORMAT_PDF) {
        CHECK(len > 10 && memcmp(out, "%PDF-", 5) == 0, "PDF header");
        CHECK(memmem(out, len, "%%EOF", 5) != NULL, "PDF trailer");
    } else {
        pngread r = {out, len};
        cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_in, &r);
        cairo_status_t cs = cairo_surface_status(s);
        if (cs != CAIRO_STATUS_NO_MEMORY) {
            CHECK(cs == CAIRO_STATUS_SUCCESS, "PNG does not decode: %s",
                  cairo_status_to_string(cs));
            int pw = cairo_image_surface_get_width(s), ph = cairo_image_surface_get_height(s);
            double ew = ceil(w * scale - 1e-9), eh = ceil(h * scale - 1e-9);
            CHECK(pw == (ew < 1 ? 1 : ew) && ph == (eh < 1 ? 1 : eh),
                  "PNG is %dx%d, graph %gx%g at scale %g", pw, ph, w, h, scale);
        }
        cairo_surface_destroy(s);
    }
    flame_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tmpdir[0])
        LLVMFuzzerInitialize(NULL, NULL);
    reader r = {data, size > FUZZ_MAX_INPUT ? FUZZ_MAX_INPUT : size};
    unsigned flags = take(&r);
    unsigned pal = take(&r);
    flame_options o;
    flame_options_init(&o);
    o.inverted = flags & 1;
    o.flamechart = (flags >> 1) & 1;
    o.reverse = (flags >> 2) & 1;
    o.negate = (flags >> 3) & 1;
    if (flags & 0x10)
        o.color_mode = FLAME_COLOR_HASH;
    if (flags & 0x20)
        o.color_mode = FLAME_COLOR_RANDOM;
    o.palette = palettes[pal % 17];
    o.width = widths[take(&r) % 8];
    o.frame_height = heights[take(&r) % 8];
    o.font_size = fontsizes[take(&r) % 8];
    o.font_width = fontwidths[take(&r) % 8];
    unsigned mw = take(&r) % 8;
    o.min_width = minwidths[mw].v;
    o.min_width_percent = minwidths[mw].pct;
    o.total = totals[take(&r) % 8];
    o.factor = factors[take(&r) % 8];
    o.bg_colors = bgcolors[take(&r) % 8];
    o.encoding = encodings[take(&r) % 16];
    unsigned out = take(&r);
    o.scale = scales[(out >> 4) & 7];
    unsigned strs = take(&r);
    o.random_seed = take(&r);
    char title[64], subtitle[64], countname[64], nametype[64], notes[64], fonttype[64];
    if (strs & 1)
        o.title = take_str(&r, title, sizeof title);
    if (strs & 2)
        o.subtitle = take_str(&r, subtitle, sizeof subtitle);
    if (strs & 4)
        o.count_name = take_str(&r, countname, sizeof countname);
    if (strs & 8)
        o.name_type = take_str(&r, nametype, sizeof nametype);
    if (strs & 16)
        o.notes = take_str(&r, notes, sizeof notes);
    if (strs & 32)
        o.font_type = take_str(&r, fonttype, sizeof fonttype);
    unlink(nameattr_path);
    unlink(pmap_path);
    if (flags & 0x80) {
        size_t len;
        const uint8_t *p = take_blob(&r, &len);
        write_file(nameattr_path, p, len);
        o.name_attr_path = nameattr_path;
    }
    if (flags & 0x40) {
        size_t len;
        const uint8_t *p = take_blob(&r, &len);
        if (len)
            write_file(pmap_path, p, len);
        o.palette_map = pmap_path;
    }

    flame_graph *g = flame_graph_new();
    if (!g)
        return 0;
    flame_status st = flame_graph_set_options(g, &o);
    /* order and looks, from bits the options above leave free */
    if (st == FLAME_OK && (strs & 64) && !o.flamechart)
        st = flame_graph_set_int(g, FLAME_OPT_SORT, FLAME_SORT_WEIGHT);
    if (st == FLAME_OK && (strs & 128))
        st = flame_graph_set_int(g, FLAME_OPT_TRUNCATE, FLAME_TRUNCATE_LEFT);
    if (st == FLAME_OK && (out & 128)) {
        st = flame_graph_set_int(g, FLAME_OPT_COLOR_DIFFUSION, 1);
        if (st == FLAME_OK)
            st = flame_graph_set_string(g, FLAME_OPT_STROKE_COLOR, "#102030");
    }
    if (st != FLAME_OK) {
        CHECK(st == FLAME_ERR_OPTION || st == FLAME_ERR_INPUT || st == FLAME_ERR_NOMEM,
              "set_options: status %d", st);
        CHECK(st == FLAME_ERR_NOMEM || flame_graph_error(g)[0], "option error %d without a message",
              st);
        flame_graph_free(g);
        return 0;
    }
    st = flame_graph_read_buffer(g, r.p, r.n, "fuzz");
    CHECK(st == FLAME_OK || st == FLAME_ERR_NOMEM || st == FLAME_ERR_LIMIT, "read: status %d: %s",
          st, flame_graph_error(g));
    if (st != FLAME_OK) {
        flame_graph_free(g);
        return 0;
    }
    flame_status lst = flame_graph_layout(g);
    CHECK(lst == FLAME_OK || lst == FLAME_ERR_NO_SAMPLES || lst == FLAME_ERR_LIMIT ||
          lst == FLAME_ERR_NOMEM || lst == FLAME_ERR_INPUT,
          "layout: status %d: %s", lst, flame_graph_error(g));
    if (lst != FLAME_OK)
        CHECK(flame_graph_error(g)[0], "layout status %d without a message", lst);
    /* An invalid palette.map is an input error: that is all it may do. */
    if (lst == FLAME_ERR_INPUT)
        CHECK(flame_graph_error(g)[0] && (flags & 0x40), "input error from layout without --cp");
    if (o.palette_map && lst == FLAME_OK)
        check_palette_map();

    void *svg = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    st = flame_graph_render_memory(g, FLAME_FORMAT_SVG, &svg, &len);
    if (lst != FLAME_OK && lst != FLAME_ERR_NO_SAMPLES) {
        CHECK(st == lst && svg == NULL, "render after a failed layout: status %d", st);
    } else if (st != FLAME_ERR_NOMEM) {
        CHECK(st == lst, "render: status %d, layout %d: %s", st, lst, flame_graph_error(g));
        check_svg(g, st, svg, len);
        flame_status st2 = flame_graph_render_memory(g, FLAME_FORMAT_SVG, &again, &len2);
        if (st2 != FLAME_ERR_NOMEM)
            CHECK(st2 == st && len2 == len && memcmp(svg, again, len) == 0,
                  "the second rendering differs");
        flame_free(again);
        check_html(g, lst);
        if ((out & 15) == 1)
            check_cairo(g, lst, FLAME_FORMAT_PNG, o.scale);
        else if ((out & 15) == 2)
            check_cairo(g, lst, FLAME_FORMAT_PDF, 1);
    }
    flame_free(svg);
    flame_graph_free(g);
    return 0;
}
