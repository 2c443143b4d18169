// `rxsim sweep SPEC`: runs every point of a sweep spec (sweep_spec.h) as an
// `rxsim run` child, skips those whose result is already in DIR, writes
// DIR/spec.toml, DIR/results.csv and, through `rxsim plot`, DIR/plots.
// `rxsim sweep collect DIR` writes the CSV and plots of a sweep whose points
// ran elsewhere (slurm --no-wait); `rxsim sweep point DIR HASH` runs one
// point (what the parallel and slurm engines call).
#ifndef RXSIM_SWEEP_COMMAND_H
#define RXSIM_SWEEP_COMMAND_H

namespace rxsim {

// argv[0] is "sweep".
int sweep_command(int argc, const char *const *argv);

} // namespace rxsim

#endif
