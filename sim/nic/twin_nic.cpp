#include "twin_nic.h"

#include <new>
#include <stdexcept>

#include "nic_twin.h"

namespace rxsim {

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

// nic_inputs, nic_outputs and nic_observed are the twin's port structs
// (nic_ports.h): nothing to copy.
void twin_nic::settle(const nic_inputs &in, nic_outputs &out) { nic_twin_settle(t_.get(), &in, &out); }

void twin_nic::rise(uint64_t, nic_outputs &out) { nic_twin_rise(t_.get(), &out); }

void twin_nic::take_frame(const uint8_t *wire, uint32_t len)
{
    if (!nic_twin_take_frame(t_.get(), wire, len))
        throw std::bad_alloc();
}

uint32_t twin_nic::run_quiet(const nic_inputs &in, uint32_t cycles, nic_outputs &out, std::vector<uint8_t> &burst)
{
    uint32_t beats[4 * 64], n = 0;
    const uint32_t done = nic_twin_run_quiet(t_.get(), &in, cycles, &out, beats, 64, &n);
    const size_t at = burst.size();
    burst.resize(at + 16 * n);
    for (uint32_t i = 0; i < 4 * n; ++i) // dmaw_data's words, least significant byte first
        for (unsigned b = 0; b < 4; ++b)
            burst[at + 4 * i + b] = static_cast<uint8_t>(beats[i] >> (8 * b));
    return done;
}

nic_observed twin_nic::observed() const
{
    nic_observed o;
    nic_twin_observe(t_.get(), &o);
    return o;
}

} // namespace rxsim
