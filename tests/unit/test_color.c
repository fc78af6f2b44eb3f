/* test_color.c - unit tests for lib/layout/color.c and lib/base/palette.c (drand48, palettes, backgrounds). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/palette.h"
#include "layout/color.h"

static fl_rgb seeded(fl_palette pal, const char *name)
{
    return fl_color_for_name(pal, FLAME_COLOR_SEEDED, name, strlen(name), NULL);
}

static fl_rgb hashed(fl_palette pal, const char *name)
{
    return fl_color_for_name(pal, FLAME_COLOR_HASH, name, strlen(name), NULL);
}

#define CK_RGB(c, R, G, B) do { fl_rgb c_ = (c); \
    ck_assert_msg(c_.r == (R) && c_.g == (G) && c_.b == (B), \
                  "got rgb(%d,%d,%d), want rgb(%d,%d,%d)", c_.r, c_.g, c_.b, (R), (G), (B)); } while (0)

START_TEST(rand48_matches_glibc)
{
    static const long seeds[] = {0, 1, 42, 417, 65535, 123456789, 2147483647};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        uint64_t st = fl_srand48_state((uint32_t)seeds[i]);
        srand48(seeds[i]);
        for (int k = 0; k < 20; k++) {
            double want = drand48();
            double got = fl_rand48(&st);
            ck_assert_msg(got == want, "seed %ld draw %d: %.17g != %.17g", seeds[i], k, got,
                          want);
            ck_assert(got >= 0 && got < 1);
        }
    }
}
END_TEST

START_TEST(rand48_state_is_explicit)
{
    uint64_t a = fl_srand48_state(7), b = fl_srand48_state(7);
    double x = fl_rand48(&a);
    ck_assert(a != fl_srand48_state(7));
    double y = fl_rand48(&b);
    ck_assert(x == y);
    ck_assert(fl_rand48(&a) != x);
}
END_TEST

START_TEST(seeded_hot_main)
{
    CK_RGB(seeded(FL_PAL_HOT, "main"), 243, 179, 42);
}
END_TEST

START_TEST(seeded_hot_empty)
{
    CK_RGB(seeded(FL_PAL_HOT, ""), 213, 39, 9);
}
END_TEST

START_TEST(seeded_matches_drand48_formula)
{
    /* hot: r = 205 + int(50 v), g = int(230 v), b = int(55 v), with v the
     * first drand48 after srand48(sum of code points). */
    const char *name = "caf\xC3\xA9;x";    /* code point sum, not byte sum */
    long sum = 'c' + 'a' + 'f' + 0xE9 + ';' + 'x';
    srand48(sum);
    double v = drand48();
    CK_RGB(seeded(FL_PAL_HOT, name), 205 + (int)(50 * v), (int)(230 * v), (int)(55 * v));
    /* the same name gives the same colour every time */
    fl_rgb a = seeded(FL_PAL_HOT, "some::func"), b = seeded(FL_PAL_HOT, "some::func");
    ck_assert(a.r == b.r && a.g == b.g && a.b == b.b);
}
END_TEST

START_TEST(hash_empty)
{
    CK_RGB(hashed(FL_PAL_HOT, ""), 255, 230, 55);
}
END_TEST

START_TEST(hash_ignores_module_prefix)
{
    /* v1 (green under hot) hashes the name after the module prefix; v2/v3
     * hash the reversed name, where the backtick comes late. */
    fl_rgb a = hashed(FL_PAL_HOT, "libc.so.6`malloc");
    fl_rgb b = hashed(FL_PAL_HOT, "malloc");
    ck_assert_int_eq(a.g, b.g);
    fl_rgb c = hashed(FL_PAL_HOT, "free");
    ck_assert_int_ne(c.g, b.g);
    /* a backtick in first place is not a module separator */
    fl_rgb d = hashed(FL_PAL_HOT, "`malloc");
    ck_assert_int_ne(d.g, b.g);
}
END_TEST

START_TEST(random_mode_uses_rng)
{
    uint64_t st = fl_srand48_state(5);
    srand48(5);
    double v1 = drand48(), v2 = drand48(), v3 = drand48();
    fl_rgb c = fl_color_for_name(FL_PAL_HOT, FLAME_COLOR_RANDOM, "x", 1, &st);
    CK_RGB(c, 205 + (int)(50 * v3), (int)(230 * v1), (int)(55 * v2));
    /* the state advanced by three draws */
    ck_assert(fl_rand48(&st) == drand48());
}
END_TEST

START_TEST(language_palettes)
{
    /* java: "_[j]" -> green, "::" -> yellow, "_[k]" -> orange, else red */
    fl_rgb g = seeded(FL_PAL_JAVA, "java/lang/Thread.run");
    ck_assert(g.g >= 200 && g.r == g.b);
    fl_rgb y = seeded(FL_PAL_JAVA, "Foo::bar");
    ck_assert(y.r == y.g && y.b >= 50 && y.b < 70);
    fl_rgb o = seeded(FL_PAL_JAVA, "do_sys_open_[k]");
    ck_assert(o.b == 0 && o.r >= 190);
    fl_rgb r = seeded(FL_PAL_JAVA, "plain");
    ck_assert(r.r >= 200 && r.g == r.b);
    /* chain: waker frames aqua, others blue */
    fl_rgb w = seeded(FL_PAL_CHAIN, "f_[w]");
    ck_assert(w.g == w.b && w.g >= 165 && w.r < 110);
    fl_rgb bl = seeded(FL_PAL_CHAIN, "f");
    ck_assert(bl.r == bl.g && bl.b >= 205);
}
END_TEST

START_TEST(palette_lookup)
{
    ck_assert_int_eq(fl_palette_lookup("hot"), FL_PAL_HOT);
    ck_assert_int_eq(fl_palette_lookup("orange"), FL_PAL_ORANGE);
    ck_assert_int_eq(fl_palette_lookup("java"), FL_PAL_JAVA);
    ck_assert_int_eq(fl_palette_lookup("HOT"), -1);
    ck_assert_int_eq(fl_palette_lookup(""), -1);
    ck_assert_int_eq(fl_palette_lookup("hotter"), -1);
}
END_TEST

START_TEST(color_delta)
{
    CK_RGB(fl_color_delta(0, 10, 0, FLAME_DIFF_COLORS_RED_BLUE), 255, 255, 255);
    CK_RGB(fl_color_delta(5, 10, 0, FLAME_DIFF_COLORS_RED_BLUE), 255, 105, 105);      /* grew: red */
    CK_RGB(fl_color_delta(-5, 10, 0, FLAME_DIFF_COLORS_RED_BLUE), 105, 105, 255);     /* shrank: blue */
    CK_RGB(fl_color_delta(10, 10, 0, FLAME_DIFF_COLORS_RED_BLUE), 255, 0, 0);
    CK_RGB(fl_color_delta(-10, 10, 0, FLAME_DIFF_COLORS_RED_BLUE), 0, 0, 255);
    CK_RGB(fl_color_delta(5, 10, 1, FLAME_DIFF_COLORS_RED_BLUE), 105, 105, 255);      /* --negate */
    CK_RGB(fl_color_delta(-5, 10, 1, FLAME_DIFF_COLORS_RED_BLUE), 255, 105, 105);
    CK_RGB(fl_color_delta(1, 3, 0, FLAME_DIFF_COLORS_RED_BLUE), 255, 140, 140);
}
END_TEST

START_TEST(background)
{
    fl_background bg;
    ck_assert_int_eq(fl_background_for(&bg, FL_PAL_HOT, NULL), 0);
    ck_assert_str_eq(bg.top, "#eeeeee");
    ck_assert_str_eq(bg.bottom, "#eeeeb0");
    ck_assert_int_eq(fl_background_for(&bg, FL_PAL_MEM, NULL), 0);
    ck_assert_str_eq(bg.top, "#eef2ee");
    ck_assert_str_eq(bg.bottom, "#e0ffe0");
    ck_assert_int_eq(fl_background_for(&bg, FL_PAL_IO, NULL), 0);
    ck_assert_str_eq(bg.bottom, "#e0e0ff");
    ck_assert_int_eq(fl_background_for(&bg, FL_PAL_CHAIN, NULL), 0);
    ck_assert_str_eq(bg.bottom, "#e0e0ff");
    ck_assert_int_eq(fl_background_for(&bg, FL_PAL_RED, NULL), 0);
    ck_assert_str_eq(bg.top, "#f8f8f8");
    ck_assert_str_eq(bg.bottom, "#e8e8e8");
    ck_assert_int_eq(fl_background_for(&bg, FL_PAL_JAVA, NULL), 0);
    ck_assert_str_eq(bg.bottom, "#eeeeb0");
    /* an explicit spec wins over the palette */
    ck_assert_int_eq(fl_background_for(&bg, FL_PAL_MEM, "blue"), 0);
    ck_assert_str_eq(bg.top, "#eeeeee");
    ck_assert_str_eq(bg.bottom, "#e0e0ff");
    ck_assert_int_eq(fl_background_for(&bg, FL_PAL_HOT, "#A0b1C2"), 0);
    ck_assert_str_eq(bg.top, "#A0b1C2");
    ck_assert_str_eq(bg.bottom, "#A0b1C2");
}
END_TEST

START_TEST(background_bad_spec)
{
    static const char *const bad[] = {"", "red", "Yellow", "#12345", "#1234567", "#ggg000",
                                      "123456", "#12345g", "yellow "};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fl_background bg;
        memcpy(bg.top, "#000001", 8);
        memcpy(bg.bottom, "#000002", 8);
        ck_assert_msg(fl_background_for(&bg, FL_PAL_HOT, bad[i]) == -1, "spec '%s' accepted",
                      bad[i]);
        ck_assert_str_eq(bg.top, "#000001");      /* left untouched */
        ck_assert_str_eq(bg.bottom, "#000002");
    }
}
END_TEST

static Suite *color_suite(void)
{
    Suite *s = suite_create("color");
    TCase *tc = tcase_create("rand48");
    tcase_add_test(tc, rand48_matches_glibc);
    tcase_add_test(tc, rand48_state_is_explicit);
    suite_add_tcase(s, tc);
    tc = tcase_create("names");
    tcase_add_test(tc, seeded_hot_main);
    tcase_add_test(tc, seeded_hot_empty);
    tcase_add_test(tc, seeded_matches_drand48_formula);
    tcase_add_test(tc, hash_empty);
    tcase_add_test(tc, hash_ignores_module_prefix);
    tcase_add_test(tc, random_mode_uses_rng);
    tcase_add_test(tc, language_palettes);
    tcase_add_test(tc, palette_lookup);
    suite_add_tcase(s, tc);
    tc = tcase_create("delta_background");
    tcase_add_test(tc, color_delta);
    tcase_add_test(tc, background);
    tcase_add_test(tc, background_bad_spec);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(color_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
