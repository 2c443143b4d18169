#include "gen_packet.h"

#include <string.h>

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

uint32_t gen_csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(data[i] << 8 | data[i + 1]);
    if (len & 1)
        sum += (uint32_t)data[len - 1] << 8;
    return sum;
}

uint16_t gen_csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xFFFFu) + (sum >> 16);
    return (uint16_t)~sum;
}

uint16_t gen_csum_spoil(uint16_t good)
{
    /* +1 changes the one's-complement value except 0xFFFF -> 0 (both zero). */
    uint16_t bad = (uint16_t)(good + 1);
    return bad == 0 ? 1 : bad;
}

size_t gen_eth(uint8_t *p, const gen_l2_t *l2, uint16_t ethertype)
{
    memcpy(p, l2->dst, 6);
    memcpy(p + 6, l2->src, 6);
    size_t off = 12;
    for (unsigned i = 0; i < l2->ntags; i++) {
        bool outer_of_two = l2->ntags == 2 && i == 0;
        put16(p + off, outer_of_two ? GEN_TPID_8021AD : GEN_TPID_8021Q);
        put16(p + off + 2, l2->vid[i] & 0x0FFFu);
        off += GEN_TAG_LEN;
    }
    put16(p + off, ethertype);
    return off + 2;
}

size_t gen_ipv4(uint8_t *p, uint16_t total_len, uint16_t id, uint16_t frag, uint8_t proto,
                uint32_t src, uint32_t dst, bool bad_csum)
{
    p[0] = 0x45; /* version 4, 20-byte header */
    p[1] = 0;
    put16(p + 2, total_len);
    put16(p + 4, id);
    put16(p + 6, frag);
    p[8] = 64; /* TTL */
    p[9] = proto;
    put16(p + 10, 0);
    put32(p + 12, src);
    put32(p + 16, dst);
    uint16_t csum = gen_csum_fold(gen_csum_add(0, p, GEN_IPV4_HDR));
    put16(p + 10, bad_csum ? gen_csum_spoil(csum) : csum);
    return GEN_IPV4_HDR;
}

/* Sum of the IPv4 pseudo-header of RFC 768 / RFC 793. */
static uint32_t pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto, size_t l4_len)
{
    uint8_t ph[12];
    put32(ph, src);
    put32(ph + 4, dst);
    ph[8] = 0;
    ph[9] = proto;
    put16(ph + 10, (uint16_t)l4_len);
    return gen_csum_add(0, ph, sizeof ph);
}

/* Sum of the IPv6 pseudo-header of RFC 8200 section 8.1. */
static uint32_t pseudo_sum6(const uint8_t src[16], const uint8_t dst[16], uint8_t proto, size_t l4_len)
{
    uint8_t ph[40] = {0};
    memcpy(ph, src, 16);
    memcpy(ph + 16, dst, 16);
    put32(ph + 32, (uint32_t)l4_len);
    ph[39] = proto;
    return gen_csum_add(0, ph, sizeof ph);
}

static size_t udp_header(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t pseudo, size_t len, bool bad_csum)
{
    size_t l4_len = GEN_UDP_HDR + len;
    put16(p, sport);
    put16(p + 2, dport);
    put16(p + 4, (uint16_t)l4_len);
    put16(p + 6, 0);
    uint16_t csum = gen_csum_fold(gen_csum_add(pseudo, p, l4_len));
    if (csum == 0)
        csum = 0xFFFF; /* RFC 768: a computed zero is sent as all ones */
    put16(p + 6, bad_csum ? gen_csum_spoil(csum) : csum);
    return GEN_UDP_HDR;
}

size_t gen_udp(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t src, uint32_t dst,
               size_t len, bool bad_csum)
{
    return udp_header(p, sport, dport, pseudo_sum(src, dst, GEN_PROTO_UDP, GEN_UDP_HDR + len), len, bad_csum);
}

size_t gen_udp6(uint8_t *p, uint16_t sport, uint16_t dport, const uint8_t src[16], const uint8_t dst[16],
                size_t len, bool bad_csum)
{
    return udp_header(p, sport, dport, pseudo_sum6(src, dst, GEN_PROTO_UDP, GEN_UDP_HDR + len), len, bad_csum);
}

static size_t tcp_header(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
                         uint32_t pseudo, size_t len, bool bad_csum)
{
    size_t l4_len = GEN_TCP_HDR + len;
    put16(p, sport);
    put16(p + 2, dport);
    put32(p + 4, seq);
    put32(p + 8, ack);
    p[12] = (GEN_TCP_HDR / 4) << 4;
    p[13] = flags;
    put16(p + 14, 65535); /* window */
    put16(p + 16, 0);
    put16(p + 18, 0);
    uint16_t csum = gen_csum_fold(gen_csum_add(pseudo, p, l4_len));
    put16(p + 16, bad_csum ? gen_csum_spoil(csum) : csum);
    return GEN_TCP_HDR;
}

size_t gen_tcp(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
               uint8_t flags, uint32_t src, uint32_t dst, size_t len, bool bad_csum)
{
    return tcp_header(p, sport, dport, seq, ack, flags, pseudo_sum(src, dst, GEN_PROTO_TCP, GEN_TCP_HDR + len), len,
                      bad_csum);
}

size_t gen_tcp6(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
                const uint8_t src[16], const uint8_t dst[16], size_t len, bool bad_csum)
{
    return tcp_header(p, sport, dport, seq, ack, flags, pseudo_sum6(src, dst, GEN_PROTO_TCP, GEN_TCP_HDR + len), len,
                      bad_csum);
}

size_t gen_ipv6(uint8_t *p, uint16_t payload_len, uint8_t next, const uint8_t src[16], const uint8_t dst[16])
{
    put32(p, 0x60000000u); /* version 6, traffic class 0, flow label 0 */
    put16(p + 4, payload_len);
    p[6] = next;
    p[7] = 64; /* hop limit */
    memcpy(p + 8, src, 16);
    memcpy(p + 24, dst, 16);
    return GEN_IPV6_HDR;
}

size_t gen_arp_request(uint8_t *p, const uint8_t sha[6], uint32_t spa, uint32_t tpa)
{
    put16(p, 1);      /* hardware: Ethernet */
    put16(p + 2, GEN_ETHERTYPE_IPV4);
    p[4] = 6;
    p[5] = 4;
    put16(p + 6, 1);  /* request */
    memcpy(p + 8, sha, 6);
    put32(p + 14, spa);
    memset(p + 18, 0, 6);
    put32(p + 24, tpa);
    return GEN_ARP_LEN;
}
