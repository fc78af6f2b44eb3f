/* test_regex.c - unit tests for lib/base/regex.c (JavaScript-syntax
 * regular expressions through PCRE2).  The pattern-by-pattern comparison
 * with JavaScript itself is tests/regex/run.sh. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/regex.h"

static fl_regex *compile(const char *p, int icase)
{
    fl_regex *re = NULL;
    char err[256];
    ck_assert_int_eq(fl_regex_compile(&re, p, strlen(p), icase, err, sizeof err), FLAME_OK);
    ck_assert_ptr_nonnull(re);
    return re;
}

static int matches(const char *p, int icase, const char *s)
{
    fl_regex *re = compile(p, icase);
    int m = fl_regex_match(re, s, strlen(s));
    fl_regex_free(re);
    return m;
}

START_TEST(basic_matching)
{
    ck_assert_int_eq(matches("parse", 0, "json_parse_value"), 1);
    ck_assert_int_eq(matches("^parse", 0, "json_parse_value"), 0);
    ck_assert_int_eq(matches("^main$", 0, "main"), 1);
    ck_assert_int_eq(matches("^main$", 0, "mainx"), 0);
    ck_assert_int_eq(matches("a|b", 0, "xbx"), 1);
    ck_assert_int_eq(matches("", 0, "anything"), 1);
    ck_assert_int_eq(matches("", 0, ""), 1);
    ck_assert_int_eq(matches("MAIN", 1, "main"), 1);
    ck_assert_int_eq(matches("MAIN", 0, "main"), 0);
    ck_assert_int_eq(matches("CAFÉ", 1, "café"), 1);
}
END_TEST

START_TEST(javascript_semantics)
{
    ck_assert_int_eq(matches("[]", 0, "a"), 0);          /* matches nothing */
    ck_assert_int_eq(matches("^[^]$", 0, "é"), 1);       /* any one character */
    ck_assert_int_eq(matches("(a)|b\\1", 0, "b"), 1);    /* unset group: empty */
    ck_assert_int_eq(matches("\\u0041", 0, "A"), 1);
    ck_assert_int_eq(matches("^\\u{2}$", 0, "uu"), 1);   /* no "u" flag: u twice */
    ck_assert_int_eq(matches("\\x4", 0, "x4"), 1);
    ck_assert_int_eq(matches("\\y", 0, "y"), 1);         /* identity escape */
    ck_assert_int_eq(matches("^\\d+$", 0, "١٢"), 0);     /* \d is ASCII */
    ck_assert_int_eq(matches("^\\w$", 0, "é"), 0);
    ck_assert_int_eq(matches("\\W", 0, "é"), 1);
    ck_assert_int_eq(matches("x.y", 0, "x\ry"), 0);      /* . is no line end */
    ck_assert_int_eq(matches("c$", 0, "abc\n"), 0);      /* $ only at the end */
}
END_TEST

START_TEST(invalid_utf8_subject)
{
    ck_assert_int_eq(matches(".", 0, "\xff"), 0);
    ck_assert_int_eq(matches("a", 0, "a\xff"), 0);
}
END_TEST

static void ck_error(const char *p, const char *want)
{
    fl_regex *re = (fl_regex *)1;
    char err[256];
    ck_assert_int_eq(fl_regex_compile(&re, p, strlen(p), 0, err, sizeof err), FLAME_ERR_OPTION);
    ck_assert_ptr_null(re);
    ck_assert_msg(strstr(err, want) != NULL, "'%s': got '%s', want '%s'", p, err, want);
}

START_TEST(errors_name_the_position)
{
    ck_error("a(b", "at position 3: missing closing parenthesis");
    ck_error("ab)", "at position 2: ");
    ck_error("[z-a]", "at position 3: range out of order");
    ck_error("é(", "at position 2: ");                   /* characters, not bytes */
    ck_error("*", "at position 0: ");
    ck_error("\xff", "at position 0: ");                  /* not UTF-8 */
    ck_error("(?<=a+)b", "at position");                 /* lookbehind of any length */
}
END_TEST

START_TEST(huge_patterns)
{
    /* Longer than the compiled form may be: refused, not crashed. */
    size_t n = 1 << 20;
    char *p = malloc(n + 1);
    ck_assert_ptr_nonnull(p);
    for (size_t i = 0; i < n; i++)
        p[i] = "(a|b)"[i % 5];
    p[n] = '\0';
    fl_regex *re = NULL;
    char err[256];
    flame_status st = fl_regex_compile(&re, p, n, 0, err, sizeof err);
    ck_assert(st == FLAME_ERR_OPTION || st == FLAME_OK);
    fl_regex_free(re);
    /* Deep nesting. */
    for (size_t i = 0; i < n; i++)
        p[i] = i < n / 2 ? '(' : ')';
    st = fl_regex_compile(&re, p, n, 0, err, sizeof err);
    ck_assert_int_eq(st, FLAME_ERR_OPTION);
    ck_assert_ptr_nonnull(strstr(err, "at position"));
    free(p);
}
END_TEST

START_TEST(catastrophic_backtracking_is_limited)
{
    static const char *const pathological[] = {"^(a+)+$", "^(a|aa)+$", "(.*a){50}", "^(\\w+\\s?)*$"};
    char subject[64];
    memset(subject, 'a', 40);
    strcpy(subject + 40, "!");
    for (size_t i = 0; i < sizeof pathological / sizeof pathological[0]; i++) {
        fl_regex *re = compile(pathological[i], 0);
        time_t t0 = time(NULL);
        int m = fl_regex_match(re, subject, strlen(subject));
        ck_assert_msg(m == 0 || m == FL_REGEX_LIMIT, "%s: %d", pathological[i], m);
        ck_assert_msg(time(NULL) - t0 < 10, "%s took too long", pathological[i]);
        fl_regex_free(re);
    }
    /* A catastrophic one is reported, not answered. */
    fl_regex *re = compile("^(a|a?)+$", 0);
    ck_assert_int_eq(fl_regex_match(re, subject, strlen(subject)), FL_REGEX_LIMIT);
    fl_regex_free(re);
}
END_TEST

START_TEST(quote_for_messages)
{
    char out[32];
    fl_regex_quote(out, sizeof out, "a\nb\x7f", 4, 100);
    ck_assert_str_eq(out, "a\\x0Ab\\x7F");
    fl_regex_quote(out, sizeof out, "abcdef", 6, 3);
    ck_assert_str_eq(out, "abc...");
    fl_regex_quote(out, sizeof out, "\xc3\xa9\xc3\xa9", 4, 3);   /* never half a character */
    ck_assert_str_eq(out, "\xc3\xa9\xc3\xa9");
    fl_regex_quote(out, 8, "abcdefghijkl", 12, 100);
    ck_assert_str_eq(out, "abcdefg");
}
END_TEST

static Suite *regex_suite(void)
{
    Suite *s = suite_create("regex");
    TCase *tc = tcase_create("regex");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, basic_matching);
    tcase_add_test(tc, javascript_semantics);
    tcase_add_test(tc, invalid_utf8_subject);
    tcase_add_test(tc, errors_name_the_position);
    tcase_add_test(tc, huge_patterns);
    tcase_add_test(tc, catastrophic_backtracking_is_limited);
    tcase_add_test(tc, quote_for_messages);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(regex_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
