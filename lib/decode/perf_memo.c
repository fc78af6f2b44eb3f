/*
 * perf_memo.c - a bounded memo of byte strings known by their digests
 * (perf_memo.h).
 *
 * Open addressing over one array of 16-byte entries, so that a lookup, in
 * a table larger than the cache, costs one miss, and a prefetch can start
 * it early.  The table grows from a small one: a small input does not pay
 * for clearing a large one.
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

fl_digest fl_memo_digest(const char *p, size_t n, uint32_t flag)
{
    XXH128_hash_t x = XXH3_128bits_withSeed(p, n, flag);
    fl_digest d = {x.low64 | 1, (uint32_t)x.high64};
    return d;
}

void fl_memo_prefetch(const fl_memo *m, fl_digest d)
{
    if (m->slots)
        fl_prefetch(&m->slots[(size_t)(d.lo >> 1) & m->mask]);
}

const fl_memo_entry *fl_memo_find(const fl_memo *m, fl_digest d)
{
    if (!m->slots)
        return NULL;
    for (size_t k = (size_t)(d.lo >> 1) & m->mask; m->slots[k].lo; k = (k + 1) & m->mask) {
        const fl_memo_entry *e = &m->slots[k];
        if (e->lo == d.lo && e->hi == d.hi)
            return e;
    }
    return NULL;
}

static void put(fl_memo_entry *slots, size_t mask, fl_digest d, uint32_t value)
{
    size_t k = (size_t)(d.lo >> 1) & mask;
    while (slots[k].lo)
        k = (k + 1) & mask;
    slots[k].lo = d.lo;
    slots[k].hi = d.hi;
    slots[k].value = value;
}

/* Room for twice as many entries.  @return 0, or -1 (none made). */
static int grow(fl_memo *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    fl_memo_entry *slots = calloc(cap * 2, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; m->slots && i <= m->mask; i++)
        if (m->slots[i].lo)
            put(slots, cap * 2 - 1, (fl_digest){m->slots[i].lo, m->slots[i].hi}, m->slots[i].value);
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    m->mask = cap * 2 - 1;
    return 0;
}

void fl_memo_add(fl_memo *m, fl_digest d, uint32_t value)
{
    if (m->n == m->cap) {
        if (m->cap < m->max_entries) {
            if (grow(m) != 0)
                return;
        } else {
            memset(m->slots, 0, (m->mask + 1) * sizeof *m->slots);
            m->n = 0;
        }
    }
    put(m->slots, m->mask, d, value);
    m->n++;
}
