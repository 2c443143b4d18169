#include "plot_command.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "data_path.h"
#include "exit_codes.h"

namespace rxsim {

int plot_command(int argc, const char *const *argv)
{
    std::string dir;
    CLI::App app("rxsim plot: draw a sweep's figures, DIR/plots/NAME.png and NAME.svg, from DIR/results.csv: the "
                 "spec's [[plot]] tables, or when it has none: delivered vs offered load per series, "
                 "interrupts/s, p99 wire-to-application latency, and the CPU split as stacked areas. Needs "
                 "python3 with matplotlib (Debian: python3-matplotlib).",
                 "rxsim plot");
    app.add_option("DIR", dir, "the sweep's directory (rxsim sweep -o)")->required()->check(CLI::ExistingDirectory);
    const std::string script = data_path("plot_sweep.py", RXSIM_PLOT_SCRIPT);
    app.footer("The script: " + script + ", run by " RXSIM_PYTHON ".\n"
               "Exit status: 0 drawn, 2 bad options, 1 the script failed (its message printed).");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        return app.exit(e) == 0 ? exit_done : exit_bad_options;
    }
    std::vector<std::string> args = {RXSIM_PYTHON, script, dir, "--rxsim-version", RXSIM_VERSION};
    std::vector<char *> v;
    for (std::string &a : args)
        v.push_back(a.data());
    v.push_back(nullptr);
    execv(v[0], v.data());
    std::fprintf(stderr, "rxsim plot: cannot run %s: %s (Debian: python3, python3-matplotlib)\n", RXSIM_PYTHON,
                 std::strerror(errno));
    return exit_internal;
}

} // namespace rxsim
