// The CPU side as the CPU model will use it: register reads from a SystemC
// thread that keeps its own local time and synchronises with wait().
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <gtest/gtest.h>

#include "bus_bench.h"

namespace rxsim_test {
namespace {

using sc_core::sc_time;

TEST(PlatformBus, MmioReadIsAFullRoundTrip)
{
    bus_bench b;
    const pcie_params &p = b.params;
    b.nic_regs.regs[0xC0] = 0x80000004u;
    uint64_t req = expected_tlp_ps(p, 8 + 16);    // read request
    uint64_t cpl = expected_tlp_ps(p, 8 + 12 + 4); // completion with 4 bytes
    bool ran = false;
    // The CPU model: a SystemC thread keeping its own local time.
    sc_core::sc_spawn([&] {
        sc_core::wait(100, sc_core::SC_NS);
        sc_time t = sc_core::sc_time_stamp();
        sc_time now = t;
        EXPECT_EQ(b.cpu.mmio_read32(0xC0, now), 0x80000004u);
        EXPECT_EQ(now, t + ps(req + p.mmio_read_rtt_ps + cpl));
        ASSERT_EQ(b.nic_regs.reads_seen_at.size(), 1u);
        EXPECT_EQ(b.nic_regs.reads_seen_at[0], t + ps(req + p.mmio_read_rtt_ps / 2));

        // A device that needs 40 ns to answer makes the CPU wait 40 ns longer.
        b.nic_regs.answer_delay = sc_time(40, sc_core::SC_NS);
        sc_time t2 = now;
        b.cpu.mmio_read32(0xC0, now);
        EXPECT_EQ(now, t2 + ps(req + p.mmio_read_rtt_ps + cpl + 40000));

        // Synchronise: SystemC time catches up with the CPU's local time.
        sc_core::wait(now - sc_core::sc_time_stamp());
        EXPECT_EQ(sc_core::sc_time_stamp(), now);

        // No such register: all ones, as PCIe returns, and the reason.
        tlm::tlm_response_status st = tlm::TLM_OK_RESPONSE;
        EXPECT_EQ(b.cpu.mmio_read32(0x40000, now, &st), 0xFFFFFFFFu);
        EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        ran = true;
    });
    sc_core::sc_start();
    EXPECT_TRUE(ran);
}

} // namespace
} // namespace rxsim_test
