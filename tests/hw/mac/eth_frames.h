// Test-side builders of Ethernet/IPv4/UDP/TCP frames and the reference
// Internet checksum the MAC's offload results are compared with. The FCS
// comes from the project's eth_fcs() (sim/trace), never from the RTL.
#ifndef RXSIM_TESTS_ETH_FRAMES_H
#define RXSIM_TESTS_ETH_FRAMES_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "eth_fcs.h"

namespace eth {

using Bytes = std::vector<uint8_t>;
using Mac = std::array<uint8_t, 6>;

inline const Mac kBroadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// Deterministic filler bytes (a small LCG), so runs repeat exactly.
inline Bytes pattern(size_t n, uint32_t seed) {
  Bytes b(n);
  for (auto &x : b) {
    seed = seed * 1103515245u + 12345u;
    x = uint8_t(seed >> 16);
  }
  return b;
}

inline void put16(Bytes &b, size_t at, uint16_t v) {
  b[at] = uint8_t(v >> 8);
  b[at + 1] = uint8_t(v);
}

// Plain (unfolded) sum of big-endian 16-bit words over b[from, to), words
// aligned to `from`; an odd last byte is a high byte padded with zero.
inline uint32_t sum16(const Bytes &b, size_t from, size_t to) {
  uint32_t s = 0;
  for (size_t i = from; i < to; i++) s += (i - from) % 2 == 0 ? uint32_t{b[i]} << 8 : b[i];
  return s;
}

inline uint16_t fold(uint32_t s) {
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return uint16_t(s);
}

// DA, SA, ethertype (and an 802.1Q tag before it when tci >= 0), payload,
// padded to 60 bytes with pad_byte, then the FCS.
inline Bytes frame(const Mac &da, const Mac &sa, uint16_t type, const Bytes &payload,
                   int tci = -1, uint8_t pad_byte = 0) {
  Bytes f(da.begin(), da.end());
  f.insert(f.end(), sa.begin(), sa.end());
  if (tci >= 0) {
    f.push_back(0x81);
    f.push_back(0x00);
    f.push_back(uint8_t(tci >> 8));
    f.push_back(uint8_t(tci));
  }
  f.push_back(uint8_t(type >> 8));
  f.push_back(uint8_t(type));
  f.insert(f.end(), payload.begin(), payload.end());
  if (f.size() < 60) f.resize(60, pad_byte);
  f.resize(f.size() + 4);
  eth_fcs_append(f.data(), f.size() - 4);
  return f;
}

// A frame of exactly len bytes (DA through FCS) with a good FCS.
inline Bytes frame_of_len(const Mac &da, size_t len, uint32_t seed, int tci = -1) {
  Bytes f(len - 4);
  Bytes fill = pattern(len, seed);
  std::copy(fill.begin(), fill.begin() + long(len - 4), f.begin());
  std::copy(da.begin(), da.end(), f.begin());
  if (tci >= 0) {
    f[12] = 0x81;
    f[13] = 0x00;
    put16(f, 14, uint16_t(tci));
  } else {
    put16(f, 12, 0x88b5);  // IEEE local experimental ethertype: nothing to offload
  }
  f.resize(len);
  eth_fcs_append(f.data(), len - 4);
  return f;
}

// Preamble (7 x 0x55) and SFD before the frame, as the wire carries it.
inline Bytes wire(const Bytes &frame) {
  Bytes w(7, 0x55);
  w.push_back(0xd5);
  w.insert(w.end(), frame.begin(), frame.end());
  return w;
}

struct Ipv4 {
  uint8_t proto = 17;
  uint8_t ihl = 5;
  uint16_t frag = 0;  // flags and fragment offset field
  std::array<uint8_t, 4> src{10, 0, 0, 1};
  std::array<uint8_t, 4> dst{10, 0, 0, 2};
};

// IPv4 header (checksummed) + L4 segment. For UDP (17) or TCP (6) the L4
// checksum (at L4 offset 6 or 16) is filled in over the pseudo-header, with
// UDP's zero sent as 0xFFFF; udp_no_csum leaves UDP's field 0.
inline Bytes ipv4_packet(const Ipv4 &ip, Bytes l4, bool udp_no_csum = false) {
  size_t hl = size_t(ip.ihl) * 4;
  Bytes p(hl, 0);
  p[0] = uint8_t(0x40 | ip.ihl);
  put16(p, 2, uint16_t(hl + l4.size()));
  put16(p, 6, ip.frag);
  p[8] = 64;
  p[9] = ip.proto;
  std::copy(ip.src.begin(), ip.src.end(), p.begin() + 12);
  std::copy(ip.dst.begin(), ip.dst.end(), p.begin() + 16);
  for (size_t i = 20; i < hl; i++) p[i] = 0x01;  // NOP options
  put16(p, 10, uint16_t(~fold(sum16(p, 0, hl))));
  size_t at = ip.proto == 6 ? 16 : 6;
  if (l4.size() >= at + 2) {
    put16(l4, at, 0);
    if (ip.proto == 17) put16(l4, 4, uint16_t(l4.size()));
    if (!(ip.proto == 17 && udp_no_csum)) {
      uint32_t s = sum16(p, 12, 20) + ip.proto + uint32_t(l4.size()) + sum16(l4, 0, l4.size());
      uint16_t c = uint16_t(~fold(s));
      put16(l4, at, ip.proto == 17 && c == 0 ? 0xffff : c);
    }
  }
  p.insert(p.end(), l4.begin(), l4.end());
  return p;
}

// The descriptor's packet checksum (RXCSUM.PCSS): folded sum from pcss to
// the end of the frame, FCS excluded.
inline uint16_t packet_csum(const Bytes &frame, size_t pcss) {
  size_t end = frame.size() - 4;
  return pcss >= end ? 0 : fold(sum16(frame, pcss, end));
}

// e1000's multicast hash of a destination address for RCTL.MO.
inline unsigned mta_hash(const Mac &da, unsigned mo) {
  static const unsigned shift[4] = {4, 3, 2, 0};
  return ((da[4] >> shift[mo]) | (unsigned(da[5]) << (8 - shift[mo]))) & 0xfff;
}

}  // namespace eth

#endif
