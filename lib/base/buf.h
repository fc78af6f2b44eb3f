/*
 * buf.h - growable byte buffers, a bump allocator, byte comparisons.
 * The bottom of the library: every stage uses these, they use nothing.
 */
#ifndef FL_BASE_BUF_H
#define FL_BASE_BUF_H

#include <stddef.h>
#include <stdint.h>

#define FL_UNUSED(x) ((void)(x))

typedef struct fl_buf {
    char *data;
    size_t len;
    size_t cap;
} fl_buf;

int fl_buf_reserve(fl_buf *b, size_t extra);            /* 0 ok, -1 no memory */
int fl_buf_append(fl_buf *b, const void *p, size_t n);
int fl_buf_putc(fl_buf *b, char c);
int fl_buf_puts(fl_buf *b, const char *s);
void fl_buf_free(fl_buf *b);
/* Byte-order comparison of two byte strings, shorter first on a tie. */
int fl_bytes_cmp(const char *a, size_t na, const char *b, size_t nb);
/* Number of leading bytes a[0..n) and b[0..n) have in common. */
size_t fl_common_prefix(const char *a, const char *b, size_t n);

/* A piece of a buffer. */
typedef struct fl_span { size_t off, len; } fl_span;

/* Bump allocator for many small objects freed together. */
typedef struct fl_arena_block fl_arena_block;
typedef struct fl_arena {
    fl_arena_block *head;
    size_t used;    /* bytes used in head */
    size_t size;    /* bytes available in head */
    size_t total;   /* bytes in all blocks */
} fl_arena;

void *fl_arena_alloc(fl_arena *a, size_t n);             /* NULL: no memory */
char *fl_arena_strdup(fl_arena *a, const char *s, size_t n);
void fl_arena_free(fl_arena *a);

#endif
