#include "results.h"

namespace rxsim {

uint64_t total_dropped(const run_results &r)
{
    uint64_t n = 0;
    for (const drop_count &d : r.dropped)
        n += d.count;
    return n;
}

bool accounted(const run_results &r) { return r.packets_in == r.delivered + total_dropped(r); }

double interrupt_rate(const run_results &r)
{
    return r.sim_time_ns ? static_cast<double>(r.interrupts) * 1e9 / static_cast<double>(r.sim_time_ns)
                         : 0.0;
}

} // namespace rxsim
