// The local engine, and what the others share: point files, one point run by
// `rxsim sweep point`, the progress text.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "child_pool.h"
#include "sweep_engines.h"

namespace rxsim {

std::string progress_text(size_t done, size_t total, size_t failed, double elapsed_s)
{
    char eta[32] = "";
    if (done > 0 && done < total) {
        const long s = long(elapsed_s / double(done) * double(total - done) + 0.5);
        std::snprintf(eta, sizeof eta, ", ETA %ldm%02lds", s / 60, s % 60);
    }
    char buf[128];
    std::snprintf(buf, sizeof buf, "%zu/%zu points, %zu failed%s", done, total, failed, eta);
    return buf;
}

int run_local(const sweep_layout &dir, const std::vector<pending_point> &points, const engine_options &o,
              const volatile int *stop)
{
    std::vector<child_job> jobs;
    for (const pending_point &p : points) {
        child_job j;
        j.args = p.args;
        j.out_path = dir.point(p.hash, ".out").string();
        j.err_path = dir.point(p.hash, ".err").string();
        jobs.push_back(j);
    }
    const auto start = std::chrono::steady_clock::now();
    size_t done = 0, failed = 0;
    bool moved = true;
    run_children(
        o.self, jobs, o.jobs,
        [&](size_t i) {
            moved = dir.finish(points[i].hash, jobs[i].status) && moved;
            done++;
            failed += jobs[i].status != 0;
            if (o.progress) {
                const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                std::fprintf(stderr, "\r\033[Krxsim sweep: %s", progress_text(done, points.size(), failed, s).c_str());
            }
        },
        stop);
    if (o.progress && done)
        std::fputs("\r\033[K", stderr);
    if (!moved) {
        std::fprintf(stderr, "rxsim sweep: cannot move results in %s\n", dir.points().c_str());
        return 1;
    }
    return 0;
}

bool write_point_files(const sweep_layout &dir, const std::vector<pending_point> &points)
{
    std::ofstream pending(dir.pending());
    for (const pending_point &p : points) {
        std::ofstream a(dir.point(p.hash, ".args"));
        for (const std::string &w : p.args)
            a << w << "\n";
        if (!a.flush())
            return false;
        pending << p.hash << "\n";
    }
    return bool(pending.flush());
}

int run_one_point(const sweep_layout &dir, const std::string &hash, const std::string &self)
{
    std::ifstream in(dir.point(hash, ".args"));
    if (!in) {
        std::fprintf(stderr, "rxsim sweep point: no %s\n", dir.point(hash, ".args").c_str());
        return 2;
    }
    std::vector<child_job> job(1);
    for (std::string line; std::getline(in, line);)
        job[0].args.push_back(line);
    job[0].out_path = dir.point(hash, ".out").string();
    job[0].err_path = dir.point(hash, ".err").string();
    run_children(self, job, 1);
    if (!dir.finish(hash, job[0].status))
        return 1;
    return job[0].status;
}

} // namespace rxsim
