// The behavioral twin (twin/nic_twin.h, C) adapted to nic_rtl, as
// verilated_nic.h adapts a Verilated model.
#ifndef RXSIM_TWIN_NIC_H
#define RXSIM_TWIN_NIC_H

#include <memory>

#include "nic_regs.h"
#include "nic_rtl.h"

struct nic_twin;

namespace rxsim {

class twin_nic final : public nic_rtl {
public:
    // nic_top #(DATA_W = 8 * wire_bytes, CLK_PERIOD_PS, FIFO_BYTES, DESC_CACHE);
    // std::invalid_argument for parameters the RTL refuses.
    twin_nic(unsigned wire_bytes, uint64_t clk_period_ps, uint32_t fifo_bytes = NIC_PACKET_BUFFER_KB * 1024, uint32_t desc_cache = 64);
    // The event path (nic_rtl.h) on, for runs that compare no edge (off
    // unless set).
    void set_frames_whole(bool on) { frames_whole_ = on; }

    unsigned wire_bytes() const override { return wire_bytes_; }
    uint64_t clk_period_ps() const override { return clk_period_ps_; }
    void reset() override;
    void settle(const nic_inputs &in, nic_outputs &out) override;
    nic_observed observed() const override;
    void rise(uint64_t edge_ps, nic_outputs &out) override;
    bool frames_whole() const override { return frames_whole_; }
    void take_frame(const uint8_t *wire, uint32_t len) override;
    uint32_t run_quiet(const nic_inputs &in, uint32_t cycles, nic_outputs &out, std::vector<uint8_t> &burst) override;

private:
    struct free_twin {
        void operator()(nic_twin *t) const;
    };
    std::unique_ptr<nic_twin, free_twin> t_;
    unsigned wire_bytes_;
    uint64_t clk_period_ps_;
    bool frames_whole_ = false;
};

} // namespace rxsim

#endif
