#include "pcie_params.h"

struct pcie_params pcie_params_default(void)
{
    return (struct pcie_params){
        .rate_mts = 8000,
        .lanes = 8,
        .enc_data_bits = 128,
        .enc_block_bits = 130,
        /* pcie-bench's Gen3 x8, MPS 256 figures: one 8-byte ACK and one 8-byte FC
           update per 203 bytes (PCIe spec tables) plus a 4-byte SKP per 1538. */
        .dllp_overhead_ppm = 81419,
        .tlp_framing_bytes = 8,
        .mem_header_bytes = 16,
        .cpl_header_bytes = 12,
        .mps = 256,
        .mrrs = 512,
        .rcb = 64,
        .dma_read_latency_ps = 500000,
        .write_latency_ps = 250000,
        .mmio_read_rtt_ps = 1000000,
        .mmio_write_latency_ps = 500000,
        .mmio_write_issue_ps = 100000,
        .msi_latency_ps = 250000,
        .intx_latency_ps = 500000,
        .msi_addr = 0xFEE00000u,
        .intx_addr = 0xFEC00000u,
    };
}

static int power_of_two_in(uint32_t v, uint32_t lo, uint32_t hi)
{
    return v >= lo && v <= hi && (v & (v - 1)) == 0;
}

const char *pcie_params_check(const struct pcie_params *p)
{
    if (p->rate_mts == 0)
        return "rate_mts must be > 0";
    if (p->lanes == 0 || p->lanes > 32)
        return "lanes must be 1..32";
    if (p->enc_data_bits == 0 || p->enc_data_bits > p->enc_block_bits)
        return "enc_data_bits must be 1..enc_block_bits";
    if (p->dllp_overhead_ppm >= 1000000)
        return "dllp_overhead_ppm must be < 1000000";
    if (!power_of_two_in(p->mps, 128, 4096))
        return "mps must be a power of two, 128..4096";
    if (!power_of_two_in(p->mrrs, 128, 4096))
        return "mrrs must be a power of two, 128..4096";
    if (!power_of_two_in(p->rcb, 64, 128) || p->rcb > p->mps)
        return "rcb must be 64 or 128 and <= mps";
    if (p->msi_addr == p->intx_addr)
        return "msi_addr and intx_addr must differ";
    return 0;
}
