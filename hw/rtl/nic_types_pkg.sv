`default_nettype none

// Types shared by the receive datapath blocks.
package nic_types_pkg;

  // Per-frame results the MAC hands through the FIFO to the DMA engine. The
  // packing equals bytes 8..15 of the legacy receive descriptor (length, csum,
  // status, errors, special), so the write-back is {meta, buffer address}.
  // DD and EOP stay 0 here: the DMA engine sets them per descriptor.
  typedef struct packed {
    logic [15:0] special;  // VLAN TCI when status.VP
    logic [7:0]  errors;   // CE, TCPE, IPE
    logic [7:0]  status;   // IXSM, VP, TCPCS, IPCS, PIF
    logic [15:0] csum;     // packet checksum from RXCSUM.PCSS
    logic [15:0] length;   // bytes for host memory (FCS included unless RCTL.SECRC)
  } rx_meta_t;

endpackage

`default_nettype wire
