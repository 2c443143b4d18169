// Published results reproduced at CI size (docs/RESULTS.md has the figures
// beside the published ones, and the commands).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <vector>

#include "cli_fixture.h"
#include "system_run.h"

namespace {

using systest::gen_trace;
using systest::json;
using systest::run;

double seconds(const json &j) { return j["offered"]["duration_ns"].get<double>() / 1e9; }
uint64_t drop(const json &j, const char *c) { return j["dropped"][c].get<uint64_t>(); }

// What the kernel finished with (reached the socket layer: read, queued,
// or refused by a full socket) and what the application read, per second
// of traffic. The runs have no drain (--drain-us 0), so both are the
// traffic window's.
double kernel_pps(const json &j)
{
    return double(j["delivered_to"]["app"].get<uint64_t>() + drop(j, "stack.socket_rcvbuff") +
                  drop(j, "socket.unread_at_end")) /
           seconds(j);
}
double app_pps(const json &j) { return j["delivered_to"]["app"].get<double>() / seconds(j); }

// Losses before the socket layer (what "loss-free" means for the kernel):
// everything but the socket's refusals and what the run's end left queued.
uint64_t kernel_losses(const json &j)
{
    uint64_t n = 0;
    for (const auto &[name, v] : j["dropped"].items())
        if (name != "stack.socket_rcvbuff" && name != "socket.unread_at_end" && name != "nic.unprocessed_at_end")
            n += v.get<uint64_t>();
    return n;
}

struct point {
    double offered;
    json j;
};

// 20 ms of 64 B UDP at each rate on the 1G NIC under the 2.6 profile and
// the 2002 host preset, the reader's own work 1000 ns a datagram (the
// preset's default is 3000: docs/RESULTS.md says what that changes).
std::vector<point> sweep(const std::vector<double> &rates, const std::string &mode)
{
    std::vector<point> out;
    for (double r : rates) {
        const std::string trace = gen_trace("mr.pcap", "-n " + std::to_string(int(r * 0.02)) + " -s 64 --rate " +
                                                            std::to_string(int(r)) + " --link-speed 1G");
        out.push_back({r, run(trace, "--nic 1g --kernel 2.6 --cpu host-2002 --app-cost-ns 1000 --drain-us 0 " + mode)});
    }
    return out;
}

} // namespace

// Mogul & Ramakrishnan, "Eliminating receive livelock in an
// interrupt-driven kernel" (USENIX 1996; TOCS 15(3) 1997): with receive
// work at interrupt level the delivered rate rises with the offered load,
// peaks at the maximum loss-free receive rate (MLFRR), then falls toward
// zero; polling with a quota keeps it at its peak past overload; a user-level
// consumer still starves unless input is throttled when its queue fills.
// Here the kernel's delivery (to the socket layer) stands for their
// router's forwarding and the reader for screend. --cpu host-2002 puts the
// NAPI host's saturation (about 300 kpps) far enough below the 1G line rate
// (1.49 Mpps of 64 B) to see almost five times overload; the 3 GHz host
// saturates at about 800 kpps, under twice.
TEST(SystemReproduce, MogulRamakrishnanLivelockUnderKernel26)
{
    // Interrupt per packet (ITR 0) into the netif_rx backlog.
    const std::vector<point> pre = sweep({100e3, 120e3, 140e3, 160e3, 200e3, 300e3, 400e3, 1000e3}, "--pre-napi --itr 0");
    double mlfrr = 0, peak = 0, peak_at = 0, app_peak = 0;
    for (const point &p : pre) {
        if (!kernel_losses(p.j))
            mlfrr = std::max(mlfrr, p.offered);
        if (kernel_pps(p.j) > peak)
            peak = kernel_pps(p.j), peak_at = p.offered;
        app_peak = std::max(app_peak, app_pps(p.j));
    }
    EXPECT_GT(mlfrr, 0);
    // The peak is the MLFRR (within 10%), and is reached at it.
    EXPECT_NEAR(peak, mlfrr, 0.1 * mlfrr);
    EXPECT_EQ(peak_at, mlfrr);
    // Past 2.5 times the MLFRR the kernel delivers under a fifth of its peak,
    // and the reader almost nothing (under 15% of its best).
    for (const point &p : pre)
        if (p.offered >= 2.5 * mlfrr) {
            EXPECT_LT(kernel_pps(p.j), 0.2 * peak) << p.offered;
            EXPECT_LT(app_pps(p.j), 0.15 * app_peak) << p.offered;
        }

    // NAPI (2.6.12's e1000 with its default InterruptThrottleRate 8000).
    const std::vector<point> napi = sweep({100e3, 200e3, 300e3, 400e3, 1000e3, 1400e3}, "");
    double napi_mlfrr = 0, napi_peak = 0, napi_app_peak = 0;
    for (const point &p : napi) {
        if (!kernel_losses(p.j))
            napi_mlfrr = std::max(napi_mlfrr, p.offered);
        napi_peak = std::max(napi_peak, kernel_pps(p.j));
        napi_app_peak = std::max(napi_app_peak, app_pps(p.j));
    }
    EXPECT_GT(napi_mlfrr, mlfrr);
    for (const point &p : napi)
        if (p.offered > napi_mlfrr) {
            // Within 10% of its peak past overload (published: flat).
            EXPECT_GT(kernel_pps(p.j), 0.9 * napi_peak) << p.offered;
            // The reader, which nothing protects, falls well below its best
            // (published: toward zero; here to about 55%: the fair scheduler
            // gives it a share beside ksoftirqd), and the surplus the kernel
            // did the work for is refused at its socket.
            EXPECT_LT(app_pps(p.j), 0.65 * napi_app_peak) << p.offered;
            EXPECT_GT(drop(p.j, "stack.socket_rcvbuff"), 0u) << p.offered;
        }
}

// ITR (8254x datasheet; e1000_param.c writes ITR = 1e9 / (rate x 256)):
// while a cause is always waiting, interrupts come one per ITR x 256 ns,
// 1 / (ITR x 256 ns) a second, within 1% over the traffic window (the
// whole run also has ifup's and the drain's): the report's
// interrupts_per_s, and counted apart from it, the distinct hard-IRQ times
// of the packet log (a packet's "irq" stage) between the first and the last
// frame on the wire.
TEST(SystemReproduce, ItrRateOverTheTrafficWindow)
{
    const std::string trace = gen_trace("itr_window.pcap", "-n 20000 -s 64 --rate 200k");
    for (const int rate : {4000, 8000, 20000}) {
        const std::string log = clitest::temp_file("itr_window.log", "");
        json j = run(trace, "--itr " + std::to_string(rate) + " --packet-log " + log);
        std::ifstream in(log);
        std::vector<uint64_t> irqs;
        uint64_t first = UINT64_MAX, last = 0;
        for (std::string line; std::getline(in, line);) {
            const json p = json::parse(line);
            const uint64_t wire = p["wire_ns"].get<uint64_t>();
            first = std::min(first, wire);
            last = std::max(last, wire);
            if (p["ns"].contains("irq"))
                irqs.push_back(wire + p["ns"]["irq"].get<uint64_t>());
        }
        // One interrupt's packets give the same time, to the nanosecond's
        // rounding: times under 1 us apart are one interrupt.
        std::sort(irqs.begin(), irqs.end());
        uint64_t in_window = 0, prev = 0;
        for (const uint64_t t : irqs) {
            if (prev && t - prev < 1000)
                continue;
            prev = t;
            in_window += t >= first && t <= last;
        }
        const unsigned itr = 1000000000u / (unsigned(rate) * 256u);
        const double expected = 1e9 / (itr * 256.0), measured = double(in_window) * 1e9 / double(last - first);
        EXPECT_NEAR(measured, expected, 0.01 * expected) << "--itr " << rate << ": ITR " << itr;
        EXPECT_NEAR(j["interrupts_per_s"].get<double>(), expected, 0.01 * expected) << "--itr " << rate;
        EXPECT_LT(in_window, j["interrupts"].get<uint64_t>());
    }
}
