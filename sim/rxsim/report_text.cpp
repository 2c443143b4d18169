#include "report_text.h"

#include <cstdio>

#include "nic_builds.h"

namespace rxsim {

std::string thousands(uint64_t n)
{
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); i++) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

std::string thousands(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v < 0 ? -v : v);
    const std::string text = buf;
    const size_t point = text.find('.');
    return (v < 0 ? "-" : "") + thousands(std::stoull(text.substr(0, point))) +
           (point == std::string::npos ? "" : text.substr(point));
}

std::string duration_text(uint64_t ns)
{
    const struct {
        uint64_t ns;
        const char *unit;
    } units[] = {{1000000000, "s"}, {1000000, "ms"}, {1000, "us"}};
    for (const auto &u : units)
        if (ns >= u.ns)
            return thousands(static_cast<double>(ns) / static_cast<double>(u.ns), 3) + " " + u.unit;
    return std::to_string(ns) + " ns";
}

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

// What was run: the trace, the NIC build, the traffic window and the load
// it offered, the options that differ from a plain `rxsim run TRACE`.
std::string header(const run_results &r)
{
    std::string out;
    const std::string nic = option_text(r, "nic");
    std::string build = nic;
    for (const nic_build &b : nic_builds)
        if (b.name == nic)
            build += " (" + std::string(b.summary) + ")";
    line(out, "%-16s %s, %s records\n", "trace", option_text(r, "TRACE").c_str(), thousands(r.records_in).c_str());
    line(out, "%-16s %s\n", "NIC", build.c_str());
    line(out, "%-16s %s\n", "kernel profile", r.kernel.c_str());
    line(out, "%-16s %s (first frame's preamble to the last one's IFG end)\n", "traffic window",
         duration_text(r.offered_ns).c_str());
    line(out, "%-16s %s frames: %s packets/s, %s Gbit/s (frames with FCS; preamble and IFG not)\n", "offered load", thousands(r.packets_in).c_str(),
         thousands(offered_pps(r), 0).c_str(), thousands(offered_bps(r) / 1e9, 3).c_str());
    std::string changed;
    for (const option_value &o : r.options) {
        if (!o.changed || o.values.empty())
            continue;
        if (o.type == option_value::kind::flag)
            changed += " --" + o.name + (o.values.front() == "true" ? "" : "=false");
        else
            for (const std::string &v : o.values)
                changed += " --" + o.name + " " + v;
    }
    out += "options          " + (changed.empty() ? std::string("the defaults") : changed.substr(1)) + "\n";
    return out;
}

} // namespace

std::string render_text(const run_results &r, double wall_seconds)
{
    std::string out = header(r) + "\n";
    // Counters at zero are left out here (the JSON lists them all).
    auto rows = [&out](const std::vector<drop_count> &list) {
        for (const drop_count &d : list)
            if (d.count)
                line(out, "%-10s %-28s %14s\n", d.stage.c_str(), d.reason.c_str(), thousands(d.count).c_str());
    };
    line(out, "%-10s %-28s %14s\n", "stage", "counter", "packets");
    line(out, "%-10s %-28s %14s\n", "trace", "records in", thousands(r.records_in).c_str());
    rows(r.skipped);
    line(out, "%-10s %-28s %14s\n", "wire", "frames in", thousands(r.packets_in).c_str());
    rows(r.dropped);
    line(out, "%-10s %-28s %14s\n", "kernel", "consumed (ARP, ICMP, ...)", thousands(r.consumed_by_kernel).c_str());
    line(out, "%-10s %-28s %14s\n", "app", "read by the application", thousands(r.delivered_to_app).c_str());
    uint64_t dropped = total_dropped(r);
    line(out, "accounted: %s (%s records = %s on the wire + %s skipped; %s in, %s delivered + %s dropped)\n",
         accounted(r) ? "yes" : "NO", thousands(r.records_in).c_str(), thousands(r.packets_in).c_str(),
         thousands(total_skipped(r)).c_str(), thousands(r.packets_in).c_str(), thousands(r.delivered).c_str(),
         thousands(dropped).c_str());
    std::string changes;
    for (const auto &[name, n] : r.trace_changes)
        if (n)
            changes += (changes.empty() ? "" : ", ") + thousands(n) + " " + name;
    if (!changes.empty())
        out += "trace changed: " + changes + "\n";

    line(out, "payload checked: %s frames at the driver, %s reads at the socket (%s not compared: reassembled)\n",
         thousands(r.payload_checked_driver).c_str(), thousands(r.payload_checked_socket).c_str(),
         thousands(r.payload_unchecked_socket).c_str());
    if (r.payload_checked_tcp_segments)
        line(out, "  tcp streams: %s segments read in %s reads, compared with the flows' wire bytes\n",
             thousands(r.payload_checked_tcp_segments).c_str(), thousands(r.payload_checked_tcp_reads).c_str());
    line(out, "\nsimulated time   %s (%s ns)%s\n", duration_text(r.sim_time_ns).c_str(),
         thousands(r.sim_time_ns).c_str(),
         r.interrupted ? " (interrupted: the report covers the time simulated so far)" : "");
    line(out, "interrupts       %s (%s in the traffic window: %s /s)\n", thousands(r.interrupts).c_str(),
         thousands(r.traffic_interrupts).c_str(), thousands(interrupt_rate(r), 1).c_str());
    std::string causes;
    for (const auto &[name, n] : r.interrupt_causes)
        if (n)
            causes += (causes.empty() ? "" : ", ") + name + " " + thousands(n);
    if (r.interrupts_handled != r.interrupts)
        line(out, "  taken by CPU   %s (fewer: an MSI arriving while its vector is pending merges)\n",
             thousands(r.interrupts_handled).c_str());
    if (!causes.empty())
        out += "  causes read    " + causes + "\n";
    line(out, "napi polls       %s", thousands(r.napi_polls).c_str());
    if (r.napi_polls)
        line(out, " (%s done, %s not done: whole budget used)", thousands(r.napi_done).c_str(),
             thousands(r.napi_not_done).c_str());
    out += "\n";
    const std::pair<const char *, uint64_t> extra[] = {
        {"schedule missed (already scheduled)", r.napi_missed},
        {"gro_flush_timeout deferrals", r.napi_deferred},
        {"busy-poll rounds", r.napi_busy_polls},
        {"rx_no_buffer_count (RNBC)", r.rx_no_buffer_count},
        {"copybreak copies", r.copybreak_copies},
        {"buffers handed up (build_skb)", r.buffers_handed_up},
        {"alloc_rx_buff_failed (poll stopped)", r.alloc_rx_buff_failed},
        {"ITR changes", r.itr_changes},
        {"interrupts with ICR 0", r.interrupts_none},
    };
    for (const auto &[what, n] : extra)
        if (n)
            line(out, "  %-36s %s\n", what, thousands(n).c_str());
    if (r.gro_merged || r.gro_flushed)
        line(out, "gro              %s segments merged; %s packets sent up, %s of them super-packets (at most %s "
                  "segments, %.1f a packet); sent up by the flow %s, napi_gro_flush %s, room for a new flow %s\n",
             thousands(r.gro_merged).c_str(), thousands(r.gro_flushed).c_str(),
             thousands(r.gro_super_packets).c_str(), thousands(r.gro_max_segments).c_str(),
             r.gro_flushed ? double(r.gro_flushed + r.gro_merged) / double(r.gro_flushed) : 0.0,
             thousands(r.gro_flush_flow).c_str(), thousands(r.gro_flush_poll).c_str(),
             thousands(r.gro_flush_evict).c_str());
    const uint64_t *by = r.frames_by_descriptors;
    if (by[1] || by[2] || by[3])
        line(out, "  %-36s 1: %s, 2: %s, 3-4: %s, 5+: %s\n", "frames by descriptors", thousands(by[0]).c_str(),
             thousands(by[1]).c_str(), thousands(by[2]).c_str(), thousands(by[3]).c_str());
    if (r.tcp_ofo_queued || r.tcp_ofo_drop || r.tcp_rcvq_drop)
        line(out, "tcp ofo queue    %s queued (at most %s segments, %s bytes charged), %s merged, "
                  "%s refused for memory, %s prunes; %s in-order refused\n",
             thousands(r.tcp_ofo_queued).c_str(), thousands(r.tcp_ofo_max_segments).c_str(),
             thousands(r.tcp_ofo_max_bytes).c_str(), thousands(r.tcp_ofo_merge).c_str(),
             thousands(r.tcp_ofo_drop).c_str(), thousands(r.tcp_ofo_pruned).c_str(),
             thousands(r.tcp_rcvq_drop).c_str());
    std::string snmp6;
    for (const auto &[name, n] : r.snmp6)
        if (n)
            snmp6 += (snmp6.empty() ? "" : ", ") + name + " " + thousands(n);
    if (!snmp6.empty())
        line(out, "ipv6 (snmp6)     %s\n", snmp6.c_str());
    if (r.irqs_taken_late)
        line(out, "irqs taken late  %s (up to %s after delivery: a step in progress)\n",
             thousands(r.irqs_taken_late).c_str(), duration_text(r.irq_lateness_max_ns).c_str());
    line(out, "time_squeeze     %s\n", thousands(r.time_squeeze).c_str());
    // Faults, when any showed (every ifdown turns the carrier off once).
    if (r.carrier_down > 2 || r.dma_writes_refused || r.dma_reads_delayed)
        line(out, "faults           carrier up %s / down %s, DMA writes refused %s, DMA reads delayed %s\n",
             thousands(r.carrier_up).c_str(), thousands(r.carrier_down).c_str(),
             thousands(r.dma_writes_refused).c_str(), thousands(r.dma_reads_delayed).c_str());

    uint64_t cpu_total = 0;
    for (const auto &c : r.cpu_ns)
        cpu_total += c.second;
    line(out, "\n%-12s %16s %8s\n", "cpu", "ns", "share");
    for (const auto &[context, ns] : r.cpu_ns)
        line(out, "%-12s %16s %8s\n", context.c_str(), thousands(ns).c_str(), share(ns, cpu_total).c_str());

    // Percentiles are over the packets that reached the stage: say how many,
    // and their share of the frames on the wire (under overload a p99 over
    // the few survivors says little of the rest).
    line(out, "\n%-18s %10s %8s %12s %12s %12s %12s\n", "latency (ns)", "reached", "of wire", "p50", "p99",
         "p99.9", "max");
    for (const auto &[stage, s] : r.latency_ns) {
        std::string name = "wire -> " + stage;
        if (s.samples)
            line(out, "%-18s %10s %8s %12s %12s %12s %12s\n", name.c_str(), thousands(s.samples).c_str(),
                 share(s.samples, r.packets_in).c_str(), thousands(s.p50).c_str(), thousands(s.p99).c_str(),
                 thousands(s.p999).c_str(), thousands(s.max).c_str());
        else
            line(out, "%-18s %10d %8s %12s %12s %12s %12s\n", name.c_str(), 0, share(0, r.packets_in).c_str(), "-",
                 "-", "-", "-");
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
