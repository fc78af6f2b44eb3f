/*
 * config.c - the options of a graph: flamegraph.pl's defaults, the checks
 * that keep values within what the picture can hold, and the table behind
 * the keyed setters (libflame(3), "Options that grow").
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/encoding.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>
#include <libxml/tree.h>

#include "base/config.h"
#include "base/palette.h"
#include "base/regex.h"

/* Limits documented in cflamegraph(1). */
#define FL_MAX_WIDTH 1000000.0
#define FL_MAX_FRAME_HEIGHT 10000.0
#define FL_MAX_FONT_SIZE 1000.0
#define FL_MAX_FONT_WIDTH 100.0
#define FL_MAX_SCALE 100.0

void flame_options_init(flame_options *o)
{
    memset(o, 0, sizeof *o);
    o->width = 1200;
    o->frame_height = 16;
    o->font_size = 12;
    o->font_width = 0.59;
    o->font_type = "Verdana";
    o->min_width = 0.1;
    o->count_name = "samples";
    o->name_type = "Function:";
    o->palette = "hot";
    o->color_mode = FLAME_COLOR_SEEDED;
    o->factor = 1;
    o->scale = 1;
}

static int in_range(double v, double lo, double hi)
{
    return isfinite(v) && v >= lo && v <= hi;
}

static int font_ok(const char *s)
{
    /* It goes into a stylesheet: family names, commas, spaces, quotes. */
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || strchr(" ,-_.'\"", c)))
            return 0;
    }
    return 1;
}

/*
 * Whether libxml2 can write the SVG's markup in the encoding and read it
 * back: some encodings it knows cannot (its "HTML" output writes entities
 * XML does not define; EBCDIC code pages lack '[').  Unknown names pass
 * here: flame_graph_set_options() reports them.
 */
static void silent(void *ctx, const char *fmt, ...)
{
    FL_UNUSED(ctx);
    FL_UNUSED(fmt);
}

static int encoding_ok(const char *name)
{
    static const char probe[] =
        "<?xml version=\"1.0\"?><a b='c' d=\"e\"><![CDATA[f]]><!-- g -->&#38;&amp;</a>"
        " \t\n;:/#%()[]{}+-*=.,_!?|~^`@$\\0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        "abcdefghijklmnopqrstuvwxyz";
    xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(name);
    if (!h)
        return 1;
    xmlBufferPtr in = xmlBufferCreate(), enc = xmlBufferCreate(), dec = xmlBufferCreate();
    int ok = 0;
    /* libxml2 reports conversion errors on stderr; the library never prints.
     * The handler is per thread: the caller's is restored below. */
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    if (in && enc && dec && xmlBufferAdd(in, (const xmlChar *)probe, (int)sizeof probe - 1) == 0 &&
        xmlCharEncOutFunc(h, enc, in) >= 0 && xmlCharEncInFunc(h, dec, enc) >= 0)
        ok = xmlBufferLength(dec) == (int)sizeof probe - 1 &&
             memcmp(xmlBufferContent(dec), probe, sizeof probe - 1) == 0;
    else if (!in || !enc || !dec)
        ok = 1;     /* out of memory: set_options finds out soon enough */
    xmlSetGenericErrorFunc(saved_ctx, saved);
    xmlBufferFree(in);
    xmlBufferFree(enc);
    xmlBufferFree(dec);
    xmlCharEncCloseFunc(h);
    return ok;
}

/* The checks of flamegraph.pl's options, in a fixed order: the first that
 * fails is the message. */
static const char *options_check(const flame_options *o, char *msg, size_t msgsz)
{
#define BAD(...) (snprintf(msg, msgsz, __VA_ARGS__), msg)
    if (!in_range(o->width, 21, FL_MAX_WIDTH))
        return BAD("--width must be between 21 and %.0f pixels", FL_MAX_WIDTH);
    if (!in_range(o->frame_height, 1, FL_MAX_FRAME_HEIGHT))
        return BAD("--height must be between 1 and %.0f pixels", FL_MAX_FRAME_HEIGHT);
    if (!in_range(o->font_size, 0, FL_MAX_FONT_SIZE) || o->font_size <= 0)
        return BAD("--fontsize must be above 0 and at most %.0f", FL_MAX_FONT_SIZE);
    if (!in_range(o->font_width, 0, FL_MAX_FONT_WIDTH) || o->font_width <= 0)
        return BAD("--fontwidth must be above 0 and at most %.0f", FL_MAX_FONT_WIDTH);
    if (!in_range(o->min_width, 0, o->min_width_percent ? 100 : o->width))
        return BAD("--minwidth must be between 0 and %s", o->min_width_percent ? "100%" : "the width");
    if (!isfinite(o->total) || o->total < 0)
        return BAD("--total must be a number of samples, 0 or more");
    if (!isfinite(o->factor) || o->factor <= 0)
        return BAD("--factor must be a number above 0");
    if (!in_range(o->scale, 0, FL_MAX_SCALE) || o->scale <= 0)
        return BAD("--scale must be above 0 and at most %.0f", FL_MAX_SCALE);
    if (o->color_mode != FLAME_COLOR_SEEDED && o->color_mode != FLAME_COLOR_HASH &&
        o->color_mode != FLAME_COLOR_RANDOM)
        return BAD("unknown colour mode %d", (int)o->color_mode);
    if (o->palette && fl_palette_lookup(o->palette) < 0)
        return BAD("unknown palette '%.100s' for --colors (" FL_PALETTE_NAMES ")", o->palette);
    if (o->font_type && !font_ok(o->font_type))
        return BAD("--fonttype '%.100s' is not a font family list", o->font_type);
    if (o->notes && strpbrk(o->notes, "<>"))
        return BAD("--notes must not contain '<' or '>'");
    if (o->notes && strstr(o->notes, "--"))
        return BAD("--notes must not contain '--' (it goes into an XML comment)");
    if (o->encoding && !encoding_ok(o->encoding))
        return BAD("--encoding '%.100s' cannot be used for XML (try UTF-8 or ISO-8859-1)",
                   o->encoding);
    fl_background bg;
    if (o->bg_colors && fl_background_for(&bg, FL_PAL_HOT, o->bg_colors) != 0)
        return BAD("unknown --bgcolors '%.100s' (yellow, blue, green, grey or #rrggbb)",
                   o->bg_colors);
    if (o->encoding) {
        xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(o->encoding);
        if (!handler)
            return BAD("unknown --encoding '%.100s'", o->encoding);
        xmlCharEncCloseFunc(handler);
    }
    return NULL;
#undef BAD
}

/* ---- the table ----------------------------------------------------- */

typedef enum opt_type {
    T_STR,      /* const char *, copied; NULL: the default */
    T_NUM,      /* double */
    T_BOOL,     /* int, 0 or 1 */
    T_ENUM,     /* int, one of names[] (set by value or by name) */
    T_ULONG,    /* unsigned long */
    T_LIST,     /* fl_strlist: each string set is added, NULL empties it */
    T_COLOR     /* const char *, "#rrggbb" or one of names[]; NULL: the default */
} opt_type;

static const char *const input_format_names[] = {"auto", "folded", "perf", "trace", "speedscope",
                                                 NULL};
static const char *const color_mode_names[] = {"seeded", "hash", "random", NULL};
static const char *const diff_widths_names[] = {"after", "before", NULL};
static const char *const diff_colors_names[] = {"red-blue", "orange-blue", NULL};

/* Checks of a value added to a list: NULL when it is good, else the
 * message, written into msg. */
typedef const char *(*list_check)(const char *name, const char *v, char *msg, size_t msgsz);

/* A regular expression is compiled when it is set, so that a bad one is
 * reported at once, naming itself and where it goes wrong.  The filters
 * compile it again, once every option (--ignore-case) is known. */
static const char *check_regex(const char *name, const char *v, char *msg, size_t msgsz)
{
    char why[512], shown[160];
    fl_regex *re;
    size_t n = strlen(v);
    flame_status st = fl_regex_compile(&re, v, n, 0, why, sizeof why);
    if (st == FLAME_OK) {
        fl_regex_free(re);
        return NULL;
    }
    fl_regex_quote(shown, sizeof shown, v, n, 100);
    if (st == FLAME_ERR_NOMEM)
        snprintf(why, sizeof why, "out of memory");
    snprintf(msg, msgsz, "invalid --%s pattern '%s' %s", name, shown, why);
    return msg;
}

static const char *check_frame_name(const char *name, const char *v, char *msg, size_t msgsz)
{
    if (!strpbrk(v, ";\n"))
        return NULL;
    char shown[160];
    fl_regex_quote(shown, sizeof shown, v, strlen(v), 100);
    snprintf(msg, msgsz, "--%s '%s' must be one frame name, without ';' or a newline", name, shown);
    return msg;
}

static const char *const sort_names[] = {"flamegraph", "weight", NULL};
static const char *const truncate_names[] = {"right", "left", NULL};
static const char *const no_color_names[] = {NULL};
static const char *const stroke_names[] = {"none", NULL};

typedef struct opt_info {
    flame_option key;
    const char *name;
    opt_type type;
    int classic;                 /* a field of flame_options: checked with them */
    size_t off;                  /* where in fl_config */
    const char *const *names;    /* T_ENUM; T_COLOR: words allowed besides #rrggbb */
    list_check check;            /* T_LIST: each value, or NULL */
    unsigned long max;           /* T_ULONG: the largest value (0: any) */
} opt_info;

#define OPT(key, name, type, field) \
    {key, name, type, 1, offsetof(fl_config, opt.field), NULL, NULL, 0}
#define NEW(key, name, type, field, names) \
    {key, name, type, 0, offsetof(fl_config, field), names, NULL, 0}
#define LIST(key, name, field, check) \
    {key, name, T_LIST, 0, offsetof(fl_config, field), NULL, check, 0}

static const opt_info options[] = {
    OPT(FLAME_OPT_TITLE, "title", T_STR, title),
    OPT(FLAME_OPT_SUBTITLE, "subtitle", T_STR, subtitle),
    OPT(FLAME_OPT_WIDTH, "width", T_NUM, width),
    OPT(FLAME_OPT_HEIGHT, "height", T_NUM, frame_height),
    OPT(FLAME_OPT_FONT_SIZE, "fontsize", T_NUM, font_size),
    OPT(FLAME_OPT_FONT_WIDTH, "fontwidth", T_NUM, font_width),
    OPT(FLAME_OPT_FONT_TYPE, "fonttype", T_STR, font_type),
    OPT(FLAME_OPT_MIN_WIDTH, "minwidth", T_NUM, min_width),
    OPT(FLAME_OPT_MIN_WIDTH_PERCENT, "minwidth-percent", T_BOOL, min_width_percent),
    OPT(FLAME_OPT_COUNT_NAME, "countname", T_STR, count_name),
    OPT(FLAME_OPT_NAME_TYPE, "nametype", T_STR, name_type),
    OPT(FLAME_OPT_PALETTE, "colors", T_STR, palette),
    OPT(FLAME_OPT_BG_COLORS, "bgcolors", T_STR, bg_colors),
    {FLAME_OPT_COLOR_MODE, "color-mode", T_ENUM, 1, offsetof(fl_config, opt.color_mode),
     color_mode_names, NULL, 0},
    OPT(FLAME_OPT_RANDOM_SEED, "random-seed", T_ULONG, random_seed),
    OPT(FLAME_OPT_PALETTE_MAP, "palette-map", T_STR, palette_map),
    OPT(FLAME_OPT_REVERSE, "reverse", T_BOOL, reverse),
    OPT(FLAME_OPT_INVERTED, "inverted", T_BOOL, inverted),
    OPT(FLAME_OPT_FLAMECHART, "flamechart", T_BOOL, flamechart),
    OPT(FLAME_OPT_NEGATE, "negate", T_BOOL, negate),
    OPT(FLAME_OPT_TOTAL, "total", T_NUM, total),
    OPT(FLAME_OPT_FACTOR, "factor", T_NUM, factor),
    OPT(FLAME_OPT_ENCODING, "encoding", T_STR, encoding),
    OPT(FLAME_OPT_NOTES, "notes", T_STR, notes),
    OPT(FLAME_OPT_NAME_ATTR, "nameattr", T_STR, name_attr_path),
    OPT(FLAME_OPT_SCALE, "scale", T_NUM, scale),

    NEW(FLAME_OPT_INPUT_FORMAT, "input-format", T_ENUM, input_format, input_format_names),
    NEW(FLAME_OPT_PERF_PID, "pid", T_BOOL, perf_pid, NULL),
    NEW(FLAME_OPT_PERF_TID, "tid", T_BOOL, perf_tid, NULL),
    NEW(FLAME_OPT_PERF_KERNEL, "kernel", T_BOOL, perf_kernel, NULL),
    NEW(FLAME_OPT_PERF_JIT, "jit", T_BOOL, perf_jit, NULL),
    NEW(FLAME_OPT_PERF_ALL, "all", T_BOOL, perf_all, NULL),
    NEW(FLAME_OPT_PERF_ADDRS, "addrs", T_BOOL, perf_addrs, NULL),
    NEW(FLAME_OPT_PERF_EVENT_FILTER, "event-filter", T_STR, perf_event_filter, NULL),
    NEW(FLAME_OPT_KEEP_STACKS, "keep-stacks", T_BOOL, keep_stacks, NULL),

    NEW(FLAME_OPT_STRIP_HEX, "strip-hex", T_BOOL, strip_hex, NULL),
    NEW(FLAME_OPT_COLLAPSE_RECURSION, "collapse-recursion", T_BOOL, collapse_recursion, NULL),
    LIST(FLAME_OPT_FOCUS, "focus", focus, check_regex),
    LIST(FLAME_OPT_IGNORE, "ignore", ignore, check_regex),
    LIST(FLAME_OPT_BASE, "base", base, check_frame_name),
    LIST(FLAME_OPT_HIDE, "hide", hide, check_regex),
    NEW(FLAME_OPT_IGNORE_CASE, "ignore-case", T_BOOL, ignore_case, NULL),
    NEW(FLAME_OPT_NORMALIZE, "normalize", T_BOOL, normalize, NULL),
    NEW(FLAME_OPT_DIFF_WIDTHS, "diff-widths", T_ENUM, diff_widths, diff_widths_names),
    NEW(FLAME_OPT_DIFF_COLORS, "diff-colors", T_ENUM, diff_colors, diff_colors_names),

    NEW(FLAME_OPT_SORT, "sort", T_ENUM, sort, sort_names),
    NEW(FLAME_OPT_TRUNCATE, "truncate", T_ENUM, truncate, truncate_names),
    NEW(FLAME_OPT_SEARCH_COLOR, "search-color", T_COLOR, search_color, no_color_names),
    NEW(FLAME_OPT_STROKE_COLOR, "stroke-color", T_COLOR, stroke_color, stroke_names),
    NEW(FLAME_OPT_UI_COLOR, "uicolor", T_COLOR, ui_color, no_color_names),
    NEW(FLAME_OPT_COLOR_DIFFUSION, "colordiffusion", T_BOOL, color_diffusion, NULL),

    {FLAME_OPT_THREADS, "threads", T_ULONG, 0, offsetof(fl_config, threads), NULL, NULL, 256},
};

#undef OPT
#undef NEW
#undef LIST

static const opt_info *find_option(flame_option key)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (options[i].key == key)
            return &options[i];
    return NULL;
}

const char *fl_option_name(flame_option key)
{
    const opt_info *info = find_option(key);
    return info ? info->name : NULL;
}

/* The defaults flame_options_init() leaves for strings that must not be
 * NULL in a graph's options. */
static const char *string_default(flame_option key)
{
    switch (key) {
    case FLAME_OPT_FONT_TYPE: return "Verdana";
    case FLAME_OPT_COUNT_NAME: return "samples";
    case FLAME_OPT_NAME_TYPE: return "Function:";
    case FLAME_OPT_PALETTE: return "hot";
    default: return NULL;
    }
}

static void derive(fl_config *c)
{
    c->palette = (fl_palette)fl_palette_lookup(c->opt.palette);
    fl_background_for(&c->background, c->palette, c->opt.bg_colors);
}

void fl_config_init(fl_config *c)
{
    memset(c, 0, sizeof *c);
    flame_options_init(&c->opt);
    c->input_format = FLAME_INPUT_AUTO;
    derive(c);
}

void fl_config_free(fl_config *c)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (options[i].type == T_LIST)
            free((void *)((fl_strlist *)((char *)c + options[i].off))->items);
    fl_arena_free(&c->strings);
    memset(c, 0, sizeof *c);
}

static int copy_str(fl_config *c, const char **dst, const char *src)
{
    if (!src) {
        *dst = NULL;
        return 0;
    }
    *dst = fl_arena_strdup(&c->strings, src, strlen(src));
    return *dst ? 0 : -1;
}

flame_status fl_config_set_options(fl_config *c, const flame_options *o, fl_diag *d)
{
    if (options_check(o, d->err, sizeof d->err))
        return FLAME_ERR_OPTION;
    flame_options n = *o;
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        const opt_info *info = &options[i];
        if (!info->classic || info->type != T_STR)
            continue;
        const char **field = (const char **)((char *)&n + (info->off - offsetof(fl_config, opt)));
        const char *v = *field ? *field : string_default(info->key);
        if (copy_str(c, field, v) != 0)
            return FLAME_ERR_NOMEM;
    }
    c->opt = n;
    derive(c);
    return FLAME_OK;
}

static flame_status wrong_type(const opt_info *info, fl_diag *d, const char *given)
{
    fl_error(d, "option %s does not take %s", info->name, given);
    return FLAME_ERR_ARG;
}

static flame_status unknown_key(flame_option key, fl_diag *d)
{
    fl_error(d, "unknown option key %d", (int)key);
    return FLAME_ERR_ARG;
}

/* Check flamegraph.pl's options with one of them changed; keep the change
 * only when they pass. */
static flame_status try_classic(fl_config *c, const flame_options *candidate, fl_diag *d)
{
    if (options_check(candidate, d->err, sizeof d->err))
        return FLAME_ERR_OPTION;
    c->opt = *candidate;
    derive(c);
    return FLAME_OK;
}

static flame_status set_enum(fl_config *c, const opt_info *info, long long v, fl_diag *d)
{
    long long n = 0;
    while (info->names[n])
        n++;
    if (v < 0 || v >= n) {
        fl_error(d, "--%s: %lld is not one of its values", info->name, v);
        return FLAME_ERR_OPTION;
    }
    if (info->classic) {
        flame_options cand = c->opt;
        *(int *)((char *)&cand + (info->off - offsetof(fl_config, opt))) = (int)v;
        return try_classic(c, &cand, d);
    }
    *(int *)((char *)c + info->off) = (int)v;
    return FLAME_OK;
}

flame_status fl_config_set_int(fl_config *c, flame_option key, long long v, fl_diag *d)
{
    const opt_info *info = find_option(key);
    if (!info)
        return unknown_key(key, d);
    flame_options cand = c->opt;
    void *field = info->classic ? (char *)&cand + (info->off - offsetof(fl_config, opt))
                                : (char *)c + info->off;
    switch (info->type) {
    case T_NUM:
        return fl_config_set_number(c, key, (double)v, d);
    case T_ENUM:
        return set_enum(c, info, v, d);
    case T_BOOL:
        if (v != 0 && v != 1) {
            fl_error(d, "--%s is 0 or 1, not %lld", info->name, v);
            return FLAME_ERR_OPTION;
        }
        *(int *)field = (int)v;
        break;
    case T_ULONG:
        if (v < 0 || (info->max && (unsigned long long)v > info->max)) {
            if (info->max)
                fl_error(d, "--%s must be between 0 and %lu", info->name, info->max);
            else
                fl_error(d, "--%s must not be negative", info->name);
            return FLAME_ERR_OPTION;
        }
        *(unsigned long *)field = (unsigned long)v;
        break;
    default:
        return wrong_type(info, d, "an integer");
    }
    return info->classic ? try_classic(c, &cand, d) : FLAME_OK;
}

flame_status fl_config_set_number(fl_config *c, flame_option key, double v, fl_diag *d)
{
    const opt_info *info = find_option(key);
    if (!info)
        return unknown_key(key, d);
    if (info->type != T_NUM) {
        if ((info->type == T_BOOL || info->type == T_ENUM || info->type == T_ULONG) &&
            v == floor(v) && fabs(v) < 9e18)
            return fl_config_set_int(c, key, (long long)v, d);
        return wrong_type(info, d, "a number");
    }
    if (!isfinite(v)) {
        fl_error(d, "--%s must be a finite number", info->name);
        return FLAME_ERR_OPTION;
    }
    if (!info->classic) {
        *(double *)((char *)c + info->off) = v;
        return FLAME_OK;
    }
    flame_options cand = c->opt;
    *(double *)((char *)&cand + (info->off - offsetof(fl_config, opt))) = v;
    return try_classic(c, &cand, d);
}

static flame_status add_to_list(fl_config *c, fl_strlist *l, const char *v)
{
    if (!v) {
        l->count = 0;
        return FLAME_OK;
    }
    const char **items = realloc((void *)l->items, (l->count + 1) * sizeof *items);
    if (!items)
        return FLAME_ERR_NOMEM;
    l->items = items;
    if (copy_str(c, &l->items[l->count], v) != 0)
        return FLAME_ERR_NOMEM;
    l->count++;
    return FLAME_OK;
}

/* A colour option: "#rrggbb" (kept as given) or one of its words. */
static flame_status set_color(fl_config *c, const opt_info *info, const char *v, fl_diag *d)
{
    const char **field = (const char **)((char *)c + info->off);
    int ok = !v || fl_hex_color(v, NULL) == 0;
    for (size_t i = 0; v && !ok && info->names[i]; i++)
        ok = strcmp(v, info->names[i]) == 0;
    if (!ok) {
        fl_error(d, "--%s '%.100s' is not a colour (#rrggbb%s%s)", info->name, v,
                 info->names[0] ? " or " : "", info->names[0] ? info->names[0] : "");
        return FLAME_ERR_OPTION;
    }
    return copy_str(c, field, v) ? FLAME_ERR_NOMEM : FLAME_OK;
}

flame_status fl_config_set_string(fl_config *c, flame_option key, const char *v, fl_diag *d)
{
    const opt_info *info = find_option(key);
    if (!info)
        return unknown_key(key, d);
    if (info->type == T_ENUM) {
        if (!v)
            return set_enum(c, info, 0, d);
        for (long long i = 0; info->names[i]; i++)
            if (strcmp(v, info->names[i]) == 0)
                return set_enum(c, info, i, d);
        char list[256] = "";
        for (size_t i = 0; info->names[i]; i++) {
            size_t n = strlen(list);
            snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", info->names[i]);
        }
        fl_error(d, "unknown --%s '%.100s' (%s)", info->name, v, list);
        return FLAME_ERR_OPTION;
    }
    if (info->type == T_LIST) {
        if (v && info->check && info->check(info->name, v, d->err, sizeof d->err))
            return FLAME_ERR_OPTION;
        return add_to_list(c, (fl_strlist *)((char *)c + info->off), v);
    }
    if (info->type == T_COLOR)
        return set_color(c, info, v, d);
    if (info->type != T_STR)
        return wrong_type(info, d, "a string");
    if (!v)
        v = string_default(key);
    if (!info->classic) {
        if (v && !*v) {
            fl_error(d, "--%s must not be empty", info->name);
            return FLAME_ERR_OPTION;
        }
        return copy_str(c, (const char **)((char *)c + info->off), v) ? FLAME_ERR_NOMEM : FLAME_OK;
    }
    /* Checked before it is copied: a refused value leaves nothing behind. */
    flame_options cand = c->opt;
    const char **field = (const char **)((char *)&cand + (info->off - offsetof(fl_config, opt)));
    *field = v;
    if (options_check(&cand, d->err, sizeof d->err))
        return FLAME_ERR_OPTION;
    if (copy_str(c, field, v) != 0)
        return FLAME_ERR_NOMEM;
    c->opt = cand;
    derive(c);
    return FLAME_OK;
}

flame_status fl_config_check(const fl_config *c, fl_diag *d)
{
    if (c->sort == FLAME_SORT_WEIGHT && c->opt.flamechart) {
        fl_error(d, "--sort weight cannot be used with --flamechart, which keeps time order");
        return FLAME_ERR_OPTION;
    }
    return FLAME_OK;
}

double fl_minwidth_time(const fl_config *c, double timemax)
{
    const flame_options *o = &c->opt;
    if (o->min_width_percent)
        return timemax * o->min_width / 100;
    /* min_width / widthpertime, computed exactly as flamegraph.pl does */
    return o->min_width / ((o->width - 2 * FL_XPAD) / timemax);
}

const char *fl_config_title(const fl_config *c)
{
    if (c->opt.title)
        return c->opt.title;
    if (c->opt.flamechart)
        return "Flame Chart";
    return c->opt.inverted ? "Icicle Graph" : "Flame Graph";
}
