// The liveness checks' judgements, apart from the run that feeds them: each
// takes what rx_system saw (plain values) and returns the violation's text,
// or "" when the driver is fine. Names are the --warn-only ones
// (run_config.h: liveness_checks). No SystemC: tested on their own.
#ifndef RXSIM_LIVENESS_H
#define RXSIM_LIVENESS_H

#include <cstdint>
#include <string>

#include "run_config.h"

namespace rxsim {

// The receive ring as the driver holds it.
struct ring_view {
    uint32_t count = 0, rdt = 0, next_to_clean = 0, next_to_use = 0;
    uint32_t given = 0;    // descriptors the driver gave the NIC (E1000_OWN_HW)
    uint32_t unfilled = 0; // cleaned and not refilled (E1000_OWN_DRIVER)
    bool done_waiting = false; // the descriptor at next_to_clean has DD: the NIC waits for a poll
};

// not-polled: how long a written-back descriptor may wait for a poll while
// none is scheduled: --not-polled-us, or twice the longest interrupt
// moderation the options allow (ITR interval, dynamic modes 2000/s at the
// least; RDTR, RADV in 1.024 us; gro_flush_timeout) plus 1 ms.
uint64_t not_polled_bound_ps(const run_config &o);

// not-polled: the descriptor at next_to_clean was written back at done_ps
// (0: none waits) and, at now_ps, has waited past bound_ps with no poll
// scheduled and the CPU idle. ims: the interrupt mask as the driver set it.
std::string not_polled(uint64_t done_ps, uint64_t now_ps, uint64_t bound_ps, bool cpu_idle,
                       bool poll_scheduled, uint32_t ims, const ring_view &r);

// starved-ring: between two statistics reads, what the NIC missed (MPC +
// RNBC), the descriptors it wrote back and the polls the driver made.
struct stats_mark {
    uint64_t missed = 0, writebacks = 0, polls = 0, at_ps = 0;
};
// Frames were missed and either nothing was written back although the
// driver holds descriptors as given (the NIC sees RDH == RDT), or the driver
// polled and left most of the ring unfilled (no refill).
std::string starved_ring(const stats_mark &was, const stats_mark &now, const ring_view &r);

// irq-storm: Linux's note_interrupt (kernel/irq/spurious.c, 6.1): per window
// of 100,000 interrupts of a line, more than 99,900 no handler claimed is
// "irq N: nobody cared" (Linux then disables the line).
class note_interrupt {
public:
    static constexpr uint64_t window = 100000, unhandled_limit = 99900;
    // One interrupt of line irq at at_ps, handled = it had a cause; the text
    // when it closes a window with too many unhandled.
    std::string note(int irq, bool handled, uint64_t at_ps);

private:
    uint64_t count_ = 0, unhandled_ = 0;
};

// napi-budget: polls that did more work than their budget and polls that
// completed NAPI having used all of it (napi_struct's counts, the first).
std::string napi_budget(uint64_t over_budget, uint64_t done_at_full_budget, uint64_t first_at_ns, int first_work,
                        int first_budget);

} // namespace rxsim

#endif
