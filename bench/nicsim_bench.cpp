// Speed of the bare NIC path: a trace on the wire, the Verilated 10GbE NIC
// (nic_device), the PCIe platform and the trivial host (sim/testbed), as issue 5's
// "the same trace on the bare Verilated NIC with a trivial host". Two traces of
// 64-byte UDP frames: back to back at 10 Gb/s line rate (14.88 Mpps), and
// sparse at 1% of that (148.8 kpps). Each runs in a child process of its own
// (SystemC elaborates once per process). Prints wire packets per wall second,
// wall time / simulated time and peak RSS.
//   nicsim_bench [line-rate packets] [sparse packets]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "nic_testbed.h"
#include "ps_time.h"
#include "trace_file.h"

using namespace rxsim;

namespace {

constexpr uint64_t kTraceFrames = 1000; // the file; the replay loops over it
constexpr uint64_t kLineRatePps = 14880952; // 64 B + 20 B of preamble and IFG at 10 Gb/s

struct scenario {
    const char *name;
    uint64_t packets;
    uint64_t pps; // 0: line rate
};

// The machine is shared: CPU time says what the simulator costs, wall time
// what a user waited.
double cpu_seconds()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

int run(const scenario &s, const std::string &trace)
{
    nic_testbed_config cfg;
    cfg.trace = trace;
    // loops = 0 would replay forever.
    cfg.replay.loops = static_cast<uint32_t>(std::max<uint64_t>(1, s.packets / kTraceFrames));
    if (s.pps) {
        cfg.replay.timing = RXTRACE_TIMING_PPS;
        cfg.replay.pps = s.pps;
    } else {
        cfg.replay.timing = RXTRACE_TIMING_LINE_RATE;
    }
    cfg.wire_offset_ps = 20000000;
    cfg.host.ring_size = 1024;
    cfg.host.itr = 20; // 5.12 us: about 76 frames per interrupt at line rate
    const uint64_t packets = uint64_t(cfg.replay.loops) * kTraceFrames;
    const uint64_t spacing_ps = s.pps ? 1000000000000ull / s.pps : 67200;
    cfg.host.end_ps = cfg.wire_offset_ps + packets * spacing_ps + 100000000;
    nic_testbed tb(s.name, cfg);

    const double cpu0 = cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = cpu_seconds() - cpu0;
    const double sim = time_to_ps(sc_core::sc_time_stamp()) * 1e-12;
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const nic_device_counters &c = tb.nic.counters();
    std::printf("%s: %llu wire packets (%llu delivered, %llu lost, MPC %u), %.3f ms simulated "
                "in %.3f s wall, %.3f s CPU\n",
                s.name, (unsigned long long)tb.wire.frames(), (unsigned long long)tb.host.delivered(),
                (unsigned long long)tb.host.lost(), tb.host.statistics().mpc, sim * 1e3, wall, cpu);
    std::printf("  per wall second: %.0f wire packets; wall/simulated %.2f\n", tb.wire.frames() / wall,
                wall / sim);
    std::printf("  per CPU second:  %.0f wire packets; CPU/simulated %.2f (%.2fx %s real time)\n",
                tb.wire.frames() / cpu, cpu / sim, cpu > sim ? cpu / sim : sim / cpu,
                cpu > sim ? "slower than" : "faster than");
    std::printf("  %llu edges evaluated (%llu skip edges for %llu cycles), %.2f M edges per CPU second; "
                "%llu NIC waits; %llu interrupts; mean wire->descriptor %.1f ns\n",
                (unsigned long long)c.edges, (unsigned long long)c.skip_edges,
                (unsigned long long)c.skipped_cycles, c.edges / cpu / 1e6, (unsigned long long)c.waits,
                (unsigned long long)tb.host.interrupts().size(),
                tb.host.delivered() ? tb.host.latency_sum_ps() * 1e-3 / tb.host.delivered() : 0.0);
    std::printf("  peak RSS %.1f MB\n", ru.ru_maxrss / 1024.0);
    return tb.host.finished() && tb.host.payload_errors() == 0 && tb.wire.status() == 0 ? 0 : 1;
}

} // namespace

int sc_main(int argc, char **argv)
{
    const uint64_t line = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2000000;
    const uint64_t sparse = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100000;
    const std::string trace = "/tmp/nicsim_bench_" + std::to_string(getpid()) + ".pcap";
    write_trace(trace, udp_traffic(kTraceFrames, 64));
    const scenario scenarios[] = {{"line_rate", line, 0}, {"sparse", sparse, kLineRatePps / 100}};
    int status = 0;
    for (const scenario &s : scenarios) {
        std::fflush(stdout);
        const pid_t pid = fork();
        if (pid == 0) {
            const int r = run(s, trace);
            std::fflush(stdout);
            std::_Exit(r);
        }
        int child = 0;
        waitpid(pid, &child, 0);
        if (!WIFEXITED(child) || WEXITSTATUS(child) != 0)
            status = 1;
    }
    std::remove(trace.c_str());
    return status;
}
