/*
 * fuzz_perf.c - libFuzzer harness for the perf script reader: bytes in,
 * folded stacks and an SVG out.
 *
 * Input layout:
 *
 *   byte 0   options: --pid, --tid, --kernel, --jit, --all, --addrs,
 *            --event-filter cycles, and (bit 7) the format detected
 *            instead of --input-format perf for the whole pipeline
 *   byte 1   the seed of the chunk sizes
 *   rest     perf script text
 *
 * Checks, any failure aborts:
 *
 *   1. the reader given the text at once and in chunks (of 1 byte, and of
 *      sizes from the seed) ends the same way with the same folded lines:
 *      the line memo, the call-chain memo (only used within a chunk) and
 *      lines across chunks must not change anything;
 *   2. its lines are in strict byte order and end in a count;
 *   3. the text twice (each ended by a blank line) gives the same stacks
 *      with twice the counts: what the memos remember is what a second
 *      reading would find;
 *   4. the whole pipeline with these options: a known status, a message
 *      with every error (a header error names its line), the total is the
 *      sum of the reader's counts, and the SVG is well-formed and
 *      namespace-well-formed XML.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "flame.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/diag.h"
#include "decode/perf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_MAX_INPUT ((size_t)1 << 20)

#define CHECK(cond, ...)                                                            \
    do {                                                                            \
        if (!(cond)) {                                                              \
            fprintf(stderr, "fuzz_perf: check failed: %s (line %d): ", #cond, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                                           \
            fputc('\n', stderr);                                                    \
            abort();                                                                \
        }                                                                           \
    } while (0)

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlSetGenericErrorFunc(NULL, silent);
    return 0;
}

/* ---- the reader alone --------------------------------------------------- */

typedef struct reading {
    flame_status status;
    char err[1024];
    fl_buf lines;                /* "line\n" each */
    size_t n;
    int ordered, counted;        /* byte order; every line ends in " DIGITS" */
    fl_buf prev;
    double sum;
} reading;

static flame_status collect(void *ctx, const char *line, size_t len)
{
    reading *r = ctx;
    if (r->n && fl_bytes_cmp(r->prev.data, r->prev.len, line, len) >= 0)
        r->ordered = 0;
    size_t d = len;
    while (d > 0 && line[d - 1] >= '0' && line[d - 1] <= '9')
        d--;
    if (d == len || d == 0 || line[d - 1] != ' ')
        r->counted = 0;
    else
        r->sum += strtod(line + d, NULL);
    r->prev.len = 0;
    if (fl_buf_append(&r->prev, line, len) != 0 || fl_buf_append(&r->lines, line, len) != 0 ||
        fl_buf_putc(&r->lines, '\n') != 0)
        return FLAME_ERR_NOMEM;
    r->n++;
    return FLAME_OK;
}

static void set_options(fl_config *c, unsigned flags)
{
    c->perf_pid = flags & 1;
    c->perf_tid = (flags >> 1) & 1;
    c->perf_kernel = (flags >> 2) & 1;
    c->perf_jit = (flags >> 3) & 1;
    c->perf_all = (flags >> 4) & 1;
    c->perf_addrs = (flags >> 5) & 1;
    c->perf_event_filter = flags & 64 ? "cycles" : NULL;
}

/* Read p[0..n) in chunks: chunk 0 at once, else sizes from the seed. */
static void read_perf(reading *r, const char *p, size_t n, unsigned flags, unsigned chunk,
                      uint64_t seed)
{
    memset(r, 0, sizeof *r);
    r->ordered = r->counted = 1;
    fl_config cfg;
    fl_config_init(&cfg);
    set_options(&cfg, flags);
    fl_diag diag;
    memset(&diag, 0, sizeof diag);
    void *st = fl_perf_reader.open(&cfg, &diag, FLAME_INPUT_PERF, "fuzz.txt");
    if (!st) {
        r->status = FLAME_ERR_NOMEM;
    } else {
        for (size_t off = 0; off < n && r->status == FLAME_OK;) {
            size_t k = n - off;
            if (chunk == 1) {
                k = 1;
            } else if (chunk) {
                seed = seed * 6364136223846793005u + 1442695040888963407u;
                size_t want = 1 + (size_t)(seed >> 33) % 300;
                if (k > want)
                    k = want;
            }
            r->status = fl_perf_reader.chunk(st, p + off, k);
            off += k;
        }
        if (r->status == FLAME_OK) {
            const char *unit = NULL;
            r->status = fl_perf_reader.finish(st, collect, r, &unit);
        }
        fl_perf_reader.close(st);
    }
    memcpy(r->err, diag.err, sizeof r->err);
    fl_diag_free(&diag);
    cfg.perf_event_filter = NULL;
    fl_config_free(&cfg);
}

static void free_reading(reading *r)
{
    fl_buf_free(&r->lines);
    fl_buf_free(&r->prev);
}

static void same_reading(const reading *a, const reading *b, const char *how)
{
    if (a->status == FLAME_ERR_NOMEM || b->status == FLAME_ERR_NOMEM)
        return;
    CHECK(a->status == b->status, "%s: status %d, at once %d (%s / %s)", how, b->status, a->status,
          b->err, a->err);
    if (a->status != FLAME_OK) {
        CHECK(strcmp(a->err, b->err) == 0, "%s: error '%s', at once '%s'", how, b->err, a->err);
        return;
    }
    CHECK(a->lines.len == b->lines.len &&
              (a->lines.len == 0 || memcmp(a->lines.data, b->lines.data, a->lines.len) == 0),
          "%s: other folded lines:\n%.2000s\nat once:\n%.2000s", how,
          b->lines.data ? b->lines.data : "", a->lines.data ? a->lines.data : "");
}

/* A folded line taken apart: the stack and its count. */
typedef struct folded {
    const char *stack;
    size_t len;
    double count;
} folded;

static int folded_cmp(const void *pa, const void *pb)
{
    const folded *a = pa, *b = pb;
    return fl_bytes_cmp(a->stack, a->len, b->stack, b->len);
}

/* The lines of a reading, sorted by stack (their order depends on the
 * counts: "a;b 13" before "a;b 14x 1", "a;b 14x 2" before "a;b 26"). */
static folded *split(const reading *r)
{
    folded *f = malloc((r->n ? r->n : 1) * sizeof *f);
    if (!f)
        return NULL;
    const char *p = r->lines.data, *end = p + r->lines.len;
    for (size_t i = 0; i < r->n; i++) {
        /* Lines may hold NUL bytes: lengths, not strings. */
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        CHECK(nl != NULL, "line %zu unterminated", i);
        const char *c = nl;
        while (c > p && c[-1] != ' ')
            c--;
        CHECK(c > p, "line %zu without a count", i);
        f[i].stack = p;
        f[i].len = (size_t)(c - 1 - p);
        f[i].count = strtod(c, NULL);
        p = nl + 1;
    }
    qsort(f, r->n, sizeof *f, folded_cmp);
    return f;
}

/* The second reading's stacks are the first's with twice the counts. */
static void doubled(const reading *once, const reading *twice)
{
    if (once->status != FLAME_OK || twice->status != FLAME_OK)
        return;
    CHECK(once->n == twice->n, "twice: %zu lines, once %zu", twice->n, once->n);
    if (once->n == 0)
        return;
    folded *a = split(once), *b = split(twice);
    for (size_t i = 0; a && b && i < once->n; i++) {
        CHECK(a[i].len == b[i].len && memcmp(a[i].stack, b[i].stack, a[i].len) == 0,
              "twice: stack %zu differs", i);
        CHECK(fabs(b[i].count - 2 * a[i].count) <= 1e-9 * b[i].count,
              "twice: stack %zu count %.17g, once %.17g", i, b[i].count, a[i].count);
    }
    free(a);
    free(b);
}

/* ---- the pipeline --------------------------------------------------------- */

static void check_svg(const void *svg, size_t len)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, svg, (int)len, "fuzz.svg", NULL,
                                      XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    if (!doc && ctxt->lastError.code == XML_ERR_NO_MEMORY) {
        xmlFreeParserCtxt(ctxt);
        return;
    }
    CHECK(doc && ctxt->wellFormed, "SVG is not well-formed: %s (line %d)",
          ctxt->lastError.message ? ctxt->lastError.message : "?", ctxt->lastError.line);
    CHECK(ctxt->nsWellFormed, "SVG is not namespace-well-formed: %s (line %d)",
          ctxt->lastError.message ? ctxt->lastError.message : "?", ctxt->lastError.line);
    xmlNode *root = xmlDocGetRootElement(doc);
    CHECK(root && strcmp((const char *)root->name, "svg") == 0, "root is not <svg>");
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
}

static void pipeline(const char *p, size_t n, unsigned flags, const reading *ref)
{
    flame_graph *g = flame_graph_new();
    if (!g)
        return;
    static const flame_option keys[] = {FLAME_OPT_PERF_PID, FLAME_OPT_PERF_TID,
                                        FLAME_OPT_PERF_KERNEL, FLAME_OPT_PERF_JIT,
                                        FLAME_OPT_PERF_ALL, FLAME_OPT_PERF_ADDRS};
    for (int i = 0; i < 6; i++)
        if (flags & (1u << i))
            CHECK(flame_graph_set_int(g, keys[i], 1) == FLAME_OK, "option %d", i);
    if (flags & 64)
        CHECK(flame_graph_set_string(g, FLAME_OPT_PERF_EVENT_FILTER, "cycles") == FLAME_OK, "event");
    int detect = (flags & 128) != 0;
    if (!detect)
        CHECK(flame_graph_set_int(g, FLAME_OPT_INPUT_FORMAT, FLAME_INPUT_PERF) == FLAME_OK, "format");
    flame_status st = flame_graph_read_buffer(g, p, n, "fuzz.txt");
    CHECK(st == FLAME_OK || st == FLAME_ERR_INPUT || st == FLAME_ERR_NOMEM ||
              st == FLAME_ERR_LIMIT,
          "read: status %d: %s", st, flame_graph_error(g));
    if (st != FLAME_OK) {
        CHECK(flame_graph_error(g)[0], "read status %d without a message", st);
        if (st == FLAME_ERR_INPUT && !detect)
            CHECK(strncmp(flame_graph_error(g), "fuzz.txt:", 9) == 0, "error without its line: %s",
                  flame_graph_error(g));
        flame_graph_free(g);
        return;
    }
    st = flame_graph_layout(g);
    CHECK(st == FLAME_OK || st == FLAME_ERR_NO_SAMPLES || st == FLAME_ERR_NOMEM ||
              st == FLAME_ERR_LIMIT,
          "layout: status %d: %s", st, flame_graph_error(g));
    if (st != FLAME_OK && st != FLAME_ERR_NO_SAMPLES) {
        CHECK(flame_graph_error(g)[0], "layout status %d without a message", st);
        flame_graph_free(g);
        return;
    }
    if (st == FLAME_OK && !detect && ref->status == FLAME_OK) {
        double total = flame_graph_total(g);
        CHECK(fabs(total - ref->sum) <= 1e-9 * (total > ref->sum ? total : ref->sum),
              "total %.17g, the reader's counts add up to %.17g", total, ref->sum);
    }
    void *svg = NULL;
    size_t len = 0;
    flame_status rs = flame_graph_render_memory(g, FLAME_FORMAT_SVG, &svg, &len);
    CHECK(rs == FLAME_OK || rs == FLAME_ERR_NO_SAMPLES || rs == FLAME_ERR_NOMEM ||
              rs == FLAME_ERR_LIMIT,
          "render: status %d: %s", rs, flame_graph_error(g));
    if (svg)
        check_svg(svg, len);
    flame_free(svg);
    flame_graph_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned flags = data[0];
    uint64_t seed = data[1] * 0x9e3779b97f4a7c15u + 1;
    const char *p = (const char *)data + 2;
    size_t n = size - 2 > FUZZ_MAX_INPUT ? FUZZ_MAX_INPUT : size - 2;

    reading whole, bytes, chunks;
    read_perf(&whole, p, n, flags, 0, seed);
    CHECK(whole.status == FLAME_OK || whole.status == FLAME_ERR_INPUT ||
              whole.status == FLAME_ERR_NOMEM,
          "reader: status %d: %s", whole.status, whole.err);
    if (whole.status != FLAME_OK && whole.status != FLAME_ERR_NOMEM)
        CHECK(whole.err[0], "reader: status %d without a message", whole.status);
    if (whole.status == FLAME_OK) {
        CHECK(whole.ordered, "lines out of byte order:\n%.2000s", whole.lines.data);
        CHECK(whole.counted, "a line without a count:\n%.2000s", whole.lines.data);
    }
    read_perf(&bytes, p, n, flags, 1, seed);
    same_reading(&whole, &bytes, "byte by byte");
    read_perf(&chunks, p, n, flags, 2, seed);
    same_reading(&whole, &chunks, "in chunks");
    free_reading(&bytes);
    free_reading(&chunks);

    /* The text once and twice, each ended by a blank line. */
    char *two = malloc(2 * n + 4);
    if (two) {
        memcpy(two, p, n);
        memcpy(two + n, "\n\n", 2);
        memcpy(two + n + 2, p, n);
        memcpy(two + 2 * n + 2, "\n\n", 2);
        reading once, twice;
        read_perf(&once, two, n + 2, flags, 0, seed);
        read_perf(&twice, two, 2 * n + 4, flags, 0, seed);
        doubled(&once, &twice);
        free_reading(&once);
        free_reading(&twice);
        free(two);
    }

    pipeline(p, n, flags, &whole);
    free_reading(&whole);
    return 0;
}
