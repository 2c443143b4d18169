#include "report_text.h"

#include <cstdio>

namespace rxsim {

namespace {

// printf into a std::string (reports are a few dozen lines).
template <typename... A>
void line(std::string &out, const char *fmt, A... args)
{
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
}

std::string share(uint64_t part, uint64_t whole)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", whole ? 100.0 * static_cast<double>(part) /
                                                          static_cast<double>(whole)
                                                    : 0.0);
    return buf;
}

} // namespace

std::string render_text(const run_results &r, double wall_seconds)
{
    std::string out;
    // Counters at zero are left out here (the JSON lists them all).
    auto rows = [&out](const std::vector<drop_count> &list) {
        for (const drop_count &d : list)
            if (d.count)
                line(out, "%-10s %-28s %14llu\n", d.stage.c_str(), d.reason.c_str(),
                     (unsigned long long)d.count);
    };
    line(out, "%-10s %-28s %14s\n", "stage", "counter", "packets");
    line(out, "%-10s %-28s %14llu\n", "trace", "records in", (unsigned long long)r.records_in);
    rows(r.skipped);
    line(out, "%-10s %-28s %14llu\n", "wire", "frames in", (unsigned long long)r.packets_in);
    rows(r.dropped);
    line(out, "%-10s %-28s %14llu\n", "kernel", "consumed (ARP, ICMP, ...)",
         (unsigned long long)r.consumed_by_kernel);
    line(out, "%-10s %-28s %14llu\n", "app", "read by the application",
         (unsigned long long)r.delivered_to_app);
    uint64_t dropped = total_dropped(r);
    line(out, "accounted: %s (%llu records = %llu on the wire + %llu skipped; %llu in, %llu delivered + %llu dropped)\n",
         accounted(r) ? "yes" : "NO", (unsigned long long)r.records_in,
         (unsigned long long)r.packets_in, (unsigned long long)total_skipped(r),
         (unsigned long long)r.packets_in, (unsigned long long)r.delivered,
         (unsigned long long)dropped);
    std::string changes;
    for (const auto &[name, n] : r.trace_changes)
        if (n)
            changes += (changes.empty() ? "" : ", ") + std::to_string(n) + " " + name;
    if (!changes.empty())
        out += "trace changed: " + changes + "\n";

    line(out, "payload checked: %llu frames at the driver, %llu reads at the socket (%llu not compared: reassembled)\n",
         (unsigned long long)r.payload_checked_driver, (unsigned long long)r.payload_checked_socket,
         (unsigned long long)r.payload_unchecked_socket);
    if (r.payload_checked_tcp_segments)
        line(out, "  tcp streams: %llu segments read in %llu reads, compared with the flows' wire bytes\n",
             (unsigned long long)r.payload_checked_tcp_segments, (unsigned long long)r.payload_checked_tcp_reads);
    line(out, "\nsimulated time   %.6f ms%s\n", static_cast<double>(r.sim_time_ns) / 1e6,
         r.interrupted ? " (interrupted: the report covers the time simulated so far)" : "");
    line(out, "interrupts       %llu (%.1f /s simulated)\n", (unsigned long long)r.interrupts,
         interrupt_rate(r));
    std::string causes;
    for (const auto &[name, n] : r.interrupt_causes)
        if (n)
            causes += (causes.empty() ? "" : ", ") + name + " " + std::to_string(n);
    if (r.interrupts_handled != r.interrupts)
        line(out, "  taken by CPU   %llu (fewer: an MSI arriving while its vector is pending merges)\n",
             (unsigned long long)r.interrupts_handled);
    if (!causes.empty())
        out += "  causes read    " + causes + "\n";
    line(out, "napi polls       %llu", (unsigned long long)r.napi_polls);
    if (r.napi_polls)
        line(out, " (%llu done, %llu not done: whole budget used)", (unsigned long long)r.napi_done,
             (unsigned long long)r.napi_not_done);
    out += "\n";
    const std::pair<const char *, uint64_t> extra[] = {
        {"schedule missed (already scheduled)", r.napi_missed},
        {"gro_flush_timeout deferrals", r.napi_deferred},
        {"busy-poll rounds", r.napi_busy_polls},
        {"rx_no_buffer_count (RNBC)", r.rx_no_buffer_count},
        {"copybreak copies", r.copybreak_copies},
        {"ITR changes", r.itr_changes},
        {"interrupts with ICR 0", r.interrupts_none},
    };
    for (const auto &[what, n] : extra)
        if (n)
            line(out, "  %-34s %llu\n", what, (unsigned long long)n);
    const uint64_t *by = r.frames_by_descriptors;
    if (by[1] || by[2] || by[3])
        line(out, "  %-34s 1: %llu, 2: %llu, 3-4: %llu, 5+: %llu\n", "frames by descriptors",
             (unsigned long long)by[0], (unsigned long long)by[1], (unsigned long long)by[2],
             (unsigned long long)by[3]);
    if (r.tcp_ofo_queued || r.tcp_ofo_drop || r.tcp_rcvq_drop)
        line(out, "tcp ofo queue    %llu queued (at most %llu segments, %llu bytes charged), %llu merged, "
                  "%llu refused for memory, %llu prunes; %llu in-order refused\n",
             (unsigned long long)r.tcp_ofo_queued, (unsigned long long)r.tcp_ofo_max_segments,
             (unsigned long long)r.tcp_ofo_max_bytes, (unsigned long long)r.tcp_ofo_merge,
             (unsigned long long)r.tcp_ofo_drop, (unsigned long long)r.tcp_ofo_pruned,
             (unsigned long long)r.tcp_rcvq_drop);
    if (r.irqs_taken_late)
        line(out, "irqs taken late  %llu (up to %llu ns after delivery: a step in progress)\n",
             (unsigned long long)r.irqs_taken_late, (unsigned long long)r.irq_lateness_max_ns);
    line(out, "time_squeeze     %llu\n", (unsigned long long)r.time_squeeze);
    // Faults, when any showed (every ifdown turns the carrier off once).
    if (r.carrier_down > 2 || r.dma_writes_refused || r.dma_reads_delayed)
        line(out, "faults           carrier up %llu / down %llu, DMA writes refused %llu, DMA reads delayed %llu\n",
             (unsigned long long)r.carrier_up, (unsigned long long)r.carrier_down,
             (unsigned long long)r.dma_writes_refused, (unsigned long long)r.dma_reads_delayed);

    uint64_t cpu_total = 0;
    for (const auto &c : r.cpu_ns)
        cpu_total += c.second;
    line(out, "\n%-10s %16s %8s\n", "cpu", "ns", "share");
    for (const auto &[context, ns] : r.cpu_ns)
        line(out, "%-10s %16llu %8s\n", context.c_str(), (unsigned long long)ns,
             share(ns, cpu_total).c_str());

    line(out, "\n%-18s %10s %10s %10s %10s %10s\n", "latency (ns)", "samples", "p50", "p99",
         "p99.9", "max");
    for (const auto &[stage, s] : r.latency_ns) {
        std::string name = "wire -> " + stage;
        if (s.samples)
            line(out, "%-18s %10llu %10llu %10llu %10llu %10llu\n", name.c_str(),
                 (unsigned long long)s.samples, (unsigned long long)s.p50,
                 (unsigned long long)s.p99, (unsigned long long)s.p999, (unsigned long long)s.max);
        else
            line(out, "%-18s %10d %10s %10s %10s %10s\n", name.c_str(), 0, "-", "-", "-", "-");
    }

    for (const std::string &v : r.violations)
        out += "\nINVARIANT VIOLATED: " + v + "\n";
    for (const std::string &w : r.warnings)
        out += "\nWARNING (--warn-only): " + w + "\n";
    if (wall_seconds >= 0)
        line(out, "\nwall clock (host, not simulated): %.3f s, %.2f s per simulated s\n",
             wall_seconds,
             r.sim_time_ns ? wall_seconds * 1e9 / static_cast<double>(r.sim_time_ns) : 0.0);
    if (!r.proc_net.empty())
        out += "\n" + r.proc_net;
    if (!r.ethtool.empty())
        out += "\n" + r.ethtool;
    return out;
}

} // namespace rxsim
