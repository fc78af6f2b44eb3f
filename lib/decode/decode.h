/*
 * decode.h - bytes to stack records: each source's format chosen
 * (--input-format, or detected), its reader run, folded lines split and
 * parsed, and the input remembered while a second reading may be needed.
 *
 * The decoder hands each record to its owner's emit function.  When that
 * says FL_OUT_OF_ORDER, the decoder calls the owner's restart function
 * (which empties what was built so far and starts keeping every stack),
 * reads everything it remembered again, handing each record on once more,
 * and stops remembering.
 */
#ifndef FL_DECODE_DECODE_H
#define FL_DECODE_DECODE_H

#include <stddef.h>
#include <sys/types.h>

#include "flame.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/diag.h"
#include "decode/folded.h"
#include "decode/reader.h"
#include "decode/replay.h"

/* stable: the record's text stays valid until fl_decoder_release(). */
typedef flame_status (*fl_record_fn)(void *ctx, const fl_record *rec, int stable);
typedef flame_status (*fl_restart_fn)(void *ctx);

typedef struct fl_decoder {
    const fl_config *cfg;
    fl_diag *diag;
    fl_record_fn emit;
    fl_restart_fn restart;
    void *ctx;

    size_t ignored;              /* folded lines without a count */
    const char *count_name;      /* what a reader said the counts are, or NULL */
    fl_arena names;              /* its copy */
    flame_status status;         /* a failed second reading: every later call fails */

    /* the source being read */
    const char *source;
    int format;                  /* flame_input_format; AUTO until decided */
    fl_buf head;                 /* its first bytes, while the format is undecided */
    fl_buf pending;              /* a folded line across chunks */
    const fl_reader_kind *reader;
    void *reader_state;

    /* remembering, for a second reading */
    int remember;                /* set by the owner: keep the input */
    fl_replay replay;            /* what was read, while remembering */
    fl_replay replayed;          /* the same, once read again: records point into it */
    fl_arena replay_arena;       /* files read again */
    int replay_fd;               /* the regular file being read, or -1 */
    off_t replay_off;            /* where the next chunk starts in it */
} fl_decoder;

void fl_decoder_init(fl_decoder *d, const fl_config *cfg, fl_diag *diag, fl_record_fn emit,
                     fl_restart_fn restart, void *ctx);
void fl_decoder_free(fl_decoder *d);
/* A source begins.  fd >= 0: a regular file whose bytes from off on are
 * the chunks to come, so that they can be read again instead of kept. */
void fl_decoder_begin(fl_decoder *d, const char *source, int fd, off_t off);
flame_status fl_decoder_chunk(fl_decoder *d, const char *data, size_t len);
/* The source has ended. */
flame_status fl_decoder_end(fl_decoder *d);
/* One folded line pushed from code (no newline). */
flame_status fl_decoder_line(fl_decoder *d, const char *line, size_t len);
/* Bytes [off, off+len) of the regular file fd, read elsewhere (in parts,
 * on other threads), remembered as if read here: a second reading reads
 * them again, ending their last line (open_end: it has no newline).
 * @return FLAME_OK or FLAME_ERR_NOMEM. */
flame_status fl_decoder_remember_file(fl_decoder *d, int fd, off_t off, size_t len,
                                      int open_end, const char *source);
/* A stack read elsewhere was out of order: have the owner start again and
 * read everything remembered a second time, as when a record is out of
 * order here. */
flame_status fl_decoder_restart(fl_decoder *d);
/* No second reading will be needed: forget what was remembered for one. */
void fl_decoder_forget(fl_decoder *d);
/* The records are no longer needed: free what they pointed into. */
void fl_decoder_release(fl_decoder *d);

#endif
