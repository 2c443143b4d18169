// --pcap-out: the wire's frames as a pcapng file, each with its fate.
//
// libpcap (1.10 in Debian bookworm) writes pcap only: its pcapng support
// reads. The blocks are few and fixed, so they are written here: a Section
// Header Block, one Interface Description Block (Ethernet, ns timestamps,
// frames with their 4-byte FCS), and an Enhanced Packet Block per frame with
// epb_flags "inbound" and an opt_comment: `delivered app udp:9000` or
// `dropped nic.not_received`, then the stage times (ns from the first
// preamble bit). Blocks go in fate order, as the packet log's lines.
#ifndef RXSIM_PCAPNG_WRITER_H
#define RXSIM_PCAPNG_WRITER_H

#include <cstdint>
#include <ostream>
#include <string>

#include "packet_ledger.h"

namespace rxsim {

enum class pcap_filter { all, delivered, dropped };

class pcapng_writer {
public:
    pcapng_writer(std::ostream &out, pcap_filter filter);
    // A packet's fate (packet_ledger's observer): its block, if the filter
    // takes it.
    void packet(const packet_fate &f);
    // The comment a packet's block carries.
    static std::string comment(const packet_fate &f);
    // Delivered: read by the application or consumed by the host (the
    // report's `delivered`); everything else is a drop.
    static bool delivered(const packet_fate &f);

private:
    void block(uint32_t type, const std::string &body);
    std::ostream &out_;
    pcap_filter filter_;
};

} // namespace rxsim

#endif
