/* When each frame's preamble starts on the wire, in picoseconds. The wire
 * is never overcommitted: a frame starts no earlier than the previous start
 * plus (8 + len + 12) bytes at the link speed. */
#ifndef RXSIM_TRACE_TIMING_H
#define RXSIM_TRACE_TIMING_H

#include <stdbool.h>
#include <stdint.h>

#include "rxtrace.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    rxtrace_timing_t mode;
    uint64_t ps_per_byte;   /* at the link speed */
    long double speed;
    uint64_t pps, bps;
    uint64_t frames;        /* frames placed so far (all passes) */
    uint64_t bits;          /* wire bits placed so far (BPS pacing) */
    uint64_t wire_free_ps;  /* when the previous frame's IFG ends */
    bool have_first;        /* this pass has placed a frame */
    uint64_t first_ts_ns, last_ts_ns;
    uint64_t max_gap_ns;    /* 0: pauses kept */
    uint64_t cut_ns;        /* capture time this pass's shortened pauses removed */
    uint64_t pass_base_ps;  /* where this pass's timeline starts (ORIGINAL) */
} trace_timing_t;

/* 0, or -1 if the options cannot be timed (message in *why). */
int trace_timing_init(trace_timing_t *tm, const rxtrace_options_t *opt, const char **why);

/* A new pass over the file: its first frame starts when the wire is free. */
void trace_timing_new_pass(trace_timing_t *tm);

/* Places a frame of len bytes (FCS included) captured at ts_ns; returns its
 * start and adds RXTRACE_F_TS_CLAMPED / _DELAYED / _GAP_SHORTENED to *flags.
 * A start that would pass RXTRACE_MAX_TIME_PS comes back as exactly that, and
 * the wire is left as it was. */
uint64_t trace_timing_place(trace_timing_t *tm, uint64_t ts_ns, uint32_t len, uint32_t *flags);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_TRACE_TIMING_H */
