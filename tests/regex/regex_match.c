/*
 * regex_match.c - the C half of tests/regex/run.sh: the patterns of
 * cases.txt through libflame's regular expressions (lib/base/regex.c),
 * printed as tests/regex/match.js prints JavaScript's results: one line
 * per pattern, "ERR" when it does not compile, else one 0 or 1 per name.
 *
 * usage: regex_match tests/regex/cases.txt
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/regex.h"

#define MAX_NAMES 1024

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: regex_match CASES\n");
        return 2;
    }
    FILE *fp = fopen(argv[1], "r");
    if (!fp) {
        perror(argv[1]);
        return 2;
    }
    char *names[MAX_NAMES];
    size_t nnames = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int status = 0;
    while ((n = getline(&line, &cap, fp)) >= 0) {
        if (n && line[n - 1] == '\n')
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        if (strncmp(line, "N\t", 2) == 0) {
            if (nnames == MAX_NAMES || !(names[nnames++] = strdup(line + 2))) {
                fprintf(stderr, "regex_match: too many names\n");
                return 2;
            }
            continue;
        }
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t2) {
            fprintf(stderr, "regex_match: bad line: %s\n", line);
            return 2;
        }
        *t1 = *t2 = '\0';
        const char *flags = t1 + 1, *pattern = t2 + 1;
        if (strcmp(line, "diff") == 0) {
            char *why = strchr(pattern, '\t');
            if (why)
                *why = '\0';
        }
        fl_regex *re;
        char err[512];
        flame_status st = fl_regex_compile(&re, pattern, strlen(pattern), strchr(flags, 'i') != NULL,
                                           err, sizeof err);
        if (st == FLAME_ERR_OPTION) {
            puts("ERR");
            continue;
        }
        if (st != FLAME_OK) {
            fprintf(stderr, "regex_match: %s\n", flame_strerror(st));
            return 2;
        }
        for (size_t i = 0; i < nnames; i++) {
            int m = fl_regex_match(re, names[i], strlen(names[i]));
            if (m < 0) {
                fprintf(stderr, "regex_match: /%s/ failed on '%s': %d\n", pattern, names[i], m);
                status = 1;
            }
            putchar(m == 1 ? '1' : '0');
        }
        putchar('\n');
        fl_regex_free(re);
    }
    free(line);
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    fclose(fp);
    return status;
}
