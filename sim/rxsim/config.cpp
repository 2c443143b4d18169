#include "config.h"


namespace rxsim {

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
               **out << cmd.config_to_str(true, true);
               throw CLI::Success();
           },
           "print the options as a config file (values, defaults, help) and exit")
        ->group("Run")
        ->configurable(false);
}

} // namespace rxsim
