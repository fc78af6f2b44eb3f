/*
 * palette.h - the names of the palettes and backgrounds, which the options
 * name and the colouring uses.
 */
#ifndef FL_BASE_PALETTE_H
#define FL_BASE_PALETTE_H

typedef enum fl_palette {
    FL_PAL_HOT, FL_PAL_MEM, FL_PAL_IO, FL_PAL_WAKEUP, FL_PAL_CHAIN,
    FL_PAL_JAVA, FL_PAL_JS, FL_PAL_PERL, FL_PAL_PYTHON, FL_PAL_RUST, FL_PAL_RED, FL_PAL_GREEN,
    FL_PAL_BLUE, FL_PAL_AQUA, FL_PAL_YELLOW, FL_PAL_PURPLE, FL_PAL_ORANGE,
    FL_PAL_COUNT
} fl_palette;

/* The palette names, space-separated, for messages. */
#define FL_PALETTE_NAMES \
    "hot mem io wakeup chain java js perl python rust red green blue aqua yellow purple orange"

typedef struct fl_rgb { unsigned char r, g, b; } fl_rgb;

/* @return the palette named s, or -1. */
int fl_palette_lookup(const char *s);
/* "#rrggbb" (hex digits in either case) into *out (may be NULL).
 * @return 0, or -1 when s is not such a colour. */
int fl_hex_color(const char *s, fl_rgb *out);

/* Background gradient of a palette / --bgcolors value ("#rrggbb" each). */
typedef struct fl_background { char top[8]; char bottom[8]; } fl_background;
/* @return 0, or -1 when spec is not yellow/blue/green/grey/#rrggbb. */
int fl_background_for(fl_background *bg, fl_palette pal, const char *spec);

#endif
