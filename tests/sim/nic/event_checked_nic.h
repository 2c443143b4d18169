// The behavioral twin's event path checked against the twin clocked edge by
// edge (tests only): event_checked is a nic_rtl whose event-path twin drives
// the caller and whose per-edge twin follows it, fed each frame word by word;
// at every settle and rise every output (idle_cycles aside: the event path
// reports 0 while it holds a frame) and the observation outputs are the
// same, and through every stretch run_quiet clocked, the per-edge twin,
// clocked through it as nic_device would (idle skips included), has no
// handshake but DMA write beats other than a burst's last, with the data the
// event path handed over, and changes intx and the watched observation
// outputs only at its last edge. A difference throws std::runtime_error.
#ifndef RXSIM_TESTS_EVENT_CHECKED_NIC_H
#define RXSIM_TESTS_EVENT_CHECKED_NIC_H

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "twin_nic.h"

namespace rxsim_test {

using rxsim::nic_inputs;
using rxsim::nic_observed;
using rxsim::nic_outputs;

inline std::string differ(const nic_outputs &a, const nic_outputs &b)
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

inline bool same(const nic_observed &a, const nic_observed &b)
{
    return a.fifo_frames == b.fifo_frames && a.fifo_bytes == b.fifo_bytes && a.itr_running == b.itr_running &&
           a.rdtr_running == b.rdtr_running && a.radv_running == b.radv_running && a.rdh == b.rdh && a.rdt == b.rdt;
}

// What nic_device's on_observed watches (the byte count is only sampled).
inline bool watched_same(const nic_observed &a, const nic_observed &b)
{
    nic_observed x = a;
    x.fifo_bytes = b.fifo_bytes;
    return same(x, b);
}

// One but a DMA write beat.
inline bool handshake(const nic_inputs &in, const nic_outputs &out)
{
    return (out.mmio_rsp_valid && in.mmio_rsp_ready) || (out.dmar_req_valid && in.dmar_req_ready) ||
           (out.msi_valid && in.msi_ready);
}

// The event-path twin drives the run; the per-edge twin follows it, fed the
// frames word by word. A difference throws (nic_device stops the run and
// keeps the message: model_error()).
class event_checked final : public rxsim::nic_rtl {
public:
    event_checked(unsigned wire_bytes, uint64_t clk_period_ps)
        : a_(wire_bytes, clk_period_ps), b_(wire_bytes, clk_period_ps)
    {
        a_.set_frames_whole(true);
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
    uint32_t run_quiet(const nic_inputs &in, uint32_t cycles, nic_outputs &out, std::vector<uint8_t> &burst) override
    {
        size_t beat = burst.size(); // the beats a_ let by, checked against b_'s
        const uint32_t done = a_.run_quiet(in, cycles, out, burst);
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
                if (b_out_.dmaw_valid && b_in_.dmaw_ready) {
                    if (b_out_.dmaw_last || beat + 16 > burst.size())
                        fail("a burst's last DMA write beat, or one not handed over, inside a quiet stretch");
                    for (int i = 0; i < 4; ++i, beat += 4)
                        if (b_out_.dmaw_data[i] != (uint32_t(burst[beat]) | uint32_t(burst[beat + 1]) << 8 |
                                                    uint32_t(burst[beat + 2]) << 16 | uint32_t(burst[beat + 3]) << 24))
                            fail("a DMA write beat handed over with other data");
                    ++beats_;
                } else if (handshake(b_in_, b_out_)) {
                    fail("a handshake inside a quiet stretch");
                }
                --left;
            }
            b_rise();
        }
        if (beat != burst.size())
            fail("more DMA write beats handed over than the per-edge twin made");
        if (done == 0) { // `out` is the next edge's, settled with `in`
            b_in_ = with_word(in);
            b_.settle(b_in_, b_out_);
        }
        expect_same(out, done ? "after a quiet stretch" : "settled by a quiet stretch of none");
        quiet_cycles_ += done;
        return done;
    }

    uint64_t edges_ = 0, quiet_cycles_ = 0, frames_ = 0, beats_ = 0; // beats_: handed over

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

    rxsim::twin_nic a_, b_;
    nic_inputs b_in_;
    nic_outputs b_out_;
    std::vector<uint8_t> frame_;
    size_t pos_ = 0;
};

} // namespace rxsim_test

#endif
