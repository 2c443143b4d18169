/* Parameters of the PCIe link between the NIC and the host, with defaults for
 * a Gen3 x8 link. A plain C struct so the command line can override any field.
 * Sources of the defaults and the timing formulas: docs/PLATFORM.md. */
#ifndef RXSIM_PCIE_PARAMS_H
#define RXSIM_PCIE_PARAMS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct pcie_params {
    /* Physical layer. */
    uint32_t rate_mts;         /* transfers per second per lane, in MT/s (Gen3: 8000) */
    uint32_t lanes;            /* link width (x8: 8) */
    uint32_t enc_data_bits;    /* line code: enc_data_bits of every enc_block_bits carry data */
    uint32_t enc_block_bits;   /* (Gen3 128b/130b: 128 and 130) */
    uint32_t dllp_overhead_ppm; /* share of link time taken by ACK and flow-control DLLPs and
                                   SKP ordered sets, in parts per million (0 = none) */

    /* Transaction and data link layers: bytes each TLP carries besides its payload. */
    uint32_t tlp_framing_bytes; /* framing token, sequence number, LCRC */
    uint32_t mem_header_bytes;  /* memory request and message header, 64-bit address */
    uint32_t cpl_header_bytes;  /* completion header */

    uint32_t mps;  /* Max Payload Size: largest write or completion payload */
    uint32_t mrrs; /* Max Read Request Size */
    uint32_t rcb;  /* Read Completion Boundary: completions split on multiples of it */

    /* Fixed latencies, in picoseconds, on top of serialization on the link. */
    uint64_t dma_read_latency_ps;   /* read request has left the link -> completions ready */
    uint64_t write_latency_ps;      /* write's last TLP has left the link -> data in memory */
    uint64_t mmio_read_rtt_ps;      /* MMIO read round trip, split evenly between the legs */
    uint64_t mmio_write_latency_ps; /* posted MMIO write has left the link -> device sees it */
    uint64_t mmio_write_issue_ps;   /* CPU time to issue one posted MMIO write */
    uint64_t msi_latency_ps;        /* MSI write has left the link -> CPU interrupted */
    uint64_t intx_latency_ps;       /* INTx assert/deassert message has left the link -> CPU */

    /* Where interrupts land in the bus address space (routed to the interrupt controller,
       not to memory). */
    uint64_t msi_addr;  /* MSI: 4-byte posted write of the message data */
    uint64_t intx_addr; /* INTx: 1-byte write of the level (1 assert, 0 deassert) */
};

/* Gen3 x8, MPS 256, MRRS 512, RCB 64 and the latencies documented in PLATFORM.md. */
struct pcie_params pcie_params_default(void);

/* NULL when the parameters are usable, else a message naming the bad field. */
const char *pcie_params_check(const struct pcie_params *p);

#ifdef __cplusplus
}
#endif

#endif
