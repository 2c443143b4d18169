// The engines of `rxsim sweep`: how the points not yet done get run. Each
// point is one `rxsim run` whose result sweep_layout::finish() makes final;
// the engines differ only in where those processes run: a pool of children
// here (local), GNU parallel (parallel), or a Slurm array job (slurm), the
// last two through `rxsim sweep point DIR HASH` and points/HASH.args.
#ifndef RXSIM_SWEEP_ENGINES_H
#define RXSIM_SWEEP_ENGINES_H

#include <string>
#include <vector>

#include "sweep_layout.h"

namespace rxsim {

struct pending_point {
    std::string hash;
    std::vector<std::string> args; // of `rxsim run`, sweep_layout::run_args()
};

struct engine_options {
    std::string self;              // this program
    unsigned jobs = 1;             // local, parallel: at once; slurm: array tasks
    bool jobs_given = false;
    std::vector<std::string> engine_args, slurm_args;
    bool wait = true;              // slurm: wait for the job
    bool progress = false;         // draw a progress line on stderr
};

// Each returns 0 once every point has run (whatever its status), else an
// exit status after printing why (to stderr).
int run_local(const sweep_layout &dir, const std::vector<pending_point> &points, const engine_options &o,
              const volatile int *stop);
int run_parallel(const sweep_layout &dir, const std::vector<pending_point> &points, const engine_options &o);
// With o.wait false, returns once the job is submitted.
int run_slurm(const sweep_layout &dir, const std::vector<pending_point> &points, const engine_options &o,
              const volatile int *stop);

// Writes points/HASH.args (one argument a line) and pending.txt (a hash a
// line), what `rxsim sweep point` and the job scripts read. False on error.
bool write_point_files(const sweep_layout &dir, const std::vector<pending_point> &points);
// `rxsim sweep point DIR HASH`: runs that point and finishes it; returns the
// run's exit status.
int run_one_point(const sweep_layout &dir, const std::string &hash, const std::string &self);

// The "done/total, failed, ETA" line; `done` counts this session's points.
std::string progress_text(size_t done, size_t total, size_t failed, double elapsed_s);

} // namespace rxsim

#endif
