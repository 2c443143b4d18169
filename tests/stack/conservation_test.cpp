// The /proc-shaped views, the per-packet fate record and the conservation
// law: every skb allocated ends in exactly one fate.
#include <gtest/gtest.h>

#include <set>

#include "stack_harness.h"

using namespace frames;

static std::string view(size_t (*fn)(const net *, char *, size_t), const net *n)
{
	std::string s(fn(n, nullptr, 0), '\0');
	fn(n, s.data(), s.size() + 1);
	return s;
}

// /proc/net/dev: the kernel's header and column layout; "drop" is
// rx_dropped + rx_missed_errors, "frame" the sum of length/over/crc/frame.
TEST(StackProc, NetDevLayout)
{
	Host h;
	h.eth0->stats.rx_bytes = 1234;
	h.eth0->stats.rx_packets = 10;
	h.eth0->stats.rx_missed_errors = 3;
	h.eth0->stats.rx_crc_errors = 2;
	h.eth0->stats.rx_length_errors = 1;
	h.rx(eth(kHostMac, 0x88B5, Bytes(46, 0)));  // rx_dropped + 1
	std::string s = view(proc_net_dev, h.n);
	EXPECT_EQ(0u, s.find("Inter-|   Receive                                                |  Transmit\n"
			     " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs "
			     "drop fifo colls carrier compressed\n"));
	EXPECT_NE(std::string::npos, s.find("  eth0:    1234      10    0    4    0     3          0         0"
					    "        0       0    0    0    0     0       0          0\n"))
		<< s;
	// Too small a buffer: truncated, terminated, full length returned.
	char small[16];
	EXPECT_EQ(s.size(), proc_net_dev(h.n, small, sizeof(small)));
	EXPECT_EQ(15u, strlen(small));
}

// /proc/net/softnet_stat: hex processed, dropped, time_squeeze, ..., cpu.
TEST(StackProc, SoftnetStat)
{
	net_config cfg = Host::default_config();
	cfg.nr_cpus = 2;
	Host h(cfg);
	for (int i = 0; i < 18; i++)
		h.rx(udp_frame(1, 9, payload(4)));
	EXPECT_EQ("00000012 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 "
		  "00000000 00000000 00000000 00000000\n"
		  "00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 "
		  "00000000 00000000 00000000 00000001\n",
		  view(proc_net_softnet_stat, h.n));
}

// /proc/net/snmp: header and value lines pair up; names as the kernel's.
TEST(StackProc, SnmpCounters)
{
	Host h;
	sock *sk = h.udp_socket(9);
	h.rx(udp_frame(1, 9, payload(4)));
	h.rx(udp_frame(1, 10, payload(4)));
	h.rx(ip_frame(ipv4(kPeerIp, kHostIp, 1, icmp4(8, 0, payload(8)))));
	Bytes b(16);
	ASSERT_EQ(4, sock_recv(sk, b.data(), 16, nullptr));
	auto t = h.snmp_table();
	EXPECT_EQ(3, t["Ip.InReceives"]);
	EXPECT_EQ(3, t["Ip.InDelivers"]);
	EXPECT_EQ(2, t["Ip.Forwarding"]);
	EXPECT_EQ(1, t["Udp.InDatagrams"]);
	EXPECT_EQ(1, t["Udp.NoPorts"]);
	EXPECT_EQ(1, t["Icmp.InMsgs"]);
	EXPECT_EQ(1, t["Icmp.InEchos"]);
	EXPECT_EQ(2, t["Icmp.OutMsgs"]);  // echo reply + port unreachable
	EXPECT_EQ(1, t["Icmp.OutDestUnreachs"]);
	EXPECT_EQ(1, t["IcmpMsg.InType8"]);
	EXPECT_EQ(1, t["IcmpMsg.OutType3"]);
	EXPECT_EQ(0, t["Tcp.InSegs"]);
	std::string ext = view(proc_net_netstat, h.n);
	EXPECT_EQ(0u, ext.find("IpExt: InNoRoutes InTruncatedPkts"));
	std::string s6 = view(proc_net_snmp6, h.n);
	EXPECT_NE(std::string::npos, s6.find("Ip6InReceives                   \t0\n"));
}

namespace {
// A deterministic mixed batch: one frame of each kind, repeated.
std::vector<Bytes> mixed_batch()
{
	static const uint8_t other[6] = {2, 0, 0, 0, 0, 0x77};
	std::vector<Bytes> v;
	Bytes big = udp4(kPeerIp, kHostIp, 1, 9, payload(2000));
	for (int round = 0; round < 20; round++) {
		v.push_back(udp_frame(1, 9, payload(size_t(10 + round))));       // delivered
		v.push_back(udp_frame(1, 99, payload(10)));                      // NoPorts
		Bytes bad = udp_frame(1, 9, payload(10));
		bad[30] ^= 1;                                                     // dst addr: IP csum
		v.push_back(bad);
		v.push_back(eth(kHostMac, 0x88B5, Bytes(46, 0)));                // unknown type
		v.push_back(eth(other, ETH_P_IP, Bytes(46, 0x45)));              // other host
		v.push_back(Bytes(9, 0));                                         // runt
		v.push_back(ip_frame(ipv4(kPeerIp, kHostIp, 1, icmp4(8, 0, payload(8)))));
		v.push_back(add_tag(udp_frame(1, 9, payload(8)), ETH_P_8021Q, 5));  // no VLAN 5
		Ip4Opts o;
		o.id = uint16_t(100 + round);
		o.frag = 0x2000;
		v.push_back(ip_frame(ipv4(kPeerIp, kHostIp, 17, Bytes(big.begin(), big.begin() + 1480), o)));
		if (round % 2) {  // completes every other datagram
			o.frag = 1480 / 8;
			v.push_back(ip_frame(ipv4(kPeerIp, kHostIp, 17, Bytes(big.begin() + 1480, big.end()), o)));
		}
	}
	return v;
}
}  // namespace

// Conservation across a mixed batch through a NAPI driver with injected
// allocation failures, a reader draining part of the queue, incomplete
// reassembly left at the end: allocated == READ + QUEUED + CONSUMED +
// DROPPED, each id exactly once in the fate log, no skb left live.
TEST(StackConservation, MixedBatch)
{
	net_config cfg = Host::default_config();
	cfg.pool.seed = 7;
	cfg.pool.fail_ppm = 50000;
	Host h(cfg);
	sock *sk = h.udp_socket(9);
	FakeDriver drv(h, h.eth0);
	drv.ring = mixed_batch();
	int reads = 0;
	while (drv.next < drv.ring.size()) {
		hard_irq(h, [&] { drv.interrupt(); });
		while (run_ksoftirqd(h.n, 0)) {
		}
		Bytes b(4096);
		if (sock_recv(sk, b.data(), 4096, nullptr) > 0)
			reads++;
	}
	EXPECT_GT(drv.alloc_failed, 0u);
	net_conservation c{};
	EXPECT_TRUE(net_check_conservation(h.n, &c));
	EXPECT_GT(c.live, 0u);  // fragments and unread datagrams are still held
	net_flush(h.n);
	ASSERT_TRUE(net_check_conservation(h.n, &c));
	EXPECT_EQ(0u, c.live);
	EXPECT_EQ(drv.ring.size(), c.allocated);  // each frame got one skb in the end
	EXPECT_EQ(c.allocated, c.fate[SKB_FATE_READ] + c.fate[SKB_FATE_QUEUED] + c.fate[SKB_FATE_CONSUMED] +
				       c.fate[SKB_FATE_DROPPED]);
	EXPECT_EQ(uint64_t(reads), c.fate[SKB_FATE_READ]);
	// 20 single + 10 reassembled datagrams reach the socket.
	EXPECT_EQ(30u, c.fate[SKB_FATE_READ] + c.fate[SKB_FATE_QUEUED]);
	EXPECT_EQ(20u, h.drops(SKB_DROP_REASON_IP_CSUM));
	EXPECT_EQ(20u, h.drops(SKB_DROP_REASON_NO_SOCKET));
	EXPECT_EQ(20u, h.drops(SKB_DROP_REASON_UNHANDLED_PROTO));
	EXPECT_EQ(20u, h.drops(SKB_DROP_REASON_DEV_HDR));
	EXPECT_EQ(40u, h.drops(SKB_DROP_REASON_OTHERHOST));
	EXPECT_EQ(10u, h.drops(SKB_DROP_REASON_QUEUE_PURGE));  // incomplete datagrams
	EXPECT_EQ(30u, c.fate[SKB_FATE_CONSUMED]);           // 20 echo + 10 merged fragments
	std::set<uint64_t> ids;
	const skb_fate_record *log = net_fate_log(h.n);
	ASSERT_EQ(c.allocated, net_fate_count(h.n));
	for (size_t i = 0; i < net_fate_count(h.n); i++)
		EXPECT_TRUE(ids.insert(log[i].id).second) << log[i].id;
	skb_pool_stats ps = net_pool_stats(h.n);
	EXPECT_EQ(ps.allocated, ps.freed);
}

// Stage timestamps follow the path in order, from allocation to the read.
TEST(StackConservation, FateRecordTimestamps)
{
	Host h;
	for (int i = 0; i < RX_COST__COUNT; i++)
		h.plat.cost_ns[i] = 10;
	sock *sk = h.udp_socket(9);
	uint64_t id = h.rx(udp_frame(1, 9, payload(4)));
	Bytes b(16);
	sock_recv(sk, b.data(), 16, nullptr);
	const skb_fate_record *r = h.fate(id);
	ASSERT_NE(nullptr, r);
	EXPECT_EQ(SKB_FATE_READ, r->fate);
	EXPECT_EQ(14u + 20u + 8u + 4u, r->len);  // the whole frame as it entered
	const skb_stage path[] = {SKB_STAGE_ALLOC, SKB_STAGE_RECEIVE, SKB_STAGE_L3, SKB_STAGE_L4, SKB_STAGE_SOCKET,
				  SKB_STAGE_FREE};
	for (size_t i = 1; i < sizeof(path) / sizeof(path[0]); i++)
		EXPECT_LT(r->tstamp[path[i - 1]], r->tstamp[path[i]]) << i;
	EXPECT_EQ(0u, r->tstamp[SKB_STAGE_BACKLOG]);
	EXPECT_EQ(1u, h.plat.charges[RX_COST_UDP_RCV]);
	EXPECT_EQ(1u, h.plat.charges[RX_COST_SOCK_QUEUE_RCV_SKB]);
}
