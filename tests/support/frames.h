// Sample Ethernet frames built in code (DA through FCS) for the nic_top
// benches, the demo and the benchmark.
#ifndef RXSIM_TESTS_SUPPORT_FRAMES_H
#define RXSIM_TESTS_SUPPORT_FRAMES_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "eth_fcs.h"

namespace frames {

using Mac = std::array<uint8_t, 6>;
using Bytes = std::vector<uint8_t>;

inline constexpr Mac kNicMac{0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
inline constexpr Mac kPeerMac{0x02, 0x00, 0x00, 0x00, 0x00, 0x02};
inline constexpr Mac kBroadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
inline constexpr uint8_t kNicIp[4]{10, 0, 0, 1};
inline constexpr uint8_t kPeerIp[4]{10, 0, 0, 2};
inline constexpr size_t kMinFrame = 64;  // with FCS

inline void put16(Bytes& b, size_t at, uint16_t v) {
  b[at] = static_cast<uint8_t>(v >> 8);
  b[at + 1] = static_cast<uint8_t>(v);
}

// Ones' complement sum of 16-bit big-endian words (RFC 1071), not inverted.
inline uint32_t csum_add(uint32_t sum, const uint8_t* p, size_t n) {
  for (size_t i = 0; i + 1 < n; i += 2) sum += static_cast<uint32_t>(p[i] << 8 | p[i + 1]);
  if (n & 1) sum += static_cast<uint32_t>(p[n - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

inline Bytes header(const Mac& dst, const Mac& src, uint16_t ethertype) {
  Bytes b(14);
  for (size_t i = 0; i < 6; ++i) {
    b[i] = dst[i];
    b[6 + i] = src[i];
  }
  put16(b, 12, ethertype);
  return b;
}

// Pads to the 60-byte minimum and appends the FCS.
inline Bytes finish(Bytes b) {
  if (b.size() < kMinFrame - 4) b.resize(kMinFrame - 4, 0);
  b.resize(b.size() + 4);
  eth_fcs_append(b.data(), b.size() - 4);
  return b;
}

// IPv4/UDP from the peer to the NIC with `payload` bytes whose value encodes
// `seq`; IP and UDP checksums valid.
inline Bytes udp(size_t payload, uint32_t seq, const Mac& dst = kNicMac) {
  Bytes b = header(dst, kPeerMac, 0x0800);
  const size_t ip = b.size();
  b.resize(ip + 28 + payload, 0);
  b[ip] = 0x45;
  put16(b, ip + 2, static_cast<uint16_t>(28 + payload));
  put16(b, ip + 4, static_cast<uint16_t>(seq));
  b[ip + 8] = 64;
  b[ip + 9] = 17;
  for (size_t i = 0; i < 4; ++i) {
    b[ip + 12 + i] = kPeerIp[i];
    b[ip + 16 + i] = kNicIp[i];
  }
  put16(b, ip + 10, static_cast<uint16_t>(~csum_add(0, &b[ip], 20)));
  const size_t udp = ip + 20;
  put16(b, udp, 40000);
  put16(b, udp + 2, 9);
  put16(b, udp + 4, static_cast<uint16_t>(8 + payload));
  for (size_t i = 0; i < payload; ++i) b[udp + 8 + i] = static_cast<uint8_t>(seq * 7 + i);
  uint8_t pseudo[12] = {kPeerIp[0], kPeerIp[1], kPeerIp[2], kPeerIp[3],
                        kNicIp[0],  kNicIp[1],  kNicIp[2],  kNicIp[3],
                        0, 17, static_cast<uint8_t>((8 + payload) >> 8),
                        static_cast<uint8_t>(8 + payload)};
  uint16_t sum = static_cast<uint16_t>(~csum_add(csum_add(0, pseudo, 12), &b[udp], 8 + payload));
  put16(b, udp + 6, sum == 0 ? 0xffff : sum);
  return finish(b);
}

// Smallest UDP frame: 64 bytes on the wire with FCS.
inline Bytes udp64(uint32_t seq) { return udp(kMinFrame - 4 - 14 - 28, seq); }

// ARP who-has from the peer, to the broadcast address.
inline Bytes arp_broadcast() {
  Bytes b = header(kBroadcast, kPeerMac, 0x0806);
  const size_t a = b.size();
  b.resize(a + 28, 0);
  put16(b, a, 1);
  put16(b, a + 2, 0x0800);
  b[a + 4] = 6;
  b[a + 5] = 4;
  put16(b, a + 6, 1);
  for (size_t i = 0; i < 6; ++i) b[a + 8 + i] = kPeerMac[i];
  for (size_t i = 0; i < 4; ++i) {
    b[a + 14 + i] = kPeerIp[i];
    b[a + 24 + i] = kNicIp[i];
  }
  return finish(b);
}

// The same frame with its FCS corrupted.
inline Bytes bad_fcs(Bytes b) {
  b.back() ^= 0x5a;
  return b;
}

}  // namespace frames

#endif  // RXSIM_TESTS_SUPPORT_FRAMES_H
