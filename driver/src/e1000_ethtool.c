/* ethtool -g/-G (ring size) and -c/-C (interrupt coalescing). */
#include <errno.h>

#include "e1000_hw.h"

void e1000_get_ringparam(const struct e1000_adapter *a, struct e1000_ringparam *ring)
{
	ring->rx_max_pending = E1000_MAX_RXD;
	ring->rx_pending = a->opt.rx_ring_count;
}

/* As e1000: clamp to the limits, round up to a multiple of 8, and rebuild
 * the ring of an open device (frames in it are lost, as on a real ifdown). */
int e1000_set_ringparam(struct e1000_adapter *a, const struct e1000_ringparam *ring)
{
	uint32_t n = ring->rx_pending;
	if (n < E1000_MIN_RXD)
		n = E1000_MIN_RXD;
	if (n > E1000_MAX_RXD)
		n = E1000_MAX_RXD;
	n = (n + E1000_REQ_RX_DESCRIPTOR_MULTIPLE - 1) & ~(E1000_REQ_RX_DESCRIPTOR_MULTIPLE - 1);
	if (n == a->opt.rx_ring_count)
		return 0;
	const bool was_open = a->open;
	if (was_open)
		e1000_close(a);
	a->opt.rx_ring_count = n;
	return was_open ? e1000_open(a) : 0;
}

void e1000_get_coalesce(const struct e1000_adapter *a, struct e1000_coalesce *ec)
{
	ec->rx_coalesce_usecs = a->itr_setting <= E1000_ITR_SIMPLIFIED ? a->itr_setting
								     : 1000000u / a->itr_setting;
}

int e1000_set_coalesce(struct e1000_adapter *a, const struct e1000_coalesce *ec)
{
	const uint32_t us = ec->rx_coalesce_usecs;
	if (us > E1000_MAX_ITR_USECS || (us > E1000_ITR_SIMPLIFIED && us < E1000_MIN_ITR_USECS) || us == 2)
		return -EINVAL;
	if (us <= E1000_ITR_SIMPLIFIED)
		e1000_itr_from_param(us, &a->itr_setting, &a->itr);
	else
		e1000_itr_from_param(1000000u / us, &a->itr_setting, &a->itr);
	/* Linux 6.1 e1000_set_coalesce writes ITR only: RDTR/RADV are module
	 * parameters (RxIntDelay, RxAbsIntDelay), set at open. */
	if (a->open)
		e1000_write_itr(a);
	return 0;
}
