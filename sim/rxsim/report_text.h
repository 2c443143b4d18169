// The human report printed at the end of `rxsim run`: per-stage counter
// table, interrupts, polls, CPU split, latency table; wall-clock figures only
// in its last line, marked as such.
#ifndef RXSIM_REPORT_TEXT_H
#define RXSIM_REPORT_TEXT_H

#include <string>

#include "results.h"

namespace rxsim {

// wall_seconds < 0: leave the wall-clock line out.
std::string render_text(const run_results &r, double wall_seconds);

} // namespace rxsim

#endif
