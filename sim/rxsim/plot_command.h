// `rxsim plot DIR`: draws a sweep's figures (DIR/plots/NAME.png and .svg)
// from DIR/results.csv and DIR/spec.toml with the matplotlib script shipped
// with rxsim (sim/rxsim/plot_sweep.py), run by Debian's python3.
#ifndef RXSIM_PLOT_COMMAND_H
#define RXSIM_PLOT_COMMAND_H

namespace rxsim {

// argv[0] is "plot".
int plot_command(int argc, const char *const *argv);

} // namespace rxsim

#endif
