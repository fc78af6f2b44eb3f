/* test_folded.c - unit tests for lib/decode/folded.c (the folded line format) and lib/filter/rewrite.c. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "decode/folded.h"
#include "filter/rewrite.h"

static int parse(const char *s, fl_record *r)
{
    memset(r, 0x5a, sizeof *r);
    return fl_parse_line(s, strlen(s), r);
}

static void ck_stack(const fl_record *r, const char *want)
{
    ck_assert_uint_eq(r->stack_len, strlen(want));
    ck_assert_int_eq(memcmp(r->stack, want, r->stack_len), 0);
}

START_TEST(parse_simple)
{
    fl_record r;
    const char *line = "a;b;c 12";
    ck_assert_int_eq(parse(line, &r), 1);
    ck_assert_ptr_eq(r.stack, line);
    ck_stack(&r, "a;b;c");
    ck_assert_double_eq(r.count, 12);
    ck_assert_int_eq(r.has_delta, 0);
    ck_assert_double_eq(r.delta, 0);
    ck_assert_uint_eq(r.counts_len, 2);
    ck_assert_int_eq(memcmp(r.counts, "12", 2), 0);
}
END_TEST

START_TEST(parse_fraction_trailing_point)
{
    fl_record r;
    ck_assert_int_eq(parse("a;b 12.", &r), 1);
    ck_stack(&r, "a;b");
    ck_assert_double_eq(r.count, 12);
    ck_assert_int_eq(r.has_delta, 0);
}
END_TEST

START_TEST(parse_fraction)
{
    fl_record r;
    ck_assert_int_eq(parse("a;b 12.5", &r), 1);
    ck_stack(&r, "a;b");
    ck_assert_double_eq(r.count, 12.5);
    ck_assert_uint_eq(r.counts_len, 4);
}
END_TEST

START_TEST(parse_zero_count)
{
    fl_record r;
    ck_assert_int_eq(parse("x 0", &r), 1);
    ck_stack(&r, "x");
    ck_assert_double_eq(r.count, 0);
}
END_TEST

START_TEST(parse_spaces_in_name)
{
    fl_record r;
    /* Only the one whitespace before the count separates: the rest is name. */
    ck_assert_int_eq(parse("a;b c  7", &r), 1);
    ck_stack(&r, "a;b c ");
    ck_assert_double_eq(r.count, 7);
    ck_assert_int_eq(parse("f(int x)\t3", &r), 1);
    ck_stack(&r, "f(int x)");
    ck_assert_double_eq(r.count, 3);
}
END_TEST

START_TEST(parse_differential)
{
    fl_record r;
    ck_assert_int_eq(parse("a;b 3 10", &r), 1);
    ck_stack(&r, "a;b");
    ck_assert_int_eq(r.has_delta, 1);
    ck_assert_double_eq(r.count, 10);
    ck_assert_double_eq(r.delta, 7);
    ck_assert_uint_eq(r.counts_len, 4);
    ck_assert_int_eq(memcmp(r.counts, "3 10", 4), 0);
}
END_TEST

START_TEST(parse_differential_negative_and_fraction)
{
    fl_record r;
    ck_assert_int_eq(parse("main 10 4.5", &r), 1);
    ck_stack(&r, "main");
    ck_assert_int_eq(r.has_delta, 1);
    ck_assert_double_eq(r.count, 4.5);
    ck_assert_double_eq(r.delta, -5.5);
}
END_TEST

START_TEST(parse_invalid)
{
    static const char *const bad[] = {
        ".5", "a .5", "no count", "a 1.2.3", "", "a", "12", "a;b 1x", "a;b -3",
        "a;b 1e5", "a;b 3 ", "a;b\t", " ",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        fl_record r;
        ck_assert_msg(parse(bad[i], &r) == 0, "line '%s' should be invalid", bad[i]);
    }
}
END_TEST

START_TEST(parse_count_only_with_space)
{
    /* " 5": empty stack, count 5 (flamegraph.pl accepts it). */
    fl_record r;
    ck_assert_int_eq(parse(" 5", &r), 1);
    ck_assert_uint_eq(r.stack_len, 0);
    ck_assert_double_eq(r.count, 5);
}
END_TEST

START_TEST(parse_uses_len_not_nul)
{
    fl_record r;
    const char *s = "a;b 42 trailing";
    ck_assert_int_eq(fl_parse_line(s, 6, &r), 1);
    ck_stack(&r, "a;b");
    ck_assert_double_eq(r.count, 42);
}
END_TEST

/* The count ends where the line ends, even when digits follow in memory. */
START_TEST(parse_count_within_len)
{
    fl_record r;
    ck_assert_int_eq(fl_parse_line("main;a 5999", 8, &r), 1);
    ck_assert_double_eq(r.count, 5);
    ck_assert_int_eq(fl_parse_line("main;a 2 5777", 10, &r), 1);
    ck_assert_double_eq(r.count, 5);
    ck_assert_double_eq(r.delta, 3);
    ck_assert_int_eq(fl_parse_line("a 1.5e300", 5, &r), 1);
    ck_assert_double_eq(r.count, 1.5);
    /* Long counts: leading zeros do not count, huge ones are infinite. */
    char line[1200] = "a ";
    memset(line + 2, '0', 900);
    strcpy(line + 902, "7");
    ck_assert_int_eq(fl_parse_line(line, strlen(line), &r), 1);
    ck_assert_double_eq(r.count, 7);
    memset(line + 2, '9', 900);
    ck_assert_int_eq(fl_parse_line(line, strlen(line), &r), 1);
    ck_assert(isinf(r.count));
    ck_assert_int_eq(fl_parse_line("a 123456789012345678", 20, &r), 1);
    ck_assert_double_eq(r.count, 123456789012345678.0);
}
END_TEST

START_TEST(stack_trim)
{
    ck_assert_uint_eq(fl_stack_trim("a;b;;;", 6), 3);
    ck_assert_uint_eq(fl_stack_trim("a;b", 3), 3);
    ck_assert_uint_eq(fl_stack_trim(";;", 2), 0);
    ck_assert_uint_eq(fl_stack_trim("", 0), 0);
    ck_assert_uint_eq(fl_stack_trim(";a", 2), 2);
    ck_assert_uint_eq(fl_stack_trim("a;;b;", 5), 4);
}
END_TEST

static char *reversed(const char *s)
{
    fl_buf b = {0};
    ck_assert_int_eq(fl_stack_reverse(&b, s, strlen(s)), 0);
    fl_buf_putc(&b, '\0');
    return b.data;
}

START_TEST(stack_reverse)
{
    char *r = reversed("a;b;c");
    ck_assert_str_eq(r, "c;b;a");
    free(r);
    r = reversed("single");
    ck_assert_str_eq(r, "single");
    free(r);
    r = reversed("a;b;;");      /* trailing empty frames are dropped */
    ck_assert_str_eq(r, "b;a");
    free(r);
    r = reversed("x;;y");       /* inner empty frames are kept */
    ck_assert_str_eq(r, "y;;x");
    free(r);
    fl_buf b = {0};
    ck_assert_int_eq(fl_stack_reverse(&b, "", 0), 0);
    ck_assert_uint_eq(b.len, 0);
    fl_buf_free(&b);
}
END_TEST

START_TEST(stack_reverse_appends)
{
    fl_buf b = {0};
    fl_buf_puts(&b, "pre:");
    ck_assert_int_eq(fl_stack_reverse(&b, "one;two", 7), 0);
    ck_assert_uint_eq(b.len, 11);
    ck_assert_int_eq(memcmp(b.data, "pre:two;one", 11), 0);
    fl_buf_free(&b);
}
END_TEST

static char *chained(const char *s)
{
    fl_buf b = {0};
    ck_assert_int_eq(fl_stack_chain(&b, s, strlen(s)), 0);
    fl_buf_putc(&b, '\0');
    return b.data;
}

START_TEST(stack_chain)
{
    char *r = chained("a;b");
    ck_assert_str_eq(r, "a;b;--;");
    free(r);
    r = chained("a;b;--;c;d");
    ck_assert_str_eq(r, "a;b;--;c_[w];d_[w]");
    free(r);
    r = chained("a;--;w1;--;w2");
    ck_assert_str_eq(r, "a;--;w1_[w];--;w2_[w]");
    free(r);
    r = chained("a;--;b;--;");     /* empty trailing parts dropped */
    ck_assert_str_eq(r, "a;--;b_[w]");
    free(r);
}
END_TEST

static Suite *folded_suite(void)
{
    Suite *s = suite_create("folded");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, parse_simple);
    tcase_add_test(tc, parse_fraction_trailing_point);
    tcase_add_test(tc, parse_fraction);
    tcase_add_test(tc, parse_zero_count);
    tcase_add_test(tc, parse_spaces_in_name);
    tcase_add_test(tc, parse_differential);
    tcase_add_test(tc, parse_differential_negative_and_fraction);
    tcase_add_test(tc, parse_invalid);
    tcase_add_test(tc, parse_count_only_with_space);
    tcase_add_test(tc, parse_uses_len_not_nul);
    tcase_add_test(tc, parse_count_within_len);
    suite_add_tcase(s, tc);
    tc = tcase_create("stack");
    tcase_add_test(tc, stack_trim);
    tcase_add_test(tc, stack_reverse);
    tcase_add_test(tc, stack_reverse_appends);
    tcase_add_test(tc, stack_chain);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(folded_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
