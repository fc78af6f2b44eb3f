/* test_filter.c - unit tests for lib/filter/filter.c (the filters) and the
 * filter options of lib/base/config.c. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "filter/filter.h"

static fl_config cfg;
static fl_diag diag;
static fl_filter flt;

static void setup(void)
{
    fl_config_init(&cfg);
    memset(&diag, 0, sizeof diag);
    memset(&flt, 0, sizeof flt);
}

static void teardown(void)
{
    fl_filter_free(&flt);
    fl_config_free(&cfg);
    fl_diag_free(&diag);
}

static void set(flame_option key, const char *v)
{
    ck_assert_int_eq(fl_config_set_string(&cfg, key, v, &diag), FLAME_OK);
}

static void start(void)
{
    ck_assert_int_eq(fl_filter_init(&flt, &cfg, &diag), FLAME_OK);
}

/* The line a record becomes, or "-" when it is dropped. */
static char result[4096];
static const char *apply(const char *line)
{
    fl_record rec;
    ck_assert_int_eq(fl_parse_line(line, strlen(line), &rec), 1);
    const fl_record *out;
    ck_assert_int_eq(fl_filter_apply(&flt, &rec, &out), FLAME_OK);
    if (!out)
        return "-";
    ck_assert_uint_lt(out->line_len, sizeof result);
    memcpy(result, out->line, out->line_len);
    result[out->line_len] = '\0';
    /* The parts of the record agree with its line. */
    ck_assert_ptr_eq(out->stack, out->line);
    ck_assert_ptr_eq(out->counts, out->line + out->stack_len + 1);
    ck_assert_uint_eq(out->stack_len + 1 + out->counts_len, out->line_len);
    ck_assert_double_eq(out->count, rec.count);
    return result;
}

START_TEST(inactive_passes_everything)
{
    start();
    ck_assert_int_eq(flt.active, 0);
    fl_record rec;
    const char *line = "a;b 3";
    fl_parse_line(line, 5, &rec);
    const fl_record *out;
    ck_assert_int_eq(fl_filter_apply(&flt, &rec, &out), FLAME_OK);
    ck_assert_ptr_eq(out, &rec);
}
END_TEST

START_TEST(unchanged_stacks_are_not_copied)
{
    set(FLAME_OPT_FOCUS, "b");
    start();
    fl_record rec;
    const char *line = "a;b;; 3";
    fl_parse_line(line, strlen(line), &rec);
    const fl_record *out;
    ck_assert_int_eq(fl_filter_apply(&flt, &rec, &out), FLAME_OK);
    ck_assert_ptr_eq(out, &rec);
}
END_TEST

START_TEST(collapse_recursion)
{
    ck_assert_int_eq(fl_config_set_int(&cfg, FLAME_OPT_COLLAPSE_RECURSION, 1, &diag), FLAME_OK);
    start();
    ck_assert_str_eq(apply("a;b;b;b;c 5"), "a;b;c 5");
    ck_assert_str_eq(apply("a;b;c;b 5"), "a;b;c;b 5");
    ck_assert_str_eq(apply("a;a 2"), "a 2");
    ck_assert_str_eq(apply("a;;;b 2"), "a;;b 2");          /* empty names repeat too */
    ck_assert_str_eq(apply("x_[k];x;x 1 2"), "x_[k];x 1 2"); /* exact names; both counts kept */
}
END_TEST

START_TEST(focus_and_ignore)
{
    set(FLAME_OPT_FOCUS, "^run$");
    set(FLAME_OPT_FOCUS, "lex");
    set(FLAME_OPT_IGNORE, "gc");
    start();
    ck_assert_str_eq(apply("main;run;work 1"), "main;run;work 1");
    ck_assert_str_eq(apply("main;runner 1"), "-");
    ck_assert_str_eq(apply("main;parse;lexer 1"), "main;parse;lexer 1");
    ck_assert_str_eq(apply("main;run;gc_mark 1"), "-");
    ck_assert_str_eq(apply(" 4"), "-");                     /* no frame, no match */
}
END_TEST

START_TEST(ignore_case)
{
    set(FLAME_OPT_FOCUS, "^RUN$");
    ck_assert_int_eq(fl_config_set_int(&cfg, FLAME_OPT_IGNORE_CASE, 1, &diag), FLAME_OK);
    start();
    ck_assert_str_eq(apply("main;run 1"), "main;run 1");
    ck_assert_str_eq(apply("main;Run 1"), "main;Run 1");
}
END_TEST

START_TEST(base_names)
{
    set(FLAME_OPT_BASE, "run");
    set(FLAME_OPT_BASE, "gc");
    start();
    ck_assert_str_eq(apply("main;run;work 1"), "run;work 1");
    ck_assert_str_eq(apply("main;x;gc;run 1"), "gc;run 1");  /* the first of either */
    ck_assert_str_eq(apply("main;runner 1"), "-");
    ck_assert_str_eq(apply("run 7"), "run 7");
    ck_assert_str_eq(apply("main;run_[k];y 2"), "run_[k];y 2"); /* the name as shown */
}
END_TEST

START_TEST(hide_frames)
{
    set(FLAME_OPT_HIDE, "^(main|x)$");
    start();
    ck_assert_str_eq(apply("main;a;x;b 3"), "a;b 3");
    ck_assert_str_eq(apply("main;x 3"), " 3");               /* every frame: the count stays */
    ck_assert_str_eq(apply("a;b 3"), "a;b 3");
}
END_TEST

START_TEST(strip_hex)
{
    fl_buf b = {0};
    const char *s = "f;0x7fA0;a0x;0x;x0xg;00x1z";
    ck_assert_int_eq(fl_strip_hex(&b, s, strlen(s)), 0);
    ck_assert_int_eq((int)b.len, (int)strlen("f;0x...;a0x;0x;x0xg;00x...z"));
    ck_assert_int_eq(memcmp(b.data, "f;0x...;a0x;0x;x0xg;00x...z", b.len), 0);
    fl_buf_free(&b);
    ck_assert_int_eq(fl_config_set_int(&cfg, FLAME_OPT_STRIP_HEX, 1, &diag), FLAME_OK);
    start();
    ck_assert_str_eq(apply("main;0xdead;0xbeef 2"), "main;0x...;0x... 2");
    ck_assert_str_eq(apply("main;plain 2"), "main;plain 2");
}
END_TEST

START_TEST(names_as_shown)
{
    /* Annotations are not shown, nor matched; invalid bytes are U+FFFD. */
    set(FLAME_OPT_FOCUS, "^k$");
    set(FLAME_OPT_HIDE, "^a\\uFFFDb$");
    start();
    ck_assert_str_eq(apply("x;k_[k] 1"), "x;k_[k] 1");
    ck_assert_str_eq(apply("k;a\xff" "b 1"), "k 1");
    ck_assert_str_eq(apply("k_[j];a\x01" "b 1"), "k_[j] 1");   /* control characters too */
}
END_TEST

START_TEST(shared_frames_keep_their_matches)
{
    /* Neighbours sharing bytes but not frames must be matched anew. */
    set(FLAME_OPT_HIDE, "^ab$");
    start();
    ck_assert_str_eq(apply("ab;c 1"), "c 1");
    ck_assert_str_eq(apply("abc;d 1"), "abc;d 1");
    ck_assert_str_eq(apply("abc;ab 1"), "abc 1");
    ck_assert_str_eq(apply("abc;ab 1"), "abc 1");             /* the same again */
    ck_assert_str_eq(apply("abc;abx 1"), "abc;abx 1");
    ck_assert_str_eq(apply("ab 1"), " 1");
    ck_assert_str_eq(apply("a 1"), "a 1");
    ck_assert_str_eq(apply("ab;ab;ab 1"), " 1");
    ck_assert_str_eq(apply("ab;ab;abab 1"), "abab 1");
}
END_TEST

START_TEST(match_limit_is_an_error)
{
    set(FLAME_OPT_FOCUS, "^(a|a?)+$");
    start();
    char line[128];
    memset(line, 'a', 60);
    strcpy(line + 60, "! 1");
    fl_record rec;
    fl_parse_line(line, strlen(line), &rec);
    const fl_record *out;
    ck_assert_int_eq(fl_filter_apply(&flt, &rec, &out), FLAME_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(diag.err, "--focus pattern '^(a|a?)+$' needs too much backtracking"));
    ck_assert_ptr_nonnull(strstr(diag.err, "on the frame 'aaaa"));
    /* The next stack starts afresh. */
    ck_assert_str_eq(apply("a 1"), "a 1");
}
END_TEST

START_TEST(options_check_patterns_when_set)
{
    ck_assert_int_eq(fl_config_set_string(&cfg, FLAME_OPT_HIDE, "a(", &diag), FLAME_ERR_OPTION);
    ck_assert_str_eq(diag.err, "invalid --hide pattern 'a(' at position 2: missing closing parenthesis");
    ck_assert_uint_eq(cfg.hide.count, 0);
    ck_assert_int_eq(fl_config_set_string(&cfg, FLAME_OPT_BASE, "a;b", &diag), FLAME_ERR_OPTION);
    ck_assert_int_eq(fl_config_set_string(&cfg, FLAME_OPT_BASE, "a\nb", &diag), FLAME_ERR_OPTION);
    set(FLAME_OPT_FOCUS, "a");
    set(FLAME_OPT_FOCUS, "b");
    ck_assert_uint_eq(cfg.focus.count, 2);
    set(FLAME_OPT_FOCUS, NULL);                              /* NULL empties the list */
    ck_assert_uint_eq(cfg.focus.count, 0);
    ck_assert_int_eq(fl_config_set_int(&cfg, FLAME_OPT_FOCUS, 1, &diag), FLAME_ERR_ARG);
    ck_assert_str_eq(fl_option_name(FLAME_OPT_COLLAPSE_RECURSION), "collapse-recursion");
    ck_assert_str_eq(fl_option_name(FLAME_OPT_IGNORE_CASE), "ignore-case");
    ck_assert_int_eq(fl_config_set_string(&cfg, FLAME_OPT_DIFF_COLORS, "orange-blue", &diag), FLAME_OK);
    ck_assert_int_eq(cfg.diff_colors, FLAME_DIFF_COLORS_ORANGE_BLUE);
    ck_assert_int_eq(fl_config_set_int(&cfg, FLAME_OPT_DIFF_WIDTHS, 2, &diag), FLAME_ERR_OPTION);
}
END_TEST

static Suite *filter_suite(void)
{
    Suite *s = suite_create("filter");
    TCase *tc = tcase_create("filter");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, inactive_passes_everything);
    tcase_add_test(tc, unchanged_stacks_are_not_copied);
    tcase_add_test(tc, collapse_recursion);
    tcase_add_test(tc, focus_and_ignore);
    tcase_add_test(tc, ignore_case);
    tcase_add_test(tc, base_names);
    tcase_add_test(tc, hide_frames);
    tcase_add_test(tc, strip_hex);
    tcase_add_test(tc, names_as_shown);
    tcase_add_test(tc, shared_frames_keep_their_matches);
    tcase_add_test(tc, match_limit_is_an_error);
    tcase_add_test(tc, options_check_patterns_when_set);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(filter_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
