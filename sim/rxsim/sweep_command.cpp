#include "sweep_command.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "child_pool.h"
#include "content_hash.h"
#include "exit_codes.h"
#include "resolved_spec.h"
#include "results_csv.h"
#include "sweep_engines.h"
#include "sweep_spec.h"

namespace rxsim {

namespace {

namespace fs = std::filesystem;

volatile int interrupted = 0;

extern "C" void on_sweep_sigint(int) { interrupted = 1; }

std::string slurp(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

bool write_file(const fs::path &path, const std::string &text)
{
    const fs::path part = path.string() + ".part";
    {
        std::ofstream out(part, std::ios::binary);
        if (!(out << text).flush())
            return false;
    }
    std::error_code ec;
    fs::rename(part, path, ec);
    return !ec;
}

// results.csv from the point files, the failures named; then the plots.
int collect(const sweep_layout &dir, const std::string &self, bool plot)
{
    std::vector<std::string> hashes;
    sweep_spec spec;
    try {
        spec = read_resolved_spec(slurp(dir.spec()), dir.spec().string(), hashes);
    } catch (const spec_error &e) {
        std::fprintf(stderr, "rxsim sweep: %s\n", e.what());
        return exit_bad_options;
    }
    std::vector<point_outcome> outcomes;
    size_t failed = 0;
    for (size_t i = 0; i < hashes.size(); i++) {
        point_outcome o;
        o.hash = hashes[i];
        if (fs::exists(dir.point(o.hash, ".json"))) {
            o.status = 0;
            o.report = slurp(dir.point(o.hash, ".json"));
        } else {
            std::ifstream in(dir.point(o.hash, ".exit"));
            if (!(in >> o.status))
                o.status = -1;
            std::string what;
            for (size_t a = 0; a < spec.axes.size(); a++)
                what += (a ? " " : "") + spec.axes[a].name + "=" + spec.points[i].labels[a];
            if (spec.seeded)
                what += " seed=" + std::to_string(spec.points[i].seed);
            std::fprintf(stderr, "rxsim sweep: point %zu (%s) %s; %s\n%s", i, what.c_str(),
                         o.status == -1 ? "did not finish" : ("failed: rxsim run exited " + std::to_string(o.status)).c_str(),
                         dir.point(o.hash, ".err").c_str(), dir.stderr_tail(o.hash, 5).c_str());
            failed++;
        }
        outcomes.push_back(o);
    }
    std::string csv;
    try {
        csv = results_csv(spec, outcomes);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rxsim sweep: a point's report is not JSON: %s\n", e.what());
        return exit_internal;
    }
    if (!write_file(dir.csv(), csv)) {
        std::fprintf(stderr, "rxsim sweep: cannot write %s\n", dir.csv().c_str());
        return exit_internal;
    }
    std::printf("rxsim sweep: %zu points, %zu failed: %s\n", hashes.size(), failed, dir.csv().c_str());
    int status = failed ? exit_sweep_failed : exit_done;
    if (plot) {
        std::vector<child_job> p(1);
        p[0].args = {"plot", dir.root.string()};
        p[0].out_path = (dir.root / "plot.out").string();
        p[0].err_path = (dir.root / "plot.err").string();
        run_children(self, p, 1);
        std::fputs(slurp(p[0].out_path).c_str(), stdout);
        if (p[0].status != 0) {
            std::fprintf(stderr, "rxsim sweep: rxsim plot %s failed (exit %d):\n%s", dir.root.c_str(), p[0].status,
                         slurp(p[0].err_path).c_str());
            status = exit_sweep_failed;
        }
        std::error_code ec;
        fs::remove(p[0].out_path, ec);
        if (p[0].status == 0)
            fs::remove(p[0].err_path, ec);
    }
    return status;
}

// The run options that can change a point's report: --stall-timeout (a
// wall-clock guard) and --no-idle-fold (the same report, slower) cannot,
// so a point keeps its name with or without them.
std::vector<std::string> hashed_options(const std::vector<std::string> &run)
{
    std::vector<std::string> kept;
    for (size_t i = 0; i < run.size(); i++) {
        if (run[i] == "--stall-timeout")
            i++;
        else if (run[i] != "--no-idle-fold")
            kept.push_back(run[i]);
    }
    return kept;
}

} // namespace

int sweep_command(int argc, const char *const *argv)
{
    std::string spec_path, out_dir, engine = "local";
    unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::string> engine_args, slurm_args, overrides;
    bool no_wait = false, no_plot = false, dry_run = false;
    CLI::App app("rxsim sweep: run every point of a sweep spec (TOML: title, [run] options, [traffic] trace or "
                 "generator, [modes], [axes], repeats, [[plot]]; README, \"rxsim sweep\"). Each point is one rxsim "
                 "run, its result DIR/points/HASH.json named by a hash of its options and trace, so a rerun "
                 "skips the points already done. Writes DIR/spec.toml (every point), DIR/results.csv (a row "
                 "per point) and DIR/plots (rxsim plot).",
                 "rxsim sweep");
    app.add_option("SPEC", spec_path, "the sweep spec (TOML)")->required()->type_name("FILE");
    app.add_option("-o,--output", out_dir,
                   "the sweep's directory [default: SPEC's file name without .toml, in the current directory]")
        ->type_name("DIR");
    app.add_option("-j,--jobs", jobs,
                   "points run at once (local, parallel; default: cores); slurm: array tasks (default: one "
                   "per point, at most 1000)")
        ->capture_default_str()->check(CLI::Range(1, 4096));
    app.add_option("--engine", engine, "where the points run: local (children of this process), parallel (GNU "
                                       "parallel), slurm (an sbatch --array job)")
        ->capture_default_str()->check(CLI::IsMember({"local", "parallel", "slurm"}));
    app.add_option("--engine-args", engine_args, "parallel: passed to GNU parallel (e.g. \"--sshloginfile FILE\"; "
                                                 "split at spaces, repeatable)")
        ->type_name("ARGS");
    app.add_option("--slurm-args", slurm_args, "slurm: passed to sbatch (e.g. \"--partition=short --time=10\"; "
                                               "split at spaces, repeatable)")
        ->type_name("ARGS");
    app.add_option("--set", overrides, "change the spec before it is read: KEY=VALUE, KEY dotted "
                                       "(traffic.count=2000, axes.itr=[0,3]), VALUE in TOML (repeatable)")
        ->type_name("KEY=VALUE");
    app.add_flag("--no-wait", no_wait, "slurm: submit and return; `rxsim sweep collect DIR` once the job is done");
    app.add_flag("--no-plot", no_plot, "do not draw DIR/plots");
    app.add_flag("--dry-run", dry_run, "check the spec, write DIR/spec.toml, list the points to run; run none");
    app.footer("rxsim sweep collect DIR: write DIR/results.csv and DIR/plots from the points run so far.\n"
               "Exit status: 0 every point ran, 2 bad options or spec (its line and key named), 8 a point\n"
               "failed (named, with its exit status and last lines of stderr; the others are kept) or the\n"
               "plots could not be drawn, 130 interrupted.");

    std::string self;
    try {
        self = self_path();
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rxsim sweep: %s\n", e.what());
        return exit_internal;
    }
    if (argc >= 2 && (std::strcmp(argv[1], "collect") == 0 || std::strcmp(argv[1], "point") == 0)) {
        const bool is_point = argv[1][0] == 'p';
        std::string dir, hash;
        CLI::App sub(is_point ? "rxsim sweep point: run one point of a sweep (the parallel and slurm engines "
                                "call it)"
                              : "rxsim sweep collect: write DIR/results.csv and DIR/plots from the points run "
                                "so far (after --engine slurm --no-wait)",
                     is_point ? "rxsim sweep point" : "rxsim sweep collect");
        sub.add_option("DIR", dir, "the sweep's directory")->required()->check(CLI::ExistingDirectory);
        if (is_point)
            sub.add_option("HASH", hash, "the point")->required();
        sub.add_flag("--no-plot", no_plot, "do not draw DIR/plots");
        try {
            sub.parse(argc - 1, argv + 1);
        } catch (const CLI::ParseError &e) {
            return sub.exit(e) == 0 ? exit_done : exit_bad_options;
        }
        if (is_point)
            return run_one_point({dir}, hash, self);
        return collect({dir}, self, !no_plot);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        return app.exit(e) == 0 ? exit_done : exit_bad_options;
    }

    std::ifstream in(spec_path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "rxsim sweep: cannot read %s: %s\n", spec_path.c_str(), std::strerror(errno));
        return exit_bad_options;
    }
    std::stringstream text;
    text << in.rdbuf();
    sweep_spec spec;
    try {
        spec = parse_sweep_spec(text.str(), spec_path, overrides);
    } catch (const spec_error &e) {
        std::fprintf(stderr, "rxsim sweep: %s\n", e.what());
        return exit_bad_options;
    }
    if (out_dir.empty())
        out_dir = fs::path(spec_path).stem().string();
    const sweep_layout dir{out_dir};
    std::error_code ec;
    fs::create_directories(dir.points(), ec);
    if (!ec && spec.trace.empty())
        fs::create_directories(dir.traces(), ec);
    if (ec) {
        std::fprintf(stderr, "rxsim sweep: -o: cannot make %s: %s\n", out_dir.c_str(), ec.message().c_str());
        return exit_bad_options;
    }

    // A point's name: the program that runs it (this rxsim's bytes, and a
    // --driver module's: a rebuilt rxsim must not reuse results of the old
    // one), its run options and its trace's content (a generated trace is
    // rxsim gen's options: gen is deterministic).
    content_hash program;
    program.add(RXSIM_VERSION);
    if (!program.add_file(self_path())) {
        std::fprintf(stderr, "rxsim sweep: cannot read the rxsim program (%s)\n", self_path().c_str());
        return exit_internal;
    }
    std::string trace_hash;
    if (!spec.trace.empty()) {
        content_hash h;
        if (!h.add_file(spec.trace)) {
            std::fprintf(stderr, "rxsim sweep: %s: traffic.trace: cannot read %s\n", spec_path.c_str(),
                         spec.trace.c_str());
            return exit_bad_options;
        }
        trace_hash = h.hex();
    }
    std::vector<std::string> hashes, traces;
    std::map<std::string, std::vector<std::string>> gen_of; // trace path -> gen options
    for (const sweep_point &p : spec.points) {
        std::string trace = spec.trace, th = trace_hash;
        if (trace.empty()) {
            th = content_hash(program).add("gen").add(p.gen).hex();
            trace = fs::absolute(dir.traces() / (th + ".pcap")).lexically_normal().string();
            gen_of[trace] = p.gen;
        }
        content_hash h(program);
        for (size_t i = 0; i + 1 < p.run.size(); i++)
            if (p.run[i] == "--driver" && !h.add_file(p.run[i + 1]))
                h.add(p.run[i + 1]); // unreadable: the point's run says so
        hashes.push_back(h.add(hashed_options(p.run)).add(th).hex());
        traces.push_back(trace);
    }
    if (!write_file(dir.spec(), resolved_spec_toml(spec, fs::path(spec_path).filename().string(), RXSIM_VERSION,
                                                   hashes, traces))) {
        std::fprintf(stderr, "rxsim sweep: cannot write %s\n", dir.spec().c_str());
        return exit_internal;
    }

    std::vector<pending_point> pending;
    std::set<std::string> queued;
    for (size_t i = 0; i < spec.points.size(); i++) {
        if (fs::exists(dir.point(hashes[i], ".json")) || !queued.insert(hashes[i]).second)
            continue;
        for (const char *ext : {".exit", ".err", ".out"})
            fs::remove(dir.point(hashes[i], ext), ec);
        pending.push_back({hashes[i], dir.run_args(hashes[i], traces[i], spec.points[i].run)});
    }
    std::printf("rxsim sweep: %s: %zu points, %zu to run (%zu done before)\n", spec.title.c_str(),
                spec.points.size(), pending.size(), spec.points.size() - pending.size());
    std::fflush(stdout);
    if (dry_run) {
        for (const pending_point &p : pending) {
            std::printf("%s", self.c_str());
            for (const std::string &a : p.args)
                std::printf(" %s", a.c_str());
            std::printf("\n");
        }
        return exit_done;
    }

    struct sigaction sa{}, old{};
    sa.sa_handler = on_sweep_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);

    // The traces the pending points need, each written once, here.
    std::vector<child_job> gens;
    std::set<std::string> needed;
    for (const pending_point &p : pending)
        needed.insert(p.args[1]);
    for (const auto &[trace, options] : gen_of) {
        if (!needed.count(trace) || fs::exists(trace))
            continue;
        child_job j;
        j.args = {"gen", "-q", "-o", trace + ".part"};
        j.args.insert(j.args.end(), options.begin(), options.end());
        j.out_path = trace + ".out";
        j.err_path = trace + ".err";
        gens.push_back(j);
    }
    run_children(self, gens, jobs, {}, &interrupted);
    std::set<std::string> bad_traces;
    for (const child_job &j : gens) {
        const std::string trace = j.out_path.substr(0, j.out_path.size() - 4);
        if (j.status == 0)
            fs::rename(trace + ".part", trace, ec);
        if (j.status != 0 || ec) {
            bad_traces.insert(trace);
            std::fprintf(stderr, "rxsim sweep: rxsim gen %s failed (exit %d):\n%s", trace.c_str(), j.status,
                         slurp(j.err_path).c_str());
        } else {
            fs::remove(j.out_path, ec);
            fs::remove(j.err_path, ec);
        }
    }
    std::vector<pending_point> runnable;
    for (const pending_point &p : pending) {
        if (bad_traces.count(p.args[1])) {
            std::ofstream(dir.point(p.hash, ".err")) << "rxsim gen could not write its trace: " << p.args[1] << "\n";
            dir.finish(p.hash, exit_bad_options);
        } else {
            runnable.push_back(p);
        }
    }

    engine_options eo;
    eo.self = self;
    eo.jobs = jobs;
    eo.jobs_given = app.get_option("--jobs")->count() > 0;
    auto split = [](const std::vector<std::string> &in) {
        std::vector<std::string> out;
        for (const std::string &s : in) {
            std::istringstream w(s);
            for (std::string x; w >> x;)
                out.push_back(x);
        }
        return out;
    };
    eo.engine_args = split(engine_args);
    eo.slurm_args = split(slurm_args);
    eo.wait = !no_wait;
    eo.progress = isatty(2);
    int status = exit_done;
    if (!interrupted && !runnable.empty()) {
        if (engine == "local")
            status = run_local(dir, runnable, eo, &interrupted);
        else if (engine == "parallel")
            status = run_parallel(dir, runnable, eo);
        else
            status = run_slurm(dir, runnable, eo, &interrupted);
    }
    sigaction(SIGINT, &old, nullptr);
    if (status != exit_done)
        return status;
    if (engine == "slurm" && no_wait && !runnable.empty()) {
        std::printf("rxsim sweep: submitted; once the job is done: rxsim sweep collect %s\n", out_dir.c_str());
        return exit_done;
    }
    status = collect(dir, self, !no_plot && !interrupted);
    return interrupted ? exit_interrupted : status;
}

} // namespace rxsim
