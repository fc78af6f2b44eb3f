/*
 * options.c - flamegraph.pl's defaults, and the checks that keep option
 * values within what the picture can hold.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libxml/encoding.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>
#include <libxml/tree.h>

#include "internal.h"

/* Limits documented in cflamegraph(1). */
#define FL_MAX_WIDTH 1000000.0
#define FL_MAX_FRAME_HEIGHT 10000.0
#define FL_MAX_FONT_SIZE 1000.0
#define FL_MAX_FONT_WIDTH 100.0
#define FL_MAX_SCALE 100.0

void flame_options_init(flame_options *o)
{
    memset(o, 0, sizeof *o);
    o->width = 1200;
    o->frame_height = 16;
    o->font_size = 12;
    o->font_width = 0.59;
    o->font_type = "Verdana";
    o->min_width = 0.1;
    o->count_name = "samples";
    o->name_type = "Function:";
    o->palette = "hot";
    o->color_mode = FLAME_COLOR_SEEDED;
    o->factor = 1;
    o->scale = 1;
}

static int in_range(double v, double lo, double hi)
{
    return isfinite(v) && v >= lo && v <= hi;
}

static int font_ok(const char *s)
{
    /* It goes into a stylesheet: family names, commas, spaces, quotes. */
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || strchr(" ,-_.'\"", c)))
            return 0;
    }
    return 1;
}

/*
 * Whether libxml2 can write the SVG's markup in the encoding and read it
 * back: some encodings it knows cannot (its "HTML" output writes entities
 * XML does not define; EBCDIC code pages lack '[').  Unknown names pass
 * here: flame_graph_set_options() reports them.
 */
static void silent(void *ctx, const char *fmt, ...)
{
    FL_UNUSED(ctx);
    FL_UNUSED(fmt);
}

static int encoding_ok(const char *name)
{
    static const char probe[] =
        "<?xml version=\"1.0\"?><a b='c' d=\"e\"><![CDATA[f]]><!-- g -->&#38;&amp;</a>"
        " \t\n;:/#%()[]{}+-*=.,_!?|~^`@$\\0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        "abcdefghijklmnopqrstuvwxyz";
    xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(name);
    if (!h)
        return 1;
    xmlBufferPtr in = xmlBufferCreate(), enc = xmlBufferCreate(), dec = xmlBufferCreate();
    int ok = 0;
    /* libxml2 reports conversion errors on stderr; the library never prints.
     * The handler is per thread: the caller's is restored below. */
    xmlGenericErrorFunc saved = xmlGenericError;
    void *saved_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(NULL, silent);
    if (in && enc && dec && xmlBufferAdd(in, (const xmlChar *)probe, (int)sizeof probe - 1) == 0 &&
        xmlCharEncOutFunc(h, enc, in) >= 0 && xmlCharEncInFunc(h, dec, enc) >= 0)
        ok = xmlBufferLength(dec) == (int)sizeof probe - 1 &&
             memcmp(xmlBufferContent(dec), probe, sizeof probe - 1) == 0;
    else if (!in || !enc || !dec)
        ok = 1;     /* out of memory: set_options finds out soon enough */
    xmlSetGenericErrorFunc(saved_ctx, saved);
    xmlBufferFree(in);
    xmlBufferFree(enc);
    xmlBufferFree(dec);
    xmlCharEncCloseFunc(h);
    return ok;
}

const char *fl_options_check(const flame_options *o, char *msg, size_t msgsz)
{
#define BAD(...) (snprintf(msg, msgsz, __VA_ARGS__), msg)
    if (!in_range(o->width, 21, FL_MAX_WIDTH))
        return BAD("--width must be between 21 and %.0f pixels", FL_MAX_WIDTH);
    if (!in_range(o->frame_height, 1, FL_MAX_FRAME_HEIGHT))
        return BAD("--height must be between 1 and %.0f pixels", FL_MAX_FRAME_HEIGHT);
    if (!in_range(o->font_size, 0, FL_MAX_FONT_SIZE) || o->font_size <= 0)
        return BAD("--fontsize must be above 0 and at most %.0f", FL_MAX_FONT_SIZE);
    if (!in_range(o->font_width, 0, FL_MAX_FONT_WIDTH) || o->font_width <= 0)
        return BAD("--fontwidth must be above 0 and at most %.0f", FL_MAX_FONT_WIDTH);
    if (!in_range(o->min_width, 0, o->min_width_percent ? 100 : o->width))
        return BAD("--minwidth must be between 0 and %s", o->min_width_percent ? "100%" : "the width");
    if (!isfinite(o->total) || o->total < 0)
        return BAD("--total must be a number of samples, 0 or more");
    if (!isfinite(o->factor) || o->factor <= 0)
        return BAD("--factor must be a number above 0");
    if (!in_range(o->scale, 0, FL_MAX_SCALE) || o->scale <= 0)
        return BAD("--scale must be above 0 and at most %.0f", FL_MAX_SCALE);
    if (o->color_mode != FLAME_COLOR_SEEDED && o->color_mode != FLAME_COLOR_HASH &&
        o->color_mode != FLAME_COLOR_RANDOM)
        return BAD("unknown colour mode %d", (int)o->color_mode);
    if (o->palette && fl_palette_lookup(o->palette) < 0)
        return BAD("unknown palette '%.100s' for --colors (hot mem io wakeup chain java js perl "
                   "red green blue aqua yellow purple orange)", o->palette);
    if (o->font_type && !font_ok(o->font_type))
        return BAD("--fonttype '%.100s' is not a font family list", o->font_type);
    if (o->notes && strpbrk(o->notes, "<>"))
        return BAD("--notes must not contain '<' or '>'");
    if (o->notes && strstr(o->notes, "--"))
        return BAD("--notes must not contain '--' (it goes into an XML comment)");
    if (o->encoding && !encoding_ok(o->encoding))
        return BAD("--encoding '%.100s' cannot be used for XML (try UTF-8 or ISO-8859-1)",
                   o->encoding);
    fl_background bg;
    if (o->bg_colors && fl_background_for(&bg, FL_PAL_HOT, o->bg_colors) != 0)
        return BAD("unknown --bgcolors '%.100s' (yellow, blue, green, grey or #rrggbb)",
                   o->bg_colors);
    return NULL;
#undef BAD
}
