// The tests' one frame builder, in C++ over the generator's (sim/gen/
// gen_packet.h): Ethernet with 802.1Q tags, IPv4, UDP, TCP and ARP come from
// gen_eth/gen_ipv4/gen_udp/gen_tcp/gen_arp_request, every Internet checksum
// from gen_csum_add/gen_csum_fold. What the generator does not build (ICMP,
// IPv6 with UDP and ICMPv6, IPv4 options, checksums over an arbitrary L4
// segment) is laid out here, its checksums still the generator's. The FCS
// comes from the project's eth_fcs (sim/trace), never from the RTL.
//
// Multi-byte fields are big-endian as on the wire. Functions return frames
// from DA without FCS unless they say "with FCS".
#ifndef RXSIM_TESTS_SUPPORT_FRAMES_H
#define RXSIM_TESTS_SUPPORT_FRAMES_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace frames {

using Bytes = std::vector<uint8_t>;
using Mac = std::array<uint8_t, 6>;

// The addresses the traces use (rxtrace.h's RXTRACE_NIC_MAC and IPs, the
// generator's defaults): the host behind the NIC, 10.0.0.1/24, and its peer.
extern const uint8_t kHostMac[6]; // 02:00:00:00:00:01
extern const uint8_t kPeerMac[6]; // 02:00:00:00:00:02
inline constexpr Mac kBroadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
constexpr uint32_t kHostIp = 0x0A000001;
constexpr uint32_t kPeerIp = 0x0A000002;
constexpr size_t kMinFrame = 64; // with FCS

// ---- bytes ----
void put16(Bytes &b, size_t at, uint16_t v);
// a followed by b.
Bytes cat(Bytes a, const Bytes &b);
// n bytes seed, seed + 7, seed + 14, ...
Bytes payload(size_t n, uint8_t seed = 0);
// n deterministic filler bytes (a small LCG), so runs repeat exactly.
Bytes pattern(size_t n, uint32_t seed);

// ---- checksums (the generator's) ----
// Internet checksum (RFC 1071) of p[0, n) added to a running sum.
uint16_t inet_csum(const uint8_t *p, size_t n, uint32_t sum = 0);
// The descriptor's packet checksum (RXCSUM.PCSS): folded sum, not inverted,
// from pcss to the end of a frame with FCS, the FCS excluded.
uint16_t packet_csum(const Bytes &frame, size_t pcss);

// ---- Ethernet ----
// From kPeerMac to dst.
Bytes eth(const uint8_t dst[6], uint16_t type, const Bytes &payload);
// Inserts an 802.1Q/802.1ad tag (TPID, then TCI as given) after the MAC addresses.
Bytes add_tag(const Bytes &frame, uint16_t tpid, uint16_t tci);
// Padded to 60 bytes with pad_byte, with FCS.
Bytes with_fcs(Bytes frame, uint8_t pad_byte = 0);
// DA, SA, an 802.1Q tag when tci >= 0, ethertype, payload; padded to 60 bytes
// with pad_byte; with FCS.
Bytes frame(const Mac &da, const Mac &sa, uint16_t type, const Bytes &payload, int tci = -1,
            uint8_t pad_byte = 0);
// Exactly len bytes with FCS: DA, then pattern(seed) bytes with the ethertype
// 0x88B5 (IEEE local experimental: nothing to offload) or an 802.1Q tag
// (tci >= 0) over them.
Bytes frame_of_len(const Mac &da, size_t len, uint32_t seed, int tci = -1);
// The same frame with its FCS corrupted.
Bytes bad_fcs(Bytes frame);
// Preamble (7 x 0x55) and SFD before the frame, as the wire carries it.
Bytes wire(const Bytes &frame);
// e1000's multicast hash of a destination address for RCTL.MO.
unsigned mta_hash(const Mac &da, unsigned mo);

// ---- IPv4, UDP, TCP, ICMP, ARP ----
struct Ip4Opts {
    uint16_t id = 1;
    uint16_t frag = 0; // flags + offset field as on the wire
};
// 20-byte header (TTL 64) + payload.
Bytes ipv4(uint32_t src, uint32_t dst, uint8_t proto, const Bytes &payload, Ip4Opts o = {});
Bytes udp4(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, const Bytes &data);
// Data offset 5, window 65535, ack 0.
Bytes tcp4(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, uint32_t seq, uint8_t flags,
           const Bytes &data);
Bytes icmp4(uint8_t type, uint8_t code, const Bytes &data);
// kPeerMac at sip asks who has tip.
Bytes arp_request(uint32_t sip, uint32_t tip);

// An IPv4 header with ihl * 4 bytes (NOP options past 20), TTL 64, id 0,
// then the L4 segment as given, with its checksum filled in over the
// pseudo-header for UDP (17: and its length) or TCP (6); UDP's computed 0 is
// sent as 0xFFFF, and udp_no_csum leaves UDP's field 0.
struct Ipv4 {
    uint8_t proto = 17;
    uint8_t ihl = 5;
    uint16_t frag = 0; // flags and fragment offset field
    std::array<uint8_t, 4> src{10, 0, 0, 1};
    std::array<uint8_t, 4> dst{10, 0, 0, 2};
};
Bytes ipv4_packet(const Ipv4 &ip, Bytes l4, bool udp_no_csum = false);

// ---- IPv6 ----
Bytes ipv6(const uint8_t src[16], const uint8_t dst[16], uint8_t next, const Bytes &payload);
Bytes udp6(const uint8_t src[16], const uint8_t dst[16], uint16_t sport, uint16_t dport, const Bytes &data,
           bool zero_csum = false);
Bytes icmp6(const uint8_t src[16], const uint8_t dst[16], uint8_t type, const Bytes &data);

// ---- whole frames to the host ----
Bytes ip_frame(const Bytes &ip);
Bytes udp_frame(uint16_t sport, uint16_t dport, const Bytes &data, uint32_t src = kPeerIp,
                uint32_t dst = kHostIp);
// With FCS: IPv4/UDP from the peer (port 40000) to port 9 at dst, IP id seq,
// `payload` bytes seq * 7 + i.
Bytes udp(size_t payload, uint32_t seq, const uint8_t dst[6] = kHostMac);
// The smallest of those: 64 bytes with FCS.
Bytes udp64(uint32_t seq);
// With FCS: the peer's ARP who-has for the host, to the broadcast address.
Bytes arp_broadcast();

} // namespace frames

#endif
