/*
 * test_trace.c - the Trace Event reader (lib/decode/trace*.c, json*.c):
 * times to integer nanoseconds, the nesting rules, B/E pairing, threads
 * and processes, truncated files, errors with their positions, and the
 * two-thread split giving what one parse gives (docs: input-formats,
 * "Trace Event format").
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flame.h"
#include "decode/trace.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct result {
    flame_status st;
    char *out;               /* folded lines, NUL-terminated */
    char err[1024];
} result;

static result run_opts(const char *json, size_t len, int format, int chart)
{
    result r;
    memset(&r, 0, sizeof r);
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_KEEP_STACKS, 1), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_INPUT_FORMAT, format), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_FLAMECHART, chart), FLAME_OK);
    r.st = flame_graph_read_buffer(g, json, len, "test.json");
    void *data = NULL;
    size_t n = 0;
    if (r.st == FLAME_OK)
        r.st = flame_graph_render_memory(g, FLAME_FORMAT_FOLDED, &data, &n);
    snprintf(r.err, sizeof r.err, "%s", flame_graph_error(g));
    r.out = calloc(1, n + 1);
    if (data)
        memcpy(r.out, data, n);
    flame_free(data);
    flame_graph_free(g);
    return r;
}

static result run(const char *json)
{
    return run_opts(json, strlen(json), FLAME_INPUT_AUTO, 0);
}

/* The folded output is want (lines in this order: the writer sorts them). */
static void expect(const char *json, const char *want)
{
    result r = run(json);
    ck_assert_msg(r.st == FLAME_OK, "status %d: %s", r.st, r.err);
    ck_assert_str_eq(r.out, want);
    free(r.out);
}

static void expect_status(const char *json, flame_status st, const char *err_part)
{
    result r = run(json);
    ck_assert_msg(r.st == st, "status %d, want %d: %s", r.st, st, r.err);
    if (err_part)
        ck_assert_msg(strstr(r.err, err_part) != NULL, "error '%s' lacks '%s'", r.err, err_part);
    free(r.out);
}

static int64_t ns(const char *s)
{
    int64_t v = 0x5a5a;
    ck_assert_msg(fl_trace_ns(s, strlen(s), &v) == 0, "%s: not converted", s);
    return v;
}

static int ns_fails(const char *s)
{
    int64_t v;
    return fl_trace_ns(s, strlen(s), &v) != 0;
}

/* ---- times ---------------------------------------------------------------- */

START_TEST(ns_rounding)
{
    ck_assert_int_eq(ns("1"), 1000);
    ck_assert_int_eq(ns("0"), 0);
    ck_assert_int_eq(ns("-0"), 0);
    ck_assert_int_eq(ns("-0.0"), 0);
    ck_assert_int_eq(ns("2.5"), 2500);
    ck_assert_int_eq(ns("0.001"), 1);
    ck_assert_int_eq(ns("0.30000000000000004"), 300);
    ck_assert_int_eq(ns("1.0500000000000000"), 1050);
    /* half a nanosecond: away from zero, exactly as written */
    ck_assert_int_eq(ns("0.0005"), 1);
    ck_assert_int_eq(ns("-0.0005"), -1);
    ck_assert_int_eq(ns("2.0005"), 2001);
    ck_assert_int_eq(ns("0.00049999999"), 0);
    ck_assert_int_eq(ns("-0.00049999999"), 0);
    ck_assert_int_eq(ns("1716956146.408"), 1716956146408);
    ck_assert_int_eq(ns("-12.3456"), -12346);
}
END_TEST

START_TEST(ns_exponents_and_range)
{
    ck_assert_int_eq(ns("1e3"), 1000000);
    ck_assert_int_eq(ns("1E+3"), 1000000);
    ck_assert_int_eq(ns("1.5e-3"), 2);
    ck_assert_int_eq(ns("2.5e-4"), 0);
    ck_assert_int_eq(ns("5e-4"), 1);
    ck_assert_int_eq(ns("0e400"), 0);
    ck_assert_int_eq(ns("1e-400"), 0);
    ck_assert_int_eq(ns("12345678901234567890e-10"), 1234567890123);
    /* beyond 2^53 microseconds: still exact in nanoseconds */
    ck_assert_int_eq(ns("9007199254740993"), 9007199254740993000LL);
    ck_assert_int_eq(ns("9223372036854775.807"), INT64_MAX);
    ck_assert_int_eq(ns("-9223372036854775.807"), -INT64_MAX);
    ck_assert(ns_fails("9223372036854775.808"));
    ck_assert(ns_fails("1e400"));
    ck_assert(ns_fails("-1e400"));
    ck_assert(ns_fails("123456789012345678901234"));
}
END_TEST

/* ---- nesting ---------------------------------------------------------------- */

START_TEST(viztracer_children_first)
{
    /* Written when each function returns: children before parents. */
    expect("{\"traceEvents\":["
           "{\"ph\":\"X\",\"name\":\"parse\",\"ts\":6,\"dur\":14,\"pid\":1,\"tid\":1},"
           "{\"ph\":\"X\",\"name\":\"load\",\"ts\":5,\"dur\":20,\"pid\":1,\"tid\":1},"
           "{\"ph\":\"X\",\"name\":\"main\",\"ts\":0,\"dur\":100,\"pid\":1,\"tid\":1},"
           "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":1,\"args\":{\"name\":\"Main\"}}]}",
           "main 80\nmain;load 6\nmain;load;parse 14\n");
}
END_TEST

START_TEST(equal_start_longest_first_then_file_order)
{
    expect("[{\"ph\":\"X\",\"name\":\"in\",\"ts\":10,\"dur\":10},"
           "{\"ph\":\"X\",\"name\":\"out\",\"ts\":10,\"dur\":40},"
           "{\"ph\":\"X\",\"name\":\"a\",\"ts\":60,\"dur\":10},"
           "{\"ph\":\"X\",\"name\":\"b\",\"ts\":60,\"dur\":10}]",
           "a;b 10\nout 30\nout;in 10\n");
}
END_TEST

START_TEST(ends_are_exclusive)
{
    expect("[{\"ph\":\"X\",\"name\":\"run\",\"ts\":0,\"dur\":10},"
           "{\"ph\":\"X\",\"name\":\"a\",\"ts\":0,\"dur\":5},"
           "{\"ph\":\"X\",\"name\":\"b\",\"ts\":5,\"dur\":5},"
           "{\"ph\":\"X\",\"name\":\"next\",\"ts\":10,\"dur\":1}]",
           "next 1\nrun;a 5\nrun;b 5\n");
}
END_TEST

START_TEST(overrun_cut_at_parent_end)
{
    expect("[{\"ph\":\"X\",\"name\":\"p\",\"ts\":0,\"dur\":10},"
           "{\"ph\":\"X\",\"name\":\"c\",\"ts\":6,\"dur\":8},"
           "{\"ph\":\"X\",\"name\":\"g\",\"ts\":8,\"dur\":5},"
           "{\"ph\":\"X\",\"name\":\"after\",\"ts\":12,\"dur\":3}]",
           "after 3\np 6\np;c 2\np;c;g 2\n");
}
END_TEST

START_TEST(begin_end_pairs)
{
    /* a stray E first; E closes the latest B whatever its name; an X
     * inside; a B never closed ends at the thread's last timestamp (11). */
    expect("[{\"ph\":\"E\",\"ts\":1},"
           "{\"ph\":\"B\",\"name\":\"main\",\"ts\":2},"
           "{\"ph\":\"B\",\"name\":\"work\",\"ts\":3},"
           "{\"ph\":\"X\",\"name\":\"x\",\"ts\":4,\"dur\":2},"
           "{\"ph\":\"E\",\"name\":\"other\",\"ts\":7},"
           "{\"ph\":\"B\",\"name\":\"io\",\"ts\":8},"
           "{\"ph\":\"E\",\"ts\":11}]",
           "main 2\nmain;io 3\nmain;work 2\nmain;work;x 2\n");
    /* Paired in time order, ties in file order: an E and a B at the same
     * time, the E first, close and open. */
    expect("[{\"ph\":\"B\",\"name\":\"a\",\"ts\":0},{\"ph\":\"E\",\"ts\":5},"
           "{\"ph\":\"B\",\"name\":\"b\",\"ts\":5},{\"ph\":\"E\",\"ts\":9}]",
           "a 5\nb 4\n");
    /* In file order B at 5 then E at 2: the E comes first in time. */
    expect("[{\"ph\":\"B\",\"name\":\"a\",\"ts\":5},{\"ph\":\"E\",\"ts\":2},"
           "{\"ph\":\"X\",\"name\":\"x\",\"ts\":6,\"dur\":4}]",
           "a 1\na;x 4\n");
}
END_TEST

START_TEST(threads_and_processes)
{
    /* one thread: no thread frame even with names given */
    expect("[{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":1,\"args\":{\"name\":\"T\"}},"
           "{\"ph\":\"X\",\"name\":\"f\",\"ts\":0,\"dur\":1,\"pid\":1,\"tid\":1}]",
           "f 1\n");
    /* 1 and "1" are one thread */
    expect("[{\"ph\":\"X\",\"name\":\"f\",\"ts\":0,\"dur\":1,\"pid\":\"1\",\"tid\":1},"
           "{\"ph\":\"X\",\"name\":\"g\",\"ts\":2,\"dur\":1,\"pid\":1,\"tid\":\"1\"}]",
           "f 1\ng 1\n");
    /* two threads: thread_name, else "tid N"; a thread of M events only
     * does not count */
    expect("[{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":1,\"args\":{\"name\":\"Main\"}},"
           "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":3,\"args\":{\"name\":\"idle\"}},"
           "{\"ph\":\"X\",\"name\":\"f\",\"ts\":0,\"dur\":1,\"pid\":1,\"tid\":1},"
           "{\"ph\":\"X\",\"name\":\"g\",\"ts\":0,\"dur\":2,\"pid\":1,\"tid\":\"w2\"}]",
           "Main;f 1\ntid w2;g 2\n");
    /* two processes: process_name, else "pid N", before the thread frame */
    expect("[{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"args\":{\"name\":\"server\"}},"
           "{\"ph\":\"X\",\"name\":\"f\",\"ts\":0,\"dur\":1,\"pid\":1,\"tid\":1},"
           "{\"ph\":\"X\",\"name\":\"g\",\"ts\":0,\"dur\":2,\"pid\":2,\"tid\":2}]",
           "pid 2;tid 2;g 2\nserver;tid 1;f 1\n");
    /* the later thread_name wins */
    expect("[{\"ph\":\"M\",\"name\":\"thread_name\",\"tid\":1,\"args\":{\"name\":\"old\"}},"
           "{\"ph\":\"X\",\"name\":\"f\",\"ts\":0,\"dur\":1,\"tid\":1},"
           "{\"ph\":\"X\",\"name\":\"g\",\"ts\":0,\"dur\":1,\"tid\":2},"
           "{\"ph\":\"M\",\"name\":\"thread_name\",\"tid\":1,\"args\":{\"name\":\"new\"}}]",
           "new;f 1\ntid 2;g 1\n");
}
END_TEST

START_TEST(unusable_events)
{
    /* X without a numeric dur, negative dur, ts not a number, ts + dur
     * past 64 bits, unknown phases, non-objects in the array */
    expect("[{\"ph\":\"X\",\"name\":\"nodur\",\"ts\":0},"
           "{\"ph\":\"X\",\"name\":\"strdur\",\"ts\":0,\"dur\":\"5\"},"
           "{\"ph\":\"X\",\"name\":\"neg\",\"ts\":0,\"dur\":-1},"
           "{\"ph\":\"X\",\"name\":\"strts\",\"ts\":\"0\",\"dur\":1},"
           "{\"ph\":\"X\",\"name\":\"objts\",\"ts\":{},\"dur\":1},"
           "{\"ph\":\"X\",\"name\":\"big\",\"ts\":9223372036854775,\"dur\":1},"
           "{\"ph\":\"i\",\"name\":\"instant\",\"ts\":0},"
           "{\"ph\":\"C\",\"name\":\"counter\",\"ts\":0,\"args\":{\"v\":1}},"
           "3, \"x\", null, [1,2],"
           "{\"ph\":\"X\",\"name\":\"ok\",\"ts\":0,\"dur\":2.5}]",
           "ok 2.5\n");
    expect_status("[{\"ph\":\"X\",\"name\":\"nodur\",\"ts\":0}]", FLAME_ERR_NO_SAMPLES, NULL);
    expect_status("{\"otherData\":{}}", FLAME_ERR_NO_SAMPLES, NULL);
    expect_status("[]", FLAME_ERR_NO_SAMPLES, NULL);
}
END_TEST

START_TEST(names_in_lines)
{
    /* ';' would split a frame, a line break end the line */
    expect("[{\"ph\":\"X\",\"name\":\"a;b\\nc\\r\",\"ts\":0,\"dur\":1}]", "a:b c  1\n");
    /* a last frame ending in digits is not a differential count */
    expect("[{\"ph\":\"X\",\"name\":\"main\",\"ts\":0,\"dur\":5},"
           "{\"ph\":\"X\",\"name\":\"step 3\",\"ts\":1,\"dur\":2}]",
           "main 3\nmain;step 3 2\n");
    /* a missing name is an empty one */
    expect("[{\"ph\":\"X\",\"name\":\"m\",\"ts\":0,\"dur\":5},{\"ph\":\"X\",\"ts\":1,\"dur\":2}]",
           "m 3\nm; 2\n");
}
END_TEST

START_TEST(self_time_exact)
{
    /* ten calls of 0.01 us add up to 0.1 exactly; counts keep at most
     * three decimals */
    char json[4096] = "[{\"ph\":\"X\",\"name\":\"f\",\"ts\":100.0,\"dur\":2.6}";
    for (int i = 0; i < 10; i++) {
        char ev[128];
        snprintf(ev, sizeof ev, ",{\"ph\":\"X\",\"name\":\"tick\",\"ts\":%d.%02d,\"dur\":0.01}",
                 100 + i / 5, 20 * (i % 5));
        strcat(json, ev);
    }
    strcat(json, "]");
    expect(json, "f 2.5\nf;tick 0.1\n");
}
END_TEST

START_TEST(flame_chart_timeline)
{
    const char *json =
        "[{\"ph\":\"X\",\"name\":\"B\",\"ts\":1,\"dur\":2,\"tid\":1},"
        "{\"ph\":\"X\",\"name\":\"X1\",\"ts\":3,\"dur\":1,\"tid\":2},"
        "{\"ph\":\"X\",\"name\":\"W\",\"ts\":2,\"dur\":7,\"tid\":2},"
        "{\"ph\":\"X\",\"name\":\"A\",\"ts\":0,\"dur\":10,\"tid\":1},"
        "{\"ph\":\"X\",\"name\":\"z\",\"ts\":4,\"dur\":0,\"tid\":1},"
        "{\"ph\":\"X\",\"name\":\"D\",\"ts\":20,\"dur\":5,\"tid\":1},"
        "{\"ph\":\"X\",\"name\":\"D\",\"ts\":25,\"dur\":1,\"tid\":1},"
        "{\"ph\":\"X\",\"name\":\"D\",\"ts\":30,\"dur\":1,\"tid\":1}]";
    result r = run_opts(json, strlen(json), FLAME_INPUT_AUTO, 1);
    ck_assert_msg(r.st == FLAME_OK, "%s", r.err);
    /* threads in the order of their first event; a zero-length event
     * does not break a stretch; touching events with the same stack are
     * one stretch; idle time ends one ("D 6" and "D 1", which the folded
     * writer adds up as neighbours with the same stack) */
    ck_assert_str_eq(r.out, "tid 1;A 1\ntid 1;A;B 2\ntid 1;A 7\ntid 1;D 7\n"
                            "tid 2;W 1\ntid 2;W;X1 1\ntid 2;W 5\n");
    free(r.out);
}
END_TEST

/* ---- files cut short, malformed files ------------------------------------ */

START_TEST(truncated_bare_array)
{
    const char *ev = "[{\"ph\":\"X\",\"name\":\"run\",\"ts\":0,\"dur\":10},\n"
                     "{\"ph\":\"X\",\"name\":\"step\",\"ts\":2,\"dur\":3}";
    char buf[512];
    snprintf(buf, sizeof buf, "%s", ev);
    expect(buf, "run 7\nrun;step 3\n");                  /* no "]" */
    snprintf(buf, sizeof buf, "%s,", ev);
    expect(buf, "run 7\nrun;step 3\n");                  /* and a "," */
    snprintf(buf, sizeof buf, "%s,\r\n\n  \n", ev);
    expect(buf, "run 7\nrun;step 3\n");                  /* and blank lines */
    /* an event cut in the middle is malformed */
    snprintf(buf, sizeof buf, "%s,{\"ph\":\"X\",\"na", ev);
    expect_status(buf, FLAME_ERR_INPUT, "malformed JSON at line 2");
    /* so is an object cut short */
    expect_status("{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"a\",\"ts\":0,\"dur\":1},\n",
                  FLAME_ERR_INPUT, "malformed JSON at line 2, column 1 (byte 54): ");
}
END_TEST

START_TEST(malformed_positions)
{
    expect_status("[{\"ph\":\"X\"}\n,\n  {\"ts\": nope}]", FLAME_ERR_INPUT,
                  "malformed JSON at line 3, column 11 (byte 24): invalid string in json text");
    expect_status("[{\"ts\":NaN}]", FLAME_ERR_INPUT, "line 1, column 9 (byte 8)");
    expect_status("[{}] 2", FLAME_ERR_INPUT, "trailing garbage");
    expect_status("{\"a\":1,}", FLAME_ERR_INPUT, "malformed JSON");
    /* raw control characters are not JSON */
    expect_status("[{\"name\":\"a\tb\"}]", FLAME_ERR_INPUT, "malformed JSON");
}
END_TEST

START_TEST(strange_text)
{
    /* NUL, lone surrogates and invalid UTF-8 in names are kept as bytes
     * (the picture makes them safe) */
    result r = run("[{\"ph\":\"X\",\"name\":\"a\\u0000b\\udc00\xff\",\"ts\":0,\"dur\":1}]");
    ck_assert_int_eq(r.st, FLAME_OK);
    ck_assert_int_eq(memcmp(r.out, "a\0b", 3), 0);
    free(r.out);
    /* deep nesting anywhere in an event */
    size_t depth = 200000;
    char *deep = malloc(4 * depth + 200);
    strcpy(deep, "[{\"ph\":\"X\",\"name\":\"d\",\"ts\":0,\"dur\":1,\"args\":");
    size_t n = strlen(deep);
    for (size_t i = 0; i < depth; i++)
        deep[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        deep[n++] = ']';
    strcpy(deep + n, "}]");
    r = run_opts(deep, strlen(deep), FLAME_INPUT_AUTO, 0);
    ck_assert_int_eq(r.st, FLAME_OK);
    ck_assert_str_eq(r.out, "d 1\n");
    free(r.out);
    free(deep);
}
END_TEST

/* ---- choosing the format ------------------------------------------------- */

START_TEST(trace_or_speedscope)
{
    const char *ss = "{\"profiles\":[{\"type\":\"sampled\",\"name\":\"p\",\"unit\":\"none\","
                     "\"samples\":[[0]],\"weights\":[3]}],\"shared\":{\"frames\":[{\"name\":\"f\"}]},"
                     "\"traceEvents\":[{\"ph\":\"X\",\"name\":\"t\",\"ts\":0,\"dur\":1}]}";
    /* shared and profiles: speedscope, whatever else is there */
    expect(ss, "f 3\n");
    result r = run_opts(ss, strlen(ss), FLAME_INPUT_TRACE, 0);
    ck_assert_int_eq(r.st, FLAME_OK);
    ck_assert_str_eq(r.out, "t 1\n");
    free(r.out);
    /* only profiles, but a $schema naming speedscope */
    expect("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\","
           "\"profiles\":[{\"type\":\"sampled\",\"samples\":[[0,0]]}],"
           "\"shared\":{\"frames\":[{\"name\":\"r\"}]}}",
           "r;r 1\n");
    /* profiles without shared and no $schema: a trace (without events) */
    expect_status("{\"profiles\":[]}", FLAME_ERR_NO_SAMPLES, NULL);
    /* speedscope asked for, an array given */
    r = run_opts("[]", 2, FLAME_INPUT_SPEEDSCOPE, 0);
    ck_assert_int_eq(r.st, FLAME_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(r.err, "not an array"));
    free(r.out);
    /* trace asked for, folded text given: malformed JSON */
    r = run_opts("a;b 1\n", 6, FLAME_INPUT_TRACE, 0);
    ck_assert_int_eq(r.st, FLAME_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(r.err, "malformed JSON at line 1, column "));
    free(r.out);
}
END_TEST

START_TEST(counts_in_microseconds)
{
    flame_graph *g = flame_graph_new();
    const char *json = "[{\"ph\":\"X\",\"name\":\"f\",\"ts\":0,\"dur\":1500.5}]";
    ck_assert_int_eq(flame_graph_read_buffer(g, json, strlen(json), "t"), FLAME_OK);
    void *svg;
    size_t n;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &svg, &n), FLAME_OK);
    const char *want = "f (1,500 \xc2\xb5s, ";
    ck_assert_ptr_nonnull(memmem(svg, n, want, strlen(want)));
    flame_free(svg);
    flame_graph_free(g);
    /* --countname wins */
    g = flame_graph_new();
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_COUNT_NAME, "ticks"), FLAME_OK);
    ck_assert_int_eq(flame_graph_read_buffer(g, json, strlen(json), "t"), FLAME_OK);
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &svg, &n), FLAME_OK);
    want = "f (1,500 ticks, ";
    ck_assert_ptr_nonnull(memmem(svg, n, want, strlen(want)));
    flame_free(svg);
    flame_graph_free(g);
}
END_TEST

/* ---- the split: any cut gives what one parse gives ----------------------- */

/* A trace whose strings and args hold what a cut looks for. */
static char *tricky_trace(int bare, int events, size_t *len)
{
    fl_buf b = {0};
    fl_buf_puts(&b, bare ? "[\n" : "{\"traceEvents\": [\n");
    unsigned seed = 12345;
    for (int i = 0; i < events; i++) {
        seed = seed * 1103515245 + 12345;
        char ev[512];
        int tid = (int)(seed >> 16) % 3;
        int depth = i % 5;
        snprintf(ev, sizeof ev,
                 "%s{\"name\": \"f%d},{x\", \"ph\": \"X\", \"ts\": %d.%03u, \"dur\": %d.5, \"pid\": 1, "
                 "\"tid\": %d, \"args\": {\"list\": [{\"a\": 1},{\"b\": \"},{\"}], \"name\": \"n\"}}",
                 i ? ",\n" : "", depth, 1000 - depth * 100 + (i / 5) * 1000, seed % 1000,
                 100 + depth * 7 - depth * 40, tid);
        fl_buf_puts(&b, ev);
        if (i % 7 == 3)
            fl_buf_puts(&b, ",  \"string with },{ inside\"  ,[ {\"ph\":\"X\"}, {} ]");
        if (i % 11 == 5)
            fl_buf_puts(&b, ",{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": 1, \"tid\": 2, "
                            "\"args\": {\"name\": \"worker },{ two\"}}");
    }
    fl_buf_puts(&b, bare ? "\n]\n" : "\n], \"displayTimeUnit\": \"ns\", \"x\": [{}, {}]}\n");
    *len = b.len;
    return b.data;
}

START_TEST(split_matches_one_parse)
{
    for (int bare = 0; bare < 2; bare++) {
        size_t len;
        char *json = tricky_trace(bare, 400, &len);
        for (int chart = 0; chart < 2; chart++) {
            fl_trace_split_set_segment((size_t)1 << 30);
            result whole = run_opts(json, len, FLAME_INPUT_AUTO, chart);
            ck_assert_msg(whole.st == FLAME_OK, "%s", whole.err);
            ck_assert(strlen(whole.out) > 100);
            static const size_t sizes[] = {1, 2, 3, 7, 16, 50, 64, 100, 173, 256, 1000, 4096};
            for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
                fl_trace_split_set_segment(sizes[k]);
                result cut = run_opts(json, len, FLAME_INPUT_AUTO, chart);
                ck_assert_msg(cut.st == FLAME_OK, "segment %zu: %s", sizes[k], cut.err);
                ck_assert_msg(strcmp(cut.out, whole.out) == 0, "segment %zu, bare %d, chart %d differs",
                              sizes[k], bare, chart);
                free(cut.out);
            }
            free(whole.out);
        }
        free(json);
    }
    fl_trace_split_set_segment(0);
}
END_TEST

/* Read from a file in 128 KiB pieces: the second thread's stretch may
 * still be running when the next piece comes. */
START_TEST(split_across_reads)
{
    size_t len;
    char *json = tricky_trace(0, 4000, &len);
    ck_assert(len > 4 * 131072);
    char path[] = "/tmp/test_trace.XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, json, len), (ssize_t)len);
    fl_trace_split_set_segment((size_t)1 << 30);
    result whole = run_opts(json, len, FLAME_INPUT_AUTO, 0);
    ck_assert_int_eq(whole.st, FLAME_OK);
    static const size_t sizes[] = {100, 4096, 50000, 131072, 300000};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        fl_trace_split_set_segment(sizes[k]);
        ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
        flame_graph *g = flame_graph_new();
        ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_KEEP_STACKS, 1), FLAME_OK);
        ck_assert_int_eq(flame_graph_read_fd(g, fd, "file"), FLAME_OK);
        void *data;
        size_t n;
        ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_FOLDED, &data, &n), FLAME_OK);
        ck_assert_msg(n == strlen(whole.out) && memcmp(data, whole.out, n) == 0, "segment %zu differs",
                      sizes[k]);
        flame_free(data);
        flame_graph_free(g);
    }
    fl_trace_split_set_segment(0);
    close(fd);
    unlink(path);
    free(whole.out);
    free(json);
}
END_TEST

START_TEST(split_errors_match_one_parse)
{
    size_t len;
    char *json = tricky_trace(0, 200, &len);
    /* break it between two events in several places: the same message
     * whatever the cuts */
    size_t at[3], nat = 0;
    for (size_t i = 0; i + 2 < len && nat < 3; i++)
        if (json[i] == ',' && json[i + 1] == '\n' && json[i + 2] == '{' && i > (nat + 1) * len / 4)
            at[nat++] = i + 1;
    ck_assert_uint_eq(nat, 3);
    for (size_t k = 0; k < nat; k++) {
        char saved = json[at[k]];
        json[at[k]] = '@';
        fl_trace_split_set_segment((size_t)1 << 30);
        result whole = run_opts(json, len, FLAME_INPUT_AUTO, 0);
        ck_assert_int_eq(whole.st, FLAME_ERR_INPUT);
        ck_assert_ptr_nonnull(strstr(whole.err, "malformed JSON at line"));
        static const size_t sizes[] = {1, 5, 64, 300, 2048};
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            fl_trace_split_set_segment(sizes[s]);
            result cut = run_opts(json, len, FLAME_INPUT_AUTO, 0);
            ck_assert_int_eq(cut.st, FLAME_ERR_INPUT);
            ck_assert_msg(strcmp(cut.err, whole.err) == 0, "segment %zu: '%s', one parse: '%s'",
                          sizes[s], cut.err, whole.err);
            free(cut.out);
        }
        free(whole.out);
        json[at[k]] = saved;
    }
    /* cut short: the same too */
    for (size_t s = 1; s < 400; s += 37) {
        fl_trace_split_set_segment(s);
        result cut = run_opts(json, len - 60, FLAME_INPUT_AUTO, 0);
        ck_assert_int_eq(cut.st, FLAME_ERR_INPUT);
        ck_assert_ptr_nonnull(strstr(cut.err, "the input ends before the JSON does"));
        free(cut.out);
    }
    fl_trace_split_set_segment(0);
    free(json);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("trace");
    TCase *tc = tcase_create("trace");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, ns_rounding);
    tcase_add_test(tc, ns_exponents_and_range);
    tcase_add_test(tc, viztracer_children_first);
    tcase_add_test(tc, equal_start_longest_first_then_file_order);
    tcase_add_test(tc, ends_are_exclusive);
    tcase_add_test(tc, overrun_cut_at_parent_end);
    tcase_add_test(tc, begin_end_pairs);
    tcase_add_test(tc, threads_and_processes);
    tcase_add_test(tc, unusable_events);
    tcase_add_test(tc, names_in_lines);
    tcase_add_test(tc, self_time_exact);
    tcase_add_test(tc, flame_chart_timeline);
    tcase_add_test(tc, truncated_bare_array);
    tcase_add_test(tc, malformed_positions);
    tcase_add_test(tc, strange_text);
    tcase_add_test(tc, trace_or_speedscope);
    tcase_add_test(tc, counts_in_microseconds);
    tcase_add_test(tc, split_matches_one_parse);
    tcase_add_test(tc, split_across_reads);
    tcase_add_test(tc, split_errors_match_one_parse);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
