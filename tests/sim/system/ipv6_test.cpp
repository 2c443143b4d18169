// IPv6 end to end (--ip6, --udp6-port, --bindv6only, --tcp-flow to an IPv6
// peer) on rxsim-gen --ip6 traces: delivered payloads compared with their
// wire frames, the destination checks and their counters, the
// solicited-node group through the NIC's multicast filter, dual-stack
// sockets. Every run is clean (system_run.h: conservation, no violations).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "system_run.h"

namespace {

using json = nlohmann::json;
using systest::gen_trace;
using systest::run;

const std::string host6_opt = " --ip6 2001:db8::1/64";
const std::string gen6 = " --ip6 2001:db8::2,2001:db8::1";

uint64_t dropped6(const json &j, const std::string &counter) { return j["dropped"][counter].get<uint64_t>(); }
uint64_t snmp6(const json &j, const std::string &name) { return j["ipv6"][name].get<uint64_t>(); }

} // namespace

// UDP over IPv6 to an AF_INET6 receiver: every datagram read and compared
// with its frame's UDP payload; Ip6InReceives = Ip6InDelivers =
// Udp6InDatagrams. An IPv4 receiver (the default --udp-port 9000) does not
// take IPv6 (stack.no_socket, Udp6NoPorts); without --ip6 the host has no
// address (Ip6InAddrErrors).
TEST(SystemIpv6, UdpDeliveredAndPayloadChecked)
{
    const std::string trace = gen_trace("udp6.pcap", "-n 200 -s 300" + gen6);
    json j = run(trace, host6_opt + " --udp6-port 9000");
    EXPECT_EQ(j["delivered_to"]["app"], 200);
    EXPECT_EQ(j["payload_checked"]["socket_datagrams"], 200);
    EXPECT_EQ(j["payload_checked"]["socket_not_compared"], 0);
    EXPECT_EQ(snmp6(j, "Ip6InReceives"), 200u);
    EXPECT_EQ(snmp6(j, "Ip6InDelivers"), 200u);
    EXPECT_EQ(snmp6(j, "Udp6InDatagrams"), 200u);
    json v4_socket = run(trace, host6_opt);
    EXPECT_EQ(dropped6(v4_socket, "stack.no_socket"), 200u);
    EXPECT_EQ(snmp6(v4_socket, "Udp6NoPorts"), 200u);
    json no_addr = run(trace, "--udp6-port 9000");
    EXPECT_EQ(dropped6(no_addr, "stack.ip_inaddrerrors"), 200u);
    EXPECT_EQ(snmp6(no_addr, "Ip6InAddrErrors"), 200u);
}

// A destination address not the host's (the right MAC): not for us, and
// forwarding is off: Ip6InAddrErrors, stack.ip_inaddrerrors.
TEST(SystemIpv6, WrongDestinationAddressDropped)
{
    json j = run(gen_trace("udp6other.pcap", "-n 100 -s 128 --ip6 2001:db8::2,2001:db8::9"),
                 host6_opt + " --udp6-port 9000");
    EXPECT_EQ(dropped6(j, "stack.ip_inaddrerrors"), 100u);
    EXPECT_EQ(snmp6(j, "Ip6InAddrErrors"), 100u);
    EXPECT_EQ(snmp6(j, "Ip6InDelivers"), 0u);
    EXPECT_EQ(j["delivered_to"]["app"], 0);
}

// To the solicited-node group of 2001:db8::1 (ff02::1:ff00:1, MAC
// 33:33:ff:00:00:01): without --ip6 the NIC filters it (nothing joined, no
// MTA bit); --ip6 joins the group and the driver's e1000_set_rx_mode sets
// its MTA bit, so it is delivered; an address with other low 24 bits joins
// another group and the frames are filtered again; in promiscuous mode
// without the group the stack frees them (ip6_mc_input: no reason).
TEST(SystemIpv6, SolicitedNodeGroupThroughTheMulticastFilter)
{
    const std::string trace = gen_trace("udp6sn.pcap", "-n 100 -s 128 --multicast 1" + gen6);
    EXPECT_EQ(dropped6(run(trace, "--udp6-port 9000"), "mac.filtered"), 100u);
    json joined = run(trace, host6_opt + " --udp6-port 9000");
    EXPECT_EQ(joined["delivered_to"]["app"], 100);
    EXPECT_EQ(snmp6(joined, "Ip6InMcastPkts"), 100u);
    EXPECT_EQ(dropped6(run(trace, "--ip6 2001:db8::1:2/64 --udp6-port 9000"), "mac.filtered"), 100u);
    json promisc = run(trace, "--promisc --udp6-port 9000");
    EXPECT_EQ(dropped6(promisc, "stack.not_specified"), 100u);
    EXPECT_EQ(snmp6(promisc, "Ip6InMcastPkts"), 100u);
}

// Half the datagrams IPv4, half IPv6, to port 9000: a dual-stack AF_INET6
// receiver (bindv6only 0, Linux's default) reads them all, each compared
// with its frame; with --bindv6only it takes only the IPv6 ones and the
// IPv4 ones find no socket.
TEST(SystemIpv6, DualStackSocketTakesIpv4UnlessV6only)
{
    const std::string trace = gen_trace("udp46.pcap", "-n 200 -s 200 --ip6-fraction 0.5" + gen6);
    json dual = run(trace, host6_opt + " --udp6-port 9000");
    const uint64_t over6 = snmp6(dual, "Ip6InReceives");
    EXPECT_GT(over6, 50u);
    EXPECT_LT(over6, 150u);
    EXPECT_EQ(dual["delivered_to"]["app"], 200);
    EXPECT_EQ(dual["payload_checked"]["socket_datagrams"], 200);
    EXPECT_EQ(snmp6(dual, "Udp6InDatagrams"), over6);
    json only = run(trace, host6_opt + " --udp6-port 9000 --bindv6only");
    EXPECT_EQ(only["delivered_to"]["app"], over6);
    EXPECT_EQ(dropped6(only, "stack.no_socket"), 200u - over6);
}

// A TCP receiver connected to an IPv6 peer (--tcp-flow PORT:[ADDR]:PORT):
// the flow's segments read in order, every byte compared with the wire.
TEST(SystemIpv6, TcpFlowOverIpv6)
{
    json j = run(gen_trace("tcp6.pcap", "-n 200 -s 256 --rate 50k --tcp 1" + gen6),
                 host6_opt + " --tcp-flow 5001:[2001:db8::2]:40000");
    EXPECT_EQ(j["delivered_to"]["app"], 200);
    EXPECT_EQ(j["payload_checked"]["tcp_segments"], 200);
    EXPECT_GT(j["payload_checked"]["tcp_reads"].get<uint64_t>(), 0u);
    EXPECT_EQ(snmp6(j, "Ip6InDelivers"), 200u);
    json v4_peer = run(gen_trace("tcp6b.pcap", "-n 50 -s 256 --rate 50k --tcp 1" + gen6),
                       host6_opt + " --tcp-flow 5001:10.0.0.2:40000");
    EXPECT_EQ(dropped6(v4_peer, "stack.no_socket"), 50u);
}
