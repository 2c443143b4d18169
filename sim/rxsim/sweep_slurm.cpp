// The slurm engine: one `sbatch --array` job; array task T runs the points
// on lines T, T+K, T+2K... of pending.txt (K tasks) with `rxsim sweep point`.
// It waits while showing how many points are done (points/HASH.json or
// .exit appear in the shared DIR) until squeue no longer lists the job.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "sweep_engines.h"

namespace rxsim {

namespace {

namespace fs = std::filesystem;

std::string quoted(const std::string &s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Runs a shell command; its stdout, and its status in *status.
std::string shell(const std::string &command, int *status)
{
    std::string out;
    FILE *p = popen((command + " 2>&1").c_str(), "r");
    if (!p) {
        *status = -1;
        return out;
    }
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;)
        out.append(buf, n);
    const int w = pclose(p);
    *status = WIFEXITED(w) ? WEXITSTATUS(w) : -1;
    return out;
}

} // namespace

int run_slurm(const sweep_layout &dir, const std::vector<pending_point> &points, const engine_options &o,
              const volatile int *stop)
{
    if (!write_point_files(dir, points)) {
        std::fprintf(stderr, "rxsim sweep: cannot write the point files in %s\n", dir.points().c_str());
        return 1;
    }
    const size_t tasks = std::min(points.size(), size_t(o.jobs_given ? o.jobs : 1000));
    const fs::path slurm = fs::absolute(dir.root / "slurm");
    std::error_code ec;
    fs::create_directories(slurm, ec);
    const std::string root = fs::absolute(dir.root).string();
    {
        std::ofstream job(slurm / "array.sh");
        job << "#!/bin/sh\n"
            << "# Written by rxsim sweep: array task T runs the points on lines T+1, T+1+" << tasks
            << ", ... of pending.txt.\n"
            << "awk -v n=" << tasks << " -v t=\"$SLURM_ARRAY_TASK_ID\" '(NR - 1) % n == t' "
            << quoted(fs::absolute(dir.pending()).string()) << " | while read -r h; do\n"
            << "    " << quoted(o.self) << " sweep point " << quoted(root) << " \"$h\" || true\n"
            << "done\n";
        if (!job.flush()) {
            std::fprintf(stderr, "rxsim sweep: cannot write %s\n", (slurm / "array.sh").c_str());
            return 1;
        }
    }
    std::string submit = "sbatch --parsable --job-name=rxsim-sweep --array=0-" + std::to_string(tasks - 1) +
                         " --output=" + quoted((slurm / "task-%a.out").string()) + " --chdir=" + quoted(root);
    for (const std::string &a : o.slurm_args)
        submit += " " + quoted(a);
    submit += " " + quoted((slurm / "array.sh").string());
    int status = 0;
    std::string out = shell(submit, &status);
    const std::string id = out.substr(0, out.find_first_of(";\n"));
    if (status != 0 || id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
        std::fprintf(stderr, "rxsim sweep: sbatch failed (exit %d): %s\n", status, out.c_str());
        return 1;
    }
    std::printf("rxsim sweep: slurm job %s: %zu points in %zu array tasks\n", id.c_str(), points.size(), tasks);
    std::fflush(stdout);
    if (!o.wait)
        return 0;

    const auto start = std::chrono::steady_clock::now();
    for (int squeue_errors = 0;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        size_t done = 0, failed = 0;
        for (const pending_point &p : points) {
            const bool ok = fs::exists(dir.point(p.hash, ".json")), bad = fs::exists(dir.point(p.hash, ".exit"));
            done += ok || bad;
            failed += bad;
        }
        if (o.progress) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::fprintf(stderr, "\r\033[Krxsim sweep: slurm job %s: %s", id.c_str(),
                         progress_text(done, points.size(), failed, s).c_str());
        }
        if (stop && *stop) {
            shell("scancel " + id, &status);
            if (o.progress)
                std::fputs("\n", stderr);
            std::fprintf(stderr, "rxsim sweep: interrupted; slurm job %s cancelled\n", id.c_str());
            return 130;
        }
        const std::string q = shell("squeue -h -j " + id + " -o %i", &status);
        if (status != 0 && q.find("Invalid job id") != std::string::npos)
            break; // finished and already forgotten
        if (status != 0) {
            // The controller may be busy for a moment; not for long.
            if (++squeue_errors == 20) {
                std::fprintf(stderr, "\nrxsim sweep: squeue failed: %s", q.c_str());
                return 1;
            }
            continue;
        }
        squeue_errors = 0;
        if (q.find_first_not_of(" \n") == std::string::npos)
            break;
    }
    if (o.progress)
        std::fputs("\r\033[K", stderr);
    return 0;
}

} // namespace rxsim
