// Speed of the whole simulator (`rxsim run`: trace -> Verilated NIC -> PCIe ->
// e1000 driver -> stack -> UDP receiver) on the two traces nicsim_bench gives
// the bare NIC path: 64-byte UDP frames back to back at 10 Gb/s line rate
// (14.88 Mpps), and sparse at 1% of that (148.8 kpps). rxsim-gen writes each
// trace and rxsim runs it as a child process, as a user would run them, so the
// figures include everything the program does (option parsing, elaboration,
// the packet ledger, the report). Prints wire packets per wall second, wall
// time / simulated time, the child's CPU time and its peak RSS.
//   system_bench [line-rate packets, default 200000] [sparse packets, default 20000]
// With --models N first, each trace is run N times with --nic-model rtl and
// N times with --nic-model behavioral, interleaved (paired), and the
// behavioral/rtl ratios of the median wall and user CPU times are printed.
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#ifndef RXSIM_PATH
#error "RXSIM_PATH (the rxsim program) must be defined by the build"
#endif
#ifndef RXSIM_GEN_PATH
#error "RXSIM_GEN_PATH (the rxsim-gen program) must be defined by the build"
#endif

namespace {

constexpr uint64_t kLineRatePps = 14880952; // 64 B + 20 B of preamble and IFG at 10 Gb/s

struct scenario {
    const char *name;
    uint64_t packets;
    uint64_t pps; // 0: line rate
};

struct child_result {
    double wall_s = 0;
    rusage ru{};
};

// Trace and report files of this run. They go on failure too: a 10 M-packet
// trace is 760 MB, and rxsim-gen writes the same bytes again from the same
// options (the failing command is printed).
struct scratch_dir {
    std::string path;
    std::vector<std::string> files;
    std::string file(const std::string &name)
    {
        files.push_back(path + "/" + name);
        return files.back();
    }
    void remove_all()
    {
        for (const std::string &f : files)
            std::remove(f.c_str());
        rmdir(path.c_str());
    }
};

scratch_dir *g_scratch = nullptr;

[[noreturn]] void fail()
{
    if (g_scratch)
        g_scratch->remove_all();
    std::exit(1);
}

double seconds(const timeval &tv) { return tv.tv_sec + tv.tv_usec * 1e-6; }

std::string join(const std::vector<std::string> &args)
{
    std::string s;
    for (const std::string &a : args)
        s += (s.empty() ? "" : " ") + a;
    return s;
}

// Runs args[0] with its stdout on /dev/null (stderr stays, so a failing child
// says why) and returns its wall time and rusage. wait4 gives the child's own
// usage, so neither this program nor the trace generation is counted.
// Fails with a message if the child cannot run or does not exit with 0.
child_result run_child(const std::vector<std::string> &args)
{
    std::vector<char *> argv;
    for (const std::string &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);

    std::fflush(stdout);
    std::fflush(stderr);
    child_result r;
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) {
        std::fprintf(stderr, "system_bench: fork: %s\n", std::strerror(errno));
        fail();
    }
    if (pid == 0) {
        const int null = open("/dev/null", O_WRONLY);
        if (null < 0 || dup2(null, STDOUT_FILENO) < 0) {
            std::fprintf(stderr, "system_bench: /dev/null: %s\n", std::strerror(errno));
            _exit(127);
        }
        close(null);
        execv(argv[0], argv.data());
        std::fprintf(stderr, "system_bench: cannot run %s: %s\n", argv[0], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    pid_t w;
    while ((w = wait4(pid, &status, 0, &r.ru)) < 0 && errno == EINTR) {
    }
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (w < 0) {
        std::fprintf(stderr, "system_bench: wait4: %s\n", std::strerror(errno));
        fail();
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return r;
    if (WIFEXITED(status))
        std::fprintf(stderr, "system_bench: FAILED (exit status %d): %s\n", WEXITSTATUS(status),
                     join(args).c_str());
    else if (WIFSIGNALED(status))
        std::fprintf(stderr, "system_bench: FAILED (killed by signal %d, %s): %s\n", WTERMSIG(status),
                     strsignal(WTERMSIG(status)), join(args).c_str());
    else
        std::fprintf(stderr, "system_bench: FAILED (wait status %#x): %s\n", status, join(args).c_str());
    fail();
}

uint64_t json_uint(const nlohmann::json &j, const char *key, const std::string &file)
{
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number_unsigned()) {
        std::fprintf(stderr, "system_bench: %s has no unsigned \"%s\"\n", file.c_str(), key);
        fail();
    }
    return it->get<uint64_t>();
}

std::string write_trace(const scenario &s, scratch_dir &dir)
{
    const std::string trace = dir.file(std::string(s.name) + ".pcap");

    std::vector<std::string> gen{RXSIM_GEN_PATH, "-q", "-o", trace, "-n", std::to_string(s.packets), "-s", "64"};
    if (s.pps) {
        gen.push_back("--rate");
        gen.push_back(std::to_string(s.pps));
    } else {
        gen.push_back("--line-rate");
    }
    run_child(gen);
    return trace;
}

// One run of `trace` with --nic-model `model`; prints its figures unless quiet.
child_result run(const scenario &s, const std::string &trace, const char *model, scratch_dir &dir, bool quiet)
{
    const std::string report = dir.file(std::string(s.name) + "." + model + ".json");
    const std::vector<std::string> sim{RXSIM_PATH, "run", trace, "--udp-port", "9000", "--no-progress",
                                       "--nic-model", model, "--json", report};
    const child_result r = run_child(sim);

    nlohmann::json j;
    try {
        std::ifstream in(report, std::ios::binary);
        j = nlohmann::json::parse(in);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "system_bench: cannot read %s: %s\n", report.c_str(), e.what());
        fail();
    }
    const uint64_t packets = json_uint(j, "packets_in", report);
    const uint64_t delivered = json_uint(j, "delivered", report);
    const double sim_s = json_uint(j, "sim_time_ns", report) * 1e-9;
    const double user = seconds(r.ru.ru_utime);
    const double sys = seconds(r.ru.ru_stime);
    if (packets != s.packets || sim_s <= 0) {
        // The rates below would be meaningless: the trace was not replayed whole.
        std::fprintf(stderr, "system_bench: %s: %llu of %llu packets replayed, %.9f s simulated\n", s.name,
                     (unsigned long long)packets, (unsigned long long)s.packets, sim_s);
        fail();
    }

    if (quiet)
        return r;
    std::printf("%s (%s): %llu wire packets (%llu delivered), %.3f ms simulated in %.3f s wall, "
                "%.3f s user CPU + %.3f s system CPU\n",
                s.name, model, (unsigned long long)packets, (unsigned long long)delivered, sim_s * 1e3, r.wall_s,
                user, sys);
    std::printf("  per wall second:     %.0f wire packets; wall/simulated %.2f (%.2fx %s real time)\n",
                packets / r.wall_s, r.wall_s / sim_s, r.wall_s > sim_s ? r.wall_s / sim_s : sim_s / r.wall_s,
                r.wall_s > sim_s ? "slower than" : "faster than");
    // The machine may be shared: CPU time is what the simulator itself cost.
    std::printf("  per user CPU second: %.0f wire packets; user CPU/simulated %.2f\n", packets / user,
                user / sim_s);
    std::printf("  peak RSS %.1f MB\n", r.ru.ru_maxrss / 1024.0); // ru_maxrss is in KiB on Linux
    return r;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// `repeats` runs of each model, alternating which goes first; the last run
// of each prints its figures.
void compare_models(const scenario &s, const std::string &trace, unsigned repeats, scratch_dir &dir)
{
    const char *models[] = {"rtl", "behavioral"};
    std::vector<double> wall[2], user[2];
    for (unsigned i = 0; i < repeats; ++i)
        for (unsigned k = 0; k < 2; ++k) {
            const unsigned m = (i + k) % 2;
            const child_result r = run(s, trace, models[m], dir, i + 1 < repeats);
            wall[m].push_back(r.wall_s);
            user[m].push_back(seconds(r.ru.ru_utime));
        }
    for (unsigned m = 0; m < 2; ++m)
        std::printf("  %-10s wall min %.3f s median %.3f s; user CPU min %.3f s median %.3f s (%u runs)\n",
                    models[m], *std::min_element(wall[m].begin(), wall[m].end()), median(wall[m]),
                    *std::min_element(user[m].begin(), user[m].end()), median(user[m]), repeats);
    std::printf("  behavioral/rtl: wall %.3f, user CPU %.3f (medians)\n", median(wall[1]) / median(wall[0]),
                median(user[1]) / median(user[0]));
}

} // namespace

int main(int argc, char **argv)
{
    unsigned repeats = 0; // --models N: rtl against behavioral
    bool bad = false;
    if (argc > 1 && std::strcmp(argv[1], "--models") == 0) {
        repeats = argc > 2 ? unsigned(std::strtoul(argv[2], nullptr, 10)) : 0;
        bad = repeats == 0;
        argc -= 2;
        argv += 2;
    }
    const uint64_t line = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000;
    const uint64_t sparse = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20000;
    if (bad || argc > 3 || line == 0 || sparse == 0) {
        std::fprintf(stderr, "usage: system_bench [--models N] [line-rate packets, default 200000] "
                             "[sparse packets, default 20000]\n");
        return 2;
    }

    const char *tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/system_bench.XXXXXX";
    if (!mkdtemp(templ.data())) {
        std::fprintf(stderr, "system_bench: mkdtemp %s: %s\n", templ.c_str(), std::strerror(errno));
        return 1;
    }
    scratch_dir dir{templ, {}};
    g_scratch = &dir;
    std::printf("rxsim: %s\ntraces in %s\n", RXSIM_PATH, dir.path.c_str());

    const scenario scenarios[] = {{"line_rate", line, 0}, {"sparse", sparse, kLineRatePps / 100}};
    for (const scenario &s : scenarios) {
        const std::string trace = write_trace(s, dir);
        if (repeats)
            compare_models(s, trace, repeats, dir);
        else
            run(s, trace, "rtl", dir, false);
    }
    dir.remove_all();
    return 0;
}
