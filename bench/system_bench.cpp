// Speed of the whole simulator (`rxsim run`: trace -> Verilated NIC -> PCIe ->
// e1000 driver -> stack -> UDP receiver) on the two traces nicsim_bench gives
// the bare NIC path: 64-byte UDP frames back to back at 10 Gb/s line rate
// (14.88 Mpps), and sparse at 1% of that (148.8 kpps). rxsim-gen writes each
// trace and rxsim runs it as a child process, as a user would run them, so the
// figures include everything the program does (option parsing, elaboration,
// the packet ledger, the report). Prints wire packets per wall second, wall
// time / simulated time, the child's CPU time and its peak RSS.
//   system_bench [line-rate packets, default 200000] [sparse packets, default 20000]
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

void run(const scenario &s, scratch_dir &dir)
{
    const std::string trace = dir.file(std::string(s.name) + ".pcap");
    const std::string report = dir.file(std::string(s.name) + ".json");

    std::vector<std::string> gen{RXSIM_GEN_PATH, "-q", "-o", trace, "-n", std::to_string(s.packets), "-s", "64"};
    if (s.pps) {
        gen.push_back("--rate");
        gen.push_back(std::to_string(s.pps));
    } else {
        gen.push_back("--line-rate");
    }
    run_child(gen);

    const std::vector<std::string> sim{RXSIM_PATH, "run", trace, "--udp-port", "9000", "--no-progress", "--json", report};
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

    std::printf("%s: %llu wire packets (%llu delivered), %.3f ms simulated in %.3f s wall, "
                "%.3f s user CPU + %.3f s system CPU\n",
                s.name, (unsigned long long)packets, (unsigned long long)delivered, sim_s * 1e3, r.wall_s, user,
                sys);
    std::printf("  per wall second:     %.0f wire packets; wall/simulated %.2f (%.2fx %s real time)\n",
                packets / r.wall_s, r.wall_s / sim_s, r.wall_s > sim_s ? r.wall_s / sim_s : sim_s / r.wall_s,
                r.wall_s > sim_s ? "slower than" : "faster than");
    // The machine may be shared: CPU time is what the simulator itself cost.
    std::printf("  per user CPU second: %.0f wire packets; user CPU/simulated %.2f\n", packets / user,
                user / sim_s);
    std::printf("  peak RSS %.1f MB\n", r.ru.ru_maxrss / 1024.0); // ru_maxrss is in KiB on Linux
}

} // namespace

int main(int argc, char **argv)
{
    const uint64_t line = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000;
    const uint64_t sparse = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20000;
    if (argc > 3 || line == 0 || sparse == 0) {
        std::fprintf(stderr, "usage: system_bench [line-rate packets, default 200000] "
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
    for (const scenario &s : scenarios)
        run(s, dir);
    dir.remove_all();
    return 0;
}
