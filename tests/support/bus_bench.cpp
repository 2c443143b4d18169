#include "bus_bench.h"

#include <cstring>

#include "nic_regs.h"

namespace rxsim_test {

irq_recorder::irq_recorder(sc_core::sc_module_name name) : sc_core::sc_module(name), socket("socket")
{
    socket.register_b_transport(this, &irq_recorder::b_transport);
}

void irq_recorder::b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    uint32_t data = 0;
    std::memcpy(&data, trans.get_data_ptr(), trans.get_data_length() < 4 ? trans.get_data_length() : 4);
    events.push_back({trans.get_address(), data, sc_core::sc_time_stamp() + delay});
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

register_target::register_target(sc_core::sc_module_name name)
    : sc_core::sc_module(name), socket("socket")
{
    socket.register_b_transport(this, &register_target::b_transport);
}

void register_target::b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    uint64_t reg = trans.get_address();
    if (reg >= (uint64_t(1) << NIC_MMIO_ADDR_W) || trans.get_data_length() != 4) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    uint32_t value = 0;
    if (trans.is_write()) {
        std::memcpy(&value, trans.get_data_ptr(), 4);
        regs[reg] = value;
        writes.push_back({reg, value, sc_core::sc_time_stamp() + delay});
    } else {
        reads_seen_at.push_back(sc_core::sc_time_stamp() + delay);
        value = regs[reg];
        std::memcpy(trans.get_data_ptr(), &value, 4);
        delay += answer_delay;
    }
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

bus_bench::bus_bench(const pcie_params &p)
    : params(p), bus("bus", p, kMemBase, kMemSize), irq("irq"), nic_regs("nic_regs")
{
    bus.link.to_irq.bind(irq.socket);
    bus.link.to_device.bind(nic_regs.socket);
    sc_core::sc_start(sc_core::SC_ZERO_TIME); // finish elaboration
}

uint64_t expected_tlp_ps(const pcie_params &p, uint64_t bytes)
{
    // Line bits = bytes * 8 * enc_block / enc_data; the link moves lanes * rate_mts
    // bits per microsecond (1e6 ps), and TLPs get only (1e6 - ppm) / 1e6 of that time.
    unsigned __int128 num = (unsigned __int128)bytes * 8 * p.enc_block_bits * 1000000000000ull;
    unsigned __int128 den = (unsigned __int128)p.enc_data_bits * p.lanes * p.rate_mts *
                            (1000000 - p.dllp_overhead_ppm);
    return (uint64_t)((num + den - 1) / den);
}

uint64_t expected_write_link_ps(const pcie_params &p, uint64_t len)
{
    uint64_t overhead = p.tlp_framing_bytes + p.mem_header_bytes;
    uint64_t full = len / p.mps, rest = len % p.mps;
    return full * expected_tlp_ps(p, p.mps + overhead) + (rest ? expected_tlp_ps(p, rest + overhead) : 0);
}

} // namespace rxsim_test
