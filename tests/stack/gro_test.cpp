// GRO's merge rules (Linux 6.6: net/core/gro.c dev_gro_receive,
// net/ipv4/af_inet.c inet_gro_receive, net/ipv4/tcp_offload.c
// tcp_gro_receive) through a fake NAPI driver: what merges, what ends a
// super-packet, and what the socket then reads.
#include <gtest/gtest.h>

#include "stack_harness.h"

using namespace frames;

namespace {

constexpr uint32_t kIsn = 1000; // the peer's first data byte is kIsn

// Byte k of the flow (k from 0).
Bytes stream(uint32_t off, size_t n)
{
	Bytes b(n);
	for (size_t i = 0; i < n; i++)
		b[i] = uint8_t((off + i) * 13 + 5);
	return b;
}

struct Seg {
	uint32_t off = 0;     // stream offset of the first byte
	size_t len = 1000;
	uint8_t flags = 0x10; // ACK
	uint16_t id = 0;      // IP ID (0: the segment's index + 1)
	uint16_t frag = 0;    // DF etc.
	uint16_t sport = 3333;
	uint8_t ttl = 64;
};

// A connected TCP socket on port 80 from the peer's port 3333, fed through
// a FakeDriver's poll (napi_gro_receive).
struct GroFlow {
	Host h;
	FakeDriver d{h, h.eth0, 64};
	sock *sk = nullptr;
	int n = 0;
	GroFlow()
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
		sock_set_rcvbuf(sk, 1u << 24);
	}
	void add(Seg s)
	{
		n++;
		Bytes t = tcp4(kPeerIp, kHostIp, s.sport, 80, kIsn + s.off, s.flags, stream(s.off, s.len));
		Ip4Opts o;
		o.id = s.id ? s.id : uint16_t(n);
		o.frag = s.frag;
		Bytes ip = ipv4(kPeerIp, kHostIp, 6, t, o);
		if (s.ttl != 64) { // TTL and the header checksum again
			ip[8] = s.ttl;
			ip[10] = ip[11] = 0;
			uint32_t sum = 0;
			for (int i = 0; i < 20; i += 2)
				sum += uint32_t(ip[size_t(i)] << 8 | ip[size_t(i + 1)]);
			while (sum >> 16)
				sum = (sum & 0xffff) + (sum >> 16);
			ip[10] = uint8_t(~sum >> 8);
			ip[11] = uint8_t(~sum);
		}
		d.ring.push_back(ip_frame(ip));
	}
	// n in-order segments of len bytes from stream offset `from`.
	void run_of(int count, size_t len = 1000, uint32_t from = 0)
	{
		for (int i = 0; i < count; i++)
			add({from + uint32_t(i * len), len});
	}
	// The interrupt and the softirq it raises: polls until the ring is empty.
	void poll()
	{
		hard_irq(h, [&] { d.interrupt(); });
	}
	Bytes read_all()
	{
		Bytes all(1 << 20);
		int got = sock_recv(sk, all.data(), uint32_t(all.size()), nullptr);
		return Bytes(all.begin(), all.begin() + (got > 0 ? got : 0));
	}
	const napi_gro_stats &gro() const { return d.napi.gro; }
	uint64_t in_segs() const { return h.mib().tcp.InSegs; }
	uint64_t ip_in() const { return h.mib().ip.InReceives; }
	void expect_conserved()
	{
		net_flush(h.n);
		net_conservation c;
		EXPECT_TRUE(net_check_conservation(h.n, &c));
		EXPECT_EQ(0u, c.live);
	}
};

} // namespace

// In order, same flags, no PSH: one super-packet for the poll, sent up at
// napi_complete_done; ip_rcv and tcp_v4_rcv run once, InSegs counts all 10
// (tcp_v4_rcv adds gso_segs), and the reader gets the flow's bytes.
TEST(StackGro, InOrderSegmentsMergeIntoOneSuperPacket)
{
	GroFlow f;
	f.run_of(10);
	f.poll();
	EXPECT_EQ(9u, f.gro().merged);
	EXPECT_EQ(1u, f.gro().flushed);
	EXPECT_EQ(1u, f.gro().super_packets);
	EXPECT_EQ(10u, f.gro().max_segs);
	EXPECT_EQ(1u, f.gro().flush_poll);
	EXPECT_EQ(1u, f.h.plat.charges[RX_COST_IP_RCV]);
	EXPECT_EQ(1u, f.h.plat.charges[RX_COST_TCP_V4_RCV]);
	EXPECT_EQ(10u, f.h.plat.charges[RX_COST_GRO_RECEIVE]);
	EXPECT_EQ(1u, f.ip_in());
	EXPECT_EQ(10u, f.in_segs());
	EXPECT_EQ(stream(0, 10000), f.read_all());
	f.expect_conserved();
}

// Every segment keeps its own fate: read, merged into the first one's id.
TEST(StackGro, EachSegmentEndsWithItsSuperPacket)
{
	GroFlow f;
	f.h.plat.cost_ns[RX_COST_DRIVER_POLL_PKT] = 100; // time moves
	f.run_of(3);
	f.poll();
	EXPECT_EQ(stream(0, 3000), f.read_all());
	const uint64_t head = 1; // the first skb the pool gave
	EXPECT_EQ(SKB_FATE_READ, f.h.fate(head)->fate);
	for (uint64_t id = 2; id <= 3; id++) {
		EXPECT_EQ(SKB_FATE_READ, f.h.fate(id)->fate);
		EXPECT_EQ(head, f.h.fate(id)->merged_into);
		EXPECT_NE(0u, f.h.fate(id)->tstamp[SKB_STAGE_SOCKET]);
		EXPECT_EQ(f.h.fate(head)->tstamp[SKB_STAGE_SOCKET], f.h.fate(id)->tstamp[SKB_STAGE_SOCKET]);
		EXPECT_EQ(1000u, f.h.fate(id)->len - 54u); // its own frame's length
	}
	f.expect_conserved();
}

// Up to 64 KB (gro_max_size, headers included): with 1448-byte segments 45
// fit (40 + 45 * 1448 = 65200), the 46th starts the next super-packet.
// MAX_SKB_FRAGS (17) is no limit: skb_gro_receive goes on in frag_list.
TEST(StackGro, SuperPacketsStayBelow64KB)
{
	GroFlow f;
	f.run_of(60, 1448);
	f.poll();
	EXPECT_EQ(2u, f.gro().flushed);
	EXPECT_EQ(45u, f.gro().max_segs);
	EXPECT_EQ(58u, f.gro().merged);
	EXPECT_EQ(1u, f.gro().flush_flow); // the 46th could not merge
	EXPECT_EQ(stream(0, 60 * 1448), f.read_all());
	f.expect_conserved();
}

// A hole (a lost segment): the super-packet before it goes up, the segment
// after it starts a new one, which tcp_v4_rcv then holds out of order.
TEST(StackGro, AHoleEndsTheSuperPacket)
{
	GroFlow f;
	f.run_of(3);
	f.run_of(3, 1000, 4000); // 3000..3999 never sent
	f.poll();
	EXPECT_EQ(4u, f.gro().merged);
	EXPECT_EQ(2u, f.gro().flushed);
	EXPECT_EQ(1u, f.gro().flush_flow);
	EXPECT_EQ(1u, f.h.mib().tcp.TCPOFOQueue);
	EXPECT_EQ(stream(0, 3000), f.read_all());
	f.expect_conserved();
}

// PSH merges and ends the super-packet; the flow's next segment starts the
// next one.  A segment shorter than the first ends it too.
TEST(StackGro, PshAndAShortSegmentEndIt)
{
	GroFlow f;
	f.run_of(2);
	f.add({2000, 1000, 0x18}); // ACK|PSH
	f.run_of(2, 1000, 3000);
	f.add({5000, 500});        // short
	f.add({5500, 500});
	f.poll();
	EXPECT_EQ(3u, f.gro().flushed);
	EXPECT_EQ(4u, f.gro().merged);
	EXPECT_EQ(3u, f.gro().max_segs);
	EXPECT_EQ(stream(0, 6000), f.read_all());
	f.expect_conserved();
}

// A FIN merges (FIN and PSH may differ) and ends the super-packet, which
// carries it: the stream ends after all of it.
TEST(StackGro, FinMergesAndEndsIt)
{
	GroFlow f;
	f.run_of(2);
	f.add({2000, 1000, 0x11}); // ACK|FIN
	f.poll();
	EXPECT_EQ(1u, f.gro().flushed);
	EXPECT_EQ(2u, f.gro().merged);
	EXPECT_EQ(1u, f.gro().flush_flow);
	sock_stats s;
	sock_get_stats(f.sk, &s);
	EXPECT_EQ(kIsn + 3001u, s.rcv_nxt);
	EXPECT_EQ(stream(0, 3000), f.read_all());
	f.expect_conserved();
}

// Flags other than PSH/FIN/CWR must match, and a pure ACK (no payload)
// never merges: it sends the held packet up and goes up after it.  URG,
// RST and SYN are flushed at once.
TEST(StackGro, OtherFlagsAndEmptySegmentsDoNotMerge)
{
	GroFlow f;
	f.run_of(2);
	f.add({2000, 0});          // pure ACK
	f.run_of(2, 1000, 2000);
	f.add({4000, 1000, 0x30}); // ACK|URG
	f.poll();
	EXPECT_EQ(2u, f.gro().merged);
	EXPECT_EQ(2u, f.gro().flushed); // the two pairs; the ACK and the URG one alone
	EXPECT_EQ(2u, f.gro().super_packets);
	EXPECT_EQ(2u, f.gro().flush_flow);
	EXPECT_EQ(4u, f.h.plat.charges[RX_COST_TCP_V4_RCV]);
	EXPECT_EQ(stream(0, 5000), f.read_all());
	f.expect_conserved();
}

// IP rules: a different TTL ends the super-packet; without DF the IDs must
// count up one a segment (a repeated ID does not merge); with DF a fixed ID
// is allowed (an atomic flow).
TEST(StackGro, IpTtlAndIdRules)
{
	{
		GroFlow f;
		f.run_of(2);
		f.add({2000, 1000, 0x10, 0, 0, 3333, 63});
		f.poll();
		EXPECT_EQ(1u, f.gro().merged);
		EXPECT_EQ(2u, f.gro().flushed);
	}
	{
		GroFlow f;
		f.add({0, 1000, 0x10, 7});
		f.add({1000, 1000, 0x10, 7});
		f.poll();
		EXPECT_EQ(0u, f.gro().merged);
	}
	{
		GroFlow f;
		for (uint32_t i = 0; i < 4; i++)
			f.add({i * 1000, 1000, 0x10, 7, 0x4000});
		f.poll();
		EXPECT_EQ(3u, f.gro().merged);
		EXPECT_EQ(stream(0, 4000), f.read_all());
	}
}

// TCP options must be the same: a segment whose timestamp (TSval) moved on
// ends the super-packet and starts the next one.
TEST(StackGro, OptionsMustMatch)
{
	GroFlow f;
	// Data offset 8: NOP, NOP, timestamps (kind 8, length 10); DF with a
	// fixed IP ID (ipv4_packet writes 0).
	auto seg = [&](uint32_t off, uint32_t tsval) {
		Bytes t(32);
		t[0] = 3333 >> 8, t[1] = 3333 & 0xff, t[2] = 0, t[3] = 80;
		const uint32_t seq = kIsn + off;
		for (int i = 0; i < 4; i++) {
			t[size_t(4 + i)] = uint8_t(seq >> (24 - 8 * i));
			t[size_t(24 + i)] = uint8_t(tsval >> (24 - 8 * i));
		}
		t[12] = 8 << 4, t[13] = 0x10, t[14] = t[15] = 0xff;
		t[20] = t[21] = 1, t[22] = 8, t[23] = 10;
		const Bytes data = stream(off, 1000);
		t.insert(t.end(), data.begin(), data.end());
		Ipv4 ip;
		ip.proto = 6;
		ip.frag = 0x4000;
		ip.src = {10, 0, 0, 2};
		ip.dst = {10, 0, 0, 1};
		f.d.ring.push_back(ip_frame(ipv4_packet(ip, t)));
	};
	seg(0, 7);
	seg(1000, 7);
	seg(2000, 7);
	seg(3000, 8); // a later timestamp
	seg(4000, 8);
	f.poll();
	EXPECT_EQ(3u, f.gro().merged);
	EXPECT_EQ(2u, f.gro().flushed);
	EXPECT_EQ(3u, f.gro().max_segs);
	EXPECT_EQ(stream(0, 5000), f.read_all());
	f.expect_conserved();
}

// Two flows (other source ports) interleaved: each merges with its own.
// A UDP datagram between them is not merged and holds nothing up.
TEST(StackGro, FlowsMergeApartAndUdpIsNotMerged)
{
	GroFlow f;
	sock *u = f.h.udp_socket(9000);
	for (uint32_t i = 0; i < 4; i++) {
		f.add({i * 1000, 1000, 0x10, uint16_t(1 + i)}); // each sender counts its own IDs
		f.add({i * 1000, 1000, 0x10, uint16_t(101 + i), 0, 4444});
		f.d.ring.push_back(udp_frame(5555, 9000, payload(100)));
	}
	f.poll();
	EXPECT_EQ(6u, f.gro().merged);
	EXPECT_EQ(2u, f.gro().flushed);
	EXPECT_EQ(4u, f.h.plat.charges[RX_COST_UDP_RCV]);
	EXPECT_EQ(stream(0, 4000), f.read_all());
	EXPECT_EQ(payload(100), recv_one(u));
	f.expect_conserved();
}

// MAX_GRO_SKBS: a ninth flow sends the oldest held packet up.
TEST(StackGro, NinthFlowEvictsTheOldest)
{
	GroFlow f;
	for (uint16_t p = 0; p < 9; p++)
		f.add({0, 1000, 0x10, 0, 0, uint16_t(4000 + p)});
	f.poll();
	EXPECT_EQ(1u, f.gro().flush_evict);
	EXPECT_EQ(9u, f.gro().flushed);
	f.expect_conserved();
}

// ethtool -K gro off: every frame up as it came.
TEST(StackGro, OffSendsEverySegmentUp)
{
	GroFlow f;
	f.h.eth0->features &= ~NETIF_F_GRO;
	f.run_of(10);
	f.poll();
	EXPECT_EQ(0u, f.gro().merged);
	EXPECT_EQ(0u, f.gro().flushed);
	EXPECT_EQ(10u, f.h.plat.charges[RX_COST_TCP_V4_RCV]);
	EXPECT_EQ(10u, f.ip_in());
	EXPECT_EQ(stream(0, 10000), f.read_all());
	f.expect_conserved();
}

// A poll that uses its whole weight flushes at its end (__napi_poll: all of
// it at HZ < 1000), so no super-packet spans polls; a bad checksum the NIC
// did not verify is not merged, and tcp_v4_rcv drops it.
TEST(StackGro, FullPollFlushesAndBadChecksumGoesUpAlone)
{
	GroFlow f;
	f.run_of(100, 100);
	f.poll();
	EXPECT_EQ(2u, f.gro().flushed); // 64, then 36
	EXPECT_EQ(64u, f.gro().max_segs);
	EXPECT_EQ(stream(0, 10000), f.read_all());

	GroFlow g;
	g.run_of(2);
	g.add({2000, 1000});
	g.d.ring.back()[14 + 20 + 16] ^= 0xff; // the TCP checksum
	g.run_of(1, 1000, 3000);
	g.poll();
	EXPECT_EQ(1u, g.h.mib().tcp.InCsumErrors);
	EXPECT_EQ(stream(0, 2000), g.read_all()); // the hole stays
	g.expect_conserved();
}

// gro_flush_timeout: napi_complete_done keeps what was held in this jiffy
// and arms the timer; its poll sends it up.
TEST(StackGro, FlushTimeoutHoldsUntilTheTimer)
{
	GroFlow f;
	f.h.eth0->gro_flush_timeout = 50000;
	f.run_of(5);
	f.poll();
	EXPECT_EQ(0u, f.gro().flushed);
	EXPECT_TRUE(f.read_all().empty());
	EXPECT_EQ(1u, f.h.plat.armed_timers());
	EXPECT_TRUE(f.d.irq_enabled); // no deferral: the IRQ is back on
	f.h.plat.advance_to(f.h.plat.now + 50000);
	EXPECT_EQ(1u, f.gro().flushed);
	EXPECT_EQ(stream(0, 5000), f.read_all());
	f.expect_conserved();
}

// What GRO still holds when the instance goes is freed (flush_gro_hash).
TEST(StackGro, HeldAtTeardownIsPurged)
{
	GroFlow f;
	f.h.eth0->gro_flush_timeout = 50000;
	f.run_of(3);
	f.poll();
	net_flush(f.h.n);
	EXPECT_EQ(3u, f.h.drops(SKB_DROP_REASON_QUEUE_PURGE));
	net_conservation c;
	EXPECT_TRUE(net_check_conservation(f.h.n, &c));
	EXPECT_EQ(0u, c.live);
}
