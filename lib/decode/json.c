/*
 * json.c - yajl's callback parser with positions, allocation failures and
 * long tokens taken care of (json.h).
 *
 * yajl is Debian's streaming JSON parser (libyajl2): a callback API that
 * never builds a tree, with the byte offset of an error, and fast enough
 * that a trace is read at well over 100 MB/s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "decode/json.h"

/* A token still open after this many bytes is long: hold bytes back. */
#define FL_JSON_LONG_TOKEN ((unsigned long long)1 << 16)

/* ---- allocation: yajl does not check what it gets --------------------- */

static void remember_made(fl_json *j, void *p)
{
    if (j->tracking && j->nmade < (int)(sizeof j->made / sizeof j->made[0]))
        j->made[j->nmade++] = p;
}

static void *ya_malloc(void *ctx, size_t n)
{
    fl_json *j = ctx;
    void *p = malloc(n ? n : 1);
    if (!p)
        longjmp(j->oom, 1);
    remember_made(j, p);
    return p;
}

static void *ya_realloc(void *ctx, void *old, size_t n)
{
    fl_json *j = ctx;
    void *p = realloc(old, n ? n : 1);
    if (!p)
        longjmp(j->oom, 1);   /* old is still yajl's: freed with the handle */
    return p;
}

static void ya_free(void *ctx, void *p)
{
    FL_UNUSED(ctx);
    free(p);
}

/* ---- callbacks ------------------------------------------------------------ */

static int on_scalar(fl_json *j, fl_json_kind kind, const char *s, size_t n)
{
    j->progress = 1;
    if (j->root < 0)
        j->root = 0;
    return j->handler->scalar(j->ctx, j->depth, kind, s, n);
}

static int on_null(void *c)
{
    return on_scalar(c, FL_JSON_NULL, "null", 4);
}

static int on_boolean(void *c, int v)
{
    return v ? on_scalar(c, FL_JSON_TRUE, "true", 4) : on_scalar(c, FL_JSON_FALSE, "false", 5);
}

static int on_number(void *c, const char *s, size_t n)
{
    return on_scalar(c, FL_JSON_NUMBER, s, n);
}

static int on_string(void *c, const unsigned char *s, size_t n)
{
    return on_scalar(c, FL_JSON_STRING, (const char *)s, n);
}

static int on_open(fl_json *j, int array)
{
    j->progress = 1;
    if (j->root < 0)
        j->root = array;
    return j->handler->open(j->ctx, j->depth++, array);
}

static int on_close(fl_json *j, int array)
{
    j->progress = 1;
    return j->handler->close(j->ctx, --j->depth, array);
}

static int on_start_map(void *c)
{
    return on_open(c, 0);
}

static int on_end_map(void *c)
{
    return on_close(c, 0);
}

static int on_start_array(void *c)
{
    return on_open(c, 1);
}

static int on_end_array(void *c)
{
    return on_close(c, 1);
}

static int on_map_key(void *c, const unsigned char *s, size_t n)
{
    fl_json *j = c;
    j->progress = 1;
    return j->handler->key(j->ctx, j->depth, (const char *)s, n);
}

static const yajl_callbacks callbacks = {
    on_null, on_boolean, NULL, NULL, on_number, on_string,
    on_start_map, on_map_key, on_end_map, on_start_array, on_end_array,
};

/* ---- set-up ---------------------------------------------------------------- */

static yajl_handle make_handle(fl_json *j)
{
    static yajl_alloc_funcs funcs_template = {ya_malloc, ya_realloc, ya_free, NULL};
    yajl_alloc_funcs funcs = funcs_template;
    funcs.ctx = j;
    j->nmade = 0;
    j->tracking = 1;
    if (setjmp(j->oom)) {
        for (int i = 0; i < j->nmade; i++)
            free(j->made[i]);
        j->tracking = 0;
        return NULL;
    }
    yajl_handle h = yajl_alloc(&callbacks, &funcs, j);
    j->tracking = 0;
    if (h && !yajl_config(h, yajl_dont_validate_strings, 1)) {
        yajl_free(h);
        h = NULL;
    }
    return h;
}

int fl_json_init(fl_json *j, const fl_json_handler *h, void *ctx)
{
    memset(j, 0, sizeof *j);
    j->handler = h;
    j->ctx = ctx;
    j->root = -1;
    /* Invalid UTF-8 is read as it is: names are made XML-safe when drawn. */
    j->yh = make_handle(j);
    return j->yh ? 0 : -1;
}

void fl_json_free(fl_json *j)
{
    if (j->yh)
        yajl_free(j->yh);
    j->yh = NULL;
    fl_buf_free(&j->held);
}

void fl_json_position(fl_json *j, unsigned long long offset, unsigned long long lines,
                      unsigned long long line_start)
{
    j->offset = offset;
    j->lines = lines;
    j->line_start = line_start;
}

unsigned long long fl_json_count_lines(const char *p, size_t n, unsigned long long base,
                                       unsigned long long *last)
{
    unsigned long long count = 0;
    const char *end = p + n, *q = p;
    while (q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
        count++;
        q++;
        *last = base + (unsigned long long)(q - p);
    }
    return count;
}

/* ---- errors -------------------------------------------------------------- */

static unsigned char *get_error(fl_json *j)
{
    if (setjmp(j->oom))
        return NULL;
    return yajl_get_error(j->yh, 0, NULL, 0);
}

/* yajl's message without its "parse error: " and the trailing ".\n". */
static void take_message(fl_json *j)
{
    /* (out of memory, yajl cannot say what is wrong; where is known) */
    const char *what = "out of memory describing the error";
    unsigned char *msg = get_error(j);
    if (msg)
        what = (const char *)msg;
    const char *colon = strstr(what, "error: ");
    if (colon)
        what = colon + 7;
    size_t n = strlen(what);
    while (n && (what[n - 1] == '\n' || what[n - 1] == '.' || what[n - 1] == ' '))
        n--;
    if (n == 13 && memcmp(what, "premature EOF", 13) == 0)
        what = "the input ends before the JSON does", n = strlen(what);
    if (n >= sizeof j->err_what)
        n = sizeof j->err_what - 1;
    memcpy(j->err_what, what, n);
    j->err_what[n] = '\0';
    if (msg)
        yajl_free_error(j->yh, msg);
}

/* The error is at byte at of the current block (at <= its length). */
static void locate(fl_json *j, size_t at)
{
    unsigned long long last = j->line_start;
    unsigned long long lines = j->lines;
    if (j->block && !j->priming)
        lines += fl_json_count_lines(j->block, at, j->offset, &last);
    j->err_offset = j->offset + at;
    j->err_line = lines + 1;
    j->err_line_start = last;
    j->err_column = j->err_offset - last + 1;
}

void fl_json_rebase(fl_json *j, unsigned long long lines, unsigned long long line_start)
{
    j->lines += lines;
    if (j->line_start == FL_JSON_UNKNOWN)
        j->line_start = line_start;
    j->stop_lines += lines;
    if (j->stop_line_start == FL_JSON_UNKNOWN)
        j->stop_line_start = line_start;
    j->err_line += lines;
    if (j->err_line_start == FL_JSON_UNKNOWN) {
        j->err_line_start = line_start;
        j->err_column = j->err_offset - line_start + 1;
    }
}

void fl_json_message(const fl_json *j, char *buf, size_t size)
{
    snprintf(buf, size, "malformed JSON at line %llu, column %llu (byte %llu): %s", j->err_line,
             j->err_column, j->err_offset, j->err_what);
}

/* ---- parsing ------------------------------------------------------------------ */

static yajl_status guarded(fl_json *j, const unsigned char *p, size_t n, int complete)
{
    if (setjmp(j->oom)) {
        j->nomem = 1;
        return yajl_status_error;
    }
    return complete ? yajl_complete_parse(j->yh) : yajl_parse(j->yh, p, n);
}

static fl_json_status result(fl_json *j, yajl_status ys)
{
    if (j->nomem)
        return FL_JSON_NOMEM;
    if (ys == yajl_status_client_canceled) {
        size_t at = j->block ? yajl_get_bytes_consumed(j->yh) : 0;
        if (at > j->block_len)
            at = j->block_len;
        j->rest = j->block ? j->block + at : NULL;
        j->rest_len = j->block_len - at;
        j->stop_offset = j->offset + at;
        j->stop_line_start = j->line_start;
        j->stop_lines = j->lines;
        if (j->block && !j->priming)
            j->stop_lines += fl_json_count_lines(j->block, at, j->offset, &j->stop_line_start);
        return FL_JSON_STOPPED;
    }
    if (ys == yajl_status_error) {
        size_t at = j->at_end ? j->block_len : yajl_get_bytes_consumed(j->yh);
        if (at > j->block_len)
            at = j->block_len;
        take_message(j);
        locate(j, at);
        return FL_JSON_SYNTAX;
    }
    return FL_JSON_OK;
}

/* One block to yajl, then the position moves past it. */
static fl_json_status parse_block(fl_json *j, const char *p, size_t n)
{
    if (j->nomem)
        return FL_JSON_NOMEM;
    j->block = p;
    j->block_len = n;
    j->progress = 0;
    yajl_status ys = guarded(j, (const unsigned char *)p, n, 0);
    fl_json_status st = result(j, ys);
    if (st == FL_JSON_OK && !j->priming) {
        j->lines += fl_json_count_lines(p, n, j->offset, &j->line_start);
        j->offset += n;
        j->stalled = j->progress ? 0 : j->stalled + n;
    }
    j->block = NULL;
    j->block_len = 0;
    return st;
}

fl_json_status fl_json_prime(fl_json *j, const char *text, size_t n)
{
    j->priming = 1;
    fl_json_status st = parse_block(j, text, n);
    j->priming = 0;
    return st;
}

static fl_json_status feed_held(fl_json *j)
{
    if (!j->held.len)
        return FL_JSON_OK;
    fl_json_status st = parse_block(j, j->held.data, j->held.len);
    j->held.len = 0;
    /* (j->rest may point into it) */
    if (st == FL_JSON_OK && j->held.cap > ((size_t)1 << 24) && !j->stalled)
        fl_buf_free(&j->held);    /* the long token is over */
    return st;
}

fl_json_status fl_json_feed(fl_json *j, const char *p, size_t n)
{
    if (!n)
        return FL_JSON_OK;
    if (j->stalled < FL_JSON_LONG_TOKEN && !j->held.len)
        return parse_block(j, p, n);
    /* Inside a long token (or a long run of blank space): hold bytes until
     * there are as many as were fed since the token began, so that the
     * token's text is lexed again only a few times in all. */
    if (fl_buf_append(&j->held, p, n) != 0)
        return FL_JSON_NOMEM;
    if (j->held.len < j->stalled)
        return FL_JSON_OK;
    return feed_held(j);
}

fl_json_status fl_json_end(fl_json *j)
{
    /* After a failed allocation yajl's stack sizes are not to be trusted. */
    if (j->nomem)
        return FL_JSON_NOMEM;
    fl_json_status st = feed_held(j);
    if (st != FL_JSON_OK)
        return st;
    j->block = NULL;
    j->block_len = 0;
    j->at_end = 1;
    st = result(j, guarded(j, NULL, 0, 1));
    if (st != FL_JSON_SYNTAX)
        j->at_end = 0;
    return st;
}

unsigned long long fl_json_here(const fl_json *j)
{
    return j->offset + yajl_get_bytes_consumed(j->yh);
}
