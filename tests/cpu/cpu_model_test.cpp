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

// Issues MSI messages (vector kIrq) at given times; records their delivery.
struct fake_device : sc_core::sc_module {
    rxsim::pcie_device_port &port;
    std::vector<uint64_t> issue_ps, done_ps;
    fake_device(sc_core::sc_module_name name, rxsim::pcie_device_port &p, std::vector<uint64_t> at)
        : sc_core::sc_module(name), port(p), issue_ps(std::move(at))
    {
        SC_THREAD(thread);
    }
    SC_HAS_PROCESS(fake_device);
    void thread()
    {
        for (uint64_t t : issue_ps) {
            wait(rxsim::ps_to_time(t) - sc_core::sc_time_stamp());
            done_ps.push_back(rxsim::time_to_ps(port.msi(kIrq, sc_core::sc_time_stamp()).done));
        }
    }
};

struct bench {
    explicit bench(std::vector<uint64_t> msi_at, uint64_t end_ps)
        : params(pcie_params_default()),
          bus("bus", params, rxsim_test::kMemBase, rxsim_test::kMemSize), regs("regs"),
          cpu("cpu", bus.cpu, params, config(params, end_ps)), dev("dev", bus.device, std::move(msi_at))
    {
        bus.link.to_irq.bind(cpu.irq_socket);
        bus.link.to_device.bind(regs.socket);
        n = new_host_net(cpu.machine(), drv);
        cpu.attach_net(n);
    }
    ~bench() { net_free(n); }
    static rxsim::cpu_model_config config(const pcie_params &p, uint64_t end_ps)
    {
        rxsim::cpu_model_config c = rxsim::cpu_model_config_default(p);
        c.end_ps = end_ps;
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
    bench b({us(2), us(6)}, us(10));
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
