/* Internet checksum (RFC 1071) and L4 verification in software. */
#include "internal.h"

uint32_t csum_partial(const void *buf, uint32_t len, uint32_t sum)
{
	const uint8_t *p = buf;
	uint64_t s = sum;
	while (len >= 2) {
		s += (uint32_t)((p[0] << 8) | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		s += (uint32_t)p[0] << 8;
	while (s >> 32)
		s = (s & 0xffffffffu) + (s >> 32);
	return (uint32_t)s;
}

uint16_t csum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t csum_add(uint32_t a, uint32_t b)
{
	uint32_t r = a + b;
	return r + (r < a);
}

uint32_t csum_tcpudp_nofold(const uint8_t saddr[4], const uint8_t daddr[4], uint32_t len, uint8_t proto, uint32_t sum)
{
	sum = csum_add(sum, csum_partial(saddr, 4, 0));
	sum = csum_add(sum, csum_partial(daddr, 4, 0));
	sum = csum_add(sum, proto);
	return csum_add(sum, len);
}

uint32_t csum_ipv6_nofold(const uint8_t saddr[16], const uint8_t daddr[16], uint32_t len, uint8_t proto, uint32_t sum)
{
	sum = csum_add(sum, csum_partial(saddr, 16, 0));
	sum = csum_add(sum, csum_partial(daddr, 16, 0));
	sum = csum_add(sum, len >> 16);
	sum = csum_add(sum, len & 0xffff);
	return csum_add(sum, proto);
}

bool skb_l4_csum_ok4(struct sk_buff *skb, const uint8_t *iph, uint8_t proto)
{
	net_charge(skb->net, RX_COST_CSUM_BYTES, skb->len);
	uint32_t sum = csum_tcpudp_nofold(iph + 12, iph + 16, skb->len, proto, csum_partial(skb->data, skb->len, 0));
	return csum_fold(sum) == 0;
}

bool skb_l4_csum_ok6(struct sk_buff *skb, const uint8_t *ip6h, uint8_t proto)
{
	net_charge(skb->net, RX_COST_CSUM_BYTES, skb->len);
	uint32_t sum = csum_ipv6_nofold(ip6h + 8, ip6h + 24, skb->len, proto, csum_partial(skb->data, skb->len, 0));
	return csum_fold(sum) == 0;
}
