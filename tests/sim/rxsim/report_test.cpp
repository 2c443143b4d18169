// The results struct and its two renderers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report_json.h"
#include "report_text.h"

namespace {

rxsim::run_results sample()
{
    rxsim::run_results r;
    r.records_in = 1003;
    r.skipped = {{"trace", "no_header", 0}, {"trace", "outgoing", 2}, {"trace", "too_long", 1}};
    r.trace_changes = {{"truncated_padded", 4}, {"gaps_shortened", 0}};
    r.snmp6 = {{"Ip6InReceives", 5}, {"Ip6InAddrErrors", 0}};
    r.packets_in = 1000;
    r.offered_bytes = 125000;
    r.offered_ns = 2000000;
    r.delivered = 970;
    r.dropped = {{"mac", "rx_crc_errors", 5},
                 {"fifo", "rx_missed_errors", 20},
                 {"udp", "RcvbufErrors", 5},
                 {"ipv4", "InHdrErrors", 0}};
    r.interrupts = 50;
    r.traffic_interrupts = 40; // 10 at ifup and in the drain
    r.napi_polls = 70;
    r.carrier_up = 2;
    r.carrier_down = 3;
    r.dma_writes_refused = 4;
    r.dma_reads_delayed = 5;
    r.time_squeeze = 2;
    r.sim_time_ns = 2000000; // 2 ms
    r.cpu_ns = {{"hardirq", 100000}, {"softirq", 900000}, {"ksoftirqd", 0}, {"app", 500000},
                {"idle", 500000}};
    rxsim::latency_summary dma{970, 800, 1500, 1700, 1800};
    r.latency_ns = {{"dma_done", dma}, {"app", {}}};
    using kind = rxsim::option_value::kind;
    r.options = {{"TRACE", kind::text, false, {"t.pcap"}, true, false},
                 {"nic", kind::text, false, {"1g"}, true, true},
                 {"ring", kind::number, false, {"256"}, false, false},
                 {"itr", kind::number, false, {"0"}, true, true},
                 {"pps", kind::number, false, {}, false, false},
                 {"udp-port", kind::number, true, {"9000", "9001"}, true, true},
                 {"cost", kind::text, true, {}, false, false},
                 {"threaded-napi", kind::flag, false, {"true"}, true, true},
                 {"promisc", kind::flag, false, {"false"}, false, false}};
    return r;
}

} // namespace

TEST(CliReport, AccountedOnlyWhenEveryPacketIsCounted)
{
    rxsim::run_results r = sample();
    EXPECT_EQ(rxsim::total_dropped(r), 30u);
    EXPECT_TRUE(rxsim::accounted(r));
    r.delivered--;
    EXPECT_FALSE(rxsim::accounted(r));
    r.dropped.push_back({"socket", "lost", 1});
    EXPECT_TRUE(rxsim::accounted(r));
    r.packets_in--;
    EXPECT_FALSE(rxsim::accounted(r)); // counted twice is as wrong as not at all
}

TEST(CliReport, AccountedOnlyWhenEveryRecordIsOnTheWireOrSkipped)
{
    rxsim::run_results r = sample();
    EXPECT_EQ(rxsim::total_skipped(r), 3u);
    EXPECT_TRUE(rxsim::records_accounted(r));
    r.records_in++; // a record read and neither replayed nor skipped
    EXPECT_FALSE(rxsim::records_accounted(r));
    EXPECT_TRUE(rxsim::packets_accounted(r));
    EXPECT_FALSE(rxsim::accounted(r));
    r.skipped.push_back({"trace", "unknown_proto", 1});
    EXPECT_TRUE(rxsim::accounted(r));
}

// Over the traffic window, not the whole run: 40 in 2 ms, whatever the run's length.
TEST(CliReport, InterruptRateIsPerSecondOfTheTrafficWindow)
{
    rxsim::run_results r = sample();
    EXPECT_DOUBLE_EQ(rxsim::interrupt_rate(r), 20000.0);
    r.sim_time_ns *= 10;
    EXPECT_DOUBLE_EQ(rxsim::interrupt_rate(r), 20000.0);
    r.offered_ns = 0;
    EXPECT_DOUBLE_EQ(rxsim::interrupt_rate(r), 0.0);
}

TEST(CliReport, JsonHasTheRequiredKeysInOrder)
{
    std::string text = rxsim::render_json(sample());
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(text);
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it)
        keys.push_back(it.key());
    std::vector<std::string> expected = {"run", "records_in", "skipped", "skipped_total", "trace",
                                         "packets_in", "offered", "delivered", "delivered_to", "dropped", "dropped_total",
                                         "accounted", "interrupts", "traffic_interrupts", "interrupts_per_s", "interrupts_handled",
                                         "napi_polls", "interrupt_causes", "napi", "gro", "driver", "tcp", "ipv6", "link", "pcie", "irqs_taken_late", "time_squeeze", "sim_time_ns", "interrupted", "cpu",
                                         "latency_ns", "payload_checked", "violations", "warnings", "kernel", "options"};
    EXPECT_EQ(keys, expected);
    EXPECT_EQ(j["records_in"], 1003);
    EXPECT_EQ(j["skipped"]["trace.outgoing"], 2);
    EXPECT_EQ(j["skipped"]["trace.no_header"], 0); // zeros too
    EXPECT_EQ(j["skipped_total"], 3);
    EXPECT_EQ(j["trace"]["truncated_padded"], 4);
    EXPECT_EQ(j["trace"]["gaps_shortened"], 0);
    EXPECT_EQ(j["packets_in"], 1000);
    EXPECT_EQ(j["link"]["carrier_up_count"], 2);
    EXPECT_EQ(j["link"]["carrier_down_count"], 3);
    EXPECT_EQ(j["pcie"]["dma_writes_refused"], 4);
    EXPECT_EQ(j["pcie"]["dma_reads_delayed"], 5);
    EXPECT_EQ(j["tcp"].size(), 7u); // zeros too
    EXPECT_EQ(j["gro"].size(), 5u); // zeros too
    EXPECT_EQ(j["gro"]["flush_causes"].size(), 3u);
    EXPECT_EQ(j["tcp"]["ofo_max_bytes"], 0);
    EXPECT_EQ(j["ipv6"], nlohmann::ordered_json::parse(R"({"Ip6InReceives": 5, "Ip6InAddrErrors": 0})")); // zeros too
    EXPECT_EQ(j["driver"]["frames_by_descriptors"].size(), 4u);
    EXPECT_EQ(j["payload_checked"]["tcp_reads"], 0);
    EXPECT_EQ(j["offered"]["duration_ns"], 2000000); // 1000 frames of 125 B in 2 ms
    EXPECT_EQ(j["offered"]["pps"], 500000.0);
    EXPECT_EQ(j["offered"]["bps"], 500000000.0);
    EXPECT_EQ(j["dropped"]["fifo.rx_missed_errors"], 20);
    EXPECT_EQ(j["dropped"]["ipv4.InHdrErrors"], 0);
    EXPECT_EQ(j["dropped"].begin().key(), "mac.rx_crc_errors"); // path order, not sorted
    EXPECT_EQ(j["accounted"], true);
    EXPECT_EQ(j["cpu"]["softirq"], 900000);
    EXPECT_EQ(j["latency_ns"]["dma_done"]["p99_9"], 1700);
    EXPECT_TRUE(j["latency_ns"]["app"]["p50"].is_null()); // no samples: no number
    // The header's facts: the trace, the NIC build, what was changed.
    EXPECT_EQ(j["run"]["trace"], "t.pcap");
    EXPECT_EQ(j["run"]["nic"], "1g");
    EXPECT_EQ(j["run"]["options_changed"], nlohmann::ordered_json::parse(R"(["nic", "itr", "udp-port", "threaded-napi"])"));
    EXPECT_EQ(j["traffic_interrupts"], 40);
    EXPECT_EQ(j["interrupts_per_s"], 20000.0);
    // Options typed: numbers, flags, lists, null when not in effect.
    EXPECT_EQ(j["options"]["ring"], 256);
    EXPECT_TRUE(j["options"]["pps"].is_null());
    EXPECT_EQ(j["options"]["udp-port"], nlohmann::ordered_json::parse("[9000, 9001]"));
    EXPECT_EQ(j["options"]["cost"], nlohmann::ordered_json::array());
    EXPECT_EQ(j["options"]["threaded-napi"], true);
    EXPECT_EQ(j["options"]["promisc"], false);
    EXPECT_EQ(j["options"]["nic"], "1g");
}

TEST(CliReport, JsonIsByteIdenticalForIdenticalResults)
{
    rxsim::run_results a = sample(), b = sample();
    EXPECT_EQ(rxsim::render_json(a), rxsim::render_json(b));
    b.dropped[1].count++;
    EXPECT_NE(rxsim::render_json(a), rxsim::render_json(b));
    a.delivered--;
    EXPECT_NE(rxsim::render_json(a).find("\"accounted\": false"), std::string::npos);
}

TEST(CliReport, TextShowsEveryNonzeroCounterAndMarksWallClock)
{
    rxsim::run_results r = sample();
    r.violations = {"descriptor 7 reused before DD"};
    std::string t = rxsim::render_text(r, 1.5);
    for (const rxsim::drop_count &d : r.dropped)
        EXPECT_EQ(t.find(d.reason) != std::string::npos, d.count != 0) << d.reason;
    for (const rxsim::drop_count &d : r.skipped)
        EXPECT_EQ(t.find("trace      " + d.reason) != std::string::npos, d.count != 0) << d.reason;
    EXPECT_NE(t.find("trace      records in                            1,003\n"), std::string::npos) << t;
    EXPECT_NE(t.find("accounted: yes (1,003 records = 1,000 on the wire + 3 skipped; 1,000 in, 970 delivered + 30 dropped)"),
              std::string::npos) << t;
    EXPECT_NE(t.find("trace changed: 4 truncated_padded\n"), std::string::npos) << t;
    EXPECT_NE(t.find("interrupts       50 (40 in the traffic window: 20,000.0 /s)\n"), std::string::npos) << t;
    EXPECT_NE(t.find("simulated time   2.000 ms (2,000,000 ns)\n"), std::string::npos) << t;
    EXPECT_NE(t.find("softirq               900,000    45.0%"), std::string::npos) << t;
    EXPECT_NE(t.find("softirq"), std::string::npos);
    EXPECT_NE(t.find("45.0%"), std::string::npos) << t; // softirq share of 2 ms
    EXPECT_NE(t.find("wire -> dma_done"), std::string::npos);
    EXPECT_NE(t.find("INVARIANT VIOLATED: descriptor 7 reused before DD"), std::string::npos);
    EXPECT_NE(t.find("wall clock (host, not simulated): 1.500 s"), std::string::npos) << t;
    EXPECT_EQ(rxsim::render_text(r, -1).find("wall clock"), std::string::npos);
    // The TCP out-of-order queue and the jumbo frames only when they happened.
    EXPECT_EQ(t.find("tcp ofo queue"), std::string::npos);
    EXPECT_EQ(t.find("frames by descriptors"), std::string::npos);
    EXPECT_EQ(t.find("gro  "), std::string::npos);
    r.gro_merged = 30;
    r.gro_flushed = 4;
    r.gro_super_packets = 3;
    r.gro_max_segments = 11;
    r.gro_flush_flow = 3;
    r.gro_flush_poll = 1;
    r.tcp_ofo_queued = 9;
    r.tcp_ofo_max_segments = 3;
    r.tcp_ofo_drop = 1;
    r.frames_by_descriptors[3] = 5;
    // The IPv6 counters (snmp6) only when one is not zero, and only those.
    r.snmp6 = {{"Ip6InReceives", 0}, {"Ip6InAddrErrors", 0}};
    EXPECT_EQ(rxsim::render_text(r, -1).find("ipv6 (snmp6)"), std::string::npos);
    r.snmp6 = {{"Ip6InReceives", 1200}, {"Ip6InAddrErrors", 0}, {"Udp6InDatagrams", 7}};
    t = rxsim::render_text(r, -1);
    EXPECT_NE(t.find("ipv6 (snmp6)     Ip6InReceives 1,200, Udp6InDatagrams 7\n"), std::string::npos) << t;
    EXPECT_NE(t.find("tcp ofo queue    9 queued (at most 3 segments"), std::string::npos) << t;
    EXPECT_NE(t.find("1 refused for memory"), std::string::npos) << t;
    EXPECT_NE(t.find("gro              30 segments merged; 4 packets sent up, 3 of them super-packets (at most 11 "
                     "segments, 8.5 a packet); sent up by the flow 3, napi_gro_flush 1, room for a new flow 0"),
              std::string::npos)
        << t;
    EXPECT_NE(t.find("frames by descriptors                1: 0, 2: 0, 3-4: 0, 5+: 5"), std::string::npos) << t;
    r.delivered = 0;
    EXPECT_NE(rxsim::render_text(r, -1).find("accounted: NO"), std::string::npos);
}

// The header: what was run, the load over the traffic window, the options
// that differ from the defaults (as they would be typed), nothing else.
TEST(CliReport, TextHeaderSaysWhatWasRun)
{
    const std::string t = rxsim::render_text(sample(), -1);
    EXPECT_EQ(t.find("trace            t.pcap, 1,003 records\n"), 0u) << t; // first
    EXPECT_NE(t.find("NIC              1g (8-bit @ 125 MHz)\n"), std::string::npos) << t;
    EXPECT_NE(t.find("traffic window   2.000 ms"), std::string::npos) << t;
    // 1000 frames and 125,000 bytes in 2 ms.
    EXPECT_NE(t.find("offered load     1,000 frames: 500,000 packets/s, 0.500 Gbit/s (frames with FCS; preamble and IFG not)\n"), std::string::npos) << t;
    EXPECT_NE(t.find("options          --nic 1g --itr 0 --udp-port 9000 --udp-port 9001 --threaded-napi\n"),
              std::string::npos)
        << t;
    rxsim::run_results plain = sample();
    for (rxsim::option_value &o : plain.options)
        o.changed = false;
    EXPECT_NE(rxsim::render_text(plain, -1).find("options          the defaults\n"), std::string::npos);
}

// Each latency row says how many packets reached the stage and their share of
// the wire's frames: a p99 over survivors is not a p99 over all.
TEST(CliReport, LatencyRowsSayHowManyReachedTheStage)
{
    const std::string t = rxsim::render_text(sample(), -1);
    EXPECT_NE(t.find("reached  of wire"), std::string::npos) << t;
    EXPECT_NE(t.find("wire -> dma_done          970    97.0%          800        1,500        1,700        1,800\n"),
              std::string::npos)
        << t;
    EXPECT_NE(t.find("wire -> app                 0     0.0%            -"), std::string::npos) << t;
}

TEST(CliReport, NumbersPeopleRead)
{
    EXPECT_EQ(rxsim::thousands(uint64_t(0)), "0");
    EXPECT_EQ(rxsim::thousands(uint64_t(999)), "999");
    EXPECT_EQ(rxsim::thousands(uint64_t(1000)), "1,000");
    EXPECT_EQ(rxsim::thousands(uint64_t(1234567)), "1,234,567");
    EXPECT_EQ(rxsim::thousands(uint64_t(18446744073709551615u)), "18,446,744,073,709,551,615");
    EXPECT_EQ(rxsim::thousands(20601.26, 1), "20,601.3");
    EXPECT_EQ(rxsim::thousands(999.96, 1), "1,000.0"); // the rounding carries
    EXPECT_EQ(rxsim::thousands(0.2058, 3), "0.206");
    EXPECT_EQ(rxsim::thousands(1234567.4, 0), "1,234,567");
    EXPECT_EQ(rxsim::duration_text(0), "0 ns");
    EXPECT_EQ(rxsim::duration_text(627), "627 ns");
    EXPECT_EQ(rxsim::duration_text(21088), "21.088 us");
    EXPECT_EQ(rxsim::duration_text(1990220), "1.990 ms");
    EXPECT_EQ(rxsim::duration_text(1234567), "1.235 ms");
    EXPECT_EQ(rxsim::duration_text(3600000000000), "3,600.000 s");
}
