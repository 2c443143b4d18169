// DIR/results.csv of a sweep: tidy, one row per point in the spec's order:
// the point's number and hash, its axis values (and repeat, seed), its
// status (0, or the exit status of the run that failed; -1 when it never
// ran), the load it offered and delivered per second, each CPU context's
// share, then every scalar of its JSON report under its dotted name
// (offered.pps, dropped.fifo.missed, latency_ns.app.p99, ...). Built from the
// point files alone, so every engine writes the same bytes.
#ifndef RXSIM_RESULTS_CSV_H
#define RXSIM_RESULTS_CSV_H

#include <string>
#include <vector>

#include "sweep_spec.h"

namespace rxsim {

struct point_outcome {
    std::string hash;
    int status = -1;
    std::string report; // the JSON report when status is 0
};

// outcomes[i] belongs to spec.points[i]. Throws std::exception on a report
// that is not JSON.
std::string results_csv(const sweep_spec &spec, const std::vector<point_outcome> &outcomes);

// One run's JSON report as --csv writes it: a header of every scalar under
// its dotted name, the options' too (options.itr; not the lists), and one
// row of their values (null: empty). Throws std::exception on a report that
// is not JSON.
std::string report_csv(const std::string &report);

} // namespace rxsim

#endif
