#include "timeline_writer.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <charconv>
#include <cstring>

namespace rxsim {

namespace {

constexpr int host_pid = 1, nic_pid = 2;
// The nic process's tracks, top to bottom.
enum nic_tid { WIRE = 1, IN_MEMORY, DMA_READ, DMA_WRITE, INTERRUPTS, ITR_GATE, RDTR_TIMER, RADV_TIMER, REGISTERS };
constexpr const char *nic_tracks[] = {"",
                                      "wire",
                                      "frame in host memory",
                                      "DMA read (descriptor fetch)",
                                      "DMA write (on the link)",
                                      "interrupts issued",
                                      "ITR gate (interrupts held back)",
                                      "RDTR packet timer",
                                      "RADV absolute timer",
                                      "driver registers (CPU)"};
// nic_timer's slices: name and track.
constexpr struct {
    const char *name;
    int tid;
} timer_slices[] = {{"ITR interval", ITR_GATE}, {"RDTR", RDTR_TIMER}, {"RADV", RADV_TIMER}};
// Host tracks: host_context_id's numbers (a CPU's hard IRQ track is its first).
constexpr int tid_hardirq = 1;
constexpr uint64_t irq_rate_window_ps = 1000000000; // 1 ms: interrupts/s counted over it

// At most 20 digits; returns the end.
char *format_u(char *d, uint64_t v) { return std::to_chars(d, d + 20, v).ptr; }

// Microseconds with ns precision (trace-event timestamps are in us): at most
// 24 characters; returns the end.
char *format_us(char *d, uint64_t ps)
{
    const uint64_t ns = ps / 1000;
    d = format_u(d, ns / 1000);
    const auto frac = unsigned(ns % 1000);
    *d++ = '.';
    *d++ = char('0' + frac / 100);
    *d++ = char('0' + frac / 10 % 10);
    *d++ = char('0' + frac % 10);
    return d;
}

std::string us(uint64_t ps)
{
    char d[24];
    return std::string(d, format_us(d, ps));
}

// Names are ours (functions, fates, "udp:9000"): escaped all the same, so
// the file parses whatever a name becomes.
void quote_into(std::string &b, const char *s)
{
    b += '"';
    const char *run = s; // appended a run at a time: the usual name has nothing to escape
    for (; *s; s++) {
        const bool control = static_cast<unsigned char>(*s) < 0x20;
        if (!control && *s != '"' && *s != '\\')
            continue;
        b.append(run, size_t(s - run));
        if (!control)
            (b += '\\') += *s;
        run = s + 1;
    }
    b.append(run, size_t(s - run));
    b += '"';
}

std::string quoted(const char *s)
{
    std::string b;
    quote_into(b, s);
    return b;
}

// A name with nothing to escape (the usual one), as it is.
bool plain(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (static_cast<unsigned char>(s[i]) < 0x20 || s[i] == '"' || s[i] == '\\')
            return false;
    return true;
}

// The functions after which a socket's receive queue or the softnet backlog
// may have changed.
bool queue_fn(const char *fn)
{
    for (const char *f : {"udp_rcv", "tcp_v4_rcv", "udp_recvmsg", "tcp_recvmsg", "netif_rx", "process_backlog"})
        if (std::strcmp(fn, f) == 0)
            return true;
    return false;
}

} // namespace

timeline_writer::timeline_writer(std::ostream &out, const timeline_limits &limits)
    : out_(out), limits_(limits), observer_{this, on_fn_begin, on_fn_end}
{
    put("{\"traceEvents\":[\n");
    auto meta = [this](int pid, int tid, const char *what, const char *name) {
        put("{\"ph\":\"M\",\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
            ",\"name\":\"" + what + "\",\"args\":{\"name\":" + quoted(name) + "}},\n");
    };
    meta(host_pid, 0, "process_name", "host");
    meta(nic_pid, 0, "process_name", "nic");
    for (int t = WIRE; t <= REGISTERS; t++) {
        meta(nic_pid, t, "thread_name", nic_tracks[t]);
        put("{\"ph\":\"M\",\"pid\":2,\"tid\":" + std::to_string(t) +
            ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" + std::to_string(t) + "}},\n");
    }
}

int timeline_writer::host_tid(const host_cpu &cpu) const { return host_context_id(&cpu); }

timeline_writer::track &timeline_writer::host_track(const host_cpu &cpu)
{
    const int tid = host_tid(cpu);
    track &t = host_tracks_[tid];
    if (!t.named) {
        t.named = true;
        std::string name;
        switch (cpu.ctx) {
        case CPU_CTX_HARDIRQ:
            name = "hardirq/";
            break;
        case CPU_CTX_SOFTIRQ:
            name = "NET_RX_SOFTIRQ/";
            break;
        case CPU_CTX_TASK:
            name = cpu.curr ? std::string(cpu.curr->name) + " on CPU " : "no thread: CPU ";
            break;
        }
        name += std::to_string(cpu.id);
        put("{\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(tid) +
            ",\"name\":\"thread_name\",\"args\":{\"name\":" + quoted(name.c_str()) + "}},\n");
        put("{\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(tid) +
            ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" + std::to_string(tid) + "}},\n");
    }
    return t;
}

bool timeline_writer::take(uint64_t ps)
{
    if (finished_ || !in_window(ps))
        return false;
    if (events_ < limits_.max_events) {
        events_++;
        return true;
    }
    if (!capped_) {
        capped_ = true;
        capped_ps_ = ps;
        std::fprintf(stderr,
                     "rxsim run: --timeline: %" PRIu64 " events written, the cap (--timeline-max-events); "
                     "nothing after %s us is in the file\n",
                     events_, us(ps).c_str());
    }
    return false;
}

void timeline_writer::put(const char *s, size_t n)
{
    if (len_ + n > buf_size) {
        write_out();
        if (n > buf_size) {
            out_.write(s, std::streamsize(n));
            return;
        }
    }
    std::memcpy(buf_.get() + len_, s, n);
    len_ += n;
}

void timeline_writer::put_u(uint64_t v)
{
    char d[20];
    put(d, size_t(format_u(d, v) - d));
}

void timeline_writer::put_us(uint64_t ps)
{
    char d[24];
    put(d, size_t(format_us(d, ps) - d));
}

void timeline_writer::put_quoted(const char *s)
{
    const size_t n = std::strlen(s);
    if (!plain(s, n)) {
        put(quoted(s));
        return;
    }
    put("\"");
    put(s, n);
    put("\"");
}

void timeline_writer::write_out()
{
    out_.write(buf_.get(), std::streamsize(len_));
    len_ = 0;
}

void timeline_writer::open_event(const char *ph, int pid, int tid, uint64_t ps, const char *name)
{
    put("{\"ph\":\"");
    put(ph, std::strlen(ph));
    put("\",\"pid\":");
    put_u(uint64_t(pid));
    put(",\"tid\":");
    put_u(uint64_t(tid));
    put(",\"ts\":");
    put_us(ps);
    if (name) {
        put(",\"name\":");
        put_quoted(name);
    }
}

void timeline_writer::put_dur(uint64_t ps)
{
    put(",\"dur\":");
    put_us(ps);
}

void timeline_writer::put_arg(const char *key, uint64_t v, bool first)
{
    if (first)
        put(",\"args\":{\"");
    else
        put(",\"");
    put(key, std::strlen(key));
    put("\":");
    put_u(v);
}

void timeline_writer::close_event(bool args)
{
    if (args)
        put("}},\n");
    else
        put("},\n");
}

void timeline_writer::on_fn_begin(void *ctx, const host_cpu *cpu, const char *fn)
{
    auto *self = static_cast<timeline_writer *>(ctx);
    track &t = self->host_track(*cpu);
    const bool written = self->take(cpu->local_ps);
    t.open.push_back(written);
    if (written) {
        self->open_event("B", host_pid, self->host_tid(*cpu), cpu->local_ps, fn);
        self->close_event(false);
    }
}

void timeline_writer::on_fn_end(void *ctx, const host_cpu *cpu, const char *fn, int work, int budget)
{
    auto *self = static_cast<timeline_writer *>(ctx);
    if (self->sample_queues_ && queue_fn(fn))
        self->sample_queues_(*cpu);
    track &t = self->host_track(*cpu);
    if (t.open.empty())
        return; // begun before anyone watched
    const bool written = t.open.back();
    t.open.pop_back();
    if (!written || self->finished_)
        return;
    // E needs no name (it ends the track's innermost B): a smaller file.
    self->open_event("E", host_pid, self->host_tid(*cpu), std::min(cpu->local_ps, self->limits_.to_ps), nullptr);
    if (work >= 0)
        self->put_arg("work", uint64_t(work), true);
    if (budget >= 0)
        self->put_arg("budget", uint64_t(budget), work < 0);
    self->close_event(work >= 0 || budget >= 0);
}

void timeline_writer::dma_read(uint32_t len, uint64_t issue_ps, uint64_t done_ps)
{
    if (!take(issue_ps))
        return;
    open_event("X", nic_pid, DMA_READ, issue_ps, "descriptor fetch");
    put_dur(done_ps - issue_ps);
    put_arg("bytes", len, true);
    close_event(true);
}

void timeline_writer::dma_write(const char *what, uint32_t len, uint64_t issue_ps, uint64_t link_free_ps)
{
    if (!take(issue_ps))
        return;
    open_event("X", nic_pid, DMA_WRITE, issue_ps, what);
    put_dur(link_free_ps - issue_ps);
    put_arg("bytes", len, true);
    close_event(true);
}

void timeline_writer::interrupt(uint64_t ps)
{
    if (!take(ps))
        return;
    open_event("i", nic_pid, INTERRUPTS, ps, "interrupt");
    put(",\"s\":\"t\"");
    close_event(false);
    recent_interrupts_.push_back(ps);
    while (recent_interrupts_.front() + irq_rate_window_ps <= ps)
        recent_interrupts_.pop_front();
    counter("interrupts/s (last 1 ms)", ps, recent_interrupts_.size() * (1000000000000 / irq_rate_window_ps));
}

void timeline_writer::timer(nic_timer which, bool running, uint64_t ps)
{
    uint64_t &since = timer_since_ps_[int(which)];
    if (running) {
        since = ps;
        return;
    }
    const uint64_t from = since;
    since = UINT64_MAX;
    if (from == UINT64_MAX || !take(from))
        return;
    open_event("X", nic_pid, timer_slices[int(which)].tid, from, timer_slices[int(which)].name);
    put_dur(ps - from);
    close_event(false);
}

void timeline_writer::register_access(const char *what, uint32_t value, uint64_t ps)
{
    if (!take(ps))
        return;
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08x", value);
    open_event("i", nic_pid, REGISTERS, ps, what);
    put(",\"s\":\"t\",\"args\":{\"value\":\"");
    put(hex, std::strlen(hex));
    put("\"");
    close_event(true);
}

void timeline_writer::counter(const char *name, uint64_t ps, uint64_t value)
{
    if (!take(ps))
        return;
    open_event("C", nic_pid, 0, ps, name);
    put_arg("value", value, true);
    close_event(true);
}

void timeline_writer::polled(uint64_t packet, const host_cpu &cpu) { poll_tid_[packet] = host_tid(cpu); }

void timeline_writer::flow_point(const char *ph, int pid, int tid, uint64_t packet, uint64_t ps)
{
    open_event(ph, pid, tid, ps, "packet");
    put(",\"cat\":\"packet\",\"id\":");
    put_u(packet);
    if (ph[0] == 'f')
        put(",\"bp\":\"e\"");
    close_event(false);
}

void timeline_writer::packet(const packet_fate &f, const host_cpu &cpu)
{
    int poll_tid = -1;
    if (auto it = poll_tid_.find(f.index); it != poll_tid_.end()) {
        poll_tid = it->second;
        poll_tid_.erase(it);
    }
    if (!take(f.start_ps))
        return;
    const uint32_t len = uint32_t(f.bytes->size());
    const std::string name = f.socket ? std::string(f.fate) + " " + *f.socket : std::string(f.fate);
    open_event("X", nic_pid, WIRE, f.start_ps, name.c_str());
    put_dur((len + 8) * wire_byte_ps_);
    put_arg("packet", f.index, true);
    put_arg("length", len, false);
    put(",\"fate\":");
    put_quoted(f.fate);
    if (f.socket) {
        put(",\"socket\":");
        put_quoted(f.socket->c_str());
    }
    close_event(true);

    // The stages it reached, each on the track where it happened.
    struct point {
        int pid, tid;
        uint64_t ps;
    } points[STAGES + 1];
    size_t n = 0;
    points[n++] = {nic_pid, WIRE, f.start_ps};
    if (f.at_ps[STAGE_DMA_DONE] && take(f.at_ps[STAGE_DMA_DONE])) {
        open_event("X", nic_pid, IN_MEMORY, f.at_ps[STAGE_DMA_DONE], "in memory");
        put_dur(0);
        put_arg("packet", f.index, true);
        close_event(true);
        points[n++] = {nic_pid, IN_MEMORY, f.at_ps[STAGE_DMA_DONE]};
    }
    if (f.at_ps[STAGE_IRQ])
        points[n++] = {host_pid, cpu.id * 100 + tid_hardirq, f.at_ps[STAGE_IRQ]};
    if (f.at_ps[STAGE_POLL] && poll_tid >= 0) {
        points[n++] = {host_pid, poll_tid, f.at_ps[STAGE_POLL]};
        // Where it joined the socket: the poll's track, or, through the
        // softnet backlog, the softirq's or ksoftirqd's.
        if (f.at_ps[STAGE_SOCKET])
            points[n++] = {host_pid, f.socket_context ? f.socket_context : poll_tid, f.at_ps[STAGE_SOCKET]};
    }
    if (f.at_ps[STAGE_APP])
        points[n++] = {host_pid, host_tid(cpu), f.at_ps[STAGE_APP]};
    // Points past the window or the cap end the flow early.
    size_t kept = 1;
    while (kept < n && take(points[kept].ps))
        kept++;
    if (kept < 2)
        return;
    for (size_t i = 0; i < kept; i++)
        flow_point(i == 0 ? "s" : i + 1 == kept ? "f" : "t", points[i].pid, points[i].tid, f.index, points[i].ps);
}

bool timeline_writer::finish(uint64_t end_ps)
{
    const uint64_t at = std::min(end_ps, limits_.to_ps);
    std::vector<int> tids;
    for (const auto &[tid, t] : host_tracks_)
        tids.push_back(tid);
    std::sort(tids.begin(), tids.end()); // the same file every time
    for (auto which : {nic_timer::ITR, nic_timer::RDTR, nic_timer::RADV})
        if (timer_since_ps_[int(which)] < at)
            timer(which, false, at);
    for (int tid : tids)
        for (auto open = host_tracks_[tid].open.rbegin(); open != host_tracks_[tid].open.rend(); ++open)
            if (*open) {
                open_event("E", host_pid, tid, at, nullptr);
                close_event(false);
            }
    // A last event without the separator the others have.
    put("{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_sort_index\",\"args\":{\"sort_index\":1}}\n],\n");
    std::string other = "\"displayTimeUnit\":\"ns\",\n\"otherData\":{\"generator\":\"rxsim --timeline\",\"window_from_ns\":" +
            std::to_string(limits_.from_ps / 1000) + ",\"window_to_ns\":" +
            (limits_.to_ps == UINT64_MAX ? std::string("null") : std::to_string(limits_.to_ps / 1000)) +
            ",\"max_events\":" + std::to_string(limits_.max_events) + ",\"events\":" + std::to_string(events_) +
            ",\"capped\":" + (capped_ ? "true" : "false");
    if (capped_)
        other += ",\"capped_at_ns\":" + std::to_string(capped_ps_ / 1000);
    other += "}}\n";
    put(other);
    write_out();
    finished_ = true;
    return bool(out_.flush());
}

} // namespace rxsim
