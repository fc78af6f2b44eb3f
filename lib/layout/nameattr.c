/*
 * nameattr.c - the --nameattr file: lines "NAME<TAB>attr=value<TAB>...".
 * The attributes go on that function's frame element; "title" replaces the
 * tooltip and "href" makes the frame a link.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/nameattr.h"

int fl_xml_name_ok(const char *s)
{
    /* XML Name, restricted to ASCII: letters, '_' or ':' first, then also
     * digits, '-' and '.'; "xmlns" declarations are not attributes to us. */
    if (!s || !*s)
        return 0;
    if (strncmp(s, "xmlns", 5) == 0)
        return 0;
    for (const char *p = s; *p; p++) {
        char c = *p;
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        int more = (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!(alpha || (p > s && more)))
            return 0;
    }
    return 1;
}

/*
 * Whether the attribute can go on a frame element of a namespace-aware
 * document (browsers reject anything less): an XML name; a prefix only when
 * it is declared, which xml: always is and xlink: is on the root; never an
 * attribute the writer puts there itself (s, n, and xlink:href, which
 * href becomes).
 */
static int attr_name_ok(const char *s)
{
    if (!fl_xml_name_ok(s) || strcmp(s, "s") == 0 || strcmp(s, "n") == 0 ||
        strcmp(s, "xlink:href") == 0)
        return 0;
    const char *colon = strchr(s, ':');
    if (!colon)
        return 1;
    size_t plen = (size_t)(colon - s);
    if (!((plen == 5 && memcmp(s, "xlink", 5) == 0) || (plen == 3 && memcmp(s, "xml", 3) == 0)))
        return 0;
    /* The local part: a name of its own, without another colon. */
    const char *local = colon + 1;
    char c = *local;
    return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') && !strchr(local, ':');
}

static int cmp_entry(const void *a, const void *b)
{
    const fl_nameattr_entry *x = a, *y = b;
    return fl_bytes_cmp(x->func, x->func_len, y->func, y->func_len);
}

static flame_status parse_line(fl_nameattr *na, char *line, size_t len, const char *path,
                               size_t lineno, char *msg, size_t msgsz, size_t *cap)
{
    char *tab = memchr(line, '\t', len);
    if (!tab) {
        snprintf(msg, msgsz, "%s:%zu: invalid name attribute line (expected NAME<TAB>attr=value)",
                 path, lineno);
        return FLAME_ERR_INPUT;
    }
    if (na->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        fl_nameattr_entry *e = realloc(na->entries, ncap * sizeof *e);
        if (!e)
            return FLAME_ERR_NOMEM;
        na->entries = e;
        *cap = ncap;
    }
    fl_nameattr_entry *e = &na->entries[na->count];
    e->func_len = (size_t)(tab - line);
    e->func = fl_arena_strdup(&na->arena, line, e->func_len);
    size_t nattr = 1;
    for (char *p = tab + 1; p < line + len; p++)
        if (*p == '\t')
            nattr++;
    e->attrs = fl_arena_alloc(&na->arena, nattr * sizeof *e->attrs);
    if (!e->func || !e->attrs)
        return FLAME_ERR_NOMEM;
    e->nattrs = 0;
    char *p = tab + 1, *end = line + len;
    while (p <= end) {
        char *next = memchr(p, '\t', (size_t)(end - p));
        char *fe = next ? next : end;
        if (fe > p) {
            char *eq = memchr(p, '=', (size_t)(fe - p));
            if (!eq) {
                snprintf(msg, msgsz, "%s:%zu: attribute without '=' (expected attr=value)", path,
                         lineno);
                return FLAME_ERR_INPUT;
            }
            char *name = fl_arena_strdup(&na->arena, p, (size_t)(eq - p));
            char *value = fl_arena_strdup(&na->arena, eq + 1, (size_t)(fe - eq - 1));
            if (!name || !value)
                return FLAME_ERR_NOMEM;
            if (!attr_name_ok(name)) {
                snprintf(msg, msgsz, "%s:%zu: '%.100s' cannot be an attribute name", path, lineno,
                         name);
                return FLAME_ERR_INPUT;
            }
            /* An attribute given twice: the last value wins (as in
             * flamegraph.pl's hash); XML allows each name once. */
            size_t k = 0;
            while (k < e->nattrs && strcmp(e->attrs[k].name, name) != 0)
                k++;
            e->attrs[k].name = name;
            e->attrs[k].value = value;
            if (k == e->nattrs)
                e->nattrs++;
        }
        if (!next)
            break;
        p = next + 1;
    }
    na->count++;
    return FLAME_OK;
}

flame_status fl_nameattr_load(fl_nameattr *na, const char *path, char *msg, size_t msgsz)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(msg, msgsz, "cannot read %s: %s", path, strerror(errno));
        return FLAME_ERR_IO;
    }
    char *line = NULL;
    size_t linecap = 0, cap = 0, lineno = 0;
    ssize_t n;
    flame_status st = FLAME_OK;
    while ((n = getline(&line, &linecap, fp)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n')
            len--;
        if (len && line[len - 1] == '\r')
            len--;
        if (len == 0)
            continue;
        st = parse_line(na, line, len, path, lineno, msg, msgsz, &cap);
        if (st != FLAME_OK)
            break;
    }
    if (st == FLAME_OK && ferror(fp)) {
        snprintf(msg, msgsz, "cannot read %s: %s", path, strerror(errno));
        st = FLAME_ERR_IO;
    }
    free(line);
    fclose(fp);
    if (st == FLAME_OK && na->count)
        qsort(na->entries, na->count, sizeof *na->entries, cmp_entry);
    return st;
}

const fl_nameattr_entry *fl_nameattr_find(const fl_nameattr *na, const char *func, size_t len)
{
    if (!na->count)
        return NULL;
    fl_nameattr_entry key = {func, len, NULL, 0};
    /* Several lines for one name: the last one wins, as in a Perl hash. */
    const fl_nameattr_entry *hit = bsearch(&key, na->entries, na->count, sizeof key, cmp_entry);
    if (!hit)
        return NULL;
    while (hit + 1 < na->entries + na->count && cmp_entry(hit + 1, &key) == 0)
        hit++;
    return hit;
}

void fl_nameattr_free(fl_nameattr *na)
{
    free(na->entries);
    fl_arena_free(&na->arena);
    memset(na, 0, sizeof *na);
}
