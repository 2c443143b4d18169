// The behavioral twin's event path (frames taken whole, quiet edges clocked
// by the twin itself) against the twin clocked edge by edge, under
// nic_device: at every edge nic_device evaluates, every output of the two
// (idle_cycles aside: the event path reports 0 while it holds a frame) and
// the observation outputs are the same; and through every stretch the event
// path clocked itself, the per-edge twin, clocked through it as nic_device
// would (idle skips included), has no handshake with nic_device and changes
// intx and the observation outputs only at its last edge. Over a load sweep
// (1% to line rate, 64 to 1518 bytes, IMIX, bursts, bad frames, VLAN tags),
// the bundled traces and both builds, with moderation timers running.
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "nic_testbed.h"
#include "nicsim_support.h"
#include "ps_time.h"
#include "trace_file.h"
#include "twin_nic.h"

using namespace rxsim;
using namespace rxsim_test;

namespace {

std::string differ(const nic_outputs &a, const nic_outputs &b)
{
    std::string d;
    auto check = [&d](const char *name, uint64_t x, uint64_t y) {
        if (d.empty() && x != y) {
            char s[96];
            std::snprintf(s, sizeof s, "%s: 0x%" PRIx64 " vs 0x%" PRIx64, name, x, y);
            d = s;
        }
    };
    check("mmio_req_ready", a.mmio_req_ready, b.mmio_req_ready);
    check("mmio_rsp_valid", a.mmio_rsp_valid, b.mmio_rsp_valid);
    check("mmio_rsp_rdata", a.mmio_rsp_rdata, b.mmio_rsp_rdata);
    check("dmar_req_valid", a.dmar_req_valid, b.dmar_req_valid);
    check("dmar_req_addr", a.dmar_req_addr, b.dmar_req_addr);
    check("dmar_req_len", a.dmar_req_len, b.dmar_req_len);
    check("dmar_rsp_ready", a.dmar_rsp_ready, b.dmar_rsp_ready);
    check("dmaw_valid", a.dmaw_valid, b.dmaw_valid);
    check("dmaw_last", a.dmaw_last, b.dmaw_last);
    check("dmaw_addr", a.dmaw_addr, b.dmaw_addr);
    check("dmaw_len", a.dmaw_len, b.dmaw_len);
    for (int i = 0; i < 4; ++i)
        check("dmaw_data", a.dmaw_data[i], b.dmaw_data[i]);
    check("intx", a.intx, b.intx);
    check("msi_valid", a.msi_valid, b.msi_valid);
    return d;
}

bool same(const nic_observed &a, const nic_observed &b)
{
    return a.fifo_frames == b.fifo_frames && a.fifo_bytes == b.fifo_bytes && a.itr_running == b.itr_running &&
           a.rdtr_running == b.rdtr_running && a.radv_running == b.radv_running && a.rdh == b.rdh && a.rdt == b.rdt;
}

// What nic_device's on_observed watches (the byte count is only sampled).
bool watched_same(const nic_observed &a, const nic_observed &b)
{
    nic_observed x = a;
    x.fifo_bytes = b.fifo_bytes;
    return same(x, b);
}

bool handshake(const nic_inputs &in, const nic_outputs &out)
{
    return (out.mmio_rsp_valid && in.mmio_rsp_ready) || (out.dmar_req_valid && in.dmar_req_ready) ||
           (out.dmaw_valid && in.dmaw_ready) || (out.msi_valid && in.msi_ready);
}

// The event-path twin drives the run; the per-edge twin follows it, fed the
// frames word by word. A difference throws (nic_device stops the run and
// keeps the message: model_error()).
class event_checked final : public nic_rtl {
public:
    event_checked(unsigned wire_bytes, uint64_t clk_period_ps)
        : a_(wire_bytes, clk_period_ps, true), b_(wire_bytes, clk_period_ps, false)
    {
    }

    unsigned wire_bytes() const override { return a_.wire_bytes(); }
    uint64_t clk_period_ps() const override { return a_.clk_period_ps(); }
    void reset() override
    {
        a_.reset();
        b_.reset();
    }
    void settle(const nic_inputs &in, nic_outputs &out) override
    {
        a_.settle(in, out);
        b_in_ = with_word(in);
        b_.settle(b_in_, b_out_);
        expect_same(out, "settle");
    }
    void rise(uint64_t edge_ps, nic_outputs &out) override
    {
        a_.rise(edge_ps, out);
        b_rise();
        expect_same(out, "rise");
        ++edges_;
    }
    nic_observed observed() const override { return a_.observed(); }

    bool frames_whole() const override { return true; }
    void take_frame(const uint8_t *wire, uint32_t len) override
    {
        a_.take_frame(wire, len);
        frame_.assign(wire, wire + len);
        pos_ = 0;
        ++frames_;
    }
    uint32_t run_quiet(const nic_inputs &in, uint32_t cycles, nic_outputs &out) override
    {
        const uint32_t done = a_.run_quiet(in, cycles, out);
        const nic_observed was = b_.observed();
        const bool intx = b_out_.intx;
        for (uint32_t left = done; left > 0;) {
            if (intx != b_out_.intx || !watched_same(was, b_.observed()))
                fail("intx or an observation output changed inside a quiet stretch");
            b_in_ = with_word(in);
            b_.settle(b_in_, b_out_);
            if (pos_ >= frame_.size() && b_out_.idle_cycles > 1 && left > 1) { // nic_device's idle skip
                b_in_.skip_valid = true;
                b_in_.skip_cycles = std::min(b_out_.idle_cycles, left);
                b_.settle(b_in_, b_out_);
                left -= b_in_.skip_cycles;
            } else {
                if (handshake(b_in_, b_out_))
                    fail("a handshake inside a quiet stretch");
                --left;
            }
            b_rise();
        }
        expect_same(out, "after a quiet stretch");
        quiet_cycles_ += done;
        return done;
    }

    uint64_t edges_ = 0, quiet_cycles_ = 0, frames_ = 0;

private:
    nic_inputs with_word(const nic_inputs &in) const
    {
        nic_inputs b = in;
        if (pos_ < frame_.size()) {
            const size_t n = std::min<size_t>(wire_bytes(), frame_.size() - pos_);
            b.wire_valid = true;
            b.wire_sof = pos_ == 0;
            b.wire_eof = pos_ + n == frame_.size();
            b.wire_data = 0;
            for (size_t i = 0; i < n; ++i)
                b.wire_data |= uint64_t(frame_[pos_ + i]) << (8 * i);
            b.wire_keep = static_cast<uint8_t>((1u << n) - 1);
        }
        return b;
    }
    void b_rise()
    {
        b_.rise(0, b_out_);
        if (b_in_.wire_valid)
            pos_ += std::min<size_t>(wire_bytes(), frame_.size() - pos_);
    }
    void expect_same(const nic_outputs &out, const char *when)
    {
        const std::string d = differ(out, b_out_);
        if (!d.empty())
            fail(std::string(when) + ": " + d);
        if (!same(a_.observed(), b_.observed()))
            fail(std::string(when) + ": the observation outputs differ");
    }
    [[noreturn]] void fail(const std::string &what) const
    {
        throw std::runtime_error("event path vs per-edge twin, edge " + std::to_string(edges_) + ": " + what);
    }

    twin_nic a_, b_;
    nic_inputs b_in_;
    nic_outputs b_out_;
    std::vector<uint8_t> frame_;
    size_t pos_ = 0;
};

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
        std::printf("%-16s %6" PRIu64 " frames: %8" PRIu64 " edges by nic_device, %10" PRIu64 " cycles quiet\n",
                    names[i].c_str(), b.wire.frames(), models[i]->edges_, models[i]->quiet_cycles_);
    }
}

} // namespace

TEST(NICSIM_SUITE, TheTwinsEventPathIsThePerEdgeTwinAtEveryEdge) { run_checked(NICSIM_NIC); }
