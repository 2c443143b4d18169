#include "pcapng_writer.h"

#include <cstring>

namespace rxsim {

namespace {

// pcapng (draft-ietf-opsawg-pcapng): block types and option codes.
constexpr uint32_t shb_type = 0x0A0D0D0A, idb_type = 1, epb_type = 6;
constexpr uint16_t opt_endofopt = 0, opt_comment = 1, epb_flags = 2, if_tsresol = 9, if_fcslen = 13;
constexpr uint16_t linktype_ethernet = 1;
constexpr uint32_t snaplen = 262144;
constexpr uint32_t epb_inbound = 1; // direction bits 0-1: 01 inbound

// Little-endian fields, as the byte-order magic says.
void put16(std::string &b, uint16_t v)
{
    b += char(v & 0xff);
    b += char(v >> 8);
}

void put32(std::string &b, uint32_t v)
{
    put16(b, uint16_t(v & 0xffff));
    put16(b, uint16_t(v >> 16));
}

void pad4(std::string &b) { b.append((4 - b.size() % 4) % 4, '\0'); }

void option(std::string &b, uint16_t code, const std::string &value)
{
    put16(b, code);
    put16(b, uint16_t(value.size()));
    b += value;
    pad4(b);
}

} // namespace

pcapng_writer::pcapng_writer(std::ostream &out, pcap_filter filter) : out_(out), filter_(filter)
{
    std::string shb;
    put32(shb, 0x1A2B3C4D); // byte-order magic
    put16(shb, 1);          // version 1.0
    put16(shb, 0);
    put32(shb, 0xffffffff); // section length: not given
    put32(shb, 0xffffffff);
    block(shb_type, shb);

    std::string idb;
    put16(idb, linktype_ethernet);
    put16(idb, 0);
    put32(idb, snaplen);
    option(idb, if_tsresol, std::string(1, char(9))); // ns
    option(idb, if_fcslen, std::string(1, char(4)));  // the frames end with their FCS
    option(idb, opt_endofopt, "");
    block(idb_type, idb);
}

void pcapng_writer::block(uint32_t type, const std::string &body)
{
    std::string b;
    put32(b, type);
    put32(b, uint32_t(body.size() + 12));
    b += body;
    put32(b, uint32_t(body.size() + 12));
    out_.write(b.data(), std::streamsize(b.size()));
}

bool pcapng_writer::delivered(const packet_fate &f)
{
    return std::strcmp(f.fate, "app") == 0 || std::strcmp(f.fate, "kernel") == 0;
}

std::string pcapng_writer::comment(const packet_fate &f)
{
    std::string c = delivered(f) ? "delivered " : "dropped ";
    c += f.fate;
    if (f.socket)
        c += " " + *f.socket;
    const char *sep = "; ";
    for (int s = 0; s < STAGES; s++) {
        if (!f.at_ps[s])
            continue;
        c += sep + std::string(packet_stage_names[s]) + " " +
             std::to_string(f.at_ps[s] >= f.start_ps ? (f.at_ps[s] - f.start_ps) / 1000 : 0) + " ns";
        sep = ", ";
    }
    return c;
}

void pcapng_writer::packet(const packet_fate &f)
{
    if ((filter_ == pcap_filter::delivered && !delivered(f)) || (filter_ == pcap_filter::dropped && delivered(f)))
        return;
    const uint64_t ns = f.start_ps / 1000;
    const auto len = uint32_t(f.bytes->size());
    std::string epb;
    put32(epb, 0); // interface 0
    put32(epb, uint32_t(ns >> 32));
    put32(epb, uint32_t(ns));
    put32(epb, len);
    put32(epb, len);
    epb.append(reinterpret_cast<const char *>(f.bytes->data()), len);
    pad4(epb);
    option(epb, opt_comment, comment(f));
    std::string flags;
    put32(flags, epb_inbound);
    option(epb, epb_flags, flags);
    option(epb, opt_endofopt, "");
    block(epb_type, epb);
}

} // namespace rxsim
