// PCIe link between the NIC (device) and the host (memory, CPU, interrupt
// controller), loosely timed: blocking transport with annotated delays, no
// waits. Each direction has a timeline of busy intervals that every TLP in
// that direction books, so all traffic shares the bandwidth and the result is
// deterministic. Formulas: docs/PLATFORM.md.
//
//   device DMA, MSI, INTx -> from_device ==(upstream)==> to_memory / to_irq
//   CPU MMIO              -> from_cpu    ==(downstream)=> to_device
//
// Delays follow TLM-2.0 LT rules: on entry the annotated delay says when the
// request is issued (sc_time_stamp() + delay); on return it says when the
// initiator is done: write visible in memory, read data back, posted MMIO
// write issued by the CPU.
#ifndef RXSIM_PCIE_LINK_H
#define RXSIM_PCIE_LINK_H

#include <cstdint>
#include <vector>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "bus_faults.h"
#include "link_timeline.h"
#include "pcie_params.h"

namespace rxsim {

class pcie_link : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<pcie_link> from_device;
    tlm_utils::simple_initiator_socket<pcie_link> to_memory;
    tlm_utils::simple_initiator_socket<pcie_link> to_irq;
    tlm_utils::simple_target_socket<pcie_link> from_cpu;
    tlm_utils::simple_initiator_socket<pcie_link> to_device;

    // Reports a fatal error when pcie_params_check() rejects the parameters.
    pcie_link(sc_core::sc_module_name name, const pcie_params &params);

    const pcie_params &params() const { return params_; }
    // Sorted by from_ps; each applies to the requests it covers.
    void set_read_spikes(std::vector<read_latency_spike> spikes) { spikes_ = std::move(spikes); }
    // DMA read requests a spike delayed.
    uint64_t reads_delayed() const { return reads_delayed_; }
    // When each direction has sent everything booked so far (picoseconds).
    uint64_t upstream_busy_until_ps() const { return upstream_.timeline.busy_until(); }
    uint64_t downstream_busy_until_ps() const { return downstream_.timeline.busy_until(); }
    // Link bytes carried so far, TLP overheads included.
    uint64_t upstream_bytes() const { return upstream_.bytes; }
    uint64_t downstream_bytes() const { return downstream_.bytes; }

private:
    struct direction {
        link_timeline timeline;
        uint64_t bytes = 0;
    };

    void upstream_b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);
    void downstream_b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);

    // Each returns when the initiator is done, in picoseconds.
    uint64_t dma_write(tlm::tlm_generic_payload &trans, uint64_t issue_ps, uint64_t &link_free_ps);
    uint64_t dma_read(tlm::tlm_generic_payload &trans, uint64_t issue_ps, uint64_t &link_free_ps);
    uint64_t interrupt(tlm::tlm_generic_payload &trans, uint64_t issue_ps, uint64_t &link_free_ps);
    uint64_t mmio_write(tlm::tlm_generic_payload &trans, uint64_t issue_ps);
    uint64_t mmio_read(tlm::tlm_generic_payload &trans, uint64_t issue_ps);

    // Puts one TLP of link_bytes on a direction in the first gap at or after
    // ready_ps; returns when its last byte has left the link. The TLPs of one
    // transfer are sent in order: each is ready when the previous one has left.
    uint64_t send_tlp(direction &dir, uint64_t ready_ps, uint32_t link_bytes);
    // Nothing can be booked before the current simulated time.
    void forget_past(uint64_t now_ps);
    // Posted requests upstream become visible in order (PCIe ordering rules).
    uint64_t posted_visible(uint64_t earliest_ps);
    // The spike's extra latency for a request that left the link at sent_ps.
    uint64_t spike_ps(uint64_t sent_ps);
    // Calls b_transport on a socket for an absolute time; returns the absolute
    // time the target annotated.
    static uint64_t forward(tlm::tlm_fw_transport_if<> &target, tlm::tlm_generic_payload &trans,
                            uint64_t at_ps);

    pcie_params params_;
    direction upstream_;
    direction downstream_;
    uint64_t last_posted_visible_ps_ = 0;
    std::vector<read_latency_spike> spikes_;
    uint64_t reads_delayed_ = 0;
};

} // namespace rxsim

#endif
