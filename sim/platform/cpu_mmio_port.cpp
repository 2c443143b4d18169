#include "cpu_mmio_port.h"

#include "le32.h"

namespace rxsim {

cpu_mmio_port::cpu_mmio_port(sc_core::sc_module_name name)
    : sc_core::sc_module(name), socket("socket")
{
}

tlm::tlm_response_status cpu_mmio_port::transport(tlm::tlm_command cmd, uint64_t reg,
                                                  uint8_t *data, sc_core::sc_time &now)
{
    if (now < sc_core::sc_time_stamp())
        SC_REPORT_FATAL("rxsim/platform/cpu_mmio_port", "access issued in the past");
    tlm::tlm_generic_payload trans;
    trans.set_command(cmd);
    trans.set_address(reg);
    trans.set_data_ptr(data);
    trans.set_data_length(4);
    trans.set_streaming_width(4);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = now - sc_core::sc_time_stamp();
    socket->b_transport(trans, delay);
    now = sc_core::sc_time_stamp() + delay;
    return trans.get_response_status();
}

uint32_t cpu_mmio_port::mmio_read32(uint64_t reg, sc_core::sc_time &now,
                                    tlm::tlm_response_status *status)
{
    uint8_t bytes[4] = {0, 0, 0, 0};
    tlm::tlm_response_status st = transport(tlm::TLM_READ_COMMAND, reg, bytes, now);
    if (status)
        *status = st;
    if (st != tlm::TLM_OK_RESPONSE)
        return 0xFFFFFFFFu;
    return load_le32(bytes);
}

tlm::tlm_response_status cpu_mmio_port::mmio_write32(uint64_t reg, uint32_t value,
                                                     sc_core::sc_time &now)
{
    uint8_t bytes[4];
    store_le32(bytes, value);
    return transport(tlm::TLM_WRITE_COMMAND, reg, bytes, now);
}

} // namespace rxsim
