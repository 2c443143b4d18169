/* Core receive: netif_receive_skb, __netif_receive_skb_core (taps, VLAN,
 * ptype dispatch), and the pre-NAPI backlog (netif_rx, process_backlog). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct net_device *register_netdev(struct net *net, const char *name, const uint8_t mac[6])
{
	struct net_device *dev = calloc(1, sizeof(*dev));
	if (!dev)
		return NULL;
	dev->net = net;
	strncpy(dev->name, name, IFNAMSIZ - 1);
	memcpy(dev->dev_addr, mac, 6);
	dev->ifindex = ++net->next_ifindex;
	dev->features = NETIF_F_GRO;
	dev->gro_max_size = GRO_LEGACY_MAX_SIZE;
	dev->next = net->devices;
	net->devices = dev;
	return dev;
}

void netif_carrier_on(struct net_device *dev)
{
	if (dev->nocarrier) {
		dev->nocarrier = false;
		dev->carrier_up_count++;
	}
}

void netif_carrier_off(struct net_device *dev)
{
	if (!dev->nocarrier) {
		dev->nocarrier = true;
		dev->carrier_down_count++;
	}
}

bool netif_carrier_ok(const struct net_device *dev) { return !dev->nocarrier; }

int dev_add_pack_all(struct net *net, ptype_tap_fn fn, void *arg)
{
	if (net->nr_taps == MAX_TAPS)
		return -1;
	net->taps[net->nr_taps].fn = fn;
	net->taps[net->nr_taps].arg = arg;
	net->nr_taps++;
	return 0;
}

static bool eth_type_vlan(uint16_t proto) { return proto == ETH_P_8021Q || proto == ETH_P_8021AD; }

static int deliver_ptype_base(struct sk_buff *skb)
{
	switch (skb->protocol) {
	case ETH_P_IP:
		return ip_rcv(skb);
	case ETH_P_ARP:
		return arp_rcv(skb);
	case ETH_P_IPV6:
		return ipv6_rcv(skb);
	default:
		break;
	}
	/* No handler: the kernel counts this in the device's rx_dropped. */
	skb->dev->stats.rx_dropped++;
	skb->net->mib.eth_unknown_type++;
	kfree_skb_reason(skb, skb->protocol ? SKB_DROP_REASON_UNHANDLED_PROTO : SKB_DROP_REASON_DEV_HDR);
	return NET_RX_DROP;
}

static int __netif_receive_skb_core(struct sk_buff *skb)
{
	struct net *net = skb->net;

	net_charge(net, RX_COST_NETIF_RECEIVE_SKB, 1);
	skb_stamp(skb, SKB_STAGE_RECEIVE);
another_round:
	/* Counted once per round: a frame seen again on its VLAN device
	 * counts twice, as in the kernel. */
	this_softnet(net)->st.processed++;
	if (eth_type_vlan(skb->protocol)) {
		skb = skb_vlan_untag(skb);
		if (!skb)
			return NET_RX_DROP;
	}
	for (int i = 0; i < net->nr_taps; i++) {
		net_charge(net, RX_COST_PTYPE_TAP, 1);
		net->taps[i].fn(net->taps[i].arg, skb);
	}
	if (skb->vlan_present) {
		if (vlan_do_receive(skb))
			goto another_round;
		for (;;) {
			if (skb->vlan_tci & 0x0fff) {
				/* A VLAN nobody configured: not for this host. */
				skb->pkt_type = PACKET_OTHERHOST;
			} else if (eth_type_vlan(skb->protocol)) {
				/* Priority tag (VID 0) over another tag: peel it. */
				skb->vlan_present = 0;
				skb = skb_vlan_untag(skb);
				if (!skb)
					return NET_RX_DROP;
				if (vlan_do_receive(skb))
					goto another_round;
				continue;
			}
			break;
		}
		skb->vlan_present = 0;
	}
	skb_reset_network_header(skb);
	return deliver_ptype_base(skb);
}

int __netif_receive_skb(struct sk_buff *skb)
{
	struct net *net = skb->net; /* skb may be freed on the way */
	net_fn_begin(net, "__netif_receive_skb");
	const int ret = __netif_receive_skb_core(skb);
	net_fn_end(net, "__netif_receive_skb", -1, -1);
	return ret;
}

int netif_receive_skb(struct sk_buff *skb)
{
	if (!skb)
		return NET_RX_DROP;
	struct net *net = skb->net;
	net_fn_begin(net, "netif_receive_skb");
	const int ret = __netif_receive_skb(skb);
	net_fn_end(net, "netif_receive_skb", -1, -1);
	return ret;
}

/* enqueue_to_backlog: the queue may hold netdev_max_backlog + 1 (the test
 * is qlen <= max before adding, as in the kernel). */
static int enqueue_to_backlog(struct sk_buff *skb)
{
	struct net *net = skb->net;
	net_charge(net, RX_COST_NETIF_RX, 1);
	struct softnet_data *sd = this_softnet(net);
	skb_stamp(skb, SKB_STAGE_BACKLOG);
	if (sd->input_pkt_queue.qlen <= (uint32_t)net->sysctl.netdev_max_backlog) {
		if (!sd->input_pkt_queue.qlen)
			napi_schedule_backlog(sd);
		__skb_queue_tail(&sd->input_pkt_queue, skb);
		return NET_RX_SUCCESS;
	}
	sd->st.dropped++;
	kfree_skb_reason(skb, SKB_DROP_REASON_CPU_BACKLOG);
	return NET_RX_DROP;
}

int netif_rx(struct sk_buff *skb)
{
	struct net *net = skb->net;
	net_fn_begin(net, "netif_rx");
	const int ret = enqueue_to_backlog(skb);
	net_fn_end(net, "netif_rx", -1, -1);
	return ret;
}

static int process_backlog_queue(struct softnet_data *sd, struct napi_struct *napi, int quota)
{
	int work = 0;

	for (;;) {
		struct sk_buff *skb;
		while ((skb = __skb_dequeue(&sd->process_queue))) {
			__netif_receive_skb(skb);
			if (++work >= quota)
				return work;
		}
		if (!sd->input_pkt_queue.qlen) {
			/* Done: the backlog completes itself (no napi_complete). */
			napi->state &= ~(NAPI_STATE_SCHED | NAPI_STATE_MISSED);
			return work;
		}
		skb_queue_splice_tail_init(&sd->input_pkt_queue, &sd->process_queue);
	}
}

int process_backlog(struct napi_struct *napi, int quota)
{
	struct softnet_data *sd = container_of(napi, struct softnet_data, backlog);
	napi->weight = sd->net->sysctl.dev_weight;
	net_fn_begin(sd->net, "process_backlog");
	const int work = process_backlog_queue(sd, napi, quota);
	net_fn_end(sd->net, "process_backlog", work, quota);
	return work;
}
