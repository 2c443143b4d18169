// The Verilated nic_top as the simulator sees it: its ports as plain values
// and one clock edge at a time, whatever DATA_W / CLK_PERIOD_PS it was built
// with. nic_device drives this interface; verilated_nic.h adapts a model class
// to it, so the 10GbE and 1GbE builds share every line of the wrapper.
#ifndef RXSIM_NIC_RTL_H
#define RXSIM_NIC_RTL_H

#include <cstdint>
#include <memory>
#include <string>

namespace rxsim {

// nic_top's inputs (docs/ARCHITECTURE.md, "Ports of nic_top"); clk and rst_n
// belong to the adapter.
struct nic_inputs {
    bool wire_valid = false, wire_sof = false, wire_eof = false;
    uint64_t wire_data = 0; // DATA_W bits, byte 0 in bits 7:0
    uint8_t wire_keep = 0;
    bool mmio_req_valid = false, mmio_req_write = false;
    uint32_t mmio_req_addr = 0, mmio_req_wdata = 0;
    bool mmio_rsp_ready = true;
    bool dmar_req_ready = false;
    bool dmar_rsp_valid = false, dmar_rsp_last = false;
    uint32_t dmar_rsp_data[4] = {};
    bool dmaw_ready = false;
    bool dmaw_err = false;  // with the last beat: the host refused the burst
    bool phy_link = true;   // the PHY has link
    bool msi_ready = true;
    bool skip_valid = false;
    uint32_t skip_cycles = 0;
};

// nic_top's observation outputs: nothing reacts to them; the timeline draws
// them (the packet buffer's fill, the moderation timers as slices).
struct nic_observed {
    uint16_t fifo_frames = 0;  // frames in the packet buffer
    uint32_t fifo_bytes = 0;   // bytes held there (whole 16-byte words)
    bool itr_running = false;  // the ITR gate holds interrupts back
    bool rdtr_running = false; // RDTR packet timer
    bool radv_running = false; // RADV absolute timer
    uint16_t rdh = 0, rdt = 0; // the ring's head and tail registers
};

// nic_top's outputs.
struct nic_outputs {
    bool mmio_req_ready = false, mmio_rsp_valid = false;
    uint32_t mmio_rsp_rdata = 0;
    bool dmar_req_valid = false, dmar_rsp_ready = false;
    uint64_t dmar_req_addr = 0;
    uint16_t dmar_req_len = 0;
    bool dmaw_valid = false, dmaw_last = false;
    uint64_t dmaw_addr = 0;
    uint16_t dmaw_len = 0;
    uint32_t dmaw_data[4] = {};
    bool intx = false, msi_valid = false;
    uint32_t idle_cycles = 0;
};

class nic_rtl {
public:
    virtual ~nic_rtl() = default;
    virtual unsigned wire_bytes() const = 0;      // DATA_W / 8
    virtual uint64_t clk_period_ps() const = 0;   // CLK_PERIOD_PS
    // Holds reset for a few edges, then releases it (the edges do not count
    // as simulated time).
    virtual void reset() = 0;
    // Applies `in` with the clock low and evaluates: `out` is what the coming
    // rising edge samples.
    virtual void settle(const nic_inputs &in, nic_outputs &out) = 0;
    // The rising edge at simulated time edge_ps (an edge that skips idle
    // cycles: the time of the last one); `out` is what the model drives right
    // after it.
    // The observation outputs as the last edge left them (read only when
    // someone watches: not on the per-edge path).
    virtual nic_observed observed() const = 0;
    virtual void rise(uint64_t edge_ps, nic_outputs &out) = 0;
};

// A waveform of every edge from_ps..to_ps to `path` (.fst or .vcd), the
// signals `depth` scope levels deep ($dumpvars levels: 1 is nic_top's ports;
// 99: all).
struct nic_waveform {
    std::string path;
    int depth = 99;
    uint64_t from_ps = 0, to_ps = UINT64_MAX;
};

// A new model of the NIC build `name` (nic_builds.h: "10g", "1g"); every build
// is linked (rxnic_models), so one process may hold several. Throws
// std::invalid_argument, naming the builds, for a name that is not one.
// With `waveform`, the build's traced variant (Verilated with tracing,
// linked but made only here), writing it; std::invalid_argument for a path
// that is neither .fst nor .vcd, std::runtime_error for one that cannot be
// written.
std::unique_ptr<nic_rtl> make_nic_rtl(const std::string &name, const nic_waveform *waveform = nullptr);

// The NIC build `name` as the model `model` (nic_builds.h: "rtl", the
// Verilated RTL as make_nic_rtl makes it; "behavioral", the twin; "both", the
// RTL and the twin in lock-step, lockstep_nic.h: the RTL's outputs drive the
// run). A waveform is the RTL's: std::invalid_argument with "behavioral".
std::unique_ptr<nic_rtl> make_nic_model(const std::string &name, const std::string &model,
                                        const nic_waveform *waveform = nullptr);

// The Verilator the models were built with ("5.006 2023-01-22"), for
// rxsim --version: the program sees the models only through this library.
const char *verilator_version();

} // namespace rxsim

#endif
