/*
 * graph.c - the flame_graph handle: lifecycle, options, messages, and the
 * public entry points that hand work to input, layout and the renderers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/encoding.h>

#include "internal.h"

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

void fl_set_error(flame_graph *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g->err, sizeof g->err, fmt, ap);
    va_end(ap);
}

int fl_add_warning(flame_graph *g, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (g->nwarnings == g->warn_cap) {
        size_t cap = g->warn_cap ? g->warn_cap * 2 : 8;
        char **w = realloc(g->warnings, cap * sizeof *w);
        if (!w)
            return -1;
        g->warnings = w;
        g->warn_cap = cap;
    }
    char *copy = strdup(tmp);
    if (!copy)
        return -1;
    g->warnings[g->nwarnings++] = copy;
    return 0;
}

FLAME_API flame_graph *flame_graph_new(void)
{
    flame_graph *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    flame_options_init(&g->opt);
    g->lines_sorted = 1;
    g->replay_fd = -1;
    fl_replay_init(&g->replay);
    fl_replay_init(&g->replayed);
    if (fl_names_init(&g->names) != 0 || fl_merge_init(&g->merge, &g->opt) != 0) {
        flame_graph_free(g);
        return NULL;
    }
    g->palette = FL_PAL_HOT;
    fl_background_for(&g->background, g->palette, NULL);
    return g;
}

FLAME_API void flame_graph_free(flame_graph *g)
{
    if (!g)
        return;
    fl_arena_free(&g->opt_strings);
    for (size_t i = 0; i < g->nwarnings; i++)
        free(g->warnings[i]);
    free(g->warnings);
    fl_arena_free(&g->lines_arena);
    free(g->lines);
    fl_buf_free(&g->pending);
    fl_buf_free(&g->prev_key);
    fl_replay_free(&g->replay);
    fl_replay_free(&g->replayed);
    fl_buf_free(&g->reversed);
    fl_buf_free(&g->chained);
    fl_names_free(&g->names);
    fl_merge_free(&g->merge);
    free(g->drawn);
    free(g->shown);
    fl_buf_free(&g->shown_text);
    fl_nameattr_free(&g->nameattr);
    fl_pmap_free(&g->pmap);
    free(g);
}

static int copy_str(flame_graph *g, const char **dst, const char *src)
{
    if (!src) {
        *dst = NULL;
        return 0;
    }
    *dst = fl_arena_strdup(&g->opt_strings, src, strlen(src));
    return *dst ? 0 : -1;
}

FLAME_API flame_status flame_graph_set_options(flame_graph *g, const flame_options *o)
{
    if (!g || !o)
        return FLAME_ERR_ARG;
    g->err[0] = '\0';
    if (g->input_started || g->laid_out) {
        fl_set_error(g, "options must be set before any input");
        return FLAME_ERR_STATE;
    }
    const char *bad = fl_options_check(o, g->err, sizeof g->err);
    if (bad)
        return FLAME_ERR_OPTION;
    if (o->encoding) {
        xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(o->encoding);
        if (!handler) {
            fl_set_error(g, "unknown --encoding '%.100s'", o->encoding);
            return FLAME_ERR_OPTION;
        }
        xmlCharEncCloseFunc(handler);
    }
    fl_arena_free(&g->opt_strings);
    g->opt = *o;
    if (copy_str(g, &g->opt.title, o->title) || copy_str(g, &g->opt.subtitle, o->subtitle) ||
        copy_str(g, &g->opt.font_type, o->font_type ? o->font_type : "Verdana") ||
        copy_str(g, &g->opt.count_name, o->count_name ? o->count_name : "samples") ||
        copy_str(g, &g->opt.name_type, o->name_type ? o->name_type : "Function:") ||
        copy_str(g, &g->opt.palette, o->palette ? o->palette : "hot") ||
        copy_str(g, &g->opt.bg_colors, o->bg_colors) ||
        copy_str(g, &g->opt.palette_map, o->palette_map) ||
        copy_str(g, &g->opt.encoding, o->encoding) || copy_str(g, &g->opt.notes, o->notes) ||
        copy_str(g, &g->opt.name_attr_path, o->name_attr_path))
        return FLAME_ERR_NOMEM;
    g->palette = (fl_palette)fl_palette_lookup(g->opt.palette);
    fl_background_for(&g->background, g->palette, g->opt.bg_colors);
    fl_nameattr_free(&g->nameattr);
    g->has_nameattr = 0;
    if (g->opt.name_attr_path) {
        flame_status st = fl_nameattr_load(&g->nameattr, g->opt.name_attr_path, g->err,
                                           sizeof g->err);
        if (st != FLAME_OK)
            return st;
        g->has_nameattr = 1;
    }
    g->options_set = 1;
    return FLAME_OK;
}

static flame_status check_input_state(flame_graph *g)
{
    if (!g)
        return FLAME_ERR_ARG;
    if (g->input_status == FLAME_OK)
        g->err[0] = '\0';  /* the detail is of the last call's error only */
    if (g->laid_out) {
        fl_set_error(g, "input after layout");
        return FLAME_ERR_STATE;
    }
    return FLAME_OK;
}

FLAME_API flame_status flame_graph_read_buffer(flame_graph *g, const void *data, size_t len,
                                               const char *source)
{
    FL_UNUSED(source);
    flame_status st = check_input_state(g);
    if (st != FLAME_OK)
        return st;
    if (!data && len)
        return FLAME_ERR_ARG;
    st = fl_input_chunk(g, data, len, 0);
    if (st == FLAME_OK)
        st = fl_input_chunk(g, NULL, 0, 1);
    return st;
}

#define FL_READ_CHUNK (1u << 17)

/* Whether fd is a regular file, whose bytes can be read again later. */
static int rereadable(int fd)
{
    struct stat sb;
    return fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
}

FLAME_API flame_status flame_graph_read_fd(flame_graph *g, int fd, const char *source)
{
    flame_status st = check_input_state(g);
    if (st != FLAME_OK)
        return st;
    char *chunk = malloc(FL_READ_CHUNK);
    if (!chunk)
        return FLAME_ERR_NOMEM;
    if (rereadable(fd)) {
        off_t off = lseek(fd, 0, SEEK_CUR);
        if (off >= 0)
            fl_input_file_begin(g, fd, off, source);
    } else {
#ifdef F_SETPIPE_SZ
        /* A pipe: a larger buffer means fewer switches with the writer. */
        (void)fcntl(fd, F_SETPIPE_SZ, (int)FL_READ_CHUNK);
#endif
    }
    for (;;) {
        ssize_t n = read(fd, chunk, FL_READ_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fl_set_error(g, "%s: %s", source ? source : "-", strerror(errno));
            st = FLAME_ERR_IO;
            break;
        }
        if (n == 0) {
            st = fl_input_chunk(g, NULL, 0, 1);
            break;
        }
        st = fl_input_chunk(g, chunk, (size_t)n, 0);
        if (st != FLAME_OK)
            break;
    }
    fl_input_file_end(g);
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
    if (rereadable(fileno(fp))) {
        off_t off = ftello(fp);     /* counts what stdio has buffered */
        if (off >= 0)
            fl_input_file_begin(g, fileno(fp), off, source);
    }
    for (;;) {
        size_t n = fread(chunk, 1, FL_READ_CHUNK, fp);
        if (n > 0) {
            st = fl_input_chunk(g, chunk, n, 0);
            if (st != FLAME_OK)
                break;
        }
        if (n < FL_READ_CHUNK) {
            if (ferror(fp)) {
                fl_set_error(g, "%s: %s", source ? source : "-", strerror(errno));
                st = FLAME_ERR_IO;
            } else {
                st = fl_input_chunk(g, NULL, 0, 1);
            }
            break;
        }
    }
    fl_input_file_end(g);
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
        fl_set_error(g, "flame_graph_add_line: more than one line");
        return FLAME_ERR_ARG;
    }
    return fl_input_add_line(g, line, len);
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
            fl_set_error(g, "flame_graph_add_stack: frame %zu is NULL or holds ';' or a newline", i);
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
    st = fl_input_add_line(g, line.data, line.len);
    fl_buf_free(&line);
    return st;
}

FLAME_API flame_status flame_graph_layout(flame_graph *g)
{
    if (!g)
        return FLAME_ERR_ARG;
    if (g->laid_out)
        return g->layout_status;
    g->laid_out = 1;
    g->layout_status = fl_layout(g);
    return g->layout_status;
}

FLAME_API size_t flame_graph_frame_count(const flame_graph *g)
{
    return g && g->laid_out ? g->ndrawn : 0;
}

FLAME_API flame_status flame_graph_frame(const flame_graph *g, size_t i, flame_frame *out)
{
    if (!g || !out || !g->laid_out || i >= g->ndrawn)
        return FLAME_ERR_ARG;
    const fl_drawn *d = &g->drawn[i];
    const fl_frame *f = &g->merge.frames[d->frame];
    const fl_name *nm = &g->names.list[f->name];
    double x1, y1, x2, y2;
    fl_frame_rect(g, i, &x1, &y1, &x2, &y2);
    out->name = f->depth == 0 ? "all" : nm->str;
    out->name_len = f->depth == 0 ? 3 : nm->len;
    out->parent = d->parent;
    out->depth = f->depth;
    out->start = f->start;
    out->count = (f->depth == 0 ? g->geom.timemax : f->end) - f->start;
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
        w = g->geom.width;
        h = g->geom.height;
    }
    if (width)
        *width = w;
    if (height)
        *height = h;
}

FLAME_API double flame_graph_total(const flame_graph *g)
{
    return g && g->laid_out ? g->geom.timemax : 0;
}

FLAME_API flame_status flame_graph_render(flame_graph *g, flame_format format,
                                          flame_write_fn write, void *ctx)
{
    if (!g || !write)
        return FLAME_ERR_ARG;
    flame_status st = flame_graph_layout(g);
    if (st != FLAME_OK && st != FLAME_ERR_NO_SAMPLES)
        return st;
    flame_status rst;
    switch (format) {
    case FLAME_FORMAT_SVG:
        rst = fl_render_svg(g, write, ctx);
        break;
    case FLAME_FORMAT_PNG:
    case FLAME_FORMAT_PDF:
        rst = fl_render_cairo(g, format, write, ctx);
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
        fl_set_error(g, "write error: %s", strerror(errno));
        return FLAME_ERR_IO;
    }
    if (st == FLAME_ERR_IO && !g->err[0])
        fl_set_error(g, "write error: %s", strerror(errno));
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
    return g ? g->err : "";
}

FLAME_API size_t flame_graph_warning_count(const flame_graph *g)
{
    return g ? g->nwarnings : 0;
}

FLAME_API const char *flame_graph_warning(const flame_graph *g, size_t i)
{
    return g && i < g->nwarnings ? g->warnings[i] : NULL;
}

FLAME_API size_t flame_graph_ignored_lines(const flame_graph *g)
{
    return g ? g->ignored : 0;
}
