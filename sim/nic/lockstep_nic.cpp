#include "lockstep_nic.h"

#include <cinttypes>
#include <cstdio>
#include <utility>

namespace rxsim {

namespace {

std::string hex(uint64_t v)
{
    char s[24];
    std::snprintf(s, sizeof s, "0x%" PRIx64, v);
    return s;
}

std::string words(const uint32_t (&w)[4])
{
    char s[48];
    std::snprintf(s, sizeof s, "%08x_%08x_%08x_%08x", w[3], w[2], w[1], w[0]);
    return s;
}

// The first of a list of (name, a's value, b's value) that differs.
struct port_diff {
    std::string port, va, vb;
    bool check(const char *name, uint64_t a, uint64_t b)
    {
        if (!port.empty() || a == b)
            return false;
        port = name;
        va = hex(a);
        vb = hex(b);
        return true;
    }
};

} // namespace

lockstep_nic::lockstep_nic(std::unique_ptr<nic_rtl> a, std::string a_name, std::unique_ptr<nic_rtl> b,
                           std::string b_name)
    : a_(std::move(a)), b_(std::move(b)), a_name_(std::move(a_name)), b_name_(std::move(b_name))
{
    if (a_->wire_bytes() != b_->wire_bytes() || a_->clk_period_ps() != b_->clk_period_ps())
        throw std::invalid_argument("lock-step models of different NIC builds");
}

void lockstep_nic::reset()
{
    a_->reset();
    b_->reset();
    pending_port_.clear();
}

std::string lockstep_nic::differ(const nic_outputs &a, const nic_outputs &b, std::string &va, std::string &vb)
{
    port_diff d;
    d.check("mmio_req_ready", a.mmio_req_ready, b.mmio_req_ready);
    d.check("mmio_rsp_valid", a.mmio_rsp_valid, b.mmio_rsp_valid);
    d.check("mmio_rsp_rdata", a.mmio_rsp_rdata, b.mmio_rsp_rdata);
    d.check("dmar_req_valid", a.dmar_req_valid, b.dmar_req_valid);
    d.check("dmar_req_addr", a.dmar_req_addr, b.dmar_req_addr);
    d.check("dmar_req_len", a.dmar_req_len, b.dmar_req_len);
    d.check("dmar_rsp_ready", a.dmar_rsp_ready, b.dmar_rsp_ready);
    d.check("dmaw_valid", a.dmaw_valid, b.dmaw_valid);
    d.check("dmaw_last", a.dmaw_last, b.dmaw_last);
    d.check("dmaw_addr", a.dmaw_addr, b.dmaw_addr);
    d.check("dmaw_len", a.dmaw_len, b.dmaw_len);
    if (d.port.empty()) {
        for (int i = 0; i < 4; ++i)
            if (a.dmaw_data[i] != b.dmaw_data[i]) {
                d.port = "dmaw_data";
                d.va = words(a.dmaw_data);
                d.vb = words(b.dmaw_data);
                break;
            }
    }
    d.check("intx", a.intx, b.intx);
    d.check("msi_valid", a.msi_valid, b.msi_valid);
    d.check("idle_cycles", a.idle_cycles, b.idle_cycles);
    va = d.va;
    vb = d.vb;
    return d.port;
}

std::string lockstep_nic::differ(const nic_observed &a, const nic_observed &b, std::string &va, std::string &vb)
{
    port_diff d;
    d.check("fifo_frames", a.fifo_frames, b.fifo_frames);
    d.check("fifo_bytes", a.fifo_bytes, b.fifo_bytes);
    d.check("itr_running", a.itr_running, b.itr_running);
    d.check("rdtr_running", a.rdtr_running, b.rdtr_running);
    d.check("radv_running", a.radv_running, b.radv_running);
    d.check("rdh", a.rdh, b.rdh);
    d.check("rdt", a.rdt, b.rdt);
    va = d.va;
    vb = d.vb;
    return d.port;
}

void lockstep_nic::settle(const nic_inputs &in, nic_outputs &out)
{
    in_ = in;
    a_->settle(in, out);
    b_->settle(in, b_out_);
    settled_ = out;
    if (pending_port_.empty())
        pending_port_ = differ(out, b_out_, pending_a_, pending_b_);
}

void lockstep_nic::rise(uint64_t edge_ps, nic_outputs &out)
{
    if (!pending_port_.empty())
        diverged(edge_ps, "settled before", pending_port_, pending_a_, pending_b_);
    note_events(edge_ps);
    a_->rise(edge_ps, out);
    b_->rise(edge_ps, b_out_);
    ++edges_;
    std::string va, vb;
    std::string port = differ(out, b_out_, va, vb);
    if (!port.empty())
        diverged(edge_ps, "driven after", port, va, vb);
    port = differ(a_->observed(), b_->observed(), va, vb);
    if (!port.empty())
        diverged(edge_ps, "observed after", port, va, vb);
}

// The handshakes this edge completes, as the first model saw them.
void lockstep_nic::note_events(uint64_t edge_ps)
{
    char s[96];
    if (in_.mmio_req_valid && settled_.mmio_req_ready) {
        if (in_.mmio_req_write)
            std::snprintf(s, sizeof s, "MMIO write 0x%05x = 0x%08x", in_.mmio_req_addr, in_.mmio_req_wdata);
        else
            std::snprintf(s, sizeof s, "MMIO read 0x%05x", in_.mmio_req_addr);
        remember(edge_ps, s);
    }
    if (settled_.mmio_rsp_valid && in_.mmio_rsp_ready) {
        std::snprintf(s, sizeof s, "MMIO read answered 0x%08x", settled_.mmio_rsp_rdata);
        remember(edge_ps, s);
    }
    if (settled_.dmar_req_valid && in_.dmar_req_ready) {
        std::snprintf(s, sizeof s, "DMA read 0x%" PRIx64 ", %u bytes", settled_.dmar_req_addr,
                      unsigned(settled_.dmar_req_len));
        remember(edge_ps, s);
    }
    if (settled_.dmaw_valid && in_.dmaw_ready && settled_.dmaw_last) {
        std::snprintf(s, sizeof s, "DMA write 0x%" PRIx64 ", %u bytes%s", settled_.dmaw_addr,
                      unsigned(settled_.dmaw_len), in_.dmaw_err ? " (refused)" : "");
        remember(edge_ps, s);
    }
    if (settled_.msi_valid && in_.msi_ready)
        remember(edge_ps, "MSI");
}

void lockstep_nic::remember(uint64_t edge_ps, std::string what)
{
    ring_[ring_next_] = {edge_ps, std::move(what)};
    ring_next_ = (ring_next_ + 1) % ring_size;
    if (ring_count_ < ring_size)
        ++ring_count_;
}

void lockstep_nic::diverged(uint64_t edge_ps, const char *when, const std::string &port, const std::string &va,
                            const std::string &vb) const
{
    const uint64_t cycle = edge_ps / clk_period_ps();
    char head[160];
    std::snprintf(head, sizeof head, "NIC models diverged at the edge at %" PRIu64 " ps (cycle %" PRIu64 "), %s it: ",
                  edge_ps, cycle, when);
    std::string account = head + port + " " + a_name_ + " " + va + ", " + b_name_ + " " + vb;
    account += "; the last MMIO/DMA events before it:";
    if (ring_count_ == 0)
        account += " none";
    for (std::size_t i = 0; i < ring_count_; ++i) {
        const event &e = ring_[(ring_next_ + ring_size - ring_count_ + i) % ring_size];
        char at[40];
        std::snprintf(at, sizeof at, "\n  %" PRIu64 " ps (cycle %" PRIu64 "): ", e.edge_ps, e.edge_ps / clk_period_ps());
        account += at + e.what;
    }
    throw nic_divergence(account, edge_ps, cycle, port);
}

} // namespace rxsim
