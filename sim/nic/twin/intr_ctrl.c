/* intr_ctrl (hw/rtl/intr_ctrl.sv): ICR/IMS/IAM and the ITR gate; intx and
 * the MSI request are registered. */
#include "twin_blocks.h"

#define ITR_UNIT_PS 256000u /* 256 ns */

void intr_ctrl_init(struct intr_ctrl *c, uint64_t clk_period_ps)
{
    c->itr.clk_period_ps = clk_period_ps;
    c->itr.unit_ps = ITR_UNIT_PS;
}

void intr_ctrl_reset(struct intr_ctrl *c)
{
    c->icr_q = c->ims_q = 0;
    c->asserted_q = c->msi_q = false;
    interval_timer_reset(&c->itr);
}

/* Needs the cause bits (nic_top) and the CSR's pulses. */
void intr_ctrl_comb(const struct nic_twin *t, struct twin_wires *w)
{
    const struct intr_ctrl *c = &t->intr;
    w->gate_due = interval_timer_due(&c->itr, w->advance);
    w->asserted_d = (c->icr_q & c->ims_q) != 0 && !w->icr_rd && (c->asserted_q || !c->itr.running_q || w->gate_due);
    w->assert_edge = w->asserted_d && !c->asserted_q;
    w->msi_d = w->assert_edge || (c->msi_q && !t->in.msi_ready);
}

void intr_ctrl_next(struct intr_ctrl *c, const struct nic_csr *csr, const struct nic_port_inputs *in,
                    const struct twin_wires *w)
{
    const uint16_t itr = (uint16_t)((csr->itr_q & NIC_ITR_INTERVAL_MASK) >> NIC_ITR_INTERVAL_SHIFT);
    const bool iame = csr->ctrl_ext_q & NIC_CTRL_EXT_IAME_MASK;
    const uint32_t wdata = in->mmio_req_wdata;
    interval_timer_next(&c->itr, w->assert_edge && itr != 0, itr, false, w->advance);
    if (w->icr_rd || w->icr_we || w->ics_we || w->cause != 0)
        c->icr_q = ((w->icr_rd ? 0 : c->icr_q) & ~(w->icr_we ? wdata : 0)) | w->cause | (w->ics_we ? wdata : 0);
    if (w->icr_rd || w->ims_we || w->imc_we)
        c->ims_q = ((c->ims_q & ~(w->icr_rd && iame && c->asserted_q ? csr->iam_q : 0)) | (w->ims_we ? wdata : 0)) &
                   ~(w->imc_we ? wdata : 0);
    c->asserted_q = w->asserted_d;
    c->msi_q = w->msi_d;
}
