/* The receive buffers' memory: what e1000_alloc_frag (napi_alloc_frag, the
 * page-fragment allocator) gives e1000_alloc_rx_buffers in Linux 6.6, and
 * what skb_free_frag takes back when the stack frees an skb built around a
 * buffer.  (rxsim) A fixed pool in one DMA region, so that the simulator
 * finds the buffer of any bus address: when all of it is in slots or up the
 * stack, a refill fails as under memory pressure. */
#include <stdlib.h>

#include "e1000_hw.h"

static void e1000_rx_pool_free(struct e1000_rx_pool *p)
{
	if (p->mem)
		p->bus.dma_free_coherent(p->bus.ctx, p->size, p->mem, p->dma);
	free(p->free_ids);
	free(p->slot);
	free(p);
}

struct e1000_rx_pool *e1000_rx_pool_create(const struct e1000_bus_ops *bus, uint32_t count, uint32_t stride)
{
	struct e1000_rx_pool *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->bus = *bus;
	p->count = count;
	p->stride = stride;
	p->size = (size_t)count * stride;
	p->free_ids = malloc(count * sizeof(*p->free_ids));
	p->slot = malloc(count * sizeof(*p->slot));
	p->mem = bus->dma_alloc_coherent(bus->ctx, p->size, &p->dma);
	if (!p->free_ids || !p->slot || !p->mem) {
		e1000_rx_pool_free(p);
		return NULL;
	}
	/* Handed out from the region's start: the first fill is in order. */
	for (uint32_t id = 0; id < count; id++) {
		p->free_ids[id] = count - 1 - id;
		p->slot[id] = -1;
	}
	p->free_count = count;
	return p;
}

/* ifdown: the buffers in slots come back now, those up the stack when their
 * skbs are freed; the region goes with the last. */
void e1000_rx_pool_release(struct e1000_rx_pool *p)
{
	if (!p)
		return;
	p->released = true;
	if (!p->up)
		e1000_rx_pool_free(p);
}

bool e1000_alloc_frag(struct e1000_adapter *a, struct e1000_rx_buffer *bi, uint32_t slot)
{
	struct e1000_rx_pool *p = a->rx_ring.pool;
	if (!p->free_count)
		return false;
	const uint32_t id = p->free_ids[--p->free_count];
	const size_t at = (size_t)id * p->stride + E1000_HEADROOM;
	bi->id = id;
	bi->buf = p->mem + at;
	bi->dma = p->dma + at;
	p->slot[id] = (int32_t)slot;
	return true;
}

void e1000_rx_pool_hand_up(struct e1000_rx_pool *p, struct e1000_rx_buffer *bi)
{
	p->slot[bi->id] = -1;
	p->up++;
	bi->buf = NULL;
	bi->dma = 0;
}

/* The skb's free_head: head is the buffer's start (its headroom). */
void e1000_rx_pool_free_frag(void *ctx, unsigned char *head)
{
	struct e1000_rx_pool *p = ctx;
	p->free_ids[p->free_count++] = (uint32_t)((size_t)(head - p->mem) / p->stride);
	if (!--p->up && p->released)
		e1000_rx_pool_free(p);
}
