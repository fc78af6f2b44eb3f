/*
 * hostile_api.c - the edges of libflame's API, called the way a careless or
 * hostile caller would: NULLs, wrong order, bytes past the given length,
 * writers that fail, counts that are not numbers.  Every call must return a
 * status (with a message where the API promises one); none may crash, read
 * outside what it was given, or print.
 *
 * Prints "ok LABEL" or "not ok LABEL: why" per check, for
 * tests/hostile/run.sh; exits 1 when any failed.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "flame.h"

static int failed;

static void check(int cond, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void check(int cond, const char *label, const char *fmt, ...)
{
    if (cond) {
        printf("ok %s\n", label);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    printf("not ok %s: ", label);
    vprintf(fmt, ap);
    putchar('\n');
    va_end(ap);
    failed = 1;
}

static flame_graph *graph(void)
{
    flame_graph *g = flame_graph_new();
    if (!g) {
        printf("not ok api-new: out of memory\n");
        exit(1);
    }
    return g;
}

/* flame_graph_add_line() reads len bytes, not up to a terminator: the
 * bytes after the line are digits here, which must not join the count. */
static void add_line_len(void)
{
    static const char *const tails[] = {"999", "e300", ".5", "0\n", "9 9"};
    int good = 1;
    char detail[256] = "";
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "main;a 5%s", tails[i]);
        flame_graph *g = graph();
        flame_status st = flame_graph_add_line(g, buf, 8);       /* "main;a 5" */
        if (st == FLAME_OK)
            st = flame_graph_layout(g);
        double total = flame_graph_total(g);
        if (st != FLAME_OK || total != 5) {
            good = 0;
            snprintf(detail, sizeof detail, "line \"main;a 5\" followed by \"%s\": status %d, total %g",
                     tails[i], st, total);
        }
        flame_graph_free(g);
    }
    /* Differential: the same for the second count. */
    flame_graph *g = graph();
    flame_status st = flame_graph_add_line(g, "main;a 2 5777", 10);  /* "main;a 2 5" */
    if (st == FLAME_OK)
        st = flame_graph_layout(g);
    if (st != FLAME_OK || flame_graph_total(g) != 5) {
        good = 0;
        snprintf(detail, sizeof detail, "differential \"main;a 2 5\" followed by \"777\": total %g",
                 flame_graph_total(g));
    }
    flame_graph_free(g);
    check(good, "api-add-line-len", "%s", detail);
}

static void null_graph(void)
{
    flame_graph_free(NULL);
    flame_options o;
    flame_options_init(&o);
    void *data = (void *)1;
    size_t len = 1;
    flame_frame f;
    int good = flame_graph_set_options(NULL, &o) == FLAME_ERR_ARG &&
               flame_graph_read_buffer(NULL, "a 1", 3, NULL) == FLAME_ERR_ARG &&
               flame_graph_read_file(NULL, stdin, NULL) == FLAME_ERR_ARG &&
               flame_graph_read_fd(NULL, 0, NULL) == FLAME_ERR_ARG &&
               flame_graph_add_line(NULL, "a 1", 3) == FLAME_ERR_ARG &&
               flame_graph_add_stack(NULL, NULL, 0, 1) == FLAME_ERR_ARG &&
               flame_graph_layout(NULL) == FLAME_ERR_ARG &&
               flame_graph_frame_count(NULL) == 0 && flame_graph_frame(NULL, 0, &f) == FLAME_ERR_ARG &&
               flame_graph_total(NULL) == 0 &&
               flame_graph_render(NULL, FLAME_FORMAT_SVG, NULL, NULL) == FLAME_ERR_ARG &&
               flame_graph_render_file(NULL, FLAME_FORMAT_SVG, stdout) == FLAME_ERR_ARG &&
               flame_graph_render_memory(NULL, FLAME_FORMAT_SVG, &data, &len) == FLAME_ERR_ARG &&
               data == NULL && len == 0 &&
               strcmp(flame_graph_error(NULL), "") == 0 && flame_graph_warning_count(NULL) == 0 &&
               flame_graph_warning(NULL, 0) == NULL && flame_graph_ignored_lines(NULL) == 0;
    double w = -1, h = -1;
    flame_graph_size(NULL, &w, &h);
    flame_graph_size(NULL, NULL, NULL);
    good = good && w == 0 && h == 0;
    flame_free(NULL);
    check(good, "api-null-graph", "a function misbehaved on a NULL graph");
}

static void null_args(void)
{
    void *data = (void *)1;
    size_t len = 1;
    flame_graph *g = graph();
    int good = flame_graph_set_options(g, NULL) == FLAME_ERR_ARG &&
           flame_graph_read_buffer(g, NULL, 5, NULL) == FLAME_ERR_ARG &&
           flame_graph_read_file(g, NULL, NULL) == FLAME_ERR_ARG &&
           flame_graph_add_line(g, NULL, 3) == FLAME_ERR_ARG &&
           flame_graph_add_stack(g, NULL, 2, 1) == FLAME_ERR_ARG &&
           flame_graph_render_memory(g, FLAME_FORMAT_SVG, NULL, &len) == FLAME_ERR_ARG &&
           flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data, NULL) == FLAME_ERR_ARG &&
           flame_graph_render_file(g, FLAME_FORMAT_SVG, NULL) == FLAME_ERR_ARG &&
           flame_graph_render(g, FLAME_FORMAT_SVG, NULL, NULL) == FLAME_ERR_ARG;
    check(good, "api-null-args", "a NULL argument was not FLAME_ERR_ARG");
    flame_graph_free(g);
}

/* No bytes at all, with no buffer: allowed ("!data && len" is the error). */
static void null_empty(void)
{
    flame_graph *g = graph();
    flame_status a = flame_graph_read_buffer(g, NULL, 0, NULL);
    flame_status b = flame_graph_add_line(g, NULL, 0);
    flame_status c = flame_graph_layout(g);
    check(a == FLAME_OK && b == FLAME_OK && c == FLAME_ERR_NO_SAMPLES, "api-null-empty",
          "statuses %d %d %d", a, b, c);
    flame_graph_free(g);
}

static void bad_counts_and_frames(void)
{
    static const double counts[] = {-1, NAN, INFINITY, -INFINITY, 1e308 * 10};
    int good = 1;
    flame_graph *g = graph();
    const char *frames[] = {"main", "a"};
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
        if (flame_graph_add_stack(g, frames, 2, counts[i]) != FLAME_ERR_ARG)
            good = 0;
    const char *semi[] = {"main", "a;b"};
    const char *nl[] = {"main", "a\nb"};
    const char *null[] = {"main", NULL};
    good = good && flame_graph_add_stack(g, semi, 2, 1) == FLAME_ERR_ARG &&
           flame_graph_add_stack(g, nl, 2, 1) == FLAME_ERR_ARG &&
           flame_graph_add_stack(g, null, 2, 1) == FLAME_ERR_ARG &&
           flame_graph_add_line(g, "a 1\nb 2", 7) == FLAME_ERR_ARG;
    check(good, "api-bad-stacks", "a bad count or frame was accepted");
    /* What was refused left nothing behind. */
    check(flame_graph_layout(g) == FLAME_ERR_NO_SAMPLES, "api-bad-stacks-empty",
          "refused stacks were added");
    flame_graph_free(g);

    /* Counts that fit a double but whose sum does not: a clear limit error. */
    char big[400];
    int n = snprintf(big, sizeof big, "main;a 17%0307d\n", 0);
    g = graph();
    good = flame_graph_read_buffer(g, big, (size_t)n, "big") == FLAME_OK &&
           flame_graph_read_buffer(g, big, (size_t)n, "big") == FLAME_OK;
    flame_status st = flame_graph_layout(g);
    check(good && st == FLAME_ERR_LIMIT && flame_graph_error(g)[0], "api-count-overflow",
          "status %d (%s)", st, flame_graph_error(g));
    flame_graph_free(g);
}

static void order(void)
{
    flame_graph *g = graph();
    flame_options o;
    flame_options_init(&o);
    flame_graph_add_line(g, "a 1", 3);
    int good = flame_graph_set_options(g, &o) == FLAME_ERR_STATE && flame_graph_error(g)[0];
    flame_status st = flame_graph_layout(g);
    good = good && st == FLAME_OK && flame_graph_layout(g) == FLAME_OK &&
           flame_graph_add_line(g, "b 1", 3) == FLAME_ERR_STATE &&
           flame_graph_read_buffer(g, "b 1", 3, NULL) == FLAME_ERR_STATE;
    flame_frame f;
    good = good && flame_graph_frame(g, flame_graph_frame_count(g), &f) == FLAME_ERR_ARG &&
           flame_graph_frame(g, (size_t)-1, &f) == FLAME_ERR_ARG &&
           flame_graph_frame(g, 0, NULL) == FLAME_ERR_ARG &&
           flame_graph_render(g, (flame_format)42, NULL, NULL) == FLAME_ERR_ARG;
    void *data;
    size_t len;
    good = good && flame_graph_render_memory(g, (flame_format)-1, &data, &len) == FLAME_ERR_ARG;
    check(good, "api-call-order", "a call out of order or out of range was accepted");
    flame_graph_free(g);

    /* Options the CLI never passes. */
    g = graph();
    flame_options_init(&o);
    o.color_mode = (flame_color_mode)7;
    st = flame_graph_set_options(g, &o);
    flame_options_init(&o);
    o.width = NAN;
    flame_status st2 = flame_graph_set_options(g, &o);
    flame_options_init(&o);
    o.min_width = -0.5;
    flame_status st3 = flame_graph_set_options(g, &o);
    flame_options_init(&o);
    o.scale = INFINITY;
    flame_status st4 = flame_graph_set_options(g, &o);
    check(st == FLAME_ERR_OPTION && st2 == FLAME_ERR_OPTION && st3 == FLAME_ERR_OPTION &&
          st4 == FLAME_ERR_OPTION && flame_graph_error(g)[0], "api-bad-options",
          "statuses %d %d %d %d", st, st2, st3, st4);
    flame_graph_free(g);
}

static int fail_after(void *ctx, const void *data, size_t len)
{
    (void)data;
    size_t *left = ctx;
    if (len > *left)
        return -1;
    *left -= len;
    return 0;
}

static void failing_writer(void)
{
    static const flame_format fmts[] = {FLAME_FORMAT_SVG, FLAME_FORMAT_PNG, FLAME_FORMAT_PDF};
    static const char *const names[] = {"svg", "png", "pdf"};
    for (int k = 0; k < 3; k++) {
        int good = 1;
        for (size_t budget = 0; budget < 40000 && good; budget = budget * 3 + 1) {
            flame_graph *g = graph();
            flame_graph_read_buffer(g, "main;a;b 5\nmain;c 7\n", 20, "api");
            size_t left = budget;
            flame_status st = flame_graph_render(g, fmts[k], fail_after, &left);
            if (st != FLAME_ERR_IO && !(st == FLAME_ERR_UNSUPPORTED && k))
                good = st == FLAME_OK && budget > 1000;     /* it all fit */
            else if (st == FLAME_ERR_IO && !flame_graph_error(g)[0])
                good = 0;
            flame_graph_free(g);
        }
        char label[64];
        snprintf(label, sizeof label, "api-failing-writer-%s", names[k]);
        check(good, label, "a writer that fails was not FLAME_ERR_IO with a message");
    }
}

static void bad_descriptors(void)
{
    flame_graph *g = graph();
    flame_status st = flame_graph_read_fd(g, -1, "bad");
    check(st == FLAME_ERR_IO && flame_graph_error(g)[0], "api-read-bad-fd", "status %d", st);
    flame_graph_free(g);
    g = graph();
    FILE *fp = fopen("/dev/null", "w");
    st = fp ? flame_graph_read_file(g, fp, "write-only") : FLAME_ERR_IO;
    check(st == FLAME_ERR_IO && flame_graph_error(g)[0], "api-read-write-only-file",
          "status %d", st);
    if (fp)
        fclose(fp);
    flame_graph_free(g);
}

/* Each group runs in a child of its own: a crash (an abort from a
 * sanitizer, a signal) is reported for that group and the others still run. */
static const struct {
    const char *label;
    void (*fn)(void);
} groups[] = {
    {"api-add-line-len", add_line_len},
    {"api-null-graph", null_graph},
    {"api-null-args", null_args},
    {"api-null-empty", null_empty},
    {"api-bad-stacks", bad_counts_and_frames},
    {"api-call-order", order},
    {"api-failing-writer", failing_writer},
    {"api-bad-descriptors", bad_descriptors},
};

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (size_t i = 0; i < sizeof groups / sizeof *groups; i++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            groups[i].fn();
            fflush(stdout);
            _exit(failed ? 3 : 0);    /* 3: failed checks, reported */
        }
        int status;
        if (waitpid(pid, &status, 0) < 0) {
            perror("waitpid");
            return 1;
        }
        if (WIFSIGNALED(status)) {
            printf("not ok %s: killed by signal %d\n", groups[i].label, WTERMSIG(status));
            failed = 1;
        } else if (WEXITSTATUS(status) == 3) {
            failed = 1;
        } else if (WEXITSTATUS(status) != 0) {
            /* A sanitizer's report (on standard error) ends the child. */
            printf("not ok %s: ended with status %d (a sanitizer report?)\n", groups[i].label,
                   WEXITSTATUS(status));
            failed = 1;
        }
    }
    return failed;
}
