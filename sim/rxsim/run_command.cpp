#include "run_command.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "exit_codes.h"
#include "progress.h"
#include "report_json.h"
#include "report_text.h"
#include "rx_system.h"

namespace rxsim {

namespace {

using trace_ptr = std::unique_ptr<rxtrace_t, void (*)(rxtrace_t *)>;

trace_ptr open_trace(const run_options &o, rxtrace_error_t &err)
{
    return trace_ptr(rxtrace_open(o.trace.c_str(), &o.replay, &err), rxtrace_close);
}

// The first pass: how long the wire is busy (the run lasts that plus the
// drain), and whether the trace ends in an error.
struct wire_extent {
    uint64_t end_ps = 0;
    uint64_t frames = 0;
};

wire_extent measure_wire(rxtrace_t *t)
{
    rxtrace_frame_t f;
    while (rxtrace_next(t, &f) > 0) {
    }
    const rxtrace_report_t *rep = rxtrace_report(t);
    return {rep->end_ps, rep->frames};
}

} // namespace

int run_command(const run_options &o, const std::vector<std::pair<std::string, std::string>> &used)
{
    if (o.replay.loops == 0) {
        std::fprintf(stderr, "rxsim run: --loops 0 replays without end; give a number of passes\n");
        return exit_bad_options;
    }
    // An unreadable or unsupported file is reported as such (exit 3..5)
    // before anything is built.
    rxtrace_error_t err;
    trace_ptr first = open_trace(o, err);
    if (!first) {
        std::fprintf(stderr, "rxsim run: %s\n", err.message);
        return rxtrace_exit_code(err.kind);
    }
    const wire_extent wire = measure_wire(first.get());
    first.reset();
    trace_ptr trace = open_trace(o, err);
    if (!trace) {
        std::fprintf(stderr, "rxsim run: %s\n", err.message);
        return rxtrace_exit_code(err.kind);
    }

    std::ofstream packet_log;
    if (!o.packet_log.empty()) {
        packet_log.open(o.packet_log, std::ios::binary);
        if (!packet_log) {
            std::fprintf(stderr, "rxsim run: --packet-log: cannot write %s\n", o.packet_log.c_str());
            return exit_bad_options;
        }
    }

    const auto start = progress_line::clock::now();
    run_results r;
    try {
        rx_system sys(o, trace.get(), wire.end_ps);
        if (packet_log.is_open())
            sys.set_packet_log(&packet_log);
        progress_line progress(2, !o.no_progress, start, wire.frames);
        sys.run([&](uint64_t sim_ps, uint64_t packets) {
            progress.update(progress_line::clock::now(), sim_ps / 1000, packets);
        });
        progress.finish();
        r = sys.results();
    } catch (const std::exception &e) {
        std::fprintf(stderr, "rxsim run: internal error: %s\n", e.what());
        return exit_internal;
    }
    r.options = used;
    const double wall = std::chrono::duration<double>(progress_line::clock::now() - start).count();
    std::fputs(render_text(r, wall).c_str(), stdout);
    std::fflush(stdout);

    if (packet_log.is_open() && !packet_log.flush()) {
        std::fprintf(stderr, "rxsim run: cannot write the packet log to %s\n", o.packet_log.c_str());
        return exit_internal;
    }
    if (!o.json.empty()) {
        std::ofstream out(o.json, std::ios::binary);
        out << render_json(r);
        if (!out.flush()) {
            std::fprintf(stderr, "rxsim run: cannot write the JSON report to %s\n", o.json.c_str());
            return exit_internal;
        }
    }
    if (const rxtrace_error_t *e = rxtrace_error(trace.get()); e && e->kind != RXTRACE_OK) {
        std::fprintf(stderr, "rxsim run: %s (the report covers the %llu frames before it)\n",
                     e->message, static_cast<unsigned long long>(wire.frames));
        return rxtrace_exit_code(e->kind);
    }
    if (!r.violations.empty()) {
        for (const std::string &v : r.violations)
            std::fprintf(stderr, "rxsim run: INVARIANT VIOLATED: %s\n", v.c_str());
        return exit_invariant;
    }
    return exit_done;
}

} // namespace rxsim
