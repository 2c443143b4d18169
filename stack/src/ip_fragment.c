/* IPv4 reassembly (ip_defrag): one queue per (saddr, daddr, id, protocol),
 * RFC 5722 overlap policy, ipfrag_time expiry, ipfrag_high_thresh limit.
 * Fragments keep their IP header in front of skb->data; the datagram is
 * rebuilt in the offset-0 fragment's buffer. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { INET_FRAG_FIRST_IN = 1, INET_FRAG_LAST_IN = 2 };

struct ipq {
	struct ipq *next;
	struct net *net;
	uint32_t saddr, daddr;
	uint16_t id;
	uint8_t protocol, flags;
	struct sk_buff *fragments;  /* sorted by offset, linked through skb->next */
	uint32_t len, meat;         /* datagram payload length known so far / bytes held */
	uint64_t mem;
	struct timer_list timer;
};

static uint32_t frag_ihl(const struct sk_buff *skb) { return (uint32_t)(skb->data[0] & 15) * 4; }

/* Removes the queue and frees what it holds with `reason`. */
static void ipq_kill(struct ipq *qp, enum skb_drop_reason reason)
{
	struct net *net = qp->net;
	for (struct ipq **pp = &net->ipqs; *pp; pp = &(*pp)->next) {
		if (*pp == qp) {
			*pp = qp->next;
			break;
		}
	}
	net_timer_cancel(net, &qp->timer);
	net->frag_mem -= qp->mem;
	struct sk_buff *f = qp->fragments;
	free(qp);
	while (f) {
		struct sk_buff *next = f->next;
		f->next = NULL;
		kfree_skb_reason(f, reason);
		f = next;
	}
}

/* ip_expire: ipfrag_time passed without the whole datagram. */
static void ip_expire(struct timer_list *t)
{
	struct ipq *qp = container_of(t, struct ipq, timer);
	struct net *net = qp->net;
	net->mib.ip.ReasmFails++;
	net->mib.ip.ReasmTimeout++;
	/* Only with the first fragment can the sender be told (RFC 792). */
	if (qp->flags & INET_FRAG_FIRST_IN)
		icmp_send(net, 11, 1);
	ipq_kill(qp, SKB_DROP_REASON_FRAG_REASM_TIMEOUT);
}

static struct ipq *ip_find(struct net *net, const uint8_t *iph)
{
	uint32_t saddr = get_be32(iph + 12), daddr = get_be32(iph + 16);
	uint16_t id = get_be16(iph + 4);
	for (struct ipq *qp = net->ipqs; qp; qp = qp->next)
		if (qp->saddr == saddr && qp->daddr == daddr && qp->id == id && qp->protocol == iph[9])
			return qp;
	/* inet_frag_find: no new queue while memory is above the high mark. */
	if (net->frag_mem > net->sysctl.ipfrag_high_thresh)
		return NULL;
	struct ipq *qp = calloc(1, sizeof(*qp));
	if (!qp)
		return NULL;
	qp->net = net;
	qp->saddr = saddr;
	qp->daddr = daddr;
	qp->id = id;
	qp->protocol = iph[9];
	qp->mem = sizeof(*qp);
	net->frag_mem += qp->mem;
	qp->next = net->ipqs;
	net->ipqs = qp;
	qp->timer.function = ip_expire;
	net_timer_arm(net, &qp->timer, net_now(net) + net->sysctl.ipfrag_time_ns);
	return qp;
}

enum { IPFRAG_OK, IPFRAG_DUP, IPFRAG_OVERLAP };

/* A fragment inside a run of adjacent fragments already held is a
 * duplicate; any other intersection is an overlap. */
static int inet_frag_queue_insert(struct ipq *qp, struct sk_buff *skb, uint32_t offset, uint32_t end)
{
	struct sk_buff **pp = &qp->fragments;
	uint32_t run_start = 0, prev_end = UINT32_MAX;
	for (struct sk_buff *f = qp->fragments; f; f = f->next) {
		if (f->frag_off_bytes != prev_end)
			run_start = f->frag_off_bytes;
		prev_end = f->frag_end;
		if (end > f->frag_off_bytes && offset < f->frag_end) {
			/* Extend the run forward to see if it covers [offset, end). */
			uint32_t run_end = f->frag_end;
			for (struct sk_buff *g = f->next; g && g->frag_off_bytes == run_end; g = g->next)
				run_end = g->frag_end;
			return (offset >= run_start && end <= run_end) ? IPFRAG_DUP : IPFRAG_OVERLAP;
		}
	}
	while (*pp && (*pp)->frag_off_bytes < offset)
		pp = &(*pp)->next;
	skb->next = *pp;
	*pp = skb;
	return IPFRAG_OK;
}

/* Rebuilds the datagram in the head fragment; the others are merged.
 * Freeing charges CPU time, and a charge may fire this queue's timer, so
 * the queue is removed before anything is freed. */
static int ip_frag_reasm(struct ipq *qp, struct sk_buff **pskb)
{
	struct net *net = qp->net;
	struct sk_buff *head = qp->fragments;
	uint32_t ihl = frag_ihl(head), len = qp->len;

	if (ihl + len > 65535) {
		net->mib.ip.ReasmFails++;
		ipq_kill(qp, SKB_DROP_REASON_FRAG_TOO_BIG);
		return -1;
	}
	if (skb_grow_tail(head, len - (head->len - ihl))) {
		net->mib.ip.ReasmFails++;
		ipq_kill(qp, SKB_DROP_REASON_NOMEM);
		return -1;
	}
	struct sk_buff *rest = head->next;
	head->next = NULL;
	qp->fragments = NULL;
	ipq_kill(qp, SKB_DROP_REASON_NOT_SPECIFIED); /* now empty */
	for (struct sk_buff *f = rest; f; f = f->next) {
		memcpy(head->data + ihl + f->frag_off_bytes, f->data + frag_ihl(f), f->frag_end - f->frag_off_bytes);
		head->truesize += f->truesize;
	}
	while (rest) {
		struct sk_buff *next = rest->next;
		rest->next = NULL;
		skb_free_merged(rest, head->id);
		rest = next;
	}
	head->tail = (uint32_t)(head->data - head->head) + ihl + len;
	head->len = ihl + len;
	uint8_t *iph = head->data;
	uint16_t tot = (uint16_t)(ihl + len);
	iph[2] = (uint8_t)(tot >> 8);
	iph[3] = (uint8_t)tot;
	iph[6] &= 0x40; /* keep DF, clear MF and offset */
	iph[7] = 0;
	head->ip_hdr_csum_ok = 1; /* rebuilt here, not received */
	head->ip_summed = CHECKSUM_NONE; /* per-fragment hardware status is meaningless */
	head->transport_header = (uint16_t)(head->network_header + ihl);
	net->mib.ip.ReasmOKs++;
	*pskb = head;
	return 0;
}

static int ip_frag_queue(struct ipq *qp, struct sk_buff **pskb)
{
	struct net *net = qp->net;
	struct sk_buff *skb = *pskb;
	const uint8_t *iph = skb->data;
	uint32_t ihl = frag_ihl(skb);
	uint16_t fo = get_be16(iph + 6);
	uint32_t offset = (uint32_t)(fo & 0x1fff) << 3;
	uint32_t end = offset + skb->len - ihl;
	enum skb_drop_reason reason = SKB_DROP_REASON_FRAG_INVALID;

	if (!(fo & 0x2000)) {
		/* Last fragment: fixes the length; must agree with what we have. */
		if (end < qp->len || ((qp->flags & INET_FRAG_LAST_IN) && end != qp->len))
			goto discard_qp;
		qp->flags |= INET_FRAG_LAST_IN;
		qp->len = end;
	} else {
		end &= ~7u; /* non-final fragments carry multiples of 8 */
		if (end > qp->len) {
			if (qp->flags & INET_FRAG_LAST_IN)
				goto discard_qp;
			qp->len = end;
		}
	}
	if (end == offset)
		goto discard_qp;
	skb_trim(skb, ihl + end - offset);
	skb->frag_off_bytes = offset;
	skb->frag_end = end;
	int err = inet_frag_queue_insert(qp, skb, offset, end);
	if (err == IPFRAG_DUP) {
		kfree_skb_reason(skb, SKB_DROP_REASON_DUP_FRAG);
		return -1;
	}
	if (err == IPFRAG_OVERLAP) {
		net->mib.ip.ReasmOverlaps++;
		reason = SKB_DROP_REASON_FRAG_OVERLAP;
		goto discard_qp;
	}
	if (offset == 0)
		qp->flags |= INET_FRAG_FIRST_IN;
	qp->meat += end - offset;
	qp->mem += skb->truesize;
	net->frag_mem += skb->truesize;
	if (qp->flags == (INET_FRAG_FIRST_IN | INET_FRAG_LAST_IN) && qp->meat == qp->len)
		return ip_frag_reasm(qp, pskb);
	return 1; /* queued */

discard_qp:
	net->mib.ip.ReasmFails++;
	ipq_kill(qp, reason); /* first: freeing charges, and a charge may expire qp */
	kfree_skb_reason(skb, reason);
	return -1;
}

int ip_defrag(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct net *net = skb->net;
	net_charge(net, RX_COST_IP_DEFRAG, 1);
	net->mib.ip.ReasmReqds++;
	struct ipq *qp = ip_find(net, skb->data);
	if (!qp) {
		net->mib.ip.ReasmFails++;
		kfree_skb_reason(skb, SKB_DROP_REASON_NOMEM);
		return -1;
	}
	return ip_frag_queue(qp, pskb);
}

void ip_frag_flush(struct net *net)
{
	while (net->ipqs)
		ipq_kill(net->ipqs, SKB_DROP_REASON_QUEUE_PURGE);
}
