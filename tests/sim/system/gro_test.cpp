// GRO end to end (Linux 6.6 net/core/gro.c, net/ipv4/tcp_offload.c):
// rxsim-gen TCP flows through `rxsim run`, judged from the JSON report.
// Every run() also checks conservation (each wire frame merged into a
// super-packet still has its own fate) and the TCP payload: the reader's
// bytes are compared with the flow's wire bytes across the merges.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "exit_codes.h"
#include "system_run.h"

namespace {

using json = nlohmann::json;
using systest::gen_trace;
using systest::run;

const std::string kFlow = "--tcp-flow 5001:10.0.0.2:40000 --rcvbuf 16777216";

// Bursts of exactly 8 full-size segments (800 kpps for 10 us, then 90 us
// quiet), PSH on every 8th; the receive delay timer (RDTR 20, no RADV, no
// ITR) interrupts once a burst is all in memory, so one poll sees each.
std::string bursts_of_8(const std::string &name, const std::string &extra = "")
{
    return gen_trace(name, "-n 400 -s 1518 --tcp 1 --rate 800k --burst 10:90 --tcp-psh 8 " + extra);
}
const std::string kOnePollABurst = " --itr 0 --rdtr 20 --radv 0";

uint64_t u(const json &j) { return j.get<uint64_t>(); }

uint64_t kernel_cpu_ns(const json &j)
{
    const json &c = j["cpu"];
    return u(c["hardirq"]) + u(c["softirq"]) + u(c["ksoftirqd"]) + u(c["napi_threads"]);
}

} // namespace

// Each burst is one super-packet of 8 segments, ended by its PSH: the
// counters are exact, and all 400 segments reach the reader byte for byte.
TEST(SystemGro, BurstsMergeIntoOneSuperPacketEach)
{
    json j = run(bursts_of_8("gro8.pcap"), kFlow + kOnePollABurst);
    EXPECT_EQ(j["delivered_to"]["app"], 400);
    EXPECT_EQ(j["payload_checked"]["tcp_segments"], 400);
    const json &g = j["gro"];
    EXPECT_EQ(g["merged"], 350);
    EXPECT_EQ(g["flushed"], 50);
    EXPECT_EQ(g["super_packets"], 50);
    EXPECT_EQ(g["max_segments"], 8);
    EXPECT_EQ(g["flush_causes"]["flow"], 50);
    EXPECT_EQ(g["flush_causes"]["poll"], 0);
    EXPECT_EQ(g["flush_causes"]["evict"], 0);
}

// The same trace with GRO off (ethtool -K gro off): nothing merges, the same
// bytes arrive, and the kernel spends more CPU on them (every segment
// through ip_rcv and tcp_v4_rcv).
TEST(SystemGro, OffMergesNothingAndCostsMore)
{
    const std::string trace = bursts_of_8("gro8off.pcap");
    json on = run(trace, kFlow + kOnePollABurst);
    json off = run(trace, kFlow + kOnePollABurst + " --gro off");
    EXPECT_EQ(off["gro"]["merged"], 0);
    EXPECT_EQ(off["gro"]["flushed"], 0);
    EXPECT_EQ(off["delivered_to"]["app"], 400);
    EXPECT_EQ(off["payload_checked"]["tcp_segments"], 400);
    EXPECT_GT(kernel_cpu_ns(off), kernel_cpu_ns(on) * 3 / 2);
}

// Linux 2.6.12 had no GRO: the 2.6 profile turns it off and refuses --gro on.
TEST(SystemGro, Kernel26HasNone)
{
    const std::string trace = bursts_of_8("gro26.pcap");
    json j = run(trace, kFlow + kOnePollABurst + " --kernel 2.6");
    EXPECT_EQ(j["gro"]["merged"], 0);
    EXPECT_EQ(j["gro"]["flushed"], 0);
    clitest::ran r = clitest::run_rxsim("run " + trace + " --no-progress --kernel 2.6 --gro on");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    EXPECT_NE(r.err.find("--gro: not in kernel 2.6 (added in 2.6.29)"), std::string::npos) << r.err;
}

// PSH on every segment (rxsim-gen's default) ends every super-packet before
// it starts: each segment goes up alone.
TEST(SystemGro, PshOnEverySegmentMergesNothing)
{
    json j = run(gen_trace("grop.pcap", "-n 400 -s 1518 --tcp 1 --rate 800k --burst 10:90"), kFlow + kOnePollABurst);
    EXPECT_EQ(j["gro"]["merged"], 0);
    EXPECT_EQ(j["gro"]["flushed"], 0);
    EXPECT_EQ(j["delivered_to"]["app"], 400);
}

// A lost segment is a hole: the super-packet before it goes up, the segment
// after it starts another, which waits in the out-of-order queue for good.
// A reordered one does the same, and its late arrival fills the hole: all
// of the stream is read.
TEST(SystemGro, LossAndReorderBreakMergingAtTheHole)
{
    json loss = run(bursts_of_8("grol.pcap", "--tcp-loss 0.02 --seed 6"), kFlow + kOnePollABurst);
    EXPECT_GT(u(loss["gro"]["flushed"]), 50u);
    EXPECT_GT(u(loss["dropped"]["socket.ofo_at_end"]), 0u);
    EXPECT_GT(u(loss["tcp"]["ofo_queued"]), 0u);

    json re = run(bursts_of_8("groro.pcap", "--tcp-reorder 0.05 --seed 3"), kFlow + kOnePollABurst);
    EXPECT_GT(u(re["gro"]["flushed"]), 50u);
    EXPECT_GT(u(re["tcp"]["ofo_queued"]), 0u);
    EXPECT_EQ(re["delivered_to"]["app"], 400);
    EXPECT_EQ(re["payload_checked"]["tcp_segments"], 400);
}

// A 10G line-rate flow with PSH only every 1000 segments: the super-packets
// stay below 64 KB (gro_max_size): 44 segments of 1460 bytes (40 + 44 x 1460
// = 64280; a 45th would make 65740), never the 17 of MAX_SKB_FRAGS alone.
TEST(SystemGro, LineRateSuperPacketsStayBelow64KB)
{
    json j = run(gen_trace("gro10g.pcap", "-n 2000 -s 1518 --tcp 1 --line-rate --tcp-psh 1000"), kFlow);
    EXPECT_EQ(j["gro"]["max_segments"], 44);
    EXPECT_GT(u(j["gro"]["flush_causes"]["flow"]), 0u);
    EXPECT_LE(u(j["gro"]["merged"]) + u(j["gro"]["flushed"]), 2000u);
    EXPECT_GT(u(j["gro"]["merged"]), 1800u);
    EXPECT_EQ(j["delivered_to"]["app"], 2000);
}

// UDP is not merged (no socket sets UDP_GRO).
TEST(SystemGro, UdpIsNotMerged)
{
    json j = run(gen_trace("grou.pcap", "-n 400 -s 1518 --rate 800k --burst 10:90"), "--udp-port 9000" + kOnePollABurst);
    EXPECT_EQ(j["gro"]["merged"], 0);
    EXPECT_EQ(j["gro"]["flushed"], 0);
    EXPECT_EQ(j["delivered_to"]["app"], 400);
    EXPECT_EQ(j["payload_checked"]["socket_datagrams"], 400);
}
