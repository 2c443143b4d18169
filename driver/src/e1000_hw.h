/* Driver internals: the one MMIO accessor pair, descriptor fields, and the
 * functions the driver's files share. */
#ifndef RXDRIVER_E1000_HW_H
#define RXDRIVER_E1000_HW_H

#include <stdio.h>

#include "nic_defines.h"
#include "nic_regs.h"
#include "rxdriver/e1000.h"

static inline uint32_t e1000_read_reg(const struct e1000_adapter *a, uint32_t reg)
{
	return a->bus.read32(a->bus.ctx, reg);
}
static inline void e1000_write_reg(const struct e1000_adapter *a, uint32_t reg, uint32_t val)
{
	a->bus.write32(a->bus.ctx, reg, val);
}
/* er32(a, RCTL), ew32(a, RAL(0), v): names from nic_regs.h without NIC_. */
#define er32(a, reg) e1000_read_reg((a), NIC_##reg)
#define ew32(a, reg, val) e1000_write_reg((a), NIC_##reg, (val))
/* Posted writes reach the NIC before a read returns (E1000_WRITE_FLUSH). */
#define e1000_write_flush(a) ((void)er32((a), STATUS))

/* Causes the driver enables: Linux 6.1 e1000.h IMS_ENABLE_MASK, RXT0 | TXDW |
 * RXDMT0 | RXSEQ | LSC.  RXO (a frame lost to a full FIFO) is not among them;
 * TXDW has no cause here (no transmit path) and stays in the mask as in
 * Linux. */
#define E1000_IMS_ENABLE_MASK (NIC_ICR_RXT0 | NIC_ICR_TXDW | NIC_ICR_RXDMT0 | NIC_ICR_RXSEQ | NIC_ICR_LSC)
/* Exact address filters the driver uses (e1000_hw.h E1000_RAR_ENTRIES, 6.1):
 * RAR[0] is the station address; the NIC has 16, the last is left alone. */
#define E1000_RAR_ENTRIES 15
/* Errors that make a frame unusable (E1000_RXD_ERR_FRAME_ERR_MASK); TCPE and
 * IPE are checksum results, handled by e1000_rx_checksum. */
#define E1000_RXD_ERR_FRAME_ERR_MASK \
	(NIC_RXD_ERRORS_CE | NIC_RXD_ERRORS_SE | NIC_RXD_ERRORS_SEQ | NIC_RXD_ERRORS_CXE | NIC_RXD_ERRORS_RXE)

/* Little-endian descriptor fields (the bus byte order). */
static inline uint16_t e1000_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline void e1000_put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint8_t *e1000_rx_desc(const struct e1000_rx_ring *r, uint32_t i)
{
	return r->desc + (size_t)i * NIC_RXD_SIZE;
}

/* E1000_DESC_UNUSED: slots software may fill; one always stays empty. */
static inline uint32_t e1000_desc_unused(const struct e1000_rx_ring *r)
{
	return (r->next_to_clean > r->next_to_use ? 0 : r->count) + r->next_to_clean - r->next_to_use - 1;
}

/* e1000_frag_len: a buffer's fragment, E1000_HEADROOM and the NIC's
 * rx_buffer_len cache-line aligned, then the shared info build_skb puts
 * after them; the pool's buffers lie this far apart. */
static inline uint32_t e1000_frag_len(const struct e1000_adapter *a)
{
	return SKB_DATA_ALIGN(E1000_HEADROOM + a->opt.rx_buffer_len) + SKB_SHINFO_TRUESIZE;
}

static inline void e1000_charge(const struct e1000_adapter *a, enum rx_cost item, uint32_t n)
{
	if (a->plat.charge)
		a->plat.charge(a->plat.ctx, item, n);
}

/* A timeline's view of the driver's functions (free when none is written). */
static inline void e1000_fn_begin(const struct e1000_adapter *a, const char *fn)
{
	if (a->plat.fn_begin)
		a->plat.fn_begin(a->plat.ctx, fn);
}

static inline void e1000_fn_end(const struct e1000_adapter *a, const char *fn, int work, int budget)
{
	if (a->plat.fn_end)
		a->plat.fn_end(a->plat.ctx, fn, work, budget);
}

#define e1000_container_of(ptr, type, member) ((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* e1000_rx.c */
int e1000_setup_rx_resources(struct e1000_adapter *a);
void e1000_free_rx_resources(struct e1000_adapter *a);
void e1000_alloc_rx_buffers(struct e1000_adapter *a, uint32_t cleaned_count);
bool e1000_clean_rx_irq(struct e1000_adapter *a, int *work_done, int work_to_do);
/* e1000_rx_pool.c: the pool, a slot's buffer taken (e1000_alloc_frag) or
 * handed up in an skb, whose free_head e1000_rx_pool_free_frag is. */
struct e1000_rx_pool *e1000_rx_pool_create(const struct e1000_bus_ops *bus, uint32_t count, uint32_t stride);
void e1000_rx_pool_release(struct e1000_rx_pool *p);
bool e1000_alloc_frag(struct e1000_adapter *a, struct e1000_rx_buffer *bi, uint32_t slot);
void e1000_rx_pool_hand_up(struct e1000_rx_pool *p, struct e1000_rx_buffer *bi);
void e1000_rx_pool_free_frag(void *ctx, unsigned char *head);
/* e1000_main.c */
void e1000_irq_enable(struct e1000_adapter *a);
int e1000_up(struct e1000_adapter *a);
void e1000_down(struct e1000_adapter *a);
/* e1000_itr.c: mode/rate from InterruptThrottleRate (e1000_check_options). */
void e1000_itr_from_param(uint32_t param, uint32_t *itr_setting, uint32_t *itr);
void e1000_write_itr(struct e1000_adapter *a);
/* e1000_check.c */
void e1000_violation(struct e1000_adapter *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
