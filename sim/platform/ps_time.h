// Conversions between integer picoseconds (what the link arithmetic uses, so
// results are exact) and sc_time, whatever the SystemC time resolution is, as
// long as it is 1 ps or finer.
#ifndef RXSIM_PS_TIME_H
#define RXSIM_PS_TIME_H

#include <cstdint>
#include <systemc>

namespace rxsim {

inline sc_core::sc_time::value_type resolution_units_per_ps()
{
    static const sc_core::sc_time::value_type units = sc_core::sc_time(1, sc_core::SC_PS).value();
    if (units == 0)
        SC_REPORT_FATAL("rxsim/platform", "SystemC time resolution must be 1 ps or finer");
    return units;
}

inline sc_core::sc_time ps_to_time(uint64_t ps)
{
    return sc_core::sc_time::from_value(ps * resolution_units_per_ps());
}

inline uint64_t time_to_ps(const sc_core::sc_time &t)
{
    return t.value() / resolution_units_per_ps();
}

} // namespace rxsim

#endif
