/*
 * trace.h - Chrome's Trace Event format (Viztracer, Chrome, Perfetto's
 * JSON, py-spy chrometrace) to folded stacks (docs: input-formats, "Trace
 * Event format").
 *
 * Events are read into compact records, one per X, B or E event, kept per
 * thread (trace_events.c); nothing of the JSON text stays.  When the
 * source has ended, each thread's timeline is put in order, nested by
 * containment and its self times added up per stack (trace.c).  The events
 * array of a large trace is read by two threads (trace_split.c).
 */
#ifndef FL_DECODE_TRACE_H
#define FL_DECODE_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "flame.h"
#include "base/buf.h"
#include "base/config.h"
#include "base/diag.h"
#include "decode/json.h"
#include "decode/intern.h"
#include "decode/reader.h"

/* One X, B or E event: 24 bytes, times in integer nanoseconds. */
typedef struct fl_trace_ev {
    int64_t ts;          /* start; B and E: when */
    int64_t dur;         /* X: duration (end = ts + dur never overflows); B: set when paired */
    uint32_t name;       /* FL_EV_B or FL_EV_E, or'ed with the name's id */
    uint32_t seq;        /* place in its thread's events in file order (set at the end) */
} fl_trace_ev;

#define FL_EV_B ((uint32_t)1 << 30)
#define FL_EV_E ((uint32_t)2 << 30)
#define FL_EV_KIND(x) ((x) & ((uint32_t)3 << 30))
#define FL_EV_NAME(x) ((x) & (FL_INTERN_MAX - 1))

typedef struct fl_trace_block {
    struct fl_trace_block *next;
    uint32_t n, cap;
    fl_trace_ev ev[];
} fl_trace_block;

/* Blocks of a busy thread are mapped, not taken from malloc, so that
 * freeing them (as they are copied out at the end) gives the memory back
 * whichever thread allocated them.  NULL: out of memory. */
fl_trace_block *fl_trace_block_new(uint32_t cap);
void fl_trace_block_free(fl_trace_block *b);

/* A thread, or a process when tid is FL_TRACE_PROCESS. */
#define FL_TRACE_PROCESS (UINT32_MAX - 1)

typedef struct fl_trace_thread {
    uint32_t pid, tid;       /* ids of their text; FL_INTERN_NONE when absent */
    uint32_t name;           /* thread_name (process_name), or FL_INTERN_NONE */
    uint64_t first;          /* file order of its first X, B or E event; UINT64_MAX: none */
    uint64_t nev;            /* events kept */
    uint64_t nbe;            /* of which B or E */
    fl_trace_block *head, *tail;
} fl_trace_thread;

/* The events read from (a stretch of) a trace. */
typedef struct fl_trace_part {
    fl_intern strings;       /* names, pid and tid texts, thread and process names */
    uint32_t id_thread_name, id_process_name;
    fl_trace_thread *threads;
    uint32_t nthreads, cap;
    uint32_t *slots;         /* (pid, tid) -> thread + 1 */
    size_t nslots;
    uint64_t nevents;        /* X, B and E kept */
} fl_trace_part;

int fl_trace_part_init(fl_trace_part *p);
/* The thread (pid, tid) if the part has it, else NULL. */
fl_trace_thread *fl_trace_thread_find(fl_trace_part *p, uint32_t pid, uint32_t tid);
void fl_trace_part_free(fl_trace_part *p);
struct fl_trace_reader;
/* Move what from holds (read after everything in into) into into; from is
 * left empty.  reader (or NULL): a reader of from that goes on reading into
 * into, whose event under way names strings of from.
 * @return 0, or -1 out of memory. */
int fl_trace_part_merge(fl_trace_part *into, fl_trace_part *from, struct fl_trace_reader *reader);

/*
 * Reading the elements of one events array into a part: a handler for
 * fl_json whose depth 0 is the array (as after fl_json_prime(j, "[", 1)).
 * It stops the parse at the array's "]".
 */
/* The last pid or tid text and its id. */
typedef struct fl_trace_idcache {
    const fl_trace_part *part;   /* whose id; NULL: empty */
    size_t len;
    uint32_t id;
    char text[24];
} fl_trace_idcache;

typedef struct fl_trace_reader {
    fl_trace_part *part;
    const fl_json *json;     /* for offsets */
    flame_status status;     /* why a handler stopped the parse (FLAME_OK: the array ended) */
    int ended;               /* the array's "]" was read ... */
    unsigned long long end_at;   /* ... at this offset */
    unsigned long long last_close;  /* offset just after the last event's "}" */
    uint64_t tokens;         /* tokens since then */

    /* the event being read */
    int in_event, in_args, key, args_key;
    int phase;               /* 'X', 'B', 'E', 'M', or 0 (another or none) */
    int ts_state, dur_state; /* 0 absent, 1 a usable number, -1 anything else */
    int64_t ts, dur;
    uint32_t name, pid, tid, args_name;   /* string ids or FL_INTERN_NONE */
    fl_trace_idcache pid_cache, tid_cache;
} fl_trace_reader;

extern const fl_json_handler fl_trace_events_handler;
void fl_trace_reader_init(fl_trace_reader *r, fl_trace_part *part, const fl_json *json);

/*
 * A JSON number as integer nanoseconds from microseconds: round(v * 1000),
 * halves away from zero, exact for any decimal text.
 * @return 0, or -1 when the result does not fit in 64 bits.
 */
int fl_trace_ns(const char *s, size_t n, int64_t *out);

/*
 * The stacks of everything read (trace.c): per thread, B and E paired,
 * intervals ordered and nested, self time per stack in microseconds (or
 * with --flamechart the timeline), as folded lines.  The part's events are
 * freed as they are used.
 */
flame_status fl_trace_emit(fl_trace_part *p, const fl_config *cfg, fl_diag *diag,
                           fl_line_fn emit, void *ctx);

/* ---- trace_split.c: the events array read by two threads --------------- */

typedef struct fl_trace_split fl_trace_split;

/* Reading the events array whose "[" ends at offset (lines, line_start:
 * as fl_json_position()) into part.  NULL: out of memory. */
fl_trace_split *fl_trace_split_new(fl_trace_part *part, unsigned long long offset,
                                   unsigned long long lines, unsigned long long line_start);
void fl_trace_split_free(fl_trace_split *s);

typedef struct fl_split_result {
    flame_status status;     /* FLAME_OK, FLAME_ERR_INPUT (message), FLAME_ERR_NOMEM */
    int done;                /* the array's "]" was read: */
    const char *rest;        /* the bytes from the "]" on (valid until the next call) */
    size_t rest_len;
    unsigned long long offset, lines, line_start;   /* where rest begins */
    char message[256];       /* FLAME_ERR_INPUT */
} fl_split_result;

/* More bytes of the array.  When res->done, the split is over. */
void fl_trace_split_feed(fl_trace_split *s, const char *p, size_t n, fl_split_result *res);
/*
 * The source has ended inside the array.  open_ok: a bare array may end
 * without its "]" (then res->status is FLAME_OK unless an event was cut).
 */
void fl_trace_split_end(fl_trace_split *s, int open_ok, fl_split_result *res);
/* For tests: the size of the stretches given to each thread. */
void fl_trace_split_set_segment(size_t bytes);

#endif
