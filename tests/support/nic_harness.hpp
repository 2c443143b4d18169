// A Verilated nic_top with its surroundings: the wire (frames with preamble,
// SFD and inter-frame gap), the DMA engineer's behavioral host memory, MMIO
// register access and a driver-like receive ring. Used by the nic_top
// benches (tests/hw/top); bench/nic_bench.cpp has a leaner loop of its own.
//
// Cycle convention: cycle() counts rising edges; an input set before tick()
// is sampled at the edge tick() makes; outputs read after tick() are those
// right after that edge.
#ifndef RXSIM_TESTS_SUPPORT_NIC_HARNESS_HPP
#define RXSIM_TESTS_SUPPORT_NIC_HARNESS_HPP

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <stdexcept>
#include <vector>

#include "frames.h"
#include "host_mem.hpp"
#include "nic_defines.h"
#include "nic_regs.h"

namespace rxsim_test {

// Wire timing of one frame (bytes = DA through FCS) on a wire of `width`
// bytes per cycle: preamble + SFD (8 B) start at byte 0 of a word; the next
// frame starts once 12 B of IFG have passed after the FCS, rounded up to a word.
struct WireTiming {
  static constexpr unsigned kPreamble = 8;
  static constexpr unsigned kIfg = 12;
  static uint64_t frame_cycles(size_t bytes, unsigned width) {
    return (kPreamble + bytes + width - 1) / width;
  }
  static uint64_t slot_cycles(size_t bytes, unsigned width) {
    return (kPreamble + bytes + kIfg + width - 1) / width;
  }
};

// Received frame as the driver sees it.
struct RxFrame {
  std::vector<uint8_t> bytes;  // buffer contents, descriptor length bytes
  RxDesc desc;                 // the EOP descriptor
};

template <class Model>
class NicHarness {
 public:
  // width: wire bytes per cycle (DATA_W / 8); the model's other parameters
  // are the test's business.
  explicit NicHarness(unsigned width, HostMemConfig mem_cfg = {})
      : m_(std::make_unique<Model>()), mem_(mem_cfg), width_(width) {
    m_->clk = 0;
    m_->rst_n = 0;
    m_->mmio_rsp_ready = 1;
    m_->msi_ready = 1;
    m_->phy_link = 1;
    for (int i = 0; i < 4; ++i) tick();
    m_->rst_n = 1;
    tick();
  }

  Model& m() { return *m_; }
  HostMem& mem() { return mem_; }
  uint64_t cycle() const { return cycle_; }
  const std::vector<uint64_t>& intx_rises() const { return intx_rises_; }
  uint64_t msi_messages() const { return msi_messages_; }
  bool wire_busy() const { return !wire_.empty() || pos_ < cur_.size() || gap_ > 0; }

  // ---- clock ----
  void tick() {
    drive_wire();
    mem_.drive(*m_);
    m_->eval();
    mem_.sample(*m_);
    if (m_->msi_valid && m_->msi_ready) ++msi_messages_;
    const bool intx_before = m_->intx;
    m_->clk = 1;
    m_->eval();
    m_->clk = 0;
    m_->eval();
    ++cycle_;
    if (m_->intx && !intx_before) intx_rises_.push_back(cycle_);
  }
  void run(uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) tick();
  }
  // One edge counting n idle cycles (n <= idle_cycles).
  void skip(uint32_t n) {
    m_->skip_valid = 1;
    m_->skip_cycles = n;
    tick();
    m_->skip_valid = 0;
    m_->skip_cycles = 0;
    cycle_ += n - 1;
    if (!intx_rises_.empty() && intx_rises_.back() == cycle_ - n + 1) intx_rises_.back() = cycle_;
  }

  // ---- wire ----
  void send(const std::vector<uint8_t>& frame) { wire_.push_back(frames::wire(frame)); }
  // Clocks until every queued frame has left the wire.
  void drain_wire() {
    while (wire_busy()) tick();
  }

  // ---- MMIO ----
  void write(uint32_t addr, uint32_t data) {
    m_->mmio_req_valid = 1;
    m_->mmio_req_write = 1;
    m_->mmio_req_addr = addr;
    m_->mmio_req_wdata = data;
    wait_accept();
  }
  uint32_t read(uint32_t addr) {
    m_->mmio_req_valid = 1;
    m_->mmio_req_write = 0;
    m_->mmio_req_addr = addr;
    wait_accept();
    while (!m_->mmio_rsp_valid) tick();
    return m_->mmio_rsp_rdata;
  }

  // ---- driver-like receive ring ----
  // e1000-style bring-up: ring of `count` descriptors with 2048-byte buffers,
  // RDT = count - 1 (one descriptor always unused), unicast address, RX on.
  void bring_up(unsigned count, uint32_t rctl_extra = 0) {
    ring_ = std::make_unique<RxRing>(mem_, kRingBase, count, kBufBase, kBufStride);
    ring_->init();
    ntc_ = 0;
    const uint8_t* mac = frames::kHostMac;
    write(NIC_RAL(0), static_cast<uint32_t>(mac[0] | mac[1] << 8 | mac[2] << 16 | mac[3] << 24));
    write(NIC_RAH(0), static_cast<uint32_t>(mac[4] | mac[5] << 8) | NIC_RAH_AV);
    write(NIC_RDBAL, static_cast<uint32_t>(kRingBase));
    write(NIC_RDBAH, static_cast<uint32_t>(kRingBase >> 32));
    write(NIC_RDLEN, ring_->rdlen());
    write(NIC_RDH, 0);
    write(NIC_RDT, count - 1);
    write(NIC_RCTL, NIC_RCTL_EN | NIC_RCTL_BAM | NIC_RCTL_SECRC | rctl_extra);
  }
  RxRing& ring() { return *ring_; }

  // Takes every frame the NIC has completed (DD set), gives the descriptors
  // back and moves RDT, as e1000_clean_rx_irq + e1000_alloc_rx_buffers do.
  std::vector<RxFrame> clean(bool refill = true) {
    std::vector<RxFrame> out;
    std::vector<uint8_t> acc;
    unsigned cleaned = 0;
    while (ring_->done(ntc_)) {
      const RxDesc d = ring_->desc(ntc_);
      const auto part = ring_->buffer(ntc_, d.length);
      acc.insert(acc.end(), part.begin(), part.end());
      if (d.status & NIC_RXD_STATUS_EOP) {
        out.push_back({acc, d});
        acc.clear();
      }
      ring_->give(ntc_);  // clears DD
      ntc_ = (ntc_ + 1) % ring_->count();
      ++cleaned;
      if (cleaned == ring_->count()) break;
    }
    if (refill && cleaned) write(NIC_RDT, (ntc_ + ring_->count() - 1) % ring_->count());
    return out;
  }

  static constexpr uint64_t kRingBase = 0x1'0000'0000ull;  // above 4 GiB: RDBAH is used
  static constexpr uint64_t kBufBase = 0x2000'0000ull;
  static constexpr uint64_t kBufStride = 2048;

 private:
  void wait_accept() {
    for (;;) {
      m_->eval();
      const bool ready = m_->mmio_req_ready;
      tick();
      if (ready) break;
    }
    m_->mmio_req_valid = 0;
    m_->mmio_req_write = 0;
  }

  void drive_wire() {
    m_->wire_valid = 0;
    m_->wire_sof = 0;
    m_->wire_eof = 0;
    m_->wire_keep = 0;
    m_->wire_data = 0;
    if (gap_ > 0) {
      --gap_;
      return;
    }
    if (pos_ >= cur_.size()) {
      if (wire_.empty()) return;
      cur_ = std::move(wire_.front());
      wire_.pop_front();
      pos_ = 0;
    }
    const size_t n = std::min<size_t>(width_, cur_.size() - pos_);
    uint64_t data = 0;
    for (size_t i = 0; i < n; ++i) data |= static_cast<uint64_t>(cur_[pos_ + i]) << (8 * i);
    m_->wire_valid = 1;
    m_->wire_sof = pos_ == 0;
    m_->wire_data = data;
    m_->wire_keep = static_cast<uint8_t>((1u << n) - 1);
    pos_ += n;
    if (pos_ == cur_.size()) {
      m_->wire_eof = 1;
      const uint64_t bytes = cur_.size() - WireTiming::kPreamble;
      gap_ = WireTiming::slot_cycles(bytes, width_) - WireTiming::frame_cycles(bytes, width_);
    }
  }

  std::unique_ptr<Model> m_;
  HostMem mem_;
  unsigned width_;
  uint64_t cycle_ = 0;
  std::vector<uint64_t> intx_rises_;
  uint64_t msi_messages_ = 0;

  std::deque<std::vector<uint8_t>> wire_;
  std::vector<uint8_t> cur_;
  size_t pos_ = 0;
  uint64_t gap_ = 0;

  std::unique_ptr<RxRing> ring_;
  unsigned ntc_ = 0;
};

}  // namespace rxsim_test

#endif  // RXSIM_TESTS_SUPPORT_NIC_HARNESS_HPP
