#include "trivial_host.h"

#include <algorithm>
#include <cstring>

#include "frame_match.h"
#include "le32.h"
#include "nic_regs.h"
#include "ps_time.h"
#include "rxtrace.h"

namespace rxsim {

namespace {

constexpr uint32_t kBufferBytes = 2048; // RCTL.BSIZE = 0

uint64_t now_ps() { return time_to_ps(sc_core::sc_time_stamp()); }

} // namespace

trivial_host::trivial_host(sc_core::sc_module_name name, pcie_platform &bus, nic_device &nic,
                           wire_driver &wire, const trivial_host_config &config)
    : sc_module(name), irq_socket("irq_socket"), bus_(bus), config_(config),
      desc_done_ps_(config.ring_size, 0), data_done_ps_(config.ring_size, 0)
{
    if (config_.ring_size < 8 || config_.ring_size % 8 != 0)
        SC_REPORT_FATAL("rxsim/trivial_host", "ring_size must be a multiple of 8");
    irq_socket.register_b_transport(this, &trivial_host::b_transport);
    nic.on_dma_write = [this](const dma_write_record &w) { on_dma_write(w); };
    wire.on_frame = [this](const wire_frame &f) {
        expected_.push_back({f.index, f.start_ps, std::vector<uint8_t>(f.data, f.data + f.len)});
    };
    SC_THREAD(thread);
}

void trivial_host::thread()
{
    bring_up();
    for (;;) {
        const uint64_t now = now_ps();
        if (now >= config_.end_ps)
            break;
        if (!pending_irqs_.empty() && pending_irqs_.front() <= now) {
            pending_irqs_.pop_front();
            handle_interrupt();
            continue;
        }
        uint64_t until = config_.end_ps;
        if (!pending_irqs_.empty())
            until = std::min(until, pending_irqs_.front());
        wait(ps_to_time(until - now), irq_event_);
    }
    drain();
    // Wire frames never delivered were lost too.
    lost_ += expected_.size();
    expected_.clear();
    read_statistics();
    finished_ = true;
}

void trivial_host::bring_up()
{
    const unsigned n = config_.ring_size;
    ring_ = static_cast<uint8_t *>(hostmem_alloc_aligned(&bus_.memory, NIC_RXD_SIZE * n, 128, &ring_dma_));
    buffers_ = static_cast<uint8_t *>(hostmem_alloc_coherent(&bus_.memory, kBufferBytes * n, &buffers_dma_));
    if (!ring_ || !buffers_)
        SC_REPORT_FATAL("rxsim/trivial_host", "host memory too small for the ring");
    for (unsigned i = 0; i < n; ++i) {
        std::memset(desc(i), 0, NIC_RXD_SIZE);
        const uint64_t buf = buffers_dma_ + uint64_t(kBufferBytes) * i;
        store_le32(desc(i) + NIC_RXD_ADDR_OFFSET, static_cast<uint32_t>(buf));
        store_le32(desc(i) + NIC_RXD_ADDR_OFFSET + 4, static_cast<uint32_t>(buf >> 32));
    }
    const uint8_t mac[6] = RXTRACE_NIC_MAC;
    sc_core::sc_time local = sc_core::sc_time_stamp();
    cpu_mmio_port &cpu = bus_.cpu;
    cpu.mmio_write32(NIC_RAL(0), load_le32(mac), local);
    cpu.mmio_write32(NIC_RAH(0), (uint32_t(mac[4]) | uint32_t(mac[5]) << 8) | NIC_RAH_AV, local);
    cpu.mmio_write32(NIC_RDBAL, static_cast<uint32_t>(ring_dma_), local);
    cpu.mmio_write32(NIC_RDBAH, static_cast<uint32_t>(ring_dma_ >> 32), local);
    cpu.mmio_write32(NIC_RDLEN, NIC_RXD_SIZE * n, local);
    cpu.mmio_write32(NIC_RDH, 0, local);
    cpu.mmio_write32(NIC_RDT, n - 1, local); // one descriptor always stays unused
    cpu.mmio_write32(NIC_RDTR, config_.rdtr, local);
    cpu.mmio_write32(NIC_RADV, config_.radv, local);
    cpu.mmio_write32(NIC_ITR, config_.itr, local);
    cpu.mmio_write32(NIC_IMS, config_.ims, local);
    cpu.mmio_write32(NIC_RCTL, NIC_RCTL_EN | NIC_RCTL_BAM | NIC_RCTL_SECRC, local);
    wait(local - sc_core::sc_time_stamp());
}

// As e1000_intr + poll: read ICR, mask everything, clean, refill, unmask.
// Unmasking re-arms the interrupt: a cause that reached ICR in the very edge
// of the ICR read stays set without a new rising edge, so without it no
// further MSI would come.
void trivial_host::handle_interrupt()
{
    sc_core::sc_time local = sc_core::sc_time_stamp();
    cpu_mmio_port &cpu = bus_.cpu;
    if (cpu.mmio_read32(NIC_ICR, local) == 0)
        ++spurious_;
    cpu.mmio_write32(NIC_IMC, ~0u, local);
    if (clean(time_to_ps(local)) > 0 && config_.refill)
        give_back(local);
    cpu.mmio_write32(NIC_IMS, config_.ims, local);
    wait(local - sc_core::sc_time_stamp());
}

// After end_ps: give descriptors back and clean until a round of
// drain_poll_ps brings nothing (frames left in the FIFO arrive meanwhile).
void trivial_host::drain()
{
    do {
        sc_core::sc_time local = sc_core::sc_time_stamp();
        give_back(local);
        wait(local - sc_core::sc_time_stamp() + ps_to_time(config_.drain_poll_ps));
    } while (clean(now_ps()) > 0);
}

void trivial_host::read_statistics()
{
    sc_core::sc_time local = sc_core::sc_time_stamp();
    cpu_mmio_port &cpu = bus_.cpu;
    stats_.tpr = cpu.mmio_read32(NIC_TPR, local);
    stats_.gprc = cpu.mmio_read32(NIC_GPRC, local);
    stats_.bprc = cpu.mmio_read32(NIC_BPRC, local);
    stats_.mprc = cpu.mmio_read32(NIC_MPRC, local);
    stats_.mpc = cpu.mmio_read32(NIC_MPC, local);
    stats_.rnbc = cpu.mmio_read32(NIC_RNBC, local);
    stats_.crcerrs = cpu.mmio_read32(NIC_CRCERRS, local);
    stats_.ruc = cpu.mmio_read32(NIC_RUC, local);
    stats_.roc = cpu.mmio_read32(NIC_ROC, local);
    wait(local - sc_core::sc_time_stamp());
}

void trivial_host::give_back(sc_core::sc_time &local)
{
    const unsigned n = config_.ring_size;
    bus_.cpu.mmio_write32(NIC_RDT, (next_to_clean_ + n - 1) % n, local);
}

unsigned trivial_host::clean(uint64_t at_ps)
{
    const unsigned n = config_.ring_size;
    unsigned cleaned = 0;
    while (cleaned < n) {
        const unsigned i = next_to_clean_;
        uint8_t *d = desc(i);
        const uint8_t status = d[NIC_RXD_STATUS_OFFSET];
        if (!(status & NIC_RXD_STATUS_DD) || desc_done_ps_[i] > at_ps)
            break;
        const uint32_t len = uint32_t(d[NIC_RXD_LENGTH_OFFSET]) | uint32_t(d[NIC_RXD_LENGTH_OFFSET + 1]) << 8;
        const uint8_t *buf = buffers_ + uint64_t(kBufferBytes) * i;
        partial_.insert(partial_.end(), buf, buf + std::min(len, kBufferBytes));
        partial_data_done_ps_ = std::max(partial_data_done_ps_, data_done_ps_[i]);
        if (status & NIC_RXD_STATUS_EOP) {
            deliver(partial_, desc_done_ps_[i], partial_data_done_ps_, at_ps);
            partial_.clear();
            partial_data_done_ps_ = 0;
        }
        // Give the descriptor back: DD clear, buffer address kept.
        std::memset(d + NIC_RXD_LENGTH_OFFSET, 0, NIC_RXD_SIZE - NIC_RXD_LENGTH_OFFSET);
        next_to_clean_ = (i + 1) % n;
        ++cleaned;
    }
    return cleaned;
}

void trivial_host::deliver(const std::vector<uint8_t> &frame, uint64_t desc_done_ps,
                           uint64_t data_done_ps, uint64_t at_ps)
{
    received_frame rx;
    rx.data = frame.data();
    rx.len = frame.size();
    rx.fcs_stripped = true; // RCTL.SECRC
    const size_t at = find_wire_frame(expected_, rx);
    if (at == expected_.size()) {
        ++payload_errors_;
        return;
    }
    const auto match = expected_.begin() + static_cast<std::ptrdiff_t>(at);
    lost_ += at;
    ++delivered_;
    const uint64_t latency = desc_done_ps - match->wire_ps;
    latency_sum_ps_ += latency;
    latency_max_ps_ = std::max(latency_max_ps_, latency);
    if (config_.keep_records)
        records_.push_back({match->index, match->wire_ps, data_done_ps, desc_done_ps, at_ps});
    expected_.erase(expected_.begin(), match + 1);
}

// Remembers when each descriptor's write-back and each buffer's data become
// visible, so the host never takes what the NIC, running ahead, already wrote.
void trivial_host::on_dma_write(const dma_write_record &w)
{
    const uint64_t ring_end = ring_dma_ + NIC_RXD_SIZE * config_.ring_size;
    if (w.addr >= ring_dma_ && w.addr < ring_end) {
        for (uint64_t a = w.addr; a < w.addr + w.len && a < ring_end; a += NIC_RXD_SIZE)
            desc_done_ps_[(a - ring_dma_) / NIC_RXD_SIZE] = w.done_ps;
        return;
    }
    const uint64_t buffers_end = buffers_dma_ + uint64_t(kBufferBytes) * config_.ring_size;
    if (w.addr >= buffers_dma_ && w.addr < buffers_end)
        data_done_ps_[(w.addr - buffers_dma_) / kBufferBytes] = w.done_ps;
}

void trivial_host::b_transport(tlm::tlm_generic_payload &trans, sc_core::sc_time &delay)
{
    const uint64_t at = now_ps() + time_to_ps(delay);
    // MSI: the message data; INTx: one byte, 1 = assert.
    const bool intx_deassert = trans.get_data_length() == 1 && trans.get_data_ptr()[0] == 0;
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    if (intx_deassert)
        return;
    interrupts_.push_back(at);
    pending_irqs_.insert(std::upper_bound(pending_irqs_.begin(), pending_irqs_.end(), at), at);
    irq_event_.notify(sc_core::SC_ZERO_TIME);
}

} // namespace rxsim
