// CLI::App and CLI::Option by name only. Parsing CLI11's headers costs 3 to 8 s of compile
// per file, so the command line's headers declare functions on CLI::App
// references and only the .cpp files that build or read an App include
// <CLI/CLI.hpp> (docs/PERFORMANCE.md, "Build time").
#ifndef RXSIM_CLI11_FWD_H
#define RXSIM_CLI11_FWD_H

namespace CLI {
class App;
class Option;
} // namespace CLI

#endif
