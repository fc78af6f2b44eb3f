/*
 * pnginfo.c - decode a PNG with cairo and describe it, for the example
 * tests: "WIDTHxHEIGHT COLOURS", COLOURS being the number of distinct
 * pixel values (capped at 1000), so that a blank image shows.
 * usage: pnginfo FILE.png; exit 1 when the file is not a readable PNG.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>

#define MAX_COLOURS 1000

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: pnginfo FILE.png\n", stderr);
        return 2;
    }
    cairo_surface_t *s = cairo_image_surface_create_from_png(argv[1]);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        fprintf(stderr, "pnginfo: %s: %s\n", argv[1],
                cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return 1;
    }
    cairo_surface_flush(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data = cairo_image_surface_get_data(s);
    static uint32_t seen[MAX_COLOURS];
    size_t nseen = 0;
    for (int y = 0; y < h && nseen < MAX_COLOURS; y++) {
        for (int x = 0; x < w && nseen < MAX_COLOURS; x++) {
            uint32_t px;
            memcpy(&px, data + (size_t)y * (size_t)stride + (size_t)x * 4, sizeof px);
            size_t i = 0;
            while (i < nseen && seen[i] != px)
                i++;
            if (i == nseen)
                seen[nseen++] = px;
        }
    }
    printf("%dx%d %zu\n", w, h, nseen);
    cairo_surface_destroy(s);
    return 0;
}
