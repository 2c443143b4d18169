/* Statistics: the NIC's read-to-clear counters accumulated to 64 bits, and
 * mapped onto the netdev's as e1000_update_stats maps them. */
#include <string.h>

#include "e1000_hw.h"

/* A 64-bit octet counter: reading the high half clears both halves. */
static uint64_t e1000_read_octets(const struct e1000_adapter *a, uint32_t lo_reg, uint32_t hi_reg)
{
	const uint64_t lo = e1000_read_reg(a, lo_reg);
	return lo | (uint64_t)e1000_read_reg(a, hi_reg) << 32;
}

void e1000_update_stats(struct e1000_adapter *a)
{
	struct e1000_hw_stats *s = &a->stats;
	s->crcerrs += er32(a, CRCERRS);
	s->rxerrc += er32(a, RXERRC);
	s->mpc += er32(a, MPC);
	s->prc64 += er32(a, PRC64);
	s->prc127 += er32(a, PRC127);
	s->prc255 += er32(a, PRC255);
	s->prc511 += er32(a, PRC511);
	s->prc1023 += er32(a, PRC1023);
	s->prc1522 += er32(a, PRC1522);
	s->gprc += er32(a, GPRC);
	s->bprc += er32(a, BPRC);
	s->mprc += er32(a, MPRC);
	s->gorc += e1000_read_octets(a, NIC_GORCL, NIC_GORCH);
	s->rnbc += er32(a, RNBC);
	s->ruc += er32(a, RUC);
	s->rfc += er32(a, RFC);
	s->roc += er32(a, ROC);
	s->rjc += er32(a, RJC);
	s->tor += e1000_read_octets(a, NIC_TORL, NIC_TORH);
	s->tpr += er32(a, TPR);
	s->xfltc += er32(a, XFLTC);
	s->xdisc += er32(a, XDISC);

	/* The netdev's error fields as Linux fills them from the hardware. */
	struct rtnl_link_stats64 *n = &a->netdev->stats;
	n->multicast = s->mprc;
	n->rx_crc_errors = s->crcerrs;
	n->rx_missed_errors = s->mpc;
	n->rx_length_errors = s->ruc + s->roc + a->drv.rx_no_eop_drops;
	n->rx_errors = s->rxerrc + s->crcerrs + s->ruc + s->roc + a->drv.rx_frame_err_drops;
}

void e1000_get_ethtool_stats(struct e1000_adapter *a, struct e1000_ethtool_stats *out)
{
	e1000_update_stats(a);
	memset(out, 0, sizeof(*out));
	out->net = a->netdev->stats;
	out->hw = a->stats;
	out->drv = a->drv;
	out->itr = a->itr_setting ? a->itr : 0;
}
