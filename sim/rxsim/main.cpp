// rxsim: the simulator's command line. `rxsim run TRACE` simulates; `rxsim
// gen` is the trace generator's own command line (rxsim-gen); `rxsim check`
// runs the regression battery (as `rxsim gen` and `rxsim run` children);
// `rxsim sweep` runs a study's points the same way; `rxsim plot` draws them.
#include <cstdlib>
#include <cstring>

#include <systemc>

#include "check_command.h"
#include "command_line.h"
#include "exit_codes.h"
#include "gen_cli.h"
#include "plot_command.h"
#include "run_command.h"
#include "sweep_command.h"
#include "version.h"

int sc_main(int argc, char **argv)
{
    if (argc >= 2 && std::strcmp(argv[1], "gen") == 0)
        return gen_cli_main("rxsim gen", argc - 1, argv + 1);
    if (argc >= 2 && std::strcmp(argv[1], "check") == 0)
        return rxsim::check_command(argc - 1, argv + 1);
    if (argc >= 2 && std::strcmp(argv[1], "sweep") == 0)
        return rxsim::sweep_command(argc - 1, argv + 1);
    if (argc >= 2 && std::strcmp(argv[1], "plot") == 0)
        return rxsim::plot_command(argc - 1, argv + 1);
    sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_DISPLAY | sc_core::SC_THROW);
    sc_core::sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_DISPLAY | sc_core::SC_THROW);
    // The kernel's notes, such as "Simulation stopped by user.": sc_stop only
    // ends a run whose model failed, and the run says why.
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    rxsim::command_line cl;
    cl.set_version(rxsim::version_text);
    int status = cl.parse(argc, argv);
    if (status >= 0)
        return status;
    return rxsim::run_command(cl.opts, cl.used());
}

// SystemC prints its banner on stdout before sc_main unless told not to:
// the report is ours alone.
int main(int argc, char **argv)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}
