/* Interrupt throttling: InterruptThrottleRate modes, the adaptive classes
 * (e1000_update_itr / e1000_set_itr) and the simplified mode 4. */
#include "e1000_hw.h"

/* Rates the adaptive classes stand for (ints/s). */
static const uint32_t e1000_class_rate[] = {
	[lowest_latency] = 70000,
	[low_latency] = 20000,
	[bulk_latency] = 4000,
};
/* Where the dynamic modes start (e1000_check_options). */
#define E1000_ITR_START 20000u

uint32_t e1000_itr_reg(uint32_t ints_per_sec)
{
	return ints_per_sec ? 1000000000u / (ints_per_sec * 256u) : 0;
}

void e1000_itr_from_param(uint32_t param, uint32_t *itr_setting, uint32_t *itr)
{
	switch (param) {
	case E1000_ITR_OFF:
		*itr_setting = 0;
		*itr = 0;
		return;
	case E1000_ITR_DYNAMIC:
	case E1000_ITR_DYNAMIC_CONSERVATIVE:
		*itr_setting = param;
		*itr = E1000_ITR_START;
		return;
	case E1000_ITR_SIMPLIFIED:
		/* e1000_check_options (Linux 6.1 e1000_param.c) leaves itr at the
		 * parameter, 4: until the first watchdog sets a rate, ITR holds
		 * 1e9 / (4 * 256), of which the register keeps the low 16 bits
		 * (59058 x 256 ns, a 15 ms interval). */
		*itr_setting = param;
		*itr = param;
		return;
	default:
		/* e1000_validate_option: out of range -> the default mode. */
		if (param < E1000_MIN_ITR_RATE || param > E1000_MAX_ITR_RATE) {
			e1000_itr_from_param(E1000_ITR_DYNAMIC_CONSERVATIVE, itr_setting, itr);
			return;
		}
		/* The two low bits say "mode": a fixed rate keeps them clear. */
		*itr = param;
		*itr_setting = param & ~3u;
		return;
	}
}

void e1000_write_itr(struct e1000_adapter *a)
{
	ew32(a, ITR, a->itr_setting ? e1000_itr_reg(a->itr) : 0);
}

enum e1000_latency_range e1000_update_itr(enum e1000_latency_range itr_setting, uint32_t packets,
					  uint32_t bytes)
{
	enum e1000_latency_range retval = itr_setting;
	if (packets == 0)
		return itr_setting;
	const uint32_t avg = bytes / packets;
	switch (itr_setting) {
	case lowest_latency:
		if (avg > 8000) /* jumbo frames get bulk treatment */
			retval = bulk_latency;
		else if (packets < 5 && bytes > 512)
			retval = low_latency;
		break;
	case low_latency:
		if (bytes > 10000) {
			if (avg > 8000 || packets < 10 || avg > 1200)
				retval = bulk_latency;
			else if (packets > 35)
				retval = lowest_latency;
		} else if (avg > 2000) {
			retval = bulk_latency;
		} else if (packets <= 2 && bytes < 512) {
			retval = lowest_latency;
		}
		break;
	case bulk_latency:
		if (bytes > 25000) {
			if (packets > 35)
				retval = low_latency;
		} else if (bytes < 6000) {
			retval = low_latency;
		}
		break;
	}
	return retval;
}

void e1000_set_itr(struct e1000_adapter *a)
{
	uint32_t new_itr;
	if (!a->link_1000) {
		new_itr = e1000_class_rate[bulk_latency]; /* below gigabit: fixed 4000 */
	} else {
		a->rx_itr = (uint8_t)e1000_update_itr(a->rx_itr, a->total_rx_packets, a->total_rx_bytes);
		/* Conservative mode never uses the lowest-latency class. */
		if (a->itr_setting == E1000_ITR_DYNAMIC_CONSERVATIVE && a->rx_itr == lowest_latency)
			a->rx_itr = low_latency;
		new_itr = e1000_class_rate[a->rx_itr];
	}
	if (new_itr == a->itr)
		return;
	/* Rises are taken in steps (towards bulk); falls at once. */
	if (new_itr > a->itr) {
		const uint32_t step = a->itr + (new_itr >> 2);
		new_itr = step < new_itr ? step : new_itr;
	}
	a->itr = new_itr;
	a->drv.itr_changes++;
	ew32(a, ITR, e1000_itr_reg(new_itr));
}

uint32_t e1000_simple_itr(uint64_t gorc, uint64_t gotc)
{
	/* Symmetric traffic gets 2000 ints/s, one-way traffic 8000, others between. */
	const uint64_t goc = (gorc + gotc) / 10000;
	const uint64_t dif = (gotc > gorc ? gotc - gorc : gorc - gotc) / 10000;
	return goc > 0 ? (uint32_t)(dif * 6000 / goc + 2000) : 8000;
}
