// Records of other link types become the expected Ethernet frames.
#include <gtest/gtest.h>

#include "eth_fcs.h"
#include "trace_fixture.h"

using namespace fixture;

namespace {

const Bytes nic = {2, 0, 0, 0, 0, 1};
const Bytes peer = {2, 0, 0, 0, 0, 2};
const Bytes other = {2, 0, 0, 0, 0, 3};
const Bytes bcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
const Bytes sender = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};

Bytes eth(const Bytes &dst, const Bytes &src, uint16_t type, const Bytes &payload)
{
    Bytes b = cat({dst, src, {uint8_t(type >> 8), uint8_t(type)}, payload});
    while (b.size() < 60)
        b.push_back(0);
    return b;
}

Bytes sll(uint16_t pkttype, uint16_t proto, const Bytes &payload)
{
    Bytes h = {uint8_t(pkttype >> 8), uint8_t(pkttype), 0, 1, 0, 6};
    h.insert(h.end(), sender.begin(), sender.end());
    h.insert(h.end(), {0, 0, uint8_t(proto >> 8), uint8_t(proto)});
    return cat({h, payload});
}

Bytes sll2(uint8_t pkttype, uint16_t proto, const Bytes &payload)
{
    Bytes h = {uint8_t(proto >> 8), uint8_t(proto), 0, 0, 0, 0, 0, 3, 0, 1, pkttype, 6};
    h.insert(h.end(), sender.begin(), sender.end());
    h.insert(h.end(), {0, 0});
    return cat({h, payload});
}

struct ConvCase {
    const char *name;
    uint32_t linktype;
    Bytes record;
    Bytes expected; // frame without FCS; empty = skipped
    uint64_t rxtrace_report_t::*skip_counter;
    rxtrace_linkkind_t kind;
};

std::vector<ConvCase> cases()
{
    Bytes v4 = ipv4_udp(40), v6 = ipv6_udp(4);
    Bytes v4_mcast = v4;
    v4_mcast[16] = 239, v4_mcast[17] = 129, v4_mcast[18] = 2, v4_mcast[19] = 3;
    return {
        {"raw_ipv4", LT_RAW, v4, eth(nic, peer, 0x0800, v4), nullptr, RXTRACE_LT_RAW_IP},
        {"raw_ipv6", LT_RAW, v6, eth(nic, peer, 0x86DD, v6), nullptr, RXTRACE_LT_RAW_IP},
        {"raw_unknown_version", LT_RAW, cat({{0x20}, v4}), {}, &rxtrace_report_t::skip_unknown_proto, RXTRACE_LT_RAW_IP},
        {"linktype_ipv4", LT_IPV4, v4, eth(nic, peer, 0x0800, v4), nullptr, RXTRACE_LT_RAW_IP},
        {"linktype_ipv6", LT_IPV6, v6, eth(nic, peer, 0x86DD, v6), nullptr, RXTRACE_LT_RAW_IP},
        {"null_little_endian_inet", LT_NULL, cat({{2, 0, 0, 0}, v4}), eth(nic, peer, 0x0800, v4), nullptr, RXTRACE_LT_NULL},
        {"null_big_endian_inet6_freebsd", LT_NULL, cat({{0, 0, 0, 28}, v6}), eth(nic, peer, 0x86DD, v6), nullptr, RXTRACE_LT_NULL},
        {"null_inet6_darwin", LT_NULL, cat({{30, 0, 0, 0}, v6}), eth(nic, peer, 0x86DD, v6), nullptr, RXTRACE_LT_NULL},
        {"null_unknown_family", LT_NULL, cat({{7, 0, 0, 0}, v4}), {}, &rxtrace_report_t::skip_unknown_proto, RXTRACE_LT_NULL},
        {"null_short", LT_NULL, {2, 0, 0}, {}, &rxtrace_report_t::skip_no_header, RXTRACE_LT_NULL},
        {"loop_big_endian", LT_LOOP, cat({{0, 0, 0, 2}, v4}), eth(nic, peer, 0x0800, v4), nullptr, RXTRACE_LT_NULL},
        {"loop_little_endian_is_not_inet", LT_LOOP, cat({{2, 0, 0, 0}, v4}), {}, &rxtrace_report_t::skip_unknown_proto, RXTRACE_LT_NULL},
        {"sll_host", LT_SLL, sll(0, 0x0800, v4), eth(nic, sender, 0x0800, v4), nullptr, RXTRACE_LT_SLL},
        {"sll_broadcast_arp", LT_SLL, sll(1, 0x0806, Bytes(28, 0xab)), eth(bcast, sender, 0x0806, Bytes(28, 0xab)), nullptr, RXTRACE_LT_SLL},
        {"sll_multicast_ipv4", LT_SLL, sll(2, 0x0800, v4_mcast), eth({0x01, 0x00, 0x5e, 0x01, 0x02, 0x03}, sender, 0x0800, v4_mcast), nullptr, RXTRACE_LT_SLL},
        {"sll_otherhost", LT_SLL, sll(3, 0x0800, v4), eth(other, sender, 0x0800, v4), nullptr, RXTRACE_LT_SLL},
        {"sll_outgoing", LT_SLL, sll(4, 0x0800, v4), {}, &rxtrace_report_t::skip_outgoing, RXTRACE_LT_SLL},
        {"sll_802_2_protocol", LT_SLL, sll(0, 0x0004, v4), {}, &rxtrace_report_t::skip_unknown_proto, RXTRACE_LT_SLL},
        {"sll_short", LT_SLL, Bytes(15, 0), {}, &rxtrace_report_t::skip_no_header, RXTRACE_LT_SLL},
        {"sll2_host_ipv6", LT_SLL2, sll2(0, 0x86DD, v6), eth(nic, sender, 0x86DD, v6), nullptr, RXTRACE_LT_SLL2},
        {"sll2_multicast_ipv6", LT_SLL2, sll2(2, 0x86DD, v6), eth({0x33, 0x33, 0xff, 0x00, 0x00, 0x01}, sender, 0x86DD, v6), nullptr, RXTRACE_LT_SLL2},
        {"sll2_outgoing", LT_SLL2, sll2(4, 0x0800, v4), {}, &rxtrace_report_t::skip_outgoing, RXTRACE_LT_SLL2},
        {"sll2_short", LT_SLL2, Bytes(19, 0), {}, &rxtrace_report_t::skip_no_header, RXTRACE_LT_SLL2},
    };
}

class TraceConversion : public testing::TestWithParam<ConvCase> {};

TEST_P(TraceConversion, GivesExpectedEthernetFrame)
{
    const ConvCase &c = GetParam();
    Replay r = replay(write_temp("conv.pcap", pcap(c.linktype, {{0, c.record}})));
    ASSERT_TRUE(r.opened) << r.error.message;
    EXPECT_EQ(r.last, 0) << r.error.message;
    EXPECT_EQ(r.report.records, 1u);
    if (c.expected.empty()) {
        EXPECT_EQ(r.frames.size(), 0u);
        EXPECT_EQ(r.report.*c.skip_counter, 1u);
        return;
    }
    ASSERT_EQ(r.frames.size(), 1u);
    Bytes expected = c.expected;
    expected.resize(expected.size() + 4);
    eth_fcs_append(expected.data(), c.expected.size());
    EXPECT_EQ(r.frames[0].bytes, expected);
    EXPECT_TRUE(r.frames[0].flags & RXTRACE_F_CONVERTED);
    EXPECT_EQ(r.report.by_link[c.kind], 1u);
}

INSTANTIATE_TEST_SUITE_P(Trace, TraceConversion, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<ConvCase> &i) { return i.param.name; });

TEST(TraceConversion, EthernetPassesThroughUnflagged)
{
    Bytes f = ether_ipv4(100);
    Replay r = replay(write_temp("eth.pcap", pcap(LT_ETHERNET, {{0, f}})));
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(Bytes(r.frames[0].bytes.begin(), r.frames[0].bytes.end() - 4), f);
    EXPECT_EQ(r.frames[0].flags & RXTRACE_F_CONVERTED, 0u);
    EXPECT_EQ(r.report.by_link[RXTRACE_LT_ETHERNET], 1u);
}

TEST(TraceConversion, SyntheticAddressesComeFromOptions)
{
    rxtrace_options_t o = defaults();
    const uint8_t local[6] = {0x0a, 1, 2, 3, 4, 5}, remote[6] = {0x0a, 9, 8, 7, 6, 5};
    memcpy(o.local_mac, local, 6);
    memcpy(o.peer_mac, remote, 6);
    Replay r = replay(write_temp("raw.pcap", pcap(LT_RAW, {{0, ipv4_udp(60)}})), o);
    ASSERT_EQ(r.frames.size(), 1u);
    EXPECT_EQ(Bytes(r.frames[0].bytes.begin(), r.frames[0].bytes.begin() + 12),
              cat({Bytes(local, local + 6), Bytes(remote, remote + 6)}));
}

} // namespace

