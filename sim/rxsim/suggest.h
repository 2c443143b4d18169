// "Did you mean": the closest of a list of names to a misspelt one, by edit
// distance (insertions, deletions, substitutions, adjacent swaps), for
// unknown options on the command line and in a config file.
#ifndef RXSIM_SUGGEST_H
#define RXSIM_SUGGEST_H

#include <string>
#include <vector>

#include "cli11_fwd.h"

namespace rxsim {

// The name in `names` closest to `typed`, or "" when none is close enough
// (more than a third of the longer one's letters, at least 2, would change).
std::string closest_name(const std::string &typed, const std::vector<std::string> &names);

// The long option names of cmd ("--ring", ...), for closest_name().
std::vector<std::string> long_option_names(const CLI::App &cmd);

} // namespace rxsim

#endif
