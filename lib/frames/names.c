/*
 * names.c - interned frame names: every distinct name is stored once and
 * frames refer to it by a 32-bit id, so colours and labels are computed once
 * per name, not once per frame.
 */
#include <stdlib.h>
#include <string.h>

#include "frames/names.h"

static uint32_t hash_bytes(const char *s, size_t n)
{
    /* Eight bytes per step, each mixed in by a multiply; names are long
     * (C++ templates, Java packages), so this beats a byte-wise hash. */
    const uint64_t k = 0x9e3779b97f4a7c15ULL;
    uint64_t h = n * k;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    if (i < n) {
        uint64_t w = 0;
        memcpy(&w, s + i, n - i);
        h = (h ^ w) * k;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return (uint32_t)h;
}

int fl_names_init(fl_names *t)
{
    memset(t, 0, sizeof *t);
    t->nslots = 1024;
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (!t->slots)
        return -1;
    return fl_names_intern(t, "", 0) == 0 ? 0 : -1;
}

void fl_names_free(fl_names *t)
{
    free(t->list);
    free(t->slots);
    fl_arena_free(&t->arena);
    memset(t, 0, sizeof *t);
}

static int grow_slots(fl_names *t)
{
    uint32_t n = t->nslots * 2;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t id = 0; id < t->count; id++) {
        uint32_t i = t->list[id].hash & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = id + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return 0;
}

uint32_t fl_names_intern(fl_names *t, const char *s, size_t n)
{
    if (n > UINT32_MAX - 1)
        return UINT32_MAX;
    uint32_t h = hash_bytes(s, n);
    uint32_t mask = t->nslots - 1;
    uint32_t i = h & mask;
    while (t->slots[i]) {
        const fl_name *e = &t->list[t->slots[i] - 1];
        if (e->hash == h && e->len == n && memcmp(e->str, s, n) == 0)
            return t->slots[i] - 1;
        i = (i + 1) & mask;
    }
    if (t->count == UINT32_MAX - 1)
        return UINT32_MAX;
    if ((uint64_t)(t->count + 1) * 4 > (uint64_t)t->nslots * 3) {
        if (grow_slots(t) != 0)
            return UINT32_MAX;
        mask = t->nslots - 1;
        i = h & mask;
        while (t->slots[i])
            i = (i + 1) & mask;
    }
    if (t->count == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 256;
        fl_name *list = realloc(t->list, (size_t)cap * sizeof *list);
        if (!list)
            return UINT32_MAX;
        t->list = list;
        t->cap = cap;
    }
    char *copy = fl_arena_strdup(&t->arena, s, n);
    if (!copy)
        return UINT32_MAX;
    uint32_t id = t->count++;
    t->list[id].str = copy;
    t->list[id].len = (uint32_t)n;
    t->list[id].hash = h;
    t->slots[i] = id + 1;
    return id;
}
