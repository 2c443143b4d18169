// `rxsim run` options: defaults, --help, rejected values, replay options.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include <cstring>

#include "cli_fixture.h"
#include "exit_codes.h"

using clitest::option_line;
using clitest::parse;

TEST(CliOptions, DefaultsAreTheStructsAndTheLibraries)
{
    rxsim::command_line cl;
    ASSERT_EQ(parse(cl, {"run", "t.pcap"}).status, -1);
    const rxsim::run_options fresh;
    EXPECT_EQ(cl.opts.trace, "t.pcap");
    EXPECT_EQ(cl.opts.ring, fresh.ring);
    EXPECT_EQ(cl.opts.itr, 3u);
    EXPECT_EQ(cl.opts.napi_budget, 300);
    EXPECT_EQ(cl.opts.udp_ports, std::vector<uint16_t>{9000});
    pcie_params p = pcie_params_default();
    EXPECT_EQ(cl.opts.pcie.mps, p.mps);
    EXPECT_EQ(cl.opts.pcie.mmio_read_rtt_ps, p.mmio_read_rtt_ps);
    rxtrace_options_t r;
    rxtrace_options_default(&r);
    EXPECT_EQ(cl.opts.replay.timing, r.timing);
    EXPECT_EQ(cl.opts.replay.link_bps, 10000000000u);
}

TEST(CliOptions, LinkSpeedFollowsTheNicUnlessGiven)
{
    rxsim::command_line a;
    ASSERT_EQ(parse(a, {"run", "t.pcap", "--nic", "1g"}).status, -1);
    EXPECT_EQ(a.opts.replay.link_bps, 1000000000u);
    rxsim::command_line b;
    ASSERT_EQ(parse(b, {"run", "t.pcap", "--nic", "1g", "--link-speed", "100M"}).status, -1);
    EXPECT_EQ(b.opts.replay.link_bps, 100000000u);
}

TEST(CliOptions, HelpListsEveryOptionWithItsDefault)
{
    rxsim::command_line cl;
    clitest::parsed h = parse(cl, {"run", "--help"});
    ASSERT_EQ(h.status, 0);
    rxsim::command_line fresh; // unparsed: default strings as registered
    int with_default = 0;
    for (const CLI::Option *opt : fresh.run().get_options()) {
        std::string name = opt->get_name();
        std::string line = option_line(h.out, name);
        EXPECT_NE(line, "") << name << " missing from --help";
        if (!opt->get_default_str().empty()) {
            with_default++;
            EXPECT_NE(line.find("[default: " + opt->get_default_str() + "]"), std::string::npos)
                << name << ": " << line;
        }
    }
    EXPECT_GT(with_default, 30);
    // And the defaults are the struct's, e.g.:
    EXPECT_NE(option_line(h.out, "--ring").find("[default: 256]"), std::string::npos);
    EXPECT_NE(option_line(h.out, "--pcie-mps").find("[default: 256]"), std::string::npos);
    EXPECT_NE(option_line(h.out, "--napi-weight").find("[default: 64]"), std::string::npos);
    // The replay options carry the trace library's own help (with its defaults).
    EXPECT_NE(option_line(h.out, "--link-speed").find("default 10G"), std::string::npos);
    EXPECT_NE(option_line(h.out, "--line-rate").find("back to back"), std::string::npos);
    // Exit codes are documented.
    EXPECT_NE(h.out.find("6 invariant"), std::string::npos);
}

struct bad_case {
    std::vector<std::string> args;
    std::vector<std::string> message; // each must appear in stderr
};

TEST(CliOptions, BadValuesNameTheOptionAndTheRange)
{
    const bad_case cases[] = {
        {{"--ring", "12"}, {"--ring", "80..4096", "multiple of 8"}},
        {{"--ring", "64"}, {"--ring", "80..4096"}},
        {{"--ring", "8192"}, {"--ring", "80..4096"}},
        {{"--ring", "many"}, {"--ring"}},
        {{"--itr", "50"}, {"--itr", "100..100000"}},
        // e1000_set_coalesce's EINVAL cases, and what e1000 cannot do at all
        {{"--rx-usecs", "2"}, {"--rx-usecs", "0, 1, 3, 4 or 10..10000"}},
        {{"--rx-usecs", "7"}, {"--rx-usecs", "0, 1, 3, 4 or 10..10000"}},
        {{"--rx-usecs", "10001"}, {"--rx-usecs", "0, 1, 3, 4 or 10..10000"}},
        {{"--rx-usecs", "100", "--itr", "8000"}, {"--itr", "--rx-usecs"}},
        {{"--adaptive-rx", "on"}, {"--adaptive-rx", "Operation not supported", "--rx-usecs 1 or 3"}},
        {{"--rx-ring", "4097"}, {"--rx-ring", "4096"}},
        {{"--rx-ring", "100", "--ring", "104"}, {"--ring", "--rx-ring"}},
        {{"--nic", "40g"}, {"--nic", "10g", "1g"}},
        {{"--fifo-bytes", "4096"}, {"--fifo-bytes", "built: 32768"}},
        {{"--rx-buffer", "3000"}, {"--rx-buffer", "2048"}},
        {{"--mtu", "67"}, {"--mtu", "range 68 to 16110"}},
        {{"--mtu", "16111"}, {"--mtu", "range 68 to 16110"}},
        {{"--napi-budget", "0"}, {"--napi-budget", "range 1 to 1000000"}},
        {{"--rcvbuf", "100"}, {"--rcvbuf", "2304"}},
        {{"--cost", "NOPE=5"}, {"--cost", "NETIF_RECEIVE_SKB", "CONTEXT_SWITCH"}},
        {{"--cost", "IP_RCV=fast"}, {"--cost", "whole number of ns"}},
        {{"--pps", "0"}, {"--pps", "positive packet rate"}},
        {{"--fixlen", "trim"}, {"--fixlen", "auto, pad, captured or skip"}},
        {{"--pcie-mps", "100"}, {"--pcie-mps", "power of two, 128..4096"}},
        {{"--pcie-lanes", "64"}, {"--pcie-lanes", "1..32"}},
        {{"--udp-port", "0"}, {"--udp-port", "range 1 to 65535"}},
        {{"--udp-port", "9000", "--udp-port", "9000"}, {"--udp-port", "twice"}},
        {{"--udp-port", "1", "--udp-port", "2", "--udp-port", "3", "--udp-port", "4", "--udp-port", "5",
          "--udp-port", "6", "--udp-port", "7", "--udp-port", "8", "--udp-port", "9", "--udp-port", "10",
          "--udp-port", "11", "--udp-port", "12", "--udp-port", "13"},
         {"--udp-port", "at most 12"}},
        {{"--pre-napi", "--threaded-napi"}, {"--threaded-napi", "NAPI"}},
        {{"--mac", "02:00:00:00:00:3"}, {"--mac", "02:00:00:00:00:01"}},
        {{"--mac", "02:00:00:00:00:01:07"}, {"--mac"}},
        {{"--ip", "10.0.0.300"}, {"--ip", "10.0.0.1/24"}},
        {{"--ip", "10.0.0.1/33"}, {"--ip"}},
        {{"--ip", "10.0.0.1/24x"}, {"--ip"}},
        {{"--no-such-option"}, {"--no-such-option"}},
    };
    for (const bad_case &c : cases) {
        rxsim::command_line cl;
        std::vector<std::string> args = {"run", "t.pcap"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        clitest::parsed p = parse(cl, args);
        EXPECT_EQ(p.status, rxsim::exit_bad_options) << c.args[0];
        for (const std::string &m : c.message)
            EXPECT_NE(p.err.find(m), std::string::npos) << c.args[0] << ": " << p.err;
    }
}

// The replay library's reasons do not name the option; CLI11 does, once.
TEST(CliOptions, ReplayOptionErrorsNameTheOptionOnce)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"--speed", "-1"}, {"--pps", "0"}, {"--bps", "0"}, {"--link-speed", "3G"},
        {"--fcs-corrupt", "2"}, {"--loops", "two"}, {"--fixlen", "trim"}, {"--max-gap", "10"},
        {"--seed", "x"},
    };
    for (const auto &[name, value] : cases) {
        rxsim::command_line cl;
        clitest::parsed p = parse(cl, {"run", "t.pcap", name, value});
        EXPECT_EQ(p.status, rxsim::exit_bad_options) << name;
        const size_t first = p.err.find(name + ":");
        EXPECT_NE(first, std::string::npos) << p.err;
        EXPECT_EQ(p.err.find(name + ":", first + 1), std::string::npos) << "named twice: " << p.err;
    }
}

TEST(CliOptions, MissingTraceOrSubcommandIsABadOption)
{
    rxsim::command_line a;
    EXPECT_EQ(parse(a, {"run"}).status, rxsim::exit_bad_options);
    rxsim::command_line b;
    EXPECT_EQ(parse(b, {}).status, rxsim::exit_bad_options);
}

// An unknown option is named, with the closest known one when there is one;
// so is a stray argument and a misspelt subcommand.
TEST(CliOptions, UnknownOptionsAreNamedWithASuggestion)
{
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"run", "t.pcap", "--rign", "80"}, "rxsim run: unknown option --rign; did you mean --ring?\n"},
        {{"run", "--napi-budgt=3", "t.pcap"}, "rxsim run: unknown option --napi-budgt; did you mean --napi-budget?\n"},
        {{"run", "t.pcap", "--linerate"}, "rxsim run: unknown option --linerate; did you mean --line-rate?\n"},
        {{"run", "t.pcap", "--zzzzzzzz"}, "rxsim run: unknown option --zzzzzzzz\n"},
        {{"run", "t.pcap", "u.pcap"},
         "rxsim run: unexpected argument 'u.pcap': rxsim run takes one TRACE (options start with --)\n"},
        {{"runn", "t.pcap"}, "rxsim: unknown subcommand 'runn'; did you mean run?\n"},
    };
    for (const auto &[args, want] : cases) {
        rxsim::command_line cl;
        clitest::parsed p = parse(cl, args);
        EXPECT_EQ(p.status, rxsim::exit_bad_options) << want;
        EXPECT_EQ(p.err.substr(0, want.size()), want) << p.err;
    }
}

// One timing option per run: two different ones are refused, naming both.
TEST(CliOptions, ConflictingReplayTimingsAreRefused)
{
    rxsim::command_line a;
    clitest::parsed p = parse(a, {"run", "t.pcap", "--pps", "1000", "--line-rate"});
    EXPECT_EQ(p.status, rxsim::exit_bad_options);
    EXPECT_NE(p.err.find("--line-rate: cannot be combined with --pps: give one of --speed, --pps, --bps, "
                         "--line-rate"),
              std::string::npos)
        << p.err;
    rxsim::command_line b;
    ASSERT_EQ(parse(b, {"run", "t.pcap", "--pps", "1k", "--no-pad"}).status, -1);
    EXPECT_EQ(b.opts.replay.timing, RXTRACE_TIMING_PPS);
    EXPECT_EQ(b.opts.replay.pps, 1000u);
    EXPECT_FALSE(b.opts.replay.pad_short);
    rxsim::command_line c;
    ASSERT_EQ(parse(c, {"run", "t.pcap", "--line-rate"}).status, -1);
    EXPECT_EQ(c.opts.replay.timing, RXTRACE_TIMING_LINE_RATE);
}

TEST(CliOptions, CostOverridesByName)
{
    rxsim::command_line cl;
    ASSERT_EQ(parse(cl, {"run", "t.pcap", "--cost", "IP_RCV=120", "--cost", "UDP_RCV=80", "--cost",
                         "CONTEXT_SWITCH=900"}).status, -1);
    ASSERT_EQ(cl.opts.cost_ns.size(), 3u);
    EXPECT_EQ(cl.opts.cost_ns.at("CONTEXT_SWITCH"), 900u);
    EXPECT_EQ(cl.opts.cost_ns.at("IP_RCV"), 120u);
    EXPECT_EQ(cl.opts.cost_ns.at("UDP_RCV"), 80u);
}

TEST(CliOptions, AddressesParsed)
{
    rxsim::command_line cl;
    ASSERT_EQ(parse(cl, {"run", "t.pcap", "--mac", "00:1b:21:0A:ff:01", "--ip", "192.168.1.20/24", "--ip",
                         "10.9.8.7"}).status, -1);
    const uint8_t mac[6] = {0x00, 0x1b, 0x21, 0x0a, 0xff, 0x01};
    EXPECT_EQ(0, std::memcmp(cl.opts.mac_bytes, mac, 6));
    ASSERT_EQ(cl.opts.ip_prefixes.size(), 2u);
    EXPECT_EQ(cl.opts.ip_prefixes[0], std::make_pair(0xC0A80114u, 24));
    EXPECT_EQ(cl.opts.ip_prefixes[1], std::make_pair(0x0A090807u, 32));
}

TEST(CliOptions, OptionsUsedForTheReport)
{
    rxsim::command_line cl;
    ASSERT_EQ(parse(cl, {"run", "/some/dir/t.pcap", "--ring", "512", "--json", "/x/out.json",
                         "--pre-napi"}).status, -1);
    auto used = cl.used();
    auto value = [&](const std::string &name) {
        for (const auto &[n, v] : used)
            if (n == name)
                return v;
        return std::string("(absent)");
    };
    EXPECT_EQ(value("TRACE"), "t.pcap"); // no host paths in reports
    EXPECT_EQ(value("ring"), "512");
    EXPECT_EQ(value("napi-weight"), "64");
    EXPECT_EQ(value("pre-napi"), "true");
    EXPECT_EQ(value("line-rate"), "false");
    EXPECT_EQ(value("json"), "(absent)");
    EXPECT_EQ(value("pps"), "(absent)"); // not given, no default
    EXPECT_EQ(value("mtu"), "1500");
    EXPECT_EQ(value("rx-buffer"), "2048");
}

// e1000_change_mtu's buffer for the MTU, unless --rx-buffer says otherwise:
// 2048 while MTU + 18 fits in it, else a page; shown as what was used.
TEST(CliOptions, MtuPicksTheBufferSizeUnlessGiven)
{
    for (const auto &[mtu, buffer] : {std::pair{"2030", "2048"}, std::pair{"2031", "4096"}, std::pair{"9000", "4096"}}) {
        rxsim::command_line cl;
        ASSERT_EQ(parse(cl, {"run", "t.pcap", "--mtu", mtu}).status, -1);
        EXPECT_EQ(std::to_string(cl.opts.rx_buffer), buffer) << mtu;
        for (const auto &[n, v] : cl.used()) {
            if (n == "rx-buffer") {
                EXPECT_EQ(v, buffer) << mtu;
            }
        }
    }
    rxsim::command_line given;
    ASSERT_EQ(parse(given, {"run", "t.pcap", "--mtu", "9000", "--rx-buffer", "16384"}).status, -1);
    EXPECT_EQ(given.opts.rx_buffer, 16384u);
    EXPECT_EQ(given.opts.mtu, 9000u);
}
