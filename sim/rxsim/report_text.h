// The human report printed at the end of `rxsim run`: per-stage counter
// table, interrupts, polls, CPU split, latency table; wall-clock figures only
// in its last line, marked as such.
#ifndef RXSIM_REPORT_TEXT_H
#define RXSIM_REPORT_TEXT_H

#include <cstdint>
#include <string>

#include "results.h"

namespace rxsim {

// 1234567 -> "1,234,567"; 20601.23 with 1 decimal -> "20,601.2".
std::string thousands(uint64_t n);
std::string thousands(double v, int decimals);
// Auto-scaled to s, ms or us with 3 decimals, or whole ns below 1 us:
// "1.990 ms", "627 ns".
std::string duration_text(uint64_t ns);

// A header first (trace, records, NIC build, traffic window, offered load,
// the options changed), then the tables; counts with thousands separators.
// wall_seconds < 0: leave the wall-clock line out.
std::string render_text(const run_results &r, double wall_seconds);

} // namespace rxsim

#endif
