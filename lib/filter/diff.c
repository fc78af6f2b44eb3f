/*
 * diff.c - the join of a differential graph's two profiles (diff.h).
 *
 * Stacks are keyed by their text in a hash table of entries kept in the
 * order first seen; each entry adds up its side's counts, as
 * difffolded.pl's hash of stacks does.  At the end the lines are written
 * out as difffolded.pl prints them and parsed back as flamegraph.pl reads
 * them, so that the counts drawn are the ones that pipeline would draw.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "filter/diff.h"
#include "filter/filter.h"

void fl_diff_init(fl_diff *d, const fl_config *cfg, fl_diag *diag)
{
    memset(d, 0, sizeof *d);
    d->cfg = cfg;
    d->diag = diag;
}

void fl_diff_free(fl_diff *d)
{
    fl_arena_free(&d->keys);
    fl_arena_free(&d->lines);
    fl_buf_free(&d->num);
    free(d->entries);
    free(d->slots);
    d->entries = NULL;
    d->slots = NULL;
    d->count = d->cap = d->nslots = 0;
    d->total[0] = d->total[1] = 0;
}

/* Perl's \s, as difffolded.pl's line pattern uses it. */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void fl_diff_side_record(const fl_record *in, fl_record *out)
{
    *out = *in;
    if (!in->has_delta)
        return;
    /* "stack 3 5": the last count is the count, the rest the stack. */
    size_t n = in->counts_len;
    while (n > 0 && !is_space(in->counts[n - 1]))
        n--;
    out->stack_len = (size_t)(in->counts - in->line) + n - 1;
    out->counts = in->counts + n;
    out->counts_len = in->counts_len - n;
    out->has_delta = 0;
    out->delta = 0;
}

static int grow_slots(fl_diff *d)
{
    size_t n = d->nslots ? d->nslots * 2 : 1024;
    size_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < d->count; i++) {
        size_t j = (size_t)d->entries[i].hash & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = i + 1;
    }
    free(d->slots);
    d->slots = slots;
    d->nslots = n;
    return 0;
}

/* The entry of a stack, new (both counts 0) if it was not there. */
static fl_diff_entry *entry_for(fl_diff *d, const char *s, size_t n)
{
    if ((d->count + 1) * 2 > d->nslots && grow_slots(d) != 0)
        return NULL;
    uint64_t h = fl_bytes_hash(s, n);
    size_t j = (size_t)h & (d->nslots - 1);
    for (; d->slots[j]; j = (j + 1) & (d->nslots - 1)) {
        fl_diff_entry *e = &d->entries[d->slots[j] - 1];
        if (e->hash == h && e->len == n && memcmp(e->stack, s, n) == 0)
            return e;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 1024;
        fl_diff_entry *entries = realloc(d->entries, cap * sizeof *entries);
        if (!entries)
            return NULL;
        d->entries = entries;
        d->cap = cap;
    }
    const char *copy = fl_arena_strdup(&d->keys, s, n);
    if (!copy)
        return NULL;
    fl_diff_entry *e = &d->entries[d->count];
    *e = (fl_diff_entry){copy, n, h, {0, 0}};
    d->slots[j] = ++d->count;
    return e;
}

flame_status fl_diff_add(fl_diff *d, flame_side side, const fl_record *rec)
{
    int k = side == FLAME_SIDE_BEFORE ? 0 : 1;
    fl_diff_entry *e = entry_for(d, rec->stack, rec->stack_len);
    if (!e) {
        fl_error(d->diag, "out of memory joining the two profiles");
        return FLAME_ERR_NOMEM;
    }
    e->count[k] += rec->count;
    d->total[k] += rec->count;
    if (!isfinite(e->count[k]) || !isfinite(d->total[k])) {
        fl_error(d->diag, "the counts of the %s profile add up beyond what can be drawn",
                 k ? "after" : "before");
        return FLAME_ERR_LIMIT;
    }
    return FLAME_OK;
}

/* A count as difffolded.pl prints it (Perl's %.15g), but never with an
 * exponent: digits and a fraction, as the folded format has them. */
static size_t put_count(fl_buf *b, char *out, size_t cap, double v)
{
    size_t n = 0;
    b->len = 0;
    if (fl_fmt_num(b, v) == 0 && !memchr(b->data, 'e', b->len) && b->len < cap) {
        memcpy(out, b->data, b->len);
        n = b->len;
    } else if (v >= 1) {
        n = (size_t)snprintf(out, cap, "%.0f", v);
    } else {
        /* Fifteen significant digits, then no trailing zeros. */
        int prec = 15 + (int)ceil(-log10(v));
        n = (size_t)snprintf(out, cap, "%.*f", prec > 340 ? 340 : prec, v);
        while (n > 1 && out[n - 1] == '0')
            n--;
        if (out[n - 1] == '.')
            n--;
    }
    return n < cap ? n : 0;
}

flame_status fl_diff_finish(fl_diff *d, fl_record_fn emit, void *ctx)
{
    /* FIRST is the profile compared against, SECOND the one that gives
     * the widths (difffolded.pl's first and second file). */
    int first = d->cfg->diff_widths == FLAME_DIFF_WIDTHS_BEFORE ? 1 : 0, second = 1 - first;
    double t1 = d->total[first], t2 = d->total[second];
    int scale = d->cfg->normalize && t1 != t2 && t1 != 0;
    for (size_t i = 0; i < d->count; i++) {
        const fl_diff_entry *e = &d->entries[i];
        double c1 = e->count[first], c2 = e->count[second];
        if (scale)
            c1 = trunc(c1 * t2 / t1);
        char n1[400], n2[400];
        size_t l1 = isfinite(c1) ? put_count(&d->num, n1, sizeof n1, c1) : 0;
        size_t l2 = put_count(&d->num, n2, sizeof n2, c2);
        if (!l1 || !l2) {
            fl_error(d->diag, "the normalized counts are too large to draw");
            return FLAME_ERR_LIMIT;
        }
        size_t len = e->len + 2 + l1 + l2;
        char *line = fl_arena_alloc(&d->lines, len);
        if (!line) {
            fl_error(d->diag, "out of memory joining the two profiles");
            return FLAME_ERR_NOMEM;
        }
        memcpy(line, e->stack, e->len);
        line[e->len] = ' ';
        memcpy(line + e->len + 1, n1, l1);
        line[e->len + 1 + l1] = ' ';
        memcpy(line + e->len + 2 + l1, n2, l2);
        fl_record rec;
        if (!fl_parse_line(line, len, &rec))
            return FLAME_ERR_STATE;    /* cannot happen: two counts end the line */
        flame_status st = emit(ctx, &rec, 1);
        if (st != FLAME_OK)
            return st;
    }
    return FLAME_OK;
}
