// Clock gating (nic_top CLOCK_GATING) changes nothing but speed: the gated
// NIC (make_nic_rtl) and the same RTL Verilated ungated run in lock-step
// (lockstep_nic compares every output port at every settle and rise) behind
// the trivial host, on every bundled trace and a load sweep of both builds:
// sparse to line rate, small and large frames, the moderation timers
// running, and rings that run out of descriptors (RNBC, missed frames). Each scenario is one
// test: SystemC elaborates once per process.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "Vnic_top_10g_ungated.h"
#include "Vnic_top_1g_ungated.h"
#include "lockstep_nic.h"
#include "nic_testbed.h"
#include "nicsim_support.h"
#include "verilated_nic.h"

using namespace rxsim;
using namespace rxsim_test;

namespace {

constexpr uint64_t kLineRatePps = 14880952; // 64 B frames at 10 Gb/s

struct scenario {
    const char *name;
    const char *build;   // nic_builds.h
    const char *trace;   // a bundled trace, or "" for generated UDP traffic
    uint64_t frames;     // generated traffic: frames, size, rate (0: line rate)
    uint32_t size;
    uint64_t pps;
    unsigned ring;       // descriptors
    bool refill;         // false: the host never gives descriptors back (RNBC, MPC)
    uint32_t itr, rdtr, radv;
};

const scenario scenarios[] = {
    {"burst64", "10g", "burst64.pcap", 0, 0, 0, 256, true, 0, 0, 0},
    {"demo", "10g", "demo.pcap", 0, 0, 0, 256, true, 20, 0, 0},
    {"mixed", "10g", "mixed.pcap", 0, 0, 0, 256, true, 0, 8, 20},
    {"mixed_1g", "1g", "mixed.pcap", 0, 0, 0, 256, true, 50, 0, 0},
    {"udp64_1pct", "10g", "", 300, 64, kLineRatePps / 100, 256, true, 0, 8, 20},
    {"udp64_10pct", "10g", "", 2000, 64, kLineRatePps / 10, 256, true, 20, 0, 0},
    {"udp64_50pct", "10g", "", 3000, 64, kLineRatePps / 2, 1024, true, 20, 4, 8},
    {"udp64_90pct", "10g", "", 3000, 64, kLineRatePps / 10 * 9, 1024, true, 20, 0, 0},
    {"udp64_line_rate", "10g", "", 3000, 64, 0, 1024, true, 20, 0, 0},
    {"udp1518_line_rate", "10g", "", 1000, 1518, 0, 256, true, 0, 0, 0},
    {"udp64_starved", "10g", "", 2000, 64, 0, 64, false, 0, 0, 0},
    {"udp64_slow_refill", "10g", "", 2000, 64, kLineRatePps / 4, 32, true, 200, 0, 0},
    {"udp64_slow_refill_sparse", "10g", "", 300, 64, kLineRatePps / 50, 16, true, 400, 0, 0},
    {"udp64_line_rate_1g", "1g", "", 1000, 64, 0, 256, true, 20, 0, 0},
    {"udp600_starved_1g", "1g", "", 300, 600, 0, 32, false, 0, 0, 0},
};

// The build's gated model (as rxsim runs it) and its ungated twin.
std::unique_ptr<nic_rtl> gated_and_ungated(const std::string &build, lockstep_nic *&pair)
{
    std::unique_ptr<nic_rtl> gated = make_nic_rtl(build);
    const unsigned bytes = gated->wire_bytes();
    const uint64_t period = gated->clk_period_ps();
    std::unique_ptr<nic_rtl> ungated;
    if (build == "10g")
        ungated = std::make_unique<verilated_nic<Vnic_top_10g_ungated>>(bytes, period);
    else
        ungated = std::make_unique<verilated_nic<Vnic_top_1g_ungated>>(bytes, period);
    auto p = std::make_unique<lockstep_nic>(std::move(gated), "gated", std::move(ungated), "ungated");
    pair = p.get();
    return p;
}

class NicGating : public ::testing::TestWithParam<scenario> {};

TEST_P(NicGating, GatedAndUngatedGiveTheSameOutputsAtEveryEdge)
{
    const scenario &s = GetParam();
    std::unique_ptr<temp_trace> generated;
    nic_testbed_config cfg;
    cfg.nic_build = s.build;
    if (*s.trace) {
        cfg.trace = std::string(RXSIM_TRACES_DIR "/") + s.trace;
    } else {
        generated = std::make_unique<temp_trace>(std::string("gating_") + s.name, udp_traffic(s.frames, s.size));
        cfg.trace = generated->path;
        if (s.pps) {
            cfg.replay.timing = RXTRACE_TIMING_PPS;
            cfg.replay.pps = s.pps;
        } else {
            cfg.replay.timing = RXTRACE_TIMING_LINE_RATE;
        }
    }
    cfg.wire_offset_ps = 20000000;
    cfg.host.ring_size = s.ring;
    cfg.host.refill = s.refill;
    cfg.host.itr = s.itr;
    cfg.host.rdtr = s.rdtr;
    cfg.host.radv = s.radv;
    cfg.host.end_ps = 30000000000ull; // 30 ms: every scenario's traffic is over by then
    lockstep_nic *pair = nullptr;
    cfg.model = [&] { return gated_and_ungated(s.build, pair); };
    nic_testbed tb(s.name, cfg);
    sc_core::sc_start();

    EXPECT_EQ(tb.nic.model_error(), "");
    EXPECT_TRUE(tb.host.finished());
    EXPECT_GT(tb.wire.frames(), 0u);
    EXPECT_GT(tb.host.delivered(), 0u);
    if (s.ring <= 64) {
        EXPECT_GT(tb.host.statistics().rnbc, 0u) << "the small ring should run out of descriptors";
    }
    EXPECT_GT(pair->edges(), tb.wire.frames());
}

INSTANTIATE_TEST_SUITE_P(Sweep, NicGating, ::testing::ValuesIn(scenarios),
                         [](const ::testing::TestParamInfo<scenario> &i) { return std::string(i.param.name); });

} // namespace
