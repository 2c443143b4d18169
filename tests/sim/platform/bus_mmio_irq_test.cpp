// CPU register accesses (MMIO) and interrupt delivery across the PCIe link.
#include <gtest/gtest.h>

#include "nic_regs.h"
#include "bus_bench.h"

namespace rxsim_test {
namespace {

using sc_core::sc_time;

TEST(PlatformBus, PostedMmioWriteCostsTheCpuOnlyTheIssue)
{
    bus_bench b;
    const pcie_params &p = b.params;
    uint64_t wr = expected_tlp_ps(p, 8 + 16 + 4);
    sc_time t0 = ps(5000000);
    sc_time now = t0;
    EXPECT_EQ(b.cpu.mmio_write32(NIC_RDT, 255, now), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(now, t0 + ps(p.mmio_write_issue_ps));
    EXPECT_EQ(b.cpu.mmio_write32(NIC_IMS, 0x9D, now), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(now, t0 + ps(2 * p.mmio_write_issue_ps));
    ASSERT_EQ(b.nic_regs.writes.size(), 2u);
    EXPECT_EQ(b.nic_regs.writes[0].value, 255u);
    EXPECT_EQ(b.nic_regs.writes[0].at, t0 + ps(wr + p.mmio_write_latency_ps));
    // The second was issued 100 ns later on an idle link: it arrives 100 ns later, in order.
    EXPECT_EQ(b.nic_regs.writes[1].at, t0 + ps(p.mmio_write_issue_ps + wr + p.mmio_write_latency_ps));
    EXPECT_EQ(b.nic_regs.regs[NIC_IMS], 0x9Du);
}

TEST(PlatformBus, MsiIsOrderedBehindEarlierDmaWrites)
{
    // An MSI faster than a memory write would overtake the frame it announces;
    // PCIe ordering forbids that, so it must wait for the write.
    pcie_params p = pcie_params_default();
    p.msi_latency_ps = 0;
    bus_bench b(p);
    uint64_t handle = 0;
    ASSERT_NE(hostmem_alloc_coherent(&b.memory, 4096, &handle), nullptr);
    std::vector<uint8_t> frame(1500, 0x5A);
    rxsim::pcie_result w = b.device.dma_write(handle, frame.data(), 1500, ps(0));
    rxsim::pcie_result m = b.device.msi(0x41, ps(0));
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(m.ok());
    uint64_t write_link = expected_write_link_ps(p, 1500);
    EXPECT_EQ(m.link_free, ps(write_link + expected_tlp_ps(p, 8 + 16 + 4)));
    EXPECT_EQ(w.done, ps(write_link + p.write_latency_ps));
    EXPECT_EQ(m.done, w.done); // not m.link_free: held back by the write
    ASSERT_EQ(b.irq.events.size(), 1u);
    EXPECT_EQ(b.irq.events[0].addr, p.msi_addr);
    EXPECT_EQ(b.irq.events[0].data, 0x41u);
    EXPECT_EQ(b.irq.events[0].at, w.done);
}

TEST(PlatformBus, InterruptLatencies)
{
    bus_bench b;
    const pcie_params &p = b.params;
    uint64_t t = 1000000;
    rxsim::pcie_result m = b.device.msi(7, ps(t));
    EXPECT_EQ(m.done, ps(t + expected_tlp_ps(p, 8 + 16 + 4) + p.msi_latency_ps));
    t = 5000000;
    rxsim::pcie_result up = b.device.intx(true, ps(t));
    EXPECT_EQ(up.done, ps(t + expected_tlp_ps(p, 8 + 16) + p.intx_latency_ps));
    t = 9000000;
    rxsim::pcie_result down = b.device.intx(false, ps(t));
    EXPECT_EQ(down.done, ps(t + expected_tlp_ps(p, 8 + 16) + p.intx_latency_ps));
    ASSERT_EQ(b.irq.events.size(), 3u);
    EXPECT_EQ(b.irq.events[1].addr, p.intx_addr);
    EXPECT_EQ(b.irq.events[1].data, 1u);
    EXPECT_EQ(b.irq.events[2].data, 0u);
    EXPECT_EQ(b.irq.events[2].at, down.done);
}

} // namespace
} // namespace rxsim_test

namespace rxsim_test {
namespace {

// With memory writes slower than reads, a read issued after a write still sees
// it: the read's completions wait for the write (PCIe: a read does not pass
// posted writes), and so does the completion of a CPU register read.
TEST(PlatformBus, ReadsDoNotPassEarlierPostedWrites)
{
    pcie_params p = pcie_params_default();
    p.write_latency_ps = 3000000; // 3 us, longer than the 500 ns read latency
    bus_bench b(p);
    uint64_t handle = 0;
    ASSERT_NE(hostmem_alloc_coherent(&b.memory, 4096, &handle), nullptr);
    uint8_t desc[16] = {0xDD};
    rxsim::pcie_result w = b.device.dma_write(handle, desc, 16, ps(0));
    uint8_t back[16] = {};
    rxsim::pcie_result r = b.device.dma_read(handle, back, 16, ps(0));
    uint64_t write_link = expected_tlp_ps(p, 8 + 16 + 16);
    EXPECT_EQ(w.done, ps(write_link + p.write_latency_ps));
    // Request after the write on the link; completions ready only when the write is visible.
    EXPECT_EQ(r.link_free, ps(write_link + expected_tlp_ps(p, 24)));
    EXPECT_EQ(r.done, w.done + ps(expected_tlp_ps(p, 8 + 12 + 16)));
    EXPECT_EQ(back[0], 0xDD);

    sc_time now = ps(0);
    b.cpu.mmio_read32(NIC_STATUS, now);
    EXPECT_EQ(now, w.done); // the round trip alone would end at about 1 us
}

// The answer to a descriptor fetch is booked on the downstream direction
// 500 ns ahead; a register write the CPU issues meanwhile uses the idle link
// before it instead of queueing behind it.
TEST(PlatformBus, MmioWriteIsNotHeldUpByCompletionsBookedLater)
{
    bus_bench b;
    const pcie_params &p = b.params;
    uint64_t ring = 0;
    ASSERT_NE(hostmem_alloc_coherent(&b.memory, 4096, &ring), nullptr);
    uint8_t desc[64];
    rxsim::pcie_result r = b.device.dma_read(ring, desc, 64, ps(0));
    uint64_t req = expected_tlp_ps(p, 24);
    EXPECT_EQ(r.done, ps(req + p.dma_read_latency_ps + expected_tlp_ps(p, 8 + 12 + 64)));
    sc_time now = ps(1000);
    b.cpu.mmio_write32(NIC_RDT, 1, now);
    ASSERT_EQ(b.nic_regs.writes.size(), 1u);
    EXPECT_EQ(b.nic_regs.writes[0].at, ps(1000 + expected_tlp_ps(p, 8 + 16 + 4) + p.mmio_write_latency_ps));
}

} // namespace
} // namespace rxsim_test
