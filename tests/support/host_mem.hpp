// Behavioral host memory for Verilated test benches: it services the NIC's
// DMA read channel (descriptor fetch) and DMA write channel (frame data and
// descriptor write-back) with a configurable latency and back-pressure, and
// logs every transaction so tests can count and time them.
//
// Header only. Any Verilated model with these ports works (rx_path_tb, nic_top):
//   dmar_req_valid/ready, dmar_req_addr[63:0], dmar_req_len[15:0],
//   dmar_rsp_valid/ready, dmar_rsp_data[127:0], dmar_rsp_last,
//   dmaw_valid/ready, dmaw_addr[63:0], dmaw_len[15:0], dmaw_data[127:0], dmaw_last.
//
// Use, once per clock cycle, with the clock low:
//     mem.drive(model);   // sets the inputs the host drives
//     model.eval();       // lets the model's outputs settle on them
//     mem.sample(model);  // records the handshakes of this cycle's rising edge
//     model.clk = 1; model.eval(); model.clk = 0; ...
//
// Timing: a read request accepted at the edge ending cycle c gets its first
// response beat offered in cycle c + read_latency (>= 1); further beats follow one
// per cycle; requests are answered in order. A beat once offered stays offered
// until accepted. req_ready_pct / rsp_valid_pct / wr_ready_pct give, per cycle,
// the chance (in percent) that the host is ready / offers a due beat / accepts
// write data; draws come from a generator seeded with `seed` (deterministic).
//
// Memory is sparse (4 KiB pages, zero when never written). Write bursts store
// exactly dmaw_len bytes from dmaw_addr (beat i, lane l = burst byte 16*i + l).
// errors() lists protocol violations seen (burst length against beats and
// dmaw_last, request lengths that are not multiples of 16, response beats
// accepted with no request); tests assert it stays empty.
//
// RxRing builds a legacy receive descriptor ring (layout from nic_defines.h):
// each descriptor i points at buffer buf_base + i * buf_stride; desc(i) reads a
// descriptor back after the NIC's write-back.
#ifndef RXSIM_TESTS_HOST_MEM_HPP
#define RXSIM_TESTS_HOST_MEM_HPP

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "nic_defines.h"

namespace rxsim_test {

struct HostMemConfig {
  unsigned read_latency = 8;    // cycles from request accepted to first response beat
  unsigned req_ready_pct = 100; // read request channel ready chance per cycle
  unsigned rsp_valid_pct = 100; // chance a due response beat is offered per cycle
  unsigned wr_ready_pct = 100;  // write channel ready chance per cycle
  uint32_t seed = 1;
};

struct ReadReq {
  uint64_t addr;
  uint32_t len;
  uint64_t cycle;  // cycle whose edge accepted the request
};

struct WriteBurst {
  uint64_t addr;
  uint32_t len;
  uint64_t first_cycle;  // edge that accepted the first beat
  uint64_t last_cycle;   // edge that accepted the last beat
};

class HostMem {
 public:
  explicit HostMem(HostMemConfig cfg = {}) : cfg_(cfg), rng_(cfg.seed) {}

  // ---- memory ----
  void write(uint64_t addr, const uint8_t* src, size_t n) {
    while (n > 0) {  // page by page: one lookup per page
      const size_t chunk = std::min<size_t>(n, 4096 - (addr & 4095));
      std::memcpy(&byte(addr), src, chunk);
      addr += chunk;
      src += chunk;
      n -= chunk;
    }
  }
  void write(uint64_t addr, const std::vector<uint8_t>& src) { write(addr, src.data(), src.size()); }
  void read(uint64_t addr, uint8_t* dst, size_t n) const {
    while (n > 0) {
      const size_t chunk = std::min<size_t>(n, 4096 - (addr & 4095));
      auto it = pages_.find(addr >> 12);
      if (it == pages_.end()) std::memset(dst, 0, chunk);
      else std::memcpy(dst, it->second->data() + (addr & 4095), chunk);
      addr += chunk;
      dst += chunk;
      n -= chunk;
    }
  }
  std::vector<uint8_t> read(uint64_t addr, size_t n) const {
    std::vector<uint8_t> out(n);
    read(addr, out.data(), n);
    return out;
  }
  // Little-endian integers of 1..8 bytes (descriptor fields).
  void write_le(uint64_t addr, uint64_t value, unsigned bytes) {
    uint8_t b[8];
    for (unsigned i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(value >> (8 * i));
    write(addr, b, bytes < 8 ? bytes : 8);
  }
  uint64_t read_le(uint64_t addr, unsigned bytes) const {
    uint8_t b[8] = {};
    read(addr, b, bytes < 8 ? bytes : 8);
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; ++i) v |= static_cast<uint64_t>(b[i]) << (8 * i);
    return v;
  }

  // ---- per-cycle hooks ----
  template <class M>
  void drive(M& m) {
    m.dmar_req_ready = draw(cfg_.req_ready_pct);
    m.dmaw_ready = draw(cfg_.wr_ready_pct);
    if (!offered_ && !pending_.empty() && cycle_ >= pending_.front().due &&
        draw(cfg_.rsp_valid_pct))
      offered_ = true;
    m.dmar_rsp_valid = offered_;
    m.dmar_rsp_last = 0;
    for (int w = 0; w < 4; ++w) m.dmar_rsp_data[w] = 0;
    if (offered_) {
      const Pending& p = pending_.front();
      uint8_t beat[16];
      read(p.addr + 16ull * p.beat, beat, 16);
      for (int w = 0; w < 4; ++w)
        m.dmar_rsp_data[w] = uint32_t{beat[4 * w]} | uint32_t{beat[4 * w + 1]} << 8 |
                             uint32_t{beat[4 * w + 2]} << 16 | uint32_t{beat[4 * w + 3]} << 24;
      m.dmar_rsp_last = (p.beat + 1) * 16 >= p.len;
    }
  }

  template <class M>
  void sample(M& m) {
    if (m.dmar_req_valid && m.dmar_req_ready) {
      const uint32_t len = m.dmar_req_len;
      if (len == 0 || len % 16 != 0) error("read request length " + std::to_string(len));
      reads_.push_back({m.dmar_req_addr, len, cycle_});
      pending_.push_back({m.dmar_req_addr, len, 0, cycle_ + (cfg_.read_latency ? cfg_.read_latency : 1)});
    }
    if (m.dmar_rsp_valid && m.dmar_rsp_ready) {
      if (!offered_) {
        error("response accepted but none offered");
      } else {
        offered_ = false;
        Pending& p = pending_.front();
        if (++p.beat * 16 >= p.len) pending_.pop_front();
      }
    }
    if (m.dmaw_valid && m.dmaw_ready) write_beat(m);
    ++cycle_;
  }

  // ---- logs ----
  uint64_t cycle() const { return cycle_; }
  const std::vector<ReadReq>& reads() const { return reads_; }
  const std::vector<WriteBurst>& writes() const { return writes_; }
  const std::vector<std::string>& errors() const { return errors_; }
  bool read_idle() const { return pending_.empty(); }
  HostMemConfig& config() { return cfg_; }

 private:
  struct Pending {
    uint64_t addr;
    uint32_t len;
    uint32_t beat;
    uint64_t due;
  };
  using Page = std::array<uint8_t, 4096>;

  template <class M>
  void write_beat(M& m) {
    if (!in_burst_) {
      in_burst_ = true;
      cur_ = {m.dmaw_addr, m.dmaw_len, cycle_, cycle_};
      beat_ = 0;
      if (cur_.len == 0) error("write burst of length 0");
    }
    const uint32_t off = beat_ * 16;
    const uint32_t n = cur_.len - off < 16 ? cur_.len - off : 16;
    uint8_t lanes[16];
    for (uint32_t lane = 0; lane < n; ++lane)
      lanes[lane] = static_cast<uint8_t>(m.dmaw_data[lane / 4] >> (8 * (lane % 4)));
    write(cur_.addr + off, lanes, n);
    ++beat_;
    const bool should_end = beat_ * 16 >= cur_.len;
    if (static_cast<bool>(m.dmaw_last) != should_end)
      error("dmaw_last on beat " + std::to_string(beat_) + " of a " + std::to_string(cur_.len) +
            "-byte burst at 0x" + hex(cur_.addr));
    if (m.dmaw_last) {
      cur_.last_cycle = cycle_;
      writes_.push_back(cur_);
      in_burst_ = false;
    }
  }

  bool draw(unsigned pct) {
    if (pct >= 100) return true;
    return std::uniform_int_distribution<unsigned>(0, 99)(rng_) < pct;
  }
  uint8_t& byte(uint64_t addr) {
    auto& page = pages_[addr >> 12];
    if (!page) page = std::make_unique<Page>(Page{});
    return (*page)[addr & 4095];
  }
  static std::string hex(uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
    return buf;
  }
  void error(const std::string& what) {
    errors_.push_back("cycle " + std::to_string(cycle_) + ": " + what);
  }

  HostMemConfig cfg_;
  std::mt19937 rng_;
  std::unordered_map<uint64_t, std::unique_ptr<Page>> pages_;
  std::deque<Pending> pending_;
  bool offered_ = false;
  bool in_burst_ = false;
  uint32_t beat_ = 0;
  WriteBurst cur_{};
  uint64_t cycle_ = 0;
  std::vector<ReadReq> reads_;
  std::vector<WriteBurst> writes_;
  std::vector<std::string> errors_;
};

// A legacy receive descriptor as the NIC writes it back.
struct RxDesc {
  uint64_t addr;
  uint16_t length;
  uint16_t csum;
  uint8_t status;
  uint8_t errors;
  uint16_t special;
};

class RxRing {
 public:
  RxRing(HostMem& mem, uint64_t base, unsigned count, uint64_t buf_base, uint64_t buf_stride)
      : mem_(mem), base_(base), count_(count), buf_base_(buf_base), buf_stride_(buf_stride) {}

  // Every descriptor gets its buffer address and zeroed write-back fields.
  void init() {
    for (unsigned i = 0; i < count_; ++i) give(i);
  }
  // Hands descriptor i back to the NIC: buffer address set, DD and the rest cleared.
  void give(unsigned i) {
    mem_.write_le(desc_addr(i) + NIC_RXD_ADDR_OFFSET, buf_addr(i), 8);
    mem_.write_le(desc_addr(i) + NIC_RXD_LENGTH_OFFSET, 0, 8);
  }
  RxDesc desc(unsigned i) const {
    const uint64_t a = desc_addr(i);
    return {mem_.read_le(a + NIC_RXD_ADDR_OFFSET, 8),
            static_cast<uint16_t>(mem_.read_le(a + NIC_RXD_LENGTH_OFFSET, 2)),
            static_cast<uint16_t>(mem_.read_le(a + NIC_RXD_CSUM_OFFSET, 2)),
            static_cast<uint8_t>(mem_.read_le(a + NIC_RXD_STATUS_OFFSET, 1)),
            static_cast<uint8_t>(mem_.read_le(a + NIC_RXD_ERRORS_OFFSET, 1)),
            static_cast<uint16_t>(mem_.read_le(a + NIC_RXD_SPECIAL_OFFSET, 2))};
  }
  bool done(unsigned i) const { return desc(i).status & NIC_RXD_STATUS_DD; }
  std::vector<uint8_t> buffer(unsigned i, size_t n) const { return mem_.read(buf_addr(i), n); }

  uint64_t desc_addr(unsigned i) const { return base_ + 16ull * i; }
  uint64_t buf_addr(unsigned i) const { return buf_base_ + buf_stride_ * i; }
  unsigned count() const { return count_; }
  uint32_t rdlen() const { return count_ * 16; }
  uint64_t base() const { return base_; }

 private:
  HostMem& mem_;
  uint64_t base_;
  unsigned count_;
  uint64_t buf_base_;
  uint64_t buf_stride_;
};

}  // namespace rxsim_test

#endif
