/* TCP receive without the state machine: header and checksum checks,
 * socket lookup, the payload to the socket's queue in sequence order
 * (rcv_nxt), segments beyond a hole held in an out-of-order queue until it
 * fills, the Tcp counters (shared by IPv4 and IPv6, as in the kernel).
 *
 * The data path follows Linux 6.1 net/ipv4/tcp_input.c: tcp_data_queue,
 * tcp_data_queue_ofo, tcp_ofo_queue, tcp_try_rmem_schedule,
 * tcp_prune_ofo_queue, tcp_fin's purge.  Departures: segments are never
 * coalesced (tcp_try_coalesce, tcp_collapse): each one stays its own skb so
 * the simulator can follow every wire packet to its fate, and is charged
 * its own truesize; the queue is a sorted list, not an rbtree (same order,
 * same overlap rules); a partly old segment is trimmed rather than kept
 * whole behind copied_seq; no receive window (TCP_OVERWINDOW, ZEROWINDOW),
 * no ACKs or SACK blocks are sent. */
#include "internal.h"

#define TCPHDR_FIN 0x01
#define TCPHDR_SYN 0x02
#define TCPHDR_RST 0x04

static bool before(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static bool after(uint32_t a, uint32_t b) { return before(b, a); }

static int tcp_drop(struct sk_buff *skb, enum skb_drop_reason reason)
{
	kfree_skb_reason(skb, reason);
	return NET_RX_DROP;
}

/* tcp_drop_reason: a drop the socket counts (sk_drops_add). */
static int tcp_sk_drop(struct sock *sk, struct sk_buff *skb, enum skb_drop_reason reason)
{
	sk->drops++;
	return tcp_drop(skb, reason);
}

/* The out-of-order queue: a singly linked list in seq order. */
static void ofo_insert_after(struct sock *sk, struct sk_buff *prev, struct sk_buff *skb)
{
	struct sk_buff_head *q = &sk->ofo_queue;
	struct sk_buff **link = prev ? &prev->next : &q->head;
	skb->next = *link;
	*link = skb;
	if (!skb->next)
		q->tail = skb;
	q->qlen++;
	sock_charge_skb(sk, skb);
	sk->ofo_bytes += skb->truesize;
}

/* Unlinks prev's successor (the head when prev is NULL) and uncharges it. */
static struct sk_buff *ofo_unlink_after(struct sock *sk, struct sk_buff *prev)
{
	struct sk_buff_head *q = &sk->ofo_queue;
	struct sk_buff **link = prev ? &prev->next : &q->head;
	struct sk_buff *skb = *link;
	*link = skb->next;
	if (q->tail == skb)
		q->tail = prev;
	q->qlen--;
	skb->next = NULL;
	sk->rmem_alloc -= skb->truesize;
	sk->ofo_bytes -= skb->truesize;
	return skb;
}

static struct sk_buff *ofo_before(const struct sock *sk, const struct sk_buff *skb)
{
	struct sk_buff *p = NULL;
	for (struct sk_buff *s = sk->ofo_queue.head; s != skb; s = s->next)
		p = s;
	return p;
}

void tcp_ofo_purge(struct sock *sk, enum skb_fate fate, enum skb_drop_reason reason)
{
	while (sk->ofo_queue.head) {
		struct sk_buff *skb = ofo_unlink_after(sk, NULL);
		if (fate == SKB_FATE_DROPPED)
			kfree_skb_reason(skb, reason);
		else
			skb_free_delivered(skb, fate);
	}
}

/* tcp_prune_ofo_queue: drop from the queue's end back to in_skb's place,
 * rcvbuf/8 bytes at a time, until the socket is within sk_rcvbuf. */
static bool tcp_prune_ofo_queue(struct sock *sk, const struct sk_buff *in_skb)
{
	bool pruned = false;
	int64_t goal = sk->rcvbuf >> 3;
	struct sk_buff *skb = sk->ofo_queue.tail;
	while (skb && !after(in_skb->seq, skb->seq)) {
		struct sk_buff *prev = ofo_before(sk, skb);
		pruned = true;
		goal -= ofo_unlink_after(sk, prev)->truesize;
		tcp_sk_drop(sk, skb, SKB_DROP_REASON_TCP_OFO_QUEUE_PRUNE);
		if (!prev || goal <= 0) {
			if (sk->rmem_alloc <= sk->rcvbuf)
				break;
			goal = sk->rcvbuf >> 3;
		}
		skb = prev;
	}
	if (pruned)
		sk->net->mib.tcp.OfoPruned++;
	return pruned;
}

/* tcp_try_rmem_schedule / tcp_prune_queue: over sk_rcvbuf, prune the
 * out-of-order queue; 0 when the socket then has room. */
static int tcp_try_rmem_schedule(struct sock *sk, const struct sk_buff *skb)
{
	if (sk->rmem_alloc <= sk->rcvbuf)
		return 0;
	tcp_prune_ofo_queue(sk, skb);
	return sk->rmem_alloc <= sk->rcvbuf ? 0 : -1;
}

/* tcp_fin: the stream ends; what waits out of order is thrown away
 * (skb_rbtree_purge frees it with kfree_skb). */
static void tcp_fin(struct sock *sk) { tcp_ofo_purge(sk, SKB_FATE_DROPPED, SKB_DROP_REASON_NOT_SPECIFIED); }

/* In order at rcv_nxt: charged to the socket and queued for the reader (a
 * partly old segment trimmed to its new tail); a bare FIN has nothing to
 * read. */
static void tcp_queue_rcv(struct sock *sk, struct sk_buff *skb)
{
	uint32_t rcv_nxt = (uint32_t)sk->rcv_nxt;
	if (before(skb->seq, rcv_nxt)) {
		skb_pull(skb, rcv_nxt - skb->seq);
		skb->seq = rcv_nxt;
	}
	sk->rcv_nxt = skb->end_seq;
	if (!skb->len) {
		consume_skb(skb);
		return;
	}
	sock_charge_skb(sk, skb);
	sock_deliver_skb(sk, skb);
}

/* tcp_ofo_queue: move what the filled hole made contiguous to the
 * receive queue; a segment wholly below rcv_nxt now is TCP_OFO_DROP. */
static void tcp_ofo_queue(struct sock *sk)
{
	struct sk_buff *skb;
	while ((skb = sk->ofo_queue.head) && !after(skb->seq, (uint32_t)sk->rcv_nxt)) {
		ofo_unlink_after(sk, NULL);
		if (!after(skb->end_seq, (uint32_t)sk->rcv_nxt)) {
			tcp_sk_drop(sk, skb, SKB_DROP_REASON_TCP_OFO_DROP);
			continue;
		}
		const bool fin = skb->tcp_flags & TCPHDR_FIN;
		tcp_queue_rcv(sk, skb);
		if (fin) {
			tcp_fin(sk);
			break;
		}
	}
}

/* tcp_data_queue_ofo: hold a segment beyond rcv_nxt in seq order.  Already
 * held whole: dropped (TCP_OFOMERGE); covering one that starts at the same
 * seq: replaces it; partial overlaps are kept; segments it covers after it
 * are dropped (merge_right). */
static int tcp_data_queue_ofo(struct sock *sk, struct sk_buff *skb)
{
	struct tcp_mib *mib = &sk->net->mib.tcp;
	if (sk->dead)
		return tcp_drop(skb, SKB_DROP_REASON_SOCKET_CLOSE);
	if (tcp_try_rmem_schedule(sk, skb)) {
		mib->TCPOFODrop++;
		return tcp_sk_drop(sk, skb, SKB_DROP_REASON_PROTO_MEM);
	}
	mib->TCPOFOQueue++;
	const uint32_t seq = skb->seq, end_seq = skb->end_seq;
	/* prev: the last segment starting at or before seq. */
	struct sk_buff *pprev = NULL, *prev = NULL;
	for (struct sk_buff *s = sk->ofo_queue.head; s && !before(seq, s->seq); s = s->next) {
		pprev = prev;
		prev = s;
	}
	if (prev && before(seq, prev->end_seq)) {
		if (!after(end_seq, prev->end_seq)) {
			mib->TCPOFOMerge++;
			return tcp_sk_drop(sk, skb, SKB_DROP_REASON_TCP_OFOMERGE);
		}
		if (!after(seq, prev->seq)) {
			mib->TCPOFOMerge++;
			tcp_sk_drop(sk, ofo_unlink_after(sk, pprev), SKB_DROP_REASON_TCP_OFOMERGE);
			prev = pprev;
		}
	}
	ofo_insert_after(sk, prev, skb);
	while (skb->next && after(end_seq, skb->next->seq) && !before(end_seq, skb->next->end_seq)) {
		mib->TCPOFOMerge++;
		tcp_sk_drop(sk, ofo_unlink_after(sk, skb), SKB_DROP_REASON_TCP_OFOMERGE);
	}
	if (sk->ofo_queue.qlen > mib->ofo_max_segs)
		mib->ofo_max_segs = sk->ofo_queue.qlen;
	if (sk->ofo_bytes > mib->ofo_max_bytes)
		mib->ofo_max_bytes = sk->ofo_bytes;
	return NET_RX_SUCCESS;
}

/* tcp_data_queue: in order to the receive queue (then whatever the
 * out-of-order queue can follow with), old data dropped, the rest held
 * out of order. */
static int tcp_data_queue(struct sock *sk, struct sk_buff *skb)
{
	const uint32_t rcv_nxt = (uint32_t)sk->rcv_nxt;
	if (skb->seq == skb->end_seq) {
		consume_skb(skb); /* pure ACK: no sequence space */
		return NET_RX_SUCCESS;
	}
	if (!after(skb->end_seq, rcv_nxt))
		return tcp_sk_drop(sk, skb, SKB_DROP_REASON_TCP_OLD_DATA);
	if (after(skb->seq, rcv_nxt))
		return tcp_data_queue_ofo(sk, skb);
	/* queue_and_out: over sk_rcvbuf even after pruning, refused unless the
	 * receive queue is empty (sk_forced_mem_schedule). */
	net_charge(sk->net, RX_COST_SOCK_QUEUE_RCV_SKB, 1);
	if (sk->dead)
		return tcp_drop(skb, SKB_DROP_REASON_SOCKET_CLOSE);
	if (tcp_try_rmem_schedule(sk, skb) && sk->queue.qlen) {
		sk->net->mib.tcp.TCPRcvQDrop++;
		return tcp_sk_drop(sk, skb, SKB_DROP_REASON_PROTO_MEM);
	}
	const bool fin = skb->tcp_flags & TCPHDR_FIN;
	tcp_queue_rcv(sk, skb);
	if (fin)
		tcp_fin(sk);
	if (sk->ofo_queue.head)
		tcp_ofo_queue(sk);
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
	/* A GRO super-packet counts its segments (gso_segs ?: 1). */
	mib->InSegs += skb->gro.count > 1 ? skb->gro.count : 1u;
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
	struct sock *sk = sk_lookup(net, IPPROTO_TCP, family, saddr, get_be16(th), daddr, get_be16(th + 2));
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
	skb->seq = seq;
	skb->end_seq = seq + skb->len + ((flags & TCPHDR_FIN) ? 1u : 0u);
	skb->tcp_flags = flags;
	return tcp_data_queue(sk, skb);
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
