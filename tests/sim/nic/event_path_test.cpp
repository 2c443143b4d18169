// The behavioral twin's event path (frames taken whole, quiet edges clocked
// by the twin itself) against the twin clocked edge by edge, under
// nic_device (event_checked_nic.h: the same outputs at every edge nic_device
// evaluates, no handshake inside a stretch the twin clocked). Over a load sweep
// (1% to line rate, 64 to 1518 bytes, IMIX, bursts, bad frames, VLAN tags),
// the bundled traces and both builds, with moderation timers running.
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "event_checked_nic.h"
#include "nic_testbed.h"
#include "nicsim_support.h"
#include "ps_time.h"
#include "trace_file.h"

using namespace rxsim;
using namespace rxsim_test;

namespace {

struct load {
    const char *name;
    gen_config_t traffic;
};

std::vector<load> sweep()
{
    std::vector<load> l;
    auto add = [&l](const char *name, uint64_t count, uint32_t size, uint64_t pps) {
        gen_config_t g = udp_traffic(count, size);
        if (pps)
            g.rate_pps = pps;
        else
            g.line_rate = true;
        l.push_back({name, g});
        return &l.back().traffic;
    };
    add("64B-1pct", 300, 64, 148809);
    add("64B-10pct", 1000, 64, 1488095);
    add("64B-50pct", 2000, 64, 7440476);
    add("64B-line-rate", 3000, 64, 0);
    add("1518B-line-rate", 500, 1518, 0);
    add("imix-line-rate", 1500, 64, 0)->imix = true;
    gen_config_t *b = add("64B-bursts", 2000, 64, 0);
    b->burst_on_ns = 20000;
    b->burst_off_ns = 60000;
    gen_config_t *bad = add("bad-frames-vlan", 1500, 256, 2000000);
    bad->runt = bad->oversize = 0.03;
    bad->bad_ip = bad->bad_l4 = 0.05;
    bad->ntags = 1;
    bad->tag_fraction = 0.3;
    bad->other_unicast = bad->multicast = bad->broadcast = 0.05;
    return l;
}

nic_testbed_config checked(const std::string &build, const std::string &trace, uint32_t itr, uint32_t rdtr,
                           uint32_t radv, std::vector<event_checked *> &models)
{
    nic_testbed_config cfg;
    cfg.nic_build = build;
    cfg.trace = trace;
    cfg.wire_offset_ps = 20000000;
    cfg.host.ring_size = 256;
    cfg.host.itr = itr;
    cfg.host.rdtr = rdtr;
    cfg.host.radv = radv;
    cfg.host.end_ps = 40000000000; // 40 ms: past every trace's end
    cfg.model = [build, &models] {
        const auto plain = make_nic_rtl(build);
        auto m = std::make_unique<event_checked>(plain->wire_bytes(), plain->clk_period_ps());
        models.push_back(m.get());
        return m;
    };
    return cfg;
}

void run_checked(const std::string &build)
{
    std::vector<std::unique_ptr<temp_trace>> traces;
    std::vector<std::string> paths = {RXSIM_TRACES_DIR "/mixed.pcap", RXSIM_TRACES_DIR "/burst64.pcap",
                                      RXSIM_TRACES_DIR "/demo.pcap"};
    std::vector<std::string> names = {"mixed", "burst64", "demo"};
    for (load &l : sweep()) {
        if (build == "1g")
            l.traffic.link_bps = 1000000000;
        traces.push_back(std::make_unique<temp_trace>(build + "_" + l.name, l.traffic));
        paths.push_back(traces.back()->path);
        names.emplace_back(l.name);
    }
    std::vector<event_checked *> models;
    std::vector<std::unique_ptr<nic_testbed>> beds;
    for (size_t i = 0; i < paths.size(); ++i) // moderation alternating: ITR and RDTR/RADV, or per frame
        beds.push_back(std::make_unique<nic_testbed>(
            "t" + std::to_string(i), checked(build, paths[i], i % 2 ? 20 : 0, i % 2 ? 4 : 0, i % 2 ? 16 : 0, models)));
    sc_core::sc_start();
    ASSERT_EQ(models.size(), beds.size());
    for (size_t i = 0; i < beds.size(); ++i) {
        SCOPED_TRACE(names[i]);
        const nic_testbed &b = *beds[i];
        EXPECT_EQ(b.nic.model_error(), "");
        EXPECT_TRUE(b.host.finished());
        EXPECT_GT(b.host.delivered(), 0u);
        EXPECT_EQ(b.host.payload_errors(), 0u);
        // The event path was taken: every frame handed over whole, most
        // cycles clocked by the twin itself.
        EXPECT_EQ(models[i]->frames_, b.wire.frames());
        EXPECT_GT(models[i]->quiet_cycles_, models[i]->edges_);
        EXPECT_GT(models[i]->beats_, 0u);
        std::printf("%-16s %6" PRIu64 " frames: %8" PRIu64 " edges by nic_device, %10" PRIu64 " cycles quiet\n",
                    names[i].c_str(), b.wire.frames(), models[i]->edges_, models[i]->quiet_cycles_);
    }
}

} // namespace

TEST(NICSIM_SUITE, TheTwinsEventPathIsThePerEdgeTwinAtEveryEdge) { run_checked(NICSIM_NIC); }
