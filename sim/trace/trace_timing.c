#include "trace_timing.h"

#include <math.h>

#define PS_PER_S 1000000000000ull

int trace_timing_init(trace_timing_t *tm, const rxtrace_options_t *opt, const char **why)
{
    *tm = (trace_timing_t){0};
    /* Whole picoseconds per byte keep every start time exact (10 Gb/s: 800 ps). */
    if (opt->link_bps == 0 || (8 * PS_PER_S) % opt->link_bps != 0) {
        *why = "link speed must give a whole number of picoseconds per byte "
               "(e.g. 10M, 100M, 1G, 2.5G, 10G, 25G, 40G, 100G)";
        return -1;
    }
    if (opt->timing == RXTRACE_TIMING_ORIGINAL && !(isfinite(opt->speed) && opt->speed > 0)) {
        *why = "speed factor must be a positive number";
        return -1;
    }
    if (opt->timing == RXTRACE_TIMING_PPS && opt->pps == 0) {
        *why = "packet rate must be positive";
        return -1;
    }
    if (opt->timing == RXTRACE_TIMING_BPS && opt->bps == 0) {
        *why = "bit rate must be positive";
        return -1;
    }
    tm->mode = opt->timing;
    tm->ps_per_byte = 8 * PS_PER_S / opt->link_bps;
    tm->speed = opt->speed;
    tm->pps = opt->pps;
    tm->bps = opt->bps;
    tm->max_gap_ns = opt->max_gap_ns;
    return 0;
}

void trace_timing_new_pass(trace_timing_t *tm)
{
    tm->have_first = false;
    tm->pass_base_ps = tm->wire_free_ps;
    tm->cut_ns = 0;
}

/* Wire time of a frame of len bytes, preamble and IFG included. */
static uint64_t wire_ps(const trace_timing_t *tm, uint32_t len)
{
    return (RXTRACE_PREAMBLE_BYTES + (uint64_t)len + RXTRACE_IFG_BYTES) * tm->ps_per_byte;
}

/* Start times saturate at RXTRACE_MAX_TIME_PS, so the arithmetic cannot wrap
 * whatever a file's timestamps say; the caller stops there. */
static uint64_t saturate(unsigned __int128 ps)
{
    return ps > RXTRACE_MAX_TIME_PS ? RXTRACE_MAX_TIME_PS : (uint64_t)ps;
}

static uint64_t div_ceil128(unsigned __int128 a, uint64_t b)
{
    return saturate((a + b - 1) / b);
}

uint64_t trace_timing_place(trace_timing_t *tm, uint64_t ts_ns, uint32_t len, uint32_t *flags)
{
    uint64_t wire_bits = 8 * (RXTRACE_PREAMBLE_BYTES + (uint64_t)len + RXTRACE_IFG_BYTES);
    uint64_t nominal = tm->wire_free_ps;
    switch (tm->mode) {
    case RXTRACE_TIMING_ORIGINAL:
        if (!tm->have_first) {
            tm->have_first = true;
            tm->first_ts_ns = tm->last_ts_ns = ts_ns;
        }
        if (ts_ns < tm->last_ts_ns) {
            ts_ns = tm->last_ts_ns;
            *flags |= RXTRACE_F_TS_CLAMPED;
        }
        if (tm->max_gap_ns && ts_ns - tm->last_ts_ns > tm->max_gap_ns) {
            tm->cut_ns += ts_ns - tm->last_ts_ns - tm->max_gap_ns;
            *flags |= RXTRACE_F_GAP_SHORTENED;
        }
        tm->last_ts_ns = ts_ns;
        {
            unsigned __int128 delta_ps = (unsigned __int128)(ts_ns - tm->first_ts_ns - tm->cut_ns) * 1000u;
            long double scaled = (long double)delta_ps / tm->speed;
            nominal = tm->speed == 1.0L ? saturate(tm->pass_base_ps + delta_ps)
                    : scaled >= (long double)RXTRACE_MAX_TIME_PS
                          ? RXTRACE_MAX_TIME_PS
                          : saturate(tm->pass_base_ps + (uint64_t)llroundl(scaled));
        }
        break;
    case RXTRACE_TIMING_PPS:
        nominal = div_ceil128((unsigned __int128)tm->frames * PS_PER_S, tm->pps);
        break;
    case RXTRACE_TIMING_BPS:
        nominal = div_ceil128((unsigned __int128)tm->bits * PS_PER_S, tm->bps);
        break;
    case RXTRACE_TIMING_LINE_RATE:
        break;
    }
    uint64_t start = nominal;
    if (start >= RXTRACE_MAX_TIME_PS)
        return RXTRACE_MAX_TIME_PS;
    if (start < tm->wire_free_ps) {
        /* Less than a nanosecond is timestamp rounding, not a busy wire. */
        if (tm->wire_free_ps - start >= RXTRACE_DELAY_TOLERANCE_PS)
            *flags |= RXTRACE_F_DELAYED;
        start = tm->wire_free_ps;
    }
    tm->frames++;
    tm->bits += wire_bits;
    tm->wire_free_ps = start + wire_ps(tm, len);
    return start;
}
