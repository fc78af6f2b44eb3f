/* render_cairo.c - PNG and PDF output through cairo and pango (in progress). */
#include "internal.h"

flame_status fl_render_cairo(flame_graph *g, flame_format format, flame_write_fn write, void *ctx)
{
    FL_UNUSED(format);
    FL_UNUSED(write);
    FL_UNUSED(ctx);
    fl_set_error(g, "PNG and PDF output are not built yet");
    return FLAME_ERR_UNSUPPORTED;
}
