#include "ideal_bus.h"

#include <stdexcept>

#include "nic_defines.h"
#include "nic_regs.h"
#include "nic_rtl.h"
#include "rxtrace.h"

namespace rxsim_test {

using rxsim::nic_inputs;
using rxsim::nic_outputs;

namespace {

class ideal_bus {
public:
    explicit ideal_bus(const std::string &nic) : rtl_(rxsim::make_nic_rtl(nic))
    {
        rtl_->reset();
        in_.dmaw_ready = true;
    }

    // One edge; records the edge of every write burst's last beat.
    void edge()
    {
        ++edge_;
        in_.dmar_req_ready = read_beats_ == 0;
        in_.dmar_rsp_valid = read_beats_ > 0;
        in_.dmar_rsp_last = read_beats_ == 1;
        rtl_->settle(in_, out_);
        if (in_.mmio_req_valid && out_.mmio_req_ready)
            in_.mmio_req_valid = false;
        if (out_.mmio_rsp_valid && in_.mmio_rsp_ready && !answered_)
            answered_ = edge_;
        if (out_.dmar_req_valid && in_.dmar_req_ready)
            read_beats_ = out_.dmar_req_len / 16; // zeros: buffers at bus address 0
        else if (in_.dmar_rsp_valid && out_.dmar_rsp_ready)
            --read_beats_;
        if (out_.dmaw_valid) {
            if (burst_len_ == 0)
                burst_len_ = out_.dmaw_len;
            if (out_.dmaw_last) {
                bursts_.push_back({edge_, burst_len_});
                burst_len_ = 0;
            }
        }
        rtl_->rise(edge_ * rtl_->clk_period_ps(), out_);
    }

    void write(uint32_t addr, uint32_t value)
    {
        in_.mmio_req_valid = true;
        in_.mmio_req_write = true;
        in_.mmio_req_addr = addr;
        in_.mmio_req_wdata = value;
        while (in_.mmio_req_valid)
            edge();
    }

    // Puts preamble + frame on the wire, then idles 1000 edges; returns the
    // edge of the first word.
    uint64_t send(const std::vector<uint8_t> &wire)
    {
        const unsigned w = rtl_->wire_bytes();
        const uint64_t start = edge_ + 1;
        for (size_t pos = 0; pos < wire.size(); pos += w) {
            uint64_t data = 0;
            unsigned n = 0;
            for (; n < w && pos + n < wire.size(); ++n)
                data |= uint64_t(wire[pos + n]) << (8 * n);
            in_.wire_valid = true;
            in_.wire_sof = pos == 0;
            in_.wire_eof = pos + n == wire.size();
            in_.wire_data = data;
            in_.wire_keep = static_cast<uint8_t>((1u << n) - 1);
            edge();
        }
        in_.wire_valid = in_.wire_sof = in_.wire_eof = false;
        for (int i = 0; i < 1000; ++i)
            edge();
        return start;
    }

    struct burst {
        uint64_t edge;
        uint32_t len;
    };

    std::unique_ptr<rxsim::nic_rtl> rtl_;
    nic_inputs in_;
    nic_outputs out_;
    uint64_t edge_ = 0;
    unsigned read_beats_ = 0;
    uint32_t burst_len_ = 0;
    uint64_t answered_ = 0; // edge of the first MMIO read response
    std::vector<burst> bursts_;
};

} // namespace

ideal_frame_timing ideal_frame(const std::string &nic, const std::vector<uint8_t> &frame,
                               unsigned ring_size)
{
    ideal_bus bus(nic);
    const uint8_t mac[6] = RXTRACE_NIC_MAC;
    bus.write(NIC_RAL(0), uint32_t(mac[0]) | uint32_t(mac[1]) << 8 | uint32_t(mac[2]) << 16 |
                              uint32_t(mac[3]) << 24);
    bus.write(NIC_RAH(0), (uint32_t(mac[4]) | uint32_t(mac[5]) << 8) | NIC_RAH_AV);
    bus.write(NIC_RDLEN, NIC_RXD_SIZE * ring_size);
    bus.write(NIC_RDT, ring_size - 1);
    bus.write(NIC_RCTL, NIC_RCTL_EN | NIC_RCTL_BAM | NIC_RCTL_SECRC);
    std::vector<uint8_t> wire(7, 0x55);
    wire.push_back(0xD5);
    wire.insert(wire.end(), frame.begin(), frame.end());
    bus.send(wire);
    bus.bursts_.clear();
    const uint64_t start = bus.send(wire);
    if (bus.bursts_.size() != 2)
        throw std::runtime_error("ideal bus: expected a data burst and a write-back");
    return {bus.bursts_[0].edge - start, bus.bursts_[1].edge - start, bus.bursts_[0].len};
}

uint64_t ideal_mmio_read_edges(const std::string &nic, uint32_t addr)
{
    ideal_bus bus(nic);
    for (int i = 0; i < 10; ++i)
        bus.edge();
    bus.in_.mmio_req_valid = true;
    bus.in_.mmio_req_write = false;
    bus.in_.mmio_req_addr = addr;
    const uint64_t presented = bus.edge_ + 1;
    bus.edge();
    if (bus.in_.mmio_req_valid)
        throw std::runtime_error("ideal bus: the MMIO read was not accepted at once");
    while (!bus.answered_)
        bus.edge();
    return bus.answered_ - presented;
}

} // namespace rxsim_test
