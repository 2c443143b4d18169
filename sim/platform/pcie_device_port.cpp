#include "pcie_device_port.h"

#include "le32.h"
#include "pcie_link_free.h"

namespace rxsim {

pcie_device_port::pcie_device_port(sc_core::sc_module_name name, const pcie_params &params)
    : sc_core::sc_module(name), socket("socket"), msi_addr_(params.msi_addr),
      intx_addr_(params.intx_addr)
{
}

pcie_result pcie_device_port::transport(tlm::tlm_command cmd, uint64_t addr, uint8_t *data,
                                        uint32_t len, sc_core::sc_time now)
{
    if (now < sc_core::sc_time_stamp())
        SC_REPORT_FATAL("rxsim/platform/pcie_device_port", "request issued in the past");
    pcie_link_free link_free;
    tlm::tlm_generic_payload trans;
    trans.set_command(cmd);
    trans.set_address(addr);
    trans.set_data_ptr(data);
    trans.set_data_length(len);
    trans.set_streaming_width(len);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    trans.set_extension(&link_free);
    sc_core::sc_time delay = now - sc_core::sc_time_stamp();
    socket->b_transport(trans, delay);
    // The extension lives on this stack frame: detach it before the payload dies.
    trans.clear_extension(&link_free);
    pcie_result result;
    result.done = sc_core::sc_time_stamp() + delay;
    result.link_free = link_free.at;
    result.status = trans.get_response_status();
    return result;
}

pcie_result pcie_device_port::dma_write(uint64_t bus_addr, const uint8_t *data, uint32_t len,
                                        sc_core::sc_time now)
{
    // TLM's data pointer is not const; a write target only reads through it.
    return transport(tlm::TLM_WRITE_COMMAND, bus_addr, const_cast<uint8_t *>(data), len, now);
}

pcie_result pcie_device_port::dma_read(uint64_t bus_addr, uint8_t *buf, uint32_t len,
                                       sc_core::sc_time now)
{
    return transport(tlm::TLM_READ_COMMAND, bus_addr, buf, len, now);
}

pcie_result pcie_device_port::msi(uint32_t data, sc_core::sc_time now)
{
    uint8_t bytes[4];
    store_le32(bytes, data);
    return transport(tlm::TLM_WRITE_COMMAND, msi_addr_, bytes, sizeof bytes, now);
}

pcie_result pcie_device_port::intx(bool asserted, sc_core::sc_time now)
{
    uint8_t level = asserted ? 1 : 0;
    return transport(tlm::TLM_WRITE_COMMAND, intx_addr_, &level, 1, now);
}

} // namespace rxsim
