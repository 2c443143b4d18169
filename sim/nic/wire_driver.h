// Feeds nic_top's wire port from a trace replay (rxtrace): for each frame the
// preamble (7 x 0x55), the SFD (0xD5), then DA..FCS, wire_bytes per clock edge.
//
// Rounding: a frame's first word goes on the wire at the first clock edge at
// or after its start time (edge k happens at k * clk_period_ps), i.e. edge
// ceil((start_ps + offset_ps) / clk_period_ps). The replay already spaces frames
// by preamble + frame + IFG at the link speed, so frames never overlap when the
// trace's link speed is the NIC's; otherwise (a 10 Gb/s trace into the 1GbE
// NIC) a frame waits until one idle edge has followed the previous frame, and
// is counted in delayed(). Edges count from 1 (edge 0 is not simulated): a
// frame at time 0 starts on edge 1, also counted as delayed.
//
// The cable: in each link-down interval [from, to) (simulated time) phy_link
// is low from the first edge at or after `from` to the first at or after
// `to`, and a frame whose first word would go on the wire then is not sent
// (the partner has no link to send on): it is counted in link_down(). A
// frame already on the wire is finished.
#ifndef RXSIM_WIRE_DRIVER_H
#define RXSIM_WIRE_DRIVER_H

#include <cstdint>
#include <functional>
#include <vector>

#include "bus_faults.h"
#include "nic_rtl.h"
#include "rxtrace.h"

namespace rxsim {

// A frame as it went onto the wire.
struct wire_frame {
    uint64_t index;         // replay index (packet id)
    uint64_t trace_ps;      // start time the replay gave, plus the offset
    uint64_t start_edge;    // edge of the first preamble word
    uint64_t start_ps;      // its time: start_edge * clk_period_ps
    const uint8_t *data;    // DA..FCS, valid during the callback only
    uint32_t len;
};

class wire_driver {
public:
    static constexpr uint64_t no_edge = UINT64_MAX;

    // `trace` stays the caller's; offset_ps shifts every frame (the replay
    // starts its first frame at 0).
    // `down`: sorted, not overlapping, each from_ps < to_ps.
    wire_driver(rxtrace_t *trace, unsigned wire_bytes, uint64_t clk_period_ps,
                uint64_t offset_ps = 0, const std::vector<link_down_interval> &down = {});

    // Wire inputs for clock edge `edge`. Edges come in increasing order; edges
    // before next_edge() may be left out (nothing is on the wire there).
    void drive(uint64_t edge, nic_inputs &in);
    // For a model that takes frames whole (nic_rtl::frames_whole): when a
    // frame's first word is due at `edge`, the frame's wire bytes (preamble,
    // SFD, DA..FCS) into `wire` and true; it counts as put on the wire word
    // by word from `edge` on, and drive() then drives none of its words.
    // Call before drive() for the edge.
    bool take_frame(uint64_t edge, std::vector<uint8_t> &wire);
    // The next edge that carries a word (the current frame's next word, or
    // the next frame's first) or changes the link; no_edge when there is none.
    uint64_t next_edge();

    // Called when a frame's first word goes on the wire.
    std::function<void(const wire_frame &)> on_frame;
    // Called once, when the replay turns out to have no more frames (its end,
    // or a trace error): with the time the last frame's IFG ends, offset
    // included. The replay learns it as it reads, so a pipe needs no first pass.
    std::function<void(uint64_t end_ps)> on_end;

    // No more frames go on the wire (the run was interrupted): a frame already
    // started is finished, one read but not started is left out and counted
    // in unsent(). on_end is not called.
    void stop();
    uint64_t unsent() const { return unsent_; }

    uint64_t frames() const { return frames_; }
    uint64_t delayed() const { return delayed_; }
    uint64_t link_down() const { return link_down_; }
    // What the replay read and did so far (records, skips, changes).
    const rxtrace_report_t &report() const { return *rxtrace_report(trace_); }
    // 0 at the end of the replay, -1 after a trace error (rxtrace_error()).
    int status() const { return status_; }

private:
    bool load();
    void announce();
    bool link_up_at(uint64_t edge) const;

    rxtrace_t *trace_;
    unsigned wire_bytes_;
    uint64_t clk_period_ps_;
    uint64_t offset_ps_;

    std::vector<uint8_t> cur_; // preamble + SFD + frame; empty: none loaded
    size_t pos_ = 0;           // next byte to send
    uint64_t start_edge_ = 0;
    uint64_t trace_ps_ = 0;
    uint64_t index_ = 0;
    uint64_t last_edge_ = 0;   // edge of the previous frame's last word
    bool any_sent_ = false;
    uint64_t frames_ = 0;
    uint64_t delayed_ = 0;
    uint64_t unsent_ = 0;
    int status_ = 1;
    // Edges where phy_link flips (down, up, down, ...), the next one to apply.
    std::vector<uint64_t> link_edges_;
    size_t link_next_ = 0;
    bool link_ = true;
    uint64_t link_down_ = 0;
};

} // namespace rxsim

#endif
