/*
 * svg_from_file.c - render folded stacks as an SVG flame graph.
 *
 * usage: svg_from_file [FILE...] > graph.svg
 *
 * Reads the files in order (standard input when none is named) and writes
 * the graph to standard output.  Exit status: 0 success, 1 error, 2 no
 * stack counts (the error picture is written all the same).
 */
#include <stdio.h>

#include <flame.h>

static int fail(flame_graph *g, const char *what, flame_status st)
{
    const char *detail = flame_graph_error(g);
    fprintf(stderr, "svg_from_file: %s: %s%s%s\n", what, flame_strerror(st),
            *detail ? ": " : "", detail);
    flame_graph_free(g);
    return 1;
}

int main(int argc, char **argv)
{
    flame_graph *g = flame_graph_new();
    if (!g) {
        fputs("svg_from_file: out of memory\n", stderr);
        return 1;
    }

    flame_options opts;
    flame_options_init(&opts);          /* flamegraph.pl's defaults */
    opts.title = "CPU profile";
    opts.min_width = 0.5;               /* leave out frames under 0.5 px */
    flame_status st = flame_graph_set_options(g, &opts);
    if (st != FLAME_OK)
        return fail(g, "options", st);

    if (argc < 2) {
        st = flame_graph_read_file(g, stdin, "-");
        if (st != FLAME_OK)
            return fail(g, "-", st);
    }
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "r");
        if (!fp) {
            perror(argv[i]);
            flame_graph_free(g);
            return 1;
        }
        st = flame_graph_read_file(g, fp, argv[i]);
        fclose(fp);
        if (st != FLAME_OK)
            return fail(g, argv[i], st);
    }

    /* Lays the graph out, then writes it; stdout is flushed, not closed. */
    st = flame_graph_render_file(g, FLAME_FORMAT_SVG, stdout);
    for (size_t i = 0; i < flame_graph_warning_count(g); i++)
        fprintf(stderr, "svg_from_file: %s\n", flame_graph_warning(g, i));
    if (st == FLAME_ERR_NO_SAMPLES) {
        fprintf(stderr, "svg_from_file: %s\n", flame_graph_error(g));
        flame_graph_free(g);
        return 2;
    }
    if (st != FLAME_OK)
        return fail(g, "render", st);
    flame_graph_free(g);
    return 0;
}
