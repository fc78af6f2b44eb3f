/* test_html.c - the HTML view (FLAME_FORMAT_HTML): pages of hostile names
 * and option strings parse with libxml2's HTML parser, carry the ids the
 * script and tests use, hold nothing but base64 in the data block, and the
 * records decode (by a reader written here from docs/html-format.md) to
 * exactly the frames flame_graph_frame() describes. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "flame.h"

static flame_graph *graph(const flame_options *o, const char *input, size_t inlen)
{
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    if (o)
        ck_assert_int_eq(flame_graph_set_options(g, o), FLAME_OK);
    ck_assert_int_eq(flame_graph_read_buffer(g, input, inlen, "test"), FLAME_OK);
    return g;
}

static char *render_html(flame_graph *g, size_t *len, flame_status want)
{
    void *data = NULL;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_HTML, &data, len), want);
    return data;
}

static htmlDocPtr parse(const char *buf, size_t len)
{
    htmlDocPtr doc = htmlReadMemory(buf, (int)len, "t.html", "UTF-8",
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    ck_assert_ptr_nonnull(doc);
    return doc;
}

static xmlNodePtr find_id(xmlNodePtr n, const char *id)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
            int hit = v && strcmp((const char *)v, id) == 0;
            xmlFree(v);
            if (hit)
                return n;
            xmlNodePtr c = find_id(n->children, id);
            if (c)
                return c;
        }
    }
    return NULL;
}

static int b64_value(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* The data block's bytes; fails the test on anything but base64 and line
 * breaks (libxml2 ends its base64 lines with CR LF). */
static unsigned char *data_bytes(xmlNodePtr el, size_t *n)
{
    xmlChar *text = xmlNodeGetContent(el);
    ck_assert_ptr_nonnull(text);
    size_t len = strlen((const char *)text);
    unsigned char *out = malloc(len / 4 * 3 + 3);
    ck_assert_ptr_nonnull(out);
    unsigned acc = 0;
    int bits = 0, pad = 0;
    *n = 0;
    for (size_t i = 0; i < len; i++) {
        int c = text[i];
        if (c == '\n' || c == '\r')
            continue;
        if (c == '=') {
            pad++;
            continue;
        }
        ck_assert_msg(!pad, "base64 after padding");
        int v = b64_value(c);
        ck_assert_msg(v >= 0, "not base64: byte %d", c);
        acc = acc << 6 | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[(*n)++] = (unsigned char)(acc >> bits);
        }
    }
    xmlFree(text);
    return out;
}

typedef struct rd {
    const unsigned char *p;
    size_t n, pos;
} rd;

static uint64_t varint(rd *r)
{
    uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
        ck_assert(r->pos < r->n && shift < 64);
        unsigned char b = r->p[r->pos++];
        v |= (uint64_t)(b & 127) << shift;
        if (!(b & 128))
            return v;
    }
}

static double f64(rd *r)
{
    ck_assert(r->pos + 8 <= r->n);
    uint64_t bits = 0;
    for (int k = 0; k < 8; k++)
        bits |= (uint64_t)r->p[r->pos + k] << (8 * k);
    r->pos += 8;
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* Decodes the records and compares each frame with flame_graph_frame();
 * names must be the frames' names for plain inputs (check_names). */
static void check_records(flame_graph *g, const unsigned char *bytes, size_t n, int check_names,
                          int negate)
{
    rd r = {bytes, n, 0};
    ck_assert(n >= 4 && memcmp(bytes, "cfg1", 4) == 0);
    r.pos = 4;
    size_t count = varint(&r), nnames = varint(&r), ncolors = varint(&r), nattrs = varint(&r);
    int differential = (int)(varint(&r) & 1);
    size_t textlen = varint(&r);
    ck_assert_uint_eq(count, flame_graph_frame_count(g));
    ck_assert(r.pos + textlen <= n);
    const char **names = calloc(nnames + 1, sizeof *names);
    const char *t = (const char *)bytes + r.pos;
    size_t k = 0;
    for (size_t off = 0; off < textlen && k < nnames; k++) {
        names[k] = t + off;
        const char *z = memchr(t + off, '\0', textlen - off);
        ck_assert_ptr_nonnull(z);
        off = (size_t)(z - t) + 1;
    }
    ck_assert_uint_eq(k, nnames);
    r.pos += textlen;
    ck_assert(r.pos + 3 * ncolors <= n);
    const unsigned char *colors = bytes + r.pos;
    r.pos += 3 * ncolors;
    size_t *name_color = calloc(nnames + 1, sizeof *name_color);
    for (k = 0; k < nnames; k++)
        name_color[k] = varint(&r);
    for (k = 0; k < nattrs; k++)
        ck_assert_uint_lt(varint(&r), nnames);
    double next[256] = {0};
    long d = 0;
    for (size_t i = 0; i < count; i++) {
        uint64_t head = varint(&r), flags = head & 31;
        if (i > 0)
            d = (flags & 16) ? (long)varint(&r) : d + 1 - (long)(head >> 5);
        ck_assert(d >= 0 && d < 255);
        size_t nm = varint(&r);
        ck_assert_uint_lt(nm, nnames);
        int fl = (flags & 4) != 0;
        double w = fl ? f64(&r) : (double)varint(&r);
        double s = d > 0 ? next[d - 1] : 0;
        if (flags & 1)
            s = fl ? f64(&r) : (double)varint(&r);
        size_t c = (flags & 2) ? varint(&r) : name_color[nm];
        ck_assert_uint_lt(c, ncolors);
        double delta = 0;
        if (flags & 8) {
            ck_assert(differential);
            if (fl) {
                delta = f64(&r);
            } else {
                uint64_t z = varint(&r);
                delta = (z & 1) ? -(double)((z + 1) / 2) : (double)(z / 2);
            }
        }
        flame_frame f;
        ck_assert_int_eq(flame_graph_frame(g, i, &f), FLAME_OK);
        ck_assert_int_eq((long)f.depth, d);
        ck_assert(f.start == s && f.count == w);
        ck_assert_int_eq(f.has_delta, (flags & 8) != 0);
        if (f.has_delta)
            ck_assert(delta == (negate ? -f.delta : f.delta));
        ck_assert_int_eq(colors[3 * c], f.r);
        ck_assert_int_eq(colors[3 * c + 1], f.g);
        ck_assert_int_eq(colors[3 * c + 2], f.b);
        if (check_names)
            ck_assert_str_eq(names[nm], f.depth == 0 ? "all" : f.name);
        if (d > 0)
            next[d - 1] = s + w;
        next[d] = s;
    }
    ck_assert_uint_eq(r.pos, n);
    free(names);
    free(name_color);
}

/* The page's structure and data for one input. */
static void check_page(flame_graph *g, const char *html, size_t len, int check_names, int negate)
{
    ck_assert(len > 0 && strncmp(html, "<!DOCTYPE html>", 15) == 0);
    htmlDocPtr doc = parse(html, len);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    static const char *const ids[] = {"title", "details", "unzoom", "search", "ignorecase",
                                      "matched", "chart", "graph", "graph-labels", "functions",
                                      "fl-data"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        ck_assert_msg(find_id(root, ids[i]) != NULL, "no #%s", ids[i]);
    xmlNodePtr data = find_id(root, "fl-data");
    ck_assert_str_eq((const char *)data->name, "script");
    size_t n;
    unsigned char *bytes = data_bytes(data, &n);
    check_records(g, bytes, n, check_names, negate);
    free(bytes);
    /* one script runs: the page's; it ends the page */
    int scripts = 0;
    for (const char *p = html; (p = strstr(p, "<script")) != NULL; p++)
        scripts++;
    ck_assert_int_eq(scripts, 2);
    xmlFreeDoc(doc);
}

START_TEST(plain_graph)
{
    static const char input[] =
        "main;a;b 5\n"
        "main;a 3\n"
        "main;c;d;e 2.5\n"
        "main;c 1\n"
        "other 7\n"
        "main;x;y;z;w 4\n"
        "main;a;b;b;b;b;b;b;b;b;b;b 1\n";
    flame_graph *g = graph(NULL, input, sizeof input - 1);
    size_t len;
    char *html = render_html(g, &len, FLAME_OK);
    check_page(g, html, len, 1, 0);
    free(html);
    flame_graph_free(g);
}
END_TEST

START_TEST(differential_random)
{
    static const char input[] = "main;a;b 5 9\nmain;a 3 1\nmain;c 2 2\nmain;c;d 0 4\nz 1.5 0.25\n";
    flame_options o;
    flame_options_init(&o);
    o.color_mode = FLAME_COLOR_RANDOM;
    o.negate = 1;
    o.inverted = 1;
    flame_graph *g = graph(&o, input, sizeof input - 1);
    size_t len;
    char *html = render_html(g, &len, FLAME_OK);
    check_page(g, html, len, 1, 1);
    ck_assert_ptr_nonnull(strstr(html, "data-inverted=\"1\""));
    free(html);
    flame_graph_free(g);
}
END_TEST

START_TEST(hostile_names_and_options)
{
    static const char input[] =
        "main;a<b>c 10\n"
        "main;</script><script>alert(1)</script> 10\n"
        "main;<!--<script> 10\n"
        "main;x&y&amp;z 10\n"
        "main;ctl\x01\x02\x1b\x7f end 10\n"
        "main;bad\xff\xfe utf\xc3\x28 10\n"
        "main;tab\there\r 10\n"
        "main;\xef\xbf\xbe\xef\xbf\xbf 10\n"
        "main;k_[k] 10\n";
    char path[] = "/tmp/test_html_nameattr_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    static const char attrs[] = "a<b>c\thref=javascript:\"</script>\ttitle=</script><b>\n";
    ck_assert_int_eq((int)write(fd, attrs, sizeof attrs - 1), (int)(sizeof attrs - 1));
    close(fd);
    flame_options o;
    flame_options_init(&o);
    o.title = "</title></script><script>alert(1)</script>";
    o.subtitle = "sub <!-- & \"q\"";
    o.count_name = "\"><script>";
    o.name_type = "</script>";
    o.font_type = "\"Odd\" Font's, sans"; /* quotes: it goes into an attribute */
    o.notes = "notes";
    o.name_attr_path = path;
    flame_graph *g = graph(&o, input, sizeof input - 1);
    unlink(path);
    size_t len;
    char *html = render_html(g, &len, FLAME_OK);
    check_page(g, html, len, 0, 0);
    /* no user text closes an element or opens a comment: the only
     * "</script" are the two end tags, the only "<!--" the notes */
    int ends = 0;
    for (const char *p = html; (p = strstr(p, "</script")) != NULL; p++)
        ends++;
    ck_assert_int_eq(ends, 2);
    const char *c = strstr(html, "<!--");
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_null(strstr(c + 4, "<!--"));
    ck_assert_ptr_null(strstr(html, "</style><script>"));
    htmlDocPtr doc = parse(html, len);
    xmlChar *title = xmlNodeGetContent(find_id(xmlDocGetRootElement(doc), "title"));
    ck_assert_str_eq((const char *)title, o.title);
    xmlFree(title);
    xmlFreeDoc(doc);
    free(html);
    flame_graph_free(g);
}
END_TEST

START_TEST(no_samples)
{
    flame_options o;
    flame_options_init(&o);
    o.title = "<b>";
    flame_graph *g = graph(&o, "x y\n", 4);
    size_t len;
    char *html = render_html(g, &len, FLAME_ERR_NO_SAMPLES);
    htmlDocPtr doc = parse(html, len);
    xmlNodePtr t = find_id(xmlDocGetRootElement(doc), "title");
    ck_assert_ptr_nonnull(t);
    xmlChar *text = xmlNodeGetContent(t);
    ck_assert_ptr_nonnull(strstr((const char *)text, "No valid input"));
    xmlFree(text);
    ck_assert_ptr_null(strstr(html, "<script"));
    xmlFreeDoc(doc);
    free(html);
    flame_graph_free(g);
}
END_TEST

/* Every frame left out by --minwidth: a page with no frames. */
START_TEST(nothing_drawn)
{
    flame_options o;
    flame_options_init(&o);
    o.min_width = 100;
    o.min_width_percent = 1;
    flame_graph *g = graph(&o, "a 1\nb 1\n", 8);
    size_t len;
    char *html = render_html(g, &len, FLAME_OK);
    check_page(g, html, len, 1, 0);
    free(html);
    flame_graph_free(g);
}
END_TEST

/* A failing writer is an I/O error. */
static int failing(void *ctx, const void *data, size_t len)
{
    size_t *budget = ctx;
    (void)data;
    if (len > *budget)
        return -1;
    *budget -= len;
    return 0;
}

START_TEST(write_error)
{
    flame_graph *g = graph(NULL, "a;b 1\n", 6);
    size_t budget = 300;
    ck_assert_int_eq(flame_graph_render(g, FLAME_FORMAT_HTML, failing, &budget), FLAME_ERR_IO);
    flame_graph_free(g);
}
END_TEST

static Suite *html_suite(void)
{
    Suite *s = suite_create("html");
    TCase *tc = tcase_create("page");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, plain_graph);
    tcase_add_test(tc, differential_random);
    tcase_add_test(tc, hostile_names_and_options);
    tcase_add_test(tc, no_samples);
    tcase_add_test(tc, nothing_drawn);
    tcase_add_test(tc, write_error);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(html_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
