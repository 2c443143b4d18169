// wire_driver alone (no model, no SystemC time): which edge each frame starts
// on, what each word carries, and how frames are kept apart when the trace's
// link is faster than the NIC's wire.
#include <gtest/gtest.h>

#include <vector>

#include "nicsim_support.h"
#include "wire_driver.h"

using namespace rxsim;
using namespace rxsim_test;

namespace {

struct driven_frame {
    wire_frame info;
    std::vector<uint8_t> bytes;      // DA..FCS as on_frame gave them
    std::vector<uint8_t> wire;       // every byte the words carried
    uint64_t first_edge = 0, last_edge = 0;
};

// Drives every edge until the replay is over.
std::vector<driven_frame> drive_all(const std::string &trace, const rxtrace_options_t &opt,
                                    unsigned wire_bytes, uint64_t period_ps, uint64_t offset_ps,
                                    uint64_t *delayed)
{
    rxtrace_error_t err;
    rxtrace_t *t = rxtrace_open(trace.c_str(), &opt, &err);
    EXPECT_NE(t, nullptr) << err.message;
    wire_driver wire(t, wire_bytes, period_ps, offset_ps);
    std::vector<driven_frame> out;
    wire.on_frame = [&out](const wire_frame &f) {
        out.push_back({f, std::vector<uint8_t>(f.data, f.data + f.len), {}, 0, 0});
    };
    nic_inputs in;
    for (uint64_t edge = 1; wire.next_edge() != wire_driver::no_edge; ++edge) {
        wire.drive(edge, in);
        if (!in.wire_valid)
            continue;
        driven_frame &f = out.back();
        if (in.wire_sof)
            f.first_edge = edge;
        for (unsigned i = 0; i < wire_bytes; ++i)
            if (in.wire_keep >> i & 1)
                f.wire.push_back(static_cast<uint8_t>(in.wire_data >> (8 * i)));
        if (in.wire_eof)
            f.last_edge = edge;
    }
    EXPECT_EQ(wire.status(), 0);
    *delayed = wire.delayed();
    rxtrace_close(t);
    return out;
}

std::vector<uint8_t> with_preamble(const std::vector<uint8_t> &frame)
{
    std::vector<uint8_t> w(7, 0x55);
    w.push_back(0xD5);
    w.insert(w.end(), frame.begin(), frame.end());
    return w;
}

} // namespace

// 10 Gb/s trace on the 10GbE wire (8 bytes an edge of 6400 ps): frame i starts
// at 3 us + i x 67.2 ns, on edge ceil(start / 6400): 469, 480, 490, 501, ...
TEST(NicsimWire, FramesStartOnTheFirstEdgeAtOrAfterTheirTime)
{
    gen_config_t traffic = udp_traffic(20, 64);
    traffic.line_rate = true;
    const temp_trace trace("wire10g", traffic);
    rxtrace_options_t opt;
    rxtrace_options_default(&opt);
    uint64_t delayed = 0;
    const auto frames = drive_all(trace.path, opt, 8, 6400, 3000000, &delayed);
    ASSERT_EQ(frames.size(), 20u);
    EXPECT_EQ(delayed, 0u);
    for (size_t i = 0; i < frames.size(); ++i) {
        const driven_frame &f = frames[i];
        const uint64_t start = 3000000 + i * 67200;
        EXPECT_EQ(f.info.trace_ps, start);
        EXPECT_EQ(f.info.start_edge, (start + 6399) / 6400) << i;
        EXPECT_EQ(f.info.start_ps, f.info.start_edge * 6400);
        EXPECT_EQ(f.first_edge, f.info.start_edge);
        EXPECT_EQ(f.last_edge, f.first_edge + 8); // 72 bytes: 9 words
        EXPECT_EQ(f.wire, with_preamble(f.bytes));
    }
    EXPECT_EQ(frames[1].info.start_edge, 480u); // ceil(3067200 / 6400) = ceil(479.25)
}

// The same trace on the 1GbE wire (one byte an edge of 8000 ps) cannot keep
// its times: each frame waits for one idle edge after the previous one. The
// first, at time 0, starts on edge 1, the first simulated edge.
TEST(NicsimWire, AFasterTraceIsSpacedByOneIdleEdge)
{
    gen_config_t traffic = udp_traffic(5, 64);
    traffic.line_rate = true;
    const temp_trace trace("wire1g", traffic);
    rxtrace_options_t opt;
    rxtrace_options_default(&opt);
    uint64_t delayed = 0;
    const auto frames = drive_all(trace.path, opt, 1, 8000, 0, &delayed);
    ASSERT_EQ(frames.size(), 5u);
    EXPECT_EQ(delayed, 5u);
    EXPECT_EQ(frames[0].first_edge, 1u);
    for (size_t i = 1; i < frames.size(); ++i) {
        EXPECT_EQ(frames[i].first_edge, frames[i - 1].last_edge + 2);
        EXPECT_EQ(frames[i].last_edge, frames[i].first_edge + 71);
        EXPECT_EQ(frames[i].wire, with_preamble(frames[i].bytes));
    }
}
