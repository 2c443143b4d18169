// Captured-versus-original lengths (fixlen), short frames, and the FCS.
#include <gtest/gtest.h>

#include "eth_fcs.h"
#include "trace_fixture.h"

using namespace fixture;

namespace {

uint32_t fcs_of(const Bytes &frame) // the FCS at the end of a wire frame
{
    size_t n = frame.size();
    return uint32_t(frame[n - 4]) | uint32_t(frame[n - 3]) << 8 | uint32_t(frame[n - 2]) << 16 |
           uint32_t(frame[n - 1]) << 24;
}

bool fcs_ok(const Bytes &frame) { return fcs_of(frame) == eth_fcs(frame.data(), frame.size() - 4); }

struct FixlenCase {
    const char *name;
    rxtrace_fixlen_t policy;
    bool pad_short;
    uint32_t caplen, len;       // of the one record (an Ethernet/IPv4 frame)
    uint32_t wire_len;          // 0 = skipped
    uint32_t flags;
    uint64_t rxtrace_report_t::*counter;
};

const FixlenCase fixlen_cases[] = {
    {"pad_to_original", RXTRACE_FIXLEN_PAD, true, 96, 1514, 1518, RXTRACE_F_TRUNC_PADDED, &rxtrace_report_t::trunc_padded},
    {"replay_captured", RXTRACE_FIXLEN_CAPTURED, true, 96, 1514, 100, RXTRACE_F_TRUNC_CAPTURED, &rxtrace_report_t::trunc_captured},
    {"captured_then_padded_short", RXTRACE_FIXLEN_CAPTURED, true, 40, 1514, 64, RXTRACE_F_TRUNC_CAPTURED | RXTRACE_F_SHORT_PADDED, &rxtrace_report_t::short_padded},
    {"captured_runt", RXTRACE_FIXLEN_CAPTURED, false, 40, 1514, 44, RXTRACE_F_TRUNC_CAPTURED | RXTRACE_F_RUNT, &rxtrace_report_t::runts},
    {"skip", RXTRACE_FIXLEN_SKIP, true, 96, 1514, 0, 0, &rxtrace_report_t::trunc_skipped},
    {"complete_is_untouched", RXTRACE_FIXLEN_SKIP, true, 200, 200, 204, 0, &rxtrace_report_t::fcs_appended},
    {"short_padded_to_60", RXTRACE_FIXLEN_PAD, true, 42, 42, 64, RXTRACE_F_SHORT_PADDED, &rxtrace_report_t::short_padded},
    {"short_left_as_runt", RXTRACE_FIXLEN_PAD, false, 42, 42, 46, RXTRACE_F_RUNT, &rxtrace_report_t::runts},
    {"max_frame_fits", RXTRACE_FIXLEN_PAD, true, 100, RXTRACE_MAX_FRAME - 4, RXTRACE_MAX_FRAME, RXTRACE_F_TRUNC_PADDED, &rxtrace_report_t::trunc_padded},
    {"one_byte_too_long", RXTRACE_FIXLEN_PAD, true, 100, RXTRACE_MAX_FRAME - 3, 0, 0, &rxtrace_report_t::skip_too_long},
    {"too_long_but_captured_short", RXTRACE_FIXLEN_CAPTURED, true, 100, 70000, 104, RXTRACE_F_TRUNC_CAPTURED, &rxtrace_report_t::trunc_captured},
    // auto, the default: padded while the original length fits the wire, else as captured
    {"auto_pads_what_fits", RXTRACE_FIXLEN_AUTO, true, 96, 1514, 1518, RXTRACE_F_TRUNC_PADDED, &rxtrace_report_t::trunc_padded},
    {"auto_pads_the_longest_that_fits", RXTRACE_FIXLEN_AUTO, true, 100, RXTRACE_MAX_FRAME - 4, RXTRACE_MAX_FRAME, RXTRACE_F_TRUNC_PADDED, &rxtrace_report_t::trunc_padded},
    {"auto_sends_captured_one_byte_over", RXTRACE_FIXLEN_AUTO, true, 100, RXTRACE_MAX_FRAME - 3, 104, RXTRACE_F_TRUNC_CAPTURED, &rxtrace_report_t::trunc_captured},
    {"auto_sends_big_tcp_as_captured", RXTRACE_FIXLEN_AUTO, true, 262, 65000, 266, RXTRACE_F_TRUNC_CAPTURED, &rxtrace_report_t::trunc_captured},
    {"auto_complete_too_long_is_skipped", RXTRACE_FIXLEN_AUTO, true, RXTRACE_MAX_FRAME, RXTRACE_MAX_FRAME, 0, 0, &rxtrace_report_t::skip_too_long},
};

class TraceFixlen : public testing::TestWithParam<FixlenCase> {};

TEST_P(TraceFixlen, LengthFlagsAndCount)
{
    const FixlenCase &c = GetParam();
    Bytes full = ether_ipv4(uint16_t(c.caplen < 60 ? 60 : c.caplen));
    Bytes rec(full.begin(), full.begin() + c.caplen);
    rxtrace_options_t o = defaults();
    o.fixlen = c.policy;
    o.pad_short = c.pad_short;
    Replay r = replay(write_temp("fix.pcap", pcap(LT_ETHERNET, {{0, rec, c.len}})), o);
    EXPECT_EQ(r.last, 0) << r.error.message;
    EXPECT_EQ(r.report.*c.counter, 1u);
    if (c.wire_len == 0) {
        EXPECT_EQ(r.frames.size(), 0u);
        return;
    }
    ASSERT_EQ(r.frames.size(), 1u);
    const Bytes &f = r.frames[0].bytes;
    ASSERT_EQ(f.size(), c.wire_len);
    EXPECT_EQ(r.frames[0].flags, c.flags);
    size_t copied = std::min<size_t>(c.caplen, c.wire_len - 4);
    EXPECT_EQ(Bytes(f.begin(), f.begin() + long(copied)), Bytes(rec.begin(), rec.begin() + long(copied)));
    for (size_t i = copied; i < f.size() - 4; i++)
        ASSERT_EQ(f[i], 0) << "padding byte " << i;
    EXPECT_TRUE(fcs_ok(f));
}

INSTANTIATE_TEST_SUITE_P(Trace, TraceFixlen, testing::ValuesIn(fixlen_cases),
                         [](const testing::TestParamInfo<FixlenCase> &i) { return i.param.name; });

TEST(TraceFcs, AppendedFcsIsEthFcsOfTheFrame)
{
    std::vector<Record> recs;
    for (uint16_t len = 60; len <= 1514; len += 101)
        recs.push_back({uint64_t(len) * 1000000, ether_ipv4(len)});
    Replay r = replay(write_temp("fcs.pcap", pcap(LT_ETHERNET, recs)));
    ASSERT_EQ(r.frames.size(), recs.size());
    for (size_t i = 0; i < recs.size(); i++) {
        const Bytes &f = r.frames[i].bytes;
        ASSERT_EQ(f.size(), recs[i].data.size() + 4);
        EXPECT_EQ(fcs_of(f), eth_fcs(recs[i].data.data(), recs[i].data.size()));
    }
    EXPECT_EQ(r.report.fcs_appended, recs.size());
    EXPECT_EQ(r.report.fcs_corrupted, 0u);
}

std::vector<uint64_t> corrupted_indexes(double fraction, uint64_t seed, const std::string &path)
{
    rxtrace_options_t o = defaults();
    o.fcs_corrupt = fraction;
    o.seed = seed;
    Replay r = replay(path, o);
    std::vector<uint64_t> bad;
    for (const Frame &f : r.frames) {
        EXPECT_EQ(!fcs_ok(f.bytes), bool(f.flags & RXTRACE_F_FCS_CORRUPTED)) << f.index;
        if (!fcs_ok(f.bytes))
            bad.push_back(f.index);
    }
    EXPECT_EQ(r.report.fcs_corrupted, bad.size());
    return bad;
}

TEST(TraceFcs, CorruptedFractionIsDeterministicPerSeed)
{
    std::vector<Record> recs;
    for (int i = 0; i < 2000; i++)
        recs.push_back({uint64_t(i) * 1000, ether_ipv4(60)});
    std::string path = write_temp("many.pcap", pcap(LT_ETHERNET, recs));
    std::vector<uint64_t> a = corrupted_indexes(0.1, 7, path);
    EXPECT_EQ(corrupted_indexes(0.1, 7, path), a);
    EXPECT_NE(corrupted_indexes(0.1, 8, path), a);
    // 2000 draws at p = 0.1: mean 200, sd 13.4; 4.5 sd either side.
    EXPECT_GT(a.size(), 140u);
    EXPECT_LT(a.size(), 260u);
    EXPECT_EQ(corrupted_indexes(0.0, 7, path).size(), 0u);
    EXPECT_EQ(corrupted_indexes(1.0, 7, path).size(), 2000u);
}

// LINKTYPE_ETHERNET with the FCS-length bits: F (bit 26) set, 2 16-bit words.
constexpr uint32_t LT_ETHERNET_WITH_FCS = LT_ETHERNET | 0x04000000u | (2u << 28);

TEST(TraceFcs, CapturedFcsDetectedFromLinkTypeBitsAndKept)
{
    Bytes frame = ether_ipv4(100);
    frame.resize(104);
    eth_fcs_append(frame.data(), 100);
    Bytes wrong = frame;
    wrong[103] ^= 0x5a; // a frame that arrived with a bad FCS stays bad
    Bytes runt = ether_ipv4(60);
    runt.resize(40);
    runt.resize(44);
    eth_fcs_append(runt.data(), 40);
    Replay r = replay(write_temp("withfcs.pcap",
                                 pcap(LT_ETHERNET_WITH_FCS, {{0, frame}, {1000, wrong}, {2000, runt}})));
    ASSERT_EQ(r.frames.size(), 3u) << r.error.message;
    EXPECT_EQ(r.frames[0].bytes, frame);
    EXPECT_EQ(r.frames[1].bytes, wrong);
    EXPECT_EQ(r.frames[2].bytes, runt); // a captured runt was a runt on the wire: no padding
    EXPECT_EQ(r.frames[2].flags, uint32_t(RXTRACE_F_FCS_CAPTURED | RXTRACE_F_RUNT));
    EXPECT_EQ(r.report.fcs_captured, 3u);
    EXPECT_EQ(r.report.fcs_appended, 0u);
}

TEST(TraceFcs, TruncatedCaptureWithFcsGetsFreshFcs)
{
    Bytes frame = ether_ipv4(200);
    Bytes rec(frame.begin(), frame.begin() + 80);
    Replay r = replay(write_temp("truncfcs.pcap", pcap(LT_ETHERNET_WITH_FCS, {{0, rec, 204}})));
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(r.frames[0].bytes.size(), 204u); // original 200 + FCS, the captured FCS lost
    EXPECT_TRUE(fcs_ok(r.frames[0].bytes));
    EXPECT_EQ(r.frames[0].flags, uint32_t(RXTRACE_F_TRUNC_PADDED));
}

TEST(TraceFcs, CorruptingACapturedFcsMakesItWrong)
{
    Bytes frame = ether_ipv4(100);
    frame.resize(104);
    eth_fcs_append(frame.data(), 100);
    rxtrace_options_t o = defaults();
    o.fcs_corrupt = 1.0;
    Replay r = replay(write_temp("c.pcap", pcap(LT_ETHERNET_WITH_FCS, {{0, frame}})), o);
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_FALSE(fcs_ok(r.frames[0].bytes));
    EXPECT_EQ(r.frames[0].flags, uint32_t(RXTRACE_F_FCS_CAPTURED | RXTRACE_F_FCS_CORRUPTED));
}

} // namespace
