#include "pcie_platform.h"

namespace rxsim {

host_memory &pcie_platform::init_memory(host_memory &m, uint64_t base, uint64_t size)
{
    if (hostmem_init(&m, base, size) != 0)
        SC_REPORT_FATAL("rxsim/platform", "host memory: base must be 4 KiB aligned, size a "
                                          "nonzero multiple of 16 that can be allocated");
    return m;
}

pcie_platform::pcie_platform(sc_core::sc_module_name name, const pcie_params &params,
                             uint64_t mem_bus_base, uint64_t mem_size)
    : sc_core::sc_module(name),
      memory_target("memory_target", init_memory(memory, mem_bus_base, mem_size)),
      link("link", params), device("device", params), cpu("cpu")
{
    device.socket.bind(link.from_device);
    link.to_memory.bind(memory_target.socket);
    cpu.socket.bind(link.from_cpu);
}

pcie_platform::~pcie_platform() { hostmem_destroy(&memory); }

} // namespace rxsim
