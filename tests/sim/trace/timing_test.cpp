// Replay timing: frame start times to the picosecond.
#include <gtest/gtest.h>

#include "trace_fixture.h"

using namespace fixture;

namespace {

struct TimingCase {
    const char *name;
    rxtrace_timing_t timing;
    uint64_t link_bps;
    double speed;
    uint64_t rate; // pps or bps
    uint32_t loops;
    std::vector<uint64_t> ts_ns;   // capture timestamps of the records
    std::vector<uint16_t> lens;    // frame lengths without FCS
    std::vector<uint64_t> starts;  // expected start_ps of every replayed frame
    uint64_t delayed;
};

// Wire time at 10 Gb/s: 800 ps a byte; a 64-byte frame takes (8+64+12)*800 = 67200 ps.
const TimingCase timing_cases[] = {
    {"original", RXTRACE_TIMING_ORIGINAL, 10000000000, 1.0, 0, 1,
     {5000, 6000, 9000}, {60, 60, 60}, {0, 1000000, 4000000}, 0},
    {"original_speed_2", RXTRACE_TIMING_ORIGINAL, 10000000000, 2.0, 0, 1,
     {5000, 6000, 9000}, {60, 60, 60}, {0, 500000, 2000000}, 0},
    {"original_speed_quarter", RXTRACE_TIMING_ORIGINAL, 10000000000, 0.25, 0, 1,
     {0, 3}, {60, 60}, {0, 67200}, 1}, // due at 12000 ps, the wire is busy until 67200
    {"sub_ns_rounding_is_not_a_delay", RXTRACE_TIMING_ORIGINAL, 10000000000, 1.0, 0, 1,
     {0, 67, 133}, {60, 60, 60}, {0, 67200, 134400}, 1}, // 200 ps late: not counted; 1400 ps: counted
    {"original_too_fast_for_1g", RXTRACE_TIMING_ORIGINAL, 1000000000, 1.0, 0, 1,
     {0, 100, 700000}, {1514, 1514, 60}, {0, 12304000, 700000000}, 1},
    {"saturates_at_max_time", RXTRACE_TIMING_ORIGINAL, 10000000000, 0.001, 0, 1,
     {0, 4000000000000000000ull}, {60, 60}, {0, RXTRACE_MAX_TIME_PS}, 0},
    {"pps", RXTRACE_TIMING_PPS, 10000000000, 1.0, 3000000, 1,
     {0, 0, 0, 0}, {60, 60, 60, 60}, {0, 333334, 666667, 1000000}, 0},
    {"pps_above_line_rate", RXTRACE_TIMING_PPS, 10000000000, 1.0, 20000000, 1,
     {0, 0, 0}, {60, 60, 60}, {0, 67200, 134400}, 2},
    {"bps_half_line", RXTRACE_TIMING_BPS, 10000000000, 1.0, 5000000000, 1,
     {0, 0, 0}, {60, 1514, 60}, {0, 134400, 134400 + 2 * 1538 * 800}, 0},
    {"bps_odd_rate", RXTRACE_TIMING_BPS, 10000000000, 1.0, 3000000000, 1,
     {0, 0}, {60, 60}, {0, 224000}, 0}, // 672 bits / 3 Gb/s = 224000 ps
    {"line_rate_10g", RXTRACE_TIMING_LINE_RATE, 10000000000, 1.0, 0, 1,
     {0, 0, 0}, {60, 1514, 60}, {0, 67200, 67200 + 1538 * 800}, 0},
    {"line_rate_1g", RXTRACE_TIMING_LINE_RATE, 1000000000, 1.0, 0, 1,
     {0, 0}, {60, 60}, {0, 672000}, 0},
    {"loop_original", RXTRACE_TIMING_ORIGINAL, 10000000000, 1.0, 0, 3,
     {1000, 2000}, {60, 60},
     {0, 1000000, 1067200, 2067200, 2134400, 3134400}, 0},
    {"loop_pps_keeps_rate", RXTRACE_TIMING_PPS, 10000000000, 1.0, 1000000, 2,
     {7, 9}, {60, 60}, {0, 1000000, 2000000, 3000000}, 0},
};

class TraceTiming : public testing::TestWithParam<TimingCase> {};

TEST_P(TraceTiming, StartTimes)
{
    const TimingCase &c = GetParam();
    std::vector<Record> recs;
    for (size_t i = 0; i < c.ts_ns.size(); i++)
        recs.push_back({c.ts_ns[i], ether_ipv4(c.lens[i])});
    rxtrace_options_t o = defaults();
    o.timing = c.timing;
    o.link_bps = c.link_bps;
    o.speed = c.speed;
    o.pps = o.bps = c.rate;
    o.loops = c.loops;
    Replay r = replay(write_temp("t.pcap", pcap(LT_ETHERNET, recs, true)), o);
    ASSERT_EQ(r.last, 0) << r.error.message;
    std::vector<uint64_t> starts;
    for (const Frame &f : r.frames)
        starts.push_back(f.start_ps);
    EXPECT_EQ(starts, c.starts);
    EXPECT_EQ(r.report.delayed, c.delayed);
    EXPECT_EQ(r.report.passes, c.loops);
    // The wire is never overcommitted, whatever the mode.
    uint64_t ps_per_byte = 8000000000000ull / c.link_bps;
    for (size_t i = 0; i < r.frames.size(); i++) {
        EXPECT_EQ(r.frames[i].end_ps, r.frames[i].start_ps + (8 + r.frames[i].bytes.size() + 12) * ps_per_byte);
        if (i > 0) {
            EXPECT_GE(r.frames[i].start_ps, r.frames[i - 1].end_ps);
        }
        EXPECT_EQ(r.frames[i].index, i);
    }
    EXPECT_EQ(r.report.end_ps, r.frames.back().end_ps);
}

INSTANTIATE_TEST_SUITE_P(Trace, TraceTiming, testing::ValuesIn(timing_cases),
                         [](const testing::TestParamInfo<TimingCase> &i) { return i.param.name; });

TEST(TraceLoop, RecordNumbersRestartIndexesContinue)
{
    rxtrace_options_t o = defaults();
    o.loops = 2;
    Replay r = replay(write_temp("l.pcap", pcap(LT_ETHERNET, {{0, ether_ipv4(60)}, {10, ether_ipv4(60)}})), o);
    ASSERT_EQ(r.frames.size(), 4u);
    EXPECT_EQ(r.frames[2].record, 1u);
    EXPECT_EQ(r.frames[2].pass, 1u);
    EXPECT_EQ(r.frames[3].index, 3u);
    EXPECT_EQ(r.report.records, 4u);
}

TEST(TraceLoop, ForeverStopsOnAFileWithNothingToReplay)
{
    rxtrace_options_t o = defaults();
    o.loops = 0;
    Replay r = replay(write_temp("none.pcap", pcap(LT_ETHERNET, {{0, Bytes(10, 0)}})), o);
    EXPECT_EQ(r.last, 0);
    EXPECT_EQ(r.report.passes, 1u);
    EXPECT_EQ(r.report.skip_no_header, 1u);
}

TEST(TraceLoop, ForeverKeepsGoing)
{
    rxtrace_options_t o = defaults();
    o.loops = 0;
    std::string path = write_temp("f.pcap", pcap(LT_ETHERNET, {{0, ether_ipv4(60)}}));
    rxtrace_error_t err;
    rxtrace_t *t = rxtrace_open(path.c_str(), &o, &err);
    ASSERT_NE(t, nullptr);
    rxtrace_frame_t f;
    for (int i = 0; i < 1000; i++)
        ASSERT_EQ(rxtrace_next(t, &f), 1);
    EXPECT_EQ(f.index, 999u);
    EXPECT_EQ(f.start_ps, 999u * 67200u);
    rxtrace_close(t);
}

} // namespace
