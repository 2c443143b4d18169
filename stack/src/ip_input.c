/* IPv4 receive: ip_rcv (header checks), ip_rcv_finish (the routing
 * decision of a host that does not forward), ip_local_deliver. */
#include "internal.h"

#define IP_MF     0x2000
#define IP_OFFSET 0x1fff

static int ip_drop(struct sk_buff *skb, enum skb_drop_reason reason)
{
	kfree_skb_reason(skb, reason);
	return NET_RX_DROP;
}

static int ip_local_deliver_finish(struct sk_buff *skb)
{
	struct net *net = skb->net;
	const uint8_t *iph = skb_network_header(skb);
	uint8_t protocol = iph[9];
	int ret;

	skb_pull(skb, (uint32_t)(iph[0] & 15) * 4);
	skb_reset_transport_header(skb);
	switch (protocol) {
	case IPPROTO_UDP:
		ret = udp_rcv(skb);
		break;
	case IPPROTO_TCP:
		ret = tcp_v4_rcv(skb);
		break;
	case IPPROTO_ICMP:
		ret = icmp_rcv(skb);
		break;
	default:
		net->mib.ip.InUnknownProtos++;
		icmp_send(net, 3, 2); /* protocol unreachable */
		return ip_drop(skb, SKB_DROP_REASON_IP_NOPROTO);
	}
	/* Counted once a protocol handler took it, whatever it then did. */
	net->mib.ip.InDelivers++;
	return ret;
}

int ip_local_deliver(struct sk_buff *skb)
{
	net_charge(skb->net, RX_COST_IP_LOCAL_DELIVER, 1);
	const uint8_t *iph = skb_network_header(skb);
	if (get_be16(iph + 6) & (IP_MF | IP_OFFSET)) {
		if (ip_defrag(&skb))
			return NET_RX_SUCCESS; /* queued, or dropped with its reason */
	}
	if (nf_hook_slow(skb->net, NF_INET_LOCAL_IN, skb) != NF_ACCEPT)
		return ip_drop(skb, SKB_DROP_REASON_NETFILTER_DROP);
	return ip_local_deliver_finish(skb);
}

/* A host with forwarding off: local (unicast, broadcast, joined multicast)
 * or dropped. */
static int ip_rcv_finish(struct sk_buff *skb)
{
	struct net *net = skb->net;
	const uint8_t *iph = skb_network_header(skb);
	uint32_t saddr = get_be32(iph + 12), daddr = get_be32(iph + 16);
	bool bcast, mcast;

	/* Martian sources: multicast, limited broadcast, loopback. */
	if ((saddr >> 28) == 0xe || saddr == 0xffffffffu || (saddr >> 24) == 127)
		return ip_drop(skb, SKB_DROP_REASON_IP_INVALID_SOURCE);
	if ((daddr >> 24) == 127 || (daddr >> 24) == 0)
		return ip_drop(skb, SKB_DROP_REASON_IP_INVALID_DEST);
	bool local = inet_addr_is_local(net, daddr, &bcast, &mcast);
	/* 0.0.0.0/8 source only for limited broadcast (DHCP). */
	if ((saddr >> 24) == 0 && daddr != 0xffffffffu)
		return ip_drop(skb, SKB_DROP_REASON_IP_INVALID_SOURCE);
	if (!local) {
		if (mcast)
			return ip_drop(skb, SKB_DROP_REASON_IP_INVALID_DEST);
		/* ip_error: no forwarding, so an address error. */
		net->mib.ip.InAddrErrors++;
		return ip_drop(skb, SKB_DROP_REASON_IP_INADDRERRORS);
	}
	skb->rt_flags = (uint8_t)((bcast ? RTCF_BROADCAST : 0) | (mcast ? RTCF_MULTICAST : 0));
	if (bcast)
		net->mib.ip.InBcastPkts++;
	if (mcast)
		net->mib.ip.InMcastPkts++;
	return ip_local_deliver(skb);
}

static int ip_rcv_core(struct sk_buff *skb)
{
	struct net *net = skb->net;
	struct ipstats_mib *mib = &net->mib.ip;
	enum skb_drop_reason reason = SKB_DROP_REASON_IP_INHDR;

	net_charge(net, RX_COST_IP_RCV, 1);
	skb_stamp(skb, SKB_STAGE_L3);
	if (skb->pkt_type == PACKET_OTHERHOST) {
		skb->dev->stats.rx_otherhost_dropped++;
		return ip_drop(skb, SKB_DROP_REASON_OTHERHOST);
	}
	mib->InReceives++;
	mib->InOctets += skb->len;
	if (!pskb_may_pull(skb, 20))
		goto inhdr_error;
	const uint8_t *iph = skb->data;
	uint32_t ihl = (uint32_t)(iph[0] & 15) * 4;
	if (ihl < 20 || (iph[0] >> 4) != 4)
		goto inhdr_error;
	if (!pskb_may_pull(skb, ihl))
		goto inhdr_error;
	if (!skb->ip_hdr_csum_ok) {
		net_charge(net, RX_COST_CSUM_BYTES, ihl);
		if (csum_fold(csum_partial(iph, ihl, 0)) != 0)
			goto csum_error;
	}
	uint32_t len = get_be16(iph + 2);
	if (skb->len < len) {
		mib->InTruncatedPkts++;
		return ip_drop(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	}
	if (len < ihl)
		goto inhdr_error;
	skb_trim(skb, len); /* Ethernet padding */
	skb->transport_header = (uint16_t)(skb->network_header + ihl);
	if (nf_hook_slow(net, NF_INET_PRE_ROUTING, skb) != NF_ACCEPT)
		return ip_drop(skb, SKB_DROP_REASON_NETFILTER_DROP);
	return ip_rcv_finish(skb);

csum_error:
	/* A bad header checksum moves both InCsumErrors and InHdrErrors. */
	reason = SKB_DROP_REASON_IP_CSUM;
	mib->InCsumErrors++;
inhdr_error:
	mib->InHdrErrors++;
	return ip_drop(skb, reason);
}

int ip_rcv(struct sk_buff *skb)
{
	struct net *net = skb->net;
	net_fn_begin(net, "ip_rcv");
	const int ret = ip_rcv_core(skb);
	net_fn_end(net, "ip_rcv", -1, -1);
	return ret;
}
