/* The IPv4 and TCP rules of GRO (Linux 6.6): inet_gro_receive and
 * inet_gro_complete (net/ipv4/af_inet.c), tcp4_gro_receive,
 * tcp_gro_receive and tcp4_gro_complete (net/ipv4/tcp_offload.c).
 *
 * Only TCP has a gro_receive here.  udp4_gro_receive sends every datagram
 * up unmerged unless its socket set UDP_GRO (or the device has
 * NETIF_F_GRO_UDP_FWD or NETIF_F_GRO_FRAGLIST); neither exists here, so a
 * datagram goes up as it came (the checksum udp4_gro_receive would verify
 * is left to udp_rcv: the same work, in another place). */
#include "internal.h"

#define IP_DF     0x4000
#define IP_MF     0x2000
#define IP_OFFSET 0x1fff

/* tcp_flag_word: the TCP header's fourth 32-bit word (data offset,
 * flags, window), its bits as include/net/tcp.h names them. */
#define TCP_FLAG_CWR 0x00800000u
#define TCP_FLAG_URG 0x00200000u
#define TCP_FLAG_PSH 0x00080000u
#define TCP_FLAG_RST 0x00040000u
#define TCP_FLAG_SYN 0x00020000u
#define TCP_FLAG_FIN 0x00010000u

static struct sk_buff *tcp_gro_receive(struct sk_buff *head, struct sk_buff *skb)
{
	struct sk_buff *pp = NULL, *p;
	const uint32_t off = skb->gro.data_offset;
	uint32_t mss = 1, flush = 1;
	const uint8_t *th = skb->data + off;

	if (skb->len < off + 20)
		goto out;
	const uint32_t thlen = (uint32_t)(th[12] >> 4) * 4;
	if (thlen < 20 || skb->len < off + thlen)
		goto out;
	skb->gro.data_offset += thlen; /* skb_gro_pull */
	const uint32_t len = skb->len - skb->gro.data_offset;
	const uint32_t flags = get_be32(th + 12);
	uint8_t *th2 = NULL;

	for (p = head; p; p = p->next) {
		if (!p->gro.same_flow)
			continue;
		th2 = skb_transport_header(p);
		if (get_be32(th) != get_be32(th2)) { /* the ports */
			p->gro.same_flow = 0;
			continue;
		}
		break;
	}
	if (!p)
		goto out_check_final;

	/* Everything but CWR, FIN and PSH the same: the other flags, the data
	 * offset, the window, the ACK number and every option. */
	flush = p->gro.flush;
	flush |= flags & TCP_FLAG_CWR;
	flush |= (flags ^ get_be32(th2 + 12)) & ~(TCP_FLAG_CWR | TCP_FLAG_FIN | TCP_FLAG_PSH);
	flush |= get_be32(th + 8) ^ get_be32(th2 + 8);
	if (!flush)
		for (uint32_t i = 20; i < thlen; i += 4)
			flush |= get_be32(th + i) ^ get_be32(th2 + i);
	/* The IP ID check inet_gro_receive left: from the second segment on,
	 * a flow is either atomic (DF, a fixed ID) or its IDs count up. */
	if (p->gro.flush_id != 1 || p->gro.count != 1 || !p->gro.is_atomic)
		flush |= p->gro.flush_id;
	else
		p->gro.is_atomic = 0;
	/* No segment longer than the first, none empty, none out of order. */
	mss = p->gro.gso_size;
	flush |= (len - 1) >= mss;
	flush |= (get_be32(th2 + 4) + (p->len - p->gro.data_offset)) ^ get_be32(th + 4);

	if (flush || skb_gro_receive(p, skb)) {
		mss = 1;
		goto out_check_final;
	}
	th2[13] |= (uint8_t)((flags & (TCP_FLAG_FIN | TCP_FLAG_PSH)) >> 16);

out_check_final:
	/* A short segment ends the super-packet, and so do these flags. */
	flush = len < mss;
	flush |= flags & (TCP_FLAG_URG | TCP_FLAG_PSH | TCP_FLAG_RST | TCP_FLAG_SYN | TCP_FLAG_FIN);
	if (p && (!skb->gro.same_flow || flush))
		pp = p;
out:
	skb->gro.flush |= flush != 0;
	return pp;
}

/* tcp4_gro_receive: a checksum the NIC did not verify is verified here
 * (skb_gro_checksum_validate), and the segment is then CHECKSUM_UNNECESSARY
 * for tcp_v4_rcv; a bad one goes up unmerged, to be dropped there. */
static struct sk_buff *tcp4_gro_receive(struct sk_buff *head, struct sk_buff *skb)
{
	if (!skb->gro.flush && skb->ip_summed != CHECKSUM_UNNECESSARY) {
		const uint8_t *iph = skb_network_header(skb);
		const uint32_t l4_len = skb->len - skb->gro.data_offset;
		net_charge(skb->net, RX_COST_CSUM_BYTES, l4_len);
		const uint32_t sum = csum_tcpudp_nofold(iph + 12, iph + 16, l4_len, IPPROTO_TCP,
						       csum_partial(skb->data + skb->gro.data_offset, l4_len, 0));
		if (csum_fold(sum)) {
			skb->gro.flush = 1;
			return NULL;
		}
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	}
	return tcp_gro_receive(head, skb);
}

struct sk_buff *inet_gro_receive(struct sk_buff *head, struct sk_buff *skb)
{
	struct sk_buff *pp = NULL;
	uint32_t flush = 1;
	const uint8_t *iph = skb->data;

	/* An unfragmented TCP datagram with a 20-byte header that sums right. */
	if (skb->len < 20 || iph[9] != IPPROTO_TCP || iph[0] != 0x45)
		goto out;
	const uint16_t frag_off = get_be16(iph + 6), id = get_be16(iph + 4);
	if (frag_off & (IP_MF | IP_OFFSET))
		goto out;
	if (csum_fold(csum_partial(iph, 20, 0)))
		goto out;
	/* A total length short of the frame (Ethernet padding) or a reserved
	 * bit set: this one goes up alone. */
	flush = (uint16_t)((get_be16(iph + 2) ^ skb->len) | (frag_off & ~IP_DF));

	for (struct sk_buff *p = head; p; p = p->next) {
		if (!p->gro.same_flow)
			continue;
		const uint8_t *iph2 = skb_network_header(p);
		if (iph[9] != iph2[9] || get_be32(iph + 12) != get_be32(iph2 + 12) ||
		    get_be32(iph + 16) != get_be32(iph2 + 16)) {
			p->gro.same_flow = 0;
			continue;
		}
		/* All fields must match except length, ID and checksum. */
		p->gro.flush |= iph[8] != iph2[8] || iph[1] != iph2[1] ||
				((frag_off ^ get_be16(iph2 + 6)) & IP_DF) || flush;
		uint16_t flush_id = (uint16_t)(id - get_be16(iph2 + 4));
		if (!p->gro.is_atomic || !(frag_off & IP_DF))
			flush_id = (flush_id ^ p->gro.count) ? 0xFFFF : 0;
		if (skb->gro.is_atomic)
			p->gro.flush_id = flush_id;
		else
			p->gro.flush_id |= flush_id;
	}
	skb->gro.is_atomic = (frag_off & IP_DF) != 0;
	skb->gro.flush |= flush != 0;
	skb->gro.data_offset = 20;
	skb->transport_header = (uint16_t)(skb->network_header + 20);
	pp = tcp4_gro_receive(head, skb);
out:
	skb->gro.flush |= flush != 0;
	return pp;
}

/* inet_gro_complete and tcp4_gro_complete: the IPv4 total length of the
 * whole, its header checksum again (csum_replace2), and the payload known
 * good (Linux: CHECKSUM_PARTIAL, which tcp_v4_rcv takes as verified; the
 * TCP checksum field, rewritten there for a later GSO, is left as is). */
void inet_gro_complete(struct sk_buff *skb)
{
	uint8_t *iph = skb_network_header(skb);
	put_be16(iph + 2, (uint16_t)skb->len);
	put_be16(iph + 10, 0);
	put_be16(iph + 10, csum_fold(csum_partial(iph, 20, 0)));
	skb->ip_summed = CHECKSUM_UNNECESSARY;
}
