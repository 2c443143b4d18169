#include "trace_linktype.h"

#include <pcap.h>
#include <stdio.h>
#include <string.h>

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

#define ETHERTYPE_IPV4 0x0800u
#define ETHERTYPE_IPV6 0x86DDu
#define ETHERTYPE_MIN 0x0600u /* smaller values are 802.3 lengths, not types */
#define ARPHRD_ETHER 1u

/* Linux cooked-capture packet types (SLL and SLL2). */
enum { SLL_HOST = 0, SLL_BROADCAST = 1, SLL_MULTICAST = 2, SLL_OTHERHOST = 3, SLL_OUTGOING = 4 };

static const uint8_t broadcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t other_mac[6] = RXTRACE_OTHER_MAC;

int trace_link_kind(int dlt, rxtrace_linkkind_t *kind)
{
    switch (dlt) {
    case DLT_EN10MB: *kind = RXTRACE_LT_ETHERNET; return 0;
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6: *kind = RXTRACE_LT_RAW_IP; return 0;
    case DLT_NULL:
    case DLT_LOOP: *kind = RXTRACE_LT_NULL; return 0;
    case DLT_LINUX_SLL: *kind = RXTRACE_LT_SLL; return 0;
    case DLT_LINUX_SLL2: *kind = RXTRACE_LT_SLL2; return 0;
    default: return -1;
    }
}

const char *trace_link_supported(void)
{
    return "EN10MB (1), RAW (101), IPV4 (228), IPV6 (229), NULL (0), LOOP (108), "
           "LINUX_SLL (113), LINUX_SLL2 (276)";
}

/* libpcap (1.10, pcap-common.c: linktype_to_dlt) maps these LINKTYPE_
 * numbers to other DLT_ values on Linux; every other number is the same in
 * both (tests/sim/trace/linktype_test.cpp checks this against libpcap). */
static const struct { int linktype, dlt; } renumbered[] = {
    {100, 11}, /* ATM_RFC1483 */
    {101, 12}, /* RAW */
    {102, 15}, /* SLIP_BSDOS */
    {103, 16}, /* PPP_BSDOS */
    {106, 19}, /* ATM_CLIP */
};

int trace_linktype_of_dlt(int dlt)
{
    for (size_t i = 0; i < sizeof renumbered / sizeof renumbered[0]; i++)
        if (renumbered[i].dlt == dlt)
            return renumbered[i].linktype;
    return dlt;
}

int trace_dlt_of_linktype(int linktype)
{
    for (size_t i = 0; i < sizeof renumbered / sizeof renumbered[0]; i++)
        if (renumbered[i].linktype == linktype)
            return renumbered[i].dlt;
    return linktype;
}

void trace_linktype_name(int linktype, char *out, size_t len)
{
    const char *name = pcap_datalink_val_to_name(trace_dlt_of_linktype(linktype));
    snprintf(out, len, "%s (%d)", name ? name : "unknown", linktype);
}

static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static void put_header(uint8_t eth[ETH_HDR_LEN], const uint8_t dst[6], const uint8_t src[6],
                       uint16_t type)
{
    memcpy(eth, dst, 6);
    memcpy(eth + 6, src, 6);
    eth[12] = (uint8_t)(type >> 8);
    eth[13] = (uint8_t)type;
}

/* Ethertype from the IP version nibble; 0 if neither 4 nor 6. */
static uint16_t ip_ethertype(const uint8_t *ip, uint32_t len)
{
    if (len < 1)
        return 0;
    switch (ip[0] >> 4) {
    case 4: return ETHERTYPE_IPV4;
    case 6: return ETHERTYPE_IPV6;
    default: return 0;
    }
}

/* Group MAC for an IP multicast destination (RFC 1112 / RFC 2464), or the
 * all-hosts group when the destination address was not captured. */
static void multicast_mac(uint16_t type, const uint8_t *ip, uint32_t len, uint8_t mac[6])
{
    if (type == ETHERTYPE_IPV6) {
        const uint8_t base[6] = {0x33, 0x33, 0, 0, 0, 1};
        memcpy(mac, base, 6);
        if (len >= 40)
            memcpy(mac + 2, ip + 36, 4);
    } else {
        const uint8_t base[6] = {0x01, 0x00, 0x5e, 0, 0, 1};
        memcpy(mac, base, 6);
        if (type == ETHERTYPE_IPV4 && len >= 20) {
            mac[3] = ip[17] & 0x7f;
            mac[4] = ip[18];
            mac[5] = ip[19];
        }
    }
}

/* BSD loopback: 4-byte address family, big-endian for DLT_LOOP and in the
 * capturing host's byte order for DLT_NULL, where the smaller of the two
 * readings is the family. AF_INET is 2 everywhere; AF_INET6 is 10 (Linux),
 * 23 (Windows), 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS). */
static uint16_t null_ethertype(const uint8_t *p, int big_endian_only)
{
    uint32_t be = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    uint32_t le = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    uint32_t af = (big_endian_only || be < le) ? be : le;
    switch (af) {
    case 2: return ETHERTYPE_IPV4;
    case 10: case 23: case 24: case 28: case 30: return ETHERTYPE_IPV6;
    default: return 0;
    }
}

/* Linux cooked captures: the packet type says who the frame was for; the
 * link-layer address, when it is an Ethernet one, is the sender's. */
static trace_conv_t cooked(uint8_t pkttype, uint16_t hatype, uint16_t halen,
                           const uint8_t *addr, uint16_t proto, const uint8_t *payload,
                           uint32_t paylen, const uint8_t local_mac[6],
                           const uint8_t peer_mac[6], uint8_t eth[ETH_HDR_LEN])
{
    if (pkttype == SLL_OUTGOING)
        return TRACE_CONV_OUTGOING;
    if (proto < ETHERTYPE_MIN)
        return TRACE_CONV_UNKNOWN_PROTO;
    uint8_t dst[6];
    switch (pkttype) {
    case SLL_BROADCAST: memcpy(dst, broadcast_mac, 6); break;
    case SLL_MULTICAST: multicast_mac(proto, payload, paylen, dst); break;
    case SLL_OTHERHOST: memcpy(dst, other_mac, 6); break;
    default: memcpy(dst, local_mac, 6); break;
    }
    const uint8_t *src = (hatype == ARPHRD_ETHER && halen == 6) ? addr : peer_mac;
    put_header(eth, dst, src, proto);
    return TRACE_CONV_OK;
}

trace_conv_t trace_to_ethernet(rxtrace_linkkind_t kind, int dlt, const uint8_t *rec,
                               uint32_t caplen, const uint8_t local_mac[6],
                               const uint8_t peer_mac[6], uint8_t eth[ETH_HDR_LEN],
                               uint32_t *strip)
{
    uint16_t type;
    switch (kind) {
    case RXTRACE_LT_ETHERNET:
        if (caplen < ETH_HDR_LEN)
            return TRACE_CONV_NO_HEADER;
        memcpy(eth, rec, ETH_HDR_LEN);
        *strip = ETH_HDR_LEN;
        return TRACE_CONV_OK;
    case RXTRACE_LT_RAW_IP:
        if (caplen < 1)
            return TRACE_CONV_NO_HEADER;
        type = dlt == DLT_IPV4 ? ETHERTYPE_IPV4
             : dlt == DLT_IPV6 ? ETHERTYPE_IPV6
                               : ip_ethertype(rec, caplen);
        if (!type)
            return TRACE_CONV_UNKNOWN_PROTO;
        put_header(eth, local_mac, peer_mac, type);
        *strip = 0;
        return TRACE_CONV_OK;
    case RXTRACE_LT_NULL:
        if (caplen < 4)
            return TRACE_CONV_NO_HEADER;
        type = null_ethertype(rec, dlt == DLT_LOOP);
        if (!type)
            return TRACE_CONV_UNKNOWN_PROTO;
        put_header(eth, local_mac, peer_mac, type);
        *strip = 4;
        return TRACE_CONV_OK;
    case RXTRACE_LT_SLL:
        /* type(2) hatype(2) halen(2) addr(8) protocol(2) */
        if (caplen < 16)
            return TRACE_CONV_NO_HEADER;
        *strip = 16;
        return cooked((uint8_t)be16(rec), be16(rec + 2), be16(rec + 4), rec + 6,
                      be16(rec + 14), rec + 16, caplen - 16, local_mac, peer_mac, eth);
    case RXTRACE_LT_SLL2:
        /* protocol(2) reserved(2) ifindex(4) hatype(2) pkttype(1) halen(1) addr(8) */
        if (caplen < 20)
            return TRACE_CONV_NO_HEADER;
        *strip = 20;
        return cooked(rec[10], be16(rec + 8), rec[11], rec + 12, be16(rec), rec + 20,
                      caplen - 20, local_mac, peer_mac, eth);
    case RXTRACE_LT_COUNT:
        break;
    }
    return TRACE_CONV_UNKNOWN_PROTO;
}
