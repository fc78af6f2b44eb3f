/* test_options.c - options by key (flame_graph_set_int/_number/_string),
 * their agreement with flame_options, the progress callback and folded
 * output, through the public API. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flame.h"

static char *render(flame_graph *g, flame_format fmt, const char *input, size_t *len)
{
    if (input)
        ck_assert_int_eq(flame_graph_read_buffer(g, input, strlen(input), "test"), FLAME_OK);
    void *data = NULL;
    flame_status st = flame_graph_render_memory(g, fmt, &data, len);
    ck_assert_msg(st == FLAME_OK, "render: %s: %s", flame_strerror(st), flame_graph_error(g));
    return data;
}

static const char input[] = "main;work;a 5\nmain;work;b 7\nmain;idle 3\n";

/* Every classic option set by key draws what flame_options draws. */
START_TEST(keys_match_the_struct)
{
    flame_graph *a = flame_graph_new(), *b = flame_graph_new();
    flame_options o;
    flame_options_init(&o);
    o.title = "Keyed";
    o.subtitle = "sub";
    o.width = 800;
    o.frame_height = 20;
    o.font_size = 10;
    o.font_width = 0.6;
    o.font_type = "DejaVu Sans";
    o.min_width = 1;
    o.min_width_percent = 1;
    o.count_name = "ticks";
    o.name_type = "Fn:";
    o.palette = "mem";
    o.bg_colors = "grey";
    o.color_mode = FLAME_COLOR_HASH;
    o.inverted = 1;
    o.factor = 3;
    o.notes = "n";
    o.total = 100;
    ck_assert_int_eq(flame_graph_set_options(a, &o), FLAME_OK);

    ck_assert_int_eq(flame_graph_set_string(b, FLAME_OPT_TITLE, "Keyed"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(b, FLAME_OPT_SUBTITLE, "sub"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(b, FLAME_OPT_WIDTH, 800), FLAME_OK);  /* int for a number */
    ck_assert_int_eq(flame_graph_set_number(b, FLAME_OPT_HEIGHT, 20), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_number(b, FLAME_OPT_FONT_SIZE, 10), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_number(b, FLAME_OPT_FONT_WIDTH, 0.6), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(b, FLAME_OPT_FONT_TYPE, "DejaVu Sans"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(b, FLAME_OPT_MIN_WIDTH_PERCENT, 1), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_number(b, FLAME_OPT_MIN_WIDTH, 1), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(b, FLAME_OPT_COUNT_NAME, "ticks"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(b, FLAME_OPT_NAME_TYPE, "Fn:"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(b, FLAME_OPT_PALETTE, "mem"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(b, FLAME_OPT_BG_COLORS, "grey"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(b, FLAME_OPT_COLOR_MODE, "hash"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(b, FLAME_OPT_INVERTED, 1), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_number(b, FLAME_OPT_FACTOR, 3), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(b, FLAME_OPT_NOTES, "n"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_number(b, FLAME_OPT_TOTAL, 100), FLAME_OK);

    size_t na, nb;
    char *sa = render(a, FLAME_FORMAT_SVG, input, &na);
    char *sb = render(b, FLAME_FORMAT_SVG, input, &nb);
    ck_assert_uint_eq(na, nb);
    ck_assert(memcmp(sa, sb, na) == 0);
    flame_free(sa);
    flame_free(sb);
    flame_graph_free(a);
    flame_graph_free(b);
}
END_TEST

START_TEST(bad_values_change_nothing)
{
    flame_graph *g = flame_graph_new();
    ck_assert_int_eq(flame_graph_set_number(g, FLAME_OPT_WIDTH, 5), FLAME_ERR_OPTION);
    ck_assert_ptr_nonnull(strstr(flame_graph_error(g), "--width must be between 21"));
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_PALETTE, "plaid"), FLAME_ERR_OPTION);
    ck_assert_ptr_nonnull(strstr(flame_graph_error(g), "unknown palette 'plaid'"));
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_INPUT_FORMAT, "xml"), FLAME_ERR_OPTION);
    ck_assert_str_eq(flame_graph_error(g),
                     "unknown --input-format 'xml' (auto, folded, perf, trace, speedscope)");
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_INPUT_FORMAT, 99), FLAME_ERR_OPTION);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_REVERSE, 2), FLAME_ERR_OPTION);
    ck_assert_int_eq(flame_graph_set_number(g, FLAME_OPT_FACTOR, 1.0 / 0.0), FLAME_ERR_OPTION);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_PERF_EVENT_FILTER, ""), FLAME_ERR_OPTION);
    /* wrong types and unknown keys */
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_TITLE, 1), FLAME_ERR_ARG);
    ck_assert_int_eq(flame_graph_set_number(g, FLAME_OPT_REVERSE, 0.5), FLAME_ERR_ARG);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_WIDTH, "800"), FLAME_ERR_ARG);
    ck_assert_int_eq(flame_graph_set_int(g, (flame_option)9999, 1), FLAME_ERR_ARG);
    ck_assert_int_eq(flame_graph_set_int(NULL, FLAME_OPT_REVERSE, 1), FLAME_ERR_ARG);
    /* none of that changed the graph: it draws the defaults */
    size_t n1, n2;
    char *s1 = render(g, FLAME_FORMAT_SVG, input, &n1);
    flame_graph *d = flame_graph_new();
    char *s2 = render(d, FLAME_FORMAT_SVG, input, &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(s1, s2, n1) == 0);
    flame_free(s1);
    flame_free(s2);
    flame_graph_free(g);
    flame_graph_free(d);
}
END_TEST

START_TEST(names_and_state)
{
    ck_assert_str_eq(flame_option_name(FLAME_OPT_WIDTH), "width");
    ck_assert_str_eq(flame_option_name(FLAME_OPT_HEIGHT), "height");
    ck_assert_str_eq(flame_option_name(FLAME_OPT_INPUT_FORMAT), "input-format");
    ck_assert_str_eq(flame_option_name(FLAME_OPT_PERF_EVENT_FILTER), "event-filter");
    ck_assert_ptr_null(flame_option_name((flame_option)0));
    flame_graph *g = flame_graph_new();
    /* NULL restores a string's default; set_options leaves keyed options alone */
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_COUNT_NAME, "bytes"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_COUNT_NAME, NULL), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_INPUT_FORMAT, "folded"), FLAME_OK);
    flame_options o;
    flame_options_init(&o);
    ck_assert_int_eq(flame_graph_set_options(g, &o), FLAME_OK);
    ck_assert_int_eq(flame_graph_add_line(g, "a 1", 3), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_REVERSE, 1), FLAME_ERR_STATE);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_TITLE, "late"), FLAME_ERR_STATE);
    size_t n;
    char *svg = render(g, FLAME_FORMAT_SVG, NULL, &n);
    ck_assert_ptr_nonnull(strstr(svg, "a (1 samples"));
    flame_free(svg);
    flame_graph_free(g);
}
END_TEST

typedef struct calls { int n; unsigned long long done, total; char source[32]; } calls;

static void count_calls(void *ctx, const char *source, unsigned long long done,
                        unsigned long long total)
{
    calls *c = ctx;
    c->n++;
    ck_assert_uint_ge(done, c->done);   /* never goes back */
    c->done = done;
    c->total = total;
    snprintf(c->source, sizeof c->source, "%s", source);
}

START_TEST(progress_reports_reading)
{
    char path[] = "/tmp/test_options_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *fp = fdopen(fd, "w+b");
    size_t size = 0;
    for (int i = 0; i < 20000; i++)
        size += (size_t)fprintf(fp, "main;f%d;g 1\n", i % 300);
    fflush(fp);
    rewind(fp);
    flame_graph *g = flame_graph_new();
    calls c = {0};
    flame_graph_set_progress(g, count_calls, &c);
    ck_assert_int_eq(flame_graph_read_fd(g, fileno(fp), "big.folded"), FLAME_OK);
    ck_assert_int_gt(c.n, 1);                  /* as it goes, not once */
    ck_assert_uint_eq(c.done, size);
    ck_assert_uint_eq(c.total, size);          /* a regular file: its size */
    ck_assert_str_eq(c.source, "big.folded");
    flame_graph_free(g);

    /* a pipe: the size is not known */
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(write(p[1], "a 1\nb 2\n", 8), 8);
    close(p[1]);
    g = flame_graph_new();
    calls q = {0};
    flame_graph_set_progress(g, count_calls, &q);
    ck_assert_int_eq(flame_graph_read_fd(g, p[0], NULL), FLAME_OK);
    ck_assert_uint_eq(q.done, 8);
    ck_assert_uint_eq(q.total, 0);
    ck_assert_str_eq(q.source, "-");
    /* NULL stops the calls */
    flame_graph_set_progress(g, NULL, NULL);
    int before = q.n;
    ck_assert_int_eq(flame_graph_read_buffer(g, "c 3\n", 4, "x"), FLAME_OK);
    ck_assert_int_eq(q.n, before);
    flame_graph_free(g);
    close(p[0]);
    fclose(fp);
    unlink(path);
}
END_TEST

START_TEST(folded_output)
{
    /* unsorted, duplicates, a zero count, reversed */
    const char *in = "main;b 2\nmain;a 1\nmain;b 3\nmain 4\nmain;z 0\n";
    flame_graph *g = flame_graph_new();
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_KEEP_STACKS, 1), FLAME_OK);
    size_t n;
    char *out = render(g, FLAME_FORMAT_FOLDED, in, &n);
    ck_assert_str_eq(out, "main 4\nmain;a 1\nmain;b 5\n");
    flame_free(out);
    flame_graph_free(g);

    g = flame_graph_new();
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_KEEP_STACKS, 1), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_REVERSE, 1), FLAME_OK);
    out = render(g, FLAME_FORMAT_FOLDED, "a;b;c 2\nx;c 1\n", &n);
    ck_assert_str_eq(out, "c;b;a 2\nc;x 1\n");
    flame_free(out);
    flame_graph_free(g);

    /* a flame chart keeps the order; differential keeps both counts */
    g = flame_graph_new();
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_KEEP_STACKS, 1), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_FLAMECHART, 1), FLAME_OK);
    out = render(g, FLAME_FORMAT_FOLDED, "m;b 1 2\nm;a 3 0\nm;a 1 1\nm;b 0.5 1.5\n", &n);
    ck_assert_str_eq(out, "m;b 1 2\nm;a 4 1\nm;b 0.5 1.5\n");
    flame_free(out);
    flame_graph_free(g);

    /* without FLAME_OPT_KEEP_STACKS there is nothing to write */
    g = flame_graph_new();
    ck_assert_int_eq(flame_graph_read_buffer(g, in, strlen(in), NULL), FLAME_OK);
    void *data = NULL;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_FOLDED, &data, &n), FLAME_ERR_STATE);
    ck_assert_ptr_nonnull(strstr(flame_graph_error(g), "FLAME_OPT_KEEP_STACKS"));
    flame_graph_free(g);
}
END_TEST

static Suite *options_suite(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, keys_match_the_struct);
    tcase_add_test(tc, bad_values_change_nothing);
    tcase_add_test(tc, names_and_state);
    tcase_add_test(tc, progress_reports_reading);
    tcase_add_test(tc, folded_output);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(options_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
