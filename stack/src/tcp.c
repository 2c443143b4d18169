/* TCP receive without the state machine: header and checksum checks,
 * socket lookup, in-order payload to the socket's queue (rcv_nxt), the Tcp
 * counters (shared by IPv4 and IPv6, as in the kernel). */
#include "internal.h"

#define TCPHDR_FIN 0x01
#define TCPHDR_SYN 0x02
#define TCPHDR_RST 0x04

static bool before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }

static int tcp_drop(struct sk_buff *skb, enum skb_drop_reason reason)
{
	kfree_skb_reason(skb, reason);
	return NET_RX_DROP;
}

/* tcp_data_queue, in order only: old bytes are trimmed, gaps dropped. */
static int tcp_data_queue(struct sock *sk, struct sk_buff *skb, uint32_t seq, uint8_t flags)
{
	uint32_t rcv_nxt = (uint32_t)sk->rcv_nxt;
	uint32_t len = skb->len;
	if (before(rcv_nxt, seq))
		return tcp_drop(skb, SKB_DROP_REASON_TCP_OFO_DROP);
	if (!before(rcv_nxt, seq + len) && !(len == 0 && seq == rcv_nxt))
		return tcp_drop(skb, SKB_DROP_REASON_TCP_OLD_DATA);
	skb_pull(skb, rcv_nxt - seq); /* partly old: keep the new tail */
	uint32_t fin = (flags & TCPHDR_FIN) ? 1 : 0;
	if (!skb->len) {
		sk->rcv_nxt = (uint32_t)(rcv_nxt + fin);
		consume_skb(skb); /* pure ACK / FIN: nothing to read */
		return NET_RX_SUCCESS;
	}
	uint32_t n = skb->len;
	int err = sock_queue_rcv_skb(sk, skb);
	if (err < 0)
		return tcp_drop(skb, err == -2 ? SKB_DROP_REASON_SOCKET_CLOSE : SKB_DROP_REASON_SOCKET_RCVBUFF);
	sk->rcv_nxt = (uint32_t)(rcv_nxt + n + fin);
	return NET_RX_SUCCESS;
}

static int tcp_rcv(struct sk_buff *skb, int family)
{
	struct net *net = skb->net;
	struct tcp_mib *mib = &net->mib.tcp;
	const uint8_t *nh = skb_network_header(skb);

	net_charge(net, RX_COST_TCP_V4_RCV, 1);
	skb_stamp(skb, SKB_STAGE_L4);
	if (skb->pkt_type != PACKET_HOST)
		return tcp_drop(skb, SKB_DROP_REASON_NOT_SPECIFIED);
	mib->InSegs++;
	if (!pskb_may_pull(skb, 20))
		return tcp_drop(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	const uint8_t *th = skb->data;
	uint32_t doff = (uint32_t)(th[12] >> 4) * 4;
	if (doff < 20) {
		mib->InErrs++;
		return tcp_drop(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	}
	if (!pskb_may_pull(skb, doff))
		return tcp_drop(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
	if (skb->ip_summed != CHECKSUM_UNNECESSARY &&
	    !(family == RX_AF_INET ? skb_l4_csum_ok4(skb, nh, IPPROTO_TCP) : skb_l4_csum_ok6(skb, nh, IPPROTO_TCP))) {
		mib->InCsumErrors++;
		mib->InErrs++;
		return tcp_drop(skb, SKB_DROP_REASON_TCP_CSUM);
	}
	uint8_t saddr[16], daddr[16];
	if (family == RX_AF_INET) {
		ipv6_addr_set_v4mapped(get_be32(nh + 12), saddr);
		ipv6_addr_set_v4mapped(get_be32(nh + 16), daddr);
	} else {
		for (int i = 0; i < 16; i++) {
			saddr[i] = nh[8 + i];
			daddr[i] = nh[24 + i];
		}
	}
	uint8_t flags = th[13];
	uint32_t seq = get_be32(th + 4);
	struct sock *sk = sk_lookup(net, IPPROTO_TCP, saddr, get_be16(th), daddr, get_be16(th + 2));
	if (sk && !sk->connected && (flags & (TCPHDR_SYN | TCPHDR_RST)) == TCPHDR_SYN && !(flags & 0x10)) {
		/* A listener sees the SYN; connections come from sock_connect. */
		consume_skb(skb);
		return NET_RX_SUCCESS;
	}
	if (!sk || !sk->connected) {
		if (!(flags & TCPHDR_RST))
			mib->OutRsts++; /* tcp_v4_send_reset */
		return tcp_drop(skb, SKB_DROP_REASON_NO_SOCKET);
	}
	if (flags & TCPHDR_SYN)
		seq++; /* the SYN takes one sequence number */
	if (!sk->rcv_nxt_valid) {
		sk->rcv_nxt = seq;
		sk->rcv_nxt_valid = true;
	}
	skb_pull(skb, doff);
	return tcp_data_queue(sk, skb, seq, flags);
}

int tcp_v4_rcv(struct sk_buff *skb)
{
	struct net *net = skb->net;
	net_fn_begin(net, "tcp_v4_rcv");
	const int ret = tcp_rcv(skb, RX_AF_INET);
	net_fn_end(net, "tcp_v4_rcv", -1, -1);
	return ret;
}
int tcp_v6_rcv(struct sk_buff *skb) { return tcp_rcv(skb, RX_AF_INET6); }
