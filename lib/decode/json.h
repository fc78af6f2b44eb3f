/*
 * json.h - yajl's streaming (callback) parser, as the JSON readers use it.
 *
 * A reader feeds one source's bytes in chunks and gets the JSON values as
 * they are read, each with its nesting depth; no document is ever built.
 * This layer adds what yajl leaves to its user:
 *
 *   - where an error is: byte offset, line and column, for the message;
 *   - allocations that fail inside yajl (which does not check them) end
 *     the parse as out of memory instead of crashing;
 *   - a token longer than a chunk is fed whole: yajl lexes a token cut by
 *     the end of a chunk again from its start, so a 100 MB string fed in
 *     128 KiB chunks would cost quadratic time;
 *   - parsing can start in the middle of a document (after a prefix that
 *     sets up the context, fed without counting), for the trace reader's
 *     second thread.
 */
#ifndef FL_DECODE_JSON_H
#define FL_DECODE_JSON_H

#include <setjmp.h>
#include <stddef.h>

#include "base/buf.h"

typedef enum fl_json_kind {
    FL_JSON_STRING,
    FL_JSON_NUMBER,     /* the number's text, as written (yajl checked its syntax) */
    FL_JSON_TRUE,
    FL_JSON_FALSE,
    FL_JSON_NULL
} fl_json_kind;

/*
 * What a reader is told.  depth is a value's nesting depth: 0 for the root
 * value, d + 1 for the members of a container at depth d.  Text is valid
 * during the call only.  Return 1 to go on, 0 to stop the parse (the
 * reader keeps its own reason).
 */
typedef struct fl_json_handler {
    int (*open)(void *ctx, size_t depth, int array);    /* { or [ */
    int (*close)(void *ctx, size_t depth, int array);   /* } or ] of the container at depth */
    int (*key)(void *ctx, size_t depth, const char *s, size_t n);  /* names the value at depth */
    int (*scalar)(void *ctx, size_t depth, fl_json_kind kind, const char *s, size_t n);
} fl_json_handler;

typedef enum fl_json_status {
    FL_JSON_OK,
    FL_JSON_STOPPED,    /* a handler returned 0 */
    FL_JSON_SYNTAX,     /* malformed JSON: fl_json_message() says where */
    FL_JSON_NOMEM
} fl_json_status;

typedef struct fl_json {
    struct yajl_handle_t *yh;
    const fl_json_handler *handler;
    void *ctx;
    size_t depth;                 /* containers open */
    int root;                     /* -1 nothing yet, 0 object or scalar, 1 array */
    int progress;                 /* a handler was called during the last block */
    int priming;                  /* feeding a prefix that is not part of the source */
    int at_end;                   /* the error, if any, was at the end of the input */

    /* where the next byte fed is in the source */
    unsigned long long offset;    /* of the current block while it is parsed */
    unsigned long long lines;     /* newlines before it */
    unsigned long long line_start;/* offset just after the last of them */
    const char *block;            /* the block being parsed */
    size_t block_len;

    /* a long token: bytes held back until they can be fed whole */
    unsigned long long stalled;   /* bytes fed since a handler was last called */
    fl_buf held;

    /* where a handler stopped the parse: the bytes of the block after the
     * token it was called for (valid until the next feed), and the
     * position just after that token */
    const char *rest;
    size_t rest_len;
    unsigned long long stop_offset, stop_lines, stop_line_start;

    /* an error */
    unsigned long long err_offset, err_line, err_column, err_line_start;
    char err_what[128];

    /* allocations inside yajl */
    jmp_buf oom;
    int nomem;
    void *made[8];                /* what yajl_alloc() got, freed if it fails */
    int nmade, tracking;
} fl_json;

/* @return 0, or -1 out of memory. */
int fl_json_init(fl_json *j, const fl_json_handler *h, void *ctx);
void fl_json_free(fl_json *j);
/* The next byte fed is at this offset of the source, on line lines + 1
 * (0-based count of newlines before it), which starts at line_start. */
void fl_json_position(fl_json *j, unsigned long long offset, unsigned long long lines,
                      unsigned long long line_start);
/* Bytes that are not part of the source but set up its context
 * ("[" or "{\"traceEvents\":["): handlers are called, offsets not moved. */
fl_json_status fl_json_prime(fl_json *j, const char *text, size_t n);
fl_json_status fl_json_feed(fl_json *j, const char *p, size_t n);
/* The source has ended: what was held back is fed and the parse
 * completed.  FL_JSON_SYNTAX with j->at_end set: the document was cut
 * short (depth says how deep). */
fl_json_status fl_json_end(fl_json *j);
/* Positions were counted from lines 0 and line start FL_JSON_UNKNOWN:
 * add what came before (the parse started in the middle of a source). */
#define FL_JSON_UNKNOWN (~0ULL)
void fl_json_rebase(fl_json *j, unsigned long long lines, unsigned long long line_start);
/* In a handler: the source offset just after the current token. */
unsigned long long fl_json_here(const fl_json *j);
/* "malformed JSON at line L, column C (byte N): what", after FL_JSON_SYNTAX. */
void fl_json_message(const fl_json *j, char *buf, size_t size);
/* Newlines in p[0..n), and the offset just after the last one (or
 * *last unchanged when there is none), for positions. */
unsigned long long fl_json_count_lines(const char *p, size_t n, unsigned long long base,
                                       unsigned long long *last);

#endif
