// rxsim run --waveform: the file opens in the tools of gtkwave's Debian
// package (fst2vcd), has nic_top's scopes, and a known signal changes at
// the time the same run's timeline gives; the run's report is the one
// without it.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "exit_codes.h"
#include "vcd_reader.h"

extern char **environ;

using clitest::run_rxsim;
using clitest::temp_file;
using nlohmann::json;

namespace {

constexpr uint64_t period_ps = 6400; // the 10g build's clock

std::string one_packet_pcap()
{
    const std::string pcap = temp_file("one.pcap", "");
    const clitest::ran g = run_rxsim("gen -n 1 -o " + pcap);
    EXPECT_EQ(g.status, 0) << g.err;
    return pcap;
}

// An FST file read through gtkwave's fst2vcd.
vcd::file read_fst(const std::string &fst)
{
    const std::string out = fst + ".vcd";
    const clitest::ran r = clitest::run_shell("fst2vcd " + fst + " > " + out);
    EXPECT_EQ(r.status, 0) << "fst2vcd (Debian gtkwave; scripts/install-deps.sh installs it): " << r.err;
    return vcd::parse(clitest::slurp(out));
}

// The times (ns) of the interrupts the timeline shows the NIC issuing.
std::vector<uint64_t> interrupts_issued(const json &timeline)
{
    std::vector<uint64_t> ns;
    for (const json &e : timeline.at("traceEvents"))
        if (e.at("ph") == "i" && e.value("name", "") == "interrupt")
            ns.push_back(uint64_t(std::llround(e.at("ts").get<double>() * 1000)));
    return ns;
}

// [rise, fall) of every pulse of a one-bit signal.
std::vector<std::pair<uint64_t, uint64_t>> pulses(const std::vector<vcd::change> &changes)
{
    std::vector<std::pair<uint64_t, uint64_t>> p;
    for (const vcd::change &c : changes) {
        if (c.value == "1")
            p.push_back({c.t, UINT64_MAX});
        else if (c.value == "0" && !p.empty() && p.back().second == UINT64_MAX)
            p.back().second = c.t;
    }
    return p;
}

size_t vars(const vcd::file &f) { return f.id.size(); }

} // namespace

TEST(CliWaveform, TheReaderReadsScopesVariablesAndChanges)
{
    const vcd::file f = vcd::parse("$date\n\t\n$end\n$timescale\n\t1ps\n$end\n"
                                   "$scope module TOP $end\n$var wire 1 ! clk $end\n"
                                   "$scope module u $end\n$var wire 4 \" n [3:0] $end\n$var wire 1 ! c $end\n"
                                   "$upscope $end\n$upscope $end\n$enddefinitions $end\n"
                                   "#0\n$dumpvars\n0!\nb0000 \"\n$end\n#5\n1!\nb1010 \"\n#10\nx!\n");
    ASSERT_EQ(f.error, "");
    EXPECT_EQ(f.timescale, "1ps");
    EXPECT_EQ(f.scopes, (std::vector<std::string>{"TOP", "TOP.u"}));
    ASSERT_EQ(f.of("TOP.clk").size(), 3u);
    EXPECT_EQ(f.of("TOP.u.c").size(), 3u); // an alias of clk
    EXPECT_EQ(f.of("TOP.clk")[1].t, 5u);
    EXPECT_EQ(f.of("TOP.clk")[2].value, "x");
    EXPECT_EQ(vcd::number(f.of("TOP.u.n")[1].value), 10u);
    EXPECT_EQ(f.times, (std::vector<uint64_t>{0, 5, 10}));
    EXPECT_NE(vcd::parse("#5\n#4\n").error, "");
    EXPECT_NE(vcd::parse("1?\n").error, "");
    EXPECT_NE(vcd::parse("$scope module a $end\n").error, "");
}

// One packet, the whole run in FST: the report is the one without
// --waveform; nic_top and its instances (hw/rtl/nic_top.sv) are scopes; the
// MSI request is up for the one cycle before each edge the timeline shows an
// interrupt issued at; RDT takes the values e1000 writes when they reach the NIC.
TEST(CliWaveform, OnePacketFstHasTheScopesAndTheKnownEdges)
{
    const std::string pcap = one_packet_pcap();
    const std::string fst = temp_file("one.fst", "");
    const std::string with = temp_file("with.json", ""), without = temp_file("without.json", "");
    const std::string timeline = temp_file("one.timeline.json", "");
    clitest::ran r = run_rxsim("run " + pcap + " --no-progress --json " + with + " --timeline " + timeline +
                               " --waveform " + fst);
    ASSERT_EQ(r.status, 0) << r.err;
    const clitest::ran plain = run_rxsim("run " + pcap + " --no-progress --json " + without);
    ASSERT_EQ(plain.status, 0) << plain.err;
    EXPECT_EQ(clitest::slurp(with), clitest::slurp(without));
    EXPECT_NE(clitest::slurp(with), "");
    // The text report too, but for its wall-clock line.
    auto no_wall = [](std::string text) {
        const size_t at = text.find("wall clock");
        return at == std::string::npos ? text : text.erase(at, text.find('\n', at) - at);
    };
    EXPECT_EQ(no_wall(r.out), no_wall(plain.out));

    const vcd::file f = read_fst(fst);
    ASSERT_EQ(f.error, "");
    EXPECT_EQ(f.timescale, "1ps");
    for (const char *s : {"TOP", "TOP.nic_top", "TOP.nic_top.u_csr", "TOP.nic_top.u_mac", "TOP.nic_top.u_stats",
                          "TOP.nic_top.u_fifo", "TOP.nic_top.u_dma", "TOP.nic_top.u_delay", "TOP.nic_top.u_intr"})
        EXPECT_TRUE(f.has_scope(s)) << s;

    // The clock: rising on the edges (multiples of the period), falling
    // half a period before them.
    const std::vector<vcd::change> &clk = f.of("TOP.clk");
    ASSERT_GT(clk.size(), 100u);
    for (const vcd::change &c : clk)
        EXPECT_EQ(c.t % period_ps, c.value == "1" ? 0 : period_ps / 2) << c.t << " " << c.value;

    // Two interrupts (LSC at ifup, RXT0 for the packet), each MSI taken at
    // the edge the timeline has it at (the timeline's ns are whole: the
    // edge's ps truncated).
    const json tl = json::parse(clitest::slurp(timeline));
    const std::vector<uint64_t> issued = interrupts_issued(tl);
    const auto msi = pulses(f.of("TOP.msi_valid"));
    ASSERT_EQ(issued.size(), 2u);
    ASSERT_EQ(msi.size(), issued.size());
    for (size_t i = 0; i < msi.size(); i++) {
        EXPECT_EQ(msi[i].second / 1000, issued[i]) << i;
        EXPECT_EQ(msi[i].second % period_ps, 0u) << i;
        EXPECT_EQ(msi[i].second - msi[i].first, period_ps) << i;
    }
    EXPECT_EQ(json::parse(clitest::slurp(with)).at("interrupts"), issued.size());

    // RDT as nic_csr reads it back: 0 after reset, then each value the
    // driver writes (254 from ifup's e1000_alloc_rx_buffers: 255 buffers on a
    // 256 ring, RDT = next_to_use - 1; 255 from the refill of the packet's
    // poll; the first write, 0, changes nothing), when the write reaches the
    // NIC: the timeline's time of the driver's writel plus the posted write's
    // latency (--pcie-mmio-write-latency-ps, 500 ns), then the link's few ns
    // for the TLP and the edge the CSR registers it at (under three periods).
    std::vector<std::pair<uint64_t, uint64_t>> rdt_writes; // CPU ns, value
    for (const json &e : tl.at("traceEvents"))
        if (e.at("ph") == "i" && e.value("name", "") == "RDT write")
            rdt_writes.push_back({uint64_t(std::llround(e.at("ts").get<double>() * 1000)),
                                  std::stoull(e.at("args").at("value").get<std::string>(), nullptr, 16)});
    ASSERT_EQ(rdt_writes.size(), 3u);
    EXPECT_EQ(rdt_writes[0].second, 0u);
    const std::vector<vcd::change> &rdt = f.of("TOP.nic_top.u_csr.rdt");
    ASSERT_EQ(rdt.size(), 3u);
    EXPECT_EQ(vcd::number(rdt[0].value), 0u);
    for (size_t i = 1; i < 3; i++) {
        EXPECT_EQ(vcd::number(rdt[i].value), rdt_writes[i].second) << i;
        EXPECT_EQ(vcd::number(rdt[i].value), i == 1 ? 254u : 255u) << i;
        const uint64_t reaches = (rdt_writes[i].first + 500) * 1000; // ps, the CPU time truncated to ns
        EXPECT_GE(rdt[i].t, reaches) << i;
        EXPECT_LT(rdt[i].t, reaches + 1000 + 3 * period_ps) << i;
    }

    // The same run, the same bytes.
    const std::string again = temp_file("again.fst", "");
    ASSERT_EQ(run_rxsim("run " + pcap + " --no-progress --waveform " + again).status, 0);
    EXPECT_EQ(clitest::slurp(again), clitest::slurp(fst));
}

// A .vcd is written directly (the FST's changes, as fst2vcd gives them);
// the window bounds its times; depth 1 is nic_top's ports only.
TEST(CliWaveform, VcdWindowAndDepth)
{
    const std::string pcap = one_packet_pcap();
    const std::string fst = temp_file("all.fst", ""), vcd_all = temp_file("all.vcd", "");
    ASSERT_EQ(run_rxsim("run " + pcap + " --no-progress --waveform " + fst).status, 0);
    const clitest::ran r = run_rxsim("run " + pcap + " --no-progress --waveform " + vcd_all);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, "");
    const std::string text = clitest::slurp(vcd_all);
    const vcd::file all = vcd::parse(text);
    ASSERT_EQ(all.error, "");
    const vcd::file from_fst = read_fst(fst);
    EXPECT_EQ(vars(all), vars(from_fst));
    EXPECT_EQ(all.times, from_fst.times);
    EXPECT_EQ(all.of("TOP.nic_top.u_csr.rdt").size(), 3u);
    ASSERT_FALSE(all.times.empty());
    EXPECT_EQ(all.times.front(), period_ps / 2); // the first edge, settled
    // The FST it was converted from (all.vcd.XXXXXX.fst) is gone.
    const std::string dir = vcd_all.substr(0, vcd_all.rfind('/'));
    EXPECT_EQ(clitest::run_shell("ls " + dir + " | grep '^all\\.vcd\\.'").out, "");

    // 100..110 us: the packet's frame (the wire starts at 100 us) and its
    // interrupt (at 100.8128 us), not ifup's.
    const std::string win = temp_file("window.vcd", "");
    ASSERT_EQ(run_rxsim("run " + pcap + " --no-progress --waveform " + win + " --waveform-window 100us:110us").status,
              0);
    const vcd::file w = vcd::parse(clitest::slurp(win));
    ASSERT_EQ(w.error, "");
    ASSERT_FALSE(w.times.empty());
    EXPECT_GE(w.times.front(), 100000000u);
    EXPECT_LT(w.times.front(), 100000000u + period_ps);
    EXPECT_LE(w.times.back(), 110000000u);
    EXPECT_LT(w.times.size(), all.times.size());
    EXPECT_EQ(vars(w), vars(all));
    const auto msi = pulses(w.of("TOP.msi_valid")), msi_all = pulses(all.of("TOP.msi_valid"));
    ASSERT_EQ(msi.size(), 1u);
    ASSERT_EQ(msi_all.size(), 2u);
    EXPECT_EQ(msi[0], msi_all[1]);

    // A window after the run's end: the file has the signals, no values,
    // and stderr says so.
    const std::string late = temp_file("late.vcd", "");
    const clitest::ran l = run_rxsim("run " + pcap + " --no-progress --waveform " + late + " --waveform-window 50ms:60ms");
    ASSERT_EQ(l.status, 0) << l.err;
    EXPECT_NE(l.err.find("no clock edge in the window 50.000000..60.000000 ms"), std::string::npos) << l.err;
    const vcd::file lf = vcd::parse(clitest::slurp(late));
    ASSERT_EQ(lf.error, "");
    EXPECT_EQ(vars(lf), vars(all));
    EXPECT_TRUE(std::none_of(lf.times.begin(), lf.times.end(), [](uint64_t t) { return t >= 50000000000u; }));

    const std::string shallow = temp_file("shallow.vcd", "");
    ASSERT_EQ(run_rxsim("run " + pcap + " --no-progress --waveform " + shallow + " --waveform-depth 1").status, 0);
    const vcd::file s = vcd::parse(clitest::slurp(shallow));
    ASSERT_EQ(s.error, "");
    EXPECT_EQ(s.scopes, (std::vector<std::string>{"TOP"}));
    EXPECT_LT(vars(s), vars(all));
    EXPECT_EQ(pulses(s.of("TOP.msi_valid")).size(), 2u);
    EXPECT_TRUE(s.of("TOP.nic_top.u_csr.rdt").empty());
}

TEST(CliWaveform, BadFileDepthOrWindowIsAUsageError)
{
    struct bad {
        std::string args, says;
    };
    const std::string pcap = one_packet_pcap();
    for (const bad &b : {bad{"--waveform x.ghw", "ending in .fst or .vcd"}, bad{"--waveform fst", ".fst or .vcd"},
                         bad{"--waveform x.fst --waveform-depth 0", "--waveform-depth"},
                         bad{"--waveform x.fst --waveform-depth 100", "--waveform-depth"},
                         bad{"--waveform x.fst --waveform-depth all", "--waveform-depth"},
                         bad{"--waveform x.fst --waveform-window 2ms:1ms", "FROM < TO"},
                         bad{"--waveform x.fst --waveform-window 1ms", "--waveform-window"},
                         bad{"--waveform /nonexistent/dir/w.fst", "cannot write /nonexistent/dir/w.fst"}}) {
        const clitest::ran r = run_rxsim("run " + pcap + " --no-progress " + b.args);
        EXPECT_EQ(r.status, rxsim::exit_bad_options) << b.args;
        EXPECT_NE(r.err.find(b.says), std::string::npos) << b.args << ": " << r.err;
        EXPECT_EQ(r.out, "") << b.args;
    }
}

// Ctrl-C: the run stops at the next slice, and the waveform is closed with
// everything up to there.
TEST(CliWaveform, AnInterruptedRunClosesTheFile)
{
    const std::string pcap = temp_file("loop.pcap", "");
    ASSERT_EQ(run_rxsim("gen -q -n 50 --rate 200k -o " + pcap).status, 0);
    const std::string fst = temp_file("sigint.fst", ""), log = temp_file("sigint.log", "");
    const std::string out = temp_file("sigint.json", "");
    const std::string bin = RXSIM_BIN;
    std::vector<std::string> args = {bin, "run", pcap, "--no-progress", "--loops", "0", "--waveform", fst,
                                     "--waveform-depth", "1", "--packet-log", log, "--json", out};
    std::vector<char *> argv;
    for (std::string &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid;
    ASSERT_EQ(posix_spawn(&pid, bin.c_str(), nullptr, nullptr, argv.data(), environ), 0);
    auto lines = [&] {
        const std::string t = clitest::slurp(log);
        return std::count(t.begin(), t.end(), '\n');
    };
    for (int i = 0; i < 1200 && lines() <= 60; i++)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_GT(lines(), 60) << "not past one pass within a minute";
    ASSERT_EQ(kill(pid, SIGINT), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), rxsim::exit_interrupted);

    const json report = json::parse(clitest::slurp(out));
    ASSERT_TRUE(report.at("interrupted").get<bool>());
    const vcd::file f = read_fst(fst);
    ASSERT_EQ(f.error, "");
    ASSERT_FALSE(f.times.empty());
    // Dumped up to the end of the last slice: past the first pass's frames.
    EXPECT_GT(f.times.back(), 100000000u + 50u * 5000000u);
    // ... and not past the slice of simulated time (1 ms) the run stopped in.
    EXPECT_LE(f.times.back(), report.at("sim_time_ns").get<uint64_t>() * 1000 + 1000000000u);
    EXPECT_GE(pulses(f.of("TOP.msi_valid")).size(), 2u);
}
