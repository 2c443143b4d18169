// DIR/spec.toml of a sweep: the spec as rxsim understood it, with every
// point listed (its hash, axis values, seed, and the exact rxsim gen and
// rxsim run options), the plots, the source spec's name and rxsim's version.
// rxsim plot reads it beside results.csv.
#ifndef RXSIM_RESOLVED_SPEC_H
#define RXSIM_RESOLVED_SPEC_H

#include <string>
#include <vector>

#include "sweep_spec.h"

namespace rxsim {

// hashes[i] and traces[i] (the trace file's name) belong to spec.points[i].
std::string resolved_spec_toml(const sweep_spec &spec, const std::string &source, const std::string &version,
                               const std::vector<std::string> &hashes, const std::vector<std::string> &traces);

// What `rxsim sweep collect` needs back from it: the axes, the points
// (labels, repeat, seed; no options) and their hashes. Throws spec_error.
sweep_spec read_resolved_spec(const std::string &text, const std::string &path, std::vector<std::string> &hashes);

} // namespace rxsim

#endif
