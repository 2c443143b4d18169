// The NIC's own cycle counts, measured on the bare model (make_nic_rtl) with
// a bus that never back-pressures: DMA writes taken every edge, descriptor
// reads answered on the next edge. A platform run differs from this only by
// what the bus adds, which the tests compute from docs/PLATFORM.md's formulas.
#ifndef RXSIM_TESTS_NICSIM_IDEAL_BUS_H
#define RXSIM_TESTS_NICSIM_IDEAL_BUS_H

#include <cstdint>
#include <string>
#include <vector>

namespace rxsim_test {

struct ideal_frame_timing {
    // Edges after the edge of the frame's first preamble word.
    uint64_t data_last_beat;      // its data burst's last beat taken
    uint64_t writeback_last_beat; // its descriptor's write-back taken
    uint32_t data_len;            // bytes in the data burst
};

// A frame (DA..FCS) into a model of NIC build `nic` (nic_builds.h) set up as
// trivial_host does it (ring of
// `ring_size`, RDTR = ITR = 0, broadcast accept, FCS stripped), twice: the
// first fetches the descriptors (the NIC fetches on demand); the timing is the
// second's, with descriptors cached.
ideal_frame_timing ideal_frame(const std::string &nic, const std::vector<uint8_t> &frame,
                               unsigned ring_size);

// Edges from the edge that presents an MMIO read of `addr` (accepted at once)
// to the edge that takes its response (mmio_rsp_valid && ready), on NIC build
// `nic`.
uint64_t ideal_mmio_read_edges(const std::string &nic, uint32_t addr);

} // namespace rxsim_test

#endif
