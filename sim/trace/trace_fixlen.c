#include "trace_fixlen.h"

#include <string.h>

#define ETH_HDR 14u
#define FCS_LEN 4u

trace_fix_verdict_t trace_fixlen(uint32_t caplen, uint32_t len, uint32_t fcs_len,
                                 rxtrace_fixlen_t policy, bool pad_short, trace_fix_t *out)
{
    memset(out, 0, sizeof *out);
    if (caplen > len) {
        /* Trust the bytes present: the wire carried at least those. */
        out->caplen_over_len = true;
        len = caplen;
    }
    if (len < fcs_len || len - fcs_len < ETH_HDR || caplen < ETH_HDR)
        return TRACE_FIX_SKIP_NO_HEADER;
    uint32_t orig_data = len - fcs_len;

    if (fcs_len == FCS_LEN && caplen == len) {
        /* A complete frame with its FCS: exactly what the wire carried, runts included. */
        if (len > RXTRACE_MAX_FRAME)
            return TRACE_FIX_SKIP_TOO_LONG;
        out->copy = out->data_len = orig_data;
        out->fcs_captured = true;
        out->flags = RXTRACE_F_FCS_CAPTURED;
        if (len < RXTRACE_MIN_FRAME + FCS_LEN)
            out->flags |= RXTRACE_F_RUNT;
        return TRACE_FIX_SEND;
    }

    /* Any other FCS (partly captured, or not 4 bytes) is dropped; ours is appended. */
    uint32_t avail = caplen < orig_data ? caplen : orig_data;
    uint32_t data_len = orig_data;
    if (avail < orig_data) {
        if (policy == RXTRACE_FIXLEN_AUTO)
            policy = orig_data <= RXTRACE_MAX_FRAME - FCS_LEN ? RXTRACE_FIXLEN_PAD
                                                              : RXTRACE_FIXLEN_CAPTURED;
        switch (policy) {
        case RXTRACE_FIXLEN_AUTO: break; /* resolved above */
        case RXTRACE_FIXLEN_SKIP: return TRACE_FIX_SKIP_TRUNCATED;
        case RXTRACE_FIXLEN_CAPTURED:
            data_len = avail;
            out->flags |= RXTRACE_F_TRUNC_CAPTURED;
            break;
        case RXTRACE_FIXLEN_PAD: out->flags |= RXTRACE_F_TRUNC_PADDED; break;
        }
    }
    if (data_len > RXTRACE_MAX_FRAME - FCS_LEN)
        return TRACE_FIX_SKIP_TOO_LONG;
    if (data_len < RXTRACE_MIN_FRAME) {
        if (pad_short) {
            data_len = RXTRACE_MIN_FRAME;
            out->flags |= RXTRACE_F_SHORT_PADDED;
        } else {
            out->flags |= RXTRACE_F_RUNT;
        }
    }
    out->copy = avail;
    out->data_len = data_len;
    return TRACE_FIX_SEND;
}
