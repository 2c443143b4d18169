// `rxsim check`: the regression battery (check/battery.json). Each scenario
// is a trace written by `rxsim gen` and replayed by `rxsim run`, as child
// processes of this same program, several at once; a scenario passes when
// the run exits 0 (every invariant and liveness check held) and its report
// is the one recorded for it (check/golden/NAME.json). Prints a line per
// scenario with the reason of a failure (the results that moved, the
// violation), a summary, optionally JUnit XML; returns the exit status.
#ifndef RXSIM_CHECK_COMMAND_H
#define RXSIM_CHECK_COMMAND_H

namespace rxsim {

// argv[0] is "check".
int check_command(int argc, const char *const *argv);

} // namespace rxsim

#endif
