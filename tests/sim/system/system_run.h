// What the end-to-end tests share: a trace from rxsim-gen and one `rxsim
// run` judged from its JSON report (a clean run: exit 0, the books balanced,
// no violations, every datagram compared with its wire frame).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace systest {

using json = nlohmann::json;

// A trace from rxsim-gen (arguments after -o FILE).
std::string gen_trace(const std::string &name, const std::string &args);
// Runs rxsim on trace; returns the JSON report (asserting a clean run).
json run(const std::string &trace, const std::string &options);
// A latency percentile of a stage ("app", "p50").
uint64_t lat_p(const json &j, const std::string &stage, const char *p);

} // namespace systest
