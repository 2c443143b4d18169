/* The blocks of the behavioral twin, one per RTL module of hw/rtl (each in
 * the .c file of its module's name), and what they hand each other.
 *
 * A clock edge is two steps, as a synchronous circuit is: nic_top_comb()
 * evaluates every signal between the blocks from their registers and the
 * inputs (struct twin_wires); then each block's *_next() moves its own
 * registers to their values after the edge, reading only its own registers,
 * the wires and the inputs. Where a block reads another's register directly
 * (a registered output), nic_top.c updates the reader before the owner, so
 * it sees the value from before the edge. */
#ifndef RXSIM_TWIN_BLOCKS_H
#define RXSIM_TWIN_BLOCKS_H

#include <stdbool.h>
#include <stdint.h>

#include "nic_defines.h"
#include "nic_regs.h"
#include "nic_twin.h"

/* 128 bits, the FIFO's and the DMA's word: w[0] = bits 31:0. */
struct w128 {
    uint32_t w[4];
};

/* nic_types_pkg::rx_meta_t, packed as the RTL packs it: length in bits
 * 15:0, csum 31:16, status 39:32, errors 47:40, special 63:48. */
typedef uint64_t rx_meta_t;
#define META_LENGTH(m) ((uint16_t)(m))
#define META_ERRORS_SHIFT 40
#define META_STATUS_SHIFT 32

/* ---- interval_timer ---------------------------------------------------- */
struct interval_timer {
    uint64_t clk_period_ps, unit_ps;
    uint32_t left_q;
    bool running_q;
};
uint32_t interval_timer_advance(const struct nic_port_inputs *in);
bool interval_timer_due(const struct interval_timer *t, uint32_t advance);
void interval_timer_reset(struct interval_timer *t);
void interval_timer_next(struct interval_timer *t, bool start, uint16_t units, bool stop, uint32_t advance);
uint32_t interval_timer_remaining(const struct interval_timer *t);

/* ---- nic_csr (with reg_table) ------------------------------------------ */
struct nic_csr {
    uint32_t ctrl_q, ctrl_ext_q, rctl_q, rdbal_q, rdbah_q, rdlen_q, rdtr_q;
    uint32_t rxdctl_q, radv_q, rxcsum_q, itr_q, iam_q;
    uint32_t pba_rxa_q; /* PBA.RXA (KB): power-on reset only */
    uint32_t mta_q[NIC_MTA_COUNT], vfta_q[NIC_VFTA_COUNT];
    uint64_t ra_q[NIC_RAL_COUNT]; /* {RAH.RAH, RAL} */
    bool ra_av_q[NIC_RAL_COUNT];
    bool sw_rst_q, rsp_valid_q, phy_link_q;
    uint32_t rsp_rdata_q;
    uint32_t link_speed; /* STATUS.SPEED */
};

/* ---- mac_stats ---------------------------------------------------------- */
enum { C_CRCERRS, C_RXERRC, C_MPC, C_PRC64, C_PRC127, C_PRC255, C_PRC511, C_PRC1023, C_PRC1522,
       C_GPRC, C_BPRC, C_MPRC, C_RNBC, C_RUC, C_RFC, C_ROC, C_RJC, C_TPR, C_XFLTC, C_XDISC, C_NUM };
struct mac_stats {
    uint32_t cnt_q[C_NUM];
    uint64_t gorc_q, tor_q;
};

/* ---- mac_rx and its parts ------------------------------------------------ */
enum rx_class { RX_GOOD, RX_CRC_ERR, RX_UNDERSIZE, RX_FRAGMENT, RX_OVERSIZE, RX_JABBER, RX_SEQ_ERR,
                RX_FILTERED, RX_DISABLED };

struct rx_byte_packer {
    unsigned in_bytes_max;
    uint8_t buf_q[16];
    unsigned fill_q;
    bool flush_q, open_q, end_pend_q, out_last_q, out_valid_q, out_end_q;
    uint8_t out_data_q[16];
    unsigned out_bytes_q;
};

#define HDR_BYTES 96
struct rx_csum_offload {
    unsigned in_bytes_max;
    uint32_t pcss_sum_q, ip14_sum_q, ip18_sum_q, l4_sum_q, tail_q;
    bool ixsm, ipcs, tcpcs, ipe, tcpe;
    uint16_t csum;
};

struct mac_rx {
    unsigned n; /* bytes per wire word */
    bool in_valid_q, in_sof_q, in_eof_q, in_rx_en_q;
    uint8_t in_data_q[8];
    uint8_t in_keep_q;
    unsigned state_q;
    uint32_t wire_bytes_q;
    bool disabled_q, badpre_q, strip_q, end_q;
    uint32_t crc_q;
    uint8_t hdr_q[HDR_BYTES];
    uint16_t meta_len_q, special_q;
    bool commit_q, ce_q, vp_q, pif_q, ev_frame_q, ev_bcast_q, ev_mcast_q, rxseq_q;
    unsigned ev_class_q;
    uint32_t ev_bytes_q;
    struct rx_byte_packer packer;
    struct rx_csum_offload csum;
};

/* ---- rx_fifo (with sdp_ram) ------------------------------------------------ */
struct rx_fifo {
    uint32_t depth, meta_depth; /* the RAM: words, frames */
    uint32_t addr_mask;         /* the RAM's address bits ($clog2(DEPTH)) */
    /* The receive share in use (PBA.RXA), taken at reset: words, where the
     * addresses wrap, frames queued at most. */
    uint32_t size_q, last_addr_q, meta_max_q;
    uint32_t wr_addr_q, frame_start_q, used_q, committed_q, frame_words_q;
    bool overflow_q, missed_q;
    rx_meta_t *mq_meta_q;
    uint32_t *mq_words_q;
    uint32_t mq_wr_q, mq_meta_rd_q, mq_word_rd_q, mq_meta_cnt_q, mq_word_cnt_q;
    uint32_t rd_addr_q, rd_idx_q;
    bool rd_valid_q, rd_last_q;
    uint16_t frames_q;
    struct w128 *mem_q;
    struct w128 rd_data;
};

/* ---- rx_dma ------------------------------------------------------------- */
enum { F_IDLE, F_REQ, F_RSP };
enum { CH_IDLE, CH_DATA, CH_WB };
struct rx_dma {
    uint32_t cache; /* DESC_CACHE */
    uint16_t rdh_q, rdt_q, fetch_q;
    uint32_t wb_q, use_q, fill_q, req_q; /* cache pointers with a wrap bit */
    uint64_t *addr_mem_q;
    rx_meta_t *wbm_mem_q;
    unsigned fstate_q;
    bool fetch_drop_q;
    uint64_t req_addr_q;
    uint16_t req_len_q;
    bool fr_active_q, fr_drain_q, nb_counted_q;
    rx_meta_t fr_meta_q;
    uint16_t fr_left_q;
    unsigned ch_q;
    uint64_t w_addr_q;
    uint16_t w_len_q, w_beats_q;
    bool w_eop_q;
    bool flush_active_q;
    uint32_t flush_left_q;
    bool frame_written_q, flush_done_q, no_buffer_q, rxdmt0_q;
};

/* ---- rx_intr_delay, intr_ctrl ------------------------------------------------ */
struct rx_intr_delay {
    struct interval_timer rdtr, radv;
};
struct intr_ctrl {
    uint32_t icr_q, ims_q;
    bool asserted_q, msi_q;
    struct interval_timer itr;
};

/* ---- the signals between the blocks for one edge --------------------------- */
struct twin_wires {
    uint32_t advance; /* cycles this edge counts (skip) */
    /* nic_csr */
    bool mmio_req_ready, wr, rd, rdh_we, rdt_we, icr_we, ics_we, ims_we, imc_we, icr_rd, fpd, lsc;
    uint32_t rd_data; /* the register an accepted read samples */
    /* rx_dma */
    bool fetch_go, wb_go, data_go, frame_start, want_desc, none_left;
    bool dmaw_valid, dmaw_last, rd_ready, beat, data_beat, wb_beat, rsp_beat;
    uint16_t fetch_n, wb_n, blen, ring_n, host_avail;
    uint64_t ring_base;
    uint32_t wthr, pending_d;
    bool dma_idle;
    /* rx_fifo */
    bool keep, drop, wr_en, rd_en, ovf_now, meta_pop, word_taken, last_taken, rd_word_last;
    uint32_t base, used_now;
    bool meta_valid, fifo_still;
    /* rx_intr_delay */
    bool rdtr_due, radv_due, flush, start_rdtr, start_radv;
    /* intr_ctrl */
    uint32_t cause;
    bool gate_due, asserted_d, assert_edge, msi_d;
    /* mac_rx */
    bool mac_idle;
};

struct nic_twin {
    unsigned data_w;
    uint64_t clk_period_ps;
    struct nic_csr csr;
    struct mac_rx mac;
    struct mac_stats stats;
    struct rx_fifo fifo;
    struct rx_dma dma;
    struct rx_intr_delay delay;
    struct intr_ctrl intr;
    struct nic_port_inputs in; /* as last settled */
    struct twin_wires w;
    /* A frame taken whole (nic_twin_take_frame): its next byte, and whether
     * the edge last settled had one of its words on the wire port. */
    uint8_t *frame;
    uint32_t frame_len, frame_cap, frame_pos;
    bool frame_word;
};

/* Per block: reset (the RTL's reset branch), comb (its wires), next (its edge). */
void nic_csr_reset(struct nic_csr *c, bool hard);
void nic_csr_comb(const struct nic_twin *t, struct twin_wires *w);
void nic_csr_read(const struct nic_twin *t, struct twin_wires *w);
void nic_csr_next(struct nic_csr *c, const struct nic_port_inputs *in, const struct twin_wires *w);

void mac_stats_reset(struct mac_stats *s);
bool mac_stats_read(const struct mac_stats *s, uint32_t addr, uint32_t *data);
void mac_stats_next(struct mac_stats *s, const struct mac_rx *mac, bool missed, bool no_buffer, bool rd_en,
                    uint32_t rd_addr);

void mac_rx_reset(struct mac_rx *m);
bool mac_rx_idle(const struct mac_rx *m);
rx_meta_t mac_rx_wr_meta(const struct mac_rx *m);
void mac_rx_next(struct mac_rx *m, const struct nic_csr *csr, const struct nic_port_inputs *in);

void rx_byte_packer_reset(struct rx_byte_packer *p);
bool rx_byte_packer_idle(const struct rx_byte_packer *p);
void rx_byte_packer_next(struct rx_byte_packer *p, bool in_valid, const uint8_t *in_data, unsigned in_bytes,
                         bool in_retract, bool in_last);

void rx_csum_offload_reset(struct rx_csum_offload *c);
void rx_csum_offload_next(struct rx_csum_offload *c, const struct nic_csr *csr, bool in_start, bool in_valid,
                          const uint8_t *in_data, unsigned in_bytes, uint32_t in_off, const uint8_t *hdr,
                          bool end_i, uint32_t len_i);

struct mac_addr_verdict {
    bool accept, pif, bcast, mcast;
};
struct mac_addr_verdict mac_addr_filter(const uint8_t *da, const struct nic_csr *csr);

int rx_fifo_init(struct rx_fifo *f, uint32_t fifo_bytes);
void rx_fifo_free(struct rx_fifo *f);
void rx_fifo_reset(struct rx_fifo *f, uint32_t size_bytes);
void rx_fifo_comb(const struct nic_twin *t, struct twin_wires *w);
void rx_fifo_ram_next(struct rx_fifo *f, const struct mac_rx *mac, const struct twin_wires *w);
void rx_fifo_next(struct rx_fifo *f, const struct mac_rx *mac, const struct twin_wires *w);

int rx_dma_init(struct rx_dma *d, uint32_t desc_cache);
void rx_dma_free(struct rx_dma *d);
void rx_dma_reset(struct rx_dma *d);
void rx_dma_comb(const struct nic_twin *t, struct twin_wires *w);
void rx_dma_data(const struct nic_twin *t, struct nic_port_outputs *out);
void rx_dma_next(struct rx_dma *d, const struct nic_twin *t, const struct twin_wires *w);

void rx_intr_delay_init(struct rx_intr_delay *d, uint64_t clk_period_ps);
void rx_intr_delay_reset(struct rx_intr_delay *d);
void rx_intr_delay_comb(const struct nic_twin *t, struct twin_wires *w);
void rx_intr_delay_next(struct rx_intr_delay *d, const struct nic_csr *csr, const struct twin_wires *w);
uint32_t rx_intr_delay_remaining(const struct rx_intr_delay *d);

void intr_ctrl_init(struct intr_ctrl *c, uint64_t clk_period_ps);
void intr_ctrl_reset(struct intr_ctrl *c);
void intr_ctrl_comb(const struct nic_twin *t, struct twin_wires *w);
void intr_ctrl_next(struct intr_ctrl *c, const struct nic_csr *csr, const struct nic_port_inputs *in,
                    const struct twin_wires *w);

#endif
