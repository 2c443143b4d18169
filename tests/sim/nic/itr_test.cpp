// ITR under saturating load: a host that acknowledges every interrupt (ICR
// read) sees them at 1 / (ITR x 256 ns). With RDTR = 0 every frame raises
// RXT0, so a cause is always pending when the throttle opens: the NIC issues
// its MSIs exactly ITR x 256 ns apart (ITR x 40 cycles of 6.4 ns).
#include <gtest/gtest.h>

#include <cmath>

#include "nic_testbed.h"
#include "nicsim_support.h"

using namespace rxsim;
using namespace rxsim_test;

TEST(Nicsim10g, ItrBoundsTheInterruptRateUnderSaturatingLoad)
{
    constexpr uint64_t kFrames = 20000; // 1.344 ms at line rate
    constexpr uint32_t kItr = 100;      // 25.6 us
    constexpr uint64_t kIntervalPs = kItr * 256000ull;
    gen_config_t traffic = udp_traffic(kFrames, 64);
    traffic.line_rate = true;
    nic_testbed_config cfg;
    const temp_trace trace("itr", traffic);
    cfg.trace = trace.path;
    cfg.wire_offset_ps = 20000000;
    cfg.host.ring_size = 1024;
    cfg.host.itr = kItr;
    cfg.host.ims = NIC_ICR_RXT0;
    const uint64_t wire_end = cfg.wire_offset_ps + kFrames * 67200;
    cfg.host.end_ps = wire_end + 100000000;
    nic_testbed tb("itr", cfg);
    sc_core::sc_start();
    ASSERT_TRUE(tb.host.finished());
    EXPECT_EQ(tb.host.delivered(), kFrames);
    EXPECT_EQ(tb.host.lost(), 0u);
    EXPECT_EQ(tb.host.statistics().mpc, 0u);

    // Issued by the NIC while frames arrive: exactly the interval apart.
    const std::vector<uint64_t> &issued = tb.nic.interrupts();
    std::vector<uint64_t> under_load;
    for (uint64_t t : issued)
        if (t > cfg.wire_offset_ps && t < wire_end)
            under_load.push_back(t);
    ASSERT_GE(under_load.size(), 50u); // 1.344 ms / 25.6 us = 52.5
    for (size_t i = 1; i < under_load.size(); ++i)
        EXPECT_EQ(under_load[i] - under_load[i - 1], kIntervalPs) << "interrupt " << i;

    // Delivered to the host (MSI latency, posted ordering): rate within 1%.
    std::vector<uint64_t> seen;
    for (uint64_t t : tb.host.interrupts())
        if (t > cfg.wire_offset_ps && t < wire_end)
            seen.push_back(t);
    ASSERT_GE(seen.size(), 50u);
    const double rate = double(seen.size() - 1) / (double(seen.back() - seen.front()) * 1e-12);
    const double expected = 1.0 / (kItr * 256e-9);
    EXPECT_NEAR(rate, expected, expected * 0.01);
    EXPECT_EQ(tb.host.spurious(), 0u);
    std::printf("%zu interrupts under load, %.1f/s (1/(ITR x 256 ns) = %.1f/s)\n", seen.size(), rate,
                expected);
}
