// MMIO through nic_device: a request is applied at the first edge at or after
// its arrival, and a read's answer goes back at the edge the NIC gives it, so
// the CPU's read time is exactly docs/PLATFORM.md's MMIO read formula around
// the NIC's own read latency (measured on the bare model).
#include <gtest/gtest.h>

#include "ideal_bus.h"
#include "nic_defines.h"
#include "nic_device.h"
#include "nic_regs.h"
#include "nicsim_support.h"
#include "pcie_platform.h"
#include "ps_time.h"

using namespace rxsim;
using namespace rxsim_test;

namespace {

// A CPU that reads STATUS at 10 us, writes RDTR at 20 us and reads it back.
struct mmio_probe : sc_core::sc_module {
    tlm_utils::simple_target_socket<mmio_probe> irq_socket;
    pcie_platform &bus;
    uint32_t status = 0, rdtr = 0;
    uint64_t status_issue = 0, status_done = 0, rdtr_done = 0;

    mmio_probe(sc_core::sc_module_name name, pcie_platform &b) : sc_module(name), irq_socket("irq"), bus(b)
    {
        irq_socket.register_b_transport(this, &mmio_probe::irq);
        SC_THREAD(run);
    }
    SC_HAS_PROCESS(mmio_probe);

    void irq(tlm::tlm_generic_payload &trans, sc_core::sc_time &) { trans.set_response_status(tlm::TLM_OK_RESPONSE); }

    void run()
    {
        wait(ps_to_time(10000000));
        sc_core::sc_time local = sc_core::sc_time_stamp();
        status_issue = time_to_ps(local);
        status = bus.cpu.mmio_read32(NIC_STATUS, local);
        status_done = time_to_ps(local);
        wait(ps_to_time(20000000) - sc_core::sc_time_stamp());
        local = sc_core::sc_time_stamp();
        bus.cpu.mmio_write32(NIC_RDTR, 0x1234, local);
        rdtr = bus.cpu.mmio_read32(NIC_RDTR, local);
        rdtr_done = time_to_ps(local);
    }
};

} // namespace

TEST(Nicsim10g, MmioReadIsAnsweredAtTheComputedTime)
{
    const pcie_params p = pcie_params_default();
    pcie_platform bus("bus", p, 0x100000000ull, 1 << 20);
    nic_device nic("nic", make_nic_rtl(NICSIM_NIC), bus.device, p);
    mmio_probe cpu("cpu", bus);
    bus.link.to_device.bind(nic.mmio_socket);
    bus.link.to_irq.bind(cpu.irq_socket);
    sc_core::sc_start(ps_to_time(40000000));

    const uint64_t P = nic.clk_period_ps();
    EXPECT_EQ(cpu.status & NIC_STATUS_FD, NIC_STATUS_FD); // the register's reset value
    EXPECT_EQ(cpu.rdtr, 0x1234u);                          // the write came first
    // Read issued at 10 us: request (24 link bytes) on the idle downstream
    // link, at the NIC rtt/2 later, presented at the first edge at or after
    // that, answered d edges later; the completion (8 + 12 + 4 bytes) goes
    // up and reaches the CPU the other half of the round trip later.
    const uint64_t arrival = cpu.status_issue + tlp_ps(p, 24) + p.mmio_read_rtt_ps / 2;
    const uint64_t answer = ((arrival + P - 1) / P + ideal_mmio_read_edges(NICSIM_NIC, NIC_STATUS)) * P;
    const uint64_t expected = answer + tlp_ps(p, 24) + (p.mmio_read_rtt_ps - p.mmio_read_rtt_ps / 2);
    EXPECT_EQ(cpu.status_done, expected);
    std::printf("STATUS read: issued %llu ps, at the NIC %llu ps (edge %llu), answered %llu ps, back %llu ps\n",
                (unsigned long long)cpu.status_issue, (unsigned long long)arrival,
                (unsigned long long)((arrival + P - 1) / P), (unsigned long long)answer,
                (unsigned long long)cpu.status_done);
}
