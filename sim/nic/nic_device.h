// The Verilated NIC inside the SystemC platform.
//
// One SC_THREAD clocks nic_top in C++ loops and synchronises with SystemC only
// when it must, by conservative lookahead (docs/ARCHITECTURE.md, "Time
// model"): nothing the CPU sends reaches the NIC sooner than
//   L = min(mmio_write_latency_ps, mmio_read_rtt_ps / 2)
// after sc_time_stamp() (plus a TLP's link time, which is > 0), so the NIC may
// execute every edge at or before sc_time_stamp() + L and no MMIO request ever
// arrives in its past. Clock edge k happens at k * CLK_PERIOD_PS (the reset
// edges before it are not simulated time).
//
// - MMIO (mmio_socket, bound to pcie_link::to_device): a request arriving at t
//   is presented to the model at the first edge at or after t; a write is
//   posted (b_transport returns at once); a read's b_transport waits until
//   the model answers and annotates the time of the edge that takes the
//   response (mmio_rsp_valid && ready).
// - DMA write: beats are taken at one per edge while the link is free; the
//   edge that takes the last beat issues pcie_device_port::dma_write at its
//   time, and dmaw_ready stays low until the result's link_free.
// - DMA read: the edge that takes the request issues dma_read; dmar_req_ready
//   stays low until the last response beat is taken; beats are offered from
//   the first edge at or after the read's done time, one per edge.
// - Interrupts: MSI messages (msi_valid, taken at once) or INTx level changes
//   go to the platform at the time of their edge.
// - Idle time: when nic_top reports idle_cycles > 1 and no wire word, MMIO
//   request or DMA response is due sooner, one edge with skip_cycles jumps
//   ahead (timers stay exact); the thread then waits until the next thing it
//   must do is within L, or until an MMIO request wakes it.
// - The event path (a model with nic_rtl::frames_whole, skip_idle on): each
//   frame goes to the model whole at its first edge, and up to the next
//   input change (a frame, an MMIO request, a DMA response, dmaw_ready
//   rising, a link change) the model clocks the edges itself, stopping where
//   this wrapper takes part (a handshake, intx, an observation output; a DMA
//   write beat only when it is a burst's last: the others' data it hands
//   over); the wrapper evaluates those edges as before.
#ifndef RXSIM_NIC_DEVICE_H
#define RXSIM_NIC_DEVICE_H

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "nic_rtl.h"
#include "pcie_device_port.h"
#include "pcie_params.h"
#include "wire_driver.h"

namespace rxsim {

struct nic_device_config {
    bool msi = true;       // MSI messages; false: INTx assert/deassert messages
    uint32_t msi_data = 0; // MSI message data
    bool skip_idle = true; // false: clock every edge (reference runs)
    bool keep_interrupt_times = true; // interrupts(): 8 bytes an interrupt (tests)
};

// One DMA write burst as the platform booked it (picoseconds).
struct dma_write_record {
    uint64_t addr;
    uint32_t len;
    uint64_t issue_ps;     // edge that took the last beat
    uint64_t link_free_ps; // next burst may start
    uint64_t done_ps;      // visible in host memory
    const uint8_t *data;   // the burst's bytes (valid during the callback)
    bool refused;          // the host refused it: nothing was written
};

struct nic_device_counters {
    uint64_t edges = 0;          // edges evaluated (skip edges included)
    uint64_t skip_edges = 0;     // edges that jumped over idle cycles, and runs
                                 // of quiet edges the model clocked itself
    uint64_t skipped_cycles = 0; // cycles those edges stood for
    uint64_t waits = 0;          // SystemC waits of the NIC thread
    uint64_t mmio_writes = 0, mmio_reads = 0;
    uint64_t dma_writes = 0, dma_reads = 0;
    uint64_t dma_writes_refused = 0; // the host answered with an error (dmaw_err)
    uint64_t msi = 0, intx_changes = 0;
    uint64_t interrupts = 0;     // MSI messages sent, or INTx asserts
};

class nic_device : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<nic_device> mmio_socket;

    nic_device(sc_core::sc_module_name name, std::unique_ptr<nic_rtl> rtl, pcie_device_port &port,
               const pcie_params &params, const nic_device_config &config = {});
    SC_HAS_PROCESS(nic_device);

    // The wire's frames (optional; stays the caller's). Call before sc_start.
    void attach_wire(wire_driver *wire) { wire_ = wire; }
    // Called for every DMA write burst, at its issue.
    std::function<void(const dma_write_record &)> on_dma_write;
    // Called for every DMA read (descriptor fetch), at its issue, with the
    // time its completion is in.
    std::function<void(uint64_t addr, uint32_t len, uint64_t issue_ps, uint64_t done_ps)> on_dma_read;
    // Called for every interrupt issued (MSI message or INTx assert), at its edge.
    std::function<void(uint64_t ps)> on_interrupt;
    // Called at each edge that changes the packet buffer's frame count,
    // RDH or RDT, or starts or stops a moderation timer (ITR, RDTR, RADV);
    // the byte count is sampled then (it changes with every word). `was`:
    // the state at the previous call.
    std::function<void(uint64_t ps, const nic_observed &was, const nic_observed &now)> on_observed;

    uint64_t clk_period_ps() const { return period_; }
    unsigned wire_bytes() const { return rtl_->wire_bytes(); }
    uint64_t lookahead_ps() const { return lookahead_; }
    uint64_t cycle() const { return cycle_; } // edges done (skipped cycles included)
    // Times interrupts were issued: MSI messages, or INTx asserts (empty
    // unless keep_interrupt_times).
    const std::vector<uint64_t> &interrupts() const { return interrupts_; }
    const nic_device_counters &counters() const { return counters_; }
    // Why the model stopped the simulation ("" while it runs).
    const std::string &model_error() const { return model_error_; }
    // Nothing in flight and no timer running in nic_top (idle_cycles at its
    // maximum): clocking it changes nothing until an input arrives.
    bool quiescent() const
    {
        return out_.idle_cycles == UINT32_MAX && mmio_queue_.empty() && mmio_reading_.empty() &&
               !read_.active && write_burst_.empty();
    }

private:
    struct mmio_read_slot {
        bool done = false;
        uint32_t rdata = 0;
        uint64_t answer_ps = 0;
    };
    struct mmio_request {
        uint64_t arrival_ps;
        bool write;
        uint32_t addr, wdata;
        mmio_read_slot *read; // null for writes
    };
    struct dma_read {
        bool active = false;
        uint64_t due_edge = 0;
        unsigned beat = 0, beats = 0;
        std::vector<uint8_t> data;
    };

    void thread();
    void run_until(uint64_t horizon_ps);
    void wait_for_work(uint64_t now_ps);
    void edge();
    void skip(uint32_t cycles);
    bool run_quiet(uint64_t cycles);
    void after_rise(uint64_t t);
    uint64_t next_input_edge();
    uint64_t edge_at(uint64_t ps) const { return (ps + period_ - 1) / period_; }
    void check_not_past(uint64_t t, const char *what) const;
    void interrupt_issued(uint64_t t);

    void present_inputs(uint64_t k);
    // False when the burst this beat ended was refused by the host.
    bool take_dma_write_beat(uint64_t t);
    void issue_dma_read(uint64_t t);
    void b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay);

    std::unique_ptr<nic_rtl> rtl_;
    pcie_device_port &port_;
    nic_device_config config_;
    uint64_t period_;
    uint64_t lookahead_;
    bool frames_whole_; // the event path
    wire_driver *wire_ = nullptr;
    std::vector<uint8_t> frame_; // the frame last handed over whole

    nic_inputs in_;
    nic_outputs out_;
    nic_observed observed_; // as on_observed last heard it
    uint64_t cycle_ = 0;
    bool intx_ = false;

    std::deque<mmio_request> mmio_queue_; // by arrival time, then call order
    std::deque<mmio_read_slot *> mmio_reading_; // accepted reads awaiting their response
    sc_core::sc_event mmio_arrived_, mmio_answered_;

    dma_read read_;
    std::vector<uint8_t> write_burst_;
    uint64_t write_addr_ = 0;
    uint32_t write_len_ = 0;
    uint64_t write_free_ps_ = 0;

    std::vector<uint64_t> interrupts_;
    nic_device_counters counters_;
    std::string model_error_;
};

} // namespace rxsim

#endif
