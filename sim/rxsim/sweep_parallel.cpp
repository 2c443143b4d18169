// The parallel engine: GNU parallel runs `rxsim sweep point DIR HASH` for
// each line of pending.txt, -j at once, with --engine-args before the
// command (--sshloginfile spreads them over machines that share DIR).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "child_pool.h"
#include "sweep_engines.h"

namespace rxsim {

int run_parallel(const sweep_layout &dir, const std::vector<pending_point> &points, const engine_options &o)
{
    const std::string parallel = find_program("parallel");
    if (parallel.empty()) {
        std::fprintf(stderr, "rxsim sweep: --engine parallel: GNU parallel is not installed (Debian: parallel)\n");
        return 2;
    }
    if (!write_point_files(dir, points)) {
        std::fprintf(stderr, "rxsim sweep: cannot write the point files in %s\n", dir.points().c_str());
        return 1;
    }
    std::vector<child_job> job(1);
    job[0].args = {"--will-cite", "-j", std::to_string(o.jobs), "--joblog", (dir.root / "parallel.log").string()};
    job[0].args.insert(job[0].args.end(), o.engine_args.begin(), o.engine_args.end());
    job[0].args.insert(job[0].args.end(), {o.self, "sweep", "point", dir.root.string(), "{}", "::::",
                                           dir.pending().string()});
    job[0].out_path = (dir.root / "parallel.out").string();
    job[0].err_path = (dir.root / "parallel.err").string();
    run_children(parallel, job, 1);
    // Its status counts the points that failed (1..101); above that, or a
    // point that left nothing behind, parallel itself went wrong.
    size_t missing = 0;
    for (const pending_point &p : points)
        missing += !std::filesystem::exists(dir.point(p.hash, ".json")) &&
                   !std::filesystem::exists(dir.point(p.hash, ".exit"));
    if (job[0].status < 0 || job[0].status > 101 || missing) {
        std::ifstream err(job[0].err_path);
        std::stringstream s;
        s << err.rdbuf();
        std::fprintf(stderr, "rxsim sweep: GNU parallel exited %d, %zu points not run:\n%s", job[0].status, missing,
                     s.str().c_str());
        return 1;
    }
    return 0;
}

} // namespace rxsim
