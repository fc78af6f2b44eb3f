/*
 * perf_memo.c - a bounded memo of byte strings known by their digests
 * (perf_memo.h).
 *
 * Open addressing over one array of entries, so that a lookup, in a table
 * too large for the cache, costs one miss.
 */
#include <stdlib.h>
#include <string.h>

/* xxHash as inline code: no library to link, and the compiler sees
 * through the short keys. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "decode/perf_memo.h"

void fl_memo_init(fl_memo *m, size_t max_entries)
{
    memset(m, 0, sizeof *m);
    m->max_entries = max_entries;
}

void fl_memo_free(fl_memo *m)
{
    free(m->slots);
    fl_memo_init(m, m->max_entries);
}

uint64_t fl_memo_hash(const char *p, size_t n)
{
    return XXH3_64bits(p, n);
}

uint64_t fl_memo_mix(uint64_t h)
{
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 29;
    h *= 0x94d049bb133111ebu;
    return h ^ (h >> 32);
}

fl_digest fl_memo_digest(const char *p, size_t n)
{
    XXH128_hash_t x = XXH3_128bits(p, n);
    fl_digest d = {x.low64, x.high64};
    if (!d.lo && !d.hi)
        d.lo = 1;    /* 0, 0 marks an empty slot */
    return d;
}

static int empty(const fl_memo_entry *e)
{
    return !(e->d.lo | e->d.hi);
}

const fl_memo_entry *fl_memo_find(const fl_memo *m, fl_digest d, size_t n, uint32_t flag)
{
    if (!m->slots)
        return NULL;
    for (size_t k = (size_t)d.lo & m->mask; !empty(&m->slots[k]); k = (k + 1) & m->mask) {
        const fl_memo_entry *e = &m->slots[k];
        if (e->d.lo == d.lo && e->d.hi == d.hi && e->len == n && e->flag == flag)
            return e;
    }
    return NULL;
}

void fl_memo_add(fl_memo *m, fl_digest d, size_t n, uint32_t flag, uint32_t value, uint32_t lines)
{
    if (n > UINT32_MAX)
        return;
    if (!m->slots) {
        m->slots = calloc(m->max_entries * 2, sizeof *m->slots);
        if (!m->slots)
            return;
        m->mask = m->max_entries * 2 - 1;
    }
    if (m->n == m->max_entries) {
        memset(m->slots, 0, (m->mask + 1) * sizeof *m->slots);
        m->n = 0;
    }
    size_t k = (size_t)d.lo & m->mask;
    while (!empty(&m->slots[k]))
        k = (k + 1) & m->mask;
    fl_memo_entry *e = &m->slots[k];
    e->d = d;
    e->len = (uint32_t)n;
    e->flag = flag;
    e->value = value;
    e->lines = lines;
    m->n++;
}
