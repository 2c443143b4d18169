// Drives rx_fifo's write side the way mac_rx does: one 16-byte word per cycle,
// then the frame's wr_end in the cycle after its last word, shared with the
// next frame's first word when frames come back to back.
#ifndef RXSIM_TESTS_MAC_WRITER_HPP
#define RXSIM_TESTS_MAC_WRITER_HPP

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

namespace rxsim_test {

// rx_meta_t packing (nic_types_pkg.sv): descriptor bytes 8..15, little endian.
inline uint64_t pack_meta(uint16_t length, uint16_t csum = 0, uint8_t status = 0,
                          uint8_t errors = 0, uint16_t special = 0) {
  return uint64_t{length} | uint64_t{csum} << 16 | uint64_t{status} << 32 |
         uint64_t{errors} << 40 | uint64_t{special} << 48;
}

// Frame bytes that name their frame: byte i = seq * 31 + i * 7 (mod 256), so a
// byte found in the wrong frame or at the wrong offset is caught.
inline std::vector<uint8_t> make_frame(unsigned seq, size_t len) {
  std::vector<uint8_t> f(len);
  for (size_t i = 0; i < len; ++i) f[i] = static_cast<uint8_t>(seq * 31 + i * 7 + (i >> 8));
  return f;
}

class MacWriter {
 public:
  // Queues a frame's words; wr_end (commit, meta) follows in the next cycle.
  void frame(const std::vector<uint8_t>& bytes, uint64_t meta, bool commit = true) {
    for (size_t off = 0; off < bytes.size(); off += 16) {
      Beat b{};
      b.valid = true;
      b.bytes = static_cast<uint8_t>(bytes.size() - off >= 16 ? 16 : bytes.size() - off);
      for (unsigned i = 0; i < b.bytes; ++i) b.data[i / 4] |= uint32_t{bytes[off + i]} << (8 * (i % 4));
      push(b);
    }
    end_pending_ = true;
    end_commit_ = commit;
    end_meta_ = meta;
  }
  // Queues n cycles without a word (the first carries a pending wr_end).
  void idle(unsigned n) {
    for (unsigned i = 0; i < n; ++i) push(Beat{});
  }
  bool busy() const { return !beats_.empty() || end_pending_; }

  template <class M>
  void drive(M& m) {
    if (beats_.empty() && end_pending_) push(Beat{});
    Beat b{};
    if (!beats_.empty()) {
      b = beats_.front();
      beats_.pop_front();
    }
    m.wr_valid = b.valid;
    for (int w = 0; w < 4; ++w) m.wr_data[w] = b.data[w];
    m.wr_bytes = b.bytes;
    m.wr_end = b.end;
    m.wr_commit = b.commit;
    m.wr_meta = b.meta;
  }

 private:
  struct Beat {
    bool valid = false;
    std::array<uint32_t, 4> data{};
    uint8_t bytes = 0;
    bool end = false;
    bool commit = false;
    uint64_t meta = 0;
  };
  void push(Beat b) {
    if (end_pending_) {
      b.end = true;
      b.commit = end_commit_;
      b.meta = end_meta_;
      end_pending_ = false;
    }
    beats_.push_back(b);
  }

  std::deque<Beat> beats_;
  bool end_pending_ = false;
  bool end_commit_ = false;
  uint64_t end_meta_ = 0;
};

}  // namespace rxsim_test

#endif
