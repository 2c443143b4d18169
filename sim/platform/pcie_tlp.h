/* TLP arithmetic: how a transfer splits into TLPs, how many bytes each TLP puts
 * on the link and how long the link needs for them. Pure functions. */
#ifndef RXSIM_PCIE_TLP_H
#define RXSIM_PCIE_TLP_H

#include <stdint.h>

#include "pcie_params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* No TLP may cross a 4 KiB address boundary (PCIe base spec). */
#define PCIE_TLP_PAGE 4096u

/* Payload bytes of the next TLP of a transfer of `left` (> 0) bytes at `addr`:
 * at most max_bytes, never across a 4 KiB boundary, and, unless it is the last
 * one, ending on a multiple of `boundary` (1: anywhere; the RCB for completions). */
uint32_t pcie_tlp_chunk(uint64_t addr, uint64_t left, uint32_t max_bytes, uint32_t boundary);

/* Link bytes of one TLP. */
uint32_t pcie_mem_write_bytes(const struct pcie_params *p, uint32_t payload);
uint32_t pcie_mem_read_bytes(const struct pcie_params *p);
uint32_t pcie_completion_bytes(const struct pcie_params *p, uint32_t payload);
uint32_t pcie_message_bytes(const struct pcie_params *p);

/* Picoseconds the link needs for one TLP of link_bytes, rounded up:
 * ceil(link_bytes * 8 * enc_block * 1e12 / (enc_data * lanes * rate_mts * (1e6 - ppm))). */
uint64_t pcie_tlp_ps(const struct pcie_params *p, uint32_t link_bytes);

#ifdef __cplusplus
}
#endif

#endif
