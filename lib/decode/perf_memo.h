/*
 * perf_memo.h - what the perf reader remembers of text it has taken
 * apart: a bounded map from byte strings (a frame line, the callers' part
 * of a sample) to a number (the id of the frame names they gave).  A
 * profile repeats the same lines and call chains over and over; looking
 * them up costs a fraction of taking them apart again.
 *
 * The strings are known by a digest (96 bits of XXH3-128, seeded with a
 * flag that is part of the key), not kept: the callers' part of a sample
 * is a kilobyte or more, and reading a stored copy back to compare it
 * would cost more than the lookup saves.  An entry is 16 bytes, so that
 * the entries in use stay in the cache.  Two different strings with the
 * same digest would count a sample under the other's stack; for input not
 * made to collide the chance is about n^2 / 2^96 for n distinct strings,
 * below 2^-56 for a million (rsync trusts its block checksums the same
 * way).
 */
#ifndef FL_DECODE_PERF_MEMO_H
#define FL_DECODE_PERF_MEMO_H

#include <stddef.h>
#include <stdint.h>

typedef struct fl_digest {
    uint64_t lo;                 /* never 0: an empty slot has 0 */
    uint32_t hi;
} fl_digest;

typedef struct fl_memo_entry {
    uint64_t lo;
    uint32_t hi;
    uint32_t value;
} fl_memo_entry;

typedef struct fl_memo {
    fl_memo_entry *slots;        /* open addressing, at most half full */
    size_t n, cap, max_entries, mask;
} fl_memo;

/* A memo of at most max_entries (a power of two, 1024 or more); it starts
 * small and nothing is allocated until the first fl_memo_add().  When full
 * it starts afresh: what is in use comes back within a few samples. */
void fl_memo_init(fl_memo *m, size_t max_entries);
void fl_memo_free(fl_memo *m);
/* The digest of bytes and a flag. */
fl_digest fl_memo_digest(const char *p, size_t n, uint32_t flag);
/* Start fetching the slot of a digest, to look it up a little later. */
void fl_memo_prefetch(const fl_memo *m, fl_digest d);
/* The entry of a digest, or NULL. */
const fl_memo_entry *fl_memo_find(const fl_memo *m, fl_digest d);
/* Remember it; failing to (out of memory) does no harm. */
void fl_memo_add(fl_memo *m, fl_digest d, uint32_t value);

/* Start fetching memory that will soon be read (a hint; nothing without
 * GCC's builtins). */
static inline void fl_prefetch(const void *p)
{
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

/* A 64-bit hash of bytes (XXH3), for tables of kept strings. */
uint64_t fl_memo_hash(const char *p, size_t n);
/* A hash's last step, to spread a combination of numbers. */
uint64_t fl_memo_mix(uint64_t h);

#endif
