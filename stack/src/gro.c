/* GRO, generic receive offload (net/core/gro.c, Linux 6.6): dev_gro_receive
 * holds a TCP/IPv4 segment for its flow and merges the flow's next
 * in-order segments into it (the protocol rules are tcp_offload.c's);
 * napi_gro_complete sends a held packet up once, all its segments as one
 * super-packet; napi_gro_flush sends up what is held.
 *
 * Departures: one list, not GRO_HASH_BUCKETS of them (e1000 sets no
 * skb->hash, so on Linux too every flow is in bucket 0); a packet that does
 * not merge goes up at once (gro_normal_one batches gro_normal_batch, 8,
 * for netif_receive_skb_list: the model has no listified receive, and the
 * batch would only hold them to the poll's end); only IPv4 has an offload
 * (ipv6_gro_receive and vlan_gro_receive are not modeled: those frames go
 * up unmerged). */
#include <string.h>

#include "internal.h"

#define MAX_GRO_SKBS 8

/* gro_list_prepare: a held packet can be skb's flow only if it came on the
 * same device with the same VLAN tag and Ethernet header. */
static void gro_list_prepare(struct sk_buff *head, const struct sk_buff *skb)
{
	for (struct sk_buff *p = head; p; p = p->next) {
		p->gro.flush = 0;
		p->gro.same_flow = p->dev == skb->dev && p->vlan_present == skb->vlan_present &&
				   p->vlan_proto == skb->vlan_proto && p->vlan_tci == skb->vlan_tci &&
				   !memcmp(skb_mac_header(p), skb_mac_header(skb), ETH_HLEN);
	}
}

static void gro_list_del(struct napi_struct *napi, struct sk_buff *skb)
{
	struct sk_buff **link = &napi->gro_list;
	while (*link != skb)
		link = &(*link)->next;
	*link = skb->next;
	skb->next = NULL;
}

int skb_gro_receive(struct sk_buff *p, struct sk_buff *skb)
{
	const uint32_t len = skb->len - skb->gro.data_offset;
	if (p->len + len >= p->dev->gro_max_size || skb->gro.flush)
		return -1;
	if (skb_grow_tail(p, len))
		return -1;
	memcpy(skb_put(p, len), skb->data + skb->gro.data_offset, len);
	skb_pull(skb, skb->gro.data_offset);
	if (p->gro.last == p)
		p->frag_list = skb;
	else
		p->gro.last->next = skb;
	skb->next = NULL;
	p->gro.last = skb;
	p->gro.count++;
	p->truesize += skb->truesize;
	skb->gro.same_flow = 1;
	return 0;
}

/* napi_gro_complete: a packet of one segment goes up as it came; a
 * super-packet gets its headers for the whole (inet_gro_complete). */
static void napi_gro_complete(struct napi_struct *napi, struct sk_buff *skb)
{
	struct napi_gro_stats *st = &napi->gro;
	st->flushed++;
	if (skb->gro.count > 1) {
		st->super_packets++;
		inet_gro_complete(skb);
	}
	if (skb->gro.count > st->max_segs)
		st->max_segs = skb->gro.count;
	netif_receive_skb(skb);
}

/* gro_flush_oldest: MAX_GRO_SKBS held, the oldest makes room. */
static void gro_flush_oldest(struct napi_struct *napi)
{
	struct sk_buff *oldest = napi->gro_list;
	while (oldest->next)
		oldest = oldest->next;
	gro_list_del(napi, oldest);
	napi->gro.flush_evict++;
	napi_gro_complete(napi, oldest);
}

void napi_gro_flush(struct napi_struct *napi, bool flush_old)
{
	if (!napi->gro_list)
		return;
	struct net *net = napi->dev->net;
	net_fn_begin(net, "napi_gro_flush");
	/* Oldest first (__napi_gro_flush_chain); with flush_old the ones held
	 * in this jiffy stay. */
	for (;;) {
		struct sk_buff *oldest = napi->gro_list;
		if (!oldest)
			break;
		while (oldest->next)
			oldest = oldest->next;
		if (flush_old && oldest->gro.age == net_jiffies(net))
			break;
		gro_list_del(napi, oldest);
		napi->gro_count--;
		napi->gro.flush_poll++;
		napi_gro_complete(napi, oldest);
	}
	net_fn_end(net, "napi_gro_flush", -1, -1);
}

void napi_gro_purge(struct napi_struct *napi)
{
	while (napi->gro_list) {
		struct sk_buff *skb = napi->gro_list;
		gro_list_del(napi, skb);
		kfree_skb_reason(skb, SKB_DROP_REASON_QUEUE_PURGE);
	}
	napi->gro_count = 0;
}

static enum gro_result dev_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	/* netif_elide_gro; offload_base has ETH_P_IP's only here. */
	if (!(skb->dev->features & NETIF_F_GRO) || skb->protocol != ETH_P_IP)
		return GRO_NORMAL;
	gro_list_prepare(napi->gro_list, skb);
	skb_reset_network_header(skb);
	memset(&skb->gro, 0, sizeof(skb->gro));
	skb->gro.flush = skb->frag_list != NULL;
	skb->gro.is_atomic = 1;
	skb->gro.count = 1;

	struct sk_buff *pp = inet_gro_receive(napi->gro_list, skb);
	/* Read before pp goes up: skb may be one of its segments. */
	const bool same_flow = skb->gro.same_flow;
	if (same_flow)
		napi->gro.merged++;
	if (pp) {
		gro_list_del(napi, pp);
		napi->gro_count--;
		napi->gro.flush_flow++;
		napi_gro_complete(napi, pp);
	}
	if (same_flow)
		return GRO_MERGED;
	if (skb->gro.flush)
		return GRO_NORMAL;
	if (napi->gro_count >= MAX_GRO_SKBS)
		gro_flush_oldest(napi);
	else
		napi->gro_count++;
	skb->gro.age = net_jiffies(skb->net);
	skb->gro.last = skb;
	skb->gro.gso_size = skb->len - skb->gro.data_offset;
	skb->next = napi->gro_list;
	napi->gro_list = skb;
	return GRO_HELD;
}

enum gro_result napi_gro_receive(struct napi_struct *napi, struct sk_buff *skb)
{
	struct net *net = napi->dev->net;
	net_fn_begin(net, "napi_gro_receive");
	net_charge(net, RX_COST_GRO_RECEIVE, 1);
	const enum gro_result ret = dev_gro_receive(napi, skb);
	if (ret == GRO_NORMAL)
		netif_receive_skb(skb);
	net_fn_end(net, "napi_gro_receive", -1, -1);
	return ret;
}
