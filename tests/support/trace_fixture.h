// Test fixtures for the trace reader: pcap and pcapng files built byte by
// byte (so malformed ones are easy), written to a temp directory, and a
// helper that replays a file to completion.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rxtrace.h"

namespace fixture {

using Bytes = std::vector<uint8_t>;

struct Record {
    uint64_t ts_ns;
    Bytes data;
    uint32_t len = 0; // original length; 0 = data.size()
};

// Link types as written in files (LINKTYPE_ values).
enum : uint32_t {
    LT_NULL = 0, LT_ETHERNET = 1, LT_RAW = 101, LT_LOOP = 108, LT_SLL = 113,
    LT_IPV4 = 228, LT_IPV6 = 229, LT_SLL2 = 276, LT_PPP = 9,
};

// Classic pcap, little-endian, microsecond or nanosecond timestamps.
Bytes pcap(uint32_t linktype, const std::vector<Record> &records, bool nano = false);

// pcapng pieces, little-endian: section header, interface (tsresol 9 when
// nano, else the default microseconds), enhanced packet.
Bytes pcapng_shb();
Bytes pcapng_idb(uint32_t linktype, bool nano = false);
Bytes pcapng_epb(uint32_t iface, uint64_t ts_units, const Bytes &data, uint32_t len = 0);

Bytes cat(std::initializer_list<Bytes> parts);

// Writes bytes to a fresh file under the test temp directory; returns its path.
std::string write_temp(const std::string &name, const Bytes &bytes);

// A frame copied out of the replay (its data pointer is only valid until
// the next call).
struct Frame {
    uint64_t start_ps, end_ps;
    Bytes bytes;
    uint64_t record, index;
    uint32_t pass, flags;
};

struct Replay {
    bool opened = false;
    int last = 0;                 // rxtrace_next's final return: 0 end, -1 error
    rxtrace_error_t error{};      // open or read error
    rxtrace_report_t report{};
    std::vector<Frame> frames;
};

Replay replay(const std::string &path, const rxtrace_options_t &opt);
Replay replay(const std::string &path); // default options

rxtrace_options_t defaults();

// A minimal IPv4/UDP packet of total length ip_len (>= 28), payload bytes i & 0xff.
Bytes ipv4_udp(uint16_t ip_len);
// An IPv6/UDP packet with payload length n.
Bytes ipv6_udp(uint16_t n);
// An Ethernet frame (no FCS): dst 02:..:01, src 02:..:02, IPv4, total len bytes.
Bytes ether_ipv4(uint16_t len);

} // namespace fixture
