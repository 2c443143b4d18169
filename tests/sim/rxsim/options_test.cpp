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
        {{"--mtu", "67"}, {"--mtu", "range 68 to 16110"}},
        {{"--mtu", "16111"}, {"--mtu", "range 68 to 16110"}},
        {{"--mcast", "10.0.0.1"}, {"--mcast", "multicast group"}},
        {{"--mcast", "239.1.1.1/8"}, {"--mcast", "multicast group"}},
        {{"--rx-writeback", "64"}, {"--rx-writeback", "0 to 63"}},
        {{"--rx-usecs", "100", "--itr", "8000"}, {"--itr", "--rx-usecs"}},
        {{"--adaptive-rx", "on"}, {"--adaptive-rx", "Operation not supported", "--rx-usecs 1 or 3"}},
        {{"--rx-ring", "4097"}, {"--rx-ring", "4096"}},
        {{"--rx-ring", "100", "--ring", "104"}, {"--ring", "--rx-ring"}},
        {{"--nic", "40g"}, {"--nic", "10g", "1g"}},
        {{"--fifo-bytes", "4096"}, {"--fifo-bytes", "8192..65536", "steps of 8192"}},
        {{"--fifo-bytes", "20480"}, {"--fifo-bytes", "8192..65536", "steps of 8192"}},
        {{"--fifo-bytes", "73728"}, {"--fifo-bytes", "8192..65536", "steps of 8192"}},
        {{"--rx-buffer", "3000"}, {"--rx-buffer", "2048"}},
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
        {{"--ip6", "garbage"}, {"--ip6", "expected an IPv6 address like 2001:db8::1/64, got garbage"}},
        {{"--ip6", "2001:db8::1/129"}, {"--ip6", "the prefix length 129 is over 128"}},
        {{"--ip6", "2001:db8::1/x"}, {"--ip6", "prefix length 0..128"}},
        {{"--ip6", "ff02::1"}, {"--ip6", "not an address a host can hold"}},
        {{"--ip6", "2001:db8::1/64", "--ip6", "2001:db8::1/128"}, {"--ip6", "given twice"}},
        {{"--udp-port", "9000", "--udp6-port", "9001"}, {"--udp6-port", "--udp-port"}},
        {{"--udp6-port", "9000", "--udp6-port", "9000"}, {"--udp6-port", "twice"}},
        {{"--tcp-flow", "5001:[10.0.0.2]:40000"}, {"--tcp-flow", "5001:[2001:db8::2]:40000"}},
        {{"--waveform", "run.ghw"}, {"--waveform", "ending in .fst or .vcd"}},
        {{"--waveform", ".vcd"}, {"--waveform", "ending in .fst or .vcd"}},
        {{"--waveform-depth", "0"}, {"--waveform-depth", "range 1 to 99"}},
        {{"--waveform-window", "5ms:5ms"}, {"--waveform-window", "FROM < TO"}},
        {{"--waveform-window", "5ms"}, {"--waveform-window", "FROM:TO"}},
        {{"--no-such-option"}, {"--no-such-option"}},
        // What a kernel profile lacks, with the release that brought it.
        {{"--kernel", "4.19", "--threaded-napi"}, {"--threaded-napi", "not in kernel 4.19 (added in 5.12)"}},
        {{"--kernel", "4.19", "--defer-hard-irqs", "2"}, {"--defer-hard-irqs", "not in kernel 4.19"}},
        {{"--kernel", "2.6", "--busy-poll-us", "50"}, {"--busy-poll-us", "not in kernel 2.6 (added in 3.11)"}},
        {{"--kernel", "2.6", "--gro-flush-timeout-ns", "1000"}, {"--gro-flush-timeout-ns", "not in kernel 2.6"}},
        {{"--kernel", "6.6", "--irq-suspend-timeout-ns", "20000000"},
         {"--irq-suspend-timeout-ns", "not in kernel 6.6 (added in 6.13)"}},
        {{"--kernel", "6.6", "--app", "epoll", "--prefer-busy-poll"}, {"--prefer-busy-poll", "not in kernel 6.6 (added in 6.9)"}},
        {{"--kernel", "6.6", "--app", "epoll", "--epoll-busy-poll-us", "10"},
         {"--epoll-busy-poll-us", "not in kernel 6.6 (added in 6.9)"}},
        {{"--kernel", "4.19", "--busy-poll-us", "10", "--prefer-busy-poll"},
         {"--prefer-busy-poll", "not in kernel 4.19 (added in 5.11)"}},
        {{"--kernel", "4.19", "--busy-poll-us", "10", "--busy-poll-budget", "16"},
         {"--busy-poll-budget", "not in kernel 4.19 (added in 5.11)"}},
        // Busy polling belongs to recv (SO_BUSY_POLL) or to epoll_wait.
        {{"--app", "epoll", "--busy-poll-us", "10"}, {"--busy-poll-us", "--epoll-busy-poll-us"}},
        {{"--epoll-busy-poll-us", "10"}, {"--epoll-busy-poll-us", "--app epoll"}},
        {{"--prefer-busy-poll"}, {"--prefer-busy-poll", "--busy-poll-us", "--app epoll"}},
        {{"--app", "select"}, {"--app", "recv", "epoll"}},
        {{"--pre-napi", "--app", "epoll", "--prefer-busy-poll"}, {"--prefer-busy-poll", "NAPI"}},
        {{"--kernel", "5.4"}, {"--kernel", "2.6", "4.19", "6.6", "6.13"}},
        {{"--cpu", "pdp-11"}, {"--cpu", "modern-3ghz", "host-2002"}},
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
                         "--pre-napi", "--waveform", "w.fst", "--waveform-depth", "2",
                         "--waveform-window", "1ms:2ms"}).status, -1);
    auto used = cl.used();
    auto value = [&](const std::string &name) {
        for (const rxsim::option_value &o : used)
            if (o.name == name)
                return o;
        rxsim::option_value absent;
        absent.name = "(absent)";
        return absent;
    };
    using values = std::vector<std::string>;
    EXPECT_EQ(value("TRACE").values, values{"t.pcap"}); // no host paths in reports
    EXPECT_EQ(value("ring").values, values{"512"});
    EXPECT_TRUE(value("ring").changed && value("ring").given);
    EXPECT_EQ(value("napi-weight").values, values{"64"});
    EXPECT_FALSE(value("napi-weight").changed || value("napi-weight").given);
    EXPECT_EQ(value("pre-napi").values, values{"true"});
    EXPECT_EQ(value("line-rate").values, values{"false"});
    EXPECT_EQ(value("json").name, "(absent)");
    for (const char *output : {"waveform", "waveform-depth", "waveform-window"}) // the report is the same
        EXPECT_EQ(value(output).name, "(absent)") << output;
    EXPECT_EQ(cl.opts.waveform, "w.fst");
    EXPECT_EQ(cl.opts.waveform_depth, 2);
    EXPECT_EQ(cl.opts.waveform_from_ps, 1000000000u);
    EXPECT_EQ(cl.opts.waveform_to_ps, 2000000000u);
    EXPECT_EQ(value("speed").values, values{"1"}); // the replay as it is in effect
    EXPECT_TRUE(value("pps").values.empty());     // not in effect: null
    EXPECT_FALSE(value("pps").list);
    EXPECT_EQ(value("mtu").values, values{"1500"});
    EXPECT_EQ(value("rx-buffer").values, values{"2048"});
}

// e1000_change_mtu's buffer for the MTU, unless --rx-buffer says otherwise:
// 2048 while MTU + 18 fits in it, else a page; shown as what was used.
TEST(CliOptions, MtuPicksTheBufferSizeUnlessGiven)
{
    for (const auto &[mtu, buffer] : {std::pair{"2030", "2048"}, std::pair{"2031", "4096"}, std::pair{"9000", "4096"}}) {
        rxsim::command_line cl;
        ASSERT_EQ(parse(cl, {"run", "t.pcap", "--mtu", mtu}).status, -1);
        EXPECT_EQ(std::to_string(cl.opts.rx_buffer), buffer) << mtu;
        for (const rxsim::option_value &o : cl.used()) {
            if (o.name == "rx-buffer") {
                EXPECT_EQ(o.values, std::vector<std::string>{buffer}) << mtu;
            }
        }
    }
    rxsim::command_line given;
    ASSERT_EQ(parse(given, {"run", "t.pcap", "--mtu", "9000", "--rx-buffer", "16384"}).status, -1);
    EXPECT_EQ(given.opts.rx_buffer, 16384u);
    EXPECT_EQ(given.opts.mtu, 9000u);
}

// Every option typed: numbers in JSON's form, flags, lists; replay options as
// in effect (suffixes read, the link speed of --nic), an option another one
// excludes not in effect.
TEST(CliOptions, OptionValuesAreTypedAndInEffect)
{
    rxsim::command_line cl;
    ASSERT_EQ(parse(cl, {"run", "t.pcap", "--nic", "1g", "--pps", "20k", "--rdtr", "0x10", "--cpu-ghz", "2.50",
                         "--udp-port", "9000", "--udp-port", "9001", "--rx-usecs", "100", "--fcs-corrupt", "0.1",
                         "--threaded-napi"}).status, -1);
    using kind = rxsim::option_value::kind;
    using values = std::vector<std::string>;
    auto find = [](const std::vector<rxsim::option_value> &all, const std::string &name) {
        for (const rxsim::option_value &o : all)
            if (o.name == name)
                return o;
        ADD_FAILURE() << name;
        return rxsim::option_value{};
    };
    const auto all = rxsim::option_values(cl.run());
    EXPECT_EQ(find(all, "pps").values, values{"20000"});
    EXPECT_EQ(find(all, "pps").type, kind::number);
    EXPECT_TRUE(find(all, "speed").values.empty()); // --pps is the timing
    EXPECT_EQ(find(all, "link-speed").values, values{"1000000000"});
    EXPECT_FALSE(find(all, "link-speed").given);
    EXPECT_EQ(find(all, "rdtr").values, values{"16"});
    EXPECT_EQ(find(all, "cpu-ghz").values, values{"2.5"});
    EXPECT_EQ(find(all, "fcs-corrupt").values, values{"0.1"});
    EXPECT_EQ(find(all, "udp-port").values, (values{"9000", "9001"}));
    EXPECT_TRUE(find(all, "udp-port").list);
    EXPECT_EQ(find(all, "ip").values, values{"10.0.0.1/24"}); // a list's default
    EXPECT_TRUE(find(all, "cost").list && find(all, "cost").values.empty());
    EXPECT_EQ(find(all, "threaded-napi").type, kind::flag);
    EXPECT_EQ(find(all, "threaded-napi").values, values{"true"});
    EXPECT_EQ(find(all, "irq").type, kind::text);
    EXPECT_TRUE(find(all, "itr").values.empty()); // --rx-usecs given instead
    EXPECT_EQ(find(all, "rx-usecs").values, values{"100"});
    EXPECT_EQ(find(all, "fixlen").values, values{"auto"});
    EXPECT_EQ(find(all, "timeline-max-events").type, kind::number); // outputs too, for --dump-config
    EXPECT_EQ(find(all, "json").values, values{});
    // What changed, for the header: only what differs from `rxsim run TRACE`.
    std::vector<std::string> changed;
    for (const rxsim::option_value &o : cl.used())
        if (o.changed)
            changed.push_back(o.name);
    // Not --link-speed (it follows --nic), nor --speed (not in effect), nor
    // --itr (--rx-usecs instead): they were not given. --app-cost-ns was not
    // either, but follows --cpu-ghz: 1000 ns x 3 / 2.5.
    EXPECT_EQ(find(all, "app-cost-ns").values, values{"1200"});
    EXPECT_EQ(changed, (values{"nic", "rdtr", "rx-usecs", "threaded-napi", "cpu-ghz", "udp-port", "app-cost-ns",
                               "pps", "fcs-corrupt"}));
    rxsim::command_line same;
    ASSERT_EQ(parse(same, {"run", "t.pcap", "--ring", "256", "--speed", "1", "--link-speed", "10G"}).status, -1);
    for (const rxsim::option_value &o : same.used())
        EXPECT_FALSE(o.changed) << o.name << ": given, but the default";
}

// --kernel: the newest profile by default; a profile's option defaults apply
// to the options not given (2.6.12's e1000_param.c: InterruptThrottleRate
// 8000, RxAbsIntDelay 128; its dev.c: netdev_max_backlog 300), and the
// report lists them as the values used.  An option a profile has is taken.
TEST(CliOptions, KernelProfileDefaultsUnlessGiven)
{
    rxsim::command_line now;
    ASSERT_EQ(parse(now, {"run", "t.pcap"}).status, -1);
    EXPECT_EQ(now.opts.kernel, "6.13");
    EXPECT_EQ(now.opts.itr, 3u);

    rxsim::command_line old;
    ASSERT_EQ(parse(old, {"run", "t.pcap", "--kernel", "2.6", "--radv", "16"}).status, -1);
    EXPECT_EQ(old.opts.itr, 8000u);
    EXPECT_EQ(old.opts.radv, 16u);
    EXPECT_EQ(old.opts.max_backlog, 300);
    auto used = old.used();
    auto value = [&](const std::string &name) {
        for (const rxsim::option_value &o : used)
            if (o.name == name)
                return CLI::detail::join(o.values, ",");
        return std::string("(absent)");
    };
    EXPECT_EQ(value("itr"), "8000");
    EXPECT_EQ(value("radv"), "16");
    EXPECT_EQ(value("max-backlog"), "300");
    EXPECT_EQ(value("kernel"), "2.6");
    EXPECT_EQ(value("cpu"), ""); // not given: null in the report's options (the preset is the default)

    rxsim::command_line mid;
    ASSERT_EQ(parse(mid, {"run", "t.pcap", "--kernel", "4.19", "--busy-poll-us", "50", "--gro-flush-timeout-ns",
                          "20000"}).status, -1);
    EXPECT_EQ(mid.opts.busy_poll_us, 50u);
    rxsim::command_line newest;
    ASSERT_EQ(parse(newest, {"run", "t.pcap", "--kernel", "6.6", "--threaded-napi", "--defer-hard-irqs", "2"}).status,
              -1);
}

// --cpu: a preset is the base; --cpu-ghz, --pcie-mmio-read-rtt-ps and --cost
// override it.
TEST(CliOptions, CpuPresetIsABaseTheOverridesChange)
{
    rxsim::command_line now;
    ASSERT_EQ(parse(now, {"run", "t.pcap"}).status, -1);
    EXPECT_EQ(now.opts.cpu, "modern-3ghz");
    EXPECT_EQ(now.opts.cpu_ghz, 3.0);
    EXPECT_EQ(now.opts.pcie.mmio_read_rtt_ps, pcie_params_default().mmio_read_rtt_ps);

    rxsim::command_line old;
    ASSERT_EQ(parse(old, {"run", "t.pcap", "--cpu", "host-2002"}).status, -1);
    EXPECT_EQ(old.opts.cpu_ghz, 1.0);
    EXPECT_EQ(old.opts.pcie.mmio_read_rtt_ps, 1200000u);

    rxsim::command_line tuned;
    ASSERT_EQ(parse(tuned, {"run", "t.pcap", "--cpu", "host-2002", "--cpu-ghz", "0.8", "--pcie-mmio-read-rtt-ps",
                            "900000", "--cost", "IP_RCV=500"}).status, -1);
    EXPECT_EQ(tuned.opts.cpu_ghz, 0.8);
    EXPECT_EQ(tuned.opts.pcie.mmio_read_rtt_ps, 900000u);
    EXPECT_EQ(tuned.opts.cost_ns.at("IP_RCV"), 500u);
}

// The application's work per packet follows the preset and its clock as the
// cost table does (1000 ns at 3 GHz, 3000 ns on host-2002's 1 GHz, scaled by
// --cpu-ghz); a given --app-cost-ns is taken as given.
TEST(CliOptions, CpuPresetScalesTheApplicationsWork)
{
    const auto app_cost = [](std::vector<std::string> args) {
        rxsim::command_line cl;
        args.insert(args.begin(), {"run", "t.pcap"});
        EXPECT_EQ(parse(cl, args).status, -1);
        return cl.opts.app_cost_ns;
    };
    EXPECT_EQ(app_cost({}), 1000u);
    EXPECT_EQ(app_cost({"--cpu", "host-2002"}), 3000u);
    EXPECT_EQ(app_cost({"--cpu", "host-2002", "--cpu-ghz", "0.8"}), 3750u);
    EXPECT_EQ(app_cost({"--cpu-ghz", "1.5"}), 2000u);
    EXPECT_EQ(app_cost({"--cpu", "host-2002", "--app-cost-ns", "1000"}), 1000u);
}

// --help names every profile and preset, and what the profiles lack.
TEST(CliOptions, HelpListsTheKernelProfilesAndCpuPresets)
{
    rxsim::command_line cl;
    clitest::parsed h = parse(cl, {"run", "--help"});
    ASSERT_EQ(h.status, 0);
    for (const char *k : {"2.6 (", "4.19 (", "6.6 (", "6.13 (", "default 6.13", "--threaded-napi (threaded NAPI, 5.12)"})
        EXPECT_NE(h.out.find(k), std::string::npos) << k;
    for (const char *c : {"modern-3ghz (", "host-2002 (", "default modern-3ghz"})
        EXPECT_NE(h.out.find(c), std::string::npos) << c;
}
