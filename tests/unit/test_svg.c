/* test_svg.c - SVGs of hostile frame names and option strings stay well-formed XML;
 * the frames have the structure docs/svg-format.md describes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flame.h"
#include "xmlcheck.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

/* Render lines (a folded input) with options o (NULL: defaults). */
static char *render(const flame_options *o, const char *input, size_t inlen, size_t *len)
{
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    if (o)
        ck_assert_int_eq(flame_graph_set_options(g, o), FLAME_OK);
    ck_assert_int_eq(flame_graph_read_buffer(g, input, inlen, "hostile"), FLAME_OK);
    void *data = NULL;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data, len), FLAME_OK);
    flame_graph_free(g);
    return data;
}

/* @return 1 when the text content of the parsed document holds needle. */
static int svg_text_contains(const char *buf, size_t len, const char *needle)
{
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, "t.svg", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return 0;
    xmlChar *text = xmlNodeGetContent(xmlDocGetRootElement(doc));
    int found = text && strstr((const char *)text, needle) != NULL;
    xmlFree(text);
    xmlFreeDoc(doc);
    return found;
}

START_TEST(helper_rejects_bad_xml)
{
    const char good[] = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>a &amp; b</text></svg>";
    ck_assert(svg_well_formed(good, sizeof good - 1));
    static const char *const bad[] = {
        "<svg><text>a & b</text></svg>",
        "<svg><text>a < b</text></svg>",
        "<svg><text a=\"x\"y\">z</text></svg>",
        "<svg><text>\x01</text></svg>",
        "<svg><text>\xFF</text></svg>",
        "<svg><text>unclosed</svg>",
        "<svg/><svg/>",
        "<html/>",
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!svg_well_formed(bad[i], strlen(bad[i])), "accepted: %s", bad[i]);
    ck_assert(!svg_well_formed(NULL, 0));
}
END_TEST

START_TEST(hostile_names)
{
    static const char input[] =
        "main;a<b>c 10\n"
        "main;x&y&amp;z 10\n"
        "main;say \"hi\" 'there' 10\n"
        "main;ctl\x01\x02\x1b\x7f\x0b\x0c" "end 10\n"
        "main;bad\xff\xfe utf\xc3\x28 8\xed\xa0\x80 10\n"
        "main;cdata]]>end 10\n"
        "main;<![CDATA[x]]> 10\n"
        "main;comment<!-- -- --> 10\n"
        "main;pi<?xml version=\"1.0\"?> 10\n"
        "main;</text></g></svg> 10\n"
        "main;</script><script>alert(1)</script> 10\n"
        "main;&#0;&#x1;&lt; 10\n"
        "main;tab\there\r 10\n"
        "main;\xef\xbf\xbe\xef\xbf\xbf 10\n"
        "main;`backtick`;f() [lib.so] 10\n";
    size_t len;
    char *svg = render(NULL, input, sizeof input - 1, &len);
    ck_assert(svg_well_formed(svg, len));
    /* the names come back as text, escaped correctly */
    ck_assert(svg_text_contains(svg, len, "a<b>c ("));
    /* ';' splits frames, also inside entity-like text */
    ck_assert(svg_text_contains(svg, len, "x&y&amp ("));
    ck_assert(svg_text_contains(svg, len, "z ("));
    ck_assert(svg_text_contains(svg, len, "say \"hi\" 'there' ("));
    ck_assert(svg_text_contains(svg, len, "cdata]]>end ("));
    ck_assert(svg_text_contains(svg, len, "</script><script>alert(1)</script> ("));
    ck_assert(svg_text_contains(svg, len, "&#x1 ("));
    ck_assert(svg_text_contains(svg, len, "&lt ("));
    ck_assert(svg_text_contains(svg, len, "bad\xef\xbf\xbd\xef\xbf\xbd utf\xef\xbf\xbd("));
    ck_assert(svg_text_contains(svg, len, "ctl\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\x7f"));
    /* nothing of the raw bytes survives */
    ck_assert_ptr_null(memmem(svg, len, "\xff", 1));
    ck_assert_ptr_null(memmem(svg, len, "\x01", 1));
    ck_assert_ptr_null(memmem(svg, len, "alert(1)</script>", 17));
    free(svg);
}
END_TEST

START_TEST(hostile_names_per_name)
{
    /* each alone, also as the root's only child and as a deep leaf */
    static const char *const names[] = {
        "<", ">", "&", "\"", "'", "]]>", "]]", "--", "-", "\x01", "\x1f", "\xff", "\xc0\x80",
        "\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xe2\x82", "&amp;", "<!--", "?>", "\x7f",
        "\xef\xbf\xbf", " ", "  ", "x\r", "\t",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char line[128];
        int n = snprintf(line, sizeof line, "%s 5\nroot;mid;%s;%s 7\n", names[i], names[i],
                         names[i]);
        size_t len;
        char *svg = render(NULL, line, (size_t)n, &len);
        ck_assert_msg(svg_well_formed(svg, len), "SVG for name #%zu is not well-formed", i);
        free(svg);
    }
}
END_TEST

START_TEST(hostile_add_stack)
{
    flame_graph *g = flame_graph_new();
    const char *frames[] = {"<svg>", "&&&", "\"quoted\"", "]]>", "\x02\x03", "\xfe\xff"};
    ck_assert_int_eq(flame_graph_add_stack(g, frames, 6, 42), FLAME_OK);
    void *data;
    size_t len;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data, &len), FLAME_OK);
    ck_assert(svg_well_formed(data, len));
    ck_assert(svg_text_contains(data, len, "<svg> (42 samples"));
    flame_free(data);
    flame_graph_free(g);
}
END_TEST

START_TEST(hostile_options)
{
    flame_options o;
    flame_options_init(&o);
    o.title = "T<i>tle & \"x\" ]]> \x01\xff";
    o.subtitle = "sub</text><g> &lt; \x1b";
    o.count_name = "sam<ples> & \"more\"";
    o.name_type = "Fn: <b>&\"'";
    o.notes = "notes & \"quotes\" ]] \x01\xff -";   /* no '<', '>', "--" */
    o.font_type = "'Deja\"Vu', Sans";
    size_t len;
    static const char in[] = "a;b 10\nc 5\n";
    char *svg = render(&o, in, sizeof in - 1, &len);
    ck_assert(svg_well_formed(svg, len));
    ck_assert(svg_text_contains(svg, len, "T<i>tle & \"x\" ]]> "));
    ck_assert(svg_text_contains(svg, len, "sub</text><g> &lt; "));
    ck_assert(svg_text_contains(svg, len, "(10 sam<ples> & \"more\""));
    free(svg);
}
END_TEST

START_TEST(hostile_with_options)
{
    /* the same hostile names under other output modes */
    static const char input[] =
        "a<b;c&d 3 7\n"
        "a<b;\"e\";]]> 9 2\n"
        "\xff\x01;x_[k] 1 1\n"
        "chain;--;w<a&ker 2 5\n";
    static const char *const pals[] = {"hot", "java", "js", "perl", "chain", "mem"};
    for (int k = 0; k < 12; k++) {
        flame_options o;
        flame_options_init(&o);
        o.palette = pals[k % 6];
        o.inverted = k & 1;
        o.flamechart = (k / 2) % 2;
        o.reverse = k % 3 == 0;
        o.negate = k % 5 == 0;
        o.color_mode = (flame_color_mode)(k % 3);
        o.encoding = k == 4 ? "ISO-8859-1" : k == 7 ? "UTF-8" : NULL;
        size_t len;
        char *svg = render(&o, input, sizeof input - 1, &len);
        ck_assert_msg(svg_well_formed(svg, len), "case %d not well-formed", k);
        ck_assert_msg(svg_text_contains(svg, len, "a<b"), "case %d lost a name", k);
        free(svg);
    }
}
END_TEST

START_TEST(no_samples_hostile_title)
{
    flame_graph *g = flame_graph_new();
    flame_options o;
    flame_options_init(&o);
    o.title = "<&]]>";
    ck_assert_int_eq(flame_graph_set_options(g, &o), FLAME_OK);
    ck_assert_int_eq(flame_graph_add_line(g, "<&]]> not a count", 17), FLAME_OK);
    void *data;
    size_t len;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data, &len),
                     FLAME_ERR_NO_SAMPLES);
    ck_assert(svg_well_formed(data, len));
    flame_free(data);
    flame_graph_free(g);
}
END_TEST

static xmlNodePtr find_id(xmlNodePtr n, const char *id)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
        int hit = v && strcmp((const char *)v, id) == 0;
        xmlFree(v);
        if (hit)
            return n;
        xmlNodePtr c = find_id(n->children, id);
        if (c)
            return c;
    }
    return NULL;
}

/* docs/svg-format.md: frames are the only children of #frames (no
 * whitespace text between them), each <g> with <title> then <rect>;
 * data-frames has one entry per frame, whose widths, starts and climbs
 * agree with the rectangles; labels live in #labels. */
START_TEST(frames_structure)
{
    static const char input[] =
        "main;a;b 5\n"
        "main;a 3\n"               /* self samples: b does not start where a does */
        "main;c;d;e 2.5\n"         /* fractions */
        "main;c 1\n"
        "other 7\n"
        "main;x;y;z;w 4\n";
    size_t len;
    char *svg = render(NULL, input, sizeof input - 1, &len);
    xmlDocPtr doc = xmlReadMemory(svg, (int)len, "t.svg", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    ck_assert_ptr_nonnull(doc);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr frames = find_id(root, "frames");
    ck_assert_ptr_nonnull(frames);
    ck_assert_ptr_nonnull(find_id(root, "labels"));
    xmlChar *table = xmlGetProp(frames, (const xmlChar *)"data-frames");
    ck_assert_ptr_nonnull(table);
    xmlChar *total_s = xmlGetProp(frames, (const xmlChar *)"data-total");
    double total = atof((const char *)total_s), px = 1180 / total;
    xmlFree(total_s);

    /* walk the table alongside the frames */
    const char *p = (const char *)table;
    double next[64] = {0}, y0 = 0;
    int depth = 0, nframes = 0;
    for (xmlNodePtr g = frames->children; g; g = g->next) {
        ck_assert_int_eq(g->type, XML_ELEMENT_NODE);
        ck_assert_str_eq((const char *)g->name, "g");
        ck_assert_ptr_nonnull(g->children);
        ck_assert_str_eq((const char *)g->children->name, "title");
        xmlNodePtr r = g->children->next;
        ck_assert_ptr_nonnull(r);
        ck_assert_str_eq((const char *)r->name, "rect");
        ck_assert_ptr_null(r->next);
        ck_assert_ptr_null(xmlGetProp(g, (const xmlChar *)"s"));

        if (nframes > 0) {
            if (*p == ',') {
                depth++;
                p++;
            } else {
                depth++;
                while (*p == ';') {
                    depth--;
                    p++;
                }
            }
        }
        char *e;
        double n = strtod(p, &e);
        ck_assert_ptr_ne(e, p);
        double s = depth > 0 ? next[depth - 1] : 0;
        if (*e == '@')
            s = strtod(e + 1, &e);
        p = e;
        if (depth > 0)
            next[depth - 1] = s + n;
        next[depth] = s;

        xmlChar *v;
        v = xmlGetProp(r, (const xmlChar *)"x");
        double x = atof((const char *)v);
        xmlFree(v);
        v = xmlGetProp(r, (const xmlChar *)"width");
        double w = atof((const char *)v);
        xmlFree(v);
        v = xmlGetProp(r, (const xmlChar *)"y");
        double y = atof((const char *)v);
        xmlFree(v);
        if (nframes == 0)
            y0 = y;
        ck_assert_double_eq_tol(x, 10 + s * px, 0.051);
        ck_assert_double_eq_tol(x + w, 10 + (s + n) * px, 0.101);
        ck_assert_int_eq((int)((y0 - y) / 16 + 0.5), depth);
        nframes++;
    }
    ck_assert_int_eq(*p, '\0');
    ck_assert_int_eq(nframes, 12);
    xmlFree(table);
    xmlFreeDoc(doc);
    free(svg);
}
END_TEST

/* Attribute values from --nameattr are escaped in the hand-written frames. */
START_TEST(hostile_nameattr)
{
    char path[] = "/tmp/test_svg_nameattr_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    static const char attrs[] =
        "a<b\thref=x\"y&z<w>\tclass=c\"\x01\xff\tdata-q='\"'\ttarget=\"_\"blank\n"
        "main\ttitle=t<&\"\tonclick=alert(\"1\")\n";
    ck_assert_int_eq((int)write(fd, attrs, sizeof attrs - 1), (int)(sizeof attrs - 1));
    close(fd);
    flame_options o;
    flame_options_init(&o);
    o.name_attr_path = path;
    static const char in[] = "main;a<b 10\nmain;c 5\n";
    size_t len;
    char *svg = render(&o, in, sizeof in - 1, &len);
    unlink(path);
    ck_assert(svg_well_formed(svg, len));
    ck_assert(svg_text_contains(svg, len, "t<&\""));
    free(svg);
}
END_TEST

static Suite *svg_suite(void)
{
    Suite *s = suite_create("svg");
    TCase *tc = tcase_create("wellformed");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, helper_rejects_bad_xml);
    tcase_add_test(tc, hostile_names);
    tcase_add_test(tc, hostile_names_per_name);
    tcase_add_test(tc, hostile_add_stack);
    tcase_add_test(tc, hostile_options);
    tcase_add_test(tc, hostile_with_options);
    tcase_add_test(tc, no_samples_hostile_title);
    tcase_add_test(tc, frames_structure);
    tcase_add_test(tc, hostile_nameattr);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(svg_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
