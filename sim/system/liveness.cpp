#include "liveness.h"

#include <algorithm>
#include <cstdio>

namespace rxsim {

namespace {
constexpr uint64_t ps_per_us = 1000000;
constexpr double ps_per_ms = 1e9;
} // namespace

uint64_t not_polled_bound_ps(const run_config &o)
{
    if (o.not_polled_us)
        return o.not_polled_us * ps_per_us;
    // A fixed rate's interval; the adaptive modes' slowest, 2000 ints/s; mode 4
    // holds ITR at 1e9 / (4 * 256) until the first watchdog (e1000_check_options),
    // which the 16-bit register cuts to at most 65535 x 256 ns.
    const uint64_t itr_ps = o.itr >= 100 ? 1000000000000ull / o.itr
                            : o.itr == 4 ? 65535 * 256000ull
                            : o.itr      ? 500 * ps_per_us
                                         : 0;
    const uint64_t delay_ps = uint64_t(std::max(o.rdtr, o.radv)) * 1024000;
    return 2 * std::max({itr_ps, delay_ps, o.gro_flush_timeout_ns * 1000,
                         o.irq_suspend_timeout_ns * 1000}) + 1000 * ps_per_us;
}

std::string not_polled(uint64_t done_ps, uint64_t now_ps, uint64_t bound_ps, bool cpu_idle, bool poll_scheduled,
                       uint32_t ims, const ring_view &r)
{
    if (!done_ps || now_ps < done_ps + bound_ps || !cpu_idle || poll_scheduled)
        return "";
    char text[360];
    std::snprintf(text, sizeof text,
                  "descriptor %u was written back (DD) at %.6f ms and has not been polled for %.3f ms with no "
                  "poll scheduled: a lost interrupt, interrupts left masked, or a driver that does not see DD "
                  "(IMS as the driver set it 0x%08x; RDT %u, next_to_clean %u, next_to_use %u)",
                  r.next_to_clean, double(done_ps) / ps_per_ms, double(now_ps - done_ps) / ps_per_ms, ims, r.rdt,
                  r.next_to_clean, r.next_to_use);
    return text;
}

std::string starved_ring(const stats_mark &was, const stats_mark &now, const ring_view &r)
{
    if (now.missed == was.missed)
        return "";
    char text[360];
    const auto missed = (unsigned long long)(now.missed - was.missed);
    // Done descriptors waiting for a poll (an interrupt held back by ITR,
    // say) are not a starved ring: not-polled judges that wait.
    if (now.writebacks == was.writebacks && r.given > 0 && !r.done_waiting) {
        std::snprintf(text, sizeof text,
                      "the NIC missed %llu frames (MPC + RNBC) between %.6f and %.6f ms and wrote back no "
                      "descriptor although the driver holds %u of %u as given to it (RDT %u as written, "
                      "next_to_use %u): the NIC sees no free descriptor (RDH == RDT)",
                      missed, double(was.at_ps) / ps_per_ms, double(now.at_ps) / ps_per_ms, r.given, r.count, r.rdt,
                      r.next_to_use);
        return text;
    }
    if (now.polls > was.polls && r.unfilled > r.count / 2) {
        std::snprintf(text, sizeof text,
                      "the NIC missed %llu frames (MPC + RNBC) between %.6f and %.6f ms while the driver polled "
                      "%llu times and left %u of %u descriptors unfilled: the ring is not refilled "
                      "(e1000_alloc_rx_buffers)",
                      missed, double(was.at_ps) / ps_per_ms, double(now.at_ps) / ps_per_ms,
                      (unsigned long long)(now.polls - was.polls), r.unfilled, r.count);
        return text;
    }
    return "";
}

std::string note_interrupt::note(int irq, bool handled, uint64_t at_ps)
{
    unhandled_ += !handled;
    if (++count_ < window)
        return "";
    const uint64_t unhandled = unhandled_;
    count_ = unhandled_ = 0;
    if (unhandled <= unhandled_limit)
        return "";
    return "irq " + std::to_string(irq) + ": nobody cared: " + std::to_string(unhandled) + " of " +
           std::to_string(window) + " interrupts had no cause in ICR (read 0, or not read), the last at " +
           std::to_string(at_ps / 1000) + " ns (Linux's note_interrupt would disable the line)";
}

std::string napi_budget(uint64_t over_budget, uint64_t done_at_full_budget, uint64_t first_at_ns, int first_work,
                        int first_budget)
{
    if (!over_budget && !done_at_full_budget)
        return "";
    char first[160];
    std::snprintf(first, sizeof first, "the first at %.6f ms returned %d with a budget of %d",
                  double(first_at_ns) / 1e6, first_work, first_budget);
    return std::to_string(over_budget) + " polls did more work than their budget and " +
           std::to_string(done_at_full_budget) +
           " completed NAPI having used all of it (Linux's __napi_poll: \"NAPI poll function returned N, "
           "exceeding its budget\"; a driver that used its whole budget must leave NAPI scheduled); " +
           first;
}

} // namespace rxsim
