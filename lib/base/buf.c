/*
 * buf.c - growable byte buffers and a bump arena.  Every allocation in the
 * library that can fail reports it; nothing here aborts.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/buf.h"

int fl_buf_reserve(fl_buf *b, size_t extra)
{
    if (extra <= b->cap - b->len)
        return 0;
    if (extra > SIZE_MAX / 2 - b->len)
        return -1;
    size_t want = b->len + extra + 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int fl_buf_append(fl_buf *b, const void *p, size_t n)
{
    if (fl_buf_reserve(b, n + 1) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int fl_buf_putc(fl_buf *b, char c)
{
    return fl_buf_append(b, &c, 1);
}

int fl_buf_puts(fl_buf *b, const char *s)
{
    return fl_buf_append(b, s, strlen(s));
}

void fl_buf_free(fl_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int fl_bytes_cmp(const char *a, size_t na, const char *b, size_t nb)
{
    int c = memcmp(a, b, na < nb ? na : nb);
    if (c)
        return c;
    return (na > nb) - (na < nb);
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>

/* 32 bytes at a time where the CPU has AVX2. */
__attribute__((target("avx2"))) static size_t common_prefix_avx2(const char *a, const char *b,
                                                                 size_t n)
{
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(a + i));
        __m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(b + i));
        unsigned same = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, y));
        if (same != 0xffffffffu)
            return i + (size_t)__builtin_ctz(~same);
    }
    while (i < n && a[i] == b[i])
        i++;
    return i;
}

/* 16 bytes at a time with SSE2, which every x86-64 has. */
static size_t common_prefix_sse2(const char *a, const char *b, size_t n)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(a + i));
        __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
        unsigned same = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, y));
        if (same != 0xffffu)
            return i + (size_t)__builtin_ctz(~same & 0xffffu);
    }
    while (i < n && a[i] == b[i])
        i++;
    return i;
}

size_t fl_common_prefix(const char *a, const char *b, size_t n)
{
    /* The CPU's features are read once by libgcc; this is a load and a
     * test.  Short strings gain nothing from the wide loop. */
    if (n >= 32 && __builtin_cpu_supports("avx2"))
        return common_prefix_avx2(a, b, n);
    return common_prefix_sse2(a, b, n);
}
#else
size_t fl_common_prefix(const char *a, const char *b, size_t n)
{
    size_t i = 0;
    /* Eight bytes at a time: the first differing byte is the lowest set
     * byte of the XOR on a little-endian machine, the highest otherwise. */
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) {
            uint64_t d = x ^ y;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return i + (size_t)(__builtin_ctzll(d) >> 3);
#else
            (void)d;
            break;
#endif
        }
    }
    while (i < n && a[i] == b[i])
        i++;
    return i;
}
#endif

struct fl_arena_block {
    fl_arena_block *next;
    max_align_t align[];
};

#define FL_ARENA_MIN (64 * 1024)

/* Large blocks (whole input files when sorting) on huge pages where the
 * system offers them: a few faults instead of one per 4 KiB. */
#define FL_HUGE (2u << 20)
static void *alloc_block(size_t n)
{
#ifdef MADV_HUGEPAGE
    if (n >= 2 * FL_HUGE) {
        void *p = NULL;
        if (posix_memalign(&p, FL_HUGE, n) != 0)
            return NULL;
        (void)madvise(p, n & ~(size_t)(FL_HUGE - 1), MADV_HUGEPAGE);
        return p;
    }
#endif
    return malloc(n);
}

void *fl_arena_alloc(fl_arena *a, size_t n)
{
    size_t aligned = (n + 15) & ~(size_t)15;
    if (aligned < n)
        return NULL;
    if (!a->head || a->size - a->used < aligned) {
        size_t size = a->total / 2;     /* grow geometrically: few blocks */
        if (size < FL_ARENA_MIN)
            size = FL_ARENA_MIN;
        if (size > 64u * 1024 * 1024)
            size = 64u * 1024 * 1024;
        if (size < aligned)
            size = aligned;
        fl_arena_block *blk = alloc_block(sizeof *blk + size);
        if (!blk)
            return NULL;
        blk->next = a->head;
        a->head = blk;
        a->used = 0;
        a->size = size;
        a->total += size;
    }
    void *p = (char *)a->head->align + a->used;
    a->used += aligned;
    return p;
}

char *fl_arena_strdup(fl_arena *a, const char *s, size_t n)
{
    char *p = fl_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void fl_arena_free(fl_arena *a)
{
    fl_arena_block *b = a->head;
    while (b) {
        fl_arena_block *next = b->next;
        free(b);
        b = next;
    }
    memset(a, 0, sizeof *a);
}
