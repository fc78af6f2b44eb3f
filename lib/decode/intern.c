/*
 * intern.c - strings stored once, named by ids (intern.h).
 */
#include <stdlib.h>
#include <string.h>

#include "decode/intern.h"

void fl_intern_init(fl_intern *t)
{
    memset(t, 0, sizeof *t);
}

void fl_intern_free(fl_intern *t)
{
    fl_arena_free(&t->text);
    free(t->strs);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

/* Eight bytes at a time: names are tens of bytes and hashed once per event. */
uint64_t fl_intern_hash(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xff51afd7ed558ccdULL);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
        h = (h << 29) | (h >> 35);
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++)
        w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    return fl_hash_mix(h);
}

static int grow_slots(fl_intern *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 1024;
    if (n > SIZE_MAX / sizeof *t->slots)
        return -1;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t id = 0; id < t->n; id++) {
        size_t i = (size_t)t->strs[id].hash & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = id + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return 0;
}

static uint32_t lookup(const fl_intern *t, const char *s, size_t n, uint64_t h, size_t *slot)
{
    size_t mask = t->nslots - 1, i = (size_t)h & mask;
    for (;;) {
        uint32_t v = t->slots[i];
        if (!v)
            break;
        const fl_intern_str *e = &t->strs[v - 1];
        if (e->hash == h && e->len == n && memcmp(e->s, s, n) == 0)
            return v - 1;
        i = (i + 1) & mask;
    }
    *slot = i;
    return FL_INTERN_NONE;
}

uint32_t fl_intern_find(const fl_intern *t, const char *s, size_t n)
{
    if (!t->nslots)
        return FL_INTERN_NONE;
    size_t slot;
    return lookup(t, s, n, fl_intern_hash(s, n), &slot);
}

int fl_intern_add(fl_intern *t, const char *s, size_t n, uint32_t *id)
{
    if (!t->nslots && grow_slots(t) != 0)
        return -1;
    uint64_t h = fl_intern_hash(s, n);
    size_t slot;
    uint32_t found = lookup(t, s, n, h, &slot);
    if (found != FL_INTERN_NONE) {
        *id = found;
        return 0;
    }
    if (t->n >= FL_INTERN_MAX - 1)
        return -1;
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 256;
        fl_intern_str *strs = realloc(t->strs, (size_t)cap * sizeof *strs);
        if (!strs)
            return -1;
        t->strs = strs;
        t->cap = cap;
    }
    char *copy = fl_arena_strdup(&t->text, s, n);
    if (!copy)
        return -1;
    fl_intern_str *e = &t->strs[t->n];
    e->s = copy;
    e->len = n;
    e->hash = h;
    t->slots[slot] = ++t->n;
    *id = t->n - 1;
    /* At most half full: short probes. */
    if ((size_t)t->n * 2 > t->nslots && grow_slots(t) != 0)
        return -1;
    return 0;
}
