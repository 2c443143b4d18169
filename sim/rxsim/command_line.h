// The whole command line of `rxsim`: `rxsim run` with its options and config
// file, and the list of subcommands for `rxsim --help`. Shared by main() and
// the tests, so both parse exactly the same way.
#ifndef RXSIM_COMMAND_LINE_H
#define RXSIM_COMMAND_LINE_H

#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli11_fwd.h"
#include "options.h"

namespace rxsim {

class command_line {
public:
    command_line();
    ~command_line();
    command_line(const command_line &) = delete;
    command_line &operator=(const command_line &) = delete;

    // Parses argv and finishes the run options. Returns -1 when `run` should
    // go ahead, else the exit status (0 after --help or --dump-config,
    // exit_bad_options with the message on err).
    int parse(int argc, const char *const *argv, std::ostream &out = std::cout,
              std::ostream &err = std::cerr);

    // `rxsim --version` prints what `text` gives (the program's builds are
    // not this library's to know).
    void set_version(std::string (*text)());

    // The simulation's options as the report lists them (options_used()),
    // each marked changed when its value is not its default (the default
    // --kernel, --cpu and --nic give it).
    std::vector<option_value> used() const;

    run_options opts; // bound to run's options
    // `rxsim run` is an App of its own rather than a CLI11 subcommand: CLI11
    // reads config files for the top-level App only.
    CLI::App &run() { return *run_; }

private:
    std::unique_ptr<CLI::App> run_;
    std::unique_ptr<CLI::App> top_; // `rxsim --help`, and errors for anything but run and gen
    std::ostream *out_ = &std::cout; // where --dump-config writes during parse()
};

} // namespace rxsim

#endif
