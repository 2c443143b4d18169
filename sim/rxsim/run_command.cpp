#include "run_command.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "exit_codes.h"
#include "progress.h"
#include "report_json.h"
#include "report_text.h"
#include "results_csv.h"
#include "driver_module.h"
#include "rx_system.h"
#include "stall_watch.h"

namespace rxsim {

namespace {

using trace_ptr = std::unique_ptr<rxtrace_t, void (*)(rxtrace_t *)>;

trace_ptr open_trace(const run_options &o, rxtrace_error_t &err)
{
    return trace_ptr(rxtrace_open(o.trace.c_str(), &o.replay, &err), rxtrace_close);
}

// The progress line's "of N": a first pass over the trace, made only when the
// line is shown and the file can be read twice (not a pipe, not endless).
uint64_t count_frames(const run_options &o)
{
    struct stat st;
    if (o.no_progress || !isatty(2) || o.replay.loops == 0 || o.trace == "-" ||
        stat(o.trace.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    rxtrace_error_t err;
    trace_ptr t = open_trace(o, err);
    if (!t)
        return 0;
    rxtrace_frame_t f;
    while (rxtrace_next(t.get(), &f) > 0) {
    }
    return rxtrace_report(t.get())->frames;
}

// An output file is opened before anything is simulated, so a path that
// cannot be written fails at once (exit 2), not after the run.
bool open_output(std::ofstream &out, const std::string &path, const char *option)
{
    errno = 0;
    out.open(path, std::ios::binary);
    if (out)
        return true;
    std::fprintf(stderr, "rxsim run: %s: cannot write %s: %s\n", option, path.c_str(),
                 errno ? std::strerror(errno) : "cannot open");
    return false;
}

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_sigint(int) { interrupted = 1; }

// SIGINT stops the run at the next slice; a second one (SA_RESETHAND) kills.
struct sigint_guard {
    struct sigaction old{};
    sigint_guard()
    {
        interrupted = 0;
        struct sigaction sa{};
        sa.sa_handler = on_sigint;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old);
    }
    ~sigint_guard() { sigaction(SIGINT, &old, nullptr); }
    sigint_guard(const sigint_guard &) = delete;
    sigint_guard &operator=(const sigint_guard &) = delete;
};

} // namespace

int run_command(const run_options &o, const std::vector<option_value> &used)
{
    std::ofstream packet_log, json, csv, timeline_file, pcap_file, waveform_out;
    if ((!o.packet_log.empty() && !open_output(packet_log, o.packet_log, "--packet-log")) ||
        (!o.json.empty() && !open_output(json, o.json, "--json")) ||
        (!o.csv.empty() && !open_output(csv, o.csv, "--csv")) ||
        (!o.timeline.empty() && !open_output(timeline_file, o.timeline, "--timeline")) ||
        (!o.pcap_out.empty() && !open_output(pcap_file, o.pcap_out, "--pcap-out")) ||
        (!o.waveform.empty() && !open_output(waveform_out, o.waveform, "--waveform")))
        return exit_bad_options;
    waveform_out.close(); // created here to fail early; the traced model writes it
    std::unique_ptr<pcapng_writer> pcap;
    if (pcap_file.is_open())
        pcap = std::make_unique<pcapng_writer>(pcap_file, o.pcap_out_filter == "delivered" ? pcap_filter::delivered
                                                          : o.pcap_out_filter == "dropped" ? pcap_filter::dropped
                                                                                           : pcap_filter::all);
    std::unique_ptr<timeline_writer> timeline;
    if (timeline_file.is_open())
        timeline = std::make_unique<timeline_writer>(
            timeline_file, timeline_limits{o.timeline_from_ps, o.timeline_to_ps, o.timeline_max_events});
    driver_module module;
    if (!o.driver.empty() && !module.load(o.driver)) {
        std::fprintf(stderr, "rxsim run: --driver %s: %s\n", o.driver.c_str(), module.why().c_str());
        return exit_bad_options;
    }
    // An unreadable or unsupported file is reported as such (exit 3..5)
    // before anything is built.
    const uint64_t total = count_frames(o);
    rxtrace_error_t err;
    trace_ptr trace = open_trace(o, err);
    if (!trace) {
        std::fprintf(stderr, "rxsim run: %s\n", err.message);
        return rxtrace_exit_code(err.kind);
    }

    const auto start = progress_line::clock::now();
    run_results r;
    try {
        sigint_guard sigint;
        rx_system sys(o, trace.get(), module.ops(), timeline.get());
        if (packet_log.is_open())
            sys.set_packet_log(&packet_log);
        if (pcap)
            sys.set_pcap_out(pcap.get());
        progress_line progress(2, !o.no_progress, start, total);
        // A simulation that stops advancing cannot be unwound (the loop is
        // in the model's thread): the guard says so and ends the process.
        std::unique_ptr<stall_watch> guard;
        if (o.stall_timeout_s)
            guard = std::make_unique<stall_watch>(
                sys.progress(), std::chrono::seconds(o.stall_timeout_s), [&o](uint64_t stuck_ps) {
                    std::fprintf(stderr,
                                 "\nrxsim run: LIVENESS VIOLATED: the simulation stopped advancing: no slice of "
                                 "simulated time has ended for %u s of wall time, the last at %.6f ms (driver "
                                 "or stack code looping without spending simulated time, or a model stuck); "
                                 "no report\n",
                                 o.stall_timeout_s, double(stuck_ps) / 1e9);
                    std::_Exit(exit_invariant);
                });
        sys.run([&](uint64_t sim_ps, uint64_t packets) {
            if (interrupted)
                sys.interrupt();
            progress.update(progress_line::clock::now(), sim_ps / 1000, packets);
        });
        guard.reset();
        progress.finish();
        r = sys.results();
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rxsim run: internal error: %s\n", e.what());
        return exit_internal;
    }
    r.kernel = o.kernel;
    r.options = used;
    const double wall = std::chrono::duration<double>(progress_line::clock::now() - start).count();
    std::fputs(render_text(r, wall).c_str(), stdout);
    std::fflush(stdout);

    if (packet_log.is_open() && !packet_log.flush()) {
        std::fprintf(stderr, "rxsim run: cannot write the packet log to %s\n", o.packet_log.c_str());
        return exit_internal;
    }
    if (pcap_file.is_open() && !pcap_file.flush()) {
        std::fprintf(stderr, "rxsim run: cannot write the frames to %s\n", o.pcap_out.c_str());
        return exit_internal;
    }
    if (timeline && !timeline->finish(r.sim_time_ns * 1000)) {
        std::fprintf(stderr, "rxsim run: cannot write the timeline to %s\n", o.timeline.c_str());
        return exit_internal;
    }
    const std::string report = render_json(r);
    if (json.is_open() && !(json << report).flush()) {
        std::fprintf(stderr, "rxsim run: cannot write the JSON report to %s\n", o.json.c_str());
        return exit_internal;
    }
    if (csv.is_open() && !(csv << report_csv(report)).flush()) {
        std::fprintf(stderr, "rxsim run: cannot write the CSV report to %s\n", o.csv.c_str());
        return exit_internal;
    }
    if (const rxtrace_error_t *e = rxtrace_error(trace.get()); e && e->kind != RXTRACE_OK) {
        std::fprintf(stderr, "rxsim run: %s (the report covers the %llu frames before it)\n",
                     e->message, static_cast<unsigned long long>(r.packets_in));
        return rxtrace_exit_code(e->kind);
    }
    for (const std::string &w : r.warnings)
        std::fprintf(stderr, "rxsim run: WARNING (--warn-only): %s\n", w.c_str());
    if (!r.violations.empty()) {
        for (const std::string &v : r.violations)
            std::fprintf(stderr, "rxsim run: INVARIANT VIOLATED: %s\n", v.c_str());
        return exit_invariant;
    }
    if (r.interrupted) {
        std::fprintf(stderr, "rxsim run: interrupted at %.6f ms simulated; the report covers that\n",
                     static_cast<double>(r.sim_time_ns) / 1e6);
        return exit_interrupted;
    }
    return exit_done;
}

} // namespace rxsim
