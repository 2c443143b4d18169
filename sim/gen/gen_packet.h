/* Frame builders for the generator: Ethernet with 802.1Q/QinQ tags, IPv4,
 * IPv6, UDP and TCP over either, ARP, and Internet checksums. Each writes at p and returns the
 * bytes written; multi-byte fields are big-endian as on the wire. */
#ifndef RXSIM_GEN_PACKET_H
#define RXSIM_GEN_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GEN_ETH_HDR 14u
#define GEN_TAG_LEN 4u
#define GEN_IPV4_HDR 20u
#define GEN_IPV6_HDR 40u
#define GEN_UDP_HDR 8u
#define GEN_TCP_HDR 20u
#define GEN_ARP_LEN 28u

#define GEN_ETHERTYPE_IPV4 0x0800u
#define GEN_ETHERTYPE_ARP 0x0806u
#define GEN_ETHERTYPE_IPV6 0x86DDu
#define GEN_TPID_8021Q 0x8100u
#define GEN_TPID_8021AD 0x88A8u
#define GEN_PROTO_TCP 6u
#define GEN_PROTO_UDP 17u
#define GEN_TCP_PSH 0x08u
#define GEN_TCP_ACK 0x10u

typedef struct {
    uint8_t dst[6], src[6];
    unsigned ntags;        /* 0, 1 (802.1Q) or 2 (QinQ: 802.1ad outer, 802.1Q inner) */
    uint16_t vid[2];       /* outer first */
} gen_l2_t;

size_t gen_eth(uint8_t *p, const gen_l2_t *l2, uint16_t ethertype);

/* frag is the flags/offset field: offset in 8-byte units, 0x2000 = more fragments. */
size_t gen_ipv4(uint8_t *p, uint16_t total_len, uint16_t id, uint16_t frag, uint8_t proto,
                uint32_t src, uint32_t dst, bool bad_csum);

/* IPv6 fixed header (hop limit 64, no extension headers). */
size_t gen_ipv6(uint8_t *p, uint16_t payload_len, uint8_t next, const uint8_t src[16], const uint8_t dst[16]);

/* UDP header for a datagram whose payload follows at p + 8 (len bytes). */
size_t gen_udp(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t src, uint32_t dst,
               size_t len, bool bad_csum);

/* The same over IPv6: the checksum over RFC 8200's pseudo-header. */
size_t gen_udp6(uint8_t *p, uint16_t sport, uint16_t dport, const uint8_t src[16], const uint8_t dst[16],
                size_t len, bool bad_csum);

/* TCP header (no options, window 65535) for a segment whose payload follows
 * at p + 20; flags as on the wire (GEN_TCP_ACK | GEN_TCP_PSH for data). */
size_t gen_tcp(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
               uint8_t flags, uint32_t src, uint32_t dst, size_t len, bool bad_csum);

size_t gen_tcp6(uint8_t *p, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags,
                const uint8_t src[16], const uint8_t dst[16], size_t len, bool bad_csum);

/* ARP request: sha/spa asks who has tpa. */
size_t gen_arp_request(uint8_t *p, const uint8_t sha[6], uint32_t spa, uint32_t tpa);

/* Internet checksum (RFC 1071) of data, added to a running sum. */
uint32_t gen_csum_add(uint32_t sum, const uint8_t *data, size_t len);
uint16_t gen_csum_fold(uint32_t sum);

/* A checksum that is certainly wrong, and never 0 (UDP's "no checksum"). */
uint16_t gen_csum_spoil(uint16_t good);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_GEN_PACKET_H */
