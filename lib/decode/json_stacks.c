/*
 * json_stacks.c - the tree of stacks of a JSON profile and its folded
 * lines (json_stacks.h).
 */
#include <stdlib.h>
#include <string.h>

#include "decode/json_stacks.h"

static uint64_t pair_hash(uint32_t parent, uint32_t name)
{
    return fl_hash_mix(((uint64_t)parent << 32 | name) * 0x9e3779b97f4a7c15ULL);
}

int fl_stacks_init(fl_stacks *t)
{
    memset(t, 0, sizeof *t);
    t->cap = 1024;
    t->nodes = malloc(t->cap * sizeof *t->nodes);
    t->nslots = 2048;
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (!t->nodes || !t->slots) {
        fl_stacks_free(t);
        return -1;
    }
    t->nodes[0].parent = FL_STACKS_ROOT;
    t->nodes[0].name = FL_INTERN_NONE;
    t->n = 1;
    return 0;
}

void fl_stacks_free(fl_stacks *t)
{
    free(t->nodes);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static int grow(fl_stacks *t)
{
    size_t n = t->nslots * 2;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t id = 1; id < t->n; id++) {
        size_t i = (size_t)pair_hash(t->nodes[id].parent, t->nodes[id].name) & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = id + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return 0;
}

uint32_t fl_stacks_child(fl_stacks *t, uint32_t parent, uint32_t name)
{
    size_t mask = t->nslots - 1, i = (size_t)pair_hash(parent, name) & mask;
    for (;;) {
        uint32_t v = t->slots[i];
        if (!v)
            break;
        const fl_stack_node *nd = &t->nodes[v - 1];
        if (nd->parent == parent && nd->name == name)
            return v - 1;
        i = (i + 1) & mask;
    }
    if (t->n >= UINT32_MAX - 1)
        return FL_STACKS_FAIL;
    if (t->n == t->cap) {
        if (t->cap > UINT32_MAX / 2)
            return FL_STACKS_FAIL;
        fl_stack_node *nodes = realloc(t->nodes, (size_t)t->cap * 2 * sizeof *nodes);
        if (!nodes)
            return FL_STACKS_FAIL;
        t->nodes = nodes;
        t->cap *= 2;
    }
    uint32_t id = t->n++;
    t->nodes[id].parent = parent;
    t->nodes[id].name = name;
    t->slots[i] = id + 1;
    if ((size_t)t->n * 2 > t->nslots && grow(t) != 0)
        return FL_STACKS_FAIL;
    return id;
}

/* ---- lines ------------------------------------------------------------ */

typedef struct sibling {
    const char *s;
    size_t len;
    uint32_t node;
} sibling;

static int by_name(const void *a, const void *b)
{
    const sibling *x = a, *y = b;
    int c = fl_bytes_cmp(x->s, x->len, y->s, y->len);
    return c ? c : (x->node > y->node) - (x->node < y->node);
}

typedef struct visit {
    uint32_t next, end;      /* its children still to visit: kids[next..end) */
    size_t path_len;         /* the line's length before its name */
} visit;

/* Deep nesting makes lines quadratic in the input (the n-th of n nested
 * events is n frames long): what the lines would hold is added up first. */
static flame_status check_size(const fl_stacks *t, fl_stacks_name_fn display, void *nctx,
                               fl_stacks_count_fn count, void *cctx)
{
    uint64_t *path = malloc((size_t)t->n * sizeof *path);
    fl_buf scratch = {0};
    if (!path)
        return FLAME_ERR_NOMEM;
    uint64_t total = 0;
    flame_status st = FLAME_OK;
    path[0] = 0;
    for (uint32_t id = 1; id < t->n && st == FLAME_OK; id++) {
        size_t len;
        display(nctx, t->nodes[id].name, &len);
        uint32_t parent = t->nodes[id].parent;
        path[id] = (parent == FL_STACKS_ROOT ? 0 : path[parent] + 1) + len;
        scratch.len = 0;
        int has = count(cctx, id, &scratch);
        if (has < 0)
            st = FLAME_ERR_NOMEM;
        else if (has && (total += path[id] + scratch.len + 1) > FL_STACKS_TEXT_MAX)
            st = FLAME_ERR_LIMIT;
    }
    free(path);
    fl_buf_free(&scratch);
    return st;
}

flame_status fl_stacks_emit(const fl_stacks *t, fl_stacks_name_fn display, void *nctx,
                            fl_stacks_count_fn count, void *cctx, fl_line_fn emit, void *ectx,
                            fl_diag *diag)
{
    if (t->n <= 1)
        return FLAME_OK;
    /* Children of each node, contiguous (first[p]..first[p+1]), by name. */
    uint32_t *first = calloc((size_t)t->n + 1, sizeof *first);
    sibling *kids = malloc((size_t)t->n * sizeof *kids);
    visit *stack = malloc((size_t)t->n * sizeof *stack);
    fl_buf line = {0};
    flame_status st = FLAME_ERR_NOMEM;
    if (!first || !kids || !stack)
        goto out;
    for (uint32_t id = 1; id < t->n; id++)
        first[t->nodes[id].parent + 1]++;
    for (uint32_t p = 0; p < t->n; p++)
        first[p + 1] += first[p];
    {
        uint32_t *fill = malloc((size_t)t->n * sizeof *fill);
        if (!fill)
            goto out;
        memcpy(fill, first, (size_t)t->n * sizeof *fill);
        for (uint32_t id = 1; id < t->n; id++) {
            sibling *k = &kids[fill[t->nodes[id].parent]++];
            k->s = display(nctx, t->nodes[id].name, &k->len);
            k->node = id;
        }
        free(fill);
    }
    for (uint32_t p = 0; p < t->n; p++)
        if (first[p + 1] - first[p] > 1)
            qsort(kids + first[p], first[p + 1] - first[p], sizeof *kids, by_name);
    if ((st = check_size(t, display, nctx, count, cctx)) != FLAME_OK) {
        if (st == FLAME_ERR_LIMIT)
            fl_error(diag, "%s", FL_STACKS_TEXT_MESSAGE);
        goto out;
    }
    st = FLAME_ERR_NOMEM;

    /* Depth first: a node's own line, then its children's. */
    size_t depth = 0;
    stack[0].next = first[0];
    stack[0].end = first[1];
    stack[0].path_len = 0;
    depth = 1;
    while (depth) {
        visit *v = &stack[depth - 1];
        if (v->next == v->end) {
            depth--;
            continue;
        }
        const sibling *k = &kids[v->next++];
        line.len = depth > 1 ? v->path_len : 0;
        if ((depth > 1 && fl_buf_putc(&line, ';') != 0) || fl_buf_append(&line, k->s, k->len) != 0)
            goto out;
        size_t path_len = line.len;
        int has = count(cctx, k->node, &line);
        if (has < 0)
            goto out;
        if (has) {
            st = emit(ectx, line.data, line.len);
            if (st != FLAME_OK)
                goto out;
        }
        visit *c = &stack[depth++];
        c->next = first[k->node];
        c->end = first[k->node + 1];
        c->path_len = path_len;
    }
    st = FLAME_OK;
out:
    free(first);
    free(kids);
    free(stack);
    fl_buf_free(&line);
    return st;
}

/* ---- text ---------------------------------------------------------------- */

int fl_fmt_scaled(fl_buf *out, uint64_t v, int scale)
{
    uint64_t div = 1;
    for (int i = 0; i < scale; i++)
        div *= 10;
    char buf[48];
    int n = 0;
    uint64_t whole = v / div, frac = v % div;
    char digits[24];
    int nd = 0;
    do {
        digits[nd++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    while (nd)
        buf[n++] = digits[--nd];
    if (frac) {
        buf[n++] = '.';
        int start = n;
        for (uint64_t d = div / 10; d; d /= 10) {
            buf[n++] = (char)('0' + (frac / d) % 10);
        }
        while (n > start && buf[n - 1] == '0')
            n--;
    }
    return fl_buf_append(out, buf, (size_t)n);
}

const char *fl_frame_text(const char *s, size_t n, fl_buf *out, size_t *len)
{
    *len = n;
    size_t i = 0;
    while (i < n && s[i] != ';' && s[i] != '\n' && s[i] != '\r')
        i++;
    if (i == n)
        return s;
    out->len = 0;
    if (fl_buf_append(out, s, n) != 0)
        return NULL;
    for (; i < n; i++) {
        char c = out->data[i];
        out->data[i] = c == ';' ? ':' : c == '\n' || c == '\r' ? ' ' : c;
    }
    return out->data;
}
