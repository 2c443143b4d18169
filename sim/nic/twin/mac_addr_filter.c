/* mac_addr_filter (hw/rtl/mac_addr_filter.sv): broadcast under RCTL.BAM, the
 * exact RAL/RAH entries, unicast promiscuous (UPE), multicast promiscuous
 * (MPE) or the MTA hash chosen by RCTL.MO. PIF: passed by an inexact filter
 * only. */
#include "twin_blocks.h"

struct mac_addr_verdict mac_addr_filter(const uint8_t *da, const struct nic_csr *csr)
{
    struct mac_addr_verdict v = {false, false, false, false};
    uint64_t addr = 0;
    for (int i = 5; i >= 0; --i)
        addr = addr << 8 | da[i];
    const uint32_t rctl = csr->rctl_q;
    const bool upe = rctl & NIC_RCTL_UPE_MASK, mpe = rctl & NIC_RCTL_MPE_MASK, bam = rctl & NIC_RCTL_BAM_MASK;
    const unsigned mo = (rctl & NIC_RCTL_MO_MASK) >> NIC_RCTL_MO_SHIFT;
    const unsigned d4 = da[4], d5 = da[5];
    unsigned hash;
    switch (mo) {
    case 0: hash = d5 << 4 | d4 >> 4; break;
    case 1: hash = (d5 & 0x7f) << 5 | d4 >> 3; break;
    case 2: hash = (d5 & 0x3f) << 6 | d4 >> 2; break;
    default: hash = (d5 & 0x0f) << 8 | d4; break;
    }
    bool exact = false;
    for (unsigned i = 0; i < NIC_RAL_COUNT; ++i)
        exact = exact || (csr->ra_av_q[i] && csr->ra_q[i] == addr);
    v.bcast = addr == 0xffffffffffffull;
    v.mcast = (da[0] & 1) && !v.bcast;
    const bool inexact = (!(da[0] & 1) && upe) || (v.mcast && (mpe || (csr->mta_q[hash >> 5] >> (hash & 31) & 1)));
    v.accept = (v.bcast && bam) || exact || inexact;
    v.pif = v.accept && !exact && !(v.bcast && bam);
    return v;
}
