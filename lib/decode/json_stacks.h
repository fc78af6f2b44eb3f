/*
 * json_stacks.h - the stacks a JSON profile holds, as a tree of frames
 * named by interned ids, and their folded lines.
 *
 * A trace or speedscope profile describes each moment by a stack; the
 * readers add each moment's time to the stack's node here, so that memory
 * grows with the distinct stacks, not with the events.  The lines are then
 * written in an order close to flamegraph.pl's (a depth-first walk with
 * siblings in byte order), which the merge can take as it streams.
 */
#ifndef FL_DECODE_JSON_STACKS_H
#define FL_DECODE_JSON_STACKS_H

#include <stddef.h>
#include <stdint.h>

#include "flame.h"
#include "base/buf.h"
#include "base/diag.h"
#include "decode/intern.h"
#include "decode/reader.h"

/* The empty stack, parent of the root frames. */
#define FL_STACKS_ROOT 0u
#define FL_STACKS_FAIL UINT32_MAX

typedef struct fl_stack_node {
    uint32_t parent;
    uint32_t name;       /* id in the reader's fl_intern */
} fl_stack_node;

typedef struct fl_stacks {
    fl_stack_node *nodes;
    uint32_t n, cap;
    uint32_t *slots;     /* (parent, name) -> node + 1 */
    size_t nslots;
} fl_stacks;

/* @return 0, or -1 out of memory. */
int fl_stacks_init(fl_stacks *t);
void fl_stacks_free(fl_stacks *t);
/* The node of frame name under parent, added if new.
 * @return FL_STACKS_FAIL when out of memory. */
uint32_t fl_stacks_child(fl_stacks *t, uint32_t parent, uint32_t name);

/* Appends " COUNT" for a node and returns 1, or returns 0 when the node
 * has no line of its own (nothing counted); -1 out of memory. */
typedef int (*fl_stacks_count_fn)(void *ctx, uint32_t node, fl_buf *line);

/* At most this much folded text from one profile: nested a hundred
 * thousand deep, a few megabytes of JSON would make tens of gigabytes. */
#define FL_STACKS_TEXT_MAX ((uint64_t)1 << 30)
#define FL_STACKS_TEXT_MESSAGE \
    "the stacks would be more than 1 GiB of folded lines (nested too deep): too much to draw"

/*
 * Every node with a count as a folded line "frame;frame COUNT", frames
 * root first, siblings in byte order of their names.  display gives the
 * text of a name id (already free of ';' and line breaks).
 * @return FLAME_OK, FLAME_ERR_NOMEM, FLAME_ERR_LIMIT (over
 * FL_STACKS_TEXT_MAX: nothing was handed on), or what emit returned.
 */
typedef const char *(*fl_stacks_name_fn)(void *ctx, uint32_t name, size_t *len);
flame_status fl_stacks_emit(const fl_stacks *t, fl_stacks_name_fn display, void *nctx,
                            fl_stacks_count_fn count, void *cctx, fl_line_fn emit, void *ectx,
                            fl_diag *diag);

/* Append decimal v / 10^scale with at most scale decimals, trailing
 * zeros (and a trailing point) left out: 2500/10^3 is "2.5". */
int fl_fmt_scaled(fl_buf *out, uint64_t v, int scale);

/*
 * A frame's name as a folded line can hold it: ';' becomes ':', line
 * breaks spaces.  (A name ending in blank space and digits, "step 3", is
 * fine: the decoder reads a reader's line as one stack and one count.)
 * @return s itself when nothing changes, else the copy in out (NULL: out
 * of memory).
 */
const char *fl_frame_text(const char *s, size_t n, fl_buf *out, size_t *len);

#endif
