/*
 * color.h - frame colours, as flamegraph.pl picks them (and inferno's extras).
 */
#ifndef FL_LAYOUT_COLOR_H
#define FL_LAYOUT_COLOR_H

#include <stddef.h>
#include <stdint.h>

#include "flame.h"
#include "base/palette.h"

/* Colour for a frame name under a palette and colour mode.  rng is the
 * state for FLAME_COLOR_RANDOM (48-bit LCG, see fl_rand48). */
fl_rgb fl_color_for_name(fl_palette pal, flame_color_mode mode, const char *name,
                         size_t len, uint64_t *rng);
/* --colordiffusion: near-white for a thin frame to red for the full width. */
fl_rgb fl_color_by_width(double width, double timemax);
/* Differential colour: flamegraph.pl's red for growth and blue for
 * shrinkage, or with FLAME_DIFF_COLORS_ORANGE_BLUE orange and blue. */
fl_rgb fl_color_delta(double delta, double maxdelta, int negate, int scheme);
/* drand48 from an explicit state: same sequence as srand48/drand48. */
double fl_rand48(uint64_t *state);
uint64_t fl_srand48_state(uint32_t seed);

#endif
