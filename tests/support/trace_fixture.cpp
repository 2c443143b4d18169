#include "trace_fixture.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace fixture {

namespace {

void put16(Bytes &b, uint32_t v)
{
    b.push_back(uint8_t(v));
    b.push_back(uint8_t(v >> 8));
}

void put32(Bytes &b, uint32_t v)
{
    put16(b, v & 0xFFFF);
    put16(b, v >> 16);
}

void pad4(Bytes &b)
{
    while (b.size() % 4)
        b.push_back(0);
}

// A pcapng block: type, total length, body, total length again.
Bytes block(uint32_t type, const Bytes &body)
{
    Bytes b;
    Bytes padded = body;
    pad4(padded);
    uint32_t total = uint32_t(12 + padded.size());
    put32(b, type);
    put32(b, total);
    b.insert(b.end(), padded.begin(), padded.end());
    put32(b, total);
    return b;
}

} // namespace

Bytes pcap(uint32_t linktype, const std::vector<Record> &records, bool nano)
{
    Bytes b;
    put32(b, nano ? 0xA1B23C4D : 0xA1B2C3D4);
    put16(b, 2);
    put16(b, 4);
    put32(b, 0);
    put32(b, 0);
    put32(b, 65535);
    put32(b, linktype);
    for (const Record &r : records) {
        uint64_t unit = nano ? 1 : 1000;
        put32(b, uint32_t(r.ts_ns / 1000000000u));
        put32(b, uint32_t((r.ts_ns % 1000000000u) / unit));
        put32(b, uint32_t(r.data.size()));
        put32(b, r.len ? r.len : uint32_t(r.data.size()));
        b.insert(b.end(), r.data.begin(), r.data.end());
    }
    return b;
}

Bytes pcapng_shb()
{
    Bytes body;
    put32(body, 0x1A2B3C4D); // byte-order magic
    put16(body, 1);
    put16(body, 0);
    put32(body, 0xFFFFFFFF); // section length unknown
    put32(body, 0xFFFFFFFF);
    return block(0x0A0D0D0A, body);
}

Bytes pcapng_idb(uint32_t linktype, bool nano)
{
    Bytes body;
    put16(body, linktype);
    put16(body, 0);
    put32(body, 65535); // snaplen
    if (nano) {
        put16(body, 9); // if_tsresol
        put16(body, 1);
        body.push_back(9);
        pad4(body);
        put16(body, 0); // opt_endofopt
        put16(body, 0);
    }
    return block(1, body);
}

Bytes pcapng_epb(uint32_t iface, uint64_t ts_units, const Bytes &data, uint32_t len)
{
    Bytes body;
    put32(body, iface);
    put32(body, uint32_t(ts_units >> 32));
    put32(body, uint32_t(ts_units));
    put32(body, uint32_t(data.size()));
    put32(body, len ? len : uint32_t(data.size()));
    body.insert(body.end(), data.begin(), data.end());
    return block(6, body);
}

Bytes cat(std::initializer_list<Bytes> parts)
{
    Bytes b;
    for (const Bytes &p : parts)
        b.insert(b.end(), p.begin(), p.end());
    return b;
}

std::string write_temp(const std::string &name, const Bytes &bytes)
{
    const testing::TestInfo *info = testing::UnitTest::GetInstance()->current_test_info();
    std::string unique = std::string(info->test_suite_name()) + "_" + info->name() + "_" + name;
    for (char &c : unique)
        if (c == '/')
            c = '_';
    std::string path = testing::TempDir() + "rxtrace_" + unique;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
    return path;
}

rxtrace_options_t defaults()
{
    rxtrace_options_t o;
    rxtrace_options_default(&o);
    return o;
}

Replay replay(const std::string &path, const rxtrace_options_t &opt)
{
    Replay r;
    rxtrace_t *t = rxtrace_open(path.c_str(), &opt, &r.error);
    if (!t) {
        r.last = -1;
        return r;
    }
    r.opened = true;
    rxtrace_frame_t f;
    while ((r.last = rxtrace_next(t, &f)) > 0)
        r.frames.push_back({f.start_ps, f.end_ps, Bytes(f.data, f.data + f.len), f.record,
                            f.index, f.pass, f.flags});
    r.report = *rxtrace_report(t);
    r.error = *rxtrace_error(t);
    rxtrace_close(t);
    return r;
}

Replay replay(const std::string &path) { return replay(path, defaults()); }

Bytes ipv4_udp(uint16_t ip_len)
{
    Bytes b = {0x45, 0, uint8_t(ip_len >> 8), uint8_t(ip_len), 0, 1, 0, 0, 64, 17, 0, 0,
               10, 0, 0, 2, 10, 0, 0, 1};
    uint16_t udp_len = uint16_t(ip_len - 20);
    Bytes udp = {0x27, 0x10, 0x23, 0x28, uint8_t(udp_len >> 8), uint8_t(udp_len), 0, 0};
    b.insert(b.end(), udp.begin(), udp.end());
    for (size_t i = 0; b.size() < ip_len; i++)
        b.push_back(uint8_t(i));
    return b;
}

Bytes ipv6_udp(uint16_t n)
{
    uint16_t pl = uint16_t(8 + n);
    Bytes b = {0x60, 0, 0, 0, uint8_t(pl >> 8), uint8_t(pl), 17, 64};
    for (int i = 0; i < 16; i++) // src fd00::2
        b.push_back(i == 0 ? 0xfd : i == 15 ? 2 : 0);
    for (int i = 0; i < 16; i++) // dst ff02::1:ff00:1 (multicast)
        b.push_back(i == 0 ? 0xff : i == 1 ? 2 : i == 11 ? 1 : i == 12 ? 0xff : i == 15 ? 1 : 0);
    Bytes udp = {0x27, 0x10, 0x23, 0x28, uint8_t(pl >> 8), uint8_t(pl), 0, 0};
    b.insert(b.end(), udp.begin(), udp.end());
    for (uint16_t i = 0; i < n; i++)
        b.push_back(uint8_t(i));
    return b;
}

Bytes ether_ipv4(uint16_t len)
{
    Bytes b = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00};
    Bytes ip = ipv4_udp(uint16_t(len - 14));
    b.insert(b.end(), ip.begin(), ip.end());
    return b;
}

} // namespace fixture
