/* nic_csr (hw/rtl/nic_csr.sv, with its reg_table MTA and VFTA): the register
 * file and MMIO slave. Reads answer one cycle after they are accepted;
 * writes act at the edge that accepts them; CTRL.RST resets every block at
 * the next edge. */
#include "twin_blocks.h"

#define MMIO_ADDR_MASK ((1u << NIC_MMIO_ADDR_W) - 1)
#define RA_END (NIC_RAL(0) + NIC_RAL_COUNT * 8u)

void nic_csr_reset(struct nic_csr *c, bool hard)
{
    c->ctrl_q = NIC_CTRL_RESET;
    c->ctrl_ext_q = NIC_CTRL_EXT_RESET;
    c->rctl_q = NIC_RCTL_RESET;
    c->rdbal_q = NIC_RDBAL_RESET;
    c->rdbah_q = NIC_RDBAH_RESET;
    c->rdlen_q = NIC_RDLEN_RESET;
    c->rdtr_q = NIC_RDTR_RESET;
    c->rxdctl_q = NIC_RXDCTL_RESET;
    c->radv_q = NIC_RADV_RESET;
    c->rxcsum_q = NIC_RXCSUM_RESET;
    c->itr_q = NIC_ITR_RESET;
    c->iam_q = NIC_IAM_RESET;
    for (unsigned i = 0; i < NIC_RAL_COUNT; ++i) {
        c->ra_q[i] = (uint64_t)((NIC_RAH_RESET & NIC_RAH_RAH_MASK) >> NIC_RAH_RAH_SHIFT) << 32 | NIC_RAL_RESET;
        c->ra_av_q[i] = NIC_RAH_RESET & NIC_RAH_AV_MASK;
    }
    for (unsigned i = 0; i < NIC_MTA_COUNT; ++i)
        c->mta_q[i] = NIC_MTA_RESET;
    for (unsigned i = 0; i < NIC_VFTA_COUNT; ++i)
        c->vfta_q[i] = NIC_VFTA_RESET;
    if (hard) { /* power-on: PBA too (CTRL.RST leaves it) */
        c->pba_rxa_q = (NIC_PBA_RESET & NIC_PBA_RXA_MASK) >> NIC_PBA_RXA_SHIFT;
        c->sw_rst_q = false;
        c->rsp_valid_q = false;
        c->rsp_rdata_q = 0;
    }
}

static uint32_t addr_of(const struct nic_port_inputs *in) { return in->mmio_req_addr & MMIO_ADDR_MASK; }

void nic_csr_comb(const struct nic_twin *t, struct twin_wires *w)
{
    const struct nic_csr *c = &t->csr;
    const struct nic_port_inputs *in = &t->in;
    const uint32_t addr = addr_of(in);
    w->mmio_req_ready = !c->sw_rst_q && (!c->rsp_valid_q || in->mmio_rsp_ready);
    const bool accept = in->mmio_req_valid && w->mmio_req_ready;
    w->wr = accept && in->mmio_req_write;
    w->rd = accept && !in->mmio_req_write;
    w->rdh_we = w->wr && addr == NIC_RDH;
    w->rdt_we = w->wr && addr == NIC_RDT;
    w->icr_we = w->wr && addr == NIC_ICR;
    w->ics_we = w->wr && addr == NIC_ICS;
    w->ims_we = w->wr && addr == NIC_IMS;
    w->imc_we = w->wr && addr == NIC_IMC;
    w->icr_rd = w->rd && addr == NIC_ICR;
    w->fpd = w->wr && addr == NIC_RDTR && (in->mmio_req_wdata & NIC_RDTR_FPD_MASK);
    const bool slu = c->ctrl_q & NIC_CTRL_SLU_MASK;
    w->lsc = (w->wr && addr == NIC_CTRL && ((in->mmio_req_wdata & NIC_CTRL_SLU_MASK) != 0) != slu && in->phy_link) ||
             (in->phy_link != c->phy_link_q && slu);
}

/* The value an accepted read samples (rd): needs the other blocks' registers
 * as they are before the edge. */
void nic_csr_read(const struct nic_twin *t, struct twin_wires *w)
{
    const struct nic_csr *c = &t->csr;
    const uint32_t addr = addr_of(&t->in);
    uint32_t v = 0;
    if (addr >= NIC_MTA(0) && addr < NIC_MTA(NIC_MTA_COUNT)) {
        v = c->mta_q[((addr - NIC_MTA(0)) >> 2) & (NIC_MTA_COUNT - 1)];
    } else if (addr >= NIC_VFTA(0) && addr < NIC_VFTA(NIC_VFTA_COUNT)) {
        v = c->vfta_q[((addr - NIC_VFTA(0)) >> 2) & (NIC_VFTA_COUNT - 1)];
    } else if (addr >= NIC_RAL(0) && addr < RA_END) {
        const unsigned i = ((addr - NIC_RAL(0)) >> 3) & (NIC_RAL_COUNT - 1);
        if (!(addr & 4))
            v = (uint32_t)c->ra_q[i];
        else
            v = ((uint32_t)(c->ra_q[i] >> 32) << NIC_RAH_RAH_SHIFT & NIC_RAH_RAH_MASK) |
                (c->ra_av_q[i] ? NIC_RAH_AV_MASK : 0);
    } else if (!mac_stats_read(&t->stats, addr, &v)) {
        switch (addr) {
        case NIC_CTRL: v = c->ctrl_q; break;
        case NIC_STATUS: {
            const bool lu = (c->ctrl_q & NIC_CTRL_SLU_MASK) && t->in.phy_link;
            v = (NIC_STATUS_RESET & ~(NIC_STATUS_LU_MASK | NIC_STATUS_SPEED_MASK)) | (lu ? NIC_STATUS_LU_MASK : 0) |
                (c->link_speed << NIC_STATUS_SPEED_SHIFT & NIC_STATUS_SPEED_MASK);
            break;
        }
        case NIC_CTRL_EXT: v = c->ctrl_ext_q; break;
        case NIC_PBA: /* RXA, and TXA the rest of the packet buffer */
            v = (c->pba_rxa_q << NIC_PBA_RXA_SHIFT & NIC_PBA_RXA_MASK) |
                (c->pba_rxa_q < NIC_PACKET_BUFFER_KB
                     ? ((NIC_PACKET_BUFFER_KB - c->pba_rxa_q) << NIC_PBA_TXA_SHIFT & NIC_PBA_TXA_MASK)
                     : 0);
            break;
        case NIC_ICR: v = t->intr.icr_q; break;
        case NIC_ITR: v = c->itr_q; break;
        case NIC_IMS: v = t->intr.ims_q; break;
        case NIC_IAM: v = c->iam_q; break;
        case NIC_RCTL: v = c->rctl_q; break;
        case NIC_RDBAL: v = c->rdbal_q; break;
        case NIC_RDBAH: v = c->rdbah_q; break;
        case NIC_RDLEN: v = c->rdlen_q; break;
        case NIC_RDH: v = t->dma.rdh_q; break;
        case NIC_RDT: v = t->dma.rdt_q; break;
        case NIC_RDTR: v = c->rdtr_q; break;
        case NIC_RXDCTL: v = c->rxdctl_q; break;
        case NIC_RADV: v = c->radv_q; break;
        case NIC_RXCSUM: v = c->rxcsum_q; break;
        default: v = 0; break;
        }
    }
    w->rd_data = v;
}

static void write_register(struct nic_csr *c, uint32_t addr, uint32_t wdata)
{
    if (addr >= NIC_RAL(0) && addr < RA_END) {
        const unsigned i = ((addr - NIC_RAL(0)) >> 3) & (NIC_RAL_COUNT - 1);
        if (!(addr & 4)) {
            c->ra_q[i] = (c->ra_q[i] & 0xffff00000000ull) | wdata;
        } else {
            c->ra_q[i] = (uint64_t)((wdata & NIC_RAH_RAH_MASK) >> NIC_RAH_RAH_SHIFT) << 32 | (c->ra_q[i] & 0xffffffffu);
            c->ra_av_q[i] = wdata & NIC_RAH_AV_MASK;
        }
    }
    if (addr >= NIC_MTA(0) && addr < NIC_MTA(NIC_MTA_COUNT))
        c->mta_q[((addr - NIC_MTA(0)) >> 2) & (NIC_MTA_COUNT - 1)] = wdata;
    if (addr >= NIC_VFTA(0) && addr < NIC_VFTA(NIC_VFTA_COUNT))
        c->vfta_q[((addr - NIC_VFTA(0)) >> 2) & (NIC_VFTA_COUNT - 1)] = wdata;
    switch (addr) {
    case NIC_CTRL: c->ctrl_q = wdata & ~NIC_CTRL_RST_MASK; break; /* RST self-clears */
    case NIC_CTRL_EXT: c->ctrl_ext_q = wdata; break;
    case NIC_PBA: c->pba_rxa_q = (wdata & NIC_PBA_RXA_MASK) >> NIC_PBA_RXA_SHIFT; break;
    case NIC_RCTL: c->rctl_q = wdata; break;
    case NIC_RDBAL: c->rdbal_q = wdata; break;
    case NIC_RDBAH: c->rdbah_q = wdata; break;
    case NIC_RDLEN: c->rdlen_q = wdata; break;
    case NIC_RDTR: c->rdtr_q = wdata & ~NIC_RDTR_FPD_MASK; break; /* FPD acts once, reads 0 */
    case NIC_RXDCTL: c->rxdctl_q = wdata; break;
    case NIC_RADV: c->radv_q = wdata; break;
    case NIC_RXCSUM: c->rxcsum_q = wdata; break;
    case NIC_ITR: c->itr_q = wdata; break;
    case NIC_IAM: c->iam_q = wdata; break;
    default: break;
    }
}

void nic_csr_next(struct nic_csr *c, const struct nic_port_inputs *in, const struct twin_wires *w)
{
    const uint32_t addr = addr_of(in);
    const bool sw_rst = c->sw_rst_q;
    if (sw_rst)
        nic_csr_reset(c, false);
    else if (w->wr)
        write_register(c, addr, in->mmio_req_wdata);
    c->sw_rst_q = w->wr && addr == NIC_CTRL && (in->mmio_req_wdata & NIC_CTRL_RST_MASK);
    c->phy_link_q = in->phy_link;
    if (in->mmio_rsp_ready)
        c->rsp_valid_q = false;
    if (w->rd) {
        c->rsp_valid_q = true;
        c->rsp_rdata_q = w->rd_data;
    }
}
