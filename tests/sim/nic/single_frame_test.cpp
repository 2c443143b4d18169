// A 64-byte frame: wire start -> data and descriptor in host memory -> MSI
// or INTx, to the picosecond, from the NIC's cycle counts (measured on the bare
// model with an ideal bus) and the platform's formulas (docs/PLATFORM.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "ideal_bus.h"
#include "nic_testbed.h"
#include "nicsim_support.h"
#include "ps_time.h"

using namespace rxsim;
using namespace rxsim_test;

namespace {

void single_frame(bool msi)
{
    // Two frames 20 us apart: the first makes the NIC fetch descriptors (it
    // fetches on demand), the second finds them cached and is the one timed.
    gen_config_t traffic = udp_traffic(2, 64);
    traffic.rate_pps = 50000;
    nic_testbed_config cfg;
    cfg.nic_build = NICSIM_NIC;
    const temp_trace trace("single", traffic);
    cfg.trace = trace.path;
    cfg.wire_offset_ps = 20000000; // 20 us: the ring is set up by then
    cfg.host.ring_size = 64;
    cfg.host.end_ps = 60000000;
    cfg.host.keep_records = true;
    cfg.nic.msi = msi;
    nic_testbed tb("single", cfg);
    std::vector<uint8_t> frame;
    tb.wire.on_frame = [&frame, host_cb = tb.wire.on_frame](const wire_frame &f) {
        frame.assign(f.data, f.data + f.len);
        host_cb(f);
    };
    sc_core::sc_start();
    ASSERT_TRUE(tb.host.finished());
    ASSERT_EQ(tb.host.delivered(), 2u);
    EXPECT_EQ(tb.host.payload_errors(), 0u);
    ASSERT_EQ(frame.size(), 64u);

    const pcie_params &p = cfg.bus;
    const uint64_t P = tb.nic.clk_period_ps();
    // Wire: the first edge at or after 20 us + 20 us.
    const uint64_t s = (cfg.wire_offset_ps + 20000000 + P - 1) / P;
    // NIC: edges from the first preamble word to the data burst's last beat
    // and to the write-back's, with nothing holding it back.
    const ideal_frame_timing nic = ideal_frame(cfg.nic_build, frame, cfg.host.ring_size);
    EXPECT_EQ(nic.data_len, 60u); // FCS stripped
    // Bus: the data burst (one TLP: 8 framing + 16 header + 60 B) leaves the
    // link T(84) after its issue and is visible write_latency later; the
    // write-back (16 B) waits for the link (dmaw_ready low until then).
    const uint64_t data_issue = (s + nic.data_last_beat) * P;
    const uint64_t data_free = data_issue + tlp_ps(p, 8 + 16 + 60);
    const uint64_t data_done = data_free + p.write_latency_ps;
    const uint64_t wb_edge = std::max(s + nic.writeback_last_beat, (data_free + P - 1) / P);
    const uint64_t wb_done = wb_edge * P + tlp_ps(p, 8 + 16 + 16) + p.write_latency_ps;

    const frame_record &r = tb.host.records().at(1);
    EXPECT_EQ(r.wire_ps, s * P);
    EXPECT_EQ(r.data_done_ps, data_done);
    EXPECT_EQ(r.desc_done_ps, wb_done);
    // RDTR = 0: the write-back raises RXT0; the MSI (a 4-byte write, 28 link
    // bytes) or INTx Assert message (24) follows, never visible before the
    // write-back it is ordered behind.
    ASSERT_EQ(tb.nic.interrupts().size(), 2u);
    ASSERT_EQ(tb.host.interrupts().size(), 2u);
    const uint64_t irq = tb.nic.interrupts()[1];
    EXPECT_GT(irq, wb_edge * P);
    const uint64_t irq_link = msi ? tlp_ps(p, 8 + 16 + 4) : tlp_ps(p, 8 + 16);
    const uint64_t irq_latency = msi ? p.msi_latency_ps : p.intx_latency_ps;
    EXPECT_EQ(tb.host.interrupts()[1], std::max(irq + irq_link + irq_latency, wb_done));
    // INTx is a level: the host's ICR read drops it, one deassert per assert.
    EXPECT_EQ(tb.nic.counters().intx_changes, 4u);
    std::printf("wire %llu ps (edge %llu); data burst edge +%llu -> visible %llu ps; "
                "write-back edge %llu -> visible %llu ps (wire -> descriptor %llu ps); interrupt edge %llu\n",
                (unsigned long long)(s * P), (unsigned long long)s,
                (unsigned long long)nic.data_last_beat, (unsigned long long)data_done,
                (unsigned long long)wb_edge, (unsigned long long)wb_done,
                (unsigned long long)(wb_done - s * P), (unsigned long long)(irq / P));
    // Counted by the NIC, through MMIO.
    EXPECT_EQ(tb.host.statistics().tpr, 2u);
    EXPECT_EQ(tb.host.statistics().gprc, 2u);
}

} // namespace

TEST(NICSIM_SUITE, SingleFrameReachesHostMemoryAtTheComputedTime) { single_frame(true); }

TEST(NICSIM_SUITE, SingleFrameWithIntxReachesHostMemoryAtTheComputedTime) { single_frame(false); }
