// NIC model speed: the bare Verilated nic_top in a C++ loop, 64-byte frames
// at line rate (a wire word every cycle, then the inter-frame gap), a flat
// host memory that answers DMA at once, and a driver loop that hands cleaned
// descriptors back so nothing is dropped. Prints simulated cycles and frames
// per wall second. Built per datapath (BENCH_MODEL, WIRE_BYTES, CLK_PERIOD_PS).
//   nic_bench_10g [cycles]   10GbE: 64-bit wire at 6400 ps
//   nic_bench_1g  [cycles]   1GbE:   8-bit wire at 8000 ps
#include BENCH_MODEL_H

#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <vector>

#include "eth_fcs.h"
#include "gen_traffic.h"
#include "nic_defines.h"
#include "nic_regs.h"
#include "rxtrace.h"

namespace {

constexpr unsigned kRing = 1024;          // descriptors
constexpr uint64_t kRingBase = 0;         // ring, then 2 KiB buffers
constexpr uint64_t kBufBase = 16 * kRing;
constexpr uint64_t kBufSize = 2048;
constexpr unsigned kReadLatency = 64;     // cycles to a descriptor fetch response
constexpr unsigned kCleanEvery = 256;     // cycles between driver passes

// One wire slot: the words of a 64-byte frame behind its preamble, then idle
// cycles for the 12-byte IFG (rounded up to whole words).
struct WireWord {
  uint64_t data;
  uint8_t keep, valid, sof, eof;
};

// The generator's first frame of its default traffic: 64-byte IPv4/UDP
// (with FCS) from the peer to the NIC's address.
int keep_first(void* ctx, uint64_t, const uint8_t* frame, size_t len) {
  static_cast<std::vector<uint8_t>*>(ctx)->assign(frame, frame + len);
  return 1;  // one is enough
}

std::vector<uint8_t> udp64() {
  gen_config_t cfg;
  gen_config_default(&cfg);
  cfg.size = 64;
  std::vector<uint8_t> frame;
  gen_counts_t counts;
  gen_run(&cfg, keep_first, &frame, &counts);
  frame.resize(frame.size() + 4);
  eth_fcs_append(frame.data(), frame.size() - 4);
  return frame;
}

std::vector<WireWord> wire_slot() {
  std::vector<uint8_t> bytes(7, 0x55);
  bytes.push_back(0xd5);
  const auto frame = udp64();
  bytes.insert(bytes.end(), frame.begin(), frame.end());
  std::vector<WireWord> slot;
  for (size_t pos = 0; pos < bytes.size(); pos += WIRE_BYTES) {
    WireWord w{0, 0, 1, pos == 0, pos + WIRE_BYTES >= bytes.size()};
    for (size_t i = 0; i < WIRE_BYTES && pos + i < bytes.size(); ++i) {
      w.data |= static_cast<uint64_t>(bytes[pos + i]) << (8 * i);
      w.keep |= static_cast<uint8_t>(1u << i);
    }
    slot.push_back(w);
  }
  const size_t gap = (bytes.size() + 12 + WIRE_BYTES - 1) / WIRE_BYTES - slot.size();
  slot.insert(slot.end(), gap, WireWord{0, 0, 0, 0, 0});
  return slot;
}

class Bench {
 public:
  Bench() : mem_(kBufBase + kBufSize * kRing, 0) {
    for (unsigned i = 0; i < kRing; ++i) put64(kRingBase + 16 * i, kBufBase + kBufSize * i);
    m_.clk = 0;
    m_.rst_n = 0;
    m_.mmio_rsp_ready = 1;
    m_.msi_ready = 1;
    m_.dmaw_ready = 1;
    m_.dmar_req_ready = 1;
    for (int i = 0; i < 4; ++i) edge();
    m_.rst_n = 1;
    const uint8_t mac[6] = RXTRACE_NIC_MAC;
    write(NIC_RAL(0), static_cast<uint32_t>(mac[0] | mac[1] << 8 | mac[2] << 16 | mac[3] << 24));
    write(NIC_RAH(0), static_cast<uint32_t>(mac[4] | mac[5] << 8) | NIC_RAH_AV);
    write(NIC_RDBAL, static_cast<uint32_t>(kRingBase));
    write(NIC_RDLEN, 16 * kRing);
    write(NIC_RDT, kRing - 1);
    write(NIC_ITR, 20);
    write(NIC_IMS, NIC_ICR_RXT0 | NIC_ICR_RXO);
    write(NIC_RCTL, NIC_RCTL_EN | NIC_RCTL_SECRC);
  }

  void run(uint64_t cycles, const std::vector<WireWord>& slot) {
    size_t s = 0;
    for (uint64_t c = 0; c < cycles; ++c) {
      const WireWord& w = slot[s];
      s = s + 1 == slot.size() ? 0 : s + 1;
      m_.wire_valid = w.valid;
      m_.wire_data = w.data;
      m_.wire_keep = w.keep;
      m_.wire_sof = w.sof;
      m_.wire_eof = w.eof;
      sent_ += w.eof;
      if (c % kCleanEvery == 0) clean();  // its RDT write rides on this edge
      edge();
      m_.mmio_req_valid = 0;
    }
    m_.wire_valid = 0;
  }

  uint32_t read(uint32_t addr) {
    m_.mmio_req_valid = 1;
    m_.mmio_req_write = 0;
    m_.mmio_req_addr = addr;
    edge();
    m_.mmio_req_valid = 0;
    while (!m_.mmio_rsp_valid) edge();
    return m_.mmio_rsp_rdata;
  }

  uint64_t sent() const { return sent_; }
  uint64_t delivered() const { return delivered_; }
  uint64_t cycles() const { return cycles_; }

 private:
  // One clock edge with the host's DMA service around it.
  void edge() {
    serve_read();
    m_.eval();
    if (m_.dmar_req_valid) reads_.push_back({m_.dmar_req_addr, m_.dmar_req_len, cycles_ + kReadLatency});
    if (m_.dmar_rsp_valid && m_.dmar_rsp_ready) advance_read();
    if (m_.dmaw_valid) take_write();
    m_.clk = 1;
    m_.eval();
    m_.clk = 0;
    ++cycles_;
  }

  void serve_read() {
    m_.dmar_rsp_valid = 0;
    if (reads_.empty() || reads_.front().due > cycles_) return;
    const Read& r = reads_.front();
    std::memcpy(&m_.dmar_rsp_data[0], &mem_[r.addr + r.done], 16);
    m_.dmar_rsp_valid = 1;
    m_.dmar_rsp_last = r.done + 16 >= r.len;
  }
  void advance_read() {
    Read& r = reads_.front();
    r.done += 16;
    if (r.done >= r.len) reads_.pop_front();
  }
  void take_write() {
    if (!in_burst_) {
      burst_addr_ = m_.dmaw_addr;
      burst_left_ = m_.dmaw_len;
      in_burst_ = true;
    }
    const uint32_t n = burst_left_ < 16 ? burst_left_ : 16;
    std::memcpy(&mem_[burst_addr_], &m_.dmaw_data[0], n);
    burst_addr_ += n;
    burst_left_ -= n;
    if (m_.dmaw_last) in_burst_ = false;
  }

  // e1000_clean_rx_irq + e1000_alloc_rx_buffers, without the interrupt.
  void clean() {
    unsigned cleaned = 0;
    for (;;) {
      uint8_t& status = mem_[kRingBase + 16 * ntc_ + NIC_RXD_STATUS_OFFSET];
      if (!(status & NIC_RXD_STATUS_DD)) break;
      if (status & NIC_RXD_STATUS_EOP) ++delivered_;
      status = 0;
      ntc_ = (ntc_ + 1) % kRing;
      ++cleaned;
    }
    if (cleaned) request_write(NIC_RDT, (ntc_ + kRing - 1) % kRing);
  }

  // nic_csr accepts a write in any cycle without a read response pending.
  void request_write(uint32_t addr, uint32_t data) {
    m_.mmio_req_valid = 1;
    m_.mmio_req_write = 1;
    m_.mmio_req_addr = addr;
    m_.mmio_req_wdata = data;
  }
  void write(uint32_t addr, uint32_t data) {
    request_write(addr, data);
    edge();
    m_.mmio_req_valid = 0;
  }
  void put64(uint64_t addr, uint64_t v) { std::memcpy(&mem_[addr], &v, 8); }

  struct Read {
    uint64_t addr;
    uint32_t len;
    uint64_t due;
    uint32_t done = 0;
  };

  BENCH_MODEL m_;
  std::vector<uint8_t> mem_;
  std::deque<Read> reads_;
  bool in_burst_ = false;
  uint64_t burst_addr_ = 0;
  uint32_t burst_left_ = 0;
  unsigned ntc_ = 0;
  uint64_t sent_ = 0;  // frames whose last word went on the wire
  uint64_t delivered_ = 0;
  uint64_t cycles_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const uint64_t cycles = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000000ull;
  const auto slot = wire_slot();
  Bench bench;
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  bench.run(cycles, slot);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // CPU time too: on a shared machine wall time includes other processes' turns.
  const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  const uint64_t offered = bench.sent();
  const uint32_t mpc = bench.read(NIC_MPC);
  const uint32_t gprc = bench.read(NIC_GPRC);
  const double sim_s = static_cast<double>(cycles) * CLK_PERIOD_PS * 1e-12;
  std::printf("nic_bench DATA_W=%d CLK_PERIOD_PS=%d: 64 B frames at line rate, one every %zu cycles\n",
              WIRE_BYTES * 8, CLK_PERIOD_PS, slot.size());
  std::printf("  %llu cycles (%.3f ms simulated) in %.3f s wall, %.3f s CPU\n",
              static_cast<unsigned long long>(cycles), sim_s * 1e3, wall, cpu);
  std::printf("  per wall second: %.2f M cycles/s, %.0f k frames/s\n", cycles / wall / 1e6,
              bench.delivered() / wall / 1e3);
  std::printf("  per CPU second:  %.2f M cycles/s, %.0f k frames/s (%.1fx slower than real time)\n",
              cycles / cpu / 1e6, bench.delivered() / cpu / 1e3, cpu / sim_s);
  std::printf("  frames: %llu offered, %u counted by GPRC, %llu delivered, MPC %u\n",
              static_cast<unsigned long long>(offered), gprc,
              static_cast<unsigned long long>(bench.delivered()), mpc);
  // Nothing may be dropped: the bench keeps the ring full.
  return mpc == 0 && bench.delivered() + 64 >= offered ? 0 : 1;
}
