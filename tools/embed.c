/*
 * embed.c - build tool: turn text files into one C array, so that the
 * interactive scripts live as real .js files in the tree and still end up
 * inside the library.
 *
 *   embed [--js] [--wrap] SYMBOL INPUT... > OUTPUT.c
 *
 * The inputs are concatenated, in order.  --wrap puts them inside one
 * strict-mode function expression that is called at once, so that the
 * files share their top-level declarations with each other and with
 * nothing else on the page.
 *
 * With --js, or when the inputs' names end in ".js", the input is JavaScript and is made smaller on the way, because
 * it is copied into every SVG and HTML page: comments, indentation, trailing blanks and
 * empty lines go; line breaks stay (so automatic semicolon insertion reads
 * the code as before) and strings, template literals and regular
 * expression literals are copied untouched.  A '/' starts a regular
 * expression when the code before it cannot end an operand (it follows an
 * operator, a bracket, a comma, a keyword such as "return", or nothing).
 *
 * The text is written inside an SVG's CDATA section and an HTML page's
 * <script> or <style> element, so it must not hold "]]>", "</script",
 * "</style" or "<!--" (the last two compared without case): embed fails
 * when it does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct out {
    char *p;
    size_t n, cap;
} out;

static void put(out *o, char c)
{
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 4096;
        o->p = realloc(o->p, o->cap);
        if (!o->p) {
            fprintf(stderr, "embed: out of memory\n");
            exit(1);
        }
    }
    o->p[o->n++] = c;
}

/* The last character written on the current line, or '\n'. */
static char last_char(const out *o)
{
    return o->n ? o->p[o->n - 1] : '\n';
}

static int ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$' || (unsigned char)c >= 0x80;
}

/* Does the code written so far end with an operand (so '/' divides)? */
static int ends_operand(const out *o)
{
    size_t k = o->n;
    while (k > 0 && (o->p[k - 1] == ' ' || o->p[k - 1] == '\t' || o->p[k - 1] == '\n'))
        k--;
    if (k == 0)
        return 0;
    char c = o->p[k - 1];
    if (c == ')' || c == ']' || c == '}' || c == '"' || c == '\'' || c == '`')
        return 1;
    if (!ident_char(c))
        return 0;
    size_t b = k;
    while (b > 0 && ident_char(o->p[b - 1]))
        b--;
    static const char *const keywords[] = {"return", "typeof", "instanceof", "in", "of", "new",
                                           "delete", "void", "throw", "case", "do", "else"};
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strlen(keywords[i]) == k - b && memcmp(o->p + b, keywords[i], k - b) == 0)
            return 0;
    return 1;
}

/* Drop blanks at the end of the current output line. */
static void trim_end(out *o)
{
    while (o->n && (o->p[o->n - 1] == ' ' || o->p[o->n - 1] == '\t'))
        o->n--;
}

static void newline(out *o)
{
    trim_end(o);
    if (o->n && o->p[o->n - 1] != '\n')
        put(o, '\n');
}

static int minify_js(const char *s, size_t n, out *o)
{
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '\n' || c == '\r') {
            newline(o);
            i++;
        } else if ((c == ' ' || c == '\t') && last_char(o) == '\n') {
            i++; /* indentation */
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            const char *e = strstr(s + i + 2, "*/");
            if (!e) {
                fprintf(stderr, "embed: unterminated comment\n");
                return -1;
            }
            i = (size_t)(e - s) + 2;
            if (last_char(o) != '\n' && last_char(o) != ' ')
                put(o, ' ');
        } else if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            while (i < n && s[i] != '\n')
                i++;
        } else if (c == '\'' || c == '"' || c == '`' || (c == '/' && !ends_operand(o))) {
            /* a literal, copied as it is, up to its unescaped end */
            int in_class = 0;
            put(o, c);
            for (i++; i < n; i++) {
                char d = s[i];
                put(o, d);
                if (d == '\\' && i + 1 < n) {
                    put(o, s[++i]);
                } else if (c == '/' && d == '[') {
                    in_class = 1;
                } else if (c == '/' && d == ']') {
                    in_class = 0;
                } else if (d == c && !in_class) {
                    break;
                } else if (d == '\n' && c != '`') {
                    fprintf(stderr, "embed: line break inside a %s literal\n",
                            c == '/' ? "regular expression" : "string");
                    return -1;
                }
            }
            if (i >= n) {
                fprintf(stderr, "embed: unterminated literal\n");
                return -1;
            }
            i++;
        } else {
            put(o, c);
            i++;
        }
    }
    newline(o);
    return 0;
}

/* The first sequence that would end the element the text is written into. */
static const char *forbidden(const out *o)
{
    static const char *const seqs[] = {"]]>", "</script", "</style", "<!--"};
    for (size_t k = 0; k < o->n; k++) {
        for (size_t s = 0; s < sizeof seqs / sizeof seqs[0]; s++) {
            size_t len = strlen(seqs[s]);
            if (o->n - k >= len && strncasecmp(o->p + k, seqs[s], len) == 0)
                return seqs[s];
        }
    }
    return NULL;
}

static void put_str(out *o, const char *s)
{
    while (*s)
        put(o, *s++);
}

static int read_file(const char *path, out *text)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        perror(path);
        return -1;
    }
    int c;
    while ((c = getc(in)) != EOF)
        put(text, (char)c);
    int bad = ferror(in);
    fclose(in);
    if (bad) {
        perror(path);
        return -1;
    }
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int main(int argc, char **argv)
{
    int js = 0, wrap = 0, a = 1;
    for (; a < argc && argv[a][0] == '-' && argv[a][1] == '-'; a++) {
        if (strcmp(argv[a], "--js") == 0) {
            js = 1;
        } else if (strcmp(argv[a], "--wrap") == 0) {
            wrap = 1;
        } else {
            fprintf(stderr, "embed: unknown option %s\n", argv[a]);
            return 2;
        }
    }
    if (argc - a < 2) {
        fprintf(stderr, "usage: embed [--js] [--wrap] SYMBOL INPUT...\n");
        return 2;
    }
    const char *sym = argv[a++];
    if (ends_with(argv[a], ".js"))
        js = 1;
    out data = {0};
    if (wrap)
        put_str(&data, "(function () {\n'use strict';\n");
    for (int i = a; i < argc; i++) {
        out text = {0};
        if (read_file(argv[i], &text) != 0)
            return 1;
        if (js) {
            put(&text, '\0');
            if (minify_js(text.p, text.n - 1, &data) != 0) {
                fprintf(stderr, "embed: %s: cannot minify\n", argv[i]);
                return 1;
            }
        } else {
            for (size_t k = 0; k < text.n; k++)
                put(&data, text.p[k]);
        }
        free(text.p);
    }
    if (wrap)
        put_str(&data, "})();\n");
    const char *bad = forbidden(&data);
    if (bad) {
        fprintf(stderr, "embed: %s: the text holds \"%s\"\n", sym, bad);
        return 1;
    }
    printf("/* Generated by tools/embed.c from");
    for (int i = a; i < argc; i++)
        printf(" %s", argv[i]);
    printf("; do not edit. */\n#include <stddef.h>\n");
    printf("const char %s[] = {\n", sym);
    for (size_t k = 0; k < data.n; k++)
        printf("%d,%s", (unsigned char)data.p[k], (k + 1) % 20 ? "" : "\n");
    printf("0};\nconst size_t %s_len = %zu;\n", sym, data.n);
    return 0;
}
