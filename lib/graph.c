/*
 * graph.c - the flame_graph handle: lifecycle, options, messages, and the
 * one place that sequences the stages (decode -> order and merge ->
 * weight order, with --sort weight -> layout -> render).  Each stage
 * reports through the graph's diag and hands its result on through the
 * graph; none calls another stage above it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "graph.h"
#include "render/render.h"

FLAME_API const char *flame_version(void)
{
    return FLAME_VERSION_STRING;
}

FLAME_API const char *flame_strerror(flame_status s)
{
    switch (s) {
    case FLAME_OK: return "success";
    case FLAME_ERR_NOMEM: return "out of memory";
    case FLAME_ERR_IO: return "input/output error";
    case FLAME_ERR_OPTION: return "invalid option value";
    case FLAME_ERR_INPUT: return "invalid input";
    case FLAME_ERR_NO_SAMPLES: return "no stack counts found";
    case FLAME_ERR_LIMIT: return "size limit exceeded";
    case FLAME_ERR_STATE: return "call out of order";
    case FLAME_ERR_ARG: return "invalid argument";
    case FLAME_ERR_UNSUPPORTED: return "output format not supported";
    }
    return "unknown error";
}

FLAME_API const char *flame_option_name(flame_option opt)
{
    return fl_option_name(opt);
}

/* ---- the stages, as the decoder drives them ----------------------- */

/* A stack record from the decoder, on its way to the merge: filtered,
 * and for a differential graph held for the join until the end. */
static flame_status on_record(void *ctx, const fl_record *rec, int stable)
{
    flame_graph *g = ctx;
    fl_record side_rec;
    if (g->side != FLAME_SIDE_NONE) {
        fl_diff_side_record(rec, &side_rec);
        rec = &side_rec;
    }
    const fl_record *out = rec;
    if (g->filter.active) {
        flame_status st = fl_filter_apply(&g->filter, rec, &out);
        if (st != FLAME_OK || !out)
            return st;
        if (out != rec)
            stable = 0;
    }
    if (g->side != FLAME_SIDE_NONE)
        return fl_diff_add(&g->diff, g->side, out);
    return fl_order_add(&g->order, out, stable);
}

/* A joined stack of a differential graph, at the end of input. */
static flame_status on_joined(void *ctx, const fl_record *rec, int stable)
{
    flame_graph *g = ctx;
    return fl_order_add(&g->order, rec, stable);
}

/* How the merge drops narrow frames early: by --minwidth, unless every
 * frame is kept (the simple way; --colors chain in weight order, whose
 * rewritten names need not be in byte order); in weight order only once
 * their names can get no other part (frames/merge.c). */
static void configure_merge(flame_graph *g)
{
    int weight = g->cfg.sort == FLAME_SORT_WEIGHT;
    g->merge.weight = weight;
    g->merge.prune = g->simple || (weight && g->cfg.palette == FL_PAL_CHAIN) ? NULL : &g->cfg;
}

/* A stack was out of order: empty the tree and keep every stack from now
 * on; the decoder then hands everything on again. */
static flame_status on_restart(void *ctx)
{
    flame_graph *g = ctx;
    fl_merge_free(&g->merge);
    fl_names_free(&g->names);
    if (fl_merge_init(&g->merge, NULL) != 0 || fl_names_init(&g->names) != 0)
        return FLAME_ERR_NOMEM;
    configure_merge(g);
    fl_order_collect(&g->order);
    return FLAME_OK;
}

FLAME_API flame_graph *flame_graph_new(void)
{
    flame_graph *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    fl_config_init(&g->cfg);
    g->part_min = FL_PART_MIN;
    fl_decoder_init(&g->decoder, &g->cfg, &g->diag, on_record, on_restart, g);
    fl_diff_init(&g->diff, &g->cfg, &g->diag);
    fl_order_init(&g->order, &g->cfg, &g->diag, &g->merge, &g->names);
    if (fl_names_init(&g->names) != 0 || fl_merge_init(&g->merge, &g->cfg) != 0) {
        flame_graph_free(g);
        return NULL;
    }
    return g;
}

FLAME_API void flame_graph_free(flame_graph *g)
{
    if (!g)
        return;
    fl_decoder_free(&g->decoder);
    fl_filter_free(&g->filter);
    fl_diff_free(&g->diff);
    fl_order_free(&g->order);
    fl_names_free(&g->names);
    fl_merge_free(&g->merge);
    fl_layout_free(&g->layout);
    fl_nameattr_free(&g->nameattr);
    fl_diag_free(&g->diag);
    fl_config_free(&g->cfg);
    free(g);
}

void fl_graph_part_min(flame_graph *g, size_t bytes)
{
    g->part_min = bytes ? bytes : FL_PART_MIN;
}

void fl_graph_simple(flame_graph *g)
{
    g->simple = 1;
    g->merge.prune = NULL;
    fl_order_collect(&g->order);
}

/* ---- options -------------------------------------------------------- */

static flame_status options_state(flame_graph *g)
{
    if (!g)
        return FLAME_ERR_ARG;
    g->diag.err[0] = '\0';
    if (g->input_started || g->laid_out) {
        fl_error(&g->diag, "options must be set before any input");
        return FLAME_ERR_STATE;
    }
    return FLAME_OK;
}

/* --nameattr is read when it is set. */
static flame_status load_nameattr(flame_graph *g)
{
    fl_nameattr_free(&g->nameattr);
    g->has_nameattr = 0;
    if (!g->cfg.opt.name_attr_path)
        return FLAME_OK;
    flame_status st = fl_nameattr_load(&g->nameattr, g->cfg.opt.name_attr_path, g->diag.err,
                                       sizeof g->diag.err);
    if (st == FLAME_OK)
        g->has_nameattr = 1;
    return st;
}

FLAME_API flame_status flame_graph_set_options(flame_graph *g, const flame_options *o)
{
    flame_status st = options_state(g);
    if (st != FLAME_OK)
        return st;
    if (!o)
        return FLAME_ERR_ARG;
    st = fl_config_set_options(&g->cfg, o, &g->diag);
    return st == FLAME_OK ? load_nameattr(g) : st;
}

FLAME_API flame_status flame_graph_set_int(flame_graph *g, flame_option opt, long long value)
{
    flame_status st = options_state(g);
    if (st == FLAME_OK)
        st = fl_config_set_int(&g->cfg, opt, value, &g->diag);
    return st;
}

FLAME_API flame_status flame_graph_set_number(flame_graph *g, flame_option opt, double value)
{
    flame_status st = options_state(g);
    if (st == FLAME_OK)
        st = fl_config_set_number(&g->cfg, opt, value, &g->diag);
    return st;
}

FLAME_API flame_status flame_graph_set_string(flame_graph *g, flame_option opt, const char *value)
{
    flame_status st = options_state(g);
    if (st == FLAME_OK)
        st = fl_config_set_string(&g->cfg, opt, value, &g->diag);
    if (st == FLAME_OK && opt == FLAME_OPT_NAME_ATTR)
        st = load_nameattr(g);
    return st;
}

FLAME_API void flame_graph_set_progress(flame_graph *g, flame_progress_fn fn, void *ctx)
{
    if (!g)
        return;
    g->progress = fn;
    g->progress_ctx = ctx;
}

/* ---- input ------------------------------------------------------------ */

static flame_status check_input_state(flame_graph *g)
{
    if (!g)
        return FLAME_ERR_ARG;
    if (g->decoder.status == FLAME_OK)
        g->diag.err[0] = '\0';  /* the detail is of the last call's error only */
    if (g->laid_out) {
        fl_error(&g->diag, "input after layout");
        return FLAME_ERR_STATE;
    }
    if (!g->input_started) {
        flame_status st = fl_config_check(&g->cfg, &g->diag);
        if (st != FLAME_OK)
            return st;     /* nothing read: the options may still be changed */
        /* The options are complete: the filters' patterns compile now. */
        st = fl_filter_init(&g->filter, &g->cfg, &g->diag);
        if (st != FLAME_OK)
            return st;
        g->input_started = 1;
        configure_merge(g);
        /* Remember the input while it streams into the merge, in case a
         * stack turns out to be out of order; a flame chart keeps input
         * order and needs no second reading, and the two sides of a
         * differential graph are joined before any stack goes on.
         * Stacks that filters rewrite are seldom in order any more: they
         * are kept and sorted from the start, filtered once. */
        int collect = g->cfg.keep_stacks || (g->filter.rewrites && !g->cfg.opt.flamechart);
        g->decoder.remember = !g->simple && !g->cfg.opt.flamechart && !collect &&
                              g->side == FLAME_SIDE_NONE;
        if (collect)
            fl_order_collect(&g->order);
    }
    return FLAME_OK;
}

FLAME_API flame_status flame_graph_set_side(flame_graph *g, flame_side side)
{
    if (!g)
        return FLAME_ERR_ARG;
    g->diag.err[0] = '\0';
    if (side != FLAME_SIDE_NONE && side != FLAME_SIDE_BEFORE && side != FLAME_SIDE_AFTER) {
        fl_error(&g->diag, "flame_graph_set_side: unknown side %d", (int)side);
        return FLAME_ERR_ARG;
    }
    if (g->laid_out) {
        fl_error(&g->diag, "input after layout");
        return FLAME_ERR_STATE;
    }
    if (g->input_started && (g->side == FLAME_SIDE_NONE) != (side == FLAME_SIDE_NONE)) {
        fl_error(&g->diag, side == FLAME_SIDE_NONE
                               ? "the inputs of a differential graph all have a side"
                               : "a graph is differential from its first input on");
        return FLAME_ERR_STATE;
    }
    g->side = side;
    return FLAME_OK;
}

static void report_progress(flame_graph *g, const char *source, unsigned long long done,
                            unsigned long long total)
{
    if (g->progress)
        g->progress(g->progress_ctx, source ? source : "-", done, total);
}

FLAME_API flame_status flame_graph_read_buffer(flame_graph *g, const void *data, size_t len,
                                               const char *source)
{
    flame_status st = check_input_state(g);
    if (st != FLAME_OK)
        return st;
    if (!data && len)
        return FLAME_ERR_ARG;
    fl_decoder_begin(&g->decoder, source, -1, 0);
    st = fl_decoder_chunk(&g->decoder, data, len);
    if (st == FLAME_OK)
        st = fl_decoder_end(&g->decoder);
    report_progress(g, source, len, len);
    return st;
}

#define FL_READ_CHUNK (1u << 17)
/* How many parts to read a regular file of len bytes in: 1 when it must
 * be read on this thread, as when every stack is being kept anyway, or in
 * weight order, whose early dropping waits on the parts of a name across
 * what would be a part's boundary (frames/merge.c). */
static unsigned parts_for(const flame_graph *g, off_t len)
{
    if (len <= 0 || !g->decoder.remember || g->order.collect || g->cfg.sort == FLAME_SORT_WEIGHT)
        return 1;
    unsigned threads = fl_graph_threads(g);
    size_t most = (size_t)len / (g->part_min ? g->part_min : 1);
    return most < threads ? (most ? (unsigned)most : 1) : threads;
}

/* The size of fd when it is a regular file (its bytes can be read again
 * later), else -1. */
static off_t regular_size(int fd)
{
    struct stat sb;
    return fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? sb.st_size : -1;
}

FLAME_API flame_status flame_graph_read_fd(flame_graph *g, int fd, const char *source)
{
    flame_status st = check_input_state(g);
    if (st != FLAME_OK)
        return st;
    char *chunk = malloc(FL_READ_CHUNK);
    if (!chunk)
        return FLAME_ERR_NOMEM;
    off_t size = regular_size(fd), off = -1;
    if (size >= 0)
        off = lseek(fd, 0, SEEK_CUR);
#ifdef F_SETPIPE_SZ
    else /* a pipe: a larger buffer means fewer switches with the writer */
        (void)fcntl(fd, F_SETPIPE_SZ, (int)FL_READ_CHUNK);
#endif
    unsigned nparts = off >= 0 ? parts_for(g, size - off) : 1;
    if (nparts > 1) {
        st = fl_graph_read_parts(g, fd, off, size, source, nparts);
        if (st != FL_STOP) {
            free(chunk);
            return st;
        }
    }
    unsigned long long total = off >= 0 && size > off ? (unsigned long long)(size - off) : 0;
    unsigned long long done = 0;
    fl_decoder_begin(&g->decoder, source, off >= 0 ? fd : -1, off >= 0 ? off : 0);
    for (;;) {
        ssize_t n = read(fd, chunk, FL_READ_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fl_error(&g->diag, "%s: %s", source ? source : "-", strerror(errno));
            st = FLAME_ERR_IO;
            break;
        }
        if (n == 0) {
            st = fl_decoder_end(&g->decoder);
            break;
        }
        st = fl_decoder_chunk(&g->decoder, chunk, (size_t)n);
        if (st != FLAME_OK)
            break;
        done += (unsigned long long)n;
        report_progress(g, source, done, total);
    }
    free(chunk);
    return st;
}

FLAME_API flame_status flame_graph_read_file(flame_graph *g, FILE *fp, const char *source)
{
    flame_status st = check_input_state(g);
    if (st != FLAME_OK)
        return st;
    if (!fp)
        return FLAME_ERR_ARG;
    char *chunk = malloc(FL_READ_CHUNK);
    if (!chunk)
        return FLAME_ERR_NOMEM;
    off_t size = regular_size(fileno(fp)), off = -1;
    if (size >= 0)
        off = ftello(fp);     /* counts what stdio has buffered */
    unsigned long long total = off >= 0 && size > off ? (unsigned long long)(size - off) : 0;
    unsigned long long done = 0;
    fl_decoder_begin(&g->decoder, source, off >= 0 ? fileno(fp) : -1, off >= 0 ? off : 0);
    for (;;) {
        size_t n = fread(chunk, 1, FL_READ_CHUNK, fp);
        if (n > 0) {
            st = fl_decoder_chunk(&g->decoder, chunk, n);
            if (st != FLAME_OK)
                break;
            done += n;
            report_progress(g, source, done, total);
        }
        if (n < FL_READ_CHUNK) {
            if (ferror(fp)) {
                fl_error(&g->diag, "%s: %s", source ? source : "-", strerror(errno));
                st = FLAME_ERR_IO;
            } else {
                st = fl_decoder_end(&g->decoder);
            }
            break;
        }
    }
    free(chunk);
    return st;
}

FLAME_API flame_status flame_graph_add_line(flame_graph *g, const char *line, size_t len)
{
    flame_status st = check_input_state(g);
    if (st != FLAME_OK)
        return st;
    if (!line && len)
        return FLAME_ERR_ARG;
    if (!line)
        line = "";
    if (len && line[len - 1] == '\n')
        len--;
    if (len && memchr(line, '\n', len)) {
        fl_error(&g->diag, "flame_graph_add_line: more than one line");
        return FLAME_ERR_ARG;
    }
    return fl_decoder_line(&g->decoder, line, len);
}

FLAME_API flame_status flame_graph_add_stack(flame_graph *g, const char *const *frames,
                                             size_t nframes, double count)
{
    flame_status st = check_input_state(g);
    if (st != FLAME_OK)
        return st;
    if ((!frames && nframes) || !(count >= 0) || count > 1e300)
        return FLAME_ERR_ARG;
    fl_buf line = {0};
    for (size_t i = 0; i < nframes; i++) {
        if (!frames[i] || strpbrk(frames[i], ";\n")) {
            fl_buf_free(&line);
            fl_error(&g->diag, "flame_graph_add_stack: frame %zu is NULL or holds ';' or a newline",
                     i);
            return FLAME_ERR_ARG;
        }
        if ((i && fl_buf_putc(&line, ';') != 0) || fl_buf_puts(&line, frames[i]) != 0) {
            fl_buf_free(&line);
            return FLAME_ERR_NOMEM;
        }
    }
    char num[64];
    snprintf(num, sizeof num, " %.17g", count);
    /* The folded format has no exponents: spell the count out. */
    if (strpbrk(num, "eE"))
        snprintf(num, sizeof num, " %.0f", count);
    if (fl_buf_puts(&line, num) != 0) {
        fl_buf_free(&line);
        return FLAME_ERR_NOMEM;
    }
    st = fl_decoder_line(&g->decoder, line.data, line.len);
    fl_buf_free(&line);
    return st;
}

/* ---- layout ------------------------------------------------------------ */

/* The input is complete: the kept stacks are sorted and merged. */
static flame_status finish_input(flame_graph *g)
{
    /* A failed second reading leaves the input half read: nothing to draw. */
    if (g->decoder.status != FLAME_OK)
        return g->decoder.status;
    fl_decoder_forget(&g->decoder);
    flame_status st = FLAME_OK;
    if (g->side != FLAME_SIDE_NONE) {
        /* The joined stacks come in the order first seen: keep and sort. */
        fl_order_collect(&g->order);
        st = fl_diff_finish(&g->diff, on_joined, g);
        /* They are difffolded.pl AFTER BEFORE's lines, which the pipeline
         * it suggests draws with --negate: red still grew. */
        if (g->cfg.diff_widths == FLAME_DIFF_WIDTHS_BEFORE)
            g->cfg.opt.negate = !g->cfg.opt.negate;
    }
    if (st == FLAME_OK)
        st = fl_order_finish(&g->order);
    if (!g->cfg.keep_stacks)
        fl_diff_free(&g->diff);    /* the kept lines point into it */
    fl_decoder_release(&g->decoder);
    if (st == FLAME_OK && g->decoder.ignored)
        fl_warn(&g->diag, "Ignored %zu lines with invalid format", g->decoder.ignored);
    return st;
}

/* What the counts are: --countname, unless it is the default and a
 * reader said what its counts are (microseconds, bytes, ...). */
static const char *count_name(const flame_graph *g)
{
    const char *given = g->cfg.opt.count_name;
    if (g->decoder.count_name && strcmp(given, "samples") == 0)
        return g->decoder.count_name;
    return given;
}

FLAME_API flame_status flame_graph_layout(flame_graph *g)
{
    if (!g)
        return FLAME_ERR_ARG;
    if (g->laid_out)
        return g->layout.status;
    g->laid_out = 1;
    fl_layout *l = &g->layout;
    l->cfg = &g->cfg;
    l->diag = &g->diag;
    l->merge = &g->merge;
    l->names = &g->names;
    l->nameattr = g->has_nameattr ? &g->nameattr : NULL;
    l->count_name = count_name(g);
    flame_status st = g->input_started ? FLAME_OK : fl_config_check(&g->cfg, &g->diag);
    if (st == FLAME_OK)
        st = finish_input(g);
    if (st == FLAME_OK && g->cfg.sort == FLAME_SORT_WEIGHT &&
        fl_weight_order(&g->merge, &g->names) != 0) {
        fl_error(&g->diag, "out of memory while ordering the frames by weight");
        st = FLAME_ERR_NOMEM;
    }
    if (st != FLAME_OK)
        return l->status = st;
    return fl_layout_run(l);
}

FLAME_API size_t flame_graph_frame_count(const flame_graph *g)
{
    return g && g->laid_out ? g->layout.ndrawn : 0;
}

FLAME_API flame_status flame_graph_frame(const flame_graph *g, size_t i, flame_frame *out)
{
    if (!g || !out || !g->laid_out || i >= g->layout.ndrawn)
        return FLAME_ERR_ARG;
    const fl_layout *l = &g->layout;
    const fl_drawn *d = &l->drawn[i];
    const fl_frame *f = fl_drawn_frame(l, i);
    const fl_name *nm = &g->names.list[f->name];
    double x1, y1, x2, y2;
    fl_frame_rect(l, i, &x1, &y1, &x2, &y2);
    out->name = f->depth == 0 ? "all" : nm->str;
    out->name_len = f->depth == 0 ? 3 : nm->len;
    out->parent = d->parent;
    out->depth = f->depth;
    out->start = f->start;
    out->count = (f->depth == 0 ? l->geom.timemax : f->end) - f->start;
    out->delta = f->delta;
    out->has_delta = f->has_delta != 0;
    out->x = x1;
    out->y = y1;
    out->w = x2 - x1;
    out->h = y2 - y1;
    out->r = d->rgb.r;
    out->g = d->rgb.g;
    out->b = d->rgb.b;
    return FLAME_OK;
}

FLAME_API void flame_graph_size(const flame_graph *g, double *width, double *height)
{
    double w = 0, h = 0;
    if (g && g->laid_out) {
        w = g->layout.geom.width;
        h = g->layout.geom.height;
    }
    if (width)
        *width = w;
    if (height)
        *height = h;
}

FLAME_API double flame_graph_total(const flame_graph *g)
{
    return g && g->laid_out ? g->layout.geom.timemax : 0;
}

/* ---- output ------------------------------------------------------------ */

FLAME_API flame_status flame_graph_render(flame_graph *g, flame_format format,
                                          flame_write_fn write, void *ctx)
{
    if (!g || !write)
        return FLAME_ERR_ARG;
    if (format == FLAME_FORMAT_FOLDED && !g->cfg.keep_stacks) {
        fl_error(&g->diag, "folded output needs FLAME_OPT_KEEP_STACKS set before input");
        return FLAME_ERR_STATE;
    }
    flame_status st = flame_graph_layout(g);
    if (st != FLAME_OK && st != FLAME_ERR_NO_SAMPLES)
        return st;
    flame_status rst;
    switch (format) {
    case FLAME_FORMAT_FOLDED:
        rst = fl_render_folded(&g->order, &g->diag, write, ctx);
        break;
    case FLAME_FORMAT_SVG:
        rst = fl_render_svg(&g->layout, write, ctx);
        break;
    case FLAME_FORMAT_HTML:
        rst = fl_render_html(&g->layout, write, ctx);
        break;
    case FLAME_FORMAT_PNG:
    case FLAME_FORMAT_PDF:
        rst = fl_render_cairo(&g->layout, format, write, ctx);
        break;
    default:
        return FLAME_ERR_ARG;
    }
    return rst != FLAME_OK ? rst : st;
}

static int write_stdio(void *ctx, const void *data, size_t len)
{
    return fwrite(data, 1, len, (FILE *)ctx) == len ? 0 : -1;
}

FLAME_API flame_status flame_graph_render_file(flame_graph *g, flame_format format, FILE *fp)
{
    if (!fp)
        return FLAME_ERR_ARG;
    flame_status st = flame_graph_render(g, format, write_stdio, fp);
    if ((st == FLAME_OK || st == FLAME_ERR_NO_SAMPLES) && (fflush(fp) != 0 || ferror(fp))) {
        fl_error(&g->diag, "write error: %s", strerror(errno));
        return FLAME_ERR_IO;
    }
    if (st == FLAME_ERR_IO && !g->diag.err[0])
        fl_error(&g->diag, "write error: %s", strerror(errno));
    return st;
}

static int write_mem(void *ctx, const void *data, size_t len)
{
    return fl_buf_append((fl_buf *)ctx, data, len);
}

FLAME_API flame_status flame_graph_render_memory(flame_graph *g, flame_format format, void **data,
                                                 size_t *len)
{
    if (!data || !len)
        return FLAME_ERR_ARG;
    *data = NULL;
    *len = 0;
    fl_buf b = {0};
    flame_status st = flame_graph_render(g, format, write_mem, &b);
    if (st != FLAME_OK && st != FLAME_ERR_NO_SAMPLES) {
        fl_buf_free(&b);
        return st;
    }
    if (!b.data && fl_buf_reserve(&b, 1) != 0)
        return FLAME_ERR_NOMEM;
    *data = b.data;
    *len = b.len;
    return st;
}

FLAME_API void flame_free(void *p)
{
    free(p);
}

FLAME_API const char *flame_graph_error(const flame_graph *g)
{
    return g ? g->diag.err : "";
}

FLAME_API size_t flame_graph_warning_count(const flame_graph *g)
{
    return g ? g->diag.nwarnings : 0;
}

FLAME_API const char *flame_graph_warning(const flame_graph *g, size_t i)
{
    return g && i < g->diag.nwarnings ? g->diag.warnings[i] : NULL;
}

FLAME_API size_t flame_graph_ignored_lines(const flame_graph *g)
{
    return g ? g->decoder.ignored : 0;
}
