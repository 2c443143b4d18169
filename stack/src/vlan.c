/* 802.1Q / 802.1ad: in-band tags pulled into skb->vlan_tci, and delivery
 * to the VLAN device configured for the tag. */
#include <stdio.h>

#include "internal.h"

struct net_device *register_vlan_dev(struct net_device *real, uint16_t proto, uint16_t vid, const char *name)
{
	char buf[IFNAMSIZ];
	if (!name) {
		snprintf(buf, sizeof(buf), "%.10s.%u", real->name, vid & 0x0fffu);
		name = buf;
	}
	if (real->ndo_vlan_rx_add_vid && real->ndo_vlan_rx_add_vid(real, proto, vid & 0x0fffu) != 0)
		return NULL;
	struct net_device *dev = register_netdev(real->net, name, real->dev_addr);
	if (!dev)
		return NULL;
	dev->vlan_real_dev = real;
	dev->vlan_proto = proto;
	dev->vlan_id = vid & 0x0fff;
	return dev;
}

/* Moves the outer in-band tag into skb->vlan_tci.  A frame that already
 * carries a (hardware) tag keeps its in-band one for a later round. */
struct sk_buff *skb_vlan_untag(struct sk_buff *skb)
{
	if (skb->vlan_present)
		return skb;
	net_charge(skb->net, RX_COST_VLAN_UNTAG, 1);
	if (!pskb_may_pull(skb, VLAN_HLEN + 2)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_PKT_TOO_SMALL);
		return NULL;
	}
	__vlan_hwaccel_put_tag(skb, skb->protocol, get_be16(skb->data));
	uint16_t inner = get_be16(skb->data + 2);
	skb_pull(skb, VLAN_HLEN);
	if (inner >= 0x0600)
		skb->protocol = inner;
	else if (skb->len >= 2 && get_be16(skb->data) == 0xFFFF)
		skb->protocol = ETH_P_802_3;
	else
		skb->protocol = ETH_P_802_2;
	skb_reset_network_header(skb);
	return skb;
}

bool vlan_do_receive(struct sk_buff *skb)
{
	uint16_t vid = skb->vlan_tci & 0x0fff;
	struct net_device *vdev = NULL;
	for (struct net_device *d = skb->net->devices; d; d = d->next) {
		if (d->vlan_real_dev == skb->dev && d->vlan_proto == skb->vlan_proto && d->vlan_id == vid) {
			vdev = d;
			break;
		}
	}
	if (!vdev)
		return false;
	skb->dev = vdev;
	skb->vlan_present = 0;
	vdev->stats.rx_packets++;
	vdev->stats.rx_bytes += skb->len;
	if (skb->pkt_type == PACKET_MULTICAST)
		vdev->stats.multicast++;
	return true;
}
