/* mac_stats (hw/rtl/mac_stats.sv): the receive statistics registers, 32-bit
 * read-to-clear counters; GORC and TOR 64-bit, cleared by a read of the high
 * half. An event in the cycle of a read counts after the clear. */
#include "twin_blocks.h"

static int counter_of(uint32_t addr)
{
    switch (addr) {
    case NIC_CRCERRS: return C_CRCERRS;
    case NIC_RXERRC: return C_RXERRC;
    case NIC_MPC: return C_MPC;
    case NIC_PRC64: return C_PRC64;
    case NIC_PRC127: return C_PRC127;
    case NIC_PRC255: return C_PRC255;
    case NIC_PRC511: return C_PRC511;
    case NIC_PRC1023: return C_PRC1023;
    case NIC_PRC1522: return C_PRC1522;
    case NIC_GPRC: return C_GPRC;
    case NIC_BPRC: return C_BPRC;
    case NIC_MPRC: return C_MPRC;
    case NIC_RNBC: return C_RNBC;
    case NIC_RUC: return C_RUC;
    case NIC_RFC: return C_RFC;
    case NIC_ROC: return C_ROC;
    case NIC_RJC: return C_RJC;
    case NIC_TPR: return C_TPR;
    case NIC_XFLTC: return C_XFLTC;
    case NIC_XDISC: return C_XDISC;
    default: return -1;
    }
}

void mac_stats_reset(struct mac_stats *s)
{
    for (int i = 0; i < C_NUM; ++i)
        s->cnt_q[i] = 0;
    s->gorc_q = s->tor_q = 0;
}

bool mac_stats_read(const struct mac_stats *s, uint32_t addr, uint32_t *data)
{
    switch (addr) {
    case NIC_GORCL: *data = (uint32_t)s->gorc_q; return true;
    case NIC_GORCH: *data = (uint32_t)(s->gorc_q >> 32); return true;
    case NIC_TORL: *data = (uint32_t)s->tor_q; return true;
    case NIC_TORH: *data = (uint32_t)(s->tor_q >> 32); return true;
    default: break;
    }
    const int i = counter_of(addr);
    *data = i < 0 ? 0 : s->cnt_q[i];
    return i >= 0;
}

static int class_counter(unsigned cls)
{
    switch (cls) {
    case RX_GOOD: return C_GPRC;
    case RX_CRC_ERR: return C_CRCERRS;
    case RX_UNDERSIZE: return C_RUC;
    case RX_FRAGMENT: return C_RFC;
    case RX_OVERSIZE: return C_ROC;
    case RX_JABBER: return C_RJC;
    case RX_SEQ_ERR: return C_RXERRC;
    case RX_FILTERED: return C_XFLTC;
    default: return C_XDISC;
    }
}

static int size_bucket(uint32_t bytes)
{
    if (bytes <= 64) return C_PRC64;
    if (bytes <= 127) return C_PRC127;
    if (bytes <= 255) return C_PRC255;
    if (bytes <= 511) return C_PRC511;
    if (bytes <= 1023) return C_PRC1023;
    return C_PRC1522;
}

void mac_stats_next(struct mac_stats *s, const struct mac_rx *mac, bool missed, bool no_buffer, bool rd_en,
                    uint32_t rd_addr)
{
    const bool ev_frame = mac->ev_frame_q;
    if (!(rd_en || ev_frame || missed || no_buffer))
        return;
    const bool good = ev_frame && mac->ev_class_q == RX_GOOD;
    if (rd_en) {
        const int i = counter_of(rd_addr);
        if (i >= 0)
            s->cnt_q[i] = 0;
    }
    s->cnt_q[C_MPC] += missed;
    s->cnt_q[C_RNBC] += no_buffer;
    if (ev_frame) {
        ++s->cnt_q[C_TPR];
        ++s->cnt_q[class_counter(mac->ev_class_q)];
        if (good) {
            s->cnt_q[C_BPRC] += mac->ev_bcast_q;
            s->cnt_q[C_MPRC] += mac->ev_mcast_q;
            ++s->cnt_q[size_bucket(mac->ev_bytes_q)];
        }
    }
    s->gorc_q = (rd_en && rd_addr == NIC_GORCH ? 0 : s->gorc_q) + (good ? mac->ev_bytes_q : 0);
    s->tor_q = (rd_en && rd_addr == NIC_TORH ? 0 : s->tor_q) + (ev_frame ? mac->ev_bytes_q : 0);
}
