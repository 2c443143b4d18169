/* ARP receive: header checks, requests for our addresses answered on
 * paper; every valid ARP packet is consumed. */
#include "internal.h"

static int arp_drop(struct sk_buff *skb, enum skb_drop_reason reason)
{
	skb->net->mib.arp.InErrors++;
	kfree_skb_reason(skb, reason);
	return NET_RX_DROP;
}

int arp_rcv(struct sk_buff *skb)
{
	struct net *net = skb->net;

	net_charge(net, RX_COST_ARP_RCV, 1);
	skb_stamp(skb, SKB_STAGE_L3);
	if (skb->pkt_type == PACKET_OTHERHOST) {
		consume_skb(skb); /* not ours: silently consumed, as the kernel does */
		return NET_RX_SUCCESS;
	}
	if (!pskb_may_pull(skb, 8))
		return arp_drop(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	const uint8_t *arp = skb->data;
	if (arp[4] != 6 || arp[5] != 4)
		return arp_drop(skb, SKB_DROP_REASON_NOT_SPECIFIED);
	if (!pskb_may_pull(skb, 8 + 2 * (6 + 4)))
		return arp_drop(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	uint16_t hrd = get_be16(arp), pro = get_be16(arp + 2), op = get_be16(arp + 6);
	if (hrd != 1 || pro != ETH_P_IP || (op != 1 && op != 2))
		return arp_drop(skb, SKB_DROP_REASON_NOT_SPECIFIED);
	uint32_t tip = get_be32(arp + 24);
	if (op == 1) {
		net->mib.arp.InRequests++;
		for (int i = 0; i < net->nr_addrs; i++)
			if (net->addrs[i].addr == tip)
				net->mib.arp.OutReplies++;
	} else {
		net->mib.arp.InReplies++;
	}
	consume_skb(skb);
	return NET_RX_SUCCESS;
}
