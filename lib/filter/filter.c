/*
 * filter.c - the filters of a graph's stacks (filter.h).
 *
 * A stack is split into frames, each frame learns once which options'
 * patterns it matches (and whether it is a --base name), and the steps
 * then only look at those bits.  Stacks come mostly in byte order, so a
 * stack usually shares most of its frames with the one before it: their
 * bits are kept, and only the new frames are matched.
 */
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "filter/filter.h"

enum {
    FL_MATCH_FOCUS = 1,
    FL_MATCH_IGNORE = 2,
    FL_MATCH_HIDE = 4,
    FL_MATCH_BASE = 8
};

static flame_status compile_set(fl_pattern_set *set, const char *option, const fl_strlist *src,
                                int icase, fl_diag *diag)
{
    set->option = option;
    set->sources = src;
    set->count = 0;
    set->re = NULL;
    if (!src->count)
        return FLAME_OK;
    set->re = calloc(src->count, sizeof *set->re);
    if (!set->re)
        return FLAME_ERR_NOMEM;
    for (size_t i = 0; i < src->count; i++) {
        char why[512];
        const char *p = src->items[i];
        flame_status st = fl_regex_compile(&set->re[i], p, strlen(p), icase, why, sizeof why);
        if (st != FLAME_OK) {
            if (st == FLAME_ERR_OPTION) {
                char shown[160];
                fl_regex_quote(shown, sizeof shown, p, strlen(p), 100);
                fl_error(diag, "invalid --%s pattern '%s' %s", option, shown, why);
            }
            return st;
        }
        set->count++;
    }
    return FLAME_OK;
}

static void free_set(fl_pattern_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        fl_regex_free(set->re[i]);
    free(set->re);
    set->re = NULL;
    set->count = 0;
}

uint64_t fl_bytes_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0xC2B2AE3D27D4EB4FULL);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, s + i, n - i);
    /* MurmurHash3's finaliser: every bit of the input reaches the low
     * bits, which pick the slot. */
    h ^= w;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h;
}

void fl_filter_free(fl_filter *f)
{
    free_set(&f->focus);
    free_set(&f->ignore);
    free_set(&f->hide);
    fl_buf_free(&f->stripped);
    fl_buf_free(&f->subject);
    fl_buf_free(&f->line);
    fl_buf_free(&f->prev);
    free(f->frames);
    f->frames = NULL;
    f->nframes = f->frames_cap = 0;
    free(f->slots);
    free(f->known);
    f->slots = NULL;
    f->known = NULL;
    f->nslots = f->nknown = 0;
    fl_arena_free(&f->names);
}

flame_status fl_filter_init(fl_filter *f, const fl_config *cfg, fl_diag *diag)
{
    memset(f, 0, sizeof *f);
    f->cfg = cfg;
    f->diag = diag;
    int icase = cfg->ignore_case;
    flame_status st = compile_set(&f->focus, "focus", &cfg->focus, icase, diag);
    if (st == FLAME_OK)
        st = compile_set(&f->ignore, "ignore", &cfg->ignore, icase, diag);
    if (st == FLAME_OK)
        st = compile_set(&f->hide, "hide", &cfg->hide, icase, diag);
    if (st != FLAME_OK) {
        fl_filter_free(f);
        return st;
    }
    f->rewrites = cfg->strip_hex || cfg->collapse_recursion || cfg->base.count || f->hide.count;
    f->active = f->rewrites || f->focus.count || f->ignore.count;
    return FLAME_OK;
}

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Where "0x" and a hex digit start in s[0..n), or n. */
static size_t next_hex(const char *s, size_t n, size_t from)
{
    for (size_t i = from; i + 2 < n; i++) {
        const char *z = memchr(s + i, '0', n - 2 - i);
        if (!z)
            return n;
        i = (size_t)(z - s);
        if (s[i + 1] == 'x' && is_hex((unsigned char)s[i + 2]))
            return i;
    }
    return n;
}

int fl_strip_hex(fl_buf *out, const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        size_t h = next_hex(s, n, i);
        if (fl_buf_append(out, s + i, h - i) != 0)
            return -1;
        if (h == n)
            return 0;
        if (fl_buf_append(out, "0x...", 5) != 0)
            return -1;
        i = h + 2;
        while (i < n && is_hex((unsigned char)s[i]))
            i++;
    }
}

/* The name as the graph shows it, which the search box of the SVG
 * matches: without its annotation, valid UTF-8 of XML characters. */
static const char *shown_name(fl_filter *f, const char *s, size_t n, size_t *len)
{
    n = fl_strip_annotation(s, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7F) {
            f->subject.len = 0;
            if (fl_text_xml_safe(&f->subject, s, n) != 0)
                return NULL;
            *len = f->subject.len;
            return f->subject.data;
        }
    }
    *len = n;
    return s;
}

static int is_base_name(const fl_config *cfg, const char *s, size_t n)
{
    size_t bare = fl_strip_annotation(s, n);
    for (size_t i = 0; i < cfg->base.count; i++) {
        const char *b = cfg->base.items[i];
        size_t bn = strlen(b);
        if ((bn == n && memcmp(b, s, n) == 0) || (bn == bare && memcmp(b, s, bare) == 0))
            return 1;
    }
    return 0;
}

/* The frames are forgotten: the next stack matches all of its own. */
static void forget(fl_filter *f)
{
    f->prev.len = 0;
    f->nframes = 0;
}

static flame_status match_failed(fl_filter *f, const fl_pattern_set *set, size_t i, int rc,
                                 const char *name, size_t len)
{
    forget(f);
    if (rc == FL_REGEX_NOMEM)
        return FLAME_ERR_NOMEM;
    char pat[160], frame[160];
    const char *p = set->sources->items[i];
    fl_regex_quote(pat, sizeof pat, p, strlen(p), 100);
    fl_regex_quote(frame, sizeof frame, name, len, 100);
    fl_error(f->diag, "--%s pattern '%s' %s on the frame '%s'", set->option, pat,
             rc == FL_REGEX_LIMIT ? "needs too much backtracking or memory" : "failed", frame);
    return FLAME_ERR_LIMIT;
}

/* Names remembered at most, and the longest remembered: beyond them
 * names are matched each time they come. */
#define FL_FILTER_MAX_NAMES ((size_t)1 << 22)
#define FL_FILTER_MAX_NAME_LEN 4096

/* Slots are 8 bytes, so that the table stays in the caches; the name is
 * compared only when the hash's top half agrees. */
static size_t slot_home(uint64_t h, size_t nslots)
{
    return (size_t)h & (nslots - 1);
}

static int grow_slots(fl_filter *f)
{
    size_t n = f->nslots ? f->nslots * 2 : 4096;
    uint64_t *slots = calloc(n, sizeof *slots);
    fl_known_name *known = realloc(f->known, n / 2 * sizeof *known);
    if (!slots || !known) {
        free(slots);
        if (known)
            f->known = known;
        return -1;
    }
    f->known = known;
    for (size_t i = 0; i < f->nslots; i++) {
        uint64_t v = f->slots[i];
        if (!v)
            continue;
        const fl_known_name *k = &f->known[(uint32_t)v - 1];
        size_t j = slot_home(fl_bytes_hash(k->name, k->len), n);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = v;
    }
    free(f->slots);
    f->slots = slots;
    f->nslots = n;
    return 0;
}

static flame_status match_name(fl_filter *f, const char *s, size_t n, unsigned char *bits);

/* Which options' patterns match a name: the FL_MATCH_* bits, remembered. */
static flame_status match_frame(fl_filter *f, const char *s, size_t n, unsigned char *bits)
{
    uint64_t h = fl_bytes_hash(s, n), top = h & 0xFFFFFFFF00000000ULL;
    int remember = n <= FL_FILTER_MAX_NAME_LEN;
    if (remember && (f->nknown + 1) * 2 > f->nslots &&
        (f->nknown >= FL_FILTER_MAX_NAMES || grow_slots(f) != 0))
        remember = 0;
    size_t j = 0;
    if (f->nslots) {
        for (j = slot_home(h, f->nslots); f->slots[j]; j = (j + 1) & (f->nslots - 1)) {
            uint64_t v = f->slots[j];
            if ((v & 0xFFFFFFFF00000000ULL) != top)
                continue;
            const fl_known_name *k = &f->known[(uint32_t)v - 1];
            if (k->len == n && memcmp(k->name, s, n) == 0) {
                *bits = k->matches;
                return FLAME_OK;
            }
        }
    }
    flame_status st = match_name(f, s, n, bits);
    if (st != FLAME_OK || !remember)
        return st;
    /* A copy that fails to be made only costs matching the name again. */
    const char *copy = fl_arena_strdup(&f->names, s, n);
    if (copy) {
        f->known[f->nknown] = (fl_known_name){copy, n, *bits};
        f->slots[j] = top | (uint64_t)(++f->nknown);
    }
    return FLAME_OK;
}

static flame_status match_name(fl_filter *f, const char *s, size_t n, unsigned char *bits)
{
    static const unsigned char bit[3] = {FL_MATCH_FOCUS, FL_MATCH_IGNORE, FL_MATCH_HIDE};
    const fl_pattern_set *sets[3] = {&f->focus, &f->ignore, &f->hide};
    *bits = f->cfg->base.count && is_base_name(f->cfg, s, n) ? FL_MATCH_BASE : 0;
    if (!f->focus.count && !f->ignore.count && !f->hide.count)
        return FLAME_OK;
    size_t len;
    const char *subject = shown_name(f, s, n, &len);
    if (!subject) {
        forget(f);
        return FLAME_ERR_NOMEM;
    }
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < sets[k]->count; i++) {
            int rc = fl_regex_match_utf8(sets[k]->re[i], subject, len);
            if (rc < 0)
                return match_failed(f, sets[k], i, rc, s, n);
            if (rc) {
                *bits |= bit[k];
                break;
            }
        }
    }
    return FLAME_OK;
}

/* Split s[0..n) (trimmed) into f->frames, keeping the frames, and what
 * they match, that it shares with the stack before it. */
static flame_status split_frames(fl_filter *f, const char *s, size_t n)
{
    size_t reuse = 0, common = 0;
    if (f->prev.len && n) {
        common = fl_common_prefix(s, f->prev.data, n < f->prev.len ? n : f->prev.len);
        if (common == n && n == f->prev.len)
            return FLAME_OK;    /* the same stack again */
        /* A frame is shared when the ';' after it is too. */
        while (reuse < f->nframes && f->frames[reuse].off + f->frames[reuse].len < common)
            reuse++;
    }
    f->nframes = reuse;
    f->prev.len = 0;
    size_t pos = reuse ? f->frames[reuse - 1].off + f->frames[reuse - 1].len + 1 : 0;
    while (n > 0) {
        const char *semi = memchr(s + pos, ';', n - pos);
        size_t end = semi ? (size_t)(semi - s) : n;
        if (f->nframes == f->frames_cap) {
            size_t cap = f->frames_cap ? f->frames_cap * 2 : 64;
            fl_filter_frame *fr = realloc(f->frames, cap * sizeof *fr);
            if (!fr) {
                forget(f);
                return FLAME_ERR_NOMEM;
            }
            f->frames = fr;
            f->frames_cap = cap;
        }
        fl_filter_frame *fr = &f->frames[f->nframes];
        fr->off = pos;
        fr->len = end - pos;
        flame_status st = match_frame(f, s + pos, end - pos, &fr->matches);
        if (st != FLAME_OK)
            return st;
        f->nframes++;
        if (end == n)
            break;
        pos = end + 1;
    }
    if (fl_buf_append(&f->prev, s, n) != 0) {
        forget(f);
        return FLAME_ERR_NOMEM;
    }
    return FLAME_OK;
}

static int any_frame(const fl_filter *f, unsigned char bit)
{
    for (size_t k = 0; k < f->nframes; k++)
        if (f->frames[k].matches & bit)
            return 1;
    return 0;
}

/* Mark the frames that stay; @return whether the stack stays, and set
 * *changed when frames go. */
static int run_steps(fl_filter *f, const char *s, int *changed)
{
    const fl_config *cfg = f->cfg;
    fl_filter_frame *fr = f->frames;
    size_t n = f->nframes;
    for (size_t k = 0; k < n; k++)
        fr[k].kept = 1;
    if (cfg->collapse_recursion) {
        for (size_t k = 1; k < n; k++) {
            if (fr[k].len == fr[k - 1].len &&
                memcmp(s + fr[k].off, s + fr[k - 1].off, fr[k].len) == 0) {
                fr[k].kept = 0;
                *changed = 1;
            }
        }
    }
    /* Collapsing only drops repeats of a name that stays: what matches
     * stays the same. */
    if (f->focus.count && !any_frame(f, FL_MATCH_FOCUS))
        return 0;
    if (f->ignore.count && any_frame(f, FL_MATCH_IGNORE))
        return 0;
    if (cfg->base.count) {
        size_t k = 0;
        while (k < n && !(fr[k].matches & FL_MATCH_BASE))
            k++;
        if (k == n)
            return 0;
        for (size_t j = 0; j < k; j++)
            fr[j].kept = 0;
        if (k > 0)
            *changed = 1;
    }
    if (f->hide.count) {
        for (size_t k = 0; k < n; k++) {
            if (fr[k].kept && (fr[k].matches & FL_MATCH_HIDE)) {
                fr[k].kept = 0;
                *changed = 1;
            }
        }
    }
    return 1;
}

/* The record of the frames kept, with the counts of in. */
static flame_status rebuild(fl_filter *f, const char *s, const fl_record *in, const fl_record **out)
{
    fl_buf *b = &f->line;
    b->len = 0;
    int first = 1, rc = 0;
    for (size_t k = 0; k < f->nframes; k++) {
        const fl_filter_frame *fr = &f->frames[k];
        if (!fr->kept)
            continue;
        if (!first)
            rc |= fl_buf_putc(b, ';');
        rc |= fl_buf_append(b, s + fr->off, fr->len);
        first = 0;
    }
    size_t stack_len = b->len;
    rc |= fl_buf_putc(b, ' ');
    rc |= fl_buf_append(b, in->counts, in->counts_len);
    if (rc != 0)
        return FLAME_ERR_NOMEM;
    fl_record *r = &f->rewritten;
    *r = *in;
    r->line = b->data;
    r->line_len = b->len;
    r->stack = b->data;
    r->stack_len = stack_len;
    r->counts = b->data + stack_len + 1;
    *out = r;
    return FLAME_OK;
}

flame_status fl_filter_apply(fl_filter *f, const fl_record *in, const fl_record **out)
{
    *out = in;
    if (!f->active)
        return FLAME_OK;
    const char *s = in->stack;
    size_t n = in->stack_len;
    int changed = 0;
    if (f->cfg->strip_hex && next_hex(s, n, 0) < n) {
        f->stripped.len = 0;
        if (fl_strip_hex(&f->stripped, s, n) != 0)
            return FLAME_ERR_NOMEM;
        s = f->stripped.data;
        n = f->stripped.len;
        changed = 1;
    }
    n = fl_stack_trim(s, n);
    flame_status st = split_frames(f, s, n);
    if (st != FLAME_OK)
        return st;
    if (!run_steps(f, s, &changed)) {
        *out = NULL;
        return FLAME_OK;
    }
    return changed ? rebuild(f, s, in, out) : FLAME_OK;
}
