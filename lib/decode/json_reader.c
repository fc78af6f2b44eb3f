/*
 * json_reader.c - the reader of JSON profiles (json_reader.h): Trace Event
 * files and speedscope files, told apart as the document streams by.
 *
 * The root value is read by one yajl parse (json.c).  An events array (the
 * root itself when it is an array, or the root object's "traceEvents")
 * goes to the trace reader's split (trace_split.c): the root parse stops
 * at its "[", and when the split has read its "]" a new parse takes the
 * rest, started with a prefix that puts it back where the first stopped.
 * Whatever is under the root's "shared" and "profiles" goes to the
 * speedscope reader as it streams.  At the end, the document is
 * speedscope if the root object has "shared" and "profiles" (or a
 * "$schema" naming speedscope), a trace otherwise; --input-format decides
 * instead when it names one.
 */
#include <stdlib.h>
#include <string.h>

#include "decode/detect.h"
#include "decode/json_reader.h"
#include "decode/speedscope.h"
#include "decode/trace.h"

enum { K_OTHER, K_TRACE_EVENTS, K_SHARED, K_PROFILES, K_SCHEMA };

typedef struct json_reader {
    const fl_config *cfg;
    fl_diag *diag;
    int format;                 /* FLAME_INPUT_AUTO, _TRACE or _SPEEDSCOPE */
    fl_json json;               /* the parse of everything but events */
    int has_json;
    fl_trace_split *split;      /* reading an events array, or NULL */
    fl_trace_split *spent;      /* one that ended, freed once its bytes are taken */
    int events_pending;         /* the parse stopped at an events array's "[" */
    int bare;                   /* that array is the root */
    int priming;                /* setting up a parse after an events array */
    fl_trace_part trace;
    fl_speedscope ss;
    int root;                   /* -1 not yet, 0 object, 1 array, 2 anything else */
    int root_key;               /* the root object's key whose value is being read */
    int has_shared, has_profiles, schema_speedscope;
    flame_status status;        /* why a handler stopped the parse */
    size_t bom;                 /* bytes of a byte order mark seen at the start; 3: done */
} json_reader;

static int stop(json_reader *r, flame_status st, const char *msg)
{
    r->status = st;
    if (msg)
        fl_error(r->diag, "%s", msg);
    return 0;
}

/* The root's key, or what is below one of them. */
static int section(const json_reader *r, size_t depth)
{
    if (depth < 1 || r->root != 0 || r->format == FLAME_INPUT_TRACE)
        return 0;
    return r->root_key == K_SHARED ? 1 : r->root_key == K_PROFILES ? 2 : 0;
}

static int ss_result(json_reader *r, int go_on)
{
    if (!go_on)
        return stop(r, r->ss.status, r->ss.message);
    return 1;
}

static int root_open(void *ctx, size_t depth, int array)
{
    json_reader *r = ctx;
    if (depth == 0) {
        r->root = array;
        if (array && r->format == FLAME_INPUT_SPEEDSCOPE)
            return stop(r, FLAME_ERR_INPUT,
                        "speedscope JSON is an object with \"shared\" and \"profiles\", "
                        "not an array");
        if (array && !r->priming) {
            r->events_pending = 1;
            r->bare = 1;
            return 0;
        }
        return 1;
    }
    if (depth == 1 && r->root == 0 && r->root_key == K_TRACE_EVENTS && array &&
        r->format != FLAME_INPUT_SPEEDSCOPE && !r->priming) {
        r->events_pending = 1;
        r->bare = 0;
        return 0;
    }
    int sec = section(r, depth);
    return sec ? ss_result(r, fl_speedscope_open(&r->ss, sec, depth, array)) : 1;
}

static int root_close(void *ctx, size_t depth, int array)
{
    json_reader *r = ctx;
    int sec = section(r, depth);
    return sec ? ss_result(r, fl_speedscope_close(&r->ss, sec, depth, array)) : 1;
}

static int root_key(void *ctx, size_t depth, const char *s, size_t n)
{
    json_reader *r = ctx;
    if (depth == 1 && r->root == 0) {
        r->root_key = n == 11 && memcmp(s, "traceEvents", 11) == 0 ? K_TRACE_EVENTS
                      : n == 6 && memcmp(s, "shared", 6) == 0      ? K_SHARED
                      : n == 8 && memcmp(s, "profiles", 8) == 0    ? K_PROFILES
                      : n == 7 && memcmp(s, "$schema", 7) == 0     ? K_SCHEMA
                                                                   : K_OTHER;
        r->has_shared |= r->root_key == K_SHARED;
        r->has_profiles |= r->root_key == K_PROFILES;
        return 1;
    }
    int sec = section(r, depth);
    return sec ? ss_result(r, fl_speedscope_key(&r->ss, sec, depth, s, n)) : 1;
}

static int contains(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++)
        if (memcmp(s + i, word, w) == 0)
            return 1;
    return 0;
}

static int root_scalar(void *ctx, size_t depth, fl_json_kind kind, const char *s, size_t n)
{
    json_reader *r = ctx;
    if (depth == 0) {
        r->root = 2;
        return 1;
    }
    if (depth == 1 && r->root == 0 && r->root_key == K_SCHEMA && kind == FL_JSON_STRING)
        r->schema_speedscope |= contains(s, n, "speedscope");
    int sec = section(r, depth);
    return sec ? ss_result(r, fl_speedscope_scalar(&r->ss, sec, depth, kind, s, n)) : 1;
}

static const fl_json_handler root_handler = {root_open, root_close, root_key, root_scalar};

/* ---- the reader ------------------------------------------------------- */

static void *json_open(const fl_config *cfg, fl_diag *diag, int format, const char *source)
{
    FL_UNUSED(source);
    json_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->cfg = cfg;
    r->diag = diag;
    r->format = format;
    r->root = -1;
    r->status = FLAME_OK;
    fl_speedscope_init(&r->ss);
    if (fl_trace_part_init(&r->trace) != 0 || fl_json_init(&r->json, &root_handler, r) != 0) {
        fl_trace_part_free(&r->trace);
        fl_speedscope_free(&r->ss);
        free(r);
        return NULL;
    }
    r->has_json = 1;
    return r;
}

static void json_close(void *state)
{
    json_reader *r = state;
    if (!r)
        return;
    if (r->has_json)
        fl_json_free(&r->json);
    fl_trace_split_free(r->split);
    fl_trace_split_free(r->spent);
    fl_trace_part_free(&r->trace);
    fl_speedscope_free(&r->ss);
    free(r);
}

/* A parse failed: its detail to diag. */
static flame_status parse_failed(json_reader *r, fl_json_status js)
{
    if (js == FL_JSON_NOMEM)
        return FLAME_ERR_NOMEM;
    if (js == FL_JSON_SYNTAX) {
        char msg[256];
        fl_json_message(&r->json, msg, sizeof msg);
        fl_error(r->diag, "%s", msg);
        return FLAME_ERR_INPUT;
    }
    return r->status != FLAME_OK ? r->status : FLAME_ERR_STATE;
}

static flame_status split_failed(json_reader *r, const fl_split_result *res)
{
    if (res->status == FLAME_ERR_INPUT)
        fl_error(r->diag, "%s", res->message);
    return res->status;
}

/* The events array has ended at res: a new parse takes what follows. */
static flame_status after_events(json_reader *r, const fl_split_result *res)
{
    fl_json_free(&r->json);
    r->has_json = 0;
    if (fl_json_init(&r->json, &root_handler, r) != 0)
        return FLAME_ERR_NOMEM;
    r->has_json = 1;
    static const char bare[] = "[", object[] = "{\"traceEvents\":[";
    r->priming = 1;
    fl_json_status js = r->bare ? fl_json_prime(&r->json, bare, sizeof bare - 1)
                                : fl_json_prime(&r->json, object, sizeof object - 1);
    r->priming = 0;
    if (js != FL_JSON_OK)
        return js == FL_JSON_NOMEM ? FLAME_ERR_NOMEM : FLAME_ERR_STATE;
    fl_json_position(&r->json, res->offset, res->lines, res->line_start);
    fl_trace_split_free(r->spent);
    r->spent = r->split;
    r->split = NULL;
    return FLAME_OK;
}

/* The root parse stopped at an events array's "[": a split reads it. */
static flame_status start_events(json_reader *r, const char **p, size_t *n)
{
    r->events_pending = 0;
    const fl_json *j = &r->json;
    r->split = fl_trace_split_new(&r->trace, j->stop_offset, j->stop_lines, j->stop_line_start);
    if (!r->split)
        return FLAME_ERR_NOMEM;
    *p = j->rest;
    *n = j->rest_len;
    return FLAME_OK;
}

/* Bytes of the source, wherever the reading is. */
static flame_status process(json_reader *r, const char *p, size_t n)
{
    flame_status st = FLAME_OK;
    for (;;) {
        if (!r->split) {
            fl_json_status js = fl_json_feed(&r->json, p, n);
            if (js == FL_JSON_OK)
                break;
            if (js != FL_JSON_STOPPED || !r->events_pending) {
                st = parse_failed(r, js);
                break;
            }
            if ((st = start_events(r, &p, &n)) != FLAME_OK)
                break;
        } else {
            fl_split_result res;
            fl_trace_split_feed(r->split, p, n, &res);
            if (res.status != FLAME_OK) {
                st = split_failed(r, &res);
                break;
            }
            if (!res.done)
                break;
            if ((st = after_events(r, &res)) != FLAME_OK)
                break;
            p = res.rest;
            n = res.rest_len;
        }
    }
    fl_trace_split_free(r->spent);
    r->spent = NULL;
    return st;
}

/* A byte order mark at the start is not part of the JSON. */
static flame_status json_chunk(void *state, const char *data, size_t len)
{
    json_reader *r = state;
    while (r->bom < 3 && len) {
        if (*data != FL_UTF8_BOM[r->bom]) {
            /* not one after all: what looked like its start is text */
            size_t seen = r->bom;
            r->bom = 3;
            flame_status st = seen ? process(r, FL_UTF8_BOM, seen) : FLAME_OK;
            if (st != FLAME_OK)
                return st;
            break;
        }
        data++;
        len--;
        if (++r->bom == 3)
            fl_json_position(&r->json, 3, 0, 0);
    }
    return len ? process(r, data, len) : FLAME_OK;
}

/* The source has ended: complete the parse (and any array in progress). */
static flame_status complete(json_reader *r)
{
    for (;;) {
        if (!r->split) {
            fl_json_status js = fl_json_end(&r->json);
            if (js == FL_JSON_OK)
                return FLAME_OK;
            if (js != FL_JSON_STOPPED || !r->events_pending)
                return parse_failed(r, js);
            const char *p;
            size_t n;
            flame_status st = start_events(r, &p, &n);
            if (st == FLAME_OK)
                st = process(r, p, n);
            if (st != FLAME_OK)
                return st;
        } else {
            fl_split_result res;
            fl_trace_split_end(r->split, r->bare, &res);
            if (res.status != FLAME_OK)
                return split_failed(r, &res);
            if (!res.done)
                return FLAME_OK;     /* a bare array left open: read as if closed */
            flame_status st = after_events(r, &res);
            if (st == FLAME_OK)
                st = process(r, res.rest, res.rest_len);
            if (st != FLAME_OK)
                return st;
        }
    }
}

static flame_status json_finish(void *state, fl_line_fn emit, void *ctx, const char **count_name)
{
    json_reader *r = state;
    flame_status st = r->bom && r->bom < 3 ? process(r, FL_UTF8_BOM, r->bom) : FLAME_OK;
    if (st == FLAME_OK)
        st = complete(r);
    if (st != FLAME_OK)
        return st;
    int speedscope = r->format == FLAME_INPUT_SPEEDSCOPE ||
                     (r->format == FLAME_INPUT_AUTO && r->root == 0 &&
                      ((r->has_shared && r->has_profiles) || r->schema_speedscope));
    if (speedscope)
        return fl_speedscope_emit(&r->ss, r->cfg, r->diag, emit, ctx, count_name);
    *count_name = "\xc2\xb5s";    /* µs */
    return fl_trace_emit(&r->trace, r->cfg, r->diag, emit, ctx);
}

const fl_reader_kind fl_json_reader = {"json", json_open, json_chunk, json_finish, json_close};
