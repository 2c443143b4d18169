// Test bench: the assembled platform plus stand-ins for the NIC's register
// file and the interrupt controller. One bench per process (SystemC
// elaborates once).
#ifndef RXSIM_TESTS_BUS_BENCH_H
#define RXSIM_TESTS_BUS_BENCH_H

#include <cstdint>
#include <map>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

#include "pcie_params.h"
#include "pcie_platform.h"

namespace rxsim_test {

constexpr uint64_t kMemBase = 0x100000000ull;
constexpr uint64_t kMemSize = 1024 * 1024;

// Interrupt controller stand-in: records what arrives and when.
struct irq_recorder : sc_core::sc_module {
    struct event {
        uint64_t addr;
        uint32_t data;
        sc_core::sc_time at;
    };
    tlm_utils::simple_target_socket<irq_recorder> socket;
    std::vector<event> events;

    explicit irq_recorder(sc_core::sc_module_name name);
    void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);
};

// NIC register file stand-in: 32-bit registers, records when writes arrive,
// answers reads after `answer_delay`. Registers past the BAR (NIC_MMIO_ADDR_W) do not exist.
struct register_target : sc_core::sc_module {
    struct write {
        uint64_t reg;
        uint32_t value;
        sc_core::sc_time at;
    };
    tlm_utils::simple_target_socket<register_target> socket;
    std::map<uint64_t, uint32_t> regs;
    std::vector<write> writes;
    std::vector<sc_core::sc_time> reads_seen_at;
    sc_core::sc_time answer_delay = sc_core::SC_ZERO_TIME;

    explicit register_target(sc_core::sc_module_name name);
    void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);
};

struct bus_bench {
    explicit bus_bench(const pcie_params &params = pcie_params_default());

    pcie_params params;
    rxsim::pcie_platform bus;
    irq_recorder irq;
    register_target nic_regs;
    // Short names for the platform's parts.
    host_memory &memory = bus.memory;
    rxsim::host_memory_target &memory_target = bus.memory_target;
    rxsim::pcie_link &link = bus.link;
    rxsim::pcie_device_port &device = bus.device;
    rxsim::cpu_mmio_port &cpu = bus.cpu;
};

// The link-time formula of docs/PLATFORM.md, written out again here so the
// tests do not take the library's word for it: picoseconds for one TLP of
// `bytes`, rounded up.
uint64_t expected_tlp_ps(const pcie_params &p, uint64_t bytes);
// Sum over the TLPs of a DMA write of len bytes starting on a 4 KiB page.
uint64_t expected_write_link_ps(const pcie_params &p, uint64_t len);

inline sc_core::sc_time ps(uint64_t v) { return sc_core::sc_time(double(v), sc_core::SC_PS); }

} // namespace rxsim_test

#endif
