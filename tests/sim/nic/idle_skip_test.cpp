// Idle skipping changes nothing but speed: a sparse trace through two
// testbeds side by side in one elaboration, one clocking every edge and one
// jumping over idle time, gives identical frame timestamps, interrupt times
// and statistics, with RDTR, RADV and ITR all running. And a run is
// deterministic: two identical testbeds give identical results.
#include <gtest/gtest.h>

#include "nic_testbed.h"
#include "nicsim_support.h"
#include "ps_time.h"

using namespace rxsim;
using namespace rxsim_test;

namespace {

nic_testbed_config sparse(const std::string &trace, bool skip)
{
    nic_testbed_config cfg;
    cfg.trace = trace;
    cfg.wire_offset_ps = 20000000;
    cfg.nic.skip_idle = skip;
    cfg.host.ring_size = 64;
    cfg.host.rdtr = 8;  // 8.192 us after the last frame written
    cfg.host.radv = 20; // 20.48 us after the first
    cfg.host.itr = 50;  // 12.8 us between interrupts
    cfg.host.ims = NIC_ICR_RXT0;
    cfg.host.keep_records = true;
    cfg.host.end_ps = 1200000000; // 1.2 ms
    return cfg;
}

bool same_records(const std::vector<frame_record> &a, const std::vector<frame_record> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i].index != b[i].index || a[i].wire_ps != b[i].wire_ps ||
            a[i].data_done_ps != b[i].data_done_ps || a[i].desc_done_ps != b[i].desc_done_ps ||
            a[i].seen_ps != b[i].seen_ps)
            return false;
    return true;
}

void expect_same(const nic_testbed &a, const nic_testbed &b)
{
    EXPECT_TRUE(same_records(a.host.records(), b.host.records()));
    EXPECT_EQ(a.nic.interrupts(), b.nic.interrupts());
    EXPECT_EQ(a.host.interrupts(), b.host.interrupts());
    EXPECT_EQ(a.host.statistics().tpr, b.host.statistics().tpr);
    EXPECT_EQ(a.host.statistics().gprc, b.host.statistics().gprc);
    EXPECT_EQ(a.host.statistics().rnbc, b.host.statistics().rnbc);
    EXPECT_EQ(a.host.latency_sum_ps(), b.host.latency_sum_ps());
}

} // namespace

TEST(Nicsim10g, IdleSkippingGivesTheSameTimesAsClockingEveryEdge)
{
    // 60 frames in bursts: 5 frames 2 us apart every 100 us, so RDTR, RADV
    // and ITR each decide some interrupts.
    gen_config_t traffic = udp_traffic(60, 128);
    traffic.rate_pps = 500000;
    traffic.burst_on_ns = 10000;
    traffic.burst_off_ns = 90000;
    const temp_trace trace("skip", traffic);
    nic_testbed every("every", sparse(trace.path, false));
    nic_testbed skip("skip", sparse(trace.path, true));
    sc_core::sc_start(ps_to_time(1400000000));
    ASSERT_TRUE(every.host.finished());
    ASSERT_TRUE(skip.host.finished());
    EXPECT_EQ(skip.host.delivered(), 60u);
    EXPECT_EQ(skip.host.payload_errors(), 0u);
    EXPECT_GT(skip.nic.interrupts().size(), 5u);
    expect_same(every, skip);
    // The same simulated cycles, far fewer evaluated.
    EXPECT_EQ(every.nic.counters().skip_edges, 0u);
    EXPECT_GT(skip.nic.counters().skipped_cycles, 0u);
    EXPECT_LT(skip.nic.counters().edges * 10, every.nic.counters().edges);
    std::printf("edges: every %llu, skipping %llu (%llu skip edges for %llu cycles); waits %llu vs %llu\n",
                (unsigned long long)every.nic.counters().edges,
                (unsigned long long)skip.nic.counters().edges,
                (unsigned long long)skip.nic.counters().skip_edges,
                (unsigned long long)skip.nic.counters().skipped_cycles,
                (unsigned long long)every.nic.counters().waits,
                (unsigned long long)skip.nic.counters().waits);
}

TEST(Nicsim10g, TwoRunsAreIdentical)
{
    nic_testbed_config cfg;
    cfg.trace = RXSIM_TRACES_DIR "/mixed.pcap";
    cfg.wire_offset_ps = 20000000;
    cfg.host.ring_size = 128;
    cfg.host.itr = 20;
    cfg.host.rdtr = 4;
    cfg.host.keep_records = true;
    cfg.host.end_ps = 2500000000; // the trace lasts about 2.25 ms
    nic_testbed a("a", cfg);
    nic_testbed b("b", cfg);
    sc_core::sc_start();
    ASSERT_TRUE(a.host.finished());
    ASSERT_TRUE(b.host.finished());
    EXPECT_GT(a.host.delivered(), 300u);
    EXPECT_EQ(a.host.payload_errors(), 0u);
    expect_same(a, b);
    EXPECT_EQ(a.nic.counters().edges, b.nic.counters().edges);
}
