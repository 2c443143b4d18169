// mac_rx + mac_stats against the 8254x receive rules (datasheet sections on
// packet reception, address filtering, checksum offload and statistics),
// as docs/ARCHITECTURE.md and the brief state them. Built once per wire
// width (MAC_DATA_W = 64 and 8): the rules do not depend on it.
#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include MAC_MODEL_HEADER
#include "eth_fcs.h"
#include "frames.h"
#include "mac_bench.h"
#include "nic_defines.h"
#include "nic_regs.h"

using frames::Bytes;
using frames::Mac;

namespace {

const Mac kStation = {0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc};
const Mac kPeer = {0x00, 0x1b, 0x21, 0x00, 0x00, 0x01};
const Mac kOther = {0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcd};

using Bench = MacBench<MAC_MODEL, MAC_DATA_W>;

// Every counter mac_stats keeps for the MAC's frame classes.
const uint32_t kClassCounters[] = {NIC_GPRC, NIC_CRCERRS, NIC_RUC, NIC_RFC, NIC_ROC,
                                   NIC_RJC, NIC_RXERRC, NIC_XFLTC, NIC_XDISC};

}  // namespace

class MAC_SUITE : public ::testing::Test {
 protected:
  Bench b;

  void SetUp() override { b.set_ra(0, kStation, true); }
  void TearDown() override {
    for (const auto &v : b.violations) ADD_FAILURE() << "write-port contract: " << v;
  }

  // Reads (and so clears) every class counter, in kClassCounters order.
  std::vector<uint32_t> class_counts() {
    std::vector<uint32_t> v;
    for (uint32_t a : kClassCounters) v.push_back(b.read(a));
    return v;
  }

  // The frame went through whole as one good frame of its length.
  void expect_good(const Bytes &f, const std::vector<StoredFrame> &got) {
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0].commit);
    EXPECT_EQ(got[0].bytes, f);
    EXPECT_EQ(got[0].length(), f.size());
    EXPECT_EQ(got[0].errors(), 0);
    EXPECT_EQ(b.read(NIC_GPRC), 1u);
  }
};

// --- Filter (datasheet "Receive Address Filtering") ----------------------------

// A unicast frame whose DA equals a valid RAL/RAH entry passes by exact match:
// stored whole with its FCS, PIF clear, counted in GPRC, GORC, PRC64, TPR.
TEST_F(MAC_SUITE, UnicastExactMatchStored) {
  Bytes f = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(46, 1));
  auto got = b.receive(f);
  expect_good(f, got);
  EXPECT_EQ(got[0].status() & NIC_RXD_STATUS_PIF, 0);
  EXPECT_EQ(b.read(NIC_PRC64), 1u);
  EXPECT_EQ(b.read(NIC_GORCL), 64u);
  EXPECT_EQ(b.read(NIC_TPR), 1u);
  EXPECT_EQ(b.read(NIC_TORL), 64u);
  EXPECT_EQ(b.read(NIC_BPRC), 0u);
  EXPECT_EQ(b.read(NIC_MPRC), 0u);
}

// A unicast DA in no valid entry (and UPE clear) is discarded: XFLTC, not GPRC;
// the words written are dropped by wr_commit = 0.
TEST_F(MAC_SUITE, UnicastMissFiltered) {
  auto got = b.receive(frames::frame(kOther, kPeer, 0x88b5, frames::pattern(46, 2)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  EXPECT_EQ(b.read(NIC_XFLTC), 1u);
  EXPECT_EQ(b.read(NIC_GPRC), 0u);
  EXPECT_EQ(b.read(NIC_TPR), 1u);
}

// RAH.AV clear: the entry takes no part in filtering, whatever it holds.
TEST_F(MAC_SUITE, RaEntryWithoutAddressValidIgnored) {
  b.set_ra(7, kOther, false);
  auto got = b.receive(frames::frame(kOther, kPeer, 0x88b5, frames::pattern(46, 3)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  EXPECT_EQ(b.read(NIC_XFLTC), 1u);
  b.set_ra(7, kOther, true);  // the last of the 16 entries counts too
  b.set_ra(15, kPeer, true);
  got = b.receive(frames::frame(kOther, kPeer, 0x88b5, frames::pattern(46, 3)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  got = b.receive(frames::frame(kPeer, kOther, 0x88b5, frames::pattern(46, 4)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_EQ(b.read(NIC_GPRC), 2u);
}

// Multicast hash (RCTL.MO selects 12 DA bits, e1000 filter types 0..3): a set
// MTA bit passes the frame with PIF; an address hashing to a clear bit does not.
TEST_F(MAC_SUITE, MulticastHashEveryOffset) {
  const Mac hit = {0x01, 0x00, 0x5e, 0x12, 0x34, 0x56};
  for (unsigned mo = 0; mo < 4; mo++) {
    for (int i = 0; i < 128; i++) b.m->cfg_mta[i] = 0;
    b.m->cfg_mo = mo;
    b.set_mta_bit(frames::mta_hash(hit, mo));
    Mac miss = hit;
    miss[4] ^= 0x40;  // bit 6 of byte 4 is in the hash for every MO
    ASSERT_NE(frames::mta_hash(miss, mo), frames::mta_hash(hit, mo));
    Bytes f = frames::frame(hit, kPeer, 0x88b5, frames::pattern(46, 10 + mo));
    auto got = b.receive(f);
    ASSERT_EQ(got.size(), 1u) << "MO " << mo;
    EXPECT_TRUE(got[0].commit) << "MO " << mo;
    EXPECT_EQ(got[0].bytes, f);
    EXPECT_NE(got[0].status() & NIC_RXD_STATUS_PIF, 0) << "MO " << mo;
    got = b.receive(frames::frame(miss, kPeer, 0x88b5, frames::pattern(46, 20 + mo)));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_FALSE(got[0].commit) << "MO " << mo;
    EXPECT_EQ(b.read(NIC_MPRC), 1u) << "MO " << mo;
    EXPECT_EQ(b.read(NIC_GPRC), 1u) << "MO " << mo;
    EXPECT_EQ(b.read(NIC_XFLTC), 1u) << "MO " << mo;
  }
}

// Broadcast passes only with RCTL.BAM (then BPRC, PIF clear); without it, and
// with no other filter matching, it is filtered (MPE does not cover broadcast).
TEST_F(MAC_SUITE, BroadcastNeedsBam) {
  b.m->cfg_mpe = 1;
  auto got = b.receive(frames::frame(frames::kBroadcast, kPeer, 0x0806, frames::pattern(28, 5)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  EXPECT_EQ(b.read(NIC_XFLTC), 1u);
  b.m->cfg_bam = 1;
  got = b.receive(frames::frame(frames::kBroadcast, kPeer, 0x0806, frames::pattern(28, 5)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_EQ(got[0].status() & NIC_RXD_STATUS_PIF, 0);
  EXPECT_EQ(b.read(NIC_BPRC), 1u);
  EXPECT_EQ(b.read(NIC_MPRC), 0u);
  EXPECT_EQ(b.read(NIC_GPRC), 1u);
}

// RCTL.UPE passes any unicast (PIF set: inexact); RCTL.MPE any multicast
// (PIF set, MPRC); an exact match keeps PIF clear even under UPE.
TEST_F(MAC_SUITE, PromiscuousModesSetPif) {
  const Mac mcast = {0x33, 0x33, 0x00, 0x00, 0x00, 0x01};
  auto got = b.receive(frames::frame(mcast, kPeer, 0x86dd, frames::pattern(46, 6)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  b.m->cfg_upe = 1;
  got = b.receive(frames::frame(kOther, kPeer, 0x88b5, frames::pattern(46, 7)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_NE(got[0].status() & NIC_RXD_STATUS_PIF, 0);
  got = b.receive(frames::frame(kStation, kPeer, 0x88b5, frames::pattern(46, 8)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_EQ(got[0].status() & NIC_RXD_STATUS_PIF, 0);
  got = b.receive(frames::frame(mcast, kPeer, 0x86dd, frames::pattern(46, 6)));  // UPE: unicast only
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  b.m->cfg_upe = 0;
  b.m->cfg_mpe = 1;
  got = b.receive(frames::frame(mcast, kPeer, 0x86dd, frames::pattern(46, 6)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_NE(got[0].status() & NIC_RXD_STATUS_PIF, 0);
  EXPECT_EQ(b.read(NIC_MPRC), 1u);
  EXPECT_EQ(b.read(NIC_GPRC), 3u);
  EXPECT_EQ(b.read(NIC_XFLTC), 2u);
}

// --- FCS (802.3 CRC-32) -------------------------------------------------------

// One flipped bit makes the FCS check fail: CRCERRS, nothing committed, not
// GPRC; with RCTL.SBP the frame is stored with errors.CE.
TEST_F(MAC_SUITE, CorruptFrameCountedInCrcerrs) {
  Bytes f = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(100, 9));
  f[40] ^= 0x10;
  auto got = b.receive(f);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  EXPECT_EQ(b.read(NIC_CRCERRS), 1u);
  EXPECT_EQ(b.read(NIC_GPRC), 0u);
  b.m->cfg_sbp = 1;
  got = b.receive(f);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_EQ(got[0].bytes, f);
  EXPECT_EQ(got[0].errors(), NIC_RXD_ERRORS_CE);
  EXPECT_EQ(b.read(NIC_CRCERRS), 1u);
  EXPECT_EQ(b.read(NIC_GPRC), 0u);
  // SBP stores bad frames only when the filter passes them.
  Bytes g = frames::frame(kOther, kPeer, 0x88b5, frames::pattern(100, 9));
  g[40] ^= 0x10;
  got = b.receive(g);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  EXPECT_EQ(b.read(NIC_CRCERRS), 1u);
  EXPECT_EQ(b.read(NIC_XFLTC), 0u);
}

// --- Length checks ------------------------------------------------------------

// Under 64 bytes: RUC with a good FCS, RFC (fragment) with a bad one; never stored.
TEST_F(MAC_SUITE, RuntsAndFragments) {
  Bytes runt = frames::frame_of_len(kStation, 63, 30);
  auto got = b.receive(runt);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  runt[20] ^= 1;
  got = b.receive(runt);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  got = b.receive(frames::frame_of_len(kStation, 64, 31));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_EQ(b.read(NIC_RUC), 1u);
  EXPECT_EQ(b.read(NIC_RFC), 1u);
  EXPECT_EQ(b.read(NIC_GPRC), 1u);
  EXPECT_EQ(b.read(NIC_PRC64), 1u);
}

// Maximum length 1518, 1522 when bytes 12-13 are 0x8100: longer is ROC with a
// good FCS, RJC with a bad one. The 1024..max bucket is PRC1522.
TEST_F(MAC_SUITE, OversizeLimitsUntaggedAndTagged) {
  Bytes max_plain = frames::frame_of_len(kStation, 1518, 40);
  expect_good(max_plain, b.receive(max_plain));
  EXPECT_EQ(b.read(NIC_PRC1522), 1u);
  Bytes max_tagged = frames::frame_of_len(kStation, 1522, 41, 0x0064);
  expect_good(max_tagged, b.receive(max_tagged));
  auto got = b.receive(frames::frame_of_len(kStation, 1519, 42));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  got = b.receive(frames::frame_of_len(kStation, 1523, 43, 0x0064));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  Bytes jabber = frames::frame_of_len(kStation, 1519, 44);
  jabber[1000] ^= 0x80;
  got = b.receive(jabber);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  EXPECT_EQ(b.read(NIC_ROC), 2u);
  EXPECT_EQ(b.read(NIC_RJC), 1u);
  EXPECT_EQ(b.read(NIC_CRCERRS), 0u);
}

// RCTL.LPE raises the limit to 16384 bytes.
TEST_F(MAC_SUITE, LongPacketEnable) {
  b.m->cfg_lpe = 1;
  Bytes jumbo = frames::frame_of_len(kStation, 9018, 50);
  auto got = b.receive(jumbo);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_EQ(got[0].bytes, jumbo);
  Bytes limit = frames::frame_of_len(kStation, 16384, 51);
  got = b.receive(limit);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_EQ(got[0].length(), 16384u);
  got = b.receive(frames::frame_of_len(kStation, 16385, 52));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  EXPECT_EQ(b.read(NIC_GPRC), 2u);
  EXPECT_EQ(b.read(NIC_PRC1522), 2u);
  EXPECT_EQ(b.read(NIC_ROC), 1u);
  EXPECT_EQ(b.read(NIC_GORCL), 9018u + 16384u);
}

// Size buckets of good frames (datasheet PRC64..PRC1522): 64, 65-127,
// 128-255, 256-511, 512-1023, 1024-max, each bound on both sides.
TEST_F(MAC_SUITE, SizeBucketBounds) {
  for (size_t len : {64, 65, 127, 128, 255, 256, 511, 512, 1023, 1024, 1518}) {
    auto got = b.receive(frames::frame_of_len(kStation, len, uint32_t(len)));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0].commit) << len;
  }
  EXPECT_EQ(b.read(NIC_PRC64), 1u);
  EXPECT_EQ(b.read(NIC_PRC127), 2u);
  EXPECT_EQ(b.read(NIC_PRC255), 2u);
  EXPECT_EQ(b.read(NIC_PRC511), 2u);
  EXPECT_EQ(b.read(NIC_PRC1023), 2u);
  EXPECT_EQ(b.read(NIC_PRC1522), 2u);
  EXPECT_EQ(b.read(NIC_GPRC), 11u);
}

// --- VLAN (CTRL.VME, 802.1Q) --------------------------------------------------

// With CTRL.VME a tagged frame is stored without its 4 tag bytes, the TCI in
// special, status.VP, length L - 4; without VME it is stored as received.
TEST_F(MAC_SUITE, VlanTagStripped) {
  Bytes f = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(80, 60), 0xa07b);
  b.m->cfg_vme = 1;
  auto got = b.receive(f);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  Bytes untagged = f;
  untagged.erase(untagged.begin() + 12, untagged.begin() + 16);
  EXPECT_EQ(got[0].bytes, untagged);
  EXPECT_EQ(got[0].length(), f.size() - 4);
  EXPECT_EQ(got[0].special(), 0xa07b);
  EXPECT_NE(got[0].status() & NIC_RXD_STATUS_VP, 0);
  EXPECT_EQ(b.read(NIC_GORCL), f.size());  // GORC counts the wire bytes
  b.m->cfg_vme = 0;
  got = b.receive(f);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].bytes, f);
  EXPECT_EQ(got[0].length(), f.size());
  EXPECT_EQ(got[0].special(), 0);
  EXPECT_EQ(got[0].status() & NIC_RXD_STATUS_VP, 0);
  // VME leaves untagged frames alone.
  b.m->cfg_vme = 1;
  Bytes plain = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(80, 61));
  got = b.receive(plain);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].bytes, plain);
  EXPECT_EQ(got[0].status() & NIC_RXD_STATUS_VP, 0);
}

// RCTL.VFE: a tagged frame passes when VFTA[VID / 32] has bit VID % 32 (the
// VID: the TCI's low 12 bits, whatever the priority bits), else it is
// filtered as a destination miss is (XFLTC); untagged frames pass; with VFE
// clear VFTA is not looked at.
TEST_F(MAC_SUITE, VlanFilterTable) {
  auto tagged = [](uint16_t tci, uint8_t seed) {
    return frames::frame(kStation, kPeer, 0x88b5, frames::pattern(80, seed), tci);
  };
  b.m->cfg_vme = 1;
  b.m->cfg_vfe = 1;
  for (int i = 0; i < 128; i++) b.m->cfg_vfta[i] = 0;
  b.m->cfg_vfta[100 / 32] = 1u << (100 % 32);  // VID 100
  auto got = b.receive(tagged(0xa064, 1));     // priority 5, VID 100
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_EQ(got[0].special(), 0xa064);
  got = b.receive(tagged(0x0065, 2));          // VID 101: its bit is clear
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].commit);
  EXPECT_EQ(b.read(NIC_XFLTC), 1u);
  got = b.receive(frames::frame(kStation, kPeer, 0x88b5, frames::pattern(80, 3)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit) << "untagged frames are not VLAN-filtered";
  b.m->cfg_vfe = 0;
  got = b.receive(tagged(0x0065, 4));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit) << "VFE clear: VFTA is not looked at";
  EXPECT_EQ(b.read(NIC_XFLTC), 0u);
}

// RCTL.SECRC: the FCS is still written but left out of the length (and with a
// stripped tag the length loses both).
TEST_F(MAC_SUITE, SecrcLengthExcludesFcs) {
  b.m->cfg_secrc = 1;
  Bytes f = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(200, 62));
  auto got = b.receive(f);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].bytes, f);
  EXPECT_EQ(got[0].length(), f.size() - 4);
  b.m->cfg_vme = 1;
  Bytes t = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(200, 63), 5);
  got = b.receive(t);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].bytes.size(), t.size() - 4);
  EXPECT_EQ(got[0].length(), t.size() - 8);
}

// --- Checksum offload (RXCSUM) -----------------------------------------------

namespace {
Bytes udp_segment(size_t payload, uint32_t seed) {
  Bytes l4 = frames::pattern(8 + payload, seed);
  frames::put16(l4, 0, 5353);
  frames::put16(l4, 2, 9);
  return l4;
}
Bytes tcp_segment(size_t payload, uint32_t seed) {
  Bytes l4 = frames::pattern(20 + payload, seed);
  l4[12] = 0x50;  // data offset 5
  return l4;
}
const uint8_t kIpcs = NIC_RXD_STATUS_IPCS, kTcpcs = NIC_RXD_STATUS_TCPCS, kIxsm = NIC_RXD_STATUS_IXSM;
const uint8_t kIpe = NIC_RXD_ERRORS_IPE, kTcpe = NIC_RXD_ERRORS_TCPE;
const uint8_t kCsumStatus = kIpcs | kTcpcs | kIxsm;
}  // namespace

// IPv4 header and UDP checksums evaluated and good: IPCS, TCPCS, no errors;
// Ethernet padding after a short datagram is not part of the UDP sum.
TEST_F(MAC_SUITE, ChecksumOffloadGoodUdp) {
  b.m->cfg_ipofld = 1;
  b.m->cfg_tuofld = 1;
  for (size_t payload : {4, 333, 1400}) {
    Bytes f = frames::frame(kStation, kPeer, 0x0800, frames::ipv4_packet({}, udp_segment(payload, 70)), -1, 0xa5);
    auto got = b.receive(f);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0].commit);
    EXPECT_EQ(got[0].status() & kCsumStatus, kIpcs | kTcpcs) << payload;
    EXPECT_EQ(got[0].errors(), 0) << payload;
  }
}

// A wrong IPv4 header checksum: IPE; a wrong UDP checksum: TCPE (the frame is
// still stored: the driver decides).
TEST_F(MAC_SUITE, ChecksumOffloadBadIpAndUdp) {
  b.m->cfg_ipofld = 1;
  b.m->cfg_tuofld = 1;
  Bytes f = frames::frame(kStation, kPeer, 0x0800, frames::ipv4_packet({}, udp_segment(100, 71)));
  Bytes bad_ip = f;
  bad_ip[14 + 8] ^= 0x01;  // TTL: header sum off, UDP pseudo-header unaffected
  eth_fcs_append(bad_ip.data(), bad_ip.size() - 4);
  auto got = b.receive(bad_ip);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].commit);
  EXPECT_EQ(got[0].status() & kCsumStatus, kIpcs | kTcpcs);
  EXPECT_EQ(got[0].errors(), kIpe);
  Bytes bad_udp = f;
  bad_udp[14 + 20 + 50] ^= 0x40;
  eth_fcs_append(bad_udp.data(), bad_udp.size() - 4);
  got = b.receive(bad_udp);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status() & kCsumStatus, kIpcs | kTcpcs);
  EXPECT_EQ(got[0].errors(), kTcpe);
}

// TCP over IPv4 (with IP options, odd segment length): good, then corrupted.
TEST_F(MAC_SUITE, ChecksumOffloadTcp) {
  b.m->cfg_ipofld = 1;
  b.m->cfg_tuofld = 1;
  frames::Ipv4 ip;
  ip.proto = 6;
  ip.ihl = 7;
  Bytes f = frames::frame(kStation, kPeer, 0x0800, frames::ipv4_packet(ip, tcp_segment(1001, 72)));
  auto got = b.receive(f);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status() & kCsumStatus, kIpcs | kTcpcs);
  EXPECT_EQ(got[0].errors(), 0);
  f[f.size() - 10] ^= 0x04;  // last payload bytes, beyond the captured header
  eth_fcs_append(f.data(), f.size() - 4);
  got = b.receive(f);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status() & kCsumStatus, kIpcs | kTcpcs);
  EXPECT_EQ(got[0].errors(), kTcpe);
}

// Not evaluated: a UDP checksum field of 0 (no checksum), a fragment (MF or an
// offset), offloads disabled, a non-IPv4 frame. IXSM when neither was evaluated.
TEST_F(MAC_SUITE, ChecksumOffloadNotEvaluated) {
  b.m->cfg_ipofld = 1;
  b.m->cfg_tuofld = 1;
  auto got = b.receive(frames::frame(kStation, kPeer, 0x0800, frames::ipv4_packet({}, udp_segment(60, 73), true)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status() & kCsumStatus, kIpcs);
  EXPECT_EQ(got[0].errors(), 0);
  for (uint16_t frag : {uint16_t(0x2000), uint16_t(0x0010)}) {
    frames::Ipv4 ip;
    ip.frag = frag;
    got = b.receive(frames::frame(kStation, kPeer, 0x0800, frames::ipv4_packet(ip, udp_segment(60, 74))));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].status() & kCsumStatus, kIpcs) << frag;
  }
  got = b.receive(frames::frame(kStation, kPeer, 0x86dd, frames::pattern(100, 75)));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status() & kCsumStatus, kIxsm);
  b.m->cfg_ipofld = 0;
  b.m->cfg_tuofld = 0;
  Bytes bad = frames::frame(kStation, kPeer, 0x0800, frames::ipv4_packet({}, udp_segment(60, 76)));
  bad[14 + 8] ^= 1;
  eth_fcs_append(bad.data(), bad.size() - 4);
  got = b.receive(bad);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status() & kCsumStatus, kIxsm);
  EXPECT_EQ(got[0].errors(), 0);
  // IPOFLD alone: the header is checked, the UDP checksum is not.
  b.m->cfg_ipofld = 1;
  got = b.receive(bad);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status() & kCsumStatus, kIpcs);
  EXPECT_EQ(got[0].errors(), kIpe);
}

// IPv4 behind an 802.1Q tag (header at 18) is offloaded, stripped or not.
TEST_F(MAC_SUITE, ChecksumOffloadBehindVlanTag) {
  b.m->cfg_ipofld = 1;
  b.m->cfg_tuofld = 1;
  Bytes f = frames::frame(kStation, kPeer, 0x0800, frames::ipv4_packet({}, udp_segment(500, 77)), 0x0123);
  for (int vme = 0; vme < 2; vme++) {
    b.m->cfg_vme = vme;
    auto got = b.receive(f);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].status() & kCsumStatus, kIpcs | kTcpcs) << vme;
    EXPECT_EQ(got[0].errors(), 0) << vme;
  }
}

// Packet checksum: the 16-bit ones' complement sum from RXCSUM.PCSS (offsets
// in the frame as received) to the end of the frame, FCS excluded.
TEST_F(MAC_SUITE, PacketChecksumFromPcss) {
  Bytes tagged = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(161, 80), 0x0042);
  Bytes plain = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(61, 81));
  b.m->cfg_vme = 1;
  for (unsigned pcss : {0u, 14u, 15u, 34u, 77u, 200u}) {
    b.m->cfg_pcss = pcss;
    for (const Bytes *f : {&tagged, &plain}) {
      auto got = b.receive(*f);
      ASSERT_EQ(got.size(), 1u);
      EXPECT_EQ(got[0].csum(), frames::packet_csum(*f, pcss)) << "PCSS " << pcss << " len " << f->size();
    }
  }
}

// --- Preamble, receiver enable ----------------------------------------------

// A malformed preamble or SFD (or a frame cut inside it): RXERRC and one
// ICR.RXSEQ pulse; nothing reaches the FIFO.
TEST_F(MAC_SUITE, BadPreambleCountsRxerrcAndRxseq) {
  Bytes f = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(46, 90));
  Bytes bad_sfd = frames::wire(f);
  bad_sfd[7] = 0xd4;
  Bytes bad_pre = frames::wire(f);
  bad_pre[2] = 0x54;
  Bytes whole = frames::wire(f);
  Bytes cut(whole.begin(), whole.begin() + 5);
  for (const Bytes *w : {&bad_sfd, &bad_pre, &cut}) {
    b.send(*w);
    b.settle();
  }
  EXPECT_EQ(b.frames.size(), 0u);
  EXPECT_EQ(b.rxseq_cycles.size(), 3u);
  EXPECT_EQ(b.read(NIC_RXERRC), 3u);
  EXPECT_EQ(b.read(NIC_TPR), 3u);
  EXPECT_EQ(b.read(NIC_GPRC), 0u);
  // TOR counts the bytes after the 8 preamble positions.
  EXPECT_EQ(b.read(NIC_TORL), 2 * f.size());
  expect_good(f, b.receive(f));
}

// RCTL.EN clear when a frame starts: XDISC, nothing written. EN is sampled at
// the start of the frame: clearing it mid-frame does not cut that frame.
TEST_F(MAC_SUITE, ReceiverDisabledDiscards) {
  Bytes f = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(100, 91));
  b.m->cfg_rx_en = 0;
  b.send(frames::wire(f));
  b.settle();
  EXPECT_EQ(b.frames.size(), 0u);
  EXPECT_EQ(b.read(NIC_XDISC), 1u);
  b.m->cfg_rx_en = 1;
  b.send(frames::wire(f), [&](size_t word) { b.m->cfg_rx_en = word == 0; });
  b.settle();
  ASSERT_EQ(b.frames.size(), 1u);
  EXPECT_TRUE(b.frames[0].commit);
  EXPECT_EQ(b.frames[0].bytes, f);
  EXPECT_EQ(b.read(NIC_XDISC), 0u);
  EXPECT_EQ(b.read(NIC_GPRC), 1u);
  EXPECT_EQ(b.read(NIC_TPR), 2u);
}

// --- Statistics (read to clear) ------------------------------------------------

// A read returns the count and clears it; an event in the very cycle of a
// read is not lost (it counts after the clear).
TEST_F(MAC_SUITE, StatsReadToClear) {
  Bytes f = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(46, 100));
  b.receive(f);
  b.receive(f);
  EXPECT_EQ(b.read(NIC_GPRC), 2u);
  EXPECT_EQ(b.read(NIC_GPRC), 0u);
  // Read GPRC in every cycle after a frame's last word: one read coincides
  // with its event, and the reads together still see exactly one frame.
  b.send(frames::wire(f));
  uint32_t seen = 0;
  for (int i = 0; i < 8; i++) seen += b.read(NIC_GPRC);
  EXPECT_EQ(seen, 1u);
  // Same for MPC / RNBC pulses from the FIFO and DMA.
  b.m->ev_missed = 1;
  b.m->ev_no_buffer = 1;
  b.tick();
  b.m->ev_no_buffer = 0;
  EXPECT_EQ(b.read(NIC_MPC), 1u);  // ev_missed still high: counts after the clear
  b.m->ev_missed = 0;
  EXPECT_EQ(b.read(NIC_MPC), 1u);
  EXPECT_EQ(b.read(NIC_MPC), 0u);
  EXPECT_EQ(b.read(NIC_RNBC), 1u);
  EXPECT_EQ(b.read(NIC_RNBC), 0u);
}

// GORCL/TORL read without clearing; reading GORCH/TORH clears both halves.
// rd_hit marks statistics addresses only.
TEST_F(MAC_SUITE, StatsHighHalfClearsBoth) {
  Bytes f = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(300, 101));
  b.receive(f);
  b.receive(f);
  EXPECT_EQ(b.read(NIC_GORCL), 2 * f.size());
  EXPECT_EQ(b.read(NIC_GORCL), 2 * f.size());
  EXPECT_EQ(b.read(NIC_GORCH), 0u);
  EXPECT_EQ(b.read(NIC_GORCL), 0u);
  EXPECT_EQ(b.read(NIC_TORL), 2 * f.size());
  EXPECT_EQ(b.read(NIC_TORH), 0u);
  EXPECT_EQ(b.read(NIC_TORL), 0u);
  EXPECT_EQ(b.read(NIC_PRC511), 2u);
  b.peek(NIC_GPRC);
  EXPECT_TRUE(b.m->rd_hit);
  b.peek(NIC_RCTL);
  EXPECT_FALSE(b.m->rd_hit);
}

// --- Streams ------------------------------------------------------------------

// Back-to-back frames at full rate (next sof in the cycle after eof), every
// length residue: each committed frame's FIFO bytes equal its wire bytes
// exactly, one wr_end per frame, and meta.length matches.
TEST_F(MAC_SUITE, BackToBackFullRate) {
  std::vector<Bytes> sent;
  for (size_t len = 64; len < 64 + 40; len++) sent.push_back(frames::frame_of_len(kStation, len, uint32_t(len)));
  sent.push_back(frames::frame_of_len(kStation, 1518, 7));
  sent.push_back(frames::frame_of_len(kStation, 64, 8));
  for (const auto &f : sent) b.send(frames::wire(f));
  b.settle();
  ASSERT_EQ(b.frames.size(), sent.size());
  uint64_t bytes = 0;
  for (size_t i = 0; i < sent.size(); i++) {
    EXPECT_TRUE(b.frames[i].commit) << i;
    EXPECT_EQ(b.frames[i].bytes, sent[i]) << i;
    EXPECT_EQ(b.frames[i].length(), sent[i].size()) << i;
    bytes += sent[i].size();
  }
  EXPECT_EQ(b.read(NIC_GPRC), sent.size());
  EXPECT_EQ(b.read(NIC_GORCL), bytes);
}

// Back to back with VLAN stripping at every length residue: the retracted tag
// bytes never leak into the words.
TEST_F(MAC_SUITE, BackToBackVlanStrip) {
  b.m->cfg_vme = 1;
  std::vector<Bytes> sent;
  for (size_t len = 68; len < 68 + 20; len++) sent.push_back(frames::frame_of_len(kStation, len, uint32_t(len), int(len)));
  for (const auto &f : sent) b.send(frames::wire(f));
  b.settle();
  ASSERT_EQ(b.frames.size(), sent.size());
  for (size_t i = 0; i < sent.size(); i++) {
    Bytes want = sent[i];
    want.erase(want.begin() + 12, want.begin() + 16);
    EXPECT_EQ(b.frames[i].bytes, want) << i;
    EXPECT_EQ(b.frames[i].special(), sent[i].size()) << i;
  }
}

// Conservation: every wire frame lands in exactly one class counter, so TPR
// equals their sum, and TOR counts every frame's bytes.
TEST_F(MAC_SUITE, ConservationOverMixedBatch) {
  std::vector<Bytes> wires;
  uint64_t tor = 0;
  auto add = [&](const Bytes &frame) {
    wires.push_back(frames::wire(frame));
    tor += frame.size();
  };
  add(frames::frame_of_len(kStation, 64, 1));                  // good
  add(frames::frame_of_len(kStation, 1000, 2));                // good
  Bytes bad = frames::frame_of_len(kStation, 200, 3);
  bad[100] ^= 2;
  add(bad);                                                 // CRCERRS
  add(frames::frame_of_len(kStation, 40, 4));                  // RUC
  Bytes frag = frames::frame_of_len(kStation, 40, 5);
  frag[30] ^= 2;
  add(frag);                                                // RFC
  add(frames::frame_of_len(kStation, 1600, 6));                // ROC
  Bytes jab = frames::frame_of_len(kStation, 1600, 7);
  jab[30] ^= 2;
  add(jab);                                                 // RJC
  add(frames::frame_of_len(kOther, 100, 8));                   // XFLTC
  Bytes seq = frames::wire(frames::frame_of_len(kStation, 100, 9));
  seq[7] = 0x55;
  wires.push_back(seq);                                     // RXERRC
  tor += 100;
  for (const auto &w : wires) b.send(w);
  b.m->cfg_rx_en = 0;
  add(frames::frame_of_len(kStation, 100, 10));                // XDISC
  b.send(wires.back());
  b.settle();
  std::vector<uint32_t> counts = class_counts();
  std::vector<uint32_t> want = {2, 1, 1, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(counts, want);
  EXPECT_EQ(b.read(NIC_TPR), std::accumulate(counts.begin(), counts.end(), 0u));
  EXPECT_EQ(b.read(NIC_TORL), tor);
  EXPECT_EQ(b.frames.size(), 8u);  // all but the bad-preamble and disabled frames wrote words
}

// Timing contract (docs/ARCHITECTURE.md): the verdict (here rxseq, and
// wr_commit/wr_meta with wr_end) appears 3 cycles after the last wire word;
// wr_end comes in the cycle after the frame's last FIFO word, which is 3
// cycles after the last wire word, or 4 when that word overflowed a FIFO word.
TEST_F(MAC_SUITE, VerdictLatency) {
  Bytes f = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(46, 120));
  Bytes bad = frames::wire(f);
  bad[7] = 0x57;
  b.send(bad);
  b.settle();
  ASSERT_EQ(b.rxseq_cycles.size(), 1u);
  EXPECT_EQ(b.rxseq_cycles[0], b.last_eof_cycle + 3);
  b.receive(f);
  ASSERT_EQ(b.end_cycles.size(), 1u);
  EXPECT_EQ(b.end_cycles[0], b.last_eof_cycle + 3);
  // A stripped tag shifts the stored bytes by 4: at 8 bytes a cycle the
  // last wire word of this 72-byte frame (68 stored) then overflows a FIFO
  // word, whose 4-byte rest is written one cycle later. Narrower words never
  // overflow (the FIFO word fill stays a multiple of their width).
  b.m->cfg_vme = 1;
  Bytes g = frames::frame_of_len(kStation, 72, 121, 7);
  b.receive(g);
  ASSERT_EQ(b.end_cycles.size(), 2u);
  EXPECT_EQ(b.end_cycles[1], b.last_eof_cycle + (MAC_DATA_W == 64 ? 4 : 3));
  g.erase(g.begin() + 12, g.begin() + 16);
  EXPECT_EQ(b.frames[1].bytes, g);
}

// idle: low while a frame is in progress or its verdict is pending, high
// once everything has left (the platform skips cycles on it).
TEST_F(MAC_SUITE, IdleAfterFrame) {
  EXPECT_TRUE(b.idle_now());
  Bytes f = frames::frame(kStation, kPeer, 0x88b5, frames::pattern(46, 110));
  bool idle_during = false;
  b.send(frames::wire(f), [&](size_t word) {
    if (word > 0) idle_during |= b.idle_now();
  });
  EXPECT_FALSE(idle_during);
  EXPECT_FALSE(b.idle_now());
  b.settle();
  EXPECT_TRUE(b.idle_now());
  EXPECT_EQ(b.frames.size(), 1u);
}
