// The spec of `rxsim sweep` (TOML, read with toml++): a title, the base
// `rxsim run` options, the traffic (a trace file or `rxsim gen` options),
// named modes (sets of run options), the axes (lists or from/to/steps
// ranges, crossed unless zipped), repeats with seeds, and the plots. Parsed
// into the list of points, each the exact `rxsim gen` and `rxsim run`
// arguments it needs; every mistake is a spec_error naming the key and its
// line. The format is in the README ("rxsim sweep").
#ifndef RXSIM_SWEEP_SPEC_H
#define RXSIM_SWEEP_SPEC_H

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace rxsim {

// "FILE:LINE: KEY: what is wrong".
struct spec_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct sweep_axis {
    std::string name;                // the CSV column: "rate", "mode", "run.link-speed"
    std::vector<std::string> labels; // each value as the CSV shows it
};

// One plot the spec asks for (rxsim plot draws them; defaults when none).
struct sweep_plot {
    std::string name, x, series, facet, title, kind; // kind: line (default) or stacked
    std::vector<std::string> y;
    bool logx = false, logy = false;
};

struct sweep_point {
    std::vector<std::string> labels; // one per axis, in axis order
    unsigned repeat = 0;             // 0-based
    uint64_t seed = 0;               // 0: the default seeds (no repeats)
    std::vector<std::string> gen;    // `rxsim gen` options (none: the trace file)
    std::vector<std::string> run;    // `rxsim run` options after TRACE, sorted by name
};

struct sweep_spec {
    std::string title;
    std::string trace;               // the trace file (absolute), or "" when generated
    std::vector<sweep_axis> axes;    // in the order the spec lists them
    unsigned repeats = 1;
    bool seeded = false;             // repeats or seeds given: a seed column
    std::vector<sweep_plot> plots;
    std::vector<sweep_point> points; // outer axes vary slowest, repeats fastest
};

// Parses the spec in `text`; `path` names it in errors and locates a
// relative trace file. Each override, KEY=VALUE with a dotted KEY
// ("traffic.count=2000") and a TOML VALUE (a bare word is a string),
// replaces or adds that key first: a study run smaller, or changed, without
// editing it. Throws spec_error.
sweep_spec parse_sweep_spec(const std::string &text, const std::string &path,
                            const std::vector<std::string> &overrides = {});

} // namespace rxsim

#endif
