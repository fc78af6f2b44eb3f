/*
 * intern.h - strings stored once and named by a small number, for the
 * readers: a trace of ten million events names a few thousand functions,
 * threads and processes, so each event keeps a 4-byte id instead of its
 * text; a perf script capture's samples share their call chains' names.
 * Strings are byte strings (NUL and invalid UTF-8 allowed) of any length.
 */
#ifndef FL_DECODE_INTERN_H
#define FL_DECODE_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* Ids are below this: the readers keep two bits of flags beside an id. */
#define FL_INTERN_MAX ((uint32_t)1 << 30)
#define FL_INTERN_NONE UINT32_MAX

typedef struct fl_intern_str {
    const char *s;       /* NUL-terminated copy (it may hold NULs too) */
    size_t len;
    uint64_t hash;
} fl_intern_str;

typedef struct fl_intern {
    fl_arena text;
    fl_intern_str *strs;  /* by id */
    uint32_t n, cap;
    uint32_t *slots;      /* open addressing: id + 1, 0 when empty */
    size_t nslots;        /* a power of two */
} fl_intern;

void fl_intern_init(fl_intern *t);
void fl_intern_free(fl_intern *t);
/* The id of s[0..n), added if new.  @return 0, or -1 out of memory or
 * more than FL_INTERN_MAX strings. */
int fl_intern_add(fl_intern *t, const char *s, size_t n, uint32_t *id);
/* The id of s[0..n) if it is there, else FL_INTERN_NONE. */
uint32_t fl_intern_find(const fl_intern *t, const char *s, size_t n);
static inline const fl_intern_str *fl_intern_get(const fl_intern *t, uint32_t id)
{
    return &t->strs[id];
}
/* The hash used for the table, for callers hashing pairs of ids too. */
uint64_t fl_intern_hash(const char *s, size_t n);
static inline uint64_t fl_hash_mix(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    h ^= h >> 32;
    return h;
}

#endif
