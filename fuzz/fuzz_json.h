/*
 * fuzz_json.h - the body of the JSON readers' libFuzzer harnesses
 * (fuzz_trace.c, fuzz_speedscope.c): bytes in, folded lines out, read in
 * several ways that must agree.
 *
 * The first byte picks the options: --input-format (the harness's format
 * or auto), --flamechart, and the size of the stretches the trace reader's
 * two threads take (down to one byte, so that every guess at where an
 * event begins is tried, and checked).  The rest is the input, read:
 *
 *   A  flame_graph_read_buffer(), one parse of the whole (the reference:
 *      stretches larger than any input);
 *   B  the same with the chosen stretches;
 *   C  flame_graph_read_fd() on a SOCK_SEQPACKET socket, each read() one
 *      piece of an input-chosen split, with the chosen stretches.
 *
 * Status, error message, warnings and folded output must be the same;
 * anything else aborts.  Each result is then laid out and its SVG
 * checked to hold the frames (crashes and sanitizers do the rest).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "flame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* lib/decode/trace_split.c, for tests: the stretch size (0: the default).
 * Internal, but linked from the static library. */
void fl_trace_split_set_segment(size_t bytes);

#define FUZZ_MAX_INPUT ((size_t)1 << 20)

#define CHECK(cond, ...)                                                               \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "fuzz_json: check failed: %s (line %d): ", #cond, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                                              \
            fputc('\n', stderr);                                                       \
            abort();                                                                   \
        }                                                                              \
    } while (0)

typedef struct outcome {
    flame_status st;
    char err[1024];
    char warn[512];
    size_t nwarn;
    char *folded;
    size_t len;
} outcome;

static flame_graph *new_graph(int format, int chart)
{
    flame_graph *g = flame_graph_new();
    if (!g)
        return NULL;
    CHECK(flame_graph_set_int(g, FLAME_OPT_KEEP_STACKS, 1) == FLAME_OK, "keep");
    CHECK(flame_graph_set_int(g, FLAME_OPT_INPUT_FORMAT, format) == FLAME_OK, "format");
    CHECK(flame_graph_set_int(g, FLAME_OPT_FLAMECHART, chart) == FLAME_OK, "chart");
    return g;
}

static uint64_t seed_of(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;     /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h | 1;
}

static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

/* Pieces of the input through a socket, one per read().  -1: skip. */
static int read_packets(flame_graph *g, const char *p, size_t n, uint64_t *rng, flame_status *out)
{
    if (n > 65536)
        return -1;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        return -1;
    size_t pieces = 1 + next_rand(rng) % 16, off = 0;
    int ok = 1;
    for (size_t i = 0; i < pieces && off < n && ok; i++) {
        size_t left = n - off;
        size_t len = i + 1 == pieces ? left : 1 + next_rand(rng) % left;
        ok = send(sv[1], p + off, len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len;
        off += len;
    }
    close(sv[1]);
    if (!ok) {
        close(sv[0]);
        return -1;
    }
    /* Every reading names its source "input": messages then compare equal
     * whichever reader detection picked (perf's messages name the source). */
    *out = flame_graph_read_fd(g, sv[0], "input");
    close(sv[0]);
    return 0;
}

/* After reading: the folded lines, then a layout and an SVG. */
static void finish(flame_graph *g, flame_status st, outcome *o)
{
    memset(o, 0, sizeof *o);
    o->st = st;
    if (st == FLAME_OK) {
        void *data = NULL;
        size_t len = 0;
        o->st = flame_graph_render_memory(g, FLAME_FORMAT_FOLDED, &data, &len);
        o->folded = data;
        o->len = len;
    }
    snprintf(o->err, sizeof o->err, "%s", flame_graph_error(g));
    o->nwarn = flame_graph_warning_count(g);
    if (o->nwarn)
        snprintf(o->warn, sizeof o->warn, "%s", flame_graph_warning(g, 0));
    if (o->st != FLAME_OK && o->st != FLAME_ERR_NOMEM)
        CHECK(o->err[0], "status %d without a message", o->st);
    if (o->st == FLAME_OK) {
        void *svg = NULL;
        size_t n = 0;
        flame_status s = flame_graph_render_memory(g, FLAME_FORMAT_SVG, &svg, &n);
        CHECK(s == FLAME_OK || s == FLAME_ERR_NOMEM || s == FLAME_ERR_LIMIT, "svg: %d %s", s,
              flame_graph_error(g));
        if (s == FLAME_OK)
            CHECK(n > 5 && memcmp(svg, "<?xml", 5) == 0, "svg: no XML declaration");
        flame_free(svg);
    }
}

/*
 * The same message.  A JSON syntax error's place is yajl's: the offending
 * token, or a point inside it when the token was cut by the end of a read
 * (fuzz/FINDINGS.md J1), so only what it says must be the same, and its
 * place no earlier.
 */
static int same_message(const char *a, const char *b)
{
    static const char lead[] = "malformed JSON at line ";
    if (strncmp(a, lead, sizeof lead - 1) != 0 || strncmp(b, lead, sizeof lead - 1) != 0)
        return strcmp(a, b) == 0;
    const char *wa = strstr(a, "): "), *wb = strstr(b, "): ");
    const char *ba = strstr(a, "(byte "), *bb = strstr(b, "(byte ");
    if (!wa || !wb || !ba || !bb || strcmp(wa, wb) != 0)
        return 0;
    return strtoull(bb + 6, NULL, 10) >= strtoull(ba + 6, NULL, 10);
}

static void compare(const outcome *a, const outcome *b, const char *how)
{
    if (a->st == FLAME_ERR_NOMEM || b->st == FLAME_ERR_NOMEM)
        return;
    CHECK(a->st == b->st, "%s: status %d, reference %d (%s / %s)", how, b->st, a->st, b->err, a->err);
    CHECK(same_message(a->err, b->err), "%s: message '%s', reference '%s'", how, b->err, a->err);
    CHECK(a->nwarn == b->nwarn && strcmp(a->warn, b->warn) == 0, "%s: warnings", how);
    CHECK(a->len == b->len && (!a->len || memcmp(a->folded, b->folded, a->len) == 0),
          "%s: folded output differs (%zu and %zu bytes)", how, b->len, a->len);
}

static void run_all(int format, const uint8_t *data, size_t size)
{
    if (size < 1)
        return;
    uint8_t opt = data[0];
    int fmt = opt & 1 ? format : FLAME_INPUT_AUTO;
    int chart = (opt >> 1) & 1;
    static const size_t segments[8] = {1, 2, 5, 16, 64, 333, 4096, 65536};
    size_t segment = segments[(opt >> 2) & 7];
    const char *p = (const char *)data + 1;
    size_t n = size - 1 > FUZZ_MAX_INPUT ? FUZZ_MAX_INPUT : size - 1;
    uint64_t rng = seed_of(data, size);

    outcome ref, other;
    fl_trace_split_set_segment((size_t)1 << 40);
    flame_graph *g = new_graph(fmt, chart);
    if (!g)
        return;
    finish(g, flame_graph_read_buffer(g, p, n, "input"), &ref);
    flame_graph_free(g);

    fl_trace_split_set_segment(segment);
    if ((g = new_graph(fmt, chart)) != NULL) {
        finish(g, flame_graph_read_buffer(g, p, n, "input"), &other);
        compare(&ref, &other, "stretches");
        flame_free(other.folded);
        flame_graph_free(g);
    }
    if ((g = new_graph(fmt, chart)) != NULL) {
        flame_status st;
        if (read_packets(g, p, n, &rng, &st) == 0) {
            finish(g, st, &other);
            /* the source's name differs, not what is said about it */
            compare(&ref, &other, "chunked read_fd");
            flame_free(other.folded);
        }
        flame_graph_free(g);
    }
    fl_trace_split_set_segment(0);
    flame_free(ref.folded);
}
