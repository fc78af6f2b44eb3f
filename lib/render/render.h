/*
 * render.h - a laid-out graph to SVG (with its interactive script), the
 * HTML page, PNG or PDF; the stacks as folded lines.  Renderers read the layout; an error's detail goes to its diag.
 */
#ifndef FL_RENDER_RENDER_H
#define FL_RENDER_RENDER_H

#include <stddef.h>

#include "flame.h"
#include "base/diag.h"
#include "frames/order.h"
#include "layout/layout.h"

flame_status fl_render_svg(const fl_layout *l, flame_write_fn write, void *ctx);
/* The HTML page that draws the graph on a canvas (docs/html-format.md). */
flame_status fl_render_html(const fl_layout *l, flame_write_fn write, void *ctx);
flame_status fl_render_cairo(const fl_layout *l, flame_format format, flame_write_fn write,
                             void *ctx);

/* The stacks kept by the order stage (keep_stacks) as folded lines. */
flame_status fl_render_folded(const fl_order *o, fl_diag *diag, flame_write_fn write, void *ctx);

/* The scripts and stylesheet embedded at build time (tools/embed.c, from
 * lib/render/js/): the SVG's (model.js, svg-view.js) and the HTML page's
 * (model.js, canvas-view.js, table.js, page.js; page.css). */
extern const char fl_svg_js[];
extern const size_t fl_svg_js_len;
extern const char fl_html_js[];
extern const size_t fl_html_js_len;
extern const char fl_html_css[];
extern const size_t fl_html_css_len;

#endif
