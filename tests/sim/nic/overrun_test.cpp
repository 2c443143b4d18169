// A line-rate burst into a small ring the host does not refill until the
// end: the ring fills, the FIFO fills, and the rest is dropped whole at the
// FIFO. MPC (read through MMIO) equals the frames lost, and every frame on the
// wire is accounted for: TPR == delivered + every drop counter.
#include <gtest/gtest.h>

#include "nic_testbed.h"
#include "nicsim_support.h"

using namespace rxsim;
using namespace rxsim_test;

TEST(Nicsim10g, SmallRingOverrunsAndEveryFrameIsAccounted)
{
    constexpr uint64_t kFrames = 2000;
    gen_config_t traffic = udp_traffic(kFrames, 64);
    traffic.line_rate = true;
    nic_testbed_config cfg;
    const temp_trace trace("overrun", traffic);
    cfg.trace = trace.path;
    cfg.wire_offset_ps = 20000000;
    cfg.host.ring_size = 64;
    cfg.host.refill = false;
    cfg.host.ims = 0; // no interrupts: nothing is cleaned before end_ps
    // 2000 x 67.2 ns = 134.4 us of wire, then the drain.
    cfg.host.end_ps = cfg.wire_offset_ps + kFrames * 67200 + 10000000;
    nic_testbed tb("overrun", cfg);
    sc_core::sc_start();
    ASSERT_TRUE(tb.host.finished());

    const nic_statistics &st = tb.host.statistics();
    EXPECT_EQ(tb.wire.frames(), kFrames);
    EXPECT_EQ(tb.host.payload_errors(), 0u);
    EXPECT_EQ(tb.host.delivered() + tb.host.lost(), kFrames);
    EXPECT_GT(tb.host.lost(), 0u);
    EXPECT_EQ(st.mpc, tb.host.lost());
    EXPECT_EQ(st.tpr, kFrames);
    EXPECT_EQ(st.gprc, kFrames); // good frames, those lost at the FIFO included
    EXPECT_EQ(st.tpr, tb.host.delivered() + st.mpc + st.crcerrs + st.ruc + st.roc);
    EXPECT_GT(st.rnbc, 0u); // frames waited for descriptors
    // The ring held 63 (one stays unused); the FIFO (PBA's 48 KB at power-on:
    // nothing here writes PBA; 64 bytes a frame with its FCS) at most 768
    // more before the drain.
    EXPECT_GE(tb.host.delivered(), 63u);
    EXPECT_LE(tb.host.delivered(), 63u + 768u + 1u);
    std::printf("delivered %llu, MPC %u, RNBC %u\n", (unsigned long long)tb.host.delivered(), st.mpc,
                st.rnbc);
}
