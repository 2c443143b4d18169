#include "host_memory_target.h"

#include "ps_time.h"

namespace rxsim {

host_memory_target::host_memory_target(sc_core::sc_module_name name, host_memory &memory)
    : sc_core::sc_module(name), socket("socket"), memory_(memory)
{
    socket.register_b_transport(this, &host_memory_target::b_transport);
    socket.register_transport_dbg(this, &host_memory_target::transport_dbg);
}

void host_memory_target::access(tlm::tlm_generic_payload &trans)
{
    if (trans.get_byte_enable_ptr() != nullptr) {
        trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (trans.get_streaming_width() < trans.get_data_length()) {
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    hostmem_status status = HOSTMEM_OK;
    switch (trans.get_command()) {
    case tlm::TLM_READ_COMMAND:
        status = hostmem_read(&memory_, trans.get_address(), trans.get_data_ptr(),
                              trans.get_data_length());
        break;
    case tlm::TLM_WRITE_COMMAND:
        status = hostmem_write(&memory_, trans.get_address(), trans.get_data_ptr(),
                               trans.get_data_length());
        break;
    case tlm::TLM_IGNORE_COMMAND:
        break;
    }
    trans.set_response_status(status == HOSTMEM_OK ? tlm::TLM_OK_RESPONSE
                                                   : tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

void host_memory_target::refuse_writes(uint64_t bus_addr, uint64_t len, uint32_t ppm, uint64_t seed)
{
    refuse_lo_ = bus_addr;
    refuse_len_ = len;
    refuse_ppm_ = ppm;
    rng_ = seed * 0x9E3779B97F4A7C15ull | 1; // xorshift64* must not start at 0
}

bool host_memory_target::refused(const tlm::tlm_generic_payload &trans)
{
    const uint64_t addr = trans.get_address();
    if (!refuse_ppm_ || !trans.is_write() || addr < refuse_lo_ || addr - refuse_lo_ >= refuse_len_)
        return false;
    rng_ ^= rng_ >> 12;
    rng_ ^= rng_ << 25;
    rng_ ^= rng_ >> 27;
    if ((rng_ * 0x2545F4914F6CDD1Dull) % 1000000u >= refuse_ppm_)
        return false;
    ++refused_;
    return true;
}

void host_memory_target::b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    if (refused(trans)) {
        trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    if (!defer_ || !trans.is_write()) {
        access(trans);
        return;
    }
    // Checked now, so the initiator gets its response at once; stored later.
    const uint64_t addr = trans.get_address();
    const uint32_t len = trans.get_data_length();
    if (trans.get_byte_enable_ptr() != nullptr || trans.get_streaming_width() < len ||
        !hostmem_bus_to_virt(&memory_, addr, len)) {
        access(trans); // sets the error status, writes nothing
        return;
    }
    const uint8_t *data = trans.get_data_ptr();
    held_.push({time_to_ps(sc_core::sc_time_stamp() + delay), seq_++, addr,
                std::vector<uint8_t>(data, data + len)});
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

void host_memory_target::apply_writes_until(uint64_t t_ps)
{
    while (!held_.empty() && held_.top().visible_ps <= t_ps) {
        const held_write &w = held_.top();
        hostmem_write(&memory_, w.addr, w.bytes.data(), w.bytes.size());
        held_.pop();
    }
}

unsigned int host_memory_target::transport_dbg(tlm::tlm_generic_payload &trans)
{
    access(trans);
    return trans.is_response_ok() ? trans.get_data_length() : 0;
}

} // namespace rxsim
