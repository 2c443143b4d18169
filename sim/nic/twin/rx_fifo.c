/* rx_fifo (hw/rtl/rx_fifo.sv, with its sdp_ram): the store-and-forward
 * packet buffer. Words go in after the last committed frame; wr_end commits
 * the frame or rewinds; a frame that found no room is dropped whole (missed).
 * The read side hands out each frame's metadata, then its words. The RAM
 * holds FIFO_BYTES; the buffer uses the size it is given at reset (PBA.RXA). */
#include <stdlib.h>
#include <string.h>

#include "twin_blocks.h"

int rx_fifo_init(struct rx_fifo *f, uint32_t fifo_bytes)
{
    if (fifo_bytes % 16 != 0 || fifo_bytes < 32 || fifo_bytes / 64 < 2 || fifo_bytes / 64 > 65535)
        return -1;
    f->depth = fifo_bytes / 16;
    f->meta_depth = fifo_bytes / 64;
    f->addr_mask = 0;
    while (f->addr_mask < f->depth - 1)
        f->addr_mask = f->addr_mask << 1 | 1;
    f->mem_q = calloc(f->depth, sizeof *f->mem_q);
    f->mq_meta_q = calloc(f->meta_depth, sizeof *f->mq_meta_q);
    f->mq_words_q = calloc(f->meta_depth, sizeof *f->mq_words_q);
    return f->mem_q && f->mq_meta_q && f->mq_words_q ? 0 : -1;
}

void rx_fifo_free(struct rx_fifo *f)
{
    free(f->mem_q);
    free(f->mq_meta_q);
    free(f->mq_words_q);
}

/* The reset branch: the RAM, the queue's entries and the read port's
 * register are not reset, as in the RTL; the size is taken (whole words,
 * at most the RAM; a frame a 64-byte frame's room). */
void rx_fifo_reset(struct rx_fifo *f, uint32_t size_bytes)
{
    f->size_q = size_bytes / 16 < f->depth ? size_bytes / 16 : f->depth;
    f->last_addr_q = (f->size_q - 1) & f->addr_mask;
    f->meta_max_q = f->size_q / 4 < f->meta_depth ? f->size_q / 4 : f->meta_depth;
    f->wr_addr_q = f->frame_start_q = f->used_q = f->committed_q = f->frame_words_q = 0;
    f->overflow_q = f->missed_q = false;
    f->mq_wr_q = f->mq_meta_rd_q = f->mq_word_rd_q = f->mq_meta_cnt_q = f->mq_word_cnt_q = 0;
    f->rd_addr_q = f->rd_idx_q = 0;
    f->rd_valid_q = f->rd_last_q = false;
    f->frames_q = 0;
}

static uint32_t wrap_inc(uint32_t a, uint32_t n) { return a == n - 1 ? 0 : a + 1; }
/* addr_inc: the RAM's addresses wrap after the last one in use. */
static uint32_t addr_inc(uint32_t a, uint32_t last, uint32_t mask) { return a == last ? 0 : (a + 1) & mask; }

/* Needs rx_dma's rd_ready and meta_ready (rx_dma_comb before). */
void rx_fifo_comb(const struct nic_twin *t, struct twin_wires *w)
{
    const struct rx_fifo *f = &t->fifo;
    const struct rx_byte_packer *p = &t->mac.packer;
    const bool wr_end = p->out_end_q;
    w->keep = wr_end && t->mac.commit_q && !f->overflow_q && f->mq_meta_cnt_q < f->meta_max_q &&
              f->mq_word_cnt_q < f->meta_max_q;
    w->drop = wr_end && !w->keep;
    w->base = w->drop ? f->frame_start_q : f->wr_addr_q;
    w->used_now = w->drop ? f->used_q - f->frame_words_q : f->used_q;
    w->ovf_now = wr_end ? false : f->overflow_q;
    w->wr_en = p->out_valid_q && !w->ovf_now && w->used_now < f->size_q;
    w->rd_en = f->committed_q != 0 && (!f->rd_valid_q || w->rd_ready);
    w->rd_word_last = f->rd_idx_q == f->mq_words_q[f->mq_word_rd_q] - 1;
    w->meta_pop = w->meta_valid && w->frame_start;
    w->word_taken = f->rd_valid_q && w->rd_ready;
    w->last_taken = w->word_taken && f->rd_last_q;
    w->fifo_still = !p->out_valid_q && !wr_end && !w->rd_en && !f->missed_q;
}

/* The RAM has no reset: it reads and writes at a reset edge too. */
void rx_fifo_ram_next(struct rx_fifo *f, const struct mac_rx *mac, const struct twin_wires *w)
{
    if (w->rd_en)
        f->rd_data = f->mem_q[f->rd_addr_q];
    if (w->wr_en)
        memcpy(f->mem_q[w->base].w, mac->packer.out_data_q, 16); /* byte 0 in bits 7:0 (little-endian host) */
}

void rx_fifo_next(struct rx_fifo *f, const struct mac_rx *mac, const struct twin_wires *w)
{
    const struct rx_byte_packer *p = &mac->packer;
    const bool wr_end = p->out_end_q;
    f->wr_addr_q = w->wr_en ? addr_inc(w->base, f->last_addr_q, f->addr_mask) : w->base;
    if (wr_end)
        f->frame_start_q = w->base;
    f->used_q = w->used_now + w->wr_en - w->word_taken;
    f->committed_q = f->committed_q + (w->keep ? f->frame_words_q : 0) - w->rd_en;
    const uint32_t frame_words = f->frame_words_q;
    f->frame_words_q = (wr_end ? 0 : f->frame_words_q) + w->wr_en;
    f->overflow_q = w->ovf_now || (p->out_valid_q && !w->wr_en);
    f->missed_q = wr_end && mac->commit_q && !w->keep;
    if (w->keep) {
        f->mq_meta_q[f->mq_wr_q] = mac_rx_wr_meta(mac);
        f->mq_words_q[f->mq_wr_q] = frame_words;
        f->mq_wr_q = wrap_inc(f->mq_wr_q, f->meta_depth);
    }
    if (w->meta_pop)
        f->mq_meta_rd_q = wrap_inc(f->mq_meta_rd_q, f->meta_depth);
    f->mq_meta_cnt_q = f->mq_meta_cnt_q + w->keep - w->meta_pop;
    if (w->rd_en) {
        f->rd_addr_q = addr_inc(f->rd_addr_q, f->last_addr_q, f->addr_mask);
        f->rd_idx_q = w->rd_word_last ? 0 : f->rd_idx_q + 1;
        f->rd_last_q = w->rd_word_last;
        if (w->rd_word_last)
            f->mq_word_rd_q = wrap_inc(f->mq_word_rd_q, f->meta_depth);
    }
    f->mq_word_cnt_q = f->mq_word_cnt_q + w->keep - (w->rd_en && w->rd_word_last);
    f->rd_valid_q = w->rd_en || (f->rd_valid_q && !w->rd_ready);
    f->frames_q = (uint16_t)(f->frames_q + w->keep - w->last_taken);
}
