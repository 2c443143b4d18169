// The trace library's replay options (rxtrace_cli.h) offered through CLI11:
// names and arity from RXTRACE_LONG_OPTIONS, help text and defaults from
// RXTRACE_OPTIONS_HELP, values checked and applied by rxtrace_apply_option.
// Nothing about them is written twice.
#ifndef RXSIM_REPLAY_OPTIONS_H
#define RXSIM_REPLAY_OPTIONS_H

#include <string>

#include "cli11_fwd.h"

#include "results.h"
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

// Whether opt is one of add_replay_options()'.
bool is_replay_option(const CLI::Option *opt);

// A replay option with its value in ro (the options in effect): numbers as
// ro holds them ("20k" -> 20000), flags as they left ro; not in effect
// (no value) for a timing option other than ro's and an unset --max-gap.
option_value replay_option_value(const CLI::Option *opt, const rxtrace_options_t &ro);

// The shortest decimal text that reads back as v (0.1, not 0.1000000000000000055).
std::string number_text(double v);

} // namespace rxsim

#endif
