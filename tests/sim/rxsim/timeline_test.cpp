// rxsim run --timeline: the file is trace-event JSON as Perfetto and
// chrome://tracing read it, and shows a known packet where it was.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "exit_codes.h"

using clitest::run_rxsim;
using clitest::temp_file;
using nlohmann::json;

namespace {

// Timestamps in ns (the file's us with 3 decimals).
int64_t ts_ns(const json &e) { return std::llround(e.at("ts").get<double>() * 1000); }
int64_t dur_ns(const json &e) { return std::llround(e.at("dur").get<double>() * 1000); }

using track_key = std::pair<int, int>; // pid, tid
track_key track_of(const json &e) { return {e.at("pid").get<int>(), e.value("tid", 0)}; }

struct slice {
    int64_t from, to;
};

// A B/E pair: its name and the args its E carries.
struct function_slice {
    std::string name;
    json args;
};

// Checks the file against the trace-event format as far as the viewers
// depend on it; returns the slices per track (B/E pairs and X events), and
// the B/E pairs in `functions`.
std::map<track_key, std::vector<slice>> check_format(const json &doc, std::vector<function_slice> *functions = nullptr)
{
    std::map<track_key, std::vector<slice>> slices;
    std::map<track_key, std::vector<std::pair<std::string, int64_t>>> open;
    std::map<track_key, int64_t> last; // B, E, i in file order
    std::map<uint64_t, std::vector<json>> flows;
    for (const json &e : doc.at("traceEvents")) {
        const std::string ph = e.at("ph");
        if (ph == "M")
            continue;
        const track_key k = track_of(e);
        const int64_t t = ts_ns(e);
        if (ph == "B" || ph == "E" || ph == "i") {
            EXPECT_GE(t, last[k]) << "timestamps go back on a track: " << e.dump();
            last[k] = t;
        }
        if (ph == "B") {
            open[k].emplace_back(e.at("name"), t);
        } else if (ph == "E") {
            if (open[k].empty()) {
                ADD_FAILURE() << "E without B: " << e.dump();
                continue;
            }
            if (e.contains("name")) {
                EXPECT_EQ(e.at("name"), open[k].back().first) << e.dump();
            }
            slices[k].push_back({open[k].back().second, t});
            if (functions)
                functions->push_back({open[k].back().first, e.value("args", json::object())});
            open[k].pop_back();
        } else if (ph == "X") {
            EXPECT_GE(dur_ns(e), 0) << e.dump();
            slices[k].push_back({t, t + dur_ns(e)});
        } else if (ph == "s" || ph == "t" || ph == "f") {
            flows[e.at("id").get<uint64_t>()].push_back(e);
        } else {
            EXPECT_TRUE(ph == "i" || ph == "C") << e.dump();
        }
    }
    for (const auto &[k, stack] : open)
        EXPECT_TRUE(stack.empty()) << "B without E on track " << k.first << "/" << k.second;
    // Slices nest per track: each one inside the ones still open, or after them.
    for (auto &[k, v] : slices) {
        std::sort(v.begin(), v.end(), [](const slice &a, const slice &b) {
            return std::tie(a.from, b.to) < std::tie(b.from, a.to);
        });
        std::vector<slice> stack;
        for (const slice &s : v) {
            while (!stack.empty() && stack.back().to <= s.from && !(stack.back().to == s.from && s.to == s.from))
                stack.pop_back();
            if (!stack.empty()) {
                EXPECT_LE(s.to, stack.back().to)
                    << "slices overlap on track " << k.first << "/" << k.second << " at " << s.from;
            }
            stack.push_back(s);
        }
    }
    // Flows: s, then t..., then f; time goes forward; every point is in a
    // slice of its track (what the viewers bind it to).
    for (const auto &[id, points] : flows) {
        EXPECT_GE(points.size(), 2u) << id;
        EXPECT_EQ(points.front().at("ph"), "s") << id;
        EXPECT_EQ(points.back().at("ph"), "f") << id;
        for (size_t i = 1; i + 1 < points.size(); i++) {
            EXPECT_EQ(points[i].at("ph"), "t") << id;
        }
        for (size_t i = 0; i < points.size(); i++) {
            const int64_t t = ts_ns(points[i]);
            if (i) {
                EXPECT_GE(t, ts_ns(points[i - 1])) << id;
            }
            const auto &on = slices[track_of(points[i])];
            EXPECT_TRUE(std::any_of(on.begin(), on.end(), [t](const slice &s) { return s.from <= t && t <= s.to; }))
                << "flow " << id << " point outside any slice: " << points[i].dump();
        }
    }
    return slices;
}

std::string one_packet_trace()
{
    const std::string pcap = temp_file("one.pcap", "");
    const clitest::ran g = run_rxsim("gen -n 1 -o " + pcap);
    EXPECT_EQ(g.status, 0) << g.err;
    return pcap;
}

const json *find_event(const json &doc, const std::string &ph, const std::string &name, size_t nth = 0)
{
    for (const json &e : doc.at("traceEvents"))
        if (e.at("ph") == ph && e.value("name", "") == name && nth-- == 0)
            return &e;
    return nullptr;
}

} // namespace

TEST(CliTimeline, OnePacketFollowedFromTheWireToTheApplication)
{
    const std::string pcap = one_packet_trace();
    const std::string out = temp_file("one.json", "");
    const std::string log = temp_file("one.log", "");
    const clitest::ran r = run_rxsim("run " + pcap + " --no-progress --timeline " + out + " --packet-log " + log);
    ASSERT_EQ(r.status, 0) << r.err;
    const json doc = json::parse(clitest::slurp(out));
    std::vector<function_slice> functions;
    check_format(doc, &functions);
    const json line = json::parse(clitest::slurp(log));
    ASSERT_EQ(line.at("fate"), "app");
    const int64_t wire = line.at("wire_ns");
    const json &ns = line.at("ns");

    // The packet's wire slice, at the time the packet log gives, as the
    // replay puts it: 100 us (--wire-start-us) in, 72 bytes (64 + preamble)
    // at 10 Gbit/s.
    const json *w = find_event(doc, "X", "app udp:9000");
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(ts_ns(*w), wire);
    EXPECT_EQ(ts_ns(*w), 100000);
    EXPECT_EQ(dur_ns(*w), 57);
    EXPECT_EQ(w->at("args").at("packet"), 0);
    EXPECT_EQ(w->at("args").at("length"), 64);
    EXPECT_EQ(w->at("args").at("socket"), "udp:9000");
    const json *mem = find_event(doc, "X", "in memory");
    ASSERT_NE(mem, nullptr);
    EXPECT_EQ(ts_ns(*mem), wire + ns.at("dma_done").get<int64_t>());
    // The interrupt it raised: the handler runs from the time the ledger
    // took it, and the poll and the read follow, nested as in the kernel.
    const json *intr = nullptr;
    for (size_t i = 0; (intr = find_event(doc, "B", "e1000_intr", i)); i++)
        if (ts_ns(*intr) == wire + ns.at("irq").get<int64_t>())
            break;
    ASSERT_NE(intr, nullptr) << "no e1000_intr at the packet's irq time";
    for (const char *fn : {"net_rx_action", "napi_poll", "e1000_clean", "e1000_clean_rx_irq", "napi_gro_receive", "netif_receive_skb",
                           "ip_rcv", "udp_rcv", "udp_recvmsg"})
        EXPECT_NE(find_event(doc, "B", fn), nullptr) << fn;
    // Its interrupt, 74 us after ifup's (LSC at 26.707 us): two in the last
    // millisecond, 2000/s.
    const json *rate = find_event(doc, "C", "interrupts/s (last 1 ms)", 1);
    ASSERT_NE(rate, nullptr);
    EXPECT_EQ(ts_ns(*rate), 100812);
    EXPECT_EQ(rate->at("args").at("value"), 2000);
    // The socket's queue held the datagram, then nothing.
    const json *queued = find_event(doc, "C", "socket udp:9000 receive queue (bytes charged)");
    ASSERT_NE(queued, nullptr);
    EXPECT_GT(queued->at("args").at("value").get<int>(), 0);
    const json *read = find_event(doc, "C", "socket udp:9000 receive queue (bytes charged)", 1);
    ASSERT_NE(read, nullptr);
    EXPECT_EQ(read->at("args").at("value"), 0);
    // The poll that found it: one frame of its weight.
    const auto clean = std::find_if(functions.begin(), functions.end(), [](const function_slice &f) {
        return f.name == "e1000_clean" && f.args.value("work", 0) == 1;
    });
    ASSERT_NE(clean, functions.end());
    EXPECT_EQ(clean->args.at("budget"), 64);
    // Its flow: wire, memory, hard IRQ, poll, socket, application.
    size_t points = 0;
    for (const json &e : doc.at("traceEvents"))
        points += e.value("cat", "") == "packet" && e.at("id") == 0;
    EXPECT_EQ(points, 6u);
    EXPECT_EQ(doc.at("otherData").at("capped"), false);
    EXPECT_EQ(doc.at("otherData").at("max_events"), 2000000);

    // The same run, the same bytes.
    const std::string again = temp_file("again.json", "");
    ASSERT_EQ(run_rxsim("run " + pcap + " --no-progress --timeline " + again).status, 0);
    EXPECT_EQ(clitest::slurp(again), clitest::slurp(out));
}

// The values of counter `name`, in file order.
std::vector<int64_t> counter_values(const json &doc, const std::string &name)
{
    std::vector<int64_t> v;
    for (const json &e : doc.at("traceEvents"))
        if (e.at("ph") == "C" && e.at("name") == name)
            v.push_back(e.at("args").at("value").get<int64_t>());
    return v;
}

// The NIC's moderation timers and queues on the one packet, with RDTR 2 and
// RADV 5 (1.024 us units, 160 edges each at 6.4 ns) and the default ITR
// (mode 3 starts at 20000/s: ITR 195, 195 x 256 ns).
TEST(CliTimeline, TimersAndQueuesOfTheNic)
{
    const std::string pcap = one_packet_trace();
    const std::string out = temp_file("timers.json", "");
    const clitest::ran r = run_rxsim("run " + pcap + " --no-progress --rdtr 2 --radv 5 --timeline " + out);
    ASSERT_EQ(r.status, 0) << r.err;
    const json doc = json::parse(clitest::slurp(out));
    check_format(doc);
    // RDTR runs from the frame's write to its expiry, 2 x 1.024 us; RADV
    // started with it and the flush at RDTR's expiry stopped it too.
    const json *rdtr = find_event(doc, "X", "RDTR");
    const json *radv = find_event(doc, "X", "RADV");
    const json *data = find_event(doc, "X", "data");
    const json *mem = find_event(doc, "X", "in memory");
    ASSERT_TRUE(rdtr && radv && data && mem);
    EXPECT_EQ(dur_ns(*rdtr), 2048);
    EXPECT_EQ(ts_ns(*radv), ts_ns(*rdtr));
    EXPECT_EQ(dur_ns(*radv), 2048);
    EXPECT_GE(ts_ns(*rdtr), ts_ns(*data));
    EXPECT_LE(ts_ns(*rdtr), ts_ns(*mem));
    EXPECT_EQ(find_event(doc, "X", "RDTR", 1), nullptr) << "one frame, one RDTR period";
    // The packet's interrupt (the second: ifup's LSC is the first) follows
    // the flush within 4 edges, and the ITR gate closes for 195 x 256 ns
    // from the edge before the MSI.
    const json *irq = find_event(doc, "i", "interrupt", 1);
    ASSERT_NE(irq, nullptr);
    const int64_t expiry = ts_ns(*rdtr) + dur_ns(*rdtr);
    EXPECT_GE(ts_ns(*irq), expiry);
    EXPECT_LE(ts_ns(*irq), expiry + 4 * 6.4);
    const json *gate = find_event(doc, "X", "ITR interval", 1);
    ASSERT_NE(gate, nullptr);
    EXPECT_EQ(dur_ns(*gate), 195 * 256);
    EXPECT_LE(ts_ns(*gate), ts_ns(*irq));
    EXPECT_GE(ts_ns(*gate), ts_ns(*irq) - 7);
    // The packet buffer held the 64-byte frame (with its FCS), then nothing.
    EXPECT_EQ(counter_values(doc, "packet buffer (RX FIFO) bytes used"), (std::vector<int64_t>{64, 0}));
    // e1000_alloc_rx_buffers fills 255 of 256 and writes RDT = next_to_use - 1:
    // 254 free; the write-back takes one, the refill gives it back.
    EXPECT_EQ(counter_values(doc, "free descriptors (RDT - RDH)"), (std::vector<int64_t>{254, 253, 254}));
}

// Pre-NAPI: netif_rx queues to the softnet backlog and process_backlog
// empties it; the counter shows the queue.
TEST(CliTimeline, SoftnetBacklogOfThePreNapiPath)
{
    const std::string pcap = one_packet_trace();
    const std::string out = temp_file("backlog.json", "");
    const clitest::ran r = run_rxsim("run " + pcap + " --no-progress --pre-napi --timeline " + out);
    ASSERT_EQ(r.status, 0) << r.err;
    const json doc = json::parse(clitest::slurp(out));
    check_format(doc);
    const json *rx = find_event(doc, "B", "netif_rx");
    const json *backlog = find_event(doc, "B", "process_backlog");
    ASSERT_TRUE(rx && backlog);
    EXPECT_LT(ts_ns(*rx), ts_ns(*backlog));
    EXPECT_EQ(counter_values(doc, "softnet backlog cpu0 (packets)"), (std::vector<int64_t>{1, 0}));

    // At line rate the backlog fills, and each packet's flow still steps
    // from track to track where its stages ran.
    const std::string many = temp_file("many.pcap", "");
    ASSERT_EQ(run_rxsim("gen -n 300 --line-rate -o " + many).status, 0);
    const clitest::ran loaded = run_rxsim("run " + many + " --no-progress --pre-napi --timeline " + out);
    ASSERT_EQ(loaded.status, 0) << loaded.err;
    const json busy = json::parse(clitest::slurp(out));
    check_format(busy);
    const std::vector<int64_t> queued = counter_values(busy, "softnet backlog cpu0 (packets)");
    ASSERT_FALSE(queued.empty());
    EXPECT_GT(*std::max_element(queued.begin(), queued.end()), 10);
    EXPECT_EQ(queued.back(), 0);
}

// RXDCTL through --rx-writeback / --rx-prefetch / --rx-host-thresh, seen in
// the DMA bursts: a burst of 200 frames, cache of 64 descriptors.
TEST(CliTimeline, DescriptorThresholdsShapeTheDma)
{
    const std::string pcap = temp_file("burst.pcap", "");
    ASSERT_EQ(run_rxsim("gen -n 200 --line-rate -o " + pcap).status, 0);
    const std::string out = temp_file("rxdctl.json", "");
    auto bursts = [&](const std::string &opts) {
        const clitest::ran r = run_rxsim("run " + pcap + " --no-progress --timeline " + out + " " + opts);
        EXPECT_EQ(r.status, 0) << r.err;
        std::map<std::pair<std::string, int>, int> n; // (what, bytes) -> bursts
        const json doc = json::parse(clitest::slurp(out));
        for (const json &e : doc.at("traceEvents"))
            if (e.at("ph") == "X" && e.at("pid") == 2 && e.contains("args") && e.at("args").contains("bytes"))
                n[{e.at("name").get<std::string>(), e.at("args").at("bytes").get<int>()}]++;
        return n;
    };
    // WTHRESH 1 (the reset value): each descriptor written back alone.
    auto n = bursts("");
    EXPECT_EQ((n[{"descriptor write-back", 16}]), 200);
    // WTHRESH 4, with RDTR holding the flush off: four at a time.
    n = bursts("--rdtr 8 --rx-writeback 4");
    EXPECT_EQ((n[{"descriptor write-back", 64}]), 50);
    EXPECT_EQ((n[{"descriptor write-back", 16}]), 0);
    // PTHRESH 16, HTHRESH 8: fetches start with 16 still cached, so they
    // come smaller than the cache's 64 (1024 bytes) at the start.
    const auto reset = bursts("");
    n = bursts("--rx-prefetch 16 --rx-host-thresh 8");
    EXPECT_GT((n[{"descriptor fetch", 768}]), 0);
    EXPECT_EQ((reset.count({"descriptor fetch", 768})), 0u);
}

TEST(CliTimeline, WindowAndCapBoundTheFile)
{
    const std::string pcap = temp_file("many.pcap", "");
    ASSERT_EQ(run_rxsim("gen -n 200 --line-rate -o " + pcap).status, 0);
    const std::string out = temp_file("window.json", "");
    clitest::ran r = run_rxsim("run " + pcap + " --no-progress --timeline " + out + " --timeline-window 100us:110us");
    ASSERT_EQ(r.status, 0) << r.err;
    json doc = json::parse(clitest::slurp(out));
    check_format(doc);
    size_t wire = 0;
    for (const json &e : doc.at("traceEvents")) {
        if (e.at("ph") == "M")
            continue;
        EXPECT_GE(ts_ns(e), 100000) << e.dump();
        EXPECT_LE(ts_ns(e), 110000) << e.dump();
        wire += e.at("ph") == "X" && e.at("tid") == 1 && e.at("pid") == 2;
    }
    EXPECT_GT(wire, 10u);
    EXPECT_LT(wire, 200u);
    EXPECT_EQ(doc.at("otherData").at("window_from_ns"), 100000);

    r = run_rxsim("run " + pcap + " --no-progress --timeline " + out + " --timeline-max-events 50");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.err.find("--timeline-max-events"), std::string::npos) << r.err;
    doc = json::parse(clitest::slurp(out));
    check_format(doc);
    EXPECT_EQ(doc.at("otherData").at("capped"), true);
    EXPECT_EQ(doc.at("otherData").at("events"), 50);
}

TEST(CliTimeline, UnwritableFileIsRefusedBeforeSimulating)
{
    const clitest::ran r = run_rxsim("run /nonexistent/x.pcap --timeline /nonexistent/dir/t.json");
    EXPECT_EQ(r.status, rxsim::exit_bad_options);
    EXPECT_NE(r.err.find("--timeline"), std::string::npos) << r.err;
    EXPECT_EQ(run_rxsim("run x.pcap --timeline-window 2ms:1ms").status, rxsim::exit_bad_options);
}
