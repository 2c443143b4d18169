// The rxsim program itself: subcommands, --help, exit codes.
#include <gtest/gtest.h>

#include <pcap/pcap.h>

#include <functional>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "exit_codes.h"
#include "nic_builds.h"
#include "rxtrace.h"

using clitest::run_rxsim;
using clitest::temp_file;

TEST(CliBinary, HelpListsSubcommandsAndExitCodes)
{
    clitest::ran r = run_rxsim("--help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("run"), std::string::npos);
    EXPECT_NE(r.out.find("gen"), std::string::npos);
    EXPECT_NE(r.out.find(rxsim::exit_codes_help), std::string::npos) << r.out;
}

// One line each: rxsim's version and commit, the NIC builds, Verilator,
// SystemC, libpcap (the one this test links too, so the very same line).
TEST(CliBinary, VersionNamesEachComponent)
{
    clitest::ran r = run_rxsim("--version");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("^rxsim " RXSIM_PROJECT_VERSION " \\(git [0-9a-f]{7,}(-dirty)?\\)\n|"
                                                    "^rxsim " RXSIM_PROJECT_VERSION " \\(git unknown\\)\n")))
        << r.out;
    for (const rxsim::nic_build &b : rxsim::nic_builds)
        EXPECT_NE(r.out.find(std::string(b.name) + " (" + std::string(b.summary) + ")"), std::string::npos) << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("\nVerilator [0-9]+\\.[0-9]+ [0-9]{4}-[0-9]{2}-[0-9]{2}\n")))
        << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("\nSystemC [0-9]+\\.[0-9]+\\.[0-9]+")) ) << r.out;
    EXPECT_NE(r.out.find(std::string("\n") + pcap_lib_version() + "\n"), std::string::npos) << r.out;
    EXPECT_NE(run_rxsim("--help").out.find("--version"), std::string::npos);
}

TEST(CliBinary, RunHelpListsOptionsWithDefaults)
{
    clitest::ran r = run_rxsim("run --help");
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(clitest::option_line(r.out, "--napi-budget").find("[default: 300]"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--fcs-corrupt"), std::string::npos);
}

TEST(CliBinary, BadOptionExitsTwoNamingIt)
{
    clitest::ran r = run_rxsim("run t.pcap --napi-weight 0");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    EXPECT_NE(r.err.find("--napi-weight"), std::string::npos) << r.err;
    EXPECT_EQ(run_rxsim("").status, rxsim::exit_bad_options);
    EXPECT_EQ(run_rxsim("fly").status, rxsim::exit_bad_options);
}

// --nic takes the names of the NIC builds linked into rxsim, and only those.
TEST(CliBinary, UnknownNicBuildIsABadOptionNamingTheBuilds)
{
    clitest::ran r = run_rxsim("run t.pcap --nic bogus");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    for (const char *m : {"--nic", "bogus", "10g", "1g"})
        EXPECT_NE(r.err.find(m), std::string::npos) << m << ": " << r.err;
    clitest::ran h = run_rxsim("run --help");
    EXPECT_NE(clitest::option_line(h.out, "--nic").find("10g (64-bit"), std::string::npos) << h.out;
}

TEST(CliBinary, TraceProblemsHaveTheirExitCodes)
{
    clitest::ran r = run_rxsim("run /nonexistent/x.pcap");
    EXPECT_EQ(r.status, rxsim::exit_trace_unreadable);
    EXPECT_NE(r.err.find("/nonexistent/x.pcap"), std::string::npos) << r.err;

    r = run_rxsim("run " + temp_file("user0.pcap", clitest::pcap_header(147)));
    EXPECT_EQ(r.status, rxsim::exit_trace_unsupported) << r.err;
    EXPECT_NE(r.err.find("user0.pcap"), std::string::npos) << r.err;

    r = run_rxsim("run " + temp_file("junk.pcap", std::string(64, 'x')));
    EXPECT_EQ(r.status, rxsim::exit_trace_corrupt) << r.err;
}

TEST(CliBinary, GenIsTheGeneratorsCommandLine)
{
    std::string out = temp_file("gen.pcap", "");
    clitest::ran r = run_rxsim("gen -n 3 -o " + out);
    ASSERT_EQ(r.status, 0) << r.err;
    rxtrace_options_t o;
    rxtrace_options_default(&o);
    rxtrace_error_t err;
    rxtrace_t *t = rxtrace_open(out.c_str(), &o, &err);
    ASSERT_NE(t, nullptr) << err.message;
    rxtrace_frame_t f;
    int frames = 0;
    while (rxtrace_next(t, &f) > 0)
        frames++;
    rxtrace_close(t);
    EXPECT_EQ(frames, 3);
    clitest::ran h = run_rxsim("gen --help");
    EXPECT_EQ(h.status, 0);
    EXPECT_NE(h.out.find("rxsim gen"), std::string::npos) << h.out;
}

namespace {

// A trace of n frames at `rate`, written by rxsim gen.
std::string gen_trace(const std::string &name, const std::string &gen_args)
{
    const std::string path = temp_file(name, "");
    clitest::ran g = run_rxsim("gen " + gen_args + " -o " + path);
    EXPECT_EQ(g.status, 0) << g.err;
    return path;
}

} // namespace

// --dump-config covers every option and reads back to the same run: the JSON
// report of `rxsim run --config DUMP` is the original's, byte for byte, on a
// run that changes options of every kind (numbers, flags, lists, replay,
// ethtool aliases, faults).
TEST(CliBinary, DumpedConfigIsTheSameRun)
{
    const std::string trace = gen_trace("dump.pcap", "-n 400 --rate 300k --seed 3");
    const std::string opts =
        " --nic 1g --rx-usecs 100 --rx-ring 200 --rx-buffer 4096 --irq intx --udp-port 9000 --udp-port 9001"
        " --ip 10.0.0.1/24 --ip 10.0.1.1/24 --cost IP_RCV=90 --cost UDP_RCV=70 --cpu-ghz 2.5 --threaded-napi"
        " --napi-budget 100 --link-down 300us:400us --pcie-read-spike 200us:600us:5us --fcs-corrupt 0.05"
        " --seed 9 --pps 250k --skb-fail-ppm 1000 --tcp-flow 5001:10.0.0.2:40000 --drain-us 500"
        " --warn-only not-polled --kernel 6.6 --cpu host-2002 --rx-writeback 4 --no-progress";
    const std::string a = temp_file("a.json", ""), b = temp_file("b.json", ""), dump = temp_file("dump.toml", "");
    clitest::ran d = run_rxsim("run " + trace + opts + " --dump-config > " + dump);
    ASSERT_EQ(d.status, 0) << d.err;
    clitest::ran ra = run_rxsim("run " + trace + opts + " --json " + a);
    ASSERT_EQ(ra.status, 0) << ra.err;
    clitest::ran rb = run_rxsim("run --config " + dump + " --json " + b);
    ASSERT_EQ(rb.status, 0) << rb.err << clitest::slurp(dump);
    const std::string ja = clitest::slurp(a), jb = clitest::slurp(b);
    ASSERT_FALSE(ja.empty());
    EXPECT_EQ(ja, jb);
    // Every option of `run --help` is in the dump, as a value or a comment.
    clitest::ran help = run_rxsim("run --help");
    const std::string text = clitest::slurp(dump);
    std::smatch m;
    std::string rest = help.out;
    int named = 0;
    while (std::regex_search(rest, m, std::regex("\n  --([a-z0-9-]+)"))) {
        const std::string name = m[1];
        rest = m.suffix();
        if (name == "help" || name == "config" || name == "dump-config")
            continue;
        named++;
        EXPECT_TRUE(std::regex_search(text, std::regex("\n(# )?" + name + " = "))) << name;
    }
    EXPECT_GT(named, 60);
    // And the JSON's options are typed.
    const nlohmann::json j = nlohmann::json::parse(ja);
    EXPECT_EQ(j["options"]["pps"], 250000);
    EXPECT_EQ(j["options"]["threaded-napi"], true);
    EXPECT_EQ(j["options"]["udp-port"], nlohmann::json::parse("[9000, 9001]"));
    EXPECT_TRUE(j["options"]["itr"].is_null()); // --rx-usecs instead
    EXPECT_EQ(j["options"]["link-speed"], 1000000000);
}

// --csv: one row under a header; its columns are the JSON report's scalar
// leaves under their dotted names, in order, with the same values.
TEST(CliBinary, CsvHasTheJsonsScalars)
{
    const std::string trace = gen_trace("csv.pcap", "-n 300 --rate 100k --seed 4");
    const std::string json_path = temp_file("r.json", ""), csv_path = temp_file("r.csv", "");
    clitest::ran r = run_rxsim("run " + trace + " --itr 0 --udp-port 9000 --no-progress --json " + json_path +
                               " --csv " + csv_path);
    ASSERT_EQ(r.status, 0) << r.err;
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(clitest::slurp(json_path));
    std::vector<std::pair<std::string, nlohmann::ordered_json>> leaves;
    std::function<void(const nlohmann::ordered_json &, const std::string &)> walk =
        [&](const nlohmann::ordered_json &v, const std::string &prefix) {
            for (auto it = v.begin(); it != v.end(); ++it) {
                const std::string name = prefix.empty() ? it.key() : prefix + "." + it.key();
                if (it->is_object())
                    walk(*it, name);
                else if (!it->is_array())
                    leaves.emplace_back(name, *it);
            }
        };
    walk(j, "");
    const std::string csv = clitest::slurp(csv_path);
    const size_t nl = csv.find('\n');
    ASSERT_NE(nl, std::string::npos);
    ASSERT_EQ(csv.find('\n', nl + 1), csv.size() - 1) << "one row";
    auto split = [](const std::string &line) { // no field of this run holds a comma or a quote
        std::vector<std::string> cells;
        std::string cell;
        for (char c : line + ",")
            if (c == ',')
                cells.push_back(cell), cell.clear();
            else
                cell += c;
        return cells;
    };
    const std::vector<std::string> header = split(csv.substr(0, nl)), row = split(csv.substr(nl + 1, csv.size() - nl - 2));
    ASSERT_EQ(header.size(), leaves.size());
    ASSERT_EQ(row.size(), leaves.size());
    for (size_t i = 0; i < leaves.size(); i++) {
        EXPECT_EQ(header[i], leaves[i].first);
        const nlohmann::ordered_json &v = leaves[i].second;
        EXPECT_EQ(row[i], v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump()) << header[i];
    }
    EXPECT_NE(csv.find("dropped.fifo.missed"), std::string::npos);
    EXPECT_NE(csv.find("options.itr"), std::string::npos);
}
