// rxsim run's views in other tools' formats, counted as the report counts:
// --pcap-out (every wire frame in a pcapng file with its fate, as libpcap
// and tshark read it) and --ethtool (ethtool -S).
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "exit_codes.h"
#include "rxtrace.h"

using clitest::run_rxsim;
using clitest::temp_file;

namespace {

bool have_tshark() { return std::system("command -v tshark >/dev/null 2>&1") == 0; }

std::vector<std::string> lines_of(const std::string &text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);)
        lines.push_back(l);
    return lines;
}

size_t frames_in(const std::string &path)
{
    rxtrace_options_t o;
    rxtrace_options_default(&o);
    rxtrace_error_t err;
    rxtrace_t *t = rxtrace_open(path.c_str(), &o, &err);
    EXPECT_NE(t, nullptr) << err.message;
    if (!t)
        return 0;
    rxtrace_frame_t f;
    size_t n = 0;
    while (rxtrace_next(t, &f) > 0)
        n++;
    rxtrace_close(t);
    return n;
}

size_t starting_with(const std::vector<std::string> &lines, const std::string &prefix)
{
    size_t n = 0;
    for (const std::string &l : lines)
        n += l.rfind(prefix, 0) == 0;
    return n;
}

} // namespace

// A line-rate burst into a small ring: some frames delivered, some missed.
TEST(CliPcapOut, EveryFrameWithItsFateCountedAsTheReport)
{
    const std::string pcap = temp_file("burst.pcap", "");
    ASSERT_EQ(run_rxsim("gen -n 400 --line-rate -o " + pcap).status, 0);
    const std::string out = temp_file("fates.pcapng", "");
    const std::string json = temp_file("fates.json", "");
    const clitest::ran r =
        run_rxsim("run " + pcap + " --ring 80 --no-progress --pcap-out " + out + " --json " + json);
    ASSERT_EQ(r.status, 0) << r.err;
    const nlohmann::json report = nlohmann::json::parse(clitest::slurp(json));
    const uint64_t in = report.at("packets_in"), delivered = report.at("delivered");
    ASSERT_GT(delivered, 0u);
    ASSERT_LT(delivered, in) << "the scenario must drop some";
    EXPECT_EQ(frames_in(out), in); // libpcap reads it back

    const std::string dropped = temp_file("dropped.pcapng", "");
    ASSERT_EQ(run_rxsim("run " + pcap + " --ring 80 --no-progress --pcap-out " + dropped +
                        " --pcap-out-filter dropped")
                  .status,
              0);
    EXPECT_EQ(frames_in(dropped), in - delivered);

    if (!have_tshark())
        GTEST_SKIP() << "tshark not installed (scripts/install-deps.sh installs it)";
    const clitest::ran t = clitest::run_shell("tshark -r " + out + " -T fields -e frame.comment");
    ASSERT_EQ(t.status, 0) << t.err;
    const std::vector<std::string> comments = lines_of(t.out);
    ASSERT_EQ(comments.size(), in);
    EXPECT_EQ(starting_with(comments, "delivered app udp:9000; dma_done "), delivered) << t.out;
    EXPECT_EQ(starting_with(comments, "dropped "), in - delivered) << t.out;
    const clitest::ran dir = clitest::run_shell("tshark -r " + out + " -T fields -e frame.p2p_dir -e eth.fcs.status "
                                                "-o eth.check_fcs:TRUE -c 1");
    EXPECT_EQ(dir.out, "1\t1\n") << dir.err; // inbound; the FCS there and right
}

TEST(CliPcapOut, UnwritableFileIsRefusedBeforeSimulating)
{
    const clitest::ran r = run_rxsim("run /nonexistent/x.pcap --pcap-out /nonexistent/dir/x.pcapng");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    EXPECT_NE(r.err.find("--pcap-out"), std::string::npos) << r.err;
    EXPECT_EQ(run_rxsim("run x.pcap --pcap-out-filter some").status, rxsim::exit_bad_options);
}

// --ethtool: e1000's ethtool -S names, counted as the report counts.
TEST(CliEthtool, StatisticsUnderLinuxNamesMatchTheReport)
{
    const std::string pcap = temp_file("burst2k.pcap", "");
    ASSERT_EQ(run_rxsim("gen -n 2000 --line-rate -o " + pcap).status, 0);
    const std::string json = temp_file("ethtool.json", "");
    const clitest::ran r = run_rxsim("run " + pcap + " --no-progress --ethtool --json " + json);
    ASSERT_EQ(r.status, 0) << r.err;
    const nlohmann::json report = nlohmann::json::parse(clitest::slurp(json));
    const size_t at = r.out.find("$ ethtool -S eth0\nNIC statistics:\n");
    ASSERT_NE(at, std::string::npos) << r.out;
    auto stat = [&](const std::string &name) {
        const size_t line = r.out.find("     " + name + ": ", at);
        EXPECT_NE(line, std::string::npos) << name;
        return line == std::string::npos ? -1 : std::stoll(r.out.substr(line + 7 + name.size()));
    };
    const int64_t missed = report.at("dropped").at("fifo.missed");
    ASSERT_GT(missed, 0);
    EXPECT_EQ(stat("rx_missed_errors"), missed);
    EXPECT_EQ(stat("rx_packets"), report.at("packets_in").get<int64_t>() - missed);
    EXPECT_GT(stat("rx_no_buffer_count"), 0);
    for (const char *name : {"rx_bytes", "rx_crc_errors", "rx_length_errors", "rx_long_length_errors",
                             "rx_short_length_errors", "alloc_rx_buff_failed", "rx_csum_offload_good",
                             "rx_csum_offload_errors"})
        EXPECT_GE(stat(name), 0) << name;
    EXPECT_EQ(run_rxsim("run " + pcap + " --no-progress").out.find("ethtool"), std::string::npos);
}
