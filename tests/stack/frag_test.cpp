// IPv4 reassembly (ip_defrag): in order, out of order, duplicates,
// overlaps (RFC 5722), timeout (ipfrag_time), memory limit.
#include <gtest/gtest.h>

#include "stack_harness.h"

using namespace frames;

namespace {
constexpr uint16_t kMF = 0x2000;

// The UDP datagram (header + data) cut into IPv4 fragments of `chunk` bytes.
std::vector<Bytes> fragment(const Bytes &udp, size_t chunk, uint16_t id = 7)
{
	std::vector<Bytes> out;
	for (size_t off = 0; off < udp.size(); off += chunk) {
		size_t n = std::min(chunk, udp.size() - off);
		Ip4Opts o;
		o.id = id;
		o.frag = uint16_t((off / 8) | (off + n < udp.size() ? kMF : 0));
		out.push_back(ip_frame(ipv4(kPeerIp, kHostIp, 17, Bytes(udp.begin() + long(off), udp.begin() + long(off + n)), o)));
	}
	return out;
}

Bytes datagram(size_t n) { return udp4(kPeerIp, kHostIp, 1, 9, payload(n, 3)); }

}  // namespace

// In order: every fragment counts ReasmReqds; the last completes the
// datagram (ReasmOKs); the others end CONSUMED, merged into the first.
TEST(StackFrag, InOrder)
{
	Host h;
	sock *sk = h.udp_socket(9);
	std::vector<Bytes> f = fragment(datagram(3000), 1480);
	ASSERT_EQ(3u, f.size());
	std::vector<uint64_t> ids;
	for (const Bytes &x : f)
		ids.push_back(h.rx(x));
	EXPECT_EQ(payload(3000, 3), recv_one(sk));
	const ipstats_mib &m = h.mib().ip;
	EXPECT_EQ(3u, m.ReasmReqds);
	EXPECT_EQ(1u, m.ReasmOKs);
	EXPECT_EQ(0u, m.ReasmFails);
	EXPECT_EQ(3u, m.InReceives);
	EXPECT_EQ(1u, m.InDelivers);
	EXPECT_EQ(SKB_FATE_READ, h.fate(ids[0])->fate);
	for (int i = 1; i < 3; i++) {
		EXPECT_EQ(SKB_FATE_CONSUMED, h.fate(ids[i])->fate);
		EXPECT_EQ(ids[0], h.fate(ids[i])->merged_into);
	}
	EXPECT_EQ(1u, h.mib().udp.InDatagrams);
}

// Out of order: last, first, middle -> the same datagram.
TEST(StackFrag, OutOfOrder)
{
	Host h;
	sock *sk = h.udp_socket(9);
	std::vector<Bytes> f = fragment(datagram(4000), 1000);
	ASSERT_EQ(5u, f.size());
	for (int i : {4, 0, 2, 3, 1})
		h.rx(f[size_t(i)]);
	EXPECT_EQ(payload(4000, 3), recv_one(sk));
	EXPECT_EQ(5u, h.mib().ip.ReasmReqds);
	EXPECT_EQ(1u, h.mib().ip.ReasmOKs);
	EXPECT_EQ(0u, net_pool_stats(h.n).live);
}

// An exact duplicate lies inside what is held: dropped as DUP_FRAG, not a
// reassembly failure; the datagram still completes.
TEST(StackFrag, DuplicateIgnored)
{
	Host h;
	sock *sk = h.udp_socket(9);
	std::vector<Bytes> f = fragment(datagram(3000), 1480);
	h.rx(f[0]);
	h.rx(f[1]);
	uint64_t dup = h.rx(f[0]);
	h.rx(f[2]);
	EXPECT_EQ(SKB_DROP_REASON_DUP_FRAG, h.fate(dup)->reason);
	EXPECT_EQ(0u, h.mib().ip.ReasmFails);
	EXPECT_EQ(4u, h.mib().ip.ReasmReqds);
	EXPECT_EQ(payload(3000, 3), recv_one(sk));
}

// RFC 5722: a fragment overlapping held data kills the whole queue
// (ReasmOverlaps, ReasmFails once); a later fragment opens a new queue.
TEST(StackFrag, OverlapKillsQueue)
{
	Host h;
	h.udp_socket(9);
	Bytes udp = datagram(3000);
	std::vector<Bytes> f = fragment(udp, 1480);
	uint64_t first = h.rx(f[0]);
	Ip4Opts o;
	o.id = 7;
	o.frag = uint16_t(1 | kMF);  // offset 8, overlaps [0, 1480)
	uint64_t bad = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 17, Bytes(udp.begin() + 8, udp.begin() + 1488), o)));
	EXPECT_EQ(SKB_DROP_REASON_FRAG_OVERLAP, h.fate(bad)->reason);
	EXPECT_EQ(SKB_DROP_REASON_FRAG_OVERLAP, h.fate(first)->reason);
	EXPECT_EQ(1u, h.mib().ip.ReasmOverlaps);
	EXPECT_EQ(1u, h.mib().ip.ReasmFails);
	h.rx(f[1]);
	h.rx(f[2]);
	EXPECT_EQ(0u, h.mib().ip.ReasmOKs);  // the first fragment is gone
	EXPECT_EQ(1u, h.mib().ip.ReasmFails);
	net_flush(h.n);
	EXPECT_EQ(2u, h.drops(SKB_DROP_REASON_QUEUE_PURGE));
	EXPECT_TRUE(net_check_conservation(h.n, nullptr));
}

// A last fragment that disagrees with the known length is invalid.
TEST(StackFrag, InconsistentLastFragment)
{
	Host h;
	std::vector<Bytes> f = fragment(datagram(3000), 1480);
	h.rx(f[2]);
	Ip4Opts o;
	o.id = 7;
	o.frag = uint16_t(1480 / 8);  // a second "last" ending elsewhere
	uint64_t bad = h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 17, payload(16), o)));
	EXPECT_EQ(SKB_DROP_REASON_FRAG_INVALID, h.fate(bad)->reason);
	EXPECT_EQ(1u, h.mib().ip.ReasmFails);
}

// ip_expire after ipfrag_time (30 s, from the first fragment): ReasmFails
// and ReasmTimeout; ICMP time exceeded only if offset 0 had arrived.
TEST(StackFrag, Timeout)
{
	Host h;
	h.udp_socket(9);
	std::vector<Bytes> f = fragment(datagram(3000), 1480);
	uint64_t t0 = h.plat.now;
	uint64_t a = h.rx(f[0]);
	uint64_t b = h.rx(f[2]);
	h.plat.advance_to(t0 + 30000000000ull - 1);
	EXPECT_EQ(0u, h.mib().ip.ReasmTimeout);
	h.plat.advance_to(t0 + 30000000000ull);
	EXPECT_EQ(1u, h.mib().ip.ReasmTimeout);
	EXPECT_EQ(1u, h.mib().ip.ReasmFails);
	EXPECT_EQ(1u, h.mib().icmp.OutType[11]);
	EXPECT_EQ(SKB_DROP_REASON_FRAG_REASM_TIMEOUT, h.fate(a)->reason);
	EXPECT_EQ(SKB_DROP_REASON_FRAG_REASM_TIMEOUT, h.fate(b)->reason);
	// Without the first fragment: no ICMP.
	h.rx(fragment(datagram(3000), 1480, 8)[1]);
	h.plat.advance_to(h.plat.now + 30000000000ull);
	EXPECT_EQ(2u, h.mib().ip.ReasmTimeout);
	EXPECT_EQ(1u, h.mib().icmp.OutType[11]);
	EXPECT_EQ(0u, net_pool_stats(h.n).live);
}

// Above ipfrag_high_thresh no new queue is created: the fragment is
// dropped (NOMEM) and counted in ReasmFails; existing queues go on.
TEST(StackFrag, HighThreshRefusesNewQueues)
{
	Host h;
	sock *sk = h.udp_socket(9);
	net_sysctl(h.n)->ipfrag_high_thresh = 2000;  // one fragment (truesize 2752) passes it
	std::vector<Bytes> d1 = fragment(datagram(3000), 1480, 1);
	std::vector<Bytes> d2 = fragment(datagram(3000), 1480, 2);
	h.rx(d1[0]);
	uint64_t refused = h.rx(d2[0]);
	EXPECT_EQ(SKB_DROP_REASON_NOMEM, h.fate(refused)->reason);
	EXPECT_EQ(1u, h.mib().ip.ReasmFails);
	h.rx(d1[1]);
	h.rx(d1[2]);
	EXPECT_EQ(1u, h.mib().ip.ReasmOKs);
	EXPECT_EQ(payload(3000, 3), recv_one(sk));
}

// The platform may fire timers inside a charge.  The queue's own timer
// falling due while the completed datagram's fragments are being freed
// finds the queue already gone: no double kill, no timeout counted.
TEST(StackFrag, TimerDueDuringReassembly)
{
	Host h;
	sock *sk = h.udp_socket(9);
	std::vector<Bytes> f = fragment(datagram(3000), 1480);
	uint64_t t0 = h.plat.now;
	h.rx(f[0]);
	h.rx(f[1]);
	h.plat.now = t0 + 30000000000ull - 1;
	h.plat.on_charge = [&](rx_cost item) {
		if (item == RX_COST_SKB_FREE) {
			h.plat.on_charge = nullptr;
			h.plat.advance_to(t0 + 31000000000ull);
		}
	};
	h.rx(f[2]);
	EXPECT_EQ(1u, h.mib().ip.ReasmOKs);
	EXPECT_EQ(0u, h.mib().ip.ReasmTimeout);
	EXPECT_EQ(payload(3000, 3), recv_one(sk));
	EXPECT_EQ(0u, h.plat.armed_timers());
}
