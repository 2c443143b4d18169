// What one run produced: a plain struct the simulation fills and the two
// report renderers read. Nothing in it depends on the host (no wall clock, no
// paths), so the JSON made from it is the same for the same inputs.
#ifndef RXSIM_RESULTS_H
#define RXSIM_RESULTS_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "percentile.h"

namespace rxsim {

// One drop counter: where on the path (mac, fifo, dma, driver, backlog, l2,
// ipv4, udp, socket, ...) and what it counts there.
struct drop_count {
    std::string stage;
    std::string reason;
    uint64_t count = 0;
};

// One option of the run as the report lists it (options_used() in
// sim/rxsim): its value(s) as text, and how the JSON writes them.
struct option_value {
    enum class kind { text, number, flag };
    std::string name;                // without dashes: "itr", "TRACE"
    kind type = kind::text;
    bool list = false;               // repeatable: an array, maybe empty
    std::vector<std::string> values; // a number in JSON's form; none and !list: not in effect (null)
    bool given = false;              // on the command line or in the config file
    bool changed = false;            // differs from a run given no options
};

struct run_results {
    uint64_t records_in = 0;          // records read from the trace, all passes
    std::vector<drop_count> skipped;  // records not put on the wire (trace, or wire.link_down), zeros too
    // what the replay did to the frames it sent (truncated_padded, gaps_shortened, ...)
    std::vector<std::pair<std::string, uint64_t>> trace_changes;
    uint64_t packets_in = 0;          // frames the replay put on the wire
    // the load the replay offered: bytes of its frames (FCS included) and the
    // time from the first frame's preamble to the end of the last one's IFG
    uint64_t offered_bytes = 0, offered_ns = 0;
    uint64_t delivered = 0;           // delivered_to_app + consumed_by_kernel
    uint64_t delivered_to_app = 0;    // read by an application
    uint64_t consumed_by_kernel = 0;  // absorbed by the host: ARP, ICMP, TCP control,
                                      // fragments merged into their datagram
    std::vector<drop_count> dropped;  // every counter, zeros too, in path order
    uint64_t interrupts = 0;          // interrupts the NIC raised
    // of those, the ones raised in the traffic window (offered_ns, from the
    // first frame's preamble on): not ifup's, nor those of the drain after
    uint64_t traffic_interrupts = 0;
    // hard IRQs the CPU took: fewer when an MSI came while its vector was
    // still pending (the local APIC's IRR holds one per vector)
    uint64_t interrupts_handled = 0;
    // the faults and what the host saw of them: the carrier turned on / off
    // by the driver (netdev carrier_up_count / carrier_down_count), DMA writes
    // the host refused, DMA reads a latency spike delayed
    uint64_t carrier_up = 0, carrier_down = 0, dma_writes_refused = 0, dma_reads_delayed = 0;
    uint64_t napi_polls = 0;
    // the causes the hard IRQ handler read in ICR, per bit (TXDW .. RXT0): an
    // interrupt counts once under each cause it carried
    std::vector<std::pair<std::string, uint64_t>> interrupt_causes;
    // NAPI (the device's instance; none under --pre-napi): polls that
    // finished under budget ("done", NAPI_HOWTO) and polls that used it all
    // ("not done"); napi_complete_done calls; napi_schedule_prep refused
    // because already scheduled (NAPIF_STATE_MISSED); gro_flush_timeout
    // deferrals; busy-poll loop rounds
    uint64_t napi_done = 0, napi_not_done = 0, napi_completions = 0, napi_missed = 0, napi_deferred = 0,
             napi_busy_polls = 0;
    // what the driver counted: receive no-buffers (RNBC), frames copied
    // below copybreak, ITR rewrites by the adaptive moderation, interrupts
    // with ICR = 0 (not ours)
    uint64_t rx_no_buffer_count = 0, copybreak_copies = 0, itr_changes = 0, interrupts_none = 0;
    // Frames that went up in their ring buffer (napi_build_skb), and the
    // driver's failed skb or buffer allocations (each ends a poll or a refill).
    uint64_t buffers_handed_up = 0, alloc_rx_buff_failed = 0;
    // frames the driver received by the descriptors each took: 1, 2, 3-4, 5+
    // (more than one: a jumbo chain; a frame dropped as driver.no_eop is
    // reported at its first descriptor and counts under 1)
    uint64_t frames_by_descriptors[4] = {};
    // TCP's out-of-order queues (TcpExt): segments queued there, refused for
    // memory (PROTO_MEM), dropped as already held (TCP_OFOMERGE), prune
    // passes; in-order segments refused for memory; the most any socket's
    // queue held at once, in segments and bytes charged (truesize)
    uint64_t tcp_ofo_queued = 0, tcp_ofo_drop = 0, tcp_ofo_merge = 0, tcp_ofo_pruned = 0, tcp_rcvq_drop = 0;
    uint64_t tcp_ofo_max_segments = 0, tcp_ofo_max_bytes = 0;
    // GRO (the device's NAPI instance, napi_gro_stats): segments merged into
    // a held packet; held packets sent up, and those of 2+ segments; the
    // most segments in one; why they went up (the flow ended them,
    // napi_gro_flush, room for a new flow)
    uint64_t gro_merged = 0, gro_flushed = 0, gro_super_packets = 0, gro_max_segments = 0;
    uint64_t gro_flush_flow = 0, gro_flush_poll = 0, gro_flush_evict = 0;
    // the IPv6 counters as /proc/net/snmp6 names and orders them
    // (Ip6InReceives, ..., Udp6InDatagrams, ...), zeros too
    std::vector<std::pair<std::string, uint64_t>> snmp6;
    // interrupts that reached the CPU while it was inside a charged step that
    // had run past their delivery time: taken at that step's end (the CPU
    // model's granularity; COSTS.md)
    uint64_t irqs_taken_late = 0, irq_lateness_max_ns = 0;
    uint64_t time_squeeze = 0;
    uint64_t sim_time_ns = 0;
    bool interrupted = false;         // stopped early (SIGINT): a report of what ran
    // context -> ns: hardirq, softirq, ksoftirqd, app, idle
    std::vector<std::pair<std::string, uint64_t>> cpu_ns;
    // stage -> latency from the first preamble bit: dma_done, irq, poll, socket, app
    std::vector<std::pair<std::string, latency_summary>> latency_ns;
    std::string kernel; // the kernel profile (run_config::kernel)
    // the simulation's options, as options_used() gives them
    std::vector<option_value> options;
    // what the payload checks covered: frames the driver received, matched
    // to the wire; datagrams read, compared with their frame's UDP payload;
    // TCP segments read, and the reads that returned them, each compared
    // with the flow's wire bytes at its sequence numbers; packets read but
    // not compared (reassembled from several frames)
    uint64_t payload_checked_driver = 0, payload_checked_socket = 0, payload_unchecked_socket = 0;
    uint64_t payload_checked_tcp_segments = 0, payload_checked_tcp_reads = 0;
    // /proc/net/dev, softnet_stat, snmp and netstat at the end (--proc-net)
    std::string proc_net;
    std::string ethtool; // `ethtool -S` as it prints, if asked for
    // invariant violations found (conservation, payload, descriptor ownership,
    // liveness), and the liveness ones --warn-only turned into warnings
    std::vector<std::string> violations, warnings;
};

uint64_t total_dropped(const run_results &r);
uint64_t total_skipped(const run_results &r);
// The conservation laws: every record of the trace put on the wire or
// skipped under a named counter; every packet on the wire delivered or
// counted as dropped exactly once. accounted() is both.
bool records_accounted(const run_results &r);
bool packets_accounted(const run_results &r);
bool accounted(const run_results &r);
// Option `name` (without dashes) of r.options, its values joined by ",";
// "" when it is not there or has no value.
std::string option_text(const run_results &r, const std::string &name);
// Interrupts per second of the traffic window: traffic_interrupts over
// offered_ns (0 for an empty replay). Over the whole run ifup and the drain
// would dilute an interrupt storm.
double interrupt_rate(const run_results &r);
// Offered frames and bits per second of the replay (0 for an empty one).
double offered_pps(const run_results &r);
double offered_bps(const run_results &r);

} // namespace rxsim

#endif
