// A host without a CPU model, for tests and the benchmark: programs the NIC
// (unicast address from rxtrace.h's defaults, a ring of legacy descriptors in
// host memory, timers, interrupt mask), then on every interrupt reads ICR,
// masks (IMC), takes the frames whose descriptors host memory shows done (DD
// set and the write-back already visible at the host's time), checks their
// bytes against what the wire carried, gives the descriptors back (RDT) and
// unmasks (IMS). MMIO goes through the platform's CPU port with its
// latencies; reading memory costs nothing. At end_ps it stops taking
// interrupts, drains the ring until nothing more comes, and reads the
// statistics registers.
//
// Frames are matched to wire frames as frame_match.h says (FCS stripped): a
// delivered frame is the oldest unmatched wire frame it equals; the wire
// frames passed over were lost (MAC drop, filter, FIFO overrun).
#ifndef RXSIM_TRIVIAL_HOST_H
#define RXSIM_TRIVIAL_HOST_H

#include <cstdint>
#include <deque>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "nic_defines.h"
#include "nic_device.h"
#include "pcie_platform.h"
#include "wire_driver.h"

namespace rxsim {

struct trivial_host_config {
    unsigned ring_size = 256;   // descriptors, a multiple of 8 (RDLEN: 128-byte units)
    uint32_t itr = 0;           // ITR, 256 ns units
    uint32_t rdtr = 0;          // RDTR, 1.024 us units
    uint32_t radv = 0;          // RADV, 1.024 us units
    uint32_t ims = NIC_ICR_RXT0 | NIC_ICR_RXO | NIC_ICR_RXDMT0;
    bool refill = true;         // give descriptors back on every interrupt
    uint64_t end_ps = 0;        // stop taking interrupts, drain, read statistics
    uint64_t drain_poll_ps = 20000000; // 20 us between drain rounds
    bool keep_records = false;  // keep a frame_record per delivered frame
};

// One delivered frame's trip, picoseconds.
struct frame_record {
    uint64_t index;        // replay index
    uint64_t wire_ps;      // first preamble word on the wire
    uint64_t data_done_ps; // its last data burst visible in host memory
    uint64_t desc_done_ps; // its EOP descriptor's write-back visible
    uint64_t seen_ps;      // the host took it
};

// Statistics registers read at the end (read-to-clear: read once).
struct nic_statistics {
    uint32_t tpr = 0, gprc = 0, bprc = 0, mprc = 0;
    uint32_t mpc = 0, rnbc = 0, crcerrs = 0, ruc = 0, roc = 0;
};

class trivial_host : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<trivial_host> irq_socket; // bind link.to_irq

    trivial_host(sc_core::sc_module_name name, pcie_platform &bus, nic_device &nic,
                 wire_driver &wire, const trivial_host_config &config);
    SC_HAS_PROCESS(trivial_host);

    bool finished() const { return finished_; }
    uint64_t delivered() const { return delivered_; }
    uint64_t lost() const { return lost_; }   // wire frames passed over by the matching
    uint64_t payload_errors() const { return payload_errors_; }
    uint64_t spurious() const { return spurious_; } // interrupts that found ICR = 0
    // Delivery times of MSI messages / INTx asserts.
    const std::vector<uint64_t> &interrupts() const { return interrupts_; }
    const std::vector<frame_record> &records() const { return records_; }
    const nic_statistics &statistics() const { return stats_; }
    // Wire -> descriptor visible, over delivered frames.
    uint64_t latency_sum_ps() const { return latency_sum_ps_; }
    uint64_t latency_max_ps() const { return latency_max_ps_; }

private:
    struct expected_frame {
        uint64_t index;
        uint64_t wire_ps;
        std::vector<uint8_t> bytes; // DA..FCS
    };

    void thread();
    void bring_up();
    void handle_interrupt();
    void drain();
    void read_statistics();
    // Takes every frame visible at `at_ps`; returns descriptors cleaned.
    unsigned clean(uint64_t at_ps);
    void give_back(sc_core::sc_time &local);
    void deliver(const std::vector<uint8_t> &frame, uint64_t desc_done_ps, uint64_t data_done_ps,
                 uint64_t at_ps);
    void on_dma_write(const dma_write_record &w);
    void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);
    uint8_t *desc(unsigned i) { return ring_ + NIC_RXD_SIZE * i; }

    pcie_platform &bus_;
    trivial_host_config config_;

    uint8_t *ring_ = nullptr;
    uint64_t ring_dma_ = 0;
    uint8_t *buffers_ = nullptr;
    uint64_t buffers_dma_ = 0;
    std::vector<uint64_t> desc_done_ps_; // per descriptor: its last write-back visible
    std::vector<uint64_t> data_done_ps_; // per buffer: its last data write visible
    unsigned next_to_clean_ = 0;
    std::vector<uint8_t> partial_;       // frame spanning descriptors, before EOP
    uint64_t partial_data_done_ps_ = 0;

    std::deque<expected_frame> expected_;
    std::deque<uint64_t> pending_irqs_;
    sc_core::sc_event irq_event_;

    bool finished_ = false;
    uint64_t delivered_ = 0, lost_ = 0, payload_errors_ = 0, spurious_ = 0;
    std::vector<uint64_t> interrupts_;
    std::vector<frame_record> records_;
    nic_statistics stats_;
    uint64_t latency_sum_ps_ = 0, latency_max_ps_ = 0;
};

} // namespace rxsim

#endif
