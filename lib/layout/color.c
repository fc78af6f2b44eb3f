/*
 * color.c - frame colours and backgrounds, as flamegraph.pl picks them.
 *
 * Three numbers v1, v2, v3 in [0,1) are drawn per name and mapped through a
 * palette.  The default draws them reproducibly from the name: drand48()
 * right after srand48(sum of the name's code points), so a name has the same
 * colour in every graph.  drand48 is implemented here with explicit state:
 * the library keeps no global state.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "layout/color.h"

#define LCG_A 0x5DEECE66DULL
#define LCG_C 0xBULL
#define LCG_MASK ((1ULL << 48) - 1)

uint64_t fl_srand48_state(uint32_t seed)
{
    return (((uint64_t)seed << 16) | 0x330E) & LCG_MASK;
}

double fl_rand48(uint64_t *state)
{
    *state = (LCG_A * *state + LCG_C) & LCG_MASK;
    return (double)*state / (double)(1ULL << 48);
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int contains(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

static int starts_with_java_package(const char *s, size_t n)
{
    static const char *const pkgs[] = {"java/", "javax/", "jdk/", "net/", "org/",
                                       "com/", "io/", "sun/"};
    if (n > 0 && s[0] == 'L') {
        for (size_t i = 0; i < sizeof pkgs / sizeof pkgs[0]; i++) {
            size_t k = strlen(pkgs[i]);
            if (n - 1 >= k && memcmp(s + 1, pkgs[i], k) == 0)
                return 1;
        }
    }
    for (size_t i = 0; i < sizeof pkgs / sizeof pkgs[0]; i++) {
        size_t k = strlen(pkgs[i]);
        if (n >= k && memcmp(s, pkgs[i], k) == 0)
            return 1;
    }
    return 0;
}

/* Path components of s, split at '/' and '\\': does one satisfy match? */
static int any_component(const char *s, size_t n, int (*match)(const char *, size_t))
{
    size_t b = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '/' || s[i] == '\\') {
            if (match(s + b, i - b))
                return 1;
            b = i + 1;
        }
    }
    return 0;
}

static int is_site_packages(const char *s, size_t n)
{
    return n == 13 && memcmp(s, "site-packages", 13) == 0;
}

/* "python", "Python3", "python3.11": a Python installation's directory. */
static int is_python_dir(const char *s, size_t n)
{
    if (n < 6 || (memcmp(s, "python", 6) != 0 && memcmp(s, "Python", 6) != 0))
        return 0;
    for (size_t i = 6; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
            return 0;
    return 1;
}

static int starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* inferno's python palette: installed packages aqua, the standard library
 * and built-ins yellow, the program's own code red. */
static fl_palette resolve_python(const char *s, size_t n)
{
    if (any_component(s, n, is_site_packages))
        return FL_PAL_AQUA;
    if (any_component(s, n, is_python_dir) || starts_with(s, n, "<built-in") ||
        starts_with(s, n, "<method") || starts_with(s, n, "<frozen"))
        return FL_PAL_YELLOW;
    return FL_PAL_RED;
}

/* inferno's rust palette: the standard library orange, other Rust paths
 * aqua, everything else (C, the kernel) yellow.  A module prefix
 * ("app`std::rt::lang_start") is skipped first. */
static fl_palette resolve_rust(const char *s, size_t n)
{
    const char *tick = memchr(s, '`', n);
    if (tick) {
        n -= (size_t)(tick + 1 - s);
        s = tick + 1;
    }
    /* async functions of the program are desugared into GenFuture */
    int core_impl = starts_with(s, n, "<core::") &&
                    !starts_with(s, n, "<core::future::from_generator::GenFuture<T>");
    if (starts_with(s, n, "core::") || starts_with(s, n, "std::") ||
        starts_with(s, n, "alloc::") || core_impl || starts_with(s, n, "<std::") ||
        starts_with(s, n, "<alloc::"))
        return FL_PAL_ORANGE;
    return contains(s, n, "::") ? FL_PAL_AQUA : FL_PAL_YELLOW;
}

/* The language palettes pick a plain palette by looking at the name. */
static fl_palette resolve(fl_palette pal, const char *s, size_t n)
{
    switch (pal) {
    case FL_PAL_JAVA:
        if (ends_with(s, n, "_[j]"))
            return FL_PAL_GREEN;
        if (ends_with(s, n, "_[i]"))
            return FL_PAL_AQUA;
        if (starts_with_java_package(s, n))
            return FL_PAL_GREEN;
        if (contains(s, n, ":::"))
            return FL_PAL_GREEN;
        if (contains(s, n, "::"))
            return FL_PAL_YELLOW;
        if (ends_with(s, n, "_[k]"))
            return FL_PAL_ORANGE;
        return FL_PAL_RED;
    case FL_PAL_JS:
        if (ends_with(s, n, "_[j]"))
            return memchr(s, '/', n) ? FL_PAL_GREEN : FL_PAL_AQUA;
        if (contains(s, n, "::"))
            return FL_PAL_YELLOW;
        {
            const char *slash = memchr(s, '/', n);
            if (slash && contains(slash + 1, n - (size_t)(slash + 1 - s), ".js"))
                return FL_PAL_GREEN;
        }
        if (memchr(s, ':', n))
            return FL_PAL_AQUA;
        if (n == 1 && s[0] == ' ')
            return FL_PAL_GREEN;
        if (contains(s, n, "_[k]"))
            return FL_PAL_ORANGE;
        return FL_PAL_RED;
    case FL_PAL_PERL:
        if (contains(s, n, "::"))
            return FL_PAL_YELLOW;
        if (contains(s, n, "Perl") || contains(s, n, ".pl"))
            return FL_PAL_GREEN;
        if (ends_with(s, n, "_[k]"))
            return FL_PAL_ORANGE;
        return FL_PAL_RED;
    case FL_PAL_PYTHON:
        return resolve_python(s, n);
    case FL_PAL_RUST:
        return resolve_rust(s, n);
    case FL_PAL_WAKEUP:
        return FL_PAL_AQUA;
    case FL_PAL_CHAIN:
        return ends_with(s, n, "_[w]") ? FL_PAL_AQUA : FL_PAL_BLUE;
    default:
        return pal;
    }
}

/*
 * --hash: weights the first three characters, the later ones less.  A
 * module prefix ("libc.so.6`malloc") is dropped first.
 */
static double name_hash(const uint32_t *cp, size_t n)
{
    size_t start = 0;
    for (size_t i = 1; i < n; i++) {
        if (cp[i] == '`') {
            start = i + 1;
            break;
        }
    }
    double vector = 0, weight = 1, max = 1;
    unsigned mod = 10;
    for (size_t i = start; i < n && mod <= 12; i++, mod++) {
        vector += (double)(cp[i] % mod) / (double)(mod - 1) * weight;
        max += weight;
        weight *= 0.70;
    }
    return 1 - vector / max;
}

static int channel(double base, double span, double v)
{
    return (int)(base + (double)(int)(span * v));
}

static fl_rgb pick(fl_palette pal, double v1, double v2, double v3)
{
    int r = 0, g = 0, b = 0;
    switch (pal) {
    case FL_PAL_MEM:
        r = 0; g = channel(190, 50, v2); b = channel(0, 210, v1);
        break;
    case FL_PAL_IO:
        r = g = channel(80, 60, v1); b = channel(190, 55, v2);
        break;
    case FL_PAL_RED:
        r = channel(200, 55, v1); g = b = channel(50, 80, v1);
        break;
    case FL_PAL_GREEN:
        g = channel(200, 55, v1); r = b = channel(50, 60, v1);
        break;
    case FL_PAL_BLUE:
        b = channel(205, 50, v1); r = g = channel(80, 60, v1);
        break;
    case FL_PAL_YELLOW:
        r = g = channel(175, 55, v1); b = channel(50, 20, v1);
        break;
    case FL_PAL_PURPLE:
        r = b = channel(190, 65, v1); g = channel(80, 60, v1);
        break;
    case FL_PAL_AQUA:
        r = channel(50, 60, v1); g = b = channel(165, 55, v1);
        break;
    case FL_PAL_ORANGE:
        r = channel(190, 65, v1); g = channel(90, 65, v1); b = 0;
        break;
    case FL_PAL_HOT:
    default:
        r = channel(205, 50, v3); g = channel(0, 230, v1); b = channel(0, 55, v2);
        break;
    }
    fl_rgb c = {(unsigned char)r, (unsigned char)g, (unsigned char)b};
    return c;
}

/*
 * inferno's --colordiffusion: wider frames are redder, on a square-root
 * scale so that a frame of half the width is already well saturated.
 * The share is taken in 2000 steps; 0 is near-white.
 */
fl_rgb fl_color_by_width(double width, double timemax)
{
    double share = timemax > 0 ? width / timemax : 0;
    if (!(share > 0))
        return (fl_rgb){250, 250, 250};
    if (share > 1)
        share = 1;
    long steps = (long)(sqrt(share) * 2000);
    if (steps == 0)
        return (fl_rgb){250, 250, 250};
    unsigned char c = (unsigned char)(100 + 150 * (2000 - steps) / 2000);
    return (fl_rgb){255, c, c};
}

fl_rgb fl_color_for_name(fl_palette pal, flame_color_mode mode, const char *name, size_t len,
                         uint64_t *rng)
{
    fl_palette plain = resolve(pal, name, len);
    double v1, v2, v3;
    if (mode == FLAME_COLOR_RANDOM) {
        v1 = fl_rand48(rng);
        v2 = fl_rand48(rng);
        v3 = fl_rand48(rng);
    } else {
        uint32_t small[256];
        uint32_t *cp = small;
        size_t n = fl_utf8_decode(name, len, NULL, 0);
        if (n > 256) {
            cp = malloc(n * sizeof *cp);
            if (!cp) {
                /* Colour is cosmetic: fall back to the first 256 characters. */
                cp = small;
                n = 256;
            }
        }
        fl_utf8_decode(name, len, cp, n);
        if (mode == FLAME_COLOR_HASH) {
            v1 = name_hash(cp, n);
            for (size_t i = 0; i < n / 2; i++) {
                uint32_t t = cp[i];
                cp[i] = cp[n - 1 - i];
                cp[n - 1 - i] = t;
            }
            v2 = v3 = name_hash(cp, n);
        } else {
            uint32_t seed = 0;
            for (size_t i = 0; i < n; i++)
                seed += cp[i];
            uint64_t st = fl_srand48_state(seed);
            v1 = v2 = v3 = fl_rand48(&st);
        }
        if (cp != small)
            free(cp);
    }
    return pick(plain, v1, v2, v3);
}

/* flamegraph.pl's int(210 * num / maxdelta), evaluated in that order for
 * parity, kept within a colour component: 210 * num overflows for counts
 * near the largest double, and a frame's delta (summed over its lines) can
 * exceed maxdelta (the largest of any one line), where flamegraph.pl writes
 * a negative component, which browsers draw as 0. */
static int delta_shade(double num, double maxdelta)
{
    double v = 210 * num / maxdelta;
    if (isinf(v))
        v = 210 * (num / maxdelta);
    if (!(v >= 0))
        return 0;
    return v > 255 ? 255 : (int)v;
}

/* The colour-blind-safe scheme's ends, from the palest change to the
 * largest: orange for growth, blue for shrinkage (ColorBrewer's PuOr and
 * RdBu ends), told apart by people who cannot tell red from green. */
static const fl_rgb grew_pale = {254, 224, 182}, grew_deep = {179, 88, 6};
static const fl_rgb shrank_pale = {209, 229, 240}, shrank_deep = {33, 102, 172};

static unsigned char mix(unsigned char pale, unsigned char deep, double t)
{
    return (unsigned char)lround(pale + (deep - pale) * t);
}

static fl_rgb blend(fl_rgb pale, fl_rgb deep, double t)
{
    fl_rgb c = {mix(pale.r, deep.r, t), mix(pale.g, deep.g, t), mix(pale.b, deep.b, t)};
    return c;
}

fl_rgb fl_color_delta(double delta, double maxdelta, int negate, int scheme)
{
    int r = 255, g = 255, b = 255;
    if (negate)
        delta = -delta;
    if (scheme == FLAME_DIFF_COLORS_ORANGE_BLUE && delta != 0) {
        /* The same depth of colour as flamegraph.pl's: 0 for the palest
         * change, 1 for the largest. */
        double shade = delta > 0 ? delta_shade(maxdelta - delta, maxdelta)
                                 : delta_shade(maxdelta + delta, maxdelta);
        double t = 1 - (shade > 210 ? 210 : shade) / 210;
        return delta > 0 ? blend(grew_pale, grew_deep, t) : blend(shrank_pale, shrank_deep, t);
    }
    if (delta > 0) {
        g = b = delta_shade(maxdelta - delta, maxdelta);
    } else if (delta < 0) {
        r = g = delta_shade(maxdelta + delta, maxdelta);
    }
    fl_rgb c = {(unsigned char)r, (unsigned char)g, (unsigned char)b};
    return c;
}
