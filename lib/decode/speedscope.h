/*
 * speedscope.h - speedscope's JSON file format (py-spy --format
 * speedscope, rbspy, Austin, ...) to folded stacks (docs: input-formats,
 * "speedscope JSON"; schema https://www.speedscope.app/file-format-schema.json).
 *
 * The values under the root object's "shared" and "profiles" keys are
 * read as they stream (the JSON reader hands them on); samples and events
 * are kept as frame indexes, so that frames may come before or after the
 * profiles, and turned into stacks when the source has ended.
 */
#ifndef FL_DECODE_SPEEDSCOPE_H
#define FL_DECODE_SPEEDSCOPE_H

#include <stddef.h>
#include <stdint.h>

#include "flame.h"
#include "base/config.h"
#include "base/diag.h"
#include "decode/json.h"
#include "decode/intern.h"
#include "decode/reader.h"

typedef struct fl_ss_frame {
    uint32_t name, file, line;   /* string ids (line: the number's text); FL_INTERN_NONE: absent */
} fl_ss_frame;

typedef struct fl_ss_event {
    double at;
    uint32_t frame;
    int open;                    /* "O" 1, "C" 0, anything else -1 */
    int has_at, has_frame;
} fl_ss_event;

typedef struct fl_ss_profile {
    int type;                    /* FL_SS_SAMPLED, FL_SS_EVENTED, 0 absent, -1 another */
    uint32_t name, unit;         /* string ids or FL_INTERN_NONE */
    uint32_t *frames;            /* every sample's frame indexes, root first, one after another */
    size_t nframes, frames_cap;
    size_t *starts;              /* where each sample begins in frames */
    size_t nsamples, starts_cap;
    double *weights;
    size_t nweights, weights_cap;
    fl_ss_event *events;
    size_t nevents, events_cap;
    int decimals;                /* the most decimals of its weights or times */
} fl_ss_profile;

#define FL_SS_SAMPLED 1
#define FL_SS_EVENTED 2

typedef struct fl_speedscope {
    fl_intern strings;
    fl_ss_frame *frames;
    size_t nframes, frames_cap;
    fl_ss_profile *profiles;
    size_t nprofiles, profiles_cap;
    flame_status status;         /* why a handler stopped the parse */
    char message[256];           /* its detail */
    /* where the parse is, below "shared" or "profiles" (depth 1) */
    int section;                 /* 1 shared, 2 profiles */
    int key2, key3, key4;        /* the keys at depths 2 to 4 */
    int in_frames, in_frame, in_profile, in_samples, in_sample, in_weights, in_events, in_event;
    const char *count_name;      /* valid until fl_speedscope_free() */
} fl_speedscope;

int fl_speedscope_init(fl_speedscope *ss);
void fl_speedscope_free(fl_speedscope *ss);

/* The JSON reader hands on what is under the root's "shared" (section 1)
 * or "profiles" (section 2); depth counts from the root (its members are
 * at depth 1).  Each returns 0 to stop the parse (ss->status says why). */
int fl_speedscope_open(fl_speedscope *ss, int section, size_t depth, int array);
int fl_speedscope_close(fl_speedscope *ss, int section, size_t depth, int array);
int fl_speedscope_key(fl_speedscope *ss, int section, size_t depth, const char *s, size_t n);
int fl_speedscope_scalar(fl_speedscope *ss, int section, size_t depth, fl_json_kind kind,
                         const char *s, size_t n);

/* The stacks, as folded lines; *count_name: what the counts are (the
 * first profile's unit).  Errors in the profiles (a "C" that closes
 * another frame, time going back, a frame that is not there) are
 * FLAME_ERR_INPUT with the detail in diag. */
flame_status fl_speedscope_emit(fl_speedscope *ss, const fl_config *cfg, fl_diag *diag,
                                fl_line_fn emit, void *ctx, const char **count_name);

#endif
