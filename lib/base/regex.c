/*
 * regex.c - JavaScript-syntax regular expressions through PCRE2 (regex.h).
 *
 * The search box of the SVG runs `new RegExp(text)` or `new RegExp(text,
 * "i")`: no "u" flag, so JavaScript reads the pattern with its web
 * compatibility rules (ECMA-262 Annex B).  The PCRE2 options below take
 * PCRE2 as close to that as it goes:
 *
 *   PCRE2_ALT_BSUX              \uhhhh is a character, \x needs two hex
 *                               digits, and otherwise \u, \x and \U are
 *                               the letters (not PCRE2_EXTRA_ALT_BSUX: its
 *                               \u{hh} is the "u" flag's, while without it
 *                               /\u{2}/ means "uu")
 *   PCRE2_ALLOW_EMPTY_CLASS     [] matches nothing, [^] any character
 *   PCRE2_MATCH_UNSET_BACKREF   a reference to a group that has not
 *                               matched matches the empty string
 *   PCRE2_DOLLAR_ENDONLY        $ only at the very end
 *   PCRE2_EXTRA_BAD_ESCAPE_IS_LITERAL
 *                               \y is "y", as JavaScript's identity escapes
 *   PCRE2_NEWLINE_ANYCRLF       . matches neither CR nor LF
 *   PCRE2_UTF                   characters, not bytes; names are UTF-8
 *   PCRE2_NEVER_UCP             \d \w \b stay ASCII, as in JavaScript
 *   PCRE2_NEVER_BACKSLASH_C     \C would split characters: an error
 *
 * Matching has limits (backtracking steps, depth, heap), so that a
 * pattern with catastrophic backtracking fails on a name instead of
 * hanging; FL_REGEX_LIMIT says so.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/regex.h"

/* Per match: about 10 ms of backtracking at most, and bounded memory. */
#define FL_REGEX_MATCH_LIMIT 2000000u
#define FL_REGEX_DEPTH_LIMIT 100000u
#define FL_REGEX_HEAP_LIMIT_KIB 65536u

struct fl_regex {
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    int jit;                    /* JIT-compiled: matching tries that first */
};

void fl_regex_free(fl_regex *re)
{
    if (!re)
        return;
    pcre2_match_data_free(re->md);
    pcre2_match_context_free(re->mctx);
    pcre2_code_free(re->code);
    free(re);
}

/* Characters of s[0..off): UTF-8 lead bytes and stray bytes. */
static size_t char_position(const char *s, size_t off)
{
    size_t n = 0;
    for (size_t i = 0; i < off; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

flame_status fl_regex_compile(fl_regex **out, const char *pattern, size_t len, int icase,
                              char *err, size_t errsz)
{
    *out = NULL;
    if (errsz)
        err[0] = '\0';
    fl_regex *re = calloc(1, sizeof *re);
    pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
    if (!re || !cctx) {
        free(re);
        pcre2_compile_context_free(cctx);
        return FLAME_ERR_NOMEM;
    }
    pcre2_set_newline(cctx, PCRE2_NEWLINE_ANYCRLF);
    pcre2_set_compile_extra_options(cctx, PCRE2_EXTRA_BAD_ESCAPE_IS_LITERAL);
    /* Not PCRE2_MATCH_INVALID_UTF: with JIT, PCRE2 10.42 then finds no
     * \W or \D in non-ASCII text.  Subjects are checked instead. */
    uint32_t options = PCRE2_UTF | PCRE2_NEVER_UCP |
                       PCRE2_NEVER_BACKSLASH_C | PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS |
                       PCRE2_MATCH_UNSET_BACKREF | PCRE2_DOLLAR_ENDONLY;
    if (icase)
        options |= PCRE2_CASELESS;
    /* With PCRE2_EXTRA_BAD_ESCAPE_IS_LITERAL, PCRE2 10.42 takes a
     * backslash at the end as a letter; JavaScript refuses it. */
    size_t bs = 0;
    while (bs < len && pattern[len - 1 - bs] == '\\')
        bs++;
    if (bs % 2) {
        free(re);
        pcre2_compile_context_free(cctx);
        snprintf(err, errsz, "at position %zu: \\ at end of pattern", char_position(pattern, len));
        return FLAME_ERR_OPTION;
    }
    int code;
    PCRE2_SIZE off;
    /* An empty pattern may come as a NULL pointer; PCRE2 wants a string. */
    re->code = pcre2_compile((PCRE2_SPTR)(len ? pattern : ""), len, options, &code, &off, cctx);
    pcre2_compile_context_free(cctx);
    if (!re->code) {
        free(re);
        if (code == PCRE2_ERROR_HEAP_FAILED)
            return FLAME_ERR_NOMEM;
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", code);
        if (off > len)
            off = len;
        snprintf(err, errsz, "at position %zu: %s", char_position(pattern, off), (char *)msg);
        return FLAME_ERR_OPTION;
    }
    re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
    re->mctx = pcre2_match_context_create(NULL);
    if (!re->md || !re->mctx) {
        fl_regex_free(re);
        return FLAME_ERR_NOMEM;
    }
    pcre2_set_match_limit(re->mctx, FL_REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(re->mctx, FL_REGEX_DEPTH_LIMIT);
    pcre2_set_heap_limit(re->mctx, FL_REGEX_HEAP_LIMIT_KIB);
    /* Without JIT (not built in, out of memory) the interpreter matches
     * the same; JIT is only faster. */
    re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
    *out = re;
    return FLAME_OK;
}

static int match(fl_regex *re, const char *s, size_t n, uint32_t options)
{
    PCRE2_SPTR subject = (PCRE2_SPTR)(n ? s : "");
    int rc = pcre2_match(re->code, subject, n, 0, options, re->md, re->mctx);
    /* JIT code runs on a small stack of its own; the interpreter keeps
     * its backtracking on the heap, within the limits. */
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT && re->jit)
        rc = pcre2_match(re->code, subject, n, 0, options | PCRE2_NO_JIT, re->md, re->mctx);
    if (rc >= 0)
        return 1;
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
        return 0;    /* not UTF-8: no character to match */
    switch (rc) {
    case PCRE2_ERROR_NOMATCH:
        return 0;
    case PCRE2_ERROR_MATCHLIMIT:
    case PCRE2_ERROR_DEPTHLIMIT:
    case PCRE2_ERROR_HEAPLIMIT:
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return FL_REGEX_LIMIT;
    case PCRE2_ERROR_NOMEMORY:
        return FL_REGEX_NOMEM;
    default:
        return FL_REGEX_FAILED;
    }
}

int fl_regex_match(fl_regex *re, const char *s, size_t n)
{
    return match(re, s, n, 0);
}

int fl_regex_match_utf8(fl_regex *re, const char *s, size_t n)
{
    return match(re, s, n, PCRE2_NO_UTF_CHECK);
}

void fl_regex_quote(char *out, size_t outsz, const char *pattern, size_t len, size_t max)
{
    size_t o = 0;
    if (!outsz)
        return;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)pattern[i];
        char piece[8];
        size_t k;
        if (i >= max && (c & 0xC0) != 0x80) {    /* cut between characters */
            memcpy(piece, "...", 3);
            k = 3;
            i = len;
        } else if (c < 0x20 || c == 0x7F) {
            k = (size_t)snprintf(piece, sizeof piece, "\\x%02X", c);
        } else {
            piece[0] = (char)c;
            k = 1;
        }
        if (o + k >= outsz)
            break;
        memcpy(out + o, piece, k);
        o += k;
    }
    out[o] = '\0';
}
