// The JSON report (--json FILE): keys in a fixed order, nothing from the host,
// so identical runs give byte-identical files.
#ifndef RXSIM_REPORT_JSON_H
#define RXSIM_REPORT_JSON_H

#include <string>

#include "results.h"

namespace rxsim {

// Top-level keys, in this order: run {trace, nic, options_changed},
// records_in, skipped, skipped_total, trace, packets_in, offered {bytes,
// duration_ns (the traffic window), pps, bps}, delivered, delivered_to {app,
// kernel}, dropped (object "stage.reason" -> count), dropped_total,
// accounted, interrupts (the whole run's), traffic_interrupts (the traffic
// window's), interrupts_per_s (over the traffic window), interrupts_handled,
// napi_polls, ..., sim_time_ns, cpu (context -> ns), latency_ns (stage ->
// {samples, p50, p99, p99_9, max}; percentiles null without samples),
// payload_checked, violations, warnings, options (name -> typed value, null
// when not in effect).
std::string render_json(const run_results &r);

} // namespace rxsim

#endif
