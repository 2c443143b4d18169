// Options from a file: `--config FILE` reads "name = value" lines (INI or
// TOML; names are the long options without their dashes; # starts a comment),
// and the command line overrides the file. `--dump-config` prints such a file
// with every option, its value and its help, and exits.
#ifndef RXSIM_CONFIG_H
#define RXSIM_CONFIG_H

#include <ostream>

#include "cli11_fwd.h"

namespace rxsim {

// Call after every other option of cmd has been added. --dump-config writes
// to *out (read when it runs, so the caller may redirect it per parse).
void add_config_options(CLI::App &cmd, std::ostream *const *out);

} // namespace rxsim

#endif
