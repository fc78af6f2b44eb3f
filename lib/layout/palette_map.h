/*
 * palette_map.h - --cp: the consistent palette, read from and written back
 * to palette.map.
 */
#ifndef FL_LAYOUT_PALETTE_MAP_H
#define FL_LAYOUT_PALETTE_MAP_H

#include <stddef.h>

#include "flame.h"
#include "base/buf.h"
#include "base/palette.h"

typedef struct fl_pmap_entry { const char *name; size_t len; fl_rgb rgb; } fl_pmap_entry;
typedef struct fl_pmap {
    fl_pmap_entry *entries;
    size_t count, cap;
    int sorted;
    fl_arena arena;
} fl_pmap;

flame_status fl_pmap_read(fl_pmap *m, const char *path, char *msg, size_t msgsz);
/* @return the stored colour or NULL. */
const fl_rgb *fl_pmap_find(fl_pmap *m, const char *name, size_t len);
int fl_pmap_add(fl_pmap *m, const char *name, size_t len, fl_rgb rgb);
flame_status fl_pmap_write(fl_pmap *m, const char *path, char *msg, size_t msgsz);
void fl_pmap_free(fl_pmap *m);

#endif
