/*
 * palette.c - palette names, flamegraph.pl's background gradients, #rrggbb.
 */
#include <string.h>

#include "base/palette.h"

static const char *const palette_names[FL_PAL_COUNT] = {
    "hot", "mem", "io", "wakeup", "chain", "java", "js", "perl", "python", "rust", "red",
    "green", "blue", "aqua", "yellow", "purple", "orange",
};

int fl_palette_lookup(const char *s)
{
    for (int i = 0; i < FL_PAL_COUNT; i++)
        if (strcmp(s, palette_names[i]) == 0)
            return i;
    return -1;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int fl_hex_color(const char *s, fl_rgb *out)
{
    if (s[0] != '#' || strlen(s) != 7)
        return -1;
    int v[6];
    for (int i = 0; i < 6; i++)
        if ((v[i] = hex_digit(s[i + 1])) < 0)
            return -1;
    if (out)
        *out = (fl_rgb){(unsigned char)(v[0] * 16 + v[1]), (unsigned char)(v[2] * 16 + v[3]),
                        (unsigned char)(v[4] * 16 + v[5])};
    return 0;
}

int fl_background_for(fl_background *bg, fl_palette pal, const char *spec)
{
    const char *top, *bottom;
    if (!spec) {
        switch (pal) {
        case FL_PAL_MEM: spec = "green"; break;
        case FL_PAL_IO: case FL_PAL_WAKEUP: case FL_PAL_CHAIN: spec = "blue"; break;
        case FL_PAL_RED: case FL_PAL_GREEN: case FL_PAL_BLUE: case FL_PAL_AQUA:
        case FL_PAL_YELLOW: case FL_PAL_PURPLE: case FL_PAL_ORANGE: spec = "grey"; break;
        default: spec = "yellow"; break;
        }
    }
    if (strcmp(spec, "yellow") == 0) {
        top = "#eeeeee"; bottom = "#eeeeb0";
    } else if (strcmp(spec, "blue") == 0) {
        top = "#eeeeee"; bottom = "#e0e0ff";
    } else if (strcmp(spec, "green") == 0) {
        top = "#eef2ee"; bottom = "#e0ffe0";
    } else if (strcmp(spec, "grey") == 0) {
        top = "#f8f8f8"; bottom = "#e8e8e8";
    } else if (fl_hex_color(spec, NULL) == 0) {
        top = bottom = spec;
    } else {
        return -1;
    }
    memcpy(bg->top, top, 8);
    memcpy(bg->bottom, bottom, 8);
    return 0;
}
