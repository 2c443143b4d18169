// The CPU model in SystemC with the PCIe platform: interrupts from a fake
// device through the link, idle waits, MMIO stalls, and a CPU split equal to
// the simulated time. One bench per process (SystemC elaborates once).
#include <gtest/gtest.h>

#include <vector>

#include "bus_bench.h"
#include "cpu_harness.h"
#include "cpu_model.h"
#include "ps_time.h"

namespace cpu_test {
namespace {

using rxsim_test::expected_tlp_ps;

// Raises interrupts at given times: MSI messages (vector kIrq), or INTx
// assert/deassert messages; records their delivery.
struct fake_device : sc_core::sc_module {
    enum kind { MSI, INTX_ASSERT, INTX_DEASSERT };
    struct raise {
        uint64_t at_ps;
        kind what;
    };
    rxsim::pcie_device_port &port;
    std::vector<raise> raises;
    std::vector<uint64_t> done_ps;
    fake_device(sc_core::sc_module_name name, rxsim::pcie_device_port &p, std::vector<raise> r)
        : sc_core::sc_module(name), port(p), raises(std::move(r))
    {
        SC_THREAD(thread);
    }
    SC_HAS_PROCESS(fake_device);
    void thread()
    {
        for (const raise &r : raises) {
            wait(rxsim::ps_to_time(r.at_ps) - sc_core::sc_time_stamp());
            const sc_core::sc_time now = sc_core::sc_time_stamp();
            rxsim::pcie_result res = r.what == MSI ? port.msi(kIrq, now) : port.intx(r.what == INTX_ASSERT, now);
            done_ps.push_back(rxsim::time_to_ps(res.done));
        }
    }
};

struct bench {
    bench(std::vector<fake_device::raise> raises, uint64_t end_ps, int intx_irq = kIrq)
        : params(pcie_params_default()),
          bus("bus", params, rxsim_test::kMemBase, rxsim_test::kMemSize), regs("regs"),
          cpu("cpu", bus.cpu, params, config(params, end_ps, intx_irq)),
          dev("dev", bus.device, std::move(raises))
    {
        bus.link.to_irq.bind(cpu.irq_socket);
        bus.link.to_device.bind(regs.socket);
        n = new_host_net(cpu.machine(), drv);
        cpu.attach_net(n);
    }
    ~bench() { net_free(n); }
    static rxsim::cpu_model_config config(const pcie_params &p, uint64_t end_ps, int intx_irq)
    {
        rxsim::cpu_model_config c = rxsim::cpu_model_config_default(p);
        c.end_ps = end_ps;
        c.intx_irq = intx_irq;
        return c;
    }
    uint64_t split_sum()
    {
        cpu_split s;
        host_cpu_split(&cpu.machine(), 0, &s);
        return s.hardirq + s.softirq + s.ksoftirqd + s.napi_threads + s.threads + s.idle;
    }

    pcie_params params;
    rxsim::pcie_platform bus;
    rxsim_test::register_target regs;
    rxsim::cpu_model cpu;
    fake_device dev;
    fake_driver drv;
    net *n = nullptr;
};

TEST(CpuModel, QuantumIsTheShortestInterruptLatency)
{
    pcie_params p = pcie_params_default();
    p.intx_latency_ps = 123000;
    EXPECT_EQ(rxsim::cpu_model_config_default(p).host.quantum_ps, 123000u);
}

TEST(CpuModel, AnIdleCpuWaitsOnceAndTakesTheMsiAtItsDelivery)
{
    bench b({{us(2), fake_device::MSI}, {us(6), fake_device::MSI}}, us(10));
    sc_core::sc_start();
    const host_cpu &cpu = b.cpu.machine().cpu[0];
    const uint64_t entry = b.cpu.machine().cfg.costs.ps[RX_COST_HARDIRQ_ENTRY];
    ASSERT_EQ(b.dev.done_ps.size(), 2u);
    // Delivery = issue + the MSI's TLP + msi_latency.
    EXPECT_EQ(b.dev.done_ps[0], us(2) + expected_tlp_ps(b.params, 8 + 16 + 4) + b.params.msi_latency_ps);
    ASSERT_EQ(b.drv.irqs, 2u);
    EXPECT_EQ(b.drv.irq_at_ps[0], b.dev.done_ps[0] + entry);
    EXPECT_EQ(b.drv.irq_at_ps[1], b.dev.done_ps[1] + entry);
    // One idle wait per interrupt, one to the end; other waits are quantum syncs.
    EXPECT_EQ(cpu.cnt.idle_waits, 3u);
    EXPECT_EQ(b.cpu.waits(), cpu.cnt.idle_waits + cpu.cnt.syncs);
    EXPECT_TRUE(b.cpu.finished());
    EXPECT_EQ(cpu.local_ps, us(10));
    EXPECT_EQ(rxsim::time_to_ps(sc_core::sc_time_stamp()), us(10));
    EXPECT_EQ(b.split_sum(), us(10));
    EXPECT_EQ(cpu.cnt.late_irqs, 0u);
}

TEST(CpuModel, AnIntxLineIsPendingFromAssertToDeassertDelivery)
{
    pcie_params p = pcie_params_default();
    // Zero-cost handler path except irq_enter: 400 ns per interrupt taken.
    bench b({{us(2), fake_device::INTX_ASSERT}, {us(4), fake_device::INTX_DEASSERT}}, us(10));
    cost_table &costs = b.cpu.machine().cfg.costs;
    const uint64_t entry = costs.ps[RX_COST_HARDIRQ_ENTRY];
    for (uint64_t &v : costs.ps)
        v = 0;
    costs.ps[RX_COST_HARDIRQ_ENTRY] = entry;
    sc_core::sc_start();
    ASSERT_EQ(b.dev.done_ps.size(), 2u);
    const uint64_t up = b.dev.done_ps[0], down = b.dev.done_ps[1];
    EXPECT_EQ(up, us(2) + expected_tlp_ps(p, 8 + 16) + p.intx_latency_ps);
    // Taken at up, up + 400 ns, ... while the line reads asserted.
    const uint64_t expected = (down - up + entry - 1) / entry;
    EXPECT_EQ(b.drv.irqs, expected);
    EXPECT_EQ(b.drv.irq_at_ps.front(), up + entry);
    EXPECT_EQ(b.drv.irq_at_ps.back(), up + expected * entry);
    EXPECT_EQ(b.split_sum(), us(10));
}

struct mmio_user {
    host_machine *m;
    rxsim::cpu_model *cpu;
    uint32_t value = 0;
    uint64_t before = 0, after_read = 0, after_write = 0;
    static thread_step step(void *arg)
    {
        auto *u = static_cast<mmio_user *>(arg);
        u->before = host_running(u->m)->local_ps;
        u->value = rxsim::cpu_model::bus_read32(u->cpu, 0xC0);
        u->after_read = host_running(u->m)->local_ps;
        rxsim::cpu_model::bus_write32(u->cpu, 0xD0, 7);
        u->after_write = host_running(u->m)->local_ps;
        return THREAD_BLOCKED;
    }
};

TEST(CpuModel, AnMmioReadStallsTheCpuForTheRoundTrip)
{
    bench b({}, us(10));
    b.regs.regs[0xC0] = 0x1234;
    mmio_user u{&b.cpu.machine(), &b.cpu};
    cpu_thread *t = host_thread_create(&b.cpu.machine(), 0, "driver", mmio_user::step, &u, nullptr);
    sc_core::sc_start();
    const pcie_params &p = b.params;
    EXPECT_EQ(u.value, 0x1234u);
    // Switched in at 0, then the read: request TLP + round trip + completion TLP.
    EXPECT_EQ(u.before, b.cpu.machine().cfg.costs.ps[CPU_COST_CONTEXT_SWITCH]);
    EXPECT_EQ(u.after_read - u.before,
              expected_tlp_ps(p, 8 + 16) + p.mmio_read_rtt_ps + expected_tlp_ps(p, 8 + 12 + 4));
    // A posted write costs only its issue time.
    EXPECT_EQ(u.after_write - u.after_read, p.mmio_write_issue_ps);
    ASSERT_EQ(b.regs.writes.size(), 1u);
    EXPECT_EQ(b.regs.writes[0].value, 7u);
    // The stall is the thread's CPU time.
    EXPECT_EQ(t->exec_ps, u.after_write);
    EXPECT_EQ(b.split_sum(), us(10));
}

} // namespace
} // namespace cpu_test
