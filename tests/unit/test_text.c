/* test_text.c - unit tests for lib/base/text.c (XML-safe text, numbers, labels). */
#include <check.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"

#define FFFD "\xEF\xBF\xBD"

/* Run fl_text_xml_safe on n bytes and compare with want (NUL-terminated). */
static void ck_safe(const char *in, size_t n, const char *want)
{
    fl_buf b = {0};
    ck_assert_int_eq(fl_text_xml_safe(&b, in, n), 0);
    ck_assert_msg(b.len == strlen(want) && memcmp(b.data, want, b.len) == 0,
                  "xml_safe gave %zu bytes '%.*s', want '%s'", b.len, (int)b.len,
                  b.data ? b.data : "", want);
    fl_buf_free(&b);
}
#define CK_SAFE(lit, want) ck_safe(lit, sizeof(lit) - 1, want)

START_TEST(xml_safe_ascii_and_valid_utf8)
{
    CK_SAFE("main", "main");
    CK_SAFE("a<b>&\"'", "a<b>&\"'");       /* escaping is not its job */
    CK_SAFE("caf\xC3\xA9", "caf\xC3\xA9");
    CK_SAFE("\xE2\x82\xAC", "\xE2\x82\xAC");          /* U+20AC */
    CK_SAFE("\xF0\x9F\x94\xA5", "\xF0\x9F\x94\xA5");  /* U+1F525 */
    CK_SAFE("\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF");  /* U+10FFFF */
    CK_SAFE("\xEE\x80\x80", "\xEE\x80\x80");          /* U+E000 */
    CK_SAFE("a\tb\nc\rd", "a\tb\nc\rd");
    ck_safe("", 0, "");
}
END_TEST

START_TEST(xml_safe_invalid_bytes)
{
    CK_SAFE("\xFF", FFFD);
    CK_SAFE("a\x80z", "a" FFFD "z");
    CK_SAFE("\xC3", FFFD);                 /* truncated */
    CK_SAFE("\xE2\x82", FFFD FFFD);        /* truncated 3-byte: each byte */
    CK_SAFE("\xC3(", FFFD "(");            /* bad continuation */
    CK_SAFE("\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD);  /* above U+10FFFF lead */
    CK_SAFE("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD);  /* U+110000 */
}
END_TEST

START_TEST(xml_safe_overlong)
{
    CK_SAFE("\xC0\xAF", FFFD FFFD);          /* overlong '/' */
    CK_SAFE("\xC1\xBF", FFFD FFFD);
    CK_SAFE("\xE0\x80\xAF", FFFD FFFD FFFD);
    CK_SAFE("\xF0\x80\x80\xAF", FFFD FFFD FFFD FFFD);
}
END_TEST

START_TEST(xml_safe_surrogates)
{
    CK_SAFE("\xED\xA0\x80", FFFD FFFD FFFD);      /* U+D800 */
    CK_SAFE("x\xED\xBF\xBFy", "x" FFFD FFFD FFFD "y");  /* U+DFFF */
    CK_SAFE("\xED\x9F\xBF", "\xED\x9F\xBF");      /* U+D7FF is fine */
}
END_TEST

START_TEST(xml_safe_control_chars)
{
    ck_safe("a\0b", 3, "a" FFFD "b");
    CK_SAFE("\x01\x1F", FFFD FFFD);
    CK_SAFE("\x0B\x0C", FFFD FFFD);
    CK_SAFE("\x7F", "\x7F");                   /* DEL is allowed in XML 1.0 */
    CK_SAFE("\xEF\xBF\xBE", FFFD);             /* U+FFFE */
    CK_SAFE("\xEF\xBF\xBF", FFFD);             /* U+FFFF */
    CK_SAFE("\xEF\xBF\xBD", FFFD);             /* U+FFFD itself kept */
}
END_TEST

START_TEST(xml_safe_appends)
{
    fl_buf b = {0};
    fl_buf_puts(&b, "x=");
    ck_assert_int_eq(fl_text_xml_safe(&b, "\x01y", 2), 0);
    ck_assert_uint_eq(b.len, 2 + 3 + 1);
    ck_assert_int_eq(memcmp(b.data, "x=" FFFD "y", b.len), 0);
    fl_buf_free(&b);
}
END_TEST

START_TEST(utf8_decode)
{
    uint32_t cp[8];
    size_t n = fl_utf8_decode("a\xC3\xA9\xFF\xE2\x82\xAC", 7, cp, 8);
    ck_assert_uint_eq(n, 4);
    ck_assert_uint_eq(cp[0], 'a');
    ck_assert_uint_eq(cp[1], 0xE9);
    ck_assert_uint_eq(cp[2], 0xFFFD);
    ck_assert_uint_eq(cp[3], 0x20AC);
    ck_assert_uint_eq(fl_utf8_decode("abc", 3, NULL, 0), 3);
}
END_TEST

static char *fmt(int (*f)(fl_buf *, double), double v)
{
    fl_buf b = {0};
    ck_assert_int_eq(f(&b, v), 0);
    fl_buf_putc(&b, '\0');
    return b.data;
}

#define CK_FMT(f, v, want) do { char *s_ = fmt(f, v); ck_assert_str_eq(s_, want); free(s_); } while (0)

START_TEST(fmt_num)
{
    CK_FMT(fl_fmt_num, 0, "0");
    CK_FMT(fl_fmt_num, -0.0, "0");
    CK_FMT(fl_fmt_num, 12, "12");
    CK_FMT(fl_fmt_num, 12.5, "12.5");
    CK_FMT(fl_fmt_num, -3, "-3");
    CK_FMT(fl_fmt_num, 0.1 + 0.2, "0.3");
    CK_FMT(fl_fmt_num, 1e15, "1e+15");
    CK_FMT(fl_fmt_num, 123456789012345.0, "123456789012345");
    CK_FMT(fl_fmt_num, 1.0 / 3, "0.333333333333333");
}
END_TEST

/* Every shortcut of fl_fmt_num prints what "%.15g" prints. */
START_TEST(fmt_num_matches_printf)
{
    unsigned seed = 99;
    for (int i = 0; i < 40000; i++) {
        seed = seed * 1103515245u + 12345u;
        double r = (double)(seed >> 8) / (1u << 24);
        double v;
        switch (i % 5) {
        case 0: v = floor(r * 1e6) / 2; break;           /* half-pixel y */
        case 1: v = floor(r * 1e7) / 100; break;         /* two decimals */
        case 2: v = r * 1e-3; break;                     /* small */
        case 3: v = floor(r * 1e15) * (i % 2 ? 1 : -1); break;
        default: v = (r - 0.5) * 1e10 / 3; break;
        }
        char want[64];
        snprintf(want, sizeof want, "%.15g", v == 0 ? 0 : v);
        fl_buf got = {0};
        ck_assert_int_eq(fl_fmt_num(&got, v), 0);
        ck_assert_msg(strcmp(got.data, want) == 0, "%.17g: got %s, want %s", v, got.data, want);
        fl_buf_free(&got);
    }
}
END_TEST

static char *fixed(double v, int d)
{
    fl_buf b = {0};
    ck_assert_int_eq(fl_fmt_fixed(&b, v, d), 0);
    fl_buf_putc(&b, '\0');
    return b.data;
}
#define CK_FIXED(v, d, want) do { char *s_ = fixed(v, d); ck_assert_str_eq(s_, want); free(s_); } while (0)

START_TEST(fmt_fixed)
{
    CK_FIXED(10.0, 1, "10");
    CK_FIXED(10.25, 1, "10.2");    /* %.1f, binary 10.25 rounds to even */
    CK_FIXED(10.26, 1, "10.3");
    CK_FIXED(1189.96, 1, "1190");
    CK_FIXED(0.04, 1, "0");
    CK_FIXED(-0.04, 1, "0");       /* no "-0" */
    CK_FIXED(-2.5, 1, "-2.5");
    CK_FIXED(3.10, 2, "3.1");
    CK_FIXED(3.456, 2, "3.46");
    CK_FIXED(100, 0, "100");       /* no decimals: zeros of the integer stay */
    CK_FIXED(7.5, 0, "8");
}
END_TEST

/* The integer fast path must print exactly what printf prints. */
START_TEST(fmt_decimals_matches_printf)
{
    static const double edge[] = {0, -0.0, 0.5, 1.5, 2.5, 0.125, 0.375, -0.001, -0.004,
                                  0.005, 0.015, 1.005, 1e-9, 999999.995, 99999999.5,
                                  1e9, 1e12, -1e12, 1e300, 123.456789};
    unsigned seed = 42;
    for (int i = 0; i < 40000; i++) {
        double v;
        if (i < (int)(sizeof edge / sizeof edge[0])) {
            v = edge[i];
        } else {
            seed = seed * 1103515245u + 12345u;
            int kind = (int)(seed >> 28) & 3;
            double r = (double)(seed >> 8) / (1u << 24);
            if (kind == 0)
                v = r * 1200;                               /* coordinates */
            else if (kind == 1)
                v = floor(r * 100000) / 8;                  /* exact binary ties */
            else if (kind == 2)
                v = (r - 0.5) * 200;                        /* signed percentages */
            else
                v = floor(r * 1e6) / 1000 + 0.0005;         /* near decimal ties */
        }
        for (int d = 0; d <= 4; d++) {
            char want[400];
            snprintf(want, sizeof want, "%.*f", d, v);
            fl_buf got = {0};
            ck_assert_int_eq(fl_fmt_decimals(&got, v, d), 0);
            ck_assert_msg(strcmp(got.data, want) == 0, "%.17g with %d decimals: got %s, want %s",
                          v, d, got.data, want);
            fl_buf_free(&got);
        }
    }
}
END_TEST

START_TEST(fmt_thousands)
{
    CK_FMT(fl_fmt_thousands, 0, "0");
    CK_FMT(fl_fmt_thousands, 999, "999");
    CK_FMT(fl_fmt_thousands, 1000, "1,000");
    CK_FMT(fl_fmt_thousands, 1234567, "1,234,567");
    CK_FMT(fl_fmt_thousands, 100000, "100,000");
    CK_FMT(fl_fmt_thousands, 12345.6, "12,346");
    CK_FMT(fl_fmt_thousands, -1234, "-1,234");
    CK_FMT(fl_fmt_thousands, -999, "-999");
    CK_FMT(fl_fmt_thousands, 1e12, "1,000,000,000,000");
}
END_TEST

static char *fit(const char *s, long chars)
{
    fl_buf b = {0};
    ck_assert_int_eq(fl_fit_label(&b, s, strlen(s), chars), 0);
    fl_buf_putc(&b, '\0');
    return b.data;
}
#define CK_FIT(s, c, want) do { char *s_ = fit(s, c); ck_assert_str_eq(s_, want); free(s_); } while (0)

START_TEST(fit_label)
{
    CK_FIT("function", 8, "function");
    CK_FIT("function", 100, "function");
    CK_FIT("function", 7, "funct..");
    CK_FIT("function", 3, "f..");
    CK_FIT("function", 2, "");
    CK_FIT("function", 0, "");
    CK_FIT("function", -5, "");
    CK_FIT("ab", 2, "");            /* below 3 chars: never a label */
    CK_FIT("abc", 3, "abc");
    /* cuts count characters, not bytes */
    CK_FIT("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5, "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
    CK_FIT("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 4, "\xC3\xA9\xC3\xA9..");
    CK_FIT("\xF0\x9F\x94\xA5xyz\xF0\x9F\x94\xA5", 4, "\xF0\x9F\x94\xA5x..");
}
END_TEST

START_TEST(strip_annotation)
{
    ck_assert_uint_eq(fl_strip_annotation("foo_[k]", 7), 3);
    ck_assert_uint_eq(fl_strip_annotation("foo_[w]", 7), 3);
    ck_assert_uint_eq(fl_strip_annotation("foo_[i]", 7), 3);
    ck_assert_uint_eq(fl_strip_annotation("foo_[j]", 7), 3);
    ck_assert_uint_eq(fl_strip_annotation("_[k]", 4), 0);
    ck_assert_uint_eq(fl_strip_annotation("foo_[x]", 7), 7);
    ck_assert_uint_eq(fl_strip_annotation("foo[k]", 6), 6);
    ck_assert_uint_eq(fl_strip_annotation("foo_[k]x", 8), 8);
    ck_assert_uint_eq(fl_strip_annotation("k]", 2), 2);
    ck_assert_uint_eq(fl_strip_annotation("", 0), 0);
    /* only the last annotation */
    ck_assert_uint_eq(fl_strip_annotation("a_[k]_[j]", 9), 5);
    /* n bounds the look: the suffix must end at n */
    ck_assert_uint_eq(fl_strip_annotation("foo_[k]", 6), 6);
}
END_TEST

static Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("xml_safe");
    tcase_add_test(tc, xml_safe_ascii_and_valid_utf8);
    tcase_add_test(tc, xml_safe_invalid_bytes);
    tcase_add_test(tc, xml_safe_overlong);
    tcase_add_test(tc, xml_safe_surrogates);
    tcase_add_test(tc, xml_safe_control_chars);
    tcase_add_test(tc, xml_safe_appends);
    tcase_add_test(tc, utf8_decode);
    suite_add_tcase(s, tc);
    tc = tcase_create("format");
    tcase_add_test(tc, fmt_num);
    tcase_add_test(tc, fmt_fixed);
    tcase_add_test(tc, fmt_thousands);
    tcase_add_test(tc, fmt_decimals_matches_printf);
    tcase_add_test(tc, fmt_num_matches_printf);
    suite_add_tcase(s, tc);
    tc = tcase_create("labels");
    tcase_add_test(tc, fit_label);
    tcase_add_test(tc, strip_annotation);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(text_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
