// rx_dma behind rx_fifo (rx_path_tb: 32 KiB FIFO, 16-entry descriptor cache)
// against the behavioral host memory. Rules: Intel 8254x legacy receive
// descriptors as summarised in BRIEF.md ("Hardware reference semantics") and the
// rx_dma contract in docs/ARCHITECTURE.md.
#include "Vrx_path_tb.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "host_mem.hpp"
#include "mac_writer.hpp"
#include "nic_defines.h"

namespace {

using rxsim_test::HostMem;
using rxsim_test::HostMemConfig;
using rxsim_test::MacWriter;
using rxsim_test::make_frame;
using rxsim_test::pack_meta;
using rxsim_test::RxDesc;
using rxsim_test::RxRing;
using rxsim_test::WriteBurst;

constexpr uint64_t kRingBase = 0x1'0001'0000ull;  // above 4 GiB: RDBAH matters
constexpr uint64_t kBufBase = 0x2'0000'0000ull;
constexpr uint64_t kBufStride = 0x8000;           // room for the largest buffer
constexpr unsigned kCache = 16;                   // DESC_CACHE of the model
constexpr uint8_t kDD = NIC_RXD_STATUS_DD;
constexpr uint8_t kEOP = NIC_RXD_STATUS_EOP;

// Metadata of test frame `seq`: fields the EOP write-back must copy.
uint64_t meta_for(unsigned seq, size_t len) {
  return pack_meta(static_cast<uint16_t>(len), static_cast<uint16_t>(0x5000 + seq),
                   NIC_RXD_STATUS_IPCS | NIC_RXD_STATUS_TCPCS, NIC_RXD_ERRORS_TCPE,
                   static_cast<uint16_t>(0x0100 + seq));
}

class PathBench {
 public:
  explicit PathBench(unsigned ring_n, HostMemConfig cfg = {})
      : mem(cfg), ring(mem, kRingBase, ring_n, kBufBase, kBufStride), m_(std::make_unique<Vrx_path_tb>()) {
    ring.init();
    m_->rst_n = 0;
    m_->cfg_rx_en = 1;
    m_->cfg_rdbal = static_cast<uint32_t>(kRingBase);
    m_->cfg_rdbah = static_cast<uint32_t>(kRingBase >> 32);
    m_->cfg_rdlen = ring.rdlen();
    m_->cfg_bsize = NIC_RCTL_BSIZE_2048;
    m_->cfg_bsex = 0;
    m_->cfg_pthresh = 0;
    m_->cfg_hthresh = 0;
    m_->cfg_wthresh = 1;  // RXDCTL reset value
    m_->cfg_rdmts = NIC_RCTL_RDMTS_HALF;
    tick();
    tick();
    m_->rst_n = 1;
    tick();
  }

  HostMem mem;
  RxRing ring;
  MacWriter mac;
  // Cycles (HostMem::cycle numbering) in which each pulse output was high.
  std::vector<uint64_t> frame_written, flush_done, no_buffer, rxdmt0, missed;

  Vrx_path_tb& m() { return *m_; }
  void set_rdt(unsigned v) { rdt_write_ = static_cast<int>(v); }
  void set_rdh(unsigned v) { rdh_write_ = static_cast<int>(v); }
  void request_flush() { flush_ = true; }
  // Raises flush_req in the cycle whose edge accepts the next last data beat.
  void flush_at_next_data_end() { flush_at_data_end_ = true; }
  // The host refuses the data bursts whose numbers (0 = the first) are given:
  // dmaw_err with their last beat.
  void refuse_data_bursts(std::vector<unsigned> n) { refuse_ = std::move(n); }

  void tick() {
    mac.drive(*m_);
    mem.drive(*m_);
    m_->rdt_we = rdt_write_ >= 0;
    m_->rdh_we = rdh_write_ >= 0;
    m_->reg_wdata = static_cast<uint16_t>(rdt_write_ >= 0 ? rdt_write_ : std::max(rdh_write_, 0));
    m_->flush_req = flush_;
    rdt_write_ = rdh_write_ = -1;
    flush_ = false;
    m_->clk = 0;
    m_->eval();
    if (flush_at_data_end_ && m_->dmaw_valid && m_->dmaw_ready && m_->dmaw_last &&
        !in_ring(m_->dmaw_addr)) {
      m_->flush_req = 1;
      m_->eval();
      flush_at_data_end_ = false;
    }
    m_->dmaw_err = 0;
    if (m_->dmaw_valid && m_->dmaw_ready && m_->dmaw_last && !in_ring(m_->dmaw_addr)) {
      if (std::find(refuse_.begin(), refuse_.end(), data_bursts_) != refuse_.end()) {
        m_->dmaw_err = 1;
        m_->eval();
      }
      ++data_bursts_;
    }
    const uint64_t c = mem.cycle();
    if (m_->frame_written) frame_written.push_back(c);
    if (m_->flush_done) flush_done.push_back(c);
    if (m_->no_buffer) no_buffer.push_back(c);
    if (m_->rxdmt0) rxdmt0.push_back(c);
    if (m_->missed) missed.push_back(c);
    mem.sample(*m_);
    m_->clk = 1;
    m_->eval();
  }
  void run(unsigned n) {
    for (unsigned i = 0; i < n; ++i) tick();
  }
  // Until the MAC has nothing left to send and the engine has been idle for
  // a few cycles (frames may still wait in the FIFO for descriptors).
  void settle(unsigned limit = 200000) {
    unsigned quiet = 0;
    for (unsigned i = 0; i < limit && quiet < 4; ++i) {
      tick();
      quiet = (!mac.busy() && m_->idle && mem.read_idle()) ? quiet + 1 : 0;
    }
    ASSERT_EQ(quiet, 4u) << "engine never went idle";
  }

  // Bursts on the write channel that hit the descriptor ring / the buffers.
  std::vector<WriteBurst> wb_bursts() const { return filter(true); }
  std::vector<WriteBurst> data_bursts() const { return filter(false); }

 private:
  bool in_ring(uint64_t addr) const { return addr >= kRingBase && addr < kRingBase + ring.rdlen(); }
  std::vector<WriteBurst> filter(bool ring_part) const {
    std::vector<WriteBurst> out;
    for (const WriteBurst& w : mem.writes())
      if (in_ring(w.addr) == ring_part) out.push_back(w);
    return out;
  }

  std::unique_ptr<Vrx_path_tb> m_;
  int rdt_write_ = -1, rdh_write_ = -1;
  bool flush_ = false;
  bool flush_at_data_end_ = false;
  std::vector<unsigned> refuse_;
  unsigned data_bursts_ = 0;
};

// A minimal driver: cleans descriptors with DD in ring order, gathers frames
// (EOP ends one), hands each descriptor back and moves RDT behind it, keeping
// one descriptor unused as e1000 does.
struct Software {
  struct Frame {
    std::vector<uint8_t> bytes;
    RxDesc eop;
    unsigned descs;
  };
  explicit Software(PathBench& b) : b_(b) {}

  void clean() {
    bool moved = false;
    RxDesc d;
    while (((d = b_.ring.desc(ntc_)).status & kDD) != 0) {
      EXPECT_EQ(d.addr, b_.ring.buf_addr(ntc_)) << "buffer address not copied back";
      const auto part = b_.ring.buffer(ntc_, d.length);
      cur_.insert(cur_.end(), part.begin(), part.end());
      ++descs_;
      if (d.status & kEOP) {
        frames.push_back({cur_, d, descs_});
        cur_.clear();
        descs_ = 0;
      }
      b_.ring.give(ntc_);
      ntc_ = (ntc_ + 1) % b_.ring.count();
      moved = true;
    }
    if (moved) b_.set_rdt((ntc_ + b_.ring.count() - 1) % b_.ring.count());
  }
  std::vector<Frame> frames;

 private:
  PathBench& b_;
  unsigned ntc_ = 0;
  unsigned descs_ = 0;
  std::vector<uint8_t> cur_;
};

void expect_no_bus_errors(const PathBench& b) {
  for (const auto& e : b.mem.errors()) ADD_FAILURE() << e;
}

// One frame, one descriptor: fetch on demand of every descriptor hardware owns
// (7 of 8, within the cache), data burst of exactly meta.length bytes to the
// buffer address, then the write-back of a full descriptor with DD and EOP,
// the metadata and the buffer address; RDH moves past it; frame_written in the
// cycle after the last data beat; the engine then reports idle.
TEST(RxDma, SingleFrameDataThenWriteBack) {
  PathBench b(8);
  b.set_rdt(7);
  b.run(50);
  EXPECT_TRUE(b.mem.reads().empty()) << "PTHRESH = 0: no prefetch without a frame";
  EXPECT_TRUE(b.m().idle);
  const auto f = make_frame(1, 100);
  b.mac.frame(f, meta_for(1, 100));
  b.settle();

  ASSERT_EQ(b.mem.reads().size(), 1u);
  EXPECT_EQ(b.mem.reads()[0].addr, kRingBase);
  EXPECT_EQ(b.mem.reads()[0].len, 7u * 16);
  const auto data = b.data_bursts();
  const auto wb = b.wb_bursts();
  ASSERT_EQ(data.size(), 1u);
  ASSERT_EQ(wb.size(), 1u);
  EXPECT_EQ(data[0].addr, b.ring.buf_addr(0));
  EXPECT_EQ(data[0].len, 100u);
  EXPECT_EQ(wb[0].addr, kRingBase);
  EXPECT_EQ(wb[0].len, 16u);
  EXPECT_GT(wb[0].first_cycle, data[0].last_cycle);
  EXPECT_EQ(b.ring.buffer(0, 100), f);
  EXPECT_EQ(b.mem.read(b.ring.buf_addr(0) + 100, 12), std::vector<uint8_t>(12, 0)) << "wrote past the frame";

  const RxDesc d = b.ring.desc(0);
  EXPECT_EQ(d.addr, b.ring.buf_addr(0));
  EXPECT_EQ(d.length, 100);
  EXPECT_EQ(d.csum, 0x5001);
  EXPECT_EQ(d.status, NIC_RXD_STATUS_IPCS | NIC_RXD_STATUS_TCPCS | kDD | kEOP);
  EXPECT_EQ(d.errors, NIC_RXD_ERRORS_TCPE);
  EXPECT_EQ(d.special, 0x0101);
  EXPECT_FALSE(b.ring.done(1));
  EXPECT_EQ(b.m().rdh, 1);

  ASSERT_EQ(b.frame_written.size(), 1u);
  EXPECT_EQ(b.frame_written[0], data[0].last_cycle + 1);
  EXPECT_TRUE(b.m().idle);
  EXPECT_TRUE(b.m().fifo_empty);
  expect_no_bus_errors(b);
}

// A frame longer than the buffer (BSIZE = 256) spans descriptors: 256, 256,
// 256, 232 bytes; DD on each, EOP and the metadata only on the last; the
// non-EOP descriptors carry only DD and their length; one frame_written.
TEST(RxDma, MultiDescriptorFrame) {
  PathBench b(8);
  b.m().cfg_bsize = NIC_RCTL_BSIZE_256;
  b.set_rdt(7);
  const auto f = make_frame(3, 1000);
  b.mac.frame(f, meta_for(3, 1000));
  b.settle();

  const auto data = b.data_bursts();
  ASSERT_EQ(data.size(), 4u);
  const uint16_t lens[4] = {256, 256, 256, 232};
  std::vector<uint8_t> got;
  for (unsigned i = 0; i < 4; ++i) {
    EXPECT_EQ(data[i].addr, b.ring.buf_addr(i));
    EXPECT_EQ(data[i].len, lens[i]);
    const RxDesc d = b.ring.desc(i);
    EXPECT_EQ(d.length, lens[i]) << "descriptor " << i;
    if (i < 3) {
      EXPECT_EQ(d.status, kDD) << "descriptor " << i;
      EXPECT_EQ(d.csum, 0);
      EXPECT_EQ(d.errors, 0);
      EXPECT_EQ(d.special, 0);
    } else {
      EXPECT_EQ(d.status, NIC_RXD_STATUS_IPCS | NIC_RXD_STATUS_TCPCS | kDD | kEOP);
      EXPECT_EQ(d.csum, 0x5003);
      EXPECT_EQ(d.special, 0x0103);
    }
    const auto part = b.ring.buffer(i, lens[i]);
    got.insert(got.end(), part.begin(), part.end());
  }
  EXPECT_EQ(got, f);
  EXPECT_EQ(b.m().rdh, 4);
  ASSERT_EQ(b.frame_written.size(), 1u);
  EXPECT_EQ(b.frame_written[0], data[3].last_cycle + 1);
  expect_no_bus_errors(b);
}

// A data burst the host refuses (dmaw_err): the frame's EOP descriptor carries
// errors.RXE beside its own errors, whichever of its bursts was refused; the
// frames around it are untouched and the ring goes on.
TEST(RxDma, RefusedDataBurstMarksItsFrameRxe) {
  PathBench b(16);
  b.m().cfg_bsize = NIC_RCTL_BSIZE_256;
  b.set_rdt(15);
  b.refuse_data_bursts({1, 4});  // frame 1 (one buffer); frame 2's first of four
  for (unsigned i = 0; i < 3; ++i) {
    const size_t len = i == 2 ? 1000 : 100;
    b.mac.frame(make_frame(i, len), meta_for(i, len));
  }
  b.settle();
  ASSERT_EQ(b.data_bursts().size(), 6u);
  const uint8_t rxe = NIC_RXD_ERRORS_RXE;
  EXPECT_EQ(b.ring.desc(0).errors, NIC_RXD_ERRORS_TCPE) << "frame 0: not refused";
  EXPECT_EQ(b.ring.desc(1).errors, NIC_RXD_ERRORS_TCPE | rxe) << "frame 1: its only burst refused";
  for (unsigned i = 2; i < 5; ++i) EXPECT_EQ(b.ring.desc(i).errors, 0) << "non-EOP descriptor " << i;
  EXPECT_EQ(b.ring.desc(5).errors, NIC_RXD_ERRORS_TCPE | rxe) << "frame 2: its first burst refused";
  EXPECT_TRUE(b.ring.desc(5).status & kEOP);
  EXPECT_EQ(b.m().rdh, 6);

  b.refuse_data_bursts({});
  b.mac.frame(make_frame(3, 100), meta_for(3, 100));
  b.settle();
  EXPECT_EQ(b.ring.desc(6).errors, NIC_RXD_ERRORS_TCPE) << "the next frame starts clean";
  expect_no_bus_errors(b);
}

// RCTL.SECRC: the FIFO holds the 4 FCS bytes beyond meta.length; exactly
// meta.length bytes reach host memory, the FCS word is read and dropped, and
// the next frame is not shifted.
TEST(RxDma, StrippedFcsIsReadAndDropped) {
  PathBench b(8);
  b.set_rdt(7);
  const size_t lens[3] = {64, 62, 80};  // FCS in its own word, straddling, in the last word
  for (unsigned i = 0; i < 3; ++i) b.mac.frame(make_frame(i, lens[i] + 4), meta_for(i, lens[i]));
  b.settle();
  for (unsigned i = 0; i < 3; ++i) {
    EXPECT_EQ(b.ring.desc(i).length, lens[i]);
    EXPECT_EQ(b.ring.desc(i).status & (kDD | kEOP), kDD | kEOP);
    auto want = make_frame(i, lens[i] + 4);
    want.resize(lens[i]);
    EXPECT_EQ(b.ring.buffer(i, lens[i]), want) << "frame " << i;
    EXPECT_EQ(b.mem.read(b.ring.buf_addr(i) + lens[i], 4), std::vector<uint8_t>(4, 0)) << "FCS written";
  }
  EXPECT_TRUE(b.m().fifo_empty);
  expect_no_bus_errors(b);
}

// A frame whose metadata says 0 bytes has nothing for the host: its words are
// dropped without taking a descriptor, and the next frame goes to descriptor 0.
TEST(RxDma, ZeroLengthFrameTakesNoDescriptor) {
  PathBench b(8);
  b.set_rdt(7);
  b.mac.frame(make_frame(0, 20), meta_for(0, 0));
  b.mac.frame(make_frame(1, 70), meta_for(1, 70));
  b.settle();
  EXPECT_EQ(b.data_bursts().size(), 1u);
  EXPECT_EQ(b.ring.desc(0).csum, 0x5001);
  EXPECT_EQ(b.ring.buffer(0, 70), make_frame(1, 70));
  EXPECT_EQ(b.m().rdh, 1);
  EXPECT_EQ(b.frame_written.size(), 1u);
  EXPECT_TRUE(b.m().fifo_empty);
  expect_no_bus_errors(b);
}

// Ring wrap with a driver returning descriptors: 40 frames through 8
// descriptors; fetches and write-backs never cross the ring end (WTHRESH = 3
// splits batches there, flush_req every 150 cycles writes back the rest as
// RDTR would); every frame arrives whole and in order.
TEST(RxDma, RingWrap) {
  PathBench b(8);
  b.m().cfg_wthresh = 3;
  b.m().cfg_bsize = NIC_RCTL_BSIZE_512;
  Software sw(b);
  b.set_rdt(7);
  std::vector<std::vector<uint8_t>> sent;
  for (unsigned i = 0; i < 40; ++i) {
    sent.push_back(make_frame(i, 60 + (i * 53) % 700));
    b.mac.frame(sent.back(), meta_for(i, sent.back().size()));
    b.mac.idle(40);
  }
  for (unsigned c = 0; c < 30000 && sw.frames.size() < sent.size(); ++c) {
    if (c % 150 == 0) b.request_flush();
    b.tick();
    sw.clean();
  }
  ASSERT_EQ(sw.frames.size(), sent.size());
  for (unsigned i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(sw.frames[i].bytes, sent[i]) << "frame " << i;
    EXPECT_EQ(sw.frames[i].eop.csum, 0x5000 + i);
    EXPECT_EQ(sw.frames[i].descs, (sent[i].size() + 511) / 512);
  }
  const uint64_t ring_end = kRingBase + b.ring.rdlen();
  bool wrapped = false;
  for (const auto& r : b.mem.reads()) {
    EXPECT_LE(r.addr + r.len, ring_end);
    wrapped |= r.addr + r.len == ring_end;
  }
  for (const auto& w : b.wb_bursts()) {
    EXPECT_LE(w.addr + w.len, ring_end);
    EXPECT_LE(w.len, 8u * 16);
  }
  EXPECT_TRUE(wrapped);
  EXPECT_TRUE(b.missed.empty());
  expect_no_bus_errors(b);
}

// RDH == RDT: hardware owns no descriptor, so frames wait in the FIFO (no bus
// traffic, the engine idle); RNBC counts the frame that reached the head with no
// descriptor once; advancing RDT lets them all flow.
TEST(RxDma, EmptyRingFramesWaitThenFlow) {
  PathBench b(8);
  for (unsigned i = 0; i < 3; ++i) b.mac.frame(make_frame(i, 200), meta_for(i, 200));
  b.settle();
  b.run(500);
  EXPECT_TRUE(b.mem.reads().empty());
  EXPECT_TRUE(b.mem.writes().empty());
  EXPECT_EQ(b.m().frames, 3);
  EXPECT_TRUE(b.m().idle);
  EXPECT_TRUE(b.m().fifo_still) << "frames waiting for descriptors: nothing moves, so nic_top may skip";
  EXPECT_FALSE(b.m().fifo_empty);
  EXPECT_EQ(b.no_buffer.size(), 1u);
  b.set_rdt(7);
  b.settle();
  EXPECT_EQ(b.m().frames, 0);
  EXPECT_EQ(b.m().rdh, 3);
  for (unsigned i = 0; i < 3; ++i) EXPECT_EQ(b.ring.buffer(i, 200), make_frame(i, 200));
  EXPECT_EQ(b.no_buffer.size(), 1u);
  expect_no_bus_errors(b);
}

// RNBC rule: one no_buffer pulse per frame that reaches the FIFO head while no
// descriptor is cached, fetching or between the fetch pointer and RDT. With 2
// descriptors, then 2 more, then the rest: frames 3 and 5 find none.
TEST(RxDma, RnbcCountsFramesFindingNoDescriptor) {
  PathBench b(8);
  b.set_rdt(2);
  for (unsigned i = 0; i < 5; ++i) {
    b.mac.frame(make_frame(i, 128), meta_for(i, 128));
    b.mac.idle(30);
  }
  b.settle();
  EXPECT_EQ(b.m().rdh, 2);
  EXPECT_EQ(b.m().frames, 3);
  EXPECT_EQ(b.no_buffer.size(), 1u);
  b.set_rdt(4);
  b.settle();
  EXPECT_EQ(b.m().rdh, 4);
  EXPECT_EQ(b.no_buffer.size(), 2u);
  b.set_rdt(7);
  b.settle();
  EXPECT_EQ(b.m().rdh, 5);
  EXPECT_EQ(b.no_buffer.size(), 2u);
  for (unsigned i = 0; i < 5; ++i) EXPECT_EQ(b.ring.buffer(i, 128), make_frame(i, 128));
  expect_no_bus_errors(b);
}

// Full ring: hardware fills the 7 descriptors it owns and stops with RDH ==
// RDT; later frames wait in the FIFO until it overruns (each lost frame one
// missed pulse: sent = delivered + missed); once the driver returns
// descriptors, the stored frames come out intact and in order.
TEST(RxDma, FullRingThenOverrunThenRecovery) {
  PathBench b(8);
  b.set_rdt(7);
  const unsigned n = 40;
  for (unsigned i = 0; i < n; ++i) b.mac.frame(make_frame(i, 1500), meta_for(i, 1500));
  b.settle();
  EXPECT_EQ(b.m().rdh, 7);
  EXPECT_EQ(b.m().rdt, 7);
  EXPECT_FALSE(b.ring.done(7));
  EXPECT_FALSE(b.missed.empty());
  EXPECT_EQ(7u + b.m().frames + b.missed.size(), n);

  Software sw(b);
  for (unsigned c = 0; c < 200000 && sw.frames.size() + b.missed.size() < n; ++c) {
    b.tick();
    sw.clean();
  }
  ASSERT_EQ(sw.frames.size() + b.missed.size(), n);
  unsigned next = 0;
  for (const auto& fr : sw.frames) {
    const unsigned seq = fr.eop.csum - 0x5000;
    ASSERT_GE(seq, next);
    EXPECT_EQ(fr.bytes, make_frame(seq, 1500));
    next = seq + 1;
  }
  expect_no_bus_errors(b);
}

// RDH written at initialisation (RCTL.EN clear) sets where hardware starts:
// with RDH = 6 and RDT = 3, five frames land in descriptors 6, 7, 0, 1, 2 (the
// fetch stops at the ring end and continues from the base) and RDH ends at 3.
// While RCTL.EN is clear nothing is fetched and stored frames wait.
TEST(RxDma, RdhWriteAndReceiverEnable) {
  PathBench b(8);
  b.m().cfg_rx_en = 0;
  b.set_rdh(6);
  b.tick();
  b.set_rdt(3);
  for (unsigned i = 0; i < 5; ++i) b.mac.frame(make_frame(i, 80), meta_for(i, 80));
  b.settle();
  EXPECT_EQ(b.m().rdh, 6);
  EXPECT_EQ(b.m().frames, 5);
  EXPECT_TRUE(b.mem.reads().empty());
  EXPECT_TRUE(b.no_buffer.empty()) << "a disabled receiver is not out of buffers";
  b.m().cfg_rx_en = 1;
  b.settle();
  ASSERT_EQ(b.mem.reads().size(), 2u);
  EXPECT_EQ(b.mem.reads()[0].addr, b.ring.desc_addr(6));
  EXPECT_EQ(b.mem.reads()[0].len, 2u * 16);
  EXPECT_EQ(b.mem.reads()[1].addr, b.ring.desc_addr(0));
  EXPECT_EQ(b.mem.reads()[1].len, 3u * 16);
  const unsigned slot[5] = {6, 7, 0, 1, 2};
  for (unsigned i = 0; i < 5; ++i) {
    EXPECT_EQ(b.ring.desc(slot[i]).csum, 0x5000 + i);
    EXPECT_EQ(b.ring.buffer(slot[i], 80), make_frame(i, 80));
  }
  EXPECT_EQ(b.m().rdh, 3);
  EXPECT_EQ(b.m().frames, 0);
  expect_no_bus_errors(b);
}

// An RDH write while a fetch is in flight (initialisation racing the engine)
// empties the cache and discards that fetch's responses: the frame goes to the
// descriptor RDH names, fetched anew, never to a stale cached one.
TEST(RxDma, RdhWriteDropsFetchInFlight) {
  HostMemConfig cfg;
  cfg.read_latency = 30;
  PathBench b(8, cfg);
  b.set_rdt(7);
  b.mac.frame(make_frame(0, 100), meta_for(0, 100));
  for (unsigned i = 0; i < 200 && b.mem.reads().empty(); ++i) b.tick();
  ASSERT_EQ(b.mem.reads().size(), 1u);
  b.set_rdh(4);
  b.settle();
  ASSERT_EQ(b.mem.reads().size(), 2u);
  EXPECT_EQ(b.mem.reads()[1].addr, b.ring.desc_addr(4));
  EXPECT_EQ(b.mem.reads()[1].len, 3u * 16);
  ASSERT_EQ(b.data_bursts().size(), 1u);
  EXPECT_EQ(b.data_bursts()[0].addr, b.ring.buf_addr(4));
  EXPECT_EQ(b.ring.buffer(4, 100), make_frame(0, 100));
  EXPECT_FALSE(b.ring.done(0));
  EXPECT_EQ(b.m().rdh, 5);
  expect_no_bus_errors(b);
}

// Prefetch: fetch when fewer than PTHRESH (4) are cached and at least HTHRESH
// (2) are in host memory, as many as fit in the cache (16) and are available.
TEST(RxDma, PrefetchByThresholds) {
  PathBench b(32);
  b.m().cfg_pthresh = 4;
  b.m().cfg_hthresh = 2;
  b.set_rdt(1);
  b.run(100);
  EXPECT_TRUE(b.mem.reads().empty()) << "1 available < HTHRESH";
  b.set_rdt(2);
  b.settle();
  ASSERT_EQ(b.mem.reads().size(), 1u);
  EXPECT_EQ(b.mem.reads()[0].addr, kRingBase);
  EXPECT_EQ(b.mem.reads()[0].len, 2u * 16);
  b.set_rdt(20);
  b.settle();
  ASSERT_EQ(b.mem.reads().size(), 2u);
  EXPECT_EQ(b.mem.reads()[1].addr, kRingBase + 2 * 16);
  EXPECT_EQ(b.mem.reads()[1].len, (kCache - 2) * 16) << "cache room: 16 - 2";
  for (unsigned i = 0; i < 12; ++i) {
    b.mac.frame(make_frame(i, 64), meta_for(i, 64));
    b.settle();
  }
  EXPECT_EQ(b.mem.reads().size(), 2u) << "4 cached: not below PTHRESH";
  b.mac.frame(make_frame(12, 64), meta_for(12, 64));
  b.settle();
  ASSERT_EQ(b.mem.reads().size(), 3u);
  EXPECT_EQ(b.mem.reads()[2].addr, kRingBase + 16 * 16);
  EXPECT_EQ(b.mem.reads()[2].len, 4u * 16) << "RDT - fetch pointer = 4";
  expect_no_bus_errors(b);
}

// On demand (PTHRESH = 0): nothing is fetched until a frame waits; each fetch
// takes what fits in the cache, is available, and stops at the ring end.
TEST(RxDma, DemandFetchSizes) {
  PathBench b(32);
  b.set_rdt(31);
  b.run(100);
  EXPECT_TRUE(b.mem.reads().empty());
  for (unsigned i = 0; i < 17; ++i) {
    b.mac.frame(make_frame(i, 64), meta_for(i, 64));
    b.settle();
  }
  ASSERT_EQ(b.mem.reads().size(), 2u);
  EXPECT_EQ(b.mem.reads()[0].len, kCache * 16) << "a full cache";
  EXPECT_EQ(b.mem.reads()[1].addr, kRingBase + kCache * 16);
  EXPECT_EQ(b.mem.reads()[1].len, 15u * 16) << "RDT 31 - fetch pointer 16";
  EXPECT_EQ(b.m().rdh, 17);
  expect_no_bus_errors(b);
}

// WTHRESH = 4: nothing is written back until 4 descriptors are done, then one
// burst of all 4; flush_req writes back the rest and flush_done pulses in the
// cycle after the last write-back beat; with nothing pending, in the cycle
// after the request.
TEST(RxDma, WriteBackBatchingAndFlush) {
  PathBench b(16);
  b.m().cfg_wthresh = 4;
  b.set_rdt(15);
  for (unsigned i = 0; i < 3; ++i) b.mac.frame(make_frame(i, 64), meta_for(i, 64));
  b.settle();
  EXPECT_EQ(b.data_bursts().size(), 3u);
  EXPECT_TRUE(b.wb_bursts().empty());
  EXPECT_FALSE(b.ring.done(0));
  EXPECT_EQ(b.m().rdh, 0);
  EXPECT_EQ(b.frame_written.size(), 3u);

  b.mac.frame(make_frame(3, 64), meta_for(3, 64));
  b.settle();
  ASSERT_EQ(b.wb_bursts().size(), 1u);
  EXPECT_EQ(b.wb_bursts()[0].addr, kRingBase);
  EXPECT_EQ(b.wb_bursts()[0].len, 4u * 16);
  EXPECT_EQ(b.m().rdh, 4);
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(b.ring.desc(i).status & (kDD | kEOP), kDD | kEOP);

  for (unsigned i = 4; i < 6; ++i) b.mac.frame(make_frame(i, 64), meta_for(i, 64));
  b.settle();
  EXPECT_EQ(b.wb_bursts().size(), 1u);
  b.request_flush();
  b.settle();
  ASSERT_EQ(b.wb_bursts().size(), 2u);
  EXPECT_EQ(b.wb_bursts()[1].addr, kRingBase + 4 * 16);
  EXPECT_EQ(b.wb_bursts()[1].len, 2u * 16);
  EXPECT_EQ(b.m().rdh, 6);
  ASSERT_EQ(b.flush_done.size(), 1u);
  EXPECT_EQ(b.flush_done[0], b.wb_bursts()[1].last_cycle + 1);

  const uint64_t req_cycle = b.mem.cycle();
  b.request_flush();
  b.run(5);
  ASSERT_EQ(b.flush_done.size(), 2u);
  EXPECT_EQ(b.flush_done[1], req_cycle + 1);
  EXPECT_EQ(b.wb_bursts().size(), 2u);
  expect_no_bus_errors(b);
}

// Flush requests that overlap a stalled write-back are answered by one
// flush_done, after all of them and after the write-back was accepted.
TEST(RxDma, OverlappingFlushRequestsOneDone) {
  PathBench b(16);
  b.m().cfg_wthresh = 8;
  b.set_rdt(15);
  for (unsigned i = 0; i < 3; ++i) b.mac.frame(make_frame(i, 64), meta_for(i, 64));
  b.settle();
  b.mem.config().wr_ready_pct = 0;  // the host stalls writes
  b.request_flush();
  b.run(3);
  const uint64_t second = b.mem.cycle();
  b.request_flush();
  b.run(10);
  EXPECT_TRUE(b.flush_done.empty());
  b.mem.config().wr_ready_pct = 100;
  b.settle();
  ASSERT_EQ(b.wb_bursts().size(), 1u);
  EXPECT_EQ(b.wb_bursts()[0].len, 3u * 16);
  ASSERT_EQ(b.flush_done.size(), 1u);
  EXPECT_GT(b.flush_done[0], second);
  EXPECT_EQ(b.flush_done[0], b.wb_bursts()[0].last_cycle + 1);
  expect_no_bus_errors(b);
}

// "Everything finished now" includes a descriptor finished by the very edge
// that samples flush_req (RDTR = 0 flushes in the cycle of frame_written).
TEST(RxDma, FlushIncludesDescriptorFinishedAtSameEdge) {
  PathBench b(16);
  b.m().cfg_wthresh = 8;
  b.set_rdt(15);
  b.flush_at_next_data_end();
  b.mac.frame(make_frame(0, 64), meta_for(0, 64));
  b.settle();
  ASSERT_EQ(b.data_bursts().size(), 1u);
  ASSERT_EQ(b.wb_bursts().size(), 1u);
  EXPECT_EQ(b.wb_bursts()[0].len, 16u);
  ASSERT_EQ(b.flush_done.size(), 1u);
  EXPECT_EQ(b.flush_done[0], b.wb_bursts()[0].last_cycle + 1);
  EXPECT_EQ(b.m().rdh, 1);
  expect_no_bus_errors(b);
}

// RXDMT0 fires once, when hardware-owned descriptors ((RDT - RDH) mod 16) fall
// below 16/2, /4, /8, i.e. in the cycle after the write-back beat that takes
// them from the threshold to one less; again at the next crossing after the
// driver refilled the ring, not on every cycle below.
class RxDmaRdmts : public ::testing::TestWithParam<unsigned> {};

TEST_P(RxDmaRdmts, FiresAtCrossing) {
  const unsigned rdmts = GetParam();
  const unsigned thr = 16u >> (rdmts + 1);
  PathBench b(16);
  b.m().cfg_rdmts = rdmts;
  b.set_rdt(15);
  for (unsigned i = 0; i < 15; ++i) b.mac.frame(make_frame(i, 64), meta_for(i, 64));
  b.settle();
  // one beat per write-back descriptor: cycle of the k-th (k from 1)
  std::vector<uint64_t> beats;
  for (const auto& w : b.wb_bursts())
    for (unsigned j = 0; j < w.len / 16; ++j) beats.push_back(w.first_cycle + j);
  ASSERT_EQ(beats.size(), 15u);
  ASSERT_EQ(b.rxdmt0.size(), 1u);
  // owned before beat k is 15 - (k - 1); it falls below thr at k = 16 - thr
  EXPECT_EQ(b.rxdmt0[0], beats[16 - thr - 1] + 1);

  b.set_rdt(14);  // driver returns 15 descriptors: owned 15 again
  for (unsigned i = 0; i < 15; ++i) b.mac.frame(make_frame(i, 64), meta_for(i, 64));
  b.settle();
  beats.clear();
  for (const auto& w : b.wb_bursts())
    for (unsigned j = 0; j < w.len / 16; ++j) beats.push_back(w.first_cycle + j);
  ASSERT_EQ(beats.size(), 30u);
  ASSERT_EQ(b.rxdmt0.size(), 2u);
  EXPECT_EQ(b.rxdmt0[1], beats[15 + 16 - thr - 1] + 1);
  expect_no_bus_errors(b);
}
INSTANTIATE_TEST_SUITE_P(Rdmts, RxDmaRdmts,
                         ::testing::Values(NIC_RCTL_RDMTS_HALF, NIC_RCTL_RDMTS_QUARTER, NIC_RCTL_RDMTS_EIGHTH));

// Buffer size from RCTL.BSIZE and BSEX: a frame of B + 21 bytes takes one
// full buffer of B bytes and a second of 21; BSEX multiplies by 16, and with
// BSIZE = 0 it is reserved (acts as 2048).
struct BufCase {
  unsigned bsize, bsex, bytes;
};
class RxDmaBufSize : public ::testing::TestWithParam<BufCase> {};

TEST_P(RxDmaBufSize, FirstDescriptorTakesOneBuffer) {
  const BufCase c = GetParam();
  PathBench b(8);
  b.m().cfg_bsize = c.bsize;
  b.m().cfg_bsex = c.bsex;
  b.set_rdt(7);
  const auto f = make_frame(9, c.bytes + 21);
  b.mac.frame(f, meta_for(9, f.size()));
  b.settle();
  EXPECT_EQ(b.ring.desc(0).length, c.bytes);
  EXPECT_EQ(b.ring.desc(0).status, kDD);
  EXPECT_EQ(b.ring.desc(1).length, 21);
  EXPECT_EQ(b.ring.desc(1).status & (kDD | kEOP), kDD | kEOP);
  auto got = b.ring.buffer(0, c.bytes);
  const auto tail = b.ring.buffer(1, 21);
  got.insert(got.end(), tail.begin(), tail.end());
  EXPECT_EQ(got, f);
  expect_no_bus_errors(b);
}
INSTANTIATE_TEST_SUITE_P(
    Sizes, RxDmaBufSize,
    ::testing::Values(BufCase{NIC_RCTL_BSIZE_2048, 0, 2048}, BufCase{NIC_RCTL_BSIZE_1024, 0, 1024},
                      BufCase{NIC_RCTL_BSIZE_512, 0, 512}, BufCase{NIC_RCTL_BSIZE_256, 0, 256},
                      BufCase{NIC_RCTL_BSIZE_2048, 1, 2048}, BufCase{NIC_RCTL_BSIZE_1024, 1, 16384},
                      BufCase{NIC_RCTL_BSIZE_512, 1, 8192}, BufCase{NIC_RCTL_BSIZE_256, 1, 4096}));

// Host back-pressure on every channel and a long read latency change timing
// only: 60 frames of mixed sizes through an 8-descriptor ring with prefetch,
// WTHRESH = 2 and periodic flushes arrive whole, in order, each frame_written
// in the cycle after its last data beat.
TEST(RxDma, BackPressureAndLatencyKeepDataIntact) {
  HostMemConfig cfg;
  cfg.read_latency = 37;
  cfg.req_ready_pct = 40;
  cfg.rsp_valid_pct = 50;
  cfg.wr_ready_pct = 35;
  cfg.seed = 7;
  PathBench b(8, cfg);
  b.m().cfg_bsize = NIC_RCTL_BSIZE_512;
  b.m().cfg_pthresh = 4;
  b.m().cfg_hthresh = 1;
  b.m().cfg_wthresh = 2;
  Software sw(b);
  b.set_rdt(7);
  std::vector<std::vector<uint8_t>> sent;
  for (unsigned i = 0; i < 60; ++i) {
    sent.push_back(make_frame(i, 60 + (i * 389) % 1460));
    b.mac.frame(sent.back(), meta_for(i, sent.back().size()));
    b.mac.idle(200);
  }
  for (unsigned c = 0; c < 200000 && sw.frames.size() < sent.size(); ++c) {
    if (c % 300 == 0) b.request_flush();
    b.tick();
    sw.clean();
  }
  ASSERT_EQ(sw.frames.size(), sent.size());
  EXPECT_TRUE(b.missed.empty());
  for (unsigned i = 0; i < sent.size(); ++i) EXPECT_EQ(sw.frames[i].bytes, sent[i]) << "frame " << i;
  // EOP data bursts are the ones whose buffer ends the frame: match by count
  ASSERT_EQ(b.frame_written.size(), sent.size());
  std::vector<uint64_t> eop_ends;
  size_t k = 0;
  for (const auto& fr : sent) {
    const size_t descs = (fr.size() + 511) / 512;
    k += descs;
    eop_ends.push_back(b.data_bursts()[k - 1].last_cycle + 1);
  }
  EXPECT_EQ(b.frame_written, eop_ends);
  expect_no_bus_errors(b);
}

}  // namespace
