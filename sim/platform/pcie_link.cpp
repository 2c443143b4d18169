#include "pcie_link.h"

#include <algorithm>
#include <string>

#include "pcie_link_free.h"
#include "pcie_tlp.h"
#include "ps_time.h"

namespace rxsim {

pcie_link::pcie_link(sc_core::sc_module_name name, const pcie_params &params)
    : sc_core::sc_module(name), from_device("from_device"), to_memory("to_memory"),
      to_irq("to_irq"), from_cpu("from_cpu"), to_device("to_device"), params_(params)
{
    if (const char *problem = pcie_params_check(&params_))
        SC_REPORT_FATAL("rxsim/platform/pcie_link", (std::string("bad parameters: ") + problem).c_str());
    from_device.register_b_transport(this, &pcie_link::upstream_b_transport);
    from_cpu.register_b_transport(this, &pcie_link::downstream_b_transport);
}

uint64_t pcie_link::send_tlp(direction &dir, uint64_t ready_ps, uint32_t link_bytes)
{
    dir.bytes += link_bytes;
    return dir.timeline.book(ready_ps, pcie_tlp_ps(&params_, link_bytes));
}

uint64_t pcie_link::posted_visible(uint64_t earliest_ps)
{
    last_posted_visible_ps_ = std::max(earliest_ps, last_posted_visible_ps_);
    return last_posted_visible_ps_;
}

uint64_t pcie_link::spike_ps(uint64_t sent_ps)
{
    for (const read_latency_spike &s : spikes_)
        if (sent_ps >= s.from_ps && sent_ps < s.to_ps) {
            ++reads_delayed_;
            return s.extra_ps;
        }
    return 0;
}

uint64_t pcie_link::forward(tlm::tlm_fw_transport_if<> &target, tlm::tlm_generic_payload &trans,
                            uint64_t at_ps)
{
    uint64_t now = time_to_ps(sc_core::sc_time_stamp());
    sc_core::sc_time delay = ps_to_time(at_ps - now);
    target.b_transport(trans, delay);
    return now + time_to_ps(delay);
}

uint64_t pcie_link::dma_write(tlm::tlm_generic_payload &trans, uint64_t issue_ps,
                              uint64_t &link_free_ps)
{
    uint64_t addr = trans.get_address();
    uint64_t left = trans.get_data_length();
    uint64_t last_end = issue_ps;
    while (left > 0) {
        uint32_t chunk = pcie_tlp_chunk(addr, left, params_.mps, 1);
        last_end = send_tlp(upstream_, last_end, pcie_mem_write_bytes(&params_, chunk));
        addr += chunk;
        left -= chunk;
    }
    link_free_ps = last_end;
    uint64_t visible = posted_visible(last_end + params_.write_latency_ps);
    forward(*to_memory[0], trans, visible);
    return visible;
}

uint64_t pcie_link::dma_read(tlm::tlm_generic_payload &trans, uint64_t issue_ps,
                             uint64_t &link_free_ps)
{
    uint64_t addr = trans.get_address();
    uint64_t left = trans.get_data_length();
    uint64_t done = issue_ps;
    link_free_ps = issue_ps;
    while (left > 0) {
        uint32_t request = pcie_tlp_chunk(addr, left, params_.mrrs, 1);
        link_free_ps = send_tlp(upstream_, link_free_ps, pcie_mem_read_bytes(&params_));
        // A read may not pass posted writes sent before it; nor its completions
        // the previous request's.
        uint64_t ready = std::max({link_free_ps + params_.dma_read_latency_ps + spike_ps(link_free_ps),
                                   last_posted_visible_ps_, done});
        for (uint32_t got = 0; got < request;) {
            uint32_t cpl = pcie_tlp_chunk(addr + got, request - got, params_.mps, params_.rcb);
            ready = done = send_tlp(downstream_, ready, pcie_completion_bytes(&params_, cpl));
            got += cpl;
        }
        addr += request;
        left -= request;
    }
    forward(*to_memory[0], trans, done);
    return done;
}

uint64_t pcie_link::interrupt(tlm::tlm_generic_payload &trans, uint64_t issue_ps,
                              uint64_t &link_free_ps)
{
    bool msi = trans.get_address() == params_.msi_addr;
    // MSI is a memory write of its data; INTx is a message without payload.
    uint32_t bytes = msi ? pcie_mem_write_bytes(&params_, trans.get_data_length())
                         : pcie_message_bytes(&params_);
    link_free_ps = send_tlp(upstream_, issue_ps, bytes);
    uint64_t latency = msi ? params_.msi_latency_ps : params_.intx_latency_ps;
    uint64_t delivered = posted_visible(link_free_ps + latency);
    forward(*to_irq[0], trans, delivered);
    return delivered;
}

void pcie_link::forget_past(uint64_t now_ps)
{
    upstream_.timeline.forget_before(now_ps);
    downstream_.timeline.forget_before(now_ps);
}

void pcie_link::upstream_b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    uint64_t now = time_to_ps(sc_core::sc_time_stamp());
    forget_past(now);
    uint64_t issue = now + time_to_ps(delay);
    uint64_t addr = trans.get_address();
    bool to_irq_ctrl = addr == params_.msi_addr || addr == params_.intx_addr;
    uint64_t link_free = issue;
    uint64_t done = issue;
    if (trans.is_write() && to_irq_ctrl)
        done = interrupt(trans, issue, link_free);
    else if (trans.is_write())
        done = dma_write(trans, issue, link_free);
    else if (trans.is_read())
        done = dma_read(trans, issue, link_free);
    else
        trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    if (pcie_link_free *ext = trans.get_extension<pcie_link_free>())
        ext->at = ps_to_time(link_free);
    delay = ps_to_time(done - now);
}

uint64_t pcie_link::mmio_write(tlm::tlm_generic_payload &trans, uint64_t issue_ps)
{
    uint64_t sent = send_tlp(downstream_, issue_ps, pcie_mem_write_bytes(&params_, trans.get_data_length()));
    forward(*to_device[0], trans, sent + params_.mmio_write_latency_ps);
    // Posted: the CPU only pays for issuing it.
    return issue_ps + params_.mmio_write_issue_ps;
}

uint64_t pcie_link::mmio_read(tlm::tlm_generic_payload &trans, uint64_t issue_ps)
{
    uint64_t leg_down = params_.mmio_read_rtt_ps / 2;
    uint64_t leg_up = params_.mmio_read_rtt_ps - leg_down;
    uint64_t sent = send_tlp(downstream_, issue_ps, pcie_mem_read_bytes(&params_));
    // The device may annotate the time it needs to answer.
    uint64_t answered = forward(*to_device[0], trans, sent + leg_down);
    uint64_t returned = send_tlp(upstream_, answered, pcie_completion_bytes(&params_, trans.get_data_length()));
    // A completion may not pass the device's earlier posted writes.
    return std::max(returned + leg_up, last_posted_visible_ps_);
}

void pcie_link::downstream_b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    uint64_t now = time_to_ps(sc_core::sc_time_stamp());
    forget_past(now);
    uint64_t issue = now + time_to_ps(delay);
    uint64_t done = issue;
    if (trans.is_write())
        done = mmio_write(trans, issue);
    else if (trans.is_read())
        done = mmio_read(trans, issue);
    else
        trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    delay = ps_to_time(done - now);
}

} // namespace rxsim
