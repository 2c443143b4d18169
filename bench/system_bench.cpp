// Speed of the simulator, the whole of it and the bare NIC path, in one run:
// each trace is run by
//   rxsim rtl         `rxsim run TRACE --nic-model rtl` (trace -> NIC -> PCIe
//                     -> e1000 driver -> stack -> UDP receiver), as a user runs it
//   rxsim behavioral  the same with --nic-model behavioral (the C twin)
//   bare rtl          nicsim_bench: the same trace, the same NIC and PCIe
//                     platform, a trivial host instead of driver, stack and CPU
//   bare behavioral   nicsim_bench with the twin
// on three traces rxsim-gen writes: 64 B UDP frames back to back at 10 Gb/s
// (14.88 Mpps), the same at 1% of that (148.8 kpps), and a capture-like trace
// (imix sizes, 16 flows, 500 kpps in 200 us bursts with 800 us pauses). Every
// run is a child process (SystemC elaborates once per process); wall time is
// fork to wait4, user CPU and peak RSS are the child's own. Rounds run every
// variant once, the order rotating from round to round (paired: the shared
// machine's load hits all alike), after one warm-up run of rxsim rtl that is
// not counted (it gives the bare runs their stop time: rxsim's simulated time).
// Prints a Markdown table: min and median per variant, then the ratios.
//   system_bench [--repeats N] [--line N] [--sparse N] [--bursty N]
// (defaults 3 rounds; 200,000, 20,000 and 50,000 packets; 0 leaves a trace out)
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
#ifndef NICSIM_BENCH_PATH
#error "NICSIM_BENCH_PATH (the bare NIC path's program) must be defined by the build"
#endif

namespace {

constexpr uint64_t kLineRatePps = 14880952; // 64 B + 20 B of preamble and IFG at 10 Gb/s

struct scenario {
    const char *name;
    uint64_t packets;
    std::vector<std::string> traffic; // rxsim-gen's options after -n
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
    std::vector<std::string> gen{RXSIM_GEN_PATH, "-q", "-o", trace, "-n", std::to_string(s.packets)};
    gen.insert(gen.end(), s.traffic.begin(), s.traffic.end());
    run_child(gen);
    return trace;
}

nlohmann::json read_report(const std::string &file)
{
    try {
        std::ifstream in(file, std::ios::binary);
        return nlohmann::json::parse(in);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "system_bench: cannot read %s: %s\n", file.c_str(), e.what());
        fail();
    }
}

struct variant {
    const char *name;
    bool bare;         // nicsim_bench, else rxsim run
    const char *model; // --nic-model
};
constexpr variant kVariants[] = {
    {"rxsim rtl", false, "rtl"},
    {"rxsim behavioral", false, "behavioral"},
    {"bare rtl", true, "rtl"},
    {"bare behavioral", true, "behavioral"},
};
constexpr unsigned kNumVariants = sizeof kVariants / sizeof kVariants[0];

struct measured {
    std::vector<double> wall, user;
    long max_rss_kb = 0;
    uint64_t delivered = 0, sim_ns = 0;
};

// One run of `v` on `trace`; the bare path stops at end_ps. Fails unless the
// whole trace was replayed.
void run(const scenario &s, const std::string &trace, const variant &v, uint64_t end_ps, scratch_dir &dir,
         measured &m)
{
    const std::string report = dir.file(std::string(s.name) + "." + (v.bare ? "bare." : "") + v.model + ".json");
    std::vector<std::string> args;
    if (v.bare)
        args = {NICSIM_BENCH_PATH, trace, std::to_string(end_ps), v.model, report};
    else
        args = {RXSIM_PATH, "run", trace, "--udp-port", "9000", "--no-progress", "--nic-model", v.model,
                "--json", report};
    const child_result r = run_child(args);
    const nlohmann::json j = read_report(report);
    const uint64_t packets = json_uint(j, "packets_in", report);
    if (packets != s.packets) {
        // The rates would be meaningless: the trace was not replayed whole.
        std::fprintf(stderr, "system_bench: %s, %s: %llu of %llu packets replayed\n", s.name, v.name,
                     (unsigned long long)packets, (unsigned long long)s.packets);
        fail();
    }
    m.wall.push_back(r.wall_s);
    m.user.push_back(seconds(r.ru.ru_utime));
    m.max_rss_kb = std::max(m.max_rss_kb, r.ru.ru_maxrss); // KiB on Linux
    m.delivered = json_uint(j, "delivered", report);
    m.sim_ns = json_uint(j, "sim_time_ns", report);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double min_of(const std::vector<double> &v) { return *std::min_element(v.begin(), v.end()); }

void bench(const scenario &s, unsigned repeats, scratch_dir &dir)
{
    const std::string trace = write_trace(s, dir);
    measured warm;
    run(s, trace, kVariants[0], 0, dir, warm);
    const uint64_t end_ps = warm.sim_ns * 1000;
    measured m[kNumVariants];
    for (unsigned i = 0; i < repeats; ++i)
        for (unsigned k = 0; k < kNumVariants; ++k) {
            const unsigned v = (i + k) % kNumVariants;
            run(s, trace, kVariants[v], end_ps, dir, m[v]);
        }
    const double sim_s = warm.sim_ns * 1e-9;
    for (unsigned v = 0; v < kNumVariants; ++v) {
        const double wall = median(m[v].wall), user = median(m[v].user);
        std::printf("| %s | %llu | %s | %llu | %.3f-%.3f | %.3f-%.3f | %.0f k | %.0f k | %.2f %s | %.1f MB |\n", s.name,
                    (unsigned long long)s.packets, kVariants[v].name, (unsigned long long)m[v].delivered,
                    min_of(m[v].wall), wall, min_of(m[v].user), user, s.packets / wall / 1e3,
                    s.packets / user / 1e3, wall > sim_s ? wall / sim_s : sim_s / wall,
                    wall > sim_s ? "slower" : "faster", m[v].max_rss_kb / 1024.0);
    }
    auto ratio = [&](unsigned a, unsigned b, const char *what) {
        std::printf("|  |  | %s | | wall %.2f | user %.2f | | | | |\n", what, median(m[a].wall) / median(m[b].wall),
                    median(m[a].user) / median(m[b].user));
    };
    ratio(0, 2, "rxsim rtl / bare rtl");
    ratio(1, 3, "rxsim behavioral / bare behavioral");
    ratio(1, 0, "rxsim behavioral / rxsim rtl");
    std::fflush(stdout);
}

bool parse_count(const char *arg, uint64_t &out)
{
    char *end = nullptr;
    out = std::strtoull(arg, &end, 10);
    return *arg && *end == '\0';
}

} // namespace

int main(int argc, char **argv)
{
    uint64_t repeats = 3, line = 200000, sparse = 20000, bursty = 50000;
    bool ok = true;
    for (int i = 1; i < argc && ok; i += 2) {
        const std::string opt = argv[i];
        uint64_t *to = opt == "--repeats" ? &repeats : opt == "--line" ? &line : opt == "--sparse" ? &sparse
                     : opt == "--bursty" ? &bursty : nullptr;
        ok = to && i + 1 < argc && parse_count(argv[i + 1], *to);
    }
    if (!ok || repeats == 0) {
        std::fprintf(stderr, "usage: system_bench [--repeats N] [--line N] [--sparse N] [--bursty N]\n"
                             "  (defaults 3 rounds; 200000, 20000 and 50000 packets; 0 leaves a trace out)\n");
        return 2;
    }

    // SystemC's banner, which nicsim_bench prints before its sc_main, once per run.
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    const char *tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/system_bench.XXXXXX";
    if (!mkdtemp(templ.data())) {
        std::fprintf(stderr, "system_bench: mkdtemp %s: %s\n", templ.c_str(), std::strerror(errno));
        return 1;
    }
    scratch_dir dir{templ, {}};
    g_scratch = &dir;
    std::printf("rxsim: %s\nbare: %s\ntraces in %s; %llu rounds\n\n", RXSIM_PATH, NICSIM_BENCH_PATH,
                dir.path.c_str(), (unsigned long long)repeats);
    std::printf("| trace | packets | variant | delivered | wall min-median (s) | user CPU min-median (s) "
                "| wire pkts / wall s | wire pkts / user CPU s | against real time (wall) | peak RSS |\n"
                "|---|---|---|---|---|---|---|---|---|---|\n");

    const scenario scenarios[] = {
        {"line rate", line, {"-s", "64", "--line-rate"}},
        {"1%", sparse, {"-s", "64", "--rate", std::to_string(kLineRatePps / 100)}},
        {"bursty", bursty, {"-s", "imix", "--flows", "16", "--rate", "500000", "--burst", "200:800"}},
    };
    for (const scenario &s : scenarios)
        if (s.packets)
            bench(s, unsigned(repeats), dir);
    dir.remove_all();
    return 0;
}
