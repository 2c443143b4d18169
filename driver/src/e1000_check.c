/* Descriptor ownership, checked on every run: hardware writes only what it
 * was given, and software never takes back a descriptor before DD. */
#include <stdarg.h>
#include <stdio.h>

#include "e1000_hw.h"

void e1000_violation(struct e1000_adapter *a, const char *fmt, ...)
{
	if (a->violations++ == 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(a->violation, sizeof(a->violation), fmt, ap);
		va_end(ap);
	}
}

/* Is slot i between next_to_clean and next_to_use (filled, not yet cleaned)? */
static bool e1000_slot_filled(const struct e1000_rx_ring *r, uint32_t i)
{
	const uint32_t from_clean = (i + r->count - r->next_to_clean) % r->count;
	const uint32_t filled = (r->next_to_use + r->count - r->next_to_clean) % r->count;
	return from_clean < filled;
}

uint64_t e1000_check_rx_ownership(struct e1000_adapter *a)
{
	const struct e1000_rx_ring *r = &a->rx_ring;
	if (!a->open)
		return a->violations;
	if (r->next_to_use >= r->count || r->next_to_clean >= r->count)
		e1000_violation(a, "ring indices out of range (next_to_use %u, next_to_clean %u)",
				r->next_to_use, r->next_to_clean);
	for (uint32_t i = 0; i < r->count; i++) {
		const struct e1000_rx_buffer *bi = &r->buffer_info[i];
		const uint8_t *d = e1000_rx_desc(r, i);
		if ((d[NIC_RXD_STATUS_OFFSET] & NIC_RXD_STATUS_DD) && bi->owner != E1000_OWN_HW)
			e1000_violation(a, "descriptor %u has DD set but hardware did not own it", i);
		if (bi->owner != E1000_OWN_DRIVER && !e1000_slot_filled(r, i))
			e1000_violation(a, "descriptor %u is given out but lies outside the filled part", i);
		if ((bi->owner == E1000_OWN_DRIVER || !bi->buf) && e1000_slot_filled(r, i))
			e1000_violation(a, "descriptor %u lies in the filled part but has no buffer", i);
	}
	return a->violations;
}

bool e1000_check_dma_write(struct e1000_adapter *a, uint64_t addr, uint64_t len)
{
	const struct e1000_rx_ring *r = &a->rx_ring;
	const uint64_t end = addr + len;
	if (a->open && len && addr >= r->dma && end <= r->dma + r->size) {
		for (uint64_t i = (addr - r->dma) / NIC_RXD_SIZE; i <= (end - 1 - r->dma) / NIC_RXD_SIZE; i++)
			if (r->buffer_info[i].owner != E1000_OWN_HW) {
				e1000_violation(a, "NIC wrote descriptor %u, which it does not own",
						(unsigned)i);
				return false;
			}
		return true;
	}
	const int64_t id = a->open && len ? e1000_rx_pool_buffer(r->pool, addr) : -1;
	if (id >= 0) {
		/* Only the rx_buffer_len bytes after the buffer's headroom. */
		const uint64_t from = r->pool->dma + (uint64_t)id * r->pool->stride + E1000_HEADROOM;
		if (addr < from || end > from + a->opt.rx_buffer_len) {
			e1000_violation(a, "NIC write of %llu bytes at 0x%llx lies outside buffer %u's %u bytes",
					(unsigned long long)len, (unsigned long long)addr, (unsigned)id,
					a->opt.rx_buffer_len);
			return false;
		}
		const int32_t slot = r->pool->slot[id];
		if (slot < 0 || r->buffer_info[slot].owner != E1000_OWN_HW) {
			e1000_violation(a, "NIC wrote buffer %u, which no descriptor it owns points at", (unsigned)id);
			return false;
		}
		return true;
	}
	e1000_violation(a, "NIC wrote %llu bytes at 0x%llx, outside the ring and its buffers",
			(unsigned long long)len, (unsigned long long)addr);
	return false;
}
