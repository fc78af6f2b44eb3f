/*
 * test_png.c - PNG and PDF output (lib/render_cairo.c).
 *
 * Renders real inputs, reads the PNGs back with cairo and checks sizes,
 * frame fill colours, the background gradient, labels, narrow frames, the
 * error picture, the size limit and writer failures; PDFs are checked for
 * their header and, when pdfinfo exists, their page count and size.  The
 * options of order and looks are checked in both.
 *
 * Usage: test_png [INPUT_DIR]   (default /work/shared/compat/inputs, then fixtures/compat)
 * Prints "N passed, N failed"; exits 1 on any failure.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>

#include "flame.h"
#include "graph.h"   /* g->cfg.background: the gradient the picture should show */

static int passed, failed;

static void check(int ok, const char *fmt, ...)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    va_list ap;
    va_start(ap, fmt);
    fputs("FAIL: ", stdout);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
}

static const char *input_dir;

static char *input_path(const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", input_dir, name);
    return buf;
}

typedef struct opts {
    double scale;
    int inverted;
    const char *palette;
    double min_width;
} opts;

static flame_graph *graph_from_file(const char *path, const opts *o)
{
    flame_options fo;
    flame_options_init(&fo);
    if (o) {
        if (o->scale > 0)
            fo.scale = o->scale;
        fo.inverted = o->inverted;
        if (o->palette)
            fo.palette = o->palette;
        if (o->min_width >= 0)
            fo.min_width = o->min_width;
    }
    flame_graph *g = flame_graph_new();
    if (!g || flame_graph_set_options(g, &fo) != FLAME_OK)
        return g;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        check(0, "cannot open %s", path);
        return g;
    }
    flame_graph_read_file(g, fp, path);
    fclose(fp);
    return g;
}

/* ---- PNG from memory ---------------------------------------------------- */

typedef struct membuf {
    const unsigned char *p;
    size_t len, pos;
} membuf;

static cairo_status_t mem_read(void *closure, unsigned char *data, unsigned int len)
{
    membuf *m = closure;
    if (m->len - m->pos < len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, m->p + m->pos, len);
    m->pos += len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *decode_png(const void *data, size_t len)
{
    membuf m = {data, len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(mem_read, &m);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_surface_flush(s);
    return s;
}

typedef struct px { int r, g, b, a; } px;

static px pixel(cairo_surface_t *s, int x, int y)
{
    px p = {-1, -1, -1, -1};
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    if (x < 0 || y < 0 || x >= w || y >= h)
        return p;
    const unsigned char *row = cairo_image_surface_get_data(s) + (size_t)y * cairo_image_surface_get_stride(s);
    uint32_t v;
    memcpy(&v, row + 4 * (size_t)x, 4);
    int fmt = cairo_image_surface_get_format(s);
    p.a = fmt == CAIRO_FORMAT_ARGB32 ? (int)(v >> 24) : 255;
    p.r = (int)((v >> 16) & 255);
    p.g = (int)((v >> 8) & 255);
    p.b = (int)(v & 255);
    return p;
}

static void hex_rgb(const char *hex, int *r, int *g, int *b)
{
    unsigned v = 0;
    if (hex && hex[0] == '#')
        sscanf(hex + 1, "%6x", &v);
    *r = (int)(v >> 16) & 255;
    *g = (int)(v >> 8) & 255;
    *b = (int)v & 255;
}

static int near(px p, int r, int g, int b, int tol)
{
    return abs(p.r - r) <= tol && abs(p.g - g) <= tol && abs(p.b - b) <= tol;
}

/* ---- the checks --------------------------------------------------------- */

static cairo_surface_t *render_png(flame_graph *g, flame_status *st)
{
    void *data = NULL;
    size_t len = 0;
    *st = flame_graph_render_memory(g, FLAME_FORMAT_PNG, &data, &len);
    if (*st != FLAME_OK && *st != FLAME_ERR_NO_SAMPLES)
        return NULL;
    check(len > 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0, "PNG signature");
    cairo_surface_t *s = decode_png(data, len);
    flame_free(data);
    check(s != NULL, "PNG decodes");
    return s;
}

static void check_graph(const char *file, const opts *o)
{
    char what[256];
    snprintf(what, sizeof what, "%s scale=%g%s%s%s", file, o->scale, o->inverted ? " inverted" : "",
             o->palette ? " colors=" : "", o->palette ? o->palette : "");
    flame_graph *g = graph_from_file(input_path(file), o);
    flame_status st = flame_graph_layout(g);
    check(st == FLAME_OK, "%s: layout: %s", what, flame_graph_error(g));
    if (st != FLAME_OK) {
        flame_graph_free(g);
        return;
    }
    cairo_surface_t *s = render_png(g, &st);
    check(st == FLAME_OK && s, "%s: render: %s", what, flame_graph_error(g));
    if (!s) {
        flame_graph_free(g);
        return;
    }
    double w, h, sc = o->scale;
    flame_graph_size(g, &w, &h);
    int W = cairo_image_surface_get_width(s), H = cairo_image_surface_get_height(s);
    check(W == (int)lround(w * sc) && H == (int)lround(h * sc), "%s: size %dx%d, want %gx%g", what,
          W, H, w * sc, h * sc);

    /* background gradient */
    int r, gg, b;
    hex_rgb(g->cfg.background.top, &r, &gg, &b);
    px p = pixel(s, 0, 0);
    check(near(p, r, gg, b, 2), "%s: top-left (%d,%d,%d), want %s", what, p.r, p.g, p.b,
          g->cfg.background.top);
    hex_rgb(g->cfg.background.bottom, &r, &gg, &b);
    p = pixel(s, 0, H - 1);
    check(near(p, r, gg, b, 2), "%s: bottom-left (%d,%d,%d), want %s", what, p.r, p.g, p.b,
          g->cfg.background.bottom);

    /* every frame at least 4 px wide shows its fill at right edge - 1 px */
    size_t n = flame_graph_frame_count(g), nchecked = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        flame_frame f;
        if (flame_graph_frame(g, i, &f) != FLAME_OK || f.w < 4)
            continue;
        int x = (int)floor((f.x + f.w) * sc - 1);
        int y = (int)floor((f.y + f.h / 2) * sc);
        p = pixel(s, x, y);
        nchecked++;
        if (!near(p, f.r, f.g, f.b, 0)) {
            if (bad++ < 5)
                check(0, "%s: frame %zu (%.*s) at %d,%d is (%d,%d,%d), want (%d,%d,%d)", what, i,
                      (int)f.name_len, f.name, x, y, p.r, p.g, p.b, f.r, f.g, f.b);
        }
    }
    check(bad == 0 && nchecked > 0, "%s: %zu of %zu frame fills wrong", what, bad, nchecked);

    /* the root is labelled "all": some pixels in it differ from its fill */
    flame_frame root;
    flame_graph_frame(g, 0, &root);
    size_t differ = 0;
    int y0 = (int)ceil(root.y * sc), y1 = (int)floor((root.y + root.h) * sc);
    for (int y = y0; y < y1; y++)
        for (int x = (int)ceil((root.x + 3) * sc); x < (int)((root.x + 40) * sc); x++)
            if (!near(pixel(s, x, y), root.r, root.g, root.b, 0))
                differ++;
    check(differ > 10, "%s: the root's label left %zu pixels", what, differ);

    cairo_surface_destroy(s);
    flame_graph_free(g);
}

/* Many frames narrower than a pixel, side by side, leave no holes. */
static void check_narrow_frames(double scale)
{
    flame_options fo;
    flame_options_init(&fo);
    fo.min_width = 0;
    fo.scale = scale;
    flame_graph *g = flame_graph_new();
    flame_graph_set_options(g, &fo);
    char line[64];
    for (int i = 0; i < 5000; i++) {
        int len = snprintf(line, sizeof line, "a;b%05d 1", i);
        flame_graph_add_line(g, line, (size_t)len);
    }
    flame_status st;
    cairo_surface_t *s = render_png(g, &st);
    check(st == FLAME_OK && s, "narrow frames: render: %s", flame_graph_error(g));
    if (s) {
        flame_frame a, first, last;
        flame_graph_frame(g, 1, &a);   /* "a", depth 1 */
        flame_graph_frame(g, 2, &first);
        flame_graph_frame(g, flame_graph_frame_count(g) - 1, &last);
        check(a.depth == 1 && first.depth == 2 && last.depth == 2, "narrow frames: layout");
        int y = (int)floor((first.y + first.h / 2) * scale);
        int x0 = (int)ceil(first.x * scale), x1 = (int)floor((last.x + last.w) * scale);
        int holes = 0;
        for (int x = x0; x < x1; x++) {
            px p = pixel(s, x, y);
            if (p.b > 100)   /* hot colours have blue <= 55; the background >= 176 */
                holes++;
        }
        check(x1 - x0 > 100 && holes == 0, "narrow frames (scale %g): %d holes in %d px", scale,
              holes, x1 - x0);
        cairo_surface_destroy(s);
    }
    flame_graph_free(g);
}

static void check_error_picture(void)
{
    flame_options fo;
    flame_options_init(&fo);
    fo.scale = 2;
    flame_graph *g = flame_graph_new();
    flame_graph_set_options(g, &fo);
    flame_status st;
    cairo_surface_t *s = render_png(g, &st);
    check(st == FLAME_ERR_NO_SAMPLES, "empty input renders the error picture: %d", st);
    if (s) {
        int W = cairo_image_surface_get_width(s), H = cairo_image_surface_get_height(s);
        check(W == (int)(fo.width * 2) && H == (int)(fo.font_size * 5 * 2),
              "error picture size %dx%d", W, H);
        size_t dark = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                px p = pixel(s, x, y);
                if (p.r < 100 && p.g < 100 && p.b < 100)
                    dark++;
            }
        check(dark > 50, "error picture has its message (%zu dark pixels)", dark);
        cairo_surface_destroy(s);
    }
    flame_graph_free(g);
}

/* One stack 2600 frames deep, default options: at 16 px a frame, more than
 * 40000 px tall. */
static flame_graph *deep_graph(void)
{
    flame_graph *g = flame_graph_new();
    const char **frames = malloc(2600 * sizeof *frames);
    char (*names)[16] = malloc(2600 * sizeof *names);
    for (int i = 0; i < 2600; i++) {
        snprintf(names[i], sizeof names[i], "f%d", i);
        frames[i] = names[i];
    }
    flame_graph_add_stack(g, frames, 2600, 10);
    free(frames);
    free(names);
    return g;
}

static void check_limit(void)
{
    flame_graph *g = deep_graph();
    double w, h;
    flame_graph_layout(g);
    flame_graph_size(g, &w, &h);
    check(h > 40000, "deep graph is %g px tall", h);
    void *data = NULL;
    size_t len = 0;
    flame_status st = flame_graph_render_memory(g, FLAME_FORMAT_PNG, &data, &len);
    const char *msg = flame_graph_error(g);
    check(st == FLAME_ERR_LIMIT, "deep graph: status %d, want FLAME_ERR_LIMIT", st);
    check(strstr(msg, "px tall") && strstr(msg, "32767"), "deep graph message: %s", msg);
    flame_free(data);
    flame_graph_free(g);

    /* too wide through --scale */
    opts o = {100, 0, NULL, -1};
    g = graph_from_file(input_path("example-perf.folded"), &o);
    st = flame_graph_render_memory(g, FLAME_FORMAT_PNG, &data, &len);
    check(st == FLAME_ERR_LIMIT && strstr(flame_graph_error(g), "32767"),
          "scale 100: status %d (%s)", st, flame_graph_error(g));
    flame_graph_free(g);
}

static int failing_writer(void *ctx, const void *data, size_t len)
{
    (void)ctx;
    (void)data;
    (void)len;
    return -1;
}

static void check_write_error(void)
{
    flame_format fmts[2] = {FLAME_FORMAT_PNG, FLAME_FORMAT_PDF};
    for (int k = 0; k < 2; k++) {
        opts o = {1, 0, NULL, -1};
        flame_graph *g = graph_from_file(input_path("example-perf.folded"), &o);
        flame_status st = flame_graph_render(g, fmts[k], failing_writer, NULL);
        check(st == FLAME_ERR_IO, "%s: failing writer gives %d, want FLAME_ERR_IO",
              k ? "PDF" : "PNG", st);
        flame_graph_free(g);
    }
}

/* Pages and page size of a PDF by pdfinfo; 0 when pdfinfo is missing. */
static int pdf_info(const void *data, size_t len, int *pages, double *pw, double *ph)
{
    *pages = -1;
    *pw = *ph = -1;
    if (system("command -v pdfinfo >/dev/null 2>&1") != 0)
        return 0;
    char path[] = "/tmp/test_png_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, len) == (ssize_t)len) {
        close(fd);
        char cmd[256];
        snprintf(cmd, sizeof cmd, "pdfinfo %s 2>&1", path);
        FILE *pp = popen(cmd, "r");
        char line[512];
        while (pp && fgets(line, sizeof line, pp)) {
            sscanf(line, "Pages: %d", pages);
            sscanf(line, "Page size: %lf x %lf", pw, ph);
        }
        if (pp)
            pclose(pp);
    } else {
        close(fd);
    }
    unlink(path);
    return 1;
}

static void check_pdf(const char *file)
{
    opts o = {1, 0, NULL, -1};
    flame_graph *g = graph_from_file(input_path(file), &o);
    void *data = NULL;
    size_t len = 0;
    flame_status st = flame_graph_render_memory(g, FLAME_FORMAT_PDF, &data, &len);
    check(st == FLAME_OK, "%s PDF: status %d (%s)", file, st, flame_graph_error(g));
    check(data && len > 5 && memcmp(data, "%PDF", 4) == 0, "%s PDF: starts with %%PDF", file);
    double w, h, pw, ph;
    int pages;
    flame_graph_size(g, &w, &h);
    if (data && pdf_info(data, len, &pages, &pw, &ph)) {
        check(pages == 1, "%s PDF: %d pages", file, pages);
        check(fabs(pw - w) < 0.01 && fabs(ph - h) < 0.01, "%s PDF: page %gx%g, want %gx%g",
              file, pw, ph, w, h);
    }
    flame_free(data);
    flame_graph_free(g);
}

/* A graph taller than PDF readers take (14,400 pt a side) is drawn smaller,
 * in proportion, on a page that fits. */
static void check_tall_pdf(void)
{
    flame_graph *g = deep_graph();
    void *data = NULL;
    size_t len = 0;
    flame_status st = flame_graph_render_memory(g, FLAME_FORMAT_PDF, &data, &len);
    check(st == FLAME_OK, "tall PDF: status %d (%s)", st, flame_graph_error(g));
    double w, h, pw, ph;
    int pages;
    flame_graph_size(g, &w, &h);
    check(h > 40000, "tall PDF: graph is %g px tall", h);
    if (data && pdf_info(data, len, &pages, &pw, &ph)) {
        check(pages == 1, "tall PDF: %d pages", pages);
        check(fabs(ph - 14400) < 0.01 && fabs(pw - w * 14400 / h) < 0.01,
              "tall PDF: page %gx%g, want %gx14400", pw, ph, w * 14400 / h);
    }
    flame_free(data);
    flame_graph_free(g);
}

/* ---- order and looks (--stroke-color, --uicolor, --colordiffusion,
 * --truncate left, --sort weight) ----------------------------------------- */

/* example-perf.folded at the scale, with keyed options set from strings
 * ("1" sets a boolean). */
static flame_graph *looks_graph(double scale, const flame_option *keys, const char *const *values,
                                size_t n)
{
    flame_graph *g = flame_graph_new();
    check(flame_graph_set_number(g, FLAME_OPT_SCALE, scale) == FLAME_OK, "looks: scale");
    for (size_t i = 0; i < n; i++) {
        flame_status st = flame_graph_set_string(g, keys[i], values[i]);
        if (st == FLAME_ERR_ARG)
            st = flame_graph_set_int(g, keys[i], atoi(values[i]));
        check(st == FLAME_OK, "looks: set %s=%s: %s", flame_option_name(keys[i]), values[i],
              flame_graph_error(g));
    }
    FILE *fp = fopen(input_path("example-perf.folded"), "rb");
    check(fp != NULL, "looks: open example-perf.folded");
    if (fp) {
        flame_graph_read_file(g, fp, "example-perf.folded");
        fclose(fp);
    }
    return g;
}

/* Pixels near pure blue in the title's box (the title is centred). */
static size_t blue_title_pixels(cairo_surface_t *s, double scale)
{
    int w = cairo_image_surface_get_width(s);
    size_t blue = 0;
    for (int y = (int)(8 * scale); y < (int)(28 * scale); y++)
        for (int x = w / 2 - (int)(100 * scale); x < w / 2 + (int)(100 * scale); x++)
            if (near(pixel(s, x, y), 0, 0, 255, 40))
                blue++;
    return blue;
}

static void check_looks_png(void)
{
    /* at scale 2 the 1 px outline covers whole device pixels at the root's
     * left edge (x = 10: device pixels 19 and 20) */
    flame_option keys[] = {FLAME_OPT_STROKE_COLOR, FLAME_OPT_UI_COLOR, FLAME_OPT_COLOR_DIFFUSION};
    const char *vals[] = {"#0000ff", "#0000FF", "1"};
    flame_graph *g = looks_graph(2, keys, vals, 3);
    flame_status st;
    cairo_surface_t *s = render_png(g, &st);
    check(st == FLAME_OK && s, "looks PNG: render: %s", flame_graph_error(g));
    if (s) {
        flame_frame root;
        flame_graph_frame(g, 0, &root);
        int y = (int)floor((root.y + root.h / 2) * 2), x = (int)lround(root.x * 2);
        px out = pixel(s, x - 1, y), in = pixel(s, x, y), fill = pixel(s, x + 4, y);
        check(near(out, 0, 0, 255, 2) && near(in, 0, 0, 255, 2),
              "looks PNG: root's left edge (%d,%d,%d) (%d,%d,%d), want the outline", out.r, out.g,
              out.b, in.r, in.g, in.b);
        /* --colordiffusion: the full width is rgb(255,100,100) */
        check(near(fill, 255, 100, 100, 0) && root.r == 255 && root.g == 100 && root.b == 100,
              "looks PNG: root fill (%d,%d,%d), want (255,100,100)", fill.r, fill.g, fill.b);
        /* frames under 1% of the width are near white */
        size_t n = flame_graph_frame_count(g), pale = 0, narrow = 0;
        for (size_t i = 1; i < n; i++) {
            flame_frame f;
            flame_graph_frame(g, i, &f);
            if (f.count / flame_graph_total(g) >= 0.01)
                continue;
            narrow++;
            if (f.r == 255 && f.g >= 220 && f.g == f.b)
                pale++;
        }
        check(narrow > 10 && pale == narrow, "looks PNG: %zu of %zu narrow frames near white", pale,
              narrow);
        size_t blue = blue_title_pixels(s, 2);
        check(blue > 20, "looks PNG: %zu title pixels in the --uicolor", blue);
        cairo_surface_destroy(s);
    }
    flame_graph_free(g);

    /* by default the title is black and there is no outline */
    g = looks_graph(2, NULL, NULL, 0);
    s = render_png(g, &st);
    if (s) {
        size_t blue = blue_title_pixels(s, 2);
        check(blue == 0, "looks PNG: %zu blue title pixels by default", blue);
        flame_frame root;
        flame_graph_frame(g, 0, &root);
        int y = (int)floor((root.y + root.h / 2) * 2), x = (int)lround(root.x * 2);
        px in = pixel(s, x, y);
        check(near(in, root.r, root.g, root.b, 0), "looks PNG: no outline by default");
        cairo_surface_destroy(s);
    }
    flame_graph_free(g);
}

/* Labels of a PDF, one word per line (pdftotext), into out; -1 without pdftotext. */
static int pdf_words(flame_graph *g, char *out, size_t cap)
{
    void *data = NULL;
    size_t len = 0;
    flame_status st = flame_graph_render_memory(g, FLAME_FORMAT_PDF, &data, &len);
    check(st == FLAME_OK, "looks PDF: status %d (%s)", st, flame_graph_error(g));
    if (system("command -v pdftotext >/dev/null 2>&1") != 0) {
        flame_free(data);
        return -1;
    }
    char path[] = "/tmp/test_png_XXXXXX";
    int fd = mkstemp(path);
    size_t n = 0;
    if (fd >= 0 && write(fd, data, len) == (ssize_t)len) {
        close(fd);
        char cmd[256];
        snprintf(cmd, sizeof cmd, "pdftotext -raw %s - | tr ' ' '\\n'", path);
        FILE *pp = popen(cmd, "r");
        size_t k;
        while (pp && n + 1 < cap && (k = fread(out + n, 1, cap - 1 - n, pp)) > 0)
            n += k;
        if (pp)
            pclose(pp);
    } else if (fd >= 0) {
        close(fd);
    }
    out[n] = '\0';
    unlink(path);
    flame_free(data);
    return (int)n;
}

/* Words cut at their start ("..x") and at their end ("x.."). */
static void count_cuts(const char *words, int *left, int *right)
{
    *left = *right = 0;
    for (const char *p = words; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 2 && memcmp(p, "..", 2) == 0)
            ++*left;
        else if (n > 2 && memcmp(p + n - 2, "..", 2) == 0)
            ++*right;
        p += n + (e != NULL);
    }
}

static void check_looks_pdf(void)
{
    static char words[1 << 20];
    int left, right;
    flame_graph *g = looks_graph(1, NULL, NULL, 0);
    int n = pdf_words(g, words, sizeof words);
    check(n != -1, "looks PDF: pdftotext is missing (apt-get install poppler-utils)");
    if (n > 0) {
        count_cuts(words, &left, &right);
        check(right > 20 && left == 0, "looks PDF: default cuts: %d at the end, %d at the start",
              right, left);
    }
    flame_graph_free(g);
    flame_option keys[] = {FLAME_OPT_TRUNCATE, FLAME_OPT_SORT};
    const char *vals[] = {"left", "weight"};
    g = looks_graph(1, keys, vals, 2);
    if (pdf_words(g, words, sizeof words) > 0) {
        count_cuts(words, &left, &right);
        check(left > 20 && right == 0, "looks PDF: --truncate left: %d at the start, %d at the end",
              left, right);
        /* weight order: the heaviest child of the root comes first */
        flame_frame a, b;
        flame_graph_frame(g, 1, &a);
        check(a.depth == 1, "looks PDF: frame 1 is a child of the root");
        for (size_t i = 2; i < flame_graph_frame_count(g); i++)
            if (flame_graph_frame(g, i, &b) == FLAME_OK && b.depth == 1)
                check(b.count <= a.count, "looks PDF: %.*s (%g) after %.*s (%g)", (int)b.name_len,
                      b.name, b.count, (int)a.name_len, a.name, a.count);
    }
    flame_graph_free(g);
}

int main(int argc, char **argv)
{
    input_dir = argc > 1 ? argv[1] : "/work/shared/compat/inputs";
    if (access(input_path("example-perf.folded"), R_OK) != 0)
        input_dir = "fixtures/compat/inputs";
    static const char *files[] = {"example-perf.folded", "differential.folded"};
    for (size_t k = 0; k < 2; k++) {
        for (int sc = 1; sc <= 2; sc++) {
            opts o = {sc, 0, NULL, -1};
            check_graph(files[k], &o);
        }
        check_pdf(files[k]);
    }
    opts inv = {1, 1, "mem", -1};
    check_graph("example-perf.folded", &inv);
    opts frac = {1.5, 0, "java", -1};
    check_graph("example-perf.folded", &frac);
    check_narrow_frames(1);
    check_narrow_frames(2);
    check_error_picture();
    check_limit();
    check_write_error();
    check_tall_pdf();
    check_looks_png();
    check_looks_pdf();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
