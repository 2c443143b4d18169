/* How long a converted record is on the wire: captured-versus-original
 * length (tcpreplay's fixlen idea), padding of short frames, absurd lengths,
 * and whether the capture's own FCS is kept. */
#ifndef RXSIM_TRACE_FIXLEN_H
#define RXSIM_TRACE_FIXLEN_H

#include <stdbool.h>
#include <stdint.h>

#include "rxtrace.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    TRACE_FIX_SEND,
    TRACE_FIX_SKIP_TRUNCATED, /* caplen < len and policy skip */
    TRACE_FIX_SKIP_NO_HEADER, /* shorter than an Ethernet header */
    TRACE_FIX_SKIP_TOO_LONG,  /* longer than RXTRACE_MAX_FRAME */
} trace_fix_verdict_t;

typedef struct {
    uint32_t copy;        /* captured bytes to copy (header included) */
    uint32_t data_len;    /* frame bytes before the FCS; zero-filled past copy */
    bool fcs_captured;    /* the 4 captured bytes after data_len are the FCS */
    bool caplen_over_len; /* the record claimed fewer bytes than it held */
    uint32_t flags;       /* RXTRACE_F_TRUNC_*, _SHORT_PADDED, _RUNT, _FCS_CAPTURED */
} trace_fix_t;

/* caplen and len are the record's lengths after conversion to Ethernet
 * (header included); fcs_len the FCS bytes the capture says each record
 * carries at its end (0 or more). */
trace_fix_verdict_t trace_fixlen(uint32_t caplen, uint32_t len, uint32_t fcs_len,
                                 rxtrace_fixlen_t policy, bool pad_short, trace_fix_t *out);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_TRACE_FIXLEN_H */
