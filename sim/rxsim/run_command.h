// `rxsim run`, once its options are parsed: reads the trace once to find
// where the wire ends, then simulates, reports and checks the invariants.
// Returns the exit status (exit_codes.h).
#ifndef RXSIM_RUN_COMMAND_H
#define RXSIM_RUN_COMMAND_H

#include <CLI/CLI.hpp>

#include "options.h"

namespace rxsim {

// `run` is the parsed command (its options go into the report).
int run_command(const run_options &o, const CLI::App &run);

} // namespace rxsim

#endif
