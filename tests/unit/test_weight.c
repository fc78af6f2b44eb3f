/* test_weight.c - unit tests for lib/frames/weight.c (--sort weight), and
 * the option through the public API: geometry, the split-sibling merge,
 * zero-width frames, differential deltas, the conflict with --flamechart
 * and early dropping of narrow frames, which weight order must not do. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flame.h"
#include "frames/merge.h"
#include "frames/names.h"
#include "frames/weight.h"
#include "graph.h"   /* fl_graph_simple */
#include "xmlcheck.h"

static fl_names names;
static fl_merge merge;

static void setup(void)
{
    ck_assert_int_eq(fl_names_init(&names), 0);
    ck_assert_int_eq(fl_merge_init(&merge, NULL), 0);
}

static void teardown(void)
{
    fl_merge_free(&merge);
    fl_names_free(&names);
}

/* Merge stacks in the order given (the neighbour rule), then weight order. */
static void add(const char *stack, double count)
{
    ck_assert_int_eq(fl_merge_add(&merge, &names, stack, strlen(stack), count, 0, 0, 0), 0);
}

static void add_delta(const char *stack, double count, double delta)
{
    ck_assert_int_eq(fl_merge_add(&merge, &names, stack, strlen(stack), count, delta, 1, 0), 0);
}

static void reorder(void)
{
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_int_eq(fl_weight_order(&merge, &names), 0);
}

/* Frame i: name, depth, parent, [start, end). */
static void ck_frame(size_t i, const char *name, unsigned depth, unsigned parent, double start,
                     double end)
{
    ck_assert_uint_lt(i, merge.nframes);
    const fl_frame *f = &merge.frames[i];
    const fl_name *n = &names.list[f->name];
    ck_assert_msg(n->len == strlen(name) && memcmp(n->str, name, n->len) == 0,
                  "frame %zu is '%s', want '%s'", i, n->str, name);
    ck_assert_uint_eq(f->depth, depth);
    ck_assert_uint_eq(f->parent, parent);
    ck_assert_double_eq(f->start, start);
    ck_assert_double_eq(f->end, end);
    ck_assert_uint_eq(f->lost, 0);
}

START_TEST(heaviest_first_ties_by_name)
{
    add("a;x", 1);
    add("b", 5);
    add("ab", 2);     /* ties with "a" (2): "a" is a prefix of "ab", so first */
    add("a;y", 1);
    add("\xc3\xa9", 2);   /* é: above ASCII in byte order */
    add("c", 7);
    reorder();
    ck_assert_uint_eq(merge.nframes, 8);
    ck_frame(0, "", 0, 0, 0, 18);
    ck_frame(1, "c", 1, 0, 0, 7);
    ck_frame(2, "b", 1, 0, 7, 12);
    ck_frame(3, "a", 1, 0, 12, 14);
    ck_frame(4, "x", 2, 3, 12, 13);
    ck_frame(5, "y", 2, 3, 13, 14);
    ck_frame(6, "ab", 1, 0, 14, 16);
    ck_frame(7, "\xc3\xa9", 1, 0, 16, 18);
}
END_TEST

START_TEST(split_siblings_merge)
{
    /* flamegraph.pl's sorted order of r;foo;x 1, r;foo2;y 1, r;foo 3 */
    add("r;foo", 3);
    add("r;foo2;y", 1);
    add("r;foo;x", 1);
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_uint_eq(merge.nframes, 7);  /* r, foo, foo2, y, foo, x */
    ck_assert_int_eq(fl_weight_order(&merge, &names), 0);
    ck_assert_uint_eq(merge.nframes, 6);
    ck_frame(1, "r", 1, 0, 0, 5);
    ck_frame(2, "foo", 2, 1, 0, 4);
    ck_frame(3, "x", 3, 2, 0, 1);
    ck_frame(4, "foo2", 2, 1, 4, 5);
    ck_frame(5, "y", 3, 4, 4, 5);
}
END_TEST

START_TEST(split_parents_merge_their_children)
{
    /* two parts of foo, each with an x: one foo holding one x, and z */
    add("r;foo;x", 1);
    add("r;bar", 1);
    add("r;foo;x", 1);
    add("r;foo;z", 2);
    reorder();
    ck_assert_uint_eq(merge.nframes, 6);
    ck_frame(1, "r", 1, 0, 0, 5);
    ck_frame(2, "foo", 2, 1, 0, 4);
    ck_frame(3, "x", 3, 2, 0, 2);
    ck_frame(4, "z", 3, 2, 2, 4);
    ck_frame(5, "bar", 2, 1, 4, 5);
}
END_TEST

START_TEST(zero_width_frames)
{
    add("r;a", 5);
    add("r;z", 0);
    add("r;b", 0);
    add("r;q", 2);
    add("r;a", 0);     /* a part of a with no width joins a */
    reorder();
    ck_assert_uint_eq(merge.nframes, 6);
    ck_frame(1, "r", 1, 0, 0, 7);
    ck_frame(2, "a", 2, 1, 0, 5);
    ck_frame(3, "q", 2, 1, 5, 7);
    ck_frame(4, "b", 2, 1, 7, 7);      /* no width: last, by name */
    ck_frame(5, "z", 2, 1, 7, 7);
}
END_TEST

START_TEST(self_deltas_add_up)
{
    add_delta("r;foo", 3, 2);
    add_delta("r;bar", 1, 1);
    add_delta("r;foo", 2, -5);
    add_delta("r;foo;x", 1, 4);
    reorder();
    ck_assert_uint_eq(merge.nframes, 5);
    ck_frame(2, "foo", 2, 1, 0, 6);
    ck_assert_double_eq(merge.frames[2].delta, -3);
    ck_assert_uint_eq(merge.frames[2].has_delta, 1);
    ck_frame(3, "x", 3, 2, 0, 1);
    ck_assert_double_eq(merge.frames[3].delta, 4);
    ck_frame(4, "bar", 2, 1, 6, 7);
    ck_assert_double_eq(merge.frames[4].delta, 1);
    ck_assert_double_eq(merge.frames[1].delta, 0);     /* no stack ends at r */
    ck_assert_double_eq(merge.maxdelta, 5);            /* of the lines, unchanged */
}
END_TEST

START_TEST(root_only_and_empty)
{
    reorder();
    ck_assert_uint_eq(merge.nframes, 1);
    ck_frame(0, "", 0, 0, 0, 0);
}
END_TEST

/* Deterministic pseudo-random numbers for the property test. */
static unsigned rnd(unsigned long long *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(*s >> 33);
}

/* The path of frame i, names joined with ';', into buf. */
static void path_of(size_t i, char *buf, size_t cap)
{
    char tmp[512] = "";
    buf[0] = '\0';
    for (size_t k = i; k != 0; k = merge.frames[k].parent) {
        const fl_name *n = &names.list[merge.frames[k].name];
        snprintf(tmp, sizeof tmp, "%s%s%s", n->str, buf[0] ? ";" : "", buf);
        snprintf(buf, cap, "%s", tmp);
    }
}

START_TEST(random_trees_keep_every_path_total)
{
    /* names that are prefixes of one another, in any order of stacks: the
     * merge splits them, weight order must give each path one frame with
     * the sum of the counts of the stacks through it */
    static const char *const pool[] = {"a", "ab", "a2", "b", "a:"};
    for (unsigned long long seed = 1; seed <= 40; seed++) {
        setup();
        unsigned long long s = seed;
        enum { NSTACKS = 60 };
        char stacks[NSTACKS][64];
        double counts[NSTACKS];
        for (int k = 0; k < NSTACKS; k++) {
            int depth = 1 + (int)(rnd(&s) % 4);
            stacks[k][0] = '\0';
            for (int d = 0; d < depth; d++) {
                const char *nm = pool[rnd(&s) % 5];
                strcat(stacks[k], d ? ";" : "");
                strcat(stacks[k], nm);
            }
            counts[k] = rnd(&s) % 4;  /* zeros too */
            add(stacks[k], counts[k]);
        }
        reorder();
        double total = 0;
        for (int k = 0; k < NSTACKS; k++)
            total += counts[k];
        ck_assert_double_eq(merge.frames[0].end, total);
        char path[512], other[512];
        for (size_t i = 1; i < merge.nframes; i++) {
            const fl_frame *f = &merge.frames[i];
            ck_assert_uint_lt(f->parent, i);
            ck_assert_uint_eq(f->depth, merge.frames[f->parent].depth + 1);
            /* the sum of the stacks with this path as a prefix (whole frames) */
            path_of(i, path, sizeof path);
            size_t pl = strlen(path);
            double want = 0;
            for (int k = 0; k < NSTACKS; k++)
                if (strncmp(stacks[k], path, pl) == 0 && (stacks[k][pl] == ';' || !stacks[k][pl]))
                    want += counts[k];
            ck_assert_msg(f->end - f->start == want, "seed %llu: %s is %g wide, want %g", seed, path,
                          f->end - f->start, want);
            /* siblings: one per name, heaviest first, end to end */
            for (size_t j = i + 1; j < merge.nframes; j++) {
                const fl_frame *g = &merge.frames[j];
                if (g->depth < f->depth)
                    break;
                if (g->parent != f->parent)
                    continue;
                path_of(j, other, sizeof other);
                ck_assert_msg(strcmp(path, other) != 0, "seed %llu: %s twice", seed, path);
                double wf = f->end - f->start, wg = g->end - g->start;
                ck_assert_msg(wf > wg || (wf == wg && strcmp(path, other) < 0),
                              "seed %llu: %s (%g) before %s (%g)", seed, path, wf, other, wg);
                break;   /* the next sibling only */
            }
            /* a first child starts with its parent, the others where the
             * previous sibling ends */
            const fl_frame *prev = &merge.frames[i - 1];
            double start = prev->depth == f->depth - 1 ? prev->start : 0;
            if (prev->depth >= f->depth) {
                size_t k = i - 1;
                while (merge.frames[k].depth > f->depth)
                    k = merge.frames[k].parent;
                start = merge.frames[k].end;
            }
            ck_assert_double_eq(f->start, start);
        }
        teardown();
    }
}
END_TEST

/* ---- through the public API --------------------------------------------- */

static flame_graph *weight_graph(void)
{
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_SORT, "weight"), FLAME_OK);
    return g;
}

START_TEST(api_geometry)
{
    flame_graph *g = weight_graph();
    const char in[] = "main;a 10\nmain;b 30\nmain;c 20\nidle 40\n";
    ck_assert_int_eq(flame_graph_read_buffer(g, in, sizeof in - 1, "in"), FLAME_OK);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    static const char *const name[] = {"all", "main", "b", "c", "a", "idle"};
    static const double start[] = {0, 0, 0, 30, 50, 60};
    ck_assert_uint_eq(flame_graph_frame_count(g), 6);
    for (size_t i = 0; i < 6; i++) {
        flame_frame f;
        ck_assert_int_eq(flame_graph_frame(g, i, &f), FLAME_OK);
        ck_assert_str_eq(f.name, name[i]);
        ck_assert_double_eq(f.start, start[i]);
        /* x = xpad + start * (1200 - 20) / 100 */
        ck_assert_double_eq_tol(f.x, 10 + start[i] * 11.8, 1e-9);
    }
    void *svg = NULL;
    size_t len = 0;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &svg, &len), FLAME_OK);
    ck_assert(svg_well_formed(svg, len));
    /* every start follows from its siblings: data-frames needs no '@' */
    ck_assert_ptr_nonnull(strstr(svg, "data-frames=\"100,60,30;20;10;;40\""));
    flame_free(svg);
    flame_graph_free(g);
}
END_TEST

START_TEST(api_flamechart_conflict)
{
    flame_graph *g = weight_graph();
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_FLAMECHART, 1), FLAME_OK);  /* any order */
    ck_assert_int_eq(flame_graph_add_line(g, "a 1", 3), FLAME_ERR_OPTION);
    ck_assert_ptr_nonnull(strstr(flame_graph_error(g), "--flamechart"));
    /* nothing was read: the options may still change */
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_FLAMECHART, 0), FLAME_OK);
    ck_assert_int_eq(flame_graph_add_line(g, "a 1", 3), FLAME_OK);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    flame_graph_free(g);

    /* without input, the layout refuses it */
    g = weight_graph();
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_FLAMECHART, 1), FLAME_OK);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_ERR_OPTION);
    flame_graph_free(g);

    /* by value, and a bad name */
    g = flame_graph_new();
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_SORT, FLAME_SORT_WEIGHT), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_SORT, 2), FLAME_ERR_OPTION);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_SORT, "heavy"), FLAME_ERR_OPTION);
    ck_assert_str_eq(flame_option_name(FLAME_OPT_SORT), "sort");
    flame_graph_free(g);
}
END_TEST

/*
 * Two parts of "foo" (split by "foo2") each narrower than --minwidth, while
 * the input streams in order: flamegraph.pl's order draws neither part,
 * weight order draws the merged foo, which is wide enough.
 */
START_TEST(narrow_parts_add_up)
{
    char in[4096];
    size_t n = 0;
    n += (size_t)snprintf(in + n, sizeof in - n, "big 1000\n");
    n += (size_t)snprintf(in + n, sizeof in - n, "big;foo 6\n");
    n += (size_t)snprintf(in + n, sizeof in - n, "big;foo2 6\n");
    n += (size_t)snprintf(in + n, sizeof in - n, "big;foo;x 6\n");
    /* 1018 samples over 1180 px: a part of 6 is 6.95 px, foo (12) 13.9 px */
    for (int weight = 0; weight <= 1; weight++) {
        flame_graph *g = flame_graph_new();
        ck_assert_int_eq(flame_graph_set_number(g, FLAME_OPT_MIN_WIDTH, 10), FLAME_OK);
        if (weight)
            ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_SORT, "weight"), FLAME_OK);
        ck_assert_int_eq(flame_graph_read_buffer(g, in, n, "in"), FLAME_OK);
        ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
        int foo = 0;
        for (size_t i = 0; i < flame_graph_frame_count(g); i++) {
            flame_frame f;
            flame_graph_frame(g, i, &f);
            if (f.name_len == 3 && memcmp(f.name, "foo", 3) == 0) {
                foo++;
                ck_assert_double_eq(f.count, 12);
            }
        }
        ck_assert_int_eq(foo, weight);
        flame_graph_free(g);
    }
}
END_TEST

/* In flamegraph.pl's order a zero-count line hides a frame of its name that
 * ends where it ends; weight order merges them and loses nothing. */
START_TEST(no_lost_frames)
{
    const char in[] = "a;b 5\nc;b 0\n";
    for (int weight = 0; weight <= 1; weight++) {
        flame_graph *g = flame_graph_new();
        ck_assert_int_eq(flame_graph_set_number(g, FLAME_OPT_MIN_WIDTH, 0), FLAME_OK);
        if (weight)
            ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_SORT, "weight"), FLAME_OK);
        ck_assert_int_eq(flame_graph_read_buffer(g, in, sizeof in - 1, "in"), FLAME_OK);
        ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
        int wide_b = 0;
        for (size_t i = 0; i < flame_graph_frame_count(g); i++) {
            flame_frame f;
            flame_graph_frame(g, i, &f);
            if (f.name_len == 1 && f.name[0] == 'b' && f.count == 5)
                wide_b++;
        }
        ck_assert_int_eq(wide_b, weight);   /* flamegraph.pl loses a;b here */
        flame_graph_free(g);
    }
}
END_TEST

static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The SVG of input, streamed (narrow frames dropped as they end) or the
 * simple way (every line kept and sorted, every frame kept). */
static char *weight_svg(const char *input, size_t n, double minwidth, int simple, size_t *len)
{
    flame_graph *g = weight_graph();
    ck_assert_int_eq(flame_graph_set_number(g, FLAME_OPT_MIN_WIDTH, minwidth), FLAME_OK);
    if (simple)
        fl_graph_simple(g);
    ck_assert_int_eq(flame_graph_read_buffer(g, input, n, "in"), FLAME_OK);
    void *svg = NULL;
    flame_status st = flame_graph_render_memory(g, FLAME_FORMAT_SVG, &svg, len);
    ck_assert(st == FLAME_OK || st == FLAME_ERR_NO_SAMPLES);
    flame_graph_free(g);
    return svg;
}

/*
 * Sorted input full of names that flamegraph.pl's order splits (prefixes
 * followed by a digit, ':', a space or a tab), so that parts wait and are
 * dropped while streaming: the same graph as keeping every frame.
 */
START_TEST(streamed_drops_match_keeping_all)
{
    static const char *const pool[] = {"f", "f2", "f (x.py:1)", "f (x.py:12)", "f:",
                                       "f\tt", "g", "f2x", "f (x.py:1)2"};
    static const double minwidths[] = {0.1, 3, 20, 150};
    enum { NLINES = 120 };
    static char lines[NLINES][128];
    const char *sorted[NLINES];
    char input[NLINES * 128];
    for (unsigned long long seed = 1; seed <= 150; seed++) {
        unsigned long long s = seed;
        for (int k = 0; k < NLINES; k++) {
            int depth = 1 + (int)(rnd(&s) % 4), n = 0;
            for (int d = 0; d < depth; d++)
                n += snprintf(lines[k] + n, sizeof lines[k] - (size_t)n, "%s%s", d ? ";" : "",
                              pool[rnd(&s) % 9]);
            snprintf(lines[k] + n, sizeof lines[k] - (size_t)n, " %u", rnd(&s) % 7);
            sorted[k] = lines[k];
        }
        qsort(sorted, NLINES, sizeof sorted[0], cmp_line);
        size_t n = 0;
        for (int k = 0; k < NLINES; k++)
            n += (size_t)snprintf(input + n, sizeof input - n, "%s\n", sorted[k]);
        for (size_t m = 0; m < sizeof minwidths / sizeof minwidths[0]; m++) {
            size_t la, lb;
            char *a = weight_svg(input, n, minwidths[m], 0, &la);
            char *b = weight_svg(input, n, minwidths[m], 1, &lb);
            ck_assert_msg(la == lb && memcmp(a, b, la) == 0,
                          "seed %llu, minwidth %g: streamed and kept-all SVGs differ", seed,
                          minwidths[m]);
            flame_free(a);
            flame_free(b);
        }
    }
}
END_TEST

static Suite *weight_suite(void)
{
    Suite *s = suite_create("weight");
    TCase *tc = tcase_create("order");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, heaviest_first_ties_by_name);
    tcase_add_test(tc, split_siblings_merge);
    tcase_add_test(tc, split_parents_merge_their_children);
    tcase_add_test(tc, zero_width_frames);
    tcase_add_test(tc, self_deltas_add_up);
    tcase_add_test(tc, root_only_and_empty);
    suite_add_tcase(s, tc);
    tc = tcase_create("property");
    tcase_add_test(tc, random_trees_keep_every_path_total);
    tcase_add_test(tc, streamed_drops_match_keeping_all);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    tc = tcase_create("api");
    tcase_add_test(tc, api_geometry);
    tcase_add_test(tc, api_flamechart_conflict);
    tcase_add_test(tc, narrow_parts_add_up);
    tcase_add_test(tc, no_lost_frames);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(weight_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
