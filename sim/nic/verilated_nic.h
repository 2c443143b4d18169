// Adapts a Verilated nic_top class (any DATA_W / CLK_PERIOD_PS) to nic_rtl.
// Include the model's header before this one. traced_nic.h extends it.
#ifndef RXSIM_VERILATED_NIC_H
#define RXSIM_VERILATED_NIC_H

#include "nic_rtl.h"

namespace rxsim {

template <class Model>
class verilated_nic : public nic_rtl {
public:
    verilated_nic(unsigned wire_bytes, uint64_t clk_period_ps)
        : wire_bytes_(wire_bytes), clk_period_ps_(clk_period_ps)
    {
    }

    unsigned wire_bytes() const override { return wire_bytes_; }
    uint64_t clk_period_ps() const override { return clk_period_ps_; }

    void reset() override
    {
        m_.rst_n = 0;
        for (int i = 0; i < 4; ++i) {
            m_.clk = 0;
            m_.eval();
            m_.clk = 1;
            m_.eval();
        }
        m_.rst_n = 1;
    }

    void settle(const nic_inputs &in, nic_outputs &out) override
    {
        m_.wire_valid = in.wire_valid;
        m_.wire_sof = in.wire_sof;
        m_.wire_eof = in.wire_eof;
        m_.wire_data = in.wire_data;
        m_.wire_keep = in.wire_keep;
        m_.mmio_req_valid = in.mmio_req_valid;
        m_.mmio_req_write = in.mmio_req_write;
        m_.mmio_req_addr = in.mmio_req_addr;
        m_.mmio_req_wdata = in.mmio_req_wdata;
        m_.mmio_rsp_ready = in.mmio_rsp_ready;
        m_.dmar_req_ready = in.dmar_req_ready;
        m_.dmar_rsp_valid = in.dmar_rsp_valid;
        m_.dmar_rsp_last = in.dmar_rsp_last;
        for (int i = 0; i < 4; ++i)
            m_.dmar_rsp_data[i] = in.dmar_rsp_data[i];
        m_.dmaw_ready = in.dmaw_ready;
        m_.dmaw_err = in.dmaw_err;
        m_.phy_link = in.phy_link;
        m_.msi_ready = in.msi_ready;
        m_.skip_valid = in.skip_valid;
        m_.skip_cycles = in.skip_cycles;
        m_.clk = 0;
        m_.eval();
        read(out);
    }

    nic_observed observed() const override
    {
        nic_observed o;
        o.fifo_frames = m_.fifo_frames;
        o.fifo_bytes = m_.fifo_bytes;
        o.itr_running = m_.itr_running;
        o.rdtr_running = m_.rdtr_running;
        o.radv_running = m_.radv_running;
        o.rdh = m_.rdh;
        o.rdt = m_.rdt;
        return o;
    }

    void rise(uint64_t, nic_outputs &out) override
    {
        m_.clk = 1;
        m_.eval();
        read(out);
    }

protected:
    Model &model() { return m_; }

private:
    void read(nic_outputs &out) const
    {
        out.mmio_req_ready = m_.mmio_req_ready;
        out.mmio_rsp_valid = m_.mmio_rsp_valid;
        out.mmio_rsp_rdata = m_.mmio_rsp_rdata;
        out.dmar_req_valid = m_.dmar_req_valid;
        out.dmar_rsp_ready = m_.dmar_rsp_ready;
        out.dmar_req_addr = m_.dmar_req_addr;
        out.dmar_req_len = m_.dmar_req_len;
        out.dmaw_valid = m_.dmaw_valid;
        out.dmaw_last = m_.dmaw_last;
        out.dmaw_addr = m_.dmaw_addr;
        out.dmaw_len = m_.dmaw_len;
        for (int i = 0; i < 4; ++i)
            out.dmaw_data[i] = m_.dmaw_data[i];
        out.intx = m_.intx;
        out.msi_valid = m_.msi_valid;
        out.idle_cycles = m_.idle_cycles;
    }

    Model m_;
    unsigned wire_bytes_;
    uint64_t clk_period_ps_;
};

} // namespace rxsim

#endif
