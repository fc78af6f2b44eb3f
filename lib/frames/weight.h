/*
 * weight.h - the merged frames in weight order (--sort weight, speedscope's
 * "left heavy"): siblings of the same name become one frame, and siblings
 * are ordered heaviest first, ties by name.
 */
#ifndef FL_FRAMES_WEIGHT_H
#define FL_FRAMES_WEIGHT_H

#include "frames/merge.h"
#include "frames/names.h"

/*
 * Reorder the finished frames of m in place of the old array: the same
 * depth-first, left-to-right order, starts recomputed.  A merged frame's
 * width and (differential) self delta are the sums of its parts.
 * @return 0, or -1 when out of memory (m is then unchanged).
 */
int fl_weight_order(fl_merge *m, const fl_names *names);

#endif
