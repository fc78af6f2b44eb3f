/*
 * walk_frames.c - lay a graph out and print its frames instead of drawing
 * them: what another renderer, a text report or a test would start from.
 *
 * usage: walk_frames [FILE]
 *
 * Reads FILE (standard input by default) through a file descriptor, then
 * prints one line per drawn frame, in depth-first order, left to right:
 * depth, start and width in samples, the differential delta ("-" for
 * plain input), the rectangle's x and width in pixels, the fill colour and
 * the name, indented by depth.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <flame.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "-";
    int fd = argc > 1 ? open(path, O_RDONLY) : STDIN_FILENO;
    if (fd < 0) {
        perror(path);
        return 1;
    }
    flame_graph *g = flame_graph_new();
    if (!g) {
        fputs("walk_frames: out of memory\n", stderr);
        return 1;
    }
    flame_status st = flame_graph_read_fd(g, fd, path);
    if (fd != STDIN_FILENO)
        close(fd);
    if (st == FLAME_OK)
        st = flame_graph_layout(g);     /* merge the stacks, compute geometry */
    if (st != FLAME_OK) {
        fprintf(stderr, "walk_frames: %s: %s\n", flame_strerror(st), flame_graph_error(g));
        flame_graph_free(g);
        return st == FLAME_ERR_NO_SAMPLES ? 2 : 1;
    }

    double width, height;
    flame_graph_size(g, &width, &height);
    size_t n = flame_graph_frame_count(g);
    printf("%zu frames, %.15g samples, %.0f x %.0f px\n", n, flame_graph_total(g), width,
           height);
    printf("depth  start  count  delta        x    width  colour   name\n");
    for (size_t i = 0; i < n; i++) {
        flame_frame f;
        if (flame_graph_frame(g, i, &f) != FLAME_OK)
            break;
        char delta[32] = "-";
        if (f.has_delta)
            snprintf(delta, sizeof delta, "%+.15g", f.delta);
        /* Names may hold any byte but NUL: print exactly name_len bytes. */
        printf("%5u  %5.15g  %5.15g  %5s  %7.2f  %7.2f  #%02x%02x%02x  %*s%.*s\n", f.depth,
               f.start, f.count, delta, f.x, f.w, f.r, f.g, f.b, (int)(2 * f.depth), "",
               (int)f.name_len, f.name);
    }
    for (size_t i = 0; i < flame_graph_warning_count(g); i++)
        fprintf(stderr, "walk_frames: %s\n", flame_graph_warning(g, i));
    flame_graph_free(g);
    return 0;
}
