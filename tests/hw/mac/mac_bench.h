// Drives a Verilated mac_rx_tb (mac_rx + mac_stats) cycle by cycle: puts
// wire words in, collects what reaches the RX FIFO port frame by frame, and
// checks the write-port contract on every cycle.
#ifndef RXSIM_TESTS_MAC_BENCH_H
#define RXSIM_TESTS_MAC_BENCH_H

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <verilated.h>

#include "frames.h"

struct StoredFrame {
  frames::Bytes bytes;  // bytes written between wr_end pulses
  bool commit;
  uint64_t meta;     // rx_meta_t: special, errors, status, csum, length
  uint16_t length() const { return uint16_t(meta); }
  uint16_t csum() const { return uint16_t(meta >> 16); }
  uint8_t status() const { return uint8_t(meta >> 32); }
  uint8_t errors() const { return uint8_t(meta >> 40); }
  uint16_t special() const { return uint16_t(meta >> 48); }
};

template <class Model, int DATA_W>
class MacBench {
 public:
  static constexpr int kBytes = DATA_W / 8;

  std::unique_ptr<VerilatedContext> ctx = std::make_unique<VerilatedContext>();
  std::unique_ptr<Model> m = std::make_unique<Model>(ctx.get());
  std::vector<StoredFrame> frames;
  std::vector<std::string> violations;  // write-port contract breaches
  std::vector<uint64_t> rxseq_cycles;
  std::vector<uint64_t> end_cycles;  // cycles of wr_end pulses
  uint64_t last_eof_cycle = 0;       // cycle the last wire word with eof was presented
  uint64_t cycle = 0;

  MacBench() {
    m->rst_n = 0;
    tick();
    tick();
    m->rst_n = 1;
    m->cfg_rx_en = 1;
    tick();
  }

  // One clock cycle: outputs are observed with this cycle's inputs applied,
  // then the rising edge.
  void tick() {
    m->clk = 0;
    m->eval();
    observe();
    last_rd_data_ = m->rd_data;
    m->clk = 1;
    m->eval();
    cycle++;
  }

  // Entry i of the RAL/RAH table (byte 0 of the address in the low bits).
  void set_ra(int i, const frames::Mac &mac, bool valid) {
    for (int b = 0; b < 48; b++) {
      int bit = 48 * i + b;
      uint32_t mask = 1u << (bit % 32);
      if ((mac[size_t(b / 8)] >> (b % 8)) & 1) m->cfg_ra[bit / 32] |= mask;
      else m->cfg_ra[bit / 32] &= ~mask;
    }
    if (valid) m->cfg_ra_valid |= uint16_t(1u << i);
    else m->cfg_ra_valid &= uint16_t(~(1u << i));
  }

  void set_mta_bit(unsigned hash) { m->cfg_mta[hash >> 5] |= 1u << (hash & 31); }

  // Puts bytes on the wire, kBytes a cycle, sof on the first word and eof on
  // the last; on_word(i) runs before word i is presented.
  void send(const frames::Bytes &w, const std::function<void(size_t)> &on_word = {}) {
    for (size_t off = 0, i = 0; off < w.size(); off += kBytes, i++) {
      if (on_word) on_word(i);
      uint64_t data = 0;
      unsigned keep = 0;
      for (int l = 0; l < kBytes && off + size_t(l) < w.size(); l++) {
        data |= uint64_t{w[off + size_t(l)]} << (8 * l);
        keep |= 1u << l;
      }
      m->wire_valid = 1;
      m->wire_data = data;
      m->wire_keep = keep;
      m->wire_sof = off == 0;
      m->wire_eof = off + kBytes >= w.size();
      if (m->wire_eof) last_eof_cycle = cycle;
      tick();
    }
    m->wire_valid = 0;
    m->wire_sof = 0;
    m->wire_eof = 0;
  }

  // Idle wire until the MAC reports idle (bounded), then one more cycle.
  void settle() {
    for (int i = 0; i < 64 && !idle_now(); i++) tick();
    tick();
  }

  bool idle_now() {
    m->clk = 0;
    m->eval();
    return m->idle;
  }

  // Sends one frame (preamble added) and returns what it stored, if anything.
  std::vector<StoredFrame> receive(const frames::Bytes &frame) {
    size_t before = frames.size();
    send(frames::wire(frame));
    settle();
    return std::vector<StoredFrame>(frames.begin() + long(before), frames.end());
  }

  // A register read by nic_csr: rd_en for one cycle; returns rd_data.
  uint32_t read(uint32_t addr) {
    m->rd_en = 1;
    m->rd_addr = addr;
    tick();
    m->rd_en = 0;
    return last_rd_data_;
  }

  // rd_data for an address, rd_en up without a clock edge (nothing cleared).
  uint32_t peek(uint32_t addr) {
    m->rd_en = 1;
    m->rd_addr = addr;
    m->clk = 0;
    m->eval();
    m->rd_en = 0;
    return m->rd_data;
  }

 private:
  frames::Bytes cur_;
  bool cur_partial_ = false;
  uint64_t last_word_cycle_ = 0;
  size_t cur_words_ = 0;
  uint32_t last_rd_data_ = 0;

  void violation(const std::string &what) {
    violations.push_back(what + " at cycle " + std::to_string(cycle));
  }

  void observe() {
    // wr_end closes the previous frame; a word in the same cycle is the next one's.
    if (m->wr_end) {
      if (cur_words_ == 0) violation("wr_end without words");
      if (last_word_cycle_ + 1 != cycle) violation("wr_end not in the cycle after the last word");
      frames.push_back(StoredFrame{cur_, bool(m->wr_commit), uint64_t(m->wr_meta)});
      end_cycles.push_back(cycle);
      cur_.clear();
      cur_partial_ = false;
      cur_words_ = 0;
    }
    if (m->wr_valid) {
      unsigned n = m->wr_bytes;
      if (n < 1 || n > 16) violation("wr_bytes " + std::to_string(n));
      if (cur_partial_) violation("word after a partial word");
      for (unsigned i = 0; i < n && i < 16; i++) cur_.push_back(uint8_t(m->wr_data[i / 4] >> (8 * (i % 4))));
      cur_partial_ = n < 16;
      last_word_cycle_ = cycle;
      cur_words_++;
    }
    if (m->rxseq) rxseq_cycles.push_back(cycle);
    if (!m->wire_ready) violation("wire_ready low");
  }
};

#endif
