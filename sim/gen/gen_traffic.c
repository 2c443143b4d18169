#include "gen_traffic.h"

#include <string.h>

#include "gen_packet.h"
#include "rxtrace.h"

#define PS_PER_S 1000000000000ull
#define FCS_LEN 4u
#define MIN_FRAME 60u          /* without FCS: a sending NIC pads to this */
#define UDP_SPORT_BASE 10000u
#define TCP_SPORT 40000u
#define TCP_ISN 1000u
#define MCAST_IP 0xEF010101u   /* 239.1.1.1 */
#define BCAST_IP 0xFFFFFFFFu

static const uint8_t bcast_mac[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t mcast_mac[6] = {0x01, 0x00, 0x5e, 0x01, 0x01, 0x01}; /* 239.1.1.1 */

void gen_config_default(gen_config_t *cfg)
{
    static const uint8_t nic[6] = RXTRACE_NIC_MAC, peer[6] = RXTRACE_PEER_MAC,
                         other[6] = RXTRACE_OTHER_MAC;
    *cfg = (gen_config_t){
        .count = 1000,
        .size = 64,
        .rate_pps = 100000,
        .link_bps = 10000000000ull,
        .flows = 1,
        .ports = {9000},
        .nports = 1,
        .tcp_port = 5001,
        .tcp_psh = 1,
        .frag_order = GEN_FRAG_IN_ORDER,
        .frag_fraction = 1.0,
        .tag_fraction = 1.0,
        .seed = 1,
        .start_ns = 1767225600ull * 1000000000ull, /* 2026-01-01T00:00:00Z */
        .nic_ip = RXTRACE_NIC_IP,
        .peer_ip = RXTRACE_PEER_IP,
        .ip6_fraction = 1.0,
    };
    memcpy(cfg->nic_mac, nic, 6);
    memcpy(cfg->peer_mac, peer, 6);
    memcpy(cfg->other_mac, other, 6);
}

static bool is_fraction(double f) { return f >= 0.0 && f <= 1.0; }

const char *gen_config_check(const gen_config_t *c)
{
    if (!c->imix && (c->size < 64 || c->size > GEN_MAX_SIZE))
        return "size must be 64..16384 bytes (FCS included)";
    if (!c->line_rate && c->rate_pps == 0)
        return "rate must be positive";
    if (c->link_bps == 0 || (8 * PS_PER_S) % c->link_bps != 0)
        return "link speed must give a whole number of picoseconds per byte";
    if (c->flows == 0 || c->flows > 50000)
        return "flows must be 1..50000";
    if (c->nports == 0 || c->nports > GEN_MAX_PORTS)
        return "1 to 16 destination ports";
    if (c->frag == 1 || c->frag > 16)
        return "fragments per datagram must be 2..16";
    if (c->ntags > 2 || c->vid[0] > 4095 || c->vid[1] > 4095)
        return "VLAN IDs must be 0..4095";
    const double *fr[] = {&c->tcp, &c->arp, &c->frag_fraction, &c->tag_fraction, &c->bad_ip,
                          &c->bad_l4, &c->other_unicast, &c->multicast, &c->broadcast,
                          &c->runt, &c->oversize, &c->tcp_loss, &c->tcp_reorder, &c->ip6_fraction};
    for (size_t i = 0; i < sizeof fr / sizeof fr[0]; i++)
        if (!is_fraction(*fr[i]))
            return "fractions must be between 0 and 1";
    if (c->tcp + c->arp > 1.0)
        return "--tcp and --arp fractions add up to more than 1";
    if (c->other_unicast + c->multicast + c->broadcast > 1.0)
        return "--other-unicast, --multicast and --broadcast add up to more than 1";
    if (c->runt + c->oversize > 1.0)
        return "--runt and --oversize add up to more than 1";
    if (c->tcp_loss + c->tcp_reorder > 1.0)
        return "--tcp-loss and --tcp-reorder add up to more than 1";
    if (c->tcp_psh == 0)
        return "--tcp-psh must be at least 1";
    return NULL;
}

/* splitmix64: small, seedable, identical on every platform. */
static uint64_t next_u64(uint64_t *state)
{
    uint64_t x = (*state += 0x9E3779B97F4A7C15ull);
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static double next_unit(uint64_t *state) { return (double)(next_u64(state) >> 11) * 0x1.0p-53; }

/* Everything decided about one packet, drawn in a fixed order so that a
 * change to one option does not reshuffle the others' choices. */
typedef struct {
    enum { KIND_UDP, KIND_TCP, KIND_ARP } kind;
    uint32_t size;
    enum { DST_LOCAL, DST_OTHER, DST_MCAST, DST_BCAST } dst;
    bool tagged, bad_ip, bad_l4, runt, oversize, fragment;
} packet_plan_t;

static packet_plan_t plan_packet(const gen_config_t *c, uint64_t *rng)
{
    packet_plan_t p = {0};
    double u = next_unit(rng);
    p.kind = u < c->arp ? KIND_ARP : u < c->arp + c->tcp ? KIND_TCP : KIND_UDP;
    double s = next_unit(rng) * 12.0;
    p.size = !c->imix ? c->size : s < 7.0 ? 64 : s < 11.0 ? 594 : 1518;
    double d = next_unit(rng);
    p.dst = d < c->other_unicast                               ? DST_OTHER
          : d < c->other_unicast + c->multicast                ? DST_MCAST
          : d < c->other_unicast + c->multicast + c->broadcast ? DST_BCAST
                                                               : DST_LOCAL;
    p.tagged = c->ntags > 0 && next_unit(rng) < c->tag_fraction;
    p.bad_ip = next_unit(rng) < c->bad_ip;
    p.bad_l4 = next_unit(rng) < c->bad_l4;
    double r = next_unit(rng);
    p.runt = r < c->runt;
    p.oversize = !p.runt && r < c->runt + c->oversize;
    p.fragment = c->frag > 0 && next_unit(rng) < c->frag_fraction;
    return p;
}

typedef struct {
    const gen_config_t *cfg;
    gen_sink_t sink;
    void *ctx;
    gen_counts_t *counts;
    uint64_t ps_per_byte;
    uint64_t active_ps;      /* time on the sending timeline, bursts' off periods excluded */
    uint64_t next_free_ps;   /* on that timeline, when the wire is free again */
    bool tagged;             /* the frame being built carries VLAN tags */
    uint8_t frame[GEN_MAX_SIZE];
    /* A TCP segment held back to go after the next one (--tcp-reorder). */
    bool held;
    packet_plan_t held_plan;
    uint16_t held_id;
    size_t held_len;
    uint8_t held_l4[GEN_MAX_SIZE];
} run_t;

/* Wall time of a point on the sending timeline: an off period follows every
 * burst_on of sending. */
static uint64_t wall_ps(const gen_config_t *c, uint64_t active_ps)
{
    uint64_t on = c->burst_on_ns * 1000u, off = c->burst_off_ns * 1000u;
    if (on == 0)
        return active_ps;
    return active_ps / on * (on + off) + active_ps % on;
}

static int emit(run_t *r, size_t len, bool pad)
{
    const gen_config_t *c = r->cfg;
    if (pad && len < MIN_FRAME) {
        memset(r->frame + len, 0, MIN_FRAME - len);
        len = MIN_FRAME;
    }
    uint64_t frames = r->counts->frames;
    uint64_t start = r->next_free_ps;
    if (!c->line_rate) {
        uint64_t nominal = (uint64_t)(((unsigned __int128)frames * PS_PER_S + c->rate_pps - 1) / c->rate_pps);
        if (nominal > start)
            start = nominal;
    }
    r->next_free_ps = start + (RXTRACE_PREAMBLE_BYTES + len + FCS_LEN + RXTRACE_IFG_BYTES) * r->ps_per_byte;
    /* Truncated to the nanosecond: replay never starts a frame before the
     * previous one has left the wire, so the exact spacing comes back. */
    uint64_t ts_ns = c->start_ns + wall_ps(c, start) / 1000;
    r->counts->frames++;
    r->counts->tagged += r->tagged;
    r->counts->bytes += len;
    return r->sink(r->ctx, ts_ns, r->frame, len);
}

static void fill_payload(uint8_t *p, size_t len, uint64_t packet)
{
    for (size_t i = 0; i < len; i++)
        p[i] = (uint8_t)i;
    /* The packet number first, so a receiver can check payloads end to end. */
    for (size_t i = 0; i < 8 && i < len; i++)
        p[i] = (uint8_t)(packet >> (56 - 8 * i));
}

/* Writes the Ethernet header (and tags) at the start of the frame; returns its length. */
static size_t l2_header(run_t *r, const packet_plan_t *p, const uint8_t *dst, uint16_t type)
{
    const gen_config_t *c = r->cfg;
    gen_l2_t l2 = {.ntags = p->tagged ? c->ntags : 0, .vid = {c->vid[0], c->vid[1]}};
    r->tagged = l2.ntags > 0;
    memcpy(l2.dst, dst, 6);
    memcpy(l2.src, c->peer_mac, 6);
    return gen_eth(r->frame, &l2, type);
}

/* Sends an IPv4 packet whose L4 bytes are l4[0..l4_len), whole or in fragments. */
static int send_ipv4(run_t *r, const packet_plan_t *p, const uint8_t *dst_mac, uint32_t dst_ip,
                     uint8_t proto, const uint8_t *l4, size_t l4_len, uint16_t id, bool pad)
{
    const gen_config_t *c = r->cfg;
    size_t l2 = l2_header(r, p, dst_mac, GEN_ETHERTYPE_IPV4);
    if (!p->fragment || p->runt) {
        gen_ipv4(r->frame + l2, (uint16_t)(GEN_IPV4_HDR + l4_len), id, 0, proto, c->peer_ip,
                 dst_ip, p->bad_ip);
        memcpy(r->frame + l2 + GEN_IPV4_HDR, l4, l4_len);
        return emit(r, l2 + GEN_IPV4_HDR + l4_len, pad);
    }
    /* Every fragment but the last carries a multiple of 8 bytes. */
    size_t chunk = ((l4_len + c->frag - 1) / c->frag + 7) & ~(size_t)7;
    size_t nfrag = (l4_len + chunk - 1) / chunk;
    for (size_t i = 0; i < nfrag; i++) {
        size_t k = c->frag_order == GEN_FRAG_REVERSE ? nfrag - 1 - i : i;
        size_t off = k * chunk;
        if (c->frag_order == GEN_FRAG_OVERLAP && k > 0)
            off -= 8; /* repeat the previous fragment's last 8 bytes */
        size_t end = (k + 1) * chunk < l4_len ? (k + 1) * chunk : l4_len;
        uint16_t field = (uint16_t)(off / 8) | (k + 1 < nfrag ? 0x2000u : 0u);
        gen_ipv4(r->frame + l2, (uint16_t)(GEN_IPV4_HDR + end - off), id, field, proto,
                 c->peer_ip, dst_ip, p->bad_ip);
        memcpy(r->frame + l2 + GEN_IPV4_HDR, l4 + off, end - off);
        r->counts->fragments++;
        int rc = emit(r, l2 + GEN_IPV4_HDR + end - off, true);
        if (rc)
            return rc;
    }
    return 0;
}

/* Sends an IPv6 packet (no extension headers) from peer_ip6 to dst_ip6. */
static int send_ipv6(run_t *r, const packet_plan_t *p, const uint8_t *dst_mac, const uint8_t *dst_ip6,
                     uint8_t proto, const uint8_t *l4, size_t l4_len)
{
    size_t l2 = l2_header(r, p, dst_mac, GEN_ETHERTYPE_IPV6);
    gen_ipv6(r->frame + l2, (uint16_t)l4_len, proto, r->cfg->peer_ip6, dst_ip6);
    memcpy(r->frame + l2 + GEN_IPV6_HDR, l4, l4_len);
    return emit(r, l2 + GEN_IPV6_HDR + l4_len, true);
}

/* A TCP segment to the host, over IPv6 with --ip6. */
static int send_segment(run_t *r, const packet_plan_t *p, const uint8_t *l4, size_t l4_len, uint16_t id)
{
    const gen_config_t *c = r->cfg;
    r->counts->tcp++;
    r->counts->ip6 += c->ip6;
    if (c->ip6)
        return send_ipv6(r, p, c->nic_mac, c->nic_ip6, GEN_PROTO_TCP, l4, l4_len);
    return send_ipv4(r, p, c->nic_mac, c->nic_ip, GEN_PROTO_TCP, l4, l4_len, id, true);
}

/* Payload bytes that make a frame of wire bytes (FCS included); none if the
 * headers alone are longer (tags on a 64-byte TCP segment). */
static size_t payload_len(uint32_t wire, size_t headers)
{
    size_t room = wire - FCS_LEN;
    return room > headers ? room - headers : 0;
}

static size_t l2_bytes(const gen_config_t *c, const packet_plan_t *p)
{
    return GEN_ETH_HDR + (p->tagged ? c->ntags * GEN_TAG_LEN : 0);
}

/* A TCP segment's fate under --tcp-loss / --tcp-reorder, drawn from its
 * own stream so that the other choices stay as they are without them. */
typedef enum { TCP_SEND, TCP_LOSE, TCP_HOLD } tcp_fate_t;

static tcp_fate_t plan_tcp(const gen_config_t *c, uint64_t *rng)
{
    if (c->tcp_loss == 0.0 && c->tcp_reorder == 0.0)
        return TCP_SEND;
    double u = next_unit(rng);
    return u < c->tcp_loss ? TCP_LOSE : u < c->tcp_loss + c->tcp_reorder ? TCP_HOLD : TCP_SEND;
}

static int send_held(run_t *r)
{
    if (!r->held)
        return 0;
    r->held = false;
    return send_segment(r, &r->held_plan, r->held_l4, r->held_len, r->held_id);
}

/* One TCP segment: sent, lost, or held back until the next one has gone
 * (not the connection's first: a receiver without a handshake takes the
 * first segment it sees for the stream's start). */
static int send_tcp(run_t *r, const packet_plan_t *p, const uint8_t *l4, size_t l4_len, uint16_t id,
                    tcp_fate_t fate)
{
    if (fate == TCP_LOSE) {
        r->counts->tcp_lost++;
        return 0;
    }
    if (fate == TCP_HOLD && !r->held && r->counts->tcp + r->counts->tcp_lost > 0) {
        r->held = true;
        r->held_plan = *p;
        r->held_id = id;
        r->held_len = l4_len;
        memcpy(r->held_l4, l4, l4_len);
        r->counts->tcp_reordered++;
        return 0;
    }
    int rc = send_segment(r, p, l4, l4_len, id);
    return rc ? rc : send_held(r);
}

int gen_run(const gen_config_t *c, gen_sink_t sink, void *ctx, gen_counts_t *counts)
{
    uint8_t l4[GEN_MAX_SIZE];
    run_t r = {.cfg = c, .sink = sink, .ctx = ctx, .counts = counts,
               .ps_per_byte = 8 * PS_PER_S / c->link_bps};
    memset(counts, 0, sizeof *counts);
    uint64_t rng = c->seed;
    uint64_t tcp_rng = c->seed ^ 0x7463702d6f666full; /* "tcp-ofo" */
    uint64_t ip6_rng = c->seed ^ 0x697076362d6f6e6cull; /* "ipv6-onl": its own stream, as tcp_rng */
    uint32_t tcp_seq = TCP_ISN;
    uint64_t tcp_segs = 0;
    uint64_t udp_index = 0;
    int rc = 0;
    for (uint64_t n = 0; n < c->count && rc == 0; n++) {
        packet_plan_t p = plan_packet(c, &rng);
        uint16_t id = (uint16_t)(n + 1);
        counts->packets++;
        if (p.kind == KIND_ARP) {
            size_t l2 = l2_header(&r, &p, bcast_mac, GEN_ETHERTYPE_ARP);
            gen_arp_request(r.frame + l2, c->peer_mac, c->peer_ip, c->nic_ip);
            counts->arp++;
            rc = emit(&r, l2 + GEN_ARP_LEN, true);
            continue;
        }
        const bool v6 = c->ip6 && (p.kind == KIND_TCP || next_unit(&ip6_rng) < c->ip6_fraction);
        if (v6)
            p.bad_ip = p.runt = p.oversize = p.fragment = false; /* those are IPv4's */
        counts->bad_ip += p.bad_ip;
        counts->bad_l4 += p.bad_l4;
        size_t hdrs = l2_bytes(c, &p) + (v6 ? GEN_IPV6_HDR : GEN_IPV4_HDR);
        if (p.kind == KIND_TCP) {
            p.runt = p.oversize = p.fragment = false; /* those are UDP's */
            size_t len = payload_len(p.size, hdrs + GEN_TCP_HDR);
            fill_payload(l4 + GEN_TCP_HDR, len, n);
            const bool psh = ++tcp_segs % c->tcp_psh == 0;
            const uint8_t flags = GEN_TCP_ACK | (psh ? GEN_TCP_PSH : 0);
            if (v6)
                gen_tcp6(l4, TCP_SPORT, c->tcp_port, tcp_seq, 1, flags, c->peer_ip6, c->nic_ip6, len, p.bad_l4);
            else
                gen_tcp(l4, TCP_SPORT, c->tcp_port, tcp_seq, 1, flags, c->peer_ip, c->nic_ip, len, p.bad_l4);
            tcp_seq += (uint32_t)len;
            rc = send_tcp(&r, &p, l4, GEN_TCP_HDR + len, id, plan_tcp(c, &tcp_rng));
            continue;
        }
        const uint8_t *dst_mac = c->nic_mac;
        uint32_t dst_ip = c->nic_ip;
        /* Over IPv6: multicast to the host's solicited-node group, and
         * "broadcast" (IPv6 has none) to all-nodes ff02::1. */
        const uint8_t solicited[16] = {0xff, 0x02, [11] = 1, [12] = 0xff, c->nic_ip6[13], c->nic_ip6[14], c->nic_ip6[15]};
        const uint8_t solicited_mac[6] = {0x33, 0x33, 0xff, c->nic_ip6[13], c->nic_ip6[14], c->nic_ip6[15]};
        static const uint8_t all_nodes[16] = {0xff, 0x02, [15] = 1}, all_nodes_mac[6] = {0x33, 0x33, 0, 0, 0, 1};
        const uint8_t *dst_ip6 = c->nic_ip6;
        switch (p.dst) {
        case DST_LOCAL: break;
        case DST_OTHER: dst_mac = c->other_mac; counts->other_unicast++; break;
        case DST_MCAST:
            dst_mac = v6 ? solicited_mac : mcast_mac;
            dst_ip = MCAST_IP;
            dst_ip6 = solicited;
            counts->multicast++;
            break;
        case DST_BCAST:
            dst_mac = v6 ? all_nodes_mac : bcast_mac;
            dst_ip = BCAST_IP;
            dst_ip6 = all_nodes;
            counts->broadcast++;
            break;
        }
        uint32_t flow = (uint32_t)(udp_index++ % c->flows);
        counts->runts += p.runt;
        counts->oversize += p.oversize;
        size_t len = p.runt       ? GEN_RUNT_PAYLOAD
                   : p.oversize ? payload_len(GEN_OVERSIZE_BYTES, hdrs + GEN_UDP_HDR)
                                : payload_len(p.size, hdrs + GEN_UDP_HDR);
        fill_payload(l4 + GEN_UDP_HDR, len, n);
        const uint16_t sport = (uint16_t)(UDP_SPORT_BASE + flow), dport = c->ports[flow % c->nports];
        counts->udp++;
        if (v6) {
            gen_udp6(l4, sport, dport, c->peer_ip6, dst_ip6, len, p.bad_l4);
            counts->ip6++;
            rc = send_ipv6(&r, &p, dst_mac, dst_ip6, GEN_PROTO_UDP, l4, GEN_UDP_HDR + len);
            continue;
        }
        gen_udp(l4, sport, dport, c->peer_ip, dst_ip, len, p.bad_l4);
        rc = send_ipv4(&r, &p, dst_mac, dst_ip, GEN_PROTO_UDP, l4, GEN_UDP_HDR + len, id, !p.runt);
    }
    return rc ? rc : send_held(&r); /* the last segment held has no next one */
}
