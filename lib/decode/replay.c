/*
 * replay.c - remember the input read so far, cheaply, so that it can be
 * read again.
 *
 * Sorted input is merged as it streams in and then forgotten.  When a line
 * turns out to be out of order, the whole input must be sorted after all,
 * so input.c reads it again from here: ranges of regular files are read
 * again from the file (nothing is copied), other bytes (pipes, buffers,
 * pushed lines) are kept in memory up to a limit and in an unlinked
 * temporary file beyond it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "decode/replay.h"

/* Bytes kept in memory before the rest goes to a temporary file. */
#define FL_REPLAY_MEM_MAX ((size_t)4 << 20)
#define FL_REPLAY_READ (4u << 20)

void fl_replay_init(fl_replay *r)
{
    memset(r, 0, sizeof *r);
    r->spill_fd = -1;
}

void fl_replay_free(fl_replay *r)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        close(r->files[i].fd);
        free(r->files[i].name);
    }
    free(r->files);
    free(r->segs);
    fl_buf_free(&r->mem);
    if (r->spill_fd >= 0)
        close(r->spill_fd);
    fl_replay_init(r);
}

static int add_seg(fl_replay *r, int fd, off_t off, size_t len)
{
    if (r->nsegs) {
        fl_replay_seg *last = &r->segs[r->nsegs - 1];
        if (last->fd == fd && last->off + (off_t)last->len == off) {
            last->len += len;
            return 0;
        }
    }
    if (r->nsegs == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        fl_replay_seg *s = realloc(r->segs, cap * sizeof *s);
        if (!s)
            return -1;
        r->segs = s;
        r->cap = cap;
    }
    r->segs[r->nsegs++] = (fl_replay_seg){fd, off, len};
    return 0;
}

static int open_spill(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    fl_buf path = {0};
    if (fl_buf_puts(&path, dir) != 0 || fl_buf_puts(&path, "/libflame-XXXXXX") != 0) {
        fl_buf_free(&path);
        return -1;
    }
    int fd = mkstemp(path.data);
    if (fd >= 0)
        unlink(path.data);   /* gone with the descriptor, whatever happens */
    fl_buf_free(&path);
    return fd;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int fl_replay_bytes(fl_replay *r, const char *p, size_t n)
{
    if (n == 0)
        return 0;
    if (r->mem.len + n > FL_REPLAY_MEM_MAX && !r->spill_failed) {
        if (r->spill_fd < 0)
            r->spill_fd = open_spill();
        if (r->spill_fd >= 0 && write_all(r->spill_fd, p, n) == 0) {
            int rc = add_seg(r, r->spill_fd, r->spill_off, n);
            r->spill_off += (off_t)n;
            return rc;
        }
        /* No temporary file, or a full disk: keep the rest in memory.  The
         * file stays open for the segments it already holds. */
        r->spill_failed = 1;
    }
    size_t off = r->mem.len;
    if (fl_buf_append(&r->mem, p, n) != 0)
        return -1;
    return add_seg(r, FL_REPLAY_MEM, (off_t)off, n);
}

int fl_replay_own_fd(fl_replay *r, int fd, const char *name)
{
    struct stat sb;
    if (fstat(fd, &sb) != 0)
        return -1;
    fl_replay_file_info *f = realloc(r->files, (r->nfiles + 1) * sizeof *f);
    if (!f)
        return -1;
    r->files = f;
    f = &r->files[r->nfiles];
    f->name = strdup(name ? name : "-");
    f->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (!f->name || f->fd < 0) {
        free(f->name);
        if (f->fd >= 0)
            close(f->fd);
        return -1;
    }
    f->dev = sb.st_dev;
    f->ino = sb.st_ino;
    f->size = sb.st_size;
    f->mtime = sb.st_mtim;
    r->nfiles++;
    return f->fd;
}

/* A file read again must be the file that was read: same size and time. */
static flame_status check_unchanged(const fl_replay *r, char *err, size_t errsz)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        const fl_replay_file_info *f = &r->files[i];
        struct stat sb;
        if (fstat(f->fd, &sb) != 0 || sb.st_dev != f->dev || sb.st_ino != f->ino ||
            sb.st_size != f->size || sb.st_mtim.tv_sec != f->mtime.tv_sec ||
            sb.st_mtim.tv_nsec != f->mtime.tv_nsec) {
            snprintf(err, errsz, "%.200s: changed while being read (its lines are out of "
                     "order, so it is read twice to sort them)", f->name);
            return FLAME_ERR_IO;
        }
    }
    return FLAME_OK;
}

int fl_replay_file(fl_replay *r, int fd, off_t off, size_t n)
{
    return n ? add_seg(r, fd, off, n) : 0;
}

flame_status fl_replay_run(const fl_replay *r, fl_replay_sink sink, fl_replay_alloc alloc,
                           void *ctx, char *err, size_t errsz)
{
    char *buf = NULL;
    flame_status st = check_unchanged(r, err, errsz);
    for (size_t i = 0; i < r->nsegs && st == FLAME_OK; i++) {
        const fl_replay_seg *s = &r->segs[i];
        if (s->fd == FL_REPLAY_MEM) {
            st = sink(ctx, r->mem.data + s->off, s->len);
            continue;
        }
        off_t off = s->off;
        size_t left = s->len;
        while (left > 0 && st == FLAME_OK) {
            size_t want = left < FL_REPLAY_READ ? left : FL_REPLAY_READ;
            char *into = alloc ? alloc(ctx, want) : buf ? buf : (buf = malloc(FL_REPLAY_READ));
            if (!into) {
                st = FLAME_ERR_NOMEM;
                break;
            }
            ssize_t got = pread(s->fd, into, want, off);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                snprintf(err, errsz, "reading the input again to sort it: %s",
                         got < 0 ? strerror(errno) : "the file became shorter");
                st = FLAME_ERR_IO;
                break;
            }
            st = sink(ctx, into, (size_t)got);
            off += got;
            left -= (size_t)got;
        }
    }
    free(buf);
    return st;
}
