/* mac_rx (hw/rtl/mac_rx.sv): the wire word registered first; preamble/SFD,
 * FCS, length and destination checks; the 802.1Q strip under CTRL.VME; the
 * verdict one cycle after the frame's last word was registered, out the
 * cycle after (stats event, rxseq, FIFO metadata and commit). Its eth_crc32
 * (the FCS register, not complemented) is sim/trace's. */
#include <string.h>

#include "eth_fcs.h"
#include "twin_blocks.h"

enum { ST_IDLE, ST_PREAMBLE, ST_DATA, ST_DROP };
#define PRE_BYTES 8u

void mac_rx_reset(struct mac_rx *m)
{
    const unsigned n = m->n;
    struct rx_byte_packer p = m->packer;
    struct rx_csum_offload c = m->csum;
    memset(m, 0, sizeof *m);
    m->n = n;
    m->crc_q = 0xffffffffu;
    m->state_q = ST_IDLE;
    m->ev_class_q = RX_GOOD;
    m->packer = p;
    m->csum = c;
    rx_byte_packer_reset(&m->packer);
    rx_csum_offload_reset(&m->csum);
}

bool mac_rx_idle(const struct mac_rx *m)
{
    return !m->in_valid_q && m->state_q == ST_IDLE && !m->end_q && !m->ev_frame_q && rx_byte_packer_idle(&m->packer);
}

rx_meta_t mac_rx_wr_meta(const struct mac_rx *m)
{
    const struct rx_csum_offload *c = &m->csum;
    const uint8_t status = (uint8_t)((c->ixsm ? NIC_RXD_STATUS_IXSM_MASK : 0) | (m->vp_q ? NIC_RXD_STATUS_VP_MASK : 0) |
                                     (c->tcpcs ? NIC_RXD_STATUS_TCPCS_MASK : 0) | (c->ipcs ? NIC_RXD_STATUS_IPCS_MASK : 0) |
                                     (m->pif_q ? NIC_RXD_STATUS_PIF_MASK : 0));
    const uint8_t errors = (uint8_t)((m->ce_q ? NIC_RXD_ERRORS_CE_MASK : 0) | (c->tcpe ? NIC_RXD_ERRORS_TCPE_MASK : 0) |
                                     (c->ipe ? NIC_RXD_ERRORS_IPE_MASK : 0));
    return (rx_meta_t)m->special_q << 48 | (rx_meta_t)errors << META_ERRORS_SHIFT | (rx_meta_t)status << META_STATUS_SHIFT |
           (rx_meta_t)c->csum << 16 | m->meta_len_q;
}

void mac_rx_next(struct mac_rx *m, const struct nic_csr *csr, const struct nic_port_inputs *in)
{
    const unsigned n = m->n;
    const uint32_t rctl = csr->rctl_q;

    /* The registered wire word. */
    unsigned cnt = 0;
    uint8_t data_m[8] = {0};
    if (m->in_keep_q == (1u << n) - 1) {
        cnt = n;
        memcpy(data_m, m->in_data_q, n);
    } else {
        for (unsigned i = 0; i < n; ++i)
            if (m->in_keep_q >> i & 1) {
                ++cnt;
                data_m[i] = m->in_data_q[i];
            }
    }
    const bool start = m->in_valid_q && m->in_sof_q;
    const bool in_frame = m->in_valid_q && (start || m->state_q != ST_IDLE);
    const uint32_t pos = start ? 0 : m->wire_bytes_q;
    const uint32_t foff = pos - PRE_BYTES;
    const bool pre_word = in_frame && (start || m->state_q == ST_PREAMBLE) && !(start && !m->in_rx_en_q);
    const bool data_word = in_frame && !start && m->state_q == ST_DATA;
    bool pre_bad = false;
    if (pre_word) {
        pre_bad = cnt != n;
        for (unsigned i = 0; i < n; ++i)
            if ((m->in_keep_q >> i & 1) && m->in_data_q[i] != (pos + i == 7 ? 0xD5 : 0x55))
                pre_bad = true;
    }
    unsigned state_d = m->state_q;
    if (start && !m->in_rx_en_q)
        state_d = ST_DROP;
    else if (pre_word)
        state_d = pre_bad ? ST_DROP : pos + n == PRE_BYTES ? ST_DATA : ST_PREAMBLE;
    if (in_frame && m->in_eof_q)
        state_d = ST_IDLE;

    /* 802.1Q strip, decided at the word holding frame byte 15. */
    const uint8_t b12 = n >= 4 ? m->in_data_q[n - 4] : m->hdr_q[12];
    const uint8_t b13 = n >= 4 ? m->in_data_q[n - 3] : m->hdr_q[13];
    const bool strip_now = data_word && foff == 16 - n && cnt == n && (csr->ctrl_q & NIC_CTRL_VME_MASK) &&
                           b12 == 0x81 && b13 == 0x00;

    /* The verdict of the frame whose last word was registered a cycle ago. */
    const uint32_t len = m->wire_bytes_q >= PRE_BYTES ? m->wire_bytes_q - PRE_BYTES : 0;
    if (m->end_q) {
        const struct mac_addr_verdict f = mac_addr_filter(m->hdr_q, csr);
        const bool crc_ok = m->crc_q == 0xDEBB20E3u;
        const bool vlan_tagged = len >= 14 && m->hdr_q[12] == 0x81 && m->hdr_q[13] == 0x00;
        const uint32_t max_len = (rctl & NIC_RCTL_LPE_MASK) ? 16384 : vlan_tagged ? 1522 : 1518;
        const unsigned vid = (m->hdr_q[14] & 0xfu) << 8 | m->hdr_q[15];
        const bool vlan_pass = !(rctl & NIC_RCTL_VFE_MASK) || !vlan_tagged || (csr->vfta_q[vid >> 5] >> (vid & 31) & 1);
        bool commit = false;
        unsigned cls;
        if (m->disabled_q)
            cls = RX_DISABLED;
        else if (m->badpre_q)
            cls = RX_SEQ_ERR;
        else if (len < 64)
            cls = crc_ok ? RX_UNDERSIZE : RX_FRAGMENT;
        else if (len > max_len)
            cls = crc_ok ? RX_OVERSIZE : RX_JABBER;
        else if (!crc_ok) {
            cls = RX_CRC_ERR;
            commit = (rctl & NIC_RCTL_SBP_MASK) && f.accept && vlan_pass;
        } else if (!f.accept || !vlan_pass)
            cls = RX_FILTERED;
        else {
            cls = RX_GOOD;
            commit = true;
        }
        m->rxseq_q = cls == RX_SEQ_ERR;
        m->meta_len_q = (uint16_t)(len - (m->strip_q ? 4 : 0) - ((rctl & NIC_RCTL_SECRC_MASK) ? 4 : 0));
        m->special_q = m->strip_q ? (uint16_t)(m->hdr_q[14] << 8 | m->hdr_q[15]) : 0;
        m->commit_q = commit;
        m->ce_q = !crc_ok;
        m->vp_q = m->strip_q;
        m->pif_q = f.pif;
        m->ev_class_q = cls;
        m->ev_bytes_q = len;
        m->ev_bcast_q = f.bcast;
        m->ev_mcast_q = f.mcast;
    } else {
        m->rxseq_q = false;
    }
    m->ev_frame_q = m->end_q;

    /* The parts, with this edge's inputs and the header as it was. */
    rx_byte_packer_next(&m->packer, data_word, data_m, cnt, strip_now, m->in_eof_q);
    rx_csum_offload_next(&m->csum, csr, start, data_word, data_m, cnt, foff, m->hdr_q, m->end_q, len);

    const bool eof = m->in_eof_q;
    const bool rx_en_q = m->in_rx_en_q;
    m->state_q = state_d;
    m->end_q = in_frame && eof;
    if (in_frame)
        m->wire_bytes_q = pos + cnt;
    if (start) {
        m->disabled_q = !rx_en_q;
        m->badpre_q = false;
        m->strip_q = false;
        m->crc_q = 0xffffffffu;
        memset(m->hdr_q, 0, sizeof m->hdr_q);
    }
    if (pre_word && (pre_bad || (eof && pos + n < PRE_BYTES)))
        m->badpre_q = true;
    if (data_word) {
        m->crc_q = eth_crc32_update(m->crc_q, data_m, cnt);
        if (foff < HDR_BYTES)
            memcpy(m->hdr_q + foff, data_m, n);
    }
    if (strip_now)
        m->strip_q = true;

    /* The wire word for the next edge. */
    m->in_valid_q = in->wire_valid;
    if (in->wire_valid) {
        m->in_sof_q = in->wire_sof;
        m->in_eof_q = in->wire_eof;
        m->in_rx_en_q = rctl & NIC_RCTL_EN_MASK;
        for (unsigned i = 0; i < n; ++i)
            m->in_data_q[i] = (uint8_t)(in->wire_data >> (8 * i));
        m->in_keep_q = (uint8_t)(in->wire_keep & ((1u << n) - 1));
    }
}
