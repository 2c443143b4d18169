/* nic_top (hw/rtl/nic_top.sv): the blocks wired together, the clock edge in
 * two steps (twin_blocks.h), idle_cycles for the idle skip, and CTRL.RST as
 * one cycle of reset for every block. */
#include <stdlib.h>
#include <string.h>

#include "twin_blocks.h"

struct nic_twin *nic_twin_new(unsigned data_w, uint64_t clk_period_ps, uint32_t fifo_bytes, uint32_t desc_cache)
{
    if ((data_w != 8 && data_w != 16 && data_w != 32 && data_w != 64) || clk_period_ps == 0)
        return NULL;
    struct nic_twin *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->data_w = data_w;
    t->clk_period_ps = clk_period_ps;
    /* STATUS.SPEED from the wire rate DATA_W / CLK_PERIOD_PS (Mb/s). */
    const uint64_t mbps = (uint64_t)data_w * 1000000u / clk_period_ps;
    t->csr.link_speed = mbps >= 1000 ? NIC_STATUS_SPEED_1000 : mbps >= 100 ? NIC_STATUS_SPEED_100 : NIC_STATUS_SPEED_10;
    t->mac.n = data_w / 8;
    t->mac.packer.in_bytes_max = t->mac.csum.in_bytes_max = data_w / 8;
    intr_ctrl_init(&t->intr, clk_period_ps);
    rx_intr_delay_init(&t->delay, clk_period_ps);
    if (rx_fifo_init(&t->fifo, fifo_bytes) != 0 || rx_dma_init(&t->dma, desc_cache) != 0) {
        nic_twin_free(t);
        return NULL;
    }
    return t;
}

void nic_twin_free(struct nic_twin *t)
{
    if (!t)
        return;
    rx_fifo_free(&t->fifo);
    rx_dma_free(&t->dma);
    free(t->frame);
    free(t);
}

/* Every block but the register file, whose reset CTRL.RST shares but which
 * keeps its MMIO response. The FIFO takes the packet buffer split then:
 * PBA.RXA as it stands (nic_top's fifo_rxa). */
static void reset_blocks(struct nic_twin *t)
{
    intr_ctrl_reset(&t->intr);
    mac_stats_reset(&t->stats);
    rx_intr_delay_reset(&t->delay);
    rx_dma_reset(&t->dma);
    rx_fifo_reset(&t->fifo, t->csr.pba_rxa_q * 1024u);
    mac_rx_reset(&t->mac);
}

void nic_twin_reset(struct nic_twin *t)
{
    nic_csr_reset(&t->csr, true); /* first: the FIFO takes PBA's reset value */
    reset_blocks(t);
    t->csr.phy_link_q = false; /* sampled during reset, every input 0 */
    memset(&t->in, 0, sizeof t->in);
    t->frame_len = t->frame_pos = 0;
    t->frame_word = false;
}

static void comb(struct nic_twin *t)
{
    struct twin_wires *w = &t->w;
    w->advance = interval_timer_advance(&t->in);
    nic_csr_comb(t, w);
    rx_dma_comb(t, w);
    rx_fifo_comb(t, w);
    rx_intr_delay_comb(t, w);
    w->cause = (t->dma.flush_done_q ? NIC_ICR_RXT0_MASK : 0) | (t->fifo.missed_q ? NIC_ICR_RXO_MASK : 0) |
               (t->dma.rxdmt0_q ? NIC_ICR_RXDMT0_MASK : 0) | (w->lsc ? NIC_ICR_LSC_MASK : 0) |
               (t->mac.rxseq_q ? NIC_ICR_RXSEQ_MASK : 0);
    intr_ctrl_comb(t, w);
    if (w->rd)
        nic_csr_read(t, w);
    w->mac_idle = mac_rx_idle(&t->mac);
}

static void outputs(const struct nic_twin *t, struct nic_port_outputs *out)
{
    const struct twin_wires *w = &t->w;
    const struct rx_dma *d = &t->dma;
    out->mmio_req_ready = w->mmio_req_ready;
    out->mmio_rsp_valid = t->csr.rsp_valid_q;
    out->mmio_rsp_rdata = t->csr.rsp_rdata_q;
    out->dmar_req_valid = d->fstate_q == F_REQ;
    out->dmar_req_addr = d->req_addr_q;
    out->dmar_req_len = d->req_len_q;
    out->dmar_rsp_ready = d->fstate_q == F_RSP;
    out->dmaw_valid = w->dmaw_valid;
    out->dmaw_last = w->dmaw_last;
    out->dmaw_addr = d->w_addr_q;
    out->dmaw_len = d->w_len_q;
    rx_dma_data(t, out);
    out->intx = t->intr.asserted_q;
    out->msi_valid = t->intr.msi_q;

    uint32_t idle = UINT32_MAX;
    if (t->intr.itr.running_q)
        idle = t->intr.itr.left_q;
    const uint32_t delay = rx_intr_delay_remaining(&t->delay);
    if ((t->delay.rdtr.running_q || t->delay.radv.running_q) && delay < idle)
        idle = delay;
    const bool csr_idle = !t->csr.rsp_valid_q && !t->csr.sw_rst_q && t->in.phy_link == t->csr.phy_link_q;
    const bool intr_idle = w->asserted_d == t->intr.asserted_q && !t->intr.msi_q;
    if (!(w->mac_idle && w->fifo_still && w->dma_idle && csr_idle && intr_idle) || t->frame_pos < t->frame_len)
        idle = 0;
    out->idle_cycles = idle;
}

/* The next word of a frame taken whole on the wire port. */
static void frame_word(struct nic_twin *t)
{
    const unsigned n = t->mac.n;
    const uint32_t left = t->frame_len - t->frame_pos;
    const unsigned bytes = left < n ? left : n;
    uint64_t data = 0;
    for (unsigned i = 0; i < bytes; ++i)
        data |= (uint64_t)t->frame[t->frame_pos + i] << (8 * i);
    t->in.wire_valid = true;
    t->in.wire_sof = t->frame_pos == 0;
    t->in.wire_eof = bytes == left;
    t->in.wire_data = data;
    t->in.wire_keep = (uint8_t)((1u << bytes) - 1);
}

/* The edge took the frame's word on the wire port, if it had one. */
static void frame_word_taken(struct nic_twin *t)
{
    if (!t->frame_word)
        return;
    const uint32_t left = t->frame_len - t->frame_pos;
    t->frame_pos += left < t->mac.n ? left : t->mac.n;
    t->frame_word = false;
}

void nic_twin_settle(struct nic_twin *t, const struct nic_port_inputs *in, struct nic_port_outputs *out)
{
    t->in = *in;
    t->frame_word = t->frame_pos < t->frame_len;
    if (t->frame_word)
        frame_word(t);
    comb(t);
    outputs(t, out);
}

/* The edge's registers (the outputs after it need a comb). */
static void next(struct nic_twin *t)
{
    const struct twin_wires *w = &t->w;
    /* Readers of another block's registers before their owner. */
    rx_fifo_ram_next(&t->fifo, &t->mac, w);
    if (t->csr.sw_rst_q) {
        reset_blocks(t);
    } else {
        intr_ctrl_next(&t->intr, &t->csr, &t->in, w);
        mac_stats_next(&t->stats, &t->mac, t->fifo.missed_q, t->dma.no_buffer_q, w->rd,
                       t->in.mmio_req_addr & ((1u << NIC_MMIO_ADDR_W) - 1));
        rx_intr_delay_next(&t->delay, &t->csr, w);
        rx_dma_next(&t->dma, t, w);
        rx_fifo_next(&t->fifo, &t->mac, w);
        mac_rx_next(&t->mac, &t->csr, &t->in);
    }
    nic_csr_next(&t->csr, &t->in, w);
    frame_word_taken(t); /* at this edge, reset or not */
}

void nic_twin_rise(struct nic_twin *t, struct nic_port_outputs *out)
{
    next(t);
    comb(t);
    outputs(t, out);
}

void nic_twin_observe(const struct nic_twin *t, struct nic_port_observed *o)
{
    o->fifo_frames = t->fifo.frames_q;
    o->fifo_bytes = t->fifo.used_q * 16;
    o->itr_running = t->intr.itr.running_q;
    o->rdtr_running = t->delay.rdtr.running_q;
    o->radv_running = t->delay.radv.running_q;
    o->rdh = t->dma.rdh_q;
    o->rdt = t->dma.rdt_q;
}

int nic_twin_take_frame(struct nic_twin *t, const uint8_t *wire, uint32_t len)
{
    if (len > t->frame_cap) {
        uint8_t *f = realloc(t->frame, len);
        if (!f)
            return 0;
        t->frame = f;
        t->frame_cap = len;
    }
    memcpy(t->frame, wire, len);
    t->frame_len = len;
    t->frame_pos = 0;
    return 1;
}

/* A handshake the caller takes part in at the edge settled to `out`, but
 * for a DMA write beat (write_beat). */
static bool handshake(const struct nic_port_inputs *in, const struct nic_port_outputs *out)
{
    return (out->mmio_rsp_valid && in->mmio_rsp_ready) || (out->dmar_req_valid && in->dmar_req_ready) ||
           (out->msi_valid && in->msi_ready);
}

static bool write_beat(const struct nic_port_inputs *in, const struct nic_port_outputs *out)
{
    return out->dmaw_valid && in->dmaw_ready;
}

static bool observed_changed(const struct nic_port_observed *a, const struct nic_port_observed *b)
{
    return a->fifo_frames != b->fifo_frames || a->itr_running != b->itr_running || a->rdtr_running != b->rdtr_running ||
           a->radv_running != b->radv_running || a->rdh != b->rdh || a->rdt != b->rdt;
}

/* The event path's shortcuts. The wire side is mac_rx with its parts, the
 * FIFO (both ports: the DMA engine is the reader) and the statistics; the
 * rest is nic_csr, rx_dma, rx_intr_delay and intr_ctrl. With the inputs held
 * (run_quiet's), the rest's registers after an edge are a function of its
 * registers and of what it reads of the wire side (struct wire_view); its
 * timers' counts matter only through their due bits. So while the rest
 * stands at a fixed point (its registers the same after an edge, timers
 * aside) and the view does not change, its wires stay as the last full comb
 * left them and each edge needs only the wire side evaluated, with the same
 * functions as a full edge, and the timers counted. */

/* What the rest reads of the wire side. */
struct wire_view {
    uint32_t meta_cnt, meta_rd;
    bool rd_valid, rd_last, missed, rxseq;
    uint16_t frames; /* an observation output: the caller hears of a change */
};

static struct wire_view wire_view(const struct nic_twin *t)
{
    const struct rx_fifo *f = &t->fifo;
    return (struct wire_view){f->mq_meta_cnt_q, f->mq_meta_rd_q, f->rd_valid_q, f->rd_last_q,
                              f->missed_q, t->mac.rxseq_q, f->frames_q};
}

static bool same_view(const struct wire_view *a, const struct wire_view *b)
{
    return a->meta_cnt == b->meta_cnt && a->meta_rd == b->meta_rd && a->rd_valid == b->rd_valid &&
           a->rd_last == b->rd_last && a->missed == b->missed && a->rxseq == b->rxseq && a->frames == b->frames;
}

/* The rest's registers, timers' counts aside (the DMA's cache entries are
 * written only at handshakes). */
struct rest_regs {
    struct rx_dma dma;
    uint32_t icr, ims, rsp_rdata;
    bool asserted, msi, itr_running, rdtr_running, radv_running, rsp_valid, sw_rst, phy_link;
};

static void rest_regs(const struct nic_twin *t, struct rest_regs *r)
{
    memset(r, 0, sizeof *r);
    memcpy(&r->dma, &t->dma, sizeof r->dma);
    r->icr = t->intr.icr_q;
    r->ims = t->intr.ims_q;
    r->rsp_rdata = t->csr.rsp_rdata_q;
    r->asserted = t->intr.asserted_q;
    r->msi = t->intr.msi_q;
    r->itr_running = t->intr.itr.running_q;
    r->rdtr_running = t->delay.rdtr.running_q;
    r->radv_running = t->delay.radv.running_q;
    r->rsp_valid = t->csr.rsp_valid_q;
    r->sw_rst = t->csr.sw_rst_q;
    r->phy_link = t->csr.phy_link_q;
}

/* Before an edge, from its comb: the rest at a fixed point already, with
 * nothing of the wire side for it (outputs()' rule for idle_cycles, the wire
 * side left out; no RNBC count, no cause for ICR, no timer due). */
static bool rest_still(const struct nic_twin *t)
{
    const struct twin_wires *w = &t->w;
    const bool csr_idle = !t->csr.rsp_valid_q && !t->csr.sw_rst_q && t->in.phy_link == t->csr.phy_link_q;
    const bool intr_idle = w->asserted_d == t->intr.asserted_q && !t->intr.msi_q;
    return w->advance == 1 && w->dma_idle && !(w->want_desc && w->none_left && !t->dma.nb_counted_q) && csr_idle &&
           intr_idle && !w->flush && !w->rdtr_due && !w->radv_due && !w->gate_due && w->cause == 0;
}

static bool timer_due_next(const struct interval_timer *x) { return interval_timer_due(x, 1); }

/* One edge of which only the wire side is evaluated, the rest at a fixed
 * point; the timers count one. False, doing nothing, when the rest would
 * move at it: a cause for ICR (RXSEQ, RXO) or a timer due. */
static bool wire_edge(struct nic_twin *t)
{
    struct twin_wires *w = &t->w;
    if (t->mac.rxseq_q || t->fifo.missed_q || timer_due_next(&t->intr.itr) || timer_due_next(&t->delay.rdtr) ||
        timer_due_next(&t->delay.radv))
        return false;
    t->in.wire_valid = t->in.wire_sof = t->in.wire_eof = false;
    t->frame_word = t->frame_pos < t->frame_len;
    if (t->frame_word)
        frame_word(t);
    rx_fifo_comb(t, w);
    rx_fifo_ram_next(&t->fifo, &t->mac, w);
    mac_stats_next(&t->stats, &t->mac, t->fifo.missed_q, t->dma.no_buffer_q, false, 0);
    interval_timer_next(&t->intr.itr, false, 0, false, 1);
    interval_timer_next(&t->delay.rdtr, false, 0, false, 1);
    interval_timer_next(&t->delay.radv, false, 0, false, 1);
    rx_fifo_next(&t->fifo, &t->mac, w);
    mac_rx_next(&t->mac, &t->csr, &t->in);
    frame_word_taken(t);
    return true;
}

/* The wire side still too (nothing on its way in, the FIFO's ports still):
 * every edge until a timer is due changes nothing but the counts. */
static bool wire_still(const struct nic_twin *t)
{
    const struct rx_fifo *f = &t->fifo;
    const bool rd_en = f->committed_q != 0 && (!f->rd_valid_q || t->w.rd_ready);
    return t->frame_pos == t->frame_len && mac_rx_idle(&t->mac) && !t->mac.packer.out_valid_q &&
           !t->mac.packer.out_end_q && !rd_en && !(f->rd_valid_q && t->w.rd_ready) && !f->missed_q;
}

static uint32_t timer_room(const struct interval_timer *x, uint32_t n)
{
    return x->running_q && x->left_q - 1 < n ? x->left_q - 1 : n;
}

/* Up to `max` edges with the rest at a fixed point: the wire side's while
 * the view holds (it ends after an edge that changes it), or, the wire
 * side still, as many as no timer falls due in, counted at once. */
static uint32_t wire_edges(struct nic_twin *t, uint32_t max)
{
    if (wire_still(t)) {
        const uint32_t n = timer_room(&t->delay.radv, timer_room(&t->delay.rdtr, timer_room(&t->intr.itr, max)));
        interval_timer_next(&t->intr.itr, false, 0, false, n);
        interval_timer_next(&t->delay.rdtr, false, 0, false, n);
        interval_timer_next(&t->delay.radv, false, 0, false, n);
        return n;
    }
    const struct wire_view v = wire_view(t);
    uint32_t n = 0;
    while (n < max && wire_edge(t)) {
        ++n;
        const struct wire_view now = wire_view(t);
        if (!same_view(&v, &now))
            break;
    }
    return n;
}

uint32_t nic_twin_run_quiet(struct nic_twin *t, const struct nic_port_inputs *in, uint32_t cycles,
                            struct nic_port_outputs *out, uint32_t *beats, uint32_t max_beats, uint32_t *nbeats)
{
    *nbeats = 0;
    struct nic_port_inputs q = *in;
    q.skip_valid = false;
    q.skip_cycles = 0;
    struct nic_port_observed was, now;
    nic_twin_observe(t, &was);
    const bool intx = t->intr.asserted_q;
    struct rest_regs before, after;
    uint32_t done = 0;
    while (done < cycles) {
        nic_twin_settle(t, &q, out);
        const uint32_t left = cycles - done;
        if (out->idle_cycles > 1 && left > 1) {
            q.skip_valid = true;
            q.skip_cycles = out->idle_cycles < left ? out->idle_cycles : left;
            nic_twin_settle(t, &q, out);
            done += q.skip_cycles;
            q.skip_valid = false;
            q.skip_cycles = 0;
        } else if (handshake(&q, out)) {
            break;
        } else if (write_beat(&q, out)) { /* the caller's to take, unless the burst's last */
            if (out->dmaw_last || *nbeats == max_beats)
                break;
            memcpy(beats + 4 * *nbeats, out->dmaw_data, sizeof out->dmaw_data);
            ++*nbeats;
            ++done;
        } else if (rest_still(t)) {
            const uint32_t n = wire_edges(t, left);
            done += n;
            if (n > 0) {
                nic_twin_observe(t, &now);
                if (observed_changed(&was, &now))
                    break;
                continue;
            }
            ++done;
        } else {
            ++done;
            const struct wire_view v = wire_view(t);
            rest_regs(t, &before);
            next(t);
            rest_regs(t, &after);
            nic_twin_observe(t, &now);
            if (t->intr.asserted_q != intx || observed_changed(&was, &now))
                break;
            const struct wire_view v_after = wire_view(t);
            if (done < cycles && memcmp(&before, &after, sizeof before) == 0 && same_view(&v, &v_after))
                done += wire_edges(t, cycles - done);
            nic_twin_observe(t, &now);
            if (observed_changed(&was, &now))
                break;
            continue;
        }
        next(t);
        nic_twin_observe(t, &now);
        if (t->intr.asserted_q != intx || observed_changed(&was, &now))
            break;
    }
    /* The outputs after the last edge, as nic_twin_rise gives them. */
    comb(t);
    outputs(t, out);
    return done;
}
