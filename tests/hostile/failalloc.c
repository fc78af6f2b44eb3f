/*
 * failalloc.c - LD_PRELOAD shim that makes the program's own allocations
 * fail, to prove that running out of memory anywhere in cflamegraph or
 * libflame is reported, never a crash.
 *
 *   FAILALLOC_AT=N       the N-th allocation call made directly by the main
 *                        executable (cflamegraph with libflame linked in), and
 *                        every later one, returns NULL with errno ENOMEM
 *   FAILALLOC_COUNT=FILE at exit, write how many such calls there were
 *
 * Calls from the shared libraries (libc's own, libxml2, cairo, glib) pass
 * through: their out-of-memory handling is theirs (glib aborts by design).
 * Not for sanitizer builds, which replace malloc themselves.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* glibc's allocator under its own names. */
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);

#define MAX_SEGS 8
static uintptr_t seg_lo[MAX_SEGS], seg_hi[MAX_SEGS];
static int nsegs;
static int ready;
static unsigned long calls, fail_at;

/* The first object dl_iterate_phdr reports is the main program: note its
 * executable segments. */
static int main_segments(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    for (int i = 0; i < info->dlpi_phnum && nsegs < MAX_SEGS; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
            seg_lo[nsegs] = info->dlpi_addr + ph->p_vaddr;
            seg_hi[nsegs] = seg_lo[nsegs] + ph->p_memsz;
            nsegs++;
        }
    }
    return 1;
}

__attribute__((constructor)) static void failalloc_init(void)
{
    const char *at = getenv("FAILALLOC_AT");
    fail_at = at ? strtoul(at, NULL, 10) : 0;
    dl_iterate_phdr(main_segments, NULL);
    ready = 1;
}

__attribute__((destructor)) static void failalloc_report(void)
{
    const char *path = getenv("FAILALLOC_COUNT");
    if (!path)
        return;
    ready = 0;
    FILE *fp = fopen(path, "w");
    if (fp) {
        fprintf(fp, "%lu\n", calls);
        fclose(fp);
    }
}

static int fail_now(void *caller)
{
    if (!ready)
        return 0;
    uintptr_t a = (uintptr_t)caller;
    int mine = 0;
    for (int i = 0; i < nsegs && !mine; i++)
        mine = a >= seg_lo[i] && a < seg_hi[i];
    if (!mine)
        return 0;
    calls++;
    if (fail_at && calls >= fail_at) {
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

void *malloc(size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}

void *reallocarray(void *p, size_t n, size_t size)
{
    if (fail_now(__builtin_return_address(0)))
        return NULL;
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, n * size);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    if (fail_now(__builtin_return_address(0)))
        return ENOMEM;
    void *p = __libc_memalign(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *aligned_alloc(size_t align, size_t n)
{
    return fail_now(__builtin_return_address(0)) ? NULL : __libc_memalign(align, n);
}

char *strdup(const char *s)
{
    if (fail_now(__builtin_return_address(0)))
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = __libc_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *strndup(const char *s, size_t max)
{
    if (fail_now(__builtin_return_address(0)))
        return NULL;
    size_t n = strnlen(s, max);
    char *p = __libc_malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}
