// A model that cannot go on (the lock-step models diverged: lockstep_nic
// throws) stops the simulation from the NIC's thread, and nic_device says
// why: an exception out of an SC_THREAD would abort the process instead.
#include <gtest/gtest.h>

#include <stdexcept>

#include "nic_device.h"
#include "nicsim_support.h"
#include "pcie_platform.h"
#include "ps_time.h"

using namespace rxsim;
using namespace rxsim_test;

namespace {

// Takes the interrupts (none come here).
struct irq_sink : sc_core::sc_module {
    tlm_utils::simple_target_socket<irq_sink> socket;
    explicit irq_sink(sc_core::sc_module_name name) : sc_module(name), socket("irq")
    {
        socket.register_b_transport(this, &irq_sink::take);
    }
    void take(tlm::tlm_generic_payload &trans, sc_core::sc_time &) { trans.set_response_status(tlm::TLM_OK_RESPONSE); }
};

// The RTL until edge `at`, then a failure.
class fails_at final : public nic_rtl {
public:
    explicit fails_at(uint64_t at) : rtl_(make_nic_rtl(NICSIM_NIC)), at_(at) {}
    unsigned wire_bytes() const override { return rtl_->wire_bytes(); }
    uint64_t clk_period_ps() const override { return rtl_->clk_period_ps(); }
    void reset() override { rtl_->reset(); }
    void settle(const nic_inputs &in, nic_outputs &out) override { rtl_->settle(in, out); }
    nic_observed observed() const override { return rtl_->observed(); }
    void rise(uint64_t edge_ps, nic_outputs &out) override
    {
        if (edge_ps >= at_)
            throw std::runtime_error("the model failed at " + std::to_string(edge_ps) + " ps");
        rtl_->rise(edge_ps, out);
    }

private:
    std::unique_ptr<nic_rtl> rtl_;
    uint64_t at_;
};

} // namespace

TEST(NICSIM_SUITE, AModelErrorStopsTheSimulationAndIsKept)
{
    const pcie_params p = pcie_params_default();
    pcie_platform bus("bus", p, 0x100000000ull, 1 << 20);
    nic_device_config cfg;
    cfg.skip_idle = false; // every edge: the failing one is reached
    nic_device nic("nic", std::make_unique<fails_at>(1000000), bus.device, p, cfg);
    irq_sink cpu("cpu");
    bus.link.to_device.bind(nic.mmio_socket);
    bus.link.to_irq.bind(cpu.socket);
    EXPECT_EQ(nic.model_error(), "");
    sc_core::sc_start(ps_to_time(40000000));
    EXPECT_EQ(sc_core::sc_get_status(), sc_core::SC_STOPPED);
    EXPECT_LT(time_to_ps(sc_core::sc_time_stamp()), 40000000u);
    EXPECT_NE(nic.model_error().find("the model failed at"), std::string::npos) << nic.model_error();
}
