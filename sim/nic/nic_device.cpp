#include "nic_device.h"

#include <algorithm>
#include <string>

#include "le32.h"
#include "nic_regs.h"
#include "ps_time.h"

namespace rxsim {

namespace {

constexpr unsigned kDmaBeatBytes = 16;
// nic_top's register space: mmio_req_addr is NIC_MMIO_ADDR_W bits wide.
constexpr uint64_t kMmioSpaceBytes = uint64_t(1) << NIC_MMIO_ADDR_W;

uint64_t now_ps() { return time_to_ps(sc_core::sc_time_stamp()); }

} // namespace

nic_device::nic_device(sc_core::sc_module_name name, std::unique_ptr<nic_rtl> rtl,
                       pcie_device_port &port, const pcie_params &params,
                       const nic_device_config &config)
    : sc_module(name), mmio_socket("mmio_socket"), rtl_(std::move(rtl)), port_(port),
      config_(config), period_(rtl_->clk_period_ps()),
      lookahead_(std::min(params.mmio_write_latency_ps, params.mmio_read_rtt_ps / 2)),
      frames_whole_(config_.skip_idle && rtl_->frames_whole())
{
    if (lookahead_ < period_)
        SC_REPORT_FATAL("rxsim/nic", "lookahead (smallest MMIO latency) shorter than a clock period");
    mmio_socket.register_b_transport(this, &nic_device::b_transport);
    rtl_->reset();
    rtl_->settle(in_, out_);
    SC_THREAD(thread);
}

// A model that cannot go on (the lock-step models diverged) stops the
// simulation here: an exception out of an SC_THREAD would abort the process.
void nic_device::thread()
{
    try {
        for (;;) {
            const uint64_t now = now_ps();
            run_until(now + lookahead_);
            wait_for_work(now);
        }
    } catch (const std::exception &e) {
        model_error_ = e.what();
        sc_core::sc_stop();
    }
}

// Every edge at or before horizon_ps, skipping idle stretches.
void nic_device::run_until(uint64_t horizon_ps)
{
    const uint64_t last = horizon_ps / period_;
    while (cycle_ < last) {
        if (frames_whole_) {
            const uint64_t input = next_input_edge();
            if (input > cycle_ + 1 && run_quiet(std::min(last, input - 1) - cycle_))
                continue;
            edge();
            continue;
        }
        if (config_.skip_idle && out_.idle_cycles > 1) {
            // With no timer running (idle_cycles at its maximum) a skip
            // changes nothing but the cycle count: one skip edge stands for
            // any number of cycles (an idle day is 13.5e12 of them).
            const bool no_timer = out_.idle_cycles == UINT32_MAX;
            uint64_t n = no_timer ? last - cycle_ : std::min<uint64_t>(out_.idle_cycles, last - cycle_);
            const uint64_t input = next_input_edge();
            n = input > cycle_ + 1 ? std::min(n, input - 1 - cycle_) : 0;
            if (n > 1) {
                if (n > UINT32_MAX) {
                    skip(UINT32_MAX);
                    cycle_ += n - UINT32_MAX;
                    counters_.skipped_cycles += n - UINT32_MAX;
                    continue;
                }
                skip(static_cast<uint32_t>(n));
                continue;
            }
        }
        edge();
    }
}

// Waits until SystemC time lets the next edge that matters run: when the
// model is busy, until SystemC has caught up with it (a new window of L);
// when it is idle, until its next input or timer expiry is within L.
void nic_device::wait_for_work(uint64_t now)
{
    ++counters_.waits;
    uint64_t wake = cycle_ * period_;
    if (config_.skip_idle && out_.idle_cycles > 0) {
        uint64_t next = next_input_edge();
        if (out_.idle_cycles != UINT32_MAX)
            next = std::min(next, cycle_ + out_.idle_cycles);
        if (next == wire_driver::no_edge) {
            wait(mmio_arrived_);
            return;
        }
        wake = std::max(wake, next * period_ - lookahead_);
    }
    // run_until stopped because edge cycle_ + 1 lies beyond now + L.
    wake = std::max(wake, (cycle_ + 1) * period_ - lookahead_);
    wait(ps_to_time(wake - now), mmio_arrived_);
}

uint64_t nic_device::next_input_edge()
{
    uint64_t e = wire_ ? wire_->next_edge() : wire_driver::no_edge;
    if (!mmio_queue_.empty())
        e = std::min(e, edge_at(mmio_queue_.front().arrival_ps));
    if (read_.active)
        e = std::min(e, read_.due_edge);
    return e;
}

void nic_device::check_not_past(uint64_t t, const char *what) const
{
    if (t < now_ps())
        SC_REPORT_FATAL("rxsim/nic", (std::string(what) + " issued in SystemC's past: the lookahead rule was broken").c_str());
}

void nic_device::present_inputs(uint64_t k)
{
    if (wire_) {
        if (frames_whole_ && wire_->take_frame(k, frame_))
            rtl_->take_frame(frame_.data(), static_cast<uint32_t>(frame_.size()));
        wire_->drive(k, in_);
    }
    in_.mmio_req_valid = false;
    if (!mmio_queue_.empty() && edge_at(mmio_queue_.front().arrival_ps) <= k) {
        const mmio_request &r = mmio_queue_.front();
        in_.mmio_req_valid = true;
        in_.mmio_req_write = r.write;
        in_.mmio_req_addr = r.addr;
        in_.mmio_req_wdata = r.wdata;
    }
    in_.dmar_req_ready = !read_.active;
    in_.dmar_rsp_valid = read_.active && read_.due_edge <= k;
    if (in_.dmar_rsp_valid) {
        const uint8_t *beat = &read_.data[kDmaBeatBytes * read_.beat];
        for (unsigned i = 0; i < 4; ++i)
            in_.dmar_rsp_data[i] = load_le32(beat + 4 * i);
        in_.dmar_rsp_last = read_.beat + 1 == read_.beats;
    }
    in_.dmaw_ready = k * period_ >= write_free_ps_;
}

void nic_device::edge()
{
    const uint64_t k = cycle_ + 1;
    const uint64_t t = k * period_;
    present_inputs(k);
    rtl_->settle(in_, out_);

    // Handshakes this edge samples.
    if (in_.mmio_req_valid && out_.mmio_req_ready) {
        const mmio_request r = mmio_queue_.front();
        mmio_queue_.pop_front();
        if (r.read)
            mmio_reading_.push_back(r.read);
    }
    if (out_.mmio_rsp_valid && in_.mmio_rsp_ready) {
        if (mmio_reading_.empty())
            SC_REPORT_FATAL("rxsim/nic", "nic_top answered an MMIO read nobody issued");
        mmio_read_slot *slot = mmio_reading_.front();
        mmio_reading_.pop_front();
        slot->rdata = out_.mmio_rsp_rdata;
        slot->answer_ps = t;
        slot->done = true;
        mmio_answered_.notify(sc_core::SC_ZERO_TIME);
    }
    if (out_.dmar_req_valid && in_.dmar_req_ready) {
        issue_dma_read(t);
    } else if (in_.dmar_rsp_valid && out_.dmar_rsp_ready) {
        if (++read_.beat == read_.beats)
            read_.active = false;
    }
    if (out_.dmaw_valid && in_.dmaw_ready && !take_dma_write_beat(t)) {
        // The refusal comes with the last beat, as a target abort in its
        // data phase: the RTL sees dmaw_err at this edge (it has no path
        // from dmaw_err to an output, so the outputs stay as settled).
        in_.dmaw_err = true;
        rtl_->settle(in_, out_);
        in_.dmaw_err = false;
    }
    if (out_.msi_valid && in_.msi_ready) {
        ++counters_.msi;
        if (config_.msi) {
            check_not_past(t, "MSI");
            interrupt_issued(t);
            port_.msi(config_.msi_data, ps_to_time(t));
        }
    }

    rtl_->rise(t, out_);
    cycle_ = k;
    ++counters_.edges;
    after_rise(t);
}

// The event path: the model clocks up to `cycles` quiet edges itself; false
// when it did none (the next edge has a handshake: edge() evaluates it).
bool nic_device::run_quiet(uint64_t cycles)
{
    const uint64_t k = cycle_ + 1;
    in_.wire_valid = in_.wire_sof = in_.wire_eof = false;
    in_.mmio_req_valid = false;
    in_.dmar_req_ready = !read_.active;
    in_.dmar_rsp_valid = false;
    in_.dmaw_ready = k * period_ >= write_free_ps_;
    // Outputs that make a handshake at the next edge: do not ask.
    if (out_.mmio_rsp_valid || (out_.dmar_req_valid && in_.dmar_req_ready) ||
        (out_.dmaw_valid && in_.dmaw_ready && out_.dmaw_last) || out_.msi_valid)
        return false;
    if (!in_.dmaw_ready) // it rises at an edge of its own
        cycles = std::min(cycles, edge_at(write_free_ps_) - k);
    const bool burst_begins = write_burst_.empty();
    const uint32_t done =
        rtl_->run_quiet(in_, static_cast<uint32_t>(std::min<uint64_t>(cycles, UINT32_MAX)), out_, write_burst_);
    if (burst_begins && !write_burst_.empty()) { // on the outputs until its last beat
        write_addr_ = out_.dmaw_addr;
        write_len_ = out_.dmaw_len;
    }
    if (done == 0)
        return false;
    cycle_ += done;
    ++counters_.edges;
    ++counters_.skip_edges;
    counters_.skipped_cycles += done;
    after_rise(cycle_ * period_);
    return true;
}

void nic_device::skip(uint32_t cycles)
{
    in_.wire_valid = in_.wire_sof = in_.wire_eof = false;
    in_.mmio_req_valid = false;
    in_.dmar_rsp_valid = false;
    in_.skip_valid = true;
    in_.skip_cycles = cycles;
    rtl_->settle(in_, out_);
    rtl_->rise((cycle_ + cycles) * period_, out_);
    in_.skip_valid = false;
    in_.skip_cycles = 0;
    cycle_ += cycles;
    ++counters_.edges;
    ++counters_.skip_edges;
    counters_.skipped_cycles += cycles;
    after_rise(cycle_ * period_);
}

// What on_observed watches, and INTx, a level: each change is heard of at the
// edge that made it.
void nic_device::after_rise(uint64_t t)
{
    if (on_observed) {
        const nic_observed o = rtl_->observed();
        if (o.fifo_frames != observed_.fifo_frames || o.itr_running != observed_.itr_running ||
            o.rdtr_running != observed_.rdtr_running || o.radv_running != observed_.radv_running ||
            o.rdh != observed_.rdh || o.rdt != observed_.rdt) {
            on_observed(t, observed_, o);
            observed_ = o;
        }
    }
    if (out_.intx == intx_)
        return;
    intx_ = out_.intx;
    ++counters_.intx_changes;
    if (config_.msi)
        return;
    check_not_past(t, "INTx message");
    if (intx_)
        interrupt_issued(t);
    port_.intx(intx_, ps_to_time(t));
}

void nic_device::interrupt_issued(uint64_t t)
{
    ++counters_.interrupts;
    if (config_.keep_interrupt_times)
        interrupts_.push_back(t);
    if (on_interrupt)
        on_interrupt(t);
}

bool nic_device::take_dma_write_beat(uint64_t t)
{
    if (write_burst_.empty()) {
        write_addr_ = out_.dmaw_addr;
        write_len_ = out_.dmaw_len;
    }
    const size_t at = write_burst_.size();
    write_burst_.resize(at + kDmaBeatBytes);
    for (unsigned i = 0; i < 4; ++i)
        store_le32(&write_burst_[at + 4 * i], out_.dmaw_data[i]);
    if (!out_.dmaw_last)
        return true;
    if (write_len_ > write_burst_.size())
        SC_REPORT_FATAL("rxsim/nic", "DMA write burst shorter than its dmaw_len");
    check_not_past(t, "DMA write");
    const pcie_result r = port_.dma_write(write_addr_, write_burst_.data(), write_len_, ps_to_time(t));
    const bool refused = r.status == tlm::TLM_GENERIC_ERROR_RESPONSE;
    if (!r.ok() && !refused)
        SC_REPORT_FATAL("rxsim/nic", "DMA write outside host memory");
    ++counters_.dma_writes;
    counters_.dma_writes_refused += refused;
    write_free_ps_ = time_to_ps(r.link_free);
    if (on_dma_write)
        on_dma_write({write_addr_, write_len_, t, write_free_ps_, time_to_ps(r.done), write_burst_.data(), refused});
    write_burst_.clear();
    return !refused;
}

void nic_device::issue_dma_read(uint64_t t)
{
    const uint32_t len = out_.dmar_req_len;
    if (len == 0 || len % kDmaBeatBytes != 0)
        SC_REPORT_FATAL("rxsim/nic", "DMA read length not a positive multiple of 16");
    check_not_past(t, "DMA read");
    read_.data.resize(len);
    const pcie_result r = port_.dma_read(out_.dmar_req_addr, read_.data.data(), len, ps_to_time(t));
    if (!r.ok())
        SC_REPORT_FATAL("rxsim/nic", "DMA read outside host memory");
    ++counters_.dma_reads;
    if (on_dma_read)
        on_dma_read(out_.dmar_req_addr, len, t, time_to_ps(r.done));
    read_.active = true;
    read_.beat = 0;
    read_.beats = len / kDmaBeatBytes;
    read_.due_edge = std::max(edge_at(time_to_ps(r.done)), cycle_ + 2);
}

void nic_device::b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    const uint64_t arrival = now_ps() + time_to_ps(delay);
    const uint64_t addr = trans.get_address();
    if (trans.get_data_length() != 4 || trans.get_streaming_width() < 4 || trans.get_byte_enable_ptr()) {
        trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (addr % 4 != 0 || addr >= kMmioSpaceBytes) {
        trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (!trans.is_read() && !trans.is_write()) {
        trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    if (edge_at(arrival) <= cycle_)
        SC_REPORT_FATAL("rxsim/nic", "MMIO request arrived in the NIC's past: the lookahead rule was broken");

    mmio_read_slot slot;
    mmio_request r{arrival, trans.is_write(), static_cast<uint32_t>(addr),
                   trans.is_write() ? load_le32(trans.get_data_ptr()) : 0u,
                   trans.is_write() ? nullptr : &slot};
    // By arrival time; requests arriving together keep their call order.
    auto at = std::upper_bound(mmio_queue_.begin(), mmio_queue_.end(), arrival,
                               [](uint64_t a, const mmio_request &q) { return a < q.arrival_ps; });
    mmio_queue_.insert(at, r);
    mmio_arrived_.notify(sc_core::SC_ZERO_TIME);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    if (trans.is_write()) {
        ++counters_.mmio_writes;
        return;
    }
    ++counters_.mmio_reads;
    while (!slot.done)
        wait(mmio_answered_);
    store_le32(trans.get_data_ptr(), slot.rdata);
    delay = ps_to_time(slot.answer_ps - now_ps());
}

} // namespace rxsim
