// Replay options from the command line, and rxsim-replay end to end.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>

#include "rxtrace_cli.h"
#include "trace_fixture.h"

using namespace fixture;

namespace {

struct OptCase {
    const char *name;
    int code;
    const char *arg;
    bool ok;
    rxtrace_timing_t timing; // expected when ok
};

const OptCase opt_cases[] = {
    {"pps", RXTRACE_OPT_PPS, "1M", true, RXTRACE_TIMING_PPS},
    {"bps", RXTRACE_OPT_BPS, "5G", true, RXTRACE_TIMING_BPS},
    {"line", RXTRACE_OPT_LINE_RATE, nullptr, true, RXTRACE_TIMING_LINE_RATE},
    {"speed", RXTRACE_OPT_SPEED, "2.5", true, RXTRACE_TIMING_ORIGINAL},
    {"link_1g", RXTRACE_OPT_LINK_SPEED, "1G", true, RXTRACE_TIMING_ORIGINAL},
    {"link_3g", RXTRACE_OPT_LINK_SPEED, "3G", false, RXTRACE_TIMING_ORIGINAL},
    {"pps_zero", RXTRACE_OPT_PPS, "0", false, RXTRACE_TIMING_ORIGINAL},
    {"speed_negative", RXTRACE_OPT_SPEED, "-1", false, RXTRACE_TIMING_ORIGINAL},
    {"fixlen_bogus", RXTRACE_OPT_FIXLEN, "trim", false, RXTRACE_TIMING_ORIGINAL},
    {"fcs_over_one", RXTRACE_OPT_FCS_CORRUPT, "1.5", false, RXTRACE_TIMING_ORIGINAL},
    {"loops_text", RXTRACE_OPT_LOOPS, "two", false, RXTRACE_TIMING_ORIGINAL},
    {"max_gap_1s", RXTRACE_OPT_MAX_GAP, "1s", true, RXTRACE_TIMING_ORIGINAL},
    {"max_gap_no_unit", RXTRACE_OPT_MAX_GAP, "10", false, RXTRACE_TIMING_ORIGINAL},
    {"max_gap_zero", RXTRACE_OPT_MAX_GAP, "0s", false, RXTRACE_TIMING_ORIGINAL},
    {"max_gap_overflow", RXTRACE_OPT_MAX_GAP, "300000000000d", false, RXTRACE_TIMING_ORIGINAL},
};

class TraceCliOption : public testing::TestWithParam<OptCase> {};

TEST_P(TraceCliOption, AppliesOrRefuses)
{
    const OptCase &c = GetParam();
    rxtrace_options_t o = defaults();
    char why[128] = "";
    int r = rxtrace_apply_option(&o, c.code, c.arg, why, sizeof why);
    EXPECT_EQ(r == 0, c.ok) << why;
    if (c.ok) {
        EXPECT_EQ(o.timing, c.timing);
    } else {
        EXPECT_NE(std::string(why), "");
    }
}

INSTANTIATE_TEST_SUITE_P(Trace, TraceCliOption, testing::ValuesIn(opt_cases),
                         [](const testing::TestParamInfo<OptCase> &i) { return i.param.name; });

TEST(TraceCliOption, ValuesLand)
{
    rxtrace_options_t o = defaults();
    char why[128];
    ASSERT_EQ(rxtrace_apply_option(&o, RXTRACE_OPT_LINK_SPEED, "25G", why, sizeof why), 0);
    ASSERT_EQ(rxtrace_apply_option(&o, RXTRACE_OPT_FIXLEN, "captured", why, sizeof why), 0);
    ASSERT_EQ(rxtrace_apply_option(&o, RXTRACE_OPT_NO_PAD, nullptr, why, sizeof why), 0);
    ASSERT_EQ(rxtrace_apply_option(&o, RXTRACE_OPT_LOOPS, "0", why, sizeof why), 0);
    ASSERT_EQ(rxtrace_apply_option(&o, RXTRACE_OPT_SEED, "77", why, sizeof why), 0);
    EXPECT_EQ(o.link_bps, 25000000000u);
    EXPECT_EQ(o.fixlen, RXTRACE_FIXLEN_CAPTURED);
    EXPECT_FALSE(o.pad_short);
    EXPECT_EQ(o.loops, 0u);
    EXPECT_EQ(o.seed, 77u);
}

TEST(TraceCliOption, MaxGapUnits)
{
    const std::pair<const char *, uint64_t> cases[] = {
        {"250ns", 250}, {"3us", 3000}, {"5ms", 5000000}, {"2s", 2000000000},
        {"1m", 60000000000}, {"2h", 7200000000000}, {"1d", 86400000000000},
    };
    for (const auto &[arg, ns] : cases) {
        rxtrace_options_t o = defaults();
        char why[128] = "";
        ASSERT_EQ(rxtrace_apply_option(&o, RXTRACE_OPT_MAX_GAP, arg, why, sizeof why), 0) << arg << why;
        EXPECT_EQ(o.max_gap_ns, ns) << arg;
    }
    EXPECT_EQ(defaults().max_gap_ns, 0u); // pauses kept unless asked
    EXPECT_EQ(defaults().fixlen, RXTRACE_FIXLEN_AUTO);
}

struct ToolRun {
    int status;
    std::string out;
};

ToolRun run_replay(const std::string &args)
{
    ToolRun r{-1, ""};
    FILE *p = popen((std::string(RXSIM_REPLAY_PATH) + " " + args + " 2>&1").c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        r.out.append(buf, n);
    int s = pclose(p);
    r.status = WIFEXITED(s) ? WEXITSTATUS(s) : -1;
    return r;
}

TEST(TraceReplayTool, ReportsAndExitCodes)
{
    Bytes f = ether_ipv4(60);
    std::string good = write_temp("good.pcap", pcap(LT_ETHERNET, {{0, f}, {1000, f}}));
    ToolRun r = run_replay("--line-rate -f '" + good + "'");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("frame 1 record 2 start_ps 67200 len 64 flags 0x000\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("frames                 2\n"), std::string::npos) << r.out;

    Bytes truncated = pcap(LT_ETHERNET, {{0, f}, {1000, f}});
    truncated.resize(truncated.size() - 1);
    r = run_replay("'" + write_temp("trunc.pcap", truncated) + "'");
    EXPECT_EQ(r.status, 5);
    EXPECT_NE(r.out.find("frames                 1\n"), std::string::npos) << r.out; // report first
    EXPECT_NE(r.out.find("record 2: truncated dump file"), std::string::npos) << r.out;

    EXPECT_EQ(run_replay("'" + write_temp("ppp.pcap", pcap(LT_PPP, {})) + "'").status, 4);
    EXPECT_EQ(run_replay("/nonexistent/x.pcap").status, 3);
    EXPECT_EQ(run_replay("--link-speed 3G '" + good + "'").status, 2);
    EXPECT_EQ(run_replay("").status, 2);
    r = run_replay("--pps 1000 --line-rate '" + good + "'");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "rxsim-replay: --line-rate: cannot be combined with --pps: give one of --speed, "
                     "--pps, --bps, --line-rate\n");
    // stdin is read once: one pass, and --loops 2 refused.
    r = run_replay("- < '" + good + "'");
    EXPECT_EQ(r.status, 0) << r.out;
    EXPECT_NE(r.out.find("frames                 2\n"), std::string::npos) << r.out;
    r = run_replay("--loops 2 - < '" + good + "'");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("stdin: --loops 2 needs a file that can be read again"), std::string::npos) << r.out;
    ToolRun help = run_replay("--help");
    EXPECT_EQ(help.status, 0);
    for (const char *opt : {"--link-speed", "--speed", "--pps", "--bps", "--line-rate", "--loops",
                            "--fixlen", "--no-pad", "--fcs-corrupt", "--seed", "--frames"})
        EXPECT_NE(help.out.find(opt), std::string::npos) << opt;
}

} // namespace
