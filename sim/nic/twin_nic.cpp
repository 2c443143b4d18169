#include "twin_nic.h"

#include <stdexcept>

#include "nic_twin.h"

namespace rxsim {

namespace {

void copy(const nic_twin_outputs &o, nic_outputs &out)
{
    out.mmio_req_ready = o.mmio_req_ready;
    out.mmio_rsp_valid = o.mmio_rsp_valid;
    out.mmio_rsp_rdata = o.mmio_rsp_rdata;
    out.dmar_req_valid = o.dmar_req_valid;
    out.dmar_rsp_ready = o.dmar_rsp_ready;
    out.dmar_req_addr = o.dmar_req_addr;
    out.dmar_req_len = o.dmar_req_len;
    out.dmaw_valid = o.dmaw_valid;
    out.dmaw_last = o.dmaw_last;
    out.dmaw_addr = o.dmaw_addr;
    out.dmaw_len = o.dmaw_len;
    for (int i = 0; i < 4; ++i)
        out.dmaw_data[i] = o.dmaw_data[i];
    out.intx = o.intx;
    out.msi_valid = o.msi_valid;
    out.idle_cycles = o.idle_cycles;
}

} // namespace

void twin_nic::free_twin::operator()(nic_twin *t) const { nic_twin_free(t); }

twin_nic::twin_nic(unsigned wire_bytes, uint64_t clk_period_ps, uint32_t fifo_bytes, uint32_t desc_cache)
    : t_(nic_twin_new(8 * wire_bytes, clk_period_ps, fifo_bytes, desc_cache)), wire_bytes_(wire_bytes),
      clk_period_ps_(clk_period_ps)
{
    if (!t_)
        throw std::invalid_argument("the behavioral NIC takes no such parameters (DATA_W, CLK_PERIOD_PS, "
                                    "FIFO_BYTES, DESC_CACHE)");
}

void twin_nic::reset() { nic_twin_reset(t_.get()); }

void twin_nic::settle(const nic_inputs &in, nic_outputs &out)
{
    nic_twin_inputs i;
    i.wire_valid = in.wire_valid;
    i.wire_sof = in.wire_sof;
    i.wire_eof = in.wire_eof;
    i.wire_data = in.wire_data;
    i.wire_keep = in.wire_keep;
    i.mmio_req_valid = in.mmio_req_valid;
    i.mmio_req_write = in.mmio_req_write;
    i.mmio_req_addr = in.mmio_req_addr;
    i.mmio_req_wdata = in.mmio_req_wdata;
    i.mmio_rsp_ready = in.mmio_rsp_ready;
    i.dmar_req_ready = in.dmar_req_ready;
    i.dmar_rsp_valid = in.dmar_rsp_valid;
    i.dmar_rsp_last = in.dmar_rsp_last;
    for (int k = 0; k < 4; ++k)
        i.dmar_rsp_data[k] = in.dmar_rsp_data[k];
    i.dmaw_ready = in.dmaw_ready;
    i.dmaw_err = in.dmaw_err;
    i.phy_link = in.phy_link;
    i.msi_ready = in.msi_ready;
    i.skip_valid = in.skip_valid;
    i.skip_cycles = in.skip_cycles;
    nic_twin_outputs o;
    nic_twin_settle(t_.get(), &i, &o);
    copy(o, out);
}

void twin_nic::rise(uint64_t, nic_outputs &out)
{
    nic_twin_outputs o;
    nic_twin_rise(t_.get(), &o);
    copy(o, out);
}

nic_observed twin_nic::observed() const
{
    struct nic_twin_observed o;
    nic_twin_observe(t_.get(), &o);
    nic_observed r;
    r.fifo_frames = o.fifo_frames;
    r.fifo_bytes = o.fifo_bytes;
    r.itr_running = o.itr_running;
    r.rdtr_running = o.rdtr_running;
    r.radv_running = o.radv_running;
    r.rdh = o.rdh;
    r.rdt = o.rdt;
    return r;
}

} // namespace rxsim
