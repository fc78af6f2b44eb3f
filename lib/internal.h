/*
 * internal.h - declarations shared by libflame's source files.
 * Not installed; nothing here is part of the API.
 */
#ifndef FLAME_INTERNAL_H
#define FLAME_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "flame.h"

#define FL_UNUSED(x) ((void)(x))

/* ---- growable byte buffer (buf.c) ---------------------------------- */

typedef struct fl_buf {
    char *data;
    size_t len;
    size_t cap;
} fl_buf;

int fl_buf_reserve(fl_buf *b, size_t extra);            /* 0 ok, -1 no memory */
int fl_buf_append(fl_buf *b, const void *p, size_t n);
int fl_buf_putc(fl_buf *b, char c);
int fl_buf_puts(fl_buf *b, const char *s);
void fl_buf_free(fl_buf *b);
/* Byte-order comparison of two byte strings, shorter first on a tie. */
int fl_bytes_cmp(const char *a, size_t na, const char *b, size_t nb);
/* Number of leading bytes a[0..n) and b[0..n) have in common. */
size_t fl_common_prefix(const char *a, const char *b, size_t n);

/* Bump allocator for many small objects freed together. */
typedef struct fl_arena_block fl_arena_block;
typedef struct fl_arena {
    fl_arena_block *head;
    size_t used;    /* bytes used in head */
    size_t size;    /* bytes available in head */
    size_t total;   /* bytes in all blocks */
} fl_arena;

void *fl_arena_alloc(fl_arena *a, size_t n);             /* NULL: no memory */
char *fl_arena_strdup(fl_arena *a, const char *s, size_t n);
void fl_arena_free(fl_arena *a);

/* ---- interned frame names (names.c) -------------------------------- */

typedef struct fl_name {
    const char *str;   /* raw bytes, NUL-terminated copy (names may hold NUL too) */
    uint32_t len;
    uint32_t hash;
} fl_name;

typedef struct fl_names {
    fl_name *list;     /* id -> name; id 0 is "" (the root) */
    uint32_t count;
    uint32_t cap;
    uint32_t *slots;   /* open addressing: id+1, 0 = empty */
    uint32_t nslots;
    fl_arena arena;
} fl_names;

int fl_names_init(fl_names *t);
void fl_names_free(fl_names *t);
/* @return the id of the name, adding it if new; UINT32_MAX when out of memory. */
uint32_t fl_names_intern(fl_names *t, const char *s, size_t n);

/* ---- one folded line (folded.c) ------------------------------------- */

typedef struct fl_record {
    const char *stack;    /* stack text, before --reverse and chain rewriting */
    size_t stack_len;
    const char *counts;   /* the count text, "12" or "3 12" (differential) */
    size_t counts_len;
    double count;         /* samples (the "after" count when differential) */
    double delta;         /* after - before, differential only */
    int has_delta;
} fl_record;

/* Split a line (no newline, no CR) into stack and counts.
 * @return 1 for a valid line, 0 for one flamegraph.pl ignores. */
int fl_parse_line(const char *line, size_t len, fl_record *rec);

/* Length of the stack without trailing ';' (empty trailing fields are dropped). */
size_t fl_stack_trim(const char *s, size_t n);

/* Append s with its ';'-separated frames in reverse order. */
int fl_stack_reverse(fl_buf *out, const char *s, size_t n);

/* Append s rewritten for --colors chain: frames after a "--" separator get
 * the "_[w]" waker annotation and every stack gains a "--" frame. */
int fl_stack_chain(fl_buf *out, const char *s, size_t n);

/* ---- frames and merging (merge.c) --------------------------------- */

typedef struct fl_frame {
    double start;
    double end;
    double delta;
    uint32_t name;
    uint32_t depth;
    uint32_t parent;     /* index into the frame array */
    uint16_t has_delta;
    uint16_t lost;       /* overwritten by a later frame (see layout.c) */
} fl_frame;

typedef struct fl_merge {
    fl_frame *frames;      /* depth-first, left to right; parents before children */
    size_t nframes, cap;
    uint32_t *open;        /* open[d] = index of the open frame at depth d */
    size_t *ends;          /* ends[d] = where frame d's name ends in prev (d >= 1) */
    uint32_t *last_kept;   /* last_kept[d] = last kept frame at depth d with a width */
    size_t nopen, open_cap;
    fl_buf prev;           /* previous stack text, holding the open frames' names */
    double time;           /* running sum of counts */
    double maxdelta;       /* max(1, |delta|) */
    int any_delta;
    /* Frames too narrow to be drawn whatever comes later are dropped as
     * they end, with their subtrees; NULL keeps every frame. */
    const flame_options *prune;
} fl_merge;

/* prune: the options whose --minwidth decides, or NULL to keep every frame. */
int fl_merge_init(fl_merge *m, const flame_options *prune);
void fl_merge_free(fl_merge *m);
/* Deepest stack merged (and drawn): a million levels is no picture. */
#define FL_MAX_DEPTH 1000000u
#define FL_MERGE_TOO_DEEP (-2)
#define FL_MERGE_TOO_LARGE (-3)
/* Merge one stack (already trimmed, reversed and rewritten) into the frames.
 * same: leading bytes known to equal the previous stack's (0 if unknown).
 * @return 0; -1 when out of memory or past the frame limit; FL_MERGE_TOO_DEEP
 *         past FL_MAX_DEPTH levels; FL_MERGE_TOO_LARGE when a frame's summed
 *         delta overflows (the caller reports). */
int fl_merge_add(fl_merge *m, fl_names *names, const char *stack, size_t len,
                 double count, double delta, int has_delta, size_t same);
/* End every open frame.  @return 0, or -1 when out of memory. */
int fl_merge_finish(fl_merge *m, fl_names *names);

/* ---- colours (color.c) -------------------------------------------- */

typedef enum fl_palette {
    FL_PAL_HOT, FL_PAL_MEM, FL_PAL_IO, FL_PAL_WAKEUP, FL_PAL_CHAIN,
    FL_PAL_JAVA, FL_PAL_JS, FL_PAL_PERL, FL_PAL_RED, FL_PAL_GREEN,
    FL_PAL_BLUE, FL_PAL_AQUA, FL_PAL_YELLOW, FL_PAL_PURPLE, FL_PAL_ORANGE,
    FL_PAL_COUNT
} fl_palette;

typedef struct fl_rgb { unsigned char r, g, b; } fl_rgb;

/* @return the palette named s, or -1. */
int fl_palette_lookup(const char *s);
/* Colour for a frame name under a palette and colour mode.  rng is the
 * state for FLAME_COLOR_RANDOM (48-bit LCG, see fl_rand48). */
fl_rgb fl_color_for_name(fl_palette pal, flame_color_mode mode, const char *name,
                         size_t len, uint64_t *rng);
/* Differential colour (red grows, blue shrinks). */
fl_rgb fl_color_delta(double delta, double maxdelta, int negate);
/* drand48 from an explicit state: same sequence as srand48/drand48. */
double fl_rand48(uint64_t *state);
uint64_t fl_srand48_state(uint32_t seed);

/* Background gradient of a palette / --bgcolors value. */
typedef struct fl_background { char top[8]; char bottom[8]; } fl_background;
/* @return 0, or -1 when spec is not yellow/blue/green/grey/#rrggbb. */
int fl_background_for(fl_background *bg, fl_palette pal, const char *spec);

/* ---- text (text.c) -------------------------------------------------- */

/* Append s as valid UTF-8 holding only characters XML 1.0 allows:
 * invalid bytes and forbidden characters become U+FFFD. */
int fl_text_xml_safe(fl_buf *out, const char *s, size_t n);
/* Decode s (invalid bytes read as U+FFFD) into code points; returns count. */
size_t fl_utf8_decode(const char *s, size_t n, uint32_t *cps, size_t cap);
/* Length of name without a trailing _[k] _[w] _[i] _[j] annotation. */
size_t fl_strip_annotation(const char *s, size_t n);
/* The decimal digits of v into out (room for 20), no NUL; returns how many. */
size_t fl_u64_digits(char *out, uint64_t v);
/* The same for a whole number v, |v| < 2^64, with its sign (room for 21). */
size_t fl_whole_digits(char *out, double v);
/* Append the number as Perl prints it (%.15g). */
int fl_fmt_num(fl_buf *out, double v);
/* Append v with one decimal, as flamegraph.pl prints x and width ("%.1f"),
 * dropping a trailing ".0". */
int fl_fmt_fixed(fl_buf *out, double v, int decimals);
/* Append v as printf's "%.*f" does. */
int fl_fmt_decimals(fl_buf *out, double v, int decimals);
/* Append round(v) with thousands separators: 1,234,567. */
int fl_fmt_thousands(fl_buf *out, double v);
/* Append the label that fits in chars characters ("" when chars < 3):
 * the XML-safe text, cut with ".." */
int fl_fit_label(fl_buf *out, const char *safe_utf8, size_t n, long chars);

/* ---- name attributes (nameattr.c) --------------------------------- */

typedef struct fl_attr { const char *name; const char *value; } fl_attr;
typedef struct fl_nameattr_entry {
    const char *func; size_t func_len;
    fl_attr *attrs; size_t nattrs;
} fl_nameattr_entry;
typedef struct fl_nameattr {
    fl_nameattr_entry *entries;  /* sorted by func for bsearch */
    size_t count;
    fl_arena arena;
} fl_nameattr;

/* Parse a --nameattr file.  @return FLAME_OK or an error with msg set. */
flame_status fl_nameattr_load(fl_nameattr *na, const char *path, char *msg, size_t msgsz);
const fl_nameattr_entry *fl_nameattr_find(const fl_nameattr *na, const char *func, size_t len);
void fl_nameattr_free(fl_nameattr *na);
/* @return 1 when s is an XML attribute name we accept. */
int fl_xml_name_ok(const char *s);

/* ---- consistent palette map (palette_map.c) ------------------------- */

typedef struct fl_pmap_entry { const char *name; size_t len; fl_rgb rgb; } fl_pmap_entry;
typedef struct fl_pmap {
    fl_pmap_entry *entries;
    size_t count, cap;
    int sorted;
    fl_arena arena;
} fl_pmap;

flame_status fl_pmap_read(fl_pmap *m, const char *path, char *msg, size_t msgsz);
/* @return the stored colour or NULL. */
const fl_rgb *fl_pmap_find(fl_pmap *m, const char *name, size_t len);
int fl_pmap_add(fl_pmap *m, const char *name, size_t len, fl_rgb rgb);
flame_status fl_pmap_write(fl_pmap *m, const char *path, char *msg, size_t msgsz);
void fl_pmap_free(fl_pmap *m);

/* ---- input kept for a second reading (replay.c) ------------------ */

#define FL_REPLAY_MEM (-1)       /* a segment held in fl_replay.mem */
typedef struct fl_replay_seg {
    int fd;                      /* a file to read again, or FL_REPLAY_MEM */
    off_t off;                   /* where the bytes start in it */
    size_t len;
} fl_replay_seg;
typedef struct fl_replay_file_info {
    int fd;
    char *name;
    dev_t dev;                   /* what it was when first read: it must not change */
    ino_t ino;
    off_t size;
    struct timespec mtime;
} fl_replay_file_info;
typedef struct fl_replay {
    fl_replay_seg *segs;         /* in input order */
    size_t nsegs, cap;
    fl_buf mem;
    int spill_fd;                /* temporary file, or -1 */
    int spill_failed;            /* it could not be made or written: memory only */
    off_t spill_off;
    fl_replay_file_info *files;  /* the input files read again (owned duplicates) */
    size_t nfiles;
} fl_replay;
typedef flame_status (*fl_replay_sink)(void *ctx, const char *p, size_t n);
typedef char *(*fl_replay_alloc)(void *ctx, size_t n);

void fl_replay_init(fl_replay *r);
void fl_replay_free(fl_replay *r);
/* Keep a copy of bytes that cannot be read again.  @return 0 or -1. */
int fl_replay_bytes(fl_replay *r, const char *p, size_t n);
/* A duplicate of fd (named name in messages) that r closes when freed, or
 * -1.  Reading it again fails if the file has changed meanwhile. */
int fl_replay_own_fd(fl_replay *r, int fd, const char *name);
/* Bytes [off, off+n) of a file that can be read again (an owned fd). */
int fl_replay_file(fl_replay *r, int fd, off_t off, size_t n);
/* Hand everything kept, in order, to sink.  Files are read into memory from
 * alloc (which the caller keeps) or, when NULL, into a passing buffer.
 * err receives I/O errors. */
flame_status fl_replay_run(const fl_replay *r, fl_replay_sink sink, fl_replay_alloc alloc,
                           void *ctx, char *err, size_t errsz);

/* ---- options (options.c) ------------------------------------------- */

/* @return NULL when o is usable, else msg filled with what is wrong. */
const char *fl_options_check(const flame_options *o, char *msg, size_t msgsz);

/* ---- the graph (graph.c, input.c, layout.c) ----------------------- */

typedef struct fl_line {
    const char *key;     /* sort key: the whole line (or its reversed form) */
    size_t key_len;
    size_t stack_len;    /* stack = key[0..stack_len) */
    double count;
    double delta;
    int has_delta;
} fl_line;

/* Sort lines by key in byte order (sort.c); same[i] receives how many
 * leading bytes line i then shares with line i-1.  @return 0, or -1 out of
 * memory. */
int fl_sort_lines(fl_line *lines, size_t n, size_t *same);

/* Per drawn frame: everything the renderers need. */
typedef struct fl_drawn {
    uint32_t frame;      /* index into merge.frames */
    uint32_t parent;     /* index into drawn */
    fl_rgb rgb;
} fl_drawn;

/* A piece of a buffer. */
typedef struct fl_span { size_t off, len; } fl_span;

/* Geometry of the picture (layout.c). */
typedef struct fl_geom {
    double width, height;        /* image size */
    double xpad, ypad1, ypad2, ypad3, framepad;
    double frame_height, font_size, font_width;
    double timemax, widthpertime, minwidth_time;
    unsigned depthmax;
} fl_geom;

struct flame_graph {
    flame_options opt;
    fl_arena opt_strings;        /* copies of the option strings */
    fl_palette palette;
    fl_background background;
    int options_set;
    int laid_out;
    flame_status layout_status;

    char err[1024];
    char **warnings;
    size_t nwarnings, warn_cap;
    size_t ignored;

    /* input: merged as it arrives while it is in order (or --flamechart);
     * once a line is out of order, everything is read again (replay) and
     * the lines kept and sorted at the end */
    int collect;                 /* keeping lines to sort */
    int simple;                  /* tests: always sort, keep every frame */
    int input_started;
    int out_of_order;            /* set by a line that breaks the order */
    flame_status input_status;   /* a failed second reading: every later call fails */
    fl_buf prev_key;             /* sort key of the previous line */
    fl_replay replay;            /* input so far, while streaming */
    fl_replay replayed;          /* the same, once read again: kept lines point into it */
    int replay_fd;               /* the regular file being read, or -1 */
    off_t replay_off;            /* where the next chunk starts in it */
    fl_arena lines_arena;
    fl_line *lines;
    size_t nlines, lines_cap;
    int lines_sorted;            /* kept lines so far are in byte order */
    fl_buf pending;              /* partial line across read chunks */
    fl_buf reversed;             /* the --reverse rewrite of the current line */
    fl_buf chained;              /* the --colors chain rewrite of the current stack */

    /* tree */
    fl_names names;
    fl_merge merge;

    /* layout */
    fl_geom geom;
    fl_drawn *drawn;
    size_t ndrawn;
    fl_buf shown_text;           /* names as shown (XML-safe, no annotation) */
    fl_span *shown;              /* per name id: where in shown_text */
    fl_nameattr nameattr;
    int has_nameattr;
    fl_pmap pmap;
};

void fl_set_error(flame_graph *g, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int fl_add_warning(flame_graph *g, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* input.c */
/* One line (no newline), from flame_graph_add_line/_add_stack. */
flame_status fl_input_add_line(flame_graph *g, const char *line, size_t len);
/* The next bytes of a source; last: the source ended. */
flame_status fl_input_chunk(flame_graph *g, const char *data, size_t len, int last);
/* The chunks up to fl_input_file_end() are read from fd, a regular file,
 * from offset off on, so they can be read again instead of copied. */
void fl_input_file_begin(flame_graph *g, int fd, off_t off, const char *source);
void fl_input_file_end(flame_graph *g);
flame_status fl_input_finish(flame_graph *g);
/* Tests: take the simple way (keep and sort every line, keep every frame),
 * to compare with the streaming one.  Call before any input. */
void fl_input_simple(flame_graph *g);

/* layout.c */
#define FL_XPAD 10
flame_status fl_layout(flame_graph *g);
/* Frames narrower than this (in count units) are not drawn; grows with
 * timemax (floating-point division is monotonic), which pruning relies on. */
double fl_minwidth_time(const flame_options *o, double timemax);
/* Tooltip text of drawn frame i, XML-safe UTF-8 (not escaped). */
int fl_tooltip(const flame_graph *g, size_t i, fl_buf *out);
/* Label of drawn frame i for a width in pixels, XML-safe UTF-8. */
int fl_label(const flame_graph *g, size_t i, double width_px, fl_buf *out);
/* Pixel rectangle of drawn frame i (unrounded). */
void fl_frame_rect(const flame_graph *g, size_t i, double *x1, double *y1, double *x2, double *y2);
const char *fl_title(const flame_graph *g);

/* svg.c */
flame_status fl_render_svg(flame_graph *g, flame_write_fn write, void *ctx);
/* render_cairo.c */
flame_status fl_render_cairo(flame_graph *g, flame_format format, flame_write_fn write, void *ctx);

/* The interactive script, generated from lib/interactive.js at build time. */
extern const char fl_interactive_js[];
extern const size_t fl_interactive_js_len;

#endif /* FLAME_INTERNAL_H */
