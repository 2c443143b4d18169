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

// A connected TCP socket on port 80 from the peer's port 3333, and its
// segments: stream(off, n) is the flow's bytes from offset off, the same
// whichever segment carries them.
struct TcpFlow {
	Host h;
	sock *sk = nullptr;
	explicit TcpFlow(uint32_t rcvbuf = 0)
	{
		sk = sock_create(h.n, RX_AF_INET, RX_SOCK_STREAM);
		rx_sockaddr a{};
		a.family = RX_AF_INET;
		a.port = 80;
		EXPECT_EQ(0, sock_bind(sk, &a));
		rx_sockaddr peer{};
		peer.family = RX_AF_INET;
		peer.addr4 = kPeerIp;
		peer.port = 3333;
		EXPECT_EQ(0, sock_connect(sk, &peer));
		if (rcvbuf)
			sock_set_rcvbuf(sk, rcvbuf);
	}
	static Bytes stream(uint32_t off, size_t n) { return payload(n, uint8_t(7 * off)); }
	uint64_t seg(uint32_t seq, uint8_t flags, const Bytes &d)
	{
		return h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 6, tcp4(kPeerIp, kHostIp, 3333, 80, seq, flags, d))));
	}
	// Data segment of the stream that starts at sequence number 1001.
	uint64_t data(uint32_t seq, size_t n) { return seg(seq, 0x10, stream(seq - 1001, n)); }
	Bytes read_all()
	{
		Bytes all(1 << 16);
		int n = sock_recv(sk, all.data(), uint32_t(all.size()), nullptr);
		return Bytes(all.begin(), all.begin() + (n > 0 ? n : 0));
	}
	const tcp_mib &mib() const { return h.mib().tcp; }
};

// TCP: in-order payload to the connected socket; old data dropped, a
// partial overlap trimmed, a segment beyond a hole held out of order.
TEST(StackTcp, InOrderDelivery)
{
	TcpFlow f;
	uint64_t syn = f.seg(1000, 0x02, {});
	f.data(1001, 100);
	f.data(1101, 50);
	f.data(1300, 10); /* beyond rcv_nxt: out of order */
	uint64_t old = f.data(1001, 100);
	f.data(1141, 20); /* 10 old bytes, 10 new */
	EXPECT_EQ(SKB_FATE_CONSUMED, f.h.fate(syn)->fate);
	EXPECT_EQ(SKB_DROP_REASON_TCP_OLD_DATA, f.h.fate(old)->reason);
	EXPECT_EQ(1161u, stats(f.sk).rcv_nxt);
	EXPECT_EQ(1u, f.mib().TCPOFOQueue);
	EXPECT_EQ(TcpFlow::stream(0, 160), f.read_all());
	EXPECT_EQ(6u, f.h.mib().tcp.InSegs);
	EXPECT_EQ(0u, f.h.mib().tcp.InErrs);
}

// tcp_data_queue_ofo / tcp_ofo_queue: segments after a hole wait in seq
// order, whatever order they came in, and follow the one that fills it; the
// queue is charged to the socket meanwhile.
TEST(StackTcp, OutOfOrderQueueDeliversWhenTheHoleFills)
{
	TcpFlow f;
	f.data(1001, 100);
	const uint32_t charged = stats(f.sk).rmem_alloc;
	uint64_t late[] = {f.data(1401, 100), f.data(1201, 100), f.data(1301, 100)};
	EXPECT_EQ(1101u, stats(f.sk).rcv_nxt);
	EXPECT_EQ(1u, stats(f.sk).qlen);
	EXPECT_EQ(4 * charged, stats(f.sk).rmem_alloc);
	EXPECT_EQ(3u, f.mib().TCPOFOQueue);
	EXPECT_EQ(3u, f.mib().ofo_max_segs);
	EXPECT_EQ(3 * charged, f.mib().ofo_max_bytes);
	f.data(1101, 100);
	EXPECT_EQ(1501u, stats(f.sk).rcv_nxt);
	EXPECT_EQ(5u, stats(f.sk).qlen);
	EXPECT_EQ(TcpFlow::stream(0, 500), f.read_all());
	for (uint64_t id : late)
		EXPECT_EQ(SKB_FATE_READ, f.h.fate(id)->fate);
	EXPECT_EQ(0u, stats(f.sk).rmem_alloc);
}

// Overlaps as tcp_data_queue_ofo handles them: a segment the queue already
// holds whole is dropped (TCP_OFOMERGE), one covering a queued segment from
// the same seq replaces it, queued segments a new one covers are dropped
// (merge_right), a partial overlap is kept; what is below rcv_nxt when the
// hole fills is TCP_OFO_DROP, the overlapping part trimmed.
TEST(StackTcp, OutOfOrderOverlaps)
{
	TcpFlow f;
	f.data(1001, 100);
	uint64_t a = f.data(1201, 100);
	uint64_t dup = f.data(1201, 100);
	uint64_t inside = f.data(1221, 30);
	uint64_t wider = f.data(1201, 200); /* replaces a */
	uint64_t cover = f.data(1151, 300); /* covers wider: merge_right drops it */
	f.data(1421, 60);                    /* partial overlap with cover: kept */
	EXPECT_EQ(SKB_DROP_REASON_TCP_OFOMERGE, f.h.fate(dup)->reason);
	EXPECT_EQ(SKB_DROP_REASON_TCP_OFOMERGE, f.h.fate(inside)->reason);
	EXPECT_EQ(SKB_DROP_REASON_TCP_OFOMERGE, f.h.fate(a)->reason);
	EXPECT_EQ(SKB_DROP_REASON_TCP_OFOMERGE, f.h.fate(wider)->reason);
	EXPECT_EQ(4u, f.mib().TCPOFOMerge);
	EXPECT_EQ(2u, f.mib().ofo_max_segs);
	f.data(1101, 360); /* fills the hole and more: cover is now old */
	EXPECT_EQ(1481u, stats(f.sk).rcv_nxt);
	EXPECT_EQ(SKB_DROP_REASON_TCP_OFO_DROP, f.h.fate(cover)->reason);
	EXPECT_EQ(TcpFlow::stream(0, 480), f.read_all());
}

// Receive memory (tcp_try_rmem_schedule): over sk_rcvbuf an out-of-order
// segment is refused (PROTO_MEM, TCPOFODrop); the segment that fills the
// hole prunes the queue's tail (TCP_OFO_QUEUE_PRUNE, OfoPruned) to get in.
TEST(StackTcp, OutOfOrderQueueWithinRcvbuf)
{
	TcpFlow f(3000);
	f.h.alloc_len = 256;
	f.data(1001, 100);
	const uint32_t one = stats(f.sk).rmem_alloc;
	ASSERT_LT(one, 3000u);
	std::vector<uint64_t> held;
	for (uint32_t seq = 1201; stats(f.sk).rmem_alloc <= 3000; seq += 100)
		held.push_back(f.data(seq, 100));
	uint64_t refused = f.data(1201 + 100 * uint32_t(held.size()), 100);
	EXPECT_EQ(SKB_DROP_REASON_PROTO_MEM, f.h.fate(refused)->reason);
	EXPECT_EQ(1u, f.mib().TCPOFODrop);
	f.data(1101, 100);
	EXPECT_EQ(1u, f.mib().OfoPruned);
	EXPECT_GT(f.h.drops(SKB_DROP_REASON_TCP_OFO_QUEUE_PRUNE), 0u);
	EXPECT_EQ(SKB_DROP_REASON_TCP_OFO_QUEUE_PRUNE, f.h.fate(held.back())->reason);
	/* the tail was pruned; the head followed the filled hole */
	EXPECT_EQ(Bytes(TcpFlow::stream(0, 400)), f.read_all());
	EXPECT_EQ(SKB_FATE_READ, f.h.fate(held.front())->fate);
}

// What never got past its hole ends as OFO_QUEUED at teardown; pure ACKs
// beyond rcv_nxt take no sequence space and are consumed; a FIN in order
// ends the stream and throws the out-of-order queue away (tcp_fin).
TEST(StackTcp, OutOfOrderQueueAtTeardownAckAndFin)
{
	TcpFlow f;
	f.data(1001, 100);
	uint64_t ack = f.seg(1501, 0x10, {});
	EXPECT_EQ(SKB_FATE_CONSUMED, f.h.fate(ack)->fate);
	uint64_t waiting = f.data(1301, 100);
	net_flush(f.h.n);
	EXPECT_EQ(SKB_FATE_OFO_QUEUED, f.h.fate(waiting)->fate);

	TcpFlow g;
	g.data(1001, 100);
	uint64_t after_fin = g.data(1301, 100);
	g.seg(1101, 0x11, {}); /* FIN|ACK at rcv_nxt */
	EXPECT_EQ(1102u, stats(g.sk).rcv_nxt);
	EXPECT_EQ(SKB_DROP_REASON_NOT_SPECIFIED, g.h.fate(after_fin)->reason);
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
	ASSERT_EQ(0, ipv6_add_addr(h.n, kHost6, 64));
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
