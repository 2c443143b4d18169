/* The receive ring: resources, refill (e1000_alloc_rx_buffers) and the
 * descriptor loop the NAPI poll runs (e1000_clean_rx_irq, with
 * e1000_clean_jumbo_rx_irq's chaining of a frame over several descriptors
 * when adapter->jumbo; Linux 6.6 drivers/net/ethernet/intel/e1000). */
#include <stdlib.h>
#include <string.h>

#include "e1000_hw.h"

int e1000_setup_rx_resources(struct e1000_adapter *a)
{
	struct e1000_rx_ring *r = &a->rx_ring;
	memset(r, 0, sizeof(*r));
	r->count = a->opt.rx_ring_count;
	r->size = (size_t)r->count * NIC_RXD_SIZE;
	r->buffer_info = calloc(r->count, sizeof(*r->buffer_info));
	/* Page aligned, as dma_alloc_coherent is: more than the 8254x ring needs. */
	r->desc = a->bus.dma_alloc_coherent(a->bus.ctx, r->size, &r->dma);
	/* The ring's count may have changed since probe (ethtool -G). */
	const uint32_t buffers = !a->opt.rx_pool_count		      ? r->count + E1000_RX_POOL_SPARE
				 : a->opt.rx_pool_count < r->count ? r->count
								   : a->opt.rx_pool_count;
	r->pool = e1000_rx_pool_create(&a->bus, buffers, e1000_frag_len(a));
	r->chain = malloc(E1000_MAX_RX_FRAME);
	if (!r->buffer_info || !r->desc || !r->pool || !r->chain) {
		e1000_free_rx_resources(a);
		return -1;
	}
	return 0;
}

void e1000_free_rx_resources(struct e1000_adapter *a)
{
	struct e1000_rx_ring *r = &a->rx_ring;
	if (r->desc)
		a->bus.dma_free_coherent(a->bus.ctx, r->size, r->desc, r->dma);
	e1000_rx_pool_release(r->pool);
	free(r->buffer_info);
	free(r->chain);
	memset(r, 0, sizeof(*r));
}

/* Gives the slots from next_to_use on back to hardware: a slot whose buffer
 * went up the stack gets a new one (e1000_alloc_frag: "better luck next
 * round" when there is none, the rest of the slots left empty), a clean
 * descriptor with the buffer's address, then one RDT write for the lot.
 * RDT stays one behind next_to_use, so hardware never sees the ring full as
 * empty. */
void e1000_alloc_rx_buffers(struct e1000_adapter *a, uint32_t cleaned_count)
{
	struct e1000_rx_ring *r = &a->rx_ring;
	uint32_t i = r->next_to_use;
	while (cleaned_count--) {
		struct e1000_rx_buffer *bi = &r->buffer_info[i];
		if (!bi->buf && !e1000_alloc_frag(a, bi, i)) {
			a->drv.alloc_rx_buff_failed++;
			break;
		}
		uint8_t *d = e1000_rx_desc(r, i);
		memset(d, 0, NIC_RXD_SIZE);
		e1000_put_le64(d + NIC_RXD_ADDR_OFFSET, bi->dma);
		bi->owner = E1000_OWN_READY;
		if (++i == r->count)
			i = 0;
	}
	if (r->next_to_use == i)
		return;
	r->next_to_use = i;
	uint32_t tail = i == 0 ? r->count - 1 : i - 1;
	/* Everything up to the new tail is hardware's from this write on. */
	for (uint32_t j = r->rdt; j != tail; j = j + 1 == r->count ? 0 : j + 1)
		if (r->buffer_info[j].owner == E1000_OWN_READY)
			r->buffer_info[j].owner = E1000_OWN_HW;
	r->rdt = tail;
	ew32(a, RDT, tail);
}

/* The frame's bytes as the driver has them, for the rx_event hook. */
struct e1000_rx_bytes {
	const uint8_t *data;
	uint32_t length, descs;
	bool partial;
};

/* bytes NULL: the descriptor's own buffer and length. */
static void e1000_rx_event(struct e1000_adapter *a, enum e1000_rx_fate fate, uint32_t i,
			   const uint8_t *d, struct sk_buff *skb, const struct e1000_rx_bytes *bytes)
{
	if (!a->hooks.rx_event)
		return;
	const struct e1000_rx_bytes own = {a->rx_ring.buffer_info[i].buf, e1000_le16(d + NIC_RXD_LENGTH_OFFSET), 1,
					   fate == E1000_RX_NO_EOP};
	const struct e1000_rx_bytes *b = bytes ? bytes : &own;
	struct e1000_rx_event ev = {
		.fate = fate,
		.desc = i,
		.data = b->data,
		.length = (uint16_t)b->length,
		.descs = (uint16_t)b->descs,
		.partial = b->partial,
		.status = d[NIC_RXD_STATUS_OFFSET],
		.errors = d[NIC_RXD_ERRORS_OFFSET],
		.skb = skb,
	};
	a->hooks.rx_event(a->hooks.ctx, &ev);
}

/* e1000_rx_checksum: trust what the hardware verified; on an error leave
 * the checksum to the stack (which then counts it). */
static void e1000_rx_checksum(struct e1000_adapter *a, uint8_t status, uint8_t errors, struct sk_buff *skb)
{
	skb->ip_summed = CHECKSUM_NONE;
	if (!a->opt.rx_csum || (status & NIC_RXD_STATUS_IXSM))
		return;
	if ((status & NIC_RXD_STATUS_IPCS) && !(errors & NIC_RXD_ERRORS_IPE))
		skb->ip_hdr_csum_ok = 1;
	if (errors & (NIC_RXD_ERRORS_TCPE | NIC_RXD_ERRORS_IPE)) {
		a->drv.hw_csum_err++;
		return;
	}
	if (status & NIC_RXD_STATUS_TCPCS) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		a->drv.hw_csum_good++;
	}
}

/* e1000_alloc_rx_skb: a small skb to copy into (alloc_rx_buff_failed
 * counts a failure). */
static struct sk_buff *e1000_alloc_rx_skb(struct e1000_adapter *a, uint32_t length)
{
	struct sk_buff *skb = a->opt.napi ? napi_alloc_skb(&a->napi, length)
					  : netdev_alloc_skb_ip_align(a->netdev, length);
	if (!skb)
		a->drv.alloc_rx_buff_failed++;
	return skb;
}

/* The skb for one good frame (FCS stripped: `length` bytes of b) at slot i,
 * as e1000_clean_rx_irq (Linux 6.6) makes it: e1000_copybreak copies a frame
 * whose descriptor length (FCS included) is at most copybreak into a small
 * skb and the buffer stays in its slot; a longer one (or a short one whose
 * copy found no skb) goes up in its buffer, napi_build_skb, and the slot is
 * left for the refill to fill anew.  A jumbo chain is copied into one skb
 * (the kernel hangs its pages on it as fragments).  NULL, counted in
 * alloc_rx_buff_failed, when there is no skb: the caller stops there. */
static struct sk_buff *e1000_rx_skb(struct e1000_adapter *a, uint32_t i, const struct e1000_rx_bytes *b,
				    uint32_t length)
{
	struct e1000_rx_ring *r = &a->rx_ring;
	if (b->descs > 1 || length + E1000_FCS_LEN <= a->opt.copybreak) {
		struct sk_buff *skb = e1000_alloc_rx_skb(a, length);
		if (skb) {
			memcpy(skb_put(skb, length), b->data, length);
			a->drv.rx_copybreak += b->descs == 1;
			return skb;
		}
		if (b->descs > 1)
			return NULL;
	}
	struct e1000_rx_buffer *bi = &r->buffer_info[i];
	struct sk_buff *skb = build_skb(a->netdev, bi->buf - E1000_HEADROOM, e1000_frag_len(a),
					e1000_rx_pool_free_frag, r->pool);
	if (!skb) {
		a->drv.alloc_rx_buff_failed++;
		return NULL;
	}
	skb_reserve(skb, E1000_HEADROOM);
	skb_put(skb, length);
	e1000_rx_pool_hand_up(r->pool, bi); /* buffer_info->rxbuf.data = NULL */
	a->drv.rx_build_skb++;
	return skb;
}

/* Hands one good frame to the stack; false when there was no skb for it. */
static bool e1000_receive(struct e1000_adapter *a, uint32_t i, const uint8_t *d, const struct e1000_rx_bytes *b,
			  uint32_t length)
{
	struct sk_buff *skb = e1000_rx_skb(a, i, b, length);
	if (!skb)
		return false;
	const uint8_t status = d[NIC_RXD_STATUS_OFFSET];
	e1000_rx_checksum(a, status, d[NIC_RXD_ERRORS_OFFSET], skb);
	if (status & NIC_RXD_STATUS_VP)
		__vlan_hwaccel_put_tag(skb, ETH_P_8021Q, e1000_le16(d + NIC_RXD_SPECIAL_OFFSET));
	e1000_rx_event(a, E1000_RX_PASSED, i, d, skb, b);
	a->total_rx_packets++;
	a->total_rx_bytes += length;
	a->netdev->stats.rx_packets++;
	a->netdev->stats.rx_bytes += length;
	eth_type_trans(skb, a->netdev);
	if (a->opt.napi)
		napi_gro_receive(&a->napi, skb);
	else
		netif_rx(skb);
	return true;
}

static void e1000_frame_error(struct e1000_adapter *a, uint32_t i, const uint8_t *d, const struct e1000_rx_bytes *b)
{
	a->drv.rx_frame_err_drops++;
	a->netdev->stats.rx_errors++;
	e1000_rx_event(a, E1000_RX_FRAME_ERROR, i, d, NULL, b);
}

/* e1000_clean_jumbo_rx_irq's chain (rx_skb_top): the descriptors of a frame
 * gathered in order up to its EOP, their buffers staying in their slots.
 * The error bits are valid on the EOP descriptor only, and an error drops
 * the whole chain.  False when the EOP found no skb: it stays for the next
 * poll (Linux stops at the chain's first descriptor, napi_get_frags). */
static bool e1000_rx_chain(struct e1000_adapter *a, uint32_t i, const uint8_t *d, uint32_t length)
{
	struct e1000_rx_ring *r = &a->rx_ring;
	const bool eop = d[NIC_RXD_STATUS_OFFSET] & NIC_RXD_STATUS_EOP;
	const uint32_t chain_len = r->chain_len + length, descs = r->chain_descs + 1;
	if (r->chain_len + length <= E1000_MAX_RX_FRAME)
		memcpy(r->chain + r->chain_len, r->buffer_info[i].buf, length);
	if (!eop) {
		if (!r->chain_descs) {
			r->chain_first = i; /* the beginning of a chain */
			r->chain_first_len = length;
		}
		r->chain_len = chain_len;
		r->chain_descs = descs;
		return true;
	}
	const struct e1000_rx_bytes whole = {r->chain, chain_len, descs, false};
	const struct e1000_rx_bytes first = {r->chain, r->chain_first_len, descs, true};
	if ((d[NIC_RXD_ERRORS_OFFSET] & E1000_RXD_ERR_FRAME_ERR_MASK) || chain_len <= E1000_FCS_LEN ||
	    chain_len > E1000_MAX_RX_FRAME)
		e1000_frame_error(a, r->chain_first, d, &first);
	else if (!e1000_receive(a, i, d, &whole, chain_len - E1000_FCS_LEN))
		return false;
	r->chain_len = r->chain_descs = 0;
	return true;
}

bool e1000_clean_rx_irq(struct e1000_adapter *a, int *work_done, int work_to_do)
{
	e1000_fn_begin(a, "e1000_clean_rx_irq");
	struct e1000_rx_ring *r = &a->rx_ring;
	uint32_t i = r->next_to_clean;
	uint32_t cleaned_count = 0;
	bool cleaned = false;

	if (a->bus.dma_sync_for_cpu)
		a->bus.dma_sync_for_cpu(a->bus.ctx);
	while (*work_done < work_to_do) {
		uint8_t *d = e1000_rx_desc(r, i);
		const uint8_t status = d[NIC_RXD_STATUS_OFFSET];
		if (!(status & NIC_RXD_STATUS_DD))
			break;
		struct e1000_rx_buffer *bi = &r->buffer_info[i];
		/* (rxsim's check) Not the hardware's: its DD is stale and its
		 * buffer may be gone (handed up, not refilled); stop there. */
		if (bi->owner != E1000_OWN_HW) {
			e1000_violation(a, "descriptor %u done (DD) but never given to hardware", i);
			break;
		}
		/* Counted before the skb is sought, as in Linux: a poll that
		 * stops for want of one still did that work. */
		(*work_done)++;
		e1000_charge(a, RX_COST_DRIVER_POLL_PKT, 1);

		const uint8_t errors = d[NIC_RXD_ERRORS_OFFSET];
		const uint32_t length = e1000_le16(d + NIC_RXD_LENGTH_OFFSET);
		/* (rxsim) A frame to drop is known before its skb is sought; Linux
		 * makes the skb first and frees it (dev_kfree_skb), so its buffer
		 * is renewed and a failure stops the loop there too. */
		bool got_skb = true;
		if (a->jumbo && (!(status & NIC_RXD_STATUS_EOP) || r->chain_descs)) {
			got_skb = e1000_rx_chain(a, i, d, length);
		} else if (!(status & NIC_RXD_STATUS_EOP) || a->discarding) {
			/* e1000_clean_rx_irq: all receives must fit in one buffer:
			 * drop to the next EOP, the frame counted once, at its
			 * first descriptor. */
			if (!a->discarding) {
				a->drv.rx_no_eop_drops++;
				a->netdev->stats.rx_length_errors++;
				e1000_rx_event(a, E1000_RX_NO_EOP, i, d, NULL, NULL);
			}
			a->discarding = !(status & NIC_RXD_STATUS_EOP);
		} else if ((errors & E1000_RXD_ERR_FRAME_ERR_MASK) || length <= E1000_FCS_LEN) {
			e1000_frame_error(a, i, d, NULL);
		} else {
			const struct e1000_rx_bytes own = {r->buffer_info[i].buf, length, 1, false};
			got_skb = e1000_receive(a, i, d, &own, length - E1000_FCS_LEN);
		}
		/* e1000_clean_rx_irq (6.6): no skb -> alloc_rx_buff_failed and
		 * break; the descriptor stays done for the next poll (or the
		 * watchdog's RXDMT0 interrupt), the frame is not dropped. */
		if (!got_skb)
			break;
		cleaned = true;
		cleaned_count++;

		d[NIC_RXD_STATUS_OFFSET] = 0;
		bi->owner = E1000_OWN_DRIVER;
		if (++i == r->count)
			i = 0;
		r->next_to_clean = i;
		/* Return buffers to hardware in groups, not one MMIO write each. */
		if (cleaned_count >= E1000_RX_BUFFER_WRITE) {
			e1000_alloc_rx_buffers(a, cleaned_count);
			cleaned_count = 0;
		}
		if (a->bus.dma_sync_for_cpu)
			a->bus.dma_sync_for_cpu(a->bus.ctx);
	}
	uint32_t unused = e1000_desc_unused(r);
	if (unused)
		e1000_alloc_rx_buffers(a, unused);
	e1000_fn_end(a, "e1000_clean_rx_irq", *work_done, work_to_do);
	return cleaned;
}
