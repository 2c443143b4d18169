`default_nettype none

// The verdict mac_rx gives every wire frame, handed to mac_stats. Each frame
// gets exactly one class, so each lands in exactly one statistics counter.
package mac_rx_pkg;

  typedef enum logic [3:0] {
    RX_GOOD,       // passed every check and the address filter: GPRC (+ BPRC/MPRC, PRCxx, GORC)
    RX_CRC_ERR,    // legal length, bad FCS: CRCERRS
    RX_UNDERSIZE,  // < 64 bytes, good FCS: RUC
    RX_FRAGMENT,   // < 64 bytes, bad FCS: RFC
    RX_OVERSIZE,   // longer than the maximum, good FCS: ROC
    RX_JABBER,     // longer than the maximum, bad FCS: RJC
    RX_SEQ_ERR,    // malformed preamble/SFD: RXERRC (and ICR.RXSEQ)
    RX_FILTERED,   // good frame missed by the destination filter: XFLTC
    RX_DISABLED    // RCTL.EN clear when the frame started: XDISC
  } rx_class_e;

endpackage

`default_nettype wire
