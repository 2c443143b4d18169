// The JSON report (--json FILE): keys in a fixed order, nothing from the host,
// so identical runs give byte-identical files.
#ifndef RXSIM_REPORT_JSON_H
#define RXSIM_REPORT_JSON_H

#include <string>

#include "results.h"

namespace rxsim {

// Top-level keys, in this order: packets_in, delivered,
// delivered_to {app, kernel}, dropped (object
// "stage.reason" -> count), dropped_total, accounted, interrupts,
// interrupts_per_s, napi_polls, time_squeeze, sim_time_ns, cpu (context -> ns),
// latency_ns (stage -> {samples, p50, p99, p99_9, max}; percentiles null
// without samples), payload_checked, violations (list), options (name -> value).
std::string render_json(const run_results &r);

} // namespace rxsim

#endif
