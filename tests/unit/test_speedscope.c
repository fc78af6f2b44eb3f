/*
 * test_speedscope.c - the speedscope reader (lib/decode/speedscope.c):
 * frame names, sampled and evented profiles, several profiles, units as
 * the count name, and the errors of a broken profile (docs:
 * input-formats, "speedscope JSON").
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flame.h"

typedef struct result {
    flame_status st;
    char *out;
    char err[1024];
    char title[256];         /* the root's tooltip in the SVG */
    char warning[256];
} result;

static result run_chart(const char *json, int chart)
{
    result r;
    memset(&r, 0, sizeof r);
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_KEEP_STACKS, 1), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_FLAMECHART, chart), FLAME_OK);
    r.st = flame_graph_read_buffer(g, json, strlen(json), "p.json");
    void *data = NULL;
    size_t n = 0;
    if (r.st == FLAME_OK)
        r.st = flame_graph_render_memory(g, FLAME_FORMAT_FOLDED, &data, &n);
    snprintf(r.err, sizeof r.err, "%s", flame_graph_error(g));
    if (flame_graph_warning_count(g))
        snprintf(r.warning, sizeof r.warning, "%s", flame_graph_warning(g, 0));
    r.out = calloc(1, n + 1);
    if (data)
        memcpy(r.out, data, n);
    flame_free(data);
    if (r.st == FLAME_OK) {
        void *svg;
        size_t len;
        ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &svg, &len), FLAME_OK);
        const char *t = memmem(svg, len, "<title>all (", 12);
        ck_assert_ptr_nonnull(t);
        t += 12;
        const char *e = memchr(t, '<', len - (size_t)(t - (const char *)svg));
        ck_assert_ptr_nonnull(e);
        snprintf(r.title, sizeof r.title, "%.*s", (int)(e - t), t);
        flame_free(svg);
    }
    flame_graph_free(g);
    return r;
}

static void expect(const char *json, const char *want)
{
    result r = run_chart(json, 0);
    ck_assert_msg(r.st == FLAME_OK, "status %d: %s", r.st, r.err);
    ck_assert_str_eq(r.out, want);
    free(r.out);
}

static void expect_error(const char *json, const char *err_part)
{
    result r = run_chart(json, 0);
    ck_assert_msg(r.st == FLAME_ERR_INPUT, "status %d: %s", r.st, r.err);
    ck_assert_msg(strstr(r.err, err_part) != NULL, "error '%s' lacks '%s'", r.err, err_part);
    free(r.out);
}

#define FRAMES "\"shared\":{\"frames\":[{\"name\":\"main\",\"file\":\"m.py\",\"line\":3}," \
               "{\"name\":\"load\",\"file\":\"io.py\"},{\"name\":\"sum\",\"line\":9}," \
               "{\"name\":\"cb\",\"file\":\"x.py\",\"line\":null,\"col\":4}]}"

START_TEST(frame_names)
{
    /* name (file:line), name (file), else name; line without file and col ignored */
    expect("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"name\":\"p\",\"unit\":\"none\","
           "\"samples\":[[0],[0,1],[0,2],[0,3]],\"weights\":[1,2,3,4]}]}",
           "main (m.py:3) 1\nmain (m.py:3);cb (x.py) 4\nmain (m.py:3);load (io.py) 2\n"
           "main (m.py:3);sum 3\n");
}
END_TEST

START_TEST(sampled_weights)
{
    /* identical stacks add up; no weights: one each; frames after profiles */
    expect("{\"profiles\":[{\"type\":\"sampled\",\"samples\":[[0,1],[0],[0,1]],"
           "\"weights\":[1.5,2,0.25]}]," FRAMES "}",
           "main (m.py:3) 2\nmain (m.py:3);load (io.py) 1.75\n");
    expect("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"samples\":[[1],[1],[2]]}]}",
           "load (io.py) 2\nsum 1\n");
    /* an empty sample has no frame to count in */
    expect("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"samples\":[[],[2]],\"weights\":[5,1]}]}",
           "sum 1\n");
}
END_TEST

START_TEST(evented_self_time)
{
    /* milliseconds with fractions, counted unconverted; recursion; a C and
     * an O at the same time; an O never closed ends at the last event */
    expect("{" FRAMES ",\"profiles\":[{\"type\":\"evented\",\"name\":\"t\",\"unit\":\"milliseconds\","
           "\"events\":["
           "{\"type\":\"O\",\"frame\":0,\"at\":0},"
           "{\"type\":\"O\",\"frame\":1,\"at\":1.5},"
           "{\"type\":\"O\",\"frame\":1,\"at\":2},"
           "{\"type\":\"C\",\"frame\":1,\"at\":3.25},"
           "{\"type\":\"C\",\"frame\":1,\"at\":4},"
           "{\"type\":\"O\",\"frame\":2,\"at\":4},"
           "{\"type\":\"C\",\"frame\":2,\"at\":4.1},"
           "{\"type\":\"O\",\"frame\":2,\"at\":6}]}]}",
           "main (m.py:3) 3.4\nmain (m.py:3);load (io.py) 1.25\n"
           "main (m.py:3);load (io.py);load (io.py) 1.25\nmain (m.py:3);sum 0.1\n");
}
END_TEST

START_TEST(several_profiles)
{
    /* each stack starts with its profile's name; no name: "profile N" */
    expect("{" FRAMES ",\"profiles\":["
           "{\"type\":\"sampled\",\"name\":\"MainThread\",\"unit\":\"none\",\"samples\":[[0]],\"weights\":[3]},"
           "{\"type\":\"evented\",\"unit\":\"none\",\"events\":[{\"type\":\"O\",\"frame\":2,\"at\":10},"
           "{\"type\":\"C\",\"frame\":2,\"at\":17}]}]}",
           "MainThread;main (m.py:3) 3\nprofile 2;sum 7\n");
}
END_TEST

START_TEST(units_as_count_name)
{
    result r = run_chart("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"unit\":\"bytes\","
                         "\"samples\":[[0]],\"weights\":[2048]}]}", 0);
    ck_assert_int_eq(r.st, FLAME_OK);
    ck_assert_str_eq(r.title, "2,048 bytes, 100%)");
    free(r.out);
    r = run_chart("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"unit\":\"none\","
                  "\"samples\":[[0]],\"weights\":[2]}]}", 0);
    ck_assert_str_eq(r.title, "2 samples, 100%)");
    free(r.out);
    /* different units: the first one's */
    r = run_chart("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"unit\":\"seconds\","
                  "\"samples\":[[0]],\"weights\":[2]},{\"type\":\"sampled\",\"unit\":\"bytes\","
                  "\"samples\":[[1]],\"weights\":[2]}]}", 0);
    ck_assert_int_eq(r.st, FLAME_OK);
    ck_assert_str_eq(r.title, "4 seconds, 100%)");
    ck_assert_str_eq(r.warning, "");
    free(r.out);
}
END_TEST

START_TEST(flame_chart_order)
{
    result r = run_chart("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"samples\":"
                         "[[0,1],[0,1],[0],[0,1]],\"weights\":[1,2,3,4]},"
                         "{\"type\":\"evented\",\"name\":\"e\",\"events\":[{\"type\":\"O\",\"frame\":0,\"at\":0},"
                         "{\"type\":\"O\",\"frame\":2,\"at\":1},{\"type\":\"C\",\"frame\":2,\"at\":2},"
                         "{\"type\":\"C\",\"frame\":0,\"at\":5},{\"type\":\"O\",\"frame\":0,\"at\":9},"
                         "{\"type\":\"C\",\"frame\":0,\"at\":10}]}]}", 1);
    ck_assert_msg(r.st == FLAME_OK, "%s", r.err);
    ck_assert_str_eq(r.out, "profile 1;main (m.py:3);load (io.py) 3\nprofile 1;main (m.py:3) 3\n"
                            "profile 1;main (m.py:3);load (io.py) 4\ne;main (m.py:3) 1\n"
                            "e;main (m.py:3);sum 1\ne;main (m.py:3) 4\n");
    free(r.out);
}
END_TEST

START_TEST(broken_profiles)
{
    expect_error("{" FRAMES ",\"profiles\":[{\"type\":\"evented\",\"name\":\"w\",\"events\":["
                 "{\"type\":\"O\",\"frame\":0,\"at\":5},{\"type\":\"O\",\"frame\":1,\"at\":3}]}]}",
                 "speedscope: profile 1 (w): event 2: \"at\" goes back in time");
    expect_error("{" FRAMES ",\"profiles\":[{\"type\":\"evented\",\"events\":["
                 "{\"type\":\"O\",\"frame\":0,\"at\":0},{\"type\":\"O\",\"frame\":1,\"at\":1},"
                 "{\"type\":\"C\",\"frame\":0,\"at\":2}]}]}",
                 "profile 1: event 3: \"C\" does not close the innermost open frame");
    expect_error("{" FRAMES ",\"profiles\":[{\"type\":\"evented\",\"events\":["
                 "{\"type\":\"C\",\"frame\":0,\"at\":0}]}]}",
                 "\"C\" does not close the innermost open frame");
    expect_error("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"samples\":[[0,4]]}]}",
                 "sample 1: a frame index past the end of shared.frames");
    expect_error("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"samples\":[[0,-1]]}]}",
                 "a frame index is not a whole number: -1");
    expect_error("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"samples\":[[1.5]]}]}",
                 "a frame index is not a whole number: 1.5");
    expect_error("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"samples\":[[0]],\"weights\":[1e400]}]}",
                 "a weight is not a number of 0 or more: 1e400");
    expect_error("{" FRAMES ",\"profiles\":[{\"type\":\"sampled\",\"samples\":[[0]],\"weights\":[-2]}]}",
                 "a weight is not a number of 0 or more");
    expect_error("{" FRAMES ",\"profiles\":[{\"type\":\"flat\"}]}",
                 "its type is neither \"sampled\" nor \"evented\"");
    expect_error("{" FRAMES ",\"profiles\":[{\"type\":\"evented\",\"events\":[{\"type\":\"O\",\"frame\":0}]}]}",
                 "event 1: not an \"O\" or \"C\" event with \"frame\" and \"at\"");
    /* no profiles: nothing to draw */
    result r = run_chart("{" FRAMES ",\"profiles\":[]}", 0);
    ck_assert_int_eq(r.st, FLAME_ERR_NO_SAMPLES);
    free(r.out);
}
END_TEST

START_TEST(names_made_line_safe)
{
    expect("{\"shared\":{\"frames\":[{\"name\":\"a;b\",\"file\":\"x\\ny.py\",\"line\":2},{\"name\":\"tick 3\"}]},"
           "\"profiles\":[{\"type\":\"sampled\",\"samples\":[[0,1]],\"weights\":[1]}]}",
           "a:b (x y.py:2);tick 3 1\n");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("speedscope");
    TCase *tc = tcase_create("speedscope");
    tcase_add_test(tc, frame_names);
    tcase_add_test(tc, sampled_weights);
    tcase_add_test(tc, evented_self_time);
    tcase_add_test(tc, several_profiles);
    tcase_add_test(tc, units_as_count_name);
    tcase_add_test(tc, flame_chart_order);
    tcase_add_test(tc, broken_profiles);
    tcase_add_test(tc, names_made_line_safe);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
