#include "config.h"

#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

namespace rxsim {

namespace {

// CLI11 writes an option left empty (a repeatable one given no value, e.g.
// cost = "[]" or "") in a form it then refuses to read back: leave those
// out, with their help line, so that the file reads back as it was.
std::string without_empty_values(const std::string &config)
{
    std::istringstream in(config);
    std::string out, help, line;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] == '#') {
            out += help;
            help = line + "\n";
            continue;
        }
        const size_t eq = line.find('=');
        const std::string value = eq == std::string::npos ? "" : line.substr(eq + 1);
        if (eq != std::string::npos && (value == "\"\"" || value == "\"[]\"" || value == "[]")) {
            help.clear();
            if (out.size() >= 2 && out.compare(out.size() - 2, 2, "\n\n") == 0)
                out.pop_back(); // and the blank line that led to it
            continue;
        }
        out += help + line + "\n";
        help.clear();
    }
    return out + help;
}

} // namespace

void add_config_options(CLI::App &cmd, std::ostream *const *out)
{
    cmd.set_config("--config", "", "read options from FILE (INI or TOML: name = value); "
                                   "the command line overrides it")
        ->type_name("FILE")
        ->group("Run");
    // A misspelt name in the file is an error, not silently ignored.
    cmd.allow_config_extras(CLI::config_extras_mode::error);
    // CLI11 runs option callbacks before it checks required options, so this
    // works without TRACE and sees the command line and the file.
    cmd.add_flag_callback(
           "--dump-config",
           [&cmd, out] {
               **out << without_empty_values(cmd.config_to_str(true, true));
               throw CLI::Success();
           },
           "print the options as a config file (values, defaults, help) and exit")
        ->group("Run")
        ->configurable(false);
}

} // namespace rxsim
