// rxsim: the simulator's command line. `rxsim run TRACE` simulates; `rxsim
// gen` is the trace generator's own command line (rxsim-gen).
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <systemc>

#include "command_line.h"
#include "exit_codes.h"
#include "gen_cli.h"
#include "run_command.h"

namespace {

// A run for the other NIC build goes to the sibling binary that has it.
int exec_nic_build(const std::string &nic, char **argv)
{
    char self[4096];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    std::string dir = n > 0 ? std::string(self, size_t(n)) : std::string(argv[0]);
    dir = dir.substr(0, dir.find_last_of('/') + 1);
    const std::string path = dir + (nic == "10g" ? "rxsim" : "rxsim-" + nic);
    execv(path.c_str(), argv);
    std::fprintf(stderr, "rxsim run: --nic %s needs %s (%s)\n", nic.c_str(), path.c_str(),
                 std::strerror(errno));
    return rxsim::exit_unavailable;
}

} // namespace

int sc_main(int argc, char **argv)
{
    if (argc >= 2 && std::strcmp(argv[1], "gen") == 0)
        return gen_cli_main("rxsim gen", argc - 1, argv + 1);
    sc_core::sc_report_handler::set_actions(sc_core::SC_ERROR, sc_core::SC_DISPLAY | sc_core::SC_THROW);
    sc_core::sc_report_handler::set_actions(sc_core::SC_FATAL, sc_core::SC_DISPLAY | sc_core::SC_THROW);
    rxsim::command_line cl;
    int status = cl.parse(argc, argv);
    if (status >= 0)
        return status;
    if (cl.opts.nic != RXSIM_NIC_BUILD)
        return exec_nic_build(cl.opts.nic, argv);
    return rxsim::run_command(cl.opts, cl.run);
}

// SystemC prints its banner on stdout before sc_main unless told not to:
// the report is ours alone.
int main(int argc, char **argv)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    return sc_core::sc_elab_and_sim(argc, argv);
}
