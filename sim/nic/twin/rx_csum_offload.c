/* rx_csum_offload (hw/rtl/rx_csum_offload.sv): the IPv4 header checksum, the
 * TCP/UDP checksum over IPv4 and the packet checksum from RXCSUM.PCSS, summed
 * as the bytes stream by (plain integers, folded at the end), evaluated the
 * cycle the frame has ended, with the RTL's range bounds. */
#include <string.h>

#include "twin_blocks.h"

static uint8_t hbyte(const uint8_t *hdr, unsigned k) { return hdr[k & 127u]; }
static uint16_t hword(const uint8_t *hdr, unsigned k) { return (uint16_t)(hbyte(hdr, k) << 8 | hbyte(hdr, k + 1)); }

static uint16_t fold(uint32_t s)
{
    uint32_t t = (s & 0xffff) + (s >> 16);
    t = (t & 0xffff) + (t >> 16);
    return (uint16_t)t;
}

static uint32_t max32(uint32_t a, uint32_t b) { return a > b ? a : b; }

void rx_csum_offload_reset(struct rx_csum_offload *c)
{
    c->pcss_sum_q = c->ip14_sum_q = c->ip18_sum_q = c->l4_sum_q = c->tail_q = 0;
    c->ixsm = true;
    c->ipcs = c->tcpcs = c->ipe = c->tcpe = false;
    c->csum = 0;
}

struct word_sums {
    const uint8_t *data;
    unsigned n;
    uint32_t off, end, even, odd;
};

/* The word's bytes at frame offsets [from, to), as halves of 16-bit words:
 * high at even offsets (hi_even) or at odd ones. */
static uint32_t range_sum(const struct word_sums *ws, uint32_t from, uint32_t to, bool hi_even)
{
    if (ws->off >= from && ws->end <= to)
        return hi_even ? ((ws->even & 0xffffff) << 8) + ws->odd : ((ws->odd & 0xffffff) << 8) + ws->even;
    uint32_t s = 0;
    if (ws->end > from && ws->off < to) {
        for (unsigned i = 0; i < ws->n; ++i) {
            const uint32_t k = ws->off + i;
            if (k >= from && k < to)
                s += ((k & 1) != hi_even) ? (uint32_t)ws->data[i] << 8 : ws->data[i];
        }
    }
    return s;
}

void rx_csum_offload_next(struct rx_csum_offload *c, const struct nic_csr *csr, bool in_start, bool in_valid,
                          const uint8_t *in_data, unsigned in_bytes, uint32_t in_off, const uint8_t *hdr,
                          bool end_i, uint32_t len_i)
{
    const unsigned n = c->in_bytes_max;
    const uint8_t pcss = (uint8_t)((csr->rxcsum_q & NIC_RXCSUM_PCSS_MASK) >> NIC_RXCSUM_PCSS_SHIFT);
    const bool ipofld = csr->rxcsum_q & NIC_RXCSUM_IPOFLD_MASK, tuofld = csr->rxcsum_q & NIC_RXCSUM_TUOFLD_MASK;

    const bool vlan_tagged = hbyte(hdr, 12) == 0x81 && hbyte(hdr, 13) == 0x00;
    const unsigned ip_off = vlan_tagged ? 18 : 14;
    const unsigned hlen14 = (hdr[14] & 0xfu) << 2, hlen18 = (hdr[18] & 0xfu) << 2;
    const unsigned hlen = vlan_tagged ? hlen18 : hlen14;
    const unsigned l4_off = (ip_off + hlen) & 127u;
    const uint32_t ip_end = ip_off + hword(hdr, ip_off + 2);

    if (end_i) {
        const uint32_t flen = len_i >= 4 ? len_i - 4 : 0;
        const uint8_t vihl = hbyte(hdr, ip_off), proto = hbyte(hdr, ip_off + 9);
        const uint16_t tot_len = hword(hdr, ip_off + 2);
        const uint16_t l4_len = (uint16_t)(tot_len - hlen);
        const unsigned flags = hbyte(hdr, ip_off + 6) & 0x3fu;
        const bool frag = (flags & 0x20) || (((flags & 0x1fu) << 8 | hbyte(hdr, ip_off + 7)) != 0);
        const bool ip_ok = hword(hdr, ip_off - 2) == 0x0800 && (vihl >> 4) == 4 && (vihl & 0xf) >= 5 &&
                           ip_off + hlen <= flen;
        const bool l4_ok = ip_ok && (proto == 6 || proto == 17) && !frag && tot_len >= hlen &&
                           ip_off + (uint32_t)tot_len <= flen && (proto == 6 || l4_len >= 8);
        const bool udp_nocsum = proto == 17 && hword(hdr, l4_off + 6) == 0;
        const uint32_t ip_sum = vlan_tagged ? c->ip18_sum_q : c->ip14_sum_q;
        const uint32_t l4_sum = c->l4_sum_q + hword(hdr, ip_off + 12) + hword(hdr, ip_off + 14) +
                                hword(hdr, ip_off + 16) + hword(hdr, ip_off + 18) + proto + l4_len;
        uint32_t fcs_sum = 0;
        for (unsigned j = 0; j < 4; ++j) {
            const uint8_t b = (uint8_t)(c->tail_q >> (8 * j));
            if (len_i >= 4 && flen + j >= pcss)
                fcs_sum += (((flen ^ j) & 1) == (pcss & 1u)) ? (uint32_t)b << 8 : b;
        }
        c->ipcs = ipofld && ip_ok;
        c->ipe = ipofld && ip_ok && fold(ip_sum) != 0xffff;
        c->tcpcs = tuofld && l4_ok && !udp_nocsum;
        c->tcpe = tuofld && l4_ok && !udp_nocsum && fold(l4_sum) != 0xffff;
        c->ixsm = !(ipofld && ip_ok) && !(tuofld && l4_ok && !udp_nocsum);
        c->csum = fold(c->pcss_sum_q - fcs_sum);
    }

    if (in_start) {
        c->pcss_sum_q = c->ip14_sum_q = c->ip18_sum_q = c->l4_sum_q = c->tail_q = 0;
        return;
    }
    if (!in_valid)
        return;
    struct word_sums ws = {in_data, n, in_off, in_off + n, 0, 0};
    for (unsigned i = 0; i < n; ++i) {
        if ((in_off & 1) != (i & 1))
            ws.odd += in_data[i];
        else
            ws.even += in_data[i];
    }
    c->pcss_sum_q += range_sum(&ws, pcss, 0xffffffffu, !(pcss & 1));
    c->ip14_sum_q += range_sum(&ws, 14, max32(14 + hlen14, 34), true);
    c->ip18_sum_q += range_sum(&ws, 18, max32(18 + hlen18, 38), true);
    c->l4_sum_q += range_sum(&ws, max32(l4_off, vlan_tagged ? 38 : 34), ip_end, true);
    /* The last four bytes seen: {in_data, tail} >> in_bytes bytes (the word
     * as a little-endian integer, n <= 8 bytes). */
    uint64_t d = 0;
    memcpy(&d, in_data, n);
    if (in_bytes >= 4)
        c->tail_q = (uint32_t)(d >> (8 * (in_bytes - 4)));
    else
        c->tail_q = (uint32_t)(((uint64_t)c->tail_q | d << 32) >> (8 * in_bytes));
}
