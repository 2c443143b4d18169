// Helpers for the rxsim command-line tests: parse in-process, write temporary
// files, run the built binary.
#ifndef RXSIM_TESTS_CLI_FIXTURE_H
#define RXSIM_TESTS_CLI_FIXTURE_H

#include <cstdint>
#include <string>
#include <vector>

#include "command_line.h"

namespace clitest {

struct parsed {
    int status;       // command_line::parse(): -1 = go ahead
    std::string out, err;
};

// Parses `rxsim args...` into cl.
parsed parse(rxsim::command_line &cl, const std::vector<std::string> &args);

// A file in a fresh temporary directory, holding text.
std::string temp_file(const std::string &name, const std::string &text);

// The whole of a file ("" when it cannot be read).
std::string slurp(const std::string &path);

// A pcap file header (no records) with the given link type.
std::string pcap_header(uint32_t linktype);

struct ran {
    int status;
    std::string out, err;
};

// Runs a shell command line (pipes and redirections allowed), capturing its
// standard output and error.
ran run_shell(const std::string &command);
// Runs the rxsim binary (RXSIM_BIN) with a shell command line after it.
ran run_rxsim(const std::string &args);
// The rxsim binary's path (RXSIM_BIN).
std::string rxsim_program();

// The help line of an option: the first line whose first word is `name`
// ("--ring", "TRACE"); "" when there is none.
std::string option_line(const std::string &help, const std::string &name);

} // namespace clitest

#endif
