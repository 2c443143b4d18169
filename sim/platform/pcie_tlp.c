#include "pcie_tlp.h"

uint32_t pcie_tlp_chunk(uint64_t addr, uint64_t left, uint32_t max_bytes, uint32_t boundary)
{
    uint64_t end = addr + max_bytes;
    if (boundary > 1 && end % boundary != 0)
        end -= end % boundary; /* still > addr because max_bytes >= boundary */
    uint64_t page_end = (addr / PCIE_TLP_PAGE + 1) * PCIE_TLP_PAGE;
    if (end > page_end)
        end = page_end;
    if (end > addr + left)
        end = addr + left;
    return (uint32_t)(end - addr);
}

uint32_t pcie_mem_write_bytes(const struct pcie_params *p, uint32_t payload)
{
    return p->tlp_framing_bytes + p->mem_header_bytes + payload;
}

uint32_t pcie_mem_read_bytes(const struct pcie_params *p)
{
    return p->tlp_framing_bytes + p->mem_header_bytes;
}

uint32_t pcie_completion_bytes(const struct pcie_params *p, uint32_t payload)
{
    return p->tlp_framing_bytes + p->cpl_header_bytes + payload;
}

uint32_t pcie_message_bytes(const struct pcie_params *p)
{
    return p->tlp_framing_bytes + p->mem_header_bytes;
}

uint64_t pcie_tlp_ps(const struct pcie_params *p, uint32_t link_bytes)
{
    /* 128-bit: the numerator passes 2^64 for a few kilobytes. */
    unsigned __int128 num = (unsigned __int128)link_bytes * 8u * p->enc_block_bits *
                            1000000u * 1000000u;
    unsigned __int128 den = (unsigned __int128)p->enc_data_bits * p->lanes * p->rate_mts *
                            (1000000u - p->dllp_overhead_ppm);
    return (uint64_t)((num + den - 1) / den);
}
