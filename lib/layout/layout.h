/*
 * layout.h - merged frames to a picture: the total, which frames are wide
 * enough to draw, their rectangles and colours, and the texts the
 * renderers show (tooltips, labels, title).
 */
#ifndef FL_LAYOUT_LAYOUT_H
#define FL_LAYOUT_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "flame.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/diag.h"
#include "frames/merge.h"
#include "frames/names.h"
#include "layout/nameattr.h"
#include "layout/palette_map.h"

/* Per drawn frame: everything the renderers need. */
typedef struct fl_drawn {
    uint32_t frame;      /* index into merge->frames */
    uint32_t parent;     /* index into drawn */
    fl_rgb rgb;
} fl_drawn;

/* Geometry of the picture. */
typedef struct fl_geom {
    double width, height;        /* image size */
    double xpad, ypad1, ypad2, ypad3, framepad;
    double frame_height, font_size, font_width;
    double timemax, widthpertime, minwidth_time;
    unsigned depthmax;
} fl_geom;

typedef struct fl_layout {
    /* given */
    const fl_config *cfg;
    fl_diag *diag;
    fl_merge *merge;             /* its frames are marked as flamegraph.pl loses them */
    const fl_names *names;
    const fl_nameattr *nameattr; /* NULL: none */
    const char *count_name;      /* what the counts are (tooltips) */

    /* made */
    flame_status status;         /* of fl_layout_run; FLAME_ERR_NO_SAMPLES: the error picture */
    fl_geom geom;
    fl_drawn *drawn;
    size_t ndrawn;
    fl_buf shown_text;           /* names as shown (XML-safe, no annotation) */
    fl_span *shown;              /* per name id: where in shown_text */
    fl_pmap pmap;
} fl_layout;

/* Lay out the frames; the given fields must be set.  Adds flamegraph.pl's
 * warnings (low count, --total) to diag.  Sets and returns l->status. */
flame_status fl_layout_run(fl_layout *l);
void fl_layout_free(fl_layout *l);
/* Tooltip text of drawn frame i, XML-safe UTF-8 (not escaped). */
int fl_tooltip(const fl_layout *l, size_t i, fl_buf *out);
/* Label of drawn frame i for a width in pixels, XML-safe UTF-8. */
int fl_label(const fl_layout *l, size_t i, double width_px, fl_buf *out);
/* Pixel rectangle of drawn frame i (unrounded). */
void fl_frame_rect(const fl_layout *l, size_t i, double *x1, double *y1, double *x2, double *y2);
/* The frame behind drawn frame i. */
const fl_frame *fl_drawn_frame(const fl_layout *l, size_t i);

#endif
