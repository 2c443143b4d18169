// Where every wire packet went, and how long each stage took.
//
// The ledger hears the run's events in the order they happen and joins them
// into one fate per wire frame:
//   wire frame on the wire -> the driver sees a frame (matched by content, in
//   wire order: payload integrity) -> the stack's fate record (joined by the
//   skb's trace_id) -> read by the application, or one named drop.
// Frames the driver never sees were lost inside the NIC; the NIC's own
// counters (MAC, FIFO) say why, and the ledger checks that those counters
// account for exactly the frames it saw vanish. Nothing here knows SystemC.
#ifndef RXSIM_PACKET_LEDGER_H
#define RXSIM_PACKET_LEDGER_H

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "percentile.h"
#include "results.h"
#include "rxdriver/e1000.h"
#include "rxsim/rxstack.h"

namespace rxsim {

// The NIC's drop counters at the end of the run (read-to-clear registers
// accumulated by the driver).
struct nic_drop_counters {
    uint64_t crcerrs = 0, rxerrc = 0, ruc = 0, rfc = 0, roc = 0, rjc = 0;
    uint64_t xfltc = 0, xdisc = 0, mpc = 0;
};

// The stages a packet's times are kept for, in path order.
enum packet_stage { STAGE_DMA_DONE, STAGE_IRQ, STAGE_POLL, STAGE_SOCKET, STAGE_APP, STAGES };
// Their names in the packet log and the report ("dma_done", ...).
extern const char *const packet_stage_names[STAGES];

// A wire packet's fate as the packet log tells it, for the others that show
// it (the timeline).
struct packet_fate {
    uint64_t index = 0, start_ps = 0;
    const std::vector<uint8_t> *bytes = nullptr; // the frame, DA..FCS
    const char *fate = "";   // "app", "nic.not_received", "stack.no_socket", ...
    const std::string *socket = nullptr; // "udp:9000", or none
    uint64_t at_ps[STAGES] = {}; // when it reached each stage, 0 = not
    int socket_context = 0; // host_context_id where it joined the socket (timelines only), 0 = none
};

class packet_ledger {
public:
    // A frame goes on the wire (bytes DA..FCS).
    void on_wire(uint64_t index, uint64_t start_ps, const uint8_t *data, uint32_t len);
    // A DMA write became (or will become) visible at done_ps in buffer (the
    // driver's pool index: buffers move between descriptor slots);
    // `refused`: the host refused it, and these bytes the NIC sent are what
    // the frame's descriptor stands for (memory holds the old ones).
    void on_buffer_written(uint32_t buffer, uint64_t done_ps, const uint8_t *refused = nullptr,
                           uint32_t len = 0);
    // The CPU took a hard interrupt at cpu_ps.
    void on_irq(uint64_t cpu_ps);
    // The driver handled a frame at cpu_ps, in `buffer` (the one its
    // descriptor's address names). For a frame handed up, sets the skb's
    // trace_id. Returns the wire frame's index, or UINT64_MAX when no wire
    // frame matches.
    uint64_t on_rx_event(const e1000_rx_event &ev, uint32_t buffer, uint64_t cpu_ps);
    // The stack finished an skb.
    void on_fate(const skb_fate_record &rec);
    // An application read: a datagram (skb info.pkt_id) must be the UDP
    // payload its wire frame carried, a watched TCP stream's bytes what the
    // flow's segments carried at those sequence numbers (payload integrity
    // at the socket; reassembled datagrams are counted as not compared).
    void on_app_read(const rx_recvinfo &info, const void *data, uint32_t len);
    // TCP socket sock_id, connected to peer_ip:peer_port on local_port (an
    // IPv4 peer as ::ffff:a.b.c.d): its reads are checked against the bytes
    // of that flow's wire segments.
    void watch_stream(uint32_t sock_id, const std::array<uint8_t, 16> &peer_ip, uint16_t peer_port,
                      uint16_t local_port);

    // After the run: adds the NIC's counters, checks the books, fills r's
    // packets_in, delivered, dropped, latency_ns and violations.
    void close(const nic_drop_counters &nic, run_results &r);

    uint64_t packets_in() const { return packets_in_; }

    // One JSON line per wire packet to out as its fate is known (fate order,
    // not wire order): {"packet", "wire_ns", "fate", "socket"?, "ns": {stage:
    // ns from the first preamble bit, for the stages it reached}}.
    void set_packet_log(std::ostream *out) { log_ = out; }
    // Called with every packet's fate as it is known (fate order), as the
    // packet log has it.
    void set_fate_observer(std::function<void(const packet_fate &)> f) { on_fate_ = std::move(f); }
    // The name a socket has in the packet log ("udp:9000").
    void name_socket(uint32_t sock_id, const std::string &name) { socket_names_[sock_id] = name; }

private:
    // A watched TCP flow: its segments' payload by sequence number, until
    // the reader has passed them (a flow longer than 4 GiB, whose numbers
    // wrap, is not supported).
    struct tcp_stream {
        std::array<uint8_t, 16> peer_ip;
        uint16_t peer_port, local_port;
        std::map<uint32_t, std::vector<uint8_t>> bytes;
    };
    void stream_segment(const std::vector<uint8_t> &frame);
    void check_stream(tcp_stream &st, const rx_recvinfo &info, const uint8_t *data, uint32_t len);

    struct wire_frame {
        uint64_t index, start_ps;
        std::vector<uint8_t> bytes;
        uint64_t at_ps[STAGES] = {}; // when it reached each stage, 0 = not
    };

    // The oldest unmatched wire frame whose bytes the driver's frame equals
    // (prefix only for a frame cut over several buffers); skipped ones were
    // lost in the NIC. False when none matches.
    bool match(const e1000_rx_event &ev, uint32_t buffer, wire_frame &out);
    void sample(packet_stage s, wire_frame &w, uint64_t at_ps);
    // The packet's line in the packet log, and its fate to the observer.
    // rec: the stack's record of its end, when it got that far.
    void log(const wire_frame &w, const char *fate, const skb_fate_record *rec = nullptr);
    bool logging() const { return log_ || on_fate_; }

    uint64_t packets_in_ = 0;
    uint64_t read_by_app_ = 0, consumed_by_kernel_ = 0;
    uint64_t lost_in_nic_ = 0; // wire frames the driver's frames passed over
    std::deque<wire_frame> on_wire_;
    std::vector<uint64_t> buffer_done_ps_;
    std::vector<std::vector<uint8_t>> refused_bytes_; // by buffer: what a refused write carried
    std::deque<uint64_t> irqs_;
    std::unordered_map<uint64_t, wire_frame> in_stack_; // by trace_id
    std::unordered_map<uint64_t, wire_frame> being_read_; // by skb id
    std::unordered_map<uint32_t, tcp_stream> streams_;    // by socket id
    uint64_t driver_drops_[E1000_RX_NO_EOP + 1] = {}; // by e1000_rx_fate
    uint64_t stack_drops_[SKB_DROP_REASON_MAX] = {};        // by skb_drop_reason
    uint64_t unread_at_end_ = 0;                            // QUEUED fates
    uint64_t ofo_at_end_ = 0;                               // OFO_QUEUED fates
    latency_histogram latency_[STAGES];
    std::vector<std::string> violations_;
    uint64_t payload_mismatches_ = 0, unknown_skbs_ = 0;
    uint64_t socket_mismatches_ = 0;
    uint64_t frames_matched_ = 0, socket_checked_ = 0, socket_unchecked_ = 0;
    uint64_t stream_segments_ = 0, stream_reads_ = 0; // watched TCP streams: segments read, reads compared
    uint64_t frames_by_descs_[4] = {}; // frames the driver received: 1, 2, 3-4, 5+ descriptors
    std::ostream *log_ = nullptr;
    std::function<void(const packet_fate &)> on_fate_;
    std::unordered_map<uint32_t, std::string> socket_names_;
};

} // namespace rxsim

#endif
