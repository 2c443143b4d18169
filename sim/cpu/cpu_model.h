// The host CPU in the SystemC platform: one SC_THREAD runs the C core
// (host_cpu.h) with temporal decoupling. The core keeps its own clock and
// waits only when it must: when it is a quantum ahead of SystemC time (so
// every interrupt that can reach it by then has been delivered), after an
// MMIO read (the read itself blocks in the device for the round trip), and
// when idle (one wait, until the next interrupt or timer).
//
// Interrupts come from pcie_link::to_irq (bind irq_socket): an MSI is a
// 4-byte write of its message data to msi_addr (IRQ number = data), INTx a
// 1-byte level write to intx_addr (IRQ intx_irq). The driver's register
// accessors go through bus_read32/bus_write32 over the platform's CPU port.
// Everything that spends CPU time (driver probe/open included: an MMIO read
// waits) runs in the CPU's thread: as a step of a thread (host_thread_create).
#ifndef RXSIM_CPU_MODEL_H
#define RXSIM_CPU_MODEL_H

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "cpu_mmio_port.h"
#include "host_cpu.h"
#include "pcie_params.h"

namespace rxsim {

struct cpu_model_config {
    host_config host;
    int intx_irq = 0;
    uint64_t end_ps = UINT64_MAX; // the CPU thread stops at this time
};

// Defaults: host_config_default() with the quantum set to the shortest
// interrupt delivery latency of the link parameters.
cpu_model_config cpu_model_config_default(const pcie_params &params);

class cpu_model : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<cpu_model> irq_socket;

    // Reports a fatal error on a bad configuration.
    cpu_model(sc_core::sc_module_name name, cpu_mmio_port &mmio, const pcie_params &params,
              const cpu_model_config &config);
    ~cpu_model() override;
    cpu_model(const cpu_model &) = delete;
    cpu_model &operator=(const cpu_model &) = delete;
    SC_HAS_PROCESS(cpu_model);

    host_machine &machine() { return m_; }
    // The table to give net_new(); then attach the net before sc_start.
    const rx_platform *platform() const { return &m_.plat; }
    void attach_net(net *n) { host_machine_attach_net(&m_, n); }

    // The driver's accessor pair (struct e1000_bus_ops: ctx = this).
    static uint32_t bus_read32(void *ctx, uint32_t reg);
    static void bus_write32(void *ctx, uint32_t reg, uint32_t val);

    // From the CPU's thread, between two reads of device-written memory:
    // if the clock ran more than a quantum ahead of SystemC time (posted
    // writes do not synchronise), let SystemC time catch up, so that every
    // DMA write visible by the CPU's clock has been issued.
    void catch_up();

    // An idle CPU takes a fresh look at its timers: for a timer armed from
    // outside the CPU's thread earlier than the one it sleeps until.
    void wake_idle() { irq_posted_.notify(sc_core::SC_ZERO_TIME); }

    uint64_t waits() const { return waits_; } // SystemC waits of the CPU thread
    bool finished() const { return finished_; }

private:
    void thread();
    void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);
    static void env_sync(void *ctx, int cpu, uint64_t local_ps);
    static uint64_t env_idle(void *ctx, int cpu, uint64_t now_ps, uint64_t until_ps);

    cpu_mmio_port &mmio_;
    uint64_t msi_addr_, intx_addr_;
    int intx_irq_;
    uint64_t end_ps_;
    host_machine m_;
    sc_core::sc_event irq_posted_;
    uint64_t waits_ = 0;
    bool in_thread_ = false; // waiting is possible only in the CPU's own thread
    bool finished_ = false;
};

} // namespace rxsim

#endif
