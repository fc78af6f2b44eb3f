/*
 * fuzz_folded.c - libFuzzer harness for the folded reader: bytes in, frames
 * laid out.
 *
 * The first byte picks the options that change how input is read and merged
 * (--reverse, --flamechart, --colors chain, --minwidth, --total); the rest is
 * folded input.  It is read seven ways that must give the same frames:
 *
 *   A  flame_graph_read_buffer(), all at once (the reference);
 *   B  flame_graph_add_line(), one line at a time;
 *   C  flame_graph_read_fd() on a SOCK_SEQPACKET socket, so that every read()
 *      returns one piece of a deterministic, input-chosen split: lines
 *      broken across reads, CR and LF in different chunks;
 *   D  flame_graph_read_fd() on a memfd: a regular file, which the reader
 *      reads again from the descriptor when it has to sort;
 *   E  two flame_graph_read_buffer() calls split after a newline;
 *   F  the library's simple path (keep and sort every line, no pruning);
 *   G  flame_graph_read_fd() on a memfd read in parts of a byte or more on
 *      3 threads, each part merged on its own and the parts joined.
 *
 * Any difference in status, ignored lines, total, size or any field of any
 * drawn frame aborts, and so do broken frame invariants (a child outside
 * its parent, frames out of depth-first order, non-finite geometry).
 * flame_graph_add_stack() gets the same stacks split into frames, for
 * crashes only.
 *
 * Plain C: built with clang -fsanitize=fuzzer for fuzzing (make fuzz) and
 * with the normal compiler into a replay program (fuzz/replay.c) that
 * make check runs on the saved corpus and on every past crash input.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "flame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* lib/graph.c, for tests: take the simple way (keep and sort every line,
 * keep every frame).  Internal, but linked from the static library. */
void fl_graph_simple(flame_graph *g);
/* lib/graph.c, for tests: files are read in parts of at least bytes. */
void fl_graph_part_min(flame_graph *g, size_t bytes);

/* Inputs above this are cut: the harness is about shapes, not volume. */
#define FUZZ_MAX_INPUT ((size_t)1 << 20)

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "fuzz_folded: check failed: %s (line %d): ", #cond, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                                             \
            fputc('\n', stderr);                                                      \
            abort();                                                                  \
        }                                                                             \
    } while (0)

typedef struct config {
    int reverse, flamechart, chain, total;
    double minwidth;
    int minwidth_percent;
    int weight;          /* --sort weight: from the input's hash, not with --flamechart */
} config;

static config decode(uint8_t b)
{
    static const struct { double v; int pct; } minwidths[8] = {
        {0.1, 0}, {0, 0}, {1, 0}, {30, 0}, {0.5, 1}, {10, 1}, {100, 1}, {1e-9, 0},
    };
    config c;
    c.reverse = b & 1;
    c.flamechart = (b >> 1) & 1;
    c.chain = (b >> 2) & 1;
    c.minwidth = minwidths[(b >> 3) & 7].v;
    c.minwidth_percent = minwidths[(b >> 3) & 7].pct;
    c.total = (b >> 6) & 3;
    c.weight = 0;
    return c;
}

static flame_graph *new_graph(const config *c)
{
    flame_graph *g = flame_graph_new();
    if (!g)
        return NULL;
    flame_options o;
    flame_options_init(&o);
    o.reverse = c->reverse;
    o.flamechart = c->flamechart;
    if (c->chain)
        o.palette = "chain";
    o.min_width = c->minwidth;
    o.min_width_percent = c->minwidth_percent;
    static const double totals[4] = {0, 1, 1000, 1e15};
    o.total = totals[c->total];
    flame_status st = flame_graph_set_options(g, &o);
    CHECK(st == FLAME_OK, "set_options: %s", flame_graph_error(g));
    /* The folded reader's harness: pushed lines are folded whatever they
     * look like, so every way of reading is told so (fuzz_perf and the
     * JSON harnesses read the other formats). */
    st = flame_graph_set_int(g, FLAME_OPT_INPUT_FORMAT, FLAME_INPUT_FOLDED);
    CHECK(st == FLAME_OK, "input format: %s", flame_graph_error(g));
    if (c->weight) {
        st = flame_graph_set_int(g, FLAME_OPT_SORT, FLAME_SORT_WEIGHT);
        CHECK(st == FLAME_OK, "sort weight: %s", flame_graph_error(g));
    }
    return g;
}

/* xorshift64*, seeded from the input: splits are part of the test case. */
static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static uint64_t seed_of(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;     /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h | 1;
}

/* ---- the ways of reading ----------------------------------------------- */

static flame_status read_whole(flame_graph *g, const char *p, size_t n)
{
    return flame_graph_read_buffer(g, p, n, "whole");
}

/*
 * Each line goes in a buffer of its own followed by bytes it does not
 * include: digits, which a reader that looks past len would take for more
 * of the count (fuzz/FINDINGS.md F2).
 */
static flame_status read_lines(flame_graph *g, const char *p, size_t n)
{
    const char *end = p + n;
    char *line = malloc(n + 8);
    if (!line)
        return FLAME_ERR_NOMEM;
    flame_status st = FLAME_OK;
    while (p < end && st == FLAME_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        memcpy(line, p, len);
        memcpy(line + len, "999e99", 7);
        st = flame_graph_add_line(g, line, len);
        p += len;
    }
    free(line);
    return st;
}

/* @return -1 when the socket could not take the pieces (skip the variant). */
static int read_packets(flame_graph *g, const char *p, size_t n, uint64_t *rng,
                        flame_status *out)
{
    if (n > 65536)
        return -1;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        return -1;
    size_t pieces = 1 + next_rand(rng) % 12, off = 0;
    int ok = 1;
    for (size_t i = 0; i < pieces && off < n && ok; i++) {
        size_t left = n - off;
        size_t len = i + 1 == pieces ? left : 1 + next_rand(rng) % left;
        /* A zero-length packet would read as end of file: never sent. */
        ok = send(sv[1], p + off, len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len;
        off += len;
    }
    if (ok && off < n)
        ok = send(sv[1], p + off, n - off, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)(n - off);
    close(sv[1]);
    if (!ok) {
        close(sv[0]);
        return -1;
    }
    *out = flame_graph_read_fd(g, sv[0], "packets");
    close(sv[0]);
    return 0;
}

/* parts: read on 3 threads, in parts of a byte or more. */
static int read_memfd(flame_graph *g, const char *p, size_t n, int parts, flame_status *out)
{
    if (parts) {
        if (flame_graph_set_int(g, FLAME_OPT_THREADS, 3) != FLAME_OK)
            return -1;
        fl_graph_part_min(g, 1);
    }
    int fd = memfd_create("fuzz_folded", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fd, p + off, n - off);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    if (lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return -1;
    }
    *out = flame_graph_read_fd(g, fd, "memfd");
    close(fd);
    return 0;
}

static flame_status read_two(flame_graph *g, const char *p, size_t n, uint64_t *rng)
{
    /* Split just after a newline, so both parts hold whole lines. */
    size_t cut = n ? next_rand(rng) % (n + 1) : 0;
    const char *nl = memchr(p + cut, '\n', n - cut);
    cut = nl ? (size_t)(nl - p) + 1 : n;
    flame_status st = flame_graph_read_buffer(g, p, cut, "first");
    if (st == FLAME_OK)
        st = flame_graph_read_buffer(g, p + cut, n - cut, "second");
    return st;
}

/* ---- checks ------------------------------------------------------------ */

static int same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0 || (a == b);
}

/* x plus the rounding error of a sum of that size. */
static double near(double x)
{
    return x + fabs(x) * 1e-12;
}

static void check_invariants(flame_graph *g)
{
    size_t n = flame_graph_frame_count(g);
    double w, h;
    flame_graph_size(g, &w, &h);
    CHECK(isfinite(w) && isfinite(h) && w > 0 && h > 0, "size %g x %g", w, h);
    double total = flame_graph_total(g);
    CHECK(isfinite(total) && total > 0, "total %g", total);
    /* --minwidth 100% (or the full width in pixels) can leave out even the
     * root when rounding puts the limit a hair above the total, as in
     * flamegraph.pl (FINDINGS.md F7): no frames at all. */
    if (n == 0)
        return;
    flame_frame root;
    CHECK(flame_graph_frame(g, 0, &root) == FLAME_OK, "frame 0");
    CHECK(root.depth == 0 && root.parent == 0 && root.start == 0 && root.count == total,
          "root: depth %u start %g count %g total %g", root.depth, root.start, root.count, total);
    CHECK(flame_graph_frame(g, n, &root) == FLAME_ERR_ARG, "frame past the end");
    /* Depth-first, left to right: a frame starts where its previous
     * sibling ended, or later. */
    double *child_end = calloc(n, sizeof *child_end);
    if (!child_end)
        return;
    for (size_t i = 1; i < n; i++) {
        flame_frame f, p;
        CHECK(flame_graph_frame(g, i, &f) == FLAME_OK, "frame %zu", i);
        CHECK(f.parent < i, "frame %zu: parent %zu after it", i, f.parent);
        CHECK(flame_graph_frame(g, f.parent, &p) == FLAME_OK, "parent of %zu", i);
        CHECK(f.depth > p.depth, "frame %zu: depth %u, parent's %u", i, f.depth, p.depth);
        CHECK(f.count >= 0 && isfinite(f.count), "frame %zu: count %g", i, f.count);
        CHECK(f.start >= p.start && f.start + f.count <= near(p.start + p.count),
              "frame %zu [%g,+%g) outside parent %zu [%g,+%g)", i, f.start, f.count, f.parent,
              p.start, p.count);
        CHECK(near(f.start) >= child_end[f.parent],
              "frame %zu starts at %g, before its previous sibling ends (%g)", i, f.start,
              child_end[f.parent]);
        child_end[f.parent] = f.start + f.count;
        CHECK(isfinite(f.x) && isfinite(f.y) && isfinite(f.w) && isfinite(f.h) && f.w >= 0,
              "frame %zu: rect %g %g %g %g", i, f.x, f.y, f.w, f.h);
        CHECK(f.x >= 0 && f.x + f.w <= w + 1e-6 && f.y >= 0 && f.y + f.h <= h + 1e-6,
              "frame %zu: rect %g,%g %gx%g outside %gx%g", i, f.x, f.y, f.w, f.h, w, h);
        CHECK(f.name != NULL, "frame %zu: no name", i);
        /* A delta is a sum over lines: it may overflow (FINDINGS.md F5). */
        CHECK(!isnan(f.delta), "frame %zu: delta %g", i, f.delta);
    }
    free(child_end);
}

static void compare(flame_graph *a, flame_status sa, flame_graph *b, flame_status sb,
                    const char *how)
{
    /* Out of memory in either: nothing to compare. */
    if (sa == FLAME_ERR_NOMEM || sb == FLAME_ERR_NOMEM)
        return;
    CHECK(sa == sb, "%s: status %d, reference %d (%s / %s)", how, sb, sa, flame_graph_error(b),
          flame_graph_error(a));
    /* After an error, the ways may have stopped reading at different lines. */
    if (sa != FLAME_OK && sa != FLAME_ERR_NO_SAMPLES)
        return;
    CHECK(flame_graph_ignored_lines(a) == flame_graph_ignored_lines(b),
          "%s: %zu lines ignored, reference %zu", how, flame_graph_ignored_lines(b),
          flame_graph_ignored_lines(a));
    if (sa != FLAME_OK)
        return;
    CHECK(same_double(flame_graph_total(a), flame_graph_total(b)), "%s: total %.17g, reference %.17g",
          how, flame_graph_total(b), flame_graph_total(a));
    double wa, ha, wb, hb;
    flame_graph_size(a, &wa, &ha);
    flame_graph_size(b, &wb, &hb);
    CHECK(wa == wb && ha == hb, "%s: size %gx%g, reference %gx%g", how, wb, hb, wa, ha);
    size_t n = flame_graph_frame_count(a);
    CHECK(n == flame_graph_frame_count(b), "%s: %zu frames, reference %zu", how,
          flame_graph_frame_count(b), n);
    for (size_t i = 0; i < n; i++) {
        flame_frame x, y;
        CHECK(flame_graph_frame(a, i, &x) == FLAME_OK && flame_graph_frame(b, i, &y) == FLAME_OK,
              "%s: frame %zu", how, i);
        CHECK(x.name_len == y.name_len && memcmp(x.name, y.name, x.name_len) == 0,
              "%s: frame %zu named '%.*s', reference '%.*s'", how, i, (int)(y.name_len > 200 ? 200 : y.name_len),
              y.name, (int)(x.name_len > 200 ? 200 : x.name_len), x.name);
        CHECK(x.parent == y.parent && x.depth == y.depth, "%s: frame %zu: parent %zu depth %u, "
              "reference %zu %u", how, i, y.parent, y.depth, x.parent, x.depth);
        CHECK(same_double(x.start, y.start) && same_double(x.count, y.count),
              "%s: frame %zu: [%.17g,+%.17g), reference [%.17g,+%.17g)", how, i, y.start, y.count,
              x.start, x.count);
        CHECK(same_double(x.delta, y.delta) && x.has_delta == y.has_delta,
              "%s: frame %zu: delta %.17g/%d, reference %.17g/%d", how, i, y.delta, y.has_delta,
              x.delta, x.has_delta);
        CHECK(x.x == y.x && x.y == y.y && x.w == y.w && x.h == y.h, "%s: frame %zu: rect", how, i);
        CHECK(x.r == y.r && x.g == y.g && x.b == y.b, "%s: frame %zu: colour", how, i);
    }
}

/* Every line as frames for flame_graph_add_stack(): crashes only. */
static void add_stacks(const config *c, const char *p, size_t n)
{
    flame_graph *g = new_graph(c);
    if (!g)
        return;
    char *copy = malloc(n + 1);
    const char **frames = malloc((n + 1) * sizeof *frames);
    if (copy && frames) {
        memcpy(copy, p, n);
        copy[n] = '\0';
        char *line = copy;
        while (line <= copy + n) {
            char *nl = memchr(line, '\n', (size_t)(copy + n - line));
            char *le = nl ? nl : copy + n;
            *le = '\0';
            size_t nf = 0;
            for (char *f = line;;) {
                frames[nf++] = f;
                char *semi = strchr(f, ';');
                if (!semi)
                    break;
                *semi = '\0';
                f = semi + 1;
            }
            double count = (double)(le - line) / 4;
            flame_status st = flame_graph_add_stack(g, frames, nf, count);
            CHECK(st == FLAME_OK || st == FLAME_ERR_NOMEM, "add_stack: %d", st);
            if (!nl)
                break;
            line = nl + 1;
        }
        flame_status st = flame_graph_layout(g);
        CHECK(st == FLAME_OK || st == FLAME_ERR_NO_SAMPLES || st == FLAME_ERR_NOMEM ||
              st == FLAME_ERR_LIMIT, "add_stack layout: %d", st);
        if (st == FLAME_OK)
            check_invariants(g);
    }
    free(copy);
    free(frames);
    flame_graph_free(g);
}

static flame_status finish(flame_graph *g, flame_status st)
{
    if (st != FLAME_OK)
        return st;
    st = flame_graph_layout(g);
    CHECK(st == FLAME_OK || st == FLAME_ERR_NO_SAMPLES || st == FLAME_ERR_NOMEM ||
          st == FLAME_ERR_LIMIT, "layout: status %d: %s", st, flame_graph_error(g));
    if (st != FLAME_OK)
        CHECK(flame_graph_error(g)[0], "layout status %d without a message", st);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    config c = decode(data[0]);
    const char *p = (const char *)data + 1;
    size_t n = size - 1 > FUZZ_MAX_INPUT ? FUZZ_MAX_INPUT : size - 1;
    uint64_t rng = seed_of(data, size);
    /* the first byte is all taken: half the inputs also in weight order */
    c.weight = !c.flamechart && (rng & 2);

    flame_graph *ref = new_graph(&c);
    if (!ref)
        return 0;
    flame_status sref = finish(ref, read_whole(ref, p, n));
    if (sref == FLAME_OK)
        check_invariants(ref);

    flame_graph *g = new_graph(&c);
    if (g) {
        compare(ref, sref, g, finish(g, read_lines(g, p, n)), "add_line");
        flame_graph_free(g);
    }
    g = new_graph(&c);
    if (g) {
        flame_status st;
        if (read_packets(g, p, n, &rng, &st) == 0)
            compare(ref, sref, g, finish(g, st), "chunked read_fd");
        flame_graph_free(g);
    }
    g = new_graph(&c);
    if (g) {
        flame_status st;
        if (read_memfd(g, p, n, 0, &st) == 0)
            compare(ref, sref, g, finish(g, st), "memfd read_fd");
        flame_graph_free(g);
    }
    g = new_graph(&c);
    if (g) {
        flame_status st;
        if (read_memfd(g, p, n, 1, &st) == 0)
            compare(ref, sref, g, finish(g, st), "memfd read in parts");
        flame_graph_free(g);
    }
    g = new_graph(&c);
    if (g) {
        compare(ref, sref, g, finish(g, read_two(g, p, n, &rng)), "two buffers");
        flame_graph_free(g);
    }
    g = new_graph(&c);
    if (g) {
        fl_graph_simple(g);
        compare(ref, sref, g, finish(g, read_whole(g, p, n)), "simple path");
        flame_graph_free(g);
    }
    flame_graph_free(ref);
    add_stacks(&c, p, n);
    return 0;
}
