/*
 * fuzz_filter.c - libFuzzer harness for the filters and differential
 * graphs: patterns, filter options and two profiles in, SVG and folded
 * lines out.
 *
 * Input layout (missing bytes read as 0):
 *
 *   byte 0   flags: --strip-hex, --collapse-recursion, --ignore-case,
 *            --diff (two sides), --normalize, --diff-widths before,
 *            --diff-colors orange-blue, --reverse
 *   byte 1   bits 0-2: how many patterns follow; bit 3 --flamechart;
 *            bit 4 also PNG
 *   then     each pattern: a byte (its option: --focus --ignore --base
 *            --hide) and a string (a length byte, up to 63, and the bytes)
 *   then     with --diff, a 2-byte length of the BEFORE profile
 *   rest     folded input (with --diff: BEFORE, then AFTER)
 *
 * Checks: a refused option or a failed match comes with a message; the
 * SVG is well-formed XML with an <svg> root and is the same when rendered
 * twice; the folded lines end in a count (two with --diff); a PNG decodes.
 * Any failure aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "flame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_MAX_INPUT ((size_t)1 << 20)

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "fuzz_filter: check failed: %s (line %d): ", #cond, __LINE__); \
            fprintf(stderr, __VA_ARGS__);                                             \
            fputc('\n', stderr);                                                      \
            abort();                                                                  \
        }                                                                             \
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
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, silent);
    return 0;
}

typedef struct reader {
    const uint8_t *p;
    size_t n;
} reader;

static unsigned take(reader *r)
{
    if (!r->n)
        return 0;
    r->n--;
    return *r->p++;
}

typedef struct setup {
    unsigned flags, more;
    size_t npat;
    flame_option kind[8];
    char pat[8][64];
    const uint8_t *before, *after;
    size_t before_len, after_len;
} setup;

static void parse(reader *r, setup *s)
{
    static const flame_option kinds[4] = {FLAME_OPT_FOCUS, FLAME_OPT_IGNORE, FLAME_OPT_BASE,
                                          FLAME_OPT_HIDE};
    s->flags = take(r);
    s->more = take(r);
    s->npat = s->more & 7;
    for (size_t i = 0; i < s->npat; i++) {
        s->kind[i] = kinds[take(r) % 4];
        size_t len = take(r) % 64;
        if (len > r->n)
            len = r->n;
        memcpy(s->pat[i], r->p, len);
        s->pat[i][len] = '\0';      /* a NUL inside ends the pattern early */
        r->p += len;
        r->n -= len;
    }
    s->before = r->p;
    s->before_len = 0;
    if (s->flags & 8) {
        size_t l = take(r);
        l |= (size_t)take(r) << 8;
        s->before = r->p;
        s->before_len = l < r->n ? l : r->n;
        r->p += s->before_len;
        r->n -= s->before_len;
    }
    s->after = r->p;
    s->after_len = r->n;
}

/* A graph set up and read as s says; NULL when an option or the input
 * was refused (after checking that the refusal says why). */
static flame_graph *build(const setup *s, int keep)
{
    flame_graph *g = flame_graph_new();
    if (!g)
        return NULL;
    flame_status st = FLAME_OK;
#define SET_INT(key, on) \
    if (st == FLAME_OK && (on)) \
        st = flame_graph_set_int(g, key, 1)
    SET_INT(FLAME_OPT_STRIP_HEX, s->flags & 1);
    SET_INT(FLAME_OPT_COLLAPSE_RECURSION, s->flags & 2);
    SET_INT(FLAME_OPT_IGNORE_CASE, s->flags & 4);
    SET_INT(FLAME_OPT_NORMALIZE, s->flags & 16);
    SET_INT(FLAME_OPT_DIFF_WIDTHS, s->flags & 32);
    SET_INT(FLAME_OPT_DIFF_COLORS, s->flags & 64);
    SET_INT(FLAME_OPT_REVERSE, s->flags & 128);
    SET_INT(FLAME_OPT_FLAMECHART, s->more & 8);
    SET_INT(FLAME_OPT_KEEP_STACKS, keep);
#undef SET_INT
    CHECK(st == FLAME_OK, "a valid option was refused: %s", flame_graph_error(g));
    for (size_t i = 0; i < s->npat; i++) {
        st = flame_graph_set_string(g, s->kind[i], s->pat[i]);
        if (st == FLAME_ERR_NOMEM)
            break;
        CHECK(st == FLAME_OK || st == FLAME_ERR_OPTION, "pattern '%s': status %d", s->pat[i], st);
        if (st == FLAME_ERR_OPTION) {
            const char *e = flame_graph_error(g);
            CHECK(strstr(e, "at position") || strstr(e, "one frame name"), "refused without a reason: '%s'", e);
            flame_graph_free(g);
            return NULL;
        }
    }
    if (st == FLAME_OK && (s->flags & 8)) {
        st = flame_graph_set_side(g, FLAME_SIDE_BEFORE);
        CHECK(st == FLAME_OK, "set_side: %d", st);
        st = flame_graph_read_buffer(g, s->before, s->before_len, "before");
        if (st == FLAME_OK)
            st = flame_graph_set_side(g, FLAME_SIDE_AFTER);
    }
    if (st == FLAME_OK)
        st = flame_graph_read_buffer(g, s->after, s->after_len, "after");
    if (st != FLAME_OK) {
        CHECK(st == FLAME_ERR_LIMIT || st == FLAME_ERR_NOMEM, "reading: status %d: %s", st,
              flame_graph_error(g));
        CHECK(st == FLAME_ERR_NOMEM || *flame_graph_error(g), "a limit without a message");
        flame_graph_free(g);
        return NULL;
    }
    return g;
}

static void check_svg(const void *svg, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(svg, (int)len, "fuzz.svg", NULL,
                                  XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
                                  XML_PARSE_NOWARNING);
    CHECK(doc != NULL, "the SVG is not well-formed XML");
    xmlNode *root = xmlDocGetRootElement(doc);
    CHECK(root && strcmp((const char *)root->name, "svg") == 0, "no <svg> root");
    xmlFreeDoc(doc);
}

static int is_count_char(char c)
{
    /* digits and a fraction; the folded writer may print huge counts with an exponent */
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '+' || c == '-';
}

/* Every line "stack COUNT", or "stack BEFORE AFTER" for two profiles. */
static void check_folded(const char *p, size_t len, int diff)
{
    while (len) {
        const char *nl = memchr(p, '\n', len);
        CHECK(nl != NULL, "a folded line without a newline");
        size_t n = (size_t)(nl - p), k = n;
        for (int c = 0; c < (diff ? 2 : 1); c++) {
            size_t e = k;
            while (k > 0 && is_count_char(p[k - 1]))
                k--;
            CHECK(k < e && k > 0 && p[k - 1] == ' ', "a folded line without its counts: '%.*s'",
                  (int)n, p);
            k--;
        }
        len -= n + 1;
        p = nl + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    reader r = {data, size};
    setup s;
    parse(&r, &s);

    flame_graph *g = build(&s, 0);
    if (!g)
        return 0;
    flame_status st = flame_graph_layout(g);
    CHECK(st == FLAME_OK || st == FLAME_ERR_NO_SAMPLES || st == FLAME_ERR_LIMIT ||
              st == FLAME_ERR_NOMEM,
          "layout: status %d: %s", st, flame_graph_error(g));
    if (st == FLAME_OK || st == FLAME_ERR_NO_SAMPLES) {
        void *a = NULL, *b = NULL;
        size_t alen = 0, blen = 0;
        flame_status sa = flame_graph_render_memory(g, FLAME_FORMAT_SVG, &a, &alen);
        flame_status sb = flame_graph_render_memory(g, FLAME_FORMAT_SVG, &b, &blen);
        if ((sa == FLAME_OK || sa == FLAME_ERR_NO_SAMPLES) && sb == sa) {
            check_svg(a, alen);
            CHECK(alen == blen && memcmp(a, b, alen) == 0, "two renderings differ");
        } else {
            CHECK(sa == FLAME_ERR_NOMEM || sa == FLAME_ERR_LIMIT, "render: status %d", sa);
        }
        flame_free(a);
        flame_free(b);
        if ((s.more & 16) && st == FLAME_OK) {
            sa = flame_graph_render_memory(g, FLAME_FORMAT_PNG, &a, &alen);
            CHECK(sa == FLAME_OK || sa == FLAME_ERR_LIMIT || sa == FLAME_ERR_NOMEM,
                  "png: status %d", sa);
            if (sa == FLAME_OK)
                CHECK(alen > 8 && memcmp(a, "\x89PNG", 4) == 0, "not a PNG");
            flame_free(a);
        }
    }
    flame_graph_free(g);

    /* The stacks as filtered and joined. */
    g = build(&s, 1);
    if (!g)
        return 0;
    void *f = NULL;
    size_t flen = 0;
    st = flame_graph_render_memory(g, FLAME_FORMAT_FOLDED, &f, &flen);
    if (st == FLAME_OK || st == FLAME_ERR_NO_SAMPLES)
        check_folded(f, flen, (s.flags & 8) != 0);
    flame_free(f);
    flame_graph_free(g);
    return 0;
}
