/*
 * test_stream.c - the fast input path gives the same graph as the simple one.
 *
 * The simple path (fl_graph_simple) keeps every line, sorts them all and
 * keeps every frame until layout.  The fast path merges sorted input as it
 * streams, drops narrow frames early, and reads the input again when a line
 * is out of order (from the file, or from the bytes it kept in memory or in
 * a temporary file).  Every way of feeding input, on every fixture and a
 * set of option combinations, must give byte-identical SVG.
 */
#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph.h"

typedef enum feed {
    FEED_FD, FEED_FILE, FEED_BUFFER, FEED_LINES, FEED_PIPE, FEED_SIMPLE,
    FEED_THREADS2, FEED_THREADS8     /* a file in parts of a byte or more, on 2 or 8 threads */
} feed;

typedef struct text { char *data; size_t len; } text;

static text read_whole(const char *path)
{
    text t = {0};
    FILE *fp = fopen(path, "rb");
    ck_assert_msg(fp != NULL, "cannot open %s", path);
    fl_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        ck_assert_int_eq(fl_buf_append(&b, chunk, n), 0);
    fclose(fp);
    t.data = b.data ? b.data : calloc(1, 1);
    t.len = b.len;
    return t;
}

typedef struct pipe_job { int fd; text in; } pipe_job;

static void *write_pipe(void *arg)
{
    pipe_job *j = arg;
    size_t off = 0;
    while (off < j->in.len) {
        ssize_t w = write(j->fd, j->in.data + off, j->in.len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    close(j->fd);
    return NULL;
}

/* Render path's contents fed one way; returns the SVG (or "status N"). */
static text render(const char *path, const flame_options *o, int weight, feed how)
{
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(flame_graph_set_options(g, o), FLAME_OK);
    if (weight)
        ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_SORT, FLAME_SORT_WEIGHT), FLAME_OK);
    text in = read_whole(path);
    flame_status st = FLAME_OK;
    if (how == FEED_SIMPLE) {
        fl_graph_simple(g);
        st = flame_graph_read_buffer(g, in.data, in.len, path);
    } else if (how == FEED_FD || how == FEED_THREADS2 || how == FEED_THREADS8) {
        ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_THREADS,
                                             how == FEED_FD ? 1 : how == FEED_THREADS2 ? 2 : 8),
                         FLAME_OK);
        if (how != FEED_FD)
            fl_graph_part_min(g, 1);
        int fd = open(path, O_RDONLY);
        ck_assert_int_ge(fd, 0);
        st = flame_graph_read_fd(g, fd, path);
        close(fd);
    } else if (how == FEED_FILE) {
        FILE *fp = fopen(path, "rb");
        ck_assert_ptr_nonnull(fp);
        /* A caller that read the first line itself pushes it, then hands
         * over the FILE with bytes already in stdio's buffer. */
        char first[4096];
        if (fgets(first, sizeof first, fp))
            st = flame_graph_add_line(g, first, strlen(first));
        if (st == FLAME_OK)
            st = flame_graph_read_file(g, fp, path);
        fclose(fp);
    } else if (how == FEED_BUFFER) {
        st = flame_graph_read_buffer(g, in.data, in.len, path);
    } else if (how == FEED_LINES) {
        const char *p = in.data, *end = in.data + in.len;
        while (p < end && st == FLAME_OK) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            st = flame_graph_add_line(g, p, n);
            p += n + 1;
        }
    } else {
        int fds[2];
        ck_assert_int_eq(pipe(fds), 0);
        pipe_job job = {fds[1], in};
        pthread_t t;
        ck_assert_int_eq(pthread_create(&t, NULL, write_pipe, &job), 0);
        st = flame_graph_read_fd(g, fds[0], "pipe");
        pthread_join(t, NULL);
        close(fds[0]);
    }
    free(in.data);
    text out = {0};
    if (st == FLAME_OK)
        st = flame_graph_layout(g);
    void *svg = NULL;
    if (st == FLAME_OK)
        st = flame_graph_render_memory(g, FLAME_FORMAT_SVG, &svg, &out.len);
    if (st == FLAME_OK) {
        out.data = svg;
    } else {
        out.data = malloc(64);
        out.len = (size_t)snprintf(out.data, 64, "status %d", (int)st);
    }
    flame_graph_free(g);
    return out;
}

static const char *const inputs[] = {
    "fixtures/compat/inputs/example-perf.folded",
    "fixtures/compat/inputs/example-dtrace.folded",
    "fixtures/compat/inputs/differential.folded",
    "fixtures/compat/inputs/edge-cases.folded",
    "fixtures/compat/inputs/timeline.folded",
    "fixtures/compat/inputs/empty.folded",
    "build/tests/stream-shuffled.folded",
    "build/tests/stream-zero.folded",
    "build/tests/stream-big.folded",
    "build/tests/stream-sorted.folded",
    "build/tests/stream-open-end.folded",
    "build/tests/stream-fraction.folded",
    "build/tests/stream-split.folded",
};
#define NINPUTS (sizeof inputs / sizeof inputs[0])

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, so read in parts: names that are prefixes of others ("f1",
 * "f12"), frames with samples of their own, zero counts, a long line. */
static void make_sorted(void)
{
    enum { N = 5000 };
    char *lines[N];
    unsigned seed = 11;
    for (int i = 0; i < N; i++) {
        char buf[700];
        int n = snprintf(buf, sizeof buf, "main");
        seed = seed * 1103515245u + 12345u;
        int depth = 1 + (int)((seed >> 9) % 6);
        for (int d = 0; d < depth; d++) {
            seed = seed * 1103515245u + 12345u;
            n += snprintf(buf + n, sizeof buf - (size_t)n, ";f%u", (seed >> 10) % (d ? 13 : 3));
        }
        if (i == N / 2)
            n += snprintf(buf + n, sizeof buf - (size_t)n, ";%0500d", 7);
        seed = seed * 1103515245u + 12345u;
        snprintf(buf + n, sizeof buf - (size_t)n, " %u", (seed >> 12) % 11 == 0 ? 0 : 1 + (seed >> 14) % 90);
        lines[i] = strdup(buf);
    }
    qsort(lines, N, sizeof lines[0], cmp_line);
    FILE *fp = fopen("build/tests/stream-sorted.folded", "w");
    ck_assert_ptr_nonnull(fp);
    for (int i = 0; i < N; i++) {
        fprintf(fp, "%s\n", lines[i]);
        free(lines[i]);
    }
    fclose(fp);
}

/* Generated inputs: shuffled lines, zero counts mid-way (which stop the
 * early dropping), and one larger than what is kept in memory for a
 * second reading (so it goes through the temporary file). */
static void make_inputs(void)
{
    FILE *fp = fopen("build/tests/stream-shuffled.folded", "w");
    ck_assert_ptr_nonnull(fp);
    unsigned seed = 7;
    for (int i = 0; i < 3000; i++) {
        seed = seed * 1103515245u + 12345u;
        fprintf(fp, "main;f%u;g%u;h%u %u\n", (seed >> 8) % 7, (seed >> 12) % 13,
                (seed >> 16) % 29, 1 + (seed >> 20) % 50);
    }
    fclose(fp);

    fp = fopen("build/tests/stream-zero.folded", "w");
    ck_assert_ptr_nonnull(fp);
    for (int i = 0; i < 2000; i++) {
        fprintf(fp, "a;b%04d;c %d\n", i, i % 3 ? 1 + i % 17 : 0);
        if (i % 500 == 0)
            fprintf(fp, "a;b%04d 0\na;b%04d;c;d 0\n", i, i);
    }
    /* A zero-width x right after x at its depth: flamegraph.pl drops the
     * wide one, which the fast path must do although it drops the narrow. */
    fprintf(fp, "r;p;x 500\nr;p;x;y 300\nr;q;x 0\nr;s 40\n");
    fclose(fp);

    fp = fopen("build/tests/stream-big.folded", "w");
    ck_assert_ptr_nonnull(fp);
    char name[200];
    memset(name, 'x', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    for (int i = 0; i < 40000; i++)
        fprintf(fp, "root;%s%05d;leaf%d %d\n", name, i, i % 5, 1 + i % 9);
    fprintf(fp, "root;aaa 1\n");     /* out of order at the very end */
    fclose(fp);
    make_sorted();

    /* Out of order, a line without a count, the last line without a newline. */
    fp = fopen("build/tests/stream-open-end.folded", "w");
    ck_assert_ptr_nonnull(fp);
    fputs("b;c 4\na;b 2\n 5\nz;z 1\nno count\nx;y 3", fp);
    fclose(fp);

    /* Sorted, with counts whose sums round (read on one thread after all)
     * and one that swallows the others (1e30: beyond exact sums). */
    fp = fopen("build/tests/stream-fraction.folded", "w");
    ck_assert_ptr_nonnull(fp);
    for (int i = 0; i < 3000; i++)
        fprintf(fp, "main;f%04d;g %d.%d\n", i, 1 + i % 7, i % 10);
    fprintf(fp, "main;shrink 1000000000000000000000000000000\nmain;wri 5\nmain;writef 2.75\n");
    fclose(fp);

    /* Names split by flamegraph.pl's order (B, then B2 and "B (x.py:1)",
     * then B;x), whose parts are narrow alone but not together in weight
     * order, in byte order so that they stream. */
    enum { NBASE = 300, PER = 8 };
    static char lines[NBASE * PER][48];
    static const char *const forms[PER] = {
        "r;%s 6", "r;%s2;y 1", "r;%s (x.py:1);z 1", "r;%s;x 6", "r;%s:x 1",
        "r;q;%s 1", "r;q;%s2 1", "r;q;%s;w 2",
    };
    static const char *sorted[NBASE * PER];
    for (int b = 0; b < NBASE; b++) {
        char base[16];
        snprintf(base, sizeof base, "n%03d", b);
        for (int k = 0; k < PER; k++) {
            snprintf(lines[b * PER + k], sizeof lines[0], forms[k], base);
            sorted[b * PER + k] = lines[b * PER + k];
        }
    }
    qsort(sorted, NBASE * PER, sizeof sorted[0], cmp_line);
    fp = fopen("build/tests/stream-split.folded", "w");
    ck_assert_ptr_nonnull(fp);
    for (int i = 0; i < NBASE * PER; i++)
        fprintf(fp, "%s\n", sorted[i]);
    fclose(fp);
}

typedef void (*set_fn)(flame_options *o);
static void opt_default(flame_options *o) { (void)o; }
static void opt_reverse(flame_options *o) { o->reverse = 1; }
static void opt_flamechart(flame_options *o) { o->flamechart = 1; }
static void opt_minwidth(flame_options *o) { o->min_width = 5; }
static void opt_percent(flame_options *o) { o->min_width = 1; o->min_width_percent = 1; }
static void opt_chain(flame_options *o) { o->palette = "chain"; }
static void opt_total(flame_options *o) { o->total = 1e7; }
static void opt_keep_all(flame_options *o) { o->min_width = 0; o->inverted = 1; }
static void opt_minwidth2(flame_options *o) { o->min_width = 2; }
static void opt_reverse_percent(flame_options *o)
{
    o->reverse = 1;
    o->min_width = 0.5;
    o->min_width_percent = 1;
}
static const struct {
    set_fn fn;
    int weight;                  /* --sort weight */
} option_sets[] = {
    {opt_default, 0}, {opt_reverse, 0}, {opt_flamechart, 0}, {opt_minwidth, 0},
    {opt_percent, 0}, {opt_chain, 0}, {opt_total, 0}, {opt_keep_all, 0},
    {opt_default, 1}, {opt_minwidth2, 1}, {opt_reverse_percent, 1}, {opt_chain, 1},
    {opt_keep_all, 1},
};
#define NSETS (sizeof option_sets / sizeof option_sets[0])

START_TEST(fast_paths_match_simple)
{
    size_t input = (size_t)_i / NSETS, set = (size_t)_i % NSETS;
    if (input == 0 && set == 0)
        make_inputs();
    flame_options o;
    flame_options_init(&o);
    option_sets[set].fn(&o);
    int weight = option_sets[set].weight;
    const char *path = inputs[input];
    if (access(path, R_OK) != 0)
        make_inputs();
    text want = render(path, &o, weight, FEED_SIMPLE);
    static const feed ways[] = {FEED_FD,    FEED_FILE,     FEED_BUFFER,
                                FEED_LINES, FEED_PIPE,     FEED_THREADS2, FEED_THREADS8};
    for (size_t w = 0; w < sizeof ways / sizeof ways[0]; w++) {
        text got = render(path, &o, weight, ways[w]);
        ck_assert_msg(got.len == want.len && memcmp(got.data, want.data, got.len) == 0,
                      "%s, option set %zu, feed %d: %zu bytes differ from the simple "
                      "path's %zu", path, set, (int)ways[w], got.len, want.len);
        free(got.data);
    }
    free(want.data);
}
END_TEST

/* Without a usable temporary directory the bytes are kept in memory. */
START_TEST(no_temporary_directory)
{
    make_inputs();
    flame_options o;
    flame_options_init(&o);
    const char *path = "build/tests/stream-big.folded";
    text want = render(path, &o, 0, FEED_SIMPLE);
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("TMPDIR", "/nonexistent/libflame-test", 1);
    text got = render(path, &o, 0, FEED_BUFFER);
    if (saved) {
        setenv("TMPDIR", saved, 1);
        free(saved);
    } else {
        unsetenv("TMPDIR");
    }
    ck_assert(got.len == want.len && memcmp(got.data, want.data, got.len) == 0);
    free(got.data);
    free(want.data);
}
END_TEST

/* A file read again must not have changed: an error, not a mixed graph. */
START_TEST(file_changed_before_second_reading)
{
    const char *path = "build/tests/stream-changing.folded";
    FILE *fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("a;y 20\nb;x 10\n", fp);
    fclose(fp);
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    ck_assert_int_eq(flame_graph_read_file(g, fp, path), FLAME_OK);
    fclose(fp);
    fp = fopen(path, "w");
    ck_assert_ptr_nonnull(fp);
    fputs("q;q 99\nb;x 10\n", fp);
    fclose(fp);
    /* Out of order: the file must be read again, and it has changed. */
    ck_assert_int_eq(flame_graph_add_line(g, "a;a 5", 5), FLAME_ERR_IO);
    ck_assert_ptr_nonnull(strstr(flame_graph_error(g), "changed while being read"));
    ck_assert_int_eq(flame_graph_add_line(g, "z 1", 3), FLAME_ERR_IO);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_ERR_IO);
    ck_assert_ptr_nonnull(strstr(flame_graph_error(g), "changed while being read"));
    flame_graph_free(g);
    unlink(path);
}
END_TEST

/* Dropping narrow frames early keeps memory to the frames that matter. */
START_TEST(narrow_frames_dropped_early)
{
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    char line[64];
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(line, sizeof line, "main;w%06d;x 1", i);
        ck_assert_int_eq(flame_graph_add_line(g, line, (size_t)n), FLAME_OK);
    }
    /* Sorted input, each 1/100000 of the total: nearly all are dropped. */
    ck_assert_uint_lt(g->merge.nframes, 30000);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert_uint_eq(flame_graph_frame_count(g), 2);   /* all, main */
    flame_graph_free(g);
}
END_TEST

/* So does weight order, which keeps only the parts that may get another. */
START_TEST(narrow_frames_dropped_early_weight)
{
    for (int split = 0; split <= 1; split++) {
        flame_graph *g = flame_graph_new();
        ck_assert_ptr_nonnull(g);
        ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_SORT, "weight"), FLAME_OK);
        char line[64];
        for (int i = 0; i < 100000; i++) {
            /* split: w%06d has a leaf part first, then w%06d2, then w%06d;x */
            int n = split ? snprintf(line, sizeof line, "main;w%06d 1", i)
                          : snprintf(line, sizeof line, "main;w%06d;x 1", i);
            ck_assert_int_eq(flame_graph_add_line(g, line, (size_t)n), FLAME_OK);
            if (split) {
                n = snprintf(line, sizeof line, "main;w%06d2 1", i);
                ck_assert_int_eq(flame_graph_add_line(g, line, (size_t)n), FLAME_OK);
                n = snprintf(line, sizeof line, "main;w%06d;x 1", i);
                ck_assert_int_eq(flame_graph_add_line(g, line, (size_t)n), FLAME_OK);
            }
        }
        /* of a split name only the first part, a leaf that waited for
         * the others, stays */
        ck_assert_uint_lt(g->merge.nframes, split ? 130000 : 30000);
        ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
        ck_assert_uint_eq(flame_graph_frame_count(g), 2);
        flame_graph_free(g);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stream");
    TCase *tc = tcase_create("stream");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, fast_paths_match_simple, 0, (int)(NINPUTS * NSETS));
    tcase_add_test(tc, narrow_frames_dropped_early);
    tcase_add_test(tc, narrow_frames_dropped_early_weight);
    tcase_add_test(tc, no_temporary_directory);
    tcase_add_test(tc, file_changed_before_second_reading);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
