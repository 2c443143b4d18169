/* eth_type_trans: who the frame is for and what it carries. */
#include <string.h>

#include "internal.h"

uint16_t eth_type_trans(struct sk_buff *skb, struct net_device *dev)
{
	skb->dev = dev;
	skb->rx_len = skb->len;
	skb_reset_mac_header(skb);
	if (skb->len < ETH_HLEN) {
		/* Not even a header: __netif_receive_skb_core drops it (DEV_HDR). */
		skb->pkt_type = PACKET_OTHERHOST;
		skb->protocol = 0;
		return 0;
	}
	const uint8_t *eth = skb->data;
	skb_pull(skb, ETH_HLEN);
	if (eth[0] & 1) {
		static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
		skb->pkt_type = memcmp(eth, bcast, 6) ? PACKET_MULTICAST : PACKET_BROADCAST;
	} else if (memcmp(eth, dev->dev_addr, 6)) {
		skb->pkt_type = PACKET_OTHERHOST;
	} else {
		skb->pkt_type = PACKET_HOST;
	}
	uint16_t proto = get_be16(eth + 12);
	if (proto >= 0x0600)
		skb->protocol = proto;
	else if (skb->len >= 2 && get_be16(skb->data) == 0xFFFF)
		skb->protocol = ETH_P_802_3; /* raw 802.3 (IPX) */
	else
		skb->protocol = ETH_P_802_2;
	return skb->protocol;
}
