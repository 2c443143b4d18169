/* IPv6 receive (net/ipv6/ip6_input.c, Linux 6.6): ip6_rcv_core's header
 * checks, the destination (an address of ours, or a group joined:
 * addrconf.c), then the extension headers and the upper protocol.  The
 * hop limit is not checked on receive (only forwarding does).  Extension
 * headers are skipped by their length: hop-by-hop and destination options
 * are not parsed (no option is acted on), a routing header with segments
 * left is dropped (no type is handled: ipv6_rthdr_rcv's unknown_rh).
 * Fragments are counted (Ip6ReasmReqds) and dropped: IPv6 reassembly is
 * not modeled. */
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

/* ip6_input_finish: skip extension headers, then the upper protocol. */
static int ip6_input_finish(struct sk_buff *skb, uint8_t nexthdr)
{
	struct net *net = skb->net;
	struct ipv6_mib *mib = &net->mib.ip6;
	bool first = true;

	for (;;) {
		/* Hop-by-hop only right after the fixed header (ip6_rcv_core);
		 * later there is no protocol for it: unknown below. */
		if ((nexthdr == NEXTHDR_HOP && first) || nexthdr == NEXTHDR_ROUTING || nexthdr == NEXTHDR_DEST) {
			if (!pskb_may_pull(skb, 8))
				goto bad_exthdr;
			uint32_t len = ((uint32_t)skb->data[1] + 1) * 8;
			if (!pskb_may_pull(skb, len))
				goto bad_exthdr;
			if (nexthdr == NEXTHDR_ROUTING && skb->data[3] != 0) {
				icmpv6_send(net, 4, 0); /* parameter problem, header field */
				goto bad_exthdr;
			}
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
		icmpv6_send(net, 4, 1); /* parameter problem, unknown next header */
		return ip6_drop(skb, SKB_DROP_REASON_IP_NOPROTO);
	}
	mib->InDelivers++;
	return ret;

bad_exthdr:
	mib->InHdrErrors++;
	return ip6_drop(skb, SKB_DROP_REASON_IPV6_BAD_EXTHDR);
}

static bool ipv6_addr_is_multicast(const uint8_t *a) { return a[0] == 0xff; }
static int ipv6_addr_mc_scope(const uint8_t *a) { return a[1] & 0x0f; }

/* ipv6_rcv: ip6_rcv_core, then the route lookup's outcome (ip6_mc_input or
 * local delivery; a destination not ours would be forwarded, and forwarding
 * is off). */
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
	if (!pskb_may_pull(skb, 40))
		goto err;
	const uint8_t *h = skb->data;
	if ((h[0] >> 4) != 6) {
		mib->InHdrErrors++;
		return ip6_drop(skb, SKB_DROP_REASON_UNHANDLED_PROTO);
	}
	const uint8_t *saddr = h + 8, *daddr = h + 24;
	/* RFC 4291: loopback either way, interface-local or reserved-scope
	 * multicast off the wire, a multicast source. */
	if (ipv6_addr_loopback(saddr) || ipv6_addr_loopback(daddr))
		goto err;
	if (ipv6_addr_is_multicast(daddr) && (ipv6_addr_mc_scope(daddr) == 1 || ipv6_addr_mc_scope(daddr) == 0))
		goto err;
	if (ipv6_addr_is_multicast(saddr))
		goto err;
	uint32_t plen = get_be16(h + 4);
	if (plen == 0) /* a jumbogram's hop-by-hop option: not modeled */
		goto err;
	if (plen + 40 > skb->len) {
		mib->InTruncatedPkts++;
		return ip6_drop(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	}
	skb_trim(skb, plen + 40);
	if (ipv6_addr_is_multicast(daddr)) {
		/* ip6_mc_input: a group not joined is freed without a reason. */
		mib->InMcastPkts++;
		if (!ipv6_chk_mcast_addr(net, daddr))
			return ip6_drop(skb, SKB_DROP_REASON_NOT_SPECIFIED);
	} else if (!ipv6_chk_addr(net, daddr)) {
		mib->InAddrErrors++; /* ip6_forward with forwarding off */
		return ip6_drop(skb, SKB_DROP_REASON_IP_INADDRERRORS);
	}
	uint8_t nexthdr = h[6];
	skb_pull(skb, 40);
	return ip6_input_finish(skb, nexthdr);

err:
	mib->InHdrErrors++;
	return ip6_drop(skb, SKB_DROP_REASON_IP_INHDR);
}
