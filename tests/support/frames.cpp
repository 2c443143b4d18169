#include "frames.h"

#include <algorithm>
#include <cstring>

#include "eth_fcs.h"
#include "gen_packet.h"

namespace frames {

const uint8_t kHostMac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
const uint8_t kPeerMac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

namespace {

constexpr size_t kFcs = 4;
constexpr uint8_t kProtoIcmp6 = 58;

// resize + memcpy: GCC 12 warns falsely (-Warray-bounds) on vector::insert.
void append(Bytes &a, const Bytes &b)
{
    const size_t at = a.size();
    a.resize(at + b.size());
    if (!b.empty())
        std::memcpy(&a[at], b.data(), b.size());
}

uint32_t be32(const std::array<uint8_t, 4> &a)
{
    return uint32_t(a[0]) << 24 | uint32_t(a[1]) << 16 | uint32_t(a[2]) << 8 | a[3];
}

// Sums of the pseudo-headers of RFC 768 / RFC 793 and RFC 8200 (not folded).
uint32_t pseudo4(uint32_t src, uint32_t dst, uint8_t proto, size_t len)
{
    const uint8_t ph[12] = {uint8_t(src >> 24), uint8_t(src >> 16), uint8_t(src >> 8), uint8_t(src),
                            uint8_t(dst >> 24), uint8_t(dst >> 16), uint8_t(dst >> 8), uint8_t(dst),
                            0, proto, uint8_t(len >> 8), uint8_t(len)};
    return gen_csum_add(0, ph, sizeof ph);
}

uint32_t pseudo6(const uint8_t src[16], const uint8_t dst[16], uint8_t proto, size_t len)
{
    const uint8_t tail[8] = {uint8_t(len >> 24), uint8_t(len >> 16), uint8_t(len >> 8), uint8_t(len),
                             0, 0, 0, proto};
    return gen_csum_add(gen_csum_add(gen_csum_add(0, src, 16), dst, 16), tail, sizeof tail);
}

gen_l2_t l2(const uint8_t dst[6], const uint8_t src[6])
{
    gen_l2_t h{};
    std::memcpy(h.dst, dst, 6);
    std::memcpy(h.src, src, 6);
    return h;
}

} // namespace

// ---- bytes ----

void put16(Bytes &b, size_t at, uint16_t v)
{
    b[at] = uint8_t(v >> 8);
    b[at + 1] = uint8_t(v);
}

Bytes cat(Bytes a, const Bytes &b)
{
    append(a, b);
    return a;
}

Bytes payload(size_t n, uint8_t seed)
{
    Bytes b(n);
    for (size_t i = 0; i < n; i++)
        b[i] = uint8_t(seed + i * 7);
    return b;
}

Bytes pattern(size_t n, uint32_t seed)
{
    Bytes b(n);
    for (auto &x : b) {
        seed = seed * 1103515245u + 12345u;
        x = uint8_t(seed >> 16);
    }
    return b;
}

// ---- checksums ----

uint16_t inet_csum(const uint8_t *p, size_t n, uint32_t sum) { return gen_csum_fold(gen_csum_add(sum, p, n)); }

uint16_t packet_csum(const Bytes &frame, size_t pcss)
{
    const size_t end = frame.size() - kFcs;
    return pcss >= end ? 0 : uint16_t(~gen_csum_fold(gen_csum_add(0, &frame[pcss], end - pcss)));
}

// ---- Ethernet ----

Bytes eth(const uint8_t dst[6], uint16_t type, const Bytes &payload)
{
    Bytes f(GEN_ETH_HDR);
    const gen_l2_t h = l2(dst, kPeerMac);
    gen_eth(f.data(), &h, type);
    append(f, payload);
    return f;
}

Bytes add_tag(const Bytes &frame, uint16_t tpid, uint16_t tci)
{
    Bytes f(frame.begin(), frame.begin() + 12);
    f.resize(12 + GEN_TAG_LEN);
    put16(f, 12, tpid);
    put16(f, 14, tci);
    append(f, Bytes(frame.begin() + 12, frame.end()));
    return f;
}

Bytes with_fcs(Bytes f, uint8_t pad_byte)
{
    if (f.size() < kMinFrame - kFcs)
        f.resize(kMinFrame - kFcs, pad_byte);
    f.resize(f.size() + kFcs);
    eth_fcs_append(f.data(), f.size() - kFcs);
    return f;
}

Bytes frame(const Mac &da, const Mac &sa, uint16_t type, const Bytes &payload, int tci, uint8_t pad_byte)
{
    Bytes f(GEN_ETH_HDR);
    const gen_l2_t h = l2(da.data(), sa.data());
    gen_eth(f.data(), &h, type);
    // The whole TCI (priority bits too), which gen_eth's VLAN ID would mask.
    if (tci >= 0)
        f = add_tag(f, GEN_TPID_8021Q, uint16_t(tci));
    append(f, payload);
    return with_fcs(f, pad_byte);
}

Bytes frame_of_len(const Mac &da, size_t len, uint32_t seed, int tci)
{
    Bytes f = pattern(len, seed);
    f.resize(len - kFcs);
    std::copy(da.begin(), da.end(), f.begin());
    if (tci >= 0) {
        put16(f, 12, GEN_TPID_8021Q);
        put16(f, 14, uint16_t(tci));
    } else {
        put16(f, 12, 0x88b5);
    }
    f.resize(len);
    eth_fcs_append(f.data(), len - kFcs);
    return f;
}

Bytes bad_fcs(Bytes f)
{
    f.back() ^= 0x5a;
    return f;
}

Bytes wire(const Bytes &frame)
{
    Bytes w(7, 0x55);
    w.push_back(0xd5);
    append(w, frame);
    return w;
}

unsigned mta_hash(const Mac &da, unsigned mo)
{
    static const unsigned shift[4] = {4, 3, 2, 0};
    return ((da[4] >> shift[mo]) | (unsigned(da[5]) << (8 - shift[mo]))) & 0xfff;
}

// ---- IPv4, UDP, TCP, ICMP, ARP ----

Bytes ipv4(uint32_t src, uint32_t dst, uint8_t proto, const Bytes &payload, Ip4Opts o)
{
    Bytes h(GEN_IPV4_HDR);
    gen_ipv4(h.data(), uint16_t(GEN_IPV4_HDR + payload.size()), o.id, o.frag, proto, src, dst, false);
    append(h, payload);
    return h;
}

Bytes udp4(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, const Bytes &data)
{
    Bytes u = cat(Bytes(GEN_UDP_HDR), data);
    gen_udp(u.data(), sport, dport, src, dst, data.size(), false);
    return u;
}

Bytes tcp4(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, uint32_t seq, uint8_t flags,
           const Bytes &data)
{
    Bytes t = cat(Bytes(GEN_TCP_HDR), data);
    gen_tcp(t.data(), sport, dport, seq, 0, flags, src, dst, data.size(), false);
    return t;
}

Bytes icmp4(uint8_t type, uint8_t code, const Bytes &data)
{
    Bytes m(8);
    m[0] = type;
    m[1] = code;
    append(m, data);
    put16(m, 2, inet_csum(m.data(), m.size()));
    return m;
}

Bytes arp_request(uint32_t sip, uint32_t tip)
{
    Bytes a(GEN_ARP_LEN);
    gen_arp_request(a.data(), kPeerMac, sip, tip);
    return a;
}

Bytes ipv4_packet(const Ipv4 &ip, Bytes l4, bool udp_no_csum)
{
    const size_t hl = size_t(ip.ihl) * 4;
    const uint32_t src = be32(ip.src), dst = be32(ip.dst);
    Bytes p(std::max<size_t>(hl, GEN_IPV4_HDR));
    gen_ipv4(p.data(), uint16_t(hl + l4.size()), 0, ip.frag, ip.proto, src, dst, false);
    if (hl > GEN_IPV4_HDR) { // options: NOPs, and the header checksum over them
        p[0] = uint8_t(0x40 | ip.ihl);
        std::fill(p.begin() + GEN_IPV4_HDR, p.end(), uint8_t(0x01));
        put16(p, 10, 0);
        put16(p, 10, inet_csum(p.data(), hl));
    }
    if (ip.proto == GEN_PROTO_UDP && l4.size() >= GEN_UDP_HDR) {
        const uint16_t sport = uint16_t(l4[0] << 8 | l4[1]), dport = uint16_t(l4[2] << 8 | l4[3]);
        if (udp_no_csum) {
            put16(l4, 4, uint16_t(l4.size()));
            put16(l4, 6, 0);
        } else {
            gen_udp(l4.data(), sport, dport, src, dst, l4.size() - GEN_UDP_HDR, false);
        }
    } else if (ip.proto == GEN_PROTO_TCP && l4.size() >= 18) {
        // The segment's own header fields stay: only its checksum is computed.
        put16(l4, 16, 0);
        put16(l4, 16, inet_csum(l4.data(), l4.size(), pseudo4(src, dst, GEN_PROTO_TCP, l4.size())));
    }
    append(p, l4);
    return p;
}

// ---- IPv6 ----

Bytes ipv6(const uint8_t src[16], const uint8_t dst[16], uint8_t next, const Bytes &payload)
{
    Bytes h(40);
    h[0] = 0x60;
    put16(h, 4, uint16_t(payload.size()));
    h[6] = next;
    h[7] = 64;
    std::memcpy(&h[8], src, 16);
    std::memcpy(&h[24], dst, 16);
    append(h, payload);
    return h;
}

Bytes udp6(const uint8_t src[16], const uint8_t dst[16], uint16_t sport, uint16_t dport, const Bytes &data,
           bool zero_csum)
{
    Bytes u(GEN_UDP_HDR);
    put16(u, 0, sport);
    put16(u, 2, dport);
    put16(u, 4, uint16_t(GEN_UDP_HDR + data.size()));
    append(u, data);
    if (!zero_csum) {
        const uint16_t c = inet_csum(u.data(), u.size(), pseudo6(src, dst, GEN_PROTO_UDP, u.size()));
        put16(u, 6, c ? c : 0xffff);
    }
    return u;
}

Bytes icmp6(const uint8_t src[16], const uint8_t dst[16], uint8_t type, const Bytes &data)
{
    Bytes m(8);
    m[0] = type;
    append(m, data);
    put16(m, 2, inet_csum(m.data(), m.size(), pseudo6(src, dst, kProtoIcmp6, m.size())));
    return m;
}

// ---- whole frames to the host ----

Bytes ip_frame(const Bytes &ip) { return eth(kHostMac, GEN_ETHERTYPE_IPV4, ip); }

Bytes udp_frame(uint16_t sport, uint16_t dport, const Bytes &data, uint32_t src, uint32_t dst)
{
    return ip_frame(ipv4(src, dst, GEN_PROTO_UDP, udp4(src, dst, sport, dport, data)));
}

Bytes udp(size_t n, uint32_t seq, const uint8_t dst[6])
{
    Bytes data(n);
    for (size_t i = 0; i < n; ++i)
        data[i] = uint8_t(seq * 7 + i);
    Ip4Opts o;
    o.id = uint16_t(seq);
    return with_fcs(eth(dst, GEN_ETHERTYPE_IPV4,
                        ipv4(kPeerIp, kHostIp, GEN_PROTO_UDP, udp4(kPeerIp, kHostIp, 40000, 9, data), o)));
}

Bytes udp64(uint32_t seq) { return udp(kMinFrame - kFcs - GEN_ETH_HDR - GEN_IPV4_HDR - GEN_UDP_HDR, seq); }

Bytes arp_broadcast()
{
    return with_fcs(eth(kBroadcast.data(), GEN_ETHERTYPE_ARP, arp_request(kPeerIp, kHostIp)));
}

} // namespace frames
