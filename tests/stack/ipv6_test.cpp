// IPv6 addresses and groups (addrconf.c), ip6_rcv_core's checks, and the
// dual-stack sockets (AF_INET6 taking IPv4 unless IPV6_V6ONLY).
#include <gtest/gtest.h>

#include <cstring>

#include "stack_harness.h"

using namespace frames;

namespace {
const uint8_t kAddr6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
const uint8_t kPeerAddr6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
const uint8_t kSolicited[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 1}; // of kAddr6
const uint8_t kAllNodes[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

bool on_list(const net_device *dev, std::initializer_list<uint8_t> mac)
{
	for (int i = 0; i < dev->mc_count; i++)
		if (!memcmp(dev->mc_addrs[i], std::data(mac), 6))
			return true;
	return false;
}

sock *socket6(Host &h, uint16_t port, int type = RX_SOCK_DGRAM)
{
	sock *sk = sock_create(h.n, RX_AF_INET6, type);
	rx_sockaddr a{};
	a.family = RX_AF_INET6;
	a.port = port;
	EXPECT_EQ(0, sock_bind(sk, &a));
	return sk;
}

uint32_t qlen(sock *sk)
{
	sock_stats s;
	sock_get_stats(sk, &s);
	return s.qlen;
}

Bytes frame6(const uint8_t dst_mac[6], const uint8_t dst[16], uint8_t next, const Bytes &l4)
{
	return eth(dst_mac, ETH_P_IPV6, ipv6(kPeerAddr6, dst, next, l4));
}
Bytes udp6_to(const uint8_t dst[16], const uint8_t mac[6] = kHostMac)
{
	return frame6(mac, dst, 17, udp6(kPeerAddr6, dst, 1, 9, payload(16)));
}
} // namespace

// ipv6_add_addr: the first address joins all-nodes, each its solicited-node
// group, on eth0's list as 33:33 + the group's low 32 bits (ipv6_eth_mc_map);
// an address sharing the low 24 bits shares the group. Refused as Linux
// refuses them: ::, multicast, ::1, a prefix over 128, an address held.
TEST(StackAddrconf, JoinsAllNodesAndSolicitedNode)
{
	Host h;
	EXPECT_EQ(0, h.eth0->mc_count);
	ASSERT_EQ(0, ipv6_add_addr(h.n, kAddr6, 64));
	EXPECT_TRUE(on_list(h.eth0, {0x33, 0x33, 0, 0, 0, 1}));
	EXPECT_TRUE(on_list(h.eth0, {0x33, 0x33, 0xff, 0, 0, 1}));
	EXPECT_EQ(2, h.eth0->mc_count);
	const uint8_t same_low24[16] = {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	ASSERT_EQ(0, ipv6_add_addr(h.n, same_low24, 128));
	EXPECT_EQ(2, h.eth0->mc_count);
	const uint8_t other[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd, 0xef};
	ASSERT_EQ(0, ipv6_add_addr(h.n, other, 64));
	EXPECT_TRUE(on_list(h.eth0, {0x33, 0x33, 0xff, 0xab, 0xcd, 0xef}));
	EXPECT_EQ(3, h.eth0->mc_count);

	const uint8_t any[16] = {}, loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	EXPECT_EQ(-1, ipv6_add_addr(h.n, any, 64));
	EXPECT_EQ(-1, ipv6_add_addr(h.n, kAllNodes, 64));
	EXPECT_EQ(-1, ipv6_add_addr(h.n, loopback, 128));
	EXPECT_EQ(-1, ipv6_add_addr(h.n, kPeerAddr6, 129));
	EXPECT_EQ(-1, ipv6_add_addr(h.n, kPeerAddr6, -1));
	EXPECT_EQ(-1, ipv6_add_addr(h.n, kAddr6, 64));
	EXPECT_EQ(3, h.eth0->mc_count);
}

// The destination: our address, or a group joined (ip6_mc_input frees the
// others without a reason); a unicast not ours is Ip6InAddrErrors. Without
// an address nothing is joined, all-nodes included.
TEST(StackIpv6, DestinationOursOrJoined)
{
	Host h;
	sock *sk = socket6(h, 9);
	const uint8_t mc_mac[6] = {0x33, 0x33, 0, 0, 0, 1};
	uint64_t before = h.rx(udp6_to(kAllNodes, mc_mac));
	EXPECT_EQ(SKB_DROP_REASON_NOT_SPECIFIED, h.fate(before)->reason);
	uint64_t to_us = h.rx(udp6_to(kAddr6));
	EXPECT_EQ(SKB_DROP_REASON_IP_INADDRERRORS, h.fate(to_us)->reason);
	EXPECT_EQ(1u, h.mib().ip6.InAddrErrors);

	ASSERT_EQ(0, ipv6_add_addr(h.n, kAddr6, 64));
	h.rx(udp6_to(kAddr6));
	h.rx(udp6_to(kAllNodes, mc_mac));
	const uint8_t sn_mac[6] = {0x33, 0x33, 0xff, 0, 0, 1};
	h.rx(udp6_to(kSolicited, sn_mac));
	EXPECT_EQ(3u, qlen(sk));
	const uint8_t other_group[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 9};
	uint64_t not_joined = h.rx(udp6_to(other_group, sn_mac));
	EXPECT_EQ(SKB_DROP_REASON_NOT_SPECIFIED, h.fate(not_joined)->reason);
	EXPECT_EQ(4u, h.mib().ip6.InMcastPkts); // counted before the check
	EXPECT_EQ(3u, h.mib().ip6.InDelivers);
	EXPECT_EQ(1u, h.mib().ip6.InAddrErrors);
	EXPECT_EQ(0u, h.mib().ip6.InHdrErrors);
}

// ip6_rcv_core: version, loopback either way, a multicast source,
// interface-local or reserved-scope multicast -> Ip6InHdrErrors; a routing
// header with segments left (no type handled) -> Ip6InHdrErrors and a
// parameter problem; hop-by-hop after another header -> unknown protocol.
TEST(StackIpv6, HeaderChecks)
{
	Host h;
	ASSERT_EQ(0, ipv6_add_addr(h.n, kAddr6, 64));
	socket6(h, 9);
	Bytes v4 = udp6_to(kAddr6);
	v4[14] = 0x40;
	EXPECT_EQ(SKB_DROP_REASON_UNHANDLED_PROTO, h.fate(h.rx(v4))->reason);
	const uint8_t loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	EXPECT_EQ(SKB_DROP_REASON_IP_INHDR, h.fate(h.rx(frame6(kHostMac, loopback, 17, Bytes(8))))->reason);
	Bytes from_lo = eth(kHostMac, ETH_P_IPV6, ipv6(loopback, kAddr6, 17, udp6(loopback, kAddr6, 1, 9, payload(4))));
	EXPECT_EQ(SKB_DROP_REASON_IP_INHDR, h.fate(h.rx(from_lo))->reason);
	Bytes from_mc = eth(kHostMac, ETH_P_IPV6, ipv6(kAllNodes, kAddr6, 17, udp6(kAllNodes, kAddr6, 1, 9, payload(4))));
	EXPECT_EQ(SKB_DROP_REASON_IP_INHDR, h.fate(h.rx(from_mc))->reason);
	const uint8_t if_local[16] = {0xff, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	const uint8_t scope0[16] = {0xff, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	const uint8_t mc_mac[6] = {0x33, 0x33, 0, 0, 0, 1};
	EXPECT_EQ(SKB_DROP_REASON_IP_INHDR, h.fate(h.rx(udp6_to(if_local, mc_mac)))->reason);
	EXPECT_EQ(SKB_DROP_REASON_IP_INHDR, h.fate(h.rx(udp6_to(scope0, mc_mac)))->reason);
	EXPECT_EQ(6u, h.mib().ip6.InHdrErrors);

	Bytes udp = udp6(kPeerAddr6, kAddr6, 1, 9, payload(8));
	Bytes rthdr = {17, 0, 4, 1, 0, 0, 0, 0}; // type 4, segments left 1
	uint64_t rt = h.rx(frame6(kHostMac, kAddr6, 43, cat(rthdr, udp)));
	EXPECT_EQ(SKB_DROP_REASON_IPV6_BAD_EXTHDR, h.fate(rt)->reason);
	EXPECT_EQ(7u, h.mib().ip6.InHdrErrors);
	EXPECT_EQ(1u, h.mib().icmp6.OutType[4]);
	Bytes rthdr_done = {17, 0, 4, 0, 0, 0, 0, 0}; // no segments left: skipped
	h.rx(frame6(kHostMac, kAddr6, 43, cat(rthdr_done, udp)));
	EXPECT_EQ(1u, h.mib().ip6.InDelivers);
	Bytes dst_then_hop = {0, 0, 1, 4, 0, 0, 0, 0, 17, 0, 1, 4, 0, 0, 0, 0};
	uint64_t hop = h.rx(frame6(kHostMac, kAddr6, 60, cat(dst_then_hop, udp)));
	EXPECT_EQ(SKB_DROP_REASON_IP_NOPROTO, h.fate(hop)->reason);
	EXPECT_EQ(1u, h.mib().ip6.InUnknownProtos);
	EXPECT_EQ(2u, h.mib().icmp6.OutType[4]);
}

// An AF_INET6 socket on [::] takes IPv4 too (net.ipv6.bindv6only = 0, the
// default): the sender as ::ffff:a.b.c.d, counted in Udp (not Udp6), and it
// holds the port for IPv4 (EADDRINUSE); IPV6_V6ONLY (bindv6only = 1)
// takes only IPv6 and leaves the port to an AF_INET socket.
TEST(StackSock, DualStackAndV6only)
{
	Host h;
	ASSERT_EQ(0, ipv6_add_addr(h.n, kAddr6, 64));
	sock *dual = socket6(h, 9);
	h.rx(udp_frame(4242, 9, payload(20)));
	h.rx(udp6_to(kAddr6));
	EXPECT_EQ(2u, qlen(dual));
	rx_recvinfo info{};
	EXPECT_EQ(payload(20), recv_one(dual, &info));
	const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 2};
	EXPECT_EQ(RX_AF_INET6, info.from.family);
	EXPECT_EQ(0, memcmp(mapped, info.from.addr6, 16));
	EXPECT_EQ(1u, h.mib().udp.InDatagrams);
	EXPECT_EQ(payload(16), recv_one(dual));
	EXPECT_EQ(1u, h.mib().udp6.InDatagrams);
	sock *v4 = sock_create(h.n, RX_AF_INET, RX_SOCK_DGRAM);
	rx_sockaddr a{};
	a.family = RX_AF_INET;
	a.port = 9;
	EXPECT_EQ(-RX_EADDRINUSE, sock_bind(v4, &a));

	net_sysctl(h.n)->bindv6only = 1;
	sock *only = socket6(h, 10);
	uint64_t refused = h.rx(udp_frame(4242, 10, payload(4)));
	EXPECT_EQ(SKB_DROP_REASON_NO_SOCKET, h.fate(refused)->reason);
	EXPECT_EQ(1u, h.mib().udp.NoPorts);
	a.port = 10;
	ASSERT_EQ(0, sock_bind(v4, &a));
	h.rx(udp_frame(4242, 10, payload(4)));
	EXPECT_EQ(1u, qlen(v4));
	EXPECT_EQ(0u, qlen(only));
}
