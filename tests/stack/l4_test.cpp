// UDP, TCP, ICMP, ARP, IPv6 and the socket API.
#include <gtest/gtest.h>

#include "stack_harness.h"

using namespace frames;

namespace {
sock_stats stats(sock *sk)
{
	sock_stats s;
	sock_get_stats(sk, &s);
	return s;
}
const uint8_t kHost6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
const uint8_t kPeer6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
}  // namespace

// UDP delivery: payload and source intact; InDatagrams counts datagrams the
// application received (udp_recvmsg), not those queued.
TEST(StackUdp, DeliveryAndInDatagramsOnRead)
{
	Host h;
	sock *sk = h.udp_socket(9);
	uint64_t id = h.rx(udp_frame(4242, 9, payload(100)));
	EXPECT_EQ(0u, h.mib().udp.InDatagrams);
	EXPECT_EQ(1u, h.mib().ip.InDelivers);
	rx_recvinfo info{};
	EXPECT_EQ(payload(100), recv_one(sk, &info));
	EXPECT_EQ(kPeerIp, info.from.addr4);
	EXPECT_EQ(4242, info.from.port);
	EXPECT_EQ(id, info.pkt_id);
	EXPECT_EQ(1u, h.mib().udp.InDatagrams);
	EXPECT_EQ(SKB_FATE_READ, h.fate(id)->fate);
	EXPECT_EQ(stats(sk).id, h.fate(id)->sock_id);
	Bytes b(4);
	EXPECT_EQ(-RX_EAGAIN, sock_recv(sk, b.data(), 4, nullptr));
	// A short buffer truncates the datagram; the rest is discarded.
	h.rx(udp_frame(4242, 9, payload(100)));
	EXPECT_EQ(4, sock_recv(sk, b.data(), 4, &info));
	EXPECT_EQ(100u, info.full_len);
	EXPECT_EQ(0u, stats(sk).qlen);
	EXPECT_EQ(0u, stats(sk).rmem_alloc);
}

// No socket: NoPorts and an ICMP port unreachable; InDelivers still counts
// (the UDP handler took it).
TEST(StackUdp, NoPorts)
{
	Host h;
	uint64_t id = h.rx(udp_frame(1, 7777, payload(8)));
	EXPECT_EQ(1u, h.mib().udp.NoPorts);
	EXPECT_EQ(0u, h.mib().udp.InErrors);
	EXPECT_EQ(1u, h.mib().icmp.OutType[3]);
	EXPECT_EQ(1u, h.mib().ip.InDelivers);
	EXPECT_EQ(SKB_DROP_REASON_NO_SOCKET, h.fate(id)->reason);
	// Broadcast with no listener is IgnoredMulti, not NoPorts.
	static const uint8_t bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	h.rx(eth(bc, ETH_P_IP, ipv4(kPeerIp, 0xffffffff, 17, udp4(kPeerIp, 0xffffffff, 1, 7777, payload(8)))));
	EXPECT_EQ(1u, h.mib().udp.NoPorts);
	EXPECT_EQ(1u, h.mib().udp.IgnoredMulti);
}

// Checksum: a bad sum moves InCsumErrors and InErrors; hardware
// CHECKSUM_UNNECESSARY skips it; a zero sum means "none" over IPv4.
TEST(StackUdp, Checksum)
{
	Host h;
	sock *sk = h.udp_socket(9);
	Bytes u = udp4(kPeerIp, kHostIp, 1, 9, payload(30));
	u[8] ^= 0x55;
	uint64_t bad = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 17, u)));
	EXPECT_EQ(SKB_DROP_REASON_UDP_CSUM, h.fate(bad)->reason);
	EXPECT_EQ(1u, h.mib().udp.InCsumErrors);
	EXPECT_EQ(1u, h.mib().udp.InErrors);
	h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 17, u)), CHECKSUM_UNNECESSARY);
	EXPECT_EQ(1u, stats(sk).qlen);
	u[6] = u[7] = 0;
	h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 17, u)));
	EXPECT_EQ(2u, stats(sk).qlen);
	EXPECT_EQ(1u, h.mib().udp.InCsumErrors);
}

// Length: uh->len above the IP payload or below 8 -> InErrors, PKT_TOO_SMALL.
TEST(StackUdp, BadLength)
{
	Host h;
	h.udp_socket(9);
	Bytes u = udp4(kPeerIp, kHostIp, 1, 9, payload(30));
	u[5] = 200;
	uint64_t a = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 17, u)));
	u[5] = 7;
	uint64_t b = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 17, u)));
	uint64_t c = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 17, Bytes(5, 0))));
	for (uint64_t id : {a, b, c})
		EXPECT_EQ(SKB_DROP_REASON_PKT_TOO_SMALL, h.fate(id)->reason);
	EXPECT_EQ(3u, h.mib().udp.InErrors);
}

// __udp_enqueue_schedule_skb: refused once rmem_alloc > sk_rcvbuf, so with
// truesize T the queue takes floor(rcvbuf / T) + 1 skbs.  Driver buffers of
// 2048 B: T = SKB_DATA_ALIGN(2048 + 66) + 256 + 320 = 2752; 212992 / 2752
// = 77.4 -> 78 queued, the other 22 are RcvbufErrors (and InErrors).
TEST(StackUdp, RcvbufOverflow)
{
	Host h;
	sock *sk = h.udp_socket(9);
	for (int i = 0; i < 100; i++)
		h.rx(udp_frame(1, 9, payload(22)));
	sock_stats s = stats(sk);
	EXPECT_EQ(212992u, s.rcvbuf);
	EXPECT_EQ(78u, s.qlen);
	EXPECT_EQ(78u * 2752u, s.rmem_alloc);
	EXPECT_EQ(22u, s.drops);
	EXPECT_EQ(22u, h.mib().udp.RcvbufErrors);
	EXPECT_EQ(22u, h.mib().udp.InErrors);
	EXPECT_EQ(22u, h.drops(SKB_DROP_REASON_SOCKET_RCVBUFF));
	// Reading makes room again.
	recv_one(sk);
	recv_one(sk);
	h.rx(udp_frame(1, 9, payload(22)));
	EXPECT_EQ(77u, stats(sk).qlen);
	EXPECT_EQ(22u, h.mib().udp.RcvbufErrors);
}

// Lookup: exact 4-tuple first, then a socket bound to the address, then one
// bound to any address.
TEST(StackSock, LookupPrefersExactThenBoundThenWildcard)
{
	Host h;
	sock *any = h.udp_socket(5000);
	sock *conn = h.udp_socket(5000, kHostIp);
	rx_sockaddr peer{};
	peer.family = RX_AF_INET;
	peer.addr4 = kPeerIp;
	peer.port = 6000;
	ASSERT_EQ(0, sock_connect(conn, &peer));
	h.rx(udp_frame(6000, 5000, payload(1)));
	h.rx(udp_frame(6001, 5000, payload(2)));
	EXPECT_EQ(1u, stats(conn).qlen);
	EXPECT_EQ(1u, stats(any).qlen);
	sock *bound = h.udp_socket(5000, kHostIp);  // no clash: conn is connected
	h.rx(udp_frame(6001, 5000, payload(3)));
	EXPECT_EQ(1u, stats(bound).qlen);
	EXPECT_EQ(1u, stats(any).qlen);
	sock *dup = sock_create(h.n, RX_AF_INET, RX_SOCK_DGRAM);
	rx_sockaddr a{};
	a.family = RX_AF_INET;
	a.port = 5000;
	EXPECT_EQ(-RX_EADDRINUSE, sock_bind(dup, &a));
	sock_close(dup);
	sock_close(bound);
	h.rx(udp_frame(6001, 5000, payload(4)));
	EXPECT_EQ(2u, stats(any).qlen);
}

// A blocked reader is woken once through the platform (sk_data_ready);
// recv_batch returns what is there.
TEST(StackSock, BlockedReaderWokenAndBatch)
{
	Host h;
	sock *sk = h.udp_socket(9);
	EXPECT_FALSE(sock_wait(sk));
	for (int i = 0; i < 5; i++)
		h.rx(udp_frame(1, 9, payload(10, uint8_t(i))));
	EXPECT_EQ(std::vector<sock *>{sk}, h.plat.woken_readers);
	EXPECT_TRUE(sock_wait(sk));
	std::vector<Bytes> bufs(8, Bytes(64));
	rx_mmsghdr msgs[8] = {};
	for (int i = 0; i < 8; i++) {
		msgs[i].buf = bufs[size_t(i)].data();
		msgs[i].size = 64;
	}
	EXPECT_EQ(5, sock_recv_batch(sk, msgs, 8));
	EXPECT_EQ(10u, msgs[4].len);
	EXPECT_EQ(payload(10, 4), Bytes(bufs[4].begin(), bufs[4].begin() + 10));
	EXPECT_EQ(-RX_EAGAIN, sock_recv_batch(sk, msgs, 8));
	EXPECT_EQ(5u, h.mib().udp.InDatagrams);
	// Closing drops what is queued with SOCKET_CLOSE.
	h.rx(udp_frame(1, 9, payload(10)));
	sock_close(sk);
	EXPECT_EQ(1u, h.drops(SKB_DROP_REASON_SOCKET_CLOSE));
}

// TCP: in-order payload to the connected socket; a gap is dropped
// (no out-of-order queue), old data dropped, a partial overlap trimmed.
TEST(StackTcp, InOrderDelivery)
{
	Host h;
	sock *sk = sock_create(h.n, RX_AF_INET, RX_SOCK_STREAM);
	rx_sockaddr a{};
	a.family = RX_AF_INET;
	a.port = 80;
	ASSERT_EQ(0, sock_bind(sk, &a));
	rx_sockaddr peer{};
	peer.family = RX_AF_INET;
	peer.addr4 = kPeerIp;
	peer.port = 3333;
	ASSERT_EQ(0, sock_connect(sk, &peer));
	auto seg = [&](uint32_t seq, uint8_t flags, const Bytes &d) {
		return h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 6, tcp4(kPeerIp, kHostIp, 3333, 80, seq, flags, d))));
	};
	uint64_t syn = seg(1000, 0x02, {});
	seg(1001, 0x10, payload(100));
	seg(1101, 0x18, payload(50, 100));
	uint64_t gap = seg(1300, 0x10, payload(10));
	uint64_t old = seg(1001, 0x10, payload(100));
	seg(1141, 0x10, payload(20, 140));  // 10 old bytes, 10 new
	EXPECT_EQ(SKB_FATE_CONSUMED, h.fate(syn)->fate);
	EXPECT_EQ(SKB_DROP_REASON_TCP_OFO_DROP, h.fate(gap)->reason);
	EXPECT_EQ(SKB_DROP_REASON_TCP_OLD_DATA, h.fate(old)->reason);
	EXPECT_EQ(1161u, stats(sk).rcv_nxt);
	Bytes all(500);
	int n = sock_recv(sk, all.data(), 500, nullptr);
	ASSERT_EQ(160, n);
	Bytes p3 = payload(20, 140);
	Bytes want = cat(cat(payload(100), payload(50, 100)), Bytes(p3.begin() + 10, p3.end()));
	EXPECT_EQ(want, Bytes(all.begin(), all.begin() + n));
	EXPECT_EQ(6u, h.mib().tcp.InSegs);
	EXPECT_EQ(0u, h.mib().tcp.InErrs);
}

// TCP errors: no socket -> reset (OutRsts); bad checksum -> InCsumErrors
// and InErrs; data offset below 5 -> InErrs.
TEST(StackTcp, NoSocketChecksumAndBadOffset)
{
	Host h;
	uint64_t a = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 6, tcp4(kPeerIp, kHostIp, 1, 81, 5, 0x10, payload(4)))));
	EXPECT_EQ(SKB_DROP_REASON_NO_SOCKET, h.fate(a)->reason);
	EXPECT_EQ(1u, h.mib().tcp.OutRsts);
	Bytes t = tcp4(kPeerIp, kHostIp, 1, 81, 5, 0x10, payload(4));
	t[20] ^= 1;
	uint64_t b = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 6, t)));
	EXPECT_EQ(SKB_DROP_REASON_TCP_CSUM, h.fate(b)->reason);
	EXPECT_EQ(1u, h.mib().tcp.InCsumErrors);
	t[20] ^= 1;
	t[12] = 4 << 4;
	uint64_t c = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 6, t)));
	EXPECT_EQ(SKB_DROP_REASON_PKT_TOO_SMALL, h.fate(c)->reason);
	EXPECT_EQ(2u, h.mib().tcp.InErrs);
	EXPECT_EQ(3u, h.mib().tcp.InSegs);
}

// ICMP: counted by type; echo request answered (OutType[0]); bad checksum
// -> InCsumErrors + InErrors; echo to broadcast ignored by default.
TEST(StackIcmp, EchoChecksumBroadcast)
{
	Host h;
	uint64_t e = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 1, icmp4(8, 0, payload(56)))));
	EXPECT_EQ(SKB_FATE_CONSUMED, h.fate(e)->fate);
	EXPECT_EQ(1u, h.mib().icmp.InType[8]);
	EXPECT_EQ(1u, h.mib().icmp.OutType[0]);
	Bytes bad = icmp4(8, 0, payload(56));
	bad[9] ^= 1;
	uint64_t c = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 1, bad)));
	EXPECT_EQ(SKB_DROP_REASON_ICMP_CSUM, h.fate(c)->reason);
	static const uint8_t bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	uint64_t b = h.rx(eth(bc, ETH_P_IP, ipv4(kPeerIp, 0xffffffff, 1, icmp4(8, 0, payload(8)))));
	EXPECT_EQ(SKB_DROP_REASON_INVALID_PROTO, h.fate(b)->reason);
	const icmp_mib &m = h.mib().icmp;
	EXPECT_EQ(3u, m.InMsgs);
	EXPECT_EQ(1u, m.InCsumErrors);
	EXPECT_EQ(2u, m.InErrors);
	EXPECT_EQ(2u, m.InType[8]);
	EXPECT_EQ(3u, h.mib().ip.InDelivers);
}

// ARP: a request for our address is answered (on paper) and consumed; a
// truncated one is dropped.
TEST(StackArp, RequestAndTruncated)
{
	Host h;
	static const uint8_t bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	uint64_t r = h.rx(eth(bc, ETH_P_ARP, arp_request(kPeerIp, kHostIp)));
	h.rx(eth(bc, ETH_P_ARP, arp_request(kPeerIp, 0x0A000077)));
	uint64_t t = h.rx(eth(bc, ETH_P_ARP, Bytes(6, 0)));
	EXPECT_EQ(SKB_FATE_CONSUMED, h.fate(r)->fate);
	EXPECT_EQ(SKB_DROP_REASON_PKT_TOO_SMALL, h.fate(t)->reason);
	EXPECT_EQ(2u, h.mib().arp.InRequests);
	EXPECT_EQ(1u, h.mib().arp.OutReplies);
	EXPECT_EQ(1u, h.mib().arp.InErrors);
}

// IPv6: UDP to a v6 socket through hop-by-hop and destination options;
// bad extension header, fragment header (not reassembled), truncation,
// zero UDP checksum, ICMPv6 echo.
TEST(StackIpv6, DeliveryAndChecks)
{
	Host h;
	ASSERT_EQ(0, ipv6_addr_add(h.n, kHost6));
	sock *sk = sock_create(h.n, RX_AF_INET6, RX_SOCK_DGRAM);
	rx_sockaddr a{};
	a.family = RX_AF_INET6;
	a.port = 9;
	ASSERT_EQ(0, sock_bind(sk, &a));
	auto frame6 = [&](uint8_t next, const Bytes &p) { return eth(kHostMac, ETH_P_IPV6, ipv6(kPeer6, kHost6, next, p)); };
	Bytes udp = udp6(kPeer6, kHost6, 1, 9, payload(40));
	h.rx(frame6(17, udp));
	// hop-by-hop (8 bytes) -> destination options (16 bytes) -> UDP
	Bytes ext = {60, 0, 1, 4, 0, 0, 0, 0, 17, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	h.rx(frame6(0, cat(ext, udp)));
	EXPECT_EQ(payload(40), recv_one(sk));
	rx_recvinfo info{};
	EXPECT_EQ(payload(40), recv_one(sk, &info));
	EXPECT_EQ(0, memcmp(kPeer6, info.from.addr6, 16));
	EXPECT_EQ(2u, h.mib().udp6.InDatagrams);
	EXPECT_EQ(2u, h.mib().ip6.InDelivers);

	Bytes badext = {17, 200, 0, 0, 0, 0, 0, 0};  // claims 1608 bytes
	uint64_t be = h.rx(frame6(60, badext));
	EXPECT_EQ(SKB_DROP_REASON_IPV6_BAD_EXTHDR, h.fate(be)->reason);
	uint64_t fr = h.rx(frame6(44, Bytes{17, 0, 0, 1, 0, 0, 0, 7}));
	EXPECT_EQ(SKB_DROP_REASON_IPV6_FRAG, h.fate(fr)->reason);
	EXPECT_EQ(1u, h.mib().ip6.ReasmReqds);
	Bytes trunc = frame6(17, udp);
	trunc.resize(trunc.size() - 10);
	uint64_t tr = h.rx(trunc);
	EXPECT_EQ(SKB_DROP_REASON_PKT_TOO_SMALL, h.fate(tr)->reason);
	EXPECT_EQ(1u, h.mib().ip6.InTruncatedPkts);
	uint64_t z = h.rx(frame6(17, udp6(kPeer6, kHost6, 1, 9, payload(4), true)));
	EXPECT_EQ(SKB_DROP_REASON_UDP_CSUM, h.fate(z)->reason);
	EXPECT_EQ(1u, h.mib().udp6.InCsumErrors);
	h.rx(frame6(58, icmp6(kPeer6, kHost6, 128, payload(8))));
	EXPECT_EQ(1u, h.mib().icmp6.InType[128]);
	EXPECT_EQ(1u, h.mib().icmp6.OutType[129]);
	static const uint8_t other6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};
	uint64_t na = h.rx(eth(kHostMac, ETH_P_IPV6, ipv6(kPeer6, other6, 17, udp6(kPeer6, other6, 1, 9, payload(4)))));
	EXPECT_EQ(SKB_DROP_REASON_IP_INADDRERRORS, h.fate(na)->reason);
	EXPECT_EQ(1u, h.mib().ip6.InHdrErrors);
	EXPECT_EQ(1u, h.mib().ip6.InAddrErrors);
	EXPECT_EQ(8u, h.mib().ip6.InReceives);
}

// A socket closed while a delivery that already found it is in flight (the
// platform ran the application inside a charge): the skb is dropped as
// SOCKET_CLOSE, nothing is queued on the dead socket, nothing leaks.
TEST(StackSock, CloseDuringDelivery)
{
	Host h;
	sock *sk = h.udp_socket(9);
	h.plat.on_charge = [&](rx_cost item) {
		if (item == RX_COST_SOCK_QUEUE_RCV_SKB) {
			h.plat.on_charge = nullptr;
			sock_close(sk);
		}
	};
	uint64_t id = h.rx(udp_frame(1, 9, payload(8)));
	EXPECT_EQ(SKB_DROP_REASON_SOCKET_CLOSE, h.fate(id)->reason);
	EXPECT_EQ(0u, h.mib().udp.RcvbufErrors);
	uint64_t later = h.rx(udp_frame(1, 9, payload(8)));
	EXPECT_EQ(SKB_DROP_REASON_NO_SOCKET, h.fate(later)->reason);
	sock_create(h.n, RX_AF_INET, RX_SOCK_DGRAM);  // never bound: net_free frees it
	net_flush(h.n);
	EXPECT_TRUE(net_check_conservation(h.n, nullptr));
}
