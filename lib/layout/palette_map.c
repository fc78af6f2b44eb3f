/*
 * palette_map.c - --cp: a file of "NAME->rgb(r,g,b)" lines that keeps a
 * function's colour the same across graphs.  Read before drawing, written
 * back (sorted by name) after; the write goes to a temporary file renamed
 * into place, so concurrent runs never leave a torn file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout/palette_map.h"

static int cmp_pentry(const void *a, const void *b)
{
    const fl_pmap_entry *x = a, *y = b;
    return fl_bytes_cmp(x->name, x->len, y->name, y->len);
}

static void sort_map(fl_pmap *m)
{
    if (m->sorted || m->count == 0)
        return;
    qsort(m->entries, m->count, sizeof *m->entries, cmp_pentry);
    /* Keep the last of duplicates, as a Perl hash would. */
    size_t w = 0;
    for (size_t i = 0; i < m->count; i++) {
        if (w > 0 && cmp_pentry(&m->entries[w - 1], &m->entries[i]) == 0)
            m->entries[w - 1] = m->entries[i];
        else
            m->entries[w++] = m->entries[i];
    }
    m->count = w;
    m->sorted = 1;
}

int fl_pmap_add(fl_pmap *m, const char *name, size_t len, fl_rgb rgb)
{
    if (m->count == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        fl_pmap_entry *e = realloc(m->entries, cap * sizeof *e);
        if (!e)
            return -1;
        m->entries = e;
        m->cap = cap;
    }
    char *copy = fl_arena_strdup(&m->arena, name, len);
    if (!copy)
        return -1;
    fl_pmap_entry *e = &m->entries[m->count++];
    e->name = copy;
    e->len = len;
    e->rgb = rgb;
    m->sorted = 0;
    return 0;
}

const fl_rgb *fl_pmap_find(fl_pmap *m, const char *name, size_t len)
{
    sort_map(m);
    fl_pmap_entry key = {name, len, {0, 0, 0}};
    if (m->count == 0)
        return NULL;
    fl_pmap_entry *hit = bsearch(&key, m->entries, m->count, sizeof key, cmp_pentry);
    return hit ? &hit->rgb : NULL;
}

/* "rgb(r,g,b)" with 0..255 components. */
static int parse_rgb(const char *s, size_t n, fl_rgb *out)
{
    char tmp[64];
    if (n >= sizeof tmp)
        return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    unsigned r, g, b;
    char end;
    if (sscanf(tmp, "rgb(%u,%u,%u%c", &r, &g, &b, &end) != 4 || end != ')' ||
        r > 255 || g > 255 || b > 255)
        return -1;
    size_t k = strlen(tmp);
    if (tmp[k - 1] != ')')
        return -1;
    out->r = (unsigned char)r;
    out->g = (unsigned char)g;
    out->b = (unsigned char)b;
    return 0;
}

flame_status fl_pmap_read(fl_pmap *m, const char *path, char *msg, size_t msgsz)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (errno == ENOENT)
            return FLAME_OK;    /* the first run creates it */
        snprintf(msg, msgsz, "cannot read %s: %s", path, strerror(errno));
        return FLAME_ERR_IO;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    flame_status st = FLAME_OK;
    while ((n = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        if (len && line[len - 1] == '\n')
            len--;
        if (len == 0)
            continue;
        /* Names may contain "->" (C++ operator->); colours never do. */
        const char *arrow = NULL;
        for (size_t i = 0; i + 1 < len; i++)
            if (line[i] == '-' && line[i + 1] == '>')
                arrow = line + i;
        fl_rgb rgb;
        if (!arrow || parse_rgb(arrow + 2, len - (size_t)(arrow + 2 - line), &rgb) != 0) {
            snprintf(msg, msgsz, "%s:%zu: invalid palette line (expected NAME->rgb(r,g,b))", path,
                     lineno);
            st = FLAME_ERR_INPUT;
            break;
        }
        if (fl_pmap_add(m, line, (size_t)(arrow - line), rgb) != 0) {
            st = FLAME_ERR_NOMEM;
            break;
        }
    }
    if (st == FLAME_OK && ferror(fp)) {
        snprintf(msg, msgsz, "cannot read %s: %s", path, strerror(errno));
        st = FLAME_ERR_IO;
    }
    free(line);
    fclose(fp);
    return st;
}

flame_status fl_pmap_write(fl_pmap *m, const char *path, char *msg, size_t msgsz)
{
    sort_map(m);
    fl_buf tmpname = {0};
    if (fl_buf_puts(&tmpname, path) != 0 || fl_buf_puts(&tmpname, ".tmpXXXXXX") != 0) {
        fl_buf_free(&tmpname);
        return FLAME_ERR_NOMEM;
    }
    int fd = mkstemp(tmpname.data);
    if (fd < 0) {
        snprintf(msg, msgsz, "cannot write %s: %s", path, strerror(errno));
        fl_buf_free(&tmpname);
        return FLAME_ERR_IO;
    }
    /* mkstemp makes the file private; a palette is for everyone to read. */
    (void)fchmod(fd, 0644);
    FILE *fp = fdopen(fd, "wb");
    if (!fp) {
        close(fd);
        unlink(tmpname.data);
        fl_buf_free(&tmpname);
        return FLAME_ERR_NOMEM;
    }
    for (size_t i = 0; i < m->count; i++) {
        const fl_pmap_entry *e = &m->entries[i];
        fwrite(e->name, 1, e->len, fp);
        fprintf(fp, "->rgb(%u,%u,%u)\n", e->rgb.r, e->rgb.g, e->rgb.b);
    }
    int failed = ferror(fp);
    if (fclose(fp) != 0)
        failed = 1;
    if (!failed && rename(tmpname.data, path) != 0)
        failed = 1;
    if (failed) {
        snprintf(msg, msgsz, "cannot write %s: %s", path, strerror(errno));
        unlink(tmpname.data);
        fl_buf_free(&tmpname);
        return FLAME_ERR_IO;
    }
    fl_buf_free(&tmpname);
    return FLAME_OK;
}

void fl_pmap_free(fl_pmap *m)
{
    free(m->entries);
    fl_arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}
