// What the NIC wrapper calls: the device's side of the PCIe link. Each call is
// one TLM-2.0 blocking transport through `socket` (bind it to
// pcie_link::from_device); `now` is the device's local time (>= sc_time_stamp(),
// temporal decoupling) and nothing waits.
#ifndef RXSIM_PCIE_DEVICE_PORT_H
#define RXSIM_PCIE_DEVICE_PORT_H

#include <cstdint>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "pcie_params.h"

namespace rxsim {

struct pcie_result {
    sc_core::sc_time done;      // write visible in memory / read data back / interrupt delivered
    sc_core::sc_time link_free; // upstream link free again: the next burst may start
    tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
    bool ok() const { return status == tlm::TLM_OK_RESPONSE; }
};

class pcie_device_port : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<pcie_device_port> socket;

    // Takes the interrupt addresses from params.
    pcie_device_port(sc_core::sc_module_name name, const pcie_params &params);

    pcie_result dma_write(uint64_t bus_addr, const uint8_t *data, uint32_t len, sc_core::sc_time now);
    pcie_result dma_read(uint64_t bus_addr, uint8_t *buf, uint32_t len, sc_core::sc_time now);
    // One MSI message (posted, ordered behind earlier DMA writes).
    pcie_result msi(uint32_t data, sc_core::sc_time now);
    // INTx Assert (true) or Deassert (false) message.
    pcie_result intx(bool asserted, sc_core::sc_time now);

private:
    pcie_result transport(tlm::tlm_command cmd, uint64_t addr, uint8_t *data, uint32_t len,
                          sc_core::sc_time now);

    uint64_t msi_addr_;
    uint64_t intx_addr_;
};

} // namespace rxsim

#endif
