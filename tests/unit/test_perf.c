/* test_perf.c - unit tests for lib/decode/perf*.c: the perf script reader. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/config.h"
#include "base/diag.h"
#include "decode/perf.h"

/* What a reader handed on, and how it ended. */
typedef struct result {
    fl_buf text;                 /* the folded lines, each with "\n" */
    size_t nlines;
    int ordered;                 /* each line after the one before, in byte order */
    fl_buf prev;
    flame_status status;
    fl_diag diag;
} result;

static flame_status collect(void *ctx, const char *line, size_t len)
{
    result *r = ctx;
    if (r->nlines && fl_bytes_cmp(r->prev.data, r->prev.len, line, len) >= 0)
        r->ordered = 0;
    r->prev.len = 0;
    ck_assert_int_eq(fl_buf_append(&r->prev, line, len), 0);
    ck_assert_int_eq(fl_buf_append(&r->text, line, len), 0);
    ck_assert_int_eq(fl_buf_putc(&r->text, '\n'), 0);
    r->nlines++;
    return FLAME_OK;
}

/* Options as a string of letters: p pid, t tid, k kernel, j jit, a all, x addrs. */
static void set_options(fl_config *c, const char *opts)
{
    for (const char *o = opts ? opts : ""; *o; o++) {
        switch (*o) {
        case 'p': c->perf_pid = 1; break;
        case 't': c->perf_tid = 1; break;
        case 'k': c->perf_kernel = 1; break;
        case 'j': c->perf_jit = 1; break;
        case 'a': c->perf_all = 1; break;
        case 'x': c->perf_addrs = 1; break;
        default: ck_abort_msg("unknown option letter %c", *o);
        }
    }
}

/* Read input in chunks of at most chunk bytes (0: at once). */
static void read_perf(result *r, const char *input, size_t len, const char *opts,
                      const char *event, size_t chunk)
{
    memset(r, 0, sizeof *r);
    r->ordered = 1;
    fl_config cfg;
    fl_config_init(&cfg);
    set_options(&cfg, opts);
    cfg.perf_event_filter = event;
    void *st = fl_perf_reader.open(&cfg, &r->diag, FLAME_INPUT_PERF, "test.txt");
    ck_assert_ptr_nonnull(st);
    r->status = FLAME_OK;
    for (size_t off = 0; off < len && r->status == FLAME_OK;) {
        size_t n = chunk && len - off > chunk ? chunk : len - off;
        r->status = fl_perf_reader.chunk(st, input + off, n);
        off += n;
    }
    if (r->status == FLAME_OK) {
        const char *unit = "x";
        r->status = fl_perf_reader.finish(st, collect, r, &unit);
        ck_assert_ptr_null(unit);
    }
    fl_perf_reader.close(st);
    cfg.perf_event_filter = NULL;
    fl_config_free(&cfg);
    if (!r->text.data)
        ck_assert_int_eq(fl_buf_append(&r->text, "", 0), 0);
}

static void done(result *r)
{
    fl_buf_free(&r->text);
    fl_buf_free(&r->prev);
    fl_diag_free(&r->diag);
}

/* The folded lines of input, in order, joined by newlines. */
static void ck_folded(const char *input, const char *opts, const char *want)
{
    result r;
    read_perf(&r, input, strlen(input), opts, NULL, 0);
    ck_assert_int_eq(r.status, FLAME_OK);
    ck_assert_int_eq(r.ordered, 1);
    ck_assert_str_eq(r.text.data, want);
    done(&r);
}

/* ---- headers ---------------------------------------------------------- */

static void ck_header(const char *line, const char *comm, const char *pid, const char *tid,
                      const char *event, const char *period)
{
    fl_perf_header h;
    ck_assert_int_eq(fl_perf_parse_header(line, strlen(line), &h), 1);
    ck_assert_uint_eq(h.comm_len, strlen(comm));
    ck_assert_int_eq(memcmp(h.comm, comm, h.comm_len), 0);
    ck_assert_uint_eq(h.pid_len, strlen(pid));
    ck_assert_int_eq(memcmp(h.pid, pid, h.pid_len), 0);
    if (tid) {
        ck_assert_ptr_nonnull(h.tid);
        ck_assert_uint_eq(h.tid_len, strlen(tid));
        ck_assert_int_eq(memcmp(h.tid, tid, h.tid_len), 0);
    } else {
        ck_assert_ptr_null(h.tid);
    }
    if (event) {
        ck_assert_ptr_nonnull(h.event);
        ck_assert_uint_eq(h.event_len, strlen(event));
        ck_assert_int_eq(memcmp(h.event, event, h.event_len), 0);
    } else {
        ck_assert_ptr_null(h.event);
    }
    if (period) {
        ck_assert_ptr_nonnull(h.period);
        ck_assert_uint_eq(h.period_len, strlen(period));
        ck_assert_int_eq(memcmp(h.period, period, h.period_len), 0);
    } else {
        ck_assert_ptr_null(h.period);
    }
}

START_TEST(header_forms)
{
    ck_header("java 25607 4794564.109216: 1 cycles:", "java", "25607", NULL, "cycles", "1");
    ck_header("java 12688 [002] 6544038.708352: 10309278 cpu-clock:", "java", "12688", NULL,
              "cpu-clock", "10309278");
    ck_header("java 24636/25607 [000] 4794564.109216: 1 cycles:", "java", "24636", "25607",
              "cycles", "1");
    ck_header("iperf 27409/28744 [000] 441995.133575: cpu-clock: ", "iperf", "27409", "28744",
              "cpu-clock", NULL);
    ck_header("dd 29776 666709.771979:   10101010 cpu-clock: ", "dd", "29776", NULL, "cpu-clock",
              "10101010");
    ck_header("emulator  4152 75695.008865:          1 cycles:u: ", "emulator", "4152", NULL,
              "cycles:u", "1");
    /* No timestamp: no colon before the event, so no event either. */
    ck_header("java 19983 cycles:", "java", "19983", NULL, NULL, NULL);
    ck_header("func_ab 15294 cpu-clock: ", "func_ab", "15294", NULL, NULL, NULL);
    /* A tracepoint: its fields after the event name. */
    ck_header("perf 1234 [000] 1.5: sched:sched_switch: prev_comm=x prev_pid=1", "perf", "1234",
              NULL, NULL, NULL);
    /* Names with spaces and digits: the shortest name that is followed by ids. */
    ck_header("V8 WorkerThread 24636/25607 [000] 94564.109216: 100 cycles:", "V8 WorkerThread",
              "24636", "25607", "cycles", "100");
    ck_header("Plex DLNA Serve 26638 [001] 856620.530720:    2654110 cycles:", "Plex DLNA Serve",
              "26638", NULL, "cycles", "2654110");
    ck_header("swapper     0 [000] 158665.570607: cpu-clock: ", "swapper", "0", NULL, "cpu-clock",
              NULL);
    ck_header("kworker/0:1 123/ [000] 1.5: cycles:", "kworker/0:1", "123", NULL, "cycles", NULL);
}
END_TEST

START_TEST(header_not)
{
    fl_perf_header h;
    const char *no[] = {"", "java", "java 123", "aa;b 12", "\tjava 123 1.5: cycles:",
                        "x 123 cycles:" /* a one-byte name cannot be */, "java abc 1.5: cycles:"};
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        ck_assert_msg(!fl_perf_parse_header(no[i], strlen(no[i]), &h), "'%s' read as a header", no[i]);
}
END_TEST

START_TEST(header_detection)
{
    const char *yes[] = {"java 25607 4794564.109216: 1 cycles:", "java 19983 cycles:",
                         "iperf 27409/28744 [000] 441995.133575: cpu-clock: \r",
                         "perf 1234 [000] 1.5: sched:sched_switch: prev_comm=x"};
    const char *no[] = {"main;run 12", "aa;b 5 7", "java 123 456", "foo 12 bar 3",
                        "[unknown];main 12"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        ck_assert_msg(fl_perf_is_header(yes[i], strlen(yes[i])), "'%s' not detected", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        ck_assert_msg(!fl_perf_is_header(no[i], strlen(no[i])), "'%s' detected", no[i]);
}
END_TEST

/* ---- samples ---------------------------------------------------------- */

START_TEST(basic_sample)
{
    ck_folded("swapper     0 [000] 158665.570607: cpu-clock: \n"
              "\tffffffff8103ce3b native_safe_halt ([kernel.kallsyms])\n"
              "\tffffffff8101c6a3 default_idle ([kernel.kallsyms])\n"
              "\tffffffff81aebbfe start_kernel ([kernel.kallsyms].init.text)\n"
              "\n",
              NULL, "swapper;start_kernel;default_idle;native_safe_halt 1\n");
}
END_TEST

START_TEST(names_and_ids)
{
    const char *in = "V8 WorkerThread 24636/25607 [000] 94564.109216: 100 cycles:\n"
                     "\t7f00 run (/bin/node)\n\n"
                     "java 12688 [002] 6544038.708352: 7 cycles:\n"
                     "\t7f00 run (/bin/java)\n\n"
                     "swapper 0/0 [000] 1.5: 3 cycles:\n"
                     "\tffff idle ([kernel.kallsyms])\n\n";
    ck_folded(in, NULL, "V8_WorkerThread;run 100\njava;run 7\nswapper;idle 3\n");
    ck_folded(in, "p", "V8_WorkerThread-24636;run 100\njava-?;run 7\nswapper-?;idle 3\n");
    /* A tid of 0 counts as none. */
    ck_folded(in, "t", "V8_WorkerThread-24636/25607;run 100\njava-?/12688;run 7\nswapper-?/0;idle 3\n");
}
END_TEST

START_TEST(periods)
{
    ck_folded("aa 1 1.0: 10 cycles:\n\t1 f (/x)\n\n"
              "aa 1 2.0: 15 cycles:\n\t1 f (/x)\n\n"
              "aa 1 3.0: 0 cycles:\n\t1 g (/x)\n\n"      /* 0 counts as 1 */
              "aa 1 4.0: cycles:\n\t1 h (/x)\n\n"        /* none: 1 */
              "aa 1 5.0: 007 cycles:\n\t1 h (/x)\n\n",
              NULL, "aa;f 25\naa;g 1\naa;h 8\n");
}
END_TEST

START_TEST(period_too_large)
{
    const char *in = "aa 1 1.0: 99999999999999999999 cycles:\n\t1 f (/x)\n\n";
    result r;
    read_perf(&r, in, strlen(in), NULL, NULL, 0);
    ck_assert_int_eq(r.status, FLAME_ERR_INPUT);
    ck_assert_ptr_nonnull(strstr(r.diag.err, "test.txt:1:"));
    done(&r);
    ck_folded("aa 1 1.0: 18446744073709551615 cycles:\n\t1 f (/x)\n\n", NULL,
              "aa;f 18446744073709551616\n");    /* a double's nearest */
}
END_TEST

START_TEST(event_filter)
{
    const char *in = "aa 1 1.0: 5 instructions:\n\t1 f (/x)\n\n"
                     "aa 1 2.0: 7 cycles:\n\t1 g (/x)\n\n"
                     "aa 1 3.0: 9 instructions:\n\t1 h (/x)\n\n"
                     "aa 1 4.0: 9 cycles:\n\t1 g (/x)\n\n";
    result r;
    read_perf(&r, in, strlen(in), NULL, NULL, 0);
    ck_assert_int_eq(r.status, FLAME_OK);
    ck_assert_str_eq(r.text.data, "aa;f 5\naa;h 9\n");
    ck_assert_uint_eq(r.diag.nwarnings, 1);
    ck_assert_ptr_nonnull(strstr(r.diag.warnings[0], "only 'instructions' events"));
    ck_assert_ptr_nonnull(strstr(r.diag.warnings[0], "'cycles'"));
    done(&r);
    read_perf(&r, in, strlen(in), NULL, "cycles", 0);
    ck_assert_str_eq(r.text.data, "aa;g 16\n");
    ck_assert_uint_eq(r.diag.nwarnings, 0);    /* asked for */
    done(&r);
    read_perf(&r, in, strlen(in), NULL, "faults", 0);
    ck_assert_str_eq(r.text.data, "");
    ck_assert_uint_eq(r.diag.nwarnings, 1);    /* nothing left: say why */
    done(&r);
}
END_TEST

START_TEST(filtered_header_keeps_sample)
{
    /* A header filtered out leaves the sample before it in force. */
    ck_folded("aa 1 1.0: 5 cycles:\n\t1 f (/x)\n"
              "bb 2 2.0: 7 instructions:\n\t1 g (/x)\n\n",
              NULL, "aa;g;f 5\n");
}
END_TEST

START_TEST(header_takes_over)
{
    /* No blank line between: the second header names the process, the
     * frames go on. */
    ck_folded("aa 1 1.0: 5 cycles:\n\t1 f (/x)\n"
              "bb 2 2.0: 7 cycles:\n\t1 g (/x)\n\n",
              NULL, "bb;g;f 7\n");
}
END_TEST

START_TEST(tolerated)
{
    /* Comments anywhere, frames before any header, a header without
     * frames, lines of blank space, the last sample without a blank line. */
    ck_folded("# ========\n# cmdline : perf record -g\n#\n"
              "\t1 orphan (/x)\n\n"
              "aa 1 1.0: cycles:\n   \n\t1 f (/x)\n# in between\n\t2 main (/x)\n\n"
              "bb 2 2.0: 3 cycles:\n\n"
              "cc 3 3.0: cycles:\n\t1 last (/x)",
              NULL, "aa;main;f 1\nbb 3\ncc;last 1\n");
}
END_TEST

START_TEST(crlf)
{
    ck_folded("aa 1 1.0: 2 cycles:\r\n\t1 f+0x1 (/x)\r\n\t2 main (/x)\r\n\r\n"
              "aa 1 1.0: 2 cycles:\r\n\t1 f+0x2 (/x)\r\n\t2 main (/x)\r\n\r\n",
              NULL, "aa;main;f 4\n");
}
END_TEST

START_TEST(skipped_lines)
{
    const char *in = "aa 1 1.0: cycles:\n\t1 f (/x)\n  file.c:12\n\t2 main (/x)\n\n";
    result r;
    read_perf(&r, in, strlen(in), NULL, NULL, 0);
    ck_assert_int_eq(r.status, FLAME_OK);
    ck_assert_str_eq(r.text.data, "aa;main;f 1\n");
    ck_assert_uint_eq(r.diag.nwarnings, 1);
    ck_assert_ptr_nonnull(strstr(r.diag.warnings[0], "1 indented lines"));
    ck_assert_ptr_nonnull(strstr(r.diag.warnings[0], "line 3"));
    done(&r);
}
END_TEST

START_TEST(bad_header)
{
    const char *in = "aa 1 1.0: cycles:\n\t1 f (/x)\n\nnot a header\n";
    result r;
    read_perf(&r, in, strlen(in), NULL, NULL, 0);
    ck_assert_int_eq(r.status, FLAME_ERR_INPUT);
    ck_assert_str_eq(r.diag.err, "test.txt:4: not a perf script sample header: 'not a header'");
    done(&r);
    /* Control bytes are not printed. */
    read_perf(&r, "x\033[2J\n", 6, NULL, NULL, 0);
    ck_assert_int_eq(r.status, FLAME_ERR_INPUT);
    ck_assert_str_eq(r.diag.err, "test.txt:1: not a perf script sample header: 'x?[2J'");
    done(&r);
    /* A frame in the first column is a frame. */
    ck_folded("java 19983 cycles:\nffffffff8103d0ca native_write_msr_safe ([kernel.kallsyms])\n\n",
              NULL, "java;native_write_msr_safe 1\n");
}
END_TEST

/* ---- frames ----------------------------------------------------------- */

/* The one frame "func (dso)" of a java-less process, with options. */
static void ck_frame(const char *func, const char *dso, const char *opts, const char *want)
{
    char in[512], out[512];
    snprintf(in, sizeof in, "pp 1 1.0: cycles:\n\t7f00 %s (%s)\n\n", func, dso);
    snprintf(out, sizeof out, "pp;%s 1\n", want);
    ck_folded(in, opts, out);
}

START_TEST(offsets)
{
    ck_frame("do_syscall_64+0x48", "[kernel.kallsyms]", NULL, "do_syscall_64");
    ck_frame("f+0x1F", "/x", NULL, "f+0x1F");           /* hex digits in lower case only */
    ck_frame("f+0xab+0x12", "/x", NULL, "f+0xab");      /* the last only */
    ck_frame("f+0x", "/x", NULL, "f+0x");
    ck_frame("cpu_startup_entry+0x800047c022ec", "[kernel.kallsyms]", NULL, "cpu_startup_entry");
}
END_TEST

START_TEST(unknown)
{
    ck_frame("[unknown]", "[unknown]", NULL, "[unknown]");
    ck_frame("[unknown]", "/usr/lib/x86_64-linux-gnu/libc.so.6", NULL, "[libc.so.6]");
    ck_frame("[unknown]", "[unknown]", "x", "[unknown <7f00>]");
    ck_frame("[unknown]", "/lib/libc.so.6", "x", "[libc.so.6 <7f00>]");
    ck_frame("[unknown]+0x12", "/lib/libz.so", NULL, "[libz.so]");
    ck_frame("main", "[unknown]", "x", "main");    /* only unknown symbols */
}
END_TEST

START_TEST(cleanup)
{
    ck_frame("std::vector<int>::push_back(int const&)", "/x", NULL, "std::vector<int>::push_back");
    ck_frame("ns::(anonymous namespace)::run(int)", "/x", NULL, "ns::(anonymous namespace)::run");
    ck_frame("net/http.(*Client).Do", "/x", NULL, "net/http.(*Client).Do");
    ck_frame("a;b", "/x", NULL, "a:b");
    ck_frame("RegExp:[&<>\\\"\\'] ", "/tmp/perf-7539.map", NULL, "RegExp:[&<>\\\\] ");
    ck_frame("Lfoo/Bar;.run(I)V", "/tmp/perf-1.map", NULL, "Lfoo/Bar:.run");    /* not java */
    /* a symbol that starts with a parenthesis is no function: no frame */
    ck_folded("pp 1 1.0: cycles:\n\t1 (anonymous namespace)::f() (/x)\n\n", NULL, "pp 1\n");
    ck_folded("pp 1 1.0: cycles:\n\t1 (deleted) (/x)\n\t2 main (/x)\n\n", NULL, "pp;main 1\n");
}
END_TEST

START_TEST(java)
{
    const char *in = "java 1 1.0: cycles:\n"
                     "\t1 Lio/netty/Loop;.run(Ljava/lang/Object;)V (/tmp/perf-1.map)\n"
                     "\t2 Interpreter (/x)\n"
                     "\t3 LNoSlash;.x (/x)\n\n";
    ck_folded(in, NULL, "java;LNoSlash:.x;Interpreter;io/netty/Loop:.run 1\n");
    /* Any name that starts with java, with --pid too. */
    ck_folded(in, "p", "java-?;LNoSlash:.x;Interpreter;io/netty/Loop:.run 1\n");
    ck_folded("javac 1 1.0: cycles:\n\t1 Lx/Y;.z (/x)\n\n", NULL, "javac;x/Y:.z 1\n");
}
END_TEST

START_TEST(annotations)
{
    const char *in = "pp 1 1.0: cycles:\n"
                     "\t1 do_sys_open ([kernel.kallsyms])\n"
                     "\t2 tcp_sendmsg (/lib/modules/4.3.0/build/vmlinux)\n"
                     "\t3 Lfoo;.bar (/tmp/perf-1234.map)\n"
                     "\t4 [unknown] ([unknown])\n"
                     "\t5 main (/bin/p)\n\n";
    ck_folded(in, NULL, "pp;main;[unknown];Lfoo:.bar;tcp_sendmsg;do_sys_open 1\n");
    ck_folded(in, "k", "pp;main;[unknown];Lfoo:.bar;tcp_sendmsg_[k];do_sys_open_[k] 1\n");
    ck_folded(in, "j", "pp;main;[unknown];Lfoo:.bar_[j];tcp_sendmsg;do_sys_open 1\n");
    ck_folded(in, "a", "pp;main;[unknown];Lfoo:.bar_[j];tcp_sendmsg_[k];do_sys_open_[k] 1\n");
    ck_frame("g_[j]", "/tmp/perf-1.map", "j", "g_[j]");    /* not twice */
}
END_TEST

START_TEST(inlined)
{
    /* perf's "a->b": several frames, root first, the later marked _[i]. */
    ck_frame("a->b->c", "/x", NULL, "a;b_[i];c_[i]");
    ck_frame("a->b_[i]", "/x", NULL, "a;b_[i]");
    ck_frame("a->b->", "/x", "k", "a;b_[i]");
    ck_frame("->a", "[kernel.kallsyms]", "k", "_[k];a_[i]");
    ck_folded("pp 1 1.0: cycles:\n\t1 x->y (/x)\n\t2 main (/x)\n\n", NULL, "pp;main;x;y_[i] 1\n");
}
END_TEST

/* ---- the reader as a whole -------------------------------------------- */

/* A profile of repeated samples: ways of feeding it agree, counts add up. */
START_TEST(chunks_and_repeats)
{
    fl_buf in = {0};
    const char *samples[] = {
        "java 10/11 [001] 1.0: 100 cycles:\n\t7f1 Lx/A;.a (/tmp/perf-10.map)\n\t7f2 Lx/B;.b (/tmp/perf-10.map)\n\t1 start (/lib/c.so)\n\n",
        "java 10/12 [001] 1.1: 50 cycles:\n\t7f3 Lx/A;.a+0x4 (/tmp/perf-10.map)\n\t7f2 Lx/B;.b (/tmp/perf-10.map)\n\t1 start (/lib/c.so)\n\n",
        "db 20/20 [000] 1.2: 7 cycles:\n\tffff1 read ([kernel.kallsyms])\n\t7f2 Lx/B;.b (/tmp/perf-10.map)\n\t1 start (/lib/c.so)\n\n",
        "db 20/20 [000] 1.3: 7 cycles:\r\n\tffff1 read ([kernel.kallsyms])\r\n\t7f2 Lx/B;.b (/tmp/perf-10.map)\r\n\r\n",
    };
    for (int i = 0; i < 400; i++)
        ck_assert_int_eq(fl_buf_puts(&in, samples[(i * 7) % 4]), 0);
    result whole;
    read_perf(&whole, in.data, in.len, "tj", NULL, 0);
    ck_assert_int_eq(whole.status, FLAME_OK);
    ck_assert_int_eq(whole.ordered, 1);
    const size_t sizes[] = {1, 2, 3, 7, 64, 100, 4096};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        result r;
        read_perf(&r, in.data, in.len, "tj", NULL, sizes[s]);
        ck_assert_int_eq(r.status, FLAME_OK);
        ck_assert_msg(strcmp(r.text.data, whole.text.data) == 0, "chunks of %zu: %s\nwhole: %s",
                      sizes[s], r.text.data, whole.text.data);
        done(&r);
    }
    ck_assert_str_eq(whole.text.data,
                     "db-20/20;Lx/B:.b_[j];read 700\n"
                     "db-20/20;start;Lx/B:.b_[j];read 700\n"
                     "java-10/11;start;x/B:.b_[j];x/A:.a_[j] 10000\n"
                     "java-10/12;start;x/B:.b_[j];x/A:.a_[j] 5000\n");
    done(&whole);
    fl_buf_free(&in);
}
END_TEST

START_TEST(output_order)
{
    /* Lines in byte order, counts included: "aa;b 5" before "aa;b;c 1",
     * "aa;b\tx 2" before both. */
    ck_folded("aa 1 1.0: 1 cycles:\n\t1 c (/x)\n\t2 b (/x)\n\n"
              "aa 1 1.0: 5 cycles:\n\t2 b (/x)\n\n"
              "aa 1 1.0: 2 cycles:\n\t2 b\tx (/x)\n\n"
              "aa 1 1.0: 3 cycles:\n\t1 d (/x)\n\t2 b (/x)\n\n",
              NULL, "aa;b\tx 2\naa;b 5\naa;b;c 1\naa;b;d 3\n");
}
END_TEST

START_TEST(same_stack_two_ways)
{
    /* The same text from a leaf line without a name (a header then takes
     * over) and from a plain sample; from a ';' in a process name and from
     * frames: one line each. */
    ck_folded("aa 1 1.0: 1 cycles:\n\t1 (x) (/x)\n"
              "bb 2 2.0: 1 cycles:\n\t1 run (/x)\n\n"
              "bb 2 3.0: 1 cycles:\n\t1 run (/x)\n\n"
              "xa;b 1 1.0: 1 cycles:\n\t1 c (/x)\n\n"
              "xa 1 1.0: 1 cycles:\n\t1 c (/x)\n\t2 b (/x)\n\n",
              NULL, "bb;run 2\nxa;b;c 2\n");
}
END_TEST

START_TEST(empty_input)
{
    ck_folded("", NULL, "");
    ck_folded("# only comments\n\n\n", NULL, "");
    ck_folded("\t1 frames (/x)\n\t2 without a header (/x)\n\n", NULL, "");
}
END_TEST

static Suite *perf_suite(void)
{
    Suite *s = suite_create("perf");
    TCase *h = tcase_create("headers");
    tcase_add_test(h, header_forms);
    tcase_add_test(h, header_not);
    tcase_add_test(h, header_detection);
    suite_add_tcase(s, h);
    TCase *sm = tcase_create("samples");
    tcase_add_test(sm, basic_sample);
    tcase_add_test(sm, names_and_ids);
    tcase_add_test(sm, periods);
    tcase_add_test(sm, period_too_large);
    tcase_add_test(sm, event_filter);
    tcase_add_test(sm, filtered_header_keeps_sample);
    tcase_add_test(sm, header_takes_over);
    tcase_add_test(sm, tolerated);
    tcase_add_test(sm, crlf);
    tcase_add_test(sm, skipped_lines);
    tcase_add_test(sm, bad_header);
    suite_add_tcase(s, sm);
    TCase *f = tcase_create("frames");
    tcase_add_test(f, offsets);
    tcase_add_test(f, unknown);
    tcase_add_test(f, cleanup);
    tcase_add_test(f, java);
    tcase_add_test(f, annotations);
    tcase_add_test(f, inlined);
    suite_add_tcase(s, f);
    TCase *r = tcase_create("reader");
    tcase_add_test(r, chunks_and_repeats);
    tcase_add_test(r, output_order);
    tcase_add_test(r, same_stack_two_ways);
    tcase_add_test(r, empty_input);
    suite_add_tcase(s, r);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(perf_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
