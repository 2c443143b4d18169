/* Link-layer headers of other capture link types turned into Ethernet
 * headers, so every record becomes a frame the wire can carry. */
#ifndef RXSIM_TRACE_LINKTYPE_H
#define RXSIM_TRACE_LINKTYPE_H

#include <stddef.h>
#include <stdint.h>

#include "rxtrace.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ETH_HDR_LEN 14u

typedef enum {
    TRACE_CONV_OK,
    TRACE_CONV_NO_HEADER,     /* record shorter than its link-layer header */
    TRACE_CONV_UNKNOWN_PROTO, /* no ethertype for its contents */
    TRACE_CONV_OUTGOING,      /* sent by the capturing host, never received */
} trace_conv_t;

/* 0 and *kind for a supported libpcap DLT_ value, -1 otherwise. */
int trace_link_kind(int dlt, rxtrace_linkkind_t *kind);

/* "EN10MB (1), RAW (101), ..." for error messages: LINKTYPE_ numbers. */
const char *trace_link_supported(void);

/* Files carry LINKTYPE_ numbers; libpcap hands out its DLT_ values, which
 * differ for a few types (106, LINKTYPE_ATM_CLIP, is DLT_ATM_CLIP 19 on
 * Linux). These convert, so messages name the number in the file. */
int trace_linktype_of_dlt(int dlt);
int trace_dlt_of_linktype(int linktype);

/* "ATM_CLIP (106)": libpcap's name and the file's LINKTYPE_ number. */
void trace_linktype_name(int linktype, char *out, size_t len);

/* Builds the Ethernet header for a record of link type kind (libpcap value
 * dlt) from its first caplen bytes: eth[0..14) is the header and the frame
 * continues with the record's bytes from *strip on. local/peer MACs are used
 * where the capture has no addresses. */
trace_conv_t trace_to_ethernet(rxtrace_linkkind_t kind, int dlt, const uint8_t *rec,
                               uint32_t caplen, const uint8_t local_mac[6],
                               const uint8_t peer_mac[6], uint8_t eth[ETH_HDR_LEN],
                               uint32_t *strip);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_TRACE_LINKTYPE_H */
