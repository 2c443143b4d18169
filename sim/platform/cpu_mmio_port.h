// What the driver's register accessors (er32()/ew32()) call from the CPU
// model's SystemC thread: the CPU's side of the PCIe link, addressing the
// device's register space (bind `socket` to pcie_link::from_cpu). `now` is the
// CPU's local time (>= sc_time_stamp()); each call advances it by what the CPU
// spends: a full round trip for a read, only the issue cost for a posted write.
// Nothing waits; the CPU model synchronises when its quantum says so.
#ifndef RXSIM_CPU_MMIO_PORT_H
#define RXSIM_CPU_MMIO_PORT_H

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace rxsim {

class cpu_mmio_port : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<cpu_mmio_port> socket;

    explicit cpu_mmio_port(sc_core::sc_module_name name);

    // Returns all ones when the access fails, as a PCIe read that gets no
    // successful completion does; *status (if given) tells why.
    uint32_t mmio_read32(uint64_t reg, sc_core::sc_time &now,
                         tlm::tlm_response_status *status = nullptr);
    tlm::tlm_response_status mmio_write32(uint64_t reg, uint32_t value, sc_core::sc_time &now);

private:
    tlm::tlm_response_status transport(tlm::tlm_command cmd, uint64_t reg, uint8_t *data,
                                       sc_core::sc_time &now);
};

} // namespace rxsim

#endif
