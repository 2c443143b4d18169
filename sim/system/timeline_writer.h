// The run as a Chrome trace-event JSON file (--timeline), for Perfetto
// (ui.perfetto.dev) and chrome://tracing.
//
//   process "host": a track per execution context of each CPU (hard IRQ,
//     NET_RX_SOFTIRQ, and each thread: ksoftirqd, NAPI threads, receivers,
//     the control thread); B/E slices for the receive path's functions as
//     they nest (e1000_intr, net_rx_action, napi_poll, e1000_clean, ...),
//     the work done and budget on their end.
//   process "nic": the wire (an X slice per frame: packet, length, fate),
//     the frame in host memory, DMA reads (descriptor fetches) and writes
//     (data, descriptor write-backs) as they hold the link, interrupts
//     issued (instants), the driver's ICR reads and IMS/IMC/RDT writes
//     (instants), the moderation timers (the ITR gate, RDTR, RADV) as
//     slices while they run, and counters (interrupts/s over the last
//     millisecond, the packet buffer's bytes, free descriptors, descriptors
//     written back and not cleaned, each receiver socket's receive queue,
//     each CPU's softnet backlog).
//   flows ("s"/"t"/"f", id = packet): wire -> in memory -> hard IRQ ->
//     poll -> socket -> application, for each packet that got that far.
//
// Events are written as they happen (the file is the only copy); a packet's
// wire slice and flow are written when its fate is known, so the wire track
// is in fate order, not time order (viewers sort; B/E pairs, which must not
// be reordered, are in time order on every track). Only events in the
// window are written, up to max_events (open slices are still closed); the
// file's otherData says whether the cap was reached, and so does stderr.
#ifndef RXSIM_TIMELINE_WRITER_H
#define RXSIM_TIMELINE_WRITER_H

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "host_cpu.h"
#include "packet_ledger.h"

namespace rxsim {

struct timeline_limits {
    uint64_t from_ps = 0, to_ps = UINT64_MAX; // the window [from, to)
    uint64_t max_events = 0;                  // slices, instants, counters, flow points
};

class timeline_writer {
public:
    timeline_writer(std::ostream &out, const timeline_limits &limits);
    timeline_writer(const timeline_writer &) = delete;
    timeline_writer &operator=(const timeline_writer &) = delete;

    // Hand to host_machine_observe (stays this writer's).
    const host_observer *observer() const { return &observer_; }
    // How long a byte is on the wire (a frame's slice: preamble to FCS).
    void set_wire_byte_ps(uint64_t ps) { wire_byte_ps_ = ps; }
    // Called at the end of each function that queues to or reads from a
    // socket or the softnet backlog, with the CPU and its time: the caller
    // adds its queues' counters then.
    void set_queue_sampler(std::function<void(const host_cpu &cpu)> f) { sample_queues_ = std::move(f); }

    // The NIC's side, at its edges' times.
    void dma_read(uint32_t len, uint64_t issue_ps, uint64_t done_ps);
    void dma_write(const char *what, uint32_t len, uint64_t issue_ps, uint64_t link_free_ps);
    void interrupt(uint64_t ps);
    // A moderation timer started or stopped at ps: a slice on its track.
    enum class nic_timer { ITR, RDTR, RADV };
    void timer(nic_timer which, bool running, uint64_t ps);
    // The driver's register accesses of note (ICR read, IMS/IMC/RDT write),
    // at the CPU's time.
    void register_access(const char *what, uint32_t value, uint64_t ps);
    void counter(const char *name, uint64_t ps, uint64_t value);
    // The driver handled wire packet `packet` on cpu (where its flow goes).
    void polled(uint64_t packet, const host_cpu &cpu);
    // A packet's fate (packet_ledger's observer), known on cpu: its wire
    // slice and flow.
    void packet(const packet_fate &f, const host_cpu &cpu);

    // Closes the slices still open at end_ps and the file (what comes later,
    // the host's teardown, is left out). False when it could not be written.
    bool finish(uint64_t end_ps);

private:
    struct track {
        bool named = false;
        std::vector<bool> open; // B events not yet ended: written or not
    };
    static void on_fn_begin(void *ctx, const host_cpu *cpu, const char *fn);
    static void on_fn_end(void *ctx, const host_cpu *cpu, const char *fn, int work, int budget);
    int host_tid(const host_cpu &cpu) const;
    track &host_track(const host_cpu &cpu);
    bool in_window(uint64_t ps) const { return ps >= limits_.from_ps && ps < limits_.to_ps; }
    // One more event in the window, if the cap allows.
    bool take(uint64_t ps);
    // Bytes to the file, through buf_ (written out when full).
    void put(const char *s, size_t n);
    template <size_t N>
    void put(const char (&literal)[N])
    {
        put(literal, N - 1);
    }
    void put(const std::string &s) { put(s.data(), s.size()); }
    void put_u(uint64_t v);
    void put_us(uint64_t ps); // microseconds with ns precision
    void put_quoted(const char *s);
    void write_out();
    // An event: open_event, then its fields (dur, args), close_event.
    void open_event(const char *ph, int pid, int tid, uint64_t ps, const char *name);
    void put_dur(uint64_t ps);
    void put_arg(const char *key, uint64_t v, bool first);
    void close_event(bool args);
    void flow_point(const char *ph, int pid, int tid, uint64_t packet, uint64_t ps);

    std::ostream &out_;
    timeline_limits limits_;
    host_observer observer_;
    uint64_t wire_byte_ps_ = 800; // 10 Gbit/s
    uint64_t events_ = 0;
    bool capped_ = false, finished_ = false;
    uint64_t capped_ps_ = 0;
    static constexpr size_t buf_size = 1 << 16;
    std::unique_ptr<char[]> buf_{new char[buf_size]};
    size_t len_ = 0;
    std::unordered_map<int, track> host_tracks_;
    std::unordered_map<uint64_t, int> poll_tid_; // packet -> track of its poll, until its fate
    std::function<void(const host_cpu &cpu)> sample_queues_;
    uint64_t timer_since_ps_[3] = {UINT64_MAX, UINT64_MAX, UINT64_MAX}; // by nic_timer; MAX: stopped
    std::deque<uint64_t> recent_interrupts_; // issued in the last irq_rate_window_ps
};

} // namespace rxsim

#endif
