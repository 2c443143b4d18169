/* rx_dma (hw/rtl/rx_dma.sv): the legacy-descriptor receive DMA engine: the
 * descriptor cache ([wb, use) finished, [use, fill) fetched, [fill, req)
 * requested) with PTHRESH/HTHRESH prefetch and WTHRESH write-back, one data
 * burst per descriptor, flush on request (RDTR/RADV), RNBC and RXDMT0. */
#include <stdlib.h>

#include "twin_blocks.h"

#define RXE ((rx_meta_t)NIC_RXD_ERRORS_RXE_MASK << META_ERRORS_SHIFT)
#define DD_EOP ((rx_meta_t)(NIC_RXD_STATUS_DD_MASK | NIC_RXD_STATUS_EOP_MASK) << META_STATUS_SHIFT)
#define DD ((rx_meta_t)NIC_RXD_STATUS_DD_MASK << META_STATUS_SHIFT)

int rx_dma_init(struct rx_dma *d, uint32_t desc_cache)
{
    if (desc_cache < 2 || desc_cache > 2048 || (desc_cache & (desc_cache - 1)) != 0)
        return -1;
    d->cache = desc_cache;
    d->addr_mem_q = calloc(desc_cache, sizeof *d->addr_mem_q);
    d->wbm_mem_q = calloc(desc_cache, sizeof *d->wbm_mem_q);
    return d->addr_mem_q && d->wbm_mem_q ? 0 : -1;
}

void rx_dma_free(struct rx_dma *d)
{
    free(d->addr_mem_q);
    free(d->wbm_mem_q);
}

/* The reset branch (the cache's entries are not reset, as in the RTL). */
void rx_dma_reset(struct rx_dma *d)
{
    d->rdh_q = d->rdt_q = d->fetch_q = 0;
    d->wb_q = d->use_q = d->fill_q = d->req_q = 0;
    d->fstate_q = F_IDLE;
    d->fetch_drop_q = false;
    d->req_addr_q = 0;
    d->req_len_q = 0;
    d->fr_active_q = d->fr_drain_q = d->nb_counted_q = false;
    d->fr_meta_q = 0;
    d->fr_left_q = 0;
    d->ch_q = CH_IDLE;
    d->w_addr_q = 0;
    d->w_len_q = d->w_beats_q = 0;
    d->w_eop_q = false;
    d->flush_active_q = false;
    d->flush_left_q = 0;
    d->frame_written_q = d->flush_done_q = d->no_buffer_q = d->rxdmt0_q = false;
}

/* (b - a) mod n and a + k mod n, for indices below n (16-bit, as the RTL). */
static uint16_t ring_dist(uint16_t a, uint16_t b, uint16_t n)
{
    return (uint16_t)(b >= a ? b - a : b + (n - a));
}

static uint16_t ring_add(uint16_t a, uint16_t k, uint16_t n)
{
    const uint32_t s = (uint32_t)a + k;
    return (uint16_t)(s >= n ? s - n : s);
}

static uint16_t min16(uint16_t a, uint16_t b) { return a < b ? a : b; }

/* Needs the FIFO's registers (meta_valid, rd_valid, rd_last). */
void rx_dma_comb(const struct nic_twin *t, struct twin_wires *w)
{
    const struct rx_dma *d = &t->dma;
    const struct nic_csr *csr = &t->csr;
    const uint32_t pm = 2 * d->cache - 1; /* pointers carry a wrap bit */
    const uint32_t rctl = csr->rctl_q;
    const bool rx_en = rctl & NIC_RCTL_EN_MASK;
    const unsigned pthresh = (csr->rxdctl_q & NIC_RXDCTL_PTHRESH_MASK) >> NIC_RXDCTL_PTHRESH_SHIFT;
    const unsigned hthresh = (csr->rxdctl_q & NIC_RXDCTL_HTHRESH_MASK) >> NIC_RXDCTL_HTHRESH_SHIFT;
    const unsigned wthresh = (csr->rxdctl_q & NIC_RXDCTL_WTHRESH_MASK) >> NIC_RXDCTL_WTHRESH_SHIFT;
    const unsigned bsize = (rctl & NIC_RCTL_BSIZE_MASK) >> NIC_RCTL_BSIZE_SHIFT;
    const bool bsex = rctl & NIC_RCTL_BSEX_MASK;

    /* Locals, stored at the end: w lies inside t, so each store to it would
     * have the registers read again. */
    const uint16_t ring_n = (uint16_t)(((csr->rdlen_q & NIC_RDLEN_LEN_MASK) >> NIC_RDLEN_LEN_SHIFT) << 3);
    const uint16_t buf_bytes = !bsex ? (uint16_t)(2048u >> bsize) : bsize == NIC_RCTL_BSIZE_2048 ? 2048 : (uint16_t)(32768u >> bsize);
    const uint32_t wthr = wthresh == 0 ? 1 : wthresh > d->cache ? d->cache : wthresh;

    const uint32_t unused_n = (d->fill_q - d->use_q) & pm;
    const uint32_t pending_n = (d->use_q - d->wb_q) & pm;
    const uint32_t free_n = (d->cache - ((d->req_q - d->wb_q) & pm)) & pm;
    const uint16_t host_avail = ring_dist(d->fetch_q, d->rdt_q, ring_n);
    const uint16_t to_end_f = (uint16_t)(ring_n - d->fetch_q), to_end_h = (uint16_t)(ring_n - d->rdh_q);

    const uint16_t fetch_n = min16(min16((uint16_t)free_n, host_avail), to_end_f);
    const bool want_desc = d->fr_active_q && !d->fr_drain_q && d->fr_left_q != 0 && d->ch_q != CH_DATA;
    const bool fetch_go = d->fstate_q == F_IDLE && rx_en && fetch_n != 0 &&
                          ((unused_n < pthresh && host_avail >= hthresh) || (unused_n == 0 && want_desc));
    const bool wb_go = d->ch_q == CH_IDLE && pending_n != 0 && (pending_n >= wthr || (d->flush_active_q && d->flush_left_q != 0));
    const bool data_go = d->ch_q == CH_IDLE && !wb_go && want_desc && unused_n != 0;

    const bool meta_valid = t->fifo.mq_meta_cnt_q != 0;
    const bool frame_start = !d->fr_active_q && rx_en && meta_valid;
    const bool dmaw_valid = d->ch_q == CH_WB || (d->ch_q == CH_DATA && t->fifo.rd_valid_q);
    const bool dmaw_last = d->w_beats_q == 1;
    const bool beat = dmaw_valid && t->in.dmaw_ready;
    const bool data_beat = beat && d->ch_q == CH_DATA, wb_beat = beat && d->ch_q == CH_WB;
    const uint32_t use_d = d->use_q + (data_beat && dmaw_last);
    const uint32_t wb_d = d->wb_q + wb_beat;
    const bool dma_idle = d->fstate_q == F_IDLE && !fetch_go && d->ch_q == CH_IDLE && !wb_go && !data_go &&
                          !d->fr_drain_q && !frame_start && !d->flush_active_q && !d->frame_written_q &&
                          !d->flush_done_q && !d->no_buffer_q && !d->rxdmt0_q;
    w->rd_ready = (d->ch_q == CH_DATA && t->in.dmaw_ready) || d->fr_drain_q;
    w->rsp_beat = t->in.dmar_rsp_valid && d->fstate_q == F_RSP;
    w->none_left = unused_n == 0 && d->fstate_q == F_IDLE && host_avail == 0;
    w->wb_n = min16((uint16_t)pending_n, to_end_h);
    w->blen = d->fr_left_q > buf_bytes ? buf_bytes : d->fr_left_q;
    w->ring_n = ring_n;
    w->ring_base = (uint64_t)csr->rdbah_q << 32 | (csr->rdbal_q & ~0xfu);
    w->wthr = wthr;
    w->host_avail = host_avail;
    w->fetch_n = fetch_n;
    w->want_desc = want_desc;
    w->fetch_go = fetch_go;
    w->wb_go = wb_go;
    w->data_go = data_go;
    w->meta_valid = meta_valid;
    w->frame_start = frame_start;
    w->dmaw_valid = dmaw_valid;
    w->dmaw_last = dmaw_last;
    w->beat = beat;
    w->data_beat = data_beat;
    w->wb_beat = wb_beat;
    w->pending_d = (use_d - wb_d) & pm;
    w->dma_idle = dma_idle;
}

/* The write channel's data: a write-back {metadata, buffer address} or the
 * FIFO's output word. */
void rx_dma_data(const struct nic_twin *t, struct nic_port_outputs *out)
{
    const struct rx_dma *d = &t->dma;
    if (d->ch_q == CH_WB) {
        const uint32_t i = d->wb_q & (d->cache - 1);
        const uint64_t lo = d->addr_mem_q[i], hi = d->wbm_mem_q[i];
        out->dmaw_data[0] = (uint32_t)lo;
        out->dmaw_data[1] = (uint32_t)(lo >> 32);
        out->dmaw_data[2] = (uint32_t)hi;
        out->dmaw_data[3] = (uint32_t)(hi >> 32);
    } else {
        for (int i = 0; i < 4; ++i)
            out->dmaw_data[i] = t->fifo.rd_data.w[i];
    }
}

void rx_dma_next(struct rx_dma *d, const struct nic_twin *t, const struct twin_wires *w)
{
    const struct rx_dma o = *d; /* the registers before the edge */
    const struct rx_fifo *fifo = &t->fifo;
    const struct nic_port_inputs *in = &t->in;
    const uint32_t pm = 2 * d->cache - 1, cm = d->cache - 1;
    const uint16_t n = w->ring_n;

    switch (o.fstate_q) {
    case F_IDLE:
        if (w->fetch_go) {
            d->req_addr_q = w->ring_base + ((uint64_t)o.fetch_q << 4);
            d->req_len_q = (uint16_t)((w->fetch_n & 0xfffu) << 4);
            d->fetch_q = ring_add(o.fetch_q, w->fetch_n, n);
            d->req_q = (o.req_q + w->fetch_n) & pm;
            d->fstate_q = F_REQ;
        }
        break;
    case F_REQ:
        if (in->dmar_req_ready)
            d->fstate_q = F_RSP;
        break;
    default:
        if (w->rsp_beat && in->dmar_rsp_last) {
            d->fstate_q = F_IDLE;
            d->fetch_drop_q = false;
        }
        break;
    }
    if (w->rsp_beat && !o.fetch_drop_q) {
        d->addr_mem_q[o.fill_q & cm] = (uint64_t)in->dmar_rsp_data[1] << 32 | in->dmar_rsp_data[0];
        d->fill_q = (o.fill_q + 1) & pm;
    }

    if (w->frame_start) {
        const rx_meta_t meta = fifo->mq_meta_q[fifo->mq_meta_rd_q];
        d->fr_active_q = true;
        d->fr_meta_q = meta;
        d->fr_left_q = META_LENGTH(meta);
        d->fr_drain_q = META_LENGTH(meta) == 0; /* nothing for the host: only drop its words */
    }
    if (o.fr_drain_q && fifo->rd_valid_q && fifo->rd_last_q) {
        d->fr_drain_q = false;
        d->fr_active_q = false;
    }
    d->no_buffer_q = w->want_desc && w->none_left && !o.nb_counted_q;
    if (w->want_desc && w->none_left)
        d->nb_counted_q = true;

    switch (o.ch_q) {
    case CH_IDLE:
        if (w->wb_go) {
            d->w_addr_q = w->ring_base + ((uint64_t)o.rdh_q << 4);
            d->w_len_q = (uint16_t)((w->wb_n & 0xfffu) << 4);
            d->w_beats_q = w->wb_n & 0xfffu;
            d->ch_q = CH_WB;
        } else if (w->data_go) {
            d->w_addr_q = o.addr_mem_q[o.use_q & cm];
            d->w_len_q = w->blen;
            d->w_beats_q = (uint16_t)(((uint32_t)w->blen + 15) >> 4) & 0xfffu;
            d->w_eop_q = w->blen == o.fr_left_q;
            d->fr_left_q = (uint16_t)(o.fr_left_q - w->blen);
            d->ch_q = CH_DATA;
        }
        break;
    case CH_DATA:
        if (w->beat) {
            d->w_beats_q = (o.w_beats_q - 1) & 0xfffu;
            if (w->dmaw_last) {
                d->ch_q = CH_IDLE;
                if (in->dmaw_err)
                    d->fr_meta_q |= RXE;
                d->wbm_mem_q[o.use_q & cm] =
                    o.w_eop_q ? (o.fr_meta_q & ~(rx_meta_t)0xffff) | (in->dmaw_err ? RXE : 0) | DD_EOP | o.w_len_q
                              : DD | o.w_len_q;
                if (o.w_eop_q) {
                    d->nb_counted_q = false;
                    if (fifo->rd_last_q)
                        d->fr_active_q = false;
                    else
                        d->fr_drain_q = true;
                }
            }
        }
        break;
    default:
        if (w->beat) {
            d->w_beats_q = (o.w_beats_q - 1) & 0xfffu;
            d->rdh_q = ring_add(o.rdh_q, 1, n);
            if (w->dmaw_last)
                d->ch_q = CH_IDLE;
        }
        break;
    }
    d->use_q = (o.use_q + (w->data_beat && w->dmaw_last)) & pm;
    d->wb_q = (o.wb_q + w->wb_beat) & pm;
    d->frame_written_q = w->data_beat && w->dmaw_last && o.w_eop_q;
    const unsigned rdmts = (t->csr.rctl_q & NIC_RCTL_RDMTS_MASK) >> NIC_RCTL_RDMTS_SHIFT;
    const uint16_t dmt_thr = (uint16_t)(n >> (rdmts == 3 ? 3 : rdmts + 1));
    d->rxdmt0_q = w->wb_beat && ring_dist(o.rdh_q, o.rdt_q, n) == dmt_thr;

    if (w->flush) {
        d->flush_active_q = w->pending_d != 0;
        d->flush_left_q = w->pending_d;
        d->flush_done_q = w->pending_d == 0;
    } else if (o.flush_active_q) {
        d->flush_left_q = (o.flush_left_q - w->wb_beat) & pm;
        d->flush_active_q = o.flush_left_q != (uint32_t)w->wb_beat;
        d->flush_done_q = o.flush_left_q == (uint32_t)w->wb_beat;
    } else {
        d->flush_done_q = false;
    }

    /* RDH/RDT writes (RDH is for initialisation). */
    if (w->rdt_we)
        d->rdt_q = (uint16_t)in->mmio_req_wdata;
    if (w->rdh_we) {
        d->rdh_q = (uint16_t)in->mmio_req_wdata;
        d->fetch_q = (uint16_t)in->mmio_req_wdata;
        d->wb_q = d->use_q = d->fill_q = d->req_q = 0;
        d->fetch_drop_q = o.fstate_q != F_IDLE || w->fetch_go;
    }
}
