// eth_crc32 (the MAC's FCS engine) against known CRC-32 values, 8 bytes a
// cycle with partial keep masks.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "Veth_crc32.h"
#include "eth_fcs.h"

namespace {

// Advances the RTL CRC over bytes, 8 per evaluation, the last word partial.
uint32_t rtl_crc(Veth_crc32 &m, uint32_t crc, const std::vector<uint8_t> &bytes) {
  for (size_t off = 0; off < bytes.size(); off += 8) {
    uint64_t word = 0;
    uint8_t keep = 0;
    for (size_t i = 0; i < 8 && off + i < bytes.size(); i++) {
      word |= uint64_t{bytes[off + i]} << (8 * i);
      keep |= uint8_t(1u << i);
    }
    m.crc_i = crc;
    m.data_i = word;
    m.keep_i = keep;
    m.eval();
    crc = m.crc_o;
  }
  return crc;
}

std::vector<uint8_t> bytes_of(const char *s) {
  return std::vector<uint8_t>(s, s + std::strlen(s));
}

// IEEE 802.3 CRC-32 check value: CRC of "123456789" is 0xCBF43926
// (register started at all ones, complemented at the end).
TEST(EthCrc32, CheckValue123456789) {
  Veth_crc32 m;
  EXPECT_EQ(~rtl_crc(m, 0xFFFFFFFFu, bytes_of("123456789")), 0xCBF43926u);
}

// CRC-32 of "The quick brown fox jumps over the lazy dog" is 0x414FA339.
TEST(EthCrc32, QuickBrownFox) {
  Veth_crc32 m;
  EXPECT_EQ(~rtl_crc(m, 0xFFFFFFFFu, bytes_of("The quick brown fox jumps over the lazy dog")),
            0x414FA339u);
}

// 802.3 clause 3.2.9: over a frame followed by its FCS the (uncomplemented)
// register ends at the residue 0xDEBB20E3, whatever the frame, for every
// split of the last word.
TEST(EthCrc32, ResidueOverFrameAndFcs) {
  Veth_crc32 m;
  for (size_t len = 60; len < 68; len++) {
    std::vector<uint8_t> f(len + 4);
    for (size_t i = 0; i < len; i++) f[i] = uint8_t(i * 7 + len);
    eth_fcs_append(f.data(), len);
    EXPECT_EQ(rtl_crc(m, 0xFFFFFFFFu, f), 0xDEBB20E3u) << "len " << len;
    f[len / 2] ^= 0x01;  // any single-bit error moves it off the residue
    EXPECT_NE(rtl_crc(m, 0xFFFFFFFFu, f), 0xDEBB20E3u) << "len " << len;
  }
}

// Lanes with keep clear are skipped: an empty keep leaves the register as is.
TEST(EthCrc32, EmptyKeepLeavesCrc) {
  Veth_crc32 m;
  m.crc_i = 0x12345678u;
  m.data_i = 0xFFFFFFFFFFFFFFFFull;
  m.keep_i = 0;
  m.eval();
  EXPECT_EQ(m.crc_o, 0x12345678u);
}

}  // namespace
