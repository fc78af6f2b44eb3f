/*
 * cflamegraph - render folded stacks as a flame graph.
 *
 * A drop-in replacement for flamegraph.pl: the same options, the same
 * picture.  This file only parses the command line, opens files and prints
 * messages; the work is libflame's (include/flame.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "flame.h"

#define PROG "cflamegraph"

/* Exit statuses (cflamegraph(1), EXIT STATUS). */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_NO_SAMPLES = 2 };

enum {
    OPT_TITLE = 256, OPT_SUBTITLE, OPT_WIDTH, OPT_HEIGHT, OPT_FONTTYPE, OPT_FONTSIZE,
    OPT_FONTWIDTH, OPT_MINWIDTH, OPT_COUNTNAME, OPT_NAMETYPE, OPT_COLORS, OPT_BGCOLORS,
    OPT_HASH, OPT_RANDOM, OPT_CP, OPT_REVERSE, OPT_INVERTED, OPT_FLAMECHART, OPT_NEGATE,
    OPT_TOTAL, OPT_FACTOR, OPT_ENCODING, OPT_NOTES, OPT_NAMEATTR, OPT_FORMAT, OPT_SCALE,
    OPT_HELP, OPT_VERSION, OPT_QUIET,
    /* options the library takes by key (keyed[] below) */
    OPT_INPUT_FORMAT, OPT_PID, OPT_TID, OPT_KERNEL, OPT_JIT, OPT_ALL, OPT_ADDRS, OPT_EVENT_FILTER,
    OPT_STRIP_HEX, OPT_COLLAPSE_RECURSION, OPT_FOCUS, OPT_IGNORE, OPT_BASE, OPT_HIDE,
    OPT_IGNORE_CASE, OPT_NORMALIZE, OPT_DIFF_WIDTHS, OPT_DIFF_COLORS,
    /* the two inputs are BEFORE and AFTER */
    OPT_DIFF,
    OPT_THREADS,
    /* order and looks: keyed too, but --deterministic */
    OPT_SORT, OPT_TRUNCATE, OPT_SEARCH_COLOR, OPT_STROKE_COLOR, OPT_UICOLOR, OPT_COLORDIFFUSION,
    OPT_DETERMINISTIC
};

/* Options handed to the library by key, in the order given: a flag sets
 * the key to 1, a string is passed as it is (the library checks it), a
 * whole number is parsed here. */
enum { K_FLAG, K_STRING, K_WHOLE };
static const struct keyed {
    int opt;
    flame_option key;
    int kind;
} keyed[] = {
    {OPT_INPUT_FORMAT, FLAME_OPT_INPUT_FORMAT, K_STRING},
    {OPT_PID, FLAME_OPT_PERF_PID, K_FLAG},
    {OPT_TID, FLAME_OPT_PERF_TID, K_FLAG},
    {OPT_KERNEL, FLAME_OPT_PERF_KERNEL, K_FLAG},
    {OPT_JIT, FLAME_OPT_PERF_JIT, K_FLAG},
    {OPT_ALL, FLAME_OPT_PERF_ALL, K_FLAG},
    {OPT_ADDRS, FLAME_OPT_PERF_ADDRS, K_FLAG},
    {OPT_EVENT_FILTER, FLAME_OPT_PERF_EVENT_FILTER, K_STRING},
    {OPT_STRIP_HEX, FLAME_OPT_STRIP_HEX, K_FLAG},
    {OPT_COLLAPSE_RECURSION, FLAME_OPT_COLLAPSE_RECURSION, K_FLAG},
    {OPT_FOCUS, FLAME_OPT_FOCUS, K_STRING},
    {OPT_IGNORE, FLAME_OPT_IGNORE, K_STRING},
    {OPT_BASE, FLAME_OPT_BASE, K_STRING},
    {OPT_HIDE, FLAME_OPT_HIDE, K_STRING},
    {OPT_IGNORE_CASE, FLAME_OPT_IGNORE_CASE, K_FLAG},
    {OPT_NORMALIZE, FLAME_OPT_NORMALIZE, K_FLAG},
    {OPT_DIFF_WIDTHS, FLAME_OPT_DIFF_WIDTHS, K_STRING},
    {OPT_DIFF_COLORS, FLAME_OPT_DIFF_COLORS, K_STRING},
    {OPT_THREADS, FLAME_OPT_THREADS, K_WHOLE},
    {OPT_SORT, FLAME_OPT_SORT, K_STRING},
    {OPT_TRUNCATE, FLAME_OPT_TRUNCATE, K_STRING},
    {OPT_SEARCH_COLOR, FLAME_OPT_SEARCH_COLOR, K_STRING},
    {OPT_STROKE_COLOR, FLAME_OPT_STROKE_COLOR, K_STRING},
    {OPT_UICOLOR, FLAME_OPT_UI_COLOR, K_STRING},
    {OPT_COLORDIFFUSION, FLAME_OPT_COLOR_DIFFUSION, K_FLAG},
};

static const struct option long_options[] = {
    {"title", required_argument, NULL, OPT_TITLE},
    {"subtitle", required_argument, NULL, OPT_SUBTITLE},
    {"width", required_argument, NULL, OPT_WIDTH},
    {"height", required_argument, NULL, OPT_HEIGHT},
    {"fonttype", required_argument, NULL, OPT_FONTTYPE},
    {"fontsize", required_argument, NULL, OPT_FONTSIZE},
    {"fontwidth", required_argument, NULL, OPT_FONTWIDTH},
    {"minwidth", required_argument, NULL, OPT_MINWIDTH},
    {"countname", required_argument, NULL, OPT_COUNTNAME},
    {"nametype", required_argument, NULL, OPT_NAMETYPE},
    {"colors", required_argument, NULL, OPT_COLORS},
    {"bgcolors", required_argument, NULL, OPT_BGCOLORS},
    {"hash", no_argument, NULL, OPT_HASH},
    {"random", no_argument, NULL, OPT_RANDOM},
    {"cp", no_argument, NULL, OPT_CP},
    {"reverse", no_argument, NULL, OPT_REVERSE},
    {"inverted", no_argument, NULL, OPT_INVERTED},
    {"flamechart", no_argument, NULL, OPT_FLAMECHART},
    {"negate", no_argument, NULL, OPT_NEGATE},
    {"total", required_argument, NULL, OPT_TOTAL},
    {"factor", required_argument, NULL, OPT_FACTOR},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"notes", required_argument, NULL, OPT_NOTES},
    {"nameattr", required_argument, NULL, OPT_NAMEATTR},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"scale", required_argument, NULL, OPT_SCALE},
    {"input-format", required_argument, NULL, OPT_INPUT_FORMAT},
    {"pid", no_argument, NULL, OPT_PID},
    {"tid", no_argument, NULL, OPT_TID},
    {"kernel", no_argument, NULL, OPT_KERNEL},
    {"jit", no_argument, NULL, OPT_JIT},
    {"all", no_argument, NULL, OPT_ALL},
    {"addrs", no_argument, NULL, OPT_ADDRS},
    {"event-filter", required_argument, NULL, OPT_EVENT_FILTER},
    {"strip-hex", no_argument, NULL, OPT_STRIP_HEX},
    {"collapse-recursion", no_argument, NULL, OPT_COLLAPSE_RECURSION},
    {"focus", required_argument, NULL, OPT_FOCUS},
    {"ignore", required_argument, NULL, OPT_IGNORE},
    {"base", required_argument, NULL, OPT_BASE},
    {"hide", required_argument, NULL, OPT_HIDE},
    {"ignore-case", no_argument, NULL, OPT_IGNORE_CASE},
    {"diff", no_argument, NULL, OPT_DIFF},
    {"normalize", no_argument, NULL, OPT_NORMALIZE},
    {"diff-widths", required_argument, NULL, OPT_DIFF_WIDTHS},
    {"diff-colors", required_argument, NULL, OPT_DIFF_COLORS},
    {"sort", required_argument, NULL, OPT_SORT},
    {"truncate", required_argument, NULL, OPT_TRUNCATE},
    {"search-color", required_argument, NULL, OPT_SEARCH_COLOR},
    {"stroke-color", required_argument, NULL, OPT_STROKE_COLOR},
    {"uicolor", required_argument, NULL, OPT_UICOLOR},
    {"colordiffusion", no_argument, NULL, OPT_COLORDIFFUSION},
    {"deterministic", no_argument, NULL, OPT_DETERMINISTIC},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static const char usage_text[] =
    "Usage: " PROG " [OPTIONS] [FILE...] > graph.svg\n"
    "Render stacks as a flame graph: folded stacks (\"frame;frame;frame COUNT\"\n"
    "lines), perf script output, Trace Event JSON (Viztracer, Chrome) or\n"
    "speedscope JSON (py-spy, rbspy), each FILE's format found from its first bytes.\n"
    "Reads the FILEs in order, or standard input when there is none or FILE is -.\n"
    "\n"
    "Input:\n"
    "  --input-format FMT auto (default), folded, perf, trace or speedscope\n"
    "  --pid              perf: process name with its PID (comm-PID)\n"
    "  --tid              perf: process name with PID and TID (comm-PID/TID)\n"
    "  --kernel           perf: annotate kernel frames with _[k]\n"
    "  --jit              perf: annotate JIT frames with _[j]\n"
    "  --all              perf: both annotations\n"
    "  --addrs            perf: name unknown symbols by their address\n"
    "  --event-filter EV  perf: only samples of event EV (default: the first seen)\n"
    "                     (stackcollapse-perf.pl's --inline and --context need\n"
    "                     addr2line and the binaries: not supported)\n"
    "\n"
    "Filters, applied to each stack as read, in this order (RE: a regular\n"
    "expression as the SVG's search takes it, JavaScript's syntax):\n"
    "  --strip-hex        hex numbers in names (0x7f3a...) become 0x...\n"
    "  --collapse-recursion  a frame repeated directly (a;b;b;c) becomes one (a;b;c)\n"
    "  --focus RE         keep only stacks with a frame matching RE (repeatable:\n"
    "                     any of them)\n"
    "  --ignore RE        drop stacks with a frame matching RE (repeatable)\n"
    "  --base NAME        keep only stacks with a frame named NAME, starting at the\n"
    "                     first such frame (repeatable)\n"
    "  --hide RE          remove the frames matching RE, keeping the counts\n"
    "                     (repeatable)\n"
    "  --ignore-case      the regular expressions ignore case\n"
    "\n"
    "Differential graphs:\n"
    "  --diff             the two FILEs are BEFORE and AFTER profiles (any format,\n"
    "                     one may be -): draw the change, as difffolded.pl BEFORE\n"
    "                     AFTER | flamegraph.pl does (red grew, blue shrank)\n"
    "  --normalize        with --diff: scale BEFORE to AFTER's total (difffolded.pl -n)\n"
    "  --diff-widths WHICH  with --diff: frame widths from after (default) or before,\n"
    "                     where code that is gone shows\n"
    "  --diff-colors SCHEME  red-blue (default) or orange-blue (colour-blind safe)\n"
    "\n"
    "Picture:\n"
    "  --title TEXT       title (default \"Flame Graph\", \"Icicle Graph\", \"Flame Chart\")\n"
    "  --subtitle TEXT    second title line\n"
    "  --width NUM        image width in pixels (1200)\n"
    "  --height NUM       height of each frame in pixels (16)\n"
    "  --minwidth NUM     leave out frames narrower than NUM pixels, or NUM% of the\n"
    "                     total when it ends in % (0.1)\n"
    "  --fonttype FONT    font family (Verdana)\n"
    "  --fontsize NUM     font size (12)\n"
    "  --fontwidth NUM    average glyph width relative to the font size (0.59)\n"
    "  --countname TEXT   what the counts are (samples)\n"
    "  --nametype TEXT    prefix of the details line on hover (\"Function:\")\n"
    "  --colors PALETTE   hot (default) mem io wakeup chain java js perl python rust\n"
    "                     red green blue aqua yellow purple orange\n"
    "  --bgcolors COLOR   background: yellow blue green grey or #rrggbb\n"
    "  --hash             colour by a hash of the name (similar names, similar colours)\n"
    "  --random           random colours\n"
    "  --cp               consistent palette: reuse and update ./palette.map\n"
    "  --inverted         icicle graph: root at the top\n"
    "  --flamechart       flame chart: keep input (time) order, no sorting\n"
    "  --reverse          reverse every stack (leaf first)\n"
    "  --negate           differential input: swap red and blue\n"
    "  --total NUM        width of the graph in samples, when above the sum\n"
    "  --factor NUM       multiply displayed counts by NUM (1)\n"
    "  --encoding NAME    character encoding of the SVG (as XML declaration)\n"
    "  --notes TEXT       add TEXT as a comment in the SVG\n"
    "  --nameattr FILE    per-function attributes: NAME<TAB>attr=value<TAB>...\n"
    "\n"
    "Order and looks (as inferno-flamegraph and speedscope have them):\n"
    "  --sort ORDER       flamegraph (default: flamegraph.pl's order) or weight\n"
    "                     (heaviest sibling first, same-name siblings merged)\n"
    "  --truncate SIDE    cut long labels on the right (default) or the left\n"
    "  --search-color COLOR  colour of search matches, #rrggbb (#e600e6)\n"
    "  --stroke-color COLOR  outline every frame: #rrggbb or none (default)\n"
    "  --uicolor COLOR    colour of the title and buttons, #rrggbb (#000000)\n"
    "  --colordiffusion   colour frames by width: the wider, the redder\n"
    "  --deterministic    accepted: a name always gets the same colour already\n"
    "\n"
    "Output:\n"
    "  -o, --output FILE  write to FILE (replaced only when rendering succeeds)\n"
    "  --format FORMAT    svg (default), html (one page drawing the graph on a\n"
    "                     canvas, for big profiles, with a function table), png,\n"
    "                     pdf or folded (the stacks as folded lines, as the\n"
    "                     stackcollapse scripts write them); default from the -o\n"
    "                     extension (.svg .html .htm .png .pdf)\n"
    "  --scale NUM        device pixels per SVG pixel for png (1)\n"
    "  --quiet            no warnings and no progress line\n"
    "  --threads N        threads to read a large file with (default: one per\n"
    "                     core, at most 8; 1: no other thread)\n"
    "\n"
    "  --help             show this help and exit\n"
    "  --version          show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 error (unreadable input, failed write), 2 usage\n"
    "error or no stack counts in the input.  See cflamegraph(1).\n";

static void die_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, PROG ": ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '" PROG " --help'.\n");
    exit(EXIT_USAGE);
}

/* A finite decimal number, all of the argument. */
static double parse_number(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    /* ERANGE: too large, or too close to 0 (then the result is usable). */
    if (end == s || *end != '\0' || (errno == ERANGE && fabs(v) > 1) || !isfinite(v)) {
        fprintf(stderr, PROG ": invalid --%s '%s': expected a number\nTry '" PROG " --help'.\n",
                opt, s);
        exit(EXIT_USAGE);
    }
    return v;
}

static double parse_integer(const char *opt, const char *s)
{
    double v = parse_number(opt, s);
    if (v != floor(v)) {
        fprintf(stderr, PROG ": invalid --%s '%s': expected a whole number\nTry '" PROG
                " --help'.\n", opt, s);
        exit(EXIT_USAGE);
    }
    return v;
}

static int format_from_name(const char *s, flame_format *out)
{
    if (strcasecmp(s, "folded") == 0)
        *out = FLAME_FORMAT_FOLDED;
    else if (strcasecmp(s, "svg") == 0)
        *out = FLAME_FORMAT_SVG;
    else if (strcasecmp(s, "png") == 0)
        *out = FLAME_FORMAT_PNG;
    else if (strcasecmp(s, "pdf") == 0)
        *out = FLAME_FORMAT_PDF;
    else if (strcasecmp(s, "html") == 0 || strcasecmp(s, "htm") == 0)
        *out = FLAME_FORMAT_HTML;
    else
        return -1;
    return 0;
}

static int quiet;    /* --quiet */

static void print_messages(const flame_graph *g, size_t *shown)
{
    size_t n = flame_graph_warning_count(g);
    for (; *shown < n; (*shown)++)
        if (!quiet)
            fprintf(stderr, "%s\n", flame_graph_warning(g, *shown));
}

/* ---- progress: one line on a terminal, rewritten in place ---------------- */

typedef struct progress {
    double start;       /* when reading began */
    double shown;       /* when the line was last written, 0: never */
    int active;         /* a line is on the terminal */
} progress;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 1234567 -> "1.2 MB" (decimal units, as file sizes are usually shown). */
static void human_bytes(char *out, size_t cap, double v)
{
    static const char *const unit[] = {"B", "kB", "MB", "GB", "TB"};
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        u++;
    }
    snprintf(out, cap, u ? "%.1f %s" : "%.0f %s", v, unit[u]);
}

/* Called by the library as input is read; shows a line once reading has
 * taken a second, and rewrites it at most ten times a second. */
static void on_progress(void *ctx, const char *source, unsigned long long done,
                        unsigned long long total)
{
    progress *p = ctx;
    double t = now();
    if (p->start == 0)
        p->start = t;
    if (t - p->start < 1 || t - p->shown < 0.1)
        return;
    p->shown = t;
    char d[32], rate[32], line[512];
    human_bytes(d, sizeof d, (double)done);
    human_bytes(rate, sizeof rate, done / (t - p->start));
    if (total) {
        char all[32];
        human_bytes(all, sizeof all, (double)total);
        snprintf(line, sizeof line, "%s of %s (%.0f%%), %s/s", d, all, 100.0 * done / total, rate);
    } else {
        snprintf(line, sizeof line, "%s, %s/s", d, rate);
    }
    fprintf(stderr, "\r\033[K" PROG ": reading %.200s: %s", source, line);
    fflush(stderr);
    p->active = 1;
}

/* Clears the line, before anything else is printed and when an input ends. */
static void progress_done(progress *p)
{
    if (p->active)
        fputs("\r\033[K", stderr);
    p->active = 0;
    p->start = p->shown = 0;
}

static progress reading;

/* The library's detail of a failure with status st.  The graph keeps its
 * last message, which can be an earlier one ("No stack counts found") when
 * a later failure had none of its own: out of memory says so. */
static const char *detail_of(const flame_graph *g, flame_status st)
{
    const char *detail = flame_graph_error(g);
    if (st == FLAME_ERR_NOMEM && !strstr(detail, "memory"))
        return flame_strerror(st);
    return detail;
}

static int fail(flame_graph *g, flame_status st, const char *what)
{
    const char *detail = detail_of(g, st);
    fprintf(stderr, PROG ": %s%s%s\n", what ? what : "", what && *detail ? ": " : "",
            *detail ? detail : flame_strerror(st));
    flame_graph_free(g);
    return st == FLAME_ERR_OPTION || st == FLAME_ERR_INPUT ? EXIT_USAGE : EXIT_FAIL;
}

static flame_status read_input(flame_graph *g, const char *path)
{
    if (strcmp(path, "-") == 0)
        return flame_graph_read_fd(g, STDIN_FILENO, "-");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, PROG ": cannot open %s: %s\n", path, strerror(errno));
        return FLAME_ERR_IO;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, PROG ": cannot read %s: Is a directory\n", path);
        close(fd);
        return FLAME_ERR_IO;
    }
    flame_status s = flame_graph_read_fd(g, fd, path);
    progress_done(&reading);
    if (s != FLAME_OK) {
        const char *detail = detail_of(g, s);
        fprintf(stderr, PROG ": cannot read %s: %s\n", path,
                *detail ? detail : flame_strerror(s));
    }
    close(fd);
    return s;
}

/* Render into fp and close it; a failed write or close is reported. */
static flame_status render_and_close(flame_graph *g, flame_format fmt, FILE *fp, const char *path)
{
    flame_status st = flame_graph_render_file(g, fmt, fp);
    int close_failed = fclose(fp) != 0;
    if ((st == FLAME_OK || st == FLAME_ERR_NO_SAMPLES) && close_failed) {
        fprintf(stderr, PROG ": cannot write %s: %s\n", path, strerror(errno));
        st = FLAME_ERR_IO;
    } else if (st == FLAME_ERR_IO) {
        fprintf(stderr, PROG ": cannot write %s: %s\n", path, flame_graph_error(g));
    }
    return st;
}

/* Write straight into an output that is not a regular file (a device such
 * as /dev/null or /dev/stdout, a FIFO): a temporary file renamed over it
 * would replace the device node itself. */
static flame_status render_to_device(flame_graph *g, flame_format fmt, const char *path)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        fprintf(stderr, PROG ": cannot write %s: %s\n", path, strerror(errno));
        return FLAME_ERR_IO;
    }
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        return FLAME_ERR_NOMEM;
    }
    flame_status st = render_and_close(g, fmt, fp, path);
    return st;
}

/* Render into a temporary file beside path, then rename it into place, so
 * that a failure never leaves a truncated or emptied output file. */
static flame_status render_to_path(flame_graph *g, flame_format fmt, const char *path)
{
    struct stat sb;
    char *real = NULL;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            fprintf(stderr, PROG ": cannot write %s: %s\n", path, strerror(EISDIR));
            return FLAME_ERR_IO;
        }
        if (!S_ISREG(sb.st_mode))
            return render_to_device(g, fmt, path);
        /* Through a symbolic link: replace the file, keep the link. */
        real = realpath(path, NULL);
    }
    const char *target = real ? real : path;
    size_t n = strlen(target);
    char *tmp = malloc(n + 16);
    if (!tmp) {
        free(real);
        fprintf(stderr, PROG ": cannot write %s: %s\n", path, strerror(ENOMEM));
        return FLAME_ERR_IO;    /* reported */
    }
    snprintf(tmp, n + 16, "%s.tmp.XXXXXX", target);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, PROG ": cannot write %s: %s\n", path, strerror(errno));
        free(tmp);
        free(real);
        return FLAME_ERR_IO;
    }
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        unlink(tmp);
        free(tmp);
        free(real);
        return FLAME_ERR_NOMEM;
    }
    flame_status st = render_and_close(g, fmt, fp, path);
    if (st == FLAME_OK || st == FLAME_ERR_NO_SAMPLES) {
        if (rename(tmp, target) != 0) {
            fprintf(stderr, PROG ": cannot write %s: %s\n", path, strerror(errno));
            st = FLAME_ERR_IO;
        }
    }
    if (st != FLAME_OK && st != FLAME_ERR_NO_SAMPLES)
        unlink(tmp);
    free(tmp);
    free(real);
    return st;
}

/* A keyed option as given on the command line, kept until the graph
 * exists (file scope: an early exit leaves nothing unreachable). */
typedef struct setting {
    const struct keyed *k;
    const char *value;
} setting;
static setting *settings;

static const struct keyed *keyed_for(int opt)
{
    for (size_t i = 0; i < sizeof keyed / sizeof keyed[0]; i++)
        if (keyed[i].opt == opt)
            return &keyed[i];
    return NULL;
}

int main(int argc, char **argv)
{
    flame_options o;
    flame_options_init(&o);
    const char *output = NULL;
    const char *format_name = NULL;
    int c;
    int diff = 0;        /* --diff */
    int diff_only = 0;   /* an option that needs --diff was given */
    settings = calloc((size_t)argc, sizeof *settings);
    size_t nsettings = 0;
    const char *sort = NULL;    /* --sort, for the checks between options */
    int deterministic = 0;
    if (!settings) {
        fprintf(stderr, PROG ": out of memory\n");
        return EXIT_FAIL;
    }

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_TITLE: o.title = optarg; break;
        case OPT_SUBTITLE: o.subtitle = optarg; break;
        case OPT_WIDTH: o.width = parse_integer("width", optarg); break;
        case OPT_HEIGHT: o.frame_height = parse_integer("height", optarg); break;
        case OPT_FONTTYPE: o.font_type = optarg; break;
        case OPT_FONTSIZE: o.font_size = parse_number("fontsize", optarg); break;
        case OPT_FONTWIDTH: o.font_width = parse_number("fontwidth", optarg); break;
        case OPT_MINWIDTH: {
            size_t n = strlen(optarg);
            o.min_width_percent = n > 0 && optarg[n - 1] == '%';
            char *copy = strdup(optarg);
            if (!copy) {
                fprintf(stderr, PROG ": out of memory\n");
                return EXIT_FAIL;
            }
            if (o.min_width_percent)
                copy[n - 1] = '\0';
            o.min_width = parse_number("minwidth", copy);
            free(copy);
            break;
        }
        case OPT_COUNTNAME: o.count_name = optarg; break;
        case OPT_NAMETYPE: o.name_type = optarg; break;
        case OPT_COLORS: o.palette = optarg; break;
        case OPT_BGCOLORS: o.bg_colors = optarg; break;
        case OPT_HASH: o.color_mode = FLAME_COLOR_HASH; break;
        case OPT_RANDOM:
            o.color_mode = FLAME_COLOR_RANDOM;
            o.random_seed = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
            break;
        case OPT_CP: o.palette_map = "palette.map"; break;
        case OPT_REVERSE: o.reverse = 1; break;
        case OPT_INVERTED: o.inverted = 1; break;
        case OPT_FLAMECHART: o.flamechart = 1; break;
        case OPT_NEGATE: o.negate = 1; break;
        case OPT_TOTAL: o.total = parse_number("total", optarg); break;
        case OPT_FACTOR: o.factor = parse_number("factor", optarg); break;
        case OPT_ENCODING: o.encoding = optarg; break;
        case OPT_NOTES: o.notes = optarg; break;
        case OPT_NAMEATTR: o.name_attr_path = optarg; break;
        case OPT_FORMAT: format_name = optarg; break;
        case 'o': output = optarg; break;
        case OPT_SCALE: o.scale = parse_number("scale", optarg); break;
        case OPT_QUIET: quiet = 1; break;
        case OPT_DIFF: diff = 1; break;
        case OPT_DETERMINISTIC: deterministic = 1; break;
        case OPT_HELP:
            free(settings);
            fputs(usage_text, stdout);
            return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_FAIL;
        case OPT_VERSION:
            free(settings);
            printf(PROG " %s (libflame %s)\n", FLAME_VERSION_STRING, flame_version());
            return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_FAIL;
        case ':':
            die_usage("option '%s' needs a value", argv[optind - 1]);
            break;
        default: {
            const struct keyed *k = keyed_for(c);
            if (!k)
                die_usage("unknown option '%s'", argv[optind - 1]);
            settings[nsettings].k = k;
            settings[nsettings++].value = optarg;
            if (c == OPT_NORMALIZE || c == OPT_DIFF_WIDTHS)
                diff_only = c;
            if (c == OPT_SORT)
                sort = optarg;
            break;
        }
        }
    }
    if (sort && strcmp(sort, "weight") == 0 && o.flamechart)
        die_usage("%s", "--sort weight cannot be used with --flamechart, which keeps time order");
    if (deterministic && o.color_mode == FLAME_COLOR_RANDOM)
        die_usage("%s", "--deterministic and --random contradict each other");

    if (diff_only && !diff)
        die_usage("%s needs --diff", diff_only == OPT_NORMALIZE ? "--normalize" : "--diff-widths");
    if (diff && argc - optind != 2)
        die_usage("%s", "--diff needs two inputs, BEFORE and AFTER");
    if (diff && strcmp(argv[optind], "-") == 0 && strcmp(argv[optind + 1], "-") == 0)
        die_usage("%s", "--diff: only one of BEFORE and AFTER can be standard input");

    flame_format fmt = FLAME_FORMAT_SVG;
    if (format_name) {
        if (format_from_name(format_name, &fmt) != 0)
            die_usage("unknown --format '%s' (svg, html, png, pdf or folded)", format_name);
    } else if (output) {
        const char *dot = strrchr(output, '.');
        if (dot && (format_from_name(dot + 1, &fmt) != 0 || fmt == FLAME_FORMAT_FOLDED))
            fmt = FLAME_FORMAT_SVG;
    }
    if (!output) {
        /* Writing to a closed stdout could land in a file we open later. */
        if (fcntl(STDOUT_FILENO, F_GETFD) < 0) {
            fprintf(stderr, PROG ": standard output is closed\n");
            free(settings);
            return EXIT_FAIL;
        }
        if ((fmt == FLAME_FORMAT_PNG || fmt == FLAME_FORMAT_PDF) && isatty(STDOUT_FILENO)) {
            fprintf(stderr, PROG ": not writing %s to a terminal; use -o FILE or a redirection\n",
                    fmt == FLAME_FORMAT_PNG ? "PNG" : "PDF");
            free(settings);
            return EXIT_USAGE;
        }
    }

    flame_graph *g = flame_graph_new();
    if (!g) {
        fprintf(stderr, PROG ": out of memory\n");
        free(settings);
        return EXIT_FAIL;
    }
    flame_status st = flame_graph_set_options(g, &o);
    for (size_t i = 0; i < nsettings && st == FLAME_OK; i++) {
        const setting *set = &settings[i];
        if (set->k->kind == K_FLAG)
            st = flame_graph_set_int(g, set->k->key, 1);
        else if (set->k->kind == K_WHOLE)
            st = flame_graph_set_number(g, set->k->key,
                                        parse_integer(flame_option_name(set->k->key), set->value));
        else
            st = flame_graph_set_string(g, set->k->key, set->value);
    }
    /* The stacks as read are what folded output writes. */
    if (st == FLAME_OK && fmt == FLAME_FORMAT_FOLDED)
        st = flame_graph_set_int(g, FLAME_OPT_KEEP_STACKS, 1);
    free(settings);
    settings = NULL;
    if (st != FLAME_OK) {
        const char *detail = flame_graph_error(g);
        fprintf(stderr, PROG ": %s\n", *detail ? detail : flame_strerror(st));
        if (st == FLAME_ERR_OPTION)
            fprintf(stderr, "Try '" PROG " --help'.\n");
        flame_graph_free(g);
        return st == FLAME_ERR_IO || st == FLAME_ERR_NOMEM ? EXIT_FAIL : EXIT_USAGE;
    }
    if (!quiet && isatty(STDERR_FILENO))
        flame_graph_set_progress(g, on_progress, &reading);

    if (optind >= argc) {
        st = read_input(g, "-");
        progress_done(&reading);
        /* Input that cannot be read (malformed JSON) fails as a file does:
         * status 1, not a usage error. */
        if (st != FLAME_OK) {
            fail(g, st, "cannot read standard input");
            return EXIT_FAIL;
        }
    }
    for (int i = optind; i < argc; i++) {
        if (diff)
            st = flame_graph_set_side(g, i == optind ? FLAME_SIDE_BEFORE : FLAME_SIDE_AFTER);
        if (st == FLAME_OK)
            st = read_input(g, argv[i]);
        if (st != FLAME_OK) {
            flame_graph_free(g);
            return EXIT_FAIL;
        }
    }

    size_t shown = 0;
    st = flame_graph_layout(g);
    print_messages(g, &shown);
    if (st == FLAME_ERR_NO_SAMPLES)
        fprintf(stderr, "ERROR: %s\n", flame_graph_error(g));
    else if (st != FLAME_OK)
        return fail(g, st, NULL);

    flame_status rst;
    if (output) {
        rst = render_to_path(g, fmt, output);
    } else {
        rst = flame_graph_render_file(g, fmt, stdout);
        if ((rst == FLAME_OK || rst == FLAME_ERR_NO_SAMPLES) && fclose(stdout) != 0) {
            fprintf(stderr, PROG ": write error: %s\n", strerror(errno));
            flame_graph_free(g);
            return EXIT_FAIL;
        }
        if (rst == FLAME_ERR_IO)
            fprintf(stderr, PROG ": write error: %s\n", flame_graph_error(g));
    }
    print_messages(g, &shown);
    if (rst == FLAME_ERR_IO) {
        flame_graph_free(g);
        return EXIT_FAIL;
    }
    if (rst != FLAME_OK && rst != FLAME_ERR_NO_SAMPLES)
        return fail(g, rst, "cannot render");
    flame_graph_free(g);
    return rst == FLAME_ERR_NO_SAMPLES ? EXIT_NO_SAMPLES : EXIT_OK;
}
