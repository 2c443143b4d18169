// The Verilated nic_top as the simulator sees it: its ports as plain values
// and one clock edge at a time, whatever DATA_W / CLK_PERIOD_PS it was built
// with. nic_device drives this interface; verilated_nic.h adapts a model class
// to it, so the 10GbE and 1GbE builds share every line of the wrapper.
#ifndef RXSIM_NIC_RTL_H
#define RXSIM_NIC_RTL_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nic_ports.h"

namespace rxsim {

// nic_top's ports (nic_ports.h, shared with the behavioral twin), zero but
// for the inputs an idle host holds high: it takes MMIO responses and MSIs,
// and the PHY has link.
struct nic_inputs : nic_port_inputs {
    nic_inputs() : nic_port_inputs{}
    {
        mmio_rsp_ready = true;
        phy_link = true;
        msi_ready = true;
    }
};

// The observation outputs: nothing reacts to them; the timeline draws them
// (the packet buffer's fill, the moderation timers as slices).
struct nic_observed : nic_port_observed {
    nic_observed() : nic_port_observed{} {}
};

struct nic_outputs : nic_port_outputs {
    nic_outputs() : nic_port_outputs{} {}
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

    // The event path, a model's option (the behavioral twin's, outside
    // lock-step; not the RTL's): nic_device hands it each frame's wire bytes
    // whole at the frame's first edge, before that edge's settle, and lets
    // it clock stretches of quiet edges itself (twin/nic_twin.h,
    // nic_twin_take_frame and nic_twin_run_quiet, say exactly what).
    virtual bool frames_whole() const { return false; }
    virtual void take_frame(const uint8_t *, uint32_t) {}
    // run_quiet appends the DMA write beats it lets by (16 bytes each) to
    // `burst`.
    virtual uint32_t run_quiet(const nic_inputs &, uint32_t, nic_outputs &, std::vector<uint8_t> &) { return 0; }
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
