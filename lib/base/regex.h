/*
 * regex.h - regular expressions as a person types them into the SVG's
 * search box: JavaScript's RegExp syntax (no flags, or the "i" flag),
 * compiled by PCRE2 with the options closest to it.  The differences
 * that remain are listed in cflamegraph(1), REGULAR EXPRESSIONS, and
 * tested against node (tests/regex/).
 */
#ifndef FL_BASE_REGEX_H
#define FL_BASE_REGEX_H

#include <stddef.h>

#include "flame.h"

typedef struct fl_regex fl_regex;

/* What fl_regex_match() returns besides 1 (match) and 0 (no match). */
enum {
    FL_REGEX_LIMIT = -1,    /* too much backtracking, recursion or memory for one name */
    FL_REGEX_NOMEM = -2,
    FL_REGEX_FAILED = -3    /* any other failure of the engine */
};

/*
 * Compile pattern[0..len) (any bytes; it must be valid UTF-8 to compile).
 * icase: case-insensitive, as the "i" flag.  On FLAME_ERR_OPTION, err
 * receives "at position N: reason", N the number of characters of the
 * pattern before the point of error.
 * @return FLAME_OK (*out set), FLAME_ERR_OPTION, FLAME_ERR_NOMEM.
 */
flame_status fl_regex_compile(fl_regex **out, const char *pattern, size_t len, int icase,
                              char *err, size_t errsz);
/* Whether the pattern matches anywhere in s[0..n): 1 or 0, or one of the
 * errors above.  s that is not valid UTF-8 matches nothing. */
int fl_regex_match(fl_regex *re, const char *s, size_t n);
/* The same for s known to be valid UTF-8 (not checked again: faster). */
int fl_regex_match_utf8(fl_regex *re, const char *s, size_t n);
void fl_regex_free(fl_regex *re);

/* The pattern as it can be shown in a one-line message: at most max
 * bytes of it (then "..."), control characters as \xHH. */
void fl_regex_quote(char *out, size_t outsz, const char *pattern, size_t len, size_t max);

#endif
