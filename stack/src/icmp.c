/* ICMP and ICMPv6 receive: checksum, counted by type (IcmpMsg InTypeN),
 * echo requests answered on paper (no transmit path: Out counters only). */
#include "internal.h"

#define NR_ICMP_TYPES 18

void icmp_send(struct net *net, uint8_t type, uint8_t code)
{
	(void)code;
	net->mib.icmp.OutMsgs++;
	net->mib.icmp.OutType[type]++;
}

void icmpv6_send(struct net *net, uint8_t type, uint8_t code)
{
	(void)code;
	net->mib.icmp6.OutMsgs++;
	net->mib.icmp6.OutType[type]++;
}

static int icmp_error(struct icmp_mib *mib, struct sk_buff *skb, enum skb_drop_reason reason)
{
	mib->InErrors++;
	kfree_skb_reason(skb, reason);
	return NET_RX_DROP;
}

int icmp_rcv(struct sk_buff *skb)
{
	struct net *net = skb->net;
	struct icmp_mib *mib = &net->mib.icmp;

	net_charge(net, RX_COST_ICMP_RCV, 1);
	skb_stamp(skb, SKB_STAGE_L4);
	mib->InMsgs++;
	if (skb->ip_summed != CHECKSUM_UNNECESSARY) {
		net_charge(net, RX_COST_CSUM_BYTES, skb->len);
		if (csum_fold(csum_partial(skb->data, skb->len, 0)) != 0) {
			mib->InCsumErrors++;
			return icmp_error(mib, skb, SKB_DROP_REASON_ICMP_CSUM);
		}
	}
	if (!pskb_may_pull(skb, 8))
		return icmp_error(mib, skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	uint8_t type = skb->data[0];
	mib->InType[type]++;
	if (type > NR_ICMP_TYPES)
		return icmp_error(mib, skb, SKB_DROP_REASON_UNHANDLED_PROTO);
	if (skb->rt_flags) {
		/* RFC 1122 3.2.2.6: echo/timestamp to broadcast may be ignored. */
		if ((type == 8 || type == 13) && net->sysctl.icmp_echo_ignore_broadcasts)
			return icmp_error(mib, skb, SKB_DROP_REASON_INVALID_PROTO);
		if (type != 8 && type != 13 && type != 17 && type != 18)
			return icmp_error(mib, skb, SKB_DROP_REASON_INVALID_PROTO);
	}
	if (type == 8)
		icmp_send(net, 0, 0); /* echo reply */
	else if (type == 13)
		icmp_send(net, 14, 0); /* timestamp reply */
	consume_skb(skb);
	return NET_RX_SUCCESS;
}

int icmpv6_rcv(struct sk_buff *skb)
{
	struct net *net = skb->net;
	struct icmp_mib *mib = &net->mib.icmp6;

	net_charge(net, RX_COST_ICMP_RCV, 1);
	skb_stamp(skb, SKB_STAGE_L4);
	mib->InMsgs++;
	if (skb->ip_summed != CHECKSUM_UNNECESSARY &&
	    !skb_l4_csum_ok6(skb, skb_network_header(skb), IPPROTO_ICMPV6)) {
		mib->InCsumErrors++;
		return icmp_error(mib, skb, SKB_DROP_REASON_ICMP_CSUM);
	}
	if (!pskb_may_pull(skb, 4))
		return icmp_error(mib, skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	uint8_t type = skb->data[0];
	mib->InType[type]++;
	if (type == 128)
		icmpv6_send(net, 129, 0); /* echo reply */
	consume_skb(skb);
	return NET_RX_SUCCESS;
}
