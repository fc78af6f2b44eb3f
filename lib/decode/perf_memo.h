/*
 * perf_memo.h - what the perf reader remembers of text it has taken
 * apart: a bounded map from byte strings (a frame line, the callers' part
 * of a sample) to a number (the id of the frame names they gave).  A
 * profile repeats the same lines and call chains over and over; looking
 * them up costs a fraction of taking them apart again.
 *
 * The strings are known by their 128-bit digest (XXH3) and length, not
 * kept: the callers' part of a sample is a kilobyte or more, and reading a
 * stored copy back to compare it would cost more than the lookup saves.
 * Two different strings with the same digest would count a sample under
 * the other's stack; for input not made to collide the chance is about
 * n^2 / 2^129 for n distinct strings (rsync trusts its block checksums
 * the same way).
 */
#ifndef FL_DECODE_PERF_MEMO_H
#define FL_DECODE_PERF_MEMO_H

#include <stddef.h>
#include <stdint.h>

typedef struct fl_digest {
    uint64_t lo, hi;
} fl_digest;

typedef struct fl_memo_entry {
    fl_digest d;                 /* 0, 0: an empty slot */
    uint32_t len;
    uint32_t flag;               /* part of the key: the Java naming */
    uint32_t value;
    uint32_t lines;              /* lines the string holds */
} fl_memo_entry;

typedef struct fl_memo {
    fl_memo_entry *slots;        /* open addressing, at most half full */
    size_t n, max_entries, mask;
} fl_memo;

/* A memo of at most max_entries (a power of two); nothing is allocated
 * until the first fl_memo_add().  When full it starts afresh: what is in
 * use comes back within a few samples. */
void fl_memo_init(fl_memo *m, size_t max_entries);
void fl_memo_free(fl_memo *m);
/* The digest of bytes. */
fl_digest fl_memo_digest(const char *p, size_t n);
/* The entry for a string of that digest, length and flag, or NULL. */
const fl_memo_entry *fl_memo_find(const fl_memo *m, fl_digest d, size_t n, uint32_t flag);
/* Remember it; failing to (out of memory) does no harm. */
void fl_memo_add(fl_memo *m, fl_digest d, size_t n, uint32_t flag, uint32_t value, uint32_t lines);

/* A 64-bit hash of bytes (XXH3), for tables of kept strings. */
uint64_t fl_memo_hash(const char *p, size_t n);
/* A hash's last step, to spread a combination of numbers. */
uint64_t fl_memo_mix(uint64_t h);

#endif
