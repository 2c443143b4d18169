// TLM extension in which the PCIe link tells a device when the upstream
// direction is free again: the moment the request's last TLP has left the link.
// A DMA engine uses it for back-pressure (it may start its next burst then,
// long before the write is visible in memory).
#ifndef RXSIM_PCIE_LINK_FREE_H
#define RXSIM_PCIE_LINK_FREE_H

#include <systemc>
#include <tlm>

namespace rxsim {

struct pcie_link_free : tlm::tlm_extension<pcie_link_free> {
    sc_core::sc_time at; // absolute simulated time

    tlm::tlm_extension_base *clone() const override { return new pcie_link_free(*this); }
    void copy_from(const tlm::tlm_extension_base &other) override
    {
        at = static_cast<const pcie_link_free &>(other).at;
    }
};

} // namespace rxsim

#endif
