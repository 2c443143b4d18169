// nic_top under random traffic, programming and host back-pressure, with no
// hand-written expectation of what it computes: the harness's scoreboard (the
// behavioral twin in lock-step) checks every output at every edge. Per seed:
// frames of 1..16384 bytes (runts, oversize, bad FCS, bad preamble, 802.1Q
// tags, IPv4 UDP/TCP with good or bad header and L4 checksums, unicast to the
// station or another address, broadcast, multicast); RCTL filters and buffer
// size, CTRL.VME, RXCSUM, RDTR/RADV/ITR, IMS, RXDCTL thresholds, MTA/VFTA, ring
// size; DMA read latency and stalls, write stalls, MMIO response and MSI
// back-pressure; a driver that answers interrupts, holds the ring back and
// reprograms the moderation registers mid-run. Independent of both models:
// conservation (8254x statistics, each wire frame in exactly one class) and
// the delivered frames are the sent ones, in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "eth_fcs.h"
#include "frames.h"
#include "nic_defines.h"
#include "nic_regs.h"
#include "top_nic.h"

namespace {

using frames::Bytes;
using rxsim_test::RxFrame;

// The statistics counters a wire frame lands in (mac_stats: one class each),
// besides GPRC; MPC takes good frames the FIFO had no room for (RCTL.SBP
// stays clear: no frame with a bad FCS is stored).
constexpr uint32_t kFates[] = {NIC_CRCERRS, NIC_RUC, NIC_RFC, NIC_ROC, NIC_RJC, NIC_RXERRC, NIC_XFLTC, NIC_XDISC};

class RandomRun {
 public:
  explicit RandomRun(uint32_t seed) : rng_(seed), nic_(kTop, host_config(seed)) {}

  void run() {
    program();
    const unsigned n = 100 + pick(100);
    for (unsigned i = 0; i < n; ++i) {
      send_frame();
      const uint64_t slot = rxsim_test::WireTiming::slot_cycles(64, WIRE_BYTES);
      nic_.run(pick(4) ? pick(3 * slot) : pick(20000 / WIRE_BYTES));  // back to back, or a pause
      drive();
    }
    finish();
  }

  // The run's account, for a failure message.
  std::string account() const { return account_; }

  uint32_t stat(uint32_t reg) const { return stats_.count(reg) ? stats_.at(reg) : 0; }
  size_t sent() const { return sent_.size(); }
  uint64_t interrupts() const { return nic_.intx_rises().size(); }
  uint64_t edges() const { return nic_.cycle(); }
  const std::vector<RxFrame>& delivered() const { return got_; }
  // The delivered frames matched in order against the sent ones (empty: all did).
  std::string order_error() const;

 private:
  uint32_t pick(uint32_t n) { return n ? std::uniform_int_distribution<uint32_t>(0, n - 1)(rng_) : 0; }
  bool chance(unsigned pct) { return pick(100) < pct; }

  rxsim_test::NicHostConfig host_config(uint32_t seed) {
    rxsim_test::NicHostConfig h;
    h.mem.seed = seed;
    h.mem.read_latency = 1 + pick(40);
    h.mem.req_ready_pct = 30 + pick(71);
    h.mem.rsp_valid_pct = 30 + pick(71);
    h.mem.wr_ready_pct = 30 + pick(71);
    h.mmio_rsp_ready_pct = 30 + pick(71);
    h.msi_ready_pct = 30 + pick(71);
    return h;
  }

  // The configuration of this run, as a driver would program it; the ring
  // has room for the longest frame its buffers take.
  void program() {
    bsize_ = 2048u >> pick(4);  // BSIZE 0..3, BSEX clear: every buffer fits the 2048-byte stride
    lpe_ = chance(30);
    secrc_ = chance(70);
    vme_ = chance(30);
    const unsigned per_frame = ((lpe_ ? 16384u : 1522u) + bsize_ - 1) / bsize_;
    unsigned ring = 8u << pick(6);  // 8..256
    while (ring <= per_frame) ring *= 2;
    rctl_ = NIC_RCTL_EN | (secrc_ ? NIC_RCTL_SECRC : 0) | (lpe_ ? NIC_RCTL_LPE : 0) |
            (static_cast<uint32_t>(__builtin_ctz(2048u / bsize_)) << NIC_RCTL_BSIZE_SHIFT) |
            pick(3) << NIC_RCTL_RDMTS_SHIFT | pick(4) << NIC_RCTL_MO_SHIFT | filters();
    if (chance(50)) {  // a receive allocation of 8..24 KB (the RAM's size), taken at CTRL.RST
      nic_.write(NIC_PBA, 8 + pick(17));
      nic_.write(NIC_CTRL, NIC_CTRL_RST);
      nic_.run(2);
    }
    nic_.bring_up(ring);
    nic_.write(NIC_RCTL, rctl_);
    nic_.write(NIC_CTRL, NIC_CTRL_SLU | (vme_ ? NIC_CTRL_VME : 0));
    nic_.write(NIC_RXCSUM, (chance(70) ? NIC_RXCSUM_IPOFLD : 0) | (chance(70) ? NIC_RXCSUM_TUOFLD : 0) | pick(64));
    nic_.write(NIC_RXDCTL, pick(DESC_CACHE) | pick(DESC_CACHE) << 8 | pick(DESC_CACHE + 1) << 16);
    for (int i = 0; i < 8; ++i) nic_.write(NIC_MTA(pick(NIC_MTA_COUNT)), static_cast<uint32_t>(rng_()));
    for (int i = 0; i < 8; ++i) nic_.write(NIC_VFTA(pick(NIC_VFTA_COUNT)), static_cast<uint32_t>(rng_()));
    // A second station address
    nic_.write(NIC_RAL(1), 0x00000002u | pick(4) << 24);
    nic_.write(NIC_RAH(1), 0x0100u | NIC_RAH_AV);
    moderation();
    account_ = "ring " + std::to_string(ring) + ", buffers " + std::to_string(bsize_) + ", RCTL 0x" + hex(rctl_) +
               (vme_ ? ", VME" : "");
  }
  uint32_t filters() {
    return (chance(70) ? NIC_RCTL_BAM : 0) | (chance(15) ? NIC_RCTL_UPE : 0) | (chance(20) ? NIC_RCTL_MPE : 0) |
           (chance(30) ? NIC_RCTL_VFE : 0);
  }
  void moderation() {
    nic_.write(NIC_RDTR, pick(3) ? pick(8) : 0);
    nic_.write(NIC_RADV, pick(16));
    nic_.write(NIC_ITR, pick(3) ? pick(50) : 0);
    nic_.write(NIC_IMS, static_cast<uint32_t>(rng_()) &
                            (NIC_ICR_RXT0 | NIC_ICR_RXO | NIC_ICR_RXDMT0 | NIC_ICR_RXSEQ | NIC_ICR_LSC));
  }

  // ---- frames ----
  Bytes destination() {
    switch (pick(8)) {
      case 0: return Bytes(frames::kBroadcast.begin(), frames::kBroadcast.end());
      case 1: return {0x01, 0x00, 0x5e, uint8_t(pick(128)), uint8_t(rng_()), uint8_t(rng_())};
      case 2: return Bytes(frames::kPeerMac, frames::kPeerMac + 6);
      case 3: return {0x02, 0x00, 0x00, uint8_t(pick(4)), 0x00, 0x01};  // RA(1) when the byte matches
      default: return Bytes(frames::kHostMac, frames::kHostMac + 6);
    }
  }
  size_t length() {
    switch (pick(10)) {
      case 0: return 1 + pick(63);                  // runt
      case 1: return 1519 + pick(16384 - 1518);     // oversize unless LPE (and tagged up to 1522)
      case 2: return 60 + pick(9);                  // about the minimum
      case 3: return 1514 + pick(13);               // about the maximum
      default: return 64 + pick(1518 - 63);
    }
  }
  static void fcs(Bytes& f) { eth_fcs_append(f.data(), f.size() - 4); }

  // A frame of `len` bytes with FCS, some of it wrong.
  Bytes frame(size_t len) {
    const Bytes da = destination();
    const bool tag = chance(20);
    const size_t l2 = tag ? 18 : 14;
    Bytes f;
    frames::Ipv4 ip;
    ip.proto = pick(3) == 0 ? 6 : pick(4) ? 17 : uint8_t(pick(256));
    ip.ihl = uint8_t(chance(80) ? 5 : 6 + pick(10));
    ip.frag = chance(10) ? 0x2000 : 0;  // MF: a fragment, no L4 checksum
    if (len >= l2 + ip.ihl * 4u + 20 + 4 && chance(70)) {  // IPv4: UDP, TCP or another protocol
      const size_t l4_len = len - l2 - 4 - ip.ihl * 4u;
      Bytes l4 = frames::pattern(l4_len, static_cast<uint32_t>(rng_()));
      f = frames::frame(mac(da), mac(frames::kPeerMac), 0x0800, frames::ipv4_packet(ip, l4),
                        tag ? int(pick(65536)) : -1);
      if (chance(10)) f[l2 + 10] ^= 0x01;                            // IP header checksum
      if (chance(10)) f[l2 + ip.ihl * 4u + (ip.proto == 6 ? 16 : 6)] ^= 0x40;  // L4 checksum
      fcs(f);
    } else if (len >= 18) {
      f = frames::frame_of_len(mac(da), len, static_cast<uint32_t>(rng_()), tag ? int(pick(65536)) : -1);
    } else {
      f = frames::pattern(len, static_cast<uint32_t>(rng_()));
      std::copy(da.begin(), da.begin() + std::min<size_t>(6, len), f.begin());
      if (len > 4) fcs(f);
    }
    if (chance(5)) f[pick(static_cast<uint32_t>(f.size()))] ^= 0x10;  // bad FCS
    return f;
  }
  static frames::Mac mac(const Bytes& b) { return {b[0], b[1], b[2], b[3], b[4], b[5]}; }
  static frames::Mac mac(const uint8_t* b) { return {b[0], b[1], b[2], b[3], b[4], b[5]}; }

  void send_frame() {
    const Bytes f = frame(length());
    Bytes w = frames::wire(f);
    if (chance(2)) w[pick(8)] ^= 0x01;  // bad preamble or SFD
    sent_.push_back(f);
    nic_.send_wire(w);
  }

  // ---- the driver ----
  void drive() {
    if (held_ > 0) {
      --held_;  // the ring held back for a few frames: RNBC, overruns
    } else if (nic_.out().intx || chance(30)) {
      nic_.read(NIC_ICR);
      take(nic_.clean(chance(90)));  // or RDT left where it is until the next time
    }
    if (chance(8)) held_ = 10 + pick(60);
    if (chance(10)) nic_.run(pick(3000));  // the driver busy elsewhere
    if (chance(5)) moderation();
    if (chance(3)) nic_.write(NIC_RDTR, pick(8) | NIC_RDTR_FPD);
    if (chance(3)) {
      rctl_ = (rctl_ & ~filters_mask()) | filters();
      nic_.write(NIC_RCTL, rctl_);
    }
    if (chance(2)) {  // the receiver off for a while: XDISC
      nic_.write(NIC_RCTL, rctl_ & ~NIC_RCTL_EN);
      nic_.run(pick(3000));
      nic_.write(NIC_RCTL, rctl_);
    }
    if (chance(3)) nic_.write(NIC_RXDCTL, pick(DESC_CACHE) | pick(DESC_CACHE) << 8 | pick(DESC_CACHE + 1) << 16);
    if (chance(10)) read_stat(kFates[pick(std::size(kFates))]);
  }
  static uint32_t filters_mask() { return NIC_RCTL_BAM | NIC_RCTL_UPE | NIC_RCTL_MPE | NIC_RCTL_VFE; }
  void take(std::vector<RxFrame> fs) {
    for (auto& f : fs) got_.push_back(std::move(f));
  }
  void read_stat(uint32_t reg) { stats_[reg] += nic_.read(reg); }  // they clear when read

  // Everything sent is on the wire, in the FIFO or in host memory: clean
  // until the NIC is quiet with its FIFO empty, then read every counter.
  void finish() {
    nic_.drain_wire();
    for (unsigned i = 0; i < 2000; ++i) {
      nic_.run(100);
      take(nic_.clean());
      if (nic_.out().idle_cycles != 0 && nic_.observed().fifo_frames == 0 && !nic_.wire_busy()) break;
    }
    nic_.run(20000 / WIRE_BYTES + 1000);  // timers, write-backs in flight
    take(nic_.clean());
    for (uint32_t reg : kFates) read_stat(reg);
    for (uint32_t reg : {NIC_TPR, NIC_GPRC, NIC_MPC}) read_stat(reg);
  }

  static std::string hex(uint32_t v) {
    char s[12];
    std::snprintf(s, sizeof s, "%x", v);
    return s;
  }

  std::mt19937 rng_;
  Nic nic_;
  uint32_t rctl_ = 0;
  unsigned bsize_ = 2048;
  bool lpe_ = false, secrc_ = true, vme_ = false;
  unsigned held_ = 0;  // frames to come before the driver cleans again
  std::vector<Bytes> sent_;
  std::vector<RxFrame> got_;
  std::map<uint32_t, uint32_t> stats_;
  std::string account_;
};

std::string RandomRun::order_error() const {
  size_t s = 0;
  for (size_t i = 0; i < got_.size(); ++i) {
    bool found = false;
    for (; s < sent_.size() && !found; ++s) {
      Bytes want = sent_[s];
      if (want.size() < frames::kMinFrame) continue;  // a runt is never delivered
      if (vme_ && want.size() >= 18 && want[12] == 0x81 && want[13] == 0x00)
        want.erase(want.begin() + 12, want.begin() + 16);  // CTRL.VME strips the tag
      want.resize(want.size() - 4);                        // FCS: compared only when kept
      Bytes have = got_[i].bytes;
      if (!secrc_ && have.size() >= 4) have.resize(have.size() - 4);
      found = have == want;
    }
    if (!found) return "delivered frame " + std::to_string(i) + " (" + std::to_string(got_[i].bytes.size()) +
                       " bytes) is none of the frames sent after the one before it";
  }
  return "";
}

class TopRandom : public ::testing::TestWithParam<uint32_t> {};

TEST_P(TopRandom, ScoreboardAndConservation) {
  RandomRun r(GetParam());
  r.run();  // throws rxsim::nic_divergence at the first edge the models differ
  SCOPED_TRACE(r.account());
  uint32_t fates = 0;
  for (uint32_t reg : kFates) fates += r.stat(reg);
  EXPECT_EQ(r.stat(NIC_TPR), r.sent()) << "TPR counts every wire frame";
  EXPECT_EQ(r.stat(NIC_TPR), r.stat(NIC_GPRC) + fates) << "each frame in exactly one class";
  EXPECT_EQ(r.sent(), r.delivered().size() + r.stat(NIC_MPC) + fates)
      << "every frame delivered, missed (MPC) or dropped by a class counter";
  EXPECT_EQ(r.order_error(), "");
  EXPECT_GT(r.delivered().size(), 0u);
  std::printf("%s: %zu frames, %zu delivered, MPC %u, CRCERRS %u, RUC %u, RFC %u, ROC %u, RJC %u, RXERRC %u, "
              "XFLTC %u, XDISC %u, %llu interrupts, %llu edges\n",
              r.account().c_str(), r.sent(), r.delivered().size(), r.stat(NIC_MPC), r.stat(NIC_CRCERRS),
              r.stat(NIC_RUC), r.stat(NIC_RFC), r.stat(NIC_ROC), r.stat(NIC_RJC), r.stat(NIC_RXERRC),
              r.stat(NIC_XFLTC), r.stat(NIC_XDISC), (unsigned long long)r.interrupts(), (unsigned long long)r.edges());
}

// Named after the binary's suite (Top_w64, Top_w8): one CTest name each.
// Fewer seeds on the narrower wire, which clocks more edges a frame (the 1G
// build 8 times as many): a few seconds of CPU in each build.
constexpr uint32_t kSeeds = WIRE_BYTES < 8 ? 8 : 24;
#define TOP_RANDOM_SEEDS(suite) INSTANTIATE_TEST_SUITE_P(suite, TopRandom, ::testing::Range(1u, 1u + kSeeds))
TOP_RANDOM_SEEDS(TOP_SUITE);

}  // namespace
