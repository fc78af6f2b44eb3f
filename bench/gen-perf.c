/*
 * gen-perf.c - deterministic generator of realistic `perf script` text for
 * the cflamegraph benchmark (bench/run.sh).  Plain C99, no dependencies.
 *
 *   gen-perf [--mb N] [--seed N] [--stats] > file
 *
 * Writes about N megabytes (default 1024) of what `perf record -g` then
 * `perf script` print on a busy machine: samples of several processes and
 * their threads, each a header ("comm pid/tid [cpu] time: period cycles:")
 * and a call chain from leaf to root, then a blank line.  Frames have
 * addresses, symbols with "+0x" offsets and dsos: C and C++ user code and
 * libraries, "[unknown]" frames, kernel frames ([kernel.kallsyms]) at the
 * leaf end of a third of the stacks, a Java process with JIT frames from
 * /tmp/perf-PID.map and a node process whose JIT frames are unknown.
 *
 * A process's stacks are drawn from a fixed set of call paths (a random
 * tree walked from its roots), with a Zipf popularity, so that, as in a real
 * profile, the same stacks come back again and again: the leaf's address
 * varies within its function, the callers' return addresses do not.  The
 * output depends only on the seed and the size.  With --stats nothing is
 * written; the sample, line and byte counts of the output are printed.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- PRNG: splitmix64, the same sequence everywhere -------------------- */

static uint64_t rng_state;

static uint64_t next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
    return (unsigned)(next() % n);
}

static double uniform(void)
{
    return (double)(next() >> 11) / 9007199254740992.0;
}

/* ---- names ---------------------------------------------------------- */

static const char *const c_words[] = {
    "parse", "read", "write", "flush", "hash", "lookup", "insert", "scan", "merge", "sort",
    "encode", "decode", "send", "recv", "poll", "alloc", "free", "copy", "match", "update",
    "init", "run", "step", "emit", "load", "store", "index", "commit", "log", "wait"};
static const char *const c_nouns[] = {
    "buffer", "row", "page", "table", "entry", "request", "header", "chunk", "block", "node",
    "queue", "event", "socket", "record", "tuple", "key", "value", "frame", "state", "cache"};
static const char *const cpp_spaces[] = {
    "innodb", "mysql", "std", "boost::asio", "sql", "rocksdb", "net"};
static const char *const cpp_args[] = {
    "(unsigned long)", "(THD*, Item*)", "(std::string const&)", "(int, char const*)", "()",
    "(rocksdb::Slice const&) const", "(void*, unsigned long, int)", "(sql::Session&)"};
static const char *const java_pkgs[] = {
    "io/netty/channel", "io/vertx/core/http/impl", "java/util/concurrent", "com/example/shop",
    "org/apache/kafka/clients", "java/lang", "com/fasterxml/jackson/core"};
static const char *const java_sigs[] = {
    "(Ljava/lang/Object;)V", "()V", "(I)Ljava/lang/String;",
    "(Lio/netty/channel/ChannelHandlerContext;Ljava/lang/Object;)V", "(JI)Z", "([BII)I"};
static const char *const kernel_chain[][2] = {
    {"entry_SYSCALL_64_after_hwframe", "do_syscall_64"},
    {"__x64_sys_read", "ksys_read"},
    {"vfs_read", "new_sync_read"},
    {"__x64_sys_write", "ksys_write"},
    {"vfs_write", "ext4_file_write_iter"},
    {"__x64_sys_epoll_wait", "do_epoll_wait"},
    {"__x64_sys_futex", "do_futex"},
    {"futex_wait", "schedule"},
    {"__schedule", "finish_task_switch.isra.0"},
    {"tcp_sendmsg", "tcp_sendmsg_locked"},
    {"__tcp_transmit_skb", "ip_queue_xmit"},
    {"asm_exc_page_fault", "exc_page_fault"},
    {"do_user_addr_fault", "handle_mm_fault"},
    {"copy_user_enhanced_fast_string", "clear_page_erms"}};
#define NKCHAIN (sizeof kernel_chain / sizeof kernel_chain[0])

enum style { C_STYLE, CPP_STYLE, JAVA_JIT, JAVA_VM, PY_STYLE, JS_JIT };

/* A function: its name, dso and where it lives. */
typedef struct func {
    char name[160];
    const char *dso;
    uint64_t addr;
    unsigned size;
    int unknown;         /* "[unknown]": no symbol */
} func;

static void make_name(func *f, enum style s, unsigned i)
{
    const char *w = c_words[below(30)], *n = c_nouns[below(20)];
    switch (s) {
    case C_STYLE:
        snprintf(f->name, sizeof f->name, "%s_%s%s", w, n, i % 7 == 0 ? ".isra.0" : "");
        break;
    case CPP_STYLE:
        snprintf(f->name, sizeof f->name, "%s::%c%s::%s_%s%s", cpp_spaces[below(7)],
                 'A' + (int)below(26), n, w, n, cpp_args[below(8)]);
        break;
    case JAVA_JIT:
        snprintf(f->name, sizeof f->name, "L%s/%c%sHandler;.%s%c%s%s", java_pkgs[below(7)],
                 'A' + (int)below(26), n, w, 'A' + (int)below(26), n, java_sigs[below(6)]);
        break;
    case JAVA_VM:
        snprintf(f->name, sizeof f->name, "%s", i % 3 == 0 ? "Interpreter" : i % 3 == 1 ? "call_stub" :
                 "JavaCalls::call_helper(JavaValue*, methodHandle const&, JavaCallArguments*, Thread*)");
        break;
    case PY_STYLE:
        snprintf(f->name, sizeof f->name, "%s", i % 4 == 0 ? "_PyEval_EvalFrameDefault" :
                 i % 4 == 1 ? "_PyFunction_Vectorcall" : i % 4 == 2 ? "PyObject_Call" : "method_vectorcall_O");
        break;
    case JS_JIT:
        snprintf(f->name, sizeof f->name, "LazyCompile:*%s%c%s /srv/app/lib/%s.js:%u", w,
                 'A' + (int)below(26), n, n, 1 + below(900));
        break;
    }
}

/* ---- processes ------------------------------------------------------- */

#define MAXFUNCS 600
#define MAXPATHS 6000
#define MAXDEPTH 48

typedef struct thread {
    const char *comm;
    int tid;
    double weight;
} thread;

typedef struct process {
    int pid;
    const char *dso;     /* the main binary */
    thread threads[8];
    int nthreads;
    double weight;
    int nfuncs, npaths;
    func funcs[MAXFUNCS];
    /* paths[i]: function indexes root first, ended by -1 */
    short paths[MAXPATHS][MAXDEPTH + 1];
    double *zipf;        /* cumulative popularity of the paths */
} process;

static process procs[7];
static int nprocs;
static func kfuncs[NKCHAIN * 2];

static uint64_t next_addr = 0x55d0c0000000ULL;

static void add_func(process *p, enum style s, const char *dso, int jit)
{
    func *f = &p->funcs[p->nfuncs];
    make_name(f, s, (unsigned)p->nfuncs);
    f->dso = dso;
    f->size = 64 + below(4000);
    f->unknown = 0;
    if (jit) {
        f->addr = 0x7f1e0c000000ULL + (uint64_t)p->nfuncs * 0x1000 + below(0x800);
    } else {
        f->addr = next_addr;
        next_addr += f->size + below(256);
    }
    p->nfuncs++;
}

static void add_unknown(process *p, const char *dso)
{
    func *f = &p->funcs[p->nfuncs++];
    snprintf(f->name, sizeof f->name, "[unknown]");
    f->dso = dso;
    f->size = 4096;
    f->unknown = 1;
    f->addr = 0x7ffc00000000ULL + below(1u << 30);
}

/* Paths: random walks down from a root, a function calling those after it
 * (so no recursion but realistic sharing of the upper frames). */
static void make_paths(process *p, int npaths, int roots, int mean_depth)
{
    p->npaths = npaths;
    for (int i = 0; i < npaths; i++) {
        int depth = 4 + (int)(-log(1 - uniform()) * (mean_depth - 4));
        if (depth > MAXDEPTH)
            depth = MAXDEPTH;
        int f = (int)below((unsigned)roots), d = 0;
        p->paths[i][d++] = (short)f;
        while (d < depth) {
            int span = p->nfuncs - f - 1;
            if (span <= 0)
                break;
            /* mostly near callees, sometimes far */
            int step = 1 + (int)(pow(uniform(), 2) * (span < 40 ? span : 40));
            f += step;
            p->paths[i][d++] = (short)f;
        }
        p->paths[i][d] = -1;
    }
    p->zipf = malloc((size_t)npaths * sizeof *p->zipf);
    double sum = 0;
    for (int i = 0; i < npaths; i++)
        p->zipf[i] = sum += 1.0 / pow(i + 1, 1.05);
    for (int i = 0; i < npaths; i++)
        p->zipf[i] /= sum;
}

static int pick_path(const process *p)
{
    double u = uniform();
    int lo = 0, hi = p->npaths - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (p->zipf[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void setup(void)
{
    static const char libc[] = "/usr/lib/x86_64-linux-gnu/libc.so.6";
    static const char libstdcpp[] = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30";
    static const char libjvm[] = "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so";
    static const char libpython[] = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";
    process *p;

    /* java: JIT frames over a few VM and libc frames */
    p = &procs[nprocs++];
    p->pid = 4242;
    p->dso = "/tmp/perf-4242.map";
    p->weight = 0.32;
    p->threads[0] = (thread){"java", 4242, 0.05};
    p->threads[1] = (thread){"vert.x-eventloo", 4260, 0.3};
    p->threads[2] = (thread){"vert.x-eventloo", 4261, 0.3};
    p->threads[3] = (thread){"C2 CompilerThre", 4251, 0.15};
    p->threads[4] = (thread){"GC Thread#0", 4245, 0.1};
    p->threads[5] = (thread){"GC Thread#1", 4246, 0.1};
    p->nthreads = 6;
    add_func(p, C_STYLE, libc, 0);
    snprintf(p->funcs[0].name, sizeof p->funcs[0].name, "start_thread");
    for (int i = 0; i < 6; i++)
        add_func(p, JAVA_VM, libjvm, 0);
    for (int i = 0; i < 300; i++)
        add_func(p, JAVA_JIT, "/tmp/perf-4242.map", 1);
    for (int i = 0; i < 40; i++)
        add_func(p, C_STYLE, libc, 0);
    make_paths(p, 5000, 1, 22);

    /* mysqld: C++ with libstdc++ and libc */
    p = &procs[nprocs++];
    p->pid = 1873;
    p->dso = "/usr/sbin/mysqld";
    p->weight = 0.25;
    p->threads[0] = (thread){"mysqld", 1873, 0.1};
    p->threads[1] = (thread){"connection", 2001, 0.3};
    p->threads[2] = (thread){"connection", 2002, 0.3};
    p->threads[3] = (thread){"ib_io_wr-1", 1880, 0.15};
    p->threads[4] = (thread){"ib_pg_flush_co", 1885, 0.15};
    p->nthreads = 5;
    add_func(p, C_STYLE, libc, 0);
    snprintf(p->funcs[0].name, sizeof p->funcs[0].name, "__clone3");
    for (int i = 0; i < 350; i++)
        add_func(p, CPP_STYLE, i % 9 == 0 ? libstdcpp : "/usr/sbin/mysqld", 0);
    add_unknown(p, "/usr/sbin/mysqld");
    for (int i = 0; i < 40; i++)
        add_func(p, C_STYLE, libc, 0);
    make_paths(p, 5000, 1, 18);

    /* python3 */
    p = &procs[nprocs++];
    p->pid = 9120;
    p->dso = "/usr/bin/python3.11";
    p->weight = 0.15;
    p->threads[0] = (thread){"python3", 9120, 1};
    p->nthreads = 1;
    add_func(p, C_STYLE, "/usr/bin/python3.11", 0);
    snprintf(p->funcs[0].name, sizeof p->funcs[0].name, "_start");
    for (int i = 0; i < 60; i++)
        add_func(p, PY_STYLE, libpython, 0);
    for (int i = 0; i < 60; i++)
        add_func(p, C_STYLE, i % 5 ? libpython : libc, 0);
    add_unknown(p, "[unknown]");
    make_paths(p, 3000, 1, 26);

    /* nginx workers */
    p = &procs[nprocs++];
    p->pid = 733;
    p->dso = "/usr/sbin/nginx";
    p->weight = 0.12;
    p->threads[0] = (thread){"nginx", 734, 0.5};
    p->threads[1] = (thread){"nginx", 735, 0.5};
    p->nthreads = 2;
    add_func(p, C_STYLE, libc, 0);
    snprintf(p->funcs[0].name, sizeof p->funcs[0].name, "__libc_start_main");
    for (int i = 0; i < 150; i++)
        add_func(p, C_STYLE, i % 6 ? "/usr/sbin/nginx" : libc, 0);
    make_paths(p, 2000, 1, 12);

    /* node: JIT frames without symbols, some with a map */
    p = &procs[nprocs++];
    p->pid = 5555;
    p->dso = "/usr/bin/node";
    p->weight = 0.08;
    p->threads[0] = (thread){"node", 5555, 0.6};
    p->threads[1] = (thread){"V8 WorkerThread", 5560, 0.4};
    p->nthreads = 2;
    add_func(p, CPP_STYLE, "/usr/bin/node", 0);
    for (int i = 0; i < 40; i++)
        add_func(p, CPP_STYLE, "/usr/bin/node", 0);
    for (int i = 0; i < 100; i++)
        add_func(p, JS_JIT, "/tmp/perf-5555.map", 1);
    add_unknown(p, "[unknown]");
    add_unknown(p, "[unknown]");
    make_paths(p, 1500, 1, 20);

    /* the idle loop and a kernel worker: kernel only */
    p = &procs[nprocs++];
    p->pid = 0;
    p->dso = "[kernel.kallsyms]";
    p->weight = 0.06;
    p->threads[0] = (thread){"swapper", 0, 1};
    p->nthreads = 1;
    static const char *const idle[] = {"secondary_startup_64_no_verify", "start_secondary",
                                       "cpu_startup_entry", "do_idle", "cpuidle_idle_call",
                                       "cpuidle_enter", "cpuidle_enter_state", "intel_idle",
                                       "acpi_idle_enter", "native_safe_halt"};
    for (int i = 0; i < 10; i++) {
        func *f = &p->funcs[p->nfuncs++];
        snprintf(f->name, sizeof f->name, "%s", idle[i]);
        f->dso = "[kernel.kallsyms]";
        f->size = 200 + below(800);
        f->unknown = 0;
        f->addr = 0xffffffff81000000ULL + (uint64_t)i * 0x10000;
    }
    make_paths(p, 40, 1, 8);

    p = &procs[nprocs++];
    p->pid = 155;
    p->dso = "[kernel.kallsyms]";
    p->weight = 0.02;
    p->threads[0] = (thread){"kworker/u16:2", 155, 1};
    p->nthreads = 1;
    static const char *const kw[] = {"ret_from_fork", "kthread", "worker_thread",
                                     "process_one_work", "wb_workfn", "wb_writeback",
                                     "__writeback_inodes_wb", "writeback_sb_inodes",
                                     "__writeback_single_inode", "do_writepages",
                                     "ext4_writepages", "mpage_prepare_extent_to_map"};
    for (int i = 0; i < 12; i++) {
        func *f = &p->funcs[p->nfuncs++];
        snprintf(f->name, sizeof f->name, "%s", kw[i]);
        f->dso = "[kernel.kallsyms]";
        f->size = 200 + below(800);
        f->unknown = 0;
        f->addr = 0xffffffff81200000ULL + (uint64_t)i * 0x10000;
    }
    make_paths(p, 60, 1, 9);

    for (unsigned i = 0; i < NKCHAIN * 2; i++) {
        func *f = &kfuncs[i];
        snprintf(f->name, sizeof f->name, "%s", kernel_chain[i / 2][i % 2]);
        f->dso = "[kernel.kallsyms]";
        f->size = 100 + below(1500);
        f->unknown = 0;
        f->addr = 0xffffffff81400000ULL + (uint64_t)i * 0x8000;
    }
}

/* ---- output ---------------------------------------------------------- */

static char obuf[1 << 20];
static size_t olen;
static int stats_only;
static uint64_t bytes, lines, samples;

static void out(const char *s, size_t n)
{
    bytes += n;
    for (size_t i = 0; i < n; i++)
        lines += s[i] == '\n';
    if (stats_only)
        return;
    if (olen + n > sizeof obuf) {
        fwrite(obuf, 1, olen, stdout);
        olen = 0;
    }
    memcpy(obuf + olen, s, n);
    olen += n;
}

/* One frame line; leaf: the sampled address, anywhere in the function. */
static void frame(const func *f, unsigned off)
{
    char line[256];
    int n;
    if (f->unknown)
        n = snprintf(line, sizeof line, "\t%16" PRIx64 " [unknown] (%s)\n", f->addr + off, f->dso);
    else
        n = snprintf(line, sizeof line, "\t%16" PRIx64 " %s+0x%x (%s)\n", f->addr + off, f->name,
                     off, f->dso);
    out(line, (size_t)n);
}

static const process *pick_process(void)
{
    double u = uniform();
    for (int i = 0; i < nprocs; i++) {
        if (u < procs[i].weight)
            return &procs[i];
        u -= procs[i].weight;
    }
    return &procs[0];
}

static void sample(double *clock)
{
    const process *p = pick_process();
    double u = uniform();
    const thread *t = &p->threads[p->nthreads - 1];
    for (int i = 0; i < p->nthreads; i++) {
        if (u < p->threads[i].weight) {
            t = &p->threads[i];
            break;
        }
        u -= p->threads[i].weight;
    }
    *clock += 0.000001 * (1 + below(400));
    uint64_t us = (uint64_t)(*clock * 1e6);
    char head[256];
    int n = snprintf(head, sizeof head, "%s %5d/%-5d [%03u] %" PRIu64 ".%06" PRIu64 ": %10u cycles:\n",
                     t->comm, p->pid, t->tid, below(16), us / 1000000, us % 1000000,
                     250000 + below(2000000));
    out(head, (size_t)n);
    int pi = pick_path(p);
    const short *path = p->paths[pi];
    int depth = 0;
    while (path[depth] >= 0)
        depth++;
    /* The leaf's address: mostly one of a few hot instructions. */
    uint32_t ph = (uint32_t)pi * 2654435761u + (uint32_t)p->pid;
    const func *lf = &p->funcs[path[depth - 1]];
    unsigned hot = below(10) ? (ph >> 8) % 8 : below(lf->size);
    /* A third of the user paths end in a system call or a page fault. */
    if (p->pid > 155 && ph % 3 == 0) {
        unsigned k = (ph >> 4) % (NKCHAIN - 1);
        unsigned len = 2 + (ph >> 12) % 5;
        const func *leaf = &kfuncs[(k * 2 + len) % (NKCHAIN * 2)];
        frame(leaf, (hot * 37) % leaf->size & ~3u);
        for (unsigned i = len; i-- > 0;) {
            const func *f = &kfuncs[(k * 2 + i) % (NKCHAIN * 2)];
            frame(f, (unsigned)(f->size / 2 + i * 5));
        }
        for (int i = depth - 1; i >= 0; i--) {
            const func *f = &p->funcs[path[i]];
            frame(f, (unsigned)((path[i] * 2654435761u + (unsigned)i) % f->size) | 1u);
        }
    } else {
        for (int i = depth - 1; i >= 0; i--) {
            const func *f = &p->funcs[path[i]];
            unsigned off = i == depth - 1 ? (hot * 37) % f->size & ~3u
                                          : (unsigned)((path[i] * 2654435761u + (unsigned)i) % f->size) | 1u;
            frame(f, off);
        }
    }
    out("\n", 1);
    samples++;
}

int main(int argc, char **argv)
{
    uint64_t mb = 1024, seed = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc)
            mb = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--stats") == 0)
            stats_only = 1;
        else {
            fprintf(stderr, "usage: gen-perf [--mb N] [--seed N] [--stats] > file\n");
            return 2;
        }
    }
    rng_state = seed * 0x2545f4914f6cdd1dULL + 1;
    setup();
    double clock = 184694.229089;
    uint64_t target = mb * 1000000;
    while (bytes < target)
        sample(&clock);
    if (!stats_only && olen)
        fwrite(obuf, 1, olen, stdout);
    if (stats_only)
        printf("%" PRIu64 " bytes, %" PRIu64 " lines, %" PRIu64 " samples\n", bytes, lines, samples);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen-perf: write");
        return 1;
    }
    return 0;
}
