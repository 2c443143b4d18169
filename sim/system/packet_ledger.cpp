#include "packet_ledger.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include <nlohmann/json.hpp>

#include "frame_match.h"
#include "nic_defines.h"

namespace rxsim {

const char *const packet_stage_names[STAGES] = {"dma_done", "irq", "poll", "socket", "app"};

namespace {

constexpr uint32_t vlan_tag_len = 4;  // 802.1Q TPID + TCI
constexpr uint32_t mac_addrs_len = 12; // destination + source
// In the packet log: a frame the driver never saw. The NIC dropped it (the
// report's mac.* and fifo.missed counters say why) or still held it at the end.
const char *const nic_not_received = "nic.not_received";

// "stage.reason" -> a drop_count.
drop_count counter(const std::string &key, uint64_t count)
{
    const size_t dot = key.find('.');
    return {key.substr(0, dot), key.substr(dot + 1), count};
}

// The drop counters' names ("driver.no_eop", "stack.no_socket"): built for
// the report and the packet log, not on the counting path.
const char *driver_drop_name(e1000_rx_fate fate)
{
    switch (fate) {
    case E1000_RX_FRAME_ERROR:
        return "driver.frame_error";
    case E1000_RX_NO_EOP:
        return "driver.no_eop";
    case E1000_RX_PASSED:
        break;
    }
    return "driver.passed";
}

const char *const unread_at_end = "socket.unread_at_end";
// A TCP segment still waiting in its socket's out-of-order queue at the end,
// behind a hole that never filled.
const char *const ofo_at_end = "socket.ofo_at_end";

std::string lower(const char *s)
{
    std::string out(s);
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string stack_drop_name(skb_drop_reason reason) { return "stack." + lower(skb_drop_reason_name(reason)); }

// The transport header of protocol `proto` in a wire frame (DA..FCS,
// 802.1Q/802.1ad tags allowed): an unfragmented IPv4 datagram's, or an IPv6
// packet's whose next header it is (extension headers are not walked): its
// offset, the end of the IP payload, and the source address (v4-mapped for
// IPv4).
struct l4_view {
    size_t l4 = 0, end = 0;
    std::array<uint8_t, 16> saddr{};
};
bool transport_header(const std::vector<uint8_t> &f, uint8_t proto, l4_view &v)
{
    size_t l3 = mac_addrs_len;
    while (l3 + 2 <= f.size() && ((f[l3] << 8 | f[l3 + 1]) == 0x8100 || (f[l3] << 8 | f[l3 + 1]) == 0x88A8))
        l3 += vlan_tag_len;
    l3 += 2;
    if (l3 > f.size())
        return false;
    const unsigned type = unsigned(f[l3 - 2] << 8 | f[l3 - 1]);
    if (type == 0x0800 && l3 + 20 <= f.size() && (f[l3] >> 4) == 4) {
        const bool fragment = ((f[l3 + 6] & 0x3f) | f[l3 + 7]) != 0; // MF or an offset
        if (f[l3 + 9] != proto || fragment)
            return false;
        v.l4 = l3 + size_t(f[l3] & 0xf) * 4;
        v.end = l3 + size_t(f[l3 + 2] << 8 | f[l3 + 3]);
        v.saddr = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, f[l3 + 12], f[l3 + 13], f[l3 + 14], f[l3 + 15]};
    } else if (type == 0x86DD && l3 + 40 <= f.size() && (f[l3] >> 4) == 6) {
        if (f[l3 + 6] != proto)
            return false;
        v.l4 = l3 + 40;
        v.end = v.l4 + size_t(f[l3 + 4] << 8 | f[l3 + 5]);
        std::copy(f.begin() + std::ptrdiff_t(l3 + 8), f.begin() + std::ptrdiff_t(l3 + 24), v.saddr.begin());
    } else {
        return false;
    }
    return v.l4 <= v.end && v.end <= f.size();
}

// The UDP payload of an unfragmented IPv4 datagram or an IPv6 packet in a
// wire frame; false for anything else.
bool udp_payload(const std::vector<uint8_t> &f, size_t &off, size_t &len)
{
    l4_view v;
    if (!transport_header(f, 17, v) || v.l4 + 8 > v.end)
        return false;
    const size_t udp_len = size_t(f[v.l4 + 4] << 8 | f[v.l4 + 5]);
    off = v.l4 + 8;
    if (udp_len < 8 || off + udp_len - 8 > f.size())
        return false;
    len = udp_len - 8;
    return true;
}

// A TCP segment (unfragmented IPv4, or IPv6) in a wire frame: source
// address (v4-mapped for IPv4), ports, sequence number and payload; false
// for anything else.
struct tcp_segment {
    std::array<uint8_t, 16> saddr{};
    uint16_t sport = 0, dport = 0;
    uint32_t seq = 0;
    size_t off = 0, len = 0;
};
bool parse_tcp_segment(const std::vector<uint8_t> &f, tcp_segment &t)
{
    l4_view v;
    if (!transport_header(f, 6, v) || v.l4 + 20 > v.end)
        return false;
    const size_t l4 = v.l4;
    const size_t doff = size_t(f[l4 + 12] >> 4) * 4;
    if (doff < 20 || l4 + doff > v.end)
        return false;
    auto be32 = [&f](size_t at) { return uint32_t(f[at]) << 24 | uint32_t(f[at + 1]) << 16 | uint32_t(f[at + 2]) << 8 | f[at + 3]; };
    t.saddr = v.saddr;
    t.sport = uint16_t(f[l4] << 8 | f[l4 + 1]);
    t.dport = uint16_t(f[l4 + 2] << 8 | f[l4 + 3]);
    t.seq = be32(l4 + 4);
    t.off = l4 + doff;
    t.len = v.end - t.off;
    return true;
}

} // namespace

void packet_ledger::on_wire(uint64_t index, uint64_t start_ps, const uint8_t *data, uint32_t len)
{
    packets_in_++;
    on_wire_.push_back({index, start_ps, std::vector<uint8_t>(data, data + len)});
    if (!streams_.empty())
        stream_segment(on_wire_.back().bytes);
}

void packet_ledger::watch_stream(uint32_t sock_id, const std::array<uint8_t, 16> &peer_ip, uint16_t peer_port,
                                 uint16_t local_port)
{
    streams_[sock_id] = {peer_ip, peer_port, local_port, {}};
}

void packet_ledger::stream_segment(const std::vector<uint8_t> &frame)
{
    tcp_segment t;
    if (!parse_tcp_segment(frame, t) || t.len == 0)
        return;
    for (auto &[id, st] : streams_)
        if (st.peer_ip == t.saddr && st.peer_port == t.sport && st.local_port == t.dport)
            st.bytes[t.seq].assign(frame.begin() + std::ptrdiff_t(t.off), frame.begin() + std::ptrdiff_t(t.off + t.len));
}

void packet_ledger::check_stream(tcp_stream &st, const rx_recvinfo &info, const uint8_t *data, uint32_t len)
{
    uint32_t pos = info.seq, done = 0;
    bool same = true;
    while (done < len && same) {
        auto it = st.bytes.upper_bound(pos);
        if (it == st.bytes.begin()) {
            same = false;
            break;
        }
        --it;
        const uint32_t off = pos - it->first;
        if (off >= it->second.size()) {
            same = false; // a byte no segment carried
            break;
        }
        const uint32_t n = std::min<uint32_t>(len - done, uint32_t(it->second.size()) - off);
        same = std::memcmp(data + done, it->second.data() + off, n) == 0;
        done += n;
        pos += n;
    }
    // The reader does not go back: forget the segments it has passed.
    while (!st.bytes.empty() && int32_t(pos - st.bytes.begin()->first - uint32_t(st.bytes.begin()->second.size())) >= 0)
        st.bytes.erase(st.bytes.begin());
    if (same) {
        stream_reads_++;
        return;
    }
    if (socket_mismatches_++ == 0) {
        auto name = socket_names_.find(info.sock_id);
        violations_.push_back("payload integrity: the application read " + std::to_string(len) +
                              " bytes of the TCP stream " + (name != socket_names_.end() ? name->second : "") +
                              " at sequence number " + std::to_string(info.seq) +
                              " that differ from what the flow's segments carried on the wire");
    }
}

void packet_ledger::on_buffer_written(uint32_t buffer, uint64_t done_ps, const uint8_t *refused, uint32_t len)
{
    if (buffer >= buffer_done_ps_.size()) {
        buffer_done_ps_.resize(buffer + 1, 0);
        refused_bytes_.resize(buffer + 1);
    }
    buffer_done_ps_[buffer] = done_ps;
    refused_bytes_[buffer].assign(refused, refused ? refused + len : refused);
}

void packet_ledger::on_irq(uint64_t cpu_ps) { irqs_.push_back(cpu_ps); }

bool packet_ledger::match(const e1000_rx_event &ev, uint32_t buffer, wire_frame &out)
{
    // A whole frame arrives with its FCS (RCTL.SECRC is clear), a jumbo
    // chain as the driver gathered it; a frame dropped over several buffers
    // shows only its first buffer's bytes. A stripped 802.1Q tag (VP) is
    // missing from the buffer.
    received_frame rx;
    // A refused write left memory as it was: match what the NIC sent.
    const bool refused = buffer < refused_bytes_.size() && !refused_bytes_[buffer].empty();
    rx.data = refused ? refused_bytes_[buffer].data() : ev.data;
    rx.len = ev.length;
    rx.whole = !ev.partial;
    rx.vlan_stripped = (ev.status & NIC_RXD_STATUS_VP) != 0;
    const size_t at = find_wire_frame(on_wire_, rx);
    if (at == on_wire_.size())
        return false;
    auto it = on_wire_.begin() + std::ptrdiff_t(at);
    lost_in_nic_ += uint64_t(it - on_wire_.begin());
    for (auto lost = on_wire_.begin(); lost != it; ++lost)
        log(*lost, nic_not_received);
    frames_matched_++;
    frames_by_descs_[ev.descs <= 1 ? 0 : ev.descs == 2 ? 1 : ev.descs <= 4 ? 2 : 3]++;
    out = std::move(*it);
    on_wire_.erase(on_wire_.begin(), it + 1);
    return true;
}

void packet_ledger::sample(packet_stage s, wire_frame &w, uint64_t at_ps)
{
    w.at_ps[s] = at_ps;
    latency_[s].add(at_ps >= w.start_ps ? (at_ps - w.start_ps) / 1000 : 0);
}

void packet_ledger::log(const wire_frame &w, const char *fate, const skb_fate_record *rec)
{
    if (!logging())
        return;
    packet_fate f;
    f.index = w.index;
    f.start_ps = w.start_ps;
    f.bytes = &w.bytes;
    f.fate = fate;
    if (auto name = socket_names_.find(rec ? rec->sock_id : 0); name != socket_names_.end())
        f.socket = &name->second;
    f.socket_context = rec ? rec->socket_ctx : 0;
    std::copy(std::begin(w.at_ps), std::end(w.at_ps), f.at_ps);
    if (on_fate_)
        on_fate_(f);
    if (!log_)
        return;
    nlohmann::ordered_json j;
    j["packet"] = f.index;
    j["wire_ns"] = f.start_ps / 1000;
    j["fate"] = f.fate;
    if (f.socket)
        j["socket"] = *f.socket;
    nlohmann::ordered_json ns = nlohmann::ordered_json::object();
    for (int s = 0; s < STAGES; s++)
        if (f.at_ps[s])
            ns[packet_stage_names[s]] = f.at_ps[s] >= f.start_ps ? (f.at_ps[s] - f.start_ps) / 1000 : 0;
    j["ns"] = ns;
    *log_ << j.dump() << '\n';
}

uint64_t packet_ledger::on_rx_event(const e1000_rx_event &ev, uint32_t buffer, uint64_t cpu_ps)
{
    wire_frame w;
    if (!match(ev, buffer, w)) {
        if (payload_mismatches_++ == 0)
            violations_.push_back("payload integrity: the driver received a " +
                                  std::to_string(ev.length) + "-byte frame (descriptor " +
                                  std::to_string(ev.desc) + ") that no frame on the wire carried");
        return UINT64_MAX;
    }
    const uint64_t index = w.index;
    const uint64_t dma_done = buffer < buffer_done_ps_.size() ? buffer_done_ps_[buffer] : 0;
    if (dma_done)
        sample(STAGE_DMA_DONE, w, dma_done);
    // The first hard interrupt the CPU took after the frame was in memory,
    // if one came before the poll that found it (a running poll finds
    // frames without one).
    while (!irqs_.empty() && irqs_.front() < dma_done)
        irqs_.pop_front();
    if (!irqs_.empty() && irqs_.front() <= cpu_ps)
        sample(STAGE_IRQ, w, irqs_.front());
    sample(STAGE_POLL, w, cpu_ps);

    if (ev.fate == E1000_RX_PASSED) {
        ev.skb->trace_id = w.index + 1; // 0 means "not from the wire"
        in_stack_[w.index + 1] = std::move(w);
        return index;
    }
    driver_drops_[ev.fate]++;
    log(w, driver_drop_name(ev.fate));
    return index;
}

void packet_ledger::on_fate(const skb_fate_record &rec)
{
    auto it = in_stack_.find(rec.trace_id);
    if (it == in_stack_.end()) {
        if (unknown_skbs_++ == 0)
            violations_.push_back("stack: an skb (id " + std::to_string(rec.id) +
                                  ") ended that no wire frame entered");
        return;
    }
    wire_frame &w = it->second;
    if (rec.tstamp[SKB_STAGE_SOCKET])
        sample(STAGE_SOCKET, w, rec.tstamp[SKB_STAGE_SOCKET] * 1000);
    switch (rec.fate) {
    case SKB_FATE_READ:
        read_by_app_++;
        sample(STAGE_APP, w, rec.tstamp[SKB_STAGE_FREE] * 1000);
        log(w, "app", &rec);
        break;
    case SKB_FATE_CONSUMED:
        consumed_by_kernel_++;
        log(w, "kernel", &rec);
        break;
    case SKB_FATE_QUEUED:
        unread_at_end_++;
        log(w, unread_at_end, &rec);
        break;
    case SKB_FATE_OFO_QUEUED:
        ofo_at_end_++;
        log(w, ofo_at_end, &rec);
        break;
    case SKB_FATE_DROPPED:
    case SKB_FATE__COUNT: {
        const skb_drop_reason reason = rec.reason < SKB_DROP_REASON_MAX ? rec.reason : SKB_DROP_REASON_NOT_SPECIFIED;
        stack_drops_[reason]++;
        if (logging())
            log(w, stack_drop_name(reason).c_str(), &rec);
        break;
    }
    }
    // A datagram read is compared when the application has its bytes, a
    // watched stream's reads by sequence number; a datagram reassembled from
    // several frames is not compared.
    size_t off = 0, len = 0;
    if (rec.fate == SKB_FATE_READ && udp_payload(w.bytes, off, len))
        being_read_[rec.id] = std::move(w);
    else if (rec.fate == SKB_FATE_READ && streams_.count(rec.sock_id))
        stream_segments_++;
    else if (rec.fate == SKB_FATE_READ)
        socket_unchecked_++;
    in_stack_.erase(it);
}

void packet_ledger::on_app_read(const rx_recvinfo &info, const void *data, uint32_t len)
{
    if (auto st = streams_.find(info.sock_id); st != streams_.end()) {
        check_stream(st->second, info, static_cast<const uint8_t *>(data), len);
        return;
    }
    const uint64_t pkt_id = info.pkt_id;
    auto it = being_read_.find(pkt_id);
    if (it == being_read_.end())
        return; // not compared (on_fate says why) or not from the wire
    size_t off = 0, want = 0;
    udp_payload(it->second.bytes, off, want); // it is one: on_fate kept it
    if (want != len || std::memcmp(it->second.bytes.data() + off, data, len) != 0) {
        if (socket_mismatches_++ == 0)
            violations_.push_back("payload integrity: the application read " + std::to_string(len) +
                                  " bytes of wire frame " + std::to_string(it->second.index) +
                                  " that differ from its UDP payload (" + std::to_string(want) +
                                  " bytes)");
    } else {
        socket_checked_++;
    }
    being_read_.erase(it);
}

void packet_ledger::close(const nic_drop_counters &nic, run_results &r)
{
    // Path order; every counter listed, zeros too, so reports keep one shape.
    const std::pair<const char *, uint64_t> hw[] = {
        {"mac.crc_errors", nic.crcerrs},   {"mac.bad_preamble", nic.rxerrc},
        {"mac.undersize", nic.ruc},        {"mac.fragments", nic.rfc},
        {"mac.oversize", nic.roc},         {"mac.jabbers", nic.rjc},
        {"mac.filtered", nic.xfltc},       {"mac.rx_disabled", nic.xdisc},
        {"fifo.missed", nic.mpc},
    };
    uint64_t nic_dropped = 0;
    for (const auto &h : hw) {
        r.dropped.push_back(counter(h.first, h.second));
        nic_dropped += h.second;
    }
    // Frames the NIC dropped after the last one the driver saw are still at
    // the head of on_wire_; the rest of it never left the NIC.
    const uint64_t unmatched = on_wire_.size();
    if (nic_dropped < lost_in_nic_ || nic_dropped - lost_in_nic_ > unmatched) {
        violations_.push_back("conservation: the NIC's drop counters add up to " +
                              std::to_string(nic_dropped) + " but " + std::to_string(lost_in_nic_) +
                              " frames vanished before frames the driver received and " +
                              std::to_string(unmatched) + " were not received at all");
    }
    const uint64_t in_nic = nic_dropped >= lost_in_nic_ && nic_dropped - lost_in_nic_ <= unmatched
                                ? unmatched - (nic_dropped - lost_in_nic_)
                                : 0;
    for (e1000_rx_fate f : {E1000_RX_FRAME_ERROR, E1000_RX_NO_EOP})
        r.dropped.push_back(counter(driver_drop_name(f), driver_drops_[f]));
    for (int reason = 0; reason < SKB_DROP_REASON_MAX; reason++)
        if (reason != SKB_DROP_REASON_CONSUMED)
            r.dropped.push_back(counter(stack_drop_name(skb_drop_reason(reason)), stack_drops_[reason]));
    r.dropped.push_back(counter(unread_at_end, unread_at_end_));
    r.dropped.push_back(counter(ofo_at_end, ofo_at_end_));
    r.dropped.push_back(counter("nic.unprocessed_at_end", in_nic));
    r.dropped.push_back(counter("stack.in_flight_at_end", in_stack_.size()));
    // The packet log's last lines, in wire order.
    for (const wire_frame &w : on_wire_)
        log(w, nic_not_received);
    std::vector<const wire_frame *> held;
    for (const auto &entry : in_stack_)
        held.push_back(&entry.second);
    std::sort(held.begin(), held.end(), [](auto *a, auto *b) { return a->index < b->index; });
    for (const wire_frame *w : held)
        log(*w, "stack.in_flight_at_end");

    r.packets_in = packets_in_;
    r.delivered = read_by_app_ + consumed_by_kernel_;
    r.delivered_to_app = read_by_app_;
    r.payload_checked_driver = frames_matched_;
    std::copy(std::begin(frames_by_descs_), std::end(frames_by_descs_), r.frames_by_descriptors);
    r.payload_checked_socket = socket_checked_;
    r.payload_checked_tcp_segments = stream_segments_;
    r.payload_checked_tcp_reads = stream_reads_;
    r.payload_unchecked_socket = socket_unchecked_;
    r.consumed_by_kernel = consumed_by_kernel_;
    if (unknown_skbs_ > 1)
        violations_.push_back("stack: " + std::to_string(unknown_skbs_) +
                              " skbs ended that no wire frame entered in all");
    if (socket_mismatches_ > 1)
        violations_.push_back("payload integrity: " + std::to_string(socket_mismatches_) +
                              " reads differ from their wire frames in all");
    if (payload_mismatches_ > 1)
        violations_.push_back("payload integrity: " + std::to_string(payload_mismatches_) +
                              " received frames matched no wire frame in all");
    for (int s = 0; s < STAGES; s++)
        r.latency_ns.emplace_back(packet_stage_names[s], latency_[s].summarize());
    r.violations.insert(r.violations.end(), violations_.begin(), violations_.end());
    if (!packets_accounted(r))
        r.violations.push_back("conservation: " + std::to_string(r.packets_in) + " in, " +
                               std::to_string(r.delivered) + " delivered, " +
                               std::to_string(total_dropped(r)) + " dropped");
}

} // namespace rxsim
