/* The generator's traffic model: which packets, in which order, at which
 * times. Deterministic for a given configuration (seed included). */
#ifndef RXSIM_GEN_TRAFFIC_H
#define RXSIM_GEN_TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GEN_MAX_PORTS 16
#define GEN_RUNT_PAYLOAD 2u     /* UDP payload of a runt: 48 B on the wire untagged */
#define GEN_OVERSIZE_BYTES 2000u /* oversize frame on the wire, FCS included */
#define GEN_MAX_SIZE 16384u     /* largest --size (the reader's limit) */

typedef enum { GEN_FRAG_IN_ORDER, GEN_FRAG_REVERSE, GEN_FRAG_OVERLAP } gen_frag_order_t;

typedef struct {
    uint64_t count;          /* packets (a fragmented datagram is one) */
    uint32_t size;           /* frame bytes on the wire, FCS included */
    bool imix;               /* 64/594/1518 at 7:4:1 instead of size */
    uint64_t rate_pps;       /* frames per second */
    bool line_rate;          /* back to back at link_bps instead */
    uint64_t link_bps;       /* no frame starts before the previous one ends */
    uint64_t burst_on_ns, burst_off_ns; /* 0 = no bursts */
    uint32_t flows;          /* UDP source ports 10000, 10001, ... */
    uint16_t ports[GEN_MAX_PORTS]; /* UDP destination ports, flow k -> ports[k % nports] */
    unsigned nports;
    double tcp, arp;         /* fractions of packets */
    uint16_t tcp_port;
    /* fractions of TCP segments never sent (their sequence space left as a
     * hole) and sent after the next segment instead of before it */
    double tcp_loss, tcp_reorder;
    uint32_t tcp_psh;        /* PSH on every tcp_psh-th segment (1: all) */
    unsigned frag;           /* fragments per datagram, 0 = none */
    gen_frag_order_t frag_order;
    double frag_fraction;
    unsigned ntags;          /* 0, 1 (802.1Q), 2 (QinQ) */
    uint16_t vid[2];
    double tag_fraction;
    double bad_ip, bad_l4;
    double other_unicast, multicast, broadcast;
    double runt, oversize;
    uint64_t seed;
    uint64_t start_ns;       /* timestamp of the first frame */
    uint8_t nic_mac[6], peer_mac[6], other_mac[6];
    uint32_t nic_ip, peer_ip;
    /* IPv6 (--ip6): this fraction of the UDP packets, and the whole TCP
     * connection, go from peer_ip6 to nic_ip6 over IPv6 (never fragmented,
     * runts or oversize; no header checksum to spoil) */
    bool ip6;
    double ip6_fraction;
    uint8_t peer_ip6[16], nic_ip6[16];
} gen_config_t;

typedef struct {
    uint64_t packets, frames, bytes; /* bytes without FCS, as written */
    uint64_t fragments, tagged;      /* frames */
    uint64_t udp, tcp, arp, bad_ip, bad_l4; /* packets (tcp: segments written) */
    uint64_t ip6;                            /* UDP packets and TCP segments over IPv6 */
    uint64_t tcp_lost, tcp_reordered;       /* TCP segments */
    uint64_t other_unicast, multicast, broadcast, runts, oversize; /* UDP packets */
} gen_counts_t;

/* Receives each frame (no FCS) and its timestamp; nonzero stops the run. */
typedef int (*gen_sink_t)(void *ctx, uint64_t ts_ns, const uint8_t *frame, size_t len);

void gen_config_default(gen_config_t *cfg);

/* NULL if cfg can be generated, otherwise what is wrong with it. */
const char *gen_config_check(const gen_config_t *cfg);

/* 0, or the sink's nonzero return. */
int gen_run(const gen_config_t *cfg, gen_sink_t sink, void *ctx, gen_counts_t *counts);

#ifdef __cplusplus
}
#endif

#endif /* RXSIM_GEN_TRAFFIC_H */
