/* Probe, open/close, the interrupt handler and the NAPI poll (e1000_main.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "e1000_hw.h"

void e1000_default_options(struct e1000_options *o)
{
	static const uint8_t mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
	*o = (struct e1000_options){
		.name = "eth0",
		.rx_ring_count = E1000_DEFAULT_RXD,
		.rx_buffer_len = E1000_DEFAULT_RX_BUFFER_LEN,
		.mtu = E1000_DEFAULT_MTU,
		.interrupt_throttle_rate = E1000_ITR_DYNAMIC_CONSERVATIVE,
		.rx_int_delay = E1000_DEFAULT_RDTR,
		.rx_abs_int_delay = E1000_DEFAULT_RADV,
		.copybreak = E1000_DEFAULT_COPYBREAK,
		.wthresh = 1, /* RXDCTL's reset value: write back every descriptor */
		.pba = E1000_PBA_32K,
		.rx_csum = true,
		.vlan_rx = true,
		.napi = true,
		.napi_weight = NAPI_POLL_WEIGHT,
	};
	memcpy(o->mac, mac, sizeof(mac));
}

/* RCTL.BSIZE/BSEX for a buffer length; false for a length the NIC cannot take. */
static bool e1000_rctl_bsize(uint32_t len, uint32_t *bits)
{
	static const struct { uint32_t len, bits; } sizes[] = {
		{256, NIC_RCTL_BSIZE_256 << NIC_RCTL_BSIZE_SHIFT},
		{512, NIC_RCTL_BSIZE_512 << NIC_RCTL_BSIZE_SHIFT},
		{1024, NIC_RCTL_BSIZE_1024 << NIC_RCTL_BSIZE_SHIFT},
		{2048, NIC_RCTL_BSIZE_2048 << NIC_RCTL_BSIZE_SHIFT},
		/* BSEX multiplies by 16 (E1000_RCTL_SZ_4096/8192/16384). */
		{4096, NIC_RCTL_BSEX | NIC_RCTL_BSIZE_256 << NIC_RCTL_BSIZE_SHIFT},
		{8192, NIC_RCTL_BSEX | NIC_RCTL_BSIZE_512 << NIC_RCTL_BSIZE_SHIFT},
		{16384, NIC_RCTL_BSEX | NIC_RCTL_BSIZE_1024 << NIC_RCTL_BSIZE_SHIFT},
	};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (sizes[i].len == len) {
			*bits = sizes[i].bits;
			return true;
		}
	}
	return false;
}

/* e1000_check_options: an out-of-range value falls back to its default. */
static void e1000_check_options(struct e1000_adapter *a, const struct e1000_options *in)
{
	struct e1000_options def;
	e1000_default_options(&def);
	a->opt = *in;
	if (in->rx_ring_count < E1000_MIN_RXD || in->rx_ring_count > E1000_MAX_RXD)
		a->opt.rx_ring_count = def.rx_ring_count;
	a->opt.rx_ring_count = (a->opt.rx_ring_count + E1000_REQ_RX_DESCRIPTOR_MULTIPLE - 1) &
			       ~(E1000_REQ_RX_DESCRIPTOR_MULTIPLE - 1);
	uint32_t bits;
	if (!e1000_rctl_bsize(in->rx_buffer_len, &bits))
		a->opt.rx_buffer_len = def.rx_buffer_len;
	if (in->mtu < E1000_MIN_MTU || in->mtu > E1000_MAX_MTU)
		a->opt.mtu = def.mtu;
	if (in->napi_weight <= 0)
		a->opt.napi_weight = def.napi_weight;
	if (in->pba < E1000_PBA_8K || in->pba > E1000_PBA_64K || in->pba % E1000_PBA_8K)
		a->opt.pba = def.pba;
	if (!in->name)
		a->opt.name = def.name;
	e1000_itr_from_param(in->interrupt_throttle_rate, &a->itr_setting, &a->itr);
}

_Static_assert(E1000_RAR_ENTRIES <= NIC_RAH_COUNT, "the NIC has the RARs the driver uses");

/* e1000_rar_set: an exact filter, valid. */
static void e1000_rar_set(struct e1000_adapter *a, const uint8_t *m, uint32_t index)
{
	ew32(a, RAL(index), (uint32_t)m[0] | (uint32_t)m[1] << 8 | (uint32_t)m[2] << 16 | (uint32_t)m[3] << 24);
	ew32(a, RAH(index), ((uint32_t)m[4] | (uint32_t)m[5] << 8) << NIC_RAH_RAH_SHIFT | NIC_RAH_AV);
}

/* e1000_vlan_used: a VLAN device sits on the interface. */
static bool e1000_vlan_used(const struct e1000_adapter *a)
{
	for (uint32_t i = 0; i < NIC_VFTA_COUNT; i++)
		if (a->active_vlans[i])
			return true;
	return false;
}

/* e1000_set_rx_mode (6.1) but promiscuous mode, which is e1000_setup_rctl's
 * (no IFF_ALLMULTI, no secondary unicast addresses): RCTL.VFE when a VLAN
 * device sits on the interface; the multicast list fills the exact filters
 * RAR[1..14], the rest goes to the 4096-bit hash (e1000_hash_mc_addr, filter
 * type 0: address bits 47:36); unused RARs are cleared and the MTA written
 * whole, from the top. */
static void e1000_set_rx_mode(struct e1000_adapter *a)
{
	/* "Enable VLAN filter if there is a VLAN" (not in promiscuous mode). */
	uint32_t rctl = er32(a, RCTL) & ~NIC_RCTL_VFE;
	if (!a->opt.promisc && e1000_vlan_used(a))
		rctl |= NIC_RCTL_VFE;
	ew32(a, RCTL, rctl);
	a->rctl = (a->rctl & ~NIC_RCTL_VFE) | (rctl & NIC_RCTL_VFE);

	uint32_t mta[NIC_MTA_COUNT] = {0};
	const struct net_device *dev = a->netdev;
	uint32_t i = 1;
	for (int k = 0; k < dev->mc_count; k++) {
		const uint8_t *m = dev->mc_addrs[k];
		if (i == E1000_RAR_ENTRIES) {
			const uint32_t hash = ((uint32_t)m[4] >> 4 | (uint32_t)m[5] << 4) & 0xfff;
			mta[hash >> 5 & 0x7f] |= 1u << (hash & 0x1f);
		} else {
			e1000_rar_set(a, m, i++);
		}
	}
	for (; i < E1000_RAR_ENTRIES; i++) {
		ew32(a, RAL(i), 0);
		ew32(a, RAH(i), 0);
	}
	for (uint32_t r = NIC_MTA_COUNT; r-- > 0;)
		ew32(a, MTA(r), mta[r]);
}

/* ndo_set_rx_mode: __dev_set_rx_mode calls it only on an interface that is up. */
static void e1000_ndo_set_rx_mode(struct net_device *dev)
{
	struct e1000_adapter *a = dev->priv;
	if (a->open)
		e1000_set_rx_mode(a);
}

/* e1000_vlan_rx_add_vid (6.1): the VID's VFTA bit, and the filter on with
 * the first VLAN (e1000_vlan_filter_on_off -> RCTL.VFE, here through
 * e1000_set_rx_mode). Registers are written up or down, as Linux does;
 * e1000_restore_vlan writes them again at ifup. */
static int e1000_vlan_rx_add_vid(struct net_device *dev, uint16_t proto, uint16_t vid)
{
	struct e1000_adapter *a = dev->priv;
	if (proto != ETH_P_8021Q)
		return -1; /* NETIF_F_HW_VLAN_CTAG_FILTER only: no 802.1ad filter */
	const bool first = !e1000_vlan_used(a);
	const uint32_t index = vid >> 5 & 0x7f;
	a->active_vlans[index] |= 1u << (vid & 0x1f);
	ew32(a, VFTA(index), a->active_vlans[index]);
	if (first && a->open)
		e1000_set_rx_mode(a);
	return 0;
}

/* e1000_restore_vlan: the VFTA from the VLANs the interface has. */
static void e1000_restore_vlan(struct e1000_adapter *a)
{
	for (uint32_t i = 0; i < NIC_VFTA_COUNT; i++)
		if (a->active_vlans[i])
			ew32(a, VFTA(i), a->active_vlans[i]);
}

/* e1000_reset (Linux 6.6) for the receive path: the packet buffer split,
 * then e1000_reset_hw: interrupts masked, CTRL.RST (which the new split
 * needs, "To take effect CTRL.RST is required", and which leaves PBA
 * alone), interrupts masked again and none left pending.  Linux starts from
 * E1000_PBA_48K and, above 1518-byte frames, moves receive space to
 * transmit (8 KB on the 82540 above 8 KB frames; on the 82545/6 what two
 * transmit frames need).  rxsim: the receive share is the option as given;
 * there is no transmit path to move it to. */
static void e1000_reset(struct e1000_adapter *a)
{
	ew32(a, PBA, a->opt.pba);
	ew32(a, IMC, ~0u);
	ew32(a, CTRL, er32(a, CTRL) | NIC_CTRL_RST);
	ew32(a, IMC, ~0u);
	(void)er32(a, ICR);
}

struct e1000_adapter *e1000_probe(const struct e1000_bus_ops *bus, struct net *net,
				  const struct rx_platform *plat, const struct e1000_options *opt)
{
	struct e1000_adapter *a = calloc(1, sizeof(*a));
	if (!a)
		return NULL;
	a->bus = *bus;
	if (plat)
		a->plat = *plat;
	e1000_check_options(a, opt);
	e1000_reset(a);
	a->netdev = register_netdev(net, a->opt.name, a->opt.mac);
	if (!a->netdev) {
		free(a);
		return NULL;
	}
	a->netdev->priv = a;
	a->netdev->ndo_set_rx_mode = e1000_ndo_set_rx_mode;
	a->netdev->ndo_vlan_rx_add_vid = e1000_vlan_rx_add_vid;
	if (a->opt.napi)
		netif_napi_add(a->netdev, &a->napi, e1000_clean, a->opt.napi_weight);
	/* The watchdog turns the carrier on when it finds link. */
	netif_carrier_off(a->netdev);
	a->down = true;
	return a;
}

void e1000_remove(struct e1000_adapter *a)
{
	if (!a)
		return;
	if (a->open)
		e1000_close(a);
	if (a->opt.napi)
		netif_napi_del(&a->napi); /* free_netdev's, for its NAPI instances */
	free(a);
}

/* e1000_setup_rctl: broadcasts, RXDMT0 at half the ring, filter type 0, the
 * buffer size, LPE when the MTU is above ETH_DATA_LEN; SECRC clear, since
 * the driver strips the FCS itself. */
static void e1000_setup_rctl(struct e1000_adapter *a)
{
	uint32_t bsize = 0;
	e1000_rctl_bsize(a->opt.rx_buffer_len, &bsize); /* validated at probe */
	uint32_t rctl = er32(a, RCTL);
	rctl &= ~(NIC_RCTL_MO_MASK | NIC_RCTL_RDMTS_MASK | NIC_RCTL_BSIZE_MASK | NIC_RCTL_BSEX |
		  NIC_RCTL_SBP | NIC_RCTL_LPE | NIC_RCTL_UPE | NIC_RCTL_MPE | NIC_RCTL_SECRC | NIC_RCTL_EN);
	rctl |= NIC_RCTL_BAM | NIC_RCTL_RDMTS_HALF << NIC_RCTL_RDMTS_SHIFT |
		NIC_RCTL_MO_47_36 << NIC_RCTL_MO_SHIFT | bsize;
	if (a->opt.promisc)
		rctl |= NIC_RCTL_UPE | NIC_RCTL_MPE;
	if (a->opt.mtu > E1000_DEFAULT_MTU)
		rctl |= NIC_RCTL_LPE; /* long packets: up to 16384 bytes */
	a->rctl = rctl | NIC_RCTL_EN;
	ew32(a, RCTL, rctl);
}

/* e1000_configure_rx: the receive path for the MTU (e1000_clean_jumbo_rx_irq
 * above ETH_DATA_LEN), ring registers with the receiver off, then enable
 * it.  (rxsim) Buffers smaller than a full-size frame also take the jumbo
 * path: e1000 sizes them from the MTU (e1000_change_mtu) and never has
 * such buffers, which only the model's --rx-buffer gives. */
static void e1000_configure_rx(struct e1000_adapter *a)
{
	const struct e1000_rx_ring *r = &a->rx_ring;
	a->jumbo = a->opt.mtu > E1000_DEFAULT_MTU || a->opt.rx_buffer_len < E1000_MAX_VLAN_FRAME;
	ew32(a, RCTL, a->rctl & ~NIC_RCTL_EN);
	ew32(a, RDTR, a->opt.rx_int_delay);
	ew32(a, RADV, a->opt.rx_abs_int_delay);
	e1000_write_itr(a);
	ew32(a, RDBAL, (uint32_t)r->dma);
	ew32(a, RDBAH, (uint32_t)(r->dma >> 32));
	ew32(a, RDLEN, r->count * NIC_RXD_SIZE);
	ew32(a, RDH, 0);
	ew32(a, RDT, 0);
	ew32(a, RXDCTL, (uint32_t)a->opt.pthresh << NIC_RXDCTL_PTHRESH_SHIFT |
			(uint32_t)a->opt.hthresh << NIC_RXDCTL_HTHRESH_SHIFT |
			(uint32_t)a->opt.wthresh << NIC_RXDCTL_WTHRESH_SHIFT);
	uint32_t rxcsum = er32(a, RXCSUM);
	if (a->opt.rx_csum)
		rxcsum |= NIC_RXCSUM_IPOFLD | NIC_RXCSUM_TUOFLD;
	else
		rxcsum &= ~(NIC_RXCSUM_IPOFLD | NIC_RXCSUM_TUOFLD);
	ew32(a, RXCSUM, rxcsum);
	ew32(a, RCTL, a->rctl);
}

/* e1000_init_hw's and e1000_configure's address filters: RAR[0] = our
 * address, the multicast list through e1000_set_rx_mode. */
static void e1000_setup_filters(struct e1000_adapter *a)
{
	e1000_rar_set(a, a->opt.mac, 0);
	e1000_set_rx_mode(a);
	e1000_restore_vlan(a);
}

/* e1000_has_link (copper): the link is read while get_link_status is set,
 * which stays set until link is found. */
static bool e1000_has_link(struct e1000_adapter *a)
{
	if (!a->get_link_status)
		return true;
	uint32_t status = er32(a, STATUS);
	uint32_t speed = (status & NIC_STATUS_SPEED_MASK) >> NIC_STATUS_SPEED_SHIFT;
	a->link_1000 = speed == NIC_STATUS_SPEED_1000;
	a->get_link_status = !(status & NIC_STATUS_LU);
	return !a->get_link_status;
}

void e1000_irq_enable(struct e1000_adapter *a)
{
	ew32(a, IMS, E1000_IMS_ENABLE_MASK);
	e1000_write_flush(a);
}

static void e1000_irq_disable(struct e1000_adapter *a)
{
	ew32(a, IMC, ~0u);
	e1000_write_flush(a);
}

/* e1000_configure + e1000_up. */
int e1000_up(struct e1000_adapter *a)
{
	uint32_t ctrl = er32(a, CTRL) | NIC_CTRL_SLU;
	if (a->opt.vlan_rx)
		ctrl |= NIC_CTRL_VME;
	else
		ctrl &= ~NIC_CTRL_VME;
	ew32(a, CTRL, ctrl);
	a->get_link_status = true;
	e1000_has_link(a);
	e1000_setup_filters(a);
	e1000_setup_rctl(a);
	e1000_configure_rx(a);
	e1000_alloc_rx_buffers(a, e1000_desc_unused(&a->rx_ring));
	a->down = false;
	a->discarding = false;
	a->rx_ring.chain_len = a->rx_ring.chain_descs = 0; /* e1000_clean_rx_ring drops rx_skb_top */
	if (a->opt.napi)
		napi_enable(&a->napi);
	e1000_irq_enable(a);
	/* e1000_up: "fire a link change interrupt to start the watchdog". */
	ew32(a, ICS, NIC_ICR_LSC);
	return 0;
}

void e1000_down(struct e1000_adapter *a)
{
	a->down = true;
	ew32(a, RCTL, a->rctl & ~NIC_RCTL_EN);
	e1000_write_flush(a);
	if (a->opt.napi)
		napi_disable(&a->napi);
	e1000_irq_disable(a);
	netif_carrier_off(a->netdev);
}

int e1000_open(struct e1000_adapter *a)
{
	if (a->open)
		return 0;
	if (e1000_setup_rx_resources(a))
		return -ENOMEM;
	a->open = true;
	return e1000_up(a);
}

int e1000_close(struct e1000_adapter *a)
{
	if (!a->open)
		return 0;
	e1000_down(a);
	e1000_free_rx_resources(a);
	a->open = false;
	return 0;
}

/* Pre-NAPI handler (CONFIG_E1000_NAPI off, e1000 7.x of Linux 2.6): clean in
 * interrupt context and hand frames to netif_rx's backlog, a few passes
 * while work turns up.  Interrupts stay unmasked: that e1000_intr wrote
 * IMC/IMS around the passes only on the 82547 (its Hub Link could reorder
 * assert and deassert messages), not on the part modeled here. */
static void e1000_intr_clean(struct e1000_adapter *a)
{
	a->total_rx_packets = 0;
	a->total_rx_bytes = 0;
	for (int i = 0; i < E1000_MAX_INTR; i++) {
		int work = 0;
		if (!e1000_clean_rx_irq(a, &work, (int)a->rx_ring.count))
			break;
	}
	if (a->itr_setting & 3)
		e1000_set_itr(a);
}

/* The NAPI half of e1000_intr in Linux 2.6.12: the poll is scheduled
 * first; only then are interrupts masked, with "the flush of the posted
 * write intentionally left out".  An interrupt while the poll is scheduled
 * leaves the mask alone: the device is masked already, and the poll's
 * unmask comes after netif_rx_complete. */
static void e1000_intr_prep_before_mask(struct e1000_adapter *a)
{
	if (!napi_schedule_prep(&a->napi)) {
		a->drv.napi_schedule_missed++;
		return;
	}
	ew32(a, IMC, ~0u);
	a->total_rx_packets = 0;
	a->total_rx_bytes = 0;
	__napi_schedule(&a->napi);
}

static irqreturn_t e1000_handle_icr(struct e1000_adapter *a)
{
	uint32_t icr = er32(a, ICR);
	if (!icr) {
		a->drv.interrupts_none++; /* shared line: not ours */
		return IRQ_NONE;
	}
	a->drv.interrupts++;
	/* The read cleared the causes; a device going down has nothing to do. */
	if (a->down)
		return IRQ_HANDLED;
	/* e1000_intr (Linux 6.1): the watchdog runs a jiffy later, unless it is
	 * already queued (then it sees the link at its next period). */
	if (icr & (NIC_ICR_RXSEQ | NIC_ICR_LSC)) {
		a->get_link_status = true;
		a->bus.schedule_delayed_work(a->bus.ctx, 1);
	}
	if (!a->opt.napi) {
		e1000_intr_clean(a);
		return IRQ_HANDLED;
	}
	if (a->opt.napi_prep_before_mask) {
		e1000_intr_prep_before_mask(a);
		return IRQ_HANDLED;
	}
	e1000_irq_disable(a);
	if (napi_schedule_prep(&a->napi)) {
		/* The ITR class is measured from here to napi_complete_done. */
		a->total_rx_packets = 0;
		a->total_rx_bytes = 0;
		__napi_schedule(&a->napi);
	} else {
		/* Already scheduled (MISSED is set): as e1000, unmask and go on. */
		a->drv.napi_schedule_missed++;
		e1000_irq_enable(a);
	}
	return IRQ_HANDLED;
}

irqreturn_t e1000_intr(struct e1000_adapter *a)
{
	e1000_fn_begin(a, "e1000_intr");
	const irqreturn_t ret = e1000_handle_icr(a);
	e1000_fn_end(a, "e1000_intr", -1, -1);
	return ret;
}

int e1000_clean(struct napi_struct *napi, int budget)
{
	struct e1000_adapter *a = e1000_container_of(napi, struct e1000_adapter, napi);
	int work_done = 0;

	e1000_fn_begin(a, "e1000_clean");
	e1000_clean_rx_irq(a, &work_done, budget);
	if (work_done == budget) {
		e1000_fn_end(a, "e1000_clean", work_done, budget);
		return budget; /* more to do: stay scheduled, interrupts masked */
	}
	/* Unmask only when NAPI says so (not when MISSED rescheduled us or
	 * gro_flush_timeout deferral keeps the IRQ off). */
	if (napi_complete_done(napi, work_done)) {
		if (a->itr_setting & 3)
			e1000_set_itr(a);
		if (!a->down)
			e1000_irq_enable(a);
	}
	e1000_fn_end(a, "e1000_clean", work_done, budget);
	return work_done;
}

/* e1000_watchdog (Linux 6.6, delayed work): carrier follows the link, then
 * statistics and the simplified ITR, a software RXDMT0 interrupt "to ensure
 * rx ring is cleaned" (what retries a refill that found no buffer or a poll
 * that found no skb), then it queues itself 2 s on.  (rxsim) The interrupt
 * only when the ring has work for it, slots left empty or a done descriptor
 * waiting: Linux raises it at every run, which on an idle ring changes only
 * the interrupt count (and would keep idle periods from folding into one
 * step).  Not modeled: phy_info_task and smartspeed. */
void e1000_watchdog(struct e1000_adapter *a)
{
	if (!a->open)
		return;
	const bool link = e1000_has_link(a);
	if (link && !netif_carrier_ok(a->netdev))
		netif_carrier_on(a->netdev); /* "NIC Link is Up" */
	else if (!link && netif_carrier_ok(a->netdev))
		netif_carrier_off(a->netdev); /* "NIC Link is Down" */
	e1000_update_stats(a);
	if (a->itr_setting == E1000_ITR_SIMPLIFIED) {
		/* No transmit path: transmitted octets are 0. */
		a->itr = e1000_simple_itr(a->stats.gorc - a->gorc_last, 0);
		ew32(a, ITR, e1000_itr_reg(a->itr));
	}
	a->gorc_last = a->stats.gorc;
	const struct e1000_rx_ring *r = &a->rx_ring;
	if (e1000_desc_unused(r) || (e1000_rx_desc(r, r->next_to_clean)[NIC_RXD_STATUS_OFFSET] & NIC_RXD_STATUS_DD))
		ew32(a, ICS, NIC_ICR_RXDMT0);
	if (!a->down)
		a->bus.schedule_delayed_work(a->bus.ctx, 2 * E1000_HZ);
}
