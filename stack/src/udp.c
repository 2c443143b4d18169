/* UDP receive (udp_rcv / udpv6_rcv): length and checksum checks, socket
 * lookup, enqueue charged against sk_rcvbuf, the Udp/Udp6 counters. */
#include "internal.h"

static int udp_drop(struct udp_mib *mib, struct sk_buff *skb, enum skb_drop_reason reason)
{
	mib->InErrors++;
	kfree_skb_reason(skb, reason);
	return NET_RX_DROP;
}

static int __udp_lib_rcv(struct sk_buff *skb, int family)
{
	struct net *net = skb->net;
	bool v4 = family == RX_AF_INET;
	struct udp_mib *mib = v4 ? &net->mib.udp : &net->mib.udp6;
	const uint8_t *nh = skb_network_header(skb);

	net_charge(net, RX_COST_UDP_RCV, 1);
	skb_stamp(skb, SKB_STAGE_L4);
	if (!pskb_may_pull(skb, 8))
		return udp_drop(mib, skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	const uint8_t *uh = skb->data;
	uint32_t ulen = get_be16(uh + 4);
	if (ulen > skb->len || ulen < 8)
		return udp_drop(mib, skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	skb_trim(skb, ulen);
	uint16_t check = get_be16(uh + 6);
	/* IPv4 may omit the checksum (0); IPv6 may not (RFC 8200). */
	bool csum_bad = v4 ? (check && skb->ip_summed != CHECKSUM_UNNECESSARY && !skb_l4_csum_ok4(skb, nh, IPPROTO_UDP))
			   : (!check || (skb->ip_summed != CHECKSUM_UNNECESSARY && !skb_l4_csum_ok6(skb, nh, IPPROTO_UDP)));
	if (csum_bad) {
		mib->InCsumErrors++;
		return udp_drop(mib, skb, SKB_DROP_REASON_UDP_CSUM);
	}

	uint8_t saddr[16], daddr[16];
	bool multi;
	if (v4) {
		ipv6_addr_set_v4mapped(get_be32(nh + 12), saddr);
		ipv6_addr_set_v4mapped(get_be32(nh + 16), daddr);
		multi = skb->rt_flags != 0;
	} else {
		for (int i = 0; i < 16; i++) {
			saddr[i] = nh[8 + i];
			daddr[i] = nh[24 + i];
		}
		multi = daddr[0] == 0xff;
	}
	struct sock *sk = sk_lookup(net, IPPROTO_UDP, family, saddr, get_be16(uh), daddr, get_be16(uh + 2));
	if (!sk) {
		if (multi) {
			/* Broadcast/multicast nobody listens to is not an error. */
			mib->IgnoredMulti++;
		} else {
			mib->NoPorts++;
			if (v4)
				icmp_send(net, 3, 3); /* port unreachable */
			else
				icmpv6_send(net, 1, 4);
		}
		kfree_skb_reason(skb, SKB_DROP_REASON_NO_SOCKET);
		return NET_RX_DROP;
	}
	skb_pull(skb, 8);
	int err = sock_queue_rcv_skb(sk, skb);
	if (err == -2) {
		kfree_skb_reason(skb, SKB_DROP_REASON_SOCKET_CLOSE);
		return NET_RX_DROP;
	}
	if (err < 0) {
		mib->RcvbufErrors++;
		return udp_drop(mib, skb, SKB_DROP_REASON_SOCKET_RCVBUFF);
	}
	return NET_RX_SUCCESS;
}

int udp_rcv(struct sk_buff *skb)
{
	struct net *net = skb->net;
	net_fn_begin(net, "udp_rcv");
	const int ret = __udp_lib_rcv(skb, RX_AF_INET);
	net_fn_end(net, "udp_rcv", -1, -1);
	return ret;
}
int udpv6_rcv(struct sk_buff *skb) { return __udp_lib_rcv(skb, RX_AF_INET6); }
