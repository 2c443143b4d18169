// Options from a file: `--config FILE` reads "name = value" lines (INI or
// TOML; names are the long options without their dashes, and TRACE; # starts
// a comment), and the command line overrides the file. `--dump-config` prints
// such a file with every option, its value (typed) and its help, and exits:
// read back, it is the same run.
#ifndef RXSIM_CONFIG_H
#define RXSIM_CONFIG_H

#include <ostream>
#include <string>

#include <functional>

#include "cli11_fwd.h"

namespace rxsim {

// Call after every other option of cmd has been added. --dump-config writes
// to *out (read when it runs, so the caller may redirect it per parse),
// after before_dump (which may change the defaults it shows).
void add_config_options(CLI::App &cmd, std::ostream *const *out, std::function<void()> before_dump);

// The --config file a parse of cmd read, or "" when none was given.
std::string config_file(const CLI::App &cmd);

// Where a config file's problem is, as "PATH: line N: what" (a byte that is
// not text, a line that is not name = value, an unknown name with the closest
// known one, a value CLI11 refused in `what`). CLI11 (2.1) reads the file but
// names no line; this reads it again to find the line. "" when the file has
// none of these: the error was not the file's. given(name) says whether
// --name was on the command line (which overrides the file).
std::string locate_config_error(const CLI::App &cmd, const std::string &path, const std::string &what,
                                bool (*given)(const std::string &name, void *ctx), void *ctx);

} // namespace rxsim

#endif
