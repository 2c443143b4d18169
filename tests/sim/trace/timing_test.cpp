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
    uint64_t max_gap_ns = 0;     // --max-gap
    uint64_t gaps_shortened = 0; // expected count
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
    {"day_long_pause_kept_by_default", RXTRACE_TIMING_ORIGINAL, 10000000000, 1.0, 0, 1,
     {0, 1000, 86400000000000ull}, {60, 60, 60}, {0, 1000000, 86400000000000000ull}, 0},
    // --max-gap 5 us: the day becomes 5 us; what follows keeps its spacing
    {"max_gap_cuts_pauses", RXTRACE_TIMING_ORIGINAL, 10000000000, 1.0, 0, 1,
     {0, 1000, 86400000000000ull, 86400000002000ull}, {60, 60, 60, 60},
     {0, 1000000, 6000000, 8000000}, 0, 5000, 1},
    // the limit is in capture time: 1 ms cut to 5 us, then halved by --speed 2
    {"max_gap_applies_in_capture_time", RXTRACE_TIMING_ORIGINAL, 10000000000, 2.0, 0, 1,
     {0, 1000000}, {60, 60}, {0, 2500000}, 0, 5000, 1},
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
    o.max_gap_ns = c.max_gap_ns;
    Replay r = replay(write_temp("t.pcap", pcap(LT_ETHERNET, recs, true)), o);
    ASSERT_EQ(r.last, 0) << r.error.message;
    std::vector<uint64_t> starts;
    for (const Frame &f : r.frames)
        starts.push_back(f.start_ps);
    EXPECT_EQ(starts, c.starts);
    EXPECT_EQ(r.report.delayed, c.delayed);
    EXPECT_EQ(r.report.gaps_shortened, c.gaps_shortened);
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

// Capture clocks past 32-bit seconds (sim/trace/trace_source.c,
// record_seconds): a pcap file's seconds are unsigned 32 bits, which libpcap
// 1.10 sign-extends from 2038-01-19 03:14:08 UTC; they wrap at 2106-02-07.
constexpr uint64_t kS = 1000000000ull;

TEST(TraceTimestamps, Crossing2038IsOneSecondNotSixtyEightYears)
{
    const uint64_t t2038 = 0x7FFFFFFFull * kS; // 03:14:07, the last signed second
    Replay r = replay(write_temp("y2038.pcap", pcap(LT_ETHERNET, {{t2038, ether_ipv4(60)},
                                                                  {t2038 + kS, ether_ipv4(60)}},
                                                    true)));
    ASSERT_EQ(r.last, 0) << r.error.message;
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[1].start_ps, 1000000000000ull);
    EXPECT_EQ(r.report.ts_clamped, 0u);
}

TEST(TraceTimestamps, The2106WrapIsTwoSecondsNotAStepBack)
{
    const uint64_t last = 0xFFFFFFFFull * kS; // 2106-02-07 06:28:15
    // The file holds 32-bit seconds: the second record's field is 1.
    Replay r = replay(write_temp("y2106.pcap", pcap(LT_ETHERNET, {{last, ether_ipv4(60)},
                                                                  {last + 2 * kS, ether_ipv4(60)}},
                                                    true)));
    ASSERT_EQ(r.last, 0) << r.error.message;
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[1].start_ps, 2000000000000ull);
    EXPECT_EQ(r.report.ts_clamped, 0u);
}

TEST(TraceTimestamps, PcapngPast2106KeepsItsSixtyFourBits)
{
    const uint64_t t = 0x1F0000000ull * kS; // year 2235
    Bytes f = ether_ipv4(60);
    Replay r = replay(write_temp("y2235.pcapng", cat({pcapng_shb(), pcapng_idb(LT_ETHERNET, true),
                                                      pcapng_epb(0, t, f), pcapng_epb(0, t + 3 * kS, f)})));
    ASSERT_EQ(r.last, 0) << r.error.message;
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[1].start_ps, 3000000000000ull);
}

TEST(TraceTimestamps, BackwardsIsClampedAndCounted)
{
    Replay r = replay(write_temp("back.pcap", pcap(LT_ETHERNET, {{5 * kS, ether_ipv4(60)},
                                                                 {2 * kS, ether_ipv4(60)},
                                                                 {6 * kS, ether_ipv4(60)}},
                                                   true)));
    ASSERT_EQ(r.frames.size(), 3u);
    EXPECT_EQ(r.frames[1].start_ps, r.frames[0].end_ps); // as soon as the wire is free
    EXPECT_EQ(r.frames[2].start_ps, 1000000000000ull);
    EXPECT_EQ(r.report.ts_clamped, 1u);
}

// A year between two records is past the 2^62 ps a replay may last: the
// reader stops there with an error naming --max-gap, the record not in its
// books; with --max-gap the pause is cut and counted.
TEST(TraceTimestamps, AYearLongPauseStopsWithAnErrorUnlessMaxGapCutsIt)
{
    const uint64_t year = 365 * 86400 * kS;
    std::string path = write_temp("year.pcap", pcap(LT_ETHERNET, {{0, ether_ipv4(60)},
                                                                  {10000, ether_ipv4(60)},
                                                                  {year, ether_ipv4(60)},
                                                                  {year + 1000, ether_ipv4(60)}},
                                                    true));
    Replay stopped = replay(path);
    EXPECT_EQ(stopped.last, -1);
    EXPECT_EQ(stopped.error.kind, RXTRACE_ERR_CORRUPT);
    EXPECT_EQ(stopped.error.record, 3u);
    EXPECT_NE(std::string(stopped.error.message).find("record 3: starts more than 53 days into the replay"),
              std::string::npos) << stopped.error.message;
    EXPECT_NE(std::string(stopped.error.message).find("--max-gap"), std::string::npos);
    EXPECT_EQ(stopped.frames.size(), 2u);
    EXPECT_EQ(stopped.report.records, 2u); // = frames: the books balance up to the error

    rxtrace_options_t o = defaults();
    o.max_gap_ns = kS;
    Replay cut = replay(path, o);
    ASSERT_EQ(cut.last, 0) << cut.error.message;
    ASSERT_EQ(cut.frames.size(), 4u);
    EXPECT_EQ(cut.frames[2].start_ps, 10000000ull + 1000000000000ull);
    EXPECT_EQ(cut.frames[3].start_ps, cut.frames[2].start_ps + 1000000ull);
    EXPECT_EQ(cut.frames[2].flags & RXTRACE_F_GAP_SHORTENED, RXTRACE_F_GAP_SHORTENED);
    EXPECT_EQ(cut.report.gaps_shortened, 1u);
}
