/*
 * flame.h - libflame: folded stacks in, flame graphs out.
 *
 * The one public header of libflame.  Data flows one way:
 *
 *   flame_graph_new() -> flame_graph_set_options()
 *     -> flame_graph_read_*() / flame_graph_add_*()   (input, any number)
 *     -> flame_graph_layout()                          (merge + lay out)
 *     -> flame_graph_render*() / flame_graph_frame()   (output)
 *     -> flame_graph_free()
 *
 * Ownership: every pointer the library returns is borrowed from the graph
 * and stays valid until flame_graph_free(), except flame_graph_render_memory()
 * whose buffer belongs to the caller (release it with flame_free()).  Every
 * string or buffer the caller passes in is copied when the library needs it
 * later; the caller may free it as soon as the call returns.  Files are
 * the exception: see flame_graph_read_file().
 *
 * Memory: input in byte order (as stackcollapse scripts write it) is merged
 * as it is read, keeping only frames that can still be wide enough to draw,
 * so memory follows the picture, not the input.  The first line out of
 * order makes the library sort after all, as flamegraph.pl does: everything
 * read so far is read again and every line is kept until layout.
 *
 * Threads: the library has no global mutable state.  Separate graphs may be
 * built and rendered in separate threads at the same time; one graph must
 * not be used by two threads at once.
 *
 * Errors: functions return a flame_status.  The library never prints, never
 * exits and never aborts on bad input or when memory runs out; the detail of
 * the last error ("stack.data:12: ...") is kept by the graph and returned by
 * flame_graph_error().  Non-fatal findings (ignored lines, a low sample
 * count) are kept as warnings: flame_graph_warning_count()/_warning().
 */
#ifndef FLAME_H
#define FLAME_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FLAME_VERSION_MAJOR 0
#define FLAME_VERSION_MINOR 2
#define FLAME_VERSION_PATCH 0
#define FLAME_VERSION_STRING "0.2.0"

#if defined(FLAME_BUILDING) && defined(__GNUC__)
#define FLAME_API __attribute__((visibility("default")))
#else
#define FLAME_API
#endif

/* Status codes.  Values are part of the ABI and are never renumbered. */
typedef enum flame_status {
    FLAME_OK = 0,
    FLAME_ERR_NOMEM = 1,       /* out of memory */
    FLAME_ERR_IO = 2,          /* reading input or writing output failed */
    FLAME_ERR_OPTION = 3,      /* an option has an invalid value */
    FLAME_ERR_INPUT = 4,       /* input that cannot be used (e.g. a bad name-attribute line) */
    FLAME_ERR_NO_SAMPLES = 5,  /* the input held no stack counts */
    FLAME_ERR_LIMIT = 6,       /* the picture or input exceeds a size limit */
    FLAME_ERR_STATE = 7,       /* call made in the wrong order */
    FLAME_ERR_ARG = 8,         /* invalid argument (NULL handle, out-of-range index) */
    FLAME_ERR_UNSUPPORTED = 9  /* output format not available in this build */
} flame_status;

/* How frame colours are chosen (flamegraph.pl's default, --hash, --random). */
typedef enum flame_color_mode {
    FLAME_COLOR_SEEDED = 0,  /* same name, same colour, in every graph */
    FLAME_COLOR_HASH = 1,    /* name hash: similar names, similar colours */
    FLAME_COLOR_RANDOM = 2   /* fresh random colour per frame */
} flame_color_mode;

typedef enum flame_format {
    FLAME_FORMAT_SVG = 0,
    FLAME_FORMAT_PNG = 1,
    FLAME_FORMAT_PDF = 2,
    FLAME_FORMAT_FOLDED = 3,    /* the stacks as folded lines (needs FLAME_OPT_KEEP_STACKS) */
    FLAME_FORMAT_HTML = 4       /* one HTML page that draws the graph on a canvas */
} flame_format;

/*
 * Options, one field per flamegraph.pl option.  Initialise with
 * flame_options_init(), change what you need, pass to
 * flame_graph_set_options() (which copies every string).
 * NULL strings mean "the default".
 *
 * This struct is frozen: its layout is that of libflame 0.1 and never
 * changes, so that programs built against any libflame 0 header keep
 * working.  Options added since are set by key (flame_option, below), and
 * so can these.
 */
typedef struct flame_options {
    const char *title;          /* --title; NULL: "Flame Graph", "Icicle Graph" or "Flame Chart" */
    const char *subtitle;       /* --subtitle; NULL or "": none */
    double width;               /* --width, image width in pixels (1200) */
    double frame_height;        /* --height, frame height in pixels (16) */
    double font_size;           /* --fontsize (12) */
    double font_width;          /* --fontwidth, average glyph width / font size (0.59) */
    const char *font_type;      /* --fonttype ("Verdana") */
    double min_width;           /* --minwidth, in pixels or percent (0.1) */
    int min_width_percent;      /* nonzero: min_width is a percentage of the total */
    const char *count_name;     /* --countname ("samples") */
    const char *name_type;      /* --nametype ("Function:") */
    const char *palette;        /* --colors: hot mem io wakeup chain java js perl python
                                   rust red green blue aqua yellow purple orange ("hot") */
    const char *bg_colors;      /* --bgcolors: yellow blue green grey or #rrggbb; NULL: by palette */
    flame_color_mode color_mode;/* --hash / --random */
    unsigned long random_seed;  /* seed for FLAME_COLOR_RANDOM */
    const char *palette_map;    /* --cp: path of the palette map to read and update; NULL: off */
    int reverse;                /* --reverse: reverse every stack */
    int inverted;               /* --inverted: icicle graph, root at the top */
    int flamechart;             /* --flamechart: input order, no sorting */
    int negate;                 /* --negate: swap differential colours and signs */
    double total;               /* --total: width of the whole graph in samples; 0: the sum */
    double factor;              /* --factor: multiplier for displayed counts (1) */
    const char *encoding;       /* --encoding: XML declaration encoding; NULL: none */
    const char *notes;          /* --notes: text for a comment in the SVG; NULL: none */
    const char *name_attr_path; /* --nameattr: file of NAME<TAB>attr=value lines; NULL: none */
    double scale;               /* PNG: device pixels per SVG pixel (1); PDF is vector */
} flame_options;

/* What an input is (FLAME_OPT_INPUT_FORMAT). */
typedef enum flame_input_format {
    FLAME_INPUT_AUTO = 0,       /* decided per input from its first bytes */
    FLAME_INPUT_FOLDED = 1,     /* folded stacks, as flamegraph.pl reads them */
    FLAME_INPUT_PERF = 2,       /* `perf script` output */
    FLAME_INPUT_TRACE = 3,      /* Trace Event JSON (Chrome, Perfetto, Viztracer) */
    FLAME_INPUT_SPEEDSCOPE = 4  /* speedscope JSON (py-spy, rbspy, Austin) */
} flame_input_format;

/* Which profile a differential graph's widths show (FLAME_OPT_DIFF_WIDTHS). */
typedef enum flame_diff_widths {
    FLAME_DIFF_WIDTHS_AFTER = 0,   /* as difffolded.pl BEFORE AFTER: code that is gone has width 0 */
    FLAME_DIFF_WIDTHS_BEFORE = 1   /* as difffolded.pl AFTER BEFORE drawn with --negate */
} flame_diff_widths;

/* The colours of a differential graph (FLAME_OPT_DIFF_COLORS). */
typedef enum flame_diff_colors {
    FLAME_DIFF_COLORS_RED_BLUE = 0,    /* flamegraph.pl's: red grew, blue shrank */
    FLAME_DIFF_COLORS_ORANGE_BLUE = 1  /* colour-blind safe: orange grew, blue shrank */
} flame_diff_colors;

/* How siblings are ordered (FLAME_OPT_SORT). */
typedef enum flame_sort {
    FLAME_SORT_FLAMEGRAPH = 0,  /* flamegraph.pl's: the merged lines in byte order */
    FLAME_SORT_WEIGHT = 1       /* heaviest first, ties by name; same-name siblings merged */
} flame_sort;

/* Which end of a label too long for its frame is cut (FLAME_OPT_TRUNCATE). */
typedef enum flame_truncate {
    FLAME_TRUNCATE_RIGHT = 0,   /* keep the start: "namespace::Cla.." (flamegraph.pl) */
    FLAME_TRUNCATE_LEFT = 1     /* keep the end: "..Class::method" */
} flame_truncate;

/*
 * Options by key, for flame_graph_set_int(), _set_number() and
 * _set_string().  Values are part of the ABI and never renumbered; new
 * options get new keys, so a program built against an older header keeps
 * working with a newer library.  The keys 1-26 are the fields of
 * flame_options.  Each option has a type: string, number (double), integer,
 * boolean (0 or 1) or one of a set of names (settable as the integer of
 * its enum or by name).  flame_option_name() gives each key's name, which
 * is cflamegraph's long option where there is one.
 */
typedef enum flame_option {
    /* flamegraph.pl's options (fields of flame_options) */
    FLAME_OPT_TITLE = 1,             /* string: title */
    FLAME_OPT_SUBTITLE = 2,          /* string: subtitle */
    FLAME_OPT_WIDTH = 3,             /* number: width */
    FLAME_OPT_HEIGHT = 4,            /* number: frame_height */
    FLAME_OPT_FONT_SIZE = 5,         /* number: font_size */
    FLAME_OPT_FONT_WIDTH = 6,        /* number: font_width */
    FLAME_OPT_FONT_TYPE = 7,         /* string: font_type */
    FLAME_OPT_MIN_WIDTH = 8,         /* number: min_width */
    FLAME_OPT_MIN_WIDTH_PERCENT = 9, /* boolean: min_width_percent */
    FLAME_OPT_COUNT_NAME = 10,       /* string: count_name */
    FLAME_OPT_NAME_TYPE = 11,        /* string: name_type */
    FLAME_OPT_PALETTE = 12,          /* string: palette */
    FLAME_OPT_BG_COLORS = 13,        /* string: bg_colors */
    FLAME_OPT_COLOR_MODE = 14,       /* flame_color_mode, or "seeded" "hash" "random" */
    FLAME_OPT_RANDOM_SEED = 15,      /* integer: random_seed */
    FLAME_OPT_PALETTE_MAP = 16,      /* string: palette_map */
    FLAME_OPT_REVERSE = 17,          /* boolean: reverse */
    FLAME_OPT_INVERTED = 18,         /* boolean: inverted */
    FLAME_OPT_FLAMECHART = 19,       /* boolean: flamechart */
    FLAME_OPT_NEGATE = 20,           /* boolean: negate */
    FLAME_OPT_TOTAL = 21,            /* number: total */
    FLAME_OPT_FACTOR = 22,           /* number: factor */
    FLAME_OPT_ENCODING = 23,         /* string: encoding */
    FLAME_OPT_NOTES = 24,            /* string: notes */
    FLAME_OPT_NAME_ATTR = 25,        /* string: name_attr_path */
    FLAME_OPT_SCALE = 26,            /* number: scale */

    /* reading (0.2) */
    FLAME_OPT_INPUT_FORMAT = 100,    /* flame_input_format, or "auto" "folded" "perf"
                                        "trace" "speedscope" (auto) */
    FLAME_OPT_PERF_PID = 101,        /* boolean: perf: the process id after the command name */
    FLAME_OPT_PERF_TID = 102,        /* boolean: perf: process and thread id after it */
    FLAME_OPT_PERF_KERNEL = 103,     /* boolean: perf: annotate kernel frames with _[k] */
    FLAME_OPT_PERF_JIT = 104,        /* boolean: perf: annotate JIT frames with _[j] */
    FLAME_OPT_PERF_ALL = 105,        /* boolean: perf: both annotations */
    FLAME_OPT_PERF_ADDRS = 106,      /* boolean: perf: addresses for unknown symbols */
    FLAME_OPT_PERF_EVENT_FILTER = 107, /* string: perf: only samples of this event
                                        (default: the first event seen) */
    FLAME_OPT_KEEP_STACKS = 108,     /* boolean: keep every stack as read, for
                                        FLAME_FORMAT_FOLDED (costs memory) */

    /* filters, applied to each stack as read, in this order (0.2) */
    FLAME_OPT_STRIP_HEX = 200,       /* boolean: 0x and hex digits in names become "0x..." */
    FLAME_OPT_COLLAPSE_RECURSION = 201, /* boolean: a frame repeated directly becomes one */
    FLAME_OPT_FOCUS = 202,           /* string, repeatable: keep only stacks with a frame
                                        matching this regular expression */
    FLAME_OPT_IGNORE = 203,          /* string, repeatable: drop stacks with a frame matching it */
    FLAME_OPT_BASE = 204,            /* string, repeatable: keep only stacks with a frame of this
                                        name, starting at the first such frame */
    FLAME_OPT_HIDE = 205,            /* string, repeatable: remove the frames matching it */
    FLAME_OPT_IGNORE_CASE = 206,     /* boolean: the regular expressions ignore case */
    /* differential graphs from two profiles (flame_graph_set_side) */
    FLAME_OPT_NORMALIZE = 207,       /* boolean: scale BEFORE's counts to AFTER's total */
    FLAME_OPT_DIFF_WIDTHS = 208,     /* flame_diff_widths, or "after" "before" (after) */
    FLAME_OPT_DIFF_COLORS = 209,     /* flame_diff_colors, or "red-blue" "orange-blue"
                                        (red-blue); any differential input */

    /* order and looks (0.2) */
    FLAME_OPT_SORT = 300,            /* flame_sort, or "flamegraph" "weight" (flamegraph);
                                        weight with flamechart: FLAME_ERR_OPTION at input */
    FLAME_OPT_TRUNCATE = 301,        /* flame_truncate, or "right" "left" (right) */
    FLAME_OPT_SEARCH_COLOR = 302,    /* string: #rrggbb of search matches (#e600e6) */
    FLAME_OPT_STROKE_COLOR = 303,    /* string: #rrggbb outline of every frame, or "none" */
    FLAME_OPT_UI_COLOR = 304,        /* string: #rrggbb of the title and buttons (#000000) */
    FLAME_OPT_COLOR_DIFFUSION = 305, /* boolean: colour frames by width, white to red */

    /* work (0.2) */
    FLAME_OPT_THREADS = 400          /* integer 0-256: threads to read with; 0: one per
                                        core there is, at most 8; 1: only the caller's */
} flame_option;

/* Which profile an input is, for a differential graph (flame_graph_set_side). */
typedef enum flame_side {
    FLAME_SIDE_NONE = 0,    /* an ordinary graph */
    FLAME_SIDE_BEFORE = 1,  /* the profile compared against */
    FLAME_SIDE_AFTER = 2    /* the profile compared */
} flame_side;

/* One laid-out frame, as flame_graph_frame() describes it. */
typedef struct flame_frame {
    const char *name;    /* full name, annotation suffix included; "all" for the root */
    size_t name_len;     /* bytes in name (names may hold any bytes, NUL too) */
    size_t parent;       /* index of the parent frame; the root's is itself (0) */
    unsigned depth;      /* 0 for the root */
    double start;        /* first sample, in samples from the left edge */
    double count;        /* width in samples */
    double delta;        /* differential: self delta (after - before); else 0 */
    int has_delta;       /* nonzero for differential input */
    double x, y, w, h;   /* rectangle in pixels (SVG user units) */
    unsigned char r, g, b; /* fill colour */
} flame_frame;

typedef struct flame_graph flame_graph;

/*
 * Writer callback for rendering: write len bytes, return 0 on success or
 * nonzero on failure (rendering then stops with FLAME_ERR_IO).
 */
typedef int (*flame_write_fn)(void *ctx, const void *data, size_t len);

/* @return "0.1.0": the version of the library actually loaded. */
FLAME_API const char *flame_version(void);

/* @return a static English description of a status; never NULL. */
FLAME_API const char *flame_strerror(flame_status status);

/* Fill opts with flamegraph.pl's defaults. */
FLAME_API void flame_options_init(flame_options *opts);

/* @return a new, empty graph with default options, or NULL when out of memory. */
FLAME_API flame_graph *flame_graph_new(void);

/* Free the graph and everything borrowed from it.  NULL is a no-op. */
FLAME_API void flame_graph_free(flame_graph *g);

/*
 * Validate and copy opts into the graph.  Must come before any input.
 * Reads opts->name_attr_path when set.
 * @return FLAME_OK, FLAME_ERR_OPTION (detail in flame_graph_error()),
 *         FLAME_ERR_INPUT or FLAME_ERR_IO (name-attribute file),
 *         FLAME_ERR_STATE after input, FLAME_ERR_NOMEM.
 */
FLAME_API flame_status flame_graph_set_options(flame_graph *g, const flame_options *opts);

/*
 * Set one option by key, before any input.  A number option also takes an
 * integer, a boolean or enumerated one a whole number; a string option
 * takes NULL for its default, and an enumerated one also its name.
 * @return FLAME_OK, FLAME_ERR_OPTION (a bad value; detail in
 *         flame_graph_error()), FLAME_ERR_ARG (unknown key, or a value of
 *         the wrong type), FLAME_ERR_STATE after input, FLAME_ERR_NOMEM;
 *         FLAME_OPT_NAME_ATTR reads its file: FLAME_ERR_INPUT, FLAME_ERR_IO.
 */
FLAME_API flame_status flame_graph_set_int(flame_graph *g, flame_option opt, long long value);
FLAME_API flame_status flame_graph_set_number(flame_graph *g, flame_option opt, double value);
FLAME_API flame_status flame_graph_set_string(flame_graph *g, flame_option opt, const char *value);

/* @return the option's name ("width", "input-format"), or NULL for an
 *         unknown key. */
FLAME_API const char *flame_option_name(flame_option opt);

/*
 * Progress while reading: fn(ctx, source, done, total) is called as the
 * bytes of an input are read (total 0 when the size is not known, e.g. a
 * pipe).  NULL stops it.  The library never prints; the caller decides
 * what to show.
 */
typedef void (*flame_progress_fn)(void *ctx, const char *source, unsigned long long done,
                                  unsigned long long total);
FLAME_API void flame_graph_set_progress(flame_graph *g, flame_progress_fn fn, void *ctx);

/*
 * Make the graph differential, from two profiles: the inputs read after
 * this call are the BEFORE or the AFTER profile, until the next call.
 * Every stack of either becomes one with both counts, 0 where a profile
 * lacks it, as difffolded.pl BEFORE AFTER computes them, and is drawn as
 * such input is (FLAME_OPT_NORMALIZE, _DIFF_WIDTHS, _DIFF_COLORS).  Each
 * side is filtered before the two are joined.  Before the first input, or
 * between inputs of a graph whose inputs all have a side; FLAME_SIDE_NONE
 * only before any input.
 * @return FLAME_OK, FLAME_ERR_ARG (unknown side), FLAME_ERR_STATE (input
 *         without a side read, or after layout).
 */
FLAME_API flame_status flame_graph_set_side(flame_graph *g, flame_side side);

/*
 * Read stacks from fp until end of file: folded stacks, or what a profiler
 * wrote (FLAME_OPT_INPUT_FORMAT; by default decided from the first bytes).  source names the input in
 * messages (NULL: "-").  Several inputs may be read one after another; they
 * count as one concatenated input.  The stream is not closed.
 * A regular file is not copied while its lines are in order: the library
 * keeps a duplicate of its descriptor until layout, and if a later line is
 * out of order it reads the file again.  Should the file have changed by
 * then (size or modification time), that call and every later one fail
 * with FLAME_ERR_IO.  Other input (pipes, buffers, pushed lines) is kept,
 * in memory up to 4 MiB and beyond that in an unlinked temporary file in
 * $TMPDIR (or /tmp), until it is known to be in order or sorted.
 * @return FLAME_OK, FLAME_ERR_IO, FLAME_ERR_NOMEM, FLAME_ERR_LIMIT, FLAME_ERR_STATE.
 */
FLAME_API flame_status flame_graph_read_file(flame_graph *g, FILE *fp, const char *source);

/*
 * Read stacks from a file descriptor until end of file (regular files
 * and pipes alike).  Not closed.  Same returns as flame_graph_read_file().
 */
FLAME_API flame_status flame_graph_read_fd(flame_graph *g, int fd, const char *source);

/* Read stacks from len bytes at data (copied as needed): one input. */
FLAME_API flame_status flame_graph_read_buffer(flame_graph *g, const void *data, size_t len,
                                               const char *source);

/*
 * Push one folded line ("a;b;c 12", no newline needed; a trailing newline
 * is allowed).  An invalid line is counted as ignored, like in a file.
 */
FLAME_API flame_status flame_graph_add_line(flame_graph *g, const char *line, size_t len);

/*
 * Push one stack given as frame names, root first, with its count.  Names
 * must not contain ';' or newlines (FLAME_ERR_ARG).
 */
FLAME_API flame_status flame_graph_add_stack(flame_graph *g, const char *const *frames,
                                             size_t nframes, double count);

/*
 * End the input: merge the stacks and lay the graph out.  Called by the
 * render functions when needed; call it yourself to inspect the frames.
 * Adds the warnings flamegraph.pl gives (ignored lines, low count, --total).
 * @return FLAME_OK, FLAME_ERR_NO_SAMPLES (the graph still renders, as the
 *         error picture), FLAME_ERR_LIMIT, FLAME_ERR_NOMEM, FLAME_ERR_IO (--cp,
 *         or an input file read again had changed), FLAME_ERR_INPUT (a bad
 *         --cp palette map line).
 */
FLAME_API flame_status flame_graph_layout(flame_graph *g);

/* @return the number of frames drawn: 0 before layout, without samples, or
 *         when --minwidth leaves out even the root (as flamegraph.pl does). */
FLAME_API size_t flame_graph_frame_count(const flame_graph *g);

/*
 * Describe drawn frame i (0 is the root; frames come in depth-first order,
 * left to right, so a frame's descendants follow it directly).
 * @return FLAME_OK or FLAME_ERR_ARG when i is out of range.
 */
FLAME_API flame_status flame_graph_frame(const flame_graph *g, size_t i, flame_frame *out);

/* The picture size in pixels (before --scale); 0x0 before layout. */
FLAME_API void flame_graph_size(const flame_graph *g, double *width, double *height);

/* The total the graph is scaled to, in samples (sum of counts or --total). */
FLAME_API double flame_graph_total(const flame_graph *g);

/*
 * Render to a writer callback.  Lays out first if needed.  A graph without
 * samples renders flamegraph.pl's error picture and returns
 * FLAME_ERR_NO_SAMPLES after writing it.
 * @return FLAME_OK, FLAME_ERR_NO_SAMPLES, FLAME_ERR_IO (the writer failed),
 *         FLAME_ERR_LIMIT, FLAME_ERR_UNSUPPORTED, FLAME_ERR_NOMEM.
 */
FLAME_API flame_status flame_graph_render(flame_graph *g, flame_format format,
                                          flame_write_fn write, void *ctx);

/* Render to a stdio stream (flushed, not closed); same returns. */
FLAME_API flame_status flame_graph_render_file(flame_graph *g, flame_format format, FILE *fp);

/*
 * Render into a new buffer; *data (owned by the caller, free with
 * flame_free()) and *len are set on FLAME_OK and FLAME_ERR_NO_SAMPLES.
 */
FLAME_API flame_status flame_graph_render_memory(flame_graph *g, flame_format format,
                                                 void **data, size_t *len);

/* Free a buffer from flame_graph_render_memory().  NULL is a no-op. */
FLAME_API void flame_free(void *p);

/* @return the detail of the last error, or "" when there was none. */
FLAME_API const char *flame_graph_error(const flame_graph *g);

/* Warnings collected so far, in the order they arose. */
FLAME_API size_t flame_graph_warning_count(const flame_graph *g);
FLAME_API const char *flame_graph_warning(const flame_graph *g, size_t i);

/* Number of input lines ignored as invalid so far. */
FLAME_API size_t flame_graph_ignored_lines(const flame_graph *g);

#ifdef __cplusplus
}
#endif

#endif /* FLAME_H */
