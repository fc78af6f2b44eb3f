/* test_graph.c - the public API of include/flame.h, end to end. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flame.h"
#include "xmlcheck.h"

static int has_warning(const flame_graph *g, const char *text)
{
    for (size_t i = 0; i < flame_graph_warning_count(g); i++)
        if (strstr(flame_graph_warning(g, i), text))
            return 1;
    return 0;
}

static flame_graph *graph_from(const char *input)
{
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(flame_graph_read_buffer(g, input, strlen(input), "test"), FLAME_OK);
    return g;
}

START_TEST(version_and_strerror)
{
    ck_assert_str_eq(flame_version(), FLAME_VERSION_STRING);
    for (int s = 0; s <= 9; s++) {
        ck_assert_ptr_nonnull(flame_strerror((flame_status)s));
        ck_assert_uint_gt(strlen(flame_strerror((flame_status)s)), 0);
    }
    ck_assert_ptr_nonnull(flame_strerror((flame_status)1234));
    ck_assert_str_ne(flame_strerror(FLAME_OK), flame_strerror(FLAME_ERR_NO_SAMPLES));
}
END_TEST

START_TEST(null_handles)
{
    flame_graph_free(NULL);
    flame_free(NULL);
    ck_assert_int_eq(flame_graph_layout(NULL), FLAME_ERR_ARG);
    ck_assert_uint_eq(flame_graph_frame_count(NULL), 0);
    ck_assert_int_eq(flame_graph_add_line(NULL, "a 1", 3), FLAME_ERR_ARG);
    ck_assert_str_eq(flame_graph_error(NULL), "");
    void *data = (void *)1;
    size_t len = 1;
    ck_assert_int_eq(flame_graph_render_memory(NULL, FLAME_FORMAT_SVG, &data, &len), FLAME_ERR_ARG);
}
END_TEST

START_TEST(end_to_end)
{
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    flame_options o;
    flame_options_init(&o);
    ck_assert_double_eq(o.width, 1200);
    ck_assert_double_eq(o.frame_height, 16);
    o.title = "My Graph";
    ck_assert_int_eq(flame_graph_set_options(g, &o), FLAME_OK);
    const char in[] = "main;work;leaf 60\nmain;idle 20\n";
    ck_assert_int_eq(flame_graph_read_buffer(g, in, sizeof in - 1, "in"), FLAME_OK);
    ck_assert_int_eq(flame_graph_add_line(g, "main;work 10\n", 13), FLAME_OK);
    const char *frames[] = {"main", "work", "other"};
    ck_assert_int_eq(flame_graph_add_stack(g, frames, 3, 10), FLAME_OK);
    ck_assert_uint_eq(flame_graph_frame_count(g), 0);     /* not laid out yet */
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);     /* idempotent */
    ck_assert_double_eq(flame_graph_total(g), 100);

    /* sorted: main;idle | main;work | main;work;leaf | main;work;other */
    static const char *const name[] = {"all", "main", "idle", "work", "leaf", "other"};
    static const unsigned depth[] = {0, 1, 2, 2, 3, 3};
    static const size_t parent[] = {0, 0, 1, 1, 3, 3};
    static const double start[] = {0, 0, 0, 20, 30, 90};
    static const double count[] = {100, 100, 20, 80, 60, 10};
    ck_assert_uint_eq(flame_graph_frame_count(g), 6);
    double w, h;
    flame_graph_size(g, &w, &h);
    ck_assert_double_eq(w, 1200);
    /* (depthmax+1)*16 + ypad1 36 + ypad2 34 */
    ck_assert_double_eq(h, 4 * 16 + 36 + 34);
    for (size_t i = 0; i < 6; i++) {
        flame_frame f;
        ck_assert_int_eq(flame_graph_frame(g, i, &f), FLAME_OK);
        ck_assert_uint_eq(f.name_len, strlen(name[i]));
        ck_assert_int_eq(memcmp(f.name, name[i], f.name_len), 0);
        ck_assert_uint_eq(f.depth, depth[i]);
        ck_assert_uint_eq(f.parent, parent[i]);
        ck_assert_double_eq(f.start, start[i]);
        ck_assert_double_eq(f.count, count[i]);
        ck_assert_int_eq(f.has_delta, 0);
        ck_assert_double_eq_tol(f.x, 10 + start[i] * 11.8, 1e-9);
        ck_assert_double_eq_tol(f.w, count[i] * 11.8, 1e-9);
        ck_assert_double_eq_tol(f.y, h - 34 - (depth[i] + 1) * 16 + 1, 1e-9);
        ck_assert_double_eq_tol(f.h, 15, 1e-9);
    }
    flame_frame f;
    ck_assert_int_eq(flame_graph_frame(g, 1, &f), FLAME_OK);
    ck_assert(f.r == 243 && f.g == 179 && f.b == 42);     /* seeded hot "main" */
    ck_assert_int_eq(flame_graph_frame(g, 6, &f), FLAME_ERR_ARG);

    void *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data, &len), FLAME_OK);
    ck_assert_ptr_nonnull(data);
    ck_assert(svg_well_formed(data, len));
    ck_assert_ptr_nonnull(memmem(data, len, "My Graph", 8));
    ck_assert_ptr_nonnull(memmem(data, len, "leaf (60 samples, 60.00%)", 25));
    ck_assert_ptr_nonnull(memmem(data, len, "all (100 samples, 100%)", 23));
    /* rendering again gives the same bytes */
    void *data2 = NULL;
    size_t len2 = 0;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data2, &len2), FLAME_OK);
    ck_assert_uint_eq(len, len2);
    ck_assert_int_eq(memcmp(data, data2, len), 0);
    flame_free(data);
    flame_free(data2);

    /* input after layout is a state error */
    ck_assert_int_eq(flame_graph_add_line(g, "x 1", 3), FLAME_ERR_STATE);
    ck_assert_str_ne(flame_graph_error(g), "");
    flame_graph_free(g);
}
END_TEST

START_TEST(no_samples)
{
    flame_graph *g = flame_graph_new();
    ck_assert_int_eq(flame_graph_layout(g), FLAME_ERR_NO_SAMPLES);
    ck_assert_str_eq(flame_graph_error(g), "No stack counts found");
    ck_assert_uint_eq(flame_graph_frame_count(g), 0);
    void *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data, &len),
                     FLAME_ERR_NO_SAMPLES);
    ck_assert_ptr_nonnull(data);
    ck_assert_uint_gt(len, 0);
    ck_assert(svg_well_formed(data, len));
    ck_assert_ptr_nonnull(memmem(data, len, "ERROR: No valid input provided", 30));
    flame_free(data);
    flame_graph_free(g);
}
END_TEST

START_TEST(only_invalid_lines)
{
    flame_graph *g = graph_from("no count\n.5\n\n");
    void *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data, &len),
                     FLAME_ERR_NO_SAMPLES);
    ck_assert(svg_well_formed(data, len));
    /* the empty line counts too, as in flamegraph.pl */
    ck_assert_uint_eq(flame_graph_ignored_lines(g), 3);
    ck_assert(has_warning(g, "Ignored 3 lines with invalid format"));
    flame_free(data);
    flame_graph_free(g);
}
END_TEST

static void ck_bad_option(void (*set)(flame_options *), const char *msg_part)
{
    flame_graph *g = flame_graph_new();
    flame_options o;
    flame_options_init(&o);
    set(&o);
    ck_assert_int_eq(flame_graph_set_options(g, &o), FLAME_ERR_OPTION);
    ck_assert_msg(strstr(flame_graph_error(g), msg_part) != NULL, "error '%s' lacks '%s'",
                  flame_graph_error(g), msg_part);
    /* the graph still works with its defaults */
    ck_assert_int_eq(flame_graph_add_line(g, "a 1", 3), FLAME_OK);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    double w;
    flame_graph_size(g, &w, NULL);
    ck_assert_double_eq(w, 1200);
    flame_graph_free(g);
}

static void o_width(flame_options *o) { o->width = 5; }
static void o_width_nan(flame_options *o) { o->width = 0.0 / 0.0; }
static void o_height(flame_options *o) { o->frame_height = 0; }
static void o_font(flame_options *o) { o->font_size = -1; }
static void o_palette(flame_options *o) { o->palette = "rainbow"; }
static void o_bg(flame_options *o) { o->bg_colors = "pink"; }
static void o_factor(flame_options *o) { o->factor = 0; }
static void o_total(flame_options *o) { o->total = -1; }
static void o_mode(flame_options *o) { o->color_mode = (flame_color_mode)7; }
static void o_notes(flame_options *o) { o->notes = "a -- b"; }
static void o_notes_lt(flame_options *o) { o->notes = "<script>"; }
static void o_fonttype(flame_options *o) { o->font_type = "x;}text{fill:red"; }
static void o_encoding(flame_options *o) { o->encoding = "no-such-encoding-xyz"; }
static void o_minwidth(flame_options *o) { o->min_width = 150; o->min_width_percent = 1; }

START_TEST(bad_options)
{
    ck_bad_option(o_width, "--width");
    ck_bad_option(o_width_nan, "--width");
    ck_bad_option(o_height, "--height");
    ck_bad_option(o_font, "--fontsize");
    ck_bad_option(o_palette, "rainbow");
    ck_bad_option(o_bg, "pink");
    ck_bad_option(o_factor, "--factor");
    ck_bad_option(o_total, "--total");
    ck_bad_option(o_mode, "colour mode");
    ck_bad_option(o_notes, "--notes");
    ck_bad_option(o_notes_lt, "--notes");
    ck_bad_option(o_fonttype, "--fonttype");
    ck_bad_option(o_encoding, "--encoding");
    ck_bad_option(o_minwidth, "--minwidth");
}
END_TEST

START_TEST(options_after_input)
{
    flame_graph *g = graph_from("a 1\n");
    flame_options o;
    flame_options_init(&o);
    ck_assert_int_eq(flame_graph_set_options(g, &o), FLAME_ERR_STATE);
    ck_assert_str_ne(flame_graph_error(g), "");
    flame_graph_free(g);
}
END_TEST

START_TEST(options_strings_copied)
{
    flame_graph *g = flame_graph_new();
    flame_options o;
    flame_options_init(&o);
    char title[] = "Copied Title";
    o.title = title;
    ck_assert_int_eq(flame_graph_set_options(g, &o), FLAME_OK);
    memcpy(title, "XXXXXXXXXXXX", 12);
    ck_assert_int_eq(flame_graph_add_line(g, "a 1", 3), FLAME_OK);
    void *data;
    size_t len;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data, &len), FLAME_OK);
    ck_assert_ptr_nonnull(memmem(data, len, "Copied Title", 12));
    ck_assert_ptr_null(memmem(data, len, "XXXXXXXXXXXX", 12));
    flame_free(data);
    flame_graph_free(g);
}
END_TEST

START_TEST(warnings)
{
    flame_graph *g = graph_from("a;b 10\nnot valid\nc 5\n.5\nd 1.2.3\n");
    ck_assert_int_eq(flame_graph_add_line(g, "also bad", 8), FLAME_OK);
    ck_assert_uint_eq(flame_graph_ignored_lines(g), 4);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert(has_warning(g, "Ignored 4 lines with invalid format"));
    ck_assert(has_warning(g, "Stack count is low (15)"));
    ck_assert_ptr_null(flame_graph_warning(g, flame_graph_warning_count(g)));
    ck_assert_uint_eq(flame_graph_frame_count(g), 4);
    flame_graph_free(g);
}
END_TEST

START_TEST(no_warnings_for_clean_input)
{
    flame_graph *g = graph_from("a;b 100\nc 50\n");
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert_uint_eq(flame_graph_warning_count(g), 0);
    ck_assert_uint_eq(flame_graph_ignored_lines(g), 0);
    flame_graph_free(g);
}
END_TEST

START_TEST(total_smaller_warns)
{
    flame_graph *g = flame_graph_new();
    flame_options o;
    flame_options_init(&o);
    o.total = 50;
    ck_assert_int_eq(flame_graph_set_options(g, &o), FLAME_OK);
    ck_assert_int_eq(flame_graph_add_line(g, "a 200", 5), FLAME_OK);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert(has_warning(g, "Specified --total 50 is less than actual total 200, so ignored"));
    ck_assert_double_eq(flame_graph_total(g), 200);
    flame_graph_free(g);

    g = flame_graph_new();
    o.total = 400;
    ck_assert_int_eq(flame_graph_set_options(g, &o), FLAME_OK);
    ck_assert_int_eq(flame_graph_add_line(g, "a 200", 5), FLAME_OK);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert_double_eq(flame_graph_total(g), 400);
    flame_frame f;
    ck_assert_int_eq(flame_graph_frame(g, 1, &f), FLAME_OK);
    ck_assert_double_eq_tol(f.w, 590, 1e-9);
    flame_graph_free(g);
}
END_TEST

START_TEST(add_line_and_stack_args)
{
    flame_graph *g = flame_graph_new();
    ck_assert_int_eq(flame_graph_add_line(g, "a 1\nb 2", 7), FLAME_ERR_ARG);
    const char *bad1[] = {"a", "b;c"};
    ck_assert_int_eq(flame_graph_add_stack(g, bad1, 2, 1), FLAME_ERR_ARG);
    const char *bad2[] = {"a\nb"};
    ck_assert_int_eq(flame_graph_add_stack(g, bad2, 1, 1), FLAME_ERR_ARG);
    const char *ok[] = {"a b", "c  "};
    ck_assert_int_eq(flame_graph_add_stack(g, ok, 2, -1), FLAME_ERR_ARG);
    ck_assert_int_eq(flame_graph_add_stack(g, ok, 2, 2.5), FLAME_OK);
    ck_assert_int_eq(flame_graph_add_stack(g, ok, 2, 1e20), FLAME_OK);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert_uint_eq(flame_graph_frame_count(g), 3);
    flame_frame f;
    ck_assert_int_eq(flame_graph_frame(g, 2, &f), FLAME_OK);
    ck_assert_uint_eq(f.name_len, 3);
    ck_assert_int_eq(memcmp(f.name, "c  ", 3), 0);     /* spaces kept */
    ck_assert_double_eq(f.count, 1e20 + 2.5);
    flame_graph_free(g);
}
END_TEST

START_TEST(differential)
{
    flame_graph *g = graph_from("a;b 10 30\na;c 20 5\na 1 1\n");
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert_double_eq(flame_graph_total(g), 36);
    ck_assert_uint_eq(flame_graph_frame_count(g), 4);
    flame_frame f;
    ck_assert_int_eq(flame_graph_frame(g, 1, &f), FLAME_OK);     /* a */
    ck_assert_int_ne(f.has_delta, 0);
    ck_assert_double_eq(f.delta, 0);
    ck_assert_int_eq(flame_graph_frame(g, 2, &f), FLAME_OK);     /* b */
    ck_assert_int_eq(memcmp(f.name, "b", 1), 0);
    ck_assert_double_eq(f.delta, 20);
    ck_assert_double_eq(f.count, 30);
    ck_assert(f.r == 255 && f.g == 0 && f.b == 0);      /* largest growth */
    ck_assert_int_eq(flame_graph_frame(g, 3, &f), FLAME_OK);     /* c */
    ck_assert_double_eq(f.delta, -15);
    ck_assert(f.b == 255 && f.r == f.g && f.r == 52);   /* 210*(20-15)/20 */
    void *data;
    size_t len;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data, &len), FLAME_OK);
    ck_assert(svg_well_formed(data, len));
    flame_free(data);
    flame_graph_free(g);
}
END_TEST

static int failing_writer(void *ctx, const void *data, size_t len)
{
    (void)data;
    size_t *budget = ctx;
    if (len > *budget)
        return -1;
    *budget -= len;
    return 0;
}

START_TEST(writer_failure)
{
    flame_graph *g = graph_from("a;b 5\n");
    size_t budget = 100;
    ck_assert_int_eq(flame_graph_render(g, FLAME_FORMAT_SVG, failing_writer, &budget),
                     FLAME_ERR_IO);
    flame_graph_free(g);
}
END_TEST

/* ---- threads --------------------------------------------------------- */

#define NTHREADS 8

typedef struct job {
    int id;
    void *data;
    size_t len;
    flame_status st;
} job;

static void render_job(job *j)
{
    static const char *const pals[] = {"hot", "mem", "io", "java", "js", "perl", "chain", "aqua"};
    flame_graph *g = flame_graph_new();
    flame_options o;
    flame_options_init(&o);
    o.palette = pals[j->id % 8];
    o.color_mode = j->id % 3 == 0 ? FLAME_COLOR_RANDOM : j->id % 3 == 1 ? FLAME_COLOR_HASH
                                                                         : FLAME_COLOR_SEEDED;
    o.random_seed = (unsigned long)j->id * 7919u;
    o.inverted = j->id & 1;
    j->st = flame_graph_set_options(g, &o);
    if (j->st != FLAME_OK)
        goto out;
    char line[256];
    unsigned x = (unsigned)j->id * 2654435761u + 1;
    for (int i = 0; i < 3000 && j->st == FLAME_OK; i++) {
        x = x * 1103515245u + 12345u;
        int n = snprintf(line, sizeof line, "main;mod%u::f%u;sub_%u;leaf%u%s %u\n", x % 5,
                         (x >> 8) % 13, (x >> 12) % 29, (x >> 16) % 41, i % 17 ? "" : "_[k]",
                         1 + (x >> 20) % 50);
        j->st = flame_graph_read_buffer(g, line, (size_t)n, NULL);
    }
    if (j->st == FLAME_OK)
        j->st = flame_graph_render_memory(g, FLAME_FORMAT_SVG, &j->data, &j->len);
out:
    flame_graph_free(g);
}

static void *thread_main(void *arg)
{
    render_job(arg);
    return NULL;
}

START_TEST(threads_same_bytes)
{
    job seq[NTHREADS], par[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        seq[i] = (job){i, NULL, 0, FLAME_OK};
        par[i] = (job){i, NULL, 0, FLAME_OK};
        render_job(&seq[i]);
        ck_assert_int_eq(seq[i].st, FLAME_OK);
        ck_assert(svg_well_formed(seq[i].data, seq[i].len));
    }
    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, thread_main, &par[i]), 0);
    for (int i = 0; i < NTHREADS; i++)
        ck_assert_int_eq(pthread_join(th[i], NULL), 0);
    for (int i = 0; i < NTHREADS; i++) {
        ck_assert_int_eq(par[i].st, FLAME_OK);
        ck_assert_msg(par[i].len == seq[i].len && memcmp(par[i].data, seq[i].data, seq[i].len) == 0,
                      "graph %d differs when rendered in a thread", i);
        if (i > 0)
            ck_assert(seq[i].len != seq[0].len || memcmp(seq[i].data, seq[0].data, seq[0].len));
        flame_free(seq[i].data);
        flame_free(par[i].data);
    }
}
END_TEST

static Suite *graph_suite(void)
{
    Suite *s = suite_create("graph");
    TCase *tc = tcase_create("api");
    tcase_add_test(tc, version_and_strerror);
    tcase_add_test(tc, null_handles);
    tcase_add_test(tc, end_to_end);
    tcase_add_test(tc, no_samples);
    tcase_add_test(tc, only_invalid_lines);
    tcase_add_test(tc, bad_options);
    tcase_add_test(tc, options_after_input);
    tcase_add_test(tc, options_strings_copied);
    tcase_add_test(tc, warnings);
    tcase_add_test(tc, no_warnings_for_clean_input);
    tcase_add_test(tc, total_smaller_warns);
    tcase_add_test(tc, add_line_and_stack_args);
    tcase_add_test(tc, differential);
    tcase_add_test(tc, writer_failure);
    suite_add_tcase(s, tc);
    tc = tcase_create("threads");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, threads_same_bytes);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(graph_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
