// L2 (eth_type_trans, VLAN, taps, unknown types) and the IPv4 checks of
// ip_rcv / ip_rcv_finish, each with the exact counter it moves.
#include <gtest/gtest.h>

#include "stack_harness.h"

using namespace frames;

static const uint8_t kBcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t kMcast[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01};
static const uint8_t kOther[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x99};

// eth_type_trans: group bit -> broadcast/multicast, else host or other host;
// a type field below 0x0600 is an 802.3 length (802.2 unless raw 0xFFFF).
TEST(StackL2, EthTypeTransPacketTypes)
{
	Host h;
	struct Case {
		const uint8_t *dst;
		uint16_t type;
		uint8_t first;
		uint8_t pkt_type;
		uint16_t proto;
	} cases[] = {
		{kHostMac, ETH_P_IP, 0x45, PACKET_HOST, ETH_P_IP},
		{kBcast, ETH_P_ARP, 0, PACKET_BROADCAST, ETH_P_ARP},
		{kMcast, ETH_P_IP, 0x45, PACKET_MULTICAST, ETH_P_IP},
		{kOther, ETH_P_IPV6, 0x60, PACKET_OTHERHOST, ETH_P_IPV6},
		{kHostMac, 46, 0xAA, PACKET_HOST, ETH_P_802_2},
		{kHostMac, 46, 0xFF, PACKET_HOST, ETH_P_802_3},
	};
	for (const Case &c : cases) {
		Bytes p(46, c.first);
		sk_buff *skb = h.make_skb(eth(c.dst, c.type, p));
		EXPECT_EQ(c.pkt_type, skb->pkt_type);
		EXPECT_EQ(c.proto, skb->protocol);
		EXPECT_EQ(46u, skb->len);  // header pulled
		EXPECT_EQ(uint32_t(ETH_HLEN), skb->data - skb_mac_header(skb));
		kfree_skb(skb);
	}
	sk_buff *runt = h.make_skb(Bytes(10, 0));
	EXPECT_EQ(0, runt->protocol);
	netif_receive_skb(runt);
	EXPECT_EQ(1u, h.drops(SKB_DROP_REASON_DEV_HDR));
}

// __netif_receive_skb_core: no ptype_base handler -> device rx_dropped,
// reason UNHANDLED_PROTO.
TEST(StackL2, UnknownEthertypeCountedInRxDropped)
{
	Host h;
	uint64_t id = h.rx(eth(kHostMac, 0x88B5, Bytes(46, 1)));
	h.rx(eth(kHostMac, 46, Bytes(46, 0xAA)));  // 802.2 LLC: no handler either
	EXPECT_EQ(2u, h.eth0->stats.rx_dropped);
	EXPECT_EQ(2u, h.drops(SKB_DROP_REASON_UNHANDLED_PROTO));
	EXPECT_EQ(2u, h.mib().eth_unknown_type);
	EXPECT_EQ(SKB_DROP_REASON_UNHANDLED_PROTO, h.fate(id)->reason);
}

static void tap_count(void *arg, const sk_buff *skb)
{
	static_cast<std::vector<uint16_t> *>(arg)->push_back(skb->protocol);
}

// ptype_all taps see every frame (also those dropped later), once per round.
TEST(StackL2, TapsSeeEveryFrame)
{
	Host h;
	std::vector<uint16_t> seen;
	ASSERT_EQ(0, dev_add_pack_all(h.n, tap_count, &seen));
	h.rx(udp_frame(1, 9, payload(4)));
	h.rx(eth(kHostMac, 0x88B5, Bytes(46, 1)));
	h.rx(ip_frame(ipv4(kPeerIp, 0x0A000063, 17, udp4(kPeerIp, 0x0A000063, 1, 9, payload(4)))));
	EXPECT_EQ((std::vector<uint16_t>{ETH_P_IP, 0x88B5, ETH_P_IP}), seen);
	EXPECT_EQ(3u, h.softnet().processed);
}

// 802.1Q: the tag selects the VLAN device (vlan_do_receive), which then
// takes another round: softnet processed counts both rounds.
TEST(StackL2, Vlan8021QToVlanDevice)
{
	Host h;
	net_device *v100 = register_vlan_dev(h.eth0, ETH_P_8021Q, 100, nullptr);
	EXPECT_STREQ("eth0.100", v100->name);
	sock *sk = h.udp_socket(9);
	h.rx(add_tag(udp_frame(1, 9, payload(20)), ETH_P_8021Q, 100));
	EXPECT_EQ(payload(20), recv_one(sk));
	EXPECT_EQ(1u, v100->stats.rx_packets);
	EXPECT_EQ(28u + 20u, v100->stats.rx_bytes);
	EXPECT_EQ(2u, h.softnet().processed);
	// The same tag already stripped by the NIC.
	sk_buff *skb = h.make_skb(udp_frame(1, 9, payload(20)));
	__vlan_hwaccel_put_tag(skb, ETH_P_8021Q, 100);
	netif_receive_skb(skb);
	EXPECT_EQ(payload(20), recv_one(sk));
	EXPECT_EQ(2u, v100->stats.rx_packets);
}

// A VID nobody configured: PACKET_OTHERHOST, which ip_rcv drops.
TEST(StackL2, UnknownVlanIsOtherHost)
{
	Host h;
	h.udp_socket(9);
	uint64_t id = h.rx(add_tag(udp_frame(1, 9, payload(20)), ETH_P_8021Q, 200));
	EXPECT_EQ(SKB_DROP_REASON_OTHERHOST, h.fate(id)->reason);
	EXPECT_EQ(1u, h.eth0->stats.rx_otherhost_dropped);
	EXPECT_EQ(0u, h.mib().ip.InReceives);
}

// QinQ: 802.1ad S-tag to its device, then the 802.1Q C-tag on that one.
// A priority tag (VID 0) is peeled and the frame stays on its device.
TEST(StackL2, QinQAndPriorityTag)
{
	Host h;
	net_device *s10 = register_vlan_dev(h.eth0, ETH_P_8021AD, 10, "s10");
	net_device *c20 = register_vlan_dev(s10, ETH_P_8021Q, 20, "s10.20");
	sock *sk = h.udp_socket(9);
	Bytes f = add_tag(add_tag(udp_frame(1, 9, payload(30)), ETH_P_8021Q, 20), ETH_P_8021AD, 10);
	uint64_t id = h.rx(f);
	EXPECT_EQ(payload(30), recv_one(sk));
	EXPECT_EQ(1u, s10->stats.rx_packets);
	EXPECT_EQ(1u, c20->stats.rx_packets);
	EXPECT_EQ(3u, h.softnet().processed);
	EXPECT_EQ(c20->ifindex, h.fate(id)->ifindex);

	h.rx(add_tag(udp_frame(1, 9, payload(5)), ETH_P_8021Q, 0x6000));  // PCP 3, VID 0
	EXPECT_EQ(payload(5), recv_one(sk));
	EXPECT_EQ(4u, h.softnet().processed);
	// Tag header cut short: skb_vlan_untag cannot pull it.
	Bytes cut = eth(kHostMac, ETH_P_8021Q, Bytes{0x00});
	uint64_t bad = h.rx(cut);
	EXPECT_EQ(SKB_DROP_REASON_PKT_TOO_SMALL, h.fate(bad)->reason);
}

// ---- IPv4 ----

static Bytes udp_ip(const Bytes &data = payload(8)) { return ipv4(kPeerIp, kHostIp, 17, udp4(kPeerIp, kHostIp, 1, 9, data)); }

static Bytes fix_csum(Bytes ip)
{
	ip[10] = ip[11] = 0;
	uint16_t c = inet_csum(ip.data(), size_t(ip[0] & 15) * 4);
	ip[10] = uint8_t(c >> 8);
	ip[11] = uint8_t(c);
	return ip;
}

struct Ip4Case {
	const char *name;
	std::function<Bytes()> ip;
	skb_drop_reason reason;
	uint64_t ipstats_mib::*counter;
};

// ip_rcv: each bad header with the one counter and reason the kernel uses.
// A bad checksum moves InCsumErrors and InHdrErrors both.
TEST(StackIpv4, HeaderChecksEachMoveTheirCounter)
{
	const Ip4Case cases[] = {
		{"version 5", [] { Bytes ip = udp_ip(); ip[0] = 0x55; return fix_csum(ip); }, SKB_DROP_REASON_IP_INHDR,
		 &ipstats_mib::InHdrErrors},
		{"ihl 4", [] { Bytes ip = udp_ip(); ip[0] = 0x44; return ip; }, SKB_DROP_REASON_IP_INHDR,
		 &ipstats_mib::InHdrErrors},
		{"19 bytes", [] { Bytes ip = udp_ip(); ip.resize(19); return ip; }, SKB_DROP_REASON_IP_INHDR,
		 &ipstats_mib::InHdrErrors},
		{"ihl 15 past end", [] { Bytes ip = udp_ip(); ip[0] = 0x4f; ip.resize(40); return ip; },
		 SKB_DROP_REASON_IP_INHDR, &ipstats_mib::InHdrErrors},
		{"checksum", [] { Bytes ip = udp_ip(); ip[10] ^= 1; return ip; }, SKB_DROP_REASON_IP_CSUM,
		 &ipstats_mib::InCsumErrors},
		{"tot_len > frame", [] { Bytes ip = udp_ip(); ip[2] = 0x05; return fix_csum(ip); },
		 SKB_DROP_REASON_PKT_TOO_SMALL, &ipstats_mib::InTruncatedPkts},
		{"tot_len < ihl", [] { Bytes ip = udp_ip(); ip[2] = 0; ip[3] = 19; return fix_csum(ip); },
		 SKB_DROP_REASON_IP_INHDR, &ipstats_mib::InHdrErrors},
		{"not ours", [] { return ipv4(kPeerIp, 0x0A000063, 17, udp4(kPeerIp, 0x0A000063, 1, 9, payload(8))); },
		 SKB_DROP_REASON_IP_INADDRERRORS, &ipstats_mib::InAddrErrors},
		{"protocol 47", [] { return ipv4(kPeerIp, kHostIp, 47, payload(8)); }, SKB_DROP_REASON_IP_NOPROTO,
		 &ipstats_mib::InUnknownProtos},
	};
	for (const Ip4Case &c : cases) {
		SCOPED_TRACE(c.name);
		Host h;
		uint64_t id = h.rx(ip_frame(c.ip()));
		const ipstats_mib &m = h.mib().ip;
		EXPECT_EQ(1u, m.InReceives);
		EXPECT_EQ(1u, m.*c.counter);
		EXPECT_EQ(c.reason, h.fate(id)->reason);
		uint64_t hdr = (c.counter == &ipstats_mib::InHdrErrors || c.counter == &ipstats_mib::InCsumErrors) ? 1 : 0;
		EXPECT_EQ(hdr, m.InHdrErrors);
		EXPECT_EQ(0u, m.InDelivers);
		EXPECT_EQ(1u, h.drops(c.reason));
	}
}

// The hardware's IPCS verdict (ip_hdr_csum_ok) skips the software check.
TEST(StackIpv4, HardwareVerifiedHeaderChecksum)
{
	Host h;
	sock *sk = h.udp_socket(9);
	Bytes ip = udp_ip();
	ip[10] ^= 0xff;
	sk_buff *skb = h.make_skb(ip_frame(ip));
	skb->ip_hdr_csum_ok = 1;
	netif_receive_skb(skb);
	EXPECT_EQ(payload(8), recv_one(sk));
	EXPECT_EQ(0u, h.mib().ip.InCsumErrors);
	EXPECT_EQ(1u, h.mib().ip.InDelivers);
}

// Ethernet padding (frame padded to 60 bytes) is trimmed to tot_len.
TEST(StackIpv4, PaddingTrimmed)
{
	Host h;
	sock *sk = h.udp_socket(9);
	Bytes f = ip_frame(udp_ip(payload(2)));
	f.resize(60, 0xEE);
	h.rx(f);
	EXPECT_EQ(payload(2), recv_one(sk));
}

// ip_rcv drops PACKET_OTHERHOST before counting InReceives.
TEST(StackIpv4, OtherHostNotCounted)
{
	Host h;
	uint64_t id = h.rx(eth(kOther, ETH_P_IP, udp_ip()));
	EXPECT_EQ(0u, h.mib().ip.InReceives);
	EXPECT_EQ(1u, h.eth0->stats.rx_otherhost_dropped);
	EXPECT_EQ(SKB_DROP_REASON_OTHERHOST, h.fate(id)->reason);
}

// Routing of a host: martian sources dropped; broadcasts (limited and
// directed) local and counted in InBcastPkts; unjoined multicast dropped.
TEST(StackIpv4, MartiansBroadcastMulticast)
{
	Host h;
	sock *sk = h.udp_socket(9);
	uint64_t m1 = h.rx(ip_frame(ipv4(0x7f000001, kHostIp, 17, udp4(0x7f000001, kHostIp, 1, 9, payload(4)))));
	uint64_t m2 = h.rx(ip_frame(ipv4(0xe0000001, kHostIp, 17, udp4(0xe0000001, kHostIp, 1, 9, payload(4)))));
	EXPECT_EQ(SKB_DROP_REASON_IP_INVALID_SOURCE, h.fate(m1)->reason);
	EXPECT_EQ(SKB_DROP_REASON_IP_INVALID_SOURCE, h.fate(m2)->reason);
	h.rx(eth(kBcast, ETH_P_IP, ipv4(kPeerIp, 0xffffffff, 17, udp4(kPeerIp, 0xffffffff, 1, 9, payload(4)))));
	h.rx(eth(kBcast, ETH_P_IP, ipv4(kPeerIp, 0x0A0000ff, 17, udp4(kPeerIp, 0x0A0000ff, 1, 9, payload(4)))));
	EXPECT_EQ(2u, h.mib().ip.InBcastPkts);
	sock_stats st;
	sock_get_stats(sk, &st);
	EXPECT_EQ(2u, st.qlen);
	uint64_t mc = h.rx(eth(kMcast, ETH_P_IP, ipv4(kPeerIp, 0xe0000001, 17, udp4(kPeerIp, 0xe0000001, 1, 9, payload(4)))));
	EXPECT_EQ(SKB_DROP_REASON_IP_INVALID_DEST, h.fate(mc)->reason);
	ASSERT_EQ(0, ip_mc_join(h.n, 0xe0000001));
	h.rx(eth(kMcast, ETH_P_IP, ipv4(kPeerIp, 0xe0000001, 17, udp4(kPeerIp, 0xe0000001, 1, 9, payload(4)))));
	EXPECT_EQ(1u, h.mib().ip.InMcastPkts);
	sock_get_stats(sk, &st);
	EXPECT_EQ(3u, st.qlen);
}

// Netfilter: first matching rule decides, counted per rule; PRE_ROUTING
// drops come after InReceives, LOCAL_IN drops after routing.
TEST(StackNetfilter, PreRoutingAndLocalInRules)
{
	Host h;
	sock *sk = h.udp_socket(9);
	h.udp_socket(53);
	nf_rule dns{};
	dns.protocol = 17;
	dns.dport_lo = dns.dport_hi = 53;
	dns.verdict = NF_DROP;
	ASSERT_EQ(0, nf_rule_append(h.n, NF_INET_PRE_ROUTING, &dns));
	nf_rule from9{};
	from9.saddr = 0x0A000009;
	from9.smask = 0xffffffff;
	from9.verdict = NF_DROP;
	ASSERT_EQ(0, nf_rule_append(h.n, NF_INET_LOCAL_IN, &from9));
	nf_rule accept_all{};
	accept_all.verdict = NF_ACCEPT;
	ASSERT_EQ(1, nf_rule_append(h.n, NF_INET_LOCAL_IN, &accept_all));

	uint64_t a = h.rx(udp_frame(1, 53, payload(4)));
	uint64_t b = h.rx(udp_frame(1, 9, payload(4), 0x0A000009));
	h.rx(udp_frame(1, 9, payload(4)));
	EXPECT_EQ(SKB_DROP_REASON_NETFILTER_DROP, h.fate(a)->reason);
	EXPECT_EQ(SKB_DROP_REASON_NETFILTER_DROP, h.fate(b)->reason);
	EXPECT_EQ(1u, nf_rule_get(h.n, NF_INET_PRE_ROUTING, 0)->pkts);
	EXPECT_EQ(1u, nf_rule_get(h.n, NF_INET_LOCAL_IN, 0)->pkts);
	EXPECT_EQ(1u, nf_rule_get(h.n, NF_INET_LOCAL_IN, 1)->pkts);
	EXPECT_EQ(20u + 8u + 4u, nf_rule_get(h.n, NF_INET_LOCAL_IN, 1)->bytes);
	EXPECT_EQ(3u, h.mib().ip.InReceives);
	EXPECT_EQ(1u, h.mib().ip.InDelivers);
	sock_stats st;
	sock_get_stats(sk, &st);
	EXPECT_EQ(1u, st.qlen);
	EXPECT_EQ(nullptr, nf_rule_get(h.n, NF_INET_LOCAL_IN, 2));
}
