/*
 * render.h - a laid-out graph to SVG (with its interactive script), PNG
 * or PDF; the stacks as folded lines.  Renderers read the layout; an error's detail goes to its diag.
 */
#ifndef FL_RENDER_RENDER_H
#define FL_RENDER_RENDER_H

#include <stddef.h>

#include "flame.h"
#include "base/diag.h"
#include "frames/order.h"
#include "layout/layout.h"

flame_status fl_render_svg(const fl_layout *l, flame_write_fn write, void *ctx);
flame_status fl_render_cairo(const fl_layout *l, flame_format format, flame_write_fn write,
                             void *ctx);

/* The stacks kept by the order stage (keep_stacks) as folded lines. */
flame_status fl_render_folded(const fl_order *o, fl_diag *diag, flame_write_fn write, void *ctx);

/* The interactive script, generated from lib/render/interactive.js at build time. */
extern const char fl_interactive_js[];
extern const size_t fl_interactive_js_len;

#endif
