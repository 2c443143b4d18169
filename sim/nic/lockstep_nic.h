// Two models of one NIC build run in lock-step (--nic-model both): both get
// the same inputs at every settle and rise; the first model's outputs are the
// ones the caller sees, the second's are compared with them at every settle,
// every rise, and (the observation outputs) after every rise. At the first
// difference the run stops: rise() throws nic_divergence, naming the edge
// (ps and cycle), the port, both values and the last MMIO/DMA events before
// it. A difference at a settle is reported at the rise that follows it (only
// then is the edge's time known); the caller acts on the first model's
// outputs meanwhile.
#ifndef RXSIM_LOCKSTEP_NIC_H
#define RXSIM_LOCKSTEP_NIC_H

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "nic_rtl.h"

namespace rxsim {

class nic_divergence : public std::runtime_error {
public:
    nic_divergence(const std::string &account, uint64_t edge_ps, uint64_t cycle, std::string port)
        : std::runtime_error(account), edge_ps(edge_ps), cycle(cycle), port(std::move(port))
    {
    }
    uint64_t edge_ps, cycle; // the rising edge the difference was seen at
    std::string port;        // nic_top's port name
};

class lockstep_nic final : public nic_rtl {
public:
    // `a_name`, `b_name`: how the account names the two ("rtl", "behavioral").
    // Both models must be of one build (wire width and clock period).
    lockstep_nic(std::unique_ptr<nic_rtl> a, std::string a_name, std::unique_ptr<nic_rtl> b,
                 std::string b_name);

    unsigned wire_bytes() const override { return a_->wire_bytes(); }
    uint64_t clk_period_ps() const override { return a_->clk_period_ps(); }
    void reset() override;
    void settle(const nic_inputs &in, nic_outputs &out) override;
    nic_observed observed() const override { return a_->observed(); }
    void rise(uint64_t edge_ps, nic_outputs &out) override;

    // Edges compared so far.
    uint64_t edges() const { return edges_; }

private:
    struct event {
        uint64_t edge_ps = 0;
        std::string what;
    };
    static constexpr std::size_t ring_size = 8;

    // The first port on which a and b differ ("" when none), both values.
    static std::string differ(const nic_outputs &a, const nic_outputs &b, std::string &va, std::string &vb);
    static std::string differ(const nic_observed &a, const nic_observed &b, std::string &va, std::string &vb);
    void note_events(uint64_t edge_ps);
    void remember(uint64_t edge_ps, std::string what);
    [[noreturn]] void diverged(uint64_t edge_ps, const char *when, const std::string &port,
                               const std::string &va, const std::string &vb) const;

    std::unique_ptr<nic_rtl> a_, b_;
    std::string a_name_, b_name_;
    nic_inputs in_;        // as last settled
    nic_outputs settled_;  // a's outputs at that settle
    nic_outputs b_out_;
    // A difference found at a settle, reported at the next rise.
    std::string pending_port_, pending_a_, pending_b_;
    uint64_t edges_ = 0;
    std::array<event, ring_size> ring_{};
    std::size_t ring_next_ = 0, ring_count_ = 0;
};

} // namespace rxsim

#endif
