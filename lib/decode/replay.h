/*
 * replay.h - the input read so far, remembered cheaply so that it can be
 * read again: ranges of regular files are read again from the file, other
 * bytes are kept (in memory up to a limit, then in an unlinked temporary
 * file).
 */
#ifndef FL_DECODE_REPLAY_H
#define FL_DECODE_REPLAY_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "flame.h"
#include "base/buf.h"

#define FL_REPLAY_MEM (-1)       /* a segment held in fl_replay.mem */
typedef struct fl_replay_seg {
    int fd;                      /* a file to read again, or FL_REPLAY_MEM */
    off_t off;                   /* where the bytes start in it */
    size_t len;
} fl_replay_seg;
typedef struct fl_replay_file_info {
    int fd;
    char *name;
    dev_t dev;                   /* what it was when first read: it must not change */
    ino_t ino;
    off_t size;
    struct timespec mtime;
} fl_replay_file_info;
typedef struct fl_replay {
    fl_replay_seg *segs;         /* in input order */
    size_t nsegs, cap;
    fl_buf mem;
    int spill_fd;                /* temporary file, or -1 */
    int spill_failed;            /* it could not be made or written: memory only */
    off_t spill_off;
    fl_replay_file_info *files;  /* the input files read again (owned duplicates) */
    size_t nfiles;
} fl_replay;
typedef flame_status (*fl_replay_sink)(void *ctx, const char *p, size_t n);
typedef char *(*fl_replay_alloc)(void *ctx, size_t n);

void fl_replay_init(fl_replay *r);
void fl_replay_free(fl_replay *r);
/* Keep a copy of bytes that cannot be read again.  @return 0 or -1. */
int fl_replay_bytes(fl_replay *r, const char *p, size_t n);
/* A duplicate of fd (named name in messages) that r closes when freed, or
 * -1.  Reading it again fails if the file has changed meanwhile. */
int fl_replay_own_fd(fl_replay *r, int fd, const char *name);
/* Bytes [off, off+n) of a file that can be read again (an owned fd). */
int fl_replay_file(fl_replay *r, int fd, off_t off, size_t n);
/* Hand everything kept, in order, to sink.  Files are read into memory from
 * alloc (which the caller keeps) or, when NULL, into a passing buffer.
 * err receives I/O errors. */
flame_status fl_replay_run(const fl_replay *r, fl_replay_sink sink, fl_replay_alloc alloc,
                           void *ctx, char *err, size_t errsz);

#endif
