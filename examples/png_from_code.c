/*
 * png_from_code.c - build a flame graph from stacks made in code, without
 * any input file, and write it as a PNG image.
 *
 * usage: png_from_code OUT.png
 *
 * Stacks are pushed two ways: as folded lines (flame_graph_add_line) and
 * as arrays of frame names (flame_graph_add_stack).  The PNG is rendered
 * into memory, which the caller then owns and releases with flame_free().
 */
#include <stdio.h>
#include <string.h>

#include <flame.h>

static int fail(flame_graph *g, const char *what, flame_status st)
{
    const char *detail = flame_graph_error(g);
    fprintf(stderr, "png_from_code: %s: %s%s%s\n", what, flame_strerror(st),
            *detail ? ": " : "", detail);
    flame_graph_free(g);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: png_from_code OUT.png\n", stderr);
        return 2;
    }
    flame_graph *g = flame_graph_new();
    if (!g) {
        fputs("png_from_code: out of memory\n", stderr);
        return 1;
    }
    flame_options opts;
    flame_options_init(&opts);
    opts.title = "Pushed from code";
    opts.width = 800;
    opts.palette = "mem";
    opts.scale = 2;                     /* 2 device pixels per pixel */
    flame_status st = flame_graph_set_options(g, &opts);
    if (st != FLAME_OK)
        return fail(g, "options", st);

    /* Folded lines, as a profiler would print them (the newline is optional). */
    static const char *const lines[] = {
        "main;load_config;parse_yaml 40\n",
        "main;load_config 10",
        "main;serve;handle_request;query_db 150",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        st = flame_graph_add_line(g, lines[i], strlen(lines[i]));
        if (st != FLAME_OK)
            return fail(g, "add_line", st);
    }

    /* Stacks as arrays, root first: names need no escaping or joining. */
    const char *stack[] = {"main", "serve", "handle_request", "render_json", "write"};
    for (size_t depth = 3; depth <= 5; depth++) {
        st = flame_graph_add_stack(g, stack, depth, 20.0 * (double)depth);
        if (st != FLAME_OK)
            return fail(g, "add_stack", st);
    }

    void *png = NULL;
    size_t len = 0;
    st = flame_graph_render_memory(g, FLAME_FORMAT_PNG, &png, &len);
    if (st != FLAME_OK)
        return fail(g, "render", st);
    double width, height;
    flame_graph_size(g, &width, &height);

    FILE *out = fopen(argv[1], "wb");
    int ok = out && fwrite(png, 1, len, out) == len;
    if (out && fclose(out) != 0)
        ok = 0;
    flame_free(png);                    /* the buffer is ours, not the graph's */
    if (!ok) {
        perror(argv[1]);
        flame_graph_free(g);
        return 1;
    }
    printf("%s: %zu bytes, %.0f x %.0f px at scale %g, %zu frames\n", argv[1], len,
           width * opts.scale, height * opts.scale, opts.scale, flame_graph_frame_count(g));
    flame_graph_free(g);
    return 0;
}
