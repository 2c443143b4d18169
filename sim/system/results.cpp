#include "results.h"

namespace rxsim {

namespace {

uint64_t sum(const std::vector<drop_count> &counters)
{
    uint64_t n = 0;
    for (const drop_count &d : counters)
        n += d.count;
    return n;
}

} // namespace

uint64_t total_dropped(const run_results &r) { return sum(r.dropped); }
uint64_t total_skipped(const run_results &r) { return sum(r.skipped); }

bool records_accounted(const run_results &r) { return r.records_in == r.packets_in + total_skipped(r); }
bool packets_accounted(const run_results &r) { return r.packets_in == r.delivered + total_dropped(r); }
bool accounted(const run_results &r) { return records_accounted(r) && packets_accounted(r); }

std::string option_text(const run_results &r, const std::string &name)
{
    std::string text;
    for (const option_value &o : r.options)
        if (o.name == name)
            for (const std::string &v : o.values)
                text += (text.empty() ? "" : ",") + v;
    return text;
}

double interrupt_rate(const run_results &r)
{
    return r.offered_ns ? static_cast<double>(r.traffic_interrupts) * 1e9 / static_cast<double>(r.offered_ns)
                        : 0.0;
}

double offered_pps(const run_results &r)
{
    return r.offered_ns ? static_cast<double>(r.packets_in) * 1e9 / static_cast<double>(r.offered_ns) : 0.0;
}

double offered_bps(const run_results &r)
{
    return r.offered_ns ? static_cast<double>(r.offered_bytes) * 8e9 / static_cast<double>(r.offered_ns) : 0.0;
}

} // namespace rxsim
