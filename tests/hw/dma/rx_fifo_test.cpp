// rx_fifo on its own, a RAM of FIFO_RAM_BYTES (512) used at FIFO_SIZE bytes
// (size_bytes, the 8254x's PBA.RXA), run twice: 512, and 496 (not a power of
// two, below the RAM, so addresses wrap at an odd size): the 8254x receive
// packet buffer is store and forward; a frame that does not fit is dropped
// whole, counted once in MPC and raises ICR.RXO; the MAC never stalls.
#include "Vrx_fifo.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "mac_writer.hpp"

namespace {

using rxsim_test::MacWriter;
using rxsim_test::make_frame;
using rxsim_test::pack_meta;

constexpr unsigned kRamBytes = FIFO_RAM_BYTES;
constexpr unsigned kFifoBytes = FIFO_SIZE;
constexpr unsigned kFifoWords = kFifoBytes / 16;
constexpr unsigned kMetaDepth = kFifoBytes / 64;

struct OutFrame {
  uint64_t meta;
  std::vector<uint8_t> bytes;  // whole words, as stored
};

class FifoBench {
 public:
  FifoBench() : m_(std::make_unique<Vrx_fifo>()) { reset(kFifoBytes); }

  // Reset with size_bytes = size (sampled in reset only), then size_bytes
  // left there.
  void reset(uint32_t size) {
    m_->size_bytes = size;
    m_->rst_n = 0;
    tick();
    tick();
    m_->rst_n = 1;
    missed_ = 0;
  }

  MacWriter mac;
  bool read_enabled = true;  // the reader takes metadata and words when true
  unsigned read_every = 1;   // ...on one cycle in read_every

  void tick() {
    mac.drive(*m_);
    const bool rd_now = read_enabled && cycle_ % read_every == 0;
    m_->rd_ready = rd_now;
    m_->meta_ready = rd_now;
    m_->clk = 0;
    m_->eval();
    missed_ += m_->missed;
    if (m_->meta_valid && m_->meta_ready) metas_.push_back(m_->meta);
    if (m_->rd_valid && m_->rd_ready) {
      for (int lane = 0; lane < 16; ++lane)
        cur_.push_back(static_cast<uint8_t>(m_->rd_data[lane / 4] >> (8 * (lane % 4))));
      if (m_->rd_last) {
        EXPECT_FALSE(metas_.empty()) << "words of a frame before its metadata";
        out_.push_back({metas_.empty() ? 0 : metas_.front(), cur_});
        if (!metas_.empty()) metas_.pop_front();
        cur_.clear();
      }
    }
    m_->clk = 1;
    m_->eval();
    ++cycle_;
  }
  void run(unsigned n) {
    for (unsigned i = 0; i < n; ++i) tick();
  }
  void run_until_quiet(unsigned limit = 10000) {
    for (unsigned i = 0; i < limit && (mac.busy() || !m_->empty); ++i) tick();
    run(4);
  }

  Vrx_fifo& m() { return *m_; }
  unsigned missed() const { return missed_; }
  const std::vector<OutFrame>& out() const { return out_; }

 private:
  std::unique_ptr<Vrx_fifo> m_;
  uint64_t cycle_ = 0;
  unsigned missed_ = 0;
  std::deque<uint64_t> metas_;
  std::vector<uint8_t> cur_;
  std::vector<OutFrame> out_;
};

size_t words(size_t len) { return (len + 15) / 16; }

// A stored frame comes out whole: its metadata, then exactly its words (rd_last
// on the last), bytes as written.
void expect_frame(const OutFrame& f, const std::vector<uint8_t>& sent, uint64_t meta) {
  EXPECT_EQ(f.meta, meta);
  ASSERT_EQ(f.bytes.size(), words(sent.size()) * 16);
  EXPECT_EQ(std::vector<uint8_t>(f.bytes.begin(), f.bytes.begin() + sent.size()), sent);
}

// Store and forward: frames come out whole and in order, each with its own
// metadata, also when wr_end shares a cycle with the next frame's first word.
TEST(FIFO_SUITE, StoresWholeFramesInOrder) {
  FifoBench b;
  b.read_enabled = false;
  const std::vector<size_t> lens = {64, 100, 17, 16, 1};
  for (unsigned i = 0; i < lens.size(); ++i)
    b.mac.frame(make_frame(i, lens[i]), pack_meta(static_cast<uint16_t>(lens[i]), 0x1000 + i, 0x40, 0, 0x0100 + i));
  b.run(20);
  EXPECT_EQ(b.m().frames, lens.size());  // all committed, none read yet
  EXPECT_FALSE(b.m().empty);
  size_t held = 0;  // whole words: 64 + 112 + 32 + 16 + 16 bytes
  for (size_t len : lens) held += words(len) * 16;
  EXPECT_EQ(b.m().used_bytes, held);
  b.read_enabled = true;
  b.run_until_quiet();
  ASSERT_EQ(b.out().size(), lens.size());
  for (unsigned i = 0; i < lens.size(); ++i)
    expect_frame(b.out()[i], make_frame(i, lens[i]),
                 pack_meta(static_cast<uint16_t>(lens[i]), 0x1000 + i, 0x40, 0, 0x0100 + i));
  EXPECT_EQ(b.missed(), 0u);
  EXPECT_EQ(b.m().frames, 0u);
  EXPECT_TRUE(b.m().empty);
  EXPECT_EQ(b.m().used_bytes, 0u);
}

// wr_commit = 0 (the MAC rejected the frame) frees its space without a missed
// pulse: afterwards a frame filling the whole buffer still fits, and a frame
// starting in the same cycle as the discard lands where the discarded one was.
TEST(FIFO_SUITE, DiscardFreesSpaceWithoutPulse) {
  FifoBench b;
  b.read_enabled = false;
  b.mac.frame(make_frame(1, 300), pack_meta(300), /*commit=*/false);
  b.mac.frame(make_frame(2, kFifoBytes), pack_meta(kFifoBytes));  // back to back: all words
  b.run(60);
  EXPECT_EQ(b.missed(), 0u);
  EXPECT_EQ(b.m().frames, 1u);
  EXPECT_EQ(b.m().used_bytes, kFifoBytes) << "the discarded frame's words are free again";
  b.read_enabled = true;
  b.run_until_quiet();
  ASSERT_EQ(b.out().size(), 1u);
  expect_frame(b.out()[0], make_frame(2, kFifoBytes), pack_meta(kFifoBytes));
}

// Overrun with the reader stopped: frames of 8 words fill the buffer (4 of
// them in 32 words, 3 in 31); every later frame is dropped whole with exactly
// one missed pulse.
TEST(FIFO_SUITE, OverrunWithReaderStoppedDropsWholeFrames) {
  FifoBench b;
  b.read_enabled = false;
  const unsigned fit = kFifoWords / 8;
  for (unsigned i = 0; i < 7; ++i) b.mac.frame(make_frame(i, 128), pack_meta(128, static_cast<uint16_t>(i)));
  b.run(80);
  EXPECT_EQ(b.missed(), 7 - fit);
  EXPECT_EQ(b.m().frames, fit);
  b.read_enabled = true;
  b.run_until_quiet();
  ASSERT_EQ(b.out().size(), fit);
  for (unsigned i = 0; i < fit; ++i) expect_frame(b.out()[i], make_frame(i, 128), pack_meta(128, static_cast<uint16_t>(i)));
}

// Overrun against a slow reader (one word per 3 cycles) with frames of mixed
// sizes back to back: missed pulses equal the frames that did not come out, and
// every frame that came out is one that was sent, intact and in order.
TEST(FIFO_SUITE, MissedCountEqualsFramesLost) {
  FifoBench b;
  b.read_every = 3;
  const unsigned n = 60;
  std::vector<size_t> lens;
  for (unsigned i = 0; i < n; ++i) {
    lens.push_back(64 + (i * 37) % 200);
    b.mac.frame(make_frame(i, lens.back()), pack_meta(static_cast<uint16_t>(lens.back()), static_cast<uint16_t>(i)));
  }
  b.run_until_quiet(20000);
  EXPECT_GT(b.missed(), 0u);
  EXPECT_EQ(b.missed() + b.out().size(), n);
  unsigned next = 0;
  for (const OutFrame& f : b.out()) {
    const unsigned seq = f.meta >> 16 & 0xffff;  // csum field carries the sequence number
    ASSERT_GE(seq, next) << "frames out of order";
    ASSERT_LT(seq, n);
    expect_frame(f, make_frame(seq, lens[seq]), pack_meta(static_cast<uint16_t>(lens[seq]), static_cast<uint16_t>(seq)));
    next = seq + 1;
  }
}

// A frame larger than the whole buffer can never be stored: it is missed (one
// pulse), and the next frame is stored normally.
TEST(FIFO_SUITE, FrameLargerThanFifoIsMissed) {
  FifoBench b;
  b.mac.frame(make_frame(1, kFifoWords * 16 + 1), pack_meta(kFifoWords * 16 + 1));
  b.mac.frame(make_frame(2, 64), pack_meta(64));
  b.run_until_quiet();
  EXPECT_EQ(b.missed(), 1u);
  ASSERT_EQ(b.out().size(), 1u);
  expect_frame(b.out()[0], make_frame(2, 64), pack_meta(64));
}

// A full metadata queue (8 frames of one word each) also drops a frame whole,
// with a missed pulse, although its words would fit.
TEST(FIFO_SUITE, FullMetadataQueueDropsFrame) {
  FifoBench b;
  b.read_enabled = false;
  for (unsigned i = 0; i < kMetaDepth + 1; ++i) b.mac.frame(make_frame(i, 16), pack_meta(16, static_cast<uint16_t>(i)));
  b.run(40);
  EXPECT_EQ(b.missed(), 1u);
  EXPECT_EQ(b.m().frames, kMetaDepth);
  b.read_enabled = true;
  b.run_until_quiet();
  ASSERT_EQ(b.out().size(), kMetaDepth);
  for (unsigned i = 0; i < kMetaDepth; ++i) expect_frame(b.out()[i], make_frame(i, 16), pack_meta(16, static_cast<uint16_t>(i)));
}

// The missed pulse is one cycle long, in the cycle after the frame's wr_end.
TEST(FIFO_SUITE, MissedPulseTiming) {
  FifoBench b;
  b.read_enabled = false;
  b.mac.frame(make_frame(1, kFifoBytes), pack_meta(kFifoBytes));  // fills the buffer
  b.mac.frame(make_frame(2, 16), pack_meta(16));                   // one word: no room
  // cycles 0..W-1: frame 1; W: wr_end(1) + frame 2's word; W+1: wr_end(2); W+2: missed
  std::vector<unsigned> seen;
  for (unsigned c = 0; c < kFifoWords + 8; ++c) {
    b.tick();
    if (b.m().missed) seen.push_back(c);
  }
  // After tick c the outputs show cycle c + 1.
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0] + 1, kFifoWords + 2);
  EXPECT_EQ(b.missed(), 1u);
}

// The size is sampled in reset only: a new size_bytes changes nothing until
// the next reset (as PBA waits for CTRL.RST), and then a frame one word
// longer than the new size is missed while one of exactly that size fits.
TEST(FIFO_SUITE, SizeTakesEffectAtReset) {
  FifoBench b;
  b.m().size_bytes = 256;
  b.mac.frame(make_frame(1, kFifoBytes), pack_meta(kFifoBytes));
  b.run_until_quiet();
  EXPECT_EQ(b.missed(), 0u) << "the old size holds until reset";
  ASSERT_EQ(b.out().size(), 1u);

  b.reset(256);
  b.read_enabled = false;
  b.mac.frame(make_frame(2, 257), pack_meta(257));  // 17 words: no room in 16
  b.mac.frame(make_frame(3, 256), pack_meta(256));
  b.run(60);
  EXPECT_EQ(b.missed(), 1u);
  EXPECT_EQ(b.m().frames, 1u);
  EXPECT_EQ(b.m().used_bytes, 256u);
  b.read_enabled = true;
  b.run_until_quiet();
  ASSERT_EQ(b.out().size(), 2u);
  expect_frame(b.out()[1], make_frame(3, 256), pack_meta(256));
}

// A size above the RAM uses the RAM: a frame of the RAM's size fits, one
// word more does not.
TEST(FIFO_SUITE, SizeAboveTheRamUsesTheRam) {
  FifoBench b;
  b.reset(4 * kRamBytes);
  b.read_enabled = false;
  b.mac.frame(make_frame(1, kRamBytes + 1), pack_meta(kRamBytes + 1));
  b.mac.frame(make_frame(2, kRamBytes), pack_meta(kRamBytes));
  b.run(2 * kRamBytes / 16 + 20);
  EXPECT_EQ(b.missed(), 1u);
  EXPECT_EQ(b.m().used_bytes, kRamBytes);
}

}  // namespace
