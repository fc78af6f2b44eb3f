/*
 * filter.h - the filters of a graph's stacks, applied to each stack as
 * read (root first, before --reverse), in this order:
 *
 *   --strip-hex           "0x" and hex digits become "0x..." (difffolded.pl -s)
 *   --collapse-recursion  a frame repeated directly becomes one frame
 *   --focus, --ignore     keep only stacks with a frame matching a --focus
 *                         pattern; drop those with one matching an --ignore
 *   --base                keep only stacks with a frame of a --base name,
 *                         starting at the first (root-most) such frame
 *   --hide                remove the frames matching a --hide pattern
 *
 * Patterns match a frame's name as the graph shows it (base/regex.h):
 * without its annotation, invalid bytes as U+FFFD.  The patterns are
 * tried once per distinct frame of neighbouring stacks: the frames a
 * stack shares with the one before it keep their results.
 */
#ifndef FL_FILTER_FILTER_H
#define FL_FILTER_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "flame.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/diag.h"
#include "base/regex.h"
#include "decode/folded.h"

/* The compiled patterns of one option. */
typedef struct fl_pattern_set {
    const char *option;          /* "focus", "ignore", "hide" */
    const fl_strlist *sources;
    fl_regex **re;
    size_t count;
} fl_pattern_set;

/* One frame of the stack being filtered. */
typedef struct fl_filter_frame {
    size_t off, len;             /* in the stack */
    unsigned char matches;       /* FL_MATCH_* bits */
    unsigned char kept;
} fl_filter_frame;

/* What each name seen matches, so that a name is matched once. */
typedef struct fl_known_name {
    const char *name;            /* a copy, in names */
    size_t len;
    unsigned char matches;
} fl_known_name;

typedef struct fl_filter {
    const fl_config *cfg;
    fl_diag *diag;
    int active;                  /* any filter is on */
    int rewrites;                /* a filter that changes stacks is on: their
                                    byte order is not the input's */
    fl_pattern_set focus, ignore, hide;

    fl_buf stripped;             /* the stack after --strip-hex */
    fl_buf subject;              /* a name as shown, when it differs from the name */
    fl_buf line;                 /* a rewritten record's line */
    fl_record rewritten;
    fl_filter_frame *frames;
    size_t nframes, frames_cap;
    fl_buf prev;                 /* the stack whose frames are in frames */
    fl_known_name *known;        /* the names seen */
    size_t nknown;
    uint64_t *slots;             /* open addressing: the hash's top half, then
                                    the index in known + 1; 0 when free */
    size_t nslots;
    fl_arena names;
} fl_filter;

/* Compile the patterns (the options are complete: input has begun).
 * @return FLAME_OK, FLAME_ERR_NOMEM (a pattern that no longer compiles
 *         is FLAME_ERR_OPTION, detail in diag). */
flame_status fl_filter_init(fl_filter *f, const fl_config *cfg, fl_diag *diag);
void fl_filter_free(fl_filter *f);
/*
 * Filter one record.  *out is in itself when the stack is kept as it is,
 * a record held by f (valid until the next call) when the stack changed,
 * or NULL when it is dropped.
 * @return FLAME_OK; FLAME_ERR_LIMIT when a pattern needs too much
 *         backtracking on a name (detail in diag); FLAME_ERR_NOMEM.
 */
flame_status fl_filter_apply(fl_filter *f, const fl_record *in, const fl_record **out);

/* A hash of s[0..n), eight bytes at a time (for tables of names and stacks). */
uint64_t fl_bytes_hash(const char *s, size_t n);

/* Append s with every "0x" followed by hex digits replaced by "0x...". */
int fl_strip_hex(fl_buf *out, const char *s, size_t n);

#endif
