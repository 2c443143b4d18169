// The packet ledger on its own: hand-made events, so that each invariant it
// checks is seen to fail when broken (the end-to-end runs only see it hold).
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <vector>

#include "nic_defines.h"
#include "packet_ledger.h"

namespace {

// A 64-byte UDP frame (FCS included) to 10.0.0.1:9000 carrying `fill`.
std::vector<uint8_t> udp_frame(uint8_t fill)
{
    std::vector<uint8_t> f(64, fill);
    const uint8_t head[] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00,          // Ethernet
                            0x45, 0, 0, 46, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 2, 10, 0, 0, 1, // IPv4
                            0x27, 0x10, 0x23, 0x28, 0, 26, 0, 0};                      // UDP, 18 bytes
    std::memcpy(f.data(), head, sizeof head);
    return f;
}

// A TCP segment 10.0.0.2:40000 -> 10.0.0.1:5001 at seq carrying `data`
// (FCS included).
std::vector<uint8_t> tcp_frame(uint32_t seq, const std::string &data)
{
    const uint16_t tot = uint16_t(20 + 20 + data.size());
    std::vector<uint8_t> f = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00, // Ethernet
                              0x45, 0, uint8_t(tot >> 8), uint8_t(tot), 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 2, 10, 0, 0, 1,
                              0x9c, 0x40, 0x13, 0x89, uint8_t(seq >> 24), uint8_t(seq >> 16), uint8_t(seq >> 8), uint8_t(seq),
                              0, 0, 0, 1, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0}; // TCP, doff 5
    f.insert(f.end(), data.begin(), data.end());
    f.insert(f.end(), 4, 0xfc);
    return f;
}

// An 80-byte IPv6 UDP frame (FCS included) 2001:db8::2 -> 2001:db8::1 port
// 9000 carrying 14 bytes of `fill`.
std::vector<uint8_t> udp6_frame(uint8_t fill)
{
    std::vector<uint8_t> f(80, fill);
    const uint8_t head[] = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x86, 0xdd, // Ethernet
                            0x60, 0, 0, 0, 0, 22, 17, 64,                   // IPv6: payload 22, UDP
                            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
                            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                            0x27, 0x10, 0x23, 0x28, 0, 22, 0, 0};          // UDP, 14 bytes
    std::memcpy(f.data(), head, sizeof head);
    return f;
}

// The peer of tcp_frame's flow, as watch_stream takes it.
const std::array<uint8_t, 16> peer4 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 2};

struct ledger_bench {
    rxsim::packet_ledger ledger;
    sk_buff skb{};
    uint64_t next_skb_id = 1;

    void wire(uint64_t index, const std::vector<uint8_t> &f) { ledger.on_wire(index, index * 1000, f.data(), uint32_t(f.size())); }
    // The driver finds `f` in descriptor 0 and hands it up.
    void driver(const std::vector<uint8_t> &f, e1000_rx_fate fate = E1000_RX_PASSED)
    {
        skb = sk_buff{};
        skb.id = next_skb_id++;
        e1000_rx_event ev{};
        ev.fate = fate;
        ev.data = f.data();
        ev.length = uint16_t(f.size());
        ev.descs = 1;
        ev.partial = fate == E1000_RX_NO_EOP;
        ev.status = NIC_RXD_STATUS_DD | NIC_RXD_STATUS_EOP;
        ev.skb = fate == E1000_RX_PASSED ? &skb : nullptr;
        ledger.on_rx_event(ev, 0, 5000);
    }
    // The stack ends the last skb as read; the application gets `data`.
    void read(const uint8_t *data, uint32_t len)
    {
        skb_fate_record rec{};
        rec.id = skb.id;
        rec.trace_id = skb.trace_id;
        rec.fate = SKB_FATE_READ;
        rec.tstamp[SKB_STAGE_FREE] = 9;
        ledger.on_fate(rec);
        rx_recvinfo info{};
        info.pkt_id = rec.id;
        ledger.on_app_read(info, data, len);
    }
    rxsim::run_results close(const rxsim::nic_drop_counters &nic = {})
    {
        rxsim::run_results r;
        ledger.close(nic, r);
        return r;
    }
};

constexpr size_t payload_off = 14 + 20 + 8;

uint64_t counter(const rxsim::run_results &r, const std::string &stage, const std::string &reason)
{
    for (const auto &d : r.dropped)
        if (d.stage == stage && d.reason == reason)
            return d.count;
    ADD_FAILURE() << "no counter " << stage << "." << reason;
    return 0;
}

} // namespace

TEST(PacketLedger, FrameReadIntactIsAccountedAndChecked)
{
    ledger_bench b;
    auto f = udp_frame(0x11);
    b.wire(0, f);
    b.driver(f);
    EXPECT_EQ(b.skb.trace_id, 1u);
    b.read(f.data() + payload_off, 18);
    rxsim::run_results r = b.close();
    EXPECT_TRUE(r.violations.empty()) << r.violations.front();
    EXPECT_TRUE(rxsim::packets_accounted(r));
    EXPECT_EQ(r.delivered_to_app, 1u);
    EXPECT_EQ(r.payload_checked_socket, 1u);
}

// An IPv6 datagram: the application's bytes are compared with the UDP
// payload after the 40-byte fixed header; other bytes are a violation.
TEST(PacketLedger, Ipv6DatagramReadIsCheckedAgainstItsUdpPayload)
{
    constexpr size_t off6 = 14 + 40 + 8;
    ledger_bench b;
    auto f = udp6_frame(0x22);
    b.wire(0, f);
    b.driver(f);
    b.read(f.data() + off6, 14);
    auto g = udp6_frame(0x33);
    b.wire(1, g);
    b.driver(g);
    std::vector<uint8_t> got(g.begin() + off6, g.begin() + off6 + 14);
    got[13] ^= 1;
    b.read(got.data(), 14);
    rxsim::run_results r = b.close();
    EXPECT_EQ(r.payload_checked_socket, 1u);
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_NE(r.violations.front().find("wire frame 1"), std::string::npos) << r.violations.front();
}

TEST(PacketLedger, CorruptedFrameAtTheDriverIsAViolation)
{
    ledger_bench b;
    auto f = udp_frame(0x11);
    b.wire(0, f);
    auto bad = f;
    bad[50] ^= 1;
    b.driver(bad);
    rxsim::run_results r = b.close();
    ASSERT_FALSE(r.violations.empty());
    EXPECT_NE(r.violations.front().find("payload integrity"), std::string::npos);
}

TEST(PacketLedger, CorruptedDatagramAtTheSocketIsAViolation)
{
    ledger_bench b;
    auto f = udp_frame(0x11);
    b.wire(0, f);
    b.driver(f);
    std::vector<uint8_t> got(f.begin() + payload_off, f.begin() + payload_off + 18);
    got[3] ^= 0x80;
    b.read(got.data(), 18);
    rxsim::run_results r = b.close();
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_NE(r.violations.front().find("application read"), std::string::npos) << r.violations.front();
}

// Frames the driver never saw must be exactly what the NIC counted.
TEST(PacketLedger, NicCountersMustCoverTheFramesThatVanished)
{
    for (uint64_t mpc : {0u, 1u, 2u}) {
        ledger_bench b;
        auto lost = udp_frame(0x22), kept = udp_frame(0x33);
        b.wire(0, lost);
        b.wire(1, kept);
        b.driver(kept);
        b.read(kept.data() + payload_off, 18);
        rxsim::nic_drop_counters nic;
        nic.mpc = mpc;
        rxsim::run_results r = b.close(nic);
        EXPECT_EQ(r.violations.empty(), mpc == 1) << "MPC " << mpc;
        EXPECT_EQ(rxsim::packets_accounted(r), mpc == 1) << "MPC " << mpc;
    }
}

// A frame still inside the NIC at the end is named, not lost.
TEST(PacketLedger, FramesLeftInTheNicAreCounted)
{
    ledger_bench b;
    b.wire(0, udp_frame(0x44));
    rxsim::run_results r = b.close();
    EXPECT_TRUE(r.violations.empty());
    EXPECT_TRUE(rxsim::packets_accounted(r));
    EXPECT_EQ(counter(r, "nic", "unprocessed_at_end"), 1u);
}

TEST(PacketLedger, DriverDropsAreNamed)
{
    ledger_bench b;
    auto f = udp_frame(0x55);
    b.wire(0, f);
    b.driver(f, E1000_RX_FRAME_ERROR);
    rxsim::run_results r = b.close();
    EXPECT_TRUE(rxsim::packets_accounted(r));
    EXPECT_EQ(counter(r, "driver", "frame_error"), 1u);
}

// A watched TCP stream: each read is compared with the bytes the flow's
// segments carried at its sequence numbers, across segment bounds; bytes no
// segment carried, or other bytes, are a violation.
TEST(PacketLedger, TcpStreamReadsAreComparedWithTheFlow)
{
    ledger_bench b;
    b.ledger.watch_stream(7, peer4, 40000, 5001);
    b.wire(0, tcp_frame(1000, "abcd"));
    b.wire(1, tcp_frame(1004, "efgh"));
    rx_recvinfo info{};
    info.sock_id = 7;
    info.seq = 1000;
    b.ledger.on_app_read(info, "abcdef", 6);
    info.seq = 1006;
    b.ledger.on_app_read(info, "gh", 2);
    {
        ledger_bench c;
        c.ledger.watch_stream(7, peer4, 40000, 5001);
        c.wire(0, tcp_frame(1000, "abcd"));
        info.seq = 1001;
        c.ledger.on_app_read(info, "bXd", 3);
        rxsim::run_results bad = c.close();
        ASSERT_EQ(bad.violations.size(), 1u);
        EXPECT_NE(bad.violations.front().find("TCP stream"), std::string::npos) << bad.violations.front();
    }
    info.seq = 1008; /* past what the flow carried */
    b.ledger.on_app_read(info, "ij", 2);
    rxsim::run_results r = b.close();
    EXPECT_EQ(r.payload_checked_tcp_reads, 2u);
    ASSERT_EQ(r.violations.size(), 1u);
    EXPECT_NE(r.violations.front().find("sequence number 1008"), std::string::npos) << r.violations.front();
}
