/*
 * gen-trace.c - deterministic generator of Viztracer-like Trace Event JSON
 * for the cflamegraph benchmark (bench/run.sh).  Plain C99, no dependencies.
 *
 *   gen-trace [--events N] [--mb M] [--threads T] [--seed S] > result.json
 *
 * Writes {"traceEvents":[...],"viztracer_metadata":{...},"file_info":{...}}
 * with N complete ("X") events (default 10,000,000), or as many as make
 * about M megabytes (10^6 bytes) when --mb is given, over T threads
 * (default 8) of one process.  As Viztracer writes them:
 *
 *   - an X event is written when its function returns, so children come
 *     before their parents, and the threads' events are interleaved in the
 *     order their functions return;
 *   - "ts" and "dur" are microseconds with three decimals;
 *   - names are Python's: "function (/path/to/module.py:LINE)" for Python
 *     functions, "builtins.len" or "<method 'append' of 'list' objects>"
 *     for C functions (always leaves);
 *   - "M" events name the process and each thread; a "file_info" object
 *     with source text follows the events.
 *
 * Calls follow a fixed random call graph (each function calls a few others,
 * popular ones more often), so the same stacks recur as in a real program.
 * The output depends only on the options.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers: splitmix64 (deterministic everywhere) ------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static unsigned below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

/* Roughly Zipf-distributed in [0, n): small indexes are popular. */
static unsigned popular(unsigned n)
{
    double u = (double)(rnd() >> 11) / 9007199254740992.0;
    unsigned k = (unsigned)((double)n * u * u * u);
    return k < n ? k : n - 1;
}

/* ---- names -------------------------------------------------------------- */

static const char *const dirs[] = {
    "/src/rotkehlchen/chain/ethereum", "/src/rotkehlchen/db",
    "/src/rotkehlchen/history", "/src/rotkehlchen/tests/unit",
    "/src/rotkehlchen/api/v1", "/src/rotkehlchen/externalapis",
    "/usr/lib/python3.11/json", "/usr/lib/python3.11/asyncio", "/usr/lib/python3.11/logging",
    "/usr/lib/python3.11", "/venv/site-packages/_pytest",
    "/venv/site-packages/pluggy",
    "/venv/site-packages/requests",
    "/venv/site-packages/urllib3/connectionpool",
    "/venv/site-packages/gevent",
    "/venv/site-packages/web3/_utils",
};
static const char *const modules[] = {
    "node_inquirer", "decoder", "manager", "utils", "structures", "handler", "queries",
    "history_events", "conftest", "test_balances", "resources", "encoder", "events",
    "base_events", "__init__", "fixtures", "runner", "python", "main", "sessions", "models",
    "connection", "hub", "greenlet", "abi", "formatters", "cursor", "dbhandler", "assets",
};
static const char *const verbs[] = {
    "get", "query", "decode", "encode", "process", "_handle", "_maybe", "iter", "parse",
    "update", "add", "check", "load", "_call", "fetch", "validate", "serialize", "deserialize",
    "make", "_get", "run", "resolve", "find", "_prepare", "apply",
};
static const char *const nouns[] = {
    "balance", "events", "transaction", "receipt", "token", "asset", "price", "history",
    "block", "logs", "row", "cursor", "request", "response", "settings", "accounts", "fixture",
    "hook", "item", "value", "entry", "cache", "query", "result", "node", "contract",
};
static const char *const specials[] = {
    "__init__", "__call__", "wrapper", "<listcomp>", "<genexpr>", "<lambda>", "__enter__",
    "__exit__", "_multicall", "__getattr__", "inner", "<dictcomp>",
};
static const char *const builtins[] = {
    "builtins.len", "builtins.isinstance", "builtins.getattr", "builtins.hasattr",
    "builtins.min", "builtins.max", "builtins.sorted", "builtins.print", "builtins.iter",
    "builtins.next", "<method 'append' of 'list' objects>", "<method 'get' of 'dict' objects>",
    "<method 'items' of 'dict' objects>", "<method 'join' of 'str' objects>",
    "<method 'startswith' of 'str' objects>", "<method 'encode' of 'str' objects>",
    "<method 'execute' of 'sqlite3.Cursor' objects>", "<method 'fetchall' of 'sqlite3.Cursor' objects>",
    "<method 'acquire' of '_thread.lock' objects>", "<built-in method time.time>",
    "<built-in method posix.stat>", "<built-in method _json.scanstring>",
    "<built-in method _hashlib.openssl_sha256>", "<method 'recv_into' of '_socket.socket' objects>",
};

#define N_PY 3000
#define N_BUILTIN (sizeof builtins / sizeof builtins[0])
#define N_FUNCS (N_PY + N_BUILTIN)
#define MAX_CALLEES 4

typedef struct func {
    char name[200];
    unsigned ncallees;          /* 0: a C function, always a leaf */
    unsigned callees[MAX_CALLEES];
    unsigned work_ns;           /* typical time of its own */
} func;

static func funcs[N_FUNCS];

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static void make_funcs(void)
{
    for (unsigned i = 0; i < N_PY; i++) {
        func *f = &funcs[i];
        char fn[80];
        if (below(8) == 0)
            snprintf(fn, sizeof fn, "%s", specials[below(COUNT(specials))]);
        else
            snprintf(fn, sizeof fn, "%s_%s", verbs[below(COUNT(verbs))], nouns[below(COUNT(nouns))]);
        snprintf(f->name, sizeof f->name, "%s (%s/%s.py:%u)", fn, dirs[below(COUNT(dirs))],
                 modules[below(COUNT(modules))], 1 + below(2400));
        f->ncallees = 1 + below(MAX_CALLEES);
        for (unsigned k = 0; k < f->ncallees; k++) {
            /* Mostly other Python functions further down the pool (so the
             * graph has a direction), some C functions. */
            if (below(3) == 0)
                f->callees[k] = N_PY + below((unsigned)N_BUILTIN);
            else
                f->callees[k] = (i + 1 + popular(N_PY - 1)) % N_PY;
        }
        f->work_ns = 100 + below(3000);
    }
    for (unsigned i = 0; i < N_BUILTIN; i++) {
        func *f = &funcs[N_PY + i];
        snprintf(f->name, sizeof f->name, "%s", builtins[i]);
        f->ncallees = 0;
        f->work_ns = 50 + below(800);
    }
}

/* ---- threads ------------------------------------------------------------ */

#define MAX_DEPTH 64

typedef struct frame {
    unsigned func;
    uint64_t start;             /* ns */
    unsigned last;              /* what it called last, or N_FUNCS */
} frame;

typedef struct thread {
    unsigned tid;
    uint64_t now;               /* ns */
    unsigned depth;
    frame stack[MAX_DEPTH];
} thread;

static const char *const thread_names[] = {
    "MainThread", "ThreadPoolExecutor-0_0", "ThreadPoolExecutor-0_1", "Dummy-1", "gevent-hub",
    "TaskRunner", "Thread-3 (_worker)", "Thread-4 (monitor)",
};

static unsigned long long written;   /* bytes */
static unsigned long long events;    /* X events written */
static int first_event = 1;

static void out(const char *s, size_t n)
{
    fwrite(s, 1, n, stdout);
    written += n;
}

static void outs(const char *s)
{
    out(s, strlen(s));
}

static void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void outf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        out(buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void sep(void)
{
    if (!first_event)
        outs(",");
    first_event = 0;
}

#define PID 41702

/* A function returns: its X event. */
static void ret(thread *t)
{
    frame *fr = &t->stack[--t->depth];
    t->now += 20 + below(200);
    uint64_t dur = t->now - fr->start;
    sep();
    outf("{\"pid\":%u,\"tid\":%u,\"ts\":%llu.%03llu,\"dur\":%llu.%03llu,\"name\":\"%s\",\"ph\":\"X\",\"cat\":\"FEE\"}",
         PID, t->tid, (unsigned long long)(fr->start / 1000), (unsigned long long)(fr->start % 1000),
         (unsigned long long)(dur / 1000), (unsigned long long)(dur % 1000), funcs[fr->func].name);
    events++;
}

static void call(thread *t, unsigned f)
{
    t->now += 30 + below(300);
    if (t->depth)
        t->stack[t->depth - 1].last = f;
    t->stack[t->depth].func = f;
    t->stack[t->depth].start = t->now;
    t->stack[t->depth].last = N_FUNCS;
    t->depth++;
}

/* One step of a thread: call something or return. */
static void step(thread *t, int may_call)
{
    if (t->depth == 0) {
        /* A new top-level call: the thread's entry points. */
        t->now += 1000 + below(50000);
        call(t, below(16));
        return;
    }
    const frame *top = &t->stack[t->depth - 1];
    const func *f = &funcs[top->func];
    /* Calls get rarer with depth: stacks of 5 to 30 frames. */
    unsigned call_pct = f->ncallees == 0 || t->depth >= MAX_DEPTH ? 0
                        : t->depth < 5 ? 80 : t->depth < 12 ? 58 : t->depth < 20 ? 35 : 15;
    if (may_call && top->last >= N_PY && top->last < N_FUNCS && below(100) < 45) {
        /* A loop: the same C function again (list.append, len, ...). */
        t->now += 20 + below(100);
        call(t, top->last);
    } else if (may_call && below(100) < call_pct) {
        t->now += f->work_ns / 4 + below(f->work_ns);
        call(t, f->callees[popular(f->ncallees)]);
    } else {
        t->now += f->work_ns / 2 + below(f->work_ns);
        ret(t);
    }
}

int main(int argc, char **argv)
{
    unsigned long long want = 10000000, want_bytes = 0;
    unsigned nthreads = 8;
    unsigned long long seed = 1;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--events") == 0)
            want = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--mb") == 0)
            want_bytes = strtoull(argv[++i], NULL, 10) * 1000000ULL, want = ~0ULL;
        else if (i + 1 < argc && strcmp(argv[i], "--threads") == 0)
            nthreads = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[++i], NULL, 10);
        else {
            fprintf(stderr, "usage: gen-trace [--events N] [--mb M] [--threads T] [--seed S]\n");
            return 2;
        }
    }
    if (nthreads < 1 || nthreads > 64) {
        fprintf(stderr, "gen-trace: --threads: 1 to 64\n");
        return 2;
    }
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    rng_state = seed;
    make_funcs();

    thread *th = calloc(nthreads, sizeof *th);
    if (!th)
        return 1;
    for (unsigned i = 0; i < nthreads; i++) {
        th[i].tid = i == 0 ? PID : PID + 17 + i * 3;
        th[i].now = 2847291000000ULL + i * 7919000ULL;   /* a perf_counter() base */
    }
    outs("{\"traceEvents\":[");
    /* Until enough events are written; then every open call returns. */
    for (;;) {
        unsigned long long open = 0;
        for (unsigned i = 0; i < nthreads; i++)
            open += th[i].depth;
        int enough = want_bytes ? written >= want_bytes : events + open >= want;
        if (enough && open == 0)
            break;
        /* The thread furthest behind moves: events come out in the order
         * their functions return, across threads. */
        thread *t = &th[0];
        for (unsigned i = 1; i < nthreads; i++)
            if (th[i].now < t->now)
                t = &th[i];
        if (enough && t->depth == 0) {
            for (unsigned i = 0; i < nthreads; i++)
                if (th[i].depth) {
                    t = &th[i];
                    break;
                }
        }
        step(t, !enough);
    }
    sep();
    outf("{\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"name\":\"process_name\",\"args\":{\"name\":\"python3 -m pytest rotkehlchen/tests\"}}",
         PID, PID);
    for (unsigned i = 0; i < nthreads; i++) {
        sep();
        outf("{\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"name\":\"thread_name\",\"args\":{\"name\":\"%s\"}}", PID,
             th[i].tid, i < COUNT(thread_names) ? thread_names[i] : "Thread");
    }
    outs("],\"viztracer_metadata\":{\"version\":\"0.16.3\",\"overflow\":false},\"file_info\":{\"files\":{");
    for (unsigned i = 0; i < COUNT(modules); i++) {
        outf("%s\"%s/%s.py\":[\"", i ? "," : "", dirs[i % COUNT(dirs)], modules[i]);
        for (unsigned l = 0; l < 40; l++)
            outf("def %s_%s(self, value):\\n    return self.%s(value)\\n\\n", verbs[(i + l) % COUNT(verbs)],
                 nouns[l % COUNT(nouns)], nouns[(i * 3 + l) % COUNT(nouns)]);
        outf("\",%u]", 120);
    }
    outs("},\"functions\":{}}}\n");
    free(th);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("gen-trace: write");
        return 1;
    }
    fprintf(stderr, "gen-trace: %llu X events, %llu bytes\n", events, written);
    return 0;
}
