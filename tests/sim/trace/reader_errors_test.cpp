// Malformed and odd capture files: each with the exact error, or the exact
// counters, the reader must give.
#include <gtest/gtest.h>

#include "trace_fixture.h"

using namespace fixture;

namespace {

struct ErrorCase {
    const char *name;
    Bytes file;
    rxtrace_errkind_t kind;
    uint64_t record;        // record the error names (0 = file header)
    const char *message;    // after "PATH: "
    uint64_t frames_before; // frames replayed before the error
    int exit_code;
};

Bytes eth60() { return ether_ipv4(60); }

std::vector<ErrorCase> error_cases()
{
    Bytes good = pcap(LT_ETHERNET, {{0, eth60()}, {1000, eth60()}});
    Bytes trunc_hdr(good.begin(), good.begin() + 10);
    Bytes trunc_rec_hdr(good.begin(), good.begin() + 24 + 16 + 60 + 8);
    Bytes trunc_rec_data(good.begin(), good.end() - 20);
    Bytes bad_magic = good;
    bad_magic[0] = 0x12;
    Bytes mixed_ng = cat({pcapng_shb(), pcapng_idb(LT_ETHERNET), pcapng_epb(0, 0, eth60()),
                          pcapng_idb(LT_SLL), pcapng_epb(1, 5, eth60())});
    return {
        {"empty", {}, RXTRACE_ERR_CORRUPT, 0,
         "empty file (0 bytes): not a pcap or pcapng capture", 0, 5},
        // libpcap reads the 4-byte magic first and counts the rest apart.
        {"truncated_header", trunc_hdr, RXTRACE_ERR_CORRUPT, 0,
         "truncated dump file; tried to read 24 file header bytes, only got 6", 0, 5},
        {"truncated_record_header", trunc_rec_hdr, RXTRACE_ERR_CORRUPT, 2,
         "truncated dump file; tried to read 16 header bytes, only got 8", 1, 5},
        {"truncated_record_data", trunc_rec_data, RXTRACE_ERR_CORRUPT, 2,
         "truncated dump file; tried to read 60 captured bytes, only got 40", 1, 5},
        {"bad_magic", bad_magic, RXTRACE_ERR_CORRUPT, 0, "unknown file format", 0, 5},
        {"unsupported_link_type", pcap(LT_PPP, {{0, eth60()}}), RXTRACE_ERR_LINKTYPE, 0,
         "link type PPP (9) is not supported; supported: EN10MB (1), RAW (101), IPV4 (228), "
         "IPV6 (229), NULL (0), LOOP (108), LINUX_SLL (113), LINUX_SLL2 (276)",
         0, 4},
        {"pcapng_interfaces_of_two_link_types", mixed_ng, RXTRACE_ERR_LINKTYPE, 2,
         "the capture's interfaces have two link types, EN10MB (1) first and then LINUX_SLL (113); "
         "rxsim replays one link type per file: split it by interface "
         "(tshark -r FILE -Y 'frame.interface_id == N' -w PART)",
         1, 4},
        // libpcap calls it DLT_ATM_CLIP, 19: the message names the file's 106.
        {"unsupported_renumbered_link_type", pcap(106, {{0, eth60()}}), RXTRACE_ERR_LINKTYPE, 0,
         "link type ATM_CLIP (106) is not supported; supported: EN10MB (1), RAW (101), IPV4 (228), "
         "IPV6 (229), NULL (0), LOOP (108), LINUX_SLL (113), LINUX_SLL2 (276)",
         0, 4},
    };
}

class TraceReaderError : public testing::TestWithParam<ErrorCase> {};

TEST_P(TraceReaderError, NamesFileRecordAndKind)
{
    const ErrorCase &c = GetParam();
    std::string path = write_temp(std::string(c.name) + ".pcap", c.file);
    Replay r = replay(path);
    EXPECT_EQ(r.last, -1);
    EXPECT_EQ(r.error.kind, c.kind);
    EXPECT_EQ(r.error.record, c.record);
    std::string where = c.record ? path + ": record " + std::to_string(c.record) + ": " : path + ": ";
    EXPECT_EQ(std::string(r.error.message), where + c.message);
    EXPECT_EQ(r.frames.size(), c.frames_before);
    EXPECT_EQ(r.report.frames, c.frames_before);
    EXPECT_EQ(rxtrace_exit_code(r.error.kind), c.exit_code);
}

INSTANTIATE_TEST_SUITE_P(Trace, TraceReaderError, testing::ValuesIn(error_cases()),
                         [](const testing::TestParamInfo<ErrorCase> &i) { return i.param.name; });

TEST(TraceReaderError, MissingFileIsUnreadable)
{
    std::string path = testing::TempDir() + "rxtrace_no_such_file.pcap";
    Replay r = replay(path);
    EXPECT_FALSE(r.opened);
    EXPECT_EQ(r.error.kind, RXTRACE_ERR_UNREADABLE);
    EXPECT_EQ(std::string(r.error.message), path + ": cannot open: No such file or directory");
    EXPECT_EQ(rxtrace_exit_code(r.error.kind), 3);
}

TEST(TraceReaderError, DirectoryIsUnreadable)
{
    std::string path = testing::TempDir();
    Replay r = replay(path);
    EXPECT_EQ(r.error.kind, RXTRACE_ERR_UNREADABLE);
    EXPECT_EQ(std::string(r.error.message), path + ": cannot read: Is a directory");
}

TEST(TraceReaderError, BadOptionsAreRefusedBeforeReading)
{
    rxtrace_options_t o = defaults();
    o.link_bps = 3000000000; // 2.666... ps per byte
    Replay r = replay(write_temp("x.pcap", pcap(LT_ETHERNET, {})), o);
    EXPECT_EQ(r.error.kind, RXTRACE_ERR_OPTIONS);
    EXPECT_NE(std::string(r.error.message).find("whole number of picoseconds per byte"),
              std::string::npos);
    EXPECT_EQ(rxtrace_exit_code(r.error.kind), 2);
}

// Odd but readable records: handled and counted, never an error.
struct OddCase {
    const char *name;
    std::vector<Record> records;
    uint64_t frames;
    uint64_t rxtrace_report_t::*counter;
    uint64_t count;
};

std::vector<OddCase> odd_cases()
{
    Bytes short13 = eth60();
    short13.resize(13);
    return {
        {"empty_capture", {}, 0, &rxtrace_report_t::records, 0},
        {"caplen_over_len", {{0, eth60(), 50}, {10, eth60()}}, 2, &rxtrace_report_t::caplen_over_len, 1},
        {"caplen_under_14", {{0, short13, 60}, {10, eth60()}}, 1, &rxtrace_report_t::skip_no_header, 1},
        {"absurd_length", {{0, eth60(), 4000000000u}, {10, eth60()}}, 2, &rxtrace_report_t::trunc_captured, 1},
        {"zero_length_record", {{0, {}, 0}, {10, eth60()}}, 1, &rxtrace_report_t::skip_no_header, 1},
    };
}

class TraceReaderOdd : public testing::TestWithParam<OddCase> {};

TEST_P(TraceReaderOdd, CountedNotFatal)
{
    const OddCase &c = GetParam();
    Replay r = replay(write_temp("odd.pcap", pcap(LT_ETHERNET, c.records)));
    ASSERT_TRUE(r.opened) << r.error.message;
    EXPECT_EQ(r.last, 0) << r.error.message;
    EXPECT_EQ(r.report.records, c.records.size());
    EXPECT_EQ(r.report.frames, c.frames);
    EXPECT_EQ(r.report.*c.counter, c.count);
}

INSTANTIATE_TEST_SUITE_P(Trace, TraceReaderOdd, testing::ValuesIn(odd_cases()),
                         [](const testing::TestParamInfo<OddCase> &i) { return i.param.name; });

TEST(TraceReaderFormats, NanosecondPcapKeepsNanoseconds)
{
    Replay r = replay(write_temp("ns.pcap", pcap(LT_ETHERNET, {{5, eth60()}, {1234567, eth60()}}, true)));
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[1].start_ps, (1234567u - 5u) * 1000u);
}

TEST(TraceReaderFormats, MicrosecondPcapScalesToPicoseconds)
{
    Replay r = replay(write_temp("us.pcap", pcap(LT_ETHERNET, {{0, eth60()}, {3000, eth60()}})));
    ASSERT_EQ(r.frames.size(), 2u);
    EXPECT_EQ(r.frames[1].start_ps, 3000000u);
}

TEST(TraceReaderFormats, PcapngNanosecondResolution)
{
    Bytes f = cat({pcapng_shb(), pcapng_idb(LT_ETHERNET, true), pcapng_epb(0, 1000000007, eth60()),
                   pcapng_epb(0, 1000000999, eth60())});
    Replay r = replay(write_temp("ns.pcapng", f));
    ASSERT_EQ(r.frames.size(), 2u) << r.error.message;
    EXPECT_EQ(r.frames[1].start_ps, 992000u);
}

TEST(TraceReaderFormats, PcapngSeveralInterfacesOfOneLinkType)
{
    Bytes f = cat({pcapng_shb(), pcapng_idb(LT_ETHERNET), pcapng_idb(LT_ETHERNET),
                   pcapng_epb(0, 10, eth60()), pcapng_epb(1, 12, eth60()), pcapng_epb(0, 15, eth60())});
    Replay r = replay(write_temp("two.pcapng", f));
    EXPECT_EQ(r.last, 0) << r.error.message;
    ASSERT_EQ(r.frames.size(), 3u);
    EXPECT_EQ(r.frames[2].start_ps, 5000000u); // microsecond default resolution
    EXPECT_EQ(r.frames[2].record, 3u);
}

TEST(TraceReaderFormats, OutOfOrderTimestampsAreClampedAndCounted)
{
    Replay r = replay(write_temp("ooo.pcap", pcap(LT_ETHERNET, {{1000000, eth60()}, {3000000, eth60()},
                                                               {2000000, eth60()}, {4000000, eth60()}})));
    ASSERT_EQ(r.frames.size(), 4u);
    EXPECT_EQ(r.report.ts_clamped, 1u);
    EXPECT_TRUE(r.frames[2].flags & RXTRACE_F_TS_CLAMPED);
    // The late record takes the previous timestamp, then waits for the wire.
    EXPECT_EQ(r.frames[2].start_ps, 2000000000u + 84u * 800u);
    EXPECT_EQ(r.frames[3].start_ps, 3000000000u);
    EXPECT_EQ(r.report.delayed, 1u);
}

} // namespace
