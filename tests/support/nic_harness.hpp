// A Verilated nic_top with its surroundings: the wire (frames with preamble,
// SFD and inter-frame gap), the DMA engineer's behavioral host memory, MMIO
// register access and a driver-like receive ring. Used by the nic_top
// benches (tests/hw/top); bench/nic_bench.cpp has a leaner loop of its own.
//
// The scoreboard: the behavioral twin (sim/nic/twin) of the same parameters
// runs beside the Verilated model, in lock-step (sim/nic/lockstep_nic.h) with
// the same inputs at every edge; at the first output or observation output
// that differs, tick() throws rxsim::nic_divergence naming the cycle, the
// port, both values and the last MMIO/DMA events. The RTL's outputs drive
// the bench.
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
#include <random>
#include <vector>

#include "frames.h"
#include "host_mem.hpp"
#include "lockstep_nic.h"
#include "nic_defines.h"
#include "nic_regs.h"
#include "twin_nic.h"
#include "verilated_nic.h"

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

// nic_top's parameters, for the twin: the Verilated class has them built in.
struct NicParams {
  unsigned wire_bytes;  // DATA_W / 8
  uint64_t clk_period_ps;
  uint32_t fifo_bytes;
  uint32_t desc_cache;
};

// The host around the NIC: DMA (HostMem) and the MMIO response and MSI
// channels' back-pressure, percent per cycle, drawn from a generator seeded
// with mem.seed.
struct NicHostConfig {
  HostMemConfig mem;
  unsigned mmio_rsp_ready_pct = 100;
  unsigned msi_ready_pct = 100;
};

template <class Model>
class NicHarness {
 public:
  explicit NicHarness(const NicParams& p, NicHostConfig host = {})
      : nic_(std::make_unique<rxsim::verilated_nic<Model>>(p.wire_bytes, p.clk_period_ps), "rtl",
             std::make_unique<rxsim::twin_nic>(p.wire_bytes, p.clk_period_ps, p.fifo_bytes, p.desc_cache),
             "twin"),
        host_(host),
        mem_(host.mem),
        rng_(host.mem.seed ^ 0x5eedu),
        width_(p.wire_bytes),
        period_ps_(p.clk_period_ps) {
    nic_.reset();
  }

  // Outputs right after the last edge; the observation outputs it left.
  const rxsim::nic_outputs& out() const { return port_; }
  rxsim::nic_observed observed() const { return nic_.observed(); }
  HostMem& mem() { return mem_; }
  uint64_t cycle() const { return cycle_; }
  const std::vector<uint64_t>& intx_rises() const { return intx_rises_; }
  uint64_t msi_messages() const { return msi_messages_; }
  bool wire_busy() const { return !wire_.empty() || pos_ < cur_.size() || gap_ > 0; }

  // ---- clock ----
  void tick() { edge(1); }
  void run(uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) tick();
  }
  // One edge counting n idle cycles (n <= idle_cycles).
  void skip(uint32_t n) {
    port_.skip_valid = 1;
    port_.skip_cycles = n;
    edge(n);
    port_.skip_valid = 0;
    port_.skip_cycles = 0;
  }

  // ---- wire ----
  void send(const std::vector<uint8_t>& frame) { send_wire(frames::wire(frame)); }
  // Wire bytes as they are: preamble, SFD, frame (a bad preamble, a cut).
  void send_wire(std::vector<uint8_t> bytes) { wire_.push_back(std::move(bytes)); }
  // Clocks until every queued frame has left the wire.
  void drain_wire() {
    while (wire_busy()) tick();
  }

  // ---- MMIO ----
  void write(uint32_t addr, uint32_t data) {
    port_.mmio_req_valid = 1;
    port_.mmio_req_write = 1;
    port_.mmio_req_addr = addr;
    port_.mmio_req_wdata = data;
    wait_accept();
    if (addr == NIC_RDT) rdt_ = data;
  }
  // Returns once the host has taken the response.
  uint32_t read(uint32_t addr) {
    port_.mmio_req_valid = 1;
    port_.mmio_req_write = 0;
    port_.mmio_req_addr = addr;
    wait_accept();
    rsp_taken_ = false;
    while (!rsp_taken_) tick();
    return rsp_data_;
  }

  // ---- driver-like receive ring ----
  // e1000-style bring-up: ring of `count` descriptors with 2048-byte buffers,
  // RDT = count - 1 (one descriptor always unused), unicast address, RX on.
  void bring_up(unsigned count, uint32_t rctl_extra = 0) {
    ring_ = std::make_unique<RxRing>(mem_, kRingBase, count, kBufBase, kBufStride);
    ring_->init();
    ntc_ = 0;
    partial_.clear();
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
  // back and moves RDT, as e1000_clean_rx_irq + e1000_alloc_rx_buffers do;
  // the descriptors of a frame whose EOP is not yet written back are kept
  // for the next call, as the driver keeps them (rx_skb_top).
  std::vector<RxFrame> clean(bool refill = true) {
    std::vector<RxFrame> out;
    unsigned cleaned = 0;
    while (ring_->done(ntc_)) {
      const RxDesc d = ring_->desc(ntc_);
      const auto part = ring_->buffer(ntc_, d.length);
      partial_.insert(partial_.end(), part.begin(), part.end());
      if (d.status & NIC_RXD_STATUS_EOP) {
        out.push_back({partial_, d});
        partial_.clear();
      }
      ring_->give(ntc_);  // clears DD
      ntc_ = (ntc_ + 1) % ring_->count();
      ++cleaned;
      if (cleaned == ring_->count()) break;
    }
    // Every descriptor up to the next to clean back to the NIC (those of an
    // earlier call without refill too).
    const unsigned tail = (ntc_ + ring_->count() - 1) % ring_->count();
    if (refill && tail != rdt_) write(NIC_RDT, tail);
    return out;
  }

  static constexpr uint64_t kRingBase = 0x1'0000'0000ull;  // above 4 GiB: RDBAH is used
  static constexpr uint64_t kBufBase = 0x2000'0000ull;
  static constexpr uint64_t kBufStride = 2048;

 private:
  // nic_top's ports: the bench drives the inputs, the models the outputs.
  struct Ports : rxsim::nic_inputs, rxsim::nic_outputs {};

  // The inputs settled with the clock low, this edge's handshakes recorded,
  // then the rising edge `cycles` cycles on (an idle skip counts them all).
  void edge(uint32_t cycles) {
    drive_wire();
    port_.mmio_rsp_ready = draw(host_.mmio_rsp_ready_pct);
    port_.msi_ready = draw(host_.msi_ready_pct);
    mem_.drive(port_);
    nic_.settle(port_, port_);
    mem_.sample(port_);
    mmio_taken_ = port_.mmio_req_valid && port_.mmio_req_ready;
    if (port_.mmio_rsp_valid && port_.mmio_rsp_ready) {
      rsp_taken_ = true;
      rsp_data_ = port_.mmio_rsp_rdata;
    }
    if (port_.msi_valid && port_.msi_ready) ++msi_messages_;
    const bool intx_before = port_.intx;
    cycle_ += cycles;
    nic_.rise(cycle_ * period_ps_, port_);
    if (port_.intx && !intx_before) intx_rises_.push_back(cycle_);
  }

  void wait_accept() {
    do tick();
    while (!mmio_taken_);
    port_.mmio_req_valid = 0;
    port_.mmio_req_write = 0;
  }

  bool draw(unsigned pct) {
    return pct >= 100 || std::uniform_int_distribution<unsigned>(0, 99)(rng_) < pct;
  }

  void drive_wire() {
    port_.wire_valid = 0;
    port_.wire_sof = 0;
    port_.wire_eof = 0;
    port_.wire_keep = 0;
    port_.wire_data = 0;
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
    port_.wire_valid = 1;
    port_.wire_sof = pos_ == 0;
    port_.wire_data = data;
    port_.wire_keep = static_cast<uint8_t>((1u << n) - 1);
    pos_ += n;
    if (pos_ == cur_.size()) {
      port_.wire_eof = 1;
      const uint64_t bytes = cur_.size() - WireTiming::kPreamble;
      gap_ = WireTiming::slot_cycles(bytes, width_) - WireTiming::frame_cycles(bytes, width_);
    }
  }

  rxsim::lockstep_nic nic_;
  Ports port_;
  NicHostConfig host_;
  HostMem mem_;
  std::mt19937 rng_;
  unsigned width_;
  uint64_t period_ps_;
  uint64_t cycle_ = 0;
  bool mmio_taken_ = false, rsp_taken_ = false;
  uint32_t rsp_data_ = 0;
  std::vector<uint64_t> intx_rises_;
  uint64_t msi_messages_ = 0;

  std::deque<std::vector<uint8_t>> wire_;
  std::vector<uint8_t> cur_;
  size_t pos_ = 0;
  uint64_t gap_ = 0;

  std::unique_ptr<RxRing> ring_;
  unsigned ntc_ = 0;
  uint32_t rdt_ = 0;              // as last written
  std::vector<uint8_t> partial_;  // a frame's buffers before its EOP
};

}  // namespace rxsim_test

#endif  // RXSIM_TESTS_SUPPORT_NIC_HARNESS_HPP
