/* test_looks.c - the options of order and looks that inferno-flamegraph has:
 * the python and rust palettes, --colordiffusion, --truncate left, colours
 * as options (--search-color, --stroke-color, --uicolor) and what they put
 * in the SVG. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "flame.h"
#include "base/palette.h"
#include "base/text.h"
#include "layout/color.h"
#include "xmlcheck.h"

/* The colour a palette gives a name, seeded as by default. */
static fl_rgb colour(fl_palette pal, const char *name)
{
    uint64_t rng = 0;
    return fl_color_for_name(pal, FLAME_COLOR_SEEDED, name, strlen(name), &rng);
}

/* A language palette picks a plain one; the numbers drawn from the name
 * are the same, so the colour equals the plain palette's. */
static void ck_resolves(fl_palette lang, const char *name, fl_palette plain)
{
    fl_rgb a = colour(lang, name), b = colour(plain, name);
    ck_assert_msg(a.r == b.r && a.g == b.g && a.b == b.b, "'%s': (%d,%d,%d), want palette %d's (%d,%d,%d)",
                  name, a.r, a.g, a.b, (int)plain, b.r, b.g, b.b);
}

START_TEST(python_palette)
{
    /* inferno's cases */
    ck_resolves(FL_PAL_PYTHON, "<frozen importlib._bootstrap>:_load_unlocked:680", FL_PAL_YELLOW);
    ck_resolves(FL_PAL_PYTHON, "<built-in method time.sleep>", FL_PAL_YELLOW);
    ck_resolves(FL_PAL_PYTHON, "<method 'append' of 'list' objects>", FL_PAL_YELLOW);
    ck_resolves(FL_PAL_PYTHON, ".venv/lib/python3.9/time.py:12", FL_PAL_YELLOW);
    ck_resolves(FL_PAL_PYTHON,
                "C:/Users/User/AppData/Local/Programs/Python/Python39/lib/concurrent/futures/thread.py",
                FL_PAL_YELLOW);
    ck_resolves(FL_PAL_PYTHON,
                "C:\\Users\\User\\AppData\\Local\\Programs\\Python\\Python39\\lib\\thread.py",
                FL_PAL_YELLOW);
    ck_resolves(FL_PAL_PYTHON, "my_file.py:55", FL_PAL_RED);
    ck_resolves(FL_PAL_PYTHON, ".venv/lib/python3.9/site-packages/package/file.py:12", FL_PAL_AQUA);
    /* py-spy style, and near misses */
    ck_resolves(FL_PAL_PYTHON, "get (requests/sessions.py:600)", FL_PAL_RED);
    ck_resolves(FL_PAL_PYTHON, "run (/usr/lib/python3.11/threading.py:975)", FL_PAL_YELLOW);
    ck_resolves(FL_PAL_PYTHON, "x (/opt/pythonista/a.py:1)", FL_PAL_RED);
    ck_resolves(FL_PAL_PYTHON, "x (/srv/site-packagesX/a.py:1)", FL_PAL_RED);
    ck_resolves(FL_PAL_PYTHON, "", FL_PAL_RED);
}
END_TEST

START_TEST(rust_palette)
{
    ck_resolves(FL_PAL_RUST, "some::not_rust_system::mod", FL_PAL_AQUA);
    ck_resolves(FL_PAL_RUST, "core::mod", FL_PAL_ORANGE);
    ck_resolves(FL_PAL_RUST, "std::mod", FL_PAL_ORANGE);
    ck_resolves(FL_PAL_RUST, "alloc::mod", FL_PAL_ORANGE);
    ck_resolves(FL_PAL_RUST, "something_else", FL_PAL_YELLOW);
    ck_resolves(FL_PAL_RUST, "<alloc::boxed::Box<F,A> as something::else", FL_PAL_ORANGE);
    ck_resolves(FL_PAL_RUST, "<core::something as something::else", FL_PAL_ORANGE);
    ck_resolves(FL_PAL_RUST, "<core::future::from_generator::GenFuture<T> as something::else",
                FL_PAL_AQUA);
    ck_resolves(FL_PAL_RUST, "<std::something something::else", FL_PAL_ORANGE);
    ck_resolves(FL_PAL_RUST, "my-app`std::sys::unix::thread::Thread::new::thread_start",
                FL_PAL_ORANGE);
    ck_resolves(FL_PAL_RUST, "my-app`main", FL_PAL_YELLOW);
    ck_resolves(FL_PAL_RUST, "__libc_start_main", FL_PAL_YELLOW);
}
END_TEST

START_TEST(palette_names)
{
    ck_assert_int_eq(fl_palette_lookup("python"), FL_PAL_PYTHON);
    ck_assert_int_eq(fl_palette_lookup("rust"), FL_PAL_RUST);
    ck_assert_ptr_nonnull(strstr(FL_PALETTE_NAMES, " python rust "));
    /* every palette named in the message is known, and none is left out */
    char names[] = FL_PALETTE_NAMES;
    int n = 0;
    for (char *t = strtok(names, " "); t; t = strtok(NULL, " "), n++)
        ck_assert_msg(fl_palette_lookup(t) >= 0, "%s", t);
    ck_assert_int_eq(n, FL_PAL_COUNT);
    /* the yellow background, as inferno's */
    fl_background bg;
    ck_assert_int_eq(fl_background_for(&bg, FL_PAL_PYTHON, NULL), 0);
    ck_assert_str_eq(bg.bottom, "#eeeeb0");
    ck_assert_int_eq(fl_background_for(&bg, FL_PAL_RUST, NULL), 0);
    ck_assert_str_eq(bg.bottom, "#eeeeb0");
}
END_TEST

START_TEST(hex_colors)
{
    fl_rgb c;
    ck_assert_int_eq(fl_hex_color("#00c0Ff", &c), 0);
    ck_assert(c.r == 0 && c.g == 0xc0 && c.b == 0xff);
    ck_assert_int_eq(fl_hex_color("#000000", NULL), 0);
    static const char *const bad[] = {"", "#", "00c0ff", "#00c0f", "#00c0fff", "#00c0fg", "red",
                                      "rgb(0,0,0)", "#-1-1-1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(fl_hex_color(bad[i], &c) == -1, "accepted '%s'", bad[i]);
}
END_TEST

START_TEST(color_by_width)
{
    fl_rgb c = fl_color_by_width(100, 100);
    ck_assert(c.r == 255 && c.g == 100 && c.b == 100);
    c = fl_color_by_width(25, 100);    /* sqrt(0.25) * 2000 = 1000: 100 + 75 */
    ck_assert(c.r == 255 && c.g == 175 && c.b == 175);
    c = fl_color_by_width(1, 100);     /* 200 steps: 100 + 150 * 1800 / 2000 = 235 */
    ck_assert(c.r == 255 && c.g == 235 && c.b == 235);
    c = fl_color_by_width(0, 100);
    ck_assert(c.r == 250 && c.g == 250 && c.b == 250);
    c = fl_color_by_width(1e-9, 100);  /* under a step */
    ck_assert(c.r == 250 && c.g == 250 && c.b == 250);
    c = fl_color_by_width(5, 0);
    ck_assert(c.r == 250 && c.g == 250 && c.b == 250);
    /* wider is never paler */
    int last = 256;
    for (double w = 0.5; w <= 100; w += 0.5) {
        c = fl_color_by_width(w, 100);
        ck_assert_int_le(c.g, last);
        last = c.g;
    }
}
END_TEST

static void ck_fit_left(const char *name, long chars, const char *want)
{
    fl_buf b = {0};
    ck_assert_int_eq(fl_fit_label_left(&b, name, strlen(name), chars), 0);
    ck_assert_msg(b.len == strlen(want) && (b.len == 0 || memcmp(b.data, want, b.len) == 0),
                  "fit '%s' in %ld: '%.*s', want '%s'", name, chars, (int)b.len,
                  b.data ? b.data : "", want);
    fl_buf_free(&b);
}

START_TEST(truncate_left)
{
    ck_fit_left("abcdefghij", 5, "..hij");
    ck_fit_left("abcdefghij", 3, "..j");
    ck_fit_left("abcdefghij", 2, "");
    ck_fit_left("abcdefghij", 10, "abcdefghij");
    ck_fit_left("abcdefghij", 11, "abcdefghij");
    ck_fit_left("abcdefghij", 9, "..defghij");
    /* characters, not bytes */
    ck_fit_left("\xce\xb1\xce\xb2\xce\xb3\xce\xb4\xce\xb5\xce\xb6", 4, "..\xce\xb5\xce\xb6");
    ck_fit_left("java/util/HashMap.get", 10, "..hMap.get");
}
END_TEST

/* Render input with options set by key (value strings; "1" for booleans). */
static char *render_with(const char *input, const flame_option *keys, const char *const *values,
                         size_t n, size_t *len)
{
    flame_graph *g = flame_graph_new();
    ck_assert_ptr_nonnull(g);
    for (size_t i = 0; i < n; i++) {
        flame_status st = flame_graph_set_string(g, keys[i], values[i]);
        if (st == FLAME_ERR_ARG)
            st = flame_graph_set_int(g, keys[i], atoi(values[i]));
        ck_assert_msg(st == FLAME_OK, "%s: %s", flame_option_name(keys[i]), flame_graph_error(g));
    }
    ck_assert_int_eq(flame_graph_read_buffer(g, input, strlen(input), "in"), FLAME_OK);
    void *data = NULL;
    ck_assert_int_eq(flame_graph_render_memory(g, FLAME_FORMAT_SVG, &data, len), FLAME_OK);
    ck_assert(svg_well_formed(data, *len));
    flame_graph_free(g);
    return data;
}

static const char input[] =
    "main;com/example/service/RequestHandler.handle 60\nmain;idle 40\n";

START_TEST(svg_defaults)
{
    size_t len;
    char *svg = render_with(input, NULL, NULL, 0, &len);
    ck_assert_ptr_nonnull(strstr(svg, " data-searchcolor=\"rgb(230,0,230)\" data-truncate=\"right\""));
    ck_assert_ptr_null(strstr(svg, "#frames rect{stroke"));
    ck_assert_ptr_null(strstr(svg, "#title,#details"));
    ck_assert_ptr_nonnull(strstr(svg, ">com/example/service/RequestHandler.handle<"));
    flame_free(svg);
}
END_TEST

START_TEST(svg_options)
{
    static const flame_option keys[] = {FLAME_OPT_SEARCH_COLOR, FLAME_OPT_STROKE_COLOR,
                                        FLAME_OPT_UI_COLOR, FLAME_OPT_TRUNCATE,
                                        FLAME_OPT_COLOR_DIFFUSION};
    static const char *const values[] = {"#00C000", "#123456", "#e0e0e0", "left", "1"};
    size_t len;
    char *svg = render_with(input, keys, values, 5, &len);
    ck_assert_ptr_nonnull(strstr(svg, " data-searchcolor=\"rgb(0,192,0)\" data-truncate=\"left\""));
    ck_assert_ptr_nonnull(strstr(svg, "#frames rect{stroke:#123456;stroke-width:1px;"
                                      "vector-effect:non-scaling-stroke}"));
    ck_assert_ptr_nonnull(strstr(svg, "#title,#details,#unzoom,#search,#ignorecase,#matched"
                                      "{fill:#e0e0e0}"));
    /* colours by width: all and main full width, the handler at 60% */
    ck_assert_ptr_nonnull(strstr(svg, "fill=\"rgb(255,100,100)\"/></g"));
    fl_rgb c60 = fl_color_by_width(60, 100);
    char want[64];
    snprintf(want, sizeof want, "fill=\"rgb(%d,%d,%d)\"", c60.r, c60.g, c60.b);
    ck_assert_ptr_nonnull(strstr(svg, want));
    flame_free(svg);

    /* a narrow frame's label keeps the end of the name */
    static const flame_option k2[] = {FLAME_OPT_TRUNCATE};
    static const char *const v2[] = {"left"};
    svg = render_with("main;com/example/service/RequestHandler.handle 20\nmain;idle 80\n", k2,
                      v2, 1, &len);
    /* 236 px: 33 characters, ".." and the last 31 */
    ck_assert_ptr_nonnull(strstr(svg, ">..e/service/RequestHandler.handle<"));
    ck_assert_ptr_null(strstr(svg, "handle..<"));
    flame_free(svg);

    /* stroke "none" is no outline */
    static const flame_option k3[] = {FLAME_OPT_STROKE_COLOR};
    static const char *const v3[] = {"none"};
    svg = render_with(input, k3, v3, 1, &len);
    ck_assert_ptr_null(strstr(svg, "#frames rect{stroke"));
    flame_free(svg);
}
END_TEST

START_TEST(option_values)
{
    flame_graph *g = flame_graph_new();
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_SEARCH_COLOR, "magenta"), FLAME_ERR_OPTION);
    ck_assert_ptr_nonnull(strstr(flame_graph_error(g), "--search-color 'magenta'"));
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_SEARCH_COLOR, "none"), FLAME_ERR_OPTION);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_UI_COLOR, "none"), FLAME_ERR_OPTION);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_STROKE_COLOR, "none"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_STROKE_COLOR, "#abcdef"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_STROKE_COLOR, "#abcdeg"), FLAME_ERR_OPTION);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_STROKE_COLOR, NULL), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_SEARCH_COLOR, 1), FLAME_ERR_ARG);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_TRUNCATE, "middle"), FLAME_ERR_OPTION);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_TRUNCATE, FLAME_TRUNCATE_LEFT), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_COLOR_DIFFUSION, 2), FLAME_ERR_OPTION);
    ck_assert_int_eq(flame_graph_set_int(g, FLAME_OPT_COLOR_DIFFUSION, 1), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_PALETTE, "python"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_PALETTE, "rust"), FLAME_OK);
    ck_assert_int_eq(flame_graph_set_string(g, FLAME_OPT_PALETTE, "ruby"), FLAME_ERR_OPTION);
    ck_assert_ptr_nonnull(strstr(flame_graph_error(g), "python rust"));
    flame_graph_free(g);
    static const struct { flame_option key; const char *name; } names[] = {
        {FLAME_OPT_SORT, "sort"}, {FLAME_OPT_TRUNCATE, "truncate"},
        {FLAME_OPT_SEARCH_COLOR, "search-color"}, {FLAME_OPT_STROKE_COLOR, "stroke-color"},
        {FLAME_OPT_UI_COLOR, "uicolor"}, {FLAME_OPT_COLOR_DIFFUSION, "colordiffusion"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        ck_assert_str_eq(flame_option_name(names[i].key), names[i].name);
    ck_assert_ptr_null(flame_option_name((flame_option)306));
    /* the values are ABI */
    ck_assert_int_eq(FLAME_OPT_SORT, 300);
    ck_assert_int_eq(FLAME_OPT_COLOR_DIFFUSION, 305);
}
END_TEST

static Suite *looks_suite(void)
{
    Suite *s = suite_create("looks");
    TCase *tc = tcase_create("colours");
    tcase_add_test(tc, python_palette);
    tcase_add_test(tc, rust_palette);
    tcase_add_test(tc, palette_names);
    tcase_add_test(tc, hex_colors);
    tcase_add_test(tc, color_by_width);
    suite_add_tcase(s, tc);
    tc = tcase_create("labels");
    tcase_add_test(tc, truncate_left);
    suite_add_tcase(s, tc);
    tc = tcase_create("svg");
    tcase_add_test(tc, svg_defaults);
    tcase_add_test(tc, svg_options);
    tcase_add_test(tc, option_values);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(looks_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
