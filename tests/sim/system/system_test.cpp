// The whole simulator end to end: a trace through the NIC, bus, driver,
// stack and receivers, judged from `rxsim run --json`. Every run also checks
// its own invariants (conservation, payload integrity at the driver,
// descriptor ownership): a violation gives exit status 6, which each test
// asserts is absent.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "exit_codes.h"
#include "frames.h"
#include "system_run.h"
#include "trace_fixture.h"

namespace {

using json = nlohmann::json;
using systest::gen_trace;
using systest::lat_p;
using systest::run;

uint64_t dropped(const json &j, const std::string &counter) { return j["dropped"][counter].get<uint64_t>(); }

uint64_t lat_max(const json &j, const std::string &stage)
{
    return j["latency_ns"][stage]["max"].get<uint64_t>();
}

} // namespace

// One packet walks the whole path: it is delivered byte-exact (its UDP
// payload compared at the socket), and its stage times are in path order
// (wire -> in memory -> hard IRQ -> poll -> socket -> app).
TEST(SystemRun, OnePacketWalksThePathInOrder)
{
    json j = run(gen_trace("one.pcap", "-n 1 -s 128"), "--itr 0");
    EXPECT_EQ(j["packets_in"], 1);
    EXPECT_EQ(j["delivered_to"]["app"], 1);
    EXPECT_EQ(j["payload_checked"]["socket_datagrams"], 1);
    for (const char *s : {"dma_done", "irq", "poll", "socket", "app"})
        EXPECT_EQ(j["latency_ns"][s]["samples"], 1) << s;
    EXPECT_GT(lat_max(j, "dma_done"), 0u);
    EXPECT_LE(lat_max(j, "dma_done"), lat_max(j, "irq"));
    EXPECT_LE(lat_max(j, "irq"), lat_max(j, "poll"));
    EXPECT_LE(lat_max(j, "poll"), lat_max(j, "socket"));
    EXPECT_LE(lat_max(j, "socket"), lat_max(j, "app"));
}

// ITR (8254x): under a load that always has a cause waiting, interrupts come
// exactly every ITR x 256 ns. InterruptThrottleRate 4000 writes ITR =
// 1e9 / (4000 x 256) = 976, so at most one interrupt per 249.856 us; 20000
// packets at 200 kpps keep the wire busy for 100 ms: 100 ms / 249.856 us =
// 400.2 interrupt slots, plus the one that opens the first.
TEST(SystemRun, SaturatedInterruptRateIsTheItrRate)
{
    json j = run(gen_trace("itr.pcap", "-n 20000 -s 64 --rate 200k"), "--itr 4000");
    EXPECT_EQ(j["delivered"], 20000);
    const double expected = 100e6 / (976 * 256.0) + 1;
    EXPECT_NEAR(j["interrupts"].get<double>(), expected, expected * 0.01);
}

// A line-rate burst into a small ring with a slow reader: the ring fills,
// frames wait in the FIFO, and once it is full whole frames are dropped
// (MPC, rx_missed_errors). The ledger checks that MPC and the MAC's counters
// account for exactly the frames that never reached the driver.
TEST(SystemRun, SmallRingOverrunsIntoMissedPackets)
{
    json j = run(gen_trace("burst.pcap", "-n 5000 -s 64 --line-rate"),
                 "--ring 80 --app-cost-ns 20000 --drain-us 5000");
    EXPECT_EQ(j["packets_in"], 5000);
    EXPECT_GT(dropped(j, "fifo.missed"), 1000u);
    EXPECT_LT(j["delivered"].get<uint64_t>(), 1000u);
}

// net_rx_action stops when its budget is used up and counts time_squeeze.
// With one NIC a poll takes at most the weight (64), so a budget below it
// is what a heavy load exhausts; a light load never fills a poll.
TEST(SystemRun, HeavyLoadSqueezesTheBudget)
{
    json light = run(gen_trace("light.pcap", "-n 2000 -s 64 --rate 20k"), "--napi-budget 40");
    EXPECT_EQ(light["time_squeeze"], 0);
    EXPECT_EQ(light["delivered"], 2000);
    json heavy = run(gen_trace("heavy.pcap", "-n 5000 -s 64 --line-rate"),
                     "--napi-budget 40 --ring 1024");
    EXPECT_GT(heavy["time_squeeze"].get<uint64_t>(), 10u);
}

// Light load under NAPI with no throttling: about one interrupt per packet
// (NAPI_HOWTO: at low rates NAPI behaves like one IRQ per packet).
TEST(SystemRun, LightLoadTakesAboutOneInterruptPerPacket)
{
    json j = run(gen_trace("sparse.pcap", "-n 500 -s 128 --rate 10k"), "--itr 0");
    EXPECT_EQ(j["delivered"], 500);
    EXPECT_GE(j["interrupts"].get<uint64_t>(), 490u);
    EXPECT_LE(j["interrupts"].get<uint64_t>(), 505u); // + link-up and ring-threshold causes
}

// What the handler found in ICR, per cause, and how polls ended. At light
// load with ITR 0 and RDTR 0 every interrupt but ifup's is one frame's RXT0:
// e1000_up writes ICS = LSC once (Linux 6.1, "fire a link status change
// interrupt to start the watchdog"). Every poll is "done" (NAPI_HOWTO's
// term: under budget) and completes. A line-rate burst into the smallest
// ring runs the ring down (RXDMT0, RNBC), overruns the FIFO (RXO is read in
// ICR though not enabled in IMS) and has polls that use their whole budget.
TEST(SystemRun, InterruptCausesAndPollEndingsAreCounted)
{
    json light = run(gen_trace("causes_light.pcap", "-n 500 -s 128 --rate 10k"), "--itr 0");
    const json &c = light["interrupt_causes"];
    EXPECT_EQ(c["LSC"], 1);
    EXPECT_EQ(c["RXT0"].get<uint64_t>() + 1, light["interrupts_handled"].get<uint64_t>());
    EXPECT_EQ(c["RXO"], 0);
    EXPECT_EQ(c["RXDMT0"], 0);
    EXPECT_EQ(light["driver"]["interrupts_none"], 0);
    EXPECT_EQ(light["napi"]["done"], light["napi_polls"]);
    EXPECT_EQ(light["napi"]["not_done"], 0);
    EXPECT_EQ(light["napi"]["completions"], light["napi_polls"]);
    EXPECT_EQ(light["driver"]["copybreak_copies"], 500); // 128 B frames, copybreak 256

    json heavy = run(gen_trace("causes_heavy.pcap", "-n 5000 -s 64 --line-rate"),
                     "--ring 80 --app-cost-ns 20000 --drain-us 5000");
    const json &h = heavy["interrupt_causes"];
    EXPECT_GT(h["RXDMT0"].get<uint64_t>(), 0u);
    EXPECT_GT(h["RXO"].get<uint64_t>(), 0u);
    EXPECT_GT(heavy["driver"]["rx_no_buffer_count"].get<uint64_t>(), 0u);
    EXPECT_GT(heavy["napi"]["not_done"].get<uint64_t>(), 0u);
    EXPECT_EQ(heavy["napi"]["done"].get<uint64_t>() + heavy["napi"]["not_done"].get<uint64_t>(),
              heavy["napi_polls"].get<uint64_t>());
    EXPECT_LE(heavy["interrupts_handled"].get<uint64_t>(), heavy["interrupts"].get<uint64_t>());
}

// The ethtool aliases go through the driver's ethtool hooks between probe
// and ifup, so they give the runs of the module parameters they amount to:
// `ethtool -G rx 100` is e1000_set_ringparam's 104 (a multiple of 8), and
// `ethtool -C rx-usecs 100` is e1000_set_coalesce's ITR of 1e6/100 = 10000/s.
TEST(SystemRun, EthtoolAliasesRunAsTheDriverTakesThem)
{
    const std::string trace = gen_trace("ethtool.pcap", "-n 3000 -s 64 --rate 300k");
    json alias = run(trace, "--rx-ring 100 --rx-usecs 100");
    json param = run(trace, "--ring 104 --itr 10000");
    for (json *j : {&alias, &param}) // the options, and the header made of them
        j->erase("options"), j->erase("run");
    EXPECT_EQ(alias, param);
    // 10 ms of traffic at 10000 interrupts/s, + ifup's LSC
    EXPECT_NEAR(alias["interrupts"].get<double>(), 101, 2);
    clitest::ran r = clitest::run_rxsim("run " + trace + " --no-progress --rx-ring 100 --rx-usecs 100 --ethtool");
    EXPECT_EQ(r.status, rxsim::exit_done) << r.err;
    EXPECT_NE(r.out.find("Current hardware settings:\nRX:\t\t\t104\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\nrx-usecs:\t100\n"), std::string::npos) << r.out;
}

// INTx instead of MSI: the level line is asserted and deasserted by
// messages, and the driver acknowledges by reading ICR; every packet still
// arrives, about one interrupt each without throttling.
TEST(SystemRun, IntxLineDeliversLikeMsi)
{
    json j = run(gen_trace("intx.pcap", "-n 500 -s 128 --rate 10k"), "--irq intx --itr 0");
    EXPECT_EQ(j["delivered"], 500);
    EXPECT_GE(j["interrupts"].get<uint64_t>(), 490u);
}

// Receive livelock (Mogul & Ramakrishnan): past saturation and with no
// interrupt moderation (ITR 0), the pre-NAPI path (receive work in the
// interrupt) lives in hard IRQ and leaves the reader no more than NAPI
// does. (With the default dynamic ITR the moderation itself throttles the
// pre-NAPI interrupts: its knee lies elsewhere.)
TEST(SystemRun, PreNapiDeliversLessThanNapiPastSaturation)
{
    const std::string trace = gen_trace("over.pcap", "-n 20000 -s 64 --rate 1M");
    json napi = run(trace, "--itr 0");
    json pre = run(trace, "--pre-napi --itr 0");
    EXPECT_LE(pre["delivered_to"]["app"].get<uint64_t>(), napi["delivered_to"]["app"].get<uint64_t>());
    EXPECT_GT(pre["cpu"]["hardirq"].get<uint64_t>(), 3 * napi["cpu"]["hardirq"].get<uint64_t>());
    EXPECT_GT(pre["cpu"]["hardirq"].get<double>(), 0.8 * double(pre["sim_time_ns"].get<uint64_t>()));
}

// Issue 15's item 3 under --kernel (docs/KERNELS.md): today's e1000_intr
// (6.1, the 6.13 profile) masks, then unmasks when napi_schedule_prep fails,
// so a frame landing before the mask write takes effect raises another MSI:
// at 516 B and ITR 0 most packets bring an interrupt while the poll is
// scheduled (0.87 interrupts a packet since the 516-byte frames go up in
// their 2 KB buffers, whose truesize fills the socket sooner and leaves the
// CPU less to do; 1.2 when they were copied).  Linux 2.6.12's
// e1000_intr (the 2.6 profile) schedules first and masks only then, and a
// failed schedule changes nothing: at most one interrupt a packet.
TEST(SystemKernel, Kernel26InterruptsWhileScheduledStormNoMore)
{
    const std::string trace = gen_trace("k516.pcap", "-n 5000 -s 516 --rate 232666 --link-speed 1G");
    json now = run(trace, "--nic 1g --itr 0");
    json old = run(trace, "--nic 1g --itr 0 --kernel 2.6");
    EXPECT_EQ(now["kernel"], "6.13");
    EXPECT_EQ(old["kernel"], "2.6");
    EXPECT_GT(now["interrupts"].get<uint64_t>(), 4000u);
    EXPECT_GT(now["napi"]["schedule_missed"].get<uint64_t>(), 3000u);
    EXPECT_EQ(old["napi"]["schedule_missed"], 0);
    EXPECT_LE(old["interrupts"].get<uint64_t>(), 5000u + 2); // ifup's LSC and the watchdog's
}

// Linux 4.19's invoke_softirq (4cd13c21b207, in 4.9..6.4): while ksoftirqd
// is runnable, irq_exit leaves the softirqs to it.  With pre-NAPI
// interrupts at overload (each one raises NET_RX for the backlog), less
// runs at irq_exit and more in ksoftirqd than under 6.6, where the deferral
// is reverted.  (With NAPI the device stays masked while its poll is
// pending, so no interrupt meets a runnable ksoftirqd with work of its own.)
TEST(SystemKernel, Kernel419LeavesSoftirqsToARunnableKsoftirqd)
{
    const std::string trace = gen_trace("k64.pcap", "-n 10000 -s 64 --rate 890000 --link-speed 1G");
    json v419 = run(trace, "--nic 1g --pre-napi --itr 0 --kernel 4.19");
    json v66 = run(trace, "--nic 1g --pre-napi --itr 0 --kernel 6.6");
    EXPECT_LT(2 * v419["cpu"]["softirq"].get<uint64_t>(), v66["cpu"]["softirq"].get<uint64_t>());
    EXPECT_GT(v419["cpu"]["ksoftirqd"].get<uint64_t>(), v66["cpu"]["ksoftirqd"].get<uint64_t>());
}

// The NAPI_HOWTO table (Documentation/networking/NAPI_HOWTO.txt: e1000 at
// 1 Gb/s, 1 M packets a size, Linux 2.5/2.6 of 2002), here under --kernel
// 2.6 on the 2002 host preset, 5,000 packets a size (docs/RESULTS.md has
// the full comparison).  Published RX interrupts per 1 M packets: 17, 21,
// 42 (60..256 B: polling never stops), 241,292 (512 B) and 872,519
// (1024 B).  Asserted is only that shape: three orders of magnitude between
// the high rates and 1024 B, more interrupts as the rate falls, about one
// a packet at 1024 B.
TEST(SystemKernel, NapiHowtoInterruptsFallAsThePacketRateRises)
{
    const int sizes[] = {64, 132, 260, 516, 1028}; // the HOWTO's sizes with the FCS
    const int rates[] = {890000, 758150, 445632, 232666, 119061};
    std::vector<double> per_packet;
    for (int i = 0; i < 5; i++) {
        const std::string trace =
            gen_trace("howto" + std::to_string(sizes[i]) + ".pcap", "-n 5000 -s " + std::to_string(sizes[i]) +
                                                                       " --rate " + std::to_string(rates[i]) +
                                                                       " --link-speed 1G");
        json j = run(trace, "--nic 1g --itr 0 --kernel 2.6 --cpu host-2002");
        per_packet.push_back(j["interrupts"].get<double>() / 5000);
    }
    for (int i = 0; i < 3; i++)
        EXPECT_LT(per_packet[i], 0.005) << sizes[i] << " B";
    EXPECT_GT(per_packet[3], 100 * per_packet[2]);
    EXPECT_LT(per_packet[3], per_packet[4]);
    EXPECT_GT(per_packet[4], 0.8);
    EXPECT_LE(per_packet[4], 1.0 + 2.0 / 5000);
}

// Same inputs and options: byte-identical JSON.
TEST(SystemRun, SameInputsGiveByteIdenticalReports)
{
    const std::string trace = gen_trace("mixed.pcap", "-n 400 -s imix --rate 200k --arp 0.05 "
                                                      "--tcp 0.2 --frag 3 --frag-fraction 0.1 "
                                                      "--vlan 100 --tag-fraction 0.1 --seed 7");
    const std::string a = clitest::temp_file("a.json", ""), b = clitest::temp_file("b.json", "");
    ASSERT_EQ(clitest::run_rxsim("run " + trace + " --json " + a).status, 0);
    ASSERT_EQ(clitest::run_rxsim("run " + trace + " --json " + b).status, 0);
    std::ifstream fa(a), fb(b);
    std::stringstream ta, tb;
    ta << fa.rdbuf();
    tb << fb.rdbuf();
    EXPECT_FALSE(ta.str().empty());
    EXPECT_EQ(ta.str(), tb.str());
}

// --nic 1g runs the 1GbE build (8-bit datapath at 125 MHz, link 1 Gb/s): a
// 128-byte frame takes 8 ns a byte on the wire instead of 0.8 ns, so it is
// in host memory about (128 + 8) x 7.2 ns later than with the 10GbE build.
TEST(SystemRun, OneGigBuildIsSlowerOnTheWire)
{
    const std::string trace = gen_trace("one1g.pcap", "-n 1 -s 128");
    json ten = run(trace, "");
    json one = run(trace, "--nic 1g");
    EXPECT_EQ(one["delivered_to"]["app"], 1);
    EXPECT_GT(lat_max(one, "dma_done"), lat_max(ten, "dma_done") + 900);
}

// Every NIC build is in the one binary: a copy of rxsim alone in a directory
// runs each itself (there is no sibling to hand a run to), reporting what
// the built rxsim reports.
TEST(SystemRun, OneBinaryRunsEveryNicBuild)
{
    const std::string trace = gen_trace("alone.pcap", "-n 20 -s 128");
    const std::string alone = clitest::temp_file("rxsim", "");
    std::filesystem::copy_file(RXSIM_BIN, alone, std::filesystem::copy_options::overwrite_existing);
    for (const std::string nic : {"10g", "1g"}) {
        const std::string out = clitest::temp_file("alone_" + nic + ".json", "");
        const std::string cmd = alone + " run " + trace + " --no-progress --nic " + nic + " --json " + out;
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
        std::ifstream in(out);
        EXPECT_EQ(json::parse(in), run(trace, "--nic " + nic)) << nic;
    }
}

// One moderate load (200 kpps of 256-byte datagrams) under three ways of
// leaving the interrupt path, each against the default e1000 settings.
class ModerateLoad : public ::testing::Test {
protected:
    static void SetUpTestSuite() { trace_ = gen_trace("moderate.pcap", "-n 20000 -s 256 --rate 200k"); }
    static std::string trace_;
};
std::string ModerateLoad::trace_;

// Threaded NAPI: the poll runs in napi/eth0-N, a kernel thread, not in
// NET_RX_SOFTIRQ.
TEST_F(ModerateLoad, ThreadedNapiPollsInItsOwnThread)
{
    json j = run(trace_, "--threaded-napi");
    EXPECT_EQ(j["delivered"], 20000);
    EXPECT_EQ(j["cpu"]["softirq"], 0);
    EXPECT_GT(j["cpu"]["napi_threads"].get<uint64_t>(), 0u);
}

// Busy polling (SO_BUSY_POLL): the reader polls the ring itself instead of
// waiting for the throttled interrupt, so packets reach it far sooner, and
// it spends the CPU the interrupt path no longer waits with.
TEST_F(ModerateLoad, BusyPollingCutsLatencyForCpu)
{
    json irq = run(trace_, "");
    json busy = run(trace_, "--busy-poll-us 50");
    EXPECT_EQ(busy["delivered"], 20000);
    EXPECT_LT(4 * lat_p(busy, "app", "p50"), lat_p(irq, "app", "p50"));
    EXPECT_LT(busy["cpu"]["idle"].get<uint64_t>(), irq["cpu"]["idle"].get<uint64_t>());
}

// IRQ deferral (napi_defer_hard_irqs + gro_flush_timeout, Linux 6.13 IRQ
// suspension work): with no throttling, one IRQ per wake-up is a storm that
// starves the reader (livelock); deferring the re-arm keeps polling on a
// timer, with almost no interrupts, and the reader gets everything.
TEST_F(ModerateLoad, DeferringHardIrqsEndsTheStorm)
{
    json storm = run(trace_, "--itr 0");
    json deferred = run(trace_, "--itr 0 --defer-hard-irqs 2 --gro-flush-timeout-ns 20000");
    EXPECT_GT(storm["interrupts"].get<uint64_t>(), 19000u);
    EXPECT_LT(deferred["interrupts"].get<uint64_t>(), 100u);
    EXPECT_LT(storm["delivered_to"]["app"].get<uint64_t>(), 2000u);
    EXPECT_EQ(deferred["delivered_to"]["app"], 20000);
    EXPECT_LT(deferred["cpu"]["hardirq"].get<uint64_t>() * 10, storm["cpu"]["hardirq"].get<uint64_t>());
    EXPECT_LT(lat_p(deferred, "app", "p99"), lat_p(storm, "app", "p99"));
}

// Faults on the wire and in the host are counted where they happen, and the
// books still balance: corrupted FCS at the MAC (CRCERRS) are drops; failed
// skb allocations are not (Linux 6.6 e1000_clean_rx_irq: alloc_rx_buff_failed
// and break, the frame waits for the next poll), so every good frame is
// delivered. A 128-byte frame whose copybreak skb was refused goes up in its
// buffer (napi_build_skb), unless that fails too.
TEST(SystemRun, InjectedFaultsAreCountedWhereTheyHappen)
{
    const std::string trace = gen_trace("faults.pcap", "-n 4000 -s 128 --rate 100k");
    json j = run(trace, "--fcs-corrupt 0.1 --skb-fail-ppm 50000 --seed 3");
    const uint64_t crc = dropped(j, "mac.crc_errors");
    const uint64_t failed = j["driver"]["alloc_rx_buff_failed"].get<uint64_t>();
    const uint64_t built = j["driver"]["buffers_handed_up"].get<uint64_t>();
    EXPECT_NEAR(double(crc), 400, 80); // 10% of 4000
    // About 5% of the good frames' first tries fail (a few of them twice).
    EXPECT_NEAR(double(failed), 0.05 * double(4000 - crc), 80);
    EXPECT_EQ(j["dropped"].count("driver.alloc_rx_buff_failed"), 0u);
    EXPECT_EQ(j["delivered"].get<uint64_t>() + crc + dropped(j, "nic.unprocessed_at_end"), 4000u);
    EXPECT_LE(dropped(j, "nic.unprocessed_at_end"), 1u) << "only a frame whose last try failed waits";
    EXPECT_GT(built, 0u);
    EXPECT_EQ(built + j["driver"]["copybreak_copies"].get<uint64_t>(), 4000 - crc -
                                                                          dropped(j, "nic.unprocessed_at_end"));
}

// Copybreak (Linux 6.6 e1000_clean_rx_irq, e1000_copybreak): with copybreak
// 256, 1000-byte frames go up in their ring buffers and the refills put new
// buffers in the descriptors; the ledger follows each descriptor's address
// to the buffer the NIC wrote, and every datagram still matches its wire
// frame. 64-byte frames are copied. --copybreak 2048 copies 1000-byte ones.
TEST(SystemRun, CopybreakHandsLongFramesUpInTheirBuffers)
{
    const std::string big = gen_trace("copybreak_1000.pcap", "-n 2000 -s 1000 --rate 200k");
    json up = run(big, "");
    EXPECT_EQ(up["driver"]["buffers_handed_up"], 2000);
    EXPECT_EQ(up["driver"]["copybreak_copies"], 0);
    EXPECT_EQ(up["payload_checked"]["socket_datagrams"], 2000);
    EXPECT_EQ(up["latency_ns"]["dma_done"]["samples"], 2000);
    json copied = run(big, "--copybreak 2048");
    EXPECT_EQ(copied["driver"]["buffers_handed_up"], 0);
    EXPECT_EQ(copied["driver"]["copybreak_copies"], 2000);
    EXPECT_EQ(copied["payload_checked"]["socket_datagrams"], 2000);
    json small = run(gen_trace("copybreak_64.pcap", "-n 2000 -s 64 --rate 200k"), "");
    EXPECT_EQ(small["driver"]["buffers_handed_up"], 0);
    EXPECT_EQ(small["driver"]["copybreak_copies"], 2000);
    EXPECT_EQ(small["payload_checked"]["socket_datagrams"], 2000);
}

// A capture of traffic to another receiver: the NIC's unicast filter drops
// it (XFLTC); given that receiver's MAC (--mac) it is delivered; in
// promiscuous mode the MAC takes it and the stack drops it as for another
// host; with the right MAC but another address (--ip) IPv4 finds it is not
// for this host.
TEST(SystemRun, ReplayingTrafficForAnotherReceiver)
{
    const std::string trace = gen_trace("other.pcap", "-n 100 -s 128 --other-unicast 1");
    EXPECT_EQ(dropped(run(trace, ""), "mac.filtered"), 100u);
    EXPECT_EQ(run(trace, "--mac 02:00:00:00:00:03")["delivered_to"]["app"], 100);
    EXPECT_EQ(dropped(run(trace, "--promisc"), "stack.otherhost"), 100u);
    EXPECT_EQ(dropped(run(trace, "--mac 02:00:00:00:00:03 --ip 10.0.1.1/24"), "stack.ip_inaddrerrors"), 100u);
}

// Multicast to 239.1.1.1 (01:00:5e:01:01:01): a group not joined is
// filtered by the NIC (no RAR, no MTA bit); --mcast joins it and the driver's
// e1000_set_rx_mode puts it in RAR[1]; with 15 groups before it, it lands in
// the MTA hash and is delivered all the same (and the 15th group's hash bit
// is not its); in promiscuous mode without the group the MAC takes it and
// the stack drops it, a destination not joined.
TEST(SystemRun, MulticastGroupsJoinedWithMcast)
{
    const std::string trace = gen_trace("mcast.pcap", "-n 100 -s 128 --multicast 1");
    EXPECT_EQ(dropped(run(trace, ""), "mac.filtered"), 100u);
    EXPECT_EQ(run(trace, "--mcast 239.1.1.1")["delivered_to"]["app"], 100);
    std::string many;
    for (int i = 1; i <= 15; i++)
        many += " --mcast 239.2.0." + std::to_string(i);
    EXPECT_EQ(run(trace, many + " --mcast 239.1.1.1")["delivered_to"]["app"], 100);
    EXPECT_EQ(dropped(run(trace, many), "mac.filtered"), 100u);
    EXPECT_EQ(dropped(run(trace, "--promisc"), "stack.ip_invalid_dest"), 100u);
}

// 802.1Q traffic for VLAN 100: without a VLAN device the stack takes it for
// another host (Linux 6.1 __netif_receive_skb_core marks an untaken tag
// PACKET_OTHERHOST); --vlan 100 gives it eth0.100 and delivers it; a device
// for another VLAN turns on the NIC's filter (RCTL.VFE), which drops it
// (mac.filtered); in promiscuous mode the filter is off again.
TEST(SystemRun, VlanDevicesAndTheNicsVlanFilter)
{
    const std::string trace = gen_trace("vlan.pcap", "-n 100 -s 128 --vlan 100");
    EXPECT_EQ(dropped(run(trace, ""), "stack.otherhost"), 100u);
    EXPECT_EQ(run(trace, "--vlan 100")["delivered_to"]["app"], 100);
    EXPECT_EQ(dropped(run(trace, "--vlan 200"), "mac.filtered"), 100u);
    EXPECT_EQ(run(trace, "--vlan 200 --vlan 100")["delivered_to"]["app"], 100);
    EXPECT_EQ(dropped(run(trace, "--vlan 200 --promisc"), "stack.otherhost"), 100u);
}

// --packet-log: every wire packet has exactly one line, and the lines add up
// to the report: each fate to its counter, the frames the driver never saw
// to the NIC's counters, the stage times in path order.
TEST(SystemRun, PacketLogHasOneLinePerPacketAgreeingWithTheReport)
{
    const std::string trace = gen_trace("logged.pcap", "-n 400 -s imix --rate 200k --arp 0.05 --tcp 0.2 "
                                                       "--frag 3 --frag-fraction 0.1 --other-unicast 0.05 "
                                                       "--oversize 0.02 --bad-l4-csum 0.05 --seed 9");
    const std::string log = clitest::temp_file("packets.jsonl", "");
    json j = run(trace, "--packet-log " + log);
    std::ifstream in(log);
    std::map<std::string, uint64_t> fates;
    std::set<uint64_t> seen;
    for (std::string line; std::getline(in, line);) {
        json p = json::parse(line);
        EXPECT_TRUE(seen.insert(p["packet"].get<uint64_t>()).second) << line;
        fates[p["fate"].get<std::string>()]++;
        uint64_t last = 0;
        for (const char *s : {"dma_done", "poll", "socket", "app"})
            if (p["ns"].contains(s)) {
                EXPECT_GE(p["ns"][s].get<uint64_t>(), last) << line;
                last = p["ns"][s].get<uint64_t>();
            }
    }
    EXPECT_EQ(seen.size(), j["packets_in"].get<uint64_t>());
    EXPECT_EQ(*seen.rbegin() + 1, seen.size());
    EXPECT_EQ(fates["app"], j["delivered_to"]["app"].get<uint64_t>());
    EXPECT_EQ(fates["kernel"], j["delivered_to"]["kernel"].get<uint64_t>());
    uint64_t in_nic = 0;
    for (const auto &[counter, n] : j["dropped"].items()) {
        const std::string stage = counter.substr(0, counter.find('.'));
        if (stage == "mac" || stage == "fifo" || stage == "nic")
            in_nic += n.get<uint64_t>();
        else
            EXPECT_EQ(fates[counter], n.get<uint64_t>()) << counter;
    }
    EXPECT_GT(in_nic, 0u);
    EXPECT_EQ(fates["nic.not_received"], in_nic);
}

// A TCP receiver (--tcp-flow): the segments of its connection are read in
// order, every byte compared with the flow's wire bytes; a segment lost on
// the way (here a bad checksum) leaves the ones after it waiting in the
// out-of-order queue for good (no retransmission): socket.ofo_at_end.
TEST(SystemTcp, ReceiverReadsItsFlowInOrder)
{
    const std::string flow = "--tcp-flow 5001:10.0.0.2:40000";
    json clean = run(gen_trace("tcp.pcap", "-n 200 -s 256 --rate 50k --tcp 1"), flow);
    EXPECT_EQ(clean["delivered_to"]["app"], 200);
    EXPECT_EQ(clean["payload_checked"]["tcp_segments"], 200);
    EXPECT_GT(clean["payload_checked"]["tcp_reads"].get<uint64_t>(), 0u);
    EXPECT_EQ(clean["payload_checked"]["socket_not_compared"], 0);
    EXPECT_EQ(clean["tcp"]["ofo_queued"], 0);
    json gap = run(gen_trace("tcpgap.pcap", "-n 200 -s 256 --rate 50k --tcp 1 --bad-l4-csum 0.05 --seed 4"), flow);
    EXPECT_GT(dropped(gap, "stack.tcp_csum"), 0u);
    EXPECT_EQ(dropped(gap, "stack.tcp_ofo_drop"), 0u);
    EXPECT_GT(dropped(gap, "socket.ofo_at_end"), 0u);
    EXPECT_EQ(gap["tcp"]["ofo_max_segments"], dropped(gap, "socket.ofo_at_end"));
    EXPECT_LT(gap["delivered_to"]["app"].get<uint64_t>(), 200u);
}

// rxsim-gen --tcp-reorder: each segment sent after its successor waits in
// the out-of-order queue until it comes, and the reader gets the whole
// stream in order (tcp_data_queue_ofo, tcp_ofo_queue).
TEST(SystemTcp, ReorderedSegmentsAllReachTheReaderInOrder)
{
    json j = run(gen_trace("tcpreorder.pcap", "-n 1000 -s 1000 --rate 100k --tcp 1 --tcp-reorder 0.2 --seed 5"),
                 "--tcp-flow 5001:10.0.0.2:40000");
    EXPECT_EQ(j["delivered_to"]["app"], 1000);
    EXPECT_EQ(j["payload_checked"]["tcp_segments"], 1000);
    EXPECT_GT(j["tcp"]["ofo_queued"].get<uint64_t>(), 100u);
    EXPECT_GE(j["tcp"]["ofo_max_segments"].get<uint64_t>(), 1u);
    EXPECT_GT(j["tcp"]["ofo_max_bytes"].get<uint64_t>(), 1000u);
    EXPECT_EQ(dropped(j, "socket.ofo_at_end"), 0u);
}

// rxsim-gen --tcp-loss: a lost segment is a hole nothing fills; what follows
// it fills the queue up to the socket's rcvbuf, and then the queue refuses
// segments (PROTO_MEM, TCPOFODrop): the stream stops at the first hole.
TEST(SystemTcp, LostSegmentHoldsTheRestUntilRcvbufIsFull)
{
    json j = run(gen_trace("tcploss.pcap", "-n 400 -s 1000 --rate 100k --tcp 1 --tcp-loss 0.02 --seed 6"),
                 "--tcp-flow 5001:10.0.0.2:40000 --rcvbuf 65536");
    EXPECT_GT(j["tcp"]["ofo_drop"].get<uint64_t>(), 0u);
    EXPECT_EQ(dropped(j, "stack.proto_mem"), j["tcp"]["ofo_drop"].get<uint64_t>());
    EXPECT_GT(dropped(j, "socket.ofo_at_end"), 0u);
    EXPECT_LE(j["tcp"]["ofo_max_bytes"].get<uint64_t>(), 65536u + 4096u);
    EXPECT_LT(j["delivered_to"]["app"].get<uint64_t>(), 400u);
}

// Full-size frames in 256-byte buffers span six descriptors each: the
// driver gathers them (e1000_clean_jumbo_rx_irq) and every datagram arrives
// whole, its payload compared with the wire's.
TEST(SystemJumbo, FullSizeFramesInSmallBuffersArriveWhole)
{
    json j = run(gen_trace("full.pcap", "-n 300 -s 1518 --rate 100k"), "--rx-buffer 256");
    EXPECT_EQ(j["delivered_to"]["app"], 300);
    EXPECT_EQ(j["payload_checked"]["socket_datagrams"], 300);
    EXPECT_EQ(dropped(j, "driver.no_eop"), 0u);
    EXPECT_EQ(j["driver"]["frames_by_descriptors"]["5+"], 300);
}

// Chained frames clean more than a ring's worth of descriptors between two
// liveness checks (two per frame at 300 kpps, without moderation): the
// descriptors a chain took before its EOP count as cleaned, so nothing is
// taken for a written-back descriptor left waiting (not-polled).
TEST(SystemJumbo, ChainsThatWrapTheRingQuicklyStayLive)
{
    const std::string trace = gen_trace("wrap.pcap", "-n 400 -s 1518 --rate 300k");
    json j = run(trace, "--rx-buffer 1024 --pre-napi --itr 0");
    EXPECT_EQ(j["driver"]["frames_by_descriptors"]["2"], 400);
    EXPECT_EQ(dropped(j, "nic.unprocessed_at_end"), 0u);
}

// 9000-byte frames: the MAC drops them as oversize (ROC) unless --mtu 9000
// sets RCTL.LPE; then each spans three 4096-byte buffers and arrives whole.
TEST(SystemJumbo, NineThousandByteFramesNeedTheMtu)
{
    const std::string trace = gen_trace("jumbo.pcap", "-n 200 -s 9018 --rate 50k");
    json plain = run(trace, "");
    EXPECT_EQ(dropped(plain, "mac.oversize"), 200u);
    json jumbo = run(trace, "--mtu 9000");
    EXPECT_EQ(jumbo["options"]["rx-buffer"], 4096);
    EXPECT_EQ(jumbo["delivered_to"]["app"], 200);
    EXPECT_EQ(jumbo["payload_checked"]["socket_datagrams"], 200);
    EXPECT_EQ(jumbo["driver"]["frames_by_descriptors"]["3-4"], 200);
    EXPECT_EQ(dropped(jumbo, "mac.oversize"), 0u);
}

// The books start at the file: every record of a capture is put on the wire
// or counted under one trace.<reason>, and records_in balances.
namespace {

json read_json(const std::string &path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

// Linux cooked (SLL v1) header: packet type, ARPHRD_ETHER, the sender's MAC, protocol.
fixture::Bytes sll(uint16_t pkttype, uint16_t proto, const fixture::Bytes &l3)
{
    fixture::Bytes h = {uint8_t(pkttype >> 8), uint8_t(pkttype), 0x00, 0x01, 0x00, 0x06,
                        0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, uint8_t(proto >> 8), uint8_t(proto)};
    h.insert(h.end(), l3.begin(), l3.end());
    return h;
}

} // namespace

TEST(SystemBooks, CookedCaptureRecordsAreReplayedOrCountedByName)
{
    using namespace frames;
    const Bytes ip = ipv4(kPeerIp, kHostIp, 17, udp4(kPeerIp, kHostIp, 40000, 9000, payload(32)));
    const std::vector<fixture::Record> recs = {
        {0, sll(0, 0x0800, ip)},                 // to us: replayed
        {1000, sll(4, 0x0800, ip)},              // OUTGOING: the capturing host sent it
        {2000, sll(0, 0x0004, ip)},              // 802.2 frames: no ethertype
        {3000, sll(0, 0x0800, ip), 0},           // replayed
        {4000, fixture::Bytes(10, 0), 10},       // caplen 10: shorter than the SLL header
        {5000, fixture::Bytes(), 0},             // caplen 0
    };
    const std::string trace = fixture::write_temp("sll.pcap", fixture::pcap(fixture::LT_SLL, recs, true));
    json j = run(trace, "");
    EXPECT_EQ(j["records_in"], 6);
    EXPECT_EQ(j["packets_in"], 2);
    EXPECT_EQ(j["skipped"]["trace.outgoing"], 1);
    EXPECT_EQ(j["skipped"]["trace.unknown_proto"], 1);
    EXPECT_EQ(j["skipped"]["trace.no_header"], 2);
    EXPECT_EQ(j["skipped_total"], 4);
    EXPECT_EQ(j["delivered_to"]["app"], 2);
}

TEST(SystemBooks, SnaplenTruncatedAndJumboRecordsAreNeverLostWithoutACounter)
{
    using namespace frames;
    const Bytes full = udp_frame(40000, 9000, payload(1472));                  // 1514 B
    const Bytes big_tcp = udp_frame(40000, 9000, payload(20000));             // 20042 B
    const std::vector<fixture::Record> recs = {
        {0, Bytes(full.begin(), full.begin() + 96), 1514},                   // padded back to 1514
        {10000, Bytes(big_tcp.begin(), big_tcp.begin() + 262), 65000},       // big TCP: sent as captured
        {20000, big_tcp},                                                     // complete, 20042 B: too long
        {30000, full},
    };
    const std::string trace = fixture::write_temp("snap.pcap", fixture::pcap(fixture::LT_ETHERNET, recs, true));
    const std::string out = clitest::temp_file("snap.json", "");
    clitest::ran r = clitest::run_rxsim("run " + trace + " --no-progress --json " + out);
    ASSERT_EQ(r.status, rxsim::exit_done) << r.err;
    json j = read_json(out);
    EXPECT_TRUE(j["accounted"].get<bool>()) << j.dump(1);
    EXPECT_EQ(j["records_in"], 4);
    EXPECT_EQ(j["packets_in"], 3);
    EXPECT_EQ(j["skipped"]["trace.too_long"], 1);
    EXPECT_EQ(j["skipped_total"], 1);
    EXPECT_EQ(j["trace"]["truncated_padded"], 1);
    EXPECT_EQ(j["trace"]["truncated_captured"], 1);
    EXPECT_NE(r.out.find("trace      too_long"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("accounted: yes (4 records = 3 on the wire + 1 skipped;"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("trace changed: 1 truncated_padded, 1 truncated_captured"), std::string::npos) << r.out;
}

// A year-long pause: past what a replay may last, so the replay stops at
// that record (exit 5, naming --max-gap; the report covers the frames
// before it); with --max-gap the pause is cut to the limit and counted.
TEST(SystemBooks, AYearLongPauseIsRefusedOrCutByMaxGap)
{
    const uint64_t s = 1000000000ull, year = 365 * 86400 * s;
    const std::vector<fixture::Record> recs = {
        {0, frames::udp_frame(40000, 9000, frames::payload(18))},
        {year, frames::udp_frame(40000, 9000, frames::payload(18))},
    };
    const std::string trace = fixture::write_temp("year.pcap", fixture::pcap(fixture::LT_ETHERNET, recs, true));
    clitest::ran refused = clitest::run_rxsim("run " + trace + " --no-progress");
    EXPECT_EQ(refused.status, 5) << refused.err;
    EXPECT_NE(refused.err.find("record 2: starts more than 53 days into the replay"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("--max-gap"), std::string::npos);
    EXPECT_NE(refused.err.find("(the report covers the 1 frames before it)"), std::string::npos);
    EXPECT_NE(refused.out.find("accounted: yes (1 records = 1 on the wire + 0 skipped;"), std::string::npos)
        << refused.out;

    json j = run(trace, "--max-gap 1s");
    EXPECT_EQ(j["records_in"], 2);
    EXPECT_EQ(j["delivered_to"]["app"], 2);
    EXPECT_EQ(j["trace"]["gaps_shortened"], 1);
    EXPECT_LT(j["sim_time_ns"].get<uint64_t>(), 2 * s);
}

// pcapng with several interfaces: of one link type, every record is replayed;
// of two, the replay stops at the record on the second type's interface
// (exit 4, naming both types) and the books cover the records before it.
TEST(SystemBooks, PcapngInterfacesOfOneAndOfTwoLinkTypes)
{
    using fixture::cat;
    const fixture::Bytes f = frames::udp_frame(40000, 9000, frames::payload(18));
    const std::string one = fixture::write_temp(
        "one_type.pcapng", cat({fixture::pcapng_shb(), fixture::pcapng_idb(fixture::LT_ETHERNET),
                                fixture::pcapng_idb(fixture::LT_ETHERNET), fixture::pcapng_epb(0, 10, f),
                                fixture::pcapng_epb(1, 12, f), fixture::pcapng_epb(0, 15, f)}));
    json j = run(one, "");
    EXPECT_EQ(j["records_in"], 3);
    EXPECT_EQ(j["delivered_to"]["app"], 3);

    const std::string two = fixture::write_temp(
        "two_types.pcapng", cat({fixture::pcapng_shb(), fixture::pcapng_idb(fixture::LT_ETHERNET),
                                 fixture::pcapng_epb(0, 10, f), fixture::pcapng_idb(fixture::LT_SLL),
                                 fixture::pcapng_epb(1, 12, f)}));
    const std::string out = clitest::temp_file("two_types.json", "");
    clitest::ran r = clitest::run_rxsim("run " + two + " --no-progress --json " + out);
    EXPECT_EQ(r.status, rxsim::exit_trace_unsupported) << r.err;
    EXPECT_NE(r.err.find("record 2: the capture's interfaces have two link types, EN10MB (1) first and then "
                         "LINUX_SLL (113)"),
              std::string::npos)
        << r.err;
    j = read_json(out);
    EXPECT_TRUE(j["accounted"].get<bool>());
    EXPECT_EQ(j["records_in"], 1);
    EXPECT_EQ(j["packets_in"], 1);
    EXPECT_EQ(j["delivered_to"]["app"], 1);
}

// The not-polled check end to end. A bound below the interrupt moderation
// delay trips it on a correct driver (a descriptor waits 2 ms for the RDTR timer
// with the CPU idle): exit 6, named; --warn-only makes it a warning (exit 0,
// same report). With the default bound, the longest moderation the options
// allow (RDTR 65535: 67 ms) passes.
TEST(SystemLiveness, NotPolledTripsOnlyBelowTheModerationDelayAndWarnOnlyKeepsTheRun)
{
    const std::string trace = gen_trace("liveness.pcap", "-n 20 --rate 1k");
    clitest::ran r = clitest::run_rxsim("run " + trace + " --no-progress --itr 0 --rdtr 2000 --radv 0 --drain-us 10000 --not-polled-us 100");
    EXPECT_EQ(r.status, rxsim::exit_invariant) << r.err;
    EXPECT_NE(r.err.find("INVARIANT VIOLATED: not-polled: descriptor 0 was written back (DD) at"), std::string::npos)
        << r.err;

    const std::string out = clitest::temp_file("warn.json", "");
    r = clitest::run_rxsim("run " + trace + " --no-progress --itr 0 --rdtr 2000 --radv 0 --drain-us 10000 --not-polled-us 100 "
                           "--warn-only not-polled --json " + out);
    EXPECT_EQ(r.status, rxsim::exit_done) << r.err;
    json j = read_json(out);
    EXPECT_TRUE(j["violations"].empty());
    ASSERT_EQ(j["warnings"].size(), 1u);
    EXPECT_EQ(j["warnings"][0].get<std::string>().rfind("not-polled: descriptor 0", 0), 0u) << j["warnings"];
    EXPECT_EQ(j["delivered_to"]["app"], 20);

    json slow = run(trace, "--itr 0 --rdtr 65535 --drain-us 200000");
    EXPECT_EQ(slow["delivered_to"]["app"], 20);
    EXPECT_TRUE(slow["warnings"].empty());
    EXPECT_EQ(clitest::run_rxsim("run " + trace + " --warn-only no-such-check").status, rxsim::exit_bad_options);
}

namespace {

// Bursts of UDP frames: each burst is (trace start ns, frames, spacing ns).
std::string bursts_trace(const std::string &name, std::initializer_list<std::array<uint64_t, 3>> bursts)
{
    std::vector<fixture::Record> recs;
    for (const auto &[start, n, gap] : bursts)
        for (uint64_t i = 0; i < n; i++)
            recs.push_back({start + i * gap, frames::udp_frame(40000, 9000, frames::payload(18))});
    return fixture::write_temp(name, fixture::pcap(fixture::LT_ETHERNET, recs, true));
}

} // namespace

// The cable pulled (--link-down; simulated time, the wire starts at 100 us).
// Linux 6.1's e1000_intr answers LSC with schedule_delayed_work(watchdog, 1),
// which does nothing while the watchdog is already queued (queue_delayed_work
// returns false): after ifup's own LSC the carrier follows the link only at
// the watchdog's 2 s periods. Down 1.9-2.05 s covers the period at ~2.004 s
// (carrier off), and the one at ~4.004 s finds it back (on): up 2 (the
// first watchdog, then this), down 3 (probe, 2.004 s, ifdown). Frames that
// would start while the link is down are lost on the wire, booked as
// skipped wire.link_down: the three at 2102.1, 2103.1 and 2104.1 ms.
TEST(SystemFaults, LinkFlapIsSeenByTheWatchdogAndItsFramesAreBooked)
{
    const uint64_t ms = 1000000;
    const std::string trace = bursts_trace("flap.pcap", {{{0, 10, 10000}}, {{2100 * ms, 10, ms}}});
    json j = run(trace, "--link-down 1900ms:2050ms --link-down 2102ms:2105ms --drain-us 2100000");
    EXPECT_EQ(j["skipped"]["wire.link_down"], 3);
    EXPECT_EQ(j["packets_in"], 17);
    EXPECT_EQ(j["delivered_to"]["app"], 17);
    EXPECT_EQ(j["link"]["carrier_up_count"], 2);
    EXPECT_EQ(j["link"]["carrier_down_count"], 3);

    // A 50 ms flap between two watchdog periods: the LSC finds the watchdog
    // queued, so the carrier never drops (up once, down at probe and ifdown).
    json brief = run(trace, "--link-down 100ms:150ms --drain-us 2100000");
    EXPECT_EQ(brief["skipped"]["wire.link_down"], 0);
    EXPECT_EQ(brief["link"]["carrier_up_count"], 1);
    EXPECT_EQ(brief["link"]["carrier_down_count"], 2);
    EXPECT_EQ(brief["delivered_to"]["app"], 20);

    EXPECT_EQ(clitest::run_rxsim("run " + trace + " --link-down 5ms:2ms").status, rxsim::exit_bad_options);
    EXPECT_EQ(clitest::run_rxsim("run " + trace + " --link-down 1ms:3ms --link-down 2ms:4ms").status,
              rxsim::exit_bad_options);
}

// A completion latency spike (--pcie-read-spike): descriptor fetches issued
// in the window complete EXTRA later, the descriptor cache runs dry, full-size
// frames at 400 kpps fill the 32 KiB FIFO and some are missed; a spike after
// the traffic changes nothing.
TEST(SystemFaults, ReadLatencySpikeStallsDescriptorFetches)
{
    const std::string trace = gen_trace("spike.pcap", "-n 3000 -s 1518 --rate 400k --seed 11");
    json calm = run(trace, "");
    json spike = run(trace, "--pcie-read-spike 2ms:2100us:100us");
    json late = run(trace, "--pcie-read-spike 20ms:30ms:100us");
    EXPECT_EQ(calm["pcie"]["dma_reads_delayed"], 0);
    EXPECT_EQ(dropped(calm, "fifo.missed"), 0u);
    EXPECT_GT(spike["pcie"]["dma_reads_delayed"].get<uint64_t>(), 0u);
    EXPECT_GT(dropped(spike, "fifo.missed"), 0u);
    EXPECT_GE(lat_max(spike, "dma_done"), 100000u) << "a frame waited out the spike";
    EXPECT_EQ(late["pcie"]["dma_reads_delayed"], 0);
    for (json *j : {&late, &calm}) // the options, and the header made of them
        j->erase("options"), j->erase("run");
    EXPECT_EQ(late, calm);
}

// DMA writes into receive buffers the host refuses (--dma-write-error-ppm):
// the NIC sees the target abort and writes the frame back with RXE, the
// driver drops it as a frame error (e1000_clean_rx_irq's
// E1000_RXD_ERR_FRAME_ERR_MASK), one for one with the refusals; every other
// frame arrives intact.
TEST(SystemFaults, RefusedBufferWritesAreFrameErrors)
{
    const std::string trace = gen_trace("werr.pcap", "-n 2000 --rate 100k --seed 8");
    json some = run(trace, "--dma-write-error-ppm 20000");
    const uint64_t refused = some["pcie"]["dma_writes_refused"].get<uint64_t>();
    EXPECT_GT(refused, 10u);
    EXPECT_LT(refused, 80u);
    EXPECT_EQ(dropped(some, "driver.frame_error"), refused);
    EXPECT_EQ(some["delivered_to"]["app"].get<uint64_t>() + refused, 2000u);

    json all = run(trace, "--dma-write-error-ppm 1000000");
    EXPECT_EQ(all["pcie"]["dma_writes_refused"], 2000);
    EXPECT_EQ(dropped(all, "driver.frame_error"), 2000u);
    EXPECT_EQ(all["delivered"], 0);
}
