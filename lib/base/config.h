/*
 * config.h - every option of a graph, their defaults, their checks and the
 * one table that names and types them (flame_graph_set_int/_number/_string
 * and flame_options alike), and the rules derived from options alone.
 */
#ifndef FL_BASE_CONFIG_H
#define FL_BASE_CONFIG_H

#include <stddef.h>

#include "flame.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/palette.h"

/* A list of strings set one at a time (--focus A --focus B). */
typedef struct fl_strlist {
    const char **items;
    size_t count;
} fl_strlist;

typedef struct fl_config {
    /* flamegraph.pl's options; every string set is a copy in strings, and
     * count_name, name_type, font_type and palette are never NULL. */
    flame_options opt;
    fl_palette palette;          /* from opt.palette */
    fl_background background;    /* from opt.palette and opt.bg_colors */

    /* reading */
    int input_format;            /* flame_input_format */
    int perf_pid, perf_tid, perf_kernel, perf_jit, perf_all, perf_addrs;
    const char *perf_event_filter;
    int keep_stacks;             /* keep every stack for the folded writer */
    unsigned long threads;       /* 0: as many as there are cores, capped */

    /* filters (lib/filter/filter.c), in the order they apply */
    int strip_hex;
    int collapse_recursion;
    fl_strlist focus, ignore;    /* regular expressions, checked when set */
    fl_strlist base;             /* frame names */
    fl_strlist hide;             /* regular expressions */
    int ignore_case;             /* of the regular expressions */

    /* differential graphs from two profiles (lib/filter/diff.c) */
    int normalize;
    int diff_widths;             /* flame_diff_widths */
    int diff_colors;             /* flame_diff_colors */

    /* order and looks */
    int sort;                    /* flame_sort */
    int truncate;                /* flame_truncate */
    const char *search_color;    /* "#rrggbb"; NULL: flamegraph.pl's magenta */
    const char *stroke_color;    /* "#rrggbb" or "none"; NULL: none */
    const char *ui_color;        /* "#rrggbb"; NULL: black */
    int color_diffusion;         /* colour frames by their width */

    fl_arena strings;            /* the copies */
} fl_config;

void fl_config_init(fl_config *c);
void fl_config_free(fl_config *c);

/*
 * Replace flamegraph.pl's options by o's (checked and copied).
 * @return FLAME_OK, FLAME_ERR_OPTION (detail in d), FLAME_ERR_NOMEM.
 */
flame_status fl_config_set_options(fl_config *c, const flame_options *o, fl_diag *d);
/* One option by key; the value's type must be the option's (an integer
 * also sets a number option, a name also sets an enumerated one).
 * @return FLAME_OK, FLAME_ERR_OPTION (bad value), FLAME_ERR_ARG (unknown
 *         key or wrong type), FLAME_ERR_NOMEM. */
flame_status fl_config_set_int(fl_config *c, flame_option key, long long v, fl_diag *d);
flame_status fl_config_set_number(fl_config *c, flame_option key, double v, fl_diag *d);
flame_status fl_config_set_string(fl_config *c, flame_option key, const char *v, fl_diag *d);
/* "width", "input-format", ...; NULL for an unknown key. */
const char *fl_option_name(flame_option key);
/* The checks between options that may be set in any order, made when
 * input begins (--sort weight with --flamechart).
 * @return FLAME_OK or FLAME_ERR_OPTION (detail in d). */
flame_status fl_config_check(const fl_config *c, fl_diag *d);

/* Left and right padding of the picture, in pixels. */
#define FL_XPAD 10
/*
 * Frames narrower than this (in count units) are not drawn at this total;
 * it grows with the total (floating-point division is monotonic), which
 * dropping narrow frames early relies on.  The one place of the rule, for
 * the merge and the layout alike.
 */
double fl_minwidth_time(const fl_config *c, double timemax);
/* The title drawn: --title, or the default for the kind of graph. */
const char *fl_config_title(const fl_config *c);

#endif
