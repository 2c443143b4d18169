// The trace library's replay options (rxtrace_cli.h) offered through CLI11:
// names and arity from RXTRACE_LONG_OPTIONS, help text and defaults from
// RXTRACE_OPTIONS_HELP, values checked and applied by rxtrace_apply_option.
// Nothing about them is written twice.
#ifndef RXSIM_REPLAY_OPTIONS_H
#define RXSIM_REPLAY_OPTIONS_H

#include <string>

#include "cli11_fwd.h"

#include "rxtrace.h"

namespace rxsim {

rxtrace_options_t replay_defaults();

// Adds --link-speed, --pps, ... to cmd in the given help group; bad values
// fail the parse with rxtrace's message.
void add_replay_options(CLI::App &cmd, const std::string &group);

// Applies what was given to opt: config-file values first, then the command
// line in its order (the timing modes replace each other, last wins, as in
// rxsim-replay).
void apply_replay_options(const CLI::App &cmd, rxtrace_options_t &opt);

} // namespace rxsim

#endif
