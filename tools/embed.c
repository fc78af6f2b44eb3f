/*
 * embed.c - build tool: turn a text file into a C array, so that the
 * interactive script lives as a real .js file in the tree and still ends up
 * inside the library.  usage: embed SYMBOL INPUT > OUTPUT.c
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: embed SYMBOL INPUT\n");
        return 2;
    }
    FILE *in = fopen(argv[2], "rb");
    if (!in) {
        perror(argv[2]);
        return 1;
    }
    printf("/* Generated from %s by tools/embed.c; do not edit. */\n#include <stddef.h>\n", argv[2]);
    printf("const char %s[] = {\n", argv[1]);
    int c;
    size_t n = 0;
    /* "]]>" would end the CDATA section the script is written into. */
    int b1 = 0, b2 = 0;
    while ((c = getc(in)) != EOF) {
        if (b1 == ']' && b2 == ']' && c == '>') {
            fprintf(stderr, "embed: %s contains \"]]>\"\n", argv[2]);
            return 1;
        }
        b1 = b2;
        b2 = c;
        printf("%d,%s", c, ++n % 20 ? "" : "\n");
    }
    if (ferror(in)) {
        perror(argv[2]);
        return 1;
    }
    printf("0};\nconst size_t %s_len = %zu;\n", argv[1], n);
    return 0;
}
