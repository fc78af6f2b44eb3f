/*
 * nameattr.h - --nameattr: attributes per function for its frames.
 */
#ifndef FL_LAYOUT_NAMEATTR_H
#define FL_LAYOUT_NAMEATTR_H

#include <stddef.h>

#include "flame.h"
#include "base/buf.h"

typedef struct fl_attr { const char *name; const char *value; } fl_attr;
typedef struct fl_nameattr_entry {
    const char *func; size_t func_len;
    fl_attr *attrs; size_t nattrs;
} fl_nameattr_entry;
typedef struct fl_nameattr {
    fl_nameattr_entry *entries;  /* sorted by func for bsearch */
    size_t count;
    fl_arena arena;
} fl_nameattr;

/* Parse a --nameattr file.  @return FLAME_OK or an error with msg set. */
flame_status fl_nameattr_load(fl_nameattr *na, const char *path, char *msg, size_t msgsz);
const fl_nameattr_entry *fl_nameattr_find(const fl_nameattr *na, const char *func, size_t len);
void fl_nameattr_free(fl_nameattr *na);
/* @return 1 when s is an XML attribute name we accept. */
int fl_xml_name_ok(const char *s);

#endif
