/*
 * names.h - interned frame names: one copy of each, an id per name.
 */
#ifndef FL_FRAMES_NAMES_H
#define FL_FRAMES_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

typedef struct fl_name {
    const char *str;   /* raw bytes, NUL-terminated copy (names may hold NUL too) */
    uint32_t len;
    uint32_t hash;
} fl_name;

typedef struct fl_names {
    fl_name *list;     /* id -> name; id 0 is "" (the root) */
    uint32_t count;
    uint32_t cap;
    uint32_t *slots;   /* open addressing: id+1, 0 = empty */
    uint32_t nslots;
    fl_arena arena;
} fl_names;

int fl_names_init(fl_names *t);
void fl_names_free(fl_names *t);
/* @return the id of the name, adding it if new; UINT32_MAX when out of memory. */
uint32_t fl_names_intern(fl_names *t, const char *s, size_t n);

#endif
