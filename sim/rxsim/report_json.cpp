#include "report_json.h"

#include <nlohmann/json.hpp>

namespace rxsim {

std::string render_json(const run_results &r)
{
    using json = nlohmann::ordered_json; // keeps insertion order
    auto counters = [](const std::vector<drop_count> &list) {
        json j = json::object();
        for (const drop_count &d : list)
            j[d.stage + "." + d.reason] = d.count;
        return j;
    };
    json trace = json::object();
    for (const auto &[name, n] : r.trace_changes)
        trace[name] = n;
    json cpu = json::object();
    for (const auto &[context, ns] : r.cpu_ns)
        cpu[context] = ns;
    json latency = json::object();
    for (const auto &[stage, s] : r.latency_ns) {
        json v = nullptr;
        latency[stage] = {{"samples", s.samples},
                          {"p50", s.samples ? json(s.p50) : v},
                          {"p99", s.samples ? json(s.p99) : v},
                          {"p99_9", s.samples ? json(s.p999) : v},
                          {"max", s.samples ? json(s.max) : v}};
    }
    json options = json::object(), changed = json::array();
    for (const option_value &o : r.options) {
        auto typed = [&o](const std::string &v) {
            return o.type == option_value::kind::number ? json::parse(v)
                   : o.type == option_value::kind::flag ? json(v == "true")
                                                        : json(v);
        };
        json value = o.list ? json::array() : json(nullptr);
        for (const std::string &v : o.values)
            if (o.list)
                value.push_back(typed(v));
            else
                value = typed(v);
        options[o.name] = value;
        if (o.changed)
            changed.push_back(o.name);
    }

    json j = json::object();
    j["run"] = {{"trace", option_text(r, "TRACE")}, {"nic", option_text(r, "nic")}, {"options_changed", changed}};
    j["records_in"] = r.records_in;
    j["skipped"] = counters(r.skipped);
    j["skipped_total"] = total_skipped(r);
    j["trace"] = trace;
    j["packets_in"] = r.packets_in;
    j["offered"] = {{"bytes", r.offered_bytes},
                    {"duration_ns", r.offered_ns},
                    {"pps", offered_pps(r)},
                    {"bps", offered_bps(r)}};
    j["delivered"] = r.delivered;
    j["delivered_to"] = {{"app", r.delivered_to_app}, {"kernel", r.consumed_by_kernel}};
    j["dropped"] = counters(r.dropped);
    j["dropped_total"] = total_dropped(r);
    j["accounted"] = accounted(r);
    j["interrupts"] = r.interrupts;
    j["traffic_interrupts"] = r.traffic_interrupts;
    j["interrupts_per_s"] = interrupt_rate(r); // over the traffic window
    j["interrupts_handled"] = r.interrupts_handled;
    j["napi_polls"] = r.napi_polls;
    json causes = json::object();
    for (const auto &[name, n] : r.interrupt_causes)
        causes[name] = n;
    j["interrupt_causes"] = causes;
    j["napi"] = {{"done", r.napi_done},           {"not_done", r.napi_not_done}, {"completions", r.napi_completions},
                 {"schedule_missed", r.napi_missed}, {"deferred", r.napi_deferred}, {"busy_polls", r.napi_busy_polls}};
    j["gro"] = {{"merged", r.gro_merged},
                {"flushed", r.gro_flushed},
                {"super_packets", r.gro_super_packets},
                {"max_segments", r.gro_max_segments},
                {"flush_causes", {{"flow", r.gro_flush_flow}, {"poll", r.gro_flush_poll}, {"evict", r.gro_flush_evict}}}};
    j["driver"] = {{"rx_no_buffer_count", r.rx_no_buffer_count},
                   {"copybreak_copies", r.copybreak_copies},
                   {"buffers_handed_up", r.buffers_handed_up},
                   {"alloc_rx_buff_failed", r.alloc_rx_buff_failed},
                   {"itr_changes", r.itr_changes},
                   {"interrupts_none", r.interrupts_none},
                   {"frames_by_descriptors",
                    {{"1", r.frames_by_descriptors[0]},
                     {"2", r.frames_by_descriptors[1]},
                     {"3-4", r.frames_by_descriptors[2]},
                     {"5+", r.frames_by_descriptors[3]}}}};
    j["tcp"] = {{"ofo_queued", r.tcp_ofo_queued},         {"ofo_drop", r.tcp_ofo_drop},
                {"ofo_merge", r.tcp_ofo_merge},           {"ofo_pruned", r.tcp_ofo_pruned},
                {"rcvq_drop", r.tcp_rcvq_drop},           {"ofo_max_segments", r.tcp_ofo_max_segments},
                {"ofo_max_bytes", r.tcp_ofo_max_bytes}};
    json snmp6 = json::object();
    for (const auto &[name, n] : r.snmp6)
        snmp6[name] = n;
    j["ipv6"] = snmp6;
    j["link"] = {{"carrier_up_count", r.carrier_up}, {"carrier_down_count", r.carrier_down}};
    j["pcie"] = {{"dma_writes_refused", r.dma_writes_refused}, {"dma_reads_delayed", r.dma_reads_delayed}};
    j["irqs_taken_late"] = {{"count", r.irqs_taken_late}, {"max_ns", r.irq_lateness_max_ns}};
    j["time_squeeze"] = r.time_squeeze;
    j["sim_time_ns"] = r.sim_time_ns;
    j["interrupted"] = r.interrupted;
    j["cpu"] = cpu;
    j["latency_ns"] = latency;
    j["payload_checked"] = {{"driver_frames", r.payload_checked_driver},
                            {"socket_datagrams", r.payload_checked_socket},
                            {"tcp_segments", r.payload_checked_tcp_segments},
                            {"tcp_reads", r.payload_checked_tcp_reads},
                            {"socket_not_compared", r.payload_unchecked_socket}};
    j["violations"] = r.violations;
    j["warnings"] = r.warnings;
    j["kernel"] = r.kernel;
    j["options"] = options;
    return j.dump(2) + "\n";
}

} // namespace rxsim
