// Exit status of `rxsim` (also in `rxsim --help` and the README). The trace
// classes are rxtrace_exit_code()'s, so `rxsim run` and rxsim-replay agree.
#ifndef RXSIM_EXIT_CODES_H
#define RXSIM_EXIT_CODES_H

namespace rxsim {

enum exit_code : int {
    exit_done = 0,
    exit_internal = 1,          // a model reported an error it cannot recover from
    exit_bad_options = 2,       // = rxtrace_exit_code(RXTRACE_ERR_OPTIONS)
    exit_trace_unreadable = 3,  // = RXTRACE_ERR_UNREADABLE
    exit_trace_unsupported = 4, // = RXTRACE_ERR_LINKTYPE
    exit_trace_corrupt = 5,     // = RXTRACE_ERR_CORRUPT
    exit_invariant = 6,         // conservation, payload integrity or descriptor ownership broken
    exit_check_failed = 7,      // rxsim check: a scenario failed
    exit_sweep_failed = 8,      // rxsim sweep: a point failed, or the plots were not drawn
    exit_interrupted = 130,     // stopped by SIGINT (128 + 2, as a shell reports it); report written
};

// The paragraph --help and the README print.
inline constexpr const char *exit_codes_help =
    "Exit status: 0 done, 1 internal model error, 2 bad options, 3 unreadable trace,\n"
    "4 unsupported trace (link type), 5 corrupt or truncated trace, 6 invariant\n"
    "violation (conservation, payload integrity, descriptor ownership, liveness;\n"
    "printed), 7 rxsim check: a scenario failed, 8 rxsim sweep: a point failed\n"
    "or the plots were not drawn, 130 interrupted (Ctrl-C: the report covers\n"
    "what was simulated).\n";

} // namespace rxsim

#endif
