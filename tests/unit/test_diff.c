/* test_diff.c - unit tests for differential graphs from two profiles:
 * lib/filter/diff.c (the join), flame_graph_set_side(), the options of
 * the join, and the colour-blind-safe colours in lib/layout/color.c. */
#include <cairo.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flame.h"
#include "filter/diff.h"
#include "layout/color.h"

#define CK_RGB(c, R, G, B)                                                                     \
    do {                                                                                       \
        fl_rgb c_ = (c);                                                                       \
        ck_assert_msg(c_.r == (R) && c_.g == (G) && c_.b == (B), "rgb(%d,%d,%d), want (%d,%d,%d)", \
                      c_.r, c_.g, c_.b, R, G, B);                                              \
    } while (0)

static void add(flame_graph *g, flame_side side, const char *lines)
{
    ck_assert_int_eq(flame_graph_set_side(g, side), FLAME_OK);
    ck_assert_int_eq(flame_graph_read_buffer(g, lines, strlen(lines), "test"), FLAME_OK);
}

/* The folded lines of a graph (FLAME_OPT_KEEP_STACKS set). */
static char *folded(flame_graph *g)
{
    void *data;
    size_t len;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_FOLDED, &data, &len), FLAME_OK);
    char *s = malloc(len + 1);
    memcpy(s, data, len);
    s[len] = '\0';
    flame_free(data);
    return s;
}

static flame_graph *kept(void)
{
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_KEEP_STACKS, 1), FLAME_OK);
    return g;
}

START_TEST(join_every_stack)
{
    flame_graph *g = kept();
    add(g, FLAME_SIDE_BEFORE, "a;b 5\na;c 3\na;b 1\n");
    add(g, FLAME_SIDE_AFTER, "a;b 7\na;d 2\n");
    char *s = folded(g);
    ck_assert_str_eq(s, "a;b 6 7\na;c 3 0\na;d 0 2\n");
    free(s);
    flame_graph_free(g);
}
END_TEST

START_TEST(sides_may_alternate_and_push_lines)
{
    flame_graph *g = kept();
    ck_assert_int_eq(flame_graph_set_side(g, FLAME_SIDE_AFTER), FLAME_OK);
    ck_assert_int_eq(flame_graph_add_line(g, "x 4", 3), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_side(g, FLAME_SIDE_BEFORE), FLAME_OK);
    const char *frames[] = {"x"};
    ck_assert_int_eq(flame_graph_add_stack(g, frames, 1, 1.5), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_side(g, FLAME_SIDE_AFTER), FLAME_OK);
    ck_assert_int_eq(flame_graph_add_line(g, "x 1", 3), FLAME_OK);
    char *s = folded(g);
    ck_assert_str_eq(s, "x 1.5 5\n");
    free(s);
    flame_graph_free(g);
}
END_TEST

START_TEST(side_states)
{
    flame_graph *g = flame_graph_new();
    ck_assert_int_eq(flame_graph_set_side(NULL, FLAME_SIDE_BEFORE), FLAME_ERR_ARG);
    ck_assert_int_eq(flame_graph_set_side(g, (flame_side)7), FLAME_ERR_ARG);
    ck_assert_int_eq(flame_graph_set_side(g, FLAME_SIDE_BEFORE), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_side(g, FLAME_SIDE_NONE), FLAME_OK);  /* before input */
    ck_assert_int_eq(flame_graph_add_line(g, "a 1", 3), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_side(g, FLAME_SIDE_AFTER), FLAME_ERR_STATE);
    ck_assert_ptr_nonnull(strstr(flame_graph_error(g), "differential from its first input"));
    flame_graph_free(g);

    g = flame_graph_new();
    add(g, FLAME_SIDE_BEFORE, "a 1\n");
    ck_assert_int_eq(flame_graph_set_side(g, FLAME_SIDE_NONE), FLAME_ERR_STATE);
    add(g, FLAME_SIDE_AFTER, "a 2\n");
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_side(g, FLAME_SIDE_BEFORE), FLAME_ERR_STATE);
    flame_graph_free(g);
}
END_TEST

START_TEST(two_count_lines_as_difffolded_reads_them)
{
    /* "a 1 2" is the stack "a 1" with the count 2 for difffolded.pl. */
    flame_graph *g = kept();
    add(g, FLAME_SIDE_BEFORE, "a 1 2\n");
    add(g, FLAME_SIDE_AFTER, "a 3\n");
    char *s = folded(g);
    ck_assert_str_eq(s, "a 0 3\na 1 2 0\n");
    free(s);
    flame_graph_free(g);
    fl_record in, out;
    ck_assert_int_eq(fl_parse_line("x;y 10 20.5", 11, &in), 1);
    fl_diff_side_record(&in, &out);
    ck_assert_uint_eq(out.stack_len, 6);
    ck_assert_int_eq(memcmp(out.stack, "x;y 10", 6), 0);
    ck_assert_uint_eq(out.counts_len, 4);
    ck_assert_double_eq(out.count, 20.5);
    ck_assert_int_eq(out.has_delta, 0);
}
END_TEST

START_TEST(normalize)
{
    flame_graph *g = kept();
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_NORMALIZE, 1), FLAME_OK);
    add(g, FLAME_SIDE_BEFORE, "a 10\nb 30\n");
    add(g, FLAME_SIDE_AFTER, "a 10\nb 10\n");
    char *s = folded(g);
    ck_assert_str_eq(s, "a 5 10\nb 15 10\n");   /* BEFORE scaled by 20/40, truncated */
    free(s);
    flame_graph_free(g);
    /* Nothing before: nothing to scale (difffolded.pl would divide by 0). */
    g = kept();
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_NORMALIZE, 1), FLAME_OK);
    add(g, FLAME_SIDE_BEFORE, "");
    add(g, FLAME_SIDE_AFTER, "a 3\n");
    s = folded(g);
    ck_assert_str_eq(s, "a 0 3\n");
    free(s);
    flame_graph_free(g);
}
END_TEST

/* The lines fl_diff_finish() hands on. */
static char joined[1024];
static flame_status collect(void *ctx, const fl_record *rec, int stable)
{
    (void)ctx;
    ck_assert_int_eq(stable, 1);
    ck_assert_int_eq(rec->has_delta, 1);
    size_t n = strlen(joined);
    ck_assert_uint_lt(n + rec->line_len + 1, sizeof joined);
    memcpy(joined + n, rec->line, rec->line_len);
    joined[n + rec->line_len] = '\n';
    joined[n + rec->line_len + 1] = '\0';
    return FLAME_OK;
}

static void side(fl_diff *d, flame_side sd, const char *line)
{
    fl_record rec;
    ck_assert_int_eq(fl_parse_line(line, strlen(line), &rec), 1);
    ck_assert_int_eq(fl_diff_add(d, sd, &rec), FLAME_OK);
}

START_TEST(large_and_small_counts_without_exponents)
{
    /* Perl would print 1e+18 and 1e-05, which flamegraph.pl misreads. */
    fl_config cfg;
    fl_diag diag;
    fl_diff d;
    fl_config_init(&cfg);
    memset(&diag, 0, sizeof diag);
    fl_diff_init(&d, &cfg, &diag);
    side(&d, FLAME_SIDE_BEFORE, "a 1000000000000000000");
    side(&d, FLAME_SIDE_BEFORE, "b 0.00001");
    side(&d, FLAME_SIDE_AFTER, "a 1");
    side(&d, FLAME_SIDE_AFTER, "c;d 0.1");
    side(&d, FLAME_SIDE_AFTER, "c;d 0.2");
    joined[0] = '\0';
    ck_assert_int_eq(fl_diff_finish(&d, collect, NULL), FLAME_OK);
    ck_assert_str_eq(joined, "a 1000000000000000000 1\nb 0.00001 0\nc;d 0 0.3\n");
    fl_diff_free(&d);
    fl_config_free(&cfg);
}
END_TEST

START_TEST(many_stacks)
{
    /* Enough to grow the table several times; each stack keeps its sums. */
    fl_config cfg;
    fl_diag diag;
    fl_diff d;
    fl_config_init(&cfg);
    memset(&diag, 0, sizeof diag);
    fl_diff_init(&d, &cfg, &diag);
    char line[64];
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 20000; i++) {
            snprintf(line, sizeof line, "s;%d %d", pass ? 19999 - i : i, pass + 1);
            side(&d, pass ? FLAME_SIDE_AFTER : FLAME_SIDE_BEFORE, line);
        }
    ck_assert_uint_eq(d.count, 20000);
    for (size_t i = 0; i < d.count; i++) {
        ck_assert_double_eq(d.entries[i].count[0], 1);
        ck_assert_double_eq(d.entries[i].count[1], 2);
    }
    ck_assert_double_eq(d.total[0], 20000);
    fl_diff_free(&d);
    fl_config_free(&cfg);
}
END_TEST

/* The frame called name, or -1. */
static long find(const flame_graph *g, const char *name, flame_frame *f)
{
    for (size_t i = 0; i < flame_graph_frame_count(g); i++) {
        ck_assert_int_eq(flame_graph_frame(g, i, f), FLAME_OK);
        if (strcmp(f->name, name) == 0)
            return (long)i;
    }
    return -1;
}

START_TEST(gone_code_shows_sized_by_before)
{
    const char *before = "main;gone 6\nmain;kept 4\n", *after = "main;kept 10\nmain;new 2\n";
    flame_graph *g = flame_graph_new();
    add(g, FLAME_SIDE_BEFORE, before);
    add(g, FLAME_SIDE_AFTER, after);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    flame_frame f;
    ck_assert_int_lt(find(g, "gone", &f), 0);            /* width 0: not drawn */
    ck_assert_int_ge(find(g, "new", &f), 0);
    ck_assert_int_eq(f.r, 255);                           /* grew: red */
    flame_graph_free(g);

    g = flame_graph_new();
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_DIFF_WIDTHS, "before"), FLAME_OK);
    add(g, FLAME_SIDE_BEFORE, before);
    add(g, FLAME_SIDE_AFTER, after);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert_double_eq(flame_graph_total(g), 10);
    ck_assert_int_ge(find(g, "gone", &f), 0);
    ck_assert_double_eq(f.count, 6);
    ck_assert_int_eq(f.b, 255);                           /* shrank: blue */
    ck_assert_int_lt(f.r, 255);
    ck_assert_int_ge(find(g, "kept", &f), 0);
    ck_assert_double_eq(f.count, 4);
    ck_assert_int_eq(f.r, 255);                           /* grew: still red */
    ck_assert_int_lt(find(g, "new", &f), 0);
    flame_graph_free(g);
}
END_TEST

START_TEST(filters_apply_to_each_side)
{
    flame_graph *g = kept();
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_HIDE, "^main$"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_IGNORE, "^idle$"), FLAME_OK);
    add(g, FLAME_SIDE_BEFORE, "main;a 1\nidle 9\n");
    add(g, FLAME_SIDE_AFTER, "main;a 2\na 1\nidle 1\n");
    char *s = folded(g);
    ck_assert_str_eq(s, "a 1 3\n");
    free(s);
    flame_graph_free(g);
}
END_TEST

START_TEST(orange_blue_colors)
{
    const int OB = FLAME_DIFF_COLORS_ORANGE_BLUE;
    CK_RGB(fl_color_delta(0, 10, 0, OB), 255, 255, 255);
    CK_RGB(fl_color_delta(10, 10, 0, OB), 179, 88, 6);    /* the most growth */
    CK_RGB(fl_color_delta(-10, 10, 0, OB), 33, 102, 172); /* the most shrinkage */
    CK_RGB(fl_color_delta(20, 10, 0, OB), 179, 88, 6);    /* a frame's sum beyond any line's */
    CK_RGB(fl_color_delta(10, 10, 1, OB), 33, 102, 172);  /* --negate */
    CK_RGB(fl_color_delta(1e-9, 10, 0, OB), 254, 223, 181);  /* the least change */
    CK_RGB(fl_color_delta(5, 10, 0, OB), 217, 156, 94);   /* halfway */
}
END_TEST

/* The PNG has a pixel of this colour. */
typedef struct png_src {
    const unsigned char *p;
    size_t n, off;
} png_src;

static cairo_status_t read_png(void *ctx, unsigned char *out, unsigned int len)
{
    png_src *src = ctx;
    if (src->n - src->off < len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, src->p + src->off, len);
    src->off += len;
    return CAIRO_STATUS_SUCCESS;
}

static int png_has(const void *data, size_t len, unsigned char r, unsigned char g, unsigned char b)
{
    png_src src = {data, len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_png, &src);
    ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s), found = 0;
    const unsigned char *px = cairo_image_surface_get_data(s);
    uint32_t want = 0xFF000000u | ((uint32_t)r << 16) | ((uint32_t)g << 8) | b;
    for (int y = 0; y < h && !found; y++)
        for (int x = 0; x < w && !found; x++) {
            uint32_t v;
            memcpy(&v, px + (size_t)y * stride + (size_t)x * 4, 4);
            found = v == want;
        }
    cairo_surface_destroy(s);
    return found;
}

START_TEST(orange_blue_in_png)
{
    flame_graph *g = flame_graph_new();
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_DIFF_COLORS, FLAME_DIFF_COLORS_ORANGE_BLUE),
                     FLAME_OK);
    add(g, FLAME_SIDE_BEFORE, "main;grew 1\nmain;shrank 9\n");
    add(g, FLAME_SIDE_AFTER, "main;grew 9\nmain;shrank 1\n");
    void *data;
    size_t len;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_PNG, &data, &len), FLAME_OK);
    ck_assert(png_has(data, len, 179, 88, 6));
    ck_assert(png_has(data, len, 33, 102, 172));
    ck_assert(!png_has(data, len, 255, 0, 0));
    flame_free(data);
    flame_graph_free(g);
}
END_TEST

static Suite *diff_suite(void)
{
    Suite *s = suite_create("diff");
    TCase *tc = tcase_create("diff");
    tcase_add_test(tc, join_every_stack);
    tcase_add_test(tc, sides_may_alternate_and_push_lines);
    tcase_add_test(tc, side_states);
    tcase_add_test(tc, two_count_lines_as_difffolded_reads_them);
    tcase_add_test(tc, normalize);
    tcase_add_test(tc, large_and_small_counts_without_exponents);
    tcase_add_test(tc, many_stacks);
    tcase_add_test(tc, gone_code_shows_sized_by_before);
    tcase_add_test(tc, filters_apply_to_each_side);
    tcase_add_test(tc, orange_blue_colors);
    tcase_add_test(tc, orange_blue_in_png);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(diff_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
