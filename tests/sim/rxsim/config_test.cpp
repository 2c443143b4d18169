// `rxsim run --config FILE`: values apply, the command line overrides them,
// unknown names are errors, and --dump-config writes a file that reads back.
#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "exit_codes.h"

using clitest::parse;
using clitest::temp_file;

TEST(CliConfig, FileValuesApply)
{
    std::string f = temp_file("a.ini", "# a comment\n"
                                       "ring = 512\n"
                                       "nic = 1g\n"
                                       "napi-budget = 600\n"
                                       "pre-napi = true\n"
                                       "cost = [\"IP_RCV=50\", \"UDP_RCV=70\"]\n"
                                       "pps = 2000\n");
    rxsim::command_line cl;
    ASSERT_EQ(parse(cl, {"run", "t.pcap", "--config", f}).status, -1);
    EXPECT_EQ(cl.opts.ring, 512u);
    EXPECT_EQ(cl.opts.nic, "1g");
    EXPECT_EQ(cl.opts.replay.link_bps, 1000000000u);
    EXPECT_EQ(cl.opts.napi_budget, 600);
    EXPECT_TRUE(cl.opts.pre_napi);
    EXPECT_EQ(cl.opts.cost_ns.at("UDP_RCV"), 70u);
    EXPECT_EQ(cl.opts.replay.timing, RXTRACE_TIMING_PPS);
    EXPECT_EQ(cl.opts.replay.pps, 2000u);
}

TEST(CliConfig, TomlStringsToo)
{
    std::string f = temp_file("a.toml", "nic = \"1g\"\nirq = 'intx'\ncpu-ghz = 2.5\n");
    rxsim::command_line cl;
    ASSERT_EQ(parse(cl, {"run", "t.pcap", "--config", f}).status, -1);
    EXPECT_EQ(cl.opts.nic, "1g");
    EXPECT_EQ(cl.opts.irq, "intx");
    EXPECT_DOUBLE_EQ(cl.opts.cpu_ghz, 2.5);
}

TEST(CliConfig, CommandLineOverridesTheFile)
{
    std::string f = temp_file("b.ini", "ring = 512\nnapi-weight = 16\npps = 2000\n");
    rxsim::command_line cl;
    ASSERT_EQ(parse(cl, {"run", "t.pcap", "--ring", "1024", "--config", f, "--line-rate"}).status, -1);
    EXPECT_EQ(cl.opts.ring, 1024u);       // command line
    EXPECT_EQ(cl.opts.napi_weight, 16);   // file
    EXPECT_EQ(cl.opts.replay.timing, RXTRACE_TIMING_LINE_RATE); // command line after file's pps
}

TEST(CliConfig, BadFileValuesAndNamesAreRejected)
{
    rxsim::command_line a;
    clitest::parsed p = parse(a, {"run", "t.pcap", "--config", temp_file("c.ini", "ring = 13\n")});
    EXPECT_EQ(p.status, rxsim::exit_bad_options);
    EXPECT_NE(p.err.find("--ring"), std::string::npos) << p.err;
    EXPECT_NE(p.err.find("multiple of 8"), std::string::npos) << p.err;

    rxsim::command_line b;
    p = parse(b, {"run", "t.pcap", "--config", temp_file("d.ini", "rnig = 512\n")});
    EXPECT_EQ(p.status, rxsim::exit_bad_options);
    EXPECT_NE(p.err.find("rnig"), std::string::npos) << p.err;

    rxsim::command_line c;
    p = parse(c, {"run", "t.pcap", "--config", "/nonexistent/rxsim.ini"});
    EXPECT_EQ(p.status, rxsim::exit_bad_options);
    EXPECT_NE(p.err.find("/nonexistent/rxsim.ini"), std::string::npos) << p.err;
}

// A config file's problem is named with its file and line: a file that is
// not text, a line that is not name = value, an unknown name (with the
// closest known one), a value refused, two timing options.
TEST(CliConfig, FileProblemsNameTheFileAndLine)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {std::string("ring = 96\n\x7f""ELF\x02\x01\x01\0\0", 15), "line 2: not a text file (byte 0x7f)"},
        {"# rxsim\nring = 96\nfoo bar baz\n", "line 3: expected name = value, got 'foo bar baz'"},
        {"[run\nring = 96\n", "line 1: a section header needs its closing ]: [run"},
        {"ring = 96\nnapi-wieght = 16\n", "line 2: unknown option 'napi-wieght'; did you mean 'napi-weight'?"},
        {"ring = 96\n\nitr = 3\nrdtr = fast\n", "line 4: --rdtr:"},
        {"pps = 1000\nline-rate = true\n", "line 2: --line-rate: cannot be combined with --pps"},
    };
    for (const auto &[text, want] : cases) {
        const std::string f = temp_file("problem.ini", text);
        rxsim::command_line cl;
        clitest::parsed p = parse(cl, {"run", "t.pcap", "--config", f});
        EXPECT_EQ(p.status, rxsim::exit_bad_options) << want;
        EXPECT_NE(p.err.find("rxsim run: --config " + f + ": " + want), std::string::npos) << p.err;
    }
    // A value the command line overrides is not the file's problem.
    rxsim::command_line cl;
    EXPECT_EQ(parse(cl, {"run", "t.pcap", "--config", temp_file("rdtr.ini", "rdtr = fast\n"), "--rdtr", "2"}).status,
              -1);
}

TEST(CliConfig, DumpedConfigReadsBack)
{
    rxsim::command_line a;
    clitest::parsed dump =
        parse(a, {"run", "--ring", "2048", "--nic", "1g", "--cost", "IP_RCV=9", "--dump-config"});
    ASSERT_EQ(dump.status, 0) << dump.err;
    EXPECT_NE(dump.out.find("\nnapi-weight = 64\n"), std::string::npos) << dump.out; // defaults too
    EXPECT_NE(dump.out.find("\nring = 2048\n"), std::string::npos) << dump.out;   // typed: a number
    EXPECT_NE(dump.out.find("\nnic = \"1g\"\n"), std::string::npos) << dump.out;
    EXPECT_NE(dump.out.find("\ncost = [\"IP_RCV=9\"]\n"), std::string::npos) << dump.out;
    EXPECT_NE(dump.out.find("\npromisc = false\n"), std::string::npos) << dump.out;
    // The replay options, given or not (as comments with their value in effect).
    EXPECT_NE(dump.out.find("\n# link-speed = 1000000000 (in effect, not given)\n"), std::string::npos) << dump.out;
    EXPECT_NE(dump.out.find("\n# pps = (not set)\n"), std::string::npos) << dump.out;

    rxsim::command_line b;
    ASSERT_EQ(parse(b, {"run", "t.pcap", "--config", temp_file("dump.ini", dump.out)}).status, -1)
        << dump.out;
    EXPECT_EQ(b.opts.ring, 2048u);
    EXPECT_EQ(b.opts.nic, "1g");
    EXPECT_EQ(b.opts.cost_ns.at("IP_RCV"), 9u);
    EXPECT_EQ(b.opts.napi_weight, 64);
}

// A dump with every option at its default reads back too (repeatable
// options left empty, like --cost, are left out of it).
TEST(CliConfig, DefaultDumpReadsBack)
{
    rxsim::command_line a;
    clitest::parsed dump = parse(a, {"run", "--dump-config"});
    ASSERT_EQ(dump.status, 0) << dump.err;
    EXPECT_EQ(dump.out.find("\ncost ="), std::string::npos) << dump.out;
    EXPECT_NE(dump.out.find("\n# cost = [] (none)\n"), std::string::npos) << dump.out;
    rxsim::command_line b;
    ASSERT_EQ(parse(b, {"run", "t.pcap", "--config", temp_file("default.ini", dump.out)}).status, -1)
        << dump.out;
    EXPECT_TRUE(b.opts.cost_ns.empty());
    EXPECT_TRUE(b.opts.tcp_flows.empty());
    EXPECT_EQ(b.opts.udp_ports, std::vector<uint16_t>{9000});
}

// A dump names the trace too: `rxsim run --config DUMP` is the same run; a
// TRACE on the command line wins over the file's.
TEST(CliConfig, DumpNamesTheTrace)
{
    rxsim::command_line a;
    clitest::parsed dump = parse(a, {"run", "/data/x.pcap", "--pps", "5000", "--itr", "0", "--dump-config"});
    ASSERT_EQ(dump.status, 0) << dump.err;
    EXPECT_NE(dump.out.find("\nTRACE = \"/data/x.pcap\"\n"), std::string::npos) << dump.out;
    const std::string f = temp_file("trace.toml", dump.out);
    rxsim::command_line b;
    ASSERT_EQ(parse(b, {"run", "--config", f}).status, -1);
    EXPECT_EQ(b.opts.trace, "/data/x.pcap");
    EXPECT_EQ(b.opts.replay.timing, RXTRACE_TIMING_PPS);
    EXPECT_EQ(b.opts.replay.pps, 5000u);
    EXPECT_EQ(b.opts.itr, 0u);
    rxsim::command_line c;
    ASSERT_EQ(parse(c, {"run", "other.pcap", "--config", f}).status, -1);
    EXPECT_EQ(c.opts.trace, "other.pcap");
}

// A dump under --kernel 2.6 --cpu host-2002 writes the values that run
// would use (the profile's ITR 8000, RADV 128, backlog 300; the preset's
// clock and register reads), so reading it back runs the same thing; and an
// option given keeps its value.
TEST(CliConfig, ProfileDumpReadsBackAsTheSameRun)
{
    rxsim::command_line a;
    clitest::parsed dump = parse(a, {"run", "--kernel", "2.6", "--cpu", "host-2002", "--radv", "16", "--dump-config"});
    ASSERT_EQ(dump.status, 0) << dump.err;
    for (const char *line : {"\nitr = 8000\n", "\nradv = 16\n", "\nmax-backlog = 300\n", "\ncpu-ghz = 1\n",
                             "\npcie-mmio-read-rtt-ps = 1200000\n"})
        EXPECT_NE(dump.out.find(line), std::string::npos) << line;
    rxsim::command_line b;
    ASSERT_EQ(parse(b, {"run", "t.pcap", "--config", temp_file("k26.ini", dump.out)}).status, -1) << dump.out;
    EXPECT_EQ(b.opts.kernel, "2.6");
    EXPECT_EQ(b.opts.cpu, "host-2002");
    EXPECT_EQ(b.opts.itr, 8000u);
    EXPECT_EQ(b.opts.radv, 16u);
    EXPECT_EQ(b.opts.max_backlog, 300);
    EXPECT_EQ(b.opts.cpu_ghz, 1.0);
    EXPECT_EQ(b.opts.pcie.mmio_read_rtt_ps, 1200000u);
}
