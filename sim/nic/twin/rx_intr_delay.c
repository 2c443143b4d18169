/* rx_intr_delay (hw/rtl/rx_intr_delay.sv): the RDTR packet timer and the
 * RADV absolute timer, and the flush request they make. */
#include "twin_blocks.h"

#define DELAY_UNIT_PS 1024000u /* 1.024 us */

void rx_intr_delay_init(struct rx_intr_delay *d, uint64_t clk_period_ps)
{
    d->rdtr.clk_period_ps = d->radv.clk_period_ps = clk_period_ps;
    d->rdtr.unit_ps = d->radv.unit_ps = DELAY_UNIT_PS;
}

void rx_intr_delay_reset(struct rx_intr_delay *d)
{
    interval_timer_reset(&d->rdtr);
    interval_timer_reset(&d->radv);
}

static uint16_t rdtr_units(const struct nic_csr *csr)
{
    return (uint16_t)((csr->rdtr_q & NIC_RDTR_DELAY_MASK) >> NIC_RDTR_DELAY_SHIFT);
}

static uint16_t radv_units(const struct nic_csr *csr)
{
    return (uint16_t)((csr->radv_q & NIC_RADV_DELAY_MASK) >> NIC_RADV_DELAY_SHIFT);
}

/* Needs frame_written (rx_dma's register) and the CSR's fpd. */
void rx_intr_delay_comb(const struct nic_twin *t, struct twin_wires *w)
{
    const struct rx_intr_delay *d = &t->delay;
    const bool frame_written = t->dma.frame_written_q;
    const uint16_t rdtr = rdtr_units(&t->csr);
    /* Locals, stored once: w lies inside t. */
    const bool rdtr_due = interval_timer_due(&d->rdtr, w->advance), radv_due = interval_timer_due(&d->radv, w->advance);
    const bool per_frame = frame_written && rdtr == 0;
    const bool flush = rdtr_due || radv_due || w->fpd || per_frame;
    const bool start_rdtr = frame_written && rdtr != 0;
    w->rdtr_due = rdtr_due;
    w->radv_due = radv_due;
    w->flush = flush;
    w->start_rdtr = start_rdtr;
    w->start_radv = start_rdtr && radv_units(&t->csr) != 0 && (!d->radv.running_q || flush);
}

void rx_intr_delay_next(struct rx_intr_delay *d, const struct nic_csr *csr, const struct twin_wires *w)
{
    interval_timer_next(&d->rdtr, w->start_rdtr, rdtr_units(csr), w->flush, w->advance);
    interval_timer_next(&d->radv, w->start_radv, radv_units(csr), w->flush, w->advance);
}

uint32_t rx_intr_delay_remaining(const struct rx_intr_delay *d)
{
    uint32_t r = 0;
    if (d->rdtr.running_q)
        r = d->rdtr.left_q;
    if (d->radv.running_q && (!d->rdtr.running_q || d->radv.left_q < r))
        r = d->radv.left_q;
    return r;
}
