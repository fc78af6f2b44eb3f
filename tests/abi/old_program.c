/*
 * old_program.c - a program written for libflame 0.1, built against its
 * header (tests/abi/flame-0.1.0.h) and run against the current library:
 * every field of flame_options set, stacks read and pushed, the frames
 * walked, SVG written.  tests/abi/run.sh compares its output with
 * cflamegraph's for the same options.
 *
 * usage: old_program FOLDED-FILE > out.svg   (frame summary on stderr)
 */
#include <stdio.h>
#include <string.h>

#include "flame-0.1.0.h"

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    flame_graph *g = flame_graph_new();
    if (!g)
        return 1;
    flame_options o;
    flame_options_init(&o);
    o.title = "Old program";
    o.subtitle = "built against libflame 0.1";
    o.width = 900;
    o.frame_height = 18;
    o.font_size = 11;
    o.font_width = 0.6;
    o.font_type = "DejaVu Sans";
    o.min_width = 0.5;
    o.min_width_percent = 1;
    o.count_name = "ticks";
    o.name_type = "Fn:";
    o.palette = "java";
    o.bg_colors = "blue";
    o.color_mode = FLAME_COLOR_HASH;
    o.random_seed = 7;
    o.reverse = 0;
    o.inverted = 1;
    o.flamechart = 0;
    o.negate = 0;
    o.total = 0;
    o.factor = 2;
    o.encoding = "UTF-8";
    o.notes = "abi test";
    o.name_attr_path = NULL;
    o.scale = 1;
    flame_status st = flame_graph_set_options(g, &o);
    FILE *fp = st == FLAME_OK ? fopen(argv[1], "rb") : NULL;
    if (fp) {
        st = flame_graph_read_file(g, fp, argv[1]);
        fclose(fp);
    } else if (st == FLAME_OK) {
        st = FLAME_ERR_IO;
    }
    static const char *const extra[] = {"old", "program"};
    if (st == FLAME_OK)
        st = flame_graph_add_stack(g, extra, 2, 1);
    if (st == FLAME_OK)
        st = flame_graph_layout(g);
    if (st == FLAME_OK) {
        size_t n = flame_graph_frame_count(g);
        double w = 0, h = 0, total = flame_graph_total(g);
        flame_graph_size(g, &w, &h);
        flame_frame f;
        if (n == 0 || flame_graph_frame(g, n - 1, &f) != FLAME_OK)
            st = FLAME_ERR_STATE;
        else
            fprintf(stderr, "frames %zu size %gx%g total %g last %.*s depth %u\n", n, w, h, total,
                    (int)f.name_len, f.name, f.depth);
    }
    if (st == FLAME_OK)
        st = flame_graph_render_file(g, FLAME_FORMAT_SVG, stdout);
    if (st != FLAME_OK)
        fprintf(stderr, "%s: %s\n", flame_strerror(st), flame_graph_error(g));
    flame_graph_free(g);
    return st == FLAME_OK ? 0 : 1;
}
