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
    r.packets_in = 1000;
    r.offered_bytes = 125000;
    r.offered_ns = 2000000;
    r.delivered = 970;
    r.dropped = {{"mac", "rx_crc_errors", 5},
                 {"fifo", "rx_missed_errors", 20},
                 {"udp", "RcvbufErrors", 5},
                 {"ipv4", "InHdrErrors", 0}};
    r.interrupts = 50;
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
    r.options = {{"TRACE", "t.pcap"}, {"ring", "256"}};
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

TEST(CliReport, InterruptRateIsPerSimulatedSecond)
{
    rxsim::run_results r = sample();
    EXPECT_DOUBLE_EQ(rxsim::interrupt_rate(r), 25000.0);
    r.sim_time_ns = 0;
    EXPECT_DOUBLE_EQ(rxsim::interrupt_rate(r), 0.0);
}

TEST(CliReport, JsonHasTheRequiredKeysInOrder)
{
    std::string text = rxsim::render_json(sample());
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(text);
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it)
        keys.push_back(it.key());
    std::vector<std::string> expected = {"records_in", "skipped", "skipped_total", "trace",
                                         "packets_in", "offered", "delivered", "delivered_to", "dropped", "dropped_total",
                                         "accounted", "interrupts", "interrupts_per_s", "interrupts_handled",
                                         "napi_polls", "interrupt_causes", "napi", "driver", "tcp", "link", "pcie", "irqs_taken_late", "time_squeeze", "sim_time_ns", "interrupted", "cpu",
                                         "latency_ns", "payload_checked", "violations", "warnings", "options"};
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
    EXPECT_EQ(j["tcp"]["ofo_max_bytes"], 0);
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
    EXPECT_EQ(j["options"]["ring"], "256");
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
    EXPECT_NE(t.find("trace      records in                             1003\n"), std::string::npos) << t;
    EXPECT_NE(t.find("accounted: yes (1003 records = 1000 on the wire + 3 skipped; 1000 in, 970 delivered + 30 dropped)"),
              std::string::npos) << t;
    EXPECT_NE(t.find("trace changed: 4 truncated_padded\n"), std::string::npos) << t;
    EXPECT_NE(t.find("25000.0 /s simulated"), std::string::npos) << t;
    EXPECT_NE(t.find("softirq"), std::string::npos);
    EXPECT_NE(t.find("45.0%"), std::string::npos) << t; // softirq share of 2 ms
    EXPECT_NE(t.find("wire -> dma_done"), std::string::npos);
    EXPECT_NE(t.find("INVARIANT VIOLATED: descriptor 7 reused before DD"), std::string::npos);
    EXPECT_NE(t.find("wall clock (host, not simulated): 1.500 s"), std::string::npos) << t;
    EXPECT_EQ(rxsim::render_text(r, -1).find("wall clock"), std::string::npos);
    // The TCP out-of-order queue and the jumbo frames only when they happened.
    EXPECT_EQ(t.find("tcp ofo queue"), std::string::npos);
    EXPECT_EQ(t.find("frames by descriptors"), std::string::npos);
    r.tcp_ofo_queued = 9;
    r.tcp_ofo_max_segments = 3;
    r.tcp_ofo_drop = 1;
    r.frames_by_descriptors[3] = 5;
    t = rxsim::render_text(r, -1);
    EXPECT_NE(t.find("tcp ofo queue    9 queued (at most 3 segments"), std::string::npos) << t;
    EXPECT_NE(t.find("1 refused for memory"), std::string::npos) << t;
    EXPECT_NE(t.find("frames by descriptors              1: 0, 2: 0, 3-4: 0, 5+: 5"), std::string::npos) << t;
    r.delivered = 0;
    EXPECT_NE(rxsim::render_text(r, -1).find("accounted: NO"), std::string::npos);
}
