/* IPv6 receive: header checks, local delivery, extension headers walked
 * with bounds checks.  Fragments are counted (Ip6ReasmReqds) and dropped:
 * IPv6 reassembly is not modeled. */
#include <string.h>

#include "internal.h"

#define NEXTHDR_HOP      0
#define NEXTHDR_ROUTING  43
#define NEXTHDR_FRAGMENT 44
#define NEXTHDR_DEST     60

static int ip6_drop(struct sk_buff *skb, enum skb_drop_reason reason)
{
	kfree_skb_reason(skb, reason);
	return NET_RX_DROP;
}

static bool ipv6_addr_is_local(const struct net *net, const uint8_t *a)
{
	static const uint8_t all_nodes[16] = {0xff, 0x02, [15] = 1};
	if (!memcmp(a, all_nodes, 16))
		return true;
	for (int i = 0; i < net->nr_addrs6; i++)
		if (!memcmp(a, net->addrs6[i], 16))
			return true;
	return false;
}

/* ip6_input_finish: skip extension headers, then the upper protocol. */
static int ip6_input_finish(struct sk_buff *skb, uint8_t nexthdr)
{
	struct net *net = skb->net;
	struct ipv6_mib *mib = &net->mib.ip6;
	bool first = true;

	for (;;) {
		if (nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_ROUTING || nexthdr == NEXTHDR_DEST) {
			/* Hop-by-hop is only legal right after the fixed header. */
			if (nexthdr == NEXTHDR_HOP && !first)
				goto bad_exthdr;
			if (!pskb_may_pull(skb, 8))
				goto bad_exthdr;
			uint32_t len = ((uint32_t)skb->data[1] + 1) * 8;
			if (!pskb_may_pull(skb, len))
				goto bad_exthdr;
			nexthdr = skb->data[0];
			skb_pull(skb, len);
			first = false;
			continue;
		}
		break;
	}
	skb_reset_transport_header(skb);
	int ret;
	switch (nexthdr) {
	case NEXTHDR_FRAGMENT:
		mib->ReasmReqds++;
		return ip6_drop(skb, SKB_DROP_REASON_IPV6_FRAG);
	case IPPROTO_UDP:
		ret = udpv6_rcv(skb);
		break;
	case IPPROTO_TCP:
		ret = tcp_v6_rcv(skb);
		break;
	case IPPROTO_ICMPV6:
		ret = icmpv6_rcv(skb);
		break;
	default:
		mib->InUnknownProtos++;
		return ip6_drop(skb, SKB_DROP_REASON_IP_NOPROTO);
	}
	mib->InDelivers++;
	return ret;

bad_exthdr:
	mib->InHdrErrors++;
	return ip6_drop(skb, SKB_DROP_REASON_IPV6_BAD_EXTHDR);
}

int ipv6_rcv(struct sk_buff *skb)
{
	struct net *net = skb->net;
	struct ipv6_mib *mib = &net->mib.ip6;

	net_charge(net, RX_COST_IPV6_RCV, 1);
	skb_stamp(skb, SKB_STAGE_L3);
	if (skb->pkt_type == PACKET_OTHERHOST) {
		skb->dev->stats.rx_otherhost_dropped++;
		return ip6_drop(skb, SKB_DROP_REASON_OTHERHOST);
	}
	mib->InReceives++;
	if (!pskb_may_pull(skb, 40) || (skb->data[0] >> 4) != 6)
		goto err;
	const uint8_t *h = skb->data;
	const uint8_t *saddr = h + 8, *daddr = h + 24;
	/* Multicast source, or interface-local multicast off the wire. */
	if (saddr[0] == 0xff || (daddr[0] == 0xff && (daddr[1] & 0x0f) == 1))
		goto err;
	uint32_t plen = get_be16(h + 4);
	if (plen == 0) /* jumbograms are not modeled */
		goto err;
	if (plen + 40 > skb->len) {
		mib->InTruncatedPkts++;
		return ip6_drop(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	}
	skb_trim(skb, plen + 40);
	if (!ipv6_addr_is_local(net, daddr)) {
		mib->InAddrErrors++; /* forwarding off */
		return ip6_drop(skb, SKB_DROP_REASON_IP_INADDRERRORS);
	}
	if (daddr[0] == 0xff)
		mib->InMcastPkts++;
	uint8_t nexthdr = h[6];
	skb_pull(skb, 40);
	return ip6_input_finish(skb, nexthdr);

err:
	mib->InHdrErrors++;
	return ip6_drop(skb, SKB_DROP_REASON_IP_INHDR);
}
