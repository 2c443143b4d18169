// TLM-2.0 target serving the bus from host memory: reads and writes of any
// length and alignment; accesses outside the region get an address error.
// It adds no time: the PCIe link accounts for all of it.
//
// Write visibility: by default a write lands when it is transported (its
// initiator runs ahead of SystemC time, so it may land before its visible
// time). With defer_writes(true) a write is held until the observer says its
// clock has passed the write's visible time (apply_writes_until), so a CPU
// model that reads memory directly never sees a DMA write from its future.
// Held writes are applied in visible-time order, ties in arrival order.
//
// Refused writes (refuse_writes): a write that lies inside a chosen region is
// refused, with probability ppm / 10^6 from a seeded generator, as an IOMMU
// or root port that rejects it would: nothing is written and the initiator
// gets TLM_GENERIC_ERROR_RESPONSE (the NIC sees a target abort).
#ifndef RXSIM_HOST_MEMORY_TARGET_H
#define RXSIM_HOST_MEMORY_TARGET_H

#include <cstdint>
#include <queue>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "host_memory.h"

namespace rxsim {

class host_memory_target : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<host_memory_target> socket;

    host_memory_target(sc_core::sc_module_name name, host_memory &memory);

    void defer_writes(bool on) { defer_ = on; }
    // Applies every held write visible at or before t_ps.
    void apply_writes_until(uint64_t t_ps);
    void refuse_writes(uint64_t bus_addr, uint64_t len, uint32_t ppm, uint64_t seed);
    uint64_t writes_refused() const { return refused_; }

private:
    struct held_write {
        uint64_t visible_ps, seq, addr;
        std::vector<uint8_t> bytes;
        bool operator>(const held_write &o) const
        {
            return visible_ps != o.visible_ps ? visible_ps > o.visible_ps : seq > o.seq;
        }
    };

    void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);
    unsigned int transport_dbg(tlm::tlm_generic_payload &trans);
    // Performs the access; leaves the response status in trans.
    void access(tlm::tlm_generic_payload &trans);
    bool refused(const tlm::tlm_generic_payload &trans);

    host_memory &memory_;
    bool defer_ = false;
    uint64_t seq_ = 0;
    uint64_t refuse_lo_ = 0, refuse_len_ = 0, rng_ = 0, refused_ = 0;
    uint32_t refuse_ppm_ = 0;
    std::priority_queue<held_write, std::vector<held_write>, std::greater<held_write>> held_;
};

} // namespace rxsim

#endif
