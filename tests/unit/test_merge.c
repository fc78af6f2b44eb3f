/* test_merge.c - unit tests for lib/frames/merge.c and lib/frames/names.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "frames/merge.h"
#include "frames/names.h"

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

static void add(const char *stack, double count)
{
    ck_assert_int_eq(fl_merge_add(&merge, &names, stack, strlen(stack), count, 0, 0, 0), 0);
}

static void add_delta(const char *stack, double count, double delta)
{
    ck_assert_int_eq(fl_merge_add(&merge, &names, stack, strlen(stack), count, delta, 1, 0), 0);
}

/* Check frame i: name, depth, parent, [start, end). */
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
}

START_TEST(names_intern)
{
    ck_assert_uint_eq(names.count, 1);
    ck_assert_uint_eq(fl_names_intern(&names, "", 0), 0);
    uint32_t a = fl_names_intern(&names, "foo", 3);
    uint32_t b = fl_names_intern(&names, "foo2", 4);
    uint32_t c = fl_names_intern(&names, "foo2xyz", 3);   /* only n bytes count */
    ck_assert_uint_ne(a, 0);
    ck_assert_uint_ne(a, b);
    ck_assert_uint_eq(c, a);
    ck_assert_uint_eq(fl_names_intern(&names, "foo2", 4), b);
    ck_assert_str_eq(names.list[b].str, "foo2");
    ck_assert_uint_eq(names.list[b].len, 4);
    /* names may hold NUL bytes */
    uint32_t z1 = fl_names_intern(&names, "a\0b", 3), z2 = fl_names_intern(&names, "a\0c", 3);
    ck_assert_uint_ne(z1, z2);
    ck_assert_uint_eq(fl_names_intern(&names, "a\0b", 3), z1);
    ck_assert_uint_eq(names.count, 5);
}
END_TEST

START_TEST(names_many)
{
    /* past the initial table size: ids stay stable and distinct */
    char tmp[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(tmp, sizeof tmp, "fn_%d", i);
        ck_assert_uint_eq(fl_names_intern(&names, tmp, (size_t)n), (uint32_t)i + 1);
    }
    for (int i = 0; i < 5000; i += 7) {
        int n = snprintf(tmp, sizeof tmp, "fn_%d", i);
        ck_assert_uint_eq(fl_names_intern(&names, tmp, (size_t)n), (uint32_t)i + 1);
        ck_assert_str_eq(names.list[i + 1].str, tmp);
    }
    ck_assert_uint_eq(names.count, 5001);
}
END_TEST

START_TEST(merge_behaviour_doc_example)
{
    /* flamegraph-behaviour.md section 2: the sorted lines
     * "r;foo 3", "r;foo2;y 1", "r;foo;x 1" */
    add("r;foo", 3);
    add("r;foo2;y", 1);
    add("r;foo;x", 1);
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_uint_eq(merge.nframes, 7);
    ck_frame(0, "", 0, 0, 0, 5);
    ck_frame(1, "r", 1, 0, 0, 5);
    ck_frame(2, "foo", 2, 1, 0, 3);
    ck_frame(3, "foo2", 2, 1, 3, 4);
    ck_frame(4, "y", 3, 3, 3, 4);
    ck_frame(5, "foo", 2, 1, 4, 5);
    ck_frame(6, "x", 3, 5, 4, 5);
    /* both foo frames share one interned name */
    ck_assert_uint_eq(merge.frames[2].name, merge.frames[5].name);
    ck_assert_double_eq(merge.time, 5);
}
END_TEST

START_TEST(merge_identical_stacks_add_up)
{
    add("a;b", 2);
    add("a;b", 3);
    add("a;b;c", 4);
    add("a;d", 1);
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_uint_eq(merge.nframes, 5);
    ck_frame(0, "", 0, 0, 0, 10);
    ck_frame(1, "a", 1, 0, 0, 10);
    ck_frame(2, "b", 2, 1, 0, 9);
    ck_frame(3, "c", 3, 2, 5, 9);
    ck_frame(4, "d", 2, 1, 9, 10);
}
END_TEST

START_TEST(merge_prefix_names_not_shared)
{
    /* "a;bc" and "a;b" share only "a" even though "b" is a byte prefix */
    add("a;bc", 1);
    add("a;b", 1);
    add("ab", 1);
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_uint_eq(merge.nframes, 5);
    ck_frame(1, "a", 1, 0, 0, 2);
    ck_frame(2, "bc", 2, 1, 0, 1);
    ck_frame(3, "b", 2, 1, 1, 2);
    ck_frame(4, "ab", 1, 0, 2, 3);
}
END_TEST

START_TEST(merge_only_neighbours)
{
    /* not sorted: the second "a" is a new frame */
    add("a", 1);
    add("b", 1);
    add("a", 1);
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_uint_eq(merge.nframes, 4);
    ck_frame(1, "a", 1, 0, 0, 1);
    ck_frame(2, "b", 1, 0, 1, 2);
    ck_frame(3, "a", 1, 0, 2, 3);
}
END_TEST

START_TEST(merge_empty_stack_counts_in_root)
{
    add("", 4);
    add("a", 1);
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_uint_eq(merge.nframes, 2);
    ck_frame(0, "", 0, 0, 0, 5);
    ck_frame(1, "a", 1, 0, 4, 5);
}
END_TEST

START_TEST(merge_differential_self_delta)
{
    add_delta("a", 1, 1);
    add_delta("a;b", 5, 2);
    add_delta("a;b", 1, 3);        /* identical: deltas add */
    add_delta("a;b;c", 2, -7);
    add_delta("a;d", 1, 0);
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_uint_eq(merge.nframes, 5);
    ck_frame(1, "a", 1, 0, 0, 10);
    ck_frame(2, "b", 2, 1, 1, 9);
    ck_frame(3, "c", 3, 2, 7, 9);
    ck_frame(4, "d", 2, 1, 9, 10);
    ck_assert_double_eq(merge.frames[1].delta, 1);   /* self only, not 1+5-7 */
    ck_assert_double_eq(merge.frames[2].delta, 5);
    ck_assert_double_eq(merge.frames[3].delta, -7);
    ck_assert_double_eq(merge.frames[4].delta, 0);
    ck_assert_double_eq(merge.frames[0].delta, 0);
    ck_assert_int_ne(merge.frames[3].has_delta, 0);
    ck_assert_int_ne(merge.any_delta, 0);
    ck_assert_double_eq(merge.maxdelta, 7);
}
END_TEST

START_TEST(merge_maxdelta_at_least_one)
{
    add_delta("a", 1, 0.25);
    add_delta("b", 1, -0.5);
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_double_eq(merge.maxdelta, 1);
    ck_assert_double_eq(merge.frames[1].delta, 0.25);
    ck_assert_double_eq(merge.frames[2].delta, -0.5);
}
END_TEST

START_TEST(merge_no_delta)
{
    add("a;b", 3);
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_int_eq(merge.any_delta, 0);
    ck_assert_int_eq(merge.frames[2].has_delta, 0);
    ck_assert_double_eq(merge.frames[2].delta, 0);
}
END_TEST

START_TEST(merge_deep_and_many)
{
    /* more frames and depth than the initial arrays hold */
    fl_buf s = {0};
    for (int i = 0; i < 200; i++) {
        if (i)
            fl_buf_putc(&s, ';');
        fl_buf_puts(&s, "f");
    }
    ck_assert_int_eq(fl_merge_add(&merge, &names, s.data, s.len, 2, 0, 0, 0), 0);
    for (int i = 0; i < 100; i++) {
        char tmp[16];
        snprintf(tmp, sizeof tmp, "g%03d", i);
        add(tmp, 1);
    }
    ck_assert_int_eq(fl_merge_finish(&merge, &names), 0);
    ck_assert_uint_eq(merge.nframes, 1 + 200 + 100);
    ck_frame(200, "f", 200, 199, 0, 2);
    ck_frame(300, "g099", 1, 0, 101, 102);
    ck_assert_double_eq(merge.frames[0].end, 102);
    fl_buf_free(&s);
}
END_TEST

/* The same example through the public API: unsorted input is sorted first. */
/* A random profile's stacks, in the order they are merged: frames from a
 * few names, so that neighbours share prefixes; some counts 0, some deltas. */
typedef struct stack_list { char **text; double *count, *delta; size_t n; } stack_list;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static stack_list random_stacks(unsigned seed, size_t n, int sorted)
{
    static const char *const pool[] = {"main", "run", "a", "ab", "b", "x;", "io", "run2"};
    stack_list l = {calloc(n, sizeof(char *)), calloc(n, sizeof(double)), calloc(n, sizeof(double)), n};
    srand(seed);
    for (size_t i = 0; i < n; i++) {
        char buf[256] = "";
        int depth = rand() % 6;
        for (int d = 0; d < depth; d++) {
            const char *f = pool[rand() % 8];
            if (f[1] == ';')
                f = "x";
            if (d)
                strcat(buf, ";");
            strcat(buf, f);
        }
        l.text[i] = strdup(buf);
    }
    if (sorted)
        qsort(l.text, n, sizeof(char *), cmp_str);
    for (size_t i = 0; i < n; i++) {
        l.count[i] = rand() % 5 == 0 ? 0 : rand() % 100;
        l.delta[i] = rand() % 3 == 0 ? (double)(rand() % 21 - 10) : 0;
    }
    return l;
}

static void merge_range(fl_merge *m, fl_names *nm, const stack_list *l, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        ck_assert_int_eq(fl_merge_add(m, nm, l->text[i], strlen(l->text[i]), l->count[i],
                                      l->delta[i], l->delta[i] != 0, 0), 0);
}

/* Merging in parts and joining them gives the frames of merging at once. */
START_TEST(merge_join_parts)
{
    for (unsigned seed = 1; seed <= 60; seed++) {
        stack_list l = random_stacks(seed, 40 + seed % 7, seed % 5 != 0);
        fl_names n1;
        fl_merge whole;
        ck_assert_int_eq(fl_names_init(&n1), 0);
        ck_assert_int_eq(fl_merge_init(&whole, NULL), 0);
        merge_range(&whole, &n1, &l, 0, l.n);
        ck_assert_int_eq(fl_merge_finish(&whole, &n1), 0);

        size_t cut1 = (size_t)_i % l.n, cut2 = cut1 + (l.n - cut1) * (seed % 3) / 3;
        size_t cuts[] = {0, cut1, cut2, l.n};
        fl_names n2;
        fl_merge joined;
        ck_assert_int_eq(fl_names_init(&n2), 0);
        ck_assert_int_eq(fl_merge_init(&joined, NULL), 0);
        for (int p = 0; p < 3; p++) {
            fl_names pn;
            fl_merge part;
            ck_assert_int_eq(fl_names_init(&pn), 0);
            ck_assert_int_eq(fl_merge_init(&part, NULL), 0);
            part.part = 1;
            merge_range(&part, &pn, &l, cuts[p], cuts[p + 1]);
            ck_assert_int_eq(fl_merge_join(&joined, &n2, &part, &pn), 0);
            fl_merge_free(&part);
            fl_names_free(&pn);
        }
        ck_assert_int_eq(fl_merge_finish(&joined, &n2), 0);

        ck_assert_uint_eq(joined.nframes, whole.nframes);
        ck_assert_double_eq(joined.time, whole.time);
        ck_assert_double_eq(joined.maxdelta, whole.maxdelta);
        for (size_t i = 0; i < whole.nframes; i++) {
            const fl_frame *a = &whole.frames[i], *b = &joined.frames[i];
            const fl_name *na = &n1.list[a->name], *nb = &n2.list[b->name];
            ck_assert_msg(na->len == nb->len && memcmp(na->str, nb->str, na->len) == 0,
                          "seed %u cut %zu/%zu frame %zu: %s vs %s", seed, cut1, cut2, i,
                          na->str, nb->str);
            ck_assert_double_eq(a->start, b->start);
            ck_assert_double_eq(a->end, b->end);
            ck_assert_double_eq(a->delta, b->delta);
            ck_assert_uint_eq(a->depth, b->depth);
            ck_assert_uint_eq(a->parent, b->parent);
            ck_assert_uint_eq(a->has_delta, b->has_delta);
            ck_assert_uint_eq(a->lost, b->lost);
        }
        fl_merge_free(&whole);
        fl_merge_free(&joined);
        fl_names_free(&n1);
        fl_names_free(&n2);
        for (size_t i = 0; i < l.n; i++)
            free(l.text[i]);
        free(l.text);
        free(l.count);
        free(l.delta);
    }
}
END_TEST

START_TEST(graph_sorts_before_merging)
{
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    const char in[] = "r;foo;x 1\nr;foo2;y 1\nr;foo 3\n";
    ck_assert_int_eq(flame_graph_read_buffer(g, in, sizeof in - 1, "t"), FLAME_OK);
    ck_assert_int_eq(flame_graph_layout(g), FLAME_OK);
    ck_assert_uint_eq(flame_graph_frame_count(g), 7);
    static const char *const want[] = {"all", "r", "foo", "foo2", "y", "foo", "x"};
    static const double cnt[] = {5, 5, 3, 1, 1, 1, 1};
    static const double start[] = {0, 0, 0, 3, 3, 4, 4};
    for (size_t i = 0; i < 7; i++) {
        flame_frame f;
        ck_assert_int_eq(flame_graph_frame(g, i, &f), FLAME_OK);
        ck_assert_uint_eq(f.name_len, strlen(want[i]));
        ck_assert_int_eq(memcmp(f.name, want[i], f.name_len), 0);
        ck_assert_double_eq(f.count, cnt[i]);
        ck_assert_double_eq(f.start, start[i]);
    }
    flame_graph_free(g);
}
END_TEST

static Suite *merge_suite(void)
{
    Suite *s = suite_create("merge");
    TCase *tc = tcase_create("names");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, names_intern);
    tcase_add_test(tc, names_many);
    suite_add_tcase(s, tc);
    tc = tcase_create("merge");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, merge_behaviour_doc_example);
    tcase_add_test(tc, merge_identical_stacks_add_up);
    tcase_add_test(tc, merge_prefix_names_not_shared);
    tcase_add_test(tc, merge_only_neighbours);
    tcase_add_test(tc, merge_empty_stack_counts_in_root);
    tcase_add_test(tc, merge_differential_self_delta);
    tcase_add_test(tc, merge_maxdelta_at_least_one);
    tcase_add_test(tc, merge_no_delta);
    tcase_add_test(tc, merge_deep_and_many);
    tcase_add_test(tc, graph_sorts_before_merging);
    tcase_add_loop_test(tc, merge_join_parts, 0, 40);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(merge_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
