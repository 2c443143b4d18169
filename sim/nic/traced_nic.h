// A traced build of nic_top (Verilated with --trace-fst) adapted to nic_rtl
// as verilated_nic does it, writing its signals to a waveform file: at each
// rising edge, the values settled with the clock low at half a period
// before it, then the values after it. The reset edges are not dumped (they
// take no simulated time); an edge that skips idle cycles shows as one long
// clock cycle. Include the model's header before this one.
#ifndef RXSIM_TRACED_NIC_H
#define RXSIM_TRACED_NIC_H

#include "verilated_nic.h"
#include "waveform_file.h"

namespace rxsim {

template <class Model>
class traced_nic final : public verilated_nic<Model> {
public:
    traced_nic(unsigned wire_bytes, uint64_t clk_period_ps, const nic_waveform &w)
        : verilated_nic<Model>(wire_bytes, clk_period_ps), file_(w)
    {
        this->model().trace(file_.fst(), file_.depth()); // 5.006 ignores the levels: open() applies them
        file_.open();
    }

    void rise(uint64_t edge_ps, nic_outputs &out) override
    {
        file_.dump(edge_ps - this->clk_period_ps() / 2);
        verilated_nic<Model>::rise(edge_ps, out);
        file_.dump(edge_ps);
    }

private:
    waveform_file file_;
};

} // namespace rxsim

#endif
