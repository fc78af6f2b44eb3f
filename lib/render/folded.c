/*
 * folded.c - the stacks as folded lines, so that cflamegraph can stand in
 * for the stackcollapse scripts: in flamegraph.pl's order (input order for
 * a flame chart), identical neighbours added up, differential lines with
 * both counts.  Written from the stacks kept as read (FLAME_OPT_KEEP_STACKS),
 * not from the frames: those lose narrow stacks and a flame chart's
 * interleaving, and their sums are not the counts given.
 */
#include <string.h>

#include "base/text.h"
#include "render/render.h"

static int put_counts(fl_buf *b, double count, double delta, int has_delta)
{
    if (has_delta && (fl_fmt_num(b, count - delta) != 0 || fl_buf_putc(b, ' ') != 0))
        return -1;
    return fl_fmt_num(b, count);
}

flame_status fl_render_folded(const fl_order *o, fl_diag *diag, flame_write_fn write, void *ctx)
{
    fl_buf b = {0};
    int rc = 0;
    for (size_t i = 0; i < o->nlines && rc == 0;) {
        const fl_line *l = &o->lines[i];
        double count = l->count, delta = l->delta;
        int has_delta = l->has_delta;
        size_t j = i + 1;
        while (j < o->nlines && o->lines[j].stack_len == l->stack_len &&
               memcmp(o->lines[j].key, l->key, l->stack_len) == 0) {
            count += o->lines[j].count;
            delta += o->lines[j].delta;
            has_delta |= o->lines[j].has_delta;
            j++;
        }
        i = j;
        if (count == 0 && (!has_delta || delta == 0))
            continue;    /* nothing to draw */
        rc |= fl_buf_append(&b, l->key, l->stack_len);
        rc |= fl_buf_putc(&b, ' ');
        rc |= put_counts(&b, count, delta, has_delta);
        rc |= fl_buf_putc(&b, '\n');
        if (rc == 0 && b.len >= (1u << 16)) {
            if (write(ctx, b.data, b.len) != 0) {
                fl_buf_free(&b);
                fl_error(diag, "write error");
                return FLAME_ERR_IO;
            }
            b.len = 0;
        }
    }
    if (rc != 0) {
        fl_buf_free(&b);
        fl_error(diag, "out of memory writing folded stacks");
        return FLAME_ERR_NOMEM;
    }
    flame_status st = FLAME_OK;
    if (b.len && write(ctx, b.data, b.len) != 0) {
        fl_error(diag, "write error");
        st = FLAME_ERR_IO;
    }
    fl_buf_free(&b);
    return st;
}
