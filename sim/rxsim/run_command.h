// `rxsim run`, once its options are parsed: simulates (reading the trace
// once, as it goes), reports and checks the invariants.
// Returns the exit status (exit_codes.h).
#ifndef RXSIM_RUN_COMMAND_H
#define RXSIM_RUN_COMMAND_H

#include <string>
#include <utility>
#include <vector>

#include "options.h"

namespace rxsim {

// `used` is what the command line gave (command_line::used(), for the report).
int run_command(const run_options &o, const std::vector<option_value> &used);

} // namespace rxsim

#endif
