// The bus assembled: host memory, its TLM target, the PCIe link and the two
// ports, wired. The rest of the simulator binds the two loose ends:
// link.to_device (the NIC's register target) and link.to_irq (the interrupt
// controller), then calls device.* from the NIC wrapper and cpu.* from the CPU
// model.
#ifndef RXSIM_PCIE_PLATFORM_H
#define RXSIM_PCIE_PLATFORM_H

#include <cstdint>
#include <systemc>

#include "cpu_mmio_port.h"
#include "host_memory.h"
#include "host_memory_target.h"
#include "pcie_device_port.h"
#include "pcie_link.h"
#include "pcie_params.h"

namespace rxsim {

class pcie_platform : public sc_core::sc_module {
public:
    // Reports a fatal error when the memory cannot be set up (see hostmem_init).
    pcie_platform(sc_core::sc_module_name name, const pcie_params &params, uint64_t mem_bus_base,
                  uint64_t mem_size);
    ~pcie_platform() override;
    pcie_platform(const pcie_platform &) = delete;
    pcie_platform &operator=(const pcie_platform &) = delete;

    host_memory memory{}; // what the driver allocates from (C API)
    host_memory_target memory_target;
    pcie_link link;
    pcie_device_port device;
    cpu_mmio_port cpu;

private:
    static host_memory &init_memory(host_memory &m, uint64_t base, uint64_t size);
};

} // namespace rxsim

#endif
