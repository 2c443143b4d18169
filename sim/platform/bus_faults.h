// The faults a run can inject below the driver, as plain values: the cable
// pulled for a while (wire_driver), and completion latency spikes on the
// PCIe link (pcie_link). Refused DMA writes are host_memory_target's.
#ifndef RXSIM_BUS_FAULTS_H
#define RXSIM_BUS_FAULTS_H

#include <cstdint>

namespace rxsim {

// The link is down from from_ps until to_ps (simulated time).
struct link_down_interval {
    uint64_t from_ps, to_ps;
};

// DMA read requests that leave the link in [from_ps, to_ps) have their
// completions ready extra_ps later than dma_read_latency_ps says (the root
// complex or memory stalled: a power-state exit, a contended controller).
struct read_latency_spike {
    uint64_t from_ps, to_ps, extra_ps;
};

} // namespace rxsim

#endif
