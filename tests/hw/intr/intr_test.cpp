// Interrupt controller (ICR/ICS/IMS/IMC/IAM, ITR) and receive delay timers
// (RDTR/RADV/FPD) driven through the register file, at one clock period per
// binary (CLK_PERIOD_PS; the model class is INTR_MODEL). Rules from the
// Intel 8254x datasheet as summarised in BRIEF.md "Hardware reference semantics".
#include INTR_MODEL_H

#include <gtest/gtest.h>

#include <cstdint>
#include <algorithm>
#include <memory>
#include <tuple>
#include <vector>

#include "nic_defines.h"
#include "nic_regs.h"

namespace {

// Exact figures per clock: cycles = ceil(units * unit_ps / CLK_PERIOD_PS).
struct Figures {
  uint32_t itr1;     // ITR = 1   (256 ns)
  uint32_t itr100;   // ITR = 100 (25.6 us)
  uint32_t rdtr2;    // RDTR = 2  (2.048 us)
  uint32_t radv5;    // RADV = 5  (5.12 us)
};
#if CLK_PERIOD_PS == 6400
constexpr Figures kFig{40, 4000, 320, 800};
#elif CLK_PERIOD_PS == 8000
constexpr Figures kFig{32, 3200, 256, 640};
#elif CLK_PERIOD_PS == 7000
constexpr Figures kFig{37, 3658, 293, 732};  // 256 ns does not divide by 7 ns
#else
#error "no figures for this CLK_PERIOD_PS"
#endif

class Bench {
 public:
  Bench() : m_(std::make_unique<INTR_MODEL>()) {
    m_->clk = 0;
    m_->rst_n = 0;
    m_->mmio_rsp_ready = 1;
    m_->msi_ready = 1;
    m_->phy_link = 1;
    tick();
    tick();
    m_->rst_n = 1;
    tick();
    cycle_ = 0;
    rises_.clear();
    flushes_.clear();
  }

  INTR_MODEL& m() { return *m_; }
  uint64_t cycle() const { return cycle_; }
  // Edges after which intx had risen, and edges that sampled flush_req.
  const std::vector<uint64_t>& rises() const { return rises_; }
  const std::vector<uint64_t>& flushes() const { return flushes_; }

  // One rising edge; inputs set before the call are sampled at it.
  void tick() {
    m_->eval();
    if (m_->flush_req) flushes_.push_back(cycle_ + 1);
    const bool intx_before = m_->intx;
    m_->clk = 1;
    m_->eval();
    m_->clk = 0;
    m_->eval();
    ++cycle_;
    if (m_->intx && !intx_before) rises_.push_back(cycle_);
  }
  void run(uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) tick();
  }
  void run_until(uint64_t edge) {
    while (cycle_ < edge) tick();
  }

  // One edge with skip_cycles = n (counts as n cycles).
  void skip(uint32_t n) {
    m_->skip_valid = 1;
    m_->skip_cycles = n;
    m_->eval();
    if (m_->flush_req) flushes_.push_back(cycle_ + n);
    const bool intx_before = m_->intx;
    m_->clk = 1;
    m_->eval();
    m_->clk = 0;
    m_->skip_valid = 0;
    m_->skip_cycles = 0;
    m_->eval();
    cycle_ += n;
    if (m_->intx && !intx_before) rises_.push_back(cycle_);
  }

  // Idle span the way nic_top computes idle_cycles from these blocks.
  uint32_t idle_cycles() {
    m_->eval();
    if (!m_->intr_idle) return 0;
    uint32_t n = UINT32_MAX;
    if (m_->itr_running) n = std::min(n, m_->itr_remaining);
    if (m_->delay_running) n = std::min(n, m_->delay_remaining);
    return n;
  }

  // Posted write: takes effect at the edge it is accepted on.
  void write(uint32_t addr, uint32_t data) {
    m_->mmio_req_valid = 1;
    m_->mmio_req_write = 1;
    m_->mmio_req_addr = addr;
    m_->mmio_req_wdata = data;
    accept();
  }
  // Read: sampled at the accepting edge, response valid right after it.
  uint32_t read(uint32_t addr) {
    m_->mmio_req_valid = 1;
    m_->mmio_req_write = 0;
    m_->mmio_req_addr = addr;
    accept();
    EXPECT_TRUE(m_->mmio_rsp_valid) << "read latency is one cycle";
    return m_->mmio_rsp_rdata;
  }

  // Event pulses for one edge.
  void pulse(CData& port) {
    port = 1;
    tick();
    port = 0;
  }

 private:
  void accept() {
    m_->eval();
    EXPECT_TRUE(m_->mmio_req_ready);
    tick();
    m_->mmio_req_valid = 0;
    m_->mmio_req_write = 0;
  }

  std::unique_ptr<INTR_MODEL> m_;
  uint64_t cycle_ = 0;
  std::vector<uint64_t> rises_;
  std::vector<uint64_t> flushes_;
};

#define INTR_TEST(name) TEST(INTR_SUITE, name)

// ICR: a read returns the causes and clears them all (read-to-clear).
INTR_TEST(IcrReadClearsAllCauses) {
  Bench b;
  b.pulse(b.m().ev_rxo);
  b.pulse(b.m().ev_rxdmt0);
  b.pulse(b.m().ev_rxseq);
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_RXO | NIC_ICR_RXDMT0 | NIC_ICR_RXSEQ);
  EXPECT_EQ(b.read(NIC_ICR), 0u);
}

// ICR: writing 1s clears exactly those causes (W1C).
INTR_TEST(IcrWriteOneClears) {
  Bench b;
  b.pulse(b.m().ev_rxo);
  b.pulse(b.m().ev_rxdmt0);
  b.write(NIC_ICR, NIC_ICR_RXO);
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_RXDMT0);
}

// A cause raised on the edge of an ICR read is not lost.
INTR_TEST(CauseOnReadEdgeSurvives) {
  Bench b;
  b.pulse(b.m().ev_rxo);
  b.m().ev_rxdmt0 = 1;
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_RXO);
  b.m().ev_rxdmt0 = 0;
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_RXDMT0);
}

// ICS sets causes as if the hardware had raised them; LSC and RXT0 included.
INTR_TEST(IcsSetsCauses) {
  Bench b;
  b.write(NIC_ICS, NIC_ICR_LSC | NIC_ICR_RXT0);
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_LSC | NIC_ICR_RXT0);
}

// IMS write 1s enable, IMC write 1s disable, IMS read returns the mask; INTx
// is (ICR & IMS) != 0, one edge after the change.
INTR_TEST(ImsImcMaskAndIntx) {
  Bench b;
  b.write(NIC_IMS, NIC_ICR_RXT0 | NIC_ICR_RXO | NIC_ICR_RXDMT0);
  b.write(NIC_IMC, NIC_ICR_RXDMT0);
  EXPECT_EQ(b.read(NIC_IMS), NIC_ICR_RXT0 | NIC_ICR_RXO);
  b.pulse(b.m().ev_rxdmt0);  // masked cause
  b.run(5);
  EXPECT_EQ(b.m().intx, 0);
  const uint64_t edge = b.cycle() + 1;
  b.write(NIC_IMS, NIC_ICR_RXDMT0);
  EXPECT_EQ(b.m().intx, 0) << "intx is registered";
  b.tick();
  EXPECT_EQ(b.m().intx, 1);
  ASSERT_EQ(b.rises().size(), 1u);
  EXPECT_EQ(b.rises()[0], edge + 1);
  b.write(NIC_IMC, NIC_ICR_RXDMT0);
  b.tick();
  EXPECT_EQ(b.m().intx, 0) << "masking the cause deasserts INTx";
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_RXDMT0) << "masking does not clear the cause";
}

// IAM: with CTRL_EXT.IAME, an ICR read while the interrupt is asserted also
// clears IAM's bits from IMS; without IAME, or when not asserted, IMS stays.
INTR_TEST(IamAutoMaskOnIcrRead) {
  Bench b;
  const uint32_t mask = NIC_ICR_RXT0 | NIC_ICR_RXO;
  b.write(NIC_IMS, mask);
  b.write(NIC_IAM, NIC_ICR_RXO);

  b.pulse(b.m().ev_rxo);
  b.tick();
  ASSERT_EQ(b.m().intx, 1);
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_RXO);
  EXPECT_EQ(b.read(NIC_IMS), mask) << "IAME clear: no auto-mask";

  b.write(NIC_CTRL_EXT, NIC_CTRL_EXT_IAME);
  b.read(NIC_ICR);  // not asserted now
  EXPECT_EQ(b.read(NIC_IMS), mask) << "not asserted: no auto-mask";

  b.pulse(b.m().ev_rxo);
  b.tick();
  ASSERT_EQ(b.m().intx, 1);
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_RXO);
  EXPECT_EQ(b.read(NIC_IMS), NIC_ICR_RXT0);
}

// MSI: exactly one message per assertion, held until accepted.
INTR_TEST(MsiOneMessagePerAssertion) {
  Bench b;
  b.m().msi_ready = 0;
  b.write(NIC_IMS, NIC_ICR_RXO);
  int messages = 0;
  for (int round = 0; round < 3; ++round) {
    b.pulse(b.m().ev_rxo);
    b.run(3);
    EXPECT_EQ(b.m().msi_valid, 1) << "held until msi_ready";
    b.m().msi_ready = 1;
    while (b.m().msi_valid) {
      ++messages;
      b.tick();
    }
    b.m().msi_ready = 0;
    b.read(NIC_ICR);
    b.run(3);
    EXPECT_EQ(b.m().msi_valid, 0) << "no message without a new assertion";
  }
  EXPECT_EQ(messages, 3);
}

// CTRL.SLU change raises LSC; STATUS.LU follows SLU.
INTR_TEST(SluChangeRaisesLsc) {
  Bench b;
  b.write(NIC_CTRL, NIC_CTRL_SLU);
  EXPECT_EQ(b.read(NIC_STATUS) & NIC_STATUS_LU, NIC_STATUS_LU);
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_LSC);
  b.write(NIC_CTRL, NIC_CTRL_SLU | NIC_CTRL_FD);  // no change of SLU
  EXPECT_EQ(b.read(NIC_ICR), 0u);
  b.write(NIC_CTRL, 0);
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_LSC);
  EXPECT_EQ(b.read(NIC_STATUS) & NIC_STATUS_LU, 0u);
}

// The cable: STATUS.LU is SLU and the PHY link, and LSC is raised when LU
// changes: the link dropping and coming back under SLU, once each; no LSC
// for a link change while SLU is clear, nor for setting SLU with no link.
INTR_TEST(LinkChangeRaisesLsc) {
  Bench b;
  b.write(NIC_CTRL, NIC_CTRL_SLU);
  b.read(NIC_ICR);
  b.m().phy_link = 0;
  b.run(3);
  EXPECT_EQ(b.read(NIC_STATUS) & NIC_STATUS_LU, 0u);
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_LSC);
  EXPECT_EQ(b.read(NIC_ICR), 0u) << "once per change";
  b.m().phy_link = 1;
  b.run(3);
  EXPECT_EQ(b.read(NIC_STATUS) & NIC_STATUS_LU, NIC_STATUS_LU);
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_LSC);
  b.write(NIC_CTRL, 0);
  b.read(NIC_ICR);
  b.m().phy_link = 0;
  b.run(3);
  EXPECT_EQ(b.read(NIC_ICR), 0u) << "LU was already 0";
  b.write(NIC_CTRL, NIC_CTRL_SLU);
  EXPECT_EQ(b.read(NIC_STATUS) & NIC_STATUS_LU, 0u);
  EXPECT_EQ(b.read(NIC_ICR), 0u) << "SLU without link leaves LU 0";
  b.m().phy_link = 1;
  b.run(3);
  EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_LSC);
}

// Keeps a cause pending: as soon as INTx is up, ICR is read and the cause
// raised again, so every assertion waits for the ITR gate. Returns the edges
// at which INTx rose.
std::vector<uint64_t> itr_storm(Bench& b, uint32_t itr, int assertions) {
  b.write(NIC_ITR, itr);
  b.write(NIC_IMS, NIC_ICR_RXO);
  b.pulse(b.m().ev_rxo);
  while (b.rises().size() < static_cast<size_t>(assertions)) {
    b.tick();
    if (b.m().intx) {
      b.read(NIC_ICR);
      b.pulse(b.m().ev_rxo);
    }
  }
  return b.rises();
}

// ITR = 1 and 100: two assertions are exactly ceil(ITR * 256 ns / period)
// cycles apart when causes wait, never closer.
INTR_TEST(ItrSpacingExact) {
  for (const auto& [itr, cycles] : {std::pair{1u, kFig.itr1}, std::pair{100u, kFig.itr100}}) {
    Bench b;
    const auto rises = itr_storm(b, itr, 4);
    for (size_t i = 1; i < rises.size(); ++i)
      EXPECT_EQ(rises[i] - rises[i - 1], cycles) << "ITR " << itr << " assertion " << i;
  }
}

// ITR = 0: no throttle; the next assertion follows the cause by one edge.
INTR_TEST(ItrZeroNoGate) {
  Bench b;
  const auto rises = itr_storm(b, 0, 3);
  // read (1 edge, intx falls at the next) + pulse (1 edge) + 1 edge to rise
  for (size_t i = 1; i < rises.size(); ++i) EXPECT_EQ(rises[i] - rises[i - 1], 3u);
}

// A cause arriving after the gate opened asserts at once (one edge later).
INTR_TEST(ItrLateCauseAssertsAtOnce) {
  Bench b;
  b.write(NIC_ITR, 1);
  b.write(NIC_IMS, NIC_ICR_RXO);
  b.pulse(b.m().ev_rxo);
  b.tick();
  ASSERT_EQ(b.rises().size(), 1u);
  b.read(NIC_ICR);
  b.run_until(b.rises()[0] + kFig.itr1 + 10);
  const uint64_t cause_edge = b.cycle() + 1;
  b.pulse(b.m().ev_rxo);
  b.tick();
  ASSERT_EQ(b.rises().size(), 2u);
  EXPECT_EQ(b.rises()[1], cause_edge + 1);
}

// RDTR: restarted by every frame written; expires RDTR x 1.024 us after the
// last one, flushes once and stops.
INTR_TEST(RdtrRestartedPerFrame) {
  Bench b;
  b.write(NIC_RDTR, 2);
  const uint32_t gap = kFig.rdtr2 / 2;  // shorter than the timer
  uint64_t last = 0;
  for (int i = 0; i < 4; ++i) {
    last = b.cycle() + 1;
    b.pulse(b.m().frame_written);
    EXPECT_EQ(b.m().rdtr_running, 1);
    EXPECT_EQ(b.m().radv_running, 0) << "RADV = 0: off";
    b.run(gap);
  }
  EXPECT_TRUE(b.flushes().empty()) << "restarted before expiry";
  b.run_until(last + 3 * kFig.rdtr2);
  ASSERT_EQ(b.flushes().size(), 1u);
  EXPECT_EQ(b.flushes()[0], last + kFig.rdtr2);
}

// RADV: started by the first frame, not restarted by later ones; expiry
// flushes and stops RDTR too.
INTR_TEST(RadvNotRestarted) {
  Bench b;
  b.write(NIC_RDTR, 2);
  b.write(NIC_RADV, 5);
  const uint64_t first = b.cycle() + 1;
  const uint32_t gap = kFig.rdtr2 / 2 + 1;  // no frame on the expiry edge itself
  while (b.cycle() + gap < first + kFig.radv5 + 2 * kFig.rdtr2) {
    b.pulse(b.m().frame_written);
    EXPECT_EQ(b.m().rdtr_running, 1);
    EXPECT_EQ(b.m().radv_running, 1);
    b.run(gap - 1);
    if (!b.flushes().empty()) break;
  }
  ASSERT_EQ(b.flushes().size(), 1u);
  EXPECT_EQ(b.flushes()[0], first + kFig.radv5);
  b.run(3 * kFig.rdtr2);
  EXPECT_EQ(b.flushes().size(), 1u) << "both timers stopped at the flush";
  EXPECT_EQ(b.m().delay_running, 0);
  EXPECT_EQ(b.m().rdtr_running, 0);
  EXPECT_EQ(b.m().radv_running, 0);
}

// RDTR = 0: a flush (and so RXT0) per frame, and RADV is off.
INTR_TEST(RdtrZeroFlushPerFrameRadvOff) {
  Bench b;
  b.write(NIC_RADV, 5);
  b.write(NIC_IMS, NIC_ICR_RXT0);
  std::vector<uint64_t> frames;
  for (int i = 0; i < 3; ++i) {
    frames.push_back(b.cycle() + 1);
    b.pulse(b.m().frame_written);
    EXPECT_EQ(b.m().delay_running, 0) << "RADV off with RDTR = 0";
    b.pulse(b.m().flush_done);
    b.tick();
    EXPECT_EQ(b.m().intx, 1);
    EXPECT_EQ(b.read(NIC_ICR), NIC_ICR_RXT0);
    b.run(10);
  }
  b.run(2 * kFig.radv5);
  EXPECT_EQ(b.flushes(), frames);
}

// RDTR.FPD: writing it expires the timers at once (flush on the write's edge)
// and reads back 0.
INTR_TEST(FpdForcesExpiry) {
  Bench b;
  b.write(NIC_RDTR, 2);
  b.write(NIC_RADV, 5);
  b.pulse(b.m().frame_written);
  b.run(10);
  const uint64_t fpd_edge = b.cycle() + 1;
  b.write(NIC_RDTR, NIC_RDTR_FPD | 2);
  EXPECT_EQ(b.read(NIC_RDTR), 2u) << "FPD reads 0";
  b.run(2 * kFig.radv5);
  ASSERT_EQ(b.flushes().size(), 1u);
  EXPECT_EQ(b.flushes()[0], fpd_edge);
}

// Skipping idle cycles gives the same expiry edges as clocking through:
// the RDTR flush and the ITR-gated assertion.
INTR_TEST(SkipMatchesClocking) {
  auto scenario = [](bool skipping) {
    Bench b;
    b.write(NIC_RDTR, 2);
    b.write(NIC_RADV, 5);
    b.write(NIC_ITR, 100);
    b.write(NIC_IMS, NIC_ICR_RXO);
    b.pulse(b.m().ev_rxo);
    b.tick();
    b.read(NIC_ICR);
    for (int i = 0; i < 3; ++i) {
      b.pulse(b.m().frame_written);
      b.run(kFig.rdtr2 / 2);
    }
    b.pulse(b.m().ev_rxo);  // waits for the ITR gate
    const uint64_t end = b.cycle() + kFig.itr100 + 10;
    int skips = 0;
    while (b.cycle() < end && b.rises().size() < 2) {
      const uint32_t idle = skipping ? b.idle_cycles() : 0;
      if (idle > 1) {
        b.skip(static_cast<uint32_t>(std::min<uint64_t>(idle, end - b.cycle())));
        ++skips;
      } else {
        b.tick();
      }
    }
    return std::tuple{b.flushes(), b.rises(), skips};
  };
  const auto [clock_flushes, clock_rises, no_skips] = scenario(false);
  const auto [skip_flushes, skip_rises, skips] = scenario(true);
  EXPECT_EQ(no_skips, 0);
  EXPECT_GE(skips, 2) << "one skip to the RDTR expiry, one to the ITR gate";
  ASSERT_EQ(clock_flushes.size(), 1u);
  ASSERT_EQ(clock_rises.size(), 2u);
  EXPECT_EQ(clock_rises[1] - clock_rises[0], kFig.itr100);
  EXPECT_EQ(skip_flushes, clock_flushes);
  EXPECT_EQ(skip_rises, clock_rises);
}

}  // namespace
